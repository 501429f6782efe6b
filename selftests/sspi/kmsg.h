/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Asserts that a test left nothing in the kernel log: bad input must be
 * refused quietly, not with a warning a user could flood the log with.
 * Which records count is kmsg_rules.h's to say.
 */
#ifndef SSPI_SELFTEST_KMSG_H
#define SSPI_SELFTEST_KMSG_H

#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A record's text: after "level,seq,time,flags;", up to the end of its line. */
static inline void kmsg_text(const char *rec, char *text, size_t size)
{
	const char *t = strchr(rec, ';');
	size_t n;

	t = t ? t + 1 : rec;
	n = strcspn(t, "\n");
	if (n >= size)
		n = size - 1;
	memcpy(text, t, n);
	text[n] = '\0';
}

/* True if @text matches one of the @n patterns; exits if one does not compile. */
static inline bool kmsg_matches(const char *const *patterns, size_t n, const char *text)
{
	size_t i;

	for (i = 0; i < n; i++) {
		regex_t re;
		bool hit;

		if (regcomp(&re, patterns[i], REG_EXTENDED | REG_NOSUB)) {
			fprintf(stderr, "# kmsg_rules.h: bad pattern %s\n", patterns[i]);
			exit(2);
		}
		hit = !regexec(&re, text, 0, NULL, 0);
		regfree(&re);
		if (hit)
			return true;
	}
	return false;
}

/* A kernel bug's report (kmsg_rules.h, KMSG_SPLAT). */
static inline bool kmsg_is_splat(const char *text)
{
	static const char *const splats[] = {
#define KMSG_SPLAT(re) re,
#define KMSG_EMULATOR(re)
#include "kmsg_rules.h"
#undef KMSG_SPLAT
#undef KMSG_EMULATOR
	};

	return kmsg_matches(splats, sizeof(splats) / sizeof(splats[0]), text);
}

/* What the emulator's timing logs (kmsg_rules.h, KMSG_EMULATOR). */
static inline bool kmsg_is_emulator(const char *text)
{
	static const char *const emulator[] = {
#define KMSG_SPLAT(re)
#define KMSG_EMULATOR(re) re,
#include "kmsg_rules.h"
#undef KMSG_SPLAT
#undef KMSG_EMULATOR
	};

	return kmsg_matches(emulator, sizeof(emulator) / sizeof(emulator[0]), text);
}

/* Whether a record with @text counts against a test: all but the emulator's. */
static inline bool kmsg_counts(const char *text)
{
	return kmsg_is_splat(text) || !kmsg_is_emulator(text);
}

/*
 * Opens /dev/kmsg positioned after the last record; -1 if unavailable,
 * said on stderr (the check is then not made).
 */
static inline int kmsg_open_at_end(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	else
		fprintf(stderr, "# /dev/kmsg: %s: the kernel log is not checked\n",
			strerror(errno));
	return fd;
}

/*
 * Number of records logged since kmsg_open_at_end() (or the last call)
 * that count (kmsg_counts()), less those containing @allowed (may be
 * NULL) that are not splats; prints the ones counted.
 */
static inline int kmsg_new_records_except(int fd, const char *allowed)
{
	char rec[2048], text[1024];
	int n = 0;
	ssize_t len;

	for (;;) {
		len = read(fd, rec, sizeof(rec) - 1);
		if (len < 0 && errno == EPIPE)
			continue;	/* overwritten records: keep reading */
		if (len <= 0)
			break;
		rec[len] = '\0';
		kmsg_text(rec, text, sizeof(text));
		if (!kmsg_counts(text) ||
		    (allowed && strstr(text, allowed) && !kmsg_is_splat(text)))
			continue;
		fprintf(stderr, "# kernel log: %s", rec);
		n++;
	}
	return n;
}

static inline int kmsg_new_records(int fd)
{
	return kmsg_new_records_except(fd, NULL);
}

#endif /* SSPI_SELFTEST_KMSG_H */
