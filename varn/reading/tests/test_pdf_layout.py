"""The PDF importer on a layout other than Alingsås' template (other sizes, a footer in a page
margin, a table of contents with dot leaders), drawn here with WeasyPrint."""

from __future__ import annotations

from functools import cache

from varn.reading.documents import import_document
from varn.reading.evaluate_documents import headings_of

BODY = "Kommunen arbetar långsiktigt med frågan och följer upp arbetet varje år tillsammans med andra. " * 6
CSS = """
@page { size: A4; margin: 2cm; @bottom-left { content: "Handlingsplan mot våld, Exempelby kommun"; font-size: 9pt }
        @bottom-right { content: counter(page); font-size: 9pt } @top-right { content: "www.exempelby.se" } }
body { font-family: DejaVu Sans; font-size: 10pt }
h1 { font-size: 18pt; font-weight: bold; width: 9cm } h2 { font-size: 14pt } h3 { font-size: 12pt }
.cover { page-break-after: always; font-size: 30pt; font-weight: bold }
.toc { page-break-after: always } .toc p { margin: 0 }
"""


@cache
def tree() -> list[dict]:
    from weasyprint import HTML

    toc = "".join(
        f"<p>{t} {'.' * 60} {n}</p>"
        for t, n in [("1 Inledning", 3), ("2 Mål och insatser", 3), ("2.1 Skolan", 4)]
    )
    html = f"""<html><head><style>{CSS}</style></head><body>
    <div class="cover">Handlingsplan mot våld i nära relationer</div>
    <div class="toc"><h2>Innehållsförteckning</h2>{toc}</div>
    <h1>1 Inledning och bakgrund till handlingsplanen</h1><p>{BODY}</p>
    <p><b>Alla förvaltningar ska ha en utsedd kontaktperson för arbetet mot våld senast under år 2027 och den ska vara känd.</b></p>
    <h1>2 Mål och insatser</h1><p>{BODY}</p><h2>2.1 Skolan</h2><p>{BODY}</p>
    <h3>2.1.1 Elevhälsan</h3><ul><li>Samtal med elever</li><li>Utbildning av personal</li></ul>
    <p style="page-break-before: always">{BODY}</p><h2>2.2 Socialtjänsten</h2><p>{BODY}</p>
    </body></html>"""
    return import_document(HTML(string=html).write_pdf(), "pdf")


def texts() -> list[str]:
    def walk(nodes):
        for n in nodes:
            yield n["text"]
            yield from walk(n["children"])

    return list(walk(tree()))


def test_headings_keep_their_numbers_and_get_their_levels_from_them():
    assert [(h["text"], h["level"]) for h in headings_of(tree())] == [
        ("1 Inledning och bakgrund till handlingsplanen", 1),
        ("2 Mål och insatser", 1),
        ("2.1 Skolan", 2),
        ("2.1.1 Elevhälsan", 3),
        ("2.2 Socialtjänsten", 2),
    ]


def test_the_cover_contents_and_page_furniture_are_not_content_headings():
    found = texts()
    assert "Handlingsplan mot våld i nära relationer" in found  # the title, as a passage
    assert not any("....." in t or t == "Innehållsförteckning" for t in found)
    assert not any("exempelby.se" in t or t.startswith("Handlingsplan mot våld, Exempelby") for t in found)
    assert not any(t.strip().isdigit() for t in found)


def test_a_bold_sentence_stays_a_paragraph_and_a_list_a_list():
    sentence = next(n for n in tree() if n["text"].startswith("Alla förvaltningar ska ha"))
    assert sentence["type"] == "paragraph"
    (lst,) = [n for n in tree() if n["type"] == "list"]
    assert [i["text"] for i in lst["children"]] == ["Samtal med elever", "Utbildning av personal"]
