"""Mend text copied from web pages: emphasis marks, and header lines broken mid-phrase.

Legal portals lay the header out as a two-column table; copied as text, its cells break
anywhere: "ỦY BAN NHÂN / DÂN / TỈNH HÀ TĨNH", "CỘNG / HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: /
84/2025/QĐ-UBND", "*Hà Tĩnh, ngày / 02 tháng 12 năm 2025*", "*Lai / Châu, ngày 28 ...".
Their pages also mark italics (`*Căn cứ ...;*`) and headings (`# QUYẾT ĐỊNH`).  This stage
removes the marks everywhere and joins the broken header lines (only above the body: the
first heading, "Căn cứ" or "Kính gửi" ends the header), so the header parser reads one
field per line as in a printed document.  Text without such breaks passes unchanged.
"""

from __future__ import annotations

import re

from .ids import ascii_fold

_EMPHASIS_PAIR = re.compile(r"\*{1,2}([^*\n]*?\S)\s*\*{1,2}")
_EMPHASIS_EDGE = re.compile(r"^\s*\*+\s*|\s*\*+\s*$")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_HEADER_END = re.compile(r"^(?:Căn cứ|Kính gửi|Theo đề nghị|Xét đề nghị|Thực hiện|Điều \d"
                         r"|Chương [IVXLC\d]|Phần thứ|MỞ ĐẦU|LỜI NÓI ĐẦU)")
# Fixed phrases of a header that a table cell may break; folded, upper case.
_PHRASES = ("UY BAN NHAN DAN", "HOI DONG NHAN DAN", "CONG HOA XA HOI CHU NGHIA VIET NAM",
            "DOC LAP - TU DO - HANH PHUC", "THU TUONG CHINH PHU", "VAN PHONG CHINH PHU",
            "BO TRUONG", "CHU TICH", "CHINH PHU", "TAI CHINH", "CONG THUONG", "NOI VU",
            "TU PHAP", "NGOAI GIAO", "QUOC PHONG", "CONG AN", "GIAO DUC VA DAO TAO", "Y TE",
            "XAY DUNG", "NONG NGHIEP VA MOI TRUONG", "KHOA HOC VA CONG NGHE", "HAI QUAN",
            "VAN HOA, THE THAO VA DU LICH", "DAN TOC VA TON GIAO", "NGAN HANG NHA NUOC",
            "THANH TRA CHINH PHU", "KIEM TOAN NHA NUOC", "TAI NGUYEN VA MOI TRUONG",
            "GIAO THONG VAN TAI", "KE HOACH VA DAU TU", "LAO DONG - THUONG BINH VA XA HOI")
# Organ words that never end a header line of their own: "BỘ / TÀI CHÍNH", "CỤC / THUẾ".
_OPEN_ORGAN = re.compile(r"(?:^|\s)(?:BỘ|CỤC|SỞ|TỔNG CỤC|VỤ|BAN|VĂN PHÒNG|ỦY|UỶ|HỘI|THỦ)$")
_CONNECTOR_END = re.compile(r"(?:\bVÀ|,|-)$")
_CONNECTOR_START = re.compile(r"^(?:VÀ\b|,)")
_UNIT_START = re.compile(r"^(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|XÃ|PHƯỜNG|THỊ XÃ|THỊ TRẤN|ĐẶC KHU)\b")
_UNIT_END = re.compile(r"(?:NHÂN DÂN|TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|XÃ|PHƯỜNG|THỊ XÃ|THỊ TRẤN)$")
_DATE_OPEN = re.compile(r",?\s*ngày(?:\s+\d{1,2})?(?:\s+tháng(?:\s+\d{1,2})?)?(?:\s+năm)?$",
                        re.IGNORECASE)
_DATE_REST = re.compile(r"^(?:\d{1,2}\b|tháng\b|năm\b)", re.IGNORECASE)
_PLACE_REST = re.compile(r"^[^\d,;:]{1,30},\s*ngày\b", re.IGNORECASE)
_NUMBER_LABEL = re.compile(r"^(?:Số|SỐ)\s*[:.]?$")
_LONE_WORD = re.compile(r"^[^\W\d_]{1,12}$")
_HEADING_WORDS = ("Điều", "Chương", "Mục", "Phần", "Khoản", "Điểm")
_HEADING_NUMBER = re.compile(r"^(?:\d{1,4}[a-zđ]?|[IVXLC]{1,8})\b")
HEADER_LINES = 40


def strip_emphasis(line: str) -> str:
    """Return a line without Markdown emphasis and heading marks ('*Căn cứ ...;*')."""
    line = _MD_HEADING.sub("", line)
    line = _EMPHASIS_PAIR.sub(r"\1", line)
    return _EMPHASIS_EDGE.sub("", line)


def mend_lines(lines: list[str]) -> list[str]:
    """Return the lines without emphasis marks and with broken header lines joined."""
    lines = _join_lone_words([x for x in (strip_emphasis(line) for line in lines) if x.strip()])
    end = next((i for i, line in enumerate(lines[:HEADER_LINES]) if _HEADER_END.match(line)),
               min(len(lines), HEADER_LINES))
    return _join_header(lines[:end]) + lines[end:]


def _join_lone_words(lines: list[str]) -> list[str]:
    """Return lines with a paragraph's first word, broken off alone, joined to its rest:
    "Điều / 1. Công bố …", "Căn / cứ Quyết định …", "Thời / hạn hoàn thành …"."""
    out: list[str] = []
    for line in lines:
        prev = out[-1] if out else ""
        if prev and _LONE_WORD.match(prev) and (
                line[:1].islower() or prev in _HEADING_WORDS and _HEADING_NUMBER.match(line)):
            out[-1] = f"{prev} {line}"
        else:
            out.append(line)
    return out


def _join_header(lines: list[str]) -> list[str]:
    """Return header lines with each line broken inside one field joined to the next."""
    out: list[str] = []
    for line in lines:
        if out and _continues(out[-1], line):
            out[-1] = f"{out[-1]} {line}".strip()
        else:
            out.append(line)
    return out


def _continues(prev: str, line: str) -> bool:
    """Return True when `line` carries on the field `prev` began."""
    if _NUMBER_LABEL.match(prev) or _DATE_OPEN.search(prev) and _DATE_REST.match(line):
        return True
    if _PLACE_REST.match(line) and len(prev.split()) <= 3 and not prev.endswith((".", ";", ":")):
        return not prev.isupper() and not prev.startswith(("Số", "SỐ", "V/v", "V/V"))
    if not (prev.isupper() and line.isupper()):
        return False
    if _breaks_phrase(prev, line) or _CONNECTOR_END.search(prev) or _CONNECTOR_START.match(line):
        return True
    if len(prev.split()) <= 2 and _OPEN_ORGAN.search(prev):
        return True
    return bool(_UNIT_END.search(prev) and _UNIT_START.match(line) and "NHÂN DÂN" in prev)


def _breaks_phrase(prev: str, line: str) -> bool:
    """Return True when a fixed header phrase runs across the end of prev into line (in
    whole, or its beginning when line ends first: "BỘ VĂN HÓA, THỂ / THAO / VÀ DU LỊCH")."""
    tail, head = ascii_fold(prev).split()[-8:], ascii_fold(line).split()[:8]
    joined = " ".join(tail + head)
    cut = len(" ".join(tail))
    starts = [0] + [i + 1 for i, ch in enumerate(joined[:cut]) if ch == " "]
    for at in starts:
        rest = joined[at:]
        if any(rest.startswith(p) and at + len(p) > cut or p.startswith(rest) and len(rest) > 0
               for p in _PHRASES):
            return True
    return False
