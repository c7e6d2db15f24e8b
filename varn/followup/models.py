"""Follow-up before revision: costs and time per measure, follow-up rounds with questions and the
administrations' answers, the reminders sent about them, the frozen reports to the politicians and
the revision items that carry each measure's conclusion into the next programme version."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from varn.core.locking import Locked
from varn.organisations.models import Municipality, TenantQuerySet, Unit
from varn.programs.models import Measure, Program, ProgramVersion


class FollowUpError(ValidationError):
    """A refused change, with a Swedish message for the user."""


# Costs and time


class CostCategory(models.TextChoices):
    STAFF_TIME = "staff_time", _("Personaltid")
    EXTERNAL_SERVICE = "external_service", _("Extern tjänst")
    MATERIAL = "material", _("Material")
    PREMISES = "premises", _("Lokaler")
    TRAVEL = "travel", _("Resor")


class Funding(models.TextChoices):
    EXISTING_BUDGET = "existing_budget", _("Inom befintlig ram")
    STATE_GRANT = "state_grant", _("Statsbidrag")
    PROJECT = "project", _("Projektmedel")


class CostBasis(models.TextChoices):
    ACTUAL = "actual", _("Utfall")
    ESTIMATE = "estimate", _("Uppskattning")


class CostEntryQuerySet(TenantQuerySet):
    def for_program(self, program: Program) -> CostEntryQuerySet:
        return self.filter(measure__program=program)


class CostEntry(Locked):
    """Time and money one administration put into one measure in one year.

    Staff time is recorded as hours and valued at the municipality's hourly cost when totals are
    made; every other category is recorded as an amount in SEK (see ADR 0031)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="cost_entries", verbose_name=_("insats")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.RESTRICT, related_name="cost_entries", verbose_name=_("förvaltning")
    )
    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    category = models.CharField(_("kostnadsslag"), max_length=20, choices=CostCategory.choices)
    hours = models.DecimalField(
        _("timmar"),
        max_digits=9,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"), _("Antalet timmar kan inte vara negativt."))],
    )
    amount = models.DecimalField(
        _("belopp (kr)"),
        max_digits=12,
        decimal_places=0,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"), _("Beloppet kan inte vara negativt."))],
    )
    funding = models.CharField(
        _("finansiering"), max_length=20, choices=Funding.choices, default=Funding.EXISTING_BUDGET
    )
    basis = models.CharField(_("typ av uppgift"), max_length=20, choices=CostBasis.choices)
    note = models.CharField(_("kommentar"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CostEntryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "measure__code", "pk"]
        verbose_name = _("kostnadspost")
        verbose_name_plural = _("kostnadsposter")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gte=0),
                name="costentry_hours_not_negative",
                violation_error_message=_("Antalet timmar kan inte vara negativt."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="costentry_amount_not_negative",
                violation_error_message=_("Beloppet kan inte vara negativt."),
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "year"]),
            models.Index(fields=["municipality", "unit"]),
            models.Index(fields=["municipality", "measure"]),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.year} – {self.get_category_display()}"

    @property
    def is_staff_time(self) -> bool:
        return self.category == CostCategory.STAFF_TIME

    def value(self, hourly_cost: Decimal) -> Decimal:
        """The entry in SEK: hours at the hourly cost for staff time, else the amount."""
        return self.hours * hourly_cost + self.amount

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.is_staff_time:
            if not self.hours:
                errors["hours"] = str(_("Ange antalet timmar för personaltid."))
            if self.amount:
                errors["amount"] = str(
                    _(
                        "För personaltid anges timmar, inte belopp: timmarna värderas med kommunens "
                        "timkostnad."
                    )
                )
        else:
            if self.hours:
                errors["hours"] = str(
                    _("Timmar anges bara för personaltid. Ange kostnaden för detta slag som belopp.")
                )
            if not self.amount:
                errors["amount"] = str(_("Ange beloppet i kronor."))
        if self.measure_id and self.municipality_id and self.measure.municipality_id != self.municipality_id:
            errors["measure"] = str(_("Insatsen hör till en annan kommun."))
        if errors:
            raise ValidationError(errors)


