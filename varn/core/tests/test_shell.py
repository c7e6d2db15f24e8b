"""The frame every page inside a municipality pays (issue 16): the person and their membership in
one query, read anew on every request, and the navigation and words of the frame made once per
language."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from varn.core.tenancy import MEMBERSHIP_WITH_USER
from varn.organisations.models import Membership, Role


@pytest.fixture
def shell_url(cast, settings):
    settings.ROOT_URLCONF = "bench.urls"  # the bare frame of a page: bench/urls.py `shell`
    return reverse("bench-shell", args=[cast.slug])


@pytest.mark.parametrize("who", ["coordinator", "unit_editor", "partner_user", "viewer"])
def test_the_frame_reads_the_session_and_then_the_person_with_their_membership(
    cast, shell_url, who, django_assert_num_queries
):
    person = getattr(cast, who)
    client = cast.client(person)
    client.get(shell_url)
    with django_assert_num_queries(2):
        response = client.get(shell_url)
    body = response.content.decode()
    assert response.status_code == 200
    membership = Membership.objects.get(user=person, municipality=cast.municipality)
    assert f"{person.get_full_name() or person.username}</a> · {membership.get_role_display()}" in body
    if membership.unit_id or membership.partner_id:
        assert membership.organisation_label() in body


def test_a_revoked_membership_takes_effect_at_the_next_request(cast, shell_url):
    client = cast.client(cast.viewer)
    assert client.get(shell_url).status_code == 200
    Membership.objects.filter(user=cast.viewer).update(is_active=False)
    assert client.get(shell_url).status_code == 404


def test_a_changed_role_takes_effect_at_the_next_request(cast, shell_url):
    client = cast.client(cast.coordinator)
    access = reverse("access:overview", args=[cast.slug])
    assert f'href="{access}"' in client.get(shell_url).content.decode()
    Membership.objects.filter(user=cast.coordinator).update(role=Role.VIEWER)
    body = client.get(shell_url).content.decode()
    assert f'href="{access}"' not in body
    assert "· Läsare" in body


def test_a_password_changed_elsewhere_ends_the_session(cast, shell_url):
    client = cast.client(cast.viewer)
    assert client.get(shell_url).status_code == 200
    user = get_user_model().objects.get(pk=cast.viewer.pk)
    user.set_password("ett helt annat lösenord")
    user.save()
    response = client.get(shell_url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(django_settings.LOGIN_URL))
    assert client.get(shell_url).status_code == 302  # the session is gone


def test_a_deactivated_person_is_signed_out(cast, shell_url):
    client = cast.client(cast.viewer)
    get_user_model().objects.filter(pk=cast.viewer.pk).update(is_active=False)
    response = client.get(shell_url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(django_settings.LOGIN_URL))


def test_another_municipality_is_not_found(cast, shell_url):
    assert cast.client(cast.outsider).get(shell_url).status_code == 404
    assert cast.client(cast.viewer).get(reverse("bench-shell", args=[cast.other.slug])).status_code == 404


def test_the_compiled_query_gives_what_the_orm_gives(cast, django_assert_num_queries):
    expected = Membership.objects.select_related("user", "municipality", "unit", "partner").get(
        user=cast.unit_editor, municipality=cast.municipality
    )
    with django_assert_num_queries(1):
        found = MEMBERSHIP_WITH_USER.first(user_id=cast.unit_editor.pk, slug=cast.slug)
        assert found is not None
        for obj, other in [
            (found, expected),
            (found.user, expected.user),
            (found.municipality, expected.municipality),
            (found.unit, expected.unit),
        ]:
            fields = [field.attname for field in type(obj)._meta.concrete_fields]
            assert [getattr(obj, f) for f in fields] == [getattr(other, f) for f in fields]
        assert found.partner is None
        assert not found._state.adding
    assert MEMBERSHIP_WITH_USER.first(user_id=cast.outsider.pk, slug=cast.slug) is None
    with pytest.raises(TypeError):
        MEMBERSHIP_WITH_USER.first(user_id=str(cast.outsider.pk), slug=cast.slug)


def test_the_frame_speaks_each_language_however_often_it_was_made(cast, shell_url):
    client = cast.client(cast.coordinator)
    for language, words, not_words in [
        ("sv", ["Hoppa till innehållet", "Logga ut", "Översikt", "Behörigheter"], ["Sign out"]),
        ("en", ["Skip to content", "Sign out", "Overview", "Access"], ["Logga ut", "Översikt"]),
        ("sv", ["Hoppa till innehållet", "Logga ut", "Översikt"], ["Sign out", "Overview"]),
    ]:
        client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
        body = client.get(shell_url).content.decode()
        assert all(word in body for word in words), language
        assert not any(word in body for word in not_words), language
        assert f'<option value="{language}" selected>' in body


def test_the_navigation_marks_the_current_section_and_shows_a_coordinators_sections_to_them_alone(cast):
    people = reverse("access:overview", args=[cast.slug])
    decisions = reverse("decisions:case-list", args=[cast.slug])
    body = cast.client(cast.coordinator).get(decisions).content.decode()
    assert f'<a href="{decisions}" aria-current="page">' in body
    assert f'<a href="{people}">' in body
    body = cast.client(cast.viewer).get(decisions).content.decode()
    assert f'<a href="{decisions}" aria-current="page">' in body
    assert people not in body
    anonymous = Client().get(reverse("core:login")).content.decode()
    assert decisions not in anonymous


def test_a_part_made_once_per_language_follows_the_language_it_is_rendered_in():
    from django.template import Context, Template
    from django.utils import translation

    template = Template(
        "{% load i18n varn_frame %}{% per_language %}{% translate 'Logga ut' %}{% endper_language %}"
        "|{% language 'en' %}{% per_language %}{% translate 'Logga ut' %}{% endper_language %}{% endlanguage %}"
    )
    with translation.override("sv"):
        assert template.render(Context()) == "Logga ut|Sign out"
    with translation.override("en"):
        assert template.render(Context()) == "Sign out|Sign out"
    with translation.override("sv"):
        assert template.render(Context()) == "Logga ut|Sign out"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_role_is_named_as_django_names_a_choice(language):
    from django.utils import translation

    field = Membership._meta.get_field("role")
    with translation.override(language):
        for role in [*Role.values, "okänd"]:
            membership = Membership(role=role)
            assert membership.get_role_display() == membership._get_FIELD_display(field)
