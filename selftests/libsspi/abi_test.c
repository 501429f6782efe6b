// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of the binary interface of <sspi.h>: sizes and offsets that
 * must be Windows' for the same pointer size, the dispatch tables of
 * InitSecurityInterfaceA/W, and the functions not implemented yet.
 */
#include "kselftest_harness.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define SECURITY_WIN32
#include <security.h>

/* abi_unicode.c: the same header with UNICODE defined */
int unicode_names_map_to_w(void);

#define P	sizeof(void *)
/* Windows layout: offset o rounded up to the alignment of a pointer */
#define PALIGN(o)	(((o) + P - 1) / P * P)

TEST(base_types)
{
	EXPECT_EQ(4, sizeof(ULONG));
	EXPECT_EQ(4, sizeof(LONG));
	EXPECT_EQ(2, sizeof(USHORT));
	EXPECT_EQ(1, sizeof(UCHAR));
	EXPECT_EQ(1, sizeof(BOOLEAN));
	EXPECT_EQ(4, sizeof(SECURITY_STATUS));
	EXPECT_EQ(2, sizeof(SEC_WCHAR));
	EXPECT_EQ(1, sizeof(SEC_CHAR));
	EXPECT_EQ(P, sizeof(ULONG_PTR));
	/* unsigned and signed as on Windows */
	EXPECT_TRUE((ULONG)-1 > 0);
	EXPECT_TRUE((LONG)-1 < 0);
	EXPECT_TRUE((SEC_WCHAR)-1 > 0);
	EXPECT_TRUE(SEC_E_UNSUPPORTED_FUNCTION < 0);
	EXPECT_TRUE(SEC_SUCCESS(SEC_I_CONTINUE_NEEDED));
	EXPECT_FALSE(SEC_SUCCESS(SEC_E_INTERNAL_ERROR));
}

TEST(wide_literals)
{
	SEC_WCHAR *name = NTLMSP_NAME;	/* u"NTLM" */
	const SEC_WCHAR expect[] = { 'N', 'T', 'L', 'M', 0 };

	EXPECT_EQ(0, memcmp(name, expect, sizeof(expect)));
	EXPECT_EQ(0, memcmp(NTLMSP_NAME_W, expect, sizeof(expect)));
	EXPECT_STREQ("NTLM", NTLMSP_NAME_A);
	EXPECT_EQ(sizeof(expect), sizeof(NTLMSP_NAME));
}

TEST(handles)
{
	SecHandle h = { 1, 2 };
	CredHandle c;
	CtxtHandle x;

	EXPECT_EQ(2 * P, sizeof(SecHandle));
	EXPECT_EQ(0, offsetof(SecHandle, dwLower));
	EXPECT_EQ(P, offsetof(SecHandle, dwUpper));
	EXPECT_EQ(sizeof(SecHandle), sizeof(c));
	EXPECT_EQ(sizeof(SecHandle), sizeof(x));

	EXPECT_TRUE(SecIsValidHandle(&h));
	SecInvalidateHandle(&h)
	EXPECT_FALSE(SecIsValidHandle(&h));
	EXPECT_EQ(UINTPTR_MAX, h.dwLower);
	EXPECT_EQ(UINTPTR_MAX, h.dwUpper);
	h.dwLower = 0;
	EXPECT_FALSE(SecIsValidHandle(&h));	/* one half invalid is enough */
	EXPECT_EQ(UINTPTR_MAX - 1, SEC_DELETED_HANDLE);
}

TEST(timestamp)
{
	TimeStamp t;

	EXPECT_EQ(8, sizeof(TimeStamp));
	EXPECT_EQ(8, sizeof(SECURITY_INTEGER));
	t.QuadPart = 0x0123456789ABCDEFLL;
	EXPECT_EQ(0x89ABCDEFu, t.LowPart);
	EXPECT_EQ(0x01234567, t.HighPart);
	EXPECT_EQ(t.LowPart, t.u.LowPart);
	EXPECT_EQ(t.HighPart, t.u.HighPart);
	t.HighPart = -1;
	EXPECT_TRUE(t.QuadPart < 0);

	EXPECT_EQ(16, sizeof(SecPkgContext_Lifespan));
	EXPECT_EQ(8, offsetof(SecPkgContext_Lifespan, tsExpiry));
}

