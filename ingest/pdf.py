"""PDF -> text with PDFium (pypdfium2): lines with their geometry, re-joined by `reflow`.

PDFium extracts the 96-page decree in a fraction of a second (pdfplumber/pdfminer needs
tens of seconds), so it is the main path; pdfplumber is the fallback for files PDFium refuses
as malformed.  A PDF without any text layer (a scan) raises NeedsOCR with its page count;
a password raises EncryptedFile; a file cut short (no %%EOF trailer) raises CorruptFile.
"""

from __future__ import annotations

import ctypes
import logging
import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .errors import CorruptFile, EncryptedFile, NeedsOCR
from .ocr import INSTALL_HINT, LOW_CONFIDENCE, OcrFailed, ocr_available, ocr_pages
from .pdf_tables import with_tables
from .reflow import Line, reflow

_PASSWORD_ERRORS = {4, 5}  # FPDF_ERR_PASSWORD, FPDF_ERR_SECURITY
_LINE = re.compile(r"[^\r\n]+")
_MIN_CHARS = 20  # fewer non-blank characters than this in the whole file: nothing to index
MIN_RULINGS = 8  # path objects a page needs before its tables are looked for


def pdf_text(path: Path) -> tuple[str, int, tuple[str, ...], tuple[tuple[int, float], ...]]:
    """Return (paragraph text, page count, warnings, OCR confidences) of a PDF."""
    _check_complete(path)
    try:
        pages, scanned, ruled = _pdfium_pages(path)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) in _PASSWORD_ERRORS:
            raise EncryptedFile(path, "PDF cần mật khẩu để mở") from exc
        pages, scanned, ruled = _pdfplumber_pages(path, exc), set(), set()
    if ruled - scanned:
        pages = with_tables(path, pages, ruled - scanned)
    return _finish(path, pages, scanned)


