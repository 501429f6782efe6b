// SPDX-License-Identifier: GPL-2.0
/*
 * The client's side of the NTLM handshake (MS-NLMP 3.1.5.1): NEGOTIATE,
 * then the AUTHENTICATE that answers the server's CHALLENGE and, when
 * negotiated, carries a random session key sealed with the key-exchange key.
 *
 * NTLMv2 (levels 3 to 5) puts MsvAvFlags announcing a MIC over all three
 * messages in its blob, and the MIC. NTLMv1 (levels 0 to 2, 3.3.1) has no
 * blob, hence no MsvAvFlags and no MIC: with extended session security
 * offered it sends the NTLM2 session response, otherwise DESL of the
 * challenge under the NT hash, and beside it the LMv1 response (levels 0
 * and 1, when the password has an LM hash) or the NT response again.
 *
 * Connectionless NTLM (3.1.5.2) has no NEGOTIATE: the first token the
 * client sees is the CHALLENGE, whose flags must include DATAGRAM, KEY_EXCH
 * and extended session security; the MIC then covers the CHALLENGE and the
 * AUTHENTICATE only.
 */
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/sspi.h>
#include <linux/string.h>
#include <linux/timekeeping.h>

#include "auth.h"
#include "message.h"

/* 100 ns intervals between 1601-01-01 and 1970-01-01 */
#define FILETIME_UNIX_EPOCH	116444736000000000ULL

/* The VERSION we announce: Windows 6.1 build 7601, NTLM revision 15. */
static const struct ntlm_version our_version = {
	.major = NTLM_WINDOWS_MAJOR_VERSION_6,
	.minor = NTLM_WINDOWS_MINOR_VERSION_1,
	.build = 7601,
	.revision = NTLMSSP_REVISION_W2K3,
};

/**
 * ntlm_filetime_now() - the time as NTLM carries it
 *
 * Return: 100 ns intervals since 1601-01-01 UTC.
 */
u64 ntlm_filetime_now(void)
{
	return div_u64(ktime_get_real_ns(), 100) + FILETIME_UNIX_EPOCH;
}

static u8 *dup_bytes(const u8 *data, size_t len)
{
	return len ? kmemdup(data, len, GFP_KERNEL_ACCOUNT) : NULL;
}

/* What a connectionless client needs of the CHALLENGE (3.1.5.2, 3.2.5.2.1). */
#define CONNECTIONLESS_FLAGS (NTLMSSP_NEGOTIATE_DATAGRAM | NTLMSSP_NEGOTIATE_KEY_EXCH | \
			      NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY)

/**
 * ntlm_client_negotiate() - the client's first token
 * @auth: a zeroed handshake state but for its @min_sec and @anonymous
 * @flags: the NegotiateFlags to ask for, to which @auth->min_sec is
 *	added; with NTLMSSP_NEGOTIATE_DATAGRAM,
 *	connectionless NTLM (3.1.5.2): the server's CHALLENGE comes first, so
 *	there is no NEGOTIATE and @out stays empty
 * @lm_compat: the LAN Manager authentication level (see auth.h)
 * @out: receives the NEGOTIATE_MESSAGE
 *
 * Connectionless NTLM is offered only where NTLMv2 is used (levels 3 to
 * 5), and not anonymously: its session security rekeys per message from
 * keys that need extended session security and key exchange, which only
 * an NTLMv2 (or NTLM2 session response) logon gives, and this module
 * keeps to NTLMv2.
 *
 * Return: %SEC_I_CONTINUE_NEEDED, %SEC_E_INVALID_PARAMETER for a level
 * above %NTLM_LM_COMPAT_MAX, %SEC_E_UNSUPPORTED_FUNCTION for
 * connectionless NTLM at a level below 3 or anonymous, or
 * %SEC_E_INSUFFICIENT_MEMORY.
 */
