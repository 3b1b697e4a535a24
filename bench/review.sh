#!/bin/sh
# bench/review.sh - issue 15's scale figures: `nines run --uncertainty 100`
# on a 1,000-node mesh with evidence on every 10th component, a 9-point
# `nines sweep` of one of its components, and `nines compare` of the mesh
# with and without the evidence; each on 1 and 2 threads, the JSON
# compared byte for byte across thread counts. Prints one line per run:
#   what threads seconds maxRSS_KB same-as-1-thread
# Run from the repository root after `make`:  sh bench/review.sh
# (timings on a shared machine are not speeds; re-run on an idle one).
set -eu
NINES=${NINES:-build/nines}
OUT=${OUT:-bench/out}
mkdir -p "$OUT"
M="$OUT/mesh-1000.graphml"
E="$OUT/mesh-1000-evidence.graphml"
[ -f "$M" ] || python3 bench/gen_mesh.py --nodes 1000 --seed 1 -o "$M"
python3 bench/add_evidence.py "$M" "$E" --every 10
node=$(grep -o '<node id="[^"]*"><data key="name">[^<]*</data><data key="availability">' "$M" | sed -n 40p | sed 's/<node id="\([^"]*\)".*/\1/')
run() {	# run TAG THREADS ARGS...
	tag=$1; t=$2; shift 2
	/usr/bin/time -f "%e %M" -o "$OUT/review-$tag-t$t.time" "$NINES" "$@" --threads "$t" \
		--json "$OUT/review-$tag-t$t.json" >/dev/null
	same=-
	[ "$t" != 1 ] && { cmp -s "$OUT/review-$tag-t1.json" "$OUT/review-$tag-t$t.json" && same=yes || same=NO; }
	printf '%-12s %s %s %s\n' "$tag" "$t" "$(cat "$OUT/review-$tag-t$t.time")" "$same"
}
for t in 1 2; do
	run uncertainty "$t" run "$E" --scenarios 1e6 --windows 2000 --uncertainty 100 --no-constraints
done
for t in 1 2; do
	run sweep "$t" sweep "$M" --node "$node" --from 0.99 --to 0.9999 --points 9 --scenarios 1e6 --windows 1000
done
for t in 1 2; do
	run compare "$t" compare "$M" "$E" --scenarios 1e6 --windows 1000 --no-constraints --no-allocation
done
