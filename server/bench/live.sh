#!/usr/bin/env bash
# Live classroom signalling at scale: 2,000 simulated classrooms in 500 sessions relaying messages
# through the EventBus bridge, against a raw Vert.x WebSocket relay (the floor) in the same run;
# then a join storm of 20 classrooms within one second.
# Usage: server/bench/live.sh [sessions]   (after ./mvnw -B -q -DskipTests install)
set -euo pipefail
cd "$(dirname "$0")/../.."
. server/bench/test-classpath.sh
echo "machine: $(nproc) cores; $("$JAVA" -version 2>&1 | head -1)"
"$JAVA" -Xmx${LIVE_BENCH_HEAP:-2g} -cp "$CP" org.classbridge.live.LiveBench "${1:-500}" 2>/dev/null \
  | grep -v '^[0-9:.TZ-]* \(INFO\|WARN\|DEBUG\)'
