// SPDX-License-Identifier: GPL-2.0
/*
 * Remote domains and their authority, with the test as the authority: a
 * thread registers a netlink socket (SSPI_CMD_AUTHORITY_REGISTER), reads
 * the kernel's requests and answers them as a domain controller would,
 * checking the NTLMv2 response itself (OpenSSL's HMAC-MD5; the NT hash of
 * "Password" is MS-NLMP 4.2.2.1.2's). What a real daemon and a real domain
 * controller do is selftests/domain's business; here it is the kernel's
 * side: what it asks, how it takes each answer, and how it behaves when
 * the authority is missing, slow, gone or a liar, and which user may do
 * what. Each test runs in a network namespace of its own.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/wait.h>
#include <unistd.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sspi.h>

#include "kselftest_harness.h"
#include "genlmsg.h"
#include "guest.h"

#define HDRLEN (sizeof(struct genlmsghdr))

/* MS-NLMP 4.2.2.1.2: NTOWFv1("Password"); 4.2.2.1.3: its MD4, NTLMv1's SessionBaseKey */
static const unsigned char password_nt_hash[16] = {
	0xa4, 0xf4, 0x9c, 0x40, 0x65, 0x10, 0xbd, 0xca,
	0xb6, 0x82, 0x4e, 0xe7, 0xc3, 0x0f, 0xd8, 0x52,
};
static const unsigned char password_v1_base_key[16] = {
	0xd8, 0x72, 0x62, 0xb0, 0xcd, 0xe4, 0xb1, 0xcb,
	0x74, 0x99, 0xbe, 0xcc, 0xcd, 0xf1, 0x07, 0x84,
};

#define NT_STATUS_WRONG_PASSWORD	0xC000006Au
#define NT_STATUS_NO_SUCH_USER		0xC0000064u
#define NT_STATUS_ACCOUNT_DISABLED	0xC0000072u
#define NT_STATUS_ACCOUNT_EXPIRED	0xC0000193u
#define NT_STATUS_NO_LOGON_SERVERS	0xC000005Eu
#define NT_STATUS_TIME_DIFFERENCE_AT_DC	0xC0000133u

/* A generic netlink socket of the "sspi" family. */
struct nl {
	struct mnl_socket *sk;
	uint16_t family;
	uint32_t seq;
	char req[4096];
	char buf[16384];
	/* what a dump of remote domains sent */
	char domains[80][64];
	int ndomains;
};

static int family_cb(const struct nlattr *attr, void *data)
{
	if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID)
		*(uint16_t *)data = mnl_attr_get_u16(attr);
	return MNL_CB_OK;
}

/* UTF-16LE @s (ASCII) into @out as a C string. */
static void narrow(const unsigned char *s, size_t len, char *out, size_t size)
{
	size_t i;

	for (i = 0; i * 2 + 1 < len && i + 1 < size; i++)
		out[i] = s[i * 2];
	out[i] = '\0';
}

static int domain_cb(const struct nlattr *attr, void *data)
{
	struct nl *nl = data;

	if (mnl_attr_get_type(attr) == SSPI_ATTR_DOMAIN && nl->ndomains < 80)
		narrow(mnl_attr_get_payload(attr), mnl_attr_get_payload_len(attr),
		       nl->domains[nl->ndomains++], sizeof(nl->domains[0]));
	return MNL_CB_OK;
}

static int msg_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nl *nl = data;

	if (nlh->nlmsg_type == GENL_ID_CTRL)
		return mnl_attr_parse(nlh, HDRLEN, family_cb, &nl->family);
	return mnl_attr_parse(nlh, HDRLEN, domain_cb, nl);
}

/* Sends @nlh and reads to its ack: 0 or the kernel's -errno. */
static int nl_call(struct nl *nl, struct nlmsghdr *nlh)
{
	uint32_t portid = mnl_socket_get_portid(nl->sk);
	ssize_t len;
	int ret;

	nlh->nlmsg_seq = ++nl->seq;
	if (mnl_socket_sendto(nl->sk, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		len = mnl_socket_recvfrom(nl->sk, nl->buf, sizeof(nl->buf));
		if (len < 0)
			return -errno;
		ret = mnl_cb_run(nl->buf, len, nlh->nlmsg_seq, portid, msg_cb, nl);
	} while (ret > 0);
	return ret < 0 ? -errno : 0;
}

static int nl_open(struct nl *nl)
{
	struct nlmsghdr *nlh;

	memset(nl, 0, sizeof(*nl));
	nl->sk = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sk || mnl_socket_bind(nl->sk, 0, MNL_SOCKET_AUTOPID))
		return -1;
	nlh = put_genl(nl->req, GENL_ID_CTRL, CTRL_CMD_GETFAMILY);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, SSPI_GENL_NAME);
	return nl_call(nl, nlh) || !nl->family ? -1 : 0;
}

