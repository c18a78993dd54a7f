#!/usr/bin/env bash
# Install (if missing) and start a local PostgreSQL server for the test suite, then create
# role "dealfacts" (password "dealfacts") and database "dealfacts_test". Idempotent: safe to
# run again on a machine where all of this is already done. Prints the URL the tests read
# from DEALFACTS_PG_URL. Needs root (Debian/Ubuntu: apt-get, pg_ctlcluster).
set -euo pipefail

PG_USER=dealfacts
PG_PASSWORD=dealfacts
PG_DB=dealfacts_test
PG_PORT="${PG_PORT:-5432}"

as_postgres() {
    if [ "$(id -un)" = postgres ]; then "$@"; else su postgres -c "$(printf '%q ' "$@")"; fi
}

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
fi

# The first installed cluster (Debian creates "main" for the packaged major version).
read -r PG_VERSION PG_CLUSTER < <(pg_lsclusters --no-header | awk 'NR==1 {print $1, $2}')
if [ -z "${PG_VERSION:-}" ]; then
    PG_VERSION=$(ls /usr/lib/postgresql | sort -n | tail -1)
    PG_CLUSTER=main
    pg_createcluster "$PG_VERSION" "$PG_CLUSTER" --port "$PG_PORT"
fi

if ! pg_lsclusters --no-header | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" \
        '$1==v && $2==c && $4=="online" {found=1} END {exit !found}'; then
    pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start
fi

# Wait until it accepts connections (pg_ctlcluster returns once the postmaster is up).
for _ in $(seq 1 30); do
    if as_postgres pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; then break; fi
    sleep 1
done
as_postgres pg_isready -h 127.0.0.1 -p "$PG_PORT" >/dev/null

as_postgres psql -v ON_ERROR_STOP=1 -q -p "$PG_PORT" -d postgres <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${PG_USER}') THEN
    CREATE ROLE ${PG_USER} LOGIN PASSWORD '${PG_PASSWORD}' CREATEDB;
  ELSE
    ALTER ROLE ${PG_USER} LOGIN PASSWORD '${PG_PASSWORD}' CREATEDB;
  END IF;
END
\$\$;
SQL

if ! as_postgres psql -tA -p "$PG_PORT" -d postgres \
        -c "SELECT 1 FROM pg_database WHERE datname = '${PG_DB}'" | grep -q 1; then
    as_postgres createdb -p "$PG_PORT" -O "$PG_USER" "$PG_DB"
fi

echo "postgresql+psycopg://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${PG_PORT}/${PG_DB}"
