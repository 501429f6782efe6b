// SPDX-License-Identifier: GPL-2.0
/*
 * NTLM message signatures and sealing with extended session security
 * (MS-NLMP 3.4.3, 3.4.4.2), connection mode.
 *
 * A signature is NTLMSSP_MESSAGE_SIGNATURE: Version 1, Checksum, SeqNum
 * (little-endian). Checksum = HMAC_MD5(SigningKey, SeqNum || Message)[0..7],
 * RC4'd with the direction's sealing handle when KEY_EXCH was negotiated.
 * Sealing RC4s the message with that same handle first, then the checksum:
 * one RC4 stream per direction for the life of the context, so messages
 * must be processed in the order they were made.
 *
 * A received message is checked in this order: the signature's Version,
 * then its SeqNum against the one expected (SEC_E_OUT_OF_SEQUENCE: a replay
 * or a reordering), then the checksum (SEC_E_MESSAGE_ALTERED). The checksum
 * covers the expected SeqNum, so a message with another SeqNum could never
 * verify: checking the clear SeqNum first only says why it fails, and does
 * so before the sealing handle moves. A message that fails leaves the
 * receiving state (SeqNum and handle) as it was.
 */
#include <asm/unaligned.h>
#include <crypto/algapi.h>
#include <linux/sspi.h>
#include <linux/string.h>

#include "message.h"
#include "seal.h"

#define NTLM_SIGNATURE_VERSION	1
#define NTLM_CHECKSUM_SIZE	8

static int dir_init(struct ntlm_seal_dir *d, u32 flags, const u8 *esk,
		    bool server)
{
	u8 key[NTLM_KEY_SIZE];
	unsigned int key_len;
	int err;

	err = ntlm_signkey(flags, esk, server, d->sign_key);
	if (err)
		return err;
	err = ntlm_sealkey(flags, esk, server, key, &key_len);
	if (!err)
		err = arc4_setkey(&d->rc4, key, key_len);
	memzero_explicit(key, sizeof(key));
	d->seq = 0;
	return err;
}

/**
 * ntlm_seal_init() - set up a context's session security
 * @s: the state to fill
 * @flags: the negotiated NegotiateFlags
 * @exported_session_key: the ExportedSessionKey
 * @server: whether this side is the server
 *
 * The client sends with the client-to-server keys and receives with the
 * server-to-client ones, the server the other way round (3.1.5.1.2,
 * 3.2.5.1.2).
 *
 * Return: 0; -ENOKEY without NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY
 * (not supported here); or -errno from the hash. On error @s holds no key.
 */
int ntlm_seal_init(struct ntlm_seal *s, u32 flags,
		   const u8 exported_session_key[NTLM_KEY_SIZE], bool server)
{
	int err;

	s->flags = flags;
	err = dir_init(&s->out, flags, exported_session_key, server);
	if (!err)
		err = dir_init(&s->in, flags, exported_session_key, !server);
	if (err)
		ntlm_seal_clear(s);
	return err;
}

/**
 * ntlm_seal_clear() - wipe a context's session security
 * @s: the state
 */
void ntlm_seal_clear(struct ntlm_seal *s)
{
	memzero_explicit(s, sizeof(*s));
}

/* Checksum of 3.4.4.2 before its RC4: HMAC_MD5(key, SeqNum || parts)[0..7] */
static int checksum(const struct ntlm_seal_dir *d, const struct ntlm_part *parts,
		    unsigned int nparts, bool plain_out, u8 out[NTLM_CHECKSUM_SIZE])
{
	struct ntlm_vec vec[NTLM_SEAL_PARTS_MAX + 1];
	u8 mac[NTLM_HASH_SIZE];
	__le32 seq = cpu_to_le32(d->seq);
	unsigned int i;
	int err;

	if (nparts > NTLM_SEAL_PARTS_MAX)
		return -EINVAL;
	vec[0].data = &seq;
	vec[0].len = sizeof(seq);
	for (i = 0; i < nparts; i++) {
		vec[i + 1].data = plain_out && parts[i].out ? parts[i].out : parts[i].in;
		vec[i + 1].len = parts[i].len;
	}
	err = ntlm_hmac_md5(d->sign_key, NTLM_KEY_SIZE, vec, nparts + 1, mac);
	memcpy(out, mac, NTLM_CHECKSUM_SIZE);
	memzero_explicit(mac, sizeof(mac));
	return err;
}

static void rc4_parts(struct ntlm_seal_dir *d, const struct ntlm_part *parts,
		      unsigned int nparts)
{
	unsigned int i;

	for (i = 0; i < nparts; i++)
		if (parts[i].out && parts[i].len)
			arc4_crypt(&d->rc4, parts[i].out, parts[i].in, parts[i].len);
}

