/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The NTLMSSP wire format (MS-NLMP section 2.2): constants, the parsed forms
 * of the three messages, their parsers and builders, AV pairs and the NTLMv2
 * client blob. Bytes in, structs or bytes out; nothing here knows of handles,
 * netlink, keys or credentials.
 *
 * Parsing takes no offset on trust. A token is refused (-EINVAL, or
 * -EMSGSIZE when longer than NTLM_MAX_TOKEN_SIZE) unless:
 *  - it starts with the signature and the expected message type and holds
 *    the whole fixed header;
 *  - every non-empty payload field lies inside the token, after the fixed
 *    header, and overlaps no other field. The offset of an empty field is
 *    not looked at (peers write 0 or where the field would have been) and
 *    MaxLen is ignored, as MS-NLMP 2.2.1 says a receiver must;
 *  - a VERSION is there when the flags have NTLMSSP_NEGOTIATE_VERSION and
 *    the payload starts at least 8 bytes after the fixed header ("the
 *    payload starts" at the lowest offset of a non-empty field, or at the
 *    end of the token when all are empty). Peers set the flag without
 *    sending the field, and send the field (zeroed) without the flag; then
 *    those bytes are padding. Whatever else lies between the header (and
 *    VERSION) and the payload is padding too, which MS-NLMP 2.2.1.1-2.2.1.3
 *    allow (the payload may have "variable-length padding before or after
 *    the data") and real clients send: Linux's SMB client a 2-byte slot
 *    per empty name (36 or 44 bytes in all);
 *  - an AUTHENTICATE has a MIC, at NTLM_AUTH_MIC_OFFSET (72, after the
 *    VERSION or 8 bytes where it would be), if and only if its NTLMv2
 *    response's MsvAvFlags has NTLM_AV_FLAG_MIC_PRESENT (MS-NLMP 3.2.5.1.2,
 *    as Windows and Samba decide); then the payload must start after the
 *    MIC (at 88 or later), or the message is refused: moving the payload
 *    over the MIC cannot strip it. Checking the MIC is the caller's
 *    business. So the payload starts at or after:
 *
 *				NEGOTIATE	CHALLENGE	AUTHENTICATE
 *	always			32		48		64
 *	with VERSION		40		56		72
 *	with a MIC promised	-		-		88
 *
 *  - the field contents obey the rules each parser documents.
 * Bytes between fields and after the last one are allowed and not looked
 * at (a MIC, when there, covers the messages whole). On failure the output
 * structure is zeroed: nothing half-parsed survives.
 *
 * Views (struct ntlm_view) returned by the parsers point into the token and
 * live as long as it does. Builders take the same structures, lay the
 * payload out in the order Windows does, and refuse (-EINVAL) what their
 * own parser would refuse, so what we send we would also accept.
 */
#ifndef _SSPI_NTLM_MESSAGE_H
#define _SSPI_NTLM_MESSAGE_H

#include "compat.h"

/* Every message starts with these 8 bytes, NUL included. */
#define NTLM_SIGNATURE			"NTLMSSP"
#define NTLM_SIGNATURE_SIZE		8

/* MessageType */
#define NTLM_MSG_NEGOTIATE		1
#define NTLM_MSG_CHALLENGE		2
#define NTLM_MSG_AUTHENTICATE		3

/* NegotiateFlags, MS-NLMP 2.2.2.5 (letter in the spec's table in brackets) */
#define NTLMSSP_NEGOTIATE_UNICODE			0x00000001 /* A */
#define NTLMSSP_NEGOTIATE_OEM				0x00000002 /* B: NTLM_NEGOTIATE_OEM */
#define NTLMSSP_REQUEST_TARGET				0x00000004 /* C */
#define NTLMSSP_RESERVED_R10				0x00000008
#define NTLMSSP_NEGOTIATE_SIGN				0x00000010 /* D */
#define NTLMSSP_NEGOTIATE_SEAL				0x00000020 /* E */
#define NTLMSSP_NEGOTIATE_DATAGRAM			0x00000040 /* F */
#define NTLMSSP_NEGOTIATE_LM_KEY			0x00000080 /* G */
#define NTLMSSP_RESERVED_R9				0x00000100
#define NTLMSSP_NEGOTIATE_NTLM				0x00000200 /* H */
#define NTLMSSP_RESERVED_R8				0x00000400
#define NTLMSSP_NEGOTIATE_ANONYMOUS			0x00000800 /* J */
#define NTLMSSP_NEGOTIATE_OEM_DOMAIN_SUPPLIED		0x00001000 /* K */
#define NTLMSSP_NEGOTIATE_OEM_WORKSTATION_SUPPLIED	0x00002000 /* L */
#define NTLMSSP_RESERVED_R7				0x00004000
#define NTLMSSP_NEGOTIATE_ALWAYS_SIGN			0x00008000 /* M */
#define NTLMSSP_TARGET_TYPE_DOMAIN			0x00010000 /* N */
#define NTLMSSP_TARGET_TYPE_SERVER			0x00020000 /* O */
#define NTLMSSP_RESERVED_R6				0x00040000
#define NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY	0x00080000 /* P */
#define NTLMSSP_NEGOTIATE_IDENTIFY			0x00100000 /* Q */
#define NTLMSSP_RESERVED_R5				0x00200000
#define NTLMSSP_REQUEST_NON_NT_SESSION_KEY		0x00400000 /* R */
#define NTLMSSP_NEGOTIATE_TARGET_INFO			0x00800000 /* S */
#define NTLMSSP_RESERVED_R4				0x01000000
#define NTLMSSP_NEGOTIATE_VERSION			0x02000000 /* T */
#define NTLMSSP_RESERVED_R3				0x04000000
#define NTLMSSP_RESERVED_R2				0x08000000
#define NTLMSSP_RESERVED_R1				0x10000000
#define NTLMSSP_NEGOTIATE_128				0x20000000 /* U */
#define NTLMSSP_NEGOTIATE_KEY_EXCH			0x40000000 /* V */
#define NTLMSSP_NEGOTIATE_56				0x80000000 /* W */

