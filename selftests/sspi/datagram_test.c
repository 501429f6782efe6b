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

/* An outbound credential for Domain\User with @password at @level. */
static SECURITY_STATUS client_cred(const char *password, ULONG level, CredHandle *cred)
{
	return acquire_at_level("User", "Domain", password, SECPKG_CRED_OUTBOUND, level, cred);
}

/* What the handshakes here ask for: Domain\User with @password, @isc, @asc. */
static struct handshake *handshake_as(struct handshake *h, const char *password, ULONG isc,
				      ULONG asc)
{
	handshake_init(h);
	h->target = TARGET;
	h->password = password;
	h->isc = isc;
	h->asc = asc;
	return h;
}

/* A whole handshake, each call made only if the one before went as the protocol goes. */
static void dg_run(struct run *r, const char *password, ULONG isc, ULONG asc)
{
	struct handshake h;

	handshake_run(NULL, run_init(r), handshake_as(&h, password, isc, asc));
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
	struct run d;

	dg_run(&d, "Password", DG_ISC, DG_ASC);
	ASSERT_EQ(SEC_I_CONTINUE_NEEDED, d.negotiate_status);
	EXPECT_EQ(0, d.negotiate.buf.cbBuffer);	/* no NEGOTIATE */
	EXPECT_FALSE(d.negotiate_attrs & (ISC_RET_DATAGRAM | ISC_RET_CONNECTION));
	ASSERT_EQ(SEC_I_CONTINUE_NEEDED, d.challenge_status);
	ASSERT_LE(32, d.challenge.buf.cbBuffer);
	EXPECT_EQ(0, memcmp(d.challenge.data, "NTLMSSP\0\2\0\0\0", 12));
	cf = get32(d.challenge.data + CHALLENGE_FLAGS_AT);
	EXPECT_EQ(F_DATAGRAM | F_KEY_EXCH | F_ESS | F_SIGN | F_SEAL | F_128 | F_UNICODE,
		  cf & (F_DATAGRAM | F_KEY_EXCH | F_ESS | F_SIGN | F_SEAL | F_128 |
			F_UNICODE));
	ASSERT_EQ(SEC_E_OK, d.client_status);
	ASSERT_LE(64, d.authenticate.buf.cbBuffer);
	EXPECT_EQ(0, memcmp(d.authenticate.data, "NTLMSSP\0\3\0\0\0", 12));
	af = get32(d.authenticate.data + AUTHENTICATE_FLAGS_AT);
	EXPECT_EQ(F_DATAGRAM | F_KEY_EXCH | F_ESS | F_SEAL,
		  af & (F_DATAGRAM | F_KEY_EXCH | F_ESS | F_SEAL));
	/* NTLMv2: more than the 24 bytes of an NTLMv1 NtChallengeResponse */
	EXPECT_LT(24, d.authenticate.data[20] | d.authenticate.data[21] << 8);
	/* datagram, not connection; no order kept by the context */
	EXPECT_EQ(ISC_RET_DATAGRAM | ISC_RET_INTEGRITY | ISC_RET_CONFIDENTIALITY,
		  d.client_attrs & (ISC_RET_DATAGRAM | ISC_RET_CONNECTION | ISC_RET_INTEGRITY |
			      ISC_RET_CONFIDENTIALITY | ISC_RET_REPLAY_DETECT |
			      ISC_RET_SEQUENCE_DETECT));
	ASSERT_EQ(SEC_E_OK, d.server_status);
	EXPECT_EQ(0, d.done.buf.cbBuffer);
	EXPECT_EQ(ASC_RET_DATAGRAM | ASC_RET_INTEGRITY | ASC_RET_CONFIDENTIALITY,
		  d.server_attrs & (ASC_RET_DATAGRAM | ASC_RET_CONNECTION | ASC_RET_INTEGRITY |
			      ASC_RET_CONFIDENTIALITY | ASC_RET_REPLAY_DETECT |
			      ASC_RET_SEQUENCE_DETECT));
	ASSERT_EQ(SEC_E_OK, QueryContextAttributesA(&d.client, SECPKG_ATTR_SESSION_KEY, &ck));
	ASSERT_EQ(SEC_E_OK, QueryContextAttributesA(&d.server, SECPKG_ATTR_SESSION_KEY, &sk));
	ASSERT_EQ(16, ck.SessionKeyLength);
	EXPECT_EQ(0, memcmp(ck.SessionKey, sk.SessionKey, 16));
	FreeContextBuffer(ck.SessionKey);
	FreeContextBuffer(sk.SessionKey);
	run_free(&d);
}

/* Sealed messages 1, 2, 3 each way, opened 3, 1, 2: none needs another. */
TEST_F(dg, sealed_out_of_order)
{
	static const unsigned int order[] = { 3, 1, 2 };
	CtxtHandle *from[2], *to[2];
	struct msg m[4];
	unsigned int i, n, dir;
	ULONG qop;
	struct run d;

	dg_run(&d, "Password", DG_ISC, DG_ASC);
	ASSERT_EQ(SEC_E_OK, d.server_status);
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
			qop = 0xdeadbeef;
			ASSERT_EQ(SEC_E_OK, DecryptMessage(to[dir], msg_desc(&m[n]), n, &qop));
			/* left as it was, as Windows leaves it (windows_test.c) */
			EXPECT_EQ(0xdeadbeef, qop);
			EXPECT_EQ(0, memcmp(want.text, m[n].text, sizeof(want.text)));
		}
	}
	run_free(&d);
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
	struct run d;

	dg_run(&d, "Password", DG_ISC, DG_ASC);
	ASSERT_EQ(SEC_E_OK, d.server_status);
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
	run_free(&d);
}

