#!/usr/bin/env bash
# Runs the whole test suite against real Redis and PostgreSQL (made available first).
set -euo pipefail
cd "$(dirname "$0")/.."
bash ops/ensure-services.sh --fresh-test-db
exec mvn -B test "$@"
