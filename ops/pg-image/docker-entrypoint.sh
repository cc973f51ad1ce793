#!/bin/bash
# Part of the Clearinghouse test image (ops/pg-image, built by ops/test-env.sh).
# Minimal stand-in for the official postgres image entrypoint (docker-library/postgres),
# covering the contract Testcontainers.PostgreSql relies on:
#   env POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB, initdb on first start,
#   args starting with '-' are passed to `postgres`, listen on 0.0.0.0:5432,
#   password (scram-sha-256) auth for every connection, the local socket and loopback included
#   (POSTGRES_HOST_AUTH_METHOD chooses another method for all of them),
#   /docker-entrypoint-initdb.d/*.sql|*.sql.gz|*.sh run once after initdb.
set -Eeo pipefail

# `docker run image -c fsync=off ...` -> `postgres -c fsync=off ...`
if [ "${1:0:1}" = '-' ]; then
	set -- postgres "$@"
fi

if [ "$1" = 'postgres' ]; then
	: "${PGDATA:=/var/lib/postgresql/data}"
	export PGDATA

	# Started as root: fix ownership and drop to the postgres user (official image uses gosu).
	if [ "$(id -u)" = '0' ]; then
		mkdir -p "$PGDATA" /var/run/postgresql
		chmod 00700 "$PGDATA"
		# only touch what is not owned by postgres yet (a recursive chown would copy up a baked cluster)
		find "$PGDATA" /var/run/postgresql \! -user postgres -exec chown postgres:postgres '{}' +
		chmod 03775 /var/run/postgresql
		exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
	fi

	# Optional pre-initialised ("baked") cluster from image build time: keep it only if it was
	# made with exactly the requested settings and there are no init scripts; else start fresh.
	if [ -f "$PGDATA/.baked" ]; then
		shopt -s nullglob; initfiles=(/docker-entrypoint-initdb.d/*); shopt -u nullglob
		want=$(printf '%s\n' "${POSTGRES_USER:-postgres}" "$POSTGRES_PASSWORD" "${POSTGRES_DB:-${POSTGRES_USER:-postgres}}" \
			"${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}" "$POSTGRES_INITDB_ARGS" | sha256sum)
		if [ "$want" = "$(cat "$PGDATA/.baked")" ] && [ ${#initfiles[@]} -eq 0 ]; then
			rm -f "$PGDATA/.baked"
		else
			find "$PGDATA" -mindepth 1 -delete
		fi
	fi

	if [ ! -s "$PGDATA/PG_VERSION" ]; then
		if [ -z "$POSTGRES_PASSWORD" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != 'trust' ]; then
			echo >&2 'error: POSTGRES_PASSWORD is not set (set it, or POSTGRES_HOST_AUTH_METHOD=trust)'
			exit 1
		fi
		: "${POSTGRES_USER:=postgres}"
		: "${POSTGRES_DB:=$POSTGRES_USER}"
		: "${POSTGRES_HOST_AUTH_METHOD:=scram-sha-256}"

		# Unlike the official image, the socket and loopback ask for the password too: nothing in the
		# container gets in on trust.
		init_cluster() {
			# POSTGRES_INITDB_ARGS is word-split on purpose (as in the official image)
			# shellcheck disable=SC2086
			# --no-sync: throwaway test data, skip the fsync of the new cluster
			initdb --username="$POSTGRES_USER" "$@" \
				--auth-local="$POSTGRES_HOST_AUTH_METHOD" --auth-host="$POSTGRES_HOST_AUTH_METHOD" \
				--encoding=UTF8 --locale=C.UTF-8 --no-sync $POSTGRES_INITDB_ARGS >/dev/null
		}
		# (the password's pipe lives only as long as the command that names it)
		if [ -n "$POSTGRES_PASSWORD" ]; then
			init_cluster --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD")
		else
			init_cluster
		fi
		printf '\nhost all all all %s\n' "$POSTGRES_HOST_AUTH_METHOD" >> "$PGDATA/pg_hba.conf"
		echo "listen_addresses = '*'" >> "$PGDATA/postgresql.auto.conf"

		# Only start a temporary (socket-only) server when there is something to do.
		shopt -s nullglob
		initfiles=(/docker-entrypoint-initdb.d/*)
		if [ "$POSTGRES_DB" != 'postgres' ] || [ ${#initfiles[@]} -gt 0 ]; then
			pg_ctl -D "$PGDATA" -w -o "-c listen_addresses='' -c fsync=off" start >/dev/null
			export PGUSER="$POSTGRES_USER" PGHOST=/var/run/postgresql PGPASSWORD="$POSTGRES_PASSWORD"
			psql=(psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet)
			if [ "$POSTGRES_DB" != 'postgres' ]; then
				"${psql[@]}" --dbname postgres --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
			fi
			for f in "${initfiles[@]}"; do
				# shellcheck disable=SC1090  # init scripts are sourced, as in the official image
				case "$f" in
					*.sh)     echo "$0: running $f"; . "$f" ;;
					*.sql)    echo "$0: running $f"; "${psql[@]}" --dbname "$POSTGRES_DB" -f "$f" ;;
					*.sql.gz) echo "$0: running $f"; gunzip -c "$f" | "${psql[@]}" --dbname "$POSTGRES_DB" ;;
					*)        echo "$0: ignoring $f" ;;
				esac
			done
			pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
			unset PGUSER PGHOST PGPASSWORD
		fi
		if [ -n "$PG_BAKE" ]; then   # image build time: remember what this cluster was made with
			printf '%s\n' "$POSTGRES_USER" "$POSTGRES_PASSWORD" "$POSTGRES_DB" "$POSTGRES_HOST_AUTH_METHOD" \
				"$POSTGRES_INITDB_ARGS" | sha256sum > "$PGDATA/.baked"
		fi
		echo 'PostgreSQL init process complete; ready for start up.'
	fi
fi

exec "$@"
