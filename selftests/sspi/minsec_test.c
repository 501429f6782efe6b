// SPDX-License-Identifier: GPL-2.0
/*
 * Minimum session security, as Windows' NtlmMinClientSec and
 * NtlmMinServerSec (module parameters min_client_sec and min_server_sec,
 * SECPKG_CRED_ATTR_NTLM_MIN_SESSION_SECURITY per credential): a man in
 * the middle who takes 128-bit keys or extended session security out of a
 * NEGOTIATE, CHALLENGE or AUTHENTICATE (nothing covers them in NTLMv1,
 * which has no MIC) gets the handshake refused with
 * SEC_E_UNSUPPORTED_FUNCTION (MS-NLMP 3.1.5.1.2, 3.2.5.1.1), at the
 * default (128-bit keys) and at whatever is required; with nothing
 * required the weaker handshake goes through; a credential's own minimum
 * wins over the module's.
 */
#include "kselftest_harness.h"
#include "guest.h"
#include "kmsg.h"

#define F_SIGN		0x00000010
#define F_SEAL		0x00000020
#define F_ESS		0x00080000
#define F_128		0x20000000
#define F_56		0x80000000

#define CHAL_FLAGS_OFF	20
#define DEF_MIN		SECPKG_NTLM_MIN_SESSION_SECURITY_DEFAULT
#define DEF_LEVEL	SECPKG_NTLM_LM_COMPATIBILITY_DEFAULT

enum tamper {
	TAMPER_NONE,
	NEG_LESS,	/* bits taken out of the NEGOTIATE */
	AUTH_LESS,	/* bits taken out of the AUTHENTICATE */
};

/* Who takes part, and what the man in the middle does. */
struct setup {
	ULONG level;			/* both credentials' level */
	ULONG client_min, server_min;	/* the credentials' minimums */
	enum tamper tamper;
	uint32_t bits;			/* the flags taken out */
};

static void strip(unsigned char *flags, uint32_t bits)
{
	put32(flags, get32(flags) & ~bits);
}

static SECURITY_STATUS cred(const char *password, ULONG use, ULONG level, ULONG min,
			    CredHandle *c)
{
	SECURITY_STATUS st = acquire_at_level("User", "Domain", password, use, level, c);

	if (st || min == DEF_MIN)
		return st;
	return SetCredentialsAttributesA(c, SECPKG_CRED_ATTR_NTLM_MIN_SESSION_SECURITY,
					 &min, sizeof(min));
}

/*
 * NEGOTIATE, CHALLENGE, AUTHENTICATE, each leg's status in @r, stopping at
 * the first leg refused (its later statuses stay 0xffffffff).
 */
static void handshake(struct __test_metadata *_metadata, struct run *r,
		      const struct setup *s)
{
	TimeStamp expiry;
	ULONG attrs;

	run_init(r);
	r->challenge_status = r->client_status = r->server_status = (SECURITY_STATUS)~0u;
	ASSERT_EQ(SEC_E_OK, cred("Password", SECPKG_CRED_OUTBOUND, s->level, s->client_min,
				 &r->client_cred));
	ASSERT_EQ(SEC_E_OK, cred(NULL, SECPKG_CRED_INBOUND, s->level, s->server_min,
				 &r->server_cred));
	ASSERT_EQ(SEC_I_CONTINUE_NEEDED,
		  InitializeSecurityContextA(&r->client_cred, NULL, "HTTP/server.example",
					     ISC_FLAGS, 0, SECURITY_NATIVE_DREP, NULL, 0,
					     &r->client, &r->negotiate.desc, &attrs, &expiry));
	if (s->tamper == NEG_LESS)
		strip(r->negotiate.data + NEG_FLAGS_OFF, s->bits);
	r->challenge_status = AcceptSecurityContext(&r->server_cred, NULL, &r->negotiate.desc,
						    ASC_FLAGS, SECURITY_NATIVE_DREP, &r->server,
						    &r->challenge.desc, &attrs, &expiry);
	if (r->challenge_status != SEC_I_CONTINUE_NEEDED)
		return;
	r->client_status = InitializeSecurityContextA(NULL, &r->client, "HTTP/server.example",
						      ISC_FLAGS, 0, SECURITY_NATIVE_DREP,
						      &r->challenge.desc, 0, &r->client,
						      &r->authenticate.desc, &attrs, &expiry);
	if (r->client_status != SEC_E_OK)
		return;
	if (s->tamper == AUTH_LESS)
		strip(r->authenticate.data + AUTH_FLAGS_OFF, s->bits);
	r->server_status = AcceptSecurityContext(NULL, &r->server, &r->authenticate.desc,
						 ASC_FLAGS, SECURITY_NATIVE_DREP, &r->server,
						 &r->done.desc, &attrs, NULL);
}

