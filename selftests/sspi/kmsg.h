/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Asserts that a test left nothing in the kernel log: bad input must be
 * refused quietly, not with a warning a user could flood the log with.
 */
#ifndef SSPI_SELFTEST_KMSG_H
#define SSPI_SELFTEST_KMSG_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Opens /dev/kmsg positioned after the last record; -1 if unavailable. */
static inline int kmsg_open_at_end(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

/*
 * Under TCG the clocksource watchdog may find the TSC skewed at any moment
 * and say so: that is the emulator's timing, not the code under test.
 * (Booting with tsc=unstable instead made early boot take a path on which
 * the debug kernel sometimes reported a KASAN wild access in an interrupt.)
 */
static inline int timekeeping(const char *rec)
{
	static const char *const sources[] = {
		"clocksource", "tsc:", "TSC found unstable", "sched_clock:",
	};
	const char *text = strchr(rec, ';');	/* after "level,seq,time,flags;" */
	size_t i;

	if (!text)
		return 0;
	text++;
	for (i = 0; i < sizeof(sources) / sizeof(sources[0]); i++)
		if (!strncmp(text, sources[i], strlen(sources[i])))
			return 1;
	return 0;
}

/*
 * Number of records logged since kmsg_open_at_end() (or the last call),
 * less those containing @allowed (may be NULL); prints the ones counted.
 */
static inline int kmsg_new_records_except(int fd, const char *allowed)
{
	char rec[2048];
	int n = 0;
	ssize_t len;

	for (;;) {
		len = read(fd, rec, sizeof(rec) - 1);
		if (len < 0 && errno == EPIPE)
			continue;	/* overwritten records: keep reading */
		if (len <= 0)
			break;
		rec[len] = '\0';
		if ((allowed && strstr(rec, allowed)) || timekeeping(rec))
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
