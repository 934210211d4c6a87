#!/bin/sh
# Boots the lab (an emulated ARM server with EL2, a GIC, an SMMUv3 and a PCI
# device) with Debian's arm64 kernel, runs virqbench inside it, and brings
# the raw run out through a disk image, checked against its manifest.
#
#   lab/run.sh [--gic 2|3|4] [--hyp vhe|nvhe] [--timeout S] --work DIR \
#              [--arm-out DIR] [--cache DIR] -- VIRQBENCH_ARGS...
#   lab/run.sh ... --script FILE
#
# The first form runs `virqbench VIRQBENCH_ARGS --out DIR`; with --script,
# FILE runs instead, as `sh FILE OUT` inside the lab, and leaves what it
# wants brought out under OUT (the raw run in OUT/raw).
#
# On success prints the raw run's path and exits with virqbench's status.
# A boot that fails or a run that never finishes exits 90 with the console
# log kept in WORK/console.log.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
gic=3 hyp=vhe timeout=900 work="" arm_out=build/arm64 cache=cache script=""

die() { echo "lab: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	--gic) gic=$2; shift 2 ;;
	--hyp) hyp=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--work) work=$2; shift 2 ;;
	--arm-out) arm_out=$2; shift 2 ;;
	--cache) cache=$2; shift 2 ;;
	--script) script=$2; shift 2 ;;
	--) shift; break ;;
	*) die "unknown option '$1' (expected --gic, --hyp, --timeout, --work, --arm-out, --cache, --script, --)" ;;
	esac
done
case $gic in 2|3|4) ;; *) die "--gic '$gic': expected 2, 3 or 4" ;; esac
case $hyp in vhe|nvhe) ;; *) die "--hyp '$hyp': expected vhe or nvhe" ;; esac
[ -n "$work" ] || die "--work DIR is required"
for f in virqbench virqtrace guest-agent.bin; do
	[ -f "$arm_out/$f" ] || die "$arm_out/$f is missing (run make first)"
done

mkdir -p "$work"
work=$(cd "$work" && pwd)
ktree=$(sh "$here/fetch-kernel.sh" "$cache")
bbtree=$(sh "$here/fetch-deb.sh" "$cache" busybox-static:arm64)

if [ -n "$script" ]; then
	cp "$script" "$work/job"
else
	# virqbench's arguments, quoted so that the lab's shell reads them back.
	{
		printf '/opt/virqbench/virqbench'
		for a in "$@"; do printf " '%s'" "$(printf '%s' "$a" | sed "s/'/'\\\\''/g")"; done
		printf ' --out "$1/raw"\n'
	} > "$work/job"
fi
sh "$here/mkinitrd.sh" "$ktree" "$bbtree" "$arm_out" "$work/job" "$work/initrd"

append="console=ttyAMA0 rdinit=/init panic=-1"
[ "$gic" = 4 ] && append="$append kvm-arm.vgic_v4_enable=1"
[ "$hyp" = nvhe ] && append="$append kvm-arm.mode=nvhe"
machine="virt,virtualization=on,gic-version=$gic,iommu=smmuv3"
# pauth-impdef: QEMU's own pointer-auth hash, much faster to emulate than QARMA.
cpu="max,pauth-impdef=on"
rm -f "$work/out.img" && truncate -s 1G "$work/out.img"
vmlinuz=$(ls "$ktree"/root/boot/vmlinuz-* | head -n 1)

echo "lab: booting GICv$gic/$hyp (console: $work/console.log)" >&2
start=$(date +%s)
set +e
timeout -k 10 "$timeout" qemu-system-aarch64 -M "$machine" -cpu "$cpu" -smp 2 -m 1024 \
	-kernel "$vmlinuz" -initrd "$work/initrd" -append "$append" \
	-device edu -nic none \
	-drive file="$work/out.img",format=raw,if=none,id=out \
	-device virtio-blk-device,drive=out \
	-display none -monitor none -serial stdio -no-reboot \
	</dev/null >"$work/console.log" 2>&1
qrc=$?
set -e
elapsed=$(( $(date +%s) - start ))

if [ $qrc = 124 ] || [ $qrc = 137 ]; then
	echo "lab: the run did not finish within $timeout s; console log: $work/console.log" >&2
	tail -n 20 "$work/console.log" >&2
	exit 90
fi
if ! grep -q '^VQB-LAB: booted' "$work/console.log"; then
	echo "lab: the lab did not boot (QEMU exit $qrc); console log: $work/console.log" >&2
	tail -n 20 "$work/console.log" >&2
	exit 90
fi
done_line=$(grep -a '^VQB-LAB: done rc=' "$work/console.log" | tail -n 1 | tr -d '\r')
if [ -z "$done_line" ]; then
	echo "lab: the lab booted but the job did not finish (QEMU exit $qrc); console log: $work/console.log" >&2
	grep -a '^VQB-LAB:' "$work/console.log" >&2 || true
	tail -n 20 "$work/console.log" >&2
	exit 90
fi

rm -rf "$work/out" && mkdir "$work/out"
tar -xf "$work/out.img" -C "$work/out"
(cd "$work/out" && sha256sum --quiet -c MANIFEST.sha256) ||
	{ echo "lab: the results do not match their manifest: something was lost on the way" >&2; exit 90; }
rm -f "$work/out.img"

{
	echo "qemu_version=$(qemu-system-aarch64 --version | head -n 1)"
	echo "qemu_machine=$machine"
	echo "qemu_cpu=$cpu"
	echo "qemu_smp=2"
	echo "qemu_mem_mib=1024"
	echo "lab_kernel_package=$(basename "$ktree")"
	echo "lab_append=$append"
	echo "lab_seconds=$elapsed"
	echo "build_host=$(uname -srm)"
} > "$work/out/lab.kv"
[ -d "$work/out/raw" ] && cp "$work/out/lab.kv" "$work/out/raw/lab.kv"
[ -d "$work/out/raw" ] && cp "$work/console.log" "$work/out/raw/console.log"
echo "$work/out/raw"
exit "$(cat "$work/out/rc")"
