// SPDX-License-Identifier: GPL-2.0
/*
 * What a program ported from Windows checks, against what Windows' NTLM
 * package reports: each value below is Windows', and the comment beside it
 * says where that is recorded. "Wine ntlm.c" is Wine's
 * dlls/secur32/tests/ntlm.c (wine-mirror/wine, at da750b77bdb8), whose ok()
 * checks pass on Windows, "Wine main.c" its dlls/secur32/tests/main.c and
 * "Wine negotiate.c" its negotiate.c; MS-NLMP is Microsoft's [MS-NLMP].
 * Where libsspi differs on purpose, the man pages say so and this file
 * does not pretend otherwise.
 */
#include "kselftest_harness.h"
#include "guest.h"
#include "kmsg.h"

/* Wine negotiate.c and ntlm.c, NTLM_BASE_CAPS: 0x00002B37 */
#define NTLM_BASE_CAPS (SECPKG_FLAG_INTEGRITY | SECPKG_FLAG_PRIVACY | \
			SECPKG_FLAG_TOKEN_ONLY | SECPKG_FLAG_CONNECTION | \
			SECPKG_FLAG_MULTI_REQUIRED | SECPKG_FLAG_IMPERSONATION | \
			SECPKG_FLAG_ACCEPT_WIN32_NAME | SECPKG_FLAG_NEGOTIABLE | \
			SECPKG_FLAG_LOGON)
#define CALG_RC4	0x6801		/* wincrypt.h */
#define UNTOUCHED	0xdeadbeef	/* what a function must leave alone */
#define FLAG_ESS	0x00080000	/* NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY */

#define ISC_DETECT (ISC_RET_INTEGRITY | ISC_RET_REPLAY_DETECT | ISC_RET_SEQUENCE_DETECT)
#define ASC_DETECT (ASC_RET_INTEGRITY | ASC_RET_REPLAY_DETECT | ASC_RET_SEQUENCE_DETECT)

FIXTURE(win) {
	int kmsg;
};

FIXTURE_SETUP(win)
{
	ASSERT_EQ(0, only_default_account());
	self->kmsg = kmsg_open_at_end();
}

FIXTURE_TEARDOWN(win)
{
	if (self->kmsg >= 0) {
		EXPECT_EQ(0, kmsg_new_records(self->kmsg));
		close(self->kmsg);
	}
}

/*
 * pfContextAttr after each leg, for each request. Signing brings
 * integrity, replay and sequence detection together, whichever of them (or
 * confidentiality) was asked, since each asks for NTLMSSP_NEGOTIATE_SIGN
 * (MS-NLMP 3.1.1.2, "Variables Exposed to the Application") and every
 * signature carries its sequence number; the acceptor reports what the
 * client negotiated, whatever it asked; NTLM cannot give mutual
 * authentication or delegation and leaves them out; a context is a
 * connection once established. The first leg reports what the client
 * asks of the session, without CONNECTION.
 */
