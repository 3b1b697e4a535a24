# nines allocate: the SPEC's infeasible account opening (cap 0.9920, both
# third parties named), feasible targets with their cost and verification,
# the JSON keys of SPEC section 4, joint journeys, tiers and costs from the
# command line, thread invariance, and usage errors (exit 2, one line).
. tests/cli/lib.sh
AO=models/account-opening.graphml
S7=models/seven-in-series.graphml
N="--scenarios 200000"

# ---- usage ----
expect_exit 0 "allocate --help exits 0" "$NINES" allocate --help
expect_out_match "--journey" "allocate --help lists --journey"
expect_out_match "--tier-costs" "allocate --help lists --tier-costs"
expect_exit 2 "no model" "$NINES" allocate
expect_exit 2 "two models" "$NINES" allocate $AO $AO
expect_exit 2 "--target without --journey" "$NINES" allocate $AO --target 0.99
expect_err_match "--journey" "--target without --journey says so"
for v in 0 1 1.5 -0.2 abc; do
	expect_exit 2 "--target $v" "$NINES" allocate $AO --journey account-opening --target "$v"
	expect_err_match "target" "--target $v is named"
done
expect_exit 2 "unknown journey" "$NINES" allocate $AO --journey nope
expect_err_match "no journey 'nope'.*account-opening" "unknown journey is named, journeys listed"
expect_exit 2 "a component is not a journey" "$NINES" allocate $AO --journey web
expect_err_match "not a journey" "a component is not a journey: said"
expect_exit 2 "bad --tiers" "$NINES" allocate $AO --tiers "gold:1.5"
expect_err_match "tiers" "bad --tiers is named"
expect_exit 2 "bad --tier-costs" "$NINES" allocate $AO --tier-costs "gold:1"
expect_err_match "no tier 'gold'" "unknown tier in --tier-costs is named"
expect_exit 2 "negative tier cost" "$NINES" allocate $AO --tier-costs "ultra:-1"
expect_exit 2 "--scenarios 0" "$NINES" allocate $AO --scenarios 0
expect_exit 2 "--threads 0" "$NINES" allocate $AO --threads 0
expect_exit 2 "unknown option" "$NINES" allocate $AO --frob
expect_exit 2 "missing model file" "$NINES" allocate "$TMP/nope.graphml" --json "$TMP/x.json"
[ ! -e "$TMP/x.json" ] && ok "no JSON written for a missing model" || bad "JSON written for a missing model"
expect_exit 1 "unwritable --json" "$NINES" allocate $AO $N --json /nonexistent-dir/x.json
expect_err_match "nonexistent-dir" "unwritable --json is named"

# ---- SPEC 5: account opening at 0.9995 is infeasible ----
expect_exit 0 "allocate account-opening" "$NINES" allocate $AO $N --json "$TMP/ao.json"
expect_out_match "infeasible: identity-verification \(0\.997\) and credit-bureau \(0\.995\) cap the journey at 0\.9920" \
	"text names both third parties and the cap"
for k in journey target feasible max_achievable components component tier fixed achieved estimate ci95_low ci95_high; do
	grep -q "\"$k\":" "$TMP/ao.json" && ok "JSON has key $k" || bad "JSON lacks key $k"
done
grep -q '"feasible": false' "$TMP/ao.json" && ok "feasible is false" || bad "feasible is not false"
x=$(json_num max_achievable "$TMP/ao.json")
near "$x" 0.992015 1e-12 && ok "max_achievable = 0.992015 ($x)" || bad "max_achievable: $x"
grep -q '"reason": "cap"' "$TMP/ao.json" && ok "reason is cap" || bad "reason is not cap"
n=$(grep -c '"tier": null' "$TMP/ao.json")
[ "$n" -ge 2 ] && ok "fixed components have tier null ($n)" || bad "fixed components: $n with tier null"
grep -q '"message": "infeasible: identity-verification (0.997) and credit-bureau (0.995) cap the journey at 0.9920' "$TMP/ao.json" \
	&& ok "JSON message names the cap" || bad "JSON message"

