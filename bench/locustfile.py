"""Simulated Värn users for `make load` (bench/load.py runs this with locust, headless).

A mix per role, about one write in ten requests: viewers (elected representatives, the union) read
the dashboard, the programme and the report list; the coordinator reads, edits measures and reviews
the follow-up answers; the social services' contact (unit editor) reports the status of its own
measures and saves its follow-up answers. Two editors saving the same measure at once is normal:
the later is refused with 409 and the difference (optimistic locking), which counts as a correct
answer, not an error.

Three phases, so that the measured period holds nothing but the page mix:

1. **Sign-in and warm-up** (`on_start`): each user signs in, looks up its links and then opens every
   page of its mix once, each request on a new connection so that it lands on any gunicorn worker.
   Every user then waits for all the others. When all have arrived, the access log (which names the
   worker's process id) is read: until every page of the mix has been served by every worker,
   everyone makes another pass (at most WARM_UP_ROUNDS).
2. **The measured period**: the statistics are reset once, when the last user has finished its
   warm-up (not when locust has merely started every user: a user still signing in then used to
   put its sign-in and its first, cold pages into the measured period), and the run stops
   VARN_LOAD_SECONDS later.
3. **Sign-in under load**, beside the measured period: every SIGN_IN_EVERY seconds one more person
   signs in on a session of its own, outside locust's statistics, so sign-in (a deliberately slow
   password hash) is timed on its own and never mixed into a page's percentiles.

A response that ends on the sign-in page (a lost session) is a failure. What the phases found is
written to VARN_LOAD_REPORT (JSON) for bench/load.py to print."""

from __future__ import annotations

import datetime
import json
import os
import random
import re
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs

import gevent
import requests
import urllib3
from gevent.event import AsyncResult
from locust import HttpUser, between, events
from locust.env import Environment

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)

BASE = "/kommun/alingsas"
SIGN_IN_PATH = "/logga-in/"
MEASURE_LINK = re.compile(r'href="/kommun/alingsas/insatser/(\d+)/"')
RESPONSE_LINK = re.compile(r'href="/kommun/alingsas/uppfoljning/svar/(\d+)/"')
ROUND_LINK = re.compile(r'href="/kommun/alingsas/uppfoljning/omgangar/(\d+)/"')
SIGN_IN = "/logga-in/ (POST)"
DEMO_USERS = ("samordnare", "forvaltning", "politiker", "facket")
WARM_UP_ROUNDS = 5
# A user that has not finished its warm-up by then is left behind, and the report says so.
WARM_UP_LIMIT_S = float(os.environ.get("VARN_LOAD_WARM_UP_LIMIT", "300"))
SIGN_IN_EVERY = float(os.environ.get("VARN_LOAD_SIGN_IN_EVERY", "5"))
# bench/load.py's access log format ends with the worker's process id: `"GET /x/ HTTP/1.1" 200 … <123>`.
ACCESS_LINE = re.compile(r'"([A-Z]+) (\S+) HTTP/[\d.]+" \d{3} .*<(\d+)>\s*$')


def page_name(method: str, target: str) -> str:
    """The name locust gives a request, from the request line: ids as <id>, query values left out."""
    path, _, query = target.partition("?")
    path = re.sub(r"/\d+(?=/)", "/<id>", path)
    if query:
        path += "?" + "&".join(f"{key}=" for key in sorted(parse_qs(query, keep_blank_values=True)))
    return path + (" (POST)" if method == "POST" else "")


def served_by(access_log: Path) -> dict[str, set[str]]:
    """Each page name in the access log, with the process ids of the workers that served it."""
    pages: dict[str, set[str]] = {}
    for line in access_log.read_text().splitlines():
        if match := ACCESS_LINE.search(line):
            method, target, pid = match.groups()
            pages.setdefault(page_name(method, target), set()).add(pid)
    return pages


