// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * EnumerateSecurityPackages and QuerySecurityPackageInfo: the kernel's
 * package descriptions, returned in one block that FreeContextBuffer frees.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "internal.h"
#include "transport.h"
#include "utf16.h"
#include <sspi.h>

#define PKG_MAX 8	/* more than the kernel will ever report */

struct pkg_desc {
	const char *name;
	const char *comment;
	ULONG capabilities;
	USHORT version;
	USHORT rpcid;
	ULONG max_token;
	unsigned int seen;	/* bit per SSPI_PKG_ATTR_* present */
};

struct pkg_reply {
	bool wide;
	ULONG count;
	void *info;		/* SecPkgInfoA[] or SecPkgInfoW[] */
};

static const enum mnl_attr_data_type pkg_attr_types[SSPI_PKG_ATTR_MAX + 1] = {
	[SSPI_PKG_ATTR_NAME] = MNL_TYPE_NUL_STRING,
	[SSPI_PKG_ATTR_COMMENT] = MNL_TYPE_NUL_STRING,
	[SSPI_PKG_ATTR_CAPABILITIES] = MNL_TYPE_U32,
	[SSPI_PKG_ATTR_VERSION] = MNL_TYPE_U16,
	[SSPI_PKG_ATTR_RPCID] = MNL_TYPE_U16,
	[SSPI_PKG_ATTR_MAX_TOKEN] = MNL_TYPE_U32,
};

static int pkg_attr_cb(const struct nlattr *attr, void *data)
{
	struct pkg_desc *d = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type == 0 || type > SSPI_PKG_ATTR_MAX)
		return MNL_CB_OK;	/* from a newer module */
	if (mnl_attr_validate(attr, pkg_attr_types[type]) < 0)
		return MNL_CB_ERROR;
	switch (type) {
	case SSPI_PKG_ATTR_NAME:
		d->name = mnl_attr_get_str(attr);
		break;
	case SSPI_PKG_ATTR_COMMENT:
		d->comment = mnl_attr_get_str(attr);
		break;
	case SSPI_PKG_ATTR_CAPABILITIES:
		d->capabilities = mnl_attr_get_u32(attr);
		break;
	case SSPI_PKG_ATTR_VERSION:
		d->version = mnl_attr_get_u16(attr);
		break;
	case SSPI_PKG_ATTR_RPCID:
		d->rpcid = mnl_attr_get_u16(attr);
		break;
	case SSPI_PKG_ATTR_MAX_TOKEN:
		d->max_token = mnl_attr_get_u32(attr);
		break;
	}
	d->seen |= 1u << type;
	return MNL_CB_OK;
}

#define PKG_ALL_SEEN (((1u << (SSPI_PKG_ATTR_MAX + 1)) - 1) & ~1u)

/* Packs @n descriptions into one block: the array, then the strings. */
static void *pkg_pack(const struct pkg_desc *d, ULONG n, bool wide)
{
	size_t unit = wide ? sizeof(SEC_WCHAR) : 1;
	size_t elem = wide ? sizeof(SecPkgInfoW) : sizeof(SecPkgInfoA);
	size_t size = elem * n, name_len[PKG_MAX], comment_len[PKG_MAX];
	char *block, *strings;
	ULONG i;

	for (i = 0; i < n; i++) {
		name_len[i] = wide ? sspi_utf8_utf16_units(d[i].name) : strlen(d[i].name);
		comment_len[i] = wide ? sspi_utf8_utf16_units(d[i].comment) : strlen(d[i].comment);
		if (name_len[i] == SIZE_MAX || comment_len[i] == SIZE_MAX)
			return NULL;
		size += (name_len[i] + 1 + comment_len[i] + 1) * unit;
	}
	block = calloc(1, size);
	if (!block)
		return NULL;
	strings = block + elem * n;
	for (i = 0; i < n; i++) {
		char *name = strings;
		char *comment = name + (name_len[i] + 1) * unit;

		strings = comment + (comment_len[i] + 1) * unit;
		if (wide) {
			SecPkgInfoW *p = (SecPkgInfoW *)block + i;

			sspi_utf8_to_utf16_buf(d[i].name, (SEC_WCHAR *)name, name_len[i] + 1);
			sspi_utf8_to_utf16_buf(d[i].comment, (SEC_WCHAR *)comment, comment_len[i] + 1);
			p->Name = (SEC_WCHAR *)name;
			p->Comment = (SEC_WCHAR *)comment;
			p->fCapabilities = d[i].capabilities;
			p->wVersion = d[i].version;
			p->wRPCID = d[i].rpcid;
			p->cbMaxToken = d[i].max_token;
		} else {
			SecPkgInfoA *p = (SecPkgInfoA *)block + i;

			memcpy(name, d[i].name, name_len[i] + 1);
			memcpy(comment, d[i].comment, comment_len[i] + 1);
			p->Name = name;
			p->Comment = comment;
			p->fCapabilities = d[i].capabilities;
			p->wVersion = d[i].version;
			p->wRPCID = d[i].rpcid;
			p->cbMaxToken = d[i].max_token;
		}
	}
	return block;
}

