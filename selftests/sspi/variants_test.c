// SPDX-License-Identifier: GPL-2.0
/*
 * The LAN Manager authentication level (module parameter lm_compatibility,
 * SECPKG_CRED_ATTR_NTLM_LM_COMPATIBILITY per credential) through libsspi,
 * both sides in the kernel: for every (client level, server level) pair the
 * response the client sends and whether the server takes it; NTLMv1 and the
 * NTLM2 session response with matching session keys; session security
 * without extended session security; a wrong password and every tampered
 * response refused whatever the level.
 */
#include "kselftest_harness.h"
#include "guest.h"
#include "kmsg.h"

#define FLAG_ESS	0x00080000

/* The module's level (one digit), or -1. */
static int read_level(void)
{
	char c = param_read("lm_compatibility");

	return c >= '0' && c <= '9' ? c - '0' : -1;
}

enum tamper {
	TAMPER_NONE,
	TAMPER_NO_ESS_OFFERED,	/* the client's NEGOTIATE loses ESS: plain NTLMv1 */
	TAMPER_NT_RESPONSE,	/* one bit of the NT response flipped */
	TAMPER_LM_RESPONSE,	/* one bit of the LM response flipped */
	TAMPER_AUTH_NO_ESS,	/* the AUTHENTICATE's ESS flag cleared */
};

/* Changes the tokens as @arg (an enum tamper) says. */
static void tamper_tokens(struct __test_metadata *_metadata, struct run *r,
			  enum hs_token t, struct leg *l, void *arg)
{
	unsigned char *p = l->data;

	switch (*(enum tamper *)arg) {
	case TAMPER_NO_ESS_OFFERED:
		if (t == HS_NEGOTIATE)
			put32(p + NEG_FLAGS_OFF, get32(p + NEG_FLAGS_OFF) & ~FLAG_ESS);
		break;
	case TAMPER_NT_RESPONSE:
		if (t == HS_AUTHENTICATE)
			p[get32(p + AUTH_NT_OFF + 4) + 3] ^= 0x10;
		break;
	case TAMPER_LM_RESPONSE:
		if (t == HS_AUTHENTICATE)
			p[get32(p + AUTH_LM_OFF + 4) + 3] ^= 0x10;
		break;
	case TAMPER_AUTH_NO_ESS:
		if (t == HS_AUTHENTICATE)
			put32(p + AUTH_FLAGS_OFF, get32(p + AUTH_FLAGS_OFF) & ~FLAG_ESS);
		break;
	default:
		break;
	}
}

/*
 * A handshake between a client at @cl and a server at @sl (or the module's
 * level for SECPKG_NTLM_LM_COMPATIBILITY_DEFAULT); the server knows User
 * with "Password", the client says @password.
 */
static void handshake(struct __test_metadata *_metadata, struct run *r, ULONG cl,
		      ULONG sl, const char *password, enum tamper tamper)
{
	struct handshake h;

	handshake_init(&h);
	h.password = password;
	h.client_level = cl;
	h.server_level = sl;
	h.tamper = tamper_tokens;
	h.arg = &tamper;
	handshake_run(_metadata, run_init(r), &h);
	assert_client_done(_metadata, r);
	ASSERT_TRUE(r->noted);
}

/* Both ends hold the same session key. */
static void expect_same_keys(struct __test_metadata *_metadata, struct run *r)
{
	expect_same_session_key(_metadata, &r->client, &r->server, false);
}

/* A signed message each way. */
static void expect_signing(struct __test_metadata *_metadata, struct run *r)
{
	char msg[] = "a message";
	unsigned char sig[16];
	SecBuffer b[2] = {
		{ sizeof(msg), SECBUFFER_DATA, msg },
		{ sizeof(sig), SECBUFFER_TOKEN, sig },
	};
	SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
	ULONG qop;

	ASSERT_EQ(SEC_E_OK, MakeSignature(&r->client, 0, &d, 0));
	ASSERT_EQ(SEC_E_OK, VerifySignature(&r->server, &d, 0, &qop));
	ASSERT_EQ(SEC_E_OK, MakeSignature(&r->server, 0, &d, 0));
	ASSERT_EQ(SEC_E_OK, VerifySignature(&r->client, &d, 0, &qop));
	msg[0] ^= 1;
	ASSERT_EQ(SEC_E_OK, MakeSignature(&r->client, 0, &d, 0));
	msg[0] ^= 1;
	EXPECT_EQ(SEC_E_MESSAGE_ALTERED, VerifySignature(&r->server, &d, 0, &qop));
}

