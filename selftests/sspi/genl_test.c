// SPDX-License-Identifier: GPL-2.0
/*
 * The "sspi" generic netlink family, spoken to directly: what it answers and
 * how it refuses malformed requests (an error, no reply, no kernel log).
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/sspi.h>

#include "kselftest_harness.h"
#include "genlmsg.h"
#include "kmsg.h"
#include "ramscan.h"

#define HDRLEN sizeof(struct genlmsghdr)

FIXTURE(genl) {
	struct mnl_socket *nl;
	uint16_t family;
	uint32_t seq;
	int kmsg;
	char req[8192];
	char buf[8192];
	/* filled by the last request */
	int error;			/* -errno from the kernel, 0 for a reply */
	int32_t status;
	int has_status, packages;
	char name[64];
	uint32_t caps, max_token;
	uint16_t version, rpcid;
	uint64_t cred, ctx;		/* handles in the last reply, or 0 */
};

static int pkg_attr_cb(const struct nlattr *attr, void *data)
{
	FIXTURE_DATA(genl) *self = data;

	switch (mnl_attr_get_type(attr)) {
	case SSPI_PKG_ATTR_NAME:
		snprintf(self->name, sizeof(self->name), "%s", mnl_attr_get_str(attr));
		break;
	case SSPI_PKG_ATTR_CAPABILITIES:
		self->caps = mnl_attr_get_u32(attr);
		break;
	case SSPI_PKG_ATTR_VERSION:
		self->version = mnl_attr_get_u16(attr);
		break;
	case SSPI_PKG_ATTR_RPCID:
		self->rpcid = mnl_attr_get_u16(attr);
		break;
	case SSPI_PKG_ATTR_MAX_TOKEN:
		self->max_token = mnl_attr_get_u32(attr);
		break;
	}
	return MNL_CB_OK;
}

static int attr_cb(const struct nlattr *attr, void *data)
{
	FIXTURE_DATA(genl) *self = data;

	switch (mnl_attr_get_type(attr)) {
	case SSPI_ATTR_STATUS:
		self->status = (int32_t)mnl_attr_get_u32(attr);
		self->has_status = 1;
		break;
	case SSPI_ATTR_PACKAGE:
		self->packages++;
		mnl_attr_parse_nested(attr, pkg_attr_cb, self);
		break;
	case SSPI_ATTR_CRED_HANDLE:
		self->cred = mnl_attr_get_u64(attr);
		break;
	case SSPI_ATTR_CTX_HANDLE:
		self->ctx = mnl_attr_get_u64(attr);
		break;
	}
	return MNL_CB_OK;
}

static int family_cb(const struct nlattr *attr, void *data)
{
	if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID)
		*(uint16_t *)data = mnl_attr_get_u16(attr);
	return MNL_CB_OK;
}

static int msg_cb(const struct nlmsghdr *nlh, void *data)
{
	FIXTURE_DATA(genl) *self = data;

	if (nlh->nlmsg_type == GENL_ID_CTRL)
		return mnl_attr_parse(nlh, HDRLEN, family_cb, &self->family);
	return mnl_attr_parse(nlh, HDRLEN, attr_cb, self);
}

/* Sends @nlh; records the reply's attributes or the kernel's error. */
static void transact(FIXTURE_DATA(genl) *self, struct nlmsghdr *nlh)
{
	uint32_t portid = mnl_socket_get_portid(self->nl);
	ssize_t len;
	int ret;

	self->error = 0;
	self->has_status = 0;
	self->packages = 0;
	self->cred = self->ctx = 0;
	self->name[0] = '\0';
	nlh->nlmsg_seq = ++self->seq;
	if (mnl_socket_sendto(self->nl, nlh, nlh->nlmsg_len) < 0) {
		self->error = -errno;
		return;
	}
	do {
		len = mnl_socket_recvfrom(self->nl, self->buf, sizeof(self->buf));
		if (len < 0) {
			self->error = -errno;
			return;
		}
		ret = mnl_cb_run(self->buf, len, nlh->nlmsg_seq, portid, msg_cb, self);
	} while (ret > 0);
	if (ret < 0)
		self->error = -errno;
}