/* AV_PAIR AvId, MS-NLMP 2.2.2.1 (the spec's names in comments) */
enum ntlm_av_id {
	NTLM_AV_EOL			= 0x0000, /* MsvAvEOL */
	NTLM_AV_NB_COMPUTER_NAME	= 0x0001, /* MsvAvNbComputerName */
	NTLM_AV_NB_DOMAIN_NAME		= 0x0002, /* MsvAvNbDomainName */
	NTLM_AV_DNS_COMPUTER_NAME	= 0x0003, /* MsvAvDnsComputerName */
	NTLM_AV_DNS_DOMAIN_NAME		= 0x0004, /* MsvAvDnsDomainName */
	NTLM_AV_DNS_TREE_NAME		= 0x0005, /* MsvAvDnsTreeName */
	NTLM_AV_FLAGS			= 0x0006, /* MsvAvFlags */
	NTLM_AV_TIMESTAMP		= 0x0007, /* MsvAvTimestamp */
	NTLM_AV_SINGLE_HOST		= 0x0008, /* MsvAvSingleHost */
	NTLM_AV_TARGET_NAME		= 0x0009, /* MsvAvTargetName */
	NTLM_AV_CHANNEL_BINDINGS	= 0x000a, /* MsvAvChannelBindings */
};

/* MsvAvFlags value bits */
#define NTLM_AV_FLAG_CONSTRAINED	0x00000001 /* account authentication is constrained */
#define NTLM_AV_FLAG_MIC_PRESENT	0x00000002 /* the AUTHENTICATE carries a MIC */
#define NTLM_AV_FLAG_SPN_UNTRUSTED	0x00000004 /* MsvAvTargetName is from an untrusted source */

/* Sizes of the values whose length MS-NLMP fixes; the parsers enforce them */
#define NTLM_AV_HDR_SIZE		4	/* AvId, AvLen */
#define NTLM_AV_FLAGS_SIZE		4
#define NTLM_AV_TIMESTAMP_SIZE		8
#define NTLM_AV_CHANNEL_BINDINGS_SIZE	16

/* VERSION, MS-NLMP 2.2.2.10 */
#define NTLM_VERSION_SIZE		8
#define NTLMSSP_REVISION_W2K3		0x0f
#define NTLM_WINDOWS_MAJOR_VERSION_5	0x05
#define NTLM_WINDOWS_MAJOR_VERSION_6	0x06
#define NTLM_WINDOWS_MAJOR_VERSION_10	0x0a
#define NTLM_WINDOWS_MINOR_VERSION_0	0x00
#define NTLM_WINDOWS_MINOR_VERSION_1	0x01
#define NTLM_WINDOWS_MINOR_VERSION_2	0x02
#define NTLM_WINDOWS_MINOR_VERSION_3	0x03

/* Fixed parts of the messages */
#define NTLM_NEGOTIATE_HDR_SIZE		32
#define NTLM_CHALLENGE_HDR_SIZE		48
#define NTLM_AUTHENTICATE_HDR_SIZE	64
#define NTLM_SERVER_CHALLENGE_SIZE	8
#define NTLM_MIC_SIZE			16
/* The MIC follows the AUTHENTICATE's header and VERSION: bytes 72..87 */
#define NTLM_AUTH_MIC_OFFSET		(NTLM_AUTHENTICATE_HDR_SIZE + NTLM_VERSION_SIZE)

