#!/bin/bash
# Domain accounts through a real domain (#12), in the test guest with sspi.ko
# loaded: the test domain's DC (selftests/domain/dc.sh, Samba AD DC), started
# once, sspi-authd, EXAMPLE marked remote. Logons of a libsspi and a
# gss-ntlmssp initiator to the libsspi acceptor (selftests/domain/logon.py,
# through the peers' driver): domain users accepted with agreeing keys;
# wrong password, disabled and expired accounts refused; a local account and
# a domain account of one user name each get their own answer; the daemon
# stopped (no answer, stopped, killed mid-logon) and the DC stopped give
# SEC_E_NO_AUTHENTICATING_AUTHORITY within the bound, while local accounts
# keep logging on. TAP.
#   tools/vm/run --smp 1 --module build/kmod-debian/sspi.ko -- selftests/domain/domain_test.sh
set -uo pipefail
cd "$(dirname "$0")/../.." || exit

ctl=build/tools/sspictl
authd_bin=build/tools/sspi-authd
param=/sys/module/sspi/parameters/authority_timeout_ms
# shellcheck source=selftests/tap.sh
. selftests/tap.sh
# shellcheck source=selftests/domain/dc.sh
. selftests/domain/dc.sh

# logon CLIENT DOMAIN USER PASSWORD EXPECT [MIN_S [MAX_S]] DESCRIPTION...
logon() {
	local out rc
	out=$(/usr/bin/python3 selftests/domain/logon.py "${@:1:5}" ${6:+"$6"} ${7:+"$7"} 2>&1)
	rc=$?
	shift 7
	result "$rc" "$*" <<<"$out"
	((rc)) || echo "# $out"
}

# The value of the line $1 in sspictl status (this namespace's part).
status_of() {
	"$ctl" status | awk -v what="  $1 " 'index($0, what) == 1 { print $NF; found = 1 }
		END { exit !found }'
}

# Waits until status line $1 shows $2 (or, with "+", at least 1), up to 60 s.
await_status() {
	local deadline=$((SECONDS + 60)) v
	while v=$(status_of "$1") || return; do
		[[ $2 == + && $v -ge 1 || $v == "$2" ]] && return 0
		((SECONDS < deadline)) || { echo "# $1 stayed $v"; return 1; }
		sleep 0.1
	done
}

authd_pid=''
authd_start() {
	"$authd_bin" >>"$tmp/authd.log" 2>&1 &
	authd_pid=$!
	await_status "authority port" +
}

cleanup() {
	[[ -n $authd_pid ]] && kill -KILL "$authd_pid" 2>/dev/null
	dc_stop
	"$ctl" domain del "$DC_DOMAIN" 2>/dev/null
	"$ctl" account flush
	[[ -n ${saved_timeout:-} ]] && echo "$saved_timeout" >"$param"
	rm -rf "$tmp"
}

tmp=$(mktemp -d)
trap cleanup EXIT
echo "TAP version 13"
saved_timeout=$(cat $param)

# Domain users: bob; carol disabled; dave expired; alice, also a local user.
started=$SECONDS
check "domain users made with samba-tool" dc_tools 'user add bob B0b-Passw0rd' \
	'user add carol Car0l-Passw0rd' 'user disable carol' 'user add dave Dav3-Passw0rd' \
	'user setexpiry dave --days=0' 'user add alice Al1ce-Domain'
echo "# users made in $((SECONDS - started)) s"
started=$SECONDS
check "the DC starts and its winbindd answers" dc_start || done_
echo "# the DC answered in $((SECONDS - started)) s"
check "sspi-authd registers as the namespace's authority" authd_start
check "EXAMPLE is marked remote" "$ctl" domain add "$DC_DOMAIN"
check "a local account LOCAL\\alice" bash -c "echo Al1ce-Local | $ctl account add LOCAL alice"
# a local account in the remote domain must never be the one checked
check "a local account EXAMPLE\\alice too" bash -c "echo Al1ce-Local | $ctl account add EXAMPLE alice"

