"""Scoring the programme document importer against hand annotations:
`python -m varn.reading.evaluate_documents` (`make eval-documents`).

Each `corpus/annotations/programmes/NAME.json` (`{"headings": [{"text", "level", "page"}]}`) is
scored against the headings the importer finds in `corpus/programmes/NAME.pdf`. Headings are
compared as a multiset (a document may have several "Mål"), on their text (case folded, runs of
white space made one, typographic dashes and quotes made plain) and level; the text-only F1 ignores
the level. A document that fails to import scores 0. The last line, `headings F1 X.XXX`, is the
F1 over all headings of all annotated documents together.

The module is pure (no Django); the importer is passed in, so the scorer is tested on its own.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROGRAMMES = ROOT / "corpus" / "programmes"
ANNOTATIONS = ROOT / "corpus" / "annotations" / "programmes"

Importer = Callable[[bytes], list[dict]]

_PLAIN = str.maketrans({"–": "-", "—": "-", "‐": "-", "“": '"', "”": '"', "’": "'", "\u00a0": " "})


def norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_PLAIN)
    return re.sub(r"\s+", " ", text).strip().casefold()


def headings_of(tree: Iterable[dict]) -> list[dict]:
    """Every heading block of a block tree, depth first."""
    found: list[dict] = []
    for node in tree:
        if node.get("type") == "heading":
            found.append({"text": node.get("text", ""), "level": node.get("level"), "page": node.get("page")})
        found.extend(headings_of(node.get("children") or []))
    return found


@dataclass
class Counts:
    """Matched, predicted and expected headings; the sums give the F1 over several documents."""

    matched: int = 0
    predicted: int = 0
    expected: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.matched + other.matched, self.predicted + other.predicted, self.expected + other.expected
        )

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else float(not self.expected)

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else float(not self.predicted)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def count(predicted: list[dict], expected: list[dict], *, with_level: bool = True) -> Counts:
    def key(h: dict) -> tuple:
        return (norm(h["text"]), h["level"]) if with_level else (norm(h["text"]),)

    got, want = Counter(map(key, predicted)), Counter(map(key, expected))
    return Counts(sum((got & want).values()), sum(got.values()), sum(want.values()))


@dataclass
class DocumentScore:
    name: str
    headings: Counts
    text_only: Counts
    error: str = ""


def score_document(name: str, predicted: list[dict] | None, expected: list[dict]) -> DocumentScore:
    if predicted is None:
        return DocumentScore(name, Counts(0, 0, len(expected)), Counts(0, 0, len(expected)), "failed")
    return DocumentScore(name, count(predicted, expected), count(predicted, expected, with_level=False))


def evaluate(
    importer: Importer, annotations: Path = ANNOTATIONS, sources: Path = PROGRAMMES
) -> list[DocumentScore]:
    scores = []
    for path in sorted(annotations.glob("*.json")):
        expected = json.loads(path.read_text(encoding="utf-8"))["headings"]
        try:
            predicted: list[dict] | None = headings_of(importer((sources / f"{path.stem}.pdf").read_bytes()))
        except Exception:  # a failing document scores 0 and the others are still scored
            predicted = None
        scores.append(score_document(path.stem, predicted, expected))
    return scores


def report(scores: list[DocumentScore]) -> str:
    lines = [f"{'document':<64} {'P':>6} {'R':>6} {'F1':>6} {'text F1':>8}"]
    for s in scores:
        h = s.headings
        lines.append(
            f"{s.name[:64]:<64} {h.precision:6.3f} {h.recall:6.3f} {h.f1:6.3f} {s.text_only.f1:8.3f}"
            + (f"  ({s.error})" if s.error else "")
        )
    total = sum((s.headings for s in scores), Counts())
    text_total = sum((s.text_only for s in scores), Counts())
    lines.append(f"text-only F1 {text_total.f1:.3f}")
    lines.append(f"headings F1 {total.f1:.3f}")
    return "\n".join(lines)


def main() -> int:
    from varn.reading.documents import import_pdf

    print(report(evaluate(import_pdf)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
