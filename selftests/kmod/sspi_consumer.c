// SPDX-License-Identifier: GPL-2.0
/*
 * sspi_consumer: tests sspi.ko's in-kernel API (include/linux/sspi.h) the
 * way an in-kernel SMB client and server would use it, both in one module.
 *
 * A write to /sys/kernel/debug/sspi_consumer/run runs the tests in the
 * writer's network namespace; it fails with -EIO if any test failed, and
 * /sys/kernel/debug/sspi_consumer/result then holds their TAP report. The
 * tests add an account to that namespace's store and take it away again;
 * outside the initial namespace they also flush the store to see an
 * acceptor without one, so run them in a namespace of their own
 * (unshare -n). Everything they make is freed before the write returns.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/nsproxy.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sspi.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <net/net_namespace.h>
#include <asm/unaligned.h>
#include <asm/unaligned.h>

#include "debugfs_run.h"

#define REPORT_SIZE	(16 * 1024)

/* NTLMSSP MessageType values */
#define NEGOTIATE	1
#define CHALLENGE	2
#define AUTHENTICATE	3

/* The client's identity, and the account the server knows it by. */
static const char user[] = "Alice", domain[] = "LAB";
static const char password[] = "P\xc3\xa4sswort-\xe2\x82\xac-1";	/* "Pässwort-€-1" */
static const u8 user16[] = { 'A', 0, 'l', 0, 'i', 0, 'c', 0, 'e', 0 };
static const u8 domain16[] = { 'L', 0, 'A', 0, 'B', 0 };
/* The account as added: the acceptor names the client so */
static const u8 acct_user16[] = { 'a', 0, 'l', 0, 'i', 0, 'c', 0, 'e', 0 };
static const u8 acct_domain16[] = { 'l', 0, 'a', 0, 'b', 0 };
static const u8 password16[] = {
	'P', 0, 0xe4, 0, 's', 0, 's', 0, 'w', 0, 'o', 0, 'r', 0, 't', 0,
	'-', 0, 0xac, 0x20, '-', 0, '1', 0,
};

static const u8 target16[] = { 'c', 0, 'i', 0, 'f', 0, 's', 0, '/', 0, 's', 0, 'r', 0, 'v', 0 };

/**
 * struct report - the TAP report of one run
 * @buf: the text
 * @len: its length
 * @tests: tests reported so far
 * @failed: how many of them failed
 */
struct report {
	char *buf;
	size_t len;
	unsigned int tests;
	unsigned int failed;
};

static __printf(2, 3) void say(struct report *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	r->len += vscnprintf(r->buf + r->len, REPORT_SIZE - r->len, fmt, ap);
	va_end(ap);
}

static __printf(3, 4) bool check(struct report *r, bool ok, const char *fmt, ...)
{
	va_list ap;

	r->tests++;
	if (!ok)
		r->failed++;
	say(r, "%sok %u ", ok ? "" : "not ", r->tests);
	va_start(ap, fmt);
	r->len += vscnprintf(r->buf + r->len, REPORT_SIZE - r->len, fmt, ap);
	va_end(ap);
	say(r, "\n");
	return ok;
}

static bool status_is(struct report *r, s32 got, s32 want, const char *what)
{
	if (check(r, got == want, "%s: 0x%08x", what, (u32)want))
		return true;
	say(r, "# got 0x%08x\n", (u32)got);
	return false;
}

/**
 * struct peer - one side of a handshake
 * @cred: its credential (owned here; may be freed before @ctx)
 * @ctx: its context, once made
 * @step: the last call's inputs and outputs; @step.out is owned here
 */
struct peer {
	struct sspi_cred *cred;
	struct sspi_ctx *ctx;
	struct sspi_ctx_step step;
};

/* One call by @self, fed @from's last token (none if @from is NULL). */
static s32 step(struct peer *self, const struct peer *from, bool accept)
{
	struct sspi_ctx_step *s = &self->step;

	kfree(s->out);	/* the peer has read it */
	s->out = NULL;
	s->in = from ? from->step.out : NULL;
	s->in_len = from ? from->step.out_len : 0;
	if (accept)
		return sspi_accept_security_context(self->cred, &self->ctx, s);
	return sspi_init_security_context(self->cred, &self->ctx, s);
}

static void peer_free(struct peer *p)
{
	kfree(p->step.out);
	sspi_delete_security_context(p->ctx);
	sspi_free_credentials(p->cred);
	memset(p, 0, sizeof(*p));
}

