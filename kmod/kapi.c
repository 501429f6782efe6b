// SPDX-License-Identifier: GPL-2.0
/*
 * The in-kernel door of sspi.ko (include/linux/sspi.h): what genl.c is for
 * userspace, for other modules. It checks arguments, converts strings and
 * hands out pointers where netlink hands out handles; everything else is the
 * core's.
 */
#include <linux/build_bug.h>
#include <linux/export.h>
#include <linux/nls.h>
#include <linux/slab.h>
#include <linux/sspi.h>
#include <linux/string.h>

#include "account.h"
#include "context.h"
#include "cred.h"
#include "ntlm/crypto.h"

static_assert(sizeof_field(struct ntlm_auth, session_key) == SSPI_SESSION_KEY_LEN);
static_assert(SSPI_NT_HASH_LEN == NTLM_HASH_SIZE);
static_assert(SSPI_SIGNATURE_LEN == NTLM_MSG_SIGNATURE_SIZE);
static_assert(SSPI_MESSAGE_PARTS_MAX == NTLM_SEAL_PARTS_MAX);

/*
 * @s as UTF-16LE in a new buffer (%NULL for a %NULL or empty @s). -EINVAL
 * when @s is not UTF-8 or longer than @max bytes of UTF-16.
 */
static int utf16_dup(const char *s, size_t max, u8 **out, size_t *out_len)
{
	size_t units = max / 2, len, room;
	u8 *buf;
	int n;

	*out = NULL;
	*out_len = 0;
	if (!s || !*s)
		return 0;
	/* No character takes more than 3 bytes of UTF-8 per unit of UTF-16. */
	len = strnlen(s, 3 * units + 1);
	if (len > 3 * units)
		return -EINVAL;
	/*
	 * No more units than bytes; and room for more than @units, so that a
	 * string too long shows (the conversion stops silently when full).
	 */
	room = min(len, units + 2);
	buf = kmalloc_array(room, 2, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	n = utf8s_to_utf16s((const u8 *)s, len, UTF16_LITTLE_ENDIAN,
			    (wchar_t *)buf, room);
	if (n < 0 || n > units) {
		kfree_sensitive(buf);
		return -EINVAL;
	}
	*out = buf;
	*out_len = 2 * n;
	return 0;
}

/**
 * sspi_acquire_credentials() - make a credential (AcquireCredentialsHandle)
 * @net: the caller's network namespace (e.g. its socket's); an inbound
 *	credential checks clients against its account store, and holds a
 *	reference to it
 * @package: package name, "NTLM" (any case)
 * @use: %SSPI_CRED_INBOUND (acceptor), %SSPI_CRED_OUTBOUND (client) or both
 * @id: the identity for outbound use; may be %NULL for inbound only. Only
 *	the hashes of the password are kept: the caller may wipe it on return.
 *	User, domain and password all empty but not %NULL is the anonymous
 *	identity: its contexts authenticate as a null session. %NULL, or
 *	neither a user nor a password, for outbound use is the default
 *	credential of the calling task (current): the "logon" key "sspi:ntlm"
 *	it possesses and owns (sspictl login, pam_sspi).
 * @cred: receives the credential on %SEC_E_OK, else %NULL
 *
 * The caller owns the credential and frees it with sspi_free_credentials(),
 * which it may do while contexts made with it live on.
 *
 * Context: Process context; may sleep.
 * Return: %SEC_E_OK, %SEC_E_SECPKG_NOT_FOUND, %SEC_E_UNKNOWN_CREDENTIALS (bad
 * @use, odd or too long names or password), %SEC_E_NO_CREDENTIALS (outbound
 * without a user or a password, and the task has no default credential),
 * %SEC_E_INSUFFICIENT_MEMORY or
 * %SEC_E_INVALID_PARAMETER.
 */
s32 sspi_acquire_credentials(struct net *net, const char *package, u32 use,
			     const struct sspi_identity *id,
			     struct sspi_cred **cred)
{
	if (!cred)
		return SEC_E_INVALID_PARAMETER;
	*cred = NULL;
	if (!net)
		return SEC_E_INVALID_PARAMETER;
	return sspi_cred_acquire(net, package, use, id, cred);
}
EXPORT_SYMBOL_GPL(sspi_acquire_credentials);

/**
 * sspi_acquire_credentials_utf8() - sspi_acquire_credentials() for C strings
 * @net: as for sspi_acquire_credentials()
 * @package: as for sspi_acquire_credentials()
 * @use: as for sspi_acquire_credentials()
 * @user: UTF-8 user name, or %NULL
 * @domain: UTF-8 domain, or %NULL
 * @password: UTF-8 password, or %NULL; its UTF-16 copy is wiped on return
 * @cred: receives the credential on %SEC_E_OK, else %NULL
 *
 * Context: Process context; may sleep.
 * Return: as sspi_acquire_credentials(); %SEC_E_UNKNOWN_CREDENTIALS also for
 * a string that is not UTF-8.
 */
s32 sspi_acquire_credentials_utf8(struct net *net, const char *package,
				  u32 use, const char *user, const char *domain,
				  const char *password, struct sspi_cred **cred)
{
	struct sspi_identity id = { };
	u8 *u = NULL, *d = NULL, *p = NULL;
	s32 status;
	int err;

	if (!cred)
		return SEC_E_INVALID_PARAMETER;
	*cred = NULL;
	err = utf16_dup(user, SSPI_NAME_MAX, &u, &id.user_len);
	if (!err)
		err = utf16_dup(domain, SSPI_NAME_MAX, &d, &id.domain_len);
	if (!err)
		err = utf16_dup(password, SSPI_PASSWORD_MAX, &p, &id.password_len);
	if (err) {
		status = err == -ENOMEM ? SEC_E_INSUFFICIENT_MEMORY
					: SEC_E_UNKNOWN_CREDENTIALS;
		goto out;
	}
	id.user = u;
	id.domain = d;
	id.password = p;
	status = sspi_acquire_credentials(net, package, use, &id, cred);
out:
	kfree_sensitive(p);
	kfree(d);
	kfree(u);
	return status;
}
EXPORT_SYMBOL_GPL(sspi_acquire_credentials_utf8);

/**
 * sspi_free_credentials() - drop a credential (FreeCredentialsHandle)
 * @cred: the credential, or %NULL
 *
 * Contexts made with it keep what they need of it; its secrets are wiped
 * when the last of them is gone.
 *
 * Context: Any context.
 */
void sspi_free_credentials(struct sspi_cred *cred)
{
	sspi_cred_put(cred);
}
EXPORT_SYMBOL_GPL(sspi_free_credentials);

/**
 * sspi_set_lm_compatibility() - the LAN Manager authentication level of
 *	a credential's future contexts (SetCredentialsAttributes)
 * @cred: the credential
 * @level: 0 to %SSPI_LM_COMPAT_MAX, with the meanings of Windows'
 *	LmCompatibilityLevel, or %SSPI_LM_COMPAT_DEFAULT for the module
 *	parameter lm_compatibility
 *
 * Context: Any context.
 * Return: %SEC_E_OK, or %SEC_E_INVALID_PARAMETER for a bad @cred or @level.
 */
s32 sspi_set_lm_compatibility(struct sspi_cred *cred, u32 level)
{
	if (!cred)
		return SEC_E_INVALID_PARAMETER;
	return sspi_cred_set_lm_compat(cred, level);
}
EXPORT_SYMBOL_GPL(sspi_set_lm_compatibility);

/**
 * sspi_set_min_session_security() - the minimum session security of a
 *	credential's future contexts (SetCredentialsAttributes)
 * @cred: the credential
 * @min_sec: %SSPI_MIN_SEC_* bits, with the meanings of Windows'
 *	NtlmMinClientSec (outbound contexts) and NtlmMinServerSec (inbound
 *	ones), or %SSPI_MIN_SEC_DEFAULT for the module parameters
 *	min_client_sec and min_server_sec
 *
 * A handshake that does not negotiate every bit required then fails with
 * %SEC_E_UNSUPPORTED_FUNCTION.
 *
 * Context: Any context.
 * Return: %SEC_E_OK, or %SEC_E_INVALID_PARAMETER for a bad @cred or @min_sec.
 */
s32 sspi_set_min_session_security(struct sspi_cred *cred, u32 min_sec)
{
	if (!cred)
		return SEC_E_INVALID_PARAMETER;
	return sspi_cred_set_min_sec(cred, min_sec);
}
EXPORT_SYMBOL_GPL(sspi_set_min_session_security);

/*
 * One Initialize/AcceptSecurityContext call: the step's inputs checked and
 * given to the core, its outputs handed back.
 */
static s32 context_call(struct sspi_cred *cred, struct sspi_ctx **ctx,
			struct sspi_ctx_step *step, bool accept)
{
	struct sspi_ctx_args args = { };
	struct sspi_ctx_result res;
	s32 status;

	if (!step)
		return SEC_E_INVALID_PARAMETER;
	step->out = NULL;
	step->out_len = 0;
	step->attrs = 0;
	step->expiry = 0;
	if (!ctx)
		return SEC_E_INVALID_PARAMETER;
	if (!*ctx && !cred)
		return SEC_E_INVALID_HANDLE;
	if (step->in_len > SSPI_TOKEN_MAX || (!step->in && step->in_len))
		return SEC_E_INVALID_TOKEN;
	if (step->bindings_len > SSPI_BINDINGS_MAX ||
	    (!step->bindings && step->bindings_len))
		return SEC_E_BAD_BINDINGS;
	args.req = step->req;
	args.input = step->in;
	args.input_len = step->in_len;
	args.bindings = step->bindings;
	args.bindings_len = step->bindings_len;
	if (accept) {
		status = sspi_ctx_accept(cred, ctx, &args, &res);
	} else {
		if (step->target_len > SSPI_NAME_MAX || (step->target_len & 1) ||
		    (!step->target && step->target_len))
			return SEC_E_TARGET_UNKNOWN;
		args.target = step->target;
		args.target_len = step->target_len;
		args.supplied = step->supplied;
		status = sspi_ctx_initialize(cred, ctx, &args, &res);
	}
	step->out = res.token;
	step->out_len = res.token_len;
	step->attrs = res.attrs;
	step->expiry = res.expiry;
	return status;
}

/**
 * sspi_init_security_context() - the client's step (InitializeSecurityContext)
 * @cred: an outbound credential on the first call; ignored on later calls
 * @ctx: points to %NULL on the first call and receives the new context,
 *	which the caller owns (see sspi_delete_security_context()); points to
 *	that context on later calls
 * @step: the call's inputs (@step->in: the server's CHALLENGE on the second
 *	call) and outputs (@step->out: the token to send to the server)
 *
 * A client calls it twice: without input, for the NEGOTIATE to send; then
 * with the server's CHALLENGE, for the AUTHENTICATE to send.
 *
 * Context: Process context; may sleep. Calls on one context are serialised.
 * Return: %SEC_I_CONTINUE_NEEDED after the first call (send @step->out, feed
 * the answer back); %SEC_E_OK when the context is established (send
 * @step->out, no answer follows); otherwise the reason, e.g.
 * %SEC_E_INVALID_HANDLE, %SEC_E_NO_CREDENTIALS, %SEC_E_INVALID_TOKEN,
 * %SEC_E_TARGET_UNKNOWN, %SEC_E_BAD_BINDINGS, %SEC_E_INVALID_PARAMETER. A
 * failed first call leaves *@ctx %NULL; a context whose later call failed
 * answers no further call but must still be deleted.
 */
s32 sspi_init_security_context(struct sspi_cred *cred, struct sspi_ctx **ctx,
			       struct sspi_ctx_step *step)
{
	return context_call(cred, ctx, step, false);
}
EXPORT_SYMBOL_GPL(sspi_init_security_context);

/**
 * sspi_accept_security_context() - the server's step (AcceptSecurityContext)
 * @cred: an inbound credential on the first call; ignored on later calls
 * @ctx: as for sspi_init_security_context()
 * @step: the call's inputs (@step->in: the client's NEGOTIATE, then its
 *	AUTHENTICATE) and outputs (@step->out: the CHALLENGE to send)
 *
 * Clients are checked against the account store of the credential's
 * network namespace. Once established, sspi_query_names() says who the
 * client is.
 *
 * Context: Process context; may sleep. Calls on one context are serialised.
 * Return: %SEC_I_CONTINUE_NEEDED after the first call (send @step->out, feed
 * the answer back); %SEC_E_OK once the client authenticated; otherwise the
 * reason, e.g. %SEC_E_LOGON_DENIED (wrong password or unknown user),
 * %SEC_E_NO_AUTHENTICATING_AUTHORITY (the namespace has no account store),
 * %SEC_E_BAD_BINDINGS, %SEC_E_INVALID_TOKEN, %SEC_E_INVALID_HANDLE,
 * %SEC_E_INVALID_PARAMETER. Failures leave *@ctx as for
 * sspi_init_security_context().
 */
s32 sspi_accept_security_context(struct sspi_cred *cred, struct sspi_ctx **ctx,
				 struct sspi_ctx_step *step)
{
	return context_call(cred, ctx, step, true);
}
EXPORT_SYMBOL_GPL(sspi_accept_security_context);

/**
 * sspi_delete_security_context() - drop a context (DeleteSecurityContext)
 * @ctx: the context, or %NULL
 *
 * Its keys are wiped once no call on it is in progress.
 *
 * Context: Any context.
 */
void sspi_delete_security_context(struct sspi_ctx *ctx)
{
	sspi_ctx_put(ctx);
}
EXPORT_SYMBOL_GPL(sspi_delete_security_context);

/**
 * sspi_query_session_key() - the session key (SECPKG_ATTR_SESSION_KEY)
 * @ctx: an established context
 * @key: receives the exported session key, which both sides share (an SMB
 *	session's signing key is derived from it); the caller wipes it
 *
 * Context: Process context; may sleep.
 * Return: %SEC_E_OK, %SEC_E_INVALID_HANDLE when @ctx is %NULL or not
 * established, or %SEC_E_INVALID_PARAMETER.
 */
s32 sspi_query_session_key(struct sspi_ctx *ctx, u8 key[SSPI_SESSION_KEY_LEN])
{
	struct sspi_ctx_info info;
	s32 status;

	if (!ctx)
		return SEC_E_INVALID_HANDLE;
	if (!key)
		return SEC_E_INVALID_PARAMETER;
	status = sspi_ctx_query(ctx, SSPI_QUERY_SESSION_KEY, &info);
	if (!status && !info.established)
		status = SEC_E_INVALID_HANDLE;
	if (!status)
		memcpy(key, info.session_key, SSPI_SESSION_KEY_LEN);
	sspi_ctx_info_clear(&info);
	return status;
}
EXPORT_SYMBOL_GPL(sspi_query_session_key);

/*
 * One message call: the caller's buffers as the parts the core signs (all
 * but the SSPI_BUF_READONLY ones) and seals in place (those without
 * either flag).
 */
static s32 message_call(struct sspi_ctx *ctx, enum sspi_msg_op op, u32 *qop,
			const struct sspi_msg_buffer *bufs, unsigned int nbufs,
			u8 *sig, u32 seqno)
{
	struct ntlm_part parts[SSPI_MESSAGE_PARTS_MAX];
	unsigned int i, n = 0;

	if (!ctx)
		return SEC_E_INVALID_HANDLE;
	if (!sig || !qop || (nbufs && !bufs))
		return SEC_E_INVALID_PARAMETER;
	for (i = 0; i < nbufs; i++) {
		const struct sspi_msg_buffer *b = &bufs[i];

		if (b->len && !b->data)
			return SEC_E_INVALID_PARAMETER;
		if ((b->flags & SSPI_BUF_READONLY) &&
		    !(b->flags & SSPI_BUF_READONLY_WITH_CHECKSUM))
			continue;
		if (n == ARRAY_SIZE(parts))
			return SEC_E_INVALID_PARAMETER;
		parts[n].in = b->data;
		parts[n].out = b->flags & SSPI_BUF_READONLY_WITH_CHECKSUM ? NULL : b->data;
		parts[n].len = b->len;
		n++;
	}
	return sspi_ctx_message(ctx, op, qop, parts, n, sig, seqno);
}

/**
 * sspi_make_signature() - sign a message (MakeSignature)
 * @ctx: an established context
 * @qop: 0
 * @bufs: the message: its pieces in order (see &struct sspi_msg_buffer)
 * @nbufs: their number; at most %SSPI_MESSAGE_PARTS_MAX are signed
 * @sig: receives the signature to send with it
 * @seqno: MessageSeqNo: in a connectionless context (%SSPI_REQ_DATAGRAM),
 *	the message's number, which the peer gives to check it; ignored in
 *	connection mode
 *
 * In connection mode messages are signed in sequence: the peer must check
 * them in the order they were made. A connectionless context keeps no
 * order: each message is signed under its @seqno alone.
 *
 * Context: Process context; may sleep. Calls on one context are serialised.
 * Return: %SEC_E_OK, %SEC_E_INVALID_HANDLE (@ctx not established),
 * %SEC_E_QOP_NOT_SUPPORTED, %SEC_E_UNSUPPORTED_FUNCTION (no session
 * security in an anonymous context) or %SEC_E_INVALID_PARAMETER.
 */
s32 sspi_make_signature(struct sspi_ctx *ctx, u32 qop,
			const struct sspi_msg_buffer *bufs, unsigned int nbufs,
			u8 sig[SSPI_SIGNATURE_LEN], u32 seqno)
{
	return message_call(ctx, SSPI_MSG_SIGN, &qop, bufs, nbufs, sig, seqno);
}
EXPORT_SYMBOL_GPL(sspi_make_signature);

/**
 * sspi_verify_signature() - check a signed message (VerifySignature)
 * @ctx: an established context
 * @bufs: the message as received
 * @nbufs: their number
 * @sig: the signature that came with it
 * @qop: receives the QOP it was signed with (0)
 * @seqno: MessageSeqNo: in a connectionless context, the number the message
 *	was made with; ignored in connection mode
 *
 * A message that fails leaves the context as it was.
 *
 * Context: Process context; may sleep. Calls on one context are serialised.
 * Return: %SEC_E_OK, %SEC_E_MESSAGE_ALTERED, %SEC_E_OUT_OF_SEQUENCE (a
 * replayed or reordered message, when sequence or replay detection was
 * requested; else %SEC_E_MESSAGE_ALTERED; a connectionless context
 * reports a message signed under another @seqno %SEC_E_MESSAGE_ALTERED),
 * or a status of sspi_make_signature().
 */
s32 sspi_verify_signature(struct sspi_ctx *ctx,
			  const struct sspi_msg_buffer *bufs, unsigned int nbufs,
			  const u8 sig[SSPI_SIGNATURE_LEN], u32 *qop, u32 seqno)
{
	return message_call(ctx, SSPI_MSG_VERIFY, qop, bufs, nbufs, (u8 *)sig,
			    seqno);
}
EXPORT_SYMBOL_GPL(sspi_verify_signature);

/**
 * sspi_encrypt_message() - sign and seal a message in place (EncryptMessage)
 * @ctx: an established context that negotiated confidentiality
 * @qop: 0, or %SSPI_QOP_WRAP_NO_ENCRYPT to sign it only (the peer then
 *	checks it with sspi_verify_signature())
 * @bufs: the message; buffers without flags are sealed in place
 * @nbufs: their number
 * @sig: receives the signature to send with it
 * @seqno: as for sspi_make_signature()
 *
 * Context: Process context; may sleep. Calls on one context are serialised.
 * Return: as sspi_make_signature(); %SEC_E_UNSUPPORTED_FUNCTION also when
 * the context did not negotiate sealing.
 */
s32 sspi_encrypt_message(struct sspi_ctx *ctx, u32 qop,
			 const struct sspi_msg_buffer *bufs, unsigned int nbufs,
			 u8 sig[SSPI_SIGNATURE_LEN], u32 seqno)
{
	return message_call(ctx, SSPI_MSG_SEAL, &qop, bufs, nbufs, sig, seqno);
}
EXPORT_SYMBOL_GPL(sspi_encrypt_message);

/**
 * sspi_decrypt_message() - check and unseal a message in place (DecryptMessage)
 * @ctx: an established context that negotiated confidentiality
 * @bufs: the message as received; buffers without flags are unsealed in
 *	place (their content is meaningless if the call fails)
 * @nbufs: their number
 * @sig: the signature that came with it
 * @qop: receives the QOP (0)
 * @seqno: as for sspi_verify_signature()
 *
 * Context: Process context; may sleep. Calls on one context are serialised.
 * Return: as sspi_verify_signature().
 */
s32 sspi_decrypt_message(struct sspi_ctx *ctx,
			 const struct sspi_msg_buffer *bufs, unsigned int nbufs,
			 const u8 sig[SSPI_SIGNATURE_LEN], u32 *qop, u32 seqno)
{
	return message_call(ctx, SSPI_MSG_UNSEAL, qop, bufs, nbufs, (u8 *)sig,
			    seqno);
}
EXPORT_SYMBOL_GPL(sspi_decrypt_message);

/**
 * sspi_query_names() - who the client is (SECPKG_ATTR_NAMES)
 * @ctx: an established context: on the server's side, the user the client
 *	authenticated as; on the client's, the user it authenticated as
 * @user: receives the kmalloc'ed UTF-16LE user name (the caller kfree()s it)
 * @user_len: receives its length in bytes
 * @domain: receives the kmalloc'ed UTF-16LE domain, or %NULL for none
 * @domain_len: receives its length in bytes
 *
 * On the server's side the names are the account's, as it was added
 * (the store compares without regard to case, and a domain-less account
 * has no domain), not as the client spelt them; on the client's, its
 * credential's. An anonymous context, on either side, is "NT AUTHORITY", "ANONYMOUS
 * LOGON".
 *
 * Context: Process context; may sleep.
 * Return: %SEC_E_OK, %SEC_E_INVALID_HANDLE when @ctx is %NULL or not
 * established, %SEC_E_INSUFFICIENT_MEMORY or %SEC_E_INVALID_PARAMETER.
 */
s32 sspi_query_names(struct sspi_ctx *ctx, u8 **user, size_t *user_len,
		     u8 **domain, size_t *domain_len)
{
	struct sspi_ctx_info info;
	s32 status;

	if (!user || !user_len || !domain || !domain_len)
		return SEC_E_INVALID_PARAMETER;
	*user = NULL;
	*domain = NULL;
	*user_len = 0;
	*domain_len = 0;
	if (!ctx)
		return SEC_E_INVALID_HANDLE;
	status = sspi_ctx_query(ctx, SSPI_QUERY_NAMES, &info);
	if (!status && !info.established)
		status = SEC_E_INVALID_HANDLE;
	if (!status) {
		/* The names are the caller's now. */
		*user = info.user;
		*user_len = info.user_len;
		*domain = info.domain;
		*domain_len = info.domain_len;
		info.user = NULL;
		info.domain = NULL;
	}
	sspi_ctx_info_clear(&info);
	return status;
}
EXPORT_SYMBOL_GPL(sspi_query_names);

/**
 * sspi_add_account() - let an acceptor authenticate a user
 * @net: the network namespace whose store gets the account
 * @domain: UTF-16LE domain; empty (%NULL, 0) matches a client of any domain
 *	that has no account of its own
 * @domain_len: its length in bytes
 * @user: UTF-16LE user name, not empty
 * @user_len: its length in bytes
 * @nt_hash: the NT hash (MD4 of the UTF-16LE password)
 *
 * An account of the same (domain, user), compared without regard to case,
 * gets the new hash. The caller is trusted: no permission is checked (the
 * netlink door asks for CAP_NET_ADMIN over @net).
 *
 * Context: Process context; may sleep.
 * Return: 0, -EINVAL for a bad name or the hash of an empty password,
 * -ENOSPC when the namespace's store holds max_accounts already or (for a
 * namespace owned by a user namespace other than the initial one) the user
 * who made that user namespace holds max_user_accounts, or -ENOMEM.
 */
int sspi_add_account(struct net *net, const u8 *domain, size_t domain_len,
		     const u8 *user, size_t user_len,
		     const u8 nt_hash[SSPI_NT_HASH_LEN])
{
	int err;

	if (!net || !nt_hash)
		return -EINVAL;
	err = sspi_account_add(net, domain, domain_len, user, user_len, nt_hash,
			       NULL);
	return err == -EDQUOT ? -ENOSPC : err;
}
EXPORT_SYMBOL_GPL(sspi_add_account);

/**
 * sspi_add_account_utf8() - sspi_add_account() for C strings and a password
 * @net: the network namespace whose store gets the account
 * @domain: UTF-8 domain; %NULL or "" matches a client of any domain
 * @user: UTF-8 user name, not empty
 * @password: UTF-8 password, not empty; only its NT hash (and LM hash, if
 *	it has one) is kept, and the copies made here are wiped
 *
 * Context: Process context; may sleep.
 * Return: as sspi_add_account(); -EINVAL also for a string that is not
 * UTF-8 or too long.
 */
int sspi_add_account_utf8(struct net *net, const char *domain,
			  const char *user, const char *password)
{
	u8 *u = NULL, *d = NULL, *p = NULL;
	size_t ulen, dlen, plen;
	int err;

	if (!net)
		return -EINVAL;
	err = utf16_dup(user, SSPI_NAME_MAX, &u, &ulen);
	if (!err)
		err = utf16_dup(domain, SSPI_NAME_MAX, &d, &dlen);
	if (!err)
		err = utf16_dup(password, SSPI_PASSWORD_MAX, &p, &plen);
	if (!err && !plen)
		err = -EINVAL;
	if (!err)
		err = sspi_account_add_password(net, d, dlen, u, ulen, p, plen);
	kfree_sensitive(p);
	kfree(d);
	kfree(u);
	return err == -EDQUOT ? -ENOSPC : err;
}
EXPORT_SYMBOL_GPL(sspi_add_account_utf8);

/**
 * sspi_delete_account() - delete one account
 * @net: the network namespace
 * @domain: UTF-16LE domain, as added (compared without regard to case)
 * @domain_len: its length in bytes
 * @user: UTF-16LE user name
 * @user_len: its length in bytes
 *
 * Context: Process context; may sleep.
 * Return: 0, -ENOENT when there is no such account, or -EINVAL.
 */
int sspi_delete_account(struct net *net, const u8 *domain, size_t domain_len,
			const u8 *user, size_t user_len)
{
	if (!net || (!domain && domain_len) || !user)
		return -EINVAL;
	return sspi_account_del(net, domain, domain_len, user, user_len);
}
EXPORT_SYMBOL_GPL(sspi_delete_account);

/**
 * sspi_flush_accounts() - delete every account of a namespace, and its store
 * @net: the network namespace
 *
 * Acceptors of @net then answer %SEC_E_NO_AUTHENTICATING_AUTHORITY until an
 * account is added again.
 *
 * Context: Process context; may sleep.
 */
void sspi_flush_accounts(struct net *net)
{
	if (net)
		sspi_account_flush(net);
}
EXPORT_SYMBOL_GPL(sspi_flush_accounts);
