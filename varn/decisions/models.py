"""The political decision trail: cases, decisions, amendments, referral requirements, attachments."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from varn.organisations.models import Municipality, TenantQuerySet


class Case(models.Model):
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

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["dnr"]
        verbose_name = _("ärende")
        verbose_name_plural = _("ärenden")
        constraints = [models.UniqueConstraint(fields=["municipality", "dnr"], name="case_unique_dnr")]

    def __str__(self) -> str:
        return f"{self.dnr} {self.title}"


class Decision(models.Model):
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

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting_date", "id"]
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")
        indexes = [models.Index(fields=["municipality", "case", "meeting_date"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """As protocols cite it: "KSAU 2025-10-22 § 170"."""
        parts = [self.body]
        if self.meeting_date:
            parts.append(self.meeting_date.isoformat())
        if self.paragraph:
            parts.append(f"§ {self.paragraph}")
        return " ".join(parts)


class Amendment(models.Model):
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

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "position"]
        verbose_name = _("tillägg/ändring")
        verbose_name_plural = _("tillägg/ändringar")

    def __str__(self) -> str:
        return self.label or f"{self.get_operation_display()} {self.pk}"


class ReferralRequirement(models.Model):
    """One requirement of a referral back (återremiss), tracked until it is met."""

    class Status(models.TextChoices):
        OPEN = "open", _("Öppen")
        RESOLVED = "resolved", _("Tillgodosedd")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="requirements")
    text = models.TextField(_("krav"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    resolution = models.TextField(_("hur kravet möttes"), blank=True)
    resolved_on = models.DateField(_("tillgodosett"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "position"]
        verbose_name = _("krav vid återremiss")
        verbose_name_plural = _("krav vid återremiss")

    def __str__(self) -> str:
        return self.text


class Attachment(models.Model):
    """Beslutsunderlag: a document a decision was based on."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("titel"), max_length=300)
    date = models.DateField(_("datum"), null=True, blank=True)
    file = models.FileField(_("fil"), upload_to="attachments/%Y/", blank=True)
    position = models.PositiveIntegerField(default=0)

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "position"]
        verbose_name = _("beslutsunderlag")
        verbose_name_plural = _("beslutsunderlag")

    def __str__(self) -> str:
        return self.title
