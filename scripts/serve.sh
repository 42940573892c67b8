#!/usr/bin/env bash
# The README's serve command: install, ingest the default corpus, serve on http://127.0.0.1:5000
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec .venv/bin/phapquy serve "$@"
