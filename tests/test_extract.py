"""Extraction: real documents in every format, the same articles across formats, bad files."""

from __future__ import annotations

import hashlib
import re
import struct
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest

from ingest.errors import (
    CorruptFile,
    EmptyDocument,
    EncryptedFile,
    IngestError,
    NeedsOCR,
    TooLarge,
    UnsupportedFormat,
)
from ingest.extract import SUPPORTED, extract_file
from ingest.reflow import Line, reflow

ARTICLE = re.compile(r"^Điều (\d+[a-zđ]?)\.", re.MULTILINE)
SCAN = "nd-32-2024-scanned-no-text-layer.pdf"
SAME_DOCUMENT = {
    "nd-32-2024": ("docx", "pdf", "html"),
    "tt-14-2024": ("docx", "pdf"),
    "nd-139-2025": ("docx", "pdf", "html"),
    "nd-146-2025": ("doc", "pdf"),
    "tt-38-2025": ("doc", "pdf"),
}
HEADER = {  # document number line of the header block, the same in every format
    "nd-32-2024": "Số: 32/2024/NĐ-CP", "tt-14-2024": "Số: 14/2024/TT-BCT",
    "nd-139-2025": "Số: 139/2025/NĐ-CP", "nd-146-2025": "Số: 146/2025/NĐ-CP",
    "tt-38-2025": "Số: 38/2025/TT-BCT",
}
_cache: dict[Path, str] = {}


def text_of(path: Path) -> str:
    """Extract a shared file once per test session."""
    if path not in _cache:
        _cache[path] = extract_file(path).text
    return _cache[path]


def articles(text: str) -> list[str]:
    """Return the numbers of the lines starting 'Điều N.' in order."""
    return ARTICLE.findall(text)


# --- real documents --------------------------------------------------------------------------
def _documents(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in SUPPORTED and p.name != SCAN)


def test_every_corpus_file_extracts_to_nfc_text_with_articles(shared_corpus):
    files = _documents(shared_corpus)
    assert files
    for path in files:
        text = text_of(path)
        assert unicodedata.is_normalized("NFC", text), path.name
        assert "1" in articles(text), path.name
        assert "\u00a0" not in text and "\u200b" not in text and "\r" not in text, path.name


def test_every_format_file_extracts(shared_formats):
    for path in _documents(shared_formats):
        text = text_of(path)
        assert unicodedata.is_normalized("NFC", text), path.name
        assert articles(text)[:3] == ["1", "2", "3"], path.name


def test_word97_document_number_and_articles(shared_corpus):
    text = text_of(shared_corpus / "tt-38-2025-bct-phan-cap-thu-tuc-hanh-chinh.doc")
    assert "Số: 38/2025/TT-BCT" in text.split("\n")
    assert articles(text) == [str(n) for n in range(1, 38)]
    assert "EMBED" not in text  # field instructions are dropped, results kept


@pytest.mark.parametrize("stem", sorted(SAME_DOCUMENT))
def test_formats_of_one_document_give_the_same_articles(shared_formats, stem):
    sequences = {fmt: articles(text_of(shared_formats / f"{stem}.{fmt}"))
                 for fmt in SAME_DOCUMENT[stem]}
    first = next(iter(sequences.values()))
    assert len(first) >= 6
    assert all(seq == first for seq in sequences.values()), {k: len(v) for k, v in
                                                            sequences.items()}


@pytest.mark.parametrize("stem", sorted(SAME_DOCUMENT))
def test_header_block_lines_are_the_same_in_every_format(shared_formats, stem):
    for fmt in SAME_DOCUMENT[stem]:
        lines = text_of(shared_formats / f"{stem}.{fmt}").split("\n")
        assert HEADER[stem] in lines, fmt
        assert any(re.fullmatch(r"Hà Nội, ngày \d+ tháng \d+ năm \d{4}", ln) for ln in lines), fmt


