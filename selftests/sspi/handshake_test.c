// SPDX-License-Identifier: GPL-2.0
/*
 * NTLMv2 through libsspi, both sides in the kernel: credentials, the four
 * legs, what the contexts report, and every way a handshake must fail
 * closed (wrong password, unknown user, no account store, replays, bad MIC,
 * truncated tokens, foreign handles).
 */
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "guest.h"
#include "kmsg.h"

FIXTURE(hs) {
	struct run r;	/* credentials made here, a handshake's contexts and tokens */
	int kmsg;
};

FIXTURE_SETUP(hs)
{
	struct handshake h;

	ASSERT_EQ(0, only_default_account());
	/* Domain\User with "Password", and an acceptor */
	ASSERT_EQ(SEC_E_OK, run_acquire(run_init(&self->r), handshake_init(&h)));
	self->kmsg = kmsg_open_at_end();
}

FIXTURE_TEARDOWN(hs)
{
	run_free(&self->r);
	if (self->kmsg >= 0) {
		EXPECT_EQ(0, kmsg_new_records(self->kmsg));
		close(self->kmsg);
	}
}

/* What these tests ask for: the fixture's credentials, @target. */
static struct handshake *fixture_handshake(struct handshake *h, const char *target)
{
	handshake_init(h);
	h->creds_given = true;
	h->target = target;
	return h;
}

/* The first three legs: NEGOTIATE, CHALLENGE, AUTHENTICATE. */
static void three_legs(struct __test_metadata *_metadata, FIXTURE_DATA(hs) *self)
{
	struct handshake h;

	fixture_handshake(&h, "HTTP/server.example")->last = HS_AUTHENTICATE;
	handshake_run(_metadata, &self->r, &h);
	ASSERT_EQ(SEC_I_CONTINUE_NEEDED, self->r.negotiate_status);
	ASSERT_LE(40, self->r.negotiate.buf.cbBuffer);
	EXPECT_EQ(0, memcmp(self->r.negotiate.data, "NTLMSSP\0\1\0\0\0", 12));
	ASSERT_EQ(SEC_I_CONTINUE_NEEDED, self->r.challenge_status);
	EXPECT_EQ(0, memcmp(self->r.challenge.data, "NTLMSSP\0\2\0\0\0", 12));
	ASSERT_EQ(SEC_E_OK, self->r.client_status);
	EXPECT_EQ(0, memcmp(self->r.authenticate.data, "NTLMSSP\0\3\0\0\0", 12));
}

/* The server's last call, with the AUTHENTICATE as it is now. */
static SECURITY_STATUS last_leg(FIXTURE_DATA(hs) *self)
{
	struct handshake h;

	return handshake_call(&self->r, fixture_handshake(&h, NULL), HS_DONE);
}

