#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Connectionless (datagram) NTLM between libsspi/sspi.ko and gss-ntlmssp,
both ways, and a known-answer check of datagram sealing, in the test guest.

Our side is libsspi through ctypes with ISC_REQ_DATAGRAM / ASC_REQ_DATAGRAM
(the helpers of ntlmv1_gss_test.py). gss-ntlmssp's initiator is
python3-gssapi with GSS_C_DATAGRAM_FLAG (0x10000); its acceptor is called in
gssntlmssp.so itself, because the GSSAPI mechglue cannot route the empty
first token of a connectionless acceptor to a mechanism. Message numbers are
forced on gss-ntlmssp's contexts with its GSS_NTLMSSP_SET_SEQ_NUM option.

Checked: each way the handshake completes (wrong passwords refused), with
the same session key where gss-ntlmssp tells it; signatures made by one side
verify on the other out of order (gss_get_mic / gss_verify_mic against
MakeSignature / VerifySignature). There are no MS-NLMP 4.2 vectors for
connectionless mode, so libsspi's sealed messages and signatures are
compared with MS-NLMP 3.4 computed here (hashlib MD5/HMAC and RC4):
SealingKey' = MD5(SealingKey || SeqNum) per message, then SEAL and MAC.
gss-ntlmssp 1.2.0's gss_get_mic matches that formula; its gss_wrap does not:
it RC4s the data under the SealingKey without the per-message key (and its
next message with what the last left), which 3.4 does not allow, so its
sealed datagrams cannot be opened by a peer that follows the specification;
that difference is checked too.

Prints TAP; exits 1 if a check failed, 0 with a skip when python3-gssapi or
gss-ntlmssp is missing. Run from the top of the tree, as root, with sspi.ko
loaded (selftests/run-guest).
"""
import ctypes
import hashlib
import hmac
import os
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ntlmv1_gss_test as base  # noqa: E402  (libsspi through ctypes)
try:
    import gssapi
    import gssapi.raw
except ImportError:
    gssapi = None

GSSNTLMSSP = '/usr/lib/x86_64-linux-gnu/gssntlmssp/gssntlmssp.so'
GSS_C_DATAGRAM_FLAG = 0x10000
GSS_NTLMSSP_SET_SEQ_NUM = '1.3.6.1.4.1.7165.655.1.1'
SEC_E_MESSAGE_ALTERED = 0x8009030F
SECBUFFER_DATA = 1
# libsspi's requests: datagram, integrity, confidentiality
base.ISC_REQ = 0x400 | 0x10000 | 0x10
base.ASC_REQ = 0x400 | 0x20000 | 0x10
lib, check = base.lib, base.check


class GssBuf(ctypes.Structure):
    _fields_ = [('length', ctypes.c_size_t), ('value', ctypes.c_void_p)]


class GssOid(ctypes.Structure):
    _fields_ = [('length', ctypes.c_uint32), ('elements', ctypes.c_char_p)]


def oid_der(dotted):
    """The DER body of an OID: what gss_OID_desc.elements holds."""
    arcs = [int(a) for a in dotted.split('.')]
    out = bytes([40 * arcs[0] + arcs[1]])
    for a in arcs[2:]:
        enc = [a & 0x7f]
        while a > 0x7f:
            a >>= 7
            enc.insert(0, 0x80 | (a & 0x7f))
        out += bytes(enc)
    return out


class GssAcceptor:
    """gss-ntlmssp's acceptor, in gssntlmssp.so without the mechglue."""

    def __init__(self):
        self.so = ctypes.CDLL(GSSNTLMSSP)
        self.ctx = ctypes.c_void_p()
        self.minor = ctypes.c_uint32()

    def step(self, token):
        raw = ctypes.create_string_buffer(token, max(len(token), 1))
        inp = GssBuf(len(token), ctypes.cast(raw, ctypes.c_void_p) if token else None)
        out, flags = GssBuf(), ctypes.c_uint32()
        major = self.so.gss_accept_sec_context(
            ctypes.byref(self.minor), ctypes.byref(self.ctx), None, ctypes.byref(inp),
            None, None, None, ctypes.byref(out), ctypes.byref(flags), None, None)
        return major, ctypes.string_at(out.value, out.length) if out.length else b''

    def set_seq(self, seq):
        der = oid_der(GSS_NTLMSSP_SET_SEQ_NUM)
        oid = GssOid(len(der), der)
        value = ctypes.create_string_buffer(struct.pack('=I', seq), 4)
        major = self.so.gss_set_sec_context_option(
            ctypes.byref(self.minor), ctypes.byref(self.ctx), ctypes.byref(oid),
            ctypes.byref(GssBuf(4, ctypes.cast(value, ctypes.c_void_p))))
        assert major == 0, hex(major)

    def _call(self, fn, data, token):
        d = ctypes.create_string_buffer(data, len(data))
        args = [ctypes.byref(self.minor), self.ctx]
        if fn == 'gss_get_mic':
            out = GssBuf()
            major = self.so.gss_get_mic(*args, 0, ctypes.byref(GssBuf(
                len(data), ctypes.cast(d, ctypes.c_void_p))), ctypes.byref(out))
            return major, ctypes.string_at(out.value, out.length) if not major else b''
        t = ctypes.create_string_buffer(token, len(token))
        return self.so.gss_verify_mic(
            *args, ctypes.byref(GssBuf(len(data), ctypes.cast(d, ctypes.c_void_p))),
            ctypes.byref(GssBuf(len(token), ctypes.cast(t, ctypes.c_void_p))), None), b''

    def get_mic(self, data):
        return self._call('gss_get_mic', data, b'')

    def verify_mic(self, data, token):
        return self._call('gss_verify_mic', data, token)[0]

    def close(self):
        self.so.gss_delete_sec_context(ctypes.byref(self.minor), ctypes.byref(self.ctx),
                                       None)


