#!/bin/sh
# tests/cli/depgraph.sh - the dependency graph of `nines run --report`
# (and of `nines allocate --report`, with the tiers):
# graph.dot drawn by Graphviz into graph.png and graph.svg, linked from
# report.md beside the same picture as Mermaid text; hostile names stay
# inside their DOT and Mermaid strings; without dot on PATH the .dot is
# written, report.md says how to draw it, a warning, exit 0; a model
# larger than one picture gets one per journey with its pool members
# folded and says what was left out.
. tests/cli/lib.sh
M=models/ecommerce.graphml
if ! command -v dot >/dev/null; then echo "  skipped: no Graphviz dot"; exit 0; fi

expect_exit 0 "run --report" "$NINES" run $M --scenarios 1e5 --windows 200 --report "$TMP/r"
for f in graph.dot graph.png graph.svg; do
	[ -s "$TMP/r/$f" ] && ok "$f written" || bad "$f missing"
done
head -c 8 "$TMP/r/graph.png" | od -An -c | grep -q 'P   N   G' && ok "graph.png is a PNG" || bad "graph.png is not a PNG"
grep -q '^!\[Dependency graph\](graph.png)' "$TMP/r/report.md" && ok "report.md shows graph.png" ||
	bad "report.md does not link graph.png"
grep -q '^```mermaid' "$TMP/r/report.md" && ok "report.md has the Mermaid picture" || bad "no Mermaid"
grep -q 'Search service (zone A only)" + "\\n" + "failure share 8[0-9.]*%" + "\\n" + "constraint #1 of Browse products"' \
	"$TMP/r/graph.dot" && ok "the top constraint is labelled with its share and rank" ||
	bad "the top constraint's label"
grep -q 'shape=house' "$TMP/r/graph.dot" && grep -q 'rank=source; n0; n1;' "$TMP/r/graph.dot" &&
	ok "journeys on top" || bad "journeys not on top"
grep 'third party' "$TMP/r/graph.dot" | grep -q dashed && ok "third parties dashed and labelled" ||
	bad "third parties"

# an allocation's report: the tiers in the labels
expect_exit 0 "allocate --report" "$NINES" allocate $M --scenarios 1e5 --report "$TMP/a"
[ -s "$TMP/a/graph.png" ] && ok "allocate: graph.png" || bad "allocate: no graph.png"
grep -q 'Catalog replica 1 (zone A)" + "\\n" + "tier [a-z]* (99[.0-9]*%)"' "$TMP/a/graph.dot" &&
	ok "allocate: each component's tier labelled" || bad "allocate: tiers not labelled"
grep -q '^!\[Dependency graph\](graph.png)' "$TMP/a/report.md" && ok "allocate: report.md shows it" ||
	bad "allocate: report.md does not link graph.png"

# hostile names
cat >"$TMP/h.graphml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="a" for="node" attr.name="availability" attr.type="double"/>
  <key id="s" for="node" attr.name="slo" attr.type="double"/>
  <key id="n" for="node" attr.name="name" attr.type="string"/>
  <graph edgedefault="directed">
    <node id="j"><data key="s">0.99</data><data key="n">a"];x -> y; \N label="pwn</data></node>
    <node id="b"><data key="a">0.999</data><data key="n">back\slash&#10;new"line --> z["q"] #quot; `c`</data></node>
    <edge source="j" target="b"/>
  </graph>
</graphml>
XML
expect_exit 0 "hostile names" "$NINES" run "$TMP/h.graphml" --scenarios 1e4 --windows 100 --report "$TMP/h"
[ -s "$TMP/h/graph.png" ] && ok "dot draws hostile names" || bad "dot failed on hostile names"
dot -Tplain "$TMP/h/graph.dot" >"$TMP/plain"
[ "$(grep -c '^edge ' "$TMP/plain")" -eq 1 ] && [ "$(grep -c '^node ' "$TMP/plain")" -eq 2 ] &&
	ok "dot reads two nodes and one edge: nothing injected" || { bad "DOT injection"; cat "$TMP/plain"; }
sed -n '/^```mermaid/,/^```$/p' "$TMP/h/report.md" >"$TMP/mm"
[ "$(grep -c -- '-->' "$TMP/mm")" -eq 1 ] && ! grep -q '\["q"\]' "$TMP/mm" &&
	ok "no edge or node injected into the Mermaid text" || { bad "Mermaid injection"; cat "$TMP/mm"; }

# without dot: the .dot, a note, a warning, exit 0
mkdir "$TMP/bin"
ln -s "$(command -v gnuplot)" "$TMP/bin/gnuplot" 2>/dev/null
PATH="$TMP/bin" expect_exit 0 "no dot: exit 0" "$NINES" run $M --scenarios 1e4 --windows 100 --report "$TMP/nd"
expect_err_match "Graphviz dot not found" "no dot: a warning"
[ -s "$TMP/nd/graph.dot" ] && [ ! -e "$TMP/nd/graph.png" ] && ok "no dot: graph.dot, no PNG" ||
	bad "no dot: files"
grep -q 'Graph not drawn' "$TMP/nd/report.md" && ok "no dot: report.md says how to draw it" ||
	bad "no dot: no note"

# larger than one picture: a pool of 80 replicas on a database
{
	echo '<?xml version="1.0"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
	echo '<key id="a" for="node" attr.name="availability" attr.type="double"/>'
	echo '<key id="s" for="node" attr.name="slo" attr.type="double"/>'
	echo '<key id="r" for="node" attr.name="requires" attr.type="string"/>'
	echo '<graph edgedefault="directed"><node id="shop"><data key="s">0.999</data></node>'
	echo '<node id="pool"><data key="r">any</data></node><node id="db"><data key="a">0.9995</data></node>'
	echo '<edge source="shop" target="pool"/><edge source="shop" target="db"/>'
	i=0; while [ $i -lt 80 ]; do
		echo "<node id=\"web-$i\"><data key=\"a\">0.99</data></node><edge source=\"pool\" target=\"web-$i\"/><edge source=\"web-$i\" target=\"db\"/>"
		i=$((i + 1)); done
	echo '</graph></graphml>'
} >"$TMP/big.graphml"
expect_exit 0 "a large model" "$NINES" run "$TMP/big.graphml" --scenarios 1e4 --windows 100 --report "$TMP/big"
[ -s "$TMP/big/graph-shop.png" ] && ok "a large model: one picture per journey" || bad "no graph-shop.png"
grep -q '80 replicas' "$TMP/big/graph-shop.dot" && ok "the 80 replicas in one box" || bad "replicas not folded"
grep -q '79 replicas folded' "$TMP/big/report.md" && ok "report.md says what was folded" ||
	bad "report.md does not say what was folded"
finish
