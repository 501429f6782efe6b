// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sspi-authd: the authority of a network namespace's remote domains.
 *
 *   sspi-authd [--threads N] [--queue N] [--verbose]
 *
 * sspi.ko hands every logon in a domain marked remote (sspictl domain add)
 * to the socket registered as its namespace's authority, and waits, within
 * a bound, for the verdict. This daemon is that socket: it asks winbind to
 * check the client's responses (libwbclient, at the response level: the
 * domain controller does the NTLM cryptography, NETLOGON pass-through) and
 * answers with what the DC said: an NTSTATUS and, for a logon it accepted,
 * the user session key, the account's own names and its SID. It maps no
 * NTSTATUS to a SECURITY_STATUS: the kernel does, in one place.
 *
 * The receive loop (the main thread) queues each request for a fixed pool
 * of workers, each with its own winbind connection; a full queue is
 * answered at once with NT_STATUS_NO_LOGON_SERVERS. Replies go out on the
 * registered socket, one at a time. Closing it (exit, or death) tells the
 * kernel that the namespace has no authority any more.
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/sspi.h>
#include <wbclient.h>

#include "utf16.h"

/* NTSTATUS values the daemon itself answers with (ntstatus.h) */
#define NT_STATUS_SUCCESS		0x00000000u
#define NT_STATUS_INVALID_PARAMETER	0xC000000Du
#define NT_STATUS_NO_MEMORY		0xC0000017u
#define NT_STATUS_LOGON_FAILURE		0xC000006Du
#define NT_STATUS_NO_LOGON_SERVERS	0xC000005Eu

#define THREADS_DEFAULT	8
#define THREADS_MAX	256
#define QUEUE_DEFAULT	256
#define QUEUE_MAX	65536
/* A request or reply, with room to spare: names, responses, key, SID. */
#define MSG_BUF_SIZE	(3 * SSPI_NAME_MAX + 2 * SSPI_NTLM_MAX_TOKEN + 1024)
/* What the socket may hold unread: a burst of requests. */
#define RCVBUF_SIZE	(4 << 20)
/*
 * How long a stop waits for the logons being checked. A winbind that takes
 * a request and does not answer holds its caller for half a minute or more
 * (libwbclient's own timeout): past this the daemon exits without them,
 * and the kernel fails them.
 */
#define STOP_WAIT_SECS	5
/* The sequence numbers of the requests the daemon makes itself */
#define RESOLVE_SEQ	1
#define REGISTER_SEQ	2

static const char *prog = "sspi-authd";
static bool verbose;

/* A thread of the pool, with its own connection to winbind. */
struct worker {
	pthread_t thread;
	struct wbcContext *wbc;
	bool first;	/* the one that checks winbind answers at all */
};

/* One logon the kernel asked about, its names in UTF-8. */
struct logon {
	uint32_t id;
	uint8_t challenge[SSPI_CHALLENGE_LEN];
	char *user, *domain, *workstation;
	uint8_t *lm, *nt;
	uint32_t lm_len, nt_len;
};

static struct {
	struct mnl_socket *nl;
	uint16_t family;
	pthread_mutex_t send_lock;	/* one reply on the socket at a time */

	pthread_mutex_t lock;		/* what follows */
	pthread_cond_t queued, worker_done;
	struct logon **ring;
	unsigned int size, head, count;
	unsigned int workers;		/* running */
	bool stopping;
} authd = {
	.send_lock = PTHREAD_MUTEX_INITIALIZER,
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.queued = PTHREAD_COND_INITIALIZER,
	.worker_done = PTHREAD_COND_INITIALIZER,
};

/*
 * A client's name, fit for a log line: control characters (a forged
 * newline) are shown as '?'. At most @size - 1 bytes.
 */
static const char *loggable(const char *s, char *buf, size_t size)
{
	size_t i;

	if (!s)
		return "";
	for (i = 0; s[i] && i + 1 < size; i++)
		buf[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	buf[i] = '\0';
	return buf;
}

static void logon_free(struct logon *l)
{
	if (!l)
		return;
	if (l->lm)
		explicit_bzero(l->lm, l->lm_len);
	if (l->nt)
		explicit_bzero(l->nt, l->nt_len);
	explicit_bzero(l->challenge, sizeof(l->challenge));
	free(l->lm);
	free(l->nt);
	free(l->user);
	free(l->domain);
	free(l->workstation);
	free(l);
}

static struct nlmsghdr *genl_header(void *buf, uint16_t type, uint8_t cmd,
				    uint8_t version)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
	return nlh;
}

