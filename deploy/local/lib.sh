# shellcheck shell=bash
# Shared by start.sh, stop.sh, status.sh and psql.sh (sourced, not run). Resolves the PostgreSQL binaries, the cluster's
# paths and the OS account exactly as src/Alliances.LocalPostgres does, so these scripts and `dotnet run` always
# find the same cluster. Keep the two in step: the C# type that owns each rule is named next to it.
#
# Environment (all optional):
#   ALLIANCES_PG_PORT  TCP port on 127.0.0.1 (default 5433)        - LocalPostgres:Port
#   ALLIANCES_PG_DATA  data directory (default: see pg_data_dir)   - LocalPostgres:DataDirectory
#   ALLIANCES_PG_BIN   directory with pg_ctl and initdb            - LocalPostgres:BinDirectory

port="${ALLIANCES_PG_PORT:-5433}"
database="alliances"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
# Short and fixed: Unix socket paths are limited to ~107 bytes (ClusterLayout.SocketDirectory).
socket_dir="/tmp/alliances-pg-${port}"
# Arbitrary fixed key shared with ClusterBootstrapper: serialises role/database changes.
catalog_lock_key=280991918433

die() {
    printf 'error: %s\n' "$1" >&2
    [ $# -ge 2 ] && printf 'fix:   %s\n' "$2" >&2
    exit 1
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# PostgreSQL refuses to run as root, so root runs the server tools as the postgres user (ServerAccount). From /,
# because postgres usually cannot enter the caller's directory (e.g. /root) and the tools complain about it.
as_server() {
    if is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

has_server_tools() { [ -x "$1/pg_ctl" ] && [ -x "$1/initdb" ] && [ -f "$1/pg_ctl" ]; }

# ALLIANCES_PG_BIN, else the first PATH entry holding both pg_ctl and initdb, else the highest version under the
# Debian and Homebrew roots (PostgresBinaries).
pg_bin_dir() {
    if [ -n "${ALLIANCES_PG_BIN:-}" ]; then
        has_server_tools "$ALLIANCES_PG_BIN" || die "pg_ctl/initdb not found in ALLIANCES_PG_BIN=$ALLIANCES_PG_BIN" \
            "point ALLIANCES_PG_BIN at the directory containing pg_ctl, or unset it."
        printf '%s\n' "$ALLIANCES_PG_BIN"
        return
    fi
    local entry entries
    IFS=: read -ra entries <<<"${PATH:-}"
    for entry in "${entries[@]}"; do
        if [ "${entry#/}" != "$entry" ] && has_server_tools "$entry"; then printf '%s\n' "$entry"; return; fi
    done
    local best="" best_version="" dir version
    for dir in /usr/lib/postgresql/* /opt/homebrew/opt/postgresql@* /usr/local/opt/postgresql@*; do
        version="${dir##*/}"
        version="${version#postgresql@}"
        [[ "$version" =~ ^[0-9]+(\.[0-9]+)?$ ]] && has_server_tools "$dir/bin" || continue
        if [ -z "$best" ] || awk -v a="$version" -v b="$best_version" 'BEGIN { exit !(a + 0 > b + 0) }'; then
            best="$dir/bin"
            best_version="$version"
        fi
    done
    [ -n "$best" ] || die "PostgreSQL server binaries (pg_ctl and initdb) were not found. Looked in: PATH, /usr/lib/postgresql/*/bin, /opt/homebrew/opt/postgresql@*/bin, /usr/local/opt/postgresql@*/bin." \
        "sudo apt-get install postgresql (Debian/Ubuntu) or brew install postgresql@15 (macOS); or set ALLIANCES_PG_BIN; or set ConnectionStrings:Alliances to use an existing server."
    printf '%s\n' "$best"
}

# Whether the postgres user can pass through a directory: only the "others" execute bit counts; a missing directory
# will be created 0755 by us (ServerAccount.OthersCanTraverse).
others_can_traverse() {
    [ -d "$1" ] || return 0
    local mode
    mode="$(stat -c %a "$1" 2>/dev/null || stat -f %Lp "$1")"
    (( 8#$mode & 1 ))
}

# Prints the first ancestor of $1 the server account cannot enter; nothing when it can reach $1 (or we are not root).
first_blocked_ancestor() {
    is_root || return 0
    local dir
    dir="$(dirname "$1")"
    while :; do
        others_can_traverse "$dir" || { printf '%s\n' "$dir"; return 0; }
        [ "$dir" = / ] && return 0
        dir="$(dirname "$dir")"
    done
}

sha256_prefix() {
    if command -v sha256sum >/dev/null; then printf '%s' "$1" | sha256sum | cut -c1-8
    else printf '%s' "$1" | shasum -a 256 | cut -c1-8; fi
}

# /tmp/alliances-postgres-<8 hex of sha256(repo path)>-<port>/data (DataDirectoryLocator.RootFallback).
root_fallback_data_dir() { printf '/tmp/alliances-postgres-%s-%s/data\n' "$(sha256_prefix "$repo_root")" "$port"; }

# ALLIANCES_PG_DATA, else <repo>/.data/postgres; as root, /tmp fallback when postgres cannot reach the repo
# (DataDirectoryLocator.Resolve).
pg_data_dir() {
    local blocked
    if [ -n "${ALLIANCES_PG_DATA:-}" ]; then
        local configured="${ALLIANCES_PG_DATA%/}"
        [ "${configured#/}" != "$configured" ] || configured="$PWD/$configured"
        blocked="$(first_blocked_ancestor "$configured")"
        [ -z "$blocked" ] || die "the postgres user cannot enter $blocked, so it cannot use $configured." \
            "chmod o+x $blocked, or point ALLIANCES_PG_DATA somewhere every user can reach (e.g. /tmp), or unset it."
        printf '%s\n' "$configured"
        return
    fi
    local preferred="$repo_root/.data/postgres"
    blocked="$(first_blocked_ancestor "$preferred")"
    if [ -z "$blocked" ]; then printf '%s\n' "$preferred"; else root_fallback_data_dir; fi
}

# Holds the same flock(2) as ClusterLock on <data dir>.lock on file descriptor 9 until the script exits.
take_cluster_lock() {
    exec 9>>"$1.lock"
    if command -v flock >/dev/null; then
        flock -w 60 9 || die "another process has held $1.lock for 60 s." \
            "wait for the other start (dotnet run/test, start.sh) to finish, or stop it."
    fi
}

is_running() { [ -f "$1/PG_VERSION" ] && as_server "$bin_dir/pg_ctl" status -D "$1" >/dev/null 2>&1; }

psql_bin() {
    if [ -x "$bin_dir/psql" ]; then printf '%s\n' "$bin_dir/psql"; else command -v psql || die "psql not found." \
        "install the PostgreSQL client (sudo apt-get install postgresql-client / brew install postgresql@15)."; fi
}

print_connection_strings() {
    cat <<EOS
Owner:     Host=127.0.0.1;Port=${port};Database=${database};Username=alliances_owner;Password=alliances-owner-dev
App:       Host=127.0.0.1;Port=${port};Database=${database};Username=alliances_app;Password=alliances-app-dev
Superuser: Host=${socket_dir};Port=${port};Database=${database};Username=postgres
EOS
}
