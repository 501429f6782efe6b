# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# TAP for the shell tests, sourced: result RC DESCRIPTION counts a test in
# $n (and a failure in $fails) and prints its line; stdin holds the details
# shown, as diagnostics, when it failed.
n=0 fails=0
result() { # $1: 0 for ok, $2: description; stdin: details shown on failure
	n=$((n + 1))
	if [[ $1 == 0 ]]; then
		echo "ok $n - $2"
	else
		fails=$((fails + 1))
		echo "not ok $n - $2"
		sed 's/^/# /'
	fi
}
