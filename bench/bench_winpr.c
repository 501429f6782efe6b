// SPDX-License-Identifier: GPL-2.0
/*
 * FreeRDP WinPR's NTLM, in-process: the reference the other figures are
 * divided by. Same handshake as bench_sspi (ISC, ASC, ISC, ASC, both
 * contexts deleted; credentials once per thread). WinPR's acceptor reads
 * its account from a SAM file, handed to each server context after its
 * first AcceptSecurityContext, as WinPR requires.
 *
 *   bench_winpr handshake THREADS MS
 *   bench_winpr calls N        ISC 1 and QueryContextAttributes, in-process
 *   bench_winpr memory N       heap bytes per pending/established context
 *   bench_winpr messages MS    sign/verify and seal/unseal throughput, MS per size
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <unistd.h>
#include <winpr/ntlm.h>
#include <winpr/sspi.h>
#include <winpr/ssl.h>

#include "bench.h"
#include "sspi_msg.h"

#define IMPL "winpr"
/* WinPR finds the package through the credential; it leaves gaps in its tokens */
#define HS_CRED_ALWAYS true
#define HS_ZERO_TOKEN 1024
#include "sspi_hs.h"

static char sam_path[256];

static void write_sam(void)
{
	const char *tmp = getenv("TMPDIR");
	BYTE hash[16];
	FILE *f;
	int fd;

	if (!NTOWFv1A((LPSTR)BENCH_PASSWORD, sizeof(BENCH_PASSWORD) - 1, hash))
		bench_die("NTOWFv1A failed");
	snprintf(sam_path, sizeof(sam_path), "%s/bench-sam-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	fd = mkstemp(sam_path);
	if (fd < 0 || !(f = fdopen(fd, "w")))
		bench_die("cannot write %s", sam_path);
	fprintf(f, "%s:%s::", BENCH_USER, BENCH_DOMAIN);
	for (int i = 0; i < 16; i++)
		fprintf(f, "%02X", hash[i]);
	fprintf(f, ":::\n");
	if (fclose(f))
		bench_die("cannot write %s", sam_path);
}

static void *hs_setup(unsigned int thread)
{
	struct peer_state *s = calloc(1, sizeof(*s));
	SEC_WINNT_AUTH_IDENTITY *id = calloc(1, sizeof(*id));
	TimeStamp exp;

	(void)thread;
	if (!s || !id)
		return NULL;
	s->identity = id;
	if (sspi_SetAuthIdentity(id, BENCH_USER, BENCH_DOMAIN, BENCH_PASSWORD) < 0)
		return NULL;
	if (AcquireCredentialsHandleA(NULL, "NTLM", SECPKG_CRED_OUTBOUND, NULL, id, NULL,
				      NULL, &s->client, &exp) != SEC_E_OK ||
	    AcquireCredentialsHandleA(NULL, "NTLM", SECPKG_CRED_INBOUND, NULL, NULL, NULL,
				      NULL, &s->server, &exp) != SEC_E_OK)
		return NULL;
	return s;
}

static void hs_teardown(void *state)
{
	struct peer_state *s = state;
	SEC_WINNT_AUTH_IDENTITY *id = s->identity;

	FreeCredentialsHandle(&s->client);
	FreeCredentialsHandle(&s->server);
	free(id->User);
	free(id->Domain);
	free(id->Password);
	free(id);
	free(s);
}

/*
 * After each AcceptSecurityContext: the context the first call made is
 * told where the SAM file is, and a token that wants completing is completed.
 */
static SECURITY_STATUS hs_accepted(struct peer_state *s, CtxtHandle *ctx, bool first,
				   SECURITY_STATUS st, SecBufferDesc *out)
{
	(void)s;
	if (first && st == SEC_I_CONTINUE_NEEDED &&
	    SetContextAttributesA(ctx, SECPKG_ATTR_AUTH_NTLM_SAM_FILE, sam_path,
				  (ULONG)strlen(sam_path) + 1) != SEC_E_OK)
		return SEC_E_INTERNAL_ERROR;
	if (st == SEC_I_COMPLETE_NEEDED)
		st = CompleteAuthToken(ctx, out);
	return st;
}

static const struct bench_ops hs_ops = { hs_setup, hs_op, hs_teardown };

static void cmd_calls(unsigned int n)
{
	struct peer_state *s = hs_setup(0);
	uint64_t *ns = calloc(n, sizeof(*ns)), t;
	SecPkgContext_Sizes sizes;
	CtxtHandle c, sv;

	if (!s || !ns)
		bench_die("setup failed");
	hs_time_isc_first(s, ns, n);
	if (!handshake_keep(s, &c, &sv))
		bench_die("handshake failed");
	/* WinPR has no SECPKG_ATTR_FLAGS for NTLM: SIZES is its cheapest query */
	for (unsigned int i = 0; i < n; i++) {
		t = bench_ns();
		if (QueryContextAttributesA(&c, SECPKG_ATTR_SIZES, &sizes) != SEC_E_OK)
			bench_die("QueryContextAttributes failed");
		ns[i] = bench_ns() - t;
	}
	emit_lat("call_query_flags", ns, n);
	DeleteSecurityContext(&c);
	DeleteSecurityContext(&sv);
	hs_teardown(s);
	free(ns);
}

static size_t heap_used(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

static void cmd_memory(unsigned long n)
{
	struct peer_state *s = hs_setup(0);
	CtxtHandle *h = calloc(n, sizeof(*h));
	size_t a, b;
	unsigned long i;

	if (!s || !h)
		bench_die("setup failed");
	hs_op(s);
	a = heap_used();
	for (i = 0; i < n; i++)
		if (step(s, false, &h[i], true) != SEC_I_CONTINUE_NEEDED)
			bench_die("ISC 1 failed");
	b = heap_used();
	bench_emit(IMPL, "mem_pending_objects", 1, (double)(b - a) / (double)n, "bytes/context");
	for (i = 0; i < n; i++)
		DeleteSecurityContext(&h[i]);
	a = heap_used();
	for (i = 0; i + 1 < n; i += 2)
		if (!handshake_keep(s, &h[i], &h[i + 1]))
			bench_die("handshake failed");
	b = heap_used();
	bench_emit(IMPL, "mem_established_objects", 1, (double)(b - a) / (double)i,
		   "bytes/context");
	for (unsigned long j = 0; j < i; j++)
		DeleteSecurityContext(&h[j]);
	hs_teardown(s);
	free(h);
}

/* Sign/seal throughput on one established pair of contexts. */
static void cmd_messages(unsigned int ms)
{
	struct peer_state *s = hs_setup(0);
	struct msg_pair p;
	SecPkgContext_Sizes sizes;

	if (!s || !handshake_keep(s, &p.client, &p.server))
		bench_die("messages: no contexts");
	/* msg_round() passes a 16-byte signature */
	if (QueryContextAttributesA(&p.client, SECPKG_ATTR_SIZES, &sizes) != SEC_E_OK ||
	    sizes.cbMaxSignature != 16)
		bench_die("messages: unexpected signature size");
	bench_msg_run(IMPL, &p, msg_round, ms);
	DeleteSecurityContext(&p.client);
	DeleteSecurityContext(&p.server);
	hs_teardown(s);
}

int main(int argc, char **argv)
{
	unsigned long a = argc > 2 ? strtoul(argv[2], NULL, 0) : 0;
	unsigned long b = argc > 3 ? strtoul(argv[3], NULL, 0) : 0;

	if (argc < 3)
		bench_die("usage: %s handshake|calls|memory|messages ARGS", argv[0]);
	/* without this, WinPR's MD4 silently gives zeros */
	if (!winpr_InitializeSSL(WINPR_SSL_INIT_DEFAULT))
		bench_die("winpr_InitializeSSL failed");
	write_sam();
	if (!strcmp(argv[1], "handshake")) {
		bench_emit(IMPL, "handshake_rate", (unsigned int)a,
			   bench_rate(&hs_ops, (unsigned int)a, (unsigned int)b), "handshakes/s");
	} else if (!strcmp(argv[1], "calls")) {
		cmd_calls((unsigned int)a);
	} else if (!strcmp(argv[1], "memory")) {
		cmd_memory(a);
	} else if (!strcmp(argv[1], "messages")) {
		cmd_messages((unsigned int)a);
	} else {
		unlink(sam_path);
		bench_die("unknown benchmark %s", argv[1]);
	}
	unlink(sam_path);
	return 0;
}
