#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Interoperability of libsspi/sspi.ko with real NTLM peers, in the test guest.

Pairs an initiator with an acceptor and relays their tokens:
  - libsspi (build/selftests/peers/sspi_peer, a process; the acceptor checks
    the kernel's account store, set with sspictl),
  - gss-ntlmssp through python3-gssapi (in this process; the acceptor reads
    NTLM_USER_FILE),
  - FreeRDP WinPR (build/selftests/peers/winpr_peer, a process; the acceptor
    reads a SAM file).
For each direction: the right password succeeds and both sides hold the same
session key, the acceptor names the user, a wrong password is refused by the
acceptor with its own error. After the ASCII handshakes (and libsspi with
itself), session security both ways: EncryptMessage/DecryptMessage (gss_wrap/
gss_unwrap with confidentiality; its token is the signature, then the data)
and, but with WinPR, MakeSignature/VerifySignature (gss_get_mic/
gss_verify_mic), messages of 1 B to 16 KiB in sequence; a message with a byte
of its data or signature flipped must be refused (by libsspi with
SEC_E_MESSAGE_ALTERED, and libsspi must still take the genuine message and
the next). Prints TAP; exits 1 if any check failed.

Run from the top of the tree, as root, with sspi.ko loaded (selftests/run-guest).
/usr/bin/python3 on purpose: Debian's python3-gssapi lives there.
Environment: PEERS_BIN (the peers' directory), SSPICTL, PEERS_VERBOSE=1 to
print every line the peers say, TMPDIR. To see that the checks can fail,
PEERS_BREAK=password (the "right password" runs use a wrong one),
PEERS_BREAK=deny (the "wrong password" runs use the right one) or
PEERS_BREAK=key (the driver flips a bit of every key libsspi reports) or
PEERS_BREAK=mic (the "altered MIC" runs leave the MIC alone) or
PEERS_BREAK=seal (the driver flips a byte of every genuine message it relays
after a handshake, and leaves the altered ones alone) must each turn their
checks into "not ok".
"""
import hashlib
import hmac
import os
import shutil
import sys
import tempfile
import time
import traceback

import peerlib
from peerlib import (BIN, SEC_E_BAD_BINDINGS, SEC_E_LOGON_DENIED, SEC_E_MESSAGE_ALTERED,
                     SEC_E_OK, SEC_E_UNSUPPORTED_FUNCTION, TAP, Outcome, ProcPeer,
                     Refusal, diag, sspictl, status_name)

BREAK = os.environ.get('PEERS_BREAK', '')
peerlib.VERBOSE = os.environ.get('PEERS_VERBOSE') == '1'
peerlib.FLIP_KEY = BREAK == 'key'
# PEERS_ONLY=WORD: only the tests whose name contains WORD
ONLY = os.environ.get('PEERS_ONLY', '')


class Account:
    """An account every acceptor knows, and the passwords its initiators use."""

    def __init__(self, domain, user, password, tag=''):
        self.domain, self.user, self.password, self.tag = domain, user, password, tag
        wrong = password[:-1] + chr(ord(password[-1]) ^ 1)
        self.right = wrong if BREAK == 'password' else password
        self.wrong = password if BREAK == 'deny' else wrong


ASCII = Account('Interop', 'Alice', 'Corr3ct-horse')
# UTF-8 in, UTF-16LE on the wire, and a user name whose upper case (NTOWFv2)
# is not ASCII's
NON_ASCII = Account('Interop', 'J\u00fcrgen', 'P\u00e4ssw\u00f6rd-\u20ac', ' (non-ASCII names)')
NON_ASCII_PASSWORD = Account('Interop', 'Bob', 'P\u00e4ssw\u00f6rd-\u20ac', ' (non-ASCII password)')
TARGET_SPN = 'HTTP/server.example'      # SSPI spelling
TARGET_GSS = 'HTTP@server.example'      # GSS host-based service spelling

SEAL_TEXT = b'sspi interop: sealed by WinPR'   # winpr_peer.c's SEAL_TEXT

NTLMSSP_NEGOTIATE_56 = 0x80000000
NTLMSSP_NEGOTIATE_KEY_EXCH = 0x40000000
NTLMSSP_NEGOTIATE_128 = 0x20000000
NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY = 0x00080000
NTLMSSP_NEGOTIATE_VERSION = 0x02000000

GSS_NTLMSSP_OID = '1.3.6.1.4.1.311.2.2.10'
GSS_C_INQ_SSPI_SESSION_KEY = '1.2.840.113554.1.2.2.5.5'
# Asked by SPNEGO after the NEGOTIATE: only then does a gss-ntlmssp
# initiator put a MIC in its AUTHENTICATE (raw NTLM: MsvAvFlags 0, no MIC).
GSS_SPNEGO_REQUIRE_MIC = '1.3.6.1.4.1.7165.655.1.2'

WORK = tempfile.mkdtemp(prefix='sspi-peers-')


class GssPeer:
    """gss-ntlmssp through python3-gssapi, in this process."""

    # gss-ntlmssp reads GSSNTLMSSP_DEBUG once per process: one log for all.
    DEBUG_LOG = os.path.join(WORK, 'gssntlmssp.log')

    def __init__(self, name, role, user=None, domain=None, password=None, user_file=None,
                 mic=False):
        os.environ['GSSNTLMSSP_DEBUG'] = self.DEBUG_LOG
        import gssapi
        import gssapi.raw
        self.gssapi = gssapi
        self.out = Outcome(name)
        self.done = False
        self.log_from = (os.path.getsize(self.DEBUG_LOG)
                         if os.path.exists(self.DEBUG_LOG) else 0)
        self.steps = 0
        self.mic = mic
        if user_file:
            os.environ['NTLM_USER_FILE'] = user_file
        self.mech = gssapi.OID.from_int_seq(GSS_NTLMSSP_OID)
        try:
            if role == 'initiate':
                name_ = gssapi.Name('%s\\%s' % (domain, user), gssapi.NameType.user)
                creds = gssapi.raw.acquire_cred_with_password(
                    name_, password.encode(), usage='initiate', mechs=[self.mech]).creds
                target = gssapi.Name(TARGET_GSS, gssapi.NameType.hostbased_service)
                self.ctx = gssapi.SecurityContext(
                    name=target, creds=creds, mech=self.mech, usage='initiate',
                    flags=gssapi.RequirementFlag.integrity |
                    gssapi.RequirementFlag.confidentiality |
                    gssapi.RequirementFlag.replay_detection |
                    gssapi.RequirementFlag.out_of_sequence_detection)
            else:
                creds = gssapi.Credentials(usage='accept', mechs=[self.mech])
                self.ctx = gssapi.SecurityContext(creds=creds, usage='accept')
            self.out.calls.append('credentials ok')
        except gssapi.exceptions.GSSError as e:
            self._failed('credentials', e)

    def _failed(self, where, e):
        self.out.status = 'GSS error'
        self.out.failed_at = where
        self.out.notes.append('%s: %s' % (where, e))
        self.done = True

    def step(self, token):
        if self.done:
            return None
        self.steps += 1
        try:
            out = self.ctx.step(token)
        except self.gssapi.exceptions.GSSError as e:
            self._failed('step %d' % self.steps, e)
            return None
        self.out.calls.append('step ok%s' % ('' if self.ctx.complete else ', continue'))
        if self.mic and self.steps == 1:
            try:
                self.gssapi.raw.inquire_sec_context_by_oid(
                    self.ctx, self.gssapi.OID.from_int_seq(GSS_SPNEGO_REQUIRE_MIC))
                self.out.calls.append('MIC asked for')
            except self.gssapi.exceptions.GSSError as e:
                self._failed('asking for a MIC', e)
                return None
        if self.ctx.complete:
            self._complete()
        return out or None

    def _complete(self):
        self.done = True
        self.out.status = SEC_E_OK
        try:
            keys = self.gssapi.raw.inquire_sec_context_by_oid(
                self.ctx, self.gssapi.OID.from_int_seq(GSS_C_INQ_SSPI_SESSION_KEY))
            self.out.key = keys[0] if keys else None
        except self.gssapi.exceptions.GSSError as e:
            self.out.notes.append('session key: %s' % e)
        try:
            # gss-ntlmssp counts the terminating NUL in the names it displays
            # (it does so between two gss-ntlmssp peers as well)
            self.out.user = str(self.ctx.initiator_name).rstrip('\0')
        except self.gssapi.exceptions.GSSError as e:
            self.out.notes.append('initiator name: %s' % e)

    def settle(self):
        pass

    # -- session security: gss_wrap's token is the signature, then the data

    def _call(self, fn, *args):
        try:
            return fn(*args)
        except self.gssapi.exceptions.GSSError as e:
            return Refusal(None, 'GSS error: %s' % str(e).strip().replace('\n', ' '))

    def seal(self, data):
        got = self._call(self.ctx.wrap, data, True)
        if isinstance(got, Refusal):
            return got
        if not got.encrypted:
            return Refusal(None, 'gss_wrap did not encrypt')
        return got.message[:16], got.message[16:]

    def unseal(self, sig, data):
        got = self._call(self.ctx.unwrap, sig + data)
        if isinstance(got, Refusal):
            return got
        if not got.encrypted:
            return Refusal(None, 'gss_unwrap says the message was not encrypted')
        return got.message

    def sign(self, data):
        return self._call(self.ctx.get_signature, data)

    def verify(self, sig, data):
        got = self._call(self.ctx.verify_signature, data, sig)
        return got if isinstance(got, Refusal) else True

    def finish(self):
        if not self.done:
            self.done = True
            if self.out.status is None:
                self.out.status = 'eof'
        if not self.out.ok() and os.path.exists(self.DEBUG_LOG):
            with open(self.DEBUG_LOG, errors='replace') as f:
                f.seek(self.log_from)
                for line in f.read().splitlines()[-20:]:
                    self.out.notes.append('GSSNTLMSSP_DEBUG: ' + line)
        return self.out


# ---- running a handshake ---------------------------------------------------------

def handshake(make_client, make_server, keep=False):
    """Relays tokens until neither side has more to say; returns both outcomes.
    With keep, also the peers themselves (or None if one did not start),
    their handshake over but their contexts kept: end them with finish().
    Unless both succeeded: then the peers have ended and are None."""
    client = server = None
    try:
        client = make_client()
        server = make_server()
        token = client.step(None)
        turn = server
        for _ in range(8):      # NTLM needs 2 tokens, 3 with a last empty leg
            if token is None:
                break
            if turn.done:
                turn.out.notes.append('a token came after the end of the handshake')
                break
            token = turn.step(token)
            turn = client if turn is server else server
    except Exception:   # a broken harness must show as a failure, not a crash
        for p in (client, server):
            if p is not None:
                p.out.notes.append('harness: ' + traceback.format_exc())
    if keep and client is not None and server is not None:
        client.settle()
        server.settle()
        if client.out.ok() and server.out.ok():
            return client.out, server.out, (client, server)
    outs = [p.finish() if p is not None else Outcome('(not started)')
            for p in (client, server)]
    return (outs[0], outs[1], None) if keep else (outs[0], outs[1])


def sspi_client(acct, password):
    return lambda: ProcPeer('libsspi initiator', [
        os.path.join(BIN, 'sspi_peer'), 'client', '-u', acct.user, '-d', acct.domain,
        '-p', password, '-t', TARGET_SPN])


def sspi_server(acct):
    # its accounts are in the kernel: main() put them there
    return lambda: ProcPeer('libsspi acceptor', [os.path.join(BIN, 'sspi_peer'), 'server'])


def winpr_client(acct, password):
    return lambda: ProcPeer('WinPR initiator', [
        os.path.join(BIN, 'winpr_peer'), 'client', '-u', acct.user, '-d', acct.domain,
        '-p', password, '-t', TARGET_SPN])


def winpr_server(acct):
    return lambda: ProcPeer('WinPR acceptor', [
        os.path.join(BIN, 'winpr_peer'), 'server', '-u', acct.user, '-d', acct.domain,
        '-p', acct.password])


def gss_client(acct, password, mic=False):
    return lambda: GssPeer('gss-ntlmssp initiator', 'initiate', acct.user, acct.domain,
                           password, mic=mic)


def gss_server(acct):
    user_file = os.path.join(WORK, 'ntlm_user_file')
    with open(user_file, 'w', encoding='utf-8') as f:
        f.write('%s:%s:%s\n' % (acct.domain, acct.user, acct.password))
    return lambda: GssPeer('gss-ntlmssp acceptor', 'accept', user_file=user_file)


def both(c, s):
    return c.describe() + '\n' + s.describe()


# ---- NTLM session security, to check a sealed message against a key -------------
# MS-NLMP 3.4.4 (SIGNKEY, SEALKEY) and 3.4.4.2 (the signature with extended
# session security), used only to see whether WinPR's key equals ours.

def rc4(key):
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) & 0xff
        s[i], s[j] = s[j], s[i]
    i = j = 0
    while True:
        i = (i + 1) & 0xff
        j = (j + s[i]) & 0xff
        s[i], s[j] = s[j], s[i]
        yield s[(s[i] + s[j]) & 0xff]


def rc4_apply(stream, data):
    return bytes(b ^ next(stream) for b in data)


def authenticate_flags(token):
    if token is None or len(token) < 64 or token[:12] != b'NTLMSSP\0\3\0\0\0':
        return None
    return int.from_bytes(token[60:64], 'little')


def expected_seal(key, flags, client_to_server, plaintext, seqnum=0):
    side = b'client-to-server' if client_to_server else b'server-to-client'
    sign_key = hashlib.md5(key + b'session key to ' + side +
                           b' signing key magic constant\0').digest()
    if flags & NTLMSSP_NEGOTIATE_128:
        seal_base = key
    elif flags & NTLMSSP_NEGOTIATE_56:
        seal_base = key[:7]
    else:
        seal_base = key[:5]
    seal_key = hashlib.md5(seal_base + b'session key to ' + side +
                           b' sealing key magic constant\0').digest()
    stream = rc4(seal_key)
    seq = seqnum.to_bytes(4, 'little')
    sealed = rc4_apply(stream, plaintext)
    checksum = hmac.new(sign_key, seq + plaintext, 'md5').digest()[:8]
    if flags & NTLMSSP_NEGOTIATE_KEY_EXCH:
        checksum = rc4_apply(stream, checksum)
    return b'\1\0\0\0' + checksum + seq + sealed


class Recorder:
    """Wraps a peer factory to keep the tokens its peer sent, changed by alter."""

    def __init__(self, make, alter=None):
        self.make = make
        self.alter = alter
        self.sent = []

    def __call__(self):
        peer = self.make()
        step = peer.step

        def recording_step(token):
            out = step(token)
            if out is not None:
                if self.alter:
                    out = self.alter(out)
                self.sent.append(out)
            return out
        peer.step = recording_step
        return peer


def mic_offset(token):
    """Where an AUTHENTICATE's MIC is (after VERSION, if any), or None if the
    payload starts right there: no MIC."""
    flags = authenticate_flags(token)
    if flags is None:
        return None
    at = 64 + (8 if flags & NTLMSSP_NEGOTIATE_VERSION else 0)
    # the six fields (Len, MaxLen, Offset) before the flags; empty ones do not count
    payload = [int.from_bytes(token[f + 4:f + 8], 'little') for f in range(12, 60, 8)
               if int.from_bytes(token[f:f + 2], 'little')]
    return at if payload and min(payload) >= at + 16 else None


def alter_mic(token):
    at = mic_offset(token)
    if at is None or BREAK == 'mic':
        return token
    return token[:at] + bytes([token[at] ^ 1]) + token[at + 1:]


# ---- session security after a handshake ------------------------------------------
# The driver relays each message from one side to the other, as is or with
# one byte flipped. PEERS_BREAK=seal swaps the two: every genuine message
# arrives with a byte flipped, every altered one as it was sent.

SIZES = (1, 1024, 16384)
SIG_FLIP = 6            # a byte of the checksum (signature bytes 4-11)
PAYLOAD = hashlib.shake_256(b'sspi interop payload').digest(max(SIZES) + 256)


def payload(n, size):
    """Message n of a run: size bytes, different for each n (below 256)."""
    return PAYLOAD[n:n + size]


def flip(blob, at):
    return blob[:at] + bytes([blob[at] ^ 0x5a]) + blob[at + 1:]


def wire(sig, data, alter=None):
    """What the receiver gets: (sig, data), alter = 'data' or 'signature'
    flips a byte of that part."""
    if BREAK == 'seal':
        alter = None if alter else 'signature'
    if alter == 'data':
        data = flip(data, len(data) // 2)
    elif alter == 'signature':
        sig = flip(sig, SIG_FLIP)
    return sig, data


class Side:
    """One end of a session: its peer and what it is."""

    def __init__(self, peer, name, ours, signs=True):
        self.peer, self.name, self.ours, self.signs = peer, name, ours, signs
        self.seq = None     # the sequence number its next signature must carry


def signature_problems(side, sig, what):
    """A sent NTLM signature: 16 bytes, version 1, the next sequence number."""
    problems = []
    if len(sig) != 16 or sig[:4] != b'\1\0\0\0':
        problems.append('%s: signature %s is not 16 bytes of version 1' % (what, sig.hex()))
    else:
        seq = int.from_bytes(sig[12:], 'little')
        if side.seq is not None and seq != side.seq:
            problems.append('%s: sequence number %d, %d expected' % (what, seq, side.seq))
        side.seq = seq + 1
    return problems


def send(tx, rx, kind, plain, alter=None):
    """tx seals (kind 'seal') or signs plain, rx takes it. Returns
    (problems with what tx sent, what rx answered: the plaintext or True, or a
    Refusal; None if tx sent nothing), and the message as sent."""
    what = '%d-byte message' % len(plain)
    if kind == 'seal':
        sent = tx.peer.seal(plain)
        if isinstance(sent, Refusal):
            return ['%s EncryptMessage of a %s: %s' % (tx.name, what, sent)], None, None
        sig, data = sent
        problems = signature_problems(tx, sig, '%s sealed a %s' % (tx.name, what))
        if len(data) != len(plain) or (len(plain) >= 16 and data == plain):
            problems.append('%s sealed a %s into %d bytes %s' % (tx.name, what, len(data),
                                                               data[:32].hex()))
        got = rx.peer.unseal(*wire(sig, data, alter))
    else:
        sig = tx.peer.sign(plain)
        if isinstance(sig, Refusal):
            return ['%s MakeSignature of a %s: %s' % (tx.name, what, sig)], None, None
        sent = sig, plain
        problems = signature_problems(tx, sig, '%s signed a %s' % (tx.name, what))
        got = rx.peer.verify(*wire(sig, plain, alter))
    return problems, got, sent


def take(rx, kind, sent, plain):
    """rx takes a message as it was sent (again); None, or what went wrong."""
    got = (rx.peer.unseal if kind == 'seal' else rx.peer.verify)(*wire(*sent))
    want = plain if kind == 'seal' else True
    if got == want:
        return None
    return 'refused with %s' % got if isinstance(got, Refusal) else 'gave back %s' % (
        got[:32].hex() if isinstance(got, bytes) else got)


CALLS = {'seal': ('EncryptMessage', 'DecryptMessage'),
         'sign': ('MakeSignature', 'VerifySignature')}


def genuine_messages(tx, rx, kinds, what, first=None):
    """Messages of each size, of each kind in turn, in sequence: each must
    come back as it went. first: (sig, data, plaintext) tx already sealed."""
    problems = {k: [] for k in kinds}
    if first:
        sig, data, plain = first
        problems['seal'] += signature_problems(tx, sig, '%s sealed its first message' % tx.name)
        got = rx.peer.unseal(*wire(sig, data))
        if got != plain:
            problems['seal'].append('%s message 0: %s' % (rx.name, got))
    n = 0
    for size in SIZES:
        for kind in kinds:
            n += 1
            plain = payload(n, size)
            sent_problems, got, _ = send(tx, rx, kind, plain)
            problems[kind] += sent_problems
            want = plain if kind == 'seal' else True
            if got is not None and got != want:
                problems[kind].append('%s %s a %d-byte message: %s' % (
                    rx.name, CALLS[kind][1], size,
                    got if isinstance(got, Refusal) else 'gave back %s' % got[:32].hex()))
    for kind in kinds:
        count = len(SIZES) + (1 if first and kind == 'seal' else 0)
        TAP.check(not problems[kind],
                  '%s: %s %s -> %s %s, %d messages up to 16 KiB in sequence%s' % (
                      what, tx.name, CALLS[kind][0], rx.name, CALLS[kind][1], count,
                      ', with signatures between' if len(kinds) > 1 and kind == 'seal' else ''),
                  '\n'.join(problems[kind]))


# A receiver that refuses a message either keeps its state as it was (libsspi:
# the genuine message can still come, then the next) or moves on as if it
# had taken it (gss-ntlmssp 1.2 and WinPR 2.11, measured: their RC4 stream
# and sequence number advance, so the genuine message is refused after that,
# and the sender's next message is taken; WinPR checks the MessageSeqNo its
# caller gives, and winpr_peer counts refused messages too). Both ways the
# sender must go on as though nothing happened.
FOREIGN_REFUSALS = set()


def altered_message(tx, rx, kind, alter, what):
    """A message with a byte flipped must be refused (by libsspi with
    SEC_E_MESSAGE_ALTERED); then libsspi must still take the genuine one
    and the next, a foreign receiver the next."""
    plain = payload(100, 1024)
    problems, got, sent = send(tx, rx, kind, plain, alter)
    desc = '%s: %s %s refuses a %s message with a flipped %s byte' % (
        what, rx.name, CALLS[kind][1], 'sealed' if kind == 'seal' else 'signed', alter)
    if rx.ours:
        desc += ' (SEC_E_MESSAGE_ALTERED)'
        refused = isinstance(got, Refusal) and got.status == SEC_E_MESSAGE_ALTERED
    else:
        refused = isinstance(got, Refusal)
    TAP.check(not problems and refused, desc, '\n'.join(problems + [
        '%s answered %s' % (rx.name, got if isinstance(got, Refusal) or got is None
                            else 'that it takes it')]))
    if refused and not rx.ours and (rx.name, kind) not in FOREIGN_REFUSALS:
        FOREIGN_REFUSALS.add((rx.name, kind))
        diag('%s: %s refuses it with %s' % (what, rx.name, got))
    if sent is None:
        return
    after = take(rx, kind, sent, plain) if rx.ours else None
    if after is None:
        plain = payload(101, 1024)
        more, got, _ = send(tx, rx, kind, plain)
        want = plain if kind == 'seal' else True
        if more or got != want:
            after = 'the next message: %s' % '; '.join(more + [
                str(got) if isinstance(got, Refusal) or got is None else 'not as sent'])
    TAP.check(after is None, '%s: %s then takes %s' % (
        what, rx.name, 'the genuine message and the next' if rx.ours else
        "%s's next message (it moved past the refused one)" % tx.name), after)


def session_tests(peers, roles, what):
    """Session security both ways between two established peers (then
    ended); roles: (name, ours, signs) of each."""
    c, s = [Side(p, *r) for p, r in zip(peers, roles)]
    kinds = ['seal', 'sign'] if c.signs and s.signs else ['seal']
    for tx, rx in ((c, s), (s, c)):
        seal = tx.peer.out.seal
        genuine_messages(tx, rx, kinds, what, (seal[:16], seal[16:], SEAL_TEXT) if seal else None)
    for tx, rx in ((c, s), (s, c)):
        for kind in kinds:
            for alter in ('data', 'signature'):
                altered_message(tx, rx, kind, alter, what)
    end_session(peers, what)


def end_session(peers, what):
    """Ends the peers of a session: each must exit cleanly (no sanitizer report)."""
    outs = [p.finish() for p in peers]
    TAP.check(not any(getattr(p, 'rc', 0) for p in peers),
              what + ': both peers end cleanly after the session',
              '\n'.join(o.describe() for o in outs))


# ---- the tests -----------------------------------------------------------------------

def expect_success(c, s, what, acct):
    """Checks a handshake that must succeed and the name the acceptor gives."""
    TAP.check(c.ok() and s.ok(), what + ': right password, both sides succeed', both(c, s))
    want = '%s\\%s' % (acct.domain, acct.user)
    TAP.check(s.user == want, what + ': acceptor names the user %s' % want,
              '%s reports user %r\n%s' % (s.name, s.user, both(c, s)))


def expect_keys_equal(c, s, what):
    ok = (c.ok() and s.ok() and c.key is not None and len(c.key) == 16 and c.key == s.key)
    TAP.check(ok, what + ': both sides hold the same 16-byte session key',
              '%s key %s\n%s key %s\n%s' % (c.name, c.key and c.key.hex(), s.name,
                                             s.key and s.key.hex(), both(c, s)))


def expect_mic_checked(make_client, acct, what):
    """The acceptor must check the MIC of a foreign AUTHENTICATE, not skip it."""
    client = Recorder(make_client, alter_mic)
    c, s = handshake(client, sspi_server(acct))
    has_mic = bool(client.sent) and mic_offset(client.sent[-1]) is not None
    TAP.check(has_mic and c.ok() and s.status == SEC_E_LOGON_DENIED,
              what + ': altered MIC, acceptor refuses the AUTHENTICATE with SEC_E_LOGON_DENIED',
              ('' if has_mic else 'the initiator sent no MIC to alter\n') + both(c, s))


def expect_denied(c, s, what, want_desc, refused):
    """The initiator cannot tell a wrong password: it must get to send its
    AUTHENTICATE, and the acceptor must refuse that, as refused(s) says."""
    TAP.check(c.ok() and refused(s),
              what + ': wrong password, acceptor refuses the AUTHENTICATE with %s' % want_desc,
              both(c, s))


def status_in(*statuses):
    return lambda s: s.status in statuses


def gss_refused_authenticate(s):
    # step 1 took the NEGOTIATE, step 2 the AUTHENTICATE
    return s.status == 'GSS error' and s.failed_at == 'step 2'


LIBSSPI_INITIATOR = ('libsspi initiator', True, True)
LIBSSPI_ACCEPTOR = ('libsspi acceptor', True, True)
GSS_INITIATOR = ('gss-ntlmssp initiator', False, True)
GSS_ACCEPTOR = ('gss-ntlmssp acceptor', False, True)
# no MakeSignature/VerifySignature for NTLM: SEC_E_UNSUPPORTED_FUNCTION
WINPR_INITIATOR = ('WinPR initiator', False, False)
WINPR_ACCEPTOR = ('WinPR acceptor', False, False)


def pair(make_client, make_server, messages):
    """A handshake; with messages, its peers are kept (see handshake())."""
    if messages:
        return handshake(make_client, make_server, keep=True)
    return handshake(make_client, make_server) + (None,)


def messages_after(peers, roles, what):
    """Session security over a successful handshake's peers (if kept)."""
    if peers:
        session_tests(peers, roles, what)


def gss_accepts(acct, denial=True):
    what = 'libsspi initiator -> gss-ntlmssp acceptor' + acct.tag
    c, s, peers = pair(sspi_client(acct, acct.right), gss_server(acct), denial)
    expect_success(c, s, what, acct)
    expect_keys_equal(c, s, what)
    want = '%s\\%s' % (acct.domain, acct.user)
    TAP.check(c.user == want, what + ': initiator names the user %s' % want,
              '%s reports user %r' % (c.name, c.user))
    messages_after(peers, (LIBSSPI_INITIATOR, GSS_ACCEPTOR), what)
    if denial:
        c, s = handshake(sspi_client(acct, acct.wrong), gss_server(acct))
        expect_denied(c, s, what, 'a GSS error', gss_refused_authenticate)


def gss_initiates(acct, denial=True):
    what = 'gss-ntlmssp initiator -> libsspi acceptor' + acct.tag
    c, s, peers = pair(gss_client(acct, acct.right), sspi_server(acct), denial)
    expect_success(c, s, what, acct)
    expect_keys_equal(c, s, what)
    messages_after(peers, (GSS_INITIATOR, LIBSSPI_ACCEPTOR), what)
    if denial:
        c, s = handshake(gss_client(acct, acct.wrong), sspi_server(acct))
        expect_denied(c, s, what, 'SEC_E_LOGON_DENIED', status_in(SEC_E_LOGON_DENIED))

    # as under SPNEGO: with a MIC
    what += ' (with a MIC)'
    client = Recorder(gss_client(acct, acct.right, mic=True))
    c, s = handshake(client, sspi_server(acct))
    has_mic = bool(client.sent) and mic_offset(client.sent[-1]) is not None
    TAP.check(has_mic and c.ok() and s.ok(),
              what + ': right password, both sides succeed',
              ('' if has_mic else 'the initiator sent no MIC\n') + both(c, s))
    expect_keys_equal(c, s, what)
    if denial:
        expect_mic_checked(gss_client(acct, acct.right, mic=True), acct, what)


def check_seal(sealer, keeper, flags, client_to_server, what):
    """sealer is WinPR's outcome (its sealed message), keeper the libsspi side's."""
    why = ''
    ok = False
    if flags is None:
        why = 'no AUTHENTICATE message seen'
    elif not flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY:
        why = 'negotiated flags 0x%08x lack extended session security' % flags
    elif sealer.seal is None or keeper.key is None:
        why = 'nothing to compare: seal %r, key %r' % (sealer.seal, keeper.key)
    else:
        want = expected_seal(keeper.key, flags, client_to_server, SEAL_TEXT)
        ok = sealer.seal == want
        why = ('%s sealed %s\nexpected with %s key %s (flags 0x%08x): %s'
               % (sealer.name, sealer.seal.hex(), keeper.name, keeper.key.hex(), flags,
                  want.hex()))
    TAP.check(ok, what + ': WinPR seals with the session key libsspi holds',
              why + '\n' + both(sealer, keeper))


def winpr_accepts(acct, denial=True):
    what = 'libsspi initiator -> WinPR acceptor' + acct.tag
    client = Recorder(sspi_client(acct, acct.right))
    c, s, peers = pair(client, winpr_server(acct), denial)
    expect_success(c, s, what, acct)
    check_seal(s, c, authenticate_flags(client.sent[-1] if client.sent else None), False,
               what)
    messages_after(peers, (LIBSSPI_INITIATOR, WINPR_ACCEPTOR), what)
    if denial:
        c, s = handshake(sspi_client(acct, acct.wrong), winpr_server(acct))
        # WinPR checks the MIC before the NTProofStr: SEC_E_MESSAGE_ALTERED when
        # the AUTHENTICATE has a MIC (libsspi's has), SEC_E_LOGON_DENIED without
        expect_denied(c, s, what, 'SEC_E_MESSAGE_ALTERED or SEC_E_LOGON_DENIED',
                      status_in(SEC_E_MESSAGE_ALTERED, SEC_E_LOGON_DENIED))


def winpr_initiates(acct, denial=True):
    what = 'WinPR initiator -> libsspi acceptor' + acct.tag
    client = Recorder(winpr_client(acct, acct.right))
    c, s, peers = pair(client, sspi_server(acct), denial)
    expect_success(c, s, what, acct)
    check_seal(c, s, authenticate_flags(client.sent[-1] if client.sent else None), True,
               what)
    messages_after(peers, (WINPR_INITIATOR, LIBSSPI_ACCEPTOR), what)
    if denial:
        c, s = handshake(winpr_client(acct, acct.wrong), sspi_server(acct))
        expect_denied(c, s, what, 'SEC_E_LOGON_DENIED', status_in(SEC_E_LOGON_DENIED))
        expect_mic_checked(winpr_client(acct, acct.right), acct, what)


def sspi_both(acct):
    """libsspi on both sides, through the driver: a cheap sanity check of
    the relaying and of the session checks themselves."""
    what = 'libsspi initiator -> libsspi acceptor' + acct.tag
    c, s, peers = pair(sspi_client(acct, acct.right), sspi_server(acct), True)
    expect_success(c, s, what, acct)
    expect_keys_equal(c, s, what)
    messages_after(peers, (LIBSSPI_INITIATOR, LIBSSPI_ACCEPTOR), what)


def winpr_accepts_non_ascii_user():
    # WinPR's SAM lookup does not find a non-ASCII user even when WinPR is the
    # initiator as well (measured with winpr_peer on both sides): not ours to test.
    TAP.skip('libsspi initiator -> WinPR acceptor (non-ASCII user name)',
             "WinPR 2.11's SAM file lookup finds no non-ASCII user, even WinPR to WinPR")


TESTS = (
    (sspi_both, ASCII),
    (gss_accepts, ASCII), (gss_initiates, ASCII),
    (winpr_accepts, ASCII), (winpr_initiates, ASCII),
    # the successes again with non-ASCII names
    (gss_accepts, NON_ASCII, False), (gss_initiates, NON_ASCII, False),
    (winpr_accepts, NON_ASCII_PASSWORD, False), (winpr_accepts_non_ascii_user,),
    (winpr_initiates, NON_ASCII, False),
)


def main():
    try:
        sspictl('account', 'flush')
        for acct in (ASCII, NON_ASCII, NON_ASCII_PASSWORD):
            sspictl('account', 'add', acct.domain, acct.user, stdin=acct.password + '\n')
    except Exception as e:      # the checks below then fail, each with its reason
        diag('setting up the account store: %s' % e)
    for test, *args in TESTS:
        started = time.monotonic()
        name = test.__name__ + (args[0].tag if args else '')
        try:
            test(*args)
        except Exception:
            TAP.check(False, '%s ran to its end' % name, traceback.format_exc())
        diag('%s: %.1f s' % (name, time.monotonic() - started))
    try:
        sspictl('account', 'flush')
    except Exception as e:
        diag('flushing the account store: %s' % e)
    shutil.rmtree(WORK, ignore_errors=True)
    return TAP.done()


if __name__ == '__main__':
    sys.exit(main())
