#!/bin/sh
# Lab test of bpf/virqtrace, run inside the lab (busybox sh) by
#   sh lab/run.sh --gic 3 --work DIR --script bpf/tests/lab_trace_mode.sh
# (`make bpf-lab` does that and reads the result). Writes OUT/bpf/result.txt:
# an "ok"/"FAIL" line per check and "N passed, N failed" last.
#
#  1. faults: a PID that does not exist, one that is no VMM, no privilege
#     (a user namespace), a kernel without a core / optional tracepoint (a
#     tracefs stand-in bind-mounted over the real one);
#  2. bench/ runs lr-line, lr-irqfd, soft-vi and vtimer, busy and wfi,
#     with its own trace, while virqtrace --summary is attached to it and
#     a third virqtrace records with --stats;
#  3. against bench/'s ground truth (cell.kv count_injected): every cell's
#     trace replayed counts its injections exactly (vtimer: within 2%,
#     KVM re-raises that level line), busy cells reach the vCPU by a kick
#     or at its next entry, wfi cells by a wakeup; the attached summary
#     counts every cell that began after it did exactly;
#     (exits per interrupt against bench/'s: lab_exits_check.sh, on the
#     host, after this);
#  4. a flood the ring buffer cannot hold (1 MiB, its reader stopped
#     with SIGSTOP while soft-vi runs, attached once the vCPU thread
#     exists and stopped once it says ready): the loss is counted in the
#     trailer, what was read is kept, perf's recount on the vCPU thread
#     finds what was lost, and the replay says its counts are incomplete.
top=$1
o=$top/bpf
mkdir -p $o
VT=/opt/virqbench/virqtrace
VB=/opt/virqbench/virqbench
T=/sys/kernel/tracing
COUNT=200
pass=0 fail=0
res=$o/result.txt
: > $res

