"""OCR accuracy: a scanned PDF read by OCR against the same pages of the text it was printed from.

Character accuracy = 1 - edit distance / length of the reference, after whitespace is
collapsed (line breaks and spacing are layout, not text).  The reference is the prefix of the
original's text that the OCR'd pages best align with (the scan holds its first pages).
"""

from __future__ import annotations

import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from ingest.extract import extract_file
from ingest.ocr import ocr_pages


@dataclass(frozen=True)
class OcrScore:
    """How an OCR'd scan compares with its original."""

    pages: int
    seconds: float  # wall time of the OCR itself
    accuracy: float  # 0-1
    confidences: tuple[float, ...]

    @property
    def pages_per_second(self) -> float:
        """Return pages read per second."""
        return self.pages / self.seconds if self.seconds else 0.0


def squeeze(text: str) -> str:
    """Return NFC text with every run of whitespace made one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def best_prefix_accuracy(read: str, original: str, slack: float = 0.15) -> float:
    """Return 1 - distance / length for the prefix of original that read aligns with best."""
    best = 0.0
    low, high = int(len(read) * (1 - slack)), int(len(read) * (1 + slack))
    for end in range(max(1, low), min(len(original), high) + 1, 10):
        ref = original[:end]
        best = max(best, 1 - Levenshtein.distance(read, ref) / len(ref))
    return best


def score_scan(scan: Path, original: Path) -> OcrScore:
    """Return the OCR figures of a scanned PDF against its original file."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(scan))
    count = len(pdf)
    pdf.close()
    start = time.perf_counter()
    pages = ocr_pages(scan, list(range(count)))
    seconds = time.perf_counter() - start
    read = squeeze("\n".join(p.text for p in pages))
    reference = squeeze(extract_file(original).text)
    return OcrScore(count, seconds, best_prefix_accuracy(read, reference),
                    tuple(p.confidence for p in pages))