/*
 * Session security of a context without extended session security
 * (MS-NLMP 3.4.4.1, one RC4 handle for both directions): sealed messages
 * both ways and two in a row one way; an altered message and a replay
 * refused, the receiver still in step afterwards; then signing.
 */
static void expect_sealing(struct __test_metadata *_metadata, struct run *r)
{
	/* 1200 bytes: sealed in place by the module (1 KiB or more) */
	unsigned char text[1200], data[sizeof(text)], copy[sizeof(text)], sig[16], copy_sig[16];
	SecBuffer b[2] = {
		{ sizeof(sig), SECBUFFER_TOKEN, sig },
		{ sizeof(data), SECBUFFER_DATA, data },
	};
	SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
	CtxtHandle *from, *to;
	ULONG qop;
	int i;

	for (i = 0; i < (int)sizeof(text); i++)
		text[i] = "a sealed message"[i % 16];
	for (i = 0; i < 6; i++) {
		/* client, server, client, client, server, server */
		from = i == 1 || i >= 4 ? &r->server : &r->client;
		to = from == &r->client ? &r->server : &r->client;
		memcpy(data, text, sizeof(data));
		ASSERT_EQ(SEC_E_OK, EncryptMessage(from, 0, &d, 0));
		EXPECT_EQ(1, sig[0]);
		EXPECT_NE(0, memcmp(data, text, sizeof(data)));
		memcpy(copy, data, sizeof(data));
		memcpy(copy_sig, sig, sizeof(sig));
		/* altered, refused and left as it came; the genuine one still opens */
		data[3] ^= 0x20;
		EXPECT_EQ(SEC_E_MESSAGE_ALTERED, DecryptMessage(to, &d, 0, &qop));
		data[3] ^= 0x20;
		EXPECT_EQ(0, memcmp(data, copy, sizeof(data)));
		ASSERT_EQ(SEC_E_OK, DecryptMessage(to, &d, 0, &qop));
		EXPECT_EQ(0, memcmp(data, text, sizeof(data)));
		/* replayed, refused */
		memcpy(data, copy, sizeof(data));
		memcpy(sig, copy_sig, sizeof(sig));
		EXPECT_EQ(SEC_E_OUT_OF_SEQUENCE, DecryptMessage(to, &d, 0, &qop));
		EXPECT_EQ(SEC_E_OUT_OF_SEQUENCE, VerifySignature(to, &d, 0, &qop));
	}
	/* signed only, both ways, then sealed again */
	memcpy(data, text, sizeof(data));
	ASSERT_EQ(SEC_E_OK, MakeSignature(&r->client, 0, &d, 0));
	ASSERT_EQ(SEC_E_OK, VerifySignature(&r->server, &d, 0, &qop));
	EXPECT_EQ(0, memcmp(data, text, sizeof(data)));
	ASSERT_EQ(SEC_E_OK, MakeSignature(&r->server, 0, &d, 0));
	EXPECT_EQ(SEC_E_OUT_OF_SEQUENCE, VerifySignature(&r->server, &d, 0, &qop));
	ASSERT_EQ(SEC_E_OK, VerifySignature(&r->client, &d, 0, &qop));
	ASSERT_EQ(SEC_E_OK, EncryptMessage(&r->client, 0, &d, 0));
	ASSERT_EQ(SEC_E_OK, DecryptMessage(&r->server, &d, 0, &qop));
	EXPECT_EQ(0, memcmp(data, text, sizeof(data)));
}

FIXTURE(lm) {
	int kmsg;
	int saved_level;
};

FIXTURE_SETUP(lm)
{
	ASSERT_EQ(0, only_default_account());
	self->saved_level = read_level();
	ASSERT_EQ(5, self->saved_level);
	self->kmsg = kmsg_open_at_end();
}

FIXTURE_TEARDOWN(lm)
{
	char level[16];

	snprintf(level, sizeof(level), "%d\n", self->saved_level);
	EXPECT_EQ(0, param_write("lm_compatibility", level));
	if (self->kmsg >= 0) {
		EXPECT_EQ(0, kmsg_new_records(self->kmsg));
		close(self->kmsg);
	}
}

