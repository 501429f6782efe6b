/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the guest tests share: the administrator's tool, the module's
 * parameters and object counts, little-endian fields of NTLM messages,
 * credentials for a named user, handshakes (handshake.h) and (with
 * kselftest_harness.h included first) checks on established contexts.
 * Everything is static inline so that a test takes only what it uses.
 */
#ifndef SSPI_SELFTEST_GUEST_H
#define SSPI_SELFTEST_GUEST_H

#include <stdbool.h>
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

/* The one account most tests use: Domain\User with "Password"; 0 on success. */
static inline int only_default_account(void)
{
	return sspictl("account flush", NULL) ?:
	       sspictl("account add Domain User", "Password\n");
}

/* The module parameter NAME's file, opened with MODE; NULL on failure. */
static inline FILE *param_open(const char *name, const char *mode)
{
	char path[128];

	snprintf(path, sizeof(path), SSPI_PARAMS "%s", name);
	return fopen(path, mode);
}

/* Sets the module parameter NAME; 0 on success. */
static inline int param_write(const char *name, const char *value)
{
	FILE *f = param_open(name, "w");
	int ok;

	if (!f)
		return -1;
	ok = fputs(value, f) >= 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

/* The first character of the parameter NAME ('Y', 'N', a digit); 0 if unreadable. */
/* The value of parameter @name, without its newline, into @buf ("" if unread); 0 on success. */
static inline int param_save(const char *name, char *buf, size_t size)
{
	FILE *f = param_open(name, "r");
	int ok = f && fgets(buf, size, f);

	if (!ok)
		buf[0] = '\0';
	if (f)
		fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return ok ? 0 : -1;
}

static inline char param_read(const char *name)
{
	FILE *f = param_open(name, "r");
	int c;

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

/* A message field (len, maxlen, offset) at FIELD: its bytes. */
static inline unsigned char *field_data(unsigned char *msg, unsigned int field)
{
	return msg + get32(msg + field + 4);
}

/* Sets a field's length and maximum length, leaving its offset. */
static inline void set_len(unsigned char *msg, unsigned int field, uint16_t len)
{
	put16(msg + field, len);
	put16(msg + field + 2, len);
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

#include "handshake.h"

/*
 * A whole handshake as Domain\User with "Password" (only_default_account())
 * between two fresh credentials, all freed after: its status.
 */
static inline SECURITY_STATUS default_handshake(void)
{
	CredHandle client_cred, server_cred;
	struct pair p = { };
	SECURITY_STATUS st;

	st = acquire_user("User", "Domain", "Password", SECPKG_CRED_OUTBOUND, &client_cred);
	if (st)
		return st;
	st = acquire_user(NULL, NULL, NULL, SECPKG_CRED_INBOUND, &server_cred);
	if (!st) {
		st = pair_handshake(&client_cred, &server_cred, &p);
		pair_free(&p);
		FreeCredentialsHandle(&server_cred);
	}
	FreeCredentialsHandle(&client_cred);
	return st;
}

#ifdef __KSELFTEST_HARNESS_H
/*
 * Both sides of a handshake hold the same 16-byte session key; with
 * RANDOM_KEY, one made by key exchange, not the KeyExchangeKey Z(16) of an
 * anonymous handshake.
 */
static inline void expect_same_session_key(struct __test_metadata *_metadata,
					   CtxtHandle *client, CtxtHandle *server,
					   bool random_key)
{
	static const unsigned char zero[16];
	SecPkgContext_SessionKey ck, sk;

	ASSERT_EQ(SEC_E_OK, QueryContextAttributesA(client, SECPKG_ATTR_SESSION_KEY, &ck));
	ASSERT_EQ(SEC_E_OK, QueryContextAttributesA(server, SECPKG_ATTR_SESSION_KEY, &sk));
	ASSERT_EQ(16, ck.SessionKeyLength);
	ASSERT_EQ(16, sk.SessionKeyLength);
	EXPECT_EQ(0, memcmp(ck.SessionKey, sk.SessionKey, 16));
	if (random_key)
		EXPECT_NE(0, memcmp(ck.SessionKey, zero, 16));
	FreeContextBuffer(ck.SessionKey);
	FreeContextBuffer(sk.SessionKey);
}

/* QueryContextAttributes(SECPKG_ATTR_NAMES) says NAME. */
static inline void expect_name(struct __test_metadata *_metadata, CtxtHandle *ctx,
			       const char *name)
{
	SecPkgContext_NamesA names;

	ASSERT_EQ(SEC_E_OK, QueryContextAttributesA(ctx, SECPKG_ATTR_NAMES, &names));
	EXPECT_STREQ(name, names.sUserName);
	FreeContextBuffer(names.sUserName);
}

/* A sealed message each way, and a tampered one refused. */
static inline void expect_sealed_both_ways(struct __test_metadata *_metadata,
					   CtxtHandle *client, CtxtHandle *server)
{
	char msg[] = "a message", copy[sizeof(msg)];
	unsigned char sig[16];
	SecBuffer b[2] = {
		{ sizeof(sig), SECBUFFER_TOKEN, sig },
		{ sizeof(msg), SECBUFFER_DATA, msg },
	};
	SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
	ULONG qop;

	memcpy(copy, msg, sizeof(msg));
	ASSERT_EQ(SEC_E_OK, EncryptMessage(client, 0, &d, 0));
	EXPECT_NE(0, memcmp(copy, msg, sizeof(msg)));
	ASSERT_EQ(SEC_E_OK, DecryptMessage(server, &d, 0, &qop));
	EXPECT_EQ(0, memcmp(copy, msg, sizeof(msg)));
	ASSERT_EQ(SEC_E_OK, EncryptMessage(server, 0, &d, 0));
	ASSERT_EQ(SEC_E_OK, DecryptMessage(client, &d, 0, &qop));
	EXPECT_EQ(0, memcmp(copy, msg, sizeof(msg)));
	ASSERT_EQ(SEC_E_OK, EncryptMessage(client, 0, &d, 0));
	msg[0] ^= 1;
	EXPECT_EQ(SEC_E_MESSAGE_ALTERED, DecryptMessage(server, &d, 0, &qop));
}
#endif

#endif
