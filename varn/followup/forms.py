from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from varn.core.forms import BLANK_CHOICE, DateInput, FreeTextMixin, limit_choices
from varn.core.locking import LockedFormMixin
from varn.decisions.models import Decision
from varn.organisations.models import Membership, Unit
from varn.programs.models import Goal, Measure, Program

from .models import (
    Conclusion,
    CostBasis,
    CostCategory,
    CostEntry,
    FollowUpQuestion,
    FollowUpResponse,
    FollowUpRound,
    Funding,
    ReportDraft,
    RevisionItem,
)
from .word_templates import check_upload_of_template


class CostEntryForm(LockedFormMixin, FreeTextMixin, forms.ModelForm):
    """Coordinators record costs for any measure and unit; a unit editor for their own unit's
    measures, always as their own unit."""

    class Meta:
        model = CostEntry
        fields = ["measure", "unit", "year", "category", "hours", "amount", "funding", "basis", "note"]
        help_texts = {
            "hours": _("Bara för personaltid. Timmarna värderas med kommunens timkostnad."),
            "amount": _("Hela kronor, för alla kostnadsslag utom personaltid."),
        }

    def __init__(self, *args, membership: Membership, program: Program, **kwargs):
        super().__init__(*args, **kwargs)
        measures = Measure.objects.filter(program=program).order_by("code", "title")
        if membership.is_unit_editor:
            measures = measures.filter(responsible_unit_id=membership.unit_id)
            del self.fields["unit"]
            if not self.instance.pk:
                self.instance.unit_id = membership.unit_id
        else:
            limit_choices(
                self, "unit", Unit.objects.for_municipality(membership.municipality).filter(is_active=True)
            )
            self.fields["unit"].help_text = _("Den förvaltning som bar kostnaden. Tom: insatsens ansvariga.")
            self.fields["unit"].required = False
        limit_choices(self, "measure", measures)
        for name in ("hours", "amount"):
            field = self.fields[name]
            field.localize = True
            field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
            field.required = False
        if not self.instance.pk:
            self.initial.setdefault("year", timezone.localdate().year)
            self.initial.setdefault("basis", CostBasis.ACTUAL)

    def clean(self):
        data = super().clean()
        for name in ("hours", "amount"):
            if data.get(name) is None and name not in self.errors:
                data[name] = 0
                setattr(self.instance, name, 0)
        if "unit" in self.fields and not data.get("unit") and data.get("measure"):
            data["unit"] = data["measure"].responsible_unit
            self.instance.unit = data["unit"]
        return data


class CostFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("År"), required=False, coerce=int, empty_value=None)
    unit = forms.ModelChoiceField(label=_("Förvaltning"), queryset=Unit.objects.none(), required=False)
    goal = forms.ModelChoiceField(label=_("Mål"), queryset=Goal.objects.none(), required=False)
    category = forms.ChoiceField(
        label=_("Kostnadsslag"), choices=[BLANK_CHOICE, *CostCategory.choices], required=False
    )
    funding = forms.ChoiceField(
        label=_("Finansiering"), choices=[BLANK_CHOICE, *Funding.choices], required=False
    )
    basis = forms.ChoiceField(
        label=_("Typ av uppgift"), choices=[BLANK_CHOICE, *CostBasis.choices], required=False
    )

    def __init__(self, *args, program: Program, **kwargs):
        super().__init__(*args, **kwargs)
        years = range(program.period_start - 1, program.period_end + 2)
        self.fields["year"].choices = [BLANK_CHOICE, *[(y, str(y)) for y in years]]  # type: ignore[attr-defined]
        limit_choices(self, "unit", Unit.objects.for_municipality(program.municipality))
        limit_choices(self, "goal", Goal.objects.filter(program=program).exclude(kind=Goal.Kind.VISION))

    def filter(self, qs):
        if not self.is_valid():
            return qs
        data = self.cleaned_data
        if data.get("year"):
            qs = qs.filter(year=data["year"])
        if data.get("unit"):
            qs = qs.filter(unit=data["unit"])
        if data.get("goal"):
            goal = data["goal"]
            qs = qs.filter(
                measure__goal__in=[goal.pk, *Goal.objects.filter(parent=goal).values_list("pk", flat=True)]
            )
        for name in ("category", "funding", "basis"):
            if data.get(name):
                qs = qs.filter(**{name: data[name]})
        return qs


class RoundForm(LockedFormMixin, FreeTextMixin, forms.ModelForm):
    class Meta:
        model = FollowUpRound
        fields = ["title", "kind", "deadline", "reminder_days", "introduction"]
        widgets = {"deadline": DateInput()}

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("Sista svarsdag kan inte ligga i det förflutna."))
        return deadline