TEST_F(hs, ntlmv2_handshake)
{
	SecPkgContext_SessionKey ck, sk;
	SecPkgContext_NamesA names;
	SecPkgContext_Sizes sizes;
	SecPkgContext_Flags flags;

	three_legs(_metadata, self);
	ASSERT_EQ(SEC_E_OK, last_leg(self));
	EXPECT_EQ(0, self->r.done.buf.cbBuffer);

	EXPECT_EQ(ISC_RET_CONNECTION | ISC_RET_INTEGRITY | ISC_RET_CONFIDENTIALITY |
		  ISC_RET_REPLAY_DETECT | ISC_RET_SEQUENCE_DETECT, self->r.client_attrs);
	EXPECT_EQ(ASC_RET_CONNECTION | ASC_RET_INTEGRITY | ASC_RET_CONFIDENTIALITY |
		  ASC_RET_REPLAY_DETECT | ASC_RET_SEQUENCE_DETECT, self->r.server_attrs);

	ASSERT_EQ(SEC_E_OK, QueryContextAttributesA(&self->r.server, SECPKG_ATTR_NAMES, &names));
	EXPECT_STREQ("Domain\\User", names.sUserName);
	FreeContextBuffer(names.sUserName);
	ASSERT_EQ(SEC_E_OK, QueryContextAttributesA(&self->r.client, SECPKG_ATTR_NAMES, &names));
	EXPECT_STREQ("Domain\\User", names.sUserName);
	FreeContextBuffer(names.sUserName);

	ASSERT_EQ(SEC_E_OK, QueryContextAttributesA(&self->r.client, SECPKG_ATTR_SESSION_KEY, &ck));
	ASSERT_EQ(SEC_E_OK, QueryContextAttributesA(&self->r.server, SECPKG_ATTR_SESSION_KEY, &sk));
	ASSERT_EQ(16, ck.SessionKeyLength);
	ASSERT_EQ(16, sk.SessionKeyLength);
	EXPECT_EQ(0, memcmp(ck.SessionKey, sk.SessionKey, 16));
	FreeContextBuffer(ck.SessionKey);
	FreeContextBuffer(sk.SessionKey);

	ASSERT_EQ(SEC_E_OK, QueryContextAttributesA(&self->r.client, SECPKG_ATTR_SIZES, &sizes));
	EXPECT_EQ(2888, sizes.cbMaxToken);
	EXPECT_EQ(16, sizes.cbMaxSignature);
	EXPECT_EQ(16, sizes.cbSecurityTrailer);
	EXPECT_EQ(0, sizes.cbBlockSize);
	ASSERT_EQ(SEC_E_OK, QueryContextAttributesA(&self->r.server, SECPKG_ATTR_FLAGS, &flags));
	EXPECT_EQ(self->r.server_attrs, flags.Flags);
	EXPECT_EQ(SEC_E_UNSUPPORTED_FUNCTION,
		  QueryContextAttributesA(&self->r.server, SECPKG_ATTR_DCE_INFO, &flags));
	EXPECT_EQ(SEC_E_OK, CompleteAuthToken(&self->r.client, NULL));
}

TEST_F(hs, wrong_password_is_denied)
{
	FreeCredentialsHandle(&self->r.client_cred);
	ASSERT_EQ(SEC_E_OK, acquire_user("User", "Domain", "Passw0rd", SECPKG_CRED_OUTBOUND,
				         &self->r.client_cred));
	three_legs(_metadata, self);
	EXPECT_EQ(SEC_E_LOGON_DENIED, last_leg(self));
	/* and the context is dead */
	EXPECT_EQ(SEC_E_INVALID_TOKEN, last_leg(self));
}

TEST_F(hs, unknown_user_is_denied)
{
	FreeCredentialsHandle(&self->r.client_cred);
	ASSERT_EQ(SEC_E_OK, acquire_user("Nobody", "Domain", "Password", SECPKG_CRED_OUTBOUND,
				         &self->r.client_cred));
	three_legs(_metadata, self);
	EXPECT_EQ(SEC_E_LOGON_DENIED, last_leg(self));
}

TEST_F(hs, no_account_store)
{
	ASSERT_EQ(0, sspictl("account flush", NULL));
	three_legs(_metadata, self);
	EXPECT_EQ(SEC_E_NO_AUTHENTICATING_AUTHORITY, last_leg(self));
}

TEST_F(hs, replayed_authenticate_is_refused)
{
	CtxtHandle other;
	struct leg chal;
	TimeStamp expiry;

	three_legs(_metadata, self);
	ASSERT_EQ(SEC_E_OK, last_leg(self));
	EXPECT_EQ(SEC_E_INVALID_TOKEN, last_leg(self));
	/* to another server context, which sent its own challenge */
	leg_init(&chal);
	ASSERT_EQ(SEC_I_CONTINUE_NEEDED,
		  AcceptSecurityContext(&self->r.server_cred, NULL, &self->r.negotiate.desc,
					ASC_FLAGS, 0, &other, &chal.desc, &self->r.server_attrs,
					&expiry));
	EXPECT_EQ(SEC_E_LOGON_DENIED,
		  AcceptSecurityContext(NULL, &other, &self->r.authenticate.desc, ASC_FLAGS, 0,
					&other, &self->r.done.desc, &self->r.server_attrs, NULL));
	DeleteSecurityContext(&other);
}

TEST_F(hs, authenticate_without_challenge_is_refused)
{
	CtxtHandle other;
	TimeStamp expiry;

	three_legs(_metadata, self);
	EXPECT_EQ(SEC_E_INVALID_TOKEN,
		  AcceptSecurityContext(&self->r.server_cred, NULL, &self->r.authenticate.desc,
					ASC_FLAGS, 0, &other, &self->r.done.desc,
					&self->r.server_attrs, &expiry));
}

