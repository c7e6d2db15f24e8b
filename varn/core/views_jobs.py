from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from varn.core.models import Job
from varn.core.tenancy import get_for_tenant, require, tenant_view


@tenant_view
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A job's progress. htmx polls the #job partial until the job has finished."""
    job = get_for_tenant(Job.objects.select_related("municipality"), request, pk=pk)
    require(job.created_by_id == request.user.pk or request.membership.can_manage)  # type: ignore[attr-defined]
    template = "core/job_detail.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#job"
    return render(request, template, {"job": job})
