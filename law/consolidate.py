"""A document's text as in force on a date, built by applying its amendments' instructions.

    consolidate(doc, instructions) -> Consolidation
        .as_of(day) -> Document          the text in force that day
        .versions(path) -> [Version]     an article's (or annex's) successive wordings
        .unapplied                       instructions that could not be located or applied

Instructions apply in order of their effective date (then of their position).  Each applies
to the wording left by the ones before; one that cannot be located (a provision the document
lacks, a phrase not found) is listed with its reason and changes nothing: no text is shown
that no instruction produced.  Pure functions over records: no Whoosh, no Flask.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from ingest.models import (
    ANNEX,
    ARTICLE,
    CLAUSE,
    POINT,
    Document,
    Provision,
    make_key,
    segment,
    split_key,
)
from ingest.structure import build_body, parse_article
from law.amend import (
    DELETE_PHRASE,
    LEAD,
    RENAME,
    REPEAL,
    REPLACE_PHRASE,
    Instruction,
    may_amend,
    parse_instructions,
    unit_kind,
)
from law.relgraph import AMENDING, RelationGraph

Tree = tuple[Provision, ...]
_POINT_ORDER = "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()


class NotApplied(Exception):
    """An instruction that cannot be located or applied; the message says why (Vietnamese)."""


@dataclass(frozen=True)
class Unapplied:
    """An instruction left out of the consolidated text, and why."""

    instruction: Instruction
    reason: str


@dataclass(frozen=True)
class Version:
    """One wording of an article (or annex) and the days it was in force."""

    path: str
    provision: Provision | None  # None: repealed (or not yet inserted)
    valid_from: date | None
    valid_to: date | None  # last day in force; None: still in force
    sources: tuple[Instruction, ...] = ()  # the instructions that made this wording


@dataclass(frozen=True)
class _State:
    """The document's body and annexes from a day on."""

    since: date | None
    body: Tree
    annexes: Tree
    changed: dict[str, tuple[Instruction, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Consolidation:
    """A document with its successive states, and the instructions left unapplied."""

    doc: Document
    states: tuple[_State, ...]
    unapplied: tuple[Unapplied, ...]
    applied: tuple[Instruction, ...]

    def as_of(self, day: date) -> Document:
        """Return the document as in force on day (the enacted text before any change)."""
        state = self._state(day)
        return replace(self.doc, body=state.body, annexes=state.annexes)

    def _state(self, day: date) -> _State:
        found = self.states[0]
        for state in self.states[1:]:
            if state.since is not None and state.since <= day:
                found = state
        return found

    def changes_as_of(self, day: date) -> dict[str, tuple[Instruction, ...]]:
        """Return, per article (or annex) path, the instructions that shaped it by day."""
        out: dict[str, list[Instruction]] = {}
        for state in self.states[1:]:
            if state.since is not None and state.since <= day:
                for path, made in state.changed.items():
                    out.setdefault(path, []).extend(made)
        return {k: tuple(v) for k, v in out.items()}

    def versions(self, path: str) -> list[Version]:
        """Return the wordings of the article (or annex) at path, oldest first."""
        out: list[Version] = [Version(path, _find(_all(self.states[0]), path),
                                      self.doc.effective_from, None)]
        for state in self.states[1:]:
            if path not in state.changed:
                continue
            prev = out[-1]
            day = state.since
            out[-1] = replace(prev, valid_to=day - timedelta(days=1) if day else None)
            out.append(Version(path, _find(_all(state), path), day, None, state.changed[path]))
        return out if out[0].provision is not None or len(out) > 1 else []

    def unapplied_under(self, path: str) -> list[Unapplied]:
        """Return the unapplied instructions aimed at path or inside it."""
        return [u for u in self.unapplied if any(
            p == path or p.startswith(path + ".") for p in u.instruction.paths)]

    @property
    def changed_paths(self) -> set[str]:
        """Return the articles (and annexes) any applied instruction changed."""
        return {p for state in self.states[1:] for p in state.changed}


def _all(state: _State) -> Tree:
    return (*state.body, *state.annexes)


def consolidate(doc: Document, instructions: Iterable[Instruction]) -> Consolidation:
    """Return the document's states after each effective date of its amendments."""
    body, annexes = doc.body, doc.annexes
    states = [_State(doc.effective_from, body, annexes)]
    unapplied: list[Unapplied] = []
    applied: list[Instruction] = []
    dated = []
    for ins in instructions:
        if ins.effective is None:
            unapplied.append(Unapplied(ins, "Không rõ ngày có hiệu lực của văn bản sửa đổi."))
        else:
            dated.append(ins)
    dated.sort(key=lambda x: (x.effective, x.source_key.split("#")[0], x.order))
    for day in sorted({ins.effective for ins in dated}):
        changed: dict[str, list[Instruction]] = {}
        fresh: dict[str, set[str]] = {}  # per amending document: the units it worded anew
        for ins in (x for x in dated if x.effective == day):
            source = ins.source_key.split("#")[0]
            try:
                done = apply_instruction(doc.ref, body, annexes, ins,
                                         skip=frozenset(fresh.get(source, ())))
            except NotApplied as err:
                unapplied.append(Unapplied(ins, str(err)))
                continue
            body, annexes = done.body, done.annexes
            fresh.setdefault(source, set()).update(done.fresh)
            applied.append(ins)
            for path in done.touched:
                changed.setdefault(path, []).append(ins)
        if changed:
            states.append(_State(day, body, annexes, {k: tuple(v) for k, v in changed.items()}))
    return Consolidation(doc, tuple(states), tuple(unapplied), tuple(applied))


@dataclass(frozen=True)
class Applied:
    """The document after one instruction: body, annexes, the articles (or annexes) changed,
    and the units worded anew (a phrase change of the same amending document passes them by:
    the new wording is already the amended one)."""

    body: Tree
    annexes: Tree
    touched: tuple[str, ...]
    fresh: tuple[str, ...] = ()


def apply_instruction(ref: str, body: Tree, annexes: Tree, ins: Instruction,
                      skip: frozenset[str] = frozenset()) -> Applied:
    """Return the document after one instruction, or raise NotApplied; a phrase change leaves
    the units in skip as they are."""
    if ins.action in (REPLACE_PHRASE, DELETE_PHRASE):
        return _phrase(body, annexes, ins, skip)
    if ins.action == REPEAL:
        for path in ins.paths:
            _require(body, annexes, path)
        for path in ins.paths:
            body, annexes = _edit(body, path, _repealed), _edit(annexes, path, _repealed)
        return Applied(body, annexes, tuple(dict.fromkeys(_unit(p) for p in ins.paths)))
    if ins.action == RENAME:
        return _rename(body, annexes, ins)
    if ins.action == LEAD:
        return _lead(body, annexes, ins)
    return _units(ref, body, annexes, ins)


REPEALED_TEXT = "(được bãi bỏ)"


def _repealed(node: Provision) -> Provision | None:
    """Return what a repealed unit leaves: nothing for an article or annex, its number and
    "(được bãi bỏ)" for a clause or point (the numbering of the rest stays as enacted)."""
    if node.kind in (CLAUSE, POINT):
        return replace(node, heading="", text=REPEALED_TEXT, children=())
    return None


def _unit(path: str) -> str:
    """Return the article (or annex) path that holds path."""
    return path.split(".")[0]


def _require(body: Tree, annexes: Tree, path: str) -> Provision:
    found = _find((*body, *annexes), path)
    if found is None:
        raise NotApplied(f"Văn bản không có {_name(path)}.")
    return found


def _name(path: str) -> str:
    """Return a path as words: 'dieu-8.khoan-2' -> 'khoản 2 Điều 8'."""
    words = {"dieu": "Điều", "khoan": "khoản", "diem": "điểm", "phu-luc": "Phụ lục",
             "chuong": "Chương", "muc": "Mục"}
    out = []
    for seg in reversed(path.split(".")):
        kind, _, num = seg.rpartition("-") if not seg.startswith("phu-luc") else (
            "phu-luc", "", seg.removeprefix("phu-luc-"))
        out.append(f"{words.get(kind, kind)} {num.replace('dd', 'đ')}".strip())
    return " ".join(out)


def _find(tree: Iterable[Provision], path: str) -> Provision | None:
    for node in tree:
        if node.path == path:
            return node
        if path.startswith(node.path + ".") or node.kind not in (ARTICLE, CLAUSE, POINT):
            found = _find(node.children, path)
            if found is not None:
                return found
    return None


def _edit(tree: Tree, path: str, fn: Callable[[Provision], Provision | None]) -> Tree:
    """Return the tree with the node at path replaced by fn(node) (removed when None)."""
    out: list[Provision] = []
    for node in tree:
        if node.path == path:
            new = fn(node)
            if new is not None:
                out.append(new)
        elif path.startswith(node.path + ".") or node.kind not in (ARTICLE, CLAUSE, POINT, ANNEX):
            out.append(replace(node, children=_edit(node.children, path, fn)))
        else:
            out.append(node)
    return tuple(out)


def _map_text(node: Provision, fn: Callable[[str], str],
              skip: frozenset[str] = frozenset()) -> Provision:
    """Return node with fn applied to its heading and text and to its descendants (those in
    skip left as they are)."""
    if node.path in skip:
        return node
    return replace(node, heading=fn(node.heading), text=fn(node.text),
                   children=tuple(_map_text(c, fn, skip) for c in node.children))


def _phrase(body: Tree, annexes: Tree, ins: Instruction, skip: frozenset[str]) -> Applied:
    """Replace (or delete) a phrase in the listed provisions, or the whole document."""
    def change(text: str) -> str:
        if ins.action == DELETE_PHRASE:
            return _delete(text, ins.old)
        return _replace(text, ins.old, ins.new)

    scope = list(ins.paths) or [p.path for p in (*_units_of(body),
                                                 *(annexes if ins.annexes else ()))]
    touched = []
    for path in scope:
        node = _require(body, annexes, path)
        new = _map_text(node, change, skip)
        if new != node:
            body, annexes = _edit(body, path, lambda p, n=new: n), _edit(
                annexes, path, lambda p, n=new: n)
            touched.append(_unit(path))
    if not touched:
        where = ", ".join(_name(p) for p in ins.paths) or "văn bản"
        raise NotApplied(f"Không thấy cụm từ “{ins.old}” tại {where}.")
    return Applied(body, annexes, tuple(dict.fromkeys(touched)))


def _replace(text: str, old: str, new: str) -> str:
    """Return text with a phrase replaced, its first letter matched in either case ("tổ chức"
    at a sentence start reads "Tổ chức"); the new phrase is capitalised where the text was."""
    if not old:
        return text
    first = re.escape(old[0])
    pattern = re.compile(f"(?:{first.lower()}|{first.upper()})" + re.escape(old[1:]))

    def put(m: re.Match) -> str:
        upper = m.group(0)[0].isupper() and not old[0].isupper()
        return new[:1].upper() + new[1:] if upper else new

    return pattern.sub(put, text)


def _delete(text: str, phrase: str) -> str:
    """Return text without a phrase, and without the list separator it leaves behind."""
    quoted = re.escape(phrase)
    for pattern, put in ((quoted + r"\s*,\s*", ""), (r"\s*(?:,|\bvà|\bhoặc)\s*" + quoted, ""),
                         (r"[ \t]*" + quoted, "")):
        if re.search(pattern, text):
            return re.sub(pattern, put, text)
    return text


def _units_of(tree: Tree) -> list[Provision]:
    """Return the articles of a tree (those inside chapters and sections too)."""
    out = []
    for node in tree:
        if node.kind in (ARTICLE, ANNEX):
            out.append(node)
        else:
            out += _units_of(node.children)
    return out


def _rename(body: Tree, annexes: Tree, ins: Instruction) -> Applied:
    """Give the named provision the heading the new wording states."""
    if len(ins.paths) != 1:
        raise NotApplied("Không xác định được điều, khoản được sửa tên.")
    path = ins.paths[0]
    _require(body, annexes, path)
    first = (ins.text.strip().splitlines() or [""])[0]  # a new name is one line
    heading = re.sub(r"^(?:Điều|Chương|Mục|Phần)\s+[\dIVXLC]+[a-zđ]?\s*[.:]\s*", "",
                     first, flags=re.IGNORECASE).strip()
    return Applied(_edit(body, path, lambda p: replace(p, heading=heading)), annexes,
                   (_unit(path),))


def _lead(body: Tree, annexes: Tree, ins: Instruction) -> Applied:
    """Replace the opening words of a provision, keeping its clauses or points."""
    if len(ins.paths) != 1:
        raise NotApplied("Không xác định được khoản, điểm có đoạn mở đầu được sửa.")
    path = ins.paths[0]
    node = _require(body, annexes, path)
    text = re.sub(r"^(?:\d{1,3}[a-zđ]?\.|[a-zđ]\))\s*", "", ins.text.strip())
    return Applied(_edit(body, path, lambda p: replace(p, text=text)), annexes,
                   (_unit(node.path),))


def _units(ref: str, body: Tree, annexes: Tree, ins: Instruction) -> Applied:
    """Replace or insert the units (articles, clauses, points) the new wording holds."""
    kind = unit_kind(ins.text)
    if kind is None:
        return _free_text(ref, body, annexes, ins)
    if kind == ARTICLE and ins.paths and all("." in p for p in ins.paths):
        return _article_parts(ref, body, annexes, ins)
    parent = _parent_of(kind, ins)
    if parent is None:
        raise NotApplied("Không xác định được điều, khoản nhận nội dung mới.")
    if parent and _find((*body, *annexes), parent) is None:
        raise NotApplied(f"Văn bản không có {_name(parent)}.")
    touched, fresh = [], []
    after = ins.after
    for unit in _parse_units(kind, ins.text, parent, ref):
        if _find(body, unit.path) is not None:
            body = _edit(body, unit.path, lambda p, u=unit: u)
        else:
            body = _insert(body, parent, unit, after)
        after = unit.path
        touched.append(_unit(unit.path))
        fresh += [p.path for p in unit.walk()]
    if not touched:
        raise NotApplied("Không đọc được nội dung mới.")
    return Applied(body, annexes, tuple(dict.fromkeys(touched)), tuple(fresh))


def _article_parts(ref: str, body: Tree, annexes: Tree, ins: Instruction) -> Applied:
    """Apply an article's new wording to the named clauses (or points) only, with the
    article's new name ("Sửa đổi, bổ sung tên điều và khoản 1 Điều 66 như sau")."""
    units = _parse_units(ARTICLE, ins.text, "", ref)
    if len(units) != 1:
        raise NotApplied("Không đọc được nội dung mới.")
    article = units[0]
    if _find(body, article.path) is None:
        raise NotApplied(f"Văn bản không có {_name(article.path)}.")
    body = _edit(body, article.path, lambda p: replace(p, heading=article.heading))
    fresh = []
    for path in ins.paths:
        new = _find((article,), path)
        if new is None:
            continue
        parent = path.rpartition(".")[0]
        body = (_edit(body, path, lambda p, n=new: n) if _find(body, path)
                else _insert(body, parent, new, ""))
        fresh += [p.path for p in new.walk()]
    return Applied(body, annexes, (article.path,), tuple(fresh))


def _parent_of(kind: str, ins: Instruction) -> str | None:
    """Return the path that receives units of this kind ('' for articles), None if unknown."""
    if kind == ARTICLE:
        return ""
    depth = 1 if kind == CLAUSE else 2
    parents = {".".join(p.split(".")[:depth]) for p in (*ins.paths, ins.after)
               if p.count(".") >= depth - 1 and p.startswith("dieu-")}
    if kind == POINT:
        parents = {p for p in parents if ".khoan-" in p}
    return parents.pop() if len(parents) == 1 else None


def _parse_units(kind: str, text: str, parent: str, ref: str) -> list[Provision]:
    """Return the units a new wording holds, keyed under parent."""
    lines = [line for line in text.splitlines() if line.strip()]
    if kind == ARTICLE:
        units, _ = build_body(lines, ref)
        units = tuple(_units_of(units))
    elif kind == CLAUSE:
        units = parse_article("", "", [*_fillers(kind, lines[0]), *lines], ref).children
    else:
        units = parse_article("", "", ["1. " + _FILLER, *_fillers(kind, lines[0]), *lines],
                              ref).children[0].children
    return [_rekey(u, parent, ref) for u in units if u.kind == kind and u.text != _FILLER]


_FILLER = "\u2060"  # text of the units put before a wording that starts at "6." or "đ)"


def _fillers(kind: str, first: str) -> list[str]:
    """Return placeholder units numbered before the wording's first one, so that the parser,
    which expects numbering from 1 (or a), reads a wording starting at clause 6 or point đ."""
    if kind == CLAUSE:
        m = re.match(r"(\d+)", first)
        return [f"{k}. {_FILLER}" for k in range(1, int(m.group(1)))] if m else []
    head = first[:1].lower()
    if head not in _POINT_ORDER:
        return []
    return [f"{x}) {_FILLER}" for x in _POINT_ORDER[: _POINT_ORDER.index(head)]
            if x in "abcdđeghiklmnopqrstuvxy"]


def _rekey(node: Provision, parent: str, ref: str) -> Provision:
    """Return node (and its descendants) with paths and keys under parent."""
    seg = segment(node.kind, node.number)
    path = seg if node.kind == ARTICLE or not parent else f"{parent}.{seg}"
    return replace(node, path=path, key=make_key(ref, path),
                   children=tuple(_rekey(c, path, ref) for c in node.children))


def _insert(tree: Tree, parent: str, unit: Provision, after: str) -> Tree:
    """Return the tree with unit inserted under parent after `after` (or by its number)."""
    if not parent:
        return _insert_article(tree, unit, after)
    def add(node: Provision) -> Provision:
        kids = list(node.children)
        i = _position(kids, unit, after)
        return replace(node, children=(*kids[:i], unit, *kids[i:]))
    return _edit(tree, parent, add)


def _insert_article(tree: Tree, unit: Provision, after: str) -> Tree:
    """Insert an article after `after` (or its number's predecessor), inside its container."""
    arts = _units_of(tree)
    prev = after if _find(tree, after) else ""
    if not prev:
        earlier = [a for a in arts if a.kind == ARTICLE and _order(a.number) < _order(unit.number)]
        prev = earlier[-1].path if earlier else ""
    if not prev:
        return (unit, *tree)
    return _after_in(tree, prev, unit)


def _after_in(tree: Tree, prev: str, unit: Provision) -> Tree:
    out: list[Provision] = []
    for node in tree:
        if node.path == prev:
            out += [node, unit]
        elif node.kind not in (ARTICLE, CLAUSE, POINT, ANNEX):
            out.append(replace(node, children=_after_in(node.children, prev, unit)))
        else:
            out.append(node)
    return tuple(out)


def _position(kids: list[Provision], unit: Provision, after: str) -> int:
    """Return where a new unit goes among its siblings."""
    for i, kid in enumerate(kids):
        if kid.path == after:
            return i + 1
    same = [i for i, k in enumerate(kids) if k.kind == unit.kind
            and _order(k.number) < _order(unit.number)]
    return same[-1] + 1 if same else len(kids) if not any(
        k.kind == unit.kind for k in kids) else 0


def _order(number: str) -> tuple:
    """Return a sort key of a unit number: 5 < 5a < 6; a < b < đ < e."""
    m = re.match(r"(\d+)(.*)", number)
    if m:
        return (int(m.group(1)), m.group(2))
    head = number[:1].lower()
    rank = _POINT_ORDER.index(head) if head in _POINT_ORDER else 99
    return (rank, number[1:])


def _free_text(ref: str, body: Tree, annexes: Tree, ins: Instruction) -> Applied:
    """Replace a named provision's wording with an unnumbered new wording."""
    if len(ins.paths) != 1:
        raise NotApplied("Nội dung mới không ghi số điều, khoản và lệnh sửa đổi không chỉ rõ "
                         "một điều, khoản.")
    path = ins.paths[0]
    node = _require(body, annexes, path)
    parsed = parse_article(node.number, node.heading, ins.text.splitlines(), ref)
    new = replace(_rekey(replace(parsed, kind=node.kind), path.rpartition(".")[0], ref),
                  path=path, key=node.key, number=node.number, heading=node.heading)
    new = replace(new, children=tuple(_rekey(c, path, ref) for c in parsed.children))
    return Applied(_edit(body, path, lambda p: new), annexes, (_unit(path),),
                   tuple(p.path for p in new.walk()))


def amendments_of(graph: RelationGraph, doc: Document) -> list[Instruction]:
    """Return the instructions the graph's documents give for doc: from every document that
    names it, those whose target is doc, dated by the link of their provision when it states
    its own date (an exception in the final articles), else by their document's."""
    sources: dict[str, set[str]] = {}
    for link in graph.incoming(doc.ref):  # read only the articles that may amend doc
        path = split_key(link.relation.source_key)[1]
        if path and (link.relation.type in AMENDING
                     or may_amend(link.relation.evidence or "")):
            sources.setdefault(link.source_doc, set()).add(path.split(".")[0])
    out: list[Instruction] = []
    for ref in sorted(sources):
        amending = graph.document(ref)
        if amending is None or amending is doc:
            continue
        dates = {link.relation.source_key: link.effective for link in graph.outgoing(ref)
                 if link.effective is not None}
        for ins in parse_instructions(amending, frozenset(sources[ref])):
            if ins.target and graph.document(ins.target) is doc:
                when = dates.get(ins.source_key) or ins.effective or amending.issued
                out.append(replace(ins, effective=when))
    return out


__all__ = ["Applied", "Consolidation", "NotApplied", "Unapplied", "Version",
           "amendments_of", "apply_instruction", "consolidate"]
