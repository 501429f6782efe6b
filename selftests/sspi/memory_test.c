// SPDX-License-Identifier: GPL-2.0
/*
 * What one unprivileged user can make sspi.ko hold: a NEGOTIATE longer
 * than the package's cbMaxToken is refused, the credentials and contexts
 * of all of a user's sockets stay under max_user_memory (refused
 * SEC_E_INSUFFICIENT_MEMORY at the bound, long before the OOM killer),
 * another user is not affected, and abandoned handshakes are reclaimed
 * without waiting for a limit.
 */
#include <grp.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "guest.h"
#include "kmsg.h"

#define NOBODY 65534
#define PROCS 16
#define CAP 65536		/* contexts one process tries at most */
#define BIG 60000		/* the NEGOTIATE, bytes */

/* A NEGOTIATE of LEN bytes, padded through its DomainName field. */
static void negotiate(unsigned char *msg, unsigned int len)
{
	memset(msg, 'A', len);
	memcpy(msg, "NTLMSSP", 8);
	put32(msg + 8, 1);
	/* UNICODE OEM REQUEST_TARGET NTLM OEM_DOMAIN_SUPPLIED ALWAYS_SIGN ESS 128 KEY_EXCH 56 */
	put32(msg + NEG_FLAGS_OFF, 0xe2089207);
	put16(msg + 16, len - 32);	/* DomainNameFields */
	put16(msg + 18, len - 32);
	put32(msg + 20, 32);
	put16(msg + 24, 0);		/* WorkstationFields */
	put16(msg + 26, 0);
	put32(msg + 28, len);
}

/* The first leg of an acceptor fed a NEGOTIATE of LEN bytes. */
static SECURITY_STATUS accept_first(CredHandle *cred, unsigned int len, CtxtHandle *ctx)
{
	static unsigned char msg[BIG];
	SecBuffer in = { len, SECBUFFER_TOKEN, msg };
	SecBufferDesc in_desc = { SECBUFFER_VERSION, 1, &in };
	struct leg out;
	ULONG attrs;

	negotiate(msg, len);
	return AcceptSecurityContext(cred, NULL, &in_desc, ASC_FLAGS, 0, ctx,
				     leg_init(&out), &attrs, NULL);
}

/* The bytes charged to UID (debugfs "users"); 0 when it has no entry. */
static long charged(unsigned int uid)
{
	FILE *f = fopen("/sys/kernel/debug/sspi/users", "r");
	char line[128];
	unsigned int u;
	long bytes, n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%u %ld", &u, &bytes) == 2 && u == uid)
			n = bytes;
	fclose(f);
	return n;
}

/* Records since kmsg_open_at_end() that tell of the OOM killer. */
static int oom_records(int fd)
{
	char rec[2048];
	ssize_t len;
	int n = 0;

	while ((len = read(fd, rec, sizeof(rec) - 1)) > 0 || (len < 0 && errno == EPIPE)) {
		if (len < 0)
			continue;	/* overwritten records */
		rec[len] = '\0';
		if (strstr(rec, "Out of memory") || strstr(rec, "oom-kill")) {
			fprintf(stderr, "# kernel log: %s", rec);
			n++;
		}
	}
	return n;
}

static unsigned long param_ulong(const char *name)
{
	FILE *f = param_open(name, "r");
	unsigned long v = 0;

	if (f) {
		if (fscanf(f, "%lu", &v) != 1)
			v = 0;
		fclose(f);
	}
	return v;
}

FIXTURE(memory) {
	int kmsg;
};

FIXTURE_SETUP(memory)
{
	ASSERT_EQ(0, only_default_account());
	self->kmsg = kmsg_open_at_end();
}

FIXTURE_TEARDOWN(memory)
{
	if (self->kmsg >= 0)
		close(self->kmsg);
}

TEST_F(memory, negotiate_longer_than_max_token_is_refused)
{
	PSecPkgInfoA pkg;
	CredHandle cred;
	CtxtHandle ctx;

	ASSERT_EQ(SEC_E_OK, QuerySecurityPackageInfoA("NTLM", &pkg));
	ASSERT_EQ(2888, pkg->cbMaxToken);
	FreeContextBuffer(pkg);
	ASSERT_EQ(SEC_E_OK, acquire_user(NULL, NULL, NULL, SECPKG_CRED_INBOUND, &cred));
	ASSERT_EQ(SEC_I_CONTINUE_NEEDED, accept_first(&cred, 2888, &ctx));
	DeleteSecurityContext(&ctx);
	EXPECT_EQ(SEC_E_INVALID_TOKEN, accept_first(&cred, 2889, &ctx));
	EXPECT_EQ(SEC_E_INVALID_TOKEN, accept_first(&cred, BIG, &ctx));
	FreeCredentialsHandle(&cred);
}

struct verdict {
	SECURITY_STATUS big;	/* what the 60 KB NEGOTIATE got */
	SECURITY_STATUS last;	/* what the first refused context got */
	unsigned int held;	/* contexts held */
};

