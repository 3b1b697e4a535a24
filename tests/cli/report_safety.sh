# tests/cli/report_safety.sh - --report DIR in a folder others can write
# to (issue 20): a link planted in DIR is never followed, a planted
# .nines-files list deletes nothing, a user's own report.md is replaced
# only with --force (exit 2 without), two runs into one folder at the same
# time leave it wholly one report or the other, and SIGTERM while the
# report is written leaves DIR as it was and no *.tmp.* behind.
. tests/cli/lib.sh
M=models/account-opening.graphml
E=models/ecommerce.graphml
RUN="--scenarios 2e4 --windows 100 -q"

# no_leftovers LABEL PARENT : no DIR.tmp.* folder or file in PARENT.
no_leftovers() {
	left=$(ls -A "$2" | grep '\.tmp\.' || true)
	[ -z "$left" ] && ok "$1: no *.tmp.* left" || bad "$1: left behind: $left"
}

# whole LABEL DIR : every file DIR holds besides the user's is in its
# manifest, and report.md and figures.csv come from the same model.
whole() {
	lab=$1 d=$2
	stray=$(ls -A "$d" | while IFS= read -r f; do
		case "$f" in .nines-files|notes.txt) continue ;; esac
		grep -qxF -- "$f" "$d/.nines-files" || printf '%s ' "$f"
	done)
	missing=$(grep -v '^#' "$d/.nines-files" | while IFS= read -r f; do
		[ -f "$d/$f" ] || printf '%s ' "$f"; done)
	# report.md's model is figures.csv's only model, and its charts are there
	if grep -q 'account-opening.graphml' "$d/report.md"; then
		mine=account-opening other=ecommerce chart=budget-account-opening.gp
	else
		mine=ecommerce other=account-opening chart=budget-checkout.gp
	fi
	models=$(awk -F, 'NR > 1 { print $8 }' "$d/figures.csv" | sort -u | tr '\n' ' ')
	[ "$models" = "models/$mine.graphml " ] && [ -f "$d/$chart" ] &&
		! grep -q "$other" "$d/report.md"
	same=$?
	[ -z "$stray$missing" ] && [ "$same" -eq 0 ] && ok "$lab: the folder is one whole report" ||
		bad "$lab: mixed report (stray: $stray; missing: $missing; same model: $same)"
}

# 1. A link planted in DIR pointing outside it: the victim is untouched,
# and the link is replaced only with --force.
mkdir -p "$TMP/victim" "$TMP/r1"
echo "important" >"$TMP/victim/important.md"
ln -s ../victim/important.md "$TMP/r1/availability.gp"
expect_exit 2 "planted link: refused without --force" "$NINES" run $M $RUN --report "$TMP/r1"
expect_err_match "availability.gp.*--force" "planted link: the message names the file and --force"
[ -L "$TMP/r1/availability.gp" ] && [ ! -f "$TMP/r1/report.md" ] && ok "planted link: DIR left as it was" ||
	bad "planted link: DIR changed by a refused run"
expect_exit 0 "planted link: --force" "$NINES" run $M $RUN --report "$TMP/r1" --force
[ "$(cat "$TMP/victim/important.md")" = important ] && ok "planted link: the file it points at is untouched" ||
	bad "planted link: the victim was overwritten"
[ ! -L "$TMP/r1/availability.gp" ] && [ -s "$TMP/r1/availability.gp" ] && ok "planted link: replaced by nines' script" ||
	bad "planted link: still a link"
no_leftovers "planted link" "$TMP"

# 2. A planted .nines-files list naming the user's files deletes nothing;
# nor does a list with made-up inode, size and hash lines.
mkdir -p "$TMP/r2"
echo "mine" >"$TMP/r2/victim.md"
echo "mine too" >"$TMP/r2/victim.png"
printf 'victim.md\nvictim.png\n#\t5\t1\t0000000000000000\n' >"$TMP/r2/.nines-files"
expect_exit 0 "planted list: run" "$NINES" run $M $RUN --report "$TMP/r2"
[ "$(cat "$TMP/r2/victim.md" 2>/dev/null)" = mine ] && [ "$(cat "$TMP/r2/victim.png" 2>/dev/null)" = "mine too" ] &&
	ok "planted list: the files it names survive" || bad "planted list: a listed file was deleted"
# nines' own list now: a second run (no windows: fewer charts) drops
# what the first wrote and no longer applies, and still keeps the user's.
expect_exit 0 "planted list: second run" "$NINES" run $M --scenarios 2e4 --windows 0 -q --report "$TMP/r2"
[ ! -e "$TMP/r2/budget-account-opening.gp" ] && ok "second run: nines' stale chart removed" ||
	bad "second run: a stale chart of nines' stayed"
[ -f "$TMP/r2/victim.md" ] && [ -f "$TMP/r2/victim.png" ] && ok "second run: the user's files survive" ||
	bad "second run: a user's file was deleted"
# A file of nines' the user then edited is the user's: kept, not removed.
echo "my note" >>"$TMP/r2/availability.dat"
expect_exit 2 "edited file under nines' name: refused" "$NINES" run $M $RUN --report "$TMP/r2"
grep -q 'my note' "$TMP/r2/availability.dat" && ok "edited file: kept" || bad "edited file: replaced"

