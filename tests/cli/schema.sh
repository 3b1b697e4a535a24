#!/bin/sh
# tests/cli/schema.sh - the JSON Schemas of docs/schema/ against real
# outputs: run (with and without windows and constraints, several
# models), allocate (joint, one journey, infeasible), import (every
# format) and compare (when this build has the command); and the checker
# itself (tests/support/schema_check.py, for machines without
# python3-jsonschema) refuses broken documents, so a pass means something.
. tests/cli/lib.sh
S=docs/schema
CHECK="python3 tests/support/schema_check.py"
valid() {	# valid SCHEMA NAME FILE...
	schema=$1; name=$2; shift 2
	if $CHECK "$S/$schema" "$@" >"$TMP/check" 2>&1; then ok "$name"; else
		bad "$name"; head -5 "$TMP/check" | sed 's/^/       /'; fi
}

"$NINES" run models/ecommerce.graphml --scenarios 1e5 --windows 300 --json "$TMP/run1.json" >/dev/null
"$NINES" run models/seven-in-series.graphml --scenarios 1e4 --windows 0 --json "$TMP/run2.json" >/dev/null
"$NINES" run models/account-opening.graphml --scenarios 1e4 --windows 100 --no-constraints \
	--json "$TMP/run3.json" >/dev/null
"$NINES" run models/five-nines.graphml --rel-error 0.2 --windows 100 --json "$TMP/run4.json" >/dev/null
valid run.schema.json "run outputs match run.schema.json" "$TMP"/run[1-4].json

"$NINES" allocate models/ecommerce.graphml --scenarios 1e5 --json "$TMP/a1.json" >/dev/null
"$NINES" allocate models/account-opening.graphml --scenarios 1e5 --json "$TMP/a2.json" >/dev/null
"$NINES" allocate models/seven-in-series.graphml --journey place-order --target 0.999 \
	--scenarios 1e5 --json "$TMP/a3.json" >/dev/null
valid allocate.schema.json "allocate outputs match allocate.schema.json" "$TMP"/a[1-3].json

for f in "jaeger jaeger.json" "zipkin zipkin.json" "otel servicegraph.prom" \
	 "backstage catalog.yaml" "mermaid flowchart.mmd"; do
	set -- $f
	"$NINES" import --from "$1" "tests/data/import/$2" -o "$TMP/$1.graphml" \
		--json "$TMP/import-$1.json" 2>/dev/null
done
valid import.schema.json "import outputs (5 formats) match import.schema.json" "$TMP"/import-*.json

if "$NINES" compare --help >/dev/null 2>&1; then
	"$NINES" compare models/ecommerce.graphml models/ecommerce.graphml --scenarios 1e5 \
		--json "$TMP/c.json" >/dev/null 2>"$TMP/cerr" ||
		"$NINES" compare models/ecommerce.graphml models/ecommerce.graphml --json "$TMP/c.json" >/dev/null 2>&1
	valid compare.schema.json "compare output matches compare.schema.json" "$TMP/c.json"
else
	ok "compare: not a command of this build; compare.schema.json checked on its SPEC example"
	cat >"$TMP/c.json" <<'JSON'
{ "models": ["a.graphml", "b.graphml"],
  "journeys": [ { "name": "checkout",
    "per_model": [ { "name": "checkout", "slo": 0.999, "availability": { "estimate": 0.9981, "ci95_low": 0.998, "ci95_high": 0.9982 }, "exact_availability": null },
                   { "name": "checkout", "slo": 0.999, "availability": { "estimate": 0.9991, "ci95_low": 0.999, "ci95_high": 0.9992 }, "exact_availability": 0.99911 } ],
    "differences": [] } ] }
JSON
	valid compare.schema.json "the SPEC's compare example matches compare.schema.json" "$TMP/c.json"
fi

# the checker refuses what it must
python3 - "$TMP/run1.json" "$TMP/broken1.json" "$TMP/broken2.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["journeys"][0]["availability"]["estimate"] = 1.5
json.dump(d, open(sys.argv[2], "w"))
d = json.load(open(sys.argv[1]))
del d["journeys"][0]["window"]["budget_states"]["exhausted"]
json.dump(d, open(sys.argv[3], "w"))
PY
for b in broken1 broken2; do
	if $CHECK "$S/run.schema.json" "$TMP/$b.json" >/dev/null 2>&1; then
		bad "the checker accepts $b.json"; else ok "the checker refuses $b.json"; fi
done
python3 -c 'import json; json.dump({"source": "x", "format": "dot"}, open("'"$TMP"'/b3.json", "w"))'
if $CHECK "$S/import.schema.json" "$TMP/b3.json" >/dev/null 2>&1; then
	bad "the checker accepts an import summary without nodes"; else ok "the checker refuses an incomplete import summary"; fi
finish
