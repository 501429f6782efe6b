// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * InitializeSecurityContext, AcceptSecurityContext, DeleteSecurityContext,
 * CompleteAuthToken: SecBuffers in and out of one kernel request per call.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "internal.h"
#include "transport.h"
#include "utf16.h"

/* ISC_REQ_ALLOCATE_MEMORY and ASC_REQ_ALLOCATE_MEMORY are the same bit, as
 * are ISC_RET_ALLOCATED_MEMORY and ASC_RET_ALLOCATED_MEMORY.
 */
#define REQ_ALLOCATE_MEMORY	ISC_REQ_ALLOCATE_MEMORY
#define RET_ALLOCATED_MEMORY	ISC_RET_ALLOCATED_MEMORY

struct context_call {
	bool accept;
	PCredHandle cred;
	PCtxtHandle ctx;
	const char16_t *target;
	size_t target_units;
	ULONG req;
	PSecBufferDesc input;
	PCtxtHandle new_ctx;
	PSecBufferDesc output;
	PULONG attrs;
	PTimeStamp expiry;
};

struct context_reply {
	PSecBuffer token;	/* the caller's output token buffer */
	bool allocate;
	uint64_t handle;
	uint32_t attrs;
	uint64_t expiry;
	const void *data;	/* output token in the reply */
	size_t len;
};

static int context_attr_cb(const struct nlattr *attr, void *arg)
{
	struct context_reply *r = arg;

	switch (mnl_attr_get_type(attr)) {
	case SSPI_ATTR_CTX_HANDLE:
		if (mnl_attr_validate(attr, MNL_TYPE_U64) == 0)
			r->handle = mnl_attr_get_u64(attr);
		break;
	case SSPI_ATTR_CONTEXT_ATTR:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			r->attrs = mnl_attr_get_u32(attr);
		break;
	case SSPI_ATTR_EXPIRY:
		if (mnl_attr_validate(attr, MNL_TYPE_U64) == 0)
			r->expiry = mnl_attr_get_u64(attr);
		break;
	case SSPI_ATTR_OUTPUT_TOKEN:
		r->data = mnl_attr_get_payload(attr);
		r->len = mnl_attr_get_payload_len(attr);
		break;
	}
	return MNL_CB_OK;
}

/* Puts the output token where the caller wants it, while the reply lives. */
static int32_t context_reply(const struct nlmsghdr *reply, int32_t status, void *arg)
{
	struct context_reply *r = arg;
	void *buf;

	if (status != SEC_E_OK && status != SEC_I_CONTINUE_NEEDED)
		return status;
	mnl_attr_parse(reply, SSPI_GENL_HDRLEN, context_attr_cb, r);
	if (r->allocate) {
		buf = NULL;
		if (r->len) {
			buf = malloc(r->len);
			if (!buf)
				return SEC_E_INSUFFICIENT_MEMORY;
			memcpy(buf, r->data, r->len);
			r->attrs |= RET_ALLOCATED_MEMORY;
		}
		r->token->pvBuffer = buf;
	} else {
		/* The kernel was told the room there is: it fits. */
		if (r->len > r->token->cbBuffer)
			return SEC_E_INTERNAL_ERROR;
		if (r->len)
			memcpy(r->token->pvBuffer, r->data, r->len);
	}
	r->token->cbBuffer = (ULONG)r->len;
	return status;
}

