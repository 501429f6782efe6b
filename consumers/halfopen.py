#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Half-open NTLMSSP handshakes against an SMB server on 127.0.0.1:445: what
a remote client that never sends AUTHENTICATE makes the server hold.

  halfopen.py CONNECTIONS TOKEN_BYTES [NEGOTIATES]

opens CONNECTIONS connections, each an SMB 2.1 NEGOTIATE then NEGOTIATES
(default 1) SESSION_SETUPs carrying an NTLMSSP NEGOTIATE_MESSAGE padded to
TOKEN_BYTES, and while all of them are still open prints one line:

  answered A refused R dropped D contexts C

A: connections whose last SESSION_SETUP got a CHALLENGE
(STATUS_MORE_PROCESSING_REQUIRED), R: those answered with another status,
D: those the server closed or never accepted, C: the live sspi contexts
(/sys/kernel/debug/sspi/objects) then. A context replaced or dropped leaves
that count after an RCU grace period: it is read until it comes down to A,
for 5 seconds at most. Raw SMB2, so that nothing of a client library's own
stands between the test and the server.
"""
import socket
import struct
import sys
import time

SMB2_NEGOTIATE, SMB2_SESSION_SETUP = 0, 1
STATUS_MORE_PROCESSING_REQUIRED = 0xC0000016
# stock cifs's flags: 56 128 KEY_EXCH VERSION EXT_SEC ALWAYS_SIGN NTLM SEAL
# SIGN REQ_TARGET UNICODE
NTLM_FLAGS = 0xE2088235


def ntlm_negotiate(size):
    """A NEGOTIATE_MESSAGE with VERSION and empty names, then zeros up to
    @size: MS-NLMP puts no bound on a message's payload."""
    msg = (b'NTLMSSP\0' + struct.pack('<II', 1, NTLM_FLAGS) +
           struct.pack('<HHI', 0, 0, 40) * 2 + bytes([6, 1]) +
           struct.pack('<H', 7601) + bytes(3) + bytes([15]))
    return msg + bytes(max(0, size - len(msg)))


class Conn:
    def __init__(self):
        self.sock = socket.create_connection(('127.0.0.1', 445), timeout=10)
        self.mid = 0

    def call(self, command, body):
        hdr = struct.pack('<4sHHIHHIIQIIQ16s', b'\xfeSMB', 64, 1, 0, command, 64,
                          0, 0, self.mid, 0, 0, 0, bytes(16))
        self.mid += 1
        pdu = hdr + body
        self.sock.sendall(struct.pack('>I', len(pdu)) + pdu)
        rsp = self.recv(struct.unpack('>I', self.recv(4))[0])
        return struct.unpack_from('<I', rsp, 8)[0]

    def recv(self, n):
        buf = b''
        while len(buf) < n:
            part = self.sock.recv(n - len(buf))
            if not part:
                raise ConnectionError('closed by the server')
            buf += part
        return buf

    def negotiate(self):
        # SMB 2.1 only: no negotiate contexts; signing enabled
        body = struct.pack('<HHHHI16sQH', 36, 1, 1, 0, 0, b'halfopen'.ljust(16, b'\0'),
                           0, 0x0210)
        return self.call(SMB2_NEGOTIATE, body)

    def session_setup(self, token):
        body = struct.pack('<HBBIIHHQ', 25, 0, 1, 0, 0, 64 + 24, len(token), 0)
        return self.call(SMB2_SESSION_SETUP, body + token)


def contexts(expected):
    """The live sspi contexts, once down to @expected or after 5 s."""
    deadline = time.monotonic() + 5
    while True:
        try:
            with open('/sys/kernel/debug/sspi/objects') as f:
                n = int(dict(line.split() for line in f)['contexts'])
        except OSError:
            return '?'
        if n <= expected or time.monotonic() > deadline:
            return n
        time.sleep(0.1)


def main():
    count, size = int(sys.argv[1]), int(sys.argv[2])
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    token = ntlm_negotiate(size)
    conns, answered, refused, dropped = [], 0, 0, 0
    statuses = {}
    for _ in range(count):
        try:
            c = Conn()
            conns.append(c)
            if c.negotiate() != 0:
                refused += 1
                continue
            for _ in range(rounds):
                status = c.session_setup(token)
            if status == STATUS_MORE_PROCESSING_REQUIRED:
                answered += 1
            else:
                refused += 1
                statuses[status] = statuses.get(status, 0) + 1
        except (OSError, ConnectionError, struct.error):
            dropped += 1
    print(f'answered {answered} refused {refused} dropped {dropped} contexts {contexts(answered)}')
    for status, n in statuses.items():
        print(f'# {n} answered 0x{status:08x}')
    for c in conns:
        c.sock.close()


if __name__ == '__main__':
    main()