s32 ntlm_client_negotiate(struct ntlm_auth *auth, u32 flags,
			  unsigned int lm_compat, struct ntlm_token *out)
{
	struct ntlm_negotiate msg = {
		.flags = flags | auth->min_sec | NTLMSSP_NEGOTIATE_VERSION,
		.has_version = true,
		.version = our_version,
	};
	ssize_t len = ntlm_negotiate_size(&msg);
	u8 *buf;

	if (lm_compat > NTLM_LM_COMPAT_MAX)
		return SEC_E_INVALID_PARAMETER;
	auth->lm_compat = lm_compat;
	if (flags & NTLMSSP_NEGOTIATE_DATAGRAM) {
		if (lm_compat <= NTLM_LM_COMPAT_NTLMV1 || auth->anonymous)
			return SEC_E_UNSUPPORTED_FUNCTION;
		auth->flags = msg.flags | CONNECTIONLESS_FLAGS;
		return SEC_I_CONTINUE_NEEDED;
	}
	if (len < 0)
		return SEC_E_INTERNAL_ERROR;
	buf = kmalloc(len, GFP_KERNEL_ACCOUNT);
	if (!buf)
		return SEC_E_INSUFFICIENT_MEMORY;
	len = ntlm_build_negotiate(buf, len, &msg);
	if (len < 0) {
		kfree(buf);
		return SEC_E_INTERNAL_ERROR;
	}
	auth->negotiate = dup_bytes(buf, len);
	if (!auth->negotiate) {
		kfree(buf);
		return SEC_E_INSUFFICIENT_MEMORY;
	}
	auth->negotiate_len = len;
	auth->flags = msg.flags;
	out->data = buf;
	out->len = len;
	return SEC_I_CONTINUE_NEEDED;
}

/*
 * The AV pairs of the client's blob: the server's, less those the client
 * writes itself, then MsvAvFlags with the MIC bit, MsvAvChannelBindings and
 * MsvAvTargetName (MS-NLMP 3.1.5.1.2).
 */
static ssize_t client_av_pairs(const struct ntlm_challenge *chal,
			       const struct ntlm_client_input *in, u8 *buf,
			       size_t size)
{
	static const u8 no_bindings[16];
	struct ntlm_av_builder b;
	struct ntlm_av_pair pair;
	__le32 av_flags = cpu_to_le32(NTLM_AV_FLAG_MIC_PRESENT);

	if (!ntlm_av_find(chal->target_info.data, chal->target_info.len,
			  NTLM_AV_FLAGS, &pair) && pair.len == 4)
		av_flags |= cpu_to_le32(get_unaligned_le32(pair.value));

	ntlm_av_builder_init(&b, buf, size);
	ntlm_av_put_list(&b, chal->target_info.data, chal->target_info.len,
			 BIT_ULL(NTLM_AV_FLAGS) | BIT_ULL(NTLM_AV_TARGET_NAME) |
			 BIT_ULL(NTLM_AV_CHANNEL_BINDINGS));
	ntlm_av_put(&b, NTLM_AV_FLAGS, &av_flags, sizeof(av_flags));
	ntlm_av_put(&b, NTLM_AV_CHANNEL_BINDINGS,
		    in->bindings_hash ? in->bindings_hash : no_bindings, 16);
	if (in->target_len)
		ntlm_av_put(&b, NTLM_AV_TARGET_NAME, in->target, in->target_len);
	return ntlm_av_finish(&b);
}

/* Room for the server's pairs and the three the client adds. */
#define CLIENT_AV_EXTRA	(3 * NTLM_AV_HDR_SIZE + 4 + 16 + SSPI_NAME_MAX)

struct client_work {
	struct ntlm_challenge chal;
	struct ntlm_client_blob blob;
	struct ntlm_authenticate msg;
	u8 response_key[NTLM_HASH_SIZE];
	u8 base_key[NTLM_KEY_SIZE];
	u8 encrypted_key[NTLM_KEY_SIZE];
	u8 lm_response[NTLM_RESPONSE_V1_SIZE];
	u8 nt_response_v1[NTLM_RESPONSE_V1_SIZE];
	u8 client_challenge[NTLM_CHALLENGE_SIZE];
	u8 oem[3][SSPI_NAME_MAX / 2];
};

/*
 * A UTF-16LE name as OEM characters, into @buf (SSPI_NAME_MAX / 2 bytes),
 * for a server that chose OEM: ASCII only, since the server's code page is
 * unknown; a name with anything else cannot be sent.
 */
static s32 narrow(struct ntlm_view *name, u8 *buf)
{
	size_t i;

	if (name->len / 2 > SSPI_NAME_MAX / 2)
		return SEC_E_INVALID_TOKEN;
	for (i = 0; i < name->len / 2; i++) {
		if (name->data[2 * i + 1] || name->data[2 * i] >= 0x80)
			return SEC_E_INVALID_TOKEN;
		buf[i] = name->data[2 * i];
	}
	name->data = buf;
	name->len /= 2;
	return SEC_E_OK;
}

