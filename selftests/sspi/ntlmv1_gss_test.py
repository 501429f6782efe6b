#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""NTLMv1 (the NTLM2 session response) between libsspi/sspi.ko and
gss-ntlmssp, both ways, in the test guest.

Our side is libsspi through ctypes at a credential level set with
SetCredentialsAttributes; gss-ntlmssp's is python3-gssapi with
LM_COMPAT_LEVEL. For each direction: NTLMv1 was used (the NT response is 24
bytes), the right password succeeds with the same session key on both sides,
a wrong one is refused. Prints TAP; exits 1 if a check failed, 0 with a skip
when python3-gssapi or gss-ntlmssp is missing.

Run from the top of the tree, as root, with sspi.ko loaded (selftests/run-guest).
"""
import ctypes
import os
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SSPICTL = os.path.join(TOP, 'build/tools/sspictl')
GSS_NTLMSSP_OID = '1.3.6.1.4.1.311.2.2.10'
GSS_C_INQ_SSPI_SESSION_KEY = '1.2.840.113554.1.2.2.5.5'
DOMAIN, USER, PASSWORD = 'Interop', 'Alice', 'Corr3ct-horse'

SEC_E_OK = 0
SEC_I_CONTINUE_NEEDED = 0x00090312
SEC_E_LOGON_DENIED = 0x8009030C
SECPKG_CRED_INBOUND, SECPKG_CRED_OUTBOUND = 1, 2
SECPKG_ATTR_SESSION_KEY = 9
SECPKG_CRED_ATTR_NTLM_LM_COMPATIBILITY = 0x80000100
SEC_WINNT_AUTH_IDENTITY_ANSI = 1
SECBUFFER_TOKEN, SECBUFFER_VERSION = 2, 0
ISC_REQ = 0x800 | 0x10000 | 0x10 | 0x4 | 0x8
ASC_REQ = 0x800 | 0x20000 | 0x10 | 0x4 | 0x8


class SecHandle(ctypes.Structure):
    _fields_ = [('lower', ctypes.c_size_t), ('upper', ctypes.c_size_t)]


class SecBuffer(ctypes.Structure):
    _fields_ = [('cbBuffer', ctypes.c_uint32), ('BufferType', ctypes.c_uint32),
                ('pvBuffer', ctypes.c_void_p)]


class SecBufferDesc(ctypes.Structure):
    _fields_ = [('ulVersion', ctypes.c_uint32), ('cBuffers', ctypes.c_uint32),
                ('pBuffers', ctypes.POINTER(SecBuffer))]


class Identity(ctypes.Structure):
    _fields_ = [('User', ctypes.c_char_p), ('UserLength', ctypes.c_uint32),
                ('Domain', ctypes.c_char_p), ('DomainLength', ctypes.c_uint32),
                ('Password', ctypes.c_char_p), ('PasswordLength', ctypes.c_uint32),
                ('Flags', ctypes.c_uint32)]


class SessionKey(ctypes.Structure):
    _fields_ = [('SessionKeyLength', ctypes.c_uint32),
                ('SessionKey', ctypes.POINTER(ctypes.c_ubyte))]


lib = ctypes.CDLL(os.path.join(TOP, 'build/lib/libsspi.so'))
n = 0
failed = 0


def check(ok, what):
    global n, failed
    n += 1
    if not ok:
        failed += 1
    print('%sok %d %s' % ('' if ok else 'not ', n, what), flush=True)


def token_buffer(data, size=4096):
    raw = ctypes.create_string_buffer(data, size) if data else ctypes.create_string_buffer(size)
    buf = SecBuffer(len(data) if data else size, SECBUFFER_TOKEN,
                    ctypes.cast(raw, ctypes.c_void_p))
    desc = SecBufferDesc(SECBUFFER_VERSION, 1, ctypes.pointer(buf))
    return raw, buf, desc


class Ours:
    """One side through libsspi, at credential level @level."""

    def __init__(self, server, level, password=PASSWORD):
        self.server = server
        self.cred, self.ctx = SecHandle(), SecHandle()
        self.first = True
        expiry = ctypes.c_int64()
        ident = None
        if not server:
            ident = Identity(USER.encode(), len(USER), DOMAIN.encode(), len(DOMAIN),
                             password.encode(), len(password), SEC_WINNT_AUTH_IDENTITY_ANSI)
        st = lib.AcquireCredentialsHandleA(
            None, b'NTLM', SECPKG_CRED_INBOUND if server else SECPKG_CRED_OUTBOUND, None,
            ctypes.byref(ident) if ident else None, None, None,
            ctypes.byref(self.cred), ctypes.byref(expiry))
        assert st == SEC_E_OK, hex(st)
        lvl = ctypes.c_uint32(level)
        st = lib.SetCredentialsAttributesA(ctypes.byref(self.cred),
                                           SECPKG_CRED_ATTR_NTLM_LM_COMPATIBILITY,
                                           ctypes.byref(lvl), 4)
        assert st == SEC_E_OK, hex(st)

    def step(self, token):
        attrs, expiry = ctypes.c_uint32(), ctypes.c_int64()
        out_raw, out_buf, out_desc = token_buffer(None)
        in_desc = None
        if token:
            in_raw, in_buf, in_desc = token_buffer(token, len(token))
        ctx_in = None if self.first else ctypes.byref(self.ctx)
        if self.server:
            st = lib.AcceptSecurityContext(
                None if ctx_in else ctypes.byref(self.cred), ctx_in,
                ctypes.byref(in_desc) if in_desc else None, ASC_REQ, 0,
                ctypes.byref(self.ctx), ctypes.byref(out_desc), ctypes.byref(attrs),
                ctypes.byref(expiry))
        else:
            st = lib.InitializeSecurityContextA(
                None if ctx_in else ctypes.byref(self.cred), ctx_in, b'HTTP/server.example',
                ISC_REQ, 0, 0, ctypes.byref(in_desc) if in_desc else None, 0,
                ctypes.byref(self.ctx), ctypes.byref(out_desc), ctypes.byref(attrs),
                ctypes.byref(expiry))
        self.first = False
        st &= 0xffffffff
        return st, out_raw.raw[:out_buf.cbBuffer] if st in (SEC_E_OK, SEC_I_CONTINUE_NEEDED) else b''

    def key(self):
        k = SessionKey()
        st = lib.QueryContextAttributesA(ctypes.byref(self.ctx), SECPKG_ATTR_SESSION_KEY,
                                         ctypes.byref(k))
        if st:
            return None
        data = bytes(k.SessionKey[:k.SessionKeyLength])
        lib.FreeContextBuffer(k.SessionKey)
        return data

    def close(self):
        lib.DeleteSecurityContext(ctypes.byref(self.ctx))
        lib.FreeCredentialsHandle(ctypes.byref(self.cred))


def nt_len(authenticate):
    return int.from_bytes(authenticate[20:22], 'little')


def gss_ctx(gssapi, server, password=PASSWORD):
    mech = gssapi.OID.from_int_seq(GSS_NTLMSSP_OID)
    if server:
        creds = gssapi.Credentials(usage='accept', mechs=[mech])
        return gssapi.SecurityContext(creds=creds, usage='accept')
    name = gssapi.Name('%s\\%s' % (DOMAIN, USER), gssapi.NameType.user)
    creds = gssapi.raw.acquire_cred_with_password(name, password.encode(), usage='initiate',
                                                  mechs=[mech]).creds
    target = gssapi.Name('HTTP@server.example', gssapi.NameType.hostbased_service)
    return gssapi.SecurityContext(name=target, creds=creds, usage='initiate', mech=mech,
                                  flags=gssapi.RequirementFlag.integrity |
                                  gssapi.RequirementFlag.confidentiality)


def gss_key(gssapi, ctx):
    keys = gssapi.raw.inquire_sec_context_by_oid(
        ctx, gssapi.OID.from_int_seq(GSS_C_INQ_SSPI_SESSION_KEY))
    return keys[0] if keys else None


def ours_client_gss_server(gssapi, password):
    ours = Ours(False, 2, password)
    try:
        st, neg = ours.step(None)
        assert st == SEC_I_CONTINUE_NEEDED, hex(st)
        srv = gss_ctx(gssapi, True)
        chal = srv.step(neg)
        st, auth = ours.step(chal)
        assert st == SEC_E_OK, hex(st)
        try:
            srv.step(auth)
        except gssapi.exceptions.GSSError as e:
            return nt_len(auth), None, None, str(e)
        return nt_len(auth), ours.key(), gss_key(gssapi, srv), None
    finally:
        ours.close()


def gss_client_ours_server(gssapi, password):
    ours = Ours(True, 2)
    try:
        cli = gss_ctx(gssapi, False, password)
        neg = cli.step()
        st, chal = ours.step(neg)
        assert st == SEC_I_CONTINUE_NEEDED, hex(st)
        auth = cli.step(chal)
        st, _ = ours.step(auth)
        return nt_len(auth), ours.key() if st == SEC_E_OK else None, \
            gss_key(gssapi, cli), st
    finally:
        ours.close()


def main():
    print('TAP version 13', flush=True)
    try:
        import gssapi
        import gssapi.raw
    except ImportError:
        print('1..0 # SKIP python3-gssapi is not installed')
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        user_file = os.path.join(tmp, 'users')
        with open(user_file, 'w') as f:
            f.write('%s:%s:%s\n' % (DOMAIN, USER, PASSWORD))
        os.environ['NTLM_USER_FILE'] = user_file
        os.environ['LM_COMPAT_LEVEL'] = '2'
        subprocess.run([SSPICTL, 'account', 'flush'], check=True)
        subprocess.run([SSPICTL, 'account', 'add', DOMAIN, USER], input=PASSWORD + '\n',
                       text=True, check=True)
        try:
            gss_ctx(gssapi, True)
        except gssapi.exceptions.GSSError as e:
            print('1..0 # SKIP gss-ntlmssp is not available: %s' % e)
            return 0

        nt, ours_key, their_key, err = ours_client_gss_server(gssapi, PASSWORD)
        check(nt == 24, 'libsspi level 2 -> gss-ntlmssp: NTLMv1 sent (NT response %d bytes)' % nt)
        check(err is None, 'libsspi level 2 -> gss-ntlmssp: accepted (%s)' % err)
        check(ours_key is not None and ours_key == their_key,
              'libsspi level 2 -> gss-ntlmssp: same session key')
        nt, ours_key, their_key, err = ours_client_gss_server(gssapi, PASSWORD + 'x')
        check(err is not None, 'libsspi level 2 -> gss-ntlmssp: wrong password refused')

        nt, ours_key, their_key, st = gss_client_ours_server(gssapi, PASSWORD)
        check(nt == 24, 'gss-ntlmssp LM_COMPAT_LEVEL=2 -> libsspi: NTLMv1 sent (%d)' % nt)
        check(st == SEC_E_OK, 'gss-ntlmssp -> libsspi level 2: accepted (0x%08x)' % st)
        check(ours_key is not None and ours_key == their_key,
              'gss-ntlmssp -> libsspi level 2: same session key')
        nt, ours_key, their_key, st = gss_client_ours_server(gssapi, PASSWORD + 'x')
        check(st == SEC_E_LOGON_DENIED,
              'gss-ntlmssp -> libsspi level 2: wrong password refused (0x%08x)' % st)
        subprocess.run([SSPICTL, 'account', 'flush'], check=True)
    print('1..%d' % n)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
