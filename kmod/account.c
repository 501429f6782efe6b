// SPDX-License-Identifier: GPL-2.0
/*
 * Per-namespace account store: each account's NT hash and, when its
 * password has one (added by password, or given), its LM hash, and its
 * lockout state. Names compare as Windows compares them: without regard to
 * case. A resizable hash table of (domain, user) finds an account under RCU
 * without a lock; an account with an empty domain matches a client of any
 * domain that has no account of its own. Each account also has an id,
 * given in the order accounts are added, that a dump resumes from. A
 * namespace that never had an account has no store at all, which an
 * acceptor reports as SEC_E_NO_AUTHENTICATING_AUTHORITY. A store holds at
 * most max_accounts accounts, charged to whoever added them.
 *
 * Any user may make network namespaces of their own, each with a store of
 * its own: the accounts of every namespace owned by a user namespace other
 * than the initial one count against the user who made it, at most
 * max_user_accounts for one user in all of them. The administrator's
 * namespaces are not counted.
 *
 * Lockout follows Windows' account lockout policy: failed logons are
 * counted while each follows the last within lockout_window seconds; at
 * lockout_threshold of them (0: never) the account is locked for
 * lockout_duration seconds (0: until unlocked; the duration in force when
 * a logon is tried, as Windows reads its policy) and refused whatever the
 * password; a successful logon starts the count again. The state lives in
 * the account: an unknown user costs nothing to remember.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hashtable.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/sspi.h>
#include <linux/timekeeping.h>
#include <linux/user_namespace.h>
#include <linux/xarray.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <asm/unaligned.h>

#include "account.h"
#include "cred.h"
#include "logon.h"
#include "ntlm/auth.h"

static unsigned int max_accounts = 65536;
module_param(max_accounts, uint, 0644);
MODULE_PARM_DESC(max_accounts,
		 "Accounts the store of one network namespace may hold (default 65536)");

static unsigned int max_user_accounts = 65536;
module_param(max_user_accounts, uint, 0644);
MODULE_PARM_DESC(max_user_accounts,
		 "Accounts one user may hold in all the network namespaces of the user namespaces they made; the initial user namespace's are not counted (default 65536)");

static unsigned int lockout_threshold;
module_param(lockout_threshold, uint, 0644);
MODULE_PARM_DESC(lockout_threshold,
		 "Failed logons that lock an account, as Windows' account lockout threshold (default 0: never)");

static unsigned int lockout_duration = 1800;
module_param(lockout_duration, uint, 0644);
MODULE_PARM_DESC(lockout_duration,
		 "Seconds a locked account stays locked, 0 until unlocked (default 1800)");

static unsigned int lockout_window = 1800;
module_param(lockout_window, uint, 0644);
MODULE_PARM_DESC(lockout_window,
		 "Seconds after a failed logon before the count of failed logons starts again (default 1800)");

/* What an unknown user's response is checked against: nobody's hash. */
static u8 decoy_hash[NTLM_HASH_SIZE] __ro_after_init;
static u8 decoy_lm_hash[NTLM_HASH_SIZE] __ro_after_init;

struct sspi_account {
	struct rhash_head node;
	struct rcu_head rcu;
	refcount_t refs;	/* the store's, and each logon's in flight */
	u32 id;
	spinlock_t lock;	/* the lockout state: */
	u32 bad_logons;
	u64 last_bad;		/* boot-time ns of the last failed logon */
	u64 locked_at;		/* boot-time ns the lockout began */
	bool locked;
	u8 nt_hash[16];
	u8 lm_hash[16];
	bool has_lm_hash;
	u16 domain_len;
	u16 user_len;
	u8 names[];	/* domain then user, UTF-16LE as added */
};

struct sspi_net {
	struct mutex lock;	/* changes to the store; lookups use RCU */
	struct rhashtable table;
	struct xarray ids;	/* id -> account: the order of a dump */
	u32 next_id;
	unsigned int count;
	unsigned int gen;	/* changes with every change; never 0 */
	bool has_store;
	bool charged;		/* its accounts count against @owner's bound */
	kuid_t owner;
};

/* How many accounts one user holds in the namespaces they made. */
struct user_charge {
	struct hlist_node node;
	kuid_t uid;
	unsigned int count;	/* never 0: the entry goes with the last */
};

