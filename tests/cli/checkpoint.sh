#!/bin/sh
# tests/cli/checkpoint.sh - --checkpoint / --resume: a run stopped by
# SIGTERM (what Slurm sends before preemption) or SIGUSR1 (what mpirun
# forwards without killing the job) and resumed ends with the
# same JSON, byte for byte, as an uninterrupted run, whether the signal
# lands in the steady-state or the window stage; a checkpoint of another
# model, of other options, or a damaged one is refused; the progress line
# shows on request and stays off in pipes.
. tests/cli/lib.sh
M=models/account-opening.graphml

# interrupt NAME SIGNAL WAIT_FOR OPTS... : runs nines with a checkpoint
# every 0.2 s, sends SIGNAL once the checkpoint holds WAIT_FOR (a journal
# entry name), resumes, and compares with the uninterrupted run.
interrupt() {
	name=$1; sig=$2; key=$3; shift 3
	rm -f "$TMP/ck" "$TMP/full.json" "$TMP/part.json" "$TMP/res.json"
	"$NINES" run $M "$@" --json "$TMP/full.json" >/dev/null 2>"$TMP/err" ||
		{ bad "$name: uninterrupted run failed"; return; }
	# Runs of seconds, stderr in a file: no progress line (off in pipes).
	[ ! -s "$TMP/err" ] && ok "$name: no progress line when stderr is not a terminal" ||
		bad "$name: progress printed into a pipe"
	"$NINES" run $M "$@" --json "$TMP/part.json" --checkpoint "$TMP/ck" \
		--checkpoint-every 0.2 >/dev/null 2>"$TMP/err" &
	pid=$!
	i=0
	while [ $i -lt 600 ] && ! grep -qa "$key" "$TMP/ck" 2>/dev/null; do
		sleep 0.05; i=$((i + 1)); done
	kill -$sig $pid
	wait $pid
	st=$?
	if [ $st -ne 3 ]; then
		bad "$name: stopped run exits $st, expected 3 (stopped with a checkpoint)"
		sed 's/^/       /' "$TMP/err" | head -3; return
	fi
	ok "$name: SIG$sig stops the run with exit 3"
	expect_err_match "checkpoint written to .*--resume" "$name: the message says how to continue"
	[ ! -e "$TMP/part.json" ] && ok "$name: no --json from the stopped run" ||
		bad "$name: the stopped run wrote --json"
	"$NINES" run $M "$@" --json "$TMP/res.json" --resume "$TMP/ck" \
		--checkpoint "$TMP/ck" >/dev/null 2>"$TMP/err" ||
		{ bad "$name: resumed run failed"; sed 's/^/       /' "$TMP/err" | head -3; return; }
	cmp -s "$TMP/full.json" "$TMP/res.json" &&
		ok "$name: resumed JSON identical to the uninterrupted run" ||
		bad "$name: resumed JSON differs from the uninterrupted run"
	# The checkpoint of a finished run gives the same result again.
	"$NINES" run $M "$@" --json "$TMP/res2.json" --resume "$TMP/ck" >/dev/null 2>&1 &&
	cmp -s "$TMP/full.json" "$TMP/res2.json" &&
		ok "$name: resuming a finished run's checkpoint repeats the result" ||
		bad "$name: resuming a finished run's checkpoint differs"
}

# Steady state: plain sampling, stopped while it draws scenarios (a run
# of a few seconds: the signal lands after the first checkpoint, 0.2 s).
interrupt "steady" TERM "steady/plain" --scenarios 2e11 --windows 0 --seed 11 --no-constraints
# Windows: stopped while the SLO windows run (steady done).
interrupt "windows" USR1 "window" --scenarios 1e6 --windows 2.5e6 --seed 12 --no-constraints
# Sampling to a precision (rounds sized from the counts so far), on the
# five-nines journey where that takes seconds.
M=models/five-nines.graphml
interrupt "rel-error" TERM "steady/plain" --rel-error 0.002 --method plain --windows 0 --seed 13 --no-constraints

# A signal ignored at start stays ignored: this shell starts background
# jobs with SIGINT ignored (no job control), so a Ctrl-C meant for the
# foreground must not stop them; SIGTERM still does. (3e12 scenarios
# last far longer than the wait.)
rm -f "$TMP/ck2"
"$NINES" run $M --scenarios 3e12 --windows 0 --seed 14 --no-constraints \
	--checkpoint "$TMP/ck2" --checkpoint-every 0.2 >/dev/null 2>"$TMP/err" &
pid=$!
i=0
while [ $i -lt 600 ] && ! grep -qa "steady/plain" "$TMP/ck2" 2>/dev/null; do
	sleep 0.05; i=$((i + 1)); done