TEST_F(hs, altered_mic_is_denied)
{
	three_legs(_metadata, self);
	self->r.authenticate.data[72] ^= 1;	/* the MIC */
	EXPECT_EQ(SEC_E_LOGON_DENIED, last_leg(self));
}

TEST_F(hs, altered_proof_is_denied)
{
	unsigned char *a = self->r.authenticate.data;
	unsigned int nt_off = a[24] | a[25] << 8;

	three_legs(_metadata, self);
	nt_off = a[24] | a[25] << 8;
	a[nt_off] ^= 0x80;		/* NTProofStr */
	EXPECT_EQ(SEC_E_LOGON_DENIED, last_leg(self));
}

TEST_F(hs, truncated_authenticate_is_invalid_token)
{
	ULONG full;
	ULONG len;

	three_legs(_metadata, self);
	full = self->r.authenticate.buf.cbBuffer;
	for (len = 1; len < full; len++) {
		CtxtHandle srv;
		struct leg chal, out;
		TimeStamp expiry;

		leg_init(&chal);
		leg_init(&out);
		ASSERT_EQ(SEC_I_CONTINUE_NEEDED,
			  AcceptSecurityContext(&self->r.server_cred, NULL, &self->r.negotiate.desc,
						ASC_FLAGS, 0, &srv, &chal.desc,
						&self->r.server_attrs, &expiry));
		self->r.authenticate.buf.cbBuffer = len;
		EXPECT_EQ(SEC_E_INVALID_TOKEN,
			  AcceptSecurityContext(NULL, &srv, &self->r.authenticate.desc, ASC_FLAGS,
						0, &srv, &out.desc, &self->r.server_attrs, NULL))
			TH_LOG("length %u of %u", len, full);
		DeleteSecurityContext(&srv);
	}
	self->r.authenticate.buf.cbBuffer = full;
}

TEST_F(hs, truncated_negotiate_is_invalid_token)
{
	TimeStamp expiry;
	ULONG len, full;

	three_legs(_metadata, self);
	full = self->r.negotiate.buf.cbBuffer;
	for (len = 0; len < full; len++) {
		CtxtHandle srv = { 0 };

		self->r.negotiate.buf.cbBuffer = len;
		if (len >= 32) {
			/*
			 * the header alone, or with padding shorter than a
			 * VERSION, is a NEGOTIATE without VERSION: valid
			 */
			EXPECT_EQ(SEC_I_CONTINUE_NEEDED,
				  AcceptSecurityContext(&self->r.server_cred, NULL,
							&self->r.negotiate.desc, ASC_FLAGS, 0,
							&srv, &self->r.done.desc,
							&self->r.server_attrs, &expiry));
			DeleteSecurityContext(&srv);
			continue;
		}
		EXPECT_EQ(SEC_E_INVALID_TOKEN,
			  AcceptSecurityContext(&self->r.server_cred, NULL, &self->r.negotiate.desc,
						ASC_FLAGS, 0, &srv, &self->r.done.desc,
						&self->r.server_attrs, &expiry))
			TH_LOG("length %u of %u", len, full);
		EXPECT_EQ(0, srv.dwLower);
	}
}

TEST_F(hs, caller_buffers)
{
	CtxtHandle ctx;
	struct leg small;
	SecBuffer *tok;
	SecBufferDesc desc = { SECBUFFER_VERSION, 1, NULL };
	TimeStamp expiry;
	ULONG attrs;

	/* too small: nothing made, the caller may try again */
	leg_init(&small);
	small.buf.cbBuffer = 8;
	EXPECT_EQ(SEC_E_BUFFER_TOO_SMALL,
		  InitializeSecurityContextA(&self->r.client_cred, NULL, NULL, ISC_FLAGS, 0, 0,
					     NULL, 0, &ctx, &small.desc, &attrs, &expiry));
	/* ISC_REQ_ALLOCATE_MEMORY: the package allocates, FreeContextBuffer frees */
	tok = &small.buf;
	tok->cbBuffer = 0;
	tok->pvBuffer = NULL;
	ASSERT_EQ(SEC_I_CONTINUE_NEEDED,
		  InitializeSecurityContextA(&self->r.client_cred, NULL, NULL,
					     ISC_FLAGS | ISC_REQ_ALLOCATE_MEMORY, 0, 0, NULL, 0,
					     &ctx, &small.desc, &attrs, &expiry));
	EXPECT_NE(NULL, tok->pvBuffer);
	EXPECT_LE(40, tok->cbBuffer);
	EXPECT_TRUE(attrs & ISC_RET_ALLOCATED_MEMORY);
	EXPECT_EQ(SEC_E_OK, FreeContextBuffer(tok->pvBuffer));
	EXPECT_EQ(SEC_E_OK, DeleteSecurityContext(&ctx));
	/* no token buffer at all */
	EXPECT_EQ(SEC_E_INVALID_TOKEN,
		  InitializeSecurityContextA(&self->r.client_cred, NULL, NULL, ISC_FLAGS, 0, 0,
					     NULL, 0, &ctx, &desc, &attrs, &expiry));
}