TEST(buffers)
{
	EXPECT_EQ(8 + P, sizeof(SecBuffer));
	EXPECT_EQ(0, offsetof(SecBuffer, cbBuffer));
	EXPECT_EQ(4, offsetof(SecBuffer, BufferType));
	EXPECT_EQ(8, offsetof(SecBuffer, pvBuffer));

	EXPECT_EQ(8 + P, sizeof(SecBufferDesc));
	EXPECT_EQ(0, offsetof(SecBufferDesc, ulVersion));
	EXPECT_EQ(4, offsetof(SecBufferDesc, cBuffers));
	EXPECT_EQ(8, offsetof(SecBufferDesc, pBuffers));

	EXPECT_EQ(32, sizeof(SEC_CHANNEL_BINDINGS));
	EXPECT_EQ(28, offsetof(SEC_CHANNEL_BINDINGS, dwApplicationDataOffset));
}

TEST(package_info)
{
	EXPECT_EQ(0, offsetof(SecPkgInfoA, fCapabilities));
	EXPECT_EQ(4, offsetof(SecPkgInfoA, wVersion));
	EXPECT_EQ(6, offsetof(SecPkgInfoA, wRPCID));
	EXPECT_EQ(8, offsetof(SecPkgInfoA, cbMaxToken));
	EXPECT_EQ(PALIGN(12), offsetof(SecPkgInfoA, Name));
	EXPECT_EQ(PALIGN(12) + P, offsetof(SecPkgInfoA, Comment));
	EXPECT_EQ(PALIGN(12) + 2 * P, sizeof(SecPkgInfoA));

	EXPECT_EQ(offsetof(SecPkgInfoA, Name), offsetof(SecPkgInfoW, Name));
	EXPECT_EQ(offsetof(SecPkgInfoA, Comment), offsetof(SecPkgInfoW, Comment));
	EXPECT_EQ(sizeof(SecPkgInfoA), sizeof(SecPkgInfoW));
}

TEST(auth_identity)
{
	/* ptr, len, ptr, len, ptr, len, flags */
	EXPECT_EQ(0, offsetof(SEC_WINNT_AUTH_IDENTITY_W, User));
	EXPECT_EQ(P, offsetof(SEC_WINNT_AUTH_IDENTITY_W, UserLength));
	EXPECT_EQ(2 * P, offsetof(SEC_WINNT_AUTH_IDENTITY_W, Domain));
	EXPECT_EQ(3 * P, offsetof(SEC_WINNT_AUTH_IDENTITY_W, DomainLength));
	EXPECT_EQ(4 * P, offsetof(SEC_WINNT_AUTH_IDENTITY_W, Password));
	EXPECT_EQ(5 * P, offsetof(SEC_WINNT_AUTH_IDENTITY_W, PasswordLength));
	EXPECT_EQ(5 * P + 4, offsetof(SEC_WINNT_AUTH_IDENTITY_W, Flags));
	EXPECT_EQ(PALIGN(5 * P + 8), sizeof(SEC_WINNT_AUTH_IDENTITY_W));
	EXPECT_EQ(sizeof(SEC_WINNT_AUTH_IDENTITY_W),
		  sizeof(SEC_WINNT_AUTH_IDENTITY_A));
	EXPECT_EQ(offsetof(SEC_WINNT_AUTH_IDENTITY_W, Flags),
		  offsetof(SEC_WINNT_AUTH_IDENTITY_A, Flags));
	/* without UNICODE the undecorated name is the A structure */
	EXPECT_EQ(sizeof(SEC_WINNT_AUTH_IDENTITY_A),
		  sizeof(SEC_WINNT_AUTH_IDENTITY));

	EXPECT_EQ(8, offsetof(SEC_WINNT_AUTH_IDENTITY_EXW, User));
	EXPECT_EQ(PALIGN(5 * P + 16), offsetof(SEC_WINNT_AUTH_IDENTITY_EXW, PackageList));
	EXPECT_EQ(sizeof(SEC_WINNT_AUTH_IDENTITY_EXW),
		  sizeof(SEC_WINNT_AUTH_IDENTITY_EXA));

	/* u"" literals go into the W structure with the SDK's cast */
	{
		SEC_WINNT_AUTH_IDENTITY_W id = {
			.User = (unsigned short *)u"user",
			.UserLength = 4,
			.Flags = SEC_WINNT_AUTH_IDENTITY_UNICODE,
		};
		EXPECT_EQ('u', id.User[0]);
	}
}

