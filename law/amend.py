"""Amendment instructions read from an amending document, as Vietnamese drafting writes them.

    parse_instructions(doc) -> [Instruction]   every instruction the document's provisions give

An instruction names the document it changes (a number or a law's name, as written; the caller
resolves it), the provisions it aims at (paths), and what to do:
- SUBSTITUTE "Sửa đổi, bổ sung khoản 2 Điều 8 như sau: «…»", "Điều 3 được sửa đổi như sau";
  the quoted wording decides, unit by unit, what is replaced and what is added ("bổ sung
  khoản 3a vào sau khoản 3": a unit the document lacks is inserted after its predecessor);
- INSERT "Bổ sung Điều 5a vào sau Điều 5 như sau: «…»", "bổ sung điểm đ vào khoản 2";
- RENAME "Sửa đổi tên Điều 8 như sau: «…»"; LEAD "Sửa đổi đoạn mở đầu khoản 2 …";
- REPEAL "Bãi bỏ điểm c khoản 2 Điều 8", "Điều 10 được bãi bỏ";
- REPLACE_PHRASE "Thay thế cụm từ “X” bằng (thành) cụm từ “Y” tại …", "cụm từ “X” được thay
  bằng cụm từ “Y”"; DELETE_PHRASE "Bỏ cụm từ “X” tại …" — in the listed provisions, or the
  whole document when none is listed ("bao gồm Phụ lục …" reaches the annexes).
Several instructions in one sentence are split at their verbs.  Pure functions over records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from ingest.models import ARTICLE, CLAUSE, POINT, Document, Provision
from ingest.references import Citation, Here, blank_quotes, cite
from ingest.structure import parse_article

SUBSTITUTE, INSERT, RENAME, LEAD = "substitute", "insert", "rename", "lead"
REPEAL, REPLACE_PHRASE, DELETE_PHRASE = "repeal", "replace_phrase", "delete_phrase"
ACTION_LABELS = {
    SUBSTITUTE: "Sửa đổi, bổ sung", INSERT: "Bổ sung", RENAME: "Sửa đổi tên",
    LEAD: "Sửa đổi đoạn mở đầu", REPEAL: "Bãi bỏ", REPLACE_PHRASE: "Thay thế cụm từ",
    DELETE_PHRASE: "Bỏ cụm từ",
}

_AS_FOLLOWS = re.compile(r"\bnhư\s+sau\s*:?", re.IGNORECASE)
_OPEN, _CLOSE = "“\"", "”\""
# a new instruction starts after ";" or ", " or " và " when a verb follows
_SPLIT = re.compile(r"(?:;\s*|,\s+|\s+và\s+)(?=(?:sửa\s+đổi|bổ\s+sung|bãi\s+bỏ|thay\s+thế|"
                    r"thay|bỏ)\b)", re.IGNORECASE)
_AMEND_WORD = re.compile(r"\b(?:sửa\s+đổi|bổ\s+sung|thay\s+thế)\b", re.IGNORECASE)
_REPEAL_WORD = re.compile(r"\b(?:bãi\s+bỏ|bỏ)\b", re.IGNORECASE)
_PHRASE_WORD = re.compile(r"\b(?:cụm\s+)?từ\s*[“\"]", re.IGNORECASE)
_PAIR = re.compile(
    r"(?:cụm\s+)?từ\s*[“\"](?P<old>[^”\"]+)[”\"]\s*(?:,\s*)?(?:được\s+)?"
    r"(?:(?:thay\s+thế|thay\s+đổi|thay)\s+)?(?:bằng|thành)\s+(?:các\s+)?(?:cụm\s+)?từ\s*"
    r"[“\"](?P<new>[^”\"]*)[”\"]", re.IGNORECASE)
_PAIR_LIST = re.compile(  # "các cụm từ “A”, “B” bằng cụm từ “C”"
    r"(?:các\s+)?(?:cụm\s+)?từ\s*((?:[“\"][^”\"]+[”\"]\s*(?:,|và)?\s*){2,})(?:được\s+)?"
    r"(?:(?:thay\s+thế|thay)\s+)?(?:bằng|thành)\s+(?:cụm\s+)?từ\s*[“\"](?P<new>[^”\"]*)[”\"]",
    re.IGNORECASE)
_QUOTED = re.compile(r"[“\"]([^”\"]+)[”\"]")
_SCOPE = re.compile(r"[”\"][^“\"]*\b(?:tại|ở|trong)\b[^“\"]*$", re.IGNORECASE)
# "Luật X số 23/2004/QH11 đã được sửa đổi, bổ sung một số điều theo Luật số 48/2014/QH13"
# describes the changed law: neither an instruction nor another target
_DESCRIBED = re.compile(
    r"\bđã\s+được\s+sửa\s+đổi(?:,\s*bổ\s+sung)?(?:\s+một\s+số\s+điều)?\s+(?:theo|bởi|tại)\s+"
    r"(?:các\s+)?(?:Bộ\s+luật|Luật|Pháp\s+lệnh|Nghị\s+định|Nghị\s+quyết|Thông\s+tư)"
    r"(?:[^;:“\"]*?\d+/\d{4}/[\w-]+)(?:\s*(?:,|và)\s*(?:Luật\s+)?(?:số\s+)?\d+/\d{4}/[\w-]+)*",
    re.IGNORECASE)
# a rename alone: "Sửa đổi tên Điều 8", not "tên điều và khoản 1 Điều 66" (a new wording)
_RENAME = re.compile(r"\btên\s+(?:của\s+)?(?:điều|chương|mục|phần|khoản)\b(?!\s+và\b)",
                     re.IGNORECASE)
_LEAD = re.compile(r"\b(?:đoạn|phần|câu)\s+(?:mở\s+đầu|dẫn)\b", re.IGNORECASE)
_INSERT = re.compile(r"^\s*(?:và\s+)?bổ\s+sung\s+(?:thêm\s+)?(?:các\s+)?(?:điều|khoản|điểm|"
                     r"chương|mục)\b", re.IGNORECASE)
_AFTER = re.compile(r"\bvào\s+(?:sau|trước|cuối)?\s*", re.IGNORECASE)
_UNIT_HEAD = {
    ARTICLE: re.compile(r"^Điều\s+(\d{1,4}[a-zđ]?)\s*[.:]", re.IGNORECASE),
    CLAUSE: re.compile(r"^(\d{1,3}[a-zđ]?)\s*\.\s"),
    POINT: re.compile(r"^([a-zđ]\d?)\s*\)\s"),
}


@dataclass(frozen=True)
class Instruction:
    """One change an amending provision orders in another document."""

    action: str  # SUBSTITUTE, INSERT, RENAME, LEAD, REPEAL, REPLACE_PHRASE, DELETE_PHRASE
    target: str  # the changed document as named: number or law label ("" when unnamed)
    paths: tuple[str, ...]  # provisions aimed at; () = the whole document (phrase actions)
    source_key: str  # the amending provision
    sentence: str  # the instruction as written
    text: str = ""  # the new wording (without its quotation marks)
    old: str = ""  # phrase replaced or deleted
    new: str = ""  # phrase put in
    after: str = ""  # where an inserted unit goes: the path it follows ("" = by its number)
    annexes: bool = False  # a whole-document phrase change reaches the annexes
    effective: date | None = None
    order: int = 0  # position in the amending document

    @property
    def label(self) -> str:
        """Return the Vietnamese name of the action ('Bãi bỏ')."""
        return ACTION_LABELS[self.action]


@dataclass(frozen=True)
class _Context:
    target: str = ""  # document named by an enclosing provision
    article: str = ""  # article path named by an enclosing instruction ("dieu-8")
    clause: str = ""  # clause path named by an enclosing instruction ("dieu-8.khoan-2")


def may_amend(sentence: str) -> bool:
    """Return True when a sentence has the words of an instruction (sửa đổi, bổ sung, thay
    thế, bãi bỏ, bỏ, or a quoted phrase): one citing a document may still change its words."""
    return any(p.search(sentence) for p in (_AMEND_WORD, _REPEAL_WORD, _PHRASE_WORD))


def parse_instructions(doc: Document, within: frozenset[str] | None = None
                       ) -> list[Instruction]:
    """Return the instructions of an amending document, in document order; with `within`
    (article paths), only those of these articles (their chapters still give context)."""
    out: list[Instruction] = []
    base = _Context(target=_doc_target(" ".join(x for x in (doc.title or "",) if x), ""))
    for top in doc.body:
        _walk(top, base, doc, out, within)
    return [_with_order(ins, i) for i, ins in enumerate(out)]


def _outside(p: Provision, within: frozenset[str] | None) -> bool:
    """Return True when a provision neither is, lies in nor holds one of the wanted
    articles (a chapter holding one is walked for its context)."""
    if within is None or p.path in within or any(p.path.startswith(w + ".") for w in within):
        return False
    return not any(q.path in within for q in p.walk())


def _with_order(ins: Instruction, i: int) -> Instruction:
    return replace(ins, order=i)


def _walk(p: Provision, ctx: _Context, doc: Document, out: list[Instruction],
          within: frozenset[str] | None = None) -> None:
    """Collect instructions of p and, unless p's text holds the new wording, its children
    (only in the wanted articles, when `within` names them)."""
    if _outside(p, within):
        return
    head, block = split_block(p.text)
    if p.kind == ARTICLE:
        ctx = _Context(target=_doc_target(p.heading, ctx.target))
    ctx = _Context(_doc_target(head, ctx.target), ctx.article, ctx.clause)
    inner = _inner_context(head, ctx)
    nested = _nested(p, head, doc.ref)
    if nested:  # "Sửa đổi một số khoản của Điều 46 như sau: a) Bổ sung …; b) Sửa đổi …"
        for child in nested:
            _walk(child, inner, doc, out)
        return
    found = _instructions(p, head, block, ctx, doc)
    out.extend(found)
    if found and found[-1].action in (SUBSTITUTE, INSERT, RENAME, LEAD) and not block.strip():
        # the new wording is not quoted: the parser took it as p's children
        return
    for child in p.children:
        _walk(child, inner, doc, out, within)


_NESTED = re.compile(r"^\s*(?:[a-zđ]\d?\)|\d{1,3}[a-zđ]?\.)\s*(?:Sửa\s+đổi|Bổ\s+sung|Bãi\s+bỏ|"
                     r"Thay\s+thế|Thay|Bỏ|(?:Điều|Khoản|Điểm)\s+\w+(?:\s+\w+){0,4}\s+được)\b")


def _nested(p: Provision, head: str, ref: str) -> tuple[Provision, ...]:
    """Return the instructions listed under "như sau:" as provisions (points or clauses
    keyed under p), when what follows is a list of instructions rather than a new wording."""
    rest = p.text[len(head):]
    lines = [line for line in rest.splitlines() if line.strip()]
    if not lines or not _NESTED.match(lines[0]):
        return ()
    parsed = parse_article("", "", lines, ref)
    units = parsed.children
    return tuple(_under(u, p) for u in units)


def _lead_line(node: Provision) -> str:
    """Return a unit's first line as written, its number first ("a) Bổ sung …")."""
    first = (node.text.splitlines() or [""])[0]
    mark = {POINT: f"{node.number})", CLAUSE: f"{node.number}."}.get(node.kind, "")
    return f"{mark} {first}".strip()


