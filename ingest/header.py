"""The header block and preamble of a document (the lines before its first heading).

Header: issuer (cơ quan ban hành), number (Số: 32/2024/NĐ-CP), place and date
("Hà Nội, ngày 15 tháng 3 năm 2024"), type line (NGHỊ ĐỊNH) and title (trích yếu).
Preamble: legal basis lines (Căn cứ ...), "Theo đề nghị ..." and the enacting clause
("Chính phủ ban hành Nghị định ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .dates import DATE_WORDS, make_date
from .doctypes import TYPES, issuer_name, match_type_line, sentence_case
from .numbers import canonical_number
from .patterns import is_upper_text

_MOTTO = re.compile(  # not the country's name inside a title ("CHÍNH PHỦ NƯỚC CỘNG HÒA ...")
    r"(?<!NƯỚC )(?<!nước )CỘNG H(?:ÒA|OÀ) XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    r"|Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc", re.IGNORECASE)
# A department of a People's Committee is named with its locality: "Sở Giáo dục và Đào tạo
# thành phố Hồ Chí Minh" (each of the 34 provinces has one).
_DEPARTMENT = re.compile(r"^(?:SỞ|BAN QUẢN LÝ)\b")
_COMMITTEE = re.compile(r"^(?:ỦY|UỶ) BAN NHÂN DÂN ((?:TỈNH|THÀNH PHỐ) .+)$")
NUMBER_TOKEN = (r"(\d{1,5}[a-zA-Z]?(?:-[A-Z]{1,3})?/(?:\d{4}/)?[A-Za-zĐđ][\wĐđ]*"
                r"(?:[-–./][\wĐđ]+)*)")  # also "23-L/CTN", "21/LCT/HĐNN8", "11554/VPCP-V.I"
_NUMBER = re.compile(rf"(?:^Số|^SỐ|\b(?:Luật|LUẬT|Bộ luật|BỘ LUẬT) số)\s*[:.]?\s*{NUMBER_TOKEN}")
_PLACE_DATE = re.compile(rf"([^\d,;:]{{2,40}}),\s*{DATE_WORDS}", re.IGNORECASE)
_PREAMBLE = re.compile(r"^(?:Căn cứ|Theo đề nghị|Xét đề nghị|Xét|Thực hiện|Kính gửi)\b")
_STOP_TITLE = re.compile(
    r"^(?:Căn cứ|Theo đề nghị|Xét|Thực hiện|Kính gửi|\(|_|QUYẾT ĐỊNH\s*:|QUYẾT NGHỊ\s*:"
    r"|BỘ TRƯỞNG|CHỦ TỊCH|Ủ?Y BAN|UỶ BAN|HỘI ĐỒNG|THỦ TƯỚNG|GIÁM ĐỐC|QUỐC HỘI|CHÍNH PHỦ"
    r"|TỔNG CỤC TRƯỞNG|CỤC TRƯỞNG)"
)
_RULE = re.compile(r"[-_=*]{3,}")
_VV = re.compile(r"^V/v\s*[:.]?\s*(.+)$", re.IGNORECASE)
_TYPE_NAMES = "|".join(sorted(TYPES, key=len, reverse=True))
_ENACTING = re.compile(
    r"^(?P<who>(?:Chính phủ|Quốc hội|Bộ trưởng|Thủ tướng|Ủy ban|Uỷ ban|Chủ tịch|Hội đồng"
    r"|Giám đốc|Tổng|Cục trưởng|Chánh|Viện trưởng|Thống đốc)[^.;:]{0,120}?)"
    rf" ban hành (?P<type>{_TYPE_NAMES})\b\s*(?P<title>.*?)[.:;]?$")
_ISSUER_FROM_ROLE = re.compile(
    r"^(?:Bộ trưởng|Chủ tịch|Giám đốc|Thủ trưởng)\s+(?=(Bộ|Ủy ban|Uỷ ban|Sở)\b)")
_PLACE_WORDS = ("TỈNH", "THÀNH PHỐ", "HUYỆN", "QUẬN", "XÃ", "PHƯỜNG", "THỊ XÃ", "THỊ TRẤN")


@dataclass
class FrontMatter:
    """What the header block and preamble say (None when absent)."""

    issuer: str | None = None
    number: str | None = None
    place: str | None = None
    issued: date | None = None
    doc_type: str | None = None
    title: str | None = None
    basis: list[str] = field(default_factory=list)
    preamble: str = ""
    enacting_issuer: str | None = None
    enacting_type: str | None = None


def find_number(lines: list[str]) -> str | None:
    """Return the number of the 'Số: 32/2024/NĐ-CP' (or 'Luật số: ...') line."""
    for line in lines:
        m = _NUMBER.search(line)
        if m:
            raw = m.group(1).replace("–", "-")
            return canonical_number(raw) or raw
    return None


def find_place_date(lines: list[str]) -> tuple[str | None, date | None]:
    """Return (place, date) of the 'Hà Nội, ngày 15 tháng 3 năm 2024' line."""
    for line in lines:
        line = _NUMBER.sub("", line)
        m = _PLACE_DATE.search(line)
        if m:
            place = m.group(1).strip(" .-")
            return (place or None), make_date(m.group(2), m.group(3), m.group(4))
    return None, None


def _issuer_lines(lines: list[str]) -> list[str]:
    """Return the upper-case lines before the national motto (the issuing body)."""
    out = []
    for line in lines:
        m = _MOTTO.search(line)
        head = _RULE.sub("", line[: m.start()] if m else line).strip()
        if head and is_upper_text(head) and not _NUMBER.search(head):
            out.append(head)
        if m:
            return out
    return []


def find_issuer(lines: list[str]) -> str | None:
    """Return the issuer named above the motto: 'BỘ CÔNG THƯƠNG' -> 'Bộ Công Thương'."""
    parts = _issuer_lines(lines[:12])
    if not parts:
        return None
    if len(parts) > 1 and parts[-1].startswith(_PLACE_WORDS):  # ỦY BAN NHÂN DÂN / TỈNH X
        return issuer_name(f"{parts[-2]} {parts[-1]}")
    parent = _COMMITTEE.match(parts[-2]) if len(parts) > 1 else None
    if parent and _DEPARTMENT.match(parts[-1]):
        place = issuer_name(f"ỦY BAN NHÂN DÂN {parent.group(1)}").split(" ", 4)[-1]
        return f"{issuer_name(parts[-1])} {place}"
    return issuer_name(parts[-1])


def _title_lines(lines: list[str], start: int, first: str) -> list[str]:
    """Return the title lines after a type line (first = what the type line itself holds)."""
    out = [first] if first else []
    upper = is_upper_text(first) if first else None
    for line in lines[start:start + 5]:
        if _STOP_TITLE.match(line) or _MOTTO.search(line) or line.startswith("Số"):
            break
        if upper is None:
            upper = is_upper_text(line)
        elif upper != is_upper_text(line) or (first and not upper):
            break
        out.append(line)
        if not upper:
            break
    return out


def find_type_title(lines: list[str]) -> tuple[str | None, list[str]]:
    """Return (document type, title lines) from the type line and the lines after it."""
    for i, line in enumerate(lines):
        if _MOTTO.search(line) or _PREAMBLE.match(line):
            continue
        found = match_type_line(line)
        if found:
            return found[0], _title_lines(lines, i + 1, found[1])
        m = _VV.match(line)
        if m:  # "V/v hướng dẫn ..." (về việc): the subject of an official letter
            subject = m.group(1).strip()
            return "Công văn", [subject[:1].upper() + subject[1:]]
    return None, []


def paragraphs(lines: list[str]) -> list[str]:
    """Return preamble paragraphs: lines wrapped by PDF layout joined to their start."""
    out: list[str] = []
    for line in lines:
        starts = _PREAMBLE.match(line) or _ENACTING.match(line) or line.endswith(":")
        if out and not starts and not out[-1].endswith((";", ".", ":")):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return [p for part in out for p in re.split(r"(?<=;)\s+(?=Theo đề nghị)", part)]


def _enacting(paras: list[str]) -> re.Match[str] | None:
    for para in paras:
        m = _ENACTING.match(para)
        if m:
            return m
    return None


def enacting_issuer(who: str) -> str:
    """Return the body an enacting subject names: 'Bộ trưởng Bộ Công Thương' -> 'Bộ Công Thương'."""
    return _ISSUER_FROM_ROLE.sub("", who.strip())


def title_case(title_lines: list[str], enacted_title: str) -> str | None:
    """Return the title in sentence case, spelled as the enacting clause spells it if it can."""
    title = " ".join(" ".join(title_lines).split())
    if not title:
        return None
    if is_upper_text(title) and enacted_title.lower().endswith(title.lower()):
        spelled = enacted_title[len(enacted_title) - len(title):]
        return spelled[:1].upper() + spelled[1:]
    return sentence_case(title)


def parse_front(lines: list[str]) -> FrontMatter:
    """Return what the lines before the body say about the document."""
    start = next((i for i, line in enumerate(lines)
                  if _PREAMBLE.match(line) or _ENACTING.match(line)), len(lines))
    head = lines[:start]  # the header block: dates and numbers in "Căn cứ ..." are not ours
    front = FrontMatter(issuer=find_issuer(head), number=find_number(head))
    front.place, front.issued = find_place_date(head[:20])
    front.doc_type, title_lines = find_type_title(head)
    paras = paragraphs(lines[start:])
    front.basis = [p for p in paras if p.startswith("Căn cứ")]
    front.preamble = "\n".join(paras)
    m = _enacting(paras)
    if m:
        front.enacting_issuer = enacting_issuer(m.group("who"))
        front.enacting_type = m.group("type")
    front.title = title_case(title_lines, m.group("title") if m else "")
    return front
