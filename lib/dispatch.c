// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * InitSecurityInterfaceA/W: the SSPI dispatch tables, for programs that
 * call through them (or find them with dlsym(SECURITY_ENTRYPOINT_ANSI))
 * instead of linking the functions by name.
 *
 * The tables are constant and live for the life of the process, as on
 * Windows; callers must not write to them (they are in read-only memory).
 * Reserved3 and Reserved4 hold EncryptMessage and DecryptMessage, as in
 * Windows' tables (where the first SSPI had them) and Wine's
 * (dlls/secur32/secur32.c), for programs written against the old layout.
 */
#include "export.h"
#include <sspi.h>

/*
 * dwVersion tells a caller which members past DecryptMessage it may rely
 * on. The tables report the base version, SECURITY_SUPPORT_PROVIDER_
 * INTERFACE_VERSION, yet fill every member (through
 * QueryCredentialsAttributesEx), so a caller that does not look at
 * dwVersion can use them all. Raising it is a one-line change here.
 */
#define TABLE_VERSION	SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION

static const SecurityFunctionTableA table_a = {
	.dwVersion = TABLE_VERSION,
	.EnumerateSecurityPackagesA = EnumerateSecurityPackagesA,
	.QueryCredentialsAttributesA = QueryCredentialsAttributesA,
	.AcquireCredentialsHandleA = AcquireCredentialsHandleA,
	.FreeCredentialsHandle = FreeCredentialsHandle,
	.Reserved2 = NULL,
	.InitializeSecurityContextA = InitializeSecurityContextA,
	.AcceptSecurityContext = AcceptSecurityContext,
	.CompleteAuthToken = CompleteAuthToken,
	.DeleteSecurityContext = DeleteSecurityContext,
	.ApplyControlToken = ApplyControlToken,
	.QueryContextAttributesA = QueryContextAttributesA,
	.ImpersonateSecurityContext = ImpersonateSecurityContext,
	.RevertSecurityContext = RevertSecurityContext,
	.MakeSignature = MakeSignature,
	.VerifySignature = VerifySignature,
	.FreeContextBuffer = FreeContextBuffer,
	.QuerySecurityPackageInfoA = QuerySecurityPackageInfoA,
	.Reserved3 = (void *)EncryptMessage,	/* as Windows fills them */
	.Reserved4 = (void *)DecryptMessage,
	.ExportSecurityContext = ExportSecurityContext,
	.ImportSecurityContextA = ImportSecurityContextA,
	.AddCredentialsA = AddCredentialsA,
	.Reserved8 = NULL,
	.QuerySecurityContextToken = QuerySecurityContextToken,
	.EncryptMessage = EncryptMessage,
	.DecryptMessage = DecryptMessage,
	.SetContextAttributesA = SetContextAttributesA,
	.SetCredentialsAttributesA = SetCredentialsAttributesA,
	.ChangeAccountPasswordA = ChangeAccountPasswordA,
	.QueryContextAttributesExA = QueryContextAttributesExA,
	.QueryCredentialsAttributesExA = QueryCredentialsAttributesExA,
};

static const SecurityFunctionTableW table_w = {
	.dwVersion = TABLE_VERSION,
	.EnumerateSecurityPackagesW = EnumerateSecurityPackagesW,
	.QueryCredentialsAttributesW = QueryCredentialsAttributesW,
	.AcquireCredentialsHandleW = AcquireCredentialsHandleW,
	.FreeCredentialsHandle = FreeCredentialsHandle,
	.Reserved2 = NULL,
	.InitializeSecurityContextW = InitializeSecurityContextW,
	.AcceptSecurityContext = AcceptSecurityContext,
	.CompleteAuthToken = CompleteAuthToken,
	.DeleteSecurityContext = DeleteSecurityContext,
	.ApplyControlToken = ApplyControlToken,
	.QueryContextAttributesW = QueryContextAttributesW,
	.ImpersonateSecurityContext = ImpersonateSecurityContext,
	.RevertSecurityContext = RevertSecurityContext,
	.MakeSignature = MakeSignature,
	.VerifySignature = VerifySignature,
	.FreeContextBuffer = FreeContextBuffer,
	.QuerySecurityPackageInfoW = QuerySecurityPackageInfoW,
	.Reserved3 = (void *)EncryptMessage,	/* as Windows fills them */
	.Reserved4 = (void *)DecryptMessage,
	.ExportSecurityContext = ExportSecurityContext,
	.ImportSecurityContextW = ImportSecurityContextW,
	.AddCredentialsW = AddCredentialsW,
	.Reserved8 = NULL,
	.QuerySecurityContextToken = QuerySecurityContextToken,
	.EncryptMessage = EncryptMessage,
	.DecryptMessage = DecryptMessage,
	.SetContextAttributesW = SetContextAttributesW,
	.SetCredentialsAttributesW = SetCredentialsAttributesW,
	.ChangeAccountPasswordW = ChangeAccountPasswordW,
	.QueryContextAttributesExW = QueryContextAttributesExW,
	.QueryCredentialsAttributesExW = QueryCredentialsAttributesExW,
};

/* The SDK returns a non-const pointer; the table itself stays read-only. */
SSPI_EXPORT PSecurityFunctionTableA SEC_ENTRY InitSecurityInterfaceA(void)
{
	return (PSecurityFunctionTableA)&table_a;
}

SSPI_EXPORT PSecurityFunctionTableW SEC_ENTRY InitSecurityInterfaceW(void)
{
	return (PSecurityFunctionTableW)&table_w;
}
