#!/bin/sh
# Lab test of the fleet (doc/fleet.md) and the CI gate (doc/ci.md):
#  1. fleet/playbook.yml passes ansible-playbook --syntax-check;
#  2. the playbook against localhost (connection local, as root): the
#     tree's HEAD pushed into a fresh directory, built there, the one-cell
#     spec run in the lab, the results brought back under
#     results/fleet-<stamp>/localhost/ and the fleet page made, with the
#     host's verdict;
#  3. `virqbench fleet -o DIR RUN1 RUN2`: that run and a copy of it named as
#     a second host (this machine has one host to offer) give one page with
#     both verdicts; the same run twice and runs of two formats are refused;
#  4. doc/ci/*.yml parse as YAML and call only commands and options that
#     exist (a job with an unknown option is caught), and the gate script
#     passes a run against itself, fails on compare's regression status
#     and names a missing baseline.
#
#   tests/lab/fleet_test.sh BUILD_DIR CACHE_DIR
set -u
build=${1:-build} cache=${2:-cache}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
mkdir -p "$build" "$cache"
build=$(cd "$build" && pwd) cache=$(cd "$cache" && pwd)
work="$build/test-fleet"
rm -rf "$work" && mkdir -p "$work"
fleet="$build/host/virqbench-fleet"

# 1. Syntax.
if ! command -v ansible-playbook >/dev/null; then
	bad "ansible-playbook is not installed (lab/install-deps.sh installs Debian's ansible-core)"
	echo "fleet: $pass passed, $fail failed"
	exit 1
fi
check "the playbook passes ansible-playbook --syntax-check" \
	ansible-playbook -i "$top/fleet/inventory.example" --syntax-check "$top/fleet/playbook.yml"

# 2. The playbook on localhost. It pushes HEAD: what is not committed is not tested.
echo "localhost ansible_connection=local virqbench_become=false ansible_python_interpreter=/usr/bin/python3" \
	>"$work/inventory"
ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0 ansible-playbook -i "$work/inventory" "$top/fleet/playbook.yml" \
	-e virqbench_spec=fleet/tiny.spec -e "virqbench_cache=$cache" -e "virqbench_dest=$work/dest" \
	-e "virqbench_fleet_results=$work/results" -e virqbench_stamp=test >"$work/play.log" 2>&1
rc=$?
check "the playbook's localhost run succeeds (exit $rc; $work/play.log)" test $rc = 0
run="$work/results/fleet-test/localhost"
page="$work/results/fleet-test/page"
check "the results came back under results/fleet-<stamp>/localhost/" test -s "$run/summary.csv"
check "... with their report" test -s "$run/report.html"
verdict="1 cell measured, 0 skipped, 0 failed; 0 of 110 interrupts lost; exits caused match the model in 1 of 1 measured cell"
check "the fleet page has the host's verdict" grep -qF "$verdict" "$page/fleet.html"
check "the playbook prints it" grep -qF "$verdict" "$work/play.log"
check "fleet.json lists the host" grep -q '"dir": ".*/fleet-test/localhost"' "$page/fleet.json"

# 3. Two hosts on one page.
if [ -f "$run/meta.json" ]; then
	cp -r "$run" "$work/second"
	sed -i 's/"matrix_host": "[^"]*"/"matrix_host": "second-host"/' "$work/second/meta.json"
	"$fleet" -o "$work/two" "$run" "$work/second" >"$work/two.out" 2>&1
	check "virqbench fleet -o DIR RUN1 RUN2 (exit $?)" test -s "$work/two/fleet.html"
	n=$(grep -c '<section class="verdict host' "$work/two/fleet.html")
	check "... one verdict per host ($n)" test "$n" = 2
	check "... the second host's verdict" grep -qF "<h3>second-host" "$work/two/fleet.html"
	check "... each with the verdict line" test "$(grep -cF "$verdict" "$work/two/fleet.html")" = 2
	"$fleet" "$run" "$run" >/dev/null 2>"$work/twice.err"
	check "the same host twice is refused (exit $?)" grep -q "a second run of host" "$work/twice.err"
	"$fleet" "$run" "$top/results/reference-lab" >/dev/null 2>"$work/mixed.err"
	check "runs of two results formats are refused" grep -q "a fleet page reads runs of one results format" "$work/mixed.err"
fi

# 4. The CI jobs.
check "doc/ci/*.yml: YAML, commands and options that exist" \
	python3 "$here/ci_jobs_check.py" "$build" "$top/doc/ci/github-actions.yml" "$top/doc/ci/gitlab-ci.yml"
sed 's/--fail-above/--fail-over/' "$top/doc/ci/latency-gate.sh" >"$work/gate-typo.sh"
sed "s|sh doc/ci/latency-gate.sh|sh ${work#"$top"/}/gate-typo.sh|" "$top/doc/ci/gitlab-ci.yml" >"$work/typo.yml"
if python3 "$here/ci_jobs_check.py" "$build" "$work/typo.yml" >"$work/typo.out" 2>&1; then
	bad "a job calling compare with an unknown option is caught"
else
	check "a job calling compare with an unknown option is caught" grep -q "not in virqbench-compare --help: --fail-over" "$work/typo.out"
fi
if [ -f "$run/meta.json" ]; then
	sh "$top/doc/ci/latency-gate.sh" "$run" "$run" 10 "$work/gate" >"$work/gate.out" 2>&1
	check "the gate passes a run against itself (exit $?)" test -s "$work/gate/compare.html"
fi
# compare's regression status (4) must fail the job: a stand-in compare that says so.
mkdir -p "$work/stub/host"
printf '#!/bin/sh\necho "virqbench-compare: regression: stand-in" >&2\nexit 4\n' >"$work/stub/host/virqbench-compare"
chmod +x "$work/stub/host/virqbench-compare"
BUILD="$work/stub" sh "$top/doc/ci/latency-gate.sh" "$run" "$run" 10 "$work/gate4" >"$work/gate4.out" 2>&1
rc=$?
check "the gate fails on compare's regression status (exit $rc)" test $rc = 4
sh "$top/doc/ci/latency-gate.sh" "$work/nowhere" "$run" 10 "$work/gate0" >"$work/gate0.out" 2>&1
rc=$?
check "a missing baseline is named (exit $rc)" sh -c "test $rc = 2 && grep -q 'no baseline at' '$work/gate0.out'"

echo "fleet: $pass passed, $fail failed"
[ "$fail" = 0 ]
