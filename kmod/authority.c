// SPDX-License-Identifier: GPL-2.0
/*
 * Remote domains and their authority. An administrator of a network
 * namespace marks domains remote; the users of those domains are checked
 * by the namespace's authority, a daemon that registered its netlink socket
 * (sspi-authd, which asks a domain controller through winbind), never
 * against the local store. The protocol stays here: the daemon is sent the
 * challenge, the names and the responses, and answers with an NTSTATUS and,
 * for a good response, the user session key and the account's names, from
 * which the acceptor finishes as for a local account.
 *
 * A logon waits for the answer at most authority_timeout_ms, killably; its
 * daemon's socket closing, or the module going, ends the wait at once.
 * What waits is bounded twice: per namespace (its daemon's queue) and per
 * user across namespaces (no user takes all of one namespace's). Beyond a
 * bound, with no daemon, and without an answer in time, the logon is
 * refused SEC_E_NO_AUTHENTICATING_AUTHORITY, as Windows refuses one its
 * domain controller cannot answer; logons of local accounts never wait
 * behind any of it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/cred.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sspi.h>
#include <linux/xarray.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "account.h"
#include "authority.h"
#include "ntlm/auth.h"

static unsigned int authority_timeout_ms = 10000;
module_param(authority_timeout_ms, uint, 0644);
MODULE_PARM_DESC(authority_timeout_ms,
		 "How long a logon in a remote domain waits for the namespace's authority, in ms (1 to 600000; default 10000)");

static unsigned int max_pass_through = 256;
module_param(max_pass_through, uint, 0644);
MODULE_PARM_DESC(max_pass_through,
		 "Logons that may wait for one namespace's authority at once (default 256)");

static unsigned int max_user_pass_through = 64;
module_param(max_user_pass_through, uint, 0644);
MODULE_PARM_DESC(max_user_pass_through,
		 "Logons one user's acceptors may have waiting for authorities at once, in all namespaces (default 64)");

/* Remote domains one namespace may name: a forest's worth, not a flood. */
#define REMOTE_DOMAINS_MAX	64

struct remote_domain {
	struct list_head node;
	struct rcu_head rcu;
	u16 len;
	u8 name[];	/* UTF-16LE, as added */
};

/**
 * struct authority_net - one namespace's remote domains and authority
 * @lock: guards all but @domains' RCU readers
 * @domains: &struct remote_domain, RCU
 * @ndomains: their number
 * @sk: the authority's socket, compared only (cleared as it closes)
 * @portid: its port, 0 when there is no authority
 * @pending: request id -> &struct pass_through waiting for an answer
 * @next_id: for xa_alloc_cyclic()
 * @npending: entries in @pending
 * @closed: the module is going: nothing new waits
 * @node: in &authorities
 */
struct authority_net {
	struct mutex lock;	/* see above */
	struct list_head domains;
	unsigned int ndomains;
	struct sock *sk;
	u32 portid;
	struct xarray pending;
	u32 next_id;
	unsigned int npending;
	bool closed;
	struct list_head node;
};

/* One logon waiting for its authority's answer. */
struct pass_through {
	struct completion done;
	bool answered;		/* under the namespace's lock */
	s32 status;		/* set with @answered when the answer is not the authority's */
	u8 session_key[16];
	struct sspi_remote_account acct;
};

static unsigned int authority_net_id __read_mostly;
static LIST_HEAD(authorities);
static DEFINE_MUTEX(authorities_lock);

/* uid -> logons waiting (xa_mk_value); an entry goes with its last logon */
static DEFINE_XARRAY(user_pending);
static DEFINE_MUTEX(user_pending_lock);

static struct authority_net *authority_net(struct net *net)
{
	return net_generic(net, authority_net_id);
}

static bool valid_name(const u8 *name, size_t len)
{
	return name && len && len <= SSPI_NAME_MAX && !(len & 1);
}

/* The domain named @name, under the lock or RCU. */
static struct remote_domain *find_domain(struct authority_net *an,
					 const u8 *name, size_t len)
{
	struct remote_domain *d;

	list_for_each_entry_rcu(d, &an->domains, node,
				lockdep_is_held(&an->lock))
		if (sspi_name_eq(d->name, d->len, name, len))
			return d;
	return NULL;
}

