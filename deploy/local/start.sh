#!/usr/bin/env bash
# Starts the private development PostgreSQL cluster, or reuses it if it is already running, then makes sure the
# alliances_owner/alliances_app roles and the alliances database exist. It does what Alliances.LocalPostgres does when
# the API starts in Development (same paths, same lock), so it is safe to run while `dotnet run`/`dotnet test` start.
# The server keeps running after this script exits; stop it with deploy/local/stop.sh.
#
# Usage: deploy/local/start.sh        Environment: ALLIANCES_PG_PORT, ALLIANCES_PG_DATA, ALLIANCES_PG_BIN (see lib.sh)
set -euo pipefail
# shellcheck source=deploy/local/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bin_dir="$(pg_bin_dir)"
data_dir="$(pg_data_dir)"
log_file="$data_dir.log"
staging_dir="$data_dir.initdb"
parent_dir="$(dirname "$data_dir")"

# As root, directories we create above the data directory must be enterable by postgres.
if is_root; then (umask 022 && mkdir -p "$parent_dir"); else mkdir -p "$parent_dir"; fi \
    || die "the PostgreSQL data directory $data_dir is not writable." \
        "fix the permissions of $parent_dir, or set ALLIANCES_PG_DATA to a writable location."
take_cluster_lock "$data_dir"

# initdb into a sibling directory and rename it into place, so an interrupted run never leaves half a cluster.
initialise() {
    if [ -d "$data_dir" ] && [ -n "$(ls -A "$data_dir")" ]; then
        die "$data_dir is not empty but is not a PostgreSQL cluster (it has no PG_VERSION)." \
            "delete or empty $data_dir if it holds nothing you need, or set ALLIANCES_PG_DATA elsewhere."
    fi
    local locale output=""
    for locale in C.UTF-8 C; do
        rm -rf "$staging_dir"
        mkdir -m 700 "$staging_dir"
        if is_root; then chown postgres:postgres "$staging_dir"; fi
        if output="$(as_server "$bin_dir/initdb" -D "$staging_dir" -U postgres --auth-local=trust \
            --auth-host=scram-sha-256 -E UTF8 --locale="$locale" 2>&1)"; then
            cat >>"$staging_dir/postgresql.conf" <<CONF

# Added by deploy/local/start.sh: a development cluster reachable only from this machine.
port = ${port}
listen_addresses = '127.0.0.1'
unix_socket_directories = '${socket_dir}'
max_connections = 300
CONF
            # Socket logins are trusted because the socket directory is private (0700) to the server's OS user.
            cat >"$staging_dir/pg_hba.conf" <<'HBA'
# Written by deploy/local/start.sh.
# TYPE  DATABASE  USER  ADDRESS       METHOD
local   all       all                 trust
host    all       all   127.0.0.1/32  scram-sha-256
host    all       all   ::1/128       scram-sha-256
HBA
            if [ -d "$data_dir" ]; then rmdir "$data_dir"; fi
            mv "$staging_dir" "$data_dir"
            return
        fi
    done
    rm -rf "$staging_dir"
    die "initdb could not create a cluster in $data_dir: $output" \
        "fix the cause above (often permissions on $parent_dir), or set ALLIANCES_PG_DATA to a writable location."
}

if is_running "$data_dir"; then
    running_port="$(sed -n 4p "$data_dir/postmaster.pid" 2>/dev/null || true)"
    if [ -n "$running_port" ] && [ "$running_port" != "$port" ]; then
        die "the cluster in $data_dir is already running on port $running_port, not $port." \
            "use ALLIANCES_PG_PORT=$running_port, or stop it with deploy/local/stop.sh."
    fi
    echo "PostgreSQL is already running ($data_dir); reusing it."
else
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        die "port $port is in use by another process (and the cluster in $data_dir is not running)." \
            "stop whatever listens on port $port (ss -ltnp | grep $port), or choose another port with ALLIANCES_PG_PORT / LocalPostgres:Port."
    fi
    [ -f "$data_dir/PG_VERSION" ] || initialise
    mkdir -p "$socket_dir"
    touch "$log_file"
    if is_root; then chown -R postgres:postgres "$data_dir" "$socket_dir" "$log_file"; fi
    chmod 700 "$data_dir" "$socket_dir"
    # 9>&-: the server must not inherit the lock's descriptor, or it would hold the lock for as long as it runs.
    if ! as_server "$bin_dir/pg_ctl" start -D "$data_dir" -l "$log_file" -w -t 60 -o "-p $port -k $socket_dir" >/dev/null 9>&-; then
        echo "Last lines of $log_file:" >&2
        tail -n 20 "$log_file" >&2 || true
        die "PostgreSQL did not start (data directory $data_dir, port $port)." \
            "read the log above; stop a stale server with deploy/local/stop.sh, or delete $data_dir if it holds nothing you need."
    fi
    echo "PostgreSQL started ($data_dir, port $port)."
fi

# Roles, database and grants: idempotent, the same statements as ClusterBootstrapper. The passwords are
# development-only; the cluster listens on 127.0.0.1 only.
"$(psql_bin)" -X -q -v ON_ERROR_STOP=1 -h "$socket_dir" -p "$port" -U postgres -d postgres -v db="$database" \
    -v lock_key="$catalog_lock_key" >/dev/null <<'SQL'
SELECT pg_advisory_lock(:lock_key);
SELECT 'CREATE ROLE alliances_owner' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'alliances_owner') \gexec
ALTER ROLE alliances_owner WITH LOGIN CREATEROLE CREATEDB NOSUPERUSER PASSWORD 'alliances-owner-dev';
SELECT 'CREATE ROLE alliances_app' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'alliances_app') \gexec
ALTER ROLE alliances_app WITH LOGIN NOINHERIT NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD 'alliances-app-dev';
ALTER ROLE alliances_app SET search_path = '';
SELECT format('CREATE DATABASE %I OWNER alliances_owner', :'db')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO alliances_app;
\connect :"db"
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL

print_connection_strings
