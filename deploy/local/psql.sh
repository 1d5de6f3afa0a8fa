#!/usr/bin/env bash
# Opens psql on the private development cluster as the superuser postgres, over the Unix socket (no password).
# Connects to the alliances database unless arguments say otherwise; extra arguments go to psql,
# e.g. deploy/local/psql.sh -d postgres -c 'SELECT version()'.
#
# Usage: deploy/local/psql.sh [psql arguments]   Environment: ALLIANCES_PG_PORT, ALLIANCES_PG_BIN (see lib.sh)
set -euo pipefail
# shellcheck source=deploy/local/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bin_dir="$(pg_bin_dir)"
[ -S "$socket_dir/.s.PGSQL.$port" ] || die "no PostgreSQL is listening on $socket_dir (port $port)." \
    "start it with deploy/local/start.sh (or set ALLIANCES_PG_PORT to the port it uses)."
exec "$(psql_bin)" -h "$socket_dir" -p "$port" -U postgres -d "$database" "$@"
