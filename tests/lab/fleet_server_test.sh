#!/bin/sh
# The fleet over SSH (doc/fleet.md): the lab's emulated arm64 server
# (lab/server/boot.sh, `make arm64-server`'s image) booted with SSH
# forwarded to 127.0.0.1:PORT, and this machine itself, in one inventory;
# fleet/playbook.yml pushes the tree's HEAD to both, runs the one-cell
# spec on each as root (natively on the arm64 server, with its own KVM; in
# the lab here), brings both results back, and the fleet page must have
# both hosts' verdicts, the server's run native and aarch64. Nothing but
# the loopback interface is used.
#
# Slow: the server is emulated (TCG), so its build and its KVM guest crawl;
# this is not part of `make check` (make lab-fleet-server runs it).
#
#   tests/lab/fleet_server_test.sh BUILD_DIR CACHE_DIR [PORT] [--no-localhost]
set -u
build=${1:-build} cache=${2:-cache} port=${3:-10223} with_local=1
[ "${4:-}" = --no-localhost ] && with_local=0
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
mkdir -p "$build" "$cache"
build=$(cd "$build" && pwd) cache=$(cd "$cache" && pwd)
work="$build/test-fleet-server"
rm -rf "$work" && mkdir -p "$work"
boot="$top/lab/server/boot.sh"

for need in "$boot" "$top/lab/server/key.sh"; do
	if [ ! -f "$need" ]; then
		echo "fleet-server: SKIP: $need is not in this tree (the arm64 server image, make arm64-server, comes with it)"
		exit 2
	fi
done
if [ ! -f "$cache/server/bookworm-arm64.img" ]; then
	echo "fleet-server: SKIP: no server image in $cache/server (make arm64-server CACHE=$cache builds it, or lab/server/build-image.sh $cache)"
	exit 2
fi
key=$(sh "$top/lab/server/key.sh" "$cache")
trap 'sh "$boot" --cache "$cache" --ssh-port "$port" --stop >/dev/null 2>&1 || true' EXIT
trap 'exit 130' INT TERM
t0=$(date +%s)
sh "$boot" --cache "$cache" --ssh-port "$port" >"$work/boot.log" 2>&1
rc=$?
check "the server boots with SSH on 127.0.0.1:$port (exit $rc; $work/boot.log)" test $rc = 0
[ $rc = 0 ] || { echo "fleet-server: $pass passed, $fail failed"; exit 1; }
echo "server: up after $(( $(date +%s) - t0 )) s"

{
	echo "lab-server ansible_host=127.0.0.1 ansible_port=$port ansible_user=root" \
		"ansible_ssh_private_key_file=$key ansible_python_interpreter=/usr/bin/python3 virqbench_become=false" \
		"virqbench_dest=/var/tmp/virqbench" \
		"ansible_ssh_common_args='-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ServerAliveInterval=30'"
	[ $with_local = 1 ] &&
		echo "localhost ansible_connection=local virqbench_become=false ansible_python_interpreter=/usr/bin/python3" \
			"virqbench_cache=$cache virqbench_dest=$work/dest"
} >"$work/inventory"
t1=$(date +%s)
ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_TIMEOUT=60 \
	ansible-playbook -i "$work/inventory" "$top/fleet/playbook.yml" \
	-e virqbench_spec=fleet/tiny.spec -e "virqbench_fleet_results=$work/results" \
	-e virqbench_stamp=server >"$work/play.log" 2>&1
rc=$?
echo "playbook: $(( $(date +%s) - t1 )) s"
check "the playbook over SSH succeeds (exit $rc; $work/play.log)" test $rc = 0
res="$work/results/fleet-server"
page="$res/page/fleet.html"
check "the server's results came back under results/fleet-<stamp>/lab-server/" test -s "$res/lab-server/summary.csv"
check "the server's run is native (not the lab) on aarch64" sh -c \
	"grep -q '\"lab\": null' '$res/lab-server/meta.json' && grep -q '\"uname_machine\": \"aarch64\"' '$res/lab-server/meta.json'"
check "the fleet page has the server's verdict" sh -c \
	"grep -q '<section class=\"verdict host' '$page' && grep -q 'cell measured' '$page'"
n=$(grep -c '<section class="verdict host' "$page" 2>/dev/null)
check "one verdict per host ($n of $((1 + with_local)))" test "$n" = $((1 + with_local))
sed -n '/TASK \[Show the fleet\]/,/^$/p' "$work/play.log"
echo "fleet-server: $pass passed, $fail failed"
[ "$fail" = 0 ]
