"""Scanned PDFs read by Tesseract: the same structure parser, confidences kept per page.

Needs Debian's tesseract-ocr and tesseract-ocr-vie (.ci/run installs them); without them the
tests skip with a message on a developer's machine and fail on CI.
"""

from __future__ import annotations

import os

import pytest
from conftest import need_shared

from ingest.ocr import LOW_CONFIDENCE, _from_tsv, ocr_available
from ingest.pipeline import load_path
from ingest.serialize import document_from_dict, document_to_dict

SCAN = "nd-32-2024-scanned-no-text-layer.pdf"


@pytest.fixture(scope="module")
def scanned():
    if not ocr_available():
        if os.environ.get("CI"):
            pytest.fail("Tesseract với mô hình tiếng Việt chưa được cài (scripts/install.sh)")
        pytest.skip("cần tesseract-ocr và tesseract-ocr-vie để nhận dạng bản quét")
    (doc,) = load_path(need_shared("formats") / SCAN)
    return doc


def test_a_scan_is_read_and_parsed_like_a_text_pdf(scanned):
    assert scanned.number == "32/2024/NĐ-CP" and scanned.issuer == "Chính phủ"
    first = scanned.find("dieu-1")
    assert first is not None and "cụm công nghiệp" in first.full_text().lower()
    assert any("OCR" in w for w in scanned.warnings)


def test_each_page_keeps_its_confidence(scanned):
    assert [page for page, _ in scanned.source.ocr] == [1, 2, 3]
    assert all(LOW_CONFIDENCE <= conf <= 100 for _, conf in scanned.source.ocr)
    again = document_from_dict(document_to_dict(scanned))
    assert again.source.ocr == scanned.source.ocr  # kept in the record


def test_tesseract_tsv_becomes_lines_and_a_mean_confidence():
    tsv = ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight"
           "\tconf\ttext\n"
           "5\t1\t1\t1\t1\t1\t0\t0\t1\t1\t90\tĐiều\n5\t1\t1\t1\t1\t2\t0\t0\t1\t1\t80\t1.\n"
           "4\t1\t1\t1\t2\t0\t0\t0\t1\t1\t-1\t\n"
           "5\t1\t1\t1\t2\t1\t0\t0\t1\t1\t70\tPhạm\n5\t1\t1\t1\t2\t2\t0\t0\t1\t1\t60\tvi\n")
    page = _from_tsv(tsv, 0)
    assert page.text == "Điều 1.\nPhạm vi" and page.confidence == 75.0
