"""Charts on pages. The Content-Security-Policy forbids inline styles, and matplotlib's SVG styles
every shape inline, so a chart is embedded as an image (a data: URI, which `img-src` allows)
with a text alternative, and its figures are shown in a table beside it (docs/decisions/0023)."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

from django.template.defaultfilters import floatformat
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from varn.core.charts import Chart, drawn
from varn.core.markup import text as escape

from .coverage import LevelRow, Row, format_count, format_percent
from .models import CourseLevel, UnionTrainingOffer
from .services import OfferRow, TargetRow

# A table of a hundred rows through the template language cost more than all the rest of the
# coverage page (issue 16): a filter, a lookup and an escape for each of a thousand cells. The
# bodies of the page's long tables are therefore written here, with the markup the templates had,
# each cell formatted once and every text escaped as the template would (core.markup, ADR 0150).


@dataclass
class ChartImage:
    title: str
    src: str
    alt: str
    headers: list[str]
    rows: list[list[str]]

    @property
    def body(self) -> SafeString:
        """The table's rows: the label as the row's header, the figures beside it."""
        return mark_safe(
            "".join(
                f'<tr><th scope="row">{escape(row[0])}</th>'
                + "".join(f'<td class="num">{escape(value)}</td>' for value in row[1:])
                + "</tr>"
                for row in self.rows
            )
        )


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


TOTAL_ROWS = frozenset({"units_total", "unions", "all"})


def coverage_rows(rows: list[Row]) -> SafeString:
    """The rows of a coverage table (training/_coverage_rows.html): participants each year and over
    the period, the population, the share, the target and whether it is met."""
    missing = escape(_("saknas"))
    met_text = {True: escape(_("ja")), False: escape(_("nej"))}
    targets: dict[float, str] = {}
    parts = []
    for row in rows:
        label = escape(row.label)
        if row.kind in TOTAL_ROWS:
            parts.append(f'<tr class="total">\n    <th scope="row"><strong>{label}</strong></th>\n    ')
        else:
            parts.append(f'<tr>\n    <th scope="row">{label}</th>\n    ')
        for cell in row.years:
            parts.append(f'<td class="num">{format_count(cell.participants, missing=missing)}</td>')
        period = row.period
        target = _target_text(row.target, targets)
        if row.target is None:
            met = "–"
        else:
            is_met = row.meets_target
            met = missing if is_met is None else met_text[is_met]
        parts.append(
            f'\n    <td class="num">{format_count(period.participants, missing=missing)}</td>'
            f'\n    <td class="num">{format_count(period.population, missing=missing)}</td>'
            f'\n    <td class="num">{format_percent(period, missing=missing)}</td>'
            f'\n    <td class="num">{target}</td>'
            f"\n    <td>{met}</td>\n  </tr>"
        )
    return mark_safe("".join(parts))


def coverage_head(years: list[int]) -> SafeString:
    """The header cells after the first of the page's three coverage tables, made once for all three
    (training/_coverage_rows.html). Texts from {% translate %} are not escaped there, nor here."""
    return mark_safe(
        "".join(f'<th scope="col" class="num">{_("Deltagare %(y)s") % {"y": year}}</th>' for year in years)
        + f'\n    <th scope="col" class="num">{_("Deltagare hela perioden")}</th>'
        f'\n    <th scope="col" class="num">{_("Målgruppens storlek")}</th>'
        f'\n    <th scope="col" class="num">{_("Täckning")}</th>'
        f'\n    <th scope="col" class="num">{pgettext("target share", "Mål")}</th>'
        f'\n    <th scope="col">{_("Når målet")}</th>'
    )


def level_head() -> SafeString:
    """The two header rows of the table per course level."""
    figures = (
        f'<th scope="col" class="num">{_("Deltagare")}</th>'
        f'<th scope="col" class="num">{_("Målgruppens storlek")}</th>'
        f'<th scope="col" class="num">{_("Täckning")}</th>'
    )
    return mark_safe(
        f'<tr><th scope="col" rowspan="2">{_("Nivå")}</th>'
        f'<th scope="colgroup" colspan="3">{_("Kommunens förvaltningar")}</th>'
        f'<th scope="colgroup" colspan="3">{_("Fackliga parter")}</th>'
        f'<th scope="col" rowspan="2" class="num">{pgettext("target share", "Mål")}</th></tr>'
        f"\n      <tr>{figures}{figures}</tr>"
    )


def offer_head() -> SafeString:
    """The header row of the table of offers to the unions."""
    names = (
        _("Facklig organisation"),
        _("Utbildning"),
        _("Status"),
        _("Erbjuden"),
        _("Accepterad"),
        _("Genomförd"),
    )
    return mark_safe("<tr>" + "".join(f'<th scope="col">{name}</th>' for name in names) + "</tr>")


def _target_text(target: float | None, known: dict[float, str]) -> str:
    if target is None:
        return "–"
    if target not in known:
        known[target] = f"{floatformat(target, 0)} %"
    return known[target]


def level_rows(rows: list[LevelRow]) -> SafeString:
    """The rows of the table per course level: the administrations' and the unions' figures."""
    missing = escape(_("saknas"))
    targets: dict[float, str] = {}
    return mark_safe(
        "".join(
            f'<tr>\n      <th scope="row">{escape(row.label)}</th>\n      '
            f'<td class="num">{format_count(row.units.participants, missing=missing)}</td>'
            f'<td class="num">{format_count(row.units.population, missing=missing)}</td>'
            f'<td class="num">{format_percent(row.units, missing=missing)}</td>\n      '
            f'<td class="num">{format_count(row.unions.participants, missing=missing)}</td>'
            f'<td class="num">{format_count(row.unions.population, missing=missing)}</td>'
            f'<td class="num">{format_percent(row.unions, missing=missing)}</td>\n      '
            f'<td class="num">{_target_text(row.target, targets)}</td>\n    </tr>'
            for row in rows
        )
    )


def offer_rows(offers: list[OfferRow]) -> SafeString:
    """The rows of the table of offers to the unions."""
    if not offers:
        return mark_safe(f'<tr><td colspan="6">{escape(_("Inga erbjudanden är registrerade."))}</td></tr>')
    statuses = {code: escape(str(label)) for code, label in UnionTrainingOffer.Status.choices}

    def day(value) -> str:
        return "–" if value is None else value.isoformat()

    return mark_safe(
        "".join(
            f'<tr>\n      <th scope="row">{escape(offer.partner_name)}</th>'
            f"<td>{escape(offer.course_name)}</td>"
            f'<td><span class="badge">{statuses.get(offer.status, escape(offer.status))}</span></td>\n      '
            f'<td><span class="date">{offer.offered_on.isoformat()}</span></td>'
            f"<td>{day(offer.accepted_on)}</td><td>{day(offer.completed_on)}</td>\n    </tr>"
            for offer in offers
        )
    )


def target_items(targets: list[TargetRow]) -> SafeString:
    """The programme's training targets as the items of the page's list: the share, the level, the
    target group (or all of them), the deadline and the description."""
    levels = {code: escape(str(label).lower()) for code, label in CourseLevel.choices}
    every_group = _("alla målgrupper")  # as {% translate %}: not escaped
    by = pgettext("by a date", "senast")
    return mark_safe(
        "".join(
            f"<li>{target.share} % {levels.get(target.level, escape(target.level.lower()))} "
            f"({every_group if target.target_group_name is None else escape(target.target_group_name)}) "
            f'{by} <span class="date">{target.deadline.isoformat()}</span>'
            f"{f' – {escape(target.description)}' if target.description else ''}</li>"
            for target in targets
        )
    )
