/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The handshake of bench_sspi (libsspi) and bench_winpr (WinPR), both
 * through the SSPI API: include after the SSPI header, bench.h and the
 * definition of IMPL. One handshake is ISC, ASC, ISC, ASC; the tokens go
 * through struct peer_state, whose credentials the program's hs_setup()
 * acquires (one per thread). What the library needs around the calls, the
 * program says before the include:
 *
 *   HS_CRED_ALWAYS	pass the credential on every call, not only the
 *			first (WinPR finds the package through it)
 *   HS_ZERO_TOKEN	bytes of the output token to zero before each call
 *			(WinPR leaves gaps in the token it writes)
 *   hs_accepted()	called after each AcceptSecurityContext with its
 *			status and output; returns the status to go on with
 */
#ifndef SSPI_BENCH_HS_H
#define SSPI_BENCH_HS_H

#define REQ (ISC_REQ_CONNECTION | ISC_REQ_INTEGRITY | ISC_REQ_CONFIDENTIALITY | \
	     ISC_REQ_REPLAY_DETECT | ISC_REQ_SEQUENCE_DETECT)
#define TOKEN_MAX 4096

#ifndef HS_CRED_ALWAYS
#define HS_CRED_ALWAYS false
#endif

/* One thread's credentials, and the last token each side wrote. */
struct peer_state {
	CredHandle client, server;
	void *identity;		/* kept while the credentials live (WinPR's), or NULL */
	unsigned char tok[2][TOKEN_MAX];
	ULONG len[2];
};

static SECURITY_STATUS hs_accepted(struct peer_state *s, CtxtHandle *ctx, bool first,
				   SECURITY_STATUS st, SecBufferDesc *out);

/*
 * One call: the client (server=false) or the server, reading the other's
 * last token (none for the client's first call) and writing its own.
 */
BENCH_FN SECURITY_STATUS step(struct peer_state *s, bool server, CtxtHandle *ctx, bool first)
{
	int me = server, other = !server;
	SecBuffer in = { s->len[other], SECBUFFER_TOKEN, s->tok[other] };
	SecBuffer out = { TOKEN_MAX, SECBUFFER_TOKEN, s->tok[me] };
	SecBufferDesc ind = { SECBUFFER_VERSION, 1, &in }, outd = { SECBUFFER_VERSION, 1, &out };
	bool cred = first || HS_CRED_ALWAYS;
	SECURITY_STATUS st;
	ULONG attrs;
	TimeStamp exp;

#ifdef HS_ZERO_TOKEN
	memset(s->tok[me], 0, HS_ZERO_TOKEN);
#endif
	if (server) {
		st = AcceptSecurityContext(cred ? &s->server : NULL, first ? NULL : ctx, &ind,
					   REQ, SECURITY_NATIVE_DREP, ctx, &outd, &attrs, &exp);
		st = hs_accepted(s, ctx, first, st, &outd);
	} else {
		st = InitializeSecurityContextA(cred ? &s->client : NULL, first ? NULL : ctx,
						(char *)BENCH_TARGET, REQ, 0, SECURITY_NATIVE_DREP,
						first ? NULL : &ind, 0, ctx, &outd, &attrs, &exp);
	}
	s->len[me] = out.cbBuffer;
	return st;
}

/* A whole handshake, both contexts left established (none left on failure). */
BENCH_FN bool handshake_keep(struct peer_state *s, CtxtHandle *c, CtxtHandle *sv)
{
	SECURITY_STATUS st;

	if ((st = step(s, false, c, true)) != SEC_I_CONTINUE_NEEDED)
		goto bad;
	if ((st = step(s, true, sv, true)) != SEC_I_CONTINUE_NEEDED) {
		DeleteSecurityContext(c);
		goto bad;
	}
	if ((st = step(s, false, c, false)) != SEC_E_OK ||
	    (st = step(s, true, sv, false)) != SEC_E_OK) {
		DeleteSecurityContext(c);
		DeleteSecurityContext(sv);
		goto bad;
	}
	return true;
bad:
	fprintf(stderr, "%s handshake: 0x%08x\n", IMPL, (unsigned int)st);
	return false;
}

/* The timed operation of "handshake": one handshake, both contexts deleted. */
BENCH_FN bool hs_op(void *state)
{
	CtxtHandle c, sv;

	if (!handshake_keep(state, &c, &sv))
		return false;
	return DeleteSecurityContext(&c) == SEC_E_OK && DeleteSecurityContext(&sv) == SEC_E_OK;
}

/* The mean and the median of @n call latencies, in microseconds. */
BENCH_FN void emit_lat(const char *metric, uint64_t *ns, size_t n)
{
	char name[96];
	double sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += (double)ns[i];
	snprintf(name, sizeof(name), "%s_mean", metric);
	bench_emit(IMPL, name, 1, sum / (double)n / 1000.0, "us");
	snprintf(name, sizeof(name), "%s_p50", metric);
	bench_emit(IMPL, name, 1, bench_pct(ns, n, 50) / 1000.0, "us");
}

/* The client's first call (ISC 1), @n times, its context deleted untimed. */
BENCH_FN void hs_time_isc_first(struct peer_state *s, uint64_t *ns, unsigned int n)
{
	CtxtHandle c;
	uint64_t t;

	for (unsigned int i = 0; i < n; i++) {
		t = bench_ns();
		if (step(s, false, &c, true) != SEC_I_CONTINUE_NEEDED)
			bench_die("ISC 1 failed");
		ns[i] = bench_ns() - t;
		DeleteSecurityContext(&c);
	}
	emit_lat("call_isc_first", ns, n);
}

#endif
