#!/usr/bin/env bash
# The web app's first load as a pastoral school sees it: a cold headless Chromium inside a shaped
# network namespace (../shared/tools/rural-link, tc rate limit) opens the Chinese login page and a
# coordinator logs in. Also run unshaped (same namespace, no limit... the veth at 1 Gbit/s) as the
# floor. Needs root, Debian chromium and chromium-driver, and a built jar.
# Usage: server/bench/first-load.sh [KBIT] [RUNS]   (defaults 400 and 5)
set -euo pipefail
cd "$(dirname "$0")/../.."
KBIT=${1:-400}
RUNS=${2:-5}
LINK=${RURAL_LINK:-../shared/tools/rural-link}
PORT=18098
work=$(mktemp -d)
. server/bench/test-classpath.sh

cleanup() {
  [ -n "${driver:-}" ] && kill "$driver" 2>/dev/null || true
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null || true
  "$LINK" down cbshaped 2>/dev/null || true
  "$LINK" down cbfloor 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$JAVA" -jar server/target/classbridge.jar --data "$work/data" --port $PORT --host 0.0.0.0 \
  > "$work/server.log" 2>&1 &
server=$!
until curl -sf -m 1 "http://127.0.0.1:$PORT/health/ready" > /dev/null; do sleep 0.3; done

measure() { # NAME KBIT LABEL
  local host peer
  host=$("$LINK" up "$1" "$2")
  peer="${host%.*}.$(( ${host##*.} + 1 ))"
  "$LINK" exec "$1" /usr/bin/chromedriver --port=9515 --allowed-ips="$host" > "$work/driver-$1.log" 2>&1 &
  driver=$!
  until curl -sf -m 1 "http://$peer:9515/status" > /dev/null; do sleep 0.3; done
  "$JAVA" -cp "$CP" org.classbridge.bench.FirstLoadBench "http://$peer:9515" "http://$host:$PORT/" "$3" "$RUNS" 2>"$work/bench-$1.err" || { tail -20 "$work/bench-$1.err"; tail -5 "$work/driver-$1.log"; }
  kill "$driver" 2>/dev/null || true
  wait "$driver" 2>/dev/null || true
  driver=
  "$LINK" down "$1"
}

echo "machine: $(nproc) cores; $(/usr/bin/chromium --version 2>/dev/null); runs: $RUNS, medians"
echo "| link | login page transferred | login form usable after | login click to dashboard | API requests until the dashboard | dashboard transferred |"
echo "|---|---|---|---|---|---|"
measure cbfloor 1000000 "unshaped veth (floor)"
measure cbshaped "$KBIT" "$KBIT kbit/s"