TEST_F(hs, bad_handles)
{
	CtxtHandle ctx, bogus = { 0x1234, 2 };
	TimeStamp expiry;
	ULONG attrs;
	pid_t child;
	int status;

	EXPECT_EQ(SEC_E_INVALID_HANDLE,
		  InitializeSecurityContextA(&self->r.client_cred, &bogus, NULL, ISC_FLAGS, 0, 0,
					     &self->r.challenge.desc, 0, &ctx,
					     &self->r.negotiate.desc, &attrs, &expiry));
	EXPECT_EQ(SEC_E_INVALID_HANDLE, DeleteSecurityContext(&bogus));
	three_legs(_metadata, self);
	/* another process (its own socket) cannot use ours */
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		SecPkgContext_Flags f;

		_exit(QueryContextAttributesA(&self->r.client, SECPKG_ATTR_FLAGS, &f) ==
		      SEC_E_INVALID_HANDLE &&
		      DeleteSecurityContext(&self->r.client) == SEC_E_INVALID_HANDLE ? 0 : 1);
	}
	waitpid(child, &status, 0);
	EXPECT_EQ(0, status);
	/* a context handle is no credential handle, and the reverse */
	EXPECT_EQ(SEC_E_INVALID_HANDLE, FreeCredentialsHandle((PCredHandle)&self->r.client));
	EXPECT_EQ(SEC_E_OK, DeleteSecurityContext(&self->r.client));
	EXPECT_EQ(SEC_E_INVALID_HANDLE, DeleteSecurityContext(&self->r.client));
}

TEST_F(hs, credential_statuses)
{
	CredHandle cred;
	TimeStamp expiry;

	EXPECT_EQ(SEC_E_SECPKG_NOT_FOUND,
		  AcquireCredentialsHandleA(NULL, "Kerberos", SECPKG_CRED_INBOUND, NULL, NULL,
					    NULL, NULL, &cred, &expiry));
	EXPECT_EQ(SEC_E_UNKNOWN_CREDENTIALS,
		  AcquireCredentialsHandleA(NULL, "NTLM", 0x10, NULL, NULL, NULL, NULL, &cred,
					    &expiry));
	EXPECT_EQ(SEC_E_NO_CREDENTIALS,
		  AcquireCredentialsHandleA(NULL, "NTLM", SECPKG_CRED_OUTBOUND, NULL, NULL,
					    NULL, NULL, &cred, &expiry));
	EXPECT_EQ(SEC_E_NO_CREDENTIALS, acquire_user("User", "Domain", "", SECPKG_CRED_OUTBOUND,
						&cred));
	EXPECT_EQ(SEC_E_NO_CREDENTIALS, acquire_user("User", "Domain", NULL, SECPKG_CRED_OUTBOUND,
						&cred));
	/* an inbound credential cannot initiate */
	EXPECT_EQ(SEC_E_NO_CREDENTIALS,
		  InitializeSecurityContextA(&self->r.server_cred, NULL, NULL, ISC_FLAGS, 0, 0,
					     NULL, 0, &self->r.client, &self->r.negotiate.desc,
					     NULL, NULL));
	/* CONNECTION and DATAGRAM together */
	EXPECT_EQ(SEC_E_INVALID_PARAMETER,
		  InitializeSecurityContextA(&self->r.client_cred, NULL, NULL,
					     ISC_REQ_CONNECTION | ISC_REQ_DATAGRAM, 0, 0, NULL, 0,
					     &self->r.client, &self->r.negotiate.desc, NULL, NULL));
}

