"""The rows of the start page's lists, written in Python with the markup the template had
(varn/core/markup.py: a few hundred `{{ }}` per page were most of the page's work)."""

from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from varn.core.markup import cell as e
from varn.core.markup import rows as joined


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
