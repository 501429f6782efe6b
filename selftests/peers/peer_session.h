/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The handshake loop of both peers and the session security requests of
 * the peer line protocol (peer_io.h), served on an established context. Include after the SSPI header of the library
 * under test (libsspi's <sspi.h> or WinPR's <winpr/sspi.h>): the code is
 * the same for both, the types behind the names are not.
 *
 * Each direction has its own message number, passed as MessageSeqNo:
 * peer_seq_out counts the messages this side made, peer_seq_in those it
 * was given, taken or refused (a refused one is not given again: the
 * sender has moved on). Connection-oriented NTLM keeps its own numbers
 * (libsspi ignores MessageSeqNo); WinPR signs and checks with the one the
 * caller gives.
 */
#ifndef PEER_SESSION_H
#define PEER_SESSION_H

#include <stdbool.h>

#include "peer_io.h"

static ULONG peer_seq_out, peer_seq_in;
static struct peer_cmd peer_request;

/* One request, one answer line. */
static void peer_serve_one(CtxtHandle *ctx, struct peer_cmd *cmd)
{
	bool send = !strcmp(cmd->name, "seal") || !strcmp(cmd->name, "sign");
	bool seal = !strcmp(cmd->name, "seal") || !strcmp(cmd->name, "unseal");
	bool known = send || seal || !strcmp(cmd->name, "verify");
	unsigned char sig[PEER_SIGNATURE];
	SecBuffer bufs[2];
	SecBufferDesc desc = { SECBUFFER_VERSION, 2, bufs };
	SECURITY_STATUS st;
	ULONG qop = 0;

	if (!known || send != (cmd->sig_len < 0)) {
		peer_say("bad request %s", cmd->name);
		return;
	}
	memset(sig, 0, sizeof(sig));
	bufs[0].BufferType = SECBUFFER_TOKEN;
	bufs[0].pvBuffer = send ? sig : cmd->sig;
	bufs[0].cbBuffer = send ? (ULONG)sizeof(sig) : (ULONG)cmd->sig_len;
	bufs[1].BufferType = SECBUFFER_DATA;
	bufs[1].pvBuffer = cmd->data;
	bufs[1].cbBuffer = (ULONG)cmd->data_len;
	if (send && seal)
		st = EncryptMessage(ctx, 0, &desc, peer_seq_out);
	else if (send)
		st = MakeSignature(ctx, 0, &desc, peer_seq_out);
	else if (seal)
		st = DecryptMessage(ctx, &desc, peer_seq_in, &qop);
	else
		st = VerifySignature(ctx, &desc, peer_seq_in, &qop);
	if (!send)
		peer_seq_in++;
	if (st != SEC_E_OK) {
		peer_say("status 0x%08x", (unsigned int)st);
		return;
	}
	if (send)
		peer_seq_out++;
	if (send && seal)
		peer_hex2("sealed", sig, bufs[0].cbBuffer, cmd->data, bufs[1].cbBuffer);
	else if (send)
		peer_hex("signed", sig, bufs[0].cbBuffer);
	else if (seal)
		peer_hex("plain", cmd->data, bufs[1].cbBuffer);
	else
		peer_say("verified");
}

/* Serves requests on ctx until EOF. */
static void peer_serve(CtxtHandle *ctx)
{
	while (peer_read_cmd(&peer_request) == 0)
		peer_serve_one(ctx, &peer_request);
}

/* One side of a handshake: its credential, its context, what it was asked. */
struct peer_hs {
	const struct peer_args *args;
	CredHandle cred;
	CtxtHandle ctx;
	bool have_ctx;
	bool cred_always;	/* pass the credential on every call (WinPR) */
	ULONG attrs;
};

/* One leg through the library's InitializeSecurityContextA or AcceptSecurityContext. */
static SECURITY_STATUS peer_leg(struct peer_hs *hs, bool first, SecBufferDesc *in,
				SecBufferDesc *out)
{
	CredHandle *cred = hs->have_ctx && !hs->cred_always ? NULL : &hs->cred;
	CtxtHandle *ctx = hs->have_ctx ? &hs->ctx : NULL;
	ULONG req = (ULONG)hs->args->req;
	SECURITY_STATUS st;
	TimeStamp expiry;

	if (hs->args->server) {
		st = AcceptSecurityContext(cred, ctx, in, req, SECURITY_NATIVE_DREP, &hs->ctx, out,
					   &hs->attrs, &expiry);
		peer_say("call AcceptSecurityContext 0x%08x", (unsigned int)st);
	} else {
		st = InitializeSecurityContextA(cred, ctx, (char *)hs->args->target, req, 0,
						SECURITY_NATIVE_DREP, first ? NULL : in, 0, &hs->ctx,
						out, &hs->attrs, &expiry);
		peer_say("call InitializeSecurityContext 0x%08x", (unsigned int)st);
	}
	return st;
}

