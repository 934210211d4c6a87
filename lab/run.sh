#!/bin/sh
# Boots the lab (an emulated ARM server with EL2, a GIC, an SMMUv3 and a PCI
# device) with Debian's arm64 kernel, runs virqbench inside it, and brings
# the raw run out through a disk image, checked against its manifest.
#
#   lab/run.sh [--gic 2|3|4] [--hyp vhe|nvhe|protected] [--kernel K] [--qemu 7.2|10.0] \
#              [--device edu|e1000e|igb|igbvf]... [--modules "MOD..."] \
#              [--numa-nodes 1|2] [--append "PARAM..."] [--timeout S] [--pmu on|off] \
#              [--mem-mib N] [--tmp-mib N] [--out-disk-mib N] [--monitor PIPE] --work DIR [--arm-out DIR] [--cache DIR] -- VIRQBENCH_ARGS...
#   lab/run.sh ... --script FILE
#
# The first form runs `virqbench VIRQBENCH_ARGS --out DIR`; with --script,
# FILE runs instead, as `sh FILE OUT` inside the lab, and leaves what it
# wants brought out under OUT (the raw run in OUT/raw).
#
# --kernel is one of Debian's arm64 kernels (lab/fetch-kernel.sh): 6.1 (the
# default), 6.1-rt, 6.12 or 6.12-rt. --hyp protected boots pKVM
# (kvm-arm.mode=protected). --qemu 10.0 boots bookworm-backports' QEMU,
# unpacked into the cache (lab/fetch-qemu.sh); 7.2, the default, is Debian 12's.
# --append adds kernel parameters after the lab's own (the last one wins).
# --device adds a PCI device for v4-direct (bench/vfio_devices.c's kinds
# that QEMU emulates): edu (the default when none is named), e1000e
# (82574L) or igb (82576), or igbvf, one of igb's SR-IOV virtual
# functions; igb and igbvf need QEMU 10.0. For igbvf the lab boots an igb
# with its driver and its PCI MMIO below 4 GiB (QEMU 10.0.2 does not decode
# a VF's BAR in the 64-bit window above), and a virqbench job first makes
# one VF (lab/igbvf-setup.sh; a --script job calls vqb_igbvf itself when it
# wants one). Each device's own Linux driver is left out of the lab unless
# --modules names it (e.g. "igb", to test that bench/ gives the device back
# to it).
# --numa-nodes 2 emulates a server of two NUMA nodes: 4 CPUs, node 0 CPUs
# 0-1 and node 1 CPUs 2-3, half the memory each, CPUs 1 and 3 nohz_full (one
# housekeeping CPU a node), for bench/'s --numa same,cross. It is slower:
# four emulated CPUs on this machine's cores.
# --pmu off gives the emulated CPU no PMU (-cpu max,pmu=off): the lab's
# kernel then offers KVM guests no vPMU (no KVM_CAP_ARM_PMU_V3).
# --mem-mib sizes the lab's memory (1024 MiB by default). The run is kept in
# it, in the lab's /tmp (a tmpfs of half of it), until each cell is saved
# to the output disk: a raw run of a million interrupts a cell is about
# 0.25-0.9 GB a cell (lab/soak.sh sizes both for its count).
# --tmp-mib caps that /tmp instead (a small one fills mid-cell, the fault
# tests/lab/outdisk_test.sh makes).
# --out-disk-mib sizes the output disk (2048 MiB by default): a small one
# fills mid-run, the fault tests/lab/outdisk_test.sh makes.
# --monitor PIPE gives a test QEMU's human monitor on PIPE.in (a FIFO the
# lab makes, commands in) and PIPE.out (its answers): tests/lab/
# outdisk_test.sh takes the output disk away mid-run with `drive_del out`.
#
# On success prints the raw run's path and exits with virqbench's status.
# The statuses are include/virqbench/exit_codes.h's (README: Exit status).
# A lab that cannot run virqbench (no kernel or initramfs, no boot, a
# kernel without KVM, output lost) exits EXIT_LAB, never a status virqbench
# itself could have: the console log WORK/console.log says why. A run that
# does not finish (its time limit, or an output disk that refused a save:
# EXIT_LAB_UNFINISHED; Ctrl-C or TERM:
# EXIT_INTERRUPTED) still brings out, and prints the path of, every cell it
# had finished.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/exit_codes.sh"
gic=3 hyp=vhe kernel=6.1 qemu_ver=7.2 nodes=1 extra="" timeout=900 work="" arm_out=build/arm64 cache=cache script="" pmu=on out_mib=2048 mem_mib=1024 tmp_mib="" monitor=""
devices="" modules=""

