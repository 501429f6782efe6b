// SPDX-License-Identifier: GPL-2.0
/*
 * Threads of one process share libsspi's one socket and call at the same
 * time: each reply must reach the thread that asked. Many threads run
 * whole handshakes (right and wrong passwords, two accounts) and sign,
 * verify, seal and unseal messages of several sizes through one set of
 * credentials, checking every status, session key and byte. fork_test
 * forks while threads work.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sspi.h>

#include "kselftest_harness.h"
#include "guest.h"
#include "kmsg.h"

#define THREADS		8
#define ROUNDS		12

static const char *const users[2] = { "Alice", "Bob" };
static const char *const passwords[2] = { "Alice-Pass1", "Bob-Pass2" };

/* Shared by every thread: handles are the process's, as on Windows. */
static CredHandle server_cred, client_cred[2], wrong_cred;

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
			st = pair_handshake(&wrong_cred, &server_cred, &p);
			if (st != SEC_E_LOGON_DENIED)
				w->failed = "wrong password not refused";
		} else if (pair_handshake(&client_cred[who], &server_cred, &p) != SEC_E_OK) {
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
	int kmsg;

	ASSERT_EQ(0, system("build/tools/sspictl account flush && "
			    "echo Alice-Pass1 | build/tools/sspictl account add Threads Alice && "
			    "echo Bob-Pass2 | build/tools/sspictl account add Threads Bob"));
	kmsg = kmsg_open_at_end();
	ASSERT_EQ(SEC_E_OK, acquire_user(NULL, NULL, NULL, SECPKG_CRED_INBOUND, &server_cred));
	for (i = 0; i < 2; i++)
		ASSERT_EQ(SEC_E_OK, acquire_user(users[i], "Threads", passwords[i],
						 SECPKG_CRED_OUTBOUND, &client_cred[i]));
	ASSERT_EQ(SEC_E_OK, acquire_user(users[1], "Threads", "not-the-password",
					 SECPKG_CRED_OUTBOUND, &wrong_cred));

	for (i = 0; i < THREADS; i++) {
		w[i].index = i;
		ASSERT_EQ(0, pthread_create(&w[i].tid, NULL, work, &w[i]));
	}
	for (i = 0; i < THREADS; i++) {
		pthread_join(w[i].tid, NULL);
		EXPECT_EQ(NULL, w[i].failed) {
			TH_LOG("thread %u: %s", i, w[i].failed);
		}
		total += w[i].handshakes;
	}
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
