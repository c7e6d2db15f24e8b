"""Inputs for the benchmark of issue 7 (`make bench` times them; nothing here measures):
a 300-page protocol text and a 200-page programme tree with 100 amendments. Deterministic."""

from __future__ import annotations

import random

PAGE_HEADER = "Kommunstyrelsen\nSammanträdesprotokoll\n2025-10-22"
PAGE_FOOTER = "Justerandes signatur                Utdragsbestyrkande"

_TOPICS = [
    "Svar på motion om trygghet i centrum",
    "Revidering av riktlinjer för bostadsanpassning",
    "Program om våldsförebyggande arbete",
    "Delårsrapport för kommunstyrelsen",
    "Medborgarförslag om belysning i parken",
    "Överenskommelse om samverkan med polisen",
]


def protocol_text(pages: int = 300, seed: int = 7) -> str:
    """A protocol of about `pages` pages: one § per page and a half, with ärendebeskrivning,
    yrkanden, beslutsgång with votes, referenced decisions, amendments and headers on every page."""
    rng = random.Random(seed)
    out: list[str] = []
    line_count = 0
    page = 1
    number = 1

    def emit(line: str) -> None:
        nonlocal line_count, page
        out.append(line)
        line_count += 1
        if line_count >= 48:
            out.append(f"Sida {page} av {pages}")
            out.append("\f" + PAGE_HEADER)
            out.append(PAGE_FOOTER)
            line_count = 0
            page += 1

    for line in PAGE_HEADER.split("\n"):
        emit(line)
    while page <= pages:
        topic = rng.choice(_TOPICS)
        emit("")
        emit(f"§ {number}    Dnr KS 2025/{100 + number}")
        emit(f"{topic} ({number})")
        emit("")
        emit("Ärendebeskrivning")
        emit(
            f"Kommunfullmäktige beslutade den {rng.randint(1, 28)} maj 2024, § {rng.randint(1, 300)} att "
            "bifalla motionen. Socialnämnden beslutade 2025-03-18, § 12 att godkänna förslaget."
        )
        for _ in range(rng.randint(8, 20)):
            emit(
                "Förvaltningen har berett ärendet i dialog med övriga förvaltningar och bedömer att "
                "arbetet kan genomföras inom befintlig ram under perioden."
            )
        emit("")
        emit("Yrkanden")
        emit("Anna Andersson (S) yrkar bifall till förvaltningens förslag.")
        emit("Bengt Berg (M) yrkar att ärendet ska återremitteras för att utreda kostnaderna.")
        emit("")
        emit("Beslutsgång")
        emit(
            "Ordföranden frågar om ärendet ska avgöras i dag eller återremitteras och finner att "
            "det ska avgöras i dag."
        )
        emit("")
        emit("Beslut")
        emit("Kommunstyrelsen föreslår kommunfullmäktige att anta förslaget med följande tillägg:")
        emit(f"Tillägg {number}")
        emit(
            f"På sidan {rng.randint(1, 200)}, under rubriken Avsnitt {rng.randint(1, 200)}, läggs följande "
            'till: "samt i samverkan med de fackliga parterna".'
        )
        emit("")
        emit("Beslutsunderlag")
        emit("• Tjänsteskrivelse")
        emit("• Förslag till program")
        number += 1
    return "\n".join(out)


def programme_tree(pages: int = 200, seed: int = 7) -> list[dict]:
    """A programme of `pages` pages: on each page a heading, paragraphs and a list; a table with
    three columns on every tenth page."""
    rng = random.Random(seed)
    tree: list[dict] = []
    n = 0

    def node(type_: str, page: int, text: str = "", children=None, **extra) -> dict:
        nonlocal n
        n += 1
        return {"id": f"b{n}", "type": type_, "page": page, "text": text, "children": children or [], **extra}

    for page in range(1, pages + 1):
        tree.append(node("heading", page, f"Avsnitt {page}", level=2))
        for k in range(4):
            tree.append(
                node(
                    "paragraph",
                    page,
                    f"Stycke {k + 1} på sidan {page}. Arbetet bedrivs i samverkan mellan olika förvaltningar "
                    f"i kommunen och följs upp inför revidering (punkt {rng.randint(1, 9999)}).",
                )
            )
        tree.append(
            node(
                "list",
                page,
                children=[node("list_item", page, f"Insats {page}.{i}") for i in range(1, 4)],
            )
        )
        if page % 10 == 0:
            rows = []
            for r in range(3):
                cells = [node("cell", page, f"Rad {r} kolumn {c}") for c in range(1, 3)]
                cells.append(
                    node(
                        "cell",
                        page,
                        "",
                        [node("list", page, children=[node("list_item", page, f"Utbildning {r}")])],
                    )
                )
                rows.append(node("row", page, children=cells))
            tree.append(node("table", page, f"Tabell på sidan {page}", rows[:1] + rows[1:2]))
    return tree


def amendments(count: int = 100, pages: int = 200, seed: int = 7) -> list[dict]:
    """`count` amendments to programme_tree(pages): appends after anchors, new bullets, replacements,
    new paragraphs and bullets in table columns, spread over the pages."""
    rng = random.Random(seed)
    out = []
    used: set[int] = set()
    for i in range(count):
        page = rng.randint(1, pages)
        while page in used:
            page = rng.randint(1, pages)
        used.add(page)
        label = f"Tillägg {i + 1}"
        decision = "KS 2025-10-22 § 170"
        kind = i % 5
        if kind == 0:
            a = {
                "operation": "append",
                "anchor_text": f"Stycke 2 på sidan {page}",
                "text": "och med regionen",
            }
        elif kind == 1:
            a = {"operation": "add_bullet", "heading": f"Avsnitt {page}", "text": f"Ny insats {i}"}
        elif kind == 2:
            a = {
                "operation": "replace",
                "old_text": f"Stycke 3 på sidan {page}",
                "text": f"Tredje stycket på sidan {page}",
            }
        elif kind == 3:
            a = {"operation": "insert", "heading": f"Avsnitt {page}", "text": f"Ett nytt stycke {i}."}
        else:
            a = {
                "operation": "append",
                "heading": f"Avsnitt {page}",
                "sentence": "last",
                "text": "samt med de fackliga parterna",
            }
        out.append({"label": label, "decision": decision, "page": page, **a})
    return out
