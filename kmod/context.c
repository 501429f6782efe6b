// SPDX-License-Identifier: GPL-2.0
/*
 * InitializeSecurityContext and AcceptSecurityContext for NTLM: the state
 * machine around the protocol code in ntlm/, the flags SSPI speaks, and the
 * lifetime of what a handshake leaves behind.
 */
#include <linux/module.h>
#include <linux/nls.h>
#include <linux/slab.h>
#include <linux/sspi.h>
#include <linux/utsname.h>
#include <asm/unaligned.h>

#include "account.h"
#include "context.h"
#include "logon.h"
#include "ntlm/message.h"

static int lm_compat_set(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 0, SSPI_LM_COMPAT_MAX);
}

static int handshake_timeout_set(const char *val, const struct kernel_param *kp);

static const struct kernel_param_ops handshake_timeout_ops = {
	.set = handshake_timeout_set,
	.get = param_get_uint,
};

static unsigned int handshake_timeout = 300;
module_param_cb(handshake_timeout, &handshake_timeout_ops, &handshake_timeout, 0644);
MODULE_PARM_DESC(handshake_timeout,
		 "Seconds an unfinished handshake may wait for its next token; reclaimed within a quarter of that, at most 30 s, after (default 300)");

static const struct kernel_param_ops lm_compat_ops = {
	.set = lm_compat_set,
	.get = param_get_uint,
};

static unsigned int lm_compatibility = SSPI_LM_COMPAT_MAX;
module_param_cb(lm_compatibility, &lm_compat_ops, &lm_compatibility, 0644);
MODULE_PARM_DESC(lm_compatibility,
		 "LAN Manager authentication level of new contexts, 0-5 as Windows' LmCompatibilityLevel (default 5: NTLMv2 only)");

/*
 * Anonymous clients need both this and the acceptor's
 * ASC_REQ_ALLOW_NULL_SESSION: off, no acceptor takes them.
 */
static bool allow_anonymous;
module_param(allow_anonymous, bool, 0644);
MODULE_PARM_DESC(allow_anonymous,
		 "Let acceptors that ask ASC_REQ_ALLOW_NULL_SESSION take anonymous clients (default N)");

static int min_sec_set(const char *val, const struct kernel_param *kp)
{
	unsigned int v;
	int err = kstrtouint(val, 0, &v);

	if (err)
		return err;
	if (v & ~SSPI_MIN_SEC_ALL)
		return -EINVAL;
	*(unsigned int *)kp->arg = v;
	return 0;
}

static const struct kernel_param_ops min_sec_ops = {
	.set = min_sec_set,
	.get = param_get_uint,
};

/*
 * Windows' NtlmMinClientSec and NtlmMinServerSec, with their values and
 * their default since Windows 7: 128-bit keys (see ntlm/auth.h).
 */
static unsigned int min_client_sec = SSPI_MIN_SEC_128BIT;
module_param_cb(min_client_sec, &min_sec_ops, &min_client_sec, 0644);
MODULE_PARM_DESC(min_client_sec,
		 "Minimum session security of new client contexts, as Windows' NtlmMinClientSec: 0x10 integrity, 0x20 confidentiality, 0x80000 NTLMv2 session security, 0x20000000 128-bit (default 0x20000000)");

static unsigned int min_server_sec = SSPI_MIN_SEC_128BIT;
module_param_cb(min_server_sec, &min_sec_ops, &min_server_sec, 0644);
MODULE_PARM_DESC(min_server_sec,
		 "Minimum session security of new server contexts, as Windows' NtlmMinServerSec (bits as min_client_sec, default 0x20000000)");

static char *domain = "WORKGROUP";
module_param(domain, charp, 0444);
MODULE_PARM_DESC(domain, "Domain an acceptor names in its CHALLENGE (default WORKGROUP)");

/* What every NEGOTIATE asks for: NTLMv2-grade keys, Unicode, key exchange. */
#define CLIENT_BASE_FLAGS (NTLMSSP_NEGOTIATE_UNICODE | NTLMSSP_REQUEST_TARGET | \
			   NTLMSSP_NEGOTIATE_NTLM | NTLMSSP_NEGOTIATE_ALWAYS_SIGN | \
			   NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY | \
			   NTLMSSP_NEGOTIATE_128 | NTLMSSP_NEGOTIATE_56 | \
			   NTLMSSP_NEGOTIATE_KEY_EXCH)

