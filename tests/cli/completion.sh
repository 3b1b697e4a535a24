#!/bin/sh
# tests/cli/completion.sh - bash completion: docs/nines.bash-completion is
# what `nines --completion bash` generates from the option tables (run
# `make completion` when this fails), it is valid bash, and it completes
# commands, options, import formats and files as a user would type them.
. tests/cli/lib.sh
"$NINES" --completion bash >"$TMP/c" 2>/dev/null
cmp -s "$TMP/c" docs/nines.bash-completion && ok "docs/nines.bash-completion matches the option tables" ||
	bad "docs/nines.bash-completion is stale: run 'make completion'"
if ! command -v bash >/dev/null; then echo "  skipped: no bash"; finish; fi
bash -n "$TMP/c" && ok "valid bash" || bad "not valid bash"
# complete WORDS... : what the completion offers for the last word
complete_words() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _nines; printf "%s\n" "${COMPREPLY[@]}"' \
		sh "$TMP/c" "$@" | sort | tr '\n' ' '
}
[ "$(complete_words nines imp)" = "import " ] && ok "commands" || bad "commands: $(complete_words nines imp)"
[ "$(complete_words nines run --sc)" = "--scenarios " ] && ok "a command's options" ||
	bad "options: $(complete_words nines run --sc)"
[ "$(complete_words nines allocate --open)" = "--openslo " ] && ok "allocate --openslo" ||
	bad "allocate: $(complete_words nines allocate --open)"
[ "$(complete_words nines import --from z)" = "zipkin " ] && ok "import formats" ||
	bad "formats: $(complete_words nines import --from z)"
[ -z "$(complete_words nines run --seed '' | tr -d ' ')" ] && ok "nothing for a number" || bad "a number completed"
got=$(cd models && complete_words nines check eco)
[ "$got" = "ecommerce.graphml " ] && ok "MODEL: *.graphml files" || bad "MODEL: '$got'"
finish