/* A parameter's whole value, without its newline. */
static void param_string(const char *name, char *buf, size_t size)
{
	FILE *f = param_open(name, "r");

	buf[0] = 0;
	if (f) {
		if (!fgets(buf, size, f))
			buf[0] = 0;
		fclose(f);
	}
	buf[strcspn(buf, "\n")] = 0;
}

FIXTURE(minsec) {
	int kmsg;
	char client[32], server[32];
};

FIXTURE_SETUP(minsec)
{
	ASSERT_EQ(0, only_default_account());
	ASSERT_EQ('5', param_read("lm_compatibility"));
	param_string("min_client_sec", self->client, sizeof(self->client));
	param_string("min_server_sec", self->server, sizeof(self->server));
	self->kmsg = kmsg_open_at_end();
}

FIXTURE_TEARDOWN(minsec)
{
	char v[40];

	snprintf(v, sizeof(v), "%s\n", self->client);
	EXPECT_EQ(0, param_write("min_client_sec", v));
	snprintf(v, sizeof(v), "%s\n", self->server);
	EXPECT_EQ(0, param_write("min_server_sec", v));
	if (self->kmsg >= 0) {
		EXPECT_EQ(0, kmsg_new_records(self->kmsg));
		close(self->kmsg);
	}
}

/* Windows' default since Windows 7: 128-bit keys, both ways; enough for us. */
TEST_F(minsec, defaults)
{
	const struct setup s = { DEF_LEVEL, DEF_MIN, DEF_MIN, TAMPER_NONE, 0 };
	struct run r;

	EXPECT_STREQ("536870912", self->client);
	EXPECT_STREQ("536870912", self->server);
	handshake(_metadata, &r, &s);
	EXPECT_EQ(SEC_E_OK, r.server_status);
	EXPECT_EQ(F_128, get32(r.authenticate.data + AUTH_FLAGS_OFF) & F_128);
	run_free(&r);
}

/*
 * The AUTHENTICATE of NTLMv1 (level 2: no MIC) without 128- and 56-bit
 * keys: refused at the default, taken when nothing is required, refused
 * again by a server credential that requires 128-bit keys.
 */
TEST_F(minsec, server_refuses_authenticate_without_128)
{
	struct setup s = { 2, DEF_MIN, DEF_MIN, AUTH_LESS, F_128 | F_56 };
	struct run r;

	handshake(_metadata, &r, &s);
	EXPECT_EQ(SEC_E_OK, r.client_status);
	EXPECT_EQ(SEC_E_UNSUPPORTED_FUNCTION, r.server_status);
	run_free(&r);

	/* NTLMv2: refused the same, before its MIC is looked at */
	s.level = 5;
	handshake(_metadata, &r, &s);
	EXPECT_EQ(SEC_E_UNSUPPORTED_FUNCTION, r.server_status);
	run_free(&r);

	s.level = 2;
	ASSERT_EQ(0, param_write("min_server_sec", "0\n"));
	handshake(_metadata, &r, &s);
	EXPECT_EQ(SEC_E_OK, r.server_status);
	run_free(&r);

	s.server_min = F_128;
	handshake(_metadata, &r, &s);
	EXPECT_EQ(SEC_E_UNSUPPORTED_FUNCTION, r.server_status);
	run_free(&r);
}

