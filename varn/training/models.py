"""Training: the course catalogue, training given to units and partners (as counts, never as named
people), the programme's coverage targets and the basic training offered to the unions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from varn.core.locking import Locked
from varn.organisations.models import Municipality, Partner, TenantQuerySet, Unit
from varn.programs.models import Program, TargetGroup, ViolenceScope

if TYPE_CHECKING:
    from varn.organisations.models import Membership


class CourseLevel(models.TextChoices):
    BASIC = "basic", _("Basutbildning")
    DEEPENED = "deepened", _("Fördjupad utbildning")
    SPECIALIST = "specialist", _("Specialistutbildning")


class CourseFormat(models.TextChoices):
    WEB = "web", _("Webbutbildning")
    TEACHER_LED = "teacher_led", _("Lärarledd")
    PEER = "peer", _("Kollegialt lärande")


class Course(Locked):
    """A course in the municipality's catalogue, e.g. the national web course on violence."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("namn"), max_length=200)
    level = models.CharField(_("nivå"), max_length=20, choices=CourseLevel.choices)
    provider = models.CharField(_("anordnare"), max_length=200)
    format = models.CharField(_("form"), max_length=20, choices=CourseFormat.choices)
    hours = models.DecimalField(
        _("omfattning (timmar)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    violence_scopes = models.JSONField(_("våldsformer"), default=list, blank=True)
    url = models.URLField(_("webbadress"), blank=True)
    description = models.TextField(_("beskrivning"), max_length=2000, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("utbildning")
        verbose_name_plural = _("utbildningar")
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="course_unique_name")]
        indexes = [models.Index(fields=["municipality", "level"])]

    def __str__(self) -> str:
        return self.name

    def violence_scope_labels(self) -> list[str]:
        return [
            str(ViolenceScope(code).label) for code in self.violence_scopes if code in ViolenceScope.values
        ]


class TrainingEffortQuerySet(TenantQuerySet):
    def for_program(self, program: Program) -> TrainingEffortQuerySet:
        return self.filter(program=program)

    def recorded_by(self, membership: Membership) -> TrainingEffortQuerySet:
        """What a membership may change: everything for the coordinator, the own organisation's
        figures for a unit editor or a partner, nothing for a viewer."""
        qs = self.filter(municipality=membership.municipality)
        if membership.is_coordinator:
            return qs
        if membership.is_unit_editor and membership.unit_id:
            return qs.filter(unit_id=membership.unit_id)
        if membership.is_partner and membership.partner_id:
            return qs.filter(partner_id=membership.partner_id)
        return qs.none()

    def listed_for(self, membership: Membership) -> TrainingEffortQuerySet:
        """The rows a membership sees in the list of training figures. Partners see their own
        organisation's rows; every other role reads them all (coverage is shown to all roles)."""
        qs = self.filter(municipality=membership.municipality)
        if membership.is_partner:
            return qs.filter(partner_id=membership.partner_id)
        return qs


class TrainingEffort(Locked):
    """A course given to one unit or one partner, for a target group, in a year (or between two
    dates within the programme period): sessions, participants and the size of the target group.

    Coverage is participants / target population. Only counts are kept, never who took part."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="training_efforts", verbose_name=_("program")
    )
    course = models.ForeignKey(
        Course, on_delete=models.RESTRICT, related_name="efforts", verbose_name=_("utbildning")
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="training_efforts",
        verbose_name=_("förvaltning"),
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="training_efforts",
        verbose_name=_("samverkanspart"),
    )
    target_group = models.ForeignKey(
        TargetGroup, on_delete=models.RESTRICT, related_name="training_efforts", verbose_name=_("målgrupp")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    start_date = models.DateField(_("startdatum"), null=True, blank=True)
    end_date = models.DateField(_("slutdatum"), null=True, blank=True)
    sessions = models.PositiveIntegerField(_("antal tillfällen"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("antal deltagare"))
    target_population = models.PositiveIntegerField(
        _("målgruppens storlek"),
        null=True,
        blank=True,
        help_text=_("Hur många som ingår i målgruppen i organisationen. Lämna tomt om det inte är känt."),
    )
    note = models.TextField(_("kommentar"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TrainingEffortQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "course__name"]
        verbose_name = _("utbildningsinsats")
        verbose_name_plural = _("utbildningsinsatser")
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(partner__isnull=True))
                | (Q(unit__isnull=True) & Q(partner__isnull=False)),
                name="effort_unit_xor_partner",
                violation_error_message=_("Ange antingen en förvaltning eller en samverkanspart."),
            ),
            models.CheckConstraint(
                condition=Q(target_population__isnull=True)
                | Q(participants__lte=models.F("target_population")),
                name="effort_participants_within_population",
                violation_error_message=_("Antal deltagare kan inte vara fler än målgruppens storlek."),
            ),
            models.CheckConstraint(
                condition=(Q(start_date__isnull=True) & Q(end_date__isnull=True))
                | (
                    Q(start_date__isnull=False)
                    & Q(end_date__isnull=False)
                    & Q(end_date__gte=models.F("start_date"))
                ),
                name="effort_dates_pair_in_order",
                violation_error_message=_("Ange både start- och slutdatum, och slutdatum efter startdatum."),
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "program", "year"]),
            models.Index(fields=["municipality", "unit"]),
            models.Index(fields=["municipality", "partner"]),
        ]

    def __str__(self) -> str:
        return f"{self.course} – {self.organisation} {self.year}"

    @property
    def organisation(self) -> Unit | Partner | None:
        return self.unit or self.partner

    @property
    def coverage(self) -> float | None:
        """Share of the target group trained; None (missing, not zero) when the size is unknown."""
        if not self.target_population:
            return None
        return self.participants / self.target_population

    @property
    def period_label(self) -> str:
        if self.start_date and self.end_date:
            return f"{self.start_date:%Y-%m-%d} – {self.end_date:%Y-%m-%d}"
        return str(self.year)

    def can_be_changed_by(self, membership: Membership) -> bool:
        if membership.municipality_id != self.municipality_id:
            return False
        if membership.is_coordinator:
            return True
        if membership.is_unit_editor:
            return self.unit_id is not None and self.unit_id == membership.unit_id
        if membership.is_partner:
            return self.partner_id is not None and self.partner_id == membership.partner_id
        return False


class TrainingTarget(Locked):
    """A coverage target of the programme, e.g. 80 % of staff with basic training by the end of 2027.
    Without a target group it applies to every group."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="training_targets", verbose_name=_("program")
    )
    level = models.CharField(_("nivå"), max_length=20, choices=CourseLevel.choices)
    target_group = models.ForeignKey(
        TargetGroup,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("målgrupp"),
        help_text=_("Lämna tomt om målet gäller alla målgrupper."),
    )
    share = models.PositiveSmallIntegerField(_("andel (%)"))
    deadline = models.DateField(pgettext_lazy("deadline", "senast"))
    description = models.CharField(_("beskrivning"), max_length=300, blank=True)

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["program", "level", "target_group__name"]
        verbose_name = _("utbildningsmål")
        verbose_name_plural = _("utbildningsmål")
        constraints = [
            models.CheckConstraint(
                condition=Q(share__gte=1) & Q(share__lte=100),
                name="target_share_percent",
                violation_error_message=_("Ange en andel mellan 1 och 100 procent."),
            )
        ]
        indexes = [models.Index(fields=["municipality", "program"])]

    def __str__(self) -> str:
        group = self.target_group.name if self.target_group_id and self.target_group else _("alla målgrupper")
        return _("%(share)s %% %(level)s (%(group)s) senast %(deadline)s") % {
            "share": self.share,
            "level": self.get_level_display().lower(),
            "group": group,
            "deadline": f"{self.deadline:%Y-%m-%d}",
        }


