// SPDX-License-Identifier: GPL-2.0
/*
 * Handles belong to the socket that made them, not to its port id: a
 * netlink port id is free again before the closing socket's objects are
 * (netlink_release() unhashes the socket, then tells sspi.ko), so another
 * socket may bind the same port id in between. Its handles must stay its
 * own, and the closing socket's objects must be freed once.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/time.h>
#include <unistd.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/sspi.h>

#include "kselftest_harness.h"
#include "guest.h"

#define HDRLEN sizeof(struct genlmsghdr)
#define THREADS 8
#define SECONDS 15	/* OWNERS_SECONDS overrides it */
#define PORTID 0x5a5a

struct reply {
	int32_t status;
	uint64_t cred;
	uint16_t family;
};

static int attr_cb(const struct nlattr *attr, void *data)
{
	struct reply *r = data;

	switch (mnl_attr_get_type(attr)) {
	case SSPI_ATTR_STATUS:
		r->status = (int32_t)mnl_attr_get_u32(attr);
		break;
	case SSPI_ATTR_CRED_HANDLE:
		r->cred = mnl_attr_get_u64(attr);
		break;
	}
	return MNL_CB_OK;
}

static int family_cb(const struct nlattr *attr, void *data)
{
	if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID)
		((struct reply *)data)->family = mnl_attr_get_u16(attr);
	return MNL_CB_OK;
}

static int msg_cb(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type == GENL_ID_CTRL)
		return mnl_attr_parse(nlh, HDRLEN, family_cb, data);
	return mnl_attr_parse(nlh, HDRLEN, attr_cb, data);
}

static struct nlmsghdr *put_genl(void *buf, uint16_t type, uint8_t cmd, uint32_t seq)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = 1;
	return nlh;
}

/* One request and its reply into R; 0, or -errno. */
static int transact(struct mnl_socket *nl, struct nlmsghdr *nlh, struct reply *r)
{
	char buf[8192];
	ssize_t len;
	int ret;

	r->status = 1;
	r->cred = 0;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		len = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (len < 0)
			return -errno;
		ret = mnl_cb_run(buf, len, nlh->nlmsg_seq, mnl_socket_get_portid(nl),
				 msg_cb, r);
	} while (ret > 0);
	return ret < 0 ? -errno : 0;
}

static uint16_t family_id(void)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_GENERIC);
	char buf[256];
	struct nlmsghdr *nlh;
	struct reply r = { };

	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID))
		return 0;
	nlh = put_genl(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, SSPI_GENL_NAME);
	transact(nl, nlh, &r);
	mnl_socket_close(nl);
	return r.family;
}

struct racer {
	uint16_t family;
	time_t deadline;
	unsigned long rounds, bound, lost;
	int error;
};

/*
 * Binds PORTID whenever it is free, makes a credential, checks that its
 * handle still answers, closes: over and over, racing the other threads'
 * closes of sockets of the same port id.
 */
static void *race(void *arg)
{
	struct racer *t = arg;
	char buf[256];
	struct nlmsghdr *nlh;
	struct mnl_socket *nl;
	struct reply r;
	struct timeval rcvtimeo = { .tv_sec = 10 };
	uint32_t seq = 0;
	int err;

	while (time(NULL) < t->deadline && !t->error) {
		t->rounds++;
		nl = mnl_socket_open(NETLINK_GENERIC);
		if (!nl) {
			t->error = errno;
			break;
		}
		/* a reply that never comes fails the test, not its timeout */
		if (setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVTIMEO, &rcvtimeo,
			       sizeof(rcvtimeo))) {
			t->error = errno;
			mnl_socket_close(nl);
			break;
		}
		if (mnl_socket_bind(nl, 0, PORTID)) {
			if (errno != EADDRINUSE)
				t->error = errno;
			mnl_socket_close(nl);
			continue;
		}
		t->bound++;
		nlh = put_genl(buf, t->family, SSPI_CMD_ACQUIRE_CREDENTIALS, ++seq);
		mnl_attr_put_strz(nlh, SSPI_ATTR_PKG_NAME, "NTLM");
		mnl_attr_put_u32(nlh, SSPI_ATTR_CRED_USE, SSPI_CRED_INBOUND);
		err = transact(nl, nlh, &r);
		if (err || r.status || !r.cred) {
			t->error = err ? -err : EPROTO;
			mnl_socket_close(nl);
			break;
		}
		nlh = put_genl(buf, t->family, SSPI_CMD_QUERY_CREDENTIALS, ++seq);
		mnl_attr_put_u64(nlh, SSPI_ATTR_CRED_HANDLE, r.cred);
		err = transact(nl, nlh, &r);
		if (err)
			t->error = -err;
		else if (r.status)	/* withdrawn by another socket's close */
			t->lost++;
		mnl_socket_close(nl);
	}
	return NULL;
}

FIXTURE(owners) {
	int unused;
};

FIXTURE_SETUP(owners)
{
}

FIXTURE_TEARDOWN(owners)
{
}

TEST_F_TIMEOUT(owners, port_id_reused_while_its_owner_closes, 3600)
{
	const char *secs = getenv("OWNERS_SECONDS");
	time_t deadline = time(NULL) + (secs ? atoi(secs) : SECONDS);
	struct racer t[THREADS];
	pthread_t tid[THREADS];
	unsigned long bound = 0, lost = 0;
	uint16_t family = family_id();
	int i;

	ASSERT_NE(0, family) TH_LOG("family \"sspi\" not found: is sspi.ko loaded?");
	for (i = 0; i < THREADS; i++) {
		t[i] = (struct racer){ .family = family, .deadline = deadline };
		ASSERT_EQ(0, pthread_create(&tid[i], NULL, race, &t[i]));
	}
	for (i = 0; i < THREADS; i++) {
		pthread_join(tid[i], NULL);
		EXPECT_EQ(0, t[i].error) TH_LOG("thread %d: %s", i, strerror(t[i].error));
		bound += t[i].bound;
		lost += t[i].lost;
	}
	TH_LOG("%lu sockets bound port id %#x, %lu lost their handle", bound, PORTID, lost);
	EXPECT_LT(THREADS, bound);	/* it raced at all */
	EXPECT_EQ(0, lost);
	/* every socket closed: nothing is left (the debug kernel frees slowly) */
	for (i = 0; i < 600 && live_objects("credentials") > 0; i++)
		usleep(100000);
	EXPECT_EQ(0, live_objects("credentials"));
}

TEST_HARNESS_MAIN
