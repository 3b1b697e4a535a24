# Journeys without an exact value (issue 16): a 100-event fault tree whose
# decision diagram exceeds the budget. The rare-event estimator reaches
# +-10% and lies inside the bounds that always hold; auto takes it; a
# plain run that draws no failure says so; text, JSON and report.md carry
# the bounds; same numbers for 1 and 2 threads.
. tests/cli/lib.sh

if ! command -v python3 >/dev/null 2>&1; then
	ok "python3 not installed: rare skipped"
	exit 0
fi
M="$TMP/rare.graphml"
python3 bench/gen_rare.py 100 20 11 -4.2 -3.6 0 4 >"$M"

expect_exit 0 "run --method rare --rel-error 0.1" "$NINES" run "$M" --method rare --rel-error 0.1 --windows 0 --no-constraints --threads 1 --json "$TMP/r1.json"
grep -q '"exact_unavailability": null' "$TMP/r1.json" && ok "no exact value" || bad "the model has an exact value: pick another"
grep -q '"method": "rare"' "$TMP/r1.json" && ok "estimated by rare" || bad "not estimated by rare"
est=$(json_num estimate "$TMP/r1.json" 2)
lo=$(json_num lower "$TMP/r1.json"); hi=$(json_num upper "$TMP/r1.json")
rel=$(json_num rel_halfwidth "$TMP/r1.json")
awk -v r="$rel" 'BEGIN{exit !(r <= 0.1)}' && ok "+-10% reached ($rel)" || bad "rel_halfwidth $rel"
awk -v e="$est" -v l="$lo" -v h="$hi" 'BEGIN{exit !(e > 1e-14 && e < 1e-9 && l <= h && e >= 0.9 * l && e <= 1.1 * h)}' &&
	ok "estimate $est within 10% of the bounds [$lo, $hi]" || bad "estimate $est, bounds [$lo, $hi]"

expect_exit 0 "the same run with 2 threads" "$NINES" run "$M" --method rare --rel-error 0.1 --windows 0 --no-constraints --threads 2 --json "$TMP/r2.json"
grep -v '"seconds"' "$TMP/r1.json" >"$TMP/a"; grep -v '"seconds"' "$TMP/r2.json" >"$TMP/b"
cmp -s "$TMP/a" "$TMP/b" && ok "1 and 2 threads: same JSON" || bad "1 and 2 threads differ"

expect_exit 0 "auto with --rel-error" "$NINES" run "$M" --rel-error 0.1 --windows 0 --no-constraints --json "$TMP/auto.json"
grep -q '"method": "rare"' "$TMP/auto.json" && ok "auto takes rare" || bad "auto did not take rare"

expect_exit 0 "plain 1e5 scenarios" "$NINES" run "$M" --scenarios 1e5 --windows 0 --no-constraints --json "$TMP/plain.json" --report "$TMP/rep"
grep -q '"no_failure_drawn": true' "$TMP/plain.json" && ok "JSON: no failure drawn" || bad "JSON lacks no_failure_drawn"
grep -q '"unavailability_upper95"' "$TMP/plain.json" && ok "JSON: the 95% upper end" || bad "JSON lacks unavailability_upper95"
grep -q '"exact_unavailability_bounds"' "$TMP/plain.json" && ok "JSON: exact_unavailability_bounds" || bad "JSON lacks exact_unavailability_bounds"
grep -q 'bounds that always hold' "$TMP/rep/report.md" && ok "report.md: the bounds" || bad "report.md lacks the bounds"
grep -q 'no failure drawn' "$TMP/rep/report.md" && ok "report.md: no failure drawn" || bad "report.md lacks 'no failure drawn'"
expect_exit 0 "plain text" "$NINES" run "$M" --scenarios 1e5 --windows 0 --no-constraints
expect_out_match "no failure drawn in 100,000 samples" "text: no failure drawn"
expect_out_match "unavailability between [0-9.e+-]+ and [0-9.e+-]+ \(bounds that always hold" "text: the bounds"
exit $((fails > 0))