static bool is_message(const struct sspi_ctx_step *s, u32 type)
{
	return s->out && s->out_len >= 12 && !memcmp(s->out, "NTLMSSP", 8) &&
	       get_unaligned_le32(s->out + 8) == type;
}

/* A client of @user_name with @pw and an acceptor, both ready to start. */
static bool peers_new(struct report *r, struct net *net, const char *user_name,
		      const char *pw, struct peer *client, struct peer *server)
{
	memset(client, 0, sizeof(*client));
	memset(server, 0, sizeof(*server));
	client->step.req = SSPI_ISC_REQ_INTEGRITY | SSPI_REQ_CONFIDENTIALITY |
			   SSPI_REQ_SEQUENCE_DETECT | SSPI_REQ_REPLAY_DETECT;
	client->step.target = target16;
	client->step.target_len = sizeof(target16);
	server->step.req = SSPI_ASC_REQ_INTEGRITY | SSPI_REQ_CONFIDENTIALITY |
			   SSPI_REQ_SEQUENCE_DETECT | SSPI_REQ_REPLAY_DETECT;
	return status_is(r, sspi_acquire_credentials_utf8(net, "NTLM", SSPI_CRED_OUTBOUND,
							  user_name, domain, pw,
							  &client->cred),
			 SEC_E_OK, "outbound credential from UTF-8 strings") &&
	       status_is(r, sspi_acquire_credentials(net, "ntlm", SSPI_CRED_INBOUND,
						     NULL, &server->cred),
			 SEC_E_OK, "inbound credential");
}

/* NEGOTIATE, CHALLENGE, AUTHENTICATE: all but the acceptor's last word. */
static bool three_legs(struct report *r, struct peer *client, struct peer *server)
{
	return status_is(r, step(client, NULL, false), SEC_I_CONTINUE_NEEDED,
			 "ISC 1 continues") &&
	       check(r, is_message(&client->step, NEGOTIATE) && client->ctx,
		     "ISC 1 gives a context and a NEGOTIATE") &&
	       status_is(r, step(server, client, true), SEC_I_CONTINUE_NEEDED,
			 "ASC 1 continues") &&
	       check(r, is_message(&server->step, CHALLENGE) && server->ctx,
		     "ASC 1 gives a context and a CHALLENGE") &&
	       status_is(r, step(client, server, false), SEC_E_OK, "ISC 2 completes") &&
	       check(r, is_message(&client->step, AUTHENTICATE),
		     "ISC 2 gives an AUTHENTICATE");
}

/* @ctx's names are @user in @domain (UTF-16LE, @name in UTF-8). */
static bool names_are(struct report *r, struct sspi_ctx *ctx, const char *side,
		      const u8 *user, size_t user_len, const u8 *domain,
		      size_t domain_len, const char *name)
{
	size_t ulen, dlen;
	u8 *u, *d;
	bool ok;

	if (!status_is(r, sspi_query_names(ctx, &u, &ulen, &d, &dlen), SEC_E_OK, side))
		return false;
	ok = ulen == user_len && !memcmp(u, user, ulen) &&
	     dlen == domain_len && !memcmp(d, domain, dlen);
	kfree(u);
	kfree(d);
	return check(r, ok, "%s are %s", side, name);
}