denied=SEC_E_LOGON_DENIED
no_authority=SEC_E_NO_AUTHENTICATING_AUTHORITY
for c in sspi gss; do
	logon $c EXAMPLE bob B0b-Passw0rd ok '' '' "$c: domain user EXAMPLE\\bob logs on, keys agree"
	logon $c EXAMPLE bob B0b-Passw0rd- $denied '' '' "$c: a wrong password: $denied"
	logon $c EXAMPLE carol Car0l-Passw0rd $denied '' '' "$c: a disabled account: $denied"
	logon $c EXAMPLE dave Dav3-Passw0rd $denied '' '' "$c: an expired account: $denied"
done
# names as the client spells them; the acceptor gives the account's own
logon sspi example BOB B0b-Passw0rd 'ok:EXAMPLE\bob' '' '' \
	"example\\BOB logs on as EXAMPLE\\bob, the domain's spelling"
logon sspi EXAMPLE alice Al1ce-Domain ok '' '' "EXAMPLE\\alice logs on with the domain's password"
logon sspi LOCAL alice Al1ce-Local ok '' '' "LOCAL\\alice logs on with the local password"
logon sspi EXAMPLE alice Al1ce-Local $denied '' '' \
	"EXAMPLE\\alice with the local account's password: $denied (the DC decides)"
logon sspi LOCAL alice Al1ce-Domain $denied '' '' \
	"LOCAL\\alice with the domain's password: $denied"

# The daemon alive but not answering: the logon waits the bound, then fails;
# a local logon meanwhile is not held up behind it.
bound_s=4
echo $((bound_s * 1000)) >$param
kill -STOP "$authd_pid"
/usr/bin/python3 selftests/domain/logon.py sspi EXAMPLE bob B0b-Passw0rd $no_authority \
	$bound_s $((bound_s + 60)) >"$tmp/waiting" 2>&1 &
waiting=$!
check "a domain logon waits for the stopped daemon" await_status "pass-through logons" +
logon sspi LOCAL alice Al1ce-Local ok '' '' "meanwhile, a local logon goes through"
wait "$waiting"
result $? "no answer: $no_authority after the bound (authority_timeout_ms)" <"$tmp/waiting"

# The daemon killed while a logon waits for it (the bound far away): the
# logon fails at once, and nothing waits any more.
echo 600000 >$param
/usr/bin/python3 selftests/domain/logon.py sspi EXAMPLE bob B0b-Passw0rd $no_authority \
	0 60 >"$tmp/waiting" 2>&1 &
waiting=$!
check "a domain logon waits for the stopped daemon" await_status "pass-through logons" +
kill -KILL "$authd_pid"
wait "$authd_pid" 2>/dev/null
authd_pid=''
wait "$waiting"
result $? "daemon killed mid-logon: $no_authority, long before the bound" <"$tmp/waiting"
check "no logon waits for an authority any more" await_status "pass-through logons" 0
check "no authority is registered" await_status "authority port" 0
echo "$saved_timeout" >"$param"

check "sspi-authd registers again" authd_start
logon sspi EXAMPLE bob B0b-Passw0rd ok '' '' "domain logons work again"

# The DC stopped, the daemon up: winbind cannot be reached.
check "the DC stops" dc_stop
logon sspi EXAMPLE bob B0b-Passw0rd $no_authority 0 60 "DC stopped: $no_authority"
logon gss EXAMPLE bob B0b-Passw0rd $no_authority 0 60 "gss: DC stopped: $no_authority"
logon sspi LOCAL alice Al1ce-Local ok '' '' "DC stopped: a local logon goes through"

# The daemon stopped (SIGTERM): no authority at all.
kill -TERM "$authd_pid"
wait "$authd_pid"
check "sspi-authd exits 0 on SIGTERM" test $? = 0
authd_pid=''
logon sspi EXAMPLE bob B0b-Passw0rd $no_authority 0 60 "daemon stopped: $no_authority"
logon sspi LOCAL alice Al1ce-Local ok '' '' "daemon stopped: a local logon goes through"
if ((fails)); then
	sed 's/^/# sspi-authd: /' "$tmp/authd.log"
	tail -n 40 "$DC_DIR/samba.log" | sed 's/^/# samba: /'
fi
done_
