#!/bin/sh
# tests/cli/mpi.sh - the MPI build (make MPI=1) under mpirun -np 2 gives
# byte-identical JSON to the plain build in one process, for steady-state
# sampling (fixed count and to a precision) with SLO windows, whatever the
# threads per rank; a run stopped by SIGTERM through mpirun and resumed
# with its checkpoint gives the uninterrupted JSON. `make check` builds
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

# Stop through mpirun with SIGTERM, resume with 2 ranks.
M=models/account-opening.graphml
O="--scenarios 3e11 --windows 0 --seed 24 --no-constraints"
"$NINES" run $M $O --json "$TMP/full.json" >/dev/null 2>&1 &
full=$!
rm -f "$TMP/ck"
$MPIRUN -np 2 -x OMP_NUM_THREADS=1 "$NINES_MPI" run $M $O --checkpoint "$TMP/ck" \
	--checkpoint-every 0.2 --json "$TMP/part.json" >/dev/null 2>"$TMP/err" &
pid=$!
i=0
while [ $i -lt 600 ] && ! grep -qa "steady/plain" "$TMP/ck" 2>/dev/null; do sleep 0.05; i=$((i + 1)); done
kill -TERM $pid
wait $pid
grep -q "checkpoint written" "$TMP/err" && ok "SIGTERM through mpirun writes a checkpoint" ||
	{ bad "SIGTERM through mpirun writes a checkpoint"; sed 's/^/       /' "$TMP/err" | head -5; }
[ ! -e "$TMP/part.json" ] && ok "no --json from the stopped job" || bad "the stopped job wrote --json"
$MPIRUN -np 2 -x OMP_NUM_THREADS=1 "$NINES_MPI" run $M $O --resume "$TMP/ck" \
	--json "$TMP/res.json" >/dev/null 2>"$TMP/err" || bad "resumed job failed"
wait $full
cmp -s "$TMP/full.json" "$TMP/res.json" &&
	ok "resumed under mpirun: JSON identical to an uninterrupted single process" ||
	bad "resumed under mpirun: JSON differs"
finish