class Phases:
    """Sign-in and warm-up, then the measured period: shared by every user of the run."""

    def __init__(self) -> None:
        self.users = int(os.environ.get("VARN_LOAD_USERS", "0"))
        self.seconds = float(os.environ.get("VARN_LOAD_SECONDS", "0"))
        self.workers = int(os.environ.get("VARN_LOAD_WORKERS", "0"))
        log = os.environ.get("VARN_LOAD_ACCESS_LOG")
        self.access_log = Path(log) if log else None
        self.environment: Environment | None = None
        self.host = ""
        self.started = time.monotonic()
        self.arrived = 0
        self.rounds = 0
        self.round = AsyncResult()
        self.measuring = False
        self.warm_pages: set[str] = set()  # the pages of the mix, as the warm-up named them
        self.report: dict = {
            "sign_ins_before": [],
            "sign_in_failures_before": 0,
            "sign_ins_during": [],
            "sign_in_failures_during": 0,
        }

    def finished_round(self) -> bool:
        """Called by each user after a warm-up pass: waits for all the others, then says whether the
        warm-up is complete (every page of the mix served by every worker)."""
        if self.measuring:  # left behind by a warm-up that timed out
            return True
        this_round = self.round
        self.arrived += 1
        if self.arrived >= self.users:
            self.rounds += 1
            self.arrived = 0
            self.round = AsyncResult()
            covered = self.covered()
            complete = covered or self.rounds >= WARM_UP_ROUNDS
            if complete:
                self.start_measuring(ready=self.users, covered=covered)
            this_round.set(complete)
        try:
            return this_round.get(timeout=max(1.0, WARM_UP_LIMIT_S - (time.monotonic() - self.started)))
        except gevent.Timeout:
            if not self.measuring:
                self.start_measuring(ready=self.arrived, covered=self.covered())
            return True

    def covered(self) -> bool:
        if not self.access_log or not self.workers:
            return True
        served = served_by(self.access_log)
        pids = set().union(*served.values()) if served else set()
        missing = {page: self.workers - len(served.get(page, ())) for page in self.warm_pages}
        self.report["warm_up"] = {
            "pages": sorted(self.warm_pages),
            "workers_seen": len(pids),
            "missing": {page: n for page, n in missing.items() if n > 0},
        }
        return len(pids) >= self.workers and not any(n > 0 for n in missing.values())

    def start_measuring(self, *, ready: int, covered: bool) -> None:
        assert self.environment is not None and self.environment.runner is not None
        self.measuring = True
        self.environment.stats.reset_all()
        warm_up = self.report.setdefault("warm_up", {})
        warm_up.update(
            seconds=round(time.monotonic() - self.started, 1),
            rounds=self.rounds,
            users_ready=ready,
            users=self.users,
            workers=self.workers,
            complete=covered,
        )
        self.report["measured_from"] = datetime.datetime.now().isoformat(timespec="seconds")
        # Where the measured period starts in the access log, for bench/load.py's server-side figures.
        if self.access_log:
            self.report["access_log_from_line"] = len(self.access_log.read_text().splitlines())
        gevent.spawn_later(self.seconds, self.environment.runner.quit)
        gevent.spawn(self.sign_in_beside)

    def sign_in_beside(self) -> None:
        """One more person signs in every SIGN_IN_EVERY seconds (each on its own, so the rate stays
        the same however long a sign-in takes), timed outside locust's statistics."""
        while True:
            gevent.sleep(SIGN_IN_EVERY)
            gevent.spawn(self.one_sign_in)

    def one_sign_in(self) -> None:
        session = requests.Session()
        try:
            elapsed, ok = sign_in(session, self.host, random.choice(DEMO_USERS))
        except requests.RequestException as error:
            elapsed, ok = 0.0, False
            self.report["sign_in_error"] = repr(error)
        finally:
            session.close()
        if ok:
            self.report["sign_ins_during"].append(elapsed)
        else:
            self.report["sign_in_failures_during"] += 1


def sign_in(session: requests.Session, host: str, username: str) -> tuple[float, bool]:
    """Sign in as a browser does (the form, then the POST with its CSRF token); the POST's time in
    ms and whether it signed in."""
    # The form and the CSRF cookie, as a browser has them. verify=False on each request (the load
    # test's self-signed certificate): a session's own setting gives way to REQUESTS_CA_BUNDLE.
    page = session.get(host + SIGN_IN_PATH, verify=False)
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    started = time.perf_counter()
    response = session.post(
        host + SIGN_IN_PATH,
        {"csrfmiddlewaretoken": match.group(1) if match else "", "username": username, "password": "demo"},
        headers={"Referer": host + SIGN_IN_PATH, "Origin": host},
        allow_redirects=False,
        verify=False,
    )
    elapsed = (time.perf_counter() - started) * 1000
    # Signed in: a redirect onwards (a wrong password or a lockout shows a page instead).
    return elapsed, response.status_code == 302 and SIGN_IN_PATH not in response.headers.get("Location", "")


phases = Phases()


@events.init.add_listener
def _init(environment, **kwargs) -> None:
    phases.environment = environment


