"""Form pieces that render the same HTML as Django's templates, written in Python for less: widgets,
labels, an empty error list, and a choice of ids read as plain rows (docs/decisions/0052, 0145).
Each is tested against Django's own rendering (tests/test_performance.py)."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.forms.boundfield import BoundField
from django.forms.utils import ErrorList
from django.utils.choices import BaseChoiceIterator
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _


def _esc(value) -> str:
    """As Django's conditional_escape: text escaped, safe text (with __html__) left as it is."""
    if type(value) is str:
        return html.escape(value)
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _attrs(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html: ` name="value"`, a bare name for True, nothing for False."""
    return "".join(
        f" {_esc(name)}" if value is True else f' {_esc(name)}="{_esc(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class OptionsSelect(forms.Select):
    """A <select> whose options are written in Python. Django's Select renders a template per
    option, which made a filter form with 40 units and 20 goals the costliest part of the measure
    list (docs/decisions/0052). The markup is the same as Django's select.html: the first option
    whose value is the chosen one is selected, a nested list of choices is an <optgroup>."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        chosen = self.format_value(value)
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        parts = [f'<select name="{_esc(name)}"{_attrs(attrs)}>']
        has_selected = False
        for group_value, group_label in self.choices:
            if group_value is None:
                group_value = ""
            grouped = isinstance(group_label, (list, tuple))
            if grouped:
                parts.append(f'<optgroup label="{_esc(group_value)}">')
            for option_value, option_label in group_label if grouped else ((group_value, group_label),):
                # An id needs no escaping.
                shown = str(option_value) if type(option_value) is int else _esc(str(option_value))
                selected = (not has_selected or self.allow_multiple_selected) and str(option_value) in chosen
                has_selected |= selected
                parts.append(
                    f'<option value="{shown}"{" selected" if selected else ""}>{_esc(option_label)}</option>'
                )
            if grouped:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))


def _input(input_type, name, value, attrs) -> SafeString:
    """As django/forms/widgets/input.html, for an <input> whose context needs nothing else."""
    shown = "" if value is None else f' value="{_esc(value)}"'
    return mark_safe(f'<input type="{_esc(input_type)}" name="{_esc(name)}"{shown}{_attrs(attrs)}>')


class PlainTextInput(forms.TextInput):
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        return _input(self.input_type, name, self.format_value(value), self.build_attrs(self.attrs, attrs))


class PlainCheckboxInput(forms.CheckboxInput):
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        attrs = self.build_attrs(self.attrs, attrs)
        if self.check_test(value):
            attrs = {**attrs, "checked": True}
        return _input(self.input_type, name, self.format_value(value), attrs)


class PlainBoundField(BoundField):
    """A bound field whose label is written in Python, as django/forms/label.html writes it."""

    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None) -> SafeString:
        if self.form.template_name_label != "django/forms/label.html":
            return super().label_tag(contents, attrs, label_suffix, tag)
        given = str(contents or self.label)
        contents = _esc(given)
        if label_suffix is None:
            label_suffix = (
                self.field.label_suffix if self.field.label_suffix is not None else self.form.label_suffix
            )
        if label_suffix and given and given[-1] not in _(":?.!"):
            contents = f"{contents}{_esc(label_suffix)}"
        widget = self.field.widget
        id_ = widget.attrs.get("id") or self.auto_id
        if not id_:
            return mark_safe(contents)
        attrs = {**(attrs or {})}
        id_for_label = widget.id_for_label(id_)
        if id_for_label and tag != "legend":
            attrs["for"] = id_for_label
        if self.field.required and hasattr(self.form, "required_css_class"):
            css = self.form.required_css_class
            attrs["class"] = f"{attrs['class']} {css}" if "class" in attrs else css
        tag = _esc(tag or "label")
        return mark_safe(f"<{tag}{_attrs(attrs)}>{contents}</{tag}>")


class PlainErrorList(ErrorList):
    """An error list that writes nothing, without a template, when there is no error."""

    def render(self, template_name=None, context=None, renderer=None) -> SafeString:
        if not self.data:
            return mark_safe("")
        return super().render(template_name, context, renderer)

    __str__ = render  # type: ignore[assignment]
    __html__ = render


class _IdChoices(BaseChoiceIterator):
    """The empty choice, then the (id, label) rows, read once when first needed."""

    def __init__(self, empty_label, load: Callable[[], Iterable[tuple[int, str]]]):
        self.empty_label, self.load = empty_label, load
        self.rows: list[tuple[int, str]] | None = None

    def loaded(self) -> list[tuple[int, str]]:
        if self.rows is None:
            self.rows = list(self.load())
        return self.rows

    def __iter__(self):
        yield ("", self.empty_label)
        yield from self.loaded()

    def __deepcopy__(self, memo):
        return _IdChoices(self.empty_label, self.load)


class IdChoiceField(forms.ChoiceField):
    """One of the current municipality's objects, chosen by id: a ModelChoiceField's options,
    messages and markup, but its options read as (id, label) rows by one query that also checks
    the choice (no model instance per option, no second query), and the cleaned value the id."""

    widget = OptionsSelect
    default_error_messages = {
        "invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]
    }

    def __init__(self, *, empty_label, **kwargs):
        super().__init__(**kwargs)
        self.empty_label = empty_label

    def offer(self, rows: Callable[[], Iterable[tuple[int, str]]]) -> None:
        """The options, as a callable giving (id, label) rows in the order shown."""
        self.choices = _IdChoices(self.empty_label, rows)

    def to_python(self, value) -> int | None:
        if value in self.empty_values:
            return None
        ProhibitNullCharactersValidator()(value)
        invalid = ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )
        try:
            pk = int(value)  # as the id field reads it, so " 7" and "07" are 7
        except (TypeError, ValueError):
            raise invalid from None
        choices = self.choices
        if not isinstance(choices, _IdChoices) or pk not in {row[0] for row in choices.loaded()}:
            raise invalid
        return pk

    def validate(self, value) -> None:
        forms.Field.validate(self, value)
