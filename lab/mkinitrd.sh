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

# Modules the lab needs (lab/stage-modules.sh adds what they depend on).
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

kver=$(sh "$here/stage-modules.sh" "$ktree" "$stage" $modules)
# The kernel's build configuration, where bench/ looks for it (CONFIG_KVM).
mkdir -p "$stage/boot"
cp "$ktree/root/boot/config-$kver" "$stage/boot/" 2>/dev/null || true

(cd "$stage" && find . | cpio -o -H newc --quiet) > "$output.tmp"
mv "$output.tmp" "$output"
