/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Valid inputs for the NTLMSSP message tests and the fuzzer's seed corpus:
 * the MS-NLMP 4.2.4.3 messages, read from selftests/vectors/msnlmp.json (the
 * source of truth: nothing is copied from it into C), and messages built
 * with our builders to cover the shapes the specification's examples do
 * not (no VERSION, a MIC, NTLMv1, OEM strings, anonymous).
 */
#ifndef SSPI_NTLM_SAMPLES_H
#define SSPI_NTLM_SAMPLES_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "message.h"

#ifndef MSNLMP_JSON
#error "MSNLMP_JSON: the path of selftests/vectors/msnlmp.json"
#endif
#ifndef CLIENTS_DIR
#error "CLIENTS_DIR: the path of selftests/ntlm/clients"
#endif

enum kind { NEGOTIATE, CHALLENGE, AUTHENTICATE, BLOB, AV_LIST };

struct sample {
	const char *name;
	enum kind kind;
	u8 buf[1024];
	size_t len;
	/* proper prefixes that are themselves valid: [ok_lo, ok_hi] */
	bool has_ok_prefix;
	size_t ok_lo, ok_hi;
};

#define MAX_SAMPLES 16
#define MAX_CLIENT_TOKENS 48

/* ---- msnlmp.json ---------------------------------------------------------- */

static inline const char *json_text(void)
{
	static char *text;
	FILE *f;
	long n;

	if (text)
		return text;
	f = fopen(MSNLMP_JSON, "r");
	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		perror(MSNLMP_JSON);
		exit(2);
	}
	text = calloc(1, n + 1);
	if (!text || fread(text, 1, n, f) != (size_t)n) {
		perror(MSNLMP_JSON);
		exit(2);
	}
	fclose(f);
	return text;
}

/* The string value of the first "key" after @from; exits if there is none */
static inline const char *json_string(const char *from, const char *key,
				      size_t *len)
{
	char pat[160];
	const char *p, *end;

	snprintf(pat, sizeof(pat), "\"%s\":", key);
	p = strstr(from, pat);
	if (!p)
		goto missing;
	p += strlen(pat);
	while (*p == ' ' || *p == '\n')
		p++;
	if (*p++ != '"')
		goto missing;
	end = strchr(p, '"');
	if (!end)
		goto missing;
	*len = end - p;
	return p;

missing:
	fprintf(stderr, "%s: no string \"%s\"\n", MSNLMP_JSON, key);
	exit(2);
}

static inline size_t unhex(const char *hex, size_t n, u8 *out, size_t size)
{
	size_t i;

	if (n % 2 || n / 2 > size) {
		fprintf(stderr, "bad hex string of %zu digits\n", n);
		exit(2);
	}
	for (i = 0; i < n / 2; i++) {
		unsigned int b;

		if (sscanf(hex + 2 * i, "%2x", &b) != 1)
			exit(2);
		out[i] = (u8)b;
	}
	return n / 2;
}

/* inputs."key", as bytes */
static inline size_t json_input_hex(const char *key, u8 *out, size_t size)
{
	size_t n;
	const char *s = json_string(json_text(), key, &n);

	return unhex(s, n, out, size);
}

/* inputs."key", as a NUL-terminated string in @out */
static inline const char *json_input_str(const char *key, char *out,
					 size_t size)
{
	size_t n;
	const char *s = json_string(json_text(), key, &n);

	if (n >= size)
		exit(2);
	memcpy(out, s, n);
	out[n] = 0;
	return out;
}

/* vectors[name == @name].expected, as bytes */
static inline size_t json_vector(const char *name, u8 *out, size_t size)
{
	char pat[160];
	const char *p, *s;
	size_t n;

	snprintf(pat, sizeof(pat), "\"name\": \"%s\"", name);
	p = strstr(json_text(), pat);
	if (!p) {
		fprintf(stderr, "%s: no vector \"%s\"\n", MSNLMP_JSON, name);
		exit(2);
	}
	s = json_string(p, "expected", &n);
	return unhex(s, n, out, size);
}

/*
 * The 4.2.4.3 CHALLENGE_MESSAGE. msnlmp.json has TargetNameLen 0x0003 at
 * offset 12 where MS-NLMP and every public copy of the example have 0x000c
 * (MaxLen is 0x000c, and TargetName is "Server", 12 bytes): an odd UTF-16
 * length, which the parser rightly refuses. This gives the message as the
 * specification has it; *@erratum says whether the JSON needed the fix.
 */
