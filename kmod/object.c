// SPDX-License-Identifier: GPL-2.0
/*
 * Handles: random, unguessable 64-bit values that name a credential or a
 * context for the netlink socket that created it, and for nobody else.
 * Lookups are lock-free (RCU); publishing and withdrawing take the owner's
 * lock. What objects hold is charged to the user who opened their socket,
 * up to max_user_memory bytes.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/hashtable.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/rhashtable.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uidgid.h>
#include <linux/workqueue.h>
#include <net/sock.h>

#include "object.h"

static unsigned int max_credentials = 1024;
module_param(max_credentials, uint, 0644);
MODULE_PARM_DESC(max_credentials, "Credential handles one socket may hold (default 1024)");

/*
 * A count, not a memory bound (max_user_memory is that): it bounds the
 * walk of one socket's list when it is full.
 */
static unsigned int max_contexts = 65536;
module_param(max_contexts, uint, 0644);
MODULE_PARM_DESC(max_contexts, "Context handles one socket may hold (default 65536)");

static unsigned long max_user_memory;
module_param(max_user_memory, ulong, 0644);
MODULE_PARM_DESC(max_user_memory,
		 "Bytes of kernel memory the credentials and contexts of one user's sockets may hold, whatever their number (default, and 0 at load: 1/25 of RAM, as epoll's max_user_watches)");

/*
 * A user, as the kernel knows it (a kuid, whatever namespace it was seen
 * from): the bytes its sockets' objects are charged.
 */
struct sspi_user {
	struct hlist_node hnode;
	kuid_t uid;
	unsigned int owners;		/* under users_lock */
	atomic_long_t charged;
};

static const struct rhashtable_params handle_params = {
	.key_len = sizeof(u64),
	.key_offset = offsetof(struct sspi_object, handle),
	.head_offset = offsetof(struct sspi_object, node),
	.automatic_shrinking = true,
};

static struct rhashtable handles;
static atomic_t live[SSPI_OBJ_CTX + 1];	/* objects not yet freed, by type */
static DEFINE_HASHTABLE(owners, 8);
static DEFINE_SPINLOCK(owners_lock);	/* the owner table (readers: RCU) */
static DEFINE_HASHTABLE(users, 6);
static DEFINE_SPINLOCK(users_lock);	/* the user table, user->owners */

/* Objects whose last reference is gone, freed by free_work. */
static LLIST_HEAD(free_list);
/**
 * sspi_objects_count_net() - the live handles of one namespace's sockets
 * @net: the namespace
 * @count: receives the number of each type (indexed by &enum sspi_object_type)
 *
 * Description: A snapshot, taken without stopping anyone: it walks every
 * socket that holds handles, as reading /proc/net does.
 */
void sspi_objects_count_net(const struct net *net,
			    unsigned int count[SSPI_OBJ_CTX + 1])
{
	struct sspi_owner *owner;
	unsigned int bkt, type;

	for (type = 0; type <= SSPI_OBJ_CTX; type++)
		count[type] = 0;
	rcu_read_lock();
	hash_for_each_rcu(owners, bkt, owner, hnode) {
		if (!net_eq(owner->net, net))
			continue;
		for (type = 0; type <= SSPI_OBJ_CTX; type++)
			count[type] += READ_ONCE(owner->count[type]);
	}
	rcu_read_unlock();
}

static void free_objects(struct work_struct *work);
static DECLARE_WORK(free_work, free_objects);

/* How many objects one owner lock hold withdraws at most. */
#define WITHDRAW_BATCH 256

static u32 owner_hash(const struct net *net, u32 portid)
{
	return hash_32(portid ^ hash_ptr(net, 32), 32);
}

/* @sk's owner, if it has one; owners_lock or RCU held. */
static struct sspi_owner *owner_find(const struct sock *sk, u32 portid)
{
	struct sspi_owner *owner;

	hash_for_each_possible_rcu(owners, owner, hnode,
				   owner_hash(sock_net(sk), portid))
		if (owner->sk == sk)
			return owner;
	return NULL;
}

/**
 * sspi_object_init() - prepare an object before it is used or published
 * @obj: the object, embedded first in a credential or context
 * @ops: what kind of object it is
 */
void sspi_object_init(struct sspi_object *obj, const struct sspi_object_ops *ops)
{
	obj->handle = 0;
	obj->owner = NULL;
	INIT_LIST_HEAD(&obj->owner_link);
	refcount_set(&obj->refs, 1);
	obj->charge = 0;
	obj->ops = ops;
	atomic_inc(&live[ops->type]);
}

/**
 * sspi_objects_live() - how many objects of a type exist
 * @type: credentials or contexts
 *
 * Return: the number made and not yet freed, published or not.
 */
