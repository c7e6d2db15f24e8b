"""Creating a programme and writing its text in the browser: the block editor, the version's
history of edits and the comparison of a version with the one it was based on.

Every form works without JavaScript (a POST, then a redirect back to the editor); with htmx the
editor's forms swap only the editor, so the page keeps its place and the focused control."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from varn.core.tenancy import get_for_tenant, require, tenant_view
from varn.core.textdiff import diff_html

from . import editing
from .forms import BlockActionForm, BlockAddForm, BlockEditForm, ProgramCreateForm
from .models import Block, Program, ProgramVersion


def _posted(request):
    return request.POST if request.method == "POST" else None


@tenant_view
def program_create(request):
    require(request.membership.can_manage)
    instance = Program(municipality=request.municipality, coordinator=request.user)
    form = ProgramCreateForm(_posted(request), instance=instance)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            program = form.save()
            version = None
            if form.cleaned_data["start"] == ProgramCreateForm.Start.WRITE:
                version = ProgramVersion.objects.create(
                    municipality=request.municipality,
                    program=program,
                    number=1,
                    label=_("Utkast"),
                    created_by=request.user,
                )
        messages.success(request, _("Programmet är skapat."))
        slug = request.municipality.slug
        if version is None:
            return redirect("documents:version-import", slug, program.pk)
        return redirect("programs:version-edit", slug, program.pk, version.number)
    return render(request, "programs/program_create.html", {"form": form})


def _version(request, pk: int, number: int) -> tuple[Program, ProgramVersion]:
    program = get_for_tenant(Program.objects.all(), request, pk=pk)
    version = get_object_or_404(ProgramVersion, program=program, number=number)
    return program, version


def _editor_nodes(version: ProgramVersion) -> list[dict]:
    """The blocks as a tree of {block, children, first, last, child_types} for the editor: one query."""
    blocks = list(version.blocks.order_by("position"))
    children: dict[int | None, list[Block]] = {}
    for block in blocks:
        children.setdefault(block.parent_id, []).append(block)

    def walk(parent_id: int | None) -> list[dict]:
        siblings = children.get(parent_id, [])
        return [
            {
                "block": b,
                "children": walk(b.pk),
                "first": i == 0,
                "last": i == len(siblings) - 1,
                "child_types": editing.CHILD_TYPES.get(b.type, ()),
            }
            for i, b in enumerate(siblings)
        ]

    return walk(None)


def _render_editor(request, program, version, *, add_form=None, error: str = "", conflict=None, status=200):
    if request.htmx and status != 200:
        status = 200  # htmx swaps only successful answers; the message is in the swapped part
    top_types = editing.CHILD_TYPES[None]
    return render(
        request,
        "programs/version_edit.html",
        {
            "program": program,
            "version": version,
            "nodes": _editor_nodes(version),
            "add_form": add_form
            or BlockAddForm(
                initial={"lock_version": version.lock_version, "level": 1, "rows": 2, "columns": 2},
                types=top_types,
            ),
            "error": error,
            "conflict": conflict,
        },
        status=status,
    )


def _back(request, program, version, anchor: str = "") -> HttpResponse:
    url = reverse("programs:version-edit", args=[request.municipality.slug, program.pk, version.number])
    return redirect(url + (f"#{anchor}" if anchor else ""))


def _refused(request, program, version, error: Exception) -> HttpResponse:
    """A frozen version or a stale page: say so, save nothing."""
    version.refresh_from_db()
    if isinstance(error, editing.TextConflict):
        message = _(
            "Texten har ändrats av %(who)s sedan du öppnade sidan. Din ändring sparades inte: läs "
            "ändringarna nedan och gör om den."
        ) % {"who": error.editor}
        return _render_editor(request, program, version, error=message, conflict=error, status=409)
    return _render_editor(request, program, version, error=" ".join(error.messages), status=400)  # type: ignore[attr-defined]


@tenant_view
def version_edit(request, pk: int, number: int):
    """The editor: every block with its actions, and a form that adds a block (POST)."""
    program, version = _version(request, pk, number)
    require(request.membership.can_manage)
    if version.is_frozen:
        error = _(
            "Version %(n)s är antagen och kan inte ändras. Starta en revidering för att skriva en ny version."
        )
        if request.method == "POST":
            return _render_editor(request, program, version, error=error % {"n": version.number}, status=400)
        return _render_editor(request, program, version, error=error % {"n": version.number})
    if request.method != "POST":
        return _render_editor(request, program, version)
    blocks = {b.uid: b for b in version.blocks.all()}
    parent = blocks.get(request.POST.get("parent") or "")
    types = editing.CHILD_TYPES.get(parent.type if parent else None, ())
    form = BlockAddForm(request.POST, types=types)
    if not form.is_valid():
        return _render_editor(
            request,
            program,
            version,
            add_form=form if parent is None else None,
            error=_("Blocket lades inte till: %(errors)s") % {"errors": _errors(form)},
            status=400,
        )
    data = form.cleaned_data
    try:
        block = editing.add_block(
            version,
            by=request.user,
            seen=data["lock_version"],
            type=data["type"],
            text=data.get("text") or "",
            level=data.get("level") or 1,
            page=data.get("page"),
            parent=parent,
            after=blocks.get(data.get("after") or ""),
            rows=data.get("rows") or 2,
            columns=data.get("columns") or _columns(version, parent),
        )
    except (editing.TextConflict, ValidationError) as error:
        return _refused(request, program, version, error)
    messages.success(request, _("Blocket är tillagt."))
    return _back(request, program, version, block.uid)


def _columns(version: ProgramVersion, parent: Block | None) -> int:
    """A row added to a table gets as many cells as the table's first row has."""
    if parent is None or parent.type != Block.Type.TABLE:
        return 2
    first = parent.children.order_by("position").first()
    return first.children.count() if first else 2


