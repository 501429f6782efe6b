// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * QueryContextAttributes and CompleteAuthToken: what an NTLM context is,
 * as Windows reports it.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "internal.h"
#include "transport.h"
#include "utf16.h"

/* NTLM's SecPkgContext_Sizes, as Windows gives them. */
#define NTLM_MAX_SIGNATURE	16
#define NTLM_SECURITY_TRAILER	16
#define NTLM_BLOCK_SIZE		0

/*
 * NTLM's SecPkgContext_KeyInfo, as Windows gives it (Wine's
 * dlls/secur32/tests/ntlm.c, testAuth()): HMAC-MD5 signatures with
 * extended session security, RC4-CRC32 ones without (MS-NLMP 3.4.4), RC4
 * sealing either way. The identifiers are Windows' own; 0x6801 is
 * wincrypt.h's CALG_RC4. KeySize is the sealing key's strength.
 */
#define NTLM_SIG_ALG_HMAC_MD5	0xffffff76
#define NTLM_SIG_ALG_RC4_CRC32	0xffffff7c
#define NTLM_ENC_ALG_RC4	0x6801
#define NTLMSSP_NEGOTIATE_56	0x80000000

struct context_info {
	uint32_t flags;
	uint32_t negotiate_flags;	/* NTLMSSP_NEGOTIATE_* */
	uint32_t established;
	uint64_t start, expiry;
	const char16_t *user;	/* in the reply: not NUL-terminated */
	size_t user_units;
	const uint8_t *session_key;
	size_t session_key_len;
	bool seen;
};

static int info_attr_cb(const struct nlattr *attr, void *arg)
{
	struct context_info *ci = arg;

	switch (mnl_attr_get_type(attr)) {
	case SSPI_CTX_ATTR_FLAGS:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			ci->flags = mnl_attr_get_u32(attr);
		break;
	case SSPI_CTX_ATTR_NEGOTIATE_FLAGS:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			ci->negotiate_flags = mnl_attr_get_u32(attr);
		break;
	case SSPI_CTX_ATTR_STATE:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			ci->established = mnl_attr_get_u32(attr);
		break;
	case SSPI_CTX_ATTR_START:
		if (mnl_attr_validate(attr, MNL_TYPE_U64) == 0)
			ci->start = mnl_attr_get_u64(attr);
		break;
	case SSPI_CTX_ATTR_EXPIRY:
		if (mnl_attr_validate(attr, MNL_TYPE_U64) == 0)
			ci->expiry = mnl_attr_get_u64(attr);
		break;
	case SSPI_CTX_ATTR_USER:
		ci->user = mnl_attr_get_payload(attr);
		ci->user_units = mnl_attr_get_payload_len(attr) / sizeof(char16_t);
		break;
	case SSPI_CTX_ATTR_SESSION_KEY:
		ci->session_key = mnl_attr_get_payload(attr);
		ci->session_key_len = mnl_attr_get_payload_len(attr);
		break;
	}
	return MNL_CB_OK;
}

struct query {
	ULONG attribute;
	void *buffer;
	bool wide;
};

static SECURITY_STATUS fill_names(const struct context_info *ci, const struct query *q)
{
	char16_t *wide;
	char *narrow;
	size_t len;

	if (!ci->established || !ci->user)
		return SEC_E_INVALID_HANDLE;
	if (q->wide) {
		if (sspi_utf16n_to_utf8(ci->user, ci->user_units, &narrow, &len))
			return SEC_E_INTERNAL_ERROR;
		free(narrow);	/* checked: the name is well formed */
		wide = calloc(ci->user_units + 1, sizeof(char16_t));
		if (!wide)
			return SEC_E_INSUFFICIENT_MEMORY;
		memcpy(wide, ci->user, ci->user_units * sizeof(char16_t));
		((SecPkgContext_NamesW *)q->buffer)->sUserName = wide;
	} else {
		if (sspi_utf16n_to_utf8(ci->user, ci->user_units, &narrow, &len))
			return SEC_E_INTERNAL_ERROR;
		((SecPkgContext_NamesA *)q->buffer)->sUserName = narrow;
	}
	return SEC_E_OK;
}

