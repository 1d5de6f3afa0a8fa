#!/usr/bin/env bash
# Shows where the private development PostgreSQL cluster lives, whether it is running, and how to connect.
# Exit code: 0 running, 3 not running (like pg_ctl status).
#
# Usage: deploy/local/status.sh      Environment: ALLIANCES_PG_PORT, ALLIANCES_PG_DATA, ALLIANCES_PG_BIN (see lib.sh)
set -euo pipefail
# shellcheck source=deploy/local/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bin_dir="$(pg_bin_dir)"
data_dir="$(pg_data_dir)"

echo "Binaries:       $bin_dir"
echo "Data directory: $data_dir$([ -f "$data_dir/PG_VERSION" ] || echo ' (not initialised yet)')"
echo "Log file:       $data_dir.log"
echo "Socket dir:     $socket_dir"
echo "Port:           $port (127.0.0.1 only)"
if is_running "$data_dir"; then
    echo "Status:         running (postmaster PID $(head -n 1 "$data_dir/postmaster.pid"))"
    print_connection_strings
else
    echo "Status:         not running (start it with deploy/local/start.sh or by running the API in Development)"
    exit 3
fi
