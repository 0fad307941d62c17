#!/usr/bin/env bash
# A 2 GiB upload through tus into Classbridge (-Xmx256m, MinIO backend) against a raw MinIO SDK
# putObject into the same S3 server (S3Proxy) in the same run; peak heap of the server by jstat.
# Usage: server/bench/upload.sh   (after ./mvnw -B -q -DskipTests install; needs ~8 GB of /tmp)
set -euo pipefail
cd "$(dirname "$0")/../.."
. server/bench/test-classpath.sh
echo "machine: $(nproc) cores; $("$JAVA" -version 2>&1 | head -1); 2 GiB, S3Proxy (filesystem) in the bench JVM"
echo "| upload | wall time | throughput | server heap |"
echo "|---|---|---|---|"
"$JAVA" -Xmx1g -cp "$CP" org.classbridge.bench.UploadBench 2>/dev/null | grep '^|'
