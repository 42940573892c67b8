"""Communes and wards after the 2025 reorganisation: which new unit holds an old one.

The 34 resolutions of the Standing Committee of the National Assembly of 16/6/2025 (one per
province, `../shared/localities/*_NQ-UBTVQH15.md`) name each new commune or ward and the units
it was formed from: "Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của thị trấn Kế Sách,
xã Kế An và xã Kế Thành thành xã mới có tên gọi là **xã Kế Sách**."  `read_resolutions`
turns them into a table; `Localities.find(name)` answers with today's unit for an old or a
new name ("Kế An" -> xã Kế Sách, thành phố Cần Thơ), folded, with or without the unit word.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ingest.ids import ascii_fold

KINDS = ("đặc khu", "thị trấn", "phường", "xã")
_KIND = "|".join(KINDS)
_ITEM = re.compile(r"(?m)^\s*\d{1,3}\\?\.\s+")
_NEW = re.compile(rf"thành (?:{_KIND}) mới có tên gọi là ({_KIND}) ([^.;,]+?)\s*[.;]?$")
_FROM = re.compile(r"(?:quy mô dân số|dân số) của (.+?) thành (?:" + _KIND + ") mới")
_PROVINCE = re.compile(r"CẤP XÃ CỦA ((?:TỈNH|THÀNH PHỐ) .+?) NĂM 2025")
_UNIT = re.compile(rf"(?:các )?({_KIND})\s+")


@dataclass(frozen=True)
class Unit:
    """A commune, ward, town or special zone: its kind and name ('xã', 'Kế Sách')."""

    kind: str
    name: str

    @property
    def label(self) -> str:
        """Return the unit as written ('xã Kế Sách')."""
        return f"{self.kind} {self.name}"


@dataclass(frozen=True)
class Locality:
    """A unit formed in 2025, its province and the units it was formed from."""

    unit: Unit
    province: str  # "thành phố Cần Thơ"
    formed_from: tuple[Unit, ...]
    resolution: str  # "1668/NQ-UBTVQH15"

    @property
    def label(self) -> str:
        """Return 'xã Kế Sách, thành phố Cần Thơ'."""
        return f"{self.unit.label}, {self.province}"


def fold(text: str) -> str:
    """Return a name folded for matching: no diacritics, lower case, single spaces."""
    return " ".join(ascii_fold(text).lower().split())


def _plain(text: str) -> str:
    """Return Markdown text without emphasis and escapes, on one line."""
    return " ".join(text.replace("**", " ").replace("\\", "").split())


def _units(text: str) -> tuple[Unit, ...]:
    """Return the units a list names: 'các phường Tân An, Thới Bình và xã Mỹ Khánh'."""
    text = re.sub(r"và một phần diện tích tự nhiên, quy mô dân số của", ",", text)
    out, kind = [], None
    for part in re.split(r",\s*|\s+và\s+", text):
        m = _UNIT.match(part)
        if m:
            kind, part = m.group(1), part[m.end():]
        part = re.sub(r"\s*\(.*?\)\s*", " ", part).strip(" .")
        if kind and part:
            out.append(Unit(kind, part))
    return tuple(out)


def parse_resolution(text: str, resolution: str) -> list[Locality]:
    """Return the new units one resolution forms, with the units each came from."""
    province = _PROVINCE.search(_plain(text[:3000]))
    where = province.group(1).capitalize() if province else ""
    where = where[:1].lower() + where[1:] if where else ""
    out = []
    for item in _ITEM.split(text)[1:]:
        sentence = _plain(item.split("\n\n")[0])
        new, old = _NEW.search(sentence), _FROM.search(sentence)
        if new is None:
            continue
        out.append(Locality(Unit(new.group(1), new.group(2).strip()), _title(where),
                            _units(old.group(1)) if old else (), resolution))
    return out


def _title(province: str) -> str:
    """Return 'thành phố Cần Thơ' from 'Thành phố cần thơ' (the place keeps capitals)."""
    for kind in ("thành phố", "tỉnh"):
        if province.lower().startswith(kind):
            return f"{kind} {province[len(kind):].strip().title()}"
    return province


def read_resolutions(folder: Path) -> list[Locality]:
    """Return every new unit the resolutions in a folder form."""
    out: list[Locality] = []
    for path in sorted(folder.glob("*_NQ-UBTVQH15.md")):
        number = path.stem.replace("_", "/")
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
        out += parse_resolution(text, number)
    return out


class Localities:
    """The table of new units, found by their own or an old unit's name."""

    def __init__(self, localities: list[Locality]) -> None:
        self.all = list(localities)
        self._by_name: dict[str, list[Locality]] = {}
        for loc in self.all:
            for unit in (loc.unit, *loc.formed_from):
                for key in {fold(unit.name), fold(unit.label)}:
                    self._by_name.setdefault(key, [])
                    if loc not in self._by_name[key]:
                        self._by_name[key].append(loc)

    def find(self, name: str) -> list[Locality]:
        """Return today's units a name (old or new, with or without 'xã') may mean; the
        unit that carries the name itself first."""
        key = fold(name)
        found = self._by_name.get(key, [])
        return sorted(found, key=lambda loc: fold(loc.unit.name) != _bare(key))

    def today(self, name: str) -> Locality | None:
        """Return the unit a name means today when it means exactly one, else None."""
        found = self.find(name)
        own = [loc for loc in found if fold(loc.unit.name) == _bare(fold(name))]
        return own[0] if len(own) == 1 else (found[0] if len(found) == 1 else None)


def _bare(key: str) -> str:
    """Return a folded name without its unit word ('xa ke sach' -> 'ke sach')."""
    for kind in KINDS:
        prefix = fold(kind) + " "
        if key.startswith(prefix):
            return key[len(prefix):]
    return key
