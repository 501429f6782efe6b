#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Captures the NTLMSSP tokens SMB clients send, in the test guest: starts
Samba's smbd on loopback (a standalone smb.conf under a temporary directory,
one tdbsam user, SMB1 allowed), listens on lo with an AF_PACKET socket, and
runs the clients against it:
  cifs-smb3, cifs-smb1   Linux's cifs.ko: mount -o vers=3.0 and vers=1.0
  smbclient              Samba's smbclient -m SMB3 (NTLMSSP inside SPNEGO)
It writes the NEGOTIATE and AUTHENTICATE of each client's SESSION_SETUP
requests, and smbd's CHALLENGE, as CLIENT-KIND.hex into OUTDIR (see
capture.py for the format). The guest's root is a throwaway overlay, so
OUTDIR is the job directory, copied here afterwards:

  tools/vm/run --kernel debian --smp 1 --job /tmp/smb-job -- \
      'selftests/ntlm/clients/capture-smb.py $SSPI_JOB_DIR'
  cp /tmp/smb-job/*.hex selftests/ntlm/clients/

Runs as root in the guest only: it adds a user and loads modules.
"""
import os
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

DOMAIN, USER, PASSWORD = 'CAPTURE', 'dana', 'Sp3cim3n-tokens'
ETH_P_ALL = 0x0003
KINDS = {1: 'negotiate', 2: 'challenge', 3: 'authenticate'}


def smb_conf(top):
    dirs = {d: os.path.join(top, d) for d in ('private', 'lock', 'state', 'cache', 'pid',
                                              'ncalrpc', 'share')}
    for d in dirs.values():
        os.makedirs(d, exist_ok=True)
    os.chmod(dirs['share'], 0o777)
    conf = os.path.join(top, 'smb.conf')
    with open(conf, 'w', encoding='ascii') as f:
        f.write('''[global]
workgroup = %s
netbios name = CAPTURESRV
server role = standalone server
passdb backend = tdbsam:%s/passdb.tdb
private dir = %s
lock directory = %s
state directory = %s
cache directory = %s
pid directory = %s
ncalrpc dir = %s
interfaces = lo
bind interfaces only = yes
server min protocol = NT1
ntlm auth = ntlmv2-only
log level = 1
[share]
path = %s
read only = no
''' % (DOMAIN, dirs['private'], dirs['private'], dirs['lock'], dirs['state'], dirs['cache'],
            dirs['pid'], dirs['ncalrpc'], dirs['share']))
    return conf


class Sniffer(threading.Thread):
    """TCP payloads sent to port 445 on lo, and from it, in order."""

    def __init__(self):
        super().__init__(daemon=True)
        self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        self.sock.bind(('lo', 0))
        self.sock.settimeout(0.2)
        self.payloads = []
        self.stop = False

    def run(self):
        while not self.stop:
            try:
                frame, addr = self.sock.recvfrom(65536)
            except socket.timeout:
                continue
            if addr[2] == socket.PACKET_OUTGOING:     # lo shows each frame twice
                continue
            ip = frame[14:]
            if len(ip) < 20 or ip[0] >> 4 != 4 or ip[9] != 6:
                continue
            ihl = (ip[0] & 15) * 4
            tcp = ip[ihl:struct.unpack('>H', ip[2:4])[0]]
            sport, dport = struct.unpack('>HH', tcp[:4])
            data = tcp[(tcp[12] >> 4) * 4:]
            if data and 445 in (sport, dport):
                self.payloads.append((dport == 445, data))


def security_blob(smb):
    """The security buffer of an SMB1 or SMB2 SESSION_SETUP, or None."""
    if smb[:4] == b'\xfeSMB' and struct.unpack_from('<H', smb, 12)[0] == 1:
        body = 64
        if struct.unpack_from('<H', smb, 64)[0] == 25:          # request
            off, ln = struct.unpack_from('<HH', smb, body + 12)
        else:                                                   # response
            off, ln = struct.unpack_from('<HH', smb, body + 4)
        return smb[off:off + ln]
    if smb[:4] == b'\xffSMB' and smb[4] == 0x73:
        words = smb[32]
        if words == 12:                                         # request
            ln = struct.unpack_from('<H', smb, 33 + 14)[0]
        elif words == 4:                                        # response
            ln = struct.unpack_from('<H', smb, 33 + 6)[0]
        else:
            return None
        start = 33 + 2 * words + 2
        return smb[start:start + ln]
    return None


def ntlmssp(blob):
    """The NTLMSSP token in a security buffer: all of it (cifs sends it raw),
    or the DER OCTET STRING that holds it inside SPNEGO."""
    at = blob.find(b'NTLMSSP\0')
    if at <= 0:
        return blob if at == 0 else None
    for hdr in (2, 3, 4):       # 04 LEN, 04 81 LEN, 04 82 LEN LEN
        if at < hdr or blob[at - hdr] != 0x04:
            continue
        if hdr == 2 and blob[at - 1] < 0x80:
            ln = blob[at - 1]
        elif hdr > 2 and blob[at - hdr + 1] == 0x80 + hdr - 2:
            ln = int.from_bytes(blob[at - hdr + 2:at], 'big')
        else:
            continue
        if at + ln <= len(blob):
            return blob[at:at + ln]
    return None


def tokens(payloads):
    """(to_server, token) of every SESSION_SETUP that carries NTLMSSP."""
    out = []
    for to_server, data in payloads:
        at = 0
        while at + 4 <= len(data):
            ln = struct.unpack('>I', data[at:at + 4])[0] & 0xffffff
            blob = security_blob(data[at + 4:at + 4 + ln])
            at += 4 + ln
            token = ntlmssp(blob) if blob else None
            if token:
                out.append((to_server, token))
    return out


def write(outdir, name, token, note):
    kind = KINDS.get(token[8], 'unknown')
    path = os.path.join(outdir, '%s-%s.hex' % (name, kind))
    with open(path, 'w', encoding='ascii') as f:
        f.write('# %s %s_MESSAGE, %d bytes, %s\n' % (name, kind.upper(), len(token), note))
        f.write('# captured by selftests/ntlm/clients/capture-smb.py on lo, in the test guest\n')
        for i in range(0, len(token), 32):
            f.write(token[i:i + 32].hex() + '\n')
    print(path)


def samba_version():
    r = subprocess.run(['smbd', '--version'], capture_output=True, text=True)
    return r.stdout.strip().replace('Version ', '') or '?'


def main(outdir):
    release = os.uname().release
    for mod in ('cmac', 'ccm', 'gcm', 'ctr', 'ghash-generic', 'sha512_generic', 'md4', 'des_generic',
                'cifs'):
        subprocess.run(['modprobe', mod], check=False)
    subprocess.run(['useradd', '-M', USER], check=False)
    top = tempfile.mkdtemp(prefix='capture-smb-')
    os.chmod(top, 0o755)        # the share is reached as the user
    conf = smb_conf(top)
    subprocess.run(['smbpasswd', '-c', conf, '-s', '-a', USER],
                   input='%s\n%s\n' % (PASSWORD, PASSWORD), text=True, check=True)
    # its own session: at exit smbd signals its whole process group
    smbd = subprocess.Popen(['smbd', '-F', '--no-process-group', '-s', conf, '--debug-stdout'],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    for _ in range(100):
        try:
            socket.create_connection(('127.0.0.1', 445), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    mnt = os.path.join(top, 'mnt')
    os.makedirs(mnt)
    sniffer = Sniffer()
    sniffer.start()
    failed = 0
    try:
        smbclient = ['smbclient', '//127.0.0.1/share', '-m', 'SMB3', '-U',
                     '%s\\%s%%%s' % (DOMAIN, USER, PASSWORD), '-c', 'ls']
        runs = [('cifs-smb%s' % v[0], 'Linux %s cifs.ko, mount -o vers=%s,sec=ntlmssp'
                 % (release, v),
                 ['mount', '-t', 'cifs', '//127.0.0.1/share', mnt, '-o',
                  'username=%s,password=%s,domain=%s,vers=%s,sec=ntlmssp'
                  % (USER, PASSWORD, DOMAIN, v)]) for v in ('3.0', '1.0')]
        runs.append(('smbclient', 'Samba %s smbclient -m SMB3' % samba_version(), smbclient))
        for name, what, argv in runs:
            before = len(sniffer.payloads)
            r = subprocess.run(argv, capture_output=True, text=True)
            if r.returncode == 0 and argv[0] == 'mount':
                subprocess.run(['umount', mnt], check=False)
            time.sleep(0.5)     # the sniffer reads what is queued on its socket
            got = tokens(sniffer.payloads[before:])
            note = 'from %s against Samba\'s smbd (%s)' % (
                what, 'succeeded' if r.returncode == 0 else
                'failed: ' + ((r.stderr.strip() or r.stdout.strip() or '?').splitlines()[0]))
            if not got:
                print('%s: no NTLMSSP token seen (%s)' % (name, note), file=sys.stderr)
                failed += 1
            seen = set()
            for to_server, token in got:
                kind = token[8]
                if kind in seen or (kind == 2) == to_server:
                    continue
                seen.add(kind)
                write(outdir, name, token, note)
    finally:
        sniffer.stop = True
        smbd.terminate()
        smbd.wait(timeout=10)
    return 1 if failed else 0


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit('usage: capture-smb.py OUTDIR')
    sys.exit(main(sys.argv[1]))
