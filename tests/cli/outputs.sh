# The outputs every command commits in one order: the JSON is held back
# until the report directory is written, so a failed --report leaves no
# JSON behind (nor replaces an older one), for `nines run` and `nines
# allocate` alike; with both written, the JSON equals the one written
# alone; --json - keeps stdout for the JSON only.
. tests/cli/lib.sh
AO=models/account-opening.graphml
: > "$TMP/not-a-dir"

for cmd in run allocate; do
	case $cmd in
	run) opts="--scenarios 20000 --windows 200 --no-constraints" ;;
	allocate) opts="--scenarios 20000" ;;
	esac
	# shellcheck disable=SC2086
	expect_exit 1 "$cmd: --report into a file fails" \
		"$NINES" $cmd $AO $opts --json "$TMP/$cmd.json" --report "$TMP/not-a-dir"
	expect_err_match "not a directory" "$cmd: the report's failure is named"
	[ ! -e "$TMP/$cmd.json" ] && ok "$cmd: no JSON left behind" || bad "$cmd: JSON left behind"
	ls -A "$TMP" | grep -q '\.tmp\.' && bad "$cmd: a temporary file is left" || ok "$cmd: no temporary file left"

	echo '{"old": true}' > "$TMP/$cmd-old.json"
	# shellcheck disable=SC2086
	expect_exit 1 "$cmd: failed --report over an existing JSON" \
		"$NINES" $cmd $AO $opts --json "$TMP/$cmd-old.json" --report "$TMP/not-a-dir"
	grep -q '"old": true' "$TMP/$cmd-old.json" && ok "$cmd: the old JSON is untouched" \
		|| bad "$cmd: the old JSON was replaced"

	# shellcheck disable=SC2086
	expect_exit 0 "$cmd: --json with --report" \
		"$NINES" $cmd $AO $opts --json "$TMP/$cmd-both.json" --report "$TMP/$cmd-dir"
	[ -s "$TMP/$cmd-dir/report.md" ] && ok "$cmd: report.md written" || bad "$cmd: no report.md"
	# shellcheck disable=SC2086
	expect_exit 0 "$cmd: --json alone" "$NINES" $cmd $AO $opts --json "$TMP/$cmd-alone.json"
	cmp -s "$TMP/$cmd-both.json" "$TMP/$cmd-alone.json" && ok "$cmd: same JSON with or without --report" \
		|| bad "$cmd: the JSON depends on --report"
	grep -q "account-opening" "$TMP/out" && ok "$cmd: the table on stdout" || bad "$cmd: no table on stdout"

	# shellcheck disable=SC2086
	expect_exit 0 "$cmd: --json -" "$NINES" $cmd $AO $opts --json -
	head -c 1 "$TMP/out" | grep -q '{' && tail -c 2 "$TMP/out" | grep -q '}' \
		&& ok "$cmd: stdout holds the JSON only" || bad "$cmd: stdout is not the JSON alone"
done

BUILD=${BUILD:-build}
NINES_MPI=
[ -f "$BUILD/mpi.env" ] && . "$BUILD/mpi.env"
if [ -n "$NINES_MPI" ] && command -v mpirun >/dev/null; then
	MPIRUN="mpirun --oversubscribe"
	[ "$(id -u)" = 0 ] && MPIRUN="$MPIRUN --allow-run-as-root"
	opts="--scenarios 200000 --windows 200 --seed 5 --threads 1"
	# shellcheck disable=SC2086
	"$NINES" run models/ecommerce.graphml $opts --json "$TMP/one.json" \
		--report "$TMP/one" >/dev/null 2>&1
	# shellcheck disable=SC2086
	expect_exit 0 "mpirun -np 2 with --report" timeout 120 $MPIRUN -np 2 "$NINES_MPI" \
		run models/ecommerce.graphml $opts --json "$TMP/two.json" --report "$TMP/two"
	cmp -s "$TMP/one.json" "$TMP/two.json" && ok "2 ranks: the JSON of one process" \
		|| bad "2 ranks: the JSON differs"
	cat "$TMP"/one/convergence-*.dat > "$TMP/c1"
	cat "$TMP"/two/convergence-*.dat > "$TMP/c2" 2>/dev/null
	[ -s "$TMP/c1" ] && cmp -s "$TMP/c1" "$TMP/c2" && ok "2 ranks: the convergence series of one process" \
		|| bad "2 ranks: the convergence series differs"
else
	echo "  skipped the MPI case: no MPI build"
fi
finish
