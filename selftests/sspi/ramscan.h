/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Searching all of the machine's memory for a secret: /proc/kcore's
 * segments that map physical RAM (the direct map, where freed pages keep
 * what was last written to them until reused), read as a file. For the
 * guest tests that prove no copy of a password is left behind.
 *
 * A secret here is RAMSCAN_PREFIX_LEN characters of a prefix every secret
 * of a test shares, '-', then a tag of two letters naming where it was
 * used. A copy counts as UTF-16LE (how passwords travel to the module) or
 * as 8-bit text in either case (the LM hash uppercases an OEM copy).
 */
#ifndef SSPI_SELFTEST_RAMSCAN_H
#define SSPI_SELFTEST_RAMSCAN_H

#include <ctype.h>
#include <elf.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#define RAMSCAN_PREFIX_LEN	11	/* '~' and ten random letters and digits */
#define RAMSCAN_SECRET_LEN	(RAMSCAN_PREFIX_LEN + 3)	/* 14: LM still hashes it */
#define RAMSCAN_TAGS		26	/* tags "aa" to "az" */
#define RAMSCAN_CHUNK		(1u << 20)
#define RAMSCAN_OVERLAP		64	/* > the longest copy, in UTF-16 */

/* A fresh prefix: '~' (rare in memory, so the scan stops seldom) + 10 random. */
static inline int ramscan_new_prefix(char prefix[RAMSCAN_PREFIX_LEN + 1])
{
	static const char alnum[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	unsigned char r[RAMSCAN_PREFIX_LEN - 1];
	int i;

	if (getrandom(r, sizeof(r), 0) != sizeof(r))
		return -1;
	prefix[0] = '~';
	for (i = 1; i < RAMSCAN_PREFIX_LEN; i++)
		prefix[i] = alnum[r[i - 1] % (sizeof(alnum) - 1)];
	prefix[RAMSCAN_PREFIX_LEN] = '\0';
	explicit_bzero(r, sizeof(r));
	return 0;
}

/* The secret tagged @tag (0 for "aa"), as a C string. */
static inline void ramscan_secret(char out[RAMSCAN_SECRET_LEN + 1], const char *prefix,
				  unsigned int tag)
{
	memcpy(out, prefix, RAMSCAN_PREFIX_LEN);
	out[RAMSCAN_PREFIX_LEN] = '-';
	out[RAMSCAN_PREFIX_LEN + 1] = 'a';
	out[RAMSCAN_PREFIX_LEN + 2] = (char)('a' + tag);
	out[RAMSCAN_SECRET_LEN] = '\0';
}

/*
 * Whether a secret with @prefix starts at @p, its characters @step bytes
 * apart (1: 8-bit text, either case; 2: UTF-16LE); its tag goes to @tag.
 */
static inline int ramscan_match(const unsigned char *p, size_t avail, const char *prefix,
				unsigned int step, unsigned int *tag)
{
	unsigned int i;
	int c;

	if (avail < (size_t)RAMSCAN_SECRET_LEN * step)
		return 0;
	for (i = 0; i < RAMSCAN_SECRET_LEN; i++) {
		if (step == 2 && p[2 * i + 1])
			return 0;
		c = tolower(p[i * step]);
		if (i < RAMSCAN_PREFIX_LEN && c != tolower((unsigned char)prefix[i]))
			return 0;
		if ((i == RAMSCAN_PREFIX_LEN && c != '-') ||
		    (i == RAMSCAN_PREFIX_LEN + 1 && c != 'a'))
			return 0;
		if (i == RAMSCAN_PREFIX_LEN + 2 && (c < 'a' || c >= 'a' + RAMSCAN_TAGS))
			return 0;
	}
	*tag = (unsigned int)(tolower(p[(RAMSCAN_SECRET_LEN - 1) * step]) - 'a');
	return 1;
}

/*
 * Counts, per tag, the copies of the secrets with @prefix in RAM into
 * @hits[RAMSCAN_TAGS]. The caller's own copies must be wiped first.
 * Returns the bytes searched, or -1 when /proc/kcore cannot be read.
 */
static inline long long ramscan(const char *prefix, unsigned int hits[RAMSCAN_TAGS])
{
	unsigned char *buf = malloc(RAMSCAN_CHUNK + RAMSCAN_OVERLAP);
	long long searched = 0;
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	unsigned int i, tag;
	int fd = open("/proc/kcore", O_RDONLY);

	memset(hits, 0, RAMSCAN_TAGS * sizeof(hits[0]));
	if (fd < 0 || !buf || pread(fd, &eh, sizeof(eh), 0) != sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) || eh.e_ident[EI_CLASS] != ELFCLASS64)
		goto fail;
	for (i = 0; i < eh.e_phnum; i++) {
		uint64_t done, len;

		if (pread(fd, &ph, sizeof(ph), eh.e_phoff + (off_t)i * eh.e_phentsize) !=
		    sizeof(ph))
			goto fail;
		/* RAM and the kernel image have a physical address, vmalloc has none */
		if (ph.p_type != PT_LOAD || ph.p_paddr == (Elf64_Addr)-1)
			continue;
		for (done = 0; done < ph.p_filesz; done += RAMSCAN_CHUNK) {
			const unsigned char *p, *end;
			ssize_t n;

			len = ph.p_filesz - done;
			if (len > RAMSCAN_CHUNK + RAMSCAN_OVERLAP)
				len = RAMSCAN_CHUNK + RAMSCAN_OVERLAP;
			n = pread(fd, buf, len, (off_t)(ph.p_offset + done));
			if (n <= 0)
				continue;	/* a hole the kernel cannot read */
			searched += n;
			/* a copy starting in the overlap is counted with the next chunk */
			end = buf + (n > RAMSCAN_CHUNK ? RAMSCAN_CHUNK : n);
			for (p = buf; (p = memchr(p, '~', end - p)); p++) {
				if (ramscan_match(p, buf + n - p, prefix, 1, &tag) ||
				    ramscan_match(p, buf + n - p, prefix, 2, &tag))
					hits[tag]++;
			}
		}
	}
	close(fd);
	free(buf);
	return searched;
fail:
	if (fd >= 0)
		close(fd);
	free(buf);
	return -1;
}

#endif /* SSPI_SELFTEST_RAMSCAN_H */
