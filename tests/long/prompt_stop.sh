# tests/long/prompt_stop.sh (make check-long) - issue 20's reproducer: a
# 100,000-way requires=any journey, --scenarios 1e6 --windows 100
# --checkpoint --progress, SIGTERM after 8 s. It took 682 s to stop (the
# whole steady stage was one segment); now the stop comes after the
# current block of each thread, inside Slurm's 30 s KillWait, with
# progress shown. Then, on a 20,000-way model, a run stopped and resumed
# (on another thread count) ends with the uninterrupted run's JSON, byte
# for byte: segment ends depend on the model and the counts only.
. tests/cli/lib.sh
gen() { python3 tests/gen/any_model.py "$1" "$2"; }	# gen FILE N : an N-way requires=any journey
gen "$TMP/any100k.graphml" 100000
"$NINES" run "$TMP/any100k.graphml" --scenarios 1e6 --windows 100 \
	--checkpoint "$TMP/ck" --progress >/dev/null 2>"$TMP/err" &
pid=$!
sleep 8
kill -TERM $pid
t0=$(date +%s.%N)
wait $pid
rc=$?
took=$(awk -v s="$t0" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
[ $rc -eq 3 ] && ok "100,000-way: exit 3 after SIGTERM" || bad "100,000-way: exit $rc"
awk -v t="$took" 'BEGIN { exit !(t <= 30) }' && ok "100,000-way: stopped in $took s (Slurm's KillWait is 30 s)" ||
	bad "100,000-way: took $took s to stop"
grep -q 'scenarios (' "$TMP/err" && ok "100,000-way: progress shown" || bad "100,000-way: no progress line"

gen "$TMP/any20k.graphml" 20000
A="--scenarios 2e5 --windows 0 --no-constraints --seed 3"
"$NINES" run "$TMP/any20k.graphml" $A --json "$TMP/full.json" >/dev/null 2>&1 || bad "20,000-way: the uninterrupted run failed"
rm -f "$TMP/ck2"
"$NINES" run "$TMP/any20k.graphml" $A --threads 2 --json "$TMP/part.json" --checkpoint "$TMP/ck2" \
	--progress >/dev/null 2>"$TMP/err" &
pid=$!
i=0
while [ $i -lt 400 ] && ! grep -q 'scenarios (' "$TMP/err" 2>/dev/null; do sleep 0.05; i=$((i + 1)); done
kill -TERM $pid
wait $pid
rc=$?
[ $rc -eq 3 ] && ok "20,000-way: stopped (exit 3)" || bad "20,000-way: exit $rc, expected 3"
"$NINES" run "$TMP/any20k.graphml" $A --threads 1 --json "$TMP/res.json" --resume "$TMP/ck2" >/dev/null 2>"$TMP/err"
[ $? -eq 0 ] && cmp -s "$TMP/full.json" "$TMP/res.json" && ok "20,000-way: resumed on 1 thread = uninterrupted, byte for byte" ||
	{ bad "20,000-way: the resumed run differs"; head -3 "$TMP/err"; }
finish