/* Sends @nlh to the kernel and wipes it; 0 or -errno. */
static int send_wiped(struct nlmsghdr *nlh)
{
	size_t len = nlh->nlmsg_len;
	ssize_t sent;
	int err = 0;

	pthread_mutex_lock(&authd.send_lock);
	sent = mnl_socket_sendto(authd.nl, nlh, len);
	if (sent < 0)
		err = -errno;
	pthread_mutex_unlock(&authd.send_lock);
	explicit_bzero(nlh, len);
	return err;
}

/* A UTF-8 name from winbind as a UTF-16LE attribute; -1 if it cannot be. */
static int put_name(struct nlmsghdr *nlh, uint16_t type, const char *name)
{
	char16_t *w;
	size_t units;

	if (!name || sspi_utf8z_to_utf16(name, &w, &units))
		return -1;
	if (units * sizeof(char16_t) > SSPI_NAME_MAX) {
		free(w);
		return -1;
	}
	mnl_attr_put(nlh, type, units * sizeof(char16_t), w);
	free(w);
	return 0;
}

/* The answer for a logon the DC refused, or one that was not checked. */
static void reply_status(char *buf, uint32_t id, uint32_t ntstatus)
{
	struct nlmsghdr *nlh = genl_header(buf, authd.family, SSPI_CMD_AUTHORITY_REPLY,
					   SSPI_GENL_VERSION);
	int err;

	nlh->nlmsg_seq = id;
	mnl_attr_put_u32(nlh, SSPI_ATTR_REQUEST_ID, id);
	mnl_attr_put_u32(nlh, SSPI_ATTR_NTSTATUS, ntstatus);
	err = send_wiped(nlh);
	if (err)
		fprintf(stderr, "%s: logon %u: cannot answer: %s\n", prog, id, strerror(-err));
}

/*
 * The answer for a logon the DC accepted: the user session key, the
 * account's names as the DC spells them, its SID. 0, or -1 when winbind's
 * answer does not fit the kernel's bounds (nothing sent).
 */
static int reply_accepted(char *buf, uint32_t id, const struct wbcAuthUserInfo *info)
{
	struct nlmsghdr *nlh = genl_header(buf, authd.family, SSPI_CMD_AUTHORITY_REPLY,
					   SSPI_GENL_VERSION);
	char sid[WBC_SID_STRING_BUFLEN];
	int err;

	nlh->nlmsg_seq = id;
	mnl_attr_put_u32(nlh, SSPI_ATTR_REQUEST_ID, id);
	mnl_attr_put_u32(nlh, SSPI_ATTR_NTSTATUS, NT_STATUS_SUCCESS);
	mnl_attr_put(nlh, SSPI_ATTR_SESSION_KEY, SSPI_SESSION_KEY_LEN, info->user_session_key);
	if (put_name(nlh, SSPI_ATTR_USER, info->account_name) ||
	    put_name(nlh, SSPI_ATTR_DOMAIN, info->domain_name)) {
		explicit_bzero(nlh, nlh->nlmsg_len);
		return -1;
	}
	if (info->num_sids > 0 &&
	    wbcSidToStringBuf(&info->sids[0].sid, sid, sizeof(sid)) > 0 &&
	    strlen(sid) < SSPI_SID_MAX)
		mnl_attr_put_strz(nlh, SSPI_ATTR_SID, sid);
	err = send_wiped(nlh);
	if (err)
		fprintf(stderr, "%s: logon %u: cannot answer: %s\n", prog, id, strerror(-err));
	return 0;
}

/*
 * The NTSTATUS of a failed check: the DC's (or winbind's) own when it gave
 * one; libwbclient's refusal of the request as it is, or its want of
 * memory; else NT_STATUS_NO_LOGON_SERVERS: winbind, or the DC behind it,
 * could not be asked.
 */
static uint32_t failure_status(wbcErr wbc, const struct wbcAuthErrorInfo *error)
{
	if (wbc == WBC_ERR_AUTH_ERROR && error && error->nt_status)
		return error->nt_status;
	if (wbc == WBC_ERR_INVALID_PARAM)
		return NT_STATUS_INVALID_PARAMETER;
	if (wbc == WBC_ERR_NO_MEMORY)
		return NT_STATUS_NO_MEMORY;
	return NT_STATUS_NO_LOGON_SERVERS;
}

