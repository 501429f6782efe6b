#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# libsspi's ABI, on the host: the dynamic symbols the built library exports
# are exactly those recorded in lib/libsspi.symbols, each of version
# LIBSSPI_1 and declared in <sspi.h>; the library defines no other version;
# and with -Bsymbolic-functions its dispatch tables keep pointing at its own
# functions when another library loaded first exports the same names (as
# WinPR's does), while the program's own calls do go to that library.
#
# Output is TAP. Exit status: 0 all passed, 1 something failed.
# Environment: CC (default cc), TOP (the source tree), LIB (the built
# library, default $TOP/build/lib/libsspi.so.1).
set -u

here=$(cd "$(dirname "$0")" && pwd)
TOP=${TOP:-$here/../..}
CC=${CC:-cc}
LIB=${LIB:-$TOP/build/lib/libsspi.so.1}

# shellcheck source=selftests/tap.sh
. "$here/../tap.sh"

echo "TAP version 13"
if [[ ! -r $LIB ]]; then
	echo "not ok 1 - $LIB is built"
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

nm -D --defined-only --with-symbol-versions "$LIB" | awk '{ print $3 }' | sort >"$tmp/exported"
grep -v '^#' "$TOP/lib/libsspi.symbols" | sort >"$tmp/recorded"
out=$(diff -u "$tmp/recorded" "$tmp/exported")
result $? "the exported symbols are those lib/libsspi.symbols records" <<<"$out"

out=$(grep -v '^LIBSSPI_1$' "$tmp/exported" | grep -v '@@LIBSSPI_1$')
[[ -z $out ]]; result $? "every exported symbol has version LIBSSPI_1" <<<"$out"

out=$(readelf -VW "$LIB" | sed -n '/\.gnu\.version_d/,/\.gnu\.version_r/p' |
	grep -o 'Name: [^ ]*' | grep -v -e 'Name: libsspi\.so\.1$' -e 'Name: LIBSSPI_1$')
[[ -z $out ]]; result $? "the library defines no version but LIBSSPI_1" <<<"$out"

out=$(sed -n 's/@@LIBSSPI_1$//p' "$tmp/exported" | while read -r f; do
	grep -qE "[ *]$f\(" "$TOP/include/sspi.h" || echo "$f: not declared in <sspi.h>"
done)
[[ -z $out ]]; result $? "every exported function is declared in <sspi.h>" <<<"$out"

# An interposer with a FreeContextBuffer of its own, linked before libsspi.
cat >"$tmp/interposer.c" <<'C'
long FreeContextBuffer(void *p)
{
	(void)p;
	return 0x5eedL;
}
C
cat >"$tmp/prog.c" <<'C'
#include <stdio.h>
#include <sspi.h>

int main(void)
{
	SECURITY_STATUS direct = FreeContextBuffer(NULL);
	SECURITY_STATUS table = InitSecurityInterfaceA()->FreeContextBuffer(NULL);

	printf("direct 0x%x table 0x%x\n", (unsigned int)direct, (unsigned int)table);
	return 0;
}
C
libdir=$(dirname "$LIB")
if $CC -shared -fPIC -o "$tmp/libinterposer.so" "$tmp/interposer.c" 2>"$tmp/err" &&
   $CC -std=c11 -I"$TOP/include/uapi" -I"$TOP/include" -o "$tmp/prog" "$tmp/prog.c" \
	-L"$tmp" -linterposer "$LIB" -Wl,-rpath,"$tmp:$libdir" 2>>"$tmp/err"; then
	got=$("$tmp/prog" 2>&1)
else
	got=$(cat "$tmp/err")
fi
[[ $got == "direct 0x5eed table 0x0" ]]
result $? "the dispatch table keeps libsspi's own function under an interposer" <<<"$got"

echo "1..$n"
((fails == 0))