static void test_handshake(struct report *r, struct net *net)
{
	u8 ckey[SSPI_SESSION_KEY_LEN], skey[SSPI_SESSION_KEY_LEN];
	struct peer client, server;
	struct sspi_ctx_step scratch = { };
	struct sspi_ctx *none = NULL;
	u32 want;

	say(r, "# a complete NTLMv2 handshake\n");
	if (!peers_new(r, net, user, password, &client, &server))
		goto out;
	if (!status_is(r, step(&client, NULL, false), SEC_I_CONTINUE_NEEDED,
		       "ISC 1 continues"))
		goto out;
	check(r, is_message(&client.step, NEGOTIATE) && client.ctx,
	      "ISC 1 gives a context and a NEGOTIATE");
	check(r, client.step.expiry && client.step.expiry != SSPI_EXPIRY_NEVER,
	      "an unfinished handshake expires");
	status_is(r, sspi_query_session_key(client.ctx, ckey), SEC_E_INVALID_HANDLE,
		  "no session key before the end");
	/* SSPI lets the credential go while its contexts live on. */
	sspi_free_credentials(client.cred);
	client.cred = NULL;

	if (!status_is(r, step(&server, &client, true), SEC_I_CONTINUE_NEEDED,
		       "ASC 1 continues"))
		goto out;
	check(r, is_message(&server.step, CHALLENGE) && server.ctx,
	      "ASC 1 gives a context and a CHALLENGE");
	if (!status_is(r, step(&client, &server, false), SEC_E_OK,
		       "ISC 2 completes, its credential freed"))
		goto out;
	check(r, is_message(&client.step, AUTHENTICATE), "ISC 2 gives an AUTHENTICATE");
	want = SSPI_ISC_RET_INTEGRITY | SSPI_RET_CONFIDENTIALITY | SSPI_RET_CONNECTION |
	       SSPI_RET_SEQUENCE_DETECT | SSPI_RET_REPLAY_DETECT;
	if (!check(r, (client.step.attrs & want) == want,
		   "the client has what it asked for"))
		say(r, "# attrs 0x%08x\n", client.step.attrs);
	check(r, client.step.expiry == SSPI_EXPIRY_NEVER, "an established context never expires");
	if (!status_is(r, step(&server, &client, true), SEC_E_OK, "ASC 2 accepts"))
		goto out;
	check(r, !server.step.out && !server.step.out_len, "ASC 2 sends nothing");
	want = SSPI_ASC_RET_INTEGRITY | SSPI_RET_CONFIDENTIALITY | SSPI_RET_CONNECTION;
	if (!check(r, (server.step.attrs & want) == want, "the server has what it asked for"))
		say(r, "# attrs 0x%08x\n", server.step.attrs);

	if (status_is(r, sspi_query_session_key(client.ctx, ckey), SEC_E_OK,
		      "client session key") &&
	    status_is(r, sspi_query_session_key(server.ctx, skey), SEC_E_OK,
		      "server session key")) {
		check(r, !memcmp(ckey, skey, sizeof(ckey)), "the session keys are equal");
		check(r, memchr_inv(ckey, 0, sizeof(ckey)), "and not zero");
	}
	memzero_explicit(ckey, sizeof(ckey));
	memzero_explicit(skey, sizeof(skey));
	names_are(r, server.ctx, "the server's names", acct_user16, sizeof(acct_user16),
		  acct_domain16, sizeof(acct_domain16), "lab\\alice, as the account is added");
	names_are(r, client.ctx, "the client's names", user16, sizeof(user16),
		  domain16, sizeof(domain16), "LAB\\Alice, as the client spelt them");

	status_is(r, step(&server, &client, true), SEC_E_INVALID_TOKEN,
		  "a replayed AUTHENTICATE is refused");
	/* A step of its own: a call clears the outputs of the step it is given. */
	status_is(r, sspi_init_security_context(NULL, &server.ctx, &scratch),
		  SEC_E_INVALID_HANDLE, "ISC on an acceptor's context");
	status_is(r, sspi_accept_security_context(NULL, &client.ctx, &scratch),
		  SEC_E_INVALID_HANDLE, "ASC on a client's context");
	status_is(r, sspi_accept_security_context(NULL, &none, &scratch),
		  SEC_E_INVALID_HANDLE, "ASC without a credential or a context");
out:
	peer_free(&client);
	peer_free(&server);
}

static void test_denied(struct report *r, struct net *net, const char *user_name,
			const char *pw, s32 want, const char *what)
{
	struct peer client, server;
	u8 key[SSPI_SESSION_KEY_LEN];
	size_t ulen, dlen;
	u8 *u, *d;

	say(r, "# %s\n", what);
	if (!peers_new(r, net, user_name, pw, &client, &server) ||
	    !three_legs(r, &client, &server))
		goto out;
	status_is(r, step(&server, &client, true), want, "ASC 2 refuses");
	check(r, !server.step.out, "and sends nothing");
	status_is(r, step(&server, &client, true), SEC_E_INVALID_TOKEN,
		  "a failed context answers no further call");
	status_is(r, sspi_query_session_key(server.ctx, key), SEC_E_INVALID_HANDLE,
		  "a failed context has no session key");
	status_is(r, sspi_query_names(server.ctx, &u, &ulen, &d, &dlen),
		  SEC_E_INVALID_HANDLE, "nor names");
	check(r, !u && !d && !ulen && !dlen, "and none are returned");
out:
	peer_free(&client);
	peer_free(&server);
}