/**
 * sspi_domain_add() - mark a domain remote in a namespace
 * @net: the namespace
 * @name: the domain's UTF-16LE name (NetBIOS or DNS)
 * @len: its length in bytes
 *
 * Return: 0; -EINVAL for a bad name; -EEXIST if it is remote already;
 * -ENOSPC at the namespace's bound of remote domains; -ENOMEM.
 */
int sspi_domain_add(struct net *net, const u8 *name, size_t len)
{
	struct authority_net *an = authority_net(net);
	struct remote_domain *d;
	int err = 0;

	if (!valid_name(name, len))
		return -EINVAL;
	d = kmalloc(struct_size(d, name, len), GFP_KERNEL_ACCOUNT);
	if (!d)
		return -ENOMEM;
	d->len = len;
	memcpy(d->name, name, len);
	mutex_lock(&an->lock);
	if (find_domain(an, name, len))
		err = -EEXIST;
	else if (an->ndomains >= REMOTE_DOMAINS_MAX)
		err = -ENOSPC;
	if (!err) {
		list_add_tail_rcu(&d->node, &an->domains);
		an->ndomains++;
	}
	mutex_unlock(&an->lock);
	if (err)
		kfree(d);
	return err;
}

/**
 * sspi_domain_del() - a remote domain becomes local again
 * @net: the namespace
 * @name: the domain's UTF-16LE name
 * @len: its length in bytes
 *
 * Return: 0, -EINVAL for a bad name, or -ENOENT if it is not remote.
 */
int sspi_domain_del(struct net *net, const u8 *name, size_t len)
{
	struct authority_net *an = authority_net(net);
	struct remote_domain *d;

	if (!valid_name(name, len))
		return -EINVAL;
	mutex_lock(&an->lock);
	d = find_domain(an, name, len);
	if (d) {
		list_del_rcu(&d->node);
		an->ndomains--;
	}
	mutex_unlock(&an->lock);
	if (!d)
		return -ENOENT;
	kfree_rcu(d, rcu);
	return 0;
}

/**
 * sspi_domain_walk() - call @fn for the remote domains from the
 *	*@cursor'th on, in the order they were added
 * @net: the namespace
 * @cursor: where to start; advanced past each domain @fn took
 * @fn: returns non-zero to stop (that domain is then not counted)
 * @arg: passed to @fn
 *
 * Return: what @fn returned to stop, or 0.
 */
int sspi_domain_walk(struct net *net, unsigned long *cursor, sspi_domain_fn fn,
		     void *arg)
{
	struct authority_net *an = authority_net(net);
	struct remote_domain *d;
	unsigned long i = 0;
	int ret = 0;

	mutex_lock(&an->lock);
	list_for_each_entry(d, &an->domains, node) {
		if (i++ < *cursor)
			continue;
		ret = fn(d->name, d->len, arg);
		if (ret)
			break;
		(*cursor)++;
	}
	mutex_unlock(&an->lock);
	return ret;
}

/**
 * sspi_domain_is_remote() - whether a namespace's authority checks a domain
 * @net: the namespace
 * @name: the client's UTF-16LE domain
 * @len: its length in bytes; an empty domain is never remote
 *
 * Return: true if it does.
 */
bool sspi_domain_is_remote(struct net *net, const u8 *name, size_t len)
{
	struct authority_net *an = authority_net(net);
	bool remote;

	if (!len || list_empty_careful(&an->domains))
		return false;
	rcu_read_lock();
	remote = find_domain(an, name, len);
	rcu_read_unlock();
	return remote;
}

/* Ends the wait of every logon still waiting: none will be answered. */
static void fail_pending(struct authority_net *an)
{
	struct pass_through *p;
	unsigned long id;

	lockdep_assert_held(&an->lock);
	xa_for_each(&an->pending, id, p) {
		if (p->answered)
			continue;
		p->answered = true;
		p->status = SEC_E_NO_AUTHENTICATING_AUTHORITY;
		complete(&p->done);
	}
}

/**
 * sspi_authority_register() - a socket becomes its namespace's authority
 * @net: the namespace
 * @sk: the socket, until it closes
 * @portid: its port
 *
 * Return: 0, -EBUSY when the namespace has one already, or -ESHUTDOWN
 * while the module goes.
 */
