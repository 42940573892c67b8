"""Sentence-level cues of relations: amending verbs, self-subject verbs, reassignment of
powers, relations between other documents a text describes, and Pháp điển source notes.
"""

from __future__ import annotations

import re

from .dates import find_date
from .models import Document, Relation, make_key
from .references import TYPES, Citation, Here, cite, may_cite

_LEAD = re.compile(
    r"^\s*(?:[-–•]\s*)?(Sửa đổi,? bổ sung|Sửa đổi|Bổ sung|Bãi bỏ,? sửa đổi|Bãi bỏ|Hủy bỏ|Huỷ bỏ"
    r"|Bỏ(?= (?:các |một số )?cụm từ)|Thay thế|Thay(?= (?:các |một số )?cụm từ))\b")
_SELF_VERB = re.compile(
    rf"\b(?:{TYPES}) này\b(?P<gap>[^.]{{0,200}}?)(?<!được )(?<!bị )"
    r"\b(?P<verb>bãi bỏ|hủy bỏ|huỷ bỏ|thay thế|quy định chi tiết|hướng dẫn thi hành|hướng dẫn)\b")
# What an amending sentence (`_LEAD`) or a self-subject one (`_SELF_VERB`) needs.
_LEAD_WORDS = ("Sửa đổi", "Bổ sung", "Bãi bỏ", "Hủy bỏ", "Huỷ bỏ", "Bỏ", "Thay")
_SELF_WORDS = ("bãi bỏ", "hủy bỏ", "huỷ bỏ", "thay thế", "quy định chi tiết", "hướng dẫn")
_REASSIGN = re.compile(
    r"\bdo\s+[^.;]{0,150}?\bthực hiện\b|\bthực hiện (?:các )?nhiệm vụ\b|\bquyết định thực hiện\b"
    r"|\bphân (?:cấp|quyền) cho\b")
_GUIDES = re.compile(r"(?<!được )\b(?:quy định chi tiết|hướng dẫn(?: thi hành| thực hiện)?)"
                     r"(?: và hướng dẫn thi hành)?(?: một số điều)?(?: và biện pháp thi hành)?"
                     r"(?: của)?\s*$")
_AMENDS = re.compile(r"^[^;.]*?(?<!được )(?<!đã )\bsửa đổi(?:,? bổ sung)?\b[^;.]*\bcủa\s+"
                     r"(?:các\s+)?$")
_AMENDED_BY = re.compile(r"\bđược sửa đổi,? ?(?:bổ sung)?\s+(?:một số điều\s+)?"
                         r"(?:bởi|theo|tại)\s*$")
_NOTE_REL = re.compile(
    r"(có nội dung )?(bị bãi bỏ|bị hủy bỏ|bị thay thế|được sửa đổi,? bổ sung|được sửa đổi"
    r"|được bổ sung) bởi (.+?)(?: có hiệu lực thi hành kể từ ngày (\d{1,2}/\d{1,2}/\d{4}))?"
    r"(?=,|\)|$)")
_IN_TITLE = re.compile(r"(?:của|thi hành|chi tiết|hướng dẫn|về)\s+(?:các\s+)?$")
_EVIDENCE_LIMIT = 600


def lead_verb(blanked: str) -> str:
    """Return the amending verb a sentence opens with ('Sửa đổi, bổ sung'), or ''."""
    m = _LEAD.match(blanked)
    return m.group(1) if m else ""


def may_state(text: str) -> bool:
    """Return False when no sentence of the text can state a relation on its own (no
    citation, no amending or self-subject verb); an enclosing list's verb still can."""
    return (may_cite(text) or any(w in text for w in _LEAD_WORDS)
            or (" này" in text and any(w in text for w in _SELF_WORDS)))


