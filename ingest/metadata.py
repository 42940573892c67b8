"""Document metadata from every source, in order of precedence.

Order: the sidecar file (`<name>.meta.toml`), the document's own text (header block, preamble,
final articles, signature), the Pháp điển source notes, a legal portal's caption of the page
(ingest.portal), the number's suffix, the file name.
Each field records where it came from; a field no source gives stays None with a warning.
A date the text does not hold is never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .dates import find_date, parse_date_value
from .doctypes import issuer_from_number, type_from_number
from .header import FrontMatter
from .models import ARTICLE, Provision
from .signature import Signature
from .sources import Sourced

FIELDS = ("number", "doc_type", "issuer", "title", "issued", "effective_from", "place",
          "signer", "signer_title")
DATE_FIELDS = ("issued", "effective_from")
LABELS = {
    "number": "số hiệu", "doc_type": "loại văn bản", "issuer": "cơ quan ban hành",
    "title": "trích yếu", "issued": "ngày ban hành", "effective_from": "ngày có hiệu lực",
    "signer": "người ký",
}
_SELF = (r"(?:Nghị định|Thông tư(?: liên tịch)?|Luật|Bộ luật|Pháp lệnh|Quyết định|Nghị quyết"
         r"|Chỉ thị|Kế hoạch|Quy chế|Quy định|Văn bản|Hướng dẫn)")
_EFFECTIVE = re.compile(
    rf"(?<!của ){_SELF} này có hiệu lực(?: thi hành)?(?: (?:kể )?từ| kể từ)\s+"
    r"(?P<when>ngày ký|ngày ban hành|ngày \d[^.;,]*|\d{1,2}/\d{1,2}/\d{4})", re.IGNORECASE)
_SIGNING_DAY = ("ngày ký", "ngày ban hành")
_EFFECTIVE_HEADING = re.compile(r"hiệu lực|thi hành|điều khoản", re.IGNORECASE)


@dataclass
class Metadata:
    """The merged metadata of one document, with each field's source."""

    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def offer(self, name: str, value: Any, source: str) -> None:
        """Set a field from a source unless a source of higher precedence already set it."""
        if value in (None, "") or self.values.get(name) is not None:
            return
        self.values[name] = value
        self.sources[name] = source


def sidecar_values(sidecar: dict[str, Any] | None, warnings: list[str]) -> dict[str, Any]:
    """Return the known fields of a sidecar dict, dates parsed; bad values become warnings."""
    out: dict[str, Any] = {}
    for key, value in (sidecar or {}).items():
        if key not in FIELDS:
            warnings.append(f"Tệp mô tả (.meta.toml): khóa không được hỗ trợ '{key}'")
        elif key in DATE_FIELDS:
            parsed = parse_date_value(value)
            if parsed is None:
                warnings.append(f"Tệp mô tả (.meta.toml): ngày không hợp lệ {key} = {value!r}")
            out[key] = parsed
        else:
            out[key] = str(value).strip() or None
    return out


def effective_clause(body: tuple[Provision, ...]) -> str | None:
    """Return the 'có hiệu lực ... từ ...' phrase of the body (final articles first)."""
    articles = [p for top in body for p in top.walk() if p.kind == ARTICLE]
    preferred = [a for a in articles if _EFFECTIVE_HEADING.search(a.heading)]
    for article in (*reversed(preferred), *reversed(articles)):
        m = _EFFECTIVE.search(f"{article.heading}\n{article.full_text()}")
        if m:
            return m.group("when")
    return None


def effective_date(when: str | None, issued: date | None) -> date | None:
    """Return the date an effective-date phrase names ('ngày ký' -> the issue date)."""
    if not when:
        return None
    if when.lower().startswith(_SIGNING_DAY):
        return issued
    return find_date(when)


def merge(
    sidecar: dict[str, Any], front: FrontMatter, sig: Signature, body: tuple[Provision, ...],
    notes: Sourced, filename: Sourced, portal: Sourced | None = None,
) -> Metadata:
    """Return the merged metadata: sidecar, text, notes, portal caption, number suffix, file
    name."""
    meta = Metadata()
    for name, value in sidecar.items():
        meta.offer(name, value, "sidecar")
    _offer_text(meta, front, sig)
    for name in ("number", "doc_type", "title", "issued", "issuer"):
        meta.offer(name, getattr(notes, name), "notes")
    for name in ("number", "doc_type", "issued", "issuer"):
        meta.offer(name, getattr(portal or Sourced(), name), "portal")
    _offer_number_and_file(meta, filename)
    when = effective_clause(body)
    meta.offer("effective_from", effective_date(when, meta.values.get("issued")), "text")
    meta.offer("effective_from", notes.effective_from, "notes")
    if when and when.lower().startswith(_SIGNING_DAY) and not meta.values.get("issued"):
        meta.warnings.append("Văn bản có hiệu lực từ ngày ký nhưng không rõ ngày ký")
    _check_filename(meta, filename)
    return meta


def _offer_text(meta: Metadata, front: FrontMatter, sig: Signature) -> None:
    for name in ("number", "doc_type", "issuer", "title", "issued", "place"):
        meta.offer(name, getattr(front, name), "header")
    meta.offer("doc_type", front.enacting_type, "preamble")
    meta.offer("issuer", front.enacting_issuer, "preamble")
    meta.offer("issued", sig.passed, "text")
    meta.offer("signer", sig.signer, "signature")
    meta.offer("signer_title", sig.signer_title, "signature")


def _offer_number_and_file(meta: Metadata, filename: Sourced) -> None:
    meta.offer("number", filename.number, "filename")
    number = meta.values.get("number") or ""
    meta.offer("doc_type", type_from_number(number), "number")
    meta.offer("issuer", issuer_from_number(number), "number")
    meta.offer("doc_type", filename.doc_type, "filename")


def _check_filename(meta: Metadata, filename: Sourced) -> None:
    number = meta.values.get("number")
    if filename.number and number and filename.number != number:
        meta.warnings.append(f"Số hiệu trong văn bản ({number}) khác tên tệp ({filename.number})")


def missing_warnings(meta: Metadata) -> list[str]:
    """Return one warning per important field that no source gave."""
    return [f"Không xác định được {label}" for name, label in LABELS.items()
            if meta.values.get(name) is None]
