#!/bin/sh
# Downloads one Debian package (any architecture) into the lab cache and
# unpacks it there, without installing it on this machine. Prints the path
# of the unpacked tree. A second call with the same package is free.
#
#   lab/fetch-deb.sh CACHE_DIR PACKAGE[:ARCH] [SUITE]
#
# Without SUITE the machine's own package lists decide the version. With
# SUITE (bookworm-backports), apt reads that suite alone through lists kept
# in CACHE_DIR/apt/SUITE: this machine's sources are never changed, and a
# machine that does not list the suite fetches from it all the same.
set -eu
usage="usage: fetch-deb.sh CACHE_DIR PACKAGE[:ARCH] [SUITE]"
cache=${1:?$usage}
pkg=${2:?$usage}
suite=${3:-}
here=$(dirname "$0")

if [ -n "$suite" ]; then
	APT_CONFIG=$(sh "$here/apt-suite.sh" "$cache" "$suite")
	export APT_CONFIG
fi
candidate() {
	apt-cache policy "$pkg" 2>/dev/null | sed -n 's/^ *Candidate: //p'
}
ver=$(candidate)
if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
	apt-get update -qq >/dev/null 2>&1 || true
	ver=$(candidate)
fi
if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
	echo "fetch-deb: no candidate version of $pkg in the package lists${suite:+ of $suite}" >&2
	echo "fetch-deb: for :arm64 packages: dpkg --add-architecture arm64 && apt-get update" >&2
	exit 1
fi
dir="$cache/debs/$(echo "${pkg}_$ver" | tr ':/' '__')"
if [ -f "$dir/.unpacked" ]; then
	echo "$dir"
	exit 0
fi
rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
# apt drops privileges to _apt for downloads; a root-owned cache is fine to write as root.
(cd "$dir.tmp" && apt-get download -q -o APT::Sandbox::User=root "$pkg=$ver" >&2)
deb=$(ls "$dir.tmp"/*.deb)
dpkg-deb -x "$deb" "$dir.tmp/root"
rm -f "$deb"
touch "$dir.tmp/.unpacked"
rm -rf "$dir" && mv "$dir.tmp" "$dir"
echo "$dir"
