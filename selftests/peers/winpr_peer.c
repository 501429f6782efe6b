// SPDX-License-Identifier: GPL-2.0
/*
 * One side of an NTLM handshake through FreeRDP's WinPR SSPI (not libsspi),
 * tokens over stdin/stdout (see peer_io.h), for the interop driver run.py.
 *
 *   winpr_peer client -u USER -d DOMAIN -p PASSWORD [-t TARGET] [-f ISC_REQ]
 *                     [-b BINDINGS]
 *   winpr_peer server -u USER -d DOMAIN -p PASSWORD [-f ASC_REQ] [-b BINDINGS]
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

/* peer_leg, then what WinPR's acceptor needs: the SAM file, CompleteAuthToken */
static SECURITY_STATUS leg(struct peer_hs *hs, bool first, SecBufferDesc *in, SecBufferDesc *out)
{
	SECURITY_STATUS st = peer_leg(hs, first, in, out), s;

	if (hs->args->server && !hs->have_ctx && SEC_SUCCESS(st)) {
		s = SetContextAttributesA(&hs->ctx, SECPKG_ATTR_AUTH_NTLM_SAM_FILE, sam_path,
					  (ULONG)strlen(sam_path) + 1);
		peer_say("call SetContextAttributes 0x%08x", (unsigned int)s);
	}
	if (st == SEC_I_COMPLETE_NEEDED || st == SEC_I_COMPLETE_AND_CONTINUE) {
		/* the context exists: peer_run must free it even if this fails */
		hs->have_ctx = true;
		s = CompleteAuthToken(&hs->ctx, out);
		peer_say("call CompleteAuthToken 0x%08x", (unsigned int)s);
		if (s != SEC_E_OK)
			return s;
		return st == SEC_I_COMPLETE_NEEDED ? SEC_E_OK : SEC_I_CONTINUE_NEEDED;
	}
	return st;
}

int main(int argc, char **argv)
{
	struct peer_args args = { .req = REQ_DEFAULT };
	/* WinPR finds the package through the credential: always pass it */
	struct peer_hs hs = { .args = &args, .cred_always = true };
	SEC_WINNT_AUTH_IDENTITY id;
	SECURITY_STATUS st;
	TimeStamp expiry;
	int rc;

	rc = peer_parse_args(argc, argv, &args);
	if (rc)
		return rc;
	if (!args.user || !args.domain || !args.password) {
		fprintf(stderr, "%s: -u, -d and -p are needed\n", argv[0]);
		return 2;
	}
	if (args.level >= 0) {
		fprintf(stderr, "%s: WinPR has no LmCompatibilityLevel (-l)\n", argv[0]);
		return 2;
	}

	/* without this, WinPR's MD4 silently gives zeros */
	if (!winpr_InitializeSSL(WINPR_SSL_INIT_DEFAULT)) {
		peer_say("note winpr_InitializeSSL failed");
		return 1;
	}
	if (args.server && !write_sam(args.user, args.domain, args.password)) {
		peer_say("note cannot write the SAM file");
		return 1;
	}
	memset(&id, 0, sizeof(id));
	if (!args.server && sspi_SetAuthIdentity(&id, args.user, args.domain, args.password) < 0) {
		peer_say("note sspi_SetAuthIdentity failed");
		return 1;
	}
	st = AcquireCredentialsHandleA(NULL, "NTLM",
				       args.server ? SECPKG_CRED_INBOUND : SECPKG_CRED_OUTBOUND,
				       NULL, args.server ? NULL : &id, NULL, NULL, &hs.cred, &expiry);
	rc = peer_acquired(st, report) ? peer_run(&hs, leg, report) : 1;
	if (*sam_path)
		unlink(sam_path);
	return rc;
}
