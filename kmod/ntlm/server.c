// SPDX-License-Identifier: GPL-2.0
/*
 * The server's side of the NTLM handshake (MS-NLMP 3.2.5.1): a CHALLENGE
 * with a fresh nonce and our names and time, then the AUTHENTICATE checked
 * against the account's hash. Every check fails closed: a response the
 * level does not accept, a proof or MIC that does not verify, a MIC the
 * message promises but lacks, each is refused before any key is released.
 *
 * The kind of response is read from the message once, by its length (more
 * than 24 bytes: NTLMv2; exactly 24: NTLMv1, or with extended session
 * security the NTLM2 session response; none, with a 24-byte LM response:
 * LM), and only that kind is computed and compared, in constant time, from
 * the account's NT hash or, for LM, its LM hash. Nothing falls back from
 * one kind to another: an NtChallengeResponse that is there is the one
 * checked, whatever the LM response says (see auth.h). Names come in
 * UTF-16LE, or in OEM characters from a client that offered no Unicode;
 * those must be ASCII and are widened before anything else reads them.
 * An anonymous AUTHENTICATE is told by its
 * NTLMSSP_NEGOTIATE_ANONYMOUS flag alone and must then have no response
 * and no names; it is taken only when the caller allowed it.
 */
#include <crypto/algapi.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/sspi.h>
#include <linux/string.h>

#include "auth.h"
#include "message.h"

/* Flags the server can grant; the rest of what a client asks is dropped. */
#define SERVER_FLAGS (NTLMSSP_NEGOTIATE_UNICODE | NTLMSSP_NEGOTIATE_OEM | \
		      NTLMSSP_REQUEST_TARGET | \
		      NTLMSSP_NEGOTIATE_SIGN | NTLMSSP_NEGOTIATE_SEAL | \
		      NTLMSSP_NEGOTIATE_NTLM | NTLMSSP_NEGOTIATE_ALWAYS_SIGN | \
		      NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY | \
		      NTLMSSP_NEGOTIATE_IDENTIFY | NTLMSSP_NEGOTIATE_128 | \
		      NTLMSSP_NEGOTIATE_KEY_EXCH | NTLMSSP_NEGOTIATE_56)

static const struct ntlm_version our_version = {
	.major = NTLM_WINDOWS_MAJOR_VERSION_6,
	.minor = NTLM_WINDOWS_MINOR_VERSION_1,
	.build = 7601,
	.revision = NTLMSSP_REVISION_W2K3,
};

/* Room for the four names, the time and the end of the list. */
#define SERVER_AV_MAX	(4 * (NTLM_AV_HDR_SIZE + SSPI_NAME_MAX) + \
			 NTLM_AV_HDR_SIZE + 8 + NTLM_AV_HDR_SIZE)

#define NETBIOS_NAME_MAX	15	/* characters */

/* The NetBIOS name in ASCII (its low bytes), for an OEM CHALLENGE. */
static size_t narrow(const u8 *utf16, size_t len, u8 *out, size_t size)
{
	size_t i;

	for (i = 0; i < size && 2 * i + 1 < len; i++)
		out[i] = utf16[2 * i];
	return i;
}

/**
 * ntlm_server_challenge() - answer a NEGOTIATE with a CHALLENGE
 * @auth: a zeroed handshake state but for its @min_sec and
 *	@allow_anonymous
 * @negotiate: the client's NEGOTIATE_MESSAGE, or %NULL for connectionless
 *	NTLM, which starts with the CHALLENGE
 * @negotiate_len: its length, 0 for connectionless NTLM
 * @names: how this server names itself
 * @lm_compat: the LAN Manager authentication level (see auth.h)
 * @out: receives the CHALLENGE_MESSAGE
 *
 * The CHALLENGE speaks Unicode if the client offered it, else OEM (then
 * its TargetName is in ASCII).
 *
 * Return: %SEC_I_CONTINUE_NEEDED, %SEC_E_INVALID_TOKEN for a NEGOTIATE
 * that is malformed or offers neither Unicode nor OEM,
 * %SEC_E_UNSUPPORTED_FUNCTION for one that does not ask for all of
 * @auth->min_sec,
 * %SEC_E_INVALID_PARAMETER for a level above %NTLM_LM_COMPAT_MAX, or
 * %SEC_E_INSUFFICIENT_MEMORY.
 */
