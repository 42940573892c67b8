"""Communes and wards after the 2025 reorganisation: which new unit holds an old one.

The 34 resolutions of the Standing Committee of the National Assembly of 16/6/2025 (one per
province, `../shared/localities/*_NQ-UBTVQH15.md`) name each new commune or ward and the units
it was formed from: "Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của thị trấn Kế Sách,
xã Kế An và xã Kế Thành thành xã mới có tên gọi là **xã Kế Sách**."  `read_resolutions`
turns them into a table of all 3,321 units of today (also those renamed, "Đổi tên xã Krông
Na thành xã Buôn Đôn", and those kept as they were, "không thực hiện sắp xếp là các xã …");
`Localities.find(name)` answers with today's unit for an old or a new name ("Kế An" -> xã Kế
Sách, thành phố Cần Thơ), with or without diacritics and the unit word.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ingest.ids import ascii_fold
from search.text import spelling_key

KINDS = ("đặc khu", "thị trấn", "phường", "xã")
SOURCE_KINDS = (*KINDS, "huyện")  # a whole district became a special zone (đặc khu Kiên Hải)
_KIND = "|".join(KINDS)
_UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_LETTER = r"[^\W\d_]"

# an item of Điều 1: "12\\. Sắp xếp …", also "114.Sắp xếp" where the export glued the words
_ITEM = re.compile(rf"(?m)^\s*\d{{1,3}}\\?\.(?:\s+|(?={_LETTER}))")
# where the export dropped a space (at emphasis and line ends): "cácxã", "vàLong",
# "củaphường", "Lèngthành xã", "xãCam"; the fixed words are also matched with optional spaces
_GLUED = re.compile("|".join((
    r"(?<=\b(?:của|các|tại))(?=\w)",
    rf"(?<=\bvà)(?=[{_UPPER}]|phần|các|xã|phường|thị trấn)",
    rf"(?<={_LETTER})(?=(?:thành|của|và|sau khi)\s)",
    rf"(?<=[^\W\d_{_UPPER}])(?=[{_UPPER}])")))
_NAMED = (rf"\s*(?:(?:{_KIND})\s*(?:mới\s*)?có\s*tên\s*gọi\s*là\s*)?((?i:{_KIND}))\s*"
          r"([^.;,]+?)\s*[.;]?$")  # "thành xã mới có tên gọi là xã Kế Sách", "thành xã Kế Sách"
_NEW = re.compile(r"thành" + _NAMED)
_FROM = re.compile(r"(?:Sắp\s*xếp|Nhập|Hợp\s*nhất|dân\s*số\s*của)\s*(.+?)\s*thành(?="
                   + _NAMED + ")")
_RENAMED = re.compile(rf"Đổi tên\s*(.+?)\s*thành\s*({_KIND})\s*([^.;,]+?)\s*[.;]?$")
_KEPT = re.compile(r"không thực hiện sắp xếp là\s*(.+?)\s*\.?$")
_PROVINCE = re.compile(r"CẤP XÃ CỦA ((?:TỈNH|THÀNH PHỐ) .+?) NĂM 2025")
# between units: a comma, "và", or a unit word where the comma is missing ("thị trấn Thiên
# Cầm xã Nam Phúc Thăng")
_LIST = re.compile(r",\s*|\s+và\s+|(?<!các)\s+(?=(?:" + "|".join(SOURCE_KINDS) + r")\s)")
_UNIT = re.compile(r"(?i)(?:các\s+)?(" + "|".join(SOURCE_KINDS) + r")\s+")
# a unit split between new ones: "một phần diện tích tự nhiên, quy mô dân số của xã A",
# "phần còn lại của xã B sau khi sắp xếp theo quy định tại khoản 3 Điều này"
_PART = re.compile(r"(?:\s*(?:,|và)\s*)?(?:(?:toàn bộ|một phần|phần|diện tích tự nhiên"
                   r"|diện tích|quy mô dân(?: số)?|còn lại)[\s,]*(?:và\s+)?)+(?:của\s+)*")
_AFTER = re.compile(r"\s*sau khi (?:thực hiện )?sắp xếp theo quy định tại (?:các )?khoản"
                    r"\s*[^.;]*?Điều này")


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
    """Return Markdown text without emphasis and escapes, on one line, glued words apart."""
    plain = " ".join(text.replace("**", " ").replace("\\", "").split())
    return _GLUED.sub(" ", _GLUED.sub(" ", plain))  # twice: "vàcácxã"


def _units(text: str) -> tuple[Unit, ...]:
    """Return the units a list names: 'các phường Tân An, Thới Bình và xã Mỹ Khánh'."""
    text = _AFTER.sub("", _PART.sub(",", re.sub(r"\s*\(.*?\)\s*", " ", text)))
    out, kind = [], None
    for part in _LIST.split(text):
        if (m := _UNIT.match(part)) is not None:
            kind, part = m.group(1).lower(), part[m.end():]
        part = part.strip(" .")
        if kind and part and part.lower() not in SOURCE_KINDS:  # "của xã xã Đông Hưng"
            out.append(Unit(kind, part))
    return tuple(out)


def parse_resolution(text: str, resolution: str) -> list[Locality]:
    """Return the units of one resolution: those it forms (with the units each came from),
    renames (from the old name) and keeps as they were (from themselves)."""
    province = _PROVINCE.search(_plain(text[:3000]))
    where = province.group(1).capitalize() if province else ""
    where = _title(where[:1].lower() + where[1:] if where else "")
    out = []
    for item in _ITEM.split(text)[1:]:
        sentence = _plain(item.split("\n\n")[0])
        out += [Locality(unit, where, old, resolution) for unit, old in _item_units(sentence)]
    return out


def _item_units(sentence: str) -> list[tuple[Unit, tuple[Unit, ...]]]:
    """Return the (unit today, units it came from) an item of Điều 1 states, none when it
    states no unit."""
    if (renamed := _RENAMED.search(sentence)) is not None:
        return [(Unit(renamed.group(2), renamed.group(3).strip()), _units(renamed.group(1)))]
    if (new := _NEW.search(sentence)) is not None:
        old = _FROM.search(sentence)
        unit = Unit(new.group(1).lower(), new.group(2).strip())
        return [(unit, _units(old.group(1)) if old else ())]
    if (kept := _KEPT.search(sentence)) is not None:
        return [(unit, (unit,)) for unit in _units(kept.group(1))]
    return []


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


# "19\. Hợp nhất thành phố cần Thơ, tỉnh Sóc Trăng và tỉnh Hậu Giang; lấy tên là thành phố
# Cần Thơ, …" (Nghị quyết 60-NQ/TW, section II: the provinces merged on 1/7/2025)
_MERGER = re.compile(r"Hợp nhất (.+?)[;,]\s*lấy tên là ((?:tỉnh|thành phố|Thành phố) [^,]+),")
_PROVINCE_NAME = re.compile(r"(?i)(?:tỉnh|thành phố)\s+")


def parse_mergers(text: str) -> dict[str, str]:
    """Return {old province: province today} for each merger a text states ("tỉnh Sóc
    Trăng" -> "thành phố Cần Thơ"), the province that gave its name included."""
    out = {}
    for m in _MERGER.finditer(_plain(text)):
        today = _title(m.group(2).strip())
        for old in re.split(r",\s*|\s+và\s+", m.group(1)):
            out[_title(old.strip())] = today
    return out


def read_mergers(folder: Path) -> dict[str, str]:
    """Return the province mergers the resolutions in a folder state (60-NQ/TW)."""
    out: dict[str, str] = {}
    for path in sorted(folder.glob("*NQ_TW.md")):
        out.update(parse_mergers(unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))))
    return out