/* Asks winbind about @l and answers the kernel. */
static void logon_check(struct wbcContext *wbc, struct logon *l, char *buf)
{
	struct wbcAuthUserParams params = {
		.account_name = l->user,
		.domain_name = l->domain,
		.workstation_name = l->workstation,
		/* as a server's network logon: machine accounts may log on too */
		.parameter_control = WBC_MSV1_0_ALLOW_WORKSTATION_TRUST_ACCOUNT |
				     WBC_MSV1_0_ALLOW_SERVER_TRUST_ACCOUNT,
		.level = WBC_AUTH_USER_LEVEL_RESPONSE,
	};
	struct wbcAuthErrorInfo *error = NULL;
	struct wbcAuthUserInfo *info = NULL;
	char user[128], domain[128], ws[64];
	uint32_t ntstatus;
	wbcErr ret;

	memcpy(params.password.response.challenge, l->challenge, SSPI_CHALLENGE_LEN);
	/* an empty response has no data: libwbclient refuses one that has */
	params.password.response.nt_length = l->nt_len;
	params.password.response.nt_data = l->nt_len ? l->nt : NULL;
	params.password.response.lm_length = l->lm_len;
	params.password.response.lm_data = l->lm_len ? l->lm : NULL;
	ret = wbcCtxAuthenticateUserEx(wbc, &params, &info, &error);
	explicit_bzero(&params.password, sizeof(params.password));
	loggable(l->user, user, sizeof(user));
	loggable(l->domain, domain, sizeof(domain));
	loggable(l->workstation, ws, sizeof(ws));

	if (WBC_ERROR_IS_OK(ret) && info && (info->user_flags & WBC_AUTH_USER_INFO_GUEST)) {
		/* a guest logon is not the account the client named */
		fprintf(stderr, "%s: %s\\%s from \"%s\": refused, winbind made it a guest logon\n",
			prog, domain, user, ws);
		reply_status(buf, l->id, NT_STATUS_LOGON_FAILURE);
	} else if (WBC_ERROR_IS_OK(ret) && info) {
		if (reply_accepted(buf, l->id, info) == 0) {
			if (verbose)
				fprintf(stderr, "%s: %s\\%s from \"%s\": accepted\n",
					prog, domain, user, ws);
		} else {
			fprintf(stderr, "%s: %s\\%s from \"%s\": winbind's answer has unusable names\n",
				prog, domain, user, ws);
			reply_status(buf, l->id, NT_STATUS_NO_LOGON_SERVERS);
		}
	} else {
		ntstatus = failure_status(ret, error);
		fprintf(stderr, "%s: %s\\%s from \"%s\": refused, %s (0x%08x)\n",
			prog, domain, user, ws,
			ret == WBC_ERR_AUTH_ERROR && error && error->nt_string ?
			error->nt_string : wbcErrorString(ret), ntstatus);
		reply_status(buf, l->id, ntstatus);
	}
	if (info) {
		explicit_bzero(info->user_session_key, sizeof(info->user_session_key));
		explicit_bzero(info->lm_session_key, sizeof(info->lm_session_key));
		wbcFreeMemory(info);
	}
	wbcFreeMemory(error);
}

/* The next logon to check; NULL once the daemon stops. */
static struct logon *queue_take(void)
{
	struct logon *l = NULL;

	pthread_mutex_lock(&authd.lock);
	while (!authd.stopping && !authd.count)
		pthread_cond_wait(&authd.queued, &authd.lock);
	if (!authd.stopping) {
		l = authd.ring[authd.head];
		authd.head = (authd.head + 1) % authd.size;
		authd.count--;
	}
	pthread_mutex_unlock(&authd.lock);
	return l;
}

