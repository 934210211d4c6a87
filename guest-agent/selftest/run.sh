#!/bin/sh
# Runs agent-selftest.elf under plain QEMU virt (TCG, no KVM, no bench/) in
# each of its modes and checks what it prints. Logs go next to the ELF.
#
#   guest-agent/selftest/run.sh build/arm64/agent-selftest.elf [QEMU]
set -u
elf=$1 qemu=${2:-qemu-system-aarch64}
logs=$(dirname "$elf")/agent-selftest
mkdir -p "$logs"
pass=0 fail=0

# name, GIC version, -smp, mode, what the log must contain, seconds to
# allow. Runs that pass power QEMU off; the agent halts on failure, so those
# end by timeout.
run() {
	name=$1 gic=$2 smp=$3 mode=$4 want=$5 secs=$6 log="$logs/$1.log"
	timeout "$secs" "$qemu" -M virt,gic-version="$gic" -cpu max -smp "$smp" -m 256 \
		-nographic -nic none -no-reboot -kernel "$elf" \
		-device loader,addr=0x40fff000,data="$mode",data-len=4 </dev/null >"$log" 2>&1
	if grep -q "$want" "$log" && ! grep -q '^SELFTEST FAIL' "$log"; then
		pass=$((pass + 1))
		echo "ok   $name: $(grep -m 1 "$want" "$log" | tr -d '\r')"
	else
		fail=$((fail + 1))
		echo "FAIL $name (no '$want' in $log):"
		sed 's/^/    /' "$log"
	fi
}

# Modes: selftest.c's modes[].
run v3-local-1cpu 3 1 0 '^SELFTEST PASS' 60
run v3-local-4cpu 3 4 0 '^SELFTEST PASS' 60
run v3-remote-wfi 3 2 3 '^SELFTEST PASS' 60
run v3-remote-busy 3 4 4 '^SELFTEST PASS' 60
run v2-local-1cpu 2 1 0 '^SELFTEST PASS' 60
run v2-remote-wfi 2 2 3 '^SELFTEST PASS' 60
run v2-remote-busy 2 4 4 '^SELFTEST PASS' 60
run bad-magic 3 1 1 '^virqbench-agent: FAIL 1: vcpu0: boot block' 5
run brk 3 2 2 '^virqbench-agent: FAIL 4: vcpu0: unexpected sync (EL1h) exception: ESR=0xf200007a' 5
run v3-irqfd-remote-wfi 3 2 8 '^SELFTEST PASS' 60
run v3-lpi-local-1cpu 3 1 5 '^SELFTEST PASS' 60
run v3-lpi-remote-wfi 3 2 6 '^SELFTEST PASS' 60
run v3-v4direct-remote-busy 3 4 7 '^SELFTEST PASS' 60
run v3-sgi-busy 3 3 9 '^SELFTEST PASS' 60
run v3-sgi-wfi 3 3 10 '^SELFTEST PASS' 60
run v2-sgi-busy 2 3 9 '^SELFTEST PASS' 60
run v2-sgi-wfi 2 3 10 '^SELFTEST PASS' 60
run v3-vtimer-busy 3 2 11 '^SELFTEST PASS' 60
run v3-vtimer-wfi 3 3 12 '^SELFTEST PASS' 60
run v2-vtimer-busy 2 2 11 '^SELFTEST PASS' 60
run v2-vtimer-wfi 2 3 12 '^SELFTEST PASS' 60
run v2-lpi-unsupported 2 1 13 '^virqbench-agent: FAIL 5: vcpu0: path lr-msi with gic_version 2' 5
run softvi-setup 2 1 14 '^SELFTEST PASS' 60
run v3-cycles-remote-busy 3 2 15 '^SELFTEST PASS' 60
run v2-cycles-remote-busy 2 2 15 '^SELFTEST PASS' 60
echo "agent-selftest: $pass passed, $fail failed"
[ $fail = 0 ]