class Localities:
    """The table of new units, found by their own or an old unit's name, and of the
    provinces merged on 1/7/2025."""

    def __init__(self, localities: list[Locality], mergers: dict[str, str] | None = None,
                 ) -> None:
        self.all = list(localities)
        self._provinces: dict[str, str] = {}  # folded old or new name -> province today
        names = {loc.province: loc.province for loc in self.all} | (mergers or {})
        for old, today in names.items():
            label = self._provinces.get(fold(today), today)  # "Khánh Hòa" as the table spells it
            for key in (fold(old), fold(_PROVINCE_NAME.sub("", old, count=1))):
                self._provinces.setdefault(key, label)
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
        if key != " ".join(name.lower().split()):  # typed with diacritics: "Bà Gia", not "Ba Gia"
            found = [loc for loc in found if _spelled(loc, name)] or found
        return sorted(found, key=lambda loc: fold(loc.unit.name) != _bare(key))

    def today(self, name: str) -> Locality | None:
        """Return the unit a name means today when it means exactly one, else None."""
        found = self.find(name)
        own = [loc for loc in found if fold(loc.unit.name) == _bare(fold(name))]
        return own[0] if len(own) == 1 else (found[0] if len(found) == 1 else None)

    def today_each(self, text: str) -> list[Locality]:
        """Return today's unit of each place a locality names, in order: "Kế Sách, Vĩnh
        Châu, Trần Đề" (three places), "xã Kế An, huyện Kế Sách" (a unit, then the district
        it lay in: context only). A name several provinces use is taken in the province of
        the other places named; a place not found, or still ambiguous, is left out."""
        parts = _places(text)
        sure = {part: self.today(part) for part in parts}
        provinces = Counter(loc.province for loc in sure.values() if loc is not None)
        provinces.update(filter(None, map(self.province_today, parts)))
        out: list[Locality] = []
        for i, part in enumerate(parts):
            if i and _HIGHER.match(part):
                continue
            loc = sure[part] or _in_province(self.find(part), provinces)
            if loc is not None and loc not in out:
                out.append(loc)
        return out

    def today_text(self, text: str) -> str | None:
        """Return what a locality is today, for display: its places' units ('xã Kế Sách,
        thành phố Cần Thơ; …'), else the provinces it names ('tỉnh Sóc Trăng' -> 'thành phố
        Cần Thơ'), None when it names neither."""
        units = [loc.label for loc in self.today_each(text)]
        provinces = dict.fromkeys(filter(None, map(self.province_today, _places(text))))
        return "; ".join(units or provinces) or None

    def province_today(self, name: str) -> str | None:
        """Return the province a province's name (old or new, with or without "tỉnh") means
        today: "Sóc Trăng" -> "thành phố Cần Thơ"; None for any other name."""
        return self._provinces.get(fold(name))