/* Every pair of levels: what is sent, what is taken, with the right password. */
TEST_F(lm, every_level_pair)
{
	ULONG cl, sl;

	for (cl = 0; cl <= 5; cl++) {
		for (sl = 0; sl <= 5; sl++) {
			bool v1 = cl <= 2;
			struct run r;

			TH_LOG("client level %u, server level %u", cl, sl);
			handshake(_metadata, &r, cl, sl, "Password", TAMPER_NONE);
			if (v1) {
				/* The NTLM2 session response: our server offers ESS. */
				EXPECT_EQ(24, r.nt_len);
				EXPECT_EQ(24, r.lm_len);
				EXPECT_EQ(0, memcmp(r.lm + 8, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16));
			} else {
				EXPECT_LT(24, r.nt_len);
			}
			if (v1 && sl == 5) {
				EXPECT_EQ(SEC_E_LOGON_DENIED, r.server_status);
			} else {
				EXPECT_EQ(SEC_E_OK, r.server_status);
				if (r.server_status == SEC_E_OK) {
					expect_same_keys(_metadata, &r);
					expect_signing(_metadata, &r);
				}
			}
			run_free(&r);
		}
	}
}

TEST_F(lm, wrong_password_refused_at_every_level)
{
	ULONG cl, sl;

	for (cl = 0; cl <= 5; cl++) {
		for (sl = 0; sl <= 5; sl++) {
			struct run r;

			TH_LOG("client level %u, server level %u", cl, sl);
			handshake(_metadata, &r, cl, sl, "Passw0rd", TAMPER_NONE);
			EXPECT_EQ(SEC_E_LOGON_DENIED, r.server_status);
			run_free(&r);
			if (cl <= 2) {
				handshake(_metadata, &r, cl, sl, "Passw0rd",
					  TAMPER_NO_ESS_OFFERED);
				EXPECT_EQ(SEC_E_LOGON_DENIED, r.server_status);
				run_free(&r);
			}
		}
	}
}

/*
 * No ESS offered: plain NTLMv1, with LMv1 beside it at levels 0 and 1, and
 * session security without ESS.
 */
TEST_F(lm, plain_ntlmv1)
{
	ULONG cl, sl;

	for (cl = 0; cl <= 2; cl++) {
		for (sl = 0; sl <= 5; sl++) {
			struct run r;

			TH_LOG("client level %u, server level %u", cl, sl);
			handshake(_metadata, &r, cl, sl, "Password", TAMPER_NO_ESS_OFFERED);
			EXPECT_EQ(24, r.nt_len);
			EXPECT_EQ(24, r.lm_len);
			EXPECT_EQ(0, get32(r.authenticate.data + AUTH_FLAGS_OFF) & FLAG_ESS);
			/* LMv1 differs from NTLMv1; level 2 repeats the NT response. */
			if (cl <= 1) {
				EXPECT_NE(0, memcmp(r.lm, r.nt, 24));
			} else {
				EXPECT_EQ(0, memcmp(r.lm, r.nt, 24));
			}
			if (sl == 5) {
				EXPECT_EQ(SEC_E_LOGON_DENIED, r.server_status);
			} else {
				EXPECT_EQ(SEC_E_OK, r.server_status);
				if (r.server_status == SEC_E_OK) {
					expect_same_keys(_metadata, &r);
					expect_sealing(_metadata, &r);
					expect_signing(_metadata, &r);
				}
			}
			run_free(&r);
		}
	}
}

/* A password with no LM hash (15 characters): level 0 sends NTLMv1 twice. */
TEST_F(lm, long_password_has_no_lm_response)
{
	struct run r;

	ASSERT_EQ(0, sspictl("account add Domain User", "LongerThan14chr\n"));
	handshake(_metadata, &r, 0, 0, "LongerThan14chr", TAMPER_NO_ESS_OFFERED);
	EXPECT_EQ(0, memcmp(r.lm, r.nt, 24));
	EXPECT_EQ(SEC_E_OK, r.server_status);
	run_free(&r);
}

