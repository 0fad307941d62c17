#!/usr/bin/env bash
# Transcode time per minute of 720p source, per rung, through the media pipeline against the same
# ffmpeg command run directly (the floor), on this machine's cores; then one whole job.
# Usage: server/bench/transcode.sh [seconds of source, default 60] [runs, default 3]
#        (after ./mvnw -B -q -DskipTests install)
set -euo pipefail
cd "$(dirname "$0")/../.."
. server/bench/test-classpath.sh
echo "machine: $(nproc) cores; $("$JAVA" -version 2>&1 | head -1)"
(cd server && "$JAVA" -cp "$(echo "$CP" | sed 's#server/target#target#g')" \
  org.classbridge.transcode.TranscodeBench "${1:-60}" "${2:-3}" 2>/dev/null)