#define FILETIME_PER_SEC 10000000ULL

static void ctx_release(struct sspi_object *obj)
{
	struct sspi_ctx *ctx = container_of(obj, struct sspi_ctx, obj);

	sspi_ctx_seal_free(ctx);
	ntlm_auth_clear(&ctx->auth);
	sspi_cred_put(ctx->cred);
	mutex_destroy(&ctx->lock);
	kfree_sensitive(ctx);
}

/**
 * sspi_ctx_put() - drop a reference to a context
 * @ctx: the context, or %NULL
 */
void sspi_ctx_put(struct sspi_ctx *ctx)
{
	if (ctx)
		sspi_object_put(&ctx->obj);
}

/*
 * Whether a handshake was abandoned. The reaper and a full socket ask
 * without the context's lock: state and expiry are read once each, and an
 * established context (its state set before its expiry) never expires.
 */
static bool ctx_expired(const struct sspi_ctx *ctx)
{
	return READ_ONCE(ctx->state) != SSPI_CTX_ESTABLISHED &&
	       ntlm_filetime_now() > READ_ONCE(ctx->expiry);
}

static bool ctx_obj_expired(const struct sspi_object *obj)
{
	return ctx_expired(container_of(obj, struct sspi_ctx, obj));
}

/*
 * What a context holds or may come to hold, charged to its user while it
 * has a handle: itself, the handshake's copies of the messages, and once
 * established its sealing state and (acceptor) the client's names.
 */
static size_t ctx_cost(const struct sspi_object *obj)
{
	const struct sspi_ctx *ctx = container_of(obj, struct sspi_ctx, obj);

	return sizeof(*ctx) + ctx->auth.negotiate_len + ctx->auth.challenge_len +
	       ntlm_seal_size(NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY) +
	       (ctx->server ? 2 * SSPI_NAME_MAX : 0);
}

static const struct sspi_object_ops ctx_ops = {
	.type = SSPI_OBJ_CTX,
	.release = ctx_release,
	.expired = ctx_obj_expired,
	.cost = ctx_cost,
};

/*
 * Withdraws abandoned handshakes, every quarter handshake_timeout (1 to
 * 30 s), not only when a socket is full.
 */
static void reap(struct work_struct *work);
static DECLARE_DELAYED_WORK(reaper, reap);
static DEFINE_MUTEX(reaper_lock);	/* reaper_on, and (re)arming it from outside */
static bool reaper_on;

static unsigned long reap_interval(void)
{
	return clamp(READ_ONCE(handshake_timeout) / 4, 1U, 30U) * HZ;
}

static void reap(struct work_struct *work)
{
	sspi_objects_reap();
	schedule_delayed_work(&reaper, reap_interval());
}

/* A new timeout takes effect now: the reaper runs and rearms by it. */
static int handshake_timeout_set(const char *val, const struct kernel_param *kp)
{
	int err = param_set_uint(val, kp);

	if (err)
		return err;
	mutex_lock(&reaper_lock);
	if (reaper_on)
		mod_delayed_work(system_wq, &reaper, 0);
	mutex_unlock(&reaper_lock);
	return 0;
}

/**
 * sspi_ctx_reaper_start() - reclaim abandoned handshakes from now on
 */
void sspi_ctx_reaper_start(void)
{
	mutex_lock(&reaper_lock);
	reaper_on = true;
	schedule_delayed_work(&reaper, reap_interval());
	mutex_unlock(&reaper_lock);
}

/**
 * sspi_ctx_reaper_stop() - stop reclaiming, the reaper's last run done
 */
void sspi_ctx_reaper_stop(void)
{
	mutex_lock(&reaper_lock);
	reaper_on = false;
	mutex_unlock(&reaper_lock);
	cancel_delayed_work_sync(&reaper);
}

