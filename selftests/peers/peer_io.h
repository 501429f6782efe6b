/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The line protocol the interop peers speak on stdin/stdout, shared by the
 * libsspi peer and the WinPR peer (it uses no SSPI type: both link against
 * libraries that define the Windows names, differently).
 *
 *   out: call NAME 0xSTATUS    every InitializeSecurityContext/AcceptSecurityContext
 *        token HEX             a token for the other side
 *        status 0xSTATUS       the handshake's outcome, then (on success) any of
 *        key HEX | user NAME | flags 0xATTRS | seal HEX | note TEXT
 *        end                   nothing more follows
 *   in:  token HEX             a token from the other side (EOF: none will come)
 */
#ifndef PEER_IO_H
#define PEER_IO_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PEER_MAX_TOKEN 65536

static void peer_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void peer_say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static void peer_hex(const char *tag, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i;

	printf("%s ", tag);
	for (i = 0; i < len; i++)
		printf("%02x", p[i]);
	putchar('\n');
	fflush(stdout);
}

static int peer_nibble(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Reads the next "token HEX" line into buf (at most cap bytes). Returns the
 * length, or -1 on EOF or a malformed line (which it reports as a note).
 */
static long peer_read_token(unsigned char *buf, size_t cap)
{
	static char line[2 * PEER_MAX_TOKEN + 64];
	size_t n, i;
	char *hex;

	if (!fgets(line, sizeof(line), stdin))
		return -1;
	n = strcspn(line, "\r\n");
	line[n] = '\0';
	if (strncmp(line, "token ", 6) != 0) {
		peer_say("note unexpected input: %.40s", line);
		return -1;
	}
	hex = line + 6;
	n = strlen(hex);
	if (n % 2 || n / 2 > cap) {
		peer_say("note bad token length %zu", n);
		return -1;
	}
	for (i = 0; i < n / 2; i++) {
		int hi = peer_nibble(hex[2 * i]), lo = peer_nibble(hex[2 * i + 1]);

		if (hi < 0 || lo < 0) {
			peer_say("note bad hex in token");
			return -1;
		}
		buf[i] = (unsigned char)(hi << 4 | lo);
	}
	return (long)(n / 2);
}

#endif
