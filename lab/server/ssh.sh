#!/bin/sh
# Runs ssh as root into the ARM server on 127.0.0.1:PORT (lab/server/boot.sh),
# with the cache's key. The host key is not checked: every image rebuild
# makes a new one, and the port is on loopback only.
#
#   lab/server/ssh.sh [--cache DIR] --ssh-port PORT [SSH_ARGS...] [COMMAND...]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cache=cache port=""
while [ $# -gt 0 ]; do
	case $1 in
	--cache) cache=$2; shift 2 ;;
	--ssh-port) port=$2; shift 2 ;;
	*) break ;;
	esac
done
case $port in ''|*[!0-9]*) echo "server: --ssh-port '$port': expected a port number" >&2; exit 2 ;; esac
exec ssh -i "$(sh "$here/key.sh" "$cache")" -p "$port" -o BatchMode=yes \
	-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
	-o ServerAliveInterval=30 -o ServerAliveCountMax=20 root@127.0.0.1 "$@"
