#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The in-kernel API, used by another module: loads sspi_consumer.ko, which
# then pins sspi.ko; runs its tests (a handshake between a kernel client and
# a kernel server, in a network namespace of their own) and passes their TAP
# on; unloads it and checks that sspi.ko is free again and leaked nothing.
# Runs in the test guest (selftests/run-guest) with sspi.ko loaded;
# SSPI_KERNEL (debian|debug) names the build of the consumer to load.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit

ko=build/selftests/kmod-${SSPI_KERNEL:-debian}/sspi_consumer.ko
dbg=/sys/kernel/debug/sspi_consumer
# shellcheck source=selftests/tap.sh
. selftests/tap.sh
exec </dev/null	# no test here gives details on stdin
objects() { cat /sys/kernel/debug/sspi/objects 2>/dev/null; }

echo "# --- consumer_test (${SSPI_KERNEL:-debian} kernel)"
echo "TAP version 13"
if [[ ! -d /sys/module/sspi ]]; then
	result 1 "sspi.ko is loaded"
	done_
fi
before=$(objects)
out=$(insmod "$ko" 2>&1)
result $? "insmod $ko"
if [[ ! -d /sys/module/sspi_consumer ]]; then
	echo "# $out"
	done_
fi
holders=$(ls /sys/module/sspi/holders 2>/dev/null)
[[ $holders == *sspi_consumer* ]]
result $? "sspi_consumer holds sspi.ko"
! rmmod sspi 2>/dev/null && [[ -d /sys/module/sspi ]]
result $? "sspi.ko cannot be unloaded under its consumer"
[[ -d /sys/module/sspi ]] || insmod "$SSPI_KO"	# for the tests that follow

# The module's TAP of its last run ($1: its exit status), numbered on into ours.
report() {
	local rc=$1 line plan='' k=0 bad=0

	while IFS= read -r line; do
		if [[ $line =~ ^(not\ )?ok\ [0-9]+\ (.*)$ ]]; then
			k=$((k + 1))
			[[ -z ${BASH_REMATCH[1]} ]]
			result $? "kernel: ${BASH_REMATCH[2]}"
			[[ -n ${BASH_REMATCH[1]} ]] && bad=1
		elif [[ $line =~ ^1\.\.([0-9]+)$ ]]; then
			plan=${BASH_REMATCH[1]}
		elif [[ $line == \#* ]]; then
			echo "$line"
		fi
	done <<<"$(cat "$dbg/result")"
	((rc == 0 && bad == 0)) && [[ -n $plan && $plan == "$k" && $k -gt 0 ]]
	result $? "the run succeeded and reported all of its $k tests (plan ${plan:-none})"
}

# The tests change the account store of the namespace they run in.
unshare --net sh -c "echo run >$dbg/run"
report $?
# Again as a task with a default credential (sspictl login, in a session
# keyring of its own): the in-kernel API takes its caller's.
password=$'P\xc3\xa4sswort-\xe2\x82\xac-1'	# the consumer's "Pässwort-€-1"
# shellcheck disable=SC2016 # expanded by the inner shell
keyctl session - sh -c 'printf "%s\n" "$0" | build/tools/sspictl login "LAB\\Alice" &&
	unshare --net sh -c "echo sso >$1/run"' "$password" "$dbg" 2>&1 | sed 's/^/# /'
report $?

rmmod sspi_consumer
result $? "rmmod sspi_consumer"
[[ -d /sys/module/sspi && ! -d /sys/module/sspi_consumer && $(cat /sys/module/sspi/refcnt) == 0 ]]
result $? "sspi.ko is loaded and free again"
if [[ -n $before ]]; then
	# Objects are freed after an RCU grace period.
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		[[ $(objects) == "$before" ]] && break
		sleep 0.5
	done
	[[ $(objects) == "$before" ]]
	result $? "the consumer left no credential or context behind"
fi
done_