static struct nlmsghdr *nl_request(struct nl *nl, uint8_t cmd)
{
	return put_genl(nl->req, nl->family, cmd);
}

/* @s as UTF-16LE into @out; its length in bytes. */
static size_t widen(const char *s, unsigned char *out)
{
	size_t i;

	for (i = 0; s[i]; i++) {
		out[2 * i] = s[i];
		out[2 * i + 1] = 0;
	}
	return 2 * i;
}

static int domain_cmd(struct nl *nl, uint8_t cmd, const char *name)
{
	struct nlmsghdr *nlh = nl_request(nl, cmd);
	unsigned char w[1024];

	mnl_attr_put(nlh, SSPI_ATTR_DOMAIN, widen(name, w), w);
	return nl_call(nl, nlh);
}

static int domain_list(struct nl *nl)
{
	struct nlmsghdr *nlh = nl_request(nl, SSPI_CMD_DOMAIN_LIST);

	nlh->nlmsg_flags |= NLM_F_DUMP;
	nl->ndomains = 0;
	return nl_call(nl, nlh);
}

/* How the test's authority answers. */
enum answer {
	ANSWER_CHECK,		/* as a domain controller: check the response */
	ANSWER_STATUS,		/* a fixed NTSTATUS */
	ANSWER_WRONG_KEY,	/* yes, with a key that is not the client's */
	ANSWER_NO_KEY,		/* yes, without a key */
	ANSWER_V1,		/* yes, with NTLMv1's key for "Password" */
	ANSWER_NEVER,		/* not at all */
};

/* One request the kernel sent, as the authority read it. */
struct request {
	uint32_t id;
	unsigned char challenge[8];
	char user[64], domain[64], workstation[64];
	unsigned char user_w[128], domain_w[128];
	size_t user_w_len, domain_w_len;
	unsigned char nt[1024], lm[64];
	size_t nt_len, lm_len;
};

/* The test's authority: a thread with a registered socket. */
struct authority {
	struct nl nl;
	pthread_t thread;
	int stop;		/* eventfd */
	enum answer answer;
	uint32_t ntstatus;	/* ANSWER_STATUS */
	const char *user, *domain;	/* the names a yes gives; NULL: as asked */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int requests;		/* received */
	struct request last;
	int reply_error;	/* the kernel's ack of the last answer */
};

static int request_cb(const struct nlattr *attr, void *data)
{
	struct request *r = data;
	const void *p = mnl_attr_get_payload(attr);
	size_t len = mnl_attr_get_payload_len(attr);

	switch (mnl_attr_get_type(attr)) {
	case SSPI_ATTR_REQUEST_ID:
		r->id = mnl_attr_get_u32(attr);
		break;
	case SSPI_ATTR_CHALLENGE:
		if (len == 8)
			memcpy(r->challenge, p, 8);
		break;
	case SSPI_ATTR_USER:
		narrow(p, len, r->user, sizeof(r->user));
		r->user_w_len = len < sizeof(r->user_w) ? len : 0;
		memcpy(r->user_w, p, r->user_w_len);
		break;
	case SSPI_ATTR_DOMAIN:
		narrow(p, len, r->domain, sizeof(r->domain));
		r->domain_w_len = len < sizeof(r->domain_w) ? len : 0;
		memcpy(r->domain_w, p, r->domain_w_len);
		break;
	case SSPI_ATTR_WORKSTATION:
		narrow(p, len, r->workstation, sizeof(r->workstation));
		break;
	case SSPI_ATTR_NT_RESPONSE:
		r->nt_len = len < sizeof(r->nt) ? len : 0;
		memcpy(r->nt, p, r->nt_len);
		break;
	case SSPI_ATTR_LM_RESPONSE:
		r->lm_len = len < sizeof(r->lm) ? len : 0;
		memcpy(r->lm, p, r->lm_len);
		break;
	}
	return MNL_CB_OK;
}

