// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * MakeSignature, VerifySignature, EncryptMessage, DecryptMessage: the
 * caller's SecBuffers as one kernel request, the answer back into them.
 *
 * The message is its SECBUFFER_DATA buffers in order. A buffer marked
 * SECBUFFER_READONLY_WITH_CHECKSUM is signed but never sealed; one marked
 * SECBUFFER_READONLY only is neither signed nor sealed (it is left out);
 * any other is signed and, by EncryptMessage, sealed in place. Buffers of
 * other types are ignored, but for the one SECBUFFER_TOKEN that holds the
 * signature (16 bytes).
 *
 * A buffer of INPLACE_MIN bytes or more stays where it is: the request
 * gives its address (SSPI_ATTR_DATA_INPLACE) and the module signs and
 * (un)seals it in this process's memory, while it handles the request.
 * The module takes it only from memory present and, to seal, private and
 * writable, and only from a process no more privileged than the socket's
 * opener; else it refuses the request (-EAGAIN, -EPERM), untouched, and
 * the message goes again by copy, as small buffers do.
 * A smaller one costs less copied: it goes to the kernel as one or more
 * data attributes (a netlink attribute holds less than 64 KiB), sent from
 * where it is (sendmsg() with an iovec: the request buffer gets only their
 * headers, so the message is neither copied nor wiped), and the reply
 * carries the (un)sealed bytes of the sealed ones, which are copied back.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/uio.h>

#include "export.h"
#include "internal.h"
#include "transport.h"

/* Measured: from 1 KiB on, pinning a buffer costs less than copying it (64 B: more). */
#define INPLACE_MIN	1024

struct chunk {
	unsigned char *data;
	size_t len;
	bool sealed;
	bool inplace;		/* left where it is: SSPI_ATTR_DATA_INPLACE */
	struct nlattr nla;	/* its attribute's header, sent before it */
	struct sspi_inplace_part part;	/* for one in place */
};

/* Each chunk is sent as its header, its data and its padding. */
#define MESSAGE_IOV_MAX	(1 + 3 * SSPI_MESSAGE_PARTS_MAX)
static const unsigned char nla_padding[NLA_ALIGNTO];

struct message {
	uint8_t cmd;
	bool receive;
	PSecBuffer token;
	struct chunk chunks[SSPI_MESSAGE_PARTS_MAX];
	unsigned int nchunks;
	unsigned int next;	/* the sealed chunk the next reply DATA fills */
	bool have_sig;
};

/* The buffers of @desc as chunks, large ones in place if @inplace; SEC_E_OK or why not. */
static SECURITY_STATUS message_split(struct message *m, PSecBufferDesc desc, bool seal,
				     bool inplace_ok)
{
	size_t total = 0;
	ULONG i;

	if (!sspi_buffer_desc_ok(desc))
		return SEC_E_INVALID_TOKEN;
	for (i = 0; i < desc->cBuffers; i++) {
		PSecBuffer b = &desc->pBuffers[i];
		ULONG type = b->BufferType;
		size_t off, n;
		bool inplace;

		if ((type & ~SECBUFFER_ATTRMASK) != SECBUFFER_DATA)
			continue;
		if ((type & SECBUFFER_READONLY) && !(type & SECBUFFER_READONLY_WITH_CHECKSUM))
			continue;
		if (b->cbBuffer && !b->pvBuffer)
			return SEC_E_INVALID_TOKEN;
		total += b->cbBuffer;
		if (total > SSPI_MESSAGE_MAX)
			return SEC_E_INVALID_PARAMETER;
		inplace = inplace_ok && b->cbBuffer >= INPLACE_MIN;
		for (off = 0; off < b->cbBuffer; off += n) {
			n = b->cbBuffer - off;
			if (n > SSPI_DATA_CHUNK_MAX && !inplace)
				n = SSPI_DATA_CHUNK_MAX;
			if (m->nchunks == SSPI_MESSAGE_PARTS_MAX)
				return SEC_E_INVALID_PARAMETER;
			m->chunks[m->nchunks++] = (struct chunk){
				.data = (unsigned char *)b->pvBuffer + off,
				.len = n,
				.sealed = seal && !(type & SECBUFFER_READONLY_WITH_CHECKSUM),
				.inplace = inplace,
			};
		}
	}
	return SEC_E_OK;
}

