#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Cross-checks the values of <sspi.h> against WinPR's <winpr/sspi.h>, an
# independent transcription of the Windows SDK.
#
# The names compared are not listed here: each header is run through the
# preprocessor (cc -dM -E) and every object-like, non-string macro with one
# of the SSPI prefixes below that BOTH define is compared, so the list cannot go stale.
# For each name a program built against each header prints its value, its
# size and whether its type is signed; any difference fails that name.
# Names WinPR has and we lack are reported as TAP diagnostics ("# missing:"),
# except the ones WinPR invented, which are reported as "# winpr-only:".
#
# Output is TAP. Exit status: 0 all passed, 1 something failed, 4 skipped
# (WinPR's development files are not installed).
#
# Environment: CC (default cc), TOP (the source tree, default ../.. from this
# script), PKG_CONFIG (default pkg-config).

set -u

here=$(cd "$(dirname "$0")" && pwd)
TOP=${TOP:-$here/../..}
CC=${CC:-cc}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}

PREFIXES='SEC_E_|SEC_I_|ISC_REQ_|ISC_RET_|ASC_REQ_|ASC_RET_|SECBUFFER_|SECPKG_|SEC_WINNT_AUTH_IDENTITY_|SECQOP_|KERB_WRAP_|SECURITY_NATIVE_DREP|SECURITY_NETWORK_DREP|SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION'

# Names WinPR defines that the Windows SDK does not: its private extensions.
WINPR_ONLY='^SECPKG_ATTR_AUTH_'

echo "TAP version 13"

if ! winpr_cflags=$($PKG_CONFIG --cflags winpr2 2>/dev/null); then
	echo "1..0 # SKIP winpr2 development files not found (libwinpr2-dev)"
	exit 4
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# names HEADER CFLAGS...: the SSPI-prefixed object-like macros HEADER defines
names() {
	local header=$1
	shift
	printf '#include <%s>\n' "$header" |
		$CC "$@" -dM -E -x c - |
		awk -v re="^($PREFIXES)[A-Za-z0-9_]*\$" \
			'$1 == "#define" && $2 ~ re && NF >= 3 && !/"/ { print $2 }' |
		sort -u
}

# dump HEADER NAMES OUT CFLAGS...: builds OUT, which prints "NAME value size signed"
dump() {
	local header=$1 list=$2 out=$3
	shift 3
	{
		printf '#include <%s>\n#include <stdio.h>\nint main(void)\n{\n' "$header"
		while read -r n; do
			printf '\tprintf("%%s %%lld %%zu %%d\\n", "%s", (long long)(%s), sizeof(%s), (%s) * 0 - 1 < 0);\n' \
				"$n" "$n" "$n" "$n"
		done < "$list"
		printf '\treturn 0;\n}\n'
	} > "$out.c"
	$CC "$@" -w -o "$out" "$out.c"
}

ours_cflags=(-std=c11 -I"$TOP/include/uapi" -I"$TOP/include")

names winpr/sspi.h $winpr_cflags > "$tmp/winpr.names" || exit 1
names sspi.h "${ours_cflags[@]}" > "$tmp/ours.names" || exit 1
comm -12 "$tmp/winpr.names" "$tmp/ours.names" > "$tmp/common.names"
comm -23 "$tmp/winpr.names" "$tmp/ours.names" > "$tmp/missing.names"

dump winpr/sspi.h "$tmp/common.names" "$tmp/winpr_dump" $winpr_cflags || exit 1
dump sspi.h "$tmp/common.names" "$tmp/ours_dump" "${ours_cflags[@]}" || exit 1
"$tmp/winpr_dump" > "$tmp/winpr.values" || exit 1
"$tmp/ours_dump" > "$tmp/ours.values" || exit 1

n=0
fail=0

# The cross-check means something only if it compares a real set of names.
common=$(wc -l < "$tmp/common.names")
n=$((n + 1))
if [ "$common" -ge 200 ]; then
	echo "ok $n - $common names defined by both headers"
else
	echo "not ok $n - only $common names defined by both headers"
	fail=$((fail + 1))
fi

while read -r name wv ws wsig && read -r oname ov os osig <&3; do
	n=$((n + 1))
	if [ "$name" != "$oname" ]; then
		echo "not ok $n - $name: dumps out of step ($oname)"
		fail=$((fail + 1))
	elif [ "$wv $ws $wsig" = "$ov $os $osig" ]; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name # ours: $ov (size $os, signed $osig), winpr: $wv (size $ws, signed $wsig)"
		fail=$((fail + 1))
	fi
done < "$tmp/winpr.values" 3< "$tmp/ours.values"

while read -r name; do
	if [[ $name =~ $WINPR_ONLY ]]; then
		echo "# winpr-only: $name"
	else
		echo "# missing: $name"
	fi
done < "$tmp/missing.names"

echo "1..$n"
echo "# Totals: pass:$((n - fail)) fail:$fail"
[ "$fail" -eq 0 ]