static struct sspi_ctx *ctx_new(struct sspi_cred *cred, bool server, u32 req)
{
	struct sspi_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL_ACCOUNT);

	if (!ctx)
		return NULL;
	sspi_object_init(&ctx->obj, &ctx_ops);
	mutex_init(&ctx->lock);
	ctx->server = server;
	refcount_inc(&cred->obj.refs);
	ctx->cred = cred;
	ctx->req = req;
	ctx->lm_compat = READ_ONCE(cred->lm_compat);
	if (ctx->lm_compat < 0)
		ctx->lm_compat = READ_ONCE(lm_compatibility);
	ctx->auth.min_sec = READ_ONCE(cred->min_sec);
	if (ctx->auth.min_sec == SSPI_MIN_SEC_DEFAULT)
		ctx->auth.min_sec = server ? READ_ONCE(min_server_sec) : READ_ONCE(min_client_sec);
	if (server && (req & SSPI_REQ_DATAGRAM))
		ctx->lm_compat = SSPI_LM_COMPAT_MAX;	/* NTLMv2 only, no anonymous */
	else if (server)
		ctx->auth.allow_anonymous = (req & SSPI_ASC_REQ_ALLOW_NULL_SESSION) &&
					    READ_ONCE(allow_anonymous);
	else
		ctx->auth.anonymous = (req & SSPI_ISC_REQ_NULL_SESSION) ||
				      cred->anonymous;
	ctx->start = ntlm_filetime_now();
	ctx->expiry = ctx->start + READ_ONCE(handshake_timeout) * FILETIME_PER_SEC;
	return ctx;
}

/* Impossible requirements. */
static s32 check_req(u32 req)
{
	if ((req & SSPI_REQ_DATAGRAM) && (req & SSPI_REQ_CONNECTION))
		return SEC_E_INVALID_PARAMETER;
	return SEC_E_OK;
}

/*
 * Connectionless (datagram) NTLM, ISC_REQ_DATAGRAM / ASC_REQ_DATAGRAM
 * (MS-NLMP 1.3.1.2, 3.1.5.2, 3.2.5.2): the client's first call makes no
 * token, the server's first call takes none and makes the CHALLENGE, the
 * client answers it with the AUTHENTICATE. Key exchange and extended
 * session security are required, and only NTLMv2 is used: a client whose
 * level would send NTLMv1 is refused SEC_E_UNSUPPORTED_FUNCTION at its
 * first call (ntlm_client_negotiate()), a datagram acceptor takes NTLMv2
 * only whatever its level, and neither side does it anonymously. An
 * AUTHENTICATE that does not take DATAGRAM, KEY_EXCH and extended session
 * security from the CHALLENGE is SEC_E_INVALID_TOKEN. Messages then carry
 * the application's sequence numbers (kmod/session.c).
 */
#define DATAGRAM_FLAGS (NTLMSSP_NEGOTIATE_DATAGRAM | NTLMSSP_NEGOTIATE_KEY_EXCH | \
			NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY)

static bool is_datagram(const struct sspi_ctx *ctx)
{
	return ctx->req & SSPI_REQ_DATAGRAM;
}

static u32 client_flags(u32 req)
{
	u32 flags = CLIENT_BASE_FLAGS;

	if (req & SSPI_REQ_DATAGRAM)
		flags |= NTLMSSP_NEGOTIATE_DATAGRAM;
	if (req & (SSPI_ISC_REQ_INTEGRITY | SSPI_REQ_REPLAY_DETECT |
		   SSPI_REQ_SEQUENCE_DETECT | SSPI_REQ_CONFIDENTIALITY))
		flags |= NTLMSSP_NEGOTIATE_SIGN;
	if (req & SSPI_REQ_CONFIDENTIALITY)
		flags |= NTLMSSP_NEGOTIATE_SEAL;
	if (req & SSPI_ISC_REQ_IDENTIFY)
		flags |= NTLMSSP_NEGOTIATE_IDENTIFY;
	return flags;
}

/*
 * The ISC_RET_ or ASC_RET_ flags a negotiated handshake gives, as Windows'
 * NTLM reports them. Signing brings integrity, replay and sequence
 * detection together, whichever of them (or confidentiality) was asked:
 * each asks for NTLMSSP_NEGOTIATE_SIGN (MS-NLMP 3.1.1.2), and signatures
 * carry sequence numbers. An acceptor reports what the client negotiated,
 * whatever it asked itself.
 */