/* A NEGOTIATE without 128- and 56-bit keys: the server says so at once. */
TEST_F(minsec, server_refuses_negotiate_without_128)
{
	struct setup s = { DEF_LEVEL, DEF_MIN, DEF_MIN, NEG_LESS, F_128 | F_56 };
	struct run r;

	handshake(_metadata, &r, &s);
	EXPECT_EQ(SEC_E_UNSUPPORTED_FUNCTION, r.challenge_status);
	run_free(&r);

	ASSERT_EQ(0, param_write("min_server_sec", "0\n"));
	handshake(_metadata, &r, &s);
	EXPECT_EQ(SEC_I_CONTINUE_NEEDED, r.challenge_status);
	EXPECT_EQ(0, get32(r.challenge.data + CHAL_FLAGS_OFF) & (F_128 | F_56));
	run_free(&r);

	s.server_min = F_128;
	handshake(_metadata, &r, &s);
	EXPECT_EQ(SEC_E_UNSUPPORTED_FUNCTION, r.challenge_status);
	run_free(&r);
}

/*
 * A CHALLENGE without 128-bit keys (the NEGOTIATE lost them on the way,
 * toward a server that requires nothing): the client refuses it at the
 * default and when its credential requires them, answers it when nothing
 * is required.
 */
TEST_F(minsec, client_refuses_challenge_without_128)
{
	struct setup s = { 2, DEF_MIN, 0, NEG_LESS, F_128 | F_56 };
	struct run r;

	handshake(_metadata, &r, &s);
	ASSERT_EQ(SEC_I_CONTINUE_NEEDED, r.challenge_status);
	EXPECT_EQ(SEC_E_UNSUPPORTED_FUNCTION, r.client_status);
	run_free(&r);

	ASSERT_EQ(0, param_write("min_client_sec", "0\n"));
	handshake(_metadata, &r, &s);
	EXPECT_EQ(SEC_E_OK, r.client_status);
	EXPECT_EQ(SEC_E_OK, r.server_status);
	EXPECT_EQ(0, get32(r.authenticate.data + AUTH_FLAGS_OFF) & (F_128 | F_56));
	run_free(&r);

	s.client_min = F_128;
	handshake(_metadata, &r, &s);
	EXPECT_EQ(SEC_E_UNSUPPORTED_FUNCTION, r.client_status);
	run_free(&r);

	/* the module's 128 again, the credential's nothing */
	ASSERT_EQ(0, param_write("min_client_sec", "536870912\n"));
	s.client_min = 0;
	handshake(_metadata, &r, &s);
	EXPECT_EQ(SEC_E_OK, r.client_status);
	run_free(&r);
}

/*
 * Extended session security (0x80000, "NTLMv2 session security") taken out
 * of an NTLMv1 NEGOTIATE: each side that requires it refuses.
 */
TEST_F(minsec, ess_required)
{
	struct setup s = { 2, DEF_MIN, F_ESS | F_128, NEG_LESS, F_ESS };
	struct run r;

	handshake(_metadata, &r, &s);
	EXPECT_EQ(SEC_E_UNSUPPORTED_FUNCTION, r.challenge_status);
	run_free(&r);

	s.server_min = F_128;
	s.client_min = F_ESS;
	handshake(_metadata, &r, &s);
	ASSERT_EQ(SEC_I_CONTINUE_NEEDED, r.challenge_status);
	EXPECT_EQ(SEC_E_UNSUPPORTED_FUNCTION, r.client_status);
	run_free(&r);

	/* and out of the AUTHENTICATE, toward a server that requires it */
	s.client_min = DEF_MIN;
	s.server_min = F_ESS;
	s.tamper = AUTH_LESS;
	handshake(_metadata, &r, &s);
	EXPECT_EQ(SEC_E_OK, r.client_status);
	EXPECT_EQ(SEC_E_UNSUPPORTED_FUNCTION, r.server_status);
	run_free(&r);

	/* not required, not tampered: plain NTLMv1 goes through */
	s.client_min = s.server_min = F_128;
	s.tamper = NEG_LESS;
	handshake(_metadata, &r, &s);
	EXPECT_EQ(SEC_E_OK, r.server_status);
	EXPECT_EQ(0, get32(r.authenticate.data + AUTH_FLAGS_OFF) & F_ESS);
	run_free(&r);
}

