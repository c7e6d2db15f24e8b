"""Site staff (Django's is_staff): the municipalities on this installation, and setting up a new one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from varn.core.tenancy import require
from varn.organisations.models import Municipality, Role

from .forms import NewMunicipalityForm
from .invitations import set_up_municipality


def municipality_list(request: HttpRequest) -> HttpResponse:
    require(request.user.is_staff)  # type: ignore[union-attr]
    form = NewMunicipalityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            municipality, invitation = set_up_municipality(
                form.cleaned_data["code"],
                coordinator_email=form.cleaned_data["coordinator_email"],
                by=request.user,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("%(name)s är upplagd. En inbjudan har skickats till %(email)s.")
                % {"name": municipality.name, "email": invitation.email},
            )
            return redirect("accounts:staff-municipalities")
    municipalities = Municipality.objects.annotate(
        coordinators=Count(
            "memberships", filter=Q(memberships__role=Role.COORDINATOR, memberships__is_active=True)
        ),
        people=Count("memberships", filter=Q(memberships__is_active=True)),
    ).order_by("name")
    return render(
        request, "accounts/staff_municipalities.html", {"form": form, "municipalities": municipalities}
    )
