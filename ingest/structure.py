"""Text -> provision tree: parts, chapters, sections, articles, clauses, points and annexes.

The parser never rejects text: a body without headings becomes one provision plus a warning.
Lines inside quotation marks (amended text quoted by an amending document) stay text of the
provision that quotes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .layout import ATTACHED_RE, Layout, clean_lines, split_layout
from .models import (
    ANNEX,
    ARTICLE,
    CHAPTER,
    CLAUSE,
    PART,
    POINT,
    SECTION,
    SUBSECTION,
    Provision,
    make_key,
    segment,
)
from .patterns import (
    Heading,
    is_note,
    is_upper_text,
    match_annex,
    match_article,
    match_clause,
    match_container,
    match_point,
    number_key,
    opens_with_quote,
    ordinal_value,
    point_key,
    quote_after,
    roman_value,
)

CONTAINERS = (PART, CHAPTER, SECTION, SUBSECTION)
_GLUED_HEADING = re.compile(r"(?<=[.;:])\s*(?:Chương [IVXLC]+|Mục \d+)$")
_MAX_CLAUSE_JUMP = 5
_MAX_TITLE = 200
_NUMERAL_LINE = re.compile(r"^[IVXLC]+$")
_AMENDING = re.compile(r"^(?:Sửa đổi|Bổ sung|Bãi bỏ|Thay thế|Thay cụm|Bỏ cụm|Bỏ |Hủy bỏ|Huỷ bỏ"
                       r"|Đính chính|Điều chỉnh)", re.IGNORECASE)
_ITEM = re.compile(r"^(?:[IVXLC]+|\d+)\.\s|^(?:Mẫu|MẪU|Biểu|BIỂU) (?:số|SỐ)")


@dataclass
class _Node:
    kind: str
    number: str
    heading: str
    lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)


@dataclass
class _State:
    """The open provisions while walking the body."""

    roots: list[_Node] = field(default_factory=list)
    containers: list[_Node] = field(default_factory=list)
    article: _Node | None = None
    clause: _Node | None = None
    point: _Node | None = None
    chapters: int = 0
    in_quote: bool = False
    warnings: list[str] = field(default_factory=list)

    def deepest(self) -> _Node | None:
        """Return the innermost open provision."""
        return self.point or self.clause or self.article or (
            self.containers[-1] if self.containers else None)

    def attach(self, node: _Node) -> None:
        """Add a node under the innermost open container (or at the top)."""
        (self.containers[-1].children if self.containers else self.roots).append(node)


def _segment(kind: str, number: str) -> str:
    if kind == PART and not number.isdigit():
        return segment(kind, str(ordinal_value(number) or number))
    return segment(kind, number)


def _open_container(state: _State, head: Heading, title: str) -> None:
    level = CONTAINERS.index(head.kind)
    while state.containers and CONTAINERS.index(state.containers[-1].kind) >= level:
        state.containers.pop()
    state.article = state.clause = state.point = None
    node = _Node(head.kind, head.number, title)
    state.attach(node)
    state.containers.append(node)
    if head.kind == CHAPTER:
        state.chapters = roman_value(head.number) or state.chapters + 1


def _container_title(lines: list[str], i: int, head: Heading) -> tuple[str, int]:
    """Return (title, lines used after i): the heading's rest, else the next line(s)."""
    if head.rest:
        return head.rest, 0
    used, parts = 0, []
    while i + used + 1 < len(lines) and used < 4:
        nxt = lines[i + used + 1]
        if opens_with_quote(nxt) or _is_structural(nxt) or (used and not is_upper_text(nxt)):
            break
        parts.append(nxt)
        used += 1
        if not is_upper_text(nxt):
            break
    return " ".join(parts), used


def _is_structural(line: str) -> bool:
    return bool(match_article(line) or match_container(line) or match_clause(line)
                or match_point(line))


def _article_fits(state: _State, number: str) -> bool:
    """Return True unless an article number goes back (a wrapped 'Điều 6.' reference)."""
    return state.article is None or number_key(number) > number_key(state.article.number)


def _clause_fits(state: _State, number: str) -> bool:
    """Return True when a clause number continues the article's numbering."""
    clauses = [c for c in state.article.children if c.kind == CLAUSE]
    new = number_key(number)
    if not clauses:
        return new[0] <= _MAX_CLAUSE_JUMP
    prev = number_key(clauses[-1].number)
    return new > prev and new[0] <= prev[0] + _MAX_CLAUSE_JUMP


def _point_fits(state: _State, number: str) -> bool:
    """Return True when a point letter continues its parent's lettering."""
    parent = state.clause or state.article
    points = [p for p in parent.children if p.kind == POINT]
    new = point_key(number)
    if not points:
        return new[0] <= 3
    return new > point_key(points[-1].number)


