# The recount of lab_exits_check.sh: a trace.tsv's kvm_exit rows of thread
# tid from the VM's first injection on, the span trace mode counts a vCPU's
# exits over (bpf/trace_summary.h: from its first delivered injection, the
# exit just before that delivery included when it came after the injection).
#
#   awk -v tid=TID -f bpf/tests/exits_since_injection.awk trace.tsv
#
# Prints the count (0 without an injection). Both edges of the span are
# trace mode's, or the recount counts what trace mode rightly leaves out:
#  - an injection is a raising of a line: level 1 (doc/raw-format.md gives
#    each event's level column). KVM also calls kvm_timer_update_irq and
#    vgic_update_irq_pending with level 0, when it syncs a vCPU's timer lines
#    at vcpu_load (after the thread was scheduled out) and when a line goes
#    down: no interrupt, and the IRQ exits of a busy vCPU between such a
#    call and bench/'s first injection are no interrupt's cost;
#  - by time, not by line: one ring buffer fed by two CPUs can place the
#    vCPU's exit a few microseconds before an injection after it in the
#    file; trace mode sorts by time and does not count such an exit.
BEGIN { FS = "\t" }
/^#/ { next }
{ level = -1 }
$4 == "irq_line" { level = $8 }
$4 == "set_irq" { level = $6 }
$4 == "vgic_pending" || $4 == "timer_irq" { level = $7 }
level == 1 && (first == "" || $1 + 0 < first + 0) { first = $1 }
$2 == tid && $4 == "exit" { exits[++n] = $1 + 0 }
END {
	for (i = 1; i <= n; i++)
		if (first != "" && exits[i] >= first + 0)
			count++
	print count + 0
}
