// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sspictl: the operator's view of sspi.ko.
 *
 *   sspictl [--json] packages              the security packages offered
 *   sspictl [--json] status                the module, its parameters, and
 *                                          what this namespace holds
 *   sspictl account add DOMAIN USER        password read from stdin
 *   sspictl account add DOMAIN USER --hash HEX [--lm-hash HEX]
 *                                          NT hash (and LM hash) instead
 *   sspictl account del DOMAIN USER
 *   sspictl [--json] account list          with lockouts and failed logons
 *   sspictl account unlock DOMAIN USER     end a lockout
 *   sspictl [--json] account load FILE     lines DOMAIN:USER:PASSWORD
 *   sspictl account flush                  delete them all, and the store
 *   sspictl login [DOMAIN\]USER             the caller's default credential
 *                                          (single sign-on), password from
 *                                          stdin or, on a terminal, asked
 *   sspictl logout                         remove it
 *   sspictl domain add DOMAIN              its clients are checked by the
 *                                          namespace's authority (sspi-authd)
 *   sspictl domain del DOMAIN              its clients are local again
 *   sspictl [--json] domain list           the remote domains
 *
 * Accounts and remote domains belong to the network namespace sspictl runs
 * in; changing them needs CAP_NET_ADMIN there. The default credential is
 * the caller's own, in its session keyring. With --json, what a command
 * prints is one JSON value, for scripts; errors stay text, on standard
 * error.
 */
#define _DEFAULT_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <keyutils.h>
#include <sspi.h>

#include "logon.h"
#include "transport.h"
#include "utf16.h"

/* --json: commands print one JSON value instead of text. */
static bool json;

/* @s (UTF-8) as a JSON string; what needs no escape goes out in runs. */
static void json_string(const char *s, FILE *out)
{
	size_t run;

	fputc('"', out);
	for (;;) {
		run = strcspn(s, "\"\\\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"
				 "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f");
		fwrite(s, 1, run, out);
		s += run;
		if (!*s)
			break;
		if (*s == '"' || *s == '\\')
			fprintf(out, "\\%c", *s);
		else
			fprintf(out, "\\u%04x", (unsigned char)*s);
		s++;
	}
	fputc('"', out);
}

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

static void print_package_json(const SecPkgInfoA *p)
{
	const char *sep = "";
	size_t i;

	fputs("{\"name\": ", stdout);
	json_string(p->Name, stdout);
	fputs(", \"comment\": ", stdout);
	json_string(p->Comment, stdout);
	printf(", \"version\": %u, \"rpc_id\": %u, \"max_token\": %u, \"capabilities\": %u, \"capability_names\": [",
	       p->wVersion, p->wRPCID, p->cbMaxToken, p->fCapabilities);
	for (i = 0; i < sizeof(cap_names) / sizeof(cap_names[0]); i++) {
		if (p->fCapabilities & cap_names[i].flag) {
			printf("%s\"%s\"", sep, cap_names[i].name);
			sep = ", ";
		}
	}
	fputs("]}", stdout);
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
	if (json)
		fputs("[", stdout);
	for (i = 0; i < count; i++) {
		if (!json) {
			print_package(&info[i]);
			continue;
		}
		fputs(i ? ", " : "", stdout);
		print_package_json(&info[i]);
	}
	if (json)
		fputs("]\n", stdout);
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

/* What a refusal (-@err) of an administrator's request @cmd means, if plain. */
static const char *refusal_text(uint8_t cmd, int err)
{
	if (err == -ENOENT)
		return cmd == SSPI_CMD_DOMAIN_DEL ? "no such remote domain" : "no such account";
	if (err == -EEXIST)
		return "already a remote domain";
	return NULL;
}

/*
 * Sends an administrator's request (accounts, remote domains) with the
 * arguments that are not NULL; the answer is only the kernel's ack.
 */
static int admin_request(uint8_t cmd, const char *domain, const char *user,
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
		report_refusal(err, refusal_text(cmd, err));
		return 1;
	}
	return 0;
}

