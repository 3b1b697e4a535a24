#!/bin/sh
# tests/run.sh - runs every cmocka program in $BUILD/tests and every CLI
# script in tests/cli/*.sh, and closes with one "N passed, N failed" line.
# Each CLI script gets NINES (the binary) and TMP (a scratch directory).
BUILD=${BUILD:-build}
NINES=${NINES:-$BUILD/nines}
pass=0
fail=0
failed=""
for t in "$BUILD"/tests/test_*; do
	case "$t" in *.o|*.d) continue ;; esac
	[ -x "$t" ] || continue
	echo "== $t"
	if "$t"; then pass=$((pass + 1)); else fail=$((fail + 1)); failed="$failed $t"; fi
done
for s in tests/cli/*.sh; do
	[ -f "$s" ] || continue
	[ "$s" = tests/cli/lib.sh ] && continue	# sourced by the others
	echo "== $s"
	tmp=$(mktemp -d)
	if NINES="$NINES" TMP="$tmp" sh "$s"; then pass=$((pass + 1)); else fail=$((fail + 1)); failed="$failed $s"; fi
	rm -rf "$tmp"
done
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