s32 ntlm_server_challenge(struct ntlm_auth *auth, const u8 *negotiate,
			  size_t negotiate_len, const struct ntlm_names *names,
			  unsigned int lm_compat, struct ntlm_token *out)
{
	struct ntlm_negotiate neg;
	struct ntlm_challenge chal = { };
	struct ntlm_av_builder b;
	__le64 now = cpu_to_le64(ntlm_filetime_now());
	u8 oem_target[NETBIOS_NAME_MAX];
	u8 *av, *buf = NULL;
	ssize_t av_len, len;
	s32 status;

	if (lm_compat > NTLM_LM_COMPAT_MAX)
		return SEC_E_INVALID_PARAMETER;
	/*
	 * Connectionless NTLM (3.2.5.2.1): no NEGOTIATE to answer, so the
	 * CHALLENGE offers all the server supports, with DATAGRAM and KEY_EXCH,
	 * and the client's AUTHENTICATE says what it takes of that.
	 */
	if (!negotiate_len)
		neg.flags = SERVER_FLAGS;
	else if (ntlm_parse_negotiate(negotiate, negotiate_len, &neg))
		return SEC_E_INVALID_TOKEN;
	/*
	 * MS-NLMP 2.2.2.5 says a client MUST offer NTLMSSP_NEGOTIATE_NTLM, but
	 * python3-ntlm-auth (under requests-ntlm) does not, and Windows,
	 * Samba, gss-ntlmssp and impacket answer it: the CHALLENGE grants NTLM
	 * whatever the client said, as Samba's does.
	 */
	if (!(neg.flags & (NTLMSSP_NEGOTIATE_UNICODE | NTLMSSP_NEGOTIATE_OEM)))
		return SEC_E_INVALID_TOKEN;
	neg.flags |= NTLMSSP_NEGOTIATE_NTLM;
	/* What the CHALLENGE would grant must be enough (3.2.5.1.1). */
	status = ntlm_min_sec_check(auth->min_sec, neg.flags & SERVER_FLAGS);
	if (status)
		return status;

	av = kmalloc(SERVER_AV_MAX, GFP_KERNEL_ACCOUNT);
	if (!av)
		return SEC_E_INSUFFICIENT_MEMORY;
	ntlm_av_builder_init(&b, av, SERVER_AV_MAX);
	ntlm_av_put(&b, NTLM_AV_NB_DOMAIN_NAME, names->nb_domain, names->nb_domain_len);
	ntlm_av_put(&b, NTLM_AV_NB_COMPUTER_NAME, names->nb_computer,
		    names->nb_computer_len);
	ntlm_av_put(&b, NTLM_AV_DNS_DOMAIN_NAME, names->dns_domain,
		    names->dns_domain_len);
	ntlm_av_put(&b, NTLM_AV_DNS_COMPUTER_NAME, names->dns_computer,
		    names->dns_computer_len);
	ntlm_av_put(&b, NTLM_AV_TIMESTAMP, &now, sizeof(now));
	av_len = ntlm_av_finish(&b);
	status = SEC_E_INTERNAL_ERROR;
	if (av_len < 0)
		goto out;

	get_random_bytes(auth->server_challenge, sizeof(auth->server_challenge));
	auth->lm_compat = lm_compat;
	auth->flags = (neg.flags & SERVER_FLAGS) | NTLMSSP_NEGOTIATE_TARGET_INFO |
		      NTLMSSP_TARGET_TYPE_SERVER | NTLMSSP_NEGOTIATE_VERSION;
	if (!negotiate_len)
		auth->flags |= NTLMSSP_NEGOTIATE_DATAGRAM;
	if (auth->flags & NTLMSSP_NEGOTIATE_UNICODE)
		auth->flags &= ~NTLMSSP_NEGOTIATE_OEM;
	chal.flags = auth->flags;
	memcpy(chal.server_challenge, auth->server_challenge,
	       sizeof(chal.server_challenge));
	chal.target_name.data = names->nb_computer;
	chal.target_name.len = names->nb_computer_len;
	if (auth->flags & NTLMSSP_NEGOTIATE_OEM) {
		chal.target_name.len = narrow(names->nb_computer, names->nb_computer_len,
					      oem_target, sizeof(oem_target));
		chal.target_name.data = oem_target;
	}
	chal.target_info.data = av;
	chal.target_info.len = av_len;
	chal.has_version = true;
	chal.version = our_version;
	len = ntlm_challenge_size(&chal);
	if (len < 0)
		goto out;
	status = SEC_E_INSUFFICIENT_MEMORY;
	buf = kmalloc(len, GFP_KERNEL_ACCOUNT);
	if (negotiate_len)
		auth->negotiate = kmemdup(negotiate, negotiate_len, GFP_KERNEL_ACCOUNT);
	auth->challenge = kmalloc(len, GFP_KERNEL_ACCOUNT);
	if (!buf || (negotiate_len && !auth->negotiate) || !auth->challenge)
		goto out;
	status = SEC_E_INTERNAL_ERROR;
	len = ntlm_build_challenge(buf, len, &chal);
	if (len < 0)
		goto out;
	memcpy(auth->challenge, buf, len);
	auth->negotiate_len = negotiate_len;
	auth->challenge_len = len;
	out->data = buf;
	out->len = len;
	buf = NULL;
	status = SEC_I_CONTINUE_NEEDED;
out:
	if (status != SEC_I_CONTINUE_NEEDED)
		ntlm_auth_clear(auth);
	kfree(buf);
	kfree(av);
	return status;
}

