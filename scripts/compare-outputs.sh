#!/bin/sh
# scripts/compare-outputs.sh - do two builds of nines give the same numbers?
#
#   scripts/compare-outputs.sh OLD_NINES NEW_NINES [OLD_MPI NEW_MPI]
#
# Runs the same ~35 commands with both binaries - nines run on the bundled
# models, a 1,000- and a 10,000-node mesh (bench/gen_mesh.py --seed 1),
# --constraints-simulate, --rel-error and --method stratified; nines
# allocate on the bundled models and the 1,000-node mesh; 1 and 2 threads
# each; with the MPI builds, mpirun -np 2 on ecommerce and the mesh - and
# compares the JSON byte for byte and the text with its timings masked.
# Prints IDENTICAL, or the outputs that differ, and where both sets are.
# For refactorings that must not change a result (issue 13 used it). Run it
# from the top of the tree; it takes about a minute.
set -u
[ $# -eq 2 ] || [ $# -eq 4 ] || { echo "usage: $0 OLD_NINES NEW_NINES [OLD_MPI NEW_MPI]" >&2; exit 2; }
top=$(pwd)
work=$(mktemp -d)
mkdir -p "$work/models"
cp models/*.graphml "$work/models/"
python3 bench/gen_mesh.py --nodes 1000 --seed 1 -o "$work/models/mesh-1000.graphml" >/dev/null 2>&1 &&
python3 bench/gen_mesh.py --nodes 10000 --seed 1 -o "$work/models/mesh-10000.graphml" >/dev/null 2>&1 ||
	{ echo "compare-outputs: bench/gen_mesh.py failed" >&2; exit 1; }

# outputs BIN MPI DIR: every command's JSON, text and exit status into DIR
outputs() {
	bin=$1 mpi=$2 out=$3
	mkdir -p "$out"
	r() {
		tag=$1; shift
		"$bin" "$@" --json "$out/$tag.json" >"$out/$tag.txt" 2>"$out/$tag.err"
		echo "rc=$?" >>"$out/$tag.txt"
	}
	for m in account-opening ecommerce five-nines funds-transfer seven-in-series; do
		for t in 1 2; do
			r run-$m-t$t run models/$m.graphml --scenarios 1e6 --windows 2000 --seed 7 --threads $t
			r alloc-$m-t$t allocate models/$m.graphml --scenarios 1e6 --seed 7 --threads $t
		done
	done
	for t in 1 2; do
		r run-ecommerce-sim-t$t run models/ecommerce.graphml --scenarios 2e6 --windows 500 --seed 3 --threads $t --constraints-simulate
		r run-ecommerce-rel-t$t run models/ecommerce.graphml --rel-error 0.05 --windows 0 --seed 3 --threads $t
		r run-funds-strat-t$t run models/funds-transfer.graphml --method stratified --scenarios 1e6 --windows 0 --seed 3 --threads $t
		r run-mesh1000-t$t run models/mesh-1000.graphml --scenarios 1e6 --windows 300 --seed 5 --threads $t
		r run-mesh10000-t$t run models/mesh-10000.graphml --scenarios 3e5 --windows 30 --seed 5 --threads $t
	done
	r alloc-mesh1000-t2 allocate models/mesh-1000.graphml --scenarios 1e6 --seed 5 --threads 2
	if [ -n "$mpi" ]; then
		for m in ecommerce mesh-1000; do
			mpirun --allow-run-as-root --oversubscribe -np 2 "$mpi" run models/$m.graphml \
				--scenarios 1e6 --windows 300 --seed 5 --threads 1 \
				--json "$out/mpi-$m.json" >"$out/mpi-$m.txt" 2>"$out/mpi-$m.err"
			echo "rc=$?" >>"$out/mpi-$m.txt"
		done
	fi
}

abs() { case $1 in /*) echo "$1" ;; *) echo "$top/$1" ;; esac; }
old=$(abs "$1") new=$(abs "$2") old_mpi="" new_mpi=""
[ $# -eq 4 ] && old_mpi=$(abs "$3") new_mpi=$(abs "$4")
cd "$work" || exit 1
outputs "$old" "$old_mpi" "$work/old"
outputs "$new" "$new_mpi" "$work/new"

# The text's wall times and rates are not results.
mask() {
	sed -E -e 's/, [0-9.]+ s \([0-9.e+]+ (scenarios|windows)\/s\)//' \
	       -e 's/, [0-9.]+ s; stopped/, T s; stopped/' "$1"
}
differ=0
for f in "$work"/old/*.json "$work"/old/*.txt; do
	g="$work/new/$(basename "$f")"
	case "$f" in
	*.txt) mask "$f" >"$work/a"; mask "$g" >"$work/b"; cmp -s "$work/a" "$work/b" ;;
	*) cmp -s "$f" "$g" ;;
	esac || { echo "DIFFERS: $(basename "$f")"; differ=1; }
done
if [ $differ -eq 0 ]; then
	echo "IDENTICAL ($(ls "$work"/old/*.json | wc -l) JSON documents; outputs in $work)"
else
	echo "outputs in $work/old and $work/new"
fi
exit $differ
