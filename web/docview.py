"""What the document pages need from a Document: table of contents, ancestors, basis links.

Pure functions over the records (no Flask), so they are tested without a server.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from markupsafe import Markup, escape

from ingest.models import ANNEX, ARTICLE, CLAUSE, POINT, Document, Provision
from ingest.references import find_mentions
from ingest.tables import CELL_SEPARATOR
from law.citation import LEAF_OWNERS
from law.reassign import anchor_of
from search.urls import document_url

TOC_KINDS_STOP = (ARTICLE, ANNEX)  # the contents list stops at articles and annexes
INNER_KINDS = (CLAUSE, POINT)


@dataclass
class TocEntry:
    """One line of the table of contents (mục lục)."""

    label: str
    heading: str
    path: str
    kind: str
    children: list[TocEntry] = field(default_factory=list)


def toc(doc: Document) -> list[TocEntry]:
    """Return the table of contents: parts, chapters, sections, articles, then annexes."""
    return [_toc_entry(p) for p in (*doc.body, *doc.annexes) if p.kind not in INNER_KINDS]


def _toc_entry(p: Provision) -> TocEntry:
    children = [] if p.kind in TOC_KINDS_STOP else [
        _toc_entry(c) for c in p.children if c.kind not in INNER_KINDS]
    return TocEntry(p.label, p.heading, p.path, p.kind, children)


def ancestors(doc: Document, path: str) -> list[Provision]:
    """Return the chain of provisions from the top level down to the one at path ([] if none)."""
    for top in (*doc.body, *doc.annexes):
        chain = _chain(top, path)
        if chain:
            return chain
    return []


def _chain(node: Provision, path: str) -> list[Provision]:
    if node.path == path:
        return [node]
    if node.kind in LEAF_OWNERS and not path.startswith(node.path + "."):
        return []  # an article's (or clause's) descendants all extend its own path
    for child in node.children:
        below = _chain(child, path)
        if below:
            return [node, *below]
    return []


def display_unit(chain: list[Provision]) -> Provision:
    """Return what a permalink page shows: the article (or annex) holding the target."""
    for p in chain:
        if p.kind in (ARTICLE, ANNEX):
            return p
    return chain[-1]


def breadcrumb(chain: list[Provision]) -> list[Provision]:
    """Return the containers above the displayed unit (Chương > Mục) and the unit itself."""
    out = []
    for p in chain:
        out.append(p)
        if p.kind in (ARTICLE, ANNEX):
            break
    return out


def neighbours(doc: Document, unit: Provision) -> tuple[Provision | None, Provision | None]:
    """Return the articles (or annexes) just before and after a unit, None at the ends."""
    units = [p for p in doc.walk() if p.kind in (ARTICLE, ANNEX)]
    paths = [p.path for p in units]
    if unit.path not in paths:
        return None, None
    i = paths.index(unit.path)
    return (units[i - 1] if i > 0 else None), (units[i + 1] if i + 1 < len(units) else None)


def linked_basis(line: str, find: Callable[[str], Document | None]) -> Markup:
    """Return an escaped basis line whose mentioned documents in the base are links."""
    out, pos = [], 0
    for mention in find_mentions(line):
        target = find(mention.target) if mention.target else None
        if target is None:
            continue
        out.append(escape(line[pos:mention.start]))
        out.append(Markup('<a href="{}">{}</a>').format(
            document_url(target.doc_id), line[mention.start:mention.end]))
        pos = mention.end
    out.append(escape(line[pos:]))
    return Markup("").join(out)


def provision_count(doc: Document) -> dict[str, int]:
    """Return how many provisions of each kind a document has."""
    counts: dict[str, int] = {}
    for p in doc.walk():
        counts[p.kind] = counts.get(p.kind, 0) + 1
    return counts


@dataclass(frozen=True)
class TextBlock:
    """A run of a provision's text: a paragraph, or a table (rows of cells, padded)."""

    kind: str  # "p" | "table"
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()


