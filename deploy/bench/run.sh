#!/usr/bin/env bash
# The Alliances benchmark (issue #8), in one command:
#
#   deploy/bench/run.sh [--alliances 1000] [--spaces 20] [--duration 10s] [--connections 16] [--smoke]
#
# It builds Release, starts (or reuses) the embedded PostgreSQL cluster with a database of its own (alliances_bench),
# provisions N alliances x S spaces with `alliances provision`, starts the API in Release on 127.0.0.1, and measures:
#   (a) GET /v1/spaces on one alliance and (b) across all N in rotation (wrk: throughput, p50, p99);
#   the raw floor in the same run when ../shared/bench (or BENCH_BASELINE_DIR) exists, and the ratio (a)/floor;
#   the API's RSS (and, with dotnet-gcdump, its live heap) after warming one alliance and after touching all N;
#   claim latency over HTTP on the apex;
#   the time to migrate all N with the CLI, for a no-op and for a one-column migration.
# The table goes to stdout and is appended to docs/benchmarks.md (--output FILE to put it elsewhere).
#
# Options (defaults in brackets):
#   --alliances N [1000]   --spaces S [20]        --duration D [10s]      --connections C [16]
#   --threads T [1]        --rounds R [3]         --claims K [200]        --parallel P [4] (provision and migrate)
#   --database NAME [alliances_bench]             --output FILE [docs/benchmarks.md]
#   --smoke   N=3, 2 s loads, 1 round, 10 claims, database alliances_bench_smoke, table to a temporary file only
#
# Needs dotnet, wrk (apt-get install -y wrk), curl and jq. Loopback only; every load is bounded by --duration, and
# every process the script starts is stopped when it exits. Quote ratios from one run: on a shared machine absolute
# figures drift.
set -euo pipefail
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
unset AUTH HOST_TEMPLATE TENANTS # read by the wrk scripts; every load here is anonymous and sets its own hosts

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here=$repo/deploy/bench
command_line="deploy/bench/run.sh${*:+ $*}"

alliances=1000 spaces=20 duration=10s connections=16 threads=1 rounds=3 claims=200 parallel=4
database=alliances_bench output=$repo/docs/benchmarks.md smoke=0
for arg in "$@"; do
  if [[ $arg == --smoke ]]; then
    smoke=1 alliances=3 duration=2s rounds=1 claims=10 database=alliances_bench_smoke output=""
  fi
done
while (($#)); do
  case "$1" in
    --alliances) alliances=$2; shift ;;
    --spaces) spaces=$2; shift ;;
    --duration) duration=$2; shift ;;
    --connections) connections=$2; shift ;;
    --threads) threads=$2; shift ;;
    --rounds) rounds=$2; shift ;;
    --claims) claims=$2; shift ;;
    --parallel) parallel=$2; shift ;;
    --database) database=$2; shift ;;
    --output) output=$2; shift ;;
    --smoke) ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

for n in alliances spaces connections threads rounds claims parallel; do
  [[ ${!n} =~ ^[0-9]+$ ]] || { echo "--$n must be a whole number, not '${!n}'" >&2; exit 2; }
done
((alliances >= 1 && spaces >= 1 && connections >= 1 && threads >= 1 && rounds >= 1 && claims >= 1)) ||
  { echo "--alliances, --spaces, --connections, --threads, --rounds and --claims must be at least 1" >&2; exit 2; }