static SECURITY_STATUS context_call(const struct context_call *c)
{
	struct context_reply r = { 0 };
	struct sspi_identity supplied = { 0 };
	bool have_supplied = false;
	PSecBuffer in_token = NULL, bindings = NULL;
	uint64_t ctx = 0, cred = 0;
	struct nlmsghdr *req;
	SECURITY_STATUS status;

	if (c->ctx) {
		ctx = sspi_handle_value(c->ctx, SSPI_HANDLE_CTX);
		if (!ctx)
			return SEC_E_INVALID_HANDLE;
	} else {
		cred = sspi_handle_value(c->cred, SSPI_HANDLE_CRED);
		if (!cred)
			return SEC_E_INVALID_HANDLE;
	}
	if (c->input) {
		if (!sspi_buffer_desc_ok(c->input))
			return SEC_E_INVALID_TOKEN;
		in_token = sspi_buffer_find(c->input, SECBUFFER_TOKEN);
		bindings = sspi_buffer_find(c->input, SECBUFFER_CHANNEL_BINDINGS);
		if ((in_token && in_token->cbBuffer && !in_token->pvBuffer) ||
		    (in_token && in_token->cbBuffer > SSPI_TOKEN_MAX) ||
		    (bindings && (!bindings->pvBuffer || bindings->cbBuffer > SSPI_BINDINGS_MAX)))
			return SEC_E_INVALID_TOKEN;
	}
	/*
	 * Windows' statuses for the output (Wine's dlls/secur32/tests/ntlm.c,
	 * runClient()): no SecBufferDesc, or none of type SECBUFFER_TOKEN, is
	 * SEC_E_BUFFER_TOO_SMALL; a token buffer with room but no memory,
	 * SEC_E_INTERNAL_ERROR. Neither call reaches the kernel, so a context
	 * stays as it was. A malformed SecBufferDesc is SEC_E_INVALID_TOKEN.
	 */
	if (c->output && !sspi_buffer_desc_ok(c->output))
		return SEC_E_INVALID_TOKEN;
	r.token = sspi_buffer_find(c->output, SECBUFFER_TOKEN);
	if (!r.token)
		return SEC_E_BUFFER_TOO_SMALL;
	r.allocate = c->req & REQ_ALLOCATE_MEMORY;
	if (!r.allocate && r.token->cbBuffer && !r.token->pvBuffer)
		return SEC_E_INTERNAL_ERROR;

	/* ISC_REQ_USE_SUPPLIED_CREDS: an identity in SECBUFFER_PKG_PARAMS. */
	if (!c->accept && !ctx && (c->req & ISC_REQ_USE_SUPPLIED_CREDS) && c->input) {
		PSecBuffer params = sspi_buffer_find(c->input, SECBUFFER_PKG_PARAMS);

		if (params) {
			if (!params->pvBuffer ||
			    params->cbBuffer < sizeof(SEC_WINNT_AUTH_IDENTITY_A))
				return SEC_E_UNKNOWN_CREDENTIALS;
			status = sspi_identity_read(params->pvBuffer, &supplied);
			if (status)
				return status;
			have_supplied = true;
		}
	}
	req = sspi_request_begin(c->accept ? SSPI_CMD_ACCEPT_CONTEXT : SSPI_CMD_INIT_CONTEXT,
				 &status);
	if (!req) {
		sspi_identity_free(&supplied);
		return status;
	}
	if (have_supplied)
		sspi_identity_put(req, &supplied);
	sspi_identity_free(&supplied);
	if (ctx)
		mnl_attr_put_u64(req, SSPI_ATTR_CTX_HANDLE, ctx);
	else
		mnl_attr_put_u64(req, SSPI_ATTR_CRED_HANDLE, cred);
	mnl_attr_put_u32(req, SSPI_ATTR_CONTEXT_REQ, c->req);
	if (c->target_units)
		mnl_attr_put(req, SSPI_ATTR_TARGET, c->target_units * sizeof(char16_t),
			     c->target);
	if (in_token && in_token->cbBuffer)
		mnl_attr_put(req, SSPI_ATTR_INPUT_TOKEN, in_token->cbBuffer, in_token->pvBuffer);
	if (bindings)
		mnl_attr_put(req, SSPI_ATTR_CHANNEL_BINDINGS, bindings->cbBuffer,
			     bindings->pvBuffer);
	/* Room for the token; 0 (none) asks the kernel to refuse any token. */
	if (!r.allocate)
		mnl_attr_put_u32(req, SSPI_ATTR_OUTPUT_TOKEN,
				 r.token->cbBuffer ? r.token->cbBuffer : 1);
	status = sspi_transact(req, context_reply, &r);
	if (status != SEC_E_OK && status != SEC_I_CONTINUE_NEEDED)
		return status;

	if (r.handle && c->new_ctx)
		sspi_handle_set(c->new_ctx, r.handle, SSPI_HANDLE_CTX);
	else if (c->ctx && c->new_ctx && c->new_ctx != c->ctx)
		*c->new_ctx = *c->ctx;
	if (c->attrs)
		*c->attrs = r.attrs;
	sspi_timestamp_set(c->expiry, r.expiry);
	return status;
}

