# Runs inside the lab (GICv4, QEMU 10.0 with edu, e1000e and igb; lab/run.sh
# --device igbvf --modules "e1000e igb"): v4-direct through each device,
# traced, with the NICs bound to their own drivers first, so that giving
# them back is tested; then through an igb VF, which needs its PF's
# interface up; then that PF, which bench/ must refuse to take.
# tests/lab/nic_test.sh prepends count=N.
out=$1
f=$out/nic
mkdir -p $f
vqb=/opt/virqbench/virqbench
bindings() {
	for d in /sys/bus/pci/devices/*; do
		echo "$(basename $d) $(cat $d/vendor):$(cat $d/device) driver=$(basename "$(readlink $d/driver)") override=$(cat $d/driver_override)"
	done
}
of_id() { for d in /sys/bus/pci/devices/*; do [ "$(cat $d/device)" = "$1" ] && basename $d; done; }
modprobe e1000e >$f/modprobe.out 2>&1
modprobe igb >>$f/modprobe.out 2>&1
# The drivers probe asynchronously: wait until both NICs are theirs.
i=0
until bindings | grep -q '0x10d3 driver=e1000e' && bindings | grep -q '0x10c9 driver=igb'; do
	[ $i -ge 100 ] && break
	sleep 0.1
	i=$((i + 1))
done
bindings >$f/bindings.before
$vqb list >$f/list.out 2>&1
$vqb run --out $f/v4 --path v4-direct --vfio-device edu,e1000e,igb --state busy,wfi \
	--count "$count" >$f/v4.out 2>$f/v4.err
echo $? >$f/v4.rc
bindings >$f/bindings.after
# A list whose first device is not there (no VF yet): that one's cells are
# skipped with the reason, the others measured.
$vqb run --out $f/novf --path v4-direct --vfio-device igbvf,edu --count 5 --no-trace \
	>$f/novf.out 2>$f/novf.err
echo $? >$f/novf.rc
# An igb VF (lab/run.sh --device igbvf gave this job vqb_igbvf): its PF's
# driver makes it, with the PF's interface up.
vqb_igbvf >$f/igbvf.out 2>&1
echo $? >$f/igbvf.rc
bindings >$f/bindings.vf
$vqb run --out $f/vf --path v4-direct --vfio-device igbvf --state busy,wfi \
	--count "$count" >$f/vf.out 2>$f/vf.err
echo $? >$f/vf.rc
bindings >$f/bindings.vf-after
# That PF's interface is up: it carries traffic, bench/ must not take it.
igb=$(of_id 0x10c9)
ls /sys/bus/pci/devices/$igb/net/ 2>/dev/null | head -n 1 >$f/up.ifname
$vqb run --out $f/up --path v4-direct --vfio-device igb --count 5 --no-trace >$f/up.out 2>$f/up.err
echo $? >$f/up.rc
bindings >$f/bindings.end