def _under(node: Provision, parent: Provision) -> Provision:
    """Return a parsed unit keyed under parent (its path and key extend parent's)."""
    path = f"{parent.path}.{node.path}"
    return replace(node, path=path, key=f"{parent.key}.{node.path}",
                   children=tuple(_under(c, parent) for c in node.children))


def split_block(text: str) -> tuple[str, str]:
    """Return (instruction, new wording) of a provision's text split after 'như sau:'."""
    m = _AS_FOLLOWS.search(blank_quotes(text))
    if not m:
        return text, ""
    return text[: m.end()], _unquote(text[m.end():])


def _unquote(block: str) -> str:
    """Return the new wording without the quotation marks around it (and around its lines)."""
    lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
    if not lines:
        return ""
    opened = lines[0][:1] in _OPEN
    out = []
    for line in lines:
        if opened and line[:1] in _OPEN and not _closes_inside(line):
            line = line[1:]
        line = re.sub(r"[”\"]\s*[.;,]?\s*$", "", line) if opened and _ends_quote(line) else line
        out.append(line.strip())
    return "\n".join(x for x in out if x)


def _closes_inside(line: str) -> bool:
    """Return True when a line opening with a quote closes it before its end (a phrase)."""
    body = line[1:]
    return "”" in body[:-2] and body.count("“") < body.count("”") - 1


