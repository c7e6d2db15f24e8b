"""The world the permission-matrix test walks through: two municipalities with one of everything.

Each municipality is a Side. An object is made the first time a route asks for it, by the maker of
that name in MAKERS; add one line there when a route points at a new kind of object, e.g.

    "decision": lambda s: DecisionFactory(municipality=s.municipality, case=s.case),
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from varn.accounts.invitations import invite_person
from varn.accounts.models import Invitation, SsoNotice, hash_token
from varn.api.models import ApiToken
from varn.cooperation.tests.factories import ActionPointFactory, ForumFactory, ForumMeetingFactory
from varn.core.models import Job
from varn.decisions.tests.factories import (
    AttachmentFactory,
    CaseFactory,
    DecisionFactory,
    RequirementFactory,
)
from varn.factories import (
    GoalFactory,
    MeasureFactory,
    MembershipFactory,
    MunicipalityFactory,
    PartnerFactory,
    ProgramFactory,
    ProgramVersionFactory,
    TargetGroupFactory,
    UnitFactory,
    UserFactory,
)
from varn.followup.models import FollowUpResponse, RevisionItem
from varn.followup.services import build_report
from varn.followup.tests.factories import CostEntryFactory, RoundFactory, open_round
from varn.indicators.models import Indicator
from varn.organisations.models import Role
from varn.programs.models import Block
from varn.reading.protocol import parse_protocol
from varn.training.tests.factories import (
    CourseFactory,
    TrainingEffortFactory,
    TrainingTargetFactory,
    UnionTrainingOfferFactory,
)

# A protocol extract short enough to read in a test, long enough to give a review with a paragraph.
PROTOCOL = """Kommunstyrelsens arbetsutskott
Sammanträdesdatum 2025-10-22

§ 170 Dnr 2025.202 KS
Program om våldsförebyggande arbete