# Every deliberate exit goes through leave(); any other (a command that
# failed under set -e: mkdir, cp, truncate, a cache that cannot be read) is
# the lab's failure, and must not read as virqbench's own status 1.
left=0
leave() { left=1; exit "$1"; }
trap 'rc=$?; if [ $left = 0 ] && [ $rc != 0 ]; then
	echo "lab: lab/run.sh failed (status $rc) before virqbench could report" >&2; exit $EXIT_LAB; fi' EXIT
die() { echo "lab: $*" >&2; leave $EXIT_USAGE; }
lab_failed() { echo "lab: $*" >&2; leave $EXIT_LAB; }
while [ $# -gt 0 ]; do
	case $1 in
	--gic) gic=$2; shift 2 ;;
	--hyp) hyp=$2; shift 2 ;;
	--kernel) kernel=$2; shift 2 ;;
	--qemu) qemu_ver=$2; shift 2 ;;
	--numa-nodes) nodes=$2; shift 2 ;;
	--device) devices="${devices:+$devices }$2"; shift 2 ;;
	--modules) modules="${modules:+$modules }$2"; shift 2 ;;
	--append) extra=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--pmu) pmu=$2; shift 2 ;;
	--out-disk-mib) out_mib=$2; shift 2 ;;
	--mem-mib) mem_mib=$2; shift 2 ;;
	--tmp-mib) tmp_mib=$2; shift 2 ;;
	--monitor) monitor=$2; shift 2 ;;
	--work) work=$2; shift 2 ;;
	--arm-out) arm_out=$2; shift 2 ;;
	--cache) cache=$2; shift 2 ;;
	--script) script=$2; shift 2 ;;
	--cpu-opts) cpu_opts=$2; shift 2 ;;
	--) shift; break ;;
	*) die "unknown option '$1' (expected --gic, --hyp, --kernel, --qemu, --device, --modules, --numa-nodes, --append, --timeout, --pmu, --mem-mib, --tmp-mib, --out-disk-mib, --monitor, --work, --arm-out, --cache, --script, --)" ;;
	esac
done
case $gic in 2|3|4) ;; *) die "--gic '$gic': expected 2, 3 or 4" ;; esac
case $hyp in vhe|nvhe|protected) ;; *) die "--hyp '$hyp': expected vhe, nvhe or protected" ;; esac
case $kernel in 6.1|6.1-rt|6.12|6.12-rt) ;; *) die "--kernel '$kernel': expected 6.1, 6.1-rt, 6.12 or 6.12-rt" ;; esac
case $qemu_ver in 7.2|10.0) ;; *) die "--qemu '$qemu_ver': expected 7.2 or 10.0" ;; esac
case $nodes in 1|2) ;; *) die "--numa-nodes '$nodes': expected 1 or 2" ;; esac
case $pmu in on|off) ;; *) die "--pmu '$pmu': expected on or off" ;; esac
case $out_mib in '' | *[!0-9]* | 0*) die "--out-disk-mib '$out_mib': expected a size in MiB, 1 or more" ;; esac
case $mem_mib in '' | *[!0-9]* | 0*) die "--mem-mib '$mem_mib': expected a size in MiB, 512 or more" ;; esac
[ "$mem_mib" -ge 512 ] || die "--mem-mib '$mem_mib': expected a size in MiB, 512 or more (the lab's kernel and a guest need it)"
case $tmp_mib in '') ;; *[!0-9]* | 0*) die "--tmp-mib '$tmp_mib': expected a size in MiB, 1 or more" ;; esac
[ -n "$work" ] || die "--work DIR is required"
case $monitor in *[[:space:],]*) die "--monitor '$monitor': expected a path without spaces or commas (QEMU's -chardev)" ;; esac
# The PCI devices, once each, in the order named; edu alone by default.
qdevices="" seen="" igbvf=0
for d in ${devices:-edu}; do
	case " $seen " in *" $d "*) die "--device $d is named twice" ;; esac
	seen="$seen $d"
	case $d in
	edu|e1000e) ;;
	igb|igbvf) [ "$qemu_ver" = 10.0 ] ||
		die "--device $d: QEMU $qemu_ver has no igb model (it came with QEMU 8.0): use --qemu 10.0 (spec: qemu 10.0)" ;;
	*) die "--device '$d': expected edu, e1000e, igb or igbvf (the kinds QEMU emulates)" ;;
	esac
	# A VF is made by its PF's driver: one igb serves both kinds.
	if [ "$d" = igbvf ]; then
		igbvf=1
		modules="${modules:+$modules }igb"
		case " $seen " in *" igb "*) continue ;; esac
		d=igb
	elif [ "$d" = igb ] && [ $igbvf = 1 ]; then
		continue
	fi
	# A NIC model's option ROM is firmware for a BIOS the lab does not run
	# (and bookworm-backports' QEMU package does not carry efi-e1000e.rom).
	case $d in edu) qdevices="$qdevices -device $d" ;; *) qdevices="$qdevices -device $d,romfile=" ;; esac
