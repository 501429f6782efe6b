// SPDX-License-Identifier: GPL-2.0
/*
 * Single sign-on: AcquireCredentialsHandle(OUTBOUND) without an identity
 * takes the caller's default credential, the "logon" key sspi:ntlm that
 * pam_sspi (through a real PAM stack, run by pamtester, with pam_unix
 * checking a real account's password) or sspictl login keeps in its session
 * keyring; without one, SEC_E_NO_CREDENTIALS. The key is refused to
 * another user, even one who possesses it, and to a socket a less
 * privileged process opened; it is never read back, and is gone after the
 * session closes or sspictl logout.
 */
#include <errno.h>
#include <limits.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/keyctl.h>
#include <linux/sspi.h>

#include "kselftest_harness.h"
#include "genlmsg.h"
#include "guest.h"
#include "kmsg.h"

#define SERVICE		"sspi-sso-test"
#define PAM_CONFIG	"/etc/pam.d/" SERVICE
#define PAM_MODULE	"build/pam/pam_sspi.so"
#define PASSWORD	"Alice secret 1"

/* A new session keyring for the calling process, which its children share. */
static int new_session(void)
{
	return syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0 ? -1 : 0;
}

/* Makes the test's two users, once per guest; 0 on success. */
static int make_user(const char *name, const char *password)
{
	char cmd[256];

	if (!getpwnam(name)) {
		snprintf(cmd, sizeof(cmd), "useradd -M -s /bin/sh %s", name);
		if (system(cmd))
			return -1;
	}
	snprintf(cmd, sizeof(cmd), "echo '%s:%s' | chpasswd", name, password);
	return system(cmd) ? -1 : 0;
}

/* pam_unix checks the password; pam_sspi keeps it for the session (as EXAMPLE\user). */
static int write_pam_config(void)
{
	char module[PATH_MAX];
	FILE *f;

	if (!realpath(PAM_MODULE, module))
		return -1;
	f = fopen(PAM_CONFIG, "w");
	if (!f)
		return -1;
	fprintf(f, "auth required pam_unix.so\n"
		   "auth optional %s\n"
		   "account required pam_permit.so\n"
		   "session required %s domain=EXAMPLE\n", module, module);
	return fclose(f);
}

/* pamtester SERVICE USER OPS..., with @password on its standard input. */
static int pamtester(const char *user, const char *ops, const char *password)
{
	char cmd[256];
	FILE *p;

	snprintf(cmd, sizeof(cmd), "pamtester %s %s %s >/dev/null 2>&1", SERVICE, user, ops);
	p = popen(cmd, "w");
	if (!p)
		return -1;
	if (password)
		fprintf(p, "%s\n", password);
	return pclose(p);
}

/* Runs @fn as @user in a child (same session keyring); its exit status. */
static int as_user(const char *user, int (*fn)(void *), void *arg)
{
	struct passwd *pw = getpwnam(user);
	int status;
	pid_t pid;

	if (!pw)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		if (setgroups(0, NULL) || setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) ||
		    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid))
			_exit(100);
		_exit(fn(arg));
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static SECURITY_STATUS acquire_default(CredHandle *cred)
{
	TimeStamp expiry;

	return AcquireCredentialsHandleA(NULL, "NTLM", SECPKG_CRED_OUTBOUND, NULL, NULL,
					 NULL, NULL, cred, &expiry);
}

/*
 * In the child: a credential without an identity names EXAMPLE\alice and
 * completes a handshake against an acceptor with alice's account (the
 * status it ends with, as @arg expects); keyctl print on the key is refused.
 */
static int sso_works(void *arg)
{
	SECURITY_STATUS expect = *(SECURITY_STATUS *)arg, st;
	SecPkgCredentials_NamesA names = { };
	CredHandle cred, server;
	struct pair p = { };
	int bad = 0;

	st = acquire_default(&cred);
	if (st) {
		fprintf(stderr, "# AcquireCredentialsHandle: 0x%x\n", (unsigned int)st);
		return 1;
	}
	if (QueryCredentialsAttributesA(&cred, SECPKG_CRED_ATTR_NAMES, &names) ||
	    !names.sUserName || strcmp(names.sUserName, "EXAMPLE\\alice")) {
		fprintf(stderr, "# names: %s\n", names.sUserName ?: "(none)");
		bad = 2;
	}
	if (names.sUserName)
		FreeContextBuffer(names.sUserName);
	if (acquire_user(NULL, NULL, NULL, SECPKG_CRED_INBOUND, &server))
		return 3;
	st = pair_handshake(&cred, &server, &p);
	if (st != expect) {
		fprintf(stderr, "# handshake: 0x%x\n", (unsigned int)st);
		bad = 4;
	}
	pair_free(&p);
	FreeCredentialsHandle(&server);
	FreeCredentialsHandle(&cred);
	/* an identity of neither a user nor a password stands for none */
	if (acquire_user(NULL, "OTHER", NULL, SECPKG_CRED_OUTBOUND, &cred))
		bad = 6;
	else
		FreeCredentialsHandle(&cred);
	/* userspace never reads the key back, not even its owner */
	if (!system("keyctl print %logon:sspi:ntlm >/dev/null 2>&1") ||
	    syscall(SYS_keyctl, KEYCTL_READ,
		    syscall(SYS_keyctl, KEYCTL_SEARCH, KEY_SPEC_SESSION_KEYRING, "logon",
			    "sspi:ntlm", 0), NULL, 0) != -1 || errno != EOPNOTSUPP)
		bad = 5;
	return bad;
}

