"""Pages of the Code of Law export (Bộ Pháp điển điện tử): its articles, as records.

A đề mục page (`demuc/<uuid>.html` in the export) is a run of `<p class='pChuong'>` chapter
lines and, per article, `<p class='pDieu'>` (its code "Điều 4.4.LQ.8. Heading", anchor =
MAPC), `<p class='pGhiChu'>` (the source note: "Điều 8 Luật số 65/2006/QH11, có hiệu lực thi
hành kể từ ngày 01/01/2007, bị bãi bỏ bởi Điều 1 Luật số 20/2012/QH13 …"), `<p
class='pNoiDung'>` (the text, one `<p>` per paragraph) and `<p class='pChiDan'>` (related
provisions).  Read with regular expressions: the pages are machine-written and uniform.
"""

from __future__ import annotations

import html
import re
import threading
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from .ids import slugify
from .models import ARTICLE, Document, Provision, Relation, SourceFile, make_key, split_key
from .numbers import canonical_number, number_key
from .report import counts
from .sources import from_notes
from .structure import parse_article

_ARTICLE = re.compile(r"<p class='pDieu'>", re.IGNORECASE)
_ANCHOR = re.compile(r"<a name='(\d+)'")
_PART = re.compile(r"<p class='(pGhiChu|pNoiDung|pChiDan|pChuong)'>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_HREF = re.compile(r"href='(https?://vbpl\.vn[^']*)'", re.IGNORECASE)
_NODE = re.compile(r"ViewNoiDungPhapDien\('(\d+)'\)")
_PARA = re.compile(r"<p[^>]*>(.*?)</p>", re.IGNORECASE | re.DOTALL)
_CODE = re.compile(r"^Điều\s+(?P<code>[\d.]+[A-ZĐa-z]*(?:\.[\w.]+)?)\.\s*(?P<heading>.*)$")
_SOURCE = re.compile(
    r"^\(?\s*Điều\s+(?P<article>\d+[a-zđ]?)\s+(?P<type>Bộ luật|Luật|Pháp lệnh|Nghị định|"
    r"Nghị quyết|Thông tư liên tịch|Thông tư|Quyết định)\s+(?:số\s+)?(?P<number>[^\s,]+)",
    re.IGNORECASE)
_BY = re.compile(r"bởi\s+(?P<what>.*?)\s+(?:Bộ luật|Luật|Pháp lệnh|Nghị định|Nghị quyết|"
                 r"Thông tư liên tịch|Thông tư|Quyết định)\s+(?:số\s+)?"
                 r"(?P<number>\d+/\d{4}/[\w-]+)", re.IGNORECASE)


@dataclass(frozen=True)
class CodeArticle:
    """One article of the Code of Law: its code, heading, source note and paragraphs."""

    mapc: str  # the 40- or 60-digit node id
    code: str  # "4.4.LQ.8"
    heading: str
    note: str
    paragraphs: tuple[str, ...]
    related: str = ""  # the pChiDan line, as text
    related_nodes: tuple[str, ...] = ()  # MAPC of the Pháp điển articles pChiDan links to
    link: str = ""  # the source article on vbpl.vn

    @property
    def text(self) -> str:
        """Return the article's text, one paragraph per line."""
        return "\n".join(self.paragraphs)

    @property
    def source(self) -> tuple[str, str] | None:
        """Return (source document number, article number) the note names, or None."""
        m = _SOURCE.match(self.note)
        if not m:
            return None
        return canonical_number(m.group("number")) or m.group("number"), m.group("article")

    @property
    def changed_by(self) -> tuple[str, ...]:
        """Return the numbers of the documents the note says amended or repealed it."""
        return tuple(dict.fromkeys(canonical_number(m.group("number")) or m.group("number")
                                   for m in _BY.finditer(self.note)))

    @property
    def repealed(self) -> bool:
        """Return True when the note says the article was repealed (bị bãi bỏ)."""
        return "bị bãi bỏ bởi" in self.note and not self.paragraphs


def _plain(fragment: str) -> str:
    """Return an HTML fragment's text: tags dropped, entities decoded, NFC, spaces collapsed."""
    text = html.unescape(_TAG.sub(" ", fragment))
    return " ".join(unicodedata.normalize("NFC", text).split())


def read_page(page: str) -> list[CodeArticle]:
    """Return the articles of one đề mục page's HTML."""
    return [art for art, _, _ in _articles_at(page)]


