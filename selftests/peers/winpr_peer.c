// SPDX-License-Identifier: GPL-2.0
/*
 * One side of an NTLM handshake through FreeRDP's WinPR SSPI (not libsspi),
 * tokens over stdin/stdout (see peer_io.h), for the interop driver run.py.
 *
 *   winpr_peer client -u USER -d DOMAIN -p PASSWORD [-t TARGET] [-f ISC_REQ]
 *   winpr_peer server -u USER -d DOMAIN -p PASSWORD [-f ASC_REQ]
 *
 * The server knows one account, which it writes to a SAM file
 * ("user:DOMAIN::NTHASH:::") under $TMPDIR and hands to WinPR with
 * SECPKG_ATTR_AUTH_NTLM_SAM_FILE after its first AcceptSecurityContext.
 * WinPR 2.11 has no SECPKG_ATTR_SESSION_KEY for NTLM ("TODO: Implement"), so
 * on success the peer seals a fixed message with EncryptMessage (sequence
 * number 0) and prints it: the driver checks it with the other side's
 * session key. The user it prints comes from SECPKG_ATTR_AUTH_IDENTITY (on
 * the acceptor: the names the AUTHENTICATE carried). Then it serves session
 * security requests until EOF; the fixed message was its message 0.
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdbool.h>
#include <unistd.h>
#include <winpr/ntlm.h>
#include <winpr/sspi.h>
#include <winpr/ssl.h>

#include "peer_io.h"
#include "peer_session.h"

#define REQ_DEFAULT (ISC_REQ_CONNECTION | ISC_REQ_INTEGRITY | ISC_REQ_CONFIDENTIALITY | \
		     ISC_REQ_REPLAY_DETECT | ISC_REQ_SEQUENCE_DETECT)
#ifndef SEC_SUCCESS
#define SEC_SUCCESS(st) ((st) >= 0)
#endif
#define SEAL_TEXT "sspi interop: sealed by WinPR"

static unsigned char in_data[PEER_MAX_TOKEN], out_data[PEER_MAX_TOKEN];
static char sam_path[256];

static bool write_sam(const char *user, const char *domain, const char *password)
{
	const char *tmp = getenv("TMPDIR");
	BYTE hash[16];
	FILE *f;
	int fd, i;

	if (!NTOWFv1A((LPSTR)password, (UINT32)strlen(password), hash))
		return false;
	snprintf(sam_path, sizeof(sam_path), "%s/winpr-sam-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	fd = mkstemp(sam_path);
	if (fd < 0)
		return false;
	f = fdopen(fd, "w");
	if (!f)
		return false;
	fprintf(f, "%s:%s::", user, domain);
	for (i = 0; i < 16; i++)
		fprintf(f, "%02X", hash[i]);
	fprintf(f, ":::\n");
	return fclose(f) == 0;
}

static void report(CtxtHandle *ctx, SECURITY_STATUS st, ULONG attrs)
{
	SecPkgContext_AuthIdentity ident;
	SECURITY_STATUS q;
	BYTE sig[16], data[sizeof(SEAL_TEXT) - 1];
	SecBuffer seal_bufs[2] = {
		{ sizeof(sig), SECBUFFER_TOKEN, sig },
		{ sizeof(data), SECBUFFER_DATA, data },
	};
	SecBufferDesc seal = { SECBUFFER_VERSION, 2, seal_bufs };

	peer_say("status 0x%08x", (unsigned int)st);
	if (st != SEC_E_OK)
		goto out;
	peer_say("flags 0x%08x", (unsigned int)attrs);
	memset(&ident, 0, sizeof(ident));
	q = QueryContextAttributesA(ctx, SECPKG_ATTR_AUTH_IDENTITY, &ident);
	if (q == SEC_E_OK)
		peer_say("user %s\\%s", ident.Domain, ident.User);
	else
		peer_say("note SECPKG_ATTR_AUTH_IDENTITY 0x%08x", (unsigned int)q);
	memcpy(data, SEAL_TEXT, sizeof(data));
	q = EncryptMessage(ctx, 0, &seal, peer_seq_out);
	if (q == SEC_E_OK) {
		BYTE sealed[sizeof(sig) + sizeof(data)];

		peer_seq_out++;
		/* signature, then the sealed data */
		memcpy(sealed, sig, sizeof(sig));
		memcpy(sealed + sizeof(sig), data, sizeof(data));
		peer_hex("seal", sealed, sizeof(sealed));
	} else {
		peer_say("note EncryptMessage 0x%08x", (unsigned int)q);
	}
out:
	peer_say("end");
}

