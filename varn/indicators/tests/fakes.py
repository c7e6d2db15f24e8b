"""A requests adapter that answers from the stored Kolada responses in fixtures/."""

from __future__ import annotations

from pathlib import Path

import requests
from requests.adapters import BaseAdapter

FIXTURES = Path(__file__).parent / "fixtures"
BASE = "http://kolada.test/v2"


class StoredKolada(BaseAdapter):
    """Routes are (text in the URL, fixture file | HTTP status | exception), the first match wins."""

    def __init__(self, routes: list[tuple[str, object]]):
        super().__init__()
        self.routes = routes
        self.requested: list[str] = []
        self.timeouts: list[object] = []

    def send(self, request, **kwargs):
        self.requested.append(request.url)
        self.timeouts.append(kwargs.get("timeout"))
        answer = next((found for text, found in self.routes if text in request.url), 404)
        if isinstance(answer, Exception):
            raise answer
        response = requests.Response()
        response.url = request.url
        response.request = request
        if isinstance(answer, int):
            response.status_code, response._content = answer, b"<html>error</html>"
        else:
            response.status_code = 200
            response._content = (FIXTURES / str(answer)).read_bytes()
        response.headers["Content-Type"] = "application/json"
        return response

    def close(self):
        pass


def session(routes: list[tuple[str, object]]) -> tuple[requests.Session, StoredKolada]:
    adapter = StoredKolada(routes)
    s = requests.Session()
    s.mount("http://", adapter)
    s.mount("https://", adapter)
    return s, adapter


STANDARD = [
    ("page=2", "data_page2.json"),
    ("/data/", "data_page1.json"),
    ("/kpi/", "kpi.json"),
    ("/municipality_groups", "municipality_groups.json"),
]

CATALOGUE = [
    ("/kpi/", "kpi.json"),
    ("kpi?page=2", "catalogue_page2.json"),
    ("/kpi", "catalogue_page1.json"),
    ("municipality_groups?page=2", "groups_page2.json"),
    ("/municipality_groups", "groups_page1.json"),
]
GROUP_DATA = [
    ("/data/", "data_group.json"),
    ("/kpi/", "kpi_n31807.json"),
]