/*
 * NTLMv2 as a domain controller checks it, for the password "Password":
 * whether the NTProofStr is right, and the SessionBaseKey it gives.
 */
static bool check_v2(const struct request *r, unsigned char base_key[16])
{
	unsigned char names[256], owf[16], proof[16], data[1100];
	unsigned int len = 16;
	size_t i, n = r->user_w_len;

	if (r->nt_len <= 16 || n + r->domain_w_len > sizeof(names))
		return false;
	memcpy(names, r->user_w, n);
	for (i = 0; i < n; i += 2)	/* ASCII names: upper case is enough */
		if (names[i] >= 'a' && names[i] <= 'z' && !names[i + 1])
			names[i] -= 32;
	memcpy(names + n, r->domain_w, r->domain_w_len);
	HMAC(EVP_md5(), password_nt_hash, 16, names, n + r->domain_w_len, owf, &len);
	memcpy(data, r->challenge, 8);
	memcpy(data + 8, r->nt + 16, r->nt_len - 16);
	HMAC(EVP_md5(), owf, 16, data, 8 + r->nt_len - 16, proof, &len);
	if (memcmp(proof, r->nt, 16))
		return false;
	HMAC(EVP_md5(), owf, 16, r->nt, 16, base_key, &len);
	return true;
}

static void answer(struct authority *a, const struct request *r)
{
	struct nlmsghdr *nlh = nl_request(&a->nl, SSPI_CMD_AUTHORITY_REPLY);
	unsigned char key[16], w[128];
	uint32_t status = 0;

	switch (a->answer) {
	case ANSWER_CHECK:
		status = check_v2(r, key) ? 0 : NT_STATUS_WRONG_PASSWORD;
		break;
	case ANSWER_WRONG_KEY:
		check_v2(r, key);
		key[0] ^= 1;
		break;
	case ANSWER_V1:
		memcpy(key, password_v1_base_key, 16);
		break;
	case ANSWER_STATUS:
		status = a->ntstatus;
		break;
	case ANSWER_NO_KEY:
	case ANSWER_NEVER:
		break;
	}
	mnl_attr_put_u32(nlh, SSPI_ATTR_REQUEST_ID, r->id);
	mnl_attr_put_u32(nlh, SSPI_ATTR_NTSTATUS, status);
	if (!status && a->answer != ANSWER_NO_KEY)
		mnl_attr_put(nlh, SSPI_ATTR_SESSION_KEY, 16, key);
	if (!status) {
		mnl_attr_put(nlh, SSPI_ATTR_USER, widen(a->user ?: r->user, w), w);
		mnl_attr_put(nlh, SSPI_ATTR_DOMAIN, widen(a->domain ?: r->domain, w), w);
		mnl_attr_put_strz(nlh, SSPI_ATTR_SID, "S-1-5-21-1-2-3-1104");
	}
	nlh->nlmsg_seq = ++a->nl.seq;
	mnl_socket_sendto(a->nl.sk, nlh, nlh->nlmsg_len);
}

/* Reads requests and acks until told to stop, then closes the socket. */
static void *authority_main(void *arg)
{
	struct authority *a = arg;
	struct pollfd fds[2] = {
		{ mnl_socket_get_fd(a->nl.sk), POLLIN, 0 },
		{ a->stop, POLLIN, 0 },
	};
	struct nlmsghdr *nlh;
	struct request r;
	int len;

	while (poll(fds, 2, -1) > 0 && !(fds[1].revents & POLLIN)) {
		len = (int)mnl_socket_recvfrom(a->nl.sk, a->nl.buf, sizeof(a->nl.buf));
		if (len <= 0)
			break;
		for (nlh = (struct nlmsghdr *)a->nl.buf; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

				pthread_mutex_lock(&a->lock);
				a->reply_error = e->error;
				pthread_mutex_unlock(&a->lock);
				continue;
			}
			memset(&r, 0, sizeof(r));
			mnl_attr_parse(nlh, HDRLEN, request_cb, &r);
			pthread_mutex_lock(&a->lock);
			a->last = r;
			a->requests++;
			pthread_cond_broadcast(&a->cond);
			pthread_mutex_unlock(&a->lock);
			if (a->answer != ANSWER_NEVER)
				answer(a, &r);
		}
	}
	mnl_socket_close(a->nl.sk);
	return NULL;
}

