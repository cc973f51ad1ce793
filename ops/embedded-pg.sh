#!/usr/bin/env bash
# A private PostgreSQL 15 cluster for running Clearinghouse on this machine (the
# embedded default). Listens on 127.0.0.1 only, password (SCRAM-SHA-256) authentication
# on TCP and the socket alike, fsync and synchronous_commit left ON (durable, as a
# benchmark must measure it).
#
#   bash ops/embedded-pg.sh [start]   start it (initdb the first time); reuses a running one
#   bash ops/embedded-pg.sh stop      stop it (fast shutdown; the data stays)
#   bash ops/embedded-pg.sh status    where it lives and whether it runs (exit 0 = running, 3 = not)
#   bash ops/embedded-pg.sh conn      print the Npgsql connection string
#   bash ops/embedded-pg.sh passfile  print the path of the password file (for PGPASSFILE=... psql)
#
# The password: initdb generates a random one for the `postgres` role and writes it to
# <dir>/pgpass (pgpass format, mode 600, owned by the user who runs this script, who also
# runs the host). The connection string names that file (Passfile=...) rather than carrying
# the password, so the password never shows on a command line (ps, /proc/*/cmdline) or in a log.
# A cluster made by an earlier version of this script with trust authentication is switched
# over on its next start: a password is set, pg_hba.conf's `trust` becomes `scram-sha-256`.
#
# Environment:
#   CLEARINGHOUSE_PG_PORT    TCP port (default 15432: below 32768, so never a port the kernel hands
#                            out to outgoing connections, and not one a common service registers)
#   CLEARINGHOUSE_DATA_DIR   folder for the local data (default <repo>/.data); the cluster
#                            is <dir>/pg, its password file <dir>/pgpass, its log <dir>/postgres.log
#   CLEARINGHOUSE_PG_DATABASE  database to create and connect to (default clearinghouse)
# As root, initdb/pg_ctl run as the `postgres` user, who must be able to reach the data
# folder (o+x on every parent). When the repo is not reachable (e.g. a clone under /root,
# mode 700) the data goes to /var/lib/clearinghouse/<hash of the repo path>/ instead,
# and the script says so. Messages go to stderr; only `conn`, `passfile` and `status` write stdout.
set -Eeuo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# The default lies outside Linux's ephemeral range (32768-60999): a port in it can be the local end of
# any outgoing connection, or of its TIME_WAIT socket, at the moment the cluster starts.
PORT=${CLEARINGHOUSE_PG_PORT:-15432}
DB=${CLEARINGHOUSE_PG_DATABASE:-clearinghouse}
case "$DB" in ""|*[!a-z0-9_]*) echo "embedded-pg: CLEARINGHOUSE_PG_DATABASE must be lower-case letters, digits and _" >&2; exit 2 ;; esac
FALLBACK_ROOT=/var/lib/clearinghouse/$(printf '%s' "$REPO" | sha256sum | cut -c1-12)
T0=${EPOCHREALTIME//[!0-9]/}

say() { echo "embedded-pg: $*" >&2; }
die() {
  say "ERROR: $1"
  if [ -n "${2:-}" ] && [ -s "$2" ]; then
    { echo "---- last lines of $2 ----"; tail -n 30 "$2"; echo "---- end of $2 ----"; } >&2
  fi
  exit 1
}
trap 'die "unexpected failure (line $LINENO): $BASH_COMMAND"' ERR
elapsed() { local d=$(( (${EPOCHREALTIME//[!0-9]/} - T0) / 100000 )); printf '%d.%ds' $((d / 10)) $((d % 10)); }

case "$PORT" in
  ''|*[!0-9]*) die "CLEARINGHOUSE_PG_PORT must be a port number, not '$PORT'" ;;
esac
((PORT >= 1 && PORT <= 65535)) || die "CLEARINGHOUSE_PG_PORT must be in 1..65535, not $PORT"

IS_ROOT=0
[ "$(id -u)" = 0 ] && IS_ROOT=1
# scratch files of one run (initdb's log, error text); per user, so a file left by root does not
# stop another user's run
TMPP=/tmp/clearinghouse
((IS_ROOT)) || TMPP=/tmp/clearinghouse-$(id -un)

# run a PostgreSQL program as the cluster owner (from /, so no "could not change directory")
as_pg() {
  if ((IS_ROOT)); then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# ---- binaries --------------------------------------------------------------------------
BIN=""
find_bin() {
  local d cands=(/usr/lib/postgresql/15/bin)
  d=$(pg_config --bindir 2>/dev/null || true)
  [ -n "$d" ] && cands+=("$d")
  while read -r d; do cands+=("$d"); done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r)
  for d in "${cands[@]}"; do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then BIN=$d; return 0; fi
  done
  return 1
}

ensure_bin() {
  if [ ! -x /usr/lib/postgresql/15/bin/initdb ]; then
    ((IS_ROOT)) || die "PostgreSQL 15 is not installed; as root run: apt-get install postgresql"
    local log=/tmp/clearinghouse-apt-postgresql.log
    say "PostgreSQL 15 not found: apt-get install postgresql (log: $log)"
    {
      apt-get -o DPkg::Lock::Timeout=300 update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends postgresql
    } >"$log" 2>&1 || die "apt-get install postgresql failed" "$log"
  fi
  find_bin || die "no PostgreSQL server binaries (initdb, pg_ctl, postgres) under /usr/lib/postgresql/*/bin"
  if ((IS_ROOT)) && ! id -u postgres >/dev/null 2>&1; then
    die "there is no 'postgres' user to own the cluster (the postgresql package creates it; or: useradd --system --home-dir /var/lib/postgresql postgres)"
  fi
}

# ---- where the data lives ----------------------------------------------------------------
ROOT=""; PGD=""; LOG=""; PASSFILE=""; WHY=""
nearest_existing() { local d=$1; while [ ! -e "$d" ]; do d=$(dirname "$d"); done; echo "$d"; }
# can the postgres user reach (search) this path? (access(2) checks every parent folder)
pg_reaches() { ((IS_ROOT)) || return 0; as_pg test -x "$(nearest_existing "$1")"; }
# the first parent folder that the postgres user cannot pass, for the message
first_blocker() {
  local d="" part rest=${1#/}
  while [ -n "$rest" ]; do
    part=${rest%%/*}; d="$d/$part"
    [ "$rest" = "$part" ] && rest="" || rest=${rest#*/}
    [ -e "$d" ] || break
    as_pg test -x "$d" || { echo "$d ($(stat -c '%A %U' "$d"))"; return; }
  done
  echo "(a parent folder of $1)"
}

resolve_dirs() {
  if [ -n "${CLEARINGHOUSE_DATA_DIR:-}" ]; then
    case "$CLEARINGHOUSE_DATA_DIR" in
      /*) ROOT=$CLEARINGHOUSE_DATA_DIR ;;
      *)  ROOT=$PWD/$CLEARINGHOUSE_DATA_DIR ;;
    esac
    ROOT=${ROOT%/}
    WHY="CLEARINGHOUSE_DATA_DIR"
  elif [ -s "$REPO/.data/pg/PG_VERSION" ]; then
    ROOT=$REPO/.data; WHY="default"
  elif [ -s "$FALLBACK_ROOT/pg/PG_VERSION" ]; then
    ROOT=$FALLBACK_ROOT; WHY="fallback"
  elif ! pg_reaches "$REPO/.data/pg"; then
    ROOT=$FALLBACK_ROOT; WHY="fallback"
  else
    ROOT=$REPO/.data; WHY="default"
  fi
  PGD=$ROOT/pg
  LOG=$ROOT/postgres.log
  PASSFILE=$ROOT/pgpass
}

explain_fallback() {
  say "NOTE: the 'postgres' user cannot reach $REPO/.data/pg: $(first_blocker "$REPO/.data/pg") is not searchable by others."
  say "NOTE: so the cluster lives in $PGD (log: $LOG), outside the repo."
  say "NOTE: to keep it in the repo instead, give that folder o+x (chmod o+x ...) or set CLEARINGHOUSE_DATA_DIR."
}

# create the folders, owned so that the postgres user can use them; check reachability first
prepare_dirs() {
  if ((IS_ROOT)) && ! pg_reaches "$PGD"; then
    die "the 'postgres' user (which runs initdb/pg_ctl when run as root) cannot reach $PGD: $(first_blocker "$PGD") is not searchable by others. Give it o+x (chmod o+x ...) or set CLEARINGHOUSE_DATA_DIR to a folder it can reach, e.g. /var/lib/clearinghouse/pg-data"
  fi
  if [ ! -d "$ROOT" ]; then
    local top; top=$(nearest_existing "$ROOT")
    mkdir -p "$ROOT" || die "cannot create $ROOT"
    # folders created here must be passable by the postgres user whatever the umask
    local d=$ROOT
    while [ "$d" != "$top" ]; do chmod 755 "$d"; d=$(dirname "$d"); done
  fi
  if [ "$WHY" = fallback ]; then printf '%s\n' "$REPO" > "$ROOT/REPO_PATH" || true; fi
  if [ ! -d "$PGD" ]; then
    mkdir -m 700 "$PGD" || die "cannot create $PGD"
  fi
  touch "$LOG" 2>/dev/null || die "cannot write the log file $LOG"
  if ((IS_ROOT)); then
    if [ "$(stat -c %U "$PGD")" != postgres ]; then
      if [ -z "$(ls -A "$PGD")" ]; then
        chown postgres:postgres "$PGD"
      else
        die "$PGD is not empty and not owned by the postgres user ($(stat -c %U "$PGD")); fix with: chown -R postgres:postgres $PGD"
      fi
    fi
    chown postgres:postgres "$LOG"
  fi
  chmod 700 "$PGD"
}

# ---- cluster state ------------------------------------------------------------------------
is_running() { [ -s "$PGD/PG_VERSION" ] && as_pg "$BIN/pg_ctl" status -D "$PGD" >/dev/null 2>&1; }
running_port() { sed -n 4p "$PGD/postmaster.pid" 2>/dev/null || true; }
# why the port cannot be bound, as one line (empty when nothing holds it); sets PORT_BLOCKS=1 when a
# listener or a live connection holds it (TIME_WAIT sockets alone may not block PostgreSQL's bind)
PORT_WHY=""; PORT_BLOCKS=0
check_port() {
  local rc=0
  PORT_WHY=$(bash "$REPO/ops/port-holder.sh" "$PORT") || rc=$?
  PORT_BLOCKS=0; ((rc == 0)) && PORT_BLOCKS=1
  return 0
}
choose_another() { echo "choose another port with CLEARINGHOUSE_PG_PORT=<port> (below 32768), e.g. CLEARINGHOUSE_PG_PORT=$((PORT == 15433 ? 15434 : 15433)) bash ops/start.sh"; }
bin_major() { "$BIN/postgres" --version | awk '{split($3, v, "."); print v[1]}'; }
psql_() {
  local p=psql; [ -x "$BIN/psql" ] && p=$BIN/psql
  PGPASSWORD="" PGPASSFILE=$PASSFILE PGCONNECT_TIMEOUT=10 "$p" -X -q -w -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres "$@"
}

# ---- the password ---------------------------------------------------------------------------
# Letters and digits only, so it needs no escaping in pgpass, SQL or a connection string (~250 bits).
new_password() { head -c 32 /dev/urandom | base64 -w0 | tr -d '/+='; }

# (re)write the password file, atomically, readable by its owner only
write_passfile() {
  local tmp
  tmp=$(umask 077 && mktemp "$ROOT/.pgpass.XXXXXX") || die "cannot write in $ROOT"
  printf '127.0.0.1:*:*:postgres:%s\nlocalhost:*:*:postgres:%s\n' "$1" "$1" >"$tmp"
  chmod 600 "$tmp"
  mv -f "$tmp" "$PASSFILE"
}
read_password() { sed -n '1s/^[^:]*:[^:]*:[^:]*:[^:]*://p' "$PASSFILE"; }

# does pg_hba.conf let anyone in without a password? (clusters from before the switch to SCRAM)
hba_trusts() {
  as_pg grep -Eq '^[[:space:]]*(local|host[a-z]*)[[:space:]].*[[:space:]]trust([[:space:]]|$)' "$PGD/pg_hba.conf"
}

# initdb with password authentication; the password reaches initdb through a file only the postgres
# user can read, removed right after
init_cluster() {
  local ilog=$TMPP-initdb.log pw pwtmp rc=0
  pw=$(new_password)
  write_passfile "$pw"
  pwtmp=$(umask 077 && mktemp "$ROOT/.initdb-pw.XXXXXX") || die "cannot write in $ROOT"
  printf '%s\n' "$pw" >"$pwtmp"
  if ((IS_ROOT)); then chown postgres "$pwtmp"; fi
  say "initdb $PGD (PostgreSQL $(bin_major), password authentication, password in $PASSFILE; log: $ilog)"
  as_pg "$BIN/initdb" -D "$PGD" -U postgres --auth-local=scram-sha-256 --auth-host=scram-sha-256 \
    --pwfile="$pwtmp" -E UTF8 --locale=C.UTF-8 >"$ilog" 2>&1 || rc=$?
  rm -f "$pwtmp"
  ((rc == 0)) || die "initdb failed" "$ilog"
}

# a trust cluster (running, reached over its trust connection): set the password, then make
# pg_hba.conf ask for it and reload; checked by a connection without a password being refused
migrate_trust() {
  say "NOTE: $PGD/pg_hba.conf lets clients in without a password (trust, from an earlier version of this script): switching it to scram-sha-256"
  printf "SET password_encryption = 'scram-sha-256';\nALTER ROLE postgres PASSWORD '%s';\n" "$(read_password)" |
    psql_ -d postgres >/dev/null 2>"$TMPP-psql.err" ||
    die "could not set the postgres role's password: $(cat "$TMPP-psql.err")" "$LOG"
  as_pg cp -p "$PGD/pg_hba.conf" "$PGD/pg_hba.conf.trust"
  as_pg sed -i -E '/^[[:space:]]*(local|host[a-z]*)[[:space:]]/ s/([[:space:]])trust([[:space:]]|$)/\1scram-sha-256\2/' "$PGD/pg_hba.conf"
  local bad
  bad=$(psql_ -d postgres -tAc "SELECT count(*) FROM pg_hba_file_rules WHERE error IS NOT NULL" 2>"$TMPP-psql.err") ||
    die "could not check the rewritten pg_hba.conf: $(cat "$TMPP-psql.err")"
  if [ "$bad" != 0 ]; then
    as_pg cp -p "$PGD/pg_hba.conf.trust" "$PGD/pg_hba.conf"
    die "the rewritten pg_hba.conf has errors; the old one is back in place ($PGD/pg_hba.conf, copy in $PGD/pg_hba.conf.trust)"
  fi
  psql_ -d postgres -tAc "SELECT pg_reload_conf()" >/dev/null 2>"$TMPP-psql.err" ||
    die "could not reload the configuration: $(cat "$TMPP-psql.err")"
  local p=psql; [ -x "$BIN/psql" ] && p=$BIN/psql
  if PGPASSFILE=/dev/null PGPASSWORD="" "$p" -X -q -w -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -c 'SELECT 1' >/dev/null 2>&1; then
    die "after the switch, 127.0.0.1:$PORT still lets the postgres user in without a password; look at $PGD/pg_hba.conf"
  fi
  say "NOTE: done: the cluster now asks for the password in $PASSFILE (old pg_hba.conf kept as $PGD/pg_hba.conf.trust)"
}

cmd_start() {
  ensure_bin
  resolve_dirs
  if [ "$WHY" = fallback ]; then
    if [ -s "$PGD/PG_VERSION" ]; then
      say "data: $PGD (outside the repo, which the postgres user cannot reach)"
    else
      explain_fallback
    fi
  fi
  prepare_dirs
  if [ -s "$PGD/PG_VERSION" ] && [ "$(cat "$PGD/PG_VERSION")" != "$(bin_major)" ]; then
    die "$PGD holds a PostgreSQL $(cat "$PGD/PG_VERSION") cluster but the binaries in $BIN are version $(bin_major)"
  fi
  # A cluster without its password file: an earlier version's trust cluster gets a new password (set
  # below, once it runs); a password cluster whose file is gone cannot be reached.
  local trusting=0
  if [ -s "$PGD/PG_VERSION" ]; then
    hba_trusts && trusting=1
    if [ ! -s "$PASSFILE" ]; then
      ((trusting)) || die "the cluster in $PGD asks for a password, but its password file $PASSFILE is missing. Put the file back, or let the script set a new password: stop the cluster, change 'scram-sha-256' to 'trust' in $PGD/pg_hba.conf, and start again"
      write_passfile "$(new_password)"
    fi
  fi
  if is_running; then
    local rp; rp=$(running_port)
    [ "$rp" = "$PORT" ] || die "the cluster in $PGD is already running on port $rp, not $PORT: use CLEARINGHOUSE_PG_PORT=$rp, or stop it first (bash ops/embedded-pg.sh stop)"
    say "already running (pid $(head -1 "$PGD/postmaster.pid"), port $PORT): reusing it"
  else
    check_port
    ((PORT_BLOCKS)) && die "PostgreSQL cannot listen on 127.0.0.1:$PORT: $PORT_WHY. Stop that program, or $(choose_another)"
    [ -z "$PORT_WHY" ] || say "note: $PORT_WHY"
    if [ ! -s "$PGD/PG_VERSION" ]; then
      [ -z "$(ls -A "$PGD")" ] || die "$PGD is not empty but holds no cluster (no PG_VERSION); move it away or set CLEARINGHOUSE_DATA_DIR"
      init_cluster
    fi
    say "starting PostgreSQL on 127.0.0.1:$PORT (data: $PGD, log: $LOG)"
    as_pg "$BIN/pg_ctl" -w -t 60 -D "$PGD" \
      -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=200" \
      -l "$LOG" start >/dev/null 2>"$TMPP-pg_ctl.err" ||
      {
        cat "$TMPP-pg_ctl.err" >&2
        check_port
        ((PORT_BLOCKS)) && die "PostgreSQL did not start: $PORT_WHY. Stop that program, or $(choose_another)" "$LOG"
        [ -z "$PORT_WHY" ] || die "PostgreSQL did not start: $PORT_WHY. Try again after that minute, or $(choose_another)" "$LOG"
        die "PostgreSQL did not start" "$LOG"
      }
  fi
  ((trusting == 0)) || migrate_trust
  local have
  have=$(psql_ -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" 2>"$TMPP-psql.err") ||
    die "cannot connect to 127.0.0.1:$PORT as postgres: $(cat "$TMPP-psql.err")" "$LOG"
  if [ "$have" != 1 ]; then
    say "creating database $DB"
    psql_ -d postgres -c "CREATE DATABASE $DB" >/dev/null 2>"$TMPP-psql.err" ||
      die "CREATE DATABASE $DB failed: $(cat "$TMPP-psql.err")"
  fi
  say "ready in $(elapsed): $(conn_string)  (data: $PGD)"
}

cmd_stop() {
  find_bin || die "no PostgreSQL binaries found"
  resolve_dirs
  if ! [ -s "$PGD/PG_VERSION" ]; then say "no cluster in $PGD: nothing to stop"; return 0; fi
  if ! is_running; then say "not running (data: $PGD)"; return 0; fi
  as_pg "$BIN/pg_ctl" stop -D "$PGD" -m fast -w -t 60 >/dev/null 2>"$TMPP-pg_ctl.err" ||
    { cat "$TMPP-pg_ctl.err" >&2; die "pg_ctl stop failed" "$LOG"; }
  say "stopped (data kept in $PGD)"
}

cmd_status() {
  find_bin || die "no PostgreSQL binaries found (start installs them)"
  resolve_dirs
  echo "data:    $PGD${WHY:+  ($WHY)}"
  echo "log:     $LOG"
  echo "binary:  $BIN (PostgreSQL $(bin_major))"
  if [ -s "$PASSFILE" ]; then
    echo "password: $PASSFILE ($(stat -c '%A %U' "$PASSFILE"))"
  else
    echo "password: no file yet ($PASSFILE)"
  fi
  if ! [ -s "$PGD/PG_VERSION" ]; then
    echo "state:   no cluster yet (bash ops/embedded-pg.sh start creates it)"
    return 3
  fi
  if is_running; then
    echo "state:   running, pid $(head -1 "$PGD/postmaster.pid"), port $(running_port)"
    echo "conn:    $(conn_string)"
    return 0
  fi
  echo "state:   stopped (starts on port $PORT)"
  return 3
}

# Npgsql reads the password from the pgpass file itself (Passfile=), so the string holds no secret.
conn_string() {
  case "$PASSFILE" in *[\;\"\']*) die "the password file's path $PASSFILE contains ; or a quote, which a connection string cannot carry: set CLEARINGHOUSE_DATA_DIR" ;; esac
  echo "Host=127.0.0.1;Port=$PORT;Username=postgres;Database=$DB;Passfile=$PASSFILE"
}
need_passfile() {
  [ -s "$PASSFILE" ] && return 0
  [ -s "$PGD/PG_VERSION" ] && die "the cluster in $PGD has no password file $PASSFILE: bash ops/embedded-pg.sh start says what to do"
  die "no password file $PASSFILE yet: start the cluster first (bash ops/embedded-pg.sh start)"
}

case "${1:-start}" in
  start)  cmd_start ;;
  stop)   cmd_stop ;;
  status) rc=0; cmd_status || rc=$?; exit "$rc" ;;
  conn)   resolve_dirs; need_passfile; conn_string ;;
  passfile) resolve_dirs; need_passfile; echo "$PASSFILE" ;;
  -h|--help|help) sed -n '2,29p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' ;;
  *) echo "usage: bash ops/embedded-pg.sh [start|stop|status|conn|passfile]" >&2; exit 2 ;;
esac