/* A copy of @s for FreeContextBuffer, narrow or wide. */
static void *name_dup(const char *s, bool wide)
{
	size_t size = strlen(s) + 1;
	char *copy;

	if (wide)
		return sspi_utf8_to_utf16(s);
	copy = malloc(size);
	return copy ? memcpy(copy, s, size) : NULL;
}

static SECURITY_STATUS fill_key_info(const struct context_info *ci, const struct query *q)
{
	bool ess = ci->negotiate_flags & SSPI_MIN_SEC_NTLM2;
	SecPkgContext_KeyInfoA *key = q->buffer;	/* W has the same layout */
	void *sig, *enc;

	if (!ci->established)
		return SEC_E_INVALID_HANDLE;
	sig = name_dup(ess ? "HMAC-MD5" : "RSADSI RC4-CRC32", q->wide);
	enc = name_dup("RSADSI RC4", q->wide);
	if (!sig || !enc) {
		free(sig);
		free(enc);
		return SEC_E_INSUFFICIENT_MEMORY;
	}
	key->sSignatureAlgorithmName = sig;
	key->sEncryptAlgorithmName = enc;
	key->SignatureAlgorithm = ess ? NTLM_SIG_ALG_HMAC_MD5 : NTLM_SIG_ALG_RC4_CRC32;
	key->EncryptAlgorithm = NTLM_ENC_ALG_RC4;
	key->KeySize = ci->negotiate_flags & SSPI_MIN_SEC_128BIT ? 128 :
		       ci->negotiate_flags & NTLMSSP_NEGOTIATE_56 ? 56 : 40;
	return SEC_E_OK;
}

static SECURITY_STATUS fill(const struct context_info *ci, const struct query *q)
{
	SecPkgContext_SessionKey *sk;
	SecPkgContext_Lifespan *life;
	SecPkgContext_NegotiationInfoA *neg;

	switch (q->attribute) {
	case SECPKG_ATTR_SIZES:
		*(SecPkgContext_Sizes *)q->buffer = (SecPkgContext_Sizes){
			.cbMaxToken = SSPI_NTLM_MAX_TOKEN,
			.cbMaxSignature = NTLM_MAX_SIGNATURE,
			.cbBlockSize = NTLM_BLOCK_SIZE,
			.cbSecurityTrailer = NTLM_SECURITY_TRAILER,
		};
		return SEC_E_OK;
	case SECPKG_ATTR_NAMES:
		return fill_names(ci, q);
	case SECPKG_ATTR_KEY_INFO:
		return fill_key_info(ci, q);
	case SECPKG_ATTR_FLAGS:
		((SecPkgContext_Flags *)q->buffer)->Flags = ci->flags;
		return SEC_E_OK;
	case SECPKG_ATTR_LIFESPAN:
		life = q->buffer;
		sspi_timestamp_set(&life->tsStart, ci->start);
		sspi_timestamp_set(&life->tsExpiry, ci->expiry);
		return SEC_E_OK;
	case SECPKG_ATTR_SESSION_KEY:
		if (!ci->established || ci->session_key_len != 16)
			return SEC_E_INVALID_HANDLE;
		sk = q->buffer;
		sk->SessionKey = malloc(ci->session_key_len);
		if (!sk->SessionKey)
			return SEC_E_INSUFFICIENT_MEMORY;
		memcpy(sk->SessionKey, ci->session_key, ci->session_key_len);
		sk->SessionKeyLength = (ULONG)ci->session_key_len;
		return SEC_E_OK;
	case SECPKG_ATTR_PACKAGE_INFO:
	case SECPKG_ATTR_NEGOTIATION_INFO:
		/* The package info comes once the transport is free again. */
		neg = q->buffer;
		neg->PackageInfo = NULL;
		if (q->attribute == SECPKG_ATTR_NEGOTIATION_INFO)
			neg->NegotiationState = ci->established ? SECPKG_NEGOTIATION_COMPLETE
								: SECPKG_NEGOTIATION_IN_PROGRESS;
		return SEC_E_OK;
	default:
		return SEC_E_UNSUPPORTED_FUNCTION;
	}
}

