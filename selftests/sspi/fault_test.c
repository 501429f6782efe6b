// SPDX-License-Identifier: GPL-2.0
/*
 * Out of memory at every allocation of a handshake: with fault injection
 * (fail-nth, on the debug kernel), the Nth allocation the calling thread
 * makes in the kernel fails. Each call must then give a clear status, never
 * a crash, a leak (kmemleak runs after the suite) or a lost object; and the
 * module must work as before once memory is back.
 */
#include <fcntl.h>

#include "kselftest_harness.h"
#include "guest.h"

#define ISC_FAULT (ISC_REQ_CONNECTION | ISC_REQ_INTEGRITY | ISC_REQ_CONFIDENTIALITY)
#define ASC_FAULT (ASC_REQ_CONNECTION | ASC_REQ_INTEGRITY | ASC_REQ_CONFIDENTIALITY)

static int fail_nth_fd = -1;

/* The next call's @n-th allocation in the kernel fails (0: none). */
static void fail_nth(int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%d", n);

	if (pwrite(fail_nth_fd, buf, len, 0) != len)
		abort();
}

/* A status a call may give when the kernel runs out of memory. */
static int clean_failure(SECURITY_STATUS s)
{
	return s == SEC_E_INSUFFICIENT_MEMORY || s == SEC_E_INTERNAL_ERROR;
}

/*
 * One handshake with allocation @n of call @which failing; returns how
 * many calls failed cleanly (0 when the fault hit nothing), or -1 for a
 * wrong status.
 */
static int handshake_with_fault(int which, int n)
{
	struct handshake h;
	struct run r;
	SECURITY_STATUS s[6], want[6] = {
		SEC_E_OK, SEC_E_OK, SEC_I_CONTINUE_NEEDED, SEC_I_CONTINUE_NEEDED,
		SEC_E_OK, SEC_E_OK,
	};
	int i, failed = 0, step = 0;

#define CALL(k, expr) do { \
		if (step == k) { \
			if (which == k) \
				fail_nth(n); \
			s[k] = (expr); \
			fail_nth(0); \
			if (s[k] != want[k]) { \
				if (!clean_failure(s[k])) \
					goto wrong; \
				failed++; \
				goto out; \
			} \
			step++; \
		} \
	} while (0)

	handshake_init(&h);
	h.isc = ISC_FAULT;
	h.asc = ASC_FAULT;
	h.target = NULL;
	run_init(&r);
	CALL(0, acquire_user("User", "Domain", "Password", SECPKG_CRED_OUTBOUND,
			     &r.client_cred));
	CALL(1, acquire_user(NULL, NULL, NULL, SECPKG_CRED_INBOUND, &r.server_cred));
	CALL(2, handshake_call(&r, &h, HS_NEGOTIATE));
	CALL(3, handshake_call(&r, &h, HS_CHALLENGE));
	CALL(4, handshake_call(&r, &h, HS_AUTHENTICATE));
	CALL(5, handshake_call(&r, &h, HS_DONE));
out:
	run_free(&r);
	return failed;
wrong:
	for (i = 0; i <= step; i++)
		fprintf(stderr, "# call %d: 0x%08x\n", i, (unsigned int)s[i]);
	failed = -1;
	goto out;
#undef CALL
}

TEST(every_allocation_of_a_handshake_may_fail)
{
	int creds = live_objects("credentials"), ctxs = live_objects("contexts");
	int which, n, r, quiet, injected = 0;

	fail_nth_fd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (fail_nth_fd < 0)
		SKIP(return, "no fault injection in this kernel (fail-nth)");
	/* GFP_KERNEL allocations too: failslab passes over them by default. */
	ASSERT_EQ(0, system("echo N > /sys/kernel/debug/failslab/ignore-gfp-wait"));
	/* a stack trace per injected failure would bury the log */
	system("echo 0 > /sys/kernel/debug/failslab/verbose");
	if (system("echo Password | build/tools/sspictl account add Domain User"))
		SKIP(return, "cannot add the account");
	for (which = 0; which < 6; which++) {
		/*
		 * Some allocations may fail without the call failing (those
		 * with a fallback); past the last one, none does.
		 */
		for (n = 1, quiet = 0; n < 128 && quiet < 12; n++) {
			r = handshake_with_fault(which, n);
			ASSERT_LE(0, r) TH_LOG("call %d, allocation %d", which, n);
			injected += r;
			quiet = r ? 0 : quiet + 1;
		}
	}
	TH_LOG("%d handshakes failed cleanly", injected);
	EXPECT_LT(0, injected);
	/* nothing left behind, and the module works as before */
	usleep(200000);
	EXPECT_EQ(creds, live_objects("credentials"));
	EXPECT_EQ(ctxs, live_objects("contexts"));
	EXPECT_EQ(0, handshake_with_fault(-1, 0));
	close(fail_nth_fd);
	system("echo Y > /sys/kernel/debug/failslab/ignore-gfp-wait");
	system("echo 2 > /sys/kernel/debug/failslab/verbose");
}

TEST_HARNESS_MAIN
