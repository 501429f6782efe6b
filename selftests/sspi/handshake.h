/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One NTLM handshake between two credentials of this process, both sides
 * in the kernel, driven call by call: InitializeSecurityContext makes the
 * NEGOTIATE, AcceptSecurityContext the CHALLENGE, InitializeSecurityContext
 * the AUTHENTICATE, AcceptSecurityContext takes it. A test says what to ask
 * for (struct handshake) and may change each token on its way (tamper);
 * struct run holds what came of it. Included by guest.h, which it uses.
 *
 *	struct handshake h;
 *	struct run r;
 *
 *	handshake_init(&h);
 *	h.password = "Wrong";
 *	handshake_run(_metadata, run_init(&r), &h);
 *	EXPECT_EQ(SEC_E_LOGON_DENIED, r.server_status);
 *	run_free(&r);
 */
#ifndef SSPI_SELFTEST_HANDSHAKE_H
#define SSPI_SELFTEST_HANDSHAKE_H

struct __test_metadata;		/* kselftest_harness.h's, for tamper hooks */

/* One token of a handshake, in a buffer large enough for any NTLM message. */
struct leg {
	SecBuffer buf;
	SecBufferDesc desc;
	unsigned char data[4096];
};

/* Makes L empty and ready to receive a token; returns its descriptor. */
static inline SecBufferDesc *leg_init(struct leg *l)
{
	l->buf = (SecBuffer){ sizeof(l->data), SECBUFFER_TOKEN, l->data };
	l->desc = (SecBufferDesc){ SECBUFFER_VERSION, 1, &l->buf };
	return &l->desc;
}

/* The four calls of a handshake, each named for the token it makes. */
enum hs_token {
	HS_NEGOTIATE,		/* the client's first call (no token in datagram mode) */
	HS_CHALLENGE,		/* the server's first */
	HS_AUTHENTICATE,	/* the client's second */
	HS_DONE,		/* the server's second: established or refused */
};

/* The status of a call handshake_run() did not make. */
#define HS_NOT_CALLED ((SECURITY_STATUS)-1)

/* One handshake between two credentials of this process, and what came of it. */
struct run {
	CredHandle client_cred, server_cred;
	CtxtHandle client, server;
	struct leg negotiate, challenge, authenticate, done;
	ULONG negotiate_attrs;		/* the client's, after its first call */
	ULONG client_attrs, server_attrs;	/* after each side's last call */
	SECURITY_STATUS negotiate_status, challenge_status, client_status, server_status;
	bool noted;			/* run_note_responses() read the AUTHENTICATE */
	unsigned int lm_len, nt_len;	/* the client's responses */
	unsigned char lm[24], nt[24];	/* copies of them, if 24 bytes */
};

static inline struct run *run_init(struct run *r)
{
	memset(r, 0, sizeof(*r));
	leg_init(&r->negotiate);
	leg_init(&r->challenge);
	leg_init(&r->authenticate);
	leg_init(&r->done);
	r->negotiate_status = r->challenge_status = HS_NOT_CALLED;
	r->client_status = r->server_status = HS_NOT_CALLED;
	return r;
}

/* Deletes both contexts of a handshake and frees both credentials. */
static inline void free_pair(CtxtHandle *client, CtxtHandle *server,
			     CredHandle *client_cred, CredHandle *server_cred)
{
	DeleteSecurityContext(client);
	DeleteSecurityContext(server);
	FreeCredentialsHandle(client_cred);
	FreeCredentialsHandle(server_cred);
}

static inline void run_free(struct run *r)
{
	free_pair(&r->client, &r->server, &r->client_cred, &r->server_cred);
}

/* The token call @t made, and the status it returned. */
static inline struct leg *run_token(struct run *r, enum hs_token t)
{
	struct leg *legs[] = { &r->negotiate, &r->challenge, &r->authenticate, &r->done };

	return legs[t];
}

static inline SECURITY_STATUS *run_status(struct run *r, enum hs_token t)
{
	SECURITY_STATUS *st[] = {
		&r->negotiate_status, &r->challenge_status, &r->client_status, &r->server_status,
	};

	return st[t];
}

/*
 * Notes the responses in R's AUTHENTICATE before anything alters it; false
 * if a field points outside the message.
 */
