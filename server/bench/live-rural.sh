#!/usr/bin/env bash
# A live class as a pastoral school sees it: the receiving classroom's Chromium runs inside a shaped
# network namespace (../shared/tools/rural-link, 400 kbit/s each way by default; needs root), the
# teacher's on this machine; prints what the receiving room gets in each quality mode.
# Usage: server/bench/live-rural.sh [kbit]   (after ./mvnw -B -q -DskipTests install)
set -euo pipefail
cd "$(dirname "$0")/../.."
KBIT=${1:-400}
LINK=${RURAL_LINK:-../shared/tools/rural-link}
NAME=cblive
cleanup() {
  [ -n "${driver_pid:-}" ] && kill "$driver_pid" 2>/dev/null || true
  "$LINK" down "$NAME" > /dev/null 2>&1 || true
}
trap cleanup EXIT
. server/bench/test-classpath.sh
"$LINK" down "$NAME" > /dev/null 2>&1 || true
host=$("$LINK" up "$NAME" "$KBIT" | tail -1)
inside=$(echo "$host" | awk -F. '{print $1"."$2"."$3"."$4+1}')
"$LINK" exec "$NAME" /usr/bin/chromedriver --port=9515 --allowed-ips="$host" > /dev/null 2>&1 &
driver_pid=$!
for _ in $(seq 1 50); do curl -s -m 1 "http://$inside:9515/status" > /dev/null && break; sleep 0.2; done
echo "machine: $(nproc) cores; $("$JAVA" -version 2>&1 | head -1); link: $KBIT kbit/s each way (tc tbf, no added delay)"
"$JAVA" -cp "$CP" org.classbridge.web.LiveRuralBench "$host" "http://$inside:9515" 2>/dev/null \
  | grep -v '^[0-9:.TZ-]* \(INFO\|WARN\|DEBUG\)'
