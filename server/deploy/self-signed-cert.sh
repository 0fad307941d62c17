#!/bin/sh
# Makes a self-signed certificate for the proxy when the bureau has none yet (browsers will warn;
# put the real tls.crt and tls.key in the same directory when they come).
# usage: server/deploy/self-signed-cert.sh DIR HOSTNAME
set -eu
dir=${1:?directory for tls.crt and tls.key}
host=${2:?the public host name}
mkdir -p "$dir"
if [ -s "$dir/tls.crt" ] && [ -s "$dir/tls.key" ]; then
  echo "keeping the certificate in $dir"
  exit 0
fi
case "$host" in
  *[!0-9.]*) san="DNS:$host" ;;
  *) san="IP:$host" ;;
esac
openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=$host" \
  -addext "subjectAltName=$san" -keyout "$dir/tls.key" -out "$dir/tls.crt" 2>/dev/null
chmod 600 "$dir/tls.key"
echo "self-signed certificate for $host in $dir"
