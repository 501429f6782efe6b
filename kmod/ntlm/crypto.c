// SPDX-License-Identifier: GPL-2.0
/*
 * NTLM's cryptographic computations (MS-NLMP 3.3 and 3.4.5) through the
 * kernel crypto API.
 *
 * Transforms are allocated once, in ntlm_crypto_init(): md4 and md5 are
 * keyless, so one shash of each is shared by all callers, each with its own
 * descriptor on its stack. HMAC-MD5 is built from that shared md5 by the
 * RFC 2104 construction instead of from an "hmac(md5)" transform, whose key
 * would live in the (shared) transform: every NTLM HMAC uses a fresh key, so
 * a keyed transform would need one instance per CPU, a setkey per call (the
 * same two MD5 blocks of work as here) and would keep a copy of the last
 * secret key in it after the call. Here the key schedule lives on the
 * caller's stack only and is wiped, and no state is shared but the
 * read-only transform: any number of calls may run at once, in any context.
 *
 * Every intermediate secret is wiped before returning; comparisons of
 * secrets use crypto_memneq().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <asm/unaligned.h>
#include <crypto/algapi.h>
#include <crypto/arc4.h>
#include <crypto/des.h>
#include <crypto/hash.h>
#include <crypto/md5.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "crypto.h"

#define NTLM_MD4_DIGEST_SIZE	16
#define NTLM_LM_PASSWORD_MAX	14

static struct crypto_shash *ntlm_md4;
static struct crypto_shash *ntlm_md5;

/**
 * ntlm_crypto_init() - allocate the transforms the NTLM computations share
 *
 * Description: Loads md4 (a module on most distributions) and md5 if needed.
 *
 * Context: process context; may sleep.
 * Return: 0, or -errno if an algorithm is not available.
 */
int ntlm_crypto_init(void)
{
	int err;

	ntlm_md4 = crypto_alloc_shash("md4", 0, 0);
	if (IS_ERR(ntlm_md4)) {
		err = PTR_ERR(ntlm_md4);
		pr_err("md4 is not available (%d)\n", err);
		goto err_md4;
	}
	ntlm_md5 = crypto_alloc_shash("md5", 0, 0);
	if (IS_ERR(ntlm_md5)) {
		err = PTR_ERR(ntlm_md5);
		pr_err("md5 is not available (%d)\n", err);
		goto err_md5;
	}
	return 0;

err_md5:
	ntlm_md5 = NULL;
	crypto_free_shash(ntlm_md4);
err_md4:
	ntlm_md4 = NULL;
	return err;
}

/**
 * ntlm_crypto_exit() - free the transforms of ntlm_crypto_init()
 *
 * Description: No computation may be running or start afterwards.
 */
void ntlm_crypto_exit(void)
{
	crypto_free_shash(ntlm_md5);
	crypto_free_shash(ntlm_md4);
	ntlm_md5 = NULL;
	ntlm_md4 = NULL;
}

/*
 * Upper-casing of user names for NTOWFv2.
 *
 * Windows upper-cases one UTF-16 code unit at a time (no special casing such
 * as U+00DF to "SS", no normalisation, surrogates unchanged) through its own
 * table, which predates and differs from Unicode's simple case mapping in a
 * few places. The kernel has nothing that does this: fs/unicode (utf8data)
 * does full case *folding* to NFD-decomposed lowercase, which is another
 * function (its bytes would differ from what Windows hashes), and the NLS
 * tables upper-case legacy code pages only.
 *
 * So: our own table, for the blocks where user names live in practice. It
 * follows the Windows (Vista and later) table, the one Microsoft also
 * publishes as the exFAT recommended up-case table, in these blocks: Basic
 * Latin, Latin-1 Supplement, Latin Extended-A, Greek and Coptic, Cyrillic,
 * Cyrillic Supplement, Armenian, Latin Extended Additional and the fullwidth
 * Latin letters. Where Windows differs from Unicode there, we do as Windows:
 * U+00B5 MICRO SIGN, U+0131 DOTLESS I, U+017F LONG S, the Greek symbol forms
 * (U+03D0-U+03D7, U+03F0, U+03F1, U+03F5) and the letters Unicode added after
 * 5.0 (U+0371/3/7, U+03F3, U+0514-U+052F, U+1EFA-U+1EFF) stay unchanged.
 * Limit: other blocks (Latin Extended-B, IPA, Greek Extended, Georgian,
 * Glagolitic, Coptic, Roman numerals, circled letters) are left unchanged,
 * where Windows upper-cases some of their letters; a user name with such a
 * lowercase letter gets a different NTOWFv2 than from Windows.
 */
struct ntlm_upcase_range {
	u16 first;
	u16 last;
	s16 delta;
	u8 step;	/* 1: each unit of the range; 2: first, first + 2, ... */
};

