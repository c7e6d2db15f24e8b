"""Charts on the coverage page are drawn once per distinct chart and then read from the cache."""

from typing import Any

from django.core.cache import cache

from varn.core.charts import Chart
from varn.training.presentation import chart_src


def chart(**overrides) -> Chart:
    fields: dict[str, Any] = {
        "kind": "bar",
        "title": "Basutbildning: täckning per organisation",
        "labels": ["SOC", "BUF"],
        "series": {"Täckning": [40.0, None]},
        "unit": "%",
        "target": 80.0,
    }
    fields.update(overrides)
    return Chart(**fields)


def test_a_chart_is_drawn_once_and_a_changed_chart_is_drawn_again(monkeypatch):
    cache.clear()
    drawn = []
    original = Chart.svg

    def counting_svg(self):
        drawn.append(self.title)
        return original(self)

    monkeypatch.setattr(Chart, "svg", counting_svg)
    first = chart_src(chart())
    assert chart_src(chart()) == first
    assert len(drawn) == 1
    changed = chart_src(chart(series={"Täckning": [45.0, None]}))
    assert changed != first and len(drawn) == 2
    assert first.startswith("data:image/svg+xml;base64,")


def test_the_page_gets_a_data_uri_even_after_the_report_drew_the_same_chart():
    from varn.followup.rendering import chart_bytes

    same = chart(series={"Täckning": [12.0, None]})
    chart_bytes(same, "svg")  # the report draws (and caches) the chart first
    assert chart_src(same).startswith("data:image/svg+xml;base64,")
