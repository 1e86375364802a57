#!/usr/bin/env bash
# A real streaming replica of the local PostgreSQL, for the replica test and the bench:
# `scripts/replica.sh start` makes a base backup of the cluster on 127.0.0.1:5432 (pg_basebackup,
# WAL streamed) and starts it as a hot standby on 127.0.0.1:5433; `stop` stops it and removes it.
# It lets the primary accept replication connections from 127.0.0.1 (a pg_hba line, reload).
# Prints the replica's URL on success. Needs root (it runs the server as the postgres user).
set -euo pipefail

ACTIE="${1:-start}"
POORT="${VT_REPLICA_POORT:-5433}"
MAP="${VT_REPLICA_MAP:-/var/tmp/vt-replica}"
PRIMAIR=(-h 127.0.0.1 -p 5432 -U postgres)
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
als_postgres() { runuser -u postgres -- "$@"; }

stoppen() {
  if [ -f "$MAP/postmaster.pid" ]; then
    als_postgres "$BIN/pg_ctl" -D "$MAP" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$MAP"
}

if [ "$ACTIE" = "stop" ]; then
  stoppen
  exit 0
fi

if pg_isready -h 127.0.0.1 -p "$POORT" -q \
    && [ "$(psql -h 127.0.0.1 -p "$POORT" -U postgres -Atc 'select pg_is_in_recovery()')" = "t" ]; then
  echo "postgres://postgres@127.0.0.1:$POORT"
  exit 0
fi
stoppen

HBA="$(psql "${PRIMAIR[@]}" -Atc 'show hba_file')"
if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32' "$HBA"; then
  echo "host replication all 127.0.0.1/32 trust" >>"$HBA"
  psql "${PRIMAIR[@]}" -qAtc 'select pg_reload_conf()' >/dev/null
fi

install -d -o postgres -g postgres -m 0700 "$MAP"
als_postgres "$BIN/pg_basebackup" "${PRIMAIR[@]}" -D "$MAP" -R -X stream -c fast
# Debian keeps the configuration outside the data directory: the standby gets its own, with the
# settings a standby may not have lower than its primary.
instelling() { psql "${PRIMAIR[@]}" -Atc "show $1"; }
cat >"$MAP/postgresql.conf" <<CONF
port = $POORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '/tmp'
hot_standby = on
hot_standby_feedback = on
shared_buffers = 128MB
max_connections = $(instelling max_connections)
max_worker_processes = $(instelling max_worker_processes)
max_wal_senders = $(instelling max_wal_senders)
max_prepared_transactions = $(instelling max_prepared_transactions)
max_locks_per_transaction = $(instelling max_locks_per_transaction)
CONF
: >"$MAP/pg_ident.conf"
cat >"$MAP/pg_hba.conf" <<CONF
local all all trust
host all all 127.0.0.1/32 trust
CONF
chown postgres:postgres "$MAP/postgresql.conf" "$MAP/pg_hba.conf" "$MAP/pg_ident.conf"
als_postgres "$BIN/pg_ctl" -D "$MAP" -l "$MAP/server.log" -w -t 60 start >/dev/null
echo "postgres://postgres@127.0.0.1:$POORT"
