// SPDX-License-Identifier: GPL-2.0
/*
 * One side of an NTLM handshake through libsspi, tokens over stdin/stdout
 * (see peer_io.h), for the interop driver run.py.
 *
 *   sspi_peer client -u USER -d DOMAIN -p PASSWORD [-t TARGET] [-f ISC_REQ]
 *                    [-l LEVEL] [-m MINSEC] [-b BINDINGS]
 *   sspi_peer server [-f ASC_REQ] [-l LEVEL] [-m MINSEC] [-b BINDINGS]
 *
 * -l sets the credential's LmCompatibilityLevel with SetCredentialsAttributes
 * (SECPKG_CRED_ATTR_NTLM_LM_COMPATIBILITY), -m its minimum session security
 * (SECPKG_CRED_ATTR_NTLM_MIN_SESSION_SECURITY); -b gives channel bindings.
 * The server authenticates against the kernel's account store (set up by the
 * driver with sspictl). On success both print the session key
 * (SECPKG_ATTR_SESSION_KEY), the user (SECPKG_ATTR_NAMES) and the context
 * attributes, then serve session security requests until EOF.
 */
#include <sspi.h>

#include "peer_io.h"
#include "peer_session.h"

#define REQ_DEFAULT (ISC_REQ_CONNECTION | ISC_REQ_INTEGRITY | ISC_REQ_CONFIDENTIALITY | \
		     ISC_REQ_REPLAY_DETECT | ISC_REQ_SEQUENCE_DETECT)

static void report(CtxtHandle *ctx, SECURITY_STATUS st, ULONG attrs)
{
	SecPkgContext_SessionKey key;
	SecPkgContext_NamesA names;
	SECURITY_STATUS q;

	peer_say("status 0x%08x", (unsigned int)st);
	if (st != SEC_E_OK)
		goto out;
	peer_say("flags 0x%08x", (unsigned int)attrs);
	q = QueryContextAttributesA(ctx, SECPKG_ATTR_SESSION_KEY, &key);
	if (q == SEC_E_OK) {
		peer_hex("key", key.SessionKey, key.SessionKeyLength);
		FreeContextBuffer(key.SessionKey);
	} else {
		peer_say("note SECPKG_ATTR_SESSION_KEY 0x%08x", (unsigned int)q);
	}
	q = QueryContextAttributesA(ctx, SECPKG_ATTR_NAMES, &names);
	if (q == SEC_E_OK) {
		peer_say("user %s", names.sUserName);
		FreeContextBuffer(names.sUserName);
	} else {
		peer_say("note SECPKG_ATTR_NAMES 0x%08x", (unsigned int)q);
	}
out:
	peer_say("end");
}

/* SetCredentialsAttributes(ATTRIBUTE, VALUE), said; false (and reported) if refused. */
static bool set_attribute(CredHandle *cred, ULONG attribute, long value)
{
	ULONG v = (ULONG)value;
	SECURITY_STATUS st = SetCredentialsAttributesA(cred, attribute, &v, sizeof(v));

	peer_say("call SetCredentialsAttributes 0x%08x", (unsigned int)st);
	if (st != SEC_E_OK)
		report(NULL, st, 0);
	return st == SEC_E_OK;
}

int main(int argc, char **argv)
{
	struct peer_args args = { .req = REQ_DEFAULT };
	struct peer_hs hs = { .args = &args };
	SEC_WINNT_AUTH_IDENTITY_A id = { 0 };
	SECURITY_STATUS st;
	TimeStamp expiry;
	int rc;

	rc = peer_parse_args(argc, argv, &args);
	if (rc)
		return rc;
	if (!args.server) {
		id.User = (unsigned char *)args.user;
		id.UserLength = args.user ? strlen(args.user) : 0;
		id.Domain = (unsigned char *)args.domain;
		id.DomainLength = args.domain ? strlen(args.domain) : 0;
		id.Password = (unsigned char *)args.password;
		id.PasswordLength = args.password ? strlen(args.password) : 0;
		id.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;
	}
	st = AcquireCredentialsHandleA(NULL, "NTLM",
				       args.server ? SECPKG_CRED_INBOUND : SECPKG_CRED_OUTBOUND,
				       NULL, args.server ? NULL : &id, NULL, NULL, &hs.cred, &expiry);
	if (!peer_acquired(st, report))
		return 1;
	if ((args.level >= 0 && !set_attribute(&hs.cred, SECPKG_CRED_ATTR_NTLM_LM_COMPATIBILITY,
					       args.level)) ||
	    (args.min_sec >= 0 && !set_attribute(&hs.cred,
						 SECPKG_CRED_ATTR_NTLM_MIN_SESSION_SECURITY,
						 args.min_sec))) {
		FreeCredentialsHandle(&hs.cred);
		return 1;
	}
	return peer_run(&hs, peer_leg, report);
}
