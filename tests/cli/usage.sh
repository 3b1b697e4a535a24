# Usage errors: a one-line message, exit 2, nothing written.
. tests/cli/lib.sh
M=models/account-opening.graphml

expect_exit 0 "--help exits 0" "$NINES" --help
expect_exit 0 "run --help exits 0" "$NINES" run --help
expect_out_match "--scenarios" "run --help lists --scenarios"
expect_exit 0 "--version exits 0" "$NINES" --version
expect_exit 2 "no command" "$NINES"
expect_exit 2 "unknown command" "$NINES" frobnicate
expect_err_match "not a command" "unknown command is named"
expect_exit 2 "unknown option" "$NINES" run --frob $M
expect_err_match "unknown option '--frob'" "unknown option is named"
expect_exit 2 "missing value" "$NINES" run $M --scenarios
expect_err_match "needs a value" "missing value is named"
for v in 0 -5 1e99 abc 1.5; do
	expect_exit 2 "--scenarios $v" "$NINES" run $M --scenarios "$v"
	expect_err_match "scenarios" "--scenarios $v is named"
done
expect_exit 2 "--threads 0" "$NINES" run $M --threads 0
expect_exit 2 "--seed overflow" "$NINES" run $M --seed 99999999999999999999999
expect_exit 2 "--seed negative" "$NINES" run $M --seed -1
expect_exit 2 "no model" "$NINES" run
expect_exit 2 "two models" "$NINES" run $M $M
expect_exit 2 "missing model file" "$NINES" run "$TMP/nope.graphml" --json "$TMP/x.json"
expect_err_match "nope.graphml" "missing model file is named"
[ ! -e "$TMP/x.json" ] && ok "no JSON written for a missing model" || bad "JSON written for a missing model"
expect_exit 1 "unwritable --json" "$NINES" run $M --scenarios 1000 --json /nonexistent-dir/x.json
expect_err_match "nonexistent-dir" "unwritable --json is named"
expect_exit 0 "scenarios 1e6 accepted" "$NINES" run $M --scenarios 1e6
"$NINES" --manpage >"$TMP/nines.1"
cmp -s "$TMP/nines.1" docs/nines.1 && ok "docs/nines.1 matches the option tables" || bad "docs/nines.1 is stale: run 'make man'"
finish