static const struct attr_row {
	const char *what;
	ULONG isc, asc;
	ULONG first, client, server;	/* after ISC 1, ISC 2, ASC 2 */
} attr_rows[] = {
	{ "nothing", 0, 0,
	  0, ISC_RET_CONNECTION, ASC_RET_CONNECTION },
	{ "connection", ISC_REQ_CONNECTION, ASC_REQ_CONNECTION,
	  0, ISC_RET_CONNECTION, ASC_RET_CONNECTION },
	{ "integrity", ISC_REQ_INTEGRITY, 0,
	  ISC_DETECT, ISC_RET_CONNECTION | ISC_DETECT, ASC_RET_CONNECTION | ASC_DETECT },
	{ "replay detection", ISC_REQ_REPLAY_DETECT, ASC_REQ_REPLAY_DETECT,
	  ISC_DETECT, ISC_RET_CONNECTION | ISC_DETECT, ASC_RET_CONNECTION | ASC_DETECT },
	{ "sequence detection", ISC_REQ_SEQUENCE_DETECT, ASC_REQ_SEQUENCE_DETECT,
	  ISC_DETECT, ISC_RET_CONNECTION | ISC_DETECT, ASC_RET_CONNECTION | ASC_DETECT },
	{ "confidentiality", ISC_REQ_CONFIDENTIALITY, ASC_REQ_CONFIDENTIALITY,
	  ISC_RET_CONFIDENTIALITY | ISC_DETECT,
	  ISC_RET_CONNECTION | ISC_RET_CONFIDENTIALITY | ISC_DETECT,
	  ASC_RET_CONNECTION | ASC_RET_CONFIDENTIALITY | ASC_DETECT },
	{ "acceptor asks, client does not", 0, ASC_REQ_INTEGRITY | ASC_REQ_CONFIDENTIALITY,
	  0, ISC_RET_CONNECTION, ASC_RET_CONNECTION },
	{ "extended error", ISC_REQ_EXTENDED_ERROR, ASC_REQ_EXTENDED_ERROR,
	  ISC_RET_EXTENDED_ERROR, ISC_RET_CONNECTION | ISC_RET_EXTENDED_ERROR,
	  ASC_RET_CONNECTION | ASC_RET_EXTENDED_ERROR },
	{ "mutual authentication (left out)", ISC_REQ_MUTUAL_AUTH, ASC_REQ_MUTUAL_AUTH,
	  0, ISC_RET_CONNECTION, ASC_RET_CONNECTION },
	{ "delegation (left out)", ISC_REQ_DELEGATE, ASC_REQ_DELEGATE,
	  0, ISC_RET_CONNECTION, ASC_RET_CONNECTION },
	{ "everything", ISC_FLAGS, ASC_FLAGS,
	  ISC_RET_CONFIDENTIALITY | ISC_DETECT,
	  ISC_RET_CONNECTION | ISC_RET_CONFIDENTIALITY | ISC_DETECT,
	  ASC_RET_CONNECTION | ASC_RET_CONFIDENTIALITY | ASC_DETECT },
};

static ULONG flags_of(struct __test_metadata *_metadata, CtxtHandle *ctx)
{
	SecPkgContext_Flags f = { UNTOUCHED };

	EXPECT_EQ(SEC_E_OK, QueryContextAttributesA(ctx, SECPKG_ATTR_FLAGS, &f));
	return f.Flags;
}

TEST_F(win, context_attributes_per_leg)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(attr_rows); i++) {
		const struct attr_row *row = &attr_rows[i];
		struct handshake h;
		struct run r;

		TH_LOG("%s: ISC 0x%x, ASC 0x%x", row->what, row->isc, row->asc);
		handshake_init(&h);
		h.isc = row->isc;
		h.asc = row->asc;
		ASSERT_EQ(SEC_E_OK, handshake_run(_metadata, run_init(&r), &h));
		EXPECT_EQ(row->first, r.negotiate_attrs);
		EXPECT_EQ(row->client, r.client_attrs);
		EXPECT_EQ(row->server, r.server_attrs);
		/* SECPKG_ATTR_FLAGS: the same, once established */
		EXPECT_EQ(row->client, flags_of(_metadata, &r.client));
		EXPECT_EQ(row->server, flags_of(_metadata, &r.server));
		run_free(&r);
	}
}

/* Wine negotiate.c (START_TEST, test_authentication) and ntlm.c (testAuth) */
static void expect_ntlm_info(struct __test_metadata *_metadata, const SecPkgInfoA *p)
{
	ASSERT_NE(NULL, p);
	EXPECT_EQ(NTLM_BASE_CAPS, p->fCapabilities);
	EXPECT_EQ(0x2B37, p->fCapabilities);
	EXPECT_EQ(1, p->wVersion);
	EXPECT_EQ(10, p->wRPCID);		/* RPC_C_AUTHN_WINNT */
	EXPECT_EQ(2888, p->cbMaxToken);		/* Wine ntlm.c: 1904 or 2888 */
	EXPECT_STREQ("NTLM", p->Name);
}

