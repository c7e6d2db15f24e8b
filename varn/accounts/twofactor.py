"""Two-factor sign-in with an authenticator app (TOTP, django-otp).

After the password (or single sign-on), a user with a confirmed device must give a code before any
other page opens (TwoFactorMiddleware). Whether that is needed is decided once, at sign-in, and kept
in the session, so ordinary pages cost no extra query."""

from __future__ import annotations

from base64 import b32encode

import qrcode
from django.conf import settings
from django.utils.html import escape
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

SESSION_KEY = "varn_two_factor_required"
# Set at sign-in for a person whose role must use two-factor sign-in and who has not set it up.
SETUP_KEY = "varn_two_factor_setup_required"
DEVICE_NAME = "Autentiseringsapp"
# The roles that had to use two-factor sign-in when the session decided the two keys above: when
# VARN_REQUIRE_TWO_FACTOR changes, a session opened before decides again at its next request.
POLICY_KEY = "varn_two_factor_policy"


def current_policy() -> str:
    return ",".join(sorted(settings.VARN_REQUIRE_TWO_FACTOR or []))


def role_requires_two_factor(user) -> bool:
    """Whether one of the person's active memberships has a role that must use two-factor sign-in
    (VARN_REQUIRE_TWO_FACTOR)."""
    roles = settings.VARN_REQUIRE_TWO_FACTOR
    if not roles or not user.pk:
        return False
    from varn.organisations.models import Membership

    return Membership.objects.filter(user=user, is_active=True, role__in=roles).exists()


def remember_whether_two_factor_is_required(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        has_device = user_has_device(user, confirmed=True)
        request.session[SESSION_KEY] = has_device
        request.session[SETUP_KEY] = not has_device and role_requires_two_factor(user)
        request.session[POLICY_KEY] = current_policy()


def has_two_factor(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device being set up (one per user), made on first use."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_for_humans(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an app by hand."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(data: str, label: str) -> str:
    """The QR code as an inline SVG (no script, no style attribute: it passes the CSP)."""
    code = qrcode.QRCode(border=4, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    path = "".join(f"M{x} {y}h1v1h-1z" for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size * 6}" '
        f'height="{size * 6}" role="img" aria-label="{escape(label)}" class="qr" '
        'shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/><path d="{path}" fill="#000"/></svg>'
    )
