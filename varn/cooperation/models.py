"""Cooperation: the forums in which the administrations cooperate with each other and with partners
(the unions among them), their meetings with participant counts per organisation, and the action
points the meetings agree on."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from varn.core.locking import Locked
from varn.organisations.models import Municipality, Partner, TenantQuerySet, Unit

if TYPE_CHECKING:
    from varn.organisations.models import Membership
    from varn.programs.models import Measure

# The national open comparisons ask whether a written cooperation agreement has been followed up
# within the last 24 months.
FOLLOW_UP_MONTHS = 24


def follow_up_cutoff(today: datetime.date) -> datetime.date:
    """The day 24 months before `today`; a follow-up before it is overdue."""
    years = FOLLOW_UP_MONTHS // 12
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Varje månad")
    QUARTERLY = "quarterly", _("Varje kvartal")
    TWICE_A_YEAR = "twice_a_year", _("Två gånger per år")
    YEARLY = "yearly", _("En gång per år")
    AS_NEEDED = "as_needed", _("Vid behov")


class ForumQuerySet(TenantQuerySet):
    def visible_to(self, membership: Membership) -> ForumQuerySet:
        """Partners see only the forums they take part in; every other role sees all."""
        qs = self.filter(municipality=membership.municipality)
        if membership.is_partner:
            qs = qs.filter(member_partners=membership.partner_id)
        return qs

    def with_union_flag(self) -> ForumQuerySet:
        """Annotate `has_union_members`: whether a union is among the members. Union participation
        is derived from the members, never stored apart from them, so it cannot go stale."""
        unions = Forum.member_partners.through.objects.filter(
            forum_id=OuterRef("pk"), partner__kind=Partner.Kind.UNION
        )
        return self.annotate(has_union_members=Exists(unions))

    def including_unions(self) -> ForumQuerySet:
        return self.with_union_flag().filter(has_union_members=True)

    def due_for_follow_up(self, today: datetime.date | None = None) -> ForumQuerySet:
        """Forums with a written agreement never followed up, or not within 24 months."""
        return self.agreement_not_followed_up_since(follow_up_cutoff(today or timezone.localdate()))

    def agreement_not_followed_up_since(self, cutoff: datetime.date) -> ForumQuerySet:
        """Forums with a written agreement never followed up, or last followed up before `cutoff`."""
        return self.filter(has_written_agreement=True).filter(
            Q(last_followed_up__isnull=True) | Q(last_followed_up__lt=cutoff)
        )

    def carrying(self, measure: Measure) -> ForumQuerySet:
        return self.filter(measures=measure)


class Forum(Locked):
    """A standing cooperation: a working group, a cooperation group with the unions, an agreement
    with the police. Its members are units and partners; its agreement is followed up."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("namn"), max_length=200)
    purpose = models.TextField(_("syfte"), max_length=3000)
    member_units = models.ManyToManyField(
        Unit, blank=True, related_name="forums", verbose_name=_("förvaltningar som deltar")
    )
    member_partners = models.ManyToManyField(
        Partner, blank=True, related_name="forums", verbose_name=_("samverkansparter som deltar")
    )
    frequency = models.CharField(
        _("mötesfrekvens"), max_length=20, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    has_written_agreement = models.BooleanField(_("skriftlig överenskommelse"), default=False)
    agreement_date = models.DateField(_("överenskommelsen gäller från"), null=True, blank=True)
    agreement_decided_by = models.CharField(
        _("beslutad av"),
        max_length=300,
        blank=True,
        help_text=_("Vem som beslutade överenskommelsen, t.ex. ”Kommunstyrelsen 2025-12-03 § 201”."),
    )
    agreement_decision = models.ForeignKey(
        "decisions.Decision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forums",
        verbose_name=_("beslut i beslutskedjan"),
    )
    last_followed_up = models.DateField(_("senast uppföljd"), null=True, blank=True)
    measures = models.ManyToManyField(
        "programs.Measure", blank=True, related_name="forums", verbose_name=_("insatser som forumet bär")
    )
    is_active = models.BooleanField(_("aktivt"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ForumQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[member_units, member_partners, measures])

    class Meta:
        ordering = ["name"]
        verbose_name = _("samverkansforum")
        verbose_name_plural = _("samverkansforum")
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="forum_unique_name")]
        indexes = [
            models.Index(fields=["municipality", "name"]),
            models.Index(fields=["municipality", "last_followed_up"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def includes_unions(self) -> bool:
        """Whether a union takes part, derived from the members (the annotation when present)."""
        annotated = getattr(self, "has_union_members", None)
        if annotated is not None:
            return bool(annotated)
        return any(p.kind == Partner.Kind.UNION for p in self.member_partners.all())

    def is_due_for_follow_up(self, today: datetime.date | None = None) -> bool:
        if not self.has_written_agreement:
            return False
        if self.last_followed_up is None:
            return True
        return self.last_followed_up < follow_up_cutoff(today or timezone.localdate())

    @property
    def decided_by_label(self) -> str:
        if self.agreement_decision_id and self.agreement_decision:
            return self.agreement_decision.reference
        return self.agreement_decided_by

    def has_member_unit(self, unit_id: int | None) -> bool:
        return unit_id is not None and any(u.pk == unit_id for u in self.member_units.all())

    def can_record_meetings(self, membership: Membership) -> bool:
        """The coordinator, and a unit editor whose unit takes part."""
        if membership.municipality_id != self.municipality_id:
            return False
        return membership.is_coordinator or (
            membership.is_unit_editor and self.has_member_unit(membership.unit_id)
        )

    def mark_followed_up(self, *, by, on: datetime.date) -> None:
        self.last_followed_up = on
        self._history_user = by
        self.save(update_fields=["last_followed_up"])


class ForumMeeting(Locked):
    """A meeting of a forum: when, how many took part from each organisation (never who), notes."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("forum")
    )
    date = models.DateField(_("datum"))
    notes = models.TextField(_("anteckningar"), max_length=5000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("samverkansmöte")
        verbose_name_plural = _("samverkansmöten")
        indexes = [models.Index(fields=["municipality", "forum", "date"])]

    def __str__(self) -> str:
        return f"{self.forum} {self.date:%Y-%m-%d}"

    @property
    def participant_total(self) -> int:
        return sum(a.participants for a in self.attendance.all())

    @transaction.atomic
    def set_attendance(self, counts: dict[tuple[str, int], int], *, by) -> None:
        """Replace the participant counts: {("unit"|"partner", id): count}. Zero counts are not kept."""
        self.attendance.all().delete()
        for (kind, pk), participants in counts.items():
            if not participants:
                continue
            row = MeetingAttendance(
                municipality_id=self.municipality_id,
                meeting=self,
                unit_id=pk if kind == "unit" else None,
                partner_id=pk if kind == "partner" else None,
                participants=participants,
            )
            row._history_user = by  # type: ignore[attr-defined]
            row.save()


class MeetingAttendance(models.Model):
    """How many took part in a meeting from one organisation. A count, never names."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(ForumMeeting, on_delete=models.CASCADE, related_name="attendance")
    unit = models.ForeignKey(Unit, on_delete=models.RESTRICT, null=True, blank=True, related_name="+")
    partner = models.ForeignKey(Partner, on_delete=models.RESTRICT, null=True, blank=True, related_name="+")
    participants = models.PositiveIntegerField(_("antal deltagare"))

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deltagande")
        verbose_name_plural = _("deltagande")
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(partner__isnull=True))
                | (Q(unit__isnull=True) & Q(partner__isnull=False)),
                name="attendance_unit_xor_partner",
                violation_error_message=_("Ange antingen en förvaltning eller en samverkanspart."),
            ),
            models.UniqueConstraint(fields=["meeting", "unit"], name="attendance_unique_unit"),
            models.UniqueConstraint(fields=["meeting", "partner"], name="attendance_unique_partner"),
        ]
        indexes = [models.Index(fields=["municipality", "meeting"])]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.participants}"

    @property
    def organisation(self) -> Unit | Partner | None:
        return self.unit or self.partner


