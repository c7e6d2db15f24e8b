"""Fetching the key figures in the background, started from the indicator page."""

from __future__ import annotations

from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext as _

from varn.core.jobs import JobError, job_body

from .kolada import KoladaError
from .services import fetch_catalogue, fetch_for_municipality


@task
@job_body
def fetch_indicators_task(job) -> None:
    job.report(10, _("Hämtar nyckeltal från Kolada …"))
    try:
        stored = fetch_for_municipality(job.municipality)
    except KoladaError as error:
        raise JobError(
            _("Hämtningen misslyckades: %(error)s De senast hämtade värdena visas som förut.")
            % {"error": error}
        ) from error
    job.finish(
        result={"values": stored},
        result_url=reverse("indicators:list", args=[job.municipality.slug]),
        message=_("%(n)s värden hämtades från Kolada.") % {"n": stored},
    )


@task
@job_body
def fetch_catalogue_task(job) -> None:
    """Kolada's KPI catalogue and municipality groups (the same for every municipality), started
    from a municipality's page so that the person who asked can follow it as a job."""
    try:
        counts = fetch_catalogue(progress=job.report)
    except KoladaError as error:
        raise JobError(
            _("Katalogen kunde inte hämtas: %(error)s Den senast hämtade katalogen används som förut.")
            % {"error": error}
        ) from error
    job.finish(
        result={"kpis": counts.kpis, "groups": counts.groups},
        result_url=reverse("indicators:indicator-create", args=[job.municipality.slug]),
        message=_("%(kpis)s nyckeltal och %(groups)s kommungrupper hämtades från Kolada.")
        % {"kpis": counts.kpis, "groups": counts.groups},
    )
