"""URL paths of documents and provisions, shared by the CLI's JSON and the web app."""

from __future__ import annotations

from urllib.parse import quote


def document_url(doc_id: str) -> str:
    """Return the path of a document's page, e.g. '/van-ban/32-2024-nd-cp'."""
    return f"/van-ban/{quote(doc_id)}"


def provision_url(doc_id: str, path: str) -> str:
    """Return the permalink path of a provision, e.g. '/van-ban/168-2024-nd-cp/dieu-12'."""
    if not path:
        return document_url(doc_id)
    return f"{document_url(doc_id)}/{quote(path)}"
