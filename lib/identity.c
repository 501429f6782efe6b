// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * SEC_WINNT_AUTH_IDENTITY in its A, W and EX forms, read into UTF-16LE for
 * the kernel. libsspi wipes its copies of the password once sent.
 */
#define _DEFAULT_SOURCE
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "transport.h"
#include "utf16.h"

void sspi_identity_free(struct sspi_identity *id)
{
	if (id->password)
		explicit_bzero(id->password, id->password_len * sizeof(char16_t));
	free(id->user);
	free(id->domain);
	free(id->password);
	memset(id, 0, sizeof(*id));
}

/* UTF-16 counted input stays UTF-16, but is checked and copied. */
static int copy_utf16(const char16_t *s, ULONG len, char16_t **out, size_t *out_len)
{
	char *utf8;
	size_t n;
	int err;

	err = sspi_utf16n_to_utf8(s, len, &utf8, &n);	/* validates it */
	if (err)
		return err;
	err = sspi_utf8n_to_utf16(utf8, n, out, out_len);
	explicit_bzero(utf8, n);
	free(utf8);
	return err;
}

/* A NULL member stays NULL (not sent); "" is sent, empty. */
static int field(const void *s, ULONG len, bool wide, char16_t **out, size_t *out_len)
{
	if (!s && len)
		return -1;
	if (!s)
		return 0;
	return wide ? copy_utf16(s, len, out, out_len) : sspi_utf8n_to_utf16(s, len, out, out_len);
}

/*
 * SEC_WINNT_AUTH_IDENTITY_A/W or _EX: the EX form starts with its version
 * where the plain one has a pointer, which is how Windows tells them apart.
 */
SECURITY_STATUS sspi_identity_read(const void *auth, struct sspi_identity *id)
{
	const SEC_WINNT_AUTH_IDENTITY_EXW *ex = auth;
	const SEC_WINNT_AUTH_IDENTITY_W *w = auth;
	const void *user, *domain, *password;
	ULONG user_len, domain_len, password_len, flags;
	bool wide;

	if (ex->Version == SEC_WINNT_AUTH_IDENTITY_VERSION &&
	    ex->Length >= sizeof(SEC_WINNT_AUTH_IDENTITY_EXW)) {
		user = ex->User, user_len = ex->UserLength;
		domain = ex->Domain, domain_len = ex->DomainLength;
		password = ex->Password, password_len = ex->PasswordLength;
		flags = ex->Flags;
	} else {
		user = w->User, user_len = w->UserLength;
		domain = w->Domain, domain_len = w->DomainLength;
		password = w->Password, password_len = w->PasswordLength;
		flags = w->Flags;
	}
	if ((flags & (SEC_WINNT_AUTH_IDENTITY_ANSI | SEC_WINNT_AUTH_IDENTITY_UNICODE)) ==
	    SEC_WINNT_AUTH_IDENTITY_UNICODE)
		wide = true;
	else if ((flags & (SEC_WINNT_AUTH_IDENTITY_ANSI | SEC_WINNT_AUTH_IDENTITY_UNICODE)) ==
		 SEC_WINNT_AUTH_IDENTITY_ANSI)
		wide = false;
	else
		return SEC_E_UNKNOWN_CREDENTIALS;

	if (field(user, user_len, wide, &id->user, &id->user_len) ||
	    field(domain, domain_len, wide, &id->domain, &id->domain_len) ||
	    field(password, password_len, wide, &id->password, &id->password_len)) {
		sspi_identity_free(id);
		return SEC_E_UNKNOWN_CREDENTIALS;
	}
	return SEC_E_OK;
}

static void put_utf16(struct nlmsghdr *req, uint16_t type, const char16_t *s, size_t units)
{
	if (s)
		mnl_attr_put(req, type, units * sizeof(char16_t), s);
}

/* Adds the identity's user, domain and password to a request. */
void sspi_identity_put(struct nlmsghdr *req, const struct sspi_identity *id)
{
	put_utf16(req, SSPI_ATTR_USER, id->user, id->user_len);
	put_utf16(req, SSPI_ATTR_DOMAIN, id->domain, id->domain_len);
	put_utf16(req, SSPI_ATTR_PASSWORD, id->password, id->password_len);
}