/* A wrong password is refused at the last leg. */
TEST_F(dg, wrong_password)
{
	struct run d;

	dg_run(&d, "Wrong", DG_ISC, DG_ASC);
	ASSERT_EQ(SEC_E_OK, d.client_status);
	EXPECT_EQ(SEC_E_LOGON_DENIED, d.server_status);
	run_free(&d);
}

/* Datagram and connection together cannot be. */
TEST_F(dg, with_connection)
{
	struct run d;

	dg_run(&d, "Password", DG_ISC | ISC_REQ_CONNECTION, DG_ASC);
	EXPECT_EQ(SEC_E_INVALID_PARAMETER, d.negotiate_status);
	run_free(&d);
	dg_run(&d, "Password", DG_ISC, DG_ASC | ASC_REQ_CONNECTION);
	EXPECT_EQ(SEC_E_INVALID_PARAMETER, d.challenge_status);
	run_free(&d);
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

/* The NEGOTIATE lost on its way: the server hears nothing before the CHALLENGE. */
static void drop_negotiate(struct __test_metadata *_metadata, struct run *r,
			   enum hs_token t, struct leg *l, void *arg)
{
	if (t == HS_NEGOTIATE)
		l->buf.cbBuffer = 0;
}

/* Another CHALLENGE (@arg, a struct leg) in place of the server's. */
static void replace_challenge(struct __test_metadata *_metadata, struct run *r,
			      enum hs_token t, struct leg *l, void *arg)
{
	const struct leg *other = arg;

	if (t != HS_CHALLENGE)
		return;
	memcpy(l->data, other->data, other->buf.cbBuffer);
	l->buf.cbBuffer = other->buf.cbBuffer;
}

/* The DATAGRAM flag taken off the AUTHENTICATE. */
static void clear_datagram(struct __test_metadata *_metadata, struct run *r,
			   enum hs_token t, struct leg *l, void *arg)
{
	if (t == HS_AUTHENTICATE)
		l->data[AUTHENTICATE_FLAGS_AT] &= ~F_DATAGRAM;
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
	struct handshake h;
	struct run r, conn;

	handshake_as(&h, "Password", ISC_REQ_CONNECTION, DG_ASC)->client_level = 2;
	handshake_run(_metadata, run_init(&r), &h);
	ASSERT_EQ(SEC_I_CONTINUE_NEEDED, r.negotiate_status);
	EXPECT_EQ(SEC_E_INVALID_TOKEN, r.challenge_status);
	run_free(&r);
	h.tamper = drop_negotiate;
	handshake_run(_metadata, run_init(&r), &h);
	ASSERT_EQ(SEC_I_CONTINUE_NEEDED, r.challenge_status);
	ASSERT_EQ(SEC_E_OK, r.client_status);
	EXPECT_EQ(24, get16(r.authenticate.data + AUTH_NT_OFF));	/* NTLMv1 */
	EXPECT_EQ(SEC_E_LOGON_DENIED, r.server_status);
	run_free(&r);

	/* a connection-mode acceptor's CHALLENGE to a datagram client */
	handshake_as(&h, "Password", ISC_REQ_CONNECTION, ASC_REQ_CONNECTION)->client_level = 2;
	h.last = HS_CHALLENGE;
	ASSERT_EQ(SEC_E_OK, handshake_run(_metadata, run_init(&conn), &h));
	EXPECT_FALSE(get32(conn.challenge.data + CHALLENGE_FLAGS_AT) & F_DATAGRAM);
	handshake_as(&h, "Password", DG_ISC, DG_ASC);
	h.tamper = replace_challenge;
	h.arg = &conn.challenge;
	handshake_run(_metadata, run_init(&r), &h);
	ASSERT_EQ(SEC_I_CONTINUE_NEEDED, r.challenge_status);
	EXPECT_EQ(SEC_E_INVALID_TOKEN, r.client_status);
	run_free(&r);
	run_free(&conn);

	/* the DATAGRAM flag taken off a datagram AUTHENTICATE */
	handshake_as(&h, "Password", DG_ISC, DG_ASC)->tamper = clear_datagram;
	handshake_run(_metadata, run_init(&r), &h);
	ASSERT_EQ(SEC_E_OK, r.client_status);
	EXPECT_EQ(SEC_E_LOGON_DENIED, r.server_status);
	run_free(&r);
}

/* A connection-mode context keeps its own numbers: MessageSeqNo is ignored. */
TEST_F(dg, connection_mode_ignores_seqno)
{
	struct handshake h;
	struct msg m;
	struct run r;
	ULONG qop;

	handshake_as(&h, "Password", ISC_REQ_CONFIDENTIALITY, ASC_REQ_CONFIDENTIALITY);
	ASSERT_EQ(SEC_E_OK, handshake_run(_metadata, run_init(&r), &h));
	msg_text(&m, 1);
	ASSERT_EQ(SEC_E_OK, EncryptMessage(&r.client, 0, msg_desc(&m), 5));
	EXPECT_EQ(0, get32(m.sig + 12));
	EXPECT_EQ(SEC_E_OK, DecryptMessage(&r.server, msg_desc(&m), 9, &qop));
	run_free(&r);
}

TEST_HARNESS_MAIN
