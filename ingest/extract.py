"""Extraction stage: a file on disk -> `Extracted` (clean NFC text, one paragraph per line).

Extractors sit in a table keyed by file suffix.  Before one runs, the file's size is checked
against the limit and its content is sniffed (magic bytes) against its suffix, so a PDF named
.docx or random bytes named .pdf give a clear typed error instead of a library traceback.
After it runs, legacy TCVN3/VNI text is converted and the text normalised.  Every failure
leaves `extract_file` as an `ingest.errors.IngestError` subclass naming the file.

Word 97 (.doc) files are read by `ingest.doc97`, a small reader written for this project on
top of olefile (no external converter).  A `.doc` holding a Word 2007+ package (or the
reverse) is read by its content, with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from . import legacy
from .doc97 import read_doc
from .docx import docx_text, read_parts
from .errors import CorruptFile, EmptyDocument, IngestError, TooLarge, UnsupportedFormat
from .html import html_text
from .models import Extracted
from .normalise import normalise_text
from .pdf import pdf_text
from .plaintext import decode_bytes

SUPPORTED = (".docx", ".doc", ".pdf", ".html", ".htm", ".txt", ".md")
DEFAULT_MAX_BYTES = 50 * 2**20

# What the first bytes say a file is, and the Vietnamese name shown to users.
KIND_NAMES = {
    "pdf": "PDF", "zip": "tệp nén ZIP/Word 2007+ (.docx)", "ole": "Word 97-2003 (.doc)",
    "rtf": "RTF", "html": "HTML", "text": "văn bản thuần", "binary": "dữ liệu nhị phân",
    "empty": "rỗng",
}
EXPECTED_KIND = {".pdf": {"pdf"}, ".docx": {"zip"}, ".doc": {"ole"},
                 ".html": {"html", "text"}, ".htm": {"html", "text"},
                 ".txt": {"text", "html"}, ".md": {"text", "html"}}
FORMATS = {".docx": "docx", ".doc": "doc", ".pdf": "pdf", ".html": "html", ".htm": "html",
           ".txt": "txt", ".md": "txt"}
# Word reads these silently, so users have them: read by content, with a warning.
_WORD_SWAP = {(".doc", "zip"): ".docx", (".docx", "ole"): ".doc", (".doc", "html"): ".html"}


_HTML_TAG = re.compile(r"<(!doctype html|html|body|head|div|p|table)[\s>]")
RawText = tuple[str, int | None, tuple[str, ...]]  # text, pages, warnings


def extract_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Extracted:
    """Return the clean NFC text of a document file; raise a typed IngestError naming it."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in EXTRACTORS:
        raise UnsupportedFormat(path, f"đuôi tệp '{suffix or '(không có)'}'; hỗ trợ: "
                                      + ", ".join(SUPPORTED))
    head = _check_file(path, max_bytes)
    suffix, notes = _reconcile(path, suffix, sniff(head))
    text, pages, warnings = _run(EXTRACTORS[suffix], path, max_bytes)
    text, fixed = legacy.repair_legacy(text, str(path))
    text = normalise_text(text)
    if not any(ch.isalnum() for ch in text):
        raise EmptyDocument(path, "không có chữ nào sau khi trích xuất")
    return Extracted(text=text, format=FORMATS[suffix], pages=pages,
                     warnings=(*notes, *warnings, *fixed))


def _check_file(path: Path, max_bytes: int) -> bytes:
    """Return the first bytes of a readable file within the size limit."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise IngestError(path, "không phải là tệp (thư mục hoặc thiết bị)")
        if size > max_bytes:
            raise TooLarge(path, f"{size / 2**20:.1f} MB, giới hạn {max_bytes / 2**20:.0f} MB")
        if size == 0:
            raise EmptyDocument(path, "tệp 0 byte")
        with path.open("rb") as fh:
            return fh.read(8192)
    except OSError as exc:
        raise IngestError(path, exc.strerror or str(exc)) from exc


def sniff(head: bytes) -> str:
    """Return what the first bytes of a file are: pdf, zip, ole, rtf, html, text or binary."""
    stripped = head.lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n\x00")
    if not stripped:
        return "empty" if len(head) < 8192 else "text"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if stripped.startswith(b"{\\rtf"):
        return "rtf"
    if not _looks_textual(head):
        return "binary"
    sample = head[:4096].decode("utf-8", errors="ignore").replace("\x00", "").lower()
    return "html" if _HTML_TAG.search(sample) else "text"


def _looks_textual(head: bytes) -> bool:
    """Return True if bytes look like text (UTF-8/16 or 8-bit) rather than binary data."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    text, _ = decode_bytes(head[:4096])
    controls = sum(1 for c in text if (ord(c) < 32 and c not in "\t\n\r\f") or c == "\ufffd")
    return controls <= 0.02 * max(len(text), 1)


