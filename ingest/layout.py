"""Split a document's lines into front matter, body, signature tail and annexes.

The body starts at the first heading (Phần, Chương, Mục, Điều) and ends at the recipients
block (Nơi nhận), the signature (TM./KT. ...), a law's closing sentence, or the first annex
heading (Phụ lục). Lines inside quotation marks belong to the body: an amending text may
quote whole articles ("Điều 4. ...") that are not articles of this document.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .doctypes import match_type_line
from .patterns import (
    is_name,
    is_upper_text,
    match_annex,
    match_article,
    match_container,
    opens_with_quote,
    quote_after,
)

_SEPARATOR = re.compile(r"^[-_=*]{3,}$")
_RECIPIENTS = re.compile(r"^(?:Nơi nhận|NƠI NHẬN)\s*:?", re.IGNORECASE)
_SIGN_PREFIX = re.compile(r"^(?:TM|KT|TL|TUQ|Q|PP|T/M|K/T)\s*\.\s*(\S.*)$")
_SIGN_TITLES = re.compile(
    r"^(?:PHÓ )?(?:THỦ TƯỚNG(?: CHÍNH PHỦ)?|BỘ TRƯỞNG|THỨ TRƯỞNG|CHỦ TỊCH(?: QUỐC HỘI| NƯỚC)?"
    r"|GIÁM ĐỐC|CHÁNH VĂN PHÒNG|TRƯỞNG BAN|TRƯỞNG PHÒNG|CHÁNH ÁN|VIỆN TRƯỞNG|THỐNG ĐỐC"
    r"|CỤC TRƯỞNG|VỤ TRƯỞNG|TỔNG CỤC TRƯỞNG|TỔNG KIỂM TOÁN NHÀ NƯỚC|BÍ THƯ)$"
)
CLOSING_RE = re.compile(
    r"^(?:Luật|Bộ luật|Pháp lệnh|Nghị quyết|Hiến pháp) này (?:đã )?được .{0,300}thông qua"
)
_FRONT = re.compile(
    r"^(?:Căn cứ|Theo đề nghị|Xét đề nghị|Thực hiện|Kính gửi|V/v|Số\s*:|CỘNG HÒA|CỘNG HOÀ"
    r"|Độc lập|QUYẾT ĐỊNH\s*:|QUYẾT NGHỊ\s*:|CHỈ THỊ\s*:)|, ngày .{1,3} tháng .{1,3} năm \d{4}"
)
ATTACHED_RE = re.compile(r"^\((?:ban hành )?kèm theo", re.IGNORECASE)
MAX_FRONT = 80


@dataclass
class Layout:
    """A document's lines, split into its regions."""

    front: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)
    annexes: list[list[str]] = field(default_factory=list)  # each starts with its heading
    has_headings: bool = False


def clean_lines(text: str) -> list[str]:
    """Return the non-empty NFC lines of text, whitespace-collapsed, without separator rules."""
    lines = (" ".join(raw.split()) for raw in unicodedata.normalize("NFC", text).splitlines())
    return [line for line in lines if line and not _SEPARATOR.match(line)]


def quote_mask(lines: list[str]) -> list[bool]:
    """Return per-line flags: the line is quoted text (inside or opening a quotation)."""
    mask, inside = [], False
    for line in lines:
        mask.append(inside or opens_with_quote(line))
        inside = quote_after(line, inside)
    return mask


def is_tail_start(line: str) -> bool:
    """Return True for the first line of the recipients/signature block."""
    if _RECIPIENTS.match(line) or _SIGN_TITLES.match(line) or CLOSING_RE.match(line):
        return True
    m = _SIGN_PREFIX.match(line)
    return bool(m and is_upper_text(m.group(1)))


def is_signature_line(line: str) -> bool:
    """Return True for signing-title lines: 'TM. CHÍNH PHỦ', 'KT. THỦ TƯỚNG', 'BỘ TRƯỞNG'."""
    m = _SIGN_PREFIX.match(line)
    return bool(m and is_upper_text(m.group(1))) or bool(_SIGN_TITLES.match(line))


def _is_body_heading(line: str) -> bool:
    return match_article(line) is not None or match_container(line, 1) is not None


