from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice


class CodeForm(forms.Form):
    """A six-digit code from the authenticator app, checked against the user's devices."""

    code = forms.CharField(
        label=_("Kod från appen"),
        max_length=8,
        help_text=_("Sex siffror. Koden byts var 30:e sekund."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, devices: list[TOTPDevice], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.devices = devices
        self.device: TOTPDevice | None = None

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit():
            raise forms.ValidationError(_("Koden består av siffror."))
        for device in self.devices:
            allowed, _details = device.verify_is_allowed()
            if not allowed:
                raise forms.ValidationError(
                    _("För många felaktiga koder. Vänta en stund och försök igen."), code="throttled"
                )
            verified = verify_token(device.user, device.persistent_id, code)
            if verified is not None:
                self.device = verified
                return code
        raise forms.ValidationError(_("Koden stämmer inte. Kontrollera att klockan i telefonen går rätt."))