def _check_complete(path: Path) -> None:
    """Raise CorruptFile when the file does not end with a PDF trailer (truncated download)."""
    with path.open("rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - 2048))
        tail = fh.read()
    if b"%%EOF" not in tail:
        raise CorruptFile(path, "PDF bị cắt cụt (thiếu phần kết thúc %%EOF), hãy tải lại tệp")


def _pdfium_pages(path: Path) -> tuple[list[list[Line]], set[int], set[int]]:
    """Return the lines of every page read with PDFium, the pages that are only images, and
    the pages drawn with enough ruling lines to hold a table."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        pages, scanned, ruled = [], set(), set()
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            pages.append(_page_lines(textpage, index))
            if not pages[-1] and _has_image(page):
                scanned.add(index)
            if _rulings(page) >= MIN_RULINGS:
                ruled.add(index)
            textpage.close()
            page.close()
        return pages, scanned, ruled
    finally:
        pdf.close()


def _rulings(page: pdfium.PdfPage) -> int:
    """Return how many path objects (lines, cell borders) a page draws."""
    return sum(1 for obj in page.get_objects(max_depth=2)
               if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH)


def _has_image(page: pdfium.PdfPage) -> bool:
    """Return True if a page holds an image object (a scanned page, when it has no text)."""
    return any(obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects(max_depth=2))


def _page_lines(textpage: pdfium.PdfTextPage, index: int) -> list[Line]:
    """Return a page's lines with the box of their first and last characters."""
    text = textpage.get_text_range()
    if len(text) != textpage.count_chars():  # character boxes would not line up
        return [Line(m.group(), index) for m in _LINE.finditer(text) if m.group().strip()]
    lines = []
    for match in _LINE.finditer(text):
        if match.group().strip():
            lines.extend(_measured(textpage, match, index))
    return lines


def _measured(textpage: pdfium.PdfTextPage, match: re.Match[str], index: int) -> list[Line]:
    """Return one text line with its geometry, split where a wide gap separates columns."""
    raw = match.group()
    first = match.start() + len(raw) - len(raw.lstrip())
    last = match.start() + len(raw.rstrip()) - 1
    x0, low, _, top = textpage.get_charbox(first, loose=True)
    x1 = textpage.get_charbox(last, loose=True)[2]
    height = max(top - low, 1.0)
    line = Line(raw.strip(), index, x0, x1, top, _baseline(textpage, first))
    if x1 - x0 < 0.65 * height * len(line.text):  # dense like running text: one column
        return [line]
    return _split_columns(textpage, match, line, height)


def _baseline(textpage: pdfium.PdfTextPage, index: int) -> float:
    """Return the baseline height of a character (its origin; boxes vary with the glyph)."""
    x, y = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharOrigin(textpage, index, x, y)
    return y.value


def _split_columns(textpage: pdfium.PdfTextPage, match: re.Match[str], line: Line,
                   height: float) -> list[Line]:
    """Return the pieces of a line separated by gaps wider than 2.5 line heights."""
    raw, base = match.group(), match.start()
    cuts, prev_right = [], None
    for offset, ch in enumerate(raw):
        if ch.isspace():
            continue
        left, _, right, _ = textpage.get_charbox(base + offset, loose=True)
        if prev_right is not None and left - prev_right > 2.5 * height:
            cuts.append((offset, prev_right, left))
        prev_right = right
    if not cuts:
        return [line]
    pieces, start, x0 = [], 0, line.x0
    for offset, right, left in cuts:
        pieces.append(Line(raw[start:offset].strip(), line.page, x0, right, line.top,
                           line.bottom, cell=True))
        start, x0 = offset, left
    pieces.append(Line(raw[start:].strip(), line.page, x0, line.x1, line.top, line.bottom,
                       cell=True))
    return [p for p in pieces if p.text]


def _pdfplumber_pages(path: Path, cause: Exception) -> list[list[Line]]:
    """Return page lines read by pdfplumber, for files PDFium could not open."""
    import pdfplumber  # slow to import; only needed for files PDFium rejects

    # pdfminer logs every damaged object it skips; the damage is reported as our own error
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        with pdfplumber.open(path) as pdf:
            return [[Line(t, i) for t in (page.extract_text() or "").split("\n") if t.strip()]
                    for i, page in enumerate(pdf.pages)]
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many unrelated types
        if "password" in repr(exc).lower() or "encrypt" in repr(exc).lower():
            raise EncryptedFile(path, "PDF cần mật khẩu để mở") from exc
        raise CorruptFile(path, f"PDF hỏng, không mở được ({cause})") from exc


def _finish(path: Path, pages: list[list[Line]],
            scanned: set[int]) -> tuple[str, int, tuple[str, ...], tuple[tuple[int, float], ...]]:
    """Return the reflowed text (scanned pages read by OCR when Tesseract is installed), or
    NeedsOCR when no page has text and OCR is not possible."""
    chars = sum(len(line.text.strip()) for lines in pages for line in lines)
    if chars < _MIN_CHARS:
        scanned = set(range(len(pages)))
    if scanned and ocr_available():
        return _with_ocr(path, pages, scanned)
    if chars < _MIN_CHARS:
        raise NeedsOCR(path, f"{len(pages)} trang, không trang nào có chữ; {INSTALL_HINT}")
    warnings = ()
    if scanned:
        numbers = ", ".join(str(i + 1) for i in sorted(scanned))
        warnings = (f"các trang chỉ có ảnh, không có chữ (cần OCR): {numbers}; {INSTALL_HINT}",)
    return "\n".join(reflow(pages)), len(pages), warnings, ()


def _with_ocr(path: Path, pages: list[list[Line]],
              scanned: set[int]) -> tuple[str, int, tuple[str, ...], tuple[tuple[int, float], ...]]:
    """Return the text with scanned pages read by OCR, in page order, and their confidences."""
    try:
        read = {p.index: p for p in ocr_pages(path, sorted(scanned))}
    except OcrFailed as exc:
        raise NeedsOCR(path, f"nhận dạng ký tự không thành công ({exc})") from exc
    parts: list[str] = []
    run: list[list[Line]] = []
    for index, lines in enumerate(pages):
        if index in read:
            parts += ["\n".join(reflow(run))] if run else []
            parts.append(read[index].text)
            run = []
        else:
            run.append(lines)
    parts += ["\n".join(reflow(run))] if run else []
    confidences = tuple((i + 1, read[i].confidence) for i in sorted(read))
    low = [f"{page} ({conf:.0f}%)" for page, conf in confidences if conf < LOW_CONFIDENCE]
    warnings = (f"đã nhận dạng ký tự (OCR) {len(read)} trang",)
    if low:
        warnings += (f"trang OCR có độ tin cậy thấp, cần đối chiếu bản gốc: {', '.join(low)}",)
    return "\n".join(x for x in parts if x), len(pages), warnings, confidences