def _reconcile(path: Path, suffix: str, kind: str) -> tuple[str, tuple[str, ...]]:
    """Return the suffix whose extractor fits the content, or raise for a mismatch."""
    if kind in EXPECTED_KIND[suffix]:
        return suffix, ()
    if (suffix, kind) in _WORD_SWAP:
        real = _WORD_SWAP[(suffix, kind)]
        notice = f"tên tệp là {suffix} nhưng nội dung là {KIND_NAMES[kind]}; đã đọc theo nội dung"
        return real, (notice,)
    if kind == "empty":
        raise EmptyDocument(path, "tệp chỉ chứa khoảng trắng")
    if kind == "rtf":
        raise UnsupportedFormat(path, "nội dung là RTF; hãy mở bằng Word và lưu lại (.docx)")
    if kind == "binary":
        raise CorruptFile(path, f"tên tệp là {suffix} nhưng nội dung là dữ liệu nhị phân "
                                "không nhận dạng được")
    raise CorruptFile(path, f"tên tệp là {suffix} nhưng nội dung là {KIND_NAMES[kind]}")


def _run(extractor: Callable[[Path, int], RawText], path: Path, max_bytes: int) -> RawText:
    """Run one extractor, turning any library failure into a typed error naming the file."""
    try:
        return extractor(path, max_bytes)
    except IngestError:
        raise
    except MemoryError as exc:
        raise TooLarge(path, "không đủ bộ nhớ để đọc tệp") from exc
    except RecursionError as exc:
        raise CorruptFile(path, "cấu trúc lồng nhau quá sâu") from exc
    except Exception as exc:  # noqa: BLE001 - the boundary: no library exception escapes
        raise CorruptFile(path, f"lỗi khi đọc: {type(exc).__name__}: {exc}") from exc


def _extract_docx(path: Path, max_bytes: int) -> RawText:
    """Return the text of a Word 2007+ file."""
    text, warnings = docx_text(read_parts(path, max_bytes))
    return text, None, warnings


def _extract_doc(path: Path, max_bytes: int) -> RawText:
    """Return the text of a Word 97-2003 file."""
    return read_doc(path), None, ()


def _extract_pdf(path: Path, max_bytes: int) -> RawText:
    """Return the text and page count of a PDF."""
    return pdf_text(path)


def _extract_html(path: Path, max_bytes: int) -> RawText:
    """Return the body text of an HTML page."""
    text, _ = html_text(path.read_bytes())
    return text, None, ()


def _extract_text(path: Path, max_bytes: int) -> RawText:
    """Return the text of a plain-text file in whatever encoding it uses."""
    text, _ = decode_bytes(path.read_bytes())
    return text, None, ()


_MD_MARKUP = re.compile(r"^(?:#{1,6}\s+|>\s?)|\*\*|__|^\s*(?:---+|\*\*\*+)\s*$", re.MULTILINE)


def _extract_markdown(path: Path, max_bytes: int) -> RawText:
    """Return the text of a Markdown file without heading marks and bold/quote markup."""
    text, pages, warnings = _extract_text(path, max_bytes)
    return _MD_MARKUP.sub("", text), pages, warnings


EXTRACTORS: dict[str, Callable[[Path, int], RawText]] = {
    ".docx": _extract_docx, ".doc": _extract_doc, ".pdf": _extract_pdf,
    ".html": _extract_html, ".htm": _extract_html, ".txt": _extract_text, ".md": _extract_markdown,
}
