/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Raw generic netlink requests for the guest tests that speak to the
 * module (or genetlink's controller) without libsspi.
 */
#ifndef SSPI_SELFTEST_GENLMSG_H
#define SSPI_SELFTEST_GENLMSG_H

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

/* A request @cmd to the family @type in @buf, asking for an ack. */
static inline struct nlmsghdr *put_genl(void *buf, uint16_t type, uint8_t cmd)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = 1;
	return nlh;
}

#endif /* SSPI_SELFTEST_GENLMSG_H */
