// SPDX-License-Identifier: GPL-2.0
/*
 * libsspi benchmarks, run in the test guest with sspi.ko loaded and the
 * account BENCH\benchuser added (bench/run does both).
 *
 *   bench_sspi handshake THREADS MS   full handshakes/s, THREADS threads, one process
 *   bench_sspi procs PROCS MS         the same with PROCS processes (a socket each)
 *   bench_sspi calls N                cost of one call: bare round trip, ISC 1, QCA
 *   bench_sspi memory N               kernel bytes per pending/established context
 *   bench_sspi scale MAX SAMPLES      live contexts up to MAX; QCA p50/p99 at 1k, 100k, 1M
 *                                     (5 rounds of SAMPLES: the medians, the p99's spread)
 *   bench_sspi messages MS            sign/verify and seal/unseal throughput, MS per size
 *   bench_sspi seal-threads THREADS MS  16 KiB seal+unseal rounds/s, a context pair per thread
 *   bench_sspi handshake-as DOMAIN METRIC THREADS MS   handshakes/s as DOMAIN\benchuser,
 *                                     named METRIC (bench/domain: a remote domain's user)
 *
 * One handshake: ISC, ASC, ISC, ASC (NTLMv2 with MIC and key exchange),
 * then both contexts deleted; the credentials are made once per thread.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sspi.h>

#include "transport.h"	/* lib/: a bare request on libsspi's own socket */
#include "bench.h"
#include "sspi_msg.h"

#define IMPL "libsspi"
#include "sspi_hs.h"

/* libsspi needs nothing around AcceptSecurityContext. */
static SECURITY_STATUS hs_accepted(struct peer_state *s, CtxtHandle *ctx, bool first,
				   SECURITY_STATUS st, SecBufferDesc *out)
{
	(void)s; (void)ctx; (void)first; (void)out;
	return st;
}

/* The initiators' domain: BENCH, but for handshake-as. */
static const char *client_domain = BENCH_DOMAIN;

static void *hs_setup(unsigned int thread)
{
	SEC_WINNT_AUTH_IDENTITY_A id = {
		.User = (unsigned char *)BENCH_USER, .UserLength = sizeof(BENCH_USER) - 1,
		.Domain = (unsigned char *)client_domain, .DomainLength = strlen(client_domain),
		.Password = (unsigned char *)BENCH_PASSWORD,
		.PasswordLength = sizeof(BENCH_PASSWORD) - 1,
		.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI,
	};
	struct peer_state *s = calloc(1, sizeof(*s));
	TimeStamp exp;
	SECURITY_STATUS st;

	(void)thread;
	if (!s)
		return NULL;
	st = AcquireCredentialsHandleA(NULL, "NTLM", SECPKG_CRED_OUTBOUND, NULL, &id, NULL,
				       NULL, &s->client, &exp);
	if (st == SEC_E_OK)
		st = AcquireCredentialsHandleA(NULL, "NTLM", SECPKG_CRED_INBOUND, NULL, NULL,
					       NULL, NULL, &s->server, &exp);
	if (st != SEC_E_OK) {
		fprintf(stderr, "AcquireCredentialsHandle: 0x%08x\n", (unsigned int)st);
		free(s);
		return NULL;
	}
	return s;
}

static void hs_teardown(void *state)
{
	struct peer_state *s = state;

	FreeCredentialsHandle(&s->client);
	FreeCredentialsHandle(&s->server);
	free(s);
}

static const struct bench_ops hs_ops = { hs_setup, hs_op, hs_teardown };

static void cmd_handshake(unsigned int threads, unsigned int ms)
{
	bench_emit(IMPL, "handshake_rate", threads, bench_rate(&hs_ops, threads, ms),
		   "handshakes/s");
}

