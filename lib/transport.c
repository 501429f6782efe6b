// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The generic netlink transport of libsspi.
 *
 * One socket per process: the kernel binds every credential and context
 * handle to the socket that created it, so all threads share it for
 * handles to be usable across threads as on Windows. A child after fork()
 * opens its own socket; the parent's handles are not its own.
 *
 * Threads use the socket at the same time. Each builds its request in a
 * buffer of its own, tags it with a sequence number of its own and sends
 * it without a lock: genetlink runs the command inside that sendmsg() (the
 * family has parallel_ops), so the kernel works for several threads at
 * once. The replies all arrive on the one socket; one waiting thread at a
 * time (the reader) receives, keeps what is its own and hands every other
 * datagram to the thread whose sequence number it carries, then wakes the
 * others: one of them becomes the next reader. transport.lock guards only
 * this bookkeeping, never a system call.
 *
 * Replies wait in the socket's receive buffer until the reader takes them.
 * So that none is dropped (ENOBUFS), the requests in flight reserve room
 * for their replies there (transport.budget); a thread waits for room
 * before it sends. Should a reply still be dropped, every thread waiting
 * for one fails with ENOBUFS rather than waiting for ever.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <sspi.h>

#include "export.h"
#include "transport.h"

/* Large enough for any request or reply, including 64 KiB messages. */
#define SSPI_MSG_MAX	(128 * 1024)
/* What the socket's receive buffer is asked to be (the kernel may cap it). */
#define SSPI_RCVBUF	(4 * 1024 * 1024)

/* A received datagram handed to the thread that waits for it. */
struct dgram {
	struct dgram *next;
	size_t len;
	char data[];
};

/* A thread waiting for the answers to its request. */
struct waiter {
	struct waiter *next;
	uint32_t seq;
	size_t cost;		/* receive buffer reserved for the answers */
	struct dgram *head, **tail;
	int err;		/* set by the reader: no answer will come */
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;	/* a datagram was handed over, or room freed */
	struct mnl_socket *nl;
	pid_t pid;		/* process that opened nl */
	uint16_t family;	/* 0: not resolved */
	uint32_t seq;
	struct waiter *waiters;
	bool reading;		/* a thread is in recvfrom() */
	size_t budget;		/* the receive buffer, for replies in flight */
	size_t reserved;	/* what the waiters reserved of it */
} transport = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.cond = PTHREAD_COND_INITIALIZER,
};

/*
 * The text the kernel gave with its refusal of this thread's last request
 * (the netlink extended ack), for SspiGetLastKernelMessage(). Its messages
 * are short phrases; a longer one is cut.
 */
#define KERNEL_MSG_MAX	256
static _Thread_local char kernel_msg[KERNEL_MSG_MAX];
static _Thread_local bool kernel_msg_set;

/* Each thread's buffers: its request, and where it receives as the reader. */
struct thread_bufs {
	char *req;
	char *rx;
};

static pthread_once_t transport_once = PTHREAD_ONCE_INIT;
static pthread_key_t bufs_key;
static bool bufs_key_ok;

static void bufs_free(void *arg)
{
	struct thread_bufs *b = arg;

	if (!b)
		return;
	free(b->req);
	free(b->rx);
	free(b);
}

static void transport_close(void)
{
	if (transport.nl)
		mnl_socket_close(transport.nl);
	transport.nl = NULL;
	transport.family = 0;
}

/* fork(): nobody is in the middle of a call in the child, whose socket must be new. */
static void atfork_prepare(void)
{
	pthread_mutex_lock(&transport.lock);
}

static void atfork_parent(void)
{
	pthread_mutex_unlock(&transport.lock);
}

static void atfork_child(void)
{
	pthread_mutex_init(&transport.lock, NULL);
	pthread_cond_init(&transport.cond, NULL);
	/* The waiters were other threads', which the child does not have. */
	transport.waiters = NULL;
	transport.reading = false;
	transport.reserved = 0;
}

static void transport_init_once(void)
{
	bufs_key_ok = pthread_key_create(&bufs_key, bufs_free) == 0;
	pthread_atfork(atfork_prepare, atfork_parent, atfork_child);
}

static struct thread_bufs *thread_bufs(void)
{
	struct thread_bufs *b;