done
for f in virqbench virqtrace guest-agent.bin; do
	[ -f "$arm_out/$f" ] || die "$arm_out/$f is missing (run make first)"
done

mkdir -p "$work"
work=$(cd "$work" && pwd)
# Boots run side by side (virqbench-matrix -j): one at a time fetches and
# unpacks into the shared cache (flock, util-linux), the others wait.
mkdir -p "$cache"
exec 9>>"$cache/.fetch.lock"
flock 9
ktree=$(sh "$here/fetch-kernel.sh" "$cache" "$kernel") ||
	lab_failed "no lab kernel $kernel in $cache (see above)"
qemu=$(sh "$here/fetch-qemu.sh" "$cache" "$qemu_ver") || lab_failed "no QEMU $qemu_ver (see above)"
bbtree=$(sh "$here/fetch-deb.sh" "$cache" busybox-static:arm64) ||
	lab_failed "no busybox for the lab in $cache (see above)"
flock -u 9
exec 9>&-

if [ -n "$script" ]; then
	# With igbvf the script gets vqb_igbvf to call (it decides when).
	{ [ $igbvf = 0 ] || cat "$here/igbvf-setup.sh"; cat "$script"; } > "$work/job"
else
	# virqbench's arguments, quoted so that the lab's shell reads them back.
	{
		if [ $igbvf = 1 ]; then
			cat "$here/igbvf-setup.sh"
			echo 'vqb_igbvf || echo "lab: no igb VF for v4-direct (see above)" >&2'
		fi
		printf '/opt/virqbench/virqbench'
		for a in "$@"; do printf " '%s'" "$(printf '%s' "$a" | sed "s/'/'\\\\''/g")"; done
		printf ' --out "$1/raw"'
		# After each cell, save what is measured so far (lab/snapshot).
		[ "${1:-}" = run ] && printf ' --after-cell "/etc/virqbench/snapshot $1"'
		printf '\n'
	} > "$work/job"
fi
sh "$here/mkinitrd.sh" "$ktree" "$bbtree" "$arm_out" "$work/job" "$work/initrd" "$modules" ||
	lab_failed "cannot build the lab's initramfs (see above)"

# CPU 1 runs the measured vCPU: no scheduler tick there while one task runs
# (nohz_full), and no RCU callbacks or device IRQs, as a careful benchmark
# host would be set up; the command line is recorded with every run.
smp=2 numa=""
append="console=ttyAMA0 rdinit=/init panic=-1 nohz_full=1 rcu_nocbs=1 irqaffinity=0"
if [ "$nodes" = 2 ]; then
	# The same on each node: CPU 0 and 2 keep house, 1 and 3 measure.
	smp=4
	half=$((mem_mib / 2)) && mem_mib=$((half * 2))
	numa="-object memory-backend-ram,id=mem0,size=${half}M -object memory-backend-ram,id=mem1,size=${half}M"
	numa="$numa -numa node,nodeid=0,cpus=0-1,memdev=mem0 -numa node,nodeid=1,cpus=2-3,memdev=mem1"
	append="console=ttyAMA0 rdinit=/init panic=-1 nohz_full=1,3 rcu_nocbs=1,3 irqaffinity=0,2"
fi
[ "$gic" = 4 ] && append="$append kvm-arm.vgic_v4_enable=1"
[ "$hyp" = vhe ] || append="$append kvm-arm.mode=$hyp"
[ -n "$tmp_mib" ] && append="$append vqb.tmp_mib=$tmp_mib"
[ -n "$extra" ] && append="$append $extra"
machine="virt,virtualization=on,gic-version=$gic,iommu=smmuv3"
[ $igbvf = 1 ] && machine="$machine,highmem-mmio=off"
# pauth-impdef: QEMU's own pointer-auth hash, much faster to emulate than QARMA.
cpu="max,pauth-impdef=on"
[ "$pmu" = off ] && cpu="$cpu,pmu=off"
rm -f "$work/out.img" && truncate -s "${out_mib}M" "$work/out.img"
vmlinuz=$(ls "$ktree"/root/boot/vmlinuz-* | head -n 1)

# QEMU's pipe chardev: PATH.in read, PATH.out written, both opened read-write
# (a FIFO's open does not wait for the other end).
qmonitor=""
if [ -n "$monitor" ]; then
	rm -f "$monitor.in" "$monitor.out"
	mkfifo "$monitor.in"
	: >"$monitor.out"
	qmonitor="-chardev pipe,id=mon0,path=$monitor -mon chardev=mon0,mode=readline"
