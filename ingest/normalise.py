"""Clean extracted text: NFC, look-alike characters unified, broken document numbers re-joined.

`normalise_text` is applied to every extractor's output (after any legacy-encoding repair,
because TCVN3 uses the soft-hyphen byte for "ư").  It keeps display text as the source had it:
tone placement (hoà/hòa) and en/em dashes in prose are left alone.
"""

from __future__ import annotations

import re
import unicodedata

# Look-alikes of Đ/đ: Icelandic eth (cp1258 and careless typing), African D.
_LOOKALIKES = str.maketrans({
    "\u00d0": "Đ", "\u0189": "Đ", "\u00f0": "đ",
    "\u2010": "-", "\u2011": "-", "\u2212": "-", "\ufe63": "-", "\uff0d": "-",
    "\ufffe": "-",  # PDFium's mark for a hyphen it found at a line end
    "\u00ad": None,  # soft hyphen
    "\ufeff": None, "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None,
    "\u200e": None, "\u200f": None,  # left-to-right and right-to-left marks
    "\u2028": "\n", "\u2029": "\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n",
    "\t": " ",
})
_SPACES = re.compile(r"[ \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufff9-\ufffd]")
_DASHES = "-\u2013\u2014"
# Document-number abbreviations: NĐ, CP, TT, BCT, QĐ, UBND, NQ, HĐND, QH11 ...
_ABBR = r"[A-ZĐ][A-ZĐ0-9]{0,11}"
# "32/2024/NĐ- CP", "NĐ -CP", "NĐ-\nCP", "NĐ–CP": one abbreviation, a dash, the next one.
_BROKEN_NUMBER = re.compile(
    rf"(?<=\d/)((?:\d{{4}}/)?{_ABBR}(?:-{_ABBR})*)"
    rf"(?:[ ]?[{_DASHES}]\n[ ]?|[{_DASHES}][ ]?|[ ][{_DASHES}](?![ ])|\n[{_DASHES}][ ]?)"
    rf"(?=({_ABBR})(?![\w]))"
)
_GLUED_HEADING = re.compile(
    r"^((?:Chương|Phần|Mục|Tiểu mục)\s+(?:[IVXLC]+|\d+[a-z]?))"
    r"(?=[^\W\d_]{2})",
    re.MULTILINE,
)
_GLUED_TYPE = re.compile(
    r"^(NGHỊ ĐỊNH|THÔNG TƯ LIÊN TỊCH|THÔNG TƯ|LUẬT|PHÁP LỆNH|QUYẾT ĐỊNH|NGHỊ QUYẾT|CHỈ THỊ|"
    r"KẾ HOẠCH|THÔNG BÁO|BÁO CÁO|CÔNG VĂN|HƯỚNG DẪN)(?=[^\W\d_][^\W\d_])",
    re.MULTILINE,
)
_PAGE_NUMBER = re.compile(
    r"(?:[-–—]\s*)?(?:(?:Trang|trang|Page|page)\s*)?\d{1,4}(?:\s*(?:/|của|of)\s*\d{1,4})?"
    r"(?:\s*[-–—])?"
)


def normalise_text(text: str) -> str:
    """Return text in NFC with look-alikes unified, spaces collapsed and numbers re-joined."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text).translate(_LOOKALIKES)
    text = _CONTROLS.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = _squeeze_blank_lines(lines)
    text = rejoin_document_numbers(text)
    text = _GLUED_TYPE.sub(_split_type, text)
    return _GLUED_HEADING.sub(_split_heading, text)


def _split_type(match: re.Match[str]) -> str:
    """Return a document type split from a title glued to it ("NGHỊ ĐỊNHQuy định ...")."""
    after = match.string[match.end():match.end() + 2]
    return match.group(1) + ("\n" if after[1:].islower() else "")


def _squeeze_blank_lines(lines: list[str]) -> str:
    """Return lines joined by newlines, with runs of blank lines kept as a single blank line."""
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def rejoin_document_numbers(text: str) -> str:
    """Return text with document numbers broken at a dash re-joined ("NĐ- CP" -> "NĐ-CP")."""
    previous = None
    while previous != text:  # "TTLT-BTC- BCT- NHNN": one join per pass
        previous, text = text, _BROKEN_NUMBER.sub(r"\1-", text)
    return text


def _split_heading(match: re.Match[str]) -> str:
    """Return a heading number split from a title glued to it ("Chương IIHÀNH VI ...")."""
    head, rest = match.group(1), match.string[match.end():].split(" ", 1)[0]
    numeral = head.split()[-1]
    if not rest[:2].isupper() or _is_roman(numeral + rest):  # "Chương VII" is not "V" + "II"
        return head
    if set(numeral) <= set("IVXLC"):
        cut = _roman_cut(numeral, rest)
        return f"{head[: len(head) - len(numeral) + cut]}\n{numeral[cut:]}"
    return head + "\n"


def _roman_cut(numeral: str, rest: str) -> int:
    """Return how many letters of numeral are the number, the others starting the title."""
    from .legacy import is_syllable  # local: legacy imports nothing from here

    for cut in range(len(numeral), 0, -1):
        word = (numeral[cut:] + rest).rstrip(",.;:")
        if _is_roman(numeral[:cut]) and is_syllable(word):
            return cut
    return len(numeral)


_ROMAN = re.compile(r"C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")


def _is_roman(text: str) -> bool:
    """Return True for a well-formed roman numeral (I ... CCCXCIX)."""
    return bool(text) and _ROMAN.fullmatch(text) is not None


def is_page_number(line: str) -> bool:
    """Return True if a line is a running page number ("12", "- 12 -", "Trang 3/96")."""
    return _PAGE_NUMBER.fullmatch(line.strip()) is not None