def type_of_verb(verb: str, blanked: str) -> tuple[str, str]:
    """Return (relation type, note) of an amending verb in its sentence."""
    low = verb.lower()
    after = blanked[blanked.lower().find(low) + len(low):][:60] if low in blanked.lower() else ""
    if re.match(r"\s*(?:các |một số )?cụm từ", after) or re.match(r"\s*cụm từ", blanked.lower()):
        return "amends", "phrase"
    if low in ("bãi bỏ", "hủy bỏ", "huỷ bỏ"):
        return "repeals", ""
    if low.startswith("thay"):
        return "replaces", ""
    return "amends", ""


def self_verb(blanked: str) -> tuple[str, int] | None:
    """Return (verb, position) of 'Thông tư này ...; bãi bỏ ...' sentences, or None."""
    for m in _SELF_VERB.finditer(blanked) if " này" in blanked else ():
        verb = m.group("verb").lower().replace("huỷ", "hủy")
        if verb.startswith(("quy định", "hướng dẫn")) and m.group("gap").strip():
            continue
        return verb, m.start("verb")
    return None


def reassigns(blanked: str) -> bool:
    """Return True when a sentence moves a power ('... do Ủy ban nhân dân cấp xã thực hiện')."""
    return bool(_REASSIGN.search(blanked))


def evidence_window(text: str, start: int, end: int) -> str:
    """Return the sentence, cut around [start, end) with '…' when it is very long."""
    text = text.strip()
    if len(text) <= _EVIDENCE_LIMIT:
        return text
    lo = max(0, start - 300)
    hi = min(len(text), max(end, start) + 200)
    lo = text.rfind(" ", 0, lo) + 1 if lo else 0
    hi_space = text.find(" ", hi)
    hi = len(text) if hi_space < 0 else hi_space
    return ("… " if lo else "") + text[lo:hi].strip() + (" …" if hi < len(text) else "")


def _ref(c: Citation, with_path: bool = True) -> str:
    """Return the source key of a cited document (and its first path)."""
    if c.mention is None:
        return ""
    return make_key(c.mention.target, c.paths[0] if c.paths and with_path else "")


def reported(original: str, blanked: str, cites: list[Citation]) -> list[Relation]:
    """Return relations between two other documents the sentence describes ('reported')."""
    named = [c for c in cites if c.mention is not None and c.mention.kind != "self"]
    out = []
    for i, (a, b) in enumerate(zip(named, named[1:], strict=False)):
        gap = blanked[a.end: b.start]
        ev = evidence_window(original, a.start, b.end)
        if _AMENDED_BY.search(gap):
            amended = _title_owner(blanked, named, i)
            out.append(Relation("amends", _ref(b), amended.mention.target, "", ev, None,
                                "reported"))
        elif _AMENDS.search(gap):
            out += [Relation("amends", _ref(a, False), b.mention.target, p, ev, None, "reported")
                    for p in b.paths or ("",)]
        elif _GUIDES.search(gap) and not re.search(r"(?:\bvà|,)\s*$", gap):
            out += [Relation("guides", _ref(a, False), b.mention.target, p, ev, None, "reported")
                    for p in b.paths or ("",)]
    return [r for r in out if r.source_key and r.source_key != r.target_number]


def _title_owner(blanked: str, named: list[Citation], i: int) -> Citation:
    """Return the document whose title holds named[i] ('Nghị định số 67/2013 ... thi hành
    Luật Phòng, chống ...' -> 67/2013), walking back over mentions inside titles."""
    while i > 0 and _IN_TITLE.search(blanked[named[i - 1].end: named[i].start]):
        i -= 1
    return named[i]


def note_relations(doc: Document) -> list[Relation]:
    """Return what Pháp điển notes say amended or repealed each article (source: the note)."""
    out = []
    for art in doc.articles():
        for m in _NOTE_REL.finditer(art.note or ""):
            kind = ("repeals" if "bỏ" in m.group(2) else
                    "replaces" if "thay" in m.group(2) else "amends")
            note = "notes partial" if m.group(1) else "notes"
            when = find_date(m.group(4)) if m.group(4) else None
            for c in cite(m.group(3), Here()):
                if c.mention is not None and c.mention.kind != "self":
                    out.append(Relation(kind, _ref(c), doc.ref, art.path, art.note, when, note))
    return out