static DEFINE_HASHTABLE(user_charges, 6);
static DEFINE_MUTEX(user_charges_lock);	/* nests inside sspi_net.lock */

/* How a lookup names an account. */
struct account_key {
	const u8 *domain;
	size_t domain_len;
	const u8 *user;
	size_t user_len;
};

static unsigned int sspi_net_id __read_mostly;

static struct sspi_net *sspi_net(struct net *net)
{
	return net_generic(net, sspi_net_id);
}

/**
 * sspi_name_eq() - whether two UTF-16LE names are equal without regard to case
 * @a: one name
 * @a_len: its length in bytes
 * @b: the other
 * @b_len: its length in bytes
 *
 * Return: true if they are, as Windows compares account and domain names.
 */
bool sspi_name_eq(const u8 *a, size_t a_len, const u8 *b, size_t b_len)
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

static u32 name_hash(u32 h, const u8 *name, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		h = h * 31 + ntlm_upcase(get_unaligned_le16(name + i));
	return h;
}

/* A hash of (domain, user) in capitals. */
static u32 names_hash(const u8 *domain, size_t domain_len, const u8 *user,
		      size_t user_len, u32 seed)
{
	u32 h = name_hash(seed, domain, domain_len);

	return jhash_1word(name_hash(h * 31 + '\\', user, user_len), seed);
}

static u32 key_hashfn(const void *data, u32 len, u32 seed)
{
	const struct account_key *k = data;

	return names_hash(k->domain, k->domain_len, k->user, k->user_len, seed);
}

static u32 account_hashfn(const void *data, u32 len, u32 seed)
{
	const struct sspi_account *acct = data;

	return names_hash(acct->names, acct->domain_len,
			  acct->names + acct->domain_len, acct->user_len, seed);
}

static int account_cmpfn(struct rhashtable_compare_arg *arg, const void *obj)
{
	const struct account_key *k = arg->key;
	const struct sspi_account *acct = obj;

	return !(sspi_name_eq(acct->names, acct->domain_len, k->domain, k->domain_len) &&
		 sspi_name_eq(acct->names + acct->domain_len, acct->user_len,
			      k->user, k->user_len));
}

static const struct rhashtable_params account_params = {
	.head_offset = offsetof(struct sspi_account, node),
	.key_len = sizeof(struct account_key),
	.hashfn = key_hashfn,
	.obj_hashfn = account_hashfn,
	.obj_cmpfn = account_cmpfn,
	.automatic_shrinking = true,
};

static void account_free_rcu(struct rcu_head *head)
{
	kfree_sensitive(container_of(head, struct sspi_account, rcu));
}

static void account_put(struct sspi_account *acct)
{
	if (acct && refcount_dec_and_test(&acct->refs))
		call_rcu(&acct->rcu, account_free_rcu);
}

/*
 * The account of exactly (domain, user); it stays valid under the lock,
 * which every removal takes, or under RCU.
 */
static struct sspi_account *find(struct sspi_net *sn, const u8 *domain,
				 size_t domain_len, const u8 *user,
				 size_t user_len)
{
	struct account_key key = { domain, domain_len, user, user_len };

	return rhashtable_lookup_fast(&sn->table, &key, account_params);
}

/* Another generation of the store: a dump in progress is flagged. */
static void store_changed(struct sspi_net *sn)
{
	sn->gen = sn->gen + 1 ?: 1;
}

/*
 * When a lockout that began at @locked_at ends: as on Windows, by the
 * duration in force now (0: never, U64_MAX).
 */
static u64 lockout_end(u64 locked_at)
{
	u64 duration = READ_ONCE(lockout_duration);

	return duration ? locked_at + duration * NSEC_PER_SEC : U64_MAX;
}

/* Ends a lockout whose time is up, forgets failures out of the window. */
static void lockout_refresh(struct sspi_account *acct, u64 now)
{
	lockdep_assert_held(&acct->lock);
	if (acct->locked && now >= lockout_end(acct->locked_at)) {
		acct->locked = false;
		acct->bad_logons = 0;
	}
	if (!acct->locked && acct->bad_logons &&
	    now - acct->last_bad > (u64)READ_ONCE(lockout_window) * NSEC_PER_SEC)
		acct->bad_logons = 0;
}

static struct user_charge *user_charge_find(kuid_t uid)
{
	struct user_charge *uc;