static const struct ntlm_upcase_range ntlm_upcase_ranges[] = {
	{ 0x0061, 0x007a,  -32, 1 },	/* a-z */
	{ 0x00e0, 0x00f6,  -32, 1 },	/* a grave .. o diaeresis */
	{ 0x00f8, 0x00fe,  -32, 1 },	/* o stroke .. thorn */
	{ 0x00ff, 0x00ff,  121, 1 },	/* y diaeresis -> U+0178 */
	{ 0x0101, 0x012f,   -1, 2 },	/* Latin Extended-A pairs */
	{ 0x0133, 0x0137,   -1, 2 },
	{ 0x013a, 0x0148,   -1, 2 },
	{ 0x014b, 0x0177,   -1, 2 },
	{ 0x017a, 0x017e,   -1, 2 },
	{ 0x037b, 0x037d,  130, 1 },	/* reversed lunate sigmas */
	{ 0x03ac, 0x03ac,  -38, 1 },	/* alpha tonos */
	{ 0x03ad, 0x03af,  -37, 1 },	/* epsilon, eta, iota tonos */
	{ 0x03b1, 0x03c1,  -32, 1 },	/* alpha .. rho */
	{ 0x03c2, 0x03c2,  -31, 1 },	/* final sigma -> SIGMA */
	{ 0x03c3, 0x03cb,  -32, 1 },	/* sigma .. upsilon dialytika */
	{ 0x03cc, 0x03cc,  -64, 1 },	/* omicron tonos */
	{ 0x03cd, 0x03ce,  -63, 1 },	/* upsilon, omega tonos */
	{ 0x03d9, 0x03ef,   -1, 2 },	/* archaic and Coptic letter pairs */
	{ 0x03f2, 0x03f2,    7, 1 },	/* lunate sigma */
	{ 0x03f8, 0x03f8,   -1, 1 },	/* sho */
	{ 0x03fb, 0x03fb,   -1, 1 },	/* san */
	{ 0x0430, 0x044f,  -32, 1 },	/* a .. ya */
	{ 0x0450, 0x045f,  -80, 1 },	/* ie grave .. dzhe */
	{ 0x0461, 0x0481,   -1, 2 },	/* omega .. koppa */
	{ 0x048b, 0x04bf,   -1, 2 },	/* short i with tail .. */
	{ 0x04c2, 0x04ce,   -1, 2 },	/* zhe breve .. em tail */
	{ 0x04cf, 0x04cf,  -15, 1 },	/* palochka */
	{ 0x04d1, 0x0513,   -1, 2 },	/* .. end of Unicode 5.0 Cyrillic */
	{ 0x0561, 0x0586,  -48, 1 },	/* Armenian */
	{ 0x1e01, 0x1e95,   -1, 2 },	/* Latin Extended Additional */
	{ 0x1ea1, 0x1ef9,   -1, 2 },	/* Vietnamese */
	{ 0xff41, 0xff5a,  -32, 1 },	/* fullwidth a-z */
};

/**
 * ntlm_upcase() - upper-case one UTF-16 code unit as Windows does
 * @c: the code unit
 *
 * Covers the blocks listed in crypto.c; units elsewhere come back unchanged.
 *
 * Return: the upper-case code unit.
 */
u16 ntlm_upcase(u16 c)
{
	const struct ntlm_upcase_range *r;
	size_t i;

	if (c < 0x80)
		return c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c;
	for (i = 0; i < ARRAY_SIZE(ntlm_upcase_ranges); i++) {
		r = &ntlm_upcase_ranges[i];
		if (c < r->first)
			break;
		if (c <= r->last && (c - r->first) % r->step == 0)
			return c + r->delta;
	}
	return c;
}

/* HMAC-MD5 (RFC 2104) on the shared md5, in three steps. */
struct ntlm_hmac {
	u8 opad[MD5_HMAC_BLOCK_SIZE];
};

static int ntlm_hmac_init(struct shash_desc *desc, struct ntlm_hmac *h,
			  const u8 *key, size_t key_len)
{
	u8 ipad[MD5_HMAC_BLOCK_SIZE] = {};
	unsigned int i;
	int err = 0;

	desc->tfm = ntlm_md5;
	if (key_len > MD5_HMAC_BLOCK_SIZE) {
		if (key_len > UINT_MAX)
			return -EINVAL;
		err = crypto_shash_digest(desc, key, key_len, ipad);
		if (err)
			goto out;
	} else if (key_len) {
		memcpy(ipad, key, key_len);
	}
	for (i = 0; i < MD5_HMAC_BLOCK_SIZE; i++) {
		h->opad[i] = ipad[i] ^ 0x5c;
		ipad[i] ^= 0x36;
	}
	err = crypto_shash_init(desc);
	if (!err)
		err = crypto_shash_update(desc, ipad, sizeof(ipad));
out:
	memzero_explicit(ipad, sizeof(ipad));
	return err;
}

static int ntlm_hmac_update(struct shash_desc *desc, const void *data,
			    size_t len)
{
	if (len > UINT_MAX)
		return -EINVAL;
	return crypto_shash_update(desc, data, len);
}

static int ntlm_hmac_final(struct shash_desc *desc, struct ntlm_hmac *h,
			   u8 out[MD5_DIGEST_SIZE])
{
	u8 inner[MD5_DIGEST_SIZE];
	int err;

	err = crypto_shash_final(desc, inner);
	if (!err)
		err = crypto_shash_init(desc);
	if (!err)
		err = crypto_shash_update(desc, h->opad, sizeof(h->opad));
	if (!err)
		err = crypto_shash_finup(desc, inner, sizeof(inner), out);
	memzero_explicit(inner, sizeof(inner));
	return err;
}