static struct nlmsghdr *request(FIXTURE_DATA(genl) *self, uint8_t cmd)
{
	return put_genl(self->req, self->family, cmd);
}

FIXTURE_SETUP(genl)
{
	struct nlmsghdr *nlh;

	self->nl = mnl_socket_open(NETLINK_GENERIC);
	ASSERT_NE(NULL, self->nl);
	ASSERT_EQ(0, mnl_socket_bind(self->nl, 0, MNL_SOCKET_AUTOPID));
	self->family = 0;
	nlh = put_genl(self->req, GENL_ID_CTRL, CTRL_CMD_GETFAMILY);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, SSPI_GENL_NAME);
	transact(self, nlh);
	ASSERT_EQ(0, self->error) TH_LOG("family \"sspi\" not found: is sspi.ko loaded?");
	ASSERT_NE(0, self->family);
	self->kmsg = kmsg_open_at_end();
}

FIXTURE_TEARDOWN(genl)
{
	if (self->kmsg >= 0) {
		EXPECT_EQ(0, kmsg_new_records(self->kmsg));
		close(self->kmsg);
	}
	mnl_socket_close(self->nl);
}

TEST_F(genl, lists_ntlm)
{
	transact(self, request(self, SSPI_CMD_GET_PACKAGES));
	ASSERT_EQ(0, self->error);
	ASSERT_TRUE(self->has_status);
	EXPECT_EQ(SEC_E_OK, self->status);
	EXPECT_EQ(1, self->packages);
	EXPECT_STREQ("NTLM", self->name);
	EXPECT_EQ(2888, self->max_token);
	EXPECT_EQ(1, self->version);
	EXPECT_EQ(10, self->rpcid);
	/* Windows' NTLM_BASE_CAPS: INTEGRITY, PRIVACY, TOKEN_ONLY, CONNECTION,
	 * MULTI_REQUIRED, IMPERSONATION, ACCEPT_WIN32_NAME, NEGOTIABLE, LOGON
	 * (Wine's dlls/secur32/tests/ntlm.c, testAuth())
	 */
	EXPECT_EQ(0x2B37, self->caps);
}

TEST_F(genl, looks_up_by_name_ignoring_case)
{
	struct nlmsghdr *nlh = request(self, SSPI_CMD_GET_PACKAGES);

	mnl_attr_put_strz(nlh, SSPI_ATTR_PKG_NAME, "ntlm");
	transact(self, nlh);
	ASSERT_EQ(0, self->error);
	EXPECT_EQ(SEC_E_OK, self->status);
	EXPECT_EQ(1, self->packages);
	EXPECT_STREQ("NTLM", self->name);
}

TEST_F(genl, unknown_package_is_not_found)
{
	static const char *const names[] = { "Kerberos", "", "NTLMX", "NTL" };
	struct nlmsghdr *nlh;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		nlh = request(self, SSPI_CMD_GET_PACKAGES);
		mnl_attr_put_strz(nlh, SSPI_ATTR_PKG_NAME, names[i]);
		transact(self, nlh);
		ASSERT_EQ(0, self->error);
		EXPECT_EQ(SEC_E_SECPKG_NOT_FOUND, self->status) TH_LOG("name '%s'", names[i]);
		EXPECT_EQ(0, self->packages);
	}
}

TEST_F(genl, unknown_command_is_refused)
{
	transact(self, request(self, SSPI_CMD_MAX + 1));
	EXPECT_EQ(-EOPNOTSUPP, self->error);
	transact(self, request(self, 255));
	EXPECT_EQ(-EOPNOTSUPP, self->error);
	transact(self, request(self, SSPI_CMD_UNSPEC));
	EXPECT_EQ(-EOPNOTSUPP, self->error);
	EXPECT_FALSE(self->has_status);
}

