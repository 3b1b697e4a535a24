# issue 15's review commands: nines compare (a model against itself,
# options matched by name, no journey in common), nines sweep (its own
# value, the threshold sentence, bad ranges), evidence and range errors,
# run --uncertainty (JSON keys, thread invariance) and the tornado chart
# of a report. Every bad input: exit 2, nothing written.
. tests/cli/lib.sh
A=tests/data/compare/option-a.graphml
B=tests/data/compare/option-b.graphml
P=tests/data/evidence/partner.graphml
N="--scenarios 100000 --windows 300 --seed 5"

# ---- compare ----
expect_exit 0 "compare --help" "$NINES" compare --help
expect_exit 0 "compare A A" "$NINES" compare $A $A $N --json "$TMP/self.json"
[ "$(json_num estimate "$TMP/self.json" 3)" = 0 ] && ok "A against A: paired difference 0" ||
	bad "A against A: paired difference $(json_num estimate "$TMP/self.json" 3)"
[ "$(json_num scenarios_disagree "$TMP/self.json")" = 0 ] && ok "A against A: no disagreement" ||
	bad "A against A disagrees"
expect_exit 0 "compare A B" "$NINES" compare $A $B $N
expect_out_match "A misses 99.9% by [0-9.]+ points; B meets 99.9% with [0-9.]+ points to spare" "verdict sentence"
expect_out_match "B - A: \+0.0998% exact" "exact difference"
expect_out_match "common random numbers" "paired difference shown"
expect_out_match "cost" "allocation cost per model"
for t in 1 2; do
	"$NINES" compare $A $B $N --threads $t --json "$TMP/c$t.json" >/dev/null 2>&1
done
cmp -s "$TMP/c1.json" "$TMP/c2.json" && ok "compare: same JSON for 1 and 2 threads" ||
	bad "compare JSON differs between 1 and 2 threads"
expect_exit 2 "compare: no journey in common" "$NINES" compare $A models/seven-in-series.graphml $N --json "$TMP/none.json"
expect_err_match "no journey in common" "no journey in common: said"
[ ! -e "$TMP/none.json" ] && ok "nothing written without a common journey" || bad "JSON written"
expect_exit 2 "compare: one model" "$NINES" compare $A
expect_exit 2 "compare: bad model" "$NINES" compare $A "$TMP/missing.graphml"

# ---- sweep ----
expect_exit 0 "sweep" "$NINES" sweep $P --node bank --from 0.99 --to 0.9999 --points 9 $N --json "$TMP/sw.json"
[ "$(grep -c '"availability": 0.9' "$TMP/sw.json")" -ge 9 ] && ok "sweep: 9 points" || bad "sweep: points missing"
n=$(json_num needed_availability "$TMP/sw.json")
near "$n" "$(awk 'BEGIN { l = log(0.998 / 0.002); h = log(0.9999 / 0.0001); c = 1 / (1 + exp(-(l + h) / 2)); printf "%.15g", 0.995 / (0.9995 * c) }')" 1e-9 &&
	ok "sweep: needed availability = slo / (web x cards)" || bad "sweep: needed availability $n"
expect_exit 0 "sweep text" "$NINES" sweep $P --node bank --from 0.99 --to 0.9999 $N
expect_out_match "meets its SLO when bank promises at least 99.594" "sweep: threshold sentence"
for bad_args in "--node nope --from 0.9 --to 0.99" "--node bank --from 0.99 --to 0.9" \
		"--node bank --from 0 --to 0.9" "--node bank --from 0.9 --to 1.2" \
		"--node bank --from 0.9" "--from 0.9 --to 0.99" "--node pay --from 0.9 --to 0.99"; do
	expect_exit 2 "sweep $bad_args" "$NINES" sweep $P $bad_args $N --json "$TMP/bad.json"
done
[ ! -e "$TMP/bad.json" ] && ok "nothing written for a bad sweep" || bad "JSON written for a bad sweep"

