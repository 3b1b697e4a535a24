# tests/cli/prompt_stop.sh - issue 20: a stop comes within a block per
# thread whatever the model's shape. A 20,000-way requires=any journey
# makes one block of 16,384 scenarios cost about 0.2 s; with segments
# sized by the time they took (64 blocks at least) the whole steady stage
# of 1e6 scenarios was one segment and SIGTERM waited for all of it
# (40 s on a loaded 2-core machine); segments sized by the model's cost
# (nines_segment_blocks) stop after the first block or two, with
# progress shown. The long version (100,000-way, resume checked) is
# tests/long/prompt_stop.sh (make check-long).
. tests/cli/lib.sh
python3 tests/gen/any_model.py "$TMP/any.graphml" 20000
"$NINES" run "$TMP/any.graphml" --scenarios 1e6 --windows 100 --no-constraints \
	--checkpoint "$TMP/ck" --progress >/dev/null 2>"$TMP/err" &
pid=$!
i=0	# SIGTERM once the first progress line is out
while [ $i -lt 400 ] && ! grep -q 'scenarios (' "$TMP/err" 2>/dev/null; do sleep 0.05; i=$((i + 1)); done
kill -TERM $pid
t0=$(date +%s.%N)
wait $pid
rc=$?
took=$(awk -v s="$t0" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
[ $rc -eq 3 ] && ok "stopped with exit 3" || bad "exit $rc, expected 3"
grep -q 'scenarios (' "$TMP/err" && ok "progress shown before the stop" || bad "no progress line"
k=$(tr '\r' '\n' <"$TMP/err" | sed -n 's/.*stopped after \([0-9]*\) scenarios.*/\1/p')
[ -n "$k" ] && [ "$k" -le 131072 ] && ok "stopped after $k scenarios of 1e6 ($took s)" ||
	bad "stopped after '$k' scenarios of 1e6 ($took s): the segment was not bounded"
awk -v t="$took" 'BEGIN { exit !(t <= 10) }' && ok "stopped within 10 s ($took s)" || bad "took $took s to stop"
finish
