#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Captures the NTLMSSP tokens real clients send, as test data for the
parser's host tests (selftests/ntlm/message_test.c) and the fuzzer's seeds.

Each client runs here, on the host, through its own library, against
gss-ntlmssp's acceptor (python3-gssapi, an NTLM_USER_FILE in a temporary
directory): its NEGOTIATE, gss-ntlmssp's CHALLENGE and its AUTHENTICATE are
written as CLIENT-negotiate.hex, CLIENT-challenge.hex and
CLIENT-authenticate.hex into this directory, each with a header saying what
made it. The clients:
  python3-ntlm-auth   NtlmContext (the library under requests-ntlm)
  gss-ntlmssp         python3-gssapi, mechanism NTLMSSP, initiator
  winpr               FreeRDP WinPR, build/selftests/peers/winpr_peer client
  impacket            python3-impacket's ntlm.getNTLMSSPType1/3
  samba-ntlm_auth     Samba's ntlm_auth --helper-protocol=ntlmssp-client-1
                      (package winbind): the gensec NTLMSSP client smbclient
                      uses too
Tokens hold random challenges, times and keys: a new run writes other bytes
of the same shapes. The cifs-*.hex and smbclient-*.hex files come from
capture-smb.py, in the test guest.

  /usr/bin/python3 selftests/ntlm/clients/capture.py [CLIENT...]
"""
import os
import subprocess
import sys
import tempfile
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, '../../..'))
sys.path.insert(0, os.path.join(TOP, 'selftests/peers'))
import peerlib  # noqa: E402
import quirks   # noqa: E402  (its MD4 for ntlm-auth, its ntlm_auth driver)

DOMAIN, USER, PASSWORD = 'Capture', 'Dana', 'Sp3cim3n-tokens'
WORKSTATION = 'CLIENTHOST'
GSS_NTLMSSP_OID = '1.3.6.1.4.1.311.2.2.10'
KINDS = {1: 'negotiate', 2: 'challenge', 3: 'authenticate'}


def package_version(pkg):
    try:
        return subprocess.run(['dpkg-query', '-W', '-f', '${Version}', pkg],
                              capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return 'unknown'


class GssAcceptor:
    """gss-ntlmssp's acceptor, knowing DOMAIN\\USER."""

    def __init__(self, workdir):
        import gssapi
        self.gssapi = gssapi
        users = os.path.join(workdir, 'ntlm_user_file')
        with open(users, 'w', encoding='utf-8') as f:
            f.write('%s:%s:%s\n' % (DOMAIN, USER, PASSWORD))
        os.environ['NTLM_USER_FILE'] = users
        mech = gssapi.OID.from_int_seq(GSS_NTLMSSP_OID)
        creds = gssapi.Credentials(usage='accept', mechs=[mech])
        self.ctx = gssapi.SecurityContext(creds=creds, usage='accept')

    def step(self, token):
        """Its answer, or the GSS error it raised as a string."""
        try:
            return self.ctx.step(token)
        except self.gssapi.exceptions.GSSError as e:
            return 'GSS error: %s' % str(e).strip().replace('\n', ' ')


def run_ntlm_auth(acceptor):
    from ntlm_auth.ntlm import NtlmContext
    ctx = NtlmContext(USER, PASSWORD, DOMAIN, WORKSTATION, ntlm_compatibility=3)
    neg = ctx.step()
    chal = acceptor.step(neg)
    with quirks.md4_for_hashlib():
        auth = ctx.step(chal)
    return neg, chal, auth, 'python3-ntlm-auth ' + package_version('python3-ntlm-auth')


def run_gss(acceptor):
    import gssapi
    import gssapi.raw
    mech = gssapi.OID.from_int_seq(GSS_NTLMSSP_OID)
    name = gssapi.Name('%s\\%s' % (DOMAIN, USER), gssapi.NameType.user)
    creds = gssapi.raw.acquire_cred_with_password(name, PASSWORD.encode(), usage='initiate',
                                                  mechs=[mech]).creds
    target = gssapi.Name('HTTP@server.example', gssapi.NameType.hostbased_service)
    ctx = gssapi.SecurityContext(name=target, creds=creds, mech=mech, usage='initiate',
                                 flags=gssapi.RequirementFlag.integrity |
                                 gssapi.RequirementFlag.confidentiality)
    neg = ctx.step()
    chal = acceptor.step(neg)
    auth = ctx.step(chal)
    return neg, chal, auth, 'gss-ntlmssp ' + package_version('gss-ntlmssp')


