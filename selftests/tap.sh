# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# TAP for the shell tests, sourced: result RC DESCRIPTION... counts a test
# in $n (and a failure in $fails) and prints its line (check COMMAND does the
# same for a command's status); on failure, stdin
# holds the details shown as diagnostics (a script whose tests give none
# runs with stdin from /dev/null). done_ prints the plan and exits.
n=0 fails=0
result() { # $1: 0 for ok, $2...: description; stdin: details shown on failure
	local rc=$1
	shift
	n=$((n + 1))
	if ((rc == 0)); then
		echo "ok $n - $*"
	else
		fails=$((fails + 1))
		echo "not ok $n - $*"
		sed 's/^/# /'
	fi
}

# One test: ok when the command succeeds; returns the command's status.
check() { # $1: description; the rest: the command
	local what=$1 rc=0
	shift
	"$@" || rc=$?
	result "$rc" "$what" </dev/null
	return "$rc"
}

# The plan, last; exits 1 if any test failed.
done_() {
	echo "1..$n"
	exit $((fails != 0))
}