/* ISC_REQ_USE_SUPPLIED_CREDS: the step's identity, not the credential's. */
static void test_supplied(struct report *r, struct net *net)
{
	const struct sspi_identity id = {
		.user = user16,
		.user_len = sizeof(user16),
		.domain = domain16,
		.domain_len = sizeof(domain16),
		.password = password16,
		.password_len = sizeof(password16),
	};
	struct peer client, server;

	say(r, "# an identity supplied to ISC, with the credential's password wrong\n");
	if (!peers_new(r, net, user, "wrong password", &client, &server))
		goto out;
	client.step.req |= SSPI_ISC_REQ_USE_SUPPLIED_CREDS;
	client.step.supplied = &id;
	if (!three_legs(r, &client, &server))
		goto out;
	check(r, client.step.attrs & SSPI_ISC_RET_USED_SUPPLIED_CREDS,
	      "the client says it used the supplied identity");
	status_is(r, step(&server, &client, true), SEC_E_OK, "ASC 2 accepts");
out:
	peer_free(&client);
	peer_free(&server);
}

/* A SEC_CHANNEL_BINDINGS with only application data, as TLS gives it. */
static void bindings_make(u8 *b, size_t len, u8 fill)
{
	memset(b, 0, 32);
	put_unaligned_le32(len - 32, b + 24);	/* cbApplicationDataLength */
	put_unaligned_le32(32, b + 28);		/* dwApplicationDataOffset */
	memset(b + 32, fill, len - 32);
}

static void test_bindings(struct report *r, struct net *net, u8 server_fill,
			  s32 want, const char *what)
{
	u8 cb_client[64], cb_server[64];
	struct peer client, server;

	say(r, "# %s\n", what);
	bindings_make(cb_client, sizeof(cb_client), 0xc5);
	bindings_make(cb_server, sizeof(cb_server), server_fill);
	if (!peers_new(r, net, user, password, &client, &server))
		goto out;
	client.step.bindings = cb_client;
	client.step.bindings_len = sizeof(cb_client);
	server.step.bindings = cb_server;
	server.step.bindings_len = sizeof(cb_server);
	if (three_legs(r, &client, &server))
		status_is(r, step(&server, &client, true), want, "ASC 2");
out:
	peer_free(&client);
	peer_free(&server);
}

/* String limits: 256 UTF-16 units of password, a surrogate pair counts 2. */
static void test_password_limits(struct report *r, struct net *net)
{
	static const char clef[] = "\xf0\x9d\x84\x9e";	/* U+1D11E, 2 units */
	struct sspi_cred *cred;
	char *pw;

	say(r, "# the UTF-8 helpers' limits\n");
	pw = kzalloc(SSPI_PASSWORD_MAX + 8, GFP_KERNEL);
	if (!check(r, pw, "allocation"))
		return;
	memset(pw, 'x', SSPI_PASSWORD_MAX / 2);
	status_is(r, sspi_acquire_credentials_utf8(net, "NTLM", SSPI_CRED_OUTBOUND, user,
						   NULL, pw, &cred),
		  SEC_E_OK, "a password of 256 units");
	sspi_free_credentials(cred);
	pw[SSPI_PASSWORD_MAX / 2] = 'x';
	status_is(r, sspi_acquire_credentials_utf8(net, "NTLM", SSPI_CRED_OUTBOUND, user,
						   NULL, pw, &cred),
		  SEC_E_UNKNOWN_CREDENTIALS, "a password of 257 units");
	check(r, !cred, "gives no credential");
	strscpy(pw + SSPI_PASSWORD_MAX / 2 - 2, clef, 5);
	status_is(r, sspi_acquire_credentials_utf8(net, "NTLM", SSPI_CRED_OUTBOUND, user,
						   NULL, pw, &cred),
		  SEC_E_OK, "254 units and a surrogate pair");
	sspi_free_credentials(cred);
	memset(pw, 'x', SSPI_PASSWORD_MAX / 2);
	strscpy(pw + SSPI_PASSWORD_MAX / 2 - 1, clef, 5);
	status_is(r, sspi_acquire_credentials_utf8(net, "NTLM", SSPI_CRED_OUTBOUND, user,
						   NULL, pw, &cred),
		  SEC_E_UNKNOWN_CREDENTIALS, "255 units and a surrogate pair");
	kfree_sensitive(pw);
}

