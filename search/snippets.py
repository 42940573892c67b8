"""Highlighted snippets: the best ~250-character passage, HTML-escaped, terms in <mark>.

Document text is never trusted markup: every character of the source is escaped and only
the <mark> tags added here are markup.  Matching is on folded syllables, so a query typed
without accents highlights the accented words it found; rare words weigh more than common
ones, and pairs of matched syllables more than lone ones, when choosing the passage.  The
same weights pick the clause or point a hit should deep-link to.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from html import escape
from itertools import accumulate

import numpy as np

from search.text import SYLLABLE, Syllable, fold, syllables

SNIPPET_CHARS = 250
LONE_SHARE = 0.6  # a lone matched syllable is marked when this rare relative to the rarest


Words = tuple[dict[str, float], dict[str, float]]  # (exact canonical, folded) -> weight


def query_sets(words: list[str] | dict[str, float]) -> tuple[Words, set[str]]:
    """Return ((exact words, folded words) with weights, folded pairs) of query words.

    `words` is a list (every word weighs 1) or a dict of word weights (rare words more).
    A word typed with diacritics matches only that spelling (any tone placement); a word
    typed without them matches every accented form.
    """
    weights = words if isinstance(words, dict) else {}
    exact: dict[str, float] = {}
    loose: dict[str, float] = {}
    for w in words:
        (loose if w.isascii() else exact)[fold(w) if w.isascii() else w] = float(
            weights.get(w, 1.0))
    folded = [fold(w) for w in words]
    return (exact, loose), {f"{a}_{b}" for a, b in zip(folded, folded[1:], strict=False)}


def _marks(syls: list[Syllable], words: Words, pairs: set[str]) -> list[float]:
    """Return a weight per syllable: its word's weight, doubled inside a matched pair."""
    exact, loose = words
    folded = [fold(s.text) for s in syls]
    weight = [exact.get(s.text) or loose.get(f, 0.0) for s, f in zip(syls, folded, strict=True)]
    if pairs:
        for i in range(1, len(syls)):
            if (weight[i - 1] and weight[i] and not syls[i].brk
                    and f"{folded[i - 1]}_{folded[i]}" in pairs):
                weight[i - 1] *= 2
                weight[i] *= 2
    return weight


def highlight(text: str, words: list[str] | dict[str, float], spans: list = (),
              span: tuple[int, int] | None = None,
              size: int = SNIPPET_CHARS) -> tuple[str, str | None]:
    """Return (snippet HTML, path of the best-matching clause or point) of an entry text.

    With `span`, the snippet is taken inside that clause or point only.
    """
    if not words:  # a look-up by number: the opening, without analysing the whole text
        return _opening(text, span, size), None
    syls = _syllables(text)
    sets, pairs = query_sets(words)
    weight = _marks(syls, sets, pairs)
    top = max((*sets[0].values(), *sets[1].values()), default=0.0)
    marked = _shown(weight, _paired(syls, weight, pairs), top)
    anchor = _best_path(syls, weight, spans)
    lo, hi = span or (0, len(text))
    first, last = bisect_left([s.start for s in syls], lo), bisect_right(
        [s.end for s in syls], hi)
    syls, weight, marked = syls[first:last], weight[first:last], marked[first:last]
    if hi - lo <= size:
        start, end = lo, hi
    else:
        start, end = _best_window(syls, weight, size, lo)
        start = max(lo, _lead_in(text, syls, weight, start, end, size))
        start, end = _word_edges(text, start, min(hi, start + size))
    return _render(text, syls, weight, start, end, lo, hi, marked), anchor


def _opening(text: str, span: tuple[int, int] | None, size: int) -> str:
    """Return the snippet of a text (or of its span) where nothing is matched: its opening
    `size` characters from the first word, cut at whole words, escaped."""
    lo, hi = span or (0, len(text))
    if hi - lo <= size:
        return _render(text, [], [], lo, hi, lo, hi)
    first = SYLLABLE.search(text, lo, hi)
    start = first.start() if first else lo
    start, end = _word_edges(text, start, min(hi, start + size))
    return _render(text, [], [], start, end, lo, hi)


def citing(text: str, cites: str, spans: list = (),
           size: int = SNIPPET_CHARS) -> tuple[str, str | None]:
    """Return (snippet HTML, path of the clause or point) of an entry text where it cites a
    document ('168/2024': its number and year), the number marked; the opening when the
    text does not spell it so."""
    num, _, year = cites.partition("/")
    found = re.search(rf"(?<![\w/])0*{re.escape(num)}/{re.escape(year)}(?:/[\w-]*\w)?",
                      text, re.IGNORECASE)
    if found is None:
        return _opening(text, None, size), None
    cited = [Syllable(found.group(), found.start(), found.end(), False)]
    start = _lead_in(text, cited, [1.0], found.start(), found.end(), size)
    start, end = _word_edges(text, start, min(len(text), start + size))
    if end < found.end():  # a very long number: from the number itself
        start, end = found.start(), min(len(text), found.start() + size)
    path = next((p for p, lo, hi in spans if lo <= found.start() < hi), None)
    return _render(text, cited, [1.0], start, end, 0, len(text)), path


