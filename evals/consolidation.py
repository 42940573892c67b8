"""How well phapquy builds the amended text, against official consolidated wording.

A case is an article of a law as amended by another law, both read from their Word files, with
the Pháp điển's wording of that article (whose source note names the amending law) as the
expected text.  Three figures, as the research on automatic consolidation reports them:
- detected: an instruction of the amending provision aimed at the article was read;
- located: that instruction was applied (its target found, its phrase present);
- exact: the article's consolidated text equals the expected one after whitespace and quote
  normalisation (a repealed article: no text left).
The amending law is read in full: instructions aimed at other articles or other laws apply too,
so a wrong reading elsewhere can show here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ingest.errors import IngestError
from ingest.models import Document, Provision
from ingest.pipeline import load_path
from ingest.references import cite
from law.amend import Instruction, parse_instructions
from law.consolidate import Consolidation, consolidate
from law.relgraph import RelationGraph
from search.text import same_wording, wording_key

_FAR = date(2100, 1, 1)


@dataclass(frozen=True)
class CaseResult:
    """One case: what was found, applied, and whether the text came out exact."""

    case_id: str
    operation: str
    detected: bool
    located: bool
    exact: bool
    exact_tones: bool  # exact once old and new tone placement agree
    got: str
    expected: str
    reason: str = ""


@dataclass
class ConsolidationReport:
    """Cases scored, with the three shares."""

    results: list[CaseResult] = field(default_factory=list)

    def share(self, name: str) -> float:
        """Return the share of cases where the named figure holds (0.0 without cases)."""
        if not self.results:
            return 0.0
        return sum(getattr(r, name) for r in self.results) / len(self.results)

    def render(self) -> str:
        """Return the report as text: the three figures, then the cases that are not exact."""
        n = len(self.results)
        lines = [f"Hợp nhất văn bản: {n} trường hợp",
                 f"  lệnh sửa đổi nhận ra (detected):  {self.share('detected'):.1%}",
                 f"  vị trí xác định (located):        {self.share('located'):.1%}",
                 f"  văn bản đúng nguyên văn (exact):  {self.share('exact'):.1%}",
                 f"  đúng nguyên văn, không kể chữ hoa/thường và cách đặt dấu thanh cũ/mới: "
                 f"{self.share('exact_tones'):.1%}"]
        for r in self.results:
            if not r.exact_tones:
                why = r.reason or ("không nhận ra lệnh" if not r.detected else "khác nội dung")
                lines.append(f"  - {r.case_id} ({r.operation}): {why}")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        """Return the JSON shape: figures and each case's outcome."""
        return {"cases": len(self.results),
                **{k: round(self.share(k), 4)
                   for k in ("detected", "located", "exact", "exact_tones")},
                "results": [{"id": r.case_id, "operation": r.operation, "detected": r.detected,
                             "located": r.located, "exact": r.exact, "reason": r.reason}
                            for r in self.results]}


def is_consolidation_file(path: Path) -> bool:
    """Return True when a JSONL file holds consolidation cases (rows with expected_text)."""
    try:
        with Path(path).open(encoding="utf-8") as fh:
            first = next((line for line in fh if line.strip()), "")
        return "expected_text" in json.loads(first) if first else False
    except (OSError, ValueError):
        return False


def load_cases(path: Path) -> list[dict]:
    """Return the cases of a JSONL file."""
    with Path(path).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def default_laws(cases: Path) -> Path:
    """Return the laws folder beside the evaluation data (../../laws-word from the file)."""
    return Path(cases).resolve().parents[2] / "laws-word"


def law_instructions(original: Document, amending: Document) -> list[Instruction]:
    """Return the amending document's instructions aimed at the original."""
    graph = RelationGraph([original, amending])
    return [i for i in parse_instructions(amending)
            if i.target and graph.document(i.target) is original]