ok() { pass=$((pass + 1)); echo "ok   $*" >> $res; }
bad() { fail=$((fail + 1)); echo "FAIL $*" >> $res; }
# wait_vm PID: until PID has made its first VM (up to 20 s)
wait_vm() {
	i=0
	while [ $i -lt 400 ]; do
		ls -l /proc/$1/fd 2>/dev/null | grep -q kvm-vm && return
		sleep 0.05; i=$((i + 1))
	done
}
# wait_vcpu PID: until PID has a thread named vqb-vcpu0, bench/'s first vCPU (up to 20 s)
wait_vcpu() {
	i=0
	while [ $i -lt 400 ]; do
		cat /proc/$1/task/*/comm 2>/dev/null | grep -qx vqb-vcpu0 && return
		sleep 0.05; i=$((i + 1))
	done
}
# wait_ready FILE: until a tracer's --ready-fd wrote "ready" into FILE (up to 60 s, its load included)
wait_ready() {
	i=0
	while [ $i -lt 1200 ]; do
		grep -qx ready "$1" 2>/dev/null && return
		sleep 0.05; i=$((i + 1))
	done
	return 1
}
# check DESCRIPTION FILE PATTERN: FILE has a line matching PATTERN
check() { if grep -q -- "$3" "$2"; then ok "$1"; else bad "$1 (no '$3' in $(basename $2))"; fi; }

# 1. Faults.
$VT --pid 999999 --summary > $o/f-nopid.txt 2>&1; echo "rc=$?" >> $o/f-nopid.txt
check "no such process: named, exit 2" $o/f-nopid.txt "no process 999999"
check "no such process: exit 2" $o/f-nopid.txt "^rc=2"
$VT --pid 1 --summary > $o/f-notkvm.txt 2>&1; echo "rc=$?" >> $o/f-notkvm.txt
check "not a VMM: said so" $o/f-notkvm.txt "is not a KVM VMM"
unshare -U $VT --pid 0 --out /tmp/x.tsv > $o/f-eperm.txt 2>&1; echo "rc=$?" >> $o/f-eperm.txt
check "no privilege: says what is needed" $o/f-eperm.txt "needs root or CAP_BPF+CAP_PERFMON"
check "no privilege: exit 2" $o/f-eperm.txt "^rc=2"
if [ -e /tmp/x.tsv ]; then bad "no privilege: no trace file left"; else ok "no privilege: no trace file left"; fi

mkdir -p /tmp/ft/events/kvm /tmp/ft/events/sched/sched_switch
for e in $(ls $T/events/kvm); do [ "$e" = kvm_exit ] || mkdir /tmp/ft/events/kvm/$e; done
mount --bind /tmp/ft $T
$VT --pid 0 --out /tmp/y.tsv > $o/f-notp.txt 2>&1; echo "rc=$?" >> $o/f-notp.txt
check "core tracepoint missing: named" $o/f-notp.txt "no tracepoint kvm/kvm_exit"
check "core tracepoint missing: exit 2" $o/f-notp.txt "^rc=2"
rmdir /tmp/ft/events/kvm/kvm_halt_poll_ns && mkdir /tmp/ft/events/kvm/kvm_exit
$VT --pid 0 --out $o/f-optional.tsv > $o/f-optional.txt 2>&1 &
p=$!
sleep 2
kill -INT $p
wait $p; echo "rc=$?" >> $o/f-optional.txt
umount $T
check "optional tracepoint missing: in the header" $o/f-optional.tsv "^# missing=kvm_halt_poll_ns$"
check "optional tracepoint missing: still traced" $o/f-optional.txt "^rc=0"
check "optional tracepoint missing: trailer" $o/f-optional.tsv "^# events="

# 2. bench/ with trace mode attached, and a recorder with --stats; and one
# that traces this shell instead: of bench/'s events it must keep only those
# made in interrupt context (the vtimer's, from the host timer interrupt).
# No warm-up: trace mode counts every interrupt, and lab_exits_check.sh
# compares it with the analysis' exits, which leave a warm-up out.
$VT --pid $$ --out $o/foreign.tsv > $o/foreign.err 2>&1 &
fp=$!
$VB run --out $top/raw --path lr-line,lr-irqfd,soft-vi,vtimer --state busy,wfi \
	--count $COUNT --warmup 0 > $o/bench.txt 2>&1 &
bp=$!
wait_vm $bp
unshare -U $VT --pid $bp --summary --duration 1 > $o/f-eacces.txt 2>&1
check "a VMM it may not inspect: says so" $o/f-eacces.txt "run as root"
$VT --pid $bp --out $o/stats.tsv --stats > $o/stats.err 2>&1 &
sp=$!
$VT --pid $bp --summary --interval 5 --json $o/summary.json > $o/summary.txt 2> $o/summary.err
echo "rc=$?" >> $o/summary.err
wait $bp; echo "rc=$?" >> $o/bench.txt
stats_sysctl=$(cat /proc/sys/kernel/bpf_stats_enabled)
kill -INT $sp
wait $sp; echo "rc=$?" >> $o/stats.err
kill -INT $fp
wait $fp; echo "rc=$?" >> $o/foreign.err

check "bench ran" $o/bench.txt "^rc=0"
check "summary: ended with the VMM" $o/summary.txt "has exited"
check "summary: exit 0" $o/summary.err "^rc=0"
# The JSON writer indents; compare without whitespace.
tr -d ' \n' < $o/summary.json > $o/summary.min.json
check "summary: JSON written, whole" $o/summary.min.json '"end_reason":"vmm_exited"}$'
check "--stats: per-program trailer" $o/stats.tsv "^# prog=exit run_cnt=[1-9]"
n=$(grep -c "^# prog=" $o/stats.tsv)
# 12 kvm tracepoints and sched_switch (loaded when recording a process into a file)
if [ "$n" = 13 ]; then ok "--stats: 13 programs"; else bad "--stats: $n programs, expected 13"; fi
if [ "$stats_sysctl" = 0 ]; then ok "--stats: sysctl untouched"; else bad "--stats: sysctl reads $stats_sysctl"; fi

spi=$(sed -n 's/^intid=//p' $top/raw/cells/*lr-line-busy/cell.kv)
n=$(awk -F'\t' '$4 == "exit" || $4 == "entry"' $o/foreign.tsv | wc -l)
if [ "$n" = 0 ]; then ok "foreign filter: no vCPU event of another process"
else bad "foreign filter: $n vCPU events of another process"; fi
n=$(awk -F'\t' -v spi=$spi '$4 == "vgic_pending" && $6 == spi' $o/foreign.tsv | wc -l)
if [ "$n" = 0 ]; then ok "foreign filter: no injection by another process's thread"
else bad "foreign filter: $n injections of SPI $spi by another process's thread"; fi
n=$(awk -F'\t' '$4 == "timer_irq" && $7 == 1' $o/foreign.tsv | wc -l)
if [ "$n" -gt 0 ]; then ok "foreign filter: $n timer injections from interrupt context kept"
else bad "foreign filter: no timer injection from interrupt context"; fi
check "foreign filter: on" $o/foreign.tsv "^# foreign=on$"

# 3. Against bench/'s ground truth.
first=$(sed -n 's/^cell \([^:]*\): .*/\1/p' $o/bench.txt | head -n 1)
for d in $top/raw/cells/*/; do
	c=$(basename $d)
	want=$(sed -n 's/^count_injected=//p' $d/cell.kv)
	tid=$(sed -n 's/^vcpu0_tid=//p' $d/cell.kv)
	if [ ! -s $d/trace.tsv ] || [ -z "$want" ]; then
		bad "$c: no trace or no count_injected"
		continue
	fi
	$VT --replay $d/trace.tsv > $o/replay-$c.txt 2>&1
	got=$(sed -n 's/^total at [^:]*: \([0-9]*\) injections.*/\1/p' $o/replay-$c.txt)
	case $c in
	*vtimer*)
		if [ -n "$got" ] && [ $((got * 100)) -ge $((want * 98)) ] &&
		   [ $((got * 100)) -le $((want * 102)) ]; then
			ok "$c: replay counts $got of $want injections (within 2%)"
		else
			bad "$c: replay counts '$got' injections, bench injected $want"
		fi ;;
	*)
		if [ "$got" = "$want" ]; then ok "$c: replay counts $got injections"
		else bad "$c: replay counts '$got' injections, bench injected $want"; fi ;;
	esac
	via=$(grep "reached by" $o/replay-$c.txt)
	kick=$(echo "$via" | sed -n 's/.*exit after it \([0-9]*\).*/\1/p')
	wake=$(echo "$via" | sed -n 's/.*wakeup from halt \([0-9]*\).*/\1/p')
	out=$(echo "$via" | sed -n 's/.*out of the guest \([0-9]*\).*/\1/p')
	case $c in
	*vtimer*) ;;
	*-wfi)
		if [ "$wake" = "$want" ]; then ok "$c: every injection woke its vCPU"
		else bad "$c: $wake of $want injections woke the vCPU ($via)"; fi ;;
	*)
		if [ -n "$kick" ] && [ $((kick + out)) = "$want" ]; then
			ok "$c: every injection reached the vCPU by a kick ($kick) or its next entry ($out)"
		else
			bad "$c: reached by '$via', want $want kicks or entries"
		fi ;;
	esac
	# The attached summary's row for this cell's vCPU thread.
	live=$(awk -v tid=$tid '/^total at/ { t = 1 } t && $3 == tid { print $4; exit }' $o/summary.txt)
	if [ "$c" = "$first" ]; then
		:	# it may have begun before virqtrace was attached
	elif [ "$live" = "$want" ]; then
		ok "$c: attached summary counts $live injections"
	elif [ -n "$live" ] && echo $c | grep -q vtimer &&
	     [ $((live * 100)) -ge $((want * 98)) ] && [ $((live * 100)) -le $((want * 102)) ]; then
		ok "$c: attached summary counts $live of $want injections (within 2%)"
	else
		bad "$c: attached summary counts '$live' injections on tid $tid, bench injected $want"
	fi