static u32 ret_flags(const struct sspi_ctx *ctx)
{
	u32 neg = ctx->auth.flags, req = ctx->req, ret = SSPI_RET_CONNECTION;
	u32 detect = SSPI_RET_REPLAY_DETECT | SSPI_RET_SEQUENCE_DETECT;
	bool sign = neg & (NTLMSSP_NEGOTIATE_SIGN | NTLMSSP_NEGOTIATE_SEAL);

	/* The application orders datagrams, not the context (kmod/session.c). */
	if (is_datagram(ctx)) {
		ret = SSPI_RET_DATAGRAM;
		detect = 0;
	}
	/* An anonymous context has no session security (kmod/session.c). */
	if (ctx->auth.anonymous) {
		neg &= ~NTLMSSP_NEGOTIATE_SEAL;
		sign = false;
	}
	if (sign)
		ret |= detect;
	if (ctx->supplied)
		ret |= SSPI_ISC_RET_USED_SUPPLIED_CREDS;
	if (ctx->server) {
		if (sign)
			ret |= SSPI_ASC_RET_INTEGRITY;
		if (neg & NTLMSSP_NEGOTIATE_SEAL)
			ret |= SSPI_RET_CONFIDENTIALITY;
		if (neg & NTLMSSP_NEGOTIATE_IDENTIFY)
			ret |= SSPI_ASC_RET_IDENTIFY;
		ret |= req & SSPI_ASC_REQ_EXTENDED_ERROR;
		if (ctx->auth.anonymous)
			ret |= SSPI_ASC_RET_NULL_SESSION;
	} else {
		if (sign)
			ret |= SSPI_ISC_RET_INTEGRITY;
		if (neg & NTLMSSP_NEGOTIATE_SEAL)
			ret |= req & SSPI_REQ_CONFIDENTIALITY;
		if (neg & NTLMSSP_NEGOTIATE_IDENTIFY)
			ret |= SSPI_ISC_RET_IDENTIFY;
		ret |= req & SSPI_ISC_REQ_EXTENDED_ERROR;
		if (ctx->auth.anonymous)
			ret |= SSPI_ISC_RET_NULL_SESSION;
	}
	return ret;
}

/* UTF-16LE, as Windows names an anonymous logon */
static const u8 anonymous_user[] =
	"A\0N\0O\0N\0Y\0M\0O\0U\0S\0 \0L\0O\0G\0O\0N\0";
static const u8 anonymous_domain[] = "N\0T\0 \0A\0U\0T\0H\0O\0R\0I\0T\0Y\0";

/*
 * Who the client of an established context is: on the server's side the
 * names of the account the client logged on to (as added, whatever case the
 * client spelt them in), on the client's those of its credential; after an
 * anonymous handshake, on either side, "NT AUTHORITY" and "ANONYMOUS
 * LOGON", as Windows reports it.
 */
static void ctx_names(const struct sspi_ctx *ctx, const u8 **user,
		      size_t *user_len, const u8 **domain, size_t *domain_len)
{
	if (ctx->auth.anonymous) {
		*user = anonymous_user;
		*user_len = sizeof(anonymous_user) - 1;
		*domain = anonymous_domain;
		*domain_len = sizeof(anonymous_domain) - 1;
	} else if (ctx->server) {
		*user = ctx->auth.user;
		*user_len = ctx->auth.user_len;
		*domain = ctx->auth.domain;
		*domain_len = ctx->auth.domain_len;
	} else {
		*user = sspi_cred_user(ctx->cred);
		*user_len = ctx->cred->user_len;
		*domain = sspi_cred_domain(ctx->cred);
		*domain_len = ctx->cred->domain_len;
	}
}

static u8 *name_dup(const u8 *name, size_t len)
{
	return len ? kmemdup(name, len, GFP_KERNEL_ACCOUNT) : NULL;
}

/**
 * sspi_ctx_query() - what a context is, for QueryContextAttributes
 * @ctx: the context
 * @what: %SSPI_QUERY_NAMES and %SSPI_QUERY_SESSION_KEY: what to copy
 *	besides, if the context is established
 * @info: receives its flags, state and times and, once established, what
 *	@what asks: the client's names (see ctx_names()), the session key;
 *	clear it with sspi_ctx_info_clear() whatever this returns
 *
 * Everything is read under the context's lock, so that it is of one moment.
 *
 * Return: %SEC_E_OK, or %SEC_E_INSUFFICIENT_MEMORY.
 */
s32 sspi_ctx_query(struct sspi_ctx *ctx, unsigned int what,
		   struct sspi_ctx_info *info)
{
	const u8 *user, *domain;
	size_t user_len, domain_len;
	s32 status = SEC_E_OK;

