# nines run / check on the bundled models: SPEC section 5 figures, the JSON
# keys of SPEC section 4, thread invariance, and bad models.
. tests/cli/lib.sh

# SPEC 5: seven components at 0.9995 in series give at most 0.9965.
expect_exit 0 "run seven-in-series" "$NINES" run models/seven-in-series.graphml --scenarios 2e6 --json "$TMP/seven.json"
x=$(json_num exact_availability "$TMP/seven.json")
near "$x" 0.9965052456 1e-9 && ok "seven in series exact = 0.9965052456 ($x)" || bad "seven in series exact: $x"
lo=$(json_num ci95_low "$TMP/seven.json"); hi=$(json_num ci95_high "$TMP/seven.json")
awk -v l="$lo" -v h="$hi" -v x="$x" 'BEGIN{exit !(l <= x && x <= h)}' && ok "seven in series CI [$lo, $hi] holds the exact value" || bad "seven: CI [$lo, $hi] misses $x"
grep -q '"meets_slo": false' "$TMP/seven.json" && ok "seven in series does not meet 0.9995" || bad "seven in series meets_slo"

# SPEC 5: account opening 0.9895 end to end.
expect_exit 0 "run account-opening" "$NINES" run models/account-opening.graphml --scenarios 2e6 --json "$TMP/ao.json"
x=$(json_num exact_availability "$TMP/ao.json")
near "$x" 0.9895374413 1e-9 && ok "account opening exact = 0.98954 ($x)" || bad "account opening exact: $x"
for k in model seed scenarios journeys name slo availability estimate ci95_low ci95_high exact_availability; do
	grep -q "\"$k\":" "$TMP/ao.json" && ok "JSON has key $k" || bad "JSON lacks key $k"
done

# Constraint components (SPEC section 2, third bullet): account opening's
# top constraints are the two third parties, credit bureau first.
for k in constraints component birnbaum criticality improvement_potential failure_share cut_sets; do
	grep -q "\"$k\":" "$TMP/ao.json" && ok "JSON has key $k" || bad "JSON lacks key $k"
done
first=$(grep -o '"component": *"[^"]*"' "$TMP/ao.json" | sed -n 1p)
second=$(grep -o '"component": *"[^"]*"' "$TMP/ao.json" | sed -n 2p)
case "$first$second" in *"Credit bureau"*"Identity verification"*) ok "credit bureau, then identity verification, are the top constraints" ;;
	*) bad "top constraints: $first, $second" ;; esac

# SLO windows (SPEC section 2, second bullet; section 4 "window").
for k in window days attainment budget_states full caution warning critical exhausted; do
	grep -q "\"$k\":" "$TMP/ao.json" && ok "JSON has key $k" || bad "JSON lacks key $k"
done
att=$(json_num attainment "$TMP/ao.json")
awk -v a="$att" 'BEGIN{exit !(a >= 0 && a < 0.1)}' && ok "account opening rarely meets 99.95% in a month ($att)" || bad "account opening attainment $att"
"$NINES" run models/ecommerce.graphml --scenarios 1e5 --windows 2000 --window-days 7 --json "$TMP/w7.json" >/dev/null 2>&1
d=$(json_num days "$TMP/w7.json")
near "$d" 7 1e-12 && ok "--window-days 7 is used ($d)" || bad "--window-days: $d"
"$NINES" run models/ecommerce.graphml --scenarios 1e5 --windows 0 --json "$TMP/w0.json" >/dev/null 2>&1
grep -q '"window"' "$TMP/w0.json" && bad "--windows 0 still simulates windows" || ok "--windows 0 skips the window simulation"

# Same seed, same numbers, whatever the thread count.
for m in models/*.graphml; do
	"$NINES" run "$m" --scenarios 300007 --seed 7 --threads 1 --json "$TMP/t1.json" >/dev/null 2>&1
	"$NINES" run "$m" --scenarios 300007 --seed 7 --threads 2 --json "$TMP/t2.json" >/dev/null 2>&1
	cmp -s "$TMP/t1.json" "$TMP/t2.json" && ok "$m: identical JSON with 1 and 2 threads" || bad "$m: JSON differs between 1 and 2 threads"
done
"$NINES" run models/account-opening.graphml --scenarios 300007 --seed 8 --json "$TMP/s8.json" >/dev/null 2>&1
cmp -s "$TMP/t1.json" "$TMP/s8.json" && bad "another seed gives the same JSON" || ok "another seed gives other numbers"

# --json - writes JSON alone on stdout.
"$NINES" run models/account-opening.graphml --scenarios 1000 --json - >"$TMP/stdout.json" 2>/dev/null
head -c 1 "$TMP/stdout.json" | grep -q '{' && ok "--json - writes JSON to stdout" || bad "--json - output does not start with {"

# check summarizes every journey with its exact value.
expect_exit 0 "check ecommerce" "$NINES" check models/ecommerce.graphml
expect_out_match "valid" "check says the model is valid"
expect_out_match "shared" "check reports shared nodes"

# Every bad model: exit 2, the file named in the message, nothing written.
for f in tests/bad/*.graphml tests/bad/*.xml; do
	[ -f "$f" ] || continue
	rm -f "$TMP/bad.json"
	"$NINES" run "$f" --scenarios 1000 --json "$TMP/bad.json" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	b=$(basename "$f")
	if [ $rc -eq 2 ] && grep -q "$b" "$TMP/err" && [ ! -e "$TMP/bad.json" ] && [ ! -s "$TMP/out" ]; then
		ok "bad model $b: exit 2, named, nothing written"
	else
		bad "bad model $b: exit $rc, stderr: $(head -c 200 "$TMP/err")"
	fi
done
finish
