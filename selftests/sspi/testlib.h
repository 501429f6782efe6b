/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers the guest tests share: sspictl, module parameters, the
 * little-endian fields of NTLM messages, token buffers, credentials and,
 * with kselftest_harness.h included first, checks on established contexts.
 */
#ifndef SSPI_SELFTEST_TESTLIB_H
#define SSPI_SELFTEST_TESTLIB_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sspi.h>

#define SSPICTL "build/tools/sspictl"

/* Runs "sspictl @args" with @input on its standard input; its exit status. */
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

static inline int write_file(const char *path, const char *value)
{
	FILE *f = fopen(path, "w");
	int ok;

	if (!f)
		return -1;
	ok = fputs(value, f) >= 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

/* The first character of a file (a parameter: 'Y', 'N', a digit); 0 if none. */
static inline char read_first(const char *path)
{
	FILE *f = fopen(path, "r");
	int c;

	if (!f)
		return 0;
	c = fgetc(f);
	fclose(f);
	return c == EOF ? 0 : c;
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

/* A message field (len, maxlen, offset) at @field: its bytes. */
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

/* One token: a SecBufferDesc with one SECBUFFER_TOKEN. */
struct leg {
	SecBuffer buf;
	SecBufferDesc desc;
	unsigned char data[4096];
};

static inline void leg_init(struct leg *l)
{
	l->buf.BufferType = SECBUFFER_TOKEN;
	l->buf.cbBuffer = sizeof(l->data);
	l->buf.pvBuffer = l->data;
	l->desc.ulVersion = SECBUFFER_VERSION;
	l->desc.cBuffers = 1;
	l->desc.pBuffers = &l->buf;
}

/*
 * A credential: outbound as (@domain, @user, @password), inbound without an
 * identity; then at LAN Manager level @level unless that is
 * SECPKG_NTLM_LM_COMPATIBILITY_DEFAULT.
 */
static inline SECURITY_STATUS acquire_as(const char *domain, const char *user,
					 const char *password, ULONG use, ULONG level,
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
	SECURITY_STATUS status;
	TimeStamp expiry;

	status = AcquireCredentialsHandleA(NULL, "NTLM", use, NULL,
					   use & SECPKG_CRED_OUTBOUND ? &id : NULL,
					   NULL, NULL, cred, &expiry);
	if (status || level == SECPKG_NTLM_LM_COMPATIBILITY_DEFAULT)
		return status;
	return SetCredentialsAttributesA(cred, SECPKG_CRED_ATTR_NTLM_LM_COMPATIBILITY,
					 &level, sizeof(level));
}

/*
 * Both sides of a handshake hold the same 16-byte session key; with
 * @random_key, one made by key exchange, not the KeyExchangeKey Z(16) of an
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

/* QueryContextAttributes(SECPKG_ATTR_NAMES) says @name. */
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

#endif /* SSPI_SELFTEST_TESTLIB_H */