/* A SEC_CHANNEL_BINDINGS with application data @app, as for TLS. */
struct bindings {
	SEC_CHANNEL_BINDINGS hdr;
	char data[32];
};

static void bindings_init(struct bindings *b, const char *app)
{
	memset(b, 0, sizeof(*b));
	b->hdr.cbApplicationDataLength = strlen(app);
	b->hdr.dwApplicationDataOffset = sizeof(b->hdr);
	memcpy(b->data, app, strlen(app));
}

/* The handshake with channel bindings given to the client and the server. */
static SECURITY_STATUS bound_handshake(struct __test_metadata *_metadata,
				       FIXTURE_DATA(hs) *self, struct bindings *cb,
				       struct bindings *sb)
{
	struct handshake h;

	fixture_handshake(&h, NULL);
	if (cb)
		h.extra[HS_AUTHENTICATE] = (SecBuffer){ sizeof(*cb), SECBUFFER_CHANNEL_BINDINGS, cb };
	if (sb)
		h.extra[HS_DONE] = (SecBuffer){ sizeof(*sb), SECBUFFER_CHANNEL_BINDINGS, sb };
	handshake_run(_metadata, &self->r, &h);
	assert_client_done(_metadata, &self->r);
	return self->r.server_status;
}

TEST_F(hs, channel_bindings_match)
{
	struct bindings c, s;

	bindings_init(&c, "tls-server-end-point:abc");
	bindings_init(&s, "tls-server-end-point:abc");
	EXPECT_EQ(SEC_E_OK, bound_handshake(_metadata, self, &c, &s));
}

TEST_F(hs, channel_bindings_differ)
{
	struct bindings c, s;

	bindings_init(&c, "tls-server-end-point:abc");
	bindings_init(&s, "tls-server-end-point:abd");
	EXPECT_EQ(SEC_E_BAD_BINDINGS, bound_handshake(_metadata, self, &c, &s));
}

TEST_F(hs, channel_bindings_missing)
{
	struct bindings s;

	bindings_init(&s, "tls-server-end-point:abc");
	EXPECT_EQ(SEC_E_BAD_BINDINGS, bound_handshake(_metadata, self, NULL, &s));
}

TEST_F(hs, channel_bindings_unchecked_by_server)
{
	struct bindings c;

	bindings_init(&c, "tls-server-end-point:abc");
	EXPECT_EQ(SEC_E_OK, bound_handshake(_metadata, self, &c, NULL));
}

TEST_F(hs, channel_bindings_malformed)
{
	struct bindings s;

	bindings_init(&s, "x");
	s.hdr.dwApplicationDataOffset = 4096;	/* past its end */
	EXPECT_EQ(SEC_E_BAD_BINDINGS, bound_handshake(_metadata, self, NULL, &s));
}

TEST_F(hs, credential_names)
{
	SecPkgCredentials_NamesA a;
	SecPkgCredentials_NamesW w;

	ASSERT_EQ(SEC_E_OK, QueryCredentialsAttributesA(&self->r.client_cred,
							 SECPKG_CRED_ATTR_NAMES, &a));
	EXPECT_STREQ("Domain\\User", a.sUserName);
	FreeContextBuffer(a.sUserName);
	ASSERT_EQ(SEC_E_OK, QueryCredentialsAttributesW(&self->r.client_cred,
							 SECPKG_CRED_ATTR_NAMES, &w));
	EXPECT_EQ(0, memcmp(u"Domain\\User", w.sUserName, sizeof(u"Domain\\User")));
	FreeContextBuffer(w.sUserName);
	EXPECT_EQ(SEC_E_UNSUPPORTED_FUNCTION,
		  QueryCredentialsAttributesA(&self->r.client_cred, 0x7777, &a));
}