def _squash(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def _repeats_title(state: _State, line: str) -> bool:
    """Return True for an upper-case line repeating the open container's title (web copies)."""
    if not state.containers or state.clause or state.point:
        return False
    if not _squash(line):  # stray punctuation between a heading and its copy
        return state.article is None
    return is_upper_text(line) and _squash(line) in _squash(state.containers[-1].heading)


def _add_text(state: _State, line: str) -> None:
    if _repeats_title(state, line):
        return
    node = state.deepest()
    if node is None:
        node = _Node(ARTICLE, "", "")
        state.roots.append(node)
        state.article = node
    node.lines.append(line)


def _own_next(state: _State, line: str) -> bool:
    """Return True when a line inside quotes is surely this document's next article or clause.

    Amending texts often forget a closing quotation mark; the next article of the document
    ("Điều 8." after Điều 7) or the next amending clause ("8. Bổ sung điểm e ...") ends it.
    """
    if opens_with_quote(line) or state.article is None:
        return False
    head = match_article(line)
    if head:
        return number_key(head.number)[0] == number_key(state.article.number)[0] + 1
    head = match_clause(line)
    if not head or not _AMENDING.match(head.rest):
        return False
    clauses = [c for c in state.article.children if c.kind == CLAUSE]
    last = number_key(clauses[-1].number)[0] if clauses else 0
    return number_key(head.number) == (last + 1, "")


def _step(state: _State, lines: list[str], i: int) -> int:
    """Consume line i (and any title lines after it); return how many extra lines were used."""
    line = lines[i]
    if is_note(line) and state.article is not None:
        state.article.notes.append(line.strip("[]"))
        return 0
    if state.in_quote and _own_next(state, line):
        state.warnings.append(f"Thiếu dấu đóng ngoặc kép trước dòng: {line[:60]}")
        state.in_quote = False
    quoted = state.in_quote or opens_with_quote(line)
    state.in_quote = quote_after(line, state.in_quote)
    if quoted:
        _add_text(state, line)
        return 0
    head = match_container(line, state.chapters + 1)
    if head:
        head, split = _rejoin_numeral(lines, i, head)
        title, used = _container_title(lines, i + split, head)
        _open_container(state, head, title)
        return split + used
    return _step_article(state, line, lines[i + 1] if i + 1 < len(lines) else "")


def _rejoin_numeral(lines: list[str], i: int, head: Heading) -> tuple[Heading, int]:
    """Return the heading with a numeral split over two lines re-joined ('Chương I' + 'II')."""
    nxt = lines[i + 1] if i + 1 < len(lines) else ""
    if head.kind != CHAPTER or head.rest or not _NUMERAL_LINE.match(nxt):
        return head, 0
    if not roman_value(head.number + nxt):
        return head, 0
    return Heading(CHAPTER, head.number + nxt, ""), 1


def _step_article(state: _State, line: str, nxt: str = "") -> int:
    """Consume an article heading (and a title on the next line), else an inner line."""
    head = match_article(line)
    if head and not _article_fits(state, head.number):
        state.warnings.append(f"Dòng nghi vấn (số điều lùi, giữ làm nội dung): {line[:60]}")
        head = None
    if not head:
        return _step_inner(state, line)
    title = head.rest or (nxt if _looks_like_title(nxt) else "")
    state.article = _Node(ARTICLE, head.number, title)
    state.clause = state.point = None
    state.attach(state.article)
    return 0 if head.rest or not title else 1


def _looks_like_title(line: str) -> bool:
    """Return True for a short line without final punctuation (an article title on its own)."""
    return (0 < len(line) <= _MAX_TITLE and not line.endswith((".", ";", ":", ","))
            and not opens_with_quote(line) and not _is_structural(line) and not is_note(line))


def _step_inner(state: _State, line: str) -> int:
    """Consume a line inside an article: a clause, a point, or text."""
    head = match_clause(line) if state.article else None
    if head and _clause_fits(state, head.number):
        state.clause, state.point = _Node(CLAUSE, head.number, ""), None
        state.clause.lines.extend([head.rest] if head.rest else [])
        state.article.children.append(state.clause)
        return 0
    head = head or (match_point(line) if state.article else None)
    if head and head.kind == POINT and _point_fits(state, head.number):
        state.point = _Node(POINT, head.number, "", [head.rest])
        (state.clause or state.article).children.append(state.point)
        return 0
    if head:
        label = "khoản" if head.kind == CLAUSE else "điểm"
        state.warnings.append(f"Dòng nghi vấn ({label} {head.number} không theo thứ tự, giữ làm "
                              f"nội dung Điều {state.article.number}): {line[:60]}")
    _add_text(state, line)
    return 0


def _strip_glued(lines: list[str], warnings: list[str]) -> list[str]:
    """Return lines without headings glued to the end of a sentence ('... pháp luật.Chương VI')."""
    out = []
    for line in lines:
        m = _GLUED_HEADING.search(line)
        if m and len(line) > len(m.group(0)) + 20:
            warnings.append(f"Dòng nghi vấn: tiêu đề '{m.group(0).strip()}' dính cuối câu, đã bỏ")
            line = line[: m.start()].rstrip()
        out.append(line)
    return out


def _freeze(node: _Node, doc_ref: str, parent: str, used: set[str]) -> Provision:
    seg = _segment(node.kind, node.number)
    path = seg if node.kind == ARTICLE or not parent else f"{parent}.{seg}"
    base, n = path, 1
    while path in used:
        n += 1
        path = f"{base}-{n}"
    used.add(path)
    children = tuple(_freeze(c, doc_ref, path, used) for c in node.children)
    return Provision(
        kind=node.kind, number=node.number, heading=node.heading, text="\n".join(node.lines),
        path=path, key=make_key(doc_ref, path), children=children, note="\n".join(node.notes),
    )


def build_body(lines: list[str], doc_ref: str) -> tuple[
        tuple[Provision, ...], list[str]]:
    """Return the body's top-level provisions and the parse warnings."""
    state = _State()
    lines = _strip_glued(lines, state.warnings)
    i = 0
    while i < len(lines):
        i += 1 + _step(state, lines, i)
    used: set[str] = set()
    return tuple(_freeze(n, doc_ref, "", used) for n in state.roots), state.warnings


def parse_article(number: str, heading: str, lines: list[str], doc_ref: str,
                  used: set[str] | None = None, warnings: list[str] | None = None) -> Provision:
    """Return one article with its clauses and points parsed from its text lines."""
    state = _State()
    state.article = _Node(ARTICLE, number, heading)
    state.roots.append(state.article)
    for line in lines:
        quoted = state.in_quote or opens_with_quote(line)
        state.in_quote = quote_after(line, state.in_quote)
        if quoted:
            _add_text(state, line)
        else:
            _step_inner(state, line)
    if warnings is not None:
        warnings.extend(state.warnings)
    return _freeze(state.article, doc_ref, "", set() if used is None else used)


def single_provision(lines: list[str], doc_ref: str) -> Provision:
    """Return the whole body as one provision (a text without recognisable headings), its
    numbered paragraphs as clauses and points, so that a letter's "1.", "2." are citable."""
    return parse_article("", "", lines, doc_ref)


def _annex_title(block: list[str], first: str) -> tuple[str, int]:
    """Return (title, index of the first text line) of an annex block."""
    titles, j = ([first] if first else []), 1
    while j < len(block) and j <= 3 and is_upper_text(block[j]) and not _ITEM.match(block[j]):
        titles.append(block[j])
        j += 1
    return " ".join(titles), j


def build_annex(block: list[str], doc_ref: str, number: str) -> Provision:
    """Return one annex block (heading line first) as a Provision of kind 'phu-luc'."""
    nxt = block[1] if len(block) > 1 else ""
    head = match_annex(block[0], strict=False, next_line=nxt)
    if head is None:  # an attached text: "QUY CHẾ ..." above "(Ban hành kèm theo ...)"
        j = next((k for k, line in enumerate(block[:4]) if ATTACHED_RE.match(line)), 1) or 1
        title = " ".join(block[:j])
    else:
        title, j = _annex_title(block, head.rest)
        number = head.number or number
    path = segment(ANNEX, number)
    return Provision(kind=ANNEX, number=number, heading=title, text="\n".join(block[j:]),
                     path=path, key=make_key(doc_ref, path))


def build_annexes(blocks: list[list[str]], doc_ref: str) -> tuple[Provision, ...]:
    """Return the annexes, numbering unnumbered ones by position when there are several."""
    out, used = [], set()
    for idx, block in enumerate(blocks, start=1):
        annex = build_annex(block, doc_ref, str(idx) if len(blocks) > 1 else "")
        if annex.path in used:  # a repeated annex number: keep both, apart
            path = f"{annex.path}-{idx}"
            annex = replace(annex, path=path, key=make_key(doc_ref, path))
        used.add(annex.path)
        out.append(annex)
    return tuple(out)


def structure_from_layout(layout: Layout, doc_ref: str) -> tuple[
        tuple[Provision, ...], tuple[Provision, ...], list[str]]:
    """Return (body, annexes, warnings) of a split document."""
    warnings: list[str] = []
    if layout.has_headings:
        body, more = build_body(layout.body, doc_ref)
        warnings += more
    else:
        body = (single_provision(layout.body, doc_ref),) if layout.body else ()
        warnings.append("Không nhận ra cấu trúc Chương/Điều: toàn bộ nội dung là một mục")
    return body, build_annexes(layout.annexes, doc_ref), warnings


def parse_structure(text: str, doc_ref: str) -> tuple[
        tuple[Provision, ...], tuple[Provision, ...], list[str]]:
    """Return (body provisions, annexes, warnings) of a document's text."""
    return structure_from_layout(split_layout(clean_lines(text)), doc_ref)

