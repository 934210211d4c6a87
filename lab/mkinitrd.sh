#!/bin/sh
# Builds the lab's initramfs: busybox, the suite's aarch64 binaries, the
# kernel modules the lab loads, and the job to run.
#
#   lab/mkinitrd.sh KERNEL_TREE BUSYBOX_TREE ARM_OUT JOB_FILE OUTPUT [EXTRA_MODULES]
#
# EXTRA_MODULES (lab/run.sh --modules) are carried too, with what they
# depend on, for the job to modprobe (a NIC's own driver, say).
set -eu
ktree=$1 bbtree=$2 arm_out=$3 job=$4 output=$5 extra_modules=${6:-}
here=$(dirname "$0")

# Modules the lab needs, with what modules.dep says they depend on. A module
# the kernel has built in (modules.builtin) is not needed; one marked "?"
# may be gone altogether: vfio_virqfd is part of vfio since Linux 6.2.
modules="virtio_mmio virtio_blk vfio vfio_iommu_type1 vfio_virqfd? vfio-pci-core vfio-pci $extra_modules"

stage=$(mktemp -d "${output}.stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/etc/virqbench" "$stage/opt/virqbench"
cp "$bbtree/root/bin/busybox" "$stage/bin/busybox"
cp "$here/init" "$stage/init"
chmod 755 "$stage/init"
cp "$job" "$stage/etc/virqbench/job"
cp "$here/snapshot" "$stage/etc/virqbench/snapshot"
chmod 755 "$stage/etc/virqbench/snapshot"
for f in virqbench virqtrace guest-agent.bin; do
	cp "$arm_out/$f" "$stage/opt/virqbench/$f"
done

kver=$(ls "$ktree/root/lib/modules" | head -n 1)
mdir="$ktree/root/lib/modules/$kver"
dep="$mdir/modules.dep"
want=""
for m in $modules; do
	name=${m%\?}
	# Debian compresses modules from 6.3 on (.ko.xz); 6.1's are plain .ko.
	if line=$(grep -E "/$name\.ko(\.xz|\.zst|\.gz)?:" "$dep"); then
		want="$want ${line%%:*} ${line#*:}"
	elif grep -qE "/$name\.ko$" "$mdir/modules.builtin"; then
		:
	elif [ "$name" = "$m" ]; then
		echo "mkinitrd: module $name is neither in $dep nor built in" >&2
		exit 1
	fi
done
# busybox's insmod takes plain .ko files only: decompress here.
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
# The kernel's build configuration, where bench/ looks for it (CONFIG_KVM).
mkdir -p "$stage/boot"
cp "$ktree/root/boot/config-$kver" "$stage/boot/" 2>/dev/null || true

(cd "$stage" && find . | cpio -o -H newc --quiet) > "$output.tmp"
mv "$output.tmp" "$output"