/* A line of stdin; on a terminal, asked for and not echoed. */
static char *read_password(void)
{
	static char line[1024];
	struct termios saved, quiet;
	bool tty = isatty(STDIN_FILENO) && !tcgetattr(STDIN_FILENO, &saved);
	char *got;

	if (tty) {
		fputs("Password: ", stderr);
		quiet = saved;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	got = fgets(line, sizeof(line), stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
		fputc('\n', stderr);
	}
	if (!got)
		return NULL;
	line[strcspn(line, "\r\n")] = '\0';
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
		return admin_request(SSPI_CMD_ACCOUNT_ADD, argv[1], argv[2], NULL,
				     hash, NULL);
	else if (argc == 7 && !strcmp(argv[3], "--hash") && !hex_hash(argv[4], hash) &&
		 !strcmp(argv[5], "--lm-hash") && !hex_hash(argv[6], lm_hash))
		return admin_request(SSPI_CMD_ACCOUNT_ADD, argv[1], argv[2], NULL,
				     hash, lm_hash);
	else
		return 2;
	if (!password) {
		fprintf(stderr, "sspictl: no password on standard input\n");
		return 1;
	}
	ret = admin_request(SSPI_CMD_ACCOUNT_ADD, argv[1], argv[2], password,
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
		ret = admin_request(SSPI_CMD_ACCOUNT_ADD, domain, user, password,
				    NULL, NULL);
		if (ret)
			break;
		n++;
	}
	explicit_bzero(line, sizeof(line));
	fclose(f);
	if (!ret)
		printf(json ? "{\"loaded\": %d}\n" : "%d accounts loaded\n", n);
	return ret;
}

/* A UTF-16LE name attribute, as UTF-8 text or as a JSON string. */
static void print_utf16(const struct nlattr *attr, FILE *out)
{
	char *s = NULL;
	size_t len;

	if (attr && sspi_utf16n_to_utf8(mnl_attr_get_payload(attr),
					mnl_attr_get_payload_len(attr) / 2, &s, &len))
		s = NULL;
	if (json)
		json_string(s ? s : "", out);
	else if (s)
		fputs(s, out);
	free(s);
}

static int attr_table_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_get_type(attr) <= SSPI_ATTR_MAX)
		tb[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

/* 100 ns intervals from 1601 to 1970 */
#define FILETIME_UNIX_EPOCH 116444736000000000ULL

/* An account's lockout, as the dump gave it. */
struct lockout {
	uint32_t bad_logons;
	bool locked, forever;
	time_t until;		/* when locked and not forever */
};

static void lockout_read(const struct nlattr **tb, struct lockout *lo)
{
	uint64_t until;

	memset(lo, 0, sizeof(*lo));
	if (tb[SSPI_ATTR_BAD_LOGONS] &&
	    mnl_attr_validate(tb[SSPI_ATTR_BAD_LOGONS], MNL_TYPE_U32) == 0)
		lo->bad_logons = mnl_attr_get_u32(tb[SSPI_ATTR_BAD_LOGONS]);
	if (!tb[SSPI_ATTR_LOCKED_UNTIL] ||
	    mnl_attr_validate(tb[SSPI_ATTR_LOCKED_UNTIL], MNL_TYPE_U64) < 0)
		return;
	lo->locked = true;
	until = mnl_attr_get_u64(tb[SSPI_ATTR_LOCKED_UNTIL]);
	lo->forever = until == SSPI_LOCKED_FOREVER;
	if (lo->forever)
		return;
	lo->until = until > FILETIME_UNIX_EPOCH ?
		    (time_t)((until - FILETIME_UNIX_EPOCH) / 10000000) : 0;
}

/* "  locked until ... (N failed logons)", or "  N failed logons" */
static void print_lockout(const struct lockout *lo, FILE *out)
{
	char when[64];

	if (lo->locked && lo->forever) {
		fprintf(out, "  locked until unlocked (%u failed logons)", lo->bad_logons);
	} else if (lo->locked) {
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", gmtime(&lo->until));
		fprintf(out, "  locked until %s (%u failed logons)", when, lo->bad_logons);
	} else if (lo->bad_logons) {
		fprintf(out, "  %u failed logons", lo->bad_logons);
	}
}

static void print_lockout_json(const struct lockout *lo, FILE *out)
{
	char when[32];

	fprintf(out, ", \"bad_logons\": %u, \"locked\": %s, \"locked_until\": ",
		lo->bad_logons, lo->locked ? "true" : "false");
	if (lo->locked && !lo->forever) {
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime(&lo->until));
		json_string(when, out);
	} else {
		fputs("null", out);
	}
}

