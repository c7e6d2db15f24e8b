from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from varn.cooperation.models import ActionPoint, Forum, ForumMeeting, MeetingAttendance
from varn.decisions.models import Amendment, Case, Decision, ReferralRequirement
from varn.followup.models import CostEntry, FollowUpAnswer, FollowUpResponse, FollowUpRound
from varn.organisations.models import Municipality, Partner, Unit
from varn.organisations.registry import all_municipalities, by_code
from varn.programs.models import Measure, MeasureUpdate, Program, ProgramVersion
from varn.training.models import TrainingEffort, UnionTrainingOffer


def test_the_registry_holds_sweden_s_290_municipalities_with_their_official_names():
    assert len(all_municipalities()) == 290
    assert by_code("1489").official_name == "Alingsås kommun"
    assert by_code("1441").official_name == "Lerums kommun"
    assert by_code("0180").official_name == "Stockholms stad"
    assert by_code("0980").official_name == "Region Gotland"


def test_it_generates_realistic_volumes_per_municipality(db):
    call_command("generate_synthetic", "--municipalities", "2", "--seed", "7", verbosity=0)
    municipalities = Municipality.objects.all()
    assert municipalities.count() == 2 and all(m.is_demo for m in municipalities)
    for m in municipalities:
        units = Unit.objects.filter(municipality=m).count()
        unions = Partner.objects.filter(municipality=m, kind=Partner.Kind.UNION).count()
        assert 10 <= units <= 40
        assert Program.objects.filter(municipality=m).count() == 3
        assert Measure.objects.filter(municipality=m).count() == 200
        assert MeasureUpdate.objects.filter(municipality=m).count() == 2000
        assert Measure.history.filter(municipality_id=m.pk).count() == 200
        # Decisions: a case per programme period with its trail, adopted with amendments.
        assert Case.objects.filter(municipality=m).count() == 3
        assert Decision.objects.filter(municipality=m).count() == 27
        assert ReferralRequirement.objects.filter(municipality=m).count() == 9
        assert Amendment.objects.filter(municipality=m, status=Amendment.Status.APPLIED).count() >= 6
        assert not Amendment.objects.filter(municipality=m).exclude(status=Amendment.Status.APPLIED).exists()
        assert (
            ProgramVersion.objects.filter(municipality=m, status=ProgramVersion.Status.ADOPTED).count() == 3
        )
        assert Program.objects.filter(municipality=m, status=Program.Status.ADOPTED).count() == 1
        # Training: six efforts per unit and union, offers to every union.
        assert TrainingEffort.objects.filter(municipality=m).count() == 6 * (units + unions)
        assert TrainingEffort.history.filter(municipality_id=m.pk).count() == 6 * (units + unions)
        assert UnionTrainingOffer.objects.filter(municipality=m).count() == unions
        # Cooperation: five forums meeting over two years, with counts and action points.
        assert Forum.objects.filter(municipality=m).count() == 5
        assert 40 <= ForumMeeting.objects.filter(municipality=m).count() <= 60
        assert MeetingAttendance.objects.filter(municipality=m).count() > 200
        assert ActionPoint.objects.filter(municipality=m).count() > 20
        # Follow-up: an open round with a response per measure, most answered; costs per measure.
        round = FollowUpRound.objects.get(municipality=m)
        assert round.is_open and round.questions.count() == 6
        assert FollowUpResponse.objects.filter(round=round).count() == 200
        assert FollowUpAnswer.objects.filter(municipality=m).count() > 600
        assert FollowUpAnswer.history.filter(municipality_id=m.pk).count() > 600
        assert CostEntry.objects.filter(municipality=m).values("measure").distinct().count() == 200


def test_the_amendments_put_into_the_adopted_text_say_which_decision_put_them_there(db):
    call_command("generate_synthetic", "--municipalities", "1", verbosity=0)
    case = Case.objects.order_by("-dnr").select_related("program").first()
    assert case is not None
    adopted = case.program.current_version()
    assert adopted is not None and adopted.number == 2
    marked = [b for b in adopted.blocks.all() if b.changes]
    assert marked and all(c["decision"].startswith("KSAU") for b in marked for c in b.changes)
    assert adopted.created_by_decision.kind == Decision.Kind.ADOPTION


def _snapshot() -> dict:
    return {
        "measures": list(Measure.objects.order_by("pk").values_list("title", "status", "end_date")),
        "decisions": list(Decision.objects.order_by("pk").values_list("body", "meeting_date", "paragraph")),
        "amendments": list(Amendment.objects.order_by("pk").values_list("operation", "page", "text")),
        "efforts": list(TrainingEffort.objects.order_by("pk").values_list("year", "participants")),
        "meetings": list(ForumMeeting.objects.order_by("pk").values_list("date", flat=True)),
        "attendance": list(MeetingAttendance.objects.order_by("pk").values_list("participants", flat=True)),
        "responses": list(FollowUpResponse.objects.order_by("pk").values_list("status", "conclusion")),
        "costs": list(CostEntry.objects.order_by("pk").values_list("year", "category", "hours", "amount")),
    }


def test_the_same_seed_gives_the_same_data(db):
    call_command("generate_synthetic", "--municipalities", "1", "--seed", "3", verbosity=0)
    first = _snapshot()
    Municipality.objects.all().delete()
    get_user_model().objects.all().delete()
    call_command("generate_synthetic", "--municipalities", "1", "--seed", "3", verbosity=0)
    assert _snapshot() == first
    assert all(first.values())


def test_every_benchmarked_page_answers_with_the_same_queries_for_each_synthetic_municipality(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench import pages
    from varn.organisations.models import Membership

    call_command("generate_synthetic", "--municipalities", "2", verbosity=0)
    counts = []
    for m in Municipality.objects.order_by("pk"):
        membership = Membership.objects.get(municipality=m, role="coordinator")
        client = Client()
        client.force_login(membership.user)
        mine = {}
        for name, build in pages.PAGES.items():
            path = build(m)
            assert client.get(path).status_code == 200, name
            with CaptureQueriesContext(connection) as ctx:
                client.get(path)
            mine[name] = len(ctx.captured_queries)
        counts.append(mine)
    assert counts[0] == counts[1]
