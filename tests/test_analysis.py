"""The Vietnamese analyzer: tone placement, folding, one-letter syllables, syllable pairs."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from search.text import (
    analyze,
    canonical_tone,
    fold,
    has_diacritics,
    syllables,
    words,
)
from search.whoosh.analysis import VietnameseAnalyzer


@pytest.mark.parametrize("typed, canonical", [
    ("hoà", "hòa"), ("hòa", "hòa"), ("thuỷ", "thủy"), ("thủy", "thủy"), ("uỷ", "ủy"),
    ("ủy", "ủy"), ("hoá", "hóa"), ("oá", "óa"), ("oè", "òe"), ("khoẻ", "khỏe"),
    ("uý", "úy"), ("tuỳ", "tùy"), ("toà", "tòa"), ("hoạ", "họa"), ("cuả", "của"),
])
def test_old_and_new_tone_placement_meet(typed: str, canonical: str) -> None:
    assert canonical_tone(typed) == canonical


@pytest.mark.parametrize("syllable", [
    "quý", "quỳ", "quả", "quyết", "già", "giữ", "gìn", "hoàn", "huỳnh", "thuở", "người",
    "nghiệp", "ngoài", "xoáy", "thuyết", "ở", "ý", "đường",
])
def test_tone_stays_where_it_belongs(syllable: str) -> None:
    """Never moved after q/gi, nor when a final consonant or a marked vowel fixes it."""
    assert canonical_tone(syllable) == syllable


def test_both_spellings_index_as_the_same_terms() -> None:
    assert words("Ủy ban hoà giải, thuỷ lợi") == words("Uỷ ban hòa giải, thủy lợi")


def test_decomposed_input_is_normalised() -> None:
    decomposed = unicodedata.normalize("NFD", "Nghị định về công nghiệp")
    assert words(decomposed) == ["nghị", "định", "về", "công", "nghiệp"]


@pytest.mark.parametrize("text, folded", [
    ("Đường bộ", ["duong", "bo"]), ("nghị định", ["nghi", "dinh"]),
    ("hoà HÒA hoa", ["hoa", "hoa", "hoa"]), ("Ủy ban", ["uy", "ban"]),
])
def test_folding_removes_every_diacritic(text: str, folded: list[str]) -> None:
    assert analyze(text, folded=True) == folded


def test_one_letter_syllables_and_short_words_are_kept() -> None:
    """No stop list: 'ở', 'ý', 'a', 'an', 'can', 'to', 'the' are real Vietnamese words."""
    assert words("ở ý a an can to the và của") == [
        "ở", "ý", "a", "an", "can", "to", "the", "và", "của"]


def test_no_stemming() -> None:
    assert words("các quy định được quy định") == ["các", "quy", "định", "được", "quy", "định"]


def test_pairs_join_adjacent_syllables_within_a_sentence() -> None:
    assert analyze("Cụm công nghiệp. Hoà giải", bigrams=True) == [
        "cụm_công", "công_nghiệp", "hòa_giải"]
    assert analyze("cum cong nghiep", folded=True, bigrams=True) == ["cum_cong", "cong_nghiep"]


def test_pairs_cross_commas_but_not_sentence_ends() -> None:
    assert "đường_vỉa" in analyze("lòng đường, vỉa hè", bigrams=True)
    assert "đường_vỉa" not in analyze("lòng đường; vỉa hè", bigrams=True)


def test_offsets_point_into_the_original_text() -> None:
    text = "Bán hàng rong trên vỉa hè"
    assert [text[s.start:s.end] for s in syllables(text)] == text.split()


def test_whoosh_analyzer_yields_the_same_terms() -> None:
    text = "Thuỷ lợi và hoà giải ở xã"
    assert [t.text for t in VietnameseAnalyzer()(text)] == analyze(text)
    assert [t.text for t in VietnameseAnalyzer(folded=True, bigrams=True)(text)] == analyze(
        text, folded=True, bigrams=True)


def test_diacritics_detection() -> None:
    assert has_diacritics("bán hàng") and has_diacritics("đi")
    assert not has_diacritics("ban hang tren via he")
    assert fold("ĐƯỜNG") == "DUONG"


def test_tokens_agree_with_syllables(shared_corpus: Path) -> None:
    """The index's fast tokeniser gives the syllables and breaks `syllables` gives, on the
    real texts (punctuation, numbers, quotes, line breaks, mixed tone placement)."""
    from search.text import tokens
    for path in sorted(shared_corpus.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        text += " Hoà giải; thuỷ lợi… “Quý” (điểm a) İstanbul ΣΑΣ 2.000.000 đ/m²"
        text += " x\u0301y q\u0323uốc"  # combining marks NFC cannot compose
        syls = syllables(text)
        assert tokens(text) == (tuple(s.text for s in syls), tuple(s.brk for s in syls))