/* Where a listing goes, and whether an entry was written yet (JSON). */
struct listing {
	FILE *out;
	bool any;
};

static int32_t list_one(const struct nlmsghdr *reply, int32_t status, void *arg)
{
	const struct nlattr *outer[SSPI_ATTR_MAX + 1] = { 0 };
	const struct nlattr *tb[SSPI_ATTR_MAX + 1] = { 0 };
	struct listing *l = arg;
	struct lockout lo;

	mnl_attr_parse(reply, SSPI_GENL_HDRLEN, attr_table_cb, outer);
	if (!outer[SSPI_ATTR_ACCOUNT])
		return status;
	mnl_attr_parse_nested(outer[SSPI_ATTR_ACCOUNT], attr_table_cb, tb);
	lockout_read(tb, &lo);
	if (json) {
		fputs(l->any ? ",\n {\"domain\": " : "\n {\"domain\": ", l->out);
		print_utf16(tb[SSPI_ATTR_DOMAIN], l->out);
		fputs(", \"user\": ", l->out);
		print_utf16(tb[SSPI_ATTR_USER], l->out);
		print_lockout_json(&lo, l->out);
		fputc('}', l->out);
	} else {
		print_utf16(tb[SSPI_ATTR_DOMAIN], l->out);
		fputc('\\', l->out);
		print_utf16(tb[SSPI_ATTR_USER], l->out);
		print_lockout(&lo, l->out);
		fputc('\n', l->out);
	}
	l->any = true;
	return status;
}

/* A dump the store changed under is asked for again, this many times. */
#define LIST_TRIES 20

/*
 * Prints what a dump of @cmd lists (@fn prints one message's entry) once a
 * dump saw it unchanged, so that nothing is shown twice or missed; @what
 * names it in the error.
 */
static int list_stable(uint8_t cmd, sspi_reply_fn fn, const char *what)
{
	char changing[96];
	struct listing l;
	struct nlmsghdr *req;
	int32_t status;
	char *text = NULL;
	size_t len = 0;
	int err = -EINTR, tries;

	for (tries = 0; tries < LIST_TRIES && err == -EINTR; tries++) {
		free(text);
		text = NULL;
		l = (struct listing){ .out = open_memstream(&text, &len) };
		if (!l.out) {
			err = -errno;
			break;
		}
		req = sspi_request_begin(cmd, &status);
		if (!req) {
			fclose(l.out);
			free(text);
			fprintf(stderr, "sspictl: cannot reach sspi.ko (is it loaded?)\n");
			return 1;
		}
		err = sspi_dump(req, fn, &l);
		if (fclose(l.out) && !err)
			err = -ENOMEM;
	}
	if (!err) {
		fputs(json ? "[" : "", stdout);
		fwrite(text, 1, len, stdout);
		fputs(json ? "\n]\n" : "", stdout);
	}
	free(text);
	if (err) {
		snprintf(changing, sizeof(changing), "the %s kept changing while listed", what);
		report_refusal(err, err == -EINTR ? changing : NULL);
		return 1;
	}
	return 0;
}

/* A remote domain, as SSPI_CMD_DOMAIN_LIST dumps it. */
static int32_t domain_one(const struct nlmsghdr *reply, int32_t status, void *arg)
{
	const struct nlattr *tb[SSPI_ATTR_MAX + 1] = { 0 };
	struct listing *l = arg;

	mnl_attr_parse(reply, SSPI_GENL_HDRLEN, attr_table_cb, tb);
	if (!tb[SSPI_ATTR_DOMAIN])
		return status;
	fputs(json ? (l->any ? ",\n " : "\n ") : "", l->out);
	print_utf16(tb[SSPI_ATTR_DOMAIN], l->out);
	fputs(json ? "" : "\n", l->out);
	l->any = true;
	return status;
}