unsigned int sspi_objects_live(enum sspi_object_type type)
{
	return atomic_read(&live[type]);
}

/*
 * Releases run here, in process context, not in the RCU callback: a
 * release drops references to other objects (a context its credential),
 * which queues more callbacks, and sleeps if it likes.
 */
static void free_objects(struct work_struct *work)
{
	struct llist_node *list = llist_del_all(&free_list);
	struct sspi_object *obj, *tmp;
	enum sspi_object_type type;

	llist_for_each_entry_safe(obj, tmp, list, free_node) {
		type = obj->ops->type;
		obj->ops->release(obj);
		atomic_dec(&live[type]);
		cond_resched();
	}
}

static void object_free_rcu(struct rcu_head *rcu)
{
	struct sspi_object *obj = container_of(rcu, struct sspi_object, rcu);

	if (llist_add(&obj->free_node, &free_list))
		queue_work(system_unbound_wq, &free_work);
}

/**
 * sspi_object_put() - drop a reference
 * @obj: the object; freed, after lookups in progress are done, with the last
 *	reference
 */
void sspi_object_put(struct sspi_object *obj)
{
	if (obj && refcount_dec_and_test(&obj->refs))
		call_rcu(&obj->rcu, object_free_rcu);
}

/* The user entry of @uid, with one more owner; @fresh if it is new. */
static struct sspi_user *user_get(kuid_t uid, struct sspi_user **fresh)
{
	struct sspi_user *user;

	spin_lock(&users_lock);
	hash_for_each_possible(users, user, hnode, __kuid_val(uid))
		if (uid_eq(user->uid, uid))
			goto found;
	user = *fresh;
	*fresh = NULL;
	user->uid = uid;
	atomic_long_set(&user->charged, 0);
	hash_add(users, &user->hnode, __kuid_val(uid));
found:
	user->owners++;
	spin_unlock(&users_lock);
	return user;
}

static void user_put(struct sspi_user *user)
{
	spin_lock(&users_lock);
	if (--user->owners) {
		user = NULL;
	} else {
		hash_del(&user->hnode);
		/* every object of every owner of it is uncharged by now */
		WARN_ON(atomic_long_read(&user->charged));
	}
	spin_unlock(&users_lock);
	kfree(user);
}

/* Charges @bytes to @user unless that takes it over max_user_memory. */
static bool user_charge(struct sspi_user *user, size_t bytes)
{
	unsigned long limit = READ_ONCE(max_user_memory);

	if (atomic_long_add_return(bytes, &user->charged) <= limit)
		return true;
	atomic_long_sub(bytes, &user->charged);
	return false;
}

static void handle_withdraw(struct sspi_object *obj)
{
	struct sspi_owner *owner = obj->owner;

	lockdep_assert_held(&owner->lock);
	rhashtable_remove_fast(&handles, &obj->node, handle_params);
	list_del_init(&obj->owner_link);
	owner->count[obj->ops->type]--;
	atomic_long_sub(obj->charge, &owner->user->charged);
	obj->charge = 0;
	WRITE_ONCE(obj->owner, NULL);
}

/* Withdraws the handles of @owner's expired objects onto @orphans. */
static void reclaim_expired(struct sspi_owner *owner, struct list_head *orphans)
{
	struct sspi_object *obj, *tmp;

	lockdep_assert_held(&owner->lock);
	list_for_each_entry_safe(obj, tmp, &owner->objects, owner_link) {
		if (!obj->ops->expired || !obj->ops->expired(obj))
			continue;
		handle_withdraw(obj);
		list_add(&obj->owner_link, orphans);
	}
}

/* Drops the handle table's references to withdrawn objects. */
static void put_orphans(struct list_head *orphans)
{
	struct sspi_object *obj, *tmp;

	list_for_each_entry_safe(obj, tmp, orphans, owner_link) {
		list_del_init(&obj->owner_link);
		sspi_object_put(obj);
	}
}

/*
 * @sk's owner, made if it has none. Only @sk's own requests call this, and
 * its release, which destroys the owner, comes after the last of them.
 */
static struct sspi_owner *owner_get(struct sock *sk, u32 portid)
{
	struct sspi_owner *owner, *fresh;
	struct sspi_user *user;

	rcu_read_lock();
	owner = owner_find(sk, portid);
	rcu_read_unlock();
	if (owner)
		return owner;