/*
 * One leg: the library's InitializeSecurityContext or AcceptSecurityContext
 * with @in (NULL for the client's first) and @out, and whatever that
 * library needs around the call.
 */
typedef SECURITY_STATUS (*peer_leg_fn)(struct peer_hs *hs, bool first, SecBufferDesc *in,
				       SecBufferDesc *out);
/* Prints the handshake's outcome, from "status" to "end". */
typedef void (*peer_report_fn)(CtxtHandle *ctx, SECURITY_STATUS st, ULONG attrs);

static unsigned char peer_in_token[PEER_MAX_TOKEN], peer_out_token[PEER_MAX_TOKEN];

/* SECBUFFER_CHANNEL_BINDINGS with only application data, as for TLS. */
static struct {
	SEC_CHANNEL_BINDINGS hdr;
	char data[256];
} peer_bindings;

/* The "call AcquireCredentialsHandle" line; on failure also the report. */
static bool peer_acquired(SECURITY_STATUS st, peer_report_fn report)
{
	peer_say("call AcquireCredentialsHandle 0x%08x", (unsigned int)st);
	if (st != SEC_E_OK)
		report(NULL, st, 0);
	return st == SEC_E_OK;
}

/*
 * Relays tokens over stdin/stdout until the handshake ends, then reports
 * it; on success serves session security until EOF. Frees the context and
 * the credential. Returns the exit status.
 */
static int peer_run(struct peer_hs *hs, peer_leg_fn leg, peer_report_fn report)
{
	const char *bindings = hs->args->bindings;
	SecBuffer in_bufs[2], out_buf;
	SecBufferDesc in_desc = { SECBUFFER_VERSION, 1, in_bufs };
	SecBufferDesc out_desc = { SECBUFFER_VERSION, 1, &out_buf };
	SECURITY_STATUS st = SEC_E_INTERNAL_ERROR;
	long n;

	if (bindings) {
		if (strlen(bindings) > sizeof(peer_bindings.data)) {
			peer_say("note channel bindings too long");
			return 2;
		}
		peer_bindings.hdr.cbApplicationDataLength = (ULONG)strlen(bindings);
		peer_bindings.hdr.dwApplicationDataOffset = sizeof(peer_bindings.hdr);
		memcpy(peer_bindings.data, bindings, strlen(bindings));
		in_bufs[1].BufferType = SECBUFFER_CHANNEL_BINDINGS;
		in_bufs[1].pvBuffer = &peer_bindings;
		in_bufs[1].cbBuffer = sizeof(peer_bindings);
		in_desc.cBuffers = 2;
	}
	in_bufs[0].BufferType = SECBUFFER_TOKEN;
	in_bufs[0].pvBuffer = peer_in_token;
	for (bool first = true;; first = false) {
		if (hs->args->server || !first) {
			n = peer_read_token(peer_in_token, sizeof(peer_in_token));
			if (n < 0) {
				peer_say("status eof");
				peer_say("end");
				break;
			}
			in_bufs[0].cbBuffer = (ULONG)n;
		}
		/* WinPR leaves gaps in the token it writes */
		memset(peer_out_token, 0, sizeof(peer_out_token));
		out_buf.BufferType = SECBUFFER_TOKEN;
		out_buf.cbBuffer = sizeof(peer_out_token);
		out_buf.pvBuffer = peer_out_token;
		st = leg(hs, first, hs->args->server || !first ? &in_desc : NULL, &out_desc);
		if (st >= 0)
			hs->have_ctx = true;
		if (st >= 0 && out_buf.cbBuffer)
			peer_hex("token", peer_out_token, out_buf.cbBuffer);
		if (st != SEC_I_CONTINUE_NEEDED) {
			report(&hs->ctx, st, hs->attrs);
			break;
		}
	}
	if (st == SEC_E_OK)
		peer_serve(&hs->ctx);
	if (hs->have_ctx)
		DeleteSecurityContext(&hs->ctx);
	FreeCredentialsHandle(&hs->cred);
	return 0;
}

#endif
