// SPDX-License-Identifier: GPL-2.0
/*
 * Connectionless (datagram) NTLM (MS-NLMP 1.3.1.2, 3.1.5.2, 3.2.5.2, 3.4)
 * through libsspi, both sides in the kernel: ISC_REQ_DATAGRAM makes no
 * NEGOTIATE, ASC_REQ_DATAGRAM answers nothing with a CHALLENGE that offers
 * DATAGRAM and KEY_EXCH, the AUTHENTICATE completes both sides, and each
 * signed or sealed message is keyed by the MessageSeqNo the application
 * gives, so that messages check in any order. NTLMv1 policies, anonymous
 * clients and a datagram request beside a connection one are refused.
 */
#include "kselftest_harness.h"
#include "guest.h"
#include "kmsg.h"

#define TARGET "HTTP/server.example"
#define DG_ISC (ISC_REQ_DATAGRAM | ISC_REQ_INTEGRITY | ISC_REQ_CONFIDENTIALITY | \
		ISC_REQ_REPLAY_DETECT | ISC_REQ_SEQUENCE_DETECT)
#define DG_ASC (ASC_REQ_DATAGRAM | ASC_REQ_INTEGRITY | ASC_REQ_CONFIDENTIALITY | \
		ASC_REQ_REPLAY_DETECT | ASC_REQ_SEQUENCE_DETECT)

/* NegotiateFlags */
#define F_UNICODE	0x00000001
#define F_SIGN		0x00000010
#define F_SEAL		0x00000020
#define F_DATAGRAM	0x00000040
#define F_ESS		0x00080000
#define F_128		0x20000000
#define F_KEY_EXCH	0x40000000
#define CHALLENGE_FLAGS_AT	20
#define AUTHENTICATE_FLAGS_AT	60

/* What one datagram handshake made. */
struct dg {
	CredHandle ccred, scred;
	CtxtHandle client, server;
	struct leg first, challenge, authenticate, last;
	ULONG cattrs1, cattrs, sattrs;
	SECURITY_STATUS isc1, asc1, isc2, asc2;
};

/* An outbound credential for Domain\User with @password at @level. */
static SECURITY_STATUS client_cred(const char *password, ULONG level, CredHandle *cred)
{
	return acquire_at_level("User", "Domain", password, SECPKG_CRED_OUTBOUND, level, cred);
}

static SECURITY_STATUS server_cred(CredHandle *cred)
{
	return acquire_user(NULL, NULL, NULL, SECPKG_CRED_INBOUND, cred);
}

/*
 * The four calls (three without @last), each made only if the one before
 * went as the protocol goes; the statuses say how far it got.
 */
static void dg_run(struct dg *d, const char *password, ULONG isc, ULONG asc, bool last)
{
	memset(d, 0, sizeof(*d));
	d->isc1 = d->asc1 = d->isc2 = d->asc2 = -1;
	if (client_cred(password, SECPKG_NTLM_LM_COMPATIBILITY_DEFAULT, &d->ccred) ||
	    server_cred(&d->scred))
		return;
	d->isc1 = InitializeSecurityContextA(&d->ccred, NULL, TARGET, isc, 0,
					     SECURITY_NATIVE_DREP, NULL, 0, &d->client,
					     leg_init(&d->first), &d->cattrs1, NULL);
	if (d->isc1 != SEC_I_CONTINUE_NEEDED)
		return;
	d->asc1 = AcceptSecurityContext(&d->scred, NULL, NULL, asc, SECURITY_NATIVE_DREP,
					&d->server, leg_init(&d->challenge), &d->sattrs,
					NULL);
	if (d->asc1 != SEC_I_CONTINUE_NEEDED)
		return;
	d->isc2 = InitializeSecurityContextA(NULL, &d->client, TARGET, isc, 0,
					     SECURITY_NATIVE_DREP, &d->challenge.desc, 0,
					     &d->client, leg_init(&d->authenticate),
					     &d->cattrs, NULL);
	if (d->isc2 != SEC_E_OK || !last)
		return;
	d->asc2 = AcceptSecurityContext(NULL, &d->server, &d->authenticate.desc, asc,
					SECURITY_NATIVE_DREP, &d->server,
					leg_init(&d->last), &d->sattrs, NULL);
}