/* Refused before any keyring is touched: sso_test does the rest. */
TEST_F(genl, login_needs_a_user_and_a_password)
{
	static const uint8_t user[] = { 'u', 0 }, pw[] = { 'p', 0 };
	struct nlmsghdr *nlh;

	nlh = request(self, SSPI_CMD_LOGIN);
	mnl_attr_put(nlh, SSPI_ATTR_PASSWORD, sizeof(pw), pw);
	transact(self, nlh);
	EXPECT_EQ(-EINVAL, self->error);

	nlh = request(self, SSPI_CMD_LOGIN);
	mnl_attr_put(nlh, SSPI_ATTR_USER, sizeof(user), user);
	transact(self, nlh);
	EXPECT_EQ(-EINVAL, self->error);

	nlh = request(self, SSPI_CMD_LOGIN);
	mnl_attr_put(nlh, SSPI_ATTR_USER, sizeof(user), user);
	mnl_attr_put(nlh, SSPI_ATTR_PASSWORD, 0, NULL);
	transact(self, nlh);
	EXPECT_EQ(-EINVAL, self->error);

	nlh = request(self, SSPI_CMD_LOGIN);
	mnl_attr_put(nlh, SSPI_ATTR_USER, 1, user);
	mnl_attr_put(nlh, SSPI_ATTR_PASSWORD, sizeof(pw), pw);
	transact(self, nlh);
	EXPECT_EQ(-EINVAL, self->error);
	EXPECT_FALSE(self->has_status);
}

TEST_F(genl, dump_is_refused)
{
	struct nlmsghdr *nlh = request(self, SSPI_CMD_GET_PACKAGES);

	nlh->nlmsg_flags |= NLM_F_DUMP;
	transact(self, nlh);
	EXPECT_EQ(-EOPNOTSUPP, self->error);
}

TEST_F(genl, unknown_attribute_is_refused)
{
	struct nlmsghdr *nlh = request(self, SSPI_CMD_GET_PACKAGES);

	mnl_attr_put_u32(nlh, SSPI_ATTR_MAX + 1, 1);
	transact(self, nlh);
	EXPECT_EQ(-EINVAL, self->error);
	EXPECT_FALSE(self->has_status);

	nlh = request(self, SSPI_CMD_GET_PACKAGES);
	mnl_attr_put_u32(nlh, SSPI_ATTR_UNSPEC, 1);
	transact(self, nlh);
	EXPECT_EQ(-EINVAL, self->error);
}

TEST_F(genl, reply_only_attributes_are_refused)
{
	struct nlmsghdr *nlh = request(self, SSPI_CMD_GET_PACKAGES);
	struct nlattr *nest;

	mnl_attr_put_u32(nlh, SSPI_ATTR_STATUS, 0);
	transact(self, nlh);
	EXPECT_EQ(-EINVAL, self->error);

	nlh = request(self, SSPI_CMD_GET_PACKAGES);
	nest = mnl_attr_nest_start(nlh, SSPI_ATTR_PACKAGE);
	mnl_attr_put_strz(nlh, SSPI_PKG_ATTR_NAME, "NTLM");
	mnl_attr_nest_end(nlh, nest);
	transact(self, nlh);
	EXPECT_EQ(-EINVAL, self->error);
	EXPECT_FALSE(self->has_status);
}

TEST_F(genl, mistyped_name_is_refused)
{
	struct nlmsghdr *nlh = request(self, SSPI_CMD_GET_PACKAGES);

	/* not NUL-terminated */
	mnl_attr_put(nlh, SSPI_ATTR_PKG_NAME, 4, "NTLM");
	transact(self, nlh);
	EXPECT_EQ(-EINVAL, self->error);

	nlh = request(self, SSPI_CMD_GET_PACKAGES);
	mnl_attr_put(nlh, SSPI_ATTR_PKG_NAME, 0, NULL);
	transact(self, nlh);
	EXPECT_EQ(-EINVAL, self->error);
	EXPECT_FALSE(self->has_status);
}