/* Registers a socket as this namespace's authority: 0 or -errno. */
static int authority_register(struct nl *nl)
{
	return nl_call(nl, nl_request(nl, SSPI_CMD_AUTHORITY_REGISTER));
}

static int authority_start(struct authority *a, enum answer how)
{
	int err;

	memset(a, 0, sizeof(*a));
	a->answer = how;
	pthread_mutex_init(&a->lock, NULL);
	pthread_cond_init(&a->cond, NULL);
	a->stop = eventfd(0, 0);
	if (a->stop < 0 || nl_open(&a->nl))
		return -1;
	err = authority_register(&a->nl);
	if (err)
		return err;
	return pthread_create(&a->thread, NULL, authority_main, a) ? -1 : 0;
}

/* Stops the authority: its socket closes, as when a daemon dies. */
static void authority_stop(struct authority *a)
{
	uint64_t one = 1;

	if (write(a->stop, &one, sizeof(one)) == sizeof(one))
		pthread_join(a->thread, NULL);
	close(a->stop);
}

/* Waits until the authority has read @n requests. */
static void authority_wait(struct authority *a, int n)
{
	pthread_mutex_lock(&a->lock);
	while (a->requests < n)
		pthread_cond_wait(&a->cond, &a->lock);
	pthread_mutex_unlock(&a->lock);
}

/* A whole handshake as DOMAIN\USER with PASSWORD: the server's status. */
static SECURITY_STATUS logon(struct __test_metadata *_metadata, struct run *r,
			     const char *domain, const char *user,
			     const char *password)
{
	struct handshake h;

	handshake_init(&h);
	h.domain = domain;
	h.user = user;
	h.password = password;
	handshake_run(_metadata, run_init(r), &h);
	return r->server_status;
}

static SECURITY_STATUS logon_status(struct __test_metadata *_metadata,
				    const char *domain, const char *user,
				    const char *password)
{
	struct run r;
	SECURITY_STATUS st = logon(_metadata, &r, domain, user, password);

	run_free(&r);
	return st;
}

/* A logon on a thread of its own, for logons that wait. */
struct waiting_logon {
	pthread_t thread;
	const char *domain;
	SECURITY_STATUS status;
};

static void *waiting_logon_main(void *arg)
{
	struct waiting_logon *w = arg;

	w->status = logon_status(NULL, w->domain, "bob", "Password");
	return NULL;
}

static void start_logon(struct waiting_logon *w, const char *domain)
{
	w->domain = domain;
	w->status = HS_NOT_CALLED;
	pthread_create(&w->thread, NULL, waiting_logon_main, w);
}

FIXTURE(authority) {
	struct nl admin;
	char timeout[32], user_max[32], ns_max[32];
};

FIXTURE_SETUP(authority)
{
	ASSERT_EQ(0, param_save("authority_timeout_ms", self->timeout, sizeof(self->timeout)));
	ASSERT_EQ(0, param_save("max_user_pass_through", self->user_max, sizeof(self->user_max)));
	ASSERT_EQ(0, param_save("max_pass_through", self->ns_max, sizeof(self->ns_max)));
	/* before any socket: each stays in the namespace it was made in */
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, nl_open(&self->admin));
	ASSERT_EQ(0, only_default_account());
	ASSERT_EQ(0, domain_cmd(&self->admin, SSPI_CMD_DOMAIN_ADD, "EXAMPLE"));
}

FIXTURE_TEARDOWN(authority)
{
	param_write("authority_timeout_ms", self->timeout);
	param_write("max_user_pass_through", self->user_max);
	param_write("max_pass_through", self->ns_max);
	mnl_socket_close(self->admin.sk);
}

TEST_F(authority, remote_domains_are_listed_added_and_removed)
{
	char name[16];
	int i;

	EXPECT_EQ(-EEXIST, domain_cmd(&self->admin, SSPI_CMD_DOMAIN_ADD, "example"));
	EXPECT_EQ(-EINVAL, domain_cmd(&self->admin, SSPI_CMD_DOMAIN_ADD, ""));
	EXPECT_EQ(0, domain_cmd(&self->admin, SSPI_CMD_DOMAIN_ADD, "example.test"));
	ASSERT_EQ(0, domain_list(&self->admin));
	ASSERT_EQ(2, self->admin.ndomains);
	EXPECT_STREQ("EXAMPLE", self->admin.domains[0]);
	EXPECT_STREQ("example.test", self->admin.domains[1]);
	EXPECT_EQ(-ENOENT, domain_cmd(&self->admin, SSPI_CMD_DOMAIN_DEL, "OTHER"));
	EXPECT_EQ(0, domain_cmd(&self->admin, SSPI_CMD_DOMAIN_DEL, "Example.Test"));
	/* a bound, so that a namespace's list stays a list */
	for (i = 1; i < 64; i++) {
		snprintf(name, sizeof(name), "D%d", i);
		ASSERT_EQ(0, domain_cmd(&self->admin, SSPI_CMD_DOMAIN_ADD, name));
	}
	EXPECT_EQ(-ENOSPC, domain_cmd(&self->admin, SSPI_CMD_DOMAIN_ADD, "ONE_TOO_MANY"));
	ASSERT_EQ(0, domain_list(&self->admin));
	EXPECT_EQ(64, self->admin.ndomains);
}