/* The W forms, with names and a password beyond ASCII (NTOWFv2 uppercases). */
TEST_F(hs, unicode_identity)
{
	static SEC_WCHAR user[] = u"J\u00fcrgen", dom[] = u"D\u00f6m\u00e4in",
			 pw[] = u"p\u00e4ss\u20acw\u00f6rd";
	SEC_WINNT_AUTH_IDENTITY_W id = {
		.User = (unsigned short *)user, .UserLength = 6,
		.Domain = (unsigned short *)dom, .DomainLength = 6,
		.Password = (unsigned short *)pw, .PasswordLength = 9,
		.Flags = SEC_WINNT_AUTH_IDENTITY_UNICODE,
	};
	SecPkgContext_NamesW names;
	struct handshake h;
	CredHandle cred;
	TimeStamp expiry;

	ASSERT_EQ(0, sspictl("account add D\u00f6m\u00e4in J\u00fcrgen", "p\u00e4ss\u20acw\u00f6rd\n"));
	ASSERT_EQ(SEC_E_OK, AcquireCredentialsHandleW(NULL, NTLMSP_NAME_W, SECPKG_CRED_OUTBOUND,
						       NULL, &id, NULL, NULL, &cred, &expiry));
	FreeCredentialsHandle(&self->r.client_cred);
	self->r.client_cred = cred;
	fixture_handshake(&h, NULL)->target_w = u"HTTP/s\u00e9rver";
	ASSERT_EQ(SEC_E_OK, handshake_run(_metadata, &self->r, &h));
	ASSERT_EQ(SEC_E_OK, QueryContextAttributesW(&self->r.server, SECPKG_ATTR_NAMES, &names));
	EXPECT_EQ(0, memcmp(u"D\u00f6m\u00e4in\\J\u00fcrgen", names.sUserName,
			    sizeof(u"D\u00f6m\u00e4in\\J\u00fcrgen")));
	FreeContextBuffer(names.sUserName);
}

TEST_F(hs, unusable_target_name)
{
	char target[600];

	memset(target, 'a', sizeof(target) - 1);
	target[sizeof(target) - 1] = '\0';
	EXPECT_EQ(SEC_E_TARGET_UNKNOWN,
		  InitializeSecurityContextA(&self->r.client_cred, NULL, target, ISC_FLAGS, 0, 0,
					     NULL, 0, &self->r.client, &self->r.negotiate.desc,
					     NULL, NULL));
	EXPECT_EQ(SEC_E_TARGET_UNKNOWN,
		  InitializeSecurityContextA(&self->r.client_cred, NULL, "\xc0\xaf", ISC_FLAGS, 0,
					     0, NULL, 0, &self->r.client, &self->r.negotiate.desc,
					     NULL, NULL));
}

TEST_F(hs, unfinished_handshake_expires)
{
	TimeStamp expiry;

	ASSERT_EQ(0, param_write("handshake_timeout", "1"));
	three_legs(_metadata, self);	/* the client finished in time */
	ASSERT_EQ(SEC_I_CONTINUE_NEEDED,
		  InitializeSecurityContextA(&self->r.client_cred, NULL, NULL, ISC_FLAGS, 0, 0,
					     NULL, 0, &self->r.client, &self->r.negotiate.desc,
					     &self->r.client_attrs, &expiry));
	sleep(2);
	EXPECT_EQ(SEC_E_INVALID_HANDLE, last_leg(self));
	EXPECT_EQ(SEC_E_INVALID_HANDLE,
		  InitializeSecurityContextA(NULL, &self->r.client, NULL, ISC_FLAGS, 0, 0,
					     &self->r.challenge.desc, 0, &self->r.client,
					     &self->r.authenticate.desc, &self->r.client_attrs,
					     &expiry));
	EXPECT_EQ(0, param_write("handshake_timeout", "300"));
}

TEST_F(hs, per_socket_limit)
{
	CtxtHandle ctx[4];
	TimeStamp expiry;
	int i;

	ASSERT_EQ(0, param_write("max_contexts", "3"));
	for (i = 0; i < 4; i++) {
		SECURITY_STATUS s = InitializeSecurityContextA(&self->r.client_cred, NULL, NULL,
							       ISC_FLAGS, 0, 0, NULL, 0, &ctx[i],
							       &self->r.negotiate.desc, NULL,
							       &expiry);

		EXPECT_EQ(i < 3 ? SEC_I_CONTINUE_NEEDED : SEC_E_INSUFFICIENT_MEMORY, s)
			TH_LOG("context %d", i);
	}
	for (i = 0; i < 3; i++)
		DeleteSecurityContext(&ctx[i]);
	EXPECT_EQ(0, param_write("max_contexts", "65536"));
}

