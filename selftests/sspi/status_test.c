// SPDX-License-Identifier: GPL-2.0
/*
 * sspictl status (SSPI_CMD_STATUS): what a network namespace holds, as
 * counted by the kernel: the live credential and context handles of its
 * sockets, its accounts and those locked out now. Each test runs in a
 * network namespace of its own, so the counts are exactly what it made.
 * The JSON is read with Python's json module.
 */
#include <sched.h>
#include <stdio.h>
#include <sspi.h>

#include "kselftest_harness.h"
#include "guest.h"

/* What "sspictl --json status" reports of this namespace. */
struct counts {
	int credentials, contexts, accounts, locked;
};

#define READ_COUNTS \
	"python3 -c 'import json, sys; n = json.load(sys.stdin)[\"namespace\"]; " \
	"print(n[\"credentials\"], n[\"contexts\"], n[\"accounts\"], n[\"locked_accounts\"])'"

static int status_counts(struct counts *c)
{
	FILE *p = popen(SSPICTL " --json status | " READ_COUNTS, "r");
	int n;

	if (!p)
		return -1;
	n = fscanf(p, "%d %d %d %d", &c->credentials, &c->contexts, &c->accounts,
		   &c->locked);
	return pclose(p) == 0 && n == 4 ? 0 : -1;
}

/* Each count as expected, each one reported by name if it is not. */
static void expect_counts(struct __test_metadata *_metadata, const struct counts *c,
			  int credentials, int contexts, int accounts, int locked)
{
	EXPECT_EQ(credentials, c->credentials);
	EXPECT_EQ(contexts, c->contexts);
	EXPECT_EQ(accounts, c->accounts);
	EXPECT_EQ(locked, c->locked);
}

FIXTURE(status) {
	char threshold[32];
};

FIXTURE_SETUP(status)
{
	ASSERT_EQ(0, param_save("lockout_threshold", self->threshold, sizeof(self->threshold)));
	/* before libsspi opens its socket, which stays in the namespace it was made in */
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
}

FIXTURE_TEARDOWN(status)
{
	param_write("lockout_threshold", self->threshold);
}

TEST_F(status, counts_what_the_namespace_holds)
{
	CredHandle client, server, wrong;
	struct pair good = { }, bad = { };
	struct counts c;

	ASSERT_EQ(0, status_counts(&c));
	expect_counts(_metadata, &c, 0, 0, 0, 0);

	ASSERT_EQ(0, sspictl("account add Domain alice", "Alice-Pass1\n"));
	ASSERT_EQ(0, sspictl("account add Domain bob", "Bob-Pass2\n"));
	ASSERT_EQ(0, sspictl("account add Domain carol", "Carol-Pass3\n"));
	ASSERT_EQ(SEC_E_OK, acquire_user("alice", "Domain", "Alice-Pass1",
					 SECPKG_CRED_OUTBOUND, &client));
	ASSERT_EQ(SEC_E_OK, acquire_user(NULL, NULL, NULL, SECPKG_CRED_INBOUND, &server));
	ASSERT_EQ(SEC_E_OK, pair_handshake(&client, &server, &good));

	/* one failed logon locks bob out */
	ASSERT_EQ(0, param_write("lockout_threshold", "1"));
	ASSERT_EQ(SEC_E_OK, acquire_user("bob", "Domain", "wrong", SECPKG_CRED_OUTBOUND,
					 &wrong));
	EXPECT_EQ(SEC_E_LOGON_DENIED, pair_handshake(&wrong, &server, &bad));
	pair_free(&bad);
	FreeCredentialsHandle(&wrong);

	ASSERT_EQ(0, status_counts(&c));
	expect_counts(_metadata, &c, 2, 2, 3, 1);

	/* unlocked, and every handle freed: nothing is left to count */
	ASSERT_EQ(0, sspictl("account unlock Domain bob", NULL));
	pair_free(&good);
	FreeCredentialsHandle(&client);
	FreeCredentialsHandle(&server);
	ASSERT_EQ(0, status_counts(&c));
	expect_counts(_metadata, &c, 0, 0, 3, 0);
}

/* The text form says the same, one count a line. */
TEST_F(status, text_names_each_count)
{
	char line[256];
	int accounts = -1, locked = -1, v;
	FILE *p;

	ASSERT_EQ(0, sspictl("account add Domain alice", "Alice-Pass1\n"));
	ASSERT_EQ(0, sspictl("account add Domain bob", "Bob-Pass2\n"));
	p = popen(SSPICTL " status", "r");
	ASSERT_NE(NULL, p);
	while (fgets(line, sizeof(line), p)) {
		if (sscanf(line, " accounts %d", &v) == 1)
			accounts = v;
		else if (sscanf(line, " locked out %d", &v) == 1)
			locked = v;
	}
	EXPECT_EQ(0, pclose(p));
	EXPECT_EQ(2, accounts);
	EXPECT_EQ(0, locked);
}

TEST_HARNESS_MAIN
