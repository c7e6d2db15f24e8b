"""Charts on pages. The Content-Security-Policy forbids inline styles, and matplotlib's SVG styles
every shape inline, so a chart is embedded as an image (a data: URI, which `img-src` allows)
with a text alternative, and its figures are shown in a table beside it (docs/decisions/0023)."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from varn.core.charts import Chart, drawn


@dataclass
class ChartImage:
    title: str
    src: str
    alt: str
    headers: list[str]
    rows: list[list[str]]


_ROOT_SIZE = re.compile(r'(<svg\b[^>]*?)\s+width="[^"]*"\s+height="[^"]*"')


def chart_src(chart: Chart) -> str:
    """The chart as a data: URI of its SVG (the drawing is cached by its data: core.charts.drawn)."""
    # Without a fixed size on the root the image takes the width of its column (the viewBox
    # keeps the proportions), so the chart fits a phone as well as a wide screen.
    svg = _ROOT_SIZE.sub(r"\1", drawn(chart, "svg").decode(), count=1).encode()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def chart_image(chart: Chart, *, first_header: str) -> ChartImage:
    headers = [first_header, *[f"{name} ({chart.unit})" if chart.unit else name for name in chart.series]]
    rows = chart.table_rows()
    if chart.target is not None:
        headers.append(chart.target_label)
        for row in rows:
            row.append(f"{chart.target:g}")
    return ChartImage(
        title=chart.title,
        src=chart_src(chart),
        alt=_("%(title)s. Siffrorna finns i tabellen bredvid diagrammet.") % {"title": chart.title},
        headers=headers,
        rows=rows,
    )
