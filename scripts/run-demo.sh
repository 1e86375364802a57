#!/usr/bin/env bash
# Demo: migrate, load demo data once, start Celery (or run tasks eagerly) and the web server.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export DJANGO_SETTINGS_MODULE=veiligthuis.settings.dev
PORT="${PORT:-8000}"

if [ -n "${DATABASE_URL:-}" ]; then
  echo "Database: DATABASE_URL (${DATABASE_URL%%://*})"
else
  echo "Database: SQLite (db.sqlite3). Zet DATABASE_URL voor PostgreSQL."
fi
$BIN/python manage.py migrate --no-input -v0
$BIN/python manage.py demo_data

BROKER="${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0}"
if $BIN/python - "$BROKER" <<'PY' 2>/dev/null
import sys
from kombu import Connection
with Connection(sys.argv[1], connect_timeout=2) as c:
    c.ensure_connection(max_retries=1)
PY
then
  echo "Celery: broker $BROKER bereikbaar; worker met beat start op de achtergrond (log: celery.log)."
  $BIN/celery -A veiligthuis worker --beat -l info --schedule /tmp/veiligthuis-celerybeat >celery.log 2>&1 &
  CELERY_PID=$!
  trap 'kill $CELERY_PID 2>/dev/null || true' EXIT INT TERM
else
  echo "Celery: broker $BROKER niet bereikbaar; taken draaien direct in het webproces (eager)."
  export CELERY_TASK_ALWAYS_EAGER=true
fi

cat <<TXT

  Veilig Thuis casusregistratie draait op http://127.0.0.1:${PORT}/
  Demo-logins (wachtwoord voor allemaal: veiligthuis-demo):
    onderzoeker, werkbegeleider, gedragswetenschapper, vertrouwensarts,
    aandachtfunctionaris, secretariaat, regiomanager, directie, beheer
  API-documentatie: http://127.0.0.1:${PORT}/api/docs/   Stoppen: Ctrl+C
  Tweestapsverificatie staat uit in de demo (balk "Demo — geen 2FA");
  probeer het met VT_2FA_VERPLICHT=true make run.

TXT
$BIN/python manage.py runserver "127.0.0.1:${PORT}"
