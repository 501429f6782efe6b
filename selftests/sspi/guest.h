/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the guest tests share: the administrator's tool, the module's
 * parameters and object counts, little-endian fields of NTLM messages,
 * credentials for a named user and token buffers for one leg of a
 * handshake. Everything is static inline so that a test takes only what it
 * uses.
 */
#ifndef SSPI_SELFTEST_GUEST_H
#define SSPI_SELFTEST_GUEST_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sspi.h>

#define SSPICTL "build/tools/sspictl"
#define SSPI_PARAMS "/sys/module/sspi/parameters/"

/* What most tests ask for: a connection with every kind of protection. */
#define ISC_FLAGS (ISC_REQ_CONNECTION | ISC_REQ_INTEGRITY | ISC_REQ_CONFIDENTIALITY | \
		   ISC_REQ_REPLAY_DETECT | ISC_REQ_SEQUENCE_DETECT)
#define ASC_FLAGS (ASC_REQ_CONNECTION | ASC_REQ_INTEGRITY | ASC_REQ_CONFIDENTIALITY | \
		   ASC_REQ_REPLAY_DETECT | ASC_REQ_SEQUENCE_DETECT)

/* NEGOTIATE_MESSAGE and AUTHENTICATE_MESSAGE fields (MS-NLMP 2.2.1) */
#define NEG_FLAGS_OFF	12
#define AUTH_LM_OFF	12	/* LmChallengeResponseFields: len, maxlen, offset */
#define AUTH_NT_OFF	20
#define AUTH_DOMAIN_OFF	28
#define AUTH_USER_OFF	36
#define AUTH_WS_OFF	44
#define AUTH_KEY_OFF	52
#define AUTH_FLAGS_OFF	60

/* Runs "sspictl ARGS" with INPUT (may be NULL) on its standard input. */
static inline int sspictl(const char *args, const char *input)
{
	char cmd[256];
	FILE *p;

	snprintf(cmd, sizeof(cmd), SSPICTL " %s", args);
	p = popen(cmd, "w");
	if (!p)
		return -1;
	if (input)
		fputs(input, p);
	return pclose(p);
}

/* Sets the module parameter NAME; 0 on success. */
static inline int param_write(const char *name, const char *value)
{
	char path[128];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), SSPI_PARAMS "%s", name);
	f = fopen(path, "w");
	if (!f)
		return -1;
	ok = fputs(value, f) >= 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

/* The first character of the parameter NAME ('Y', 'N', a digit); 0 if unreadable. */
static inline char param_read(const char *name)
{
	char path[128];
	FILE *f;
	int c;

	snprintf(path, sizeof(path), SSPI_PARAMS "%s", name);
	f = fopen(path, "r");
	if (!f)
		return 0;
	c = fgetc(f);
	fclose(f);
	return c == EOF ? 0 : c;
}

/* How many objects of a kind ("credentials", "contexts") are live; -1 if unknown. */
static inline int live_objects(const char *what)
{
	char line[64];
	int n = -1, v;
	FILE *f = fopen("/sys/kernel/debug/sspi/objects", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, what, strlen(what)) &&
		    sscanf(line + strlen(what), " %d", &v) == 1)
			n = v;
	fclose(f);
	return n;
}

static inline uint16_t get16(const unsigned char *p)
{
	return p[0] | p[1] << 8;
}

static inline uint32_t get32(const unsigned char *p)
{
	return get16(p) | (uint32_t)get16(p + 2) << 16;
}

static inline void put16(unsigned char *p, uint16_t v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static inline void put32(unsigned char *p, uint32_t v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

/*
 * A credential for USE: outbound ones for USER in DOMAIN with PASSWORD
 * (each may be NULL), inbound ones for the module's accounts.
 */
static inline SECURITY_STATUS acquire_user(const char *user, const char *domain,
					   const char *password, ULONG use,
					   CredHandle *cred)
{
	SEC_WINNT_AUTH_IDENTITY_A id = {
		.User = (unsigned char *)user,
		.UserLength = user ? strlen(user) : 0,
		.Domain = (unsigned char *)domain,
		.DomainLength = domain ? strlen(domain) : 0,
		.Password = (unsigned char *)password,
		.PasswordLength = password ? strlen(password) : 0,
		.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI,
	};
	TimeStamp expiry;

	return AcquireCredentialsHandleA(NULL, "NTLM", use, NULL,
					 use & SECPKG_CRED_OUTBOUND ? &id : NULL,
					 NULL, NULL, cred, &expiry);
}

/* The same, then the credential's LAN Manager authentication level. */
static inline SECURITY_STATUS acquire_at_level(const char *user, const char *domain,
					       const char *password, ULONG use,
					       ULONG level, CredHandle *cred)
{
	SECURITY_STATUS status = acquire_user(user, domain, password, use, cred);

	if (status || level == SECPKG_NTLM_LM_COMPATIBILITY_DEFAULT)
		return status;
	return SetCredentialsAttributesA(cred, SECPKG_CRED_ATTR_NTLM_LM_COMPATIBILITY,
					 &level, sizeof(level));
}

/* One token of a handshake, in a buffer large enough for any NTLM message. */
struct leg {
	SecBuffer buf;
	SecBufferDesc desc;
	unsigned char data[4096];
};

/* Makes L empty and ready to receive a token; returns its descriptor. */
static inline SecBufferDesc *leg_init(struct leg *l)
{
	l->buf = (SecBuffer){ sizeof(l->data), SECBUFFER_TOKEN, l->data };
	l->desc = (SecBufferDesc){ SECBUFFER_VERSION, 1, &l->buf };
	return &l->desc;
}

/* One handshake between two credentials of this process, and what came of it. */
struct run {
	CredHandle client_cred, server_cred;
	CtxtHandle client, server;
	struct leg negotiate, challenge, authenticate, done;
	ULONG client_attrs, server_attrs;
	SECURITY_STATUS client_status, server_status;
	unsigned int lm_len, nt_len;	/* the responses in authenticate */
	const unsigned char *lm, *nt;
};

static inline void run_init(struct run *r)
{
	memset(r, 0, sizeof(*r));
	leg_init(&r->negotiate);
	leg_init(&r->challenge);
	leg_init(&r->authenticate);
	leg_init(&r->done);
}

static inline void run_free(struct run *r)
{
	DeleteSecurityContext(&r->client);
	DeleteSecurityContext(&r->server);
	FreeCredentialsHandle(&r->client_cred);
	FreeCredentialsHandle(&r->server_cred);
}

#endif
