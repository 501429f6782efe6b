# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034 # variables for the scripts that source it
# What the SMB guest scripts (smb_test.sh, demo.sh) share: where things are,
# the system SMB needs, and ksmbd started and stopped. Sourced from the top
# of the tree, in the test guest with sspi.ko loaded.

mods=$PWD/build/consumers-${SSPI_KERNEL:-debian}
ksmbd_tools=${SSPI_CACHE:-/var/cache/sspi}/ksmbd-tools/usr/sbin
sspictl=$PWD/build/tools/sspictl
smb_work=/run/smb	# the guest's, fresh each boot
# ksmbd's kernel threads resolve paths from PID 1's root (the initramfs),
# not from ours: its share lives there, reached by us through /proc/1/root.
kshare=/ksmbd-share
kshare_here=/proc/1/root$kshare

# Kernel-requested module loads cannot find the guest's modules: SMB's
# ciphers and hashes first (without cmac(aes) cifs oopses signing SMB 2.1).
# Loading and unloading Debian's cifs and ksmbd leaves their dependencies.
smb_system() {
	modprobe -a cmac ccm gcm ctr ghash-generic sha512_generic aes_generic &&
		modprobe cifs && rmmod cifs && modprobe ksmbd && rmmod ksmbd &&
		mkdir -p "$smb_work" "$kshare_here" /mnt/smb
}

# $1 $2: a user and password ksmbd.mountd maps (and the compat ksmbd checks)
ksmbd_config() {
	cat >"$smb_work/ksmbd.conf" <<-EOT
	[global]
		netbios name = SSPIVM
		server signing = mandatory
		smb3 encryption = auto
	[share]
		path = $kshare
		read only = no
		force user = root
		force group = root
	EOT
	id -u "$1" >/dev/null 2>&1 || useradd -M "$1" || return
	"$ksmbd_tools/ksmbd.adduser" -a "$1" -p "$2" -i "$smb_work/ksmbdpwd.db" \
		-c "$smb_work/ksmbd.conf" >/dev/null
}

# $1: which ksmbd.ko: sspi, compat (build/consumers-K), or stock (Debian's)
ksmbd_start() {
	if [[ $1 == stock ]]; then
		modprobe ksmbd || return
	else
		insmod "$mods/$1/fs/smb/server/ksmbd.ko" || return
	fi
	"$ksmbd_tools/ksmbd.mountd" -c "$smb_work/ksmbd.conf" -u "$smb_work/ksmbdpwd.db" || return
	# listening once mountd has started the server
	for _ in $(seq 100); do
		ss -Hltn 'sport = :445' | grep -q . && return 0
		sleep 0.1
	done
	return 1
}

# What counts is that the module is gone: the steps before may fail when
# a part is already down.
ksmbd_stop() {
	"$ksmbd_tools/ksmbd.control" -s >/dev/null 2>&1 || :
	for _ in $(seq 100); do
		rmmod ksmbd 2>/dev/null && break
		sleep 0.1
	done
	pkill -x ksmbd.mountd 2>/dev/null || :
	! [[ -d /sys/module/ksmbd ]]
}
