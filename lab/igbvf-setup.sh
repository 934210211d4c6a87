# Sourced at the start of a lab job that asked for --device igbvf: the igb
# PF's own driver makes one virtual function (8086:10ca). The PF's
# interface goes up so that igb puts the PF in MSI-X mode (GPIE), which is
# what routes the VF's interrupt causes to the VF's vectors; bench/ then
# leaves the PF alone (it carries an interface that is up) and takes the
# VF, which no driver claims here.
vqb_igbvf() {
	modprobe igb || return 1
	pf="" i=0
	for d in /sys/bus/pci/devices/*; do [ "$(cat "$d/device")" = 0x10c9 ] && pf=$d && break; done
	[ -n "$pf" ] || { echo "igbvf: no igb PF (8086:10c9)" >&2; return 1; }
	while [ ! -d "$pf/net" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	ifc=$(ls "$pf/net" 2>/dev/null | head -n 1)
	[ -n "$ifc" ] && ip link set "$ifc" up || { echo "igbvf: the PF has no interface to bring up" >&2; return 1; }
	echo 1 >"$pf/sriov_numvfs" || { echo "igbvf: $pf/sriov_numvfs refused" >&2; return 1; }
	i=0
	until grep -qx 0x10ca /sys/bus/pci/devices/*/device 2>/dev/null; do
		[ $i -ge 100 ] && { echo "igbvf: no VF appeared" >&2; return 1; }
		sleep 0.1
		i=$((i + 1))
	done
}
