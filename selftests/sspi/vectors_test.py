#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Checks the MS-NLMP known answers sspi.ko computes against the spec's.

Runs in the test guest with sspi.ko loaded and debugfs mounted: reads
/sys/kernel/debug/sspi/vectors ("<name> <hex>" per line) and
selftests/vectors/msnlmp.json, prints TAP, one test per vector of the json
(skipped if the kernel does not compute it yet) and one failed test per
kernel line the json does not know. Exit status 1 on any failure.
"""

import json
import os
import sys

DEBUGFS = "/sys/kernel/debug/sspi/vectors"
JSON = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                    "..", "vectors", "msnlmp.json")


def read_kernel(path):
    """Returns ({name: hex}, [problems]) from the debugfs file."""
    values, problems = {}, []
    with open(path, encoding="ascii") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            name, _, value = line.rpartition(" ")
            try:
                bytes.fromhex(value)
            except ValueError:
                name = ""
            if not name or not value:
                problems.append(f"line {n} malformed: {line!r}")
            elif name in values:
                problems.append(f"line {n}: {name} repeated")
            else:
                values[name] = value.lower()
    return values, problems


def main():
    print("TAP version 13")
    with open(JSON, encoding="utf-8") as f:
        vectors = json.load(f)["vectors"]
    try:
        kernel, problems = read_kernel(DEBUGFS)
    except OSError as e:
        print(f"Bail out! cannot read {DEBUGFS}: {e}")
        return 1

    results = []
    for v in vectors:
        name, expected = v["name"], v["expected"].lower()
        got = kernel.pop(name, None)
        if got is None:
            results.append((True, f"{name} # SKIP not computed by the kernel yet"))
        elif got == expected:
            results.append((True, name))
        else:
            results.append((False, f"{name} (got {got}, expected {expected})"))
    for name, got in kernel.items():
        results.append((False, f"{name} (kernel value {got}: not in {os.path.basename(JSON)})"))
    for p in problems:
        results.append((False, f"{DEBUGFS}: {p}"))

    print(f"1..{len(results)}")
    for n, (ok, text) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {n} - {text}")
    return 0 if all(ok for ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
