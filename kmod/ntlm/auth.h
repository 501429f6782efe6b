/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The NTLM handshake (MS-NLMP 3.1.5, 3.2.5), for one security context:
 * the client's NEGOTIATE and AUTHENTICATE, the server's CHALLENGE and its
 * check of the AUTHENTICATE. Tokens and keys in, tokens, keys and a
 * SECURITY_STATUS out; handles and netlink are the caller's business.
 *
 * Which responses a side sends or accepts follows Windows' LAN Manager
 * authentication level (LmCompatibilityLevel), given to each handshake
 * when it starts:
 *
 * ======  ========================================  ======================
 * level   client sends                              server accepts
 * ======  ========================================  ======================
 * 0, 1    LMv1 + NTLMv1, or the NTLM2 session       NTLMv2, NTLMv1, NTLM2
 *         response if the server offers extended    session response, LM
 *         session security                          alone
 * 2       NTLMv1 in both fields, or the NTLM2       the same
 *         session response
 * 3       NTLMv2 (+ LMv2 if no server time)         the same
 * 4       NTLMv2                                    all but LM alone
 * 5       NTLMv2                                    NTLMv2 only
 * ======  ========================================  ======================
 *
 * The server authenticates on the NtChallengeResponse when there is one,
 * checked against the account's NT hash, whatever the LmChallengeResponse
 * beside it says. Only an AUTHENTICATE with no NtChallengeResponse, a
 * 24-byte LMv1 response and no extended session security is checked on
 * its LM response, against the account's LM hash (an account added by a
 * password that has one, or given one); an account without one refuses it.
 * Its SessionBaseKey is still MD4(NTOWFv1) (3.3.1), from the account's NT
 * hash.
 *
 * Anonymous authentication (NTLMSSP_NEGOTIATE_ANONYMOUS, MS-NLMP 3.1.5.1.2,
 * 3.2.5.1.2) is outside these levels: the client sends no user, no domain,
 * no NtChallengeResponse, an LmChallengeResponse of Z(1) and no MIC, with a
 * SessionBaseKey (and so KeyExchangeKey) of Z(16). The server takes exactly
 * that shape, and only when its caller allowed anonymous clients; the flag
 * with any response, or that shape without the flag, is refused.
 *
 * Minimum session security (Windows' NtlmMinClientSec, NtlmMinServerSec)
 * is a set of NegotiateFlags (SIGN, SEAL, EXTENDED_SESSIONSECURITY, 128)
 * each side requires, given with the handshake: the client asks for them
 * and refuses a CHALLENGE that does not grant them all (MS-NLMP
 * 3.1.5.1.2), the server refuses a NEGOTIATE that does not ask for them
 * (3.2.5.1.1) and an AUTHENTICATE, anonymous or not, that does not take
 * them (3.2.5.1.2), before it looks anything up: nothing covers the flags
 * of an NTLMv1 handshake, which has no MIC, so a man in the middle could
 * otherwise strip them. Each is refused with SEC_E_UNSUPPORTED_FUNCTION,
 * as the specification says for 128-bit keys, whether session security
 * is used or not.
 */
#ifndef _SSPI_NTLM_AUTH_H
#define _SSPI_NTLM_AUTH_H

#include <linux/sspi.h>
#include <linux/types.h>

#include "crypto.h"

#define NTLM_LM_COMPAT_NTLMV1_LM	1	/* up to here: LMv1 + NTLMv1 */
#define NTLM_LM_COMPAT_NTLMV1		2	/* up to here: NTLMv1 */
#define NTLM_LM_COMPAT_NO_LM		4	/* server refuses LM alone */
#define NTLM_LM_COMPAT_NTLMV2_ONLY	5	/* server refuses NTLMv1 */
#define NTLM_LM_COMPAT_MAX		5

/**
 * struct ntlm_names - how the server names itself in its CHALLENGE
 * @nb_computer: NetBIOS computer name, UTF-16LE
 * @nb_computer_len: its length in bytes
 * @nb_domain: NetBIOS domain name, UTF-16LE
 * @nb_domain_len: its length in bytes
 * @dns_computer: DNS computer name, UTF-16LE
 * @dns_computer_len: its length in bytes
 * @dns_domain: DNS domain name, UTF-16LE
 * @dns_domain_len: its length in bytes
 */
struct ntlm_names {
	const u8 *nb_computer;
	size_t nb_computer_len;
	const u8 *nb_domain;
	size_t nb_domain_len;
	const u8 *dns_computer;
	size_t dns_computer_len;
	const u8 *dns_domain;
	size_t dns_domain_len;
};

/**
 * struct ntlm_user - a client's identity
 * @user: UTF-16LE user name
 * @user_len: its length in bytes
 * @domain: UTF-16LE domain
 * @domain_len: its length in bytes
 * @nt_hash: NTOWFv1 of the password
 * @lm_hash: LMOWFv1 of the password, or %NULL when it has none (longer
 *	than 14 characters or not ASCII); only levels 0 and 1 read it
 */
struct ntlm_user {
	const u8 *user;
	size_t user_len;
	const u8 *domain;
	size_t domain_len;
	u8 nt_hash[NTLM_HASH_SIZE];
	const u8 *lm_hash;
};

/**
 * struct ntlm_hashes - what the server knows of an account's password
 * @nt_hash: NTOWFv1
 * @lm_hash: LMOWFv1, if @has_lm_hash
 * @has_lm_hash: the account has an LM hash; without one an LM response
 *	alone authenticates nobody
 */
struct ntlm_hashes {
	u8 nt_hash[NTLM_HASH_SIZE];
	u8 lm_hash[NTLM_HASH_SIZE];
	bool has_lm_hash;
};

/* What a lookup returns for a user an authority checks (pass-through). */
#define NTLM_LOOKUP_REMOTE	1

/**
 * struct ntlm_pass_through - a logon an authority (a domain controller)
 *	checks for the server, which then finishes it as for a local account
 * @challenge: the challenge the responses answer: the ServerChallenge, or
 *	for the NTLM2 session response the one ntlm_ess_challenge() makes
 * @user: the client's UTF-16LE user name, as sent
 * @user_len: its length in bytes
 * @domain: its UTF-16LE domain, as sent
 * @domain_len: its length in bytes
 * @workstation: its UTF-16LE workstation, or %NULL
 * @workstation_len: its length in bytes
 * @lm_response: the LmChallengeResponse
 * @lm_response_len: its length
 * @nt_response: the NtChallengeResponse
 * @nt_response_len: its length
 */
struct ntlm_pass_through {
	const u8 *challenge;
	const u8 *user;
	size_t user_len;
	const u8 *domain;
	size_t domain_len;
	const u8 *workstation;
	size_t workstation_len;
	const u8 *lm_response;
	size_t lm_response_len;
	const u8 *nt_response;
	size_t nt_response_len;
};

/**
 * struct ntlm_verifier - where the server's knowledge of accounts comes from
 * @lookup: gives the hashes of (domain, user): %SEC_E_OK with @hashes
 *	filled, %NTLM_LOOKUP_REMOTE when an authority checks that domain's
 *	users, or another SECURITY_STATUS
 * @pass_through: has the authority check a logon: %SEC_E_OK with the
 *	SessionBaseKey it computed, or why not; %NULL: no authority
 * @arg: passed to both
 */
struct ntlm_verifier {
	s32 (*lookup)(void *arg, const u8 *domain, size_t domain_len,
		      const u8 *user, size_t user_len, struct ntlm_hashes *hashes);
	s32 (*pass_through)(void *arg, const struct ntlm_pass_through *req,
			    u8 session_base_key[NTLM_KEY_SIZE]);
	void *arg;
};

/**
 * struct ntlm_auth - one side of one handshake
 * @flags: NegotiateFlags: requested, then as negotiated
 * @lm_compat: the LAN Manager authentication level, 0 to
 *	%NTLM_LM_COMPAT_MAX, fixed when the handshake starts
 * @ntlmv1: the handshake used NTLMv1 or the NTLM2 session response
 * @negotiate: copy of the NEGOTIATE_MESSAGE, kept for the MIC
 * @negotiate_len: its length
 * @challenge: copy of the CHALLENGE_MESSAGE, kept for the MIC
 * @challenge_len: its length
 * @server_challenge: the CHALLENGE's nonce (server side)
 * @session_key: ExportedSessionKey once authenticated
 * @user: the authenticated user (server side), UTF-16LE, kmalloc'ed
 * @user_len: its length
 * @domain: the authenticated user's domain (server side), kmalloc'ed
 * @domain_len: its length
 * @mic_checked: the server verified a MIC
 * @anonymous: client: authenticate anonymously (set before
 *	ntlm_client_negotiate()); both sides: the handshake was anonymous
 * @allow_anonymous: server: take an anonymous AUTHENTICATE (set before
 *	ntlm_server_authenticate()); without it one is refused
 * @min_sec: the NegotiateFlags the handshake must negotiate, of
 *	%SSPI_MIN_SEC_ALL (set before the first call of either side)
 */
struct ntlm_auth {
	u32 flags;
	u8 lm_compat;
	bool ntlmv1;
	u8 *negotiate;
	size_t negotiate_len;
	u8 *challenge;
	size_t challenge_len;
	u8 server_challenge[NTLM_CHALLENGE_SIZE];
	u8 session_key[NTLM_KEY_SIZE];
	u8 *user;
	size_t user_len;
	u8 *domain;
	size_t domain_len;
	bool mic_checked;
	bool anonymous;
	bool allow_anonymous;
	u32 min_sec;
};

/* Whether @flags negotiate all of @min_sec (see above). */
static inline s32 ntlm_min_sec_check(u32 min_sec, u32 flags)
{
	return min_sec & ~flags ? SEC_E_UNSUPPORTED_FUNCTION : SEC_E_OK;
}

/**
 * struct ntlm_token - a token made for the peer
 * @data: kmalloc'ed bytes, or %NULL
 * @len: their number
 */
struct ntlm_token {
	u8 *data;
	size_t len;
};

/**
 * struct ntlm_client_input - what the client's second leg works from
 * @challenge: the server's CHALLENGE_MESSAGE
 * @challenge_len: its length
 * @target: UTF-16LE service principal name for MsvAvTargetName, or %NULL
 * @target_len: its length
 * @bindings_hash: MD5 of the channel bindings, or %NULL for none
 * @workstation: UTF-16LE name of this machine
 * @workstation_len: its length
 */
struct ntlm_client_input {
	const u8 *challenge;
	size_t challenge_len;
	const u8 *target;
	size_t target_len;
	const u8 *bindings_hash;
	const u8 *workstation;
	size_t workstation_len;
};

s32 ntlm_client_negotiate(struct ntlm_auth *auth, u32 flags,
			  unsigned int lm_compat, struct ntlm_token *out);
s32 ntlm_client_authenticate(struct ntlm_auth *auth,
			     const struct ntlm_user *id,
			     const struct ntlm_client_input *in,
			     struct ntlm_token *out);
s32 ntlm_server_challenge(struct ntlm_auth *auth, const u8 *negotiate,
			  size_t negotiate_len, const struct ntlm_names *names,
			  unsigned int lm_compat, struct ntlm_token *out);
s32 ntlm_server_authenticate(struct ntlm_auth *auth, const u8 *token,
			     size_t len, const u8 *bindings_hash,
			     const struct ntlm_verifier *verifier);
void ntlm_auth_clear(struct ntlm_auth *auth);
u64 ntlm_filetime_now(void);

#endif /* _SSPI_NTLM_AUTH_H */