	fresh = kzalloc(sizeof(*fresh), GFP_KERNEL_ACCOUNT);
	user = kzalloc(sizeof(*user), GFP_KERNEL_ACCOUNT);
	if (!fresh || !user) {
		kfree(fresh);
		kfree(user);
		return NULL;
	}
	fresh->sk = sk;
	fresh->net = sock_net(sk);
	fresh->portid = portid;
	fresh->user = user_get(sock_i_uid(sk), &user);
	kfree(user);
	spin_lock_init(&fresh->lock);
	INIT_LIST_HEAD(&fresh->objects);

	/* Another thread may share the socket and have made it meanwhile. */
	spin_lock(&owners_lock);
	owner = owner_find(sk, portid);
	if (!owner) {
		sock_hold(sk);
		hash_add_rcu(owners, &fresh->hnode, owner_hash(fresh->net, portid));
		owner = fresh;
		fresh = NULL;
	}
	spin_unlock(&owners_lock);
	if (fresh) {
		user_put(fresh->user);
		kfree(fresh);
	}
	return owner;
}

/**
 * sspi_handle_publish() - give an object a handle for one socket
 * @obj: the object; the handle table takes a reference of its own
 * @sk: the socket
 * @portid: its port id
 *
 * Description: The object's cost is charged to the user who opened @sk. A
 * socket at its limit, or whose user is at max_user_memory, first loses
 * the handles of its expired objects (abandoned handshakes): they count no
 * more.
 *
 * Return: 0, or -ENOSPC when the socket holds as many live objects of this
 * type as it may or its user as much memory, or -ENOMEM.
 */
int sspi_handle_publish(struct sspi_object *obj, struct sock *sk, u32 portid)
{
	enum sspi_object_type type = obj->ops->type;
	unsigned int limit = type == SSPI_OBJ_CRED ? READ_ONCE(max_credentials)
						   : READ_ONCE(max_contexts);
	size_t cost = obj->ops->cost ? obj->ops->cost(obj) : 0;
	struct sspi_owner *owner;
	LIST_HEAD(orphans);
	int err = -ENOSPC;

	owner = owner_get(sk, portid);
	if (!owner)
		return -ENOMEM;

	spin_lock(&owner->lock);
	if (owner->dead)
		goto out;
	if (owner->count[type] >= limit || !user_charge(owner->user, cost)) {
		reclaim_expired(owner, &orphans);
		if (owner->count[type] >= limit || !user_charge(owner->user, cost))
			goto out;
	}
	refcount_inc(&obj->refs);
	do {
		/* 0 means "no handle"; a collision just draws again */
		obj->handle = get_random_u64();
		err = obj->handle ? rhashtable_lookup_insert_fast(&handles, &obj->node,
								  handle_params) : -EEXIST;
	} while (err == -EEXIST);
	if (err) {
		obj->handle = 0;
		refcount_dec(&obj->refs);
		atomic_long_sub(cost, &owner->user->charged);
		goto out;
	}
	obj->charge = cost;
	obj->owner = owner;
	list_add(&obj->owner_link, &owner->objects);
	owner->count[type]++;
out:
	spin_unlock(&owner->lock);
	put_orphans(&orphans);
	return err;
}

/**
 * sspi_handle_get() - the object behind a handle, if the caller owns it
 * @handle: the value userspace sent
 * @type: what the caller expects it to name
 * @sk: the socket the request came from
 *
 * Another socket's handle (even one of the same port id), one of another
 * type, an unknown or withdrawn one all give %NULL, and nothing tells them
 * apart.
 *
 * Return: the object with a reference taken (sspi_object_put() it), or %NULL.
 */
struct sspi_object *sspi_handle_get(u64 handle, enum sspi_object_type type,
				    const struct sock *sk)
{
	struct sspi_owner *owner;
	struct sspi_object *obj;

	if (!handle)
		return NULL;
	rcu_read_lock();
	obj = rhashtable_lookup(&handles, &handle, handle_params);
	if (obj) {
		owner = READ_ONCE(obj->owner);
		if (obj->ops->type != type || !owner || owner->sk != sk ||
		    !refcount_inc_not_zero(&obj->refs))
			obj = NULL;
	}
	rcu_read_unlock();
	return obj;
}

/**
 * sspi_handle_unpublish() - withdraw an object's handle
 * @obj: the object
 *
 * Return: whether this call withdrew it (%false if it was not published),
 * in which case the handle table's reference is dropped too.
 */
bool sspi_handle_unpublish(struct sspi_object *obj)
{
	struct sspi_owner *owner;
	bool withdrawn = false;

	/* Owners are freed after a grace period; their lock tells who wins. */
	rcu_read_lock();
	owner = READ_ONCE(obj->owner);
	if (owner) {
		spin_lock(&owner->lock);
		withdrawn = obj->owner == owner;
		if (withdrawn)
			handle_withdraw(obj);
		spin_unlock(&owner->lock);
	}
	rcu_read_unlock();
	if (withdrawn)
		sspi_object_put(obj);
	return withdrawn;
}

