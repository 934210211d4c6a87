#!/bin/sh
# Lab test of faults in the middle of a cell, one GICv3 boot
# (tests/lab/faults_midcell.sh runs inside it):
#  1. the tracer killed mid-cell (SIGKILL, bench --fault-kill-tracer-after):
#     the cell fails naming the signal, keeps its interrupts and what the
#     trace had written, the run goes on to the next cell, and the host's
#     BPF state is as it was found;
#  2. an exception inside the guest agent (bench --fault-guest-exception-after):
#     the cell fails at once with the agent's ESR, ELR and FAR in cell.kv,
#     keeping the interrupts before it, and the run goes on;
#  3. an SError in the guest (bench --fault-guest-serror-after, a virtual
#     SError from KVM_SET_VCPU_EVENTS): the same, with its syndrome.
#
#   tests/lab/faults_midcell_test.sh BUILD_DIR CACHE_DIR
set -u
build=${1:-build} cache=${2:-cache}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work="$build/test-faults-midcell"
rm -rf "$work" && mkdir -p "$work"
. "$here/lib.sh"
t0=$(date +%s)
sh "$top/lab/run.sh" --gic 3 --work "$work/lab" --arm-out "$build/arm64" \
	--cache "$cache" --script "$here/faults_midcell.sh" >/dev/null
rc=$?
f="$work/lab/out/faults"
check "fault boot (GICv3) finished (exit $rc)" test -d "$f"
# The summary.csv column of the total stage of a path.
total() { awk -F, -v p="$2" -v col="$3" 'NR == 1 { for (i = 1; i <= NF; i++) ix[$i] = i; next }
	$ix["path"] == p && $ix["stage"] == "total" { print $ix[col] }' "$1"; }

# 1. The tracer killed mid-cell.
check "tracer killed: exit 1 (a cell failed)" test "$(cat "$f/killtracer.rc" 2>/dev/null)" = 1
for p in lr-line sgi; do
	ck="$f/killtracer/cells/v3-vhe-$p-busy/cell.kv"
	n=$(kv "$ck" count_injected)
	check "tracer killed ($p): the cell is an error naming the signal" sh -c \
		"grep -qx 'status=error' '$ck' && grep -q '^error=the tracer died mid-cell: virqtrace was killed by signal 9' '$ck'"
	# A process that holds BPF programs takes the kernel a while to end
	# (its programs detached, its ring buffer freed): 19 and 23 interrupts
	# here, under TCG. Its death must be seen within the cell.
	check "tracer killed ($p): the death is seen after the kill and before the cell's end (stopped after $n of 110)" \
		sh -c "[ '$n' -gt 40 ] && [ '$n' -lt 110 ]"
	check "tracer killed ($p): every injected interrupt is in host.tsv and answered" \
		test "$(grep -vc '^#' "$f/killtracer/cells/v3-vhe-$p-busy/host.tsv") $(kv "$ck" count_received)" = "$n $n"
	check "tracer killed ($p): trace=on, its trace.tsv kept without a trailer, trace_error says so" sh -c \
		"grep -qx 'trace=on' '$ck' && grep -q '^trace_error=virqtrace was killed by signal 9' '$ck' &&
		 [ -s '$f/killtracer/cells/v3-vhe-$p-busy/trace.tsv' ] &&
		 ! grep -q '^# events=' '$f/killtracer/cells/v3-vhe-$p-busy/trace.tsv'"
done
check "tracer killed: the run went on to the second cell" test -f "$f/killtracer/cells/v3-vhe-sgi-busy/cell.kv"
check "tracer killed: the message reached the user" grep -q "the tracer died mid-cell" "$f/killtracer.err"
check "tracer killed: no BPF program, link or map held, none pinned, stats as found ($(tr '\n' ' ' < "$f/bpf.before")-> $(tr '\n' ' ' < "$f/bpf.after"))" \
	sh -c "cmp -s '$f/bpf.before' '$f/bpf.after' && [ \$(head -n 1 '$f/bpf.after') = 0 ]"
check "a traced run after it: exit 0, trace complete" sh -c \
	"[ \$(cat '$f/traceagain.rc') = 0 ] && grep -q '^# events=' '$f/traceagain/cells/v3-vhe-lr-line-busy/trace.tsv'"
"$build/host/virqbench-analyze" -q --calib-tolerance-ns 500 "$f/killtracer" "$work/killtracer" \
	>"$work/killtracer.out" 2>&1
arc=$?
check "tracer killed: analysed (exit $arc)" test -f "$work/killtracer/summary.json"
for p in lr-line sgi; do
	ck="$f/killtracer/cells/v3-vhe-$p-busy/cell.kv"
	n=$(kv "$ck" count_injected)
	cnt=$(total "$work/killtracer/summary.csv" $p count)
	check "tracer killed ($p): all $((n - 10)) interrupts past the warm-up measured (total count $cnt)" \
		test "$cnt" = $((n - 10))
	# The trace as far as it got: the exits of the interrupts it covers.
	ex=$(tr -d ' \n' < "$work/killtracer/summary.json" | sed 's/"name":/\n/g' | grep "^\"v3-vhe-$p-busy\"" |
		sed -n 's/.*"exits_caused":{"available":true,"count":\([0-9]*\).*/\1/p' | head -n 1)
	check "tracer killed ($p): the kept trace gives the exits of the interrupts it covers, not of the later ones (${ex:-none} of $cnt)" \
		sh -c "[ -n '$ex' ] && [ '$ex' -gt 0 ] && [ '$ex' -lt '$cnt' ]"
done
check "tracer killed: the analysis says the trace ended early" grep -q "the tracer ended before the cell did" "$work/killtracer/summary.json"

# 2. An exception inside the guest agent.
check "guest exception: exit 1" test "$(cat "$f/guestexc.rc" 2>/dev/null)" = 1
for p in lr-line sgi; do
	ck="$f/guestexc/cells/v3-vhe-$p-busy/cell.kv"
	check "guest exception ($p): error names the exception, 25 interrupts injected and answered before it" sh -c \
		"grep -qx 'status=error' '$ck' && grep -q '^error=interrupt 25: the guest agent failed (code 4): vcpu[0-9]*: unexpected sync (EL1h) exception' '$ck' &&
		 [ \$(sed -n 's/^count_received=//p' '$ck') = 25 ] && [ \$(sed -n 's/^count_injected=//p' '$ck') = 26 ]"
	check "guest exception ($p): cell.kv has the agent's registers: a data abort at EL1 (EC 0x25) on FAR 0x7fdead0000 ($(kv "$ck" guest_fault_esr), ELR $(kv "$ck" guest_fault_elr))" \
		test "$(kv "$ck" guest_fail_code) $(kv "$ck" guest_fault_vector) $(kv "$ck" guest_fault_ec) $(kv "$ck" guest_fault_far)" = "4 4 0x25 0x7fdead0000"
	# ELR must be the faulting load, inside agent_fault_now() (the agent's symbols).
	elr=$(kv "$ck" guest_fault_elr)
	range=$(aarch64-linux-gnu-nm -n "$build/arm64/guest-agent.elf" 2>/dev/null |
		awk '$3 == "agent_fault_now" { lo = $1; next } lo != "" && hi == "" { hi = $1 } END { print lo, hi }')
	set -- $range
	check "guest exception ($p): ELR $elr is inside agent_fault_now() [0x${1:-?}, 0x${2:-?})" sh -c \
		"[ -n '${2:-}' ] && [ \$(printf %d '$elr') -ge \$(printf %d 0x$1) ] && [ \$(printf %d '$elr') -lt \$(printf %d 0x$2) ]"
done
check "guest exception: the run went on to the second cell" test -f "$f/guestexc/cells/v3-vhe-sgi-busy/cell.kv"
check "guest exception: no 60 s interrupt time limit waited for (both cells in $(cat "$f/guestexc.secs") s)" \
	sh -c "[ \$(cat '$f/guestexc.secs') -lt 60 ]"
"$build/host/virqbench-analyze" -q --calib-tolerance-ns 500 "$f/guestexc" "$work/guestexc" \
	>"$work/guestexc.out" 2>&1
check "guest exception: analysed, each cell's 15 interrupts past the warm-up measured and 1 lost" \
	test "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) ix[$i] = i; next }
		$ix["stage"] == "total" { print $ix["count"] "/" $ix["lost"] }' "$work/guestexc/summary.csv" |
		sort -u)" = "15/1"

