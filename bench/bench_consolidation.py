"""Consolidation benchmark: instructions detected, targets located, text exact.

    python bench/bench_consolidation.py [--shared ../shared] [--cases FILE]

Prints, as the research on automatic consolidation reports them:
1. the dev cases (../shared/eval/consolidation/consolidation-dev.jsonl);
2. every case found the same way in the Pháp điển export (an article whose source note names
   its law and exactly one amending law, both in laws-word/), those not in the dev set apart;
3. over all of laws-word: every instruction aimed at another law of the folder, and the share
   applied (located);
4. the shared corpus: what 38/2025/TT-BCT does to 14/2024/TT-BCT, and the reassignments of
   139/2025/NĐ-CP and 146/2025/NĐ-CP.
CPU seconds are printed beside each part.  Nothing is asserted.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evals.consolidation import load_cases, mine_cases, score_cases  # noqa: E402
from ingest.pipeline import load_path, load_paths  # noqa: E402
from law.consolidate import amendments_of, consolidate  # noqa: E402
from law.reassign import reassignments  # noqa: E402
from law.relgraph import resolve  # noqa: E402


def _cpu() -> float:
    return time.process_time()


def _figures(label: str, report, started: float) -> None:
    print(f"{label}: {len(report.results)} cases, CPU {_cpu() - started:.1f} s")
    for name, words in (("detected", "instructions detected"), ("located", "targets located"),
                        ("exact", "text exact"),
                        ("exact_tones", "text exact, tone placement and case aside")):
        print(f"  {words:45s} {report.share(name):6.1%}")
    for r in report.results:
        if not r.exact_tones:
            print(f"    not exact: {r.case_id} ({r.operation}) {r.reason}")


def _whole_folder(laws: Path) -> None:
    started = _cpu()
    docs = load_paths([laws]).documents
    graph = resolve(docs)
    actions: Counter = Counter()
    applied = unapplied = 0
    reasons: Counter = Counter()
    for doc in docs:
        found = amendments_of(graph, doc)
        if not found:
            continue
        done = consolidate(doc, found)
        actions.update(i.action for i in found)
        applied += len(done.applied)
        unapplied += len(done.unapplied)
        reasons.update(u.reason.split(" “")[0].split(" Điều")[0] for u in done.unapplied)
    total = applied + unapplied
    print(f"laws-word: {len(docs)} laws, {total} instructions aimed at a law of the folder, "
          f"{applied / total:.1%} applied (located), CPU {_cpu() - started:.1f} s" if total
          else "laws-word: no instruction aimed at a law of the folder")
    print("  by action: " + ", ".join(f"{k} {v}" for k, v in actions.most_common()))
    for reason, n in reasons.most_common(6):
        print(f"  not applied ({n}): {reason}")


def _corpus(corpus: Path) -> None:
    started = _cpu()
    docs = [load_path(p)[0] for p in sorted(corpus.iterdir()) if p.is_file()]
    graph = resolve(docs)
    tt14 = graph.document("14/2024/TT-BCT")
    done = consolidate(tt14, amendments_of(graph, tt14))
    print(f"corpus: 14/2024/TT-BCT — {len(done.applied)} instructions applied, "
          f"{len(done.unapplied)} not; articles and annexes changed from 1/7/2025: "
          f"{', '.join(sorted(done.changed_paths))}")
    nd32 = graph.document("32/2024/NĐ-CP")
    moved = reassignments(graph, nd32.ref, date(2025, 7, 1))
    holders = Counter(r.holder or "(không rõ)" for r in moved)
    print(f"corpus: 32/2024/NĐ-CP — {len(moved)} reassigning provisions, "
          f"{sum(len(r.targets) for r in moved)} provisions reassigned; now held by: "
          + ", ".join(f"{k} {v}" for k, v in holders.most_common()))
    print(f"  CPU {_cpu() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--cases", type=Path, default=None)
    args = parser.parse_args()
    shared = args.shared
    laws = shared / "laws-word"
    cases_file = args.cases or shared / "eval" / "consolidation" / "consolidation-dev.jsonl"
    started = _cpu()
    dev = load_cases(cases_file)
    _figures(f"dev ({cases_file.name})", score_cases(dev, laws), started)
    started = _cpu()
    mined = mine_cases(shared / "phapdien" / "BoPhapDienDienTu.zip", laws)
    known = {c["id"] for c in dev}
    _figures("mined from the Pháp điển (all)", score_cases(mined, laws), started)
    fresh = [c for c in mined if c["id"] not in known]
    started = _cpu()
    _figures("mined, not in the dev set", score_cases(fresh, laws), started)
    _whole_folder(laws)
    _corpus(shared / "corpus")


if __name__ == "__main__":
    main()
