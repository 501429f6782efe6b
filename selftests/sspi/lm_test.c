// SPDX-License-Identifier: GPL-2.0
/*
 * The rest of NTLM's variants through libsspi, both sides in the kernel:
 *
 * - LM authentication: an AUTHENTICATE with only the LMv1 response (our
 *   client at level 0 against a server that offers no extended session
 *   security sends LMv1 + NTLMv1; the NT response is cut out here). The
 *   acceptor takes it at levels 0-3, checked against the account's LM hash,
 *   and refuses it at 4 and 5, for an account without an LM hash, with a
 *   wrong password or a changed byte; an NT response that is there is
 *   checked whatever the LM response says. Both sides then agree on the
 *   session key and seal both ways.
 * - OEM: an acceptor given a NEGOTIATE without Unicode answers in OEM, our
 *   client then sends OEM names, and the acceptor reads them (ASCII only).
 * - Anonymous: an identity whose user, domain and password are all empty
 *   strings makes an anonymous credential.
 */
#include "kselftest_harness.h"
#include "guest.h"
#include "kmsg.h"

#define CHAL_TARGET_OFF	12	/* CHALLENGE_MESSAGE TargetNameFields */
#define CHAL_FLAGS_OFF	20	/* NegotiateFlags */

#define FLAG_UNICODE	0x00000001
#define FLAG_OEM	0x00000002
#define FLAG_ANONYMOUS	0x00000800
#define FLAG_ESS	0x00080000

/* "password": it has an LM hash; these are its hashes, as sspictl takes them */
#define PASSWORD	"password"
#define NT_HASH		"8846f7eaee8fb117ad06bdd830b7586c"
#define LM_HASH		"e52cac67419a9a224a3b108f3fa6cb6d"
#define OTHER_LM_HASH	"aad3b435b51404eeaad3b435b51404ef"

/* What a test does to the tokens on their way. */
enum tamper {
	T_NONE		= 0,
	T_NO_ESS	= 1 << 0,	/* NEGOTIATE: no extended session security */
	T_OEM_ONLY	= 1 << 1,	/* NEGOTIATE: OEM instead of Unicode */
	T_NO_CHARSET	= 1 << 2,	/* NEGOTIATE: neither */
	T_LM_ONLY	= 1 << 3,	/* AUTHENTICATE: the NT response cut out */
	T_FLIP_NT	= 1 << 4,	/* AUTHENTICATE: a bit of the NT response */
	T_FLIP_LM	= 1 << 5,	/* AUTHENTICATE: a bit of the LM response */
	T_NON_ASCII	= 1 << 6,	/* AUTHENTICATE: the user name's first byte */
};

static void tamper_negotiate(unsigned char *n, unsigned int t)
{
	uint32_t f = get32(n + NEG_FLAGS_OFF);

	if (t & T_NO_ESS)
		f &= ~FLAG_ESS;
	if (t & T_OEM_ONLY)
		f = (f & ~FLAG_UNICODE) | FLAG_OEM;
	if (t & T_NO_CHARSET)
		f &= ~(FLAG_UNICODE | FLAG_OEM);
	put32(n + NEG_FLAGS_OFF, f);
}

static void tamper_authenticate(unsigned char *a, unsigned int t)
{
	if (t & T_FLIP_NT)
		field_data(a, AUTH_NT_OFF)[3] ^= 0x10;
	if (t & T_FLIP_LM)
		field_data(a, AUTH_LM_OFF)[3] ^= 0x10;
	if (t & T_LM_ONLY)
		set_len(a, AUTH_NT_OFF, 0);
	if (t & T_NON_ASCII)
		field_data(a, AUTH_USER_OFF)[0] = 0xe9;
}

/* Changes the tokens as @arg (enum tamper bits) says. */
static void tamper_tokens(struct __test_metadata *_metadata, struct run *r,
			  enum hs_token t, struct leg *l, void *arg)
{
	unsigned int how = *(unsigned int *)arg;

