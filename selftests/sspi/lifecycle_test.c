// SPDX-License-Identifier: GPL-2.0
/*
 * sspi.ko comes and goes: libsspi says SEC_E_INTERNAL_ERROR ("the Local
 * Security Authority cannot be contacted") while it is away, finds it again
 * when it is back, and the module unloads cleanly at any time, even while
 * requests are in flight. Needs SSPI_KO, the path of the module to load.
 */
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sspi.h>

#include "kselftest_harness.h"
#include "guest.h"

static int module_load(void)
{
	const char *path = getenv("SSPI_KO");
	int fd, ret;

	if (!path)
		return -ENOENT;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, fd, "", 0);
	ret = ret ? -errno : 0;
	close(fd);
	return ret;
}

static int module_unload(void)
{
	return syscall(SYS_delete_module, "sspi", O_NONBLOCK) ? -errno : 0;
}

static int module_loaded(void)
{
	return access("/sys/module/sspi", F_OK) == 0;
}

static SECURITY_STATUS enumerate(void)
{
	PSecPkgInfoA info = NULL;
	ULONG count = 0;
	SECURITY_STATUS status;

	status = EnumerateSecurityPackagesA(&count, &info);
	if (status == SEC_E_OK) {
		if (count != 1 || !info || strcmp(info[0].Name, "NTLM"))
			status = SEC_E_INTERNAL_ERROR - 1;	/* a wrong answer */
		FreeContextBuffer(info);
	}
	return status;
}

FIXTURE(lifecycle) {
	int unused;
};

FIXTURE_SETUP(lifecycle)
{
	if (!getenv("SSPI_KO"))
		SKIP(return, "SSPI_KO not set: run in the test guest");
	if (!module_loaded())
		ASSERT_EQ(0, module_load());
}

FIXTURE_TEARDOWN(lifecycle)
{
	if (!module_loaded())
		EXPECT_EQ(0, module_load());
}

TEST_F(lifecycle, absent_module_is_internal_error)
{
	PSecPkgInfoA a = NULL;
	PSecPkgInfoW w = NULL;
	ULONG count = 7;
	CredHandle cred = { 1, 1 };	/* a credential handle of before */
	CtxtHandle ctx;
	char token[64];
	SecBuffer buf = { sizeof(token), SECBUFFER_TOKEN, token };
	SecBufferDesc desc = { SECBUFFER_VERSION, 1, &buf };

	ASSERT_EQ(0, module_unload());
	ASSERT_FALSE(module_loaded());
	EXPECT_EQ(SEC_E_INTERNAL_ERROR, EnumerateSecurityPackagesA(&count, &a));
	EXPECT_EQ(NULL, a);
	EXPECT_EQ(0, count);
	EXPECT_EQ(SEC_E_INTERNAL_ERROR, EnumerateSecurityPackagesW(&count, &w));
	EXPECT_EQ(NULL, w);
	EXPECT_EQ(SEC_E_INTERNAL_ERROR, QuerySecurityPackageInfoA("NTLM", &a));
	EXPECT_EQ(NULL, a);
	EXPECT_EQ(SEC_E_INTERNAL_ERROR, QuerySecurityPackageInfoW(u"NTLM", &w));
	EXPECT_EQ(NULL, w);
	EXPECT_EQ(SEC_E_INTERNAL_ERROR,
		  AcquireCredentialsHandleA(NULL, "NTLM", SECPKG_CRED_INBOUND, NULL, NULL, NULL,
					    NULL, &cred, NULL));
	EXPECT_EQ(SEC_E_INTERNAL_ERROR,
		  InitializeSecurityContextA(&cred, NULL, NULL, ISC_REQ_CONNECTION, 0, 0, NULL, 0,
					     &ctx, &desc, NULL, NULL));
}

TEST_F(lifecycle, library_finds_reloaded_module)
{
	/* The library's socket has resolved the family before the reload. */
	ASSERT_EQ(SEC_E_OK, enumerate());
	ASSERT_EQ(0, module_unload());
	EXPECT_EQ(SEC_E_INTERNAL_ERROR, enumerate());
	ASSERT_EQ(0, module_load());
	EXPECT_EQ(SEC_E_OK, enumerate());
	/* and again without a call in between */
	ASSERT_EQ(0, module_unload());
	ASSERT_EQ(0, module_load());
	EXPECT_EQ(SEC_E_OK, enumerate());
}

