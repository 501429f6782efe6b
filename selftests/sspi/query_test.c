// SPDX-License-Identifier: GPL-2.0
/*
 * QueryContextAttributes of an established context at the edges of its
 * names: the longest user and domain an account and a credential may have
 * (SSPI_NAME_MAX bytes of UTF-16 each) are reported whole on both sides,
 * with the session key; a client that names a domain longer than any
 * account may have (its NTLMv1 response does not cover the domain, so
 * anyone can make one, and a domain-less account takes any domain) is
 * refused with SEC_E_INVALID_TOKEN instead of leaving a context whose
 * names no reply could carry. And the session key, once
 * QueryContextAttributes has handed it over, is in the process's memory
 * once: libsspi keeps no copy of the reply that carried it.
 */
#include <stdlib.h>

#include "kselftest_harness.h"
#include "guest.h"
#include "kmsg.h"

#define NAME_CHARS	256	/* the longest name: SSPI_NAME_MAX bytes of UTF-16 */

/* "sspictl account add 'DOMAIN' 'USER'" with PASSWORD, for names of any length. */
static int add_account(const char *domain, const char *user, const char *password)
{
	size_t size = strlen(domain) + strlen(user) + 64;
	char *cmd = malloc(size);
	FILE *p;

	if (!cmd)
		return -1;
	snprintf(cmd, size, SSPICTL " account add '%s' '%s'", domain, user);
	p = popen(cmd, "w");
	free(cmd);
	if (!p)
		return -1;
	fputs(password, p);
	return pclose(p);
}

/*
 * How many times @key is in this process's writable memory: its heap, its
 * stacks and its anonymous mappings (up to 64 MiB each, which leaves out
 * ASan's shadow). Read past ASan, which would see poisoned bytes.
 */
__attribute__((no_sanitize("address")))
static int copies_in_memory(const unsigned char key[16])
{
	unsigned long start, end;
	char line[512], perms[8], path[256];
	int n = 0;
	FILE *maps = fopen("/proc/self/maps", "r");

	if (!maps)
		return -1;
	while (fgets(line, sizeof(line), maps)) {
		const volatile unsigned char *p;
		unsigned long i, j;

		path[0] = 0;
		if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %255s", &start, &end, perms, path) < 3)
			continue;
		if (perms[0] != 'r' || perms[1] != 'w' || end - start > (64ul << 20) ||
		    (path[0] && path[0] != '[') || !strcmp(path, "[vvar]"))
			continue;
		p = (const volatile unsigned char *)start;
		for (i = 0; i + 16 <= end - start; i++) {
			for (j = 0; j < 16 && p[i + j] == key[j]; j++)
				;
			n += j == 16;
		}
	}
	fclose(maps);
	return n;
}

static void expect_name_and_key(struct __test_metadata *_metadata, CtxtHandle *client,
				CtxtHandle *server, const char *name)
{
	expect_name(_metadata, client, name);
	expect_name(_metadata, server, name);
	expect_same_session_key(_metadata, client, server, true);
}

FIXTURE(query) {
	int kmsg;
};

FIXTURE_SETUP(query)
{
	ASSERT_EQ(0, sspictl("account flush", NULL));
	self->kmsg = kmsg_open_at_end();
}

FIXTURE_TEARDOWN(query)
{
	EXPECT_EQ(0, only_default_account());
	if (self->kmsg >= 0) {
		EXPECT_EQ(0, kmsg_new_records(self->kmsg));
		close(self->kmsg);
	}
}

/* 256 characters of domain and of user: "DOMAIN\user" of 513, on both sides. */
TEST_F(query, longest_names)
{
	char user[NAME_CHARS + 1], domain[NAME_CHARS + 1], name[2 * NAME_CHARS + 2];
	CredHandle client_cred, server_cred;
	struct pair p = { 0 };

	memset(user, 'u', NAME_CHARS);
	memset(domain, 'D', NAME_CHARS);
	user[NAME_CHARS] = domain[NAME_CHARS] = 0;
	snprintf(name, sizeof(name), "%s\\%s", domain, user);
	ASSERT_EQ(0, add_account(domain, user, "Password\n"));
	ASSERT_EQ(SEC_E_OK, acquire_user(user, domain, "Password", SECPKG_CRED_OUTBOUND,
					 &client_cred));
	ASSERT_EQ(SEC_E_OK, acquire_user(NULL, NULL, NULL, SECPKG_CRED_INBOUND, &server_cred));
	ASSERT_EQ(SEC_E_OK, pair_handshake(&client_cred, &server_cred, &p));
	expect_name_and_key(_metadata, &p.client, &p.server, name);
	pair_free(&p);
	FreeCredentialsHandle(&client_cred);
	FreeCredentialsHandle(&server_cred);
}

/*
 * An NTLMv1 AUTHENTICATE (level 2 on both sides) toward a domain-less
 * account, its domain replaced by one of 10000 characters.
 */
