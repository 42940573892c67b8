"""Relations stated in one document's text: căn cứ, amends, replaces, repeals, guides, cites.

`extract_relations(doc)` reads the căn cứ lines (based_on), every article with its heading as
context (an amending article "Điều 29. Sửa đổi, bổ sung ... Thông tư số 14/2024/TT-BCT" makes
its blocks "Sửa đổi, bổ sung khoản 2 Điều 3 như sau: ..." target 14/2024/TT-BCT), the annexes
(cites only) and the Pháp điển source notes ("bị bãi bỏ bởi Điều 112 Luật số 05/2017/QH14").
Each relation carries the sentence that states it.  Reassignments of powers ("... quy định tại
khoản 3 Điều 34 Nghị định số 32/2024/NĐ-CP do Ủy ban nhân dân cấp xã thực hiện") are typed
"amends" with note "reassigns".  Notes: "reassigns", "phrase" (phrases replaced or removed),
"partial" (content partly repealed), "conditional" (ends on an undated event), "reported" (a
relation between two other documents that this text describes), "notes" (Pháp điển).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .effective import Term, document_term, join_broken_lines, sentences
from .models import Document, Provision, Relation
from .references import Citation, Here, blank_quotes, cite, find_aliases
from .relation_text import (
    evidence_window,
    lead_verb,
    may_state,
    note_relations,
    reassigns,
    reported,
    self_verb,
    type_of_verb,
)

AMENDING_TYPES = ("amends", "replaces", "repeals")
# After "bằng"/"thành"/"như sau" an amending sentence names the new text; "tại" goes back
# to the place amended.
_SWITCH = re.compile(r"\s(bằng|thành|như sau|tại)\b")
_EXPIRES = re.compile(r"(?<!này )(?<!này sẽ )\bhết hiệu lực\b")


@dataclass(frozen=True)
class _Frame:
    """What an enclosing provision says about the text below it."""

    target: str = ""  # the document an amending article or clause works on
    base: str = ""  # the provision path partial references complete from ("dieu-8")
    verb: str = ""  # a verb a list opener passes to its items ("Thông tư này bãi bỏ:")
    head: str = ""  # the heading sentence naming the target, prefixed to evidence


@dataclass
class _Doc:
    """The document being read and what is known document-wide."""

    doc: Document
    term: Term
    here: Here
    reassigning: bool


def extract_relations(doc: Document) -> tuple[Relation, ...]:
    """Return the relations a document's text states, each with its evidence sentence."""
    text = "\n".join(p.heading + "\n" + p.text for p in doc.walk())
    state = _Doc(doc, document_term(doc), Here(aliases=find_aliases(text)), _reassigning(doc))
    rels = _basis(state)
    for art in doc.articles():
        rels += _article(state, art)
    for annex in doc.annexes:
        rels += _annex(state, annex)
    rels += note_relations(doc)
    return tuple(_dedupe(rels))


def _reassigning(doc: Document) -> bool:
    """Return True for decentralisation documents (phân cấp, phân quyền, phân định)."""
    title = f"{doc.title or ''} {doc.preamble}".lower()
    return bool(re.search(r"phân (?:cấp|quyền|định thẩm quyền)|chuyển giao", title))


def _basis(state: _Doc) -> list[Relation]:
    """Return based_on links of the căn cứ lines (one head document per ';' item)."""
    doc, out = state.doc, []
    lines = doc.basis or tuple(ln for ln in doc.preamble.splitlines() if ln.startswith("Căn cứ"))
    for line in lines:
        for c in cite(blank_quotes(line), Here(aliases=state.here.aliases)):
            if c.head and c.mention is not None and c.mention.kind != "self":
                out += _links("based_on", doc.ref, c, line, "", state, c.mention.target)
    return out


def _links(kind: str, source: str, c: Citation, evidence: str, note: str, state: _Doc,
           target: str, paths: tuple[str, ...] | None = None) -> list[Relation]:
    """Return one relation per path named (or one for the whole document)."""
    when = state.term.start_of(source.partition("#")[2]) if source.startswith(state.doc.ref) \
        else None
    lo, hi = c.start, c.end
    if c.mention is not None:  # a run given the document named further on spans to it
        lo, hi = min(lo, c.mention.start), max(hi, c.mention.end)
    ev = evidence_window(evidence, lo, hi) if evidence else ""
    return [Relation(kind, source, target, path, ev, when.when if when else None, note)
            for path in (paths if paths is not None else c.paths) or ("",)]


def _article(state: _Doc, art: Provision) -> list[Relation]:
    """Return the relations an article states, its heading giving context to its blocks."""
    here = Here(article=art.number, aliases=state.here.aliases)
    head = blank_quotes(art.heading)
    frame, out = _Frame(), []
    if lead_verb(head):
        out, frame = _amending(state, art.key, art.heading, head, here, _Frame())
    elif head:
        out = _plain(state, art.key, art.heading, head, here, _Frame())
    return out + _walk(state, art, here, frame)