def score_cases(cases: list[dict], laws: Path) -> ConsolidationReport:
    """Return the report of consolidating each case's article (files read once each)."""
    docs: dict[str, Document] = {}
    built: dict[tuple[str, str], tuple[Consolidation, list[Instruction]]] = {}
    report = ConsolidationReport()
    failed: dict[tuple[str, str], str] = {}
    for case in cases:
        key = (case["original_file"], case["amending_file"])
        if key not in built and key not in failed:
            try:
                orig, amend = (_load(docs, laws / name) for name in key)
            except IngestError as exc:  # a law file missing or unreadable: its cases fail
                failed[key] = str(exc)
            else:
                found = law_instructions(orig, amend)
                built[key] = (consolidate(orig, found), found)
        if key in failed:
            report.results.append(CaseResult(case["id"], case.get("operation", ""), False,
                                             False, False, False, "",
                                             case.get("expected_text") or "", failed[key]))
        else:
            report.results.append(score_case(case, *built[key]))
    return report


def _load(docs: dict[str, Document], path: Path) -> Document:
    if str(path) not in docs:
        docs[str(path)] = load_path(path)[0]
    return docs[str(path)]


def score_case(case: dict, done: Consolidation, found: list[Instruction]) -> CaseResult:
    """Return one case's outcome."""
    article = f"dieu-{case['article'].lower()}"
    source = _source_paths(case.get("amending_provision") or "")
    enacted = done.doc.find(article)
    mine = [i for i in found if _from(i, source) and _aims(i, article, enacted)]
    failed = {id(u.instruction): u.reason for u in done.unapplied}
    located = bool(mine) and all(id(i) not in failed for i in mine)
    got_node = done.as_of(_FAR).find(article)
    got = _article_text(got_node)
    expected = case.get("expected_text") or ""
    exact = wording_key(got) == wording_key(expected)
    reason = next((failed[id(i)] for i in mine if id(i) in failed), "")
    tones = same_wording(got, expected) != "different"
    return CaseResult(case["id"], case.get("operation", ""), bool(mine), located, exact, tones,
                      got, expected, reason)


def _article_text(node: Provision | None) -> str:
    """Return an article's text as the Pháp điển prints it (without its heading)."""
    return node.full_text() if node is not None else ""


def _source_paths(label: str) -> tuple[str, ...]:
    """Return the paths an amending provision's label names ('khoản 7 Điều 3')."""
    return tuple(p for c in cite(label) for p in c.paths)


def _from(ins: Instruction, source: tuple[str, ...]) -> bool:
    """Return True when an instruction comes from (inside) one of the source provisions."""
    path = ins.source_key.partition("#")[2]
    return not source or any(path == s or path.startswith(s + ".") for s in source)


def _aims(ins: Instruction, article: str, enacted: Provision | None) -> bool:
    """Return True when an instruction concerns the article."""
    if any(p == article or p.startswith(article + ".") for p in ins.paths):
        return True
    if not ins.paths and ins.old:
        return enacted is not None and ins.old in enacted.full_text() + enacted.heading
    return False


__all__ = ["ConsolidationReport", "is_consolidation_file", "law_instructions", "load_cases",
           "score_cases"]


_LAW_FILE = re.compile(r"^Luật-(?P<num>\d+)-(?P<year>\d{4})-(?P<body>[A-Z0-9]+)\.(?:docx?|DOCX?)$")


def law_files(laws: Path) -> dict[str, str]:
    """Return the laws' numbers and file names ('20/2012/QH13' -> 'Luật-20-2012-QH13.doc')."""
    out: dict[str, str] = {}
    for path in sorted(Path(laws).iterdir()):
        m = _LAW_FILE.match(path.name)
        if m:
            out.setdefault(f"{m['num']}/{m['year']}/{m['body']}", path.name)
    return out


def mine_cases(bundle: Path, laws: Path) -> list[dict]:
    """Return cases found as the dev set's were: an article of the Code of Law whose note names
    its source law and exactly one amending law, both in the laws folder."""
    from ingest.phapdien import iter_pages, read_page

    files = law_files(laws)
    cases = []
    for _name, page in iter_pages(bundle):
        for art in read_page(page):
            src, by = art.source, art.changed_by
            if src is None or len(by) != 1 or src[0] not in files or by[0] not in files:
                continue
            cases.append({
                "id": f"{src[0].replace('/', '-')}__D{src[1]}__{by[0].replace('/', '-')}",
                "original": src[0], "article": src[1], "amending": by[0],
                "amending_provision": "", "operation": "repeal" if art.repealed else "mined",
                "expected_title": art.heading, "expected_text": art.text,
                "original_file": files[src[0]], "amending_file": files[by[0]]})
    return cases
