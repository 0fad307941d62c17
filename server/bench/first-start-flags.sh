#!/usr/bin/env bash
# First starts (empty data dir, demo data, the build's class archive) with different JVM flags,
# taken in turn so that a slow minute on this machine falls on every variant alike. Prints, per
# variant, the median time from `java` to the first 200 from /health/ready and every run.
# Usage (from the repository root, after ./mvnw package):
#   server/bench/first-start-flags.sh RUNS "" "-XX:+UseSerialGC" "-XX:TieredStopAtLevel=1" ...
# An empty string is the default flags (README command 1).
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=$1
shift
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JAR=server/target/classbridge.jar
[ -f "$JAR" ] && [ -f server/target/classbridge.jsa ] || {
  echo "build first: ./mvnw -B -DskipTests package" >&2; exit 2; }
PORT=18099
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
variants=("$@")
times=()
for _ in $(seq 1 "$RUNS"); do
  for v in "${!variants[@]}"; do
    flags=${variants[$v]}
    rm -rf "$work/data"
    start=$(date +%s%N)
    # shellcheck disable=SC2086 # the flags are words on purpose
    "$JAVA" -XX:SharedArchiveFile=server/target/classbridge.jsa $flags -jar "$JAR" \
      --data "$work/data" --port $PORT --host 127.0.0.1 > "$work/out.log" 2>&1 &
    pid=$!
    until curl -sf -m 1 "http://127.0.0.1:$PORT/health/ready" > /dev/null; do
      kill -0 "$pid" 2>/dev/null || { cat "$work/out.log" >&2; exit 1; }
      sleep 0.01
    done
    end=$(date +%s%N)
    times[$v]+="$(( (end - start) / 1000000 )) "
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
done
echo "| JVM flags | ready (ms, median) | runs (ms) |"
echo "|---|---|---|"
for v in "${!variants[@]}"; do
  flags=${variants[$v]}
  median=$(printf '%s\n' ${times[$v]} | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "| ${flags:-(default)} | $median | ${times[$v]}|"
done
