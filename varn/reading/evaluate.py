"""Scoring the protocol reader against hand annotations: `python -m varn.reading.evaluate` (`make eval`).

Three sets of annotated protocols are read:

- real: `corpus/annotations/protocols/NAME.json` against `corpus/protocols/NAME.txt` (the first
  line, `# source: …`, is not part of the protocol);
- written here: `varn/decisions/tests/corpus/NAME.json` against `NAME.txt` beside it;
- seed: `../shared/seed/000_9117805203868d6b.txt` against `alingsas_ksau_2025_seed.json` (the copy
  in the written-here corpus when the shared seed is not there).

Each document is scored on eleven fields, each a number from 0 to 1 (normalisation as
`corpus/annotations/README.md` says: case folded, runs of white space made one, typographic quotes
made straight, and for texts, leading and trailing quotes and punctuation dropped):

- `body`, `date`: 1 when the protocol's body (meeting date) equals the annotation's, else 0.
- `paragraphs`: F1 of the set of § numbers found against the annotated ones.
- `case_numbers`: of the paragraphs found that are annotated (matched by number), the share whose
  case number equals the annotation's (None equals None); 0 when no paragraph matched.
- `references`: F1 of the referenced decisions as (§ of the paragraph, body, date, §) over the
  whole document.
- `referral_back`, `rejected_referral_back`: over the matched paragraphs where the annotation or
  the reader has one, ½ for agreeing that there is one plus ½ × F1 of the reasons (both empty:
  1); disagreeing: 0. A document where neither side has one anywhere scores 1.
- `amendments`, `rejected_amendments`: F1 of (§, operation, text) over the document.
- `decision`: over the matched paragraphs, the mean word-level similarity of the decision texts
  (difflib's ratio on the lists of normalised words; both empty: 1); 0 when no paragraph matched.
- `attachments`: F1 of (§, title) over the document.

F1 of two empty sets is 1. A document whose reading raises, or that yields no paragraph while its
annotation has some, scores 0 on every field. A document's score is the mean of its eleven fields;
the printed `score X.XXX` (the last line) is the mean of the document scores over the annotated real
protocols only. The per-field means printed above it are over the real protocols too; the written-
here corpus and the seed are printed for information and guarded by their own tests.

The module is pure (no Django); the reader is passed in, so the scorer is tested on its own.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FIELDS = (
    "body",
    "date",
    "paragraphs",
    "case_numbers",
    "references",
    "referral_back",
    "rejected_referral_back",
    "amendments",
    "rejected_amendments",
    "decision",
    "attachments",
)
SHORT = {
    "body": "body",
    "date": "date",
    "paragraphs": "§",
    "case_numbers": "dnr",
    "references": "refs",
    "referral_back": "remiss",
    "rejected_referral_back": "rej.rem",
    "amendments": "amend",
    "rejected_amendments": "rej.am",
    "decision": "decis",
    "attachments": "attach",
}

ROOT = Path(__file__).resolve().parents[2]
REAL_TEXTS = ROOT / "corpus" / "protocols"
REAL_ANNOTATIONS = ROOT / "corpus" / "annotations" / "protocols"
HERE_CORPUS = ROOT / "varn" / "decisions" / "tests" / "corpus"
SEED_TEXT = ROOT.parent / "shared" / "seed" / "000_9117805203868d6b.txt"
SEED_ANNOTATION = HERE_CORPUS / "alingsas_ksau_2025_seed.json"

Reader = Callable[[str], dict[str, Any]]

# --- Normalisation -------------------------------------------------------------------------------

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "´": "'"})


def norm(value: Any) -> str:
    """Case folded, NFC, quotes straight, white space runs made one."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value)).translate(_QUOTES).casefold()
    return " ".join(text.split())


def norm_text(value: Any) -> str:
    """`norm`, and leading and trailing quotes, list marks and punctuation dropped."""
    return norm(value).strip(" \"'.,;:–-•")


def words(value: Any) -> list[str]:
    return re.findall(r"\w+", norm(value))


# --- Measures ------------------------------------------------------------------------------------


