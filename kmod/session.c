// SPDX-License-Identifier: GPL-2.0
/*
 * Session security of an established context: MakeSignature,
 * VerifySignature, EncryptMessage and DecryptMessage for both doors, around
 * the protocol code of ntlm/seal.c.
 *
 * Statuses, in the order they are checked:
 * - %SEC_E_INVALID_HANDLE: the context is not established (its handshake is
 *   unfinished or failed). Windows reports an unfinished NTLM context so;
 *   %SEC_E_CONTEXT_EXPIRED would mean a lifetime ran out, and established
 *   NTLM contexts have none.
 * - %SEC_E_QOP_NOT_SUPPORTED: a fQOP other than 0, or for EncryptMessage
 *   other than 0 and SECQOP_WRAP_NO_ENCRYPT. That one is supported: the
 *   message is signed as MakeSignature signs it and left in clear, and the
 *   peer checks it with VerifySignature (an NTLM signature does not say
 *   whether its message was sealed, so DecryptMessage cannot tell).
 * - %SEC_E_UNSUPPORTED_FUNCTION: an anonymous context (no session
 *   security, MS-NLMP 3.2.5.1.2), or sealing on a context that did not
 *   negotiate NTLMSSP_NEGOTIATE_SEAL.
 * - A context that negotiated neither NTLMSSP_NEGOTIATE_SIGN nor _SEAL
 *   signs with Windows' dummy signature (version 1, then zeros) and takes
 *   only that back, %SEC_E_MESSAGE_ALTERED for any other: Windows' NTLM
 *   does so, ALWAYS_SIGN or not (Wine's dlls/secur32/tests/ntlm.c,
 *   testSignSeal(), whose checks pass on Windows).
 * - Without extended session security (NTLMv1 or LM with a server that did
 *   not offer it) signatures are 3.4.4.1's: CRC32 under the one RC4 handle
 *   both sides share, half-duplex.
 * - then what ntlm_unseal_message() finds: %SEC_E_OUT_OF_SEQUENCE for a
 *   replayed or reordered message when the context was asked for sequence
 *   or replay detection, %SEC_E_MESSAGE_ALTERED otherwise and for a wrong
 *   checksum.
 *
 * A connectionless (datagram) context numbers its messages with the
 * caller's MessageSeqNo, in both directions, and keeps no order of its own:
 * messages check in any order, and one that was altered, or that carries
 * another number than the caller gave, is %SEC_E_MESSAGE_ALTERED (see
 * ntlm/seal.c). Telling a replay from a late message is the caller's, which
 * knows the numbers it has seen; such a context reports no
 * ISC_RET_REPLAY_DETECT or _SEQUENCE_DETECT. Connection-mode contexts
 * ignore MessageSeqNo.
 */
#include <linux/slab.h>
#include <linux/sspi.h>

#include "context.h"

/*
 * The sealing states, by whether extended session security was negotiated:
 * two RC4 handles of struct arc4_ctx (1 KiB each) with it, one without.
 * Caches of their exact sizes: kmalloc would round the 2.1 KiB state up to
 * 4 KiB.
 */
static struct kmem_cache *seal_cache[2];

static struct kmem_cache *seal_cache_for(u32 flags)
{
	return seal_cache[!!(flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY)];
}

/**
 * sspi_session_init() - make the caches of the sealing states
 *
 * Return: 0 or -ENOMEM.
 */
int sspi_session_init(void)
{
	const u32 ess = NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY;

	seal_cache[0] = kmem_cache_create("sspi_seal_v1", ntlm_seal_size(0), 0, 0, NULL);
	seal_cache[1] = kmem_cache_create("sspi_seal", ntlm_seal_size(ess), 0, 0, NULL);
	if (seal_cache[0] && seal_cache[1])
		return 0;
	sspi_session_exit();
	return -ENOMEM;
}

/**
 * sspi_session_exit() - free the caches, every context gone
 */
void sspi_session_exit(void)
{
	kmem_cache_destroy(seal_cache[1]);
	kmem_cache_destroy(seal_cache[0]);
	seal_cache[0] = NULL;
	seal_cache[1] = NULL;
}

/**
 * sspi_ctx_seal_init() - set up an established context's session security
 * @ctx: the context, its handshake done, its lock held
 *
 * Return: 0 (also for an anonymous context: then there is none), or
 * -ENOMEM.
 */
static int sspi_ctx_seal_init(struct sspi_ctx *ctx)
{
	struct ntlm_seal *s;
	int err;

	sspi_ctx_seal_free(ctx);
	s = kmem_cache_alloc(seal_cache_for(ctx->auth.flags), GFP_KERNEL_ACCOUNT);
	if (!s)
		return -ENOMEM;
	err = ntlm_seal_init(s, ctx->auth.flags, ctx->auth.session_key, ctx->server);
	if (err) {
		/* ntlm_seal_init() left it wiped */
		kmem_cache_free(seal_cache_for(ctx->auth.flags), s);
		return err == -ENOKEY ? 0 : err;
	}
	ctx->seal = s;
	return 0;
}

/**
 * sspi_ctx_seal_free() - wipe and free a context's session security
 * @ctx: the context
 */
void sspi_ctx_seal_free(struct sspi_ctx *ctx)
{
	struct kmem_cache *cache;

	if (!ctx->seal)
		return;
	cache = seal_cache_for(ctx->seal->flags);
	ntlm_seal_clear(ctx->seal);
	kmem_cache_free(cache, ctx->seal);
	ctx->seal = NULL;
}

