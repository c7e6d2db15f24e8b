"""The measure list writes its rows, sort headers and filter form in Python (docs/decisions/0145):
each piece must write exactly what Django's templates and fields wrote before."""

import datetime
import re

import pytest
from django import forms
from django.template import engines
from django.template.loader import render_to_string
from django.urls import reverse

from varn.core.listing import SortColumn
from varn.core.widgets import (
    PlainBoundField,
    PlainCheckboxInput,
    PlainErrorList,
    PlainTextInput,
)
from varn.factories import GoalFactory, MeasureFactory, TargetGroupFactory, UnitFactory
from varn.organisations.models import Unit
from varn.programs import measure_table
from varn.programs.forms import MeasureFilterForm
from varn.programs.models import Measure, MeasureStatus

# The row loop of measure_list.html before it was written in Python.
ROW_TEMPLATE = """{% load i18n %}{% for m in page %}<tr>
      <td>{{ m.code }}</td>
      <td><a href="{{ m.url }}">{{ m.title }}</a></td>
      <td>{{ m.goal.code|default:m.goal.title }}</td>
      <td>{{ m.responsible_unit.short_name|default:m.responsible_unit.name }}</td>
      <td>{{ m.get_prevention_level_display }}</td>
      <td>{% for tg in m.target_groups.all %}{{ tg.name }}{% if not forloop.last %}, {% endif %}{% endfor %}</td>
      <td><span class="date">{{ m.end_date|date:"Y-m-d" }}</span>{% if m.is_overdue %} <span class="overdue">({% translate "försenad" %})</span>{% endif %}</td>
      <td><span class="badge status-{{ m.status }}">{{ m.get_status_display }}</span></td>
    </tr>{% endfor %}"""


def test_rows_are_the_markup_the_template_wrote(cast):
    today = datetime.date.today()
    goal = GoalFactory(program=cast.program, code="", title="Mål <med> \"tecken\" & 'citat'")
    plain = UnitFactory(municipality=cast.municipality, name="Kultur & fritid", short_name="")
    first, second = (
        TargetGroupFactory(municipality=cast.municipality, name=n) for n in ("Äldre", "Barn & unga")
    )
    MeasureFactory(
        program=cast.program,
        goal=goal,
        responsible_unit=plain,
        code="1.2",
        title="<script>alert('x')</script>",
        end_date=today - datetime.timedelta(days=1),
        status=MeasureStatus.ONGOING,
    ).target_groups.set([first, second])
    MeasureFactory(
        program=cast.program,
        responsible_unit=cast.unit,
        code="",
        end_date=today - datetime.timedelta(days=1),
        status=MeasureStatus.DONE,
    )
    MeasureFactory(program=cast.program, responsible_unit=cast.unit, status=MeasureStatus.PLANNED)
    measures = list(
        Measure.objects.filter(municipality=cast.municipality)
        .select_related("goal", "responsible_unit")
        .prefetch_related("target_groups")
        .order_by("pk")
    )
    detail = reverse("programs:measure-detail", args=[cast.slug, 0]).removesuffix("0/")
    for m in measures:
        m.url = f"{detail}{m.pk}/"
    before = engines["django"].from_string(ROW_TEMPLATE).render({"page": measures})

    rows = (
        Measure.objects.filter(municipality=cast.municipality)
        .order_by("pk")
        .values_list(*measure_table.FIELDS)
    )
    groups: dict[int, list[str]] = {}
    for m in measures:
        groups[m.pk] = [tg.name for tg in m.target_groups.all()]
    after = measure_table.rows_html(rows, detail_url=detail, target_groups=groups, today=today)
    assert after == before
    assert "&lt;script&gt;" in after and "(försenad)" in after


@pytest.mark.parametrize("state", ["ascending", "descending", "none"])
def test_a_sort_header_is_the_markup_of_the_shared_include(state):
    column = SortColumn(label="Mål & <nivå>", url="?status=ongoing&sortera=-mal", aria_sort=state)
    assert column.th == render_to_string("core/_sort_header.html", {"column": column}).strip()


class Stock(forms.Form):
    q = forms.CharField(label="Sök", required=False, max_length=100)
    name = forms.CharField(label="Namn?", max_length=5)
    overdue = forms.BooleanField(label="Endast försenade", required=False)


class Plain(forms.Form):
    bound_field_class = PlainBoundField

    q = forms.CharField(label="Sök", required=False, max_length=100, widget=PlainTextInput)
    name = forms.CharField(label="Namn?", max_length=5, widget=PlainTextInput)
    overdue = forms.BooleanField(label="Endast försenade", required=False, widget=PlainCheckboxInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, error_class=PlainErrorList, **kwargs)


@pytest.mark.parametrize(
    "data",
    [None, {}, {"q": 'a "b" & <c>', "name": "Anna", "overdue": "on"}, {"q": "x" * 101, "name": "för långt"}],
)
@pytest.mark.parametrize("required_css_class", [None, "required"])
def test_plain_fields_are_the_markup_of_django_s_templates(data, required_css_class):
    stock, plain = Stock(data), Plain(data)
    if required_css_class:
        stock.required_css_class = plain.required_css_class = required_css_class
    for name in ("q", "name", "overdue"):
        assert str(plain[name].label_tag()) == str(stock[name].label_tag())
        assert str(plain[name]) == str(stock[name])
        assert str(plain[name].errors) == str(stock[name].errors)


def _normal(html) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


class ModelChoices(forms.Form):
    """The measure filter's unit as it was: a ModelChoiceField."""

    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), required=False, empty_label="Alla")


@pytest.mark.parametrize("given", ["", "own", "07", " 7", "other", "abc", "1.5", "7\x00", "-1"])
def test_a_chosen_unit_is_checked_and_shown_as_a_model_choice_was(cast, given):
    theirs = UnitFactory(municipality=cast.other, name="Grannens förvaltning")
    value = {"own": str(cast.unit.pk), "other": str(theirs.pk)}.get(given, given)
    if given in ("07", " 7"):
        value = given.replace("7", str(cast.unit.pk))
    data = {"unit": value}
    ours = MeasureFilterForm(data, municipality=cast.municipality)
    theirs_form = ModelChoices(data)
    theirs_form.fields["unit"].queryset = Unit.objects.for_municipality(cast.municipality)  # type: ignore[attr-defined]
    assert ours.is_valid() == theirs_form.is_valid()
    assert list(ours.errors.get("unit", [])) == list(theirs_form.errors.get("unit", []))
    if ours.is_valid():
        chosen = theirs_form.cleaned_data["unit"]
        assert ours.cleaned_data["unit"] == (chosen.pk if chosen else None)
    assert _normal(ours["unit"]) == _normal(theirs_form["unit"])


def test_the_filter_form_reads_its_choices_once(cast, django_assert_num_queries):
    form = MeasureFilterForm({"unit": cast.unit.pk}, municipality=cast.municipality)
    with django_assert_num_queries(3):  # units, target groups, goals; the chosen unit is not read again
        assert form.is_valid()
        html = "".join(str(form[name]) for name in form.fields)
    assert f'<option value="{cast.unit.pk}" selected>{cast.unit.name}</option>' in html


def test_only_the_coordinator_is_offered_a_new_measure(cast):
    path = reverse("programs:measure-list", args=[cast.slug])
    create = reverse("programs:measure-create", args=[cast.slug, cast.program.pk])
    assert create in cast.client(cast.coordinator).get(path).content.decode()
    for user in (cast.unit_editor, cast.viewer):
        assert create not in cast.client(user).get(path).content.decode()
