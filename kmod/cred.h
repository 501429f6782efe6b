/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Credentials: who a client authenticates as (user, domain, NT hash), or
 * an acceptor's right to check clients against its namespace's accounts.
 */
#ifndef _SSPI_CRED_H
#define _SSPI_CRED_H

#include <linux/sspi.h>	/* struct sspi_identity */
#include <linux/types.h>

#include "object.h"

struct net;

/**
 * struct sspi_cred - an outbound or inbound credential
 * @obj: handle and reference count
 * @use: %SSPI_CRED_INBOUND and/or %SSPI_CRED_OUTBOUND
 * @net: namespace whose account store an inbound credential uses (a
 *	reference is held)
 * @nt_hash: MD4 of the password (outbound only; the password is not kept)
 * @lm_hash: LMOWFv1 of the password, if @has_lm_hash (outbound only)
 * @has_lm_hash: the password has an LM hash: at most 14 characters, ASCII
 * @anonymous: outbound, with an identity all empty: authenticates anonymously
 * @lm_compat: the LAN Manager authentication level of the contexts made
 *	from now on with it (SetCredentialsAttributes), or -1 for the
 *	module's lm_compatibility
 * @min_sec: the minimum session security (%SSPI_MIN_SEC_* bits) of the
 *	contexts made from now on with it, or %SSPI_MIN_SEC_DEFAULT for the
 *	module's min_client_sec or min_server_sec
 * @user_len: bytes of UTF-16LE user name at @names
 * @domain_len: bytes of UTF-16LE domain name after it
 * @names: user name then domain name
 */
struct sspi_cred {
	struct sspi_object obj;
	u32 use;
	struct net *net;
	u8 nt_hash[16];
	u8 lm_hash[16];
	bool has_lm_hash;
	bool anonymous;
	s8 lm_compat;
	u32 min_sec;
	u16 user_len;
	u16 domain_len;
	u8 names[];
};

static inline const u8 *sspi_cred_user(const struct sspi_cred *cred)
{
	return cred->names;
}

static inline const u8 *sspi_cred_domain(const struct sspi_cred *cred)
{
	return cred->names + cred->user_len;
}

s32 sspi_cred_acquire(struct net *net, const char *package, u32 use,
		      const struct sspi_identity *id, struct sspi_cred **out);
void sspi_cred_put(struct sspi_cred *cred);
s32 sspi_cred_set_lm_compat(struct sspi_cred *cred, u32 level);
s32 sspi_cred_set_min_sec(struct sspi_cred *cred, u32 min_sec);
bool sspi_identity_none(const struct sspi_identity *id);
bool sspi_lm_hash(const u8 *password, size_t len, u8 hash[16]);

#endif /* _SSPI_CRED_H */
