import datetime

import pytest
from django.urls import reverse

from varn.factories import GoalFactory, MeasureFactory, PartnerFactory, TargetGroupFactory, UnitFactory
from varn.programs.models import Measure, MeasureStatus, MeasureUpdate


@pytest.fixture
def measure(cast):
    goal = GoalFactory(program=cast.program)
    return MeasureFactory(
        program=cast.program, goal=goal, responsible_unit=cast.unit, title="Rutin för att fråga om våld"
    )


def url(cast, name, *args):
    return reverse(f"programs:{name}", args=[cast.slug, *args])


def form_data(measure, **overrides):
    data = {
        "goal": measure.goal_id,
        "code": measure.code,
        "title": measure.title,
        "description": "",
        "prevention_level": measure.prevention_level,
        "responsible_unit": measure.responsible_unit_id,
        "start_date": "2025-06-01",
        "end_date": "2027-06-30",
        "status": measure.status,
        "rationale": "",
        "lock_version": measure.lock_version,
    }
    data.update(overrides)
    return data


class TestMeasureList:
    def test_every_member_sees_the_list(self, cast, measure):
        for user in (cast.coordinator, cast.unit_editor, cast.viewer):
            response = cast.client(user).get(url(cast, "measure-list"))
            assert response.status_code == 200
            assert "Rutin för att fråga om våld" in response.content.decode()

    def test_a_partner_sees_only_the_measures_they_take_part_in(self, cast, measure):
        other = MeasureFactory(
            program=cast.program, goal=measure.goal, responsible_unit=cast.unit, title="Egen insats"
        )
        other.partners.add(cast.partner)
        body = cast.client(cast.partner_user).get(url(cast, "measure-list")).content.decode()
        assert "Egen insats" in body
        assert "Rutin för att fråga om våld" not in body

    def test_an_outsider_gets_404(self, cast, measure):
        assert cast.client(cast.outsider).get(url(cast, "measure-list")).status_code == 404

    def test_it_filters_by_unit_status_level_and_text(self, cast, measure):
        MeasureFactory(
            program=cast.program,
            goal=measure.goal,
            responsible_unit=cast.other_unit,
            title="Skolprogram",
            status=MeasureStatus.DONE,
        )
        client = cast.client(cast.viewer)
        body = client.get(url(cast, "measure-list"), {"unit": cast.other_unit.pk}).content.decode()
        assert "Skolprogram" in body and "Rutin för att" not in body
        body = client.get(url(cast, "measure-list"), {"status": "done"}).content.decode()
        assert "Skolprogram" in body and "Rutin för att" not in body
        body = client.get(url(cast, "measure-list"), {"q": "fråga våld"}).content.decode()
        assert "Rutin för att" in body and "Skolprogram" not in body
        body = client.get(url(cast, "measure-list"), {"level": "indicated"}).content.decode()
        assert "Inga insatser matchar filtret" in body

    def test_it_filters_by_target_group_and_goal(self, cast, measure):
        group = TargetGroupFactory(municipality=cast.municipality, name="Äldre")
        measure.target_groups.add(group)
        other_goal = GoalFactory(program=cast.program)
        MeasureFactory(
            program=cast.program, goal=other_goal, responsible_unit=cast.unit, title="Annan insats"
        )
        client = cast.client(cast.viewer)
        body = client.get(url(cast, "measure-list"), {"target_group": group.pk}).content.decode()
        assert "Rutin för att" in body and "Annan insats" not in body
        body = client.get(url(cast, "measure-list"), {"goal": other_goal.pk}).content.decode()
        assert "Annan insats" in body and "Rutin för att" not in body

    def test_an_htmx_filter_returns_only_the_results(self, cast, measure):
        response = cast.client(cast.viewer).get(
            url(cast, "measure-list"), {"q": "Rutin"}, HTTP_HX_REQUEST="true"
        )
        body = response.content.decode()
        assert body.lstrip().startswith('<section id="results"')
        assert "<html" not in body

    def test_its_query_count_does_not_grow_with_the_data(self, cast, measure, django_assert_max_num_queries):
        def count():
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as ctx:
                assert cast.client(cast.viewer).get(url(cast, "measure-list")).status_code == 200
            return len(ctx.captured_queries)

        few = count()
        groups = [TargetGroupFactory(municipality=cast.municipality) for _ in range(3)]
        for _ in range(30):
            m = MeasureFactory(
                program=cast.program,
                goal=measure.goal,
                responsible_unit=UnitFactory(municipality=cast.municipality),
            )
            m.target_groups.set(groups)
        assert count() == few