Beslut
Kommunstyrelsens arbetsutskott föreslår kommunstyrelsen att anta programmet.
"""

MAKERS: dict[str, Callable[[Side], Any]] = {
    "program": lambda s: ProgramFactory(municipality=s.municipality),
    "version": lambda s: ProgramVersionFactory(program=s.program, municipality=s.municipality, number=1),
    "block": lambda s: Block.objects.create(
        municipality=s.municipality, version=s.version, uid="b-1", position=1, type="paragraph", text="Text"
    ),
    "goal": lambda s: GoalFactory(program=s.program, municipality=s.municipality),
    "unit": lambda s: UnitFactory(municipality=s.municipality, name="Socialförvaltningen", short_name="SOC"),
    "other_unit": lambda s: UnitFactory(municipality=s.municipality, name="Barn och unga", short_name="BUF"),
    "partner": lambda s: PartnerFactory(municipality=s.municipality, name="Vision", kind="union"),
    "measure": lambda s: _measure(s, s.unit, partners=[s.partner]),
    "other_measure": lambda s: _measure(s, s.other_unit, partners=[]),
    "job": lambda s: Job.objects.create(
        municipality=s.municipality, kind="test", title="Jobb", created_by=s.users["coordinator"]
    ),
    "editor_job": lambda s: Job.objects.create(
        municipality=s.municipality, kind="test", title="Jobb", created_by=s.users["unit_editor"]
    ),
    "sso_notice": lambda s: SsoNotice.objects.create(
        municipality=s.municipality, user=s.users["viewer"], claimed="Samordnare", local="Läsare"
    ),
    "other_partner": lambda s: PartnerFactory(municipality=s.municipality, name="Kommunal", kind="union"),
    "target_group": lambda s: TargetGroupFactory(municipality=s.municipality),
    # A published programme beside the unpublished one (older, so that it is not the "current" one).
    "public_program": lambda s: ProgramFactory(
        municipality=s.municipality, title="Äldre program", period_start=2021, period_end=2024, is_public=True
    ),
    # Decisions and documents.
    "case": lambda s: CaseFactory(municipality=s.municipality, program=s.program),
    "decision": lambda s: DecisionFactory(municipality=s.municipality, case=s.case),
    "requirement": lambda s: RequirementFactory(
        municipality=s.municipality, decision__case=s.case, decision__municipality=s.municipality
    ),
    "attachment": lambda s: _attachment(s),
    "import_job": lambda s: Job.objects.create(
        municipality=s.municipality,
        kind="protocol_import",
        title="Läser protokoll",
        status=Job.Status.DONE,
        created_by=s.users["coordinator"],
        result={"review": parse_protocol(PROTOCOL).as_review(), "source_name": "protokoll.txt"},
    ),
    # Training: figures of the unit editor's unit, of another unit, of the partner and another union.
    "course": lambda s: CourseFactory(municipality=s.municipality),
    "effort": lambda s: _effort(s, unit=s.unit),
    "other_effort": lambda s: _effort(s, unit=s.other_unit),
    "partner_effort": lambda s: _effort(s, unit=None, partner=s.partner),
    "other_partner_effort": lambda s: _effort(s, unit=None, partner=s.other_partner),
    "training_target": lambda s: TrainingTargetFactory(municipality=s.municipality, program=s.program),
    "offer": lambda s: UnionTrainingOfferFactory(
        municipality=s.municipality, program=s.program, partner=s.partner, course=s.course
    ),
    "other_offer": lambda s: UnionTrainingOfferFactory(
        municipality=s.municipality, program=s.program, partner=s.other_partner, course=s.course
    ),
    "import_token": lambda s: "finns-inte",
    # Excel round trips (ADR 0125): the coordinator's import, read and then saved or cancelled.
    "measure_import_job": lambda s: _roundtrip_job(s, "measure_roundtrip"),
    "cost_import_job": lambda s: _roundtrip_job(s, "cost_roundtrip"),
    "coverage_import_job": lambda s: _roundtrip_job(s, "coverage_roundtrip"),
    # People (issue 12): the viewer's membership, and an open invitation's token.
    "viewer_membership": lambda s: s.municipality.memberships.get(user=s.users["viewer"]),
    "invitation_token": lambda s: _invitation_token(s),
    "indicator": lambda s: Indicator.objects.create(municipality=s.municipality, kpi_id="N00945"),
    # Cooperation: a forum where the unit editor's unit and the partner take part, and one without them.
    "forum": lambda s: ForumFactory(
        municipality=s.municipality, units=[s.unit], partners=[s.partner], carried=[s.measure]
    ),
    "other_forum": lambda s: ForumFactory(
        municipality=s.municipality, units=[s.other_unit], carried=[s.other_measure]
    ),
    "meeting": lambda s: ForumMeetingFactory(municipality=s.municipality, forum=s.forum),
    "other_meeting": lambda s: ForumMeetingFactory(municipality=s.municipality, forum=s.other_forum),
    "action": lambda s: ActionPointFactory(municipality=s.municipality, meeting=s.meeting, owner_unit=s.unit),
    "other_action": lambda s: ActionPointFactory(
        municipality=s.municipality, meeting=s.other_meeting, owner_unit=s.other_unit
    ),
    # Follow-up: an open round (with a response per measure), a draft round, costs, a report.
    "round": lambda s: _open_round(s),
    "draft_round": lambda s: RoundFactory(municipality=s.municipality, program=s.program),
    "question": lambda s: s.draft_round.questions.first(),
    "response": lambda s: FollowUpResponse.objects.get(round=s.round, measure=s.measure),
    "other_response": lambda s: FollowUpResponse.objects.get(round=s.round, measure=s.other_measure),
    "cost": lambda s: CostEntryFactory(municipality=s.municipality, measure=s.measure),
    "other_cost": lambda s: CostEntryFactory(municipality=s.municipality, measure=s.other_measure),
    "report": lambda s: build_report(s.program, by=s.users["coordinator"], formats=("docx",)),
    "report_format": lambda s: "docx",
    "report_costs": lambda s: "xlsx",
    "draft_version": lambda s: ProgramVersionFactory(
        program=s.program, municipality=s.municipality, number=2
    ),
    "revision_item": lambda s: RevisionItem.objects.create(
        municipality=s.municipality,
        program=s.program,
        version=s.draft_version,
        measure=s.measure,
        conclusion="keep",
        title=s.measure.title,
    ),
    # Not tenant objects: values for routes outside the municipalities.
    "api_token": lambda s: ApiToken.issue(
        user=s.users["coordinator"], name="BI", scope="read", expires_on=datetime.date(2099, 1, 1)
    )[0],
    "reset_user": lambda s: UserFactory(username=f"{s.municipality.slug}-glomsk"),
    "reset_uid": lambda s: urlsafe_base64_encode(force_bytes(s.reset_user.pk)),
    "reset_token": lambda s: default_token_generator.make_token(s.reset_user),
    "admin_catch_all": lambda s: "finns-inte/",
    "redaction_label": lambda s: "programs.measure",
}


def _roundtrip_job(side: Side, kind: str) -> Job:
    return Job.objects.create(
        municipality=side.municipality,
        kind=kind,
        title="Läser ändringar från Excel",
        status=Job.Status.DONE,
        created_by=side.users["coordinator"],
        result={},
    )


def _invitation_token(side: Side) -> str:
    invitation = invite_person(
        side.municipality, email=f"inbjuden@{side.municipality.slug}.se", role=Role.VIEWER, by=None
    )
    token = "inbjudan-" + side.municipality.slug
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=hash_token(token))
    return token


def _measure(side: Side, unit, *, partners):
    measure: Any = MeasureFactory(
        program=side.program, municipality=side.municipality, goal=side.goal, responsible_unit=unit
    )
    measure.partners.set(partners)
    return measure


def _attachment(side: Side):
    attachment: Any = AttachmentFactory(
        municipality=side.municipality, decision=side.decision, file_name="underlag.txt", file_kind="text"
    )
    attachment.file.save("underlag.txt", ContentFile(b"Tjansteskrivelse"), save=True)
    return attachment


def _effort(side: Side, *, unit, partner=None):
    return TrainingEffortFactory(
        municipality=side.municipality,
        program=side.program,
        course=side.course,
        unit=unit,
        partner=partner,
        target_group=side.target_group,
    )


def _open_round(side: Side):
    for name in ("measure", "other_measure"):  # made first: opening the round asks every measure
        getattr(side, name)
    return open_round(side.program, municipality=side.municipality)


@dataclass
class Side:
    """One municipality and its members, with objects made on demand."""

    municipality: Any
    users: dict[str, Any]
    made: dict[str, Any] = field(default_factory=dict)
    neighbour: Side | None = None  # the other municipality, for addresses that mix the two

    def __getattr__(self, name: str) -> Any:
        if name in ("municipality", "users", "made", "neighbour"):
            raise AttributeError(name)
        if name in self.made:
            return self.made[name]
        if name in MAKERS:
            self.made[name] = MAKERS[name](self)
            return self.made[name]
        if name in self.users:
            return self.users[name]
        raise AttributeError(f"No maker for {name!r} in varn/core/tests/world.py MAKERS")

    def resolve(self, path: str) -> Any:
        value: Any = self
        for part in path.split("."):
            value = getattr(value, part)
        return value

    def kwargs(self, target: str) -> dict[str, Any]:
        """URL kwargs for a matrix row's target ("measure", "program_pk=program", ...)."""
        result: dict[str, Any] = {}
        for item in filter(None, (part.strip() for part in target.split(","))):
            key, _, path = item.partition("=")
            if not path:
                key, path = "pk", key
            value = self.resolve(path)
            result[key] = value.pk if hasattr(value, "pk") else value
        return result


