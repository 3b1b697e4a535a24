# Hostile names (issue 19): model text, file names and command-line
# arguments reach gnuplot scripts, report.md, figures.csv and the JSON.
# For every model of tests/names (and a 5,000-character name, a hostile
# file name, a hostile report directory), `nines run` and `nines allocate`
# with --report must: run no command (no file appears outside the report
# folder, nothing unexpected inside it), draw every chart (PNG and SVG
# non-empty), keep report.md's tables to their column count and its
# links local, write a figures.csv that parses back to the model's names
# (a leading = + - @ tab or CR neutralised by a '), and a JSON with the
# names unchanged. Every generated .gp is then run again by hand and
# nothing more may appear.
. tests/cli/lib.sh
case "$NINES" in /*) ;; *) NINES=$PWD/$NINES ;; esac
GNUPLOT=$(command -v gnuplot 2>/dev/null)
[ -n "$GNUPLOT" ] || echo "  note: gnuplot not on PATH: charts are not drawn, scripts not re-run"
command -v python3 >/dev/null 2>&1 || { echo "  skip: python3 is needed to parse the outputs"; exit 0; }
NAMES=$PWD/tests/names

# The structural checks, in Python: report.md, figures.csv, JSON.
cat >"$TMP/check.py" <<'PY'
import csv, json, re, sys, xml.etree.ElementTree as ET
rep, model, js, kind = sys.argv[1:5]
NS = "{http://graphml.graphdrawing.org/xmlns}"
root = ET.parse(model).getroot()
keys = {k.get("id"): k.get("attr.name") for k in root.iter(NS + "key")}
names, journeys = set(), set()
for n in root.iter(NS + "node"):
    d = {keys.get(x.get("key")): (x.text or "") for x in n.findall(NS + "data")}
    nm = d.get("name", n.get("id")).strip(" \t\r\n")	# the loader trims
    names.add(nm)
    if "slo" in d:
        journeys.add(nm)
errs = []
def csvform(s):
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s
# figures.csv: RFC 4180, 9 fields a row, names as in the model.
with open(rep + "/figures.csv", newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
if rows[0] != "journey,component,metric,value,ci95_low,ci95_high,samples,model,seed".split(","):
    errs.append("figures.csv header: %r" % rows[0])
allowed = {csvform(n) for n in names}
seen = set()
for r in rows[1:]:
    if len(r) != 9:
        errs.append("figures.csv row of %d fields: %r" % (len(r), r[:3]))
        continue
    for x in r[:2]:
        if x and x not in allowed:
            errs.append("figures.csv name not in the model: %r" % x[:80])
        seen.add(x)
    if r[7][:1] in ("=", "+", "-", "@", "\t", "\r"):
        errs.append("figures.csv model field starts a formula: %r" % r[7][:40])
for j in journeys:
    if csvform(j) not in seen:
        errs.append("figures.csv lacks journey %r" % j[:80])
# report.md: every table keeps its header's column count; links and
# images stay in the folder; no raw HTML (a '<' that opens a tag) but
# nines' own <sub>.
md = open(rep + "/report.md", encoding="utf-8").read()
def cells(line):
    n, i = 0, 0
    while i < len(line):
        if line[i] == "\\":
            i += 2
            continue
        if line[i] == "|":
            n += 1
        # a code span's text is literal: its pipes are the renderer's problem
        i += 1
    return n
block = None
for line in md.split("\n"):
    if line.startswith("|"):
        if block is None:
            block = cells(line)
        elif cells(line) != block:
            errs.append("report.md table row has %d cells, header %d: %r" % (cells(line), block, line[:100]))
    else:
        block = None
for t in re.findall(r"(?<!\\)\]\(([^)]*)\)", md):
    if ":" in t or "/" in t:
        errs.append("report.md link leaves the folder: %r" % t)
plain = re.sub(r"</?sub>", "", md)
for m in re.finditer(r"(?<!\\)<[A-Za-z/!?]", plain):
    errs.append("report.md raw HTML: %r" % plain[m.start():m.start() + 30])
for line in md.split("\n"):
    if line.startswith("#") and not re.match(r"#{1,3} (?!#)", line):
        errs.append("report.md stray heading: %r" % line[:60])
# JSON: the names unchanged.
doc = json.load(open(js, encoding="utf-8"))
if kind == "run":
    got = {j["name"] for j in doc["journeys"]}
    if got != journeys:
        errs.append("JSON journey names differ: %r" % sorted(got ^ journeys)[:3])
else:
    got = {c["name"] for c in doc.get("components", []) if "name" in c}
    if not got <= names:
        errs.append("JSON component names not in the model: %r" % sorted(got - names)[:3])
for e in errs[:12]:
    print("       " + e)
sys.exit(1 if errs else 0)
PY

# listing DIR : the entries under DIR, one a line, sorted.
listing() { (cd "$1" && find . -mindepth 1 | LC_ALL=C sort); }

# report_ok LABEL W REP : REP (a folder in W) holds only what its
# manifest lists, every chart drawn; W holds nothing new but REP and the
# outputs named in $keep. Then every script runs again by hand.
report_ok() {
	lab=$1 w=$2 rep=$3
	listing "$w" | grep -v "^\./$(basename "$rep")/" >"$TMP/after"
	printf '%s\n' $keep "./$(basename "$rep")" | cat - "$TMP/before" | LC_ALL=C sort -u >"$TMP/want"
	if cmp -s "$TMP/after" "$TMP/want"; then ok "$lab: nothing written outside the report folder"
	else bad "$lab: unexpected files outside the report folder"; diff "$TMP/want" "$TMP/after" | sed 's/^/       /' | head -5; fi
	unexpected=$(ls -A "$w/$rep" | while IFS= read -r f; do
		[ "$f" = .nines-files ] && continue
		grep -qxF -- "$f" "$w/$rep/.nines-files" || printf '%s ' "$f"
	done)
	[ -z "$unexpected" ] && ok "$lab: the report folder holds only its manifest's files" \
		|| bad "$lab: unexpected in the report folder: $unexpected"
	[ -n "$GNUPLOT" ] || return 0
	n=0 missing=""
	for gp in "$w/$rep"/*.gp; do
		b=${gp%.gp}
		n=$((n + 1))
		[ -s "$b.png" ] && [ -s "$b.svg" ] || missing="$missing $(basename "$b")"
	done
	[ "$n" -ge 1 ] && [ -z "$missing" ] && ok "$lab: all $n charts drawn" \
		|| bad "$lab: charts not drawn:$missing ($n scripts)"
	listing "$w" >"$TMP/before_gp"
	failed=""
	for gp in "$w/$rep"/*.gp; do
		(cd "$w/$rep" && "$GNUPLOT" "$(basename "$gp")") >/dev/null 2>"$TMP/gp_err" \
			|| failed="$failed $(basename "$gp")"
	done
	listing "$w" >"$TMP/after_gp"
	[ -z "$failed" ] && ok "$lab: every script runs again by hand" \
		|| { bad "$lab: gnuplot fails on$failed"; head -3 "$TMP/gp_err" | sed 's/^/       /'; }
	cmp -s "$TMP/before_gp" "$TMP/after_gp" && ok "$lab: running the scripts by hand creates nothing" \
		|| { bad "$lab: running the scripts by hand created files"; diff "$TMP/before_gp" "$TMP/after_gp" | sed 's/^/       /' | head -5; }
}

# one LABEL MODEL [FILE_NAME [REPORT_DIR]] : run and allocate on a copy
# of MODEL named FILE_NAME, into REPORT_DIR, in a fresh directory.
one() {
	label=$1 src=$2 fname=${3:-m.graphml} rdir=${4:-rep}
	for cmd in run allocate; do
		w=$TMP/w-$label-$cmd
		rm -rf "$w"
		mkdir -p "$w"
		cp "$src" "$w/$fname"
		listing "$w" >"$TMP/before"
		if [ $cmd = run ]; then
			(cd "$w" && "$NINES" run "$fname" --scenarios 2e4 --windows 200 -q \
				--report "$rdir" --json out.json) >"$TMP/out" 2>"$TMP/err"
		else
			(cd "$w" && "$NINES" allocate "$fname" --scenarios 2e4 \
				--report "$rdir" --json out.json) >"$TMP/out" 2>"$TMP/err"
		fi
		got=$?
		if [ $got -ne 0 ]; then
			bad "$label: nines $cmd --report exits $got"; head -3 "$TMP/err" | sed 's/^/       /'
			continue
		fi
		ok "$label: nines $cmd --report exits 0"
		keep=./out.json
		report_ok "$label $cmd" "$w" "$rdir"
		if python3 "$TMP/check.py" "$w/$rdir" "$w/$fname" "$w/out.json" $cmd; then
			ok "$label $cmd: report.md tables and links, figures.csv and JSON names hold"
		else
			bad "$label $cmd: report.md, figures.csv or JSON mangled by a name"
		fi
	done
}

for m in "$NAMES"/*.graphml; do
	one "$(basename "$m" .graphml)" "$m"
done

# Names are drawn as plain text: in enhanced text "@u" would hide the u
# (a label from the data file, the allocated tier "@ultra").
if [ -n "$GNUPLOT" ]; then
	grep -q '@ultra 99.99%' "$TMP/w-macro-allocate/rep/allocation.svg" \
		&& ok "macro: data-file labels drawn noenhanced" \
		|| bad "macro: the label '@ultra 99.99%' is not drawn as plain text"
	# gnuplot reads \x in a data file as x: backslashes reach the chart
	# (a double quote is drawn as ').
	grep -qF "<text>a\\'b\\\\c\\</text>" "$TMP/w-macro-run/rep/constraints-j.svg" \
		&& ok "macro: backslashes in a name reach the chart" \
		|| bad "macro: the name a\\\"b\\\\c\\ is not drawn as a\\'b\\\\c\\"
fi

# A 5,000-character name (multi-byte characters, a backquote at the end
# past any truncation) on the journey and a component.
python3 - "$TMP/long.graphml" <<'PY'
import sys
long = "é" * 2400 + "x" * 2590 + "`touch LONG`"
comp = "Ω" * 4990 + "'`touch L2`"
open(sys.argv[1], "w", encoding="utf-8").write("""<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="name" for="node" attr.name="name" attr.type="string"/>
  <key id="availability" for="node" attr.name="availability" attr.type="double"/>
  <key id="slo" for="node" attr.name="slo" attr.type="double"/>
  <graph id="long" edgedefault="directed">
    <node id="%s"><data key="name">%s</data><data key="slo">0.999</data></node>
    <node id="a"><data key="name">%s</data><data key="availability">0.9995</data></node>
    <node id="b"><data key="name">short</data><data key="availability">0.999</data></node>
    <edge source="%s" target="a"/><edge source="%s" target="b"/>
  </graph>
</graphml>
""" % (long, long, comp, long, long))
PY
one long "$TMP/long.graphml"

# A hostile model file name and report directory: they reach chart
# titles, report.md and figures.csv too. A newline in a file name is
# legal.
nl=$(printf '\nx')
nl=${nl%x}
one filename "$NAMES/backquote.graphml" "m\`touch FNAME\`\$(touch FN2)'\"|#;@x${nl}!touch FNL.graphml" \
	"r\`touch RDIR\`'@x"

# Invalid UTF-8: the ISO-8859-1 file without its declaration is refused
# (exit 2) and nothing is written.
w=$TMP/w-notutf8
mkdir -p "$w"
sed 's/encoding="ISO-8859-1"/encoding="UTF-8"/' "$NAMES/latin1.graphml" >"$w/m.graphml"
(cd "$w" && "$NINES" run m.graphml --scenarios 1e4 -q --report rep) >"$TMP/out" 2>"$TMP/err"
got=$?
[ $got -eq 2 ] && ok "invalid UTF-8: exit 2" || bad "invalid UTF-8: exit $got, expected 2"
[ ! -e "$w/rep" ] && ok "invalid UTF-8: no report written" || bad "invalid UTF-8: a report was written"

finish