/* Queues @l for a worker; false if the queue is full. */
static bool queue_put(struct logon *l)
{
	bool room;

	pthread_mutex_lock(&authd.lock);
	room = authd.count < authd.size;
	if (room) {
		authd.ring[(authd.head + authd.count) % authd.size] = l;
		authd.count++;
		pthread_cond_signal(&authd.queued);
	}
	pthread_mutex_unlock(&authd.lock);
	return room;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct logon *l;
	char *buf;

	/* Here, not in the receive loop: a winbind that hangs holds only this thread. */
	if (w->first && wbcCtxPing(w->wbc) != WBC_ERR_SUCCESS)
		fprintf(stderr, "%s: winbind does not answer (yet): logons fail with NT_STATUS_NO_LOGON_SERVERS until it does\n",
			prog);
	buf = malloc(MSG_BUF_SIZE);
	if (!buf)
		fprintf(stderr, "%s: a worker has no memory: it stops\n", prog);
	while (buf && (l = queue_take())) {
		logon_check(w->wbc, l, buf);
		logon_free(l);
	}
	free(buf);
	pthread_mutex_lock(&authd.lock);
	authd.workers--;
	pthread_cond_signal(&authd.worker_done);
	pthread_mutex_unlock(&authd.lock);
	return NULL;
}

/*
 * Stops the workers: the queued logons are dropped, the ones being checked
 * get STOP_WAIT_SECS to finish. True when every worker ended (and was
 * joined); false when some still wait for winbind.
 */
static bool workers_stop(struct worker *pool, unsigned int started)
{
	struct timespec deadline;
	unsigned int i;
	bool all;

	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += STOP_WAIT_SECS;
	pthread_mutex_lock(&authd.lock);
	authd.stopping = true;
	pthread_cond_broadcast(&authd.queued);
	while (authd.workers &&
	       pthread_cond_timedwait(&authd.worker_done, &authd.lock, &deadline) != ETIMEDOUT)
		;
	all = !authd.workers;
	pthread_mutex_unlock(&authd.lock);
	if (!all) {
		fprintf(stderr, "%s: %u workers still wait for winbind: exiting without them\n",
			prog, authd.workers);
		return false;
	}
	for (i = 0; i < started; i++)
		pthread_join(pool[i].thread, NULL);
	return true;
}

static int attr_table_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_get_type(attr) <= SSPI_ATTR_MAX)
		tb[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

/* A UTF-16LE name attribute in UTF-8 (absent: empty); -1 if malformed. */
static int get_name(const struct nlattr *attr, char **out)
{
	uint16_t len = attr ? mnl_attr_get_payload_len(attr) : 0;
	size_t out_len;

	if (len % 2 || len > SSPI_NAME_MAX)
		return -1;
	return sspi_utf16n_to_utf8(attr ? mnl_attr_get_payload(attr) : NULL, len / 2,
				   out, &out_len) ? -1 : 0;
}

/* A copy of a response attribute (absent: none); -1 if too long or no memory. */
static int get_response(const struct nlattr *attr, uint8_t **out, uint32_t *len)
{
	if (!attr)
		return 0;
	*len = mnl_attr_get_payload_len(attr);
	if (*len > SSPI_NTLM_MAX_TOKEN)
		return -1;
	*out = malloc(*len ? *len : 1);
	if (!*out)
		return -1;
	memcpy(*out, mnl_attr_get_payload(attr), *len);
	return 0;
}

/*
 * The logon an SSPI_CMD_AUTHORITY_REQUEST asks about. NULL with
 * *@ntstatus when it cannot be checked (or, with *@id unknown as well,
 * not even answered).
 */
static struct logon *logon_parse(const struct nlmsghdr *nlh, uint32_t *id,
				 uint32_t *ntstatus, bool *has_id)
{
	const struct nlattr *tb[SSPI_ATTR_MAX + 1] = { 0 };
	const struct nlattr *id_attr, *chal;
	struct logon *l;

	*has_id = false;
	*ntstatus = NT_STATUS_INVALID_PARAMETER;
	if (mnl_attr_parse(nlh, GENL_HDRLEN, attr_table_cb, tb) < 0)
		return NULL;
	id_attr = tb[SSPI_ATTR_REQUEST_ID];
	if (!id_attr || mnl_attr_validate(id_attr, MNL_TYPE_U32) < 0)
		return NULL;
	*id = mnl_attr_get_u32(id_attr);
	*has_id = true;
	chal = tb[SSPI_ATTR_CHALLENGE];
	if (!chal || mnl_attr_get_payload_len(chal) != SSPI_CHALLENGE_LEN)
		return NULL;
	*ntstatus = NT_STATUS_NO_LOGON_SERVERS;	/* from here: out of memory */
	l = calloc(1, sizeof(*l));
	if (!l)
		return NULL;
	l->id = *id;
	memcpy(l->challenge, mnl_attr_get_payload(chal), SSPI_CHALLENGE_LEN);
	if (get_response(tb[SSPI_ATTR_NT_RESPONSE], &l->nt, &l->nt_len) ||
	    get_response(tb[SSPI_ATTR_LM_RESPONSE], &l->lm, &l->lm_len)) {
		*ntstatus = NT_STATUS_INVALID_PARAMETER;
		goto fail;
	}
	/* a name that is not well-formed UTF-16 names no account the DC has */
	*ntstatus = NT_STATUS_LOGON_FAILURE;
	if (!tb[SSPI_ATTR_USER] || get_name(tb[SSPI_ATTR_USER], &l->user) ||
	    !tb[SSPI_ATTR_DOMAIN] || get_name(tb[SSPI_ATTR_DOMAIN], &l->domain) ||
	    get_name(tb[SSPI_ATTR_WORKSTATION], &l->workstation))
		goto fail;
	return l;
fail:
	logon_free(l);
	return NULL;
}

/* An SSPI_CMD_AUTHORITY_REQUEST: queued, or answered at once. */
static void request_handle(const struct nlmsghdr *nlh, char *tx)
{
	uint32_t id = 0, ntstatus;
	struct logon *l;
	bool has_id;

	l = logon_parse(nlh, &id, &ntstatus, &has_id);
	if (!l) {
		if (!has_id) {
			fprintf(stderr, "%s: a request without its id: ignored\n", prog);
			return;
		}
		fprintf(stderr, "%s: logon %u: malformed request, refused (0x%08x)\n",
			prog, id, ntstatus);
		reply_status(tx, id, ntstatus);
		return;
	}
	if (queue_put(l))
		return;
	fprintf(stderr, "%s: logon %u: %u logons already wait: refused, NT_STATUS_NO_LOGON_SERVERS\n",
		prog, id, authd.size);
	reply_status(tx, id, NT_STATUS_NO_LOGON_SERVERS);
	logon_free(l);
}

/* The kernel refused one of the replies (typically: it gave up waiting). */
static void refusal_handle(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e) || !e->error)
		return;
	fprintf(stderr, "%s: logon %u: sspi.ko refused the answer: %s\n",
		prog, e->msg.nlmsg_seq, strerror(-e->error));
}

