// SPDX-License-Identifier: GPL-2.0
/*
 * NTLM message signatures and sealing (MS-NLMP 3.4.3, 3.4.4), connection
 * mode, with and without extended session security, and connectionless
 * (datagram) mode.
 *
 * A signature is NTLMSSP_MESSAGE_SIGNATURE, 16 bytes, little-endian.
 *
 * With extended session security (3.4.4.2): Version 1, Checksum, SeqNum.
 * Checksum = HMAC_MD5(SigningKey, SeqNum || Message)[0..7], RC4'd with the
 * direction's sealing handle when KEY_EXCH was negotiated. Sealing RC4s the
 * message with that same handle first, then the checksum: one RC4 stream
 * per direction for the life of the context, so messages must be processed
 * in the order they were made.
 *
 * Without it (3.4.4.1): Version 1, RandomPad, Checksum, SeqNum, where
 * Checksum = CRC32(Message) and RandomPad, Checksum and SeqNum are RC4'd in
 * that order, the RandomPad then set to 0 (3.4.4.1's last step; 4.2.2.4
 * prints the RC4'd pad instead, so a received RandomPad is not checked:
 * it carries nothing). The RandomPad sent is 0 before its RC4 too: it only
 * moves the stream, as in 4.2.2.4. There is one key for both directions
 * (3.4.5.3) and the context is half-duplex (3.4): one RC4 handle and one
 * SeqNum serve what is sent and what is received, both moving with every
 * message either way. Sealing RC4s the message first, then the signature;
 * the checksum is over the message in clear.
 *
 * A received message is checked in this order: the signature's Version,
 * then its SeqNum against the one expected (SEC_E_OUT_OF_SEQUENCE: a replay
 * or a reordering), then the checksum (SEC_E_MESSAGE_ALTERED). With
 * extended session security the checksum covers the expected SeqNum, so a
 * message with another SeqNum could never verify: checking the clear SeqNum
 * first only says why it fails, and does so before the sealing handle
 * moves. Without it the SeqNum is sealed: the handle moves over the message
 * and the signature first, then the SeqNum is compared (a replayed or
 * garbled signature so decrypts to a wrong SeqNum and is reported out of
 * sequence). Either way a message that fails leaves the receiving state
 * (SeqNum and handle, the shared ones without extended session security)
 * as it was: the handle is run back over the bytes it went through (each
 * step of RC4 swaps two entries of its permutation and moves its indices,
 * which can be undone), so no copy of the 1 KiB handle is kept.
 *
 * Connectionless mode (NTLMSSP_NEGOTIATE_DATAGRAM, 3.4 and 3.4.4): messages
 * may be lost or come out of order, so the application numbers them (the
 * MessageSeqNo of the SSPI calls, given here by ntlm_seal_set_seq()) and
 * each message starts a fresh RC4 stream: RC4Init(Handle, SealingKey') with
 * SealingKey' = MD5(SealingKey || SeqNum), SeqNum little-endian, before the
 * SEAL and MAC above. Nothing carries over from one message to the next, so
 * message 3 checks (and unseals) before message 2 as well as after it. It
 * needs extended session security (3.4.3: confidentiality in this mode
 * only with it; and the contexts that get here negotiated NTLMv2). The
 * SeqNum in a received signature must be the one the application gave,
 * which the checksum covers; a message that fails either way is reported
 * SEC_E_MESSAGE_ALTERED: there is no expected order to be out of.
 */
#include <asm/unaligned.h>
#include <crypto/algapi.h>
#include <linux/crc32.h>
#include <linux/sspi.h>
#include <linux/string.h>

#include "message.h"
#include "seal.h"

#define NTLM_SIGNATURE_VERSION	1
#define NTLM_CHECKSUM_SIZE	8
#define NTLM_V1_SEALED_SIZE	12	/* RandomPad, Checksum, SeqNum */

static bool has_ess(const struct ntlm_seal *s)
{
	return s->flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY;
}

static bool is_datagram(const struct ntlm_seal *s)
{
	return s->flags & NTLMSSP_NEGOTIATE_DATAGRAM;
}