class TestMeasureEdit:
    def test_the_coordinator_edits_any_measure(self, cast, measure):
        response = cast.client(cast.coordinator).post(
            url(cast, "measure-edit", measure.pk), form_data(measure, title="Ny titel")
        )
        assert response.status_code == 302
        measure.refresh_from_db()
        assert measure.title == "Ny titel"
        assert measure.lock_version == 2

    def test_a_unit_editor_edits_their_own_units_measure(self, cast, measure):
        response = cast.client(cast.unit_editor).post(
            url(cast, "measure-edit", measure.pk), form_data(measure, title="Av förvaltningen")
        )
        assert response.status_code == 302
        measure.refresh_from_db()
        assert measure.title == "Av förvaltningen"

    def test_a_unit_editor_cannot_move_their_measure_to_another_unit(self, cast, measure):
        client = cast.client(cast.unit_editor)
        page = client.get(url(cast, "measure-edit", measure.pk))
        assert list(page.context["form"].fields["responsible_unit"].queryset) == [cast.unit]
        response = client.post(
            url(cast, "measure-edit", measure.pk), form_data(measure, responsible_unit=cast.other_unit.pk)
        )
        assert response.status_code == 200
        assert "Välj ett giltigt alternativ" in response.content.decode()
        measure.refresh_from_db()
        assert measure.responsible_unit == cast.unit
        # The coordinator still gives a measure to any unit.
        page = cast.client(cast.coordinator).get(url(cast, "measure-edit", measure.pk))
        assert cast.other_unit in page.context["form"].fields["responsible_unit"].queryset

    def test_a_unit_editor_cannot_edit_another_units_measure(self, cast, measure):
        other = MeasureFactory(program=cast.program, goal=measure.goal, responsible_unit=cast.other_unit)
        assert cast.client(cast.unit_editor).get(url(cast, "measure-edit", other.pk)).status_code == 403

    def test_a_viewer_and_a_partner_cannot_edit(self, cast, measure):
        measure.partners.add(cast.partner)
        for user in (cast.viewer, cast.partner_user):
            assert (
                cast.client(user).post(url(cast, "measure-edit", measure.pk), form_data(measure)).status_code
                == 403
            )
        measure.refresh_from_db()
        assert measure.lock_version == 1

    def test_an_outsider_gets_404(self, cast, measure):
        assert cast.client(cast.outsider).get(url(cast, "measure-edit", measure.pk)).status_code == 404

    def test_it_refuses_an_end_before_the_start_and_saves_nothing(self, cast, measure):
        response = cast.client(cast.coordinator).post(
            url(cast, "measure-edit", measure.pk),
            form_data(measure, title="Ändrad", start_date="2026-06-01", end_date="2026-01-01"),
        )
        assert response.status_code == 200
        assert "Slutdatum kan inte vara före startdatum." in response.content.decode()
        measure.refresh_from_db()
        assert measure.title != "Ändrad"

    def test_it_refuses_dates_outside_the_programme_period(self, cast, measure):
        response = cast.client(cast.coordinator).post(
            url(cast, "measure-edit", measure.pk), form_data(measure, end_date="2029-01-01")
        )
        assert "utanför programperioden 2025–2027" in response.content.decode()

    def test_it_refuses_a_unit_of_another_municipality(self, cast, measure):
        foreign = UnitFactory(municipality=cast.other)
        response = cast.client(cast.coordinator).post(
            url(cast, "measure-edit", measure.pk), form_data(measure, responsible_unit=foreign.pk)
        )
        assert "Välj ett giltigt alternativ" in response.content.decode()
        measure.refresh_from_db()
        assert measure.responsible_unit == cast.unit

    def test_it_refuses_an_over_long_text(self, cast, measure):
        response = cast.client(cast.coordinator).post(
            url(cast, "measure-edit", measure.pk), form_data(measure, title="x" * 301)
        )
        assert "som mest 300 tecken" in response.content.decode()

    def test_it_refuses_a_personal_identity_number_in_free_text(self, cast, measure):
        response = cast.client(cast.coordinator).post(
            url(cast, "measure-edit", measure.pk),
            form_data(measure, description="Gäller 19121212-1212 som flyttat"),
        )
        assert "personnummer" in response.content.decode()
        measure.refresh_from_db()
        assert "1212" not in measure.description

    def test_the_second_of_two_concurrent_edits_is_refused_and_shown_the_difference(self, cast, measure):
        seen = measure.lock_version
        first = cast.client(cast.coordinator).post(
            url(cast, "measure-edit", measure.pk), form_data(measure, title="Först sparad", lock_version=seen)
        )
        assert first.status_code == 302
        second = cast.client(cast.unit_editor).post(
            url(cast, "measure-edit", measure.pk), form_data(measure, title="Sparad sedan", lock_version=seen)
        )
        assert second.status_code == 409
        body = second.content.decode()
        assert "har ändrat insatsen medan du redigerade" in body
        assert "Först sparad" in body  # what the other person changed
        measure.refresh_from_db()
        assert measure.title == "Först sparad"
        # Saving again after reading the difference is a deliberate overwrite.
        third = cast.client(cast.unit_editor).post(
            url(cast, "measure-edit", measure.pk),
            form_data(measure, title="Sparad sedan", lock_version=measure.lock_version),
        )
        assert third.status_code == 302
        measure.refresh_from_db()
        assert measure.title == "Sparad sedan"


