# tests/cli/limits.sh - issue 20: what a run cannot honour is refused up
# front, with exit 2, one message with the figure it would need, in
# bounded time and memory (the SLO windows keep 8 bytes per window and
# journey: NINES_WINDOW_MAX_BYTES); and the messages of failed writes and
# reads say why.
. tests/cli/lib.sh
M=models/account-opening.graphml
TIME=
[ "${SAN:-0}" = 1 ] || { [ -x /usr/bin/time ] && TIME=/usr/bin/time; }

# bounded NAME SECONDS KB CMD... : CMD exits 2 within SECONDS and KB.
bounded() {
	name=$1 secs=$2 kb=$3; shift 3
	start=$(date +%s)
	if [ -n "$TIME" ]; then
		$TIME -o "$TMP/time" -f '%M' timeout 60 "$@" >"$TMP/out" 2>"$TMP/err"
		got=$?
		peak=$(tail -1 "$TMP/time")
	else
		timeout 60 "$@" >"$TMP/out" 2>"$TMP/err"
		got=$?
		peak=0
	fi
	took=$(($(date +%s) - start))
	if [ "$got" -ne 2 ]; then bad "$name: exit $got, expected 2"; head -3 "$TMP/err"
	elif [ "$took" -gt "$secs" ]; then bad "$name: took $took s > $secs s"
	elif [ "$peak" -gt "$kb" ]; then bad "$name: peak memory $peak KB > $kb KB"
	elif [ "$(wc -l <"$TMP/err")" -ne 1 ]; then bad "$name: not one line on stderr"; head -3 "$TMP/err"
	else ok "$name ($took s, $((peak / 1024)) MB)"; fi
}

# A billion windows of one journey: 16 GB of per-window values.
bounded "--windows 1e9: refused up front" 5 262144 "$NINES" run $M --scenarios 1e4 --windows 1e9
expect_err_match "1000000000 windows of 1 journey would keep about 16.3 GB .* limit of 4 GB; at most [0-9]+ windows fit" \
	"--windows 1e9: the message gives the figure and the count that fits"
# The count it names runs (checked at a quarter of it: seconds, not minutes).
fit=$(sed -n 's/.*at most \([0-9]*\) windows fit.*/\1/p' "$TMP/err")
[ -n "$fit" ] && [ "$fit" -gt 100000000 ] && ok "--windows 1e9: $fit windows would fit" || bad "--windows 1e9: no count that fits ('$fit')"

# 10,000 journeys on shared nodes, 5e6 windows: 400 GB, refused.
python3 - "$TMP/wide.graphml" <<'PY'
import sys
n = 10000
out = ['<?xml version="1.0"?>',
       '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
       '<key id="a" for="node" attr.name="availability" attr.type="double"/>',
       '<key id="s" for="node" attr.name="slo" attr.type="double"/>',
       '<graph edgedefault="directed">',
       '<node id="db"><data key="a">0.9995</data></node>',
       '<node id="az"><data key="a">0.9999</data></node>']
for i in range(n):
    out.append('<node id="j%d"><data key="s">0.999</data></node>'
               '<edge source="j%d" target="db"/><edge source="j%d" target="az"/>' % (i, i, i))
out.append('</graph></graphml>')
open(sys.argv[1], "w").write("\n".join(out))
PY
bounded "10,000 journeys, --windows 5e6: refused up front" 20 524288 \
	"$NINES" run "$TMP/wide.graphml" --scenarios 1e4 --windows 5e6 --no-constraints
expect_err_match "5000000 windows of 10000 journeys would keep about 41[0-9] GB" \
	"10,000 journeys: the message gives the figure"

# Messages that say why.
"$NINES" run $M --scenarios 1e4 --windows 10 --json /dev/full >/dev/null 2>"$TMP/err"
[ $? -eq 1 ] && grep -q "cannot write '/dev/full': No space left on device" "$TMP/err" &&
	ok "--json /dev/full: exit 1, strerror" || { bad "--json /dev/full"; cat "$TMP/err"; }
"$NINES" run $M --scenarios 1e4 --windows 10 --resume "$TMP/none.ck" >/dev/null 2>"$TMP/err"
[ $? -eq 2 ] && grep -q "cannot read checkpoint '.*none.ck': No such file or directory" "$TMP/err" &&
	ok "--resume of a missing file: exit 2, strerror" || { bad "--resume missing"; cat "$TMP/err"; }
