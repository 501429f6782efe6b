// SPDX-License-Identifier: GPL-2.0
/*
 * One side of an NTLM handshake through libsspi, tokens over stdin/stdout
 * (see peer_io.h), for the interop driver run.py.
 *
 *   sspi_peer client -u USER -d DOMAIN -p PASSWORD [-t TARGET] [-f ISC_REQ]
 *   sspi_peer server [-f ASC_REQ]
 *
 * The server authenticates against the kernel's account store (set up by the
 * driver with sspictl). On success both print the session key
 * (SECPKG_ATTR_SESSION_KEY), the user (SECPKG_ATTR_NAMES) and the context
 * attributes, then serve session security requests until EOF.
 */
#include <getopt.h>
#include <stdbool.h>
#include <sspi.h>

#include "peer_io.h"
#include "peer_session.h"

#define REQ_DEFAULT (ISC_REQ_CONNECTION | ISC_REQ_INTEGRITY | ISC_REQ_CONFIDENTIALITY | \
		     ISC_REQ_REPLAY_DETECT | ISC_REQ_SEQUENCE_DETECT)

static unsigned char in_data[PEER_MAX_TOKEN], out_data[PEER_MAX_TOKEN];

static void report(CtxtHandle *ctx, SECURITY_STATUS st, ULONG attrs)
{
	SecPkgContext_SessionKey key;
	SecPkgContext_NamesA names;
	SECURITY_STATUS q;

	peer_say("status 0x%08x", (unsigned int)st);
	if (st != SEC_E_OK)
		goto out;
	peer_say("flags 0x%08x", (unsigned int)attrs);
	q = QueryContextAttributesA(ctx, SECPKG_ATTR_SESSION_KEY, &key);
	if (q == SEC_E_OK) {
		peer_hex("key", key.SessionKey, key.SessionKeyLength);
		FreeContextBuffer(key.SessionKey);
	} else {
		peer_say("note SECPKG_ATTR_SESSION_KEY 0x%08x", (unsigned int)q);
	}
	q = QueryContextAttributesA(ctx, SECPKG_ATTR_NAMES, &names);
	if (q == SEC_E_OK) {
		peer_say("user %s", names.sUserName);
		FreeContextBuffer(names.sUserName);
	} else {
		peer_say("note SECPKG_ATTR_NAMES 0x%08x", (unsigned int)q);
	}
out:
	peer_say("end");
}

int main(int argc, char **argv)
{
	const char *user = NULL, *domain = NULL, *password = NULL, *target = NULL;
	ULONG req = REQ_DEFAULT, attrs = 0;
	SEC_WINNT_AUTH_IDENTITY_A id = { 0 };
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
		fprintf(stderr, "usage: %s client|server [-u USER -d DOMAIN -p PASSWORD "
			"-t TARGET -f FLAGS]\n", argv[0]);
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

	if (!server) {
		id.User = (unsigned char *)user;
		id.UserLength = user ? strlen(user) : 0;
		id.Domain = (unsigned char *)domain;
		id.DomainLength = domain ? strlen(domain) : 0;
		id.Password = (unsigned char *)password;
		id.PasswordLength = password ? strlen(password) : 0;
		id.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;
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
		out_buf.BufferType = SECBUFFER_TOKEN;
		out_buf.cbBuffer = sizeof(out_data);
		out_buf.pvBuffer = out_data;
		if (server) {
			st = AcceptSecurityContext(have_ctx ? NULL : &cred, have_ctx ? &ctx : NULL,
						   &in_desc, req, SECURITY_NATIVE_DREP, &ctx,
						   &out_desc, &attrs, &expiry);
			peer_say("call AcceptSecurityContext 0x%08x", (unsigned int)st);
		} else {
			st = InitializeSecurityContextA(have_ctx ? NULL : &cred,
							have_ctx ? &ctx : NULL, (char *)target,
							req, 0, SECURITY_NATIVE_DREP,
							first ? NULL : &in_desc, 0, &ctx, &out_desc,
							&attrs, &expiry);
			peer_say("call InitializeSecurityContext 0x%08x", (unsigned int)st);
		}
		if (SEC_SUCCESS(st))
			have_ctx = true;
		if (SEC_SUCCESS(st) && out_buf.cbBuffer)
			peer_hex("token", out_data, out_buf.cbBuffer);
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
	return 0;
}
