#!/usr/bin/env bash
# Make sure a throw-away PostgreSQL for the tests runs on loopback; print its DATABASE_URL.
# Installs Debian's postgresql when missing. Idempotent: a running server is reused.
set -euo pipefail
port=${KEEPWARM_PG_PORT:-54329}
data=${KEEPWARM_PG_DATA:-/tmp/keepwarm-pg-$port}

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
bin=$(find_bin)
if [ -z "$bin" ]; then
  echo "Installing PostgreSQL (Debian package)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  bin=$(find_bin)
fi

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ ! -s "$data/PG_VERSION" ]; then
  mkdir -p "$data"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$data"
  as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
fi
if ! as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  # Durability is pointless for a test server; speed is not.
  as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w start \
    -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50" >&2
fi
if ! "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -Atc "SELECT 1 FROM pg_database WHERE datname='keepwarm'" | grep -q 1; then
  "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres keepwarm
fi
echo "postgres://postgres@127.0.0.1:$port/keepwarm"
