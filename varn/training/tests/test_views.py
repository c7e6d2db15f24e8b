import datetime
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from varn.factories import PartnerFactory, TargetGroupFactory, UnitFactory
from varn.training.models import Course, TrainingEffort, TrainingTarget, UnionTrainingOffer

from .factories import CourseFactory, TrainingEffortFactory, TrainingTargetFactory, UnionTrainingOfferFactory


def url(cast, name, *args):
    return reverse(f"training:{name}", args=[cast.slug, *args])


@pytest.fixture
def setup(cast):
    course = CourseFactory(municipality=cast.municipality, name="Webbkurs om våld i nära relationer")
    group = TargetGroupFactory(municipality=cast.municipality, name="Medarbetare")
    unions = TargetGroupFactory(municipality=cast.municipality, name="Fackliga parter")
    TrainingTargetFactory(program=cast.program)
    TrainingEffortFactory(
        program=cast.program,
        course=course,
        unit=cast.unit,
        target_group=group,
        participants=60,
        target_population=100,
    )
    TrainingEffortFactory(
        program=cast.program,
        course=course,
        unit=None,
        partner=cast.partner,
        target_group=unions,
        participants=8,
        target_population=10,
    )
    return {"course": course, "group": group, "unions": unions}


def effort_data(cast, setup, **changes):
    data = {
        "program": cast.program.pk,
        "organisation": f"unit:{cast.unit.pk}",
        "course": setup["course"].pk,
        "target_group": setup["group"].pk,
        "year": "2026",
        "start_date": "",
        "end_date": "",
        "sessions": "2",
        "participants": "30",
        "target_population": "100",
        "note": "",
    }
    data.update(changes)
    return data


# Coverage


