"""Survey report -> proposed issues: the difficulties and recommendations its lists name.

A list counts when what introduces it speaks of difficulties or recommendations (khó khăn,
vướng mắc, kiến nghị, đề xuất ...): "... những khó khăn, tồn tại ..., như: a; b; c;...."
(items separated by semicolons, ending at "…", "...." or the sentence end), or an intro line
followed by bullet or numbered lines ("- ...", "1. ...").  A list introduced otherwise (the
report's "văn bản mới ..., như: Nghị định số 32/2024/NĐ-CP ...") is not a list of issues.
Sentences that open with "Đề nghị" / "Kiến nghị" / "Đề xuất" are proposed too.  The officer
then confirms, edits, splits, merges or drops each proposal (pure functions below).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace

from register.fields import guess_field

CONTEXT_WORDS = ("khó khăn", "vướng mắc", "tồn tại", "hạn chế", "bất cập", "kiến nghị",
                 "đề xuất", "đề nghị", "trăn trở", "thách thức", "kiến nghị, đề xuất")
REQUEST_OPENERS = re.compile(r"^(?:Đề nghị|Kiến nghị|Đề xuất)\s+\S")
DOCUMENT_ITEM = re.compile(
    r"^(?:Luật|Bộ luật|Nghị định|Nghị quyết|Thông tư|Quyết định|Chỉ thị|Kế hoạch|Công văn|"
    r"Pháp lệnh)\b[^;]{0,40}?\d+/\d{4}", re.IGNORECASE)
BULLET = re.compile(r"^\s*(?:[-–—•+*]|\d{1,2}[.)]|[a-zđ]\))\s+(?P<text>\S.*)$")
# Words that make a comma-separated part a clause of its own (it says something happens).
PREDICATE_WORDS = ("còn", "chưa", "không", "đã", "đang", "bị", "vẫn", "gặp", "thiếu", "chậm",
                   "cần", "khó khăn", "tái diễn", "hạn chế")
# A part opening with one of these depends on the previous one (cause, purpose, contrast).
CONNECTIVES = ("do", "vì", "nên", "để", "nhưng", "mà", "nhằm", "bởi", "dẫn đến", "gây",
               "nhất là", "trong đó", "song")
UPPER = "A-ZĐÁÀẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÉÈẺẼẸÊẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÚÙỦŨỤƯỨỪỬỮỰÝỲỶỸỴ"
NAME = rf"[{UPPER}]\w*(?:[ \t]+[{UPPER}]\w*){{0,3}}"
NAME_LIST = re.compile(rf"{NAME}(?:,[ \t]*{NAME})*,?[ \t]+và[ \t]+{NAME}")
ADMIN_NAME = re.compile(rf"(?:huyện|thị xã|thành phố|thị trấn|quận|xã|phường)[ \t]+({NAME})")
NOT_PLACES = ("Đoàn", "Sở", "Ủy", "Uỷ", "UBND", "Phòng", "Lãnh", "Nghị", "Thông", "Bộ",
              "Chính", "Giám", "Trưởng", "Công", "Hội", "Ban", "Tổng", "Hình", "Kế hoạch",
              "Những", "Theo", "Trong", "Qua", "Với", "Cùng", "Tuy", "Được", "Tính")
TEAM = re.compile(r"\b(Đoàn|Tổ)(?: công tác| kiểm tra| khảo sát)? (\d+|[IVX]+)\b")
TITLE_MAX = 120
TITLE_MIN = 20  # a first clause shorter than this is no title
TITLE_OVER = 30  # how far past TITLE_MAX a title may run to end with its clause
_CLAUSE_END = re.compile(r"\s(?:do|vì|nên|dẫn đến|gây)\s|[;:.]\s")

# The longest report text proposed from (characters; about 150 pages): the work is linear,
# but a bound keeps one request's cost known.
MAX_REPORT_CHARS = 400_000


@dataclass(frozen=True)
class Proposal:
    """One proposed issue, before the officer confirms it."""

    title: str
    description: str
    field: str = ""
    locality: str = ""
    context: str = ""  # the sentence that introduced the list
    splits: tuple[int, ...] = ()  # suggested split offsets in the description

    @property
    def suggested_parts(self) -> list[str]:
        """Return the description's parts at the suggested split offsets."""
        bounds = [0, *self.splits, len(self.description)]
        parts = [self.description[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
        return [p for p in (_clean_item(x) for x in parts) if p]


@dataclass(frozen=True)
class SurveyGuess:
    """What the report says about its survey: a name, the team, the localities."""

    name: str
    team: str = ""
    localities: tuple[str, ...] = ()


def make_title(text: str) -> str:
    """Return a short title for an issue text (the whole text stays its description): the
    text itself when short, else its first clause — up to "do", "vì", "nên", a semicolon or a
    sentence end, a little past TITLE_MAX if need be — else its phrases up to the last comma
    that keeps half of it, else the words that fit, marked "…"."""
    text = " ".join(text.split()).strip(" ;,.…")
    if len(text) > TITLE_MAX:
        clause = _CLAUSE_END.search(text, TITLE_MIN, TITLE_MAX + TITLE_OVER)
        comma = text.rfind(", ", TITLE_MAX // 2, TITLE_MAX)
        if clause:
            text = text[: clause.start()].rstrip(" ,;:")
        elif comma > 0:
            text = text[:comma]
        else:
            text = text[: text.rfind(" ", 0, TITLE_MAX - 1)].rstrip(" ,;") + "…"
    return text[:1].upper() + text[1:]


def _clean_item(text: str) -> str:
    """Return a list item without list punctuation around it, first letter capitalised."""
    text = " ".join(text.split()).strip(" ;,.…")
    return text[:1].upper() + text[1:]


def make_proposal(text: str, locality: str = "", context: str = "") -> Proposal:
    """Return the proposal for one item's text, with its field and split suggestions."""
    description = _clean_item(text)
    return Proposal(make_title(description), description, guess_field(description), locality,
                    context, tuple(split_suggestions(description)))


# --- finding the lists ---------------------------------------------------------------------

def _has_context(intro: str) -> bool:
    lowered = intro.lower()
    return any(re.search(rf"(?<!\w){w}(?!\w)", lowered) for w in CONTEXT_WORDS)


def _sentence_start(text: str, pos: int) -> int:
    """Return where the sentence holding pos starts (after '. ', a newline or the start)."""
    starts = [text.rfind("\n", 0, pos) + 1]
    starts += [m.end() for m in re.finditer(r"[.!?]\s+", text[:pos])]
    return max(starts)


def _inline_end(text: str, start: int) -> int:
    """Return where an inline list that starts at `start` ends."""
    ends = [len(text)]
    for pattern in (r"…|\.\.\.", r"\n", rf"\.(?=\s+[{UPPER}\d“\"]|\s*$)"):
        m = re.compile(pattern).search(text, start)
        if m:
            ends.append(m.start())
    return min(ends)


def _inline_lists(text: str) -> list[tuple[int, int, str, list[str]]]:
    """Return (start, end, intro, items) of each semicolon list after a colon."""
    found = []
    for m in re.finditer(r":[ \t]*(?=\S)", text):
        intro = text[_sentence_start(text, m.start()): m.start()].strip()
        if not _has_context(intro):
            continue
        end = _inline_end(text, m.end())
        items = [i for i in text[m.end(): end].split(";") if _is_issue_text(i)]
        if items:
            found.append((m.start(), end, intro, items))
    return found


def _is_issue_text(item: str) -> bool:
    """Return True for an item that reads as a concern (not a document reference)."""
    item = item.strip(" ;,.…\t")
    return len(item.split()) >= 3 and not DOCUMENT_ITEM.match(item)


def _block_lists(text: str) -> list[tuple[int, int, str, list[str]]]:
    """Return (start, end, intro, items) of bullet lists under a difficulty/request intro."""
    found, lines, offset = [], text.splitlines(keepends=True), 0
    starts = []
    for line in lines:
        starts.append(offset)
        offset += len(line)
    i = 0
    while i < len(lines):
        if _is_intro(lines[i]):
            items, j = _bullets(lines, i + 1)
            if items:
                found.append((starts[i], starts[j - 1] + len(lines[j - 1]), lines[i].strip(),
                              items))
                i = j
                continue
        i += 1
    return found


def _is_intro(line: str) -> bool:
    """Return True for a line that announces a list of difficulties or requests."""
    line = line.strip()
    if not line or not _has_context(line):
        return False
    return line.endswith(":") or (len(line.split()) <= 10 and not line.endswith("."))


def _bullets(lines: list[str], i: int) -> tuple[list[str], int]:
    """Return the bullet items starting at line i and the index after the list."""
    items: list[str] = []
    while i < len(lines):
        line = lines[i].strip()
        m = BULLET.match(line)
        if m and not (items and line.endswith(":")):
            items.append(m.group("text"))
        elif items and line and line[0].islower():
            items[-1] += " " + line  # a bullet's continuation line
        elif line or not items:
            if line:
                break
        i += 1
    return [x for x in items if _is_issue_text(x)], i


def _request_sentences(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """Return (start, sentence) of sentences opening with 'Đề nghị'/'Kiến nghị' outside lists."""
    out = []
    for m in re.finditer(r"[^.\n!?]+[.!?]?", text):
        sentence = m.group().strip()
        start = m.start() + (len(m.group()) - len(m.group().lstrip()))
        inside = any(s <= start < e for s, e in taken)
        if not inside and REQUEST_OPENERS.match(sentence) and _is_issue_text(sentence):
            out.append((start, sentence))
    return out


def find_items(text: str) -> list[tuple[str, str]]:
    """Return (item text, intro) of every difficulty or recommendation, in text order."""
    text = unicodedata.normalize("NFC", text or "")
    found: list[tuple[int, str, str]] = []
    spans: list[tuple[int, int]] = []
    for start, end, intro, items in sorted(_block_lists(text) + _inline_lists(text)):
        if any(s <= start < e for s, e in spans):
            continue
        spans.append((start, end))
        found.extend((start + n, item, intro) for n, item in enumerate(items))
    found.extend((s, sentence, "") for s, sentence in _request_sentences(text, spans))
    return [(item, intro) for _s, item, intro in sorted(found, key=lambda f: f[0])]


# --- survey facts --------------------------------------------------------------------------

def guess_team(text: str) -> str:
    """Return the team the report is about ('Đoàn 1'): the most often named one."""
    names = [f"{m.group(1)} {m.group(2)}" for m in TEAM.finditer(text)]
    return Counter(names).most_common(1)[0][0] if names else ""


def _place(name: str) -> bool:
    words = name.split()
    return len(words) >= 2 and not any(name.startswith(w) for w in NOT_PLACES)


def guess_localities(text: str) -> tuple[str, ...]:
    """Return the localities a report names: lists 'A, B và C' first, then 'huyện X'."""
    counts: Counter[str] = Counter()
    for m in NAME_LIST.finditer(text):
        names = [n.strip() for n in re.split(r",|[ \t]và[ \t]", m.group()) if n.strip()]
        if all(_place(n) for n in names):
            counts.update(names)
    for m in ADMIN_NAME.finditer(text):
        if _place(m.group(1)):
            counts[m.group(1)] += 0  # known, but ranked after names in lists
    ordered = sorted(counts, key=lambda n: -counts[n])
    return tuple(ordered)


def guess_name(text: str) -> str:
    """Return the survey's name: the report's first line when it reads as a title (in
    sentence case when written in capitals, the names the report writes with capitals kept),
    else 'Khảo sát' and the team."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if first and len(first) <= 200 and not first.endswith("."):
        return _sentence_case(first, text) if first.isupper() else first
    return "Khảo sát " + (guess_team(text) or "mới")


def _sentence_case(headline: str, text: str) -> str:
    """Return an all-caps headline in sentence case, with the names the report writes with
    capitals ("Sở Công Thương", "Sóc Trăng") written so."""
    out = headline.lower()
    for name in sorted(_capitalised_names(text), key=len, reverse=True):
        out = re.sub(rf"(?<!\w){re.escape(name.lower())}(?!\w)", name, out)
    return out[:1].upper() + out[1:]


def _capitalised_names(text: str) -> set[str]:
    """Return the runs of two or more capitalised words the text writes inside a sentence
    ("Sở Công Thương"; not "Theo Kế" opening one, not words all in capitals)."""
    names = set()
    for line in text.splitlines():
        run: list[str] = []
        opening = True  # the next word opens a sentence
        for m in re.finditer(r"\w+|[^\w\s]", line):
            word = m.group(0)
            capital = word[:1].isupper() and not (len(word) > 1 and word.isupper())
            if capital and not opening:
                run.append(word)
                continue
            if len(run) > 1:
                names.add(" ".join(run))
            run = []
            opening = word in ".!?:"
        if len(run) > 1:
            names.add(" ".join(run))
    return names


def propose(text: str) -> tuple[SurveyGuess, list[Proposal]]:
    """Return what a report says about its survey and the issues it proposes."""
    text = unicodedata.normalize("NFC", text or "")
    survey = SurveyGuess(guess_name(text), guess_team(text), guess_localities(text))
    locality = ", ".join(survey.localities)
    return survey, [make_proposal(item, locality, intro) for item, intro in find_items(text)]


# --- split and merge -----------------------------------------------------------------------

def _words(text: str, vocabulary: tuple[str, ...]) -> bool:
    lowered = text.lower()
    return any(re.search(rf"(?<!\w){w}(?!\w)", lowered) for w in vocabulary)


def split_suggestions(text: str) -> list[int]:
    """Return offsets where a comma separates two concerns of different fields."""
    out, last = [], 0
    for m in re.finditer(r",\s*", text):
        left, right = text[last: m.start()], text[m.end():]
        if not (_words(left, PREDICATE_WORDS) and _words(right, PREDICATE_WORDS)):
            continue
        if any(right.lower().startswith(c + " ") for c in CONNECTIVES):
            continue
        if guess_field(left) != guess_field(right):
            out.append(m.end())
            last = m.end()
    return out


def split_text(text: str, pos: int) -> tuple[str, str]:
    """Return the two parts of a text split at pos (list punctuation trimmed)."""
    pos = max(0, min(len(text), pos))
    return _clean_item(text[:pos]), _clean_item(text[pos:])


def split_proposal(p: Proposal, pos: int) -> list[Proposal]:
    """Return the proposal split in two at an offset of its description (one if empty)."""
    first, second = split_text(p.description, pos)
    parts = [x for x in (first, second) if x]
    return [make_proposal(x, p.locality, p.context) for x in parts] or [p]


def split_suggested(p: Proposal) -> list[Proposal]:
    """Return the proposal split at every suggested offset."""
    return [make_proposal(x, p.locality, p.context) for x in p.suggested_parts] or [p]


def merge_proposals(a: Proposal, b: Proposal) -> Proposal:
    """Return one proposal holding both: a's title, both descriptions joined by '; '."""
    joined = f"{a.description.rstrip(' ;.')}; {b.description}"
    merged = make_proposal(joined, a.locality or b.locality, a.context or b.context)
    return replace(merged, title=a.title)
