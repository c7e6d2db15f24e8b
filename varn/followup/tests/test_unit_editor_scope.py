"""A unit editor may edit some measures (can_edit_some_measures): only their own unit's, never
another unit's, through the pages and the API (issue 14). The Excel imports' refusals of another
unit's rows are tested with the round trips."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from varn.api.tests.helpers import api_client, url
from varn.followup.models import CostEntry
from varn.programs.models import MeasureUpdate

from .factories import CostEntryFactory


def test_the_cost_form_refuses_another_units_measure(cast, measures):
    _own, other = measures
    assert cast.unit_editor.memberships.get().can_edit_some_measures  # opens the form
    response = cast.client(cast.unit_editor).post(
        reverse("followup:cost-create", args=[cast.slug]),
        {"measure": other.pk, "year": 2026, "category": "staff_time", "hours": "3", "basis": "actual"},
    )
    assert response.status_code in (200, 400)
    assert "measure" in response.context["form"].errors
    assert not CostEntry.objects.exists()


def test_another_units_cost_cannot_be_edited_or_removed_on_the_page(cast, measures):
    _own, other = measures
    entry = CostEntryFactory(measure=other, hours=Decimal("4"))
    client = cast.client(cast.unit_editor)
    edit = reverse("followup:cost-edit", args=[cast.slug, entry.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"hours": "40"}).status_code == 403
    assert client.post(reverse("followup:cost-delete", args=[cast.slug, entry.pk])).status_code == 403
    entry.refresh_from_db()
    assert entry.hours == Decimal("4")


def test_the_api_refuses_another_units_cost_and_status(cast, measures):
    own, other = measures
    entry = CostEntryFactory(measure=other, hours=Decimal("4"))
    client = api_client(cast.unit_editor)
    assert client.put(url(cast, f"costs/{entry.pk}"), {"hours": "40"}, 1).status_code == 403
    moved = client.put(url(cast, f"costs/{CostEntryFactory(measure=own).pk}"), {"measure": other.pk}, 1)
    assert moved.status_code in (403, 412, 422)
    update = client.post(
        url(cast, f"measures/{other.pk}/updates"),
        {"date": "2026-02-01", "status": "done", "narrative": "Klar"},
        1,
    )
    assert update.status_code == 403
    entry.refresh_from_db()
    assert entry.hours == Decimal("4")
    assert not MeasureUpdate.objects.filter(measure=other).exists()
    assert CostEntry.objects.filter(measure=other).count() == 1
