/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The acceptor's accounts: (domain, user, NT hash and, when the password
 * has one, LM hash), one store per network
 * namespace, changed only by an administrator of that namespace.
 */
#ifndef _SSPI_ACCOUNT_H
#define _SSPI_ACCOUNT_H

#include <linux/types.h>

struct net;
struct ntlm_hashes;

/* Called for each account by sspi_account_walk(); non-zero stops the walk. */
typedef int (*sspi_account_fn)(const u8 *domain, size_t domain_len,
			       const u8 *user, size_t user_len, void *arg);

int sspi_account_add(struct net *net, const u8 *domain, size_t domain_len,
		     const u8 *user, size_t user_len, const u8 nt_hash[16],
		     const u8 *lm_hash);
int sspi_account_add_password(struct net *net, const u8 *domain,
			      size_t domain_len, const u8 *user, size_t user_len,
			      const u8 *password, size_t password_len);
int sspi_account_del(struct net *net, const u8 *domain, size_t domain_len,
		     const u8 *user, size_t user_len);
void sspi_account_flush(struct net *net);
int sspi_account_walk(struct net *net, unsigned long *pos, sspi_account_fn fn,
		      void *arg);
s32 sspi_account_lookup(struct net *net, const u8 *domain, size_t domain_len,
			const u8 *user, size_t user_len,
			struct ntlm_hashes *hashes);

int sspi_accounts_init(void);
void sspi_accounts_exit(void);

#endif /* _SSPI_ACCOUNT_H */