TEST(context_attributes)
{
	EXPECT_EQ(16, sizeof(SecPkgContext_Sizes));
	EXPECT_EQ(12, offsetof(SecPkgContext_Sizes, cbSecurityTrailer));
	EXPECT_EQ(20, sizeof(SecPkgContext_StreamSizes));
	EXPECT_EQ(16, offsetof(SecPkgContext_StreamSizes, cbBlockSize));
	EXPECT_EQ(P, sizeof(SecPkgContext_NamesA));
	EXPECT_EQ(P, sizeof(SecPkgContext_NamesW));
	EXPECT_EQ(PALIGN(4), offsetof(SecPkgContext_SessionKey, SessionKey));
	EXPECT_EQ(PALIGN(4) + P, sizeof(SecPkgContext_SessionKey));
	EXPECT_EQ(PALIGN(4), offsetof(SecPkgContext_DceInfo, pPac));
	EXPECT_EQ(2 * P, offsetof(SecPkgContext_KeyInfoW, KeySize));
	EXPECT_EQ(PALIGN(2 * P + 12), sizeof(SecPkgContext_KeyInfoW));
	EXPECT_EQ(P, offsetof(SecPkgContext_NegotiationInfoW, NegotiationState));
	EXPECT_EQ(P, sizeof(SecPkgContext_PackageInfoW));
	EXPECT_EQ(4, sizeof(SecPkgContext_Flags));
	EXPECT_EQ(PALIGN(4), offsetof(SecPkgContext_CredentialNameW,
				      sCredentialName));
	EXPECT_EQ(PALIGN(4), offsetof(SecPkgContext_TargetInformation,
				      MarshalledTargetInfo));
	EXPECT_EQ(PALIGN(4), offsetof(SecPkgContext_Target, Target));
	EXPECT_EQ(8, sizeof(SecPkgContext_PasswordExpiry));
	EXPECT_EQ(PALIGN(4), offsetof(SecPkgContext_Bindings, Bindings));
	EXPECT_EQ(9, offsetof(SecPkgContext_ApplicationProtocol, ProtocolId));
	EXPECT_EQ(264, sizeof(SecPkgContext_ApplicationProtocol));
	EXPECT_EQ(P, sizeof(SecPkgCredentials_NamesW));
}

/* 1-based position of a function pointer member after dwVersion */
#define SLOT(t, m)	((offsetof(t, m) - PALIGN(4)) / P + 1)

TEST(function_table_layout)
{
	/* dwVersion, then 31 pointers, in Windows order */
	EXPECT_EQ(PALIGN(4) + 31 * P, sizeof(SecurityFunctionTableW));
	EXPECT_EQ(sizeof(SecurityFunctionTableW), sizeof(SecurityFunctionTableA));
	EXPECT_EQ(1, SLOT(SecurityFunctionTableW, EnumerateSecurityPackagesW));
	EXPECT_EQ(5, SLOT(SecurityFunctionTableW, Reserved2));
	EXPECT_EQ(17, SLOT(SecurityFunctionTableW, QuerySecurityPackageInfoW));
	EXPECT_EQ(23, SLOT(SecurityFunctionTableW, Reserved8));
	EXPECT_EQ(27, SLOT(SecurityFunctionTableW, SetContextAttributesW));
	EXPECT_EQ(31, SLOT(SecurityFunctionTableW, QueryCredentialsAttributesExW));
	EXPECT_EQ(31, SLOT(SecurityFunctionTableA, QueryCredentialsAttributesExA));
}