TEST_F(query, domain_longer_than_any_account_refused)
{
	static unsigned char forged[32768];
	SecBuffer fb = { 0, SECBUFFER_TOKEN, forged };
	SecBufferDesc fd = { SECBUFFER_VERSION, 1, &fb };
	static const unsigned int fields[] = {
		AUTH_LM_OFF, AUTH_NT_OFF, AUTH_USER_OFF, AUTH_WS_OFF, AUTH_KEY_OFF,
	};
	unsigned int len, i, od, ol, dom_len = 20000;
	SECURITY_STATUS st;
	struct run r;
	ULONG attrs;

	ASSERT_EQ(0, add_account("", "User", "Password\n"));
	run_init(&r);
	ASSERT_EQ(SEC_E_OK, acquire_at_level("User", "Domain", "Password",
					     SECPKG_CRED_OUTBOUND, 2, &r.client_cred));
	ASSERT_EQ(SEC_E_OK, acquire_at_level(NULL, NULL, NULL, SECPKG_CRED_INBOUND, 2,
					     &r.server_cred));
	ASSERT_EQ(SEC_I_CONTINUE_NEEDED,
		  InitializeSecurityContextA(&r.client_cred, NULL, NULL, ISC_FLAGS, 0, 0, NULL,
					     0, &r.client, &r.negotiate.desc, &attrs, NULL));
	ASSERT_EQ(SEC_I_CONTINUE_NEEDED,
		  AcceptSecurityContext(&r.server_cred, NULL, &r.negotiate.desc, ASC_FLAGS, 0,
					&r.server, &r.challenge.desc, &attrs, NULL));
	ASSERT_EQ(SEC_E_OK,
		  InitializeSecurityContextA(NULL, &r.client, NULL, ISC_FLAGS, 0, 0,
					     &r.challenge.desc, 0, &r.client,
					     &r.authenticate.desc, &attrs, NULL));
	len = r.authenticate.buf.cbBuffer;
	ASSERT_EQ(24, get16(r.authenticate.data + AUTH_NT_OFF));
	/* the domain rewritten where it was, what follows it moved along */
	od = get32(r.authenticate.data + AUTH_DOMAIN_OFF + 4);
	ol = get16(r.authenticate.data + AUTH_DOMAIN_OFF);
	ASSERT_LE(od + ol, len);
	memcpy(forged, r.authenticate.data, od);
	for (i = 0; i < dom_len; i += 2) {
		forged[od + i] = 'E';
		forged[od + i + 1] = 0;
	}
	memcpy(forged + od + dom_len, r.authenticate.data + od + ol, len - od - ol);
	set_len(forged, AUTH_DOMAIN_OFF, dom_len);
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		unsigned int off = get32(forged + fields[i] + 4);

		if (off > od)
			put32(forged + fields[i] + 4, off + dom_len - ol);
	}
	fb.cbBuffer = len - ol + dom_len;

	st = AcceptSecurityContext(NULL, &r.server, &fd, ASC_FLAGS, 0, &r.server,
				   &r.done.desc, &attrs, NULL);
	EXPECT_EQ(SEC_E_INVALID_TOKEN, st);
	if (st == SEC_E_OK) {
		SecPkgContext_NamesA names;

		EXPECT_EQ(SEC_E_OK, QueryContextAttributesA(&r.server, SECPKG_ATTR_NAMES,
							    &names));
	}
	run_free(&r);
}

/* The reply that carried the session key is wiped once it is copied out. */
TEST_F(query, session_key_copied_once)
{
	CredHandle client_cred, server_cred;
	SecPkgContext_SessionKey key;
	struct pair p = { 0 };
	unsigned char k[16];
	int i;

	ASSERT_EQ(0, only_default_account());
	ASSERT_EQ(SEC_E_OK, acquire_user("User", "Domain", "Password", SECPKG_CRED_OUTBOUND,
					 &client_cred));
	ASSERT_EQ(SEC_E_OK, acquire_user(NULL, NULL, NULL, SECPKG_CRED_INBOUND, &server_cred));
	ASSERT_EQ(SEC_E_OK, pair_handshake(&client_cred, &server_cred, &p));
	ASSERT_EQ(SEC_E_OK, QueryContextAttributesA(&p.client, SECPKG_ATTR_SESSION_KEY, &key));
	ASSERT_EQ(16, key.SessionKeyLength);
	/* look for it with its bytes turned, so that k itself is no copy */
	for (i = 0; i < 16; i++)
		k[i] = key.SessionKey[i] ^ 0xff;
	for (i = 0; i < 16; i++)
		k[i] ^= 0xff;
	EXPECT_EQ(2, copies_in_memory(k));	/* key.SessionKey and k */
	memset(k, 0, sizeof(k));
	FreeContextBuffer(key.SessionKey);
	pair_free(&p);
	FreeCredentialsHandle(&client_cred);
	FreeCredentialsHandle(&server_cred);
}

TEST_HARNESS_MAIN
