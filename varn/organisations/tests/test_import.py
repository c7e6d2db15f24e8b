"""Units and partners added as a pasted list or an Excel file: every row checked and shown with
Swedish reasons, and nothing saved until the coordinator confirms what the preview showed."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from varn.organisations.importing import parse_list
from varn.organisations.models import Partner, Unit

KINDS = {"förvaltning": "administration", "kommunalt bolag": "company", "administration": "administration"}


def url(cast):
    return reverse("organisations:import", args=[cast.slug])


def preview(client, cast, text: str, what: str = "units"):
    return client.post(url(cast), {"what": what, "text": text, "action": "preview"})


def confirm(client, cast, response):
    data = {
        "what": response.context["form"].cleaned_data["what"],
        "text": response.context["form"].cleaned_data["text"],
        "previewed": response.context["fingerprint"],
        "action": "save",
    }
    return client.post(url(cast), data)


def test_a_pasted_list_is_previewed_then_saved_on_confirmation(cast):
    client = cast.client(cast.coordinator)
    text = "Namn; Typ; E-post\nKultur- och fritidsförvaltningen\nAlingsåshem; Kommunalt bolag; info@alingsashem.se\n"
    response = preview(client, cast, text)
    page = response.content.decode()
    assert "Förhandsgranskning" in page and "Kan sparas" in page and "Kommunalt bolag" in page
    assert "Spara 2 organisationer" in page
    assert not Unit.objects.filter(name="Alingsåshem").exists()  # not before confirmation
    assert confirm(client, cast, response).status_code == 302
    saved = Unit.objects.get(municipality=cast.municipality, name="Alingsåshem")
    assert saved.kind == "company" and saved.email == "info@alingsashem.se"
    assert Unit.objects.get(name="Kultur- och fritidsförvaltningen").kind == "administration"
    assert saved.history.first().history_user == cast.coordinator


def test_partners_pasted_from_excel_with_tabs(cast):
    client = cast.client(cast.coordinator)
    response = preview(client, cast, "Polisen i Alingsås\tPolis\nKommunal\tFacklig organisation", "partners")
    confirm(client, cast, response)
    assert set(Partner.objects.filter(municipality=cast.municipality).values_list("name", "kind")) >= {
        ("Polisen i Alingsås", "police"),
        ("Kommunal", "union"),
    }


def test_duplicates_and_bad_rows_are_shown_with_reasons_and_nothing_can_be_saved(cast):
    client = cast.client(cast.coordinator)
    text = "Socialförvaltningen\nTekniska förvaltningen; Okänd sort\nMiljö; ; inte-en-adress\nTekniska förvaltningen"
    response = preview(client, cast, text)
    page = response.content.decode()
    assert "Finns redan i kommunen." in page
    assert "Okänd typ ”Okänd sort”." in page
    assert "”inte-en-adress” är ingen giltig e-postadress." in page
    assert "Står redan på rad 2 i listan." in page
    assert "Spara" not in page.split("Förhandsgranska</button>")[0].split("<form")[-1]
    forged = client.post(url(cast), {"what": "units", "text": text, "action": "save", "previewed": "x"})
    assert forged.status_code == 400  # the rows with errors are shown again, nothing saved
    assert Unit.objects.filter(municipality=cast.municipality).count() == 2  # only the cast's


def test_a_list_changed_after_the_preview_is_not_saved(cast):
    client = cast.client(cast.coordinator)
    response = preview(client, cast, "Kulturförvaltningen")
    data = {
        "what": "units",
        "text": "Något annat",
        "previewed": response.context["fingerprint"],
        "action": "save",
    }
    page = client.post(url(cast), data).content.decode()
    assert "Listan har ändrats sedan förhandsgranskningen" in page
    assert not Unit.objects.filter(name__in=["Något annat", "Kulturförvaltningen"]).exists()


def test_an_excel_file_fills_the_list_for_the_preview(cast):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Namn", "Typ", "E-post"])
    sheet.append(["Region Västra Götaland", "Region", "region@vgregion.se"])
    sheet.append(["Kvinnojouren", "Kvinnojour / idéburen organisation", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("parter.xlsx", buffer.getvalue())
    client = cast.client(cast.coordinator)
    response = client.post(url(cast), {"what": "partners", "file": upload, "action": "preview"})
    page = response.content.decode()
    assert "Region Västra Götaland" in page and "Spara 2 organisationer" in page
    assert not Partner.objects.filter(name="Kvinnojouren").exists()
    confirm(client, cast, response)
    assert Partner.objects.get(name="Kvinnojouren").kind == "shelter"


def test_a_file_that_is_not_excel_is_refused(cast):
    client = cast.client(cast.coordinator)
    upload = SimpleUploadedFile("parter.xlsx", b"inte en arbetsbok")
    response = client.post(url(cast), {"what": "partners", "file": upload, "action": "preview"})
    assert "file" in response.context["form"].errors


def test_an_empty_list_is_explained(cast):
    response = preview(cast.client(cast.coordinator), cast, "  \n ")
    assert "Klistra in en lista eller välj en Excel-fil." in str(response.context["form"].errors["text"])


def test_only_the_coordinator_may_add_a_list(cast):
    assert cast.client(cast.coordinator).get(url(cast)).status_code == 200
    for user in (cast.viewer, cast.unit_editor):
        assert preview(cast.client(user), cast, "Ny förvaltning").status_code == 403
    assert cast.client(cast.outsider).get(url(cast)).status_code == 404
    assert not Unit.objects.filter(name="Ny förvaltning").exists()


def test_the_parser_skips_the_header_and_blank_lines_and_counts_lines():
    rows = parse_list(
        "Namn;Typ\n\nSocial\nBolaget; Kommunalt bolag",
        kinds=KINDS,
        default_kind="administration",
        existing=set(),
    )
    assert [(r.line, r.name, r.kind) for r in rows] == [
        (3, "Social", "administration"),
        (4, "Bolaget", "company"),
    ]
