#!/bin/bash
# Stage 2 of the test VM: runs chrooted in the guest's overlay root (the host's
# files), from the job share /run/sspi-job that tools/vm/run filled. Prepares
# the system, runs the command, then leaves dmesg, kmemleak, taint and the exit
# status in the job share for the host to check.
set -u
job=/run/sspi-job
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
export SSPI_JOB_DIR=$job
vm_cmd='' vm_cwd=/ vm_shell=0 vm_stty=''
# shellcheck source=/dev/null # written by tools/vm/run: exports (SSPI_*, CI, ...) and vm_*
. $job/env

# The virtio-serial ports named sspi.out/sspi.err are the host's stdout/stderr.
for p in /sys/class/virtio-ports/*; do
	read -r name <"$p/name"
	case $name in
	sspi.out) exec >"/dev/${p##*/}" ;;
	sspi.err) exec 2>"/dev/${p##*/}" ;;
	esac
done

# What the kernel logged and its taint before anything of the test ran: a
# problem there is the kernel's own while booting (tools/vm/run notes it).
dmesg >$job/dmesg-boot
cat /proc/sys/kernel/tainted >$job/tainted-boot
echo sspi-vm >/proc/sys/kernel/hostname
ip link set lo up
read -r kver </proc/sys/kernel/osrelease
if [[ -d /lib/modules/$kver ]]; then
	# What sspi.ko and the tests need, where it is modular; absent/built-in: fine
	# (modprobe -a goes on past a missing one).
	modprobe -q -a md4 des_generic ecb libarc4 af_alg algif_hash algif_skcipher crypto_user || true
fi

status=
if [[ -n ${SSPI_KO:-} ]] && ! out=$(insmod "$SSPI_KO" 2>&1); then
	echo "insmod ${SSPI_KO##*/} failed: $out" >$job/error
	status=1
elif ! cd "$vm_cwd"; then
	echo "cannot cd to $vm_cwd in the guest" >$job/error
	status=1
elif ((vm_shell)); then
	# shellcheck disable=SC2086 # "rows R cols C" from the host's terminal
	stty $vm_stty </dev/ttyS0 2>/dev/null
	setsid -c bash -i </dev/ttyS0 >/dev/ttyS0 2>&1
	status=$?
else
	bash -c "$vm_cmd" </dev/null
	status=$?
fi

# kmemleak reports an object only from its second scan, and only if it was
# over 5 s old when that scan started (a scan takes ~4 s per GB under TCG).
if [[ -w /sys/kernel/debug/kmemleak ]]; then
	end=$EPOCHSECONDS
	echo scan >/sys/kernel/debug/kmemleak
	((EPOCHSECONDS > end + 6)) || sleep $((end + 6 - EPOCHSECONDS))
	echo scan >/sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak >$job/kmemleak
fi
dmesg >$job/dmesg
cat /proc/sys/kernel/tainted >$job/tainted
echo "$status" >$job/status   # last: its presence means the rest is there