/* Challenge responses and keys, MS-NLMP 2.2.2.3, 2.2.2.4, 2.2.2.8 */
#define NTLM_LM_RESPONSE_SIZE		24	/* LM_RESPONSE and LMv2_RESPONSE */
#define NTLM_V1_RESPONSE_SIZE		24	/* NTLM_RESPONSE (NTLMv1) */
#define NTLM_ANON_LM_RESPONSE_SIZE	1	/* anonymous: Z(1) */
#define NTLM_SESSION_KEY_SIZE		16	/* EncryptedRandomSessionKey */
#define NTLMV2_PROOF_SIZE		16	/* NTProofStr, before the blob */
#define NTLMV2_BLOB_HDR_SIZE		28	/* NTLMv2_CLIENT_CHALLENGE up to AvPairs */
#define NTLMV2_BLOB_TRAILER_SIZE	4	/* Z(4) after the AV pairs (3.3.2) */
#define NTLMV2_BLOB_RESP_TYPE		1
#define NTLMV2_BLOB_HI_RESP_TYPE	1
#define NTLM_CLIENT_CHALLENGE_SIZE	8

/*
 * The longest token parsed or built. A payload field has a 16-bit length,
 * so one field alone (a TargetInfo, an NTLMv2 response) may reach 65535
 * bytes; no real message is bigger: Windows' own tokens are at most 2888
 * bytes (cbMaxToken of its NTLM package). The bound caps what a context
 * keeps for the MIC (three messages) at 192 KiB and keeps every valid
 * offset within 16 bits.
 */
#define NTLM_MAX_TOKEN_SIZE		65535

/**
 * struct ntlm_view - bytes inside a token, or given to a builder
 * @data: first byte; NULL when @len is 0
 * @len: number of bytes
 */
struct ntlm_view {
	const u8 *data;
	size_t len;
};

/**
 * struct ntlm_version - VERSION, MS-NLMP 2.2.2.10 (for debugging only)
 * @major: ProductMajorVersion
 * @minor: ProductMinorVersion
 * @build: ProductBuild
 * @revision: NTLMRevisionCurrent, normally NTLMSSP_REVISION_W2K3
 */
struct ntlm_version {
	u8 major;
	u8 minor;
	u16 build;
	u8 revision;
};

/**
 * struct ntlm_negotiate - NEGOTIATE_MESSAGE, MS-NLMP 2.2.1.1
 * @flags: NegotiateFlags
 * @domain: DomainName, OEM characters, as sent whatever
 *	NTLMSSP_NEGOTIATE_OEM_DOMAIN_SUPPLIED says
 * @workstation: WorkstationName, OEM characters, as sent whatever
 *	NTLMSSP_NEGOTIATE_OEM_WORKSTATION_SUPPLIED says
 * @has_version: the 8 bytes after the header are a VERSION: the flags
 *	have NTLMSSP_NEGOTIATE_VERSION and the payload leaves room (see above)
 * @version: the VERSION when @has_version
 */
struct ntlm_negotiate {
	u32 flags;
	struct ntlm_view domain;
	struct ntlm_view workstation;
	bool has_version;
	struct ntlm_version version;
};

/**
 * struct ntlm_challenge - CHALLENGE_MESSAGE, MS-NLMP 2.2.1.2
 * @flags: NegotiateFlags
 * @server_challenge: ServerChallenge
 * @target_name: TargetName; UTF-16LE (even length) when the flags have
 *	NTLMSSP_NEGOTIATE_UNICODE, OEM otherwise
 * @target_info: TargetInfo, empty or a valid AV pair list (see
 *	ntlm_av_validate()); may go on past its MsvAvEOL
 * @has_version: the 8 bytes after the header are a VERSION
 * @version: the VERSION when @has_version
 */
struct ntlm_challenge {
	u32 flags;
	u8 server_challenge[NTLM_SERVER_CHALLENGE_SIZE];
	struct ntlm_view target_name;
	struct ntlm_view target_info;
	bool has_version;
	struct ntlm_version version;
};

/**
 * struct ntlm_authenticate - AUTHENTICATE_MESSAGE, MS-NLMP 2.2.1.3
 * @flags: NegotiateFlags
 * @lm_response: LmChallengeResponse: 0, 1 (anonymous) or 24 bytes
 * @nt_response: NtChallengeResponse: 24 bytes (NTLMv1), longer (NTLMv2:
 *	NTProofStr and a client blob that ntlm_parse_client_blob() accepts),
 *	or empty with @lm_response at most 1 byte (anonymous) or 24 (LM)
 * @domain: DomainName
 * @user: UserName
 * @workstation: Workstation; these three are UTF-16LE (even lengths) when
 *	the flags have NTLMSSP_NEGOTIATE_UNICODE, OEM otherwise
 * @session_key: EncryptedRandomSessionKey, 0 or 16 bytes
 * @has_version: the 8 bytes after the header are a VERSION
 * @version: the VERSION when @has_version
 * @has_mic: a MIC is at NTLM_AUTH_MIC_OFFSET: @nt_response promises it
 * @mic: the MIC when @has_mic (parsed form only; builders write zeroes)
 * @mic_offset: where the MIC is in the token when @has_mic, else 0
 */
