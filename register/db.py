"""The SQLite database in the data folder: connections, transactions, forward-only migrations.

Each module that owns tables declares its migrations as a `MIGRATIONS` list in its own range
of version numbers (accounts 100-199, issues register 200-299, ...).  The app factory and the
CLI pass them explicitly: `open_database(path, migrations)` applies, in version order, every
migration the database has not seen yet and records it in `schema_migrations`; migrations are
never edited once released, only appended.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

Migration = tuple[int, str]  # (version, SQL script)


class MigrationError(RuntimeError):
    """Two migrations share a version number."""


def combine(*groups: Iterable[Migration]) -> list[Migration]:
    """Return the migrations of every group sorted by version (a version reused: error)."""
    known: dict[int, str] = {}
    for version, script in (m for group in groups for m in group):
        if known.get(version, script) != script:
            raise MigrationError(f"migration {version} đã được đăng ký với nội dung khác")
        known[version] = script
    return sorted(known.items())


def connect(path: Path | str) -> sqlite3.Connection:
    """Return a connection with WAL, foreign keys, a busy timeout and rows as sqlite3.Row."""
    conn = sqlite3.connect(str(path), timeout=10, isolation_level=None,
                           check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=10000")
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Yield the connection inside BEGIN IMMEDIATE ... COMMIT (ROLLBACK on any error)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def applied_versions(conn: sqlite3.Connection) -> set[int]:
    """Return the versions of the migrations already applied to this database."""
    conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                 "version INTEGER PRIMARY KEY, applied_at TEXT DEFAULT CURRENT_TIMESTAMP)")
    return {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}


def migrate(conn: sqlite3.Connection, migrations: Iterable[Migration]) -> list[int]:
    """Apply every given migration not yet applied; return the versions applied now."""
    done = applied_versions(conn)
    applied = []
    for version, script in combine(migrations):
        if version not in done and _apply(conn, version, script):
            applied.append(version)
    return applied


def _apply(conn: sqlite3.Connection, version: int, script: str) -> bool:
    """Apply one migration unless another process just did; return True if applied here."""
    with transaction(conn):
        seen = "SELECT 1 FROM schema_migrations WHERE version = ?"
        if conn.execute(seen, (version,)).fetchone():
            return False
        for statement in _statements(script):
            conn.execute(statement)
        conn.execute("INSERT INTO schema_migrations (version) VALUES (?)", (version,))
    return True


def _statements(script: str) -> list[str]:
    """Return the complete SQL statements of a script (so they run inside one transaction)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return [s for s in out if s.strip(" ;\n")]


def open_database(path: Path | str, migrations: Iterable[Migration]) -> sqlite3.Connection:
    """Return a connection to the database at path, created (mode 0600: it holds password
    and token hashes) and migrated as needed."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))  # SQLite's -wal/-shm follow it
    conn = connect(path)
    migrate(conn, migrations)
    return conn
