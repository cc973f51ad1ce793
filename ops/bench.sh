#!/usr/bin/env bash
# THE benchmark command:  bash ops/bench.sh
#   runs the headline configuration (the load generator's defaults: 60 s at full speed after a 15 s warm-up,
#   768 callers, settlements over SettleStream calls, 8 per connection, a baseline of 32 writers) and prints the
#   headline figure first ("accepted settlements/s: N"), then the rest of the report. Any load generator option
#   changes the shape, e.g.  bash ops/bench.sh --api unary --callers 64   or   bash ops/bench.sh --rate 2000
#   (`bash ops/bench.sh settle [options]` is the same; see `dotnet <load generator> settle --help`).
# The period-close benchmark:  bash ops/bench.sh close [--regions 400 --settlements 1000000]
#   (runs against a fresh database closebench_<time> on the embedded PostgreSQL, dropped afterwards
#   unless CLEARINGHOUSE_BENCH_KEEP_DB=1; see src/Clearinghouse.LoadGen/Close/CloseBench.cs)
# The web console's page times:  bash ops/bench.sh console [--regions 400 --settlements 1000000 --runs 3]
#   (bash ops/console-bench.sh is the same; a fresh database consolebench_<time>: a closed and the open period
#   of N settlements each, copied into the ledger as for close; Chromium opens the console's pages as an
#   officer; see src/Clearinghouse.LoadGen/ConsolePages/ConsolePagesBench.cs)
# The reconciliation benchmark:  bash ops/bench.sh reconcile [--entries 200000 --repeat 3 --batch 1000]
#   (seeds a fresh care region's business day into the ledger of the embedded default database and
#   submits its report over gRPC; see src/Clearinghouse.LoadGen/Reconcile/ReconcileBench.cs)
# People not in memory:  bash ops/bench.sh cold [options]
#   (the headline's load over a million people visited in turn, so each visit activates its person and reads its
#   stream; the world is set up over the API into a kept database coldbench_<people> on the first run, ~10 minutes,
#   and reused by later runs; CLEARINGHOUSE_BENCH_COLD_PEOPLE sets the people, default 1000000)
# The raw-PostgreSQL baseline alone:  bash ops/bench.sh baseline [--baseline-rows 400000 --baseline-writers 32]
#   (no host: appends event-sized rows to a scratch table in the embedded default database, dropped
#   afterwards; see src/Clearinghouse.LoadGen/Baseline/BaselineBench.cs)
#
# 1. builds the host and the load generator (Release);
# 2. starts the embedded PostgreSQL (ops/embedded-pg.sh: 127.0.0.1, fsync and synchronous_commit ON) and
#    creates a fresh database loadbench_<time> for the run, dropped at the end (CLEARINGHOUSE_BENCH_KEEP_DB=1
#    keeps it; CLEARINGHOUSE_PG_DATABASE=<name> uses and keeps that one instead);
# 3. starts the host (the built Release binary) in the background on 127.0.0.1 and waits until it answers
#    (not for `baseline`);
# 4. runs src/Clearinghouse.LoadGen's settle command against it with --host-pid and --baseline-connection, plus "$@":
#    set-up over the gRPC API, the load phase, the raw-PostgreSQL baseline, the ledger verification;
# 5. stops the host (SIGTERM, then waits) whatever happened, Ctrl-C included. PostgreSQL keeps running
#    (bash ops/embedded-pg.sh stop stops it).
# The figures go to stdout and to a JSON file under artifacts/bench/ (its path is printed at the end);
# the host's log is kept beside it. Exit code: the load generator's (0 = ran and verified, 1 = verification
# mismatch, 2 = usage or set-up error).
#
# Environment:
#   CLEARINGHOUSE_BENCH_PORT      gRPC port of the host (default 5080)
#   CLEARINGHOUSE_BENCH_SILO_PORT / CLEARINGHOUSE_BENCH_GATEWAY_PORT  Orleans ports (default 11111 / 30000)
#   CLEARINGHOUSE_BENCH_SILOS=N   run N hosts as one cluster (default 1: one host on its own, as above). With
#                                 N > 1 every host runs in ADO.NET cluster mode on the bench database (docs/cluster.md),
#                                 host i on the ports above + i-1 (as ops/cluster.sh) with SiloName bench-silo-i and
#                                 its log host-<time>-i.log; the load generator gets all N addresses (--target, calls
#                                 go round-robin) and host 1's pid (--host-pid: its CPU and memory figures are host 1's
#                                 alone); all N are stopped at the end whatever happened.
#   CLEARINGHOUSE_BENCH_OUT       folder for the JSON and the host log (default artifacts/bench)
#   CLEARINGHOUSE_BENCH_TIMEOUT   upper bound of the load generator's run in seconds (default 3600)
#   CLEARINGHOUSE_BENCH_HOST_ARGS  extra host arguments, split on spaces, e.g.
#                                 "--Clearinghouse:GroupCommit:Writers=2 --Clearinghouse:GroupCommit:MaxBatch=1000"
#   CLEARINGHOUSE_BENCH_HOST_ENV  extra environment for the host only (not the load generator), NAME=VALUE
#                                 split on spaces, e.g. "DOTNET_gcServer=0" or "DOTNET_GCGen0MaxBudget=0x1000000"
#   CLEARINGHOUSE_BENCH_NO_BUILD=1  use the binaries already built
#   CLEARINGHOUSE_PG_PORT, CLEARINGHOUSE_DATA_DIR  see ops/embedded-pg.sh (the certificates of ops/dev-certs.sh,
#                                 which the host and the load generator use for mutual TLS, live beside its data)
#   CLEARINGHOUSE_PG_DATABASE     the database to run in and keep (default: a fresh loadbench_<time>, dropped)
#   CLEARINGHOUSE_BENCH_KEEP_DB=1 keep the fresh database (load and close)
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO=$PWD