class ActionPointQuerySet(TenantQuerySet):
    def open(self) -> ActionPointQuerySet:
        return self.exclude(status=ActionPoint.Status.DONE)

    def overdue(self, today: datetime.date | None = None) -> ActionPointQuerySet:
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def visible_to(self, membership: Membership) -> ActionPointQuerySet:
        qs = self.filter(municipality=membership.municipality)
        if membership.is_partner:
            qs = qs.filter(meeting__forum__member_partners=membership.partner_id)
        return qs


class ActionPoint(Locked):
    """Something a meeting agreed to do, with the organisation that owns it and a due date."""

    class Status(models.TextChoices):
        OPEN = "open", _("Öppen")
        IN_PROGRESS = "in_progress", _("Pågår")
        DONE = "done", _("Klar")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(
        ForumMeeting, on_delete=models.CASCADE, related_name="action_points", verbose_name=_("möte")
    )
    text = models.TextField(_("åtgärd"), max_length=1000)
    owner_unit = models.ForeignKey(
        Unit,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarig förvaltning"),
    )
    owner_partner = models.ForeignKey(
        Partner,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarig part"),
    )
    due_date = models.DateField(_("klart senast"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionPointQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("åtgärdspunkt")
        verbose_name_plural = _("åtgärdspunkter")
        constraints = [
            models.CheckConstraint(
                condition=(Q(owner_unit__isnull=False) & Q(owner_partner__isnull=True))
                | (Q(owner_unit__isnull=True) & Q(owner_partner__isnull=False)),
                name="action_owner_unit_xor_partner",
                violation_error_message=_("Ange en ansvarig: en förvaltning eller en samverkanspart."),
            )
        ]
        indexes = [models.Index(fields=["municipality", "status", "due_date"])]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:77] + "…"

    @property
    def owner(self) -> Unit | Partner | None:
        return self.owner_unit or self.owner_partner

    @property
    def is_overdue(self) -> bool:
        return self.status != self.Status.DONE and self.due_date < timezone.localdate()
