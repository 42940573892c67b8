"""The issues register's pages and JSON API: the HTTP edge of the `register` package.

`blueprint()` returns one blueprint holding the pages (`/kien-nghi`, `/khao-sat`) and the JSON
API (`/api/issues...`); the app factory registers it.  It also gives templates
`register_linked_issues(key)`, used by the article page's "issues linked to this provision"
panel.
"""

from __future__ import annotations

from flask import Blueprint, g

from web.register import api, surveys, views
from web.register.service import linked_issues


def blueprint() -> Blueprint:
    """Return a new blueprint with the register's pages, survey import and JSON API."""
    bp = Blueprint("register", __name__)
    for child in (views.bp, surveys.bp, api.bp):
        bp.register_blueprint(child)
    bp.app_context_processor(lambda: {"register_linked_issues": linked_issues_for_template})
    return bp


def linked_issues_for_template(key: str) -> list:
    """Return (issue, link) pairs linked to a provision, for signed-in users only."""
    if not key or g.get("user") is None:
        return []
    return linked_issues(key)