@pytest.mark.parametrize("stem", ["nd-32-2024", "nd-146-2025", "tt-38-2025", "nd-139-2025"])
def test_pdf_paragraphs_match_the_word_file(shared_formats, stem):
    word = next(f for f in SAME_DOCUMENT[stem] if f.startswith("doc"))
    expected = [ln for ln in text_of(shared_formats / f"{stem}.{word}").split("\n") if ln]
    got = set(text_of(shared_formats / f"{stem}.pdf").split("\n"))
    body = [ln for ln in expected if ARTICLE.match(ln) or re.match(r"\d+\. |[a-zđ]\) ", ln)]
    assert sum(ln in got for ln in body) >= 0.95 * len(body)


def test_pdf_has_no_page_numbers_or_broken_document_numbers(shared_formats):
    text = text_of(shared_formats / "nd-32-2024.pdf")  # numbered at the top of each page
    lines = text.split("\n")
    assert not [ln for ln in lines if re.fullmatch(r"\d{1,3}", ln)]
    assert not [ln for ln in lines if re.search(r"/(NĐ|TT|QĐ)-$", ln)]
    assert not [ln for ln in lines if re.match(r"(CP|BCT)\b", ln)]


def test_without_tesseract_a_scan_needs_ocr_and_says_how_to_install(shared_formats,
                                                                    monkeypatch):
    import ingest.pdf

    monkeypatch.setattr(ingest.pdf, "ocr_available", lambda: False)
    with pytest.raises(NeedsOCR) as err:
        extract_file(shared_formats / SCAN)
    message = str(err.value)
    assert SCAN in message and "3 trang" in message and "tesseract-ocr-vie" in message


def test_extraction_reports_format_and_pages(shared_formats):
    extracted = extract_file(shared_formats / "nd-146-2025.pdf")
    assert (extracted.format, extracted.pages) == ("pdf", 96)
    assert extract_file(shared_formats / "tt-38-2025.doc").format == "doc"


# --- bad files -------------------------------------------------------------------------------
def _raises(path: Path, error: type[IngestError], **kwargs) -> str:
    with pytest.raises(error) as err:
        extract_file(path, **kwargs)
    assert path.name in str(err.value)
    return str(err.value)


