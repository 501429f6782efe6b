// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink door of sspi.ko: parses requests, calls the core and
 * puts its answer into a reply. No protocol logic lives here.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <linux/slab.h>
#include <linux/sspi.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "account.h"
#include "context.h"
#include "core.h"
#include "cred.h"
#include "inplace.h"
#include "keyring.h"
#include "authority.h"

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
	[SSPI_ATTR_CRED_USE]	= { .type = NLA_U32 },
	[SSPI_ATTR_USER]	= { .type = NLA_BINARY, .len = SSPI_NAME_MAX },
	[SSPI_ATTR_DOMAIN]	= { .type = NLA_BINARY, .len = SSPI_NAME_MAX },
	[SSPI_ATTR_PASSWORD]	= { .type = NLA_BINARY, .len = SSPI_PASSWORD_MAX },
	[SSPI_ATTR_NT_HASH]	= NLA_POLICY_EXACT_LEN(SSPI_NT_HASH_LEN),
	[SSPI_ATTR_CRED_HANDLE]	= { .type = NLA_U64 },
	[SSPI_ATTR_CTX_HANDLE]	= { .type = NLA_U64 },
	[SSPI_ATTR_EXPIRY]	= { .type = NLA_REJECT },
	[SSPI_ATTR_TARGET]	= { .type = NLA_BINARY, .len = SSPI_NAME_MAX },
	[SSPI_ATTR_CONTEXT_REQ]	= { .type = NLA_U32 },
	[SSPI_ATTR_CONTEXT_ATTR] = { .type = NLA_REJECT },
	[SSPI_ATTR_INPUT_TOKEN]	= { .type = NLA_BINARY, .len = SSPI_TOKEN_MAX },
	[SSPI_ATTR_OUTPUT_TOKEN] = { .type = NLA_U32 },	/* request: room for it */
	[SSPI_ATTR_CHANNEL_BINDINGS] = { .type = NLA_BINARY, .len = SSPI_BINDINGS_MAX },
	[SSPI_ATTR_ATTRIBUTE]	= { .type = NLA_U32 },
	[SSPI_ATTR_CONTEXT_INFO] = { .type = NLA_REJECT },
	[SSPI_ATTR_ACCOUNT]	= { .type = NLA_REJECT },
	/* Any length a netlink attribute has; the handler bounds the sum. */
	[SSPI_ATTR_DATA]	= { .type = NLA_BINARY },
	[SSPI_ATTR_DATA_SIGNED]	= { .type = NLA_BINARY },
	[SSPI_ATTR_SIGNATURE]	= NLA_POLICY_EXACT_LEN(SSPI_SIGNATURE_LEN),
	[SSPI_ATTR_SEQNUM]	= { .type = NLA_U32 },
	[SSPI_ATTR_QOP]		= { .type = NLA_U32 },
	[SSPI_ATTR_LM_COMPAT]	= { .type = NLA_U32 },
	[SSPI_ATTR_LM_HASH]	= NLA_POLICY_EXACT_LEN(SSPI_LM_HASH_LEN),
	[SSPI_ATTR_DATA_INPLACE] = NLA_POLICY_EXACT_LEN(sizeof(struct sspi_inplace_part)),
	[SSPI_ATTR_MIN_SEC]	= { .type = NLA_U32 },
	[SSPI_ATTR_BAD_LOGONS]	= { .type = NLA_REJECT },
	[SSPI_ATTR_LOCKED_UNTIL] = { .type = NLA_REJECT },
	[SSPI_ATTR_NS_STATUS]	= { .type = NLA_REJECT },
	[SSPI_ATTR_REQUEST_ID]	= { .type = NLA_U32 },
	[SSPI_ATTR_CHALLENGE]	= { .type = NLA_REJECT },
	[SSPI_ATTR_WORKSTATION]	= { .type = NLA_REJECT },
	[SSPI_ATTR_LM_RESPONSE]	= { .type = NLA_REJECT },
	[SSPI_ATTR_NT_RESPONSE]	= { .type = NLA_REJECT },
	[SSPI_ATTR_NTSTATUS]	= { .type = NLA_U32 },
	[SSPI_ATTR_SESSION_KEY]	= NLA_POLICY_EXACT_LEN(SSPI_SESSION_KEY_LEN),
	[SSPI_ATTR_SID]		= { .type = NLA_NUL_STRING, .len = SSPI_SID_MAX - 1 },
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

	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL_ACCOUNT);
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

/* The bytes of an optional binary attribute. */
static const u8 *attr_bytes(struct genl_info *info, int type, size_t *len)
{
	struct nlattr *a = info->attrs[type];

	*len = a ? nla_len(a) : 0;
	return a ? nla_data(a) : NULL;
}

static u64 attr_u64(struct genl_info *info, int type)
{
	return info->attrs[type] ? nla_get_u64(info->attrs[type]) : 0;
}

/**
 * errno_status() - the SECURITY_STATUS of an errno from the core or netlink
 * @err: 0 or a negative errno
 *
 * Return: %SEC_E_OK for 0; %SEC_E_INSUFFICIENT_MEMORY for what runs out
 * (memory, a limit on objects, a full table); %SEC_E_INVALID_PARAMETER for
 * an address out of the caller's reach; %SEC_E_INTERNAL_ERROR otherwise.
 */
static s32 errno_status(int err)
{
	switch (err) {
	case 0:
		return SEC_E_OK;
	case -ENOMEM:
	case -ENOSPC:
	case -EDQUOT:
	case -E2BIG:
	case -EBUSY:
		return SEC_E_INSUFFICIENT_MEMORY;
	case -EFAULT:
		return SEC_E_INVALID_PARAMETER;
	default:
		return SEC_E_INTERNAL_ERROR;
	}
}

/*
 * Handles belong to the socket a request came from (not to its port id,
 * which another socket may bind once it closes): noted before each request.
 */
static int sspi_pre_doit(const struct genl_ops *ops, struct sk_buff *skb,
			 struct genl_info *info)
{
	info->user_ptr[0] = NETLINK_CB(skb).sk;
	return 0;
}

