// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * AcquireCredentialsHandle, QueryCredentialsAttributes,
 * SetCredentialsAttributes and FreeCredentialsHandle. The identity goes to the kernel, which keeps the
 * NT hash; libsspi keeps nothing.
 */
#define _DEFAULT_SOURCE
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "internal.h"
#include "transport.h"
#include "utf16.h"

struct acquire_reply {
	uint64_t handle;
	uint64_t expiry;
};

static int acquire_attr_cb(const struct nlattr *attr, void *data)
{
	struct acquire_reply *r = data;

	switch (mnl_attr_get_type(attr)) {
	case SSPI_ATTR_CRED_HANDLE:
		if (mnl_attr_validate(attr, MNL_TYPE_U64) == 0)
			r->handle = mnl_attr_get_u64(attr);
		break;
	case SSPI_ATTR_EXPIRY:
		if (mnl_attr_validate(attr, MNL_TYPE_U64) == 0)
			r->expiry = mnl_attr_get_u64(attr);
		break;
	}
	return MNL_CB_OK;
}

static int32_t acquire_reply(const struct nlmsghdr *reply, int32_t status, void *arg)
{
	if (status == SEC_E_OK) {
		mnl_attr_parse(reply, SSPI_GENL_HDRLEN, acquire_attr_cb, arg);
		if (!((struct acquire_reply *)arg)->handle)
			return SEC_E_INTERNAL_ERROR;
	}
	return status;
}

