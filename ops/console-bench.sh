#!/usr/bin/env bash
# The web console at scale:  bash ops/console-bench.sh [--regions 400 --settlements 1000000 --runs 3]
#   400 regions and a million settlements in each of a closed and the open period (copied into the ledger as
#   the close benchmark does), then Debian's Chromium opens the periods page, a statement, a counterparty's
#   settlements and the open period's settlements as an officer and prints each load's first contentful paint
#   and when it was rendered with its data (docs/console.md). Not part of the test suite. Needs chromium and
#   fonts-noto-cjk (apt-get install -y --no-install-recommends chromium fonts-noto-cjk).
#   Everything else as `bash ops/bench.sh console` (ops/bench.sh: build, embedded PostgreSQL, host, clean-up).
set -Eeuo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/bench.sh" console "$@"