int main(int argc, char **argv)
{
	const char *user = NULL, *domain = NULL, *password = NULL, *target = NULL;
	ULONG req = REQ_DEFAULT, attrs = 0;
	SEC_WINNT_AUTH_IDENTITY id;
	CredHandle cred;
	CtxtHandle ctx;
	bool server, have_ctx = false;
	SecBuffer in_buf, out_buf;
	SecBufferDesc in_desc = { SECBUFFER_VERSION, 1, &in_buf };
	SecBufferDesc out_desc = { SECBUFFER_VERSION, 1, &out_buf };
	SECURITY_STATUS st;
	TimeStamp expiry;
	long n;
	int c;

	if (argc < 2 || (strcmp(argv[1], "client") && strcmp(argv[1], "server"))) {
		fprintf(stderr, "usage: %s client|server -u USER -d DOMAIN -p PASSWORD "
			"[-t TARGET -f FLAGS]\n", argv[0]);
		return 2;
	}
	server = !strcmp(argv[1], "server");
	optind = 2;
	while ((c = getopt(argc, argv, "u:d:p:t:f:")) != -1) {
		switch (c) {
		case 'u': user = optarg; break;
		case 'd': domain = optarg; break;
		case 'p': password = optarg; break;
		case 't': target = optarg; break;
		case 'f': req = (ULONG)strtoul(optarg, NULL, 0); break;
		default: return 2;
		}
	}
	if (!user || !domain || !password) {
		fprintf(stderr, "%s: -u, -d and -p are needed\n", argv[0]);
		return 2;
	}

	/* without this, WinPR's MD4 silently gives zeros */
	if (!winpr_InitializeSSL(WINPR_SSL_INIT_DEFAULT)) {
		peer_say("note winpr_InitializeSSL failed");
		return 1;
	}
	if (server && !write_sam(user, domain, password)) {
		peer_say("note cannot write the SAM file");
		return 1;
	}
	memset(&id, 0, sizeof(id));
	if (!server && sspi_SetAuthIdentity(&id, user, domain, password) < 0) {
		peer_say("note sspi_SetAuthIdentity failed");
		return 1;
	}
	st = AcquireCredentialsHandleA(NULL, "NTLM",
				       server ? SECPKG_CRED_INBOUND : SECPKG_CRED_OUTBOUND,
				       NULL, server ? NULL : &id, NULL, NULL, &cred, &expiry);
	peer_say("call AcquireCredentialsHandle 0x%08x", (unsigned int)st);
	if (st != SEC_E_OK) {
		report(NULL, st, 0);
		return 1;
	}

	in_buf.BufferType = SECBUFFER_TOKEN;
	in_buf.pvBuffer = in_data;
	for (bool first = true;; first = false) {
		if (server || !first) {
			n = peer_read_token(in_data, sizeof(in_data));
			if (n < 0) {
				peer_say("status eof");
				peer_say("end");
				break;
			}
			in_buf.cbBuffer = (ULONG)n;
		}
		/* WinPR leaves gaps in the token it writes */
		memset(out_data, 0, sizeof(out_data));
		out_buf.BufferType = SECBUFFER_TOKEN;
		out_buf.cbBuffer = sizeof(out_data);
		out_buf.pvBuffer = out_data;
		if (server) {
			/* WinPR finds the package through the credential: always pass it */
			st = AcceptSecurityContext(&cred, have_ctx ? &ctx : NULL,
						   &in_desc, req, SECURITY_NATIVE_DREP, &ctx,
						   &out_desc, &attrs, &expiry);
			peer_say("call AcceptSecurityContext 0x%08x", (unsigned int)st);
			if (!have_ctx && SEC_SUCCESS(st)) {
				SECURITY_STATUS s;

				s = SetContextAttributesA(&ctx, SECPKG_ATTR_AUTH_NTLM_SAM_FILE,
							  sam_path, (ULONG)strlen(sam_path) + 1);
				peer_say("call SetContextAttributes 0x%08x", (unsigned int)s);
			}
		} else {
			/* WinPR finds the package through the credential: always pass it */
			st = InitializeSecurityContextA(&cred, have_ctx ? &ctx : NULL, (char *)target,
							req, 0, SECURITY_NATIVE_DREP,
							first ? NULL : &in_desc, 0, &ctx, &out_desc,
							&attrs, &expiry);
			peer_say("call InitializeSecurityContext 0x%08x", (unsigned int)st);
		}
		if (SEC_SUCCESS(st))
			have_ctx = true;
		if (SEC_SUCCESS(st) && out_buf.cbBuffer)
			peer_hex("token", out_data, out_buf.cbBuffer);
		if (st == SEC_I_COMPLETE_NEEDED || st == SEC_I_COMPLETE_AND_CONTINUE) {
			SECURITY_STATUS s = CompleteAuthToken(&ctx, &out_desc);

			peer_say("call CompleteAuthToken 0x%08x", (unsigned int)s);
			if (s != SEC_E_OK)
				st = s;
			else
				st = st == SEC_I_COMPLETE_NEEDED ? SEC_E_OK : SEC_I_CONTINUE_NEEDED;
		}
		if (st != SEC_I_CONTINUE_NEEDED) {
			report(&ctx, st, attrs);
			break;
		}
	}
	if (st == SEC_E_OK)
		peer_serve(&ctx);
	if (have_ctx)
		DeleteSecurityContext(&ctx);
	FreeCredentialsHandle(&cred);
	if (*sam_path)
		unlink(sam_path);
	return 0;
}
