// SPDX-License-Identifier: GPL-2.0
/*
 * What the account store decides at logon: the exact (domain, user) account
 * wins over a domain-less one whatever the order they were added in, and an
 * established context reports the account's names; Windows' account
 * lockout (module parameters lockout_threshold, lockout_duration,
 * lockout_window): a locked account is refused SEC_E_LOGON_DENIED even with
 * its password, "sspictl account unlock" and the duration end it, a
 * successful logon resets the count; an unknown user gets the status a
 * wrong password gets; every logon leaves an sspi_logon trace event and a
 * lockout one log line.
 */
#include <sys/stat.h>
#include <time.h>

#include "kselftest_harness.h"
#include "guest.h"
#include "kmsg.h"

#define TRACEFS "/sys/kernel/tracing/"
#define EVENT TRACEFS "events/sspi/sspi_logon/enable"
/* Seconds a test may take: each makes many handshakes, slow on the debug kernel. */
#define TIMEOUT 300

/* Whether tracefs is there, mounted now if it was not. */
static bool tracefs_ready(void)
{
	return !access(TRACEFS "trace", R_OK) ||
	       !system("mount -t tracefs nodev " TRACEFS " 2>/dev/null");
}

/* A handshake of USER in DOMAIN with PASSWORD against the store: its status. */
static SECURITY_STATUS logon(const char *domain, const char *user, const char *password,
			     char *name, size_t name_size)
{
	CredHandle client, server;
	SecPkgContext_NamesA names;
	struct pair p = { 0 };
	SECURITY_STATUS st;

	st = acquire_user(user, domain, password, SECPKG_CRED_OUTBOUND, &client);
	if (st)
		return st;
	st = acquire_user(NULL, NULL, NULL, SECPKG_CRED_INBOUND, &server);
	if (st) {
		FreeCredentialsHandle(&client);
		return st;
	}
	st = pair_handshake(&client, &server, &p);
	if (st == SEC_E_OK && name) {
		if (QueryContextAttributesA(&p.server, SECPKG_ATTR_NAMES, &names) == SEC_E_OK) {
			snprintf(name, name_size, "%s", names.sUserName);
			FreeContextBuffer(names.sUserName);
		} else {
			snprintf(name, name_size, "(no names)");
		}
	}
	pair_free(&p);
	FreeCredentialsHandle(&client);
	FreeCredentialsHandle(&server);
	return st;
}

static SECURITY_STATUS try(const char *domain, const char *user, const char *password)
{
	return logon(domain, user, password, NULL, 0);
}

/* The output of a shell command, NUL-terminated, into BUF. */
static void output_of(const char *cmd, char *buf, size_t size)
{
	FILE *f = popen(cmd, "r");
	size_t n = 0;

	buf[0] = '\0';
	if (!f)
		return;
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	pclose(f);
}

/* How many kernel log records since FD was opened at the end contain TEXT. */
static int kmsg_count(int fd, const char *text)
{
	char rec[2048];
	ssize_t len;
	int n = 0;

	for (;;) {
		len = read(fd, rec, sizeof(rec) - 1);
		if (len < 0 && errno == EPIPE)
			continue;
		if (len <= 0)
			return n;
		rec[len] = '\0';
		if (strstr(rec, text))
			n++;
	}
}

FIXTURE(store) {
	char threshold[32], duration[32], window[32];
};

FIXTURE_SETUP(store)
{
	param_save("lockout_threshold", self->threshold, sizeof(self->threshold));
	param_save("lockout_duration", self->duration, sizeof(self->duration));
	param_save("lockout_window", self->window, sizeof(self->window));
	ASSERT_EQ(0, sspictl("account flush", NULL));
}

FIXTURE_TEARDOWN(store)
{
	if (self->threshold[0])
		param_write("lockout_threshold", self->threshold);
	if (self->duration[0])
		param_write("lockout_duration", self->duration);
	if (self->window[0])
		param_write("lockout_window", self->window);
	sspictl("account flush", NULL);
}

/* CORP\alice and a domain-less alice: each password logs on as its own account. */
static void exact_wins(struct __test_metadata *_metadata, bool domainless_first)
{
	char name[256];

	if (domainless_first) {
		ASSERT_EQ(0, sspictl("account add '' alice", "Any-Pass1\n"));
		ASSERT_EQ(0, sspictl("account add CORP alice", "Corp-Pass1\n"));
	} else {
		ASSERT_EQ(0, sspictl("account add CORP alice", "Corp-Pass1\n"));
		ASSERT_EQ(0, sspictl("account add '' alice", "Any-Pass1\n"));
	}
	EXPECT_EQ(SEC_E_LOGON_DENIED, try("CORP", "alice", "Any-Pass1"));
	ASSERT_EQ(SEC_E_OK, logon("CORP", "alice", "Corp-Pass1", name, sizeof(name)));
	EXPECT_STREQ("CORP\\alice", name);
	/* Another domain has no alice of its own: the domain-less one answers. */
	ASSERT_EQ(SEC_E_OK, logon("OTHER", "alice", "Any-Pass1", name, sizeof(name)));
	EXPECT_STREQ("alice", name);	/* no domain: the user alone, as Windows names it */
	EXPECT_EQ(SEC_E_LOGON_DENIED, try("OTHER", "alice", "Corp-Pass1"));
}