kill -INT $pid
sleep 1.5	# six segments: a caught SIGINT would have stopped it
kill -0 $pid 2>/dev/null && ok "SIGINT ignored at start stays ignored" ||
	bad "SIGINT ignored at start stopped the run"
kill -TERM $pid
wait $pid
st=$?
[ $st -eq 3 ] && ok "... and SIGTERM then stops it with exit 3" ||
	bad "... SIGTERM after the ignored SIGINT: exit $st, expected 3"

# Refusals (exit 2, a message naming the cause), with the last checkpoint.
expect_exit 2 "another model is refused" "$NINES" run models/ecommerce.graphml \
	--rel-error 0.002 --method plain --windows 0 --seed 13 --no-constraints --resume "$TMP/ck"
expect_err_match "another model" "  ... and the message says so"
expect_exit 2 "other options are refused" "$NINES" run $M \
	--rel-error 0.002 --method plain --windows 0 --seed 14 --no-constraints --resume "$TMP/ck"
expect_err_match "other options.*seed=13.*seed=14|seed=13" "  ... and the message shows both"
head -c 100 "$TMP/ck" > "$TMP/trunc"
expect_exit 2 "a truncated checkpoint is refused" "$NINES" run $M \
	--rel-error 0.002 --method plain --windows 0 --seed 13 --no-constraints --resume "$TMP/trunc"
expect_err_match "trunc.*(truncated|damaged)" "  ... and the message says so"
cp "$TMP/ck" "$TMP/flip"
printf 'X' | dd of="$TMP/flip" bs=1 seek=40 conv=notrunc 2>/dev/null
expect_exit 2 "a damaged checkpoint is refused" "$NINES" run $M \
	--rel-error 0.002 --method plain --windows 0 --seed 13 --no-constraints --resume "$TMP/flip"
expect_err_match "damaged|truncated|not a nines|bad entry" "  ... and the message says so"
expect_exit 2 "a model file is not a checkpoint" "$NINES" run $M --resume $M
expect_err_match "not a nines checkpoint" "  ... and the message says so"
expect_exit 2 "a missing checkpoint" "$NINES" run $M --resume "$TMP/nope"
expect_exit 2 "--checkpoint-every 0" "$NINES" run $M --checkpoint "$TMP/x" --checkpoint-every 0

M=models/account-opening.graphml

# Progress: on request (as on a terminal) it counts scenarios; off in a
# pipe and with --quiet.
"$NINES" run $M --scenarios 2e9 --windows 0 --no-constraints --progress \
	>/dev/null 2>"$TMP/err"
tr '\r' '\n' < "$TMP/err" | grep -Eq "^nines: [0-9.e+]+ of 2e\+09 scenarios \([0-9]+%\)" &&
	ok "--progress shows scenarios done of the total" ||
	{ bad "--progress shows scenarios done of the total"; head -c 300 "$TMP/err"; }
# The constraint analysis reports its own scenarios (a stage shows at
# once with --progress, however short).
"$NINES" run models/ecommerce.graphml --scenarios 1e8 --windows 0 --constraints-simulate \
	--progress >/dev/null 2>"$TMP/err"
tr '\r' '\n' < "$TMP/err" | grep -Eq "^nines: [0-9.e+]+ of 1e\+08 constraint scenarios \([0-9]+%\)" &&
	ok "--progress shows the constraint analysis's scenarios" ||
	{ bad "--progress shows the constraint analysis's scenarios"; head -c 300 "$TMP/err"; }
# The exact constraint journeys report too, as they complete (the
# master thread of their parallel loop).
"$NINES" run models/ecommerce.graphml --scenarios 1e5 --windows 0 --progress \
	>/dev/null 2>"$TMP/err"
tr '\r' '\n' < "$TMP/err" | grep -Eq "^nines: [0-9.e+]+ of [0-9]+ constraint journeys \(exact\) \([0-9]+%\)" &&
	ok "--progress shows the exact constraint journeys" ||
	{ bad "--progress shows the exact constraint journeys"; head -c 300 "$TMP/err"; }
# (Off in a pipe: checked on the uninterrupted runs above.)
if command -v script >/dev/null; then
	script -qec "$NINES run $M --scenarios 2e11 --windows 0 --no-constraints --quiet" /dev/null \
		>"$TMP/tty" 2>&1
	grep -q "scenarios (" "$TMP/tty" && bad "--quiet still prints progress on a terminal" ||
		ok "--quiet: no progress line on a terminal"
	script -qec "$NINES run $M --scenarios 2e11 --windows 0 --no-constraints" /dev/null \
		>"$TMP/tty" 2>&1
	grep -q "scenarios (" "$TMP/tty" && ok "progress line on a terminal" ||
		bad "no progress line on a terminal"
fi
finish
