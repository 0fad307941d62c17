#!/usr/bin/env bash
# Start-up benchmark: time from `java` to the first 200 from /health/ready, and resident memory
# (VmRSS) once ready and 5 s later, for
#   first          - an empty data dir: migrations + loading the demo data, with the class archive
#                    the build made (server/target/classbridge.jsa), as README command 1 runs it
#   restart        - the same data dir again, with the archive: the usual start
#   first-no-cds   - a first start without the archive (plain `java -jar`)
#   floor          - the same JVM running a bare Vert.x HTTP server (org.classbridge.bench.FloorServer)
#   floor-cds      - the floor with a class archive of its own, made by one training run here
# Each is run RUNS times (default 5); the table shows medians and the ratio to the floor.
# Usage: server/bench/startup.sh [RUNS]      (from the repository root, after ./mvnw package)
#
# Second form: first starts under different JVM flags, taken in turn so that a slow minute on this
# machine falls on every variant alike; an empty string is the default flags (README command 1):
#   server/bench/startup.sh flags RUNS "" "-XX:+UseSerialGC" "-XX:TieredStopAtLevel=1" ...
set -euo pipefail
cd "$(dirname "$0")/../.."
MODE=kinds
if [ "${1:-}" = flags ]; then
  MODE=flags
  shift
fi
RUNS=${1:-5}
[ $# -gt 0 ] && shift
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JAR=server/target/classbridge.jar
[ -f "$JAR" ] && [ -f server/target/classbridge.jsa ] \
  && [ -d server/target/test-classes/org/classbridge/bench ] || {
  echo "build first: ./mvnw -B -DskipTests package (test classes are compiled too)" >&2; exit 2; }
PORT=18099
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# one measurement: prints "<ms to ready> <rss kB at ready> <rss kB RSS_WAIT s later>"
RSS_WAIT=5
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
  sleep "$RSS_WAIT"
  rss2=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$(( (end - start) / 1000000 )) $rss1 $rss2"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
CDS=-XX:SharedArchiveFile=server/target/classbridge.jsa

if [ "$MODE" = flags ]; then
  RSS_WAIT=0
  variants=("$@")
  times=()
  for _ in $(seq 1 "$RUNS"); do
    for v in "${!variants[@]}"; do
      rm -rf "$work/data"
      # shellcheck disable=SC2086 # the flags are words on purpose
      times[$v]+="$(measure "$JAVA" $CDS ${variants[$v]} -jar "$JAR" --data "$work/data" \
        --port $PORT --host 127.0.0.1 | awk '{print $1}') "
    done
  done
  echo "| JVM flags | ready (ms, median) | runs (ms) |"
  echo "|---|---|---|"
  for v in "${!variants[@]}"; do
    # shellcheck disable=SC2086 # one number per word
    echo "| ${variants[$v]:-(default)} | $(printf '%s\n' ${times[$v]} | median) | ${times[$v]}|"
  done
  exit 0
fi

# the floor in a jar of its own (a class archive takes jars only, no directories), and its own
# archive: one run of it under ArchiveClassesAtExit (written when it stops)
(cd server/target/test-classes && "${JAVA_HOME:+$JAVA_HOME/bin/}jar" cf "$work/floor.jar" \
  org/classbridge/bench/FloorServer*.class)
FLOOR_CP="$JAR:$work/floor.jar"
"$JAVA" -XX:ArchiveClassesAtExit="$work/floor.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
  -cp "$FLOOR_CP" org.classbridge.bench.FloorServer $PORT > /dev/null 2>&1 &
fpid=$!
until curl -sf -m 1 "http://127.0.0.1:$PORT/health/ready" > /dev/null; do sleep 0.05; done
kill "$fpid"; wait "$fpid" 2>/dev/null || true

declare -A results
for i in $(seq 1 "$RUNS"); do
  rm -rf "$work/data"
  results[first]+="$(measure "$JAVA" $CDS -jar "$JAR" --data "$work/data" --port $PORT --host 127.0.0.1)"$'\n'
  results[restart]+="$(measure "$JAVA" $CDS -jar "$JAR" --data "$work/data" --port $PORT --host 127.0.0.1)"$'\n'
  rm -rf "$work/data"
  results[first-no-cds]+="$(measure "$JAVA" -jar "$JAR" --data "$work/data" --port $PORT --host 127.0.0.1)"$'\n'
  results[floor]+="$(measure "$JAVA" -cp "$FLOOR_CP" org.classbridge.bench.FloorServer $PORT)"$'\n'
  results[floor-cds]+="$(measure "$JAVA" -XX:SharedArchiveFile="$work/floor.jsa" -cp "$FLOOR_CP" org.classbridge.bench.FloorServer $PORT)"$'\n'
done

floor_ms=$(printf '%s' "${results[floor]}" | awk 'NF {print $1}' | median)
floor_rss=$(printf '%s' "${results[floor]}" | awk 'NF {print $2}' | median)
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $("$JAVA" -version 2>&1 | head -1); runs: $RUNS"
echo
echo "| start | ready (ms, median) | ratio to floor | RSS at ready (MB) | RSS 5 s later (MB) | ratio to floor (RSS at ready) |"
echo "|---|---|---|---|---|---|"
for kind in first restart first-no-cds floor floor-cds; do
  ms=$(printf '%s' "${results[$kind]}" | awk 'NF {print $1}' | median)
  r1=$(printf '%s' "${results[$kind]}" | awk 'NF {print $2}' | median)
  r2=$(printf '%s' "${results[$kind]}" | awk 'NF {print $3}' | median)
  awk -v k="$kind" -v ms="$ms" -v fm="$floor_ms" -v r1="$r1" -v r2="$r2" -v fr="$floor_rss" \
    'BEGIN { printf "| %s | %d | %.2f | %d | %d | %.2f |\n", k, ms, ms / fm, r1 / 1024, r2 / 1024, r1 / fr }'
done