def message(ours, fn, data, sig, seq):
    """One libsspi message call on @ours: (status, data after, signature)."""
    sig_raw = ctypes.create_string_buffer(sig, 16)
    data_raw = ctypes.create_string_buffer(data, len(data))
    bufs = (base.SecBuffer * 2)(
        base.SecBuffer(16, base.SECBUFFER_TOKEN, ctypes.cast(sig_raw, ctypes.c_void_p)),
        base.SecBuffer(len(data), SECBUFFER_DATA, ctypes.cast(data_raw, ctypes.c_void_p)))
    desc = base.SecBufferDesc(base.SECBUFFER_VERSION, 2, bufs)
    qop = ctypes.c_uint32()
    f = getattr(lib, fn)
    if fn in ('MakeSignature', 'EncryptMessage'):
        st = f(ctypes.byref(ours.ctx), 0, ctypes.byref(desc), seq)
    else:
        st = f(ctypes.byref(ours.ctx), ctypes.byref(desc), seq, ctypes.byref(qop))
    return st & 0xffffffff, data_raw.raw[:len(data)], sig_raw.raw[:16]


def rc4(key):
    """An RC4 stream under @key: a function that XORs the next bytes."""
    s, j = list(range(256)), 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) & 0xff
        s[i], s[j] = s[j], s[i]
    state = [0, 0]

    def crypt(data):
        i, j = state
        out = bytearray()
        for b in data:
            i = (i + 1) & 0xff
            j = (j + s[i]) & 0xff
            s[i], s[j] = s[j], s[i]
            out.append(b ^ s[(s[i] + s[j]) & 0xff])
        state[:] = [i, j]
        return bytes(out)
    return crypt


def spec_keys(session_key, sender_is_client):
    """SIGNKEY and SEALKEY (MS-NLMP 3.4.5.2, 3.4.5.3; 128-bit) of one sender."""
    way = b'client-to-server' if sender_is_client else b'server-to-client'
    sign = hashlib.md5(session_key + b'session key to ' + way +
                       b' signing key magic constant\0').digest()
    seal = hashlib.md5(session_key + b'session key to ' + way +
                       b' sealing key magic constant\0').digest()
    return sign, seal


