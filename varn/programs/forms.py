from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from varn.core.forms import DateInput, FreeTextMixin, limit_choices
from varn.core.locking import LockedFormMixin
from varn.core.widgets import (
    IdChoiceField,
    OptionsSelect,
    PlainBoundField,
    PlainCheckboxInput,
    PlainErrorList,
    PlainTextInput,
    _attrs,
    _esc,
)
from varn.organisations.models import Municipality, Partner, Unit

from .measure_queries import filter_measures
from .measure_table import esc
from .models import (
    Block,
    Goal,
    Measure,
    MeasureStatus,
    Perspective,
    PreventionLevel,
    Program,
    TargetGroup,
    ViolenceScope,
)


class ProgramForm(LockedFormMixin, FreeTextMixin, forms.ModelForm):
    violence_scopes = forms.MultipleChoiceField(
        label=_("Våldsformer"),
        choices=ViolenceScope.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    perspectives = forms.MultipleChoiceField(
        label=_("Perspektiv"),
        choices=Perspective.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Program
        fields = [
            "title",
            "dnr",
            "period_start",
            "period_end",
            "status",
            "coordinator_title",
            "violence_scopes",
            "perspectives",
            "budget_policy",
            "follow_up_policy",
            "revision_due",
            "summary",
            "is_public",
        ]
        widgets = {"revision_due": DateInput()}

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Programperioden kan inte sluta före den börjar."))
        for name in ("period_start", "period_end"):
            year = data.get(name)
            if year and not 2000 <= year <= 2100:
                self.add_error(name, _("Ange ett årtal mellan 2000 och 2100."))
        return data


class GoalForm(LockedFormMixin, FreeTextMixin, forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["kind", "parent", "code", "title", "description", "position"]

    def __init__(self, *args, program: Program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        parents = Goal.objects.filter(program=program)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        limit_choices(self, "parent", parents)
        self.fields["position"].label = _("Ordning")

    def clean(self):
        data = super().clean()
        parent, kind = data.get("parent"), data.get("kind")
        if kind == Goal.Kind.VISION and parent:
            self.add_error("parent", _("En vision kan inte ha ett överordnat mål."))
        if kind == Goal.Kind.SUB_GOAL and not parent:
            self.add_error("parent", _("Ett delmål måste höra till ett mål."))
        return data


class MeasureForm(FreeTextMixin, forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Measure
        fields = [
            "goal",
            "code",
            "title",
            "description",
            "prevention_level",
            "target_groups",
            "responsible_unit",
            "partners",
            "start_date",
            "end_date",
            "status",
            "rationale",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "target_groups": forms.CheckboxSelectMultiple,
            "partners": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, program: Program, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        municipality = program.municipality
        limit_choices(self, "goal", Goal.objects.filter(program=program))
        units = Unit.objects.for_municipality(municipality).filter(is_active=True)
        if membership is not None and not membership.is_coordinator:
            # A unit editor may give the measure only to a unit they edit: their own (issue 14).
            units = units.filter(pk=membership.unit_id)
        limit_choices(self, "responsible_unit", units)
        limit_choices(self, "partners", Partner.objects.for_municipality(municipality).filter(is_active=True))
        limit_choices(self, "target_groups", TargetGroup.objects.for_municipality(municipality))
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.lock_version

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Slutdatum kan inte vara före startdatum."))
        period = self.program.period_label
        for name in ("start_date", "end_date"):
            day = data.get(name)
            if day and not self.program.period_contains(day):
                self.add_error(
                    name, _("Datumet ligger utanför programperioden %(period)s.") % {"period": period}
                )
        return data


class MeasureUpdateForm(FreeTextMixin, forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)
    narrative = forms.CharField(label=_("Lägesbeskrivning"), widget=forms.Textarea, max_length=5000)

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("En lägesrapport kan inte dateras i framtiden."))
        return day


# Words of the filter form that depend on nothing but the language (labels, fixed options), written
# once per process and language, as the frame's words are (docs/decisions/0160, 0185).
_WORDS: dict[tuple, Any] = {}


def _per_language(key: tuple, make: Callable[[], Any]) -> Any:
    full = (get_language(), *key)
    if (done := _WORDS.get(full)) is None:
        done = _WORDS[full] = make()
    return done


class WordsOptionsSelect(OptionsSelect):
    """OptionsSelect for fixed choices, codes with translated labels: the options' words escaped
    once per language, the chosen one marked per request (the first whose code is chosen)."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = self.choices
        codes = tuple([code for code, _label in choices])
        if self.allow_multiple_selected or any(isinstance(label, (list, tuple)) for _c, label in choices):
            return super().render(name, value, attrs, renderer)
        rows = _per_language(
            ("options", name, codes),
            lambda: [
                (
                    "" if code is None else str(code),
                    html.escape("" if code is None else str(code)),
                    _esc(label),
                )
                for code, label in choices
            ],
        )
        chosen = self.format_value(value)
        at = next((i for i, (code, _shown, _label) in enumerate(rows) if code in chosen), None)
        attrs = self.build_attrs(self.attrs, attrs)
        options = [
            f'<option value="{shown}"{" selected" if i == at else ""}>{label}</option>'
            for i, (_code, shown, label) in enumerate(rows)
        ]
        return mark_safe(f'<select name="{esc(name)}"{_attrs(attrs)}>{"".join(options)}</select>')


class FilterBoundField(PlainBoundField):
    """PlainBoundField whose label (words and the field's id only) is written once per language."""

    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None) -> SafeString:
        if contents is not None or attrs is not None or label_suffix is not None or tag is not None:
            return super().label_tag(contents, attrs, label_suffix, tag)
        return _per_language(("label", type(self.form), self.name, self.auto_id), super().label_tag)


class IdOptionsSelect(OptionsSelect):
    """OptionsSelect for an IdChoiceField's (id, label) rows: the same markup, each option one
    f-string (an id needs no escaping; the chosen id found once, not tested per option)."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = self.choices
        if self.allow_multiple_selected or not hasattr(choices, "loaded"):
            return super().render(name, value, attrs, renderer)
        chosen = self.format_value(value)
        rows = choices.loaded()
        # OptionsSelect selects the first option whose value, as text, is among the chosen: the
        # empty one for "", else the first row whose id is written as a chosen text is.
        wanted = {int(text) for text in chosen if text.isdecimal() and text == str(int(text))}
        at = -1 if "" in chosen else next((i for i, (pk, _label) in enumerate(rows) if pk in wanted), None)
        attrs = self.build_attrs(self.attrs, attrs)
        options = [f'<option value="{pk}">{esc(label)}</option>' for pk, label in rows]
        if at is not None and at >= 0:
            options[at] = f'<option value="{rows[at][0]}" selected>{esc(rows[at][1])}</option>'
        empty = _per_language(("empty", name), lambda: _esc(choices.empty_label))
        return mark_safe(
            f'<select name="{html.escape(name)}"{_attrs(attrs)}>'
            f'<option value=""{" selected" if at == -1 else ""}>{empty}</option>{"".join(options)}</select>'
        )


class MeasureFilterForm(forms.Form):
    """The measure list's filters (also the export's and the API's). Its fields render in Python
    and its choices are read as (id, label) rows (docs/decisions/0145); the cleaned unit, target
    group and goal are ids."""

    bound_field_class = FilterBoundField

    q = forms.CharField(label=_("Sök"), required=False, max_length=100, widget=PlainTextInput)
    unit = IdChoiceField(
        label=_("Förvaltning"), required=False, empty_label=_("Alla"), widget=IdOptionsSelect
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Alla")), *MeasureStatus.choices],
        required=False,
        widget=WordsOptionsSelect,
    )
    level = forms.ChoiceField(
        label=_("Preventionsnivå"),
        choices=[("", _("Alla")), *PreventionLevel.choices],
        required=False,
        widget=WordsOptionsSelect,
    )
    target_group = IdChoiceField(
        label=_("Målgrupp"), required=False, empty_label=_("Alla"), widget=IdOptionsSelect
    )
    goal = IdChoiceField(label=_("Mål"), required=False, empty_label=_("Alla"), widget=IdOptionsSelect)
    overdue = forms.BooleanField(label=_("Endast försenade"), required=False, widget=PlainCheckboxInput)

    def __init__(self, *args, municipality: Municipality, read: tuple | None = None, **kwargs):
        """`read`: the option lists already read, (id, label) rows for units, target groups and
        goals, in place of the three queries."""
        kwargs.setdefault("error_class", PlainErrorList)
        super().__init__(*args, **kwargs)
        if read is not None:
            units, target_groups, goals = read
            self._offer("unit", lambda: units)
            self._offer("target_group", lambda: target_groups)
            self._offer("goal", lambda: goals)
            return
        self._offer("unit", lambda: Unit.objects.for_municipality(municipality).values_list("pk", "name"))
        self._offer(
            "target_group",
            lambda: TargetGroup.objects.for_municipality(municipality).values_list("pk", "name"),
        )
        self._offer(
            "goal",
            lambda: (
                (pk, f"{code} {title}".strip())  # as str(goal)
                for pk, code, title in Goal.objects.for_municipality(municipality).values_list(
                    "pk", "code", "title"
                )
            ),
        )

    def fields_html(self) -> SafeString:
        """The fields as programs/measure_list.html's loop wrote them (label, widget, errors)."""
        errors = self.errors if self.is_bound else {}
        parts = []
        for field in self:
            error = errors.get(field.name)
            shown = error.__html__() if error else ""  # as {{ field.errors }}: an ErrorList is markup
            parts.append(f'\n  <div class="field">{field.label_tag()}{field}{shown}</div>\n  ')
        return mark_safe("".join(parts))

    def _offer(self, name: str, rows) -> None:
        field = self.fields[name]
        assert isinstance(field, IdChoiceField)
        field.offer(rows)

    def filter(self, qs):
        if not self.is_valid():
            return qs.none()
        return filter_measures(qs, self.cleaned_data)


class ProgramCreateForm(ProgramForm):
    """A new programme: its particulars, and how its first draft text comes in."""

    class Start(models.TextChoices):
        WRITE = "write", _("Skriv texten här i Värn")
        IMPORT = "import", _("Läs in ett programdokument (PDF eller Word)")

    start = forms.ChoiceField(
        label=_("Första utkastet"), choices=Start.choices, initial=Start.WRITE, widget=forms.RadioSelect
    )

    class Meta(ProgramForm.Meta):
        fields = [
            "title",
            "dnr",
            "period_start",
            "period_end",
            "coordinator_title",
            "budget_policy",
            "follow_up_policy",
            "violence_scopes",
            "perspectives",
            "summary",
        ]

    def clean_dnr(self):
        dnr = (self.cleaned_data.get("dnr") or "").strip()
        municipality = self.instance.municipality
        if dnr and Program.objects.filter(municipality=municipality, dnr=dnr).exists():
            raise forms.ValidationError(_("Det finns redan ett program med det diarienumret."))
        return dnr


HEADING_LEVELS = [(1, _("Rubrik nivå 1")), (2, _("Rubrik nivå 2")), (3, _("Rubrik nivå 3"))]


class BlockForm(FreeTextMixin, forms.Form):
    """Shared by adding and editing a block: the text, a heading's level and the page it stands on."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=20000
    )
    level = forms.TypedChoiceField(label=_("Rubriknivå"), choices=HEADING_LEVELS, coerce=int, required=False)
    page = forms.IntegerField(
        label=_("Sida"),
        min_value=1,
        max_value=9999,
        required=False,
        help_text=_("Sidan i dokumentet där blocket står (sidmarkering)."),
    )


class BlockAddForm(BlockForm):
    type = forms.ChoiceField(label=_("Typ av block"), choices=[])
    rows = forms.IntegerField(label=_("Rader"), min_value=1, max_value=50, initial=2, required=False)
    columns = forms.IntegerField(label=_("Kolumner"), min_value=1, max_value=10, initial=2, required=False)
    parent = forms.CharField(widget=forms.HiddenInput, required=False)
    after = forms.CharField(widget=forms.HiddenInput, required=False)

    field_order = ["type", "text", "level", "rows", "columns", "page"]

    def __init__(self, *args, types: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Block.Type.choices)
        self.fields["type"].choices = [(t, labels[t]) for t in types]  # type: ignore[attr-defined]
        self.fields["text"].help_text = _("En lista får en punkt per rad. En tabells text är dess rubrik.")

    def clean(self):
        data = super().clean()
        kind, text = data.get("type"), (data.get("text") or "").strip()
        if kind in (Block.Type.HEADING, Block.Type.PARAGRAPH, Block.Type.LIST_ITEM) and not text:
            self.add_error("text", _("Skriv blockets text."))
        if kind == Block.Type.TABLE:
            for name in ("rows", "columns"):
                if not data.get(name):
                    self.add_error(name, _("Ange hur många rader och kolumner tabellen ska ha."))
        return data


class BlockEditForm(BlockForm):
    def __init__(self, *args, block: Block, **kwargs):
        super().__init__(*args, **kwargs)
        if block.type != Block.Type.HEADING:
            del self.fields["level"]
        if block.type in (Block.Type.LIST, Block.Type.ROW):
            del self.fields["text"]
        elif block.type == Block.Type.TABLE:
            self.fields["text"].label = _("Tabellrubrik")
        self.block_needs_text = block.type in (Block.Type.HEADING, Block.Type.PARAGRAPH, Block.Type.LIST_ITEM)

    def clean(self):
        data = super().clean()
        if "text" in self.fields and self.block_needs_text and not (data.get("text") or "").strip():
            self.add_error("text", _("Skriv blockets text, eller ta bort blocket."))
        return data


class BlockActionForm(forms.Form):
    """Moving or deleting a block: only the lock the page was opened with (and a direction)."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")], required=False)
