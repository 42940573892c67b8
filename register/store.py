"""Data access for the issues register: functions over an explicit sqlite3 connection.

Every write runs in one transaction and leaves an audit entry.  An update names the version
it was made from; when someone else saved in between, `Conflict` carries the current issue
(last write never silently wins).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from ingest.ids import ascii_fold
from register import db
from register.records import (
    EDITABLE,
    FIELD_LABELS,
    SEARCHED,
    STATUS_LABELS,
    AuditEntry,
    Issue,
    Link,
    Survey,
)
from register.schema import uses_fts

MAX_TITLE = 500
MAX_TEXT = 20_000  # description, answer and the other text fields, in characters
MAX_ID_DIGITS = 18  # ids fit SQLite's 64-bit integers
ISSUE_DEFAULTS = {"description": "", "locality": "", "raised_by": "", "survey_id": None,
                  "source": "", "field": "", "status": "moi", "answer": ""}
# Register search reads at most this much of what is typed: a bounded query whatever is sent.
MAX_SEARCH_CHARS = 200
MAX_SEARCH_WORDS = 12
MAX_PLACE_NAMES = 40  # names of one place a locality filter also matches


class RegisterError(ValueError):
    """A register operation was refused; str() is a Vietnamese message for the user."""


class NotFound(RegisterError):
    """The issue, survey or link does not exist."""


class Conflict(RegisterError):
    """The issue was saved by someone else since the version the edit started from."""

    def __init__(self, current: Issue, sent_version: int) -> None:
        super().__init__(f"Kiến nghị đã được người khác sửa (phiên bản hiện tại "
                         f"{current.version}, bạn sửa từ phiên bản {sent_version}).")
        self.current = current
        self.sent_version = sent_version


@dataclass(frozen=True)
class IssueFilter:
    """What a list of issues is restricted to; None or '' means any."""

    status: str | None = None
    field: str | None = None
    locality: str | None = None
    localities: tuple[str, ...] = ()  # other names of the same place (old or new units)
    survey_id: int | None = None
    text: str | None = None
    ids: tuple[int, ...] | None = None


def now() -> str:
    """Return the current local time as an ISO string to the second, with its UTC offset."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


@contextmanager
def _tx(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Yield inside a transaction (joining the caller's one when already open)."""
    if conn.in_transaction:
        yield conn
        return
    with db.transaction(conn):
        yield conn


# --- surveys -------------------------------------------------------------------------------

def create_survey(conn: sqlite3.Connection, name: str, *, held_on: str = "", team: str = "",
                  localities: str = "", report_text: str = "", source_file: str = "",
                  actor: str = "") -> Survey:
    """Create a survey and return it."""
    if not (name or "").strip():
        raise RegisterError("Tên đợt khảo sát không được để trống.")
    with _tx(conn):
        cur = conn.execute(
            "INSERT INTO surveys (name, held_on, team, localities, report_text, source_file, "
            "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (name.strip(), held_on.strip(), team.strip(), localities.strip(), report_text,
             source_file, actor, now()))
    return get_survey(conn, cur.lastrowid)


def create_survey_with_issues(conn: sqlite3.Connection, survey: dict[str, str],
                              issues: list[dict], actor: str = "") -> Survey:
    """Create a survey and its issues in one transaction (all or none); return the survey."""
    with _tx(conn):
        made = create_survey(conn, survey.get("name", ""), held_on=survey.get("held_on", ""),
                             team=survey.get("team", ""),
                             localities=survey.get("localities", ""),
                             report_text=survey.get("report_text", ""),
                             source_file=survey.get("source_file", ""), actor=actor)
        for values in issues:
            create_issue(conn, {**values, "survey_id": made.id}, actor)
    return made


def get_survey(conn: sqlite3.Connection, survey_id: int) -> Survey | None:
    """Return the survey with this id, or None."""
    row = conn.execute("SELECT * FROM surveys WHERE id = ?", (survey_id,)).fetchone()
    return Survey.from_row(row) if row else None


def list_surveys(conn: sqlite3.Connection) -> list[tuple[Survey, int]]:
    """Return every survey (newest first) with its number of issues."""
    rows = conn.execute(
        "SELECT s.*, (SELECT COUNT(*) FROM issues i WHERE i.survey_id = s.id) AS n "
        "FROM surveys s ORDER BY s.id DESC").fetchall()
    return [(Survey.from_row(r), r["n"]) for r in rows]


# --- issues --------------------------------------------------------------------------------

def _clean(values: dict) -> dict:
    """Return issue values checked and trimmed; RegisterError when one is not acceptable."""
    out = {k: v for k, v in values.items() if k in EDITABLE}
    for key, value in out.items():
        if key != "survey_id":
            out[key] = _text_value(key, value)
    if "title" in out and not out["title"]:
        raise RegisterError("Tiêu đề kiến nghị không được để trống.")
    if "status" in out and out["status"] not in STATUS_LABELS:
        raise RegisterError("Trạng thái phải là một trong: " + ", ".join(STATUS_LABELS.values()))
    if "survey_id" in out:
        out["survey_id"] = _survey_id(out["survey_id"])
    return out


def _text_value(key: str, value: object) -> str:
    """Return a text field trimmed; RegisterError when it is not text or is too long."""
    label = FIELD_LABELS.get(key, key)
    if not isinstance(value, str):
        raise RegisterError(f"{label} phải là một chuỗi văn bản.")
    limit = MAX_TITLE if key == "title" else MAX_TEXT
    if len(value.strip()) > limit:
        raise RegisterError(f"{label} dài quá {limit} ký tự.")
    return value.strip()


def _survey_id(value: object) -> int | None:
    """Return a survey id from a form or JSON value ('' and None: no survey)."""
    if value in ("", None):
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise RegisterError("Mã đợt khảo sát phải là một số.")
    text = str(value).strip()
    if not text.isdigit() or len(text) > MAX_ID_DIGITS:
        raise RegisterError("Mã đợt khảo sát phải là một số.")
    return int(text)


def _folded(issue: dict) -> str:
    """Return the folded text of an issue's searched fields."""
    return ascii_fold(" ".join(str(issue.get(p) or "") for p in SEARCHED)).lower()


def _index(conn: sqlite3.Connection, issue_id: int, folded: str) -> None:
    """Store the folded text of an issue in the search table."""
    conn.execute("DELETE FROM issue_fts WHERE rowid = ?", (issue_id,))
    conn.execute("INSERT INTO issue_fts (rowid, body) VALUES (?, ?)", (issue_id, folded))


def _audit(conn: sqlite3.Connection, issue_id: int, actor: str, action: str, field: str = "",
           old: object = None, new: object = None) -> None:
    conn.execute(
        "INSERT INTO issue_audit (issue_id, actor, action, field, old_value, new_value, at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (issue_id, actor, action, field, None if old is None else str(old),
         None if new is None else str(new), now()))


