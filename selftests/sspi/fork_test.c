// SPDX-License-Identifier: GPL-2.0
/*
 * fork() while threads of the parent are in libsspi calls: the child gets
 * a socket of its own, where the parent's handles are not valid, and runs
 * handshakes of its own; the parent's threads go on undisturbed.
 *
 * Built without ASan (UBSan only): the allocator of GCC 12's libasan is
 * not fork-safe, and a child forked while another thread allocates
 * deadlocks in it. glibc's malloc, which libsspi uses, is.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>
#include <sspi.h>

#include "kselftest_harness.h"
#include "guest.h"
#include "kmsg.h"

#define THREADS		4
#define CHILDREN	16

/* The parent's, shared by its threads. */
static CredHandle server_cred, client_cred;
static atomic_bool stop;

struct worker {
	pthread_t tid;
	unsigned int handshakes;
	SECURITY_STATUS failed;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	struct pair p = { 0 };

	while (!atomic_load(&stop) && !w->failed) {
		w->failed = pair_handshake(&client_cred, &server_cred, &p);
		w->handshakes += !w->failed;
		pair_free(&p);
	}
	return NULL;
}

/* Exit statuses of a child that found something wrong. */
enum child_fault {
	PARENT_HANDLE_WORKS = 2,
	NO_CREDENTIALS,
	HANDSHAKE_FAILED,
};

static int child(void)
{
	CredHandle cred, srv;
	struct pair p = { 0 };
	SECURITY_STATUS st;

	/* the parent's handles belong to the parent's socket */
	st = pair_handshake(&client_cred, &server_cred, &p);
	pair_free(&p);
	if (st != SEC_E_INVALID_HANDLE)
		return PARENT_HANDLE_WORKS;
	if (acquire_user("Alice", "Fork", "Alice-Pass1", SECPKG_CRED_OUTBOUND, &cred) ||
	    acquire_user(NULL, NULL, NULL, SECPKG_CRED_INBOUND, &srv))
		return NO_CREDENTIALS;
	st = pair_handshake(&cred, &srv, &p);
	pair_free(&p);
	FreeCredentialsHandle(&cred);
	FreeCredentialsHandle(&srv);
	return st == SEC_E_OK ? 0 : HANDSHAKE_FAILED;
}

FIXTURE(fork) {};
FIXTURE_SETUP(fork) {}
FIXTURE_TEARDOWN(fork) {}

/* The debug kernel is several times slower than the default 30 s allow. */
TEST_F_TIMEOUT(fork, children_while_threads_call, 300)
{
	struct worker w[THREADS] = { 0 };
	int i, status, kmsg;
	pid_t pid;

	ASSERT_EQ(0, sspictl("account flush", NULL));
	ASSERT_EQ(0, sspictl("account add Fork Alice", "Alice-Pass1\n"));
	kmsg = kmsg_open_at_end();
	ASSERT_EQ(SEC_E_OK, acquire_user(NULL, NULL, NULL, SECPKG_CRED_INBOUND, &server_cred));
	ASSERT_EQ(SEC_E_OK, acquire_user("Alice", "Fork", "Alice-Pass1", SECPKG_CRED_OUTBOUND,
					 &client_cred));
	for (i = 0; i < THREADS; i++)
		ASSERT_EQ(0, pthread_create(&w[i].tid, NULL, work, &w[i]));

	for (i = 0; i < CHILDREN; i++) {
		pid = fork();
		if (pid == 0)
			_exit(child());
		ASSERT_LT(0, pid);
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		ASSERT_TRUE(WIFEXITED(status));
		EXPECT_EQ(0, WEXITSTATUS(status)) {
			TH_LOG("child %d: fault %d", i, WEXITSTATUS(status));
		}
	}

	atomic_store(&stop, true);
	for (i = 0; i < THREADS; i++) {
		pthread_join(w[i].tid, NULL);
		EXPECT_EQ(SEC_E_OK, w[i].failed);
		EXPECT_LT(0, w[i].handshakes);
		TH_LOG("thread %d: %u handshakes meanwhile", i, w[i].handshakes);
	}
	FreeCredentialsHandle(&client_cred);
	FreeCredentialsHandle(&server_cred);
	if (kmsg >= 0) {
		EXPECT_EQ(0, kmsg_new_records(kmsg));
		close(kmsg);
	}
}

TEST_HARNESS_MAIN
