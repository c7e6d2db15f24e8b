"""What the measure list shows, read by its two prepared queries (docs/decisions/0185): each
measure's target groups, the count and pages, the filters, for every role."""

import datetime

from django.urls import reverse

from varn.factories import MeasureFactory, TargetGroupFactory
from varn.programs.models import MeasureStatus


def _list(cast, user, **query) -> str:
    path = reverse("programs:measure-list", args=[cast.slug])
    return cast.client(user).get(path, query).content.decode()


def test_every_role_sees_a_measure_s_target_groups_in_its_row(cast):
    older, younger = (TargetGroupFactory(municipality=cast.municipality, name=n) for n in ("Äldre", "Barn"))
    shared = MeasureFactory(program=cast.program, responsible_unit=cast.unit, title="Delad insats")
    shared.target_groups.set([older, younger])
    shared.partners.add(cast.partner)
    MeasureFactory(program=cast.program, responsible_unit=cast.unit, title="Egen insats")
    for user in (cast.coordinator, cast.unit_editor, cast.viewer, cast.partner_user):
        body = _list(cast, user)
        row = body[body.index("Delad insats") :].split("</tr>")[0]
        assert "<td>Barn, Äldre</td>" in row, user
        assert ("Egen insats" in body) is (user != cast.partner_user), user


def test_the_count_and_the_pages_of_a_long_list(cast):
    for n in range(51):
        MeasureFactory(
            program=cast.program, responsible_unit=cast.unit, code=f"{n:02}", status=MeasureStatus.ONGOING
        )
    body = _list(cast, cast.viewer, status="ongoing")
    assert "51 insatser" in body and "Sida 1 av 2" in body and body.count("<tr>\n      <td>") == 50
    second = _list(cast, cast.viewer, status="ongoing", sida="2")
    assert "Sida 2 av 2" in second and second.count("<tr>\n      <td>") == 1 and "<td>50</td>" in second
    # A page past the end shows the last; one that is no number the first.
    assert "Sida 2 av 2" in _list(cast, cast.viewer, status="ongoing", sida="9")
    assert "Sida 1 av 2" in _list(cast, cast.viewer, status="ongoing", sida="x")
    assert "0 insatser" in _list(cast, cast.viewer, status="done")


def test_filters_narrow_the_list_and_a_foreign_id_is_refused(cast):
    today = datetime.date.today()
    group = TargetGroupFactory(municipality=cast.municipality, name="Unga")
    late = MeasureFactory(
        program=cast.program,
        responsible_unit=cast.unit,
        title="Sen insats",
        end_date=today - datetime.timedelta(days=3),
        status=MeasureStatus.ONGOING,
    )
    late.target_groups.add(group)
    MeasureFactory(program=cast.program, responsible_unit=cast.unit, title="Annan insats")
    body = _list(cast, cast.coordinator, target_group=group.pk, overdue="on")
    assert "Sen insats" in body and "Annan insats" not in body and "1 insats" in body
    assert f'<option value="{group.pk}" selected>Unga</option>' in body
    refused = _list(cast, cast.coordinator, target_group=str(group.pk + 1000))
    assert "errorlist" in refused and "0 insatser" in refused


def test_the_coordinator_s_new_measure_link_goes_to_the_current_programme(cast):
    create = reverse("programs:measure-create", args=[cast.slug, cast.program.pk])
    assert create in _list(cast, cast.coordinator)


def test_sort_headers_link_as_the_shared_sort_list_does(rf):
    from varn.core.listing import sort_columns, sort_list
    from varn.programs.models import Measure

    columns = {"nr": ("Nr", ("code",)), "slut": ("Slut", ("end_date",))}
    for query in ("", "?status=ongoing&sida=2", "?sortera=-slut&q=a+b", "?q=%C3%A5&unit=3", "?sortera=bogus"):
        request = rf.get(f"/insatser/{query}")
        qs, expected = sort_list(request, Measure.objects.all(), columns, default="nr")
        order, headers = sort_columns(request, columns, default="nr")
        assert headers == expected and tuple(qs.query.order_by) == order, query