static int dir_init(struct ntlm_seal_dir *d, u32 flags, const u8 *esk,
		    bool server)
{
	u8 key[NTLM_KEY_SIZE];
	unsigned int key_len;
	int err;

	if (flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY) {
		err = ntlm_signkey(flags, esk, server, d->sign_key);
		if (err)
			return err;
	}
	err = ntlm_sealkey(flags, esk, server, key, &key_len);
	if (!err && (flags & NTLMSSP_NEGOTIATE_DATAGRAM))
		memcpy(d->seal_key, key, sizeof(d->seal_key));
	if (!err)
		err = arc4_setkey(&d->rc4, key, key_len);
	memzero_explicit(key, sizeof(key));
	d->seq = 0;
	return err;
}

/**
 * ntlm_seal_size() - the bytes of &struct ntlm_seal that a context needs
 * @flags: its negotiated NegotiateFlags
 *
 * Without extended session security one direction serves both ways and
 * @in is never touched: the structure may end before it.
 *
 * Return: the size to allocate.
 */
size_t ntlm_seal_size(u32 flags)
{
	if (flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY)
		return sizeof(struct ntlm_seal);
	return offsetof(struct ntlm_seal, in);
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
 * 3.2.5.1.2). Without NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY both
 * sides have one key, one handle and one SeqNum, kept in @s->out; @s->in is
 * unused and need not be there (@s has ntlm_seal_size(@flags) bytes).
 *
 * With NTLMSSP_NEGOTIATE_DATAGRAM each message is keyed by its own SeqNum,
 * which the caller sets with ntlm_seal_set_seq() before it.
 *
 * Return: 0; -ENOKEY for an anonymous context (NTLMSSP_NEGOTIATE_ANONYMOUS:
 * no session security, 3.2.5.1.2); -EINVAL for connectionless mode without
 * extended session security; or -errno from the hash. On error @s holds no
 * key.
 */
int ntlm_seal_init(struct ntlm_seal *s, u32 flags,
		   const u8 exported_session_key[NTLM_KEY_SIZE], bool server)
{
	int err;

	memset(s, 0, ntlm_seal_size(flags));
	if (flags & NTLMSSP_NEGOTIATE_ANONYMOUS)
		return -ENOKEY;
	if ((flags & NTLMSSP_NEGOTIATE_DATAGRAM) &&
	    !(flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY))
		return -EINVAL;
	s->flags = flags;
	err = dir_init(&s->out, flags, exported_session_key, server);
	if (!err && has_ess(s))
		err = dir_init(&s->in, flags, exported_session_key, !server);
	if (err)
		ntlm_seal_clear(s);
	return err;
}

/**
 * ntlm_seal_clear() - wipe a context's session security
 * @s: the state, ntlm_seal_size(@s->flags) bytes
 */
void ntlm_seal_clear(struct ntlm_seal *s)
{
	memzero_explicit(s, ntlm_seal_size(s->flags));
}

/**
 * ntlm_seal_set_seq() - the SeqNum of the next message, connectionless mode
 * @s: the context's state
 * @seq: the application's MessageSeqNo for the message about to be made or
 *	checked
 *
 * Does nothing in connection mode, where the SeqNums are the context's own.
 */
void ntlm_seal_set_seq(struct ntlm_seal *s, u32 seq)
{
	if (!is_datagram(s))
		return;
	s->out.seq = seq;
	s->in.seq = seq;
}