	lockdep_assert_held(&user_charges_lock);
	hash_for_each_possible(user_charges, uc, node, __kuid_val(uid))
		if (uid_eq(uc->uid, uid))
			return uc;
	return NULL;
}

/* Counts one more account against @uid: -EDQUOT at max_user_accounts. */
static int user_charge(kuid_t uid)
{
	struct user_charge *uc;
	int err = 0;

	mutex_lock(&user_charges_lock);
	uc = user_charge_find(uid);
	if ((uc ? uc->count : 0) >= READ_ONCE(max_user_accounts)) {
		err = -EDQUOT;
	} else if (uc) {
		uc->count++;
	} else {
		uc = kzalloc(sizeof(*uc), GFP_KERNEL_ACCOUNT);
		if (uc) {
			uc->uid = uid;
			uc->count = 1;
			hash_add(user_charges, &uc->node, __kuid_val(uid));
		} else {
			err = -ENOMEM;
		}
	}
	mutex_unlock(&user_charges_lock);
	return err;
}

/* Counts @n accounts less against @uid. */
static void user_uncharge(kuid_t uid, unsigned int n)
{
	struct user_charge *uc;

	if (!n)
		return;
	mutex_lock(&user_charges_lock);
	uc = user_charge_find(uid);
	if (!WARN_ON_ONCE(!uc || uc->count < n)) {
		uc->count -= n;
		if (!uc->count) {
			hash_del(&uc->node);
			kfree(uc);
		}
	}
	mutex_unlock(&user_charges_lock);
}

static bool name_ok(const u8 *name, size_t len)
{
	return len <= SSPI_NAME_MAX && !(len & 1) && (name || !len);
}

/* Puts a new account in the store: 0 or -errno. */
static int insert_locked(struct sspi_net *sn, struct sspi_account *acct)
{
	int err;

	err = xa_alloc_cyclic(&sn->ids, &acct->id, acct, xa_limit_32b,
			      &sn->next_id, GFP_KERNEL_ACCOUNT);
	if (err < 0)
		return err;
	err = rhashtable_insert_fast(&sn->table, &acct->node, account_params);
	if (err) {
		xa_erase(&sn->ids, acct->id);
		return err;
	}
	sn->count++;
	return 0;
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
 * account nobody needs to know a secret for), -ENOSPC past max_accounts,
 * -EDQUOT past max_user_accounts of the user who made the namespace's user
 * namespace, or -ENOMEM.
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
	int err;

	if (!name_ok(domain, domain_len) || !name_ok(user, user_len) || !user_len ||
	    !memcmp(nt_hash, empty, sizeof(empty)))
		return -EINVAL;
	acct = kzalloc(struct_size(acct, names, domain_len + user_len),
		       GFP_KERNEL_ACCOUNT);
	if (!acct)
		return -ENOMEM;
	refcount_set(&acct->refs, 1);
	spin_lock_init(&acct->lock);
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
	old = find(sn, domain, domain_len, user, user_len);
	if (old) {
		/* A new password keeps the account's place and its lockout. */
		acct->id = old->id;
		spin_lock(&old->lock);
		acct->bad_logons = old->bad_logons;
		acct->last_bad = old->last_bad;
		acct->locked_at = old->locked_at;
		acct->locked = old->locked;
		spin_unlock(&old->lock);
		err = rhashtable_replace_fast(&sn->table, &old->node, &acct->node,
					      account_params);
		if (!err)
			xa_store(&sn->ids, acct->id, acct, GFP_KERNEL_ACCOUNT);
	} else if (sn->count >= READ_ONCE(max_accounts)) {
		err = -ENOSPC;
	} else {
		err = sn->charged ? user_charge(sn->owner) : 0;
		if (!err) {
			err = insert_locked(sn, acct);
			if (err && sn->charged)
				user_uncharge(sn->owner, 1);
		}
	}
	if (!err) {
		WRITE_ONCE(sn->has_store, true);
		store_changed(sn);
	}
	mutex_unlock(&sn->lock);
	if (err) {
		kfree_sensitive(acct);
		return err;
	}
	account_put(old);
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
	acct = find(sn, domain, domain_len, user, user_len);
	if (acct) {
		rhashtable_remove_fast(&sn->table, &acct->node, account_params);
		xa_erase(&sn->ids, acct->id);
		sn->count--;
		if (sn->charged)
			user_uncharge(sn->owner, 1);
		store_changed(sn);
	}
	mutex_unlock(&sn->lock);
	account_put(acct);
	return acct ? 0 : -ENOENT;
}

