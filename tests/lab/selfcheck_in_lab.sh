# Runs inside the lab (GICv3 host) as lab/run.sh --script, for
# selfcheck_test.sh: an A/A pair of short runs, then the same with a known
# delay at the guest's ack and at bench/'s injection. All in one boot, and
# round by round: round r of every run, then round r + 1, so that the
# machine's drift (other work on a shared host) spreads over all four runs
# as bench/'s --rounds spreads it over cells. Each round is a run of its
# own; its cells join their run as <cell>-r<r> with round= and rounds=,
# what --rounds would have written.
out=$1
vqb=/opt/virqbench/virqbench
rounds=3
args="--state busy --count ${SELFCHECK_COUNT:-150}"
runs="a1:lr-line,sgi: a2:lr-line,sgi: ack:lr-line,sgi:guest-ack:50000 inj:lr-line,sgi:host-inject:50000"
mkdir -p $out/sc
for r in $(seq 1 $rounds); do
	for run in $runs; do
		id=${run%%:*} rest=${run#*:}
		paths=${rest%%:*} delay=${rest#*:}
		$vqb run --out $out/sc/$id.r$r --path $paths $args ${delay:+--delay $delay} \
			>>$out/sc/$id.out 2>>$out/sc/$id.err
		rc=$?
		[ "$(cat $out/sc/$id.rc 2>/dev/null || echo 0)" = 0 ] && echo $rc >$out/sc/$id.rc
	done
done
for run in $runs; do
	id=${run%%:*}
	mkdir -p $out/sc/$id/cells
	cp $out/sc/$id.r1/run.kv $out/sc/$id/run.kv
	for r in $(seq 1 $rounds); do
		for c in $out/sc/$id.r$r/cells/*; do
			d=$out/sc/$id/cells/$(basename $c)-r$r
			mv $c $d
			printf 'round=%s\nrounds=%s\n' $r $rounds >>$d/cell.kv
		done
		rm -rf $out/sc/$id.r$r
	done
done
