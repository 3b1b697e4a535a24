#!/bin/sh
# tests/cli/models.sh - every bundled model gives the figures recorded in
# tests/cli/models_expect.txt (computed outside nines: closed forms and
# full state enumeration): the exact availability of each journey to
# 1e-11, its slo, and the maximum achievable with the non-fixed nodes
# perfect (nines allocate) to 1e-9.
. tests/cli/lib.sh
# The run JSON is pretty-printed, one key a line: a journey's figures sit
# between its "id" line and its "meets_slo" line.
grep -v '^#' tests/cli/models_expect.txt > "$TMP/expect"
while read -r model journey slo exact maxach shared; do
	[ -n "$model" ] || continue
	"$NINES" run "$model" --scenarios 1000 --windows 0 --no-constraints --json "$TMP/r.json" >/dev/null 2>"$TMP/err" ||
		{ bad "$model: run failed"; continue; }
	block=$(sed -n "/\"id\": \"$journey\"/,/meets_slo/p" "$TMP/r.json")
	got=$(printf '%s\n' "$block" | grep '"exact_availability"' | sed 's/.*: *//; s/,//')
	gslo=$(printf '%s\n' "$block" | grep '"slo"' | sed 's/.*: *//; s/,//')
	near "${got:-nan}" "$exact" 1e-11 && ok "$model $journey: exact $got" ||
		bad "$model $journey: exact ${got:-missing}, expected $exact"
	near "${gslo:-nan}" "$slo" 1e-15 && ok "$model $journey: slo $gslo" ||
		bad "$model $journey: slo ${gslo:-missing}, expected $slo"
	"$NINES" allocate "$model" --journey "$journey" --json "$TMP/a.json" >/dev/null 2>"$TMP/err" ||
		{ bad "$model $journey: allocate failed"; sed 's/^/       /' "$TMP/err" | head -3; continue; }
	m=$(json_num max_achievable "$TMP/a.json")
	near "${m:-nan}" "$maxach" 1e-9 && ok "$model $journey: max achievable $m" ||
		bad "$model $journey: max achievable ${m:-missing}, expected $maxach"
done < "$TMP/expect"
finish