done

# 4. A ring buffer that overflows: the reader stopped through a flood.
$VB run --out $top/flood --path soft-vi --state busy --count 3000 --no-trace \
	> $o/flood-bench.txt 2>&1 &
bp=$!
# perf's counters go on the threads there when the tracer starts
# (bpf/perf_count.h): the vCPU's must be one of them.
wait_vm $bp
wait_vcpu $bp
$VT --pid $bp --out $o/flood.tsv --ringbuf-mb 1 --perf-out $o/flood.perf.tsv --ready-fd 3 \
	3> $o/flood.ready > $o/flood.err 2>&1 &
vp=$!
# Stopped only once "ready": the recount's window is open by then. The trace's
# header comes earlier (before the tracer locks its memory and opens the
# window); stopped there, the window opened after the flood's VM had gone.
if wait_ready $o/flood.ready; then ok "flood: the tracer is ready"
else bad "flood: the tracer wrote no 'ready' to --ready-fd within 60 s"; fi
kill -STOP $vp
wait $bp; echo "rc=$?" >> $o/flood-bench.txt
kill -CONT $vp
kill -INT $vp
wait $vp; echo "rc=$?" >> $o/flood.err
check "flood: bench ran" $o/flood-bench.txt "^rc=0"
check "flood: the tracer finished cleanly" $o/flood.err "^rc=0"
lr=$(sed -n 's/^# lost_ringbuf=//p' $o/flood.tsv)
lb=$(sed -n 's/^# lost_busy=//p' $o/flood.tsv)
lt=$(sed -n 's/^# lost=//p' $o/flood.tsv)
ev=$(sed -n 's/^# events=//p' $o/flood.tsv)
rows=$(grep -vc "^#" $o/flood.tsv)
if [ -n "$lr" ] && [ "$lr" -gt 0 ]; then ok "flood: $lr records the ring buffer had no room for, counted"
else bad "flood: lost_ringbuf='$lr' (expected > 0)"; fi
if [ -n "$lt" ] && [ "$lt" = $((lr + lb)) ]; then ok "flood: lost = lost_ringbuf + lost_busy ($lt)"
else bad "flood: lost='$lt', lost_ringbuf='$lr', lost_busy='$lb'"; fi
if [ -n "$ev" ] && [ "$ev" = "$rows" ] && [ "$rows" -gt 1000 ]; then
	ok "flood: the $rows records read before and after are kept"