static inline size_t json_challenge(u8 *buf, size_t size, bool *erratum)
{
	size_t n = json_input_hex("4.2.4.3 CHALLENGE_MESSAGE", buf, size);

	*erratum = n > 13 && buf[12] == 0x03 && buf[13] == 0x00 &&
		   buf[14] == 0x0c;
	if (*erratum)
		buf[12] = 0x0c;
	return n;
}

/* ---- building blocks -------------------------------------------------------- */

/* ASCII to UTF-16LE; returns the byte count */
static inline size_t utf16(const char *s, u8 *out)
{
	size_t i;

	for (i = 0; s[i]; i++) {
		out[2 * i] = (u8)s[i];
		out[2 * i + 1] = 0;
	}
	return 2 * i;
}

static inline struct ntlm_view view(const void *data, size_t len)
{
	struct ntlm_view v = { len ? data : NULL, len };

	return v;
}

/* An AV list like a Windows server's, with a client's MsvAvFlags (MIC) */
static inline size_t sample_av(u8 *out, size_t size, bool mic)
{
	struct ntlm_av_builder b;
	u8 name[64], flags[4], ts[8];
	ssize_t n;

	ntlm_av_builder_init(&b, out, size);
	ntlm_av_put(&b, NTLM_AV_NB_DOMAIN_NAME, name, utf16("DOMAIN", name));
	ntlm_av_put(&b, NTLM_AV_NB_COMPUTER_NAME, name, utf16("SERVER", name));
	ntlm_av_put(&b, NTLM_AV_DNS_DOMAIN_NAME, name,
		    utf16("domain.example", name));
	put_unaligned_le64(0x01d9f00dcafe1234ULL, ts);
	ntlm_av_put(&b, NTLM_AV_TIMESTAMP, ts, sizeof(ts));
	if (mic) {
		put_unaligned_le32(NTLM_AV_FLAG_MIC_PRESENT, flags);
		ntlm_av_put(&b, NTLM_AV_FLAGS, flags, sizeof(flags));
	}
	n = ntlm_av_finish(&b);
	if (n < 0)
		exit(3);
	return n;
}

/* An NTLMv2 response: a made-up NTProofStr and a blob with sample_av() */
static inline size_t sample_ntlmv2(u8 *out, size_t size, bool mic)
{
	struct ntlm_client_blob blob = { .timestamp = 0x01d9f00dcafe1234ULL };
	u8 av[512];
	ssize_t n;

	memset(out, 0x5c, NTLMV2_PROOF_SIZE);
	memset(blob.client_challenge, 0xcc, sizeof(blob.client_challenge));
	blob.av = view(av, sample_av(av, sizeof(av), mic));
	n = ntlm_build_client_blob(out + NTLMV2_PROOF_SIZE,
				   size - NTLMV2_PROOF_SIZE, &blob);
	if (n < 0)
		exit(3);
	return NTLMV2_PROOF_SIZE + n;
}

static inline void add(struct sample *s, int *n, const char *name,
		       enum kind kind, const void *data, ssize_t len)
{
	if (*n >= MAX_SAMPLES || len < 0 || (size_t)len > sizeof(s->buf)) {
		fprintf(stderr, "sample %s: %zd\n", name, len);
		exit(3);
	}
	s += (*n)++;
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->kind = kind;
	memcpy(s->buf, data, len);
	s->len = len;
}

