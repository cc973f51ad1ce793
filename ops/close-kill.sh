#!/usr/bin/env bash
# The close-kill long run (not part of the test suite):  bash ops/close-kill.sh
#   runs tests/Clearinghouse.Integration.Tests/Cluster/CloseKillTests with 1,000,000 settlements across 400
#   regions: for each halt point (AfterCutOff, BeforeNettingCommit) the data is closed once uninterrupted by one
#   silo, and once by three silos whose clearing grain's silo is SIGKILLed mid-close (docs/cluster.md); the
#   figures must match to the fen. Prints per halt point: settlements, the uninterrupted close's time, the time
#   to the halt, the time from the SIGKILL to the retried close's answer.
# PostgreSQL: CLEARINGHOUSE_TEST_PG if set (a ready server connection string), else the embedded one
#   (ops/embedded-pg.sh: fsync and synchronous_commit on, as the close benchmark measures it). The test creates
#   its databases there and drops them at the end.
# Environment:
#   CLEARINGHOUSE_CLOSE_KILL_SETTLEMENTS  settlements (default 1000000)
#   CLEARINGHOUSE_CLOSE_KILL_REGIONS      regions (default 400)
#   CLEARINGHOUSE_CLOSE_KILL_NO_BUILD=1   use the test build already there (Release)
#   CLEARINGHOUSE_PG_PORT, CLEARINGHOUSE_DATA_DIR  see ops/embedded-pg.sh
# The whole test output goes to artifacts/close-kill/close-kill-<time>.log. Exit code: dotnet test's.
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SETTLEMENTS=${CLEARINGHOUSE_CLOSE_KILL_SETTLEMENTS:-1000000}
REGIONS=${CLEARINGHOUSE_CLOSE_KILL_REGIONS:-400}
OUT=artifacts/close-kill
LOG=$OUT/close-kill-$(date -u +%Y%m%dT%H%M%SZ).log

say() { echo "close-kill.sh: $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

command -v dotnet >/dev/null || die "dotnet is not on PATH (the .NET 10 SDK is needed)"
for n in "$SETTLEMENTS" "$REGIONS"; do
  case "$n" in ''|*[!0-9]*) die "CLEARINGHOUSE_CLOSE_KILL_SETTLEMENTS and _REGIONS must be numbers, got '$n'" ;; esac
done
((REGIONS >= 3)) || die "CLEARINGHOUSE_CLOSE_KILL_REGIONS must be at least 3"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
mkdir -p "$OUT"

if [ -z "${CLEARINGHOUSE_TEST_PG:-}" ]; then
  bash ops/embedded-pg.sh start
  CLEARINGHOUSE_TEST_PG=$(bash ops/embedded-pg.sh conn)
  export CLEARINGHOUSE_TEST_PG
fi

if [ "${CLEARINGHOUSE_CLOSE_KILL_NO_BUILD:-}" != 1 ]; then
  say "building the tests and the host (Release)"
  dotnet build tests/Clearinghouse.Integration.Tests -c Release -nologo -v quiet >"$OUT/build.log" 2>&1 \
    || { tail -n 30 "$OUT/build.log" >&2; die "the build failed (log: $OUT/build.log)"; }
fi

say "$SETTLEMENTS settlements, $REGIONS regions, both halt points (log: $LOG)"
rc=0
CLEARINGHOUSE_TEST_CLOSE_KILL_SETTLEMENTS=$SETTLEMENTS CLEARINGHOUSE_TEST_CLOSE_KILL_REGIONS=$REGIONS \
  dotnet test tests/Clearinghouse.Integration.Tests -c Release --no-build \
  --filter "FullyQualifiedName~Cluster.CloseKillTests" --logger "console;verbosity=detailed" >"$LOG" 2>&1 || rc=$?

# The test's own figure lines, then the outcome.
grep -E "^\s*(Passed|Failed) .*CloseKillTests|settlements, .* reversals|uninterrupted close:|interrupted at " "$LOG" | sed 's/^ *//' || true
if ((rc != 0)); then
  say "FAILED (exit $rc); the log: $LOG"
fi
exit "$rc"