/* Wipes what an HMAC left behind; @desc must have been set up. */
static void ntlm_hmac_wipe(struct shash_desc *desc, struct ntlm_hmac *h)
{
	memzero_explicit(h, sizeof(*h));
	shash_desc_zero(desc);
}

/**
 * ntlm_hmac_md5() - HMAC-MD5 of the concatenation of byte strings
 * @key: the key
 * @key_len: its length in bytes
 * @vec: the pieces of the message, hashed in order
 * @nvec: their number
 * @out: the MAC
 *
 * Return: 0, or -errno (a piece longer than 4 GiB: -EINVAL).
 */
int ntlm_hmac_md5(const u8 *key, size_t key_len, const struct ntlm_vec *vec,
		  unsigned int nvec, u8 out[NTLM_HASH_SIZE])
{
	SHASH_DESC_ON_STACK(desc, ntlm_md5);
	struct ntlm_hmac h;
	unsigned int i;
	int err;

	err = ntlm_hmac_init(desc, &h, key, key_len);
	for (i = 0; !err && i < nvec; i++) {
		if (vec[i].len)
			err = ntlm_hmac_update(desc, vec[i].data, vec[i].len);
	}
	if (!err)
		err = ntlm_hmac_final(desc, &h, out);
	ntlm_hmac_wipe(desc, &h);
	return err;
}

/**
 * ntlm_md5_digest() - MD5 of the concatenation of byte strings
 * @vec: the strings
 * @nvec: their number
 * @out: the digest
 *
 * For what NTLM hashes whole, such as channel bindings (3.1.5.1.2).
 *
 * Return: 0, or -errno from the hash.
 */
int ntlm_md5_digest(const struct ntlm_vec *vec, unsigned int nvec, u8 out[NTLM_HASH_SIZE])
{
	SHASH_DESC_ON_STACK(desc, ntlm_md5);
	unsigned int i;
	int err;

	desc->tfm = ntlm_md5;
	err = crypto_shash_init(desc);
	for (i = 0; i < nvec && !err; i++)
		err = crypto_shash_update(desc, vec[i].data, vec[i].len);
	if (!err)
		err = crypto_shash_final(desc, out);
	shash_desc_zero(desc);
	return err;
}

static int ntlm_md5_2(const void *a, size_t a_len, const void *b,
		      size_t b_len, u8 out[MD5_DIGEST_SIZE])
{
	SHASH_DESC_ON_STACK(desc, ntlm_md5);
	int err;

	desc->tfm = ntlm_md5;
	err = crypto_shash_init(desc);
	if (!err)
		err = crypto_shash_update(desc, a, a_len);
	if (!err)
		err = crypto_shash_finup(desc, b, b_len, out);
	shash_desc_zero(desc);
	return err;
}

/* DES of one block with a 56-bit key, spread over 8 bytes (parity ignored). */
static void ntlm_des56(const u8 key56[7], const u8 in[DES_BLOCK_SIZE],
		       u8 out[DES_BLOCK_SIZE])
{
	u8 key[DES_KEY_SIZE];
	struct des_ctx ctx;
	u64 bits = 0;
	int i;

	for (i = 0; i < 7; i++)
		bits = bits << 8 | key56[i];
	for (i = 0; i < DES_KEY_SIZE; i++)
		key[i] = (bits >> (49 - 7 * i)) << 1;
	/*
	 * -ENOKEY only flags a weak key; the schedule is complete anyway, and
	 * NTLM does meet weak keys (the LM hash of an empty password).
	 */
	des_expand_key(&ctx, key, sizeof(key));
	des_encrypt(&ctx, out, in);
	memzero_explicit(&ctx, sizeof(ctx));
	memzero_explicit(key, sizeof(key));
	memzero_explicit(&bits, sizeof(bits));
}

/* DESL() of 3.3.1: three DES of @data under the 16-byte key padded to 21. */
static void ntlm_desl(const u8 key[NTLM_HASH_SIZE], const u8 data[8],
		      u8 out[NTLM_RESPONSE_V1_SIZE])
{
	u8 k[21] = {};

	memcpy(k, key, NTLM_HASH_SIZE);
	ntlm_des56(k, data, out);
	ntlm_des56(k + 7, data, out + 8);
	ntlm_des56(k + 14, data, out + 16);
	memzero_explicit(k, sizeof(k));
}

/**
 * ntlm_ntowfv1() - NTOWFv1, the NT hash: MD4 of the password
 * @password: the password, UTF-16LE
 * @password_len: its length in bytes (even)
 * @hash: the NT hash
 *
 * Return: 0, or -EINVAL for an odd length, or -errno from the hash.
 */
int ntlm_ntowfv1(const u8 *password, size_t password_len,
		 u8 hash[NTLM_HASH_SIZE])
{
	SHASH_DESC_ON_STACK(desc, ntlm_md4);
	int err;

	if ((password_len & 1) || password_len > UINT_MAX)
		return -EINVAL;
	desc->tfm = ntlm_md4;
	err = crypto_shash_digest(desc, password, password_len, hash);
	shash_desc_zero(desc);
	return err;
}

