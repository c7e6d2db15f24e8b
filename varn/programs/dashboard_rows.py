"""The rows of the start page's lists, written in Python with the markup the template had
(varn/core/markup.py: a few hundred `{{ }}` per page were most of the page's work)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from varn.core.labels import ChoiceLabels
from varn.core.markup import cell as e
from varn.core.markup import rows as joined

from .models import Program


def todo_items(items) -> SafeString:
    late = f" <strong>{e(_('försenad'))}</strong>"
    return joined(
        f'<li><a href="{e(item.url)}">{e(item.label)}</a>'
        + (f' <span class="muted">– {e(item.detail)}</span>' if item.detail else "")
        + (late if item.is_late else "")
        + "</li>"
        for item in items
    )


def status_rows(by_status, measure_list_url: str) -> SafeString:
    url = e(measure_list_url)
    return joined(
        f'<tr><th scope="row"><a href="{url}?status={e(code)}">{e(label)}</a></th>'
        f'<td class="num">{n}</td></tr>'
        for code, label, n in by_status
    )


def unit_rows(by_unit) -> SafeString:
    return joined(
        f'<tr><th scope="row">{e(row["name"])}</th><td class="num">{row["total"]}</td>'
        f'<td class="num">{row["done"]}</td></tr>'
        for row in by_unit
    )


def overdue_items(overdue) -> SafeString:
    due = e(_("skulle vara klar"))
    return joined(
        f'<li><a href="{e(m["url"])}">{e(m["label"])}</a> – {e(m["unit"])}, {due} '
        f'<span class="date">{m["end_date"]}</span></li>'
        for m in overdue
    )


def recent_items(recent) -> SafeString:
    return joined(
        f'<li><time datetime="{r["when_iso"]}">{r["when_text"]}</time> – {e(r["who"])} {e(r["action"])} '
        f"{e(r['kind'])} <q>{e(r['label'])}</q></li>"
        for r in recent
    )


# Words of the template's {% translate %} tags are written as the tag wrote them: translated, not
# escaped (a literal of the template is safe); values are escaped as {{ }} escapes them.


def todo_section(todo) -> SafeString:
    """The "Att göra" section of programs/dashboard.html, or the line saying there is nothing."""
    if not todo:
        return joined(["\n<p>", _("Du har inget att göra just nu."), "</p>\n"])
    # (The words outside the f-strings: xgettext does not read calls inside one.)
    heading, first_n = _("Att göra"), _("de %(n)s första")
    out = [
        '\n<section class="todo" aria-labelledby="todo-heading">\n'
        f'  <h2 id="todo-heading">{heading}</h2>\n  <div class="grid">\n  '
    ]
    for entry in todo:
        key = e(entry.key)
        more = ""
        if entry.has_more:
            more = f' <span class="muted">({first_n % {"n": len(entry.items)}})</span>'
        out.append(
            f'\n  <section class="card" aria-labelledby="todo-{key}">\n'
            f'    <h3 id="todo-{key}">{e(entry.title)}{more}</h3>\n'
            f"    <ul>{entry.items_html()}</ul>\n  </section>\n  "
        )
    out.append("\n  </div>\n</section>\n")
    return joined(out)


def program_card(program, slug: str, *, can_manage: bool) -> SafeString:
    """The programme's card of programs/dashboard.html (or the line saying there is none), from the
    line after the to-do section to the blank line before the tables."""
    if program is None:
        create = ""
        if can_manage:
            url = e(reverse("programs:program-create", args=[slug]))
            create = f' <a href="{url}">{_("Skapa programmet")}</a>'
        return joined(["\n<p>", _("Inget program är upplagt ännu."), create, "</p>\n"])
    url = e(reverse("programs:program-detail", args=[slug, program.pk]))
    dnr = f"<dt>{_('Diarienummer')}</dt><dd>{e(program.dnr)}</dd>" if program.dnr else ""
    revision = ""
    if program.revision_due:
        revision = f' ({_("revideras senast")} <span class="date">{program.revision_due.isoformat()}</span>)'
    notice = ""
    if program.is_illustrative:
        words = _(
            "Programtexten i demon är skriven för demonstration (illustrativ text), inte kommunens antagna"
            " dokument."
        )
        notice = f'<p class="notice">{words}</p>'
    return joined(
        [
            '\n<section class="card" aria-labelledby="program-heading">\n'
            f'  <h2 id="program-heading"><a href="{url}">{e(program.title)}</a></h2>\n'
            '  <dl class="facts">\n'
            f"    <dt>{_('Period')}</dt><dd>{e(program.period_label)}</dd>\n"
            f"    <dt>{_('Status')}</dt><dd>{e(ChoiceLabels(Program.Status)[program.status])}</dd>\n"
            f"    {dnr}\n"
            f"    <dt>{_('Samordning')}</dt><dd>{e(capfirst(program.coordinator_title))}</dd>\n"
            f"    <dt>{_('Finansiering')}</dt>"
            f"<dd>{e(ChoiceLabels(Program.BudgetPolicy)[program.budget_policy])}</dd>\n"
            f"    <dt>{_('Uppföljning')}</dt>"
            f"<dd>{e(ChoiceLabels(Program.FollowUpPolicy)[program.follow_up_policy])}{revision}</dd>\n"
            f"  </dl>\n  {notice}\n</section>\n"
        ]
    )
