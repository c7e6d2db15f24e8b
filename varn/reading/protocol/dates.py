"""Dates and § references as protocols write them: "2025-10-22", "den 13 september 2023",
"12.03.2024", "2024-2-20", a day and month without a year; "§ 12", "§ 12/2024", "KS § 45". Pure."""

from __future__ import annotations

import datetime
import re

MONTHS = {
    "januari": 1,
    "februari": 2,
    "mars": 3,
    "april": 4,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "augusti": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}
_ISO_DATE = r"(?<![\d-])((?:19|20)\d\d)-(\d\d)-(\d\d)(?![\d])"
_TEXT_DATE = r"(?<!\d)([0-3]?\d)\s+(" + "|".join(MONTHS) + r")\s+((?:19|20)\d\d)(?!\d)"
DATE_RX = re.compile(_ISO_DATE + "|" + _TEXT_DATE)
DATE_LINE_RX = re.compile(r"\s*(?:den\s+)?(?:" + _ISO_DATE + "|" + _TEXT_DATE + r")\s*$")
PARA_RX = re.compile(r"§\s*(\d{1,4})(?:\s*/\s*((?:19|20)?\d\d)(?!\d))?(?![\d.,]\d)")


def date_of(m: re.Match[str]) -> str | None:
    try:
        if m.group(1):
            d = datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        else:
            d = datetime.date(int(m.group(6)), MONTHS[m.group(5)], int(m.group(4)))
    except ValueError:
        return None
    return d.isoformat()


# Every date format the corpus shows, on folded text: "2025-10-22", "2024-2-20", "12.03.2024",
# "den 13 september 2023", "13 september" (no year), and "161025" (YYMMDD) right before ", §".
_ANY_DATE_RX = re.compile(
    r"(?<![\d-])(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)(?![\d])"
    r"|(?<![\d.])(?P<d2>[0-3]?\d)\.(?P<m2>[01]?\d)\.(?P<y2>(?:19|20)\d\d)(?![\d])"
    r"|(?<!\d)(?P<d3>[0-3]?\d)\s+(?P<mon>" + "|".join(MONTHS) + r")(?:\s+(?P<y3>(?:19|20)\d\d)(?!\d))?"
    r"|(?<![\d-])(?P<ys>\d\d)(?P<ms>[01]\d)(?P<ds>[0-3]\d)(?=,?\s*§)"
)


def find_dates(folded: str, start: int = 0, end: int | None = None, meeting: str | None = None):
    """(start, end, ISO date) of every date in folded[start:end]. A date without a year takes the
    meeting's year (the year before when that would put it after the meeting)."""
    end = len(folded) if end is None else end
    found: list[tuple[int, int, str]] = []
    for m in _ANY_DATE_RX.finditer(folded, start, end):
        g = m.groupdict()
        try:
            if g["y"]:
                d = datetime.date(int(g["y"]), int(g["m"]), int(g["d"]))
            elif g["y2"]:
                d = datetime.date(int(g["y2"]), int(g["m2"]), int(g["d2"]))
            elif g["mon"]:
                if g["y3"]:
                    d = datetime.date(int(g["y3"]), MONTHS[g["mon"]], int(g["d3"]))
                elif meeting:
                    d = datetime.date(int(meeting[:4]), MONTHS[g["mon"]], int(g["d3"]))
                    if d.isoformat() > meeting:
                        d = d.replace(year=d.year - 1)
                else:
                    continue
            else:
                d = datetime.date(2000 + int(g["ys"]), int(g["ms"]), int(g["ds"]))
        except ValueError:
            continue
        found.append((m.start(), m.end(), d.isoformat()))
    return found
