#!/usr/bin/env bash
# A cluster of hosts on this machine, on the one embedded database (ops/embedded-pg.sh):
#   bash ops/cluster.sh start N   start whichever of silos 1..N are not running
#   bash ops/cluster.sh stop      stop the silos this script started
#   bash ops/cluster.sh status    list them (exit 0 = all listed run, 3 = none listed or some not running)
# Silo i is a whole host (Orleans silo + gRPC endpoint) in ADO.NET cluster mode: gRPC on 5080+i-1, silo
# port 11111+i-1, gateway 30000+i-1, all on 127.0.0.1, TLS as with ops/start.sh. Every silo serves the
# whole API; the silos find each other through the membership tables in the database.
# start and status print one line per silo: index, pid, gRPC address. Pid files and logs live in
# <data>/cluster (CLEARINGHOUSE_DATA_DIR, default <repo>/.data): silo-i.pid, silo-i.log.
# Extra arguments after N go to every silo (e.g. --Clearinghouse:Cluster:ClusterId=demo).
# Environment: CLEARINGHOUSE_PG_PORT, CLEARINGHOUSE_DATA_DIR (see ops/embedded-pg.sh).
set -Eeuo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$REPO"

MAX_SILOS=20
START_TIMEOUT_S=120
# Longer than the host's own shutdown timeout (30 s: e.g. an open WatchPeriods stream holds Kestrel that
# long), so a silo that is slow to stop still leaves the cluster on its own before it is killed.
STOP_TIMEOUT_S=45
DIR=${CLEARINGHOUSE_DATA_DIR:-$REPO/.data}/cluster
DLL=$REPO/src/Clearinghouse.Host/bin/Release/net10.0/Clearinghouse.Host.dll

say() { echo "cluster.sh: $*" >&2; }
die() { say "ERROR: $*"; exit 1; }
usage() { echo "usage: bash ops/cluster.sh start N [host arguments] | stop | status" >&2; exit 2; }

grpc_port() { echo $((5080 + $1 - 1)); }
silo_port() { echo $((11111 + $1 - 1)); }
gateway_port() { echo $((30000 + $1 - 1)); }
pid_file() { echo "$DIR/silo-$1.pid"; }
log_file() { echo "$DIR/silo-$1.log"; }
# The argument that marks silo i's command line: how stop and status tell our process from a stranger
# that was given the same pid after ours ended.
marker() { echo "--Clearinghouse:Cluster:SiloName=silo-$1"; }

# The pid of silo i if it runs as this script started it; nothing otherwise.
running_pid() {
  local i=$1 file pid
  file=$(pid_file "$i")
  [ -f "$file" ] || return 1
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [ -r "/proc/$pid/cmdline" ] || return 1
  # NUL-separated arguments, one per line: the host's dll and this silo's marker must both be there.
  local args
  args=$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  grep -qxF -e "$DLL" <<<"$args" && grep -qxF -e "$(marker "$i")" <<<"$args" || return 1
  echo "$pid"
}

