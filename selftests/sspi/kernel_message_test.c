// SPDX-License-Identifier: GPL-2.0
/*
 * SspiGetLastKernelMessage(): the kernel's own words on its refusal of a
 * request (the netlink extended ack) reach the thread that made it, as the
 * kernel wrote them, and no other thread; the thread's next request that
 * the kernel does not refuse clears them.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sspi.h>

#include "kselftest_harness.h"
#include "guest.h"
#include "transport.h"

/* What kmod/genl.c says for the two refusals these tests provoke. */
#define MAX_ACCOUNTS_MSG "the namespace's limit of accounts (max_accounts) is reached"
#define NO_SECRET_MSG \
	"need a user and a password or a hash (an LM hash only beside an NT hash)"

/* Adds DOMAIN\@user, with @password unless it is NULL; 0 or -errno. */
static int account_add(const char *user, const char *password)
{
	struct nlmsghdr *req;
	int32_t status;
	char16_t w[32];
	size_t i;

	req = sspi_request_begin(SSPI_CMD_ACCOUNT_ADD, &status);
	if (!req)
		return -ENOENT;
	mnl_attr_put(req, SSPI_ATTR_DOMAIN, 2 * 6, u"DOMAIN");
	for (i = 0; user[i] && i < 32; i++)
		w[i] = (char16_t)user[i];
	mnl_attr_put(req, SSPI_ATTR_USER, 2 * i, w);
	if (password) {
		for (i = 0; password[i] && i < 32; i++)
			w[i] = (char16_t)password[i];
		mnl_attr_put(req, SSPI_ATTR_PASSWORD, 2 * i, w);
	}
	return sspi_request_ack(req);
}

/* A request the kernel grants: the packages. */
static SECURITY_STATUS granted_request(void)
{
	PSecPkgInfoA info;
	ULONG n;
	SECURITY_STATUS status = EnumerateSecurityPackagesA(&n, &info);

	if (status == SEC_E_OK)
		FreeContextBuffer(info);
	return status;
}

struct other_thread {
	const char *before;		/* what it saw before any request */
	int refused;			/* its own refused request */
	char own[256];			/* the message it got for it */
	const char *after_granted;	/* after a granted one */
};

static void *other_thread_main(void *arg)
{
	struct other_thread *t = arg;
	const char *msg;

	t->before = SspiGetLastKernelMessage();
	t->refused = account_add("nopassword", NULL);
	msg = SspiGetLastKernelMessage();
	snprintf(t->own, sizeof(t->own), "%s", msg ? msg : "(none)");
	granted_request();
	t->after_granted = SspiGetLastKernelMessage();
	return NULL;
}

FIXTURE(kernel_message) {
	char max_accounts[32];
};

FIXTURE_SETUP(kernel_message)
{
	ASSERT_EQ(0, param_save("max_accounts", self->max_accounts, sizeof(self->max_accounts)));
	ASSERT_EQ(0, sspictl("account flush", NULL));
	ASSERT_EQ(0, param_write("max_accounts", "1"));
}

FIXTURE_TEARDOWN(kernel_message)
{
	param_write("max_accounts", self->max_accounts);
	sspictl("account flush", NULL);
}

TEST_F(kernel_message, refusal_reaches_the_caller_only)
{
	struct other_thread t = { 0 };
	pthread_t thread;
	const char *msg;

	ASSERT_EQ(SEC_E_OK, granted_request());
	EXPECT_EQ(NULL, SspiGetLastKernelMessage());
	ASSERT_EQ(0, account_add("first", "Password1"));
	EXPECT_EQ(NULL, SspiGetLastKernelMessage());

	/* over max_accounts: refused, in the kernel's words */
	ASSERT_EQ(-ENOSPC, account_add("second", "Password2"));
	msg = SspiGetLastKernelMessage();
	ASSERT_NE(NULL, msg);
	EXPECT_STREQ(MAX_ACCOUNTS_MSG, msg);

	/* another thread sees none of it, and its own refusal is its own */
	ASSERT_EQ(0, pthread_create(&thread, NULL, other_thread_main, &t));
	ASSERT_EQ(0, pthread_join(thread, NULL));
	EXPECT_EQ(NULL, t.before);
	EXPECT_EQ(-EINVAL, t.refused);
	EXPECT_STREQ(NO_SECRET_MSG, t.own);
	EXPECT_EQ(NULL, t.after_granted);

	/* this thread's message stayed what it was */
	msg = SspiGetLastKernelMessage();
	ASSERT_NE(NULL, msg);
	EXPECT_STREQ(MAX_ACCOUNTS_MSG, msg);

	/* until its next request, which the kernel grants */
	ASSERT_EQ(SEC_E_OK, granted_request());
	EXPECT_EQ(NULL, SspiGetLastKernelMessage());
}

/* sspictl passes the kernel's words on, not a guess of its own. */
TEST_F(kernel_message, sspictl_prints_it)
{
	char line[512] = "";
	FILE *p;

	ASSERT_EQ(0, sspictl("account add DOMAIN first", "Password1\n"));
	p = popen("echo Password2 | " SSPICTL " account add DOMAIN second 2>&1", "r");
	ASSERT_NE(NULL, p);
	ASSERT_NE(NULL, fgets(line, sizeof(line), p));
	EXPECT_NE(0, pclose(p));
	EXPECT_STREQ("sspictl: " MAX_ACCOUNTS_MSG "\n", line);
}

TEST_HARNESS_MAIN