	if (t == HS_NEGOTIATE)
		tamper_negotiate(l->data, how);
	if (t == HS_AUTHENTICATE) {
		ASSERT_LE(72, l->buf.cbBuffer);
		ASSERT_TRUE(r->noted);
		tamper_authenticate(l->data, how);
	}
}

/*
 * A handshake: the client is (Domain, @user, @password) at level @cl, the
 * server at @sl; @t changes the tokens. Stops after a refused CHALLENGE or
 * client leg, with the status in @r.
 */
static void handshake(struct __test_metadata *_metadata, struct run *r, const char *user,
		      const char *password, ULONG cl, ULONG sl, unsigned int t)
{
	struct handshake h;

	handshake_init(&h);
	h.target = NULL;
	h.user = user;
	h.password = password;
	h.client_level = cl;
	h.server_level = sl;
	h.tamper = tamper_tokens;
	h.arg = &t;
	handshake_run(_metadata, run_init(r), &h);
	ASSERT_EQ(SEC_I_CONTINUE_NEEDED, r->negotiate_status);
}

static void expect_same_keys(struct __test_metadata *_metadata, struct run *r)
{
	expect_same_session_key(_metadata, &r->client, &r->server, true);
}

/* A handshake whose AUTHENTICATE the server answers with @status. */
static void expect_server(struct __test_metadata *_metadata, const char *user,
			  const char *password, ULONG cl, ULONG sl, unsigned int t,
			  SECURITY_STATUS status)
{
	struct run r;

	handshake(_metadata, &r, user, password, cl, sl, t);
	EXPECT_EQ(SEC_E_OK, r.client_status);
	EXPECT_EQ(status, r.server_status);
	if (r.server_status == SEC_E_OK)
		expect_same_keys(_metadata, &r);
	run_free(&r);
}

FIXTURE(lm) {
	int kmsg;
};

/*
 * User: added by password, so with an LM hash. NoLm: by NT hash alone.
 * ByHash: by both hashes. BadLm: the right NT hash, another LM hash.
 */
FIXTURE_SETUP(lm)
{
	ASSERT_EQ(0, sspictl("account flush", NULL));
	ASSERT_EQ(0, sspictl("account add Domain User", PASSWORD "\n"));
	ASSERT_EQ(0, sspictl("account add Domain NoLm --hash " NT_HASH, NULL));
	ASSERT_EQ(0, sspictl("account add Domain ByHash --hash " NT_HASH
			     " --lm-hash " LM_HASH, NULL));
	ASSERT_EQ(0, sspictl("account add Domain BadLm --hash " NT_HASH
			     " --lm-hash " OTHER_LM_HASH, NULL));
	self->kmsg = kmsg_open_at_end();
}

FIXTURE_TEARDOWN(lm)
{
	EXPECT_EQ(0, param_write("allow_anonymous", "N\n"));
	EXPECT_EQ(0, sspictl("account flush", NULL));
	if (self->kmsg >= 0) {
		EXPECT_EQ(0, kmsg_new_records(self->kmsg));
		close(self->kmsg);
	}
}

/* Levels 0-3 take LM alone, 4 and 5 do not; both sides then agree. */
TEST_F(lm, lm_alone_by_level)
{
	ULONG sl;

	for (sl = 0; sl <= 5; sl++) {
		struct run r;

		TH_LOG("server level %u", sl);
		handshake(_metadata, &r, "User", PASSWORD, 0, sl, T_NO_ESS | T_LM_ONLY);
		ASSERT_EQ(SEC_E_OK, r.client_status);
		/* a real LMv1 response, not the NT response again */
		ASSERT_EQ(24, r.lm_len);
		ASSERT_EQ(24, r.nt_len);
		EXPECT_NE(0, memcmp(r.lm, r.nt, 24));
		if (sl <= 3) {
			ASSERT_EQ(SEC_E_OK, r.server_status);
			expect_same_keys(_metadata, &r);
			expect_sealed_both_ways(_metadata, &r.client, &r.server);
			expect_name(_metadata, &r.server, "Domain\\User");
		} else {
			EXPECT_EQ(SEC_E_LOGON_DENIED, r.server_status);
		}
		run_free(&r);
	}
}

