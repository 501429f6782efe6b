/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NTLM's cryptographic computations (MS-NLMP 3.3, 3.4.5): one-way functions,
 * challenge responses, session keys, key exchange, MIC, signing and sealing
 * keys. Pure functions: bytes and keys in, bytes out, 0 or -errno; nothing
 * here knows messages, handles or netlink.
 *
 * Strings are UTF-16LE byte arrays (lengths in bytes, any alignment) unless
 * stated otherwise. ntlm_crypto_init() must have succeeded before any other
 * function is called. Everything except ntlm_exchange_key() may be called in
 * any context (no function sleeps, none keeps state between calls).
 */
#ifndef _SSPI_NTLM_CRYPTO_H
#define _SSPI_NTLM_CRYPTO_H

#include <linux/types.h>

#include "message.h"	/* the NegotiateFlags the key derivations use */

#define NTLM_HASH_SIZE		16	/* NTOWFv1, LMOWFv1, NTOWFv2 */
#define NTLM_KEY_SIZE		16	/* session, key exchange, sign, seal keys */
#define NTLM_CHALLENGE_SIZE	8	/* server and client challenges */
#define NTLM_RESPONSE_V1_SIZE	24	/* NTLMv1, LMv1, NTLM2 session, LMv2 */
#define NTLM_PROOF_SIZE		16	/* NTProofStr */
#define NTLM_MIC_SIZE		16

/**
 * struct ntlm_vec - one piece of a message given to ntlm_hmac_md5()
 * @data: the bytes (may be NULL when @len is 0)
 * @len: their number
 */
struct ntlm_vec {
	const void *data;
	size_t len;
};

int ntlm_crypto_init(void);
void ntlm_crypto_exit(void);

u16 ntlm_upcase(u16 c);
int ntlm_md5_digest(const struct ntlm_vec *vec, unsigned int nvec, u8 out[NTLM_HASH_SIZE]);
int ntlm_hmac_md5(const u8 *key, size_t key_len, const struct ntlm_vec *vec,
		  unsigned int nvec, u8 out[NTLM_HASH_SIZE]);

/* One-way functions (3.3.1, 3.3.2) */
int ntlm_ntowfv1(const u8 *password, size_t password_len,
		 u8 hash[NTLM_HASH_SIZE]);
int ntlm_lmowfv1(const u8 *oem_password, size_t password_len,
		 u8 hash[NTLM_HASH_SIZE]);
int ntlm_ntowfv2(const u8 nt_hash[NTLM_HASH_SIZE], const u8 *user,
		 size_t user_len, const u8 *domain, size_t domain_len,
		 u8 hash[NTLM_HASH_SIZE]);

/* NTLMv1 (3.3.1) */
int ntlm_v1_response(const u8 key[NTLM_HASH_SIZE],
		     const u8 server_challenge[NTLM_CHALLENGE_SIZE],
		     u8 response[NTLM_RESPONSE_V1_SIZE]);
int ntlm_ess_challenge(const u8 server_challenge[NTLM_CHALLENGE_SIZE],
		       const u8 client_challenge[NTLM_CHALLENGE_SIZE],
		       u8 challenge[NTLM_CHALLENGE_SIZE]);
int ntlm_ess_responses(const u8 nt_hash[NTLM_HASH_SIZE],
		       const u8 server_challenge[NTLM_CHALLENGE_SIZE],
		       const u8 client_challenge[NTLM_CHALLENGE_SIZE],
		       u8 lm_response[NTLM_RESPONSE_V1_SIZE],
		       u8 nt_response[NTLM_RESPONSE_V1_SIZE]);
int ntlm_v1_session_base_key(const u8 nt_hash[NTLM_HASH_SIZE],
			     u8 key[NTLM_KEY_SIZE]);
int ntlm_kxkey_v1(u32 neg_flags, const u8 session_base_key[NTLM_KEY_SIZE],
		  const u8 lm_hash[NTLM_HASH_SIZE], const u8 *lm_response,
		  const u8 server_challenge[NTLM_CHALLENGE_SIZE],
		  u8 key[NTLM_KEY_SIZE]);

/* NTLMv2 (3.3.2); its KeyExchangeKey is the SessionBaseKey itself. */
int ntlm_v2_proof(const u8 response_key[NTLM_HASH_SIZE],
		  const u8 server_challenge[NTLM_CHALLENGE_SIZE],
		  const u8 *temp, size_t temp_len, u8 proof[NTLM_PROOF_SIZE]);
int ntlm_v2_nt_response(const u8 response_key[NTLM_HASH_SIZE],
			const u8 server_challenge[NTLM_CHALLENGE_SIZE],
			const u8 *temp, size_t temp_len, u8 *response,
			size_t response_size);
int ntlm_v2_session_base_key(const u8 response_key[NTLM_HASH_SIZE],
			     const u8 proof[NTLM_PROOF_SIZE],
			     u8 key[NTLM_KEY_SIZE]);
int ntlm_v2_verify(const u8 response_key[NTLM_HASH_SIZE],
		   const u8 server_challenge[NTLM_CHALLENGE_SIZE],
		   const u8 *nt_response, size_t nt_response_len,
		   u8 session_base_key[NTLM_KEY_SIZE]);
int ntlm_lmv2_response(const u8 response_key[NTLM_HASH_SIZE],
		       const u8 server_challenge[NTLM_CHALLENGE_SIZE],
		       const u8 client_challenge[NTLM_CHALLENGE_SIZE],
		       u8 response[NTLM_RESPONSE_V1_SIZE]);

/* Key exchange (3.1.5.1.2 and 3.2.5.1.2), MIC (3.1.5.1.2), keys (3.4.5) */
int ntlm_exchange_key(const u8 kxkey[NTLM_KEY_SIZE],
		      const u8 in[NTLM_KEY_SIZE], u8 out[NTLM_KEY_SIZE]);
int ntlm_mic(const u8 exported_session_key[NTLM_KEY_SIZE],
	     const u8 *negotiate, size_t negotiate_len,
	     const u8 *challenge, size_t challenge_len,
	     const u8 *authenticate, size_t authenticate_len,
	     size_t mic_offset, u8 mic[NTLM_MIC_SIZE]);
int ntlm_mic_verify(const u8 exported_session_key[NTLM_KEY_SIZE],
		    const u8 *negotiate, size_t negotiate_len,
		    const u8 *challenge, size_t challenge_len,
		    const u8 *authenticate, size_t authenticate_len,
		    size_t mic_offset);
int ntlm_signkey(u32 neg_flags,
		 const u8 exported_session_key[NTLM_KEY_SIZE], bool server,
		 u8 key[NTLM_KEY_SIZE]);
int ntlm_sealkey(u32 neg_flags,
		 const u8 exported_session_key[NTLM_KEY_SIZE], bool server,
		 u8 key[NTLM_KEY_SIZE], unsigned int *key_len);

#endif /* _SSPI_NTLM_CRYPTO_H */