static int32_t query_reply(const struct nlmsghdr *reply, int32_t status, void *arg)
{
	struct query *q = arg;
	struct context_info ci = { 0 };
	const struct nlattr *attr;

	if (status != SEC_E_OK)
		return status;
	mnl_attr_for_each(attr, reply, SSPI_GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) != SSPI_ATTR_CONTEXT_INFO)
			continue;
		if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0 ||
		    mnl_attr_parse_nested(attr, info_attr_cb, &ci) < 0)
			return SEC_E_INTERNAL_ERROR;
		ci.seen = true;
	}
	return ci.seen ? fill(&ci, q) : SEC_E_INTERNAL_ERROR;
}

static bool attribute_known(ULONG attribute)
{
	switch (attribute) {
	case SECPKG_ATTR_SIZES:
	case SECPKG_ATTR_NAMES:
	case SECPKG_ATTR_KEY_INFO:
	case SECPKG_ATTR_FLAGS:
	case SECPKG_ATTR_LIFESPAN:
	case SECPKG_ATTR_SESSION_KEY:
	case SECPKG_ATTR_PACKAGE_INFO:
	case SECPKG_ATTR_NEGOTIATION_INFO:
		return true;
	}
	return false;
}

static SECURITY_STATUS query_context(PCtxtHandle ctx, ULONG attribute, void *buffer,
				     bool wide)
{
	struct query q = { .attribute = attribute, .buffer = buffer, .wide = wide };
	uint64_t handle = sspi_handle_value(ctx, SSPI_HANDLE_CTX);
	struct nlmsghdr *req;
	SECURITY_STATUS status;

	if (!handle)
		return SEC_E_INVALID_HANDLE;
	if (!attribute_known(attribute))
		return SEC_E_UNSUPPORTED_FUNCTION;
	if (!buffer)
		return SEC_E_INVALID_PARAMETER;
	req = sspi_request_begin(SSPI_CMD_QUERY_CONTEXT, &status);
	if (!req)
		return status;
	mnl_attr_put_u64(req, SSPI_ATTR_CTX_HANDLE, handle);
	/* The key is sent only to those who ask for it. */
	mnl_attr_put_u32(req, SSPI_ATTR_ATTRIBUTE,
			 attribute == SECPKG_ATTR_SESSION_KEY ? SSPI_CTX_ATTR_SESSION_KEY : 0);
	status = sspi_transact(req, query_reply, &q);
	if (status == SEC_E_OK && (attribute == SECPKG_ATTR_PACKAGE_INFO ||
				   attribute == SECPKG_ATTR_NEGOTIATION_INFO)) {
		/* Both structures start with the package info pointer. */
		SecPkgContext_PackageInfoA *pkg = buffer;

		status = sspi_package_query("NTLM", (void **)&pkg->PackageInfo, wide);
	}
	return status;
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY QueryContextAttributesA(
	PCtxtHandle phContext, ULONG ulAttribute, void *pBuffer)
{
	return query_context(phContext, ulAttribute, pBuffer, false);
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY QueryContextAttributesW(
	PCtxtHandle phContext, ULONG ulAttribute, void *pBuffer)
{
	return query_context(phContext, ulAttribute, pBuffer, true);
}

/*
 * NTLM builds every token whole, so it never asks for CompleteAuthToken
 * (never returns SEC_I_COMPLETE_NEEDED or SEC_I_COMPLETE_AND_CONTINUE):
 * calling it anyway succeeds for a valid context and does nothing.
 */
SSPI_EXPORT SECURITY_STATUS SEC_ENTRY CompleteAuthToken(PCtxtHandle phContext,
							PSecBufferDesc pToken)
{
	SecPkgContext_Flags flags;

	if (pToken && !sspi_buffer_desc_ok(pToken))
		return SEC_E_INVALID_TOKEN;
	return query_context(phContext, SECPKG_ATTR_FLAGS, &flags, false);
}
