/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NTLM session security (MS-NLMP 3.4): message signatures with (3.4.4.2)
 * and without (3.4.4.1) extended session security, and sealing (3.4.3), in
 * connection mode and, with extended session security, in connectionless
 * (datagram) mode, for one established context. Keys and bytes in, bytes and a SECURITY_STATUS
 * out; handles, locking and netlink are the caller's business.
 */
#ifndef _SSPI_NTLM_SEAL_H
#define _SSPI_NTLM_SEAL_H

#include <crypto/arc4.h>
#include <linux/types.h>

#include "crypto.h"

#define NTLM_MSG_SIGNATURE_SIZE	16	/* NTLMSSP_MESSAGE_SIGNATURE */
#define NTLM_SEAL_PARTS_MAX	16	/* pieces of one message */

/**
 * struct ntlm_seal_dir - the state of one direction
 * @sign_key: its SigningKey (unused without extended session security)
 * @seal_key: its SealingKey, kept in connectionless mode only, where each
 *	message rekeys @rc4 with MD5(SealingKey || SeqNum) (3.4)
 * @rc4: its sealing handle, RC4 keyed with its SealingKey; one stream for
 *	every message of the context (connection mode), or one per message
 *	(connectionless mode)
 * @seq: the SeqNum of its next message; in connectionless mode the one the
 *	application gave for it (ntlm_seal_set_seq()), never advanced here
 *
 * Without extended session security one of these serves both directions.
 */
struct ntlm_seal_dir {
	u8 sign_key[NTLM_KEY_SIZE];
	u8 seal_key[NTLM_KEY_SIZE];
	struct arc4_ctx rc4;
	u32 seq;
};

/**
 * struct ntlm_seal - a context's session security
 * @flags: the negotiated NegotiateFlags
 * @out: what this side sends with; without extended session security, what
 *	it sends and receives with (one key, one handle, one SeqNum)
 * @in: what it receives with; without extended session security it is
 *	not there: ntlm_seal_size() says how much of the structure the flags
 *	need
 */
struct ntlm_seal {
	u32 flags;
	struct ntlm_seal_dir out;
	struct ntlm_seal_dir in;
};

/**
 * struct ntlm_part - one piece of a message, signed in order
 * @in: its bytes as given
 * @out: for a piece to seal or unseal, where its RC4'd bytes go (may be
 *	@in); %NULL for a piece that is signed only
 * @len: its length
 */
struct ntlm_part {
	const u8 *in;
	u8 *out;
	size_t len;
};

size_t ntlm_seal_size(u32 flags);
int ntlm_seal_init(struct ntlm_seal *s, u32 flags,
		   const u8 exported_session_key[NTLM_KEY_SIZE], bool server);
void ntlm_seal_clear(struct ntlm_seal *s);
void ntlm_seal_set_seq(struct ntlm_seal *s, u32 seq);
s32 ntlm_seal_message(struct ntlm_seal *s, const struct ntlm_part *parts,
		      unsigned int nparts, bool seal,
		      u8 sig[NTLM_MSG_SIGNATURE_SIZE]);
s32 ntlm_unseal_message(struct ntlm_seal *s, const struct ntlm_part *parts,
			unsigned int nparts, bool unseal,
			const u8 sig[NTLM_MSG_SIGNATURE_SIZE]);

#endif /* _SSPI_NTLM_SEAL_H */
