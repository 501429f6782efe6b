/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every userspace benchmark shares: a clock, a timed loop run by N
 * threads, latency percentiles and one JSON line per result on stdout
 * (bench/report.py turns the lines into the table and results.json).
 * Progress and errors go to stderr.
 */
#ifndef SSPI_BENCH_H
#define SSPI_BENCH_H

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Each program uses some of these. */
#define BENCH_FN static __attribute__((unused))

#define BENCH_USER	"benchuser"
#define BENCH_DOMAIN	"BENCH"
#define BENCH_PASSWORD	"Bench-Passw0rd"
#define BENCH_TARGET	"cifs/bench.example"

BENCH_FN inline uint64_t bench_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

BENCH_FN void bench_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
BENCH_FN void bench_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/*
 * One thread's work: setup() once (untimed), then op() as often as the
 * time allows; op() returns false on failure, which ends the run.
 */
struct bench_ops {
	void *(*setup)(unsigned int thread);
	bool (*op)(void *state);
	void (*teardown)(void *state);
};

struct bench_thread {
	pthread_t tid;
	const struct bench_ops *ops;
	unsigned int index;
	uint64_t count;
	bool failed;
};

static atomic_bool bench_stop, bench_go;
static atomic_uint bench_ready;

BENCH_FN void *bench_thread_main(void *arg)
{
	struct bench_thread *t = arg;
	void *state = t->ops->setup(t->index);

	if (!state)
		t->failed = true;
	atomic_fetch_add(&bench_ready, 1);
	while (!atomic_load(&bench_go))
		;
	while (state && !atomic_load_explicit(&bench_stop, memory_order_relaxed)) {
		if (!t->ops->op(state)) {
			t->failed = true;
			break;
		}
		t->count++;
	}
	if (state)
		t->ops->teardown(state);
	return NULL;
}

/* Runs @ops on @threads threads for @ms milliseconds: operations per second. */
BENCH_FN double bench_rate(const struct bench_ops *ops, unsigned int threads,
			    unsigned int ms)
{
	struct bench_thread *t = calloc(threads, sizeof(*t));
	struct timespec nap = { ms / 1000, (long)(ms % 1000) * 1000000 };
	uint64_t start, end, total = 0;
	unsigned int i;

	if (!t)
		bench_die("out of memory");
	atomic_store(&bench_stop, false);
	atomic_store(&bench_go, false);
	atomic_store(&bench_ready, 0);
	for (i = 0; i < threads; i++) {
		t[i].ops = ops;
		t[i].index = i;
		if (pthread_create(&t[i].tid, NULL, bench_thread_main, &t[i]))
			bench_die("pthread_create failed");
	}
	while (atomic_load(&bench_ready) < threads)
		;
	start = bench_ns();
	atomic_store(&bench_go, true);
	nanosleep(&nap, NULL);
	atomic_store(&bench_stop, true);
	for (i = 0; i < threads; i++) {
		pthread_join(t[i].tid, NULL);
		if (t[i].failed)
			bench_die("thread %u failed after %llu operations", i,
				  (unsigned long long)t[i].count);
		total += t[i].count;
	}
	end = bench_ns();
	free(t);
	return (double)total * 1e9 / (double)(end - start);
}

BENCH_FN int bench_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Sorts @ns (n samples) and gives its p-th percentile (0..100). */
BENCH_FN double bench_pct(uint64_t *ns, size_t n, double p)
{
	size_t i;

	if (!n)
		return 0;
	qsort(ns, n, sizeof(*ns), bench_cmp_u64);
	i = (size_t)(p / 100.0 * (double)(n - 1) + 0.5);
	return (double)ns[i < n ? i : n - 1];
}