/**
 * ntlm_lmowfv1() - LMOWFv1, the LM hash
 * @oem_password: the password in the OEM code page
 * @password_len: its length in bytes, at most 14
 * @hash: the LM hash
 *
 * Upper-cases ASCII letters only: other OEM characters must be upper-cased
 * by the caller, who knows the code page. Windows keeps no LM hash for a
 * password longer than 14 characters, so neither do we.
 *
 * Return: 0, or -EINVAL for a password longer than 14 bytes.
 */
int ntlm_lmowfv1(const u8 *oem_password, size_t password_len,
		 u8 hash[NTLM_HASH_SIZE])
{
	static const u8 magic[DES_BLOCK_SIZE] = "KGS!@#$%";
	u8 pw[NTLM_LM_PASSWORD_MAX] = {};
	size_t i;

	if (password_len > NTLM_LM_PASSWORD_MAX)
		return -EINVAL;
	for (i = 0; i < password_len; i++)
		pw[i] = oem_password[i] >= 'a' && oem_password[i] <= 'z' ?
			oem_password[i] - ('a' - 'A') : oem_password[i];
	ntlm_des56(pw, magic, hash);
	ntlm_des56(pw + 7, magic, hash + 8);
	memzero_explicit(pw, sizeof(pw));
	return 0;
}

/* Hashes UPPERCASE(@s) into @desc, a chunk at a time. */
static int ntlm_hmac_update_upcase(struct shash_desc *desc, const u8 *s,
				   size_t len)
{
	u8 chunk[64];
	size_t i, n = 0;
	int err = 0;

	for (i = 0; i < len; i += 2) {
		put_unaligned_le16(ntlm_upcase(get_unaligned_le16(s + i)),
				   chunk + n);
		n += 2;
		if (n == sizeof(chunk) || i + 2 == len) {
			err = crypto_shash_update(desc, chunk, n);
			if (err)
				break;
			n = 0;
		}
	}
	memzero_explicit(chunk, sizeof(chunk));
	return err;
}

/**
 * ntlm_ntowfv2() - NTOWFv2 (= LMOWFv2), the NTLMv2 ResponseKeyNT
 * @nt_hash: NTOWFv1 of the password
 * @user: the user name, UTF-16LE, as typed (upper-cased here: see
 *	ntlm_upcase())
 * @user_len: its length in bytes (even)
 * @domain: the user's domain, UTF-16LE, used as it is
 * @domain_len: its length in bytes (even)
 * @hash: HMAC_MD5(@nt_hash, UPPERCASE(@user) || @domain)
 *
 * Return: 0, or -EINVAL for an odd length, or -errno from the hash.
 */
int ntlm_ntowfv2(const u8 nt_hash[NTLM_HASH_SIZE], const u8 *user,
		 size_t user_len, const u8 *domain, size_t domain_len,
		 u8 hash[NTLM_HASH_SIZE])
{
	SHASH_DESC_ON_STACK(desc, ntlm_md5);
	struct ntlm_hmac h;
	int err;

	if ((user_len & 1) || (domain_len & 1))
		return -EINVAL;
	err = ntlm_hmac_init(desc, &h, nt_hash, NTLM_HASH_SIZE);
	if (!err)
		err = ntlm_hmac_update_upcase(desc, user, user_len);
	if (!err)
		err = ntlm_hmac_update(desc, domain, domain_len);
	if (!err)
		err = ntlm_hmac_final(desc, &h, hash);
	ntlm_hmac_wipe(desc, &h);
	return err;
}

/**
 * ntlm_v1_response() - NTLMv1 or LMv1 challenge response: DESL(key, challenge)
 * @key: NTOWFv1 for the NtChallengeResponse, LMOWFv1 for the
 *	LmChallengeResponse
 * @server_challenge: the CHALLENGE_MESSAGE's ServerChallenge
 * @response: the 24-byte response
 *
 * Return: 0.
 */
int ntlm_v1_response(const u8 key[NTLM_HASH_SIZE],
		     const u8 server_challenge[NTLM_CHALLENGE_SIZE],
		     u8 response[NTLM_RESPONSE_V1_SIZE])
{
	ntlm_desl(key, server_challenge, response);
	return 0;
}

/**
 * ntlm_ess_challenge() - the challenge an NTLM2 session response answers
 * @server_challenge: the CHALLENGE_MESSAGE's ServerChallenge
 * @client_challenge: the client's 8 random bytes
 * @challenge: MD5(ServerChallenge || ClientChallenge)[0..7]
 *
 * An NTLMv1 check against @challenge is the check of the NTLM2 session
 * response: what an authority that knows only NTLMv1 is asked.
 *
 * Return: 0, or -errno from the hash.
 */
int ntlm_ess_challenge(const u8 server_challenge[NTLM_CHALLENGE_SIZE],
		       const u8 client_challenge[NTLM_CHALLENGE_SIZE],
		       u8 challenge[NTLM_CHALLENGE_SIZE])
{
	u8 digest[MD5_DIGEST_SIZE];
	int err;

	err = ntlm_md5_2(server_challenge, NTLM_CHALLENGE_SIZE,
			 client_challenge, NTLM_CHALLENGE_SIZE, digest);
	if (!err)
		memcpy(challenge, digest, NTLM_CHALLENGE_SIZE);
	memzero_explicit(digest, sizeof(digest));
	return err;
}