static void dg_free(struct dg *d)
{
	DeleteSecurityContext(&d->client);
	DeleteSecurityContext(&d->server);
	FreeCredentialsHandle(&d->ccred);
	FreeCredentialsHandle(&d->scred);
}

/*
 * One message: a signature and a text, sealed or signed under a number;
 * 1100 bytes, so that the module seals it in place (1 KiB or more).
 */
struct msg {
	unsigned char sig[16];
	char text[1100];
	SecBuffer b[2];
	SecBufferDesc d;
};

static SecBufferDesc *msg_desc(struct msg *m)
{
	m->b[0] = (SecBuffer){ sizeof(m->sig), SECBUFFER_TOKEN, m->sig };
	m->b[1] = (SecBuffer){ sizeof(m->text), SECBUFFER_DATA, m->text };
	m->d = (SecBufferDesc){ SECBUFFER_VERSION, 2, m->b };
	return &m->d;
}

static void msg_text(struct msg *m, unsigned int n)
{
	memset(m->text, 0, sizeof(m->text));
	snprintf(m->text, sizeof(m->text), "datagram number %u", n);
}

FIXTURE(dg) {
	int kmsg;
};

FIXTURE_SETUP(dg)
{
	ASSERT_EQ(0, only_default_account());
	self->kmsg = kmsg_open_at_end();
}

FIXTURE_TEARDOWN(dg)
{
	if (self->kmsg >= 0) {
		EXPECT_EQ(0, kmsg_new_records(self->kmsg));
		close(self->kmsg);
	}
}

/* The handshake, leg by leg, as Windows' SSPI runs it. */
TEST_F(dg, handshake)
{
	SecPkgContext_SessionKey ck, sk;
	uint32_t cf, af;
	struct dg d;

	dg_run(&d, "Password", DG_ISC, DG_ASC, true);
	ASSERT_EQ(SEC_I_CONTINUE_NEEDED, d.isc1);
	EXPECT_EQ(0, d.first.buf.cbBuffer);	/* no NEGOTIATE */
	EXPECT_FALSE(d.cattrs1 & (ISC_RET_DATAGRAM | ISC_RET_CONNECTION));
	ASSERT_EQ(SEC_I_CONTINUE_NEEDED, d.asc1);
	ASSERT_LE(32, d.challenge.buf.cbBuffer);
	EXPECT_EQ(0, memcmp(d.challenge.data, "NTLMSSP\0\2\0\0\0", 12));
	cf = get32(d.challenge.data + CHALLENGE_FLAGS_AT);
	EXPECT_EQ(F_DATAGRAM | F_KEY_EXCH | F_ESS | F_SIGN | F_SEAL | F_128 | F_UNICODE,
		  cf & (F_DATAGRAM | F_KEY_EXCH | F_ESS | F_SIGN | F_SEAL | F_128 |
			F_UNICODE));
	ASSERT_EQ(SEC_E_OK, d.isc2);
	ASSERT_LE(64, d.authenticate.buf.cbBuffer);
	EXPECT_EQ(0, memcmp(d.authenticate.data, "NTLMSSP\0\3\0\0\0", 12));
	af = get32(d.authenticate.data + AUTHENTICATE_FLAGS_AT);
	EXPECT_EQ(F_DATAGRAM | F_KEY_EXCH | F_ESS | F_SEAL,
		  af & (F_DATAGRAM | F_KEY_EXCH | F_ESS | F_SEAL));
	/* NTLMv2: more than the 24 bytes of an NTLMv1 NtChallengeResponse */
	EXPECT_LT(24, d.authenticate.data[20] | d.authenticate.data[21] << 8);
	/* datagram, not connection; no order kept by the context */
	EXPECT_EQ(ISC_RET_DATAGRAM | ISC_RET_INTEGRITY | ISC_RET_CONFIDENTIALITY,
		  d.cattrs & (ISC_RET_DATAGRAM | ISC_RET_CONNECTION | ISC_RET_INTEGRITY |
			      ISC_RET_CONFIDENTIALITY | ISC_RET_REPLAY_DETECT |
			      ISC_RET_SEQUENCE_DETECT));
	ASSERT_EQ(SEC_E_OK, d.asc2);
	EXPECT_EQ(0, d.last.buf.cbBuffer);
	EXPECT_EQ(ASC_RET_DATAGRAM | ASC_RET_INTEGRITY | ASC_RET_CONFIDENTIALITY,
		  d.sattrs & (ASC_RET_DATAGRAM | ASC_RET_CONNECTION | ASC_RET_INTEGRITY |
			      ASC_RET_CONFIDENTIALITY | ASC_RET_REPLAY_DETECT |
			      ASC_RET_SEQUENCE_DETECT));
	ASSERT_EQ(SEC_E_OK, QueryContextAttributesA(&d.client, SECPKG_ATTR_SESSION_KEY, &ck));
	ASSERT_EQ(SEC_E_OK, QueryContextAttributesA(&d.server, SECPKG_ATTR_SESSION_KEY, &sk));
	ASSERT_EQ(16, ck.SessionKeyLength);
	EXPECT_EQ(0, memcmp(ck.SessionKey, sk.SessionKey, 16));
	FreeContextBuffer(ck.SessionKey);
	FreeContextBuffer(sk.SessionKey);
	dg_free(&d);
}