/* Live contexts, once the count is @want or a second has passed (RCU frees). */
static int live_contexts_settled(int want)
{
	int i, n = live_objects("contexts");

	for (i = 0; i < 20 && n != want; i++) {
		usleep(50000);
		n = live_objects("contexts");
	}
	return n;
}

/*
 * A socket at its limit gets room from its abandoned handshakes: once
 * expired, they no longer count, their handles are withdrawn and their
 * memory freed.
 */
TEST_F(hs, expired_handshakes_make_room)
{
	CtxtHandle ctx[4];
	TimeStamp expiry;
	int i, before = live_objects("contexts");

	ASSERT_EQ(0, param_write("max_contexts", "3"));
	ASSERT_EQ(0, param_write("handshake_timeout", "1"));
	for (i = 0; i < 4; i++)
		EXPECT_EQ(i < 3 ? SEC_I_CONTINUE_NEEDED : SEC_E_INSUFFICIENT_MEMORY,
			  InitializeSecurityContextA(&self->r.client_cred, NULL, NULL, ISC_FLAGS,
						     0, 0, NULL, 0, &ctx[i],
						     leg_init(&self->r.negotiate), NULL, &expiry))
			TH_LOG("context %d", i);
	EXPECT_EQ(before + 3, live_contexts_settled(before + 3));
	sleep(2);
	EXPECT_EQ(SEC_I_CONTINUE_NEEDED,
		  InitializeSecurityContextA(&self->r.client_cred, NULL, NULL, ISC_FLAGS, 0, 0,
					     NULL, 0, &ctx[3], leg_init(&self->r.negotiate),
					     NULL, &expiry));
	EXPECT_EQ(before + 1, live_contexts_settled(before + 1));
	for (i = 0; i < 3; i++)
		EXPECT_EQ(SEC_E_INVALID_HANDLE, DeleteSecurityContext(&ctx[i]));
	EXPECT_EQ(SEC_E_OK, DeleteSecurityContext(&ctx[3]));
	EXPECT_EQ(0, param_write("handshake_timeout", "300"));
	EXPECT_EQ(0, param_write("max_contexts", "65536"));
}

/* A process that exits without freeing anything leaves nothing behind. */
TEST_F(hs, closed_socket_frees_its_objects)
{
	int creds = live_objects("credentials"), ctxs = live_objects("contexts");
	pid_t child;
	int status;

	ASSERT_LE(0, creds) TH_LOG("no /sys/kernel/debug/sspi/objects");
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		CredHandle c;
		CtxtHandle x;
		struct leg l;
		int i;

		for (i = 0; i < 10; i++) {
			leg_init(&l);
			if (acquire_user("User", "Domain", "Password", SECPKG_CRED_OUTBOUND, &c) ||
			    InitializeSecurityContextA(&c, NULL, NULL, ISC_FLAGS, 0, 0, NULL, 0,
						       &x, &l.desc, NULL, NULL) !=
			    SEC_I_CONTINUE_NEEDED)
				_exit(1);
		}
		_exit(live_objects("contexts") >= ctxs + 10 ? 0 : 2);
	}
	waitpid(child, &status, 0);
	ASSERT_EQ(0, WEXITSTATUS(status));
	usleep(200000);	/* objects go after an RCU grace period */
	EXPECT_EQ(creds, live_objects("credentials"));
	EXPECT_EQ(ctxs, live_objects("contexts"));
}

/* ISC_REQ_USE_SUPPLIED_CREDS: the identity in SECBUFFER_PKG_PARAMS wins. */
TEST_F(hs, supplied_credentials)
{
	SEC_WINNT_AUTH_IDENTITY_A other = {
		.User = (unsigned char *)"Other", .UserLength = 5,
		.Domain = (unsigned char *)"Domain", .DomainLength = 6,
		.Password = (unsigned char *)"Secret2", .PasswordLength = 7,
		.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI,
	};
	SecBuffer params = { sizeof(other), SECBUFFER_PKG_PARAMS, &other };
	SecPkgContext_NamesA names;
	struct handshake h;

	ASSERT_EQ(0, sspictl("account add Domain Other", "Secret2\n"));
	fixture_handshake(&h, NULL)->isc |= ISC_REQ_USE_SUPPLIED_CREDS;
	h.extra[HS_NEGOTIATE] = params;
	ASSERT_EQ(SEC_E_OK, handshake_run(_metadata, &self->r, &h));
	EXPECT_TRUE(self->r.client_attrs & ISC_RET_USED_SUPPLIED_CREDS);
	ASSERT_EQ(SEC_E_OK, QueryContextAttributesA(&self->r.server, SECPKG_ATTR_NAMES, &names));
	EXPECT_STREQ("Domain\\Other", names.sUserName);
	FreeContextBuffer(names.sUserName);
}

