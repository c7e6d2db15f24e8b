from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.db.utils import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from varn.accounts import oidc
from varn.core.forms import RedactionForm
from varn.core.models import WorkerHeartbeat
from varn.core.redaction import find_object, redact_text
from varn.core.tenancy import require, tenant_view
from varn.organisations.models import Membership


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 when it does not.

    The background worker is a separate check ("worker": "ok" or "none", with the age of the latest
    heartbeat): a web process serves pages without one, so its absence does not fail the check
    unless the caller asks for it with `?require=worker` (503 then), as a monitor of the worker does."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        latest = WorkerHeartbeat.latest()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "error", "worker": "unknown"}, status=503)
    alive = latest is not None and WorkerHeartbeat.objects.alive().filter(pk=latest.pk).exists()
    body: dict[str, object] = {"status": "ok", "database": "ok", "worker": "ok" if alive else "none"}
    body["worker_heartbeat_age_s"] = (
        round((timezone.now() - latest.last_seen_at).total_seconds(), 1) if latest else None
    )
    if not alive and request.GET.get("require") == "worker":
        body["status"] = "unavailable"
        return JsonResponse(body, status=503)
    return JsonResponse(body)


def home(request: HttpRequest) -> HttpResponse:
    """Send the user to their municipality; list them when there are several."""
    memberships = list(
        Membership.objects.active()
        .filter(user=request.user)
        .select_related("municipality")
        .order_by("municipality__name")
    )
    if len(memberships) == 1:
        return redirect("programs:dashboard", memberships[0].municipality.slug)
    return render(request, "core/home.html", {"memberships": memberships})


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True


login_view = login_not_required(LoginView.as_view())


class LogoutView(auth_views.LogoutView):
    """Sign out of Värn; after single sign-on, also of the municipality's identity provider, so that
    the next person at a shared computer cannot sign straight back in."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get("oidc_id_token", "")
        response = super().post(request, *args, **kwargs)
        end_session = oidc.end_session_url(request, id_token)
        return HttpResponseRedirect(end_session) if end_session else response


logout_view = LogoutView.as_view()


@tenant_view
def redact(request, label: str, pk: int):
    """A coordinator removes a value from an object and its history (docs/operations.md)."""
    require(request.membership.can_manage)
    obj = find_object(label, pk, request.municipality)
    if obj is None:
        raise Http404(_("Uppgiften finns inte."))
    form = RedactionForm(request.POST or None, obj=obj)
    if request.method == "POST" and form.is_valid():
        rows = redact_text(
            obj,
            form.cleaned_data["field"],
            form.cleaned_data["value"],
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(
            request, _("Texten är borttagen ur uppgiften och ur %(n)s rader i historiken.") % {"n": rows}
        )
        return redirect(request.path)
    return render(
        request, "core/redact.html", {"form": form, "object": obj}, status=400 if form.errors else 200
    )
