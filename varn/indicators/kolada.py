"""A client for Kolada's public API (v2), returning plain data.

Kolada (https://api.kolada.se/v2/, run by RKA) answers every request with
`{"values": [...], "count": n, "next_page": url?}` and at most 5,000 values a page; a data value is
`{"kpi", "municipality", "period", "values": [{"gender": "T|K|M", "count", "status", "value"}]}`.
The client follows `next_page`, gives every request a timeout, and turns every failure (no answer,
an HTTP error, a body that is not that format) into `KoladaError`, so a caller can keep the values
it already has. It touches no database: it is called from the fetch service and the
`fetch_indicators` command, never from a page request."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import requests
from django.conf import settings
from django.utils.translation import gettext as _

BASE_URL = "https://api.kolada.se/v2"
TIMEOUT = (5, 30)  # connect, read (seconds)
MAX_PAGES = 50
COUNTRY = "0000"  # Kolada's id for the whole country ("Riket")
GENDERS = ("T", "K", "M")


class KoladaError(Exception):
    """Kolada could not be reached or answered something unusable; the message is for the user."""


@dataclass(frozen=True)
class Kpi:
    id: str
    title: str
    description: str = ""
    is_divided_by_gender: bool = False
    operating_area: str = ""


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    members: tuple[str, ...] = ()
    member_titles: tuple[str, ...] = ()


@dataclass(frozen=True)
class DataPoint:
    kpi: str
    area: str  # Kolada's municipality id: a municipality, a county ("00" + county code), a group, "0000"
    period: int
    gender: str
    value: float | None
    status: str
    count: int
    url: str


def county_id(municipality_code: str) -> str:
    """Kolada's id for a municipality's county (region): "00" and the county code."""
    return "00" + municipality_code[:2]


def _ids(values: list[str] | tuple[str, ...]) -> str:
    return ",".join(quote(str(v), safe="") for v in values)


class KoladaClient:
    def __init__(self, base_url: str = "", *, session: requests.Session | None = None, timeout=TIMEOUT):
        self.base_url = (base_url or getattr(settings, "KOLADA_URL", BASE_URL)).rstrip("/")
        self.session = session or requests.Session()
        self.timeout = timeout

    def _get(self, url: str) -> dict[str, Any]:
        try:
            response = self.session.get(url, timeout=self.timeout, headers={"Accept": "application/json"})
        except requests.Timeout as error:
            raise KoladaError(_("Kolada svarade inte i tid.")) from error
        except requests.RequestException as error:
            raise KoladaError(_("Kolada gick inte att nå.")) from error
        if response.status_code != 200:
            raise KoladaError(_("Kolada svarade med felkod %(code)s.") % {"code": response.status_code})
        try:
            body = response.json()
        except ValueError as error:
            raise KoladaError(_("Kolada svarade med något som inte är JSON.")) from error
        if not isinstance(body, dict) or not isinstance(body.get("values"), list):
            raise KoladaError(_("Kolada svarade i ett oväntat format."))
        return body

    def pages(self, url: str) -> Iterator[tuple[str, dict]]:
        """Every value of a listing with the URL of the page it came from, following next_page."""
        seen = 0
        while url:
            seen += 1
            if seen > MAX_PAGES:
                raise KoladaError(_("Kolada gav fler sidor än väntat."))
            body = self._get(url)
            for value in body["values"]:
                if isinstance(value, dict):
                    yield url, value
            url = body.get("next_page") or ""

    def kpis(self, ids: list[str]) -> list[Kpi]:
        return [_kpi(v) for _url, v in self.pages(f"{self.base_url}/kpi/{_ids(ids)}")]

    def catalogue(self) -> list[Kpi]:
        """Every KPI in Kolada's catalogue (`/kpi`, about 6,000 in two pages)."""
        return [_kpi(v) for _url, v in self.pages(f"{self.base_url}/kpi")]

    def search_kpis(self, title: str) -> list[Kpi]:
        return [_kpi(v) for _url, v in self.pages(f"{self.base_url}/kpi?title={quote(title)}")]

    def municipality_groups(self, title: str = "") -> list[Group]:
        url = f"{self.base_url}/municipality_groups" + (f"?title={quote(title)}" if title else "")
        return [
            Group(
                id=str(v.get("id", "")),
                title=str(v.get("title", "")),
                members=tuple(str(m.get("id", "")) for m in v.get("members") or [] if isinstance(m, dict)),
                member_titles=tuple(
                    str(m.get("title", "")) for m in v.get("members") or [] if isinstance(m, dict)
                ),
            )
            for _url, v in self.pages(url)
        ]

    def data(self, kpis: list[str], areas: list[str], years: list[int]) -> list[DataPoint]:
        url = (
            f"{self.base_url}/data/kpi/{_ids(kpis)}/municipality/{_ids(areas)}"
            f"/year/{_ids([str(y) for y in years])}"
        )
        points = []
        for page_url, item in self.pages(url):
            points.extend(_points(item, page_url))
        return points


def _kpi(value: dict) -> Kpi:
    return Kpi(
        id=str(value.get("id", "")),
        title=str(value.get("title", "")),
        description=str(value.get("description") or ""),
        is_divided_by_gender=bool(value.get("is_divided_by_gender")),
        operating_area=str(value.get("operating_area") or ""),
    )


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    return None


def _points(item: dict, url: str) -> list[DataPoint]:
    try:
        period = int(item.get("period"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return []
    kpi, area = str(item.get("kpi", "")), str(item.get("municipality", ""))
    points = []
    for entry in item.get("values") or []:
        if not isinstance(entry, dict):
            continue
        gender = str(entry.get("gender", "T"))
        if gender == "F":  # older documentation spelled women's values F
            gender = "K"
        if gender not in GENDERS or not kpi or not area:
            continue
        count = entry.get("count")
        points.append(
            DataPoint(
                kpi=kpi,
                area=area,
                period=period,
                gender=gender,
                value=_number(entry.get("value")),
                status=str(entry.get("status") or ""),
                count=count if isinstance(count, int) and not isinstance(count, bool) else 0,
                url=url,
            )
        )
    return points