static SECURITY_STATUS acquire(const char *package, ULONG use, const void *auth,
			       PCredHandle cred, PTimeStamp expiry)
{
	struct acquire_reply r = { 0 };
	struct sspi_identity id = { 0 };
	struct nlmsghdr *req;
	SECURITY_STATUS status;

	if (!cred)
		return SEC_E_INVALID_PARAMETER;
	if (!package || strlen(package) >= SSPI_PKG_NAME_MAX)
		return SEC_E_SECPKG_NOT_FOUND;
	if (auth) {
		status = sspi_identity_read(auth, &id);
		if (status)
			return status;
	}
	req = sspi_request_begin(SSPI_CMD_ACQUIRE_CREDENTIALS, &status);
	if (req) {
		mnl_attr_put_strz(req, SSPI_ATTR_PKG_NAME, package);
		mnl_attr_put_u32(req, SSPI_ATTR_CRED_USE, use);
		sspi_identity_put(req, &id);
		status = sspi_transact(req, acquire_reply, &r);
	}
	sspi_identity_free(&id);
	if (status == SEC_E_OK) {
		sspi_handle_set(cred, r.handle, SSPI_HANDLE_CRED);
		sspi_timestamp_set(expiry, r.expiry);
	}
	return status;
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY AcquireCredentialsHandleA(
	LPSTR pszPrincipal, LPSTR pszPackage, ULONG fCredentialUse,
	void *pvLogonId, void *pAuthData, SEC_GET_KEY_FN pGetKeyFn,
	void *pvGetKeyArgument, PCredHandle phCredential, PTimeStamp ptsExpiry)
{
	/* NTLM ignores the principal, logon id and key callback, as on Windows. */
	(void)pszPrincipal, (void)pvLogonId, (void)pGetKeyFn, (void)pvGetKeyArgument;
	if (pszPackage && !sspi_utf8_valid(pszPackage))
		return SEC_E_SECPKG_NOT_FOUND;
	return acquire(pszPackage, fCredentialUse, pAuthData, phCredential, ptsExpiry);
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY AcquireCredentialsHandleW(
	LPWSTR pszPrincipal, LPWSTR pszPackage, ULONG fCredentialUse,
	void *pvLogonId, void *pAuthData, SEC_GET_KEY_FN pGetKeyFn,
	void *pvGetKeyArgument, PCredHandle phCredential, PTimeStamp ptsExpiry)
{
	SECURITY_STATUS status;
	char *package = NULL;

	(void)pszPrincipal, (void)pvLogonId, (void)pGetKeyFn, (void)pvGetKeyArgument;
	if (pszPackage) {
		package = sspi_utf16_to_utf8(pszPackage);
		if (!package)
			return SEC_E_SECPKG_NOT_FOUND;
	}
	status = acquire(package, fCredentialUse, pAuthData, phCredential, ptsExpiry);
	free(package);
	return status;
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY FreeCredentialsHandle(PCredHandle phCredential)
{
	return sspi_handle_free(SSPI_CMD_FREE_CREDENTIALS, SSPI_ATTR_CRED_HANDLE,
				sspi_handle_value(phCredential, SSPI_HANDLE_CRED));
}

struct names_reply {
	bool wide;
	void *name;
};

static int names_attr_cb(const struct nlattr *attr, void *data)
{
	struct names_reply *r = data;
	size_t len;

	if (mnl_attr_get_type(attr) != SSPI_ATTR_USER || r->name)
		return MNL_CB_OK;
	if (r->wide) {
		char *check;

		/* validate, then hand out a NUL-terminated copy */
		if (sspi_utf16n_to_utf8(mnl_attr_get_payload(attr),
					mnl_attr_get_payload_len(attr) / 2, &check, &len) == 0) {
			free(check);
			r->name = calloc(mnl_attr_get_payload_len(attr) / 2 + 1, sizeof(char16_t));
			if (r->name)
				memcpy(r->name, mnl_attr_get_payload(attr),
				       mnl_attr_get_payload_len(attr) & ~1u);
		}
	} else {
		sspi_utf16n_to_utf8(mnl_attr_get_payload(attr),
				    mnl_attr_get_payload_len(attr) / 2, (char **)&r->name, &len);
	}
	return MNL_CB_OK;
}

static int32_t names_reply(const struct nlmsghdr *reply, int32_t status, void *arg)
{
	struct names_reply *r = arg;

	if (status != SEC_E_OK)
		return status;
	mnl_attr_parse(reply, SSPI_GENL_HDRLEN, names_attr_cb, r);
	return r->name ? SEC_E_OK : SEC_E_INSUFFICIENT_MEMORY;
}

/* SECPKG_CRED_ATTR_NAMES is what NTLM credentials have to tell. */
static SECURITY_STATUS query_credentials(PCredHandle cred, ULONG attribute, void *buffer,
					 bool wide)
{
	struct names_reply r = { .wide = wide };
	uint64_t handle = sspi_handle_value(cred, SSPI_HANDLE_CRED);
	struct nlmsghdr *req;
	SECURITY_STATUS status;

	if (!handle)
		return SEC_E_INVALID_HANDLE;
	if (attribute != SECPKG_CRED_ATTR_NAMES)
		return SEC_E_UNSUPPORTED_FUNCTION;
	if (!buffer)
		return SEC_E_INVALID_PARAMETER;
	req = sspi_request_begin(SSPI_CMD_QUERY_CREDENTIALS, &status);
	if (!req)
		return status;
	mnl_attr_put_u64(req, SSPI_ATTR_CRED_HANDLE, handle);
	mnl_attr_put_u32(req, SSPI_ATTR_ATTRIBUTE, attribute);
	status = sspi_transact(req, names_reply, &r);
	if (status == SEC_E_OK) {
		if (wide)
			((SecPkgCredentials_NamesW *)buffer)->sUserName = r.name;
		else
			((SecPkgCredentials_NamesA *)buffer)->sUserName = r.name;
	} else {
		free(r.name);
	}
	return status;
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY QueryCredentialsAttributesA(
	PCredHandle phCredential, ULONG ulAttribute, void *pBuffer)
{
	return query_credentials(phCredential, ulAttribute, pBuffer, false);
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY QueryCredentialsAttributesW(
	PCredHandle phCredential, ULONG ulAttribute, void *pBuffer)
{
	return query_credentials(phCredential, ulAttribute, pBuffer, true);
}

/*
 * NTLM credentials take two attributes, each a ULONG for the contexts made
 * with them from then on: SECPKG_CRED_ATTR_NTLM_LM_COMPATIBILITY (a level)
 * and SECPKG_CRED_ATTR_NTLM_MIN_SESSION_SECURITY (NtlmMinClientSec /
 * NtlmMinServerSec bits).
 */
static SECURITY_STATUS set_credentials(PCredHandle cred, ULONG attribute, void *buffer,
				       ULONG size)
{
	uint64_t handle = sspi_handle_value(cred, SSPI_HANDLE_CRED);
	struct nlmsghdr *req;
	SECURITY_STATUS status;
	uint16_t type;
	ULONG value;

	if (attribute == SECPKG_CRED_ATTR_NTLM_LM_COMPATIBILITY)
		type = SSPI_ATTR_LM_COMPAT;
	else if (attribute == SECPKG_CRED_ATTR_NTLM_MIN_SESSION_SECURITY)
		type = SSPI_ATTR_MIN_SEC;
	else
		return SEC_E_UNSUPPORTED_FUNCTION;
	if (!handle)
		return SEC_E_INVALID_HANDLE;
	if (!buffer || size != sizeof(ULONG))
		return SEC_E_INVALID_PARAMETER;
	memcpy(&value, buffer, sizeof(value));
	req = sspi_request_begin(SSPI_CMD_SET_CREDENTIALS, &status);
	if (!req)
		return status;
	mnl_attr_put_u64(req, SSPI_ATTR_CRED_HANDLE, handle);
	mnl_attr_put_u32(req, type, value);
	return sspi_transact(req, NULL, NULL);
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY SetCredentialsAttributesA(
	PCredHandle phCredential, ULONG ulAttribute, void *pBuffer, ULONG cbBuffer)
{
	return set_credentials(phCredential, ulAttribute, pBuffer, cbBuffer);
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY SetCredentialsAttributesW(
	PCredHandle phCredential, ULONG ulAttribute, void *pBuffer, ULONG cbBuffer)
{
	return set_credentials(phCredential, ulAttribute, pBuffer, cbBuffer);
}
