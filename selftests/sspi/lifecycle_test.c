// SPDX-License-Identifier: GPL-2.0
/*
 * sspi.ko comes and goes: libsspi says SEC_E_INTERNAL_ERROR ("the Local
 * Security Authority cannot be contacted") while it is away, finds it again
 * when it is back, and the module unloads cleanly at any time, even while
 * requests are in flight. Needs SSPI_KO, the path of the module to load.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sspi.h>

#include "kselftest_harness.h"

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
TEST_F(lifecycle, unload_under_load)
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

TEST_HARNESS_MAIN
