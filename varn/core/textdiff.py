"""A word-level diff of two texts as HTML, for previews and comparisons of programme text."""

from __future__ import annotations

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


def diff_html(before: str, after: str) -> SafeString:
    """Word-level diff as HTML with <del> and <ins>; every piece of text escaped."""
    a, b = _TOKENS.findall(before), _TOKENS.findall(after)
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out).replace("\n", "<br>"))