def _article(chunk: str) -> CodeArticle | None:
    parts = list(_PART.finditer(chunk))
    head_end = parts[0].start() if parts else len(chunk)
    anchor = _ANCHOR.search(chunk[:head_end])
    m = _CODE.match(_plain(chunk[:head_end]))
    if not m:
        return None
    fields: dict[str, str] = {}
    for i, part in enumerate(parts):
        end = parts[i + 1].start() if i + 1 < len(parts) else len(chunk)
        fields.setdefault(part.group(1), chunk[part.end(): end])
    body = fields.get("pNoiDung", "")
    paras = tuple(p for p in (_plain(x) for x in _PARA.findall(body)) if p)
    if not paras and _plain(body):
        paras = (_plain(body),)
    note_html, related = fields.get("pGhiChu", ""), fields.get("pChiDan", "")
    link = _HREF.search(note_html)
    return CodeArticle(mapc=anchor.group(1) if anchor else "", code=m.group("code"),
                       heading=m.group("heading").strip(), note=_plain(note_html),
                       paragraphs=paras, related=_plain(related),
                       related_nodes=tuple(dict.fromkeys(_NODE.findall(related))),
                       link=html.unescape(link.group(1)) if link else "")


def page_names(bundle: Path) -> list[str]:
    """Return the đề mục page names of the export (zip member names), in order."""
    bundle = Path(bundle)
    if bundle.is_dir():
        return [f"demuc/{p.name}" for p in sorted((bundle / "demuc").glob("*.html"))]
    with zipfile.ZipFile(bundle) as zf:
        return sorted(n for n in zf.namelist() if n.startswith("demuc/") and n.endswith(".html"))


def iter_pages(bundle: Path, names: list[str] | None = None) -> Iterator[tuple[str, str]]:
    """Yield (name, HTML) of the export's đề mục pages (all, or those named), the zip opened
    once."""
    bundle = Path(bundle)
    names = page_names(bundle) if names is None else names
    if bundle.is_dir():
        for name in names:
            yield name, _read_one(bundle, name)
        return
    with zipfile.ZipFile(bundle) as zf:
        for name in names:
            yield name, zf.read(name).decode("utf-8-sig", errors="replace")




class CodifiedIndex:
    """Where each source article sits in the export — (document number, article) -> page and
    position — and the export's tree: đề mục pages, their chapters and article nodes.  Pages
    are read again on demand (their texts would hold ~70 million characters)."""

    def __init__(self, bundle: Path) -> None:
        self.bundle = Path(bundle)
        self._where: dict[tuple[str, str], tuple[str, int, int]] = {}
        self._lock = threading.Lock()
        self._pages: dict[str, str] = {}
        self.topics: list[Topic] = []
        for name, page in iter_pages(self.bundle):
            scanned = _page_nodes(page)
            for art, _, start, end in scanned:
                if art.source is not None:
                    self._where.setdefault((number_key(art.source[0]), art.source[1].lower()),
                                           (name, start, end))
            self.topics.append(Topic.of(_topic(page), name, tuple(n for _, n, _, _ in scanned)))

    def __len__(self) -> int:
        return len(self._where)

    def topic(self, number: str) -> Topic | None:
        """Return the đề mục numbered `number` ('4.4'), None if the export lacks it."""
        return next((t for t in self.topics if t.number == number), None)

    def find(self, number: str, article: str) -> CodeArticle | None:
        """Return the Code of Law article codifying Điều `article` of a document, or None."""
        spot = self._where.get((number_key(number), article.lower()))
        if spot is None:
            return None
        name, start, end = spot
        with self._lock:
            if name not in self._pages:
                if len(self._pages) >= _PAGES_KEPT:
                    self._pages.pop(next(iter(self._pages)))
                self._pages[name] = _read_one(self.bundle, name)
            page = self._pages[name]
        return _article(page[start:end])  # that article only: a page holds hundreds


@dataclass(frozen=True)
class Topic:
    """A đề mục of the Code of Law: its number, title, page and article nodes."""

    number: str  # "4.4"
    title: str  # "Luật sư"
    page: str
    nodes: tuple  # Node, in order

    @classmethod
    def of(cls, label: str, page: str, nodes: tuple) -> Topic:
        """Return a topic from its page's heading ('Đề mục 4.4 Luật sư')."""
        m = re.match(r"Đề mục\s+([\d.]+)\s*(.*)", label)
        return cls(m.group(1), m.group(2).strip(), page, nodes) if m else cls("", label, page,
                                                                               nodes)

    @property
    def subject(self) -> str:
        """Return the chủ đề number the đề mục belongs to ('4')."""
        return self.number.split(".")[0] if self.number else ""

    def chapters(self) -> list[tuple[str, list]]:
        """Return the nodes grouped by chapter, in order."""
        out: list[tuple[str, list]] = []
        for node in self.nodes:
            if not out or out[-1][0] != node.chapter:
                out.append((node.chapter, []))
            out[-1][1].append(node)
        return out


