/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Security contexts: one side of one NTLM handshake and, once it is done,
 * the session it established.
 */
#ifndef _SSPI_CONTEXT_H
#define _SSPI_CONTEXT_H

#include <linux/mutex.h>
#include <linux/types.h>

#include "cred.h"
#include "ntlm/auth.h"
#include "ntlm/seal.h"
#include "object.h"

enum sspi_ctx_state {
	SSPI_CTX_CLIENT_NEGOTIATE_SENT,
	SSPI_CTX_SERVER_CHALLENGE_SENT,
	SSPI_CTX_ESTABLISHED,
	SSPI_CTX_FAILED,
};

/**
 * struct sspi_ctx - a security context
 * @obj: handle and reference count
 * @lock: one call at a time changes it
 * @state: where the handshake is
 * @server: accepted (true) or initiated
 * @supplied: authenticates with credentials from SECBUFFER_PKG_PARAMS
 * @cred: the credential it was made with (a reference)
 * @req: the ISC_REQ_ or ASC_REQ_ flags of the first call
 * @lm_compat: its LAN Manager authentication level, from its credential
 *	or the module parameter lm_compatibility when it was made
 * @attrs: the ISC_RET_ or ASC_RET_ flags established
 * @start: FILETIME it was made
 * @expiry: FILETIME the handshake must finish by, or SSPI_EXPIRY_NEVER
 * @auth: the protocol's state and, once established, its keys and names
 * @seal: its session security (signing and sealing keys, sequence
 *	numbers), made by the first message once established; %NULL before,
 *	and without extended session security
 */
struct sspi_ctx {
	struct sspi_object obj;
	struct mutex lock;	/* serialises calls on the context */
	enum sspi_ctx_state state;
	u32 req;
	u32 attrs;
	bool server;
	bool supplied;
	s8 lm_compat;
	struct sspi_cred *cred;
	u64 start;
	u64 expiry;
	struct ntlm_auth auth;
	struct ntlm_seal *seal;
};

/**
 * struct sspi_ctx_args - the inputs of one Initialize/AcceptSecurityContext
 * @req: ISC_REQ_* or ASC_REQ_* flags
 * @input: the peer's token, or %NULL
 * @input_len: its length
 * @target: UTF-16LE target name (client), or %NULL
 * @target_len: its length
 * @bindings: a SEC_CHANNEL_BINDINGS structure with its data, or %NULL
 * @bindings_len: its length
 * @output_max: room for the output token; 0 for no limit
 * @supplied: with ISC_REQ_USE_SUPPLIED_CREDS, the identity the caller's
 *	SECBUFFER_PKG_PARAMS gave, used instead of the credential's; or %NULL
 */
struct sspi_ctx_args {
	u32 req;
	const u8 *input;
	size_t input_len;
	const u8 *target;
	size_t target_len;
	const u8 *bindings;
	size_t bindings_len;
	size_t output_max;
	const struct sspi_identity *supplied;
};

/**
 * struct sspi_ctx_result - what one call gives back
 * @token: kmalloc'ed output token, or %NULL (free with kfree())
 * @token_len: its length
 * @attrs: ISC_RET_* or ASC_RET_* flags
 * @expiry: FILETIME the context expires
 */
struct sspi_ctx_result {
	u8 *token;
	size_t token_len;
	u32 attrs;
	u64 expiry;
};

s32 sspi_ctx_initialize(struct sspi_cred *cred, struct sspi_ctx **ctxp,
			const struct sspi_ctx_args *args,
			struct sspi_ctx_result *res);
s32 sspi_ctx_accept(struct sspi_cred *cred, struct sspi_ctx **ctxp,
		    const struct sspi_ctx_args *args,
		    struct sspi_ctx_result *res);
/**
 * struct sspi_ctx_info - what QueryContextAttributes reports of a context,
 *	read at one moment under its lock
 * @attrs: the ISC_RET_ or ASC_RET_ flags established
 * @negotiate_flags: the NTLMSSP NegotiateFlags, as requested or negotiated
 * @established: the handshake is done; the fields below are only then set,
 *	and only those asked for
 * @start: FILETIME it was made
 * @expiry: FILETIME it expires
 * @user: the client's UTF-16LE user name (see sspi_ctx_query()), kmalloc'ed
 * @user_len: its length in bytes
 * @domain: its UTF-16LE domain, kmalloc'ed, or %NULL for none
 * @domain_len: its length in bytes
 * @has_session_key: @session_key is there
 * @session_key: the ExportedSessionKey
 *
 * sspi_ctx_info_clear() frees the names and wipes the key.
 */
struct sspi_ctx_info {
	u32 attrs;
	u32 negotiate_flags;
	bool established;
	u64 start;
	u64 expiry;
	u8 *user;
	size_t user_len;
	u8 *domain;
	size_t domain_len;
	bool has_session_key;
	u8 session_key[NTLM_KEY_SIZE];
};

/* What sspi_ctx_query() copies beside the flags, state and times */
#define SSPI_QUERY_NAMES	0x1
#define SSPI_QUERY_SESSION_KEY	0x2

void sspi_ctx_put(struct sspi_ctx *ctx);
s32 sspi_ctx_query(struct sspi_ctx *ctx, unsigned int what,
		   struct sspi_ctx_info *info);
void sspi_ctx_info_clear(struct sspi_ctx_info *info);
void sspi_ctx_reaper_start(void);
void sspi_ctx_reaper_stop(void);

/* Session security (session.c) */
enum sspi_msg_op {
	SSPI_MSG_SIGN,		/* MakeSignature */
	SSPI_MSG_VERIFY,	/* VerifySignature */
	SSPI_MSG_SEAL,		/* EncryptMessage */
	SSPI_MSG_UNSEAL,	/* DecryptMessage */
};

int sspi_session_init(void);
void sspi_session_exit(void);
void sspi_ctx_seal_free(struct sspi_ctx *ctx);
s32 sspi_ctx_message(struct sspi_ctx *ctx, enum sspi_msg_op op, u32 *qop,
		     const struct ntlm_part *parts, unsigned int nparts,
		     u8 sig[NTLM_MSG_SIGNATURE_SIZE], u32 seqno);

#endif /* _SSPI_CONTEXT_H */