/*
 * Reads what came from the kernel: requests are queued; an ack or error
 * whose sequence number is @seq is stored in *@ack (when @ack is not NULL).
 * 0, or -errno when the socket failed.
 */
static int receive(char *rx, char *tx, uint32_t seq, int *ack)
{
	struct sockaddr_nl from;
	struct iovec iov = { rx, MSG_BUF_SIZE };
	struct msghdr msg = {
		.msg_name = &from, .msg_namelen = sizeof(from),
		.msg_iov = &iov, .msg_iovlen = 1,
	};
	const struct nlmsghdr *nlh;
	const struct genlmsghdr *genl;
	ssize_t n;
	int len;

	n = recvmsg(mnl_socket_get_fd(authd.nl), &msg, 0);
	if (n < 0)
		return -errno;
	if (msg.msg_flags & MSG_TRUNC) {
		fprintf(stderr, "%s: a message too long for the receive buffer: ignored\n", prog);
		goto out;
	}
	if (msg.msg_namelen != sizeof(from) || from.nl_pid != 0)
		goto out;	/* not from the kernel */
	len = (int)n;
	for (nlh = (void *)rx; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
		if (nlh->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

			if (ack && nlh->nlmsg_seq == seq &&
			    mnl_nlmsg_get_payload_len(nlh) >= sizeof(*e))
				*ack = e->error;
			else
				refusal_handle(nlh);
			continue;
		}
		if (nlh->nlmsg_type != authd.family ||
		    mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
			continue;
		genl = mnl_nlmsg_get_payload(nlh);
		if (genl->cmd == SSPI_CMD_AUTHORITY_REQUEST)
			request_handle(nlh, tx);
	}
out:
	explicit_bzero(rx, (size_t)n);
	return 0;
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
	return mnl_attr_parse(nlh, GENL_HDRLEN, family_attr_cb, data);
}

/* The id of the "sspi" family; 0 when sspi.ko is not loaded. */
static uint16_t family_resolve(char *buf)
{
	struct nlmsghdr *nlh = genl_header(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
	uint32_t portid = mnl_socket_get_portid(authd.nl);
	uint16_t family = 0;
	ssize_t n;
	int ret;

	nlh->nlmsg_flags |= NLM_F_ACK;
	nlh->nlmsg_seq = RESOLVE_SEQ;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, SSPI_GENL_NAME);
	if (mnl_socket_sendto(authd.nl, nlh, nlh->nlmsg_len) < 0)
		return 0;
	do {
		n = mnl_socket_recvfrom(authd.nl, buf, MSG_BUF_SIZE);
		if (n < 0)
			return 0;
		ret = mnl_cb_run(buf, n, RESOLVE_SEQ, portid, family_cb, &family);
	} while (ret > 0);
	return ret < 0 ? 0 : family;
}

/*
 * Makes the socket its namespace's authority. Requests that arrive before
 * the kernel's ack are queued. 0, or 1 with the reason said.
 */
static int authority_register(char *rx, char *tx)
{
	struct nlmsghdr *nlh = genl_header(tx, authd.family,
					   SSPI_CMD_AUTHORITY_REGISTER, SSPI_GENL_VERSION);
	int ack = 1, err;

	nlh->nlmsg_flags |= NLM_F_ACK;
	nlh->nlmsg_seq = REGISTER_SEQ;
	if (mnl_socket_sendto(authd.nl, nlh, nlh->nlmsg_len) < 0) {
		fprintf(stderr, "%s: cannot register: %s\n", prog, strerror(errno));
		return 1;
	}
	while (ack > 0) {
		err = receive(rx, tx, REGISTER_SEQ, &ack);
		if (err && err != -EINTR) {
			fprintf(stderr, "%s: cannot register: %s\n", prog, strerror(-err));
			return 1;
		}
	}
	if (ack == -EPERM)
		fprintf(stderr, "%s: not permitted: the authority needs CAP_NET_ADMIN over this network namespace\n",
			prog);
	else if (ack == -EBUSY)
		fprintf(stderr, "%s: another authority is registered in this network namespace already\n",
			prog);
	else if (ack)
		fprintf(stderr, "%s: cannot register: %s\n", prog, strerror(-ack));
	return ack ? 1 : 0;
}

/* Serves requests until SIGTERM or SIGINT (0) or until the socket fails (1). */
static int serve(int sigfd, char *rx, char *tx)
{
	struct pollfd fds[2] = {
		{ .fd = mnl_socket_get_fd(authd.nl), .events = POLLIN },
		{ .fd = sigfd, .events = POLLIN },
	};
	struct signalfd_siginfo si;
	int err;

	for (;;) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "%s: poll: %s\n", prog, strerror(errno));
			return 1;
		}
		if (fds[1].revents & POLLIN) {
			if (read(sigfd, &si, sizeof(si)) == sizeof(si) && verbose)
				fprintf(stderr, "%s: %s: stopping\n", prog, strsignal((int)si.ssi_signo));
			return 0;
		}
		if (!(fds[0].revents & (POLLIN | POLLERR)))
			continue;
		err = receive(rx, tx, 0, NULL);
		if (err == -ENOBUFS) {
			/* those logons fail in the kernel when their wait ends */
			fprintf(stderr, "%s: requests were lost: the socket's receive buffer overflowed\n",
				prog);
		} else if (err && err != -EINTR) {
			fprintf(stderr, "%s: receive: %s\n", prog, strerror(-err));
			return 1;
		}
	}
}