	memset(info, 0, sizeof(*info));
	mutex_lock(&ctx->lock);
	info->attrs = ctx->attrs;
	info->negotiate_flags = ctx->auth.flags;
	info->established = ctx->state == SSPI_CTX_ESTABLISHED;
	info->start = ctx->start;
	info->expiry = ctx->expiry;
	if (info->established && (what & SSPI_QUERY_NAMES)) {
		ctx_names(ctx, &user, &user_len, &domain, &domain_len);
		info->user = name_dup(user, user_len);
		info->domain = name_dup(domain, domain_len);
		if ((user_len && !info->user) || (domain_len && !info->domain))
			status = SEC_E_INSUFFICIENT_MEMORY;
		info->user_len = info->user ? user_len : 0;
		info->domain_len = info->domain ? domain_len : 0;
	}
	if (info->established && (what & SSPI_QUERY_SESSION_KEY)) {
		memcpy(info->session_key, ctx->auth.session_key, sizeof(info->session_key));
		info->has_session_key = true;
	}
	mutex_unlock(&ctx->lock);
	return status;
}

/**
 * sspi_ctx_info_clear() - free and wipe what sspi_ctx_query() filled in
 * @info: the answer
 */
void sspi_ctx_info_clear(struct sspi_ctx_info *info)
{
	kfree(info->user);
	kfree(info->domain);
	memzero_explicit(info, sizeof(*info));
}

static s32 take_token(struct ntlm_token *tok, const struct sspi_ctx_args *args,
		      struct sspi_ctx_result *res)
{
	if (args->output_max && tok->len > args->output_max) {
		kfree(tok->data);
		tok->data = NULL;
		return SEC_E_BUFFER_TOO_SMALL;
	}
	res->token = tok->data;
	res->token_len = tok->len;
	tok->data = NULL;
	return SEC_E_OK;
}

/*
 * Ends a first call: a context whose first token was made and fits is
 * handed out in @state; any other is freed, and no state is left behind.
 */
static s32 first_leg(struct sspi_ctx *ctx, s32 status, enum sspi_ctx_state state,
		     struct ntlm_token *tok, const struct sspi_ctx_args *args,
		     struct sspi_ctx_result *res, struct sspi_ctx **ctxp)
{
	if (status == SEC_I_CONTINUE_NEEDED) {
		s32 taken = take_token(tok, args, res);

		if (taken)
			status = taken;
	}
	if (status != SEC_I_CONTINUE_NEEDED) {
		sspi_ctx_put(ctx);
		return status;
	}
	WRITE_ONCE(ctx->state, state);
	if (!ctx->server)
		res->attrs = ret_flags(ctx) & ~(SSPI_RET_CONNECTION | SSPI_RET_DATAGRAM);
	res->expiry = ctx->expiry;
	*ctxp = ctx;
	return status;
}

/*
 * The established state keeps keys and names, not the handshake's copies;
 * its session security is set up by its first message (kmod/session.c).
 */
static void ctx_establish(struct sspi_ctx *ctx)
{
	kfree(ctx->auth.negotiate);
	kfree(ctx->auth.challenge);
	ctx->auth.negotiate = NULL;
	ctx->auth.challenge = NULL;
	ctx->auth.negotiate_len = 0;
	ctx->auth.challenge_len = 0;
	WRITE_ONCE(ctx->state, SSPI_CTX_ESTABLISHED);
	ctx->attrs = ret_flags(ctx);
	WRITE_ONCE(ctx->expiry, SSPI_EXPIRY_NEVER);
}

/*
 * Ends a second call: a handshake that succeeded establishes the context
 * and reports its attributes; one that failed invalidates it, as the spec
 * says, unless only the output buffer was too small.
 */
static s32 second_leg_done(struct sspi_ctx *ctx, s32 status,
			   struct sspi_ctx_result *res)
{
	if (status == SEC_E_OK) {
		ctx_establish(ctx);
		res->attrs = ctx->attrs;
		res->expiry = ctx->expiry;
	} else if (status != SEC_E_BUFFER_TOO_SMALL) {
		WRITE_ONCE(ctx->state, SSPI_CTX_FAILED);
	}
	return status;
}

/* This machine's NetBIOS name, UTF-16LE: the host name up to its first dot,
 * in capitals, at most 15 characters.
 */
static size_t netbios_name(const char *name, u8 *out, bool upper)
{
	size_t i;

	for (i = 0; i < 15 && name[i] && name[i] != '.'; i++) {
		u8 c = name[i];

		out[2 * i] = upper && c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
		out[2 * i + 1] = 0;
	}
	return 2 * i;
}

