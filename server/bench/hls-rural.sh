#!/usr/bin/env bash
# A converted lesson played as a pastoral school sees it: the pupil's Chromium runs inside a shaped
# network namespace (../shared/tools/rural-link; needs root), the server on this machine; prints
# time to picture, stalls and the rungs played, for each link rate given.
# Usage: server/bench/hls-rural.sh [seconds to play, default 90] [kbit ...]   (default: 2000 400)
#        (after ./mvnw -B -q -DskipTests install)
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_TO_PLAY=${1:-90}
shift || true
RATES=("${@:-2000 400}")
LINK=${RURAL_LINK:-../shared/tools/rural-link}
NAME=cbhls
cleanup() {
  [ -n "${driver_pid:-}" ] && kill "$driver_pid" 2>/dev/null || true
  "$LINK" down "$NAME" > /dev/null 2>&1 || true
}
trap cleanup EXIT
. server/bench/test-classpath.sh
echo "machine: $(nproc) cores; $("$JAVA" -version 2>&1 | head -1); links: tc tbf each way, no added delay"
echo
echo "| link | click to moving picture | stalls after start | stalled for | rungs played (timeupdates per level) | fetched (kbit/s of play) |"
echo "|---|---|---|---|---|---|"
for KBIT in ${RATES[@]}; do
  "$LINK" down "$NAME" > /dev/null 2>&1 || true
  host=$("$LINK" up "$NAME" "$KBIT" | tail -1)
  inside=$(echo "$host" | awk -F. '{print $1"."$2"."$3"."$4+1}')
  "$LINK" exec "$NAME" /usr/bin/chromedriver --port=9515 --allowed-ips="$host" > /dev/null 2>&1 &
  driver_pid=$!
  for _ in $(seq 1 50); do curl -s -m 1 "http://$inside:9515/status" > /dev/null && break; sleep 0.2; done
  (cd server && "$JAVA" -cp "$(echo "$CP" | sed 's#server/target#target#g')" \
    org.classbridge.web.HlsRuralBench "$host" "http://$inside:9515" "$KBIT" "$SECONDS_TO_PLAY" 2>/tmp/hls-rural-$KBIT.err \
    | grep -v '^[0-9:.TZ-]* \(INFO\|WARN\|DEBUG\)' || true)
  kill "$driver_pid" 2>/dev/null || true
  driver_pid=
done
