"""Prepared queries give the rows the QuerySet gives, with each call's values, on either database."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from varn.core.markup import object_links
from varn.core.prepared import PreparedQuery
from varn.factories import MeasureFactory
from varn.programs.models import Measure


def overdue(municipality_id, today):
    return (
        Measure.objects.filter(municipality_id=municipality_id)
        .overdue(today)
        .joined_within(municipality_id, "responsible_unit")
        .order_by("end_date", "pk")
        .values_list("pk", "code", "responsible_unit__name", "end_date", "updated_at")
    )


OVERDUE = PreparedQuery(overdue, municipality_id=int, today=datetime.date)


def test_it_gives_the_rows_of_the_queryset_for_each_call_s_values(cast):
    early = MeasureFactory(
        program=cast.program, responsible_unit=cast.unit, end_date=datetime.date(2025, 1, 1)
    )
    late = MeasureFactory(
        program=cast.program, responsible_unit=cast.unit, end_date=datetime.date(2025, 6, 1)
    )
    for today in (datetime.date(2025, 3, 1), datetime.date(2025, 7, 1)):
        rows = OVERDUE.rows(municipality_id=cast.municipality.pk, today=today)
        assert rows == list(overdue(cast.municipality.pk, today))
    assert [r[0] for r in rows] == [early.pk, late.pk]
    assert isinstance(rows[0][3], datetime.date) and rows[0][4].tzinfo is not None
    assert OVERDUE.rows(municipality_id=cast.other.pk, today=datetime.date(2025, 7, 1)) == []


def test_it_runs_one_query_per_call(cast):
    OVERDUE.rows(municipality_id=cast.municipality.pk, today=datetime.date(2025, 7, 1))
    with CaptureQueriesContext(connection) as ctx:
        OVERDUE.rows(municipality_id=cast.municipality.pk, today=datetime.date(2025, 7, 1))
    assert len(ctx.captured_queries) == 1


def test_each_shape_is_prepared_apart(cast):
    MeasureFactory(program=cast.program, responsible_unit=cast.unit, code="A1")
    by_shape = PreparedQuery(
        lambda municipality_id, shape: (
            Measure.objects.filter(municipality_id=municipality_id)
            .filter(code__startswith=shape)
            .values_list("code")
        ),
        municipality_id=int,
    )
    assert by_shape.rows(municipality_id=cast.municipality.pk, shape="A") == [("A1",)]
    assert by_shape.rows(municipality_id=cast.municipality.pk, shape="B") == []


def test_a_value_django_does_not_pass_as_a_parameter_is_refused(cast):
    hidden = PreparedQuery(
        lambda municipality_id, since: Measure.objects.filter(
            municipality_id=municipality_id, end_date__lt=since + datetime.timedelta(days=1)
        ).values_list("pk"),
        municipality_id=int,
        since=datetime.date,
    )
    with pytest.raises(ValueError, match="since"):
        hidden.rows(municipality_id=cast.municipality.pk, since=datetime.date(2025, 1, 1))


def test_values_of_the_wrong_kind_are_refused(cast):
    with pytest.raises(TypeError):
        OVERDUE.rows(municipality_id=str(cast.municipality.pk), today=datetime.date(2025, 1, 1))
    with pytest.raises(TypeError):
        OVERDUE.rows(municipality_id=cast.municipality.pk)


def test_object_links_are_the_reversed_urls(cast):
    from django.urls import reverse

    link = object_links("programs:measure-detail", cast.slug)
    assert link(42) == reverse("programs:measure-detail", args=[cast.slug, 42])


def test_sliced_rows_are_the_queryset_s_slice(cast):
    for month in range(1, 6):
        MeasureFactory(
            program=cast.program, responsible_unit=cast.unit, end_date=datetime.date(2025, month, 1)
        )
    today = datetime.date(2025, 12, 1)
    whole = list(overdue(cast.municipality.pk, today))
    for low, high in ((0, 2), (2, 4), (4, 6), (6, 8)):
        assert (
            OVERDUE.rows(municipality_id=cast.municipality.pk, today=today, sliced=(low, high))
            == whole[low:high]
        )
