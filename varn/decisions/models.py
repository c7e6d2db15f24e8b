"""The political decision trail: cases, decisions, amendments, referral requirements, attachments."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from varn.core.locking import Locked
from varn.organisations.models import Municipality, TenantQuerySet


class CaseQuerySet(TenantQuerySet):
    def with_counts(self) -> CaseQuerySet:
        return self.annotate(
            decision_count=models.Count("decisions", distinct=True),
            open_requirement_count=models.Count(
                "decisions__requirements",
                filter=Q(decisions__requirements__status="open"),
                distinct=True,
            ),
        )


class Case(Locked):
    """An ärende. The dnr is an opaque string: every municipality writes it its own way."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="cases")
    dnr = models.CharField(_("diarienummer"), max_length=60)
    title = models.CharField(_("ärendemening"), max_length=300)
    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("program"),
    )

    objects = CaseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["dnr"]
        verbose_name = _("ärende")
        verbose_name_plural = _("ärenden")
        constraints = [models.UniqueConstraint(fields=["municipality", "dnr"], name="case_unique_dnr")]

    def __str__(self) -> str:
        return f"{self.dnr} {self.title}"

    def timeline(self) -> list[Decision]:
        """The case's decisions in date order (see `timeline_keys`)."""
        decisions = list(self.decisions.all())
        key = timeline_keys([(d.pk, d.meeting_date) for d in decisions])
        return sorted(decisions, key=lambda d: key[d.pk])


def timeline_keys(decisions: list[tuple[int, datetime.date | None]]) -> dict[int, tuple]:
    """Sort keys of a case's decisions, given as (pk, meeting date), in date order. An event whose
    date is not known stays where it was recorded: after the latest dated event recorded before it
    (so a pending KF adoption comes last, and an undated assignment stays between the decisions
    around it)."""
    key: dict[int, tuple] = {}
    last: tuple = (datetime.date.min, 0, 0)
    for pk, meeting_date in sorted(decisions):
        if meeting_date:
            key[pk] = (meeting_date, 0, pk)
            last = max(last, key[pk])
        else:
            key[pk] = (last[0], 1, pk)
    return key


def reference_of(body: str, meeting_date: datetime.date | None, paragraph: int | None) -> str:
    """A decision as protocols cite it: "KSAU 2025-10-22 § 170"."""
    parts = [body]
    if meeting_date:
        parts.append(meeting_date.isoformat())
    if paragraph:
        parts.append(f"§ {paragraph}")
    return " ".join(parts)


