"""Vietnamese dates in legal text: 'ngày 15 tháng 3 năm 2024', '14/06/2005'."""

from __future__ import annotations

import re
from datetime import date

DATE_WORDS = r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
DATE_SLASH = r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})"
_ANY = re.compile(rf"{DATE_WORDS}|(?:ngày\s+)?{DATE_SLASH}", re.IGNORECASE)


def make_date(day: str | int, month: str | int, year: str | int) -> date | None:
    """Return the date, or None when the parts do not form a real date."""
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def find_date(text: str) -> date | None:
    """Return the first date written in text ('ngày 01 tháng 5 năm 2024' or '01/5/2024')."""
    for m in _ANY.finditer(text or ""):
        parts = m.groups()
        found = make_date(*parts[:3]) if parts[0] else make_date(*parts[3:])
        if found:
            return found
    return None


def parse_date_value(value: object) -> date | None:
    """Return a date from a sidecar value: a TOML date, 'YYYY-MM-DD' or 'DD/MM/YYYY'."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return find_date(value)
