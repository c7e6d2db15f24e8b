from __future__ import annotations

from typing import Any

from axes.utils import reset as reset_lockout
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from varn.core.tenancy import get_for_tenant, require, tenant_view
from varn.organisations.models import Membership

from . import twofactor
from .forms import CodeForm
from .models import Invitation, SsoIdentity, SsoNotice
from .services import SSO_REASON, latest_change_reasons, resolve_notice


def _user(request: HttpRequest) -> Any:
    """The signed-in user (LoginRequiredMiddleware keeps anonymous users out)."""
    return request.user


def account(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own page: where they have access, and how they sign in."""
    memberships = list(
        Membership.objects.filter(user=_user(request)).select_related("municipality", "unit", "partner")
    )
    return render(
        request,
        "accounts/account.html",
        {
            "memberships": memberships,
            "has_two_factor": twofactor.has_two_factor(request.user),
            "identities": SsoIdentity.objects.filter(user=_user(request)),
        },
    )


# Passwords: Django's views with Swedish templates.

password_change = auth_views.PasswordChangeView.as_view(
    template_name="accounts/password_change.html", success_url=reverse_lazy("accounts:password-change-done")
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="accounts/password_change_done.html"
)
password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset_form.html",
    email_template_name="accounts/password_reset_email.txt",
    subject_template_name="accounts/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password-reset-done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form):
        # Whoever proved they read the account's e-mail may try to sign in again at once.
        reset_lockout(username=self.user.get_username())
        return super().form_valid(form)


password_reset_confirm = PasswordResetConfirmView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


# Two-factor sign-in.


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


@never_cache
def two_factor(request: HttpRequest) -> HttpResponse:
    """Turn on two-factor sign-in: scan the QR code (or type the key), then give a code to confirm."""
    user = request.user
    if twofactor.has_two_factor(user):
        context = {
            "enabled": True,
            "required": twofactor.role_requires_two_factor(user),
            "form": CodeForm(devices=[]),
        }
        return render(request, "accounts/two_factor.html", context)
    device = twofactor.pending_device(user)
    form = CodeForm(request.POST or None, devices=[device])
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.devices_for_user(user, confirmed=False).delete()
        otp_login(request, device)
        request.session[twofactor.SESSION_KEY] = True
        request.session[twofactor.SETUP_KEY] = False
        messages.success(
            request, _("Tvåstegsverifiering är på. Nästa gång du loggar in frågar Värn efter en kod.")
        )
        return redirect("accounts:account")
    label = f"{settings.OTP_TOTP_ISSUER}: {user.get_username()}"
    return render(
        request,
        "accounts/two_factor.html",
        {
            "enabled": False,
            "required": request.session.get(twofactor.SETUP_KEY, False),
            "form": form,
            "qr": twofactor.qr_svg(device.config_url, _("QR-kod för autentiseringsappen")),
            "secret": twofactor.secret_for_humans(device),
            "label": label,
        },
    )


@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    """Turn two-factor sign-in off. Needs a valid code, so a borrowed session cannot do it."""
    devices = list(TOTPDevice.objects.devices_for_user(request.user, confirmed=True))
    if twofactor.role_requires_two_factor(request.user):
        messages.error(request, _("Din roll i Värn kräver tvåstegsverifiering; den kan inte stängas av."))
        return redirect("accounts:two-factor")
    form = CodeForm(request.POST, devices=devices)
    if devices and form.is_valid():
        TOTPDevice.objects.filter(user=request.user).delete()
        request.session[twofactor.SESSION_KEY] = False
        messages.success(request, _("Tvåstegsverifiering är avstängd."))
        return redirect("accounts:account")
    return render(request, "accounts/two_factor.html", {"enabled": bool(devices), "form": form}, status=400)


@never_cache
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in, for users who have turned two-factor sign-in on."""
    devices = list(TOTPDevice.objects.devices_for_user(request.user, confirmed=True))
    next_url = _safe_next(request, reverse("core:home"))
    if not devices:
        request.session[twofactor.SESSION_KEY] = False
        return redirect(next_url)
    form = CodeForm(request.POST or None, devices=devices)
    if request.method == "POST" and form.is_valid():
        assert form.device is not None
        otp_login(request, form.device)
        return redirect(next_url)
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})


# Public pages.


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    """Tillgänglighetsredogörelse, as the law (2018:1937) asks public bodies to publish."""
    return render(request, "accounts/accessibility.html", {"contact": settings.VARN_ACCESSIBILITY_CONTACT})


# Inside a municipality: who has access, and where single sign-on disagrees with Värn.


@tenant_view
def access_overview(request: HttpRequest) -> HttpResponse:
    require(request.membership.can_manage)  # type: ignore[attr-defined]
    municipality = request.municipality  # type: ignore[attr-defined]
    memberships = list(
        Membership.objects.for_municipality(municipality)
        .select_related("user", "unit", "partner")
        .order_by("-is_active", "role", "user__last_name", "user__username")
    )
    latest = latest_change_reasons(memberships)
    rows = [(m, m.managed_by_sso and latest.get(m.pk) == SSO_REASON) for m in memberships]
    notices = SsoNotice.objects.filter(municipality=municipality, resolved_at__isnull=True).select_related(
        "user"
    )
    invitations = (
        Invitation.objects.pending().filter(municipality=municipality).select_related("unit", "partner")
    )
    return render(
        request,
        "accounts/access_overview.html",
        {"rows": rows, "notices": notices, "invitations": invitations},
    )


@tenant_view
@require_POST
def notice_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.membership.can_manage)  # type: ignore[attr-defined]
    notice = get_for_tenant(SsoNotice.objects.filter(resolved_at__isnull=True), request, pk=pk)
    resolve_notice(notice, by=request.user)
    messages.success(request, _("Avvikelsen är markerad som hanterad."))
    return redirect("access:overview", request.municipality.slug)  # type: ignore[attr-defined]