TEST_F(authority, no_authority_means_no_authenticating_authority)
{
	EXPECT_EQ(SEC_E_NO_AUTHENTICATING_AUTHORITY,
		  logon_status(_metadata, "EXAMPLE", "bob", "Password"));
	/* local accounts are not its business */
	EXPECT_EQ(SEC_E_OK, logon_status(_metadata, "Domain", "User", "Password"));
}

TEST_F(authority, the_authority_checks_and_names_the_user)
{
	struct authority a;
	struct run r;

	ASSERT_EQ(0, authority_start(&a, ANSWER_CHECK));
	a.user = "Bob";
	a.domain = "EXAMPLE";
	/* the client spells the domain in its own case */
	ASSERT_EQ(SEC_E_OK, logon(_metadata, &r, "example", "bob", "Password"));
	expect_same_session_key(_metadata, &r.client, &r.server, true);
	expect_name(_metadata, &r.server, "EXAMPLE\\Bob");
	expect_sealed_both_ways(_metadata, &r.client, &r.server);
	/* what it was asked: the CHALLENGE's nonce, the names and responses as sent */
	EXPECT_EQ(0, memcmp(a.last.challenge, r.challenge.data + 24, 8));
	EXPECT_STREQ("bob", a.last.user);
	EXPECT_STREQ("example", a.last.domain);
	EXPECT_NE(0, a.last.workstation[0]);
	EXPECT_EQ(get16(r.authenticate.data + AUTH_NT_OFF), a.last.nt_len);
	EXPECT_EQ(0, memcmp(field_data(r.authenticate.data, AUTH_NT_OFF), a.last.nt,
			    a.last.nt_len));
	run_free(&r);
	EXPECT_EQ(SEC_E_LOGON_DENIED, logon_status(_metadata, "EXAMPLE", "bob", "Wrong"));
	EXPECT_EQ(2, a.requests);
	authority_stop(&a);
}

TEST_F(authority, ntstatus_is_reported_as_windows_does)
{
	static const struct {
		uint32_t ntstatus;
		SECURITY_STATUS status;
	} cases[] = {
		{ NT_STATUS_WRONG_PASSWORD, SEC_E_LOGON_DENIED },
		{ NT_STATUS_NO_SUCH_USER, SEC_E_LOGON_DENIED },
		{ NT_STATUS_ACCOUNT_DISABLED, SEC_E_LOGON_DENIED },
		{ NT_STATUS_ACCOUNT_EXPIRED, SEC_E_LOGON_DENIED },
		{ NT_STATUS_NO_LOGON_SERVERS, SEC_E_NO_AUTHENTICATING_AUTHORITY },
		{ NT_STATUS_TIME_DIFFERENCE_AT_DC, SEC_E_TIME_SKEW },
	};
	struct authority a;
	size_t i;

	ASSERT_EQ(0, authority_start(&a, ANSWER_STATUS));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		a.ntstatus = cases[i].ntstatus;
		EXPECT_EQ(cases[i].status, logon_status(_metadata, "EXAMPLE", "bob", "Password"))
			TH_LOG("NTSTATUS 0x%08x", cases[i].ntstatus);
	}
	authority_stop(&a);
}

TEST_F(authority, a_wrong_key_fails_the_mic)
{
	struct authority a;

	ASSERT_EQ(0, authority_start(&a, ANSWER_WRONG_KEY));
	EXPECT_EQ(SEC_E_LOGON_DENIED, logon_status(_metadata, "EXAMPLE", "bob", "Password"));
	authority_stop(&a);
}

