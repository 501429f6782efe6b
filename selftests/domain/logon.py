#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""One NTLM logon to the libsspi acceptor, through the interop driver of
selftests/peers (run.py's peers and handshake relay), for domain_test.sh.

  logon.py CLIENT DOMAIN USER PASSWORD EXPECT [MIN_S [MAX_S]]

CLIENT: sspi (libsspi's sspi_peer) or gss (gss-ntlmssp through python3-gssapi).
EXPECT: ok (both sides succeed, the acceptor names DOMAIN\\USER, both hold
the same 16-byte session key), ok:NAME (the same, but the acceptor names
NAME: the account as its domain spells it) or the status the
acceptor must refuse the AUTHENTICATE with (SEC_E_LOGON_DENIED,
SEC_E_NO_AUTHENTICATING_AUTHORITY). MIN_S, MAX_S: the handshake must take
at least / at most that many seconds (a wait the kernel bounds).
Exits 0 if the logon went as expected; else 1, saying why.
"""
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                'peers'))
import run  # noqa: E402  (selftests/peers/run.py: the peers and the relay)
from peerlib import SEC_E_LOGON_DENIED  # noqa: E402

STATUSES = {'SEC_E_LOGON_DENIED': SEC_E_LOGON_DENIED,
            'SEC_E_NO_AUTHENTICATING_AUTHORITY': 0x80090311}


def main(argv):
    client, domain, user, password, expect = argv[1:6]
    bounds = [float(s) for s in argv[6:8]]
    acct = run.Account(domain, user, password)
    make_client = (run.sspi_client if client == 'sspi' else run.gss_client)(acct, password)
    started = time.monotonic()
    c, s = run.handshake(make_client, run.sspi_server(acct))
    took = time.monotonic() - started
    problems = []
    if expect.startswith('ok'):
        want = expect[3:] or '%s\\%s' % (domain, user)
        if not (c.ok() and s.ok()):
            problems.append('the logon failed')
        elif s.user != want:
            problems.append('the acceptor names %r, not %r' % (s.user, want))
        elif not (c.key and len(c.key) == 16 and c.key == s.key):
            problems.append('session keys differ: initiator %s, acceptor %s' %
                            (c.key and c.key.hex(), s.key and s.key.hex()))
    elif not (c.ok() and s.status == STATUSES[expect]):
        # the initiator cannot tell: it must get to send its AUTHENTICATE
        problems.append('the acceptor did not refuse the AUTHENTICATE with %s' % expect)
    if bounds and took < bounds[0]:
        problems.append('it took %.1f s, less than %.1f s' % (took, bounds[0]))
    if len(bounds) > 1 and took > bounds[1]:
        problems.append('it took %.1f s, more than %.1f s' % (took, bounds[1]))
    shutil.rmtree(run.WORK, ignore_errors=True)
    if problems:
        print('\n'.join(problems + [run.both(c, s)]))
        return 1
    shown = want if expect.startswith('ok') else expect
    print('%s: %s in %.1f s' % (shown, run.status_name(s.status), took))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
