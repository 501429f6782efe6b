/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The acceptor's accounts: (domain, user, NT hash and, when the password
 * has one, LM hash), one store per network namespace, changed only by an
 * administrator of that namespace; and each account's lockout state.
 */
#ifndef _SSPI_ACCOUNT_H
#define _SSPI_ACCOUNT_H

#include <linux/types.h>

#include "authority.h"

struct net;
struct ntlm_hashes;
struct sspi_account;

/**
 * struct sspi_account_info - what a dump shows of one account
 * @domain: UTF-16LE domain, as added
 * @domain_len: its length in bytes
 * @user: UTF-16LE user name, as added
 * @user_len: its length in bytes
 * @bad_logons: failed logons counted towards a lockout
 * @locked_until: FILETIME the lockout ends, %SSPI_LOCKED_FOREVER, or 0
 *	when the account is not locked
 */
struct sspi_account_info {
	const u8 *domain;
	size_t domain_len;
	const u8 *user;
	size_t user_len;
	u32 bad_logons;
	u64 locked_until;
};

/* Called for each account by sspi_account_walk(); non-zero stops the walk. */
typedef int (*sspi_account_fn)(const struct sspi_account_info *info, void *arg);

/**
 * struct sspi_logon - what the store told an acceptor about one client
 * @net: the acceptor's namespace (set by the caller)
 * @acct: the account matched, held until sspi_account_logon_end(), or
 *	%NULL for an unknown user (who was given a decoy hash)
 * @looked_up: the handshake got as far as asking the store
 * @locked: @acct is locked out, and must be refused whatever the response
 * @remote: the client's domain is remote: its authority checked it
 * @remote_acct: what the authority said of the client
 */
struct sspi_logon {
	struct net *net;
	struct sspi_account *acct;
	bool looked_up;
	bool locked;
	bool remote;
	struct sspi_remote_account remote_acct;
};

int sspi_account_add(struct net *net, const u8 *domain, size_t domain_len,
		     const u8 *user, size_t user_len, const u8 nt_hash[16],
		     const u8 *lm_hash);
int sspi_account_add_password(struct net *net, const u8 *domain,
			      size_t domain_len, const u8 *user, size_t user_len,
			      const u8 *password, size_t password_len);
int sspi_account_del(struct net *net, const u8 *domain, size_t domain_len,
		     const u8 *user, size_t user_len);
int sspi_account_unlock(struct net *net, const u8 *domain, size_t domain_len,
			const u8 *user, size_t user_len);
void sspi_account_flush(struct net *net);
void sspi_account_count(struct net *net, unsigned int *accounts,
			unsigned int *locked);
int sspi_account_walk(struct net *net, unsigned long *cursor, unsigned int *gen,
		      sspi_account_fn fn, void *arg);
s32 sspi_account_lookup(struct sspi_logon *logon, const u8 *domain,
			size_t domain_len, const u8 *user, size_t user_len,
			struct ntlm_hashes *hashes);
int sspi_account_names(const struct sspi_account *acct, u8 **domain,
		       size_t *domain_len, u8 **user, size_t *user_len);
void sspi_account_logon_end(struct sspi_logon *logon, s32 status);

bool sspi_name_eq(const u8 *a, size_t a_len, const u8 *b, size_t b_len);

int sspi_accounts_init(void);
void sspi_accounts_exit(void);

#endif /* _SSPI_ACCOUNT_H */
