# Runs inside the lab (GICv3 host) as lab/run.sh --script, for
# selfcheck_test.sh: an A/A pair of short runs, then the same with a known
# delay at the guest's ack and at bench/'s injection. All in one boot, one
# after the other, so that only the delay tells them apart.
out=$1
vqb=/opt/virqbench/virqbench
args="--state busy --count ${SELFCHECK_COUNT:-150} --rounds 3"
mkdir -p $out/sc
for run in a1:lr-line,sgi: a2:lr-line,sgi: ack:lr-line,sgi:guest-ack:50000 inj:lr-line,sgi:host-inject:50000; do
	id=${run%%:*} rest=${run#*:}
	paths=${rest%%:*} delay=${rest#*:}
	$vqb run --out $out/sc/$id --path $paths $args ${delay:+--delay $delay} \
		>$out/sc/$id.out 2>$out/sc/$id.err
	echo $? >$out/sc/$id.rc
done
