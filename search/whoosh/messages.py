"""Why a query found nothing, and what to try instead (in Vietnamese)."""

from __future__ import annotations

import numpy as np

from search.query import ParsedQuery, content_words, ranking_terms
from search.text import fold, words


def nothing_found(view, pq: ParsedQuery, text: str, wanted: dict) -> tuple[str, list[str]]:
    """Return (message, suggested queries) for a query with no result."""
    if not pq.text.strip() and not wanted:
        return "Hãy nhập nội dung cần tìm: một tình huống, số hiệu văn bản hoặc điều khoản.", []
    if wanted and _count_unfiltered(view, pq, text):
        shown = ", ".join(f"{k}={'/'.join(v)}" for k, v in wanted.items())
        return (f"Không có kết quả với bộ lọc ({shown}); bỏ bộ lọc thì có kết quả.",
                [pq.text] if pq.text else [])
    unresolved = [r for r in pq.numbers if view.numbers.resolve(r) is None]
    if unresolved:
        ref = unresolved[0]
        typed = pq.text[ref.start:ref.end]
        several = [e.number for e in view.numbers.candidates(ref) if e.number]
        if len(several) > 1:
            return _ambiguous(typed, several, pq)
        near = [e.number for e in view.numbers.closest(ref) if e.number]
        tail = f" Văn bản có số gần giống: {', '.join(near)}." if near else ""
        return f"Không có văn bản số “{typed}” trong cơ sở dữ liệu.{tail}", near
    if pq.phrases:
        return ("Không có điều khoản nào chứa đúng cụm từ trong ngoặc kép; "
                "bỏ ngoặc kép để tìm theo từng từ.", [text])
    return _unknown_words(view, pq, text)


AMBIGUOUS_SHOWN = 8  # documents a message lists for a number several share


def _ambiguous(typed: str, numbers: list[str], pq: ParsedQuery) -> tuple[str, list[str]]:
    """Return (message, queries) for a number several documents share ('TT 01/2015'):
    the numbers in full, each as a query (with the article asked, if any)."""
    shown = sorted(numbers)[:AMBIGUOUS_SHOWN]
    more = f" và {len(numbers) - len(shown)} văn bản khác" if len(numbers) > len(shown) else ""
    article = f"điều {pq.article.article} " if pq.article else ""
    return (f"Số “{typed}” ứng với {len(numbers)} văn bản: {', '.join(shown)}{more}. "
            "Hãy ghi đủ số hiệu (cả phần cơ quan ban hành).",
            [f"{article}{n}" for n in shown])


def partly_found(view, text: str) -> str | None:
    """Return 'Không tìm thấy: xyzzy, quokka — kết quả cho: ngân hà' when some typed words
    occur in no document (results came from the others), else None."""
    typed = [w for w in words(text) if not w.isdigit()]
    missing = [w for w in typed if not view.has_term("fold", fold(w))]
    found = [w for w in typed if w not in missing]
    if not missing or not found:
        return None
    return f"Không tìm thấy: {', '.join(missing)} — kết quả cho: {' '.join(found)}"


def _count_unfiltered(view, pq: ParsedQuery, text: str) -> int:
    terms = ranking_terms(text, pq.accented)
    if not terms:
        return 0
    return int(np.count_nonzero((view.scoring.score(terms) > 0) & view.entry_mask))


def _unknown_words(view, pq: ParsedQuery, text: str) -> tuple[str, list[str]]:
    """Return a message naming the words no document holds, with spelling suggestions."""
    toks = content_words(text)
    missing = [t for t in toks if not view.has_term("fold", t)]
    suggestions: list[str] = []
    corrected = [_closest(view, t) if t in missing else t for t in toks]
    if missing and corrected != toks and all(corrected):
        suggestions.append(" ".join(corrected))
    if pq.accented:
        suggestions.append(" ".join(fold(w) for w in words(text)))
    listed = ", ".join(missing) if missing else text
    return (f"Không tìm thấy điều khoản nào chứa: {listed}. Thử từ khác, bớt từ, "
            "hoặc gõ số hiệu văn bản (ví dụ: 32/2024/NĐ-CP).", suggestions)


def _closest(view, word: str) -> str | None:
    """Return the indexed folded syllable nearest to a word (one edit away), or None."""
    corrector = view.searcher.corrector("fold")
    found = corrector.suggest(word, limit=1, maxdist=1)
    return found[0] if found else None
