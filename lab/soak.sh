#!/bin/sh
# The soak: COUNT interrupts on each path, one lab boot (or native run) per
# path, then every interrupt accounted for (injected = received = COUNT,
# none lost) and the memory of the tracer and of the analysis shown at the
# start, the middle and the end: flat, whatever the count.
#   - the tracer's (virqtrace) and bench/'s VmRSS: the cell's rss.tsv,
#     written by bench/ in the lab (bench/memwatch.c, doc/raw-format.md);
#   - the analysis': the raw run analysed again with every cell joined a
#     window at a time (VIRQBENCH_EXACT_MAX=0, percentiles from histograms:
#     the large-cell path) and VIRQBENCH_RSS_LOG=1, under runstat for the peak.
# "flat": the last reading is within 20 % (and 1 MiB) of the first one for
# the tracer (it locks its pages before the first event, bpf/virqtrace.c
# lock_memory(): its ring buffer is in from the start), of the middle one
# for bench/ and the analysis, which set up some things once after the
# start (the analysis' first histogram buckets): growth with the count
# shows between the middle and the end. All three readings are printed.
#
#   lab/soak.sh BUILD CACHE COUNT GIC TIMEOUT_S PATH...
set -u
build=$1 cache=$2 count=$3 gic=$4 timeout=$5
shift 5
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
. "$top/tests/lab/lib.sh"
work="$build/soak"
stamp=$(date -u +%Y%m%d-%H%M%S)
mkdir -p "$work"

flat() { # first last: within 20 % and 1 MiB
	awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "-" && b != "-" && b <= a * 1.2 + 1024) }'
}
rss_row() { # rss.tsv which(first|middle|last) column
	grep -v '^#' "$1" | awk -v w="$2" -v c="$3" '
		{ row[NR] = $c } END { if (!NR) exit; print row[w == "first" ? 1 : w == "last" ? NR : int((NR + 1) / 2)] }'
}

