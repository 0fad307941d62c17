#!/usr/bin/env bash
# The main classroom's extra CPU while it records a lesson: the teacher's class page in headless
# Chromium (fake camera and microphone), in class without recording and then recording, the same
# number of seconds each; CPU of that browser's processes from /proc.
# Usage: server/bench/recording-cpu.sh [seconds, default 30]   (after ./mvnw -B -q -DskipTests install)
set -euo pipefail
cd "$(dirname "$0")/../.."
. server/bench/test-classpath.sh
echo "machine: $(nproc) cores; $("$JAVA" -version 2>&1 | head -1); $(chromium --version 2>/dev/null | head -1)"
echo
echo "| the teacher's page | measured for | Chromium CPU (% of one core) |"
echo "|---|---|---|"
(cd server && "$JAVA" -cp "$(echo "$CP" | sed 's#server/target#target#g')" \
  org.classbridge.web.RecordingCpuBench "${1:-30}" 2>/dev/null | grep '^|')
