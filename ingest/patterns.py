"""Line patterns of Vietnamese legal texts: headings, clause and point markers, quotes.

Glossary: Phần = part, Chương = chapter, Mục = section, Tiểu mục = subsection,
Điều = article, Khoản = clause, Điểm = point, Phụ lục = annex.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .models import ANNEX, ARTICLE, CHAPTER, CLAUSE, PART, POINT, SECTION, SUBSECTION

UPPER = "A-ZĐÀ-ỸẠ-Ỹ"
ROMAN = "IVXLC"
# Letters used for points, in order (Vietnamese drafting skips f, j, w, z).
POINT_LETTERS = "abcdđeghiklmnopqrstuvxy"

_PART = re.compile(r"^(?:Phần|PHẦN)\s+((?:thứ|THỨ)\s+[^\s.:]+|[IVXLC]+\b|\d+)(.*)$")
_CHAPTER = re.compile(r"^(?:Chương|CHƯƠNG)\s+([IVXLC]+|\d+)(.*)$")
_SECTION = re.compile(r"^(?:Mục|MỤC)\s+(\d+|[IVXLC]+)(.*)$")
_SUBSECTION = re.compile(r"^(?:Tiểu mục|TIỂU MỤC)\s+(\d+)(.*)$")
_ARTICLE = re.compile(r"^(?:Điều|ĐIỀU)\s*(\d{1,4}[a-zđ]?)\s*[.:]\s*(.*)$")
# A lower-case word after "Điều 5." that continues a sentence, not a title (old texts do
# write titles in lower case: "Điều 21. áp dụng một số biện pháp …").
_CONTINUES = re.compile(r"^(?:được|của|và|này|hoặc|theo|tại|quy định|như sau|bị)\b")
# Older texts and the Constitution write "Điều 1" alone, or "Điều 1 Phạm vi …" without a
# period; a line opening with a reference ("Điều 12 Luật …", "Điều 5 của …") is not one.
_BARE_ARTICLE = re.compile(
    r"^(?:Điều|ĐIỀU)\s+(\d{1,4}[a-zđ]?)(?:$|\s+(?!(?:Luật|Bộ luật|Nghị định|Nghị quyết|Thông tư"
    r"|Quyết định|Pháp lệnh|Hiến pháp|Chỉ thị|Lệnh|Điều|[Kk]hoản|[Đđ]iểm)\b)(\S.*))$")
# Pháp điển code numbers: "Điều 34.11.LQ.1. Phạm vi điều chỉnh" (topic.subject.kind.article)
_CODED_ARTICLE = re.compile(
    r"^(?:Điều|ĐIỀU)\s+\d+(?:\.\d+)*\.[A-ZĐ]{1,6}\.(\d{1,4}[a-zđ]?)\s*[.:]?\s+(.*)$")
_CLAUSE = re.compile(r"^(\d{1,3}[a-zđ]?)\.(?:\s+(\S.*))?$")
_POINT = re.compile(rf"^([{POINT_LETTERS}]\d{{0,2}})\)\s*(\S.*)$")
_ANNEX = re.compile(
    r"^(PHỤ LỤC SỐ|Phụ lục số|PHỤ LỤC|Phụ lục)(?:\s+([IVXLC]+|\d+[a-z]?))?\b\s*(.*)$")
_QUOTE_MARKS = re.compile('[“”"]')
_NOTE = re.compile(r"^\[(?:Nguồn pháp điển|Nguồn)\s*:.*\]$")
_NAME_WORD = r"[A-ZĐÀ-ỸẠ-Ỹ][a-zđà-ỹạ-ỹ]+"
_NAME = re.compile(rf"^{_NAME_WORD}(?: {_NAME_WORD}){{1,5}}$")
# First words of bodies and places that are capitalised like names ("Bộ Công Thương").
_NOT_NAMES = frozenset(
    "Bộ Sở Ủy Uỷ Văn Cục Vụ Ban Hội Tòa Toà Viện Kiểm Công Cổng Ngân Tổng Phòng Trung Chính "
    "Quốc Thủ Thành Tỉnh Huyện Xã Lưu Như Đảng Mặt Cơ".split()
)
_ORDINALS = {
    "nhất": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6,
    "bảy": 7, "tám": 8, "chín": 9, "mười": 10,
}
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


@dataclass(frozen=True)
class Heading:
    """A recognised structural line: kind, number as written, and the rest of the line."""

    kind: str
    number: str
    rest: str


def is_upper_text(text: str) -> bool:
    """Return True when text has letters and none of them is lower case."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(not c.islower() for c in letters)


def roman_value(numeral: str) -> int:
    """Return the value of a Roman numeral (0 when it is not one)."""
    total, prev = 0, 0
    for ch in reversed(numeral.upper()):
        val = _ROMAN_VALUES.get(ch, 0)
        if not val:
            return 0
        total += -val if val < prev else val
        prev = max(prev, val)
    return total


def to_roman(value: int) -> str:
    """Return the Roman numeral of a positive integer below 400."""
    out = []
    for val, sym in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"),
                     (5, "V"), (4, "IV"), (1, "I")):
        while value >= val:
            out.append(sym)
            value -= val
    return "".join(out)