	pthread_once(&transport_once, transport_init_once);
	if (!bufs_key_ok)
		return NULL;
	b = pthread_getspecific(bufs_key);
	if (b)
		return b;
	b = calloc(1, sizeof(*b));
	if (!b)
		return NULL;
	b->req = malloc(SSPI_MSG_MAX);
	b->rx = malloc(SSPI_MSG_MAX);
	if (!b->req || !b->rx || pthread_setspecific(bufs_key, b)) {
		bufs_free(b);
		return NULL;
	}
	return b;
}

/* Called with transport.lock held. */
static int transport_open(void)
{
	int one = 1, rcvbuf = SSPI_RCVBUF, fd;
	socklen_t len = sizeof(rcvbuf);

	transport.nl = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC);
	if (!transport.nl)
		return -1;
	/* Error replies then carry the kernel's reason and not our request. */
	mnl_socket_setsockopt(transport.nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(transport.nl, NETLINK_CAP_ACK, &one, sizeof(one));
	fd = mnl_socket_get_fd(transport.nl);
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, &len) < 0 ||
	    rcvbuf < SSPI_MSG_MAX)
		rcvbuf = SSPI_MSG_MAX;
	if (mnl_socket_bind(transport.nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		transport_close();
		return -1;
	}
	transport.budget = (size_t)rcvbuf;
	transport.pid = getpid();
	transport.seq = (uint32_t)time(NULL);
	return 0;
}

/*
 * What a request's answers may take of the receive buffer: about its own
 * size again (a sealed message comes back as long as it went), twice over
 * for the kernel's accounting (an skb's truesize), and some for the rest.
 */
static size_t reply_cost(const struct nlmsghdr *nlh)
{
	return 2 * ((size_t)nlh->nlmsg_len + 8192);
}

static void waiter_unlink(struct waiter *w)
{
	struct waiter **p;

	for (p = &transport.waiters; *p; p = &(*p)->next) {
		if (*p == w) {
			*p = w->next;
			break;
		}
	}
	transport.reserved -= w->cost;
	pthread_cond_broadcast(&transport.cond);
}

static struct waiter *waiter_find(uint32_t seq)
{
	struct waiter *w;

	for (w = transport.waiters; w; w = w->next)
		if (w->seq == seq)
			return w;
	return NULL;
}

static void dgram_free(struct dgram *d)
{
	/* Replies may carry unsealed messages: keep no copy. */
	explicit_bzero(d->data, d->len);
	free(d);
}

/*
 * The reader got @len bytes in @buf, or failed with @err: hands the
 * datagram to its waiter (copied), or fails every waiter if replies were
 * lost. Called with transport.lock held; false if the datagram is @self's.
 */
static bool reader_dispatch(struct waiter *self, const char *buf, ssize_t len,
			    int err)
{
	const struct nlmsghdr *nlh = (const void *)buf;
	struct waiter *w;
	struct dgram *d;

	if (len < 0) {
		/* ENOBUFS: some reply was dropped, whose we cannot tell. */
		for (w = transport.waiters; w && err == ENOBUFS; w = w->next)
			if (!w->head && w != self)
				w->err = err;
		return true;
	}
	if ((size_t)len < sizeof(*nlh))
		return true;
	w = waiter_find(nlh->nlmsg_seq);
	if (w == self)
		return false;
	if (!w)
		return true;	/* an answer nobody waits for any more */
	d = malloc(sizeof(*d) + (size_t)len);
	if (!d) {
		w->err = ENOMEM;
		return true;
	}
	d->next = NULL;
	d->len = (size_t)len;
	memcpy(d->data, buf, d->len);
	*w->tail = d;
	w->tail = &d->next;
	return true;
}

/*
 * Waits for the next datagram of @w's request: either one a reader handed
 * over (returned, to be freed with dgram_free()) or, as the reader itself,
 * its own in @rx (*@len set, NULL returned). -1 with errno on failure.
 * Called and returns with transport.lock held.
 */
static int next_answer(struct waiter *w, char *rx, ssize_t *len,
		       struct dgram **got)
{
	ssize_t n;
	int err;

	*got = NULL;
	for (;;) {
		if (w->head) {
			*got = w->head;
			w->head = w->head->next;
			if (!w->head)
				w->tail = &w->head;
			return 0;
		}
		if (w->err) {
			errno = w->err;
			return -1;
		}
		if (transport.reading) {
			pthread_cond_wait(&transport.cond, &transport.lock);
			continue;
		}
		transport.reading = true;
		pthread_mutex_unlock(&transport.lock);
		n = mnl_socket_recvfrom(transport.nl, rx, SSPI_MSG_MAX);
		err = errno;
		pthread_mutex_lock(&transport.lock);
		transport.reading = false;
		/* the next reader, or the owner of what was handed over */
		pthread_cond_broadcast(&transport.cond);
		if (!reader_dispatch(w, rx, n, err)) {
			*len = n;
			return 0;
		}
		/* another's, copied: keep nothing of it here */
		if (n > 0)
			explicit_bzero(rx, n);
		if (n < 0) {
			errno = err;
			return -1;
		}
	}
}

