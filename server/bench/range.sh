#!/usr/bin/env bash
# Range streaming of a 200 MB lesson video to 64 concurrent clients: Classbridge (a signed media
# link, local blob store, sendfile) against nginx (Debian package) serving the same bytes from the
# same disk, in the same run, driven by wrk. Three loads: random 1 MiB ranges, whole files, and
# 1 KiB ranges (per-request cost); then the time to first byte of one more client while 64 stream;
# then 64 clients streaming at a steady pace (server/bench/paced.py), the time to first byte of
# every answer at 1 and at 8 ranges a second per client.
# Usage: server/bench/range.sh [SECONDS]   (default 15; needs wrk, nginx, curl, python3, a built jar)
#   RANGE_PARTS="flood ttfb paced" (the default) picks the parts to run
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_EACH=${1:-15}
PARTS=${RANGE_PARTS:-flood ttfb paced}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
PORT=18111
NGINX_PORT=18112
SIZE=$((200 * 1024 * 1024))
work=$(mktemp -d)
cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
BASE="http://127.0.0.1:$PORT"

# a 200 MB "video": an MP4 ftyp box, then random bytes
{ printf '\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2'; head -c $((SIZE - 24)) /dev/urandom; } > "$work/lesson.mp4"

"$JAVA" ${BENCH_JAVA_OPTS:-} -jar server/target/classbridge.jar --data "$work/data" --port $PORT --host 127.0.0.1 \
  --experiments.port=0 --auth.login.ip-failures=100000 > "$work/server.log" 2>&1 &
server=$!
until curl -sf -m 1 "$BASE/health/ready" > /dev/null; do sleep 0.3; done
token() {
  curl -sf -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"classbridge\"}" \
    "$BASE/api/v1/auth/login" | sed -E 's/.*"token":"([^"]+)".*/\1/'
}
teacher=$(token teacher.xining)
coordinator=$(token coordinator)
id=$(curl -sf -H "Authorization: Bearer $teacher" -H 'Content-Type: application/json' \
  -d '{"kind":"lesson-video","title":"200 MB","stage":"junior","subject":"maths"}' \
  "$BASE/api/v1/resources" | sed -E 's/.*"id":"([^"]+)".*/\1/')
meta="resourceId $(printf %s "$id" | base64 -w0)"
location=$(curl -sf -D - -o /dev/null -X POST -H "Authorization: Bearer $teacher" -H 'Tus-Resumable: 1.0.0' \
  -H "Upload-Length: $SIZE" -H "Upload-Metadata: $meta" "$BASE/api/v1/uploads" | tr -d '\r' | sed -n 's/^Location: //Ip')
curl -sf -X PATCH -H "Authorization: Bearer $teacher" -H 'Tus-Resumable: 1.0.0' -H 'Upload-Offset: 0' \
  -H 'Content-Type: application/offset+octet-stream' --data-binary @"$work/lesson.mp4" "$BASE$location" > /dev/null
etag=$(curl -sf -D - -o /dev/null -H "Authorization: Bearer $coordinator" "$BASE/api/v1/resources/$id" | tr -d '\r' | sed -n 's/^ETag: //Ip')
curl -sf -H "Authorization: Bearer $coordinator" -H 'Content-Type: application/json' -H "If-Match: $etag" \
  -d '{"status":"published"}' "$BASE/api/v1/resources/$id/status" > /dev/null
media=$(curl -sf -H "Authorization: Bearer $teacher" "$BASE/api/v1/resources/$id/play" | sed -E 's/.*"url":"([^"]+)".*/\1/')

mkdir -p "$work/www" "$work/nginx"
cp "$work/lesson.mp4" "$work/www/lesson.mp4"
# nginx's workers run as nobody: let them read the file (mktemp makes the dir owner-only)
chmod 755 "$work" "$work/www"
chmod 644 "$work/www/lesson.mp4"
cat > "$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  # an access log line per request, as Classbridge writes one: the same work on both sides
  access_log $work/nginx/access.log;
  sendfile on;
  tcp_nopush on;
  client_body_temp_path $work/nginx;
  proxy_temp_path $work/nginx;
  fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx;
  scgi_temp_path $work/nginx;
  types { video/mp4 mp4; }
  server { listen 127.0.0.1:$NGINX_PORT; root $work/www; }
}
CONF
nginx -c "$work/nginx.conf" -p "$work/nginx"
until curl -sf -m 1 -o /dev/null -r 0-0 "http://127.0.0.1:$NGINX_PORT/lesson.mp4"; do sleep 0.2; done