/*
 * Each load runs the module's known-answer self-test: a hundred of them
 * outlast the default 30 s on the debug kernel of a loaded host.
 */
TEST_F_TIMEOUT(lifecycle, hundred_load_unload_cycles, 300)
{
	int i;

	for (i = 0; i < 100; i++) {
		ASSERT_EQ(0, module_unload()) TH_LOG("cycle %d", i);
		ASSERT_EQ(0, module_load()) TH_LOG("cycle %d", i);
		ASSERT_EQ(SEC_E_OK, enumerate()) TH_LOG("cycle %d", i);
	}
}

/* Requests keep coming from another process while the module cycles. */
/* Thirty unloads and loads take 25-40 s under TCG on a busy host. */
TEST_F_TIMEOUT(lifecycle, unload_under_load, 180)
{
	int pipefd[2], status, i;
	pid_t child;
	char verdict;

	ASSERT_EQ(0, pipe(pipefd));
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		SECURITY_STATUS s;

		close(pipefd[0]);
		for (;;) {
			s = enumerate();
			if (s != SEC_E_OK && s != SEC_E_INTERNAL_ERROR) {
				verdict = 'x';
				(void)!write(pipefd[1], &verdict, 1);
				_exit(1);
			}
		}
	}
	close(pipefd[1]);
	for (i = 0; i < 30; i++) {
		usleep(2000);
		ASSERT_EQ(0, module_unload()) TH_LOG("cycle %d", i);
		usleep(2000);
		ASSERT_EQ(0, module_load()) TH_LOG("cycle %d", i);
	}
	kill(child, SIGKILL);
	waitpid(child, &status, 0);
	EXPECT_EQ(0, read(pipefd[0], &verdict, 1)) TH_LOG("a request got a wrong answer");
	close(pipefd[0]);
	EXPECT_EQ(SEC_E_OK, enumerate());
}

#define ORPHANS 2000

/* What a process holds: an established pair, a pending one, maybe credentials. */
struct holder {
	pid_t pid;
	int ready;	/* the child writes a byte once it holds them */
	int go;		/* the parent writes a byte: let go of them and exit */
};

/*
 * In a child: credentials, an established pair that has sealed, and a
 * pending pair; without KEEP_CREDS the credential handles are freed, so
 * that the contexts hold the credentials' last references, and ORPHANS
 * more pending contexts each hold the last reference to a credential. NETNS: all of
 * it in a network namespace of its own, with an account store of its own.
 * Exits 0 once told to go, having deleted what it still could.
 */
static void hold(bool keep_creds, bool netns, int ready, int go)
{
	CredHandle client_cred, server_cred;
	struct pair established = { }, pending = { };
	SecBuffer b[2];
	SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
	unsigned char sig[16];
	char msg[] = "held", byte = 'r';
	CtxtHandle orphan;
	struct leg out;
	int i;

	if (netns && unshare(CLONE_NEWNET))
		_exit(10);
	if (only_default_account())
		_exit(11);
	if (acquire_user("User", "Domain", "Password", SECPKG_CRED_OUTBOUND, &client_cred) ||
	    acquire_user(NULL, NULL, NULL, SECPKG_CRED_INBOUND, &server_cred))
		_exit(12);
	if (pair_handshake(&client_cred, &server_cred, &established) != SEC_E_OK)
		_exit(13);
	b[0] = (SecBuffer){ sizeof(sig), SECBUFFER_TOKEN, sig };
	b[1] = (SecBuffer){ sizeof(msg), SECBUFFER_DATA, msg };
	if (EncryptMessage(&established.client, 0, &d, 0))
		_exit(14);
	if (InitializeSecurityContextA(&client_cred, NULL, "HTTP/held", ISC_FLAGS, 0, 0, NULL,
				       0, &pending.client, leg_init(&out), NULL, NULL) !=
	    SEC_I_CONTINUE_NEEDED)
		_exit(15);
	pending.have_client = true;
	if (!keep_creds) {
		FreeCredentialsHandle(&client_cred);
		FreeCredentialsHandle(&server_cred);
		/* many contexts, each the last holder of its credential */
		for (i = 0; i < ORPHANS; i++) {
			if (acquire_user("User", "Domain", "Password", SECPKG_CRED_OUTBOUND,
					 &client_cred) ||
			    InitializeSecurityContextA(&client_cred, NULL, "HTTP/held", ISC_FLAGS,
						       0, 0, NULL, 0, &orphan, leg_init(&out),
						       NULL, NULL) != SEC_I_CONTINUE_NEEDED)
				_exit(17);
			FreeCredentialsHandle(&client_cred);
		}
	}
	if (write(ready, &byte, 1) != 1)
		_exit(16);
	(void)!read(go, &byte, 1);	/* the parent lets go */
	pair_free(&established);
	pair_free(&pending);
	if (keep_creds) {
		FreeCredentialsHandle(&client_cred);
		FreeCredentialsHandle(&server_cred);
	}
	_exit(0);
}