/* Sends the request @iov holds (@nlh its first part) to the kernel. */
static ssize_t request_send(struct mnl_socket *nl, const struct iovec *iov,
			    size_t niov)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct msghdr msg = {
		.msg_name = &kernel,
		.msg_namelen = sizeof(kernel),
		.msg_iov = (struct iovec *)iov,
		.msg_iovlen = niov,
	};

	return sendmsg(mnl_socket_get_fd(nl), &msg, 0);
}

/*
 * Sends the request @nlh, in the @niov parts of @iov (@nlh itself first),
 * and runs @cb on each answer until one says it is the last: the kernel's
 * ack for requests that ask for one (NLM_F_ACK), the end of a dump, an
 * error, or @cb returning MNL_CB_STOP. @rx is the thread's own receive
 * buffer.
 */
/*
 * Clears NLM_F_DUMP_INTR on the messages in @buf, which libmnl would stop
 * at, leaving the rest of the dump unread; whether one had it.
 */
static bool dump_intr_take(void *buf, size_t len)
{
	struct nlmsghdr *nlh = buf;
	int left = (int)len;
	bool intr = false;

	for (; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
		intr = intr || (nlh->nlmsg_flags & NLM_F_DUMP_INTR);
		nlh->nlmsg_flags &= ~NLM_F_DUMP_INTR;
	}
	return intr;
}

static int extack_attr_cb(const struct nlattr *attr, void *data)
{
	(void)data;
	if (mnl_attr_get_type(attr) != NLMSGERR_ATTR_MSG ||
	    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
		return MNL_CB_OK;
	snprintf(kernel_msg, sizeof(kernel_msg), "%s", mnl_attr_get_str(attr));
	kernel_msg_set = true;
	return MNL_CB_STOP;
}

/*
 * An error or an ack: what libmnl makes of it (errno, and whether the
 * request is over), and the kernel's message that came with it, kept for
 * the calling thread.
 */
static int error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	size_t offset = sizeof(*err);

	(void)data;
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*err))) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) && err->msg.nlmsg_len >= sizeof(err->msg)) {
		/* After the request's header, or all of the request. */
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			offset += err->msg.nlmsg_len - sizeof(err->msg);
		if (mnl_nlmsg_size(offset) <= nlh->nlmsg_len)
			mnl_attr_parse(nlh, offset, extack_attr_cb, NULL);
	}
	errno = err->error < 0 ? -err->error : err->error;
	return err->error ? MNL_CB_ERROR : MNL_CB_STOP;
}

static mnl_cb_t control_cbs[NLMSG_ERROR + 1] = {
	[NLMSG_ERROR] = error_cb,
};

static int answer_run(const void *buf, size_t len, uint32_t seq, uint32_t portid,
		      mnl_cb_t cb, void *arg)
{
	return mnl_cb_run2(buf, len, seq, portid, cb, arg, control_cbs,
			   NLMSG_ERROR + 1);
}