@events.quitting.add_listener
def _write_report(environment, **kwargs) -> None:
    out = os.environ.get("VARN_LOAD_REPORT")
    if out:
        Path(out).write_text(json.dumps(phases.report, indent=2))


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
        phases.host = self.host or ""
        self.measures: list[str] = []
        self.responses: list[str] = []
        self.warming = False
        elapsed, ok = sign_in(self.client, self.host or "", random.choice(self.usernames))
        if ok:
            phases.report["sign_ins_before"].append(elapsed)
        else:
            phases.report["sign_in_failures_before"] += 1
        self.prepare()
        # Warm-up: every page of the mix once per pass, each on a new connection (any worker).
        self.warming = True
        while True:
            for task in dict.fromkeys(self.tasks):  # locust repeats a task once per unit of weight
                task(self)  # type: ignore[operator]  # functions here, no TaskSet
            if phases.finished_round():
                break
        self.warming = False
        self.client.close()
        gevent.sleep(random.uniform(0, 3))  # users do not all click at the same instant

    def prepare(self) -> None:
        """What the user looks up once, before the measured period."""

    def _origin(self, path: str) -> dict[str, str]:
        host = self.host or ""
        return {"Referer": host + path, "Origin": host}

    def _warm(self, name: str) -> None:
        if self.warming:
            phases.warm_pages.add(name)
            self.client.close()  # the next request opens a new connection

    def _get(self, path: str, name: str):
        """A page as a signed-in user opens it; ending on the sign-in page (a lost session) fails."""
        self._warm(name)
        with self.client.get(path, name=name, catch_response=True) as response:
            if SIGN_IN_PATH in response.url:
                response.failure("signed out: the page ended on the sign-in page")
            return response

    def _measure(self) -> str:
        return random.choice(self.measures) if self.measures else "0"

    def _find_responses(self) -> None:
        index = self._get(f"{BASE}/uppfoljning/", f"{BASE}/uppfoljning/")
        found = set(RESPONSE_LINK.findall(index.text))
        for round_pk in sorted(set(ROUND_LINK.findall(index.text)))[-2:]:
            page = self._get(f"{BASE}/uppfoljning/omgangar/{round_pk}/", f"{BASE}/uppfoljning/omgangar/<id>/")
            found |= set(RESPONSE_LINK.findall(page.text))
        self.responses = sorted(found)

    def _post_form(self, path: str, values, name: str, ok: tuple[int, ...]) -> None:
        self._warm(name)
        with self.client.post(
            path, values, headers=self._origin(path), name=name, catch_response=True, allow_redirects=False
        ) as response:
            if response.status_code in (301, 302) and SIGN_IN_PATH in response.headers.get("Location", ""):
                response.failure("signed out: redirected to the sign-in page")
            elif response.status_code in ok:
                response.success()
            else:
                response.failure(f"status {response.status_code}")

    def dashboard(self) -> None:
        self._get(f"{BASE}/", f"{BASE}/")

    def measure(self) -> None:
        if self.measures:
            self._get(f"{BASE}/insatser/{self._measure()}/", f"{BASE}/insatser/<id>/")

    def measure_list(self) -> None:
        status = random.choice(["", "ongoing", "planned", "done"])
        self._get(f"{BASE}/insatser/?status={status}", f"{BASE}/insatser/?status=")

    def programme(self) -> None:
        self._get(f"{BASE}/program/", f"{BASE}/program/")

    def report_list(self) -> None:
        self._get(f"{BASE}/uppfoljning/rapporter/", f"{BASE}/uppfoljning/rapporter/")

    def response(self) -> None:
        if self.responses:
            pk = random.choice(self.responses)
            self._get(f"{BASE}/uppfoljning/svar/{pk}/", f"{BASE}/uppfoljning/svar/<id>/")

    def status_report(self) -> None:
        path = f"{BASE}/insatser/{self._measure()}/lagesrapport/"
        form = self._get(path, f"{BASE}/insatser/<id>/lagesrapport/")
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
        listing = self._get(f"{BASE}/insatser/", f"{BASE}/insatser/")
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
        listing = self._get(f"{BASE}/insatser/", f"{BASE}/insatser/")
        self.measures = sorted(set(MEASURE_LINK.findall(listing.text)))
        self._find_responses()

    def edit_measure(self) -> None:
        path = f"{BASE}/insatser/{self._measure()}/redigera/"
        form = self._get(path, f"{BASE}/insatser/<id>/redigera/")
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
        listing = self._get(f"{BASE}/insatser/", f"{BASE}/insatser/")
        unit = re.search(r'<option value="(\d+)"[^>]*>Socialförvaltningen', listing.text)
        if unit:
            listing = self._get(f"{BASE}/insatser/?unit={unit.group(1)}", f"{BASE}/insatser/?unit=")
        self.measures = sorted(set(MEASURE_LINK.findall(listing.text)))
        self._find_responses()
        self._editable_responses()

    def _editable_responses(self) -> None:
        """Keep the responses the unit can still save (a draft or returned, in an open round)."""
        editable = []
        for pk in self.responses:
            page = self._get(f"{BASE}/uppfoljning/svar/{pk}/", f"{BASE}/uppfoljning/svar/<id>/")
            if page.status_code == 200 and 'name="conclusion"' in page.text:
                editable.append(pk)
        self.responses = editable

    def answer(self) -> None:
        if not self.responses:
            return
        path = f"{BASE}/uppfoljning/svar/{random.choice(self.responses)}/"
        form = self._get(path, f"{BASE}/uppfoljning/svar/<id>/")
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
