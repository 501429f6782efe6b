/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Credentials and contexts as kernel objects: reference counted, and reached
 * from userspace through a random 64-bit handle bound to its owner.
 */
#ifndef _SSPI_OBJECT_H
#define _SSPI_OBJECT_H

#include <linux/list.h>
#include <linux/llist.h>
#include <linux/refcount.h>
#include <linux/rhashtable-types.h>
#include <linux/spinlock_types.h>
#include <linux/types.h>

struct net;
struct seq_file;
struct sock;
struct sspi_object;
struct sspi_user;

enum sspi_object_type {
	SSPI_OBJ_CRED = 1,
	SSPI_OBJ_CTX,
};

/**
 * struct sspi_owner - what owns handles: one generic netlink socket
 * @sk: the socket (a reference): handles answer to it alone, whatever
 *	port id another socket binds after it
 * @net: its network namespace
 * @portid: its netlink port id, by which its release is announced
 * @user: whom its objects are charged to: the user who opened it
 * @lock: guards @objects, @count, @dead and its objects' @owner
 * @dead: destroyed: takes no more objects
 * @objects: its published objects
 * @count: how many of each type it has (per-owner limits)
 * @hnode: in the owner table
 * @rcu: frees it after lookups that may still read it
 */
struct sspi_owner {
	struct sock *sk;
	struct net *net;
	u32 portid;
	struct sspi_user *user;
	spinlock_t lock;	/* see above */
	bool dead;
	struct list_head objects;
	unsigned int count[SSPI_OBJ_CTX + 1];
	struct hlist_node hnode;
	struct rcu_head rcu;
};

/**
 * struct sspi_object_ops - what sets one kind of object apart
 * @type: &enum sspi_object_type
 * @release: frees the containing object, wiping its secrets; called in
 *	process context (a workqueue), after an RCU grace period, once the
 *	last reference is gone
 * @expired: whether the object is of no more use to its owner (an abandoned
 *	handshake), so that its handle may be withdrawn to make room; %NULL:
 *	never
 * @cost: the bytes of kernel memory the object holds or may come to hold,
 *	charged to its owner's user while it has a handle
 */
struct sspi_object_ops {
	enum sspi_object_type type;
	void (*release)(struct sspi_object *obj);
	bool (*expired)(const struct sspi_object *obj);
	size_t (*cost)(const struct sspi_object *obj);
};

/**
 * struct sspi_object - the part every credential and context starts with
 * @node: in the handle table while published
 * @handle: the value userspace holds; 0 when not published
 * @owner: who may use @handle
 * @owner_link: in @owner's list
 * @refs: references; the handle table holds one while published
 * @charge: bytes charged to the owner's user while published
 * @ops: its kind (one pointer, not three fields: a context must fit
 *	kmalloc-256)
 * @rcu: frees after lookups under RCU are done
 * @free_node: then on the list of objects the release work frees
 */
struct sspi_object {
	struct rhash_head node;
	u64 handle;
	struct sspi_owner *owner;
	struct list_head owner_link;
	refcount_t refs;
	u32 charge;
	const struct sspi_object_ops *ops;
	union {
		struct rcu_head rcu;
		struct llist_node free_node;
	};
};

void sspi_object_init(struct sspi_object *obj, const struct sspi_object_ops *ops);
void sspi_object_put(struct sspi_object *obj);
unsigned int sspi_objects_live(enum sspi_object_type type);
void sspi_objects_count_net(const struct net *net,
			    unsigned int count[SSPI_OBJ_CTX + 1]);

int sspi_handle_publish(struct sspi_object *obj, struct sock *sk, u32 portid);
struct sspi_object *sspi_handle_get(u64 handle, enum sspi_object_type type,
				    const struct sock *sk);
bool sspi_handle_unpublish(struct sspi_object *obj);
void sspi_owner_release(struct net *net, u32 portid);
void sspi_objects_reap(void);
void sspi_users_show(struct seq_file *m);

int sspi_objects_init(void);
void sspi_objects_exit(void);

#endif /* _SSPI_OBJECT_H */