def _ends_quote(line: str) -> bool:
    """Return True when a line ends with a closing quotation mark (then '.' or ';')."""
    stripped = re.sub(r"[.;,]\s*$", "", line.rstrip())
    if not stripped.endswith(("”", '"')):
        return False
    return stripped.count("“") <= stripped.count("”")


def _doc_target(text: str, inherited: str) -> str:
    """Return the document a text names as the one changed (its last mention), else inherited."""
    if not text:
        return inherited
    text = _DESCRIBED.sub(lambda m: " " * len(m.group(0)), text)
    named = [c.mention for c in cite(blank_quotes(text)) if c.mention is not None
             and c.mention.kind != "self"]
    if not named:
        return inherited
    return named[-1].target.rstrip(" :;,.")


def _inner_context(head: str, ctx: _Context) -> _Context:
    """Return the context children of an enclosing instruction inherit (its article, clause)."""
    paths = [p for c in _cites(head, ctx) for p in c.paths]
    arts = {p.split(".")[0] for p in paths if p.startswith("dieu-")}
    if len(arts) != 1:
        return ctx
    art = arts.pop()
    clauses = {".".join(p.split(".")[:2]) for p in paths if p.count(".") >= 1
               and p.split(".")[1].startswith("khoan-")}
    return _Context(ctx.target, art, clauses.pop() if len(clauses) == 1 else ctx.clause)


