#!/bin/sh
# Boots the ARM server image (lab/server/build-image.sh) under the lab's
# emulated ARM server, with SSH forwarded to 127.0.0.1:PORT, and returns
# once root can log in; --stop stops it.
#
#   lab/server/boot.sh [--cache DIR] --ssh-port PORT [--gic 2|3|4] [--mem MIB]
#                      [--smp N] [--wait S] [--image FILE]
#   lab/server/boot.sh [--cache DIR] --ssh-port PORT --stop
#   lab/server/boot.sh [--cache DIR] --image FILE --provision CONSOLE_LOG
#
# The machine is the lab's (-M virt,virtualization=on,iommu=smmuv3, -cpu max,
# the edu PCI device; GICv3 unless --gic), with 4 GiB and 2 vCPUs by
# default, Debian's 6.1 arm64 kernel booted directly, and systemd, sshd
# and systemd-networkd (DHCP from QEMU's user network, which reaches the
# package registry) inside. Writes go to a temporary overlay (-snapshot):
# the cached image never changes, and every boot starts from it, so any
# number of servers can run at once on different ports. Log in with
# lab/server/ssh.sh, or as the start prints. Its state (QEMU's pid, the
# serial console) is in CACHE/server/run-PORT/.
#
# --provision boots FILE writable in the foreground, for its one-time
# provisioning (lab/server/init), and succeeds if that succeeded.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
lab=$(dirname "$here")
cache=cache port="" gic=3 mem=4096 smp=2 wait_s=1200 image="" provision="" stop=0
die() { echo "server: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	--cache) cache=$2; shift 2 ;;
	--ssh-port) port=$2; shift 2 ;;
	--gic) gic=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--wait) wait_s=$2; shift 2 ;;
	--image) image=$2; shift 2 ;;
	--provision) provision=$2; shift 2 ;;
	--stop) stop=1; shift ;;
	*) die "unknown option '$1' (expected --cache, --ssh-port, --gic, --mem, --smp, --wait, --image, --provision, --stop)" ;;
	esac
done
case $gic in 2|3|4) ;; *) die "--gic '$gic': expected 2, 3 or 4" ;; esac
for v in "$mem" "$smp" "$wait_s" ${port:+"$port"}; do
	case $v in ''|*[!0-9]*) die "'$v': expected a number (--ssh-port, --mem, --smp, --wait)" ;; esac
done
[ -n "$provision" ] || [ -n "$port" ] || die "--ssh-port PORT is required"
mkdir -p "$cache/server"
dir=$(cd "$cache/server" && pwd)
run=$dir/run-$port

if [ $stop = 1 ]; then
	pid=$(cat "$run/qemu.pid" 2>/dev/null) || die "no server runs on port $port ($run/qemu.pid is missing)"
	kill "$pid" 2>/dev/null || true
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 30 ]; do sleep 1; i=$((i + 1)); done
	kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
	rm -f "$run/qemu.pid"
	echo "server: stopped (port $port, QEMU pid $pid)" >&2
	exit 0
fi

[ -n "$image" ] || image=$dir/bookworm-arm64.img
[ -f "$image" ] || die "no server image $image (lab/server/build-image.sh $cache makes it)"
ktree=$(sh "$lab/fetch-kernel.sh" "$cache" 6.1)
kver=$(ls "$ktree/root/lib/modules" | head -n 1)
initrd=$dir/initrd-$kver
[ -f "$initrd" ] || die "no initramfs $initrd (lab/server/build-image.sh $cache makes it)"
qemu=$(sh "$lab/fetch-qemu.sh" "$cache" 7.2)
append="console=ttyAMA0 panic=-1"
[ "$gic" = 4 ] && append="$append kvm-arm.vgic_v4_enable=1"
set -- -M "virt,virtualization=on,gic-version=$gic,iommu=smmuv3" -cpu max,pauth-impdef=on \
	-smp "$smp" -m "$mem" -kernel "$ktree/root/boot/vmlinuz-$kver" -initrd "$initrd" \
	-device edu -device virtio-blk-device,drive=root -display none -monitor none -no-reboot

if [ -n "$provision" ]; then
	# Foreground, writable; lab/server/init powers off when done.
	"$qemu" "$@" -append "$append vqb.provision" \
		-drive file="$image",format=raw,if=none,id=root \
		-netdev user,id=net -device virtio-net-device,netdev=net \
		-serial stdio </dev/null >"$provision" 2>&1 || true
	grep -aq '^VQB-SERVER: provisioned rc=0' "$provision"
	exit
fi

if [ -f "$run/qemu.pid" ] && kill -0 "$(cat "$run/qemu.pid")" 2>/dev/null; then
	die "a server already runs on port $port (QEMU pid $(cat "$run/qemu.pid")); stop it: $0 --cache $cache --ssh-port $port --stop"
fi
mkdir -p "$run"
rm -f "$run/console.log" "$run/qemu.pid"
"$qemu" "$@" -append "$append" -snapshot \
	-drive file="$image",format=raw,if=none,id=root \
	-netdev "user,id=net,hostfwd=tcp:127.0.0.1:$port-:22" -device virtio-net-device,netdev=net \
	-serial "file:$run/console.log" -pidfile "$run/qemu.pid" -daemonize ||
	die "QEMU did not start (port $port taken?)"
pid=$(cat "$run/qemu.pid")
echo "server: booting (QEMU pid $pid, GICv$gic, ${mem} MiB, $smp vCPUs; console $run/console.log)" >&2
start=$(date +%s)
while ! sh "$here/ssh.sh" --cache "$cache" --ssh-port "$port" -o ConnectTimeout=10 true 2>/dev/null; do
	if ! kill -0 "$pid" 2>/dev/null; then
		tail -n 20 "$run/console.log" >&2
		echo "server: QEMU exited before SSH answered; console log: $run/console.log" >&2
		exit 1
	fi
	if [ $(( $(date +%s) - start )) -ge "$wait_s" ]; then
		tail -n 20 "$run/console.log" >&2
		echo "server: no SSH on port $port within $wait_s s; stopping it (console log: $run/console.log)" >&2
		sh "$0" --cache "$cache" --ssh-port "$port" --stop
		exit 1
	fi
	sleep 5
done
echo "server: up in $(( $(date +%s) - start )) s; log in: sh $here/ssh.sh --cache $cache --ssh-port $port" >&2
echo "server: or: ssh -i $(sh "$here/key.sh" "$cache") -p $port" \
	"-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null root@127.0.0.1" >&2
