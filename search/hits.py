"""What a search returns, whatever the engine: filters in, hits and result pages out."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Filters:
    """Search filters; each None means 'any'.  Types and issuers by name or slug."""

    doc_type: str | None = None
    issuer: str | None = None
    year: int | None = None
    status: str | None = None


@dataclass(frozen=True)
class FilterSpec:
    """One search filter, everywhere it appears: query syntax, URL, page, index, facet."""

    name: str  # the Filters attribute and the result.facets key
    param: str  # URL parameter and query syntax ("loai:thong-tu")
    aliases: tuple[str, ...]  # other query-syntax names ("type:thong-tu")
    label: str  # the facet's heading on the search page
    index_field: str  # the keyword field filtered and counted


# The one declaration of the search filters.
FILTERS = (
    FilterSpec("doc_type", "loai", ("type",), "Loại văn bản", "type_slug"),
    FilterSpec("issuer", "coquan", ("issuer",), "Cơ quan ban hành", "issuer_slug"),
    FilterSpec("year", "nam", ("year",), "Năm ban hành", "year"),
    FilterSpec("status", "hieuluc", ("status",), "Hiệu lực", "status"),
)


JSON_KEYS = ("doc_id", "doc_number", "doc_title", "doc_type", "article", "heading", "key",
             "score", "snippet", "url")


@dataclass(frozen=True)
class Hit:
    """One search result: an article, an annex, or a document as a whole."""

    doc_id: str
    doc_number: str
    doc_title: str
    doc_type: str
    issuer: str
    article: str | None  # "12", "5a"; None for an annex or a whole document
    heading: str
    key: str  # provision key (a clause's when the query named one) or document ref
    path: str
    breadcrumb: str  # "Chương II > Mục 1 > Điều 8"
    score: float
    snippet: str  # HTML: escaped text with <mark> highlights
    url: str
    status: str  # validity code (law.validity.STATUSES)
    kind: str = "article"  # article | annex | document
    anchor: str | None = None  # path of the clause or point that matched best


@dataclass(frozen=True)
class SearchResult:
    """One page of results."""

    query: str
    total: int
    hits: tuple[Hit, ...]
    page: int = 1
    per_page: int = 10
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    message: str | None = None
    suggestions: tuple[str, ...] = ()
    target: Hit | None = None


def hit_to_json(hit: Hit) -> dict:
    """Return the CLI/JSON form of a hit: exactly the keys of the CLI contract."""
    d = asdict(hit)
    out = {k: d[k] for k in JSON_KEYS}
    out["score"] = round(float(out["score"]), 4)
    return out
