from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from varn.core.forms import BLANK_CHOICE, DateInput, FreeTextMixin, limit_choices
from varn.core.locking import LockedFormMixin
from varn.decisions.models import Decision
from varn.organisations.models import Municipality, Partner, Unit
from varn.programs.models import Measure

from .models import ActionPoint, Forum, ForumMeeting


def _not_in_future(form: forms.BaseForm, name: str, message: str) -> None:
    day = form.cleaned_data.get(name)
    if day and day > timezone.localdate():
        form.add_error(name, message)


class ForumForm(LockedFormMixin, FreeTextMixin, forms.ModelForm):
    class Meta:
        model = Forum
        fields = [
            "name",
            "purpose",
            "member_units",
            "member_partners",
            "frequency",
            "has_written_agreement",
            "agreement_date",
            "agreement_decided_by",
            "agreement_decision",
            "last_followed_up",
            "measures",
            "is_active",
        ]
        widgets = {
            "member_units": forms.CheckboxSelectMultiple,
            "member_partners": forms.CheckboxSelectMultiple,
            "measures": forms.CheckboxSelectMultiple,
            "agreement_date": DateInput(),
            "last_followed_up": DateInput(),
        }
        help_texts = {
            "member_partners": _(
                "Om en facklig organisation är med räknas forumet som samverkan med de fackliga parterna."
            ),
            "last_followed_up": _("Överenskommelser ska följas upp minst vart 24:e månad."),
        }

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(
            self, "member_units", Unit.objects.for_municipality(municipality).filter(is_active=True)
        )
        limit_choices(
            self, "member_partners", Partner.objects.for_municipality(municipality).filter(is_active=True)
        )
        limit_choices(
            self,
            "measures",
            Measure.objects.for_municipality(municipality)
            .select_related("program")
            .order_by("program", "code"),
        )
        limit_choices(
            self,
            "agreement_decision",
            Decision.objects.for_municipality(municipality).order_by("-meeting_date", "body"),
        )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = Forum.objects.filter(municipality_id=self.instance.municipality_id, name__iexact=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("Det finns redan ett forum med det namnet."))
        return name

    def clean(self):
        data = super().clean()
        if (
            not data.get("member_units")
            and not data.get("member_partners")
            and not (self.has_error("member_units") or self.has_error("member_partners"))
        ):
            self.add_error("member_units", _("Välj minst en förvaltning eller samverkanspart som deltar."))
        has_agreement = data.get("has_written_agreement")
        decided = data.get("agreement_decided_by") or data.get("agreement_decision")
        if has_agreement and not decided:
            self.add_error(
                "agreement_decided_by",
                _("Ange vem som beslutade överenskommelsen, som text eller som ett beslut i beslutskedjan."),
            )
        if not has_agreement and (decided or data.get("agreement_date")):
            self.add_error(
                "has_written_agreement",
                _("Markera att det finns en skriftlig överenskommelse, eller ta bort uppgifterna om den."),
            )
        _not_in_future(self, "last_followed_up", _("Uppföljningen kan inte vara gjord i framtiden."))
        return data


class FollowUpForm(forms.Form):
    date = forms.DateField(label=_("Uppföljd den"), widget=DateInput())

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Uppföljningen kan inte vara gjord i framtiden."))
        return day


def _key(kind: str, pk: int) -> str:
    return f"count_{kind}_{pk}"


class MeetingForm(LockedFormMixin, FreeTextMixin, forms.ModelForm):
    """A meeting with one count field per member organisation: how many took part, never who."""

    class Meta:
        model = ForumMeeting
        fields = ["date", "notes"]
        widgets = {"date": DateInput()}
        help_texts = {"notes": _("Skriv inte namn på enskilda personer.")}

    def __init__(self, *args, forum: Forum, **kwargs):
        super().__init__(*args, **kwargs)
        self.forum = forum
        self.organisations: list[tuple[str, int, str]] = [
            ("unit", u.pk, u.name) for u in forum.member_units.all()
        ] + [("partner", p.pk, p.name) for p in forum.member_partners.all()]
        current = {}
        if self.instance.pk:
            for a in self.instance.attendance.all():
                current[("unit", a.unit_id) if a.unit_id else ("partner", a.partner_id)] = a.participants
        for kind, pk, name in self.organisations:
            self.fields[_key(kind, pk)] = forms.IntegerField(
                label=_("Deltagare från %(org)s") % {"org": name},
                min_value=0,
                max_value=500,
                required=False,
                initial=current.get((kind, pk)),
            )

    def count_fields(self):
        return [self[_key(kind, pk)] for kind, pk, _name in self.organisations]

    def counts(self) -> dict[tuple[str, int], int]:
        return {
            (kind, pk): self.cleaned_data.get(_key(kind, pk)) or 0 for kind, pk, _name in self.organisations
        }

    def clean(self):
        data = super().clean()
        _not_in_future(
            self, "date", _("Registrera mötet när det har hållits; datumet kan inte ligga i framtiden.")
        )
        has_count_errors = any(self.has_error(_key(kind, pk)) for kind, pk, _name in self.organisations)
        if not has_count_errors and not any(self.counts().values()):
            self.add_error(None, _("Ange antal deltagare för minst en organisation."))
        return data


class ActionPointForm(LockedFormMixin, FreeTextMixin, forms.ModelForm):
    owner = forms.ChoiceField(label=_("Ansvarig"))

    class Meta:
        model = ActionPoint
        fields = ["text", "owner", "due_date", "status"]
        widgets = {"due_date": DateInput(), "text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, meeting: ForumMeeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        forum = meeting.forum
        choices: list = [BLANK_CHOICE]
        units = [(f"unit:{u.pk}", u.name) for u in forum.member_units.all()]
        partners = [(f"partner:{p.pk}", p.name) for p in forum.member_partners.all()]
        if self.instance.pk:
            owner = self.instance.owner_unit_id and f"unit:{self.instance.owner_unit_id}"
            self.initial["owner"] = owner or f"partner:{self.instance.owner_partner_id}"
            # An owner that has since left the forum stays selectable for its own action point.
            if self.initial["owner"] not in dict(units + partners):
                former = self.instance.owner_unit or self.instance.owner_partner
                (units if self.instance.owner_unit_id else partners).append(
                    (self.initial["owner"], str(former))
                )
        if units:
            choices.append((_("Förvaltningar"), units))
        if partners:
            choices.append((_("Samverkansparter"), partners))
        self.fields["owner"].choices = choices  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean()
        due = data.get("due_date")
        if due and due < self.meeting.date:
            self.add_error("due_date", _("Sista dag kan inte vara före mötet."))
        return data

    def _post_clean(self):
        kind, _sep, pk = (self.cleaned_data.get("owner") or "").partition(":")
        self.instance.owner_unit_id = int(pk) if kind == "unit" else None
        self.instance.owner_partner_id = int(pk) if kind == "partner" else None
        super()._post_clean()
