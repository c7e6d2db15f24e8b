"""English as the second locale: the switcher's cookie turns the pages English, the browser's
Accept-Language does not, the English catalogue is complete, and the documents Värn writes for the
municipality stay Swedish whatever language their user reads Värn in."""

from __future__ import annotations

import ast
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from varn.factories import MeasureFactory, ProgramVersionFactory

PO_FILE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
ENGLISH_BROWSER = "en-GB,en;q=0.9"


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def measures(cast):
    for _ in range(3):
        MeasureFactory(program=cast.program, responsible_unit=cast.unit)


def test_the_sign_in_page_is_english_with_the_english_cookie(db, client):
    body = english(client).get(reverse("core:login")).content.decode()
    assert '<html lang="en">' in body
    assert "Sign in to Värn" in body and "Username" in body and "Password" in body
    assert "Skip to content" in body and "Change language" in body
    assert "Logga in i Värn" not in body


def test_the_dashboard_is_english_with_the_english_cookie(cast, measures):
    body = (
        english(cast.client(cast.viewer))
        .get(reverse("programs:dashboard", args=[cast.slug]))
        .content.decode()
    )
    assert '<html lang="en">' in body
    assert "Overview – Alingsås kommun" in body
    assert "Measures by status" in body and "Measures by administration" in body
    assert "Sign out" in body and "Main menu" in body
    assert (
        ">Programmes</a>" in body and ">Goals</a>" in body and ">Decisions</a>" in body
    )  # plural in the menu
    assert "Insatser per status" not in body


def test_the_measure_list_is_english_with_the_english_cookie(cast, measures):
    response = english(cast.client(cast.coordinator)).get(reverse("programs:measure-list", args=[cast.slug]))
    body = response.content.decode()
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in body
    assert "3 measures" in body and "Filter measures" in body and "New measure" in body
    assert "In progress" in body and "Universal" in body  # choice labels from the models
    assert "3 insatser" not in body


def test_one_measure_is_singular_in_english(cast):
    MeasureFactory(program=cast.program, responsible_unit=cast.unit)
    body = (
        english(cast.client(cast.viewer))
        .get(reverse("programs:measure-list", args=[cast.slug]))
        .content.decode()
    )
    assert "1 measure<" in body


@pytest.mark.parametrize("name", ["core:login", "programs:dashboard", "programs:measure-list"])
def test_an_english_browser_without_the_cookie_still_gets_swedish(cast, measures, name):
    client = cast.client(cast.viewer) if name != "core:login" else Client()
    url = reverse(name, args=[cast.slug]) if name != "core:login" else reverse(name)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=ENGLISH_BROWSER)
    body = response.content.decode()
    assert response["Content-Language"] == "sv"
    assert '<html lang="sv">' in body
    assert {
        "core:login": "Logga in i Värn",
        "programs:dashboard": "Insatser per status",
        "programs:measure-list": "3 insatser",
    }[name] in body


def test_an_unknown_language_in_the_cookie_gives_swedish(cast):
    client = cast.client(cast.viewer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    assert '<html lang="sv">' in client.get(reverse("programs:dashboard", args=[cast.slug])).content.decode()


def test_an_english_request_leaves_no_language_behind_in_the_thread(db, client):
    english(client).get(reverse("core:login"))
    assert translation.get_language() == settings.LANGUAGE_CODE


def test_the_switcher_posts_english_and_the_next_page_is_english(db, client):
    client.post("/i18n/setlang/", {"language": "en", "next": reverse("core:login")})
    assert "Sign in to Värn" in client.get(reverse("core:login")).content.decode()


# Documents for the municipality stay Swedish


def test_a_programme_exported_by_an_english_user_is_a_swedish_document(cast):
    import docx

    version = ProgramVersionFactory(program=cast.program, municipality=cast.municipality, number=1)
    response = english(cast.client(cast.viewer)).get(
        reverse("documents:version-docx", args=[cast.slug, cast.program.pk, version.number])
    )
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "Version 1 (utkast)" in text
    assert "Draft" not in text


def test_a_report_built_while_english_is_active_is_swedish(cast, measures):
    from varn.followup.services import build_report

    with translation.override("en"):
        report = build_report(cast.program, by=cast.coordinator, formats=("docx",))
        assert translation.get_language() == "en"  # the report's Swedish does not leak out either
    titles = [section["title"] for section in report.content["sections"]]
    assert report.title.startswith("Uppföljning av")
    assert "Sammanfattning" in titles and "Summary" not in titles


# The English catalogue


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr[n] and flags. Enough of the
    format for Django's makemessages output (no obsolete entries are kept there)."""
    entries: list[dict] = []
    entry: dict = {}
    field = ""
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line:
            if "msgid" in entry:
                entries.append(entry)
            entry, field = {}, ""
        elif line.startswith("#,"):
            entry.setdefault("flags", set()).update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] += ast.literal_eval(line)
        else:
            keyword, literal = line.split(" ", 1)
            field = keyword
            entry[field] = ast.literal_eval(literal)
    return entries


