"""HTML -> text: the document body only, one block element per line, tables as rows.

Scripts, styles, navigation, page headers/footers, menus and forms are dropped; when the page
has a <main>/<article> (or a content container) holding most of the text, only that is read.
Tables go through `ingest.tables.render_table` like the Word formats.  The charset comes from
the byte-order mark, the <meta> declaration, else UTF-8, else Windows-1258/1252.
"""

from __future__ import annotations

import re
import warnings

from bs4 import BeautifulSoup, Comment, NavigableString, Tag, XMLParsedAsHTMLWarning

from .plaintext import decode_bytes
from .tables import render_table

_DROP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside",
              "form", "button", "select", "iframe", "svg", "canvas", "object", "embed", "menu",
              "head", "title", "meta", "link")
_DROP_ROLES = {"navigation", "banner", "contentinfo", "menu", "menubar", "search", "complementary"}
_DROP_NAMES = re.compile(
    r"(^|[-_\s])(nav|navbar|menu|breadcrumbs?|sidebar|footer|header|banner|cookies?|share|"
    r"social|comments?|related|advert|ads|toolbar|pagination)($|[-_\s])",
    re.IGNORECASE,
)
_BLOCKS = {"p", "div", "section", "article", "main", "body", "h1", "h2", "h3", "h4", "h5", "h6",
           "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "address", "center",
           "figure", "figcaption", "hr", "tr", "caption", "fieldset", "details", "summary"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.I)


def html_text(data: bytes) -> tuple[str, str]:
    """Return (text, charset used) of an HTML page's document body."""
    declared = _declared_charset(data[:4096])
    markup, charset = decode_bytes(data, declared)
    with warnings.catch_warnings():  # XHTML exported by LibreOffice parses fine as HTML
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(markup, "lxml")
    root = soup.body or soup
    _strip_chrome(root)
    lines: list[str] = []
    _Walker(lines).block(_content_root(root))
    return "\n".join(lines), charset


def _declared_charset(head: bytes) -> str | None:
    """Return the charset named by <meta charset>, http-equiv or the XML declaration."""
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii") if match else None


def _strip_chrome(root: Tag) -> None:
    """Remove scripts, styles, navigation, menus, page headers/footers and comments."""
    for comment in root.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in root.find_all(_DROP_TAGS):
        tag.decompose()
    total = len(root.get_text(" ", strip=True))
    for tag in root.find_all(_CONTAINERS):  # (Tag.decomposed is slow: it searches the tree)
        if _is_chrome(tag) and len(tag.get_text(" ", strip=True)) < 0.3 * total:
            tag.extract()  # never the document itself


_CONTAINERS = ("div", "section", "ul", "ol", "table", "span", "p")


def _is_chrome(tag: Tag) -> bool:
    """Return True for elements whose role, id or class marks them as page furniture."""
    if tag.get("role") in _DROP_ROLES or tag.get("aria-hidden") == "true":
        return True
    if tag.name == "p":  # word processors name paragraph styles "Header"/"Footer"
        return False
    names = " ".join([tag.get("id") or "", *(tag.get("class") or [])])
    return bool(names.strip()) and _DROP_NAMES.search(names) is not None


def _content_root(root: Tag) -> Tag:
    """Return <main>/<article> when it holds most of the page's text, else root."""
    total = len(root.get_text(" ", strip=True)) or 1
    for candidate in root.find_all(["main", "article"]):
        if len(candidate.get_text(" ", strip=True)) >= 0.5 * total:
            return candidate
    return root


class _Walker:
    """Turns an element tree into lines: blocks break lines, inline text flows."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.current: list[str] = []

    def flush(self) -> None:
        """End the current line."""
        text = "".join(self.current).strip()
        if text:
            self.lines.append(text)
        self.current = []

    def block(self, el: Tag) -> None:
        """Walk el's children, breaking lines around block elements."""
        for child in el.children:
            if isinstance(child, NavigableString):
                self.current.append(re.sub(r"\s+", " ", str(child)))
            elif isinstance(child, Tag):
                self.element(child)
        self.flush()

    def element(self, el: Tag) -> None:
        """Add one element: a table, a line break, a block or inline content."""
        if el.name == "table":
            self.flush()
            self.lines.extend(render_table(_table_rows(el)))
        elif el.name == "br":
            self.flush()
        elif el.name == "pre":
            self.flush()
            self.lines.extend(el.get_text().split("\n"))
        elif el.name in _BLOCKS:
            self.flush()
            self.block(el)
        else:
            for child in el.children:
                if isinstance(child, NavigableString):
                    self.current.append(re.sub(r"\s+", " ", str(child)))
                elif isinstance(child, Tag):
                    self.element(child)


def _table_rows(table: Tag) -> list[list[list[str]]]:
    """Return a table's rows of cells of lines (nested tables stay inside their cell)."""
    rows = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue
        cells = []
        for cell in tr.find_all(["td", "th"], recursive=False):
            lines: list[str] = []
            _Walker(lines).block(cell)
            cells.append(lines)
        rows.append(cells)
    return rows
