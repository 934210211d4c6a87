#!/bin/sh
# Makes the fuzzers' seed corpora from the tree's real files: the specs in
# matrix/ and the matrix tests, a small synthetic raw run (synth-raw) and
# its analysis, and results/reference-lab/. Multi-file inputs are the files
# joined by the harnesses' separator (fuzz/fz.h: a line "%%"). The small
# committed seeds of fuzz/seeds/<surface>/ (doc examples, regressions) are
# copied beside them.
#
#   seeds.sh HOST_OUT SEED_DIR
set -eu
host=$1 dir=$2
work=$dir/.work
rm -rf "$dir"
mkdir -p "$work"
for s in spec kv host guest trace perf cell json csv rdir compare fleet replay; do mkdir -p "$dir/$s"; done
sep() { printf '%%%%\n'; }
# the first lines of a file: seeds stay small
h() { head -n "${2:-30}" "$1"; }

cp matrix/*.spec tests/unit/matrix/*.spec "$dir/spec/"
i=0
grep -v '^#' tests/unit/matrix/bad.cases | while IFS='|' read -r text msg; do
	i=$((i + 1))
	printf '%b\n' "$text" >"$dir/spec/bad$i.spec"
done

raw=$work/raw
# small enough to be whole seeds: cell.kv's counts then match the files
"$host/analysis/tools/synth-raw" -n 24 "$raw" >/dev/null
"$host/analysis/tools/synth-raw" -n 12 -c v3-vhe-sgi-wfi "$raw" >/dev/null
VIRQBENCH_GNUPLOT=/nonexistent "$host/virqbench-analyze" -q "$raw" "$work/out" >/dev/null 2>&1 || true
cp "$raw/run.kv" "$dir/kv/run.kv"
n=0
for c in "$raw"/cells/*/; do
	n=$((n + 1))
	cp "$c/cell.kv" "$dir/kv/cell$n.kv"
	cp "$c/host.tsv" "$dir/host/host$n.tsv"
	cp "$c/guest.tsv" "$dir/guest/guest$n.tsv"
	cp "$c/trace.tsv" "$dir/trace/trace$n.tsv"
	cp "$dir/trace/trace$n.tsv" "$dir/replay/trace$n.tsv"
	{ cat "$c/cell.kv"; sep; cat "$dir/host/host$n.tsv"; sep; cat "$dir/guest/guest$n.tsv"; sep
	  cat "$dir/trace/trace$n.tsv"; } >"$dir/cell/cell$n"
done

# a results directory as one input: meta.json, summary.csv, summary.json, a samples file
rdir_seed() {
	first=$(ls "$1"/*.samples.tsv | head -n 1)
	cat "$1/meta.json"; sep; cat "$1/summary.csv"; sep; cat "$1/summary.json"; sep; h "$first" 40
}
for r in "$work/out" results/reference-lab; do
	[ -f "$r/meta.json" ] || continue
	b=$(echo "$r" | tr / _)
	cp "$r/meta.json" "$dir/json/meta$b.json"
	cp "$r/summary.json" "$dir/json/summary$b.json"
	cp "$r/summary.csv" "$dir/csv/summary$b.csv"
	[ -f "$r/breakdown.csv" ] && cp "$r/breakdown.csv" "$dir/csv/breakdown$b.csv"
	rdir_seed "$r" >"$dir/rdir/rdir$b"
done
{ rdir_seed "$work/out"; sep; rdir_seed "$work/out"; } >"$dir/compare/same"
[ -f results/reference-lab/meta.json ] &&
	{ rdir_seed "$work/out"; sep; rdir_seed results/reference-lab; } >"$dir/compare/other"
# fleet: the same run as a second host (one run per host), and the older format beside it.
mkdir -p "$work/host2" && cp "$work/out/"* "$work/host2/" 2>/dev/null
sed -i 's/"hostname": "/"hostname": "other-/; s/"matrix_host": "/"matrix_host": "other-/' "$work/host2/meta.json"
{ rdir_seed "$work/out"; sep; rdir_seed "$work/host2"; } >"$dir/fleet/two-hosts"
cp "$dir/compare/same" "$dir/fleet/one-host-twice"
[ -f "$dir/compare/other" ] && cp "$dir/compare/other" "$dir/fleet/mixed-formats"
for s in fuzz/seeds/*/; do
	[ -d "$s" ] && cp "$s"* "$dir/$(basename "$s")/" 2>/dev/null || true
done
rm -rf "$work"
