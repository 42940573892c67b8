"""The issues register (kiến nghị): surveys, issues, links to provisions, exports, API.

Importing the package registers its database migrations (200-299).  `bp` is one blueprint
holding the pages (`/kien-nghi`, `/khao-sat`) and the JSON API (`/api/issues...`); the app
factory registers it.  It also gives templates `register_linked_issues(key)`, used by the
article page's "issues linked to this provision" panel.  The blueprint is built on first
access, so the CLI's `backup`/`restore` do not import Flask views or python-docx.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from web.register import schema  # noqa: F401  (registers the migrations)


@cache
def blueprint() -> Any:
    """Return the register's blueprint: pages, survey import and JSON API."""
    from flask import Blueprint

    from web.register import api, surveys, views

    bp = Blueprint("register", __name__)
    for child in (views.bp, surveys.bp, api.bp):
        bp.register_blueprint(child)
    bp.app_context_processor(lambda: {"register_linked_issues": linked_issues_for_template})
    return bp


def linked_issues_for_template(key: str) -> list:
    """Return (issue, link) pairs linked to a provision, for signed-in users only."""
    from flask import g

    from web.register.service import linked_issues

    if not key or g.get("user") is None:
        return []
    return linked_issues(key)


def __getattr__(name: str) -> Any:
    if name == "bp":
        return blueprint()
    raise AttributeError(f"module 'web.register' has no attribute {name!r}")
