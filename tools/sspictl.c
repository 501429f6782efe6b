// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sspictl: the operator's view of sspi.ko.
 *
 *   sspictl packages                       the security packages offered
 *   sspictl account add DOMAIN USER        password read from stdin
 *   sspictl account add DOMAIN USER --hash HEX [--lm-hash HEX]
 *                                          NT hash (and LM hash) instead
 *   sspictl account del DOMAIN USER
 *   sspictl account list                   with lockouts and failed logons
 *   sspictl account unlock DOMAIN USER     end a lockout
 *   sspictl account load FILE              lines DOMAIN:USER:PASSWORD
 *   sspictl account flush                  delete them all, and the store
 *
 * Accounts belong to the network namespace sspictl runs in; changing them
 * needs CAP_NET_ADMIN there.
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sspi.h>

#include "transport.h"
#include "utf16.h"

static const struct {
	ULONG flag;
	const char *name;
} cap_names[] = {
	{ SECPKG_FLAG_INTEGRITY, "INTEGRITY" },
	{ SECPKG_FLAG_PRIVACY, "PRIVACY" },
	{ SECPKG_FLAG_TOKEN_ONLY, "TOKEN_ONLY" },
	{ SECPKG_FLAG_DATAGRAM, "DATAGRAM" },
	{ SECPKG_FLAG_CONNECTION, "CONNECTION" },
	{ SECPKG_FLAG_MULTI_REQUIRED, "MULTI_REQUIRED" },
	{ SECPKG_FLAG_CLIENT_ONLY, "CLIENT_ONLY" },
	{ SECPKG_FLAG_EXTENDED_ERROR, "EXTENDED_ERROR" },
	{ SECPKG_FLAG_IMPERSONATION, "IMPERSONATION" },
	{ SECPKG_FLAG_ACCEPT_WIN32_NAME, "ACCEPT_WIN32_NAME" },
	{ SECPKG_FLAG_STREAM, "STREAM" },
	{ SECPKG_FLAG_NEGOTIABLE, "NEGOTIABLE" },
	{ SECPKG_FLAG_LOGON, "LOGON" },
};

static void print_package(const SecPkgInfoA *p)
{
	size_t i;

	printf("%s: %s\n", p->Name, p->Comment);
	printf("  version %u, RPC id %u, max token %u bytes\n",
	       p->wVersion, p->wRPCID, p->cbMaxToken);
	printf("  capabilities 0x%08x:", p->fCapabilities);
	for (i = 0; i < sizeof(cap_names) / sizeof(cap_names[0]); i++)
		if (p->fCapabilities & cap_names[i].flag)
			printf(" %s", cap_names[i].name);
	printf("\n");
}

static int cmd_packages(void)
{
	PSecPkgInfoA info;
	ULONG count, i;
	SECURITY_STATUS status;

	status = EnumerateSecurityPackagesA(&count, &info);
	if (status != SEC_E_OK) {
		fprintf(stderr, "sspictl: EnumerateSecurityPackages: 0x%08x%s\n",
			(unsigned int)status,
			status == SEC_E_INTERNAL_ERROR ? " (is sspi.ko loaded?)" : "");
		return 1;
	}
	for (i = 0; i < count; i++)
		print_package(&info[i]);
	FreeContextBuffer(info);
	return 0;
}

/*
 * Says why the kernel refused a request (-@err): in its own words when it
 * gave some, else @plain (what -@err means for this command), else the
 * errno's text.
 */
static void report_refusal(int err, const char *plain)
{
	const char *msg = SspiGetLastKernelMessage();

	if (!msg && err == -EPERM)
		plain = "needs CAP_NET_ADMIN in this network namespace";
	fprintf(stderr, "sspictl: %s\n", msg ? msg : plain ? plain : strerror(-err));
}

/* Puts a UTF-8 argument as a UTF-16LE attribute; -1 if it is not UTF-8. */
static int put_name(struct nlmsghdr *req, uint16_t type, const char *s)
{
	char16_t *w;
	size_t units;

	if (sspi_utf8z_to_utf16(s, &w, &units))
		return -1;
	mnl_attr_put(req, type, units * sizeof(char16_t), w);
	explicit_bzero(w, units * sizeof(char16_t));
	free(w);
	return 0;
}

static int hex_hash(const char *hex, uint8_t hash[SSPI_NT_HASH_LEN])
{
	unsigned int byte;
	int i;

	if (strlen(hex) != 2 * SSPI_NT_HASH_LEN)
		return -1;
	for (i = 0; i < SSPI_NT_HASH_LEN; i++) {
		if (sscanf(hex + 2 * i, "%2x", &byte) != 1)
			return -1;
		hash[i] = byte;
	}
	return 0;
}