/*
 * A table member is the library function: initializing f_ checks the types
 * match (-Werror), the comparison that the address does.
 */
#define EXPECT_FN(fn, member) do {					\
		__typeof__(member) f_ = &(fn);				\
		EXPECT_EQ((uintptr_t)f_, (uintptr_t)(member));		\
	} while (0)

/* Each table member, in declaration order, is exactly the library function. */
TEST(init_security_interface_w)
{
	PSecurityFunctionTableW t = InitSecurityInterfaceW();
	void *const want[] = {
		(void *)EnumerateSecurityPackagesW,
		(void *)QueryCredentialsAttributesW,
		(void *)AcquireCredentialsHandleW,
		(void *)FreeCredentialsHandle,
		NULL,	/* Reserved2 */
		(void *)InitializeSecurityContextW,
		(void *)AcceptSecurityContext,
		(void *)CompleteAuthToken,
		(void *)DeleteSecurityContext,
		(void *)ApplyControlToken,
		(void *)QueryContextAttributesW,
		(void *)ImpersonateSecurityContext,
		(void *)RevertSecurityContext,
		(void *)MakeSignature,
		(void *)VerifySignature,
		(void *)FreeContextBuffer,
		(void *)QuerySecurityPackageInfoW,
		(void *)EncryptMessage,	/* Reserved3, as Windows fills it */
		(void *)DecryptMessage,	/* Reserved4 */
		(void *)ExportSecurityContext,
		(void *)ImportSecurityContextW,
		(void *)AddCredentialsW,
		NULL,	/* Reserved8 */
		(void *)QuerySecurityContextToken,
		(void *)EncryptMessage,
		(void *)DecryptMessage,
		(void *)SetContextAttributesW,
		(void *)SetCredentialsAttributesW,
		(void *)ChangeAccountPasswordW,
		(void *)QueryContextAttributesExW,
		(void *)QueryCredentialsAttributesExW,
	};
	size_t i;

	ASSERT_NE(NULL, t);
	EXPECT_EQ(t, InitSecurityInterfaceW());	/* one table */
	EXPECT_EQ(SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION, t->dwVersion);

	/* by name */
	EXPECT_FN(EnumerateSecurityPackagesW, t->EnumerateSecurityPackagesW);
	EXPECT_FN(QueryCredentialsAttributesW, t->QueryCredentialsAttributesW);
	EXPECT_FN(AcquireCredentialsHandleW, t->AcquireCredentialsHandleW);
	EXPECT_FN(FreeCredentialsHandle, t->FreeCredentialsHandle);
	EXPECT_EQ(NULL, t->Reserved2);
	EXPECT_FN(InitializeSecurityContextW, t->InitializeSecurityContextW);
	EXPECT_FN(AcceptSecurityContext, t->AcceptSecurityContext);
	EXPECT_FN(CompleteAuthToken, t->CompleteAuthToken);
	EXPECT_FN(DeleteSecurityContext, t->DeleteSecurityContext);
	EXPECT_FN(ApplyControlToken, t->ApplyControlToken);
	EXPECT_FN(QueryContextAttributesW, t->QueryContextAttributesW);
	EXPECT_FN(ImpersonateSecurityContext, t->ImpersonateSecurityContext);
	EXPECT_FN(RevertSecurityContext, t->RevertSecurityContext);
	EXPECT_FN(MakeSignature, t->MakeSignature);
	EXPECT_FN(VerifySignature, t->VerifySignature);
	EXPECT_FN(FreeContextBuffer, t->FreeContextBuffer);
	EXPECT_FN(QuerySecurityPackageInfoW, t->QuerySecurityPackageInfoW);
	/* Windows' tables hold EncryptMessage and DecryptMessage here too */
	EXPECT_EQ((void *)EncryptMessage, t->Reserved3);
	EXPECT_EQ((void *)DecryptMessage, t->Reserved4);
	EXPECT_FN(ExportSecurityContext, t->ExportSecurityContext);
	EXPECT_FN(ImportSecurityContextW, t->ImportSecurityContextW);
	EXPECT_FN(AddCredentialsW, t->AddCredentialsW);
	EXPECT_EQ(NULL, t->Reserved8);
	EXPECT_FN(QuerySecurityContextToken, t->QuerySecurityContextToken);
	EXPECT_FN(EncryptMessage, t->EncryptMessage);
	EXPECT_FN(DecryptMessage, t->DecryptMessage);
	EXPECT_FN(SetContextAttributesW, t->SetContextAttributesW);
	EXPECT_FN(SetCredentialsAttributesW, t->SetCredentialsAttributesW);
	EXPECT_FN(ChangeAccountPasswordW, t->ChangeAccountPasswordW);
	EXPECT_FN(QueryContextAttributesExW, t->QueryContextAttributesExW);
	EXPECT_FN(QueryCredentialsAttributesExW, t->QueryCredentialsAttributesExW);

	/* by position: the members are in this order and there are no others */
	ASSERT_EQ(sizeof(*t), PALIGN(4) + sizeof(want));
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		void *slot;

		memcpy(&slot, (const char *)t + PALIGN(4) + i * P, P);
		EXPECT_EQ(want[i], slot) {
			TH_LOG("slot %zu", i + 1);
		}
	}
}

