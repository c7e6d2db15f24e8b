"""Simulated Värn users for `make load` (bench/load.py runs this with locust, headless).

Readers (elected representatives, partners) open the dashboard, lists, measures and the programme;
editors (the coordinator, the social services' contact) also save measures and write status reports.
Two editors saving the same measure at once is normal: the later is refused with 409 and the
difference (optimistic locking), which counts as a correct answer, not an error."""

from __future__ import annotations

import datetime
import random
import re
from html.parser import HTMLParser

import urllib3
from locust import HttpUser, between, task

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)

BASE = "/kommun/alingsas"
MEASURE_LINK = re.compile(r'href="/kommun/alingsas/insatser/(\d+)/"')


class FormValues(HTMLParser):
    """The values a browser would send for the first form with method=post and no action."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list[tuple[str, str]] = []
        self.in_form = False
        self.done = False
        self.select: str | None = None
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.done:
            return
        if tag == "form" and (a.get("method") or "").lower() == "post" and not a.get("action"):
            self.in_form = True
        if not self.in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.values.append((name, a.get("value") or "on"))
            elif kind not in ("submit", "button"):
                self.values.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in a:
            self.values.append((self.select, a.get("value") or ""))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.values.append((self.textarea, self.text.strip()))
            self.textarea = None
        elif tag == "form" and self.in_form:
            self.in_form, self.done = False, True

    def handle_data(self, data):
        if self.textarea:
            self.text += data


def form_values(html: str) -> list[tuple[str, str]]:
    parser = FormValues()
    parser.feed(html)
    return parser.values


class VarnUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    usernames: tuple[str, ...] = ()

    def on_start(self) -> None:
        self.client.verify = False  # the load test's own self-signed certificate
        self.measures: list[str] = []
        page = self.client.get("/logga-in/", name="/logga-in/")
        token = self._csrf(page.text)
        with self.client.post(
            "/logga-in/",
            {"csrfmiddlewaretoken": token, "username": random.choice(self.usernames), "password": "demo"},
            headers=self._origin("/logga-in/"),
            name="/logga-in/ (POST)",
            catch_response=True,
        ) as response:
            if not response.url.rstrip("/").endswith(BASE):
                response.failure(f"sign-in ended at {response.url}")
        listing = self.client.get(f"{BASE}/insatser/", name=f"{BASE}/insatser/")
        self.measures = sorted(set(MEASURE_LINK.findall(listing.text)))

    def _origin(self, path: str) -> dict[str, str]:
        host = self.host or ""
        return {"Referer": host + path, "Origin": host}

    @staticmethod
    def _csrf(html: str) -> str:
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        return match.group(1) if match else ""

    def _measure(self) -> str:
        return random.choice(self.measures) if self.measures else "0"

    @task(3)
    def dashboard(self) -> None:
        self.client.get(f"{BASE}/", name=f"{BASE}/")

    @task(3)
    def measure(self) -> None:
        if not self.measures:
            return
        self.client.get(f"{BASE}/insatser/{self._measure()}/", name=f"{BASE}/insatser/<id>/")

    @task(2)
    def measure_list(self) -> None:
        status = random.choice(["", "ongoing", "planned", "done"])
        self.client.get(f"{BASE}/insatser/?status={status}", name=f"{BASE}/insatser/?status=")

    @task(1)
    def programme(self) -> None:
        self.client.get(f"{BASE}/program/", name=f"{BASE}/program/")

    @task(1)
    def goals(self) -> None:
        self.client.get(f"{BASE}/mal/", name=f"{BASE}/mal/")


class Reader(VarnUser):
    weight = 3
    usernames = ("politiker", "facket")


class Editor(VarnUser):
    weight = 1
    usernames = ("samordnare",)

    @task(2)
    def edit_measure(self) -> None:
        path = f"{BASE}/insatser/{self._measure()}/redigera/"
        form = self.client.get(path, name=f"{BASE}/insatser/<id>/redigera/")
        if form.status_code != 200:
            return
        values = dict(form_values(form.text))
        multi = [(k, v) for k, v in form_values(form.text) if k in ("target_groups", "partners")]
        values.pop("target_groups", None)
        values.pop("partners", None)
        values["rationale"] = f"Uppdaterad vid belastningstest {datetime.datetime.now():%H:%M:%S.%f}"
        with self.client.post(
            path,
            [*values.items(), *multi],
            headers=self._origin(path),
            name=f"{BASE}/insatser/<id>/redigera/ (POST)",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code in (302, 409):
                response.success()  # saved, or refused because someone else saved first
            else:
                response.failure(f"status {response.status_code}")

    @task(1)
    def status_report(self) -> None:
        path = f"{BASE}/insatser/{self._measure()}/lagesrapport/"
        form = self.client.get(path, name=f"{BASE}/insatser/<id>/lagesrapport/")
        if form.status_code != 200:
            return
        values = dict(form_values(form.text))
        values["date"] = datetime.date.today().isoformat()
        values["narrative"] = "Arbetet pågår enligt plan (belastningstest)."
        with self.client.post(
            path,
            values,
            headers=self._origin(path),
            name=f"{BASE}/insatser/<id>/lagesrapport/ (POST)",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code == 302:
                response.success()
            else:
                response.failure(f"status {response.status_code}")
