"""Shared form pieces: Swedish messages, no personal identity numbers in free text."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy as _

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
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def limit_choices(form: forms.BaseForm, name: str, queryset) -> None:
    """Offer only the current municipality's objects in a choice field."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class EscapingFormRenderer(DjangoTemplates):
    """Django's own field template prints help text with |safe; a question's help text is written by
    a coordinator, so ours prints it as text, in a container htmx leaves alone (issue 14)."""

    field_template_name = "core/forms/field.html"
