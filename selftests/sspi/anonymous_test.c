// SPDX-License-Identifier: GPL-2.0
/*
 * Anonymous NTLM (MS-NLMP 3.1.5.1.2, 3.2.5.1.2) through libsspi, both sides
 * in the kernel: a client asking ISC_REQ_NULL_SESSION sends an anonymous
 * AUTHENTICATE; an acceptor takes it only with ASC_REQ_ALLOW_NULL_SESSION
 * and the module parameter allow_anonymous, names the client
 * "NT AUTHORITY\ANONYMOUS LOGON" and agrees on the session key, and the
 * context has no session security. Anything
 * that is half anonymous (the flag with a response, no response without
 * the flag) is refused, and named users authenticate as before.
 */
#include "kselftest_harness.h"
#include "guest.h"
#include "kmsg.h"

#define AUTH_VERSION_END 72	/* payload starts here without a MIC */
#define FLAG_ANONYMOUS	0x00000800

#define ANON_NAME "NT AUTHORITY\\ANONYMOUS LOGON"

enum forge {
	FORGE_NONE,
	FORGE_SET_ANONYMOUS,	/* a named AUTHENTICATE gets the ANONYMOUS flag */
	FORGE_NO_USER,		/* ... and loses its user name too */
	FORGE_NO_RESPONSE,	/* a named AUTHENTICATE loses its NT response, LM Z(1) */
	FORGE_NO_RESPONSE_ANON,	/* the same with the ANONYMOUS flag */
	FORGE_CLEAR_ANONYMOUS,	/* an anonymous AUTHENTICATE loses the flag */
	FORGE_LM_NOT_ZERO,	/* an anonymous AUTHENTICATE's LM byte is not 0 */
};

/* Changes the AUTHENTICATE as @arg (an enum forge) says. */
static void forge_authenticate(struct __test_metadata *_metadata, struct run *r,
			       enum hs_token t, struct leg *l, void *arg)
{
	unsigned char *a = l->data;

	if (t != HS_AUTHENTICATE)
		return;
	ASSERT_LE(AUTH_VERSION_END, l->buf.cbBuffer);
	switch (*(enum forge *)arg) {
	case FORGE_NO_USER:
		set_len(a, AUTH_USER_OFF, 0);
		/* fall through */
	case FORGE_SET_ANONYMOUS:
		put32(a + AUTH_FLAGS_OFF, get32(a + AUTH_FLAGS_OFF) | FLAG_ANONYMOUS);
		break;
	case FORGE_NO_RESPONSE_ANON:
		put32(a + AUTH_FLAGS_OFF, get32(a + AUTH_FLAGS_OFF) | FLAG_ANONYMOUS);
		/* fall through */
	case FORGE_NO_RESPONSE:
		/* our NTLMv2 client's LM response is zeroes: its first byte is Z(1) */
		ASSERT_EQ(0, a[get32(a + AUTH_LM_OFF + 4)]);
		set_len(a, AUTH_NT_OFF, 0);
		set_len(a, AUTH_LM_OFF, 1);
		break;
	case FORGE_CLEAR_ANONYMOUS:
		put32(a + AUTH_FLAGS_OFF, get32(a + AUTH_FLAGS_OFF) & ~FLAG_ANONYMOUS);
		break;
	case FORGE_LM_NOT_ZERO:
		ASSERT_EQ(1, get16(a + AUTH_LM_OFF));
		a[get32(a + AUTH_LM_OFF + 4)] = 1;
		break;
	default:
		break;
	}
}

/*
 * A handshake: the client asks @isc and is at level @cl, the server asks
 * @asc and is at level @sl; @forge changes the AUTHENTICATE on its way.
 */
static void handshake(struct __test_metadata *_metadata, struct run *r, ULONG isc,
		      ULONG asc, ULONG cl, ULONG sl, enum forge forge)
{
	struct handshake h;

	handshake_init(&h);
	h.isc = isc;
	h.asc = asc;
	h.client_level = cl;
	h.server_level = sl;
	h.tamper = forge_authenticate;
	h.arg = &forge;
	handshake_run(_metadata, run_init(r), &h);
	assert_client_done(_metadata, r);
}

