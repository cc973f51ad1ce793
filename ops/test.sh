#!/usr/bin/env bash
# THE test command:  bash ops/test.sh [extra `dotnet test` arguments, e.g. --filter X]
#
# 1. test environment: Docker + the local/postgres:15 image + Testcontainers settings
#    (ops/test-env.sh; ~2 minutes the first time on a new machine, ~0.1 s after), skipped
#    when CLEARINGHOUSE_TEST_PG holds a ready connection string and CI is not "true";
#    then Node.js, npm and tests/eventstore-client's packages when missing (the EventStoreDB protocol's tests),
#    and Chromium with a CJK font when missing (the web console's browser tests);
# 2. dotnet test Clearinghouse.sln -c Release "$@";
# 3. removal of containers Testcontainers left behind (there is no Ryuk reaper here).
# Exits with the exit code of dotnet test.
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

T0=${EPOCHREALTIME//[!0-9]/}
ts() {
  local d=$(( (${EPOCHREALTIME//[!0-9]/} - T0) / 100000 ))
  printf '[test %(%H:%M:%S)T +%d.%ds] %s\n' -1 $((d / 10)) $((d % 10)) "$*" >&2
}
die() { echo "test.sh: ERROR: $*" >&2; exit 1; }

command -v dotnet >/dev/null || die "dotnet is not on PATH (the .NET 10 SDK is needed)"
SLN=Clearinghouse.sln
if [ ! -f "$SLN" ] && [ -f Clearinghouse.slnx ]; then SLN=Clearinghouse.slnx; fi
[ -f "$SLN" ] || die "no Clearinghouse.sln in $PWD"

USE_DOCKER=1
if [ -n "${CLEARINGHOUSE_TEST_PG:-}" ] && [ "${CI:-}" != true ]; then
  USE_DOCKER=0
  ts "phase 1/3: CLEARINGHOUSE_TEST_PG is set: tests use that PostgreSQL, no Docker set-up"
else
  if [ -n "${CLEARINGHOUSE_TEST_PG:-}" ]; then
    ts "note: CI=true, so the Docker set-up runs although CLEARINGHOUSE_TEST_PG is set"
  fi
  ts "phase 1/3: test environment (ops/test-env.sh)"
  # shellcheck source=ops/test-env.sh
  source ops/test-env.sh || die "the test environment could not be set up (messages above; logs in /tmp/clearinghouse-*.log)"
fi

# The EventStoreDB protocol's tests drive the official Node.js client (tests/eventstore-client): Node.js and
# npm from Debian when missing, and the client's packages from its committed lock file.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  ts "installing Node.js and npm (apt-get) for tests/eventstore-client"
  if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo); fi
  "${SUDO[@]}" apt-get update -qq >/tmp/clearinghouse-apt-node.log 2>&1 || true
  "${SUDO[@]}" apt-get install -y --no-install-recommends nodejs npm >>/tmp/clearinghouse-apt-node.log 2>&1 \
    || die "could not install nodejs and npm (log: /tmp/clearinghouse-apt-node.log)"
fi
# The web console's browser tests (tests/Clearinghouse.Console.Tests) drive Debian's Chromium through Playwright
# (never a browser Playwright would download) and need a CJK font, or Chinese labels render as empty boxes.
if ! command -v chromium >/dev/null || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
  ts "installing chromium and fonts-noto-cjk (apt-get) for tests/Clearinghouse.Console.Tests"
  if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo); fi
  "${SUDO[@]}" apt-get update -qq >/tmp/clearinghouse-apt-chromium.log 2>&1 || true
  "${SUDO[@]}" apt-get install -y --no-install-recommends chromium fonts-noto-cjk >>/tmp/clearinghouse-apt-chromium.log 2>&1 \
    || die "could not install chromium and fonts-noto-cjk (log: /tmp/clearinghouse-apt-chromium.log)"
fi
if [ ! -d tests/eventstore-client/node_modules/@eventstore/db-client ]; then
  ts "npm ci in tests/eventstore-client"
  (cd tests/eventstore-client && npm ci --no-audit --no-fund >/tmp/clearinghouse-npm-ci.log 2>&1) \
    || die "npm ci in tests/eventstore-client failed (log: /tmp/clearinghouse-npm-ci.log)"
fi

cleanup_containers() {
  ((USE_DOCKER)) || return 0
  local ids
  ids=$(docker ps -aq --filter label=org.testcontainers=true 2>/dev/null) || return 0
  [ -n "$ids" ] || return 0
  ts "removing $(wc -w <<<"$ids") container(s) left by Testcontainers"
  xargs -r docker rm -f -v <<<"$ids" >/dev/null || echo "test.sh: warning: could not remove containers: $ids" >&2
}
trap cleanup_containers EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
ts "phase 2/3: dotnet test $SLN -c Release $*"
rc=0
# A test that hangs is stopped after 10 minutes and named, instead of holding the run until CI's limit.
dotnet test "$SLN" -c Release --blame-hang-timeout 10m --blame-hang-dump-type none "$@" || rc=$?
ts "phase 2/3: dotnet test exited with $rc"

ts "phase 3/3: cleanup"
cleanup_containers
trap - EXIT
ts "done, exit $rc"
exit "$rc"