static size_t to_utf16(const char *s, u8 *out, size_t max_bytes)
{
	int n = utf8s_to_utf16s(s, strnlen(s, max_bytes / 2), UTF16_LITTLE_ENDIAN,
				(wchar_t *)out, max_bytes / 2);

	return n > 0 ? 2 * n : 0;
}

/* SEC_CHANNEL_BINDINGS: eight ULONGs, offsets from the structure's start */
#define BINDINGS_HDR_SIZE	32

/* One (length, offset) part of a SEC_CHANNEL_BINDINGS, bounds-checked. */
static bool bindings_part(const u8 *b, size_t len, unsigned int at,
			  struct ntlm_vec *part)
{
	u32 part_len = get_unaligned_le32(b + at);
	u32 off = get_unaligned_le32(b + at + 4);

	if (!part_len) {
		part->data = NULL;
		part->len = 0;
		return true;
	}
	if (off < BINDINGS_HDR_SIZE || off > len || part_len > len - off)
		return false;
	part->data = b + off;
	part->len = part_len;
	return true;
}

/*
 * MsvAvChannelBindings: the MD5 of the gss_channel_bindings_struct that a
 * SEC_CHANNEL_BINDINGS describes (MS-NLMP 3.1.5.1.2, RFC 2744 3.11): each
 * address type and length as a little-endian 32-bit value, then the bytes.
 */
static s32 bindings_hash(const u8 *b, size_t len, u8 hash[16])
{
	struct ntlm_vec v[8], initiator, acceptor, app;

	if (len < BINDINGS_HDR_SIZE ||
	    !bindings_part(b, len, 4, &initiator) ||
	    !bindings_part(b, len, 16, &acceptor) ||
	    !bindings_part(b, len, 24, &app))
		return SEC_E_BAD_BINDINGS;
	v[0] = (struct ntlm_vec){ b, 4 };		/* dwInitiatorAddrType */
	v[1] = (struct ntlm_vec){ b + 4, 4 };		/* cbInitiatorLength */
	v[2] = initiator;
	v[3] = (struct ntlm_vec){ b + 12, 4 };		/* dwAcceptorAddrType */
	v[4] = (struct ntlm_vec){ b + 16, 4 };		/* cbAcceptorLength */
	v[5] = acceptor;
	v[6] = (struct ntlm_vec){ b + 24, 4 };		/* cbApplicationDataLength */
	v[7] = app;
	return ntlm_md5_digest(v, ARRAY_SIZE(v), hash) ? SEC_E_INTERNAL_ERROR : SEC_E_OK;
}

/*
 * Begins a second call: the context may take the peer's second token now if
 * it is unexpired and waiting for exactly that, and the token is there. The
 * channel bindings, if any, are then hashed into @buf; *@hash is @buf, or
 * NULL without bindings.
 */
static s32 second_leg_begin(struct sspi_ctx *ctx, enum sspi_ctx_state waiting,
			    const struct sspi_ctx_args *args, u8 buf[16],
			    const u8 **hash)
{
	lockdep_assert_held(&ctx->lock);
	*hash = NULL;
	if (ctx_expired(ctx))
		return SEC_E_INVALID_HANDLE;
	if (ctx->state != waiting || !args->input_len)
		return SEC_E_INVALID_TOKEN;
	if (!args->bindings)
		return SEC_E_OK;
	*hash = buf;
	return bindings_hash(args->bindings, args->bindings_len, buf);
}

/*
 * ISC_REQ_USE_SUPPLIED_CREDS with a SECBUFFER_PKG_PARAMS identity: the
 * context authenticates as that identity, through a credential of its own.
 */
static s32 initialize_supplied(struct sspi_cred *cred, struct sspi_ctx **ctxp,
			       const struct sspi_ctx_args *args,
			       struct sspi_ctx_result *res)
{
	struct sspi_ctx_args plain = *args;
	struct sspi_cred *own;
	s32 status;

	status = sspi_cred_acquire(NULL, "NTLM", SSPI_CRED_OUTBOUND, args->supplied, &own);
	if (status)
		return status;
	/* The identity changes, the policy of the caller's credential stays. */
	own->lm_compat = READ_ONCE(cred->lm_compat);
	own->min_sec = READ_ONCE(cred->min_sec);
	plain.supplied = NULL;
	status = sspi_ctx_initialize(own, ctxp, &plain, res);
	sspi_cred_put(own);
	if (*ctxp)
		(*ctxp)->supplied = true;
	return status;
}