struct server_work {
	struct ntlm_authenticate msg;
	struct ntlm_client_blob blob;
	struct ntlm_hashes hashes;
	u32 flags;
	bool anonymous;
	bool lm_only;
	u8 user[SSPI_NAME_MAX];
	u8 domain[SSPI_NAME_MAX];
	u8 workstation[SSPI_NAME_MAX];
	u8 response_key[NTLM_HASH_SIZE];
	u8 base_key[NTLM_KEY_SIZE];
	u8 session_key[NTLM_KEY_SIZE];
	u8 expected[NTLM_RESPONSE_V1_SIZE];
	u8 unused[NTLM_RESPONSE_V1_SIZE];
};

/* The MsvAvFlags the client put in its blob, 0 if none. */
static u32 blob_av_flags(const struct ntlm_client_blob *blob)
{
	struct ntlm_av_pair pair;

	if (ntlm_av_find(blob->av.data, blob->av.len, NTLM_AV_FLAGS, &pair) ||
	    pair.len != 4)
		return 0;
	return get_unaligned_le32(pair.value);
}

static s32 check_bindings(const struct ntlm_client_blob *blob,
			  const u8 *bindings_hash)
{
	static const u8 none[16];
	struct ntlm_av_pair pair;

	if (!bindings_hash)
		return SEC_E_OK;
	/* A client that knows of no channel sends zeroes or nothing. */
	if (ntlm_av_find(blob->av.data, blob->av.len, NTLM_AV_CHANNEL_BINDINGS,
			 &pair) || pair.len != 16 || !crypto_memneq(pair.value, none, 16))
		return SEC_E_BAD_BINDINGS;
	return crypto_memneq(pair.value, bindings_hash, 16) ? SEC_E_BAD_BINDINGS
							    : SEC_E_OK;
}

/*
 * NTLMv1 or, when both sides asked for extended session security, the NTLM2
 * session response (3.3.1), recomputed from the account's NT hash; or, from
 * a client that sent no NtChallengeResponse (@w->lm_only), the LMv1
 * response DESL(LMOWFv1, ServerChallenge), recomputed from its LM hash,
 * which it must have. Compared in constant time; then the KeyExchangeKey
 * (3.4.5.1) into @w->base_key, from the SessionBaseKey MD4(NTOWFv1) of
 * 3.3.1 for every kind. @w->flags are the flags as negotiated, which
 * decide which of the kinds it is. The NTLM2 session response's client
 * challenge is the first 8 bytes of the LmChallengeResponse, so that must
 * be there; with it the LmChallengeResponse is no LM response, and cannot
 * stand alone.
 */
