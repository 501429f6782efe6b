#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Turns the benchmarks' JSON lines into a table and a JSON file.

    report.py RESULTS.jsonl MACHINE.json OUT.json

Every figure gets its ratio to FreeRDP WinPR's figure for the same measure
and thread count ("x WinPR": the value divided by WinPR's; for rates higher
is better, for times and bytes lower is better). The targets of the issue
are evaluated and printed, never asserted: the exit status only says
whether the results could be read.
"""
import json
import re
import sys

LABELS = {
    'handshake_rate': 'full handshakes/s',
    'handshake_rate_procs': 'full handshakes/s, one process per thread',
    'call_bare_roundtrip_mean': 'bare genetlink round trip (mean)',
    'call_bare_roundtrip_p50': 'bare genetlink round trip (p50)',
    'call_raw_roundtrip_ack_mean': 'same request, own libmnl socket, NLM_F_ACK (mean)',
    'call_raw_roundtrip_ack_p50': 'same request, own libmnl socket, NLM_F_ACK (p50)',
    'call_raw_roundtrip_noack_mean': 'same request, own socket, no NLM_F_ACK (mean)',
    'call_raw_roundtrip_noack_p50': 'same request, own socket, no NLM_F_ACK (p50)',
    'call_isc_first_mean': 'first InitializeSecurityContext (mean)',
    'call_isc_first_p50': 'first InitializeSecurityContext (p50)',
    'call_query_flags_mean': 'QueryContextAttributes (mean)',
    'call_query_flags_p50': 'QueryContextAttributes (p50)',
    'call_delete_mean': 'DeleteSecurityContext (mean)',
    'call_delete_p50': 'DeleteSecurityContext (p50)',
    'mem_pending_objects': 'per pending context: live slab objects',
    'mem_pending_slab_vmalloc': 'per pending context: Slab+VmallocUsed delta',
    'mem_established_objects': 'per established context: live slab objects',
    'mem_established_slab_vmalloc': 'per established context: Slab+VmallocUsed delta',
    'mem_sealing_objects': 'added by sealing (both ends): live slab objects',
    'mem_sealing_slab_vmalloc': 'added by sealing (both ends): Slab+Vmalloc delta',
    'mem_pending_at_max_objects': 'per pending context at the scale maximum: slab objects',
    'mem_pending_at_max_slab_vmalloc': 'per pending context at the scale maximum: Slab+Vmalloc',
    'scale_live_contexts': 'live contexts reached (one socket)',
    'scale_create_rate': 'contexts created/s (ISC 1 each)',
    'scale_delete_rate': 'contexts deleted/s',
    'pass_through_rate': 'handshakes/s, domain user (sspi-authd, winbind, DC)',
    'pass_through_local_rate': 'handshakes/s, local account, beside them',
    'wbc_auth_rate': 'wbcAuthenticateUserEx in-process (winbind, DC)',
    'wbinfo_auth_rate': 'wbinfo -a (a process each; both checks)',
    'wbinfo_ping_rate': 'wbinfo -p (a process each; winbindd only)',
}
SECTIONS = [
    ('1. Full NTLMv2 handshakes (ISC, ASC, ISC, ASC, 2 deletes)', r'^handshake_rate'),
    ('2. One SSPI call, broken down', r'^call_'),
    ('3. Sign/seal throughput', r'^((sign|seal)_throughput|seal16k_rate)$'),
    ('4. Memory per context (sspi: kernel; WinPR: its process heap)', r'^mem_'),
    ('5. Scale', r'^scale_'),
    ('6. Domain accounts: pass-through to a Samba AD DC (bench/domain)',
     r'^(pass_through|wbc|wbinfo)_'),
]
IMPL_ORDER = ['winpr', 'libsspi', 'kernel-api', 'gss-ntlmssp']


def label(metric):
    m = re.match(r'scale_query_(p50|p99|p99min|p99max)_at_(\d+)$', metric)
    if m:
        what = {'p50': 'p50 (median of rounds)', 'p99': 'p99 (median of rounds)',
                'p99min': 'p99 (lowest round)', 'p99max': 'p99 (highest round)'}
        return 'QueryContextAttributes %s at %s live contexts' % (what[m.group(1)],
                                                                 m.group(2))
    return LABELS.get(metric, metric)


def fmt(v):
    if v is None:
        return '-'
    if abs(v) >= 100:
        return '{:,.0f}'.format(v)
    return '%.3g' % v


def throughput_table(sec):
    """One line per operation, size and implementation: MB/s, messages/s."""
    ops = {'sign': 'MakeSignature + VerifySignature (gss_get_mic + verify_mic)',
           'seal': 'EncryptMessage + DecryptMessage (gss_wrap + gss_unwrap)'}
    for r in sorted((r for r in sec if r['metric'] == 'seal16k_rate'),
                    key=lambda r: r['threads']):
        print('  libsspi, 16 KiB EncryptMessage + DecryptMessage, a context pair per '
              'thread, %d thread(s): %s messages/s' % (r['threads'], fmt(r['value'])))
    for op in ('sign', 'seal'):
        rows = [r for r in sec if r['metric'] == op + '_throughput']
        if not rows:
            continue
        gss = {r['size']: r['value'] for r in rows if r['impl'] == 'gss-ntlmssp'}
        print('  ' + ops[op])
        print('    %8s %-11s %12s %14s %8s %8s' % ('bytes', 'impl', 'MB/s', 'messages/s',
                                                'x WinPR', 'x gss'))
        rows.sort(key=lambda r: (r['size'], IMPL_ORDER.index(r['impl'])
                                 if r['impl'] in IMPL_ORDER else 9))
        for r in rows:
            ratio = r['ratio_to_winpr']
            base = gss.get(r['size'])
            if r['value'] is not None and base:
                r['ratio_to_gss'] = r['value'] / base
            print('    %8d %-11s %12s %14s %8s %8s' % (
                r['size'], r['impl'], fmt(r['value']) if r['value'] is not None
                else r['unit'], fmt(r.get('ops')),
                '%.2fx' % ratio if ratio is not None else '-',
                '%.2fx' % r['ratio_to_gss'] if 'ratio_to_gss' in r else '-'))


def main():
    rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip().startswith('{')]
    try:
        machine = json.load(open(sys.argv[2]))
    except (OSError, ValueError):
        machine = {}
    winpr = {}
    for r in rows:
        if r['impl'] == 'winpr' and r['value'] is not None:
            winpr[(r['metric'], r['threads'], r.get('size'))] = r['value']
    for r in rows:
        base = winpr.get((r['metric'], r['threads'], r.get('size')))
        if base is None and r['metric'] == 'handshake_rate_procs':
            base = winpr.get(('handshake_rate', r['threads'], None))
        r['ratio_to_winpr'] = (r['value'] / base
                               if base and r['value'] is not None else None)

    print('sspi benchmarks: %s, %s vCPU(s), %s MB, kernel %s%s' % (
        machine.get('cpu', '?'), machine.get('cpus', '?'),
        int(machine.get('mem_kb', 0)) // 1024, machine.get('kernel', '?'),
        ' (QUICK: smoke run, not a measurement)' if machine.get('quick') else ''))
    for title, pat in SECTIONS:
        sec = [r for r in rows if re.search(pat, r['metric'])]
        if not sec:
            continue
        print('\n' + title)
        if title.startswith('3.'):
            throughput_table(sec)
            continue
        print('  %-58s %-11s %3s %14s %-15s %8s' % ('measure', 'impl', 'thr', 'value', 'unit',
                                                 'x WinPR'))
        sec.sort(key=lambda r: (r['metric'].startswith('scale_query'), r['threads'],
                                r['metric'], IMPL_ORDER.index(r['impl'])
                                if r['impl'] in IMPL_ORDER else 9))
        for r in sec:
            ratio = r['ratio_to_winpr']
            print('  %-58s %-11s %3d %14s %-15s %8s' % (
                label(r['metric'])[:58], r['impl'], r['threads'], fmt(r['value']),
                r['unit'][:15], '%.2fx' % ratio if ratio is not None else '-'))

    def get(impl, metric, threads=1):
        for r in rows:
            if r['impl'] == impl and r['metric'] == metric and r['threads'] == threads:
                return r
        return None

    targets = []
    cpus = machine.get('cpus', 1)

    def target(name, ok, detail):
        targets.append({'target': name, 'met': ok, 'detail': detail})

    for t in sorted({1, cpus}):
        r = get('libsspi', 'handshake_rate', t)
        if r and r['ratio_to_winpr'] is not None:
            target('libsspi handshakes >= 1.0x WinPR (%d thread(s))' % t,
                   r['ratio_to_winpr'] >= 1.0, '%.2fx' % r['ratio_to_winpr'])
        r = get('kernel-api', 'handshake_rate', t)
        if r and r['ratio_to_winpr'] is not None:
            target('in-kernel API handshakes >= 3x WinPR (%d thread(s))' % t,
                   r['ratio_to_winpr'] >= 3.0, '%.2fx' % r['ratio_to_winpr'])
    for impl in ('libsspi', 'kernel-api'):
        for r in rows:
            if (r['impl'] == impl and r['metric'] == 'seal_throughput' and
                    r.get('size') == 65536 and r['ratio_to_winpr'] is not None):
                target('%s EncryptMessage at 64 KiB >= 0.8x WinPR' % impl,
                       r['ratio_to_winpr'] >= 0.8, '%.2fx' % r['ratio_to_winpr'])
    r = get('libsspi', 'mem_established_objects')
    if r:
        target('<= 1 KiB kernel memory per established context', r['value'] <= 1024,
               '%.0f bytes' % r['value'])
    r = get('libsspi', 'scale_live_contexts')
    if r:
        target('1 M live contexts', r['value'] >= 1e6, '%.0f' % r['value'])
    p99 = sorted(((int(re.search(r'_at_(\d+)$', r['metric']).group(1)), r['value'])
                  for r in rows if r['impl'] == 'libsspi' and
                  r['metric'].startswith('scale_query_p99_at_')))
    if len(p99) >= 2:
        (n0, v0), (n1, v1) = p99[0], p99[-1]
        target('p99 (median of rounds) at the most contexts <= 1.5x at the fewest',
               v1 <= 1.5 * v0,
               '%.2fx (%d: %.1f us, %d: %.1f us)' % (v1 / v0, n1, v1, n0, v0))
    print('\nTargets (informational, never asserted)')
    for t in targets:
        print('  %-6s %-58s %s' % ('met' if t['met'] else 'MISSED', t['target'], t['detail']))

    with open(sys.argv[3], 'w') as f:
        json.dump({'machine': machine, 'results': rows, 'targets': targets}, f, indent=1)
    print('\nJSON: %s' % sys.argv[3])


if __name__ == '__main__':
    main()
