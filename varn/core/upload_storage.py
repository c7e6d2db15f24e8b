"""Storing checked uploads under names Värn makes, never under the name the user's file had.

A user's file name can hold anything (paths, control characters, names of people); it is kept only
as a label next to the stored file, cleaned by display_name()."""

from __future__ import annotations

import re
import unicodedata
import uuid
from pathlib import PurePosixPath, PureWindowsPath

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.utils import timezone

from varn.core.uploads import CheckedFile

EXTENSIONS = {"pdf": "pdf", "docx": "docx", "xlsx": "xlsx", "text": "txt", "png": "png", "jpg": "jpg"}


def generated_name(kind: str, *, municipality_id: int, folder: str) -> str:
    """<folder>/<municipality id>/<year>/<random hex>.<extension of the checked kind>."""
    if not re.fullmatch(r"[a-z0-9_-]+", folder):
        raise ValueError(f"Invalid folder name {folder!r}")
    return f"{folder}/{municipality_id}/{timezone.now():%Y}/{uuid.uuid4().hex}.{EXTENSIONS[kind]}"


def store_upload(
    checked: CheckedFile, *, municipality_id: int, folder: str, storage: Storage | None = None
) -> str:
    """Save a file that check_upload() accepted; returns the stored name to keep on the model."""
    storage = storage or default_storage
    name = generated_name(checked.kind, municipality_id=municipality_id, folder=folder)
    return storage.save(name, ContentFile(checked.data))


def display_name(original: str, limit: int = 150) -> str:
    """The user's file name as a safe label: no directories, no control characters, bounded length."""
    base = PureWindowsPath(PurePosixPath(original or "").name).name
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C")
    base = base.strip(" .") or "fil"
    if len(base) > limit:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: limit - len(ext) - 2] + "…" + dot + ext) if dot and len(ext) < 10 else base[:limit]
    return base


def delete_files_with_rows(*models) -> None:
    """When a row with files is deleted (by itself or with its municipality), its files go too,
    once the deletion is committed: nothing of a removed municipality stays on disk, and a
    deletion that is rolled back keeps its files."""
    from functools import partial

    from django.db import models as db_models
    from django.db import transaction
    from django.db.models.signals import post_delete

    def delete_files(sender, instance, using=None, **kwargs) -> None:
        for field in sender._meta.fields:
            if isinstance(field, db_models.FileField):
                stored = getattr(instance, field.name)
                if stored and stored.name:
                    transaction.on_commit(partial(stored.storage.delete, stored.name), using=using)

    for model in models:
        post_delete.connect(
            delete_files, sender=model, weak=False, dispatch_uid=f"varn-files-{model._meta.label_lower}"
        )