/* Sends an account request; the answer is only the kernel's ack. */
static int account_request(uint8_t cmd, const char *domain, const char *user,
			   const char *password, const uint8_t *hash,
			   const uint8_t *lm_hash)
{
	struct nlmsghdr *req;
	int32_t status;
	int err;

	req = sspi_request_begin(cmd, &status);
	if (!req) {
		fprintf(stderr, "sspictl: cannot reach sspi.ko (is it loaded?)\n");
		return 1;
	}
	if ((domain && put_name(req, SSPI_ATTR_DOMAIN, domain)) ||
	    (user && put_name(req, SSPI_ATTR_USER, user)) ||
	    (password && put_name(req, SSPI_ATTR_PASSWORD, password))) {
		fprintf(stderr, "sspictl: names and passwords must be UTF-8\n");
		sspi_request_abort(req);
		return 1;
	}
	if (hash)
		mnl_attr_put(req, SSPI_ATTR_NT_HASH, SSPI_NT_HASH_LEN, hash);
	if (lm_hash)
		mnl_attr_put(req, SSPI_ATTR_LM_HASH, SSPI_LM_HASH_LEN, lm_hash);
	err = sspi_request_ack(req);
	if (err) {
		report_refusal(err, err == -ENOENT ? "no such account" : NULL);
		return 1;
	}
	return 0;
}

static char *read_password(void)
{
	static char line[1024];
	size_t len;

	if (!fgets(line, sizeof(line), stdin))
		return NULL;
	len = strcspn(line, "\r\n");
	line[len] = '\0';
	return line;
}

static int cmd_account_add(int argc, char **argv)
{
	uint8_t hash[SSPI_NT_HASH_LEN], lm_hash[SSPI_LM_HASH_LEN];
	char *password;
	int ret;

	if (argc == 3)
		password = read_password();
	else if (argc == 5 && !strcmp(argv[3], "--hash") && !hex_hash(argv[4], hash))
		return account_request(SSPI_CMD_ACCOUNT_ADD, argv[1], argv[2], NULL,
				       hash, NULL);
	else if (argc == 7 && !strcmp(argv[3], "--hash") && !hex_hash(argv[4], hash) &&
		 !strcmp(argv[5], "--lm-hash") && !hex_hash(argv[6], lm_hash))
		return account_request(SSPI_CMD_ACCOUNT_ADD, argv[1], argv[2], NULL,
				       hash, lm_hash);
	else
		return 2;
	if (!password) {
		fprintf(stderr, "sspictl: no password on standard input\n");
		return 1;
	}
	ret = account_request(SSPI_CMD_ACCOUNT_ADD, argv[1], argv[2], password,
			      NULL, NULL);
	explicit_bzero(password, strlen(password));
	return ret;
}

static int cmd_account_load(const char *path)
{
	char line[2048], *domain, *user, *password;
	int ret = 0, n = 0;
	FILE *f;

	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "sspictl: %s: %s\n", path, strerror(errno));
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		domain = line;
		user = strchr(domain, ':');
		password = user ? strchr(user + 1, ':') : NULL;
		if (!password) {
			fprintf(stderr, "sspictl: %s: not DOMAIN:USER:PASSWORD: %s\n", path, line);
			ret = 1;
			break;
		}
		*user++ = '\0';
		*password++ = '\0';
		ret = account_request(SSPI_CMD_ACCOUNT_ADD, domain, user, password,
				      NULL, NULL);
		if (ret)
			break;
		n++;
	}
	explicit_bzero(line, sizeof(line));
	fclose(f);
	if (!ret)
		printf("%d accounts loaded\n", n);
	return ret;
}

static void print_utf16(const struct nlattr *attr, FILE *out)
{
	char *s;
	size_t len;

	if (sspi_utf16n_to_utf8(mnl_attr_get_payload(attr),
				mnl_attr_get_payload_len(attr) / 2, &s, &len) == 0) {
		fputs(s, out);
		free(s);
	}
}