TEST_F(genl, oversized_name_is_refused)
{
	char name[SSPI_PKG_NAME_MAX + 1];
	struct nlmsghdr *nlh;

	/* the longest name allowed is answered */
	memset(name, 'A', sizeof(name));
	name[SSPI_PKG_NAME_MAX - 1] = '\0';
	nlh = request(self, SSPI_CMD_GET_PACKAGES);
	mnl_attr_put_strz(nlh, SSPI_ATTR_PKG_NAME, name);
	transact(self, nlh);
	EXPECT_EQ(0, self->error);
	EXPECT_EQ(SEC_E_SECPKG_NOT_FOUND, self->status);

	/* one byte more is not */
	name[SSPI_PKG_NAME_MAX - 1] = 'A';
	name[SSPI_PKG_NAME_MAX] = '\0';
	nlh = request(self, SSPI_CMD_GET_PACKAGES);
	mnl_attr_put_strz(nlh, SSPI_ATTR_PKG_NAME, name);
	transact(self, nlh);
	EXPECT_EQ(-EINVAL, self->error);
	EXPECT_FALSE(self->has_status);
}

TEST_F(genl, truncated_attribute_is_refused)
{
	struct nlmsghdr *nlh = request(self, SSPI_CMD_GET_PACKAGES);
	struct nlattr *attr;

	attr = mnl_attr_nest_start(nlh, SSPI_ATTR_PKG_NAME);
	mnl_attr_put_strz(nlh, 1, "NTLM");
	mnl_attr_nest_end(nlh, attr);
	attr->nla_len += 64;	/* claims bytes past the end of the message */
	transact(self, nlh);
	EXPECT_EQ(-EINVAL, self->error);
	EXPECT_FALSE(self->has_status);
	/*
	 * The netlink core, before the request reaches sspi.ko, logs this
	 * one (rate-limited) for any family: allowed, nothing else is.
	 */
	if (self->kmsg >= 0)
		EXPECT_EQ(0, kmsg_new_records_except(self->kmsg,
			  "bytes leftover after parsing attributes"));
}

/*
 * A context of this socket, begun (one InitializeSecurityContext): enough
 * for a message request to reach the parsing of its parts.
 */
static uint64_t begin_context(struct __test_metadata *_metadata, FIXTURE_DATA(genl) *self)
{
	static const char utf16_x[2] = { 'x', 0 };
	struct nlmsghdr *nlh = request(self, SSPI_CMD_ACQUIRE_CREDENTIALS);
	uint64_t cred;

	mnl_attr_put_strz(nlh, SSPI_ATTR_PKG_NAME, "NTLM");
	mnl_attr_put_u32(nlh, SSPI_ATTR_CRED_USE, SSPI_CRED_OUTBOUND);
	mnl_attr_put(nlh, SSPI_ATTR_USER, sizeof(utf16_x), utf16_x);
	mnl_attr_put(nlh, SSPI_ATTR_DOMAIN, sizeof(utf16_x), utf16_x);
	mnl_attr_put(nlh, SSPI_ATTR_PASSWORD, sizeof(utf16_x), utf16_x);
	transact(self, nlh);
	EXPECT_EQ(SEC_E_OK, self->status);
	cred = self->cred;
	nlh = request(self, SSPI_CMD_INIT_CONTEXT);
	mnl_attr_put_u64(nlh, SSPI_ATTR_CRED_HANDLE, cred);
	mnl_attr_put_u32(nlh, SSPI_ATTR_OUTPUT_TOKEN, 4096);
	transact(self, nlh);
	EXPECT_EQ(SEC_I_CONTINUE_NEEDED, self->status);
	return self->ctx;
}

/* An EncryptMessage request with one part in this process's memory. */
static void encrypt_inplace(FIXTURE_DATA(genl) *self, uint64_t ctx,
			    const void *part, size_t part_len)
{
	struct nlmsghdr *nlh = request(self, SSPI_CMD_ENCRYPT);

	mnl_attr_put_u64(nlh, SSPI_ATTR_CTX_HANDLE, ctx);
	mnl_attr_put_u32(nlh, SSPI_ATTR_QOP, 0);
	mnl_attr_put(nlh, SSPI_ATTR_DATA_INPLACE, part_len, part);
	transact(self, nlh);
}