/* Sealed messages 1, 2, 3 each way, opened 3, 1, 2: none needs another. */
TEST_F(dg, sealed_out_of_order)
{
	static const unsigned int order[] = { 3, 1, 2 };
	CtxtHandle *from[2], *to[2];
	struct msg m[4];
	unsigned int i, n, dir;
	ULONG qop;
	struct dg d;

	dg_run(&d, "Password", DG_ISC, DG_ASC, true);
	ASSERT_EQ(SEC_E_OK, d.asc2);
	from[0] = to[1] = &d.client;
	from[1] = to[0] = &d.server;
	for (dir = 0; dir < 2; dir++) {
		for (n = 1; n <= 3; n++) {
			msg_text(&m[n], n);
			ASSERT_EQ(SEC_E_OK, EncryptMessage(from[dir], 0, msg_desc(&m[n]), n));
			EXPECT_EQ(n, get32(m[n].sig + 12));	/* SeqNum as given */
			EXPECT_NE(0, memcmp(m[n].text, "datagram", 8));
		}
		/* the same text under one number each time: no stream carried over */
		EXPECT_NE(0, memcmp(m[1].sig + 4, m[2].sig + 4, 8));
		for (i = 0; i < 3; i++) {
			struct msg want;

			n = order[i];
			msg_text(&want, n);
			ASSERT_EQ(SEC_E_OK, DecryptMessage(to[dir], msg_desc(&m[n]), n, &qop));
			EXPECT_EQ(0, qop);
			EXPECT_EQ(0, memcmp(want.text, m[n].text, sizeof(want.text)));
		}
	}
	dg_free(&d);
}

/*
 * Signatures out of order; a message checked under another number than its
 * own, with its SeqNum rewritten to match, or altered: SEC_E_MESSAGE_ALTERED.
 * The same message under its own number checks again: the context keeps no
 * record of numbers, which is the application's to keep.
 */