def _walk(state: _Doc, prov: Provision, here: Here, frame: _Frame) -> list[Relation]:
    """Return the relations of a provision's own text, then of its children."""
    out: list[Relation] = []
    child_frame = frame
    said = prov.text if frame.verb or may_state(prov.text) else ""
    for i, (original, blanked) in enumerate(_sentences(said)):
        # A verb a list opener passes on ("Thông tư này bãi bỏ:") governs an item's first
        # sentence only.
        own = frame if i == 0 else replace(frame, verb="")
        found, new = _sentence(state, prov.key, original, blanked, here, own)
        out += found
        if blanked.rstrip().endswith(":"):
            child_frame = new
    for child in prov.children:
        sub = Here(here.article, child.number if child.kind == "khoan" else here.clause,
                   here.aliases)
        out += _walk(state, child, sub, child_frame)
    return out


def _sentences(text: str) -> list[tuple[str, str]]:
    """Return (original, quote-blanked) sentence pairs of a text."""
    text = join_broken_lines(text)
    blanked = blank_quotes(text)
    out, pos = [], 0
    for sent in sentences(blanked):
        start = blanked.find(sent, pos)
        out.append((text[start: start + len(sent)], sent))
        pos = start + len(sent)
    return out


def _sentence(state: _Doc, key: str, original: str, blanked: str, here: Here,
              frame: _Frame) -> tuple[list[Relation], _Frame]:
    """Return the relations of one sentence and the frame it opens for following items."""
    if not frame.verb and not may_state(blanked):
        return [], frame
    if lead_verb(blanked) or (frame.verb and not self_verb(blanked)):
        return _amending(state, key, original, blanked, here, frame)
    verb = self_verb(blanked)
    if verb:
        rels = _self_subject(state, key, original, blanked, here, verb)
        return rels, replace(frame, verb=verb[0], head=original.strip())
    return _plain(state, key, original, blanked, here, frame), frame


def _amending(state: _Doc, key: str, original: str, blanked: str, here: Here,
              frame: _Frame) -> tuple[list[Relation], _Frame]:
    """Return the relations of an amending sentence ('Sửa đổi, bổ sung khoản 2 Điều 3 ...')."""
    verb = lead_verb(blanked) or frame.verb
    kind, note = type_of_verb(verb, blanked)
    cites = cite(blanked, here)
    heads = _governed(cites)
    if kind == "repeals" and heads and re.search(r"\bmột số\b", blanked[: heads[0].start]):
        note = "partial"  # "Bãi bỏ một số điều của Thông tư số ..."
    target = heads[0].mention.target if heads else frame.target
    if not target:
        return _plain(state, key, original, blanked, here, frame), frame
    paths = _target_paths(cites, heads[0] if heads else None, frame, verb, blanked)
    rels: list[Relation] = []
    if heads and not lead_verb(blanked) and frame.head:  # item of "Thông tư này bãi bỏ:"
        rels = [replace(r, evidence=f"{frame.head} … {r.evidence}") for r in
                _links(kind, key, heads[0], original, note, state, target, tuple(paths))]
    elif heads:
        rels = _links(kind, key, heads[0], original, note, state, target, tuple(paths))
    elif paths:
        anchor = Citation(None, (), 0, len(original))
        evidence = f"{frame.head} … {evidence_window(original, 0, len(original))}"
        rels = [replace(r, evidence=evidence) for r in
                _links(kind, key, anchor, original, note, state, target, tuple(paths))]
    rels += reported(original, blanked, cites)
    rels += _cites_except(state, key, original, cites, {target}, here)
    head = original[: heads[0].end].strip() if heads else frame.head
    base = paths[0] if len(paths) == 1 else frame.base
    return rels, _Frame(target, base, verb if kind == "repeals" else "", head)


def _replacing(before: str) -> bool:
    """Return True when text before a run ends in the replacement part of the sentence."""
    words = _SWITCH.findall(before)
    return bool(words) and words[-1] != "tại"


def _governed(cites: list[Citation]) -> list[Citation]:
    """Return the document an amending verb governs: the first named, unless a bare run of
    provisions comes first (then the enclosing target is meant and later names describe)."""
    for c in cites:
        if c.mention is None:
            return []
        if c.mention.kind != "self":
            return [c]
    return []


def _target_paths(cites: list[Citation], head: Citation | None, frame: _Frame,
                  verb: str, blanked: str) -> list[str]:
    """Return the target paths: the head's run, bare runs (completed from the frame)."""
    bare = [c for c in cites if c.mention is None and not _replacing(blanked[: c.start])]
    if head is not None and not bare:
        return list(head.paths)
    paths: list[str] = list(head.paths) if head is not None else []
    if head is not None and not head.paths:
        paths.append("")  # "tại Thông tư số 14/2024/TT-BCT bao gồm Phụ lục I, Phụ lục II"
    for i, c in enumerate(bare):
        anchor = _anchor_after(cites, c) if verb.startswith("Bổ sung") else None
        for path in c.paths:
            paths.append(_complete(path, anchor or frame.base))
        if anchor and i + 1 < len(bare) and bare[i + 1].paths[0] == anchor:
            bare[i + 1] = Citation(None, (), 0, 0)
    return list(dict.fromkeys(p for p in paths if p or head is not None))


