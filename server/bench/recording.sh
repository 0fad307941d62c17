#!/usr/bin/env bash
# A recorded lesson's way into the repository over a shaped uplink (../shared/tools/rural-link;
# needs root): a 720p recording made as the class page makes it (1280x720, 15 fps, VP8 1.2 Mbit/s,
# Opus 64 kbit/s, live WebM without a duration), uploaded with tus in 1 MiB chunks from inside the
# shaped namespace, then converted by the media pipeline on this machine. Prints the upload time,
# the throughput against the link's rate, the conversion time, and both scaled to a 45-minute
# lesson. The recording's length is an argument because 45 minutes at 2 Mbit/s is half an hour of
# upload: the scaled figures are marked as such.
# Usage: server/bench/recording.sh [minutes, default 3] [kbit, default 2000]
#        (after ./mvnw -B -q -DskipTests install)
set -euo pipefail
cd "$(dirname "$0")/../.."
MINUTES=${1:-3}
KBIT=${2:-2000}
LINK=${RURAL_LINK:-../shared/tools/rural-link}
NAME=cbrec
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
[ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ] && JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
work=$(mktemp -d /tmp/cb-recording.XXXXXX)
cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  "$LINK" down "$NAME" > /dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
"$LINK" down "$NAME" > /dev/null 2>&1 || true
host=$("$LINK" up "$NAME" "$KBIT" | tail -1)
port=18090
base="http://$host:$port"

CLASSBRIDGE_DATA="$work/data" CLASSBRIDGE_HOST="$host" CLASSBRIDGE_PORT=$port \
  CLASSBRIDGE_MEDIA_CONCURRENCY=1 "$JAVA" -jar server/target/classbridge.jar > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do curl -sf "$base/health/ready" > /dev/null && break; sleep 0.5; done
json() { python3 -c "import sys,json; d=json.load(sys.stdin); print($1)"; }
login() {
  curl -sf "$base/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"classbridge\"}" | json 'd.get("accessToken") or d.get("token")'
}
auth="Authorization: Bearer $(login teacher.xining)"
admin="Authorization: Bearer $(login admin)"
# let the demo library's own conversions finish first: the recording is measured alone
idle() {
  curl -sf -H "$admin" "$base/metrics" > "$work/metrics"
  grep -Eq 'classbridge_transcode_jobs\{state="queued",?\} 0\.0' "$work/metrics" &&
    grep -Eq 'classbridge_transcode_jobs\{state="running",?\} 0\.0' "$work/metrics"
}
until grep -q "published:" "$work/server.log" && idle; do sleep 2; done

# the recording, as MediaRecorder writes it (the bundled ffmpeg the server extracted)
ffmpeg=$(find "$work/data" -name ffmpeg -type f | head -1)
LD_LIBRARY_PATH="$(dirname "$ffmpeg")" "$ffmpeg" -v error -f lavfi -i "testsrc2=size=1280x720:rate=15" \
  -f lavfi -i "sine=frequency=440:sample_rate=48000" -t $((MINUTES * 60)) \
  -c:v libvpx -deadline realtime -cpu-used 8 -b:v 1200k -c:a libopus -b:a 64k -live 1 -f webm \
  "$work/recording.webm"
size=$(stat -c %s "$work/recording.webm")

# the draft lesson of a past demo class, then the tus upload created from the host
session=$(curl -sf -H "$auth" "$base/api/v1/me/timetable?from=2026-11-23&to=2026-11-27" | json 'd["items"][0]["id"]')
resource=$(curl -sf -X POST -H "$auth" -H 'content-type: application/json' -d '{}' \
  "$base/api/v1/sessions/$session/recordings" | json 'd["resourceId"]')
b64() { printf '%s' "$1" | base64 -w0; }
location=$(curl -sf -D - -o /dev/null -X POST -H "$auth" -H 'Tus-Resumable: 1.0.0' \
  -H "Upload-Length: $size" -H "Upload-Metadata: resourceId $(b64 "$resource"),filename $(b64 lesson.webm)" \
  "$base/api/v1/uploads" | tr -d '\r' | awk -F': ' 'tolower($1)=="location" {print $2}')
case "$location" in http*) ;; *) location="$base$location" ;; esac

# the upload from inside the shaped namespace, 1 MiB at a time, as the page's tus client sends it
chunk=$((1024 * 1024))
t0=$(date +%s.%N)
"$LINK" exec "$NAME" bash -c '
  offset=0
  while [ "$offset" -lt "$2" ]; do
    dd if="$1" bs=1M skip=$((offset / 1048576)) count=1 status=none > "$1.part"
    offset=$(curl -sf -D - -o /dev/null -X PATCH -H "$3" -H "Tus-Resumable: 1.0.0" \
      -H "Upload-Offset: $offset" -H "Content-Type: application/offset+octet-stream" \
      --data-binary @"$1.part" "$4" | tr -d "\r" | awk -F": " "tolower(\$1)==\"upload-offset\" {print \$2}")
    [ -n "$offset" ] || { echo "upload failed" >&2; exit 1; }
  done' _ "$work/recording.webm" "$size" "$auth" "$location"
t1=$(date +%s.%N)
until curl -sf -H "$auth" "$base/api/v1/resources/$resource/media" | json 'd.get("ready", False)' | grep -q True; do
  sleep 1
  if curl -sf -H "$auth" "$base/api/v1/resources/$resource/media" | grep -q '"failed"'; then
    echo "conversion failed"; tail -5 "$work/server.log"; exit 1
  fi
done
t2=$(date +%s.%N)

python3 - "$MINUTES" "$KBIT" "$size" "$t0" "$t1" "$t2" << 'EOF'
import sys
minutes, kbit, size, t0, t1, t2 = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), *map(float, sys.argv[4:])
up, conv = t1 - t0, t2 - t1
rate = size * 8 / up / 1000
scale = 45 / minutes
print(f"machine: 2 cores; link: tc tbf {kbit} kbit/s each way (rural-link), no added delay")
print()
print("| recording | size | upload | throughput (ratio to the link) | conversion after upload |")
print("|---|---|---|---|---|")
print(f"| {minutes} min 720p, measured | {size / 1e6:.1f} MB | {up:.0f} s | {rate:.0f} kbit/s ({rate / kbit:.2f}) | {conv:.0f} s |")
print(f"| 45 min 720p, scaled from it | {size * scale / 1e6:.0f} MB | {up * scale / 60:.0f} min | same | {conv * scale / 60:.1f} min |")
EOF
