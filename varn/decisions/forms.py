from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from varn.core.forms import DateInput, FreeTextMixin, limit_choices
from varn.core.locking import LockedFormMixin
from varn.core.uploads import check_upload
from varn.documents.extract import PROTOCOL_KINDS
from varn.programs.models import Measure

from .models import Amendment, Attachment, Case, Decision, ReferralRequirement

MAX_PASTED_CHARS = 2_000_000


class CaseForm(LockedFormMixin, FreeTextMixin, forms.ModelForm):
    class Meta:
        model = Case
        fields = ["dnr", "title", "program"]


class DecisionForm(LockedFormMixin, FreeTextMixin, forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["body", "body_name", "meeting_date", "paragraph", "kind", "outcome", "title", "text"]
        widgets = {"meeting_date": DateInput()}


class ProtocolUploadForm(forms.Form):
    """A protocol as a file (text, PDF, scanned PDF, Word) or as pasted text."""

    file = forms.FileField(
        label=_("Protokollfil"),
        required=False,
        help_text=_("Text, PDF (även inskannad) eller Word. Högst 20 MB."),
    )
    text = forms.CharField(
        label=_("eller klistra in protokollets text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=MAX_PASTED_CHARS,
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        text = (data.get("text") or "").strip()
        if upload and text:
            raise ValidationError(_("Ladda upp en fil eller klistra in text, inte båda."))
        if not upload and not text:
            raise ValidationError(_("Ladda upp protokollet eller klistra in dess text."))
        if upload:
            # The personal-number check runs on what the review screen saves, not on the protocol.
            data["checked"] = check_upload(upload, PROTOCOL_KINDS)
        return data


class ParagraphReviewForm(FreeTextMixin, forms.Form):
    include = forms.BooleanField(label=_("Spara denna paragraf"), required=False)
    case_dnr = forms.CharField(label=_("Ärendets diarienummer"), max_length=60, required=False)
    case_title = forms.CharField(label=_("Ärendemening"), max_length=300, required=False)
    body = forms.CharField(label=_("Organ (förkortning)"), max_length=20)
    body_name = forms.CharField(label=_("Organets namn"), max_length=150, required=False)
    meeting_date = forms.DateField(label=_("Datum"), required=False, widget=DateInput())
    paragraph = forms.IntegerField(label=_("Paragraf"), min_value=1, required=False)
    kind = forms.ChoiceField(label=_("Typ"), choices=Decision.Kind.choices)
    outcome = forms.ChoiceField(
        label=_("Utfall"), choices=[("", "–"), *Decision.Outcome.choices], required=False
    )
    title = forms.CharField(label=_("Rubrik"), max_length=300, required=False)
    text = forms.CharField(label=_("Beslutstext"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    requirements = forms.CharField(
        label=_("Krav vid återremiss (ett per rad)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    attachments = forms.CharField(
        label=_("Beslutsunderlag (ett per rad)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        if data.get("include") and not (data.get("case_dnr") or "").strip():
            self.add_error("case_dnr", _("Ange ärendets diarienummer för att spara paragrafen."))
        return data


class ReferenceReviewForm(FreeTextMixin, forms.Form):
    include = forms.BooleanField(label=_("Spara"), required=False)
    body = forms.CharField(label=_("Organ"), max_length=20, required=False)
    body_name = forms.CharField(label=_("Organets namn"), max_length=150, required=False)
    meeting_date = forms.DateField(label=_("Datum"), required=False, widget=DateInput())
    paragraph = forms.IntegerField(label=_("Paragraf"), min_value=1, required=False)
    kind = forms.ChoiceField(label=_("Typ"), choices=Decision.Kind.choices)
    outcome = forms.ChoiceField(
        label=_("Utfall"), choices=[("", "–"), *Decision.Outcome.choices], required=False
    )
    requirements = forms.CharField(
        label=_("Krav vid återremiss (ett per rad)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    source_lines = forms.CharField(required=False, widget=forms.HiddenInput())

    def clean(self):
        data = super().clean()
        if data.get("include") and not (data.get("body") or "").strip():
            self.add_error("body", _("Ange vilket organ som fattade beslutet."))
        return data


class AmendmentReviewForm(FreeTextMixin, forms.Form):
    include = forms.BooleanField(label=_("Spara"), required=False)
    label = forms.CharField(label=_("Benämning"), max_length=100, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=Amendment.Status.choices)
    page = forms.IntegerField(label=_("Sida"), min_value=1, required=False)
    heading = forms.CharField(label=_("Rubrik"), max_length=300, required=False)
    column = forms.IntegerField(label=_("Kolumn"), min_value=1, required=False)
    anchor_text = forms.CharField(label=_("Efter texten"), required=False)
    operation = forms.ChoiceField(label=_("Åtgärd"), choices=Amendment.Operation.choices)
    text = forms.CharField(label=_("Ny text"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    old_text = forms.CharField(
        label=_("Tidigare text"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    table = forms.IntegerField(required=False, widget=forms.HiddenInput())
    sentence = forms.CharField(required=False, widget=forms.HiddenInput())
    source_lines = forms.CharField(required=False, widget=forms.HiddenInput())

    def clean(self):
        data = super().clean()
        if not data.get("include"):
            return data
        op = data.get("operation")
        if op in ("append", "insert", "add_bullet", "replace") and not (data.get("text") or "").strip():
            self.add_error("text", _("Ange den text som ska föras in."))
        if op in ("replace", "delete") and not (
            (data.get("old_text") or data.get("anchor_text") or "").strip()
        ):
            self.add_error("old_text", _("Ange den text som ska ersättas eller strykas."))
        return data


ReferenceFormSet = forms.formset_factory(ReferenceReviewForm, extra=0)
AmendmentFormSet = forms.formset_factory(AmendmentReviewForm, extra=0)


class RequirementResolveForm(LockedFormMixin, FreeTextMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Tillgodosett genom"), choices=ReferralRequirement.ResolutionKind.choices
    )
    measure = forms.ModelChoiceField(label=_("Insats"), queryset=Measure.objects.none(), required=False)
    decision = forms.ModelChoiceField(label=_("Beslut"), queryset=Decision.objects.none(), required=False)
    label = forms.CharField(
        label=_("Rapport eller forum"),
        max_length=200,
        required=False,
        help_text=_("T.ex. ”Uppföljningsrapport inför revidering 2027” eller ”Central samverkansgrupp”."),
    )
    url = forms.CharField(label=_("Länk (valfri)"), max_length=300, required=False)
    explanation = forms.CharField(
        label=_("Hur kravet möttes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    resolved_on = forms.DateField(label=_("Datum"), required=False, widget=DateInput())

    def __init__(self, *args, municipality, instance: ReferralRequirement, **kwargs):
        self.instance = instance
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            "measure",
            Measure.objects.for_municipality(municipality).select_related("program").order_by("code"),
        )
        limit_choices(
            self,
            "decision",
            Decision.objects.for_municipality(municipality).select_related("case").order_by("-meeting_date"),
        )

    def clean_url(self):
        """A page of Värn (a path) or an address on the web (http/https). "//evil.example/x" and
        "/\\evil.example/x" look like paths but lead to another site: refused (issue 14)."""
        url = (self.cleaned_data.get("url") or "").strip()
        if not url:
            return url
        message = _(
            "Länken ska vara en webbadress som börjar med https:// eller en sida i Värn som börjar med /."
        )
        if url.startswith(("https://", "http://")):
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError as error:
                raise ValidationError(message) from error
        elif not url.startswith("/") or not url_has_allowed_host_and_scheme(url, allowed_hosts=set()):
            raise ValidationError(message)
        if "\\" in url or any(ch.isspace() for ch in url):
            raise ValidationError(message)
        return url

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        k = ReferralRequirement.ResolutionKind
        if kind == k.MEASURE and not data.get("measure"):
            self.add_error("measure", _("Välj den insats som tillgodoser kravet."))
        if kind == k.DECISION and not data.get("decision"):
            self.add_error("decision", _("Välj det beslut som tillgodoser kravet."))
        if kind in (k.REPORT, k.FORUM) and not (data.get("label") or "").strip():
            self.add_error("label", _("Ange vilken rapport eller vilket forum som tillgodoser kravet."))
        if kind == k.EXPLANATION and not (data.get("explanation") or "").strip():
            self.add_error("explanation", _("Skriv hur kravet har tillgodosetts."))
        return data


class AttachmentForm(LockedFormMixin, FreeTextMixin, forms.ModelForm):
    upload = forms.FileField(
        label=_("Fil (valfri)"), required=False, help_text=_("PDF, Word, Excel eller text. Högst 20 MB.")
    )

    class Meta:
        model = Attachment
        fields = ["decision", "title", "date"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "decision", case.decisions.all())

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            return check_upload(upload, {"pdf", "docx", "xlsx", "text"})
        return None


# The kinds of decision that can adopt a programme text: an adoption, or a plain decision (beslut)
# of a body that adopts. A motion, a statement, a proposal or a referral back never adopts anything.
ADOPTING_KINDS = (Decision.Kind.ADOPTION, Decision.Kind.DECISION)
NOT_ADOPTING_OUTCOMES = (
    Decision.Outcome.REJECTED,
    Decision.Outcome.REFERRED_BACK,
    Decision.Outcome.PENDING,
)


class AdoptForm(forms.Form):
    """The adopting decision, chosen explicitly (nothing is pre-selected), and the date of adoption.

    The form is sent twice: first to see what will be frozen (nothing is saved), then with
    `confirm` to adopt."""

    decision = forms.ModelChoiceField(
        label=_("Beslut som antar texten"),
        queryset=Decision.objects.none(),
        empty_label=_("– Välj beslut –"),
        error_messages={
            "required": _("Välj det beslut som antar versionen."),
            "invalid_choice": _("Välj ett av programmets beslut i listan."),
        },
    )
    adopted_on = forms.DateField(
        label=_("Antagen den"),
        required=False,
        widget=DateInput(),
        help_text=_("Lämnas tomt: beslutets datum."),
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput())

    def __init__(self, *args, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "decision", decisions.select_related("case").order_by("meeting_date", "pk"))

    def clean_decision(self):
        decision: Decision = self.cleaned_data["decision"]
        if decision.kind not in ADOPTING_KINDS:
            raise ValidationError(
                _("Ett beslut av typen %(kind)s kan inte anta en programtext. Välj beslutet om antagande.")
                % {"kind": decision.get_kind_display().lower()}
            )
        if decision.outcome in NOT_ADOPTING_OUTCOMES:
            raise ValidationError(
                _("Beslutet har utfallet %(outcome)s och kan inte anta en programtext.")
                % {"outcome": decision.get_outcome_display().lower()}
            )
        if decision.meeting_date is None:
            raise ValidationError(
                _("Beslutet saknar datum. Ange beslutets datum i ärendet innan det antar en version.")
            )
        return decision

    def clean(self):
        data = super().clean()
        decision, day = data.get("decision"), data.get("adopted_on")
        if decision is not None and day is None:
            data["adopted_on"] = decision.meeting_date
        elif decision is not None and day < decision.meeting_date:
            self.add_error("adopted_on", _("En version kan inte antas före beslutet som antar den."))
        return data