class UnionTrainingOffer(Locked):
    """Basic training offered to a union (Tillägg 2 of KSAU 2025-10-22 § 170). Recorded per
    organisation: who in the union took part is never stored, since union membership is
    special-category personal data."""

    class Status(models.TextChoices):
        OFFERED = "offered", _("Erbjuden")
        ACCEPTED = "accepted", _("Accepterad")
        COMPLETED = "completed", _("Genomförd")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="union_offers", verbose_name=_("program")
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.RESTRICT,
        related_name="training_offers",
        verbose_name=_("facklig organisation"),
    )
    course = models.ForeignKey(
        Course, on_delete=models.RESTRICT, related_name="union_offers", verbose_name=_("utbildning")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OFFERED)
    offered_on = models.DateField(_("erbjuden"))
    accepted_on = models.DateField(_("accepterad"), null=True, blank=True)
    completed_on = models.DateField(_("genomförd"), null=True, blank=True)
    note = models.TextField(_("kommentar"), max_length=2000, blank=True)

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["partner__name", "offered_on"]
        verbose_name = _("erbjudande till facklig part")
        verbose_name_plural = _("erbjudanden till fackliga parter")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "partner", "course"],
                name="offer_unique_per_course",
                violation_error_message=_(
                    "Den fackliga organisationen har redan fått den utbildningen erbjuden."
                ),
            )
        ]
        indexes = [models.Index(fields=["municipality", "program"])]

    def __str__(self) -> str:
        return f"{self.partner} – {self.course} ({self.get_status_display()})"

    def can_be_changed_by(self, membership: Membership) -> bool:
        """The coordinator; and the union itself, to record that it accepted or completed."""
        if membership.municipality_id != self.municipality_id:
            return False
        return membership.is_coordinator or (
            membership.is_partner and membership.partner_id == self.partner_id
        )
