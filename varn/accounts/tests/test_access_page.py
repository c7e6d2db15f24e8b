from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from varn.accounts.claims import Grant
from varn.accounts.models import SsoNotice
from varn.accounts.services import sync_memberships
from varn.factories import MembershipFactory, UserFactory


def url(cast, name="access:overview", *args):
    return reverse(name, args=[cast.slug, *args])


def test_the_coordinator_sees_who_has_access_and_where_sso_disagrees(cast):
    sso_user = UserFactory(username="sso", first_name="Sam", last_name="Katalog")
    sync_memberships(sso_user, [Grant("alingsas", "viewer")])
    sync_memberships(cast.viewer, [Grant("alingsas", "coordinator")])
    body = cast.client(cast.coordinator).get(url(cast)).content.decode()
    assert "Avvikelser mot kommunens katalog" in body
    assert "Sam Katalog" in body and "kommunens katalog" in body
    assert "outsider" not in body


def test_readers_and_editors_may_not_see_it_and_other_municipalities_get_404(cast):
    assert cast.client(cast.viewer).get(url(cast)).status_code == 403
    assert cast.client(cast.unit_editor).get(url(cast)).status_code == 403
    assert cast.client(cast.outsider).get(url(cast)).status_code == 404


def test_marking_a_notice_handled_removes_it_from_the_list(cast):
    sync_memberships(cast.viewer, [Grant("alingsas", "coordinator")])
    notice = SsoNotice.objects.get()
    client = cast.client(cast.coordinator)
    response = client.post(url(cast, "access:notice-resolve", notice.pk))
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.resolved_by == cast.coordinator
    assert "Avvikelser mot kommunens katalog" not in client.get(url(cast)).content.decode()


def test_a_viewer_cannot_mark_a_notice_handled(cast):
    sync_memberships(cast.viewer, [Grant("alingsas", "coordinator")])
    notice = SsoNotice.objects.get()
    assert cast.client(cast.viewer).post(url(cast, "access:notice-resolve", notice.pk)).status_code == 403
    assert SsoNotice.objects.get().resolved_at is None


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_its_query_count_does_not_grow_with_the_people(cast):
    client = cast.client(cast.coordinator)
    first = _queries(client, url(cast))
    for i in range(10):
        MembershipFactory(user=UserFactory(username=f"extra{i}"), municipality=cast.municipality)
        sync_memberships(UserFactory(username=f"sso{i}"), [Grant("alingsas", "viewer")])
    assert _queries(client, url(cast)) == first
