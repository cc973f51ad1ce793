#!/usr/bin/env bash
# THE start command:  bash ops/start.sh [extra arguments for the host]
# Starts (or reuses) the private PostgreSQL 15 cluster of ops/embedded-pg.sh, then runs
# the Clearinghouse host against it. The host listens on 127.0.0.1.
# Environment: CLEARINGHOUSE_PG_PORT, CLEARINGHOUSE_DATA_DIR (see ops/embedded-pg.sh).
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

command -v dotnet >/dev/null || { echo "start.sh: ERROR: dotnet is not on PATH (the .NET 10 SDK is needed)" >&2; exit 1; }
bash ops/embedded-pg.sh start
conn=$(bash ops/embedded-pg.sh conn)
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
exec dotnet run --project src/Clearinghouse.Host -c Release -- --ConnectionStrings:Clearinghouse="$conn" "$@"
