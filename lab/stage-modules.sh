#!/bin/sh
# Copies kernel modules, with every module modules.dep says they depend on,
# from an unpacked kernel package into an initramfs staging tree, plain
# (busybox's insmod reads no compressed module), and runs depmod there.
#
#   lab/stage-modules.sh KERNEL_TREE STAGE MODULE...
#
# A module the kernel has built in (modules.builtin) is not needed; one
# marked "?" may be gone altogether (vfio_virqfd is part of vfio since Linux
# 6.2). Prints the kernel release.
set -eu
usage="usage: stage-modules.sh KERNEL_TREE STAGE MODULE..."
ktree=${1:?$usage}
stage=${2:?$usage}
shift 2

kver=$(ls "$ktree/root/lib/modules" | head -n 1)
mdir="$ktree/root/lib/modules/$kver"
dep="$mdir/modules.dep"
want=""
for m in "$@"; do
	name=${m%\?}
	# Debian compresses modules from 6.3 on (.ko.xz); 6.1's are plain .ko.
	if line=$(grep -E "/$name\.ko(\.xz|\.zst|\.gz)?:" "$dep"); then
		want="$want ${line%%:*} ${line#*:}"
	elif grep -qE "/$name\.ko$" "$mdir/modules.builtin"; then
		:
	elif [ "$name" = "$m" ]; then
		echo "stage-modules: module $name is neither in $dep nor built in" >&2
		exit 1
	fi
done
for ko in $(echo $want | tr ' ' '\n' | sort -u); do
	plain=${ko%.xz} plain=${plain%.zst} plain=${plain%.gz}
	mkdir -p "$stage/lib/modules/$kver/$(dirname "$ko")"
	case $ko in
	*.xz) xz -dc "$mdir/$ko" ;;
	*.zst) zstd -qdc "$mdir/$ko" ;;
	*.gz) gzip -dc "$mdir/$ko" ;;
	*) cat "$mdir/$ko" ;;
	esac > "$stage/lib/modules/$kver/$plain"
done
cp "$mdir/modules.order" "$mdir/modules.builtin" "$mdir/modules.builtin.modinfo" \
	"$stage/lib/modules/$kver/"
# modules.order names the packaged (compressed) files; depmod reads what is staged.
sed -i 's/\.ko\.\(xz\|zst\|gz\)$/.ko/' "$stage/lib/modules/$kver/modules.order"
depmod -b "$stage" "$kver"
echo "$kver"
