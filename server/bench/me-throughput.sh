#!/usr/bin/env bash
# Throughput of an authenticated API call: requests/s of GET /api/v1/me (or TARGET=/path) with 64 concurrent
# connections (wrk, 2 threads), against a server started on a throw-away data dir with demo data.
# Usage: server/bench/me-throughput.sh ["JAR [--flag=value ...]" ...]
#        (default: server/target/classbridge.jar)
# Each argument is a jar and optional server flags; they are measured one after another in the
# same run, e.g. an older jar, this one, and this one with --http.instances=1.
# Needs: wrk (Debian package), curl.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
DURATION=${DURATION:-15s}
PORT=18098
[ $# -gt 0 ] || set -- server/target/classbridge.jar
work=$(mktemp -d)

# "<tid> <utime+stime ticks>" of every Vert.x event-loop thread of process $1
loop_ticks() {
  for t in /proc/"$1"/task/*; do
    if grep -q '^vert.x-eventloo' "$t/comm" 2>/dev/null; then
      awk -v tid="${t##*/}" '{ sub(/.*\) /, ""); print tid, $12 + $13 }' "$t/stat"
    fi
  done
}
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores; $("$JAVA" -version 2>&1 | head -1); wrk -t2 -c64 -d$DURATION"
echo
echo "| server | requests/s | p50 | p99 | busy event loops (% of a core each) |"
echo "|---|---|---|---|---|"
for spec in "$@"; do
  read -r -a parts <<< "$spec"
  jar=${parts[0]}
  rm -rf "$work/data"
  "$JAVA" -jar "$jar" --data "$work/data" --port $PORT --host 127.0.0.1 "${parts[@]:1}" \
    > "$work/out.log" 2>&1 &
  pid=$!
  until curl -sf -m 1 "http://127.0.0.1:$PORT/health/ready" > /dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/out.log" >&2; exit 1; }
    sleep 0.1
  done
  token=$(curl -sf -H 'Content-Type: application/json' \
    -d '{"username":"coordinator","password":"classbridge"}' \
    "http://127.0.0.1:$PORT/api/v1/auth/login" | sed -E 's/.*"token":"([^"]+)".*/\1/')
  # warm-up (JIT), then the measured run
  wrk -t2 -c64 -d5s -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT${TARGET:-/api/v1/me}" > /dev/null
  before=$(loop_ticks "$pid")
  t0=$(date +%s%N)
  result=$(wrk -t2 -c64 -d"$DURATION" --latency -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$PORT${TARGET:-/api/v1/me}")
  t1=$(date +%s%N)
  after=$(loop_ticks "$pid")
  # share of one core used by each event-loop thread during the measured run
  busy=$(join <(sort <<< "$before") <(sort <<< "$after") | awk -v ns=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" \
    '{ share = ($3 - $2) / hz / (ns / 1e9); if (share > 0.02) printf "%d%% ", share * 100 }')
  rps=$(awk '/Requests\/sec/ {print $2}' <<< "$result")
  p50=$(awk '$1 == "50%" {print $2}' <<< "$result")
  p99=$(awk '$1 == "99%" {print $2}' <<< "$result")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "| $spec | $rps | $p50 | $p99 | $busy|"
done
