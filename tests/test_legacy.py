"""Legacy Vietnamese encodings: TCVN3 (ABC) and VNI text converted to Unicode, or refused."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import docx
import pytest

from ingest.errors import EncodingError
from ingest.extract import extract_file
from ingest.legacy import (
    decode_cp1252,
    decode_tcvn3,
    decode_vni,
    encode_tcvn3,
    encode_vni,
    is_syllable,
    repair_legacy,
    vietnamese_ratio,
)

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
SENTENCES = (FIXTURES / "sentences.txt").read_text(encoding="utf-8").splitlines()


def _tcvn3_line(line: str) -> str:
    """TCVN3 has no capital toned letters: typists wrote such lines in lower case."""
    try:
        return encode_tcvn3(line)
    except ValueError:
        return encode_tcvn3(line.lower())


@pytest.mark.parametrize("line", SENTENCES)
def test_vni_round_trip(line):
    assert decode_vni(encode_vni(line)) == line


@pytest.mark.parametrize("line", SENTENCES)
def test_tcvn3_round_trip(line):
    encoded = _tcvn3_line(line)
    assert encoded != line.lower()  # every sentence has accented letters
    assert decode_tcvn3(encoded) in (line, line.lower())


@pytest.mark.parametrize("legacy, unicode", [
    ("ViÖt Nam", "Việt Nam"), ("®iÒu", "điều"), ("Ch­¬ng", "Chương"), ("§iÒu 8", "Điều 8"),
    ("nghÞ ®Þnh", "nghị định"), ("quyÕt", "quyết"), ("¦u tiªn", "Ưu tiên"),
])
def test_tcvn3_table(legacy, unicode):
    assert decode_tcvn3(legacy) == unicode


@pytest.mark.parametrize("legacy, unicode", [
    ("Vieät Nam", "Việt Nam"), ("ñieàu", "điều"), ("Chöông", "Chương"), ("Ñieàu 8", "Điều 8"),
    ("nghò ñònh", "nghị định"), ("quyeát", "quyết"), ("UÛY BAN", "ỦY BAN"), ("Uûy ban", "Ủy ban"),
    ("thuyû lôïi", "thuỷ lợi"), ("ñoàng yù", "đồng ý"),
])
def test_vni_table(legacy, unicode):
    assert decode_vni(legacy) == unicode


def test_tcvn3_capital_fonts_uppercase():
    assert decode_tcvn3("nghÞ ®Þnh", upper=True) == "NGHỊ ĐỊNH"


@pytest.mark.parametrize("word, ok", [
    ("người", True), ("Nghị", True), ("ĐIỀU", True), ("khuya", True), ("quyết", True),
    ("giữa", True), ("hoà", True), ("thuỷ", True), ("uống", True), ("nguyễn", True),
    ("ViÖt", False), ("ngöôøi", False), ("caùc", False), ("®iÒu", False), ("chÝnh", False),
    ("tiếngs", False), ("ầấ", False),
])
def test_is_syllable(word, ok):
    assert is_syllable(word) is ok


@pytest.mark.parametrize("encoder, name", [(_tcvn3_line, "TCVN3"), (encode_vni, "VNI")])
def test_repair_whole_text(encoder, name):
    mojibake = "\n".join(encoder(line) for line in SENTENCES)
    text, warnings = repair_legacy(mojibake, "x.txt")
    assert vietnamese_ratio(text)[0] > 0.95
    assert "Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng" in text
    assert any(name in w for w in warnings)


def test_unicode_text_is_left_alone():
    text = "\n".join(SENTENCES)
    assert repair_legacy(text, "x.txt") == (text, ())


def test_unicode_with_stray_symbols_is_left_alone():
    text = "\n".join(SENTENCES) + "\nKý hiệu ® và « trích dẫn » trong văn bản; 10 × 20 µm."
    assert repair_legacy(text, "x.txt")[0] == text


def test_mixed_document_converts_only_legacy_lines():
    lines = list(SENTENCES)
    lines[4] = _tcvn3_line(SENTENCES[4])
    text, warnings = repair_legacy("\n".join(lines), "x.txt")
    assert text.split("\n") == SENTENCES
    assert warnings


def test_utf8_read_as_cp1252_is_repaired():
    source = "\n".join(SENTENCES)
    mojibake = decode_cp1252(source.encode("utf-8"))
    text, _ = repair_legacy(mojibake, "x.txt")
    assert "Điều 2. Giải thích từ ngữ" in text


def test_unknown_mojibake_raises_encoding_error():
    scrambled = "".join(chr(ord(c) + 1) if 0xA0 < ord(c) < 0xFE else c
                        for c in "\n".join(_tcvn3_line(s) for s in SENTENCES))
    with pytest.raises(EncodingError) as err:
        repair_legacy(scrambled, "van-ban-loi.txt")
    assert "van-ban-loi.txt" in str(err.value)
    assert "Unicode" in str(err.value)


def test_tcvn3_text_file_extracts_to_unicode():
    extracted = extract_file(FIXTURES / "tcvn3-sample.txt")
    assert "Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng" in extracted.text
    assert "Theo đề nghị của Bộ trưởng Bộ Công Thương;" in extracted.text
    assert any("TCVN3" in w for w in extracted.warnings)


def test_vni_text_file_extracts_to_unicode():
    extracted = extract_file(FIXTURES / "vni-sample.txt")
    assert extracted.text.split("\n") == SENTENCES
    assert any("VNI" in w for w in extracted.warnings)


def _cp1258(text: str) -> bytes:
    """Encode like Windows-1258: letters with their hat/breve/horn, tones as combining bytes."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    clusters: list[list[str]] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and clusters:
            clusters[-1].append(ch)
        else:
            clusters.append([ch])
    out = []
    for base, *marks in clusters:
        hats = "".join(m for m in marks if m not in tones)
        out.append(unicodedata.normalize("NFC", base + hats) + "".join(m for m in marks
                                                                      if m in tones))
    return "".join(out).encode("cp1258")


def test_cp1258_text_file_extracts_to_nfc(tmp_path):
    path = tmp_path / "cp1258.txt"
    path.write_bytes(_cp1258("\n".join(SENTENCES)))
    assert extract_file(path).text.split("\n") == SENTENCES


def test_utf16_text_file(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes("\n".join(SENTENCES).encode("utf-16"))
    assert extract_file(path).text.split("\n") == SENTENCES


def test_docx_runs_in_vntime_fonts_are_converted(tmp_path):
    document = docx.Document()
    heading = document.add_paragraph().add_run(_tcvn3_line("nghị định"))
    heading.font.name = ".VnTimeH"
    body = document.add_paragraph()
    body.add_run(_tcvn3_line(SENTENCES[9])).font.name = ".VnTime"
    body.add_run(" (Unicode: Việt Nam)").font.name = "Times New Roman"
    vni = document.add_paragraph().add_run(encode_vni(SENTENCES[10]))
    vni.font.name = "VNI-Times"
    path = tmp_path / "vntime.docx"
    document.save(path)
    lines = extract_file(path).text.split("\n")
    assert lines == ["NGHỊ ĐỊNH", SENTENCES[9] + " (Unicode: Việt Nam)", SENTENCES[10]]


def test_html_charset_from_meta(tmp_path):
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; '
            'charset=windows-1258"></head><body>'
            + "".join(f"<p>{line}</p>" for line in SENTENCES) + "</body></html>")
    path = tmp_path / "cp1258.html"
    path.write_bytes(_cp1258(page))
    assert extract_file(path).text.split("\n") == SENTENCES
