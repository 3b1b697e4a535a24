# tests/cli/requests.sh - request-level figures (SPEC section 7) through
# the CLI: a model with request attributes gets a "requests" object per
# journey, the same for any thread count (and MPI rank count, in mpi.sh's
# way when mpirun is there); --requests 0 and a model without request
# attributes have none; a request attribute no journey reaches is a
# warning, not an error; the report gains its charts.
. tests/cli/lib.sh
MW=models/mobile-wallet.graphml
O="--scenarios 20000 --windows 0 --no-constraints --requests 30000 --seed 3"

# shellcheck disable=SC2086
expect_exit 0 "run mobile-wallet, 1 thread" "$NINES" run $MW $O --threads 1 --json "$TMP/t1.json"
# shellcheck disable=SC2086
expect_exit 0 "run mobile-wallet, 3 threads" "$NINES" run $MW $O --threads 3 --json "$TMP/t3.json"
cmp -s "$TMP/t1.json" "$TMP/t3.json" && ok "1 and 3 threads: the same JSON" ||
	bad "1 and 3 threads give different JSON"
for k in '"requests": {' '"success_rate"' '"good_share"' '"p99.9"' '"attribution"' \
	 '"amplification"' '"timeout_inversions"' '"exact_success_rate"'; do
	grep -q "$k" "$TMP/t1.json" && ok "JSON has $k" || bad "JSON lacks $k"
done
s=$(json_num estimate "$TMP/t1.json" 2)
near "${s:-nan}" 0.9948 0.003 && ok "mobile-wallet success $s near 0.9948" ||
	bad "mobile-wallet success ${s:-missing}, expected about 0.9948"

# shellcheck disable=SC2086
expect_exit 0 "--requests 0 skips them" "$NINES" run $MW $O --requests 0 --json "$TMP/none.json"
grep -q '"requests": {' "$TMP/none.json" && bad "--requests 0 still wrote requests" ||
	ok "--requests 0: no requests object"
# shellcheck disable=SC2086
expect_exit 0 "a model without request attributes" "$NINES" run models/account-opening.graphml $O --json "$TMP/plain.json"
grep -q '"requests"' "$TMP/plain.json" && bad "requests without request attributes" ||
	ok "no request attributes: no requests object"

cat > "$TMP/lone.graphml" <<'XML'
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="A" for="node" attr.name="availability"/>
  <key id="S" for="node" attr.name="slo"/>
  <key id="L" for="node" attr.name="latency_ms"/>
  <graph edgedefault="directed">
    <node id="web"><data key="A">0.99</data><data key="S">0.9</data></node>
    <node id="lone"><data key="A">0.99</data><data key="L">5</data></node>
    <edge source="web" target="lone"/>
    <node id="island"><data key="A">0.99</data><data key="L">5</data></node>
  </graph>
</graphml>
XML
expect_exit 0 "check: an unreached request attribute is not an error" "$NINES" check "$TMP/lone.graphml"
expect_err_match "warning: .*lone.graphml:[0-9]+: node 'island': request attributes, but no journey depends on it" \
	"check warns about it, naming file, line and node"

if command -v gnuplot >/dev/null 2>&1; then
	# shellcheck disable=SC2086
	expect_exit 0 "run --report" "$NINES" run $MW $O --report "$TMP/rep"
	for f in latency-mobile-wallet-payment.svg attribution-mobile-wallet-payment.svg; do
		[ -s "$TMP/rep/$f" ] && ok "report has $f" || bad "report lacks $f"
	done
	grep -q '^## Requests' "$TMP/rep/report.md" && ok "report.md has a Requests section" ||
		bad "report.md has no Requests section"
fi
finish
