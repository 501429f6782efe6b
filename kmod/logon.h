/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The end of an acceptor's logon: the store's verdict joined to the
 * protocol's, the account's lockout, the names, the audit trail.
 */
#ifndef _SSPI_LOGON_H
#define _SSPI_LOGON_H

#include <linux/sspi.h>
#include <linux/types.h>

struct ntlm_auth;
struct sspi_logon;

/* Room for sspi_name_utf8() of a whole name: 3 bytes a unit, and a NUL */
#define SSPI_NAME_UTF8_MAX	(3 * SSPI_NAME_MAX / 2 + 1)

size_t sspi_name_utf8(const u8 *name, size_t len, bool unicode, char *out,
		      size_t size);

s32 sspi_logon_end(struct sspi_logon *logon, struct ntlm_auth *auth,
		   const u8 *token, size_t len, s32 status);

#endif /* _SSPI_LOGON_H */
