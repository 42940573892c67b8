"""Records -> index; query -> hits, behind one typed seam.

    kb = open_knowledge_base(home)              # backend "whoosh" (the only one so far)
    kb.add(docs); kb.remove(doc_id); kb.rebuild(docs)
    kb.search("bán hàng trên vỉa hè", filters=Filters(doc_type="nghi-dinh")) -> SearchResult
    kb.document(doc_id), kb.documents(), kb.provision(key), kb.find_document("nđ 32/2024")

Everything outside `search/` uses `KnowledgeBase` (the protocol below) and the records of
`search.hits`; the engine behind it lives in a backend subpackage (`search/whoosh/`), the
only code that imports Whoosh.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Protocol

from ingest.models import Document, Provision
from search.hits import Filters, Hit, SearchResult, hit_to_json

__all__ = ["BACKENDS", "Filters", "Hit", "KnowledgeBase", "SearchResult", "hit_to_json",
           "open_knowledge_base"]

BACKENDS = ("whoosh",)


class KnowledgeBase(Protocol):
    """The documents and their search index under one data folder."""

    home: Path

    def search(self, query: str, *, filters: Filters | None = None, page: int = 1,
               per_page: int = 10, emphasis: tuple[tuple[str, float], ...] = ()
               ) -> SearchResult:
        """Return one page of hits for a query, best first, with facets and a message;
        `emphasis` adds texts whose words count `weight` times more (an issue's title)."""

    def document(self, doc_id: str) -> Document | None:
        """Return a document by id or number, or None."""

    def documents(self) -> list[Document]:
        """Return every document, sorted by (type, number)."""

    def provision(self, key: str) -> tuple[Document, Provision] | None:
        """Return (document, provision) of a provision key, or None."""

    def find_document(self, number_text: str) -> Document | None:
        """Return the document a number names in any spelling ('nđ 32/2024'), or None."""

    def original_file(self, doc: Document) -> Path | None:
        """Return the file the document was ingested from, as kept, or None."""

    def stats(self) -> dict:
        """Return counts and dates: documents, articles, annexes, entries, last_ingest."""

    def stamp(self) -> object:
        """Return what changes whenever any process writes this knowledge base."""

    def add(self, docs: Iterable[Document]) -> None:
        """Add documents, replacing any with the same id or number."""

    def remove(self, doc_id: str) -> bool:
        """Remove a document; return False if it was not there."""

    def rebuild(self, docs: Iterable[Document]) -> None:
        """Replace the whole knowledge base by exactly these documents, atomically."""

    def refresh_statuses(self, today: date | None = None) -> bool:
        """Recompute stored validity statuses unless done today; return True if it ran."""

    def tidy(self) -> int:
        """Remove what an interrupted write left behind; return how many items were removed."""

    def close(self) -> None:
        """Release open files (the knowledge base reopens them when used again)."""


class UnknownBackend(ValueError):
    """A search backend name that phapquy does not have."""


def open_knowledge_base(home: Path, backend: str = "whoosh",
                        build_cores: int = 1) -> KnowledgeBase:
    """Return the knowledge base stored in `home` (created empty when absent); a fresh
    build of a large index uses up to `build_cores` processes."""
    if backend == "whoosh":
        from search.whoosh.engine import WhooshKnowledgeBase

        return WhooshKnowledgeBase(Path(home), build_cores)
    raise UnknownBackend(f"không có bộ máy tìm kiếm '{backend}'; có: {', '.join(BACKENDS)}")
