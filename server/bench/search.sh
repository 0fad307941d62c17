#!/usr/bin/env bash
# Search at scale: a deterministic synthetic catalogue (100,000 resources by default) written into
# the embedded database, a full reindex through the admin API, then query + facets + highlighting,
# suggest and 2-thread throughput through HTTP, against the same queries in-process on the same
# index (the floor) in the same run.
# Usage: server/bench/search.sh [documents]   (after ./mvnw -B -q -DskipTests install)
set -euo pipefail
cd "$(dirname "$0")/../.."
. server/bench/test-classpath.sh
echo "machine: $(nproc) cores; $("$JAVA" -version 2>&1 | head -1)"
"$JAVA" -Xmx${SEARCH_BENCH_HEAP:-2g} -cp "$CP" org.classbridge.search.SearchBench "${1:-100000}" 2>/dev/null \
  | grep -v '^[0-9:.TZ-]* \(INFO\|WARN\|DEBUG\)'
