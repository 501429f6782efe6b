#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Debian packages (`make deb`, build/deb) on a machine, as an
# administrator installs them: in a guest of Debian's kernel booted without
# sspi.ko (tools/check runs `tools/vm/run --kernel debian -- THIS`, no
# --module), with Debian's linux-headers for that kernel from the host's
# root (the guest's overlay keeps every dpkg write to itself). dpkg -i of
# the four packages, DKMS building and installing sspi.ko, then without any
# insmod: the first libsspi call loads the module (its generic netlink
# family alias), sspictl adds an account, sspi-authd registers, a program
# built with `cc prog.c $(pkg-config --cflags --libs sspi)` against the
# installed headers completes a handshake, and apt-get remove takes it all
# out again;
# `dkms status` at each step. Prints how long DKMS took. TAP.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit

# dpkg -i on the host would install for real: only in the test guest.
if [[ ! -f /run/sspi-job/env || $(</proc/sys/kernel/hostname) != sspi-vm ]]; then
	echo "package_test.sh: runs in the test guest only (tools/vm/run)" >&2
	exit 2
fi

version=$(<VERSION)
kver=$(uname -r)
debs=(build/deb/sspi-dkms_"$version"_all.deb build/deb/libsspi1_"$version"_*.deb
      build/deb/libsspi-dev_"$version"_*.deb build/deb/sspi-tools_"$version"_*.deb)
packages=(sspi-dkms libsspi1 libsspi-dev sspi-tools)
dkms_ko=/lib/modules/$kver/updates/dkms/sspi.ko
export DEBIAN_FRONTEND=noninteractive
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=selftests/tap.sh
. selftests/tap.sh
# Runs a command with its output in $out, each line with the seconds since
# it started; shown (as TAP comments) if it fails. $out is in the job
# directory, which tools/vm/run keeps when the test fails (or with --job).
out=${SSPI_JOB_DIR:-$tmp}/package_test.out
logged() {
	local t0=$EPOCHSECONDS line rc

	echo "\$ $*" >>"$out"
	"$@" 2>&1 | while IFS= read -r line; do
		printf '%4ds %s\n' $((EPOCHSECONDS - t0)) "$line"
	done >"$tmp/step"
	rc=${PIPESTATUS[0]}
	cat "$tmp/step" >>"$out"
	((rc == 0)) && return
	sed 's/^/# /' "$tmp/step"
	return "$rc"
}
dkms_status() { dkms status -m sspi 2>&1; }
loaded() { [[ -d /sys/module/sspi ]]; }
none_installed() { # dpkg knows none of the packages as installed
	local p status

	for p in "${packages[@]}"; do
		status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)
		[[ -z $status || $status == not-installed || $status == config-files ]] || return 1
	done
}

echo "TAP version 13"
check "build/deb holds the four packages of version $version (make deb)" \
	test "$(ls "${debs[@]}" 2>/dev/null | wc -l)" = 4
# The test kernel's module tree is bound over /lib/modules/$kver in the
# guest, hiding the build and source links linux-headers-$kver installs there.
check "Debian's linux-headers-$kver is installed" \
	test "$(dpkg-query -W -f='${db:Status-Status}' "linux-headers-$kver")" = installed
ln -sfn "/usr/src/linux-headers-$kver" "/lib/modules/$kver/build"
ln -sfn "/usr/src/linux-headers-${kver%-*}-common" "/lib/modules/$kver/source"
# DKMS uses <(...), which needs the /dev/fd that udev makes on a real machine.
[[ -e /dev/fd ]] || ln -s /proc/self/fd /dev/fd
# The kernel's request_module() runs /proc/sys/kernel/modprobe from the
# initial root, here the initramfs under the overlay (tools/vm/init leaves
# the overlay as pid 1's cwd): a helper there runs the host's modprobe in the
# overlay, so that modules autoload as on a real machine.
printf '#!/bin/busybox sh\nexec /bin/busybox chroot /proc/1/cwd /sbin/modprobe "$@"\n' \
	>/proc/1/root/sspi-modprobe && chmod 755 /proc/1/root/sspi-modprobe &&
	echo /sspi-modprobe >/proc/sys/kernel/modprobe
# man-db's trigger would index every manual page of the host's root, over
# 9p: minutes under TCG, and not what is tested here.
rm -f /var/lib/man-db/auto-update
check "before: sspi.ko neither loaded nor installed" bash -c \
	'! [[ -d /sys/module/sspi ]] && ! modinfo sspi >/dev/null 2>&1'
check "before: dkms status knows no sspi" test -z "$(dkms_status)"