static void expect_same_keys(struct __test_metadata *_metadata, struct run *r)
{
	expect_same_session_key(_metadata, &r->client, &r->server, true);
}

/*
 * An anonymous context has no session security (kmod/session.c): no
 * signing or sealing, and its flags do not promise them.
 */
static void expect_no_session_security(struct __test_metadata *_metadata,
				       struct run *r)
{
	char msg[] = "a message";
	unsigned char sig[16];
	SecBuffer b[2] = {
		{ sizeof(sig), SECBUFFER_TOKEN, sig },
		{ sizeof(msg), SECBUFFER_DATA, msg },
	};
	SecBufferDesc d = { SECBUFFER_VERSION, 2, b };

	EXPECT_FALSE(r->client_attrs & (ISC_RET_INTEGRITY | ISC_RET_CONFIDENTIALITY |
					ISC_RET_REPLAY_DETECT | ISC_RET_SEQUENCE_DETECT));
	EXPECT_FALSE(r->server_attrs & (ASC_RET_INTEGRITY | ASC_RET_CONFIDENTIALITY |
					ASC_RET_REPLAY_DETECT | ASC_RET_SEQUENCE_DETECT));
	EXPECT_EQ(SEC_E_UNSUPPORTED_FUNCTION, MakeSignature(&r->client, 0, &d, 0));
	EXPECT_EQ(SEC_E_UNSUPPORTED_FUNCTION, EncryptMessage(&r->client, 0, &d, 0));
	EXPECT_EQ(SEC_E_UNSUPPORTED_FUNCTION, MakeSignature(&r->server, 0, &d, 0));
	EXPECT_EQ(SEC_E_UNSUPPORTED_FUNCTION, EncryptMessage(&r->server, 0, &d, 0));
}

FIXTURE(anon) {
	int kmsg;
	char saved;
};

FIXTURE_SETUP(anon)
{
	ASSERT_EQ(0, only_default_account());
	self->saved = param_read("allow_anonymous");
	/* off unless the administrator turns it on */
	ASSERT_EQ('N', self->saved);
	ASSERT_EQ(0, param_write("allow_anonymous", "Y\n"));
	self->kmsg = kmsg_open_at_end();
}

FIXTURE_TEARDOWN(anon)
{
	EXPECT_EQ(0, param_write("allow_anonymous", self->saved == 'Y' ? "Y\n" : "N\n"));
	if (self->kmsg >= 0) {
		EXPECT_EQ(0, kmsg_new_records(self->kmsg));
		close(self->kmsg);
	}
}

/* The AUTHENTICATE is anonymous, the server takes it, both sides agree. */
TEST_F(anon, accepted_when_allowed)
{
	const unsigned char *a;
	unsigned int f, start;
	struct run r;

	handshake(_metadata, &r, ISC_FLAGS | ISC_REQ_NULL_SESSION,
		  ASC_FLAGS | ASC_REQ_ALLOW_NULL_SESSION,
		  SECPKG_NTLM_LM_COMPATIBILITY_DEFAULT, SECPKG_NTLM_LM_COMPATIBILITY_DEFAULT,
		  FORGE_NONE);
	a = r.authenticate.data;
	EXPECT_TRUE(get32(a + AUTH_FLAGS_OFF) & FLAG_ANONYMOUS);
	EXPECT_EQ(0, get16(a + AUTH_NT_OFF));
	EXPECT_EQ(0, get16(a + AUTH_USER_OFF));
	EXPECT_EQ(0, get16(a + AUTH_DOMAIN_OFF));
	ASSERT_EQ(1, get16(a + AUTH_LM_OFF));
	EXPECT_EQ(0, a[get32(a + AUTH_LM_OFF + 4)]);
	EXPECT_EQ(16, get16(a + AUTH_KEY_OFF));
	/* no MIC: the payload follows the VERSION */
	start = r.authenticate.buf.cbBuffer;
	for (f = AUTH_LM_OFF; f <= AUTH_KEY_OFF; f += 8)
		if (get16(a + f) && get32(a + f + 4) < start)
			start = get32(a + f + 4);
	EXPECT_EQ(AUTH_VERSION_END, start);

	EXPECT_TRUE(r.client_attrs & ISC_RET_NULL_SESSION);
	ASSERT_EQ(SEC_E_OK, r.server_status);
	EXPECT_TRUE(r.server_attrs & ASC_RET_NULL_SESSION);
	expect_same_keys(_metadata, &r);
	expect_no_session_security(_metadata, &r);
	expect_name(_metadata, &r.server, ANON_NAME);
	expect_name(_metadata, &r.client, ANON_NAME);
	run_free(&r);
}

