#!/bin/sh
# tests/cli/install.sh - libnines as another program sees it: `make
# install` into a scratch prefix puts the program, both libraries (the
# shared one with its soname links), the headers, nines.pc and both man
# pages; examples/availability.c builds against that install through
# `pkg-config --cflags --libs nines` alone, links the shared library and
# gives the exact availability of a bundled model inside its interval;
# the shared library exports exactly the NINES_API functions of
# include/*.h; `make uninstall` leaves no file behind. Uses the build in
# $BUILD (made by `make check`), and $CC/$CFLAGS as the build did.
. tests/cli/lib.sh
BUILD=${BUILD:-build}
P=$TMP/prefix
# The suite runs under make check: its jobserver flags are not ours.
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL ${MAKE:-make} --no-print-directory -s \
	BUILD="$BUILD" PREFIX="$P" "$@" >"$TMP/out" 2>"$TMP/err"; }

mk install && ok "make install PREFIX=$P" ||
	{ bad "make install"; sed 's/^/       /' "$TMP/err" | head -5; finish; }
V=$(sed -n 's/^#define NINES_VERSION "\(.*\)"/\1/p' include/nines.h)
for f in bin/nines lib/libnines.a lib/libnines.so.$V lib/pkgconfig/nines.pc \
	 include/nines/nines.h include/nines/nines_export.h \
	 share/man/man1/nines.1 share/man/man3/nines.3; do
	[ -f "$P/$f" ] && ok "installed $f" || bad "not installed: $f"
done
[ "$(readlink "$P/lib/libnines.so.${V%%.*}")" = "libnines.so.$V" ] &&
[ "$(readlink "$P/lib/libnines.so")" = "libnines.so.${V%%.*}" ] &&
	ok "libnines.so -> libnines.so.${V%%.*} -> libnines.so.$V" || bad "shared library links"
soname=$(readelf -d "$P/lib/libnines.so.$V" 2>/dev/null | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
[ "$soname" = "libnines.so.${V%%.*}" ] && ok "soname $soname" || bad "soname '$soname'"

# Exported symbols = NINES_API declarations (no internal one, none lost).
grep -ho 'NINES_API [^(]*(' include/*.h | grep -o 'nines_[a-z0-9_]*($' | tr -d '(' |
	sort >"$TMP/declared"
nm -D --defined-only "$P/lib/libnines.so.$V" | awk '{ print $3 }' | sort >"$TMP/exported"
if cmp -s "$TMP/declared" "$TMP/exported"; then
	ok "the shared library exports the $(wc -l <"$TMP/declared") NINES_API functions, nothing else"
else
	bad "exports differ from the NINES_API declarations (< declared, > exported)"
	diff "$TMP/declared" "$TMP/exported" | grep '^[<>]' | head -10 | sed 's/^/       /'
fi

# The example, through pkg-config only, against the shared library.
export PKG_CONFIG_PATH="$P/lib/pkgconfig"
flags=$(pkg-config --cflags --libs nines 2>"$TMP/err") && ok "pkg-config --cflags --libs nines" ||
	bad "pkg-config: $(cat "$TMP/err")"
${CC:-cc} ${CFLAGS:-} -std=c11 -Wall -Wextra -Werror -o "$TMP/availability" \
	examples/availability.c $flags -Wl,-rpath,"$P/lib" 2>"$TMP/err" &&
	ok "examples/availability.c builds against the install" ||
	{ bad "examples/availability.c does not build"; sed 's/^/       /' "$TMP/err" | head -5; }
if [ -x "$TMP/availability" ]; then
	ldd "$TMP/availability" | grep -q "libnines.so.${V%%.*} => $P/lib/" &&
		ok "it links the installed shared library" || bad "it does not link $P/lib/libnines.so"
	"$TMP/availability" models/account-opening.graphml >"$TMP/out" 2>"$TMP/err"
	st=$?
	# "Account opening: 0.989747 [0.989548, 0.989943] exact 0.9895374413"
	set -- $(sed -n 's/^Account opening: \([0-9.]*\) \[\([0-9.]*\), \([0-9.]*\)\] exact \([0-9.]*\)$/\1 \2 \3 \4/p' "$TMP/out")
	if [ $st -eq 0 ] && [ $# -eq 4 ] && near "$4" 0.9895374413 1e-9 &&
	   awk -v l="$2" -v h="$3" -v x="$4" 'BEGIN { exit !(l <= x && x <= h) }'; then
		ok "account opening: exact $4 inside [$2, $3]"
	else
		bad "example output (exit $st):"; sed 's/^/       /' "$TMP/out" "$TMP/err" | head -5
	fi
	"$TMP/availability" "$TMP/none.graphml" >"$TMP/out" 2>"$TMP/err"
	[ $? -eq 1 ] && grep -q "none.graphml" "$TMP/err" &&
		ok "a missing model: exit 1 and the library's message" || bad "a missing model"
fi

mk uninstall && ok "make uninstall" || bad "make uninstall"
left=$(find "$P" ! -type d)
[ -z "$left" ] && ok "uninstall leaves no file" || bad "uninstall left: $left"
finish