static s32 verify_v1(const struct ntlm_auth *auth, struct server_work *w)
{
	const struct ntlm_view *lm = &w->msg.lm_response;
	const struct ntlm_view *got = w->lm_only ? lm : &w->msg.nt_response;
	const u8 *lm_hash = w->hashes.has_lm_hash ? w->hashes.lm_hash : NULL;
	bool ess = w->flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY;
	u8 base[NTLM_KEY_SIZE];
	s32 status;
	int err;

	if (w->lm_only) {
		if (ess || !lm_hash)
			return SEC_E_LOGON_DENIED;
		err = ntlm_v1_response(lm_hash, auth->server_challenge, w->expected);
	} else if (ess) {
		if (lm->len != NTLM_RESPONSE_V1_SIZE)
			return SEC_E_INVALID_TOKEN;
		err = ntlm_ess_responses(w->hashes.nt_hash, auth->server_challenge,
					 lm->data, w->unused, w->expected);
	} else {
		err = ntlm_v1_response(w->hashes.nt_hash, auth->server_challenge,
				       w->expected);
	}
	if (err)
		return SEC_E_INTERNAL_ERROR;
	if (crypto_memneq(w->expected, got->data, NTLM_RESPONSE_V1_SIZE))
		return SEC_E_LOGON_DENIED;
	/* LM_KEY and NON_NT_SESSION_KEY are not granted; the LM hash goes in all the same. */
	status = SEC_E_INTERNAL_ERROR;
	if (!ntlm_v1_session_base_key(w->hashes.nt_hash, base) &&
	    !ntlm_kxkey_v1(w->flags, base, lm_hash, lm->len ? lm->data : w->unused,
			   auth->server_challenge, w->base_key))
		status = SEC_E_OK;
	memzero_explicit(base, sizeof(base));
	return status;
}

/*
 * NTLMv2 (3.3.2): the NTProofStr recomputed from the account's NT hash and
 * compared in constant time; its SessionBaseKey, which is its
 * KeyExchangeKey, into @w->base_key.
 */
static s32 verify_v2(const struct ntlm_auth *auth, struct server_work *w)
{
	const struct ntlm_authenticate *msg = &w->msg;

	if (ntlm_ntowfv2(w->hashes.nt_hash, msg->user.data, msg->user.len,
			 msg->domain.data, msg->domain.len, w->response_key))
		return SEC_E_INTERNAL_ERROR;
	if (ntlm_v2_verify(w->response_key, auth->server_challenge,
			   msg->nt_response.data, msg->nt_response.len, w->base_key))
		return SEC_E_LOGON_DENIED;
	return SEC_E_OK;
}

/*
 * An OEM name in UTF-16LE, into @buf (SSPI_NAME_MAX bytes): we cannot know
 * the client's OEM code page, so only ASCII is taken, and anything else is
 * a token we cannot read.
 */
static s32 widen(struct ntlm_view *name, u8 *buf)
{
	size_t i;

	if (name->len > SSPI_NAME_MAX / 2)
		return SEC_E_INVALID_TOKEN;
	for (i = 0; i < name->len; i++) {
		if (name->data[i] >= 0x80)
			return SEC_E_INVALID_TOKEN;
		buf[2 * i] = name->data[i];
		buf[2 * i + 1] = 0;
	}
	name->data = buf;
	name->len *= 2;
	return SEC_E_OK;
}

/*
 * The AUTHENTICATE's names in the character set negotiated: UTF-16LE, or
 * OEM (ASCII) made UTF-16LE here; neither longer than any account's or
 * credential's (SSPI_NAME_MAX bytes of UTF-16), which a domain-less
 * account would otherwise take and a context keep.
 */
static s32 read_names(const struct ntlm_auth *auth, struct server_work *w)
{
	if (auth->flags & NTLMSSP_NEGOTIATE_UNICODE)
		return w->msg.flags & NTLMSSP_NEGOTIATE_UNICODE &&
		       w->msg.user.len <= SSPI_NAME_MAX &&
		       w->msg.domain.len <= SSPI_NAME_MAX ? SEC_E_OK : SEC_E_INVALID_TOKEN;
	if (!(w->msg.flags & NTLMSSP_NEGOTIATE_OEM))
		return SEC_E_INVALID_TOKEN;
	return widen(&w->msg.user, w->user) ?: widen(&w->msg.domain, w->domain);
}

/*
 * Step 1: the message parsed, its names readable, and the flags it
 * negotiates (what we offered and it took, and ANONYMOUS for an anonymous
 * client) strong enough for the server's policy (3.2.5.1.2: whether or not
 * the client is anonymous).
 */
static s32 read_authenticate(const struct ntlm_auth *auth, const u8 *token,
			     size_t len, struct server_work *w)
{
	s32 status;

	if (ntlm_parse_authenticate(token, len, &w->msg))
		return SEC_E_INVALID_TOKEN;
	status = read_names(auth, w);
	if (status)
		return status;
	w->anonymous = w->msg.flags & NTLMSSP_NEGOTIATE_ANONYMOUS;
	w->flags = auth->flags & (w->msg.flags | NTLMSSP_NEGOTIATE_VERSION);
	if (w->anonymous)
		w->flags |= NTLMSSP_NEGOTIATE_ANONYMOUS;
	return ntlm_min_sec_check(auth->min_sec, w->flags);
}

