"""The programme text written in Python (rendering.tree_html) is what the block templates write,
which the public page and the PDF still include."""

import copy

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from varn.programs.rendering import prepare_for_display, tree_html

TREE = [
    {"id": "h1", "type": "heading", "level": 1, "page": 1, "text": "Inledning & <syfte>", "children": []},
    {"id": "h2", "type": "heading", "level": 2, "page": 1, "text": "Mål", "children": []},
    {"id": "h3", "type": "heading", "page": 2, "text": "Utan nivå", "children": []},
    {
        "id": "p1",
        "type": "paragraph",
        "page": 2,
        "text": "Samverkan med de fackliga parterna \"alla\" och 'några'.",
        "changes": [{"text": "med de fackliga parterna", "label": "Tillägg 1", "decision": "KF § 200"}],
        "children": [],
    },
    {
        "id": "l1",
        "type": "list",
        "page": 3,
        "text": "",
        "children": [
            {
                "id": "li1",
                "type": "list_item",
                "text": "Fackliga parter erbjuds basutbildning",
                "changes": [{"text": "Fackliga parter", "label": "Tillägg 2"}],
                "children": [{"id": "p2", "type": "paragraph", "text": "Inuti", "children": []}],
            }
        ],
    },
    {
        "id": "t1",
        "type": "table",
        "page": 3,
        "text": "Tabell <1>",
        "children": [
            {
                "id": "r1",
                "type": "row",
                "text": "",
                "children": [{"id": "c1", "type": "cell", "text": "Insats", "children": []}],
            },
            {
                "id": "r2",
                "type": "row",
                "text": "",
                "children": [
                    {
                        "id": "c2",
                        "type": "cell",
                        "text": "Utbilda",
                        "children": [{"id": "p3", "type": "paragraph", "text": "mer", "children": []}],
                    }
                ],
            },
        ],
    },
    {"id": "q1", "type": "quote", "page": 4, "text": "Citat", "children": []},
]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_text_is_written_as_the_templates_write_it(language):
    with translation.override(language):
        expected = render_to_string("programs/_tree.html", {"tree": prepare_for_display(copy.deepcopy(TREE))})
        assert tree_html(prepare_for_display(copy.deepcopy(TREE))) == expected


def test_an_empty_text_is_written_as_the_template_writes_it():
    assert tree_html([]) == render_to_string("programs/_tree.html", {"tree": []})