PORT=${CLEARINGHOUSE_BENCH_PORT:-5080}
SILO_PORT=${CLEARINGHOUSE_BENCH_SILO_PORT:-11111}
GATEWAY_PORT=${CLEARINGHOUSE_BENCH_GATEWAY_PORT:-30000}
OUT=${CLEARINGHOUSE_BENCH_OUT:-artifacts/bench}
LIMIT=${CLEARINGHOUSE_BENCH_TIMEOUT:-3600}
SILOS=${CLEARINGHOUSE_BENCH_SILOS:-1}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)

T0=${EPOCHREALTIME//[!0-9]/}
say() {
  local d=$(( (${EPOCHREALTIME//[!0-9]/} - T0) / 100000 ))
  printf '[bench %(%H:%M:%S)T +%d.%ds] %s\n' -1 $((d / 10)) $((d % 10)) "$*" >&2
}
die() { echo "bench.sh: ERROR: $*" >&2; exit 1; }

command -v dotnet >/dev/null || die "dotnet is not on PATH (the .NET 10 SDK is needed)"
for p in "$PORT" "$SILO_PORT" "$GATEWAY_PORT" "$LIMIT" "$SILOS"; do
  case "$p" in ''|*[!0-9]*) die "ports, CLEARINGHOUSE_BENCH_TIMEOUT and CLEARINGHOUSE_BENCH_SILOS must be numbers, got '$p'" ;; esac
done
((SILOS >= 1 && SILOS <= 20)) || die "CLEARINGHOUSE_BENCH_SILOS must be in 1..20, got $SILOS"
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

HOST_DLL=src/Clearinghouse.Host/bin/Release/net10.0/Clearinghouse.Host.dll
LOADGEN_DLL=src/Clearinghouse.LoadGen/bin/Release/net10.0/Clearinghouse.LoadGen.dll
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd -P)
JSON=$OUT/bench-$STAMP.json
HOST_LOG=$OUT/host-$STAMP.log
BUILD_LOG=$OUT/build-$STAMP.log

# ---- 1. build ----------------------------------------------------------------------------------
if [ "${CLEARINGHOUSE_BENCH_NO_BUILD:-}" != 1 ]; then
  say "building host and load generator (Release; log: $BUILD_LOG)"
  for project in src/Clearinghouse.Host src/Clearinghouse.LoadGen; do
    dotnet build "$project" -c Release -nologo -v q >>"$BUILD_LOG" 2>&1 ||
      { tail -n 30 "$BUILD_LOG" >&2; die "dotnet build $project failed (log: $BUILD_LOG)"; }
  done
fi
[ -f "$HOST_DLL" ] || die "$HOST_DLL is missing: build first (without CLEARINGHOUSE_BENCH_NO_BUILD)"
[ -f "$LOADGEN_DLL" ] || die "$LOADGEN_DLL is missing: build first (without CLEARINGHOUSE_BENCH_NO_BUILD)"

# ---- 2. PostgreSQL -----------------------------------------------------------------------------
MODE=load
FRESH_DB=0
[ "${1:-}" = settle ] && shift
if [ "${1:-}" = close ]; then
  MODE=close
  shift
  FRESH_DB=1
  export CLEARINGHOUSE_PG_DATABASE=closebench_${STAMP,,}
elif [ "${1:-}" = console ]; then
  MODE=console
  shift
  FRESH_DB=1
  export CLEARINGHOUSE_PG_DATABASE=consolebench_${STAMP,,}
elif [ "${1:-}" = reconcile ]; then
  MODE=reconcile
  shift
elif [ "${1:-}" = baseline ]; then
  MODE=baseline
  shift
elif [ "${1:-}" = cold ]; then
  # People not in memory: a kept database with a world of CLEARINGHOUSE_BENCH_COLD_PEOPLE people, set up on the
  # first run (over the API, ~10 minutes for a million) and reused by the next ones, which go straight to the load.
  MODE=cold
  shift
  COLD_PEOPLE=${CLEARINGHOUSE_BENCH_COLD_PEOPLE:-1000000}
  case "$COLD_PEOPLE" in ''|*[!0-9]*) die "CLEARINGHOUSE_BENCH_COLD_PEOPLE must be a number, got '$COLD_PEOPLE'" ;; esac
  export CLEARINGHOUSE_PG_DATABASE=coldbench_$COLD_PEOPLE
elif [ -z "${CLEARINGHOUSE_PG_DATABASE:-}" ]; then
  # Each load run gets a database of its own, dropped afterwards: its figures do not depend on what
  # earlier runs left (a day of runs grew the shared database to 41 GB and read ~10% lower), and runs do
  # not fill the disk. Name one with CLEARINGHOUSE_PG_DATABASE to keep it (--skip-setup reuses a world).
  FRESH_DB=1
  export CLEARINGHOUSE_PG_DATABASE=loadbench_${STAMP,,}
fi
bash ops/embedded-pg.sh start
# Host and load generator read the password from the file the connection string names (Passfile=...);
# psql below reads the same file through PGPASSFILE.
CONN=$(bash ops/embedded-pg.sh conn)
PASSFILE=$(bash ops/embedded-pg.sh passfile)
bench_psql() {
  local psql=psql
  command -v psql >/dev/null || psql=$(ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | tail -1)
  PGPASSWORD="" PGPASSFILE=$PASSFILE "$psql" -w -h 127.0.0.1 -p "${CLEARINGHOUSE_PG_PORT:-15432}" -U postgres "$@"
}
drop_bench_db() {
  [ "$FRESH_DB" = 1 ] && [ "${CLEARINGHOUSE_BENCH_KEEP_DB:-}" != 1 ] || return 0
  say "dropping database $CLEARINGHOUSE_PG_DATABASE"
  bench_psql -d postgres -qc "DROP DATABASE IF EXISTS $CLEARINGHOUSE_PG_DATABASE WITH (FORCE)" || say "could not drop $CLEARINGHOUSE_PG_DATABASE"
}

# ---- TLS: the host's certificate and the load generator's, from the development CA (docs/identity.md) ----
# The load generator calls as several callers (--identity-dir): an operator sets up the registry, an officer
# deposits, reads and closes, and the platform of the care regions' province settles. Its world's regions lie in
# one province that follows from the run id, so the folder holds every province's platform (made once, reused).
{ read -r SERVER_CRT; read -r SERVER_KEY; } < <(bash ops/dev-certs.sh server)
CA_CRT=$(bash ops/dev-certs.sh ca)
IDENTITIES=$(dirname "$CA_CRT")/loadgen
mkdir -p "$IDENTITIES"
link_identity() {
  local crt key
  { read -r crt; read -r key; } < <(bash ops/dev-certs.sh "$@")
  ln -sf "$crt" "$IDENTITIES/$(basename "$crt")"
  ln -sf "$key" "$IDENTITIES/$(basename "$key")"
}
if [ ! -e "$IDENTITIES/platform-99.crt" ] || [ ! -e "$IDENTITIES/officer-loadgen.crt" ]; then
  say "making the load generator's certificates in $IDENTITIES (once)"
fi
link_identity officer loadgen
link_identity operator loadgen
for province in {10..99}; do link_identity platform "$province"; done
TLS_HOST_ARGS=(--Clearinghouse:Tls:Certificate="$SERVER_CRT" --Clearinghouse:Tls:Key="$SERVER_KEY" --Clearinghouse:Tls:ClientCa="$CA_CRT")
TLS_LOADGEN_ARGS=(--ca "$CA_CRT" --identity-dir "$IDENTITIES")

# ---- 3. host (none for the baseline alone) ----------------------------------------------------------
# HOST_PIDS: every host started (CLEARINGHOUSE_BENCH_SILOS); HOST_PID: the first, for --host-pid.
HOST_PID=""
HOST_PIDS=()
HOST_LOGS=()
TARGETS="https://127.0.0.1:$PORT"
stop_host() {
  ((${#HOST_PIDS[@]} > 0)) || return 0
  local pid i alive
  # All at once, so N hosts stop in the time of one.
  for pid in "${HOST_PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      say "stopping the host (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
    fi
  done
  for ((i = 0; i < 300; i++)); do
    alive=0
    for pid in "${HOST_PIDS[@]}"; do
      kill -0 "$pid" 2>/dev/null && alive=1
    done
    ((alive)) || break
    sleep 0.1
  done
  for pid in "${HOST_PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      say "the host (pid $pid) did not stop within 30 s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
  HOST_PIDS=()
  HOST_PID=""
}
finish() {
  local rc=$?
  trap - EXIT INT TERM
  stop_host
  drop_bench_db
  [ -f "$JSON" ] && say "figures: $JSON"
  [ -f "$HOST_LOG" ] && say "host log: $HOST_LOG"
  ((SILOS == 1)) || say "host logs: $OUT/host-$STAMP-<i>.log"
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

read -r -a HOST_ARGS <<<"${CLEARINGHOUSE_BENCH_HOST_ARGS:-}"
read -r -a HOST_ENV <<<"${CLEARINGHOUSE_BENCH_HOST_ENV:-}"
# start_silo PORT SILO_PORT GATEWAY_PORT LOG [host arguments]: one host in the background; its pid joins HOST_PIDS.
start_silo() {
  local port=$1 silo_port=$2 gateway_port=$3 log=$4
  shift 4
  local p
  for p in "$port" "$silo_port" "$gateway_port"; do
    port_taken "$p" && die "port $p on 127.0.0.1 is in use (another host?); choose others with CLEARINGHOUSE_BENCH_PORT / _SILO_PORT / _GATEWAY_PORT"
  done
  say "starting the host on 127.0.0.1:$port (log: $log)${HOST_ARGS[*]:+ with ${HOST_ARGS[*]}}${HOST_ENV[*]:+ and ${HOST_ENV[*]}}"
  # The Release binary itself (not `dotnet run`), so $! is the host's own pid for --host-pid; its content
  # root is the project folder, so it reads the same appsettings.json as ops/start.sh.
  env "${HOST_ENV[@]}" dotnet "$HOST_DLL" \
    --contentRoot "$REPO/src/Clearinghouse.Host" \
    --ConnectionStrings:Clearinghouse="$CONN" \
    --Clearinghouse:Port="$port" \
    --Clearinghouse:ListenAddress=127.0.0.1 \
    --Clearinghouse:SiloPort="$silo_port" \
    --Clearinghouse:GatewayPort="$gateway_port" \
    "${TLS_HOST_ARGS[@]}" \
    --Logging:LogLevel:Default=Warning \
    --Logging:LogLevel:Microsoft.Hosting.Lifetime=Information \
    --Logging:LogLevel:Clearinghouse.Grains.Clearing=Information \
    --Logging:LogLevel:Clearinghouse.Api.ReconciliationGrpcService=Information \
    "$@" \
    "${HOST_ARGS[@]}" \
    </dev/null >"$log" 2>&1 &
  HOST_PIDS+=("$!")
  HOST_LOGS+=("$log")
  [ -n "$HOST_PID" ] || HOST_PID=$!
}
# wait_listening PID PORT LOG: until the host answers on its port; a host that exits first fails the run.
wait_listening() {
  local pid=$1 port=$2 log=$3 i
  for ((i = 0; i < 1200; i++)); do
    kill -0 "$pid" 2>/dev/null || { tail -n 40 "$log" >&2; die "the host exited during start-up (log: $log)"; }
    port_taken "$port" && break
    sleep 0.1
  done
  port_taken "$port" || { tail -n 40 "$log" >&2; die "the host did not open port $port within 120 s (log: $log)"; }
  say "host listening (pid $pid); load average $(cut -d' ' -f1-3 /proc/loadavg)"
}
start_host() {
  if ((SILOS == 1)); then
    start_silo "$PORT" "$SILO_PORT" "$GATEWAY_PORT" "$HOST_LOG"
    wait_listening "$HOST_PID" "$PORT" "$HOST_LOG"
    return
  fi
  # One cluster on the bench database, ports offset as ops/cluster.sh offsets them; started together (the
  # membership schema step takes an advisory lock), then waited for one by one.
  local i
  TARGETS=""
  for ((i = 1; i <= SILOS; i++)); do
    start_silo $((PORT + i - 1)) $((SILO_PORT + i - 1)) $((GATEWAY_PORT + i - 1)) "$OUT/host-$STAMP-$i.log" \
      --Clearinghouse:Cluster:Mode=AdoNet --Clearinghouse:Cluster:SiloName="bench-silo-$i"
    TARGETS+="${TARGETS:+,}https://127.0.0.1:$((PORT + i - 1))"
  done
  for ((i = 1; i <= SILOS; i++)); do
    wait_listening "${HOST_PIDS[i - 1]}" $((PORT + i - 1)) "$OUT/host-$STAMP-$i.log"
  done
  say "$SILOS hosts in one cluster: $TARGETS"
}
[ "$MODE" = baseline ] || start_host

# ---- 4. load generator ---------------------------------------------------------------------------
NOTE="server: $(git rev-parse --short HEAD 2>/dev/null || echo 'no git')"
git diff --quiet HEAD -- src 2>/dev/null || NOTE="$NOTE + uncommitted changes in src/"
[ -n "${HOST_ARGS[*]}" ] && NOTE="$NOTE; host args: ${HOST_ARGS[*]}"
[ -n "${HOST_ENV[*]}" ] && NOTE="$NOTE; host environment: ${HOST_ENV[*]}"
((SILOS == 1)) || NOTE="$NOTE; $SILOS hosts in one cluster (AdoNet), host figures are host 1's"
rc=0
if [ "$MODE" = close ]; then
  timeout --foreground -s INT -k 120 "$LIMIT" \
    dotnet "$LOADGEN_DLL" close \
      --target "$TARGETS" \
      "${TLS_LOADGEN_ARGS[@]}" \
      --connection "$CONN" \
      --host-pid "$HOST_PID" \
      --json "$JSON" \
      --wait-for-host 120 \
      --note "$NOTE" \
      "$@" || rc=$?
elif [ "$MODE" = console ]; then
  # The browser presents an officer's certificate of the development CA.
  { read -r BROWSER_CRT; read -r BROWSER_KEY; } < <(bash ops/dev-certs.sh officer console)
  timeout --foreground -s INT -k 120 "$LIMIT" \
    dotnet "$LOADGEN_DLL" console \
      --target "$TARGETS" \
      "${TLS_LOADGEN_ARGS[@]}" \
      --connection "$CONN" \
      --browser-cert "$BROWSER_CRT" \
      --browser-key "$BROWSER_KEY" \
      --wait-for-host 120 \
      "$@" || rc=$?
elif [ "$MODE" = reconcile ]; then
  timeout --foreground -s INT -k 120 "$LIMIT" \
    dotnet "$LOADGEN_DLL" reconcile \
      --target "$TARGETS" \
      "${TLS_LOADGEN_ARGS[@]}" \
      --connection "$CONN" \
      --host-pid "$HOST_PID" \
      --wait-for-host 120 \
      "$@" || rc=$?
elif [ "$MODE" = baseline ]; then
  timeout --foreground -s INT -k 120 "$LIMIT" \
    dotnet "$LOADGEN_DLL" baseline \
      --baseline-connection "$CONN" \
      --json "$JSON" \
      --note "$NOTE" \
      "$@" || rc=$?
else
  COLD_ARGS=()
  if [ "$MODE" = cold ]; then
    # Every person visited in turn: at full speed each comes round again minutes later, long after the host let them
    # leave memory (30 s idle), so every visit activates its person and reads its stream.
    # The world's run id is kept with it (request ids, person ids and region codes derive from it).
    COLD_RUN_ID=$(bench_psql -d "$CLEARINGHOUSE_PG_DATABASE" -tAc "select run_id from public.coldbench_world" 2>/dev/null || true)
    COLD_ARGS=(--people "$COLD_PEOPLE" --people-order cycle --run-id "${COLD_RUN_ID:-cold$COLD_PEOPLE}" --setup-parallelism 256)
    # A kept world's processor starts where earlier runs left it (a run with it off leaves it all that run's
    # settlements): the load waits until it has handled them, so the run pays for its own settlements only.
    case " ${HOST_ARGS[*]} " in
      *"Supervision:Enabled=false"*) ;;
      *) COLD_ARGS+=(--await-supervision 2400) ;;
    esac
    if [ -n "$COLD_RUN_ID" ]; then
      COLD_ARGS+=(--skip-setup)
      say "the world of $COLD_PEOPLE people in $CLEARINGHOUSE_PG_DATABASE is set up: straight to the load"
    else
      say "setting up a world of $COLD_PEOPLE people in $CLEARINGHOUSE_PG_DATABASE (once; kept for the next cold runs)"
    fi
  fi
  timeout --foreground -s INT -k 120 "$LIMIT" \
    dotnet "$LOADGEN_DLL" settle \
      --target "$TARGETS" \
      "${TLS_LOADGEN_ARGS[@]}" \
      --host-pid "$HOST_PID" \
      --baseline-connection "$CONN" \
      --json "$JSON" \
      --wait-for-host 120 \
      --note "$NOTE" \
      "${COLD_ARGS[@]}" \
      "$@" || rc=$?
  if [ "$MODE" = cold ] && ((rc == 0)); then
    bench_psql -d "$CLEARINGHOUSE_PG_DATABASE" -qc "create table if not exists public.coldbench_world as select 'cold$COLD_PEOPLE'::text as run_id" ||
      say "could not mark the world of $CLEARINGHOUSE_PG_DATABASE as set up"
  fi
fi
if [ "$MODE" != baseline ]; then
  for i in "${!HOST_PIDS[@]}"; do
    if ! kill -0 "${HOST_PIDS[i]}" 2>/dev/null; then
      say "WARNING: the host is no longer running (log: ${HOST_LOGS[i]})"
      ((rc != 0)) || rc=1
    fi
  done
fi
exit "$rc"