/**
 * ntlm_ess_responses() - NTLMv1 responses with extended session security
 * @nt_hash: NTOWFv1 of the password
 * @server_challenge: the CHALLENGE_MESSAGE's ServerChallenge
 * @client_challenge: the client's 8 random bytes
 * @lm_response: ClientChallenge || Z(16)
 * @nt_response: DESL(@nt_hash, MD5(ServerChallenge || ClientChallenge)[0..7])
 *
 * The "NTLM2 session response"; its SessionBaseKey is NTLMv1's and its
 * KeyExchangeKey the ESS one of ntlm_kxkey_v1().
 *
 * Return: 0, or -errno from the hash.
 */
int ntlm_ess_responses(const u8 nt_hash[NTLM_HASH_SIZE],
		       const u8 server_challenge[NTLM_CHALLENGE_SIZE],
		       const u8 client_challenge[NTLM_CHALLENGE_SIZE],
		       u8 lm_response[NTLM_RESPONSE_V1_SIZE],
		       u8 nt_response[NTLM_RESPONSE_V1_SIZE])
{
	u8 challenge[NTLM_CHALLENGE_SIZE];
	int err;

	err = ntlm_ess_challenge(server_challenge, client_challenge, challenge);
	if (err)
		return err;
	ntlm_desl(nt_hash, challenge, nt_response);
	memzero_explicit(challenge, sizeof(challenge));
	memcpy(lm_response, client_challenge, NTLM_CHALLENGE_SIZE);
	memset(lm_response + NTLM_CHALLENGE_SIZE, 0,
	       NTLM_RESPONSE_V1_SIZE - NTLM_CHALLENGE_SIZE);
	return 0;
}

/**
 * ntlm_v1_session_base_key() - NTLMv1 SessionBaseKey: MD4(NTOWFv1)
 * @nt_hash: NTOWFv1 of the password
 * @key: the SessionBaseKey
 *
 * Also the SessionBaseKey of NTLMv1 with extended session security.
 *
 * Return: 0, or -errno from the hash.
 */
int ntlm_v1_session_base_key(const u8 nt_hash[NTLM_HASH_SIZE],
			     u8 key[NTLM_KEY_SIZE])
{
	SHASH_DESC_ON_STACK(desc, ntlm_md4);
	int err;

	desc->tfm = ntlm_md4;
	err = crypto_shash_digest(desc, nt_hash, NTLM_HASH_SIZE, key);
	shash_desc_zero(desc);
	return err;
}

/**
 * ntlm_kxkey_v1() - KXKEY of 3.4.5.1 for NTLMv1
 * @neg_flags: the negotiated flags
 * @session_base_key: the SessionBaseKey
 * @lm_hash: LMOWFv1 of the password; only read (and then required) with
 *	NTLMSSP_NEGOTIATE_LM_KEY or NTLMSSP_REQUEST_NON_NT_SESSION_KEY without
 *	extended session security
 * @lm_response: the LmChallengeResponse; only its first 8 bytes are read
 * @server_challenge: the CHALLENGE_MESSAGE's ServerChallenge
 * @key: the KeyExchangeKey
 *
 * In order of precedence: with extended session security
 * HMAC_MD5(SessionBaseKey, ServerChallenge || LmChallengeResponse[0..7]); with
 * LM_KEY DES(LMOWF[0..6], LmChallengeResponse[0..7]) ||
 * DES(LMOWF[7] || 0xbdbdbdbdbdbd, LmChallengeResponse[0..7]); with
 * REQUEST_NON_NT_SESSION_KEY LMOWF[0..7] || Z(8); otherwise the
 * SessionBaseKey. (NTLMv2's KeyExchangeKey is always its SessionBaseKey.)
 *
 * Return: 0, or -EINVAL if @lm_hash is needed and NULL, or -errno from the
 * hash.
 */
int ntlm_kxkey_v1(u32 neg_flags, const u8 session_base_key[NTLM_KEY_SIZE],
		  const u8 lm_hash[NTLM_HASH_SIZE], const u8 *lm_response,
		  const u8 server_challenge[NTLM_CHALLENGE_SIZE],
		  u8 key[NTLM_KEY_SIZE])
{
	struct ntlm_vec vec[] = {
		{ server_challenge, NTLM_CHALLENGE_SIZE },
		{ lm_response, 8 },
	};
	u8 k[7];

	if (neg_flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY)
		return ntlm_hmac_md5(session_base_key, NTLM_KEY_SIZE, vec,
				     ARRAY_SIZE(vec), key);
	if (neg_flags & (NTLMSSP_NEGOTIATE_LM_KEY |
			 NTLMSSP_REQUEST_NON_NT_SESSION_KEY) && !lm_hash)
		return -EINVAL;
	if (neg_flags & NTLMSSP_NEGOTIATE_LM_KEY) {
		ntlm_des56(lm_hash, lm_response, key);
		k[0] = lm_hash[7];
		memset(k + 1, 0xbd, sizeof(k) - 1);
		ntlm_des56(k, lm_response, key + 8);
		memzero_explicit(k, sizeof(k));
	} else if (neg_flags & NTLMSSP_REQUEST_NON_NT_SESSION_KEY) {
		memcpy(key, lm_hash, 8);
		memset(key + 8, 0, NTLM_KEY_SIZE - 8);
	} else {
		memcpy(key, session_base_key, NTLM_KEY_SIZE);
	}
	return 0;
}

