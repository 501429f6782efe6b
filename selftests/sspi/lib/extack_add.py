#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Adds an account over raw generic netlink and prints the kernel's answer.

Usage: extack_add.py DOMAIN USER PASSWORD. Prints "0" for an ack, else
"-ERRNO: EXTACK-MESSAGE" (the kernel's message as it is on the wire, which
libsspi passes on through SspiGetLastKernelMessage()), and exits 0 either
way; 2 when the family cannot be found.
"""
import os
import re
import socket
import struct
import sys

NETLINK_GENERIC = 16
NETLINK_EXT_ACK = 11
SOL_NETLINK = 270
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2
NLM_F_ACK_TLVS = 0x200
NLMSGERR_ATTR_MSG = 1
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 16, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2


def enum_values(header, name):
    """The values of the members of `enum name` in the uapi header."""
    body = re.search(r"enum %s \{(.*?)\};" % name, header, re.S).group(1)
    members = [m.split("=")[0].strip() for m in body.split(",")]
    return {m: i for i, m in enumerate(x for x in members if x)}


def attr(kind, data):
    pad = (4 - len(data) % 4) % 4
    return struct.pack("=HH", 4 + len(data), kind) + data + b"\0" * pad


def attrs(buf):
    while len(buf) >= 4:
        length, kind = struct.unpack_from("=HH", buf)
        yield kind & 0x3FFF, buf[4:length]
        buf = buf[(length + 3) & ~3:]


def request(sock, family, cmd, payload, seq):
    body = struct.pack("=BBH", cmd, 1, 0) + payload
    sock.send(struct.pack("=IHHII", 16 + len(body), family,
                          NLM_F_REQUEST | NLM_F_ACK, seq, 0) + body)
    while True:
        reply = sock.recv(65536)
        length, kind, flags, rseq, _ = struct.unpack_from("=IHHII", reply)
        if rseq == seq:
            return kind, flags, reply[16:length]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "../../../include/uapi/linux/sspi.h")) as f:
        header = f.read()
    cmds, attrs_ = enum_values(header, "sspi_cmd"), enum_values(header, "sspi_attr")
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
    sock.bind((0, 0))
    kind, _, body = request(sock, GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                            attr(CTRL_ATTR_FAMILY_NAME, b"sspi\0"), 1)
    family = [struct.unpack("=H", v[:2])[0] for k, v in attrs(body[4:])
              if kind != NLMSG_ERROR and k == CTRL_ATTR_FAMILY_ID]
    if not family:
        return 2
    domain, user, password = (s.encode("utf-16-le") for s in sys.argv[1:4])
    _, flags, body = request(sock, family[0], cmds["SSPI_CMD_ACCOUNT_ADD"],
                             attr(attrs_["SSPI_ATTR_DOMAIN"], domain) +
                             attr(attrs_["SSPI_ATTR_USER"], user) +
                             attr(attrs_["SSPI_ATTR_PASSWORD"], password), 2)
    err = struct.unpack_from("=i", body)[0]
    msg = ""
    if err and flags & NLM_F_ACK_TLVS:
        # the request comes back too unless capped: skip its header only
        inner = struct.unpack_from("=I", body, 4)[0]
        tlvs = body[20:] if flags & 0x100 else body[4 + ((inner + 3) & ~3):]
        msg = b"".join(v for k, v in attrs(tlvs)
                       if k == NLMSGERR_ATTR_MSG).rstrip(b"\0").decode()
    print("%d: %s" % (err, msg) if err else "0")
    return 0


if __name__ == "__main__":
    sys.exit(main())
