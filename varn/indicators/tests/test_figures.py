"""Trend and comparison of a key figure, without the database."""

from dataclasses import dataclass

from varn.indicators.figures import format_value, summarise


@dataclass
class V:
    area: str
    period: int
    gender: str
    value: float | None


def test_it_takes_the_latest_year_with_a_value_and_compares_it():
    summary = summarise(
        [
            V("municipality", 2023, "T", 219.0),
            V("municipality", 2024, "T", 225.3),
            V("municipality", 2025, "T", None),
            V("county", 2024, "T", 221.0),
            V("country", 2024, "T", 229.8),
            V("municipality", 2024, "K", 235.0),
        ]
    )
    assert (summary.year, summary.value, summary.previous_year) == (2024, 225.3, 2023)
    assert summary.trend == "up"
    assert summary.comparisons == {"county": 221.0, "group": None, "country": 229.8}
    assert summary.women == 235.0 and summary.men is None


def test_a_figure_without_values_has_no_year_and_no_trend():
    summary = summarise([V("country", 2024, "T", 3.0)])
    assert summary.year is None and summary.trend == ""


def test_values_are_written_the_swedish_way():
    assert format_value(8.7) == "8,7"
    assert format_value(12500.0) == "12\u00a0500"
    assert format_value(None) == "saknas"


def test_a_value_in_english_is_written_the_english_way():
    from django.utils import translation

    with translation.override("en"):
        assert format_value(8.7) == "8.7"
        assert format_value(12500.0) == "12,500"
