"""Optimistic locking for every object a person edits in a form (ADR 0110).

A locked model inherits `Locked`: its `lock_version` rises with every change of the stored row.
An edit form mixes in `LockedFormMixin`: it carries the version the person saw as a hidden field,
refuses the save in validation when the object changed since (or when the version is missing), and
its save is a conditional UPDATE on that version, so that a change between validation and saving
is refused too (`StaleEdit`, shown by `StaleEditMiddleware` as a Swedish page). Nothing is saved
on a refusal, so the audit trail gets no row either.

The API reads the same `lock_version` as the ETag (`varn.api.locking`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from varn.core.history import Change, changes_between, last_editor


class StaleEdit(Exception):
    """The row changed after the version this save was based on was read: nothing was saved."""

    def __init__(self, obj: models.Model):
        super().__init__(f"{type(obj).__name__} {obj.pk} changed since it was read")
        self.obj = obj


class Locked(models.Model):
    """An abstract model whose `lock_version` rises with every saved change of a stored row.

    A caller that sets `lock_version` itself (the block editor, the follow-up answers) keeps its
    own number; every other save adds one to the version it read. A form's save (see
    `LockedFormMixin`) is a conditional UPDATE on the version the form showed."""

    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True

    def save(self, **kwargs) -> None:
        seen = self.__dict__.pop("_lock_seen", None)
        if self._state.adding or "lock_version" not in self.__dict__:
            super().save(**kwargs)
            self._loaded_lock_version = self.__dict__.get("lock_version")
            return
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = [*dict.fromkeys([*update_fields, "lock_version"])]
        if seen is not None:
            self._save_locked(seen=seen, **kwargs)
            return
        if self.lock_version == getattr(self, "_loaded_lock_version", self.lock_version):
            self.lock_version += 1
        super().save(**kwargs)
        self._loaded_lock_version = self.lock_version

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._loaded_lock_version = instance.__dict__.get("lock_version")
        return instance

    def refresh_from_db(self, *args, **kwargs) -> None:
        super().refresh_from_db(*args, **kwargs)
        self._loaded_lock_version = self.__dict__.get("lock_version")

    def _save_locked(self, *, seen: int, **kwargs) -> None:
        """Save only if the stored row still has version `seen`; otherwise raise `StaleEdit`.

        The conditional UPDATE takes the row's write lock, so of two saves over the same version
        exactly one succeeds, on SQLite as on PostgreSQL."""
        model = type(self)
        with transaction.atomic(using=kwargs.get("using")):
            bumped = model._base_manager.filter(pk=self.pk, lock_version=seen).update(lock_version=seen + 1)
            if not bumped:
                raise StaleEdit(self)
            self.lock_version = seen + 1
            super().save(**kwargs)
        self._loaded_lock_version = self.lock_version


class LockedFormMixin:
    """For a ModelForm over a `Locked` model: a hidden `lock_version` the edit must carry.

    A stale or missing version is a form error in Swedish that names who changed what (the current
    values), and the hidden field then holds the current version: the form shows the person's own
    input, and saving it again, after reading what changed, is a deliberate choice."""

    instance: Any
    fields: dict
    data: Any
    cleaned_data: dict
    add_error: Callable
    lock_conflict: list[Change] | None = None
    lock_editor: str = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        if self.is_locked_edit:
            self.fields["lock_version"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, min_value=1, initial=self.instance.lock_version
            )

    @property
    def is_locked_edit(self) -> bool:
        return self.instance.pk is not None and not self.instance._state.adding

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        if self.is_locked_edit:
            self._check_version()

    def _check_version(self) -> None:
        seen = self.cleaned_data.get("lock_version")
        if "lock_version" in getattr(self, "_errors", {}):
            seen = None
        current = type(self.instance)._base_manager.filter(pk=self.instance.pk).first()
        if current is None:
            self.add_error(
                None, _("Posten finns inte längre: någon annan har tagit bort den. Inget är sparat.")
            )
            return
        if seen == current.lock_version:
            return
        if seen is None:
            self.add_error(
                None,
                _(
                    "Formuläret saknar uppgiften om vilken version du utgick från. Inget är sparat; "
                    "kontrollera uppgifterna och spara igen."
                ),
            )
        else:
            self.lock_editor = last_editor(current)
            self.lock_conflict = changes_between(current, seen)
            self.add_error(
                None,
                _(
                    "Någon annan (%(who)s) har ändrat detta sedan du öppnade sidan. Inget är sparat. "
                    "Formuläret visar dina uppgifter; jämför med det som gäller nu och spara igen "
                    "för att skriva över."
                )
                % {"who": self.lock_editor},
            )
        if "lock_version" in getattr(self, "_errors", {}):
            del self._errors["lock_version"]  # type: ignore[attr-defined]
        data = self.data.copy()
        data["lock_version"] = str(current.lock_version)
        self.data = data

    def mark_seen(self) -> None:
        """Make the instance's next save conditional on the version this form showed. A plain
        Form over a `Locked` object (given as `instance`) calls this before the model method
        that saves it; a ModelForm's save does it itself."""
        if self.is_locked_edit:
            self.instance._lock_seen = self.cleaned_data["lock_version"]

    def save(self, commit: bool = True):
        self.mark_seen()
        return super().save(commit)  # type: ignore[misc]


class StaleEditMiddleware:
    """A save refused between validation and saving (two saves over the same version within
    milliseconds): a Swedish page, status 409, instead of an error page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, StaleEdit):
            return None
        return render(request, "core/stale_edit.html", {"obj": exception.obj}, status=409)
