#!/bin/sh
# Prints the path of an apt configuration that reads one more Debian suite
# (bookworm-backports) for amd64 and arm64, with its lists in
# CACHE_DIR/apt/SUITE, and fetches those lists when they are missing or a
# day old. Use it as APT_CONFIG for apt-cache and apt-get download; the
# machine's own sources.list and lists stay as they are.
#
#   lab/apt-suite.sh CACHE_DIR SUITE
set -eu
usage="usage: apt-suite.sh CACHE_DIR SUITE"
cache=${1:?$usage}
suite=${2:?$usage}
case $suite in
bookworm-backports) ;;
*) echo "apt-suite: suite '$suite': expected bookworm-backports" >&2; exit 2 ;;
esac
mkdir -p "$cache/apt/$suite"
root=$(cd "$cache/apt/$suite" && pwd)
mkdir -p "$root/lists/partial" "$root/archives/partial" "$root/sources.list.d"
conf="$root/apt.conf"
if [ ! -f "$conf" ]; then
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $suite main" \
		> "$root/sources.list"
	cat > "$conf.tmp" <<EOF
Dir::Etc::SourceList "$root/sources.list";
Dir::Etc::SourceParts "$root/sources.list.d";
Dir::State::Lists "$root/lists";
Dir::Cache "$root";
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
APT::Architectures { "amd64"; "arm64"; };
APT::Sandbox::User "root";
EOF
	mv "$conf.tmp" "$conf"
fi
if [ -z "$(find "$root/lists" -maxdepth 1 -name '*_Packages*' -mtime -1)" ]; then
	APT_CONFIG=$conf apt-get update -qq >/dev/null 2>&1 || {
		echo "apt-suite: apt-get update of $suite failed (is deb.debian.org reachable?)" >&2
		exit 1
	}
fi
echo "$conf"
