"""When a document and its provisions take and lose effect, each date with its source.

"Nghị định này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2025, trừ quy định tại khoản 2
Điều này." plus "Quy định tại điểm m khoản 3 Điều 6 ... của Nghị định này có hiệu lực thi hành
từ ngày 01 tháng 01 năm 2026" give a document date and per-provision exceptions;
"Nghị định này hết hiệu lực kể từ ngày 01 tháng 3 năm 2027" gives an end date; Pháp điển
source notes give each article's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .dates import find_date
from .models import Document, Provision
from .references import TYPES, Here, blank_quotes, cite

# "... của Nghị định này có hiệu lực từ ..." dates the provisions named before it, not the
# document.
_SELF_START = re.compile(
    rf"(?<!của )(?:{TYPES}) này có hiệu lực(?: thi hành)?\s+(?:kể\s+)?từ\s+"
    r"(ngày ký[^.;,]*|ngày \d[^.;,]*|\d{1,2}/\d{1,2}/\d{4})", re.IGNORECASE)
_SELF_END = re.compile(
    rf"(?:{TYPES}) này hết hiệu lực(?: thi hành)?\s+(?:kể\s+)?từ\s+(ngày \d[^.;,]*)",
    re.IGNORECASE)
_TAKES_EFFECT = re.compile(r"(?<!không )\bcó hiệu lực(?: thi hành)?(?=\s+(?:kể\s+)?(?:từ|theo)\b)",
                           re.IGNORECASE)
_EFFECT_HEADING = re.compile(r"hiệu lực|thi hành", re.IGNORECASE)
_MENTIONS_EFFECT = re.compile(r"hiệu\s+lực", re.IGNORECASE)  # in every pattern above
_NOTE_START = re.compile(r"có hiệu lực thi hành kể từ ngày (\d{1,2}/\d{1,2}/\d{4})")
# A line break inside a sentence (PDF text): no closing mark before, lower case after.
# The character before the break is matched, not looked behind at: a pattern that starts
# with a look-behind is tried at every position, one starting with a class is scanned for.
_BROKEN_LINE = re.compile(r"([^.;:!?”\"\s][ \t]*)\n(?=[ \t]*[a-zà-ỹđ0-9(])")
_SENTENCE = re.compile(r"[^\n]+?(?:\.(?=\s|$)|$)", re.MULTILINE)
SOURCE_LABELS = {
    "text": "văn bản", "header": "phần đầu văn bản", "sidecar": "siêu dữ liệu do biên tập viên "
    "nhập (.meta.toml)", "notes": "ghi chú Pháp điển", "filename": "tên tệp",
}


@dataclass(frozen=True)
class DateClaim:
    """A date (None when the text gives no date) with the sentence or source that says it."""

    when: date | None
    evidence: str
    source: str = "text"  # "text" | "sidecar" | "header" | "notes"


@dataclass(frozen=True)
class Term:
    """When a document takes effect, when it ends, and provisions with their own dates."""

    start: DateClaim | None = None
    end: DateClaim | None = None
    exceptions: tuple[tuple[str, DateClaim], ...] = ()  # (path, claim), deepest paths too

    def start_of(self, path: str) -> DateClaim | None:
        """Return the date a provision takes effect: its own exception, else the document's."""
        best = None
        for exc_path, claim in self.exceptions:
            if path == exc_path or path.startswith(exc_path + "."):
                if best is None or len(exc_path) > len(best[0]):
                    best = (exc_path, claim)
        return best[1] if best else self.start


def join_broken_lines(text: str) -> str:
    """Return text with line breaks inside sentences turned into spaces (same length)."""
    return _BROKEN_LINE.sub(r"\1 ", text) if "\n" in text else text


def sentences(text: str) -> list[str]:
    """Return the sentences of a text: lines split at full stops, broken lines rejoined."""
    text = join_broken_lines(text or "")
    return [m.group(0).strip() for m in _SENTENCE.finditer(text) if m.group(0).strip()]


def _final_articles(doc: Document) -> list[Provision]:
    """Return the articles to read for dates: 'hiệu lực' headings first, then the rest."""
    arts = doc.articles()
    first = [a for a in arts if _EFFECT_HEADING.search(a.heading)]
    return list(reversed(first)) + [a for a in reversed(arts) if a not in first]


def _when(phrase: str, issued: date | None) -> date | None:
    return issued if phrase.lower().startswith("ngày ký") else find_date(phrase)


def document_term(doc: Document) -> Term:
    """Return the effective dates a document states (and its sidecar/header gives)."""
    start = end = None
    exceptions: list[tuple[str, DateClaim]] = []
    for art in _final_articles(doc):
        final = bool(_EFFECT_HEADING.search(art.heading))
        for prov in art.walk():
            if "hiệu" not in (prov.text or "").lower() or not _MENTIONS_EFFECT.search(prov.text):
                continue  # no sentence of it can state a date of effect
            for sent in sentences(blank_quotes(prov.text)):
                start = start or _start_claim(sent, doc.issued)
                end = end or _end_claim(sent)
                exceptions += _exception_claims(sent, art) if final else []
    exceptions += _note_claims(doc)
    return Term(_with_metadata(doc, start), end, tuple(exceptions))


def _start_claim(sent: str, issued: date | None) -> DateClaim | None:
    m = _SELF_START.search(sent)
    return DateClaim(_when(m.group(1), issued), sent) if m else None


def _end_claim(sent: str) -> DateClaim | None:
    m = _SELF_END.search(sent)
    return DateClaim(find_date(m.group(1)), sent) if m else None


def _exception_claims(sent: str, art: Provision) -> list[tuple[str, DateClaim]]:
    """Return per-provision dates: 'Quy định tại điểm m khoản 3 Điều 6 ... có hiệu lực từ ...'."""
    out = []
    for part in sent.split(";"):
        m = _TAKES_EFFECT.search(part)
        if not m or _SELF_START.search(part):
            continue
        after = part[m.end():]
        when = find_date(after) if re.match(r"\s+(?:kể\s+)?từ\s+ngày\s+\d", after) else None
        for c in cite(part[: m.start()], Here(article=art.number)):
            if c.mention is not None and c.mention.kind == "self":
                out += [(path, DateClaim(when, sent)) for path in c.paths if "dieu-" in path]
    return out


def _note_claims(doc: Document) -> list[tuple[str, DateClaim]]:
    """Return article dates from Pháp điển notes that differ from the document's own date."""
    out = []
    for art in doc.articles():
        m = _NOTE_START.search(art.note or "")
        when = find_date(m.group(1)) if m else None
        if when and when != doc.effective_from:
            out.append((art.path, DateClaim(when, art.note, "notes")))
    return out


def _with_metadata(doc: Document, found: DateClaim | None) -> DateClaim | None:
    """Return the start claim: the document's metadata date, with the text's sentence if any."""
    if doc.effective_from is None:
        return found
    source = dict(doc.meta_sources).get("effective_from", "text")
    if found and found.when == doc.effective_from:
        return DateClaim(found.when, found.evidence, source if source != "text" else "text")
    label = SOURCE_LABELS.get(source, source)
    return DateClaim(doc.effective_from, f"Ngày có hiệu lực theo {label}: "
                     f"{doc.effective_from.strftime('%d/%m/%Y')}", source)