def f1(predicted: Iterable[Any], expected: Iterable[Any]) -> float:
    """F1 of two multisets; 1 when both are empty."""
    pred = list(predicted)
    gold = list(expected)
    if not pred and not gold:
        return 1.0
    remaining = list(gold)
    hits = 0
    for item in pred:
        if item in remaining:
            remaining.remove(item)
            hits += 1
    if hits == 0:
        return 0.0
    precision, recall = hits / len(pred), hits / len(gold)
    return 2 * precision * recall / (precision + recall)


def word_similarity(a: str, b: str) -> float:
    wa, wb = words(a), words(b)
    if not wa and not wb:
        return 1.0
    return difflib.SequenceMatcher(None, wa, wb, autojunk=False).ratio()


def _referral_score(pred: dict | None, gold: dict | None) -> float | None:
    """None when neither has one (the paragraph does not count)."""
    if pred is None and gold is None:
        return None
    if (pred is None) != (gold is None):
        return 0.0
    assert pred is not None and gold is not None
    reasons = f1(
        (norm_text(r) for r in pred.get("reasons") or []), (norm_text(r) for r in gold.get("reasons") or [])
    )
    return 0.5 + 0.5 * reasons


def _mean(values: list[float], empty: float) -> float:
    return sum(values) / len(values) if values else empty


def score_document(predicted: dict[str, Any] | None, expected: dict[str, Any]) -> dict[str, float]:
    """The eleven field scores of one document; `predicted` None (the reader raised) scores 0."""
    gold_paragraphs = expected.get("paragraphs") or []
    if predicted is None or (not predicted.get("paragraphs") and gold_paragraphs):
        return dict.fromkeys(FIELDS, 0.0)
    pred_paragraphs = predicted.get("paragraphs") or []
    gold_by_number = {p["number"]: p for p in gold_paragraphs}
    pred_by_number: dict[int, dict] = {}
    for p in pred_paragraphs:
        pred_by_number.setdefault(p["number"], p)
    matched = [(pred_by_number[n], gold_by_number[n]) for n in gold_by_number if n in pred_by_number]
    scores: dict[str, float] = {
        "body": float(norm(predicted.get("body")) == norm(expected.get("body"))),
        "date": float(norm(predicted.get("meeting_date")) == norm(expected.get("meeting_date"))),
        "paragraphs": f1((p["number"] for p in pred_paragraphs), (p["number"] for p in gold_paragraphs)),
    }
    no_match = 0.0 if gold_paragraphs else 1.0
    scores["case_numbers"] = _mean(
        [float(norm(p.get("case_number")) == norm(g.get("case_number"))) for p, g in matched], no_match
    )

    def per_paragraph(paragraphs: list[dict], key: str, item: Callable[[dict], Any]) -> list[Any]:
        return [(p["number"], item(x)) for p in paragraphs for x in p.get(key) or []]

    def ref(r: dict) -> tuple:
        return (norm(r.get("body")), r.get("date"), r.get("paragraph"))

    def amendment(a: dict) -> tuple:
        text = a.get("old_text") if a.get("operation") == "delete" and not a.get("text") else a.get("text")
        return (a.get("operation"), norm_text(text))

    def attachment(title: Any) -> str:
        return norm_text(title)

    for key, item in (
        ("references", ref),
        ("amendments", amendment),
        ("rejected_amendments", amendment),
        ("attachments", attachment),
    ):
        field_key = "references" if key == "references" else key
        source_key = "referenced_decisions" if key == "references" else key
        scores[field_key] = f1(
            per_paragraph(pred_paragraphs, source_key, item), per_paragraph(gold_paragraphs, source_key, item)
        )
    for key in ("referral_back", "rejected_referral_back"):
        values = [s for p, g in matched if (s := _referral_score(p.get(key), g.get(key))) is not None]
        # A referral back the reader saw in a paragraph not annotated at all counts against it too.
        values += [0.0 for n, p in pred_by_number.items() if n not in gold_by_number and p.get(key)]
        scores[key] = _mean(values, 1.0)
    scores["decision"] = _mean(
        [word_similarity(p.get("decision") or "", g.get("decision") or "") for p, g in matched], no_match
    )
    return {k: scores[k] for k in FIELDS}