TEST_F(dg, signed_out_of_order_and_altered)
{
	struct msg m7, m8, copy;
	ULONG qop;
	struct dg d;

	dg_run(&d, "Password", DG_ISC, DG_ASC, true);
	ASSERT_EQ(SEC_E_OK, d.asc2);
	msg_text(&m7, 7);
	msg_text(&m8, 8);
	ASSERT_EQ(SEC_E_OK, MakeSignature(&d.client, 0, msg_desc(&m7), 7));
	ASSERT_EQ(SEC_E_OK, MakeSignature(&d.client, 0, msg_desc(&m8), 8));
	EXPECT_EQ(SEC_E_OK, VerifySignature(&d.server, msg_desc(&m8), 8, &qop));
	EXPECT_EQ(SEC_E_OK, VerifySignature(&d.server, msg_desc(&m7), 7, &qop));
	EXPECT_EQ(SEC_E_OK, VerifySignature(&d.server, msg_desc(&m7), 7, &qop));

	EXPECT_EQ(SEC_E_MESSAGE_ALTERED, VerifySignature(&d.server, msg_desc(&m7), 9, &qop));
	copy = m7;
	copy.sig[12] = 9;
	EXPECT_EQ(SEC_E_MESSAGE_ALTERED, VerifySignature(&d.server, msg_desc(&copy), 9, &qop));
	copy = m7;
	copy.text[0] ^= 1;
	EXPECT_EQ(SEC_E_MESSAGE_ALTERED, VerifySignature(&d.server, msg_desc(&copy), 7, &qop));
	copy = m7;
	copy.sig[5] ^= 1;
	EXPECT_EQ(SEC_E_MESSAGE_ALTERED, VerifySignature(&d.server, msg_desc(&copy), 7, &qop));
	/* a client's message is not the server's */
	EXPECT_EQ(SEC_E_MESSAGE_ALTERED, VerifySignature(&d.client, msg_desc(&m7), 7, &qop));

	/* sealed: altered data, or another number */
	msg_text(&m8, 8);
	ASSERT_EQ(SEC_E_OK, EncryptMessage(&d.server, 0, msg_desc(&m8), 8));
	copy = m8;
	copy.text[1] ^= 4;
	EXPECT_EQ(SEC_E_MESSAGE_ALTERED, DecryptMessage(&d.client, msg_desc(&copy), 8, &qop));
	/* left as it came */
	copy.text[1] ^= 4;
	EXPECT_EQ(0, memcmp(copy.text, m8.text, sizeof(m8.text)));
	copy = m8;
	EXPECT_EQ(SEC_E_MESSAGE_ALTERED, DecryptMessage(&d.client, msg_desc(&copy), 0, &qop));
	EXPECT_EQ(SEC_E_OK, DecryptMessage(&d.client, msg_desc(&m8), 8, &qop));
	dg_free(&d);
}

/* A wrong password is refused at the last leg. */
TEST_F(dg, wrong_password)
{
	struct dg d;

	dg_run(&d, "Wrong", DG_ISC, DG_ASC, true);
	ASSERT_EQ(SEC_E_OK, d.isc2);
	EXPECT_EQ(SEC_E_LOGON_DENIED, d.asc2);
	dg_free(&d);
}

/* Datagram and connection together cannot be. */
TEST_F(dg, with_connection)
{
	struct dg d;

	dg_run(&d, "Password", DG_ISC | ISC_REQ_CONNECTION, DG_ASC, true);
	EXPECT_EQ(SEC_E_INVALID_PARAMETER, d.isc1);
	dg_free(&d);
	dg_run(&d, "Password", DG_ISC, DG_ASC | ASC_REQ_CONNECTION, true);
	EXPECT_EQ(SEC_E_INVALID_PARAMETER, d.asc1);
	dg_free(&d);
}

/*
 * Datagram mode is for NTLMv2 only: a client at a level that sends NTLMv1
 * (0 to 2), and an anonymous one, are refused at the first call; levels 3
 * to 5 go on.
 */