def _anchor_after(cites: list[Citation], c: Citation) -> str:
    """Return the path a 'Bổ sung khoản 2a vào sau khoản 2 Điều 1' item is inserted at."""
    later = [x for x in cites if x.start >= c.end and x.paths]
    return later[0].paths[0] if later and "dieu-" in later[0].paths[0] else ""


def _complete(path: str, base: str) -> str:
    """Return a partial path ('khoan-2', 'diem-b') completed from a base path ('dieu-8')."""
    if path.startswith(("dieu-", "chuong-", "phu-luc-")):
        return path
    if not base:  # "điểm 1" of an annex list: no article to hang it on
        return ""
    level = path.split("-", 1)[0]
    kept = []
    for seg in base.split("."):
        if seg.split("-", 1)[0] == level:
            break
        kept.append(seg)
    return ".".join([*kept, path]) if kept else ""


def _self_subject(state: _Doc, key: str, original: str, blanked: str, here: Here,
                  verb: tuple[str, int]) -> list[Relation]:
    """Return relations of 'Thông tư này ...; bãi bỏ Thông tư số 28/2020/TT-BCT' sentences."""
    word, pos = verb
    kind = {"bãi bỏ": "repeals", "hủy bỏ": "repeals", "thay thế": "replaces"}.get(word, "guides")
    cites = cite(blanked, here)
    out = []
    for c in cites:
        if c.mention is not None and c.mention.kind != "self" and c.head and c.start > pos:
            out += _links(kind, key, c, original, "", state, c.mention.target)
    skip = {r.target_number for r in out}
    return out + reported(original, blanked, cites) + _cites_except(
        state, key, original, cites, skip, here)


def _plain(state: _Doc, key: str, original: str, blanked: str, here: Here,
           frame: _Frame) -> list[Relation]:
    """Return expiry, reassignment, reported and cites relations of an ordinary sentence."""
    cites = cite(blanked, here, attach_bare=True)
    out = _expiry(state, key, original, blanked, cites)
    if state.reassigning and reassigns(blanked):
        for c in cites:
            if c.mention is not None and c.mention.kind != "self" and c.paths:
                out += _links("amends", key, c, original, "reassigns", state, c.mention.target)
    out += reported(original, blanked, cites)
    done = {(r.target_number, r.target_path) for r in out}
    return out + [r for r in _cites_except(state, key, original, cites, set(), here)
                  if (r.target_number, r.target_path) not in done]


def _expiry(state: _Doc, key: str, original: str, blanked: str,
            cites: list[Citation]) -> list[Relation]:
    """Return repeals of 'Nghị định số 68/2017/NĐ-CP ... hết hiệu lực kể từ ...'."""
    m = _EXPIRES.search(blanked) if "hết hiệu lực" in blanked else None
    if not m:
        return []
    note = "conditional" if re.search(r"\bsẽ hết hiệu lực|cùng thời điểm", blanked) else ""
    out = []
    for c in cites:
        if c.mention is None or c.mention.kind == "self" or c.start > m.start():
            continue
        if c.head or c.paths:
            rels = _links("repeals", key, c, original, note, state, c.mention.target)
            out += [replace(r, effective_from=None) if note else r for r in rels]
    return out


def _cites_except(state: _Doc, key: str, original: str, cites: list[Citation],
                  skip: set[str], here: Here | None = None) -> list[Relation]:
    """Return 'cites' links for the mentions not already typed (self ones need a path)."""
    out = []
    for c in cites:
        if c.mention is None:
            continue
        target = state.doc.ref if c.mention.kind == "self" else c.mention.target
        if target in skip or (c.mention.kind == "self" and not c.paths):
            continue
        article = (here or state.here).article
        paths = tuple(p if p.startswith(("dieu-", "chuong-", "phu-luc-")) or not article
                      else _complete(p, f"dieu-{article}") for p in c.paths)
        out += _links("cites", key, c, original, "", state, target,
                      tuple(p for p in paths if p) or None)
    return out


def _annex(state: _Doc, annex: Provision) -> list[Relation]:
    """Return cites of an annex (forms quote căn cứ lines; they state no relation of the doc)."""
    out = []
    for prov in annex.walk():
        for original, blanked in _sentences(prov.text):
            cites = cite(blanked, Here(aliases=state.here.aliases))
            out += [r for r in _cites_except(state, prov.key, original, cites, set())
                    if r.target_number != state.doc.ref]
    return out


def _dedupe(rels: list[Relation]) -> list[Relation]:
    """Return relations without repeats (same type, source, target and path)."""
    seen, out = set(), []
    for r in rels:
        k = (r.type, r.source_key, r.target_number, r.target_path, r.note)
        if k not in seen and not (r.type in AMENDING_TYPES and r.target_number == ""):
            seen.add(k)
            out.append(r)
    return out