def test_truncated_pdf_is_corrupt(shared_formats, tmp_path):
    data = (shared_formats / "nd-32-2024.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    assert "cắt cụt" in _raises(path, CorruptFile)


@pytest.mark.parametrize("name, data", [
    ("empty.pdf", b""), ("empty.docx", b""), ("blank.txt", b"  \n\t\r\n  "),
    ("bom-only.txt", b"\xef\xbb\xbf\n"), ("nothing.html", b"<html><body> <p></p></body></html>"),
])
def test_empty_files(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    _raises(path, EmptyDocument)


@pytest.mark.parametrize("name", ["random.pdf", "random.docx", "random.doc", "random.txt"])
def test_random_bytes_are_corrupt(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(hashlib.sha512(b"seed").digest() * 200 + bytes(range(256)) * 20)
    _raises(path, CorruptFile)


def test_pdf_named_docx_names_both_formats(shared_formats, tmp_path):
    path = tmp_path / "nghi-dinh.docx"
    path.write_bytes((shared_formats / "nd-32-2024.pdf").read_bytes())
    message = _raises(path, CorruptFile)
    assert ".docx" in message and "PDF" in message


def test_docx_named_pdf(shared_formats, tmp_path):
    path = tmp_path / "nghi-dinh.pdf"
    path.write_bytes((shared_formats / "nd-32-2024.docx").read_bytes())
    assert ".pdf" in _raises(path, CorruptFile)


def test_docx_named_doc_is_read_by_content(shared_formats, tmp_path):
    path = tmp_path / "nghi-dinh.doc"
    path.write_bytes((shared_formats / "nd-32-2024.docx").read_bytes())
    extracted = extract_file(path)
    assert extracted.format == "docx" and len(articles(extracted.text)) == 38
    assert extracted.warnings


def test_rtf_is_unsupported(tmp_path):
    path = tmp_path / "cong-van.doc"
    path.write_bytes(b"{\\rtf1\\ansi Cong van so 12}")
    assert "RTF" in _raises(path, UnsupportedFormat)


def test_zip_that_is_not_a_docx(tmp_path):
    path = tmp_path / "bang-tinh.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    assert "Excel" in _raises(path, UnsupportedFormat)


def _bomb(path: Path, size: int) -> None:
    body = "<w:t>" + "a" * size + "</w:t>"
    xml = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           f"<w:body><w:p><w:r>{body}</w:r></w:p></w:body></w:document>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", xml)


def test_zip_bomb_docx_is_refused_before_reading(tmp_path):
    path = tmp_path / "bom.docx"
    _bomb(path, 3 * 2**20)
    assert path.stat().st_size < 2**20
    assert "giải nén" in _raises(path, TooLarge, max_bytes=2**20)


def test_zip_bomb_with_a_lying_size_is_refused(tmp_path):
    path = tmp_path / "bom-gian.docx"
    _bomb(path, 3 * 2**20)
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        data[at + offset:at + offset + 4] = struct.pack("<I", 1000)
    path.write_bytes(bytes(data))
    with pytest.raises((TooLarge, CorruptFile)) as err:
        extract_file(path, max_bytes=2**20)
    assert path.name in str(err.value)


def test_oversized_file(shared_formats, tmp_path):
    path = tmp_path / "lon.pdf"
    path.write_bytes((shared_formats / "nd-32-2024.pdf").read_bytes())
    assert "giới hạn" in _raises(path, TooLarge, max_bytes=10_000)


@pytest.mark.parametrize("name", ["bang.xlsx", "anh.png", "du-lieu.json", "khong-duoi"])
def test_unsupported_suffix_lists_supported_ones(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"{}")
    assert ".docx" in _raises(path, UnsupportedFormat)


def test_missing_file(tmp_path):
    _raises(tmp_path / "khong-co.pdf", IngestError)


def _rc4(key: bytes, data: bytes) -> bytes:
    s, j = list(range(256)), 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = [], 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _encrypted_pdf(user: bytes, owner: bytes) -> bytes:
    """A one-page PDF protected by the standard security handler (RC4 40-bit, revision 2)."""
    pad = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
    file_id, perms = b"0123456789abcdef", -44
    o_entry = _rc4(hashlib.md5((owner + pad)[:32]).digest()[:5], (user + pad)[:32])
    key = hashlib.md5((user + pad)[:32] + o_entry + struct.pack("<i", perms) + file_id)
    u_entry = _rc4(key.digest()[:5], pad)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
        % (o_entry.hex().encode(), u_entry.hex().encode(), perms),
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n"
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size 5 /Root 1 0 R /Encrypt 4 0 R /ID [<%s> <%s>] >>\n" % (
        file_id.hex().encode(), file_id.hex().encode())
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def test_password_protected_pdf(tmp_path):
    path = tmp_path / "mat-khau.pdf"
    path.write_bytes(_encrypted_pdf(b"secret", b"owner"))
    assert "mật khẩu" in _raises(path, EncryptedFile)


# --- Word, HTML, text details ------------------------------------------------------------------
def test_docx_tables_header_block_and_data_rows(tmp_path):
    document = docx.Document()
    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    header.cell(1, 0).text = "Số: 12/KH-UBND"
    header.cell(1, 1).text = "An Giang, ngày 02 tháng 01 năm 2025"
    document.add_paragraph("Điều 1. Phạm vi")
    data = document.add_table(rows=2, cols=3)
    for col, value in enumerate(("TT", "Chỉ tiêu", "Đơn vị")):
        data.cell(0, col).text = value
    for col, value in enumerate(("1", "Doanh thu", "Tỷ đồng")):
        data.cell(1, col).text = value
    document.add_paragraph("Điều 2. Hiệu lực")
    path = tmp_path / "bang.docx"
    document.save(path)
    assert extract_file(path).text.split("\n") == [
        "ỦY BAN NHÂN DÂN", "TỈNH AN GIANG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "Số: 12/KH-UBND", "An Giang, ngày 02 tháng 01 năm 2025",
        "Điều 1. Phạm vi", "TT | Chỉ tiêu | Đơn vị", "1 | Doanh thu | Tỷ đồng", "Điều 2. Hiệu lực",
    ]


def test_docx_automatic_numbering_is_rendered(tmp_path):
    document = docx.Document()
    for text in ("Quy định chung", "Hiệu lực thi hành"):
        document.add_paragraph(text, style="List Number")
    path = tmp_path / "danh-so.docx"
    document.save(path)
    assert extract_file(path).text.split("\n") == ["1. Quy định chung", "2. Hiệu lực thi hành"]


HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Cổng</title>
<style>p {{ color: red }}</style><script>var menu = "Trang chủ";</script></head>
<body><nav><a href="/">Trang chủ</a> <a href="/vb">Văn bản</a></nav>
<div class="breadcrumb">Trang chủ &gt; Văn bản</div>
<div id="noidung"><p>NGHỊ ĐỊNH</p><p>Điều 1. Phạm vi <b>điều chỉnh</b></p>
<p>1. Nghị định này quy định về<br>a) cụm công nghiệp;</p>
<table><tr><td>TT</td><td>Nội dung</td><td>Ghi chú</td></tr>
<tr><td>1</td><td>Đầu tư</td><td></td></tr></table>{filler}</div>
<footer>Bản quyền thuộc Cổng thông tin</footer></body></html>"""


def test_html_body_only(tmp_path):
    filler = "<p>Nội dung văn bản dài.</p>" * 20
    path = tmp_path / "trang.html"
    path.write_text(HTML.format(filler=filler), encoding="utf-8")
    lines = extract_file(path).text.split("\n")
    assert lines[:6] == ["NGHỊ ĐỊNH", "Điều 1. Phạm vi điều chỉnh",
                         "1. Nghị định này quy định về", "a) cụm công nghiệp;",
                         "TT | Nội dung | Ghi chú", "1 | Đầu tư"]
    assert not [ln for ln in lines if "Trang chủ" in ln or "Bản quyền" in ln or "color" in ln]


def test_markdown_marks_are_removed(tmp_path):
    path = tmp_path / "ghi-chu.md"
    path.write_text("# Điều 1. Phạm vi\n\n**1.** Nội dung\n", encoding="utf-8")
    assert extract_file(path).text.split("\n") == ["Điều 1. Phạm vi", "", "1. Nội dung"]


# --- PDF line re-joining (synthetic geometry) --------------------------------------------------
def _line(text: str, y: float, x0: float = 57, x1: float = 535, page: int = 0) -> Line:
    return Line(text, page, x0, x1, y + 11, y)


def test_reflow_joins_wrapped_lines_and_document_numbers():
    lines = [
        _line("Điều 5. Phân cấp nhiệm vụ tại Nghị định số 45/2023/NĐ-", 700, x1=534),
        _line("CP ngày 01 tháng 7 năm 2023 của Chính phủ", 686, x1=300),
        _line("1. Bộ Công Thương thực hiện nhiệm vụ được phân cấp theo quy", 658),
        _line("định tại Nghị định này.", 644, x1=180),
        _line("a) Hồ sơ gồm:", 616, x1=130),
    ]
    assert reflow([lines]) == [
        "Điều 5. Phân cấp nhiệm vụ tại Nghị định số 45/2023/NĐ-CP ngày 01 tháng 7 năm 2023 "
        "của Chính phủ",
        "1. Bộ Công Thương thực hiện nhiệm vụ được phân cấp theo quy định tại Nghị định này.",
        "a) Hồ sơ gồm:",
    ]


def test_reflow_drops_page_numbers_and_running_headers():
    body = ["Quy định chung về cụm công nghiệp.", "Thành lập, mở rộng cụm công nghiệp.",
            "Chính sách ưu đãi, hỗ trợ đầu tư.", "Trách nhiệm của các bộ, ngành."]
    pages = [[_line(f"Công báo số {n} ngày 01/7/2025", 800, x0=200, x1=400),
              _line(str(n), 780, 290, 300),
              _line(f"Khoản {n}.", 700, x1=120),
              _line(text, 672, x1=250),
              _line(f"- {n} -", 60, 285, 305)] for n, text in enumerate(body, 1)]
    assert reflow(pages) == [line for n, text in enumerate(body, 1)
                             for line in (f"Khoản {n}.", text)]


def test_reflow_keeps_headings_apart():
    lines = [_line("Chương I", 700, x1=110), _line("QUY ĐỊNH CHUNG", 686, x0=244, x1=350),
             _line("Điều 1. Phạm vi điều chỉnh", 658, x1=195)]
    assert reflow([lines]) == ["Chương I", "QUY ĐỊNH CHUNG", "Điều 1. Phạm vi điều chỉnh"]