TEST_F_TIMEOUT(store, exact_account_wins_added_after_domainless, TIMEOUT)
{
	exact_wins(_metadata, true);
}

TEST_F_TIMEOUT(store, exact_account_wins_added_before_domainless, TIMEOUT)
{
	exact_wins(_metadata, false);
}

/* The client may spell a name in any case; the context names the account. */
TEST_F_TIMEOUT(store, names_are_the_accounts, TIMEOUT)
{
	char name[256];

	ASSERT_EQ(0, sspictl("account add Corp Alice", "Corp-Pass1\n"));
	ASSERT_EQ(SEC_E_OK, logon("CORP", "ALICE", "Corp-Pass1", name, sizeof(name)));
	EXPECT_STREQ("Corp\\Alice", name);
	ASSERT_EQ(SEC_E_OK, logon("corp", "alice", "Corp-Pass1", name, sizeof(name)));
	EXPECT_STREQ("Corp\\Alice", name);
}

TEST_F_TIMEOUT(store, unknown_user_refused_as_a_wrong_password, TIMEOUT)
{
	ASSERT_EQ(0, sspictl("account add Corp Alice", "Corp-Pass1\n"));
	EXPECT_EQ(SEC_E_LOGON_DENIED, try("Corp", "Alice", "wrong"));
	EXPECT_EQ(SEC_E_LOGON_DENIED, try("Corp", "Nobody", "wrong"));
	EXPECT_EQ(SEC_E_LOGON_DENIED, try("Corp", "Nobody", "Corp-Pass1"));
}

static double seconds_of(const char *domain, const char *user, SECURITY_STATUS *st)
{
	struct timespec a, b;

	clock_gettime(CLOCK_MONOTONIC, &a);
	*st = try(domain, user, "wrong");
	clock_gettime(CLOCK_MONOTONIC, &b);
	return (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
}

#define TRIES 20

/* Both statuses, and how long each took, over many tries (printed only). */
TEST_F_TIMEOUT(store, unknown_user_timing, TIMEOUT)
{
	double known = 0, unknown = 0;
	SECURITY_STATUS k, u;
	int i;

	ASSERT_EQ(0, sspictl("account add Corp Alice", "Corp-Pass1\n"));
	for (i = 0; i < TRIES; i++) {
		/* in turns first, so that neither gains from going second */
		if (i % 2) {
			known += seconds_of("Corp", "Alice", &k);
			unknown += seconds_of("Corp", "Nobody", &u);
		} else {
			unknown += seconds_of("Corp", "Nobody", &u);
			known += seconds_of("Corp", "Alice", &k);
		}
		ASSERT_EQ(SEC_E_LOGON_DENIED, k);
		ASSERT_EQ(SEC_E_LOGON_DENIED, u);
	}
	TH_LOG("mean handshake refused: known user %.0f us, unknown user %.0f us",
	       known / TRIES * 1e6, unknown / TRIES * 1e6);
}

/* Calls of the module's FUNC during one refused logon of USER (kprobe). */
static int calls_during(struct __test_metadata *_metadata, const char *func,
			const char *user)
{
	char cmd[256], trace[16384], *p;
	int n = 0;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "echo 'p:sspi_work sspi:%s' > " TRACEFS "kprobe_events && "
		 "echo 1 > " TRACEFS "events/kprobes/sspi_work/enable && echo > " TRACEFS "trace",
		 func);
	if (system(cmd))
		return -1;
	EXPECT_EQ(SEC_E_LOGON_DENIED, try("Corp", user, "wrong"));
	system("echo 0 > " TRACEFS "events/kprobes/sspi_work/enable");
	f = fopen(TRACEFS "trace", "r");
	if (f) {
		trace[fread(trace, 1, sizeof(trace) - 1, f)] = '\0';
		fclose(f);
		for (p = trace; (p = strstr(p, "sspi_work:")); p++)
			n++;
	}
	system("echo > " TRACEFS "kprobe_events");
	return n;
}

/*
 * An unknown user's response is checked as a known user's is (against a
 * decoy hash): the same hashing, counted by kprobes on the functions that
 * do it (the client's side calls them too).
 */