def run_winpr(acceptor):
    peer = peerlib.ProcPeer('WinPR initiator', [
        os.path.join(peerlib.BIN, 'winpr_peer'), 'client', '-u', USER, '-d', DOMAIN,
        '-p', PASSWORD, '-t', 'HTTP/server.example'])
    try:
        neg = peer.step(None)
        chal = acceptor.step(neg)
        auth = peer.step(chal)
    finally:
        peer.finish()
    return neg, chal, auth, 'WinPR (libwinpr2-2) ' + package_version('libwinpr2-2')


def run_impacket(acceptor):
    """gss-ntlmssp 1.2.0 refuses impacket's 32-byte NEGOTIATE (GSS "Failed
    to decode data"): its CHALLENGE answers the same NEGOTIATE with the
    VERSION flag and a zeroed VERSION (40 bytes), which it takes."""
    from impacket import ntlm
    type1 = ntlm.getNTLMSSPType1('', '', signingRequired=True)
    neg = type1.getData()
    padded = bytearray(neg) + bytes(8)
    padded[12:16] = (int.from_bytes(neg[12:16], 'little') | 0x02000000).to_bytes(4, 'little')
    chal = acceptor.step(bytes(padded))
    type3, _ = ntlm.getNTLMSSPType3(type1, chal, USER, PASSWORD, DOMAIN)
    return neg, chal, type3.getData(), 'impacket ' + package_version('python3-impacket')


def run_samba(acceptor):
    client = quirks.NtlmAuthClient(USER, DOMAIN, PASSWORD)
    try:
        neg = client.negotiate()
        chal = acceptor.step(neg)
        auth = client.authenticate(chal)
    finally:
        client.close()
    return neg, chal, auth, 'Samba ntlm_auth (winbind) ' + package_version('winbind')


CLIENTS = {
    'python3-ntlm-auth': (run_ntlm_auth, 'NtlmContext(ntlm_compatibility=3)'),
    'gss-ntlmssp': (run_gss, 'python3-gssapi, integrity and confidentiality'),
    'winpr': (run_winpr, 'build/selftests/peers/winpr_peer client (libsspi-free)'),
    'impacket': (run_impacket, 'getNTLMSSPType1(signingRequired=True), getNTLMSSPType3 '
                 '(the CHALLENGE answers it with a VERSION added)'),
    'samba-ntlm_auth': (run_samba, 'ntlm_auth --helper-protocol=ntlmssp-client-1'),
}


def write(client, token, who, how, verdict):
    kind = KINDS[token[8]] if len(token) > 8 and token[8] in KINDS else 'unknown'
    maker = who if kind != 'challenge' else 'gss-ntlmssp %s (acceptor), answering %s' % (
        package_version('gss-ntlmssp'), who)
    path = os.path.join(HERE, '%s-%s.hex' % (client, kind))
    with open(path, 'w', encoding='ascii') as f:
        f.write('# %s %s_MESSAGE, %d bytes, from %s\n' % (client, kind.upper(), len(token),
                                                        maker))
        f.write('# made by selftests/ntlm/clients/capture.py: %s against gss-ntlmssp\'s '
                'acceptor; %s\n' % (how, verdict))
        for at in range(0, len(token), 32):
            f.write(token[at:at + 32].hex() + '\n')
    return path


def main(names):
    failed = 0
    for client in names or CLIENTS:
        run, how = CLIENTS[client]
        with tempfile.TemporaryDirectory(prefix='sspi-capture-') as workdir:
            try:
                acceptor = GssAcceptor(workdir)
                neg, chal, auth, who = run(acceptor)
                if isinstance(chal, str):
                    raise RuntimeError('gss-ntlmssp refused the NEGOTIATE: ' + chal)
                answer = acceptor.step(auth)
                verdict = ('the acceptor accepted it' if not isinstance(answer, str)
                           and acceptor.ctx.complete else 'the acceptor said: %s' % answer)
            except Exception:
                print('%s: %s' % (client, traceback.format_exc()), file=sys.stderr)
                failed += 1
                continue
        for token in (neg, chal, auth):
            print(write(client, token, who, how, verdict))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