/**
 * ntlm_v2_proof() - NTLMv2 NTProofStr: HMAC_MD5(key, ServerChallenge || temp)
 * @response_key: ResponseKeyNT, from ntlm_ntowfv2()
 * @server_challenge: the CHALLENGE_MESSAGE's ServerChallenge
 * @temp: the client's blob (NTLMv2_CLIENT_CHALLENGE: versions, time, client
 *	challenge, AV pairs)
 * @temp_len: its length in bytes
 * @proof: the NTProofStr
 *
 * Return: 0, or -errno from the hash.
 */
int ntlm_v2_proof(const u8 response_key[NTLM_HASH_SIZE],
		  const u8 server_challenge[NTLM_CHALLENGE_SIZE],
		  const u8 *temp, size_t temp_len, u8 proof[NTLM_PROOF_SIZE])
{
	struct ntlm_vec vec[] = {
		{ server_challenge, NTLM_CHALLENGE_SIZE },
		{ temp, temp_len },
	};

	return ntlm_hmac_md5(response_key, NTLM_HASH_SIZE, vec,
			     ARRAY_SIZE(vec), proof);
}

/**
 * ntlm_v2_nt_response() - NTLMv2 NtChallengeResponse: NTProofStr || temp
 * @response_key: ResponseKeyNT, from ntlm_ntowfv2()
 * @server_challenge: the CHALLENGE_MESSAGE's ServerChallenge
 * @temp: the client's blob
 * @temp_len: its length in bytes
 * @response: where the response goes; @temp may already sit at
 *	@response + 16 (it is then not copied)
 * @response_size: room at @response, at least 16 + @temp_len
 *
 * Return: 0, or -EINVAL if @response is too small, or -errno from the hash.
 */
int ntlm_v2_nt_response(const u8 response_key[NTLM_HASH_SIZE],
			const u8 server_challenge[NTLM_CHALLENGE_SIZE],
			const u8 *temp, size_t temp_len, u8 *response,
			size_t response_size)
{
	u8 proof[NTLM_PROOF_SIZE];
	int err;

	if (response_size < NTLM_PROOF_SIZE ||
	    response_size - NTLM_PROOF_SIZE < temp_len)
		return -EINVAL;
	err = ntlm_v2_proof(response_key, server_challenge, temp, temp_len,
			    proof);
	if (err)
		return err;
	memmove(response + NTLM_PROOF_SIZE, temp, temp_len);
	memcpy(response, proof, NTLM_PROOF_SIZE);
	return 0;
}

/**
 * ntlm_v2_session_base_key() - NTLMv2 SessionBaseKey: HMAC_MD5(key, NTProofStr)
 * @response_key: ResponseKeyNT, from ntlm_ntowfv2()
 * @proof: the NTProofStr
 * @key: the SessionBaseKey, which is also NTLMv2's KeyExchangeKey
 *
 * Return: 0, or -errno from the hash.
 */
int ntlm_v2_session_base_key(const u8 response_key[NTLM_HASH_SIZE],
			     const u8 proof[NTLM_PROOF_SIZE],
			     u8 key[NTLM_KEY_SIZE])
{
	struct ntlm_vec vec = { proof, NTLM_PROOF_SIZE };

	return ntlm_hmac_md5(response_key, NTLM_HASH_SIZE, &vec, 1, key);
}

/**
 * ntlm_v2_verify() - check an NTLMv2 NtChallengeResponse, as an acceptor
 * @response_key: ResponseKeyNT of the account, from ntlm_ntowfv2()
 * @server_challenge: the ServerChallenge the acceptor sent
 * @nt_response: the NtChallengeResponse received (NTProofStr || temp)
 * @nt_response_len: its length in bytes, more than 16
 * @session_base_key: the SessionBaseKey, written only on success
 *
 * Compares in constant time.
 *
 * Return: 0 if the response is right, -EBADMSG if not, -EINVAL if it is too
 * short, or -errno from the hash.
 */
int ntlm_v2_verify(const u8 response_key[NTLM_HASH_SIZE],
		   const u8 server_challenge[NTLM_CHALLENGE_SIZE],
		   const u8 *nt_response, size_t nt_response_len,
		   u8 session_base_key[NTLM_KEY_SIZE])
{
	u8 proof[NTLM_PROOF_SIZE];
	int err;

	if (nt_response_len <= NTLM_PROOF_SIZE)
		return -EINVAL;
	err = ntlm_v2_proof(response_key, server_challenge,
			    nt_response + NTLM_PROOF_SIZE,
			    nt_response_len - NTLM_PROOF_SIZE, proof);
	if (err)
		return err;
	if (crypto_memneq(proof, nt_response, NTLM_PROOF_SIZE))
		return -EBADMSG;
	return ntlm_v2_session_base_key(response_key, proof, session_base_key);
}