static void holder_start(struct __test_metadata *_metadata, struct holder *h,
			 bool keep_creds, bool netns)
{
	int ready[2], go[2];
	char byte;

	ASSERT_EQ(0, pipe(ready));
	ASSERT_EQ(0, pipe(go));
	h->pid = fork();
	ASSERT_LE(0, h->pid);
	if (h->pid == 0) {
		close(ready[0]);
		close(go[1]);
		hold(keep_creds, netns, ready[1], go[0]);
	}
	close(ready[1]);
	close(go[0]);
	h->ready = ready[0];
	h->go = go[1];
	ASSERT_EQ(1, read(h->ready, &byte, 1)) TH_LOG("the holder failed to set up");
}

static void holder_stop(struct __test_metadata *_metadata, struct holder *h)
{
	char byte = 'g';
	int status;

	/* a byte, not EOF: a holder forked later has the pipe open too */
	EXPECT_EQ(1, write(h->go, &byte, 1));
	close(h->go);
	close(h->ready);
	ASSERT_EQ(h->pid, waitpid(h->pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
		TH_LOG("holder status %#x", status);
}

/* Waits for the module's objects to be freed (they go after a grace period). */
static int objects_gone(void)
{
	int i;

	for (i = 0; i < 600; i++) {
		if (live_objects("contexts") == 0 && live_objects("credentials") == 0)
			return 1;
		usleep(50000);
	}
	return 0;
}

/*
 * rmmod while processes hold contexts, some of them the last references
 * to their credentials: the module frees them all before its code goes,
 * the processes then find it gone, and it comes back clean.
 */
TEST_F_TIMEOUT(lifecycle, unload_while_processes_hold_contexts, 120)
{
	struct holder with_creds, without_creds;

	holder_start(_metadata, &with_creds, true, false);
	holder_start(_metadata, &without_creds, false, false);
	ASSERT_EQ(0, module_unload());
	usleep(200000);		/* a callback left behind would run now */
	holder_stop(_metadata, &with_creds);
	holder_stop(_metadata, &without_creds);
	ASSERT_EQ(0, module_load());
	EXPECT_EQ(SEC_E_OK, enumerate());
	ASSERT_EQ(0, only_default_account());
	EXPECT_EQ(SEC_E_OK, default_handshake());
	EXPECT_TRUE(objects_gone());
}

/*
 * A network namespace whose sockets hold contexts (and whose inbound
 * credentials hold it) goes away when its process exits: with the module
 * loaded, and after the module went first.
 */
TEST_F_TIMEOUT(lifecycle, namespace_exit_with_live_contexts, 120)
{
	struct holder h;

	holder_start(_metadata, &h, false, true);
	holder_stop(_metadata, &h);
	EXPECT_TRUE(objects_gone());

	holder_start(_metadata, &h, true, true);
	ASSERT_EQ(0, module_unload());
	usleep(200000);
	holder_stop(_metadata, &h);
	ASSERT_EQ(0, module_load());
	EXPECT_EQ(SEC_E_OK, enumerate());
	EXPECT_TRUE(objects_gone());
}

TEST_HARNESS_MAIN
