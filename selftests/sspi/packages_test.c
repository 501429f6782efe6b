// SPDX-License-Identifier: GPL-2.0
/*
 * Security package enumeration through libsspi, as an SSPI application
 * sees it: EnumerateSecurityPackages, QuerySecurityPackageInfo,
 * FreeContextBuffer, in A and W forms and through InitSecurityInterface.
 */
#include <pthread.h>
#include <sspi.h>

#include "kselftest_harness.h"
#include "kmsg.h"

/* Windows' NTLM_BASE_CAPS (Wine's dlls/secur32/tests/ntlm.c, testAuth()) */
#define NTLM_CAPS (SECPKG_FLAG_INTEGRITY | SECPKG_FLAG_PRIVACY | \
		   SECPKG_FLAG_TOKEN_ONLY | SECPKG_FLAG_CONNECTION | \
		   SECPKG_FLAG_MULTI_REQUIRED | SECPKG_FLAG_IMPERSONATION | \
		   SECPKG_FLAG_ACCEPT_WIN32_NAME | SECPKG_FLAG_NEGOTIABLE | \
		   SECPKG_FLAG_LOGON)

static int wcs_eq(const SEC_WCHAR *a, const SEC_WCHAR *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static void check_ntlm_a(struct __test_metadata *_metadata, const SecPkgInfoA *p)
{
	EXPECT_STREQ("NTLM", p->Name);
	EXPECT_STREQ("NTLM Security Package", p->Comment);
	EXPECT_EQ(NTLM_CAPS, p->fCapabilities);
	EXPECT_EQ(1, p->wVersion);
	EXPECT_EQ(10, p->wRPCID);
	EXPECT_EQ(2888, p->cbMaxToken);
}

static void check_ntlm_w(struct __test_metadata *_metadata, const SecPkgInfoW *p)
{
	EXPECT_TRUE(wcs_eq(u"NTLM", p->Name));
	EXPECT_TRUE(wcs_eq(u"NTLM Security Package", p->Comment));
	EXPECT_EQ(NTLM_CAPS, p->fCapabilities);
	EXPECT_EQ(1, p->wVersion);
	EXPECT_EQ(10, p->wRPCID);
	EXPECT_EQ(2888, p->cbMaxToken);
}

FIXTURE(packages) {
	int kmsg;
};

FIXTURE_SETUP(packages)
{
	self->kmsg = kmsg_open_at_end();
}

FIXTURE_TEARDOWN(packages)
{
	if (self->kmsg >= 0) {
		EXPECT_EQ(0, kmsg_new_records(self->kmsg));
		close(self->kmsg);
	}
}

TEST_F(packages, enumerate_a)
{
	PSecPkgInfoA info = NULL;
	ULONG count = 0;

	ASSERT_EQ(SEC_E_OK, EnumerateSecurityPackagesA(&count, &info));
	ASSERT_EQ(1, count);
	ASSERT_NE(NULL, info);
	check_ntlm_a(_metadata, &info[0]);
	EXPECT_EQ(SEC_E_OK, FreeContextBuffer(info));
}

TEST_F(packages, enumerate_w)
{
	PSecPkgInfoW info = NULL;
	ULONG count = 0;

	ASSERT_EQ(SEC_E_OK, EnumerateSecurityPackagesW(&count, &info));
	ASSERT_EQ(1, count);
	ASSERT_NE(NULL, info);
	check_ntlm_w(_metadata, &info[0]);
	EXPECT_EQ(SEC_E_OK, FreeContextBuffer(info));
}

TEST_F(packages, query_by_name)
{
	PSecPkgInfoA a = NULL;
	PSecPkgInfoW w = NULL;

	ASSERT_EQ(SEC_E_OK, QuerySecurityPackageInfoA(NTLMSP_NAME_A, &a));
	check_ntlm_a(_metadata, a);
	FreeContextBuffer(a);
	/* Windows compares package names without regard to case. */
	ASSERT_EQ(SEC_E_OK, QuerySecurityPackageInfoA("ntlm", &a));
	check_ntlm_a(_metadata, a);
	FreeContextBuffer(a);
	ASSERT_EQ(SEC_E_OK, QuerySecurityPackageInfoW(NTLMSP_NAME_W, &w));
	check_ntlm_w(_metadata, w);
	FreeContextBuffer(w);
	ASSERT_EQ(SEC_E_OK, QuerySecurityPackageInfoW(u"nTlM", &w));
	check_ntlm_w(_metadata, w);
	FreeContextBuffer(w);
}

TEST_F(packages, unknown_names_are_not_found)
{
	static const char *const names[] = {
		"Kerberos", "Negotiate", "", "NTLM ", "NTL",
		"NTLMNTLMNTLMNTLMNTLMNTLMNTLMNTLMNTLMNTLMNTLMNTLMNTLMNTLMNTLMNTLMNTLM",
		"\xff\xfe", /* not UTF-8 */
	};
	PSecPkgInfoA a;
	PSecPkgInfoW w;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		a = (PSecPkgInfoA)1;
		EXPECT_EQ(SEC_E_SECPKG_NOT_FOUND, QuerySecurityPackageInfoA((LPSTR)names[i], &a))
			TH_LOG("name '%s'", names[i]);
		/* left as it was, as on Windows (windows_test.c) */
		EXPECT_EQ((PSecPkgInfoA)1, a);
	}
	w = (PSecPkgInfoW)1;
	EXPECT_EQ(SEC_E_SECPKG_NOT_FOUND, QuerySecurityPackageInfoW(u"Kerberos", &w));
	EXPECT_EQ((PSecPkgInfoW)1, w);
	/* an unpaired surrogate is no name at all */
	EXPECT_EQ(SEC_E_SECPKG_NOT_FOUND, QuerySecurityPackageInfoW(u"NT\xd800LM", &w));
}