def _places(text: str) -> list[str]:
    """Return the places a locality names, split at commas, semicolons and "và"."""
    return [p.strip() for p in _PLACES.split(text or "") if p.strip()]


def _in_province(locs: list[Locality], provinces: Counter) -> Locality | None:
    """Return the one candidate in the province the other places of a text lie in."""
    if not provinces:
        return None
    province = provinces.most_common(1)[0][0]
    inside = [loc for loc in locs if loc.province == province]
    return inside[0] if len(inside) == 1 else None


_PLACES = re.compile(r"[,;]|\s+và\s+")
_HIGHER = re.compile(r"(?i)(?:huyện|quận|thị xã|thành phố|tỉnh)\s")


def _spelled(loc: Locality, name: str) -> bool:
    """Return whether a unit of a locality (its own or one it came from) is spelled as the
    name, diacritics included (tone placement and letter case aside)."""
    key = spelling_key(name)
    return any(key in (spelling_key(unit.name), spelling_key(unit.label))
               for unit in (loc.unit, *loc.formed_from))


def _bare(key: str) -> str:
    """Return a folded name without its unit word ('xa ke sach' -> 'ke sach')."""
    for kind in KINDS:
        prefix = fold(kind) + " "
        if key.startswith(prefix):
            return key[len(prefix):]
    return key
