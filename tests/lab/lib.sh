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
