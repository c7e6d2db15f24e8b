from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from varn.core.history import history_entries
from varn.core.tenancy import get_for_tenant, require, tenant_view

from .forms import OrganisationListForm, PartnerForm, UnitForm
from .models import Partner, Unit
from .services import add_organisations


@tenant_view
def organisation_list(request):
    require(request.membership.can_manage)
    units = Unit.objects.for_municipality(request.municipality).annotate(measure_count=Count("measures"))
    partners = Partner.objects.for_municipality(request.municipality).annotate(
        measure_count=Count("measures")
    )
    return render(request, "organisations/organisation_list.html", {"units": units, "partners": partners})


def _edit(request, form_class, instance, kind_label: str):
    require(request.membership.can_manage)
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("%(what)s är sparad.") % {"what": kind_label})
        return redirect("organisations:list", request.municipality.slug)
    return render(
        request,
        "organisations/organisation_form.html",
        {"form": form, "object": instance, "kind_label": kind_label},
    )


@tenant_view
def unit_create(request):
    return _edit(request, UnitForm, Unit(municipality=request.municipality), _("Förvaltningen"))


@tenant_view
def unit_edit(request, pk: int):
    return _edit(request, UnitForm, get_for_tenant(Unit.objects.all(), request, pk=pk), _("Förvaltningen"))


@tenant_view
def partner_create(request):
    return _edit(request, PartnerForm, Partner(municipality=request.municipality), _("Samverkansparten"))


@tenant_view
def partner_edit(request, pk: int):
    return _edit(
        request, PartnerForm, get_for_tenant(Partner.objects.all(), request, pk=pk), _("Samverkansparten")
    )


@tenant_view
def unit_history(request, pk: int):
    require(request.membership.can_manage)
    unit = get_for_tenant(Unit.objects.all(), request, pk=pk)
    return render(request, "core/history.html", {"title": unit.name, "entries": history_entries(unit)})


@tenant_view
def partner_history(request, pk: int):
    require(request.membership.can_manage)
    partner = get_for_tenant(Partner.objects.all(), request, pk=pk)
    return render(request, "core/history.html", {"title": partner.name, "entries": history_entries(partner)})


@tenant_view
def organisation_import(request):
    """Paste a list or upload Excel, see every row checked, then confirm: nothing is saved before."""
    require(request.membership.can_manage)
    form = OrganisationListForm(
        request.POST or None, request.FILES or None, municipality=request.municipality
    )
    is_valid = request.method == "POST" and form.is_valid()
    if is_valid and request.POST.get("action") == "save":
        if form.is_confirmed:
            count = add_organisations(request.municipality, form.rows, model=form.model, by=request.user)
            messages.success(request, _("%(count)s organisationer är sparade.") % {"count": count})
            return redirect("organisations:list", request.municipality.slug)
        messages.error(request, _("Listan har ändrats sedan förhandsgranskningen. Granska den igen."))
    context = {"form": form, "rows": form.rows, "previewed": bool(form.rows)}
    if is_valid:
        context["fingerprint"] = form.fingerprint()
    return render(
        request, "organisations/organisation_import.html", context, status=400 if form.errors else 200
    )