static int cmd_domain(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[0], "add"))
		return admin_request(SSPI_CMD_DOMAIN_ADD, argv[1], NULL, NULL, NULL, NULL);
	if (argc == 2 && !strcmp(argv[0], "del"))
		return admin_request(SSPI_CMD_DOMAIN_DEL, argv[1], NULL, NULL, NULL, NULL);
	if (argc == 1 && !strcmp(argv[0], "list"))
		return list_stable(SSPI_CMD_DOMAIN_LIST, domain_one, "remote domains");
	return 2;
}

#define SYS_MODULE "/sys/module/sspi"

/* The first line of @path without its end, in @buf; NULL if unreadable. */
static char *read_line(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	char *line;

	if (!f)
		return NULL;
	line = fgets(buf, (int)size, f);
	fclose(f);
	if (line)
		line[strcspn(line, "\n")] = '\0';
	return line;
}

/* A parameter's value as JSON: a number, true or false (Y, N), else a string. */
static void json_param(const char *v)
{
	const char *digits = v + (*v == '-');

	if (*digits && strspn(digits, "0123456789") == strlen(digits) &&
	    (digits[0] != '0' || !digits[1]))
		fputs(v, stdout);
	else if (!strcmp(v, "Y") || !strcmp(v, "N"))
		fputs(*v == 'Y' ? "true" : "false", stdout);
	else
		json_string(v, stdout);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The module's parameters, by name, from /sys/module/sspi/parameters. */
static void print_parameters(void)
{
	char path[512], value[256], **names = NULL, **more;
	size_t n = 0, i;
	struct dirent *e;
	DIR *dir;

	dir = opendir(SYS_MODULE "/parameters");
	while (dir && (e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		more = realloc(names, (n + 1) * sizeof(*names));
		if (!more)
			break;
		names = more;
		names[n] = strdup(e->d_name);
		if (names[n])
			n++;
	}
	if (dir)
		closedir(dir);
	qsort(names, n, sizeof(*names), name_cmp);
	fputs(json ? "{" : "parameters:\n", stdout);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), SYS_MODULE "/parameters/%s", names[i]);
		if (!read_line(path, value, sizeof(value)))
			snprintf(value, sizeof(value), "?");
		if (json) {
			fputs(i ? ", " : "", stdout);
			json_string(names[i], stdout);
			fputs(": ", stdout);
			json_param(value);
		} else {
			printf("  %-20s %s\n", names[i], value);
		}
		free(names[i]);
	}
	free(names);
	fputs(json ? "}" : "", stdout);
}

/* What SSPI_CMD_STATUS tells of this namespace, by SSPI_NS_ATTR_*. */
struct ns_status {
	uint32_t value[SSPI_NS_ATTR_MAX + 1];
	bool seen[SSPI_NS_ATTR_MAX + 1];
};

static int ns_attr_cb(const struct nlattr *attr, void *data)
{
	struct ns_status *ns = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type <= SSPI_NS_ATTR_MAX && mnl_attr_validate(attr, MNL_TYPE_U32) == 0) {
		ns->value[type] = mnl_attr_get_u32(attr);
		ns->seen[type] = true;
	}
	return MNL_CB_OK;
}

static int32_t ns_status_reply(const struct nlmsghdr *reply, int32_t status, void *arg)
{
	const struct nlattr *tb[SSPI_ATTR_MAX + 1] = { 0 };

	mnl_attr_parse(reply, SSPI_GENL_HDRLEN, attr_table_cb, tb);
	if (tb[SSPI_ATTR_NS_STATUS])
		mnl_attr_parse_nested(tb[SSPI_ATTR_NS_STATUS], ns_attr_cb, arg);
	return status;
}