/* In the child: no default credential. */
static int no_credentials(void *arg)
{
	CredHandle cred;
	SECURITY_STATUS st = acquire_default(&cred);

	(void)arg;
	if (st == SEC_E_OK)
		FreeCredentialsHandle(&cred);
	if (st == SEC_E_NO_CREDENTIALS) {
		st = acquire_user(NULL, "OTHER", NULL, SECPKG_CRED_OUTBOUND, &cred);
		if (st == SEC_E_OK)
			FreeCredentialsHandle(&cred);
	}
	if (st != SEC_E_NO_CREDENTIALS) {
		fprintf(stderr, "# AcquireCredentialsHandle: 0x%x\n", (unsigned int)st);
		return 1;
	}
	return 0;
}

static int fresh_session_no_credentials(void *arg)
{
	return new_session() ? 2 : no_credentials(arg);
}

/* In the child: sspictl login with @arg, then sso_works, logout, none. */
static int sspictl_login_logout(void *arg)
{
	SECURITY_STATUS ok = SEC_E_OK;
	int ret;

	if (new_session() || !sspictl("login alice", "\n"))	/* an empty password */
		return 9;
	if (sspictl("login 'EXAMPLE\\alice'", arg))
		return 10;
	if (!strcmp(arg, PASSWORD "\n")) {
		ret = sso_works(&ok);
	} else {
		SECURITY_STATUS denied = SEC_E_LOGON_DENIED;

		ret = sso_works(&denied);
	}
	if (ret)
		return ret;
	if (sspictl("logout", NULL))
		return 11;
	if (!sspictl("logout", NULL))	/* nothing left to remove */
		return 12;
	return no_credentials(NULL);
}

struct payload {
	const char *data;
	size_t len;
};

/* In the child: a logon key sspi:ntlm that userspace made up is not taken. */
static int forged_key(void *arg)
{
	const struct payload *p = arg;

	if (new_session() ||
	    syscall(SYS_add_key, "logon", "sspi:ntlm", p->data, p->len,
		    KEY_SPEC_SESSION_KEYRING) < 0)
		return 20;
	return no_credentials(NULL);
}

/* The attribute @type (a u16 or a u32, as @mnl_type says) of a reply. */
struct int_attr {
	uint16_t type;
	enum mnl_attr_data_type mnl_type;
	uint32_t value;
	bool found;
};

static int int_attr_cb(const struct nlattr *attr, void *data)
{
	struct int_attr *a = data;

	if (mnl_attr_get_type(attr) == a->type && !a->found &&
	    mnl_attr_validate(attr, a->mnl_type) == 0) {
		a->value = a->mnl_type == MNL_TYPE_U16 ? mnl_attr_get_u16(attr)
						       : mnl_attr_get_u32(attr);
		a->found = true;
	}
	return MNL_CB_OK;
}

/* Sends @nlh on @nl; the attribute @type of the reply, or -1. */
static int64_t ask(struct mnl_socket *nl, struct nlmsghdr *nlh, uint16_t type,
		   enum mnl_attr_data_type mnl_type)
{
	char buf[8192];
	struct int_attr a = { .type = type, .mnl_type = mnl_type };
	struct nlmsgerr *err;
	ssize_t len;

	nlh->nlmsg_flags = NLM_F_REQUEST;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -1;
	len = mnl_socket_recvfrom(nl, buf, sizeof(buf));
	nlh = (struct nlmsghdr *)buf;
	if (len < (ssize_t)sizeof(*nlh) || !mnl_nlmsg_ok(nlh, len))
		return -1;
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		err = mnl_nlmsg_get_payload(nlh);
		fprintf(stderr, "# netlink error %d\n", err->error);
		return -1;
	}
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), int_attr_cb, &a);
	return a.found ? a.value : -1;
}

/*
 * AcquireCredentialsHandle(OUTBOUND) without an identity on the raw
 * socket @nl: its status, or 1 if there was no answer.
 */
static SECURITY_STATUS raw_acquire_default(struct mnl_socket *nl)
{
	char buf[256];
	struct nlmsghdr *nlh = put_genl(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY);
	int64_t family, status;

	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, SSPI_GENL_NAME);
	family = ask(nl, nlh, CTRL_ATTR_FAMILY_ID, MNL_TYPE_U16);
	if (family < 0)
		return 1;
	nlh = put_genl(buf, family, SSPI_CMD_ACQUIRE_CREDENTIALS);
	mnl_attr_put_strz(nlh, SSPI_ATTR_PKG_NAME, "NTLM");
	mnl_attr_put_u32(nlh, SSPI_ATTR_CRED_USE, SECPKG_CRED_OUTBOUND);
	status = ask(nl, nlh, SSPI_ATTR_STATUS, MNL_TYPE_U32);
	return status < 0 ? 1 : (SECURITY_STATUS)(uint32_t)status;
}

