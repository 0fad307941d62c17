#!/usr/bin/env bash
# Throughput of an authenticated API call: requests/s of GET /api/v1/me with 64 concurrent
# connections (wrk, 2 threads), against a server started on a throw-away data dir with demo data.
# Usage: server/bench/me-throughput.sh [JAR ...]   (default: server/target/classbridge.jar)
# Several jars are measured one after another in the same run, e.g. before and after a change.
# Needs: wrk (Debian package), curl.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
DURATION=${DURATION:-15s}
PORT=18098
[ $# -gt 0 ] || set -- server/target/classbridge.jar
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores; $("$JAVA" -version 2>&1 | head -1); wrk -t2 -c64 -d$DURATION"
for jar in "$@"; do
  rm -rf "$work/data"
  "$JAVA" -jar "$jar" --data "$work/data" --port $PORT --host 127.0.0.1 > "$work/out.log" 2>&1 &
  pid=$!
  until curl -sf -m 1 "http://127.0.0.1:$PORT/health/ready" > /dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/out.log" >&2; exit 1; }
    sleep 0.1
  done
  token=$(curl -sf -H 'Content-Type: application/json' \
    -d '{"username":"coordinator","password":"classbridge"}' \
    "http://127.0.0.1:$PORT/api/v1/auth/login" | sed -E 's/.*"token":"([^"]+)".*/\1/')
  # warm-up (JIT), then the measured run
  wrk -t2 -c64 -d5s -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT/api/v1/me" > /dev/null
  result=$(wrk -t2 -c64 -d"$DURATION" --latency -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$PORT/api/v1/me")
  rps=$(awk '/Requests\/sec/ {print $2}' <<< "$result")
  p50=$(awk '$1 == "50%" {print $2}' <<< "$result")
  p99=$(awk '$1 == "99%" {print $2}' <<< "$result")
  threads=$(grep -o 'vert.x-eventloop-thread-[0-9]*' "$work/out.log" | sort -u | wc -l || true)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "| $jar | $rps | $p50 | $p99 |"
done