@dataclass
class World:
    own: Side
    other: Side
    users: dict[str, Any]  # by role in permissions_matrix.ROLES (no user for "anonymous")


def _side(slug: str, name: str, code: str, people: dict[str, tuple[Role, dict[str, str]]]) -> Side:
    municipality = MunicipalityFactory(name=name, slug=slug, code=code)
    side = Side(municipality=municipality, users={})
    for key, (role, extra) in people.items():
        user = UserFactory(username=f"{slug}-{key}")
        organisation = {field_name: getattr(side, maker) for field_name, maker in extra.items()}
        MembershipFactory(user=user, municipality=municipality, role=role, **organisation)
        side.users[key] = user
    # Everything is made now, inside the module's transaction, so that no test's rollback loses it.
    for maker in MAKERS:
        getattr(side, maker)
    return side


def build_world() -> World:
    people = {
        "coordinator": (Role.COORDINATOR, {}),
        "unit_editor": (Role.UNIT_EDITOR, {"unit": "unit"}),
        "partner": (Role.PARTNER, {"partner": "partner"}),
        "viewer": (Role.VIEWER, {}),
    }
    own = _side("alingsas", "Alingsås kommun", "1489", people)
    other = _side("lerum", "Lerums kommun", "1441", people)
    own.neighbour, other.neighbour = other, own
    users = dict(own.users)
    users["outsider"] = other.users["coordinator"]
    return World(own=own, other=other, users=users)
