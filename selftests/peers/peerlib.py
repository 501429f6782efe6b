# SPDX-License-Identifier: GPL-2.0
"""What the interop drivers (run.py, quirks.py) share: TAP output, the C
peers (sspi_peer, winpr_peer) driven over the line protocol of peer_io.h,
and sspictl for the kernel's account store.

Settings the drivers may change: VERBOSE (print every line a peer says),
FLIP_KEY (flip a bit of every key a libsspi peer reports, to see that the
key checks can fail).
"""
import os
import queue
import subprocess
import threading

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get('PEERS_BIN', os.path.join(TOP, 'build/selftests/peers'))
SSPICTL = os.environ.get('SSPICTL', os.path.join(TOP, 'build/tools/sspictl'))
TIMEOUT = 30          # seconds for any one answer from a peer
VERBOSE = False
FLIP_KEY = False

SEC_E_OK = 0
SEC_I_CONTINUE_NEEDED = 0x00090312
SEC_E_UNSUPPORTED_FUNCTION = 0x80090302
SEC_E_LOGON_DENIED = 0x8009030C
SEC_E_MESSAGE_ALTERED = 0x8009030F
SEC_E_OUT_OF_SEQUENCE = 0x80090310
SEC_E_BAD_BINDINGS = 0x80090346
STATUS_NAMES = {
    SEC_E_OK: 'SEC_E_OK',
    SEC_E_UNSUPPORTED_FUNCTION: 'SEC_E_UNSUPPORTED_FUNCTION',
    SEC_E_LOGON_DENIED: 'SEC_E_LOGON_DENIED',
    SEC_E_MESSAGE_ALTERED: 'SEC_E_MESSAGE_ALTERED',
    SEC_E_OUT_OF_SEQUENCE: 'SEC_E_OUT_OF_SEQUENCE',
    SEC_E_BAD_BINDINGS: 'SEC_E_BAD_BINDINGS',
}


def status_name(status):
    if isinstance(status, int):
        return STATUS_NAMES.get(status, '0x%08x' % status)
    return str(status)


def diag(text):
    for line in str(text).splitlines():
        print('# ' + line, flush=True)


# ---- TAP ---------------------------------------------------------------------

class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, ok, what, why=None):
        self.n += 1
        if not ok:
            self.failed += 1
        print('%s %d - %s' % ('ok' if ok else 'not ok', self.n, what), flush=True)
        if not ok and why:
            diag(why)
        return ok

    def skip(self, what, why):
        self.n += 1
        print('ok %d - %s # SKIP %s' % (self.n, what, why), flush=True)

    def done(self):
        print('1..%d' % self.n, flush=True)
        return 1 if self.failed else 0


TAP = Tap()


# ---- the peers -----------------------------------------------------------------

class Outcome:
    """What one side reports at the end of its handshake."""

    def __init__(self, name):
        self.name = name
        # an int (SECURITY_STATUS), or a string: 'eof' (the handshake ended
        # before this side finished), 'GSS error', 'crashed', 'timeout', 'exit N'
        self.status = None
        self.key = None
        self.user = None
        self.flags = None
        self.seal = None
        self.notes = []
        self.calls = []
        self.failed_at = None   # GssPeer: which step raised

    def ok(self):
        return self.status == SEC_E_OK

    def describe(self):
        st = self.status
        if isinstance(st, int):
            st = '0x%08x' % st
        out = '%s: status %s' % (self.name, st)
        if self.calls:
            out += '; calls: ' + ', '.join(self.calls)
        for n in self.notes:
            out += '\n%s: %s' % (self.name, n)
        return out


class Refusal:
    """A session security call that failed: its SECURITY_STATUS (an int),
    or None and why (a GSS error, a peer that is gone)."""

    def __init__(self, status, text=None):
        self.status, self.text = status, text

    def __str__(self):
        if self.status is not None:
            return status_name(self.status)
        return self.text


