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

# PostgreSQL and Redis: the integration suite runs on PostgreSQL as well as SQLite, and the cluster tests need Redis.
# Used where they answer on their usual ports; otherwise (as root) Debian's packages are installed and started.
export COPRESS_TEST_POSTGRES_URL="${COPRESS_TEST_POSTGRES_URL:-postgres://postgres:postgres@127.0.0.1:5432/postgres}"
export COPRESS_TEST_REDIS_URL="${COPRESS_TEST_REDIS_URL:-redis://127.0.0.1:6379}"
postgres_answers() { node scripts/service-answers.mjs postgres "$COPRESS_TEST_POSTGRES_URL"; }
redis_answers() { node scripts/service-answers.mjs redis "$COPRESS_TEST_REDIS_URL"; }
if ! postgres_answers || ! redis_answers; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing and starting PostgreSQL and Redis from Debian's packages…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server >/dev/null
    postgres_answers || {
      service postgresql start >/dev/null
      for _ in $(seq 1 30); do su postgres -c "psql -qc 'SELECT 1'" >/dev/null 2>&1 && break; sleep 1; done
      su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null
    }
    redis_answers || redis-server --daemonize yes --save "" --appendonly no >/dev/null
    for _ in $(seq 1 30); do postgres_answers && redis_answers && break; sleep 1; done
  fi
  if ! postgres_answers || ! redis_answers; then
    echo "The tests need PostgreSQL at $COPRESS_TEST_POSTGRES_URL and Redis at $COPRESS_TEST_REDIS_URL. Start them with:" >&2
    echo "  sudo apt-get install -y postgresql redis-server && sudo service postgresql start && sudo service redis-server start" >&2
    exit 1
  fi
fi

# Types, lint, format and the build do not depend on each other: run side by side (each says only what is wrong), and
# fail if any of them failed.
echo "Checking types, lint and format, and building the app…"
pids=()
npx tsc --noEmit & pids+=($!)
npx eslint --max-warnings 0 . & pids+=($!)
npx prettier --check --log-level warn "**/*.{ts,tsx,js,mjs,cjs,css}" & pids+=($!)
npm run -s build >/dev/null & pids+=($!)
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
if [ "$failed" != 0 ]; then
  echo "Types, lint, format or the build failed (see above)." >&2
  exit 1
fi
echo "Running the tests…"
npx vitest run "$@"
