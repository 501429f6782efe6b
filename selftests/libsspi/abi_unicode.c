// SPDX-License-Identifier: GPL-2.0
/*
 * Part of abi_test: <security.h> seen by a program built with UNICODE, as
 * Windows programs usually are. The undecorated names must be the W ones.
 */
#define UNICODE
#define SECURITY_WIN32
#include <string.h>
#include <security.h>

int unicode_names_map_to_w(void);

int unicode_names_map_to_w(void)
{
	SecPkgInfo info;			/* SecPkgInfoW */
	SecPkgContext_Names names;		/* SecPkgContext_NamesW */
	SEC_WINNT_AUTH_IDENTITY id;		/* SEC_WINNT_AUTH_IDENTITY_W */
	SecurityFunctionTable *t = InitSecurityInterface();
	ACQUIRE_CREDENTIALS_HANDLE_FN ach = AcquireCredentialsHandle;
	static const SEC_WCHAR entry[] = u"InitSecurityInterfaceW";

	info.Name = NTLMSP_NAME;
	names.sUserName = info.Name;
	id.User = (unsigned short *)names.sUserName;

	return (void *)InitSecurityInterface == (void *)InitSecurityInterfaceW &&
	       t == InitSecurityInterfaceW() &&
	       t->AcquireCredentialsHandle == AcquireCredentialsHandleW &&
	       (void *)ach == (void *)AcquireCredentialsHandleW &&
	       (void *)InitializeSecurityContext == (void *)InitializeSecurityContextW &&
	       (void *)QueryContextAttributes == (void *)QueryContextAttributesW &&
	       (void *)EnumerateSecurityPackages == (void *)EnumerateSecurityPackagesW &&
	       sizeof(SEC_TEXT("x")[0]) == 2 &&
	       memcmp(SECURITY_ENTRYPOINT, entry, sizeof(entry)) == 0 &&
	       strcmp(SECURITY_ENTRYPOINT_ANSI, "InitSecurityInterfaceW") == 0 &&
	       sizeof(NEGOSSP_NAME[0]) == 2 &&
	       id.User[0] == 'N';
}
