#!/bin/sh
# tests/run.sh - the test runner of `make check` and `make check-asan`:
# every cmocka program in $BUILD/tests and every CLI script in
# tests/cli/*.sh is a suite. It prints one line per suite (ok or FAILED,
# seconds) as suites end, then the whole output of each failed suite, and
# closes with one "N passed, N failed" line (CI reads it).
#
#   SUITE="a b"   only the named suites (test_sim, hostile, ...)
#   JOBS=N        suites run N at a time (default 2: the suites that send
#                 signals or bound times leave margins made for a loaded
#                 machine, so none needs the machine to itself)
#   VERBOSE=1     the output of passed suites too
#
# Each CLI script gets NINES (the binary), BUILD and TMP (a scratch
# directory of its own). `sh tests/run.sh --one LOGDIR NAME` runs one
# suite (what the scheduler calls through xargs).
BUILD=${BUILD:-build}
NINES=${NINES:-$BUILD/nines}
export BUILD NINES

# path_of NAME : the program or script of suite NAME, or nothing.
path_of() {
	if [ -x "$BUILD/tests/$1" ] && [ -f "tests/$1.c" ]; then echo "$BUILD/tests/$1"
	elif [ -f "tests/cli/$1.sh" ] && [ "$1" != lib ]; then echo "tests/cli/$1.sh"; fi
}

if [ "${1:-}" = --one ]; then
	logs=$2; name=$3; p=$(path_of "$name")
	start=$(date +%s.%N)
	case "$p" in
	*.sh)	tmp=$(mktemp -d)
		TMP="$tmp" sh "$p" >"$logs/$name.log" 2>&1; rc=$?
		rm -rf "$tmp" ;;
	*)	"$p" >"$logs/$name.log" 2>&1; rc=$? ;;
	esac
	secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
	if [ $rc -eq 0 ]; then st=ok; else st=FAILED; fi
	echo "$st" >"$logs/$name.status"
	printf '  %-7s %-18s %6s s\n' "$st" "$name" "$secs"
	exit 0
fi

# The suites, slowest first so that two at a time finish close together
# (the rest in name order).
slow="valgrind checkpoint hostile mpi install test_plain_law report run_json"
all=
for n in $slow; do [ -n "$(path_of "$n")" ] && all="$all $n"; done
for t in "$BUILD"/tests/test_*; do
	n=${t##*/}
	case "$n" in *.o|*.d) continue ;; esac
	case " $all " in *" $n "*) continue ;; esac
	[ -n "$(path_of "$n")" ] && all="$all $n"
done
for s in tests/cli/*.sh; do
	n=${s##*/}; n=${n%.sh}
	case " $all " in *" $n "*) continue ;; esac
	[ -n "$(path_of "$n")" ] && all="$all $n"
done

if [ -n "${SUITE:-}" ]; then
	run=
	for n in $SUITE; do
		if [ -z "$(path_of "$n")" ]; then
			echo "run.sh: no suite '$n'; suites:$all" >&2; exit 2
		fi
		run="$run $n"
	done
else
	run=$all
fi

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
printf '%s\n' $run | xargs -P "${JOBS:-2}" -n 1 sh "$0" --one "$logs"
pass=0
fail=0
for n in $run; do
	st=$(cat "$logs/$n.status" 2>/dev/null)
	if [ "$st" = ok ]; then
		pass=$((pass + 1))
		[ "${VERBOSE:-0}" = 1 ] && { echo "---- $n"; cat "$logs/$n.log"; }
	else
		fail=$((fail + 1))
		[ -n "$st" ] || echo "  FAILED  $n (no status: the runner lost it)"
		echo "---- $n: FAILED, its output:"
		cat "$logs/$n.log" 2>/dev/null
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
