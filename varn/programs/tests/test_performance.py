"""What keeps the programme pages cheap: the adopted text rendered once, option lists written in
Python, joins that carry the municipality, and recent changes read in one query."""

import re

from django import forms
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from varn.core.widgets import OptionsSelect
from varn.factories import MeasureFactory, ProgramVersionFactory, UnitFactory
from varn.programs.forms import MeasureFilterForm
from varn.programs.models import Measure, save_tree

TEXT = [
    {"id": "h1", "type": "heading", "level": 1, "page": 1, "text": "Samverkan", "children": []},
    {"id": "p1", "type": "paragraph", "page": 1, "text": "Första lydelsen.", "children": []},
]


def url(cast, name, *args):
    return reverse(f"programs:{name}", args=[cast.slug, *args])


def get(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def test_an_adopted_text_is_rendered_once_and_then_read_from_the_cache(cast):
    cache.clear()
    version = ProgramVersionFactory(program=cast.program, number=1)
    save_tree(version, TEXT)
    version.adopt(by=cast.coordinator)
    client = cast.client(cast.viewer)
    first, first_queries = get(client, url(cast, "program-detail", cast.program.pk))
    again, again_queries = get(client, url(cast, "program-detail", cast.program.pk))

    def text(body):
        return body[body.index('<section class="doc"') : body.index("</section>", body.index('class="doc"'))]

    assert "Första lydelsen." in text(first) and text(again) == text(first)
    assert again_queries == first_queries - 1  # the blocks are not read again


def test_a_draft_text_is_never_cached(cast):
    cache.clear()
    version = ProgramVersionFactory(program=cast.program, number=1)
    save_tree(version, TEXT)
    client = cast.client(cast.viewer)
    assert "Första lydelsen." in get(client, url(cast, "program-detail", cast.program.pk))[0]
    save_tree(version, [{**TEXT[1], "text": "Andra lydelsen."}])
    body = get(client, url(cast, "program-detail", cast.program.pk))[0]
    assert "Andra lydelsen." in body and "Första lydelsen." not in body


def _normal(html) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


def test_option_lists_are_the_same_markup_as_django_s_select():
    choices = [("", "Alla"), ("a", "Ett & två"), ("Grupp", [("b", "Tre"), ("c", "<Fyra>")])]
    ours = OptionsSelect(choices=choices, attrs={"required": True, "disabled": False, "class": "x"})
    django = forms.Select(choices=choices, attrs={"required": True, "disabled": False, "class": "x"})
    for value in ("", "a", "c"):
        assert _normal(ours.render("f", value, {"id": "id_f"})) == _normal(
            django.render("f", value, {"id": "id_f"})
        )


def test_the_measure_filter_offers_only_the_municipality_s_units(cast):
    theirs = UnitFactory(municipality=cast.other, name="Grannens förvaltning")
    html = str(MeasureFilterForm(municipality=cast.municipality)["unit"])
    assert cast.unit.name in html and theirs.name not in html
    assert f'<option value="{cast.unit.pk}">' in html


def test_joins_carry_the_municipality_so_the_joined_table_is_read_by_its_index(cast):
    MeasureFactory(program=cast.program, responsible_unit=cast.unit)
    qs = Measure.objects.filter(municipality=cast.municipality).joined_within(
        cast.municipality, "goal", "responsible_unit"
    )
    sql = str(qs.query)
    assert '"programs_goal"."municipality_id" =' in sql
    assert '"organisations_unit"."municipality_id" =' in sql
    assert list(qs) == list(Measure.objects.filter(municipality=cast.municipality))


def test_recent_changes_name_each_object_once_with_who_changed_it(cast):
    cast.coordinator.first_name, cast.coordinator.last_name = "Sara", "Samordnare"
    cast.coordinator.save()
    measure = MeasureFactory(program=cast.program, responsible_unit=cast.unit, title="Insatsen som ändras")
    for title in ("Första ändringen", "Andra ändringen"):
        measure.title = title
        measure._history_user = cast.coordinator
        measure.save()
    body = get(cast.client(cast.viewer), url(cast, "dashboard"))[0]
    recent = body[body.index("Senaste ändringar") :]
    assert recent.count("Andra ändringen") == 1 and "Första ändringen" not in recent
    assert "Sara Samordnare ändrade insats" in recent
