"""What the decision pages and the REST API read the same way (ADR 0130): one place for the
QuerySets both doors use, so that a case's trail costs the same number of queries in each."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from varn.programs.models import ProgramVersion

from .models import Amendment, Case, Decision, ReferralRequirement


def cases_with_trail() -> QuerySet[Case]:
    """Cases with their decisions, each with its amendments, referral requirements, attachments
    and the versions it created, prefetched (fetch through the tenant: `get_for_tenant`)."""
    decisions = Decision.objects.select_related("source").prefetch_related(
        Prefetch("amendments", queryset=Amendment.objects.select_related("applied_version")),
        Prefetch(
            "requirements",
            queryset=ReferralRequirement.objects.select_related("resolved_measure", "resolved_decision"),
        ),
        "attachments",
        Prefetch("created_versions", queryset=ProgramVersion.objects.order_by("number")),
    )
    return Case.objects.select_related("program").prefetch_related(Prefetch("decisions", queryset=decisions))