static s32 check_op(const struct sspi_ctx *ctx, enum sspi_msg_op op, u32 qop,
		    bool *seal)
{
	*seal = op == SSPI_MSG_SEAL || op == SSPI_MSG_UNSEAL;
	if (op == SSPI_MSG_SEAL && qop == SSPI_QOP_WRAP_NO_ENCRYPT)
		*seal = false;
	else if ((op == SSPI_MSG_SIGN || op == SSPI_MSG_SEAL) && qop)
		return SEC_E_QOP_NOT_SUPPORTED;
	if (!ctx->seal)
		return SEC_E_UNSUPPORTED_FUNCTION;
	if (*seal && !(ctx->auth.flags & NTLMSSP_NEGOTIATE_SEAL))
		return SEC_E_UNSUPPORTED_FUNCTION;
	return SEC_E_OK;
}

/* Whether @ctx signs with the dummy signature: see the top of this file. */
static bool dummy_signs(const struct sspi_ctx *ctx, enum sspi_msg_op op)
{
	const u32 integrity = NTLMSSP_NEGOTIATE_SIGN | NTLMSSP_NEGOTIATE_SEAL;

	return (op == SSPI_MSG_SIGN || op == SSPI_MSG_VERIFY) && !ctx->auth.anonymous &&
	       !(ctx->auth.flags & integrity);
}

static s32 dummy_signature(enum sspi_msg_op op, u32 qop, u8 sig[NTLM_MSG_SIGNATURE_SIZE])
{
	static const u8 dummy[NTLM_MSG_SIGNATURE_SIZE] = { 1 };

	if (op == SSPI_MSG_VERIFY)
		return memcmp(sig, dummy, sizeof(dummy)) ? SEC_E_MESSAGE_ALTERED : SEC_E_OK;
	if (qop)
		return SEC_E_QOP_NOT_SUPPORTED;
	memcpy(sig, dummy, sizeof(dummy));
	return SEC_E_OK;
}

/* SECQOP_WRAP_NO_ENCRYPT: the parts that would be sealed go out as they are. */
static void copy_clear(const struct ntlm_part *parts, unsigned int nparts)
{
	unsigned int i;

	for (i = 0; i < nparts; i++)
		if (parts[i].out && parts[i].out != parts[i].in && parts[i].len)
			memcpy(parts[i].out, parts[i].in, parts[i].len);
}

/**
 * sspi_ctx_message() - one MakeSignature, VerifySignature, EncryptMessage
 *	or DecryptMessage
 * @ctx: the context
 * @op: which
 * @qop: in: fQOP (sign, seal); out: pfQOP, always 0 (verify, unseal)
 * @parts: the message in order; for seal and unseal, the parts with an
 *	@out are (un)sealed into it, the others only signed
 * @nparts: their number, at most %NTLM_SEAL_PARTS_MAX
 * @sig: the signature: made (sign, seal) or checked (verify, unseal)
 * @seqno: MessageSeqNo: the message's number in a connectionless context,
 *	ignored in connection mode
 *
 * Context: process context; takes the context's lock.
 * Return: a SECURITY_STATUS, see the top of this file.
 */
s32 sspi_ctx_message(struct sspi_ctx *ctx, enum sspi_msg_op op, u32 *qop,
		     const struct ntlm_part *parts, unsigned int nparts,
		     u8 sig[NTLM_MSG_SIGNATURE_SIZE], u32 seqno)
{
	bool seal, receive = op == SSPI_MSG_VERIFY || op == SSPI_MSG_UNSEAL;
	s32 status;

	mutex_lock(&ctx->lock);
	if (ctx->state != SSPI_CTX_ESTABLISHED) {
		status = SEC_E_INVALID_HANDLE;
		goto out;
	}
	if (dummy_signs(ctx, op)) {
		if (receive)
			*qop = 0;
		status = dummy_signature(op, receive ? 0 : *qop, sig);
		goto out;
	}
	/*
	 * The keys and RC4 states (some 3 KiB) are set up by the first
	 * message, so that contexts that only authenticate stay small.
	 */
	if (!ctx->seal && !(ctx->auth.flags & NTLMSSP_NEGOTIATE_ANONYMOUS) &&
	    sspi_ctx_seal_init(ctx)) {
		status = SEC_E_INSUFFICIENT_MEMORY;
		goto out;
	}
	status = check_op(ctx, op, receive ? 0 : *qop, &seal);
	if (status)
		goto out;
	ntlm_seal_set_seq(ctx->seal, seqno);
	if (receive) {
		*qop = 0;
		status = ntlm_unseal_message(ctx->seal, parts, nparts, seal, sig);
		if (status == SEC_E_OUT_OF_SEQUENCE &&
		    !(ctx->attrs & (SSPI_RET_SEQUENCE_DETECT | SSPI_RET_REPLAY_DETECT)))
			status = SEC_E_MESSAGE_ALTERED;
	} else {
		status = ntlm_seal_message(ctx->seal, parts, nparts, seal, sig);
		if (status == SEC_E_OK && op == SSPI_MSG_SEAL && !seal)
			copy_clear(parts, nparts);
	}
out:
	mutex_unlock(&ctx->lock);
	return status;
}
