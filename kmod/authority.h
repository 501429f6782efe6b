/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Remote domains and their authority: per network namespace, the domains
 * whose users a daemon (sspi-authd, through winbind to a domain
 * controller) checks instead of the local account store, and the logons
 * waiting for its answers.
 */
#ifndef _SSPI_AUTHORITY_H
#define _SSPI_AUTHORITY_H

#include <linux/types.h>

struct net;
struct sock;
struct ntlm_pass_through;

/**
 * struct sspi_remote_account - who the authority says a client is
 * @user: the account's UTF-16LE user name, kmalloc'ed, or %NULL
 * @user_len: its length in bytes
 * @domain: its UTF-16LE domain, kmalloc'ed, or %NULL
 * @domain_len: its length in bytes
 * @sid: its SID as a string, kmalloc'ed, or %NULL
 * @ntstatus: the authority's verdict
 */
struct sspi_remote_account {
	u8 *user;
	size_t user_len;
	u8 *domain;
	size_t domain_len;
	char *sid;
	u32 ntstatus;
};

/**
 * struct sspi_authority_answer - an authority's reply to one request
 * @id: the request answered
 * @ntstatus: its verdict
 * @session_key: the user session key, when @ntstatus is 0
 * @user: the account's UTF-16LE user name, when @ntstatus is 0
 * @user_len: its length in bytes
 * @domain: its UTF-16LE domain
 * @domain_len: its length in bytes
 * @sid: its SID as a NUL-terminated string, or %NULL
 */
struct sspi_authority_answer {
	u32 id;
	u32 ntstatus;
	const u8 *session_key;
	const u8 *user;
	size_t user_len;
	const u8 *domain;
	size_t domain_len;
	const char *sid;
};

/* Called for each remote domain by sspi_domain_walk(); non-zero stops it. */
typedef int (*sspi_domain_fn)(const u8 *name, size_t len, void *arg);

int sspi_domain_add(struct net *net, const u8 *name, size_t len);
int sspi_domain_del(struct net *net, const u8 *name, size_t len);
int sspi_domain_walk(struct net *net, unsigned long *cursor, sspi_domain_fn fn,
		     void *arg);
bool sspi_domain_is_remote(struct net *net, const u8 *name, size_t len);

int sspi_authority_register(struct net *net, struct sock *sk, u32 portid);
void sspi_authority_release(struct net *net, u32 portid);
int sspi_authority_reply(struct net *net, struct sock *sk,
			 const struct sspi_authority_answer *answer);
s32 sspi_authority_check(struct net *net, const struct ntlm_pass_through *req,
			 u8 session_base_key[16], struct sspi_remote_account *acct);
void sspi_remote_account_clear(struct sspi_remote_account *acct);
void sspi_authority_count(struct net *net, unsigned int *domains, u32 *portid,
			  unsigned int *pending);

/* From the netlink door: the request to the authority at @portid. */
int sspi_nl_authority_request(struct net *net, u32 portid, u32 id,
			      const struct ntlm_pass_through *req);

int sspi_authority_init(void);
void sspi_authority_close(void);
void sspi_authority_exit(void);

#endif /* _SSPI_AUTHORITY_H */
