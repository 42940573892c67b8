"""User accounts with roles, hashed passwords and hashed API tokens (SQLite, no Flask).

Roles are ordered viewer < editor < admin; a role check asks "at least this role".
Passwords are hashed with werkzeug; an API token is shown once and stored as its SHA-256.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import sqlite3
from dataclasses import dataclass

from werkzeug.security import check_password_hash, generate_password_hash

ROLES = ("viewer", "editor", "admin")
ROLE_LABELS = {"viewer": "Người xem", "editor": "Biên tập viên", "admin": "Quản trị"}
TOKEN_PREFIX = "pq_"
NAME_RE = re.compile(r"^[\w.@-]{1,64}$")
MIN_PASSWORD = 8

MIGRATIONS: list[tuple[int, str]] = [
    (100, """
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    last_used_at TEXT
);
"""),
    (101, """
ALTER TABLE users ADD COLUMN session_generation INTEGER NOT NULL DEFAULT 0;
CREATE TABLE login_failures (
    key TEXT PRIMARY KEY,
    count INTEGER NOT NULL,
    first_at REAL NOT NULL
);
"""),
]
# Failed logins allowed per account and per address within LOCK_WINDOW_S, then a lock-out
# until the window ends.
MAX_FAILURES_PER_NAME = 5
MAX_FAILURES_PER_ADDRESS = 20
LOCK_WINDOW_S = 15 * 60
# Checked when the name is unknown, so that a wrong name costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("phapquy-dummy-password")


class AccountError(ValueError):
    """An account operation was refused; str() is a Vietnamese message for the user."""


@dataclass(frozen=True)
class User:
    """An account as the app sees it (never carries the password hash)."""

    id: int
    name: str
    role: str
    generation: int = 0  # bumped on logout: sessions of an older generation are void

    def can(self, role: str) -> bool:
        """Return True when this user has at least `role`."""
        return has_role(self.role, role)

    @property
    def role_label(self) -> str:
        """Return the role's Vietnamese name."""
        return ROLE_LABELS.get(self.role, self.role)


def has_role(actual: str, needed: str) -> bool:
    """Return True when role `actual` is at least role `needed`."""
    if actual not in ROLES or needed not in ROLES:
        return False
    return ROLES.index(actual) >= ROLES.index(needed)


def _user(row: sqlite3.Row | None) -> User | None:
    return User(row["id"], row["name"], row["role"], row["session_generation"]) if row else None


def validate(name: str, role: str, password: str) -> None:
    """Raise AccountError when a name, role or password is not acceptable."""
    if not NAME_RE.match(name or ""):
        raise AccountError("tên tài khoản chỉ gồm chữ, số và . _ @ - (tối đa 64 ký tự)")
    if role not in ROLES:
        raise AccountError(f"vai trò phải là một trong: {', '.join(ROLES)}")
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(f"mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự")


def add_user(conn: sqlite3.Connection, name: str, role: str, password: str) -> User:
    """Create an account and return it; AccountError if invalid or the name is taken."""
    validate(name, role, password)
    try:
        cur = conn.execute(
            "INSERT INTO users (name, role, password_hash) VALUES (?, ?, ?)",
            (name, role, generate_password_hash(password)),
        )
    except sqlite3.IntegrityError as exc:
        raise AccountError(f"tài khoản '{name}' đã tồn tại") from exc
    return User(cur.lastrowid, name, role)


def get_user(conn: sqlite3.Connection, user_id: int) -> User | None:
    """Return the account with this id, or None."""
    return _user(conn.execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone())


def get_user_by_name(conn: sqlite3.Connection, name: str) -> User | None:
    """Return the account with this name (case-insensitive), or None."""
    return _user(conn.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchone())


def list_users(conn: sqlite3.Connection) -> list[User]:
    """Return every account, by name."""
    return [User(r["id"], r["name"], r["role"])
            for r in conn.execute("SELECT * FROM users ORDER BY name")]


def authenticate(conn: sqlite3.Connection, name: str, password: str) -> User | None:
    """Return the account when name and password match, else None."""
    row = conn.execute("SELECT * FROM users WHERE name = ?", (name or "",)).fetchone()
    stored = row["password_hash"] if row is not None else _DUMMY_HASH
    if not check_password_hash(stored, password or "") or row is None:
        return None
    return _user(row)


def end_sessions(conn: sqlite3.Connection, user_id: int) -> None:
    """Void every login session of an account (logout, password change)."""
    conn.execute("UPDATE users SET session_generation = session_generation + 1 WHERE id = ?",
                 (user_id,))


def locked_for(conn: sqlite3.Connection, keys: dict[str, int], now: float) -> int:
    """Return the seconds a login must wait (0: allowed); keys maps a key to its limit."""
    wait = 0
    for key, limit in keys.items():
        row = conn.execute("SELECT count, first_at FROM login_failures WHERE key = ?",
                           (key,)).fetchone()
        if row is not None and now - row["first_at"] < LOCK_WINDOW_S and row["count"] >= limit:
            wait = max(wait, int(LOCK_WINDOW_S - (now - row["first_at"])) + 1)
    return wait


def note_failure(conn: sqlite3.Connection, keys: list[str], now: float) -> None:
    """Count a failed login against each key (a new window once the old one has passed)."""
    for key in keys:
        conn.execute(
            "INSERT INTO login_failures (key, count, first_at) VALUES (?, 1, ?) "
            "ON CONFLICT(key) DO UPDATE SET "
            "count = CASE WHEN ? - first_at >= ? THEN 1 ELSE count + 1 END, "
            "first_at = CASE WHEN ? - first_at >= ? THEN ? ELSE first_at END",
            (key, now, now, LOCK_WINDOW_S, now, LOCK_WINDOW_S, now))


def clear_failures(conn: sqlite3.Connection, key: str) -> None:
    """Forget the failed logins of a key (after a successful login)."""
    conn.execute("DELETE FROM login_failures WHERE key = ?", (key,))


def token_hash(token: str) -> str:
    """Return the stored form of an API token: its SHA-256 in hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(conn: sqlite3.Connection, name: str) -> str:
    """Create a new API token for an account and return it (only its hash is stored)."""
    user = get_user_by_name(conn, name)
    if user is None:
        raise AccountError(f"không có tài khoản '{name}'")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    conn.execute("INSERT INTO api_tokens (user_id, token_hash) VALUES (?, ?)",
                 (user.id, token_hash(token)))
    return token


def user_for_token(conn: sqlite3.Connection, token: str) -> User | None:
    """Return the account an API token belongs to, or None for an unknown token."""
    if not token:
        return None
    digest = token_hash(token)
    row = conn.execute(
        "SELECT users.* FROM api_tokens JOIN users ON users.id = api_tokens.user_id "
        "WHERE api_tokens.token_hash = ?", (digest,)).fetchone()
    if row is not None:
        conn.execute("UPDATE api_tokens SET last_used_at = CURRENT_TIMESTAMP "
                     "WHERE token_hash = ?", (digest,))
    return _user(row)


def revoke_tokens(conn: sqlite3.Connection, name: str) -> int:
    """Delete every API token of an account; return how many were deleted."""
    user = get_user_by_name(conn, name)
    if user is None:
        raise AccountError(f"không có tài khoản '{name}'")
    return conn.execute("DELETE FROM api_tokens WHERE user_id = ?", (user.id,)).rowcount