TEST_F(authority, a_yes_without_a_key_is_refused)
{
	struct authority a;

	ASSERT_EQ(0, authority_start(&a, ANSWER_NO_KEY));
	EXPECT_EQ(SEC_E_INTERNAL_ERROR, logon_status(_metadata, "EXAMPLE", "bob", "Password"));
	pthread_mutex_lock(&a.lock);
	EXPECT_EQ(-EINVAL, a.reply_error);
	pthread_mutex_unlock(&a.lock);
	authority_stop(&a);
}

TEST_F(authority, ntlm2_session_response_asks_the_mixed_challenge)
{
	unsigned char mixed[16], both[16];
	struct authority a;
	struct handshake h;
	struct run r;

	ASSERT_EQ(0, authority_start(&a, ANSWER_V1));
	handshake_init(&h);
	h.domain = "EXAMPLE";
	h.user = "bob";
	h.client_level = 2;	/* NTLMv1, or with ESS the NTLM2 session response */
	h.server_level = 2;
	handshake_run(_metadata, run_init(&r), &h);
	ASSERT_EQ(SEC_E_OK, r.server_status);
	ASSERT_EQ(24, a.last.nt_len);
	ASSERT_EQ(24, a.last.lm_len);
	/* MD5(ServerChallenge || ClientChallenge)[0..7]: an NTLMv1 question */
	memcpy(both, r.challenge.data + 24, 8);
	memcpy(both + 8, a.last.lm, 8);
	ASSERT_EQ(1, EVP_Digest(both, 16, mixed, NULL, EVP_md5(), NULL));
	EXPECT_EQ(0, memcmp(mixed, a.last.challenge, 8));
	/* and from NTLMv1's SessionBaseKey, the key the client made */
	expect_same_session_key(_metadata, &r.client, &r.server, true);
	run_free(&r);
	authority_stop(&a);
}

TEST_F(authority, remote_users_never_match_local_accounts)
{
	struct authority a;

	ASSERT_EQ(0, sspictl("account add '' bob", "Password\n"));
	ASSERT_EQ(0, authority_start(&a, ANSWER_STATUS));
	a.ntstatus = NT_STATUS_NO_SUCH_USER;
	/* the domain-less local bob is for every local domain, not a remote one */
	EXPECT_EQ(SEC_E_LOGON_DENIED, logon_status(_metadata, "EXAMPLE", "bob", "Password"));
	EXPECT_EQ(SEC_E_OK, logon_status(_metadata, "WORKGROUP", "bob", "Password"));
	EXPECT_EQ(1, a.requests);
	authority_stop(&a);
}

TEST_F(authority, local_logons_go_on_while_the_authority_is_silent)
{
	struct waiting_logon w;
	struct authority a;

	ASSERT_EQ(0, param_write("authority_timeout_ms", "600000"));
	ASSERT_EQ(0, authority_start(&a, ANSWER_NEVER));
	start_logon(&w, "EXAMPLE");
	authority_wait(&a, 1);
	EXPECT_EQ(SEC_E_OK, logon_status(_metadata, "Domain", "User", "Password"));
	EXPECT_EQ(HS_NOT_CALLED, w.status);
	/* the daemon dies: the waiting logon ends now, not in ten minutes */
	authority_stop(&a);
	pthread_join(w.thread, NULL);
	EXPECT_EQ(SEC_E_NO_AUTHENTICATING_AUTHORITY, w.status);
}

TEST_F(authority, a_silent_authority_times_out)
{
	struct authority a;

	ASSERT_EQ(0, param_write("authority_timeout_ms", "200"));
	ASSERT_EQ(0, authority_start(&a, ANSWER_NEVER));
	EXPECT_EQ(SEC_E_NO_AUTHENTICATING_AUTHORITY,
		  logon_status(_metadata, "EXAMPLE", "bob", "Password"));
	EXPECT_EQ(1, a.requests);
	authority_stop(&a);
}

