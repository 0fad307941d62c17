#!/usr/bin/env bash
# A 2,000-row roll import as a background job, at the production password strength (600,000
# PBKDF2 iterations): wall time of the job, peak heap while it runs (jstat, sampled every second),
# and login latency meanwhile, against the same logins on the idle server in the same run.
# Usage: server/bench/import.sh [ROWS]   (default 2000; needs curl, a JDK's jstat)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${1:-2000}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JSTAT=${JAVA_HOME:+$JAVA_HOME/bin/}jstat
PORT=18097
BASE="http://127.0.0.1:$PORT"
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
"$JAVA" -jar server/target/classbridge.jar --data "$work/data" --port $PORT --host 127.0.0.1 \
  --auth.login.ip-failures=100000 > "$work/out.log" 2>&1 &
pid=$!
until curl -sf -m 1 "$BASE/health/ready" > /dev/null; do sleep 0.2; done
token() {
  curl -sf -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"classbridge\"}" \
    "$BASE/api/v1/auth/login" | sed -E 's/.*"token":"([^"]+)".*/\1/'
}
# logins one after another, printing each one's seconds
logins() {
  for _ in $(seq 1 "$1"); do
    curl -s -o /dev/null -w '%{time_total}\n' -H 'Content-Type: application/json' \
      -d '{"username":"teacher.xining","password":"classbridge"}' "$BASE/api/v1/auth/login"
  done
}
stats() { sort -n | awk '{a[NR]=$1} END {printf "p50 %.0f ms, p99 %.0f ms (n=%d)", a[int(NR*0.5+0.5)]*1000, a[int(NR*0.99+0.5)]*1000, NR}'; }

echo "machine: $(nproc) cores; $("$JAVA" -version 2>&1 | head -1); rows: $ROWS"
idle=$(logins 30 | stats)
echo "logins on the idle server: $idle"

admin=$(token admin)
{
  echo "username,display_name,role,school,class"
  for i in $(seq 1 "$ROWS"); do echo "bench.$i,学生$i,student,果洛州雪莲牧区学校,八年级（1）班"; done
} > "$work/roll.csv"
"$JSTAT" -gc "$pid" 1000 > "$work/heap.log" &
jstat_pid=$!
start=$(date +%s%N)
job=$(curl -sf -H "Authorization: Bearer $admin" -H 'Content-Type: text/csv' \
  --data-binary @"$work/roll.csv" "$BASE/api/v1/users/import" | sed -E 's/.*"url":"([^"]+)".*/\1/')
accepted=$(( ($(date +%s%N) - start) / 1000000 ))
busy=$(logins 60 | stats)
while true; do
  state=$(curl -sf -H "Authorization: Bearer $admin" "$BASE$job" | sed -E 's/.*"state":"([a-z]+)".*/\1/')
  [ "$state" = "queued" ] || [ "$state" = "running" ] || break
  sleep 1
done
wall=$(( ($(date +%s%N) - start) / 1000000 ))
kill "$jstat_pid" 2>/dev/null || true
peak=$(awk 'NR > 1 && $1 ~ /^[0-9.]+$/ {used = $3 + $4 + $6 + $8; if (used > max) max = used} END {printf "%.0f", max / 1024}' "$work/heap.log")
echo "import: answered 202 in $accepted ms; job $state after $((wall / 1000)) s; peak heap used ${peak} MB"
echo "logins during the import: $busy"
