#!/usr/bin/env bash
# THE start command:  bash ops/start.sh [extra arguments for the host]
# Starts (or reuses) the private PostgreSQL 15 cluster of ops/embedded-pg.sh, then runs
# the Clearinghouse host against it. The host listens on 127.0.0.1: gRPC on 5080, the Orleans
# silo on 11111 and its gateway on 30000 unless the arguments say otherwise, e.g.
#   bash ops/start.sh --Clearinghouse:Port=6000 --Clearinghouse:SiloPort=11112 --Clearinghouse:GatewayPort=30001
# The endpoint serves TLS with a certificate from the development CA of ops/dev-certs.sh; callers present
# client certificates from the same CA (docs/identity.md).
# Environment: CLEARINGHOUSE_PG_PORT, CLEARINGHOUSE_DATA_DIR (see ops/embedded-pg.sh).
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { echo "start.sh: $*" >&2; }
command -v dotnet >/dev/null || { say "ERROR: dotnet is not on PATH (the .NET 10 SDK is needed)"; exit 1; }

# The host's ports as it will read them: --Clearinghouse:Name=N or --Clearinghouse:Name N on the
# command line (last one wins), else the environment's Clearinghouse__Name, else appsettings.json's.
host_port() {
  local name=$1 value=$2 prev="" arg
  local env_name="Clearinghouse__$name"
  [ -n "${!env_name:-}" ] && value=${!env_name}
  for arg in "${@:3}"; do
    case "$arg" in
      --Clearinghouse:"$name"=*) value=${arg#*=} ;;
    esac
    [ "$prev" = "--Clearinghouse:$name" ] && value=$arg
    prev=$arg
  done
  echo "$value"
}

# Refuse to start when a port the host needs is held, and say by what: the host would otherwise fail
# later, deep in its log. TIME_WAIT sockets alone are only noted (they rarely block the host's bind).
for spec in Port:5080 SiloPort:11111 GatewayPort:30000; do
  name=${spec%%:*}
  port=$(host_port "$name" "${spec#*:}" "$@")
  rc=0
  why=$(bash ops/port-holder.sh "$port") || rc=$?
  if ((rc == 0)); then
    say "ERROR: the host cannot listen on 127.0.0.1:$port (Clearinghouse:$name): $why"
    say "stop that program, or choose another port: bash ops/start.sh --Clearinghouse:$name=<port>"
    exit 1
  elif ((rc == 3)); then
    say "note: $why; if the host then fails to bind, try again after that minute or pass --Clearinghouse:$name=<port>"
  fi
done

bash ops/embedded-pg.sh start
# The connection string names the cluster's password file (Passfile=...) rather than holding the
# password, so the password stays off the host's command line.
conn=$(bash ops/embedded-pg.sh conn)

# ---- TLS: the host's certificate from the development CA (docs/identity.md) ---------------------------
{ read -r server_crt; read -r server_key; } < <(bash ops/dev-certs.sh server)
ca_crt=$(bash ops/dev-certs.sh ca)
certs=$(dirname "$ca_crt")
say "TLS: CA $ca_crt; server certificate $server_crt"
say "TLS: development certificates live in $certs; make one with: bash ops/dev-certs.sh region 110000 (or platform 11, officer wang, operator li)"
say "TLS: try it: grpcurl -cacert $ca_crt 127.0.0.1:$(host_port Port 5080 "$@") list   (other calls add -cert and -key of a certificate; README, Try it)"
tls_args=(--Clearinghouse:Tls:Certificate="$server_crt" --Clearinghouse:Tls:Key="$server_key" --Clearinghouse:Tls:ClientCa="$ca_crt")

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
exec dotnet run --project src/Clearinghouse.Host -c Release -- --ConnectionStrings:Clearinghouse="$conn" "${tls_args[@]}" "$@"