TEST_F(authority, waiting_logons_are_bounded_per_user_and_namespace)
{
	struct waiting_logon w[2];
	struct authority a;
	int i;

	ASSERT_EQ(0, param_write("authority_timeout_ms", "600000"));
	ASSERT_EQ(0, param_write("max_user_pass_through", "2"));
	ASSERT_EQ(0, authority_start(&a, ANSWER_NEVER));
	for (i = 0; i < 2; i++)
		start_logon(&w[i], "EXAMPLE");
	authority_wait(&a, 2);
	/* a third of the same user's is refused at once */
	EXPECT_EQ(SEC_E_NO_AUTHENTICATING_AUTHORITY,
		  logon_status(_metadata, "EXAMPLE", "bob", "Password"));
	ASSERT_EQ(0, param_write("max_user_pass_through", "64"));
	ASSERT_EQ(0, param_write("max_pass_through", "2"));
	EXPECT_EQ(SEC_E_NO_AUTHENTICATING_AUTHORITY,
		  logon_status(_metadata, "EXAMPLE", "bob", "Password"));
	EXPECT_EQ(2, a.requests);
	authority_stop(&a);
	for (i = 0; i < 2; i++) {
		pthread_join(w[i].thread, NULL);
		EXPECT_EQ(SEC_E_NO_AUTHENTICATING_AUTHORITY, w[i].status);
	}
}

TEST_F(authority, one_authority_a_namespace_and_only_it_answers)
{
	struct nl other;
	struct authority a;
	struct nlmsghdr *nlh;

	ASSERT_EQ(0, authority_start(&a, ANSWER_CHECK));
	ASSERT_EQ(0, nl_open(&other));
	EXPECT_EQ(-EBUSY, authority_register(&other));
	nlh = nl_request(&other, SSPI_CMD_AUTHORITY_REPLY);
	mnl_attr_put_u32(nlh, SSPI_ATTR_REQUEST_ID, 1);
	mnl_attr_put_u32(nlh, SSPI_ATTR_NTSTATUS, 0);
	EXPECT_EQ(-EPERM, nl_call(&other, nlh));
	/* the kernel's request is never a request to the kernel */
	EXPECT_EQ(-EOPNOTSUPP, nl_call(&other, nl_request(&other, SSPI_CMD_AUTHORITY_REQUEST)));
	authority_stop(&a);
	/* gone: another may take its place */
	EXPECT_EQ(0, authority_register(&other));
	mnl_socket_close(other.sk);
}

/* The in-kernel API's acceptor (selftests/kmod/sspi_consumer.c) asks it too. */
TEST_F(authority, the_in_kernel_api_asks_the_authority_too)
{
	char cmd[256], result[4096], *line, *save;
	struct authority a;
	ssize_t n;
	int fd;

	snprintf(cmd, sizeof(cmd), "insmod build/selftests/kmod-%s/sspi_consumer.ko",
		 getenv("SSPI_KERNEL") ?: "debian");
	ASSERT_EQ(0, system(cmd));
	ASSERT_EQ(0, authority_start(&a, ANSWER_CHECK));
	a.user = "Bob";
	a.domain = "EXAMPLE";
	fd = open("/sys/kernel/debug/sspi_consumer/run", O_WRONLY);
	ASSERT_LE(0, fd);
	/* the consumer runs in the writer's namespace: this test's */
	EXPECT_EQ(3, write(fd, "rem", 3));
	close(fd);
	fd = open("/sys/kernel/debug/sspi_consumer/result", O_RDONLY);
	ASSERT_LE(0, fd);
	n = read(fd, result, sizeof(result) - 1);
	close(fd);
	result[n > 0 ? n : 0] = '\0';
	/* its TAP as comments of ours */
	for (line = strtok_r(result, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		printf("#   %s\n", line);
	EXPECT_EQ(NULL, strstr(result, "not ok"));
	EXPECT_EQ(1, a.requests);
	authority_stop(&a);
	EXPECT_EQ(0, system("rmmod sspi_consumer"));
}

/* In a child: what a user without privilege over the namespace may do. */
TEST_F(authority, only_a_namespace_admin_registers_or_names_domains)
{
	int status;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct nl nl;

		/* an unprivileged user in the test's namespace */
		if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534) ||
		    nl_open(&nl))
			_exit(10);
		if (authority_register(&nl) != -EPERM)
			_exit(11);
		if (domain_cmd(&nl, SSPI_CMD_DOMAIN_ADD, "OTHER") != -EPERM)
			_exit(12);
		mnl_socket_close(nl.sk);
		/* in a namespace of its own it is the administrator */
		if (unshare(CLONE_NEWUSER | CLONE_NEWNET) || nl_open(&nl))
			_exit(13);
		if (authority_register(&nl) || domain_cmd(&nl, SSPI_CMD_DOMAIN_ADD, "OTHER"))
			_exit(14);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_HARNESS_MAIN