/*
 * As NOBODY: first-leg acceptor contexts, fed 60 KB NEGOTIATEs as long as
 * they are taken and then the longest the package takes, until refused;
 * they are held until the parent closes GO.
 */
static void fill(int report, int go)
{
	struct verdict v = { };
	CredHandle cred;
	CtxtHandle ctx;
	unsigned int len = BIG;
	char byte;

	if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
		_exit(10);
	if (acquire_user(NULL, NULL, NULL, SECPKG_CRED_INBOUND, &cred))
		_exit(11);
	v.big = accept_first(&cred, BIG, &ctx);
	v.last = v.big;
	if (v.big == SEC_E_INVALID_TOKEN)
		len = 2888;
	else if (v.big == SEC_I_CONTINUE_NEEDED)
		v.held++;
	while (v.held < CAP) {
		v.last = accept_first(&cred, len, &ctx);
		if (v.last != SEC_I_CONTINUE_NEEDED)
			break;
		v.held++;
	}
	if (write(report, &v, sizeof(v)) != sizeof(v))
		_exit(12);
	(void)!read(go, &byte, 1);
	_exit(0);
}

/*
 * The scenario, in a 2 GiB guest: 16 processes of one
 * unprivileged user fill the module; they are refused at the user's bound
 * and the OOM killer never runs (tools/vm/run fails the run on a warning
 * or a splat), and root's handshake still passes meanwhile.
 */
TEST_F_TIMEOUT(memory, one_user_is_bounded, 600)
{
	unsigned long limit = param_ulong("max_user_memory");
	int ctxs = live_objects("contexts");
	int report[2], go[2], status, i;
	pid_t pid[PROCS];
	struct verdict v;
	unsigned long held = 0;

	EXPECT_NE(0, limit) TH_LOG("no max_user_memory");
	ASSERT_EQ(0, pipe(report));
	ASSERT_EQ(0, pipe(go));
	for (i = 0; i < PROCS; i++) {
		pid[i] = fork();
		ASSERT_LE(0, pid[i]);
		if (pid[i] == 0) {
			close(report[0]);
			close(go[1]);
			fill(report[1], go[0]);
		}
	}
	close(report[1]);
	close(go[0]);
	for (i = 0; i < PROCS; i++) {
		ASSERT_EQ(sizeof(v), read(report[0], &v, sizeof(v)))
			TH_LOG("a filler died: the OOM killer?");
		EXPECT_EQ(SEC_E_INVALID_TOKEN, v.big);
		EXPECT_EQ(SEC_E_INSUFFICIENT_MEMORY, v.last)
			TH_LOG("%u contexts held, then %#x", v.held, (unsigned int)v.last);
		held += v.held;
	}
	TH_LOG("%lu contexts held by uid %d under max_user_memory %lu: %ld bytes charged",
	       held, NOBODY, limit, charged(NOBODY));
	EXPECT_GE(limit, (unsigned long)charged(NOBODY));
	EXPECT_LT(limit / 2, (unsigned long)charged(NOBODY));

	EXPECT_EQ(SEC_E_OK, default_handshake());	/* root is another user */

	close(go[1]);
	for (i = 0; i < PROCS; i++) {
		ASSERT_EQ(pid[i], waitpid(pid[i], &status, 0));
		EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
			TH_LOG("filler %d: status %#x", i, status);
	}
	close(report[0]);
	EXPECT_EQ(0, charged(NOBODY));	/* every charge returned */
	/* the next test counts objects: let these go first (slow on debug) */
	for (i = 0; i < 600 && live_objects("contexts") > ctxs; i++)
		usleep(100000);
	EXPECT_EQ(ctxs, live_objects("contexts"));
	if (self->kmsg >= 0)
		EXPECT_EQ(0, oom_records(self->kmsg));
}

/*
 * Abandoned handshakes go within seconds, their socket far from full:
 * their handles stop answering.
 */
TEST_F_TIMEOUT(memory, abandoned_handshakes_are_reaped, 120)
{
	SecPkgContext_Lifespan life;
	CtxtHandle ctx[10];
	CredHandle cred;
	int i, j, left = 10;

	ASSERT_EQ(SEC_E_OK, acquire_user(NULL, NULL, NULL, SECPKG_CRED_INBOUND, &cred));
	ASSERT_EQ(0, param_write("handshake_timeout", "1"));
	for (i = 0; i < 10; i++)
		ASSERT_EQ(SEC_I_CONTINUE_NEEDED, accept_first(&cred, 64, &ctx[i]));
	for (j = 0; j < 600 && left; j++) {
		usleep(100000);
		for (i = 0, left = 0; i < 10; i++)
			left += QueryContextAttributesA(&ctx[i], SECPKG_ATTR_LIFESPAN, &life) !=
				SEC_E_INVALID_HANDLE;
	}
	EXPECT_EQ(0, left) TH_LOG("%d of 10 still answer after %d s", left, j / 10);
	EXPECT_EQ(0, param_write("handshake_timeout", "300"));
	FreeCredentialsHandle(&cred);
}

TEST_HARNESS_MAIN