def text_blocks(text: str) -> list[TextBlock]:
    """Return a provision's text as paragraphs and tables: consecutive lines holding
    " | " (rows of a Word or PDF table, see ingest.tables) become one table, its rows padded
    to its widest row."""
    blocks: list[TextBlock] = []
    para: list[str] = []
    rows: list[list[str]] = []
    for line in (text or "").split("\n"):
        if CELL_SEPARATOR.strip() in line and CELL_SEPARATOR.rstrip() in line:
            if para:
                blocks.append(TextBlock("p", "\n".join(para)))
                para = []
            rows.append([c.strip() for c in line.split(CELL_SEPARATOR.strip())])
            continue
        if rows:
            blocks.append(_table(rows))
            rows = []
        para.append(line)
    if rows:
        blocks.append(_table(rows))
    if para:
        blocks.append(TextBlock("p", "\n".join(para)))
    return blocks


def _table(rows: list[list[str]]) -> TextBlock:
    """Return a table block, every row as wide as the widest."""
    width = max(len(r) for r in rows)
    return TextBlock("table", rows=tuple(tuple(r + [""] * (width - len(r))) for r in rows))


_WORD = re.compile(r"\S+|\s+")


def word_diff(old: str, new: str, show_deleted: bool = True) -> Markup:
    """Return new text as escaped HTML, words added in <ins> and (when asked) words taken out
    in <del>, compared word by word with old."""
    a, b = _WORD.findall(old or ""), _WORD.findall(new or "")
    out: list[Markup] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(b[j1:j2])))
            continue
        if show_deleted and op in ("delete", "replace") and "".join(a[i1:i2]).strip():
            out.append(Markup("<del>{}</del>").format("".join(a[i1:i2])))
        if op in ("insert", "replace") and "".join(b[j1:j2]).strip():
            out.append(Markup("<ins>{}</ins>").format("".join(b[j1:j2])))
        elif op in ("insert", "replace"):
            out.append(escape("".join(b[j1:j2])))
    joined = str(Markup("").join(out))
    # words changed one after another read as one change: "<ins>Đổi mới sáng tạo</ins>"
    joined = re.sub(r"</(ins|del)>(\s+)<\1>", r"\2", joined)
    return Markup(joined)


def change_marks(enacted: Provision | None, current: Provision) -> dict[str, Markup]:
    """Return, per path of the current unit whose own text differs from the enacted one, its
    text with the changed words marked (a unit the enactment lacked: all of it; text holding
    a table is left out, to keep its layout)."""
    before = {p.path: p for p in enacted.walk()} if enacted is not None else {}
    marks: dict[str, Markup] = {}
    for node in current.walk():
        old = before.get(node.path)
        if any(b.kind == "table" for b in text_blocks(node.text)):
            continue  # a table keeps its layout: its new words are shown, not marked
        if old is None or old.text != node.text:
            marks[node.path] = word_diff(old.text if old else "", node.text, show_deleted=False)
    return marks


def reassignment_marks(unit: Provision, items: list, cite: Callable[[str], str],
                       when: Callable[[object], str]) -> tuple[dict[str, Markup],
                                                              dict[str, Markup]]:
    """Return (text marks, heading marks): each reassignment shown once, at the district body
    it concerns: "Ủy ban nhân dân cấp huyện [từ 1/7/2025: Ủy ban nhân dân cấp xã — Điều 6
    Nghị định 139/2025/NĐ-CP]"."""
    texts: dict[str, Markup] = {}
    heads: dict[str, Markup] = {}
    for item in items:
        spot = anchor_of(unit, item)
        if spot is None:
            continue
        path, phrase = spot
        since = f"từ {when(item.effective)}: " if item.effective else ""
        note = Markup('<span class="reassigned">[{}{} — {}]</span>').format(
            since, item.holder or "thẩm quyền được phân định lại", cite(item.source_key))
        node = next(p for p in unit.walk() if p.path == path)
        heading = path == unit.path and bool(phrase) and phrase in node.heading
        source = heads.get(path) if heading else texts.get(path)
        plain = node.heading if heading else node.text
        base = source if source is not None else escape(plain)
        if phrase and escape(phrase) in base:
            marked = base.replace(escape(phrase), Markup("{} {}").format(escape(phrase), note), 1)
        else:
            marked = Markup("{} {}").format(note, base)
        (heads if heading else texts)[path] = Markup(marked)
    return texts, heads
