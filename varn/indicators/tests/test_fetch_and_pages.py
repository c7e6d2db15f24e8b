"""Fetching stores every value with its provenance; pages, the dashboard and the report show the
last fetched values with their date and source, and a failed fetch keeps them."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from varn.followup.report import build_content
from varn.indicators.kolada import KoladaClient, KoladaError
from varn.indicators.models import Indicator, IndicatorValue, KoladaSource
from varn.indicators.services import fetch_for_municipality

from .fakes import BASE, STANDARD, session

NOW = datetime.datetime(2026, 6, 1, 3, 0, tzinfo=datetime.UTC)


def kolada(routes=STANDARD):
    s, _adapter = session(routes)
    return KoladaClient(BASE, session=s)


@pytest.fixture
def chosen(cast):
    return [
        Indicator.objects.create(municipality=cast.municipality, kpi_id="N00967", position=1),
        Indicator.objects.create(municipality=cast.municipality, kpi_id="N15413", position=2),
    ]


@pytest.fixture
def fetched(cast, chosen):
    fetch_for_municipality(cast.municipality, client=kolada(), now=NOW)
    return chosen


def test_fetching_stores_each_value_with_its_provenance(cast, fetched):
    value = IndicatorValue.objects.get(kpi_id="N00967", area_id="1489", period=2025, gender="K")
    assert value.value == 10.5
    assert value.kpi_title == "Sjukpenningtalet, dagar/försäkrad 16-64 år"
    assert value.area == "municipality" and value.municipality == cast.municipality
    assert value.fetched_at == NOW
    assert value.source_url.startswith(
        f"{BASE}/data/kpi/N00967,N15413/municipality/1489,0014,0000/year/2016,"
    )
    assert IndicatorValue.objects.get(kpi_id="N00967", area_id="0014", period=2025).area == "county"
    missing = IndicatorValue.objects.get(kpi_id="N15413", area_id="1489", period=2025)
    assert missing.value is None and missing.status == "Missing"
    assert Indicator.objects.get(kpi_id="N15413").title == "Meritvärde åk 9"
    assert value.history.count() == 1  # in the audit trail


def test_fetching_again_updates_rather_than_duplicates(cast, fetched):
    before = IndicatorValue.objects.count()
    fetch_for_municipality(cast.municipality, client=kolada(), now=NOW + datetime.timedelta(days=1))
    assert IndicatorValue.objects.count() == before
    assert KoladaSource.objects.get(municipality=cast.municipality).fetched_at == NOW + datetime.timedelta(
        days=1
    )


def test_a_failed_fetch_keeps_the_values_and_the_page_says_so(cast, fetched):
    with pytest.raises(KoladaError):
        fetch_for_municipality(
            cast.municipality, client=kolada([("/kpi/", 500)]), now=NOW + datetime.timedelta(days=1)
        )
    assert IndicatorValue.objects.filter(kpi_id="N00967", area_id="1489", period=2025, gender="T").exists()
    page = cast.client(cast.viewer).get(reverse("indicators:list", args=["alingsas"]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "misslyckades: Kolada svarade med felkod 500." in text
    assert timezone.localtime(NOW).strftime("Senast hämtat %Y-%m-%d %H:%M") in text
    assert "8,7" in text  # the last fetched value is still shown


def test_the_page_shows_trend_comparison_and_source_to_every_member(cast, fetched):
    for user in (cast.coordinator, cast.viewer, cast.partner_user):
        page = cast.client(user).get(reverse("indicators:list", args=["alingsas"]))
        text = page.content.decode()
        assert page.status_code == 200
        assert "Sjukpenningtalet" in text and "ned från 9,1 (2024)" in text
        assert "9,4" in text and "8,9" in text  # county and country
        assert "kvinnor 10,5, män 6,9" in text
        assert "Kolada, RKA" in text
    assert (
        "Hämta nu"
        in cast.client(cast.coordinator).get(reverse("indicators:list", args=["alingsas"])).content.decode()
    )
    assert (
        "Hämta nu"
        not in cast.client(cast.viewer).get(reverse("indicators:list", args=["alingsas"])).content.decode()
    )


def test_another_municipality_sees_nothing(cast, fetched):
    assert cast.client(cast.outsider).get(reverse("indicators:list", args=["alingsas"])).status_code == 404
    other = cast.client(cast.outsider).get(reverse("indicators:list", args=["lerum"]))
    assert "Sjukpenningtalet" not in other.content.decode()
    edit = reverse("indicators:indicator-edit", args=["lerum", fetched[0].pk])
    assert cast.client(cast.outsider).get(edit).status_code == 404


def test_the_list_page_costs_the_same_with_more_figures(cast, chosen, django_assert_max_num_queries):
    fetch_for_municipality(cast.municipality, client=kolada(), now=NOW)
    client = cast.client(cast.viewer)
    url = reverse("indicators:list", args=["alingsas"])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(5):
        Indicator.objects.create(municipality=cast.municipality, kpi_id=f"N9000{i}")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_dashboard_shows_each_figure_with_its_source(cast, fetched):
    page = cast.client(cast.viewer).get(reverse("programs:dashboard", args=["alingsas"]))
    text = page.content.decode()
    assert "Nyckeltal från Kolada" in text and "Meritvärde åk 9" in text
    assert "upp från 219 (2023)" in text
    assert "Källa: Kolada, RKA." in text and "Hämtat 2026-06-01" in text


def test_the_report_includes_the_figures_with_their_source(cast, fetched):
    content = build_content(cast.program)
    (results,) = [s for s in content.sections if s.title == "Resultat"]
    section = next(s for s in results.subsections if s.title == "Nyckeltal")
    assert any("Källa: Kolada, RKA. Hämtat 2026-06-01." in p for p in section.paragraphs)
    rows = {row[0]: row for row in section.tables[0].rows}
    assert rows["Meritvärde åk 9 (N15413)"][1:4] == ["2024", "225,3", "ökat sedan 2023"]
    assert rows["Sjukpenningtalet, dagar/försäkrad 16-64 år (N00967)"][4:] == ["9,4", "saknas", "8,9"]


def test_the_coordinator_chooses_a_suggested_figure(cast):
    url = reverse("indicators:indicator-create", args=["alingsas"])
    page = cast.client(cast.coordinator).get(url, {"q": "sjukpenning"})
    assert "N00967" in page.content.decode() and "N15413" not in page.content.decode()
    response = cast.client(cast.coordinator).post(url, {"kpi_id": "n00967", "position": 0, "is_active": "on"})
    assert response.status_code == 302
    indicator = Indicator.objects.get(municipality=cast.municipality)
    assert indicator.kpi_id == "N00967" and indicator.title == "Sjukpenningtalet"
    again = cast.client(cast.coordinator).post(url, {"kpi_id": "N00967", "position": 0})
    assert again.status_code == 400 and "redan valt" in again.content.decode()
    bad = cast.client(cast.coordinator).post(url, {"kpi_id": "ABC", "position": 0})
    assert "en bokstav och fem siffror" in bad.content.decode()
    assert cast.client(cast.viewer).post(url, {"kpi_id": "N15413", "position": 0}).status_code == 403
    assert Indicator.objects.count() == 1


def test_the_fetch_button_starts_a_job_that_never_breaks_the_page(cast, chosen):
    # In tests Kolada is unreachable (settings.KOLADA_URL): the job fails with a message.
    response = cast.client(cast.coordinator).post(reverse("indicators:fetch", args=["alingsas"]))
    assert response.status_code == 302
    job = cast.client(cast.coordinator).get(response["Location"])
    assert "De senast hämtade värdena visas som förut." in job.content.decode()
    assert cast.client(cast.viewer).post(reverse("indicators:fetch", args=["alingsas"])).status_code == 403
    assert cast.client(cast.coordinator).get(reverse("indicators:list", args=["alingsas"])).status_code == 200


def test_the_command_reports_a_failure_and_keeps_the_values(cast, fetched):
    out, err = io.StringIO(), io.StringIO()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="1 kommuner"):
        call_command("fetch_indicators", stdout=out, stderr=err)
    assert "De senast hämtade värdena finns kvar." in err.getvalue()
    assert IndicatorValue.objects.filter(municipality=cast.municipality).count() > 0
