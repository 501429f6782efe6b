// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * SecHandle: the kernel's 64-bit handle in dwLower, its kind in dwUpper.
 */
#include "internal.h"
#include "transport.h"

uint64_t sspi_handle_value(const SecHandle *h, ULONG_PTR kind)
{
	if (!h || h->dwUpper != kind)
		return 0;
	return (uint64_t)h->dwLower;
}

void sspi_handle_set(SecHandle *h, uint64_t value, ULONG_PTR kind)
{
	h->dwLower = (ULONG_PTR)value;
	h->dwUpper = kind;
}

/* Withdraws a credential or context handle: one request, status only. */
SECURITY_STATUS sspi_handle_free(uint8_t cmd, uint16_t attr, uint64_t handle)
{
	struct nlmsghdr *req;
	SECURITY_STATUS status;

	if (!handle)
		return SEC_E_INVALID_HANDLE;
	req = sspi_request_begin(cmd, &status);
	if (!req)
		return status;
	mnl_attr_put_u64(req, attr, handle);
	return sspi_transact(req, NULL, NULL);
}

