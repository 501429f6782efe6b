// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sspi_logon_store() and sspi_logon_remove(): the requests that store and
 * remove the caller's default credential. The password goes to the kernel,
 * which keeps only its NT hash; every copy made here is wiped.
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "logon.h"
#include "transport.h"
#include "utf16.h"

/* Puts @len bytes of UTF-8 at @s as a UTF-16LE attribute; -EILSEQ if not UTF-8. */
static int put_utf16(struct nlmsghdr *req, uint16_t type, const char *s, size_t len)
{
	char16_t *w;
	size_t units;

	if (sspi_utf8n_to_utf16(s, len, &w, &units))
		return -EILSEQ;
	mnl_attr_put(req, type, units * sizeof(char16_t), w);
	explicit_bzero(w, units * sizeof(char16_t));
	free(w);
	return 0;
}

int sspi_logon_store(const char *name, const char *domain, const char *password)
{
	const char *slash = strchr(name, '\\');
	const char *user = slash ? slash + 1 : name;
	struct nlmsghdr *req;
	int32_t status;
	int err;

	req = sspi_request_begin(SSPI_CMD_LOGIN, &status);
	if (!req)
		return -EHOSTUNREACH;
	if (slash)
		err = put_utf16(req, SSPI_ATTR_DOMAIN, name, slash - name);
	else
		err = domain ? put_utf16(req, SSPI_ATTR_DOMAIN, domain, strlen(domain)) : 0;
	if (!err)
		err = put_utf16(req, SSPI_ATTR_USER, user, strlen(user));
	if (!err)
		err = put_utf16(req, SSPI_ATTR_PASSWORD, password, strlen(password));
	if (err) {
		sspi_request_abort(req);
		return err;
	}
	return sspi_request_ack(req);
}

int sspi_logon_remove(void)
{
	struct nlmsghdr *req;
	int32_t status;

	req = sspi_request_begin(SSPI_CMD_LOGOUT, &status);
	if (!req)
		return -EHOSTUNREACH;
	return sspi_request_ack(req);
}
