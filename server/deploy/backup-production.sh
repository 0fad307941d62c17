#!/bin/sh
# Backup of a production Classbridge (PostgreSQL + MinIO): the database first, then the blobs.
# Blobs are content-addressed and never change, so a mirror taken after the dump holds every blob
# the dump names; mc mirror copies only what is new since the last run.
# usage: server/deploy/backup-production.sh BACKUP_DIR
# needs: pg_dump (PGHOST, PGUSER, PGPASSWORD or ~/.pgpass, PGDATABASE), mc with an alias
#        "classbridge" for the MinIO (mc alias set classbridge http://minio:9000 USER SECRET)
set -eu
dir=${1:?backup directory}
bucket=${CLASSBRIDGE_BUCKET:-classbridge}
stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
mkdir -p "$dir/db" "$dir/blobs"
pg_dump --format=custom --file="$dir/db/classbridge-$stamp.dump.part"
mv "$dir/db/classbridge-$stamp.dump.part" "$dir/db/classbridge-$stamp.dump"
mc mirror --quiet "classbridge/$bucket" "$dir/blobs/"
echo "backup: $dir/db/classbridge-$stamp.dump and $dir/blobs/"
echo "keep the nodes' secrets (auth.jwt-keys, catalogue.pseudonym-key, ice.turn-secret) with it"