class QuestionForm(LockedFormMixin, FreeTextMixin, forms.ModelForm):
    class Meta:
        model = FollowUpQuestion
        fields = ["order", "category", "text", "help_text", "key"]

    def clean_key(self):
        key = self.cleaned_data.get("key") or slugify(self.cleaned_data.get("text") or "")[:50]
        return key


class ResponseForm(FreeTextMixin, forms.Form):
    """One text field per question of the round, the conclusion, and the version the user saw."""

    # Required: a save without the version the person saw would overwrite a newer save (issue 14).
    lock_version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Formuläret saknar uppgiften om vilken version du utgick från. Ladda om sidan.")
        },
    )
    conclusion = forms.ChoiceField(
        label=_("Slutsats inför revidering"),
        choices=[("", _("Inte vald ännu")), *Conclusion.choices],
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(
        self, *args, response: FollowUpResponse, questions: list[FollowUpQuestion], answers: dict, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.questions = questions
        fields = {}
        for question in questions:
            name = f"q_{question.pk}"
            fields[name] = forms.CharField(
                label=question.text,
                help_text=question.help_text,
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 5}),
                initial=answers.get(question.pk, ""),
            )
        # Questions first, then the conclusion and the hidden version.
        self.fields = {
            **fields,
            "conclusion": self.fields["conclusion"],
            "lock_version": self.fields["lock_version"],
        }
        self.initial.setdefault("conclusion", response.conclusion)
        self.initial.setdefault("lock_version", response.lock_version)

    def answers(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data.get(f"q_{q.pk}", "") for q in self.questions}


class ReturnForm(FreeTextMixin, forms.Form):
    comment = forms.CharField(
        label=_("Vad behöver kompletteras?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class TemplateForm(forms.Form):
    file = forms.FileField(
        label=_("Word-mall (.dotx eller .docx)"),
        help_text=_("Brevhuvud, sidfot och formatmallar används i Word-rapporten. Högst 20 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.cleaned_data["checked"] = check_upload_of_template(upload)
        return upload


class AttachDecisionForm(forms.Form):
    decision = forms.ModelChoiceField(
        label=_("Beslut där rapporten presenterades"), queryset=Decision.objects.none(), required=False
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            "decision",
            Decision.objects.for_municipality(municipality).order_by("-meeting_date", "-pk"),
        )


class RevisionItemForm(LockedFormMixin, FreeTextMixin, forms.ModelForm):
    class Meta:
        model = RevisionItem
        fields = ["conclusion", "title", "note"]
        widgets = {"conclusion": forms.RadioSelect}


class ReportDraftForm(LockedFormMixin, FreeTextMixin, forms.ModelForm):
    """What the next report covers and the coordinator's text for each section. A text left as
    the suggestion shown is not stored: the report then writes the suggestion from the figures of
    the day it is built."""

    class Meta:
        model = ReportDraft
        fields = ["round", "year_from", "year_to", "body", "dnr", *ReportDraft.TEXT_FIELDS]
        help_texts = {
            "round": _("Rapporten bygger enbart på den här omgångens svar."),
            "body": _("Nämnden eller fullmäktige som rapporten lämnas till, t.ex. Kommunstyrelsen."),
            "proposal": _("En att-sats per rad, t.ex. ”att godkänna uppföljningen”."),
        }
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in ReportDraft.TEXT_FIELDS}

    def __init__(self, *args, program: Program, suggestions: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        self.suggestions = suggestions
        limit_choices(
            self,
            "round",
            FollowUpRound.objects.filter(program=program, opened_at__isnull=False).order_by(
                "-opened_at", "-pk"
            ),
        )
        round_field = self.fields["round"]
        assert isinstance(round_field, forms.ModelChoiceField)
        round_field.empty_label = _("Ingen omgång")
        for name in ReportDraft.TEXT_FIELDS:
            if not self.initial.get(name):
                self.initial[name] = suggestions.get(name, "")

    def clean(self):
        data = super().clean()
        start, end = data.get("year_from"), data.get("year_to")
        if start and end:
            if start > end:
                self.add_error("year_to", _("Till år kan inte ligga före från år."))
            elif start < self.program.period_start or end > self.program.period_end:
                self.add_error(
                    "year_from",
                    _("Åren ska ligga inom programmets period, %(period)s.")
                    % {"period": self.program.period_label},
                )
        for name in ReportDraft.TEXT_FIELDS:
            if " ".join((data.get(name) or "").split()) == " ".join(self.suggestions.get(name, "").split()):
                data[name] = ""
        return data
