// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * handshake-demo: one NTLMv2 handshake through libsspi, both sides in the
 * kernel, with each token decoded (by the module's own parser, built for
 * userspace) and the result the contexts report.
 *
 *   handshake-demo DOMAIN USER PASSWORD [CLIENT-PASSWORD]
 *
 * The account DOMAIN\USER must be in the store (sspictl account add); a
 * CLIENT-PASSWORD different from it shows a refusal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sspi.h>

#include "message.h"

static const char *const flag_names[32] = {
	"UNICODE", "OEM", "REQUEST_TARGET", "r10", "SIGN", "SEAL", "DATAGRAM",
	"LM_KEY", "r9", "NTLM", "r8", "ANONYMOUS", "OEM_DOMAIN_SUPPLIED",
	"OEM_WORKSTATION_SUPPLIED", "r7", "ALWAYS_SIGN", "TARGET_TYPE_DOMAIN",
	"TARGET_TYPE_SERVER", "r6", "EXTENDED_SESSIONSECURITY", "IDENTIFY", "r5",
	"REQUEST_NON_NT_SESSION_KEY", "TARGET_INFO", "r4", "VERSION", "r3", "r2",
	"r1", "128", "KEY_EXCH", "56",
};

static void print_flags(u32 flags)
{
	int i, n = 0;

	printf("    flags 0x%08x:", flags);
	for (i = 0; i < 32; i++) {
		if (!(flags & (1u << i)))
			continue;
		printf("%s%s", n++ % 5 ? " " : "\n      ", flag_names[i]);
	}
	printf("\n");
}

/* UTF-16LE (ASCII part) for display. */
static void print_utf16(const char *label, struct ntlm_view v)
{
	size_t i;

	printf("    %s \"", label);
	for (i = 0; i + 1 < v.len; i += 2)
		putchar(v.data[i + 1] || v.data[i] < 0x20 ? '?' : v.data[i]);
	printf("\"\n");
}

static void print_hex(const char *label, const u8 *p, size_t len)
{
	size_t i;

	printf("    %s ", label);
	for (i = 0; i < len; i++)
		printf("%02x", p[i]);
	printf("\n");
}

static void print_av(struct ntlm_view av)
{
	static const char *const names[] = {
		"EOL", "NbComputerName", "NbDomainName", "DnsComputerName",
		"DnsDomainName", "DnsTreeName", "Flags", "Timestamp", "SingleHost",
		"TargetName", "ChannelBindings",
	};
	struct ntlm_av_iter it;
	struct ntlm_av_pair p;

	ntlm_av_iter_init(&it, av.data, av.len);
	while (ntlm_av_next(&it, &p) > 0 && p.id != NTLM_AV_EOL) {
		const char *name = p.id < sizeof(names) / sizeof(names[0]) ? names[p.id] : "?";
		struct ntlm_view v = { p.value, p.len };

		if (p.id <= NTLM_AV_DNS_TREE_NAME || p.id == NTLM_AV_TARGET_NAME)
			print_utf16(name, v);
		else
			print_hex(name, p.value, p.len);
	}
}

static void decode(const char *who, const unsigned char *tok, unsigned long len)
{
	struct ntlm_negotiate neg;
	struct ntlm_challenge chal;
	struct ntlm_authenticate auth;
	struct ntlm_client_blob blob;

	if (len >= 12 && tok[8] == NTLM_MSG_NEGOTIATE && !ntlm_parse_negotiate(tok, len, &neg)) {
		printf("  %s -> NEGOTIATE_MESSAGE, %lu bytes\n", who, len);
		print_flags(neg.flags);
	} else if (len >= 12 && tok[8] == NTLM_MSG_CHALLENGE &&
		   !ntlm_parse_challenge(tok, len, &chal)) {
		printf("  %s -> CHALLENGE_MESSAGE, %lu bytes\n", who, len);
		print_flags(chal.flags);
		print_hex("server challenge", chal.server_challenge, 8);
		print_utf16("target name", chal.target_name);
		print_av(chal.target_info);
	} else if (len >= 12 && tok[8] == NTLM_MSG_AUTHENTICATE &&
		   !ntlm_parse_authenticate(tok, len, &auth)) {
		printf("  %s -> AUTHENTICATE_MESSAGE, %lu bytes\n", who, len);
		print_flags(auth.flags);
		print_utf16("domain", auth.domain);
		print_utf16("user", auth.user);
		print_utf16("workstation", auth.workstation);
		print_hex("LM response", auth.lm_response.data, auth.lm_response.len);
		print_hex("NTProofStr", auth.nt_response.data, 16);
		if (!ntlm_parse_client_blob(auth.nt_response.data + 16, auth.nt_response.len - 16,
					    &blob)) {
			print_hex("client challenge", blob.client_challenge, 8);
			print_av(blob.av);
		}
		print_hex("encrypted session key", auth.session_key.data, auth.session_key.len);
		if (auth.has_mic)
			print_hex("MIC", auth.mic.data, auth.mic.len);
	} else {
		printf("  %s -> %lu bytes, not an NTLMSSP message\n", who, len);
	}
}

static const char *status_name(SECURITY_STATUS s)
{
	switch (s) {
	case SEC_E_OK: return "SEC_E_OK";
	case SEC_I_CONTINUE_NEEDED: return "SEC_I_CONTINUE_NEEDED";
	case SEC_E_LOGON_DENIED: return "SEC_E_LOGON_DENIED";
	case SEC_E_NO_AUTHENTICATING_AUTHORITY: return "SEC_E_NO_AUTHENTICATING_AUTHORITY";
	case SEC_E_INVALID_TOKEN: return "SEC_E_INVALID_TOKEN";
	case SEC_E_INTERNAL_ERROR: return "SEC_E_INTERNAL_ERROR";
	default: return "another status";
	}
}

