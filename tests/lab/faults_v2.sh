# Runs inside the lab on a GICv2 host: the skeleton's path needs a GICv3.
out=$1
mkdir -p $out/faults
/opt/virqbench/virqbench run --out $out/faults/nov3 --gic v3 --count 5 \
	>$out/faults/nov3.out 2>$out/faults/nov3.err
echo $? >$out/faults/nov3.rc
