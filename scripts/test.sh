#!/usr/bin/env bash
# The README's test command: install everything, check style, run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --test
.venv/bin/ruff check .
.venv/bin/python -m pytest "$@"
