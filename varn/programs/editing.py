"""Editing a draft version's text block by block: add, change, move and delete, each under the
version's optimistic lock and recorded in the audit trail (HistoricalBlock).

Blocks keep their rows (and stable uids) through every edit; only the positions of the document are
renumbered, depth first, after a block is added, moved or removed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Block, ProgramVersion

Type = Block.Type

# Which blocks may stand where: None is the top level of the document.
CHILD_TYPES: dict[str | None, tuple[str, ...]] = {
    None: (Type.HEADING, Type.PARAGRAPH, Type.LIST, Type.TABLE),
    Type.LIST: (Type.LIST_ITEM,),
    Type.TABLE: (Type.ROW,),
    Type.ROW: (Type.CELL,),
    Type.CELL: (Type.PARAGRAPH, Type.LIST),
}
# The blocks that hold text of their own (a table's text is its caption; a list and a row have none).
TEXT_TYPES = (Type.HEADING, Type.PARAGRAPH, Type.LIST_ITEM, Type.CELL, Type.TABLE)


@dataclass
class TextConflict(Exception):
    """The version's text was changed by someone else after the page was opened."""

    editor: str
    changes: list[dict] = field(default_factory=list)
    current_version: int = 0


def recent_edits(version: ProgramVersion, *, since_lock: int | None = None, limit: int = 50) -> list[dict]:
    """The version's block edits, newest first, each with the text before and after: one query.

    With since_lock, only the edits made after the version had that lock_version."""
    records = Block.history.filter(version_id=version.pk).select_related("history_user")  # type: ignore[attr-defined]
    if since_lock is not None:
        seen = (
            version.history.filter(lock_version=since_lock)  # type: ignore[attr-defined]
            .order_by("-history_date")
            .values_list("history_date", flat=True)
            .first()
        )
        if seen is not None:
            records = records.filter(history_date__gt=seen)
    rows = list(records.order_by("history_date", "history_id"))
    previous: dict[int, str] = {}
    edits = []
    actions = {"+": _("lade till"), "~": _("ändrade"), "-": _("tog bort")}
    labels = dict(Type.choices)
    for record in rows:
        before = previous.get(record.id, "")
        previous[record.id] = record.text
        user = record.history_user
        edits.append(
            {
                "when": record.history_date,
                "who": (user.get_full_name() or user.username) if user else _("systemet"),
                "action": actions.get(record.history_type, ""),
                "type": str(labels.get(record.type, record.type)).lower(),
                "uid": record.uid,
                "page": record.page,
                "before": before if record.history_type == "~" else "",
                "after": record.text if record.history_type != "-" else "",
                "removed": record.text if record.history_type == "-" else "",
            }
        )
    edits.reverse()
    return edits[:limit]


def _lock(version: ProgramVersion, seen: int | None) -> ProgramVersion:
    """The version, locked for this transaction; refused when frozen or changed since `seen`."""
    current = ProgramVersion.objects.select_for_update().get(pk=version.pk)
    current.ensure_editable()
    if seen is not None and seen != current.lock_version:
        edits = recent_edits(current, since_lock=seen, limit=10)
        raise TextConflict(
            editor=edits[0]["who"] if edits else _("någon annan"),
            changes=edits,
            current_version=current.lock_version,
        )
    return current


def _bump(version: ProgramVersion, *, by) -> None:
    version.lock_version += 1
    version._history_user = by  # type: ignore[attr-defined]
    version.save(update_fields=["lock_version"])


def _ordered(version: ProgramVersion) -> list[Block]:
    return list(Block.objects.filter(version=version).order_by("position"))


def _children(blocks: list[Block]) -> dict[int | None, list[Block]]:
    children: dict[int | None, list[Block]] = {}
    for block in blocks:
        children.setdefault(block.parent_id, []).append(block)
    return children


def _renumber(children: dict[int | None, list[Block]]) -> None:
    """Give every block its position in document order (depth first), writing only what moved."""
    changed: list[Block] = []
    counter = 0

    def walk(parent_id: int | None) -> None:
        nonlocal counter
        for block in children.get(parent_id, []):
            counter += 1
            if block.position != counter:
                block.position = counter
                changed.append(block)
            if block.pk is not None:
                walk(block.pk)

    walk(None)
    Block.objects.bulk_update(changed, ["position"], batch_size=500)


def _new_uid() -> str:
    return f"n{uuid.uuid4().hex[:12]}"


