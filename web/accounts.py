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
]


class AccountError(ValueError):
    """An account operation was refused; str() is a Vietnamese message for the user."""


@dataclass(frozen=True)
class User:
    """An account as the app sees it (never carries the password hash)."""

    id: int
    name: str
    role: str

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
    return User(row["id"], row["name"], row["role"]) if row else None


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
    if row is None or not check_password_hash(row["password_hash"], password or ""):
        return None
    return _user(row)


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
