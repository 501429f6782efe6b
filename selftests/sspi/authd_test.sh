#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# sspi-authd and sspictl's domain commands, without a domain controller:
# only an administrator of the network namespace may register the authority
# (not another user, not root in a user namespace of its own); one per
# namespace, a second exits with its reason, another namespace has its own;
# `sspictl status` shows the authority's port while it runs and 0 the moment
# it is gone (SIGTERM or SIGKILL); remote domains round-trip through add, del
# and list (case, duplicates, unknown names, the name bound, --json, the
# count in status, another namespace); a logon of a remote domain while
# winbind is not there fails with SEC_E_NO_AUTHENTICATING_AUTHORITY at once,
# and the daemon logs that refusal; a winbind that hangs (a socket that
# never answers, where libwbclient looks) fills the bounded queue, and the
# next logon is refused at once. Those two skip when a real winbind
# listens. Runs in a network namespace of its own. TAP. (Logons against a
# real domain are the domain controller's tests.)
set -uo pipefail
cd "$(dirname "$0")/../.." || exit
. selftests/tap.sh

if [[ ${SSPI_AUTHD_TEST_NETNS:-} != 1 ]]; then
	SSPI_AUTHD_TEST_NETNS=1 exec unshare --net bash "$0" "$@"
fi

ctl=$PWD/build/tools/sspictl
# the daemon built with ASan+UBSan: a memory error or a leak fails its exit status
authd=$PWD/build/selftests/tools/sspi-authd
nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
tmp=$(mktemp -d)
chmod a+rx "$tmp"
pids=()
# where libwbclient looks for winbind (built in; see sspi-authd(8))
wbdir=/run/samba/winbindd
made_wbdir=
cleanup() {
	local pid
	for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null; done
	wait 2>/dev/null
	[[ -z $made_wbdir ]] || rm -rf "$made_wbdir"
	[[ -z ${saved_timeout:-} ]] || echo "$saved_timeout" >"$timeout_param"
	rm -rf "$tmp"
}
trap cleanup EXIT

