"""Writes that span the decision trail and the programme, each in one transaction."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from varn.documents.amendments import Outcome, apply_amendments
from varn.programs.models import Program, ProgramVersion, save_tree
from varn.reading.textnorm import simple_key

from .models import Amendment, Attachment, Case, Decision, ProtocolImport, ReferralRequirement


@dataclass
class ConfirmedDecision:
    """One decision as the coordinator confirmed it on the review screen."""

    body: str
    body_name: str
    meeting_date: datetime.date | None
    paragraph: int | None
    kind: str
    outcome: str
    title: str = ""
    text: str = ""
    source_lines: str = ""
    requirements: list[str] = field(default_factory=list)
    amendments: list[dict] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)


@dataclass
class ConfirmedParagraph:
    case_dnr: str
    case_title: str
    decision: ConfirmedDecision
    referenced: list[ConfirmedDecision] = field(default_factory=list)


def _upsert_decision(
    case: Case, d: ConfirmedDecision, source: ProtocolImport, *, recorded_here: bool = False
) -> Decision:
    """The decision with this natural key (body, date, §), or the same undated event of the case;
    created when missing. An existing decision keeps what a person wrote and gains what it lacked.
    A protocol that records the decision itself (`recorded_here`, not one that only refers to it)
    becomes the decision's source."""
    m = case.municipality
    found = None
    if d.meeting_date and d.paragraph:
        found = Decision.objects.filter(
            municipality=m, body=d.body, meeting_date=d.meeting_date, paragraph=d.paragraph
        ).first()
    else:
        found = Decision.objects.filter(
            municipality=m,
            case=case,
            body=d.body,
            meeting_date=d.meeting_date,
            paragraph=d.paragraph,
            kind=d.kind,
        ).first()
    if found is None:
        return Decision.objects.create(
            municipality=m,
            case=case,
            body=d.body,
            body_name=d.body_name,
            meeting_date=d.meeting_date,
            paragraph=d.paragraph,
            kind=d.kind,
            outcome=d.outcome,
            title=d.title[:300],
            text=d.text,
            source=source,
            source_lines=d.source_lines[:40],
        )
    changed = []
    for name in ("body_name", "outcome", "title", "text", "source_lines"):
        if not getattr(found, name) and getattr(d, name):
            setattr(found, name, getattr(d, name))
            changed.append(name)
    if found.source_id is None or (recorded_here and found.source_id != source.pk):
        found.source = source
        changed.append("source")
    if changed:
        found.save(update_fields=changed)
    return found


def _add_children(decision: Decision, d: ConfirmedDecision, source: ProtocolImport) -> None:
    m = decision.municipality_id
    existing_req = {simple_key(r.text) for r in decision.requirements.all()}
    for position, text in enumerate(d.requirements):
        if text.strip() and simple_key(text) not in existing_req:
            ReferralRequirement.objects.create(
                municipality_id=m,
                decision=decision,
                text=text.strip(),
                position=position,
                source_lines=d.source_lines,
            )
            existing_req.add(simple_key(text))
    existing_am = {
        (simple_key(a.label), a.operation, simple_key(a.text), simple_key(a.old_text))
        for a in decision.amendments.all()
    }
    for position, a in enumerate(d.amendments):
        key = (
            simple_key(a.get("label") or ""),
            a["operation"],
            simple_key(a.get("text") or ""),
            simple_key(a.get("old_text") or ""),
        )
        if key in existing_am:
            continue
        existing_am.add(key)
        Amendment.objects.create(
            municipality_id=m,
            decision=decision,
            label=(a.get("label") or "")[:100],
            page=a.get("page"),
            heading=(a.get("heading") or "")[:300],
            table=a.get("table"),
            column=a.get("column"),
            anchor_text=a.get("anchor_text") or "",
            sentence=(a.get("sentence") or "")[:40],
            operation=a["operation"],
            text=a.get("text") or "",
            old_text=a.get("old_text") or "",
            status=a.get("status") or Amendment.Status.PROPOSED,
            position=position,
            source=source,
            source_text=a.get("source_text") or "",
            source_lines=(a.get("source_lines") or "")[:40],
        )
    existing_at = {simple_key(a.title) for a in decision.attachments.all()}
    for position, title in enumerate(d.attachments):
        if title.strip() and simple_key(title) not in existing_at:
            existing_at.add(simple_key(title))
            Attachment.objects.create(
                municipality_id=m,
                decision=decision,
                title=title.strip()[:300],
                position=position,
                source=source,
            )


