#!/bin/sh
# tests/cli/openslo.sh - `nines allocate MODEL --openslo DIR`: one OpenSLO
# v1 SLO document per non-fixed component (its allocated target) and per
# journey (its own target), each valid against
# docs/schema/openslo-v1-slo.schema.json (written from the OpenSLO v1
# spec; checked with python3-yaml by tests/support/schema_check.py); the
# targets, window and journeys agree with the allocation's JSON; hostile
# ids give DNS-safe, unique names and names stay YAML strings; a window
# of 7.5 days is 180h; an unwritable DIR fails with exit 1.
. tests/cli/lib.sh
S=docs/schema/openslo-v1-slo.schema.json
CHECK="python3 tests/support/schema_check.py"

expect_exit 0 "allocate --openslo" "$NINES" allocate models/ecommerce.graphml \
	--scenarios 1e5 --json "$TMP/alloc.json" --openslo "$TMP/slo"
if $CHECK "$S" "$TMP"/slo/*.yaml >"$TMP/check" 2>&1; then
	ok "$(ls "$TMP/slo" | wc -l) documents valid against the OpenSLO v1 schema"
else bad "OpenSLO schema"; head -5 "$TMP/check" | sed 's/^/       /'; fi
if python3 - "$TMP/alloc.json" "$TMP/slo" <<'PY'
import glob, json, sys, yaml
alloc = json.load(open(sys.argv[1]))
docs = {}
for p in glob.glob(sys.argv[2] + "/*.yaml"):
    d = yaml.safe_load(open(p))
    assert p.endswith("/" + d["metadata"]["name"] + ".yaml"), p
    docs[d["metadata"]["displayName"]] = d
comps = [c for c in alloc["components"] if not c["fixed"]]
journeys = alloc["journeys"]
assert len(docs) == len(comps) + len(journeys), (len(docs), len(comps), len(journeys))
for c in comps:
    d = docs[c["component"]]
    assert d["spec"]["objectives"][0]["target"] == c["target"], c
    assert d["spec"]["budgetingMethod"] == "Occurrences"
    assert d["spec"]["timeWindow"] == [{"duration": "30d", "isRolling": True}]
    assert any(j["journey"] in d["spec"]["description"] for j in journeys), d
for j in journeys:
    d = docs[j["journey"]]
    assert d["spec"]["objectives"][0]["target"] == j["target"]
    assert d["metadata"]["name"].endswith("-journey")
PY
then ok "targets, window and journeys agree with the allocation"; else bad "documents disagree with the allocation"; fi

# hostile ids and names; a window of 7.5 days
cat >"$TMP/hostile.graphml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="a" for="node" attr.name="availability" attr.type="double"/>
  <key id="s" for="node" attr.name="slo" attr.type="double"/>
  <key id="n" for="node" attr.name="name" attr.type="string"/>
  <key id="w" for="graph" attr.name="window_days" attr.type="double"/>
  <graph edgedefault="directed">
    <data key="w">7.5</data>
    <node id="Checkout &amp; Pay"><data key="s">0.99</data><data key="n">yes: "no" # &amp;x *y</data></node>
    <node id="DB/primary"><data key="a">0.999</data><data key="n">true</data></node>
    <node id="db-primary"><data key="a">0.9995</data><data key="n">- [x]</data></node>
    <edge source="Checkout &amp; Pay" target="DB/primary"/>
    <edge source="Checkout &amp; Pay" target="db-primary"/>
  </graph>
</graphml>
XML
expect_exit 0 "hostile names" "$NINES" allocate "$TMP/hostile.graphml" --scenarios 1e4 --openslo "$TMP/h"
ls "$TMP/h" >"$TMP/names"
if [ "$(tr '\n' ' ' <"$TMP/names")" = "checkout-pay-journey.yaml db-primary-2.yaml db-primary.yaml " ]; then
	ok "DNS-safe, unique names"; else bad "names: $(tr '\n' ' ' <"$TMP/names")"; fi
$CHECK "$S" "$TMP"/h/*.yaml >"$TMP/check" 2>&1 && ok "hostile documents valid" ||
	{ bad "hostile documents"; head -3 "$TMP/check"; }
python3 - "$TMP/h" <<'PY' && ok "names stay strings; 7.5 days is 180h" || bad "hostile names or window"
import glob, sys, yaml
names = set()
for p in glob.glob(sys.argv[1] + "/*.yaml"):
    d = yaml.safe_load(open(p))
    names.add(d["metadata"]["displayName"])
    assert d["spec"]["timeWindow"][0]["duration"] == "180h"
assert names == {'yes: "no" # &x *y', "true", "- [x]"}, names
PY
expect_exit 1 "unwritable --openslo" "$NINES" allocate models/ecommerce.graphml --scenarios 1e4 \
	--openslo /nonexistent-dir/slo
expect_err_match "nonexistent-dir" "the directory is named"
finish
