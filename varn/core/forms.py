"""Shared form pieces: Swedish messages, no personal identity numbers in free text."""

from __future__ import annotations

import datetime
import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import personnummer

# The empty choice of every select, in place of Django's "---------" and "- Select an option -".
BLANK_LABEL = _("– Välj –")
BLANK_CHOICE = ("", BLANK_LABEL)

# A date (YYMMDD or YYYYMMDD, day + 60 for a samordningsnummer), then a separator or none, then the
# three-digit serial and the check digit. Written with a separator the check digit may be missing.
_PNR = re.compile(
    r"(?<![\d.,])(?P<century>19|20)?(?P<date>\d{6})(?:\s*(?P<sep>[-+/.])\s*|\s?)(?P<serial>\d{3})(?P<check>\d?)(?!\d|[.,]\d)"
)
# Dashes of every kind count as the hyphen people mean; format characters (zero-width spaces and
# joiners, soft hyphens) are removed before looking.
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-")


def normalise_for_numbers(text: str) -> str:
    """NFKC (full-width digits become digits, non-breaking spaces spaces), dashes made hyphens,
    format characters removed."""
    text = unicodedata.normalize("NFKC", text or "").translate(_DASHES)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def _birth_date(century: str | None, date: str, sep: str | None) -> datetime.date | None:
    """The date a personnummer or samordningsnummer gives, by python-stdnum's rules; None if none."""
    day = int(date[4:6])
    if day > 60:
        day -= 60  # samordningsnummer
    plain = f"{century or ''}{date[:4]}{day:02d}{'+' if sep == '+' else '-'}0000"
    try:
        born = personnummer.get_birth_date(plain)
    except StdnumError:
        return None
    return born if born <= datetime.date.today() else None


def find_personal_numbers(text: str) -> list[str]:
    """Swedish personnummer and samordningsnummer in `text`, however written: with dashes, spaces,
    slash or dots, full-width digits, zero-width or non-breaking spaces, with or without century or
    check digit. A number whose date holds is refused even when its check digit is wrong: it is a
    personal number typed wrong. The date is read by python-stdnum's rules."""
    found = []
    for match in _PNR.finditer(normalise_for_numbers(text)):
        sep, check = match["sep"], match["check"]
        if not check and not sep:
            continue  # nine digits in a row: too many other things look like that
        if _birth_date(match["century"], match["date"], sep) is None:
            continue
        found.append(match.group(0))
    return found


def no_personal_numbers(value: str) -> None:
    if find_personal_numbers(value):
        raise ValidationError(
            _(
                "Texten innehåller något som liknar ett personnummer eller samordningsnummer. "
                "Värn får inte innehålla uppgifter om enskilda personer – ta bort numret."
            ),
            code="personal_number",
        )


class FreeTextMixin:
    """Runs the personal-number check on every free-text field of a form."""

    def _post_clean(self) -> None:  # type: ignore[misc]
        for name, f in self.fields.items():  # type: ignore[attr-defined]
            if isinstance(f, forms.CharField) and name in self.cleaned_data:  # type: ignore[attr-defined]
                try:
                    no_personal_numbers(self.cleaned_data[name])  # type: ignore[attr-defined]
                except ValidationError as e:
                    self.add_error(name, e)  # type: ignore[attr-defined]
        super()._post_clean()  # type: ignore[misc]


class DateInput(forms.DateInput):
    """The browser's date picker, with the format written out in Swedish beside it (the picker's
    own hint is in the browser's language, and without a picker the field is plain text)."""

    input_type = "date"
    template_name = "core/widgets/date.html"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        if widget_attrs.get("id"):
            described = widget_attrs.get("aria-describedby", "")
            widget_attrs["aria-describedby"] = f"{described} {widget_attrs['id']}_format".strip()
        return context


def limit_choices(form: forms.BaseForm, name: str, queryset) -> None:
    """Offer only the current municipality's objects in a choice field."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class EscapingFormRenderer(DjangoTemplates):
    """Django's own field template prints help text with |safe; a question's help text is written by
    a coordinator, so ours prints it as text, in a container htmx leaves alone (issue 14)."""

    field_template_name = "core/forms/field.html"


class RedactionForm(forms.Form):
    """What to remove, from which field, and why (the why is kept in the history)."""

    field = forms.ChoiceField(label=_("Fält"))
    value = forms.CharField(
        label=_("Texten som ska tas bort"),
        max_length=5000,
        help_text=_(
            "Skriv av texten exakt som den står. Den ersätts med [maskerat] i fältet och i historiken."
        ),
    )
    reason = forms.CharField(label=_("Skäl"), max_length=200)

    def __init__(self, *args, obj, **kwargs):
        super().__init__(*args, **kwargs)
        from varn.core.redaction import redactable_fields

        self.obj = obj
        self.fields["field"].choices = [(f.name, str(f.verbose_name)) for f in redactable_fields(type(obj))]  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean()
        field, value = data.get("field"), data.get("value")
        if (
            field
            and value
            and value not in (getattr(self.obj, field) or "")
            and not (
                self.obj.history.filter(**{f"{field}__contains": value}).exists()  # type: ignore[attr-defined]
            )
        ):
            self.add_error("value", _("Texten finns inte i fältet eller dess historik."))
        return data