# 3. An SError: made pending as the agent answers interrupt 25 (seq 24) and
# taken when its handler returns, before seq 25's interrupt or, when that
# one is already pending, after it (which of two pending comes first is the
# CPU's choice): the first interrupt not answered is 25 or 26.
check "guest SError: exit 1" test "$(cat "$f/guestserr.rc" 2>/dev/null)" = 1
for p in lr-line sgi; do
	ck="$f/guestserr/cells/v3-vhe-$p-busy/cell.kv"
	rcv=$(kv "$ck" count_received) inj=$(kv "$ck" count_injected)
	check "guest SError ($p): error names the SError at the first interrupt not answered ($rcv answered of $inj injected)" sh -c \
		"grep -qx 'status=error' '$ck' && [ '$rcv' = 25 -o '$rcv' = 26 ] && [ '$inj' = \$(($rcv + 1)) ] &&
		 grep -q '^error=interrupt $rcv: the guest agent failed (code 4): vcpu[0-9]*: unexpected SError (EL1h) exception' '$ck'"
	iss=$(kv "$ck" fault_guest_serror_iss) esr=$(kv "$ck" guest_fault_esr)
	check "guest SError ($p): cell.kv has the agent's registers: vector 7 (SError at EL1h), EC 0x2f, ESR $esr with bench/'s syndrome ($iss)" sh -c \
		"[ '$(kv "$ck" guest_fail_code) $(kv "$ck" guest_fault_vector) $(kv "$ck" guest_fault_ec)' = '4 7 0x2f' ] &&
		 { [ '$iss' = none ] || [ \$(( ${esr:-0} & 0x1ffffff )) = \$(( ${iss:-1} )) ]; }"
	check "guest SError ($p): taken on the vCPU it was raised on, the target (vcpu$(kv "$ck" target_vcpu))" \
		test "$(kv "$ck" guest_fail_vcpu)" = "$(kv "$ck" target_vcpu)"
	check "guest SError ($p): recorded as a fault test (fault_guest_serror_after=25)" test "$(kv "$ck" fault_guest_serror_after)" = 25
done
check "guest SError: no 60 s interrupt time limit waited for (both cells in $(cat "$f/guestserr.secs") s)" \
	sh -c "[ \$(cat '$f/guestserr.secs') -lt 60 ]"
"$build/host/virqbench-analyze" -q --calib-tolerance-ns 500 "$f/guestserr" "$work/guestserr" \
	>"$work/guestserr.out" 2>&1
for p in lr-line sgi; do
	rcv=$(kv "$f/guestserr/cells/v3-vhe-$p-busy/cell.kv" count_received)
	check "guest SError ($p): analysed, the $((${rcv:-0} - 10)) interrupts answered past the warm-up measured and 1 lost" \
		test "$(total "$work/guestserr/summary.csv" $p count)/$(total "$work/guestserr/summary.csv" $p lost)" = "$((${rcv:-0} - 10))/1"
done
echo "faults-midcell: $pass passed, $fail failed ($(($(date +%s) - t0)) s)"
[ $fail = 0 ]