static inline bool run_note_responses(struct run *r)
{
	unsigned char *a = r->authenticate.data;
	unsigned int len = r->authenticate.buf.cbBuffer;

	if (len < 64)
		return false;
	r->lm_len = get16(a + AUTH_LM_OFF);
	r->nt_len = get16(a + AUTH_NT_OFF);
	if (len < get32(a + AUTH_LM_OFF + 4) + r->lm_len ||
	    len < get32(a + AUTH_NT_OFF + 4) + r->nt_len)
		return false;
	if (r->lm_len == 24)
		memcpy(r->lm, field_data(a, AUTH_LM_OFF), 24);
	if (r->nt_len == 24)
		memcpy(r->nt, field_data(a, AUTH_NT_OFF), 24);
	return true;
}

/*
 * Changes token @t (its bytes, its length in l->buf.cbBuffer) before the
 * other side reads it: called once a call made its token as the protocol
 * goes, never for HS_DONE. ASSERT_* work in it.
 */
typedef void hs_tamper_fn(struct __test_metadata *_metadata, struct run *r,
			  enum hs_token t, struct leg *l, void *arg);

/* What a handshake asks for: handshake_init(), then what a test changes. */
struct handshake {
	ULONG isc, asc;			/* ISC_FLAGS, ASC_FLAGS */
	const char *target;		/* "HTTP/server.example" */
	const SEC_WCHAR *target_w;	/* if set, InitializeSecurityContextW's */
	/* Unless @creds_given (the run holds them), run_acquire() makes them: */
	bool creds_given;
	const char *user, *domain, *password;	/* the client's: User, Domain, Password */
	ULONG client_level, server_level;	/* SECPKG_NTLM_LM_COMPATIBILITY_DEFAULT */
	/*
	 * One more input buffer for the call that makes token [t], if its
	 * BufferType is set: channel bindings for HS_AUTHENTICATE (the
	 * client's) and HS_DONE (the server's), SECBUFFER_PKG_PARAMS for
	 * HS_NEGOTIATE, ...
	 */
	SecBuffer extra[HS_DONE + 1];
	enum hs_token last;		/* the last call to make: HS_DONE */
	hs_tamper_fn *tamper;		/* NULL, or called with each token */
	void *arg;			/* for tamper */
};

static inline struct handshake *handshake_init(struct handshake *h)
{
	memset(h, 0, sizeof(*h));
	h->isc = ISC_FLAGS;
	h->asc = ASC_FLAGS;
	h->target = "HTTP/server.example";
	h->user = "User";
	h->domain = "Domain";
	h->password = "Password";
	h->client_level = h->server_level = SECPKG_NTLM_LM_COMPATIBILITY_DEFAULT;
	h->last = HS_DONE;
	return h;
}

/* Acquires @r's credentials: the client's identity and both levels of @h. */
static inline SECURITY_STATUS run_acquire(struct run *r, const struct handshake *h)
{
	return acquire_at_level(h->user, h->domain, h->password, SECPKG_CRED_OUTBOUND,
				h->client_level, &r->client_cred) ?:
	       acquire_at_level(NULL, NULL, NULL, SECPKG_CRED_INBOUND, h->server_level,
				&r->server_cred);
}

/*
 * The call that makes token @t, given the token before it and @h's extra
 * buffer. When the client's first call made no token (datagram mode), or a
 * hook took it away, the server's first call has no input at all.
 */
static inline SECURITY_STATUS handshake_call(struct run *r, const struct handshake *h,
					     enum hs_token t)
{
	SecBuffer in[2];
	SecBufferDesc desc = { SECBUFFER_VERSION, 0, in }, *input = &desc;
	SecBufferDesc *out = leg_init(run_token(r, t));
	bool first = t == HS_NEGOTIATE || t == HS_CHALLENGE;
	CredHandle *client_cred = first ? &r->client_cred : NULL;
	CredHandle *server_cred = first ? &r->server_cred : NULL;
	CtxtHandle *client = first ? NULL : &r->client;
	CtxtHandle *server = first ? NULL : &r->server;

	if (t != HS_NEGOTIATE && !(t == HS_CHALLENGE && !r->negotiate.buf.cbBuffer))
		in[desc.cBuffers++] = run_token(r, t - 1)->buf;
	if (h->extra[t].BufferType)
		in[desc.cBuffers++] = h->extra[t];
	if (!desc.cBuffers)
		input = NULL;