TEST_F(win, capabilities_and_negotiation_info)
{
	SecPkgContext_NegotiationInfoA neg;
	SecPkgInfoA *info = NULL, *list = NULL;
	ULONG n = 0;
	struct handshake h;
	struct run r;

	ASSERT_EQ(SEC_E_OK, QuerySecurityPackageInfoA("NTLM", &info));
	expect_ntlm_info(_metadata, info);
	FreeContextBuffer(info);
	ASSERT_EQ(SEC_E_OK, EnumerateSecurityPackagesA(&n, &list));
	ASSERT_EQ(1, n);
	expect_ntlm_info(_metadata, list);
	FreeContextBuffer(list);

	/* Wine ntlm.c, testAuth(): SECPKG_ATTR_NEGOTIATION_INFO of the client */
	ASSERT_EQ(SEC_E_OK, handshake_run(_metadata, run_init(&r), handshake_init(&h)));
	memset(&neg, 0, sizeof(neg));
	ASSERT_EQ(SEC_E_OK, QueryContextAttributesA(&r.client, SECPKG_ATTR_NEGOTIATION_INFO,
						    &neg));
	EXPECT_EQ(SECPKG_NEGOTIATION_COMPLETE, neg.NegotiationState);
	expect_ntlm_info(_metadata, neg.PackageInfo);
	EXPECT_EQ(SEC_E_OK, FreeContextBuffer(neg.PackageInfo));
	run_free(&r);
}

/* Clears NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY from the NEGOTIATE. */
static void no_ess(struct __test_metadata *_metadata, struct run *r, enum hs_token t,
		   struct leg *l, void *arg)
{
	if (t == HS_NEGOTIATE)
		put32(l->data + NEG_FLAGS_OFF, get32(l->data + NEG_FLAGS_OFF) & ~FLAG_ESS);
}

/*
 * Wine ntlm.c, testAuth(): with extended session security (the real
 * server) signatures are "HMAC-MD5" 0xffffff76, without it (the fake
 * server's CHALLENGE) "RSADSI RC4-CRC32" 0xffffff7c; sealing is "RSADSI
 * RC4", CALG_RC4, and KeySize 128. Both names are freed with
 * FreeContextBuffer.
 */
TEST_F(win, key_info)
{
	static const struct {
		ULONG level;		/* the client's LAN Manager level */
		hs_tamper_fn *tamper;
		const char *sig;
		ULONG sig_alg;
	} rows[] = {
		{ SECPKG_NTLM_LM_COMPATIBILITY_DEFAULT, NULL, "HMAC-MD5", 0xffffff76 },
		{ 2, no_ess, "RSADSI RC4-CRC32", 0xffffff7c },	/* plain NTLMv1 */
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		SecPkgContext_KeyInfoA key;
		SecPkgContext_KeyInfoW wkey;
		struct handshake h;
		struct run r;

		handshake_init(&h);
		h.client_level = rows[i].level;
		h.server_level = rows[i].level;
		h.tamper = rows[i].tamper;
		ASSERT_EQ(SEC_E_OK, handshake_run(_metadata, run_init(&r), &h));
		memset(&key, 0, sizeof(key));
		ASSERT_EQ(SEC_E_OK, QueryContextAttributesA(&r.client, SECPKG_ATTR_KEY_INFO, &key));
		EXPECT_STREQ(rows[i].sig, key.sSignatureAlgorithmName);
		EXPECT_STREQ("RSADSI RC4", key.sEncryptAlgorithmName);
		EXPECT_EQ(rows[i].sig_alg, key.SignatureAlgorithm);
		EXPECT_EQ(CALG_RC4, key.EncryptAlgorithm);
		EXPECT_EQ(128, key.KeySize);
		EXPECT_EQ(SEC_E_OK, FreeContextBuffer(key.sSignatureAlgorithmName));
		EXPECT_EQ(SEC_E_OK, FreeContextBuffer(key.sEncryptAlgorithmName));
		/* the acceptor's, wide */
		memset(&wkey, 0, sizeof(wkey));
		ASSERT_EQ(SEC_E_OK, QueryContextAttributesW(&r.server, SECPKG_ATTR_KEY_INFO, &wkey));
		ASSERT_NE(NULL, wkey.sSignatureAlgorithmName);
		EXPECT_EQ(u'R', wkey.sEncryptAlgorithmName[0]);
		EXPECT_EQ(rows[i].sig[0], wkey.sSignatureAlgorithmName[0]);
		EXPECT_EQ(rows[i].sig_alg, wkey.SignatureAlgorithm);
		EXPECT_EQ(128, wkey.KeySize);
		FreeContextBuffer(wkey.sSignatureAlgorithmName);
		FreeContextBuffer(wkey.sEncryptAlgorithmName);
		run_free(&r);
	}
}

