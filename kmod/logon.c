// SPDX-License-Identifier: GPL-2.0
/*
 * The end of an acceptor's logon. The protocol code checked the client's
 * response against the hash the account store gave; here the store's own
 * verdict joins it: an unknown user (checked against a decoy hash, so that
 * it costs what a known one costs) and a locked account are refused
 * SEC_E_LOGON_DENIED whatever the response; the account's count of failed
 * logons goes up or starts again; an accepted client is named as its
 * account is (the client may have spelt it in another case, or matched a
 * domain-less account). And every logon, accepted or not, leaves an
 * sspi:sspi_logon trace event: the audit trail.
 */
#include <linux/nls.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sspi.h>
#include <net/net_namespace.h>
#include <asm/unaligned.h>

#include "account.h"
#include "logon.h"
#include "ntlm/auth.h"
#include "ntlm/message.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

/* UTF-8 of a name of at most SSPI_NAME_MAX bytes, with its NUL */
#define TRACE_NAME_MAX	SSPI_NAME_UTF8_MAX

/**
 * sspi_name_utf8() - a name as UTF-8 for a log or a trace
 * @name: UTF-16LE, or with !@unicode OEM (of which only ASCII is read)
 * @len: its length in bytes; what is past %SSPI_NAME_MAX is left out
 * @unicode: @name is UTF-16LE
 * @out: receives the UTF-8 and a NUL: control characters, lone surrogates
 *	and non-ASCII OEM characters as '?'
 * @size: room at @out, at least 1
 *
 * Return: the length of the UTF-8.
 */
size_t sspi_name_utf8(const u8 *name, size_t len, bool unicode, char *out,
		      size_t size)
{
	size_t i, n = 0, step = unicode ? 2 : 1;
	int bytes;
	u32 c;

	for (i = 0; i + step <= len && i < SSPI_NAME_MAX; i += step) {
		c = unicode ? get_unaligned_le16(name + i) : name[i];
		if (c < 0x20 || c == 0x7f || (c >= 0xd800 && c < 0xe000) ||
		    (!unicode && c >= 0x80))
			c = '?';
		bytes = utf32_to_utf8(c, (u8 *)out + n, size - 1 - n);
		if (bytes < 0)
			break;
		n += bytes;
	}
	out[n] = '\0';
	return n;
}

static void trace_name(const struct ntlm_view *name, bool unicode, char *out)
{
	sspi_name_utf8(name->data, name->len, unicode, out, TRACE_NAME_MAX);
}

static void trace_logon(const struct net *net, const u8 *token, size_t len,
			s32 status)
{
	struct ntlm_authenticate msg = { };
	bool unicode;
	char *s;

	s = kmalloc(3 * TRACE_NAME_MAX, GFP_KERNEL_ACCOUNT);
	if (!s)
		return;
	if (ntlm_parse_authenticate(token, len, &msg))
		memset(&msg, 0, sizeof(msg));
	unicode = msg.flags & NTLMSSP_NEGOTIATE_UNICODE;
	trace_name(&msg.domain, unicode, s);
	trace_name(&msg.user, unicode, s + TRACE_NAME_MAX);
	trace_name(&msg.workstation, unicode, s + 2 * TRACE_NAME_MAX);
	trace_sspi_logon(s, s + TRACE_NAME_MAX, s + 2 * TRACE_NAME_MAX,
			 net->ns.inum, task_tgid_nr(current), status);
	kfree(s);
}

/* The handshake's names become the account's. */
static s32 take_account_names(const struct sspi_account *acct,
			      struct ntlm_auth *auth)
{
	u8 *user, *domain;
	size_t user_len, domain_len;

	if (sspi_account_names(acct, &domain, &domain_len, &user, &user_len))
		return SEC_E_INSUFFICIENT_MEMORY;
	kfree(auth->user);
	kfree(auth->domain);
	auth->user = user;
	auth->user_len = user_len;
	auth->domain = domain;
	auth->domain_len = domain_len;
	return SEC_E_OK;
}

/* The handshake's names become the ones the authority gave. */
static void take_remote_names(struct sspi_logon *logon, struct ntlm_auth *auth)
{
	struct sspi_remote_account *acct = &logon->remote_acct;

	kfree(auth->user);
	kfree(auth->domain);
	auth->user = acct->user;
	auth->user_len = acct->user_len;
	auth->domain = acct->domain;
	auth->domain_len = acct->domain_len;
	acct->user = NULL;
	acct->domain = NULL;
}

/**
 * sspi_logon_end() - the verdict on an AUTHENTICATE, and its audit
 * @logon: what sspi_account_lookup() found, if the handshake got as far
 *	as asking; its account is released
 * @auth: the handshake state ntlm_server_authenticate() left
 * @token: the AUTHENTICATE
 * @len: its length
 * @status: what ntlm_server_authenticate(), and the caller after it, made
 *	of the AUTHENTICATE
 *
 * A client of a remote domain takes the names its authority gave, and its
 * lockout is the authority's business.
 *
 * Return: @status; %SEC_E_LOGON_DENIED instead of %SEC_E_OK for an unknown
 * user or a locked account; %SEC_E_INSUFFICIENT_MEMORY.
 */
s32 sspi_logon_end(struct sspi_logon *logon, struct ntlm_auth *auth,
		   const u8 *token, size_t len, s32 status)
{
	if (logon->remote && status == SEC_E_OK)
		take_remote_names(logon, auth);
	sspi_remote_account_clear(&logon->remote_acct);
	if (logon->looked_up && status == SEC_E_OK) {
		if (!logon->acct || logon->locked)
			status = SEC_E_LOGON_DENIED;
		else
			status = take_account_names(logon->acct, auth);
		if (status)
			memzero_explicit(auth->session_key, sizeof(auth->session_key));
	}
	sspi_account_logon_end(logon, status);
	if (trace_sspi_logon_enabled())
		trace_logon(logon->net, token, len, status);
	return status;
}
