"""Scanned pages -> text with Tesseract (Debian `tesseract-ocr` + `tesseract-ocr-vie`).

A page is rendered by PDFium (pypdfium2) to a grey image at OCR_DPI and read by the
`tesseract` program with its Vietnamese model; its TSV output gives the words, their lines
and a confidence per word.  A page's confidence is the mean of its words' (0-100); pages
below LOW_CONFIDENCE are reported as warnings.  Without Tesseract, or without its Vietnamese
model, `ocr_available()` is False and ingest keeps refusing scans with a message saying how
to install it.
"""

from __future__ import annotations

import csv
import functools
import io
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

OCR_DPI = 300
LANGUAGE = "vie"
PAGE_TIMEOUT_S = 120
LOW_CONFIDENCE = 80.0
INSTALL_HINT = ("cài Tesseract và mô hình tiếng Việt để nhận dạng: "
                "apt-get install tesseract-ocr tesseract-ocr-vie")


@dataclass(frozen=True)
class OcrPage:
    """One page read by OCR: its text lines and its mean word confidence (0-100)."""

    index: int
    text: str
    confidence: float


class OcrFailed(RuntimeError):
    """Tesseract could not read a page (it failed or ran past its time)."""


@functools.cache
def ocr_available() -> bool:
    """Return True when the tesseract program and its Vietnamese model are installed."""
    exe = shutil.which("tesseract")
    if exe is None:
        return False
    try:
        listed = subprocess.run([exe, "--list-langs"], capture_output=True, text=True,
                                timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return LANGUAGE in (listed.stdout + listed.stderr).split()


def ocr_pages(pdf_path: Path, indexes: list[int]) -> list[OcrPage]:
    """Return the OCR'd text of the given pages of a PDF (0-based), in order."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        with tempfile.TemporaryDirectory(prefix="phapquy-ocr-") as tmp:
            return [_ocr_page(pdf[i], i, Path(tmp)) for i in indexes]
    finally:
        pdf.close()


def _ocr_page(page, index: int, folder: Path) -> OcrPage:
    """Return one rendered page read by Tesseract."""
    image = folder / f"trang-{index + 1}.png"
    page.render(scale=OCR_DPI / 72, grayscale=True).to_pil().save(image)
    page.close()
    try:
        done = subprocess.run(
            ["tesseract", str(image), "stdout", "-l", LANGUAGE, "--psm", "6", "tsv"],
            capture_output=True, text=True, timeout=PAGE_TIMEOUT_S, check=False,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    except subprocess.TimeoutExpired as exc:
        raise OcrFailed(f"trang {index + 1}: quá {PAGE_TIMEOUT_S} giây") from exc
    if done.returncode != 0:
        raise OcrFailed(f"trang {index + 1}: tesseract lỗi {done.returncode}")
    return _from_tsv(done.stdout, index)


def _from_tsv(tsv: str, index: int) -> OcrPage:
    """Return a page's lines and mean confidence from Tesseract's TSV output."""
    lines: dict[tuple[str, str, str], list[str]] = {}
    confidences: list[float] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        word = (row.get("text") or "").strip()
        conf = float(row.get("conf") or -1)
        if not word or conf < 0:
            continue
        lines.setdefault((row["block_num"], row["par_num"], row["line_num"]), []).append(word)
        confidences.append(conf)
    text = "\n".join(" ".join(words) for words in lines.values())
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return OcrPage(index, text, round(mean, 1))