/* The version-1 table's Reserved3 and Reserved4 are Encrypt/DecryptMessage. */
TEST_F(win, dispatch_table_reserved_slots)
{
	PSecurityFunctionTableA a = InitSecurityInterfaceA();
	PSecurityFunctionTableW w = InitSecurityInterfaceW();

	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, w);
	EXPECT_EQ((void *)EncryptMessage, a->Reserved3);
	EXPECT_EQ((void *)DecryptMessage, a->Reserved4);
	EXPECT_EQ((void *)EncryptMessage, w->Reserved3);
	EXPECT_EQ((void *)DecryptMessage, w->Reserved4);
	EXPECT_EQ(NULL, a->Reserved2);
	EXPECT_EQ(NULL, a->Reserved8);
}

/* Wine main.c, testQuerySecurityPackageInfo(): a failure leaves the pointer. */
TEST_F(win, failed_package_query_leaves_output)
{
	SecPkgInfoA *a = (void *)(uintptr_t)UNTOUCHED;
	SecPkgInfoW *w = (void *)(uintptr_t)UNTOUCHED;

	EXPECT_EQ(SEC_E_SECPKG_NOT_FOUND, QuerySecurityPackageInfoA("Winetest", &a));
	EXPECT_EQ((void *)(uintptr_t)UNTOUCHED, a);
	EXPECT_EQ(SEC_E_SECPKG_NOT_FOUND, QuerySecurityPackageInfoW(u"Winetest", &w));
	EXPECT_EQ((void *)(uintptr_t)UNTOUCHED, w);
}

/*
 * Wine ntlm.c, runClient(): the client's first call without an output
 * SecBufferDesc, with a token buffer of no memory, of no room, and with no
 * buffer of type SECBUFFER_TOKEN; then, the context untouched by them, the
 * handshake goes on. The same statuses on the other legs.
 */
TEST_F(win, missing_output_buffers)
{
	SECURITY_STATUS st;
	struct handshake h;
	struct leg out;
	struct run r;
	CtxtHandle ctx;
	ULONG attrs;

	handshake_init(&h);
	h.isc = 0;
	run_init(&r);
	ASSERT_EQ(SEC_E_OK, run_acquire(&r, &h));

	st = InitializeSecurityContextA(&r.client_cred, NULL, NULL, 0, 0, SECURITY_NETWORK_DREP,
					NULL, 0, &ctx, NULL, &attrs, NULL);
	EXPECT_EQ(SEC_E_BUFFER_TOO_SMALL, st);
	leg_init(&out)->pBuffers[0].pvBuffer = NULL;
	st = InitializeSecurityContextA(&r.client_cred, NULL, NULL, 0, 0, SECURITY_NETWORK_DREP,
					NULL, 0, &ctx, &out.desc, &attrs, NULL);
	EXPECT_EQ(SEC_E_INTERNAL_ERROR, st);	/* Wine: or SEC_I_CONTINUE_NEEDED */
	leg_init(&out)->pBuffers[0].cbBuffer = 0;
	st = InitializeSecurityContextA(&r.client_cred, NULL, NULL, 0, 0, SECURITY_NETWORK_DREP,
					NULL, 0, &ctx, &out.desc, &attrs, NULL);
	EXPECT_EQ(SEC_E_BUFFER_TOO_SMALL, st);
	EXPECT_EQ(0, out.buf.cbBuffer);
	leg_init(&out)->pBuffers[0].BufferType = SECBUFFER_DATA;
	st = InitializeSecurityContextA(&r.client_cred, NULL, NULL, 0, 0, SECURITY_NETWORK_DREP,
					NULL, 0, &ctx, &out.desc, &attrs, NULL);
	EXPECT_EQ(SEC_E_BUFFER_TOO_SMALL, st);
	EXPECT_EQ(SECBUFFER_DATA, out.buf.BufferType);

	/* the other legs: nothing reaches the module, the call can be made again */
	h.creds_given = true;
	h.last = HS_CHALLENGE;
	ASSERT_EQ(SEC_E_OK, handshake_run(_metadata, &r, &h));
	ctx = (CtxtHandle){ UNTOUCHED, UNTOUCHED };
	st = AcceptSecurityContext(&r.server_cred, NULL, &r.negotiate.desc, 0,
				   SECURITY_NETWORK_DREP, &ctx, NULL, &attrs, NULL);
	EXPECT_EQ(SEC_E_BUFFER_TOO_SMALL, st);
	EXPECT_EQ(UNTOUCHED, ctx.dwLower);	/* no context made */
	st = InitializeSecurityContextA(NULL, &r.client, NULL, 0, 0, SECURITY_NETWORK_DREP,
					&r.challenge.desc, 0, &r.client, NULL, &attrs, NULL);
	EXPECT_EQ(SEC_E_BUFFER_TOO_SMALL, st);
	leg_init(&r.authenticate)->pBuffers[0].BufferType = SECBUFFER_EMPTY;
	st = InitializeSecurityContextA(NULL, &r.client, NULL, 0, 0, SECURITY_NETWORK_DREP,
					&r.challenge.desc, 0, &r.client, &r.authenticate.desc,
					&attrs, NULL);
	EXPECT_EQ(SEC_E_BUFFER_TOO_SMALL, st);
	ASSERT_EQ(SEC_E_OK, InitializeSecurityContextA(NULL, &r.client, NULL, 0, 0,
						       SECURITY_NETWORK_DREP, &r.challenge.desc,
						       0, &r.client,
						       leg_init(&r.authenticate), &attrs, NULL));
	st = AcceptSecurityContext(NULL, &r.server, &r.authenticate.desc, 0,
				   SECURITY_NETWORK_DREP, &r.server, NULL, &attrs, NULL);
	EXPECT_EQ(SEC_E_BUFFER_TOO_SMALL, st);
	EXPECT_EQ(SEC_E_OK, AcceptSecurityContext(NULL, &r.server, &r.authenticate.desc, 0,
						  SECURITY_NETWORK_DREP, &r.server,
						  leg_init(&r.done), &attrs, NULL));
	run_free(&r);
}

