#!/usr/bin/env bash
# Start-up benchmark: time from `java -jar` to the first 200 from /health/ready, and resident
# memory (VmRSS) once ready and 5 s later, for
#   first   - an empty data dir: migrations + loading the demo data (11 PBKDF2 hashes at 600k)
#   restart - the same data dir again: the usual start
#   floor   - the same JVM running a bare Vert.x HTTP server (org.classbridge.bench.FloorServer)
# Each is run RUNS times (default 5); the table shows medians and the ratio to the floor.
# Usage: server/bench/startup.sh [RUNS]      (from the repository root, after ./mvnw package)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-5}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JAR=server/target/classbridge.jar
[ -f "$JAR" ] && [ -d server/target/test-classes/org/classbridge/bench ] || {
  echo "build first: ./mvnw -B -DskipTests package (test classes are compiled too)" >&2; exit 2; }
PORT=18099
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# one measurement: prints "<ms to ready> <rss kB at ready> <rss kB 5 s later>"
measure() {
  local start end pid rss1 rss2
  start=$(date +%s%N)
  "$@" > "$work/out.log" 2>&1 &
  pid=$!
  until curl -sf -m 1 "http://127.0.0.1:$PORT/health/ready" > /dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/out.log" >&2; exit 1; }
    sleep 0.01
  done
  end=$(date +%s%N)
  rss1=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  sleep 5
  rss2=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$(( (end - start) / 1000000 )) $rss1 $rss2"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A results
for i in $(seq 1 "$RUNS"); do
  rm -rf "$work/data"
  results[first]+="$(measure "$JAVA" -jar "$JAR" --data "$work/data" --port $PORT --host 127.0.0.1)"$'\n'
  results[restart]+="$(measure "$JAVA" -jar "$JAR" --data "$work/data" --port $PORT --host 127.0.0.1)"$'\n'
  results[floor]+="$(measure "$JAVA" -cp "$JAR:server/target/test-classes" org.classbridge.bench.FloorServer $PORT)"$'\n'
done

floor_ms=$(printf '%s' "${results[floor]}" | awk 'NF {print $1}' | median)
floor_rss=$(printf '%s' "${results[floor]}" | awk 'NF {print $2}' | median)
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $("$JAVA" -version 2>&1 | head -1); runs: $RUNS"
echo
echo "| start | ready (ms, median) | ratio to floor | RSS at ready (MB) | RSS 5 s later (MB) | ratio to floor (RSS at ready) |"
echo "|---|---|---|---|---|---|"
for kind in first restart floor; do
  ms=$(printf '%s' "${results[$kind]}" | awk 'NF {print $1}' | median)
  r1=$(printf '%s' "${results[$kind]}" | awk 'NF {print $2}' | median)
  r2=$(printf '%s' "${results[$kind]}" | awk 'NF {print $3}' | median)
  awk -v k="$kind" -v ms="$ms" -v fm="$floor_ms" -v r1="$r1" -v r2="$r2" -v fr="$floor_rss" \
    'BEGIN { printf "| %s | %d | %.2f | %d | %d | %.2f |\n", k, ms, ms / fm, r1 / 1024, r2 / 1024, r1 / fr }'
done
