// SPDX-License-Identifier: GPL-2.0
/*
 * Threads of one process share libsspi's one socket and call at the same
 * time: each reply must reach the thread that asked. Many threads run
 * whole handshakes (right and wrong passwords, two accounts) and sign,
 * verify, seal and unseal messages of several sizes through one set of
 * credentials, checking every status, session key and byte; then a child
 * forked while they run uses libsspi on its own socket.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <sspi.h>

#include "kselftest_harness.h"
#include "kmsg.h"

#define THREADS		8
#define ROUNDS		12
#define FLAGS_SEAL	(ISC_REQ_CONNECTION | ISC_REQ_INTEGRITY | ISC_REQ_CONFIDENTIALITY | \
			 ISC_REQ_REPLAY_DETECT | ISC_REQ_SEQUENCE_DETECT)

static const char *const users[2] = { "Alice", "Bob" };
static const char *const passwords[2] = { "Alice-Pass1", "Bob-Pass2" };

/* Shared by every thread: handles are the process's, as on Windows. */
static CredHandle server_cred, client_cred[2], wrong_cred;

static SECURITY_STATUS outbound(const char *user, const char *password, CredHandle *cred)
{
	SEC_WINNT_AUTH_IDENTITY_A id = {
		.User = (unsigned char *)user, .UserLength = strlen(user),
		.Domain = (unsigned char *)"Threads", .DomainLength = 7,
		.Password = (unsigned char *)password, .PasswordLength = strlen(password),
		.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI,
	};

	return AcquireCredentialsHandleA(NULL, "NTLM", SECPKG_CRED_OUTBOUND, NULL, &id,
					 NULL, NULL, cred, NULL);
}

struct pair {
	CtxtHandle client, server;
	bool have_client, have_server;
};

/*
 * ISC, ASC, ISC, ASC through one token buffer each way: the status of the
 * last step (SEC_E_OK when the server accepted).
 */
static SECURITY_STATUS run_handshake(CredHandle *cred, struct pair *p)
{
	unsigned char in[4096], out[4096];
	SecBuffer ib = { 0, SECBUFFER_TOKEN, in }, ob;
	SecBufferDesc idesc = { SECBUFFER_VERSION, 1, &ib };
	SecBufferDesc odesc = { SECBUFFER_VERSION, 1, &ob };
	SECURITY_STATUS st = SEC_E_INTERNAL_ERROR;
	ULONG attrs;
	int step;

	for (step = 0; step < 4; step++) {
		ob = (SecBuffer){ sizeof(out), SECBUFFER_TOKEN, out };
		if (step % 2 == 0) {
			st = InitializeSecurityContextA(step ? NULL : cred,
							p->have_client ? &p->client : NULL,
							"HTTP/threads", FLAGS_SEAL, 0, 0,
							step ? &idesc : NULL, 0, &p->client,
							&odesc, &attrs, NULL);
			p->have_client = p->have_client || st >= 0;
		} else {
			st = AcceptSecurityContext(step == 1 ? &server_cred : NULL,
						   p->have_server ? &p->server : NULL, &idesc,
						   FLAGS_SEAL, 0, &p->server, &odesc, &attrs,
						   NULL);
			p->have_server = p->have_server || st >= 0;
		}
		if (st != (step < 2 ? SEC_I_CONTINUE_NEEDED : SEC_E_OK))
			return st;
		memcpy(in, out, ob.cbBuffer);
		ib.cbBuffer = ob.cbBuffer;
	}
	return st;
}

static void pair_free(struct pair *p)
{
	if (p->have_client)
		DeleteSecurityContext(&p->client);
	if (p->have_server)
		DeleteSecurityContext(&p->server);
	p->have_client = p->have_server = false;
}

static bool same_session_key(struct pair *p)
{
	SecPkgContext_SessionKey c = { 0 }, s = { 0 };
	bool same;

	if (QueryContextAttributesA(&p->client, SECPKG_ATTR_SESSION_KEY, &c) ||
	    QueryContextAttributesA(&p->server, SECPKG_ATTR_SESSION_KEY, &s))
		return false;
	same = c.SessionKeyLength == 16 && s.SessionKeyLength == 16 &&
	       !memcmp(c.SessionKey, s.SessionKey, 16);
	FreeContextBuffer(c.SessionKey);
	FreeContextBuffer(s.SessionKey);
	return same;
}

/* What a thread found wrong, or NULL. */
static const char *messages(struct pair *p, unsigned int seed, size_t len)
{
	unsigned char *plain = malloc(len), *wire = malloc(len), sig[16];
	SecBuffer b[2] = { { sizeof(sig), SECBUFFER_TOKEN, sig },
			   { (ULONG)len, SECBUFFER_DATA, wire } };
	SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
	const char *bad = NULL;
	ULONG qop;
	size_t i;

	if (!plain || !wire) {
		bad = "out of memory";
		goto out;
	}
	for (i = 0; i < len; i++)
		plain[i] = (unsigned char)(i * 7 + seed);
	/* signed by the client, verified by the server; then altered */
	memcpy(wire, plain, len);
	if (MakeSignature(&p->client, 0, &d, 0) || VerifySignature(&p->server, &d, 0, &qop)) {
		bad = "sign/verify";
		goto out;
	}
	if (MakeSignature(&p->client, 0, &d, 0)) {
		bad = "sign";
		goto out;
	}
	wire[len / 2] ^= 1;
	if (VerifySignature(&p->server, &d, 0, &qop) != SEC_E_MESSAGE_ALTERED) {
		bad = "altered message verified";
		goto out;
	}
	/* sealed by the server, unsealed by the client */
	memcpy(wire, plain, len);
	b[0].cbBuffer = sizeof(sig);
	if (EncryptMessage(&p->server, 0, &d, 0) || !memcmp(wire, plain, len))
		bad = "seal";
	else if (DecryptMessage(&p->client, &d, 0, &qop) || memcmp(wire, plain, len))
		bad = "unseal";
out:
	free(plain);
	free(wire);
	return bad;
}

