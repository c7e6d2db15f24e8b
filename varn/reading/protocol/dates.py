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