/* Fills @s with the samples; returns how many */
static inline int load_samples(struct sample *s)
{
	const struct ntlm_version sample_version = {
		.major = NTLM_WINDOWS_MAJOR_VERSION_10,
		.minor = NTLM_WINDOWS_MINOR_VERSION_0,
		.build = 19041,
		.revision = NTLMSSP_REVISION_W2K3,
	};
	u8 buf[1024], a[256], b[256], c[256], d[256], e[512], f[16];
	struct ntlm_negotiate neg;
	struct ntlm_challenge chal;
	struct ntlm_authenticate auth;
	bool erratum;
	int n = 0;

	add(s, &n, "msnlmp-4.2.4.3-challenge", CHALLENGE, buf,
	    json_challenge(buf, sizeof(buf), &erratum));
	add(s, &n, "msnlmp-4.2.4.3-authenticate", AUTHENTICATE, buf,
	    json_input_hex("4.2.4.3 AUTHENTICATE_MESSAGE", buf, sizeof(buf)));
	add(s, &n, "msnlmp-4.2.4-blob", BLOB, buf,
	    json_vector("NTLMv2 temp (blob after NTProofStr)", buf,
			sizeof(buf)));
	/* what follows the AV pairs' MsvAvEOL is not looked at */
	s[n - 1].has_ok_prefix = true;
	s[n - 1].ok_lo = s[n - 1].len - NTLMV2_BLOB_TRAILER_SIZE;
	s[n - 1].ok_hi = s[n - 1].len - 1;
	add(s, &n, "msnlmp-4.2.4-target-info", AV_LIST, buf,
	    json_input_hex("NTLMv2 TargetInfo", buf, sizeof(buf)));

	/* Negotiate, with VERSION and OEM names */
	memset(&neg, 0, sizeof(neg));
	neg.flags = NTLMSSP_NEGOTIATE_UNICODE | NTLMSSP_NEGOTIATE_OEM |
		    NTLMSSP_REQUEST_TARGET | NTLMSSP_NEGOTIATE_NTLM |
		    NTLMSSP_NEGOTIATE_OEM_DOMAIN_SUPPLIED |
		    NTLMSSP_NEGOTIATE_OEM_WORKSTATION_SUPPLIED |
		    NTLMSSP_NEGOTIATE_VERSION;
	neg.domain = view("DOMAIN", 6);
	neg.workstation = view("WKS", 3);
	neg.has_version = true;
	neg.version = sample_version;
	add(s, &n, "negotiate-version-names", NEGOTIATE, buf,
	    ntlm_build_negotiate(buf, sizeof(buf), &neg));

	/*
	 * Windows' usual: VERSION, no names. Its prefixes from the header on
	 * are valid: shorter than a VERSION is padding.
	 */
	neg.domain = view(NULL, 0);
	neg.workstation = view(NULL, 0);
	add(s, &n, "negotiate-version", NEGOTIATE, buf,
	    ntlm_build_negotiate(buf, sizeof(buf), &neg));
	s[n - 1].has_ok_prefix = true;
	s[n - 1].ok_lo = NTLM_NEGOTIATE_HDR_SIZE;
	s[n - 1].ok_hi = NTLM_NEGOTIATE_HDR_SIZE + NTLM_VERSION_SIZE - 1;

	/* The oldest form: no VERSION, a workstation name */
	neg.has_version = false;
	neg.flags &= ~NTLMSSP_NEGOTIATE_VERSION;
	neg.workstation = view("HOST", 4);
	add(s, &n, "negotiate-bare", NEGOTIATE, buf,
	    ntlm_build_negotiate(buf, sizeof(buf), &neg));

	/* Challenge without VERSION */
	memset(&chal, 0, sizeof(chal));
	chal.flags = NTLMSSP_NEGOTIATE_UNICODE | NTLMSSP_NEGOTIATE_NTLM |
		     NTLMSSP_TARGET_TYPE_DOMAIN | NTLMSSP_NEGOTIATE_TARGET_INFO;
	memcpy(chal.server_challenge, "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
	chal.target_name = view(a, utf16("DOMAIN", a));
	chal.target_info = view(e, sample_av(e, sizeof(e), false));
	add(s, &n, "challenge-no-version", CHALLENGE, buf,
	    ntlm_build_challenge(buf, sizeof(buf), &chal));

	/* NTLMv2 with VERSION and a MIC, which MsvAvFlags announces */
	memset(&auth, 0, sizeof(auth));
	auth.flags = NTLMSSP_NEGOTIATE_UNICODE | NTLMSSP_NEGOTIATE_NTLM |
		     NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY |
		     NTLMSSP_NEGOTIATE_KEY_EXCH | NTLMSSP_NEGOTIATE_128 |
		     NTLMSSP_NEGOTIATE_VERSION | NTLMSSP_NEGOTIATE_TARGET_INFO;
	auth.domain = view(a, utf16("DOMAIN", a));
	auth.user = view(b, utf16("alice", b));
	auth.workstation = view(c, utf16("WKS", c));
	memset(d, 0, NTLM_LM_RESPONSE_SIZE);
	auth.lm_response = view(d, NTLM_LM_RESPONSE_SIZE);
	auth.nt_response = view(e, sample_ntlmv2(e, sizeof(e), true));
	memset(f, 0x6b, sizeof(f));
	auth.session_key = view(f, sizeof(f));
	auth.has_version = true;
	auth.version = sample_version;
	auth.has_mic = true;
	add(s, &n, "authenticate-mic", AUTHENTICATE, buf,
	    ntlm_build_authenticate(buf, sizeof(buf), &auth, NULL));
	/* give the MIC some bytes: the builder leaves it zeroed */
	memset(s[n - 1].buf + NTLM_AUTH_MIC_OFFSET, 0x3c, NTLM_MIC_SIZE);

	/* NTLMv1, no VERSION, OEM strings of odd lengths */
	memset(&auth, 0, sizeof(auth));
	auth.flags = NTLMSSP_NEGOTIATE_OEM | NTLMSSP_NEGOTIATE_NTLM;
	auth.domain = view("DOM", 3);
	auth.user = view("bob", 3);
	auth.workstation = view("HOST1", 5);
	memset(d, 0x4c, NTLM_LM_RESPONSE_SIZE);
	auth.lm_response = view(d, NTLM_LM_RESPONSE_SIZE);
	memset(e, 0x4e, NTLM_V1_RESPONSE_SIZE);
	auth.nt_response = view(e, NTLM_V1_RESPONSE_SIZE);
	add(s, &n, "authenticate-v1-oem", AUTHENTICATE, buf,
	    ntlm_build_authenticate(buf, sizeof(buf), &auth, NULL));

	/* Anonymous: LM Z(1), nothing else */
	memset(&auth, 0, sizeof(auth));
	auth.flags = NTLMSSP_NEGOTIATE_UNICODE | NTLMSSP_NEGOTIATE_ANONYMOUS |
		     NTLMSSP_NEGOTIATE_VERSION;
	d[0] = 0;
	auth.lm_response = view(d, NTLM_ANON_LM_RESPONSE_SIZE);
	auth.has_version = true;
	auth.version = sample_version;
	add(s, &n, "authenticate-anonymous", AUTHENTICATE, buf,
	    ntlm_build_authenticate(buf, sizeof(buf), &auth, NULL));
	return n;
}

/* ---- tokens captured from real clients (clients/README.md) ----------------- */

/* One CLIENT-KIND.hex file: '#' lines, then hex digits; 0, or -1 if malformed */
static inline int load_client_token(const char *path, struct sample *s)
{
	char line[512];
	FILE *f = fopen(path, "r");
	int ok = 0;

	if (!f)
		return -1;
	s->len = 0;
	while (fgets(line, sizeof(line), f)) {
		size_t n = strcspn(line, "\r\n");

		if (line[0] == '#' || !n)
			continue;
		if (n % 2 || s->len + n / 2 > sizeof(s->buf)) {
			ok = -1;
			break;
		}
		s->len += unhex(line, n, s->buf + s->len, sizeof(s->buf) - s->len);
	}
	fclose(f);
	if (ok || s->len < 12)
		return -1;
	switch (s->buf[8]) {
	case 1:
		s->kind = NEGOTIATE;
		break;
	case 2:
		s->kind = CHALLENGE;
		break;
	case 3:
		s->kind = AUTHENTICATE;
		break;
	default:
		return -1;
	}
	return 0;
}

/*
 * Fills @s with every *.hex file of CLIENTS_DIR, in no particular order;
 * returns how many, or exits if one is malformed or there are too many.
 */
static inline int load_client_tokens(struct sample *s)
{
	char path[4096];
	struct dirent *e;
	DIR *d = opendir(CLIENTS_DIR);
	int n = 0;

	if (!d) {
		perror(CLIENTS_DIR);
		exit(2);
	}
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);

		if (l < 5 || strcmp(e->d_name + l - 4, ".hex"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", CLIENTS_DIR, e->d_name);
		if (n >= MAX_CLIENT_TOKENS || load_client_token(path, &s[n])) {
			fprintf(stderr, "%s: malformed, or too many tokens\n", path);
			exit(2);
		}
		s[n++].name = strdup(e->d_name);
	}
	closedir(d);
	return n;
}

#endif /* SSPI_NTLM_SAMPLES_H */