# --- Running it ----------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    group: str  # "real", "here", "seed"
    scores: dict[str, float]
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def mean(self) -> float:
        return sum(self.scores.values()) / len(self.scores)


def protocol_text(path: Path) -> str:
    """A corpus file's text without its `# source:` first line."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("# source:"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
    return text


def documents(root: Path = ROOT) -> list[tuple[str, str, Path, Path]]:
    """(group, name, text, annotation) of every annotated protocol."""
    out: list[tuple[str, str, Path, Path]] = []
    annotations = root / "corpus" / "annotations" / "protocols"
    texts = root / "corpus" / "protocols"
    for annotation in sorted(annotations.glob("*.json")):
        out.append(("real", annotation.stem, texts / f"{annotation.stem}.txt", annotation))
    here = root / "varn" / "decisions" / "tests" / "corpus"
    for annotation in sorted(here.glob("*.json")):
        if annotation.name != SEED_ANNOTATION.name:
            out.append(("here", annotation.stem, annotation.with_suffix(".txt"), annotation))
    seed_text = root.parent / "shared" / "seed" / SEED_TEXT.name
    if not seed_text.exists():
        seed_text = here / "alingsas_ksau_2025_seed.txt"
    out.append(("seed", "seed", seed_text, here / SEED_ANNOTATION.name))
    return out


def evaluate(reader: Reader, docs: list[tuple[str, str, Path, Path]]) -> list[Result]:
    results = []
    for group, name, text_path, annotation_path in docs:
        expected = json.loads(annotation_path.read_text(encoding="utf-8"))
        predicted: dict[str, Any] | None
        error = None
        try:
            predicted = reader(protocol_text(text_path))
        except Exception as exc:  # a document that raises scores 0, and the run goes on
            predicted, error = None, f"{type(exc).__name__}: {exc}"
        results.append(Result(name, group, score_document(predicted, expected), error))
    return results


def field_means(results: list[Result]) -> dict[str, float]:
    return {k: _mean([r.scores[k] for r in results], 0.0) for k in FIELDS}


def overall(results: list[Result]) -> float:
    return _mean([r.mean for r in results if r.group == "real"], 0.0)


def report(results: list[Result]) -> str:
    width = max([len(r.name) for r in results] + [20])
    head = f"{'document':<{width}} " + " ".join(f"{SHORT[k]:>7}" for k in FIELDS) + "    mean"
    lines = [head, "-" * len(head)]
    for group, title in (("real", "real protocols"), ("here", "written here"), ("seed", "seed")):
        members = [r for r in results if r.group == group]
        if not members:
            continue
        lines.append(f"[{title}: {len(members)}]")
        for r in members:
            row = " ".join(f"{r.scores[k]:7.3f}" for k in FIELDS)
            lines.append(f"{r.name:<{width}} {row} {r.mean:7.3f}" + (f"  ! {r.error}" if r.error else ""))
        means = field_means(members)
        row = " ".join(f"{means[k]:7.3f}" for k in FIELDS)
        lines.append(f"{'mean (' + title + ')':<{width}} {row} {_mean([r.mean for r in members], 0):7.3f}")
    real = [r for r in results if r.group == "real"]
    lines.append("")
    lines.append("per field, real protocols:")
    for k, v in field_means(real).items():
        lines.append(f"  {k:<24} {v:.3f}")
    failing = [r.name for r in real if r.mean == 0.0]
    lines.append(f"documents failing: {len(failing)}" + (f" ({', '.join(failing)})" if failing else ""))
    lines.append(f"score {overall(results):.3f}")
    return "\n".join(lines)


def _reader() -> Reader:
    from varn.reading.protocol import parse_protocol

    return lambda text: parse_protocol(text).as_json()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    docs = documents()
    if args:
        docs = [d for d in docs if any(a in d[1] for a in args)]
    print(report(evaluate(_reader(), docs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