static int message_attr_cb(const struct nlattr *attr, void *arg)
{
	struct message *m = arg;
	const void *data = mnl_attr_get_payload(attr);
	size_t len = mnl_attr_get_payload_len(attr);
	struct chunk *c;

	switch (mnl_attr_get_type(attr)) {
	case SSPI_ATTR_DATA:
		while (m->next < m->nchunks &&
		       (!m->chunks[m->next].sealed || m->chunks[m->next].inplace))
			m->next++;
		if (m->next == m->nchunks || m->chunks[m->next].len != len)
			return MNL_CB_ERROR;
		c = &m->chunks[m->next++];
		memcpy(c->data, data, len);
		break;
	case SSPI_ATTR_SIGNATURE:
		if (m->receive || len != SSPI_SIGNATURE_LEN)
			return MNL_CB_ERROR;
		memcpy(m->token->pvBuffer, data, len);
		m->token->cbBuffer = SSPI_SIGNATURE_LEN;
		m->have_sig = true;
		break;
	}
	return MNL_CB_OK;
}

static int32_t message_reply(const struct nlmsghdr *reply, int32_t status, void *arg)
{
	struct message *m = arg;

	if (status != SEC_E_OK)
		return status;
	if (mnl_attr_parse(reply, SSPI_GENL_HDRLEN, message_attr_cb, m) < 0)
		return SEC_E_INTERNAL_ERROR;
	if (!m->receive && !m->have_sig)
		return SEC_E_INTERNAL_ERROR;
	return status;
}

/*
 * One request for the message @m (split already) of the context @ctx;
 * *@err as sspi_transact_iov() sets it.
 */
static SECURITY_STATUS message_send(struct message *m, uint64_t ctx, ULONG qop,
				    ULONG seqno, bool seal, int *err)
{
	struct iovec iov[MESSAGE_IOV_MAX];
	struct nlmsghdr *req;
	SECURITY_STATUS status;
	size_t niov = 1;
	unsigned int i;

	*err = 0;
	req = sspi_request_begin(m->cmd, &status);
	if (!req)
		return status;
	mnl_attr_put_u64(req, SSPI_ATTR_CTX_HANDLE, ctx);
	mnl_attr_put_u32(req, SSPI_ATTR_SEQNUM, seqno);
	if (m->receive)
		mnl_attr_put(req, SSPI_ATTR_SIGNATURE, SSPI_SIGNATURE_LEN, m->token->pvBuffer);
	else
		mnl_attr_put_u32(req, SSPI_ATTR_QOP, qop);
	for (i = 0; i < m->nchunks; i++) {
		struct chunk *c = &m->chunks[i];
		bool signed_only = seal && !c->sealed;
		size_t pad = MNL_ALIGN(c->len) - c->len;

		if (c->inplace) {
			c->part = (struct sspi_inplace_part){
				.addr = (uintptr_t)c->data,
				.len = (uint32_t)c->len,
				.flags = c->sealed ? SSPI_INPLACE_SEALED : 0,
			};
			c->nla.nla_type = SSPI_ATTR_DATA_INPLACE;
			c->nla.nla_len = MNL_ATTR_HDRLEN + sizeof(c->part);
			iov[niov++] = (struct iovec){ &c->nla, MNL_ATTR_HDRLEN };
			iov[niov++] = (struct iovec){ &c->part, sizeof(c->part) };
			continue;
		}
		c->nla.nla_type = signed_only ? SSPI_ATTR_DATA_SIGNED : SSPI_ATTR_DATA;
		c->nla.nla_len = (uint16_t)(MNL_ATTR_HDRLEN + c->len);
		iov[niov++] = (struct iovec){ &c->nla, MNL_ATTR_HDRLEN };
		iov[niov++] = (struct iovec){ c->data, c->len };
		if (pad)
			iov[niov++] = (struct iovec){ (void *)nla_padding, pad };
	}
	return sspi_transact_iov(req, iov, niov, message_reply, m, err);
}