/*
 * An anonymous AUTHENTICATE (3.2.5.1.2): allowed, with no user, domain or
 * NtChallengeResponse and an LmChallengeResponse empty or Z(1) (the parser
 * has limited it to one byte). Channel bindings it cannot carry. Its
 * SessionBaseKey and KeyExchangeKey are Z(16) (@w->base_key as
 * kzalloc'ed); a MIC, which anyone could compute under that, proves
 * nothing and is not read.
 */
static s32 check_anonymous(const struct ntlm_auth *auth,
			   const struct server_work *w, const u8 *bindings_hash)
{
	const struct ntlm_authenticate *msg = &w->msg;
	const struct ntlm_view *lm = &msg->lm_response;

	if (!auth->allow_anonymous || msg->nt_response.len || msg->user.len ||
	    msg->domain.len || (lm->len && lm->data[0]))
		return SEC_E_LOGON_DENIED;
	return bindings_hash ? SEC_E_BAD_BINDINGS : SEC_E_OK;
}

/*
 * Step 2 for a user: the kind of response, and whether the level takes it:
 * a response and a user; NTLMv1 only below level 5, LM alone only below
 * level 4, neither with channel bindings, which they cannot carry; an
 * NTLMv2 blob that parses, and the MIC it promises present.
 */
static s32 check_response_kind(struct ntlm_auth *auth, struct server_work *w,
			       const u8 *bindings_hash)
{
	const struct ntlm_view *nt = &w->msg.nt_response;

	w->lm_only = !nt->len && w->msg.lm_response.len == NTLM_RESPONSE_V1_SIZE;
	if ((nt->len < NTLM_RESPONSE_V1_SIZE && !w->lm_only) || !w->msg.user.len)
		return SEC_E_LOGON_DENIED;
	auth->ntlmv1 = w->lm_only || nt->len == NTLM_RESPONSE_V1_SIZE;
	if (auth->ntlmv1) {
		if (auth->lm_compat >= (w->lm_only ? NTLM_LM_COMPAT_NO_LM :
				       NTLM_LM_COMPAT_NTLMV2_ONLY))
			return SEC_E_LOGON_DENIED;
		return bindings_hash ? SEC_E_BAD_BINDINGS : SEC_E_OK;
	}
	if (ntlm_parse_client_blob(nt->data + NTLM_PROOF_SIZE,
				   nt->len - NTLM_PROOF_SIZE, &w->blob))
		return SEC_E_INVALID_TOKEN;
	if ((blob_av_flags(&w->blob) & NTLM_AV_FLAG_MIC_PRESENT) && !w->msg.has_mic)
		return SEC_E_INVALID_TOKEN;
	return SEC_E_OK;
}

/*
 * Step 3 for a user of a remote domain: its authority checks the response
 * and gives the SessionBaseKey, from which the KeyExchangeKey comes into
 * @w->base_key as for a local account. The authority is asked an NTLMv1
 * question for the NTLM2 session response (the challenge mixed with the
 * client's), as Windows asks its domain controller. LM alone is not
 * passed on: it proves too little to be worth a domain controller's time.
 */