/* The LAN Manager level does not govern anonymous, on either side. */
TEST_F(anon, every_level)
{
	ULONG cl, sl;

	for (cl = 0; cl <= 5; cl++) {
		for (sl = 0; sl <= 5; sl += 5) {
			struct run r;

			TH_LOG("client level %u, server level %u", cl, sl);
			handshake(_metadata, &r, ISC_FLAGS | ISC_REQ_NULL_SESSION,
				  ASC_FLAGS | ASC_REQ_ALLOW_NULL_SESSION, cl, sl, FORGE_NONE);
			EXPECT_EQ(0, get16(r.authenticate.data + AUTH_NT_OFF));
			EXPECT_EQ(SEC_E_OK, r.server_status);
			if (r.server_status == SEC_E_OK)
				expect_same_keys(_metadata, &r);
			run_free(&r);
		}
	}
}

/* Without ASC_REQ_ALLOW_NULL_SESSION, or with the parameter off: refused. */
TEST_F(anon, refused_unless_allowed)
{
	struct run r;

	handshake(_metadata, &r, ISC_FLAGS | ISC_REQ_NULL_SESSION, ASC_FLAGS,
		  SECPKG_NTLM_LM_COMPATIBILITY_DEFAULT, SECPKG_NTLM_LM_COMPATIBILITY_DEFAULT,
		  FORGE_NONE);
	EXPECT_EQ(SEC_E_LOGON_DENIED, r.server_status);
	run_free(&r);

	ASSERT_EQ(0, param_write("allow_anonymous", "N\n"));
	handshake(_metadata, &r, ISC_FLAGS | ISC_REQ_NULL_SESSION,
		  ASC_FLAGS | ASC_REQ_ALLOW_NULL_SESSION,
		  SECPKG_NTLM_LM_COMPATIBILITY_DEFAULT, SECPKG_NTLM_LM_COMPATIBILITY_DEFAULT,
		  FORGE_NONE);
	EXPECT_EQ(SEC_E_LOGON_DENIED, r.server_status);
	run_free(&r);
}

/* allow_anonymous off while the acceptor's context is made, on again after. */
static void turn_off_for_challenge(struct __test_metadata *_metadata, struct run *r,
				   enum hs_token t, struct leg *l, void *arg)
{
	if (t == HS_NEGOTIATE)
		ASSERT_EQ(0, param_write("allow_anonymous", "N\n"));
	if (t == HS_CHALLENGE)
		ASSERT_EQ(0, param_write("allow_anonymous", "Y\n"));
}

/* The parameter counts when the acceptor's context is made. */
TEST_F(anon, parameter_read_when_context_is_made)
{
	struct handshake h;
	struct run r;

	handshake_init(&h);
	h.isc = ISC_FLAGS | ISC_REQ_NULL_SESSION;
	h.asc = ASC_FLAGS | ASC_REQ_ALLOW_NULL_SESSION;
	h.target = NULL;
	h.tamper = turn_off_for_challenge;
	handshake_run(_metadata, run_init(&r), &h);
	assert_client_done(_metadata, &r);
	EXPECT_EQ(SEC_E_LOGON_DENIED, r.server_status);
	run_free(&r);
}