/**
 * sspi_account_unlock() - end an account's lockout, forget its failures
 * @net: namespace
 * @domain: UTF-16LE domain, as added
 * @domain_len: its length in bytes
 * @user: UTF-16LE user name
 * @user_len: its length in bytes
 *
 * Return: 0, or -ENOENT when there is no such account.
 */
int sspi_account_unlock(struct net *net, const u8 *domain, size_t domain_len,
			const u8 *user, size_t user_len)
{
	struct sspi_account *acct;
	int err = -ENOENT;

	rcu_read_lock();
	acct = find(sspi_net(net), domain, domain_len, user, user_len);
	if (acct) {
		spin_lock(&acct->lock);
		acct->bad_logons = 0;
		acct->locked = false;
		spin_unlock(&acct->lock);
		err = 0;
	}
	rcu_read_unlock();
	return err;
}

static void flush_locked(struct sspi_net *sn)
{
	struct sspi_account *acct;
	unsigned long id;

	xa_for_each(&sn->ids, id, acct) {
		rhashtable_remove_fast(&sn->table, &acct->node, account_params);
		xa_erase(&sn->ids, id);
		account_put(acct);
	}
	if (sn->charged)
		user_uncharge(sn->owner, sn->count);
	sn->count = 0;
	WRITE_ONCE(sn->has_store, false);
	store_changed(sn);
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

/* What a dump shows of @acct at @now (boot-time ns). */
static void account_info(struct sspi_account *acct, u64 now,
			 struct sspi_account_info *info)
{
	u64 until = 0;

	info->domain = acct->names;
	info->domain_len = acct->domain_len;
	info->user = acct->names + acct->domain_len;
	info->user_len = acct->user_len;
	spin_lock(&acct->lock);
	lockout_refresh(acct, now);
	info->bad_logons = acct->bad_logons;
	if (acct->locked)
		until = lockout_end(acct->locked_at);
	spin_unlock(&acct->lock);
	if (!until)
		info->locked_until = 0;
	else if (until == U64_MAX)
		info->locked_until = SSPI_LOCKED_FOREVER;
	else
		info->locked_until = ntlm_filetime_now() + div_u64(until - now, 100);
}

/**
 * sspi_account_count() - how many accounts a namespace has, and locked out
 * @net: namespace
 * @accounts: receives the number of its accounts
 * @locked: receives how many of them are locked out now
 */
void sspi_account_count(struct net *net, unsigned int *accounts,
			unsigned int *locked)
{
	struct sspi_net *sn = sspi_net(net);
	struct sspi_account *acct;
	u64 now = ktime_get_boottime_ns();
	unsigned long id;

	*locked = 0;
	mutex_lock(&sn->lock);
	*accounts = sn->count;
	xa_for_each(&sn->ids, id, acct) {
		spin_lock(&acct->lock);
		lockout_refresh(acct, now);
		*locked += acct->locked;
		spin_unlock(&acct->lock);
		cond_resched();
	}
	mutex_unlock(&sn->lock);
}

/**
 * sspi_account_walk() - call @fn for the accounts from a cursor on
 * @net: namespace
 * @cursor: the id to start from (0 at first); on return, where to go on
 * @gen: receives the store's generation, which changes with every change
 *	to it and is never 0 (for genl_dump_check_consistent())
 * @fn: called with each account's names and lockout (never its hash)
 * @arg: passed to @fn
 *
 * Accounts come in the order they were added. Resumed at the cursor, a walk
 * never repeats an account and never misses one that stayed in the store
 * throughout; whether others came or went in between, @gen tells.
 *
 * Return: what @fn returned when it stopped the walk, else 0.
 */
int sspi_account_walk(struct net *net, unsigned long *cursor, unsigned int *gen,
		      sspi_account_fn fn, void *arg)
{
	struct sspi_net *sn = sspi_net(net);
	struct sspi_account_info info;
	struct sspi_account *acct;
	u64 now = ktime_get_boottime_ns();
	unsigned long id;
	int ret = 0;

	mutex_lock(&sn->lock);
	*gen = sn->gen ?: 1;
	xa_for_each_start(&sn->ids, id, acct, *cursor) {
		account_info(acct, now, &info);
		ret = fn(&info, arg);
		if (ret)
			break;
		*cursor = id + 1;
	}
	mutex_unlock(&sn->lock);
	return ret;
}

/**
 * sspi_account_lookup() - the hashes an acceptor checks a client against
 * @logon: the acceptor's namespace in, and on %SEC_E_OK the account found
 *	(held: pass @logon to sspi_account_logon_end())
 * @domain: the client's UTF-16LE domain
 * @domain_len: its length in bytes
 * @user: the client's UTF-16LE user name
 * @user_len: its length in bytes
 * @hashes: receives the NT hash and, if the account has one, the LM hash
 *	on %SEC_E_OK
 *
 * The account of exactly (@domain, @user) if there is one, else the
 * domain-less account of @user. An unknown user gets a hash nobody has,
 * made at boot, so that checking a response costs the same whether the
 * user exists or not, and fails; a locked account gets its own, and
 * @logon->locked says to refuse it all the same.
 *
 * Return: %SEC_E_OK, or %SEC_E_NO_AUTHENTICATING_AUTHORITY when the
 * namespace has no account store.
 */
s32 sspi_account_lookup(struct sspi_logon *logon, const u8 *domain,
			size_t domain_len, const u8 *user, size_t user_len,
			struct ntlm_hashes *hashes)
{
	struct sspi_net *sn = sspi_net(logon->net);
	struct sspi_account *acct;

	if (!READ_ONCE(sn->has_store))
		return SEC_E_NO_AUTHENTICATING_AUTHORITY;
	logon->looked_up = true;
	rcu_read_lock();
	acct = find(sn, domain, domain_len, user, user_len);
	if (!acct && domain_len)
		acct = find(sn, NULL, 0, user, user_len);
	if (acct && !refcount_inc_not_zero(&acct->refs))
		acct = NULL;
	rcu_read_unlock();

	if (!acct) {
		memcpy(hashes->nt_hash, decoy_hash, NTLM_HASH_SIZE);
		memcpy(hashes->lm_hash, decoy_lm_hash, NTLM_HASH_SIZE);
		hashes->has_lm_hash = true;
		return SEC_E_OK;
	}
	memcpy(hashes->nt_hash, acct->nt_hash, NTLM_HASH_SIZE);
	memcpy(hashes->lm_hash, acct->lm_hash, NTLM_HASH_SIZE);
	hashes->has_lm_hash = acct->has_lm_hash;
	spin_lock(&acct->lock);
	lockout_refresh(acct, ktime_get_boottime_ns());
	logon->locked = acct->locked;
	spin_unlock(&acct->lock);
	logon->acct = acct;
	return SEC_E_OK;
}

/**
 * sspi_account_names() - copies of an account's names, as added
 * @acct: the account
 * @domain: receives its UTF-16LE domain, kmalloc'ed, or %NULL if empty
 * @domain_len: its length in bytes
 * @user: receives its UTF-16LE user name, kmalloc'ed
 * @user_len: its length in bytes
 *
 * Return: 0 or -ENOMEM (then nothing is allocated).
 */
int sspi_account_names(const struct sspi_account *acct, u8 **domain,
		       size_t *domain_len, u8 **user, size_t *user_len)
{
	*user = kmemdup(acct->names + acct->domain_len, acct->user_len,
			GFP_KERNEL_ACCOUNT);
	*domain = acct->domain_len ?
		  kmemdup(acct->names, acct->domain_len, GFP_KERNEL_ACCOUNT) : NULL;
	if (!*user || (acct->domain_len && !*domain)) {
		kfree(*user);
		kfree(*domain);
		return -ENOMEM;
	}
	*user_len = acct->user_len;
	*domain_len = acct->domain_len;
	return 0;
}

/* Says once in a while which account was locked, in which namespace. */
static void log_lockout(const struct sspi_account *acct, const struct net *net,
			u32 failures)
{
	static DEFINE_RATELIMIT_STATE(rs, DEFAULT_RATELIMIT_INTERVAL,
				      DEFAULT_RATELIMIT_BURST);
	char *s;

	if (!__ratelimit(&rs))
		return;
	s = kmalloc(2 * SSPI_NAME_UTF8_MAX, GFP_KERNEL_ACCOUNT);
	if (!s)
		return;
	sspi_name_utf8(acct->names, acct->domain_len, true, s, SSPI_NAME_UTF8_MAX);
	sspi_name_utf8(acct->names + acct->domain_len, acct->user_len, true,
		       s + SSPI_NAME_UTF8_MAX, SSPI_NAME_UTF8_MAX);
	pr_notice("account %s\\%s locked out after %u failed logons (netns %u)\n",
		  s, s + SSPI_NAME_UTF8_MAX, failures, net->ns.inum);
	kfree(s);
}

/**
 * sspi_account_logon_end() - what came of a logon, for the account's lockout
 * @logon: as filled by sspi_account_lookup(); its account is released
 * @status: the acceptor's verdict
 *
 * A logon that succeeded starts the count of failures again; one refused
 * %SEC_E_LOGON_DENIED counts, and locks the account at lockout_threshold
 * failures. Logons of a locked account change nothing.
 */
void sspi_account_logon_end(struct sspi_logon *logon, s32 status)
{
	struct sspi_account *acct = logon->acct;
	unsigned int threshold = READ_ONCE(lockout_threshold);
	u64 now = ktime_get_boottime_ns();
	u32 failures = 0;
	bool locked = false;

	if (!acct)
		return;
	logon->acct = NULL;
	if (logon->locked || (status != SEC_E_OK && status != SEC_E_LOGON_DENIED))
		goto out;
	spin_lock(&acct->lock);
	lockout_refresh(acct, now);
	if (status == SEC_E_OK) {
		acct->bad_logons = 0;
	} else if (threshold && !acct->locked) {
		failures = ++acct->bad_logons;
		acct->last_bad = now;
		if (failures >= threshold) {
			acct->locked = true;
			acct->locked_at = now;
			locked = true;
		}
	}
	spin_unlock(&acct->lock);
	if (locked)
		log_lockout(acct, logon->net, failures);
out:
	account_put(acct);
}

/*
 * Whom @net's accounts count against: none for the initial user
 * namespace's; else the user who made the outermost user namespace above
 * it. (A user namespace's owner is the effective id of the one who made
 * it, which, in a namespace nested in another, may be any of the ids the
 * outer one maps: /etc/subuid's.)
 */
static void net_owner(struct sspi_net *sn, const struct net *net)
{
	const struct user_namespace *ns = net->user_ns;

	sn->charged = ns != &init_user_ns;
	if (!sn->charged)
		return;
	while (ns->parent != &init_user_ns)
		ns = ns->parent;
	sn->owner = ns->owner;
}

static int __net_init sspi_net_init(struct net *net)
{
	struct sspi_net *sn = sspi_net(net);

	net_owner(sn, net);
	mutex_init(&sn->lock);
	xa_init_flags(&sn->ids, XA_FLAGS_ALLOC | XA_FLAGS_ACCOUNT);
	sn->gen = 1;
	return rhashtable_init(&sn->table, &account_params);
}

static void __net_exit sspi_net_exit(struct net *net)
{
	struct sspi_net *sn = sspi_net(net);

	mutex_lock(&sn->lock);
	flush_locked(sn);
	mutex_unlock(&sn->lock);
	rhashtable_destroy(&sn->table);
	xa_destroy(&sn->ids);
	mutex_destroy(&sn->lock);
}

static struct pernet_operations sspi_net_ops = {
	.init = sspi_net_init,
	.exit = sspi_net_exit,
	.id = &sspi_net_id,
	.size = sizeof(struct sspi_net),
};

int __init sspi_accounts_init(void)
{
	get_random_bytes(decoy_hash, sizeof(decoy_hash));
	get_random_bytes(decoy_lm_hash, sizeof(decoy_lm_hash));
	return register_pernet_subsys(&sspi_net_ops);
}

void sspi_accounts_exit(void)
{
	struct user_charge *uc;
	struct hlist_node *tmp;
	int bkt;

	unregister_pernet_subsys(&sspi_net_ops);
	/* Every namespace's exit uncharged its accounts. */
	hash_for_each_safe(user_charges, bkt, tmp, uc, node) {
		WARN(1, "%u accounts still counted against uid %u\n", uc->count,
		     __kuid_val(uc->uid));
		hash_del(&uc->node);
		kfree(uc);
	}
	/* The accounts' last references were dropped in RCU callbacks. */
	rcu_barrier();
}
