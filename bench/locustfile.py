"""Simulated Värn users for `make load` (bench/load.py runs this with locust, headless).

A mix per role, about one write in ten requests: viewers (elected representatives, the union) read
the dashboard, the programme and the report list; the coordinator reads, edits measures and reviews
the follow-up answers; the social services' contact (unit editor) reports the status of its own
measures and saves its follow-up answers. Everyone signs in in `on_start`, before the measured
period (bench/load.py resets the statistics once every user is spawned); the sign-ins' own times are
kept apart and written to VARN_LOAD_SIGN_INS for bench/load.py to print. Two editors saving the same
measure at once is normal: the later is refused with 409 and the difference (optimistic locking),
which counts as a correct answer, not an error."""

from __future__ import annotations

import datetime
import json
import os
import random
import re
from html.parser import HTMLParser

import urllib3
from locust import HttpUser, between, events

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)

BASE = "/kommun/alingsas"
MEASURE_LINK = re.compile(r'href="/kommun/alingsas/insatser/(\d+)/"')
RESPONSE_LINK = re.compile(r'href="/kommun/alingsas/uppfoljning/svar/(\d+)/"')
ROUND_LINK = re.compile(r'href="/kommun/alingsas/uppfoljning/omgangar/(\d+)/"')
SIGN_IN = "/logga-in/ (POST)"

# Sign-in times (ms), kept apart from the measured period's statistics.
sign_ins: list[float] = []


@events.request.add_listener
def _keep_sign_ins(request_type, name, response_time, exception, **kwargs) -> None:
    if name == SIGN_IN and exception is None:
        sign_ins.append(response_time)


@events.quitting.add_listener
def _write_sign_ins(environment, **kwargs) -> None:
    out = os.environ.get("VARN_LOAD_SIGN_INS")
    if out:
        with open(out, "w") as f:
            json.dump(sign_ins, f)


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
        self.responses: list[str] = []
        page = self.client.get("/logga-in/", name="/logga-in/")
        token = self._csrf(page.text)
        with self.client.post(
            "/logga-in/",
            {"csrfmiddlewaretoken": token, "username": random.choice(self.usernames), "password": "demo"},
            headers=self._origin("/logga-in/"),
            name=SIGN_IN,
            catch_response=True,
        ) as response:
            if not response.url.rstrip("/").endswith(BASE):
                response.failure(f"sign-in ended at {response.url}")
        self.prepare()

    def prepare(self) -> None:
        """What the user looks up once, before the measured period."""

    def _origin(self, path: str) -> dict[str, str]:
        host = self.host or ""
        return {"Referer": host + path, "Origin": host}

    @staticmethod
    def _csrf(html: str) -> str:
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        return match.group(1) if match else ""

    def _measure(self) -> str:
        return random.choice(self.measures) if self.measures else "0"

    def _find_responses(self) -> None:
        index = self.client.get(f"{BASE}/uppfoljning/", name=f"{BASE}/uppfoljning/")
        found = set(RESPONSE_LINK.findall(index.text))
        for round_pk in sorted(set(ROUND_LINK.findall(index.text)))[-2:]:
            page = self.client.get(
                f"{BASE}/uppfoljning/omgangar/{round_pk}/", name=f"{BASE}/uppfoljning/omgangar/<id>/"
            )
            found |= set(RESPONSE_LINK.findall(page.text))
        self.responses = sorted(found)

    def _post_form(self, path: str, values, name: str, ok: tuple[int, ...]) -> None:
        with self.client.post(
            path, values, headers=self._origin(path), name=name, catch_response=True, allow_redirects=False
        ) as response:
            if response.status_code in ok:
                response.success()
            else:
                response.failure(f"status {response.status_code}")

    def dashboard(self) -> None:
        self.client.get(f"{BASE}/", name=f"{BASE}/")

    def measure(self) -> None:
        if self.measures:
            self.client.get(f"{BASE}/insatser/{self._measure()}/", name=f"{BASE}/insatser/<id>/")

    def measure_list(self) -> None:
        status = random.choice(["", "ongoing", "planned", "done"])
        self.client.get(f"{BASE}/insatser/?status={status}", name=f"{BASE}/insatser/?status=")

    def programme(self) -> None:
        self.client.get(f"{BASE}/program/", name=f"{BASE}/program/")

    def report_list(self) -> None:
        self.client.get(f"{BASE}/uppfoljning/rapporter/", name=f"{BASE}/uppfoljning/rapporter/")

    def response(self) -> None:
        if self.responses:
            pk = random.choice(self.responses)
            self.client.get(f"{BASE}/uppfoljning/svar/{pk}/", name=f"{BASE}/uppfoljning/svar/<id>/")

    def status_report(self) -> None:
        path = f"{BASE}/insatser/{self._measure()}/lagesrapport/"
        form = self.client.get(path, name=f"{BASE}/insatser/<id>/lagesrapport/")
        if form.status_code != 200:
            return
        values = dict(form_values(form.text))
        values["date"] = datetime.date.today().isoformat()
        values["narrative"] = "Arbetet pågår enligt plan (belastningstest)."
        self._post_form(path, values, f"{BASE}/insatser/<id>/lagesrapport/ (POST)", (302,))


