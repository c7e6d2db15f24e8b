from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from varn.core.forms import DateInput, FreeTextMixin

from .models import ApiToken

DEFAULT_DAYS = 90
MAX_DAYS = 365


class ApiTokenForm(FreeTextMixin, forms.Form):
    name = forms.CharField(
        label=_("Namn"), max_length=100, help_text=_("Vad nyckeln används till, t.ex. ”Rapportverktyget”.")
    )
    scope = forms.ChoiceField(
        label=_("Behörighet"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        help_text=_("Nyckeln får aldrig mer än din roll i Värn."),
    )
    expires_on = forms.DateField(label=_("Gäller till och med"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("expires_on", timezone.localdate() + datetime.timedelta(days=DEFAULT_DAYS))

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if day <= today:
            raise forms.ValidationError(_("Välj ett datum efter i dag."))
        if day > today + datetime.timedelta(days=MAX_DAYS):
            raise forms.ValidationError(_("En nyckel kan gälla högst ett år."))
        return day
