# Runs inside the lab (GICv3 host) as lab/run.sh --script: each fault case
# leaves its exit status and stderr in $1/faults/ for lr_line_test.sh.
out=$1
f=$out/faults
mkdir -p $f
vqb=/opt/virqbench/virqbench
case_run() {
	name=$1; shift
	"$@" >$f/$name.out 2>$f/$name.err
	echo $? >$f/$name.rc
}
# A guest that never answers: an agent that is one branch-to-self.
printf '\000\000\000\024' >/tmp/hang.bin
case_run hang $vqb run --out $f/hang --agent /tmp/hang.bin --ready-timeout-ms 2000 --count 5 --no-trace
# A guest that stops answering mid-cell (the agent's fault knob), traced:
# each cell keeps its first 40 interrupts, and the run goes on to the next.
case_run hangmid $vqb run --out $f/hangmid --path lr-line,lr-irqfd --count 100 \
	--fault-hang-after 40 --irq-timeout-ms 2000
# A tracer whose BPF programs fail to load: its message must reach the user,
# and the measurement must go on without a trace.
cat >/tmp/badtracer <<'EOT'
#!/bin/sh
echo "libbpf: prog 'on_kvm_exit': BPF program load failed: Permission denied (verifier: invalid access)" >&2
echo "virqtrace: BPF programs failed to load; this run has no trace" >&2
exit 2
EOT
chmod +x /tmp/badtracer
case_run notrace $vqb run --out $f/notrace --tracer /tmp/badtracer --count 50
case_run badopt $vqb run --out $f/badopt --bogus
case_run badpath $vqb run --out $f/badpath --path nope
case_run badcount $vqb run --out $f/badcount --count 12x
case_run nocmd $vqb frobnicate
mv /dev/kvm /dev/kvm.off
case_run nokvm $vqb run --out $f/nokvm --count 5
mv /dev/kvm.off /dev/kvm
