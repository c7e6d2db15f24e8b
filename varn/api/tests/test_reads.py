"""What the other resources give each role: programmes with the block tree, goals, organisations,
the decision trail, training, forums and reports."""

from __future__ import annotations

from varn.cooperation.tests.factories import ForumFactory, ForumMeetingFactory
from varn.decisions.tests.factories import CaseFactory, DecisionFactory, RequirementFactory
from varn.factories import GoalFactory, ProgramVersionFactory
from varn.programs.models import save_tree
from varn.training.tests.factories import CourseFactory, TrainingEffortFactory

from .helpers import api_client, url


def test_a_version_gives_its_text_as_the_block_tree(cast):
    version = ProgramVersionFactory(program=cast.program, municipality=cast.municipality, number=1)
    save_tree(
        version,
        [
            {
                "id": "h1",
                "type": "heading",
                "level": 1,
                "page": 6,
                "text": "Samverkan",
                "children": [
                    {
                        "id": "p1",
                        "type": "paragraph",
                        "page": 6,
                        "text": "Mellan olika förvaltningar i kommunen.",
                        "children": [],
                    }
                ],
            }
        ],
    )
    client = api_client(cast.partner_user)
    programs = client.get(url(cast, "programs")).json()
    assert programs[0]["title"] == cast.program.title and programs[0]["versions"][0]["number"] == 1
    body = client.get(url(cast, f"programs/{cast.program.pk}/versions/1")).json()
    assert body["blocks"][0]["text"] == "Samverkan" and body["blocks"][0]["children"][0]["id"] == "p1"
    assert api_client(cast.outsider).get(url(cast, f"programs/{cast.program.pk}")).status_code == 404


def test_goals_come_with_their_parents(cast):
    top = GoalFactory(program=cast.program, municipality=cast.municipality, kind="goal", code="1")
    GoalFactory(program=cast.program, municipality=cast.municipality, kind="sub_goal", code="1.1", parent=top)
    goals = api_client(cast.viewer).get(url(cast, "goals")).json()
    assert [(g["code"], g["parent"]) for g in goals] == [("1", None), ("1.1", top.pk)]


def test_every_member_reads_the_units_but_only_the_coordinator_their_addresses(cast):
    cast.unit.email = "soc@alingsas.se"
    cast.unit.save()
    for_viewer = {u["name"]: u["email"] for u in api_client(cast.viewer).get(url(cast, "units")).json()}
    assert for_viewer["Socialförvaltningen"] is None
    for_coordinator = {
        u["name"]: u["email"] for u in api_client(cast.coordinator).get(url(cast, "units")).json()
    }
    assert for_coordinator["Socialförvaltningen"] == "soc@alingsas.se"
    assert [p["name"] for p in api_client(cast.partner_user).get(url(cast, "partners")).json()] == ["Vision"]


def test_a_case_gives_its_decision_trail_in_order_with_requirements(cast):
    case = CaseFactory(municipality=cast.municipality, dnr="2025.202 KS", program=cast.program)
    later = DecisionFactory(case=case, municipality=cast.municipality, body="KSAU", paragraph=170)
    RequirementFactory(
        decision__case=case,
        decision__municipality=cast.municipality,
        municipality=cast.municipality,
        text="Redovisa kostnaderna.",
    )
    listed = api_client(cast.viewer).get(url(cast, "cases")).json()
    assert (
        listed["results"][0]["dnr"] == "2025.202 KS" and listed["results"][0]["open_requirement_count"] == 1
    )
    detail = api_client(cast.viewer).get(url(cast, f"cases/{case.pk}")).json()
    dates = [d["meeting_date"] for d in detail["decisions"]]
    assert len(dates) == 2 and dates == sorted(dates) and detail["decisions"][0]["id"] == later.pk
    assert any(r["text"] == "Redovisa kostnaderna." for d in detail["decisions"] for r in d["requirements"])
    assert detail["decisions"][0]["reference"].startswith("KS")


def test_training_figures_a_partner_sees_only_its_own_and_coverage_for_all(cast):
    course = CourseFactory(municipality=cast.municipality)
    TrainingEffortFactory(
        municipality=cast.municipality,
        program=cast.program,
        course=course,
        unit=cast.unit,
        participants=30,
        target_population=60,
    )
    TrainingEffortFactory(
        municipality=cast.municipality,
        program=cast.program,
        course=course,
        unit=None,
        partner=cast.partner,
        participants=4,
    )
    assert api_client(cast.viewer).get(url(cast, "training/efforts")).json()["count"] == 2
    own = api_client(cast.partner_user).get(url(cast, "training/efforts")).json()
    assert own["count"] == 1 and own["results"][0]["partner"]["name"] == "Vision"
    coverage = api_client(cast.partner_user).get(url(cast, "training/coverage"), level=course.level).json()
    assert coverage["program"] == cast.program.pk and coverage["by_organisation"]


def test_a_partner_sees_only_its_forums_with_their_meetings(cast):
    forum = ForumFactory(municipality=cast.municipality, units=[cast.unit], partners=[cast.partner])
    other = ForumFactory(municipality=cast.municipality, units=[cast.other_unit])
    ForumMeetingFactory(municipality=cast.municipality, forum=forum)
    forums = api_client(cast.partner_user).get(url(cast, "forums")).json()
    assert [f["id"] for f in forums] == [forum.pk] and forums[0]["includes_unions"] is True
    assert len(api_client(cast.partner_user).get(url(cast, f"forums/{forum.pk}")).json()["meetings"]) == 1
    assert api_client(cast.partner_user).get(url(cast, f"forums/{other.pk}")).status_code == 404
    assert api_client(cast.viewer).get(url(cast, f"forums/{other.pk}")).status_code == 200


def test_the_lists_cost_the_same_number_of_queries_for_more_rows(cast, django_assert_max_num_queries):
    course = CourseFactory(municipality=cast.municipality)
    client = api_client(cast.viewer)
    for n in range(8):
        case = CaseFactory(municipality=cast.municipality, program=cast.program)
        DecisionFactory(case=case, municipality=cast.municipality)
        TrainingEffortFactory(
            municipality=cast.municipality,
            program=cast.program,
            course=course,
            unit=cast.unit,
            participants=n,
        )
    client.get(url(cast, "cases"))  # the token's first use is written down once
    for path in ("cases", "training/efforts"):
        with django_assert_max_num_queries(8):
            assert client.get(url(cast, path)).json()["count"] == 8