static int transport_roundtrip(struct nlmsghdr *nlh, const struct iovec *iov,
			       size_t niov, char *rx, mnl_cb_t cb, void *arg)
{
	struct waiter w = { .cost = reply_cost(nlh) };
	struct mnl_socket *nl;
	struct dgram *d;
	uint32_t portid;
	ssize_t len;
	int ret = -1, err = 0;
	bool dump = nlh->nlmsg_flags & NLM_F_DUMP, intr = false;

	w.tail = &w.head;
	nlh->nlmsg_flags |= NLM_F_REQUEST;
	pthread_mutex_lock(&transport.lock);
	/* room for the answers; a request alone always goes */
	while (transport.waiters &&
	       transport.reserved + w.cost > transport.budget)
		pthread_cond_wait(&transport.cond, &transport.lock);
	nlh->nlmsg_seq = w.seq = ++transport.seq;
	w.next = transport.waiters;
	transport.waiters = &w;
	transport.reserved += w.cost;
	nl = transport.nl;
	pthread_mutex_unlock(&transport.lock);

	portid = mnl_socket_get_portid(nl);
	if (request_send(nl, iov, niov) < 0) {
		err = errno;
		pthread_mutex_lock(&transport.lock);
		goto out;
	}
	pthread_mutex_lock(&transport.lock);
	do {
		if (next_answer(&w, rx, &len, &d) < 0) {
			err = errno;
			break;
		}
		/* the callbacks run without the lock */
		pthread_mutex_unlock(&transport.lock);
		if (d) {
			intr = (dump && dump_intr_take(d->data, d->len)) || intr;
			ret = answer_run(d->data, d->len, w.seq, portid, cb, arg);
			err = errno;
			dgram_free(d);
		} else {
			intr = (dump && dump_intr_take(rx, len)) || intr;
			ret = answer_run(rx, len, w.seq, portid, cb, arg);
			err = errno;
			/* Replies may carry session keys and unsealed messages. */
			explicit_bzero(rx, len);
		}
		pthread_mutex_lock(&transport.lock);
	} while (ret > 0);
	/* A dump read to its end that the kernel saw change: ask again. */
	if (ret == 0 && intr) {
		ret = -1;
		err = EINTR;
	}
out:
	waiter_unlink(&w);
	while (w.head) {
		d = w.head;
		w.head = d->next;
		dgram_free(d);
	}
	pthread_mutex_unlock(&transport.lock);
	if (ret < 0)
		errno = err;
	return ret;
}

static int family_attr_cb(const struct nlattr *attr, void *data)
{
	uint16_t *family = data;

	if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID &&
	    mnl_attr_validate(attr, MNL_TYPE_U16) == 0)
		*family = mnl_attr_get_u16(attr);
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, SSPI_GENL_HDRLEN, family_attr_cb, data);
}

static struct nlmsghdr *genl_header(void *buf, uint16_t type, uint8_t cmd,
				    uint8_t version)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = type;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
	return nlh;
}

/* Looks the "sspi" family up; fails when the module is not loaded. */
static int transport_resolve(char *rx)
{
	char req[MNL_NLMSG_HDRLEN + SSPI_GENL_HDRLEN + 64];
	struct nlmsghdr *nlh;
	struct iovec iov;
	uint16_t family = 0;

	nlh = genl_header(req, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
	nlh->nlmsg_flags = NLM_F_ACK;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, SSPI_GENL_NAME);
	iov = (struct iovec){ nlh, nlh->nlmsg_len };
	if (transport_roundtrip(nlh, &iov, 1, rx, family_cb, &family) < 0)
		return -1;
	if (!family) {
		errno = ENOENT;
		return -1;
	}
	pthread_mutex_lock(&transport.lock);
	transport.family = family;
	pthread_mutex_unlock(&transport.lock);
	return 0;
}

/* The family, the socket opened and the family resolved if need be; 0 on failure. */
static uint16_t transport_ready(char *rx)
{
	uint16_t family;
	int ret = 0;

	pthread_mutex_lock(&transport.lock);
	if (transport.nl && transport.pid != getpid()) {
		/* fork(): the socket belongs to the parent. */
		transport_close();
	}
	if (!transport.nl)
		ret = transport_open();
	family = transport.family;
	pthread_mutex_unlock(&transport.lock);
	if (ret < 0)
		return 0;
	if (!family && transport_resolve(rx) == 0) {
		pthread_mutex_lock(&transport.lock);
		family = transport.family;
		pthread_mutex_unlock(&transport.lock);
	}
	return family;
}

struct nlmsghdr *sspi_request_begin(uint8_t cmd, int32_t *status)
{
	struct thread_bufs *b;
	uint16_t family;

	kernel_msg_set = false;
	b = thread_bufs();
	family = b ? transport_ready(b->rx) : 0;
	if (!family) {
		*status = b ? SEC_E_INTERNAL_ERROR : SEC_E_INSUFFICIENT_MEMORY;
		return NULL;
	}
	return genl_header(b->req, family, cmd, SSPI_GENL_VERSION);
}

struct reply_state {
	sspi_reply_fn fn;
	void *arg;
	int32_t status;
	bool seen;
};

static int status_attr_cb(const struct nlattr *attr, void *data)
{
	struct reply_state *st = data;

	if (mnl_attr_get_type(attr) != SSPI_ATTR_STATUS)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
		return MNL_CB_ERROR;
	st->status = (int32_t)mnl_attr_get_u32(attr);
	st->seen = true;
	return MNL_CB_OK;
}

