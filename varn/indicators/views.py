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
from .models import Indicator, IndicatorValue, KoladaKpi
from .presentation import figures_for
from .services import areas_for, catalogue_fetched_at, groups_for, source_for
from .tasks import fetch_catalogue_task, fetch_indicators_task


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
    fetched_at = catalogue_fetched_at() if not indicator.pk else None
    form = IndicatorForm(request.POST or None, instance=indicator, has_catalogue=fetched_at is not None)
    if request.method == "POST" and form.is_valid():
        if not indicator.pk:
            form.instance.created_by = request.user
            kpi = form.kpi
            if kpi is not None:  # Kolada's own title, description and gender split
                form.instance.title = kpi.title[:300]
                form.instance.description = kpi.description[:5000]
                form.instance.is_divided_by_gender = kpi.is_divided_by_gender
            else:
                suggested = {s.kpi_id: s.title for s in catalogue.SUGGESTED}
                form.instance.title = suggested.get(form.cleaned_data["kpi_id"], "")
        form.save()
        messages.success(
            request, _("Nyckeltalet är sparat. Värdena hämtas från Kolada vid nästa hämtning (varje natt).")
        )
        return redirect("indicators:list", request.municipality.slug)
    context = {"form": form, "indicator": indicator}
    if not indicator.pk:
        context.update(_catalogue_context(request, fetched_at))
    return render(request, "indicators/indicator_form.html", context, status=400 if form.errors else 200)


def _catalogue_context(request, fetched_at) -> dict:
    """The suggested set (with Kolada's titles once the catalogue is stored) and, for a search, the
    catalogue's matches beyond it: a fixed number of queries whatever the catalogue's size."""
    search = CatalogueSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    chosen = set(Indicator.objects.for_municipality(request.municipality).values_list("kpi_id", flat=True))
    stored = KoladaKpi.objects.in_bulk(list(catalogue.SUGGESTED_IDS)) if fetched_at else {}
    suggestions = []
    for s in catalogue.SUGGESTED:
        kpi = stored.get(s.kpi_id)
        title = kpi.title if kpi else s.title
        words = query.casefold().split()
        if s.kpi_id in chosen or not all(w in f"{s.kpi_id} {title}".casefold() for w in words):
            continue
        suggestions.append(
            {"kpi_id": s.kpi_id, "title": title, "area": s.area, "in_catalogue": kpi is not None}
        )
    hits = catalogue.search_catalogue(query, exclude=chosen | catalogue.SUGGESTED_IDS) if fetched_at else None
    return {
        "search": search,
        "query": query,
        "suggestions": suggestions,
        "hits": hits,
        "search_limit": catalogue.SEARCH_LIMIT,
        "catalogue_fetched_at": fetched_at,
    }


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
    groups = groups_for(request.municipality)
    form = KoladaSourceForm(request.POST or None, instance=source_for(request.municipality), groups=groups)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Jämförelserna är sparade. De används vid nästa hämtning."))
        return redirect("indicators:list", request.municipality.slug)
    context = {"form": form, "has_groups": bool(groups) or catalogue_fetched_at() is not None}
    return render(request, "indicators/source_form.html", context, status=400 if form.errors else 200)


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


@tenant_view
@require_POST
def fetch_catalogue(request):
    """Kolada's catalogue and municipality groups, fetched now in a job the coordinator follows
    (the worker also fetches them daily)."""
    require(request.membership.can_manage)
    job = start_job(
        fetch_catalogue_task,
        municipality=request.municipality,
        kind="indicators.catalogue",
        title=_("Hämtar Koladas katalog"),
        by=request.user,
    )
    return redirect(job.get_absolute_url())
