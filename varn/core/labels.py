"""The labels of a choice field's codes, for pages that show many rows of plain values.

`get_FOO_display()` builds a dictionary of every choice and translates it each time it is called;
a `ChoiceLabels` translates each code's label once, on first use, in the language of the request."""

from __future__ import annotations

from django.db.models import TextChoices


class ChoiceLabels(dict[str, str]):
    """code → label, as `get_FOO_display()` gives it: an unknown code is shown as it is."""

    def __init__(self, choices: type[TextChoices]) -> None:
        super().__init__()
        self.choices = choices

    def __missing__(self, code: str) -> str:
        try:
            label = str(self.choices(code).label)
        except ValueError:
            label = code
        self[code] = label
        return label
