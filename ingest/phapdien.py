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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .numbers import canonical_number, number_key

_ARTICLE = re.compile(r"<p class='pDieu'>", re.IGNORECASE)
_ANCHOR = re.compile(r"<a name='(\d+)'")
_PART = re.compile(r"<p class='(pGhiChu|pNoiDung|pChiDan|pChuong)'>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
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
    out = []
    starts = [m.start() for m in _ARTICLE.finditer(page)] + [len(page)]
    for a, b in zip(starts, starts[1:], strict=False):
        out.append(_article(page[a:b]))
    return [x for x in out if x is not None]


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
    return CodeArticle(mapc=anchor.group(1) if anchor else "", code=m.group("code"),
                       heading=m.group("heading").strip(), note=_plain(fields.get("pGhiChu", "")),
                       paragraphs=paras, related=_plain(fields.get("pChiDan", "")))


def iter_pages(bundle: Path) -> Iterator[tuple[str, str]]:
    """Yield (name, HTML) of each đề mục page of the export (its zip or unpacked folder)."""
    bundle = Path(bundle)
    if bundle.is_dir():
        for path in sorted((bundle / "demuc").glob("*.html")):
            yield path.name, path.read_text(encoding="utf-8-sig", errors="replace")
        return
    with zipfile.ZipFile(bundle) as zf:
        for name in sorted(n for n in zf.namelist() if n.startswith("demuc/")
                           and n.endswith(".html")):
            yield name, zf.read(name).decode("utf-8-sig", errors="replace")




class CodifiedIndex:
    """Where each source article sits in the export: (document number, article) -> page and
    position.  Pages are read again on demand (the texts would hold ~70 million characters)."""

    def __init__(self, bundle: Path) -> None:
        self.bundle = Path(bundle)
        self._where: dict[tuple[str, str], tuple[str, int]] = {}
        self._lock = threading.Lock()
        self._pages: dict[str, list[CodeArticle]] = {}
        for name, page in iter_pages(self.bundle):
            for i, art in enumerate(read_page(page)):
                src = art.source
                if src is not None:
                    self._where.setdefault((number_key(src[0]), src[1].lower()), (name, i))

    def __len__(self) -> int:
        return len(self._where)

    def find(self, number: str, article: str) -> CodeArticle | None:
        """Return the Code of Law article codifying Điều `article` of a document, or None."""
        spot = self._where.get((number_key(number), article.lower()))
        if spot is None:
            return None
        name, i = spot
        with self._lock:
            if name not in self._pages:
                if len(self._pages) >= _PAGES_KEPT:
                    self._pages.pop(next(iter(self._pages)))
                self._pages[name] = read_page(_read_one(self.bundle, name))
            return self._pages[name][i]


_PAGES_KEPT = 8


def _read_one(bundle: Path, name: str) -> str:
    """Return one page's HTML from the export (zip or folder)."""
    if bundle.is_dir():
        return (bundle / "demuc" / name).read_text(encoding="utf-8-sig", errors="replace")
    with zipfile.ZipFile(bundle) as zf:
        return zf.read(name).decode("utf-8-sig", errors="replace")


__all__ = ["CodeArticle", "CodifiedIndex", "iter_pages", "read_page"]