static int list_account_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_get_type(attr) <= SSPI_ATTR_MAX)
		tb[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

/* 100 ns intervals from 1601 to 1970 */
#define FILETIME_UNIX_EPOCH 116444736000000000ULL

/* "  locked until ... (N failed logons)", or "  N failed logons" */
static void print_lockout(const struct nlattr **tb, FILE *out)
{
	uint32_t bad = 0;
	uint64_t until;
	char when[64];
	time_t t;

	if (tb[SSPI_ATTR_BAD_LOGONS] &&
	    mnl_attr_validate(tb[SSPI_ATTR_BAD_LOGONS], MNL_TYPE_U32) == 0)
		bad = mnl_attr_get_u32(tb[SSPI_ATTR_BAD_LOGONS]);
	if (tb[SSPI_ATTR_LOCKED_UNTIL] &&
	    mnl_attr_validate(tb[SSPI_ATTR_LOCKED_UNTIL], MNL_TYPE_U64) == 0) {
		until = mnl_attr_get_u64(tb[SSPI_ATTR_LOCKED_UNTIL]);
		if (until == SSPI_LOCKED_FOREVER) {
			fputs("  locked until unlocked", out);
		} else {
			t = until > FILETIME_UNIX_EPOCH ?
			    (time_t)((until - FILETIME_UNIX_EPOCH) / 10000000) : 0;
			strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", gmtime(&t));
			fprintf(out, "  locked until %s", when);
		}
		fprintf(out, " (%u failed logons)", bad);
	} else if (bad) {
		fprintf(out, "  %u failed logons", bad);
	}
}

static int32_t list_one(const struct nlmsghdr *reply, int32_t status, void *arg)
{
	const struct nlattr *outer[SSPI_ATTR_MAX + 1] = { 0 };
	const struct nlattr *tb[SSPI_ATTR_MAX + 1] = { 0 };
	FILE *out = arg;

	mnl_attr_parse(reply, SSPI_GENL_HDRLEN, list_account_cb, outer);
	if (!outer[SSPI_ATTR_ACCOUNT])
		return status;
	mnl_attr_parse_nested(outer[SSPI_ATTR_ACCOUNT], list_account_cb, tb);
	if (tb[SSPI_ATTR_DOMAIN])
		print_utf16(tb[SSPI_ATTR_DOMAIN], out);
	fputc('\\', out);
	if (tb[SSPI_ATTR_USER])
		print_utf16(tb[SSPI_ATTR_USER], out);
	print_lockout(tb, out);
	fputc('\n', out);
	return status;
}

/* A dump the store changed under is asked for again, this many times. */
#define LIST_TRIES 20

/*
 * Prints the accounts once a dump saw the store unchanged, so that none
 * is shown twice or missed.
 */
static int cmd_account_list(void)
{
	struct nlmsghdr *req;
	int32_t status;
	char *text = NULL;
	size_t len = 0;
	int err = -EINTR, tries;
	FILE *out;

	for (tries = 0; tries < LIST_TRIES && err == -EINTR; tries++) {
		free(text);
		text = NULL;
		out = open_memstream(&text, &len);
		if (!out) {
			err = -errno;
			break;
		}
		req = sspi_request_begin(SSPI_CMD_ACCOUNT_LIST, &status);
		if (!req) {
			fclose(out);
			free(text);
			fprintf(stderr, "sspictl: cannot reach sspi.ko (is it loaded?)\n");
			return 1;
		}
		err = sspi_dump(req, list_one, out);
		if (fclose(out) && !err)
			err = -ENOMEM;
	}
	if (!err)
		fwrite(text, 1, len, stdout);
	free(text);
	if (err) {
		report_refusal(err, err == -EINTR ? "the accounts kept changing while listed" : NULL);
		return 1;
	}
	return 0;
}

static int cmd_account(int argc, char **argv)
{
	if (argc >= 1 && !strcmp(argv[0], "add"))
		return cmd_account_add(argc, argv);
	if (argc == 3 && !strcmp(argv[0], "del"))
		return account_request(SSPI_CMD_ACCOUNT_DEL, argv[1], argv[2], NULL,
				       NULL, NULL);
	if (argc == 1 && !strcmp(argv[0], "list"))
		return cmd_account_list();
	if (argc == 3 && !strcmp(argv[0], "unlock"))
		return account_request(SSPI_CMD_ACCOUNT_UNLOCK, argv[1], argv[2], NULL,
				       NULL, NULL);
	if (argc == 2 && !strcmp(argv[0], "load"))
		return cmd_account_load(argv[1]);
	if (argc == 1 && !strcmp(argv[0], "flush"))
		return account_request(SSPI_CMD_ACCOUNT_FLUSH, NULL, NULL, NULL, NULL, NULL);
	return 2;
}

static int usage(FILE *out)
{
	fprintf(out,
		"usage: sspictl packages\n"
		"       sspictl account add DOMAIN USER [--hash HEX [--lm-hash HEX]]\n"
		"                                        (else the password on stdin)\n"
		"       sspictl account del DOMAIN USER\n"
		"       sspictl account list\n"
		"       sspictl account unlock DOMAIN USER\n"
		"       sspictl account load FILE  (lines DOMAIN:USER:PASSWORD)\n"
		"       sspictl account flush\n");
	return out == stderr ? 2 : 0;
}

int main(int argc, char **argv)
{
	int ret = 2;

	if (argc == 2 && !strcmp(argv[1], "packages"))
		ret = cmd_packages();
	else if (argc >= 2 && !strcmp(argv[1], "account"))
		ret = cmd_account(argc - 2, argv + 2);
	else if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))
		return usage(stdout);
	return ret == 2 ? usage(stderr) : ret;
}
