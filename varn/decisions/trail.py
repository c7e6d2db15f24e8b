"""The case page's decision trail, read as plain values and written once (issue 16,
docs/decisions/0150).

The page showed each decision with its requirements, amendments, attachments and the versions it
created as model instances prefetched in six queries, rendered item by item in the template: the
instances, their display methods (each `get_FOO_display()` translates every choice), the per-item
`{% url %}` and template nodes were most of the page's work when it is built after a change. Here
the same six queries read only the columns the page shows, as dictionaries; labels are translated
once per code and words once per page, links made from one `reverse()` per kind, and the trail's
markup is written as the template wrote it. The REST API keeps `selectors.cases_with_trail`."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from django.db.models import F, QuerySet
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from varn.core.labels import ChoiceLabels
from varn.core.markup import path_for, rows, text
from varn.core.prepared import PreparedQuery
from varn.organisations.models import Municipality
from varn.programs.models import Program, ProgramVersion

from .models import (
    Amendment,
    Attachment,
    Case,
    Decision,
    ReferralRequirement,
    location_of,
    reference_of,
    resolution_of,
    timeline_keys,
)


def case_for_page() -> QuerySet[Case]:
    """Cases with the columns the page shows of their programme (fetch through the tenant)."""
    return Case.objects.annotate(program_title=F("program__title"), program_status=F("program__status"))


_CASE_COLUMNS = ("pk", "dnr", "title", "program_id", "program_title", "program_status")
_CASE = PreparedQuery(
    lambda municipality_id, case_id: (
        case_for_page()
        .filter(municipality_id=municipality_id, pk=case_id)
        .order_by()
        .values_list(*_CASE_COLUMNS)
    ),
    municipality_id=int,
    case_id=int,
)


def case_row(municipality_id: int, case_id: int) -> dict | None:
    """The case's columns the page shows, as a dictionary, or None when the municipality has no
    such case (one prepared query: get_for_tenant's filter, read as plain values)."""
    found = _CASE.rows(municipality_id=municipality_id, case_id=case_id)
    return dict(zip(_CASE_COLUMNS, found[0], strict=True)) if found else None


def program_status_label(case: Any) -> str:
    return ChoiceLabels(Program.Status)[case["program_status"]] if case["program_id"] else ""


# Each query reads one table of the trail (the children joined to the case through their decision,
# as the prefetch read them by decision); rows are put in order here rather than by ORDER BY, which
# costs the ORM more to build than sorting a few rows does.
_DECISION_COLUMNS = (
    "pk",
    "body",
    "body_name",
    "meeting_date",
    "paragraph",
    "kind",
    "outcome",
    "title",
    "text",
    "source_id",
    "source__body",
    "source__meeting_date",
    "source__source_name",
)
_REQUIREMENT_COLUMNS = (
    "pk",
    "decision_id",
    "position",
    "text",
    "status",
    "resolution_kind",
    "resolved_measure_id",
    "resolved_measure__code",
    "resolved_measure__title",
    "resolved_decision_id",
    "resolved_decision__body",
    "resolved_decision__meeting_date",
    "resolved_decision__paragraph",
    "resolution_label",
    "resolution_url",
    "resolution",
    "resolved_on",
)
_AMENDMENT_COLUMNS = (
    "pk",
    "decision_id",
    "position",
    "label",
    "operation",
    "page",
    "heading",
    "column",
    "anchor_text",
    "text",
    "old_text",
    "status",
    "applied_version_id",
    "applied_version__program_id",
    "applied_version__number",
    "applied_block",
)
_ATTACHMENT_COLUMNS = ("pk", "decision_id", "position", "title", "file", "date")
_VERSION_COLUMNS = ("pk", "created_by_decision_id", "program_id", "number", "label", "status")
_IN_DECISION = itemgetter("decision_id", "position", "pk")


def _prepared(model, columns, **within):
    return PreparedQuery(
        lambda municipality_id, case_id: (
            model.objects.filter(municipality_id=municipality_id, **{within["case"]: case_id})
            .order_by()
            .values_list(*columns)
        ),
        municipality_id=int,
        case_id=int,
    )


# Built and compiled once per process (core/prepared.py, docs/decisions/0195): the ORM's cost was
# per query built, not per row.
_DECISIONS = _prepared(Decision, _DECISION_COLUMNS, case="case_id")
_CHILDREN = [
    ("requirements", _prepared(ReferralRequirement, _REQUIREMENT_COLUMNS, case="decision__case_id")),
    ("amendments", _prepared(Amendment, _AMENDMENT_COLUMNS, case="decision__case_id")),
    ("attachments", _prepared(Attachment, _ATTACHMENT_COLUMNS, case="decision__case_id")),
]
_VERSIONS = _prepared(ProgramVersion, _VERSION_COLUMNS, case="created_by_decision__case_id")


def _dicts(columns: tuple[str, ...], rows: list[tuple]) -> list[dict]:
    return [dict(zip(columns, row, strict=True)) for row in rows]


def trail(case_id: int, municipality: Municipality) -> list[dict]:
    """The case's decisions in timeline order (`Case.timeline`), each a dictionary of its columns
    with the lists `requirements`, `amendments`, `attachments` and `versions`, in their order."""
    within = {"municipality_id": municipality.pk, "case_id": case_id}
    decisions = _dicts(_DECISION_COLUMNS, _DECISIONS.rows(**within))
    if not decisions:
        return []
    key = timeline_keys([(d["pk"], d["meeting_date"]) for d in decisions])
    decisions.sort(key=lambda d: key[d["pk"]])
    by_pk = {}
    for d in decisions:
        d["requirements"], d["amendments"], d["attachments"], d["versions"] = [], [], [], []
        by_pk[d["pk"]] = d
    for (name, query), columns in zip(
        _CHILDREN, (_REQUIREMENT_COLUMNS, _AMENDMENT_COLUMNS, _ATTACHMENT_COLUMNS), strict=True
    ):
        for row in sorted(_dicts(columns, query.rows(**within)), key=_IN_DECISION):
            by_pk[row["decision_id"]][name].append(row)
    versions = _dicts(_VERSION_COLUMNS, _VERSIONS.rows(**within))
    for row in sorted(versions, key=itemgetter("number", "pk")):
        by_pk[row["created_by_decision_id"]]["versions"].append(row)
    return decisions


# The words `_Page.word` translates, for the catalogue: xgettext reads neither its calls nor a call
# inside an f-string (varn/core/tests/test_i18n.py checks that each is there).
WORDS = (
    gettext_noop("(datum ej känt)"),
    gettext_noop("Inläst från protokollet"),
    gettext_noop("Beslutstext"),
    gettext_noop("Krav vid återremiss"),
    gettext_noop("Tillägg och ändringar"),
    gettext_noop("Beslutsunderlag"),
    gettext_noop("Programversioner som beslutet skapade"),
    gettext_noop("Tillgodosett genom"),
    gettext_noop("Ändra"),
    gettext_noop("Markera som tillgodosett"),
    gettext_noop("i stället för"),
    gettext_noop("i version %(n)s"),
)


class _Page:
    """What the trail's markup needs once per page: words, labels and links."""

    def __init__(self, slug: str, *, can_manage: bool) -> None:
        self.slug = slug
        self.can_manage = can_manage
        self.kinds, self.outcomes = ChoiceLabels(Decision.Kind), ChoiceLabels(Decision.Outcome)
        self.requirement_statuses = ChoiceLabels(ReferralRequirement.Status)
        self.operations = ChoiceLabels(Amendment.Operation)
        self.amendment_statuses = ChoiceLabels(Amendment.Status)
        self.version_statuses = ChoiceLabels(ProgramVersion.Status)
        self.measure = path_for("programs:measure-detail", slug)
        self.resolve = path_for("decisions:requirement-resolve", slug)
        self.attachment = path_for("decisions:attachment-file", slug)
        self.versions: dict[tuple[int, int], str] = {}
        self.words: dict[str, str] = {}

    def word(self, msgid: str) -> str:
        """As {% translate %} writes it: translated and escaped."""
        if msgid not in self.words:
            self.words[msgid] = text(_(msgid))
        return self.words[msgid]

    def version(self, program_id: int, number: int) -> str:
        if (program_id, number) not in self.versions:
            url = reverse("programs:version-detail", args=[self.slug, program_id, number])
            self.versions[program_id, number] = text(url)
        return self.versions[program_id, number]


def _date(value) -> str:
    """As the template's date:"Y-m-d" wrote a date, or nothing."""
    return value.isoformat() if value else ""


def trail_html(decisions: list[dict], slug: str, *, can_manage: bool) -> SafeString:
    """The items of the page's <ol class="timeline">, as decisions/case_detail.html wrote them
    (whitespace included); `can_manage`: with the links that resolve each requirement."""
    page = _Page(slug, can_manage=can_manage)
    return rows([_decision(d, page) for d in decisions])


def _decision(d: dict, page: _Page) -> str:
    reference = reference_of(d["body"], d["meeting_date"], d["paragraph"])
    out = [f'\n  <li id="beslut-{d["pk"]}">\n    <h3>{text(reference)}']
    if d["body_name"]:
        out.append(f' <span class="muted">– {text(d["body_name"])}</span>')
    out.append(f'</h3>\n    <p><span class="badge">{text(page.kinds[d["kind"]])}</span>')
    if d["outcome"]:
        pending = " status-planned" if d["outcome"] == Decision.Outcome.PENDING else ""
        out.append(f' <span class="badge{pending}">{text(page.outcomes[d["outcome"]])}</span>')
    if not d["meeting_date"]:
        out.append(f' <span class="muted">{page.word("(datum ej känt)")}</span>')
    out.append("</p>\n    ")
    if d["source_id"]:
        name = d["source__source_name"]
        out.append(
            f'<p class="muted">{page.word("Inläst från protokollet")} {text(d["source__body"] or "–")} '
            f"{_date(d['source__meeting_date'])}{f' ({text(name)})' if name else ''}</p>"
        )
    out.append("\n    ")
    if d["title"]:
        out.append(f"<p><strong>{text(d['title'])}</strong></p>")
    out.append("\n    ")
    if d["text"]:
        out.append(
            f"<details><summary>{page.word('Beslutstext')}</summary><p>{linebreaksbr(d['text'])}</p></details>"
        )
    # The lists under a decision, each only when it has items; `inner` is the whitespace the template
    # had inside the first two lists' <ul>.
    for key, heading, item, inner in (
        ("requirements", "Krav vid återremiss", _requirement, "\n    "),
        ("amendments", "Tillägg och ändringar", _amendment, "\n    "),
        ("attachments", "Beslutsunderlag", _attachment, ""),
        ("versions", "Programversioner som beslutet skapade", _version, ""),
    ):
        out.append("\n\n    ")
        if d[key]:
            out.append(f"\n    <h4>{page.word(heading)}</h4>\n    <ul>{inner}")
            out.extend([item(entry, page) for entry in d[key]])
            out.append(f"{inner}</ul>\n    ")
    out.append("\n  </li>\n")
    return "".join(out)


def _requirement(r: dict, page: _Page) -> str:
    resolved = r["status"] == ReferralRequirement.Status.RESOLVED
    out = [
        f'\n      <li id="krav-{r["pk"]}">{text(r["text"])} – <span class="badge '
        f'{"status-done" if resolved else "status-postponed"}">{text(page.requirement_statuses[r["status"]])}'
        "</span>\n        "
    ]
    if resolved:
        kind, label = r["resolution_kind"], _resolved_by(r)
        out.append(f"<br><span>{page.word('Tillgodosett genom')}:\n          ")
        if kind == ReferralRequirement.ResolutionKind.MEASURE and r["resolved_measure_id"]:
            out.append(f'<a href="{text(page.measure(r["resolved_measure_id"]))}">{label}</a>\n          ')
        elif kind == ReferralRequirement.ResolutionKind.DECISION and r["resolved_decision_id"]:
            out.append(f'<a href="#beslut-{r["resolved_decision_id"]}">{label}</a>\n          ')
        elif r["resolution_url"]:
            out.append(f'<a href="{text(r["resolution_url"])}">{label}</a>\n          ')
        else:
            out.append(label)
        if r["resolved_on"]:
            out.append(f' (<span class="date">{_date(r["resolved_on"])}</span>)')
        out.append("</span>\n          ")
        if r["resolution"]:
            out.append(f'<br><span class="muted">{text(r["resolution"])}</span>')
    out.append("\n        ")
    if page.can_manage:
        action = page.word("Ändra") if resolved else page.word("Markera som tillgodosett")
        out.append(
            f' <a href="{text(page.resolve(r["pk"]))}">{action}'
            f'<span class="visually-hidden">: {text(r["text"])}</span></a>'
        )
    out.append("\n      </li>\n    ")
    return "".join(out)


def _resolved_by(r: dict) -> str:
    """`ReferralRequirement.resolved_by_label`, escaped."""
    measure = decision = None
    if r["resolved_measure_id"]:
        measure = f"{r['resolved_measure__code']} {r['resolved_measure__title']}".strip()
    if r["resolved_decision_id"]:
        decision = reference_of(
            r["resolved_decision__body"],
            r["resolved_decision__meeting_date"],
            r["resolved_decision__paragraph"],
        )
    return text(resolution_of(r["resolution_kind"], measure, decision, r["resolution_label"]))


_AMENDMENT_BADGES = {Amendment.Status.APPLIED: " status-done", Amendment.Status.REJECTED: " status-cancelled"}


def _amendment(a: dict, page: _Page) -> str:
    out = ["\n      <li>"]
    if a["label"]:
        out.append(f"<strong>{text(a['label'])}</strong>: ")
    out.append(text(page.operations[a["operation"]]))
    location = location_of(a["page"], a["heading"], a["column"], a["anchor_text"])
    if location:
        out.append(f" ({text(location)})")
    if a["text"]:
        out.append(f": ”{text(a['text'])}”")
    if a["old_text"]:
        out.append(f" {page.word('i stället för')} ”{text(a['old_text'])}”")
    badge = _AMENDMENT_BADGES.get(a["status"], "")
    status = text(page.amendment_statuses[a["status"]])
    out.append(f'\n        <span class="badge{badge}">{status}</span>\n        ')
    if a["applied_version_id"]:
        number = a["applied_version__number"]
        url = page.version(a["applied_version__program_id"], number)
        in_version = page.word("i version %(n)s") % {"n": number}
        out.append(f'<a href="{url}#{text(a["applied_block"])}">{in_version}</a>')
    out.append("\n      </li>\n    ")
    return "".join(out)


def _attachment(at: dict, page: _Page) -> str:
    title = text(at["title"])
    item = f'<a href="{text(page.attachment(at["pk"]))}">{title}</a>' if at["file"] else title
    date = f' (<span class="date">{_date(at["date"])}</span>)' if at["date"] else ""
    return f"<li>{item}{date}</li>"


def _version(v: dict, page: _Page) -> str:
    words = _("Version %(n)s (%(status)s)") % {
        "n": v["number"],
        "status": text(page.version_statuses[v["status"]]),
    }
    label = f" – {text(v['label'])}" if v["label"] else ""
    return f'<li><a href="{page.version(v["program_id"], v["number"])}">{words}</a>{label}</li>'