def _check_survey(conn: sqlite3.Connection, survey_id: int | None) -> None:
    """Raise RegisterError when an issue names a survey that does not exist."""
    if survey_id is not None and get_survey(conn, survey_id) is None:
        raise RegisterError(f"Không có đợt khảo sát số {survey_id}.")


def create_issue(conn: sqlite3.Connection, values: dict, actor: str = "") -> Issue:
    """Create an issue from its values (title required) and return it."""
    data = {**ISSUE_DEFAULTS, **_clean({"title": "", **values})}
    _check_survey(conn, data["survey_id"])
    stamp = now()
    cols = [*ISSUE_DEFAULTS, "title"]
    with _tx(conn):
        cur = conn.execute(
            f"INSERT INTO issues ({', '.join(cols)}, created_by, created_at, updated_by, "
            f"updated_at, folded) VALUES ({', '.join('?' * (len(cols) + 5))})",
            (*[data[c] for c in cols], actor, stamp, actor, stamp, _folded(data)))
        _index(conn, cur.lastrowid, _folded(data))
        _audit(conn, cur.lastrowid, actor, "create", "title", None, data["title"])
    return get_issue(conn, cur.lastrowid)


def get_issue(conn: sqlite3.Connection, issue_id: int) -> Issue | None:
    """Return the issue with this id, or None."""
    row = conn.execute("SELECT * FROM issues WHERE id = ?", (issue_id,)).fetchone()
    return Issue.from_row(row) if row else None


def require_issue(conn: sqlite3.Connection, issue_id: int) -> Issue:
    """Return the issue with this id; NotFound when there is none."""
    issue = get_issue(conn, issue_id)
    if issue is None:
        raise NotFound(f"Không có kiến nghị số {issue_id}.")
    return issue


