# valgrind memcheck on one run of each command, and on the error paths of
# the loader: no invalid access, no use of uninitialized memory, no
# definite or indirect leak. Skipped without valgrind and under the
# sanitizers (make check-asan), which valgrind cannot run. Still-reachable
# blocks (libgomp's thread pool, libxml2's globals) are not errors.
# Small runs keep the whole script at a few seconds.
. tests/cli/lib.sh
if ! command -v valgrind >/dev/null 2>&1; then
	echo "  skip: no valgrind"; exit 0
fi
if [ "${NINES_SANITIZED:-0}" = 1 ]; then
	echo "  skip: sanitizer build"; exit 0
fi
VG="valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect
    --show-leak-kinds=definite,indirect --track-origins=yes --error-exitcode=99"
M=models/ecommerce.graphml

# memcheck NAME WANT CMD... : CMD under valgrind exits WANT (99: errors).
memcheck() {
	name=$1; want=$2; shift 2
	$VG "$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok "memcheck: $name"; else
		bad "memcheck: $name: exit $got, expected $want"
		grep '^==' "$TMP/err" | head -20 | sed 's/^/       /'
	fi
}

memcheck "run (2 threads, windows, JSON)" 0 "$NINES" run $M --scenarios 20000 \
	--windows 200 --threads 2 --json "$TMP/run.json"
memcheck "run, JSON to stdout" 0 "$NINES" run models/account-opening.graphml \
	--scenarios 5000 --windows 50 --json -
memcheck "check" 0 "$NINES" check tests/data/shop-yed.graphml
if "$NINES" run --help 2>/dev/null | grep -q -- '--report'; then
	memcheck "run --report" 0 "$NINES" run models/account-opening.graphml \
		--scenarios 5000 --windows 50 --report "$TMP/report"
fi
if "$NINES" allocate --help >/dev/null 2>&1; then
	memcheck "allocate" 0 "$NINES" allocate models/account-opening.graphml \
		--journey account-opening --target 0.99 --scenarios 20000
fi
for f in malformed truncated cycle xxe-passwd billion-laughs duplicate-edge \
	 availability-nan unknown-node; do
	memcheck "check tests/bad/$f" 2 "$NINES" check tests/bad/$f.graphml
done
memcheck "usage error" 2 "$NINES" run $M --scenarios abc
finish