def _errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def _block(request, pk: int, number: int, uid: str) -> tuple[Program, ProgramVersion, Block]:
    program, version = _version(request, pk, number)
    require(request.membership.can_manage)
    block = get_object_or_404(Block, version=version, uid=uid)
    return program, version, block


@tenant_view
def block_edit(request, pk: int, number: int, uid: str):
    program, version, block = _block(request, pk, number, uid)
    initial = {
        "lock_version": version.lock_version,
        "text": block.text,
        "level": block.level,
        "page": block.page,
    }
    form = BlockEditForm(_posted(request), initial=initial, block=block)
    error = ""
    try:
        version.ensure_editable()
    except ValidationError as frozen:
        error = " ".join(frozen.messages)
    if request.method == "POST" and not error and form.is_valid():
        data = form.cleaned_data
        try:
            editing.edit_block(
                block,
                by=request.user,
                seen=data["lock_version"],
                text=data.get("text", block.text) or "",
                level=data.get("level") or block.level,
                page=data.get("page"),
            )
        except (editing.TextConflict, ValidationError) as refused:
            return _refused(request, program, version, refused)
        messages.success(request, _("Blocket är sparat."))
        return _back(request, program, version, block.uid)
    status = 400 if request.method == "POST" and (error or form.errors) else 200
    return render(
        request,
        "programs/block_form.html",
        {"program": program, "version": version, "block": block, "form": form, "error": error},
        status=status,
    )


def _block_action(request, pk: int, number: int, uid: str, action) -> HttpResponse:
    """Move or delete a block (POST only): `action(block, form)` does it under the version's lock."""
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    program, version, block = _block(request, pk, number, uid)
    form = BlockActionForm(request.POST)
    if not form.is_valid():
        return _render_editor(
            request, program, version, error=_("Sidan är inaktuell. Ladda om den."), status=400
        )
    try:
        anchor = action(block, form.cleaned_data)
    except (editing.TextConflict, ValidationError) as refused:
        return _refused(request, program, version, refused)
    return _back(request, program, version, anchor)


@tenant_view
def block_move(request, pk: int, number: int, uid: str):
    def move(block: Block, data: dict) -> str:
        if not data.get("direction"):
            raise ValidationError(_("Välj uppåt eller nedåt."))
        editing.move_block(block, by=request.user, seen=data["lock_version"], direction=data["direction"])
        return block.uid

    return _block_action(request, pk, number, uid, move)


@tenant_view
def block_delete(request, pk: int, number: int, uid: str):
    def delete(block: Block, data: dict) -> str:
        editing.delete_block(block, by=request.user, seen=data["lock_version"])
        messages.success(request, _("Blocket är borttaget."))
        return ""

    return _block_action(request, pk, number, uid, delete)


@tenant_view
def version_history(request, pk: int, number: int):
    """Every edit of the version's text: who, when, which block, the text before and after."""
    program, version = _version(request, pk, number)
    return render(
        request,
        "programs/version_history.html",
        {"program": program, "version": version, "edits": editing.recent_edits(version, limit=200)},
    )


def compare_blocks(old: list[Block], new: list[Block]) -> list[dict]:
    """A row per block of either version, matched by the block's stable uid, in the new version's
    order (removed blocks after the block they followed): status and a word diff of the text."""
    before = {b.uid: b for b in old}
    after_uids = {b.uid for b in new}
    rows: list[dict] = []
    for b in new:
        previous = before.get(b.uid)
        if previous is None:
            rows.append({"block": b, "status": "added", "diff": diff_html("", b.text)})
        elif previous.text != b.text:
            rows.append({"block": b, "status": "changed", "diff": diff_html(previous.text, b.text)})
        else:
            rows.append({"block": b, "status": "same", "diff": None})
    for b in old:
        if b.uid not in after_uids:
            rows.append({"block": b, "status": "removed", "diff": diff_html(b.text, "")})
    return rows


@tenant_view
def version_compare(request, pk: int, number: int):
    """A version beside another (the one it was based on, or ?med=N): a diff per block."""
    program, version = _version(request, pk, number)
    versions = sorted(program.versions.all(), key=lambda v: v.number)
    other = None
    if request.GET.get("med"):
        other = next((v for v in versions if str(v.number) == request.GET["med"]), None)
    if other is None and version.based_on_id:
        other = next((v for v in versions if v.pk == version.based_on_id), None)
    rows = []
    if other is not None:
        rows = compare_blocks(
            list(other.blocks.order_by("position")), list(version.blocks.order_by("position"))
        )
    changed = [r for r in rows if r["status"] != "same"]
    return render(
        request,
        "programs/version_compare.html",
        {
            "program": program,
            "version": version,
            "other": other,
            "versions": [v for v in versions if v.pk != version.pk],
            "rows": rows,
            "changed": len(changed),
            "only_changes": request.GET.get("alla") != "1",
        },
    )
