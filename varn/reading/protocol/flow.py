"""Consecutive lines joined into running text, with de-hyphenation and a map back to the lines. Pure."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from varn.reading.textnorm import fold

from .layout import Line

SENTENCE_END_RX = re.compile(r"(?<=[.!?:])\s+(?=[A-ZÅÄÖ\"§0-9])|\n\s*\n")


@dataclass
class Flow:
    """Consecutive lines joined into running text, with de-hyphenation and a map back to lines."""

    text: str
    folded: str
    starts: list[int]
    numbers: list[int]

    @classmethod
    def of(cls, lines: list[Line]) -> Flow:
        parts: list[str] = []
        starts: list[int] = []
        numbers: list[int] = []
        pos = 0
        previous_blank = False
        for line in lines:
            t = line.text.strip()
            if not t:
                if parts and not previous_blank:
                    parts.append("\n\n")
                    pos += 2
                previous_blank = True
                continue
            if parts and not previous_blank:
                prev = parts[-1]
                if prev.endswith("-") and t[:1].islower() and not re.match(r"(och|eller|samt)\b", t):
                    parts[-1] = prev[:-1]
                    pos -= 1
                elif re.search(r"\d-$", prev) and re.match(r"\d", t):
                    pass  # a date or a number broken at its dash: "2021-" / "06-03"
                else:
                    parts.append(" ")
                    pos += 1
            previous_blank = False
            starts.append(pos)
            numbers.append(line.number)
            parts.append(t)
            pos += len(t)
        text = "".join(parts)
        return cls(text, fold(text), starts, numbers)

    def line_at(self, offset: int) -> int:
        if not self.numbers:
            return 0
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.numbers[max(0, i)]

    def lines_of(self, start: int, end: int) -> tuple[int, int]:
        return (self.line_at(start), self.line_at(max(start, end - 1)))

    def sentences(self) -> list[tuple[int, int]]:
        spans = []
        start = 0
        for m in SENTENCE_END_RX.finditer(self.text):
            if m.start() > start:
                spans.append((start, m.start()))
            start = m.end()
        if start < len(self.text):
            spans.append((start, len(self.text)))
        return spans


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def strip_quotes(text: str) -> str:
    return text.strip().strip("\"'").strip()