	switch (t) {
	case HS_NEGOTIATE:
	case HS_AUTHENTICATE:
		if (h->target_w)
			return InitializeSecurityContextW(client_cred, client, (SEC_WCHAR *)h->target_w,
							  h->isc, 0, SECURITY_NATIVE_DREP, input, 0,
							  &r->client, out, &r->client_attrs, NULL);
		return InitializeSecurityContextA(client_cred, client, (SEC_CHAR *)h->target,
						  h->isc, 0, SECURITY_NATIVE_DREP, input, 0,
						  &r->client, out, &r->client_attrs, NULL);
	default:
		return AcceptSecurityContext(server_cred, server, input, h->asc,
					     SECURITY_NATIVE_DREP, &r->server, out,
					     &r->server_attrs, NULL);
	}
}

/*
 * Runs the handshake @h asks for into @r (run_init()ed; @_metadata may be
 * NULL without a tamper hook). Each call is made only if the one before
 * went as the protocol goes; its status is in @r (HS_NOT_CALLED if not
 * made). Returns the first status that is not the protocol's next step, or
 * SEC_E_OK when the last call asked for went through. Unless
 * @h->creds_given, acquires the credentials first (run_acquire()).
 */
static inline SECURITY_STATUS handshake_run(struct __test_metadata *_metadata,
					    struct run *r, const struct handshake *h)
{
	static const SECURITY_STATUS expected[] = {
		SEC_I_CONTINUE_NEEDED, SEC_I_CONTINUE_NEEDED, SEC_E_OK, SEC_E_OK,
	};
	SECURITY_STATUS st;
	enum hs_token t;

	for (t = HS_NEGOTIATE; t <= HS_DONE; t++)
		*run_status(r, t) = HS_NOT_CALLED;
	if (!h->creds_given) {
		st = run_acquire(r, h);
		if (st != SEC_E_OK) {
			fprintf(stderr, "# handshake: credentials: 0x%08x\n", (unsigned int)st);
			return st;
		}
	}
	for (t = HS_NEGOTIATE; t <= h->last; t++) {
		st = *run_status(r, t) = handshake_call(r, h, t);
		if (t == HS_NEGOTIATE)
			r->negotiate_attrs = r->client_attrs;
		if (st != expected[t])
			return st;
		if (t == HS_AUTHENTICATE)
			r->noted = run_note_responses(r);
		if (h->tamper && t != HS_DONE)
			h->tamper(_metadata, r, t, run_token(r, t), h->arg);
	}
	return SEC_E_OK;
}

#ifdef __KSELFTEST_HARNESS_H
/* The first three calls went as the protocol goes: the client is done. */
static inline void assert_client_done(struct __test_metadata *_metadata, struct run *r)
{
	ASSERT_EQ(SEC_I_CONTINUE_NEEDED, r->negotiate_status);
	ASSERT_EQ(SEC_I_CONTINUE_NEEDED, r->challenge_status);
	ASSERT_EQ(SEC_E_OK, r->client_status);
}
#endif

/* Two contexts of this process, each flagged once it holds a handle. */
struct pair {
	CtxtHandle client, server;
	bool have_client, have_server;
};

/*
 * ISC, ASC, ISC, ASC (ISC_FLAGS, ASC_FLAGS) between CRED and SERVER_CRED
 * into P: the first status that is not the expected one, or SEC_E_OK when
 * the server accepted.
 */
static inline SECURITY_STATUS pair_handshake(CredHandle *cred, CredHandle *server_cred,
					     struct pair *p)
{
	struct handshake h;
	struct run r;
	SECURITY_STATUS st;

	handshake_init(&h);
	h.target = "HTTP/pair";
	h.creds_given = true;
	run_init(&r);
	r.client_cred = *cred;
	r.server_cred = *server_cred;
	st = handshake_run(NULL, &r, &h);
	p->client = r.client;
	p->server = r.server;
	p->have_client = r.negotiate_status >= 0;
	p->have_server = r.challenge_status >= 0;
	return st;
}

/* Deletes what P holds. */
static inline void pair_free(struct pair *p)
{
	if (p->have_client)
		DeleteSecurityContext(&p->client);
	if (p->have_server)
		DeleteSecurityContext(&p->server);
	p->have_client = p->have_server = false;
}

#endif /* SSPI_SELFTEST_HANDSHAKE_H */
