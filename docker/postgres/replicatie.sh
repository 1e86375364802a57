#!/bin/sh
# Runs once, when the primary's data directory is first initialised (docker-entrypoint-initdb.d):
# let the optional streaming replica (docker-compose profile "replica") connect for replication.
set -e
echo "host replication all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