/*
 * A wrong password, alone and beside its NT response; a changed LM response
 * alone, or a changed NT response beside a good LM one: refused at every
 * level.
 */
TEST_F(lm, refused_at_every_level)
{
	static const struct {
		const char *password;
		unsigned int tamper;
	} runs[] = {
		{ "passwore", T_NO_ESS | T_LM_ONLY },
		{ "passwore", T_NO_ESS },
		{ PASSWORD, T_NO_ESS | T_LM_ONLY | T_FLIP_LM },
		{ PASSWORD, T_NO_ESS | T_FLIP_NT },
	};
	unsigned int i;
	ULONG sl;

	for (sl = 0; sl <= 5; sl++) {
		for (i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
			TH_LOG("server level %u, run %u", sl, i);
			expect_server(_metadata, "User", runs[i].password, 0, sl,
				      runs[i].tamper, SEC_E_LOGON_DENIED);
		}
	}
}

/*
 * The LM hash an account was given is the one LM alone is checked against;
 * without one, or with another, LM alone is refused and NTLMv1 is fine.
 */
TEST_F(lm, account_hashes)
{
	expect_server(_metadata, "ByHash", PASSWORD, 0, 0, T_NO_ESS | T_LM_ONLY, SEC_E_OK);
	expect_server(_metadata, "NoLm", PASSWORD, 0, 0, T_NO_ESS | T_LM_ONLY,
		      SEC_E_LOGON_DENIED);
	expect_server(_metadata, "BadLm", PASSWORD, 0, 0, T_NO_ESS | T_LM_ONLY,
		      SEC_E_LOGON_DENIED);
	expect_server(_metadata, "NoLm", PASSWORD, 0, 0, T_NO_ESS, SEC_E_OK);
	expect_server(_metadata, "BadLm", PASSWORD, 0, 0, T_NO_ESS, SEC_E_OK);
}

/* With extended session security the LM field is a client challenge: not alone. */
TEST_F(lm, not_with_ess)
{
	struct run r;

	handshake(_metadata, &r, "User", PASSWORD, 0, 0, T_LM_ONLY);
	ASSERT_EQ(SEC_E_OK, r.client_status);
	EXPECT_EQ(0, memcmp(r.lm + 8, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16));
	EXPECT_EQ(SEC_E_LOGON_DENIED, r.server_status);
	run_free(&r);
}

/*
 * A NEGOTIATE that offers OEM and not Unicode: the CHALLENGE answers in
 * OEM, our client sends OEM names, the acceptor reads them; NTLMv1 (level
 * 2) and LM, which carry no MIC over the NEGOTIATE changed here.
 */
TEST_F(lm, oem)
{
	static const unsigned int kinds[] = { T_OEM_ONLY, T_OEM_ONLY | T_NO_ESS | T_LM_ONLY };
	unsigned char *c, *a;
	unsigned int i, n;
	struct run r;

	for (i = 0; i < 2; i++) {
		handshake(_metadata, &r, "User", PASSWORD, i ? 0 : 2, 0, kinds[i]);
		ASSERT_EQ(SEC_I_CONTINUE_NEEDED, r.challenge_status);
		c = r.challenge.data;
		EXPECT_EQ(FLAG_OEM, get32(c + CHAL_FLAGS_OFF) & (FLAG_OEM | FLAG_UNICODE));
		/* TargetName: the NetBIOS name, one byte a character */
		n = get16(c + CHAL_TARGET_OFF);
		ASSERT_LT(0, n);
		ASSERT_GE(15, n);
		EXPECT_EQ(NULL, memchr(field_data(c, CHAL_TARGET_OFF), 0, n));
		ASSERT_EQ(SEC_E_OK, r.client_status);
		a = r.authenticate.data;
		EXPECT_EQ(FLAG_OEM, get32(a + AUTH_FLAGS_OFF) & (FLAG_OEM | FLAG_UNICODE));
		ASSERT_EQ(4, get16(a + AUTH_USER_OFF));
		EXPECT_EQ(0, memcmp("User", field_data(a, AUTH_USER_OFF), 4));
		ASSERT_EQ(6, get16(a + AUTH_DOMAIN_OFF));
		EXPECT_EQ(0, memcmp("Domain", field_data(a, AUTH_DOMAIN_OFF), 6));
		n = get16(a + AUTH_WS_OFF);
		EXPECT_EQ(NULL, memchr(field_data(a, AUTH_WS_OFF), 0, n));
		ASSERT_EQ(SEC_E_OK, r.server_status);
		expect_name(_metadata, &r.server, "Domain\\User");
		expect_same_keys(_metadata, &r);
		run_free(&r);
	}
	/* wrong password, in OEM too */
	expect_server(_metadata, "User", "passwore", 2, 0, T_OEM_ONLY, SEC_E_LOGON_DENIED);
}