# Follow-up rounds


class Conclusion(models.TextChoices):
    KEEP = "keep", _("Behåll")
    CHANGE = "change", _("Ändra")
    END = "end", _("Avsluta")


class FollowUpRoundQuerySet(TenantQuerySet):
    def open(self) -> FollowUpRoundQuerySet:
        return self.filter(status=FollowUpRound.Status.OPEN)


class FollowUpRound(Locked):
    class Kind(models.TextChoices):
        BEFORE_REVISION = "before_revision", _("Uppföljning inför revidering")
        INTERIM = "interim", _("Deluppföljning")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        OPEN = "open", _("Öppen")
        CLOSED = "closed", _("Avslutad")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="follow_up_rounds", verbose_name=_("program")
    )
    title = models.CharField(_("rubrik"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.BEFORE_REVISION)
    introduction = models.TextField(_("inledning till förvaltningarna"), max_length=5000, blank=True)
    deadline = models.DateField(_("sista svarsdag"))
    reminder_days = models.PositiveSmallIntegerField(
        _("påminnelse dagar före sista svarsdag"),
        default=7,
        validators=[MaxValueValidator(60)],
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    opened_at = models.DateTimeField(_("öppnad"), null=True, blank=True)
    closed_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FollowUpRoundQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("uppföljningsomgång")
        verbose_name_plural = _("uppföljningsomgångar")
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("followup:round-detail", args=[self.municipality.slug, self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def is_past_deadline(self, today: datetime.date | None = None) -> bool:
        return (today or timezone.localdate()) > self.deadline

    def ensure_draft(self) -> None:
        if not self.is_draft:
            raise FollowUpError(_("Omgången är redan öppnad; frågorna kan inte längre ändras."))

    def add_default_questions(self, *, by=None) -> list[FollowUpQuestion]:
        return bulk_create_with_history(
            [
                FollowUpQuestion(
                    municipality_id=self.municipality_id,
                    round=self,
                    order=position,
                    key=key,
                    category=category,
                    text=str(text),
                    help_text=str(help_text),
                )
                for position, (key, category, text, help_text) in enumerate(DEFAULT_QUESTIONS, 1)
            ],
            FollowUpQuestion,
            default_user=by,
        )

    def previous_round(self) -> FollowUpRound | None:
        """The latest earlier round of the same programme that was opened."""
        return (
            FollowUpRound.objects.filter(program_id=self.program_id, opened_at__isnull=False)
            .exclude(pk=self.pk)
            .order_by("-opened_at", "-pk")
            .first()
        )

    @transaction.atomic
    def open(self, *, by, today: datetime.date | None = None) -> list[FollowUpResponse]:
        """Open the round: one response per measure and responsible unit, pre-filled from the
        previous round. Refuses a round without questions, measures, or with a deadline passed."""
        today = today or timezone.localdate()
        if self.status != self.Status.DRAFT:
            raise FollowUpError(_("Omgången är redan öppnad."))
        if not self.questions.exists():
            raise FollowUpError(_("Omgången har inga frågor. Lägg till minst en fråga innan du öppnar den."))
        if self.deadline < today:
            raise FollowUpError(
                _("Sista svarsdag (%(date)s) har redan passerat. Välj ett senare datum.")
                % {"date": self.deadline.isoformat()}
            )
        measures = list(Measure.objects.filter(program_id=self.program_id).only("pk", "responsible_unit_id"))
        if not measures:
            raise FollowUpError(_("Programmet har inga insatser att följa upp."))
        responses = bulk_create_with_history(
            [
                FollowUpResponse(
                    municipality_id=self.municipality_id,
                    round=self,
                    measure_id=m.pk,
                    unit_id=m.responsible_unit_id,
                )
                for m in measures
            ],
            FollowUpResponse,
            batch_size=500,
            default_user=by,
        )
        previous = self.previous_round()
        if previous is not None:
            self._prefill(previous, responses, by=by)
        self.status = self.Status.OPEN
        self.opened_at = timezone.now()
        self._history_user = by
        self.save(update_fields=["status", "opened_at"])
        return responses

    def _prefill(self, previous: FollowUpRound, responses: list[FollowUpResponse], *, by) -> None:
        """Copy the previous round's answers (matched by question key) and conclusions."""
        questions = {q.key: q for q in self.questions.all() if q.key}
        earlier = {
            r.measure_id: r
            for r in FollowUpResponse.objects.filter(round=previous).prefetch_related(
                models.Prefetch("answers", queryset=FollowUpAnswer.objects.select_related("question"))
            )
        }
        answers = []
        changed = []
        for response in responses:
            before = earlier.get(response.measure_id)
            if before is None:
                continue
            response.prefilled_from = before
            response.conclusion = before.conclusion
            changed.append(response)
            for answer in before.answers.all():
                question = questions.get(answer.question.key)
                if question is not None and answer.text:
                    answers.append(
                        FollowUpAnswer(
                            municipality_id=self.municipality_id,
                            response=response,
                            question=question,
                            text=answer.text,
                            is_prefilled=True,
                        )
                    )
        if changed:
            bulk_update_with_history(
                changed, FollowUpResponse, ["prefilled_from", "conclusion"], batch_size=500, default_user=by
            )
        if answers:
            bulk_create_with_history(answers, FollowUpAnswer, batch_size=500, default_user=by)

    def close(self, *, by) -> None:
        if self.status != self.Status.OPEN:
            raise FollowUpError(_("Bara en öppen omgång kan avslutas."))
        self.status = self.Status.CLOSED
        self.closed_at = timezone.now()
        self._history_user = by
        self.save(update_fields=["status", "closed_at"])


class QuestionCategory(models.TextChoices):
    OUTPUT = "output", _("Genomförande och räckvidd")
    PROCESS = "process", _("Process")
    EFFECT = "effect", _("Effekt")
    COOPERATION = "cooperation", _("Samverkan")
    COSTS = "costs", _("Kostnader")
    REVISION = "revision", _("Inför revidering")


# The default questions follow the national guidance on following up violence prevention work
# (output, process, effect) and add what KSAU asked for: cooperation, costs, and the revision.
DEFAULT_QUESTIONS = [
    (
        "output",
        QuestionCategory.OUTPUT,
        _("Vad har genomförts inom insatsen, och vilka har den nått?"),
        _("Beskriv aktiviteter och ungefär hur många i målgruppen som nåtts. Inga uppgifter om enskilda."),
    ),
    (
        "process",
        QuestionCategory.PROCESS,
        _("Hur har arbetet gått? Vad har underlättat och vad har hindrat?"),
        _("Till exempel tid, kompetens, rutiner, ledning och samordning."),
    ),
    (
        "effect",
        QuestionCategory.EFFECT,
        _("Vilka förändringar ser ni hos målgruppen eller i verksamheten?"),
        _("Beskriv tecken på förändring och hur ni vet det (underlag, iakttagelser)."),
    ),
    (
        "cooperation",
        QuestionCategory.COOPERATION,
        _("Hur har samverkan fungerat, med andra förvaltningar, externa parter och fackliga parter?"),
        _("Nämn vilka ni samverkat med och vad samverkan har gett."),
    ),
    (
        "costs",
        QuestionCategory.COSTS,
        _("Har insatsen kunnat genomföras inom befintlig ram? Kommentera nedlagd tid och kostnader."),
        _("Siffrorna registreras under Kostnader; här kommenterar ni dem."),
    ),
    (
        "revision",
        QuestionCategory.REVISION,
        _("Vad bör nästa program behålla, ändra eller avsluta när det gäller insatsen, och varför?"),
        _("Välj också en slutsats nedan: behåll, ändra eller avsluta."),
    ),
]


class FollowUpQuestion(Locked):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(FollowUpRound, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    key = models.SlugField(
        _("nyckel"),
        max_length=50,
        blank=True,
        help_text=_("Svaren förifylls från föregående omgångs fråga med samma nyckel."),
    )
    category = models.CharField(_("kategori"), max_length=20, choices=QuestionCategory.choices)
    text = models.CharField(_("fråga"), max_length=500)
    help_text = models.CharField(_("hjälptext"), max_length=500, blank=True)

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "order", "pk"]
        verbose_name = _("uppföljningsfråga")
        verbose_name_plural = _("uppföljningsfrågor")
        indexes = [models.Index(fields=["municipality", "round"])]

    def __str__(self) -> str:
        return self.text


class FollowUpResponseQuerySet(TenantQuerySet):
    def for_unit(self, unit_id: int | None) -> FollowUpResponseQuerySet:
        return self.filter(unit_id=unit_id)

    def outstanding(self) -> FollowUpResponseQuerySet:
        """Answers the unit still has to submit."""
        return self.filter(status__in=[FollowUpResponse.Status.DRAFT, FollowUpResponse.Status.RETURNED])


class FollowUpResponse(Locked):
    """One administration's answer about one measure in one round."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SUBMITTED = "submitted", _("Inskickat")
        RETURNED = "returned", _("Återsänt för komplettering")
        APPROVED = "approved", _("Godkänt")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(FollowUpRound, on_delete=models.CASCADE, related_name="responses")
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="follow_up_responses", verbose_name=_("insats")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.RESTRICT, related_name="follow_up_responses", verbose_name=_("förvaltning")
    )
    conclusion = models.CharField(
        _("slutsats inför revidering"), max_length=10, choices=Conclusion.choices, blank=True
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    return_comment = models.TextField(_("kommentar vid återsändning"), max_length=2000, blank=True)
    prefilled_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("inskickat"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("granskat"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = FollowUpResponseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "measure__code", "pk"]
        verbose_name = _("uppföljningssvar")
        verbose_name_plural = _("uppföljningssvar")
        constraints = [
            models.UniqueConstraint(fields=["round", "measure", "unit"], name="response_one_per_unit_measure")
        ]
        indexes = [
            models.Index(fields=["municipality", "round", "unit"]),
            models.Index(fields=["municipality", "round", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.measure} – {self.unit}"

    @property
    def is_editable_by_unit(self) -> bool:
        return self.round.is_open and self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def can_be_reviewed(self) -> bool:
        return self.round.status != FollowUpRound.Status.DRAFT and self.status in (
            self.Status.SUBMITTED,
            self.Status.APPROVED,
        )

    @transaction.atomic
    def save_answers(
        self, *, by, answers: dict[int, str], conclusion: str, submit: bool, seen_version: int
    ) -> None:
        """Save the unit's answers (question id → text); submit them when `submit`.

        Refuses to submit an empty answer, and refuses a save over someone else's newer save."""
        if not self.is_editable_by_unit:
            raise FollowUpError(
                _("Svaret kan inte ändras nu (det är inskickat, godkänt eller omgången stängd).")
            )
        current = FollowUpResponse.objects.select_for_update().get(pk=self.pk)
        # Without the version the person saw, a save could overwrite a newer one: refused too.
        if seen_version != current.lock_version:
            raise EditConflictError(
                _(
                    "Någon annan har sparat svaret medan du skrev. Dina ändringar har inte sparats; "
                    "läs det nya svaret och skriv in dina ändringar igen."
                )
            )
        questions = list(self.round.questions.all())
        if submit:
            missing = [q for q in questions if not (answers.get(q.pk) or "").strip()]
            if missing:
                raise FollowUpError(
                    _("Svaret kan inte skickas in: alla frågor måste besvaras (%(n)s saknar svar).")
                    % {"n": len(missing)}
                )
            if not conclusion:
                raise FollowUpError(
                    _("Svaret kan inte skickas in utan en slutsats: behåll, ändra eller avsluta.")
                )
        existing = {a.question_id: a for a in self.answers.all()}
        to_create, to_update = [], []
        for question in questions:
            text = (answers.get(question.pk) or "").strip()
            answer = existing.get(question.pk)
            if answer is None:
                if text:
                    to_create.append(
                        FollowUpAnswer(
                            municipality_id=self.municipality_id, response=self, question=question, text=text
                        )
                    )
            elif answer.text != text:
                answer.text, answer.is_prefilled = text, False
                answer._history_user = by  # type: ignore[attr-defined]
                to_update.append(answer)
        # Saved one by one (there are a handful of questions) so that each change is in the history.
        for answer in to_create + to_update:
            answer.save()
        self.conclusion = conclusion
        self.lock_version = current.lock_version + 1
        fields = ["conclusion", "lock_version", "updated_at"]
        if submit:
            self.status = self.Status.SUBMITTED
            self.submitted_at = timezone.now()
            self.submitted_by = by
            fields += ["status", "submitted_at", "submitted_by"]
        self._history_user = by
        self.save(update_fields=fields)

    def approve(self, *, by) -> None:
        if self.status != self.Status.SUBMITTED:
            raise FollowUpError(_("Bara ett inskickat svar kan godkännas."))
        self.status = self.Status.APPROVED
        self.reviewed_at, self.reviewed_by = timezone.now(), by
        self.return_comment = ""
        self.lock_version += 1
        self._history_user = by
        self.save(update_fields=["status", "reviewed_at", "reviewed_by", "return_comment", "lock_version"])

    def send_back(self, *, by, comment: str) -> None:
        """Return the answer to its unit with a comment; the other answers are not touched."""
        if not self.can_be_reviewed:
            raise FollowUpError(_("Bara ett inskickat eller godkänt svar kan återsändas."))
        if not self.round.is_open:
            raise FollowUpError(_("Omgången är stängd; svaret kan inte återsändas."))
        if not comment.strip():
            raise FollowUpError(_("Skriv en kommentar om vad som behöver kompletteras."))
        self.status = self.Status.RETURNED
        self.return_comment = comment.strip()
        self.reviewed_at, self.reviewed_by = timezone.now(), by
        self.lock_version += 1
        self._history_user = by
        self.save(update_fields=["status", "return_comment", "reviewed_at", "reviewed_by", "lock_version"])


class EditConflictError(FollowUpError):
    pass


class FollowUpAnswer(models.Model):
    """The answer to one question. A row per answer, so each has its own history and the report can
    read the answers of one category across all measures in one query (ADR 0032)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    response = models.ForeignKey(FollowUpResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(FollowUpQuestion, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("svar"), max_length=5000, blank=True)
    is_prefilled = models.BooleanField(_("förifyllt"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["response", "question__order"]
        verbose_name = _("svar på fråga")
        verbose_name_plural = _("svar på frågor")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_one_per_question")
        ]

    def __str__(self) -> str:
        return self.text[:60]


class SentReminder(models.Model):
    """A notice or reminder sent to one address about one round. The unique constraint is what
    keeps `send_reminders` from sending anyone the same reminder twice (ADR 0033)."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Omgången har öppnat")
        DUE_SOON = "due_soon", _("Påminnelse före sista svarsdag")
        OVERDUE = "overdue", _("Sista svarsdagen har passerat")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(FollowUpRound, on_delete=models.CASCADE, related_name="sent_reminders")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    recipient = models.EmailField(_("mottagare"))
    units = models.CharField(_("förvaltningar"), max_length=500, blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("skickad påminnelse")
        verbose_name_plural = _("skickade påminnelser")
        constraints = [
            models.UniqueConstraint(fields=["round", "kind", "recipient"], name="reminder_once_per_recipient")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"


# Reports


class ReportTemplate(models.Model):
    """The municipality's own Word template (letterhead, styles) for the DOCX report."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(_("mall"), upload_to="report_templates/")
    original_name = models.CharField(_("filnamn"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rapportmall")
        verbose_name_plural = _("rapportmallar")

    def __str__(self) -> str:
        return self.original_name


class ReportDraft(Locked):
    """What the coordinator settles before building the report: the round and the years it covers,
    the body it goes to, and the text sections they write (blank: Värn's suggested text is used).
    One per programme; each build freezes what it said into a Report, so editing the draft later
    never changes a report that was built."""

    TEXT_FIELDS = ("summary", "background", "analysis", "revision", "proposal")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="report_draft")
    round = models.ForeignKey(
        FollowUpRound,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uppföljningsomgång"),
    )
    year_from = models.PositiveSmallIntegerField(_("från år"))
    year_to = models.PositiveSmallIntegerField(_("till år"))
    body = models.CharField(_("till"), max_length=200, blank=True)
    dnr = models.CharField(_("diarienummer"), max_length=100, blank=True)
    summary = models.TextField(_("Sammanfattning"), max_length=10000, blank=True)
    background = models.TextField(_("Bakgrund"), max_length=10000, blank=True)
    analysis = models.TextField(_("Analys och slutsatser"), max_length=10000, blank=True)
    revision = models.TextField(_("Inför revidering"), max_length=10000, blank=True)
    proposal = models.TextField(_("Förslag till beslut"), max_length=5000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rapportutkast")
        verbose_name_plural = _("rapportutkast")
        constraints = [
            models.CheckConstraint(condition=Q(year_from__lte=models.F("year_to")), name="report_draft_years")
        ]

    def __str__(self) -> str:
        return str(self.program)


class ReportQuerySet(TenantQuerySet):
    def for_program(self, program: Program) -> ReportQuerySet:
        return self.filter(program=program)


class Report(models.Model):
    """A frozen snapshot of the report to the politicians: its content as plain data and the files
    built from it. Never edited after it is built; only the decision it was presented to is set."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="reports")
    title = models.CharField(_("titel"), max_length=300)
    content = models.JSONField(_("innehåll"), default=dict)
    docx_file = models.FileField(_("Word-fil"), upload_to="reports/%Y/", blank=True)
    pdf_file = models.FileField(_("PDF-fil"), upload_to="reports/%Y/", blank=True)
    # The report names the costliest measures; the appendix holds every measure's figures, frozen
    # with the report so that it says what the board was shown.
    costs_file = models.FileField(
        _("bilaga: kostnader per insats (Excel)"), upload_to="reports/%Y/", blank=True
    )
    round = models.ForeignKey(
        FollowUpRound,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("uppföljningsomgång"),
    )
    used_template = models.BooleanField(_("kommunens mall användes"), default=False)
    notes = models.JSONField(default=list, blank=True)
    built_at = models.DateTimeField(_("skapad"), default=timezone.now)
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skapad av"),
    )
    decision = models.ForeignKey(
        "decisions.Decision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_up_reports",
        verbose_name=_("presenterad vid beslut"),
    )

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["content"])

    class Meta:
        ordering = ["-built_at", "-pk"]
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporter")
        indexes = [models.Index(fields=["municipality", "program", "built_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.built_at):%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("followup:report-detail", args=[self.municipality.slug, self.pk])

    def previous(self) -> Report | None:
        return (
            Report.objects.filter(program_id=self.program_id)
            .filter(Q(built_at__lt=self.built_at) | Q(built_at=self.built_at, pk__lt=self.pk))
            .order_by("-built_at", "-pk")
            .first()
        )

    def attach_to(self, decision, *, by) -> None:
        if decision is not None and decision.municipality_id != self.municipality_id:
            raise FollowUpError(_("Beslutet hör till en annan kommun."))
        self.decision = decision
        self._history_user = by
        self.save(update_fields=["decision"])


# Revision


class RevisionItem(Locked):
    """One measure carried into the draft of the next programme version, with the follow-up's
    conclusion as proposed and the coordinator's choice."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="revision_items")
    version = models.ForeignKey(ProgramVersion, on_delete=models.CASCADE, related_name="revision_items")
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="revision_items", verbose_name=_("insats")
    )
    response = models.ForeignKey(
        FollowUpResponse, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed = models.CharField(
        _("uppföljningens slutsats"), max_length=10, choices=Conclusion.choices, blank=True
    )
    conclusion = models.CharField(_("beslut i revideringen"), max_length=10, choices=Conclusion.choices)
    title = models.CharField(_("insats i nästa version"), max_length=300)
    follow_up_text = models.TextField(_("vad uppföljningen säger"), blank=True)
    note = models.TextField(_("ändringar och motivering"), max_length=5000, blank=True)
    position = models.PositiveIntegerField(default=0)

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("revideringspunkt")
        verbose_name_plural = _("revideringspunkter")
        constraints = [
            models.UniqueConstraint(fields=["version", "measure"], name="revision_item_once_per_measure")
        ]

    def __str__(self) -> str:
        return self.title