/* PROCS processes, each with its own socket and one thread. */
static void cmd_procs(unsigned int procs, unsigned int ms)
{
	double sum = 0, r;
	int fds[2];
	unsigned int i;

	if (pipe(fds))
		bench_die("pipe: %s", strerror(errno));
	for (i = 0; i < procs; i++) {
		pid_t pid = fork();

		if (pid < 0)
			bench_die("fork: %s", strerror(errno));
		if (!pid) {
			r = bench_rate(&hs_ops, 1, ms);
			if (write(fds[1], &r, sizeof(r)) != sizeof(r))
				_exit(1);
			_exit(0);
		}
	}
	close(fds[1]);
	for (i = 0; i < procs; i++) {
		if (read(fds[0], &r, sizeof(r)) != sizeof(r))
			bench_die("a child failed");
		sum += r;
	}
	while (wait(NULL) > 0)
		;
	bench_emit(IMPL, "handshake_rate_procs", procs, sum, "handshakes/s");
}

/* A request the kernel answers at once: a context query without a handle. */
static int32_t bare_roundtrip(void)
{
	int32_t status;
	struct nlmsghdr *req = sspi_request_begin(SSPI_CMD_QUERY_CONTEXT, &status);

	if (!req)
		return status;
	return sspi_transact(req, NULL, NULL);
}

/*
 * The same request on a socket of our own, straight through libmnl, with
 * and without NLM_F_ACK: what libsspi's transport (mutex, wiping, ack) adds.
 * Returns the number of recvfrom() calls it took.
 */
static struct mnl_socket *raw_nl;
static uint16_t raw_family;
static char raw_buf[65536];

static int raw_family_attr(const struct nlattr *attr, void *data)
{
	if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID)
		*(uint16_t *)data = mnl_attr_get_u16(attr);
	return MNL_CB_OK;
}

static int raw_family_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), raw_family_attr, data);
}

static struct nlmsghdr *raw_header(char *buf, uint16_t type, uint8_t cmd, uint16_t flags)
{
	static uint32_t seq;
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = 1;
	return nlh;
}

static int raw_roundtrip(struct nlmsghdr *nlh, mnl_cb_t cb, void *arg)
{
	int recvs = 0, ret;
	ssize_t len;

	if (mnl_socket_sendto(raw_nl, nlh, nlh->nlmsg_len) < 0)
		bench_die("sendto: %s", strerror(errno));
	do {
		len = mnl_socket_recvfrom(raw_nl, raw_buf, sizeof(raw_buf));
		if (len < 0)
			bench_die("recvfrom: %s", strerror(errno));
		recvs++;
		ret = mnl_cb_run(raw_buf, len, nlh->nlmsg_seq, mnl_socket_get_portid(raw_nl), cb,
				 arg);
		/* without NLM_F_ACK the one reply is all there is */
		if (!(nlh->nlmsg_flags & NLM_F_ACK) && ret >= 0)
			break;
	} while (ret > 0);
	if (ret < 0)
		bench_die("netlink: %s", strerror(errno));
	return recvs;
}

static void raw_open(void)
{
	char req[256];
	struct nlmsghdr *nlh;

	raw_nl = mnl_socket_open(NETLINK_GENERIC);
	if (!raw_nl || mnl_socket_bind(raw_nl, 0, MNL_SOCKET_AUTOPID) < 0)
		bench_die("netlink socket: %s", strerror(errno));
	nlh = raw_header(req, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, NLM_F_ACK);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, SSPI_GENL_NAME);
	raw_roundtrip(nlh, raw_family_cb, &raw_family);
	if (!raw_family)
		bench_die("no sspi family");
}