TEST_F(dg, policy)
{
	CredHandle cred;
	CtxtHandle ctx;
	struct leg t;
	ULONG level, attrs;

	for (level = 0; level <= 5; level++) {
		TH_LOG("level %u", level);
		ASSERT_EQ(SEC_E_OK, client_cred("Password", level, &cred));
		EXPECT_EQ(level <= 2 ? SEC_E_UNSUPPORTED_FUNCTION : SEC_I_CONTINUE_NEEDED,
			  InitializeSecurityContextA(&cred, NULL, TARGET, DG_ISC, 0,
						     SECURITY_NATIVE_DREP, NULL, 0, &ctx,
						     leg_init(&t), &attrs, NULL));
		if (level > 2)
			DeleteSecurityContext(&ctx);
		EXPECT_EQ(SEC_E_UNSUPPORTED_FUNCTION,
			  InitializeSecurityContextA(&cred, NULL, TARGET,
						     DG_ISC | ISC_REQ_NULL_SESSION, 0,
						     SECURITY_NATIVE_DREP, NULL, 0, &ctx,
						     leg_init(&t), &attrs, NULL));
		FreeCredentialsHandle(&cred);
	}
}

/*
 * A connection-mode start: the client's NEGOTIATE into @neg, and the
 * status of the acceptor's answer (asking @asc) into @chal.
 */
static SECURITY_STATUS conn_start(CredHandle *cc, CredHandle *sc, ULONG isc, ULONG asc,
				  CtxtHandle *c, CtxtHandle *s, struct leg *neg,
				  struct leg *chal)
{
	SECURITY_STATUS st;
	ULONG attrs;

	st = InitializeSecurityContextA(cc, NULL, TARGET, isc, 0, SECURITY_NATIVE_DREP,
					NULL, 0, c, leg_init(neg), &attrs, NULL);
	if (st != SEC_I_CONTINUE_NEEDED)
		return -1;
	return AcceptSecurityContext(sc, NULL, &neg->desc, asc, SECURITY_NATIVE_DREP, s,
				     leg_init(chal), &attrs, NULL);
}

/*
 * The two modes do not mix: a datagram acceptor takes no NEGOTIATE, a
 * datagram client no CHALLENGE without DATAGRAM, and a datagram acceptor no
 * AUTHENTICATE from a connection-mode client (here at level 2, whose NTLMv1
 * a datagram acceptor never takes) nor one whose DATAGRAM flag was taken
 * off (its MIC, over CHALLENGE and AUTHENTICATE, no longer verifies).
 */