static s32 verify_remote(const struct ntlm_auth *auth, struct server_work *w,
			 const struct ntlm_verifier *verifier)
{
	const struct ntlm_authenticate *msg = &w->msg;
	bool ess = w->flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY;
	struct ntlm_view workstation = msg->workstation;
	u8 challenge[NTLM_CHALLENGE_SIZE], base[NTLM_KEY_SIZE];
	struct ntlm_pass_through req = {
		.challenge = challenge,
		.user = msg->user.data,
		.user_len = msg->user.len,
		.domain = msg->domain.data,
		.domain_len = msg->domain.len,
		.lm_response = msg->lm_response.data,
		.lm_response_len = msg->lm_response.len,
		.nt_response = msg->nt_response.data,
		.nt_response_len = msg->nt_response.len,
	};
	s32 status;

	if (w->lm_only)
		return SEC_E_LOGON_DENIED;
	if (!verifier->pass_through)
		return SEC_E_NO_AUTHENTICATING_AUTHORITY;
	memcpy(challenge, auth->server_challenge, NTLM_CHALLENGE_SIZE);
	if (auth->ntlmv1 && ess) {
		if (msg->lm_response.len != NTLM_RESPONSE_V1_SIZE)
			return SEC_E_INVALID_TOKEN;
		if (ntlm_ess_challenge(auth->server_challenge, msg->lm_response.data,
				       challenge))
			return SEC_E_INTERNAL_ERROR;
	}
	/* A name for the authority's logs only: one we cannot read is left out. */
	if ((w->flags & NTLMSSP_NEGOTIATE_UNICODE) ||
	    !widen(&workstation, w->workstation)) {
		req.workstation = workstation.data;
		req.workstation_len = min_t(size_t, workstation.len, SSPI_NAME_MAX);
	}
	status = verifier->pass_through(verifier->arg, &req, base);
	if (status == SEC_E_OK && !auth->ntlmv1)
		memcpy(w->base_key, base, NTLM_KEY_SIZE);
	else if (status == SEC_E_OK &&
		 ntlm_kxkey_v1(w->flags, base, NULL,
			       msg->lm_response.len ? msg->lm_response.data : w->unused,
			       auth->server_challenge, w->base_key))
		status = SEC_E_INTERNAL_ERROR;
	memzero_explicit(base, sizeof(base));
	return status;
}

/*
 * Step 3 for a user: the account's hashes, and the response checked
 * against them; or for a remote domain, the authority's verdict.
 */
static s32 verify_response(const struct ntlm_auth *auth, struct server_work *w,
			   const struct ntlm_verifier *verifier)
{
	s32 status;

	status = verifier->lookup(verifier->arg, w->msg.domain.data,
				  w->msg.domain.len, w->msg.user.data,
				  w->msg.user.len, &w->hashes);
	if (status == NTLM_LOOKUP_REMOTE)
		return verify_remote(auth, w, verifier);
	if (status)
		return status;
	return auth->ntlmv1 ? verify_v1(auth, w) : verify_v2(auth, w);
}

/*
 * The ExportedSessionKey into @w->session_key: with key exchange, the
 * client's EncryptedRandomSessionKey unsealed under the KeyExchangeKey
 * (@w->base_key), which must be there; else the KeyExchangeKey itself.
 */
static s32 exported_key(const struct ntlm_auth *auth, struct server_work *w)
{
	if (!(auth->flags & NTLMSSP_NEGOTIATE_KEY_EXCH)) {
		memcpy(w->session_key, w->base_key, NTLM_KEY_SIZE);
		return SEC_E_OK;
	}
	if (w->msg.session_key.len != NTLM_KEY_SIZE)
		return SEC_E_INVALID_TOKEN;
	if (ntlm_exchange_key(w->base_key, w->msg.session_key.data, w->session_key))
		return SEC_E_INSUFFICIENT_MEMORY;
	return SEC_E_OK;
}

/*
 * Step 4 for a user: what binds the messages to the key. The MIC, when
 * there is one, over the three messages under the ExportedSessionKey
 * (NTLMv1 has no MsvAvFlags, so no MIC it could promise); then NTLMv2's
 * channel bindings.
 */
static s32 check_mic_and_bindings(struct ntlm_auth *auth, const struct server_work *w,
				  const u8 *token, size_t len, const u8 *bindings_hash)
{
	if (auth->ntlmv1)
		return SEC_E_OK;
	if (w->msg.has_mic) {
		if (ntlm_mic_verify(w->session_key, auth->negotiate, auth->negotiate_len,
				    auth->challenge, auth->challenge_len, token, len,
				    w->msg.mic_offset))
			return SEC_E_LOGON_DENIED;
		auth->mic_checked = true;
	}
	return check_bindings(&w->blob, bindings_hash);
}

/* A user's AUTHENTICATE, from its response to its bindings. */
static s32 authenticate_user(struct ntlm_auth *auth, struct server_work *w,
			     const u8 *token, size_t len, const u8 *bindings_hash,
			     const struct ntlm_verifier *verifier)
{
	s32 status;

	status = check_response_kind(auth, w, bindings_hash);
	if (status)
		return status;
	status = verify_response(auth, w, verifier);
	if (status)
		return status;
	status = exported_key(auth, w);
	if (status)
		return status;
	return check_mic_and_bindings(auth, w, token, len, bindings_hash);
}