start=$EPOCHSECONDS
check "dpkg -i installs the four packages" logged dpkg -i "${debs[@]}"
echo "# dpkg -i, with DKMS building sspi.ko for $kver: $((EPOCHSECONDS - start)) s"
grep -E '^ *[0-9]+s (Building|Done|Processing|Setting up)' "$tmp/step" | sed 's/^/# /'
check "dkms status: sspi/$version installed for $kver" \
	grep -qx "sspi/$version, $kver, $(uname -m): installed" <<<"$(dkms_status)"
check "the module DKMS built is where modprobe finds it" \
	test "$(modinfo -n sspi 2>&1)" = "$dkms_ko"
check "its MODULE_VERSION is $version" test "$(modinfo -F version sspi 2>&1)" = "$version"
check "installing did not load it" bash -c '! [[ -d /sys/module/sspi ]]'

# A program of the user's, against what the packages installed.
check "<sspi.h> is the installed one" \
	grep -q ' "/usr/include/sspi.h"' <<<"$(echo '#include <sspi.h>' | cc -E - 2>&1)"
check "pkg-config --modversion sspi is $version" \
	test "$(pkg-config --modversion sspi 2>&1)" = "$version"
prog=$tmp/sspi_user
# shellcheck disable=SC2046 # pkg-config's flags are words
check "cc prog.c \$(pkg-config --cflags --libs sspi) builds" logged \
	cc -Wall -Wextra -Werror -o "$prog" selftests/deb/sspi_user.c $(pkg-config --cflags --libs sspi)
check "it runs on the installed libsspi.so.1" \
	grep -qE "libsspi.so.1 => (/usr)?/lib/$(gcc -print-multiarch)/libsspi.so.1 " <<<"$(ldd "$prog")"

# The first call: the kernel's genl controller lookup of "sspi" finds no
# family, request_module()s its alias, modprobe loads the DKMS module.
check "the first libsspi call loads the module and lists NTLM" \
	grep -qx NTLM <<<"$("$prog" packages 2>&1)"
check "the module loaded is DKMS's, version $version" \
	test "$(cat /sys/module/sspi/version 2>&1)" = "$version"
check "sspictl account add works" logged bash -c 'echo Secret1 | sspictl account add EXAMPLE alice'
check "sspictl account list shows the account" \
	grep -qx 'EXAMPLE\\alice' <<<"$(sspictl account list 2>&1)"
said=$("$prog" handshake EXAMPLE alice Secret1 2>&1)
check "the program completes a handshake as EXAMPLE\\alice and signs" \
	grep -qx 'authenticated EXAMPLE\\alice' <<<"$said" || echo "# $said"
said=$("$prog" handshake EXAMPLE alice Wrong 2>&1)
check "a wrong password is SEC_E_LOGON_DENIED" test "$said" = "status 0x8009030c"
check "the bash completion offers sspictl's account commands" bash -c '
	. /usr/share/bash-completion/completions/sspictl
	COMP_WORDS=(sspictl account "") COMP_CWORD=2
	_sspictl
	test "${COMPREPLY[*]}" = "add del list unlock load flush"'
check "man sspictl finds the installed page" test "$(man -w sspictl 2>&1)" = \
	/usr/share/man/man8/sspictl.8.gz
check "the bash completion offers sspictl's domain commands" bash -c '
	. /usr/share/bash-completion/completions/sspictl
	COMP_WORDS=(sspictl domain "") COMP_CWORD=2
	_sspictl
	test "${COMPREPLY[*]}" = "add del list"'
check "sspi-authd.service starts the installed daemon" \
	test "$(sed -n 's/^ExecStart=//p' /lib/systemd/system/sspi-authd.service)" = \
	"$(command -v sspi-authd)"
# shellcheck disable=SC2016 # expanded by the inner shell
check "the installed sspi-authd registers as its namespace's authority, and stops" \
	unshare --net bash -c '
	sspi-authd --verbose 2>"$1" & pid=$!
	for ((i = 0; i < 300; i++)); do
		grep -q "authority of this network namespace" "$1" && break
		sleep 0.1
	done
	sspictl status | grep -Eq "^  authority port +[1-9]" || exit 1
	kill -TERM $pid && wait $pid && test "$(sspictl status | awk "/authority port/ { print \$3 }")" = 0
	' - "$tmp/authd.log"

check "apt-get remove takes the four packages out" \
	logged apt-get remove -y "${packages[@]}"
check "after: dpkg has none of them installed" none_installed
check "after: sspi.ko is unloaded" bash -c '! [[ -d /sys/module/sspi ]]'
check "after: sspi.ko is gone from /lib/modules" bash -c \
	"! [[ -e $dkms_ko ]] && ! modinfo sspi >/dev/null 2>&1"
check "after: dkms status knows no sspi" test -z "$(dkms_status)"
check "after: /usr/src/sspi-$version is gone" test ! -e "/usr/src/sspi-$version"

echo "1..$n"
exit $((fails > 0))