def spec_datagram(session_key, sender_is_client, seq, data, seal):
    """MS-NLMP 3.4 connectionless: (sealed data, signature) of one message."""
    sign_key, seal_key = spec_keys(session_key, sender_is_client)
    stream = rc4(hashlib.md5(seal_key + struct.pack('<I', seq)).digest())
    out = stream(data) if seal else data
    mac = hmac.new(sign_key, struct.pack('<I', seq) + data, 'md5').digest()[:8]
    return out, struct.pack('<I', 1) + stream(mac) + struct.pack('<I', seq)


def ours_client_gss_server(password):
    ours, theirs = base.Ours(False, 5, password), GssAcceptor()
    st, first = ours.step(None)
    check(st == base.SEC_I_CONTINUE_NEEDED and first == b'',
          'libsspi -> gss-ntlmssp: ISC makes no NEGOTIATE (0x%08x, %d bytes)' %
          (st, len(first)))
    major, chal = theirs.step(b'')
    st, auth = ours.step(chal)
    major, _ = theirs.step(auth) if st == base.SEC_E_OK else (-1, b'')
    return ours, theirs, st, major


def gss_client_ours_server(gssapi, password):
    mech = gssapi.OID.from_int_seq(base.GSS_NTLMSSP_OID)
    name = gssapi.Name('%s\\%s' % (base.DOMAIN, base.USER), gssapi.NameType.user)
    creds = gssapi.raw.acquire_cred_with_password(name, password.encode(), usage='initiate',
                                                  mechs=[mech]).creds
    target = gssapi.Name('HTTP@server.example', gssapi.NameType.hostbased_service)
    ours = base.Ours(True, 5)
    st, chal = ours.step(None)
    check(st == base.SEC_I_CONTINUE_NEEDED and chal[:8] == b'NTLMSSP\0',
          'gss-ntlmssp -> libsspi: ASC with no input makes the CHALLENGE (0x%08x)' % st)
    res = gssapi.raw.init_sec_context(
        target, creds, None, mech, [gssapi.RequirementFlag.integrity,
                                    gssapi.RequirementFlag.confidentiality,
                                    GSS_C_DATAGRAM_FLAG], 0, None, chal)
    st, _ = ours.step(res.token)
    return ours, res, st


def signatures_both_ways(ours, set_seq, get_mic, verify_mic, who):
    """Signatures out of order, each side checking the other's."""
    texts = {3: b'datagram three', 4: b'datagram four'}
    sigs = {}
    for seq in (3, 4):
        st, _, sigs[seq] = message(ours, 'MakeSignature', texts[seq], b'', seq)
    ok = True
    for seq in (4, 3):
        set_seq(seq)
        ok = ok and verify_mic(texts[seq], sigs[seq]) == 0
    check(ok, '%s: libsspi signatures 3, 4 verify in gss-ntlmssp as 4, 3' % who)
    ok = True
    for seq in (7, 8):
        set_seq(seq)
        major, sigs[seq] = get_mic(b'reply %d' % seq)
        ok = ok and major == 0
    res = [message(ours, 'VerifySignature', b'reply %d' % seq, sigs[seq], seq)[0]
           for seq in (8, 7)]
    check(ok and res == [base.SEC_E_OK] * 2,
          '%s: gss-ntlmssp signatures 7, 8 verify in libsspi as 8, 7 (%s)' %
          (who, ['0x%08x' % s for s in res]))
    st = message(ours, 'VerifySignature', b'reply 7', sigs[7], 8)[0]
    check(st == SEC_E_MESSAGE_ALTERED,
          '%s: a signature under another number is altered (0x%08x)' % (who, st))


def known_answer(ours, key, sender_is_client, who):
    """libsspi's datagram signatures and sealed messages against 3.4."""
    good = key is not None
    for seq in (0, 1, 0x01020304, 0xffffffff):
        data = b'known answer %u' % seq
        st, out, sig = message(ours, 'EncryptMessage', data, b'', seq)
        want = spec_datagram(key, sender_is_client, seq, data, True) if good else None
        good = good and st == base.SEC_E_OK and (out, sig) == want
        st, _, sig = message(ours, 'MakeSignature', data, b'', seq)
        want = spec_datagram(key, sender_is_client, seq, data, False) if good else None
        good = good and st == base.SEC_E_OK and sig == want[1]
    check(good, '%s: EncryptMessage and MakeSignature as MS-NLMP 3.4 computes them' % who)


