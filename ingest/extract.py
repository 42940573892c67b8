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

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import legacy
from .doc97 import read_doc
from .docx import docx_text, read_parts
from .errors import (
    DEFAULT_MAX_BYTES,
    CorruptFile,
    EmptyDocument,
    IngestError,
    TooLarge,
    UnsupportedFormat,
    from_os_error,
)
from .html import html_text
from .models import Extracted
from .normalise import normalise_text
from .pdf import pdf_text
from .plaintext import decode_bytes

# What the first bytes say a file is, and the Vietnamese name shown to users.
KIND_NAMES = {
    "pdf": "PDF", "zip": "tệp nén ZIP/Word 2007+ (.docx)", "ole": "Word 97-2003 (.doc)",
    "rtf": "RTF", "html": "HTML", "text": "văn bản thuần", "binary": "dữ liệu nhị phân",
    "empty": "rỗng",
}

OcrConfidence = tuple[tuple[int, float], ...]  # (page number, mean confidence)
RawText = tuple[str, int | None, tuple[str, ...], OcrConfidence]  # text, pages, warnings, OCR
# Word reads these silently, so users have them: read by content, with a warning.
_WORD_SWAP = {(".doc", "zip"): ".docx", (".docx", "ole"): ".doc", (".doc", "html"): ".html"}


@dataclass(frozen=True)
class Format:
    """One file format ingest reads: its suffix, the content it accepts, how to read it."""

    suffix: str
    format: str  # the record's SourceFile.format
    kinds: frozenset[str]  # what `sniff` may call content read under this suffix
    name: str  # shown to users
    extractor: Callable[[Path, int], RawText]


_HTML_TAG = re.compile(r"<(!doctype html|html|body|head|div|p|table)[\s>]")


def extract_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Extracted:
    """Return the clean NFC text of a document file; raise a typed IngestError naming it."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS_BY_SUFFIX:
        raise UnsupportedFormat(path, f"đuôi tệp '{suffix or '(không có)'}'; hỗ trợ: "
                                      + ", ".join(SUPPORTED))
    head = _check_file(path, max_bytes)
    suffix, notes = _reconcile(path, suffix, sniff(head))
    fmt = FORMATS_BY_SUFFIX[suffix]
    text, pages, warnings, ocr = _run(fmt.extractor, path, max_bytes)
    text, fixed = legacy.repair_legacy(text, str(path))
    text = normalise_text(text)
    if not any(ch.isalnum() for ch in text):
        raise EmptyDocument(path, "không có chữ nào sau khi trích xuất")
    return Extracted(text=text, format=fmt.format, pages=pages, ocr=ocr,
                     warnings=(*notes, *warnings, *fixed))


def _check_file(path: Path, max_bytes: int) -> bytes:
    """Return the first bytes of a readable file within the size limit."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise IngestError(path, "không phải là tệp (thư mục hoặc thiết bị)")
        TooLarge.check(path, size, max_bytes)
        if size == 0:
            raise EmptyDocument(path, "tệp 0 byte")
        with path.open("rb") as fh:
            return fh.read(8192)
    except OSError as exc:
        raise from_os_error(path, exc) from exc


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
    if kind in FORMATS_BY_SUFFIX[suffix].kinds:
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
        raise CorruptFile(path, f"lỗi khi đọc ({type(exc).__name__})") from exc


def _extract_docx(path: Path, max_bytes: int) -> RawText:
    """Return the text of a Word 2007+ file."""
    text, warnings = docx_text(read_parts(path, max_bytes))
    return text, None, warnings, ()


def _extract_doc(path: Path, max_bytes: int) -> RawText:
    """Return the text of a Word 97-2003 file."""
    return read_doc(path), None, (), ()


def _extract_pdf(path: Path, max_bytes: int) -> RawText:
    """Return the text and page count of a PDF."""
    return pdf_text(path)


def _extract_html(path: Path, max_bytes: int) -> RawText:
    """Return the body text of an HTML page."""
    text, _ = html_text(path.read_bytes())
    return text, None, (), ()


def _extract_text(path: Path, max_bytes: int) -> RawText:
    """Return the text of a plain-text file in whatever encoding it uses."""
    text, _ = decode_bytes(path.read_bytes())
    return text, None, (), ()


_MD_MARKUP = re.compile(r"^(?:#{1,6}\s+|>\s?)|\*\*|__|^\s*(?:---+|\*\*\*+)\s*$", re.MULTILINE)


def _extract_markdown(path: Path, max_bytes: int) -> RawText:
    """Return the text of a Markdown file without heading marks and bold/quote markup."""
    text, pages, warnings, ocr = _extract_text(path, max_bytes)
    return _MD_MARKUP.sub("", text), pages, warnings, ocr


# The one declaration of the formats ingest reads (uploads and survey import read it too).
FORMAT_TABLE = (
    Format(".docx", "docx", frozenset({"zip"}), "Word (.docx)", _extract_docx),
    Format(".doc", "doc", frozenset({"ole"}), "Word 97-2003 (.doc)", _extract_doc),
    Format(".pdf", "pdf", frozenset({"pdf"}), "PDF", _extract_pdf),
    Format(".html", "html", frozenset({"html", "text"}), "HTML", _extract_html),
    Format(".htm", "html", frozenset({"html", "text"}), "HTML", _extract_html),
    Format(".txt", "txt", frozenset({"text", "html"}), "văn bản thuần (.txt)", _extract_text),
    Format(".md", "txt", frozenset({"text", "html"}), "Markdown (.md)", _extract_markdown),
)
FORMATS_BY_SUFFIX = {f.suffix: f for f in FORMAT_TABLE}
SUPPORTED = tuple(FORMATS_BY_SUFFIX)
# The suffix a file is stored under when only its content is known (uploads).
SUFFIX_OF_KIND = {"pdf": ".pdf", "zip": ".docx", "ole": ".doc", "html": ".html", "text": ".txt"}


def suffix_of_content(data: bytes) -> str:
    """Return the suffix a file's content shows ('.pdf', '.docx', ...), or '' if unreadable."""
    kind = sniff(data[:8192])
    if kind == "zip" and not _is_word_package(data):
        return ""
    return SUFFIX_OF_KIND.get(kind, "")


def suffix_for(name: str, data: bytes) -> str:
    """Return the suffix an uploaded file is read under ('' when ingest cannot read it).

    Its own suffix when the table has it and the content fits; none of ours (.svg, .exe):
    refused, as `phapquy ingest` refuses it; no suffix or a content of another format: the
    suffix the content shows.
    """
    own = Path(name.replace("\\", "/")).suffix.lower()
    fmt = FORMATS_BY_SUFFIX.get(own)
    if fmt is not None and sniff(data[:8192]) in fmt.kinds:
        return own
    if own and fmt is None:
        return ""
    return suffix_of_content(data)


def _is_word_package(data: bytes) -> bool:
    """Return True when zip bytes hold a Word document (word/document.xml)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "word/document.xml" in zf.namelist()
    except zipfile.BadZipFile:
        return False
