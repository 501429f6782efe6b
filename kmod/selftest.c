// SPDX-License-Identifier: GPL-2.0
/*
 * Known-answer self-tests of the NTLM computations (ntlm/crypto.c), run at
 * module load as the crypto subsystem tests its algorithms at registration:
 * the inputs and expected values are those of MS-NLMP 4.2 (NTLMv1, NTLMv1
 * with extended session security, NTLMv2). A wrong answer fails the load.
 *
 * The values computed are also readable, for a check from userspace against
 * selftests/vectors/msnlmp.json, in /sys/kernel/debug/sspi/vectors: one line
 * "<vector name> <hex>" per vector, computed when read.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <asm/unaligned.h>
#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sspi.h>
#include <linux/stddef.h>
#include <linux/string.h>

#include "ntlm/crypto.h"
#include "ntlm/message.h"
#include "ntlm/seal.h"
#include "selftest.h"

/* MS-NLMP 4.2.1: the inputs common to all examples. */
static const char spec_user[] = "User";
static const char spec_domain[] = "Domain";
static const char spec_password[] = "Password";
static const char spec_server[] = "Server";
static const u8 spec_random_session_key[NTLM_KEY_SIZE] = {
	0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55,
	0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55,
};

static const u8 spec_time[8];
static const u8 spec_client_challenge[NTLM_CHALLENGE_SIZE] = {
	0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa,
};

static const u8 spec_server_challenge[NTLM_CHALLENGE_SIZE] = {
	0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
};

/* The NegotiateFlags of 4.2.2, 4.2.3 and 4.2.4. */
#define SPEC_FLAGS_V1	0xe2028233
#define SPEC_FLAGS_ESS	0x820a8233
#define SPEC_FLAGS_V2	0xe28a8233

/* 4.2.4.1.3: temp, the NTLMv2 client blob, with two AV pairs and MsvAvEOL. */
#define MSV_AV_EOL		0
#define MSV_AV_NB_COMPUTER_NAME	1
#define MSV_AV_NB_DOMAIN_NAME	2
#define SPEC_AV_PAIRS_LEN	(4 + 2 * sizeof(spec_domain) - 2 + \
				 4 + 2 * sizeof(spec_server) - 2 + 4)
#define SPEC_TEMP_LEN		(28 + SPEC_AV_PAIRS_LEN + 4)

/* The vectors the module computes, in the order of msnlmp.json. */
enum kat_id {
	KAT_LMOWFV1,
	KAT_NTOWFV1,
	KAT_V1_SBK,
	KAT_V1_NT_RESPONSE,
	KAT_V1_LM_RESPONSE,
	KAT_V1_KXKEY,
	KAT_V1_ERK,
	KAT_V1_KXKEY_NON_NT,
	KAT_V1_KXKEY_LM,
	KAT_V1_SEALED,
	KAT_V1_SIGNATURE,
	KAT_ESS_LM_RESPONSE,
	KAT_ESS_NT_RESPONSE,
	KAT_ESS_SBK,
	KAT_ESS_KXKEY,
	KAT_ESS_SEALKEY,
	KAT_ESS_SIGNKEY,
	KAT_ESS_SEALED,
	KAT_ESS_SIGNATURE,
	KAT_NTOWFV2,
	KAT_LMV2_RESPONSE,
	KAT_V2_PROOF,
	KAT_V2_TEMP,
	KAT_V2_SBK,
	KAT_V2_ERK,
	KAT_V2_SEALKEY,
	KAT_V2_SIGNKEY,
	KAT_V2_SEALED,
	KAT_V2_SIGNATURE,
	KAT_V2_ACCEPTOR_ESK,
	KAT_COUNT
};

#define KAT_MAX_LEN	SPEC_TEMP_LEN

/* The values of the vectors, as computed. */
struct kat_values {
	u8 val[KAT_COUNT][KAT_MAX_LEN];
};

/*
 * The expected values, as printed in MS-NLMP 4.2; the two 3.4.5.1 ones are
 * not printed there but follow from its KXKEY with the 4.2.2 inputs.
 */

/* 4.2.2.1, LMOWFv1 */
static const u8 kat_lmowfv1[16] = {
	0xe5, 0x2c, 0xac, 0x67, 0x41, 0x9a, 0x9a, 0x22,
	0x4a, 0x3b, 0x10, 0x8f, 0x3f, 0xa6, 0xcb, 0x6d,
};

/* 4.2.2.1, NTOWFv1 */
static const u8 kat_ntowfv1[16] = {
	0xa4, 0xf4, 0x9c, 0x40, 0x65, 0x10, 0xbd, 0xca,
	0xb6, 0x82, 0x4e, 0xe7, 0xc3, 0x0f, 0xd8, 0x52,
};

/* 4.2.2.1, NTLMv1 SessionBaseKey */
static const u8 kat_v1_sbk[16] = {
	0xd8, 0x72, 0x62, 0xb0, 0xcd, 0xe4, 0xb1, 0xcb,
	0x74, 0x99, 0xbe, 0xcc, 0xcd, 0xf1, 0x07, 0x84,
};

/* 4.2.2.2, NTLMv1 response (NtChallengeResponse) */
static const u8 kat_v1_nt_response[24] = {
	0x67, 0xc4, 0x30, 0x11, 0xf3, 0x02, 0x98, 0xa2,
	0xad, 0x35, 0xec, 0xe6, 0x4f, 0x16, 0x33, 0x1c,
	0x44, 0xbd, 0xbe, 0xd9, 0x27, 0x84, 0x1f, 0x94,
};

/* 4.2.2.2, LMv1 response (LmChallengeResponse) */
static const u8 kat_v1_lm_response[24] = {
	0x98, 0xde, 0xf7, 0xb8, 0x7f, 0x88, 0xaa, 0x5d,
	0xaf, 0xe2, 0xdf, 0x77, 0x96, 0x88, 0xa1, 0x72,
	0xde, 0xf1, 0x1c, 0x7d, 0x5c, 0xcd, 0xef, 0x13,
};

/* 4.2.2.1, NTLMv1 KeyExchangeKey */
static const u8 kat_v1_kxkey[16] = {
	0xd8, 0x72, 0x62, 0xb0, 0xcd, 0xe4, 0xb1, 0xcb,
	0x74, 0x99, 0xbe, 0xcc, 0xcd, 0xf1, 0x07, 0x84,
};

/* 4.2.2.2, NTLMv1 EncryptedRandomSessionKey */
static const u8 kat_v1_erk[16] = {
	0x51, 0x88, 0x22, 0xb1, 0xb3, 0xf3, 0x50, 0xc8,
	0x95, 0x86, 0x82, 0xec, 0xbb, 0x3e, 0x3c, 0xb7,
};