"$NINES" allocate $M --scenarios 1e4 --json - >/dev/full 2>"$TMP/err"
[ $? -eq 1 ] && grep -q "standard output: No space left on device" "$TMP/err" && ! grep -q "'-'" "$TMP/err" &&
	ok "allocate --json - on a full disk: says standard output" || { bad "allocate --json - full"; cat "$TMP/err"; }

# Numbers: an availability that underflows, a hexadecimal float, and
# mttf/mttr at the ends of the double range.
model() {	# model FILE DATA... : one leaf node 'n' with the given <data>
	f=$1; shift
	{ echo '<graphml><key id="a" for="node" attr.name="availability"/><key id="f" for="node" attr.name="mttf_h"/>'
	  echo '<key id="r" for="node" attr.name="mttr_h"/><graph edgedefault="directed">'
	  echo "<node id=\"n\">$*</node></graph></graphml>"; } >"$f"
}
model "$TMP/u.graphml" '<data key="a">1e-400</data>'
expect_exit 2 "availability 1e-400: refused" "$NINES" check "$TMP/u.graphml"
expect_err_match "u.graphml:3: node 'n': availability '1e-400' underflows to 0" "availability 1e-400: says it underflows"
model "$TMP/h.graphml" '<data key="a">0x1.ffp-1</data>'
expect_exit 2 "hexadecimal availability: refused" "$NINES" check "$TMP/h.graphml"
expect_err_match "availability '0x1.ffp-1' is a hexadecimal float" "hexadecimal availability: says so"
expect_exit 2 "hexadecimal option value: refused" "$NINES" allocate $M --journey account-opening --target 0x1.ffp-1
model "$TMP/m1.graphml" '<data key="f">1e-300</data><data key="r">1e300</data>'
expect_exit 2 "mttf_h 1e-300, mttr_h 1e300: refused" "$NINES" check "$TMP/m1.graphml"
expect_err_match "node 'n': availability mttf_h 1e-300 / \(mttf_h \+ mttr_h 1e\+300\) underflows to 0" \
	"mttf/mttr underflow: names the node and both values"
model "$TMP/m2.graphml" '<data key="f">1e308</data><data key="r">1e308</data>'
"$NINES" run "$TMP/m2.graphml" --scenarios 1e4 --windows 0 --json - >"$TMP/m2.json" 2>"$TMP/err"
[ "$(json_num exact_availability "$TMP/m2.json")" = 0.5 ] && ok "mttf_h = mttr_h = 1e308: availability 0.5" ||
	{ bad "mttf_h = mttr_h = 1e308: exact $(json_num exact_availability "$TMP/m2.json")"; head -3 "$TMP/err"; }

# Names with a newline, a CR and a tab reach the terminal escaped as in
# the JSON; two nodes with one display name are warned about, by id.
cat >"$TMP/ctl.graphml" <<'EOF2'
<graphml><key id="a" for="node" attr.name="availability"/><key id="s" for="node" attr.name="slo"/><key id="n" for="node" attr.name="name"/>
<graph edgedefault="directed">
<node id="j"><data key="s">0.99</data><data key="n">check&#10;out&#9;tab&#13;cr</data></node>
<node id="db"><data key="a">0.999</data><data key="n">data&#10;base</data></node>
<node id="db2"><data key="a">0.999</data><data key="n">data&#10;base</data></node>
<edge source="j" target="db"/><edge source="j" target="db2"/>
</graph></graphml>
EOF2
for cmd in "run --scenarios 1e4 --windows 100" "allocate --scenarios 1e4" check; do
	"$NINES" $cmd "$TMP/ctl.graphml" >"$TMP/out" 2>"$TMP/err"
	if grep -q "$(printf '\r')" "$TMP/out" || grep -q "$(printf '\t')" "$TMP/out" || grep -q '^out' "$TMP/out" || grep -q '^base' "$TMP/out"; then
		bad "${cmd%% *}: a raw control character from a name reached the terminal"
	else ok "${cmd%% *}: no raw control character from a name"; fi
	case $cmd in allocate*) want='^\s' ;; *) want='check\\nout\\ttab\\rcr' ;; esac
	[ "${cmd%% *}" = allocate ] || { grep -q "$want" "$TMP/out" && ok "${cmd%% *}: the name shown as in JSON" || bad "${cmd%% *}: the escaped name is missing"; }
	grep -qF "ctl.graphml:5: node 'db2' has the display name 'data\\nbase' of node 'db' (line 4)" "$TMP/err" &&
		ok "${cmd%% *}: duplicate display name warned, both ids named" || { bad "${cmd%% *}: no duplicate-name warning"; cat "$TMP/err"; }
done

finish
