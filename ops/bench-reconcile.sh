#!/usr/bin/env bash
# The reconciliation benchmark:  bash ops/bench-reconcile.sh [--entries 200000] [--repeat 3]
#
# 1. builds the host and src/Clearinghouse.ReconcileBench (Release);
# 2. starts the embedded PostgreSQL (ops/embedded-pg.sh: 127.0.0.1, fsync and synchronous_commit ON);
# 3. starts the host (the built Release binary) on 127.0.0.1 and waits until it listens;
# 4. runs the benchmark with --host-pid and --connection, plus "$@": it seeds one care region's business
#    day of N ledger entries, submits the region's N-entry report over gRPC (--repeat times: each
#    re-submission replaces the day's result), checks the discrepancies and prints entries/s and the
#    host's peak memory during each report;
# 5. stops the host (SIGTERM, then waits) whatever happened. PostgreSQL keeps running
#    (bash ops/embedded-pg.sh stop stops it).
# Not part of the test suite. Environment: CLEARINGHOUSE_BENCH_PORT (default 5080),
# CLEARINGHOUSE_BENCH_SILO_PORT / _GATEWAY_PORT (11111 / 30000), CLEARINGHOUSE_BENCH_NO_BUILD=1,
# CLEARINGHOUSE_BENCH_OUT (artifacts/bench: the host's log), CLEARINGHOUSE_PG_PORT / CLEARINGHOUSE_DATA_DIR
# (ops/embedded-pg.sh).
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO=$PWD

PORT=${CLEARINGHOUSE_BENCH_PORT:-5080}
SILO_PORT=${CLEARINGHOUSE_BENCH_SILO_PORT:-11111}
GATEWAY_PORT=${CLEARINGHOUSE_BENCH_GATEWAY_PORT:-30000}
OUT=${CLEARINGHOUSE_BENCH_OUT:-artifacts/bench}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)

say() { printf '[bench-reconcile %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { echo "bench-reconcile.sh: ERROR: $*" >&2; exit 1; }

command -v dotnet >/dev/null || die "dotnet is not on PATH (the .NET 10 SDK is needed)"
for p in "$PORT" "$SILO_PORT" "$GATEWAY_PORT"; do
  case "$p" in ''|*[!0-9]*) die "ports must be numbers, got '$p'" ;; esac
done
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
HOST_DLL=src/Clearinghouse.Host/bin/Release/net10.0/Clearinghouse.Host.dll
BENCH_DLL=src/Clearinghouse.ReconcileBench/bin/Release/net10.0/Clearinghouse.ReconcileBench.dll
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd -P)
HOST_LOG=$OUT/host-reconcile-$STAMP.log
BUILD_LOG=$OUT/build-reconcile-$STAMP.log

if [ "${CLEARINGHOUSE_BENCH_NO_BUILD:-}" != 1 ]; then
  say "building host and benchmark (Release; log: $BUILD_LOG)"
  for project in src/Clearinghouse.Host src/Clearinghouse.ReconcileBench; do
    dotnet build "$project" -c Release -nologo -v q >>"$BUILD_LOG" 2>&1 ||
      { tail -n 30 "$BUILD_LOG" >&2; die "dotnet build $project failed (log: $BUILD_LOG)"; }
  done
fi
[ -f "$HOST_DLL" ] && [ -f "$BENCH_DLL" ] || die "binaries missing: build first (without CLEARINGHOUSE_BENCH_NO_BUILD)"

bash ops/embedded-pg.sh start
CONN=$(bash ops/embedded-pg.sh conn)

for p in "$PORT" "$SILO_PORT" "$GATEWAY_PORT"; do
  port_taken "$p" && die "port $p on 127.0.0.1 is in use; choose others with CLEARINGHOUSE_BENCH_PORT / _SILO_PORT / _GATEWAY_PORT"
done

HOST_PID=""
stop_host() {
  [ -n "$HOST_PID" ] || return 0
  if kill -0 "$HOST_PID" 2>/dev/null; then
    say "stopping the host (pid $HOST_PID)"
    kill -TERM "$HOST_PID" 2>/dev/null || true
    local i
    for ((i = 0; i < 300; i++)); do
      kill -0 "$HOST_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$HOST_PID" 2>/dev/null && { say "the host did not stop within 30 s: SIGKILL"; kill -KILL "$HOST_PID" 2>/dev/null || true; }
  fi
  wait "$HOST_PID" 2>/dev/null || true
  HOST_PID=""
}
trap 'rc=$?; trap - EXIT; stop_host; say "host log: $HOST_LOG"; exit $rc' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "starting the host on 127.0.0.1:$PORT (log: $HOST_LOG)"
dotnet "$HOST_DLL" \
  --contentRoot "$REPO/src/Clearinghouse.Host" \
  --ConnectionStrings:Clearinghouse="$CONN" \
  --Clearinghouse:Port="$PORT" \
  --Clearinghouse:ListenAddress=127.0.0.1 \
  --Clearinghouse:SiloPort="$SILO_PORT" \
  --Clearinghouse:GatewayPort="$GATEWAY_PORT" \
  --Logging:LogLevel:Default=Warning \
  --Logging:LogLevel:Microsoft.Hosting.Lifetime=Information \
  --Logging:LogLevel:Clearinghouse.Api.ReconciliationGrpcService=Information \
  </dev/null >"$HOST_LOG" 2>&1 &
HOST_PID=$!
for ((i = 0; i < 1200; i++)); do
  kill -0 "$HOST_PID" 2>/dev/null || { tail -n 40 "$HOST_LOG" >&2; die "the host exited during start-up (log: $HOST_LOG)"; }
  port_taken "$PORT" && break
  sleep 0.1
done
port_taken "$PORT" || die "the host did not open port $PORT within 120 s (log: $HOST_LOG)"
say "host listening (pid $HOST_PID); server $(git rev-parse --short HEAD 2>/dev/null || echo '?'); load average $(cut -d' ' -f1-3 /proc/loadavg)"

rc=0
timeout --foreground -s INT -k 60 1800 \
  dotnet "$BENCH_DLL" --target "http://127.0.0.1:$PORT" --connection "$CONN" --host-pid "$HOST_PID" "$@" || rc=$?
kill -0 "$HOST_PID" 2>/dev/null || { say "WARNING: the host is no longer running (log: $HOST_LOG)"; ((rc != 0)) || rc=1; }
exit "$rc"
