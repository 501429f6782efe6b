#!/bin/bash
# sspictl's account commands against the kernel's per-namespace store: add
# (by password, by NT hash, by NT and LM hashes), list, delete, bulk load,
# flush; refusals for a bad file, an empty password, a bad hash and a caller
# without CAP_NET_ADMIN; a store per network namespace. TAP.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit

ctl=build/tools/sspictl
n=0 failed=0
check() { # $1: description; the rest: command that must succeed
	local what=$1
	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n - $what"
	else
		echo "not ok $n - $what"
		failed=$((failed + 1))
	fi
}
list() { "$ctl" account list 2>&1 | sort | tr '\n' ' '; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; "$ctl" account flush' EXIT
echo "TAP version 13"
"$ctl" account flush
check "an empty store lists nothing" test -z "$(list)"
check "add with the password on stdin" bash -c "echo Secret1 | $ctl account add CORP alice"
check "add with an NT hash" "$ctl" account add CORP bob --hash 8846f7eaee8fb117ad06bdd830b7586c
check "list shows both" test "$(list)" = 'CORP\alice CORP\bob '
check "adding again replaces, not duplicates" bash -c "echo Secret2 | $ctl account add corp ALICE"
check "list still shows two" test "$(list | wc -w)" = 2
check "delete one" "$ctl" account del CORP bob
check "delete an unknown one fails" bash -c "! $ctl account del CORP nobody 2>/dev/null"
check "list shows what is left, as last spelt" test "$(list)" = 'corp\ALICE '
check "add with an NT hash and an LM hash" "$ctl" account add CORP carol \
	--hash 8846f7eaee8fb117ad06bdd830b7586c --lm-hash e52cac67419a9a224a3b108f3fa6cb6d
check "list shows it" test "$(list)" = 'CORP\carol corp\ALICE '
check "a bad LM hash is refused" bash -c "! $ctl account add D4 u4 \
	--hash 8846f7eaee8fb117ad06bdd830b7586c --lm-hash 00 2>/dev/null"
check "an LM hash without an NT hash is refused" \
	bash -c "! $ctl account add D4 u4 --lm-hash e52cac67419a9a224a3b108f3fa6cb6d 2>/dev/null"
check "delete it" "$ctl" account del CORP carol
printf 'D1:u1:p1\n# a comment\n\nD2:u2:p2\n' >"$tmp/ok"
check "load a file" "$ctl" account load "$tmp/ok"
check "list shows the loaded accounts" test "$(list | wc -w)" = 3
printf 'D3:u3\n' >"$tmp/bad"
check "a malformed line is refused" bash -c "! $ctl account load $tmp/bad 2>/dev/null"
check "an empty password is refused" bash -c "! echo | $ctl account add D4 u4 2>/dev/null"
check "a bad hash is refused" bash -c "! $ctl account add D4 u4 --hash 00 2>/dev/null"
check "the hash of an empty password is refused" \
	bash -c "! $ctl account add D4 u4 --hash 31d6cfe0d16ae931b73c59d7e0c089c0 2>/dev/null"
check "without CAP_NET_ADMIN: add refused" \
	bash -c "! echo x | setpriv --reuid=65534 --regid=65534 --clear-groups $ctl account add D5 u5 2>/dev/null"
check "without CAP_NET_ADMIN: list refused" \
	bash -c "! setpriv --reuid=65534 --regid=65534 --clear-groups $ctl account list 2>/dev/null"
check "another network namespace has its own (empty) store" \
	test -z "$(unshare --net "$ctl" account list)"
check "and what is added there stays there" \
	bash -c "unshare --net bash -c 'echo p | $ctl account add N u && $ctl account list' | grep -q 'N.u' && test \"\$($ctl account list | grep -c '^N')\" = 0"
check "flush empties the store" bash -c "$ctl account flush && test -z \"\$($ctl account list)\""
echo "1..$n"
((failed == 0))
