# tests/cli/lib.sh - helpers for the CLI test scripts (sourced, not run).
# Each script gets $NINES (the binary) and $TMP (scratch directory) and
# exits non-zero on the first failed expectation, naming it.
set -u
fails=0
ok() { printf '  ok   %s\n' "$1"; }
bad() { printf '  FAIL %s\n' "$1"; fails=$((fails + 1)); }

# expect_exit CODE NAME CMD... : runs CMD, checks its exit status.
expect_exit() {
	want=$1; name=$2; shift 2
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok "$name"; else
		bad "$name: exit $got, expected $want"; sed 's/^/       /' "$TMP/err" | head -5; fi
}

# expect_err_match PATTERN NAME : the last command's stderr matches PATTERN.
expect_err_match() {
	if grep -Eq -- "$1" "$TMP/err"; then ok "$2"; else
		bad "$2: stderr does not match /$1/"; sed 's/^/       /' "$TMP/err" | head -5; fi
}

# expect_out_match PATTERN NAME : the last command's stdout matches PATTERN.
expect_out_match() {
	if grep -Eq -- "$1" "$TMP/out"; then ok "$2"; else
		bad "$2: stdout does not match /$1/"; sed 's/^/       /' "$TMP/out" | head -8; fi
}

# json_num KEY FILE [N] : the N-th (default 1st) number after "KEY": in FILE.
json_num() {
	grep -o "\"$1\": *[-0-9.eE+null]*" "$2" | sed -n "${3:-1}p" | sed 's/.*: *//'
}

# near A B TOL : |A - B| <= TOL (awk arithmetic).
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }'; }

finish() {
	[ "$fails" -eq 0 ] && echo "  all passed" || echo "  $fails failed"
	exit "$fails"
}