TEST_F(genl, inplace_part_flags_and_size)
{
	static unsigned char data[2048];
	struct sspi_inplace_part part = {
		.addr = (uintptr_t)data, .len = sizeof(data), .flags = SSPI_INPLACE_SEALED,
	};
	uint64_t ctx = begin_context(_metadata, self);

	ASSERT_NE(0, ctx);
	memset(data, 0x5a, sizeof(data));	/* in memory: the module pins only that */
	/* well formed: it reaches the context, which is not established */
	encrypt_inplace(self, ctx, &part, sizeof(part));
	EXPECT_EQ(0, self->error);
	EXPECT_EQ(SEC_E_INVALID_HANDLE, self->status);
	/* a flag this module does not know */
	part.flags |= 0x2;
	encrypt_inplace(self, ctx, &part, sizeof(part));
	EXPECT_EQ(-EINVAL, self->error);
	EXPECT_FALSE(self->has_status);
	/* not a struct sspi_inplace_part: the policy's exact length */
	part.flags = SSPI_INPLACE_SEALED;
	encrypt_inplace(self, ctx, &part, sizeof(part) - 4);
	EXPECT_EQ(-ERANGE, self->error);
	EXPECT_FALSE(self->has_status);
}

TEST_HARNESS_MAIN

/* @secret as UTF-16LE into @out (RAMSCAN_SECRET_LEN units). */
static void secret_utf16(unsigned char out[2 * RAMSCAN_SECRET_LEN], const char *secret)
{
	unsigned int i;

	for (i = 0; i < RAMSCAN_SECRET_LEN; i++) {
		out[2 * i] = (unsigned char)secret[i];
		out[2 * i + 1] = 0;
	}
}

/* A request @cmd carrying the password tagged @tag, to be completed by the caller. */
static struct nlmsghdr *request_with_password(FIXTURE_DATA(genl) *self, uint8_t cmd,
					      const char *prefix, unsigned int tag)
{
	static const char utf16_user[8] = { 'U', 0, 's', 0, 'e', 0, 'r', 0 };
	static const unsigned char padding[1200];
	struct nlmsghdr *nlh = request(self, cmd);
	unsigned char pw[2 * RAMSCAN_SECRET_LEN];
	char secret[RAMSCAN_SECRET_LEN + 1];

	ramscan_secret(secret, prefix, tag);
	secret_utf16(pw, secret);
	mnl_attr_put(nlh, SSPI_ATTR_USER, sizeof(utf16_user), utf16_user);
	mnl_attr_put(nlh, SSPI_ATTR_PASSWORD, sizeof(pw), pw);
	/*
	 * In a size of buffer (kmalloc-2k) that nothing else here asks for:
	 * otherwise the next request reuses the freed one at once, and
	 * init_on_alloc's zeroing would hide a copy left in it.
	 */
	mnl_attr_put(nlh, SSPI_ATTR_INPUT_TOKEN, sizeof(padding), padding);
	explicit_bzero(secret, sizeof(secret));
	explicit_bzero(pw, sizeof(pw));
	return nlh;
}

/* transact(), then no copy of the request or its answer left in this process */
static void transact_and_wipe(FIXTURE_DATA(genl) *self, struct nlmsghdr *nlh)
{
	transact(self, nlh);
	explicit_bzero(self->req, sizeof(self->req));
	explicit_bzero(self->buf, sizeof(self->buf));
}

/*
 * No copy of a password outlives the request that carried it, on any path
 * through the module: taken (a credential, an account), refused early (an
 * unknown package, an account request that names both a password and a
 * hash, a context request with a handle that is not the caller's) or
 * ignored (a command that takes none). Each path gets a password of its
 * own; then all of RAM is searched (/proc/kcore: freed pages keep their
 * bytes, no init_on_free) for any of them. The Debian kernel has
 * /proc/kcore; the debug kernel does not (KASAN and kcore reads disagree).
 */
