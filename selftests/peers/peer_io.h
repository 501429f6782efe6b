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
 *
 * After "status 0x00000000 ... end" a peer keeps its context and serves
 * session security, one answer a line, until EOF (each peer numbers its
 * messages itself, from 0 each way):
 *   in:  seal HEX              EncryptMessage(HEX)
 *   out: sealed SIG DATA       its signature (SECBUFFER_TOKEN), its sealed data
 *   in:  unseal SIG DATA       DecryptMessage
 *   out: plain HEX             the data it gave back
 *   in:  sign HEX              MakeSignature(HEX)
 *   out: signed SIG
 *   in:  verify SIG HEX        VerifySignature
 *   out: verified
 *   out: status 0xSTATUS       instead of any of the above: the call failed
 *        bad TEXT              or the request was malformed
 * HEX may be empty ("plain " for an empty message).
 */
#ifndef PEER_IO_H
#define PEER_IO_H

#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PEER_MAX_TOKEN 65536
/* SSPI_MESSAGE_MAX: libsspi's largest message */
#define PEER_MAX_MESSAGE (64 * 1024 + 4096)
#define PEER_SIGNATURE 16

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
 * Reads the next line (without its end) into a static buffer; NULL on EOF
 * or a line too long (reported as a note).
 */
static char *peer_read_line(void)
{
	static char line[2 * (PEER_MAX_MESSAGE + PEER_SIGNATURE) + 64];
	size_t n;

	if (!fgets(line, sizeof(line), stdin))
		return NULL;
	n = strcspn(line, "\r\n");
	if (!line[n] && !feof(stdin)) {
		peer_say("note input line too long");
		return NULL;
	}
	line[n] = '\0';
	return line;
}

/* Decodes hex (n characters) into buf (cap bytes): the length, or -1. */
static long peer_unhex(const char *hex, size_t n, unsigned char *buf, size_t cap)
{
	size_t i;

	if (n % 2 || n / 2 > cap)
		return -1;
	for (i = 0; i < n / 2; i++) {
		int hi = peer_nibble(hex[2 * i]), lo = peer_nibble(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		buf[i] = (unsigned char)(hi << 4 | lo);
	}
	return (long)(n / 2);
}

/*
 * Reads the next "token HEX" line into buf (at most cap bytes). Returns the
 * length, or -1 on EOF or a malformed line (which it reports as a note).
 */
static long peer_read_token(unsigned char *buf, size_t cap)
{
	char *line = peer_read_line();
	long n;

	if (!line)
		return -1;
	if (strncmp(line, "token ", 6) != 0) {
		peer_say("note unexpected input: %.40s", line);
		return -1;
	}
	n = peer_unhex(line + 6, strlen(line + 6), buf, cap);
	if (n < 0)
		peer_say("note bad token of %zu hex digits", strlen(line + 6));
	return n;
}

/* A session security request: "NAME [HEX [HEX]]", the last HEX the message. */
struct peer_cmd {
	char name[8];
	unsigned char sig[PEER_SIGNATURE + 16];	/* room for a longer one */
	long sig_len;				/* -1: none given */
	unsigned char data[PEER_MAX_MESSAGE];
	long data_len;
};

/*
 * Reads the next request into cmd: 0, or -1 on EOF. A malformed one is
 * answered with "bad TEXT" and skipped.
 */
static int peer_read_cmd(struct peer_cmd *cmd)
{
	char *line, *args[2];
	size_t len;
	int nargs;

	for (;;) {
		line = peer_read_line();
		if (!line)
			return -1;
		len = strcspn(line, " ");
		nargs = 0;
		if (line[len]) {
			args[nargs++] = line + len + 1;
			line[len] = '\0';
			len = strcspn(args[0], " ");
			if (args[0][len]) {
				args[nargs++] = args[0] + len + 1;
				args[0][len] = '\0';
			}
		}
		if (strlen(line) >= sizeof(cmd->name) || nargs == 0) {
			peer_say("bad request %.40s", line);
			continue;
		}
		strcpy(cmd->name, line);
		cmd->sig_len = -1;
		if (nargs == 2) {
			cmd->sig_len = peer_unhex(args[0], strlen(args[0]), cmd->sig,
						  sizeof(cmd->sig));
			if (cmd->sig_len < 0) {
				peer_say("bad signature in request %s", cmd->name);
				continue;
			}
		}
		cmd->data_len = peer_unhex(args[nargs - 1], strlen(args[nargs - 1]), cmd->data,
					   sizeof(cmd->data));
		if (cmd->data_len < 0) {
			peer_say("bad data in request %s", cmd->name);
			continue;
		}
		return 0;
	}
}

/*
 * The command line both peers take:
 *   PEER client|server [-u USER -d DOMAIN -p PASSWORD] [-t TARGET] [-f REQ]
 *                      [-l LEVEL] [-m MINSEC] [-b BINDINGS]
 * -f: the ISC_REQ/ASC_REQ flags (default: @req's value on entry);
 * -l: an LmCompatibilityLevel for the credential (-1: none given);
 * -m: a minimum session security for the credential, as NtlmMinClientSec
 *     (-1: none given; peers without one ignore it);
 * -b: application data of a SECBUFFER_CHANNEL_BINDINGS given with the
 * CHALLENGE (client) or the AUTHENTICATE (server).
 */
struct peer_args {
	bool server;
	const char *user, *domain, *password, *target, *bindings;
	unsigned long req;
	long level;
	long min_sec;
};

/* Fills @a from the command line: 0, or 2 (the exit status) after a usage line. */
static int peer_parse_args(int argc, char **argv, struct peer_args *a)
{
	int c;

	a->level = -1;
	a->min_sec = -1;
	if (argc < 2 || (strcmp(argv[1], "client") && strcmp(argv[1], "server"))) {
		fprintf(stderr, "usage: %s client|server [-u USER -d DOMAIN -p PASSWORD "
			"-t TARGET -f FLAGS -l LEVEL -m MINSEC -b BINDINGS]\n", argv[0]);
		return 2;
	}
	a->server = !strcmp(argv[1], "server");
	optind = 2;
	while ((c = getopt(argc, argv, "u:d:p:t:f:l:m:b:")) != -1) {
		switch (c) {
		case 'u': a->user = optarg; break;
		case 'd': a->domain = optarg; break;
		case 'p': a->password = optarg; break;
		case 't': a->target = optarg; break;
		case 'f': a->req = strtoul(optarg, NULL, 0); break;
		case 'l': a->level = strtol(optarg, NULL, 0); break;
		case 'm': a->min_sec = strtol(optarg, NULL, 0); break;
		case 'b': a->bindings = optarg; break;
		default: return 2;
		}
	}
	return 0;
}

/* "TAG HEX1 HEX2" */
static void peer_hex2(const char *tag, const void *a, size_t a_len, const void *b, size_t b_len)
{
	const unsigned char *p = a, *q = b;
	size_t i;

	printf("%s ", tag);
	for (i = 0; i < a_len; i++)
		printf("%02x", p[i]);
	putchar(' ');
	for (i = 0; i < b_len; i++)
		printf("%02x", q[i]);
	putchar('\n');
	fflush(stdout);
}

#endif