/*
 * Wine ntlm.c, testSignSeal(): a context that negotiated no integrity
 * (the fake server's CHALLENGE has neither SIGN nor SEAL, but ALWAYS_SIGN)
 * signs with the dummy signature, version 1 and zeros, which verifies
 * right away; VerifySignature and DecryptMessage leave *pfQOP alone, and
 * MakeSignature without a SECBUFFER_TOKEN is SEC_E_INVALID_TOKEN.
 */
TEST_F(win, dummy_signature_without_integrity)
{
	static const unsigned char dummy[16] = { 1 };
	unsigned char sig[16], text[] = "Hello, world!";
	SecBuffer b[2] = {
		{ sizeof(sig), SECBUFFER_TOKEN, sig },
		{ sizeof(text) - 1, SECBUFFER_DATA, text },
	};
	SecBuffer no_token[2] = {
		{ sizeof(sig), SECBUFFER_DATA, sig },
		{ sizeof(text) - 1, SECBUFFER_DATA, text },
	};
	SecBufferDesc d = { SECBUFFER_VERSION, 2, b }, bad = { SECBUFFER_VERSION, 2, no_token };
	ULONG qop = UNTOUCHED;
	struct handshake h;
	struct run r;

	handshake_init(&h);
	h.isc = ISC_REQ_CONNECTION;
	h.asc = ASC_REQ_CONNECTION;
	ASSERT_EQ(SEC_E_OK, handshake_run(_metadata, run_init(&r), &h));
	EXPECT_FALSE(r.client_attrs & (ISC_RET_INTEGRITY | ISC_RET_CONFIDENTIALITY));

	EXPECT_EQ(SEC_E_INVALID_TOKEN, MakeSignature(&r.client, 0, &bad, 0));
	memset(sig, 0xaa, sizeof(sig));
	ASSERT_EQ(SEC_E_OK, MakeSignature(&r.client, 0, &d, 0));
	EXPECT_EQ(0, memcmp(dummy, sig, sizeof(sig)));
	EXPECT_EQ(SEC_E_OK, VerifySignature(&r.server, &d, 0, &qop));
	EXPECT_EQ(UNTOUCHED, qop);
	/* "as if the server sent it": the client takes its own back */
	EXPECT_EQ(SEC_E_OK, VerifySignature(&r.client, &d, 0, &qop));
	/* any other signature is not Windows' dummy */
	sig[8] ^= 1;
	EXPECT_EQ(SEC_E_MESSAGE_ALTERED, VerifySignature(&r.server, &d, 0, &qop));
	EXPECT_EQ(UNTOUCHED, qop);
	/* the server's side signs the same way */
	ASSERT_EQ(SEC_E_OK, MakeSignature(&r.server, 0, &d, 0));
	EXPECT_EQ(0, memcmp(dummy, sig, sizeof(sig)));
	run_free(&r);
}