/* OEM names must be ASCII, both ways; a NEGOTIATE with no character set is refused. */
TEST_F(lm, oem_refusals)
{
	struct run r;

	expect_server(_metadata, "User", PASSWORD, 2, 0, T_OEM_ONLY | T_NON_ASCII,
		      SEC_E_INVALID_TOKEN);
	handshake(_metadata, &r, "Us\xc3\xa9r", PASSWORD, 2, 0, T_OEM_ONLY);
	EXPECT_EQ(SEC_I_CONTINUE_NEEDED, r.challenge_status);
	EXPECT_EQ(SEC_E_INVALID_TOKEN, r.client_status);
	run_free(&r);
	handshake(_metadata, &r, "User", PASSWORD, 2, 0, T_NO_CHARSET);
	EXPECT_EQ(SEC_E_INVALID_TOKEN, r.challenge_status);
	run_free(&r);
}

/* An identity of three empty strings is anonymous; NULLs are no identity. */
TEST_F(lm, anonymous_empty_identity)
{
	char saved = param_read("allow_anonymous");
	struct handshake h;
	CredHandle cred;
	struct run r;

	ASSERT_EQ('N', saved);
	EXPECT_EQ(SEC_E_NO_CREDENTIALS,
		  acquire_at_level(NULL, NULL, NULL, SECPKG_CRED_OUTBOUND,
			     SECPKG_NTLM_LM_COMPATIBILITY_DEFAULT, &cred));
	EXPECT_EQ(SEC_E_NO_CREDENTIALS,
		  acquire_at_level("", "", "x", SECPKG_CRED_OUTBOUND,
			     SECPKG_NTLM_LM_COMPATIBILITY_DEFAULT, &cred));
	EXPECT_EQ(SEC_E_NO_CREDENTIALS,
		  acquire_at_level("x", "", "", SECPKG_CRED_OUTBOUND,
			     SECPKG_NTLM_LM_COMPATIBILITY_DEFAULT, &cred));

	ASSERT_EQ(0, param_write("allow_anonymous", "Y\n"));
	handshake_init(&h);
	h.target = NULL;
	h.user = h.domain = h.password = "";
	h.asc |= ASC_REQ_ALLOW_NULL_SESSION;
	handshake_run(_metadata, run_init(&r), &h);
	assert_client_done(_metadata, &r);
	EXPECT_TRUE(r.client_attrs & ISC_RET_NULL_SESSION);
	EXPECT_TRUE(get32(r.authenticate.data + AUTH_FLAGS_OFF) & FLAG_ANONYMOUS);
	EXPECT_EQ(0, get16(r.authenticate.data + AUTH_NT_OFF));
	EXPECT_EQ(0, get16(r.authenticate.data + AUTH_USER_OFF));
	EXPECT_EQ(SEC_E_OK, r.server_status);
	EXPECT_TRUE(r.server_attrs & ASC_RET_NULL_SESSION);
	expect_name(_metadata, &r.server, "NT AUTHORITY\\ANONYMOUS LOGON");
	expect_name(_metadata, &r.client, "NT AUTHORITY\\ANONYMOUS LOGON");
	expect_same_keys(_metadata, &r);
	run_free(&r);
}

TEST_HARNESS_MAIN
