#!/bin/sh
# tests/cli/import.sh - `nines import`: each format's sample input
# (tests/data/import/, written in the shape each tool documents) gives
# its expected GraphML byte for byte; the output parses as GraphML with
# every data key declared by attr.name (what NetworkX and yEd need);
# round trip: nines check refuses it until the leaves have an
# availability, naming one, and accepts it once they do (filled, or with
# --assume-availability); bad inputs (malformed JSON, YAML, Mermaid and
# exposition text, cycles, self-calls, duplicates, an unknown format)
# fail with the file and line, exit 2, and write nothing.
. tests/cli/lib.sh
D=tests/data/import

for f in "jaeger jaeger.json" "zipkin zipkin.json" "otel servicegraph.prom" \
	 "backstage catalog.yaml" "mermaid flowchart.mmd"; do
	set -- $f
	expect_exit 0 "import --from $1" "$NINES" import --from "$1" "$D/$2"
	if cmp -s "$TMP/out" "$D/$1.expected.graphml"; then ok "$1: GraphML as expected"; else
		bad "$1: GraphML differs from $D/$1.expected.graphml"
		diff "$D/$1.expected.graphml" "$TMP/out" | head -10 | sed 's/^/       /'; fi
	expect_err_match "requires=all" "$1: says requires=all on stderr"
	expect_err_match "todo=\"availability\"" "$1: names what to fill"
	cp "$TMP/out" "$TMP/$1.graphml"
	if python3 - "$TMP/$1.graphml" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
root = ET.parse(sys.argv[1]).getroot()
keys = {k.get("id"): k for k in root.findall("g:key", ns)}
assert all(k.get("attr.name") and k.get("attr.type") in ("string", "double", "boolean") for k in keys.values())
graph = root.find("g:graph", ns)
assert graph.get("edgedefault") == "directed"
nodes = {n.get("id") for n in graph.findall("g:node", ns)}
for el in graph.iter():
    if el.tag.endswith("}data"):
        assert el.get("key") in keys, el.get("key")
for e in graph.findall("g:edge", ns):
    assert e.get("source") in nodes and e.get("target") in nodes
PY
	then ok "$1: GraphML with every key declared"; else bad "$1: not GraphML as NetworkX reads it"; fi
	# round trip: refused until the leaves are filled, naming one
	expect_exit 2 "$1: nines check wants the leaves filled" "$NINES" check "$TMP/$1.graphml"
	expect_err_match "needs a failure model" "$1: nines check names a leaf to fill"
	sed 's|<data key="todo">availability</data>|<data key="availability">0.9995</data>|' \
		"$TMP/$1.graphml" >"$TMP/$1-filled.graphml"
	expect_exit 0 "$1: nines check accepts it once filled" "$NINES" check "$TMP/$1-filled.graphml"
	expect_exit 0 "$1: --assume-availability" "$NINES" import --from "$1" "$D/$2" \
		--assume-availability 0.999 -o "$TMP/$1-assumed.graphml"
	expect_err_match "ASSUMED availability 0.999" "$1: says what it assumed"
	expect_exit 0 "$1: nines check accepts the assumed model" "$NINES" check "$TMP/$1-assumed.graphml"
done

# what the samples must give
grep -q '<data key="error_rate">0.001</data>' "$D/zipkin.expected.graphml" &&
	ok "zipkin: checkout's own error rate (30 - 18) / 12000" || bad "zipkin: error_rate of checkout"
grep -q '<data key="calls">10000</data>' "$D/otel.expected.graphml" &&
	ok "otel: series of one pair summed over instances" || bad "otel: series not summed"
grep -q '<data key="external">true</data>' "$D/backstage.expected.graphml" &&
	ok "backstage: an undefined reference is marked external" || bad "backstage: external"
grep -q '<data key="group">Data tier</data>' "$D/mermaid.expected.graphml" &&
	ok "mermaid: subgraph title as group" || bad "mermaid: group"

# bad input: file and line, exit 2, nothing written
while read -r fmt file pattern; do
	rm -f "$TMP/bad.graphml"
	expect_exit 2 "bad $file" "$NINES" import --from "$fmt" "$D/bad/$file" -o "$TMP/bad.graphml"
	expect_err_match "$D/bad/$file:[0-9]+: .*$pattern" "bad $file: file, line and '$pattern'"
	[ ! -e "$TMP/bad.graphml" ] && ok "bad $file: nothing written" || bad "bad $file: output written"
done <<'LIST'
zipkin cycle.json cycle: a -> b -> c -> a
jaeger self.json 'a' calls itself
jaeger duplicate.json listed twice
zipkin malformed.json malformed JSON
zipkin errors-above-calls.json above callCount
backstage malformed.yaml malformed YAML
backstage duplicate.yaml defined twice
mermaid undirected.mmd without an arrowhead
mermaid relabel.mmd labelled
mermaid notflow.mmd not a Mermaid flowchart
mermaid cycle.mmd cycle: A -> B -> C -> A
otel duplicate.prom same series twice
otel malformed.prom malformed exposition line
otel self.prom calls itself
LIST
echo x >"$TMP/keep.graphml"
expect_exit 2 "an unknown format" "$NINES" import --from dot "$D/jaeger.json" -o "$TMP/keep.graphml"
expect_err_match "unknown format 'dot'" "the unknown format is named"
[ "$(cat "$TMP/keep.graphml")" = x ] && ok "an existing -o file is left as it was" || bad "-o file changed"
expect_exit 2 "--json - with the model on stdout" "$NINES" import --from jaeger "$D/jaeger.json" --json -
expect_err_match "both on stdout" "the clash is named"
expect_exit 0 "--json - with -o" "$NINES" import --from zipkin "$D/zipkin.json" -o "$TMP/z.graphml" --json -
expect_out_match '"error_rate": 0.001' "--json gives checkout's own error rate"
expect_exit 2 "no --from" "$NINES" import "$D/jaeger.json"
expect_exit 2 "a missing file" "$NINES" import --from jaeger "$TMP/nope.json"
expect_err_match "nope.json" "the missing file is named"
expect_exit 2 "--assume-availability 0" "$NINES" import --from jaeger "$D/jaeger.json" --assume-availability 0
finish
