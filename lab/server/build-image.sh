#!/bin/sh
# Builds the ARM server's system image, Debian 12 arm64 from the package
# registry, into CACHE/server/, and prints its path. Rebuilt only when an
# input changed (the recipe below, the server's init and provisioning, the
# kernel or busybox package, the SSH key); a second call is free. The
# suite's install-deps.sh is no input: provisioning installs what it names
# on the day the image is built, and `make bench` inside runs it again, so
# a newer tree's packages come through apt at run time, as on any server
# (an hour of emulated dpkg is not worth one new package). `rm CACHE/server/bookworm-arm64.img` forces a rebuild
# (a newer registry then brings newer packages).
#
#   lab/server/build-image.sh CACHE_DIR
#
# This machine cannot execute arm64 binaries (no binfmt_misc, no
# qemu-user), so debootstrap runs here with --foreign (download and unpack)
# and its second stage (dpkg configure) runs in a boot of the image itself
# under the lab's emulated server, followed by lab/server/provision.sh.
# Disk: about 1.8 GiB in the image (a sparse 8 GiB file), 0.4 GiB more
# while building.
set -eu
usage="usage: build-image.sh CACHE_DIR"
cache=${1:?$usage}
here=$(cd "$(dirname "$0")" && pwd)
lab=$(dirname "$here")

mkdir -p "$cache/server"
dir=$(cd "$cache/server" && pwd)
image=$dir/bookworm-arm64.img
size=8G
mirror=http://deb.debian.org/debian
# Bump when a change to this script changes what goes into the image.
recipe=1
# debootstrap's own part: a minimal system that boots to sshd. The suite's
# build dependencies are installed by provision.sh, through apt, inside.
include=systemd-sysv,udev,openssh-server,python3,ca-certificates,iproute2,kmod,git,procps

key=$(sh "$here/key.sh" "$cache")
ktree=$(sh "$lab/fetch-kernel.sh" "$cache" 6.1)
bbtree=$(sh "$lab/fetch-deb.sh" "$cache" busybox-static:arm64)
kver=$(ls "$ktree/root/lib/modules" | head -n 1)

inputs=$(
	cd "$lab" && cat server/init server/mkinitrd.sh server/provision.sh stage-modules.sh |
		sha256sum | cut -d' ' -f1
	echo "recipe $recipe: $include $mirror $size"
	basename "$ktree"
	basename "$bbtree"
	cat "$key.pub"
)
if [ -f "$image" ] && [ "$(cat "$image.inputs" 2>/dev/null)" = "$inputs" ]; then
	echo "$image"
	exit 0
fi

work=$dir/build
rm -rf "$work" && mkdir -p "$work"
echo "server: debootstrap --foreign (bookworm arm64, log $work/debootstrap.log)" >&2
debootstrap --foreign --arch=arm64 --variant=minbase --cache-dir="$dir/debs" \
	--include="$include" bookworm "$work/root" "$mirror" >"$work/debootstrap.log" 2>&1 || {
	tail -n 20 "$work/debootstrap.log" >&2
	echo "server: debootstrap failed; log: $work/debootstrap.log" >&2
	exit 1
}

root=$work/root
# The kernel is Debian's own arm64 package, the lab's (lab/fetch-kernel.sh),
# booted directly by QEMU; its modules and config are where a package
# install would have put them (udev loads vfio-pci, the suite reads CONFIG_KVM).
mkdir -p "$root/lib/modules" "$root/boot"
cp -a "$ktree/root/lib/modules/$kver" "$root/lib/modules/"
cp "$ktree/root/boot/config-$kver" "$ktree/root/boot/System.map-$kver" "$root/boot/"
echo vqb-server > "$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tvqb-server\n' > "$root/etc/hosts"
echo '/dev/vda / ext4 defaults 0 1' > "$root/etc/fstab"
# QEMU user networking: DHCP from 10.0.2.2, DNS at 10.0.2.3.
mkdir -p "$root/etc/systemd/network"
printf '[Match]\nName=eth* en*\n\n[Network]\nDHCP=yes\n' > "$root/etc/systemd/network/10-qemu.network"
echo 'nameserver 10.0.2.3' > "$root/etc/resolv.conf"
mkdir -p "$root/root/.ssh" "$root/root/vqb-provision"
chmod 700 "$root/root/.ssh"
cp "$key.pub" "$root/root/.ssh/authorized_keys"
chmod 600 "$root/root/.ssh/authorized_keys"
cp "$here/provision.sh" "$lab/install-deps.sh" "$root/root/vqb-provision/"

echo "server: making the ext4 image ($size, sparse)" >&2
rm -f "$work/image.img"
mke2fs -q -t ext4 -L vqb-server -d "$root" "$work/image.img" "$size" >&2
rm -rf "$root"

sh "$here/mkinitrd.sh" "$ktree" "$bbtree" "$dir/initrd-$kver"
echo "server: provisioning boot (second stage, packages: about an hour under TCG; console $work/console.log)" >&2
start=$(date +%s)
sh "$here/boot.sh" --cache "$cache" --image "$work/image.img" --provision "$work/console.log" || {
	grep -a -e '^VQB-SERVER:' -e '^provision:' -e '^E:' "$work/console.log" | tail -n 20 >&2
	echo "server: the provisioning boot failed; console log: $work/console.log" >&2
	exit 1
}
echo "server: provisioned in $(( $(date +%s) - start )) s" >&2
mv "$work/image.img" "$image"
cp "$work/console.log" "$dir/provision.console.log"
echo "$inputs" > "$image.inputs"
echo "$image"
