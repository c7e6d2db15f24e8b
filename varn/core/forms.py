"""Shared form pieces: Swedish messages, no personal identity numbers in free text."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The empty choice of every select, in place of Django's "---------" and "- Select an option -".
BLANK_LABEL = _("– Välj –")
BLANK_CHOICE = ("", BLANK_LABEL)

# YYMMDD-NNNN or YYYYMMDDNNNN, with - or + (over 100) or nothing between; day + 60 is a samordningsnummer.
_PNR = re.compile(r"(?<!\d)(?:(?:19|20)?(\d{2}))(\d{2})(\d{2})[-+ ]?(\d{3})(\d)(?!\d)")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def find_personal_numbers(text: str) -> list[str]:
    """Swedish personnummer and samordningsnummer in `text` whose check digit holds."""
    found = []
    for match in _PNR.finditer(text or ""):
        yy, mm, dd, serial, check = match.groups()
        month, day = int(mm), int(dd)
        if day > 60:
            day -= 60  # samordningsnummer
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        if _luhn_ok(yy + mm + dd + serial + check):
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