TEST(init_security_interface_a)
{
	PSecurityFunctionTableA t = InitSecurityInterfaceA();
	void *const want[] = {
		(void *)EnumerateSecurityPackagesA,
		(void *)QueryCredentialsAttributesA,
		(void *)AcquireCredentialsHandleA,
		(void *)FreeCredentialsHandle,
		NULL,
		(void *)InitializeSecurityContextA,
		(void *)AcceptSecurityContext,
		(void *)CompleteAuthToken,
		(void *)DeleteSecurityContext,
		(void *)ApplyControlToken,
		(void *)QueryContextAttributesA,
		(void *)ImpersonateSecurityContext,
		(void *)RevertSecurityContext,
		(void *)MakeSignature,
		(void *)VerifySignature,
		(void *)FreeContextBuffer,
		(void *)QuerySecurityPackageInfoA,
		(void *)EncryptMessage,	/* Reserved3, as Windows fills it */
		(void *)DecryptMessage,	/* Reserved4 */
		(void *)ExportSecurityContext,
		(void *)ImportSecurityContextA,
		(void *)AddCredentialsA,
		NULL,
		(void *)QuerySecurityContextToken,
		(void *)EncryptMessage,
		(void *)DecryptMessage,
		(void *)SetContextAttributesA,
		(void *)SetCredentialsAttributesA,
		(void *)ChangeAccountPasswordA,
		(void *)QueryContextAttributesExA,
		(void *)QueryCredentialsAttributesExA,
	};
	size_t i;

	ASSERT_NE(NULL, t);
	EXPECT_EQ(t, InitSecurityInterfaceA());
	EXPECT_EQ(SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION, t->dwVersion);
	EXPECT_FN(AcquireCredentialsHandleA, t->AcquireCredentialsHandleA);
	EXPECT_FN(InitializeSecurityContextA, t->InitializeSecurityContextA);
	EXPECT_FN(QuerySecurityPackageInfoA, t->QuerySecurityPackageInfoA);
	EXPECT_FN(QueryCredentialsAttributesExA, t->QueryCredentialsAttributesExA);

	ASSERT_EQ(sizeof(*t), PALIGN(4) + sizeof(want));
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		void *slot;

		memcpy(&slot, (const char *)t + PALIGN(4) + i * P, P);
		EXPECT_EQ(want[i], slot) {
			TH_LOG("slot %zu", i + 1);
		}
	}
}