/* Half anonymous is not anonymous: every mix is refused. */
TEST_F(anon, mixed_and_forged_refused)
{
	static const enum forge named[] = {
		FORGE_SET_ANONYMOUS, FORGE_NO_USER, FORGE_NO_RESPONSE,
		FORGE_NO_RESPONSE_ANON,
	};
	ULONG asc = ASC_FLAGS | ASC_REQ_ALLOW_NULL_SESSION;
	ULONG cl;
	size_t i;
	struct run r;

	for (cl = 2; cl <= 5; cl += 3) {
		for (i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
			/* NTLMv1's LM response is not zero: no Z(1) to forge */
			if (cl == 2 && named[i] >= FORGE_NO_RESPONSE)
				continue;
			TH_LOG("client level %u, forgery %d", cl, named[i]);
			handshake(_metadata, &r, ISC_FLAGS, asc, cl, 0, named[i]);
			EXPECT_EQ(SEC_E_LOGON_DENIED, r.server_status);
			run_free(&r);
		}
	}
	handshake(_metadata, &r, ISC_FLAGS | ISC_REQ_NULL_SESSION, asc,
		  SECPKG_NTLM_LM_COMPATIBILITY_DEFAULT, SECPKG_NTLM_LM_COMPATIBILITY_DEFAULT,
		  FORGE_CLEAR_ANONYMOUS);
	EXPECT_EQ(SEC_E_LOGON_DENIED, r.server_status);
	run_free(&r);
	handshake(_metadata, &r, ISC_FLAGS | ISC_REQ_NULL_SESSION, asc,
		  SECPKG_NTLM_LM_COMPATIBILITY_DEFAULT, SECPKG_NTLM_LM_COMPATIBILITY_DEFAULT,
		  FORGE_LM_NOT_ZERO);
	EXPECT_EQ(SEC_E_LOGON_DENIED, r.server_status);
	run_free(&r);
}

/* A named user authenticates as before, whatever the acceptor allows. */
TEST_F(anon, named_handshake_unaffected)
{
	ULONG asc[] = { ASC_FLAGS, ASC_FLAGS | ASC_REQ_ALLOW_NULL_SESSION };
	size_t i;
	struct run r;

	for (i = 0; i < 2; i++) {
		handshake(_metadata, &r, ISC_FLAGS, asc[i],
			  SECPKG_NTLM_LM_COMPATIBILITY_DEFAULT,
			  SECPKG_NTLM_LM_COMPATIBILITY_DEFAULT, FORGE_NONE);
		EXPECT_FALSE(get32(r.authenticate.data + AUTH_FLAGS_OFF) & FLAG_ANONYMOUS);
		EXPECT_LT(24, get16(r.authenticate.data + AUTH_NT_OFF));
		EXPECT_FALSE(r.client_attrs & ISC_RET_NULL_SESSION);
		ASSERT_EQ(SEC_E_OK, r.server_status);
		EXPECT_FALSE(r.server_attrs & ASC_RET_NULL_SESSION);
		expect_same_keys(_metadata, &r);
		expect_sealed_both_ways(_metadata, &r.client, &r.server);
		expect_name(_metadata, &r.server, "Domain\\User");
		expect_name(_metadata, &r.client, "Domain\\User");
		run_free(&r);
	}
	/* a wrong password is still wrong */
	ASSERT_EQ(0, sspictl("account add Domain User", "Passw0rd\n"));
	handshake(_metadata, &r, ISC_FLAGS, asc[1], SECPKG_NTLM_LM_COMPATIBILITY_DEFAULT,
		  SECPKG_NTLM_LM_COMPATIBILITY_DEFAULT, FORGE_NONE);
	EXPECT_EQ(SEC_E_LOGON_DENIED, r.server_status);
	run_free(&r);
}

TEST_HARNESS_MAIN
