#!/usr/bin/env bash
# Runs every test: types, lint, unit, integration (real server + real y-websocket clients) and browser (real Chromium).
# Installs the system tools the tests need (Debian's chromium, poppler-utils, qpdf) when it can.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
command -v pdfinfo >/dev/null 2>&1 || need+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || need+=(qpdf)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${need[*]} from Debian's packages…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "The tests need: ${need[*]}. Install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi

echo "Checking types…"
npx tsc --noEmit
echo "Linting…"
npx eslint --max-warnings 0 .
npx prettier --check --log-level warn "**/*.{ts,tsx,js,mjs,cjs,css}"
echo "Building the app…"
npm run -s build >/dev/null
echo "Running the tests…"
npx vitest run "$@"
