#!/bin/sh
# Runs libFuzzer harnesses and prints, per surface, the executions, their
# rate, the peak RSS and the findings (crash, leak, timeout and OOM inputs
# left in FUZZ_OUT/findings/<surface>/). Exit 1 when anything was found.
#
#   run.sh BIN_DIR FUZZ_OUT time SECONDS SURFACE...
#   run.sh BIN_DIR FUZZ_OUT runs N SURFACE...
#
# The corpus grows in FUZZ_OUT/corpus/<surface> from run to run; with
# FZ_FRESH=1 (make fuzz-check) it starts from the seeds alone each time, so
# that `make check` takes the same few seconds however often it ran.
set -u
bin=$1 out=$2 mode=$3 amount=$4
shift 4
case $mode in
time) limit="-max_total_time=$amount" ;;
runs) limit="-runs=$amount" ;;
*) echo "run.sh: mode '$mode' (expected time or runs)" >&2; exit 2 ;;
esac
found=0 total=0
printf '%-8s %12s %10s %8s %8s %9s\n' surface executions exec/s rss_mb seconds findings
for s in "$@"; do
	corpus=$out/corpus/$s seeds=$out/seeds/$s findings=$out/findings/$s log=$out/log/$s.log
	if [ "${FZ_FRESH:-0}" = 1 ]; then
		corpus=$out/check-corpus/$s
		rm -rf "$corpus"
	fi
	mkdir -p "$corpus" "$seeds" "$findings" "$out/log"
	# one file's surfaces stay small (fast, and bugs hide in short inputs);
	# a whole cell or results directory needs room for its files
	case $s in cell|rdir|compare|fleet) max=65536 ;; *) max=8192 ;; esac
	before=$(ls "$findings" | wc -l)
	t0=$(date +%s.%N)
	"$bin/fz-$s" $limit -print_final_stats=1 -timeout=10 -max_len=$max \
		-artifact_prefix="$findings/" "$corpus" "$seeds" >"$log" 2>&1
	rc=$?
	t1=$(date +%s.%N)
	after=$(ls "$findings" | wc -l)
	n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
	secs=$(echo "$t0 $t1" | awk '{ printf "%.1f", $2 - $1 }')
	new=$((after - before))
	# a crash ends the run before the final stats: the log says what it was
	[ "$rc" -ne 0 ] && [ "$new" -eq 0 ] && new=1
	rate=$(echo "${n:-0} $secs" | awk '{ printf "%d", ($2 > 0) ? $1 / $2 : 0 }')
	printf '%-8s %12s %10s %8s %8s %9s\n' "$s" "${n:-?}" "$rate" "${rss:-?}" "$secs" "$new"
	if [ "$new" -ne 0 ]; then
		found=$((found + new))
		grep -m1 -E 'ERROR: (AddressSanitizer|libFuzzer|LeakSanitizer)|runtime error' "$log" | sed 's/^/         /'
		echo "         inputs: $findings/  log: $log"
	fi
	total=$((total + ${n:-0}))
done
echo "total: $total executions, $found finding(s)"
[ "$found" -eq 0 ]