static const struct {
	int attr;
	const char *key, *text;
} ns_fields[] = {
	{ SSPI_NS_ATTR_CREDENTIALS, "credentials", "credentials" },
	{ SSPI_NS_ATTR_CONTEXTS, "contexts", "contexts" },
	{ SSPI_NS_ATTR_ACCOUNTS, "accounts", "accounts" },
	{ SSPI_NS_ATTR_LOCKED_ACCOUNTS, "locked_accounts", "locked out" },
	{ SSPI_NS_ATTR_REMOTE_DOMAINS, "remote_domains", "remote domains" },
	{ SSPI_NS_ATTR_AUTHORITY_PORT, "authority_port", "authority port" },
	{ SSPI_NS_ATTR_PASS_THROUGH, "pass_through", "pass-through logons" },
};

/* Asks the kernel what this namespace holds; 0 or -errno. */
static int ns_status_get(struct ns_status *ns)
{
	struct nlmsghdr *req;
	struct iovec iov;
	int32_t status;
	int err, i;

	memset(ns, 0, sizeof(*ns));
	req = sspi_request_begin(SSPI_CMD_STATUS, &status);
	if (!req)
		return -ENOENT;
	status = sspi_transact_iov(req, &iov, 1, ns_status_reply, ns, &err);
	if (err)
		return -err;	/* an errno: refused */
	for (i = 1; i <= SSPI_NS_ATTR_MAX; i++)
		if (!ns->seen[i])
			return -EPROTO;
	return status == SEC_E_OK ? 0 : -EPROTO;
}

/* Every namespace's handles, from debugfs (root only; not an ABI). */
static bool all_objects(unsigned int *creds, unsigned int *ctxs)
{
	FILE *f = fopen("/sys/kernel/debug/sspi/objects", "r");
	int n;

	if (!f)
		return false;
	n = fscanf(f, "credentials %u contexts %u", creds, ctxs);
	fclose(f);
	return n == 2;
}

static int cmd_status(void)
{
	unsigned int creds, ctxs;
	char version[128];
	struct ns_status ns;
	bool all;
	size_t i;
	int err;

	/* first: it loads the module if need be */
	err = ns_status_get(&ns);
	if (!read_line(SYS_MODULE "/version", version, sizeof(version)))
		version[0] = '\0';
	if (json) {
		fputs("{\"module\": {\"loaded\": ", stdout);
		fputs(access(SYS_MODULE, F_OK) == 0 ? "true" : "false", stdout);
		fputs(", \"version\": ", stdout);
		if (version[0])
			json_string(version, stdout);
		else
			fputs("null", stdout);
		fputs(", \"parameters\": ", stdout);
	} else {
		printf("module sspi%s%s\n", version[0] ? " " : "",
		       version[0] ? version : " (no version)");
	}
	print_parameters();
	if (json)
		fputs(err ? "}, \"namespace\": null" : "}, \"namespace\": {", stdout);
	else if (!err)
		fputs("this network namespace:\n", stdout);
	for (i = 0; !err && i < sizeof(ns_fields) / sizeof(ns_fields[0]); i++) {
		if (json)
			printf("%s\"%s\": %u", i ? ", " : "", ns_fields[i].key,
			       ns.value[ns_fields[i].attr]);
		else
			printf("  %-20s %u\n", ns_fields[i].text, ns.value[ns_fields[i].attr]);
	}
	if (json && !err)
		fputs("}", stdout);
	all = all_objects(&creds, &ctxs);
	if (json) {
		fputs(", \"all_namespaces\": ", stdout);
		if (all)
			printf("{\"credentials\": %u, \"contexts\": %u}", creds, ctxs);
		else
			fputs("null", stdout);
		fputs("}\n", stdout);
	} else if (all) {
		printf("all network namespaces:\n  %-20s %u\n  %-20s %u\n",
		       "credentials", creds, "contexts", ctxs);
	}
	if (err) {
		report_refusal(err, err == -ENOENT ? "cannot reach sspi.ko (is it loaded?)" : NULL);
		return 1;
	}
	return 0;
}