class ProtocolImport(models.Model):
    """A protocol read into a case, kept so that reading the same protocol again adds nothing twice.

    `text_hash` is a hash of the protocol's normalised text (see protocol.text_hash_of)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(
        "Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="protocol_imports"
    )
    text_hash = models.CharField(max_length=64)
    source_name = models.CharField(_("källa"), max_length=255, blank=True)
    body = models.CharField(_("organ"), max_length=150, blank=True)
    meeting_date = models.DateField(_("sammanträdesdatum"), null=True, blank=True)
    paragraphs = models.JSONField(_("paragrafer"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("inläst protokoll")
        verbose_name_plural = _("inlästa protokoll")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "text_hash"], name="protocolimport_unique_hash")
        ]

    def __str__(self) -> str:
        return self.source_name or self.text_hash[:12]


class Decision(Locked):
    class Kind(models.TextChoices):
        MOTION = "motion", _("Motion")
        DECISION = "decision", _("Beslut")
        REFERRAL_BACK = "referral_back", _("Återremiss")
        STATEMENT = "statement", _("Yttrande")
        PROPOSAL = "proposal", _("Förslag till beslut")
        ADOPTION = "adoption", _("Antagande")

    class Outcome(models.TextChoices):
        GRANTED = "granted", _("Bifall")
        REJECTED = "rejected", _("Avslag")
        REFERRED_BACK = "referred_back", _("Återremitterat")
        APPROVED = "approved", _("Godkänt")
        PROPOSED = "proposed", _("Föreslaget")
        ADOPTED = "adopted", _("Antaget")
        SUBMITTED = "submitted", _("Inlämnat")
        ASSIGNED = "assigned", _("Uppdrag givet")
        PENDING = "pending", _("Inte avgjort")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("ärende")
    )
    body = models.CharField(
        _("organ"), max_length=20, help_text=_("Förkortning, t.ex. KF, KS, KSAU, SN, KLK.")
    )
    body_name = models.CharField(_("organets namn"), max_length=150, blank=True)
    meeting_date = models.DateField(_("datum"), null=True, blank=True)
    paragraph = models.PositiveIntegerField(_("paragraf"), null=True, blank=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    outcome = models.CharField(_("utfall"), max_length=20, choices=Outcome.choices, blank=True)
    title = models.CharField(_("rubrik"), max_length=300, blank=True)
    text = models.TextField(_("beslutstext"), blank=True)
    source = models.ForeignKey(
        ProtocolImport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("inläst från"),
    )
    source_lines = models.CharField(_("rader i protokollet"), max_length=40, blank=True)

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting_date", "id"]
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")
        indexes = [models.Index(fields=["municipality", "case", "meeting_date"])]
        constraints = [
            # The natural key of a protocol paragraph: the same § of the same meeting is one decision.
            models.UniqueConstraint(
                fields=["municipality", "body", "meeting_date", "paragraph"],
                condition=Q(meeting_date__isnull=False, paragraph__isnull=False),
                name="decision_unique_paragraph",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_pending(self) -> bool:
        return self.outcome == self.Outcome.PENDING

    @property
    def reference(self) -> str:
        """As protocols cite it: "KSAU 2025-10-22 § 170"."""
        return reference_of(self.body, self.meeting_date, self.paragraph)


class Amendment(Locked):
    """A tillägg or ändring to a programme text, located as the protocol locates it."""

    class Operation(models.TextChoices):
        APPEND = "append", _("Lägg till efter")
        INSERT = "insert", _("Infoga")
        ADD_BULLET = "add_bullet", _("Lägg till punkt")
        REPLACE = "replace", _("Ersätt")
        DELETE = "delete", _("Stryk")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Föreslagen")
        DECIDED = "decided", _("Beslutad")
        APPLIED = "applied", _("Införd")
        REJECTED = "rejected", _("Avslagen")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="amendments")
    target_version = models.ForeignKey(
        "programs.ProgramVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="amendments"
    )
    label = models.CharField(_("benämning"), max_length=100, blank=True)
    page = models.PositiveIntegerField(_("sida"), null=True, blank=True)
    heading = models.CharField(_("rubrik"), max_length=300, blank=True)
    table = models.PositiveIntegerField(_("tabell"), null=True, blank=True)
    column = models.PositiveIntegerField(_("kolumn"), null=True, blank=True)
    anchor_text = models.TextField(_("efter texten"), blank=True)
    sentence = models.CharField(_("mening"), max_length=40, blank=True)
    operation = models.CharField(_("åtgärd"), max_length=20, choices=Operation.choices)
    text = models.TextField(_("ny text"), blank=True)
    old_text = models.TextField(_("tidigare text"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    position = models.PositiveIntegerField(default=0)
    # Provenance: the protocol it was read from, the words there, and where it went in.
    source = models.ForeignKey(
        ProtocolImport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("inläst från"),
    )
    source_text = models.TextField(_("protokollets lydelse"), blank=True)
    source_lines = models.CharField(_("rader i protokollet"), max_length=40, blank=True)
    applied_version = models.ForeignKey(
        "programs.ProgramVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applied_amendments",
        verbose_name=_("införd i version"),
    )
    applied_block = models.CharField(_("införd i block"), max_length=40, blank=True)
    applied_at = models.DateTimeField(_("införd"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "position"]
        verbose_name = _("tillägg/ändring")
        verbose_name_plural = _("tillägg/ändringar")

    def __str__(self) -> str:
        return self.label or f"{self.get_operation_display()} {self.pk}"

    def as_instruction(self) -> dict:
        """Plain data for documents.amendments.apply_amendments."""
        return {
            "label": self.label or str(self),
            "page": self.page,
            "heading": self.heading or None,
            "table": self.table,
            "column": self.column,
            "anchor_text": self.anchor_text or None,
            "sentence": self.sentence or None,
            "operation": self.operation,
            "text": self.text or None,
            "old_text": self.old_text or None,
            "decision": self.decision.reference,
        }

    def location_label(self) -> str:
        return location_of(self.page, self.heading, self.column, self.anchor_text)

    def mark_applied(self, *, by, version, block_uid: str) -> None:
        self.status = self.Status.APPLIED
        self.applied_version = version
        self.applied_block = block_uid[:40]
        self.applied_at = timezone.now()
        self.applied_by = by
        self._history_user = by
        self.save(update_fields=["status", "applied_version", "applied_block", "applied_at", "applied_by"])


class ReferralRequirement(Locked):
    """One requirement of a referral back (återremiss), tracked until it is met.

    What met it is a measure or a decision (foreign keys), or something that lives in another app
    (a follow-up report, a cooperation forum: stored as a label and a link), or a written
    explanation."""

    class Status(models.TextChoices):
        OPEN = "open", _("Öppen")
        RESOLVED = "resolved", _("Tillgodosedd")

    class ResolutionKind(models.TextChoices):
        MEASURE = "measure", _("Insats")
        REPORT = "report", _("Rapport")
        FORUM = "forum", _("Samverkansforum")
        DECISION = "decision", _("Beslut")
        EXPLANATION = "explanation", _("Skriftlig förklaring")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="requirements")
    text = models.TextField(_("krav"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    resolution_kind = models.CharField(
        _("tillgodosett genom"), max_length=20, choices=ResolutionKind.choices, blank=True
    )
    resolved_measure = models.ForeignKey(
        "programs.Measure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resolved_requirements",
        verbose_name=_("insats"),
    )
    resolved_decision = models.ForeignKey(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resolved_requirements",
        verbose_name=_("beslut"),
    )
    resolution_label = models.CharField(_("hänvisning"), max_length=200, blank=True)
    resolution_url = models.CharField(_("länk"), max_length=300, blank=True)
    resolution = models.TextField(_("hur kravet möttes"), blank=True)
    resolved_on = models.DateField(_("tillgodosett"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source_lines = models.CharField(_("rader i protokollet"), max_length=40, blank=True)
    position = models.PositiveIntegerField(default=0)

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "position"]
        verbose_name = _("krav vid återremiss")
        verbose_name_plural = _("krav vid återremiss")

    def __str__(self) -> str:
        return self.text

    @property
    def is_resolved(self) -> bool:
        return self.status == self.Status.RESOLVED

    def resolved_by_label(self) -> str:
        """What met the requirement, in words: "Insats 4.2.1 Redovisning av …"."""
        kind = self.ResolutionKind
        measure = decision = None  # read only when the label names them
        if self.resolution_kind == kind.MEASURE and self.resolved_measure_id:
            measure = str(self.resolved_measure)
        if self.resolution_kind == kind.DECISION and self.resolved_decision_id:
            decision = str(self.resolved_decision)
        return resolution_of(self.resolution_kind, measure, decision, self.resolution_label)

    @transaction.atomic
    def resolve(
        self,
        *,
        by,
        kind: str,
        measure=None,
        decision: Decision | None = None,
        label: str = "",
        url: str = "",
        explanation: str = "",
        on: datetime.date | None = None,
    ) -> None:
        """Record what met the requirement. Refuses a resolution that points at nothing."""
        k = self.ResolutionKind
        if kind == k.MEASURE and measure is None:
            raise ValidationError(_("Välj den insats som tillgodoser kravet."))
        if kind == k.DECISION and decision is None:
            raise ValidationError(_("Välj det beslut som tillgodoser kravet."))
        if kind in (k.REPORT, k.FORUM) and not label:
            raise ValidationError(_("Ange vilken rapport eller vilket forum som tillgodoser kravet."))
        if kind == k.EXPLANATION and not explanation.strip():
            raise ValidationError(_("Skriv hur kravet har tillgodosetts."))
        for obj in (measure, decision):
            if obj is not None and obj.municipality_id != self.municipality_id:
                raise ValidationError(_("Det valda hör till en annan kommun."))
        self.status = self.Status.RESOLVED
        self.resolution_kind = kind
        self.resolved_measure = measure if kind == k.MEASURE else None
        self.resolved_decision = decision if kind == k.DECISION else None
        self.resolution_label = label if kind in (k.REPORT, k.FORUM) else ""
        self.resolution_url = url if kind in (k.REPORT, k.FORUM) else ""
        self.resolution = explanation
        self.resolved_on = on or timezone.localdate()
        self.resolved_by = by
        self._history_user = by
        self.save()

    def reopen(self, *, by) -> None:
        self.status = self.Status.OPEN
        self.resolved_on = None
        self._history_user = by
        self.save(update_fields=["status", "resolved_on"])


def location_of(page: int | None, heading: str, column: int | None, anchor_text: str) -> str:
    """Where an amendment goes, in words: "sidan 6, rubriken Samverkan"."""
    parts = []
    if page:
        parts.append(_("sidan %(n)s") % {"n": page})
    if heading:
        parts.append(_("rubriken %(h)s") % {"h": heading})
    if column:
        parts.append(_("kolumn %(n)s") % {"n": column})
    if anchor_text:
        parts.append(_("efter ”%(t)s”") % {"t": anchor_text})
    return ", ".join(str(p) for p in parts)


def resolution_of(kind: str, measure: str | None, decision: str | None, label: str) -> str:
    """What met a referral requirement, in words, from its resolution kind, the measure's and the
    decision's names (None when it points at none) and its label."""
    kinds = ReferralRequirement.ResolutionKind
    if kind == kinds.MEASURE and measure is not None:
        return f"{kinds.MEASURE.label} {measure}"
    if kind == kinds.DECISION and decision is not None:
        return f"{kinds.DECISION.label} {decision}"
    if kind in (kinds.REPORT, kinds.FORUM) and label:
        return f"{kinds(kind).label}: {label}"
    if kind == kinds.EXPLANATION:
        return str(kinds.EXPLANATION.label)
    return ""


class Attachment(Locked):
    """Beslutsunderlag: a document a decision was based on."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("titel"), max_length=300)
    date = models.DateField(_("datum"), null=True, blank=True)
    file = models.FileField(_("fil"), upload_to="attachments/%Y/", blank=True)
    file_name = models.CharField(_("filnamn"), max_length=255, blank=True)
    file_kind = models.CharField(_("filtyp"), max_length=10, blank=True)
    file_size = models.PositiveIntegerField(_("storlek"), null=True, blank=True)
    source = models.ForeignKey(
        ProtocolImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="attachments"
    )
    position = models.PositiveIntegerField(default=0)

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "position"]
        verbose_name = _("beslutsunderlag")
        verbose_name_plural = _("beslutsunderlag")

    def __str__(self) -> str:
        return self.title
