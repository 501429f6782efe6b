// SPDX-License-Identifier: GPL-2.0
/*
 * Per-namespace account store: each account's NT hash and, when its
 * password has one (added by password, or given), its LM hash. Hashed by
 * user name so that a lookup does not walk every account. Names compare as
 * Windows compares them: without regard to case. An account with an empty domain matches a client
 * of any domain. A namespace that never had an account has no store at all,
 * which an acceptor reports as SEC_E_NO_AUTHENTICATING_AUTHORITY.
 */
#include <linux/hashtable.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/sspi.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <asm/unaligned.h>

#include "account.h"
#include "cred.h"
#include "ntlm/auth.h"

struct sspi_account {
	struct hlist_node link;
	u8 nt_hash[16];
	u8 lm_hash[16];
	bool has_lm_hash;
	u16 domain_len;
	u16 user_len;
	u8 names[];	/* domain then user, UTF-16LE as added */
};

struct sspi_net {
	struct mutex lock;	/* accounts, has_store */
	DECLARE_HASHTABLE(accounts, 8);
	unsigned int count;
	bool has_store;
};

static unsigned int sspi_net_id __read_mostly;

static struct sspi_net *sspi_net(struct net *net)
{
	return net_generic(net, sspi_net_id);
}

/* Whether two UTF-16LE names are equal without regard to case. */
static bool name_eq(const u8 *a, size_t a_len, const u8 *b, size_t b_len)
{
	size_t i;

	if (a_len != b_len)
		return false;
	for (i = 0; i + 1 < a_len; i += 2)
		if (ntlm_upcase(get_unaligned_le16(a + i)) !=
		    ntlm_upcase(get_unaligned_le16(b + i)))
			return false;
	return true;
}

/* The bucket of a user name: a hash of its upper-case form. */
static u32 user_hash(const u8 *user, size_t len)
{
	u32 h = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		h = h * 31 + ntlm_upcase(get_unaligned_le16(user + i));
	return h;
}

static struct sspi_account *find(struct sspi_net *sn, const u8 *domain,
				 size_t domain_len, const u8 *user,
				 size_t user_len, bool any_domain)
{
	struct sspi_account *acct;

	hash_for_each_possible(sn->accounts, acct, link, user_hash(user, user_len)) {
		if (!name_eq(acct->names + acct->domain_len, acct->user_len,
			     user, user_len))
			continue;
		if (name_eq(acct->names, acct->domain_len, domain, domain_len) ||
		    (any_domain && !acct->domain_len))
			return acct;
	}
	return NULL;
}

static bool name_ok(const u8 *name, size_t len)
{
	return len <= SSPI_NAME_MAX && !(len & 1) && (name || !len);
}

/**
 * sspi_account_add() - add an account, or replace the hash of one
 * @net: namespace
 * @domain: UTF-16LE domain (may be empty: any domain)
 * @domain_len: its length in bytes
 * @user: UTF-16LE user name, not empty
 * @user_len: its length in bytes
 * @nt_hash: MD4 of the UTF-16LE password
 * @lm_hash: LMOWFv1 of the password, or %NULL when it has none (LM
 *	responses are then refused for it)
 *
 * Return: 0, -EINVAL for a bad name or the hash of an empty password (an
 * account nobody needs to know a secret for), -ENOSPC past the limit, or
 * -ENOMEM.
 */
int sspi_account_add(struct net *net, const u8 *domain, size_t domain_len,
		     const u8 *user, size_t user_len, const u8 nt_hash[16],
		     const u8 *lm_hash)
{
	/* MD4 of the empty string: NTOWFv1("") */
	static const u8 empty[16] = {
		0x31, 0xd6, 0xcf, 0xe0, 0xd1, 0x6a, 0xe9, 0x31,
		0xb7, 0x3c, 0x59, 0xd7, 0xe0, 0xc0, 0x89, 0xc0,
	};
	struct sspi_net *sn = sspi_net(net);
	struct sspi_account *acct, *old;

	if (!name_ok(domain, domain_len) || !name_ok(user, user_len) || !user_len ||
	    !memcmp(nt_hash, empty, sizeof(empty)))
		return -EINVAL;
	acct = kzalloc(struct_size(acct, names, domain_len + user_len), GFP_KERNEL_ACCOUNT);
	if (!acct)
		return -ENOMEM;
	memcpy(acct->nt_hash, nt_hash, sizeof(acct->nt_hash));
	if (lm_hash) {
		memcpy(acct->lm_hash, lm_hash, sizeof(acct->lm_hash));
		acct->has_lm_hash = true;
	}
	if (domain_len)
		memcpy(acct->names, domain, domain_len);
	memcpy(acct->names + domain_len, user, user_len);
	acct->domain_len = domain_len;
	acct->user_len = user_len;

	mutex_lock(&sn->lock);
	old = find(sn, domain, domain_len, user, user_len, false);
	if (old) {
		hlist_replace_rcu(&old->link, &acct->link);
	} else {
		hash_add(sn->accounts, &acct->link, user_hash(user, user_len));
		sn->count++;
	}
	sn->has_store = true;
	mutex_unlock(&sn->lock);
	kfree_sensitive(old);
	return 0;
}

/**
 * sspi_account_add_password() - sspi_account_add() from a password
 * @net: namespace
 * @domain: UTF-16LE domain (may be empty: any domain)
 * @domain_len: its length in bytes
 * @user: UTF-16LE user name, not empty
 * @user_len: its length in bytes
 * @password: UTF-16LE password, not kept
 * @password_len: its length in bytes
 *
 * Keeps the NT hash and, if the password has one (see sspi_lm_hash()), the
 * LM hash.
 *
 * Return: as sspi_account_add(), or -errno from the hash.
 */