def main():
    print('TAP version 13', flush=True)
    if gssapi is None or not os.path.exists(GSSNTLMSSP):
        print('1..0 # SKIP python3-gssapi or gss-ntlmssp is not installed')
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        user_file = os.path.join(tmp, 'users')
        with open(user_file, 'w') as f:
            f.write('%s:%s:%s\n' % (base.DOMAIN, base.USER, base.PASSWORD))
        os.environ['NTLM_USER_FILE'] = user_file
        subprocess.run([base.SSPICTL, 'account', 'flush'], check=True)
        subprocess.run([base.SSPICTL, 'account', 'add', base.DOMAIN, base.USER],
                       input=base.PASSWORD + '\n', text=True, check=True)

        who = 'libsspi -> gss-ntlmssp'
        ours, theirs, st, major = ours_client_gss_server(base.PASSWORD)
        check(st == base.SEC_E_OK and major == 0,
              '%s: authenticated (ISC 0x%08x, gss major 0x%x)' % (who, st, major))
        if major == 0:
            signatures_both_ways(ours, theirs.set_seq, theirs.get_mic, theirs.verify_mic,
                                 who)
            known_answer(ours, ours.key(), True, who)
        ours.close()
        theirs.close()
        ours, theirs, st, major = ours_client_gss_server(base.PASSWORD + 'x')
        check(st == base.SEC_E_OK and major != 0,
              '%s: wrong password refused (gss major 0x%x)' % (who, major))
        ours.close()
        theirs.close()

        who = 'gss-ntlmssp -> libsspi'
        seq_oid = gssapi.OID.from_int_seq(GSS_NTLMSSP_SET_SEQ_NUM)
        ours, res, st = gss_client_ours_server(gssapi, base.PASSWORD)
        check(st == base.SEC_E_OK, '%s: authenticated (0x%08x)' % (who, st))
        if st == base.SEC_E_OK:
            key = base.gss_key(gssapi, res.context)
            check(key is not None and key == ours.key(), '%s: same session key' % who)

            def set_seq(seq):
                gssapi.raw.set_sec_context_option(seq_oid, res.context,
                                                  struct.pack('=I', seq))

            def get_mic(data):
                return 0, gssapi.raw.get_mic(res.context, data)

            def verify_mic(data, token):
                try:
                    gssapi.raw.verify_mic(res.context, data, token)
                    return 0
                except gssapi.exceptions.GSSError as e:
                    return e.maj_code or 1
            # gss_wrap, first on the context: 3.4 is not what gss-ntlmssp
            # 1.2.0 does (see above)
            set_seq(5)
            wrapped = gssapi.raw.wrap(res.context, b'sealed by gss', True).message
            sig, sealed = wrapped[:16], wrapped[16:]
            plain_stream = rc4(spec_keys(key, True)[1])(b'sealed by gss')
            st = message(ours, 'DecryptMessage', sealed, sig, 5)[0]
            check(sealed == plain_stream and st == SEC_E_MESSAGE_ALTERED,
                  '%s: gss_wrap seals without the per-message key (not 3.4), '
                  'so DecryptMessage refuses it (0x%08x)' % (who, st))
            signatures_both_ways(ours, set_seq, get_mic, verify_mic, who)
            known_answer(ours, key, False, who)

        ours.close()
        ours, res, st = gss_client_ours_server(gssapi, base.PASSWORD + 'x')
        check(st == base.SEC_E_LOGON_DENIED, '%s: wrong password refused (0x%08x)' % (who, st))
        ours.close()
        subprocess.run([base.SSPICTL, 'account', 'flush'], check=True)
    print('1..%d' % base.n)
    return 1 if base.failed else 0


if __name__ == '__main__':
    sys.exit(main())