struct ntlm_authenticate {
	u32 flags;
	struct ntlm_view lm_response;
	struct ntlm_view nt_response;
	struct ntlm_view domain;
	struct ntlm_view user;
	struct ntlm_view workstation;
	struct ntlm_view session_key;
	bool has_version;
	struct ntlm_version version;
	bool has_mic;
	struct ntlm_view mic;
	size_t mic_offset;
};

/**
 * struct ntlm_client_blob - NTLMv2_CLIENT_CHALLENGE, MS-NLMP 2.2.2.7
 * @timestamp: TimeStamp, 100 ns units since 1601-01-01 UTC
 * @client_challenge: ChallengeFromClient
 * @av: AvPairs, a valid list ending with its MsvAvEOL
 *
 * RespType and HiRespType are always 1; the reserved fields are written as
 * zeroes and ignored on receipt.
 */
struct ntlm_client_blob {
	u64 timestamp;
	u8 client_challenge[NTLM_CLIENT_CHALLENGE_SIZE];
	struct ntlm_view av;
};

/**
 * struct ntlm_av_pair - one AV_PAIR, MS-NLMP 2.2.2.1
 * @id: AvId (enum ntlm_av_id, or one unknown to us)
 * @len: AvLen
 * @value: the @len bytes of Value
 */
struct ntlm_av_pair {
	u16 id;
	u16 len;
	const u8 *value;
};

/**
 * struct ntlm_av_iter - walks an AV pair list; see ntlm_av_next()
 * @pos: next pair
 * @left: bytes from @pos to the end of the list
 * @seen: AvIds met so far (bit n for AvId n < 64)
 * @status: 0 while walking, 1 after MsvAvEOL, -EINVAL once malformed
 */
struct ntlm_av_iter {
	const u8 *pos;
	size_t left;
	u64 seen;
	int status;
};

/**
 * struct ntlm_av_builder - writes an AV pair list; see ntlm_av_put()
 * @buf: where the list goes
 * @size: bytes at @buf
 * @len: bytes written so far, MsvAvEOL excluded
 * @seen: AvIds written so far (bit n for AvId n < 64)
 * @err: first error met, returned by ntlm_av_finish()
 */
struct ntlm_av_builder {
	u8 *buf;
	size_t size;
	size_t len;
	u64 seen;
	int err;
};

int ntlm_parse_negotiate(const u8 *tok, size_t len, struct ntlm_negotiate *out);
int ntlm_parse_challenge(const u8 *tok, size_t len, struct ntlm_challenge *out);
int ntlm_parse_authenticate(const u8 *tok, size_t len,
			    struct ntlm_authenticate *out);
int ntlm_parse_client_blob(const u8 *blob, size_t len,
			   struct ntlm_client_blob *out);

ssize_t ntlm_negotiate_size(const struct ntlm_negotiate *msg);
ssize_t ntlm_challenge_size(const struct ntlm_challenge *msg);
ssize_t ntlm_authenticate_size(const struct ntlm_authenticate *msg);
ssize_t ntlm_client_blob_size(const struct ntlm_client_blob *blob);

ssize_t ntlm_build_negotiate(u8 *buf, size_t size,
			     const struct ntlm_negotiate *msg);
ssize_t ntlm_build_challenge(u8 *buf, size_t size,
			     const struct ntlm_challenge *msg);
ssize_t ntlm_build_authenticate(u8 *buf, size_t size,
				const struct ntlm_authenticate *msg,
				size_t *mic_offset);
ssize_t ntlm_build_client_blob(u8 *buf, size_t size,
			       const struct ntlm_client_blob *blob);

ssize_t ntlm_av_validate(const u8 *av, size_t len);
void ntlm_av_iter_init(struct ntlm_av_iter *it, const u8 *av, size_t len);
int ntlm_av_next(struct ntlm_av_iter *it, struct ntlm_av_pair *pair);
int ntlm_av_find(const u8 *av, size_t len, u16 id, struct ntlm_av_pair *pair);

void ntlm_av_builder_init(struct ntlm_av_builder *b, u8 *buf, size_t size);
int ntlm_av_put(struct ntlm_av_builder *b, u16 id, const void *value,
		size_t len);
int ntlm_av_put_list(struct ntlm_av_builder *b, const u8 *av, size_t len,
		     u64 skip);
ssize_t ntlm_av_finish(struct ntlm_av_builder *b);

#endif /* _SSPI_NTLM_MESSAGE_H */
