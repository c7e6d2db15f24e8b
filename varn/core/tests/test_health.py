from unittest import mock

from django.db.utils import OperationalError


def test_it_answers_200_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_it_answers_503_when_the_database_does_not(client, db):
    with mock.patch("varn.core.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_anonymous_start_page_leads_to_sign_in(client, db):
    response = client.get("/", follow=True)
    assert response.status_code == 200
    assert b'type="password"' in response.content
    assert 'lang="sv"' in response.content.decode()
