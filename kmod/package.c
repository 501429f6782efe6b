// SPDX-License-Identifier: GPL-2.0
/*
 * The security packages sspi.ko provides, described as SecPkgInfo does.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/sspi.h>
#include <linux/string.h>

/*
 * NTLM's capabilities are Windows' base set, 0x00002B37, which every
 * Windows version reports (with RESTRICTED_TOKENS and newer flags added on
 * some): Wine's dlls/secur32/tests/ntlm.c and negotiate.c, NTLM_BASE_CAPS.
 * IMPERSONATION and LOGON are reported as Windows does, so that a program
 * that checks the value finds NTLM's; ImpersonateSecurityContext still
 * returns SEC_E_UNSUPPORTED_FUNCTION (man/EnumerateSecurityPackages.3).
 * cbMaxToken is Windows' 2888, and an acceptor refuses a longer NEGOTIATE
 * (kmod/context.c).
 */
static const struct sspi_package_info sspi_packages[] = {
	{
		.name = "NTLM",
		.comment = "NTLM Security Package",
		.capabilities = SSPI_SECPKG_FLAG_INTEGRITY |
				SSPI_SECPKG_FLAG_PRIVACY |
				SSPI_SECPKG_FLAG_TOKEN_ONLY |
				SSPI_SECPKG_FLAG_CONNECTION |
				SSPI_SECPKG_FLAG_MULTI_REQUIRED |
				SSPI_SECPKG_FLAG_IMPERSONATION |
				SSPI_SECPKG_FLAG_ACCEPT_WIN32_NAME |
				SSPI_SECPKG_FLAG_NEGOTIABLE |
				SSPI_SECPKG_FLAG_LOGON,
		.version = 1,
		.rpcid = 10,	/* RPC_C_AUTHN_WINNT */
		.max_token = SSPI_NTLM_MAX_TOKEN,
	},
};

/**
 * sspi_package_count() - number of security packages provided
 *
 * Return: how many packages sspi_package_by_index() can return.
 */
size_t sspi_package_count(void)
{
	return ARRAY_SIZE(sspi_packages);
}
EXPORT_SYMBOL_GPL(sspi_package_count);

/**
 * sspi_package_by_index() - one security package, by position
 * @index: 0 to sspi_package_count() - 1
 *
 * Return: the package description, or %NULL when @index is out of range.
 */
const struct sspi_package_info *sspi_package_by_index(size_t index)
{
	if (index >= ARRAY_SIZE(sspi_packages))
		return NULL;
	return &sspi_packages[index];
}
EXPORT_SYMBOL_GPL(sspi_package_by_index);

/**
 * sspi_package_by_name() - look a security package up by name
 * @name: NUL-terminated package name; compared without regard to case, as
 *	Windows does
 *
 * Return: the package description, or %NULL when there is none of that name.
 */
const struct sspi_package_info *sspi_package_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sspi_packages); i++)
		if (!strcasecmp(sspi_packages[i].name, name))
			return &sspi_packages[i];
	return NULL;
}
EXPORT_SYMBOL_GPL(sspi_package_by_name);