static struct sock *sender(struct genl_info *info)
{
	return info->user_ptr[0];
}

/* Sends a reply that carries only @status (and @handle when not 0). */
static int reply_status(struct genl_info *info, s32 status, int handle_type,
			u64 handle, u64 expiry)
{
	struct sk_buff *skb;
	void *hdr;

	skb = sspi_reply_start(info, status, &hdr);
	if (!skb)
		return -ENOMEM;
	if ((handle && nla_put_u64_64bit(skb, handle_type, handle, SSPI_ATTR_UNSPEC)) ||
	    (expiry && nla_put_u64_64bit(skb, SSPI_ATTR_EXPIRY, expiry, SSPI_ATTR_UNSPEC))) {
		nlmsg_free(skb);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return genlmsg_reply(skb, info);
}

static int sspi_nl_acquire_credentials(struct sk_buff *req, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct sspi_identity id = { };
	struct sspi_cred *cred;
	const char *package;
	s32 status;
	u32 use;
	int err;

	package = info->attrs[SSPI_ATTR_PKG_NAME] ?
		  nla_data(info->attrs[SSPI_ATTR_PKG_NAME]) : NULL;
	use = info->attrs[SSPI_ATTR_CRED_USE] ?
	      nla_get_u32(info->attrs[SSPI_ATTR_CRED_USE]) : 0;
	id.user = attr_bytes(info, SSPI_ATTR_USER, &id.user_len);
	id.domain = attr_bytes(info, SSPI_ATTR_DOMAIN, &id.domain_len);
	id.password = attr_bytes(info, SSPI_ATTR_PASSWORD, &id.password_len);

	/* The sender's default credential, never for a less privileged opener. */
	if ((use & SSPI_CRED_OUTBOUND) && sspi_identity_none(&id) &&
	    !sspi_sender_within_opener(req))
		status = SEC_E_NO_CREDENTIALS;
	else
		status = sspi_cred_acquire(net, package, use, &id, &cred);
	if (status)
		return reply_status(info, status, 0, 0, 0);
	err = sspi_handle_publish(&cred->obj, sender(info), info->snd_portid);
	if (err) {
		sspi_cred_put(cred);
		return reply_status(info, errno_status(err), 0, 0, 0);
	}
	err = reply_status(info, SEC_E_OK, SSPI_ATTR_CRED_HANDLE, cred->obj.handle,
			   SSPI_EXPIRY_NEVER);
	if (err)
		sspi_handle_unpublish(&cred->obj);
	sspi_cred_put(cred);
	return err;
}

static struct sspi_object *lookup(struct genl_info *info, int attr,
				  enum sspi_object_type type)
{
	return sspi_handle_get(attr_u64(info, attr), type, sender(info));
}

static int sspi_nl_free_handle(struct genl_info *info, int attr,
			       enum sspi_object_type type)
{
	struct sspi_object *obj = lookup(info, attr, type);
	s32 status = SEC_E_INVALID_HANDLE;

	if (obj) {
		if (sspi_handle_unpublish(obj))
			status = SEC_E_OK;
		sspi_object_put(obj);
	}
	return reply_status(info, status, 0, 0, 0);
}

static int sspi_nl_free_credentials(struct sk_buff *req, struct genl_info *info)
{
	return sspi_nl_free_handle(info, SSPI_ATTR_CRED_HANDLE, SSPI_OBJ_CRED);
}

static int sspi_nl_delete_context(struct sk_buff *req, struct genl_info *info)
{
	return sspi_nl_free_handle(info, SSPI_ATTR_CTX_HANDLE, SSPI_OBJ_CTX);
}

/*
 * "DOMAIN\\user" in UTF-16LE, as SSPI reports names, or "user" alone for a
 * name without a domain, as Windows reports it; kmalloc'ed.
 */
static u8 *qualified_name(const u8 *dom, size_t dom_len, const u8 *user,
			  size_t user_len, size_t *len)
{
	size_t sep = dom_len ? 2 : 0;
	u8 *name = kmalloc(dom_len + sep + user_len, GFP_KERNEL_ACCOUNT);

	if (!name)
		return NULL;
	if (dom_len) {
		memcpy(name, dom, dom_len);
		name[dom_len] = '\\';
		name[dom_len + 1] = 0;
	}
	if (user_len)
		memcpy(name + dom_len + sep, user, user_len);
	*len = dom_len + sep + user_len;
	return name;
}

static int sspi_nl_query_credentials(struct sk_buff *req, struct genl_info *info)
{
	struct sspi_object *obj = lookup(info, SSPI_ATTR_CRED_HANDLE, SSPI_OBJ_CRED);
	struct sspi_cred *cred;
	struct sk_buff *skb;
	size_t len;
	void *hdr;
	u8 *name;
	int err;

	if (!obj)
		return reply_status(info, SEC_E_INVALID_HANDLE, 0, 0, 0);
	cred = container_of(obj, struct sspi_cred, obj);
	name = qualified_name(sspi_cred_domain(cred), cred->domain_len,
			      sspi_cred_user(cred), cred->user_len, &len);
	sspi_cred_put(cred);
	if (!name)
		return -ENOMEM;
	err = -ENOMEM;
	skb = sspi_reply_start(info, SEC_E_OK, &hdr);
	if (skb) {
		err = nla_put(skb, SSPI_ATTR_USER, len, name);
		if (!err) {
			genlmsg_end(skb, hdr);
			err = genlmsg_reply(skb, info);
		} else {
			nlmsg_free(skb);
		}
	}
	kfree(name);
	return err;
}

static int sspi_nl_set_credentials(struct sk_buff *req, struct genl_info *info)
{
	struct sspi_object *obj = lookup(info, SSPI_ATTR_CRED_HANDLE, SSPI_OBJ_CRED);
	s32 status = SEC_E_INVALID_PARAMETER;
	struct sspi_cred *cred;

	if (!obj)
		return reply_status(info, SEC_E_INVALID_HANDLE, 0, 0, 0);
	cred = container_of(obj, struct sspi_cred, obj);
	if (info->attrs[SSPI_ATTR_LM_COMPAT])
		status = sspi_cred_set_lm_compat(cred,
						 nla_get_u32(info->attrs[SSPI_ATTR_LM_COMPAT]));
	else if (info->attrs[SSPI_ATTR_MIN_SEC])
		status = sspi_cred_set_min_sec(cred,
					       nla_get_u32(info->attrs[SSPI_ATTR_MIN_SEC]));
	sspi_object_put(obj);
	return reply_status(info, status, 0, 0, 0);
}

static int reply_context(struct genl_info *info, s32 status, u64 handle,
			 const struct sspi_ctx_result *res)
{
	struct sk_buff *skb;
	void *hdr;

	skb = genlmsg_new(nla_total_size(res->token_len) + 128, GFP_KERNEL_ACCOUNT);
	if (!skb)
		return -ENOMEM;
	hdr = genlmsg_put_reply(skb, info, &sspi_genl_family, 0, info->genlhdr->cmd);
	if (!hdr || nla_put_u32(skb, SSPI_ATTR_STATUS, status) ||
	    (handle && nla_put_u64_64bit(skb, SSPI_ATTR_CTX_HANDLE, handle,
					 SSPI_ATTR_UNSPEC)) ||
	    (res->token_len && nla_put(skb, SSPI_ATTR_OUTPUT_TOKEN, res->token_len,
				       res->token)) ||
	    nla_put_u32(skb, SSPI_ATTR_CONTEXT_ATTR, res->attrs) ||
	    (res->expiry && nla_put_u64_64bit(skb, SSPI_ATTR_EXPIRY, res->expiry,
					      SSPI_ATTR_UNSPEC))) {
		nlmsg_free(skb);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return genlmsg_reply(skb, info);
}

/* InitializeSecurityContext and AcceptSecurityContext share all but the core call. */
static int sspi_nl_context(struct genl_info *info, bool accept)
{
	struct sspi_object *cobj = NULL, *xobj = NULL;
	struct sspi_cred *cred = NULL;
	struct sspi_ctx *ctx = NULL;
	struct sspi_ctx_args args = { };
	struct sspi_ctx_result res = { };
	struct sspi_identity supplied = { };
	bool fresh;
	u64 handle = 0;
	s32 status;
	int err;

	args.req = info->attrs[SSPI_ATTR_CONTEXT_REQ] ?
		   nla_get_u32(info->attrs[SSPI_ATTR_CONTEXT_REQ]) : 0;
	args.input = attr_bytes(info, SSPI_ATTR_INPUT_TOKEN, &args.input_len);
	args.target = attr_bytes(info, SSPI_ATTR_TARGET, &args.target_len);
	args.bindings = attr_bytes(info, SSPI_ATTR_CHANNEL_BINDINGS, &args.bindings_len);
	args.output_max = info->attrs[SSPI_ATTR_OUTPUT_TOKEN] ?
			  nla_get_u32(info->attrs[SSPI_ATTR_OUTPUT_TOKEN]) : 0;
	if (!accept && info->attrs[SSPI_ATTR_USER]) {
		supplied.user = attr_bytes(info, SSPI_ATTR_USER, &supplied.user_len);
		supplied.domain = attr_bytes(info, SSPI_ATTR_DOMAIN, &supplied.domain_len);
		supplied.password = attr_bytes(info, SSPI_ATTR_PASSWORD,
					       &supplied.password_len);
		args.supplied = &supplied;
	}

	fresh = !info->attrs[SSPI_ATTR_CTX_HANDLE];
	if (fresh) {
		cobj = lookup(info, SSPI_ATTR_CRED_HANDLE, SSPI_OBJ_CRED);
		if (!cobj)
			return reply_status(info, SEC_E_INVALID_HANDLE, 0, 0, 0);
		cred = container_of(cobj, struct sspi_cred, obj);
	} else {
		xobj = lookup(info, SSPI_ATTR_CTX_HANDLE, SSPI_OBJ_CTX);
		if (!xobj)
			return reply_status(info, SEC_E_INVALID_HANDLE, 0, 0, 0);
		ctx = container_of(xobj, struct sspi_ctx, obj);
	}

	status = accept ? sspi_ctx_accept(cred, &ctx, &args, &res)
			: sspi_ctx_initialize(cred, &ctx, &args, &res);
	if (fresh && ctx) {
		err = sspi_handle_publish(&ctx->obj, sender(info), info->snd_portid);
		if (err) {
			status = errno_status(err);
			kfree(res.token);
			memset(&res, 0, sizeof(res));
		} else {
			handle = ctx->obj.handle;
		}
	}
	err = reply_context(info, status, handle, &res);
	if (err && handle)
		sspi_handle_unpublish(&ctx->obj);
	kfree(res.token);
	sspi_ctx_put(ctx);
	sspi_cred_put(cred);
	return err;
}

static int sspi_nl_init_context(struct sk_buff *req, struct genl_info *info)
{
	return sspi_nl_context(info, false);
}

static int sspi_nl_accept_context(struct sk_buff *req, struct genl_info *info)
{
	return sspi_nl_context(info, true);
}

/* The size of a QUERY_CONTEXT reply's payload carrying @ci, and @name_len bytes of name. */
static size_t context_info_size(const struct sspi_ctx_info *ci, size_t name_len)
{
	return nla_total_size(sizeof(u32)) +		/* SSPI_ATTR_STATUS */
	       nla_total_size(0) +			/* SSPI_ATTR_CONTEXT_INFO */
	       3 * nla_total_size(sizeof(u32)) +	/* flags, negotiate flags, state */
	       2 * nla_total_size_64bit(sizeof(u64)) +	/* start, expiry */
	       (ci->established ? nla_total_size(name_len) : 0) +
	       (ci->has_session_key ? nla_total_size(sizeof(ci->session_key)) : 0);
}

static int put_context_info(struct sk_buff *skb, const struct sspi_ctx_info *ci,
			    const u8 *name, size_t name_len)
{
	struct nlattr *nest = nla_nest_start(skb, SSPI_ATTR_CONTEXT_INFO);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, SSPI_CTX_ATTR_FLAGS, ci->attrs) ||
	    nla_put_u32(skb, SSPI_CTX_ATTR_NEGOTIATE_FLAGS, ci->negotiate_flags) ||
	    nla_put_u32(skb, SSPI_CTX_ATTR_STATE, ci->established) ||
	    nla_put_u64_64bit(skb, SSPI_CTX_ATTR_START, ci->start, SSPI_CTX_ATTR_UNSPEC) ||
	    nla_put_u64_64bit(skb, SSPI_CTX_ATTR_EXPIRY, ci->expiry, SSPI_CTX_ATTR_UNSPEC) ||
	    (ci->established && nla_put(skb, SSPI_CTX_ATTR_USER, name_len, name)) ||
	    (ci->has_session_key && nla_put(skb, SSPI_CTX_ATTR_SESSION_KEY,
					    sizeof(ci->session_key), ci->session_key))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * QueryContextAttributes: what the core says of the context, in a reply
 * sized for it, whatever the length of the names. The session key goes
 * only into a reply that asks for it; the copies of it made here are
 * wiped, the reply's own once the socket has read it is not ours to wipe.
 */
static int sspi_nl_query_context(struct sk_buff *req, struct genl_info *info)
{
	struct sspi_object *obj = lookup(info, SSPI_ATTR_CTX_HANDLE, SSPI_OBJ_CTX);
	u32 attribute = info->attrs[SSPI_ATTR_ATTRIBUTE] ?
			nla_get_u32(info->attrs[SSPI_ATTR_ATTRIBUTE]) : 0;
	unsigned int what = SSPI_QUERY_NAMES;
	struct sspi_ctx_info ci;
	struct sk_buff *skb;
	size_t name_len = 0;
	u8 *name = NULL;
	void *hdr;
	s32 status;
	int err;

	if (!obj)
		return reply_status(info, SEC_E_INVALID_HANDLE, 0, 0, 0);
	if (attribute == SSPI_CTX_ATTR_SESSION_KEY)
		what |= SSPI_QUERY_SESSION_KEY;
	status = sspi_ctx_query(container_of(obj, struct sspi_ctx, obj), what, &ci);
	sspi_object_put(obj);
	if (!status && ci.established) {
		name = qualified_name(ci.domain, ci.domain_len, ci.user, ci.user_len,
				      &name_len);
		if (!name)
			status = SEC_E_INSUFFICIENT_MEMORY;
	}
	err = -ENOMEM;
	skb = status ? NULL : genlmsg_new(context_info_size(&ci, name_len), GFP_KERNEL_ACCOUNT);
	if (skb) {
		hdr = genlmsg_put_reply(skb, info, &sspi_genl_family, 0, info->genlhdr->cmd);
		err = hdr ? nla_put_u32(skb, SSPI_ATTR_STATUS, SEC_E_OK) : -EMSGSIZE;
		if (!err)
			err = put_context_info(skb, &ci, name, name_len);
		if (!err) {
			genlmsg_end(skb, hdr);
			err = genlmsg_reply(skb, info);
		} else {
			/* A reply not sent still holds the key: wipe it with the rest. */
			memzero_explicit(skb->data, skb->len);
			nlmsg_free(skb);
		}
	}
	kfree(name);
	sspi_ctx_info_clear(&ci);
	if (status)
		return reply_status(info, status, 0, 0, 0);
	return err;
}

/*
 * The message of a session security request @req: its data attributes, in
 * order, as parts; those to (un)seal get room in @skb for their result,
 * but for the parts left in the sender's memory, pinned into @ip, which
 * are (un)sealed where they are. -EPERM or -EAGAIN for parts in memory
 * the module will not touch (see inplace.c): the sender sends them by
 * copy instead.
 */
static int message_parts(const struct sk_buff *req, struct genl_info *info,
			 struct sk_buff *skb, bool seal, struct sspi_inplace **ip,
			 struct ntlm_part *parts, unsigned int *nparts)
{
	const struct sspi_inplace_part *up;
	const struct nlattr *a;
	size_t total = 0;
	unsigned int n = 0;
	struct nlattr *out;
	int rem, err;

	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		int type = nla_type(a);
		size_t len;

		if (type != SSPI_ATTR_DATA && type != SSPI_ATTR_DATA_SIGNED &&
		    type != SSPI_ATTR_DATA_INPLACE)
			continue;
		up = nla_data(a);	/* the policy checked its length */
		len = type == SSPI_ATTR_DATA_INPLACE ? up->len : nla_len(a);
		if (n == SSPI_MESSAGE_PARTS_MAX || (type != SSPI_ATTR_DATA_INPLACE &&
						    len > SSPI_DATA_CHUNK_MAX)) {
			NL_SET_ERR_MSG_ATTR(info->extack, a, "too many or too long parts");
			return -EINVAL;
		}
		if (type == SSPI_ATTR_DATA_INPLACE && (up->flags & ~SSPI_INPLACE_SEALED)) {
			NL_SET_ERR_MSG_ATTR(info->extack, a, "unknown flags");
			return -EINVAL;
		}
		total += len;
		if (total > SSPI_MESSAGE_MAX) {
			NL_SET_ERR_MSG_ATTR(info->extack, a, "message too long");
			return -EMSGSIZE;
		}
		if (type == SSPI_ATTR_DATA_INPLACE) {
			if (!*ip && sspi_inplace_permitted(req)) {
				NL_SET_ERR_MSG_ATTR(info->extack, a,
						    "sender more privileged than the socket's opener");
				return -EPERM;
			}
			err = sspi_inplace_map(ip, up, seal && (up->flags & SSPI_INPLACE_SEALED),
					       &parts[n++]);
			if (err == -EAGAIN)
				NL_SET_ERR_MSG_ATTR(info->extack, a,
						    "part not in memory as needed: send it by copy");
			else if (err)
				NL_SET_ERR_MSG_ATTR(info->extack, a, "part not in reach");
			if (err)
				return err;
			continue;
		}
		parts[n].in = nla_data(a);
		parts[n].len = len;
		parts[n].out = NULL;
		if (seal && type == SSPI_ATTR_DATA) {
			out = nla_reserve(skb, SSPI_ATTR_DATA, len);
			if (!out)
				return -EMSGSIZE;
			parts[n].out = nla_data(out);
		}
		n++;
	}
	*nparts = n;
	return 0;
}

/*
 * MakeSignature, VerifySignature, EncryptMessage, DecryptMessage: the data
 * goes from the request through RC4 straight into the reply, or is
 * (un)sealed where it is in the sender's memory.
 */
static int sspi_nl_message(const struct sk_buff *req, struct genl_info *info,
			   enum sspi_msg_op op)
{
	struct sspi_object *obj = lookup(info, SSPI_ATTR_CTX_HANDLE, SSPI_OBJ_CTX);
	bool receive = op == SSPI_MSG_VERIFY || op == SSPI_MSG_UNSEAL;
	bool seal = op == SSPI_MSG_SEAL || op == SSPI_MSG_UNSEAL;
	struct ntlm_part parts[SSPI_MESSAGE_PARTS_MAX];
	u8 sig[SSPI_SIGNATURE_LEN] = { };
	struct sspi_inplace *ip = NULL;
	unsigned int nparts = 0;
	struct sk_buff *skb;
	u32 qop = 0, seqno = 0;
	s32 status;
	void *hdr;
	int err;

	if (!obj)
		return reply_status(info, SEC_E_INVALID_HANDLE, 0, 0, 0);
	if (receive && !info->attrs[SSPI_ATTR_SIGNATURE]) {
		sspi_object_put(obj);
		return reply_status(info, SEC_E_INVALID_TOKEN, 0, 0, 0);
	}
	if (receive)
		memcpy(sig, nla_data(info->attrs[SSPI_ATTR_SIGNATURE]), sizeof(sig));
	else if (info->attrs[SSPI_ATTR_QOP])
		qop = nla_get_u32(info->attrs[SSPI_ATTR_QOP]);
	if (info->attrs[SSPI_ATTR_SEQNUM])
		seqno = nla_get_u32(info->attrs[SSPI_ATTR_SEQNUM]);

	/*
	 * The reply's own size: with init_on_alloc (Debian's default) every
	 * byte allocated is zeroed, a cost that a 4 KiB NLMSG_GOODSIZE skb
	 * for a 48-byte signing reply made the largest of small calls. A
	 * sealed reply carries back at most the data the request carried
	 * (none of the parts in the sender's memory).
	 */
	err = -ENOMEM;
	skb = genlmsg_new((seal ? genlmsg_len(info->genlhdr) : 0) +
			  2 * nla_total_size(sizeof(u32)) + nla_total_size(sizeof(sig)),
			  GFP_KERNEL_ACCOUNT);
	if (!skb)
		goto out;
	hdr = genlmsg_put_reply(skb, info, &sspi_genl_family, 0, info->genlhdr->cmd);
	err = hdr ? message_parts(req, info, skb, seal, &ip, parts, &nparts) : -EMSGSIZE;
	if (err == -EFAULT)	/* a part of the sender's memory out of its reach */
		status = SEC_E_INVALID_PARAMETER;
	else if (err == -ENOMEM)
		status = SEC_E_INSUFFICIENT_MEMORY;
	else if (err)
		goto out_free;
	else
		status = sspi_ctx_message(container_of(obj, struct sspi_ctx, obj), op,
					  &qop, parts, nparts, sig, seqno);
	sspi_inplace_release(ip);
	ip = NULL;
	if (status) {
		nlmsg_free(skb);
		sspi_object_put(obj);
		return reply_status(info, status, 0, 0, 0);
	}
	err = -EMSGSIZE;
	if (nla_put_u32(skb, SSPI_ATTR_STATUS, SEC_E_OK) ||
	    (receive && nla_put_u32(skb, SSPI_ATTR_QOP, qop)) ||
	    (!receive && nla_put(skb, SSPI_ATTR_SIGNATURE, sizeof(sig), sig)))
		goto out_free;
	genlmsg_end(skb, hdr);
	err = genlmsg_reply(skb, info);
	goto out;

out_free:
	sspi_inplace_release(ip);
	nlmsg_free(skb);
out:
	sspi_object_put(obj);
	return err;
}

static int sspi_nl_make_signature(struct sk_buff *req, struct genl_info *info)
{
	return sspi_nl_message(req, info, SSPI_MSG_SIGN);
}

static int sspi_nl_verify_signature(struct sk_buff *req, struct genl_info *info)
{
	return sspi_nl_message(req, info, SSPI_MSG_VERIFY);
}

static int sspi_nl_encrypt(struct sk_buff *req, struct genl_info *info)
{
	return sspi_nl_message(req, info, SSPI_MSG_SEAL);
}

static int sspi_nl_decrypt(struct sk_buff *req, struct genl_info *info)
{
	return sspi_nl_message(req, info, SSPI_MSG_UNSEAL);
}

static int sspi_nl_account_add(struct sk_buff *req, struct genl_info *info)
{
	struct nlattr *nt = info->attrs[SSPI_ATTR_NT_HASH];
	struct nlattr *lm = info->attrs[SSPI_ATTR_LM_HASH];
	const u8 *user, *dom, *pw;
	size_t user_len, dom_len, pw_len;
	struct net *net = genl_info_net(info);
	int err;

	user = attr_bytes(info, SSPI_ATTR_USER, &user_len);
	dom = attr_bytes(info, SSPI_ATTR_DOMAIN, &dom_len);
	pw = attr_bytes(info, SSPI_ATTR_PASSWORD, &pw_len);
	if (!user || !!pw == !!nt || (lm && !nt)) {
		NL_SET_ERR_MSG(info->extack,
			       "need a user and a password or a hash (an LM hash only beside an NT hash)");
		return -EINVAL;
	}
	if (pw) {
		err = sspi_account_add_password(net, dom, dom_len, user, user_len,
						pw, pw_len);
		memzero_explicit(nla_data(info->attrs[SSPI_ATTR_PASSWORD]), pw_len);
	} else {
		err = sspi_account_add(net, dom, dom_len, user, user_len,
				       nla_data(nt), lm ? nla_data(lm) : NULL);
	}
	if (err == -EINVAL)
		NL_SET_ERR_MSG(info->extack, "bad name, or an empty password");
	else if (err == -ENOSPC)
		NL_SET_ERR_MSG(info->extack,
			       "the namespace's limit of accounts (max_accounts) is reached");
	if (err == -EDQUOT) {
		NL_SET_ERR_MSG(info->extack,
			       "the namespace owner's limit of accounts in all their namespaces (max_user_accounts) is reached");
		err = -ENOSPC;
	}
	return err;
}

/* The sender's default credential, into its session keyring (kmod/keyring.c). */
static int sspi_nl_login(struct sk_buff *req, struct genl_info *info)
{
	struct sspi_identity id = { };
	int err;

	id.user = attr_bytes(info, SSPI_ATTR_USER, &id.user_len);
	id.domain = attr_bytes(info, SSPI_ATTR_DOMAIN, &id.domain_len);
	id.password = attr_bytes(info, SSPI_ATTR_PASSWORD, &id.password_len);
	err = sspi_keyring_login(&id);
	if (err == -EINVAL)
		NL_SET_ERR_MSG(info->extack, "need a user and a non-empty password");
	else if (err == -ENOKEY)
		NL_SET_ERR_MSG(info->extack, "the sender has no session keyring");
	else if (err == -EOPNOTSUPP)
		NL_SET_ERR_MSG(info->extack, "the kernel has no keyrings (CONFIG_KEYS)");
	return err;
}

static int sspi_nl_logout(struct sk_buff *req, struct genl_info *info)
{
	return sspi_keyring_logout();
}

/* @op on the account (SSPI_ATTR_DOMAIN, SSPI_ATTR_USER) of the request. */
static int account_op(struct genl_info *info,
		      int (*op)(struct net *net, const u8 *domain, size_t domain_len,
				const u8 *user, size_t user_len))
{
	const u8 *user, *dom;
	size_t user_len, dom_len;

	user = attr_bytes(info, SSPI_ATTR_USER, &user_len);
	dom = attr_bytes(info, SSPI_ATTR_DOMAIN, &dom_len);
	if (!user)
		return -EINVAL;
	return op(genl_info_net(info), dom, dom_len, user, user_len);
}

static int sspi_nl_account_del(struct sk_buff *req, struct genl_info *info)
{
	return account_op(info, sspi_account_del);
}

static int sspi_nl_account_unlock(struct sk_buff *req, struct genl_info *info)
{
	return account_op(info, sspi_account_unlock);
}

static int sspi_nl_account_flush(struct sk_buff *req, struct genl_info *info)
{
	sspi_account_flush(genl_info_net(info));
	return 0;
}

/*
 * What the caller's namespace holds, for its administrator: a few counts,
 * a reply of fixed size.
 */
static int sspi_nl_status(struct sk_buff *req, struct genl_info *info)
{
	unsigned int objects[SSPI_OBJ_CTX + 1], accounts, locked, domains, pending;
	struct net *net = genl_info_net(info);
	struct sk_buff *skb;
	struct nlattr *nest;
	u32 authority;
	void *hdr;

	sspi_objects_count_net(net, objects);
	sspi_account_count(net, &accounts, &locked);
	sspi_authority_count(net, &domains, &authority, &pending);
	skb = sspi_reply_start(info, SEC_E_OK, &hdr);
	if (!skb)
		return -ENOMEM;
	nest = nla_nest_start(skb, SSPI_ATTR_NS_STATUS);
	if (!nest ||
	    nla_put_u32(skb, SSPI_NS_ATTR_CREDENTIALS, objects[SSPI_OBJ_CRED]) ||
	    nla_put_u32(skb, SSPI_NS_ATTR_CONTEXTS, objects[SSPI_OBJ_CTX]) ||
	    nla_put_u32(skb, SSPI_NS_ATTR_ACCOUNTS, accounts) ||
	    nla_put_u32(skb, SSPI_NS_ATTR_LOCKED_ACCOUNTS, locked) ||
	    nla_put_u32(skb, SSPI_NS_ATTR_REMOTE_DOMAINS, domains) ||
	    nla_put_u32(skb, SSPI_NS_ATTR_AUTHORITY_PORT, authority) ||
	    nla_put_u32(skb, SSPI_NS_ATTR_PASS_THROUGH, pending)) {
		nlmsg_free(skb);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return genlmsg_reply(skb, info);
}

struct account_dump {
	struct sk_buff *skb;
	struct netlink_callback *cb;
};

static int put_account(const struct sspi_account_info *acct, void *arg)
{
	struct account_dump *d = arg;
	struct nlattr *nest;
	void *hdr;

	hdr = genlmsg_put(d->skb, NETLINK_CB(d->cb->skb).portid, d->cb->nlh->nlmsg_seq,
			  &sspi_genl_family, NLM_F_MULTI, SSPI_CMD_ACCOUNT_LIST);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(d->cb, hdr);
	nest = nla_nest_start(d->skb, SSPI_ATTR_ACCOUNT);
	if (!nest ||
	    nla_put(d->skb, SSPI_ATTR_DOMAIN, acct->domain_len, acct->domain) ||
	    nla_put(d->skb, SSPI_ATTR_USER, acct->user_len, acct->user) ||
	    (acct->bad_logons &&
	     nla_put_u32(d->skb, SSPI_ATTR_BAD_LOGONS, acct->bad_logons)) ||
	    (acct->locked_until &&
	     nla_put_u64_64bit(d->skb, SSPI_ATTR_LOCKED_UNTIL, acct->locked_until,
			       SSPI_ATTR_UNSPEC))) {
		genlmsg_cancel(d->skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(d->skb, nest);
	genlmsg_end(d->skb, hdr);
	return 0;
}

/*
 * Resumes at the id after the last account sent (cb->args[0]); cb->seq is
 * the store's generation, so a dump the store changed under is flagged.
 */
static int sspi_nl_account_list(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct account_dump d = { .skb = skb, .cb = cb };
	int err;

	err = sspi_account_walk(sock_net(skb->sk), &cb->args[0], &cb->seq,
				put_account, &d);
	if (err && err != -EMSGSIZE)
		return err;
	return skb->len;
}

static int sspi_nl_domain_add(struct sk_buff *req, struct genl_info *info)
{
	const u8 *name;
	size_t len;
	int err;

	name = attr_bytes(info, SSPI_ATTR_DOMAIN, &len);
	err = sspi_domain_add(genl_info_net(info), name, len);
	if (err == -EINVAL)
		NL_SET_ERR_MSG(info->extack, "need a domain name (UTF-16LE)");
	else if (err == -EEXIST)
		NL_SET_ERR_MSG(info->extack, "the domain is remote already");
	else if (err == -ENOSPC)
		NL_SET_ERR_MSG(info->extack,
			       "the namespace names as many remote domains as it may");
	return err;
}

static int sspi_nl_domain_del(struct sk_buff *req, struct genl_info *info)
{
	const u8 *name;
	size_t len;
	int err;

	name = attr_bytes(info, SSPI_ATTR_DOMAIN, &len);
	err = sspi_domain_del(genl_info_net(info), name, len);
	if (err == -EINVAL)
		NL_SET_ERR_MSG(info->extack, "need a domain name (UTF-16LE)");
	else if (err == -ENOENT)
		NL_SET_ERR_MSG(info->extack, "the domain is not remote");
	return err;
}

struct domain_dump {
	struct sk_buff *skb;
	struct netlink_callback *cb;
};

static int put_domain(const u8 *name, size_t len, void *arg)
{
	struct domain_dump *d = arg;
	void *hdr;

	hdr = genlmsg_put(d->skb, NETLINK_CB(d->cb->skb).portid, d->cb->nlh->nlmsg_seq,
			  &sspi_genl_family, NLM_F_MULTI, SSPI_CMD_DOMAIN_LIST);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put(d->skb, SSPI_ATTR_DOMAIN, len, name)) {
		genlmsg_cancel(d->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(d->skb, hdr);
	return 0;
}

/* Resumes at the domain after the last one sent (cb->args[0]). */
static int sspi_nl_domain_list(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct domain_dump d = { .skb = skb, .cb = cb };
	int err;

	err = sspi_domain_walk(sock_net(skb->sk), &cb->args[0], put_domain, &d);
	if (err && err != -EMSGSIZE)
		return err;
	return skb->len;
}

static int sspi_nl_authority_register(struct sk_buff *req, struct genl_info *info)
{
	int err;

	err = sspi_authority_register(genl_info_net(info), sender(info),
				      info->snd_portid);
	if (err == -EBUSY)
		NL_SET_ERR_MSG(info->extack, "the namespace has an authority already");
	return err;
}

static int sspi_nl_authority_reply(struct sk_buff *req, struct genl_info *info)
{
	struct nlattr *key = info->attrs[SSPI_ATTR_SESSION_KEY];
	struct nlattr *sid = info->attrs[SSPI_ATTR_SID];
	struct sspi_authority_answer answer = { };
	int err;

	if (!info->attrs[SSPI_ATTR_REQUEST_ID] || !info->attrs[SSPI_ATTR_NTSTATUS]) {
		NL_SET_ERR_MSG(info->extack, "need a request id and an NTSTATUS");
		return -EINVAL;
	}
	answer.id = nla_get_u32(info->attrs[SSPI_ATTR_REQUEST_ID]);
	answer.ntstatus = nla_get_u32(info->attrs[SSPI_ATTR_NTSTATUS]);
	answer.session_key = key ? nla_data(key) : NULL;
	answer.user = attr_bytes(info, SSPI_ATTR_USER, &answer.user_len);
	answer.domain = attr_bytes(info, SSPI_ATTR_DOMAIN, &answer.domain_len);
	answer.sid = sid ? nla_data(sid) : NULL;
	err = sspi_authority_reply(genl_info_net(info), sender(info), &answer);
	if (err == -EPERM)
		NL_SET_ERR_MSG(info->extack, "only the namespace's authority answers");
	else if (err == -ENOENT)
		NL_SET_ERR_MSG(info->extack, "no logon waits under that id (answered or given up)");
	else if (err == -EINVAL)
		NL_SET_ERR_MSG(info->extack, "a success needs a session key and a user name");
	return err;
}

/**
 * sspi_nl_authority_request() - ask an authority to check a logon
 * @net: its namespace
 * @portid: its port
 * @id: the logon's request id, which the answer names
 * @req: the logon
 *
 * Never blocks: a daemon whose socket is full is one that does not answer.
 *
 * Return: 0 once queued on its socket, or -errno.
 */
int sspi_nl_authority_request(struct net *net, u32 portid, u32 id,
			      const struct ntlm_pass_through *req)
{
	struct sk_buff *skb;
	void *hdr;

	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL_ACCOUNT);
	if (!skb)
		return -ENOMEM;
	hdr = genlmsg_put(skb, 0, 0, &sspi_genl_family, 0, SSPI_CMD_AUTHORITY_REQUEST);
	if (!hdr ||
	    nla_put_u32(skb, SSPI_ATTR_REQUEST_ID, id) ||
	    nla_put(skb, SSPI_ATTR_CHALLENGE, SSPI_CHALLENGE_LEN, req->challenge) ||
	    nla_put(skb, SSPI_ATTR_USER, req->user_len, req->user) ||
	    nla_put(skb, SSPI_ATTR_DOMAIN, req->domain_len, req->domain) ||
	    (req->workstation &&
	     nla_put(skb, SSPI_ATTR_WORKSTATION, req->workstation_len, req->workstation)) ||
	    nla_put(skb, SSPI_ATTR_LM_RESPONSE, req->lm_response_len, req->lm_response) ||
	    nla_put(skb, SSPI_ATTR_NT_RESPONSE, req->nt_response_len, req->nt_response)) {
		nlmsg_free(skb);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return genlmsg_unicast(net, skb, portid);
}

static const struct genl_small_ops sspi_genl_ops[] = {
	{
		.cmd = SSPI_CMD_GET_PACKAGES,
		.doit = sspi_nl_get_packages,
	}, {
		.cmd = SSPI_CMD_ACQUIRE_CREDENTIALS,
		.doit = sspi_nl_acquire_credentials,
	}, {
		.cmd = SSPI_CMD_FREE_CREDENTIALS,
		.doit = sspi_nl_free_credentials,
	}, {
		.cmd = SSPI_CMD_QUERY_CREDENTIALS,
		.doit = sspi_nl_query_credentials,
	}, {
		.cmd = SSPI_CMD_INIT_CONTEXT,
		.doit = sspi_nl_init_context,
	}, {
		.cmd = SSPI_CMD_ACCEPT_CONTEXT,
		.doit = sspi_nl_accept_context,
	}, {
		.cmd = SSPI_CMD_DELETE_CONTEXT,
		.doit = sspi_nl_delete_context,
	}, {
		.cmd = SSPI_CMD_QUERY_CONTEXT,
		.doit = sspi_nl_query_context,
	}, {
		.cmd = SSPI_CMD_ACCOUNT_ADD,
		.doit = sspi_nl_account_add,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = SSPI_CMD_ACCOUNT_DEL,
		.doit = sspi_nl_account_del,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = SSPI_CMD_ACCOUNT_LIST,
		.dumpit = sspi_nl_account_list,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = SSPI_CMD_ACCOUNT_FLUSH,
		.doit = sspi_nl_account_flush,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = SSPI_CMD_MAKE_SIGNATURE,
		.doit = sspi_nl_make_signature,
	}, {
		.cmd = SSPI_CMD_VERIFY_SIGNATURE,
		.doit = sspi_nl_verify_signature,
	}, {
		.cmd = SSPI_CMD_ENCRYPT,
		.doit = sspi_nl_encrypt,
	}, {
		.cmd = SSPI_CMD_DECRYPT,
		.doit = sspi_nl_decrypt,
	}, {
		.cmd = SSPI_CMD_SET_CREDENTIALS,
		.doit = sspi_nl_set_credentials,
	}, {
		.cmd = SSPI_CMD_ACCOUNT_UNLOCK,
		.doit = sspi_nl_account_unlock,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = SSPI_CMD_LOGIN,
		.doit = sspi_nl_login,
	}, {
		.cmd = SSPI_CMD_LOGOUT,
		.doit = sspi_nl_logout,
	}, {
		.cmd = SSPI_CMD_STATUS,
		.doit = sspi_nl_status,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = SSPI_CMD_DOMAIN_ADD,
		.doit = sspi_nl_domain_add,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = SSPI_CMD_DOMAIN_DEL,
		.doit = sspi_nl_domain_del,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = SSPI_CMD_DOMAIN_LIST,
		.dumpit = sspi_nl_domain_list,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = SSPI_CMD_AUTHORITY_REGISTER,
		.doit = sspi_nl_authority_register,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = SSPI_CMD_AUTHORITY_REPLY,
		.doit = sspi_nl_authority_reply,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

/*
 * After every command, whichever way it went: a password the request
 * carried (AcquireCredentialsHandle, InitializeSecurityContext's supplied
 * identity, an account, a login) leaves no copy of itself in it, nor does the
 * session key of an authority's answer. The core keeps only hashes and
 * keys it needs, and wipes its own copies.
 */
static void sspi_nl_post_doit(const struct genl_ops *ops, struct sk_buff *skb,
			      struct genl_info *info)
{
	struct nlattr *pw = info->attrs[SSPI_ATTR_PASSWORD];
	struct nlattr *key = info->attrs[SSPI_ATTR_SESSION_KEY];

	if (pw)
		memzero_explicit(nla_data(pw), nla_len(pw));
	if (key)
		memzero_explicit(nla_data(key), nla_len(key));
}

static struct genl_family sspi_genl_family __ro_after_init = {
	.name = SSPI_GENL_NAME,
	.version = SSPI_GENL_VERSION,
	.maxattr = SSPI_ATTR_MAX,
	.policy = sspi_policy,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.pre_doit = sspi_pre_doit,
	.small_ops = sspi_genl_ops,
	.n_small_ops = ARRAY_SIZE(sspi_genl_ops),
	.post_doit = sspi_nl_post_doit,
	/* Strict attribute validation for every command. */
	.resv_start_op = SSPI_CMD_MAX + 1,
};

/* A closed socket frees every credential and context it owned. */
static int sspi_netlink_event(struct notifier_block *nb, unsigned long event,
			      void *ptr)
{
	struct netlink_notify *n = ptr;

	if (event == NETLINK_URELEASE && n->protocol == NETLINK_GENERIC && n->portid) {
		sspi_owner_release(n->net, n->portid);
		sspi_authority_release(n->net, n->portid);
	}
	return NOTIFY_DONE;
}

static struct notifier_block sspi_netlink_notifier = {
	.notifier_call = sspi_netlink_event,
};

int __init sspi_genl_init(void)
{
	int err;

	err = netlink_register_notifier(&sspi_netlink_notifier);
	if (err)
		return err;
	err = genl_register_family(&sspi_genl_family);
	if (err)
		netlink_unregister_notifier(&sspi_netlink_notifier);
	return err;
}

void sspi_genl_exit(void)
{
	genl_unregister_family(&sspi_genl_family);
	netlink_unregister_notifier(&sspi_netlink_notifier);
}

/* Lets a lookup of the family by name load the module. */
MODULE_ALIAS_GENL_FAMILY(SSPI_GENL_NAME);