/*
 * Negotiated flags: what both asked for, less what NTLMv2 with 128-bit
 * keys makes pointless. The client asks for Unicode, but speaks OEM to a
 * server that chose it (2.2.2.5).
 */
static s32 client_flags(u32 asked, u32 offered, u32 *flags)
{
	u32 both = asked & offered;

	if (!(offered & (NTLMSSP_NEGOTIATE_UNICODE | NTLMSSP_NEGOTIATE_OEM)))
		return SEC_E_INVALID_TOKEN;
	both &= ~(NTLMSSP_NEGOTIATE_OEM | NTLMSSP_NEGOTIATE_LM_KEY);
	if (!(offered & NTLMSSP_NEGOTIATE_UNICODE))
		both |= NTLMSSP_NEGOTIATE_OEM;
	both |= offered & (NTLMSSP_NEGOTIATE_TARGET_INFO |
			   NTLMSSP_TARGET_TYPE_DOMAIN | NTLMSSP_TARGET_TYPE_SERVER);
	*flags = both | NTLMSSP_NEGOTIATE_VERSION;
	return SEC_E_OK;
}

/*
 * NTLMv1's responses and KeyExchangeKey (3.3.1, 3.4.5.1): the NTLM2
 * session response with extended session security, else DESL(NT hash,
 * ServerChallenge) and, at levels 0 and 1 with an LM hash, the LMv1
 * response beside it (else the NT response twice, as Windows' level 2).
 * The key-exchange key goes to @w->base_key.
 */
static int client_v1(const struct ntlm_auth *auth, const struct ntlm_user *id,
		     struct client_work *w)
{
	const u8 *sc = w->chal.server_challenge;
	u8 base[NTLM_KEY_SIZE];
	int err;

	if (auth->flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY) {
		get_random_bytes(w->client_challenge, sizeof(w->client_challenge));
		err = ntlm_ess_responses(id->nt_hash, sc, w->client_challenge,
					 w->lm_response, w->nt_response_v1);
	} else {
		err = ntlm_v1_response(id->nt_hash, sc, w->nt_response_v1);
		if (!err && id->lm_hash &&
		    auth->lm_compat <= NTLM_LM_COMPAT_NTLMV1_LM)
			err = ntlm_v1_response(id->lm_hash, sc, w->lm_response);
		else
			memcpy(w->lm_response, w->nt_response_v1,
			       sizeof(w->lm_response));
	}
	if (!err)
		err = ntlm_v1_session_base_key(id->nt_hash, base);
	if (!err)
		err = ntlm_kxkey_v1(auth->flags, base, id->lm_hash,
				    w->lm_response, sc, w->base_key);
	memzero_explicit(base, sizeof(base));
	return err;
}

/*
 * NTLMv2's NtChallengeResponse (kmalloc'ed into @resp) and, without the
 * server's time, the LMv2 response; its SessionBaseKey, which is also its
 * KeyExchangeKey, goes to @w->base_key.
 */
static s32 client_v2(const struct ntlm_user *id,
		     const struct ntlm_client_input *in, struct client_work *w,
		     u8 **resp, size_t *resp_len)
{
	struct ntlm_av_pair stamp;
	size_t av_size, blob_len;
	u8 *av;
	ssize_t len;
	s32 status;

	status = SEC_E_INSUFFICIENT_MEMORY;
	av_size = w->chal.target_info.len + CLIENT_AV_EXTRA;
	av = kmalloc(av_size, GFP_KERNEL_ACCOUNT);
	if (!av)
		goto out;
	len = client_av_pairs(&w->chal, in, av, av_size);
	status = SEC_E_INVALID_TOKEN;
	if (len < 0)
		goto out;

	/* The server's time if it gave one: then no LMv2 (3.1.5.1.2). */
	w->blob.av.data = av;
	w->blob.av.len = len;
	if (!ntlm_av_find(w->chal.target_info.data, w->chal.target_info.len,
			  NTLM_AV_TIMESTAMP, &stamp) && stamp.len == 8)
		w->blob.timestamp = get_unaligned_le64(stamp.value);
	else
		w->blob.timestamp = 0;
	get_random_bytes(w->blob.client_challenge, sizeof(w->blob.client_challenge));
	len = ntlm_client_blob_size(&w->blob);
	if (len < 0)
		goto out;
	blob_len = len;
	*resp_len = NTLM_PROOF_SIZE + blob_len;
	status = SEC_E_INSUFFICIENT_MEMORY;
	*resp = kmalloc(*resp_len, GFP_KERNEL_ACCOUNT);
	if (!*resp)
		goto out;
	status = SEC_E_INTERNAL_ERROR;
	if (ntlm_ntowfv2(id->nt_hash, id->user, id->user_len, id->domain,
			 id->domain_len, w->response_key))
		goto out;
	if (!w->blob.timestamp) {
		/* No server time: our own, and an LMv2 response beside it. */
		w->blob.timestamp = ntlm_filetime_now();
		if (ntlm_lmv2_response(w->response_key, w->chal.server_challenge,
				       w->blob.client_challenge, w->lm_response))
			goto out;
	}
	if (ntlm_build_client_blob(*resp + NTLM_PROOF_SIZE, blob_len, &w->blob) < 0 ||
	    ntlm_v2_nt_response(w->response_key, w->chal.server_challenge,
				*resp + NTLM_PROOF_SIZE, blob_len, *resp, *resp_len) ||
	    ntlm_v2_session_base_key(w->response_key, *resp, w->base_key))
		goto out;
	status = SEC_E_OK;
out:
	kfree(av);
	return status;
}