TEST_F(packages, null_arguments_are_refused)
{
	PSecPkgInfoA a;
	ULONG count;

	EXPECT_EQ(SEC_E_INVALID_PARAMETER, EnumerateSecurityPackagesA(NULL, &a));
	EXPECT_EQ(SEC_E_INVALID_PARAMETER, EnumerateSecurityPackagesA(&count, NULL));
	EXPECT_EQ(SEC_E_INVALID_PARAMETER, EnumerateSecurityPackagesW(&count, NULL));
	EXPECT_EQ(SEC_E_INVALID_PARAMETER, QuerySecurityPackageInfoA("NTLM", NULL));
	EXPECT_EQ(SEC_E_INVALID_PARAMETER, QuerySecurityPackageInfoW(u"NTLM", NULL));
	EXPECT_EQ(SEC_E_SECPKG_NOT_FOUND, QuerySecurityPackageInfoA(NULL, &a));
	EXPECT_EQ(SEC_E_OK, FreeContextBuffer(NULL));
}

TEST_F(packages, through_the_dispatch_table)
{
	PSecurityFunctionTableA ta = InitSecurityInterfaceA();
	PSecurityFunctionTableW tw = InitSecurityInterfaceW();
	PSecPkgInfoA a = NULL;
	PSecPkgInfoW w = NULL;
	ULONG count = 0;

	ASSERT_NE(NULL, ta);
	ASSERT_NE(NULL, tw);
	ASSERT_EQ(SEC_E_OK, ta->EnumerateSecurityPackagesA(&count, &a));
	ASSERT_EQ(1, count);
	check_ntlm_a(_metadata, a);
	EXPECT_EQ(SEC_E_OK, ta->FreeContextBuffer(a));
	ASSERT_EQ(SEC_E_OK, tw->QuerySecurityPackageInfoW(NTLMSP_NAME_W, &w));
	check_ntlm_w(_metadata, w);
	EXPECT_EQ(SEC_E_OK, tw->FreeContextBuffer(w));
}

/* Many threads share the process's one connection to the module. */
static void *enumerate_many(void *arg)
{
	PSecPkgInfoA info;
	ULONG count;
	long bad = 0;
	int i;

	for (i = 0; i < 200; i++) {
		if (EnumerateSecurityPackagesA(&count, &info) != SEC_E_OK || count != 1 ||
		    strcmp(info->Name, "NTLM"))
			bad++;
		else
			FreeContextBuffer(info);
	}
	*(long *)arg = bad;
	return NULL;
}

TEST_F(packages, threads_share_the_connection)
{
	pthread_t threads[8];
	long bad[8];
	int i;

	for (i = 0; i < 8; i++)
		ASSERT_EQ(0, pthread_create(&threads[i], NULL, enumerate_many, &bad[i]));
	for (i = 0; i < 8; i++) {
		pthread_join(threads[i], NULL);
		EXPECT_EQ(0, bad[i]) TH_LOG("thread %d", i);
	}
}

TEST_HARNESS_MAIN