cat > "$work/random.lua" <<LUA
math.randomseed(42)
request = function()
  local off = math.random(0, $SIZE - 1048576)
  return wrk.format("GET", nil, { Range = "bytes=" .. off .. "-" .. (off + 1048575) })
end
LUA
cat > "$work/first.lua" <<LUA
request = function()
  return wrk.format("GET", nil, { Range = "bytes=0-1023" })
end
LUA

run() { # LABEL URL [wrk args...]
  local label=$1 url=$2; shift 2
  wrk -t2 -c64 -d"${SECONDS_EACH}s" --latency "$@" "$url" > "$work/wrk.txt" 2>&1
  local rps mbs p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  mbs=$(awk '/Transfer\/sec/ {print $2}' "$work/wrk.txt")
  p50=$(awk '/^ +50%/ {print $2}' "$work/wrk.txt")
  p99=$(awk '/^ +99%/ {print $2}' "$work/wrk.txt")
  echo "| $label | $rps | $mbs | $p50 | $p99 |"
}
# time to first byte of a 65th client while 64 others stream random 1 MiB ranges: 300 requests
# for 1 KiB, one after the other, timed by curl (time_starttransfer); prints p50 and p99 in ms
ttfb() { # URL
  local url=$1
  wrk -t2 -c64 -d120s -s "$work/random.lua" "$url" > /dev/null 2>&1 &
  local load=$!
  sleep 2
  for _ in $(seq 300); do
    curl -s -o /dev/null -r 0-1023 -w '%{time_starttransfer}\n' "$url"
  done | sort -n | awk '{ t[NR] = $1 * 1000 } END { printf "%.2f ms | %.2f ms", t[int(NR * 0.5)], t[int(NR * 0.99)] }'
  kill "$load" 2> /dev/null
  wait "$load" 2> /dev/null || true
}

echo "machine: $(nproc) cores; $("$JAVA" -version 2>&1 | head -1); $(nginx -v 2>&1); wrk -t2 -c64 ${SECONDS_EACH}s"
url_of() { if [ "$1" = nginx ]; then echo "http://127.0.0.1:$NGINX_PORT/lesson.mp4"; else echo "$BASE$media"; fi; }
if [[ " $PARTS " == *" flood "* ]]; then
  echo "| server, load | requests/s | transfer/s | p50 | p99 |"
  echo "|---|---|---|---|---|"
  for load in random whole first; do
    for who in nginx classbridge; do
      url=$(url_of $who)
      case $load in
        random) run "$who, random 1 MiB ranges" "$url" -s "$work/random.lua" ;;
        whole) run "$who, whole 200 MB file" "$url" --timeout 60s ;;
        first) run "$who, 1 KiB ranges (per-request cost)" "$url" -s "$work/first.lua" ;;
      esac
    done
  done
  echo
fi
if [[ " $PARTS " == *" ttfb "* ]]; then
  echo "| server | time to first byte under the random 1 MiB load, p50 | p99 |"
  echo "|---|---|---|"
  echo "| nginx | $(ttfb "$(url_of nginx)") |"
  echo "| classbridge | $(ttfb "$(url_of classbridge)") |"
  echo
fi
if [[ " $PARTS " == *" paced "* ]]; then
  # open loop: each of 64 clients asks for a random 1 MiB range RATE times a second, for 20 s
  # warm both first (page cache, JIT, connection set-up), unmeasured
  for who in nginx classbridge; do python3 server/bench/paced.py "$(url_of $who)" $SIZE 64 8 5 > /dev/null; done
  echo "| server, 64 clients paced | answers/s | time to first byte, p50 | p99 | worst | requests left late |"
  echo "|---|---|---|---|---|---|"
  for rate in 1 8; do
    for who in nginx classbridge; do
      python3 server/bench/paced.py "$(url_of $who)" $SIZE 64 $rate 20 \
        | awk -v w="$who, $rate/s each" '/^RESULT/ {printf "| %s | %s | %s ms | %s ms | %s ms | %s |\n", w, $2, $3, $4, $5, $6}'
    done
  done
fi