/* An anonymous AUTHENTICATE: its shape, then the key Z(16) gives. */
static s32 authenticate_anonymous(const struct ntlm_auth *auth, struct server_work *w,
				  const u8 *bindings_hash)
{
	s32 status = check_anonymous(auth, w, bindings_hash);

	return status ?: exported_key(auth, w);
}

/* Last step, once verified: the names, flags and key the context keeps. */
static s32 establish(struct ntlm_auth *auth, const struct server_work *w)
{
	const struct ntlm_authenticate *msg = &w->msg;

	if (!w->anonymous) {
		auth->user = kmemdup(msg->user.data, msg->user.len, GFP_KERNEL_ACCOUNT);
		auth->domain = msg->domain.len ?
			kmemdup(msg->domain.data, msg->domain.len, GFP_KERNEL_ACCOUNT) : NULL;
		if (!auth->user || (msg->domain.len && !auth->domain))
			return SEC_E_INSUFFICIENT_MEMORY;
		auth->user_len = msg->user.len;
		auth->domain_len = msg->domain.len;
	}
	auth->anonymous = w->anonymous;
	auth->flags = w->flags;
	memcpy(auth->session_key, w->session_key, NTLM_KEY_SIZE);
	return SEC_E_OK;
}

/**
 * ntlm_server_authenticate() - check the client's AUTHENTICATE
 * @auth: state after ntlm_server_challenge()
 * @token: the AUTHENTICATE_MESSAGE
 * @len: its length
 * @bindings_hash: MD5 of the acceptor's channel bindings, or %NULL
 * @verifier: gives the hashes of a (domain, user), or has a remote
 *	domain's authority check its user
 *
 * The message is read and its flags held to @auth->min_sec; then a user's
 * response is verified against the account's hashes (or by the domain's
 * authority, which gives the SessionBaseKey) and the MIC and
 * channel bindings checked, or an anonymous message's shape; only then
 * are the names, flags and ExportedSessionKey written to @auth: on
 * %SEC_E_OK it has the user's names (UTF-16LE, whichever character set
 * the client sent them in), or for an anonymous client
 * @auth->anonymous and no names.
 *
 * Return: %SEC_E_OK; %SEC_E_INVALID_TOKEN for a malformed message, or one
 * whose names are not in the character set negotiated, longer than
 * %SSPI_NAME_MAX bytes or, in OEM, not ASCII; %SEC_E_UNSUPPORTED_FUNCTION
 * when the flags it negotiates lack one of @auth->min_sec;
 * %SEC_E_LOGON_DENIED for anything but a verified
 * response of a kind the level accepts (unknown user, wrong password,
 * NTLMv1 at level 5, LM alone at level 4 or 5, or for an account without
 * an LM hash, bad MIC) or an anonymous AUTHENTICATE
 * @auth->allow_anonymous does not allow or that is not exactly anonymous;
 * %SEC_E_BAD_BINDINGS also for NTLMv1 and anonymous when the acceptor has
 * channel bindings, which they cannot carry, and for NTLMv2 bindings that
 * differ; %SEC_E_LOGON_DENIED for LM alone in a remote domain; what
 * @verifier's functions return when they fail otherwise; or
 * %SEC_E_INSUFFICIENT_MEMORY.
 */
s32 ntlm_server_authenticate(struct ntlm_auth *auth, const u8 *token,
			     size_t len, const u8 *bindings_hash,
			     const struct ntlm_verifier *verifier)
{
	struct server_work *w;
	s32 status;

	w = kzalloc(sizeof(*w), GFP_KERNEL_ACCOUNT);
	if (!w)
		return SEC_E_INSUFFICIENT_MEMORY;
	status = read_authenticate(auth, token, len, w);
	if (!status && w->anonymous)
		status = authenticate_anonymous(auth, w, bindings_hash);
	else if (!status)
		status = authenticate_user(auth, w, token, len, bindings_hash,
					   verifier);
	if (!status)
		status = establish(auth, w);
	kfree_sensitive(w);
	return status;
}

/**
 * ntlm_auth_clear() - free what a handshake state holds and wipe it
 * @auth: the state
 */
void ntlm_auth_clear(struct ntlm_auth *auth)
{
	kfree(auth->negotiate);
	kfree(auth->challenge);
	kfree(auth->user);
	kfree(auth->domain);
	memzero_explicit(auth, sizeof(*auth));
}
