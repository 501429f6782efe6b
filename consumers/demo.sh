#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make smb: in the test guest with sspi.ko loaded, the sspi-patched ksmbd
# serves a share and the sspi-patched cifs mounts it; both sides of the
# NTLMSSP exchange are sspi.ko's. Shows what each side logged.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=consumers/lib.sh
. consumers/lib.sh

user=alice pass='Correct-Horse-7'
smb_system
ksmbd_config "$user" "$pass"
echo "$pass" | "$sspictl" account add '' "$user"
ksmbd_start sspi
insmod "$mods/sspi/fs/smb/client/cifs.ko"
echo "Hello through sspi.ko" >"$kshare_here/hello.txt"
set -x
mount -t cifs //127.0.0.1/share /mnt/smb -o "username=$user,password=$pass,ip=127.0.0.1,vers=3.1.1,seal"
grep ' /mnt/smb ' /proc/mounts
cat /mnt/smb/hello.txt
date >/mnt/smb/written-by-cifs.txt
cat "$kshare_here/written-by-cifs.txt"
umount /mnt/smb
set +x
rmmod cifs
ksmbd_stop
echo "ksmbd and cifs authenticated through sspi.ko"
