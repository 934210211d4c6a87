#!/bin/sh
# Prints the path of the SSH key that logs in to the ARM server as root
# (CACHE/server/id_ed25519, made on first use; its .pub is baked into the image).
#
#   lab/server/key.sh CACHE_DIR
set -eu
cache=${1:?usage: key.sh CACHE_DIR}
mkdir -p "$cache/server"
key=$(cd "$cache/server" && pwd)/id_ed25519
if [ ! -f "$key" ]; then
	ssh-keygen -q -t ed25519 -N '' -C vqb-server -f "$key.tmp"
	mv "$key.tmp.pub" "$key.pub"
	mv "$key.tmp" "$key"
fi
echo "$key"
