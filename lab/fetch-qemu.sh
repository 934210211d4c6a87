#!/bin/sh
# Prints the qemu-system-aarch64 command the lab boots with.
#
#   lab/fetch-qemu.sh CACHE_DIR [7.2|10.0]
#
# 7.2 (the default) is Debian 12's own QEMU, installed by lab/install-deps.sh.
# 10.0 is bookworm-backports' qemu-system-arm, unpacked into the cache and
# never installed: the system's QEMU stays as it is. It runs on the system's
# libraries; a library package it needs that this machine lacks is unpacked
# beside it, and the printed command is a wrapper that puts them on
# LD_LIBRARY_PATH.
set -eu
cache=${1:?usage: fetch-qemu.sh CACHE_DIR [7.2|10.0]}
want=${2:-7.2}
here=$(dirname "$0")

version_of() { "$1" --version 2>/dev/null | sed -n '1s/^QEMU emulator version \([0-9]*\.[0-9]*\).*/\1/p'; }

case $want in
7.2)
	qemu=$(command -v qemu-system-aarch64) || {
		echo "fetch-qemu: qemu-system-aarch64 is not installed (lab/install-deps.sh installs it)" >&2
		exit 1
	}
	got=$(version_of "$qemu")
	[ "$got" = 7.2 ] ||
		echo "fetch-qemu: note: the system's QEMU is $got, not 7.2; the lab boots it" >&2
	echo "$qemu"
	exit 0
	;;
10.0) suite=bookworm-backports ;;
*) echo "fetch-qemu: QEMU '$want': expected 7.2 or 10.0" >&2; exit 2 ;;
esac

dir=$(sh "$here/fetch-deb.sh" "$cache" qemu-system-arm "$suite")
wrapper="$dir/qemu-system-aarch64"
if [ ! -x "$wrapper" ]; then
	libs=""
	export APT_CONFIG
	APT_CONFIG=$(sh "$here/apt-suite.sh" "$cache" "$suite")
	# Every library it depends on that this machine does not have, unpacked here.
	for dep in $(apt-cache depends qemu-system-arm:amd64 2>/dev/null |
		sed -n 's/^ *Depends: \([a-z0-9][^ :]*\).*/\1/p' | grep '^lib'); do
		dpkg-query -W -f='${Status}' "$dep" 2>/dev/null | grep -q "ok installed" && continue
		d=$(sh "$here/fetch-deb.sh" "$cache" "$dep:amd64" "$suite")
		libs="$libs${libs:+:}$d/root/usr/lib/x86_64-linux-gnu:$d/root/lib/x86_64-linux-gnu"
	done
	cat > "$wrapper.tmp" <<EOF
#!/bin/sh
# bookworm-backports' QEMU, unpacked by lab/fetch-qemu.sh
${libs:+LD_LIBRARY_PATH="$libs\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}" }exec "$dir/root/usr/bin/qemu-system-aarch64" "\$@"
EOF
	chmod 755 "$wrapper.tmp"
	mv "$wrapper.tmp" "$wrapper"
fi
got=$(version_of "$wrapper")
if [ "$got" != "$want" ]; then
	echo "fetch-qemu: $wrapper says it is QEMU '$got', not $want:" >&2
	"$wrapper" --version >&2 || true
	exit 1
fi
echo "$wrapper"
