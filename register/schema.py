"""The issues register's tables (migrations 200-299, forward only: append, never edit).

Surveys hold the report an issue came from; issues carry a version for optimistic
concurrency and a folded copy of their text for accent-insensitive search (an FTS5 table
when SQLite has it, else LIKE over the folded column); links point to provisions by their
stable key and keep a snapshot of what was cited, so a provision that disappears from a new
version of its document is still shown.
"""

from __future__ import annotations

import sqlite3

STATUSES = ("moi", "dang_xu_ly", "da_tra_loi", "chuyen_co_quan")

TABLES = """
CREATE TABLE surveys (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    held_on TEXT NOT NULL DEFAULT '',
    team TEXT NOT NULL DEFAULT '',
    localities TEXT NOT NULL DEFAULT '',
    report_text TEXT NOT NULL DEFAULT '',
    source_file TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE TABLE issues (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    locality TEXT NOT NULL DEFAULT '',
    raised_by TEXT NOT NULL DEFAULT '',
    survey_id INTEGER REFERENCES surveys(id) ON DELETE SET NULL,
    source TEXT NOT NULL DEFAULT '',
    field TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'moi'
        CHECK (status IN ('moi', 'dang_xu_ly', 'da_tra_loi', 'chuyen_co_quan')),
    answer TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    folded TEXT NOT NULL DEFAULT ''
);
CREATE INDEX issues_survey ON issues(survey_id);
CREATE INDEX issues_status ON issues(status);
CREATE TABLE issue_audit (
    id INTEGER PRIMARY KEY,
    issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    actor TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    field TEXT NOT NULL DEFAULT '',
    old_value TEXT,
    new_value TEXT,
    at TEXT NOT NULL
);
CREATE INDEX issue_audit_issue ON issue_audit(issue_id);
CREATE TABLE issue_links (
    id INTEGER PRIMARY KEY,
    issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    provision_key TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    linked_by TEXT NOT NULL DEFAULT '',
    linked_at TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    citation TEXT NOT NULL DEFAULT '',
    heading TEXT NOT NULL DEFAULT '',
    excerpt TEXT NOT NULL DEFAULT '',
    validity TEXT NOT NULL DEFAULT '',
    UNIQUE (issue_id, provision_key)
);
CREATE INDEX issue_links_key ON issue_links(provision_key);
"""

FTS_TABLE = "CREATE VIRTUAL TABLE issue_fts USING fts5(body, tokenize = 'unicode61');"
PLAIN_TABLE = "CREATE TABLE issue_fts (rowid INTEGER PRIMARY KEY, body TEXT NOT NULL);"


def fts5_available() -> bool:
    """Return True when this SQLite build has the FTS5 extension."""
    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(a)")
    except sqlite3.OperationalError:
        return False
    return True


MIGRATIONS: list[tuple[int, str]] = [
    (200, TABLES),
    (201, FTS_TABLE if fts5_available() else PLAIN_TABLE),
    (202, """
CREATE TABLE letter_heads (
    user_id INTEGER PRIMARY KEY,
    data TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""),
]


def uses_fts(conn: sqlite3.Connection) -> bool:
    """Return True when this database's issue_fts is an FTS5 table (else LIKE search)."""
    row = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'issue_fts'").fetchone()
    return bool(row) and "fts5" in (row[0] or "").lower()