else bad "flood: events='$ev', rows $rows"; fi
# perf's recount sees what the ring buffer dropped: perf counts more than
# the trace has, by at most the records lost (some may be other processes').
missed=$(awk -F'\t' '/^# tid\tclass/ { exit } /^#/ { next } { d += $3 - $4 - $5 } END { print d + 0 }' \
	$o/flood.perf.tsv 2>/dev/null)
# Where the loss lies: the busy vCPU's exits, which perf counts on its thread.
tid=$(sed -n 's/^vcpu0_tid=//p' $top/flood/cells/*/cell.kv)
n=$(awk -F'\t' -v tid="$tid" '$1 == tid && $2 == "exit" { print $3 }' $o/flood.perf.tsv 2>/dev/null)
if [ -n "$tid" ] && [ "${n:-0}" -gt 0 ]; then ok "flood: perf counted the vCPU thread's $n exits (tid $tid)"
else bad "flood: perf counted '${n:-}' exits on the vCPU thread (tid '$tid'; flood.perf.tsv's threads: $(awk -F'\t' '!/^#/ { print $1 }' $o/flood.perf.tsv 2>/dev/null | sort -u | tr '\n' ' '))"; fi
if [ -n "$lr" ] && [ "${missed:-0}" -gt 0 ] && [ "$missed" -le "$lr" ]; then
	ok "flood: perf's recount finds $missed events the trace lacks (lost_ringbuf $lr)"
else bad "flood: perf's recount finds '${missed:-}' events the trace lacks (lost_ringbuf '$lr')"; fi
$VT --replay $o/flood.tsv > $o/replay-flood.txt 2>&1
check "flood: the replay says its counts are incomplete" $o/replay-flood.txt "lost $lt (counts are incomplete)"
echo "$pass passed, $fail failed" >> $res
