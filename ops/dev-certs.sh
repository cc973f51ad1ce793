#!/usr/bin/env bash
# Development certificates for mutual TLS (docs/identity.md), one command each:
#   bash ops/dev-certs.sh region 110000     a regional agency (6-digit region code)
#   bash ops/dev-certs.sh platform 11       a provincial platform (2-digit province code)
#   bash ops/dev-certs.sh officer wang      an officer (a name: 1..64 of a-z 0-9 . _ -)
#   bash ops/dev-certs.sh operator li       an operator (a name, as for an officer)
#   bash ops/dev-certs.sh server            the host's own certificate (127.0.0.1 and localhost)
#   bash ops/dev-certs.sh ca                only make sure the CA exists; prints its path
# The first use creates a development CA in <data>/certs (ca.crt, and ca.key readable by its owner only).
# Each identity gets <data>/certs/<role>-<scope>.crt and .key (PEM, EC P-256, valid 825 days); the two paths
# are printed on stdout, one per line, certificate first. A certificate already there that the CA verifies
# and that is valid for another day is reused. The certificate names the caller in a SAN URI
# urn:clearinghouse:<role>:<scope>, its subject CN is <role>:<scope>.
# <data> is CLEARINGHOUSE_DATA_DIR when set, else the folder ops/embedded-pg.sh keeps its cluster beside
# (<repo>/.data, or /var/lib/clearinghouse/<hash> when the repo is not reachable by the postgres user).
set -Eeuo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
FALLBACK_ROOT=/var/lib/clearinghouse/$(printf '%s' "$REPO" | sha256sum | cut -c1-12)
say() { echo "dev-certs: $*" >&2; }
die() { say "ERROR: $*"; exit 2; }
usage() {
  die "usage: bash ops/dev-certs.sh region <6-digit code> | platform <2-digit province> | officer <name> | operator <name> | server | ca"
}
command -v openssl >/dev/null || die "openssl is not installed (apt-get install openssl)"

# ---- arguments ------------------------------------------------------------------------------------
role=${1:-}
scope=${2:-}
case "$role" in
  region)
    [[ "$scope" =~ ^[0-9]{6}$ ]] || die "a region's scope is its 6-digit region code, e.g. 110000; got '$scope'" ;;
  platform)
    [[ "$scope" =~ ^[0-9]{2}$ ]] || die "a platform's scope is its 2-digit province code, e.g. 11; got '$scope'" ;;
  officer|operator)
    [[ "$scope" =~ ^[a-z0-9._-]{1,64}$ ]] || die "an $role's scope is a name of 1..64 characters a-z 0-9 . _ -; got '$scope'" ;;
  server|ca)
    [ -z "$scope" ] || die "'$role' takes no scope; got '$scope'" ;;
  *) usage ;;
esac
[ $# -le 2 ] || usage

# ---- where (as ops/embedded-pg.sh decides where its data lives) ------------------------------------
pg_reaches() {
  [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1 || return 0
  local d=$1
  while [ ! -e "$d" ]; do d=$(dirname "$d"); done
  (cd / && runuser -u postgres -- test -x "$d")
}
if [ -n "${CLEARINGHOUSE_DATA_DIR:-}" ]; then
  case "$CLEARINGHOUSE_DATA_DIR" in
    /*) ROOT=${CLEARINGHOUSE_DATA_DIR%/} ;;
    *) ROOT=$PWD/${CLEARINGHOUSE_DATA_DIR%/} ;;
  esac
elif [ -s "$REPO/.data/pg/PG_VERSION" ]; then
  ROOT=$REPO/.data
elif [ -s "$FALLBACK_ROOT/pg/PG_VERSION" ] || ! pg_reaches "$REPO/.data/pg"; then
  ROOT=$FALLBACK_ROOT
else
  ROOT=$REPO/.data
fi
DIR=$ROOT/certs
mkdir -p "$DIR"
chmod 700 "$DIR"
CA_CRT=$DIR/ca.crt
CA_KEY=$DIR/ca.key

# ---- the CA ---------------------------------------------------------------------------------------
if [ ! -s "$CA_CRT" ] || [ ! -s "$CA_KEY" ]; then
  say "creating the development CA in $DIR"
  (umask 077 && openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$CA_KEY" -out "$CA_CRT" -days 3650 -subj "/CN=Clearinghouse development CA" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null) || die "openssl could not create the CA in $DIR"
  chmod 600 "$CA_KEY"
  chmod 644 "$CA_CRT"
fi
if [ "$role" = ca ]; then
  echo "$CA_CRT"
  exit 0
fi

# ---- the identity ---------------------------------------------------------------------------------
if [ "$role" = server ]; then
  name=server
  subject="/CN=clearinghouse host"
  extensions="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost"
else
  name=$role-$scope
  subject="/CN=$role:$scope"
  extensions="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth
subjectAltName=URI:urn:clearinghouse:$role:$scope"
fi
CRT=$DIR/$name.crt
KEY=$DIR/$name.key

if [ -s "$CRT" ] && [ -s "$KEY" ] &&
  openssl verify -CAfile "$CA_CRT" "$CRT" >/dev/null 2>&1 &&
  openssl x509 -in "$CRT" -noout -checkend 86400 >/dev/null 2>&1; then
  printf '%s\n%s\n' "$CRT" "$KEY"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%s\n' "$extensions" >"$work/ext"
(umask 077 && openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -keyout "$work/key" -out "$work/csr" -subj "$subject" 2>/dev/null) || die "openssl could not make a key for $name"
openssl x509 -req -in "$work/csr" -CA "$CA_CRT" -CAkey "$CA_KEY" -set_serial "0x$(openssl rand -hex 16)" \
  -days 825 -extfile "$work/ext" -out "$work/crt" 2>/dev/null || die "openssl could not sign the certificate for $name"
install -m 600 "$work/key" "$KEY"
install -m 644 "$work/crt" "$CRT"
say "issued $name ($subject) in $DIR"
printf '%s\n%s\n' "$CRT" "$KEY"