/*
 * Step 1: the CHALLENGE parsed, and the flags it grants what the client
 * needs: a connectionless client key exchange and extended session
 * security from a connectionless server (%SEC_E_INVALID_TOKEN without),
 * every client all of @auth->min_sec (3.1.5.1.2: %SEC_E_UNSUPPORTED_FUNCTION
 * without). @auth->flags become the negotiated flags.
 */
static s32 read_challenge(struct ntlm_auth *auth, const struct ntlm_client_input *in,
			  struct client_work *w)
{
	bool connectionless = auth->flags & NTLMSSP_NEGOTIATE_DATAGRAM;
	s32 status;

	if (ntlm_parse_challenge(in->challenge, in->challenge_len, &w->chal))
		return SEC_E_INVALID_TOKEN;
	status = client_flags(auth->flags, w->chal.flags, &auth->flags);
	if (status)
		return status;
	if (connectionless &&
	    (auth->flags & CONNECTIONLESS_FLAGS) != CONNECTIONLESS_FLAGS)
		return SEC_E_INVALID_TOKEN;
	return ntlm_min_sec_check(auth->min_sec, auth->flags);
}

/*
 * Step 2: the responses and the KeyExchangeKey (into @w->base_key) of the
 * variant the level and @auth->anonymous choose: none and Z(16) (w->base_key
 * as kzalloc'ed) for anonymous, NTLMv1's, or NTLMv2's (kmalloc'ed into
 * *@resp).
 */
static s32 make_responses(struct ntlm_auth *auth, const struct ntlm_user *id,
			  const struct ntlm_client_input *in, struct client_work *w,
			  u8 **resp, size_t *resp_len)
{
	auth->ntlmv1 = !auth->anonymous && auth->lm_compat <= NTLM_LM_COMPAT_NTLMV1;
	if (auth->anonymous) {
		auth->flags |= NTLMSSP_NEGOTIATE_ANONYMOUS;
		return SEC_E_OK;
	}
	if (auth->ntlmv1) {
		if (client_v1(auth, id, w))
			return SEC_E_INTERNAL_ERROR;
		*resp = w->nt_response_v1;
		*resp_len = sizeof(w->nt_response_v1);
		return SEC_E_OK;
	}
	return client_v2(id, in, w, resp, resp_len);
}

/*
 * Step 3: the ExportedSessionKey into @auth->session_key: with key
 * exchange a fresh one, sealed under the KeyExchangeKey into the message;
 * else the KeyExchangeKey itself.
 */
static s32 make_session_key(struct ntlm_auth *auth, struct client_work *w)
{
	if (!(auth->flags & NTLMSSP_NEGOTIATE_KEY_EXCH)) {
		memcpy(auth->session_key, w->base_key, NTLM_KEY_SIZE);
		return SEC_E_OK;
	}
	get_random_bytes(auth->session_key, NTLM_KEY_SIZE);
	if (ntlm_exchange_key(w->base_key, auth->session_key, w->encrypted_key))
		return SEC_E_INTERNAL_ERROR;
	w->msg.session_key.data = w->encrypted_key;
	w->msg.session_key.len = NTLM_KEY_SIZE;
	return SEC_E_OK;
}

/*
 * Step 4: the AUTHENTICATE's fields, its names in OEM characters for a
 * server that chose OEM; a MIC in NTLMv2 only (no blob, hence no
 * MsvAvFlags to promise one, in NTLMv1 or anonymous).
 */