/* A count option's value, between 1 and @max; 0 if it is not one. */
static unsigned int count_arg(const char *s, unsigned int max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || !v || v > max || s[0] == '-')
		return 0;
	return (unsigned int)v;
}

static int usage(FILE *out)
{
	fprintf(out,
		"usage: sspi-authd [--threads N] [--queue N] [--verbose]\n"
		"  Checks the logons of this network namespace's remote domains\n"
		"  (sspictl domain add) with winbind, for sspi.ko.\n"
		"  --threads N  logons checked at once (default %u, at most %u)\n"
		"  --queue N    logons that may wait for a thread (default %u, at most %u)\n"
		"  --verbose    also log each accepted logon\n",
		THREADS_DEFAULT, THREADS_MAX, QUEUE_DEFAULT, QUEUE_MAX);
	return out == stderr ? 2 : 0;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "threads", required_argument, NULL, 't' },
		{ "queue", required_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	unsigned int threads = THREADS_DEFAULT, started = 0, i;
	struct worker *pool = NULL;
	char *rx = NULL, *tx = NULL;
	int opt, ret = 1, sigfd = -1, rcvbuf = RCVBUF_SIZE;
	struct logon *l;
	sigset_t stop;

	authd.size = QUEUE_DEFAULT;
	while ((opt = getopt_long(argc, argv, "t:q:vh", options, NULL)) != -1) {
		switch (opt) {
		case 't':
			threads = count_arg(optarg, THREADS_MAX);
			if (!threads)
				return usage(stderr);
			break;
		case 'q':
			authd.size = count_arg(optarg, QUEUE_MAX);
			if (!authd.size)
				return usage(stderr);
			break;
		case 'v':
			verbose = true;
			break;
		case 'h':
			return usage(stdout);
		default:
			return usage(stderr);
		}
	}
	if (optind != argc)
		return usage(stderr);

	/* The workers inherit the mask: only signalfd sees these. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	sigfd = signalfd(-1, &stop, SFD_CLOEXEC);

	rx = malloc(MSG_BUF_SIZE);
	tx = malloc(MSG_BUF_SIZE);
	authd.ring = calloc(authd.size, sizeof(*authd.ring));
	pool = calloc(threads, sizeof(*pool));
	if (sigfd < 0 || !rx || !tx || !authd.ring || !pool) {
		fprintf(stderr, "%s: cannot start: %s\n", prog, strerror(errno));
		goto out;
	}
	for (i = 0; i < threads; i++) {
		pool[i].wbc = wbcCtxCreate();
		pool[i].first = i == 0;
		if (!pool[i].wbc) {
			fprintf(stderr, "%s: cannot make a winbind context\n", prog);
			goto out;
		}
	}

	authd.nl = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC);
	if (!authd.nl || mnl_socket_bind(authd.nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		fprintf(stderr, "%s: netlink: %s\n", prog, strerror(errno));
		goto out;
	}
	/* beyond net.core.rmem_max with CAP_NET_ADMIN, which it has */
	if (setsockopt(mnl_socket_get_fd(authd.nl), SOL_SOCKET, SO_RCVBUFFORCE,
		       &rcvbuf, sizeof(rcvbuf)) < 0)
		setsockopt(mnl_socket_get_fd(authd.nl), SOL_SOCKET, SO_RCVBUF,
			   &rcvbuf, sizeof(rcvbuf));
	authd.family = family_resolve(rx);
	if (!authd.family) {
		fprintf(stderr, "%s: cannot reach sspi.ko (is it loaded?)\n", prog);
		goto out;
	}
	if (authority_register(rx, tx))
		goto out;

	for (started = 0; started < threads; started++) {
		pthread_mutex_lock(&authd.lock);
		authd.workers++;
		pthread_mutex_unlock(&authd.lock);
		errno = pthread_create(&pool[started].thread, NULL, worker_main, &pool[started]);
		if (errno) {
			fprintf(stderr, "%s: cannot start a worker: %s\n", prog, strerror(errno));
			pthread_mutex_lock(&authd.lock);
			authd.workers--;
			pthread_mutex_unlock(&authd.lock);
			goto stop;
		}
	}
	if (verbose)
		fprintf(stderr, "%s: the authority of this network namespace (port %u), %u threads\n",
			prog, mnl_socket_get_portid(authd.nl), threads);
	ret = serve(sigfd, rx, tx);
stop:
	if (!workers_stop(pool, started))
		_exit(ret);	/* they end with the process, and the socket closes */
	/* what is left waiting fails in the kernel once the socket is closed */
	for (; authd.count; authd.count--) {
		l = authd.ring[authd.head];
		authd.head = (authd.head + 1) % authd.size;
		logon_free(l);
	}
out:
	if (authd.nl)
		mnl_socket_close(authd.nl);
	for (i = 0; pool && i < threads; i++)
		if (pool[i].wbc)
			wbcCtxFree(pool[i].wbc);
	free(pool);
	free(authd.ring);
	free(rx);
	free(tx);
	if (sigfd >= 0)
		close(sigfd);
	return ret;
}
