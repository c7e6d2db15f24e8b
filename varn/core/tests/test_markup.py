"""Rows written in Python (core.markup, core.labels) escape, translate and link as the templates do."""

from __future__ import annotations

from django.db.models import TextChoices
from django.template import Context, Template
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext_lazy

from varn.core.labels import ChoiceLabels
from varn.core.listing import swedish_key, swedish_keys
from varn.core.markup import path_for, rows, text


def test_text_is_escaped_as_the_template_escapes_it():
    for value in ['<a href="x">&\'', "Bar- & ungdom <BUF>", "", "åäö – ”citat”", "&amp;"]:
        assert text(value) == escape(value) == Template("{{ v }}").render(Context({"v": value}))


def test_rows_are_put_into_a_template_as_they_are():
    html = rows([f"<tr><td>{text('<b>')}</td></tr>", "<tr></tr>"])
    assert Template("{{ html }}").render(Context({"html": html})) == "<tr><td>&lt;b&gt;</td></tr><tr></tr>"


def test_a_path_for_any_pk_is_the_reversed_one():
    from django.urls import reverse

    for name in ["programs:measure-detail", "decisions:attachment-file", "decisions:requirement-resolve"]:
        assert path_for(name, "alingsas")(1234) == reverse(name, args=["alingsas", 1234])


class State(TextChoices):
    ONGOING = "ongoing", gettext_lazy("Pågår")


def test_choice_labels_are_the_display_of_each_code_and_an_unknown_code_itself():
    labels = ChoiceLabels(State)
    assert labels["ongoing"] == "Pågår" and labels["purple"] == "purple"
    with translation.override("en"):
        assert ChoiceLabels(State)["ongoing"] == "In progress"  # translated in the language shown


def test_the_swedish_sort_key_orders_numbers_by_value_and_åäö_last():
    words = ["1.10 b", "1.9 a", "Öst", "ärende", "Åtgärd", "zon", "", "10", "9"]
    assert sorted(words, key=swedish_key) == [
        "",
        "1.9 a",
        "1.10 b",
        "9",
        "10",
        "zon",
        "Åtgärd",
        "ärende",
        "Öst",
    ]


def test_the_keys_of_a_whole_column_are_each_texts_swedish_key():
    words = ["1.10 b", "1.9 a", "Öst", "ärende", "Åtgärd", "zon", "", "10", "9", "ÆØ 2", "STRASSE ß", "zon"]
    assert swedish_keys(words) == [swedish_key(w) for w in words]
    assert swedish_keys(["a\0b", "Ö"]) == [swedish_key("a\0b"), swedish_key("Ö")]
    assert swedish_keys([]) == []