# The authority's port in this namespace, as `sspictl --json status` says.
port() {
	"$ctl" --json status | python3 -c 'import json, sys; print(json.load(sys.stdin)["namespace"]["authority_port"])'
}
# start LOG ARGS...: starts the daemon (verbose, logging to LOG) in the
# background, $pid its pid; waits until it says it registered (its port in
# $started) or exited. Fails if it did not register.
start() {
	local log=$1 i
	shift
	"$authd" --verbose "$@" 2>"$log" &
	pid=$!
	pids+=("$pid")
	for ((i = 0; i < 300; i++)); do
		started=$(sed -n 's/.*authority of this network namespace (port \([0-9]*\)).*/\1/p' "$log")
		[[ -n $started ]] && return 0
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

echo "TAP version 13"
check "--help prints the usage and succeeds" bash -c "$authd --help | grep -q -- --threads"
check "a bad option is a usage error (2)" bash -c "$authd --threads 0 2>/dev/null; test \$? = 2"

# Refusals: not an administrator of the namespace.
"${nobody[@]}" "$authd" >"$tmp/nobody.out" 2>&1
rc=$?
[[ $rc == 1 ]] && grep -q 'not permitted: .*CAP_NET_ADMIN' "$tmp/nobody.out"
result $? "another user is refused: EPERM's message, exit status 1 (got $rc)" <"$tmp/nobody.out"
unshare -U "$authd" >"$tmp/userns.out" 2>&1
rc=$?
[[ $rc == 1 ]] && grep -q 'not permitted' "$tmp/userns.out"
result $? "a user namespace without root mapped is refused too (got $rc)" <"$tmp/userns.out"
unshare -Ur "$authd" >"$tmp/userns-root.out" 2>&1
rc=$?
[[ $rc == 1 ]] && grep -q 'not permitted' "$tmp/userns-root.out"
result $? "root of its own user namespace, over a namespace it does not own: refused (got $rc)" \
	<"$tmp/userns-root.out"
check "no authority registered after the refusals" test "$(port)" = 0

# One authority, its port in status; a second refused.
start "$tmp/first.log"
result $? "the daemon registers" <"$tmp/first.log"
first=$pid
check "status shows the authority's port, the daemon's own" test "$(port)" = "$started"
check "sspictl status (text) shows it too" \
	bash -c "$ctl status | grep -Eq '^  authority port +$started\$'"
"$authd" >"$tmp/second.out" 2>&1
rc=$?
[[ $rc == 1 ]] && grep -q 'another authority is registered' "$tmp/second.out"
result $? "a second daemon in the namespace exits 1 with EBUSY's message (got $rc)" <"$tmp/second.out"
check "the first is still the authority" test "$(port)" = "$started"
unshare --net "$authd" --verbose 2>"$tmp/other-ns.log" &
other=$!
pids+=("$other")
for ((i = 0; i < 300; i++)); do
	grep -q 'authority of this network namespace' "$tmp/other-ns.log" && break
	kill -0 "$other" 2>/dev/null || break
	sleep 0.1
done
grep -q 'authority of this network namespace' "$tmp/other-ns.log"
result $? "another network namespace takes its own authority meanwhile" <"$tmp/other-ns.log"
kill -TERM "$other" 2>/dev/null
wait "$other"

kill -TERM "$first"
wait "$first"
rc=$?
check "SIGTERM: the daemon exits 0 (got $rc)" test "$rc" = 0
check "status shows no authority once it is gone" test "$(port)" = 0
start "$tmp/again.log"
result $? "a new daemon registers after it" <"$tmp/again.log"
kill -KILL "$pid"
wait "$pid" 2>/dev/null
check "killed (SIGKILL): its death is noticed, status shows no authority" test "$(port)" = 0

# Remote domains.
list() { "$ctl" domain list | tr '\n' ' '; }
count() {
	"$ctl" --json status | python3 -c 'import json, sys; print(json.load(sys.stdin)["namespace"]["remote_domains"])'
}
check "no remote domain at first" test -z "$(list)"
check "domain add EXAMPLE" "$ctl" domain add EXAMPLE
check "domain add example.test" "$ctl" domain add example.test
check "list shows both, as spelt" test "$(list)" = "EXAMPLE example.test "
check "status counts them" test "$(count)" = 2
"$ctl" domain add Example >"$tmp/dup.out" 2>&1
rc=$?
[[ $rc == 1 ]] && [[ -s $tmp/dup.out ]]
result $? "adding one again, in other case, is refused with a message (got $rc)" <"$tmp/dup.out"
check "still two" test "$(count)" = 2
"$ctl" domain del NOSUCH >"$tmp/unknown.out" 2>&1
rc=$?
[[ $rc == 1 ]] && [[ -s $tmp/unknown.out ]]
result $? "deleting an unknown one is refused with a message (got $rc)" <"$tmp/unknown.out"
# SSPI_NAME_MAX bytes of UTF-16LE: 256 characters fit, 257 do not.
long=$(printf 'D%.0s' {1..256})
check "a name of 256 characters is taken" "$ctl" domain add "$long"
"$ctl" domain add "${long}D" >"$tmp/long.out" 2>&1
rc=$?
[[ $rc == 1 ]] && [[ -s $tmp/long.out ]]
result $? "a name of 257 characters is refused with a message (got $rc)" <"$tmp/long.out"
check "delete the long one" "$ctl" domain del "$long"
"$ctl" domain add "" >"$tmp/empty.out" 2>&1
rc=$?
[[ $rc == 1 ]]
result $? "an empty name is refused (got $rc)" <"$tmp/empty.out"
check "--json domain list is a list of the names" \
	bash -c "$ctl --json domain list | python3 -c 'import json, sys; sys.exit(json.load(sys.stdin) != [\"EXAMPLE\", \"example.test\"])'"
check "delete one, in other case" "$ctl" domain del example.TEST
check "list shows the other" test "$(list)" = "EXAMPLE "
check "without CAP_NET_ADMIN: add refused" \
	bash -c "! ${nobody[*]} $ctl domain add OTHER 2>/dev/null"
check "without CAP_NET_ADMIN: del refused" \
	bash -c "! ${nobody[*]} $ctl domain del EXAMPLE 2>/dev/null"
check "without CAP_NET_ADMIN: list refused" \
	bash -c "! ${nobody[*]} $ctl domain list 2>/dev/null"
check "another network namespace has none of them" \
	test -z "$(unshare --net "$ctl" domain list)"

# The rest needs winbind's socket free for the test's own purposes.
if [[ -e $wbdir/pipe ]]; then
	for what in "a logon while winbind is not there" "a full queue while winbind hangs"; do
		n=$((n + 1))
		echo "ok $n - $what # SKIP a winbind listens at $wbdir"
	done
	"$ctl" domain del EXAMPLE
	done_
fi

# A logon of the remote domain while winbind is not there: the daemon
# answers NT_STATUS_NO_LOGON_SERVERS, the acceptor reports
# SEC_E_NO_AUTHENTICATING_AUTHORITY. A local account of the same name and
# password is there to be used, were the domain not remote.
echo secret | "$ctl" account add EXAMPLE alice
echo secret | "$ctl" account add LOCAL alice
start "$tmp/nowb.log" --threads 2
result $? "the daemon registers (no winbind)" <"$tmp/nowb.log"
nowb=$pid
grep -q 'winbind does not answer' "$tmp/nowb.log"
result $? "it warns that winbind does not answer" <"$tmp/nowb.log"
build/tools/handshake-demo EXAMPLE alice secret >"$tmp/logon.out" 2>&1
grep -q 'AcceptSecurityContext: SEC_E_NO_AUTHENTICATING_AUTHORITY' "$tmp/logon.out"
result $? "the logon fails with SEC_E_NO_AUTHENTICATING_AUTHORITY" <"$tmp/logon.out"
grep -q 'EXAMPLE\\alice from .*: refused, WBC_ERR_WINBIND_NOT_AVAILABLE (0xc000005e)' "$tmp/nowb.log"
result $? "the daemon logged the refusal: names, winbind's error, NT_STATUS_NO_LOGON_SERVERS" \
	<"$tmp/nowb.log"
check "a local domain's account logs on locally meanwhile, unseen by the daemon" \
	bash -c "build/tools/handshake-demo LOCAL alice secret | grep -q 'AcceptSecurityContext: SEC_E_OK' &&
		! grep -q 'LOCAL' $tmp/nowb.log"
kill -TERM "$nowb"
wait "$nowb"
check "it exits 0 on SIGTERM" test $? = 0

# A winbind that takes connections and never answers holds the workers;
# with a queue of one, a third logon is refused at once (the first two
# still wait afterwards), and the daemon says why. Stopped, it waits for
# the stuck worker only so long, and the kernel fails the two at once.
# Nothing here depends on a clock: the fake sends a byte now and then to a
# client that asked, which keeps libwbclient reading (its timeout counts
# silence only), and the kernel waits for the authority as long as it may.
pass_through() { "$ctl" status | awk '/pass-through logons/ { print $3 }'; }
timeout_param=/sys/module/sspi/parameters/authority_timeout_ms
saved_timeout=$(cat "$timeout_param")
echo 600000 >"$timeout_param"
if [[ ! -d ${wbdir%/*} ]]; then
	made_wbdir=${wbdir%/*}
elif [[ ! -d $wbdir ]]; then
	made_wbdir=$wbdir
fi
mkdir -p "$wbdir"
python3 -c '
import select, socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1] + "/pipe")
s.listen(16)
talked = {}	# a connection: when it last sent something (None: never)
while True:
	now = time.monotonic()
	for c in select.select([s, *talked], [], [], 1)[0]:
		if c is s:
			talked[s.accept()[0]] = None
			continue
		try:
			asked = c.recv(65536)
		except OSError:
			asked = b""
		if asked:
			talked[c] = now
		else:
			del talked[c]
	# a byte to each that asked and now waits: never a whole answer
	for c, last in talked.items():
		if last is not None and now - last >= 1:
			try:
				c.send(b"\0")
			except OSError:
				pass
' "$wbdir" &
fake=$!
pids+=("$fake")
for ((i = 0; i < 300; i++)); do [[ -S $wbdir/pipe ]] && break; sleep 0.1; done
# Two threads: the first one asks whether winbind answers, and hangs there.
start "$tmp/hung.log" --threads 2 --queue 1
result $? "the daemon registers (winbind hangs), two threads, a queue of one" <"$tmp/hung.log"
hung=$pid
build/tools/handshake-demo EXAMPLE alice secret >"$tmp/stuck1.out" 2>&1 &
stuck1=$!
build/tools/handshake-demo EXAMPLE alice secret >"$tmp/stuck2.out" 2>&1 &
stuck2=$!
pids+=("$stuck1" "$stuck2")
for ((i = 0; i < 300; i++)); do [[ $(pass_through) == 2 ]] && break; sleep 0.1; done
test "$(pass_through)" = 2
rc=$?
{ cat "$tmp/hung.log"; "$ctl" status; } >"$tmp/waiting"
result $rc "two logons wait for the authority" <"$tmp/waiting"
build/tools/handshake-demo EXAMPLE alice secret >"$tmp/third.out" 2>&1
grep -q 'AcceptSecurityContext: SEC_E_NO_AUTHENTICATING_AUTHORITY' "$tmp/third.out"
result $? "a third fails with SEC_E_NO_AUTHENTICATING_AUTHORITY" <"$tmp/third.out"
check "at once: the first two still wait" test "$(pass_through)" = 2
grep -q 'logons already wait: refused, NT_STATUS_NO_LOGON_SERVERS' "$tmp/hung.log"
result $? "the daemon logged the full queue" <"$tmp/hung.log"
kill -TERM "$hung"
wait "$hung"
rc=$?
check "SIGTERM with a worker stuck in winbind: it exits 0 all the same (got $rc)" test "$rc" = 0
grep -q 'still wait for winbind: exiting without them' "$tmp/hung.log"
result $? "saying it left a logon behind" <"$tmp/hung.log"
wait "$stuck1" "$stuck2"
cat "$tmp/stuck1.out" "$tmp/stuck2.out" >"$tmp/stuck.out"
test "$(grep -c 'AcceptSecurityContext: SEC_E_NO_AUTHENTICATING_AUTHORITY' "$tmp/stuck.out")" = 2
result $? "the two waiting logons fail with SEC_E_NO_AUTHENTICATING_AUTHORITY" <"$tmp/stuck.out"
check "and none waits any more" test "$(pass_through)" = 0
kill "$fake"
wait "$fake" 2>/dev/null
rm -f "$wbdir/pipe"
echo "$saved_timeout" >"$timeout_param"

"$ctl" account flush
"$ctl" domain del EXAMPLE

done_