/*
 * Withdraws every handle of an owner no longer in the table, a batch per
 * lock hold, and frees it.
 */
static void owner_destroy(struct sspi_owner *owner)
{
	struct sspi_object *obj, *tmp;
	LIST_HEAD(orphans);
	unsigned int n;
	bool more;

	do {
		n = 0;
		spin_lock(&owner->lock);
		owner->dead = true;
		list_for_each_entry_safe(obj, tmp, &owner->objects, owner_link) {
			if (n++ == WITHDRAW_BATCH)
				break;
			handle_withdraw(obj);
			list_add(&obj->owner_link, &orphans);
		}
		more = !list_empty(&owner->objects);
		spin_unlock(&owner->lock);
		put_orphans(&orphans);
		cond_resched();
	} while (more);
	user_put(owner->user);
	sock_put(owner->sk);
	kfree_rcu(owner, rcu);
}

/**
 * sspi_owner_release() - a socket closed: free everything it owned
 * @net: its namespace
 * @portid: its port id
 *
 * Description: The port id is free again before this is called, and another
 * socket may have bound it and made an owner of its own: only owners of
 * sockets that are gone (that one, and any other that closed meanwhile) are
 * destroyed, each once, by whoever takes it out of the table.
 */
void sspi_owner_release(struct net *net, u32 portid)
{
	struct sspi_owner *owner;

	for (;;) {
		spin_lock(&owners_lock);
		hash_for_each_possible(owners, owner, hnode, owner_hash(net, portid))
			if (owner->net == net && owner->portid == portid &&
			    sock_flag(owner->sk, SOCK_DEAD))
				break;
		if (owner)
			hash_del_rcu(&owner->hnode);
		spin_unlock(&owners_lock);
		if (!owner)
			return;
		owner_destroy(owner);
	}
}

/**
 * sspi_objects_reap() - withdraw the handles of every expired object
 *
 * Description: Abandoned handshakes go without waiting for their socket to
 * reach its limit. Each owner is locked in turn, not all at once.
 */
void sspi_objects_reap(void)
{
	struct sspi_owner *owner;
	LIST_HEAD(orphans);
	int bkt;

	rcu_read_lock();
	hash_for_each_rcu(owners, bkt, owner, hnode) {
		spin_lock(&owner->lock);
		if (!owner->dead)
			reclaim_expired(owner, &orphans);
		spin_unlock(&owner->lock);
	}
	rcu_read_unlock();
	put_orphans(&orphans);
}

/**
 * sspi_users_show() - the bytes charged to each user, for debugfs
 * @m: where to print "uid bytes sockets" lines
 */
void sspi_users_show(struct seq_file *m)
{
	struct sspi_user *user;
	int bkt;

	seq_printf(m, "max_user_memory %lu\n", READ_ONCE(max_user_memory));
	spin_lock(&users_lock);
	hash_for_each(users, bkt, user, hnode)
		seq_printf(m, "%u %ld %u\n", __kuid_val(user->uid),
			   atomic_long_read(&user->charged), user->owners);
	spin_unlock(&users_lock);
}

int __init sspi_objects_init(void)
{
	if (!max_user_memory)
		max_user_memory = totalram_pages() / 25 * PAGE_SIZE;
	return rhashtable_init(&handles, &handle_params);
}

/* Waits until every object is freed: a release may put another object. */
static void objects_drain(void)
{
	int i;

	for (i = 0; i < 100; i++) {
		rcu_barrier();		/* every callback has queued its object */
		flush_work(&free_work);	/* and every release has run */
		if (!sspi_objects_live(SSPI_OBJ_CRED) && !sspi_objects_live(SSPI_OBJ_CTX))
			return;
		msleep(20);		/* something still holds one */
	}
	WARN(1, "%u credentials and %u contexts still referenced\n",
	     sspi_objects_live(SSPI_OBJ_CRED), sspi_objects_live(SSPI_OBJ_CTX));
}

void sspi_objects_exit(void)
{
	struct sspi_owner *owner;
	int bkt;

	/* Nobody adds owners now: the family and the notifier are gone. */
	for (;;) {
		spin_lock(&owners_lock);
		hash_for_each(owners, bkt, owner, hnode)
			break;
		if (owner)
			hash_del_rcu(&owner->hnode);
		spin_unlock(&owners_lock);
		if (!owner)
			break;
		owner_destroy(owner);
	}
	objects_drain();
	rhashtable_destroy(&handles);
	WARN_ON(!hash_empty(users));
}