/* 3.4.5.1, NTLMv1 KeyExchangeKey, REQUEST_NON_NT_SESSION_KEY */
static const u8 kat_v1_kxkey_non_nt[16] = {
	0xe5, 0x2c, 0xac, 0x67, 0x41, 0x9a, 0x9a, 0x22,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* 3.4.5.1, NTLMv1 KeyExchangeKey, LM_KEY */
static const u8 kat_v1_kxkey_lm[16] = {
	0xb0, 0x9e, 0x37, 0x9f, 0x7f, 0xbe, 0xcb, 0x1e,
	0xaf, 0x0a, 0xfd, 0xcb, 0x03, 0x83, 0xc8, 0xa0,
};

/* 4.2.3.2, NTLMv1-ESS LmChallengeResponse */
static const u8 kat_ess_lm_response[24] = {
	0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* 4.2.3.2, NTLMv1-ESS NtChallengeResponse */
static const u8 kat_ess_nt_response[24] = {
	0x75, 0x37, 0xf8, 0x03, 0xae, 0x36, 0x71, 0x28,
	0xca, 0x45, 0x82, 0x04, 0xbd, 0xe7, 0xca, 0xf8,
	0x1e, 0x97, 0xed, 0x26, 0x83, 0x26, 0x72, 0x32,
};

/* 4.2.3.1, NTLMv1-ESS SessionBaseKey */
static const u8 kat_ess_sbk[16] = {
	0xd8, 0x72, 0x62, 0xb0, 0xcd, 0xe4, 0xb1, 0xcb,
	0x74, 0x99, 0xbe, 0xcc, 0xcd, 0xf1, 0x07, 0x84,
};

/* 4.2.3.1, NTLMv1-ESS KeyExchangeKey */
static const u8 kat_ess_kxkey[16] = {
	0xeb, 0x93, 0x42, 0x9a, 0x8b, 0xd9, 0x52, 0xf8,
	0xb8, 0x9c, 0x55, 0xb8, 0x7f, 0x47, 0x5e, 0xdc,
};

/* 4.2.3.4, NTLMv1-ESS client SealingKey (56-bit) */
static const u8 kat_ess_sealkey[16] = {
	0x04, 0xdd, 0x7f, 0x01, 0x4d, 0x85, 0x04, 0xd2,
	0x65, 0xa2, 0x5c, 0xc8, 0x6a, 0x3a, 0x7c, 0x06,
};

/* 4.2.3.4, NTLMv1-ESS client SigningKey */
static const u8 kat_ess_signkey[16] = {
	0x60, 0xe7, 0x99, 0xbe, 0x5c, 0x72, 0xfc, 0x92,
	0x92, 0x2a, 0xe8, 0xeb, 0xe9, 0x61, 0xfb, 0x8d,
};

/* 4.2.4.1, NTOWFv2 (ResponseKeyNT) */
static const u8 kat_ntowfv2[16] = {
	0x0c, 0x86, 0x8a, 0x40, 0x3b, 0xfd, 0x7a, 0x93,
	0xa3, 0x00, 0x1e, 0xf2, 0x2e, 0xf0, 0x2e, 0x3f,
};

/* 4.2.4.2, LMv2 response */
static const u8 kat_lmv2_response[24] = {
	0x86, 0xc3, 0x50, 0x97, 0xac, 0x9c, 0xec, 0x10,
	0x25, 0x54, 0x76, 0x4a, 0x57, 0xcc, 0xcc, 0x19,
	0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa,
};

/* 4.2.4.2, NTLMv2 NTProofStr */
static const u8 kat_v2_proof[16] = {
	0x68, 0xcd, 0x0a, 0xb8, 0x51, 0xe5, 0x1c, 0x96,
	0xaa, 0xbc, 0x92, 0x7b, 0xeb, 0xef, 0x6a, 0x1c,
};

/* 4.2.4.1, NTLMv2 temp (blob after NTProofStr) */
static const u8 kat_v2_temp[68] = {
	0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa,
	0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x0c, 0x00,
	0x44, 0x00, 0x6f, 0x00, 0x6d, 0x00, 0x61, 0x00,
	0x69, 0x00, 0x6e, 0x00, 0x01, 0x00, 0x0c, 0x00,
	0x53, 0x00, 0x65, 0x00, 0x72, 0x00, 0x76, 0x00,
	0x65, 0x00, 0x72, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00,
};

/* 4.2.4.1, NTLMv2 SessionBaseKey */
static const u8 kat_v2_sbk[16] = {
	0x8d, 0xe4, 0x0c, 0xca, 0xdb, 0xc1, 0x4a, 0x82,
	0xf1, 0x5c, 0xb0, 0xad, 0x0d, 0xe9, 0x5c, 0xa3,
};

/* 4.2.4.2, NTLMv2 EncryptedRandomSessionKey */
static const u8 kat_v2_erk[16] = {
	0xc5, 0xda, 0xd2, 0x54, 0x4f, 0xc9, 0x79, 0x90,
	0x94, 0xce, 0x1c, 0xe9, 0x0b, 0xc9, 0xd0, 0x3e,
};

/* 4.2.4.4, NTLMv2 client SealingKey */
static const u8 kat_v2_sealkey[16] = {
	0x59, 0xf6, 0x00, 0x97, 0x3c, 0xc4, 0x96, 0x0a,
	0x25, 0x48, 0x0a, 0x7c, 0x19, 0x6e, 0x4c, 0x58,
};

/* 4.2.4.4, NTLMv2 client SigningKey */
static const u8 kat_v2_signkey[16] = {
	0x47, 0x88, 0xdc, 0x86, 0x1b, 0x47, 0x82, 0xf3,
	0x5d, 0x43, 0xfd, 0x98, 0xfe, 0x1a, 0x2d, 0x39,
};

/*
 * 4.2.2.4, NTLMv1 GSS_WrapEx of "Plaintext", seq 0: data and signature. The
 * RandomPad is 0, as 3.4.4.1's last step sets it (4.2.2.4 prints it RC4'd).
 */
static const u8 kat_v1_sealed[18] = {
	0x56, 0xfe, 0x04, 0xd8, 0x61, 0xf9, 0x31, 0x9a, 0xf0, 0xd7,
	0x23, 0x8a, 0x2e, 0x3b, 0x4d, 0x45, 0x7f, 0xb8,
};

static const u8 kat_v1_signature[16] = {
	0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x09, 0xdc, 0xd1, 0xdf, 0x2e, 0x45, 0x9d, 0x36,
};

/* 4.2.3.4, NTLMv1-ESS GSS_WrapEx of "Plaintext", seq 0: data and signature */
static const u8 kat_ess_sealed[18] = {
	0xa0, 0x23, 0x72, 0xf6, 0x53, 0x02, 0x73, 0xf3, 0xaa, 0x1e,
	0xb9, 0x01, 0x90, 0xce, 0x52, 0x00, 0xc9, 0x9d,
};

static const u8 kat_ess_signature[16] = {
	0x01, 0x00, 0x00, 0x00, 0xff, 0x2a, 0xeb, 0x52,
	0xf6, 0x81, 0x79, 0x3a, 0x00, 0x00, 0x00, 0x00,
};

/* 4.2.4.4, NTLMv2 GSS_WrapEx of "Plaintext", seq 0: data and signature */
static const u8 kat_v2_sealed[18] = {
	0x54, 0xe5, 0x01, 0x65, 0xbf, 0x19, 0x36, 0xdc, 0x99, 0x60,
	0x20, 0xc1, 0x81, 0x1b, 0x0f, 0x06, 0xfb, 0x5f,
};

static const u8 kat_v2_signature[16] = {
	0x01, 0x00, 0x00, 0x00, 0x7f, 0xb3, 0x8e, 0xc5,
	0xc5, 0x5d, 0x49, 0x76, 0x00, 0x00, 0x00, 0x00,
};

/* 4.2.4.3, the AUTHENTICATE_MESSAGE, as an acceptor receives it */
static const u8 spec_v2_authenticate[232] = {
	0x4e, 0x54, 0x4c, 0x4d, 0x53, 0x53, 0x50, 0x00,
	0x03, 0x00, 0x00, 0x00, 0x18, 0x00, 0x18, 0x00,
	0x6c, 0x00, 0x00, 0x00, 0x54, 0x00, 0x54, 0x00,
	0x84, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x0c, 0x00,
	0x48, 0x00, 0x00, 0x00, 0x08, 0x00, 0x08, 0x00,
	0x54, 0x00, 0x00, 0x00, 0x10, 0x00, 0x10, 0x00,
	0x5c, 0x00, 0x00, 0x00, 0x10, 0x00, 0x10, 0x00,
	0xd8, 0x00, 0x00, 0x00, 0x35, 0x82, 0x88, 0xe2,
	0x05, 0x01, 0x28, 0x0a, 0x00, 0x00, 0x00, 0x0f,
	0x44, 0x00, 0x6f, 0x00, 0x6d, 0x00, 0x61, 0x00,
	0x69, 0x00, 0x6e, 0x00, 0x55, 0x00, 0x73, 0x00,
	0x65, 0x00, 0x72, 0x00, 0x43, 0x00, 0x4f, 0x00,
	0x4d, 0x00, 0x50, 0x00, 0x55, 0x00, 0x54, 0x00,
	0x45, 0x00, 0x52, 0x00, 0x86, 0xc3, 0x50, 0x97,
	0xac, 0x9c, 0xec, 0x10, 0x25, 0x54, 0x76, 0x4a,
	0x57, 0xcc, 0xcc, 0x19, 0xaa, 0xaa, 0xaa, 0xaa,
	0xaa, 0xaa, 0xaa, 0xaa, 0x68, 0xcd, 0x0a, 0xb8,
	0x51, 0xe5, 0x1c, 0x96, 0xaa, 0xbc, 0x92, 0x7b,
	0xeb, 0xef, 0x6a, 0x1c, 0x01, 0x01, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0xaa, 0xaa, 0xaa, 0xaa,
	0xaa, 0xaa, 0xaa, 0xaa, 0x00, 0x00, 0x00, 0x00,
	0x02, 0x00, 0x0c, 0x00, 0x44, 0x00, 0x6f, 0x00,
	0x6d, 0x00, 0x61, 0x00, 0x69, 0x00, 0x6e, 0x00,
	0x01, 0x00, 0x0c, 0x00, 0x53, 0x00, 0x65, 0x00,
	0x72, 0x00, 0x76, 0x00, 0x65, 0x00, 0x72, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0xc5, 0xda, 0xd2, 0x54, 0x4f, 0xc9, 0x79, 0x90,
	0x94, 0xce, 0x1c, 0xe9, 0x0b, 0xc9, 0xd0, 0x3e,
};

struct kat {
	const char *name;	/* as in selftests/vectors/msnlmp.json */
	const u8 *expected;
	size_t len;
};

/* One entry: the value's index, its name and its expected bytes. */
#define KAT(id, name, bytes) \
	[id] = { name, bytes, sizeof(bytes) }

static const struct kat kats[KAT_COUNT] = {
	KAT(KAT_LMOWFV1, "LMOWFv1", kat_lmowfv1),
	KAT(KAT_NTOWFV1, "NTOWFv1", kat_ntowfv1),
	KAT(KAT_V1_SBK, "NTLMv1 SessionBaseKey", kat_v1_sbk),
	KAT(KAT_V1_NT_RESPONSE, "NTLMv1 response (NtChallengeResponse)", kat_v1_nt_response),
	KAT(KAT_V1_LM_RESPONSE, "LMv1 response (LmChallengeResponse)", kat_v1_lm_response),
	KAT(KAT_V1_KXKEY, "NTLMv1 KeyExchangeKey", kat_v1_kxkey),
	KAT(KAT_V1_ERK, "NTLMv1 EncryptedRandomSessionKey", kat_v1_erk),
	KAT(KAT_V1_KXKEY_NON_NT, "NTLMv1 KeyExchangeKey, REQUEST_NON_NT_SESSION_KEY",
	    kat_v1_kxkey_non_nt),
	KAT(KAT_V1_KXKEY_LM, "NTLMv1 KeyExchangeKey, LM_KEY", kat_v1_kxkey_lm),
	KAT(KAT_V1_SEALED, "NTLMv1 GSS_WrapEx sealed 'Plaintext' (seq 0)", kat_v1_sealed),
	KAT(KAT_V1_SIGNATURE, "NTLMv1 GSS_WrapEx signature", kat_v1_signature),
	KAT(KAT_ESS_LM_RESPONSE, "NTLMv1-ESS LmChallengeResponse", kat_ess_lm_response),
	KAT(KAT_ESS_NT_RESPONSE, "NTLMv1-ESS NtChallengeResponse", kat_ess_nt_response),
	KAT(KAT_ESS_SBK, "NTLMv1-ESS SessionBaseKey", kat_ess_sbk),
	KAT(KAT_ESS_KXKEY, "NTLMv1-ESS KeyExchangeKey", kat_ess_kxkey),
	KAT(KAT_ESS_SEALKEY, "NTLMv1-ESS client SealingKey (56-bit)", kat_ess_sealkey),
	KAT(KAT_ESS_SIGNKEY, "NTLMv1-ESS client SigningKey", kat_ess_signkey),
	KAT(KAT_ESS_SEALED, "NTLMv1-ESS GSS_WrapEx sealed 'Plaintext'", kat_ess_sealed),
	KAT(KAT_ESS_SIGNATURE, "NTLMv1-ESS GSS_WrapEx signature (checksum not RC4'd: no KEY_EXCH)",
	    kat_ess_signature),
	KAT(KAT_NTOWFV2, "NTOWFv2 (ResponseKeyNT)", kat_ntowfv2),
	KAT(KAT_LMV2_RESPONSE, "LMv2 response", kat_lmv2_response),
	KAT(KAT_V2_PROOF, "NTLMv2 NTProofStr", kat_v2_proof),
	KAT(KAT_V2_TEMP, "NTLMv2 temp (blob after NTProofStr)", kat_v2_temp),
	KAT(KAT_V2_SBK, "NTLMv2 SessionBaseKey", kat_v2_sbk),
	KAT(KAT_V2_ERK, "NTLMv2 EncryptedRandomSessionKey", kat_v2_erk),
	KAT(KAT_V2_SEALKEY, "NTLMv2 client SealingKey", kat_v2_sealkey),
	KAT(KAT_V2_SIGNKEY, "NTLMv2 client SigningKey", kat_v2_signkey),
	KAT(KAT_V2_SEALED, "NTLMv2 GSS_WrapEx sealed 'Plaintext'", kat_v2_sealed),
	KAT(KAT_V2_SIGNATURE, "NTLMv2 GSS_WrapEx signature", kat_v2_signature),
	KAT(KAT_V2_ACCEPTOR_ESK,
	    "NTLMv2 AUTHENTICATE_MESSAGE of 4.2.4.3 verified by an acceptor -> ExportedSessionKey",
	    spec_random_session_key),
};

/* Writes the UTF-16LE form of the ASCII string @s, without its NUL. */
static size_t ascii_to_utf16le(const char *s, u8 *out)
{
	size_t i;

	for (i = 0; s[i]; i++) {
		out[2 * i] = s[i];
		out[2 * i + 1] = 0;
	}
	return 2 * i;
}

static u8 *put_av_pair(u8 *p, u16 id, const char *value)
{
	size_t len = ascii_to_utf16le(value, p + 4);

	put_unaligned_le16(id, p);
	put_unaligned_le16(len, p + 2);
	return p + 4 + len;
}

/* 4.2.4.1.3 */
static void build_spec_temp(u8 temp[SPEC_TEMP_LEN])
{
	u8 *p = temp;

	memset(temp, 0, SPEC_TEMP_LEN);
	p[0] = 1;		/* RespType */
	p[1] = 1;		/* HiRespType; 6 reserved zeros follow */
	memcpy(p + 8, spec_time, sizeof(spec_time));
	memcpy(p + 16, spec_client_challenge, NTLM_CHALLENGE_SIZE);
	p += 28;		/* after 4 more reserved zeros */
	p = put_av_pair(p, MSV_AV_NB_DOMAIN_NAME, spec_domain);
	p = put_av_pair(p, MSV_AV_NB_COMPUTER_NAME, spec_server);
	put_av_pair(p, MSV_AV_EOL, "");
	/* and 4 zeros after the AV pairs */
}

/* 4.2.2 */
static int compute_v1(struct kat_values *v, const u8 *sc)
{
	const u8 *oem_pw = (const u8 *)spec_password;
	u8 password[2 * sizeof(spec_password)];
	u8 *lm_hash = v->val[KAT_LMOWFV1];
	u8 *nt_hash = v->val[KAT_NTOWFV1];
	u8 *sbk = v->val[KAT_V1_SBK];
	u8 *lm_resp = v->val[KAT_V1_LM_RESPONSE];
	u8 *kxkey = v->val[KAT_V1_KXKEY];
	size_t len;
	int err;

	len = ascii_to_utf16le(spec_password, password);
	err = ntlm_ntowfv1(password, len, nt_hash);
	memzero_explicit(password, sizeof(password));
	if (err)
		return err;
	return ntlm_lmowfv1(oem_pw, strlen(spec_password), lm_hash) ?:
	       ntlm_v1_session_base_key(nt_hash, sbk) ?:
	       ntlm_v1_response(nt_hash, sc, v->val[KAT_V1_NT_RESPONSE]) ?:
	       ntlm_v1_response(lm_hash, sc, lm_resp) ?:
	       ntlm_kxkey_v1(SPEC_FLAGS_V1, sbk, lm_hash, lm_resp, sc, kxkey) ?:
	       ntlm_exchange_key(kxkey, spec_random_session_key,
				 v->val[KAT_V1_ERK]) ?:
	       ntlm_kxkey_v1(SPEC_FLAGS_V1 | NTLMSSP_REQUEST_NON_NT_SESSION_KEY,
			     sbk, lm_hash, lm_resp, sc,
			     v->val[KAT_V1_KXKEY_NON_NT]) ?:
	       ntlm_kxkey_v1(SPEC_FLAGS_V1 | NTLMSSP_NEGOTIATE_LM_KEY,
			     sbk, lm_hash, lm_resp, sc, v->val[KAT_V1_KXKEY_LM]);
}

/* 4.2.2.4 and its kin: GSS_WrapEx of "Plaintext" by the client, seq 0 */
static int spec_wrap(u32 flags, const u8 esk[NTLM_KEY_SIZE], u8 *sealed, u8 *sig)
{
	struct ntlm_part part = { .out = sealed };
	struct ntlm_seal *s;
	u8 text[2 * sizeof("Plaintext")];
	int err = 0;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	part.in = text;
	part.len = ascii_to_utf16le("Plaintext", text);
	if (ntlm_seal_init(s, flags, esk, false) ||
	    ntlm_seal_message(s, &part, 1, true, sig))
		err = -EINVAL;
	ntlm_seal_clear(s);
	kfree(s);
	return err;
}

/* 4.2.3: no KEY_EXCH, so the ExportedSessionKey is the KeyExchangeKey. */
static int compute_ess(struct kat_values *v, const u8 *sc)
{
	const u8 *nt_hash = v->val[KAT_NTOWFV1];
	u8 *lm_resp = v->val[KAT_ESS_LM_RESPONSE];
	u8 *sbk = v->val[KAT_ESS_SBK];
	u8 *kxkey = v->val[KAT_ESS_KXKEY];
	unsigned int seal_len = 0;
	int err;

	err = ntlm_ess_responses(nt_hash, sc, spec_client_challenge, lm_resp,
				 v->val[KAT_ESS_NT_RESPONSE]) ?:
	      ntlm_v1_session_base_key(nt_hash, sbk) ?:
	      ntlm_kxkey_v1(SPEC_FLAGS_ESS, sbk, NULL, lm_resp, sc, kxkey) ?:
	      ntlm_sealkey(SPEC_FLAGS_ESS, kxkey, false,
			   v->val[KAT_ESS_SEALKEY], &seal_len) ?:
	      ntlm_signkey(SPEC_FLAGS_ESS, kxkey, false,
			   v->val[KAT_ESS_SIGNKEY]) ?:
	      spec_wrap(SPEC_FLAGS_ESS, kxkey, v->val[KAT_ESS_SEALED],
			v->val[KAT_ESS_SIGNATURE]);
	if (!err && seal_len != NTLM_KEY_SIZE)
		err = -EINVAL;
	return err;
}

/* 4.2.4: KEY_EXCH, so the ExportedSessionKey is the RandomSessionKey. */
static int compute_v2(struct kat_values *v, const u8 *sc)
{
	u8 user[2 * sizeof(spec_user)], domain[2 * sizeof(spec_domain)];
	const u8 *esk = spec_random_session_key;
	u8 *key = v->val[KAT_NTOWFV2];
	u8 *temp = v->val[KAT_V2_TEMP];
	u8 *proof = v->val[KAT_V2_PROOF];
	u8 *sbk = v->val[KAT_V2_SBK];
	size_t user_len, domain_len;
	unsigned int seal_len = 0;
	int err;

	user_len = ascii_to_utf16le(spec_user, user);
	domain_len = ascii_to_utf16le(spec_domain, domain);
	build_spec_temp(temp);
	err = ntlm_ntowfv2(v->val[KAT_NTOWFV1], user, user_len, domain,
			   domain_len, key) ?:
	      ntlm_lmv2_response(key, sc, spec_client_challenge,
				 v->val[KAT_LMV2_RESPONSE]) ?:
	      ntlm_v2_proof(key, sc, temp, SPEC_TEMP_LEN, proof) ?:
	      ntlm_v2_session_base_key(key, proof, sbk) ?:
	      ntlm_exchange_key(sbk, esk, v->val[KAT_V2_ERK]) ?:
	      ntlm_sealkey(SPEC_FLAGS_V2, esk, false, v->val[KAT_V2_SEALKEY],
			   &seal_len) ?:
	      ntlm_signkey(SPEC_FLAGS_V2, esk, false, v->val[KAT_V2_SIGNKEY]) ?:
	      spec_wrap(SPEC_FLAGS_V2, esk, v->val[KAT_V2_SEALED],
			v->val[KAT_V2_SIGNATURE]);
	if (!err && seal_len != NTLM_KEY_SIZE)
		err = -EINVAL;
	return err;
}

/*
 * The acceptor's side of 4.2.4.3: its AUTHENTICATE_MESSAGE parsed, its
 * NtChallengeResponse verified from NTOWFv2, its EncryptedRandomSessionKey
 * opened with the SessionBaseKey that gives: the ExportedSessionKey.
 */
static int compute_v2_acceptor(struct kat_values *v, const u8 *sc)
{
	struct ntlm_authenticate msg;
	u8 sbk[NTLM_KEY_SIZE];
	int err;

	err = ntlm_parse_authenticate(spec_v2_authenticate,
				      sizeof(spec_v2_authenticate), &msg);
	if (!err && msg.session_key.len != NTLM_KEY_SIZE)
		err = -EINVAL;
	err = err ?: ntlm_v2_verify(v->val[KAT_NTOWFV2], sc, msg.nt_response.data,
				    msg.nt_response.len, sbk) ?:
	      ntlm_exchange_key(sbk, msg.session_key.data,
				v->val[KAT_V2_ACCEPTOR_ESK]);
	memzero_explicit(sbk, sizeof(sbk));
	return err;
}

static int compute_kats(struct kat_values *v)
{
	const u8 *sc = spec_server_challenge;

	/* 4.2.2.4: KEY_EXCH, so the ExportedSessionKey is the RandomSessionKey */
	return compute_v1(v, sc) ?:
	       spec_wrap(SPEC_FLAGS_V1, spec_random_session_key,
			 v->val[KAT_V1_SEALED], v->val[KAT_V1_SIGNATURE]) ?:
	       compute_ess(v, sc) ?: compute_v2(v, sc) ?:
	       compute_v2_acceptor(v, sc);
}

/* Checks beyond the spec's vectors: edge cases, the acceptor's side. */
struct upcase_case {
	u16 in;
	u16 out;
};

static const struct upcase_case upcase_cases[] = {
	{ 'a', 'A' }, { 'z', 'Z' }, { 'A', 'A' }, { '@', '@' }, { '{', '{' },
	{ 0x00e9, 0x00c9 },	/* e acute */
	{ 0x00f7, 0x00f7 },	/* division sign */
	{ 0x00ff, 0x0178 },	/* y diaeresis */
	{ 0x00df, 0x00df },	/* sharp s: no "SS" */
	{ 0x00b5, 0x00b5 },	/* micro sign: Windows keeps it */
	{ 0x0101, 0x0100 }, { 0x0100, 0x0100 },
	{ 0x0131, 0x0131 },	/* dotless i: Windows keeps it */
	{ 0x017e, 0x017d }, { 0x017f, 0x017f },
	{ 0x03c2, 0x03a3 },	/* final sigma */
	{ 0x03c9, 0x03a9 }, { 0x03ce, 0x038f }, { 0x03d0, 0x03d0 },
	{ 0x0430, 0x0410 }, { 0x044f, 0x042f }, { 0x0451, 0x0401 },
	{ 0x04cf, 0x04c0 }, { 0x0513, 0x0512 }, { 0x0515, 0x0515 },
	{ 0x0561, 0x0531 }, { 0x1ea1, 0x1ea0 }, { 0x1ef9, 0x1ef8 },
	{ 0xff41, 0xff21 }, { 0xd801, 0xd801 }, { 0xffff, 0xffff },
};

/* RFC 2202 test cases 1 and 6 (a key longer than a block) for HMAC-MD5. */
static int check_hmac_md5(void)
{
	static const u8 mac1[] = {
		0x92, 0x94, 0x72, 0x7a, 0x36, 0x38, 0xbb, 0x1c,
		0x13, 0xf4, 0x8e, 0xf8, 0x15, 0x8b, 0xfc, 0x9d,
	};
	static const u8 mac6[] = {
		0x6b, 0x1a, 0xb7, 0xfe, 0x4b, 0xd7, 0xbf, 0x8f,
		0x0b, 0x62, 0xe6, 0xce, 0x61, 0xb9, 0xd0, 0xcd,
	};
	static const char data6[] =
		"Test Using Larger Than Block-Size Key - Hash Key First";
	struct ntlm_vec vec1[] = { { "Hi ", 3 }, { NULL, 0 }, { "There", 5 } };
	struct ntlm_vec vec6 = { data6, sizeof(data6) - 1 };
	u8 key[80], mac[NTLM_HASH_SIZE];
	int err;

	memset(key, 0x0b, 16);
	err = ntlm_hmac_md5(key, 16, vec1, ARRAY_SIZE(vec1), mac);
	if (err || memcmp(mac, mac1, sizeof(mac)))
		return err ?: -EINVAL;
	memset(key, 0xaa, sizeof(key));
	err = ntlm_hmac_md5(key, sizeof(key), &vec6, 1, mac);
	if (err || memcmp(mac, mac6, sizeof(mac)))
		return err ?: -EINVAL;
	return 0;
}

/* Empty password: the well-known hashes; its LM hash meets a weak DES key. */
static int check_empty_password(void)
{
	static const u8 nt[] = {
		0x31, 0xd6, 0xcf, 0xe0, 0xd1, 0x6a, 0xe9, 0x31,
		0xb7, 0x3c, 0x59, 0xd7, 0xe0, 0xc0, 0x89, 0xc0,
	};
	static const u8 lm[] = {
		0xaa, 0xd3, 0xb4, 0x35, 0xb5, 0x14, 0x04, 0xee,
		0xaa, 0xd3, 0xb4, 0x35, 0xb5, 0x14, 0x04, 0xee,
	};
	u8 hash[NTLM_HASH_SIZE];
	int err;

	err = ntlm_ntowfv1(NULL, 0, hash);
	if (err || memcmp(hash, nt, sizeof(hash)))
		return err ?: -EINVAL;
	err = ntlm_lmowfv1(NULL, 0, hash);
	if (err || memcmp(hash, lm, sizeof(hash)))
		return err ?: -EINVAL;
	if (ntlm_lmowfv1((const u8 *)spec_password, 15, hash) != -EINVAL ||
	    ntlm_ntowfv1((const u8 *)spec_password, 3, hash) != -EINVAL)
		return -EINVAL;
	return 0;
}

/* NTOWFv2 upper-cases the user name, not the domain; odd lengths fail. */
static int check_ntowfv2_case(void)
{
	static const u8 user[] = { 'u', 0, 'S', 0, 'e', 0, 'R', 0 };
	static const u8 domain[] = { 'D', 0, 'o', 0, 'm', 0, 'a', 0, 'i', 0,
				     'n', 0 };
	static const u8 domain_upper[] = { 'D', 0, 'O', 0, 'M', 0, 'A', 0,
					   'I', 0, 'N', 0 };
	u8 hash[NTLM_HASH_SIZE];
	size_t i;
	int err;

	for (i = 0; i < ARRAY_SIZE(upcase_cases); i++) {
		if (ntlm_upcase(upcase_cases[i].in) != upcase_cases[i].out) {
			pr_err("self-test failed: upcase of U+%04X\n",
			       upcase_cases[i].in);
			return -EINVAL;
		}
	}
	err = ntlm_ntowfv2(kat_ntowfv1, user, sizeof(user), domain,
			   sizeof(domain), hash);
	if (err || memcmp(hash, kat_ntowfv2, sizeof(hash)))
		return err ?: -EINVAL;
	err = ntlm_ntowfv2(kat_ntowfv1, user, sizeof(user), domain_upper,
			   sizeof(domain_upper), hash);
	if (err || !memcmp(hash, kat_ntowfv2, sizeof(hash)))
		return err ?: -EINVAL;
	if (ntlm_ntowfv2(kat_ntowfv1, user, 3, domain, sizeof(domain),
			 hash) != -EINVAL)
		return -EINVAL;
	return 0;
}

/*
 * The acceptor's side of 4.2.4: the NtChallengeResponse of the spec's
 * AUTHENTICATE_MESSAGE verifies and gives the SessionBaseKey, one changed
 * bit does not; its EncryptedRandomSessionKey decrypts to the
 * RandomSessionKey. And the NtChallengeResponse as an initiator builds it.
 */
static int check_v2_acceptor(void)
{
	u8 resp[NTLM_PROOF_SIZE + sizeof(kat_v2_temp)];
	u8 key[NTLM_KEY_SIZE];
	int err;

	memcpy(resp, kat_v2_proof, NTLM_PROOF_SIZE);
	memcpy(resp + NTLM_PROOF_SIZE, kat_v2_temp, sizeof(kat_v2_temp));
	err = ntlm_v2_verify(kat_ntowfv2, spec_server_challenge, resp,
			     sizeof(resp), key);
	if (err || memcmp(key, kat_v2_sbk, sizeof(key)))
		return err ?: -EINVAL;
	resp[sizeof(resp) - 1] ^= 1;
	if (ntlm_v2_verify(kat_ntowfv2, spec_server_challenge, resp,
			   sizeof(resp), key) != -EBADMSG)
		return -EINVAL;
	if (ntlm_v2_verify(kat_ntowfv2, spec_server_challenge, resp,
			   NTLM_PROOF_SIZE, key) != -EINVAL)
		return -EINVAL;

	/* In place: temp already at resp + 16. */
	resp[sizeof(resp) - 1] ^= 1;
	memset(resp, 0, NTLM_PROOF_SIZE);
	err = ntlm_v2_nt_response(kat_ntowfv2, spec_server_challenge,
				  resp + NTLM_PROOF_SIZE, sizeof(kat_v2_temp),
				  resp, sizeof(resp));
	if (err || memcmp(resp, kat_v2_proof, NTLM_PROOF_SIZE) ||
	    memcmp(resp + NTLM_PROOF_SIZE, kat_v2_temp, sizeof(kat_v2_temp)))
		return err ?: -EINVAL;
	if (ntlm_v2_nt_response(kat_ntowfv2, spec_server_challenge, kat_v2_temp,
				sizeof(kat_v2_temp), resp,
				sizeof(resp) - 1) != -EINVAL)
		return -EINVAL;

	err = ntlm_exchange_key(kat_v2_sbk, kat_v2_erk, key);
	if (err || memcmp(key, spec_random_session_key, sizeof(key)))
		return err ?: -EINVAL;
	return 0;
}

/*
 * The MIC over made-up messages (MS-NLMP 4.2 has no MIC): NEGOTIATE bytes
 * 0..39, CHALLENGE the 4.2.4 temp, AUTHENTICATE bytes 0xff, 0xfe, ... (96 of
 * them) with the MIC at 72; key the RandomSessionKey. The expected MAC was
 * computed with Python's hmac module.
 */
static int check_mic(void)
{
	static const u8 expected[NTLM_MIC_SIZE] = {
		0xec, 0xc8, 0x2e, 0x5d, 0xac, 0x53, 0xf3, 0xdc,
		0x37, 0x06, 0x01, 0x2b, 0xd9, 0x10, 0x69, 0x93,
	};
	const u8 *esk = spec_random_session_key;
	const u8 *chal = kat_v2_temp;
	size_t chal_len = sizeof(kat_v2_temp);
	u8 neg[40], auth[96], mic[NTLM_MIC_SIZE];
	size_t i;
	int err;

	for (i = 0; i < sizeof(neg); i++)
		neg[i] = i;
	for (i = 0; i < sizeof(auth); i++)
		auth[i] = 0xff - i;
	err = ntlm_mic(esk, neg, sizeof(neg), chal, chal_len, auth,
		       sizeof(auth), 72, mic);
	if (err || memcmp(mic, expected, sizeof(mic)))
		return err ?: -EINVAL;
	memcpy(auth + 72, mic, sizeof(mic));
	if (ntlm_mic_verify(esk, neg, sizeof(neg), chal, chal_len, auth,
			    sizeof(auth), 72))
		return -EINVAL;
	auth[95] ^= 0x80;
	if (ntlm_mic_verify(esk, neg, sizeof(neg), chal, chal_len, auth,
			    sizeof(auth), 72) != -EBADMSG)
		return -EINVAL;
	if (ntlm_mic(esk, neg, sizeof(neg), chal, chal_len, auth, sizeof(auth),
		     sizeof(auth) - NTLM_MIC_SIZE + 1, mic) != -EINVAL ||
	    ntlm_mic(esk, neg, sizeof(neg), chal, chal_len, auth,
		     NTLM_MIC_SIZE - 1, 0, mic) != -EINVAL)
		return -EINVAL;
	return 0;
}

/*
 * The sealing keys 3.4.5.3 cuts: without extended session security, 56 and
 * 40 bits with LM_KEY; with it, the server's key differs from the client's.
 */
static int check_sealkey(void)
{
	static const u8 seal56[8] = {
		0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0xa0,
	};
	static const u8 seal40[8] = {
		0x55, 0x55, 0x55, 0x55, 0x55, 0xe5, 0x38, 0xb0,
	};
	const u8 *esk = spec_random_session_key;
	u8 key[NTLM_KEY_SIZE];
	unsigned int len;
	int err;

	err = ntlm_sealkey(NTLMSSP_NEGOTIATE_LM_KEY | NTLMSSP_NEGOTIATE_56, esk,
			   false, key, &len);
	if (err || len != 8 || memcmp(key, seal56, len))
		return err ?: -EINVAL;
	err = ntlm_sealkey(NTLMSSP_NEGOTIATE_LM_KEY, esk, false, key, &len);
	if (err || len != 8 || memcmp(key, seal40, len))
		return err ?: -EINVAL;
	err = ntlm_sealkey(SPEC_FLAGS_V1, esk, true, key, &len);
	if (err || len != NTLM_KEY_SIZE || memcmp(key, esk, len))
		return err ?: -EINVAL;
	err = ntlm_sealkey(SPEC_FLAGS_V2, esk, true, key, &len);
	if (err || !memcmp(key, kat_v2_sealkey, sizeof(key)))
		return err ?: -EINVAL;
	if (ntlm_signkey(SPEC_FLAGS_V1, esk, false, key) != -ENOKEY)
		return -EINVAL;
	return 0;
}

/*
 * Session security both ways: the server unseals what the client sealed;
 * an altered message, a replay and a reordering fail and leave the
 * receiver as it was, so that the genuine next message still passes.
 */
static int seal_round(struct ntlm_seal *c, struct ntlm_seal *srv, u8 *buf,
		      size_t len, u8 tamper)
{
	struct ntlm_part part = { .in = buf, .out = buf, .len = len };
	u8 sig[NTLM_MSG_SIGNATURE_SIZE], sealed[64];

	if (len > sizeof(sealed))
		return -EINVAL;
	memset(buf, 0x42, len);
	if (ntlm_seal_message(c, &part, 1, true, sig))
		return -EINVAL;
	if (tamper) {
		memcpy(sealed, buf, len);
		buf[len - 1] ^= tamper;
		if (ntlm_unseal_message(srv, &part, 1, true, sig) != SEC_E_MESSAGE_ALTERED)
			return -EINVAL;
		memcpy(buf, sealed, len);
	}
	if (ntlm_unseal_message(srv, &part, 1, true, sig) ||
	    memchr_inv(buf, 0x42, len))
		return -EINVAL;
	return 0;
}

static int check_seal(void)
{
	const u8 *esk = spec_random_session_key;
	struct ntlm_seal *s;
	u8 buf[64], sig[NTLM_MSG_SIGNATURE_SIZE];
	struct ntlm_part part = { .in = buf, .len = sizeof(buf) };
	int err;

	s = kcalloc(2, sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	err = ntlm_seal_init(&s[0], SPEC_FLAGS_V2, esk, false) ?:
	      ntlm_seal_init(&s[1], SPEC_FLAGS_V2, esk, true) ?:
	      seal_round(&s[0], &s[1], buf, sizeof(buf), 0) ?:
	      seal_round(&s[1], &s[0], buf, sizeof(buf), 0) ?:
	      seal_round(&s[0], &s[1], buf, sizeof(buf), 0x80) ?:
	      seal_round(&s[0], &s[1], buf, 1, 0);
	if (err)
		goto out;
	/* a replay of seq 0, then a message from the future */
	memset(sig, 0, sizeof(sig));
	sig[0] = 1;
	if (ntlm_unseal_message(&s[1], &part, 1, false, sig) != SEC_E_OUT_OF_SEQUENCE)
		err = -EINVAL;
	sig[12] = 9;
	if (ntlm_unseal_message(&s[1], &part, 1, false, sig) != SEC_E_OUT_OF_SEQUENCE)
		err = -EINVAL;
	/* signed only, still in step */
	if (!err && (ntlm_seal_message(&s[0], &part, 1, false, sig) ||
		     ntlm_unseal_message(&s[1], &part, 1, false, sig)))
		err = -EINVAL;
	err = err ?: seal_round(&s[0], &s[1], buf, sizeof(buf), 0);
out:
	ntlm_seal_clear(&s[0]);
	ntlm_seal_clear(&s[1]);
	kfree(s);
	return err;
}

/*
 * Without extended session security (3.4.4.1): one handle and one SeqNum
 * shared by both directions, for the full key and the 56- and 40-bit
 * LM_KEY ones. Messages both ways, two in a row one way; an altered
 * message, a replay, a reordering and an altered signature fail and leave
 * the receiver as it was.
 */
static int seal_v1_flags(u32 flags)
{
	const u8 *esk = spec_random_session_key;
	u8 buf[64], old[64], sig[NTLM_MSG_SIGNATURE_SIZE], old_sig[NTLM_MSG_SIGNATURE_SIZE];
	struct ntlm_part part = { .in = buf, .out = buf, .len = sizeof(buf) };
	struct ntlm_seal *s;
	int err;

	s = kcalloc(2, sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	err = ntlm_seal_init(&s[0], flags, esk, false) ?:
	      ntlm_seal_init(&s[1], flags, esk, true) ?:
	      seal_round(&s[0], &s[1], buf, sizeof(buf), 0) ?:
	      seal_round(&s[1], &s[0], buf, sizeof(buf), 0) ?:
	      seal_round(&s[1], &s[0], buf, 1, 0) ?:
	      seal_round(&s[0], &s[1], buf, sizeof(buf), 0x80) ?:
	      seal_round(&s[1], &s[0], buf, sizeof(buf), 0x01);
	if (err)
		goto out;
	/* two sealed in a row, received the other way round, then in order */
	memset(buf, 0x42, sizeof(buf));
	part.in = buf;
	part.out = buf;
	if (ntlm_seal_message(&s[0], &part, 1, true, sig))
		err = -EINVAL;
	memcpy(old, buf, sizeof(old));
	memcpy(old_sig, sig, sizeof(sig));
	memset(buf, 0x42, sizeof(buf));
	if (ntlm_seal_message(&s[0], &part, 1, true, sig) ||
	    ntlm_unseal_message(&s[1], &part, 1, false, sig) != SEC_E_OUT_OF_SEQUENCE)
		err = -EINVAL;
	part.in = old;
	part.out = old;
	if (ntlm_unseal_message(&s[1], &part, 1, true, old_sig) ||
	    memchr_inv(old, 0x42, sizeof(old)))
		err = -EINVAL;
	part.in = buf;
	part.out = buf;
	if (ntlm_unseal_message(&s[1], &part, 1, true, sig) ||
	    memchr_inv(buf, 0x42, sizeof(buf)))
		err = -EINVAL;
	if (err)
		goto out;
	/* a replay (of what s[0] sent first), signed only */
	part.out = NULL;
	if (ntlm_seal_message(&s[1], &part, 1, false, sig) ||
	    ntlm_unseal_message(&s[0], &part, 1, false, sig))
		err = -EINVAL;
	if (ntlm_unseal_message(&s[0], &part, 1, false, sig) != SEC_E_OUT_OF_SEQUENCE)
		err = -EINVAL;
	/* an altered checksum; the RandomPad is not checked */
	if (ntlm_seal_message(&s[1], &part, 1, false, sig))
		err = -EINVAL;
	sig[8] ^= 1;
	if (ntlm_unseal_message(&s[0], &part, 1, false, sig) != SEC_E_MESSAGE_ALTERED)
		err = -EINVAL;
	sig[8] ^= 1;
	sig[4] ^= 0xff;
	if (ntlm_unseal_message(&s[0], &part, 1, false, sig))
		err = -EINVAL;
	err = err ?: seal_round(&s[0], &s[1], buf, sizeof(buf), 0) ?:
	      seal_round(&s[1], &s[0], buf, sizeof(buf), 0);
out:
	ntlm_seal_clear(&s[0]);
	ntlm_seal_clear(&s[1]);
	kfree(s);
	return err;
}

static int check_seal_v1(void)
{
	return seal_v1_flags(SPEC_FLAGS_V1) ?:
	       seal_v1_flags(SPEC_FLAGS_V1 | NTLMSSP_NEGOTIATE_LM_KEY) ?:
	       seal_v1_flags((SPEC_FLAGS_V1 | NTLMSSP_NEGOTIATE_LM_KEY) &
			     ~NTLMSSP_NEGOTIATE_56);
}

static const struct {
	const char *name;
	int (*check)(void);
} checks[] = {
	{ "HMAC-MD5 (RFC 2202)", check_hmac_md5 },
	{ "empty password", check_empty_password },
	{ "NTOWFv2 upper-casing", check_ntowfv2_case },
	{ "NTLMv2 acceptor", check_v2_acceptor },
	{ "MIC", check_mic },
	{ "sealing keys", check_sealkey },
	{ "session security", check_seal },
	{ "session security without ESS", check_seal_v1 },
};

/**
 * sspi_selftest() - check the NTLM computations against known answers
 *
 * Description: Needs ntlm_crypto_init(). Silent on success; names each
 * failed vector.
 *
 * Context: process context; may sleep.
 * Return: 0 if all answers are right, -EINVAL if one is wrong, or -errno if
 * a computation failed.
 */
int sspi_selftest(void)
{
	struct kat_values *v;
	const u8 *got;
	size_t i;
	int err;

	v = kzalloc(sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	err = compute_kats(v);
	if (err) {
		pr_err("self-test: MS-NLMP 4.2 vectors: error %d\n", err);
		goto out;
	}
	for (i = 0; i < ARRAY_SIZE(kats); i++) {
		got = v->val[i];
		if (kats[i].len > KAT_MAX_LEN ||
		    memcmp(got, kats[i].expected, kats[i].len)) {
			pr_err("self-test failed: %s: got %*phN\n", kats[i].name,
			       (int)min_t(size_t, kats[i].len, 64), got);
			err = -EINVAL;
		}
	}
	for (i = 0; i < ARRAY_SIZE(checks); i++) {
		int ret = checks[i].check();

		if (ret) {
			pr_err("self-test failed: %s (%d)\n", checks[i].name,
			       ret);
			err = -EINVAL;
		}
	}
out:
	kfree_sensitive(v);
	return err;
}

static int vectors_show(struct seq_file *m, void *unused)
{
	struct kat_values *v;
	const u8 *p;
	size_t i, off, n;
	int err;

	v = kzalloc(sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	err = compute_kats(v);
	for (i = 0; !err && i < ARRAY_SIZE(kats); i++) {
		p = v->val[i];
		seq_printf(m, "%s ", kats[i].name);
		for (off = 0; off < kats[i].len; off += n) {
			n = min_t(size_t, kats[i].len - off, 64);
			seq_printf(m, "%*phN", (int)n, p + off);
		}
		seq_putc(m, '\n');
	}
	kfree_sensitive(v);
	return err;
}
DEFINE_SHOW_ATTRIBUTE(vectors);

/**
 * sspi_selftest_debugfs_init() - create "vectors" in sspi's debugfs directory
 * @dir: the directory
 *
 * Description: The file lists each MS-NLMP vector the module computes,
 * "<name> <hex>" per line, computed when read. Failures are not errors
 * (debugfs is optional).
 */
void sspi_selftest_debugfs_init(struct dentry *dir)
{
	debugfs_create_file("vectors", 0400, dir, NULL, &vectors_fops);
}
