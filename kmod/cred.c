// SPDX-License-Identifier: GPL-2.0
/*
 * AcquireCredentialsHandle: an outbound credential keeps the user, the
 * domain and the NT hash of the password, never the password itself; or,
 * without an identity, those of the caller's default credential.
 */
#include <linux/slab.h>
#include <linux/sspi.h>
#include <linux/string.h>
#include <net/net_namespace.h>

#include "cred.h"
#include "keyring.h"
#include "ntlm/crypto.h"

/**
 * sspi_lm_hash() - LMOWFv1 of a UTF-16LE password, when it has one
 * @password: the password, UTF-16LE
 * @len: its length in bytes
 * @hash: receives the LM hash
 *
 * A password has an LM hash when it has at most 14 characters, all ASCII
 * (the OEM code page's upper half is not ours to guess).
 *
 * Return: whether @hash was written.
 */
bool sspi_lm_hash(const u8 *password, size_t len, u8 hash[16])
{
	u8 oem[14];
	bool ok;
	size_t i;

	if (len / 2 > sizeof(oem))
		return false;
	for (i = 0; i < len / 2; i++) {
		if (password[2 * i + 1] || password[2 * i] >= 0x80) {
			memzero_explicit(oem, sizeof(oem));
			return false;
		}
		oem[i] = password[2 * i];
	}
	ok = !ntlm_lmowfv1(oem, len / 2, hash);
	memzero_explicit(oem, sizeof(oem));
	return ok;
}

static void cred_release(struct sspi_object *obj)
{
	struct sspi_cred *cred = container_of(obj, struct sspi_cred, obj);

	if (cred->net)
		put_net(cred->net);
	kfree_sensitive(cred);
}

static size_t cred_cost(const struct sspi_object *obj)
{
	const struct sspi_cred *cred = container_of(obj, struct sspi_cred, obj);

	return struct_size(cred, names, cred->user_len + cred->domain_len);
}

static const struct sspi_object_ops cred_ops = {
	.type = SSPI_OBJ_CRED,
	.release = cred_release,
	.cost = cred_cost,
};

/* A credential for @use with these names, and the settings that follow the module's. */
static struct sspi_cred *cred_alloc(u32 use, const u8 *user, size_t user_len,
				    const u8 *domain, size_t domain_len)
{
	struct sspi_cred *cred;

	cred = kzalloc(struct_size(cred, names, user_len + domain_len), GFP_KERNEL_ACCOUNT);
	if (!cred)
		return NULL;
	sspi_object_init(&cred->obj, &cred_ops);
	cred->use = use;
	cred->lm_compat = -1;
	cred->min_sec = SSPI_MIN_SEC_DEFAULT;
	if (user_len)
		memcpy(cred->names, user, user_len);
	if (domain_len)
		memcpy(cred->names + user_len, domain, domain_len);
	cred->user_len = user_len;
	cred->domain_len = domain_len;
	return cred;
}

/**
 * sspi_identity_none() - whether an identity leaves the user to the caller's
 *	logon, as Windows' does: none at all, or neither a user nor a password
 * @id: the identity, or %NULL
 *
 * Return: true if the caller's default credential is to be used.
 */
bool sspi_identity_none(const struct sspi_identity *id)
{
	return !id || (!id->user && !id->password);
}

/* An outbound credential from the caller's default one (kmod/keyring.c). */
static s32 cred_from_logon(u32 use, struct sspi_cred **out)
{
	struct sspi_logon_cred *logon;
	struct sspi_cred *cred;
	s32 status;

	status = sspi_keyring_cred(&logon);
	if (status)
		return status;
	cred = cred_alloc(use, logon->names, logon->user_len,
			  logon->names + logon->user_len, logon->domain_len);
	if (cred)
		memcpy(cred->nt_hash, logon->nt_hash, sizeof(cred->nt_hash));
	kfree_sensitive(logon);
	if (!cred)
		return SEC_E_INSUFFICIENT_MEMORY;
	*out = cred;
	return SEC_E_OK;
}

/**
 * sspi_cred_acquire() - make a credential, as AcquireCredentialsHandle does
 * @net: the caller's network namespace
 * @package: package name; only "NTLM" (any case) is known
 * @use: %SSPI_CRED_INBOUND, %SSPI_CRED_OUTBOUND or both
 * @id: the identity for outbound use; may be %NULL for inbound only
 * @out: the new credential, with one reference, on %SEC_E_OK
 *
 * An outbound credential without an identity (sspi_identity_none()) is the
 * caller's default one, the key its keyrings hold (kmod/keyring.c): the
 * caller is current, whose keyrings are searched. Otherwise it needs a user
 * and a non-empty password: an empty password is refused rather than sent.
 * An identity whose user, domain and password are all given and all empty
 * (empty strings, not %NULL) is the anonymous one, as on Windows: its
 * contexts authenticate as a null session.
 *
 * Return: %SEC_E_OK, %SEC_E_SECPKG_NOT_FOUND, %SEC_E_UNKNOWN_CREDENTIALS
 * (bad @use or malformed names), %SEC_E_NO_CREDENTIALS (no usable identity,
 * and no default credential) or %SEC_E_INSUFFICIENT_MEMORY.
 */