static s32 fill_message(const struct ntlm_auth *auth, const struct ntlm_user *id,
			const struct ntlm_client_input *in, struct client_work *w,
			u8 *resp, size_t resp_len)
{
	struct ntlm_authenticate *msg = &w->msg;

	msg->flags = auth->flags;
	msg->lm_response.data = w->lm_response;
	msg->lm_response.len = auth->anonymous ? NTLM_ANON_LM_RESPONSE_SIZE :
			       sizeof(w->lm_response);
	msg->nt_response.data = resp;
	msg->nt_response.len = resp_len;
	msg->domain.data = id->domain;
	msg->domain.len = id->domain_len;
	msg->user.data = id->user;
	msg->user.len = id->user_len;
	msg->workstation.data = in->workstation;
	msg->workstation.len = in->workstation_len;
	msg->has_version = true;
	msg->version = our_version;
	msg->has_mic = !auth->ntlmv1 && !auth->anonymous;
	if (!(auth->flags & NTLMSSP_NEGOTIATE_OEM))
		return SEC_E_OK;
	return narrow(&msg->domain, w->oem[0]) ?: narrow(&msg->user, w->oem[1]) ?:
	       narrow(&msg->workstation, w->oem[2]);
}

/* Step 5: the message built into @out, with its MIC over all three. */
static s32 build_message(const struct ntlm_auth *auth,
			 const struct ntlm_client_input *in, struct client_work *w,
			 struct ntlm_token *out)
{
	size_t mic_offset;
	ssize_t len;
	u8 *buf;

	len = ntlm_authenticate_size(&w->msg);
	if (len < 0)
		return SEC_E_INTERNAL_ERROR;
	buf = kmalloc(len, GFP_KERNEL_ACCOUNT);
	if (!buf)
		return SEC_E_INSUFFICIENT_MEMORY;
	len = ntlm_build_authenticate(buf, len, &w->msg, &mic_offset);
	if (len < 0 || (w->msg.has_mic && !mic_offset) ||
	    (w->msg.has_mic &&
	     ntlm_mic(auth->session_key, auth->negotiate, auth->negotiate_len,
		      in->challenge, in->challenge_len, buf, len, mic_offset,
		      buf + mic_offset))) {
		kfree(buf);
		return SEC_E_INTERNAL_ERROR;
	}
	out->data = buf;
	out->len = len;
	return SEC_E_OK;
}

/**
 * ntlm_client_authenticate() - answer the server's CHALLENGE
 * @auth: state after ntlm_client_negotiate()
 * @id: who the client is
 * @in: the CHALLENGE and what goes into the answer
 * @out: receives the AUTHENTICATE_MESSAGE
 *
 * On %SEC_E_OK @auth->session_key holds the ExportedSessionKey. With
 * @auth->anonymous the message is anonymous (see auth.h) whatever @id and
 * the level say.
 *
 * Return: %SEC_E_OK, %SEC_E_INVALID_TOKEN for a CHALLENGE that is malformed
 * or asks for what we do not do (OEM, for names that are not ASCII),
 * %SEC_E_UNSUPPORTED_FUNCTION for one that does not grant all of
 * @auth->min_sec, %SEC_E_INSUFFICIENT_MEMORY, or %SEC_E_INTERNAL_ERROR when
 * a crypto transform fails.
 */
s32 ntlm_client_authenticate(struct ntlm_auth *auth,
			     const struct ntlm_user *id,
			     const struct ntlm_client_input *in,
			     struct ntlm_token *out)
{
	static const struct ntlm_user anonymous = { };
	struct client_work *w;
	size_t resp_len = 0;
	u8 *resp = NULL;
	s32 status;

	w = kzalloc(sizeof(*w), GFP_KERNEL_ACCOUNT);
	if (!w)
		return SEC_E_INSUFFICIENT_MEMORY;
	if (auth->anonymous)
		id = &anonymous;
	status = read_challenge(auth, in, w);
	if (!status)
		status = make_responses(auth, id, in, w, &resp, &resp_len);
	if (!status)
		status = make_session_key(auth, w);
	if (!status)
		status = fill_message(auth, id, in, w, resp, resp_len);
	if (!status)
		status = build_message(auth, in, w, out);
	if (resp != w->nt_response_v1)
		kfree_sensitive(resp);
	kfree_sensitive(w);
	return status;
}
