#!/bin/sh
# Fetches one of Debian's arm64 kernels into the lab cache. The package name
# is resolved from a meta package's dependency, so a new ABI number is picked
# up by itself; the -unsigned flavour is the same kernel without the EFI
# signature wrapper. Prints the unpacked tree's path, with modules.dep
# generated for it (the package's postinst would have done that).
#
#   lab/fetch-kernel.sh CACHE_DIR [KERNEL]
#
# KERNEL (default 6.1)    meta package           suite
#   6.1                   linux-image-arm64      bookworm (the machine's lists)
#   6.1-rt                linux-image-rt-arm64   bookworm
#   6.12                  linux-image-arm64      bookworm-backports
#   6.12-rt               linux-image-rt-arm64   bookworm-backports
set -eu
cache=${1:?usage: fetch-kernel.sh CACHE_DIR [6.1|6.1-rt|6.12|6.12-rt]}
kernel=${2:-6.1}
here=$(dirname "$0")

case $kernel in
6.1) meta=linux-image-arm64 suite="" ;;
6.1-rt) meta=linux-image-rt-arm64 suite="" ;;
6.12) meta=linux-image-arm64 suite=bookworm-backports ;;
6.12-rt) meta=linux-image-rt-arm64 suite=bookworm-backports ;;
*) echo "fetch-kernel: kernel '$kernel': expected 6.1, 6.1-rt, 6.12 or 6.12-rt" >&2; exit 2 ;;
esac
series=${kernel%-rt}
if [ -n "$suite" ]; then
	APT_CONFIG=$(sh "$here/apt-suite.sh" "$cache" "$suite")
	export APT_CONFIG
fi

resolve() {
	apt-cache depends "$meta:arm64" 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^:]*-arm64\)\(:arm64\)\{0,1\}$/\1/p' |
		head -n 1
}
signed=$(resolve)
if [ -z "$signed" ] && [ -z "$suite" ]; then
	apt-get update -qq >/dev/null 2>&1 || true
	signed=$(resolve)
fi
if [ -z "$signed" ]; then
	echo "fetch-kernel: cannot resolve the arm64 kernel package from $meta:arm64${suite:+ in $suite}" >&2
	echo "fetch-kernel: is the arm64 architecture added (dpkg --add-architecture arm64; apt-get update)?" >&2
	exit 1
fi
# The suite moved on (a new series): say so rather than boot another kernel under this name.
case $signed in
linux-image-$series.*) ;;
*) echo "fetch-kernel: $meta${suite:+ in $suite} now depends on $signed, not a $series kernel" >&2; exit 1 ;;
esac
dir=$(sh "$here/fetch-deb.sh" "$cache" "$signed-unsigned:arm64" $suite)
kver=$(ls "$dir/root/lib/modules" | head -n 1)
if [ ! -f "$dir/root/lib/modules/$kver/modules.dep" ]; then
	depmod -b "$dir/root" "$kver"
fi
echo "$dir"