static void test_arguments(struct report *r, struct net *net)
{
	static const u8 odd[] = { 'x', 0, 'y' };
	struct sspi_ctx_step s = { };
	struct sspi_cred *in = NULL, *cred = NULL;
	struct sspi_ctx *ctx = NULL;

	say(r, "# what the API refuses\n");
	status_is(r, sspi_acquire_credentials(net, "Kerberos", SSPI_CRED_OUTBOUND, NULL, &cred),
		  SEC_E_SECPKG_NOT_FOUND, "an unknown package");
	status_is(r, sspi_acquire_credentials_utf8(net, "NTLM", SSPI_CRED_OUTBOUND, user,
						   domain, NULL, &cred),
		  SEC_E_NO_CREDENTIALS, "a client without a password");
	status_is(r, sspi_acquire_credentials_utf8(net, "NTLM", SSPI_CRED_OUTBOUND, "\xff",
						   domain, password, &cred),
		  SEC_E_UNKNOWN_CREDENTIALS, "a user name that is not UTF-8");
	status_is(r, sspi_acquire_credentials(net, "NTLM", 0, NULL, &cred),
		  SEC_E_UNKNOWN_CREDENTIALS, "no use");
	check(r, !cred, "failures give no credential");
	status_is(r, sspi_init_security_context(NULL, &ctx, &s), SEC_E_INVALID_HANDLE,
		  "ISC without a credential");
	if (status_is(r, sspi_acquire_credentials(net, "NTLM", SSPI_CRED_INBOUND, NULL, &in),
		      SEC_E_OK, "inbound credential")) {
		status_is(r, sspi_init_security_context(in, &ctx, &s), SEC_E_NO_CREDENTIALS,
			  "ISC with an inbound credential");
		status_is(r, sspi_accept_security_context(in, &ctx, &s), SEC_E_INVALID_TOKEN,
			  "ASC without a token");
		s.in_len = 1;
		status_is(r, sspi_accept_security_context(in, &ctx, &s), SEC_E_INVALID_TOKEN,
			  "ASC with a length and no token");
		s.in_len = 0;
		check(r, !ctx && !s.out, "failed first calls give no context or token");
	}
	if (status_is(r, sspi_acquire_credentials_utf8(net, "NTLM", SSPI_CRED_OUTBOUND, user,
						       domain, password, &cred),
		      SEC_E_OK, "outbound credential")) {
		s.target = odd;
		s.target_len = sizeof(odd);
		status_is(r, sspi_init_security_context(cred, &ctx, &s), SEC_E_TARGET_UNKNOWN,
			  "a target of an odd length");
		s.target = NULL;
		s.target_len = 0;
		s.bindings_len = 8;
		status_is(r, sspi_init_security_context(cred, &ctx, &s), SEC_E_BAD_BINDINGS,
			  "a bindings length without bindings");
		check(r, !ctx, "and no context");
		s.bindings_len = 0;
		status_is(r, sspi_set_min_session_security(NULL, 0), SEC_E_INVALID_PARAMETER,
			  "a minimum session security without a credential");
		status_is(r, sspi_set_min_session_security(cred, SSPI_MIN_SEC_128BIT | 1),
			  SEC_E_INVALID_PARAMETER, "a minimum session security of unknown bits");
		status_is(r, sspi_set_min_session_security(cred, SSPI_MIN_SEC_ALL), SEC_E_OK,
			  "every minimum session security");
		if (status_is(r, sspi_init_security_context(cred, &ctx, &s), SEC_I_CONTINUE_NEEDED,
			      "ISC with it")) {
			u32 flags = s.out_len >= 16 ? get_unaligned_le32(s.out + 12) : 0;

			check(r, (flags & SSPI_MIN_SEC_ALL) == SSPI_MIN_SEC_ALL,
			      "its NEGOTIATE asks for all it requires");
			kfree(s.out);
			s.out = NULL;
			sspi_delete_security_context(ctx);
			ctx = NULL;
		}
		sspi_set_min_session_security(cred, SSPI_MIN_SEC_DEFAULT);
	}
	status_is(r, sspi_init_security_context(cred, NULL, &s), SEC_E_INVALID_PARAMETER,
		  "ISC without a context pointer");
	status_is(r, sspi_init_security_context(cred, &ctx, NULL), SEC_E_INVALID_PARAMETER,
		  "ISC without a step");
	check(r, sspi_add_account_utf8(net, domain, user, "") == -EINVAL,
	      "an account without a password is refused");
	check(r, sspi_add_account_utf8(net, domain, "", password) == -EINVAL,
	      "an account without a user is refused");
	sspi_free_credentials(cred);
	sspi_free_credentials(in);
}

/*
 * A credential without a user or a password is the calling task's default
 * one: with @logged_on, the script ran "sspictl login LAB\Alice" in a
 * session keyring of its own first, and the handshake goes through as that;
 * else there is none.
 */
