from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from varn.core.dashboard import Panel
from varn.core.markup import cell as e
from varn.core.markup import rows as joined
from varn.core.prepared import PreparedQuery

from .models import ReferralRequirement, reference_of, resolution_of


def _requirements(municipality_id: int, program_id: int):
    return (
        ReferralRequirement.objects.filter(
            municipality_id=municipality_id, decision__case__program_id=program_id
        )
        .order_by("decision__meeting_date", "position")
        .values_list(
            "text",
            "status",
            "resolution_kind",
            "resolution_label",
            "resolution_url",
            "decision__case_id",
            "decision__body",
            "decision__meeting_date",
            "decision__paragraph",
            "resolved_measure__code",
            "resolved_measure__title",
            "resolved_decision__body",
            "resolved_decision__meeting_date",
            "resolved_decision__paragraph",
        )[:10]
    )


_REQUIREMENTS = PreparedQuery(_requirements, municipality_id=int, program_id=int)


def _items(requirements) -> SafeString:
    """The list's items with the markup the template had (varn/core/markup.py)."""
    met, still_open = e(_("tillgodosett")), e(_("öppet"))
    items = []
    for r in requirements:
        if r["is_resolved"]:
            state = f"<strong>{met}</strong>"
            if r["resolved_by_label"]:
                label = e(r["resolved_by_label"])
                url = r["resolution_url"]
                state += f' – <a href="{e(url)}">{label}</a>' if url else f" – {label}"
        else:
            state = f'<strong class="overdue">{still_open}</strong>'
        items.append(f"<li>{e(r['text'])} ({e(r['reference'])}): {state}</li>")
    return joined(items)


def panel(membership, program) -> Panel | None:
    """The requirements of referrals back, and where each was met: one query."""
    rows = _REQUIREMENTS.rows(municipality_id=membership.municipality.pk, program_id=program.pk)
    if not rows:
        return None
    requirements = []
    for (
        text,
        status,
        kind,
        label,
        url,
        _case_id,
        body,
        day,
        paragraph,
        measure_code,
        measure_title,
        decision_body,
        decision_day,
        decision_paragraph,
    ) in rows:
        # The measure and the decision named as Measure.__str__ and Decision.__str__ name them.
        measure = None if measure_title is None else f"{measure_code} {measure_title}".strip()
        decision = (
            None if decision_body is None else reference_of(decision_body, decision_day, decision_paragraph)
        )
        requirements.append(
            {
                "text": capfirst(text),
                "reference": reference_of(body, day, paragraph),
                "is_resolved": status == ReferralRequirement.Status.RESOLVED,
                "resolved_by_label": resolution_of(kind, measure, decision, label),
                "resolution_url": url,
            }
        )
    return Panel(
        title=_("Krav vid återremiss"),
        html=joined(["<ul>\n  ", _items(requirements), "\n</ul>\n"]),  # decisions/_dashboard_panel.html
        url=reverse("decisions:case-detail", args=[membership.municipality.slug, rows[0][5]]),
    )