static int32_t packages_reply(const struct nlmsghdr *reply, int32_t status, void *arg)
{
	struct pkg_reply *out = arg;
	struct pkg_desc d[PKG_MAX];
	const struct nlattr *attr;
	ULONG n = 0;

	if (status != SEC_E_OK)
		return status;
	mnl_attr_for_each(attr, reply, SSPI_GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) != SSPI_ATTR_PACKAGE)
			continue;
		if (n == PKG_MAX)
			return SEC_E_INTERNAL_ERROR;
		memset(&d[n], 0, sizeof(d[n]));
		if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0 ||
		    mnl_attr_parse_nested(attr, pkg_attr_cb, &d[n]) < 0 ||
		    (d[n].seen & PKG_ALL_SEEN) != PKG_ALL_SEEN)
			return SEC_E_INTERNAL_ERROR;
		n++;
	}
	if (n == 0)
		return SEC_E_SECPKG_NOT_FOUND;
	out->info = pkg_pack(d, n, out->wide);
	if (!out->info)
		return SEC_E_INSUFFICIENT_MEMORY;
	out->count = n;
	return SEC_E_OK;
}

/* Asks the kernel for every package, or for the one called @name. */
static SECURITY_STATUS get_packages(const char *name, struct pkg_reply *out)
{
	struct nlmsghdr *req;
	int32_t status;

	req = sspi_request_begin(SSPI_CMD_GET_PACKAGES, &status);
	if (!req)
		return status;
	if (name)
		mnl_attr_put_strz(req, SSPI_ATTR_PKG_NAME, name);
	return sspi_transact(req, packages_reply, out);
}

static SECURITY_STATUS enumerate(PULONG count, void **info, bool wide)
{
	struct pkg_reply out = { .wide = wide };
	SECURITY_STATUS status;

	if (!count || !info)
		return SEC_E_INVALID_PARAMETER;
	*count = 0;
	*info = NULL;
	status = get_packages(NULL, &out);
	if (status == SEC_E_OK) {
		*count = out.count;
		*info = out.info;
	}
	return status;
}

SECURITY_STATUS sspi_package_query(const char *name, void **info, bool wide)
{
	struct pkg_reply out = { .wide = wide };
	SECURITY_STATUS status;

	/* A failure leaves *info as it was, as on Windows (Wine's
	 * dlls/secur32/tests/main.c, testQuerySecurityPackageInfo()).
	 */
	if (!info)
		return SEC_E_INVALID_PARAMETER;
	/* No package has a name the kernel would refuse to look up. */
	if (!name || strlen(name) >= SSPI_PKG_NAME_MAX)
		return SEC_E_SECPKG_NOT_FOUND;
	status = get_packages(name, &out);
	if (status == SEC_E_OK)
		*info = out.info;
	return status;
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
EnumerateSecurityPackagesA(PULONG pcPackages, PSecPkgInfoA *ppPackageInfo)
{
	return enumerate(pcPackages, (void **)ppPackageInfo, false);
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
EnumerateSecurityPackagesW(PULONG pcPackages, PSecPkgInfoW *ppPackageInfo)
{
	return enumerate(pcPackages, (void **)ppPackageInfo, true);
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
QuerySecurityPackageInfoA(LPSTR pszPackageName, PSecPkgInfoA *ppPackageInfo)
{
	if (pszPackageName && !sspi_utf8_valid(pszPackageName))
		return ppPackageInfo ? SEC_E_SECPKG_NOT_FOUND : SEC_E_INVALID_PARAMETER;
	return sspi_package_query(pszPackageName, (void **)ppPackageInfo, false);
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
QuerySecurityPackageInfoW(SEC_WCHAR *pszPackageName, PSecPkgInfoW *ppPackageInfo)
{
	SECURITY_STATUS status;
	char *name = NULL;

	if (!ppPackageInfo)
		return SEC_E_INVALID_PARAMETER;
	if (!pszPackageName)
		return SEC_E_SECPKG_NOT_FOUND;
	name = sspi_utf16_to_utf8(pszPackageName);
	if (!name)
		return SEC_E_SECPKG_NOT_FOUND;	/* not UTF-16: no package's name */
	status = sspi_package_query(name, (void **)ppPackageInfo, true);
	free(name);
	return status;
}