TEST_F_TIMEOUT(store, unknown_user_does_the_same_work, TIMEOUT)
{
	static const char *const funcs[] = { "ntlm_ntowfv2", "ntlm_v2_verify" };
	int known, unknown;
	size_t i;

	if (!tracefs_ready())
		SKIP(return, "no tracefs at " TRACEFS);
	if (access(TRACEFS "kprobe_events", W_OK))
		SKIP(return, "no kprobe events (a kernel without them)");
	ASSERT_EQ(0, sspictl("account add Corp Alice", "Corp-Pass1\n"));
	for (i = 0; i < sizeof(funcs) / sizeof(funcs[0]); i++) {
		known = calls_during(_metadata, funcs[i], "Alice");
		unknown = calls_during(_metadata, funcs[i], "Nobody");
		ASSERT_LT(0, known) TH_LOG("no kprobe on %s", funcs[i]);
		EXPECT_EQ(known, unknown) TH_LOG("%s", funcs[i]);
	}
}

/* N wrong passwords for Corp\USER at THRESHOLD, then Corp\Alice's works. */
static void failures_then_password(struct __test_metadata *_metadata,
				   const char *threshold, const char *user, int n)
{
	int i;

	ASSERT_EQ(0, param_write("lockout_threshold", threshold));
	ASSERT_EQ(0, sspictl("account add Corp Alice", "Corp-Pass1\n"));
	for (i = 0; i < n; i++)
		ASSERT_EQ(SEC_E_LOGON_DENIED, try("Corp", user, "wrong"));
	EXPECT_EQ(SEC_E_OK, try("Corp", "Alice", "Corp-Pass1"));
}

/* Lockout off (threshold 0, Windows' default): no number of failures locks. */
TEST_F_TIMEOUT(store, lockout_off_by_default, TIMEOUT)
{
	failures_then_password(_metadata, "0", "Alice", 12);
}

TEST_F_TIMEOUT(store, lockout_then_unlock, TIMEOUT)
{
	char out[4096];
	int fd, i;

	ASSERT_EQ(0, param_write("lockout_threshold", "3"));
	ASSERT_EQ(0, param_write("lockout_duration", "600"));
	ASSERT_EQ(0, param_write("lockout_window", "600"));
	ASSERT_EQ(0, sspictl("account add Corp Alice", "Corp-Pass1\n"));
	ASSERT_EQ(0, sspictl("account add Corp Bob", "Bob-Pass1\n"));
	fd = kmsg_open_at_end();
	ASSERT_LE(0, fd);

	/* Two failures, then a success: the count starts again. */
	ASSERT_EQ(SEC_E_LOGON_DENIED, try("Corp", "Alice", "wrong"));
	ASSERT_EQ(SEC_E_LOGON_DENIED, try("Corp", "Alice", "wrong"));
	output_of(SSPICTL " account list", out, sizeof(out));
	EXPECT_NE(NULL, strstr(out, "2 failed logons")) TH_LOG("%s", out);
	ASSERT_EQ(SEC_E_OK, try("Corp", "Alice", "Corp-Pass1"));
	ASSERT_EQ(SEC_E_LOGON_DENIED, try("Corp", "Alice", "wrong"));
	ASSERT_EQ(SEC_E_LOGON_DENIED, try("Corp", "Alice", "wrong"));
	ASSERT_EQ(SEC_E_OK, try("Corp", "Alice", "Corp-Pass1"));

	for (i = 0; i < 3; i++)
		ASSERT_EQ(SEC_E_LOGON_DENIED, try("Corp", "Alice", "wrong"));
	/* Locked: the password too is refused, and so is a wrong one. */
	EXPECT_EQ(SEC_E_LOGON_DENIED, try("Corp", "Alice", "Corp-Pass1"));
	EXPECT_EQ(SEC_E_LOGON_DENIED, try("Corp", "Alice", "wrong"));
	EXPECT_EQ(SEC_E_LOGON_DENIED, try("Corp", "Alice", "Corp-Pass1"));
	/* Another account is not. */
	EXPECT_EQ(SEC_E_OK, try("Corp", "Bob", "Bob-Pass1"));
	output_of(SSPICTL " account list", out, sizeof(out));
	EXPECT_NE(NULL, strstr(out, "Corp\\Alice  locked until")) TH_LOG("%s", out);
	EXPECT_EQ(NULL, strstr(out, "Corp\\Bob  locked")) TH_LOG("%s", out);
	/* Once, however many tries follow (/dev/kmsg writes '\\' as \x5c). */
	EXPECT_EQ(1, kmsg_count(fd, "Corp\\x5cAlice locked out after 3 failed logons"));

	ASSERT_EQ(0, sspictl("account unlock Corp Alice", NULL));
	EXPECT_EQ(SEC_E_OK, try("Corp", "Alice", "Corp-Pass1"));
	output_of(SSPICTL " account list", out, sizeof(out));
	EXPECT_EQ(NULL, strstr(out, "locked")) TH_LOG("%s", out);
	EXPECT_NE(0, sspictl("account unlock Corp Nobody 2>/dev/null", NULL));
	close(fd);
}