class Viewer(VarnUser):
    """Elected representatives and the union: they read."""

    weight = 2
    usernames = ("politiker", "facket")

    def prepare(self) -> None:
        listing = self.client.get(f"{BASE}/insatser/", name=f"{BASE}/insatser/")
        self.measures = sorted(set(MEASURE_LINK.findall(listing.text)))

    tasks = {  # type: ignore[assignment]  # locust takes {task: weight}
        VarnUser.dashboard: 4,
        VarnUser.programme: 2,
        VarnUser.report_list: 2,
        VarnUser.measure: 1,
        VarnUser.measure_list: 1,
    }


class Coordinator(VarnUser):
    """The coordinator reads, edits measures and reviews the follow-up answers."""

    weight = 1
    usernames = ("samordnare",)

    def prepare(self) -> None:
        listing = self.client.get(f"{BASE}/insatser/", name=f"{BASE}/insatser/")
        self.measures = sorted(set(MEASURE_LINK.findall(listing.text)))
        self._find_responses()

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
        # Saved, or refused because someone else saved first (optimistic locking).
        self._post_form(path, [*values.items(), *multi], f"{BASE}/insatser/<id>/redigera/ (POST)", (302, 409))

    tasks = {  # type: ignore[assignment]  # locust takes {task: weight}
        edit_measure: 1,
        VarnUser.dashboard: 3,
        VarnUser.measure: 2,
        VarnUser.measure_list: 2,
        VarnUser.response: 2,
    }


class UnitEditor(VarnUser):
    """The social services' contact: status reports on its own measures, and its follow-up answers
    saved as drafts (they stay editable, so the next save works too)."""

    weight = 1
    usernames = ("forvaltning",)

    def prepare(self) -> None:
        listing = self.client.get(f"{BASE}/insatser/", name=f"{BASE}/insatser/")
        unit = re.search(r'<option value="(\d+)"[^>]*>Socialförvaltningen', listing.text)
        if unit:
            listing = self.client.get(
                f"{BASE}/insatser/?unit={unit.group(1)}", name=f"{BASE}/insatser/?unit="
            )
        self.measures = sorted(set(MEASURE_LINK.findall(listing.text)))
        self._find_responses()
        self._editable_responses()

    def _editable_responses(self) -> None:
        """Keep the responses the unit can still save (a draft or returned, in an open round)."""
        editable = []
        for pk in self.responses:
            page = self.client.get(f"{BASE}/uppfoljning/svar/{pk}/", name=f"{BASE}/uppfoljning/svar/<id>/")
            if page.status_code == 200 and 'name="conclusion"' in page.text:
                editable.append(pk)
        self.responses = editable

    def answer(self) -> None:
        if not self.responses:
            return
        path = f"{BASE}/uppfoljning/svar/{random.choice(self.responses)}/"
        form = self.client.get(path, name=f"{BASE}/uppfoljning/svar/<id>/")
        if form.status_code != 200 or 'name="conclusion"' not in form.text:
            return
        values = [(k, v) for k, v in form_values(form.text) if k != "action"]
        values.append(("action", "draft"))
        # Saved, or refused because the other session of the same unit saved first.
        self._post_form(path, values, f"{BASE}/uppfoljning/svar/<id>/ (POST)", (302, 409))

    tasks = {  # type: ignore[assignment]  # locust takes {task: weight}
        VarnUser.status_report: 1,
        answer: 1,
        VarnUser.dashboard: 3,
        VarnUser.measure: 2,
        VarnUser.measure_list: 1,
    }
