from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from varn.organisations.models import Municipality, Partner, Role, Unit
from varn.organisations.registry import all_municipalities, by_code

from .invitations import is_member


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


class RoleForm(forms.Form):
    """A role in the municipality, with the unit or partner organisation the role needs."""

    role = forms.ChoiceField(label=_("Roll"), choices=Role.choices)
    unit = forms.ModelChoiceField(
        label=_("Förvaltning"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("För en förvaltningskontakt."),
    )
    partner = forms.ModelChoiceField(
        label=_("Samverkanspart"),
        queryset=Partner.objects.none(),
        required=False,
        help_text=_("För en samverkanspart."),
    )

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["unit"].queryset = Unit.objects.for_municipality(municipality).filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["partner"].queryset = Partner.objects.for_municipality(municipality).filter(  # type: ignore[attr-defined]
            is_active=True
        )  # type: ignore[attr-defined]

    def clean(self) -> dict:
        data = super().clean() or {}
        role = data.get("role")
        if role == Role.UNIT_EDITOR and not data.get("unit"):
            self.add_error("unit", _("Välj förvaltningen som förvaltningskontakten hör till."))
        if role == Role.PARTNER and not data.get("partner"):
            self.add_error("partner", _("Välj organisationen som samverkansparten hör till."))
        return data


class RoleChangeForm(RoleForm):
    """A role change: carries the membership's version the page showed (optimistic locking)."""

    lock_version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Formuläret saknar uppgiften om vilken version du utgick från. Öppna sidan igen.")
        },
    )


class InvitationForm(RoleForm):
    email = forms.EmailField(
        label=_("E-postadress"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_("Inbjudan skickas hit. Länken fungerar en gång."),
    )
    field_order = ["email", "role", "unit", "partner"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if is_member(self.municipality, email):
            raise forms.ValidationError(_("Personen är redan med i kommunen."))
        return email


class AcceptForm(forms.Form):
    """A new account from an invitation: a name and a password (Django's password rules)."""

    first_name = forms.CharField(
        label=_("Förnamn"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Efternamn"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    password1 = forms.CharField(
        label=_("Lösenord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Minst tio tecken, inte bara siffror och inte ett vanligt lösenord."),
    )
    password2 = forms.CharField(
        label=_("Lösenordet igen"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Lösenorden är inte lika."))
        elif first:
            User = get_user_model()
            probe = User(
                username=self.email,
                email=self.email,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(first, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        if get_user_model().objects.filter(username__iexact=self.email).exists():
            raise forms.ValidationError(
                _("Det finns redan ett konto med den här e-postadressen. Logga in med det.")
            )
        return data


def municipality_choices() -> list[tuple[str, object]]:
    known = sorted(all_municipalities(), key=lambda m: m.official_name)
    return [("", _("Välj kommun")), *((m.code, f"{m.official_name} ({m.code})") for m in known)]


class NewMunicipalityForm(forms.Form):
    """Site staff: a municipality chosen from the official list, and its first coordinator."""

    code = forms.ChoiceField(
        label=_("Kommun"), choices=municipality_choices, help_text=_("Namn och kommunkod enligt SCB.")
    )
    coordinator_email = forms.EmailField(
        label=_("Samordnarens e-postadress"),
        help_text=_("Den första samordnaren får en inbjudan och bjuder sedan in de andra."),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        known = by_code(code)
        if known is not None and Municipality.objects.filter(code=code).exists():
            raise forms.ValidationError(_("%(name)s finns redan i Värn.") % {"name": known.official_name})
        return code