TEST_F_TIMEOUT(genl, passwords_leave_no_copy_in_memory, 300)
{
	static const char *const paths[] = {
		"AcquireCredentialsHandle", "AcquireCredentialsHandle of an unknown package",
		"account add", "account add with a password and a hash",
		"a command that takes no password", "InitializeSecurityContext, foreign handle",
	};
	static const unsigned char nt_hash[SSPI_NT_HASH_LEN];
	char prefix[RAMSCAN_PREFIX_LEN + 1], kept[RAMSCAN_SECRET_LEN + 1];
	unsigned char *control;
	unsigned int hits[RAMSCAN_TAGS], i;
	struct nlmsghdr *nlh;
	uint64_t cred;
	long long searched;

	if (access("/proc/kcore", R_OK))
		SKIP(return, "no /proc/kcore to search memory through");
	ASSERT_EQ(0, ramscan_new_prefix(prefix));
	/* the control: a copy this process keeps, which the search must find */
	control = malloc(2 * RAMSCAN_SECRET_LEN);
	ASSERT_NE(NULL, control);
	ramscan_secret(kept, prefix, RAMSCAN_TAGS - 1);
	secret_utf16(control, kept);

	nlh = request_with_password(self, SSPI_CMD_ACQUIRE_CREDENTIALS, prefix, 0);
	mnl_attr_put_strz(nlh, SSPI_ATTR_PKG_NAME, "NTLM");
	mnl_attr_put_u32(nlh, SSPI_ATTR_CRED_USE, SSPI_CRED_OUTBOUND);
	transact_and_wipe(self, nlh);
	EXPECT_EQ(SEC_E_OK, self->status);
	cred = self->cred;

	nlh = request_with_password(self, SSPI_CMD_ACQUIRE_CREDENTIALS, prefix, 1);
	mnl_attr_put_strz(nlh, SSPI_ATTR_PKG_NAME, "Kerberos");
	mnl_attr_put_u32(nlh, SSPI_ATTR_CRED_USE, SSPI_CRED_OUTBOUND);
	transact_and_wipe(self, nlh);
	EXPECT_EQ(SEC_E_SECPKG_NOT_FOUND, self->status);

	nlh = request_with_password(self, SSPI_CMD_ACCOUNT_ADD, prefix, 2);
	transact_and_wipe(self, nlh);
	EXPECT_EQ(0, self->error);

	nlh = request_with_password(self, SSPI_CMD_ACCOUNT_ADD, prefix, 3);
	mnl_attr_put(nlh, SSPI_ATTR_NT_HASH, sizeof(nt_hash), nt_hash);
	transact_and_wipe(self, nlh);
	EXPECT_EQ(-EINVAL, self->error);

	nlh = request_with_password(self, SSPI_CMD_GET_PACKAGES, prefix, 4);
	transact_and_wipe(self, nlh);
	EXPECT_EQ(SEC_E_OK, self->status);

	nlh = request_with_password(self, SSPI_CMD_INIT_CONTEXT, prefix, 5);
	mnl_attr_put_u64(nlh, SSPI_ATTR_CRED_HANDLE, cred ^ 1);
	transact_and_wipe(self, nlh);
	EXPECT_EQ(SEC_E_INVALID_HANDLE, self->status);

	nlh = request(self, SSPI_CMD_FREE_CREDENTIALS);
	mnl_attr_put_u64(nlh, SSPI_ATTR_CRED_HANDLE, cred);
	transact(self, nlh);
	transact(self, request(self, SSPI_CMD_ACCOUNT_FLUSH));

	searched = ramscan(prefix, hits);
	ASSERT_LT(0, searched);
	TH_LOG("searched %lld MiB of RAM", searched >> 20);
	EXPECT_LE(1, hits[RAMSCAN_TAGS - 1]) TH_LOG("the search missed the copy kept to find");
	explicit_bzero(control, 2 * RAMSCAN_SECRET_LEN);
	free(control);
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		EXPECT_EQ(0, hits[i]) TH_LOG("%u copies of the password of: %s", hits[i],
					     paths[i]);
	}
}
