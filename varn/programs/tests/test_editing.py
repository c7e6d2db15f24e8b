"""Creating a programme and writing its text in the browser: blocks added, edited, moved and
deleted; each edit in the version's history; a frozen version and a stale page refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from varn.programs.models import Block, Program, ProgramVersion


def url(name, cast, *args):
    return reverse(f"programs:{name}", args=[cast.slug, *args])


@pytest.fixture
def draft(cast):
    return ProgramVersion.objects.create(municipality=cast.municipality, program=cast.program, number=1)


def edit_url(cast, version, name="version-edit", *extra):
    return url(name, cast, version.program_id, version.number, *extra)


def add(client, cast, version, **data):
    version.refresh_from_db()
    return client.post(edit_url(cast, version), {"lock_version": version.lock_version, **data})


def texts(version):
    return [(b.type, b.text) for b in version.blocks.order_by("position")]


def test_the_coordinator_creates_a_programme_and_writes_its_first_draft(cast):
    client = cast.client(cast.coordinator)
    response = client.post(
        url("program-create", cast),
        {
            "title": "Program mot våld 2026–2028",
            "dnr": "KS 2026/7",
            "period_start": "2026",
            "period_end": "2028",
            "coordinator_title": "folkhälsostrateg",
            "budget_policy": "existing_budget",
            "follow_up_policy": "before_revision",
            "start": "write",
        },
    )
    program = Program.objects.get(municipality=cast.municipality, dnr="KS 2026/7")
    version = program.versions.get()
    assert response.url == edit_url(cast, version)
    assert version.status == "draft" and program.status == "draft"
    page = client.get(response.url).content.decode()
    assert "Texten är tom" in page


def test_choosing_import_leads_to_the_document_import(cast):
    response = cast.client(cast.coordinator).post(
        url("program-create", cast),
        {
            "title": "Program",
            "period_start": "2026",
            "period_end": "2028",
            "coordinator_title": "samordnare",
            "budget_policy": "existing_budget",
            "follow_up_policy": "before_revision",
            "start": "import",
        },
    )
    program = Program.objects.get(municipality=cast.municipality, title="Program")
    assert response.url == reverse("documents:version-import", args=[cast.slug, program.pk])
    assert not program.versions.exists()


def test_a_programme_with_bad_input_is_refused_in_swedish_and_not_saved(cast):
    response = cast.client(cast.coordinator).post(
        url("program-create", cast),
        {"title": "", "period_start": "2028", "period_end": "2026", "start": "write"},
    )
    page = response.content.decode()
    assert "Programperioden kan inte sluta före den börjar." in page
    assert Program.objects.filter(municipality=cast.municipality).count() == 1  # the cast's own


def test_headings_paragraphs_lists_and_tables_are_added_in_order(cast, draft):
    client = cast.client(cast.coordinator)
    add(client, cast, draft, type="heading", text="Inledning", level="1", page="1")
    add(client, cast, draft, type="paragraph", text="Programmet gäller alla förvaltningar.")
    add(client, cast, draft, type="list", text="Förebygga\nUpptäcka")
    add(client, cast, draft, type="table", text="Insatser", rows="2", columns="3")
    assert texts(draft)[:5] == [
        ("heading", "Inledning"),
        ("paragraph", "Programmet gäller alla förvaltningar."),
        ("list", ""),
        ("list_item", "Förebygga"),
        ("list_item", "Upptäcka"),
    ]
    table = draft.blocks.get(type="table")
    assert table.text == "Insatser" and table.children.count() == 2
    assert all(row.children.count() == 3 for row in table.children.all())
    assert set(draft.blocks.values_list("page", flat=True)) == {1}  # the page carries on
    # A row added to the table gets as many cells as its first row.
    add(client, cast, draft, type="row", parent=table.uid)
    assert table.children.count() == 3
    assert table.children.order_by("position").last().children.count() == 3
    page = client.get(url("version-detail", cast, cast.program.pk, 1)).content.decode()
    assert "<caption>Insatser</caption>" in page and "<li" in page


def test_a_block_is_edited_moved_and_deleted_and_each_edit_is_in_the_history(cast, draft):
    client = cast.client(cast.coordinator)
    add(client, cast, draft, type="heading", text="Samverkan", level="1")
    add(client, cast, draft, type="paragraph", text="Första stycket.")
    paragraph = draft.blocks.get(type="paragraph")
    draft.refresh_from_db()
    response = client.post(
        edit_url(cast, draft, "block-edit", paragraph.uid),
        {"lock_version": draft.lock_version, "text": "Samverkan sker mellan förvaltningarna.", "page": "6"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    client.post(
        edit_url(cast, draft, "block-move", paragraph.uid),
        {"lock_version": draft.lock_version, "direction": "up"},
    )
    assert texts(draft) == [("paragraph", "Samverkan sker mellan förvaltningarna."), ("heading", "Samverkan")]
    heading = draft.blocks.get(type="heading")
    draft.refresh_from_db()
    client.post(edit_url(cast, draft, "block-delete", heading.uid), {"lock_version": draft.lock_version})
    assert texts(draft) == [("paragraph", "Samverkan sker mellan förvaltningarna.")]
    history = cast.client(cast.viewer).get(edit_url(cast, draft, "version-history")).content.decode()
    assert "Första stycket." in history and "Samverkan sker mellan förvaltningarna." in history
    assert history.count("tog bort") == 1 and "lade till" in history and "ändrade" in history


def test_an_edit_on_a_stale_page_is_refused_and_shows_the_other_change(cast, draft):
    client = cast.client(cast.coordinator)
    add(client, cast, draft, type="paragraph", text="Ursprunglig text.")
    paragraph = draft.blocks.get()
    draft.refresh_from_db()
    seen = draft.lock_version
    client.post(
        edit_url(cast, draft, "block-edit", paragraph.uid), {"lock_version": seen, "text": "Kollegans text."}
    )
    response = client.post(
        edit_url(cast, draft, "block-edit", paragraph.uid), {"lock_version": seen, "text": "Min text."}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Din ändring sparades inte" in page and "Kollegans text." in page
    assert draft.blocks.get().text == "Kollegans text."


def test_a_frozen_version_cannot_be_edited_and_nothing_is_saved(cast, draft):
    client = cast.client(cast.coordinator)
    add(client, cast, draft, type="paragraph", text="Antagen text.")
    draft.refresh_from_db()
    draft.adopt(by=cast.coordinator)
    block = draft.blocks.get()
    response = client.post(
        edit_url(cast, draft, "block-edit", block.uid),
        {"lock_version": draft.lock_version, "text": "Ändrad."},
    )
    assert response.status_code == 400
    assert "är antagen och kan inte ändras" in response.content.decode()
    response = add(client, cast, draft, type="paragraph", text="Nytt.")
    assert "är antagen och kan inte ändras" in response.content.decode()
    response = client.post(
        edit_url(cast, draft, "block-delete", block.uid), {"lock_version": draft.lock_version}
    )
    assert "är antagen och kan inte ändras" in response.content.decode()
    assert texts(draft) == [("paragraph", "Antagen text.")]


def test_adding_a_block_without_text_says_so_and_saves_nothing(cast, draft):
    response = add(cast.client(cast.coordinator), cast, draft, type="heading", text="")
    assert response.status_code == 400
    assert "Skriv blockets text." in response.content.decode()
    assert not draft.blocks.exists()


def test_with_htmx_the_editor_answers_with_the_editor_and_a_refusal_is_shown(cast, draft):
    client = cast.client(cast.coordinator)
    response = client.post(
        edit_url(cast, draft),
        {"lock_version": 99, "type": "paragraph", "text": "Gammal sida."},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200  # htmx swaps only successful answers
    assert (
        'id="editor"' in response.content.decode()
        and "Din ändring sparades inte" in response.content.decode()
    )
    assert not draft.blocks.exists()


@pytest.mark.parametrize("role", ["unit_editor", "partner_user", "viewer"])
def test_only_the_coordinator_edits_the_text(cast, draft, role):
    client = cast.client(getattr(cast, role))
    assert client.get(edit_url(cast, draft)).status_code == 403
    assert add(client, cast, draft, type="paragraph", text="Text").status_code == 403
    assert client.get(url("program-create", cast)).status_code == 403
    assert client.get(edit_url(cast, draft, "version-history")).status_code == 200
    assert not draft.blocks.exists()


def test_an_outsider_gets_404_for_another_municipalitys_text(cast, draft):
    client = cast.client(cast.outsider)
    assert client.get(edit_url(cast, draft)).status_code == 404
    assert add(client, cast, draft, type="paragraph", text="Text").status_code == 404
    assert client.get(edit_url(cast, draft, "version-compare")).status_code == 404


def test_the_comparison_shows_a_diff_per_block_against_the_adopted_version(cast, draft):
    client = cast.client(cast.coordinator)
    add(client, cast, draft, type="paragraph", text="Samverkan sker mellan förvaltningar.")
    add(client, cast, draft, type="paragraph", text="Stryks vid revideringen.")
    draft.refresh_from_db()
    draft.adopt(by=cast.coordinator)
    revision = draft.create_successor(by=cast.coordinator)
    changed, removed = revision.blocks.order_by("position")
    client.post(
        edit_url(cast, revision, "block-edit", changed.uid),
        {"lock_version": revision.lock_version, "text": "Samverkan sker mellan förvaltningar och fack."},
    )
    revision.refresh_from_db()
    client.post(
        edit_url(cast, revision, "block-delete", removed.uid), {"lock_version": revision.lock_version}
    )
    page = cast.client(cast.viewer).get(edit_url(cast, revision, "version-compare")).content.decode()
    assert "2 block skiljer sig från version 1." in page
    assert "<ins>och</ins>" in page or "<ins> och fack</ins>" in page or "och fack" in page
    assert "<del>Stryks vid revideringen.</del>" in page


def test_the_editor_runs_a_fixed_number_of_queries(cast, draft, django_assert_max_num_queries):
    client = cast.client(cast.coordinator)
    for i in range(3):
        add(client, cast, draft, type="table", text=f"Tabell {i}", rows="3", columns="3")
    with django_assert_max_num_queries(12):
        assert client.get(edit_url(cast, draft)).status_code == 200
    assert Block.objects.filter(version=draft).count() == 3 * (1 + 3 + 9)
