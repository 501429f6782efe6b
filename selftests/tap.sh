# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# TAP for the shell tests that source it: result for each test, done_ last.
n=0 failed=0

result() { # $1: 0 for ok, $2...: description
	local rc=$1
	shift
	n=$((n + 1))
	if ((rc == 0)); then
		echo "ok $n $*"
	else
		failed=$((failed + 1))
		echo "not ok $n $*"
	fi
}

# The plan; exits 1 if any test failed.
done_() {
	echo "1..$n"
	exit $((failed != 0))
}
