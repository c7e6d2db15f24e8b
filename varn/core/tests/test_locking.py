"""Every edit page refuses a stale save (issue 14, finding 6): opened, then changed behind the
form's back by a second save, the first form's save shows a Swedish message with what changes now
and the form again, and saves nothing (no change, no new row in the audit trail). The same for a
save without the version field. Every model with a `lock_version` is listed here with its edit
page, or with the reason it has none; every edit route of the URL configuration likewise."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction
from django.forms.models import model_to_dict
from django.http import HttpResponse, QueryDict
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from varn.api.tests.helpers import api_client
from varn.core.locking import Locked, StaleEdit, StaleEditMiddleware
from varn.followup.forms import CostEntryForm
from varn.followup.models import CostEntry, ReportDraft
from varn.followup.scope import draft_for
from varn.indicators.models import KoladaSource

from .test_permission_matrix import ALL_ROUTES, is_tenant
from .world import MAKERS, Side, build_world

MIXIN_STALE = "Någon annan"
MIXIN_MISSING = "Formuläret saknar uppgiften om vilken version du utgick från"


@dataclass(frozen=True)
class Edit:
    """An edit page: its URL name, the world's object it edits, a field to change and two values
    (the colleague's, then ours); `extra` makes the page's own values a valid form."""

    name: str
    target: str
    field: str
    theirs: str
    mine: str
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)
    stale_status: int = 200
    stale_text: str = MIXIN_STALE
    missing_status: int = 200
    missing_text: str = MIXIN_MISSING

    def __str__(self) -> str:
        return self.name


EDITS = [
    Edit("followup:cost-edit", "cost", "note", "Kollegans kommentar", "Min kommentar"),
    Edit("followup:round-edit", "round", "introduction", "Kollegans inledning", "Min inledning"),
    Edit("followup:question-edit", "question", "help_text", "Kollegans hjälptext", "Min hjälptext"),
    Edit("followup:revision-item-edit", "revision_item", "note", "Kollegans not", "Min not"),
    # The report draft's, the key figures' and the comparisons' pages answer a refused form with 400.
    Edit(
        "followup:report-draft",
        "report_draft",
        "summary",
        "Kollegans sammanfattning",
        "Min sammanfattning",
        stale_status=400,
        missing_status=400,
    ),
    Edit("programs:program-edit", "program", "title", "Kollegans titel", "Min titel"),
    Edit("programs:goal-edit", "goal", "description", "Kollegans beskrivning", "Min beskrivning"),
    Edit(
        "programs:measure-edit",
        "measure",
        "title",
        "Kollegans insats",
        "Min insats",
        stale_status=409,
        stale_text="har ändrat insatsen medan du redigerade",
        missing_status=409,
        missing_text="har ändrat insatsen medan du redigerade",
    ),
    Edit(
        "decisions:requirement-resolve",
        "requirement",
        "explanation",
        "Kollegans förklaring",
        "Min förklaring",
        extra={"kind": "explanation"},
    ),
    Edit("training:course-edit", "course", "provider", "Kollegans anordnare", "Min anordnare"),
    Edit("training:effort-edit", "effort", "note", "Kollegans not", "Min not"),
    Edit("training:target-edit", "training_target", "description", "Kollegans mål", "Mitt mål"),
    Edit("training:offer-edit", "offer", "note", "Kollegans not", "Min not"),
    Edit("cooperation:forum-edit", "forum", "purpose", "Kollegans syfte", "Mitt syfte"),
    Edit(
        "cooperation:meeting-edit",
        "meeting",
        "notes",
        "Kollegans anteckning",
        "Min anteckning",
        extra={"count_unit_{unit}": "4"},  # a meeting is saved with its attendance
    ),
    Edit("cooperation:action-edit", "action", "text", "Kollegans åtgärd", "Min åtgärd"),
    Edit("organisations:unit-edit", "unit", "short_name", "SOC1", "SOC2"),
    Edit("organisations:partner-edit", "partner", "name", "Vision Alingsås", "Vision Väst"),
    Edit(
        "indicators:indicator-edit", "indicator", "position", "5", "6", stale_status=400, missing_status=400
    ),
    Edit(
        "indicators:source-edit",
        "kolada_source",
        "county_id",
        "0013",
        "0012",
        stale_status=400,
        missing_status=400,
    ),
    Edit(
        "followup:response-detail",
        "response",
        "conclusion",
        "keep",
        "change",
        stale_status=409,
        stale_text="Någon annan har sparat svaret medan du skrev",
        missing_text="Formuläret saknar uppgiften om vilken version du utgick från",
    ),
]
# The edit pages whose URL takes no object: which object of the world they edit.
NO_TARGET_IN_URL = {"report_draft", "kolada_source"}

# Models with a lock_version edited elsewhere than a form page of EDITS, and why.
NOT_EDITED_ON_A_FORM_PAGE = {
    "programs.programversion": "the block editor, each edit under the version (programs/tests/test_editing.py)",
    "programs.targetgroup": "only in Django's admin",
    "decisions.case": "created from a form, never edited in one; the protocol import adds to it",
    "decisions.decision": "created from a form or a protocol, never edited in one",
    "decisions.attachment": "created from a form or a protocol, never edited in one",
    "decisions.amendment": "written by the protocol review and applied on adoption, never edited in a form",
    "organisations.membership": "a role change on the people page, under its version (accounts/tests/test_people.py)",
}
# Edit routes of the URL configuration that are not form pages over one object of EDITS, and why.
OTHER_EDIT_ROUTES = {
    "programs:version-edit": "the block editor's page; its forms are per block (test_editing.py)",
    "programs:block-edit": "the block editor, under the version's lock_version (test_editing.py)",
    "access:membership-edit": "a role change under the membership's version (accounts/tests/test_people.py)",
    "access:notice-resolve": "marks an access notice handled: a button, no fields to overwrite",
}
EDIT_WORDS = ("-edit", "-resolve", "report-draft")


def _extra_makers() -> dict:
    def report_draft(s: Side) -> ReportDraft:
        draft = draft_for(s.program)
        draft.save()
        return draft

    return {
        "report_draft": report_draft,
        "kolada_source": lambda s: KoladaSource.objects.create(municipality=s.municipality),
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    with media, django_db_blocker.unblock(), transaction.atomic():
        MAKERS.update(_extra_makers())
        try:
            yield build_world()
        finally:
            for name in _extra_makers():
                MAKERS.pop(name, None)
        transaction.set_rollback(True)


def _url(side: Side, edit: Edit) -> str:
    kwargs = {} if edit.target in NO_TARGET_IN_URL else side.kwargs(edit.target)
    return reverse(edit.name, kwargs={"municipality": side.municipality.slug, **kwargs})


def _posted(form) -> dict[str, Any]:
    """What the browser sends for the form as the page showed it."""
    data: dict[str, Any] = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        if value is True:
            data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        else:
            shown = bound.field.widget.format_value(value)  # a select's is a list of values
            data[bound.html_name] = shown if isinstance(shown, list) else "" if shown is None else str(shown)
    return data


def _errors(response) -> Any:
    form = response.context and response.context.get("form")
    return form.errors if form is not None else response.status_code


def _state(obj) -> tuple[dict, int]:
    fresh = type(obj)._base_manager.get(pk=obj.pk)
    return model_to_dict(fresh), fresh.history.count()


def _open(world, edit: Edit) -> tuple[Client, str, Any, dict]:
    side = world.own
    client = Client()
    client.force_login(side.users["coordinator"])
    url = _url(side, edit)
    page = client.get(url)
    assert page.status_code == 200, page.content
    # An extra field's name may name an object of the world: "count_unit_{unit}".
    extra = {name.format(unit=side.unit.pk): value for name, value in edit.extra.items()}
    data = _posted(page.context["form"]) | extra
    assert "lock_version" in data, f"{edit.name}: the form carries no version"
    return client, url, side.resolve(edit.target), data


def test_every_model_with_a_version_has_its_edit_page_here():
    locked = {
        m._meta.label_lower
        for m in apps.get_models()
        if issubclass(m, Locked) and not m.__name__.startswith("Historical")
    }
    world_models = {e.target for e in EDITS}
    covered = {_label(target) for target in world_models} | set(NOT_EDITED_ON_A_FORM_PAGE)
    assert locked - covered == set(), "a model with lock_version has no row in EDITS"


def _label(target: str) -> str:
    labels = {
        "cost": "followup.costentry",
        "round": "followup.followupround",
        "question": "followup.followupquestion",
        "revision_item": "followup.revisionitem",
        "report_draft": "followup.reportdraft",
        "response": "followup.followupresponse",
        "program": "programs.program",
        "goal": "programs.goal",
        "measure": "programs.measure",
        "requirement": "decisions.referralrequirement",
        "course": "training.course",
        "effort": "training.trainingeffort",
        "training_target": "training.trainingtarget",
        "offer": "training.uniontrainingoffer",
        "forum": "cooperation.forum",
        "meeting": "cooperation.forummeeting",
        "action": "cooperation.actionpoint",
        "unit": "organisations.unit",
        "partner": "organisations.partner",
        "indicator": "indicators.indicator",
        "kolada_source": "indicators.koladasource",
    }
    return labels[target]


def test_every_edit_route_is_listed_here():
    routes = {name for name, pattern in ALL_ROUTES if is_tenant(pattern) and name.endswith(EDIT_WORDS)}
    routes -= {name for name in routes if name.startswith("api")}
    listed = {e.name for e in EDITS} | set(OTHER_EDIT_ROUTES)
    assert routes - listed == set(), "an edit route has no row in EDITS or OTHER_EDIT_ROUTES"


@pytest.mark.django_db
@pytest.mark.parametrize("edit", EDITS, ids=str)
def test_a_stale_save_is_refused_and_saves_nothing(world, edit):
    client, url, obj, data = _open(world, edit)
    # A colleague saves first, from the same page as it was then: accepted.
    theirs = client.post(url, data | {edit.field: edit.theirs})
    assert theirs.status_code == 302, _errors(theirs)
    before = _state(obj)
    mine = client.post(url, data | {edit.field: edit.mine})
    assert mine.status_code == edit.stale_status
    text = mine.content.decode()
    assert edit.stale_text in text and ("Inget är sparat" in text or "inte sparats" in text)
    assert _state(obj) == before
    # The form again, with my input.
    assert edit.mine in text


@pytest.mark.django_db
@pytest.mark.parametrize("edit", EDITS, ids=str)
def test_a_save_without_the_version_is_refused(world, edit):
    client, url, obj, data = _open(world, edit)
    before = _state(obj)
    del data["lock_version"]
    refused = client.post(url, data | {edit.field: edit.mine})
    assert refused.status_code == edit.missing_status
    assert edit.missing_text in refused.content.decode()
    assert _state(obj) == before


@pytest.mark.django_db
@pytest.mark.parametrize("edit", [e for e in EDITS if e.stale_text == MIXIN_STALE], ids=str)
def test_a_stale_save_names_what_the_colleague_changed(world, edit):
    client, url, _obj, data = _open(world, edit)
    client.post(url, data | {edit.field: edit.theirs})
    text = client.post(url, data | {edit.field: edit.mine}).content.decode()
    assert "ändrat sedan du öppnade sidan" in text and edit.theirs in text


@pytest.mark.django_db
def test_saving_again_after_reading_the_conflict_is_a_deliberate_overwrite(world):
    edit = EDITS[0]
    client, url, obj, data = _open(world, edit)
    client.post(url, data | {edit.field: edit.theirs})
    refused = client.post(url, data | {edit.field: edit.mine})
    again = _posted(refused.context["form"])
    assert client.post(url, again).status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, edit.field) == edit.mine


@pytest.mark.django_db
def test_the_api_refuses_a_cost_changed_on_the_page_since_it_was_read(world):
    side = world.own
    entry = side.cost
    client = api_client(side.users["coordinator"])
    api_url = f"/api/v1/municipalities/{side.municipality.slug}/costs/{entry.pk}"
    read = client.get(api_url)
    edit = EDITS[0]
    page_client, page_url, _obj, data = _open(world, edit)
    assert page_client.post(page_url, data | {"note": "Ändrat på sidan"}).status_code == 302
    before = _state(entry)
    stale = client.put(api_url, {"note": "Från API:t"}, version=read.json()["version"])
    assert stale.status_code == 412
    assert _state(entry) == before


@pytest.mark.django_db
def test_a_save_that_races_past_validation_is_refused_and_saves_nothing(world):
    side = world.own
    entry = CostEntry.objects.get(pk=side.cost.pk)
    membership = side.municipality.memberships.get(user=side.users["coordinator"])
    data = QueryDict(mutable=True)
    shown = _posted(CostEntryForm(instance=entry, membership=membership, program=entry.measure.program))
    for name, value in (shown | {"note": "Min kommentar"}).items():
        data.setlist(name, value if isinstance(value, list) else [value])
    form = CostEntryForm(data, instance=entry, membership=membership, program=entry.measure.program)
    assert form.is_valid(), form.errors
    # A colleague's save lands between this form's validation and its save.
    colleague = CostEntry.objects.get(pk=entry.pk)
    colleague.note = "Kollegans kommentar"
    colleague.save()
    before = _state(entry)
    with pytest.raises(StaleEdit):
        form.save()
    assert _state(entry) == before


@pytest.mark.django_db
def test_the_refusal_after_validation_is_a_swedish_page(world):
    request = RequestFactory().post("/")
    request.user = world.own.users["coordinator"]
    answer = StaleEditMiddleware(lambda r: HttpResponse())
    response = answer.process_exception(request, StaleEdit(world.own.cost))
    assert response is not None and response.status_code == 409
    assert "Inget av det du skrev är sparat" in response.content.decode()


@pytest.mark.django_db
def test_a_change_made_outside_a_form_makes_an_open_form_stale(world):
    """An Excel import saves with update_fields: the version rises all the same."""
    edit = EDITS[0]
    client, url, obj, data = _open(world, edit)
    entry = CostEntry.objects.get(pk=obj.pk)
    entry.note = "Från Excel"
    entry.save(update_fields=["note", "updated_at"])
    assert CostEntry.objects.get(pk=obj.pk).lock_version == int(data["lock_version"]) + 1
    refused = client.post(url, data | {"note": "Min kommentar"})
    assert MIXIN_STALE in refused.content.decode()
    assert CostEntry.objects.get(pk=obj.pk).note == "Från Excel"
