"""How well real documents parse: laws in Word, and local documents against a portal's metadata.

- Laws (`laws-word/`): a law is right when its articles are numbered 1..N in order (inserted
  `5a` allowed), its number is the one its file name carries, and its issue year is the
  number's year (old numbers without a year, "23-L/CTN", are compared without it).
- Local documents (`corpus-local-2025/`): number, type, issuer, signer and issue date against
  `metadata.json`.  The portal names a People's Committee or Council by its locality ("Tỉnh
  Hà Tĩnh"), so "Ủy ban nhân dân tỉnh Hà Tĩnh" counts as that issuer; everything else is
  compared folded (case and diacritics aside).  A file holding only the portal's notice is
  refused by ingest and its fields count as wrong.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ingest.ids import ascii_fold
from ingest.models import Document
from ingest.pipeline import load_outcome

LOCAL_FIELDS = ("number", "doc_type", "issuer", "signer", "issued")
_LAW_FILE = re.compile(r"^Luật-(?P<num>\d+)-(?P<rest>.+)$")
_COUNCILS = re.compile(r"^(?:uy ban nhan dan|hoi dong nhan dan) ")


def fold(text: str | None) -> str:
    """Return text folded for comparison: NFC, no diacritics, lower case, spaces collapsed."""
    plain = ascii_fold(unicodedata.normalize("NFC", text or "")).lower()
    return " ".join(plain.split())


@dataclass
class LawReport:
    """Laws checked: how many are right, and what is wrong with the others."""

    files: int = 0
    right: int = 0
    articles: int = 0
    problems: dict[str, list[str]] = field(default_factory=dict)


def _numbering_ok(doc: Document) -> bool:
    """Return True when the articles run 1..N in order (inserted ones such as 5a allowed)."""
    plain = [int(a.number) for a in doc.articles() if a.number.isdigit()]
    return bool(plain) and plain == list(range(1, len(plain) + 1))


def law_problems(doc: Document, path: Path) -> list[str]:
    """Return what is wrong with a parsed law (empty when it is right)."""
    m = _LAW_FILE.match(path.stem)
    problems = [] if _numbering_ok(doc) else [
        "điều không đánh số 1..N: " + " ".join(a.number for a in doc.articles()[:12])]
    if m is None:
        return problems
    year = re.match(r"(\d{4})-", m.group("rest"))
    if year:
        expected = f"{int(m.group('num')):02d}/{year.group(1)}/"
        if not (doc.number or "").startswith(expected):
            problems.append(f"số hiệu {doc.number!r}, tên tệp {path.name}")
        if doc.issued is None or doc.issued.year != int(year.group(1)):
            problems.append(f"ngày ban hành {doc.issued}")
    elif re.sub(r"\W", "", fold(doc.number)) != re.sub(r"\W", "", fold(path.stem[5:])):
        problems.append(f"số hiệu {doc.number!r}, tên tệp {path.name}")
    return problems


def score_laws(folder: Path) -> LawReport:
    """Return the report of every Word law in a folder."""
    report = LawReport()
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in (".doc", ".docx")):
        report.files += 1
        outcome = load_outcome(path)
        report.articles += sum(len(d.articles()) for d in outcome.documents)
        found = ([str(outcome.error)] if outcome.error else
                 law_problems(outcome.documents[0], path))
        if found:
            report.problems[path.name] = found
        else:
            report.right += 1
    return report


@dataclass
class LocalReport:
    """Metadata fields checked: right per field, and the misses."""

    files: int = 0
    refused: list[str] = field(default_factory=list)  # files holding no document
    right: dict[str, int] = field(default_factory=dict)
    misses: list[tuple[str, str, str, str | None]] = field(default_factory=list)

    @property
    def share(self) -> float:
        """Return the share of all fields of all files that are right."""
        return sum(self.right.values()) / max(1, self.files * len(LOCAL_FIELDS))

    @property
    def share_of_documents(self) -> float:
        """Return the share of fields right over the files that hold a document."""
        held = self.files - len(self.refused)
        return sum(self.right.values()) / max(1, held * len(LOCAL_FIELDS))


def local_values(doc: Document | None) -> dict[str, str | None]:
    """Return the compared fields of a parsed document (dates as dd/mm/yyyy)."""
    if doc is None:
        return dict.fromkeys(LOCAL_FIELDS)
    return {"number": doc.number, "doc_type": doc.doc_type, "issuer": doc.issuer,
            "signer": doc.signer,
            "issued": doc.issued.strftime("%d/%m/%Y") if doc.issued else None}


def field_right(name: str, got: str | None, expected: str | None) -> bool:
    """Return True when a parsed field agrees with the portal's value."""
    ours, theirs = fold(got), fold(expected)
    if name == "issuer":
        ours = _COUNCILS.sub("", ours)
    return bool(ours) and ours == theirs


def score_local(folder: Path) -> LocalReport:
    """Return the report of the documents listed in a folder's metadata.json."""
    report = LocalReport(right=dict.fromkeys(LOCAL_FIELDS, 0))
    for item in json.loads((folder / "metadata.json").read_text(encoding="utf-8")):
        report.files += 1
        outcome = load_outcome(folder / item["file"])
        if outcome.error is not None:
            report.refused.append(item["file"])
        got = local_values(outcome.documents[0] if outcome.documents else None)
        for name in LOCAL_FIELDS:
            if field_right(name, got[name], item.get(name)):
                report.right[name] += 1
            else:
                report.misses.append((item["file"], name, item.get(name) or "", got[name]))
    return report
