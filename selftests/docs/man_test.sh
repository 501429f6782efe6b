#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The documentation in the tree, on the host: every manual page in man/
# renders with man-db without a warning (MANWIDTH=80 man --warnings -l,
# which runs groff with -ww), every alias in man/links names a page that
# exists, and no file git tracks refers to the shared directory outside the
# repository (the tree must stand alone).
#
# Output is TAP. Exit status: 0 all passed, 1 something failed.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit

. selftests/tap.sh

echo "TAP version 13"
if ! command -v man >/dev/null; then
	echo "not ok 1 - man (man-db) is installed"
	exit 1
fi

pages=(man/*.[1-9])
for page in "${pages[@]}"; do
	# groff's warnings go to standard error; the rendered page is not wanted.
	out=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
	rc=$?
	[[ $rc == 0 && -z $out ]]; result $? "$page renders without warnings" <<<"$out"
done

# man/links: "PAGE NAME" lines; PAGE must be a page here, NAME none.
out=
while read -r page name rest; do
	[[ -z $page || $page == \#* ]] && continue
	[[ -f man/$page ]] || out+="$page: no such page"$'\n'
	[[ -e man/$name ]] && out+="$name: a page of its own, not an alias"$'\n'
	[[ -z $name || -n $rest ]] && out+="malformed line: $page $name $rest"$'\n'
done <man/links
[[ -z $out ]]; result $? "man/links names existing pages" <<<"$out"

# The pattern is spelt so that this file does not match it.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	out=$(git grep -n -e '\.\./shared/' -e '/work/share[d]' -- . 2>&1)
	[[ -z $out ]]; result $? "no tracked file refers outside the repository" <<<"$out"
else
	n=$((n + 1))
	echo "ok $n - no tracked file refers outside the repository # SKIP not a git checkout"
fi

echo "1..$n"
((fails == 0))