static struct mnl_socket *raw_socket(void)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_GENERIC);

	if (nl && mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID)) {
		mnl_socket_close(nl);
		nl = NULL;
	}
	return nl;
}

FIXTURE(sso) {
	int kmsg;
};

FIXTURE_SETUP(sso)
{
	self->kmsg = kmsg_open_at_end();
	ASSERT_LE(0, syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0))
		TH_LOG("no keyrings: a kernel without CONFIG_KEYS?");
	ASSERT_EQ(0, make_user("alice", PASSWORD));
	ASSERT_EQ(0, make_user("bob", "Bob secret 2"));
	ASSERT_EQ(0, write_pam_config());
	ASSERT_EQ(0, sspictl("account flush", NULL));
	ASSERT_EQ(0, sspictl("account add EXAMPLE alice", PASSWORD "\n"));
	/* this test process's own session, which pamtester and the children share */
	ASSERT_EQ(0, new_session());
}

FIXTURE_TEARDOWN(sso)
{
	EXPECT_EQ(0, sspictl("account flush", NULL));
	if (self->kmsg >= 0) {
		EXPECT_EQ(0, kmsg_new_records(self->kmsg));
		close(self->kmsg);
	}
}

TEST_F(sso, pam_session_signs_on_until_it_closes)
{
	SECURITY_STATUS ok = SEC_E_OK;

	ASSERT_EQ(0, as_user("alice", no_credentials, NULL));
	ASSERT_EQ(0, pamtester("alice", "authenticate open_session", PASSWORD));
	EXPECT_EQ(0, as_user("alice", sso_works, &ok));
	ASSERT_EQ(0, pamtester("alice", "close_session", NULL));
	EXPECT_EQ(0, as_user("alice", no_credentials, NULL));
}

TEST_F(sso, wrong_password_opens_no_session)
{
	EXPECT_NE(0, pamtester("alice", "authenticate open_session", "wrong"));
	EXPECT_EQ(0, as_user("alice", no_credentials, NULL));
}

TEST_F(sso, another_user_never_uses_it)
{
	ASSERT_EQ(0, pamtester("alice", "authenticate open_session", PASSWORD));
	/* bob possesses alice's key (the same session keyring) but does not own it */
	EXPECT_EQ(0, as_user("bob", no_credentials, NULL));
	EXPECT_EQ(0, as_user("bob", fresh_session_no_credentials, NULL));
	/* nor does root, whose session it is */
	EXPECT_EQ(0, no_credentials(NULL));
	ASSERT_EQ(0, pamtester("alice", "close_session", NULL));
}

TEST_F(sso, sspictl_login_and_logout)
{
	EXPECT_EQ(0, as_user("alice", sspictl_login_logout, PASSWORD "\n"));
}

TEST_F(sso, sspictl_login_with_a_wrong_password_is_denied_at_logon)
{
	EXPECT_EQ(0, as_user("alice", sspictl_login_logout, "not it\n"));
}

TEST_F(sso, forged_keys_are_not_taken)
{
	/* not ours at all; then a header that claims more name than the key holds */
	static const char longer[] = "\x01\x00\x08\x00\x00\x00" "0123456789abcdef" "a\0";
	struct payload garbage = { "garbage", 7 }, short_name = { longer, sizeof(longer) - 1 };

	EXPECT_EQ(0, as_user("alice", forged_key, &garbage));
	EXPECT_EQ(0, as_user("alice", forged_key, &short_name));
}

/*
 * A socket opened by a less privileged process (here root with bob's
 * effective ids, as if bob had handed it over) does not get its sender's
 * default credential: its opener would hold the handle.
 */
TEST_F(sso, a_less_privileged_opener_never_gets_it)
{
	struct passwd *bob = getpwnam("bob");
	struct mnl_socket *own, *foreign;

	ASSERT_NE(NULL, bob);
	ASSERT_EQ(0, sspictl("login 'EXAMPLE\\root'", "Root secret 3\n"));
	own = raw_socket();
	ASSERT_NE(NULL, own);
	ASSERT_EQ(0, setresgid(-1, bob->pw_gid, -1));
	ASSERT_EQ(0, setresuid(-1, bob->pw_uid, -1));
	foreign = raw_socket();
	ASSERT_EQ(0, setresuid(-1, 0, -1));
	ASSERT_EQ(0, setresgid(-1, 0, -1));
	ASSERT_NE(NULL, foreign);
	EXPECT_EQ(SEC_E_OK, raw_acquire_default(own));
	EXPECT_EQ(SEC_E_NO_CREDENTIALS, raw_acquire_default(foreign));
	mnl_socket_close(foreign);
	mnl_socket_close(own);
	EXPECT_EQ(0, sspictl("logout", NULL));
}

TEST_HARNESS_MAIN
