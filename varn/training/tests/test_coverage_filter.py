"""The coverage page's filter and links, written in Python (issue 16): the same as the Django form
and the templates wrote them."""

import pytest
from django.conf import settings
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation

from varn.programs.models import Program
from varn.training.forms import CoverageFilterForm, coverage_filter, filter_fields

PROGRAMS = [
    Program(pk=3, title="Program mot våld & <förtryck>", period_start=2025, period_end=2027),
    Program(pk=2, title="Program 2022", period_start=2022, period_end=2024),
]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(
    "query",
    [
        "",
        "program=2",
        "program=3&level=deepened",
        "level=specialist",
        "program=&level=",
        "sida=2",
        "program=2&program=3",
    ],
)
def test_the_filter_shows_the_same_fields_and_choice_as_the_form(language, query):
    data = QueryDict(query)
    with translation.override(language):
        program, level, fields = coverage_filter(data, PROGRAMS, PROGRAMS[0])
        form = CoverageFilterForm(data or None, programs=PROGRAMS)
        assert (program, level) == form.chosen(PROGRAMS[0])
        assert fields == filter_fields(form)
    assert "&amp; &lt;förtryck&gt;" in fields


@pytest.mark.parametrize("query", ["program=9", "program=x", "level=expert", "program= 2"])
def test_a_wrong_choice_is_shown_with_the_forms_message_and_the_default_used(query):
    with translation.override("sv"):
        program, level, fields = coverage_filter(QueryDict(query), PROGRAMS, PROGRAMS[1])
    assert (program, level) == (PROGRAMS[1], "basic")
    assert 'aria-invalid="true"' in fields and 'class="errorlist"' in fields


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["coordinator", "unit_editor", "partner_user", "viewer"])
def test_each_role_sees_the_training_links_it_may_follow(cast, role):
    slug = cast.slug
    body = cast.client(getattr(cast, role)).get(reverse("training:coverage", args=[slug])).content.decode()
    assert f'<a href="{reverse("training:coverage", args=[slug])}" aria-current="page">Täckning</a>' in body
    assert f'<a href="{reverse("training:effort-list", args=[slug])}">Utbildningsinsatser</a>' in body
    assert f'href="{reverse("training:coverage-export", args=[slug])}?program={cast.program.pk}"' in body
    records = role != "viewer"
    assert (
        f'<a href="{reverse("training:import", args=[slug])}">Importera från Excel</a>' in body
    ) == records
    assert (reverse("training:effort-create", args=[slug]) in body) == records
    assert (reverse("training:coverage-import", args=[slug]) in body) == records


@pytest.mark.django_db
def test_the_list_of_efforts_marks_its_own_link_and_speaks_english_when_asked(cast):
    client = cast.client(cast.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("training:effort-list", args=[cast.slug])).content.decode()
    assert '<nav class="actions" aria-label="Training">' in body
    assert f'<a href="{reverse("training:effort-list", args=[cast.slug])}" aria-current="page">' in body
    assert f'<a href="{reverse("training:coverage", args=[cast.slug])}">Coverage</a>' in body
