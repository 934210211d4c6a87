# Shared by the lab tests: counting checks and reading key=value files.
# Each test ends with `echo "NAME: $pass passed, $fail failed"`.
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
# check DESCRIPTION COMMAND...: the command must succeed.
check() {
	d=$1; shift
	if "$@" >/dev/null 2>&1; then ok "$d"; else bad "$d"; fi
}
kv() { sed -n "s/^$2=//p" "$1" | head -n 1; }
# perf_agree CELL_DIR/perf.tsv: "agree (N events on T threads)", or what
# differs (event:perf/bpf), straight from the raw run (bpf/perf_count.h).
perf_agree() {
	[ -f "$1" ] || { echo "no perf.tsv"; return; }
	awk -F'\t' '/^# perf_error=/ { sub(/^# perf_error=/, ""); err = $0 }
		/^# tid\tclass/ { exit } /^#/ { next }
		{ p[$2] += $3; b[$2] += $4 + $5; t[$1] = 1; if ($7 != 1) inexact = inexact " " $1 ":" $2 }
		END { if (err != "") { print "off: " err; exit }
			for (e in p) { n++; if (p[e] != b[e]) d = d " " e ":" p[e] "/" b[e] }
			for (x in t) nt++
			if (!n) print "no events counted"
			else if (d != "") print "DIFFER (event:perf/bpf)" d
			else if (inexact != "") print "edges not placed:" inexact
			else print "agree (" n " events on " nt " threads)" }' "$1"
}
