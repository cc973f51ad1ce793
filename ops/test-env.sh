#!/usr/bin/env bash
# Idempotent set-up of what the test suite needs on a Debian 12 machine without a
# container registry: a Docker daemon and the PostgreSQL 15 image `local/postgres:15`
# (built from Debian packages, see ops/pg-image/), plus the Testcontainers settings.
#
#   source ops/test-env.sh          set up, then export the variables into this shell
#   bash ops/test-env.sh            set up, then print the variables as `export` lines
#                                   (eval "$(bash ops/test-env.sh)" works too)
#   bash ops/test-env.sh env        only print the variables (no set-up)
#   bash ops/test-env.sh cleanup    remove containers left by Testcontainers
#   bash ops/test-env.sh stop-dockerd   cleanup, then stop the dockerd started here (by pidfile)
#
# Every step runs only when needed: apt-get install docker.io/debootstrap if missing (and postgresql,
# whose initdb and pg_ctl the outage tests use, if there is no initdb),
# dockerd if `docker info` fails, the image if `docker image inspect` says it is absent
# (or was built from other ops/pg-image files). The first run needs root and ~2 minutes;
# later runs take ~0.1 s. Progress goes to stderr, logs of failed steps are printed.
# When sourced, arguments are ignored (it always sets up), the caller's shell options
# are left alone, and it returns non-zero if the set-up failed.

if [ -z "${BASH_VERSION:-}" ]; then
  echo "ops/test-env.sh: needs bash (run: bash ops/test-env.sh, or source it from bash)" >&2
  # shellcheck disable=SC2317  # reached when executed rather than sourced
  return 1 2>/dev/null || exit 1
fi