/* A JSON line: {"impl":..,"metric":..,"threads":..,"value":..,"unit":..} */
BENCH_FN void bench_emit(const char *impl, const char *metric, unsigned int threads,
		       double value, const char *unit)
{
	printf("{\"impl\":\"%s\",\"metric\":\"%s\",\"threads\":%u,\"value\":%.6g,"
	       "\"unit\":\"%s\"}\n", impl, metric, threads, value, unit);
	fflush(stdout);
}

/*
 * Sign/seal throughput. One round: the client makes a signature over (or
 * seals) a message, the server verifies (or unseals) it, on established
 * NTLMv2 contexts with extended session security and 128-bit keys. A
 * sealed message is sealed and unsealed in place, so after the run the
 * buffer must hold what it held at first: checked.
 */
#define BENCH_MSG_SIZES { 64, 1024, 16384, 65536 }

/* One round on @len bytes at @buf: 1, 0 on failure, -1 if the library lacks it. */
typedef int (*bench_msg_fn)(void *state, unsigned char *buf, size_t len, bool seal);

/* {"impl":..,"metric":"sign_throughput","threads":1,"size":..,"value":MB/s,"ops":..} */
BENCH_FN void bench_emit_msg(const char *impl, bool seal, size_t size, double msgs,
			     double secs)
{
	printf("{\"impl\":\"%s\",\"metric\":\"%s_throughput\",\"threads\":1,"
	       "\"size\":%zu,\"value\":%.6g,\"unit\":\"MB/s\",\"ops\":%.6g}\n",
	       impl, seal ? "seal" : "sign", size, msgs * (double)size / secs / 1e6,
	       msgs / secs);
	fflush(stdout);
}

/*
 * Every size, signed then sealed, @ms milliseconds each. An operation the
 * library does not implement gets a row with a null value.
 */
BENCH_FN void bench_msg_run(const char *impl, void *state, bench_msg_fn fn, unsigned int ms)
{
	static const size_t sizes[] = BENCH_MSG_SIZES;
	unsigned char *buf, *ref;
	uint64_t start, end, n;
	unsigned int i, seal;
	size_t j, len;
	int ok;

	for (seal = 0; seal < 2; seal++) {
		for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			len = sizes[i];
			buf = malloc(len);
			ref = malloc(len);
			if (!buf || !ref)
				bench_die("out of memory");
			for (j = 0; j < len; j++)
				ref[j] = (unsigned char)(j * 13 + 7);
			memcpy(buf, ref, len);
			n = 0;
			start = bench_ns();
			end = start + (uint64_t)ms * 1000000u;
			do {
				ok = fn(state, buf, len, seal);
				if (ok < 0 && !n)
					break;
				if (ok <= 0)
					bench_die("%s: %s of %zu bytes failed after %llu",
						  impl, seal ? "seal" : "sign", len,
						  (unsigned long long)n);
				n++;
			} while (bench_ns() < end);
			if (!n) {
				printf("{\"impl\":\"%s\",\"metric\":\"%s_throughput\","
				       "\"threads\":1,\"size\":%zu,\"value\":null,"
				       "\"unit\":\"not implemented\"}\n",
				       impl, seal ? "seal" : "sign", len);
				free(buf);
				free(ref);
				continue;
			}
			end = bench_ns();
			if (memcmp(buf, ref, len))
				bench_die("%s: the message changed", impl);
			bench_emit_msg(impl, seal, len, (double)n, (double)(end - start) / 1e9);
			free(buf);
			free(ref);
		}
	}
}

/* Kernel memory now, in bytes: slab plus vmalloc (rhashtable buckets). */
BENCH_FN long long bench_kmem(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	long long slab = -1, vmalloc = 0, kb;
	char key[64];

	if (!f)
		return -1;
	while (fscanf(f, "%63s %lld kB\n", key, &kb) == 2) {
		if (!strcmp(key, "Slab:"))
			slab = kb;
		else if (!strcmp(key, "VmallocUsed:"))
			vmalloc = kb;
	}
	fclose(f);
	return slab < 0 ? -1 : (slab + vmalloc) * 1024;
}

#endif