/* A non-interactive caller's ISC_REQ_PROMPT_FOR_CREDS is ignored. */
TEST_F(hs, prompt_for_creds_is_ignored)
{
	struct handshake h;

	fixture_handshake(&h, NULL)->isc |= ISC_REQ_PROMPT_FOR_CREDS;
	EXPECT_EQ(SEC_E_OK, handshake_run(_metadata, &self->r, &h));
}

/* What QueryContextAttributes reports before and after the handshake. */
TEST_F(hs, context_attributes)
{
	SecPkgContext_NegotiationInfoA neg;
	SecPkgContext_NegotiationInfoW negw;
	SecPkgContext_PackageInfoA pkg;
	SecPkgContext_Lifespan life;
	SecPkgContext_NamesA names;
	TimeStamp expiry;

	ASSERT_EQ(SEC_I_CONTINUE_NEEDED,
		  InitializeSecurityContextA(&self->r.client_cred, NULL, NULL, ISC_FLAGS, 0, 0,
					     NULL, 0, &self->r.client, &self->r.negotiate.desc,
					     &self->r.client_attrs, &expiry));
	/* in progress: no names yet, and the handshake's deadline */
	ASSERT_EQ(SEC_E_OK, QueryContextAttributesA(&self->r.client,
						     SECPKG_ATTR_NEGOTIATION_INFO, &neg));
	EXPECT_EQ(SECPKG_NEGOTIATION_IN_PROGRESS, neg.NegotiationState);
	EXPECT_STREQ("NTLM", neg.PackageInfo->Name);
	FreeContextBuffer(neg.PackageInfo);
	EXPECT_EQ(SEC_E_INVALID_HANDLE,
		  QueryContextAttributesA(&self->r.client, SECPKG_ATTR_NAMES, &names));
	ASSERT_EQ(SEC_E_OK, QueryContextAttributesA(&self->r.client, SECPKG_ATTR_LIFESPAN,
						     &life));
	EXPECT_EQ(expiry.QuadPart, life.tsExpiry.QuadPart);
	EXPECT_LT(life.tsStart.QuadPart, life.tsExpiry.QuadPart);
	EXPECT_LE(life.tsExpiry.QuadPart - life.tsStart.QuadPart, 300LL * 10000000);
	DeleteSecurityContext(&self->r.client);

	three_legs(_metadata, self);
	ASSERT_EQ(SEC_E_OK, last_leg(self));
	ASSERT_EQ(SEC_E_OK, QueryContextAttributesW(&self->r.server,
						     SECPKG_ATTR_NEGOTIATION_INFO, &negw));
	EXPECT_EQ(SECPKG_NEGOTIATION_COMPLETE, negw.NegotiationState);
	EXPECT_EQ(0, memcmp(u"NTLM", negw.PackageInfo->Name, sizeof(u"NTLM")));
	FreeContextBuffer(negw.PackageInfo);
	ASSERT_EQ(SEC_E_OK, QueryContextAttributesA(&self->r.server, SECPKG_ATTR_PACKAGE_INFO,
						     &pkg));
	EXPECT_STREQ("NTLM", pkg.PackageInfo->Name);
	EXPECT_EQ(2888, pkg.PackageInfo->cbMaxToken);
	FreeContextBuffer(pkg.PackageInfo);
	/* established: it does not expire */
	ASSERT_EQ(SEC_E_OK, QueryContextAttributesA(&self->r.server, SECPKG_ATTR_LIFESPAN,
						     &life));
	EXPECT_EQ(0x7fffffffffffffffLL, life.tsExpiry.QuadPart);
	EXPECT_EQ(SEC_E_INVALID_PARAMETER,
		  QueryContextAttributesA(&self->r.server, SECPKG_ATTR_FLAGS, NULL));
}

TEST_HARNESS_MAIN
