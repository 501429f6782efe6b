/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sspi: the in-kernel API of sspi.ko, for in-kernel consumers such as an
 * SMB/CIFS client or server. It offers the same operations as the generic
 * netlink family, on the same core.
 */
#ifndef _LINUX_SSPI_H
#define _LINUX_SSPI_H

#include <linux/types.h>
#include <uapi/linux/sspi.h>

/* SECPKG_FLAG_* capability bits, as Windows defines them (sspi.h). */
#define SSPI_SECPKG_FLAG_INTEGRITY		0x00000001
#define SSPI_SECPKG_FLAG_PRIVACY		0x00000002
#define SSPI_SECPKG_FLAG_TOKEN_ONLY		0x00000004
#define SSPI_SECPKG_FLAG_DATAGRAM		0x00000008
#define SSPI_SECPKG_FLAG_CONNECTION		0x00000010
#define SSPI_SECPKG_FLAG_MULTI_REQUIRED		0x00000020
#define SSPI_SECPKG_FLAG_IMPERSONATION		0x00000100
#define SSPI_SECPKG_FLAG_ACCEPT_WIN32_NAME	0x00000200
#define SSPI_SECPKG_FLAG_NEGOTIABLE		0x00000800
#define SSPI_SECPKG_FLAG_LOGON			0x00002000

/*
 * Context requirements and attributes (Windows' ISC_REQ_*, ISC_RET_*,
 * ASC_REQ_*, ASC_RET_* values), for in-kernel callers and the core. Those
 * the two sides share have one name here.
 */
#define SSPI_REQ_REPLAY_DETECT		0x00000004	/* ISC and ASC */
#define SSPI_REQ_SEQUENCE_DETECT	0x00000008	/* ISC and ASC */
#define SSPI_REQ_CONFIDENTIALITY	0x00000010	/* ISC and ASC */
#define SSPI_REQ_ALLOCATE_MEMORY	0x00000100	/* ISC and ASC */
#define SSPI_REQ_DATAGRAM		0x00000400	/* ISC and ASC */
#define SSPI_REQ_CONNECTION		0x00000800	/* ISC and ASC */
#define SSPI_ISC_REQ_USE_SUPPLIED_CREDS	0x00000080
#define SSPI_ISC_REQ_EXTENDED_ERROR	0x00004000
#define SSPI_ISC_REQ_INTEGRITY		0x00010000
#define SSPI_ISC_REQ_IDENTIFY		0x00020000
#define SSPI_ISC_REQ_NULL_SESSION	0x00040000
#define SSPI_ASC_REQ_EXTENDED_ERROR	0x00008000
#define SSPI_ASC_REQ_INTEGRITY		0x00020000
#define SSPI_ASC_REQ_IDENTIFY		0x00080000
#define SSPI_ASC_REQ_ALLOW_NULL_SESSION	0x00100000

#define SSPI_RET_REPLAY_DETECT		0x00000004	/* ISC and ASC */
#define SSPI_RET_SEQUENCE_DETECT	0x00000008	/* ISC and ASC */
#define SSPI_RET_CONFIDENTIALITY	0x00000010	/* ISC and ASC */
#define SSPI_RET_DATAGRAM		0x00000400	/* ISC and ASC */
#define SSPI_RET_CONNECTION		0x00000800	/* ISC and ASC */
#define SSPI_ISC_RET_USED_SUPPLIED_CREDS	0x00000080
#define SSPI_ISC_RET_EXTENDED_ERROR	0x00004000
#define SSPI_ISC_RET_INTEGRITY		0x00010000
#define SSPI_ISC_RET_IDENTIFY		0x00020000
#define SSPI_ISC_RET_NULL_SESSION	0x00040000
#define SSPI_ASC_RET_EXTENDED_ERROR	0x00008000
#define SSPI_ASC_RET_INTEGRITY		0x00020000
#define SSPI_ASC_RET_IDENTIFY		0x00080000
#define SSPI_ASC_RET_NULL_SESSION	0x00100000

/* fQOP of EncryptMessage: sign only, leave the message in clear */
#define SSPI_QOP_WRAP_NO_ENCRYPT	0x80000001

/* "Never", as SSPI reports it for credentials and established contexts */
#define SSPI_EXPIRY_NEVER		0x7fffffffffffffffULL

/**
 * struct sspi_package_info - what a security package is and can do
 * @name: package name, e.g. "NTLM"
 * @comment: human-readable description
 * @capabilities: SECPKG_FLAG_* bits
 * @version: package version (wVersion)
 * @rpcid: DCE RPC authentication service id (wRPCID)
 * @max_token: largest token the package produces (cbMaxToken)
 */
struct sspi_package_info {
	const char *name;
	const char *comment;
	u32 capabilities;
	u16 version;
	u16 rpcid;
	u32 max_token;
};

size_t sspi_package_count(void);
const struct sspi_package_info *sspi_package_by_index(size_t index);
const struct sspi_package_info *sspi_package_by_name(const char *name);

/*
 * Authentication, as AcquireCredentialsHandle, InitializeSecurityContext,
 * AcceptSecurityContext and friends do it, for in-kernel callers (see
 * kmod/kapi.c for each function). Credentials and contexts are opaque
 * pointers the caller owns, not handles; strings are UTF-16LE byte strings
 * with their lengths in bytes, as on the wire; output tokens are kmalloc'ed
 * and the caller kfree()s them. Every function may sleep.
 */
struct net;
struct sspi_cred;
struct sspi_ctx;

#define SSPI_SESSION_KEY_LEN		16

/**
 * struct sspi_identity - who an outbound credential authenticates as
 * @user: UTF-16LE user name, or %NULL
 * @user_len: its length in bytes
 * @domain: UTF-16LE domain, or %NULL
 * @domain_len: its length in bytes
 * @password: UTF-16LE password, or %NULL
 * @password_len: its length in bytes
 */
