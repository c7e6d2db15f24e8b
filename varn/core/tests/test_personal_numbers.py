"""Free text refuses Swedish personal identity numbers (personnummer and samordningsnummer) whose
check digit holds, and lets other numbers through: Värn holds no data about individual cases."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from varn.core.forms import FreeTextMixin, find_personal_numbers, no_personal_numbers


def check_digit(nine: str) -> str:
    total = 0
    for i, ch in enumerate(nine):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return str((10 - total % 10) % 10)


def number(
    day: datetime.date, serial: int, *, coordination: bool = False, century: bool = False, sep: str = "-"
):
    dd = day.day + (60 if coordination else 0)
    six = f"{day:%y%m}{dd:02d}"
    nine = six + f"{serial:03d}"
    prefix = f"{day:%Y}"[:2] if century else ""
    return f"{prefix}{six}{sep}{serial:03d}{check_digit(nine)}"


@pytest.mark.parametrize(
    "text",
    [
        "Anmälan gällde 19121212-1212 i förra veckan.",  # Skatteverkets testperson Tolvan
        "121212-1212",
        "1212121212",
        "191212121212",
        "19121212 1212",
        "Född 121212+1212 (över hundra år)",
        "Samordningsnummer 701063-2391",
        "pnr:811218-9876.",
        # A date-valid number with a wrong check digit is a personal number typed wrong.
        "121212-1213",
        "19121212-1214",
        "701063-2392",
        # However it is written (issue 14).
        "121212–1212",  # en dash
        "121212—1212",  # em dash
        "121212 − 1212",  # minus sign, spaces
        "121212/1212",
        "121212.1212",
        "１２１２１２－１２１２",  # full-width digits and hyphen
        "121212\u200b-1212",  # zero-width space
        "1212\u200d12-1212",  # zero-width joiner inside the date
        "121212\u00a01212",  # non-breaking space
        "121212\u00ad-1212",  # soft hyphen
        "19121212–1212",
        "121212-121",  # without the check digit
        "Samordningsnummer 701063–2391",
    ],
)
def test_it_finds_personal_numbers_whose_check_digit_holds(text):
    assert find_personal_numbers(text)


@pytest.mark.parametrize(
    "text",
    [
        "Alingsås kommun, organisationsnummer 212000-1355",  # month 20: an organisation, not a person
        "Dnr 2025.202 KS, beslut 2025-10-22 § 170",
        "Telefon 0322-61 60 00",
        "Ring 0322616000",
        "121232-1214",  # day 32
        "121300-1212",  # month 13
        "1912121212123",  # thirteen digits: not a personal number
        "Budget 1 500 000 kr, 2 400 timmar",
        "121212121",  # nine digits without a separator
        "Mötet 2025-10-22 kl. 13.00",
        "20991231-1234",  # a date in the future is no one's birth date
    ],
)
def test_it_lets_other_numbers_through(text):
    assert find_personal_numbers(text) == []


@given(
    day=st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2025, 12, 31)),
    serial=st.integers(min_value=0, max_value=999),
    coordination=st.booleans(),
    century=st.booleans(),
    sep=st.sampled_from(["-", "", " ", "+"]),
    before=st.text(alphabet="abc åäö.,:;()", max_size=20),
    after=st.text(alphabet="abc åäö.,:;()", max_size=20),
)
def test_every_valid_number_is_found_wherever_it_stands(
    day, serial, coordination, century, sep, before, after
):
    text = (
        before + " " + number(day, serial, coordination=coordination, century=century, sep=sep) + " " + after
    )
    assert find_personal_numbers(text)


@given(
    day=st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2025, 12, 31)),
    serial=st.integers(min_value=0, max_value=999),
    wrong=st.integers(min_value=1, max_value=9),
)
def test_a_wrong_check_digit_is_still_refused(day, serial, wrong):
    valid = number(day, serial)
    bad = valid[:-1] + str((int(valid[-1]) + wrong) % 10)
    assert find_personal_numbers(bad)


def test_the_message_says_why_in_swedish():
    with pytest.raises(forms.ValidationError) as error:
        no_personal_numbers("Kontakt: 121212-1212")
    assert error.value.code == "personal_number"
    assert "Värn får inte innehålla uppgifter om enskilda personer" in error.value.messages[0]


class NoteForm(FreeTextMixin, forms.Form):
    title = forms.CharField()
    narrative = forms.CharField(widget=forms.Textarea, required=False)
    count = forms.IntegerField(required=False)


def test_a_form_with_the_mixin_refuses_the_number_in_any_text_field():
    form = NoteForm({"title": "Uppföljning", "narrative": "Gäller 191212121212, se akten", "count": "3"})
    assert not form.is_valid()
    assert list(form.errors) == ["narrative"]
    assert "personnummer" in form.errors["narrative"][0]


def test_a_form_without_numbers_is_valid():
    form = NoteForm({"title": "Uppföljning 2025", "narrative": "Dnr 2025.202 KS, 12 deltagare", "count": "3"})
    assert form.is_valid()


def test_an_upload_named_with_a_personal_number_is_refused():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from varn.core.uploads import check_upload

    with pytest.raises(forms.ValidationError, match="personnummer"):
        check_upload(SimpleUploadedFile("anmälan 121212–1212.txt", b"Protokoll"), {"text"})
    assert check_upload(SimpleUploadedFile("protokoll 2025-10-22.txt", b"Protokoll"), {"text"}).kind == "text"


def test_a_protocol_whose_text_holds_a_personal_number_is_refused(db):
    from varn.core.models import Job
    from varn.decisions.tasks import read_protocol
    from varn.factories import MunicipalityFactory

    job = Job.objects.create(municipality=MunicipalityFactory(), kind="protocol_import", title="Läser")
    read_protocol.call(job.pk, text="§ 12 Dnr 2025.1 KS\nAnmälan om 19121212\u20111212\n", source_name="x")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "personnummer" in job.message
