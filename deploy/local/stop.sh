#!/usr/bin/env bash
# Stops the private development PostgreSQL cluster (pg_ctl stop -m fast). As root the cluster may live in
# <repo>/.data/postgres or in the /tmp fallback (see README.md), so every candidate that is running is stopped.
#
# Usage: deploy/local/stop.sh        Environment: ALLIANCES_PG_PORT, ALLIANCES_PG_DATA, ALLIANCES_PG_BIN (see lib.sh)
set -euo pipefail
# shellcheck source=deploy/local/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bin_dir="$(pg_bin_dir)"
if [ -n "${ALLIANCES_PG_DATA:-}" ]; then
    candidates=("$(pg_data_dir)")
else
    candidates=("$repo_root/.data/postgres" "$(root_fallback_data_dir)")
fi

stopped=0
for data_dir in "${candidates[@]}"; do
    [ -f "$data_dir/PG_VERSION" ] || continue
    # Re-opening descriptor 9 for the next candidate releases the previous candidate's lock.
    take_cluster_lock "$data_dir"
    if is_running "$data_dir"; then
        as_server "$bin_dir/pg_ctl" stop -D "$data_dir" -m fast -w >/dev/null
        echo "Stopped PostgreSQL ($data_dir)."
        stopped=1
    fi
done
[ "$stopped" -eq 1 ] || echo "PostgreSQL is not running (looked in: ${candidates[*]})."
