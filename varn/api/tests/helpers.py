"""API clients for the tests: a token per person, sent as a bearer header."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.test import Client
from django.utils import timezone

from varn.api.models import ApiToken


def token_for(user, scope: str = ApiToken.Scope.READ_WRITE, days: int = 30) -> str:
    _token, key = ApiToken.issue(
        user=user, name="test", scope=scope, expires_on=timezone.localdate() + datetime.timedelta(days=days)
    )
    return key


class ApiClient:
    """A client that calls the API with a bearer token (or none)."""

    def __init__(self, key: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {key}"} if key else {}

    def get(self, path: str, **params: Any):
        return self.client.get(path, params, headers=self.headers)

    def post(self, path: str, data: Any, version: Any = None):
        return self.client.post(
            path, json.dumps(data), content_type="application/json", headers=self._with(version)
        )

    def put(self, path: str, data: Any, version: Any = None):
        return self.client.put(
            path, json.dumps(data), content_type="application/json", headers=self._with(version)
        )

    def _with(self, version: Any) -> dict[str, str]:
        """The headers, with `If-Match` when a version is given."""
        return {**self.headers, **({"If-Match": f'"{version}"'} if version is not None else {})}


def api_client(user, scope: str = ApiToken.Scope.READ_WRITE) -> ApiClient:
    return ApiClient(token_for(user, scope) if user is not None else None)


def url(cast, rest: str) -> str:
    return f"/api/v1/municipalities/{cast.slug}/{rest}"
