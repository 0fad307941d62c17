#!/usr/bin/env bash
# Books a term for a scaled-up group (200 classrooms, ~8,000 series sessions, 2,000 single
# bookings) through the HTTP API, on H2 and, when CLASSBRIDGE_TEST_PG_URL names a PostgreSQL, on
# PostgreSQL: bookings/s, p50/p99, and one conflict check's cost as the timetable grows.
# Usage: server/bench/booking.sh   (after ./mvnw -B -q -DskipTests install)
set -euo pipefail
cd "$(dirname "$0")/../.."
. server/bench/test-classpath.sh
echo "machine: $(nproc) cores; $("$JAVA" -version 2>&1 | head -1)"
"$JAVA" -Xmx1g -cp "$CP" org.classbridge.bench.TermBookingBench h2 2>/dev/null | grep -v '^[0-9:.]* \(INFO\|WARN\|DEBUG\)'
if [ -n "${CLASSBRIDGE_TEST_PG_URL:-}" ]; then
  "$JAVA" -Xmx1g -cp "$CP" org.classbridge.bench.TermBookingBench postgres 2>/dev/null | grep -v '^[0-9:.]* \(INFO\|WARN\|DEBUG\)'
fi