static bool parts_ok(const struct ntlm_part *parts, unsigned int nparts)
{
	unsigned int i;

	if (nparts > NTLM_SEAL_PARTS_MAX)
		return false;
	for (i = 0; i < nparts; i++)
		if (parts[i].len > UINT_MAX || (parts[i].len && !parts[i].in))
			return false;
	return true;
}

/**
 * ntlm_seal_message() - sign a message to send, and seal it
 * @s: the context's state
 * @parts: the message, in order; with @seal, each part with an @out is
 *	sealed into it, the others are signed only
 * @nparts: their number, at most %NTLM_SEAL_PARTS_MAX
 * @seal: seal (EncryptMessage) or only sign (MakeSignature; every @out is
 *	ignored)
 * @sig: receives the NTLMSSP_MESSAGE_SIGNATURE
 *
 * Return: %SEC_E_OK, %SEC_E_INVALID_PARAMETER for too many or bad parts,
 * or %SEC_E_INTERNAL_ERROR if the hash failed.
 */
s32 ntlm_seal_message(struct ntlm_seal *s, const struct ntlm_part *parts,
		      unsigned int nparts, bool seal,
		      u8 sig[NTLM_MSG_SIGNATURE_SIZE])
{
	struct ntlm_seal_dir *d = &s->out;
	u8 sum[NTLM_CHECKSUM_SIZE];

	if (!parts_ok(parts, nparts))
		return SEC_E_INVALID_PARAMETER;
	if (checksum(d, parts, nparts, false, sum))
		return SEC_E_INTERNAL_ERROR;
	if (seal)
		rc4_parts(d, parts, nparts);
	if (s->flags & NTLMSSP_NEGOTIATE_KEY_EXCH)
		arc4_crypt(&d->rc4, sum, sum, sizeof(sum));
	put_unaligned_le32(NTLM_SIGNATURE_VERSION, sig);
	memcpy(sig + 4, sum, sizeof(sum));
	put_unaligned_le32(d->seq, sig + 12);
	d->seq++;
	memzero_explicit(sum, sizeof(sum));
	return SEC_E_OK;
}

/**
 * ntlm_unseal_message() - check a received message, and unseal it
 * @s: the context's state
 * @parts: the message as received, in order; with @unseal, each part with
 *	an @out is unsealed into it, the others are checked as they are
 * @nparts: their number, at most %NTLM_SEAL_PARTS_MAX
 * @unseal: unseal (DecryptMessage) or only verify (VerifySignature)
 * @sig: the NTLMSSP_MESSAGE_SIGNATURE that came with it
 *
 * On failure the state is as before the call and what the @out of the
 * parts hold is meaningless.
 *
 * Return: %SEC_E_OK; %SEC_E_MESSAGE_ALTERED for a signature of another
 * version or a wrong checksum; %SEC_E_OUT_OF_SEQUENCE for a signature with
 * a SeqNum other than the one expected; %SEC_E_INVALID_PARAMETER or
 * %SEC_E_INTERNAL_ERROR.
 */
s32 ntlm_unseal_message(struct ntlm_seal *s, const struct ntlm_part *parts,
			unsigned int nparts, bool unseal,
			const u8 sig[NTLM_MSG_SIGNATURE_SIZE])
{
	struct ntlm_seal_dir *d = &s->in;
	u8 sum[NTLM_CHECKSUM_SIZE];
	s32 status = SEC_E_OK;

	if (!parts_ok(parts, nparts))
		return SEC_E_INVALID_PARAMETER;
	if (get_unaligned_le32(sig) != NTLM_SIGNATURE_VERSION)
		return SEC_E_MESSAGE_ALTERED;
	if (get_unaligned_le32(sig + 12) != d->seq)
		return SEC_E_OUT_OF_SEQUENCE;
	memcpy(&s->saved, &d->rc4, sizeof(s->saved));
	if (unseal)
		rc4_parts(d, parts, nparts);
	if (checksum(d, parts, nparts, unseal, sum)) {
		status = SEC_E_INTERNAL_ERROR;
		goto out;
	}
	if (s->flags & NTLMSSP_NEGOTIATE_KEY_EXCH)
		arc4_crypt(&d->rc4, sum, sum, sizeof(sum));
	if (crypto_memneq(sum, sig + 4, sizeof(sum)))
		status = SEC_E_MESSAGE_ALTERED;
out:
	if (status)
		memcpy(&d->rc4, &s->saved, sizeof(d->rc4));
	else
		d->seq++;
	memzero_explicit(&s->saved, sizeof(s->saved));
	memzero_explicit(sum, sizeof(sum));
	return status;
}