_PAGES_KEPT = 8


def _read_one(bundle: Path, name: str) -> str:
    """Return one page's HTML from the export (zip or folder)."""
    if bundle.is_dir():
        return (bundle / "demuc" / Path(name).name).read_text(encoding="utf-8-sig",
                                                               errors="replace")
    with zipfile.ZipFile(bundle) as zf:
        return zf.read(name).decode("utf-8-sig", errors="replace")



# --- the export as documents: one per source document, holding its codified articles ---

NOTE_PREFIX = "Nguồn pháp điển: Điều "


def is_bundle(path: Path) -> bool:
    """Return True for the Code of Law export: a zip or a folder holding demuc/*.html."""
    path = Path(path)
    if path.is_dir():
        return (path / "demuc").is_dir() and any((path / "demuc").glob("*.html"))
    if path.suffix.lower() != ".zip" or not path.is_file():
        return False
    try:
        with zipfile.ZipFile(path) as zf:
            return any(n.startswith("demuc/") and n.endswith(".html") for n in zf.namelist())
    except (OSError, zipfile.BadZipFile):
        return False


@dataclass(frozen=True)
class Node:
    """An article's place in the Code of Law: its đề mục page and chapter."""

    code: str
    mapc: str
    heading: str
    chapter: str  # the chapter line above it, "" when none
    source_key: str  # the source provision's key ("65/2006/QH11#dieu-3"), "" when unknown


def read_bundle(bundle: Path, limit: int | None = None,
                on_page: Callable[[int, int, int], None] | None = None
                ) -> tuple[dict[str, list[CodeArticle]], list[Node]]:
    """Return the export's articles grouped by source document number, and the tree's nodes
    in order; `limit` reads only the first pages, on_page(pages done, pages, articles read)
    reports progress."""
    names = page_names(bundle)[:limit]
    groups: dict[str, list[CodeArticle]] = {}
    nodes: list[Node] = []
    for i, (_name, page) in enumerate(iter_pages(bundle, names), start=1):
        for art, node in page_nodes(page):
            if art.source is not None:
                groups.setdefault(art.source[0], []).append(art)
            nodes.append(node)
        if on_page is not None:
            on_page(i, len(names), len(nodes))
    return groups, nodes


def page_nodes(page: str) -> list[tuple[CodeArticle, Node]]:
    """Return each article of a page with its node (code, heading, chapter, source key)."""
    return [(art, node) for art, node, _, _ in _page_nodes(page)]


def _page_nodes(page: str) -> list[tuple[CodeArticle, Node, int, int]]:
    """Return each article of a page with its node and where its HTML starts and ends."""
    marks = _chapter_marks(page)
    out = []
    for art, at, end in _articles_at(page):
        src = art.source
        key = f"{src[0]}#dieu-{src[1].lower()}" if src else ""
        node = Node(art.code, art.mapc, art.heading, _chapter(marks, at), key)
        out.append((art, node, at, end))
    return out


_TOPIC = re.compile(r"<h3[^>]*>(.*?)</h3>", re.IGNORECASE | re.DOTALL)
_CHAPTER = re.compile(r"<p class='pChuong'>(.*?)</p>", re.IGNORECASE | re.DOTALL)


def _topic(page: str) -> str:
    m = _TOPIC.search(page)
    return _plain(m.group(1)) if m else ""


def _chapter_marks(page: str) -> list[tuple[int, str]]:
    return [(m.start(), _plain(m.group(1))) for m in _CHAPTER.finditer(page)]


def _chapter(marks: list[tuple[int, str]], at: int) -> str:
    """Return the chapter lines just above a position (a number line and its title)."""
    above = [text for pos, text in marks if pos < at]
    return " ".join(above[-2:]) if above else ""


def _articles_at(page: str) -> list[tuple[CodeArticle, int, int]]:
    """Return the articles of a page with where each one's HTML starts and ends."""
    starts = [m.start() for m in _ARTICLE.finditer(page)] + [len(page)]
    out = []
    for a, b in zip(starts, starts[1:], strict=False):
        art = _article(page[a:b])
        if art is not None:
            out.append((art, a, b))
    return out


