#!/bin/bash
# sspictl --json, for scripts: every command that prints gives one valid
# JSON value (python3 -m json.tool reads it) that says what the text says:
# packages, status (the module's parameters as /sys/module/sspi has them),
# account list (names with quotes, backslashes and non-ASCII letters; a
# lockout) and account load. The namespace's admin may ask for the status
# (in a user namespace of their own); someone else gets the kernel's refusal.
# Runs in a network namespace of its own. TAP.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit
. selftests/tap.sh

if [[ ${SSPI_JSON_TEST_NETNS:-} != 1 ]]; then
	SSPI_JSON_TEST_NETNS=1 exec unshare --net bash "$0" "$@"
fi

ctl=$PWD/build/tools/sspictl
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# valid NAME CMD...: the command succeeds and its output is valid JSON (kept in $tmp/NAME)
valid() {
	local name=$1
	shift
	"$@" >"$tmp/$name" 2>"$tmp/$name.err" && python3 -m json.tool "$tmp/$name" >/dev/null 2>>"$tmp/$name.err"
}
# py NAME EXPR: EXPR, a Python expression of d (the JSON in $tmp/NAME), is true
py() {
	python3 -c "import json, sys; d = json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$tmp/$1"
}

echo "TAP version 13"
valid packages "$ctl" --json packages
result $? "--json packages is valid JSON" <"$tmp/packages.err"
py packages 'len(d) == 1 and d[0]["name"] == "NTLM" and "INTEGRITY" in d[0]["capability_names"] and d[0]["max_token"] > 0'
result $? "it lists NTLM with its capabilities" </dev/null

printf 'CORP:alice:p1\nCORP:"quoted\\\\back:p2\nÉQUIPE:zoë:p3\n' >"$tmp/accounts"
valid load "$ctl" --json account load "$tmp/accounts"
result $? "--json account load is valid JSON" <"$tmp/load.err"
py load 'd == {"loaded": 3}'
result $? "it counts the accounts loaded" <"$tmp/load"

valid list "$ctl" --json account list
result $? "--json account list is valid JSON" <"$tmp/list.err"
py list '[(a["domain"], a["user"]) for a in d] == [("CORP", "alice"), ("CORP", "\"quoted\\\\back"), ("ÉQUIPE", "zoë")]'
result $? "it names each account as added, quotes, backslashes and all" <"$tmp/list"
py list 'all(a["bad_logons"] == 0 and a["locked"] is False and a["locked_until"] is None for a in d)'
result $? "none has failed logons or a lockout" <"$tmp/list"

# bob fails to log on once at a threshold of 1: locked out, until a time
param=/sys/module/sspi/parameters/lockout_threshold
threshold=$(cat $param)
echo 1 >$param
echo right | "$ctl" account add CORP bob
build/tools/handshake-demo CORP bob right wrong >/dev/null 2>&1
echo "$threshold" >$param
valid locked "$ctl" --json account list
result $? "--json account list with a lockout is valid JSON" <"$tmp/locked.err"
py locked '[a for a in d if a["user"] == "bob"][0]["locked"] is True and [a for a in d if a["user"] == "bob"][0]["bad_logons"] == 1 and [a for a in d if a["user"] == "bob"][0]["locked_until"].endswith("Z")'
result $? "it shows bob locked until a UTC time, after one failed logon" <"$tmp/locked"

valid empty bash -c "unshare --net $ctl --json account list"
result $? "--json account list of an empty store is valid JSON" <"$tmp/empty.err"
py empty 'd == []'
result $? "it is an empty list" <"$tmp/empty"

valid status "$ctl" --json status
result $? "--json status is valid JSON" <"$tmp/status.err"
py status 'd["module"]["loaded"] is True and d["namespace"]["accounts"] == 4 and d["namespace"]["locked_accounts"] == 1'
result $? "status counts this namespace's accounts and lockouts" <"$tmp/status"
for f in /sys/module/sspi/parameters/*; do
	echo "${f##*/} $(cat "$f")"
done >"$tmp/params"
python3 - "$tmp/status" "$tmp/params" >"$tmp/params.err" 2>&1 <<'PY'
import json, sys
got = json.load(open(sys.argv[1]))["module"]["parameters"]
want = dict(line.rstrip("\n").split(" ", 1) for line in open(sys.argv[2]))
def text(v):
    return {True: "Y", False: "N"}[v] if isinstance(v, bool) else str(v)
bad = {k: (got.get(k), v) for k, v in want.items() if k not in got or text(got[k]) != v}
print(bad)
sys.exit(1 if bad or len(got) != len(want) else 0)
PY
result $? "status gives every module parameter as /sys/module/sspi/parameters has it" <"$tmp/params.err"

nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
out=$("${nobody[@]}" "$ctl" --json status 2>&1 >/dev/null)
[[ $? != 0 && $out == "sspictl: needs CAP_NET_ADMIN in this network namespace" ]]
result $? "status of a namespace one does not administer is refused" <<<"$out"
if "${nobody[@]}" unshare -Urn true 2>/dev/null; then
	valid userns "${nobody[@]}" unshare -Urn "$ctl" --json status
	result $? "a user namespace's own admin gets its status" <"$tmp/userns.err"
	py userns 'd["namespace"] == {"credentials": 0, "contexts": 0, "accounts": 0, "locked_accounts": 0, "remote_domains": 0, "authority_port": 0, "pass_through": 0}'
	result $? "and sees only that namespace's" <"$tmp/userns"
else
	n=$((n + 1))
	echo "ok $n - a user namespace's own admin gets its status # SKIP no user namespaces here"
fi

"$ctl" account flush
echo "1..$n"
((fails == 0))
