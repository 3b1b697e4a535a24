# The exact evaluator against an independent oracle (issue 16):
# tests/oracle/ft_oracle.py computes, with rational arithmetic over its own
# decision diagram, the top-event probability of 40 generated fault-tree-
# like models (AND/OR/k-of-n, repeated events, 1e-1 down to below 1e-13)
# and compares `nines run --json` exact_unavailability to 1e-12 relative.
. tests/cli/lib.sh

if ! command -v python3 >/dev/null 2>&1; then
	ok "python3 not installed: oracle skipped"
	exit 0
fi
if python3 tests/oracle/ft_oracle.py "$NINES" "$TMP" 40 >"$TMP/oracle.out" 2>&1; then
	ok "$(tail -1 "$TMP/oracle.out")"
else
	bad "oracle: $(grep -c FAIL "$TMP/oracle.out") mismatch(es)"
	grep FAIL "$TMP/oracle.out" | head -10
fi
# Issue 16: fault trees whose depth-first diagram exceeds the budget and
# the FORCE order's fits (ft_oracle.py generate_force): nines retries with
# FORCE, says so in exact_note, and still matches the oracle to 1e-12.
if python3 tests/oracle/ft_oracle.py "$NINES" "$TMP" 3 --force >"$TMP/force.out" 2>&1; then
	ok "FORCE order: $(tail -1 "$TMP/force.out")"
else
	bad "oracle, FORCE order: $(grep -c FAIL "$TMP/force.out") mismatch(es)"
	grep FAIL "$TMP/force.out" | head -10
fi
exit $((fails > 0))