def _case_for(municipality, dnr: str) -> Case | None:
    """The case a paragraph belongs to: the one with its case number, or, for a paragraph that
    prints two ("SN/2025:23, SN/2024:120"), the one with the first of them that is known."""
    cases = Case.objects.filter(municipality=municipality)
    found = cases.filter(dnr=dnr).first()
    for part in (x.strip() for x in dnr.split(",") if x.strip()) if found is None and "," in dnr else ():
        found = cases.filter(dnr=part).first()
        if found is not None:
            break
    return found


@transaction.atomic
def confirm_protocol_import(
    *,
    municipality,
    by,
    text_hash: str,
    source_name: str,
    body: str,
    meeting_date: datetime.date | None,
    paragraphs: list[ConfirmedParagraph],
) -> ProtocolImport:
    """Save a reviewed protocol into its cases. Reading the same protocol again finds the same
    import (by the hash of its text) and the same decisions (by body, date and §), and adds nothing
    twice."""
    imp, _created = ProtocolImport.objects.get_or_create(
        municipality=municipality,
        text_hash=text_hash,
        defaults={
            "source_name": source_name[:255],
            "body": body[:150],
            "meeting_date": meeting_date,
            "created_by": by,
        },
    )
    numbers = set(imp.paragraphs or [])
    for p in paragraphs:
        case = _case_for(municipality, p.case_dnr)
        if case is None:
            program = Program.objects.filter(municipality=municipality, dnr=p.case_dnr).first()
            case = Case.objects.create(
                municipality=municipality,
                dnr=p.case_dnr[:60],
                title=p.case_title[:300] or p.case_dnr,
                program=program,
            )
        if imp.case_id is None:
            imp.case = case
        for ref in p.referenced:
            ref_decision = _upsert_decision(case, ref, imp)
            _add_children(ref_decision, ref, imp)
        decision = _upsert_decision(case, p.decision, imp, recorded_here=True)
        _add_children(decision, p.decision, imp)
        if p.decision.paragraph:
            numbers.add(p.decision.paragraph)
    imp.paragraphs = sorted(numbers)
    imp.save(update_fields=["case", "paragraphs"])
    return imp


def amendments_to_apply(case: Case) -> list[Amendment]:
    """The case's amendments that are to go into the text: decided or proposed, not rejected, not
    yet applied; in the order of their decisions."""
    return [
        a
        for d in case.timeline()
        for a in d.amendments.all()
        if a.status in (Amendment.Status.DECIDED, Amendment.Status.PROPOSED)
    ]


def preview_amendments(version: ProgramVersion, amendments: list[Amendment]) -> Outcome:
    return apply_amendments(version.block_tree(), [a.as_instruction() for a in amendments])


@transaction.atomic
def adopt_with_amendments(
    *,
    version: ProgramVersion,
    amendments: list[Amendment],
    decision: Decision,
    by,
    on: datetime.date | None = None,
) -> ProgramVersion:
    """Apply the amendments to a copy of `version` and adopt it as a new, frozen version created by
    `decision`. Every changed passage carries the amendment and the decision that made it."""
    if decision.municipality_id != version.municipality_id:
        raise ValidationError(_("Beslutet hör till en annan kommun."))
    outcome = preview_amendments(version, amendments)
    if not outcome.ok:
        reasons = [f"{r.label}: {r.reason}" for r in outcome.results if r.status == "failed"]
        raise ValidationError(reasons)
    successor = version.create_successor(
        by=by, label=_("Antagen version med %(n)s ändringar") % {"n": len(amendments)}
    )
    save_tree(successor, outcome.tree)
    successor.adopt(by=by, decision=decision, on=on)
    for a, result in zip(amendments, outcome.results, strict=True):
        a.mark_applied(by=by, version=successor, block_uid=result.block_id or "")
    _mark_adopted(version.program, by=by)
    return successor


def _mark_adopted(program: Program, *, by) -> None:
    if program.status != Program.Status.ADOPTED:
        program.status = Program.Status.ADOPTED
        program._history_user = by  # type: ignore[attr-defined]
        program.save(update_fields=["status"])


def pending_amendments(decision: Decision) -> list[Amendment]:
    """The amendments adopting through `decision` will put into the text: its case's, not yet applied."""
    return amendments_to_apply(decision.case)


@transaction.atomic
def adopt_version(
    *, version: ProgramVersion, decision: Decision, by, on: datetime.date | None = None
) -> ProgramVersion:
    """Adopt `version` through `decision`. With amendments pending in the decision's case, they are
    applied to a copy that becomes the new adopted version; without, a draft is adopted as it is.
    Returns the adopted version."""
    if decision.municipality_id != version.municipality_id:
        raise ValidationError(_("Beslutet hör till en annan kommun."))
    amendments = pending_amendments(decision)
    if amendments:
        return adopt_with_amendments(version=version, amendments=amendments, decision=decision, by=by, on=on)
    version.adopt(by=by, decision=decision, on=on)
    _mark_adopted(version.program, by=by)
    return version
