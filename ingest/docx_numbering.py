"""Word automatic numbering (numbering.xml) rendered as the text a reader sees ("1.", "a)").

Word does not store the "Điều 3." or "a)" of an automatically numbered paragraph in its text;
without this the structure parser would miss those markers.  Supported: decimal, letters,
roman numerals and bullets (rendered "-"), multi-level templates ("%1.%2."), start values and
per-list counters that restart deeper levels.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class Level:
    """One level of a list template."""

    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class Numbering:
    """List definitions of a document and the running counters."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # numId -> ilvl -> Level
    counters: dict[str, list[int]] = field(default_factory=dict)

    def label(self, num_id: str, ilvl: int) -> str:
        """Return the visible label of the next paragraph of list num_id at level ilvl."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counts = self.counters.setdefault(num_id, [0] * 10)
        ilvl = min(ilvl, 9)
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, 10):
            counts[deeper] = 0
        text = levels[ilvl].text
        for lvl in range(ilvl + 1):
            level = levels.get(lvl, Level())
            value = counts[lvl] + level.start - 1 if counts[lvl] else level.start
            text = text.replace(f"%{lvl + 1}", format_number(value, level.fmt))
        return "-" if levels[ilvl].fmt == "bullet" else text


def format_number(value: int, fmt: str) -> str:
    """Return value written in a Word number format (decimal, lowerLetter, upperRoman ...)."""
    if fmt in ("lowerLetter", "upperLetter"):
        letters = _letters(value)
        return letters if fmt == "lowerLetter" else letters.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt in ("none", "bullet"):
        return ""
    return str(value)


def _letters(value: int) -> str:
    """Return Word's letter numbering: a..z, then aa, bb ..."""
    value = max(value, 1)
    return chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)


def _roman(value: int) -> str:
    """Return value as an upper-case roman numeral."""
    out = []
    for number, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                            (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"),
                            (5, "V"), (4, "IV"), (1, "I")):
        count, value = divmod(value, number)
        out.append(letters * count)
    return "".join(out)


def parse_numbering(xml: bytes | None) -> Numbering:
    """Return the list definitions of numbering.xml (empty when absent or unreadable)."""
    if not xml:
        return Numbering()
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    abstract = {a.get(f"{W}abstractNumId"): _levels(a) for a in root.iter(f"{W}abstractNum")}
    numbering = Numbering()
    for num in root.iter(f"{W}num"):
        ref = num.find(f"{W}abstractNumId")
        levels = dict(abstract.get(ref.get(f"{W}val") if ref is not None else None, {}))
        for override in num.iter(f"{W}lvlOverride"):
            _apply_override(levels, override)
        numbering.levels[num.get(f"{W}numId")] = levels
    return numbering


def _levels(abstract: etree._Element) -> dict[int, Level]:
    """Return ilvl -> Level of an abstractNum or override."""
    levels = {}
    for lvl in abstract.iter(f"{W}lvl"):
        level = Level(
            fmt=_val(lvl, "numFmt") or "decimal",
            text=_val(lvl, "lvlText") if _val(lvl, "lvlText") is not None else "",
            start=int(_val(lvl, "start") or 1),
        )
        levels[int(lvl.get(f"{W}ilvl") or 0)] = level
    return levels


def _apply_override(levels: dict[int, Level], override: etree._Element) -> None:
    """Apply a w:lvlOverride (start value or a replacement level) to levels."""
    ilvl = int(override.get(f"{W}ilvl") or 0)
    levels.update(_levels(override))
    start = _val(override, "startOverride")
    if start is not None and ilvl in levels:
        old = levels[ilvl]
        levels[ilvl] = Level(old.fmt, old.text, int(start))


def _val(el: etree._Element, name: str) -> str | None:
    """Return the w:val of the child w:<name>, or None."""
    child = el.find(f"{W}{name}")
    return child.get(f"{W}val") if child is not None else None
