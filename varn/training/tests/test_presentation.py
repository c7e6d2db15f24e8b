"""The coverage tables' rows, written in Python with the markup their template had."""

import datetime

from django.utils import translation

from varn.training.coverage import Cell, LevelRow, Row
from varn.training.presentation import coverage_rows, level_rows, offer_rows
from varn.training.services import OfferRow


def test_a_row_shows_its_figures_with_the_name_escaped_and_missing_figures_as_missing():
    row = Row(
        key="unit:1",
        label="Kultur & <fritid>",
        kind="unit",
        years=[Cell(participants=1200, population=2000, trained=1200), Cell()],
        period=Cell(participants=1200, population=2000, trained=1200),
        target=80.0,
    )
    with translation.override("sv"):
        html = coverage_rows([row])
    assert '<th scope="row">Kultur &amp; &lt;fritid&gt;</th>' in html
    assert '<td class="num">1\u00a0200</td><td class="num">saknas</td>' in html
    assert '<td class="num">60 %</td>' in html and '<td class="num">80 %</td>' in html
    assert "<td>nej</td>" in html


def test_a_total_row_is_marked_and_a_row_without_target_says_so():
    row = Row(key="all", label="Alla", kind="all", years=[], period=Cell(), target=None)
    html = coverage_rows([row])
    assert html.startswith('<tr class="total">') and "<strong>Alla</strong>" in html
    assert '<td class="num">–</td>\n    <td>–</td>' in html


def test_the_level_rows_and_the_offers():
    with translation.override("sv"):
        levels = level_rows([LevelRow("basic", "Bas", Cell(), Cell(participants=3), 12.5)])
        offers = offer_rows(
            [
                OfferRow(
                    partner_name="Vision",
                    course_name="Bas",
                    status="offered",
                    offered_on=datetime.date(2026, 3, 1),
                    accepted_on=None,
                    completed_on=datetime.date(2026, 5, 2),
                )
            ]
        )
        empty = offer_rows([])
    assert '<td class="num">13 %</td>' in levels  # rounded half up, as |floatformat:0
    assert '<span class="date">2026-03-01</span></td><td>–</td><td>2026-05-02</td>' in offers
    assert "Inga erbjudanden är registrerade." in empty
