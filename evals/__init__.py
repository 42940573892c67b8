"""Retrieval evaluation: gold query files, phapquy against Whoosh stock and SQLite FTS5.

    report = run_eval(queries_path, home, corpus, max_bytes)   # evals.run
    render(report) / report_json(report)                        # evals.metrics
"""

from evals.metrics import render, report_json
from evals.run import run_eval

__all__ = ["render", "report_json", "run_eval"]
