"""Pages served from the cache (varn/core/pagecache.py): a repeated page costs little, and no one
ever sees a page that is out of date, someone else's, or one they may no longer open."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.fallback import FallbackStorage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from varn.core.models import Job
from varn.core.pagecache import cached_page, mark_changed
from varn.core.tenancy import tenant_view
from varn.factories import GoalFactory, MeasureFactory, PartnerFactory
from varn.organisations.models import Membership, Municipality
from varn.programs.models import Measure
from varn.programs.tests.test_measures import form_data


def count_queries(func) -> int:
    with CaptureQueriesContext(connection) as queries:
        func()
    return len(queries)


@pytest.fixture
def measure(cast):
    return MeasureFactory(
        program=cast.program,
        goal=GoalFactory(program=cast.program),
        responsible_unit=cast.unit,
        title="Rutin för att fråga om våld",
    )


def measure_list(cast) -> str:
    return reverse("programs:measure-list", args=[cast.slug])


def measure_page(cast, measure) -> str:
    return reverse("programs:measure-detail", args=[cast.slug, measure.pk])


def warm(client: Client, path: str) -> str:
    """Open a page until it comes from the cache (the first answer sets the CSRF cookie, the
    second is kept), and return what it showed."""
    client.get(path)
    return client.get(path).content.decode()


def test_a_repeated_page_comes_from_the_cache_with_the_same_content(cast, measure):
    client = cast.client(cast.coordinator)
    path = measure_list(cast)
    built = warm(client, path)
    queries = count_queries(lambda: client.get(path))
    assert client.get(path).content.decode() == built
    # Only the session, the person and the membership are read; the list itself is not.
    assert queries <= 3
    Measure.objects.filter(pk=measure.pk).update(title="Ändrad utan signal")
    mark_changed([cast.municipality.pk])
    assert count_queries(lambda: client.get(path)) > queries


def test_a_change_saved_through_a_form_shows_at_once(cast, measure):
    client = cast.client(cast.coordinator)
    page = measure_page(cast, measure)
    assert "Rutin för att fråga om våld" in warm(client, page)
    edit = reverse("programs:measure-edit", args=[cast.slug, measure.pk])
    form = form_data(measure, title="Rutin för att fråga om våld, reviderad")
    assert client.post(edit, form).status_code == 302
    assert "reviderad" in client.get(page).content.decode()


def test_a_change_made_elsewhere_in_the_municipality_shows_at_once(cast, measure):
    client = cast.client(cast.viewer)
    path = measure_list(cast)
    warm(client, path)
    measure.title = "Ny titel från administratören"
    measure.save()
    assert "Ny titel från administratören" in client.get(path).content.decode()
    measure.partners.add(PartnerFactory(municipality=cast.municipality, name="Kvinnojouren Frida"))
    assert "Kvinnojouren Frida" in client.get(measure_page(cast, measure)).content.decode()
    measure.delete()
    assert "Ny titel från administratören" not in client.get(path).content.decode()


def test_a_change_in_another_municipality_keeps_this_ones_pages(cast, measure):
    before = Municipality.objects.get(pk=cast.municipality.pk).data_stamp
    MeasureFactory(program__municipality=cast.other, title="Lerums insats")
    assert Municipality.objects.get(pk=cast.municipality.pk).data_stamp == before


def test_any_request_that_may_change_data_marks_the_municipality_changed(cast, measure):
    """A view that updates in bulk sends no signal; answering its POST is enough."""
    before = Municipality.objects.get(pk=cast.municipality.pk).data_stamp
    response = cast.client(cast.viewer).post(reverse("programs:measure-edit", args=[cast.slug, measure.pk]))
    assert response.status_code == 403  # refused, and still marked: nothing is assumed
    assert Municipality.objects.get(pk=cast.municipality.pk).data_stamp != before


def test_a_finished_background_job_marks_its_municipality_changed(cast):
    from varn.core.jobs import job_body

    @job_body
    def bulk_work(job):
        Measure.objects.filter(municipality=job.municipality).update(title="Ändrad av ett jobb")

    job = Job.objects.create(municipality=cast.municipality, kind="test", title="Prov")
    before = Municipality.objects.get(pk=cast.municipality.pk).data_stamp
    bulk_work(job.pk)
    assert Municipality.objects.get(pk=cast.municipality.pk).data_stamp != before


def test_saving_a_municipality_read_before_a_change_does_not_bring_back_old_pages(cast, measure):
    def stamp() -> str:
        return Municipality.objects.get(pk=cast.municipality.pk).data_stamp

    stale = Municipality.objects.get(pk=cast.municipality.pk)
    read = stale.data_stamp
    measure.save()  # a change after `stale` was read
    changed = stamp()
    stale.hourly_cost = 500
    stale.save()
    assert stamp() not in {read, changed}


def test_each_person_gets_their_own_page(cast, measure):
    hidden = MeasureFactory(
        program=cast.program, goal=measure.goal, responsible_unit=cast.unit, title="Intern insats"
    )
    path = measure_list(cast)
    assert "Intern insats" in warm(cast.client(cast.coordinator), path)
    partner_page = warm(cast.client(cast.partner_user), path)
    assert "Intern insats" not in partner_page
    assert hidden.pk
    viewer = Client()
    viewer.force_login(cast.viewer)
    body = warm(viewer, path)
    assert cast.viewer.get_full_name() in body and cast.coordinator.get_full_name() not in body


def test_a_revoked_membership_is_refused_although_the_page_was_cached(cast, measure):
    client = cast.client(cast.unit_editor)
    path = measure_list(cast)
    warm(client, path)
    Membership.objects.filter(user=cast.unit_editor, municipality=cast.municipality).update(is_active=False)
    assert client.get(path).status_code == 404


def test_a_changed_role_shows_at_once(cast, measure):
    client = cast.client(cast.viewer)
    page = measure_page(cast, measure)
    assert "Redigera insatsen" not in warm(client, page)
    membership = Membership.objects.get(user=cast.viewer, municipality=cast.municipality)
    membership.role = "coordinator"
    membership.save()
    assert "Redigera insatsen" in client.get(page).content.decode()


def test_a_message_is_shown_once_and_never_kept(cast, measure, rf):
    client = cast.client(cast.coordinator)
    path = measure_list(cast)
    warm(client, path)
    edit = reverse("programs:measure-edit", args=[cast.slug, measure.pk])
    client.post(edit, form_data(measure))
    first = client.get(path).content.decode()
    assert 'class="message' in first
    assert 'class="message' not in client.get(path).content.decode()
    assert 'class="message' not in client.get(path).content.decode()


def test_the_language_date_and_htmx_partial_each_have_their_own_page(cast, measure, monkeypatch):
    client = cast.client(cast.coordinator)
    path = measure_list(cast)
    swedish = warm(client, path)
    client.post(reverse("set_language"), {"language": "en", "next": path})
    english = client.get(path).content.decode()
    assert english != swedish and 'lang="en"' in english
    client.post(reverse("set_language"), {"language": "sv", "next": path})
    partial = client.get(path, headers={"HX-Request": "true", "HX-Target": "results"}).content.decode()
    assert "<html" not in partial and "<html" in client.get(path).content.decode()

    from varn.core import pagecache

    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    seen = count_queries(lambda: client.get(path))
    monkeypatch.setattr(pagecache.timezone, "localdate", lambda: tomorrow)
    assert count_queries(lambda: client.get(path)) > seen  # built anew for the new day


def test_a_form_on_a_cached_page_posts_from_every_browser_and_after_signing_in_again(cast, measure):
    page = measure_page(cast, measure)
    update = reverse("programs:measure-update", args=[cast.slug, measure.pk])

    def post_from(client: Client, body: str) -> int:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        assert token
        data = {
            "csrfmiddlewaretoken": token.group(1),
            "date": datetime.date.today().isoformat(),
            "status": measure.status,
            "narrative": "Lägesrapport",
        }
        return client.post(update, data).status_code

    # The same person in two browsers, each opening the page for the first time (no CSRF cookie yet).
    browsers = [Client(enforce_csrf_checks=True) for _ in range(2)]
    seen = []
    for browser in browsers:
        browser.force_login(cast.coordinator)
        seen.append(browser.get(page).content.decode())
    for browser, body in zip(browsers, seen, strict=True):
        assert post_from(browser, body) == 302
    # And a browser whose page came from the cache, after signing out and in again.
    browser = Client(enforce_csrf_checks=True)
    for _ in range(2):
        browser.force_login(cast.coordinator)
        assert post_from(browser, warm(browser, page)) == 302
        browser.logout()


def signed_in_request(rf, user):
    """A GET as the middleware leaves it: the person, a CSRF cookie, a session and message storage."""
    request = rf.get("/")
    request.user = user
    request.META["CSRF_COOKIE"] = "x" * 32
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_only_marked_pages_are_cached(cast, rf):
    calls = []

    @tenant_view
    @cached_page
    def page(request):
        from django.http import HttpResponse

        calls.append(1)
        return HttpResponse("sida")

    page(signed_in_request(rf, cast.coordinator), municipality=cast.slug)
    page(signed_in_request(rf, cast.coordinator), municipality=cast.slug)
    assert len(calls) == 1
    request = signed_in_request(rf, cast.coordinator)
    request._messages.add(constants.INFO, "Sparat")
    page(request, municipality=cast.slug)
    assert len(calls) == 2  # a page with a message to show is built


def test_an_answer_with_headers_of_its_own_is_never_kept(cast, rf):
    from django.http import HttpResponse

    calls = []

    @tenant_view
    @cached_page
    def page(request):
        calls.append(1)
        response = HttpResponse("sida")
        response["HX-Push-Url"] = "/annan/"
        return response

    for _ in range(2):
        response = page(signed_in_request(rf, cast.coordinator), municipality=cast.slug)
        assert response["HX-Push-Url"] == "/annan/"
    assert len(calls) == 2


def test_migrating_marks_every_municipality_changed(cast):
    from django.core.management import call_command

    before = dict(Municipality.objects.values_list("pk", "data_stamp"))
    call_command("migrate", verbosity=0)
    after = dict(Municipality.objects.values_list("pk", "data_stamp"))
    assert all(after[pk] != stamp for pk, stamp in before.items())


def test_the_page_cache_can_be_switched_off(cast, measure, settings):
    settings.VARN_PAGE_CACHE = False
    client = cast.client(cast.coordinator)
    path = measure_list(cast)
    warm(client, path)
    assert count_queries(lambda: client.get(path)) > 3
