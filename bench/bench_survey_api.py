"""Survey issues scored as an officer meets them: created through POST /api/issues, their
suggestions read from GET /api/issues/<id>/suggestions (Flask test client, a fresh register).

    python bench/bench_survey_api.py [SET.jsonl ...] [--home DIR]

SET files have the survey-dev format (title, description, locality, field, graded
`relevant`); default: ../shared/eval/survey/survey-dev.jsonl and
tests/fixtures/eval/survey-independent.jsonl.  The index is ../shared/corpus built in a
temporary folder unless --home names a data folder holding one.  Prints per set S@5, S@10 and
MRR@10 (the first grade-2 article, as `phapquy eval` counts) and the issues not answered
first, then the CPU seconds of the suggestions.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_register import fill, knowledge_base  # noqa: E402

SETS = (ROOT.parent / "shared" / "eval" / "survey" / "survey-dev.jsonl",
        ROOT / "tests" / "fixtures" / "eval" / "survey-independent.jsonl")


def score(client, headers: dict, path: Path) -> tuple[str, float]:
    """Return the report lines of one set and the CPU seconds its suggestions took."""
    from evals.metrics import Report, judge, load_queries

    judged, cpu = [], 0.0
    for query in load_queries(path):
        issue = query.issue
        made = client.post("/api/issues", headers=headers, json={
            "title": issue.title, "description": issue.description,
            "locality": issue.locality, "field": issue.field})
        start = time.process_time()
        hits = client.get(f"/api/issues/{made.json['id']}/suggestions", headers=headers).json
        cpu += time.process_time() - start
        judged.append(judge(query, [(h["doc_number"], h["article"]) for h in hits["hits"]]))
    report = Report(path.name, {"phapquy": judged})
    s = report.summary("phapquy")
    head = (f"{path.name}: {s['n']} kiến nghị  S@5 {s['S@5']:.3f}  S@10 {s['S@10']:.3f}  "
            f"MRR@10 {s['MRR@10']:.3f}")
    misses = [f"  {j.query.id} hạng={j.first or '>10'} «{j.query.issue.title[:60]}»"
              for j in report.misses("phapquy")]
    return "\n".join([head, *misses]), cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path, default=[p for p in SETS if p.exists()])
    parser.add_argument("--home", type=Path, help="a data folder holding an index")
    args = parser.parse_args()
    from web.app import create_app

    kb = knowledge_base(args.home)
    home = Path(tempfile.mkdtemp(prefix="bench-survey-"))
    app = create_app({"HOME": home, "KB_HOME": kb.home, "SECRET_KEY": "bench"})
    headers = {"Authorization": f"Bearer {fill(app, 0)}"}
    client = app.test_client()
    for path in args.sets:
        text, cpu = score(client, headers, path)
        print(text)
        print(f"  gợi ý: {cpu:.2f} s CPU")


if __name__ == "__main__":
    main()