static void raw_calls(unsigned int n, uint64_t *ns)
{
	static const struct { uint16_t flags; const char *name; } kinds[] = {
		{ NLM_F_ACK, "call_raw_roundtrip_ack" },
		{ 0, "call_raw_roundtrip_noack" },
	};
	char req[256];

	raw_open();
	for (size_t k = 0; k < 2; k++) {
		double recvs = 0;

		for (unsigned int i = 0; i < n; i++) {
			struct nlmsghdr *nlh = raw_header(req, raw_family, SSPI_CMD_QUERY_CONTEXT,
							  kinds[k].flags);
			uint64_t t = bench_ns();

			recvs += raw_roundtrip(nlh, NULL, NULL);
			ns[i] = bench_ns() - t;
		}
		emit_lat(kinds[k].name, ns, n);
		fprintf(stderr, "calls: %s: %.2f recvfrom() per call\n", kinds[k].name,
			recvs / n);
	}
	mnl_socket_close(raw_nl);
}

static void cmd_calls(unsigned int n)
{
	struct peer_state *s = hs_setup(0);
	uint64_t *ns = calloc(n, sizeof(*ns)), t;
	SecPkgContext_Flags flags;
	CtxtHandle c, sv;
	unsigned int i;

	if (!s || !ns)
		bench_die("setup failed");
	for (i = 0; i < n; i++) {
		t = bench_ns();
		if (bare_roundtrip() != SEC_E_INVALID_HANDLE)
			bench_die("bare round trip: unexpected status");
		ns[i] = bench_ns() - t;
	}
	emit_lat("call_bare_roundtrip", ns, n);
	raw_calls(n, ns);
	hs_time_isc_first(s, ns, n);
	if (!handshake_keep(s, &c, &sv))
		bench_die("handshake failed");
	for (i = 0; i < n; i++) {
		t = bench_ns();
		if (QueryContextAttributesA(&c, SECPKG_ATTR_FLAGS, &flags) != SEC_E_OK)
			bench_die("QueryContextAttributes failed");
		ns[i] = bench_ns() - t;
	}
	emit_lat("call_query_flags", ns, n);
	for (i = 0; i < n; i++) {
		CtxtHandle d;

		if (step(s, false, &d, true) != SEC_I_CONTINUE_NEEDED)
			bench_die("ISC 1 failed");
		t = bench_ns();
		DeleteSecurityContext(&d);
		ns[i] = bench_ns() - t;
	}
	emit_lat("call_delete", ns, n);
	DeleteSecurityContext(&c);
	DeleteSecurityContext(&sv);
	hs_teardown(s);
	free(ns);
}

/* Bytes in live slab objects (active_objs * objsize over every cache). */
static long long slab_object_bytes(void)
{
	FILE *f = fopen("/proc/slabinfo", "r");
	char line[512], name[128];
	long long total = 0, active, num, size;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%127s %lld %lld %lld", name, &active, &num, &size) == 4)
			total += active * size;
	fclose(f);
	return total;
}

static long live_contexts(void)
{
	FILE *f = fopen("/sys/kernel/debug/sspi/objects", "r");
	char key[32];
	long v, ctx = -1;

	if (!f)
		return -1;
	while (fscanf(f, "%31s %ld", key, &v) == 2)
		if (!strcmp(key, "contexts"))
			ctx = v;
	fclose(f);
	return ctx;
}

/* Frees go through RCU: wait until the module's count is back to @want. */
static void settle(long want)
{
	for (int i = 0; i < 200 && live_contexts() > want; i++)
		usleep(50000);
}

#define CACHES_MAX 512

struct kmem_mark {
	long long objs, slab_vm;
	unsigned int ncache;
	struct {
		char name[40];
		long long bytes;
	} cache[CACHES_MAX];
};

/* Live bytes per slab cache, for the breakdown. */
static void caches(struct kmem_mark *m)
{
	FILE *f = fopen("/proc/slabinfo", "r");
	char line[512], name[128];
	long long active, num, size;

	m->ncache = 0;
	if (!f)
		return;
	while (fgets(line, sizeof(line), f) && m->ncache < CACHES_MAX)
		if (sscanf(line, "%127s %lld %lld %lld", name, &active, &num, &size) == 4) {
			snprintf(m->cache[m->ncache].name, sizeof(m->cache[0].name), "%.39s", name);
			m->cache[m->ncache++].bytes = active * size;
		}
	fclose(f);
}