@lru_cache(maxsize=256)
def _syllables(text: str) -> list[Syllable]:
    # hits repeat across queries: keep the analysis of recent entry texts
    return syllables(text)


def snippet(text: str, words: list[str] | dict[str, float], size: int = SNIPPET_CHARS,
            span: tuple[int, int] | None = None) -> str:
    """Return an HTML-escaped passage of `text` with the query words in <mark>."""
    return highlight(text, words, (), span, size)[0]


def _best_path(syls: list[Syllable], weight: list[float], spans) -> str | None:
    """Return the path of the span holding the most matched weight (None if no match)."""
    if not spans or not any(weight):
        return None
    starts = [s.start for s in syls]
    cum = [0.0, *accumulate(weight)]
    best, best_path = 0.0, None
    for path, start, end in spans:
        got = cum[bisect_left(starts, end)] - cum[bisect_left(starts, start)]
        # points are listed before their clause, so on a tie the deeper provision wins
        if got > best:
            best, best_path = got, path
    return best_path


def _best_window(syls: list[Syllable], weight: list[float], size: int,
                 default: int) -> tuple[int, int]:
    """Return (start, end) character offsets of the window with the most matched weight."""
    if not syls:
        return default, default + size
    starts = np.fromiter((s.start for s in syls), dtype=np.int64, count=len(syls))
    ends = np.fromiter((s.end for s in syls), dtype=np.int64, count=len(syls))
    cum = np.concatenate([[0.0], np.cumsum(np.asarray(weight, dtype=np.float64))])
    last = np.searchsorted(ends, starts + size, side="right")  # syllables in each window
    totals = cum[last] - cum[np.arange(len(syls))]
    start = int(starts[int(np.argmax(totals))])
    return start, start + size


def _lead_in(text: str, syls: list[Syllable], weight: list[float], start: int, end: int,
             size: int) -> int:
    """Return where to start a window so its matches sit after a short lead-in."""
    inside = [s for s, w in zip(syls, weight, strict=True)
              if w > 0 and s.start >= start and s.end <= end]
    if not inside:
        return start
    first, last = inside[0].start, inside[-1].end
    lead = min(60, max(0, (size - (last - first)) // 2))
    return _line_start(text, max(0, first - lead), lead)


def _word_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """Return a window moved to whole words: never starting or ending mid-syllable."""
    if 0 < start < len(text) and not text[start - 1].isspace():
        nxt = text.find(" ", start, start + 20)
        start = nxt + 1 if nxt >= 0 else start
    if end < len(text) and not text[end].isspace():
        prev = text.rfind(" ", max(start, end - 20), end)
        end = prev if prev > start else end
    return start, end


def _line_start(text: str, start: int, slack: int) -> int:
    """Move a window's start forward to a line or clause start when that is close."""
    for cut in (text.find("\n", start, start + slack), text.find("; ", start, start + slack)):
        if cut >= 0:
            return cut + 1 if text[cut] == "\n" else cut + 2
    return start


def _shown(weight: list[float], paired: list[bool], top: float) -> list[bool]:
    """Return which matched syllables to mark: those inside a matched pair of query words,
    and lone ones only when rare (at least LONE_SHARE of the query's rarest word), so that
    "trên", "hàng" or "Công" in "Sở Công Thương" are not marked for a query about them."""
    return [w > 0 and (p or w >= LONE_SHARE * top) for w, p in zip(weight, paired, strict=True)]


def _paired(syls: list[Syllable], weight: list[float], pairs: set[str]) -> list[bool]:
    """Return, per syllable, whether it and a neighbour form a pair of the query."""
    folded = [fold(s.text) for s in syls]
    out = [False] * len(syls)
    for i in range(1, len(syls)):
        if (weight[i - 1] and weight[i] and not syls[i].brk
                and f"{folded[i - 1]}_{folded[i]}" in pairs):
            out[i - 1] = out[i] = True
    return out


def _render(text: str, syls: list[Syllable], weight: list[float], start: int, end: int,
            lo: int = 0, hi: int | None = None, marked: list[bool] | None = None) -> str:
    """Return text[start:end] escaped, with matched syllables wrapped in <mark>."""
    hi = len(text) if hi is None else hi
    out, pos = [], start
    marked = marked if marked is not None else [w > 0 for w in weight]
    for s, m in zip(syls, marked, strict=True):
        if m and s.start >= start and s.end <= end:
            out.append(escape(text[pos:s.start]))
            out.append(f"<mark>{escape(text[s.start:s.end])}</mark>")
            pos = s.end
    out.append(escape(text[pos:end]))
    html = "".join(out).replace("</mark> <mark>", " ")
    prefix = "… " if start > lo else ""
    suffix = " …" if end < hi else ""
    return (prefix + html.strip() + suffix).replace("\n", " ")
