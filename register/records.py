"""Records of the issues register (kiến nghị): surveys, issues, links, audit entries."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from register.schema import STATUSES

STATUS_LABELS = {
    "moi": "mới",
    "dang_xu_ly": "đang xử lý",
    "da_tra_loi": "đã trả lời",
    "chuyen_co_quan": "chuyển cơ quan có thẩm quyền",
}
assert tuple(STATUS_LABELS) == STATUSES
# Fields an officer usually files issues under; free text is accepted too.
KNOWN_FIELDS = (
    "chợ", "cụm công nghiệp", "thương mại", "công nghiệp nông thôn", "khuyến công",
    "tổ chức, cán bộ", "điện", "an toàn thực phẩm", "xúc tiến thương mại",
    "quản lý thị trường", "khác",
)


@dataclass(frozen=True)
class IssueField:
    """One field of an issue that officers write: its label and where it is used."""

    name: str
    label: str
    searched: bool = True  # part of the folded text the register's search reads
    api: bool = True  # accepted when an issue is created through the JSON API


# The one declaration of an issue's editable fields (form, API, store, search, audit).
ISSUE_FIELDS = (
    IssueField("title", "Tiêu đề"),
    IssueField("description", "Nội dung"),
    IssueField("locality", "Địa phương"),
    IssueField("raised_by", "Người/đơn vị nêu"),
    IssueField("field", "Lĩnh vực"),
    IssueField("status", "Trạng thái", searched=False),
    IssueField("answer", "Trả lời"),
    IssueField("survey_id", "Đợt khảo sát", searched=False),
    IssueField("source", "Nguồn", api=False),
)
EDITABLE = tuple(f.name for f in ISSUE_FIELDS)
FIELD_LABELS = {f.name: f.label for f in ISSUE_FIELDS}
SEARCHED = tuple(f.name for f in ISSUE_FIELDS if f.searched)
API_FIELDS = tuple(f.name for f in ISSUE_FIELDS if f.api)


@dataclass(frozen=True)
class Survey:
    """A survey or other source of issues: a team's visit to localities and its report."""

    id: int
    name: str
    held_on: str = ""  # ISO date, may be ""
    team: str = ""  # "Đoàn 1"
    localities: str = ""  # "Kế Sách, Vĩnh Châu, Trần Đề"
    report_text: str = ""
    source_file: str = ""  # stored upload name under the uploads folder, or ""
    created_by: str = ""
    created_at: str = ""

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Survey:
        """Return the survey a database row holds."""
        return cls(**{k: row[k] for k in row.keys() if k in cls.__dataclass_fields__})


@dataclass(frozen=True)
class Issue:
    """One difficulty or recommendation (kiến nghị) and its answer."""

    id: int
    title: str
    description: str = ""
    locality: str = ""
    raised_by: str = ""
    survey_id: int | None = None
    source: str = ""
    field: str = ""
    status: str = "moi"
    answer: str = ""
    created_by: str = ""
    created_at: str = ""
    updated_by: str = ""
    updated_at: str = ""
    version: int = 1

    @property
    def status_label(self) -> str:
        """Return the status in Vietnamese ('đã trả lời')."""
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def text(self) -> str:
        """Return the issue's text for searching rules: title, then description if new."""
        title, desc = self.title.strip(), self.description.strip()
        if not desc or title.rstrip(".…").lower() in desc.lower():
            return desc or title
        return f"{title}. {desc}"

    def to_dict(self) -> dict:
        """Return the issue as a JSON-ready dict (with the status label)."""
        data = {k: getattr(self, k) for k in self.__dataclass_fields__}
        data["status_label"] = self.status_label
        return data

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Issue:
        """Return the issue a database row holds."""
        return cls(**{k: row[k] for k in row.keys() if k in cls.__dataclass_fields__})


@dataclass(frozen=True)
class Link:
    """An issue's link to a provision by its stable key, with what was cited at the time."""

    id: int
    issue_id: int
    provision_key: str
    note: str = ""
    linked_by: str = ""
    linked_at: str = ""
    label: str = ""  # "Điều 12 168/2024/NĐ-CP" when linked
    citation: str = ""  # formal citation when linked
    heading: str = ""
    excerpt: str = ""
    validity: dict = field(default_factory=dict)  # {"code", "by"} when linked

    def to_dict(self) -> dict:
        """Return the link as a JSON-ready dict."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Link:
        """Return the link a database row holds."""
        data = {k: row[k] for k in row.keys() if k in cls.__dataclass_fields__}
        data["validity"] = json.loads(row["validity"]) if row["validity"] else {}
        return cls(**data)


@dataclass(frozen=True)
class AuditEntry:
    """Who changed what on an issue, and when."""

    id: int
    issue_id: int
    actor: str
    action: str  # create | update | link | unlink
    field: str
    old_value: str | None
    new_value: str | None
    at: str

    @property
    def field_label(self) -> str:
        """Return the changed field's Vietnamese name ('' for whole-issue actions)."""
        return FIELD_LABELS.get(self.field, self.field)

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> AuditEntry:
        """Return the audit entry a database row holds."""
        return cls(**{k: row[k] for k in row.keys() if k in cls.__dataclass_fields__})