/*
 * Integrity and confidentiality: a client that requires them asks for
 * them even when the application does not; a server that requires them
 * refuses a NEGOTIATE without them.
 */
TEST_F(minsec, integrity_and_confidentiality)
{
	ULONG min = F_SIGN | F_SEAL | F_128;
	struct setup s = { DEF_LEVEL, DEF_MIN, F_SEAL | F_128, NEG_LESS, F_SIGN | F_SEAL };
	CredHandle c;
	CtxtHandle ctx;
	struct leg neg;
	struct run r;
	ULONG attrs;

	ASSERT_EQ(SEC_E_OK, cred("Password", SECPKG_CRED_OUTBOUND, DEF_LEVEL, min, &c));
	ASSERT_EQ(SEC_I_CONTINUE_NEEDED,
		  InitializeSecurityContextA(&c, NULL, NULL, ISC_REQ_CONNECTION, 0,
					     SECURITY_NATIVE_DREP, NULL, 0, &ctx,
					     leg_init(&neg), &attrs, NULL));
	EXPECT_EQ(F_SIGN | F_SEAL, get32(neg.data + NEG_FLAGS_OFF) & (F_SIGN | F_SEAL));
	DeleteSecurityContext(&ctx);
	FreeCredentialsHandle(&c);

	handshake(_metadata, &r, &s);
	EXPECT_EQ(SEC_E_UNSUPPORTED_FUNCTION, r.challenge_status);
	run_free(&r);
	s.tamper = TAMPER_NONE;
	handshake(_metadata, &r, &s);
	EXPECT_EQ(SEC_E_OK, r.server_status);
	run_free(&r);
}

/* Only the four bits are taken, by the parameters and the attribute. */
TEST_F(minsec, bad_values_refused)
{
	ULONG bad = F_128 | 0x1, def = DEF_MIN, none = 0;
	char v[32];
	CredHandle c;

	EXPECT_NE(0, param_write("min_client_sec", "1\n"));
	EXPECT_NE(0, param_write("min_server_sec", "0x20000001\n"));
	param_string("min_client_sec", v, sizeof(v));
	EXPECT_STREQ(self->client, v);
	EXPECT_EQ(0, param_write("min_server_sec", "0x20080030\n"));
	param_string("min_server_sec", v, sizeof(v));
	EXPECT_STREQ("537395248", v);

	ASSERT_EQ(SEC_E_OK, acquire_user("User", "Domain", "Password", SECPKG_CRED_OUTBOUND, &c));
	EXPECT_EQ(SEC_E_INVALID_PARAMETER,
		  SetCredentialsAttributesA(&c, SECPKG_CRED_ATTR_NTLM_MIN_SESSION_SECURITY,
					    &bad, sizeof(bad)));
	EXPECT_EQ(SEC_E_INVALID_PARAMETER,
		  SetCredentialsAttributesA(&c, SECPKG_CRED_ATTR_NTLM_MIN_SESSION_SECURITY,
					    &none, 2));
	EXPECT_EQ(SEC_E_OK,
		  SetCredentialsAttributesW(&c, SECPKG_CRED_ATTR_NTLM_MIN_SESSION_SECURITY,
					    &none, sizeof(none)));
	EXPECT_EQ(SEC_E_OK,
		  SetCredentialsAttributesA(&c, SECPKG_CRED_ATTR_NTLM_MIN_SESSION_SECURITY,
					    &def, sizeof(def)));
	FreeCredentialsHandle(&c);
}

TEST_HARNESS_MAIN
