"""The Kolada client against stored responses in Kolada's documented format: no internet."""

import pytest
import requests

from varn.indicators.kolada import KoladaClient, KoladaError, county_id

from .fakes import BASE, STANDARD, session


def client(routes=STANDARD):
    s, adapter = session(routes)
    return KoladaClient(BASE, session=s), adapter


def test_it_follows_next_page_and_keeps_each_values_url():
    kolada, adapter = client()
    points = kolada.data(["N00967", "N15413"], ["1489", "0014", "0000"], [2024, 2025])
    assert len(adapter.requested) == 2
    assert adapter.requested[0] == f"{BASE}/data/kpi/N00967,N15413/municipality/1489,0014,0000/year/2024,2025"
    assert "page=2" in adapter.requested[1]
    country = [p for p in points if p.kpi == "N15413" and p.area == "0000"]
    assert country[0].value == 229.8 and country[0].count == 290 and "page=2" in country[0].url
    assert {p.gender for p in points if p.kpi == "N00967" and p.area == "1489"} == {"T", "K", "M"}


def test_a_missing_value_is_kept_as_missing_with_its_status():
    kolada, _ = client()
    points = kolada.data(["N15413"], ["1489"], [2025])
    missing = [p for p in points if p.kpi == "N15413" and p.period == 2025 and p.area == "1489"]
    assert missing[0].value is None and missing[0].status == "Missing"


def test_every_request_has_a_timeout():
    kolada, adapter = client()
    kolada.kpis(["N00967"])
    assert adapter.timeouts[0] is not None


def test_it_reads_the_kpi_catalogue_and_municipality_groups():
    kolada, _ = client()
    kpis = {k.id: k for k in kolada.kpis(["N00967", "N15413"])}
    assert kpis["N00967"].is_divided_by_gender and not kpis["N15413"].is_divided_by_gender
    assert kpis["N15413"].title == "Meritvärde åk 9"
    groups = kolada.municipality_groups()
    assert groups[0].id == "G00001" and "1489" in groups[0].members


@pytest.mark.parametrize(
    "answer, message",
    [
        (500, "felkod 500"),
        (404, "felkod 404"),
        (requests.ConnectTimeout("slow"), "inte i tid"),
        (requests.ConnectionError("down"), "gick inte att nå"),
        ("README.md", "inte är JSON"),
    ],
)
def test_an_error_from_kolada_is_a_kolada_error_in_swedish(answer, message):
    kolada, _ = client([("/data/", answer)])
    with pytest.raises(KoladaError, match=message):
        kolada.data(["N00967"], ["1489"], [2025])


def test_a_json_body_that_is_not_kolada_format_is_refused():
    kolada, _ = client([("/kpi/", "not_kolada.json")])
    with pytest.raises(KoladaError, match="oväntat format"):
        kolada.kpis(["N00967"])


def test_the_county_id_is_00_and_the_county_code():
    assert county_id("1489") == "0014"
    assert county_id("0180") == "0001"