struct sspi_identity {
	const u8 *user;
	size_t user_len;
	const u8 *domain;
	size_t domain_len;
	const u8 *password;
	size_t password_len;
};

s32 sspi_acquire_credentials(struct net *net, const char *package, u32 use,
			     const struct sspi_identity *id,
			     struct sspi_cred **cred);
s32 sspi_acquire_credentials_utf8(struct net *net, const char *package,
				  u32 use, const char *user, const char *domain,
				  const char *password, struct sspi_cred **cred);
void sspi_free_credentials(struct sspi_cred *cred);
s32 sspi_set_lm_compatibility(struct sspi_cred *cred, u32 level);
s32 sspi_set_min_session_security(struct sspi_cred *cred, u32 min_sec);

/**
 * struct sspi_ctx_step - one call of the handshake: its inputs and outputs
 * @req: in: %SSPI_REQ_*, %SSPI_ISC_REQ_* or %SSPI_ASC_REQ_* flags (those of
 *	the first call count); the output token is always allocated
 * @target: in: UTF-16LE service principal name of the server, e.g.
 *	"cifs/server.example.com", or %NULL (client only; ignored by accept)
 * @target_len: its length in bytes
 * @in: in: the peer's token, %NULL on the client's first call
 * @in_len: its length
 * @bindings: in: a SEC_CHANNEL_BINDINGS structure followed by its data, or
 *	%NULL for none
 * @bindings_len: its length
 * @supplied: in: with %SSPI_ISC_REQ_USE_SUPPLIED_CREDS, the identity the
 *	client authenticates as instead of its credential's (first call of a
 *	client only), or %NULL; only the NT hash of its password is kept, so
 *	the caller may wipe the password on return
 * @out: out: kmalloc'ed token for the peer (the caller kfree()s it), or
 *	%NULL when there is none; overwritten by every call
 * @out_len: out: its length
 * @attrs: out: the %SSPI_RET_*, %SSPI_ISC_RET_* or %SSPI_ASC_RET_* flags
 * @expiry: out: the FILETIME the context expires by, %SSPI_EXPIRY_NEVER once
 *	it is established
 */
struct sspi_ctx_step {
	u32 req;
	const u8 *target;
	size_t target_len;
	const u8 *in;
	size_t in_len;
	const u8 *bindings;
	size_t bindings_len;
	const struct sspi_identity *supplied;
	u8 *out;
	size_t out_len;
	u32 attrs;
	u64 expiry;
};

s32 sspi_init_security_context(struct sspi_cred *cred, struct sspi_ctx **ctx,
			       struct sspi_ctx_step *step);
s32 sspi_accept_security_context(struct sspi_cred *cred, struct sspi_ctx **ctx,
				 struct sspi_ctx_step *step);
void sspi_delete_security_context(struct sspi_ctx *ctx);

s32 sspi_query_session_key(struct sspi_ctx *ctx, u8 key[SSPI_SESSION_KEY_LEN]);
s32 sspi_query_names(struct sspi_ctx *ctx, u8 **user, size_t *user_len,
		     u8 **domain, size_t *domain_len);

/*
 * Session security (MakeSignature, VerifySignature, EncryptMessage,
 * DecryptMessage) on an established context.
 */

/* struct sspi_msg_buffer's @flags, as SECBUFFER_READONLY and _WITH_CHECKSUM */
#define SSPI_BUF_READONLY			0x80000000
#define SSPI_BUF_READONLY_WITH_CHECKSUM		0x10000000

/**
 * struct sspi_msg_buffer - one piece of a message (a SECBUFFER_DATA)
 * @data: its bytes; sealed and unsealed in place
 * @len: their number
 * @flags: 0 (signed, and sealed by sspi_encrypt_message()),
 *	%SSPI_BUF_READONLY_WITH_CHECKSUM (signed, never sealed) or
 *	%SSPI_BUF_READONLY (neither signed nor sealed: left out)
 */
struct sspi_msg_buffer {
	void *data;
	size_t len;
	u32 flags;
};

s32 sspi_make_signature(struct sspi_ctx *ctx, u32 qop,
			const struct sspi_msg_buffer *bufs, unsigned int nbufs,
			u8 sig[SSPI_SIGNATURE_LEN], u32 seqno);
s32 sspi_verify_signature(struct sspi_ctx *ctx,
			  const struct sspi_msg_buffer *bufs, unsigned int nbufs,
			  const u8 sig[SSPI_SIGNATURE_LEN], u32 *qop, u32 seqno);
s32 sspi_encrypt_message(struct sspi_ctx *ctx, u32 qop,
			 const struct sspi_msg_buffer *bufs, unsigned int nbufs,
			 u8 sig[SSPI_SIGNATURE_LEN], u32 seqno);
s32 sspi_decrypt_message(struct sspi_ctx *ctx,
			 const struct sspi_msg_buffer *bufs, unsigned int nbufs,
			 const u8 sig[SSPI_SIGNATURE_LEN], u32 *qop, u32 seqno);

/* The acceptor's accounts of a network namespace (see kmod/account.c). */
int sspi_add_account(struct net *net, const u8 *domain, size_t domain_len,
		     const u8 *user, size_t user_len,
		     const u8 nt_hash[SSPI_NT_HASH_LEN]);
int sspi_add_account_utf8(struct net *net, const char *domain,
			  const char *user, const char *password);
int sspi_delete_account(struct net *net, const u8 *domain, size_t domain_len,
			const u8 *user, size_t user_len);
void sspi_flush_accounts(struct net *net);

#endif /* _LINUX_SSPI_H */
