from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from varn.core.history import history_entries
from varn.core.jobs import start_job
from varn.core.tenancy import get_for_tenant, require, tenant_view

from . import catalogue
from .forms import CatalogueSearchForm, IndicatorForm, KoladaSourceForm
from .models import Indicator, IndicatorValue
from .presentation import figures_for
from .services import areas_for, source_for
from .tasks import fetch_indicators_task


@tenant_view
def indicator_list(request):
    """The chosen key figures with their last fetched values; Kolada is never called from here."""
    membership = request.membership
    source = source_for(request.municipality)
    context = {
        "figures": figures_for(request.municipality, include_inactive=membership.can_manage),
        "source": source,
        "areas": areas_for(request.municipality, source),
        "area_labels": dict(IndicatorValue.Area.choices),
        "failed": bool(source.last_error)
        and (source.fetched_at is None or (source.attempted_at or source.fetched_at) > source.fetched_at),
    }
    return render(request, "indicators/indicator_list.html", context)


def _indicator_form(request, indicator: Indicator):
    require(request.membership.can_manage)
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        if not indicator.pk:
            form.instance.created_by = request.user
            suggested = {s.kpi_id: s.title for s in catalogue.SUGGESTED}
            form.instance.title = suggested.get(form.cleaned_data["kpi_id"], "")
        form.save()
        messages.success(
            request, _("Nyckeltalet är sparat. Värdena hämtas från Kolada vid nästa hämtning (varje natt).")
        )
        return redirect("indicators:list", request.municipality.slug)
    search = CatalogueSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    chosen = set(Indicator.objects.for_municipality(request.municipality).values_list("kpi_id", flat=True))
    context = {
        "form": form,
        "indicator": indicator,
        "search": search,
        "suggestions": [s for s in catalogue.search(query) if s.kpi_id not in chosen]
        if not indicator.pk
        else [],
    }
    return render(request, "indicators/indicator_form.html", context, status=400 if form.errors else 200)


@tenant_view
def indicator_create(request):
    return _indicator_form(request, Indicator(municipality=request.municipality))


@tenant_view
def indicator_edit(request, pk: int):
    return _indicator_form(request, get_for_tenant(Indicator.objects.all(), request, pk=pk))


@tenant_view
def indicator_history(request, pk: int):
    indicator = get_for_tenant(Indicator.objects.all(), request, pk=pk)
    return render(
        request,
        "core/history.html",
        {"object": indicator, "title": str(indicator), "entries": history_entries(indicator)},
    )


@tenant_view
def source_edit(request):
    require(request.membership.can_manage)
    form = KoladaSourceForm(request.POST or None, instance=source_for(request.municipality))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Jämförelserna är sparade. De används vid nästa hämtning."))
        return redirect("indicators:list", request.municipality.slug)
    return render(request, "indicators/source_form.html", {"form": form}, status=400 if form.errors else 200)


@tenant_view
@require_POST
def fetch_now(request):
    require(request.membership.can_manage)
    job = start_job(
        fetch_indicators_task,
        municipality=request.municipality,
        kind="indicators.fetch",
        title=_("Hämtar nyckeltal från Kolada"),
        by=request.user,
    )
    return redirect(job.get_absolute_url())
