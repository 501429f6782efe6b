// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The generic netlink transport of libsspi.
 *
 * One socket per process: the kernel binds every credential and context
 * handle to the socket that created it, so all threads share it (under a
 * mutex) for handles to be usable across threads as on Windows. A child
 * after fork() opens its own socket; the parent's handles are not its own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "transport.h"

/* Large enough for any request or reply, including 64 KiB messages. */
#define SSPI_MSG_MAX	(128 * 1024)

static struct {
	pthread_mutex_t lock;
	struct mnl_socket *nl;
	pid_t pid;		/* process that opened nl */
	uint16_t family;	/* 0: not resolved */
	uint32_t seq;
	char *req;		/* the request being built */
	char *buf;		/* replies */
} transport = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void transport_close(void)
{
	if (transport.nl)
		mnl_socket_close(transport.nl);
	transport.nl = NULL;
	transport.family = 0;
}

static int transport_open(void)
{
	int one = 1;

	if (!transport.buf) {
		transport.req = malloc(SSPI_MSG_MAX);
		transport.buf = malloc(SSPI_MSG_MAX);
		if (!transport.req || !transport.buf) {
			free(transport.req);
			free(transport.buf);
			transport.req = transport.buf = NULL;
			return -1;
		}
	}
	transport.nl = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC);
	if (!transport.nl)
		return -1;
	/* Error replies then carry the kernel's reason and not our request. */
	mnl_socket_setsockopt(transport.nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(transport.nl, NETLINK_CAP_ACK, &one, sizeof(one));
	if (mnl_socket_bind(transport.nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		transport_close();
		return -1;
	}
	transport.pid = getpid();
	transport.seq = (uint32_t)time(NULL);
	return 0;
}

/*
 * Sends @nlh and runs @cb on each answer until one says it is the last:
 * the kernel's ack for requests that ask for one (NLM_F_ACK), the end of a
 * dump, an error, or @cb returning MNL_CB_STOP.
 */
static int transport_roundtrip(struct nlmsghdr *nlh, mnl_cb_t cb, void *arg)
{
	uint32_t portid = mnl_socket_get_portid(transport.nl);
	ssize_t len;
	int ret;

	nlh->nlmsg_flags |= NLM_F_REQUEST;
	nlh->nlmsg_seq = ++transport.seq;
	if (mnl_socket_sendto(transport.nl, nlh, nlh->nlmsg_len) < 0)
		return -1;
	do {
		len = mnl_socket_recvfrom(transport.nl, transport.buf, SSPI_MSG_MAX);
		if (len < 0)
			return -1;
		ret = mnl_cb_run(transport.buf, len, nlh->nlmsg_seq, portid, cb, arg);
	} while (ret > 0);
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
static int transport_resolve(void)
{
	char req[MNL_NLMSG_HDRLEN + SSPI_GENL_HDRLEN + 64];
	struct nlmsghdr *nlh;
	uint16_t family = 0;

	nlh = genl_header(req, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
	nlh->nlmsg_flags = NLM_F_ACK;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, SSPI_GENL_NAME);
	if (transport_roundtrip(nlh, family_cb, &family) < 0)
		return -1;
	if (!family) {
		errno = ENOENT;
		return -1;
	}
	transport.family = family;
	return 0;
}

static int transport_ready(void)
{
	if (transport.nl && transport.pid != getpid()) {
		/* fork(): the socket belongs to the parent. */
		transport_close();
	}
	if (!transport.nl && transport_open() < 0)
		return -1;
	if (!transport.family && transport_resolve() < 0)
		return -1;
	return 0;
}

struct nlmsghdr *sspi_request_begin(uint8_t cmd, int32_t *status)
{
	pthread_mutex_lock(&transport.lock);
	if (transport_ready() < 0) {
		pthread_mutex_unlock(&transport.lock);
		*status = SEC_E_INTERNAL_ERROR;
		return NULL;
	}
	return genl_header(transport.req, transport.family, cmd,
			   SSPI_GENL_VERSION);
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
 * Sends @req and runs @cb on each answer until the ack (or the end of a
 * dump). If the family went away because the module was reloaded, looks it
 * up again and repeats the request once: no handle survived the reload, so
 * that is safe. Wipes @req and releases the transport. Returns 0 or -errno.
 */
static int exchange(struct nlmsghdr *req, mnl_cb_t cb, void *arg,
		    void (*reset)(void *arg))
{
	int ret, err;

	ret = transport_roundtrip(req, cb, arg);
	if (ret < 0 && errno == ENOENT) {
		transport.family = 0;
		if (transport_resolve() == 0) {
			req->nlmsg_type = transport.family;
			if (reset)
				reset(arg);
			ret = transport_roundtrip(req, cb, arg);
		} else {
			errno = ENOENT;
		}
	}
	err = ret < 0 ? -errno : 0;
	/* Requests may carry passwords: keep no copy once sent. */
	explicit_bzero(req, req->nlmsg_len);
	pthread_mutex_unlock(&transport.lock);
	return err;
}

static void reply_reset(void *arg)
{
	struct reply_state *st = arg;

	st->status = SEC_E_INTERNAL_ERROR;
	st->seen = false;
}

int32_t sspi_transact(struct nlmsghdr *req, sspi_reply_fn fn, void *arg)
{
	struct reply_state st = { .fn = fn, .arg = arg };
	int err;

	reply_reset(&st);
	err = exchange(req, reply_cb, &st, reply_reset);
	if (st.seen)
		return st.status;
	return err ? status_from_errno(-err) : SEC_E_INTERNAL_ERROR;
}

int sspi_request_ack(struct nlmsghdr *req)
{
	req->nlmsg_flags |= NLM_F_ACK;
	return exchange(req, NULL, NULL, NULL);
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

	req->nlmsg_flags |= NLM_F_DUMP;
	return exchange(req, dump_cb, &d, NULL);
}

void sspi_request_abort(struct nlmsghdr *req)
{
	explicit_bzero(req, req->nlmsg_len);
	pthread_mutex_unlock(&transport.lock);
}
