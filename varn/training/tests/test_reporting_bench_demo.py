import pytest
from django.urls import reverse

from varn.core.demo import load_demo
from varn.core.reporting import Section, collect_sections
from varn.factories import MunicipalityFactory, PartnerFactory, ProgramFactory, UnitFactory
from varn.training import reporting
from varn.training.bench import create_training_efforts
from varn.training.models import TrainingEffort
from varn.training.services import coverage_for

from .factories import TrainingEffortFactory, TrainingTargetFactory, UnionTrainingOfferFactory


def test_the_report_section_shows_coverage_with_the_unions(cast):
    TrainingTargetFactory(program=cast.program)
    TrainingEffortFactory(program=cast.program, unit=cast.unit, participants=50, target_population=100)
    TrainingEffortFactory(
        program=cast.program, unit=None, partner=cast.partner, participants=4, target_population=8
    )
    UnionTrainingOfferFactory(
        program=cast.program, partner=cast.partner, course__municipality=cast.municipality, status="completed"
    )
    section = reporting.section(cast.program)
    assert isinstance(section, Section)
    assert section.title == "Utbildning"
    first = section.tables[0]
    rows = {row[0]: row for row in first.rows}
    assert rows["Socialförvaltningen"][-1] == "50 %"
    assert rows["Fackliga parter"][-1] == "50 %"
    assert rows["Barn- och ungdomsförvaltningen"][-1] == "saknas"
    assert any("1 av 1 fackliga organisationer" in p for p in section.paragraphs)
    assert any("Barn- och ungdomsförvaltningen" in p for p in section.paragraphs)  # missing figures named
    assert len(section.charts) == 2
    assert section.charts[0].target == 80
    assert section.charts[0].svg().startswith("<svg")


def test_the_report_leaves_training_out_when_there_is_nothing_to_say(cast):
    assert reporting.section(cast.program) is None


def test_the_report_builder_finds_the_training_and_cooperation_sections(cast):
    from varn.cooperation.tests.factories import ForumFactory

    TrainingEffortFactory(program=cast.program, unit=cast.unit)
    ForumFactory(municipality=cast.municipality, units=[cast.unit], partners=[cast.partner])
    titles = [s.title for s in collect_sections(cast.program)]
    assert "Utbildning" in titles and "Samverkan" in titles


def test_the_benchmark_helper_creates_the_same_efforts_every_time(db):
    municipality = MunicipalityFactory()
    program = ProgramFactory(municipality=municipality)
    UnitFactory.create_batch(3, municipality=municipality)
    PartnerFactory(municipality=municipality, union=True)

    def snapshot():
        return sorted(
            (
                TrainingEffort.objects.filter(municipality=municipality).values_list(
                    "unit_id",
                    "partner_id",
                    "course__name",
                    "target_group__name",
                    "year",
                    "sessions",
                    "participants",
                    "target_population",
                )
            ),
            key=repr,
        )

    created = create_training_efforts(municipality, 40, seed=7, program=program)
    assert len(created) == 40
    first = snapshot()
    TrainingEffort.objects.filter(municipality=municipality).delete()
    create_training_efforts(municipality, 40, seed=7)
    assert snapshot() == first
    assert all(p is None or n <= p for *_rest, n, p in first)
    coverage = coverage_for(program)
    assert coverage.has_figures


def test_the_benchmark_helper_can_write_history(db):
    municipality = MunicipalityFactory()
    ProgramFactory(municipality=municipality)
    UnitFactory(municipality=municipality)
    efforts = create_training_efforts(municipality, 5, with_history=True)
    assert TrainingEffort.history.filter(id__in=[e.pk for e in efforts]).count() == 5


@pytest.mark.slow
def test_the_demo_has_training_and_cooperation_with_the_unions(db, client):
    loaded, ctx = load_demo()
    assert loaded and ctx is not None
    forum = ctx.extra["union_forum"]
    assert forum.name == "Central samverkansgrupp"
    assert forum.includes_unions
    assert {m.code for m in forum.measures.all()} >= {"4.1.1"}
    working = ctx.extra["forums"]["working"]
    assert {m.code for m in working.measures.all()} >= {"4.1.2"}
    assert working.is_due_for_follow_up()

    coverage = coverage_for(ctx.extra["program"])
    rows = {row.label: row for row in coverage.report.by_organisation}
    assert rows["Fackliga parter"].period.participants
    assert rows["Alingsåshem AB"].years[1].is_missing  # no figures for 2026: missing, not zero
    assert {o.partner.name for o in coverage.offers} == {
        "Kommunal",
        "Vision",
        "Sveriges Lärare",
        "Vårdförbundet",
        "Akademikerförbundet SSR",
    }
    names = {c.name for c in ctx.extra["training_courses"].values()}
    assert {"Webbkurs om våld i nära relationer", "Webbkurs om hedersrelaterat våld och förtryck"} <= names

    client.force_login(ctx.users["grannkommun"])
    for path in (
        reverse("training:coverage", args=["lerum"]),
        reverse("cooperation:overview", args=["lerum"]),
    ):
        response = client.get(path)
        assert response.status_code == 200
        assert "Alingsås" not in response.content.decode()
    assert client.get(reverse("training:coverage", args=["alingsas"])).status_code == 404