/**
 * ntlm_lmv2_response() - LMv2 LmChallengeResponse
 * @response_key: ResponseKeyLM (= ResponseKeyNT), from ntlm_ntowfv2()
 * @server_challenge: the CHALLENGE_MESSAGE's ServerChallenge
 * @client_challenge: the client's 8 random bytes
 * @response: HMAC_MD5(key, ServerChallenge || ClientChallenge) ||
 *	ClientChallenge
 *
 * Return: 0, or -errno from the hash.
 */
int ntlm_lmv2_response(const u8 response_key[NTLM_HASH_SIZE],
		       const u8 server_challenge[NTLM_CHALLENGE_SIZE],
		       const u8 client_challenge[NTLM_CHALLENGE_SIZE],
		       u8 response[NTLM_RESPONSE_V1_SIZE])
{
	struct ntlm_vec vec[] = {
		{ server_challenge, NTLM_CHALLENGE_SIZE },
		{ client_challenge, NTLM_CHALLENGE_SIZE },
	};
	int err;

	err = ntlm_hmac_md5(response_key, NTLM_HASH_SIZE, vec, ARRAY_SIZE(vec),
			    response);
	if (err)
		return err;
	memcpy(response + NTLM_PROOF_SIZE, client_challenge,
	       NTLM_CHALLENGE_SIZE);
	return 0;
}

/**
 * ntlm_exchange_key() - RC4 of a session key under the KeyExchangeKey
 * @kxkey: the KeyExchangeKey
 * @in: the ExportedSessionKey (initiator: gives EncryptedRandomSessionKey)
 *	or the EncryptedRandomSessionKey (acceptor: gives ExportedSessionKey)
 * @out: the result; may be @in
 *
 * Context: process context; may sleep (allocates the 1 KiB RC4 state).
 * Return: 0, or -ENOMEM.
 */
int ntlm_exchange_key(const u8 kxkey[NTLM_KEY_SIZE],
		      const u8 in[NTLM_KEY_SIZE], u8 out[NTLM_KEY_SIZE])
{
	struct arc4_ctx *ctx;

	ctx = kmalloc(sizeof(*ctx), GFP_KERNEL_ACCOUNT);
	if (!ctx)
		return -ENOMEM;
	arc4_setkey(ctx, kxkey, NTLM_KEY_SIZE);
	arc4_crypt(ctx, out, in, NTLM_KEY_SIZE);
	kfree_sensitive(ctx);
	return 0;
}

/**
 * ntlm_mic() - the MIC of a handshake
 * @exported_session_key: the ExportedSessionKey
 * @negotiate: the NEGOTIATE_MESSAGE as sent (may be NULL when its length is 0)
 * @negotiate_len: its length in bytes
 * @challenge: the CHALLENGE_MESSAGE as sent
 * @challenge_len: its length in bytes
 * @authenticate: the AUTHENTICATE_MESSAGE, with anything in its MIC field
 * @authenticate_len: its length in bytes
 * @mic_offset: the offset of the MIC field in @authenticate
 * @mic: HMAC_MD5(ExportedSessionKey, NEGOTIATE || CHALLENGE || AUTHENTICATE)
 *	with the MIC field taken as zeros
 *
 * Return: 0, -EINVAL if the MIC field is not inside @authenticate, or -errno
 * from the hash.
 */
int ntlm_mic(const u8 exported_session_key[NTLM_KEY_SIZE],
	     const u8 *negotiate, size_t negotiate_len,
	     const u8 *challenge, size_t challenge_len,
	     const u8 *authenticate, size_t authenticate_len,
	     size_t mic_offset, u8 mic[NTLM_MIC_SIZE])
{
	static const u8 zero[NTLM_MIC_SIZE];
	struct ntlm_vec vec[5];
	size_t after;

	if (!authenticate || authenticate_len < NTLM_MIC_SIZE ||
	    mic_offset > authenticate_len - NTLM_MIC_SIZE)
		return -EINVAL;
	after = mic_offset + NTLM_MIC_SIZE;
	vec[0] = (struct ntlm_vec){ negotiate, negotiate_len };
	vec[1] = (struct ntlm_vec){ challenge, challenge_len };
	vec[2] = (struct ntlm_vec){ authenticate, mic_offset };
	vec[3] = (struct ntlm_vec){ zero, NTLM_MIC_SIZE };
	vec[4] = (struct ntlm_vec){ authenticate + after,
				    authenticate_len - after };
	return ntlm_hmac_md5(exported_session_key, NTLM_KEY_SIZE, vec,
			     ARRAY_SIZE(vec), mic);
}

/**
 * ntlm_mic_verify() - check the MIC of a received AUTHENTICATE_MESSAGE
 * @exported_session_key: the ExportedSessionKey
 * @negotiate: the NEGOTIATE_MESSAGE as received (may be NULL when its length
 *	is 0)
 * @negotiate_len: its length in bytes
 * @challenge: the CHALLENGE_MESSAGE as sent
 * @challenge_len: its length in bytes
 * @authenticate: the AUTHENTICATE_MESSAGE as received, MIC included
 * @authenticate_len: its length in bytes
 * @mic_offset: the offset of the MIC field in @authenticate
 *
 * Compares in constant time.
 *
 * Return: 0 if the MIC is right, -EBADMSG if not, -EINVAL if the MIC field
 * is not inside @authenticate, or -errno from the hash.
 */
