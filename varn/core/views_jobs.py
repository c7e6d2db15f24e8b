from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from varn.core.jobs import retry_job
from varn.core.models import Job
from varn.core.tenancy import get_for_tenant, require, tenant_view


def _job(request: HttpRequest, pk: int) -> Job:
    job = get_for_tenant(Job.objects.select_related("municipality"), request, pk=pk)
    require(job.created_by_id == request.user.pk or request.membership.can_manage)  # type: ignore[attr-defined]
    return job


@tenant_view
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A job's progress. htmx polls the #job partial until the job has finished."""
    job = _job(request, pk)
    template = "core/job_detail.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#job"
    return render(request, template, {"job": job})


@tenant_view
@require_POST
def job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Försök igen": the same task with the same input, or the reason it cannot run again."""
    job = _job(request, pk)
    reason = retry_job(job)
    if reason:
        messages.error(request, reason)
    else:
        messages.success(request, _("Jobbet körs igen."))
    return redirect(job.get_absolute_url())