/* Wine ntlm.c, testSignSeal(): qop stays 0xdeadbeef after DecryptMessage. */
TEST_F(win, decrypt_leaves_qop)
{
	unsigned char sig[16], text[] = "Hello, world!";
	SecBuffer b[2] = {
		{ sizeof(sig), SECBUFFER_TOKEN, sig },
		{ sizeof(text) - 1, SECBUFFER_DATA, text },
	};
	SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
	ULONG qop = UNTOUCHED;
	struct handshake h;
	struct run r;

	ASSERT_EQ(SEC_E_OK, handshake_run(_metadata, run_init(&r), handshake_init(&h)));
	ASSERT_EQ(SEC_E_OK, EncryptMessage(&r.client, 0, &d, 0));
	EXPECT_EQ(SEC_E_OK, DecryptMessage(&r.server, &d, 0, &qop));
	EXPECT_EQ(UNTOUCHED, qop);
	EXPECT_EQ(0, memcmp(text, "Hello, world!", 13));
	ASSERT_EQ(SEC_E_OK, EncryptMessage(&r.client, 0, &d, 0));
	text[0] ^= 1;
	EXPECT_EQ(SEC_E_MESSAGE_ALTERED, DecryptMessage(&r.server, &d, 0, &qop));
	EXPECT_EQ(UNTOUCHED, qop);
	run_free(&r);
}

/*
 * Credential names without a domain: "user", not "\user" (Windows names
 * an identity as DOMAIN\user only when it has a domain; Wine ntlm.c,
 * testAcquireCredentialsHandle(), acquires such identities).
 */
TEST_F(win, credential_names_without_domain)
{
	static const struct {
		const char *domain, *name;
	} rows[] = {
		{ NULL, "User" },
		{ "", "User" },
		{ "Domain", "Domain\\User" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		SecPkgCredentials_NamesA names = { NULL };
		SecPkgCredentials_NamesW wnames = { NULL };
		CredHandle cred;

		ASSERT_EQ(SEC_E_OK, acquire_user("User", rows[i].domain, "Password",
						 SECPKG_CRED_OUTBOUND, &cred));
		ASSERT_EQ(SEC_E_OK, QueryCredentialsAttributesA(&cred, SECPKG_CRED_ATTR_NAMES,
								&names));
		EXPECT_STREQ(rows[i].name, names.sUserName);
		ASSERT_EQ(SEC_E_OK, QueryCredentialsAttributesW(&cred, SECPKG_CRED_ATTR_NAMES,
								&wnames));
		EXPECT_EQ((SEC_WCHAR)rows[i].name[0], wnames.sUserName[0]);
		FreeContextBuffer(names.sUserName);
		FreeContextBuffer(wnames.sUserName);
		FreeCredentialsHandle(&cred);
	}
}

/*
 * An outbound identity whose user or password is NULL, or none at all:
 * Windows fills in the logged-on user's (Wine ntlm.c,
 * testAcquireCredentialsHandle()); with no default credential for this
 * process, SEC_E_NO_CREDENTIALS, as Windows' AcquireCredentialsHandle
 * documents it ("no credentials are available").
 */
TEST_F(win, no_default_credential)
{
	TimeStamp expiry;
	CredHandle cred;

	EXPECT_EQ(SEC_E_NO_CREDENTIALS, acquire_user(NULL, "Domain", "Password",
						     SECPKG_CRED_OUTBOUND, &cred));
	EXPECT_EQ(SEC_E_NO_CREDENTIALS, acquire_user("User", "Domain", NULL,
						     SECPKG_CRED_OUTBOUND, &cred));
	EXPECT_EQ(SEC_E_NO_CREDENTIALS,
		  AcquireCredentialsHandleA(NULL, "NTLM", SECPKG_CRED_OUTBOUND, NULL, NULL,
					    NULL, NULL, &cred, &expiry));
}

TEST_HARNESS_MAIN