class TestMeasureCreate:
    def test_the_coordinator_creates_a_measure(self, cast):
        goal = GoalFactory(program=cast.program)
        partner = PartnerFactory(municipality=cast.municipality)
        data = {
            "goal": goal.pk,
            "code": "9.9",
            "title": "Ny insats",
            "prevention_level": "selective",
            "responsible_unit": cast.unit.pk,
            "partners": [partner.pk],
            "start_date": "2025-09-01",
            "end_date": "2026-09-01",
            "status": "planned",
        }
        response = cast.client(cast.coordinator).post(url(cast, "measure-create", cast.program.pk), data)
        assert response.status_code == 302
        measure = Measure.objects.get(title="Ny insats")
        assert measure.municipality == cast.municipality
        assert list(measure.partners.all()) == [partner]

    def test_a_unit_editor_and_a_viewer_cannot_create(self, cast):
        for user in (cast.unit_editor, cast.viewer):
            assert cast.client(user).get(url(cast, "measure-create", cast.program.pk)).status_code == 403

    def test_an_outsider_gets_404(self, cast):
        assert cast.client(cast.outsider).get(url(cast, "measure-create", cast.program.pk)).status_code == 404


class TestMeasureUpdate:
    def test_a_unit_editor_records_a_dated_status_update(self, cast, measure):
        response = cast.client(cast.unit_editor).post(
            url(cast, "measure-update", measure.pk),
            {"date": "2026-05-01", "status": "done", "narrative": "Rutinen är införd i alla enheter."},
        )
        assert response.status_code == 302
        measure.refresh_from_db()
        assert measure.status == MeasureStatus.DONE
        update = MeasureUpdate.objects.get(measure=measure)
        assert update.date == datetime.date(2026, 5, 1)
        page = cast.client(cast.viewer).get(url(cast, "measure-detail", measure.pk)).content.decode()
        assert "Rutinen är införd i alla enheter." in page

    def test_it_refuses_an_empty_narrative_and_a_future_date(self, cast, measure):
        response = cast.client(cast.coordinator).post(
            url(cast, "measure-update", measure.pk), {"date": "2099-01-01", "status": "done", "narrative": ""}
        )
        body = response.content.decode()
        assert "Detta fält måste fyllas i." in body
        assert "framtiden" in body
        assert not MeasureUpdate.objects.exists()

    def test_a_viewer_cannot_record_an_update(self, cast, measure):
        assert cast.client(cast.viewer).post(url(cast, "measure-update", measure.pk), {}).status_code == 403

    def test_an_outsider_gets_404(self, cast, measure):
        assert cast.client(cast.outsider).get(url(cast, "measure-update", measure.pk)).status_code == 404


class TestMeasureHistory:
    def test_it_shows_who_changed_which_field_from_what_to_what(self, cast, measure):
        cast.client(cast.coordinator).post(
            url(cast, "measure-edit", measure.pk), form_data(measure, title="Omdöpt insats")
        )
        body = cast.client(cast.viewer).get(url(cast, "measure-history", measure.pk)).content.decode()
        assert cast.coordinator.get_full_name() in body
        assert "Rutin för att fråga om våld" in body and "Omdöpt insats" in body

    def test_a_partner_not_in_the_measure_and_an_outsider_get_404(self, cast, measure):
        assert cast.client(cast.partner_user).get(url(cast, "measure-history", measure.pk)).status_code == 404
        assert cast.client(cast.outsider).get(url(cast, "measure-history", measure.pk)).status_code == 404


def test_the_measure_page_names_the_forums_that_carry_it(cast, measure):
    from varn.cooperation.models import Forum

    forum = Forum.objects.create(
        municipality=cast.municipality, name="Central samverkansgrupp", purpose="Samverkan"
    )
    forum.member_partners.add(cast.partner)
    forum.measures.add(measure)
    body = cast.client(cast.viewer).get(url(cast, "measure-detail", measure.pk)).content.decode()
    assert "Central samverkansgrupp" in body and "med fackliga parter" in body