static void test_default_credential(struct report *r, struct net *net, bool logged_on)
{
	struct peer client, server;

	say(r, "# the caller's default credential (%s)\n", logged_on ? "logged on" : "none");
	if (!logged_on) {
		struct sspi_cred *cred = NULL;

		status_is(r, sspi_acquire_credentials(net, "NTLM", SSPI_CRED_OUTBOUND, NULL, &cred),
			  SEC_E_NO_CREDENTIALS, "no identity, no default credential");
		check(r, !cred, "and no credential");
		sspi_free_credentials(cred);
		return;
	}
	/* a domain, but neither a user nor a password */
	if (peers_new(r, net, NULL, NULL, &client, &server) &&
	    three_legs(r, &client, &server) &&
	    status_is(r, step(&server, &client, true), SEC_E_OK, "ASC 2 accepts"))
		names_are(r, client.ctx, "the client's names", user16, sizeof(user16),
			  domain16, sizeof(domain16), "LAB\\Alice, as sspictl login had them");
	peer_free(&client);
	peer_free(&server);
}

/* Session security after a handshake: seal and unseal both ways, tampering. */
static void test_messages(struct report *r, struct net *net)
{
	static const char text[] = "a message for the server";
	u8 hdr[8] = "RPC-HDR", body[sizeof(text)], sig[SSPI_SIGNATURE_LEN];
	struct sspi_msg_buffer bufs[2] = {
		{ hdr, sizeof(hdr), SSPI_BUF_READONLY_WITH_CHECKSUM },
		{ body, sizeof(body), 0 },
	};
	struct peer client, server;
	u32 qop = 1;

	say(r, "# session security through the in-kernel API\n");
	if (!peers_new(r, net, user, password, &client, &server))
		goto out;
	status_is(r, sspi_encrypt_message(client.ctx, 0, bufs, 2, sig, 0),
		  SEC_E_INVALID_HANDLE, "no sealing before a context exists");
	if (!three_legs(r, &client, &server))
		goto out;
	status_is(r, sspi_make_signature(server.ctx, 0, bufs, 2, sig, 0),
		  SEC_E_INVALID_HANDLE, "no signing before the context is established");
	if (!status_is(r, step(&server, &client, true), SEC_E_OK, "ASC 2 accepts"))
		goto out;

	memcpy(body, text, sizeof(body));
	if (status_is(r, sspi_encrypt_message(client.ctx, 0, bufs, 2, sig, 0), SEC_E_OK,
		      "the client seals"))
		check(r, memcmp(body, text, sizeof(body)) && !memcmp(hdr, "RPC-HDR", 8),
		      "the body is sealed in place, the header left in clear");
	if (status_is(r, sspi_decrypt_message(server.ctx, bufs, 2, sig, &qop, 0), SEC_E_OK,
		      "the server unseals"))
		check(r, !memcmp(body, text, sizeof(body)) && !qop, "and reads the text");

	status_is(r, sspi_encrypt_message(server.ctx, 0, bufs, 2, sig, 0), SEC_E_OK,
		  "the server seals");
	body[3] ^= 0x20;
	status_is(r, sspi_decrypt_message(client.ctx, bufs, 2, sig, &qop, 0),
		  SEC_E_MESSAGE_ALTERED, "an altered sealed message is refused");
	body[3] ^= 0x20;
	hdr[0] ^= 1;
	status_is(r, sspi_decrypt_message(client.ctx, bufs, 2, sig, &qop, 0),
		  SEC_E_MESSAGE_ALTERED, "an altered signed header is refused");
	hdr[0] ^= 1;
	status_is(r, sspi_decrypt_message(client.ctx, bufs, 2, sig, &qop, 0), SEC_E_OK,
		  "the genuine message still unseals");
	check(r, !memcmp(body, text, sizeof(body)), "to the text");
	status_is(r, sspi_verify_signature(client.ctx, bufs, 2, sig, &qop, 0),
		  SEC_E_OUT_OF_SEQUENCE, "a replayed signature is out of sequence");

	status_is(r, sspi_make_signature(client.ctx, 0, bufs, 2, sig, 0), SEC_E_OK,
		  "the client signs");
	status_is(r, sspi_verify_signature(server.ctx, bufs, 2, sig, &qop, 0), SEC_E_OK,
		  "the server verifies");
	status_is(r, sspi_make_signature(client.ctx, 1, bufs, 2, sig, 0),
		  SEC_E_QOP_NOT_SUPPORTED, "an unknown QOP");
	status_is(r, sspi_make_signature(NULL, 0, bufs, 2, sig, 0), SEC_E_INVALID_HANDLE,
		  "no context");
out:
	peer_free(&client);
	peer_free(&server);
}

