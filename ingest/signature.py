"""The end of a document: recipients (Nơi nhận), signing titles and the signer's name.

In Word files the recipients and the signature share a two-column table; in PDFs their lines
interleave. Lines are therefore classified one by one rather than read as blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .dates import find_date
from .doctypes import sentence_case
from .layout import CLOSING_RE, is_signature_line
from .patterns import is_name

_RECIPIENTS = re.compile(r"^(?:Nơi nhận|NƠI NHẬN)\s*:?\s*(.*)$")
_SIGN_PREFIX = re.compile(r"^(TM|KT|TL|TUQ|Q|PP|T/M|K/T)\s*[./]?\s*")
# An upper-case line naming a signing role the fixed list of ingest.layout does not know:
# "PHÓ TRƯỞNG THUẾ TỈNH", "PHÓ CHỦ NHIỆM".
_ROLE_LINE = re.compile(r"^(?:PHÓ |TỔNG )?(?:TRƯỞNG|CHỦ NHIỆM|CHỦ TỊCH|GIÁM ĐỐC|BÍ THƯ|CỤC TRƯỞNG"
                        r"|VỤ TRƯỞNG|CHÁNH|THỨ TRƯỞNG|BỘ TRƯỞNG)\b")
_PREFIXED = re.compile(r"^(?:TM|KT|TL|TUQ|T/M|K/T)\s*[./ ]\s*\S")
# Military and police ranks written before a signer's name: "Thượng tướng Vũ Hải Sản".
_RANK = re.compile(r"^(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy|uý)\s+")
# Roles written with a capital inside a title: "Phó Giám đốc", "Phó Chủ tịch".
_ROLES = re.compile(r"(?<=Phó )(?:giám đốc|chủ tịch|chánh văn phòng|cục trưởng|vụ trưởng"
                    r"|trưởng ban|trưởng phòng|tổng giám đốc|thống đốc|viện trưởng)")


@dataclass
class Signature:
    """What the tail of a document says."""

    signer: str | None = None
    signer_title: str | None = None
    recipients: str = ""
    passed: date | None = None  # a law's "... thông qua ngày ..." date


def signing_title(line: str) -> str:
    """Return a signing title in usual spelling: 'KT. THỦ TƯỚNG' -> 'KT. Thủ tướng'."""
    m = _SIGN_PREFIX.match(line)
    prefix = m.group(1) + ". " if m else ""
    title = sentence_case(line[m.end():] if m else line)
    return prefix + _ROLES.sub(lambda r: r.group(0)[:1].upper() + r.group(0)[1:], title)


def _recipient_lines(tail: list[str]) -> list[str]:
    """Return the recipients block: 'Nơi nhận:' and its '- ...' lines with their wraps."""
    out: list[str] = []
    for line in tail:
        m = _RECIPIENTS.match(line)
        if m:
            out.append(line)
        elif out and (line[:1] in "-–+•" or line[:1].islower()):
            out.append(line)
    return out


def _names(lines: list[str]) -> list[str]:
    """Return the person names among lines: a rank dropped, a surname broken off rejoined."""
    out = []
    for i, line in enumerate(lines):
        line = _RANK.sub("", line)
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if " " not in line and nxt and is_name(f"{line} {nxt}"):
            out.append(f"{line} {nxt}")  # "Phạm / Mạnh Cường"
        elif is_name(line):
            out.append(line)
    return out


def _signer(tail: list[str], last_title: int) -> str | None:
    """Return the name after the last signing title (PDF layout may put lines between)."""
    after = _names(tail[last_title + 1:])
    if after:
        return after[0]
    before = _names(tail[:max(last_title, 0)])
    return before[-1] if before else None


def _is_title(line: str) -> bool:
    """Return True for a signing-title line (the layout's list, or an upper-case role)."""
    return is_signature_line(line) or bool(
        line.isupper() and len(line.split()) <= 8
        and (_ROLE_LINE.match(line) or _PREFIXED.match(line)))


def parse_tail(tail: list[str]) -> Signature:
    """Return the signer, signing title, recipients and a law's passing date from the tail."""
    sig = Signature(recipients="\n".join(_recipient_lines(tail)))
    titles = [i for i, line in enumerate(tail) if _is_title(line)]
    if titles:
        sig.signer_title = signing_title(tail[titles[-1]])
        sig.signer = _signer(tail, titles[-1])
    for line in tail:
        if CLOSING_RE.match(line):
            sig.passed = find_date(line)
            break
    return sig
