#!/bin/sh
# `make arm64-server`: the suite's native path, end to end, on a real Debian
# 12 arm64 system. Builds (or reuses) the server image, boots it as the
# lab's emulated ARM server, clones this tree's HEAD inside as a user would,
# runs the README's `make bench` there (install-deps' arm64 branch, the
# Makefile's native build, virqbench-matrix's native run, analysis and
# gnuplot on arm64), brings results/<id> out into this tree's results/, and
# prints `report: results/<id>/report.html`.
#
#   lab/server/bench.sh CACHE_DIR [SPEC] [SSH_PORT]
#
# SPEC is a path inside the tree (default matrix/default.spec, as make bench).
# The step times and the server's provenance go into results/<id>/arm64-server.kv.
set -eu
usage="usage: bench.sh CACHE_DIR [SPEC] [SSH_PORT]"
cache=${1:?$usage}
spec=${2:-matrix/default.spec}
port=${3:-10222}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
[ -f "$top/$spec" ] || { echo "server: spec '$spec': no such file in $top" >&2; exit 2; }
cd "$top"
t0=$(date +%s)
commit=$(git rev-parse HEAD)
step() { echo "server: [$(( $(date +%s) - t0 )) s] $*" >&2; }

if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
	echo "server: note: the server clones HEAD ($(git rev-parse --short HEAD)); uncommitted changes are not in it" >&2
fi
sh lab/install-deps.sh server
step "image"
image=$(sh "$here/build-image.sh" "$cache")
t_image=$(( $(date +%s) - t0 ))

mkdir -p "$cache/server"
work=$(cd "$cache/server" && pwd)/bench-$port
rm -rf "$work" && mkdir -p "$work"
git bundle create -q "$work/virqbench.bundle" HEAD
# The server's writes go to a temporary overlay; stopping it discards them.
trap 'sh "$here/boot.sh" --cache "$cache" --ssh-port "$port" --stop 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM
step "booting the server (ssh port $port)"
sh "$here/boot.sh" --cache "$cache" --ssh-port "$port" --gic 3
t_boot=$(( $(date +%s) - t0 - t_image ))
srv() { sh "$here/ssh.sh" --cache "$cache" --ssh-port "$port" "$@"; }

step "cloning $(git rev-parse --short "$commit") inside"
srv 'cat > /root/virqbench.bundle' < "$work/virqbench.bundle"
srv 'rm -rf /root/virqbench &&' \
	'git -c advice.detachedHead=false clone -q /root/virqbench.bundle /root/virqbench'
step "make bench BENCH_SPEC=$spec inside (log $work/bench.log)"
b0=$(date +%s)
# A pipe's status is tee's: the remote make's own comes back as a last line.
srv "cd /root/virqbench && uname -srm && make bench BENCH_SPEC='$spec';" \
	"echo \"make-bench-status=\$?\"" 2>&1 | tee "$work/bench.log"
rc=$(sed -n 's/^make-bench-status=\([0-9]*\)$/\1/p' "$work/bench.log")
if [ -z "$rc" ]; then
	echo "server: lost the connection to the server during make bench; log: $work/bench.log" >&2
	exit 1
fi
t_bench=$(( $(date +%s) - b0 ))
id=$(sed -n 's|^report: results/\([^/]*\)/report.html$|\1|p' "$work/bench.log" | tail -n 1)
if [ -z "$id" ]; then
	echo "server: make bench inside printed no report line; its log: $work/bench.log" >&2
	exit 1
fi
[ -e "results/$id" ] && { echo "server: results/$id exists here already; the server's run stays in it" >&2; exit 1; }

step "bringing results/$id out"
mkdir -p results
srv "tar -C /root/virqbench/results -cf - '$id'" | tar -C results -xf -
srv 'journalctl -k -b --no-pager' > "results/$id/arm64-server.dmesg.txt" 2>/dev/null || true
cp "$work/bench.log" "results/$id/arm64-server.bench.log"
{
	echo "server_image=$(basename "$image")"
	echo "server_image_inputs_sha256=$(sha256sum < "$image.inputs" | cut -d' ' -f1)"
	echo "server_uname=$(srv 'uname -srm')"
	echo "server_os=$(srv '. /etc/os-release && echo "$PRETTY_NAME"')"
	echo "server_packages=$(srv 'dpkg-query -W | wc -l')"
	echo "server_qemu_cmdline=$(tr '\0' ' ' < "/proc/$(cat "$work/../run-$port/qemu.pid")/cmdline")"
	echo "server_commit=$commit"
	echo "spec=$spec"
	echo "make_bench_status=$rc"
	echo "seconds_image=$t_image"
	echo "seconds_boot=$t_boot"
	echo "seconds_bench=$t_bench"
	echo "seconds_total=$(( $(date +%s) - t0 ))"
} > "results/$id/arm64-server.kv"
step "done: make bench inside took $t_bench s"
echo "total wall time: $(( $(date +%s) - t0 )) s (image $t_image s, boot $t_boot s, make bench $t_bench s)"
echo "report: results/$id/report.html"
exit "$rc"