int sspi_account_add_password(struct net *net, const u8 *domain,
			      size_t domain_len, const u8 *user, size_t user_len,
			      const u8 *password, size_t password_len)
{
	struct ntlm_hashes h;
	int err;

	err = ntlm_ntowfv1(password, password_len, h.nt_hash);
	if (!err) {
		h.has_lm_hash = sspi_lm_hash(password, password_len, h.lm_hash);
		err = sspi_account_add(net, domain, domain_len, user, user_len,
				       h.nt_hash, h.has_lm_hash ? h.lm_hash : NULL);
	}
	memzero_explicit(&h, sizeof(h));
	return err;
}

/**
 * sspi_account_del() - delete one account
 * @net: namespace
 * @domain: UTF-16LE domain, as added
 * @domain_len: its length in bytes
 * @user: UTF-16LE user name
 * @user_len: its length in bytes
 *
 * Return: 0, or -ENOENT when there is no such account.
 */
int sspi_account_del(struct net *net, const u8 *domain, size_t domain_len,
		     const u8 *user, size_t user_len)
{
	struct sspi_net *sn = sspi_net(net);
	struct sspi_account *acct;

	mutex_lock(&sn->lock);
	acct = find(sn, domain, domain_len, user, user_len, false);
	if (acct) {
		hash_del(&acct->link);
		sn->count--;
	}
	mutex_unlock(&sn->lock);
	kfree_sensitive(acct);
	return acct ? 0 : -ENOENT;
}

static void flush_locked(struct sspi_net *sn)
{
	struct sspi_account *acct;
	struct hlist_node *tmp;
	int bkt;

	hash_for_each_safe(sn->accounts, bkt, tmp, acct, link) {
		hash_del(&acct->link);
		kfree_sensitive(acct);
	}
	sn->count = 0;
	sn->has_store = false;
}

/**
 * sspi_account_flush() - delete every account and the store itself
 * @net: namespace
 */
void sspi_account_flush(struct net *net)
{
	struct sspi_net *sn = sspi_net(net);

	mutex_lock(&sn->lock);
	flush_locked(sn);
	mutex_unlock(&sn->lock);
}

/**
 * sspi_account_walk() - call @fn for accounts from position *@pos on
 * @net: namespace
 * @pos: where to start; on return, where to go on (for netlink dumps)
 * @fn: called with each account's names (never its hash)
 * @arg: passed to @fn
 *
 * Return: what @fn returned when it stopped the walk, else 0.
 */
int sspi_account_walk(struct net *net, unsigned long *pos, sspi_account_fn fn,
		      void *arg)
{
	struct sspi_net *sn = sspi_net(net);
	struct sspi_account *acct;
	unsigned long i = 0;
	int ret = 0, bkt;

	mutex_lock(&sn->lock);
	hash_for_each(sn->accounts, bkt, acct, link) {
		if (i++ < *pos)
			continue;
		ret = fn(acct->names, acct->domain_len,
			 acct->names + acct->domain_len, acct->user_len, arg);
		if (ret)
			break;
		(*pos)++;
	}
	mutex_unlock(&sn->lock);
	return ret;
}

/**
 * sspi_account_lookup() - the hashes an acceptor checks a client against
 * @net: the acceptor's namespace
 * @domain: the client's UTF-16LE domain
 * @domain_len: its length in bytes
 * @user: the client's UTF-16LE user name
 * @user_len: its length in bytes
 * @hashes: receives the NT hash and, if the account has one, the LM hash
 *	on %SEC_E_OK
 *
 * Return: %SEC_E_OK, %SEC_E_NO_AUTHENTICATING_AUTHORITY when the namespace
 * has no account store, or %SEC_E_LOGON_DENIED for an unknown user (which
 * the client must not be able to tell from a wrong password).
 */
s32 sspi_account_lookup(struct net *net, const u8 *domain, size_t domain_len,
			const u8 *user, size_t user_len,
			struct ntlm_hashes *hashes)
{
	struct sspi_net *sn = sspi_net(net);
	struct sspi_account *acct;
	s32 status;

	mutex_lock(&sn->lock);
	if (!sn->has_store) {
		status = SEC_E_NO_AUTHENTICATING_AUTHORITY;
	} else {
		acct = find(sn, domain, domain_len, user, user_len, true);
		status = acct ? SEC_E_OK : SEC_E_LOGON_DENIED;
		if (acct) {
			memcpy(hashes->nt_hash, acct->nt_hash, NTLM_HASH_SIZE);
			memcpy(hashes->lm_hash, acct->lm_hash, NTLM_HASH_SIZE);
			hashes->has_lm_hash = acct->has_lm_hash;
		}
	}
	mutex_unlock(&sn->lock);
	return status;
}

static int __net_init sspi_net_init(struct net *net)
{
	struct sspi_net *sn = sspi_net(net);

	mutex_init(&sn->lock);
	hash_init(sn->accounts);
	return 0;
}

static void __net_exit sspi_net_exit(struct net *net)
{
	struct sspi_net *sn = sspi_net(net);

	mutex_lock(&sn->lock);
	flush_locked(sn);
	mutex_unlock(&sn->lock);
}

static struct pernet_operations sspi_net_ops = {
	.init = sspi_net_init,
	.exit = sspi_net_exit,
	.id = &sspi_net_id,
	.size = sizeof(struct sspi_net),
};

int __init sspi_accounts_init(void)
{
	return register_pernet_subsys(&sspi_net_ops);
}

void sspi_accounts_exit(void)
{
	unregister_pernet_subsys(&sspi_net_ops);
}
