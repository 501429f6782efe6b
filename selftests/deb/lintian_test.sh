#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lintian on each package `make deb` built (build/deb): no error and no
# warning (one that is right to keep is overridden in debian/, with its
# reason). Informational tags are shown, not counted. TAP.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit

version=$(<VERSION)
n=0 failed=0
echo "TAP version 13"
for p in sspi-dkms libsspi1 libsspi-dev sspi-tools; do
	n=$((n + 1))
	deb=$(ls build/deb/"${p}_${version}"_*.deb 2>/dev/null)
	if [[ ! -f $deb ]]; then
		echo "not ok $n - lintian $p: no build/deb/${p}_${version}_*.deb (make deb)"
		failed=$((failed + 1))
		continue
	fi
	# lintian's own exit status counts only errors: read its tags
	tags=$(lintian --display-info "$deb" 2>&1 | grep -v 'running with root privileges')
	if grep -qE '^[EW]: ' <<<"$tags"; then
		echo "not ok $n - lintian $p: no error or warning"
		failed=$((failed + 1))
	else
		echo "ok $n - lintian $p: no error or warning"
	fi
	[[ -z $tags ]] || sed 's/^/# /' <<<"$tags"
done
echo "1..$n"
exit $((failed > 0))