/**
 * sspi_ctx_initialize() - one InitializeSecurityContext call
 * @cred: the credential (first call) or %NULL (later calls use the
 *	context's own)
 * @ctxp: %NULL-pointing on the first call, receiving the new context with
 *	one reference; the context on later calls
 * @args: the call's inputs
 * @res: its outputs (token, flags, expiry)
 *
 * Return: %SEC_I_CONTINUE_NEEDED after the NEGOTIATE; %SEC_E_OK after the
 * AUTHENTICATE (no answer from the server is expected); otherwise the
 * reason, and a context whose handshake failed answers no further call.
 */
s32 sspi_ctx_initialize(struct sspi_cred *cred, struct sspi_ctx **ctxp,
			const struct sspi_ctx_args *args,
			struct sspi_ctx_result *res)
{
	struct ntlm_client_input in = { };
	struct ntlm_token tok = { };
	struct ntlm_user id = { };
	u8 workstation[30], bindings[16];
	struct sspi_ctx *ctx = *ctxp;
	s32 status;

	memset(res, 0, sizeof(*res));
	if (!ctx) {
		status = check_req(args->req);
		if (status)
			return status;
		if ((args->req & SSPI_ISC_REQ_USE_SUPPLIED_CREDS) && args->supplied)
			return initialize_supplied(cred, ctxp, args, res);
		if (!(cred->use & SSPI_CRED_OUTBOUND))
			return SEC_E_NO_CREDENTIALS;
		ctx = ctx_new(cred, false, args->req);
		if (!ctx)
			return SEC_E_INSUFFICIENT_MEMORY;
		status = ntlm_client_negotiate(&ctx->auth, client_flags(args->req),
					       ctx->lm_compat, &tok);
		return first_leg(ctx, status, SSPI_CTX_CLIENT_NEGOTIATE_SENT, &tok,
				 args, res, ctxp);
	}

	if (ctx->server)
		return SEC_E_INVALID_HANDLE;
	mutex_lock(&ctx->lock);
	status = second_leg_begin(ctx, SSPI_CTX_CLIENT_NEGOTIATE_SENT, args,
				  bindings, &in.bindings_hash);
	if (status)
		goto out;
	/* Copied only now: every path from here wipes it */
	cred = ctx->cred;
	id.user = sspi_cred_user(cred);
	id.user_len = cred->user_len;
	id.domain = sspi_cred_domain(cred);
	id.domain_len = cred->domain_len;
	memcpy(id.nt_hash, cred->nt_hash, sizeof(id.nt_hash));
	id.lm_hash = cred->has_lm_hash ? cred->lm_hash : NULL;
	in.challenge = args->input;
	in.challenge_len = args->input_len;
	in.target = args->target;
	in.target_len = args->target_len;
	in.workstation = workstation;
	in.workstation_len = netbios_name(utsname()->nodename, workstation, true);
	status = ntlm_client_authenticate(&ctx->auth, &id, &in, &tok);
	memzero_explicit(&id, sizeof(id));
	if (status == SEC_E_OK)
		status = take_token(&tok, args, res);
	status = second_leg_done(ctx, status, res);
out:
	mutex_unlock(&ctx->lock);
	return status;
}

/*
 * @arg is the accept's struct sspi_logon, which keeps what the store found,
 * or that the domain is remote, and then what its authority said.
 */
static s32 lookup_account(void *arg, const u8 *dom, size_t dom_len,
			  const u8 *user, size_t user_len,
			  struct ntlm_hashes *hashes)
{
	struct sspi_logon *logon = arg;

	if (sspi_domain_is_remote(logon->net, dom, dom_len)) {
		logon->remote = true;
		return NTLM_LOOKUP_REMOTE;
	}
	return sspi_account_lookup(logon, dom, dom_len, user, user_len, hashes);
}

static s32 pass_through(void *arg, const struct ntlm_pass_through *req,
			u8 session_base_key[NTLM_KEY_SIZE])
{
	struct sspi_logon *logon = arg;

	return sspi_authority_check(logon->net, req, session_base_key,
				    &logon->remote_acct);
}

