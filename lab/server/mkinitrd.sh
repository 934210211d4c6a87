#!/bin/sh
# Builds the ARM server's initramfs: busybox, lab/server/init, and the
# modules that mount its root disk and bring up its network.
#
#   lab/server/mkinitrd.sh KERNEL_TREE BUSYBOX_TREE OUTPUT
set -eu
ktree=${1:?usage: mkinitrd.sh KERNEL_TREE BUSYBOX_TREE OUTPUT}
bbtree=${2:?usage: mkinitrd.sh KERNEL_TREE BUSYBOX_TREE OUTPUT}
output=${3:?usage: mkinitrd.sh KERNEL_TREE BUSYBOX_TREE OUTPUT}
here=$(cd "$(dirname "$0")" && pwd)

stage=$(mktemp -d "${output}.stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin"
cp "$bbtree/root/bin/busybox" "$stage/bin/busybox"
cp "$here/init" "$stage/init"
chmod 755 "$stage/init"
sh "$here/../stage-modules.sh" "$ktree" "$stage" virtio_mmio virtio_blk ext4 crc32c_generic virtio_net >/dev/null
(cd "$stage" && find . | cpio -o -H newc --quiet) | gzip -1 > "$output.tmp"
mv "$output.tmp" "$output"