int ntlm_mic_verify(const u8 exported_session_key[NTLM_KEY_SIZE],
		    const u8 *negotiate, size_t negotiate_len,
		    const u8 *challenge, size_t challenge_len,
		    const u8 *authenticate, size_t authenticate_len,
		    size_t mic_offset)
{
	u8 mic[NTLM_MIC_SIZE];
	int err;

	err = ntlm_mic(exported_session_key, negotiate, negotiate_len,
		       challenge, challenge_len, authenticate,
		       authenticate_len, mic_offset, mic);
	if (err)
		return err;
	if (crypto_memneq(mic, authenticate + mic_offset, NTLM_MIC_SIZE))
		err = -EBADMSG;
	memzero_explicit(mic, sizeof(mic));
	return err;
}

/* The magic constants of 3.4.5.2 and 3.4.5.3, their NUL included. */
static const char ntlm_sign_c2s[] =
	"session key to client-to-server signing key magic constant";
static const char ntlm_sign_s2c[] =
	"session key to server-to-client signing key magic constant";
static const char ntlm_seal_c2s[] =
	"session key to client-to-server sealing key magic constant";
static const char ntlm_seal_s2c[] =
	"session key to server-to-client sealing key magic constant";

/**
 * ntlm_signkey() - SIGNKEY of 3.4.5.2
 * @neg_flags: the negotiated flags
 * @exported_session_key: the ExportedSessionKey
 * @server: false for the key the client signs with (and the server checks
 *	with), true for the server's
 * @key: MD5(ExportedSessionKey || the mode's magic constant)
 *
 * Return: 0, -ENOKEY without NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY
 * (the spec's NIL: such messages are signed under the sealing key), or -errno
 * from the hash.
 */
int ntlm_signkey(u32 neg_flags,
		 const u8 exported_session_key[NTLM_KEY_SIZE], bool server,
		 u8 key[NTLM_KEY_SIZE])
{
	if (!(neg_flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY))
		return -ENOKEY;
	if (server)
		return ntlm_md5_2(exported_session_key, NTLM_KEY_SIZE,
				  ntlm_sign_s2c, sizeof(ntlm_sign_s2c), key);
	return ntlm_md5_2(exported_session_key, NTLM_KEY_SIZE,
			  ntlm_sign_c2s, sizeof(ntlm_sign_c2s), key);
}

/**
 * ntlm_sealkey() - SEALKEY of 3.4.5.3
 * @neg_flags: the negotiated flags
 * @exported_session_key: the ExportedSessionKey
 * @server: false for the key the client seals with (and the server unseals
 *	with), true for the server's
 * @key: the sealing key (RC4 key)
 * @key_len: its length in bytes, 16 or 8
 *
 * With extended session security: MD5 of the ExportedSessionKey cut to
 * 128, 56 or 40 bits (NTLMSSP_NEGOTIATE_128, _56, neither) and the mode's
 * magic constant, 16 bytes. Else with NTLMSSP_NEGOTIATE_LM_KEY or
 * NTLMSSP_NEGOTIATE_DATAGRAM (this implementation's revision being
 * NTLMSSP_REVISION_W2K3): 8 bytes, ExportedSessionKey[0..6] || 0xa0 with
 * NTLMSSP_NEGOTIATE_56, else ExportedSessionKey[0..4] || 0xe538b0. Else the
 * ExportedSessionKey itself. Without extended session security both
 * directions share one key and @server is ignored.
 *
 * Return: 0, or -errno from the hash.
 */
int ntlm_sealkey(u32 neg_flags,
		 const u8 exported_session_key[NTLM_KEY_SIZE], bool server,
		 u8 key[NTLM_KEY_SIZE], unsigned int *key_len)
{
	const char *magic = server ? ntlm_seal_s2c : ntlm_seal_c2s;
	size_t len;
	int err;

	BUILD_BUG_ON(sizeof(ntlm_seal_c2s) != sizeof(ntlm_seal_s2c));
	if (neg_flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY) {
		if (neg_flags & NTLMSSP_NEGOTIATE_128)
			len = 16;
		else if (neg_flags & NTLMSSP_NEGOTIATE_56)
			len = 7;
		else
			len = 5;
		err = ntlm_md5_2(exported_session_key, len, magic,
				 sizeof(ntlm_seal_c2s), key);
		if (err)
			return err;
		*key_len = NTLM_KEY_SIZE;
	} else if (neg_flags & (NTLMSSP_NEGOTIATE_LM_KEY |
				NTLMSSP_NEGOTIATE_DATAGRAM)) {
		if (neg_flags & NTLMSSP_NEGOTIATE_56) {
			memcpy(key, exported_session_key, 7);
			key[7] = 0xa0;
		} else {
			memcpy(key, exported_session_key, 5);
			key[5] = 0xe5;
			key[6] = 0x38;
			key[7] = 0xb0;
		}
		*key_len = 8;
	} else {
		memcpy(key, exported_session_key, NTLM_KEY_SIZE);
		*key_len = NTLM_KEY_SIZE;
	}
	return 0;
}