int sspi_authority_register(struct net *net, struct sock *sk, u32 portid)
{
	struct authority_net *an = authority_net(net);
	int err = 0;

	if (!portid)
		return -EINVAL;
	mutex_lock(&an->lock);
	if (an->closed) {
		err = -ESHUTDOWN;
	} else if (an->portid) {
		err = -EBUSY;
	} else {
		an->sk = sk;
		an->portid = portid;
	}
	mutex_unlock(&an->lock);
	return err;
}

/**
 * sspi_authority_release() - a netlink socket of a namespace closed
 * @net: the namespace
 * @portid: the socket's port
 *
 * If it was the authority, the namespace has none now, and the logons
 * waiting for it are refused at once.
 */
void sspi_authority_release(struct net *net, u32 portid)
{
	struct authority_net *an = authority_net(net);

	if (READ_ONCE(an->portid) != portid)
		return;
	mutex_lock(&an->lock);
	if (an->portid == portid) {
		an->portid = 0;
		an->sk = NULL;
		fail_pending(an);
	}
	mutex_unlock(&an->lock);
}

/* Takes what a good answer gives; the status to refuse it with if that fails. */
static s32 take_answer(struct pass_through *p,
		       const struct sspi_authority_answer *answer)
{
	struct sspi_remote_account *acct = &p->acct;

	if (!answer->session_key || !valid_name(answer->user, answer->user_len) ||
	    (answer->domain_len && !valid_name(answer->domain, answer->domain_len)))
		return SEC_E_INTERNAL_ERROR;
	memcpy(p->session_key, answer->session_key, sizeof(p->session_key));
	acct->user = kmemdup(answer->user, answer->user_len, GFP_KERNEL_ACCOUNT);
	acct->user_len = answer->user_len;
	if (answer->domain_len) {
		acct->domain = kmemdup(answer->domain, answer->domain_len,
				       GFP_KERNEL_ACCOUNT);
		acct->domain_len = answer->domain_len;
	}
	if (answer->sid)
		acct->sid = kstrdup(answer->sid, GFP_KERNEL_ACCOUNT);
	if (!acct->user || (answer->domain_len && !acct->domain) ||
	    (answer->sid && !acct->sid))
		return SEC_E_INSUFFICIENT_MEMORY;
	return SEC_E_OK;
}

/**
 * sspi_authority_reply() - an authority answers a logon
 * @net: its namespace
 * @sk: the socket the answer came from, which must be the authority's
 * @answer: the answer
 *
 * Return: 0; -EPERM if @sk is not the namespace's authority; -ENOENT if
 * no logon waits under that id (answered, or given up); -EINVAL for a
 * success without a session key or a user name (the logon is refused).
 */
int sspi_authority_reply(struct net *net, struct sock *sk,
			 const struct sspi_authority_answer *answer)
{
	struct authority_net *an = authority_net(net);
	struct pass_through *p;
	int err = 0;

	mutex_lock(&an->lock);
	p = xa_load(&an->pending, answer->id);
	if (!an->portid || an->sk != sk) {
		err = -EPERM;
	} else if (!p || p->answered) {
		err = -ENOENT;
	} else {
		p->acct.ntstatus = answer->ntstatus;
		if (!answer->ntstatus)
			p->status = take_answer(p, answer);
		if (p->status == SEC_E_INTERNAL_ERROR)
			err = -EINVAL;
		p->answered = true;
		complete(&p->done);
	}
	mutex_unlock(&an->lock);
	return err;
}

