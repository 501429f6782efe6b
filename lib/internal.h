/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Small helpers the SSPI functions of libsspi share.
 */
#ifndef SSPI_LIB_INTERNAL_H
#define SSPI_LIB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uchar.h>
#include <sspi.h>

/* SecHandle.dwUpper: what kind of handle dwLower is (a sanity check only). */
#define SSPI_HANDLE_CRED	1
#define SSPI_HANDLE_CTX		2

/* The kernel's 64-bit handle in a SecHandle, 0 if there is none. */
uint64_t sspi_handle_value(const SecHandle *h, ULONG_PTR kind);
void sspi_handle_set(SecHandle *h, uint64_t value, ULONG_PTR kind);

/* A FILETIME in UTC as the kernel sends it, as SSPI's local TimeStamp. */
void sspi_timestamp_set(PTimeStamp ts, uint64_t utc_filetime);

/*
 * The first buffer of @type (SECBUFFER_ATTRMASK bits ignored) in @desc, or
 * NULL. @desc may be NULL.
 */
PSecBuffer sspi_buffer_find(PSecBufferDesc desc, ULONG type);

/* Withdraws a handle with @cmd (FREE_CREDENTIALS, DELETE_CONTEXT). */
SECURITY_STATUS sspi_handle_free(uint8_t cmd, uint16_t attr, uint64_t handle);

/* QuerySecurityPackageInfoA (@wide false) or W, for a UTF-8 @name. */
SECURITY_STATUS sspi_package_query(const char *name, void **info, bool wide);

/* An identity as UTF-16LE, whatever form the caller gave it in. */
struct sspi_identity {
	char16_t *user, *domain, *password;
	size_t user_len, domain_len, password_len;	/* in units */
};

/*
 * Reads a SEC_WINNT_AUTH_IDENTITY_A/W/EX (the Flags say which encoding);
 * SEC_E_UNKNOWN_CREDENTIALS if it is malformed. Free with
 * sspi_identity_free(), which wipes the password.
 */
SECURITY_STATUS sspi_identity_read(const void *auth, struct sspi_identity *id);
void sspi_identity_free(struct sspi_identity *id);
struct nlmsghdr;
void sspi_identity_put(struct nlmsghdr *req, const struct sspi_identity *id);

/* Whether @desc is a descriptor SSPI accepts (version, count, buffers). */
int sspi_buffer_desc_ok(const SecBufferDesc *desc);

#endif /* SSPI_LIB_INTERNAL_H */
