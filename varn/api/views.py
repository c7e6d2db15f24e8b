"""The person's own API tokens, beside "Mitt konto": create one (the key is shown once) and revoke."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .forms import ApiTokenForm
from .models import ApiToken


@never_cache
def token_list(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    key = None
    if request.method == "POST" and form.is_valid():
        _token, key = ApiToken.issue(user=request.user, **form.cleaned_data)
        messages.success(request, _("API-nyckeln är skapad. Kopiera den nu: den visas bara en gång."))
        form = ApiTokenForm()
    tokens = ApiToken.objects.of(request.user)
    return render(request, "api/token_list.html", {"form": form, "tokens": tokens, "key": key})


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.of(request.user), pk=pk)
    token.revoke(by=request.user)
    messages.success(request, _("API-nyckeln %(name)s är återkallad.") % {"name": token.name})
    return redirect("tokens:list")