def update_issue(conn: sqlite3.Connection, issue_id: int, changes: dict, version: int,
                 actor: str = "") -> Issue:
    """Apply changes made from `version`; return the new issue, or raise Conflict."""
    values = _clean(changes)
    with _tx(conn):
        current = require_issue(conn, issue_id)
        if int(version) != current.version:
            raise Conflict(current, int(version))
        changed = {k: v for k, v in values.items() if getattr(current, k) != v}
        if not changed:
            return current
        if "survey_id" in changed:
            _check_survey(conn, changed["survey_id"])
        merged = {**current.to_dict(), **changed}
        sets = ", ".join(f"{k} = ?" for k in changed)
        cur = conn.execute(
            f"UPDATE issues SET {sets}, version = version + 1, updated_by = ?, updated_at = ?, "
            "folded = ? WHERE id = ? AND version = ?",
            (*changed.values(), actor, now(), _folded(merged), issue_id, current.version))
        if cur.rowcount != 1:  # cannot happen inside BEGIN IMMEDIATE; kept as a guard
            raise Conflict(require_issue(conn, issue_id), int(version))
        _index(conn, issue_id, _folded(merged))
        for key, value in changed.items():
            _audit(conn, issue_id, actor, "update", key, getattr(current, key), value)
    return require_issue(conn, issue_id)


def _match_expression(text: str) -> list[str]:
    """Return the folded words of a search text (its first MAX_SEARCH_WORDS words only)."""
    words = re.findall(r"\w+", ascii_fold((text or "")[:MAX_SEARCH_CHARS]).lower())
    return words[:MAX_SEARCH_WORDS]


def _text_clause(conn: sqlite3.Connection, text: str) -> tuple[str, list]:
    """Return the SQL condition and parameters for a full-text search over issues."""
    words = _match_expression(text)
    if not words:
        return "", []
    if uses_fts(conn):
        expr = " ".join(f'"{w}"*' for w in words)
        return "issues.id IN (SELECT rowid FROM issue_fts WHERE issue_fts MATCH ?)", [expr]
    return " AND ".join("issues.folded LIKE ?" for _ in words), [f"%{w}%" for w in words]


def _where(conn: sqlite3.Connection, flt: IssueFilter) -> tuple[str, list]:
    """Return the WHERE clause and parameters of a filter."""
    clauses, params = [], []
    for column in ("status", "field"):
        value = getattr(flt, column)
        if value:
            clauses.append(f"issues.{column} = ?")
            params.append(value)
    if flt.locality:
        names = (flt.locality, *flt.localities[:MAX_PLACE_NAMES])
        clauses.append("(" + " OR ".join("issues.locality LIKE ?" for _ in names) + ")")
        params.extend(f"%{name}%" for name in names)
    if flt.survey_id:
        clauses.append("issues.survey_id = ?")
        params.append(int(flt.survey_id))
    if flt.ids is not None:
        clauses.append(f"issues.id IN ({', '.join('?' * len(flt.ids)) or 'NULL'})")
        params.extend(flt.ids)
    text_sql, text_params = _text_clause(conn, flt.text or "")
    if text_sql:
        clauses.append(text_sql)
        params.extend(text_params)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def list_issues(conn: sqlite3.Connection, flt: IssueFilter | None = None) -> list[Issue]:
    """Return the issues a filter selects: a survey's in report order, else newest first."""
    flt = flt or IssueFilter()
    where, params = _where(conn, flt)
    order = "issues.id" if flt.survey_id or flt.ids is not None else "issues.updated_at DESC, " \
        "issues.id DESC"
    rows = conn.execute(f"SELECT issues.* FROM issues{where} ORDER BY {order}", params)
    return [Issue.from_row(r) for r in rows]


def filter_choices(conn: sqlite3.Connection) -> dict[str, list]:
    """Return the values the list filters offer: fields, localities, surveys."""
    fields = [r[0] for r in conn.execute(
        "SELECT DISTINCT field FROM issues WHERE field != '' ORDER BY field")]
    places: dict[str, None] = {}
    for (value,) in conn.execute("SELECT DISTINCT locality FROM issues WHERE locality != ''"):
        places.update((p.strip(), None) for p in re.split(r",|;| và ", value) if p.strip())
    surveys = [(s.id, s.name) for s, _n in list_surveys(conn)]
    return {"fields": fields, "localities": sorted(places), "surveys": surveys}


def audit_of(conn: sqlite3.Connection, issue_id: int) -> list[AuditEntry]:
    """Return the audit trail of an issue, oldest first."""
    rows = conn.execute("SELECT * FROM issue_audit WHERE issue_id = ? ORDER BY id", (issue_id,))
    return [AuditEntry.from_row(r) for r in rows]


# --- links ---------------------------------------------------------------------------------