TEST(undecorated_names)
{
	/* without UNICODE: the A functions */
	EXPECT_EQ((void *)AcquireCredentialsHandleA, (void *)AcquireCredentialsHandle);
	EXPECT_EQ((void *)InitializeSecurityContextA, (void *)InitializeSecurityContext);
	EXPECT_EQ((void *)InitSecurityInterfaceA, (void *)InitSecurityInterface);
	EXPECT_EQ(sizeof(SecPkgInfoA), sizeof(SecPkgInfo));
	EXPECT_STREQ("InitSecurityInterfaceA", SECURITY_ENTRYPOINT_ANSI);
	EXPECT_STREQ("InitSecurityInterfaceA", SECURITY_ENTRYPOINT);
	/* with UNICODE: the W ones */
	EXPECT_EQ(1, unicode_names_map_to_w());
}

/* Every function of unsupported.c, through its table slot and by name. */
TEST(unsupported_functions)
{
	PSecurityFunctionTableA a = InitSecurityInterfaceA();
	const SECURITY_STATUS U = SEC_E_UNSUPPORTED_FUNCTION;
	CredHandle cred = { 0, 0 };
	CtxtHandle ctx = { 0, 0 };
	SecBuffer buf = { 0, SECBUFFER_TOKEN, NULL };
	SecBufferDesc desc = { SECBUFFER_VERSION, 1, &buf };
	ULONG qop = 0;
	TimeStamp ts;
	void *token = NULL;

	EXPECT_EQ(U, AddCredentialsA(&cred, NULL, NTLMSP_NAME_A,
		  SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, &ts));
	EXPECT_EQ(U, AddCredentialsW(&cred, NULL, NTLMSP_NAME,
		  SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, &ts));
	EXPECT_EQ(U, QueryCredentialsAttributesExA(&cred, 1, &token, sizeof(token)));
	EXPECT_EQ(U, QueryCredentialsAttributesExW(&cred, 1, &token, sizeof(token)));
	/* Implemented for one attribute only; every other is unsupported. */
	EXPECT_EQ(U, SetCredentialsAttributesA(&cred, 1, &token, sizeof(token)));
	EXPECT_EQ(U, SetCredentialsAttributesW(&cred, 1, &token, sizeof(token)));
	EXPECT_EQ(U, ChangeAccountPasswordA(NTLMSP_NAME_A, "D", "u", "o", "n",
					    0, 0, &desc));
	EXPECT_EQ(U, ChangeAccountPasswordW(NTLMSP_NAME, u"D", u"u", u"o", u"n",
					    0, 0, &desc));
	EXPECT_EQ(U, ImpersonateSecurityContext(&ctx));
	EXPECT_EQ(U, RevertSecurityContext(&ctx));
	EXPECT_EQ(U, QuerySecurityContextToken(&ctx, &token));
	EXPECT_EQ(U, ApplyControlToken(&ctx, &desc));
	EXPECT_EQ(U, QueryContextAttributesExA(&ctx, 0, &token, sizeof(token)));
	EXPECT_EQ(U, QueryContextAttributesExW(&ctx, 0, &token, sizeof(token)));
	EXPECT_EQ(U, SetContextAttributesA(&ctx, 0, &token, sizeof(token)));
	EXPECT_EQ(U, SetContextAttributesW(&ctx, 0, &token, sizeof(token)));
	/* implemented: a handle that is none is refused before the kernel */
	EXPECT_EQ(SEC_E_INVALID_HANDLE, MakeSignature(&ctx, 0, &desc, 0));
	EXPECT_EQ(SEC_E_INVALID_HANDLE, VerifySignature(&ctx, &desc, 0, &qop));
	EXPECT_EQ(SEC_E_INVALID_HANDLE, EncryptMessage(&ctx, 0, &desc, 0));
	EXPECT_EQ(SEC_E_INVALID_HANDLE, DecryptMessage(&ctx, &desc, 0, &qop));
	EXPECT_EQ(U, ExportSecurityContext(&ctx, 0, &buf, &token));
	EXPECT_EQ(U, ImportSecurityContextA(NTLMSP_NAME_A, &buf, NULL, &ctx));
	EXPECT_EQ(U, ImportSecurityContextW(NTLMSP_NAME, &buf, NULL, &ctx));
	/* and through the A table */
	EXPECT_EQ(U, a->QueryContextAttributesExA(&ctx, 0, &token, sizeof(token)));
}

TEST_HARNESS_MAIN