class ProcPeer:
    """A C peer (sspi_peer, winpr_peer) speaking the peer_io.h line protocol."""

    def __init__(self, name, argv):
        self.out = Outcome(name)
        self.done = False
        self.lines = queue.Queue()
        self.stderr = []
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, encoding='utf-8',
                                     errors='replace', bufsize=1)
        threading.Thread(target=self._pump, args=(self.proc.stdout, self.lines.put),
                         daemon=True).start()
        threading.Thread(target=self._pump, args=(self.proc.stderr, self.stderr.append),
                         daemon=True).start()

    @staticmethod
    def _pump(stream, put):
        for line in stream:
            put(line.rstrip('\n'))
        put(None)

    def _read(self):
        """Reads lines up to the next token (returned) or the end (None)."""
        while not self.done:
            try:
                line = self.lines.get(timeout=TIMEOUT)
            except queue.Empty:
                self.out.notes.append('no answer in %d s' % TIMEOUT)
                self.out.status = 'timeout'
                self.done = True
                break
            if line is None:
                if self.out.status is None:
                    self.out.status = 'crashed'
                self.done = True
                break
            if VERBOSE:
                diag('%s> %s' % (self.out.name, line[:2000]))
            tag, _, rest = line.partition(' ')
            rest = rest.strip()
            if tag == 'token':
                return bytes.fromhex(rest)
            if tag == 'call':
                self.out.calls.append(rest)
            elif tag == 'status':
                self.out.status = int(rest, 16) if rest.startswith('0x') else rest
            elif tag == 'key':
                self.out.key = bytes.fromhex(rest)
                if FLIP_KEY and self.out.name.startswith('libsspi'):
                    self.out.key = bytes([self.out.key[0] ^ 1]) + self.out.key[1:]
            elif tag == 'seal':
                self.out.seal = bytes.fromhex(rest)
            elif tag == 'user':
                self.out.user = rest
            elif tag == 'flags':
                self.out.flags = int(rest, 16)
            elif tag == 'note':
                self.out.notes.append(rest)
            elif tag == 'end':
                self.done = True
            else:
                self.out.notes.append('unexpected line: ' + line[:100])
        return None

    def step(self, token):
        if token is not None and not self.done:
            try:
                self.proc.stdin.write('token %s\n' % token.hex())
                self.proc.stdin.flush()
            except BrokenPipeError:
                pass
        return self._read()

    def finish(self):
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        self._read()
        # what the peer said after its last answer
        while True:
            try:
                line = self.lines.get(timeout=TIMEOUT)
            except queue.Empty:
                break
            if line is None:
                break
            if line.startswith('note '):
                self.out.notes.append(line[5:])
        try:
            rc = self.proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        # sanitizers and crashes speak on stderr
        if rc != 0:
            self.out.notes.append('exit status %d' % rc)
            if self.out.status == SEC_E_OK:
                self.out.status = 'exit %d' % rc
        self.rc = rc
        for line in self.stderr:
            if line:
                self.out.notes.append('stderr: ' + line)
        return self.out

    def settle(self):
        """Reads what the peer says up to the end of its handshake report
        (it then waits for session security requests)."""
        while not self.done:
            if self._read() is not None:
                self.out.notes.append('a token came after the end of the handshake')

    # -- session security (peer_session.h); each returns a Refusal on failure

    def _request(self, line):
        """Sends one request; its answer as (tag, fields), or a Refusal."""
        try:
            self.proc.stdin.write(line + '\n')
            self.proc.stdin.flush()
        except (BrokenPipeError, ValueError):
            return Refusal(None, 'the peer is gone')
        while True:
            try:
                answer = self.lines.get(timeout=TIMEOUT)
            except queue.Empty:
                return Refusal(None, 'no answer in %d s' % TIMEOUT)
            if answer is None:
                self.lines.put(None)
                return Refusal(None, 'the peer is gone')
            if VERBOSE:
                diag('%s> %s' % (self.out.name, answer[:200]))
            tag, _, rest = answer.partition(' ')
            if tag == 'note':
                self.out.notes.append(rest)
                continue
            if tag == 'status':
                return Refusal(int(rest, 16))
            return tag, rest.split(' ')

    def _answer(self, line, want, nfields):
        got = self._request(line)
        if isinstance(got, Refusal):
            return got
        tag, fields = got
        if tag != want or len(fields) != nfields:
            return Refusal(None, 'unexpected answer %s %s' % (tag, ' '.join(fields)[:60]))
        try:
            return [bytes.fromhex(f) for f in fields]
        except ValueError:
            return Refusal(None, 'bad hex in the answer %s' % tag)

    def seal(self, data):
        got = self._answer('seal ' + data.hex(), 'sealed', 2)
        return got if isinstance(got, Refusal) else tuple(got)

    def unseal(self, sig, data):
        got = self._answer('unseal %s %s' % (sig.hex(), data.hex()), 'plain', 1)
        return got if isinstance(got, Refusal) else got[0]

    def sign(self, data):
        got = self._answer('sign ' + data.hex(), 'signed', 1)
        return got if isinstance(got, Refusal) else got[0]

    def verify(self, sig, data):
        got = self._request('verify %s %s' % (sig.hex(), data.hex()))
        if isinstance(got, Refusal) or got[0] == 'verified':
            return True if not isinstance(got, Refusal) else got
        return Refusal(None, 'unexpected answer %s' % got[0])


# ---- the accounts -----------------------------------------------------------

def sspictl(*args, stdin=None):
    r = subprocess.run([SSPICTL] + list(args), input=stdin, encoding='utf-8',
                       capture_output=True, timeout=TIMEOUT)
    if r.returncode != 0:
        raise RuntimeError('sspictl %s: exit %d: %s' % (' '.join(args), r.returncode,
                                                        r.stderr.strip()))