static struct kmem_mark *mark(struct kmem_mark *m)
{
	m->objs = slab_object_bytes();
	m->slab_vm = bench_kmem();
	caches(m);
	return m;
}

/* Which caches grew, per context: where the bytes go. */
static void breakdown(const char *what, const struct kmem_mark *a, const struct kmem_mark *b,
		      unsigned long n)
{
	for (unsigned int i = 0; i < b->ncache; i++) {
		long long before = 0;

		for (unsigned int j = 0; j < a->ncache; j++)
			if (!strcmp(a->cache[j].name, b->cache[i].name))
				before = a->cache[j].bytes;
		if ((b->cache[i].bytes - before) / (long long)n >= 8)
			fprintf(stderr, "memory: %s: %-24s %6lld bytes/context\n", what,
				b->cache[i].name, (b->cache[i].bytes - before) / (long long)n);
	}
}

static void emit_mem(const char *what, const struct kmem_mark *a, const struct kmem_mark *b,
		     unsigned long n)
{
	char name[96];

	breakdown(what, a, b, n);

	snprintf(name, sizeof(name), "mem_%s_objects", what);
	bench_emit(IMPL, name, 1, (double)(b->objs - a->objs) / (double)n, "bytes/context");
	snprintf(name, sizeof(name), "mem_%s_slab_vmalloc", what);
	bench_emit(IMPL, name, 1, (double)(b->slab_vm - a->slab_vm) / (double)n, "bytes/context");
}

static void cmd_memory(unsigned long n)
{
	struct peer_state *s = hs_setup(0);
	CtxtHandle *h = calloc(n, sizeof(*h));
	static struct kmem_mark a, b;
	long base;
	unsigned long i;

	if (!s || !h)
		bench_die("setup failed");
	/* Warm up: the owner, the handle table's first growth. */
	hs_op(s);
	settle(0);
	base = live_contexts();
	mark(&a);
	for (i = 0; i < n; i++)
		if (step(s, false, &h[i], true) != SEC_I_CONTINUE_NEEDED)
			bench_die("ISC 1 failed at %lu", i);
	mark(&b);
	fprintf(stderr, "memory: %ld live contexts (want %lu)\n", live_contexts() - base, n);
	emit_mem("pending", &a, &b, n);
	for (i = 0; i < n; i++)
		DeleteSecurityContext(&h[i]);
	settle(base);

	mark(&a);
	for (i = 0; i + 1 < n; i += 2)
		if (!handshake_keep(s, &h[i], &h[i + 1]))
			bench_die("handshake failed at %lu", i);
	mark(&b);
	fprintf(stderr, "memory: %ld live contexts (want %lu)\n", live_contexts() - base, i);
	emit_mem("established", &a, &b, i);
	/* One sealed message each way makes both ends' sealing state. */
	mark(&a);
	for (unsigned long j = 0; j + 1 < i; j += 2) {
		unsigned char msg[64] = { 0 };
		struct msg_pair p = { h[j], h[j + 1] };
		struct msg_pair q = { h[j + 1], h[j] };

		if (msg_round(&p, msg, sizeof(msg), true) != 1 ||
		    msg_round(&q, msg, sizeof(msg), true) != 1)
			bench_die("sealing failed at %lu", j);
	}
	mark(&b);
	emit_mem("sealing", &a, &b, i);
	for (unsigned long j = 0; j < i; j++)
		DeleteSecurityContext(&h[j]);
	settle(base);
	hs_teardown(s);
	free(h);
}

static uint64_t rnd_state = 88172645463325252ull;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

#define SCALE_ROUNDS 5

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * QueryContextAttributes on random live handles among the @n of @h:
 * SCALE_ROUNDS rounds of @samples calls each, a p50 and a p99 per round.
 * Under TCG a round's p99 is the emulator's scheduling more than the
 * lookup (a vCPU thread descheduled on the host shows as a slow call), so
 * the median of the rounds is reported, with the lowest and highest p99.
 */