fi
echo "lab: booting $kernel GICv$gic/$hyp, QEMU $qemu_ver (console: $work/console.log)" >&2
start=$(date +%s)
# Ctrl-C or TERM: stop the lab, then bring out what it saved so far.
interrupted=0
trap 'interrupted=1; [ -n "${qpid:-}" ] && kill "$qpid" 2>/dev/null' INT TERM
# $numa is split into its words on purpose: none of them has a space.
# shellcheck disable=SC2086
timeout -k 10 "$timeout" "$qemu" -M "$machine" -cpu "$cpu" -smp "$smp" -m "$mem_mib" $numa \
	-kernel "$vmlinuz" -initrd "$work/initrd" -append "$append" \
	$qdevices -nic none \
	-drive file="$work/out.img",format=raw,if=none,id=out \
	-device virtio-blk-device,drive=out \
	-display none -monitor none $qmonitor -serial stdio -no-reboot \
	</dev/null >"$work/console.log" 2>&1 &
qpid=$!
qrc=0
wait "$qpid" || qrc=$?
# wait returns early when a trapped signal arrives; the lab may still be stopping.
while kill -0 "$qpid" 2>/dev/null; do wait "$qpid" || qrc=$?; done
trap - INT TERM
elapsed=$(( $(date +%s) - start ))

# What the lab saved (lab/snapshot's journal, read by lab/journal.sh). A
# finished job's last save holds the manifest of every file: checked here,
# it proves that nothing was lost on the way.
extract() {
	saved=$(sh "$here/journal.sh" "$work/out.img" "$work/out") || return 1
	[ $finished = 0 ] || (cd "$work/out" && sha256sum --quiet -c MANIFEST.sha256 >/dev/null 2>&1)
}

finished=0
grep -aq '^VQB-LAB: done rc=' "$work/console.log" && finished=1
if [ $finished = 0 ]; then
	# lab/init's own verdict (no output disk, no /dev/kvm): the lab, not
	# virqbench; after the job (the disk refused its last save), the cells
	# saved before it still come out.
	why=$(grep -a -m 1 '^VQB-LAB: FAIL' "$work/console.log" | tr -d '\r')
	if [ -n "$why" ] && ! grep -aq '^VQB-LAB: running job' "$work/console.log"; then
		tail -n 20 "$work/console.log" >&2
		lab_failed "${why#VQB-LAB: FAIL }; console log: $work/console.log"
	fi
	if [ -n "$why" ]; then
		echo "lab: ${why#VQB-LAB: }; console log: $work/console.log" >&2
		grep -a -m 3 -e '--after-cell command failed' "$work/console.log" >&2
	elif [ $interrupted = 1 ]; then
		echo "lab: interrupted after $elapsed s; console log: $work/console.log" >&2
	elif [ $qrc = 124 ] || [ $qrc = 137 ]; then
		echo "lab: the run did not finish within $timeout s; console log: $work/console.log" >&2
	elif ! grep -aq '^VQB-LAB: booted' "$work/console.log"; then
		echo "lab: the lab did not boot (QEMU exit $qrc); console log: $work/console.log" >&2
		tail -n 20 "$work/console.log" >&2
		leave $EXIT_LAB
	else
		echo "lab: the lab booted but the job did not finish (QEMU exit $qrc); console log: $work/console.log" >&2
		grep -a '^VQB-LAB:' "$work/console.log" >&2 || true
	fi
	tail -n 5 "$work/console.log" >&2
	if ! extract || [ ! -d "$work/out/raw" ]; then
		echo "lab: no cell had finished; nothing to bring out" >&2
		[ $interrupted = 1 ] && leave $EXIT_INTERRUPTED
		leave $EXIT_LAB
	fi
	echo "lab: bringing out the cells finished so far (save $saved)" >&2
elif ! extract; then
	lab_failed "the results do not match their manifest: something was lost on the way"
fi
rm -f "$work/out.img"

{
	echo "qemu_version=$("$qemu" --version | head -n 1)"
	echo "lab_qemu=$qemu_ver"
	echo "qemu_machine=$machine"
	echo "qemu_cpu=$cpu"
	echo "qemu_devices=${devices:-edu}"
	echo "qemu_smp=$smp"
	echo "lab_numa_nodes=$nodes"
	echo "qemu_mem_mib=$mem_mib"
	echo "lab_kernel=$kernel"
	echo "lab_kernel_package=$(basename "$ktree")"
	echo "lab_append=$append"
	echo "lab_seconds=$elapsed"
	echo "lab_finished=$finished"
	echo "build_host=$(uname -srm)"
} > "$work/out/lab.kv"
[ -d "$work/out/raw" ] && cp "$work/out/lab.kv" "$work/out/raw/lab.kv"
[ -d "$work/out/raw" ] && cp "$work/console.log" "$work/out/raw/console.log"
echo "$work/out/raw"
[ $interrupted = 1 ] && leave $EXIT_INTERRUPTED
[ $finished = 0 ] && leave $EXIT_LAB_UNFINISHED
leave "$(cat "$work/out/rc")"
