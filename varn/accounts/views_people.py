"""A coordinator's people: invite by e-mail with a role, change a role, deactivate and reactivate;
and the page the invitation's link opens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from varn.core.history import history_entries
from varn.core.tenancy import get_for_tenant, require, tenant_view
from varn.organisations.models import Membership

from .forms import AcceptForm, InvitationForm, RoleChangeForm
from .invitations import accept_invitation, create_account_and_accept, existing_user, invite_person
from .models import Invitation

SEVERAL_KEY = "varn_several_municipalities"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def remember_whether_several_municipalities(sender, request, user, **kwargs) -> None:
    """Shown in the header as "Byt kommun" for a person who works in more than one municipality."""
    request.session[SEVERAL_KEY] = Membership.objects.active().filter(user=user).count() > 1


def _membership(request: HttpRequest, pk: int) -> Membership:
    require(request.membership.can_manage)  # type: ignore[attr-defined]
    return get_for_tenant(Membership.objects.select_related("user", "unit", "partner"), request, pk=pk)


def _back(request: HttpRequest) -> HttpResponse:
    return redirect("access:overview", request.municipality.slug)  # type: ignore[attr-defined]


def _name(membership: Membership) -> str:
    return membership.user.get_full_name() or membership.user.get_username()


@tenant_view
def invite(request: HttpRequest) -> HttpResponse:
    require(request.membership.can_manage)  # type: ignore[attr-defined]
    municipality = request.municipality  # type: ignore[attr-defined]
    form = InvitationForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invite_person(municipality, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("En inbjudan har skickats till %(email)s.") % {"email": invitation.email}
            )
            return _back(request)
    return render(request, "accounts/invitation_form.html", {"form": form})


@tenant_view
def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request, pk)
    initial = {
        "role": membership.role,
        "unit": membership.unit,
        "partner": membership.partner,
        "lock_version": membership.lock_version,
    }
    form = RoleChangeForm(request.POST or None, initial=initial, municipality=request.municipality)  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        seen = data.pop("lock_version")
        try:
            membership.change_role(**data, by=request.user, seen=seen)
        except ValidationError as error:
            membership.refresh_from_db()
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s har nu rollen %(role)s.")
                % {"name": _name(membership), "role": membership.get_role_display()},
            )
            return _back(request)
    return render(request, "accounts/membership_form.html", {"form": form, "object": membership})


@tenant_view
@require_POST
def membership_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request, pk)
    try:
        membership.deactivate(by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(name)s har inte längre tillgång till kommunen.") % {"name": _name(membership)}
        )
    return _back(request)


@tenant_view
@require_POST
def membership_activate(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request, pk)
    membership.reactivate(by=request.user)
    messages.success(request, _("%(name)s har tillgång till kommunen igen.") % {"name": _name(membership)})
    return _back(request)


@tenant_view
def membership_history(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request, pk)
    return render(
        request, "core/history.html", {"title": _name(membership), "entries": history_entries(membership)}
    )


@login_not_required
@never_cache
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation's link. A new person sets a name and a password; a person with an account
    signs in (with a password or single sign-on) and accepts with it."""
    invitation = Invitation.find(token)
    if invitation is None:
        raise Http404(_("Ingen sådan inbjudan."))
    context: dict = {"invitation": invitation}
    if invitation.problem:
        return render(request, "accounts/invitation_accept.html", context, status=410)
    user = request.user
    if user.is_authenticated:
        if (user.email or "").lower() != invitation.email.lower():  # type: ignore[union-attr]
            if request.method == "POST":
                raise PermissionDenied(_("Inbjudan gäller en annan e-postadress."))
            return render(request, "accounts/invitation_accept.html", {**context, "other_account": True})
        if request.method == "POST":
            try:
                accept_invitation(invitation, user=user)
            except ValidationError as error:
                context["error"] = " ".join(error.messages)
                return render(request, "accounts/invitation_accept.html", context, status=400)
            remember_whether_several_municipalities(None, request, user)
            return _welcome(request, invitation)
        return render(request, "accounts/invitation_accept.html", {**context, "confirm": True})
    if existing_user(invitation.email) is not None:
        return render(request, "accounts/invitation_accept.html", {**context, "sign_in_first": True})
    form = AcceptForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            new_user = create_account_and_accept(
                invitation,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, new_user, backend=MODEL_BACKEND)
            return _welcome(request, invitation)
    return render(request, "accounts/invitation_accept.html", {**context, "form": form})


def _welcome(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    messages.success(
        request,
        _("Välkommen till Värn i %(municipality)s.") % {"municipality": invitation.municipality.name},
    )
    return redirect("programs:dashboard", invitation.municipality.slug)