/*
 * Connectionless NTLM through this door: no NEGOTIATE, the CHALLENGE first,
 * and messages numbered by the caller, checked out of order.
 */
static void test_datagram(struct report *r, struct net *net)
{
	static const char text[] = "datagram body";
	char m2[sizeof(text)], m3[sizeof(text)];
	struct sspi_msg_buffer b2 = { m2, sizeof(m2), 0 }, b3 = { m3, sizeof(m3), 0 };
	u8 sig2[SSPI_SIGNATURE_LEN], sig3[SSPI_SIGNATURE_LEN];
	struct peer client, server;
	u32 qop;

	say(r, "# connectionless NTLM through the in-kernel API\n");
	if (!peers_new(r, net, user, password, &client, &server))
		goto out;
	client.step.req |= SSPI_REQ_DATAGRAM;
	server.step.req |= SSPI_REQ_DATAGRAM;
	if (!status_is(r, step(&client, NULL, false), SEC_I_CONTINUE_NEEDED, "datagram ISC 1") ||
	    !check(r, !client.step.out_len, "no NEGOTIATE") ||
	    !status_is(r, step(&server, NULL, true), SEC_I_CONTINUE_NEEDED, "datagram ASC 1") ||
	    !check(r, is_message(&server.step, CHALLENGE), "the CHALLENGE first") ||
	    !status_is(r, step(&client, &server, false), SEC_E_OK, "datagram ISC 2") ||
	    !status_is(r, step(&server, &client, true), SEC_E_OK, "datagram ASC 2"))
		goto out;
	check(r, (client.step.attrs & SSPI_RET_DATAGRAM) &&
	      (server.step.attrs & SSPI_RET_DATAGRAM), "both sides report datagram");
	memcpy(m2, text, sizeof(text));
	memcpy(m3, text, sizeof(text));
	status_is(r, sspi_encrypt_message(client.ctx, 0, &b2, 1, sig2, 2) |
		  sspi_encrypt_message(client.ctx, 0, &b3, 1, sig3, 3), SEC_E_OK,
		  "messages 2 and 3 sealed");
	check(r, memcmp(m2, m3, sizeof(m2)), "under keys of their own");
	status_is(r, sspi_decrypt_message(server.ctx, &b3, 1, sig3, &qop, 3) |
		  sspi_decrypt_message(server.ctx, &b2, 1, sig2, &qop, 2), SEC_E_OK,
		  "and unsealed as 3, 2");
	check(r, !memcmp(m2, text, sizeof(text)) && !memcmp(m3, text, sizeof(text)),
	      "to the text");
	status_is(r, sspi_verify_signature(server.ctx, &b2, 1, sig3, &qop, 3),
		  SEC_E_MESSAGE_ALTERED, "another message under a number is altered");
out:
	peer_free(&client);
	peer_free(&server);
}

/*
 * A user of a remote domain, checked by the namespace's authority: the
 * writer of "rem" made EXAMPLE remote and runs an authority that knows
 * bob's password "Password" and calls him Bob (selftests/sspi/authority_test.c).
 */
static void test_remote(struct report *r, struct net *net)
{
	static const u8 bob16[] = { 'B', 0, 'o', 0, 'b', 0 };
	static const u8 example16[] = {
		'E', 0, 'X', 0, 'A', 0, 'M', 0, 'P', 0, 'L', 0, 'E', 0,
	};
	u8 ckey[SSPI_SESSION_KEY_LEN], skey[SSPI_SESSION_KEY_LEN];
	struct peer client = { }, server = { };

	say(r, "TAP version 13\n# a user of a remote domain\n");
	client.step.req = SSPI_ISC_REQ_INTEGRITY | SSPI_REQ_CONFIDENTIALITY;
	client.step.target = target16;
	client.step.target_len = sizeof(target16);
	server.step.req = SSPI_ASC_REQ_INTEGRITY | SSPI_REQ_CONFIDENTIALITY;
	if (!status_is(r, sspi_acquire_credentials_utf8(net, "NTLM", SSPI_CRED_OUTBOUND,
							"bob", "example", "Password",
							&client.cred),
		       SEC_E_OK, "outbound credential") ||
	    !status_is(r, sspi_acquire_credentials(net, "NTLM", SSPI_CRED_INBOUND, NULL,
						   &server.cred),
		       SEC_E_OK, "inbound credential") ||
	    !three_legs(r, &client, &server) ||
	    !status_is(r, step(&server, &client, true), SEC_E_OK,
		       "ASC 2 accepts what the authority checked"))
		goto out;
	if (status_is(r, sspi_query_session_key(client.ctx, ckey), SEC_E_OK,
		      "client session key") &&
	    status_is(r, sspi_query_session_key(server.ctx, skey), SEC_E_OK,
		      "server session key"))
		check(r, !memcmp(ckey, skey, sizeof(ckey)), "the session keys are equal");
	memzero_explicit(ckey, sizeof(ckey));
	memzero_explicit(skey, sizeof(skey));
	names_are(r, server.ctx, "the server's names", bob16, sizeof(bob16),
		  example16, sizeof(example16), "EXAMPLE\\Bob, as the authority has them");
out:
	peer_free(&client);
	peer_free(&server);
	say(r, "1..%u\n", r->tests);
}

