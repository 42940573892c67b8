#!/usr/bin/env bash
# Install phapquy and everything it needs into .venv (idempotent).
# With --test: also the test tools, and Debian's chromium + chromedriver for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
if [ "${1:-}" = "--test" ]; then
  .venv/bin/python -m pip install --quiet -e ".[test]"
  if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
      echo "Cài chromium và chromium-driver (apt-get) cho các kiểm thử trình duyệt…"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
    else
      echo "Không cài được chromium (cần quyền root và apt-get): các kiểm thử trình duyệt sẽ bị bỏ qua."
    fi
  fi
else
  .venv/bin/python -m pip install --quiet -e .
fi