/* The target name as UTF-16: bounded, well formed, or SEC_E_TARGET_UNKNOWN. */
static SECURITY_STATUS target_check(const char16_t *target, size_t *units)
{
	char *utf8;

	*units = 0;
	if (!target)
		return SEC_E_OK;
	*units = sspi_utf16_nlen(target, SSPI_NAME_MAX / 2 + 1);
	if (*units > SSPI_NAME_MAX / 2)
		return SEC_E_TARGET_UNKNOWN;
	utf8 = sspi_utf16_to_utf8(target);
	if (!utf8)
		return SEC_E_TARGET_UNKNOWN;
	free(utf8);
	return SEC_E_OK;
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY InitializeSecurityContextW(
	PCredHandle phCredential, PCtxtHandle phContext, SEC_WCHAR *pszTargetName,
	ULONG fContextReq, ULONG Reserved1, ULONG TargetDataRep, PSecBufferDesc pInput,
	ULONG Reserved2, PCtxtHandle phNewContext, PSecBufferDesc pOutput,
	PULONG pfContextAttr, PTimeStamp ptsExpiry)
{
	struct context_call c = {
		.cred = phCredential, .ctx = phContext, .target = pszTargetName,
		.req = fContextReq, .input = pInput, .new_ctx = phNewContext,
		.output = pOutput, .attrs = pfContextAttr, .expiry = ptsExpiry,
	};
	SECURITY_STATUS status;

	/* Reserved; the data representation means nothing to NTLM. */
	(void)Reserved1, (void)Reserved2, (void)TargetDataRep;
	status = target_check(pszTargetName, &c.target_units);
	return status ? status : context_call(&c);
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY InitializeSecurityContextA(
	PCredHandle phCredential, PCtxtHandle phContext, SEC_CHAR *pszTargetName,
	ULONG fContextReq, ULONG Reserved1, ULONG TargetDataRep, PSecBufferDesc pInput,
	ULONG Reserved2, PCtxtHandle phNewContext, PSecBufferDesc pOutput,
	PULONG pfContextAttr, PTimeStamp ptsExpiry)
{
	SECURITY_STATUS status;
	char16_t *target = NULL;

	if (pszTargetName) {
		target = sspi_utf8_to_utf16(pszTargetName);
		if (!target)
			return SEC_E_TARGET_UNKNOWN;
	}
	status = InitializeSecurityContextW(phCredential, phContext, target, fContextReq,
					    Reserved1, TargetDataRep, pInput, Reserved2,
					    phNewContext, pOutput, pfContextAttr, ptsExpiry);
	free(target);
	return status;
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY AcceptSecurityContext(
	PCredHandle phCredential, PCtxtHandle phContext, PSecBufferDesc pInput,
	ULONG fContextReq, ULONG TargetDataRep, PCtxtHandle phNewContext,
	PSecBufferDesc pOutput, PULONG pfContextAttr, PTimeStamp ptsExpiry)
{
	struct context_call c = {
		.accept = true, .cred = phCredential, .ctx = phContext,
		.req = fContextReq, .input = pInput, .new_ctx = phNewContext,
		.output = pOutput, .attrs = pfContextAttr, .expiry = ptsExpiry,
	};

	(void)TargetDataRep;
	return context_call(&c);
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY DeleteSecurityContext(PCtxtHandle phContext)
{
	return sspi_handle_free(SSPI_CMD_DELETE_CONTEXT, SSPI_ATTR_CTX_HANDLE,
				sspi_handle_value(phContext, SSPI_HANDLE_CTX));
}
