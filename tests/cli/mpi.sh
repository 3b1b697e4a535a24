#!/bin/sh
# tests/cli/mpi.sh - the MPI build (make MPI=1) under mpirun -np 2 gives
# byte-identical JSON to the plain build in one process, for steady-state
# sampling (fixed count and to a precision) with SLO windows, whatever the
# threads per rank; a run stopped through mpirun (SIGTERM with time to
# stop, or SIGUSR1) writes a checkpoint, and resumed with it gives the
# uninterrupted JSON. `make check` builds
# the MPI variant when mpicc and mpirun exist and says so in
# $BUILD/mpi.env; otherwise this script is skipped with a message.
. tests/cli/lib.sh
BUILD=${BUILD:-build}
NINES_MPI=
[ -f "$BUILD/mpi.env" ] && . "$BUILD/mpi.env"
if [ -z "$NINES_MPI" ] || ! command -v mpirun >/dev/null; then
	echo "  skipped: no MPI build (make check builds one when mpicc and mpirun are installed)"
	exit 0
fi
MPIRUN="mpirun --oversubscribe"
[ "$(id -u)" = 0 ] && MPIRUN="$MPIRUN --allow-run-as-root"

# same NAME MODEL OPTS... : one process vs 2 ranks x 1 thread and 2 ranks x 2 threads.
same() {
	name=$1; model=$2; shift 2
	"$NINES" run "$model" "$@" --threads 2 --json "$TMP/one.json" >/dev/null 2>"$TMP/err" ||
		{ bad "$name: single process failed"; return; }
	for t in 1 2; do
		$MPIRUN -np 2 -x OMP_NUM_THREADS=$t "$NINES_MPI" run "$model" "$@" \
			--json "$TMP/mpi.json" >"$TMP/out" 2>"$TMP/err"
		st=$?
		if [ $st -ne 0 ]; then bad "$name: mpirun -np 2 exits $st"
			sed 's/^/       /' "$TMP/err" | head -5; continue; fi
		cmp -s "$TMP/one.json" "$TMP/mpi.json" &&
			ok "$name: 2 ranks x $t threads, JSON identical to one process" ||
			bad "$name: 2 ranks x $t threads, JSON differs from one process"
	done
}

same "plain + windows" models/ecommerce.graphml --scenarios 3e8 --windows 50001 --seed 21
same "rel-error auto + windows" models/funds-transfer.graphml --rel-error 0.01 --windows 20000 --seed 22
same "simulated constraints" models/account-opening.graphml --scenarios 1e7 --windows 0 --constraints-simulate --seed 23

# Only rank 0 prints the table.
$MPIRUN -np 2 "$NINES_MPI" run models/seven-in-series.graphml --scenarios 1e6 --windows 0 >"$TMP/out" 2>"$TMP/err"
n=$(grep -c "scenarios, seed" "$TMP/out")
[ "$n" = 1 ] && ok "only rank 0 writes the table" || bad "the table was printed $n times"

# stop SIGNAL SCENARIOS MPIRUN-OPTS... : starts the 2-rank run with a checkpoint
# every 0.2 s, sends SIGNAL to mpirun once the checkpoint holds sampling
# state, and checks that the ranks wrote a checkpoint and no --json.
M=models/account-opening.graphml
O="--windows 0 --seed 24 --no-constraints"
stop() {
	sig=$1; n=$2; shift 2
	rm -f "$TMP/ck" "$TMP/part.json"
	$MPIRUN "$@" -np 2 -x OMP_NUM_THREADS=1 "$NINES_MPI" run $M $O --scenarios $n --checkpoint "$TMP/ck" \
		--checkpoint-every 0.2 --json "$TMP/part.json" >/dev/null 2>"$TMP/err" &
	pid=$!
	i=0
	while [ $i -lt 600 ] && ! grep -qa "steady/plain" "$TMP/ck" 2>/dev/null; do sleep 0.05; i=$((i + 1)); done
	kill -$sig $pid
	wait $pid
	grep -q "checkpoint written" "$TMP/err" && ok "SIG$sig to mpirun${*:+ $*}: the ranks write a checkpoint" ||
		{ bad "SIG$sig to mpirun${*:+ $*}: no checkpoint message"; sed 's/^/       /' "$TMP/err" | head -5; }
	[ ! -e "$TMP/part.json" ] && ok "SIG$sig to mpirun: no --json from the stopped job" ||
		bad "SIG$sig to mpirun: the stopped job wrote --json"
}

# mpirun answers SIGTERM with SIGCONT, SIGTERM odls_base_sigkill_timeout
# seconds later (default 1) and SIGKILL after as long again: with 3 s
# (a dozen quarter-second segments), the ranks stop in time even on a
# loaded machine (README); the ranks keep sampling during the first wait.
stop TERM 3e12 --mca odls_base_sigkill_timeout 3
# SIGUSR1 is forwarded to the ranks, which stop when they are ready; then
# resume with 2 ranks and compare with an uninterrupted single process.
"$NINES" run $M $O --scenarios 2e11 --json "$TMP/full.json" >/dev/null 2>&1 &
full=$!
stop USR1 2e11
$MPIRUN -np 2 -x OMP_NUM_THREADS=1 "$NINES_MPI" run $M $O --scenarios 2e11 --resume "$TMP/ck" \
	--json "$TMP/res.json" >/dev/null 2>"$TMP/err" || bad "resumed job failed"
wait $full
cmp -s "$TMP/full.json" "$TMP/res.json" &&
	ok "resumed under mpirun: JSON identical to an uninterrupted single process" ||
	bad "resumed under mpirun: JSON differs"
finish