def _create(
    version: ProgramVersion,
    *,
    by,
    parent: Block | None,
    type: str,
    text: str = "",
    level: int = 0,
    page: int | None = None,
) -> Block:
    block = Block(
        municipality_id=version.municipality_id,
        version=version,
        uid=_new_uid(),
        parent=parent,
        position=0,
        type=type,
        level=level if type == Type.HEADING else 0,
        page=page,
        text=text,
    )
    block._history_user = by  # type: ignore[attr-defined]
    block.save()
    return block


@transaction.atomic
def add_block(
    version: ProgramVersion,
    *,
    by,
    seen: int | None,
    type: str,
    text: str = "",
    level: int = 1,
    page: int | None = None,
    parent: Block | None = None,
    after: Block | None = None,
    rows: int = 2,
    columns: int = 2,
) -> Block:
    """Add a block under `parent` (None: the document) right after `after` (None: last). A list gets
    one item per line of `text`; a table gets `rows` × `columns` empty cells and `text` as caption."""
    version = _lock(version, seen)
    blocks = _ordered(version)
    children = _children(blocks)
    parent_type = parent.type if parent is not None else None
    if type not in CHILD_TYPES.get(parent_type, ()):
        raise ValueError(f"{type} cannot stand in {parent_type}")
    siblings = children.setdefault(parent.pk if parent else None, [])
    if page is None:
        before = after or (siblings[-1] if siblings else parent)
        page = before.page if before is not None else None
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    own_text = (
        ""
        if type in (Type.LIST, Type.ROW)
        else (" ".join(text.split()) if type != Type.PARAGRAPH else text.strip())
    )
    block = _create(version, by=by, parent=parent, type=type, text=own_text, level=level, page=page)
    index = siblings.index(after) + 1 if after is not None and after in siblings else len(siblings)
    siblings.insert(index, block)
    if type == Type.LIST:
        children[block.pk] = [
            _create(version, by=by, parent=block, type=Type.LIST_ITEM, text=line, page=page)
            for line in (lines or [""])
        ]
    if type == Type.ROW:
        children[block.pk] = [
            _create(version, by=by, parent=block, type=Type.CELL, page=page) for _c in range(columns)
        ]
    if type == Type.TABLE:
        children[block.pk] = []
        for _r in range(rows):
            row = _create(version, by=by, parent=block, type=Type.ROW, page=page)
            children[block.pk].append(row)
            children[row.pk] = [
                _create(version, by=by, parent=row, type=Type.CELL, page=page) for _c in range(columns)
            ]
    _renumber(children)
    _bump(version, by=by)
    return block


@transaction.atomic
def edit_block(
    block: Block, *, by, seen: int | None, text: str, level: int | None, page: int | None
) -> Block:
    version = _lock(block.version, seen)
    block.text = text.strip() if block.type == Type.PARAGRAPH else " ".join(text.split())
    if block.type == Type.HEADING and level:
        block.level = level
    block.page = page
    block._history_user = by  # type: ignore[attr-defined]
    block.save(update_fields=["text", "level", "page"])
    _bump(version, by=by)
    return block


@transaction.atomic
def move_block(block: Block, *, by, seen: int | None, direction: str) -> bool:
    """Move a block one step up or down among its siblings. False when it is already at the end."""
    version = _lock(block.version, seen)
    children = _children(_ordered(version))
    siblings = children[block.parent_id]
    index = next(i for i, b in enumerate(siblings) if b.pk == block.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(siblings):
        return False
    siblings[index], siblings[target] = siblings[target], siblings[index]
    _renumber(children)
    # The move itself is an edit of the block: record it with its new position.
    moved = Block.objects.get(pk=block.pk)
    moved._history_user = by  # type: ignore[attr-defined]
    moved.save(update_fields=["position"])
    _bump(version, by=by)
    return True


@transaction.atomic
def delete_block(block: Block, *, by, seen: int | None) -> None:
    """Delete a block with everything under it (a table's rows and cells, a list's items)."""
    version = _lock(block.version, seen)
    blocks = _ordered(version)
    children = _children(blocks)
    doomed: list[Block] = []

    def collect(b: Block) -> None:
        for child in children.get(b.pk, []):
            collect(child)
        doomed.append(b)

    target = next(b for b in blocks if b.pk == block.pk)
    collect(target)
    gone = {b.pk for b in doomed}
    for b in doomed:  # deepest first, each recorded in the trail
        b._history_user = by  # type: ignore[attr-defined]
        b.delete()
    remaining = [b for b in blocks if b.pk not in gone]
    _renumber(_children(remaining))
    _bump(version, by=by)