struct worker {
	pthread_t tid;
	unsigned int index;
	const char *failed;
	unsigned int handshakes;
};

static atomic_bool stop_forking;

static void *work(void *arg)
{
	static const size_t sizes[] = { 64, 1024, 16384, 65536 };
	struct worker *w = arg;
	struct pair p = { 0 };
	unsigned int r, who;
	SECURITY_STATUS st;

	for (r = 0; r < ROUNDS && !w->failed; r++) {
		who = (w->index + r) % 2;
		if ((w->index + r) % 5 == 4) {
			/* a wrong password: refused, and only in this thread */
			st = run_handshake(&wrong_cred, &p);
			if (st != SEC_E_LOGON_DENIED)
				w->failed = "wrong password not refused";
		} else if (run_handshake(&client_cred[who], &p) != SEC_E_OK) {
			w->failed = "handshake";
		} else if (!same_session_key(&p)) {
			w->failed = "session keys differ";
		} else {
			w->failed = messages(&p, w->index * 100 + r, sizes[(w->index + r) % 4]);
			w->handshakes++;
		}
		pair_free(&p);
	}
	return NULL;
}

/* A child forked while the threads are busy: its own socket, its own handles. */
static int forked_child(void)
{
	CredHandle cred, srv;
	struct pair p = { 0 };
	SECURITY_STATUS st;

	/* the parent's handles are not the child's */
	if (outbound(users[0], passwords[0], &cred) ||
	    AcquireCredentialsHandleA(NULL, "NTLM", SECPKG_CRED_INBOUND, NULL, NULL, NULL,
				      NULL, &srv, NULL))
		return 2;
	server_cred = srv;
	st = run_handshake(&cred, &p);
	pair_free(&p);
	return st == SEC_E_OK ? 0 : 3;
}

static void *forker(void *arg)
{
	int *result = arg, status;
	pid_t pid;

	*result = 0;
	while (!atomic_load(&stop_forking) && *result == 0) {
		pid = fork();
		if (pid == 0)
			_exit(forked_child());
		if (pid < 0 || waitpid(pid, &status, 0) != pid)
			*result = -1;
		else if (!WIFEXITED(status) || WEXITSTATUS(status))
			*result = WIFEXITED(status) ? WEXITSTATUS(status) : 100;
		else
			break;	/* one good child is the check */
	}
	return NULL;
}

/* The rounds of work() with the right password. */
static unsigned int expected_handshakes(void)
{
	unsigned int i, r, n = 0;

	for (i = 0; i < THREADS; i++)
		for (r = 0; r < ROUNDS; r++)
			n += (i + r) % 5 != 4;
	return n;
}

FIXTURE(threads) {};
FIXTURE_SETUP(threads) {}
FIXTURE_TEARDOWN(threads) {}

/* The debug kernel is several times slower than the default 30 s allow. */
TEST_F_TIMEOUT(threads, many_threads_one_socket, 300)
{
	struct worker w[THREADS] = { 0 };
	unsigned int i, total = 0;
	pthread_t ft;
	int fork_result = -1;
	int kmsg;

	ASSERT_EQ(0, system("build/tools/sspictl account flush && "
			    "echo Alice-Pass1 | build/tools/sspictl account add Threads Alice && "
			    "echo Bob-Pass2 | build/tools/sspictl account add Threads Bob"));
	kmsg = kmsg_open_at_end();
	ASSERT_EQ(SEC_E_OK, AcquireCredentialsHandleA(NULL, "NTLM", SECPKG_CRED_INBOUND, NULL,
						      NULL, NULL, NULL, &server_cred, NULL));
	for (i = 0; i < 2; i++)
		ASSERT_EQ(SEC_E_OK, outbound(users[i], passwords[i], &client_cred[i]));
	ASSERT_EQ(SEC_E_OK, outbound(users[1], "not-the-password", &wrong_cred));

	for (i = 0; i < THREADS; i++) {
		w[i].index = i;
		ASSERT_EQ(0, pthread_create(&w[i].tid, NULL, work, &w[i]));
	}
	ASSERT_EQ(0, pthread_create(&ft, NULL, forker, &fork_result));
	for (i = 0; i < THREADS; i++) {
		pthread_join(w[i].tid, NULL);
		EXPECT_EQ(NULL, w[i].failed) {
			TH_LOG("thread %u: %s", i, w[i].failed);
		}
		total += w[i].handshakes;
	}
	atomic_store(&stop_forking, true);
	pthread_join(ft, NULL);
	EXPECT_EQ(0, fork_result);
	EXPECT_EQ(expected_handshakes(), total);
	TH_LOG("%u handshakes with messages in %u threads", total, THREADS);

	FreeCredentialsHandle(&wrong_cred);
	FreeCredentialsHandle(&client_cred[0]);
	FreeCredentialsHandle(&client_cred[1]);
	FreeCredentialsHandle(&server_cred);
	if (kmsg >= 0) {
		EXPECT_EQ(0, kmsg_new_records(kmsg));
		close(kmsg);
	}
}

TEST_HARNESS_MAIN