TEST_F(dg, modes_do_not_mix)
{
	struct leg neg, chal, auth, out;
	CredHandle ccred, scred;
	CtxtHandle c, s;
	ULONG attrs;
	struct dg d;

	ASSERT_EQ(SEC_E_OK, client_cred("Password", 2, &ccred));
	ASSERT_EQ(SEC_E_OK, server_cred(&scred));
	EXPECT_EQ(SEC_E_INVALID_TOKEN, conn_start(&ccred, &scred, ISC_REQ_CONNECTION, DG_ASC,
						  &c, &s, &neg, &chal));
	ASSERT_EQ(SEC_I_CONTINUE_NEEDED,
		  AcceptSecurityContext(&scred, NULL, NULL, DG_ASC, SECURITY_NATIVE_DREP, &s,
					leg_init(&chal), &attrs, NULL));
	ASSERT_EQ(SEC_E_OK,
		  InitializeSecurityContextA(NULL, &c, TARGET, ISC_REQ_CONNECTION, 0,
					     SECURITY_NATIVE_DREP, &chal.desc, 0, &c,
					     leg_init(&auth), &attrs, NULL));
	EXPECT_EQ(24, auth.data[20] | auth.data[21] << 8);	/* NTLMv1 */
	EXPECT_EQ(SEC_E_LOGON_DENIED,
		  AcceptSecurityContext(NULL, &s, &auth.desc, DG_ASC, SECURITY_NATIVE_DREP,
					&s, leg_init(&out), &attrs, NULL));
	DeleteSecurityContext(&c);
	DeleteSecurityContext(&s);

	/* a connection-mode acceptor's CHALLENGE to a datagram client */
	ASSERT_EQ(SEC_I_CONTINUE_NEEDED, conn_start(&ccred, &scred, ISC_REQ_CONNECTION,
						    ASC_REQ_CONNECTION, &c, &s, &neg, &chal));
	EXPECT_FALSE(get32(chal.data + CHALLENGE_FLAGS_AT) & F_DATAGRAM);
	DeleteSecurityContext(&c);
	DeleteSecurityContext(&s);
	FreeCredentialsHandle(&ccred);
	ASSERT_EQ(SEC_E_OK, client_cred("Password", SECPKG_NTLM_LM_COMPATIBILITY_DEFAULT,
					&ccred));
	ASSERT_EQ(SEC_I_CONTINUE_NEEDED,
		  InitializeSecurityContextA(&ccred, NULL, TARGET, DG_ISC, 0,
					     SECURITY_NATIVE_DREP, NULL, 0, &c, leg_init(&neg),
					     &attrs, NULL));
	EXPECT_EQ(SEC_E_INVALID_TOKEN,
		  InitializeSecurityContextA(NULL, &c, TARGET, DG_ISC, 0, SECURITY_NATIVE_DREP,
					     &chal.desc, 0, &c, leg_init(&auth), &attrs,
					     NULL));
	DeleteSecurityContext(&c);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);

	/* the DATAGRAM flag taken off a datagram AUTHENTICATE */
	dg_run(&d, "Password", DG_ISC, DG_ASC, false);
	ASSERT_EQ(SEC_E_OK, d.isc2);
	d.authenticate.data[AUTHENTICATE_FLAGS_AT] &= ~F_DATAGRAM;
	EXPECT_EQ(SEC_E_LOGON_DENIED,
		  AcceptSecurityContext(NULL, &d.server, &d.authenticate.desc, DG_ASC,
					SECURITY_NATIVE_DREP, &d.server, leg_init(&d.last),
					&d.sattrs, NULL));
	dg_free(&d);
}

/* A connection-mode context keeps its own numbers: MessageSeqNo is ignored. */
TEST_F(dg, connection_mode_ignores_seqno)
{
	struct leg neg, chal, auth, out;
	CredHandle ccred, scred;
	CtxtHandle c, s;
	struct msg m;
	ULONG attrs, qop;

	ASSERT_EQ(SEC_E_OK, client_cred("Password", SECPKG_NTLM_LM_COMPATIBILITY_DEFAULT,
					&ccred));
	ASSERT_EQ(SEC_E_OK, server_cred(&scred));
	ASSERT_EQ(SEC_I_CONTINUE_NEEDED,
		  conn_start(&ccred, &scred, ISC_REQ_CONFIDENTIALITY, ASC_REQ_CONFIDENTIALITY,
			     &c, &s, &neg, &chal));
	ASSERT_EQ(SEC_E_OK,
		  InitializeSecurityContextA(NULL, &c, TARGET, ISC_REQ_CONFIDENTIALITY, 0,
					     SECURITY_NATIVE_DREP, &chal.desc, 0, &c,
					     leg_init(&auth), &attrs, NULL));
	ASSERT_EQ(SEC_E_OK,
		  AcceptSecurityContext(NULL, &s, &auth.desc, ASC_REQ_CONFIDENTIALITY,
					SECURITY_NATIVE_DREP, &s, leg_init(&out), &attrs,
					NULL));
	msg_text(&m, 1);
	ASSERT_EQ(SEC_E_OK, EncryptMessage(&c, 0, msg_desc(&m), 5));
	EXPECT_EQ(0, get32(m.sig + 12));
	EXPECT_EQ(SEC_E_OK, DecryptMessage(&s, msg_desc(&m), 9, &qop));
	DeleteSecurityContext(&c);
	DeleteSecurityContext(&s);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

TEST_HARNESS_MAIN
