#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SMB in the kernel through sspi.ko, against SMB software written elsewhere:
#   - Samba's smbclient to the sspi-patched ksmbd (SMB 3.1.1, 3.0, 2.1;
#     signing required, encryption on where the dialect has it)
#   - the sspi-patched cifs to Samba's smbd (signing mandatory; sign, seal)
#   - Debian's stock cifs to the sspi-patched ksmbd, and the sspi-patched
#     cifs to a ksmbd doing its own NTLM check: each side's session key is
#     checked by an implementation that is not sspi's
#   - 100 mounts and unmounts, then no live sspi object
#   - handshakes left half-open hold a bounded number of small contexts
# Wrong passwords fail: NT_STATUS_LOGON_FAILURE, mount error 13 (EACCES).
# Runs in the test guest with sspi.ko loaded (tools/vm/run --module):
#   tools/vm/run --kernel debian --smp 1 --module build/kmod-debian/sspi.ko \
#       -- consumers/smb_test.sh
# SSPI_KERNEL (debian) names the build of the modules (build/consumers-K).
set -uo pipefail
cd "$(dirname "$0")/.." || exit

# shellcheck source=consumers/lib.sh
. consumers/lib.sh
user=alice pass='Correct-Horse-7' bad='Wrong-Horse-7'
# ksmbd.mountd's password for the user: only the compat ksmbd checks it
mpass='Mountd-Only-9'
work=$smb_work

# shellcheck source=selftests/tap.sh
. selftests/tap.sh
exec </dev/null	# no test here gives details on stdin
note() { sed 's/^/# /'; }
objects() { cat /sys/kernel/debug/sspi/objects 2>/dev/null; }
# Until every sspi object is gone (freed after an RCU grace period).
no_objects() {
	for _ in $(seq 20); do
		[[ $(objects) == $'credentials 0\ncontexts 0' ]] && return 0
		sleep 0.25
	done
	[[ $(objects) == $'credentials 0\ncontexts 0' ]]
}

echo "# --- consumers/smb_test (${SSPI_KERNEL:-debian} kernel)"
echo "TAP version 13"
for f in "$mods/sspi/fs/smb/client/cifs.ko" "$mods/sspi/fs/smb/server/ksmbd.ko" \
	"$mods/compat/fs/smb/server/ksmbd.ko" "$ksmbd_tools/ksmbd.mountd" "$sspictl"; do
	[[ -e $f ]] || { result 1 "$f exists (make consumers; tools/setup.sh)"; done_; }
done

smb_system
result $? "SMB's dependencies loaded"
echo "$pass" | "$sspictl" account add '' "$user"
result $? "sspi account for $user (any domain)"
ksmbd_config "$user" "$mpass"
result $? "ksmbd.mountd's user $user"

# smbclient: put a file and get it back; $1: protocol, $2...: more options
smbclient_roundtrip() {
	local proto=$1 data out
	shift
	data=$work/put.$proto out=$work/got.$proto
	head -c 100000 /dev/urandom >"$data"
	rm -f "$out"
	smbclient //127.0.0.1/share -U "$user%$pass" -m "$proto" \
		--option="client min protocol=$proto" \
		--option='client signing=required' "$@" \
		-c "put $data f.$proto; get f.$proto $out" 2>&1 | note
	cmp -s "$data" "$out" && cmp -s "$data" "$kshare_here/f.$proto"
}

# cifs: mount, write, read back, unmount; $1: share, $2: mount options
cifs_roundtrip() {
	local data=$work/cifs.data err
	head -c 100000 /dev/urandom >"$data"
	if ! err=$(mount -t cifs "$1" /mnt/smb -o "$2" 2>&1); then
		echo "$err" | note
		return 1
	fi
	cp "$data" /mnt/smb/cifs.data && sync && echo 3 >/proc/sys/vm/drop_caches &&
		cmp -s "$data" /mnt/smb/cifs.data
	local rc=$?
	umount /mnt/smb || rc=1
	return $rc
}

# A mount that must fail with EACCES, as cifs logs it.
mount_refused() { # $1: share, $2: options
	local err lines
	lines=$(dmesg | wc -l)
	if err=$(mount -t cifs "$1" /mnt/smb -o "$2" 2>&1); then
		umount /mnt/smb
		return 1
	fi
	echo "$err" | note
	dmesg | tail -n +$((lines + 1)) | grep -q 'cifs_mount failed w/return code = -13'
}

opts="username=$user,password=$pass,ip=127.0.0.1"