TEST_F_TIMEOUT(store, lockout_ends_after_its_duration, TIMEOUT)
{
	char out[4096];
	int i;

	ASSERT_EQ(0, param_write("lockout_threshold", "2"));
	ASSERT_EQ(0, param_write("lockout_duration", "600"));
	ASSERT_EQ(0, sspictl("account add Corp Alice", "Corp-Pass1\n"));
	for (i = 0; i < 2; i++)
		ASSERT_EQ(SEC_E_LOGON_DENIED, try("Corp", "Alice", "wrong"));
	ASSERT_EQ(SEC_E_LOGON_DENIED, try("Corp", "Alice", "Corp-Pass1"));
	/*
	 * The duration in force when a logon is tried counts (as Windows
	 * reads its policy): at 2 s the lockout ends by itself, with room
	 * for a slow emulator.
	 */
	ASSERT_EQ(0, param_write("lockout_duration", "2"));
	for (i = 0; i < 60 && try("Corp", "Alice", "Corp-Pass1") != SEC_E_OK; i++)
		sleep(1);
	EXPECT_LT(i, 60);
	output_of(SSPICTL " account list", out, sizeof(out));
	EXPECT_EQ(NULL, strstr(out, "locked")) TH_LOG("%s", out);
}

/* Failures further apart than the observation window never add up. */
TEST_F_TIMEOUT(store, lockout_window_forgets_old_failures, TIMEOUT)
{
	ASSERT_EQ(0, param_write("lockout_threshold", "2"));
	ASSERT_EQ(0, param_write("lockout_duration", "600"));
	ASSERT_EQ(0, param_write("lockout_window", "1"));
	ASSERT_EQ(0, sspictl("account add Corp Alice", "Corp-Pass1\n"));
	ASSERT_EQ(SEC_E_LOGON_DENIED, try("Corp", "Alice", "wrong"));
	sleep(2);
	ASSERT_EQ(SEC_E_LOGON_DENIED, try("Corp", "Alice", "wrong"));
	EXPECT_EQ(SEC_E_OK, try("Corp", "Alice", "Corp-Pass1"));
}

/* Unknown users keep no state: nothing to lock, nothing allocated. */
TEST_F_TIMEOUT(store, unknown_users_never_lock, TIMEOUT)
{
	failures_then_password(_metadata, "1", "Nobody", 3);
}

TEST_F_TIMEOUT(store, logon_trace_event, TIMEOUT)
{
	char trace[16384], want[128];
	struct stat ns;
	FILE *f;

	if (!tracefs_ready())
		SKIP(return, "no tracefs at " TRACEFS);
	if (access(EVENT, W_OK))
		SKIP(return, "no trace event " EVENT " (a kernel without tracing)");
	ASSERT_EQ(0, sspictl("account add Corp Alice", "Corp-Pass1\n"));
	ASSERT_EQ(0, system("echo > " TRACEFS "trace && echo 1 > " EVENT));
	EXPECT_EQ(SEC_E_LOGON_DENIED, try("Corp", "Alice", "wrong"));
	EXPECT_EQ(SEC_E_OK, try("Corp", "Alice", "Corp-Pass1"));
	ASSERT_EQ(0, system("echo 0 > " EVENT));
	f = fopen(TRACEFS "trace", "r");
	ASSERT_NE(NULL, f);
	trace[fread(trace, 1, sizeof(trace) - 1, f)] = '\0';
	fclose(f);
	EXPECT_NE(NULL, strstr(trace, "sspi_logon: domain=Corp user=Alice workstation="))
		TH_LOG("%s", trace);
	EXPECT_NE(NULL, strstr(trace, "status=0x8009030c")) TH_LOG("%s", trace);
	EXPECT_NE(NULL, strstr(trace, "status=0x00000000")) TH_LOG("%s", trace);
	/* This process called AcceptSecurityContext, in this namespace. */
	ASSERT_EQ(0, stat("/proc/self/ns/net", &ns));
	snprintf(want, sizeof(want), "netns=%lu pid=%d status=0x8009030c",
		 (unsigned long)ns.st_ino, getpid());
	EXPECT_NE(NULL, strstr(trace, want)) TH_LOG("%s in %s", want, trace);
}

TEST_HARNESS_MAIN