# The silos that have a pid file, in index order.
known_silos() {
  local file
  for file in "$DIR"/silo-*.pid; do
    [ -e "$file" ] || continue
    file=${file##*/silo-}
    echo "${file%.pid}"
  done | sort -n
}

line() { printf 'silo %d  pid %s  grpc https://127.0.0.1:%d\n' "$1" "$2" "$(grpc_port "$1")"; }

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  local count=${1:-}
  [[ $count =~ ^[0-9]+$ ]] && ((count >= 1 && count <= MAX_SILOS)) || die "N must be a number in 1..$MAX_SILOS, not '${count}'"
  shift
  command -v dotnet >/dev/null || die "dotnet is not on PATH (the .NET 10 SDK is needed)"
  mkdir -p "$DIR"

  local -a todo=()
  local i pid
  for ((i = 1; i <= count; i++)); do
    if running_pid "$i" >/dev/null; then
      continue
    fi
    rm -f "$(pid_file "$i")"
    local spec port rc why
    for spec in Port:$(grpc_port "$i") SiloPort:$(silo_port "$i") GatewayPort:$(gateway_port "$i"); do
      port=${spec#*:}
      rc=0
      why=$(bash ops/port-holder.sh "$port") || rc=$?
      ((rc != 0)) || die "silo $i cannot listen on 127.0.0.1:$port (Clearinghouse:${spec%%:*}): $why"
    done
    todo+=("$i")
  done

  if ((${#todo[@]} > 0)); then
    bash ops/embedded-pg.sh start
    local conn server_crt server_key ca_crt
    conn=$(bash ops/embedded-pg.sh conn)
    { read -r server_crt; read -r server_key; } < <(bash ops/dev-certs.sh server)
    ca_crt=$(bash ops/dev-certs.sh ca)
    # One build for every silo (silos started together must not build the same output at once), and none
    # while silos of ours run: a build would replace the files under them, and a cluster runs one build.
    local others=0
    for i in $(known_silos); do
      running_pid "$i" >/dev/null && others=1
    done
    if ((others)) && [ -f "$DLL" ]; then
      say "silos are running: starting the others from the same build (stop all to run a new one)"
    else
      say "building the host (Release)"
      DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 dotnet build src/Clearinghouse.Host -c Release -nologo -v quiet >"$DIR/build.log" 2>&1 \
        || { tail -n 30 "$DIR/build.log" >&2; die "the build failed (log: $DIR/build.log)"; }
    fi
    [ -f "$DLL" ] || die "the build left no $DLL"

    for i in "${todo[@]}"; do
      # Its own session (setsid): the silo outlives this script and a Ctrl-C in its terminal.
      # The working folder is the build output, where the host finds appsettings.json.
      (cd "$(dirname "$DLL")" && exec setsid dotnet "$DLL" \
        --ConnectionStrings:Clearinghouse="$conn" \
        --Clearinghouse:Tls:Certificate="$server_crt" --Clearinghouse:Tls:Key="$server_key" --Clearinghouse:Tls:ClientCa="$ca_crt" \
        --Clearinghouse:Port="$(grpc_port "$i")" --Clearinghouse:SiloPort="$(silo_port "$i")" --Clearinghouse:GatewayPort="$(gateway_port "$i")" \
        --Clearinghouse:Cluster:Mode=AdoNet "$(marker "$i")" "$@" \
        </dev/null >"$(log_file "$i")" 2>&1) &
      echo $! >"$(pid_file "$i")"
      say "silo $i starting (log: $(log_file "$i"))"
    done

    # Ready = its gRPC port answers. A silo that exits first failed: say why from its log.
    local deadline=$((SECONDS + START_TIMEOUT_S))
    for i in "${todo[@]}"; do
      pid=$(<"$(pid_file "$i")")
      until listening "$(grpc_port "$i")"; do
        if ! kill -0 "$pid" 2>/dev/null; then
          rm -f "$(pid_file "$i")"
          { echo "---- last lines of $(log_file "$i") ----"; tail -n 30 "$(log_file "$i")"; } >&2
          die "silo $i exited while starting"
        fi
        ((SECONDS < deadline)) || die "silo $i (pid $pid) did not listen on $(grpc_port "$i") within ${START_TIMEOUT_S}s (log: $(log_file "$i"))"
        sleep 0.5
      done
    done
  fi

  for ((i = 1; i <= count; i++)); do
    line "$i" "$(running_pid "$i")"
  done
}

stop() {
  local i pid any=0
  for i in $(known_silos); do
    any=1
    if ! pid=$(running_pid "$i"); then
      say "silo $i: not running (stale pid file removed)"
      rm -f "$(pid_file "$i")"
      continue
    fi
    # SIGTERM: the host stops gracefully, and the silo leaves the cluster (its membership row goes dead).
    kill -TERM "$pid"
    local deadline=$((SECONDS + STOP_TIMEOUT_S))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
      say "silo $i (pid $pid) did not stop within ${STOP_TIMEOUT_S}s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$(pid_file "$i")"
    say "silo $i (pid $pid) stopped"
  done
  ((any)) || say "no silos to stop"
}

status() {
  local i pid all=1 any=0
  for i in $(known_silos); do
    any=1
    if pid=$(running_pid "$i"); then
      line "$i" "$pid"
    else
      printf 'silo %d  not running (stale pid file)\n' "$i"
      all=0
    fi
  done
  ((any)) || { say "no silos started (no pid files in $DIR)"; return 3; }
  ((all)) || return 3
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) [ $# -eq 1 ] || usage; stop ;;
  status) [ $# -eq 1 ] || usage; status ;;
  *) usage ;;
esac