static SECURITY_STATUS message_call(uint8_t cmd, PCtxtHandle phContext, ULONG qop,
				    PSecBufferDesc desc, ULONG seqno)
{
	bool seal = cmd == SSPI_CMD_ENCRYPT || cmd == SSPI_CMD_DECRYPT;
	bool receive = cmd == SSPI_CMD_VERIFY_SIGNATURE || cmd == SSPI_CMD_DECRYPT;
	bool inplace = true, seal_data;
	struct message m;
	SECURITY_STATUS status;
	PSecBuffer token;
	uint64_t ctx;
	int err;

	ctx = sspi_handle_value(phContext, SSPI_HANDLE_CTX);
	if (!ctx)
		return SEC_E_INVALID_HANDLE;
	if (!sspi_buffer_desc_ok(desc))
		return SEC_E_INVALID_TOKEN;
	token = sspi_buffer_find(desc, SECBUFFER_TOKEN);
	if (!token || (token->cbBuffer && !token->pvBuffer))
		return SEC_E_INVALID_TOKEN;
	if (token->cbBuffer < SSPI_SIGNATURE_LEN)
		return receive ? SEC_E_INVALID_TOKEN : SEC_E_BUFFER_TOO_SMALL;
	/*
	 * SECQOP_WRAP_NO_ENCRYPT seals nothing: every part goes as signed
	 * only, and the reply carries no data.
	 */
	seal_data = seal && !(cmd == SSPI_CMD_ENCRYPT && qop == SECQOP_WRAP_NO_ENCRYPT);
	for (;;) {
		m = (struct message){ .cmd = cmd, .receive = receive, .token = token };
		status = message_split(&m, desc, seal_data, inplace);
		if (status)
			return status;
		status = message_send(&m, ctx, qop, seqno, seal, &err);
		if (!inplace || (err != EAGAIN && err != EPERM))
			break;
		/* the module left the parts in place untouched: send them by copy */
		inplace = false;
	}
	if (err == EFAULT)	/* a buffer this process cannot read */
		return SEC_E_INVALID_PARAMETER;
	return status;
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY MakeSignature(
	PCtxtHandle phContext, ULONG fQOP, PSecBufferDesc pMessage, ULONG MessageSeqNo)
{
	return message_call(SSPI_CMD_MAKE_SIGNATURE, phContext, fQOP, pMessage, MessageSeqNo);
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY VerifySignature(
	PCtxtHandle phContext, PSecBufferDesc pMessage, ULONG MessageSeqNo, PULONG pfQOP)
{
	(void)pfQOP;	/* left as it was: see DecryptMessage */
	return message_call(SSPI_CMD_VERIFY_SIGNATURE, phContext, 0, pMessage, MessageSeqNo);
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY EncryptMessage(
	PCtxtHandle phContext, ULONG fQOP, PSecBufferDesc pMessage, ULONG MessageSeqNo)
{
	return message_call(SSPI_CMD_ENCRYPT, phContext, fQOP, pMessage, MessageSeqNo);
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY DecryptMessage(
	PCtxtHandle phContext, PSecBufferDesc pMessage, ULONG MessageSeqNo, PULONG pfQOP)
{
	/*
	 * Windows' NTLM leaves *pfQOP as it was, success or not (Wine's
	 * dlls/secur32/tests/ntlm.c, testSignSeal(): qop stays 0xdeadbeef).
	 */
	(void)pfQOP;
	return message_call(SSPI_CMD_DECRYPT, phContext, 0, pMessage, MessageSeqNo);
}
