#!/usr/bin/env bash
# What holds a local TCP port:  bash ops/port-holder.sh PORT
# Prints one line saying what uses PORT on this machine (a listener or a connection, with its process
# id and command line, or TIME_WAIT sockets) so that a start-up script can say why it cannot bind.
# Exit: 0 = a listener or a live connection holds the port; 3 = only TIME_WAIT sockets (they may or may
# not block a bind, and the kernel drops them within a minute); 1 = nothing uses it; 2 = usage.
# Run as root to see other users' processes (ss shows only your own otherwise).
set -Euo pipefail

PORT=${1:-}
case "$PORT" in ''|*[!0-9]*) echo "usage: bash ops/port-holder.sh PORT" >&2; exit 2 ;; esac

if ! command -v ss >/dev/null; then
  # Without ss (iproute2) only a listener on 127.0.0.1 can be seen, and not whose it is.
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    echo "port $PORT on 127.0.0.1 has a listener (install iproute2 and run ss -ltnp to see which process)"
    exit 0
  fi
  exit 1
fi

# "name (pid N: command line)" from ss's users:(("name",pid=N,fd=F)) column
process_of() {
  local users=$1 name pid args
  if [[ $users =~ \(\"([^\"]*)\",pid=([0-9]+) ]]; then
    name=${BASH_REMATCH[1]}; pid=${BASH_REMATCH[2]}
    args=$(ps -o args= -p "$pid" 2>/dev/null | cut -c1-120)
    echo "process $pid ($name${args:+: $args})"
  else
    echo "a process this user may not see (run as root, or: sudo ss -tanp 'sport = :$PORT')"
  fi
}

listen="" conn="" timewait=0
while read -r state _ _ local peer rest; do
  case "$state" in
    LISTEN) [ -n "$listen" ] || listen="listening on $local by $(process_of "$rest")" ;;
    TIME-WAIT) timewait=$((timewait + 1)) ;;
    *) [ -n "$conn" ] || conn="the local end of a connection ($state) from $local to $peer of $(process_of "$rest")" ;;
  esac
done < <(ss -Htanp "( sport = :$PORT )" 2>/dev/null)

if [ -n "$listen" ]; then
  echo "port $PORT is in use: a socket is $listen"
  exit 0
fi
if [ -n "$conn" ]; then
  echo "port $PORT is in use: it is $conn"
  exit 0
fi
if ((timewait > 0)); then
  echo "port $PORT is held by $timewait TIME_WAIT socket(s) of recently closed connections; no process owns them and the kernel releases them within a minute"
  exit 3
fi
exit 1