s32 sspi_cred_acquire(struct net *net, const char *package, u32 use,
		      const struct sspi_identity *id, struct sspi_cred **out)
{
	bool outbound = use & SSPI_CRED_OUTBOUND;
	size_t user_len = 0, domain_len = 0;
	bool anonymous = false;
	struct sspi_cred *cred;
	s32 status;

	*out = NULL;
	if (!package || !sspi_package_by_name(package))
		return SEC_E_SECPKG_NOT_FOUND;
	if (!use || (use & ~(SSPI_CRED_INBOUND | SSPI_CRED_OUTBOUND)))
		return SEC_E_UNKNOWN_CREDENTIALS;
	if (id) {
		user_len = id->user_len;
		domain_len = id->domain_len;
		if (user_len > SSPI_NAME_MAX || domain_len > SSPI_NAME_MAX ||
		    id->password_len > SSPI_PASSWORD_MAX ||
		    (user_len | domain_len | id->password_len) & 1)
			return SEC_E_UNKNOWN_CREDENTIALS;
	}
	if (outbound && sspi_identity_none(id)) {
		status = cred_from_logon(use, &cred);
		if (status)
			return status;
		goto done;
	}
	if (outbound && id->user && id->domain && id->password)
		anonymous = !(user_len | domain_len | id->password_len);
	if (outbound && !anonymous && (!user_len || !id->password_len))
		return SEC_E_NO_CREDENTIALS;

	cred = cred_alloc(use, id ? id->user : NULL, user_len,
			  id ? id->domain : NULL, domain_len);
	if (!cred)
		return SEC_E_INSUFFICIENT_MEMORY;
	cred->anonymous = anonymous;
	outbound = outbound && !anonymous;
	if (outbound && ntlm_ntowfv1(id->password, id->password_len, cred->nt_hash)) {
		kfree_sensitive(cred);
		return SEC_E_INTERNAL_ERROR;
	}
	if (outbound)
		cred->has_lm_hash = sspi_lm_hash(id->password, id->password_len,
						 cred->lm_hash);
done:
	if (use & SSPI_CRED_INBOUND)
		cred->net = get_net(net);
	*out = cred;
	return SEC_E_OK;
}

/**
 * sspi_cred_put() - drop a reference to a credential
 * @cred: the credential, or %NULL
 */
void sspi_cred_put(struct sspi_cred *cred)
{
	if (cred)
		sspi_object_put(&cred->obj);
}

/**
 * sspi_cred_set_lm_compat() - the LAN Manager authentication level of a
 *	credential's future contexts
 * @cred: the credential
 * @level: 0 to 5, as Windows' LmCompatibilityLevel; or %SSPI_LM_COMPAT_DEFAULT
 *	to follow the module parameter lm_compatibility again
 *
 * Contexts already made keep the level they were made with.
 *
 * Return: %SEC_E_OK, or %SEC_E_INVALID_PARAMETER for another @level.
 */
s32 sspi_cred_set_lm_compat(struct sspi_cred *cred, u32 level)
{
	if (level == SSPI_LM_COMPAT_DEFAULT) {
		WRITE_ONCE(cred->lm_compat, -1);
		return SEC_E_OK;
	}
	if (level > SSPI_LM_COMPAT_MAX)
		return SEC_E_INVALID_PARAMETER;
	WRITE_ONCE(cred->lm_compat, level);
	return SEC_E_OK;
}

/**
 * sspi_cred_set_min_sec() - the minimum session security of a credential's
 *	future contexts
 * @cred: the credential
 * @min_sec: %SSPI_MIN_SEC_* bits, as Windows' NtlmMinClientSec (for its
 *	outbound contexts) and NtlmMinServerSec (inbound ones); or
 *	%SSPI_MIN_SEC_DEFAULT to follow the module parameters again
 *
 * Contexts already made keep the minimum they were made with.
 *
 * Return: %SEC_E_OK, or %SEC_E_INVALID_PARAMETER for other bits.
 */
s32 sspi_cred_set_min_sec(struct sspi_cred *cred, u32 min_sec)
{
	if (min_sec != SSPI_MIN_SEC_DEFAULT && (min_sec & ~SSPI_MIN_SEC_ALL))
		return SEC_E_INVALID_PARAMETER;
	WRITE_ONCE(cred->min_sec, min_sec);
	return SEC_E_OK;
}
