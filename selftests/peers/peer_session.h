/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Session security requests of the peer line protocol (peer_io.h), served
 * on an established context. Include after the SSPI header of the library
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

#endif