static void scale_sample(CtxtHandle *h, unsigned long n, uint64_t *ns, unsigned int samples)
{
	double p50[SCALE_ROUNDS], p99[SCALE_ROUNDS];
	SecPkgContext_Flags flags;
	char name[64];

	for (unsigned int r = 0; r < SCALE_ROUNDS; r++) {
		for (unsigned int i = 0; i < samples; i++) {
			CtxtHandle *c = &h[rnd() % n];
			uint64_t t = bench_ns();

			if (QueryContextAttributesA(c, SECPKG_ATTR_FLAGS, &flags) != SEC_E_OK)
				bench_die("QueryContextAttributes failed at %lu contexts", n);
			ns[i] = bench_ns() - t;
		}
		p50[r] = bench_pct(ns, samples, 50) / 1000.0;
		p99[r] = bench_pct(ns, samples, 99) / 1000.0;
	}
	qsort(p50, SCALE_ROUNDS, sizeof(double), cmp_double);
	qsort(p99, SCALE_ROUNDS, sizeof(double), cmp_double);
	snprintf(name, sizeof(name), "scale_query_p50_at_%lu", n);
	bench_emit(IMPL, name, 1, p50[SCALE_ROUNDS / 2], "us");
	snprintf(name, sizeof(name), "scale_query_p99_at_%lu", n);
	bench_emit(IMPL, name, 1, p99[SCALE_ROUNDS / 2], "us");
	snprintf(name, sizeof(name), "scale_query_p99min_at_%lu", n);
	bench_emit(IMPL, name, 1, p99[0], "us");
	snprintf(name, sizeof(name), "scale_query_p99max_at_%lu", n);
	bench_emit(IMPL, name, 1, p99[SCALE_ROUNDS - 1], "us");
}

