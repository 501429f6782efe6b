/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The caller's default credential (single sign-on): a "logon" key in its
 * keyrings that holds the names and the NT hash, never the password.
 */
#ifndef _SSPI_KEYRING_H
#define _SSPI_KEYRING_H

#include <linux/errno.h>
#include <linux/sspi.h>
#include <linux/types.h>

/* The key's description; "logon" keys need a "prefix:" */
#define SSPI_KEY_DESC	"sspi:ntlm"

/**
 * struct sspi_logon_cred - what the caller's key names, read out of it
 * @nt_hash: the NT hash of the password
 * @user_len: bytes of UTF-16LE user name at @names, at least 2
 * @domain_len: bytes of UTF-16LE domain after it
 * @names: user name then domain
 */
struct sspi_logon_cred {
	u8 nt_hash[SSPI_NT_HASH_LEN];
	u16 user_len;
	u16 domain_len;
	u8 names[2 * SSPI_NAME_MAX];
};

#ifdef CONFIG_KEYS
int sspi_keyring_login(const struct sspi_identity *id);
int sspi_keyring_logout(void);
s32 sspi_keyring_cred(struct sspi_logon_cred **out);
#else
/* A kernel without keyrings keeps no default credential. */
static inline int sspi_keyring_login(const struct sspi_identity *id)
{
	return -EOPNOTSUPP;
}

static inline int sspi_keyring_logout(void)
{
	return -EOPNOTSUPP;
}

static inline s32 sspi_keyring_cred(struct sspi_logon_cred **out)
{
	*out = NULL;
	return SEC_E_NO_CREDENTIALS;
}
#endif

#endif /* _SSPI_KEYRING_H */
