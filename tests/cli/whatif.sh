#!/bin/sh
# tests/cli/whatif.sh - `nines run --what-if` and `--fmea` (issue 15):
# bad specs end in exit 2 with a message and nothing written; the JSON
# gains "what_if" (spec, journeys with the run's keys, differences) and
# "fmea"; the text has the scenario table and its sentence, the report
# its sections; recovery attributes load, and a bad one is refused.
. tests/cli/lib.sh
AP=models/failover-active-passive.graphml
AA=models/failover-active-active.graphml
N="--scenarios 1e5 --windows 1000"

for spec in nosuch=down gateway=down@4x gateway=down@0s gateway=1.5 gateway=0 \
	    gateway=degraded payments=0.99 gateway; do
	rm -rf "$TMP/rep" "$TMP/w.json"
	expect_exit 2 "--what-if $spec refused" "$NINES" run $AP $N --what-if "$spec" \
		--json "$TMP/w.json" --report "$TMP/rep"
	expect_err_match "what-if '$spec'" "--what-if $spec: message names it"
	[ ! -e "$TMP/w.json" ] && [ ! -e "$TMP/rep" ] && ok "--what-if $spec: nothing written" ||
		bad "--what-if $spec: output written"
done

expect_exit 0 "two scenarios" "$NINES" run $AP $N --what-if gateway=down@4h \
	--what-if payments-a=down --fmea --json "$TMP/w.json"
expect_out_match "What if API gateway is down for 4 h: Pay meets its 30-day SLO in 0.0% of windows instead of" "text: the sentence"
expect_out_match "^  Payments service \(failover\) +1.79 +5 min" "text: the failover is the costliest failure mode"
for k in '"what_if"' '"spec": "gateway=down@4h"' '"spec": "payments-a=down"' '"differences"' \
	 '"fmea"' '"mode": "failover"' '"effect": "down"' '"budget_per_incident"'; do
	grep -q "$k" "$TMP/w.json" && ok "json has $k" || bad "json lacks $k"
done
# gateway down 4 h of 720: exact (1 - 4/720) x baseline
base=$(json_num exact_availability "$TMP/w.json" 1)
sc=$(json_num exact_availability "$TMP/w.json" 2)
near "$sc" "$(awk -v a="$base" 'BEGIN { printf "%.15g", a * (1 - 4 / 720) }')" 1e-12 &&
	ok "down@4h exact = (1 - D/W) x baseline" || bad "down@4h exact $sc, baseline $base"

# Without --what-if and --fmea: no new keys.
"$NINES" run $AP $N --json "$TMP/p.json" >/dev/null
grep -q '"what_if"\|"fmea"' "$TMP/p.json" && bad "plain run has what_if/fmea" || ok "plain run: no what_if, no fmea"

# The pair of models: active-active detection costs less than the failover.
"$NINES" run $AA $N --json "$TMP/aa.json" >/dev/null
a=$(json_num exact_availability "$TMP/aa.json"); p=$(json_num exact_availability "$TMP/p.json")
awk -v a="$a" -v p="$p" 'BEGIN { exit !(a > p) }' && ok "active-active $a beats active-passive $p" ||
	bad "active-active $a, active-passive $p"

# report.md sections
rm -rf "$TMP/rep"
expect_exit 0 "report" "$NINES" run $AP $N --what-if gateway=0.999 --report "$TMP/rep"
grep -q '^## What if' "$TMP/rep/report.md" && grep -q '^## Failure modes' "$TMP/rep/report.md" &&
	ok "report.md: What if, Failure modes" || bad "report.md sections missing"

# NODE=degraded on a model with request attributes (SPEC section 7)
MW=models/mobile-wallet.graphml
MN="--scenarios 1e5 --windows 500 --requests 1e5"
rm -rf "$TMP/rep" "$TMP/w.json"
expect_exit 2 "degraded without a degradation model refused" "$NINES" run $MW $MN \
	--what-if wallet-service=degraded --json "$TMP/w.json" --report "$TMP/rep"
expect_err_match "what-if 'wallet-service=degraded': node 'wallet-service' \(models/mobile-wallet.graphml:[0-9]+\) has no degradation model: it needs the attribute .degraded." \
	"degraded: message names the node and what it lacks"
[ ! -e "$TMP/w.json" ] && [ ! -e "$TMP/rep" ] && ok "degraded refused: nothing written" ||
	bad "degraded refused: output written"
expect_exit 0 "degraded scenario" "$NINES" run $MW $MN --what-if payment-processor=degraded \
	--what-if payment-processor=1 --json "$TMP/d.json" --report "$TMP/rep"
expect_out_match "What if Payment processor \(third par.* is degraded: Mobile wallet payment serves [0-9.]+% of requests within 3 s instead of [0-9.]+%" \
	"text: the degraded sentence is about requests"
grep -q "is degraded: Mobile wallet payment serves" "$TMP/rep/report.md" &&
	ok "report.md: the degraded sentence" || bad "report.md lacks the degraded sentence"
n=$(grep -o '"good_share"' "$TMP/d.json" | wc -l)
[ "$n" -eq 3 ] && ok "json: baseline and both scenarios carry requests" || bad "json: $n good_share keys"
# up as far as availability goes: the same as the node never failing
a=$(json_num exact_availability "$TMP/d.json" 2); b=$(json_num exact_availability "$TMP/d.json" 3)
[ "$a" = "$b" ] && ok "degraded availability = never failing ($a)" || bad "degraded $a, =1 $b"
# 1 and 2 threads: the same JSON
"$NINES" run $MW $MN --what-if payment-processor=degraded --threads 1 --seed 5 --json "$TMP/t1.json" >/dev/null
"$NINES" run $MW $MN --what-if payment-processor=degraded --threads 2 --seed 5 --json "$TMP/t2.json" >/dev/null
strip() { grep -v '"seconds"\|"threads"\|requests_per_second' "$1"; }
strip "$TMP/t1.json" > "$TMP/t1.s"; strip "$TMP/t2.json" > "$TMP/t2.s"
cmp -s "$TMP/t1.s" "$TMP/t2.s" && ok "degraded: 1 and 2 threads, the same JSON" ||
	bad "degraded: 1 and 2 threads differ: $(diff "$TMP/t1.s" "$TMP/t2.s" | head -4)"

# A bad recovery attribute
sed 's/<data key="failover_s">300/<data key="failover_s">-5/' $AP > "$TMP/bad.graphml"
expect_exit 2 "failover_s -5 refused" "$NINES" run "$TMP/bad.graphml" $N
expect_err_match "node 'payments': failover_s -5 is not a finite number >= 0" "failover_s message"
finish
