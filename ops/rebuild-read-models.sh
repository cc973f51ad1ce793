#!/usr/bin/env bash
# Rebuilds every read model (ledger, clearing periods, reconciliation, audit trail, request keys) from the
# event streams alone, in one transaction, while no host runs on the database (it refuses otherwise).
#
#   bash ops/rebuild-read-models.sh                      the embedded default (ops/embedded-pg.sh)
#   bash ops/rebuild-read-models.sh "Host=...;..."       another database (an Npgsql connection string)
#
# Prints progress to stderr and, at the end, the events read and the rate (events/s) to stdout.
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { echo "rebuild-read-models.sh: $*" >&2; }
command -v dotnet >/dev/null || { say "ERROR: dotnet is not on PATH (the .NET 10 SDK is needed)"; exit 1; }

if [ $# -ge 1 ]; then
  conn=$1
else
  bash ops/embedded-pg.sh start
  conn=$(bash ops/embedded-pg.sh conn)
fi

log=$(mktemp /tmp/clearinghouse-rebuild-build.XXXXXX.log)
say "building the host (log: $log)"
dotnet build src/Clearinghouse.Host -c Release -nologo -v q >"$log" 2>&1 || { tail -n 30 "$log" >&2; say "ERROR: the build failed"; exit 1; }
exec dotnet src/Clearinghouse.Host/bin/Release/net10.0/Clearinghouse.Host.dll rebuild-read-models --ConnectionStrings:Clearinghouse="$conn"
