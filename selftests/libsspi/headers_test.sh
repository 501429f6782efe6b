#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The public headers compile on their own (<sspi.h>, and <security.h> with
# SECURITY_WIN32) in C89, C99, C11 and C++11 and C++17 with -pedantic and
# every warning an error, and in C11 beside WinPR's <winpr/wtypes.h>,
# included before or after them.
#
# Output is TAP. Exit status: 0 all passed, 1 something failed.
# Environment: CC (default cc), CXX (default c++), TOP (the source tree),
# PKG_CONFIG (default pkg-config).
set -u

here=$(cd "$(dirname "$0")" && pwd)
TOP=${TOP:-$here/../..}
CC=${CC:-cc}
CXX=${CXX:-c++}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
# shellcheck source=selftests/tap.sh
. "$here/../tap.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ours=(-I"$TOP/include/uapi" -I"$TOP/include")
strict=(-pedantic -Wall -Wextra -Werror)

# compiles LANG STD LINES...: whether a unit of these lines compiles
compiles() {
	local lang=$1 std=$2 compiler=$CC
	shift 2
	[[ $lang == c++ ]] && compiler=$CXX
	printf '%s\n' "$@" >"$tmp/unit"
	$compiler -x "$lang" -std="$std" "${strict[@]}" "${ours[@]}" ${extra:-} \
		-c -o /dev/null "$tmp/unit" 2>&1
}

echo "TAP version 13"
extra=
for std in c89 c99 c11 c++11 c++17; do
	lang=c
	[[ $std == c++* ]] && lang=c++
	out=$(compiles $lang $std '#include <sspi.h>')
	result $? "<sspi.h> alone compiles as $std" <<<"$out"
	out=$(compiles $lang $std '#define SECURITY_WIN32' '#include <security.h>')
	result $? "<security.h> alone compiles as $std" <<<"$out"
done

if extra=$($PKG_CONFIG --cflags winpr2 2>/dev/null); then
	# WinPR's own header is not -pedantic clean: only ours are held to it.
	strict=(-Wall -Wextra -Werror)
	out=$(compiles c c11 '#include <winpr/wtypes.h>' '#include <sspi.h>')
	result $? "<winpr/wtypes.h> then <sspi.h> compiles as c11" <<<"$out"
	out=$(compiles c c11 '#include <sspi.h>' '#include <winpr/wtypes.h>')
	result $? "<sspi.h> then <winpr/wtypes.h> compiles as c11" <<<"$out"
	out=$(compiles c c11 '#include <winpr/wtypes.h>' '#define SECURITY_WIN32' \
		'#include <security.h>' 'int main(void) { LPSTR s = 0; return !!s; }')
	result $? "<winpr/wtypes.h> then <security.h> compiles as c11" <<<"$out"
else
	n=$((n + 1))
	echo "ok $n - beside <winpr/wtypes.h> # SKIP winpr2 development files not found (libwinpr2-dev)"
fi

echo "1..$n"
((fails == 0))
