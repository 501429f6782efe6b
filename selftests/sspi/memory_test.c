// SPDX-License-Identifier: GPL-2.0
/*
 * What one unprivileged user can make sspi.ko hold: a NEGOTIATE longer
 * than the package's cbMaxToken is refused.
 */
#include <unistd.h>

#include "kselftest_harness.h"
#include "guest.h"
#include "kmsg.h"

#define BIG 60000		/* the NEGOTIATE, bytes */

/* A NEGOTIATE of LEN bytes, padded through its DomainName field. */
static void negotiate(unsigned char *msg, unsigned int len)
{
	memset(msg, 'A', len);
	memcpy(msg, "NTLMSSP", 8);
	put32(msg + 8, 1);
	/* UNICODE OEM REQUEST_TARGET NTLM OEM_DOMAIN_SUPPLIED ALWAYS_SIGN ESS 128 KEY_EXCH 56 */
	put32(msg + NEG_FLAGS_OFF, 0xe2089207);
	put16(msg + 16, len - 32);	/* DomainNameFields */
	put16(msg + 18, len - 32);
	put32(msg + 20, 32);
	put16(msg + 24, 0);		/* WorkstationFields */
	put16(msg + 26, 0);
	put32(msg + 28, len);
}

/* The first leg of an acceptor fed a NEGOTIATE of LEN bytes. */
static SECURITY_STATUS accept_first(CredHandle *cred, unsigned int len, CtxtHandle *ctx)
{
	static unsigned char msg[BIG];
	SecBuffer in = { len, SECBUFFER_TOKEN, msg };
	SecBufferDesc in_desc = { SECBUFFER_VERSION, 1, &in };
	struct leg out;
	ULONG attrs;

	negotiate(msg, len);
	return AcceptSecurityContext(cred, NULL, &in_desc, ASC_FLAGS, 0, ctx,
				     leg_init(&out), &attrs, NULL);
}

FIXTURE(memory) {
	int kmsg;
};

FIXTURE_SETUP(memory)
{
	ASSERT_EQ(0, only_default_account());
	self->kmsg = kmsg_open_at_end();
}

FIXTURE_TEARDOWN(memory)
{
	if (self->kmsg >= 0)
		close(self->kmsg);
}

TEST_F(memory, negotiate_longer_than_max_token_is_refused)
{
	PSecPkgInfoA pkg;
	CredHandle cred;
	CtxtHandle ctx;

	ASSERT_EQ(SEC_E_OK, QuerySecurityPackageInfoA("NTLM", &pkg));
	ASSERT_EQ(2888, pkg->cbMaxToken);
	FreeContextBuffer(pkg);
	ASSERT_EQ(SEC_E_OK, acquire_user(NULL, NULL, NULL, SECPKG_CRED_INBOUND, &cred));
	ASSERT_EQ(SEC_I_CONTINUE_NEEDED, accept_first(&cred, 2888, &ctx));
	DeleteSecurityContext(&ctx);
	EXPECT_EQ(SEC_E_INVALID_TOKEN, accept_first(&cred, 2889, &ctx));
	EXPECT_EQ(SEC_E_INVALID_TOKEN, accept_first(&cred, BIG, &ctx));
	FreeCredentialsHandle(&cred);
}

TEST_HARNESS_MAIN