def body_start(lines: list[str]) -> int | None:
    """Return the index of the first heading line (Phần, Chương, Mục, Điều), or None."""
    for i, line in enumerate(lines):
        if not opens_with_quote(line) and _is_body_heading(line):
            return i
    return None


def front_end(lines: list[str]) -> int:
    """Return where front matter ends in a text without headings (0 if it has none)."""
    end = 0
    for i, line in enumerate(lines[:MAX_FRONT]):
        if _FRONT.search(line):
            end = i + 1
        elif match_type_line(line):
            end = i + 1 + _title_length(lines, i)
    return end


def _title_length(lines: list[str], i: int) -> int:
    """Return how many title lines follow the type line at i."""
    if match_type_line(lines[i])[1]:
        return 0
    n = 1 if i + 1 < len(lines) else 0
    upper = n and is_upper_text(lines[i + 1])
    while upper and i + n + 1 < len(lines) and n < 4 and is_upper_text(lines[i + n + 1]):
        n += 1
    return n


def _annex_at(lines: list[str], i: int, strict: bool) -> bool:
    nxt = lines[i + 1] if i + 1 < len(lines) else ""
    return match_annex(lines[i], strict, nxt) is not None


def _body_end(lines: list[str], start: int, mask: list[bool]) -> int:
    """Return the index after the body's last line."""
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if _RECIPIENTS.match(line) or is_signature_line(line) or CLOSING_RE.match(line):
            return i  # a law's closing sentence ends it even after an unclosed quotation
        if not mask[i] and (is_tail_start(line) or _annex_at(lines, i, strict=True)):
            return i
    return len(lines)


def _attachment_start(lines: list[str], i: int) -> int:
    """Return where an attached text begins: its type and title lines above '(Kèm theo ...)'."""
    j = i
    while j > 0 and i - j < 3 and not _ends_signature(lines[j - 1]):
        j -= 1
    return j


def _ends_signature(line: str) -> bool:
    """Return True for a line of the signature or recipients block (not an attachment title)."""
    return (is_name(line) or is_tail_start(line) or line[:1] in "-+(" or line.endswith(";")
            or line.isdigit())


def annex_starts(lines: list[str], start: int) -> list[int]:
    """Return the indexes of annex headings (and attached texts) from start on."""
    starts: list[int] = []
    for i in range(start, len(lines)):
        if _annex_at(lines, i, strict=False):
            starts.append(i)
        elif ATTACHED_RE.match(lines[i]) and not starts and i > start:
            starts.append(_attachment_start(lines, i))
    return starts


def _recipient_like(line: str) -> bool:
    return (line[:1] in "-–+•(" or line[:1].islower() or line.isdigit()
            or bool(_RECIPIENTS.match(line)))


def _leftover_start(tail: list[str]) -> int | None:
    """Return where text continues after the signer's name (two or more lines), or None."""
    marks = [i for i, line in enumerate(tail) if is_signature_line(line) or is_name(line)
             or i > 0 and " " not in tail[i - 1] and is_name(f"{tail[i - 1]} {line}")]
    if not marks:
        return None
    rest = [j for j in range(marks[-1] + 1, len(tail)) if not _recipient_like(tail[j])]
    return rest[0] if len(rest) >= 2 else None


def split_layout(lines: list[str]) -> Layout:
    """Return the lines split into front matter, body, tail and annexes."""
    start = body_start(lines)
    layout = Layout(has_headings=start is not None)
    if start is None:
        start = front_end(lines)
    mask = quote_mask(lines[start:])
    end = start + (_body_end(lines[start:], 0, mask) if start < len(lines) else 0)
    if start < len(lines) and _annex_at(lines, start, strict=True):
        end = start
    starts = annex_starts(lines, end)
    tail_end = starts[0] if starts else len(lines)
    leftover = _leftover_start(lines[end:tail_end])
    if leftover is not None:  # text after the signature that no annex heading announces
        starts.insert(0, end + leftover)
        tail_end = end + leftover
    layout.front, layout.body = lines[:start], lines[start:end]
    layout.tail = lines[end:tail_end]
    bounds = [*starts, len(lines)]
    layout.annexes = [lines[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    return layout
