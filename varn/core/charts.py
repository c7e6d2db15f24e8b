"""Charts for pages and reports, drawn with matplotlib: SVG for the web and PDF, PNG for Word.

Every chart is shown with its figures beside it (a table), so the picture is never the only way to
read them. A missing figure is drawn as missing (a gap marked "saknas"), never as zero."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator

plt.rcParams.update(
    {
        "font.family": "DejaVu Sans",
        "font.size": 10,
        "svg.fonttype": "none",
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)
COLOURS = ["#0b4f71", "#b35c00", "#1d6b2f", "#6b2f8a", "#a4161a", "#4a5560"]
MISSING = gettext_noop("saknas")


def swedish_number(value: float) -> str:
    """1 259 and 12,5: a no-break space between thousands and a decimal comma."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", "\u00a0").replace("-", "\u2212")
    return f"{value:,.1f}".replace(",", "\u00a0").replace(".", ",").replace("-", "\u2212")


@dataclass
class Chart:
    """A chart as data: what it shows and how to draw it."""

    kind: str  # "bar" or "line"
    title: str
    labels: list[str]
    series: dict[str, list[float | None]]
    unit: str = ""
    target: float | None = None
    target_label: str = field(default_factory=lambda: pgettext("target share", "Mål"))
    notes: list[str] = field(default_factory=list)
    # The caption of a table in the same section that already holds these figures (in full, by the
    # full names): a report then points to it instead of printing the figures twice.
    figures_in: str = ""

    def figure(self) -> Figure:
        fig, ax = plt.subplots(figsize=(7.5, 3.6), dpi=100)
        positions = list(range(len(self.labels)))
        legend: list[Patch] = []
        if self.kind == "bar":
            legend = self._bars(ax, positions)
        else:
            for i, (name, values) in enumerate(self.series.items()):
                ys = [v if v is not None else math.nan for v in values]
                ax.plot(positions, ys, marker="o", label=name, color=COLOURS[i % len(COLOURS)])
        if self.target is not None:
            ax.axhline(self.target, color="#a4161a", linestyle="--", linewidth=1.5, label=self.target_label)
        ax.set_xticks(
            positions,
            self.labels,
            rotation=20 if max(map(len, self.labels or [""])) > 8 else 0,
            ha="right" if max(map(len, self.labels or [""])) > 8 else "center",
        )
        ax.set_ylabel(self.unit)
        ax.set_title(self.title)
        if self.is_counts:
            # Counts have whole-number ticks: no "0,5 insatser".
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: swedish_number(value)))
        if len(self.series) > 1 or self.target is not None:
            # Beside the plot, never over the bars.
            ax.legend(
                handles=[*legend, *ax.get_legend_handles_labels()[0]],
                frameon=False,
                fontsize=8,
                loc="upper left",
                bbox_to_anchor=(1.01, 1.0),
            )
        fig.tight_layout()
        return fig

    @property
    def is_counts(self) -> bool:
        return all(v is None or float(v).is_integer() for values in self.series.values() for v in values)

    def _bars(self, ax, positions: list[int]) -> list[Patch]:
        """Grouped bars, one collection per series: a rectangle per bar as its own artist made a
        chart of 40 administrations and five series cost 0.3 s."""
        width = 0.8 / max(1, len(self.series))
        top = 0.0
        legend = []
        for i, (name, values) in enumerate(self.series.items()):
            colour = COLOURS[i % len(COLOURS)]
            shift = (i - (len(self.series) - 1) / 2) * width
            bars = []
            for position, value in zip(positions, values, strict=False):
                x = position + shift - width / 2
                if value is None:
                    ax.annotate(
                        _(MISSING),
                        (x + width / 2, 0),
                        ha="center",
                        va="bottom",
                        fontsize=8,
                        color="#4a5560",
                    )
                    continue
                bars.append(Rectangle((x, min(0, value)), width, abs(value)))
                top = max(top, value)
            ax.add_collection(PatchCollection(bars, facecolor=colour, edgecolor="none"))
            legend.append(Patch(facecolor=colour, label=name))
        if self.target is not None:
            top = max(top, self.target)
        ax.set_xlim(-0.5, len(positions) - 0.5)
        ax.set_ylim(0, (top or 1) * 1.08)
        return legend

    def _render(self, fmt: str) -> bytes:
        fig = self.figure()
        buffer = io.BytesIO()
        fig.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
        plt.close(fig)
        return buffer.getvalue()

    def svg(self) -> str:
        """The chart as an SVG document with a <title> for assistive technology."""
        svg = self._render("svg").decode()
        start = svg.index("<svg")
        svg = svg[start:]
        head_end = svg.index(">") + 1
        title = self.title.replace("&", "&amp;").replace("<", "&lt;")
        return svg[:head_end].replace(
            "<svg", '<svg role="img" aria-label="' + title.replace('"', "&quot;") + '"', 1
        ) + (f"<title>{title}</title>" + svg[head_end:])

    def png(self) -> bytes:
        return self._render("png")

    def table_rows(self) -> list[list[str]]:
        """The figures, a row per label, for the table shown beside the chart."""
        rows = []
        for i, label in enumerate(self.labels):
            row = [label]
            for values in self.series.values():
                value = values[i] if i < len(values) else None
                row.append(_(MISSING) if value is None else swedish_number(value))
            rows.append(row)
        return rows


# Drawing a chart with matplotlib costs 0.05–0.2 s, more than the rest of a page. A chart is a
# function of its data, so each drawing is cached under a hash of that data and the format: a change
# in the figures is a new key, and nothing needs to be invalidated (docs/decisions/0051).
CHART_CACHE_SECONDS = 24 * 60 * 60
CHART_CACHE_VERSION = 4


def drawn(chart: Chart, fmt: str) -> bytes:
    """The chart drawn as "svg" or "png", from the cache when the same chart was drawn before."""
    import dataclasses
    import hashlib
    import json

    from django.core.cache import cache

    drawing = dataclasses.asdict(chart)
    drawing.pop("figures_in")  # where the figures are printed does not change the picture
    data = json.dumps(drawing, sort_keys=True, default=str, ensure_ascii=False)
    key = f"varn-chart:{fmt}:{CHART_CACHE_VERSION}:{hashlib.sha256(data.encode()).hexdigest()}"
    found = cache.get(key)
    if not isinstance(found, bytes):
        found = chart.svg().encode() if fmt == "svg" else chart.png()
        cache.set(key, found, CHART_CACHE_SECONDS)
    return found
