"""Applying amendments to a programme's block tree: the engine is `varn.reading.documents.amendments`
(pure); here its reasons come out in the user's language."""

from __future__ import annotations

from django.utils.translation import gettext

from varn.reading.documents import amendments as engine
from varn.reading.documents.amendments import AmendmentError, Change, Outcome, Result

__all__ = ["AmendmentError", "Change", "Outcome", "Result", "apply_amendments"]


def apply_amendments(tree: list[dict], amendments: list[dict]) -> Outcome:
    """Apply the amendments in order to a copy of the tree, all or nothing (see the engine)."""
    return engine.apply_amendments(tree, amendments, gettext=gettext)
