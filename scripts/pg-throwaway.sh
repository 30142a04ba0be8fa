# A throwaway PostgreSQL cluster for the database tests: socket only, in a
# short private folder under /tmp, trust auth, gone after pg_down.
#
# Usage (bash):
#   source scripts/pg-throwaway.sh
#   trap pg_down EXIT
#   pg_up || exit 1
#   ctest --test-dir build -L db --output-on-failure
#
# pg_up exports RETORT_TEST_PG_URL (what tests/pg uses), the PG* variables
# libpq falls back to, PGTEST_DIR and PGTEST_DSN. As root the server runs as
# the postgres user (initdb and postgres refuse to run as root). With
# PGTEST_TCP=1 the server also listens on 127.0.0.1 on a free port. With
# PGTEST_PARENT=/dev/shm the cluster lives there (benchmarks use it to take
# the disk out of the figures); the default is /tmp.

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

pg_up() {
  local listen="''" port=5432
  if [ "${PGTEST_TCP:-0}" = 1 ]; then
    listen=127.0.0.1
    port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])') || return 1
  fi
  # Short path: a Unix socket path may hold at most 107 bytes.
  PGTEST_DIR=$(mktemp -d "${PGTEST_PARENT:-/tmp}/pgt.XXXXXX") || return 1
  _PGT_AS=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$PGTEST_DIR" || return 1
    _PGT_AS=(runuser -u postgres --)
  fi
  # cd /: postgres may be unable to read the caller's folder (e.g. /root).
  ( cd / &&
    "${_PGT_AS[@]}" "$PGBIN/initdb" -D "$PGTEST_DIR/data" -U postgres -A trust -E UTF8 \
        --locale=C.UTF-8 --no-sync >"$PGTEST_DIR/initdb.log" 2>&1 &&
    "${_PGT_AS[@]}" "$PGBIN/pg_ctl" -D "$PGTEST_DIR/data" -l "$PGTEST_DIR/server.log" -w -t 60 \
        -o "-k $PGTEST_DIR -h $listen -p $port -F -c full_page_writes=off -c synchronous_commit=off" \
        start >/dev/null
  ) || { cat "$PGTEST_DIR"/*.log >&2; return 1; }
  PGTEST_PORT=$port
  export PGTEST_DIR PGTEST_PORT PGHOST=$PGTEST_DIR PGPORT=$port PGUSER=postgres \
         PGDATABASE=${PGTEST_DB:-testdb}
  "$PGBIN/createdb" "$PGDATABASE" || return 1
  export PGTEST_DSN="host=$PGTEST_DIR port=$port user=postgres dbname=$PGDATABASE"
  # The admin database: tests create and drop their own databases from it.
  export RETORT_TEST_PG_URL="postgresql:///postgres?host=$PGTEST_DIR&port=$port&user=postgres"
}

pg_down() {
  [ -n "${PGTEST_DIR:-}" ] && [ -d "$PGTEST_DIR" ] || return 0
  [ -d "$PGTEST_DIR/data" ] &&
    ( cd / && "${_PGT_AS[@]}" "$PGBIN/pg_ctl" -D "$PGTEST_DIR/data" -m immediate -w stop >/dev/null 2>&1 )
  rm -rf "$PGTEST_DIR"
  unset PGTEST_DIR PGTEST_PORT PGTEST_DSN PGHOST PGPORT PGUSER PGDATABASE RETORT_TEST_PG_URL
}
