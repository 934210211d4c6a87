#!/bin/sh
# Runs once inside the ARM server's new root, in the image's provisioning
# boot (lab/server/init), after debootstrap's second stage, with QEMU's user
# network up: what an administrator does to a fresh Debian 12 arm64 server
# before handing it to a user. The package registry is reached from inside;
# the suite's own dependencies come from its own lab/install-deps.sh (its
# arm64 branch), so `make bench` inside finds them all. Exits non-zero on
# the first failure; lab/server/build-image.sh then keeps no image.
set -eu
here=$(dirname "$0")
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8

cat > /etc/apt/sources.list <<'EOF'
deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
echo "provision: apt-get update"
apt-get update -q
# The suite's build and run dependencies, exactly as a user's `make bench` installs them.
echo "provision: lab/install-deps.sh (arm64 branch)"
sh "$here/install-deps.sh"
# What a user clones with, and what an Ansible controller needs on its targets.
apt-get install -y -q --no-install-recommends git make python3 openssh-server
sh "$here/install-deps.sh" # now finds everything: exits 0 without apt
apt-get clean

systemctl enable systemd-networkd.service ssh.service
# No password on the serial console (a lab machine); SSH takes keys only.
passwd -d root
echo "provision: done: $(dpkg-query -W -f='${binary:Package}\n' | wc -l) packages"