def add_link(conn: sqlite3.Connection, issue_id: int, key: str, *, note: str = "",
             actor: str = "", snapshot: dict | None = None) -> Link:
    """Link an issue to a provision key (snapshot: label, citation, heading, excerpt, validity)."""
    snap = snapshot or {}
    with _tx(conn):
        require_issue(conn, issue_id)
        try:
            cur = conn.execute(
                "INSERT INTO issue_links (issue_id, provision_key, note, linked_by, linked_at, "
                "label, citation, heading, excerpt, validity) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (issue_id, key, (note or "").strip(), actor, now(), snap.get("label", ""),
                 snap.get("citation", ""), snap.get("heading", ""), snap.get("excerpt", ""),
                 json.dumps(snap.get("validity") or {}, ensure_ascii=False)))
        except sqlite3.IntegrityError as exc:
            raise RegisterError("Kiến nghị đã được liên kết với điều khoản này.") from exc
        _audit(conn, issue_id, actor, "link", "", None, key)
    return get_link(conn, cur.lastrowid)


def get_link(conn: sqlite3.Connection, link_id: int) -> Link | None:
    """Return the link with this id, or None."""
    row = conn.execute("SELECT * FROM issue_links WHERE id = ?", (link_id,)).fetchone()
    return Link.from_row(row) if row else None


def remove_link(conn: sqlite3.Connection, issue_id: int, link_id: int, actor: str = "") -> Link:
    """Delete one link of an issue and return it; NotFound when it is not that issue's."""
    with _tx(conn):
        link = get_link(conn, link_id)
        if link is None or link.issue_id != issue_id:
            raise NotFound("Không có liên kết này.")
        conn.execute("DELETE FROM issue_links WHERE id = ?", (link_id,))
        _audit(conn, issue_id, actor, "unlink", "", link.provision_key, None)
    return link


def links_of(conn: sqlite3.Connection, issue_id: int) -> list[Link]:
    """Return the links of an issue in the order they were made."""
    rows = conn.execute("SELECT * FROM issue_links WHERE issue_id = ? ORDER BY id", (issue_id,))
    return [Link.from_row(r) for r in rows]


def links_by_issue(conn: sqlite3.Connection, issue_ids: list[int]) -> dict[int, list[Link]]:
    """Return the links of several issues, grouped by issue id."""
    out: dict[int, list[Link]] = {i: [] for i in issue_ids}
    for start in range(0, len(issue_ids), 500):
        chunk = issue_ids[start: start + 500]
        rows = conn.execute(f"SELECT * FROM issue_links WHERE issue_id IN "
                            f"({', '.join('?' * len(chunk))}) ORDER BY id", chunk)
        for row in rows:
            out[row["issue_id"]].append(Link.from_row(row))
    return out


def linked_issues(conn: sqlite3.Connection, most: int) -> list[tuple[Issue, list[Link]]]:
    """Return the `most` recently updated issues that have links, each with its links."""
    rows = conn.execute(
        "SELECT issues.* FROM issues WHERE issues.id IN (SELECT issue_id FROM issue_links) "
        "ORDER BY issues.updated_at DESC, issues.id DESC LIMIT ?", (most,)).fetchall()
    issues = [Issue.from_row(r) for r in rows]
    links = links_by_issue(conn, [i.id for i in issues])
    return [(i, links.get(i.id, [])) for i in issues]


def issues_linked_to(conn: sqlite3.Connection, key: str) -> list[tuple[Issue, Link]]:
    """Return (issue, link) for every link to this provision or to a part of it."""
    rows = conn.execute(
        "SELECT l.id AS link_id FROM issue_links l WHERE l.provision_key = ? "
        "OR substr(l.provision_key, 1, ?) = ? ORDER BY l.issue_id, l.id",
        (key, len(key) + 1, key + ".")).fetchall()
    out = []
    for row in rows:
        link = get_link(conn, row["link_id"])
        out.append((require_issue(conn, link.issue_id), link))
    return out


# --- the reply's letterhead, remembered per account ------------------------------------------

def letter_head(conn: sqlite3.Connection, user_id: int) -> dict:
    """Return the letterhead fields an account last used ({} when none)."""
    row = conn.execute("SELECT data FROM letter_heads WHERE user_id = ?", (user_id,)).fetchone()
    try:
        data = json.loads(row["data"]) if row else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def save_letter_head(conn: sqlite3.Connection, user_id: int, data: dict) -> None:
    """Remember an account's letterhead fields (text values only, each bounded)."""
    clean = {str(k): str(v)[:MAX_TEXT] for k, v in data.items() if isinstance(v, str)}
    with _tx(conn):
        conn.execute("INSERT INTO letter_heads (user_id, data, updated_at) VALUES (?, ?, ?) "
                     "ON CONFLICT(user_id) DO UPDATE SET data = excluded.data, "
                     "updated_at = excluded.updated_at",
                     (user_id, json.dumps(clean, ensure_ascii=False), now()))