if ksmbd_start sspi; then
	result 0 "the sspi ksmbd serves"
	for proto in SMB3_11 SMB3_00 SMB2_10; do
		enc=()
		[[ $proto == SMB3* ]] && enc=(--option='client smb encrypt=required')
		smbclient_roundtrip "$proto" "${enc[@]}"
		result $? "smbclient -> sspi ksmbd: put and get with $proto, signing required${enc:+, encrypted}"
	done
	out=$(smbclient //127.0.0.1/share -U "$user%$bad" -m SMB3 -c ls 2>&1)
	grep -q NT_STATUS_LOGON_FAILURE <<<"$out"
	result $? "smbclient -> sspi ksmbd: a wrong password gets NT_STATUS_LOGON_FAILURE"
	echo "$out" | note
	out=$(smbclient //127.0.0.1/share -U "$user%$mpass" -m SMB3 -c ls 2>&1)
	grep -q NT_STATUS_LOGON_FAILURE <<<"$out"
	result $? "smbclient -> sspi ksmbd: ksmbd.mountd's password is not consulted"
	echo "$out" | note

	insmod "$mods/sspi/fs/smb/client/cifs.ko"
	result $? "insmod the sspi cifs"
	holders=$(ls /sys/module/sspi/holders)
	grep -qx cifs <<<"$holders" && grep -qx ksmbd <<<"$holders"
	result $? "cifs and ksmbd hold sspi.ko (holders: ${holders//$'\n'/ })"
	cifs_roundtrip //127.0.0.1/share "$opts,vers=3.1.1,seal"
	result $? "sspi cifs -> sspi ksmbd: mount, write, read back (3.1.1, seal)"
	cifs_roundtrip //127.0.0.1/share "$opts,vers=3.0,sign"
	result $? "sspi cifs -> sspi ksmbd: mount, write, read back (3.0, sign)"
	mount_refused //127.0.0.1/share "username=$user,password=$bad,ip=127.0.0.1"
	result $? "sspi cifs -> sspi ksmbd: a wrong password fails the mount (error 13)"

	# sspi objects are the session setups' only: none left once unmounted
	before=$(objects)
	loop_ok=0
	for i in $(seq 100); do
		if ! mount -t cifs //127.0.0.1/share /mnt/smb -o "$opts,vers=3.1.1" ||
			! umount /mnt/smb; then
			loop_ok=1
			echo "# round $i failed"
			break
		fi
	done
	result $loop_ok "100 rounds of mount and unmount"
	rmmod cifs
	result $? "rmmod the sspi cifs"
	ksmbd_stop
	result $? "the sspi ksmbd stopped and unloaded"
	no_objects
	result $? "no live sspi object after the loop (before: ${before//$'\n'/, }; now: $(objects | paste -sd,))"

	# Debian's cifs: its NTLM is its own. Its NEGOTIATE is refused until
	# the parser's part of issue 13 is in: this says so instead of failing.
	consumers/stock_cifs_negotiate.py
	probe=$?
	if ((probe == 0)); then
		if ksmbd_start sspi; then
			modprobe cifs
			cifs_roundtrip //127.0.0.1/share "$opts,vers=3.1.1,seal"
			result $? "stock cifs -> sspi ksmbd: mount, write, read back (3.1.1, seal)"
			cifs_roundtrip //127.0.0.1/share "$opts,vers=2.1,sign"
			result $? "stock cifs -> sspi ksmbd: mount, write, read back (2.1, sign)"
			rmmod cifs
		else
			result 1 "the sspi ksmbd serves again"
		fi
	elif ((probe == 1)); then
		echo "ok $((n += 1)) stock cifs -> sspi ksmbd # SKIP sspi refuses stock cifs's 44-byte NEGOTIATE (issue 13, parser)"
	else
		result 1 "sspi_peer answers stock cifs's NEGOTIATE"
	fi
	ksmbd_stop
else
	result 1 "the sspi ksmbd serves"
	ksmbd_stop
fi

# ---- handshakes left half-open ---------------------------------------------
# A remote client that sends NEGOTIATE and never AUTHENTICATE: each of its
# connections holds one sspi context (a new NEGOTIATE replaces it), ksmbd
# takes no more connections than its "max connections", and sspi refuses a
# NEGOTIATE longer than cbMaxToken (2888 bytes; ksmbd reads up to 16 KiB)
# instead of keeping it for the MIC. The kernel holds no more than max
# connections times a small context, and nothing once they close.
max_conn=16 long_negotiate=4000
conf=$smb_work/ksmbd.conf
sed -i "s/^\[share\]/\tmax connections = $max_conn\n&/" "$conf"
if ksmbd_start sspi; then
	out=$(consumers/halfopen.py $((max_conn + 8)) 40)
	echo "$out" | note
	[[ $(head -n 1 <<<"$out") == "answered $max_conn refused 0 dropped 8 contexts $max_conn" ]]
	result $? "sspi ksmbd: $((max_conn + 8)) half-open connections hold $max_conn contexts (max connections = $max_conn)"
	no_objects
	result $? "sspi ksmbd: their contexts freed with their connections"
	out=$(consumers/halfopen.py 1 40 50)
	echo "$out" | note
	[[ $(head -n 1 <<<"$out") == "answered 1 refused 0 dropped 0 contexts 1" ]]
	result $? "sspi ksmbd: 50 NEGOTIATEs on one connection hold one context"
	no_objects
	out=$(consumers/halfopen.py 1 "$long_negotiate")
	echo "$out" | note
	[[ $(head -n 1 <<<"$out") == "answered 0 refused 1 dropped 0 contexts 0" ]]
	result $? "sspi ksmbd: a NEGOTIATE of $long_negotiate bytes is refused and holds nothing"
else
	result 1 "the sspi ksmbd serves with max connections = $max_conn"
fi
ksmbd_stop
sed -i '/max connections/d' "$conf"

# ---- ksmbd doing its own NTLM check (Debian's, with the two fixes) ---------
if ksmbd_start compat; then
	insmod "$mods/sspi/fs/smb/client/cifs.ko"
	mopts="username=$user,password=$mpass,ip=127.0.0.1"
	cifs_roundtrip //127.0.0.1/share "$mopts,vers=3.1.1,seal"
	result $? "sspi cifs -> ksmbd's own NTLM: mount, write, read back (3.1.1, seal)"
	cifs_roundtrip //127.0.0.1/share "$mopts,vers=2.1,sign"
	result $? "sspi cifs -> ksmbd's own NTLM: mount, write, read back (2.1, sign)"
	rmmod cifs
else
	result 1 "the compat ksmbd serves"
fi
ksmbd_stop

# ---- Samba's smbd -----------------------------------------------------------
s=$work/samba
mkdir -p "$s"/{private,lock,state,cache,pid,ncalrpc,share}
chmod 777 "$s/share"
cat >"$s/smb.conf" <<EOF
[global]
	workgroup = SAMBA
	server role = standalone server
	passdb backend = tdbsam:$s/private/passdb.tdb
	private dir = $s/private
	lock directory = $s/lock
	state directory = $s/state
	cache directory = $s/cache
	pid directory = $s/pid
	ncalrpc dir = $s/ncalrpc
	interfaces = lo
	bind interfaces only = yes
	smb ports = 445
	server signing = mandatory
	log level = 1
	log file = $s/log.%m
[share]
	path = $s/share
	read only = no
EOF
printf '%s\n%s\n' "$pass" "$pass" | smbpasswd -c "$s/smb.conf" -s -a "$user" 2>&1 | note
result $? "Samba user $user (tdbsam)"
# its own session: smbd signals its process group when it ends
setsid smbd -F --no-process-group -s "$s/smb.conf" </dev/null >"$s/smbd.out" 2>&1 &
smbd_pid=$!
for _ in $(seq 100); do
	ss -Hltn 'sport = :445' | grep -q . && break
	sleep 0.1
done
insmod "$mods/sspi/fs/smb/client/cifs.ko"
cifs_roundtrip //127.0.0.1/share "$opts,vers=3.1.1,sign"
result $? "sspi cifs -> smbd: mount, write, read back (3.1.1, sign)"
cifs_roundtrip //127.0.0.1/share "$opts,vers=3.0,seal"
result $? "sspi cifs -> smbd: mount, write, read back (3.0, seal)"
cifs_roundtrip //127.0.0.1/share "$opts,vers=2.1,sign"
result $? "sspi cifs -> smbd: mount, write, read back (2.1, sign)"
mount_refused //127.0.0.1/share "username=$user,password=$bad,ip=127.0.0.1"
result $? "sspi cifs -> smbd: a wrong password fails the mount (error 13)"
rmmod cifs
kill "$smbd_pid"
wait "$smbd_pid" 2>/dev/null

# ---- the CHALLENGE in ksmbd's small response buffer -------------------------
# With a 63-character host and domain name sspi's CHALLENGE, wrapped in
# SPNEGO, outgrows the 448-byte buffer ksmbd writes it to: the session setup
# must fail cleanly, and succeed again with short names.
long=$(printf 'N%.0s' $(seq 63))
if rmmod sspi && insmod "$SSPI_KO" domain="$long"; then
	short=$(cat /proc/sys/kernel/hostname)
	echo "$long" >/proc/sys/kernel/hostname
	echo "$pass" | "$sspictl" account add '' "$user"
	if ksmbd_start sspi; then
		lines=$(dmesg | wc -l)
		out=$(smbclient //127.0.0.1/share -U "$user%$pass" -m SMB3 -c ls 2>&1)
		echo "$out" | note
		grep -q NT_STATUS_INSUFFICIENT_RESOURCES <<<"$out" &&
			dmesg | tail -n +$((lines + 1)) | grep -q 'NTLMSSP challenge of [0-9]* bytes, room for'
		result $? "sspi ksmbd: a CHALLENGE too big for the response buffer fails the session setup"
		echo "$short" >/proc/sys/kernel/hostname
		ksmbd_stop
	else
		result 1 "the sspi ksmbd serves with long names"
	fi
	echo "$short" >/proc/sys/kernel/hostname
	rmmod sspi && insmod "$SSPI_KO"
	result $? "sspi.ko reloaded with its default domain"
else
	result 1 "sspi.ko reloaded with a 63-character domain"
fi
done_
