# nines run / allocate --report DIR: the files a reviewer gets, PNG and SVG
# validity, links in report.md, figures.csv against the JSON, rewriting
# into an existing directory, bad targets, and the run without gnuplot.
# Skips (exit 0) while the CLI does not offer --report yet.
. tests/cli/lib.sh

if ! "$NINES" run --help 2>/dev/null | grep -q -- '--report'; then
	echo "  skip: '$NINES run --help' does not mention --report yet"
	exit 0
fi

# png_ok FILE : PNG signature, and the IHDR width is 800.
png_ok() {
	sig=$(od -An -tx1 -N8 "$1" | tr -d ' \n')
	[ "$sig" = "89504e470d0a1a0a" ] || return 1
	w=$(od -An -tu1 -j16 -N4 "$1" | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 }')
	[ "$w" -eq 800 ]
}

# links_ok DIR : every ](target) of DIR/report.md names a file in DIR.
links_ok() {
	grep -o '](\([^)]*\))' "$1/report.md" | sed 's/^](//; s/)$//' | sort -u >"$TMP/links"
	[ -s "$TMP/links" ] || return 1
	while read -r l; do
		case "$l" in */*|*:*) echo "       link outside the directory: $l"; return 1 ;; esac
		[ -f "$1/$l" ] || { echo "       missing: $l"; return 1; }
	done <"$TMP/links"
}

R="$TMP/r"
expect_exit 0 "run --report" "$NINES" run models/ecommerce.graphml --scenarios 1e5 --report "$R" --json "$TMP/r.json"
for f in report.md figures.csv availability.dat availability.gp availability.png availability.svg; do
	[ -s "$R/$f" ] && ok "report has $f" || bad "report lacks $f"
done
n=0
for p in "$R"/*.png; do
	[ -f "$p" ] || continue
	case $p in */graph*.png) continue ;; esac	# the dependency graph: tests/cli/depgraph.sh
	n=$((n + 1))
	png_ok "$p" && ok "$(basename "$p") is an 800 px wide PNG" || bad "$(basename "$p") is not a valid 800 px PNG"
done
[ "$n" -ge 1 ] && ok "$n charts drawn" || bad "no chart drawn"
for s in "$R"/*.svg; do
	[ -f "$s" ] || continue
	if command -v xmllint >/dev/null 2>&1; then
		xmllint --noout --nonet "$s" 2>/dev/null && ok "$(basename "$s") parses" || bad "$(basename "$s") does not parse"
	else
		head -c 200 "$s" | grep -q '<svg' && ok "$(basename "$s") is SVG" || bad "$(basename "$s") is not SVG"
	fi
done
links_ok "$R" && ok "every link in report.md resolves" || bad "report.md has a broken link"
grep -q 'models/ecommerce.graphml' "$R/report.md" && ok "report.md names the model" || bad "report.md does not name the model"
grep -q -- '--report' "$R/report.md" && ok "report.md gives the command" || bad "report.md lacks the command"
ls -a "$R" | grep -q '\.tmp\.' && bad "temporary files left in $R" || ok "no temporary files left"

# figures.csv holds the JSON's numbers, digit for digit.
for j in checkout browse; do
	name=$(awk -F, -v j="$j" 'NR > 1 && tolower($0) ~ j && $3 == "availability" { print $1; exit }' "$R/figures.csv")
	v=$(awk -F, -v n="$name" '$1 == n && $3 == "availability" { print $4; exit }' "$R/figures.csv")
	if [ -n "$v" ] && grep -q "\"estimate\": $v\$\|\"estimate\": $v," "$TMP/r.json"; then
		ok "figures.csv availability of $j ($v) matches the JSON"
	else
		bad "figures.csv availability of $j ('$v') not in the JSON"
	fi
done

# Writing again keeps a user's file and replaces nines' own.
echo "my notes" >"$R/notes.txt"
expect_exit 0 "run --report into the same directory" "$NINES" run models/ecommerce.graphml --scenarios 1e5 --seed 2 --report "$R"
[ "$(cat "$R/notes.txt" 2>/dev/null)" = "my notes" ] && ok "a user's file survives" || bad "notes.txt was changed or removed"
grep -q 'seed 2' "$R/report.md" && ok "report.md was replaced" || bad "report.md still from the first run"

# Bad targets: a regular file, a path under a regular file.
: >"$TMP/file"
expect_exit 1 "--report onto a file fails" "$NINES" run models/ecommerce.graphml --scenarios 1000 --report "$TMP/file"
expect_err_match "not a directory" "the message says why"
expect_exit 1 "--report under a file fails" "$NINES" run models/ecommerce.graphml --scenarios 1000 --report "$TMP/file/sub"

# Without gnuplot: data and scripts, a warning, exit 0.
mkdir -p "$TMP/empty-bin"
PATH="$TMP/empty-bin" "$NINES" run models/ecommerce.graphml --scenarios 1e4 --report "$TMP/ng" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ "$rc" -eq 0 ] && ok "without gnuplot: exit 0" || bad "without gnuplot: exit $rc"
expect_err_match "gnuplot" "without gnuplot: a warning names gnuplot"
[ "$(grep -c gnuplot "$TMP/err")" -eq 1 ] && ok "without gnuplot: one warning" || bad "without gnuplot: $(grep -c gnuplot "$TMP/err") warnings"
[ -s "$TMP/ng/availability.gp" ] && [ -s "$TMP/ng/availability.dat" ] && ok "without gnuplot: data and script written" || bad "without gnuplot: data or script missing"
ls "$TMP/ng"/*.png >/dev/null 2>&1 && bad "without gnuplot: a PNG appeared" || ok "without gnuplot: no PNG"
grep -q 'gnuplot availability.gp' "$TMP/ng/report.md" && ok "report.md says how to render" || bad "report.md does not say how to render"
links_ok "$TMP/ng" && ok "without gnuplot: every link resolves" || bad "without gnuplot: broken link"
if command -v gnuplot >/dev/null 2>&1; then
	(cd "$TMP/ng" && gnuplot availability.gp </dev/null) && png_ok "$TMP/ng/availability.png" && ok "the script renders on its own later" || bad "availability.gp does not render on its own"
fi

# nines allocate --report, once the CLI offers it.
if "$NINES" allocate --help 2>/dev/null | grep -q -- '--report'; then
	expect_exit 0 "allocate --report" "$NINES" allocate models/account-opening.graphml --scenarios 1e5 --report "$TMP/a"
	for f in report.md figures.csv allocation.dat allocation.gp allocation.png allocation.svg; do
		[ -s "$TMP/a/$f" ] && ok "allocation report has $f" || bad "allocation report lacks $f"
	done
	grep -q 'Recommended tiers' "$TMP/a/report.md" && ok "report.md recommends tiers" || bad "report.md lacks the tiers"
	links_ok "$TMP/a" && ok "allocation report links resolve" || bad "allocation report has a broken link"
else
	echo "  skip: '$NINES allocate --help' does not mention --report yet"
fi
finish