/* Every accepted response is checked: no tampered one gets through. */
TEST_F(lm, tampered_responses_refused)
{
	struct run r;
	ULONG cl;

	for (cl = 0; cl <= 2; cl++) {
		TH_LOG("client level %u", cl);
		handshake(_metadata, &r, cl, 0, "Password", TAMPER_NT_RESPONSE);
		EXPECT_EQ(SEC_E_LOGON_DENIED, r.server_status);
		run_free(&r);
		/* the NTLM2 session response's client challenge is in the LM field */
		handshake(_metadata, &r, cl, 0, "Password", TAMPER_LM_RESPONSE);
		EXPECT_EQ(SEC_E_LOGON_DENIED, r.server_status);
		run_free(&r);
		/* read as plain NTLMv1, an NTLM2 session response cannot verify */
		handshake(_metadata, &r, cl, 0, "Password", TAMPER_AUTH_NO_ESS);
		EXPECT_EQ(SEC_E_LOGON_DENIED, r.server_status);
		run_free(&r);
	}
}

/* The module parameter is every credential's default; a bad level is refused. */
TEST_F(lm, module_parameter)
{
	ULONG bad = 6, def = SECPKG_NTLM_LM_COMPATIBILITY_DEFAULT;
	struct run r;

	EXPECT_NE(0, param_write("lm_compatibility", "6\n"));
	EXPECT_EQ(5, read_level());

	handshake(_metadata, &r, def, def, "Password", TAMPER_NONE);
	EXPECT_LT(24, r.nt_len);
	EXPECT_EQ(SEC_E_OK, r.server_status);
	EXPECT_EQ(SEC_E_INVALID_PARAMETER,
		  SetCredentialsAttributesA(&r.client_cred,
					    SECPKG_CRED_ATTR_NTLM_LM_COMPATIBILITY,
					    &bad, sizeof(bad)));
	EXPECT_EQ(SEC_E_INVALID_PARAMETER,
		  SetCredentialsAttributesA(&r.client_cred,
					    SECPKG_CRED_ATTR_NTLM_LM_COMPATIBILITY, &bad, 2));
	EXPECT_EQ(SEC_E_UNSUPPORTED_FUNCTION,
		  SetCredentialsAttributesW(&r.client_cred, SECPKG_CRED_ATTR_NAMES,
					    &bad, sizeof(bad)));
	run_free(&r);

	/* level 2 for both: NTLMv1 sent and taken */
	ASSERT_EQ(0, param_write("lm_compatibility", "2\n"));
	EXPECT_EQ(2, read_level());
	handshake(_metadata, &r, def, def, "Password", TAMPER_NONE);
	EXPECT_EQ(24, r.nt_len);
	EXPECT_EQ(SEC_E_OK, r.server_status);
	run_free(&r);
	/* a credential's own level wins over the module's */
	handshake(_metadata, &r, def, 5, "Password", TAMPER_NONE);
	EXPECT_EQ(SEC_E_LOGON_DENIED, r.server_status);
	run_free(&r);
	handshake(_metadata, &r, 3, def, "Password", TAMPER_NONE);
	EXPECT_LT(24, r.nt_len);
	EXPECT_EQ(SEC_E_OK, r.server_status);
	run_free(&r);
}

/* Level 5 for both credentials, once both contexts are made. */
static void raise_levels(struct __test_metadata *_metadata, struct run *r,
			 enum hs_token t, struct leg *l, void *arg)
{
	ULONG five = 5;

	if (t != HS_CHALLENGE)
		return;
	ASSERT_EQ(SEC_E_OK, SetCredentialsAttributesA(&r->client_cred,
						      SECPKG_CRED_ATTR_NTLM_LM_COMPATIBILITY,
						      &five, sizeof(five)));
	ASSERT_EQ(SEC_E_OK, SetCredentialsAttributesA(&r->server_cred,
						      SECPKG_CRED_ATTR_NTLM_LM_COMPATIBILITY,
						      &five, sizeof(five)));
}

/* A context keeps the level it was made with. */
TEST_F(lm, level_fixed_when_context_is_made)
{
	struct handshake h;
	struct run r;

	handshake_init(&h);
	h.target = NULL;
	h.client_level = 2;
	h.server_level = 0;
	h.tamper = raise_levels;
	handshake_run(_metadata, run_init(&r), &h);
	assert_client_done(_metadata, &r);
	EXPECT_EQ(24, get16(r.authenticate.data + AUTH_NT_OFF));
	EXPECT_EQ(SEC_E_OK, r.server_status);
	expect_same_keys(_metadata, &r);
	run_free(&r);
}

TEST_HARNESS_MAIN