def _cites(text: str, ctx: _Context) -> list[Citation]:
    """Return the citations of an instruction (quotes blanked), partial paths completed."""
    here = Here(article=ctx.article.removeprefix("dieu-"))
    out = []
    for c in cite(blank_quotes(text), here, attach_bare=True):
        if c.mention is not None and c.mention.kind == "self" and not c.paths:
            continue
        out.append(Citation(c.mention, tuple(_complete(p, ctx) for p in c.paths), c.start,
                            c.end, c.head))
    return out


def _complete(path: str, ctx: _Context) -> str:
    """Return a path with the article (and clause) of the context put before a partial one."""
    if path.startswith(("dieu-", "chuong-", "muc-", "phan-", "phu-luc")):
        return path
    if path.startswith("khoan-"):
        return f"{ctx.article}.{path}" if ctx.article else path
    if path.startswith("diem-"):
        return f"{ctx.clause}.{path}" if ctx.clause else path
    return path


def _instructions(p: Provision, head: str, block: str, ctx: _Context,
                  doc: Document) -> list[Instruction]:
    """Return the instructions one provision's own text gives."""
    if not (_AMEND_WORD.search(blank_quotes(head)) or _REPEAL_WORD.search(blank_quotes(head))
            or _PHRASE_WORD.search(head)):
        return []
    out: list[Instruction] = []
    head = _DESCRIBED.sub(lambda m: " " * len(m.group(0)), head)
    pieces = _pieces(head)
    for i, piece in enumerate(pieces):
        last = i == len(pieces) - 1
        out += _from_piece(p, piece, block if last else "", ctx, doc, head, pieces[i + 1:])
    return _merge_worded(out, pieces, ctx) if block else out


def _merge_worded(found: list[Instruction], pieces: list[str],
                  ctx: _Context) -> list[Instruction]:
    """Return instructions with the provisions named by every amending piece of the sentence
    ("Sửa đổi, bổ sung khoản 3, bổ sung khoản 3a vào sau khoản 3 và sửa đổi khoản 4 Điều 16")
    given to the one holding the new wording."""
    worded = [i for i in found if i.text]
    if not worded:
        return found
    last = worded[-1]
    named: list[str] = []
    for i, piece in enumerate(pieces):
        words = blank_quotes(piece)
        if _PHRASE_WORD.search(piece) or (_REPEAL_WORD.search(words)
                                          and not _AMEND_WORD.search(words)):
            continue
        paths = tuple(x for c in _cites(piece, ctx) if _aims(c) for x in c.paths)
        named += _finish(paths, pieces[i + 1:], ctx)
    named = [_near(x, last.after) for x in named if x != last.after]
    merged = replace(last, paths=tuple(dict.fromkeys((*named, *last.paths))))
    return [merged if i is last else i for i in found if i.text or i.action not in (
        SUBSTITUTE, INSERT)]


