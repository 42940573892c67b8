#!/usr/bin/env bash
# Install phapquy and everything it needs into .venv (idempotent).
# Always: Debian's tesseract-ocr + tesseract-ocr-vie (scanned PDFs are read by OCR), when
# running as root with apt-get.  With --test: also the test tools, Debian's chromium +
# chromedriver for the browser tests, and LibreOffice Writer (no GUI) with the Liberation 2
# fonts (Times New Roman's metrics, Vietnamese glyphs) to print the exported letter to PDF.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}

apt_install() {  # apt_install PROGRAM PACKAGE... : install the packages when PROGRAM is missing
  local program=$1; shift
  if command -v "$program" >/dev/null 2>&1 && [ "$program" != tesseract ]; then return 0; fi
  if [ "$program" = tesseract ] && command -v tesseract >/dev/null 2>&1 \
      && tesseract --list-langs 2>/dev/null | grep -qx vie; then return 0; fi
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Cài $* (apt-get)…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    echo "Không cài được $* (cần quyền root và apt-get)."
  fi
}

if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
apt_install tesseract tesseract-ocr tesseract-ocr-vie
if [ "${1:-}" = "--test" ]; then
  .venv/bin/python -m pip install --quiet ".[test]"
  apt_install chromedriver chromium chromium-driver
  apt_install soffice --no-install-recommends libreoffice-writer-nogui fonts-liberation2
else
  .venv/bin/python -m pip install --quiet .
fi
