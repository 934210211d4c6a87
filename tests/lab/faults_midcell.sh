# Runs inside the lab (GICv3 host) as lab/run.sh --script, for
# tests/lab/faults_midcell_test.sh: faults in the middle of a cell, each
# case's exit status, stderr and wall time left in $1/faults/.
out=$1
f=$out/faults
mkdir -p $f
vqb=/opt/virqbench/virqbench
case_run() {
	name=$1; shift
	t0=$(date +%s)
	"$@" >$f/$name.out 2>$f/$name.err
	echo $? >$f/$name.rc
	echo $(($(date +%s) - t0)) >$f/$name.secs
}
# The host's BPF state: every fd of every process that holds a BPF program,
# link or map (a program stays attached only while something holds it),
# what is pinned, and the stats sysctl.
bpf_state() {
	grep -lE '^(prog_id|link_id|map_id):' /proc/[0-9]*/fdinfo/* 2>/dev/null | wc -l
	ls /sys/fs/bpf 2>/dev/null | wc -l
	cat /proc/sys/kernel/bpf_stats_enabled 2>/dev/null
}
bpf_state >$f/bpf.before
# The tracer SIGKILLed after 40 interrupts of each cell (10 of them warm-up),
# 5 ms apart: the kill comes 200 ms or more into the cell, past the tracer's
# first 100 ms write-out, so that its trace.tsv has rows to keep.
case_run killtracer $vqb run --out $f/killtracer --path lr-line,sgi --count 100 \
	--fault-kill-tracer-after 40 --gap-us 5000 --bpf-stats
bpf_state >$f/bpf.after
# And a tracer after it attaches as ever.
case_run traceagain $vqb run --out $f/traceagain --path lr-line --count 20
# An exception in the agent while it handles interrupt 26 of each cell;
# a 60 s interrupt time limit that the run must not wait for.
case_run guestexc $vqb run --out $f/guestexc --path lr-line,sgi --count 100 \
	--fault-guest-exception-after 25 --irq-timeout-ms 60000
# An SError, an asynchronous exception from outside the agent, once it has
# answered 25 interrupts of each cell.
case_run guestserr $vqb run --out $f/guestserr --path lr-line,sgi --count 100 \
	--fault-guest-serror-after 25 --irq-timeout-ms 60000