@pytest.mark.parametrize("role", ["coordinator", "unit_editor", "partner_user", "viewer"])
def test_every_role_of_the_municipality_reads_the_coverage(cast, setup, role):
    response = cast.client(getattr(cast, role)).get(url(cast, "coverage"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Fackliga parter" in body
    assert "60 %" in body  # Socialförvaltningen
    assert "80 %" in body  # the unions, and the target
    assert "saknas" in body  # BUF has no figures: missing, not zero
    assert 'src="data:image/svg+xml;base64,' in body
    assert "<caption>" in body


def test_an_outsider_gets_404_for_the_coverage(cast, setup):
    assert cast.client(cast.outsider).get(url(cast, "coverage")).status_code == 404
    assert cast.client(cast.outsider).get(url(cast, "coverage-export")).status_code == 404


def test_the_coverage_shows_other_levels_when_asked(cast, setup):
    deep = CourseFactory(municipality=cast.municipality, level="deepened", name="Fördjupning")
    TrainingEffortFactory(
        program=cast.program,
        course=deep,
        unit=cast.unit,
        target_group=setup["group"],
        participants=5,
        target_population=50,
    )
    response = cast.client(cast.viewer).get(url(cast, "coverage") + "?level=deepened")
    assert "Fördjupad utbildning per organisation" in response.content.decode()


def test_a_municipality_without_a_programme_sees_an_explanation(cast):
    cast.program.delete()
    response = cast.client(cast.coordinator).get(url(cast, "coverage"))
    assert response.status_code == 200
    assert "Inget program är upplagt ännu" in response.content.decode()


def _more_data(cast, setup, n):
    for i in range(n):
        unit = UnitFactory(municipality=cast.municipality)
        union = PartnerFactory(municipality=cast.municipality, union=True)
        group = TargetGroupFactory(municipality=cast.municipality)
        TrainingEffortFactory(
            program=cast.program, course=setup["course"], unit=unit, target_group=group, year=2025 + i % 2
        )
        TrainingEffortFactory(
            program=cast.program,
            course=setup["course"],
            unit=None,
            partner=union,
            target_group=setup["unions"],
        )
        UnionTrainingOfferFactory(program=cast.program, partner=union, course=setup["course"])
        TrainingTargetFactory(program=cast.program, target_group=group)


@pytest.mark.parametrize("name", ["coverage", "effort-list"])
def test_the_page_runs_the_same_number_of_queries_at_1x_and_10x_data(
    cast, setup, name, django_assert_num_queries
):
    client = cast.client(cast.coordinator)
    _more_data(cast, setup, 2)
    client.get(url(cast, name))  # warm up: sessions, translations
    with CaptureQueriesContext(connection) as once:
        assert client.get(url(cast, name)).status_code == 200
    _more_data(cast, setup, 18)
    with django_assert_num_queries(len(once.captured_queries)):
        assert client.get(url(cast, name)).status_code == 200


def test_the_coverage_download_is_an_excel_workbook_with_the_tables(cast, setup):
    response = cast.client(cast.viewer).get(url(cast, "coverage-export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(response.content))
    assert {"Om exporten", "Mål", "Per nivå", "Basutbildning", "Fackliga parter"} <= set(book.sheetnames)
    labels = [row[0].value for row in book["Basutbildning"].iter_rows()]
    assert "Fackliga parter" in labels
    assert "Barn- och ungdomsförvaltningen" in labels


# Training efforts


@pytest.mark.parametrize("role", ["coordinator", "unit_editor"])
def test_the_coordinator_and_the_unit_editor_record_training_for_the_unit(cast, setup, role):
    response = cast.client(getattr(cast, role)).post(url(cast, "effort-create"), effort_data(cast, setup))
    assert response.status_code == 302
    effort = TrainingEffort.objects.get(year=2026)
    assert effort.unit == cast.unit and effort.partner is None
    assert effort.history.first().history_user == getattr(cast, role)


def test_a_partner_records_training_for_their_own_organisation(cast, setup):
    data = effort_data(
        cast,
        setup,
        organisation=f"partner:{cast.partner.pk}",
        target_group=setup["unions"].pk,
        target_population="10",
        participants="5",
    )
    response = cast.client(cast.partner_user).post(url(cast, "effort-create"), data)
    assert response.status_code == 302
    assert TrainingEffort.objects.filter(partner=cast.partner, year=2026).exists()


@pytest.mark.parametrize(
    ("role", "organisation"),
    [("unit_editor", "other_unit"), ("partner_user", "unit")],
)
def test_no_one_but_the_coordinator_records_for_another_organisation(cast, setup, role, organisation):
    data = effort_data(cast, setup, organisation=f"unit:{getattr(cast, organisation).pk}")
    response = cast.client(getattr(cast, role)).post(url(cast, "effort-create"), data)
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not TrainingEffort.objects.filter(year=2026).exists()


def test_a_viewer_cannot_record_training(cast, setup):
    assert cast.client(cast.viewer).get(url(cast, "effort-create")).status_code == 403
    assert (
        cast.client(cast.viewer).post(url(cast, "effort-create"), effort_data(cast, setup)).status_code == 403
    )
    assert not TrainingEffort.objects.filter(year=2026).exists()


def test_an_outsider_cannot_record_training(cast, setup):
    assert (
        cast.client(cast.outsider).post(url(cast, "effort-create"), effort_data(cast, setup)).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"participants": "120"},
            "participants",
            "Antal deltagare (120) är fler än målgruppens storlek (100).",
        ),
        ({"year": "2024"}, "year", "Året ligger utanför programperioden 2025–2027."),
        (
            {"year": "", "start_date": "2024-12-01", "end_date": "2025-01-15"},
            "start_date",
            "Datumet ligger utanför programperioden 2025–2027.",
        ),
        ({"year": ""}, "year", "Ange år, eller start- och slutdatum."),
        ({"year": "", "start_date": "2025-03-01"}, "end_date", "Ange både startdatum och slutdatum."),
        (
            {"year": "", "start_date": "2025-05-01", "end_date": "2025-03-01"},
            "end_date",
            "Slutdatum kan inte vara före startdatum.",
        ),
        (
            {"year": "2025", "start_date": "2025-11-01", "end_date": "2026-01-31"},
            "year",
            "Året stämmer inte med slutdatum",
        ),
        (
            {"target_population": "0"},
            "target_population",
            "Målgruppens storlek måste vara minst 1, eller tom.",
        ),
        (
            {"participants": "-1"},
            "participants",
            "Kontrollera att detta värde är större än eller lika med 0.",
        ),
        ({"note": "Gäller 19811218-9876"}, "note", "personnummer"),
    ],
)
def test_bad_training_figures_are_refused_with_a_swedish_message_and_nothing_is_saved(
    cast, setup, changes, field, message
):
    response = cast.client(cast.coordinator).post(
        url(cast, "effort-create"), effort_data(cast, setup, **changes)
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    assert "Uppgifterna sparades inte" in response.content.decode()
    assert TrainingEffort.objects.count() == 2


def test_dates_give_the_year_the_effort_ends(cast, setup):
    data = effort_data(cast, setup, year="", start_date="2025-11-01", end_date="2026-01-31")
    assert cast.client(cast.coordinator).post(url(cast, "effort-create"), data).status_code == 302
    assert TrainingEffort.objects.get(start_date=datetime.date(2025, 11, 1)).year == 2026


def test_a_unit_editor_edits_their_own_units_figures_but_not_others(cast, setup):
    own = TrainingEffort.objects.get(unit=cast.unit)
    other = TrainingEffortFactory(
        program=cast.program, unit=cast.other_unit, course=setup["course"], target_group=setup["group"]
    )
    client = cast.client(cast.unit_editor)
    response = client.post(
        url(cast, "effort-edit", own.pk),
        effort_data(cast, setup, year="2025", participants="70", lock_version=own.lock_version),
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.participants == 70
    assert client.get(url(cast, "effort-edit", other.pk)).status_code == 403
    assert client.post(url(cast, "effort-delete", other.pk)).status_code == 403


def test_a_partner_sees_only_their_own_figures_in_the_list(cast, setup):
    response = cast.client(cast.partner_user).get(url(cast, "effort-list"))
    assert list(response.context["page"]) == list(TrainingEffort.objects.filter(partner=cast.partner))
    own_unit = TrainingEffort.objects.get(unit=cast.unit)
    assert cast.client(cast.partner_user).get(url(cast, "effort-edit", own_unit.pk)).status_code == 404


def test_the_list_can_be_filtered(cast, setup):
    response = cast.client(cast.viewer).get(
        url(cast, "effort-list") + f"?organisation=partner:{cast.partner.pk}"
    )
    assert [e.partner for e in response.context["page"]] == [cast.partner]


def test_the_coordinator_deletes_a_figure_and_the_history_keeps_it(cast, setup):
    effort = TrainingEffort.objects.get(unit=cast.unit)
    client = cast.client(cast.coordinator)
    assert client.get(url(cast, "effort-delete", effort.pk)).status_code == 200
    assert client.post(url(cast, "effort-delete", effort.pk)).status_code == 302
    assert not TrainingEffort.objects.filter(pk=effort.pk).exists()
    assert TrainingEffort.history.filter(id=effort.pk, history_type="-").exists()


def test_the_history_page_shows_who_changed_what(cast, setup):
    effort = TrainingEffort.objects.get(unit=cast.unit)
    client = cast.client(cast.coordinator)
    client.post(
        url(cast, "effort-edit", effort.pk),
        effort_data(cast, setup, year="2025", participants="65", lock_version=effort.lock_version),
    )
    response = cast.client(cast.viewer).get(url(cast, "effort-history", effort.pk))
    assert response.status_code == 200
    assert "Antal deltagare" in response.content.decode()
    assert cast.client(cast.outsider).get(url(cast, "effort-history", effort.pk)).status_code == 404


# Courses, targets and union offers


def test_the_coordinator_adds_a_course(cast):
    data = {
        "name": "Lokal basutbildning",
        "level": "basic",
        "provider": "Socialförvaltningen",
        "format": "teacher_led",
        "hours": "3",
        "violence_scopes": ["close_relationships"],
        "is_active": "on",
    }
    assert cast.client(cast.coordinator).post(url(cast, "course-create"), data).status_code == 302
    assert Course.objects.filter(name="Lokal basutbildning").exists()


@pytest.mark.parametrize("role", ["unit_editor", "partner_user", "viewer"])
def test_only_the_coordinator_manages_courses_and_targets(cast, role):
    client = cast.client(getattr(cast, role))
    assert client.get(url(cast, "course-create")).status_code == 403
    assert client.get(url(cast, "target-create")).status_code == 403
    assert client.get(url(cast, "offer-create")).status_code == 403
    assert client.get(url(cast, "course-list")).status_code == 200


def test_a_course_with_bad_hours_is_refused(cast):
    data = {
        "name": "X",
        "level": "basic",
        "provider": "Y",
        "format": "web",
        "hours": "0",
        "violence_scopes": ["honour"],
    }
    response = cast.client(cast.coordinator).post(url(cast, "course-create"), data)
    assert "Ange omfattningen i timmar" in response.content.decode()
    assert not Course.objects.exists()


def test_the_coordinator_sets_a_target_and_bad_ones_are_refused(cast):
    client = cast.client(cast.coordinator)
    data = {
        "program": cast.program.pk,
        "level": "basic",
        "share": "80",
        "deadline": "2027-12-31",
        "description": "",
    }
    assert client.post(url(cast, "target-create"), data).status_code == 302
    again = client.post(url(cast, "target-create"), data)
    assert "har redan ett mål" in again.content.decode()
    bad = client.post(
        url(cast, "target-create"), {**data, "level": "deepened", "share": "120", "deadline": "2030-01-01"}
    )
    form = bad.context["form"]
    assert "Ange en andel mellan 1 och 100 procent." in form.errors["share"]
    assert "Datumet ligger utanför programperioden 2025–2027." in form.errors["deadline"]
    assert TrainingTarget.objects.count() == 1


def test_the_coordinator_offers_basic_training_to_a_union(cast, setup):
    data = {
        "program": cast.program.pk,
        "partner": cast.partner.pk,
        "course": setup["course"].pk,
        "status": "offered",
        "offered_on": "2025-11-03",
        "accepted_on": "",
        "completed_on": "",
        "note": "",
    }
    assert cast.client(cast.coordinator).post(url(cast, "offer-create"), data).status_code == 302
    assert UnionTrainingOffer.objects.get().partner == cast.partner


def test_only_unions_can_be_offered_union_training(cast, setup):
    police = PartnerFactory(municipality=cast.municipality, name="Polisen")
    data = {
        "program": cast.program.pk,
        "partner": police.pk,
        "course": setup["course"].pk,
        "status": "offered",
        "offered_on": "2025-11-03",
    }
    response = cast.client(cast.coordinator).post(url(cast, "offer-create"), data)
    assert "partner" in response.context["form"].errors
    assert not UnionTrainingOffer.objects.exists()


def test_a_union_records_that_it_accepted_its_own_offer(cast, setup):
    offer = UnionTrainingOfferFactory(program=cast.program, partner=cast.partner, course=setup["course"])
    client = cast.client(cast.partner_user)
    response = client.post(
        url(cast, "offer-edit", offer.pk),
        {
            "status": "accepted",
            "accepted_on": "2025-11-20",
            "completed_on": "",
            "note": "",
            "lock_version": offer.lock_version,
        },
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == "accepted"


def test_an_offer_with_inconsistent_dates_is_refused(cast, setup):
    offer = UnionTrainingOfferFactory(program=cast.program, partner=cast.partner, course=setup["course"])
    client = cast.client(cast.partner_user)
    response = client.post(
        url(cast, "offer-edit", offer.pk),
        {"status": "completed", "accepted_on": "2025-10-01", "completed_on": ""},
    )
    form = response.context["form"]
    assert "Ange när utbildningen genomfördes." in form.errors["completed_on"]
    assert "Erbjudandet kan inte accepteras före det gavs." in form.errors["accepted_on"]
    offer.refresh_from_db()
    assert offer.status == "offered"


def test_a_union_cannot_change_another_unions_offer_and_a_viewer_none(cast, setup):
    other_union = PartnerFactory(municipality=cast.municipality, union=True)
    offer = UnionTrainingOfferFactory(program=cast.program, partner=other_union, course=setup["course"])
    assert cast.client(cast.partner_user).get(url(cast, "offer-edit", offer.pk)).status_code == 403
    assert cast.client(cast.viewer).get(url(cast, "offer-edit", offer.pk)).status_code == 403
    assert cast.client(cast.outsider).get(url(cast, "offer-edit", offer.pk)).status_code == 404
    assert cast.client(cast.viewer).get(url(cast, "offer-list")).status_code == 200