# 3. A user's own report.md and figures.csv: exit 2 and untouched without
# --force; replaced with it; the user's other files kept throughout.
mkdir -p "$TMP/r3/sub"
echo "my own report" >"$TMP/r3/report.md"
echo "notes" >"$TMP/r3/notes.txt"
echo "in a subfolder" >"$TMP/r3/sub/keep"
expect_exit 2 "user's report.md: refused" "$NINES" run $M $RUN --report "$TMP/r3" --json "$TMP/r3.json"
expect_err_match "report.md.*--force" "user's report.md: the message names it and --force"
[ "$(cat "$TMP/r3/report.md")" = "my own report" ] && ok "user's report.md: untouched" || bad "user's report.md: changed"
[ ! -e "$TMP/r3.json" ] && ok "user's report.md: no JSON from the refused run" || bad "user's report.md: JSON written"
expect_exit 2 "allocate onto a user's report.md: refused" "$NINES" allocate $M --scenarios 2e4 --report "$TMP/r3"
expect_exit 0 "user's report.md: --force" "$NINES" run $M $RUN --report "$TMP/r3" --force
grep -q 'account-opening' "$TMP/r3/report.md" && ok "--force: report.md is nines' now" || bad "--force: report.md not replaced"
[ "$(cat "$TMP/r3/notes.txt")" = notes ] && [ "$(cat "$TMP/r3/sub/keep")" = "in a subfolder" ] &&
	ok "--force: the user's other files and subfolder kept" || bad "--force: a user's file or subfolder lost"
expect_exit 0 "then a plain run replaces nines' own report" "$NINES" run $M $RUN --seed 5 --report "$TMP/r3"
grep -q 'seed 5' "$TMP/r3/report.md" && ok "plain run after --force: replaced" || bad "plain run after --force: not replaced"
no_leftovers "user's files" "$TMP"

# 3b. The folder nines runs in is not replaced (exit 2, nothing written).
mkdir -p "$TMP/here"
abs_nines=$(cd "$(dirname "$NINES")" && pwd)/$(basename "$NINES")
(cd "$TMP/here" && "$abs_nines" run "$OLDPWD/$M" $RUN --report . >/dev/null 2>"$TMP/err"); rc=$?
[ $rc -eq 2 ] && grep -q "current directory" "$TMP/err" && [ -z "$(ls -A "$TMP/here")" ] &&
	ok "--report .: refused, nothing written" || { bad "--report .: exit $rc"; cat "$TMP/err"; }
no_leftovers "--report ." "$TMP"

# 4. Two runs of different models into one folder at the same time, five
# rounds: the folder is always one of the two reports, whole.
mkdir -p "$TMP/c"
round=1
while [ $round -le 5 ]; do
	"$NINES" run $M --scenarios 1e4 --windows 50 -q --seed $round --report "$TMP/c/r" >/dev/null 2>"$TMP/c1.err" &
	p1=$!
	"$NINES" run $E --scenarios 1e4 --windows 50 -q --seed $round --report "$TMP/c/r" >/dev/null 2>"$TMP/c2.err" &
	p2=$!
	wait $p1; r1=$?
	wait $p2; r2=$?
	[ $r1 -eq 0 ] && [ $r2 -eq 0 ] && ok "concurrent round $round: both exit 0" ||
		{ bad "concurrent round $round: exits $r1 $r2"; cat "$TMP/c1.err" "$TMP/c2.err" | head -3; }
	whole "concurrent round $round" "$TMP/c/r"
	no_leftovers "concurrent round $round" "$TMP/c"
	round=$((round + 1))
done

# 5. SIGTERM while the report is written (no --checkpoint): DIR keeps the
# previous report, whole; nothing half-written, no *.tmp.* left; nines
# ends by the signal. Many journeys make the report take seconds.
python3 - "$TMP/many.graphml" <<'PY'
import sys
n = 40
out = ['<?xml version="1.0"?>',
       '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
       '<key id="a" for="node" attr.name="availability" attr.type="double"/>',
       '<key id="s" for="node" attr.name="slo" attr.type="double"/>',
       '<graph edgedefault="directed">']
for i in range(n):
    out.append('<node id="j%d"><data key="s">0.99</data></node>' % i)
    out.append('<node id="c%d"><data key="a">0.999</data></node>' % i)
    out.append('<edge source="j%d" target="c%d"/>' % (i, i))
    out.append('<edge source="j%d" target="db"/>' % i)
out.append('<node id="db"><data key="a">0.9995</data></node>')
out.append('</graph></graphml>')
open(sys.argv[1], "w").write("\n".join(out))
PY
mkdir -p "$TMP/t"
expect_exit 0 "sigterm: the earlier report" "$NINES" run $M $RUN --report "$TMP/t/r"
echo "notes" >"$TMP/t/r/notes.txt"
(cd "$TMP/t/r" && ls -A | LC_ALL=C sort | xargs cksum) >"$TMP/t.before"
"$NINES" run "$TMP/many.graphml" --scenarios 1e4 --windows 20 -q --report "$TMP/t/r" >/dev/null 2>"$TMP/t.err" &
pid=$!
i=0
while [ $i -lt 600 ] && ! ls "$TMP/t" | grep -q '\.tmp\.'; do sleep 0.05; i=$((i + 1)); done
sleep 0.3
kill -TERM $pid
wait $pid
rc=$?
[ $rc -eq 143 ] && ok "sigterm: nines ends by the signal (status 143)" || bad "sigterm: exit $rc"
grep -q 'left as it was' "$TMP/t.err" && ok "sigterm: says the report folder was left as it was" ||
	{ bad "sigterm: no message"; head -3 "$TMP/t.err"; }
(cd "$TMP/t/r" && ls -A | LC_ALL=C sort | xargs cksum) >"$TMP/t.after"
cmp -s "$TMP/t.before" "$TMP/t.after" && ok "sigterm: the previous report is intact, file for file" ||
	bad "sigterm: the report folder changed"
no_leftovers "sigterm" "$TMP/t"

finish
