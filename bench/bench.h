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
