"""Bulk article corpora in JSON (ALQAC, Zalo legal): one Document per law, named by its id.

Shape: `[{"id"|"law_id": name, "articles": [{"id"|"article_id": "12", "text": ...,
"title"?: ...}]}]`. The name is the document's identity: its number and, slugified, its id.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from .doctypes import TYPES
from .errors import CorruptFile, EmptyDocument, TooLarge, from_os_error
from .ids import slugify
from .models import Document, Provision, SourceFile
from .patterns import match_clause, match_point
from .report import counts, numbering_warnings
from .structure import parse_article

_PASSED_BY_ASSEMBLY = ("Luật", "Bộ luật", "Hiến pháp", "Nghị quyết")
_MAX_HEADING = 200


def guess_type(name: str) -> str | None:
    """Return the document type a law's name starts with: 'Bộ luật dân sự' -> 'Bộ luật'."""
    low = name.lower()
    for doc_type in sorted(TYPES, key=len, reverse=True):
        if low.startswith(doc_type.lower()):
            return doc_type
    return None


def split_heading(text: str) -> tuple[str, list[str]]:
    """Return (heading, text lines): the first line is a heading if it reads like a title."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        return "", lines
    first = lines[0]
    looks_title = (len(first) <= _MAX_HEADING and not first.endswith((".", ";", ":", ","))
                   and not match_clause(first) and not match_point(first))
    return (first, lines[1:]) if looks_title else ("", lines)


def _article(item: Any, ref: str, used: set[str], warnings: list[str]) -> Provision | None:
    if not isinstance(item, dict):
        return None
    number = item.get("id", item.get("article_id"))
    text = item.get("text")
    if number is None or not isinstance(text, str):
        return None
    text = unicodedata.normalize("NFC", text)
    heading, lines = split_heading(text)
    title = item.get("title")
    if isinstance(title, str) and title.strip():
        heading = unicodedata.normalize("NFC", title.strip())
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    number = re.sub(r"^(?:Điều|điều)\s+", "", str(number)).strip()
    return parse_article(number, heading, lines, ref, used, warnings)


def law_document(law: dict[str, Any], source: SourceFile | None) -> Document | None:
    """Return one law of a bulk corpus as a Document (None if it has no name or articles)."""
    name = law.get("id", law.get("law_id"))
    items = law.get("articles")
    if name is None or not isinstance(items, list):
        return None
    name = unicodedata.normalize("NFC", " ".join(str(name).split()))
    used: set[str] = set()
    parse_warnings: list[str] = []
    articles = tuple(a for a in (_article(i, name, used, parse_warnings) for i in items) if a)
    doc_type = guess_type(name)
    warnings = [*parse_warnings, *numbering_warnings(articles)]
    if len(articles) < len(items):
        warnings.insert(0, f"Bỏ qua {len(items) - len(articles)} điều thiếu số hoặc nội dung")
    sources = (("number", "bulk"),) + ((("doc_type", "number"),) if doc_type else ())
    return Document(
        doc_id=slugify(name), number=name, doc_type=doc_type, title=name,
        issuer="Quốc hội" if doc_type in _PASSED_BY_ASSEMBLY else None,
        body=articles, source=source, warnings=tuple(warnings),
        report=counts(articles, ()), meta_sources=sources,
    )


def documents_from_bulk(data: Any, source: SourceFile | None, path: str = "") -> list[Document]:
    """Return the Documents of a parsed bulk corpus; CorruptFile if the shape is wrong."""
    laws = data if isinstance(data, list) else [data] if isinstance(data, dict) else None
    if laws is None:
        raise CorruptFile(path, "JSON không có dạng danh sách văn bản [{id, articles}]")
    docs = [d for d in (law_document(x, source) for x in laws if isinstance(x, dict)) if d]
    if not docs:
        raise CorruptFile(path, "JSON không có văn bản nào dạng {id, articles: [{id, text}]}")
    return docs


def load_bulk(path: Path, *, max_bytes: int) -> list[Document]:
    """Return the Documents of a bulk JSON file; IngestError subclasses on failure."""
    try:
        size = path.stat().st_size
        TooLarge.check(path, size, max_bytes)
        if size == 0:
            raise EmptyDocument(path, "tệp 0 byte")
        data = json.loads(path.read_bytes())
    except OSError as exc:
        raise from_os_error(path, exc) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorruptFile(path, f"JSON không hợp lệ: {exc}") from exc
    return documents_from_bulk(data, SourceFile(path=str(path), format="json"), str(path))
