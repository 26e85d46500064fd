#!/usr/bin/env bash
# The engine throughput benchmark (BENCHMARKS.md): bash ops/bench-engine.sh [symbols=10000] [seconds=300] [ticks/s=0: flat out] [quotes per trade=5]
set -euo pipefail
cd "$(dirname "$0")/.."
# its own database, fresh each run, so neither tests nor the demo are disturbed
export THOR_DB_TEST_NAME=${THOR_DB_BENCH_NAME:-thor_bench}
bash ops/ensure-services.sh --fresh-test-db >/dev/null
command -v redis-benchmark >/dev/null || { echo "redis-benchmark missing (Debian package redis-tools)"; exit 1; }
mvn -B -q -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
exec java -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/cp.txt)" routes.bench.EngineBenchmark "$@"
