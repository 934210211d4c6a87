#!/bin/sh
# Fetches Debian's arm64 kernel into the lab cache. The package name is
# resolved from the linux-image-arm64 meta package, so a new ABI number is
# picked up by itself; the -unsigned flavour is the same kernel without the
# EFI signature wrapper. Prints the unpacked tree's path, with modules.dep
# generated for it (the package's postinst would have done that).
#
#   lab/fetch-kernel.sh CACHE_DIR
set -eu
cache=${1:?usage: fetch-kernel.sh CACHE_DIR}
here=$(dirname "$0")

resolve() {
	apt-cache depends linux-image-arm64:arm64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^:]*-arm64\)\(:arm64\)\{0,1\}$/\1/p' |
		head -n 1
}
signed=$(resolve)
if [ -z "$signed" ]; then
	apt-get update -qq >/dev/null 2>&1 || true
	signed=$(resolve)
fi
if [ -z "$signed" ]; then
	echo "fetch-kernel: cannot resolve the arm64 kernel package from linux-image-arm64:arm64" >&2
	echo "fetch-kernel: is the arm64 architecture added (dpkg --add-architecture arm64; apt-get update)?" >&2
	exit 1
fi
dir=$(sh "$here/fetch-deb.sh" "$cache" "$signed-unsigned:arm64")
kver=$(ls "$dir/root/lib/modules" | head -n 1)
if [ ! -f "$dir/root/lib/modules/$kver/modules.dep" ]; then
	depmod -b "$dir/root" "$kver"
fi
echo "$dir"
