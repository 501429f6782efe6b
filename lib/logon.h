/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The caller's default credential (single sign-on), kept by sspi.ko in the
 * caller's session keyring: for sspictl login/logout and pam_sspi. Not
 * part of the SSPI API.
 */
#ifndef SSPI_LIB_LOGON_H
#define SSPI_LIB_LOGON_H

/*
 * Has the kernel hash @password and store the default credential for
 * @name, "DOMAIN\user" or "user" (then @domain, which may be NULL), in the
 * caller's session keyring, owned by its fsuid. Returns 0 or -errno:
 * -EILSEQ (not UTF-8), -ENOKEY (no session keyring), -EINVAL (an empty
 * name or password), -EHOSTUNREACH (sspi.ko cannot be reached).
 */
int sspi_logon_store(const char *name, const char *domain, const char *password);

/* Invalidates the default credential the caller possesses: 0, -ENOKEY, ... */
int sspi_logon_remove(void);

#endif /* SSPI_LIB_LOGON_H */