def ordinal_value(number: str) -> int:
    """Return the integer of a part number: 'thứ nhất' -> 1, 'II' -> 2, '3' -> 3 (0 if none)."""
    word = number.lower().replace("thứ", "").strip()
    if word in _ORDINALS:
        return _ORDINALS[word]
    if word.isdigit():
        return int(word)
    return roman_value(number)


def number_key(number: str) -> tuple[int, str]:
    """Return a sort key for article/clause numbers: '5a' -> (5, 'a')."""
    m = re.match(r"(\d+)(.*)", number)
    if m:
        return int(m.group(1)), m.group(2)
    return roman_value(number), ""


def point_key(number: str) -> tuple[int, int]:
    """Return a sort key for point letters: 'a' -> (0, 0), 'a1' -> (0, 1), 'đ' -> (4, 0)."""
    idx = POINT_LETTERS.find(number[:1]) if number else -1
    suffix = int(number[1:]) if number[1:].isdigit() else 0
    return idx, suffix


def split_glued_roman(token: str, expected: int) -> tuple[str, str]:
    """Return (numeral, rest) of 'IIHÀNH' style heads glued to their title, preferring expected."""
    candidates = [i for i in range(1, len(token) + 1) if token[:i].strip(ROMAN) == ""]
    if not candidates:
        return "", token
    for i in candidates:
        if roman_value(token[:i]) == expected:
            return token[:i], token[i:]
    best = max(candidates)
    return token[:best], token[best:]


def _title_rest(rest: str) -> str | None:
    """Return the title after a container number, or None when the rest is running text."""
    rest = rest.strip()
    title = rest.lstrip(".:-– ").strip()
    if not rest or is_upper_text(title) or (rest[:1] in ".:-–" and title):
        return title
    return None


def _container(kind: str, m: re.Match[str] | None, expected: int) -> Heading | None:
    if not m:
        return None
    number, rest = m.group(1), m.group(2)
    if rest[:1].isalpha() and kind == CHAPTER:  # "Chương IIHÀNH VI ..." (web export)
        number, glued = split_glued_roman(number + rest.split(" ")[0], expected)
        rest = glued + rest[len(rest.split(" ")[0]):]
    elif rest[:1].isalpha() and not rest[:1].isupper():
        return None
    title = _title_rest(rest)
    return None if title is None else Heading(kind, number, title)


def match_container(line: str, expected_chapter: int = 0) -> Heading | None:
    """Return the part/chapter/section/subsection heading a line opens, or None."""
    m = _PART.match(line)
    title = _title_rest(m.group(2)) if m else None
    if m and title is not None:
        return Heading(PART, m.group(1), title)
    return (_container(CHAPTER, _CHAPTER.match(line), expected_chapter)
            or _container(SUBSECTION, _SUBSECTION.match(line), 0)
            or _container(SECTION, _SECTION.match(line), 0))


def match_article(line: str) -> Heading | None:
    """Return the article heading of 'Điều 5a. Title' lines, or None."""
    dotted = _CODED_ARTICLE.match(line) or _ARTICLE.match(line)
    m = dotted or _BARE_ARTICLE.match(line)
    title = (m.group(2) or "") if m else ""
    lower = title[:1].islower() and (not dotted or _CONTINUES.match(title))
    if not m or lower or (not dotted and title and title[0] in ",;("):
        return None
    return Heading(ARTICLE, m.group(1), title.strip())


def match_clause(line: str) -> Heading | None:
    """Return the clause marker of '2a. text' lines, or None."""
    m = _CLAUSE.match(line)
    return Heading(CLAUSE, m.group(1), m.group(2) or "") if m else None


def match_point(line: str) -> Heading | None:
    """Return the point marker of 'đ) text' or 'a1) text' lines, or None."""
    m = _POINT.match(line)
    return Heading(POINT, m.group(1), m.group(2)) if m else None


def match_annex(line: str, strict: bool, next_line: str = "") -> Heading | None:
    """Return the annex heading of 'PHỤ LỤC II' lines, or None.

    strict (inside the body): upper case 'PHỤ LỤC', or 'Phụ lục II' alone on its line
    followed by an upper-case title or a '(Kèm theo ...)' line.
    """
    m = _ANNEX.match(line)
    if not m:
        return None
    head, number, rest = m.group(1), m.group(2) or "", m.group(3).strip()
    title = _title_rest(rest)
    if title is None:
        return None
    if strict and not head.isupper():
        nxt = next_line.strip()
        if rest or not (is_upper_text(nxt) or nxt.startswith(("(Kèm theo", "(Ban hành kèm"))):
            return None
    return Heading(ANNEX, number, title)


def is_name(line: str) -> bool:
    """Return True for a line that looks like a person's name ('Trần Hồng Hà')."""
    return bool(_NAME.match(line)) and line.split(" ")[0] not in _NOT_NAMES


def is_note(line: str) -> bool:
    """Return True for a Pháp điển source note line '[Nguồn pháp điển: ...]'."""
    return bool(_NOTE.match(line))


def quote_after(line: str, inside: bool) -> bool:
    """Return whether a quotation is still open after this line (the last mark decides)."""
    marks = _QUOTE_MARKS.findall(line)
    if not marks:
        return inside
    if marks[-1] != '"':
        return marks[-1] == "“"
    return inside != (marks.count('"') % 2 == 1)


def opens_with_quote(line: str) -> bool:
    """Return True when a line starts with an opening quotation mark."""
    return line[:1] in "“\""