def bundle_documents(groups: dict[str, list[CodeArticle]], source: SourceFile,
                     nodes: list[Node]) -> list[Document]:
    """Return one Document per source document of the export: its codified articles, its
    metadata from their notes, and the related-provision links of pChiDan."""
    where = {n.mapc: n.source_key for n in nodes if n.mapc and n.source_key}
    return [_document(number, arts, source, where) for number, arts in sorted(groups.items())]


def _document(number: str, arts: list[CodeArticle], source: SourceFile,
              where: dict[str, str]) -> Document:
    notes = [f"{NOTE_PREFIX}{a.code}; {a.note}" for a in arts]
    meta = from_notes(notes)
    ref = number  # as the articles' own notes name it
    used: set[str] = set()
    warnings: list[str] = []
    seen: set[str] = set()
    body = []
    for art, note in sorted(zip(arts, notes, strict=True), key=lambda x: _order(x[0])):
        article = art.source[1]
        if article.lower() in seen:
            continue
        seen.add(article.lower())
        prov = parse_article(article, art.heading, list(art.paragraphs), ref, used, warnings)
        body.append(replace(prov, note=note + (f" [{art.link}]" if art.link else "")))
    related = tuple(Relation("cites", make_key(ref, f"dieu-{a.source[1].lower()}"),
                             *split_key(where[m]), evidence=a.related, note="related")
                    for a in arts for m in a.related_nodes if m in where
                    and where[m] != f"{ref}#dieu-{a.source[1].lower()}")
    return Document(
        doc_id=slugify(ref), number=ref, doc_type=meta.doc_type or _type_of(arts),
        issuer=meta.issuer,
        title=meta.title, issued=meta.issued, effective_from=meta.effective_from,
        body=tuple(body), source=source, relations=related,
        warnings=(f"Chỉ có {len(body)} điều đã được pháp điển hóa (từ Bộ Pháp điển); các điều "
                  "khác của văn bản chưa có trong cơ sở dữ liệu.",),
        report=counts(tuple(body), ()), meta_sources=(("number", "phapdien"),),
    )


def combine(held: Document, new: Document) -> Document:
    """Return the one document two versions of the same number make: `new`, unless one of
    them is the Pháp điển's codified articles and the other the enacted text — then the
    enacted text, each of its articles carrying the Pháp điển's code and source note, with
    the relations the notes and related-provision links state."""
    codified = [d for d in (held, new) if d.source is not None and d.source.format == "phapdien"]
    if len(codified) != 1:
        return new
    code_doc = codified[0]
    enacted = new if code_doc is held else held
    notes = {a.path: a.note for a in code_doc.articles()}
    body = tuple(_with_note(p, notes) for p in enacted.body)
    extra = tuple(r for r in code_doc.relations if set(r.note.split()) & {"notes", "related"})
    have = set(enacted.relations)
    return replace(enacted, body=body,
                   relations=(*enacted.relations, *(r for r in extra if r not in have)))


def _with_note(p: Provision, notes: dict[str, str]) -> Provision:
    """Return a provision tree whose articles carry the Pháp điển note (when they have none)."""
    if p.kind == ARTICLE:
        return replace(p, note=p.note or notes.get(p.path, ""))
    return replace(p, children=tuple(_with_note(c, notes) for c in p.children))


def _type_of(arts: list[CodeArticle]) -> str | None:
    """Return the document type the notes give ("Thông tư liên tịch"), None if none."""
    m = next((m for a in arts if (m := _SOURCE.match(a.note))), None)
    return m.group("type")[:1].upper() + m.group("type")[1:] if m else None


def code_of(note: str) -> str:
    """Return the Pháp điển code a provision's note carries ('4.4.LQ.3'), '' when none."""
    m = _NOTE_CODE.match(note or "")
    return m.group(1) if m else ""


_NOTE_CODE = re.compile(r"Nguồn pháp điển:\s*Điều\s+([^;\s]+?)\.?;")


def _order(art: CodeArticle) -> tuple[int, str]:
    m = re.match(r"(\d+)(.*)", art.source[1] if art.source else "")
    return (int(m.group(1)), m.group(2)) if m else (0, "")


__all__ = ["CodeArticle", "CodifiedIndex", "Node", "Topic", "bundle_documents", "code_of",
           "combine", "is_bundle", "iter_pages", "page_names", "page_nodes", "read_bundle",
           "read_page"]
