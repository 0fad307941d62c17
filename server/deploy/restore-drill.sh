#!/bin/sh
# Restore drill: a production backup into a spare database and bucket, to prove it restores
# (run it every term; a backup that was never restored is a hope). The live installation is not
# touched. Then start one node on the drill database and bucket and open a lesson.
# usage: server/deploy/restore-drill.sh BACKUP_DIR [DUMP_FILE]
set -eu
dir=${1:?backup directory}
dump=${2:-$(ls -1 "$dir"/db/*.dump | tail -1)}
drill=${DRILL_DATABASE:-classbridge_drill}
bucket=${DRILL_BUCKET:-classbridge-drill}
dropdb --if-exists "$drill"
createdb "$drill"
pg_restore --no-owner --exit-on-error --dbname="$drill" "$dump"
mc mb --ignore-existing "classbridge/$bucket"
mc mirror --quiet "$dir/blobs/" "classbridge/$bucket"
echo "restored $dump into database $drill and bucket $bucket; now start a node with"
echo "  CLASSBRIDGE_DB_URL=jdbc:postgresql://\$PGHOST:5432/$drill CLASSBRIDGE_BLOB_MINIO_BUCKET=$bucket"
echo "and the production secrets, and play a lesson"