/* The measuring thread on the last vCPU: the first takes most interrupts. */
static void pin_last_cpu(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	cpu_set_t set;

	if (cpus < 2)
		return;
	CPU_ZERO(&set);
	CPU_SET((int)cpus - 1, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		fprintf(stderr, "scale: not pinned: %s\n", strerror(errno));
	else
		fprintf(stderr, "scale: pinned to vCPU %ld\n", cpus - 1);
}

static void cmd_scale(unsigned long max, unsigned int samples)
{
	static const unsigned long levels[] = { 1000, 100000, 1000000 };
	struct peer_state *s = hs_setup(0);
	CtxtHandle *h = calloc(max, sizeof(*h));
	uint64_t *ns = calloc(samples, sizeof(*ns));
	unsigned long n = 0;
	static struct kmem_mark a, b;
	uint64_t t0 = bench_ns(), creating = 0, t1;
	bool full = false;

	if (!s || !h || !ns)
		bench_die("setup failed");
	pin_last_cpu();
	mark(&a);
	for (size_t l = 0; l < sizeof(levels) / sizeof(levels[0]) && !full; l++) {
		unsigned long want = levels[l];
		SECURITY_STATUS st;

		if (want > max) {
			if (l)
				break;
			want = max;	/* a short run: one level */
		}
		t1 = bench_ns();
		for (; n < want; n++) {
			st = step(s, false, &h[n], true);
			if (st != SEC_I_CONTINUE_NEEDED) {
				fprintf(stderr, "scale: ISC 1 number %lu: 0x%08x\n", n + 1,
					(unsigned int)st);
				full = true;
				break;
			}
			if (n % 100000 == 99999)
				fprintf(stderr, "scale: %lu contexts, %.0f s\n", n + 1,
					(double)(bench_ns() - t0) / 1e9);
		}
		creating += bench_ns() - t1;
		if (!n)
			bench_die("scale: no context");
		/* The handle table grows in a worker: let it finish first. */
		sleep(2);
		scale_sample(h, n, ns, samples);
	}
	mark(&b);
	bench_emit(IMPL, "scale_live_contexts", 1, (double)n, "contexts");
	bench_emit(IMPL, "scale_create_rate", 1, (double)n * 1e9 / (double)creating,
		   "contexts/s");
	emit_mem("pending_at_max", &a, &b, n);
	fprintf(stderr, "scale: %ld live contexts\n", live_contexts());
	/* Closing the socket frees them all (exit), as a server's crash would. */
	t0 = bench_ns();
	for (unsigned long i = 0; i < n; i++)
		DeleteSecurityContext(&h[i]);
	bench_emit(IMPL, "scale_delete_rate", 1, (double)n * 1e9 / (double)(bench_ns() - t0),
		   "contexts/s");
	hs_teardown(s);
	settle(0);
}

/* Sign/seal throughput on one established pair of contexts. */
static void cmd_messages(unsigned int ms)
{
	struct peer_state *s = hs_setup(0);
	struct msg_pair p;

	if (!s || !handshake_keep(s, &p.client, &p.server))
		bench_die("messages: no contexts");
	bench_msg_run(IMPL, &p, msg_round, ms);
	DeleteSecurityContext(&p.client);
	DeleteSecurityContext(&p.server);
	hs_teardown(s);
}

/* Each thread seals and unseals 16 KiB messages on a pair of its own. */
struct seal_state {
	struct peer_state *peer;
	struct msg_pair pair;
	unsigned char msg[16384];
};

static void *seal_setup(unsigned int thread)
{
	struct seal_state *st = calloc(1, sizeof(*st));

	if (!st || !(st->peer = hs_setup(thread)) ||
	    !handshake_keep(st->peer, &st->pair.client, &st->pair.server))
		return NULL;
	return st;
}

static bool seal_op(void *state)
{
	struct seal_state *st = state;

	return msg_round(&st->pair, st->msg, sizeof(st->msg), true) == 1;
}

static void seal_teardown(void *state)
{
	struct seal_state *st = state;

	DeleteSecurityContext(&st->pair.client);
	DeleteSecurityContext(&st->pair.server);
	hs_teardown(st->peer);
	free(st);
}

static const struct bench_ops seal_ops = { seal_setup, seal_op, seal_teardown };

int main(int argc, char **argv)
{
	unsigned long a = argc > 2 ? strtoul(argv[2], NULL, 0) : 0;
	unsigned long b = argc > 3 ? strtoul(argv[3], NULL, 0) : 0;

	if (argc < 3)
		bench_die("usage: %s handshake|procs|calls|memory|scale|messages ARGS", argv[0]);
	if (!strcmp(argv[1], "handshake"))
		cmd_handshake((unsigned int)a, (unsigned int)b);
	else if (!strcmp(argv[1], "procs"))
		cmd_procs((unsigned int)a, (unsigned int)b);
	else if (!strcmp(argv[1], "calls"))
		cmd_calls((unsigned int)a);
	else if (!strcmp(argv[1], "memory"))
		cmd_memory(a);
	else if (!strcmp(argv[1], "scale"))
		cmd_scale(a, (unsigned int)b);
	else if (!strcmp(argv[1], "messages"))
		cmd_messages((unsigned int)a);
	else if (!strcmp(argv[1], "handshake-as") && argc == 6) {
		client_domain = argv[2];
		bench_emit(IMPL, argv[3], (unsigned int)strtoul(argv[4], NULL, 0),
			   bench_rate(&hs_ops, (unsigned int)strtoul(argv[4], NULL, 0),
				      (unsigned int)strtoul(argv[5], NULL, 0)), "handshakes/s");
	} else if (!strcmp(argv[1], "seal-threads"))
		bench_emit(IMPL, "seal16k_rate", (unsigned int)a,
			   bench_rate(&seal_ops, (unsigned int)a, (unsigned int)b), "messages/s");
	else
		bench_die("unknown benchmark %s", argv[1]);
	return 0;
}