# ---- evidence and ranges ----
mk() {	# mk FILE XATTRS : a journey over one node x with XATTRS
	cat >"$1" <<DOC
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
<key id="s" for="node" attr.name="slo" attr.type="double"/>
<key id="k" for="node" attr.name="incidents" attr.type="int"/>
<key id="d" for="node" attr.name="downtime_h" attr.type="double"/>
<key id="o" for="node" attr.name="observed_h" attr.type="double"/>
<key id="lo" for="node" attr.name="availability_low" attr.type="double"/>
<key id="hi" for="node" attr.name="availability_high" attr.type="double"/>
<graph edgedefault="directed">
<node id="j"><data key="s">0.99</data></node>
<node id="x">$2</node>
<edge source="j" target="x"/>
</graph></graphml>
DOC
}
mk "$TMP/d.graphml" '<data key="k">3</data><data key="d">50</data><data key="o">40</data>'
expect_exit 2 "downtime_h > observed_h" "$NINES" run "$TMP/d.graphml" --json "$TMP/d.json"
expect_err_match "d.graphml:[0-9]+: node 'x': downtime_h 50 is more than observed_h 40" "downtime_h > observed_h: said"
mk "$TMP/r.graphml" '<data key="lo">0.999</data><data key="hi">0.99</data>'
expect_exit 2 "availability_low > availability_high" "$NINES" run "$TMP/r.graphml" --json "$TMP/d.json"
expect_err_match "availability_low 0.999 is above availability_high 0.99" "low > high: said"
[ ! -e "$TMP/d.json" ] && ok "nothing written for bad evidence" || bad "JSON written for bad evidence"

# ---- uncertainty and the tornado ----
for t in 1 2; do
	expect_exit 0 "run --uncertainty 40, $t threads" "$NINES" run $P $N --uncertainty 40 --threads $t --json "$TMP/u$t.json"
done
cmp -s "$TMP/u1.json" "$TMP/u2.json" && ok "uncertainty: same JSON for 1 and 2 threads" ||
	bad "uncertainty JSON differs between 1 and 2 threads"
for k in '"uncertainty"' '"draws": 40' '"p05"' '"p95"' '"p_meets_slo"' '"parameter_sd"'; do
	grep -q "$k" "$TMP/u1.json" && ok "uncertainty JSON has $k" || bad "uncertainty JSON lacks $k"
done
expect_exit 2 "--uncertainty 0" "$NINES" run $P --uncertainty 0
"$NINES" run $A $N > "$TMP/plain.txt" 2>/dev/null
grep -q Uncertainty "$TMP/plain.txt" && bad "a run without --uncertainty prints it" || ok "no uncertainty block by default"
expect_exit 0 "run --report" "$NINES" run $P $N --report "$TMP/rep"
[ -f "$TMP/rep/tornado-pay.dat" ] && ok "tornado data written" || bad "no tornado data"
grep -q "tornado-pay" "$TMP/rep/report.md" && ok "report.md links the tornado" || bad "report.md lacks the tornado"
grep -q "bank (90% interval)" "$TMP/rep/tornado-pay.dat" && ok "evidence interval used for bank" || bad "bank's interval not used"
expect_exit 0 "compare --report" "$NINES" compare $A $B $N --report "$TMP/crep"
grep -q "^# Options considered" "$TMP/crep/report.md" && ok "compare report: Options considered" || bad "compare report lacks Options considered"
grep -q "B meets 99.9%" "$TMP/crep/report.md" && ok "compare report: verdict" || bad "compare report lacks the verdict"
[ -f "$TMP/crep/compare-checkout.dat" ] && ok "compare chart data" || bad "no compare chart data"
expect_exit 0 "sweep --report" "$NINES" sweep $P --node bank --from 0.99 --to 0.9999 $N --report "$TMP/srep"
grep -q "at least \*\*99.594" "$TMP/srep/report.md" && ok "sweep report: threshold" || bad "sweep report lacks the threshold"
[ -f "$TMP/srep/sweep-pay.gp" ] && grep -q "has_slo = 1" "$TMP/srep/sweep-pay.gp" && ok "sweep chart with the SLO line" || bad "sweep chart lacks the SLO"
expect_exit 0 "run --uncertainty --report" "$NINES" run $P $N --uncertainty 40 --report "$TMP/urep"
[ -f "$TMP/urep/uncertainty-pay.dat" ] && ok "uncertainty density data" || bad "no uncertainty density"
grep -q "## How sure are we" "$TMP/urep/report.md" && ok "report.md: How sure are we" || bad "report.md lacks How sure are we"
finish