static int reply_cb(const struct nlmsghdr *nlh, void *data)
{
	struct reply_state *st = data;

	if (mnl_attr_parse(nlh, SSPI_GENL_HDRLEN, status_attr_cb, st) < 0)
		return MNL_CB_ERROR;
	if (!st->seen) {
		st->status = SEC_E_INTERNAL_ERROR;
		return MNL_CB_ERROR;
	}
	if (st->fn)
		st->status = st->fn(nlh, st->status, st->arg);
	/* Every command answers with one reply: no ack to wait for. */
	return MNL_CB_STOP;
}

static int32_t status_from_errno(int err)
{
	switch (err) {
	case ENOMEM:
	case ENOBUFS:
		return SEC_E_INSUFFICIENT_MEMORY;
	case EPERM:
	case EACCES:
		return SEC_E_NOT_OWNER;
	default:
		return SEC_E_INTERNAL_ERROR;
	}
}

/*
 * Sends @req (in the @niov parts of @iov, @req's own bytes first) and runs
 * @cb on each answer until the ack (or the end of a dump). If the family
 * went away because the module was reloaded, looks it up again and repeats
 * the request once: no handle survived the reload, so that is safe. Wipes
 * @req's own bytes. Returns 0 or -errno.
 */
static int exchange(struct nlmsghdr *req, const struct iovec *iov, size_t niov,
		    mnl_cb_t cb, void *arg, void (*reset)(void *arg))
{
	struct thread_bufs *b = pthread_getspecific(bufs_key);
	int ret, err;

	ret = transport_roundtrip(req, iov, niov, b->rx, cb, arg);
	if (ret < 0 && errno == ENOENT) {
		pthread_mutex_lock(&transport.lock);
		transport.family = 0;
		pthread_mutex_unlock(&transport.lock);
		if (transport_resolve(b->rx) == 0) {
			pthread_mutex_lock(&transport.lock);
			req->nlmsg_type = transport.family;
			pthread_mutex_unlock(&transport.lock);
			if (reset)
				reset(arg);
			ret = transport_roundtrip(req, iov, niov, b->rx, cb, arg);
		} else {
			errno = ENOENT;
		}
	}
	err = ret < 0 ? -errno : 0;
	/* Requests may carry passwords: keep no copy once sent. */
	explicit_bzero(req, iov[0].iov_len);
	return err;
}

static void reply_reset(void *arg)
{
	struct reply_state *st = arg;

	st->status = SEC_E_INTERNAL_ERROR;
	st->seen = false;
}

int32_t sspi_transact_iov(struct nlmsghdr *req, struct iovec *iov, size_t niov,
			  sspi_reply_fn fn, void *arg, int *errp)
{
	struct reply_state st = { .fn = fn, .arg = arg };
	size_t i;
	int err;

	iov[0] = (struct iovec){ req, req->nlmsg_len };
	for (i = 1; i < niov; i++)
		req->nlmsg_len += (uint32_t)iov[i].iov_len;
	reply_reset(&st);
	err = exchange(req, iov, niov, reply_cb, &st, reply_reset);
	if (errp)
		*errp = st.seen ? 0 : -err;
	if (st.seen)
		return st.status;
	return err ? status_from_errno(-err) : SEC_E_INTERNAL_ERROR;
}

int32_t sspi_transact(struct nlmsghdr *req, sspi_reply_fn fn, void *arg)
{
	struct iovec iov;

	return sspi_transact_iov(req, &iov, 1, fn, arg, NULL);
}

int sspi_request_ack(struct nlmsghdr *req)
{
	struct iovec iov = { req, req->nlmsg_len };

	req->nlmsg_flags |= NLM_F_ACK;
	return exchange(req, &iov, 1, NULL, NULL, NULL);
}

struct dump_state {
	sspi_reply_fn fn;
	void *arg;
};

static int dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dump_state *d = data;

	d->fn(nlh, SEC_E_OK, d->arg);
	return MNL_CB_OK;
}

int sspi_dump(struct nlmsghdr *req, sspi_reply_fn fn, void *arg)
{
	struct dump_state d = { .fn = fn, .arg = arg };
	struct iovec iov = { req, req->nlmsg_len };

	req->nlmsg_flags |= NLM_F_DUMP;
	return exchange(req, &iov, 1, dump_cb, &d, NULL);
}

SSPI_EXPORT const char *SEC_ENTRY SspiGetLastKernelMessage(void)
{
	return kernel_msg_set ? kernel_msg : NULL;
}

void sspi_request_abort(struct nlmsghdr *req)
{
	explicit_bzero(req, req->nlmsg_len);
}
