// SPDX-License-Identifier: GPL-2.0
/*
 * TEST-ONLY LINKAGE, not part of libsspi.
 *
 * The dispatch tables (lib/dispatch.c) point at every SSPI function,
 * including the ones lib/package.c and lib/memory.c implement. These stand-ins
 * let the host tests link lib/dispatch.c and lib/unsupported.c without the
 * netlink transport; each returns SEC_E_INTERNAL_ERROR so that a test calling
 * one by mistake notices. Once the tests link libsspi itself, delete this
 * file.
 */
#include <sspi.h>

SECURITY_STATUS SEC_ENTRY EnumerateSecurityPackagesA(
	PULONG pcPackages __attribute__((unused)),
	PSecPkgInfoA *ppPackageInfo __attribute__((unused)))
{
	return SEC_E_INTERNAL_ERROR;
}

SECURITY_STATUS SEC_ENTRY EnumerateSecurityPackagesW(
	PULONG pcPackages __attribute__((unused)),
	PSecPkgInfoW *ppPackageInfo __attribute__((unused)))
{
	return SEC_E_INTERNAL_ERROR;
}

SECURITY_STATUS SEC_ENTRY QuerySecurityPackageInfoA(
	LPSTR pszPackageName __attribute__((unused)),
	PSecPkgInfoA *ppPackageInfo __attribute__((unused)))
{
	return SEC_E_INTERNAL_ERROR;
}

SECURITY_STATUS SEC_ENTRY QuerySecurityPackageInfoW(
	LPWSTR pszPackageName __attribute__((unused)),
	PSecPkgInfoW *ppPackageInfo __attribute__((unused)))
{
	return SEC_E_INTERNAL_ERROR;
}

SECURITY_STATUS SEC_ENTRY FreeContextBuffer(
	PVOID pvContextBuffer __attribute__((unused)))
{
	return SEC_E_INTERNAL_ERROR;
}
