// SPDX-License-Identifier: GPL-2.0
/*
 * The caller's default credential, as Windows' logon session keeps one for
 * AcquireCredentialsHandle without an identity: a "logon" key
 * (SSPI_KEY_DESC) in the caller's keyrings, as cifs' multiuser mounts keep
 * theirs. Userspace cannot read a logon key back; the kernel can. Ours
 * holds the names and the NT hash, never the password: the module hashes
 * the password it is given (SSPI_CMD_LOGIN) and the netlink door wipes it.
 *
 * The payload, little-endian, exactly this long:
 *	u8 version (1), u8 flags (0), le16 user_len, le16 domain_len,
 *	u8 nt_hash[16], then user_len bytes of UTF-16LE user name and
 *	domain_len bytes of UTF-16LE domain.
 * Anyone may add_key() a logon key of that name to their own keyrings, so
 * it is parsed as the untrusted input it is, and used only by its owner.
 */
#include <keys/user-type.h>
#include <linux/cred.h>
#include <linux/err.h>
#include <linux/key.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/unaligned.h>

#include "keyring.h"
#include "ntlm/crypto.h"

#define KEY_VERSION	1
#define KEY_HDR_LEN	(6 + SSPI_NT_HASH_LEN)

/* Its possessor may find, replace, link, invalidate it; others only see it. */
#define KEY_PERM	(KEY_POS_VIEW | KEY_POS_WRITE | KEY_POS_SEARCH | \
			 KEY_POS_LINK | KEY_POS_SETATTR | KEY_USR_VIEW)

static bool name_ok(size_t len, bool required)
{
	return len <= SSPI_NAME_MAX && !(len & 1) && (len || !required);
}

/**
 * sspi_keyring_login() - store the caller's default credential
 * @id: user (required), domain and password (required, not empty)
 *
 * Hashes the password and adds, or replaces, the key SSPI_KEY_DESC in the
 * caller's session keyring, owned by the caller's fsuid and charged to its
 * key quota. Every copy of the hash made here is wiped.
 *
 * Context: process context of the caller (the netlink sender).
 * Return: 0, -EINVAL (a name or the password missing or malformed),
 * -ENOKEY (no session keyring), -ENOMEM, -EDQUOT, or the error of adding.
 */
int sspi_keyring_login(const struct sspi_identity *id)
{
	struct key *session = current_cred()->session_keyring;
	size_t len;
	key_ref_t key;
	u8 *payload;
	int err = 0;

	if (!id->user || !name_ok(id->user_len, true) ||
	    !name_ok(id->domain_len, false) || !id->password ||
	    !id->password_len || id->password_len > SSPI_PASSWORD_MAX ||
	    (id->password_len & 1))
		return -EINVAL;
	if (!session)
		return -ENOKEY;

	len = KEY_HDR_LEN + id->user_len + id->domain_len;
	payload = kzalloc(len, GFP_KERNEL_ACCOUNT);
	if (!payload)
		return -ENOMEM;
	payload[0] = KEY_VERSION;
	put_unaligned_le16(id->user_len, payload + 2);
	put_unaligned_le16(id->domain_len, payload + 4);
	if (ntlm_ntowfv1(id->password, id->password_len, payload + 6)) {
		err = -ENOMEM;
		goto out;
	}
	memcpy(payload + KEY_HDR_LEN, id->user, id->user_len);
	if (id->domain_len)
		memcpy(payload + KEY_HDR_LEN + id->user_len, id->domain, id->domain_len);

	key = key_create_or_update(make_key_ref(session, true), "logon",
				   SSPI_KEY_DESC, payload, len, KEY_PERM,
				   KEY_ALLOC_IN_QUOTA);
	if (IS_ERR(key))
		err = PTR_ERR(key);
	else
		key_ref_put(key);
out:
	kfree_sensitive(payload);
	return err;
}

/*
 * The key SSPI_KEY_DESC the caller possesses, searched for in its own
 * keyrings only, with a reference. A key that is not there is not asked
 * for (no callout), and one under construction is passed over rather than
 * waited for: a request never sleeps on what the caller has others build.
 */
static struct key *find_key(void)
{
	struct key *key;

	rcu_read_lock();
	key = request_key_rcu(&key_type_logon, SSPI_KEY_DESC, NULL);
	rcu_read_unlock();
	return key;
}

/**
 * sspi_keyring_logout() - invalidate the caller's default credential
 *
 * Context: process context of the caller.
 * Return: 0, or -ENOKEY when the caller possesses none.
 */
int sspi_keyring_logout(void)
{
	struct key *key = find_key();

	if (IS_ERR(key))
		return PTR_ERR(key) == -ENOMEM ? -ENOMEM : -ENOKEY;
	key_invalidate(key);
	key_put(key);
	return 0;
}

static int parse_key(const struct user_key_payload *p, struct sspi_logon_cred *c)
{
	size_t user_len, domain_len;

	if (p->datalen < KEY_HDR_LEN || p->data[0] != KEY_VERSION || p->data[1])
		return -EINVAL;
	user_len = get_unaligned_le16(p->data + 2);
	domain_len = get_unaligned_le16(p->data + 4);
	if (!name_ok(user_len, true) || !name_ok(domain_len, false) ||
	    p->datalen != KEY_HDR_LEN + user_len + domain_len)
		return -EINVAL;
	memcpy(c->nt_hash, p->data + 6, SSPI_NT_HASH_LEN);
	memcpy(c->names, p->data + KEY_HDR_LEN, user_len + domain_len);
	c->user_len = user_len;
	c->domain_len = domain_len;
	return 0;
}

/**
 * sspi_keyring_cred() - the caller's default credential
 * @out: receives it on %SEC_E_OK, to be freed with kfree_sensitive()
 *
 * Only a key the caller possesses (found in its thread, process or session
 * keyring) and owns (the key's owner is the caller's fsuid) counts: a key
 * of another user's linked into the caller's keyrings is not the caller's.
 *
 * Context: process context of the caller (the netlink sender, or the
 * task calling the in-kernel API).
 * Return: %SEC_E_OK, %SEC_E_NO_CREDENTIALS (none, another user's, revoked
 * or malformed) or %SEC_E_INSUFFICIENT_MEMORY.
 */
s32 sspi_keyring_cred(struct sspi_logon_cred **out)
{
	const struct user_key_payload *payload;
	struct sspi_logon_cred *c;
	struct key *key;
	int err = -EINVAL;

	*out = NULL;
	key = find_key();
	if (IS_ERR(key))
		return PTR_ERR(key) == -ENOMEM ? SEC_E_INSUFFICIENT_MEMORY
					       : SEC_E_NO_CREDENTIALS;
	c = kmalloc(sizeof(*c), GFP_KERNEL_ACCOUNT);
	if (!c) {
		key_put(key);
		return SEC_E_INSUFFICIENT_MEMORY;
	}
	down_read(&key->sem);
	payload = user_key_payload_locked(key);
	if (uid_eq(key->uid, current_fsuid()) && !IS_ERR_OR_NULL(payload))
		err = parse_key(payload, c);
	up_read(&key->sem);
	key_put(key);
	if (err) {
		kfree_sensitive(c);
		return SEC_E_NO_CREDENTIALS;
	}
	*out = c;
	return SEC_E_OK;
}