/* How Windows' NTLM package reports what its domain controller said. */
static s32 ntstatus_to_sec(u32 ntstatus)
{
	switch (ntstatus) {
	case 0x00000000:	/* STATUS_SUCCESS */
		return SEC_E_OK;
	case 0xC000005E:	/* STATUS_NO_LOGON_SERVERS */
	case 0xC0000192:	/* STATUS_NETLOGON_NOT_STARTED */
	case 0xC0000233:	/* STATUS_DOMAIN_CONTROLLER_NOT_FOUND */
	case 0xC00000DF:	/* STATUS_NO_SUCH_DOMAIN */
	case 0xC00000BE:	/* STATUS_BAD_NETWORK_PATH */
	case 0xC0000190:	/* STATUS_TRUST_FAILURE */
	case 0xC000018D:	/* STATUS_TRUSTED_RELATIONSHIP_FAILURE */
	case 0xC000023C:	/* STATUS_NETWORK_UNREACHABLE */
		return SEC_E_NO_AUTHENTICATING_AUTHORITY;
	case 0xC0000017:	/* STATUS_NO_MEMORY */
	case 0xC000009A:	/* STATUS_INSUFFICIENT_RESOURCES */
		return SEC_E_INSUFFICIENT_MEMORY;
	case 0xC000000D:	/* STATUS_INVALID_PARAMETER */
	case 0xC0000106:	/* STATUS_NAME_TOO_LONG */
		return SEC_E_INVALID_TOKEN;
	case 0xC0000133:	/* STATUS_TIME_DIFFERENCE_AT_DC */
		return SEC_E_TIME_SKEW;
	case 0xC00002FE:	/* STATUS_SHUTDOWN_IN_PROGRESS */
		return SEC_E_SHUTDOWN_IN_PROGRESS;
	case 0xC00000E5:	/* STATUS_INTERNAL_ERROR */
		return SEC_E_INTERNAL_ERROR;
	default:
		/*
		 * Wrong password, no such user, and the account's own
		 * refusals (disabled, expired, locked out, password expired
		 * or to be changed, restrictions): all a logon denied.
		 */
		return SEC_E_LOGON_DENIED;
	}
}

/* One more logon of @uid waits, unless that takes it past its bound. */
static bool user_charge(kuid_t uid)
{
	unsigned long key = __kuid_val(uid), n;
	bool ok = false;

	mutex_lock(&user_pending_lock);
	n = xa_to_value(xa_load(&user_pending, key) ?: xa_mk_value(0));
	if (n < READ_ONCE(max_user_pass_through) &&
	    !xa_err(xa_store(&user_pending, key, xa_mk_value(n + 1),
			     GFP_KERNEL_ACCOUNT)))
		ok = true;
	mutex_unlock(&user_pending_lock);
	return ok;
}

static void user_uncharge(kuid_t uid)
{
	unsigned long key = __kuid_val(uid), n;

	mutex_lock(&user_pending_lock);
	n = xa_to_value(xa_load(&user_pending, key));
	if (n > 1)
		xa_store(&user_pending, key, xa_mk_value(n - 1), GFP_KERNEL);
	else
		xa_erase(&user_pending, key);
	mutex_unlock(&user_pending_lock);
}

/* Queues @p for the authority; its id and port, or 0 for none. */
static u32 queue_logon(struct authority_net *an, struct pass_through *p,
		       u32 *portid)
{
	u32 id = 0;

	mutex_lock(&an->lock);
	*portid = an->portid;
	if (*portid && !an->closed &&
	    an->npending < READ_ONCE(max_pass_through) &&
	    xa_alloc_cyclic(&an->pending, &id, p, XA_LIMIT(1, U32_MAX),
			    &an->next_id, GFP_KERNEL_ACCOUNT) >= 0)
		an->npending++;
	mutex_unlock(&an->lock);
	return id;
}

/* Takes @p off the queue: whether it was answered. */
static bool dequeue_logon(struct authority_net *an, struct pass_through *p,
			  u32 id)
{
	bool answered;

	mutex_lock(&an->lock);
	xa_erase(&an->pending, id);
	an->npending--;
	answered = p->answered;
	mutex_unlock(&an->lock);
	return answered;
}

static void log_timeout(const struct net *net, unsigned int ms)
{
	pr_notice_ratelimited("the authority of netns %u did not answer a logon within %u ms\n",
			      net->ns.inum, ms);
}

/**
 * sspi_authority_check() - have the namespace's authority check a logon
 * @net: the acceptor's namespace
 * @req: the logon
 * @session_base_key: receives the SessionBaseKey on %SEC_E_OK
 * @acct: receives the account's names on %SEC_E_OK (release with
 *	sspi_remote_account_clear()), and the authority's NTSTATUS
 *	whenever it answered
 *
 * Waits for the answer at most authority_timeout_ms, killably.
 *
 * Return: %SEC_E_OK; what the authority's NTSTATUS means to SSPI (mostly
 * %SEC_E_LOGON_DENIED); %SEC_E_NO_AUTHENTICATING_AUTHORITY without an
 * authority, at a bound of logons waiting, without an answer in time;
 * %SEC_E_INSUFFICIENT_MEMORY; %SEC_E_INTERNAL_ERROR for an answer that
 * says yes without the key or the names.
 */