static s32 server_challenge(struct sspi_ctx *ctx, const struct sspi_ctx_args *args,
			    struct ntlm_token *tok)
{
	const char *host = utsname()->nodename;
	u8 nb_host[30], nb_dom[30], dns_host[2 * 64], dns_dom[2 * 64];
	struct ntlm_names names = {
		.nb_computer = nb_host,
		.nb_computer_len = netbios_name(host, nb_host, true),
		.nb_domain = nb_dom,
		.nb_domain_len = netbios_name(domain, nb_dom, true),
		.dns_computer = dns_host,
		.dns_computer_len = to_utf16(host, dns_host, sizeof(dns_host)),
		.dns_domain = dns_dom,
		.dns_domain_len = to_utf16(domain, dns_dom, sizeof(dns_dom)),
	};

	return ntlm_server_challenge(&ctx->auth, args->input, args->input_len,
				     &names, ctx->lm_compat, tok);
}

/**
 * sspi_ctx_accept() - one AcceptSecurityContext call
 * @cred: the acceptor's credential (first call) or %NULL
 * @ctxp: as for sspi_ctx_initialize()
 * @args: the call's inputs (the client's token)
 * @res: its outputs
 *
 * Return: %SEC_I_CONTINUE_NEEDED after the CHALLENGE; %SEC_E_OK once the
 * AUTHENTICATE verified; otherwise the reason (see
 * ntlm_server_authenticate()), after which the context answers no further
 * call.
 */
s32 sspi_ctx_accept(struct sspi_cred *cred, struct sspi_ctx **ctxp,
		    const struct sspi_ctx_args *args,
		    struct sspi_ctx_result *res)
{
	struct sspi_logon logon = { };
	struct ntlm_verifier verifier = {
		.lookup = lookup_account,
		.pass_through = pass_through,
		.arg = &logon,
	};
	struct ntlm_token tok = { };
	struct sspi_ctx *ctx = *ctxp;
	const u8 *cb_hash;
	u8 bindings[16];
	s32 status;

	memset(res, 0, sizeof(*res));
	if (!ctx) {
		status = check_req(args->req);
		if (status)
			return status;
		if (!(cred->use & SSPI_CRED_INBOUND))
			return SEC_E_NO_CREDENTIALS;
		/* A NEGOTIATE, or in connectionless NTLM nothing: CHALLENGE first. */
		if (!args->input_len != !!(args->req & SSPI_REQ_DATAGRAM))
			return SEC_E_INVALID_TOKEN;
		/*
		 * The context keeps it for the MIC: no longer than the package
		 * says a token is (Windows' and Wine's answer to a token longer
		 * than their buffer).
		 */
		if (args->input_len > SSPI_NTLM_MAX_TOKEN)
			return SEC_E_INVALID_TOKEN;
		ctx = ctx_new(cred, true, args->req);
		if (!ctx)
			return SEC_E_INSUFFICIENT_MEMORY;
		status = server_challenge(ctx, args, &tok);
		return first_leg(ctx, status, SSPI_CTX_SERVER_CHALLENGE_SENT, &tok,
				 args, res, ctxp);
	}

	if (!ctx->server)
		return SEC_E_INVALID_HANDLE;
	mutex_lock(&ctx->lock);
	/* Only one AUTHENTICATE, and only after our CHALLENGE: no replays. */
	status = second_leg_begin(ctx, SSPI_CTX_SERVER_CHALLENGE_SENT, args,
				  bindings, &cb_hash);
	if (status)
		goto out;
	logon.net = ctx->cred->net;
	status = ntlm_server_authenticate(&ctx->auth, args->input, args->input_len,
					  cb_hash, &verifier);
	if (status == SEC_E_OK && is_datagram(ctx) &&
	    (ctx->auth.flags & DATAGRAM_FLAGS) != DATAGRAM_FLAGS) {
		memzero_explicit(ctx->auth.session_key, sizeof(ctx->auth.session_key));
		status = SEC_E_INVALID_TOKEN;
	}
	/* Unknown or locked out: refused. The lockout count; the audit trail. */
	status = sspi_logon_end(&logon, &ctx->auth, args->input, args->input_len,
				status);
	/* Never SEC_E_BUFFER_TOO_SMALL: an accepted AUTHENTICATE has no answer */
	status = second_leg_done(ctx, status, res);
out:
	mutex_unlock(&ctx->lock);
	return status;
}
