"""Fetching the key figures in the background, started from the indicator page."""

from __future__ import annotations

from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext as _

from varn.core.jobs import JobError, job_body

from .kolada import KoladaError
from .services import fetch_for_municipality


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