s32 sspi_authority_check(struct net *net, const struct ntlm_pass_through *req,
			 u8 session_base_key[16], struct sspi_remote_account *acct)
{
	struct authority_net *an = authority_net(net);
	unsigned int ms = clamp(READ_ONCE(authority_timeout_ms), 1U, 600000U);
	kuid_t uid = current_uid();
	struct pass_through *p;
	s32 status = SEC_E_NO_AUTHENTICATING_AUTHORITY;
	u32 id, portid;

	p = kzalloc(sizeof(*p), GFP_KERNEL_ACCOUNT);
	if (!p)
		return SEC_E_INSUFFICIENT_MEMORY;
	init_completion(&p->done);
	if (!user_charge(uid))
		goto out_free;
	id = queue_logon(an, p, &portid);
	if (!id)
		goto out_uncharge;
	if (!sspi_nl_authority_request(net, portid, id, req) &&
	    !wait_for_completion_killable_timeout(&p->done, msecs_to_jiffies(ms)))
		log_timeout(net, ms);
	if (!dequeue_logon(an, p, id))
		goto out_uncharge;
	acct->ntstatus = p->acct.ntstatus;
	status = p->status ?: ntstatus_to_sec(p->acct.ntstatus);
	if (status == SEC_E_OK) {
		memcpy(session_base_key, p->session_key, sizeof(p->session_key));
		*acct = p->acct;
		memset(&p->acct, 0, sizeof(p->acct));
	}
out_uncharge:
	user_uncharge(uid);
out_free:
	sspi_remote_account_clear(&p->acct);
	kfree_sensitive(p);
	return status;
}

/**
 * sspi_remote_account_clear() - free what an authority's answer left
 * @acct: the answer's account; zeroed
 */
void sspi_remote_account_clear(struct sspi_remote_account *acct)
{
	kfree(acct->user);
	kfree(acct->domain);
	kfree(acct->sid);
	memset(acct, 0, sizeof(*acct));
}

/**
 * sspi_authority_count() - a namespace's remote domains and authority
 * @net: the namespace
 * @domains: receives the number of remote domains
 * @portid: receives its authority's port, or 0
 * @pending: receives the number of logons waiting for it
 */
void sspi_authority_count(struct net *net, unsigned int *domains, u32 *portid,
			  unsigned int *pending)
{
	struct authority_net *an = authority_net(net);

	mutex_lock(&an->lock);
	*domains = an->ndomains;
	*portid = an->portid;
	*pending = an->npending;
	mutex_unlock(&an->lock);
}

static int __net_init authority_net_init(struct net *net)
{
	struct authority_net *an = authority_net(net);

	mutex_init(&an->lock);
	INIT_LIST_HEAD(&an->domains);
	xa_init_flags(&an->pending, XA_FLAGS_ALLOC1);
	mutex_lock(&authorities_lock);
	list_add(&an->node, &authorities);
	mutex_unlock(&authorities_lock);
	return 0;
}

static void __net_exit authority_net_exit(struct net *net)
{
	struct authority_net *an = authority_net(net);
	struct remote_domain *d, *tmp;

	mutex_lock(&authorities_lock);
	list_del(&an->node);
	mutex_unlock(&authorities_lock);
	/* Every waiting logon holds the namespace through its credential. */
	WARN_ON(!xa_empty(&an->pending));
	list_for_each_entry_safe(d, tmp, &an->domains, node) {
		list_del_rcu(&d->node);
		kfree_rcu(d, rcu);
	}
	xa_destroy(&an->pending);
}

static struct pernet_operations authority_net_ops = {
	.init = authority_net_init,
	.exit = authority_net_exit,
	.id = &authority_net_id,
	.size = sizeof(struct authority_net),
};

int __init sspi_authority_init(void)
{
	return register_pernet_subsys(&authority_net_ops);
}

/**
 * sspi_authority_close() - refuse every logon waiting or to come, as the
 *	module goes (before its netlink family, whose unregistering waits
 *	for the commands in flight)
 */
void sspi_authority_close(void)
{
	struct authority_net *an;

	mutex_lock(&authorities_lock);
	list_for_each_entry(an, &authorities, node) {
		mutex_lock(&an->lock);
		an->closed = true;
		fail_pending(an);
		mutex_unlock(&an->lock);
	}
	mutex_unlock(&authorities_lock);
}

void sspi_authority_exit(void)
{
	unregister_pernet_subsys(&authority_net_ops);
	WARN_ON(!xa_empty(&user_pending));
}