static void run_tests(struct report *r, struct net *net, bool logged_on)
{
	bool own_ns = !net_eq(net, &init_net);

	say(r, "TAP version 13\n");
	say(r, "# sspi in-kernel API, in the %s network namespace\n",
	    own_ns ? "caller's" : "initial");
	/* The store spells the names differently: it compares without case. */
	if (!check(r, !sspi_add_account_utf8(net, "lab", "alice", password),
		   "account LAB\\Alice added"))
		goto out;
	if (logged_on) {
		test_default_credential(r, net, true);
		goto out;
	}
	test_handshake(r, net);
	test_messages(r, net);
	test_datagram(r, net);
	test_denied(r, net, user, "wrong password", SEC_E_LOGON_DENIED,
		    "a wrong password");
	test_denied(r, net, "Mallory", password, SEC_E_LOGON_DENIED, "an unknown user");
	test_supplied(r, net);
	test_bindings(r, net, 0xc5, SEC_E_OK, "the same channel bindings on both sides");
	test_bindings(r, net, 0x5c, SEC_E_BAD_BINDINGS, "other channel bindings");
	test_password_limits(r, net);
	test_arguments(r, net);
	test_default_credential(r, net, false);
	check(r, !sspi_delete_account(net, domain16, sizeof(domain16), user16,
				      sizeof(user16)),
	      "account deleted");
	if (own_ns) {
		sspi_flush_accounts(net);
		test_denied(r, net, user, password, SEC_E_NO_AUTHENTICATING_AUTHORITY,
			    "a namespace without an account store");
	} else {
		r->tests++;
		say(r, "ok %u # SKIP flushing the initial namespace's accounts\n", r->tests);
	}
out:
	say(r, "1..%u\n", r->tests);
	if (r->len >= REPORT_SIZE - 1) {
		/* Truncated: the plan is lost, and that must show as a failure. */
		r->failed++;
		pr_err("report truncated\n");
	}
}

static ssize_t run_write(struct file *file, const char __user *buf, size_t count,
			 loff_t *ppos)
{
	struct report r = { };
	bool logged_on, remote;
	char word[3];
	struct net *net;

	/*
	 * "run", or "sso" when the writer logged on first (consumer_test.sh),
	 * or "rem" when it runs a remote domain's authority (authority_test)
	 */
	if (count < 3 || copy_from_user(word, buf, 3))
		return -EINVAL;
	logged_on = !memcmp(word, "sso", 3);
	remote = !memcmp(word, "rem", 3);

	r.buf = kzalloc(REPORT_SIZE, GFP_KERNEL);
	if (!r.buf)
		return -ENOMEM;
	net = get_net(current->nsproxy->net_ns);
	mutex_lock(&run_lock);
	if (remote)
		test_remote(&r, net);
	else
		run_tests(&r, net, logged_on);
	kfree(run_result);
	run_result = r.buf;
	run_result_len = r.len;
	mutex_unlock(&run_lock);
	put_net(net);
	pr_info("%u tests, %u failed\n", r.tests, r.failed);
	return r.failed ? -EIO : count;
}

static int __init consumer_init(void)
{
	return run_dir_create();
}

static void __exit consumer_exit(void)
{
	run_dir_remove();
	kfree(run_result);
}

module_init(consumer_init);
module_exit(consumer_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Test consumer of sspi.ko's in-kernel API");
MODULE_AUTHOR("The sspi developers");
