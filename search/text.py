"""Vietnamese text analysis for the index and the query: syllables, tones, folding, pairs.

Vietnamese writes one syllable per space-separated token, so a syllable is the unit of
analysis.  Every token goes through:

- NFC and lowercase;
- tone-placement folding: the same syllable is typed "hoà" or "hòa", "thuỷ" or "thủy",
  "uỷ" or "ủy"; `canonical_tone` re-places the tone mark by one fixed rule (the placement
  the official texts use: hòa, thủy, ủy, của), never moving it after "qu" or "gi" ("quý",
  "già" stay);
- nothing is dropped: no stop words (they would delete real syllables such as "an", "ở",
  "ý"), no stemming (Vietnamese does not inflect).

The folded form (`fold`) removes every diacritic and maps đ to d, for queries typed without
accents.  Adjacent syllable pairs (`pairs`, joined by "_") give phrase-like precision for
multi-syllable words ("cụm_công", "công_nghiệp") without positional phrase queries; pairs
never cross sentence punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from ingest.ids import ascii_fold

TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
VOWELS = set("aăâeêioôơuưy")
QUALITY_VOWELS = set("ăâêôơư")
PAIR_JOIN = "_"

SYLLABLE = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")  # a token: letters, digits, marks
BREAKS = frozenset(".;:!?()[]{}\n\r\u2026\"“”")  # sentence punctuation: no pair across
_BREAK = re.compile(f"[{re.escape(''.join(sorted(BREAKS)))}]")
_TOKEN_OR_BREAK = re.compile(f"{SYLLABLE.pattern}|{_BREAK.pattern}")
# The same without combining marks (an NFC text rarely keeps one): a plain class, twice as fast.
_COMBINING = re.compile(r"[\u0300-\u036f]")
_PLAIN_TOKEN_OR_BREAK = re.compile(rf"[^\W_]+|{_BREAK.pattern}")


class Syllable(NamedTuple):
    """One token of a text: its canonical (accented) form, offsets, and a break before it."""

    text: str  # lowercase, NFC, canonical tone placement
    start: int
    end: int
    brk: bool  # sentence punctuation lies between this token and the previous one


def _split_vowels(base: str) -> tuple[str, str, str] | None:
    """Return (initial consonants, vowel cluster, final consonants) of a toneless syllable."""
    i = 0
    while i < len(base) and base[i] not in VOWELS:
        i += 1
    head = base[:i]
    # "qu" and "gi" before another vowel are consonants: quý, quả, già, giữ.
    if i + 1 < len(base) and base[i + 1] in VOWELS and (
        (head == "q" and base[i] == "u") or (head == "g" and base[i] == "i")
    ):
        i += 1
    j = i
    while j < len(base) and base[j] in VOWELS:
        j += 1
    if j == i or any(c in VOWELS for c in base[j:]):
        return None
    return base[:i], base[i:j], base[j:]


def _tone_index(vowels: str, final: str) -> int | None:
    """Return the index in the vowel cluster that carries the tone, by the canonical rule."""
    marked = [k for k, c in enumerate(vowels) if c in QUALITY_VOWELS]
    if marked:
        return marked[-1]
    if final or len(vowels) == 1:
        return len(vowels) - 1
    if len(vowels) == 2:
        return 0  # hòa, thủy, ủy, của, mùa: the first vowel of an open diphthong
    return 1 if len(vowels) == 3 else None


@lru_cache(maxsize=200_000)
def canonical_tone(syllable: str) -> str:
    """Return a lowercase NFC syllable with its tone mark on the canonical vowel."""
    if syllable.isascii():
        return syllable
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = [c for c in decomposed if c in TONE_MARKS]
    if len(tones) != 1:
        return syllable
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    parts = _split_vowels(base)
    if parts is None:
        return syllable
    head, vowels, final = parts
    k = _tone_index(vowels, final)
    if k is None:
        return syllable
    toned = unicodedata.normalize("NFC", vowels[k] + tones[0])
    return head + vowels[:k] + toned + vowels[k + 1:] + final


@lru_cache(maxsize=200_000)
def fold(token: str) -> str:
    """Return a token without diacritics, đ -> d: 'nghị' -> 'nghi', 'đường' -> 'duong'."""
    return token if token.isascii() else ascii_fold(token)


def has_diacritics(text: str) -> bool:
    """Return True if the text carries any Vietnamese diacritic (or đ)."""
    return any(not c.isascii() and c.isalpha() for c in unicodedata.normalize("NFC", text))


def normalize(text: str) -> str:
    """Return NFC, lowercase text."""
    return unicodedata.normalize("NFC", text).lower()


def syllables(text: str) -> list[Syllable]:
    """Return the canonical syllables of a text with their character offsets."""
    text = unicodedata.normalize("NFC", text)
    pattern = _TOKEN_OR_BREAK if _COMBINING.search(text) else _PLAIN_TOKEN_OR_BREAK
    out: list[Syllable] = []
    brk = False
    for m in pattern.finditer(text):  # tokens and the punctuation marks between them
        token = m.group()
        if token in BREAKS:
            brk = bool(out)
            continue
        out.append(Syllable(canonical_tone(token.lower()), m.start(), m.end(), brk))
        brk = False
    return out


def words(text: str) -> list[str]:
    """Return the canonical accented tokens of a text: 'Hoà giải' -> ['hòa', 'giải']."""
    return [s.text for s in syllables(text)]


def pairs(tokens: list[str], breaks: list[bool] | None = None) -> list[str]:
    """Return adjacent token pairs joined by '_', skipping pairs across a break."""
    breaks = breaks or [False] * len(tokens)
    triples = zip(tokens, tokens[1:], breaks[1:], strict=False)
    return [f"{a}{PAIR_JOIN}{b}" for a, b, brk in triples if not brk]


def marked_tokens(text: str) -> list[str]:
    """Return a text's tokens as written (NFC, case and tone placement kept) and its
    sentence punctuation marks (those in BREAKS), in order: no syllable pair is made across
    a mark."""
    text = unicodedata.normalize("NFC", text)
    pattern = _TOKEN_OR_BREAK if _COMBINING.search(text) else _PLAIN_TOKEN_OR_BREAK
    return pattern.findall(text)


def tokens(text: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """Return the canonical syllables of a text (as `syllables` gives them, without
    offsets) and, for each, whether sentence punctuation lies before it."""
    toks: list[str] = []
    breaks: list[bool] = []
    brk = False
    for token in marked_tokens(text):
        if token in BREAKS:
            brk = bool(toks)
        else:
            toks.append(token)
            breaks.append(brk)
            brk = False
    return tuple(map(canonical_tone, map(str.lower, toks))), tuple(breaks)


@lru_cache(maxsize=8)
def _cached_tokens(text: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    # The index analyses one text into several fields in a row: tokenise it once.
    return tokens(text)


def analyze(text: str, *, folded: bool = False, bigrams: bool = False,
            unigrams: bool | None = None) -> list[str]:
    """Return the index terms of a text: accented or folded syllables and/or their pairs.

    By default syllables, or with `bigrams` their pairs only; `unigrams=True` adds both.
    """
    unigrams = not bigrams if unigrams is None else unigrams
    toks, breaks = _cached_tokens(text)
    if folded:
        toks = tuple(map(fold, toks))
    out = list(toks) if unigrams or not bigrams else []
    if bigrams:
        out += [f"{a}{PAIR_JOIN}{b}" for a, b, brk in zip(toks, toks[1:], breaks[1:], strict=False)
                if not brk]
    return out


def wording_key(text: str) -> str:
    """Return text as wordings are compared: NFC, straight quotes, whitespace collapsed, no
    space before punctuation."""
    text = unicodedata.normalize("NFC", text or "")
    text = re.sub(r"[“”„\"]", '"', text)
    text = re.sub(r"[‘’]", "'", text)
    return re.sub(r"\s+([.,;:])", r"\1", " ".join(text.split()))


def spelling_key(text: str) -> str:
    """Return wording_key(text) lower-cased with each syllable's tone mark placed by one rule
    ("khoẻ" and "khỏe", "Toà" and "Tòa" agree)."""
    return re.sub(r"\w+", lambda m: canonical_tone(m.group(0)), wording_key(text).lower())


def same_wording(a: str, b: str) -> str:
    """Return how two wordings agree: "exact" (quotes and spacing aside), "spelling" (also
    letter case and tone placement aside) or "different"."""
    if wording_key(a) == wording_key(b):
        return "exact"
    return "spelling" if spelling_key(a) == spelling_key(b) else "different"