# The lab keeps the raw run in its memory (a tmpfs of half of it) until a
# cell is saved to the output disk: room for two cells (a path's vGICs,
# "auto") of up to 1 KiB an interrupt (soft-vi, the largest, 0.9), in both.
mem=$(( 1024 + count * 4 / 1024 )) disk=$(( 2048 + count * 2 / 1024 ))
for p in "$@"; do
	id="soak-$p-$stamp"
	echo "soak: $p: $count interrupts, GICv$gic (a lab boot of up to $timeout s, $mem MiB of memory)"
	t0=$(date +%s)
	sh "$top/lab/measure.sh" --gic "$gic" --timeout "$timeout" --build "$build" --cache "$cache" \
		--mem-mib "$mem" --out-disk-mib "$disk" \
		--results "$work/results" --id "$id" -- --path "$p" --count "$count" --warmup 0 \
		>"$work/$id.res" 2>"$work/$id.err" &
	job=$!
	# How far a long cell is, as bench/ says it (cell_progress()): on the
	# lab's console, or in measure's stderr for a native run.
	shown=0
	while kill -0 $job 2>/dev/null; do
		sleep 5
		cat "$build/lab/$id/console.log" "$work/$id.err" 2>/dev/null | tr -d '\r' |
			grep -a '^cell .* interrupts (.*%), .* a second so far$' >"$work/$id.progress"
		n=$(wc -l <"$work/$id.progress")
		[ "$n" -gt "$shown" ] && sed -n "$((shown + 1)),${n}p" "$work/$id.progress" | sed 's/^/soak: /'
		shown=$n
	done
	wait $job
	rc=$?
	res=$(cat "$work/$id.res")
	t1=$(date +%s)
	raw="$build/lab/$id/out/raw"
	[ -d "$raw" ] || raw="$build/raw/$id"
	check "$p: measured (exit $rc; $work/$id.err)" test "$rc" = 0 -o "$rc" = 3
	if [ ! -d "$raw/cells" ]; then
		bad "$p: no raw run ($raw)"
		continue
	fi
	for cell in "$raw"/cells/*; do
		ck="$cell/cell.kv" name=$(basename "$cell")
		[ "$(kv "$ck" status)" = skipped ] && { echo "soak: $name: skipped: $(kv "$ck" skip_reason)"; continue; }
		inj=$(kv "$ck" count_injected) rcv=$(kv "$ck" count_received)
		check "$name: $count injected, $count received (got $inj, $rcv; status $(kv "$ck" status))" \
			test "$inj $rcv" = "$count $count"
		lost=$(awk -F, -v c="$name" 'NR == 1 { for (i = 1; i <= NF; i++) ix[$i] = i; next }
			$ix["cell"] == c && $ix["stage"] == "total" { print $ix["lost"] }' "$res/summary.csv" 2>/dev/null)
		check "$name: none lost in the analysis (lost $lost)" test "$lost" = 0
		secs=$(kv "$raw/lab.kv" lab_seconds)
		[ -n "$secs" ] || secs=$((t1 - t0))
		# The cell's own rate: host.tsv's first to last t_inject, on the counter.
		rate=$(awk -v f="$(kv "$ck" cntfrq)" '!/^#/ { if (!n++) a = $2; b = $2 }
			END { if (n > 1 && b > a) printf "%.1f", (n - 1) * f / (b - a); else print "-" }' "$cell/host.tsv")
		echo "soak: $name: $count interrupts at $rate /s (first to last injection); the boot $secs s in all; 1,000,000 would take $(awk -v r="$rate" 'BEGIN { if (r + 0 > 0) printf "%.1f h", 1e6 / r / 3600; else print "?" }')"
		rss="$cell/rss.tsv"
		if [ ! -s "$rss" ]; then
			bad "$name: no rss.tsv (a bench/ before it recorded memory)"
			continue
		fi
		for w in first middle last; do
			echo "soak: $name: tracer VmRSS at $w (seq $(rss_row "$rss" $w 1)): $(rss_row "$rss" $w 2) KiB; bench/: $(rss_row "$rss" $w 3) KiB"
		done
		check "$name: tracer memory flat from the start ($(rss_row "$rss" first 2) -> $(rss_row "$rss" last 2) KiB)" \
			flat "$(rss_row "$rss" first 2)" "$(rss_row "$rss" last 2)"
		# Where it moved, if it did: every reading, seq:KiB.
		[ "$(rss_row "$rss" first 2)" = "$(rss_row "$rss" last 2)" ] ||
			echo "soak: $name: tracer VmRSS by seq: $(grep -v '^#' "$rss" | awk '{ printf "%s%s:%s", (NR > 1 ? " " : ""), $1, $2 }')"
		check "$name: bench/ memory flat from the middle ($(rss_row "$rss" middle 3) -> $(rss_row "$rss" last 3) KiB)" \
			flat "$(rss_row "$rss" middle 3)" "$(rss_row "$rss" last 3)"
	done
	# The analysis, every cell on the large-cell path: its memory as it goes.
	win=65536
	[ "$count" -lt $((16 * win)) ] && win=$(( count / 16 > 0 ? count / 16 : 1 ))
	rm -rf "$work/$id.streamed"
	VIRQBENCH_EXACT_MAX=0 VIRQBENCH_STREAM_WINDOW=$win VIRQBENCH_RSS_LOG=1 VIRQBENCH_THREADS=0 \
		"$build/host/analysis/tools/runstat" "$build/host/virqbench-analyze" -q --no-report \
		--calib-tolerance-ns 500 "$raw" "$work/$id.streamed" >"$work/$id.analysis.log" 2>&1
	grep 'rss: ' "$work/$id.analysis.log" | sed 's/^virqbench-analyze: /soak: analysis: /'
	grep '^runstat:' "$work/$id.analysis.log" | sed 's/^runstat: [^:]*: /soak: analysis (streamed, one thread): /'
	for cell in "$raw"/cells/*; do
		name=$(basename "$cell")
		lines=$(grep -c "rss: cell $name: " "$work/$id.analysis.log")
		[ "$lines" -gt 0 ] || continue
		a=$(grep "rss: cell $name: " "$work/$id.analysis.log" | sed -n "$(( (lines + 1) / 2 ))p" | sed 's/.*VmRSS \([0-9]*\) KiB/\1/')
		b=$(grep "rss: cell $name: " "$work/$id.analysis.log" | tail -n 1 | sed 's/.*VmRSS \([0-9]*\) KiB/\1/')
		check "$name: analysis memory flat from the middle ($a -> $b KiB)" flat "$a" "$b"
	done
done
echo "soak: $pass passed, $fail failed"
[ "$fail" = 0 ]