def _pieces(head: str) -> list[str]:
    """Return the instruction sentence cut where a new verb starts a new instruction."""
    blanked = blank_quotes(head)
    cuts = [0] + [m.start() for m in _SPLIT.finditer(blanked)
                  if not _inside_provision_list(blanked, m.start())] + [len(head)]
    return [head[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if head[a:b].strip()]


def _inside_provision_list(text: str, at: int) -> bool:
    """Return True when a cut would fall inside 'được sửa đổi, bổ sung' (one verb phrase)."""
    before = text[max(0, at - 12): at].lower()
    return bool(re.search(r"(?:sửa\s+đổi|thay\s+thế)\s*$", before))


def _from_piece(p: Provision, piece: str, block: str, ctx: _Context, doc: Document,
                head: str, later: list[str]) -> list[Instruction]:
    """Return the instructions of one piece of an instruction sentence (one per document
    it names: "Điều 101 của Luật A, Điều 28 của Luật B")."""
    scope = piece
    if _PHRASE_WORD.search(piece) and not _SCOPE.search(blank_quotes(piece)):
        scope = next((x for x in later if _SCOPE.search(blank_quotes(x))), piece)
    groups = _by_target(_cites(scope, ctx), ctx)
    out: list[Instruction] = []
    for target, paths in groups.items():
        common = {"target": target, "source_key": p.key, "sentence": head.strip(),
                  "effective": doc.effective_from}
        done = _finish(tuple(dict.fromkeys(paths)), later, ctx)
        out += _make(p, piece, scope, block if len(groups) == 1 else "", done, ctx, common)
    return out


def _by_target(cites: list[Citation], ctx: _Context) -> dict[str, list[str]]:
    """Return the paths a piece names, grouped by the document each belongs to."""
    groups: dict[str, list[str]] = {}
    for c in cites:
        if c.mention is not None and c.mention.kind == "self":
            continue
        target = c.mention.target.rstrip(" :;,.") if c.mention is not None else ctx.target
        groups.setdefault(target, []).extend(c.paths)
    if not groups and ctx.target:
        groups[ctx.target] = []
    return groups


def _make(p: Provision, piece: str, scope: str, block: str, paths: tuple[str, ...],
          ctx: _Context, common: dict) -> list[Instruction]:
    """Return the instructions of a piece for one changed document."""
    blanked = blank_quotes(piece)
    if _PHRASE_WORD.search(piece):
        return _phrase_instructions(piece, paths, common, scope)
    if _REPEAL_WORD.search(blanked) and not _AMEND_WORD.search(blanked):
        return [Instruction(REPEAL, paths=paths, **common)] if paths else []
    if not _AMEND_WORD.search(blanked) or not (paths or block):
        return []
    if not block and (not p.children or _NESTED.match(_lead_line(p.children[0]))):
        return []  # nothing worded anew here; a list of instructions is read child by child
    text = block or "\n".join(c.full_text() if c.kind != ARTICLE else _article_text(c)
                              for c in p.children)
    if _RENAME.search(blanked):  # "tên điều" without a number: the article being amended
        named = paths or ((ctx.article,) if ctx.article else ())
        return [Instruction(RENAME, paths=named, text=text, **common)]
    if _LEAD.search(blanked):
        return [Instruction(LEAD, paths=paths, text=text, **common)]
    if _INSERT.search(blanked):
        after = _after(piece, ctx)
        return [Instruction(INSERT, paths=tuple(_near(x, after) for x in paths if x != after),
                            text=text, after=after, **common)]
    return [Instruction(SUBSTITUTE, paths=paths, text=text, **common)]


def _near(path: str, after: str) -> str:
    """Return a partial path ('khoan-1a') completed by the unit it follows
    ('dieu-37.khoan-1' -> 'dieu-37.khoan-1a')."""
    if "." in path or path.startswith("dieu-") or not after:
        return path
    parent, _, last = after.rpartition(".")
    if parent and last.split("-")[0] == path.split("-")[0]:
        return f"{parent}.{path}"
    return path


def _article_text(a: Provision) -> str:
    """Return an article's text as it is quoted: 'Điều 5. Heading' then its full text."""
    return "\n".join(x for x in (f"Điều {a.number}. {a.heading}".strip(), a.full_text()) if x)


def _aims(c: Citation) -> bool:
    """Return True when a citation names provisions of the changed document (not another's)."""
    return c.mention is None or c.mention.kind != "self"


def _finish(paths: tuple[str, ...], later: list[str], ctx: _Context) -> tuple[str, ...]:
    """Return paths with a partial one completed by what the sentence names later: a clause
    by the article ('khoản 2, bãi bỏ khoản 3 Điều 8'), a point by the clause ('các điểm đ, e
    và bổ sung điểm h vào sau điểm g khoản 1')."""
    if all(x.startswith(("dieu-", "chuong-", "muc-", "phan-", "phu-luc")) for x in paths):
        return paths
    full = [x for piece in later for c in _cites(piece, ctx) for x in c.paths
            if x.startswith("dieu-")]
    if not full:
        return paths
    clauses = [".".join(x.split(".")[:2]) for x in full if ".khoan-" in x]
    return tuple(_finished(x, full[0].split(".")[0], clauses[0] if clauses else "")
                 for x in paths)


def _finished(path: str, article: str, clause: str) -> str:
    """Return a partial path put under the article (a clause) or the clause (a point)."""
    if path.startswith("dieu-"):
        return path
    if path.startswith("diem-") and clause:
        return f"{clause}.{path}"
    return f"{article}.{path}"


def _after(piece: str, ctx: _Context) -> str:
    """Return the path an inserted unit follows ('vào sau khoản 3 Điều 8'), '' when unsaid."""
    blanked = blank_quotes(piece)
    m = _AFTER.search(blanked)
    if not m or "sau" not in m.group(0).lower():
        return ""
    found = [x for c in _cites(piece[m.end():], ctx) for x in c.paths]
    return found[0] if found else ""


def _phrase_instructions(piece: str, paths: tuple[str, ...], common: dict,
                         scope_text: str) -> list[Instruction]:
    """Return phrase replacements (or deletions) a piece orders, each pair one instruction;
    scope_text is the piece saying where ('tại …'), the piece itself or a later one."""
    words = blank_quotes(scope_text)
    annexes = bool(re.search(r"phụ\s+lục", words, re.IGNORECASE))
    whole = annexes and bool(re.search(r"\bbao\s+gồm\b|\bkể\s+cả\b", words, re.IGNORECASE))
    scope = () if whole and all(x.startswith("phu-luc") for x in paths) else paths
    annexes = annexes and not any(x.startswith("phu-luc") for x in scope)
    out: list[Instruction] = []
    for m in _PAIR_LIST.finditer(piece):
        for old in _QUOTED.findall(m.group(1)):
            out.append(Instruction(REPLACE_PHRASE, paths=scope, old=old, new=m.group("new"),
                                   annexes=annexes, **common))
    if not out:
        out = [Instruction(REPLACE_PHRASE, paths=scope, old=m.group("old"), new=m.group("new"),
                           annexes=annexes, **common) for m in _PAIR.finditer(piece)]
    if out:
        return out
    if _REPEAL_WORD.search(blank_quotes(piece)):
        return [Instruction(DELETE_PHRASE, paths=scope, old=old, annexes=annexes, **common)
                for old in _QUOTED.findall(piece)]
    return []


def unit_kind(text: str) -> str | None:
    """Return the kind of the units a new wording is made of (article, clause, point), or None
    for free text."""
    first = text.lstrip()
    for kind in (ARTICLE, CLAUSE, POINT):
        if _UNIT_HEAD[kind].match(first):
            return kind
    return None


__all__ = [
    "ACTION_LABELS", "DELETE_PHRASE", "INSERT", "LEAD", "RENAME", "REPEAL", "REPLACE_PHRASE",
    "SUBSTITUTE", "Instruction", "parse_instructions", "split_block", "unit_kind",
]
