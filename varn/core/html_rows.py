"""The rows of a page's long lists written in Python (issue 16).

A `{{ value }}` in a template costs Django some forty Python calls (lookup, localisation, escaping,
a SafeString), and the start page shows a few hundred of them. Its lists are written here instead,
with the same markup and the same escaping as the template engine's, each label translated once per
page; the template keeps everything around them."""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe

# django.utils.html.escape's table.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def escape_text(value: object) -> str:
    """The value as `{{ value }}` writes it: text escaped (a number as digits: Värn groups no
    thousands), already safe markup as it is."""
    if isinstance(value, SafeString):
        return value
    return str(value).translate(_ESCAPES)


def joined(parts) -> SafeString:
    """Markup made with `escape_text`, as safe markup for the template."""
    return mark_safe("".join(parts))