[[ $duration =~ ^[0-9]+[smh]?$ ]] || { echo "--duration is a wrk duration such as 10s, not '$duration'" >&2; exit 2; }
[[ $database =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "--database must be a plain lower-case name" >&2; exit 2; }
for tool in dotnet wrk curl jq flock awk ss; do
  command -v "$tool" >/dev/null || { echo "$tool not found${tool/wrk/ (apt-get install -y wrk)}" >&2; exit 2; }
done

tmp=${TMPDIR:-/tmp}
work=$(mktemp -d "$tmp/alliances-bench.XXXXXX")
if ((smoke)) && [[ -z $output ]]; then output=$work/smoke-table.md; fi
say() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { say "error: $*"; exit 1; }

# One run per database at a time (a smoke test may start while a full run is going): they would share alliances.
exec 9>"$tmp/alliances-bench-$database.lock"
flock -w 1800 9 || die "another benchmark on database $database is still running ($tmp/alliances-bench-$database.lock)"

# The shared yardstick, when there is one: the raw floor, compare.sh and rotate-hosts.lua.
bench_dir=""
if [[ -n ${BENCH_BASELINE_DIR:-} ]]; then
  [[ -d $BENCH_BASELINE_DIR ]] || die "BENCH_BASELINE_DIR=$BENCH_BASELINE_DIR is not a directory"
  bench_dir=$(cd "$BENCH_BASELINE_DIR" && pwd)
elif [[ -d $repo/../shared/bench ]]; then
  bench_dir=$(cd "$repo/../shared/bench" && pwd)
fi
rotate=$here/rotate.lua
[[ -n $bench_dir && -f $bench_dir/rotate-hosts.lua ]] && rotate=$bench_dir/rotate-hosts.lua

# --- processes we start, and their clean-up ------------------------------------------------------------------------
pids=()
stop_pid() {
  local pid=$1
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do stop_pid "$pid"; done
  ((status == 0)) || say "failed (exit $status); logs are in $work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A port below the kernel's ephemeral range (outgoing connections cannot be holding it) that no socket uses now.
free_port() {
  local port low
  low=$(awk '{print $1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  for _ in $(seq 200); do
    port=$((10000 + RANDOM % (low - 10000)))
    if ! ss -Htan 2>/dev/null | awk '{print $4}' | grep -q ":$port\$"; then echo "$port"; return 0; fi
  done
  die "no free TCP port found"
}

# wait_http URL HOST PID SECONDS: until URL answers 200 for Host: HOST, while PID lives.
wait_http() {
  local deadline=$((SECONDS + $4))
  while ((SECONDS < deadline)); do
    kill -0 "$3" 2>/dev/null || return 1
    [[ $(curl -s -o /dev/null -w '%{http_code}' -H "Host: $2" "$1" || true) == 200 ]] && return 0
    sleep 0.5
  done
  return 1
}

load_average() { cut -d' ' -f1-3 /proc/loadavg; }
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$2"; }
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END{print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
# Nearest-rank percentile: percentile P VALUES...
percentile() { local p=$1; shift; printf '%s\n' "$@" | sort -g | awk -v p="$p" '{v[NR]=$1} END{r=p/100*NR; i=int(r); if (i<r) i++; if (i<1) i=1; print v[i]}'; }
calc() { awk "BEGIN{printf \"$1\", $2}"; }

# load URL HOST_TEMPLATE TENANTS DURATION: one wrk run, printed as "rps=… p50_ms=… p99_ms=… errors=… non2xx=…".
load() {
  local out
  out=$(HOST_TEMPLATE=$2 TENANTS=$3 wrk -t"$threads" -c"$connections" -d"$4" -s "$rotate" "$1" 2>&1) || { echo "$out" >&2; return 1; }
  out=$(sed -n 's/^RESULT //p' <<<"$out")
  [[ -n $out ]] || die "wrk printed no RESULT line"
  [[ $(field non2xx "$out") == 0 ]] || die "non-2xx answers under load ($out); see $work/api.log"
  echo "$out"
}

# --- 1. build -------------------------------------------------------------------------------------------------------
started_at=$(date -u)
load_at_start=$(load_average)
build=$tmp/alliances-bench-build-$database
say "building Release into $build (log: $work/build.log)"
# No MSBuild node outlives the build, and none inherits the lock on fd 9 (a lingering node would hold it for minutes).
dotnet build "$repo/src/Alliances.Cli/Alliances.Cli.csproj" -c Release --artifacts-path "$build" -nologo -nodeReuse:false \
  >"$work/build.log" 2>&1 9>&- ||
  { tail -n 40 "$work/build.log" >&2; die "build failed"; }
cli_dll=$build/bin/Alliances.Cli/release/alliances.dll
api_dir=$build/bin/Alliances.Api/release
cli() { dotnet "$cli_dll" "$@" 9>&-; }

# --- 2. database and alliances ----------------------------------------------------------------------------------------
say "provisioning $alliances alliances x $spaces spaces in database $database (log: $work/provision.log)"
cli provision --database "$database" --count "$alliances" --prefix bench- --spaces "$spaces" --parallel "$parallel" \
  --print-connection >"$work/provision.log" 2>&1 || { tail -n 30 "$work/provision.log" >&2; die "provision failed"; }
app_cs=$(sed -n 's/^ConnectionStrings__Alliances=//p' "$work/provision.log")
owner_cs=$(sed -n 's/^ConnectionStrings__AlliancesOwner=//p' "$work/provision.log")
[[ -n $app_cs && -n $owner_cs ]] || die "provision printed no connection strings"
# provision ran the platform migration; this brings alliances from earlier runs to the current tenant schema.
cli migrate --connection "$app_cs" --owner-connection "$owner_cs" --parallel "$parallel" >"$work/migrate-current.log" 2>&1 ||
  { tail -n 30 "$work/migrate-current.log" >&2; die "migrate failed"; }

# --- 3. the API ---------------------------------------------------------------------------------------------------------
operator_key=opk_bench_$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
api_port=$(free_port)
api=http://127.0.0.1:$api_port
say "starting the API on $api (log: $work/api.log)"
# Production, with the connection strings given; logging at Warning. The rate limiter stays in the pipeline, but its
# limits are raised: wrk sends thousands of anonymous requests a second from one address, which a limit would turn
# into 429s, and a benchmark of 429s measures nothing.
(cd "$api_dir" && exec env ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production ASPNETCORE_URLS="$api" \
  "ConnectionStrings__Alliances=$app_cs" "ConnectionStrings__AlliancesOwner=$owner_cs" \
  Alliances__ApexDomain=localhost "Alliances__OperatorKey=$operator_key" \
  Alliances__RateLimits__Anonymous__PermitLimit=2000000000 Alliances__RateLimits__Key__PermitLimit=2000000000 \
  Alliances__RateLimits__Platform__PermitLimit=2000000000 Alliances__RateLimits__Alliance__PermitLimit=2000000000 \
  Alliances__RateLimits__FailedAuth__PermitLimit=2000000000 Alliances__RateLimits__Claim__PermitLimit=2000000000 \
  Alliances__RateLimits__ClaimCeiling__PermitLimit=2000000000 Alliances__Operator__DeleteDrainSeconds=0 \
  Logging__LogLevel__Default=Warning dotnet Alliances.Api.dll) >"$work/api.log" 2>&1 9>&- &
api_pid=$!
pids+=("$api_pid")
wait_http "$api/readyz" localhost "$api_pid" 120 || { tail -n 30 "$work/api.log" >&2; die "the API did not become ready"; }

operator() { # METHOD PATH: an operator request on the apex; prints the status code
  curl -s -o "$work/operator.json" -w '%{http_code}' -X "$1" -H "Host: localhost" -H "Authorization: Bearer $operator_key" "$api$2"
}
delete_alliance() { [[ $(operator DELETE "/v1/alliances/$1?confirm=$1") == 200 ]] || die "could not delete $1: $(cat "$work/operator.json")"; }

# Claims of an earlier run that stopped half-way would otherwise be migrated along with the bench alliances.
cursor=""
leftovers=()
while :; do
  curl -s -f -H "Host: localhost" "$api/v1/alliances?limit=100${cursor:+&cursor=$cursor}" >"$work/directory.json" || die "directory failed"
  mapfile -t -O "${#leftovers[@]}" leftovers < <(jq -r '.items[].subdomain | select(startswith("bclaim-"))' "$work/directory.json")
  cursor=$(jq -r '.nextCursor // empty' "$work/directory.json")
  [[ -n $cursor ]] || break
done
if ((${#leftovers[@]})); then
  say "deleting ${#leftovers[@]} claim(s) left by an earlier run"
  for s in "${leftovers[@]}"; do delete_alliance "$s"; done
fi

# The answer must be what we think we are measuring.
page_size=$((spaces < 20 ? spaces : 20))
read -r code api_bytes < <(curl -s -o "$work/api.json" -w '%{http_code} %{size_download}\n' -H "Host: bench-1.localhost" "$api/v1/spaces")
[[ $code == 200 ]] || die "GET /v1/spaces on bench-1 answered $code: $(head -c 500 "$work/api.json")"
[[ $(jq '.items | length' "$work/api.json") == "$page_size" ]] || die "GET /v1/spaces on bench-1 did not list $page_size spaces"

# --- 4. the raw floor ----------------------------------------------------------------------------------------------------
raw=""
raw_note="no ../shared/bench and no BENCH_BASELINE_DIR: absolute figures only"
if [[ -n $bench_dir ]]; then
  raw_build=/tmp/raw-baseline # outside ../shared, which may be read-only
  say "building the raw baseline into $raw_build"
  flock "$tmp/raw-baseline.lock" dotnet build "$bench_dir/raw-baseline" -c Release --artifacts-path "$raw_build" -nologo \
    -nodeReuse:false >"$work/raw-build.log" 2>&1 9>&- || { tail -n 30 "$work/raw-build.log" >&2; die "raw baseline build failed"; }
  # The columns, order and limit of the API's list query (EF asks for limit + 1 rows to know whether a next page
  # exists). The arrays and jsonb columns come back as JSON text, which the baseline writes as strings.
  raw_sql="SELECT id, name, slug, kind, status, description, website, logo_url, email, phone, address_street, address_city,"
  raw_sql+=" address_region, address_postal_code, address_country_code, latitude, longitude, time_zone, neighborhood,"
  raw_sql+=" array_to_json(amenities)::text AS amenities, opening_hours::text AS opening_hours,"
  raw_sql+=" membership_plans::text AS membership_plans, capacity, joined_at, welcomed_at, welcomed_by, created_at, updated_at"
  raw_sql+=" FROM spaces ORDER BY name, id LIMIT $((page_size + 1))"
  raw_port=$(free_port)
  raw=http://127.0.0.1:$raw_port
  dotnet "$raw_build/bin/RawBaseline/release/RawBaseline.dll" --connection "$app_cs" \
    --catalog-sql 'SELECT schema_name, role_name FROM platform.alliances WHERE subdomain = $1' \
    --route /v1/spaces --wrap items --sql "$raw_sql" --urls "$raw" >"$work/raw.log" 2>&1 9>&- &
  raw_pid=$!
  pids+=("$raw_pid")
  wait_http "$raw/v1/spaces" bench-1.localhost "$raw_pid" 60 || { tail -n 30 "$work/raw.log" >&2; die "the raw baseline did not start"; }
  read -r code raw_bytes < <(curl -s -o "$work/raw.json" -w '%{http_code} %{size_download}\n' -H "Host: bench-1.localhost" "$raw/v1/spaces")
  [[ $code == 200 && $(jq '.items | length' "$work/raw.json") -ge $page_size ]] || die "the raw baseline answered $code"
  raw_note="raw floor: $bench_dir/raw-baseline, same database, login role and catalog lookup; one round trip per request"
fi

# --- 5. throughput, latency and memory ---------------------------------------------------------------------------------
rss_kb() { awk '/^VmRSS:/{print $2}' "/proc/$api_pid/status"; }
# dotnet-gcdump, when installed (dotnet tool install -g dotnet-gcdump), induces a full blocking GC and reports the live
# managed heap. Under Server GC the RSS of identical loads moves by tens of MB (gen0 budgets, decommit timing), which
# at N = 1,000 is tens of KB per alliance; the live heap after a full GC shows what each alliance really costs.
gcdump=$(command -v dotnet-gcdump || true)
[[ -n $gcdump || ! -x $HOME/.dotnet/tools/dotnet-gcdump ]] || gcdump=$HOME/.dotnet/tools/dotnet-gcdump
# memory_reading NAME: one one-alliance load, then "rss_kb heap_bytes" (heap_bytes empty without dotnet-gcdump).
memory_reading() {
  local heap="" name
  load "$api/v1/spaces" bench-1.localhost 1 "$duration" >/dev/null
  sleep 1
  if [[ -n $gcdump ]]; then
    name=$work/heap-$1.gcdump
    "$gcdump" collect -p "$api_pid" -o "$name" >"$name.log" 2>&1 9>&- || { cat "$name.log" >&2; die "dotnet-gcdump failed"; }
    heap=$("$gcdump" report "$name" 2>/dev/null | awk '/GC Heap bytes/ { gsub(",", "", $1); print $1; exit }')
    sleep 1
  fi
  echo "$(rss_kb) $heap"
}
# three_readings PREFIX: sets PREFIX_rss, PREFIX_heap (medians) and PREFIX_spread (max - min of the RSS, KB).
three_readings() {
  local rss=() heap=() reading r h i
  for i in 1 2 3; do
    reading=$(memory_reading "$1-$i")
    read -r r h <<<"$reading"
    rss+=("$r")
    [[ -z $h ]] || heap+=("$h")
  done
  printf -v "${1}_rss" '%s' "$(median "${rss[@]}")"
  printf -v "${1}_heap" '%s' "$( ((${#heap[@]})) && median "${heap[@]}" || true)"
  printf -v "${1}_spread" '%s' "$(printf '%s\n' "${rss[@]}" | sort -n | awk 'NR==1{min=$1} {max=$1} END{print max-min}')"
}

say "warming one alliance ($duration), then three memory readings, each after a one-alliance load of $duration"
load "$api/v1/spaces" bench-1.localhost 1 "$duration" >/dev/null
three_readings one

say "touching all $alliances alliances once"
{
  for ((i = 1; i <= alliances; i++)); do
    ((i == 1)) || echo next
    printf 'url = "%s/v1/spaces"\nheader = "Host: bench-%d.localhost"\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\n' "$api" "$i"
  done
} >"$work/touch.curl"
touched=$(curl -s -K "$work/touch.curl" | grep -c '^200$' || true)
((touched == alliances)) || die "only $touched of $alliances alliances answered 200"
# Warm-up of the rotation, not counted. Each pooled connection's PostgreSQL backend loads the catalog entries of a
# schema the first time it visits it; with C connections and N alliances that is C x N first visits (16,000 at the
# defaults), so three loads of --duration come before the measured rounds.
say "warming the rotation over $alliances alliances (3 x $duration)"
for _ in 1 2 3; do load "$api/v1/spaces" 'bench-%d.localhost' "$alliances" "$duration" >/dev/null; done

one_rps=() one_p50=() one_p99=() rot_rps=() rot_p50=() rot_p99=() rot_ratio_rps=() rot_ratio_p99=()
for ((r = 1; r <= rounds; r++)); do
  say "round $r of $rounds: (a) one alliance, then (b) $alliances in rotation, $duration each"
  a=$(load "$api/v1/spaces" bench-1.localhost 1 "$duration")
  b=$(load "$api/v1/spaces" 'bench-%d.localhost' "$alliances" "$duration")
  echo "round $r (a) $a" >>"$work/loads.log"
  echo "round $r (b) $b" >>"$work/loads.log"
  one_rps+=("$(field rps "$a")") one_p50+=("$(field p50_ms "$a")") one_p99+=("$(field p99_ms "$a")")
  rot_rps+=("$(field rps "$b")") rot_p50+=("$(field p50_ms "$b")") rot_p99+=("$(field p99_ms "$b")")
  rot_ratio_rps+=("$(calc %.3f "$(field rps "$b") / $(field rps "$a")")")
  rot_ratio_p99+=("$(calc %.3f "$(field p99_ms "$b") / $(field p99_ms "$a")")")
done

# The same one-alliance loads as before the first readings, so that what the load itself leaves on the heap cancels
# out and the difference is what N alliances cost.
say "three memory readings again, each after a one-alliance load of $duration"
three_readings all
others=$((alliances > 1 ? alliances - 1 : 1))
rss_per_alliance=$(calc %.2f "($all_rss - $one_rss) / $others")
rss_noise=$(calc %.2f "$one_spread / $others")
heap_per_alliance=""
[[ -z $one_heap || -z $all_heap ]] || heap_per_alliance=$(calc %.2f "($all_heap - $one_heap) / 1024 / $others")

ratio_rps="" ratio_p99=""
if [[ -n $raw ]]; then
  say "comparing (a) with the raw floor: compare.sh, $rounds round(s) of $duration"
  # compare.sh always exports AUTH, empty when it has no key; rotate-hosts.lua then sends "Authorization: Bearer "
  # with nothing after it, which the API rightly answers 401 (the floor ignores it). This wrk shim makes an empty AUTH
  # mean "no key", as compare.sh intends; the shared scripts themselves run unchanged.
  mkdir -p "$work/bin"
  printf '#!/usr/bin/env bash\n[[ -n ${AUTH-} ]] || unset AUTH\nexec %q "$@"\n' "$(command -v wrk)" >"$work/bin/wrk"
  chmod +x "$work/bin/wrk"
  PATH="$work/bin:$PATH" "$bench_dir/compare.sh" --a "$api/v1/spaces" --b "$raw/v1/spaces" --hosts bench-1.localhost --tenants 1 \
    --rounds "$rounds" --duration "$duration" --connections "$connections" --threads "$threads" >"$work/compare.log" 2>&1 ||
    { cat "$work/compare.log" >&2; die "compare.sh failed"; }
  last=$(tail -n 1 "$work/compare.log")
  ratio_rps=$(field ratio_rps "$last") ratio_p99=$(field ratio_p99 "$last")
  [[ -n $ratio_rps ]] || die "compare.sh printed no ratio"
  ! grep -Eq 'non2xx=[1-9]' "$work/compare.log" || { cat "$work/compare.log" >&2; die "non-2xx answers during compare.sh"; }
  mapfile -t raw_rounds < <(sed -n 's/^round [0-9]* B: //p' "$work/compare.log")
  raw_rps=() raw_p50=() raw_p99=()
  for line in "${raw_rounds[@]}"; do
    raw_rps+=("$(field rps "$line")") raw_p50+=("$(field p50_ms "$line")") raw_p99+=("$(field p99_ms "$line")")
  done
  mapfile -t api_rounds < <(sed -n 's/^round [0-9]* A: //p' "$work/compare.log")
  cmp_rps=() cmp_p99=()
  for line in "${api_rounds[@]}"; do cmp_rps+=("$(field rps "$line")") cmp_p99+=("$(field p99_ms "$line")"); done
fi

# --- 6. claims ------------------------------------------------------------------------------------------------------------
warm_claims=5
say "claims: $warm_claims warm-up, then $claims measured, sequential, over HTTP on the apex"
claim_prefix=bclaim-$(date +%s)
claimed=() claim_ms=()
for ((i = 0; i < warm_claims + claims; i++)); do
  sub=$claim_prefix-$i
  body=$(printf '{"subdomain":"%s","name":"Bench claim %s","region":"Seattle, WA","timeZone":"America/Los_Angeles","organizer":{"name":"Bench Organizer","email":"organizer@bench.example"}}' "$sub" "$i")
  read -r code secs < <(curl -s -o "$work/claim.json" -w '%{http_code} %{time_total}\n' -H "Host: localhost" \
    -H "Content-Type: application/json" --data "$body" "$api/v1/alliances")
  [[ $code == 201 ]] || die "claim of $sub answered $code: $(head -c 500 "$work/claim.json")"
  claimed+=("$sub")
  ((i < warm_claims)) || claim_ms+=("$(calc %.2f "$secs * 1000")")
done
printf '%s\n' "${claim_ms[@]}" >"$work/claims-ms.txt"
claim_median=$(percentile 50 "${claim_ms[@]}")
claim_p99=$(percentile 99 "${claim_ms[@]}")
say "deleting the ${#claimed[@]} claimed alliances"
for sub in "${claimed[@]}"; do delete_alliance "$sub"; done

# The load is over: stop the servers so that the migrations have the machine to themselves.
for pid in "${pids[@]}"; do stop_pid "$pid"; done
pids=() # stopped and reaped: their numbers may be reused by other processes from now on

# --- 7. migrations ---------------------------------------------------------------------------------------------------------
# migrate_timed NAME [ARGS]: `alliances migrate` over every alliance; prints "wall_s runner_s migrated total".
migrate_timed() {
  local name=$1 log=$work/migrate-$1.log t0 t1
  shift
  t0=$(date +%s.%N)
  cli migrate --connection "$app_cs" --owner-connection "$owner_cs" --parallel "$parallel" "$@" >"$log" 2>&1 ||
    { tail -n 30 "$log" >&2; die "migrate ($name) failed"; }
  t1=$(date +%s.%N)
  printf '%s %s %s %s\n' "$(calc %.2f "$t1 - $t0")" "$(sed -n 's/.*took \([0-9.]*\) s\..*/\1/p' "$log" | tail -n 1)" \
    "$(grep -c '] migrated ' "$log" || true)" "$(sed -n 's/.*All \([0-9]*\) alliance(s) are at.*/\1/p' "$log" | tail -n 1)"
}
stamp=$(date +%s)
printf -- '-- benchmark: a migration that changes nothing\n' >"$work/noop.sql"
printf 'ALTER TABLE spaces ADD COLUMN bench_note_%s text;\n' "$stamp" >"$work/add-column.sql"
printf 'ALTER TABLE spaces DROP COLUMN IF EXISTS bench_note_%s;\n' "$stamp" >"$work/drop-column.sql"
say "migrations: nothing pending, a no-op script, a one-column script (parallel $parallel)"
# Assigned first, then read: a failure inside $(...) stops the script, inside <(...) it would not.
result=$(migrate_timed idle)
read -r idle_wall idle_runner _ idle_total <<<"$result"
result=$(migrate_timed noop --bench-script "$work/noop.sql")
read -r noop_wall noop_runner noop_migrated _ <<<"$result"
result=$(migrate_timed add-column --bench-script "$work/add-column.sql")
read -r add_wall add_runner add_migrated _ <<<"$result"
result=$(migrate_timed drop-column --bench-script "$work/drop-column.sql") # clean-up, not reported
read -r drop_wall _ <<<"$result"
((noop_migrated == alliances && add_migrated == alliances)) ||
  die "the migrations covered $noop_migrated / $add_migrated alliances, not $alliances (see $work/migrate-*.log)"

# --- 8. the table ------------------------------------------------------------------------------------------------------------
at_least() { # VALUE GOAL UNIT: "met" or "not met by …"
  awk -v v="$1" -v g="$2" -v u="$3" 'BEGIN{ if (v >= g) print "met"; else printf "not met, by %.2f%s (%.0f %% short)\n", g - v, u, (g - v) / g * 100 }'
}
at_most() {
  awk -v v="$1" -v g="$2" -v u="$3" 'BEGIN{ if (v <= g) print "met"; else printf "not met, by %.2f%s (%.0f %% over)\n", v - g, u, (v - g) / g * 100 }'
}
at_scale() { # the rotation and migration goals are stated for 1,000 alliances
  if ((alliances >= 1000)); then "$@"; else echo "n/a at N = $alliances (goal is for N = 1,000)"; fi
}

mb() { calc %.1f "$1 / 1024"; }
o_rps=$(median "${one_rps[@]}") o_p50=$(median "${one_p50[@]}") o_p99=$(median "${one_p99[@]}")
b_rps=$(median "${rot_rps[@]}") b_p50=$(median "${rot_p50[@]}") b_p99=$(median "${rot_p99[@]}")
rr_rps=$(median "${rot_ratio_rps[@]}") rr_p99=$(median "${rot_ratio_p99[@]}")
pg_ctl_path=$(command -v pg_ctl || ls -d /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n 1 || true)
pg_version=$("$(dirname "${pg_ctl_path:-/nonexistent/x}")/postgres" --version 2>/dev/null || echo "PostgreSQL (version unknown)")
commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -z $(git -C "$repo" status --porcelain 2>/dev/null | head -n 1) ]] || commit+=" + uncommitted changes"
rounds_note="median of $rounds round(s)"

{
  echo
  echo "### Run of $started_at"
  echo
  echo "- **Command:** \`$command_line\`"
  echo "- **Machine:** $(nproc) CPUs (\`nproc\`), $(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo); $(free -g | awk '/^Mem:/{print $2}') GB memory (\`free -g\` total); load average $load_at_start at the start, $(load_average) at the end; ${pg_version}; .NET SDK $(dotnet --version); commit $commit."
  echo "- **Setup:** $alliances alliances x $spaces spaces in database \`$database\` on the embedded cluster; API in Release, Production, logging at Warning, rate limits raised; wrk $threads thread(s), $connections connections, $duration per load, loopback. Response to \`GET /v1/spaces\`: API $api_bytes bytes${raw:+, raw floor ${raw_bytes} bytes}."
  echo "- **Floor:** $raw_note."
  echo
  echo "| Measure | Result | Goal | Verdict |"
  echo "|---|---|---|---|"
  echo "| (a) \`GET /v1/spaces\`, one alliance (bench-1) | $(calc %.0f "$o_rps") req/s, p50 $o_p50 ms, p99 $o_p99 ms ($rounds_note) | | |"
  if [[ -n $raw ]]; then
    echo "| Raw floor, same query and host (compare.sh) | $(calc %.0f "$(median "${raw_rps[@]}")") req/s, p50 $(median "${raw_p50[@]}") ms, p99 $(median "${raw_p99[@]}") ms; API in the same turns: $(calc %.0f "$(median "${cmp_rps[@]}")") req/s, p99 $(median "${cmp_p99[@]}") ms | | |"
    echo "| (a) / raw floor, throughput (compare.sh ratio_rps) | ${ratio_rps}x (p99 ratio ${ratio_p99}x) | >= 0.85x | $(at_least "$ratio_rps" 0.85 x) |"
  else
    echo "| (a) / raw floor | n/a: $raw_note | >= 0.85x | not measured |"
  fi
  echo "| (b) \`GET /v1/spaces\`, $alliances alliances in rotation | $(calc %.0f "$b_rps") req/s, p50 $b_p50 ms, p99 $b_p99 ms ($rounds_note) | | |"
  echo "| (b) / (a), throughput | ${rr_rps}x (per-round ratios: ${rot_ratio_rps[*]}) | >= 0.90x | $(at_scale at_least "$rr_rps" 0.90 x) |"
  echo "| (b) / (a), p99 | ${rr_p99}x (per-round ratios: ${rot_ratio_p99[*]}) | <= 2x | $(at_scale at_most "$rr_p99" 2 x) |"
  echo "| API RSS after warming one alliance (median of 3) | $(mb "$one_rss") MB (spread $(mb "$one_spread") MB) | | |"
  echo "| API RSS after touching all $alliances (median of 3) | $(mb "$all_rss") MB (spread $(mb "$all_spread") MB) | | |"
  echo "| RSS growth per alliance | $rss_per_alliance KB ((second - first) / $others; identical loads alone move it by $rss_noise KB per alliance) | <= 5 KB | $(at_scale at_most "$rss_per_alliance" 5 " KB") |"
  if [[ -n $heap_per_alliance ]]; then
    echo "| Live managed heap after a full GC (dotnet-gcdump), growth per alliance | $heap_per_alliance KB ($(calc %.1f "$one_heap / 1048576") MB -> $(calc %.1f "$all_heap / 1048576") MB) | <= 5 KB | $(at_scale at_most "$heap_per_alliance" 5 " KB") |"
  else
    echo "| Live managed heap after a full GC, growth per alliance | n/a: dotnet-gcdump not installed (dotnet tool install -g dotnet-gcdump) | <= 5 KB | not measured |"
  fi
  echo "| Claims over HTTP on the apex ($claims sequential, after $warm_claims warm-up) | median $claim_median ms, p99 $claim_p99 ms | median <= 100 ms | $(at_most "$claim_median" 100 " ms") |"
  echo "| Migrate all $idle_total alliances, nothing pending (\`alliances migrate\`) | ${idle_wall} s wall (runner ${idle_runner} s) | | |"
  echo "| Migrate all $alliances alliances, no-op script | ${noop_wall} s wall (runner ${noop_runner} s), parallel $parallel | | |"
  echo "| Migrate all $alliances alliances, one column (\`ADD COLUMN ... text\`) | ${add_wall} s wall (runner ${add_runner} s), parallel $parallel | <= 30 s | $(at_scale at_most "$add_wall" 30 " s") |"
} >"$work/table.md"

cat "$work/table.md"
if [[ -n $output ]]; then
  cat "$work/table.md" >>"$output"
  say "table appended to $output"
fi
say "done; logs in $work (the one-column migration was dropped again in ${drop_wall} s)"
