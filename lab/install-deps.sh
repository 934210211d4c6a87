#!/bin/sh
# Installs what virqbench needs to build and to run the lab, from Debian's
# package registry only. Idempotent: asks apt only for what is missing, so a
# prepared machine pays one dpkg query per package.
#
#   lab/install-deps.sh          what make build, bench and check need
#   lab/install-deps.sh server   also what make arm64-server needs to build
#                                and drive its Debian arm64 server image
set -eu

# libclang-rt-14-dev: clang's libFuzzer, ASan and UBSan (make fuzz, unit-asan)
host_pkgs="make gcc clang llvm libclang-rt-14-dev bpftool libbpf-dev libelf-dev gnuplot-nox cpio
	   qemu-system-arm gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu
	   kmod xz-utils zstd"
arm64_pkgs="libbpf-dev:arm64 libelf-dev:arm64 zlib1g-dev:arm64
	    libzstd-dev:arm64"

machine=$(uname -m)
# On an arm64 host the suite runs natively: no cross tools, no emulator.
if [ "$machine" = aarch64 ]; then
	host_pkgs="make gcc clang llvm libclang-rt-14-dev bpftool libbpf-dev libelf-dev zlib1g-dev
		   libzstd-dev gnuplot-nox kmod"
	arm64_pkgs=""
fi
# The fleet's controller side (fleet/playbook.yml, doc/fleet.md, and its
# test, which also reads the CI job files with python3-yaml): Debian's
# ansible-core has every module the playbook uses.
host_pkgs="$host_pkgs ansible-core python3-yaml git"

# lab/server/: debootstrap (--foreign: this machine cannot run arm64
# binaries), mke2fs -d, ssh/scp into the server, git bundle of the tree.
if [ "${1:-}" = server ]; then
	host_pkgs="$host_pkgs debootstrap e2fsprogs openssh-client git"
elif [ -n "${1:-}" ]; then
	echo "install-deps: unknown profile '$1' (expected nothing or 'server')" >&2
	exit 2
fi

missing=""
for p in $host_pkgs $arm64_pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "install-deps: missing packages:$missing" >&2
	echo "install-deps: run as root (or install them) and try again" >&2
	exit 1
fi

if [ -n "$arm64_pkgs" ] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
	dpkg --add-architecture arm64
fi
echo "install-deps: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends $missing >/dev/null
