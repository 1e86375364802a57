#!/usr/bin/env bash
# The whole suite on the local PostgreSQL and Redis, then once more on SQLite (the `make run` demo
# default), without the browser, broker and PostgreSQL-only tests. Extra arguments go to both
# runs; VT_SQLITE_RONDE=nee skips the second one (a quick local run). Both rounds run in parallel
# processes (pytest-xdist, one per core; VT_TEST_PROCESSEN=0 for one process), a test file per
# process, so a module's demo data is built once.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/veiligthuis}"
# A streaming replica of that server (scripts/replica.sh; .ci/run starts one): the replica test
# reads from it, and skips without it.
if [ -n "${TEST_DATABASE_REPLICA_URL:-}" ]; then
  export DATABASE_REPLICA_URL="$TEST_DATABASE_REPLICA_URL"
fi

if ! $BIN/python - "$DATABASE_URL" <<'PY'
import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg

# The test database is created by the tests; check the server through its maintenance database.
url = urlunsplit(urlsplit(sys.argv[1])._replace(path="/postgres"))
try:
    psycopg.connect(url, connect_timeout=3).close()
except Exception as exc:
    sys.exit(f"PostgreSQL is niet bereikbaar op {sys.argv[1]}: {exc}\n"
             "Start PostgreSQL (of zet TEST_DATABASE_URL) en probeer opnieuw.")
PY
then
  exit 2
fi
if ! $BIN/python -c "import redis; redis.Redis(host='127.0.0.1', port=6379, socket_connect_timeout=2).ping()" 2>/dev/null; then
  echo "Let op: Redis (127.0.0.1:6379) is niet bereikbaar; de test met een echte Celery-worker faalt dan."
fi
PARALLEL=(-n "${VT_TEST_PROCESSEN:-auto}" --dist loadfile)
status=0
$BIN/pytest "${PARALLEL[@]}" "$@" || status=$?

if [ "${VT_SQLITE_RONDE:-ja}" = "nee" ]; then
  exit "$status"
fi
echo
echo "Tweede ronde op SQLite (de standaard van make run): alles behalve browser, broker en postgresql"
sqlite_status=0
$BIN/pytest "${PARALLEL[@]}" "$@" --ds=veiligthuis.settings.test_sqlite \
  -m "not browser and not broker and not postgresql" || sqlite_status=$?
# 5: the arguments selected no test for this round (e.g. only browser tests): nothing failed.
if [ "$sqlite_status" -ne 0 ] && [ "$sqlite_status" -ne 5 ] && [ "$status" -eq 0 ]; then
  status=$sqlite_status
fi
exit "$status"