# ---- feasible targets: cheapest tiers, exactly verified ----
expect_exit 0 "account-opening at 0.99" "$NINES" allocate $AO $N --journey account-opening --target 0.99 --json "$TMP/ao99.json"
grep -q '"feasible": true' "$TMP/ao99.json" && ok "0.99 is feasible" || bad "0.99 not feasible"
x=$(json_num total_cost "$TMP/ao99.json")
near "$x" 19 1e-9 && ok "cheapest cost 19: four ultra and one high ($x)" || bad "total cost $x"
grep -q '"verified": true' "$TMP/ao99.json" && ok "0.99 allocation verified" || bad "0.99 allocation not verified"
x=$(json_num achieved_exact "$TMP/ao99.json")
awk -v x="$x" 'BEGIN { exit !(x >= 0.99) }' && ok "achieved exact $x >= 0.99" || bad "achieved exact $x"
expect_exit 0 "journey by display name" "$NINES" allocate $AO $N --journey "Account opening" --target 0.99
expect_out_match "feasible" "journey found by its name"

# Seven in series at 0.999: 0.999^(1/7) = 0.9998571, ultra each (cost 28);
# at its slo 0.9995 ultra everywhere reaches only 0.9993.
expect_exit 0 "seven in series at 0.999" "$NINES" allocate $S7 $N --journey place-order --target 0.999 --json "$TMP/s7.json"
x=$(json_num total_cost "$TMP/s7.json")
near "$x" 28 1e-9 && ok "seven in series: ultra everywhere, cost 28" || bad "seven in series cost $x"
x=$(grep -A2 '"equal"' "$TMP/s7.json" | json_num availability /dev/stdin)
near "$x" 0.9998570816 1e-9 && ok "equal apportionment 0.999^(1/7) ($x)" || bad "equal apportionment $x"
expect_exit 0 "seven in series at its slo" "$NINES" allocate $S7 $N --json "$TMP/s7slo.json"
grep -q '"reason": "tiers"' "$TMP/s7slo.json" && ok "no tier assignment meets 0.9995" || bad "reason is not tiers"
expect_out_match "no tier assignment meets 0.9995" "text says no tier assignment meets it"

# Tiers and costs from the command line.
expect_exit 0 "--tiers" "$NINES" allocate $S7 $N --journey place-order --target 0.9995 --tiers "gold:0.99999,silver:0.9999" --json "$TMP/gold.json"
grep -q '"tier": "gold"' "$TMP/gold.json" && ok "--tiers: gold is used" || bad "--tiers: no gold"
grep -q '"verified": true' "$TMP/gold.json" && ok "--tiers: verified" || bad "--tiers: not verified"
expect_exit 0 "--tier-costs" "$NINES" allocate $AO $N --journey account-opening --target 0.99 --tier-costs "high:10" --json "$TMP/cost.json"
x=$(json_num total_cost "$TMP/cost.json")
near "$x" 20 1e-9 && ok "--tier-costs high:10: ultra everywhere (20)" || bad "--tier-costs cost $x"

# Every journey at once.
expect_exit 0 "ecommerce jointly" "$NINES" allocate models/ecommerce.graphml $N --json "$TMP/ec.json"
grep -q '"journeys": \[' "$TMP/ec.json" && ok "joint JSON has journeys" || bad "joint JSON lacks journeys"
n=$(grep -c '"max_achievable"' "$TMP/ec.json")
[ "$n" -eq 3 ] && ok "two journeys reported (+ top level)" || bad "max_achievable count $n"

# Same seed, same JSON, whatever the thread count; --json - is JSON alone.
"$NINES" allocate $AO --scenarios 300007 --seed 7 --threads 1 --journey account-opening --target 0.99 --json "$TMP/t1.json" >/dev/null 2>&1
"$NINES" allocate $AO --scenarios 300007 --seed 7 --threads 2 --journey account-opening --target 0.99 --json "$TMP/t2.json" >/dev/null 2>&1
cmp -s "$TMP/t1.json" "$TMP/t2.json" && ok "identical JSON with 1 and 2 threads" || bad "JSON differs between 1 and 2 threads"
"$NINES" allocate $AO --scenarios 1000 --json - >"$TMP/stdout.json" 2>/dev/null
head -c 1 "$TMP/stdout.json" | grep -q '{' && ok "--json - writes JSON to stdout" || bad "--json - output does not start with {"
/usr/bin/python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$TMP/stdout.json" 2>/dev/null \
	&& ok "--json - is valid JSON" || bad "--json - is not valid JSON"
finish
