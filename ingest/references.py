"""References in legal text: document mentions and the provision lists that point into them.

"điểm a, điểm c khoản 1, điểm a khoản 2 Điều 8 Nghị định số 32/2024/NĐ-CP" is a run of
provision tokens (smallest first) followed by a document designator; the run becomes the
paths dieu-8.khoan-1.diem-a, dieu-8.khoan-1.diem-c and dieu-8.khoan-2.diem-a.  Designators
are numbers ("Thông tư số 14/2024/TT-BCT"), named laws ("Luật Thương mại năm 2005") and
self references ("Nghị định này").  Quoted text should be blanked (`blank_quotes`) first:
inside an amendment's quotation "Thông tư này" means the amended document.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from .ids import ascii_fold
from .models import segment
from .numbers import NUMBER_RE, canonical_number

SELF = "này"
TYPES = (r"Thông tư liên tịch|Thông tư|Nghị định|Nghị quyết|Quyết định|Pháp lệnh|Bộ luật|Luật"
         r"|Chỉ thị|Lệnh|Hiến pháp")
_TYPE_PREFIX = re.compile(rf"(?:(?:{TYPES})\s+)?(?:số\s+)?$", re.IGNORECASE)
_SELF_RE = re.compile(rf"\b(?:{TYPES})\s+này\b", re.IGNORECASE)
_DATE = r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+(\d{4})"
# A law's name never holds another document, a date or a verb of amendment.
_NAME_CHAR = (r"(?:(?!\b(?:được|bởi|ngày|năm|số|Nghị định|Thông tư|Quyết định|Nghị quyết)\b)"
              r"[^;.()“”\"/])")
_LAW_DATED = re.compile(
    rf"\b(?:Bộ luật|Luật)\s+(?!này\b)(?P<name>{_NAME_CHAR}{{2,160}}?)\s*,?\s*"
    rf"(?:số\s+(?P<num>\d{{1,4}}/\d{{4}}/[\w-]+)|{_DATE}|năm\s+(?P<year>\d{{4}}))"
)
# Law names keep "Phòng, chống ...", "Phòng cháy, chữa cháy", "Quản lý, sử dụng ...".
_NAME_SEP = r"(?:,[ \t]+(?=chống|chữa|sử dụng|an toàn)|[ \t]+|[ \t]*\n(?=[a-zà-ỹđ]))"
_LAW_PLAIN = re.compile(
    rf"\b(?:Bộ luật|Luật)\s+(?!này\b|số\b)(?P<name>[^\s,;.()“”\"]+(?:{_NAME_SEP}"
    r"[^\s,;.()“”\"]+){0,9}?)"
    r"(?=\s*(?:,(?!\s+(?:chống|chữa|sử dụng|an toàn))|[;.()“”\"]|$|\s(?:do|thì|và|được|tại"
    r"|theo|về|trên|đối với|quy định|có|để|khi|này|hoặc|nhưng|mà|trong|sẽ)\b))"
)
_ALIAS = re.compile(r"\(\s*sau đây gọi(?: chung| tắt)? là\s+([^)]*)\)")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")

_NUM = {"diem": r"[a-zđ]\d?|\d{1,2}", "khoan": r"\d{1,3}[a-zđ]?", "dieu": r"\d{1,4}[a-zđ]?",
        "chuong": r"[IVXLC]+", "muc": r"\d{1,2}|[IVXLC]+", "phu-luc": r"[IVXLC]+|\d{1,2}[a-z]?"}
_WORDS = {"điểm": "diem", "khoản": "khoan", "điều": "dieu", "chương": "chuong", "mục": "muc",
          "phụ lục": "phu-luc"}
_TOKEN = re.compile(
    r"\b(điểm|khoản|điều|chương|mục|phụ lục)\s+((?:này)\b|[a-zđ]\d?\b|\d{1,4}[a-zđ]?\b|"
    r"[IVXLC]+\b)((?:\s*(?:,|và\b|hoặc\b)\s*(?:[a-zđ]\d?|\d{1,4}[a-zđ]?|[IVXLC]+)\b"
    r"(?!\s*(?:/|\.\d)))*)",
    re.IGNORECASE,
)
# What any citation needs: a provision word with its number, a law's name or a number's "/"
# (tested on the lower-cased text, after plain substring tests that settle most texts).
_PROVISION_WORDS = ("điểm", "khoản", "điều", "chương", "mục", "phụ lục")
_PROVISION_CUE = re.compile(r"(?:điểm|khoản|điều|chương|mục|phụ lục)\s+(?:này\b|[a-zđ]\d?\b|\d"
                            r"|[ivxlc]+\b)")
_GLUE = re.compile(r"^(?:\s|,|;|và|hoặc|các|của|tại|cả)*$", re.IGNORECASE)
_LINK = re.compile(r"^\s*,?\s*(?:của\s+|tại\s+|thuộc\s+|(?:được\s+)?(?:ban hành\s+)?kèm theo\s+)?"
                   r"(?:các\s+)?$", re.IGNORECASE)
_LINK_SPAN = 80  # longest text _LINK can match ("được ban hành kèm theo các", spaces)
_DEPENDENT = re.compile(
    r"(?:của|bởi|theo|tại|về|kèm theo|thi hành|hướng dẫn|chi tiết|là)\s+(?:các\s+)?$",
    re.IGNORECASE)
_COORD = re.compile(r"(?:\bvà|,|;)\s*$")


@dataclass(frozen=True)
class Mention:
    """A document named in text: a number, a named law, or the document itself ('này')."""

    kind: str  # "number" | "law" | "self"
    target: str  # canonical number, law label ("Luật Thương mại năm 2005"), or "" for self
    start: int
    end: int


@dataclass(frozen=True)
class Citation:
    """A mention with the provision paths named right before it, and its role in the sentence."""

    mention: Mention | None  # None: provisions named without a document (bare run)
    paths: tuple[str, ...]  # ("dieu-8.khoan-2",) or () for the whole document
    start: int  # where the run (or the mention) starts
    end: int
    head: bool = True  # False when the mention sits in another document's description


@dataclass
class Here:
    """Where a text sits, to resolve 'Điều này' and 'khoản này'."""

    article: str = ""
    clause: str = ""
    aliases: dict[str, str] = field(default_factory=dict)


def blank_quotes(text: str) -> str:
    """Return text with quoted passages replaced by spaces (same length, marks kept)."""
    return _QUOTED.sub(lambda m: m.group(0)[0] + " " * (len(m.group(0)) - 2) + m.group(0)[-1],
                       text)


def quoted(text: str) -> list[str]:
    """Return the quoted passages of a text, without their marks."""
    return [m.group(0)[1:-1] for m in _QUOTED.finditer(text)]


def law_label(name: str, year: str | None) -> str:
    """Return the label used as target of a law named without number."""
    name = re.sub(r"\s+", " ", name).strip(" ,")
    return f"Luật {name} năm {year}" if year else f"Luật {name}"


def law_key(label: str) -> str:
    """Return the folded name of a law label, without 'Luật' and the year."""
    text = re.sub(r"\s+năm\s+\d{4}$", "", label.strip())
    text = re.sub(r"^(?:bộ luật|luật)\s+", "", ascii_fold(text).lower())
    return re.sub(r"\s+", " ", text).strip()


def law_year(label: str) -> int | None:
    """Return the year of a law label ('Luật Điện lực năm 2024' -> 2024)."""
    m = re.search(r"năm\s+(\d{4})$", label)
    return int(m.group(1)) if m else None


def may_cite(text: str) -> bool:
    """Return False when `cite` can find nothing in the text but bare self mentions."""
    if "/" in text or "Luật" in text or "Bộ luật" in text:
        return True
    low = text.lower()
    return any(w in low for w in _PROVISION_WORDS) and _PROVISION_CUE.search(low) is not None


def find_aliases(text: str) -> dict[str, str]:
    """Return short names a text defines ('(sau đây gọi chung là Luật Thương mại)')."""
    aliases: dict[str, str] = {}
    shorts = [(m.start(), _LAW_PLAIN.match(m.group(1).strip()))
              for m in (_ALIAS.finditer(text) if "sau đây gọi" in text else ())]
    shorts = [(at, short) for at, short in shorts if short]  # most name no law
    laws = [x for x in _law_mentions(text, {}) if x.kind == "law"] if shorts else []
    ends = [x.end for x in laws]  # laws never straddle the alias's "(": they end before it
    for at, short in shorts:
        before = laws[: bisect_right(ends, at)]
        key = law_key(law_label(short.group("name"), None))
        if before and key and law_key(before[-1].target).startswith(key):
            aliases[key] = before[-1].target
    return aliases


def _law_mentions(text: str, aliases: dict[str, str]) -> list[Mention]:
    if "Luật" not in text and "Bộ luật" not in text:  # both patterns need one of them
        return []
    out: list[Mention] = []
    for m in _LAW_DATED.finditer(text):
        if _SELF_RE.match(text, m.start()):
            continue
        num = canonical_number(m.group("num") or "")
        year = m.group("year") or (re.search(_DATE, m.group(0)) or [None, None])[1]
        out.append(Mention("law", num or law_label(m.group("name"), year), m.start(), m.end()))
    dated = _Spans(out)
    for m in _LAW_PLAIN.finditer(text):
        if dated.covers(m.start()):
            continue
        label = law_label(m.group("name"), None)
        out.append(Mention("law", aliases.get(law_key(label), label), m.start(), m.end()))
    return sorted(out, key=lambda x: x.start)


def find_mentions(text: str, aliases: dict[str, str] | None = None) -> list[Mention]:
    """Return the documents a text names, in order (aliases map short law names)."""
    if "sau đây gọi" in text:
        text = _ALIAS.sub(lambda m: " " * len(m.group(0)), text)
    found = [Mention("self", "", m.start(), m.end()) for m in _SELF_RE.finditer(text)] \
        if "này" in text.lower() else []
    selves = _Spans(found)
    found += [x for x in _law_mentions(text, aliases or {}) if not selves.overlaps(x)]
    named = _Spans(found)  # a number inside a law's mention is part of it (numbers never are)
    for m in NUMBER_RE.finditer(text) if "/" in text else ():
        if named.covers(m.start()):
            continue
        pre = _TYPE_PREFIX.search(text[max(0, m.start() - 40): m.start()])
        start = m.start() - (len(pre.group(0)) if pre else 0)
        found.append(Mention("number", canonical_number(m.group(0)) or m.group(0), start,
                             m.end()))
    return sorted(found, key=lambda x: x.start)


class _Spans:
    """Spans that overlap none of the others, sorted: position tests by bisection, not a scan."""

    def __init__(self, spans: list[Mention]) -> None:
        self.spans = sorted(spans, key=lambda s: s.start)
        self.starts = [s.start for s in self.spans]

    def _last_before(self, pos: int) -> Mention | None:
        """Return the last span starting before pos (or at it, with `inclusive`)."""
        i = bisect_left(self.starts, pos) - 1
        return self.spans[i] if i >= 0 else None

    def covers(self, pos: int) -> bool:
        """Return True when a span holds the position."""
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and self.spans[i].end > pos

    def overlaps(self, x: Mention) -> bool:
        """Return True when a span shares a character with x."""
        last = self._last_before(x.end)
        return last is not None and last.end > x.start


@dataclass(frozen=True)
class _Tok:
    level: str
    numbers: tuple[str, ...]
    start: int
    end: int
    self_word: bool = False  # "Điều này", "khoản này"


def _tokens(text: str, here: Here) -> list[_Tok]:
    low = text.lower()
    if not any(word in low for word in _WORDS):  # most sentences name no provision
        return []
    toks = []
    for m in _TOKEN.finditer(text):
        level = _WORDS[m.group(1).lower()]
        first, self_word = m.group(2), m.group(2).lower() == SELF
        if self_word:
            first = {"dieu": here.article, "khoan": here.clause}.get(level, "")
            if not first:
                continue
        more = re.sub(r"\b(?:và|hoặc)\b|,", " ", m.group(3) or "")
        nums = [first] + re.findall(r"[a-zđ]\d?|\d{1,4}[a-zđ]?|[IVXLC]+", more, re.IGNORECASE)
        nums = [n for n in nums if re.fullmatch(_NUM[level], n, re.IGNORECASE)]
        if nums and not (level == "dieu" and nums[0][:1].isalpha()):
            toks.append(_Tok(level, tuple(nums), m.start(), m.end(), self_word))
    return toks


def _runs(text: str, toks: list[_Tok]) -> list[list[_Tok]]:
    runs: list[list[_Tok]] = []
    for tok in toks:
        last = runs[-1][-1] if runs else None
        closed = last is not None and last.self_word and last.level == "dieu"  # "Điều này"
        if last is not None and not closed and _GLUE.match(text[last.end: tok.start]):
            runs[-1].append(tok)
        else:
            runs.append([tok])
    return runs


def run_paths(run: list[_Tok]) -> list[str]:
    """Return the paths a run of provision tokens names (partial ones lack the article)."""
    paths: list[str] = []
    points: list[str] = []
    clauses: list[tuple[str, list[str]]] = []
    sections: list[str] = []
    for tok in run:
        if tok.level == "diem":
            points += [segment("diem", n.lower()) for n in tok.numbers]
        elif tok.level == "khoan":
            clauses += [(segment("khoan", n), points if i == 0 else [])
                        for i, n in enumerate(tok.numbers)]
            points = []
        elif tok.level == "muc":
            sections += [segment("muc", n) for n in tok.numbers]
        else:
            paths += _close(tok, clauses, points, sections)
            points, clauses, sections = [], [], []
    return paths + _leftover(clauses, points)


def _close(tok: _Tok, clauses: list, points: list[str], sections: list[str]) -> list[str]:
    kind = "phu-luc" if tok.level == "phu-luc" else tok.level
    out = []
    for i, num in enumerate(tok.numbers):
        base = segment(kind, num.upper() if kind != "dieu" else num.lower())
        if kind == "chuong" and i == 0 and sections:
            out += [f"{base}.{s}" for s in sections]
        elif kind == "dieu" and i == 0 and (clauses or points):
            out += _below(base, clauses or [("", points)])
        else:
            out.append(base)
    return out


def _below(base: str, clauses: list[tuple[str, list[str]]]) -> list[str]:
    out = []
    for clause, points in clauses:
        stem = f"{base}.{clause}" if clause else base
        out += [f"{stem}.{p}" for p in points] if points else [stem]
    return out


def _leftover(clauses: list[tuple[str, list[str]]], points: list[str]) -> list[str]:
    out = []
    for clause, pts in clauses:
        out += [f"{clause}.{p}" for p in pts] if pts else [clause]
    return out + points


def cite(text: str, here: Here | None = None, attach_bare: bool = False) -> list[Citation]:
    """Return the citations of a (quote-blanked) sentence: mentions with their runs, bare runs.

    attach_bare: a run naming no document takes the next document named with a run of its
    own in the sentence ("quy định tại khoản 1 Điều 34; ... khoản 3 Điều 34 Nghị định số
    32/2024/NĐ-CP"), unless "... này" or a parenthesis comes between.
    """
    here = here or Here()
    mentions = find_mentions(text, here.aliases)
    toks = _tokens(text, here)
    if not mentions and not toks:
        return []
    runs = _runs(text, toks)
    ends = [r[-1].end for r in runs]  # runs follow one another: ends increase
    out: list[Citation] = []
    used: set[int] = set()
    for men in mentions:
        # only the run just before a mention can be linked to it: an earlier one has that
        # run's own words in between, which _LINK never allows
        i = bisect_right(ends, men.start) - 1
        linked = (i >= 0 and i not in used and men.start - ends[i] <= _LINK_SPAN
                  and _LINK.match(text[ends[i]: men.start]))
        run = runs[i] if linked else None
        if linked:
            used.add(i)
        start = run[0].start if run else men.start
        out.append(Citation(men, tuple(run_paths(run)) if run else (), start, men.end))
    for i, run in enumerate(runs):
        if i not in used and run_paths(run):
            out.append(Citation(_self_run(run), tuple(run_paths(run)),
                                run[0].start, run[-1].end))
    out.sort(key=lambda c: c.start)
    return _with_roles(text, _attach(text, out) if attach_bare else out)


def _attach(text: str, cites: list[Citation]) -> list[Citation]:
    """Return citations with bare runs given the document the list they open ends with."""
    out = list(cites)
    parens = [m.start() for m in re.finditer(r"\(", text)]
    stop: Citation | None = None  # the next citation that decides: a self mention or a run
    for i in range(len(out) - 1, -1, -1):
        c = out[i]
        if c.mention is None and stop is not None and stop.mention.kind != "self":
            k = bisect_left(parens, c.end)
            if k == len(parens) or parens[k] >= stop.start:  # no "(" in between
                out[i] = Citation(stop.mention, c.paths, c.start, c.end)
        if c.mention is not None and (c.mention.kind == "self" or c.paths):
            stop = c
    return out


def _self_run(run: list[_Tok]) -> Mention | None:
    """Return a self mention when the run says 'Điều này' / 'khoản này', else None (bare)."""
    if any(tok.self_word for tok in run):
        return Mention("self", "", run[0].start, run[-1].end)
    return None


def _with_roles(text: str, cites: list[Citation]) -> list[Citation]:
    out: list[Citation] = []
    prev_end, prev_head = 0, True
    for c in cites:
        gap = text[prev_end: c.start]
        if out and _COORD.search(gap):
            head = prev_head
        else:
            head = not _DEPENDENT.search(gap)
        out.append(Citation(c.mention, c.paths, c.start, c.end, head))
        prev_end, prev_head = c.end, head
    return out
