// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink door of sspi.ko: parses requests, calls the core and
 * puts its answer into a reply. No protocol logic lives here.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/sspi.h>
#include <net/genetlink.h>

#include "core.h"

static const struct nla_policy sspi_pkg_policy[SSPI_PKG_ATTR_MAX + 1] = {
	[SSPI_PKG_ATTR_NAME]		= { .type = NLA_REJECT },
	[SSPI_PKG_ATTR_COMMENT]		= { .type = NLA_REJECT },
	[SSPI_PKG_ATTR_CAPABILITIES]	= { .type = NLA_REJECT },
	[SSPI_PKG_ATTR_VERSION]		= { .type = NLA_REJECT },
	[SSPI_PKG_ATTR_RPCID]		= { .type = NLA_REJECT },
	[SSPI_PKG_ATTR_MAX_TOKEN]	= { .type = NLA_REJECT },
};

/* Reply-only attributes are rejected in requests. */
static const struct nla_policy sspi_policy[SSPI_ATTR_MAX + 1] = {
	[SSPI_ATTR_STATUS]	= { .type = NLA_REJECT },
	[SSPI_ATTR_PKG_NAME]	= { .type = NLA_NUL_STRING,
				    .len = SSPI_PKG_NAME_MAX - 1 },
	[SSPI_ATTR_PACKAGE]	= NLA_POLICY_NESTED(sspi_pkg_policy),
};

static struct genl_family sspi_genl_family;

static int sspi_put_package(struct sk_buff *skb,
			    const struct sspi_package_info *pkg)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, SSPI_ATTR_PACKAGE);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_string(skb, SSPI_PKG_ATTR_NAME, pkg->name) ||
	    nla_put_string(skb, SSPI_PKG_ATTR_COMMENT, pkg->comment) ||
	    nla_put_u32(skb, SSPI_PKG_ATTR_CAPABILITIES, pkg->capabilities) ||
	    nla_put_u16(skb, SSPI_PKG_ATTR_VERSION, pkg->version) ||
	    nla_put_u16(skb, SSPI_PKG_ATTR_RPCID, pkg->rpcid) ||
	    nla_put_u32(skb, SSPI_PKG_ATTR_MAX_TOKEN, pkg->max_token)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* Starts a reply to @info that carries @status. */
static struct sk_buff *sspi_reply_start(struct genl_info *info, u32 status,
					void **hdr)
{
	struct sk_buff *skb;

	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return NULL;
	*hdr = genlmsg_put_reply(skb, info, &sspi_genl_family, 0, info->genlhdr->cmd);
	if (!*hdr || nla_put_u32(skb, SSPI_ATTR_STATUS, status)) {
		nlmsg_free(skb);
		return NULL;
	}
	return skb;
}

static int sspi_nl_get_packages(struct sk_buff *req, struct genl_info *info)
{
	const struct sspi_package_info *pkg = NULL;
	struct sk_buff *skb;
	u32 status = SEC_E_OK;
	void *hdr;
	size_t i;
	int err;

	if (info->attrs[SSPI_ATTR_PKG_NAME]) {
		pkg = sspi_package_by_name(nla_data(info->attrs[SSPI_ATTR_PKG_NAME]));
		if (!pkg)
			status = SEC_E_SECPKG_NOT_FOUND;
	}

	skb = sspi_reply_start(info, status, &hdr);
	if (!skb)
		return -ENOMEM;

	err = 0;
	if (pkg) {
		err = sspi_put_package(skb, pkg);
	} else if (status == SEC_E_OK) {
		for (i = 0; i < sspi_package_count() && !err; i++)
			err = sspi_put_package(skb, sspi_package_by_index(i));
	}
	if (err) {
		nlmsg_free(skb);
		return err;
	}

	genlmsg_end(skb, hdr);
	return genlmsg_reply(skb, info);
}

static const struct genl_small_ops sspi_genl_ops[] = {
	{
		.cmd = SSPI_CMD_GET_PACKAGES,
		.doit = sspi_nl_get_packages,
	},
};

static struct genl_family sspi_genl_family __ro_after_init = {
	.name = SSPI_GENL_NAME,
	.version = SSPI_GENL_VERSION,
	.maxattr = SSPI_ATTR_MAX,
	.policy = sspi_policy,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.small_ops = sspi_genl_ops,
	.n_small_ops = ARRAY_SIZE(sspi_genl_ops),
	/* Strict attribute validation for every command. */
	.resv_start_op = SSPI_CMD_MAX + 1,
};

int __init sspi_genl_init(void)
{
	return genl_register_family(&sspi_genl_family);
}

void sspi_genl_exit(void)
{
	genl_unregister_family(&sspi_genl_family);
}

/* Lets a lookup of the family by name load the module. */
MODULE_ALIAS_GENL_FAMILY(SSPI_GENL_NAME);