struct token {
	unsigned char data[4096];
	SecBuffer buf;
	SecBufferDesc desc;
};

static SecBufferDesc *token_reset(struct token *t)
{
	t->buf = (SecBuffer){ sizeof(t->data), SECBUFFER_TOKEN, t->data };
	t->desc = (SecBufferDesc){ SECBUFFER_VERSION, 1, &t->buf };
	return &t->desc;
}

#define ISC_FLAGS (ISC_REQ_CONNECTION | ISC_REQ_INTEGRITY | ISC_REQ_CONFIDENTIALITY | \
		   ISC_REQ_REPLAY_DETECT | ISC_REQ_SEQUENCE_DETECT)
#define ASC_FLAGS (ASC_REQ_CONNECTION | ASC_REQ_INTEGRITY | ASC_REQ_CONFIDENTIALITY | \
		   ASC_REQ_REPLAY_DETECT | ASC_REQ_SEQUENCE_DETECT)

static int step(const char *call, SECURITY_STATUS s, SECURITY_STATUS want)
{
	printf("%s: %s (0x%08x)\n", call, status_name(s), (unsigned int)s);
	return s == want ? 0 : -1;
}

int main(int argc, char **argv)
{
	SEC_WINNT_AUTH_IDENTITY_A id = { .Flags = SEC_WINNT_AUTH_IDENTITY_ANSI };
	CredHandle ccred, scred;
	CtxtHandle cctx, sctx;
	struct token a, b;
	SecPkgContext_SessionKey ck, sk;
	SecPkgContext_NamesA names;
	ULONG cattr = 0, sattr = 0;
	TimeStamp ts;
	SECURITY_STATUS s;
	const char *pw;

	if (argc != 4 && argc != 5) {
		fprintf(stderr, "usage: handshake-demo DOMAIN USER PASSWORD [CLIENT-PASSWORD]\n");
		return 2;
	}
	pw = argc == 5 ? argv[4] : argv[3];
	id.Domain = (unsigned char *)argv[1];
	id.DomainLength = strlen(argv[1]);
	id.User = (unsigned char *)argv[2];
	id.UserLength = strlen(argv[2]);
	id.Password = (unsigned char *)pw;
	id.PasswordLength = strlen(pw);

	printf("client: %s\\%s, password \"%s\"\n", argv[1], argv[2], pw);
	if (step("AcquireCredentialsHandle(OUTBOUND)",
		 AcquireCredentialsHandleA(NULL, "NTLM", SECPKG_CRED_OUTBOUND, NULL, &id, NULL,
					   NULL, &ccred, &ts), SEC_E_OK) ||
	    step("AcquireCredentialsHandle(INBOUND)",
		 AcquireCredentialsHandleA(NULL, "NTLM", SECPKG_CRED_INBOUND, NULL, NULL, NULL,
					   NULL, &scred, &ts), SEC_E_OK))
		return 1;

	s = InitializeSecurityContextA(&ccred, NULL, "HTTP/server.example", ISC_FLAGS, 0,
				       SECURITY_NATIVE_DREP, NULL, 0, &cctx, token_reset(&a),
				       &cattr, &ts);
	if (step("InitializeSecurityContext", s, SEC_I_CONTINUE_NEEDED))
		return 1;
	decode("client", a.data, a.buf.cbBuffer);
	s = AcceptSecurityContext(&scred, NULL, &a.desc, ASC_FLAGS, SECURITY_NATIVE_DREP, &sctx,
				  token_reset(&b), &sattr, &ts);
	if (step("AcceptSecurityContext", s, SEC_I_CONTINUE_NEEDED))
		return 1;
	decode("server", b.data, b.buf.cbBuffer);
	s = InitializeSecurityContextA(NULL, &cctx, "HTTP/server.example", ISC_FLAGS, 0,
				       SECURITY_NATIVE_DREP, &b.desc, 0, &cctx, token_reset(&a),
				       &cattr, &ts);
	if (step("InitializeSecurityContext", s, SEC_E_OK))
		return 1;
	decode("client", a.data, a.buf.cbBuffer);
	s = AcceptSecurityContext(NULL, &sctx, &a.desc, ASC_FLAGS, SECURITY_NATIVE_DREP, &sctx,
				  token_reset(&b), &sattr, &ts);
	step("AcceptSecurityContext", s, SEC_E_OK);
	if (s != SEC_E_OK) {
		printf("result: the server refused the client\n");
		return argc == 5 ? 0 : 1;
	}

	printf("result: authenticated\n");
	printf("  client context flags 0x%08x, server context flags 0x%08x\n", cattr, sattr);
	if (QueryContextAttributesA(&sctx, SECPKG_ATTR_NAMES, &names) == SEC_E_OK) {
		printf("  server sees user %s\n", names.sUserName);
		FreeContextBuffer(names.sUserName);
	}
	if (QueryContextAttributesA(&cctx, SECPKG_ATTR_SESSION_KEY, &ck) == SEC_E_OK &&
	    QueryContextAttributesA(&sctx, SECPKG_ATTR_SESSION_KEY, &sk) == SEC_E_OK) {
		printf("  session keys %s\n",
		       ck.SessionKeyLength == sk.SessionKeyLength &&
		       !memcmp(ck.SessionKey, sk.SessionKey, ck.SessionKeyLength) ?
		       "agree" : "DIFFER");
		FreeContextBuffer(ck.SessionKey);
		FreeContextBuffer(sk.SessionKey);
	}
	DeleteSecurityContext(&cctx);
	DeleteSecurityContext(&sctx);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
	return argc == 5 ? 1 : 0;
}
