"""Monitoring: GET /healthz."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from web.db import get_db
from web.knowledge import kb

bp = Blueprint("health", __name__)


@bp.route("/healthz")
def healthz() -> Any:
    """Return {"status": "ok", "documents": n} when the index and the database answer."""
    get_db().execute("SELECT 1").fetchone()
    return jsonify({"status": "ok", "documents": int(kb().stats().get("documents", 0))})
