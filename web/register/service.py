"""What the register's pages and API share: the request's database, user, links and exports."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from flask import Response, g

from register import store
from register.export import ExportItem, LetterHead, export_csv, export_docx
from register.links import LinkView, needs_review, resolve_key, snapshot, view_link
from register.records import Issue, Link
from web.db import get_db
from web.knowledge import kb, library

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def actor() -> str:
    """Return the name of the user making this request ('' when anonymous)."""
    user = g.get("user")
    return user.name if user is not None else ""


def status_fn(key: str) -> dict | None:
    """Return the validity of a provision key now, or None when validity is not known."""
    return library().status(key)


def amendments_fn(key: str) -> list:
    """Return the amending provisions in force for a key ([] when not known)."""
    return library().amendments(key)


def link_views(issue_id: int) -> list[LinkView]:
    """Return an issue's links resolved against the knowledge base now."""
    return [view_link(link, kb(), status_fn, amendments_fn)
            for link in store.links_of(get_db(), issue_id)]


def review_flags(issues: list[Issue]) -> set[int]:
    """Return the ids of the issues with a link to review (provision amended, repealed ...)."""
    grouped = store.links_by_issue(get_db(), [i.id for i in issues])
    statuses: dict[str, dict | None] = {}
    flagged = set()
    for issue_id, links in grouped.items():
        for link in links:
            if link.provision_key not in statuses:
                statuses[link.provision_key] = status_fn(link.provision_key)
            if needs_review(link, statuses[link.provision_key]):
                flagged.add(issue_id)
    return flagged


def add_link(issue_id: int, *, key: str = "", doc_number: str = "", article: str = "",
             note: str = "", clause: str = "", point: str = "") -> Link:
    """Link an issue to a provision (by key, or document number + article, clause, point);
    return the link."""
    resolved = resolve_key(kb(), key, doc_number, article, absent=library().graph().absent,
                           clause=clause, point=point)
    return store.add_link(get_db(), issue_id, resolved, note=note, actor=actor(),
                          snapshot=snapshot(kb(), resolved, status_fn))


def linked_issues(key: str) -> list[tuple[Issue, Link]]:
    """Return the issues linked to a provision or a part of it (for the article page)."""
    return store.issues_linked_to(get_db(), key) if key else []


def export_items(issues: list[Issue]) -> list[ExportItem]:
    """Return the export items of issues: each with its citations and survey name."""
    conn = get_db()
    names = {s.id: s.name for s, _n in store.list_surveys(conn)}
    items = []
    for issue in issues:
        views = link_views(issue.id)
        items.append(ExportItem(
            issue, [v.citation if v.present else f"{v.citation} ({v.message})" for v in views],
            [v.link.note for v in views], names.get(issue.survey_id, "")))
    return items


def download(data: bytes, filename: str, mimetype: str) -> Response:
    """Return a file download response."""
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def letter_head() -> LetterHead:
    """Return the letterhead the current user last used, dated today."""
    user = g.get("user")
    saved = store.letter_head(get_db(), user.id) if user is not None else {}
    return replace(LetterHead.from_dict(saved), issued=date.today())


def remember_letter_head(head: LetterHead) -> None:
    """Keep the current user's letterhead for the next export."""
    user = g.get("user")
    if user is not None:
        store.save_letter_head(get_db(), user.id, head.to_dict())


def docx_download(issues: list[Issue], filename: str, subtitle: str = "",
                  head: LetterHead | None = None) -> Response:
    """Return the official letter answering these issues as a download."""
    data = export_docx(export_items(issues), head=head or letter_head(), subtitle=subtitle)
    return download(data, filename, DOCX_TYPE)


def csv_download(issues: list[Issue], filename: str) -> Response:
    """Return these issues as a CSV download (UTF-8 with BOM)."""
    return download(export_csv(export_items(issues)), filename, "text/csv")


def issue_payload(issue: Issue) -> dict[str, Any]:
    """Return an issue with its resolved links, as the API returns it."""
    return {**issue.to_dict(), "links": [v.to_dict() for v in link_views(issue.id)]}
