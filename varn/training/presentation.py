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

from .coverage import Cell, LevelRow, Row, format_count, format_percent, percent_text
from .models import CourseLevel, UnionTrainingOffer
from .navigation import path_of
from .services import OfferRow, TargetRow

# A table of a hundred rows through the template language cost more than all the rest of the
# coverage page (issue 16): a filter, a lookup and an escape for each of a thousand cells. The
# bodies of the page's long tables are therefore written here, with the markup the templates had,
# each cell formatted once and every text escaped as the template would (core.markup, ADR 0150).


# As escape() (html.escape), in one call: for the chart tables' short figures, which are ASCII.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


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
                [
                    f'<tr><th scope="row">{escape(row[0])}</th>'
                    + "".join([f'<td class="num">{value.translate(_ESCAPES)}</td>' for value in row[1:]])
                    + "</tr>"
                    for row in self.rows
                ]
            )
        )

    @property
    def html(self) -> SafeString:
        """The chart as an image and its figures as a table, as training/_chart.html wrote them
        (the template's words are not escaped, as {% translate %} does not escape them)."""
        heads = "".join(
            [
                f'<th scope="col"{' class="num"' if i else ""}>{escape(h)}</th>'
                for i, h in enumerate(self.headers)
            ]
        )
        note = _("Ett saknat värde visas som ”saknas”, inte som noll.")
        return mark_safe(
            f'<figure class="card chart">\n  <img src="{escape(self.src)}" alt="{escape(self.alt)}">\n'
            f'  <figcaption class="muted">{note}</figcaption>\n'
            '</figure>\n<div class="card">\n  <table>\n'
            f"    <caption>{escape(self.title)}</caption>\n"
            f"    <thead><tr>{heads}</tr></thead>\n"
            f"    <tbody>{self.body}</tbody>\n  </table>\n</div>\n"
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


def coverage_table(*, caption: str, first: str, head: str, rows: str) -> SafeString:
    """One of the page's coverage tables around its rows, as training/_coverage_rows.html wrote it:
    the caption and the words are the page's own, already escaped or safe as {% translate %} gives."""
    return mark_safe(
        f"<table>\n  <caption>{caption}</caption>\n  <thead><tr>\n"
        f'    <th scope="col">{first}</th>\n    {head}\n  </tr></thead>\n'
        f"  <tbody>\n  {rows}\n  </tbody>\n</table>\n"
    )


def level_texts(level_label: str) -> dict[str, SafeString]:
    """The page's sentences around the chosen level, as its {% blocktranslate %} wrote them (the
    level escaped, the words not), translated once each."""
    level = {"level": escape(level_label)}
    return {
        "summary": mark_safe(
            _(
                "Visar %(level)s. Täckning är antal deltagare delat med målgruppens storlek, per "
                "organisation och målgrupp. En siffra som inte är inrapporterad visas som ”saknas” – den "
                "räknas inte som noll."
            )
            % level
        ),
        "by_organisation": mark_safe(_("%(level)s per organisation") % level),
        "by_organisation_caption": mark_safe(
            _("%(level)s: deltagare och täckning per förvaltning och för de fackliga parterna") % level
        ),
        "by_target_group": mark_safe(_("%(level)s per målgrupp") % level),
        "by_target_group_caption": mark_safe(_("%(level)s: deltagare och täckning per målgrupp") % level),
        "by_union_caption": mark_safe(_("%(level)s per facklig organisation") % level),
    }


def coverage_actions(slug: str, export_query: str, *, can_record: bool) -> SafeString:
    """The links under the summary: the export, and for those who record, recording and imports
    (the words as {% translate %} wrote them, not escaped)."""
    export, download = path_of("training:coverage-export", slug), _("Ladda ner tabellerna (Excel)")
    parts = [f'<a class="button" href="{export}{escape(export_query)}">{download}</a>\n    ']
    if can_record:
        record, import_, read_back = (
            _("Registrera utbildning"),
            _("Importera från Excel"),
            _("Läs in en redigerad täckningsfil"),
        )
        parts.append(
            f'<a class="button secondary" href="{path_of("training:effort-create", slug)}">{record}</a>\n'
            f'    <a class="button secondary" href="{path_of("training:import", slug)}">{import_}</a>\n'
            f'    <a href="{path_of("training:coverage-import", slug)}">{read_back}</a>'
        )
    return mark_safe("".join(parts))


TOTAL_ROWS = frozenset({"units_total", "unions", "all"})


def _count(value: int | None, missing: str) -> str:
    """`format_count`, in one call for a figure under a thousand (most cells of the page)."""
    if value is None:
        return missing
    if -1000 < value < 1000:
        return f"{value}"
    return f"{value:,}".replace(",", "\u00a0")


def _percent(cell: Cell) -> float | None:
    """`cell.percent`, in one call."""
    population = cell.population
    return round(cell.trained / population * 100, 1) if population else None


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
        parts += [f'<td class="num">{_count(cell.participants, missing)}</td>' for cell in row.years]
        period = row.period
        percent = _percent(period)
        if row.target is None:
            target = met = "–"
        else:
            target = _target_text(row.target, targets)
            # Row.meets_target
            met = missing if percent is None else met_text[percent >= row.target]
        parts.append(
            f'\n    <td class="num">{_count(period.participants, missing)}</td>'
            f'\n    <td class="num">{_count(period.population, missing)}</td>'
            f'\n    <td class="num">{percent_text(period, percent, missing)}</td>'
            f'\n    <td class="num">{target}</td>'
            f"\n    <td>{met}</td>\n  </tr>"
        )
    return mark_safe("".join(parts))


def coverage_head(years: list[int]) -> SafeString:
    """The header cells after the first of the page's three coverage tables, made once for all three
    (training/_coverage_rows.html). Texts from {% translate %} are not escaped there, nor here."""
    # (The words outside the f-strings: xgettext does not read calls inside one.)
    in_year, whole, size, share = (
        _("Deltagare %(y)s"),
        _("Deltagare hela perioden"),
        _("Målgruppens storlek"),
        _("Täckning"),
    )
    target, met = pgettext("target share", "Mål"), _("Når målet")
    return mark_safe(
        "".join([f'<th scope="col" class="num">{in_year % {"y": year}}</th>' for year in years])
        + f'\n    <th scope="col" class="num">{whole}</th>'
        f'\n    <th scope="col" class="num">{size}</th>'
        f'\n    <th scope="col" class="num">{share}</th>'
        f'\n    <th scope="col" class="num">{target}</th>'
        f'\n    <th scope="col">{met}</th>'
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
    return mark_safe("<tr>" + "".join([f'<th scope="col">{name}</th>' for name in names]) + "</tr>")


def _target_text(target: float | None, known: dict[float, str]) -> str:
    if target is None:
        return "–"
    if target not in known:
        # A whole percentage (every target: TrainingTarget.share is an integer) as floatformat(_, 0)
        # writes it, without its localisation's work.
        whole = 0 <= target < 1000 and target.is_integer()
        known[target] = f"{target:.0f} %" if whole else f"{floatformat(target, 0)} %"
    return known[target]


def level_rows(rows: list[LevelRow]) -> SafeString:
    """The rows of the table per course level: the administrations' and the unions' figures."""
    missing = escape(_("saknas"))
    targets: dict[float, str] = {}
    return mark_safe(
        "".join(
            [
                f'<tr>\n      <th scope="row">{escape(row.label)}</th>\n      '
                f'<td class="num">{format_count(row.units.participants, missing=missing)}</td>'
                f'<td class="num">{format_count(row.units.population, missing=missing)}</td>'
                f'<td class="num">{format_percent(row.units, missing=missing)}</td>\n      '
                f'<td class="num">{format_count(row.unions.participants, missing=missing)}</td>'
                f'<td class="num">{format_count(row.unions.population, missing=missing)}</td>'
                f'<td class="num">{format_percent(row.unions, missing=missing)}</td>\n      '
                f'<td class="num">{_target_text(row.target, targets)}</td>\n    </tr>'
                for row in rows
            ]
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
            [
                f'<tr>\n      <th scope="row">{escape(offer.partner_name)}</th>'
                f"<td>{escape(offer.course_name)}</td>"
                '<td><span class="badge">'
                f"{statuses.get(offer.status, escape(offer.status))}</span></td>\n      "
                f'<td><span class="date">{offer.offered_on.isoformat()}</span></td>'
                f"<td>{day(offer.accepted_on)}</td><td>{day(offer.completed_on)}</td>\n    </tr>"
                for offer in offers
            ]
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
            [
                f"<li>{target.share} % {levels.get(target.level, escape(target.level.lower()))} "
                f"({every_group if target.target_group_name is None else escape(target.target_group_name)}) "
                f'{by} <span class="date">{target.deadline.isoformat()}</span>'
                f"{f' – {escape(target.description)}' if target.description else ''}</li>"
                for target in targets
            ]
        )
    )
