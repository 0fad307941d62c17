#!/usr/bin/env bash
# The coverage matrix of a 50-school group with a 20-week term and 20,000 sessions, and the "close
# this gap" proposals for one class of it, on H2 and (when CLASSBRIDGE_TEST_PG_URL names a database)
# PostgreSQL: p50/p99/max over HTTP.
# Usage: server/bench/coverage.sh   (after ./mvnw -B -q -DskipTests install)
set -euo pipefail
cd "$(dirname "$0")/../.."
. server/bench/test-classpath.sh
echo "machine: $(nproc) cores; $("$JAVA" -version 2>&1 | head -1)"
echo
echo "| database | request | data | requests | p50 ms | p99 ms | max ms |"
echo "|---|---|---|---|---|---|---|"
run() {
  (cd server && "$JAVA" -cp "$(echo "$CP" | sed 's#server/target#target#g')" \
    org.classbridge.coverage.CoverageBench "$@" 2>/dev/null | grep '^|')
}
run ""
if [ -n "${CLASSBRIDGE_TEST_PG_URL:-}" ]; then
  schema="coverage_bench_$$"
  psql -q -h 127.0.0.1 -U postgres -d test -c "create schema $schema" > /dev/null
  run "${CLASSBRIDGE_TEST_PG_URL}&currentSchema=$schema"
  psql -q -h 127.0.0.1 -U postgres -d test -c "drop schema $schema cascade" > /dev/null 2>&1
fi
