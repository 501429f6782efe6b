// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sspictl: the operator's view of sspi.ko, through libsspi.
 *
 *   sspictl packages        list the security packages the kernel offers
 */
#include <stdio.h>
#include <string.h>
#include <sspi.h>

static const struct {
	ULONG flag;
	const char *name;
} cap_names[] = {
	{ SECPKG_FLAG_INTEGRITY, "INTEGRITY" },
	{ SECPKG_FLAG_PRIVACY, "PRIVACY" },
	{ SECPKG_FLAG_TOKEN_ONLY, "TOKEN_ONLY" },
	{ SECPKG_FLAG_DATAGRAM, "DATAGRAM" },
	{ SECPKG_FLAG_CONNECTION, "CONNECTION" },
	{ SECPKG_FLAG_MULTI_REQUIRED, "MULTI_REQUIRED" },
	{ SECPKG_FLAG_CLIENT_ONLY, "CLIENT_ONLY" },
	{ SECPKG_FLAG_EXTENDED_ERROR, "EXTENDED_ERROR" },
	{ SECPKG_FLAG_IMPERSONATION, "IMPERSONATION" },
	{ SECPKG_FLAG_ACCEPT_WIN32_NAME, "ACCEPT_WIN32_NAME" },
	{ SECPKG_FLAG_STREAM, "STREAM" },
	{ SECPKG_FLAG_NEGOTIABLE, "NEGOTIABLE" },
	{ SECPKG_FLAG_LOGON, "LOGON" },
};

static void print_package(const SecPkgInfoA *p)
{
	size_t i;

	printf("%s: %s\n", p->Name, p->Comment);
	printf("  version %u, RPC id %u, max token %u bytes\n",
	       p->wVersion, p->wRPCID, p->cbMaxToken);
	printf("  capabilities 0x%08x:", p->fCapabilities);
	for (i = 0; i < sizeof(cap_names) / sizeof(cap_names[0]); i++)
		if (p->fCapabilities & cap_names[i].flag)
			printf(" %s", cap_names[i].name);
	printf("\n");
}

static int cmd_packages(void)
{
	PSecPkgInfoA info;
	ULONG count, i;
	SECURITY_STATUS status;

	status = EnumerateSecurityPackagesA(&count, &info);
	if (status != SEC_E_OK) {
		fprintf(stderr, "sspictl: EnumerateSecurityPackages: 0x%08x%s\n",
			(unsigned int)status,
			status == SEC_E_INTERNAL_ERROR ? " (is sspi.ko loaded?)" : "");
		return 1;
	}
	for (i = 0; i < count; i++)
		print_package(&info[i]);
	FreeContextBuffer(info);
	return 0;
}

static int usage(FILE *out)
{
	fprintf(out, "usage: sspictl packages\n");
	return out == stderr ? 2 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "packages"))
		return cmd_packages();
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))
		return usage(stdout);
	return usage(stderr);
}
