// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The SSPI functions libsspi does not implement yet.
 *
 * Each one has its exact Windows signature, so programs link and the
 * dispatch tables are complete, and returns SEC_E_UNSUPPORTED_FUNCTION, the
 * status Windows gives for a function a package does not support. This file
 * shrinks as the issues implementing them land: a function moves out of here
 * into the file that implements it.
 */
#include "export.h"
#include <sspi.h>

#define U __attribute__((unused))
#define UNSUPPORTED { return SEC_E_UNSUPPORTED_FUNCTION; }

/* Credentials */

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY AddCredentialsA(
	PCredHandle hCredentials U, LPSTR pszPrincipal U, LPSTR pszPackage U,
	ULONG fCredentialUse U, void *pAuthData U, SEC_GET_KEY_FN pGetKeyFn U,
	void *pvGetKeyArgument U, PTimeStamp ptsExpiry U) UNSUPPORTED

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY AddCredentialsW(
	PCredHandle hCredentials U, LPWSTR pszPrincipal U, LPWSTR pszPackage U,
	ULONG fCredentialUse U, void *pAuthData U, SEC_GET_KEY_FN pGetKeyFn U,
	void *pvGetKeyArgument U, PTimeStamp ptsExpiry U) UNSUPPORTED

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY QueryCredentialsAttributesExA(
	PCredHandle phCredential U, ULONG ulAttribute U, void *pBuffer U,
	ULONG cBuffers U) UNSUPPORTED

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY QueryCredentialsAttributesExW(
	PCredHandle phCredential U, ULONG ulAttribute U, void *pBuffer U,
	ULONG cBuffers U) UNSUPPORTED

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY ChangeAccountPasswordA(
	SEC_CHAR *pszPackageName U, SEC_CHAR *pszDomainName U,
	SEC_CHAR *pszAccountName U, SEC_CHAR *pszOldPassword U,
	SEC_CHAR *pszNewPassword U, BOOLEAN bImpersonating U,
	ULONG dwReserved U, PSecBufferDesc pOutput U) UNSUPPORTED

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY ChangeAccountPasswordW(
	SEC_WCHAR *pszPackageName U, SEC_WCHAR *pszDomainName U,
	SEC_WCHAR *pszAccountName U, SEC_WCHAR *pszOldPassword U,
	SEC_WCHAR *pszNewPassword U, BOOLEAN bImpersonating U,
	ULONG dwReserved U, PSecBufferDesc pOutput U) UNSUPPORTED

/* Contexts */

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY ImpersonateSecurityContext(
	PCtxtHandle phContext U) UNSUPPORTED

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY RevertSecurityContext(
	PCtxtHandle phContext U) UNSUPPORTED

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY QuerySecurityContextToken(
	PCtxtHandle phContext U, void **Token U) UNSUPPORTED

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY ApplyControlToken(
	PCtxtHandle phContext U, PSecBufferDesc pInput U) UNSUPPORTED

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY QueryContextAttributesExA(
	PCtxtHandle phContext U, ULONG ulAttribute U, void *pBuffer U,
	ULONG cbBuffer U) UNSUPPORTED

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY QueryContextAttributesExW(
	PCtxtHandle phContext U, ULONG ulAttribute U, void *pBuffer U,
	ULONG cbBuffer U) UNSUPPORTED

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY SetContextAttributesA(
	PCtxtHandle phContext U, ULONG ulAttribute U, void *pBuffer U,
	ULONG cbBuffer U) UNSUPPORTED

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY SetContextAttributesW(
	PCtxtHandle phContext U, ULONG ulAttribute U, void *pBuffer U,
	ULONG cbBuffer U) UNSUPPORTED

/* Context export and import */

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY ExportSecurityContext(
	PCtxtHandle phContext U, ULONG fFlags U, PSecBuffer pPackedContext U,
	void **pToken U) UNSUPPORTED

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY ImportSecurityContextA(
	LPSTR pszPackage U, PSecBuffer pPackedContext U, void *Token U,
	PCtxtHandle phContext U) UNSUPPORTED

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY ImportSecurityContextW(
	LPWSTR pszPackage U, PSecBuffer pPackedContext U, void *Token U,
	PCtxtHandle phContext U) UNSUPPORTED
