"""Text copied from a legal portal's page: the page's own lines cut off, its caption kept.

Besides the document, such a copy holds the portal's furniture: a notice before the text
("Địa chỉ: … THƯ VIỆN PHÁP LUẬT … Tiếp tục sử dụng"), and after it the page's caption of the
document, a line saying no English version exists, the related-documents box and login
notices ("Cảm ơn đã dùng ThuVienPhapLuat.vn").  The caption names the document as the portal
files it — "Công văn 5435/CT-NVT ngày 21/11/2025 tuyên truyền … do Cục Thuế ban hành" — which
is a source of metadata when the copy lost the document's own header; it ranks below the
document's text (see ingest.metadata).
"""

from __future__ import annotations

import re

from .dates import make_date
from .doctypes import TYPES
from .sources import Sourced

_TYPE_NAMES = "|".join(sorted((*TYPES, "Công văn", "Công điện", "Kết luận", "Văn bản hợp nhất"),
                              key=len, reverse=True))
_CAPTION = re.compile(
    rf"^(?P<type>{_TYPE_NAMES}) (?P<number>\d[\w./]*[-/][\wĐđ./-]+)"
    r"(?: năm \d{4})?(?: ngày (?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4}))?"
    r"(?: (?P<title>.*?))?(?: do (?P<issuer>[^.;]{2,160}) ban hành)?$")
_FURNITURE = re.compile(
    r"^(?:Văn bản này chưa cập nhật nội dung Tiếng Anh|#+ Văn bản liên quan"
    r"|Cảm ơn đã dùng ThuVienPhapLuat\.vn|Bạn Chưa Đăng Nhập Thành Viên)")
_NOTICE_START = re.compile(r"^Địa chỉ\s*:?$")
_NOTICE_END = re.compile(r"^Tiếp tục sử dụng$")
NOTICE_LINES = 80
CAPTION_LINES = 3  # caption lines looked for just before and after the first furniture line


def split_portal(lines: list[str]) -> tuple[list[str], Sourced]:
    """Return (the document's lines, what the portal's caption says of it)."""
    lines = _without_notice(lines)
    start = next((i for i, line in enumerate(lines) if _FURNITURE.match(line)), None)
    if start is None:
        return lines, Sourced()
    before = [i for i in range(max(0, start - CAPTION_LINES), start)
              if _CAPTION.match(lines[i])]
    after = [lines[i] for i in range(start + 1, min(len(lines), start + CAPTION_LINES))
             if _CAPTION.match(lines[i])]
    captions = [lines[i] for i in before] + after
    cut = before[0] if before else start
    return lines[:cut], _caption(captions)


def _without_notice(lines: list[str]) -> list[str]:
    """Return the lines without the portal's notice block at the top, if any."""
    if not lines or not _NOTICE_START.match(lines[0]):
        return lines
    end = next((i for i, line in enumerate(lines[:NOTICE_LINES]) if _NOTICE_END.match(line)),
               None)
    return lines if end is None else lines[end + 1:]


def _caption(captions: list[str]) -> Sourced:
    """Return the metadata the caption lines give (the dated one gives the date)."""
    out = Sourced()
    for line in captions:
        m = _CAPTION.match(line)
        out.number = out.number or m.group("number")
        out.doc_type = out.doc_type or m.group("type")
        out.issuer = out.issuer or m.group("issuer")
        if m.group("y") and out.issued is None:
            out.issued = make_date(m.group("d"), m.group("m"), m.group("y"))
    return out