/* Connectionless mode: RC4Init(Handle, MD5(SealingKey || SeqNum)) (3.4). */
static int rekey(const struct ntlm_seal *s, struct ntlm_seal_dir *d)
{
	__le32 seq = cpu_to_le32(d->seq);
	struct ntlm_vec vec[2] = {
		{ d->seal_key, sizeof(d->seal_key) },
		{ &seq, sizeof(seq) },
	};
	u8 key[NTLM_HASH_SIZE];
	int err;

	if (!is_datagram(s))
		return 0;
	err = ntlm_md5_digest(vec, ARRAY_SIZE(vec), key);
	if (!err)
		err = arc4_setkey(&d->rc4, key, sizeof(key));
	memzero_explicit(key, sizeof(key));
	return err;
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

/* RC4s the parts that have an @out: the bytes the handle went through. */
static size_t rc4_parts(struct ntlm_seal_dir *d, const struct ntlm_part *parts,
			unsigned int nparts)
{
	size_t done = 0;
	unsigned int i;

	for (i = 0; i < nparts; i++) {
		if (parts[i].out && parts[i].len) {
			arc4_crypt(&d->rc4, parts[i].out, parts[i].in, parts[i].len);
			done += parts[i].len;
		}
	}
	return done;
}

/*
 * Puts @ctx back as it was @len bytes ago. arc4_crypt() keeps x one past
 * the entry it last swapped and y on the other: a step swapped S[x - 1]
 * with S[y] after adding the former to y, so undoing it swaps them back
 * and subtracts what is in S[x - 1] again.
 */
static void rc4_rewind(struct arc4_ctx *ctx, size_t len)
{
	u32 *const S = ctx->S;
	u32 x = ctx->x, y = ctx->y, a;

	while (len--) {
		x = (x - 1) & 0xff;
		a = S[y];
		S[y] = S[x];
		S[x] = a;
		y = (y - a) & 0xff;
	}
	ctx->x = x;
	ctx->y = y;
}

/*
 * A refused message: the receiving handle back as it was @used bytes ago
 * and, when the parts were unsealed (@unsealed), every @out RC4'd again
 * with the same stream, which gives the parts unsealed in place (@out ==
 * @in) back the bytes they came with.
 */
static void unseal_undo(struct ntlm_seal_dir *d, const struct ntlm_part *parts,
			unsigned int nparts, size_t used, bool unsealed)
{
	size_t redone = 0;
	unsigned int i;

	rc4_rewind(&d->rc4, used);
	if (!unsealed)
		return;
	for (i = 0; i < nparts; i++) {
		if (parts[i].out && parts[i].len) {
			arc4_crypt(&d->rc4, parts[i].out, parts[i].out, parts[i].len);
			redone += parts[i].len;
		}
	}
	rc4_rewind(&d->rc4, redone);
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

/* Checksum of 3.4.4.1: CRC32 (as zlib's) of the message in clear */
static u32 crc_parts(const struct ntlm_part *parts, unsigned int nparts,
		     bool plain_out)
{
	u32 crc = ~0U;
	unsigned int i;

	for (i = 0; i < nparts; i++)
		if (parts[i].len)
			crc = crc32_le(crc, plain_out && parts[i].out ?
				       parts[i].out : parts[i].in, parts[i].len);
	return ~crc;
}

/* 3.4.3 and 3.4.4.1: the shared handle, one SeqNum */
static void seal_v1(struct ntlm_seal *s, const struct ntlm_part *parts,
		    unsigned int nparts, bool seal, u8 sig[NTLM_MSG_SIGNATURE_SIZE])
{
	struct ntlm_seal_dir *d = &s->out;
	u8 tail[NTLM_V1_SEALED_SIZE];

	put_unaligned_le32(0, tail);				/* RandomPad */
	put_unaligned_le32(crc_parts(parts, nparts, false), tail + 4);
	put_unaligned_le32(d->seq, tail + 8);
	if (seal)
		rc4_parts(d, parts, nparts);
	arc4_crypt(&d->rc4, tail, tail, sizeof(tail));
	put_unaligned_le32(NTLM_SIGNATURE_VERSION, sig);
	put_unaligned_le32(0, sig + 4);				/* RandomPad */
	memcpy(sig + 8, tail + 4, sizeof(tail) - 4);
	d->seq++;
	memzero_explicit(tail, sizeof(tail));
}

static s32 unseal_v1(struct ntlm_seal *s, const struct ntlm_part *parts,
		     unsigned int nparts, bool unseal,
		     const u8 sig[NTLM_MSG_SIGNATURE_SIZE])
{
	struct ntlm_seal_dir *d = &s->out;
	u8 tail[NTLM_V1_SEALED_SIZE];
	size_t used = 0;
	__le32 crc;
	s32 status = SEC_E_OK;

	if (unseal)
		used = rc4_parts(d, parts, nparts);
	crc = cpu_to_le32(crc_parts(parts, nparts, unseal));
	memcpy(tail, sig + 4, sizeof(tail));
	arc4_crypt(&d->rc4, tail, tail, sizeof(tail));
	used += sizeof(tail);
	if (get_unaligned_le32(tail + 8) != d->seq)
		status = SEC_E_OUT_OF_SEQUENCE;
	else if (crypto_memneq(tail + 4, &crc, sizeof(crc)))
		status = SEC_E_MESSAGE_ALTERED;
	if (status)
		unseal_undo(d, parts, nparts, used, unseal);
	else
		d->seq++;
	memzero_explicit(tail, sizeof(tail));
	return status;
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
	if (!has_ess(s)) {
		seal_v1(s, parts, nparts, seal, sig);
		return SEC_E_OK;
	}
	if (rekey(s, d) || checksum(d, parts, nparts, false, sum))
		return SEC_E_INTERNAL_ERROR;
	if (seal)
		rc4_parts(d, parts, nparts);
	if (s->flags & NTLMSSP_NEGOTIATE_KEY_EXCH)
		arc4_crypt(&d->rc4, sum, sum, sizeof(sum));
	put_unaligned_le32(NTLM_SIGNATURE_VERSION, sig);
	memcpy(sig + 4, sum, sizeof(sum));
	put_unaligned_le32(d->seq, sig + 12);
	if (!is_datagram(s))
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
 * On failure the state is as before the call, the parts unsealed in place
 * (@out == @in) hold what they held before, and what the @out of the
 * others hold is meaningless.
 *
 * Return: %SEC_E_OK; %SEC_E_MESSAGE_ALTERED for a signature of another
 * version or a wrong checksum, and in connectionless mode for a SeqNum
 * other than the one set; %SEC_E_OUT_OF_SEQUENCE for a signature with
 * a SeqNum other than the one expected (connection mode); %SEC_E_INVALID_PARAMETER or
 * %SEC_E_INTERNAL_ERROR.
 */
s32 ntlm_unseal_message(struct ntlm_seal *s, const struct ntlm_part *parts,
			unsigned int nparts, bool unseal,
			const u8 sig[NTLM_MSG_SIGNATURE_SIZE])
{
	struct ntlm_seal_dir *d = &s->in;
	u8 sum[NTLM_CHECKSUM_SIZE];
	size_t used = 0;
	s32 status = SEC_E_OK;

	if (!parts_ok(parts, nparts))
		return SEC_E_INVALID_PARAMETER;
	if (get_unaligned_le32(sig) != NTLM_SIGNATURE_VERSION)
		return SEC_E_MESSAGE_ALTERED;
	if (!has_ess(s))
		return unseal_v1(s, parts, nparts, unseal, sig);
	if (get_unaligned_le32(sig + 12) != d->seq)
		return is_datagram(s) ? SEC_E_MESSAGE_ALTERED : SEC_E_OUT_OF_SEQUENCE;
	if (rekey(s, d)) {
		status = SEC_E_INTERNAL_ERROR;
		goto out;
	}
	if (unseal)
		used = rc4_parts(d, parts, nparts);
	if (checksum(d, parts, nparts, unseal, sum)) {
		status = SEC_E_INTERNAL_ERROR;
		goto out;
	}
	if (s->flags & NTLMSSP_NEGOTIATE_KEY_EXCH) {
		arc4_crypt(&d->rc4, sum, sum, sizeof(sum));
		used += sizeof(sum);
	}
	if (crypto_memneq(sum, sig + 4, sizeof(sum)))
		status = SEC_E_MESSAGE_ALTERED;
out:
	if (status)
		unseal_undo(d, parts, nparts, used, unseal && used);
	else if (!is_datagram(s))
		d->seq++;
	memzero_explicit(sum, sizeof(sum));
	return status;
}