_chte_sourced=0
[[ "${BASH_SOURCE[0]}" != "$0" ]] && _chte_sourced=1
_chte_ops=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
_chte_img=local/postgres:15
_chte_base=local/postgres:15-base
_chte_pidfile=/var/run/docker.pid
_chte_lock=/tmp/clearinghouse-test-env.lock
_chte_t0=${EPOCHREALTIME//[!0-9]/}

_chte_exports() {
  export TESTCONTAINERS_RYUK_DISABLED=true                  # the Ryuk reaper image lives on Docker Hub
  export DOCKER_API_VERSION=1.41                            # Debian 12 dockerd 20.10 speaks <= 1.41; TC 4.16 asks 1.44
  export TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1             # machines with /.dockerenv: else TC dials the bridge gateway
  export TESTCONTAINERS_WAIT_STRATEGY_INTERVAL=00:00:00.100 # default: poll pg_isready once a second
  export TESTCONTAINERS_WAIT_STRATEGY_TIMEOUT=00:02:00      # default: 1 hour
  export CLEARINGHOUSE_TEST_PG_IMAGE=$_chte_img
}

_chte_print_exports() {
  local v
  for v in TESTCONTAINERS_RYUK_DISABLED DOCKER_API_VERSION TESTCONTAINERS_HOST_OVERRIDE \
           TESTCONTAINERS_WAIT_STRATEGY_INTERVAL TESTCONTAINERS_WAIT_STRATEGY_TIMEOUT CLEARINGHOUSE_TEST_PG_IMAGE; do
    printf 'export %s=%q\n' "$v" "${!v}"
  done
}

_chte_ts() {
  local d=$(( (${EPOCHREALTIME//[!0-9]/} - _chte_t0) / 100000 ))
  printf '[test-env %(%H:%M:%S)T +%d.%ds] %s\n' -1 $((d / 10)) $((d % 10)) "$*" >&2
}

# die MESSAGE [LOGFILE]: explain, show the end of the log, stop the set-up
_chte_die() {
  {
    echo "test-env: ERROR: $1"
    if [ -n "${2:-}" ] && [ -s "$2" ]; then
      echo "---- last lines of $2 ----"
      tail -n 40 "$2"
      echo "---- end of $2 ----"
    fi
  } >&2
  exit 1
}

_chte_need_root() {
  [ "$(id -u)" = 0 ] || _chte_die "$1 needs root (run as root, or do it once by hand: $2)"
}

_chte_apt_install() {
  local log=/tmp/clearinghouse-apt.log
  _chte_need_root "installing $*" "apt-get install --no-install-recommends $*"
  command -v apt-get >/dev/null || _chte_die "no apt-get: install $* yourself (Debian/Ubuntu is assumed)"
  _chte_ts "apt-get install $* (log: $log)"
  {
    apt-get -o DPkg::Lock::Timeout=300 update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "$@"
  } >"$log" 2>&1 || _chte_die "apt-get install $* failed" "$log"
}

# The Debian mirror this machine's apt already uses for bookworm (deb822 or one-line format).
_chte_mirror() {
  if [ -n "${CLEARINGHOUSE_DEBIAN_MIRROR:-}" ]; then echo "$CLEARINGHOUSE_DEBIAN_MIRROR"; return; fi
  local m=""
  shopt -s nullglob
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    m=$(awk 'BEGIN{RS=""}
      /(^|\n)Suites:[^\n]*[ \t]bookworm([ \t]|\n|$)/ && !/(^|\n)Enabled:[ \t]*no/ {
        if (match($0, /(^|\n)URIs:[ \t]*[^ \t\n]+/)) { s=substr($0, RSTART, RLENGTH); sub(/^\n?URIs:[ \t]*/, "", s); print s; exit } }' "$f")
    [ -n "$m" ] && break
  done
  if [ -z "$m" ]; then
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
      [ -f "$f" ] || continue
      m=$(awk '$1=="deb" { i=2; if ($2 ~ /^\[/) { while (i<=NF && $i !~ /\]$/) i++; i++ }
                           if ($(i+1)=="bookworm") { print $i; exit } }' "$f")
      [ -n "$m" ] && break
    done
  fi
  shopt -u nullglob
  echo "$m"
}

_chte_start_dockerd() {
  local log=/tmp/clearinghouse-dockerd.log pid="" err
  err=$(docker info 2>&1 >/dev/null || true)
  case "$err" in
    *"ermission denied"*) _chte_die "a Docker daemon runs but this user may not use it ($(grep -m1 -i 'permission denied' <<<"$err")); run as root or join the docker group" ;;
  esac
  pid=$(cat "$_chte_pidfile" 2>/dev/null || true)
  if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ]; then
    _chte_ts "dockerd (pid $pid) is running but not answering yet: waiting for it"
  else
    _chte_need_root "starting dockerd" "setsid dockerd --ip=127.0.0.1 --pidfile $_chte_pidfile &"
    _chte_ts "starting dockerd --ip=127.0.0.1 (log: $log)"
    # own session, no inherited descriptors (fd 9 holds our lock), ports published on loopback only
    setsid dockerd --ip=127.0.0.1 --pidfile "$_chte_pidfile" >"$log" 2>&1 </dev/null 9>&- &
    pid=$!
  fi
  for _ in $(seq 300); do
    docker info >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || _chte_die "dockerd exited while starting" "$log"
    sleep 0.2
  done
  docker info >/dev/null 2>/tmp/clearinghouse-docker-info.err ||
    _chte_die "dockerd (pid $pid) did not answer within 60 s; $(cat /tmp/clearinghouse-docker-info.err)" "$log"
  _chte_ts "dockerd up, pid $(cat "$_chte_pidfile" 2>/dev/null || echo "$pid")"
}

_chte_rootfs=""
_chte_drop_rootfs() {
  [ -n "$_chte_rootfs" ] && [ -d "$_chte_rootfs" ] || return 0
  # a failed debootstrap can leave proc/sys mounted inside the tree
  local m
  while read -r m; do umount -l "$m" 2>/dev/null || true; done < <(
    awk -v r="$_chte_rootfs" 'index($2, r "/") == 1 {print $2}' /proc/self/mounts | sort -r)
  rm -rf --one-file-system "$_chte_rootfs"
  _chte_rootfs=""
}

_chte_build_base() {
  local log=/tmp/clearinghouse-debootstrap.log mirror
  command -v debootstrap >/dev/null || _chte_apt_install debootstrap
  _chte_need_root "building the PostgreSQL base image (debootstrap)" "bash ops/test-env.sh as root"
  mirror=$(_chte_mirror)
  [ -n "$mirror" ] || _chte_die "no Debian bookworm mirror found in /etc/apt/sources.list{,.d/*}; set CLEARINGHOUSE_DEBIAN_MIRROR=http://<mirror>/debian"
  _chte_rootfs=$(mktemp -d /tmp/clearinghouse-pg-rootfs.XXXXXX)
  trap _chte_drop_rootfs EXIT
  _chte_ts "debootstrap bookworm + postgresql-15 from $mirror (~70 s, log: $log)"
  debootstrap --variant=minbase --include=postgresql-15 bookworm "$_chte_rootfs" "$mirror" >"$log" 2>&1 ||
    _chte_die "debootstrap failed" "$log"
  _chte_ts "docker import $_chte_base"
  rm -rf "$_chte_rootfs"/var/cache/apt/archives/*.deb "$_chte_rootfs"/var/lib/apt/lists/* \
         "$_chte_rootfs"/usr/share/{doc,man,locale}/* \
         "$_chte_rootfs"/var/lib/postgresql/15 "$_chte_rootfs"/etc/postgresql/15/main
  log=/tmp/clearinghouse-docker-import.log
  tar -C "$_chte_rootfs" -c . 2>"$log" | docker import \
    --change 'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV PGDATA=/var/lib/postgresql/data' --change 'ENV LANG=C.UTF-8' \
    --change 'ENTRYPOINT ["docker-entrypoint.sh"]' --change 'CMD ["postgres"]' --change 'EXPOSE 5432' \
    - "$_chte_base" >>"$log" 2>&1 || _chte_die "docker import failed" "$log"
  _chte_drop_rootfs
  trap - EXIT
}

_chte_image() {
  local want have old="" log=/tmp/clearinghouse-docker-build.log
  want=$(cat "$_chte_ops/pg-image/Dockerfile" "$_chte_ops/pg-image/docker-entrypoint.sh" | sha256sum | cut -c1-16)
  if docker image inspect "$_chte_img" >/dev/null 2>&1; then
    have=$(docker image inspect -f '{{index .Config.Labels "org.clearinghouse.pg-image"}}' "$_chte_img" 2>/dev/null || true)
    if [ "$have" = "$want" ]; then
      _chte_ts "image $_chte_img present"
      return
    fi
    _chte_ts "image $_chte_img was built from other ops/pg-image files: rebuilding it"
    old=$(docker image inspect -f '{{.Id}}' "$_chte_img")
  fi
  docker image inspect "$_chte_base" >/dev/null 2>&1 || _chte_build_base
  _chte_ts "docker build $_chte_img (entrypoint + pre-initialised cluster, log: $log)"
  DOCKER_BUILDKIT=0 docker build --build-arg BASE="$_chte_base" --label "org.clearinghouse.pg-image=$want" \
    -t "$_chte_img" "$_chte_ops/pg-image" >"$log" 2>&1 || _chte_die "docker build failed" "$log"
  # drop the replaced image if nothing names it any more (by ID, an image with other
  # tags in the same repository would be deleted with all of them)
  if [ -n "$old" ] && [ "$(docker image inspect -f '{{len .RepoTags}}' "$old" 2>/dev/null)" = 0 ]; then
    docker rmi "$old" >/dev/null 2>&1 || true
  fi
  _chte_ts "image $_chte_img built: $(docker image inspect -f '{{.Id}}' "$_chte_img")"
}

_chte_setup() {
  _chte_exports   # DOCKER_API_VERSION for the docker CLI calls below
  # one set-up at a time on this machine (parallel CI jobs, a developer and CI)
  if { [ -e "$_chte_lock" ] && [ -w "$_chte_lock" ]; } || { [ ! -e "$_chte_lock" ] && [ -w /tmp ]; }; then
    exec 9>>"$_chte_lock"
    flock -w 900 9 || _chte_die "another test-env set-up holds $_chte_lock for more than 15 minutes"
  fi
  local need=()
  { command -v dockerd >/dev/null && command -v docker >/dev/null; } || need+=(docker.io)
  command -v debootstrap >/dev/null || need+=(debootstrap)
  if ((${#need[@]})); then
    # a daemon that answers and a ready image need neither package
    if docker info >/dev/null 2>&1 && docker image inspect "$_chte_img" >/dev/null 2>&1; then
      need=()
    else
      _chte_apt_install "${need[@]}"
    fi
  fi
  # The outage tests kill and restart a PostgreSQL server of their own (initdb + pg_ctl on this machine).
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || command -v initdb >/dev/null || _chte_apt_install postgresql
  docker info >/dev/null 2>&1 || _chte_start_dockerd
  _chte_image
}

_chte_cleanup() {
  _chte_exports
  docker info >/dev/null 2>&1 || return 0
  docker ps -aq --filter label=org.testcontainers=true | xargs -r docker rm -f -v >/dev/null
}

_chte_stop_dockerd() {
  local pid
  pid=$(cat "$_chte_pidfile" 2>/dev/null) || { echo "test-env: no $_chte_pidfile, no dockerd to stop" >&2; return 0; }
  if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != dockerd ]; then
    echo "test-env: $_chte_pidfile names pid $pid, which is not a running dockerd: nothing to stop" >&2
    return 0
  fi
  kill -TERM "$pid"
  for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then echo "test-env: dockerd $pid still running after 30 s" >&2; return 1; fi
  echo "test-env: dockerd $pid stopped" >&2
}

if ((_chte_sourced)); then
  # The set-up runs as a child process, so that its `set -e` and `exit` can neither be
  # ignored in nor end the caller's shell; only the variables are set here.
  _chte_rc=0
  bash "$_chte_ops/test-env.sh" setup >/dev/null || _chte_rc=$?
  _chte_exports
  if ((_chte_rc)); then
    echo "test-env: set-up failed (exit $_chte_rc); see the messages above" >&2
  fi
  # leave nothing but the exported variables (and _chte_rc) behind in the caller's shell
  while read -r _chte_f; do unset -f "$_chte_f"; done < <(compgen -A function _chte_)
  unset _chte_f _chte_sourced _chte_ops _chte_img _chte_base _chte_pidfile _chte_lock _chte_t0 _chte_rootfs
  return "$_chte_rc"
fi

set -Eeuo pipefail
trap '_chte_die "unexpected failure (line $LINENO): $BASH_COMMAND"' ERR
case "${1:-setup}" in
  setup)        _chte_setup; _chte_exports; _chte_ts "ready"; _chte_print_exports ;;
  env)          _chte_exports; _chte_print_exports ;;
  cleanup)      _chte_cleanup ;;
  stop-dockerd) _chte_cleanup; _chte_stop_dockerd ;;
  -h|--help|help) sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' ;;
  *)            echo "usage: bash ops/test-env.sh [setup|env|cleanup|stop-dockerd|help]" >&2; exit 2 ;;
esac
