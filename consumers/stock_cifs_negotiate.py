#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Whether sspi's acceptor answers the NEGOTIATE_MESSAGE Debian 12's stock
cifs sends (build_ntlmssp_smb3_negotiate_blob() of 6.1): VERSION, then an
empty 2-byte slot for each name field, 44 bytes. Exit 0 when a CHALLENGE
comes back, 1 when it is refused (the parser's part of issue 13), 2 when the
peer could not be asked. In the test guest, sspi.ko loaded, from the top of
the tree (PEERS_BIN: where sspi_peer is)."""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '../selftests/peers'))
import peerlib  # noqa: E402

FLAGS = 0xE2088235   # 56 128 KEY_EXCH VERSION EXT_SEC ALWAYS_SIGN NTLM SEAL SIGN REQ_TARGET UNICODE
NEGOTIATE = (b'NTLMSSP\0' + struct.pack('<II', 1, FLAGS) +
             struct.pack('<HHI', 0, 0, 40) + struct.pack('<HHI', 0, 0, 42) +
             bytes([6, 1]) + struct.pack('<H', 2) + bytes(3) + bytes([15]) +
             bytes(4))
assert len(NEGOTIATE) == 44

SSPI_PEER = os.path.join(peerlib.BIN, 'sspi_peer')
if not os.access(SSPI_PEER, os.X_OK):
    print(f'# {SSPI_PEER}: not built')
    sys.exit(2)
peer = peerlib.ProcPeer('libsspi acceptor', [SSPI_PEER, 'server'])
challenge = peer.step(NEGOTIATE)
out = peer.finish()
said = 'CHALLENGE' if challenge else out.describe()
print('\n'.join('# ' + line for line in ('stock cifs NEGOTIATE: ' + said).splitlines()))
if challenge:
    sys.exit(0 if challenge[8:12] == struct.pack('<I', 2) else 1)
sys.exit(1 if isinstance(out.status, int) else 2)
