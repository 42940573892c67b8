"""The request's connection to the app's SQLite database (register.db does the rest)."""

from __future__ import annotations

import sqlite3

from flask import current_app, g

from register.db import connect


def get_db() -> sqlite3.Connection:
    """Return this request's connection to the app's database (opened on first use)."""
    if "db" not in g:
        g.db = connect(current_app.config["DATABASE"])
    return g.db


def close_db(_exc: BaseException | None = None) -> None:
    """Close this request's connection, if one was opened."""
    conn = g.pop("db", None)
    if conn is not None:
        conn.close()
