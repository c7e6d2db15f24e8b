"""The API's error answers: always JSON with a Swedish `detail`, and `errors` per field for bad input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _


class ApiError(Exception):
    def __init__(self, status: int, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status = status
        self.body = {"detail": detail, **extra}


def form_errors(form: forms.BaseForm) -> ApiError:
    """422 with the form's own (Swedish) messages, by field; "__all__" for the whole form."""
    errors = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
    return ApiError(422, _("Uppgifterna kunde inte sparas. Rätta felen och försök igen."), errors=errors)