static int cmd_account(int argc, char **argv)
{
	if (argc >= 1 && !strcmp(argv[0], "add"))
		return cmd_account_add(argc, argv);
	if (argc == 3 && !strcmp(argv[0], "del"))
		return admin_request(SSPI_CMD_ACCOUNT_DEL, argv[1], argv[2], NULL,
				     NULL, NULL);
	if (argc == 1 && !strcmp(argv[0], "list"))
		return list_stable(SSPI_CMD_ACCOUNT_LIST, list_one, "accounts");
	if (argc == 3 && !strcmp(argv[0], "unlock"))
		return admin_request(SSPI_CMD_ACCOUNT_UNLOCK, argv[1], argv[2], NULL,
				     NULL, NULL);
	if (argc == 2 && !strcmp(argv[0], "load"))
		return cmd_account_load(argv[1]);
	if (argc == 1 && !strcmp(argv[0], "flush"))
		return admin_request(SSPI_CMD_ACCOUNT_FLUSH, NULL, NULL, NULL, NULL, NULL);
	return 2;
}

static int cmd_login(const char *name)
{
	char *password = read_password();
	int err;

	if (!password) {
		fprintf(stderr, "sspictl: no password on standard input\n");
		return 1;
	}
	/* A session keyring to keep it in: the user's session one if none. */
	keyctl_get_keyring_ID(KEY_SPEC_SESSION_KEYRING, 0);
	err = sspi_logon_store(name, NULL, password);
	explicit_bzero(password, strlen(password));
	if (err)
		fprintf(stderr, "sspictl: %s\n",
			err == -EHOSTUNREACH ? "cannot reach sspi.ko (is it loaded?)" :
			err == -EILSEQ ? "names and passwords must be UTF-8" :
			err == -EINVAL ? "refused (bad name, or an empty password)" :
			err == -ENOKEY ? "no session keyring to keep it in" :
			strerror(-err));
	return err ? 1 : 0;
}

static int cmd_logout(void)
{
	int err = sspi_logon_remove();

	if (err)
		fprintf(stderr, "sspictl: %s\n",
			err == -EHOSTUNREACH ? "cannot reach sspi.ko (is it loaded?)" :
			err == -ENOKEY ? "not logged in" : strerror(-err));
	return err ? 1 : 0;
}

static int usage(FILE *out)
{
	fprintf(out,
		"usage: sspictl [--json] packages\n"
		"       sspictl [--json] status\n"
		"       sspictl account add DOMAIN USER [--hash HEX [--lm-hash HEX]]\n"
		"                                        (else the password on stdin)\n"
		"       sspictl account del DOMAIN USER\n"
		"       sspictl [--json] account list\n"
		"       sspictl account unlock DOMAIN USER\n"
		"       sspictl [--json] account load FILE  (lines DOMAIN:USER:PASSWORD)\n"
		"       sspictl account flush\n"
		"       sspictl login [DOMAIN\\]USER  (the password on stdin)\n"
		"       sspictl logout\n"
		"       sspictl domain add DOMAIN\n"
		"       sspictl domain del DOMAIN\n"
		"       sspictl [--json] domain list\n");
	return out == stderr ? 2 : 0;
}

int main(int argc, char **argv)
{
	int ret = 2;

	if (argc >= 2 && !strcmp(argv[1], "--json")) {
		json = true;
		argc--;
		argv++;
	}
	if (argc == 2 && !strcmp(argv[1], "packages"))
		ret = cmd_packages();
	else if (argc == 2 && !strcmp(argv[1], "status"))
		ret = cmd_status();
	else if (argc >= 2 && !strcmp(argv[1], "account"))
		ret = cmd_account(argc - 2, argv + 2);
	else if (argc == 3 && !strcmp(argv[1], "login"))
		ret = cmd_login(argv[2]);
	else if (argc == 2 && !strcmp(argv[1], "logout"))
		ret = cmd_logout();
	else if (argc >= 2 && !strcmp(argv[1], "domain"))
		ret = cmd_domain(argc - 2, argv + 2);
	else if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))
		return usage(stdout);
	return ret == 2 ? usage(stderr) : ret;
}