def msgstrs(entry: dict) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def test_the_english_catalogue_has_every_message_translated_and_none_fuzzy():
    entries = read_po(PO_FILE)
    header, messages = entries[0], entries[1:]
    assert header["msgid"] == "" and "Language: en\n" in header["msgstr"]
    assert "fuzzy" not in header.get("flags", set())
    assert len(messages) > 1000
    untranslated = [e["msgid"] for e in messages if not all(s.strip() for s in msgstrs(e))]
    fuzzy = [e["msgid"] for e in messages if "fuzzy" in e.get("flags", set())]
    assert untranslated == [] and fuzzy == []


def test_plural_messages_have_both_english_forms():
    plurals = [e for e in read_po(PO_FILE) if "msgid_plural" in e]
    assert plurals
    for entry in plurals:
        assert entry.get("msgstr[0]") and entry.get("msgstr[1]"), entry["msgid"]
        assert entry["msgstr[0]"] != entry["msgstr[1]"] or entry["msgid"] == entry["msgid_plural"]


def test_translations_keep_every_placeholder_of_their_message():
    placeholder = re.compile(r"%\(\w+\)[sd]|%%")
    for entry in read_po(PO_FILE)[1:]:
        # A plural form answers to the Swedish plural: "Den insats som kostat mest" needs no number,
        # "De %(count)s insatser som kostat mest" does.
        for key, text in (("msgstr[1]", "msgid_plural"), ("msgstr[0]", "msgid"), ("msgstr", "msgid")):
            if key in entry:
                wanted = sorted(placeholder.findall(entry[text]))
                assert sorted(placeholder.findall(entry[key])) == wanted, entry["msgid"]


GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"}
CONTEXT_NAMES = {"pgettext", "pgettext_lazy", "npgettext"}


def marked_messages(source: str) -> list[tuple[int, str]]:
    """(line, msgid) of every literal a Python file hands to gettext, including calls inside
    f-strings, which xgettext 0.21 does not read, and `….word("…")` (varn.decisions.trail's words,
    listed for xgettext in its WORDS)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name in GETTEXT_NAMES or name == "word" or (name in CONTEXT_NAMES and len(node.args) > 1):
            msgid = node.args[1] if name in CONTEXT_NAMES else node.args[0]
            if isinstance(msgid, ast.Constant) and isinstance(msgid.value, str):
                found.append((node.lineno, msgid.value))
    return found


def test_every_message_the_code_translates_is_in_the_english_catalogue():
    """A message the extraction misses is dropped from the catalogue (obsolete) and its page shows
    Swedish in English: such as _() written inside an f-string."""
    catalogue = {entry["msgid"] for entry in read_po(PO_FILE)}
    root = Path(settings.BASE_DIR) / "varn"
    missing = [
        f"{path.relative_to(root)}:{line}: {msgid!r}"
        for path in sorted(root.rglob("*.py"))
        if "/tests/" not in str(path) and "/migrations/" not in str(path)
        for line, msgid in marked_messages(path.read_text(encoding="utf-8"))
        if msgid not in catalogue
    ]
    assert missing == []
