# Runs inside the lab on a GICv4 host: v4-direct's device faults, and the
# device's driver binding as found before and after every run.
out=$1
f=$out/faults
mkdir -p $f
vqb=/opt/virqbench/virqbench
case_run() {
	name=$1; shift
	"$@" >$f/$name.out 2>$f/$name.err
	echo $? >$f/$name.rc
}
bindings() {
	for d in /sys/bus/pci/devices/*; do
		echo "$(basename $d) driver=$(basename "$(readlink $d/driver)") override=$(cat $d/driver_override)"
	done
}
bindings >$f/bindings.before
# A device that does not exist.
case_run nodev $vqb run --out $f/nodev --path v4-direct --vfio-device 0000:00:1f.7 --count 5 --no-trace
# A device another VFIO user holds: bind it and keep its group open.
edu=$(for d in /sys/bus/pci/devices/*; do [ "$(cat $d/device)" = 0x11e8 ] && basename $d; done)
echo vfio-pci >/sys/bus/pci/devices/$edu/driver_override
echo $edu >/sys/bus/pci/drivers_probe
grp=$(basename "$(readlink /sys/bus/pci/devices/$edu/iommu_group)")
exec 9<>/dev/vfio/$grp
case_run inuse $vqb run --out $f/inuse --path v4-direct --count 5 --no-trace
exec 9>&-
echo $edu >/sys/bus/pci/devices/$edu/driver/unbind
echo >/sys/bus/pci/devices/$edu/driver_override
bindings >$f/bindings.middle
# A normal run borrows the device and gives it back.
case_run v4ok $vqb run --out $f/v4ok --path v4-direct --state all --count 20 --no-trace
# The doorbell: a busy neighbour on the vCPU's CPU makes KVM trap the WFI,
# the vCPU sleeps non-resident, and each vLPI must wake it (traced).
case_run v4door $vqb run --out $f/v4door --path v4-direct --state wfi --count 100 --contend
bindings >$f/bindings.after
