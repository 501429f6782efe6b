/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * sspi: the generic netlink interface between sspi.ko and libsspi.
 *
 * Every reply carries SSPI_ATTR_STATUS, a SECURITY_STATUS with its Windows
 * value. A netlink error (nlmsgerr) means the request itself was malformed or
 * refused before the security package looked at it.
 */
#ifndef _UAPI_LINUX_SSPI_H
#define _UAPI_LINUX_SSPI_H

#include <linux/types.h>

#define SSPI_GENL_NAME		"sspi"
#define SSPI_GENL_VERSION	1

/* Bounds the kernel enforces on requests; libsspi checks them first. */
#define SSPI_PKG_NAME_MAX	64	/* bytes, including the NUL */
#define SSPI_PKG_COMMENT_MAX	256	/* bytes, including the NUL */
#define SSPI_NAME_MAX		512	/* user, domain, target: UTF-16LE bytes */
#define SSPI_PASSWORD_MAX	512	/* UTF-16LE bytes (256 characters) */
#define SSPI_TOKEN_MAX		65535	/* an input token, bytes */
#define SSPI_NTLM_MAX_TOKEN	2888	/* NTLM's cbMaxToken; a longer NEGOTIATE is refused */
#define SSPI_BINDINGS_MAX	4096	/* SEC_CHANNEL_BINDINGS with its data */
#define SSPI_NT_HASH_LEN	16
#define SSPI_LM_HASH_LEN	16
#define SSPI_SIGNATURE_LEN	16	/* an NTLM message signature */
#define SSPI_CHALLENGE_LEN	8	/* an NTLM challenge, as an authority sees it */
#define SSPI_SESSION_KEY_LEN	16	/* an NTLM SessionBaseKey */
#define SSPI_SID_MAX		192	/* "S-1-..." with its NUL */
/*
 * A message for the session security commands: at most this many bytes in
 * all (64 KiB of payload and 4 KiB of headers), in at most
 * SSPI_MESSAGE_PARTS_MAX data attributes of at most SSPI_DATA_CHUNK_MAX
 * bytes each (a netlink attribute holds less than 64 KiB).
 */
#define SSPI_MESSAGE_MAX	(64 * 1024 + 4096)
#define SSPI_MESSAGE_PARTS_MAX	16
#define SSPI_DATA_CHUNK_MAX	65528

/**
 * struct sspi_inplace_part - a part of a message left where it is
 * @addr: its address in the sending process
 * @len: its length in bytes
 * @flags: %SSPI_INPLACE_SEALED: (un)sealed where it is by %SSPI_CMD_ENCRYPT
 *	and %SSPI_CMD_DECRYPT (it must be writable); otherwise signed only.
 *	Other bits are refused (-EINVAL).
 *
 * The value of %SSPI_ATTR_DATA_INPLACE. The module reads (and writes) the
 * bytes in the sender's memory while it handles the request, which spares
 * a large message two copies and the buffers of a request and a reply.
 * Such a part counts towards %SSPI_MESSAGE_MAX and %SSPI_MESSAGE_PARTS_MAX
 * like the others, but is not bound by %SSPI_DATA_CHUNK_MAX.
 *
 * The module takes it only where that is safe, and otherwise fails the
 * request, with nothing consumed, for the sender to send the part by copy
 * (%SSPI_ATTR_DATA or %SSPI_ATTR_DATA_SIGNED):
 * -EPERM when the sender is more privileged than the process that opened
 * the socket (other ids, groups or capabilities, another user namespace)
 * or is not dumpable; -EAGAIN when a page is not in memory (the module
 * never faults one in) or, for a part to seal, is not private anonymous
 * memory the sender may write now (a file's shared mapping, a page shared
 * after fork()). Memory the sender cannot read (or, to seal, write) at all
 * is %SEC_E_INVALID_PARAMETER.
 */
struct sspi_inplace_part {
	__u64 addr;
	__u32 len;
	__u32 flags;
};

#define SSPI_INPLACE_SEALED	0x1

/*
 * SSPI_ATTR_LM_COMPAT: a LAN Manager authentication level, 0 to
 * SSPI_LM_COMPAT_MAX as Windows' LmCompatibilityLevel, or
 * SSPI_LM_COMPAT_DEFAULT for the module parameter lm_compatibility.
 */
#define SSPI_LM_COMPAT_MAX	5
#define SSPI_LM_COMPAT_DEFAULT	0xffffffffU

/*
 * SSPI_ATTR_MIN_SEC: the minimum session security a credential's contexts
 * require, as Windows' NtlmMinClientSec / NtlmMinServerSec: an OR of the
 * NegotiateFlags bits below, each of which must be negotiated; or
 * SSPI_MIN_SEC_DEFAULT for the module parameter min_client_sec (outbound
 * contexts) or min_server_sec (inbound ones).
 */
#define SSPI_MIN_SEC_INTEGRITY		0x00000010	/* NTLMSSP_NEGOTIATE_SIGN */
#define SSPI_MIN_SEC_CONFIDENTIALITY	0x00000020	/* NTLMSSP_NEGOTIATE_SEAL */
#define SSPI_MIN_SEC_NTLM2		0x00080000	/* extended session security */
#define SSPI_MIN_SEC_128BIT		0x20000000	/* NTLMSSP_NEGOTIATE_128 */
#define SSPI_MIN_SEC_ALL	(SSPI_MIN_SEC_INTEGRITY | SSPI_MIN_SEC_CONFIDENTIALITY | \
				 SSPI_MIN_SEC_NTLM2 | SSPI_MIN_SEC_128BIT)
#define SSPI_MIN_SEC_DEFAULT	0xffffffffU

/* SSPI_ATTR_CRED_USE, as SECPKG_CRED_INBOUND / SECPKG_CRED_OUTBOUND */
#define SSPI_CRED_INBOUND	0x1
#define SSPI_CRED_OUTBOUND	0x2

/**
 * enum sspi_cmd - generic netlink commands of the "sspi" family
 * @SSPI_CMD_UNSPEC: unused
 * @SSPI_CMD_GET_PACKAGES: list the security packages, or look up the one
 *	named by %SSPI_ATTR_PKG_NAME. Reply: %SSPI_ATTR_STATUS and one nested
 *	%SSPI_ATTR_PACKAGE per package found.
 * @SSPI_CMD_ACQUIRE_CREDENTIALS: AcquireCredentialsHandle. Request:
 *	%SSPI_ATTR_PKG_NAME, %SSPI_ATTR_CRED_USE, for outbound credentials
 *	%SSPI_ATTR_USER, %SSPI_ATTR_DOMAIN, %SSPI_ATTR_PASSWORD. Reply:
 *	%SSPI_ATTR_CRED_HANDLE, %SSPI_ATTR_EXPIRY.
 * @SSPI_CMD_FREE_CREDENTIALS: FreeCredentialsHandle(%SSPI_ATTR_CRED_HANDLE).
 * @SSPI_CMD_QUERY_CREDENTIALS: QueryCredentialsAttributes: for
 *	%SSPI_ATTR_CRED_HANDLE and %SSPI_ATTR_ATTRIBUTE; reply %SSPI_ATTR_USER
 *	(the name, UTF-16LE).
 * @SSPI_CMD_INIT_CONTEXT: InitializeSecurityContext. Request:
 *	%SSPI_ATTR_CRED_HANDLE, %SSPI_ATTR_CTX_HANDLE (after the first call),
 *	%SSPI_ATTR_TARGET, %SSPI_ATTR_CONTEXT_REQ, %SSPI_ATTR_INPUT_TOKEN,
 *	%SSPI_ATTR_CHANNEL_BINDINGS. Reply: %SSPI_ATTR_CTX_HANDLE,
 *	%SSPI_ATTR_OUTPUT_TOKEN, %SSPI_ATTR_CONTEXT_ATTR, %SSPI_ATTR_EXPIRY.
 * @SSPI_CMD_ACCEPT_CONTEXT: AcceptSecurityContext, with the attributes of
 *	%SSPI_CMD_INIT_CONTEXT but no target.
 * @SSPI_CMD_DELETE_CONTEXT: DeleteSecurityContext(%SSPI_ATTR_CTX_HANDLE).
 * @SSPI_CMD_QUERY_CONTEXT: QueryContextAttributes: for %SSPI_ATTR_CTX_HANDLE
 *	and %SSPI_ATTR_ATTRIBUTE, reply nested %SSPI_ATTR_CONTEXT_INFO.
 * @SSPI_CMD_ACCOUNT_ADD: add or replace an acceptor account in the
 *	caller's network namespace (%SSPI_ATTR_DOMAIN, %SSPI_ATTR_USER and
 *	%SSPI_ATTR_NT_HASH, optionally with %SSPI_ATTR_LM_HASH, or
 *	%SSPI_ATTR_PASSWORD). Needs CAP_NET_ADMIN there.
 * @SSPI_CMD_ACCOUNT_DEL: delete one (%SSPI_ATTR_DOMAIN, %SSPI_ATTR_USER).
 * @SSPI_CMD_ACCOUNT_LIST: dump the accounts, one nested %SSPI_ATTR_ACCOUNT
 *	per message, without their hashes, with %SSPI_ATTR_BAD_LOGONS and
 *	%SSPI_ATTR_LOCKED_UNTIL where they have any. A dump that saw the
 *	store change has NLM_F_DUMP_INTR on a message: ask again.
 * @SSPI_CMD_ACCOUNT_FLUSH: delete every account and the store itself.
 * @SSPI_CMD_MAKE_SIGNATURE: MakeSignature. Request: %SSPI_ATTR_CTX_HANDLE,
 *	%SSPI_ATTR_QOP, %SSPI_ATTR_SEQNUM, the message as %SSPI_ATTR_DATA and
 *	%SSPI_ATTR_DATA_SIGNED attributes in its order (both are signed).
 *	Reply: %SSPI_ATTR_SIGNATURE.
 * @SSPI_CMD_VERIFY_SIGNATURE: VerifySignature. Request: as for
 *	%SSPI_CMD_MAKE_SIGNATURE, with %SSPI_ATTR_SIGNATURE and no QOP. Reply:
 *	%SSPI_ATTR_QOP.
 * @SSPI_CMD_ENCRYPT: EncryptMessage. Request: as for
 *	%SSPI_CMD_MAKE_SIGNATURE; the %SSPI_ATTR_DATA parts are sealed, the
 *	%SSPI_ATTR_DATA_SIGNED ones only signed. Reply: one %SSPI_ATTR_DATA
 *	per %SSPI_ATTR_DATA of the request, in order, with its sealed bytes
 *	(its clear bytes with SECQOP_WRAP_NO_ENCRYPT), and
 *	%SSPI_ATTR_SIGNATURE.
 * @SSPI_CMD_DECRYPT: DecryptMessage. Request: as for %SSPI_CMD_ENCRYPT,
 *	with %SSPI_ATTR_SIGNATURE and no QOP. Reply: the unsealed
 *	%SSPI_ATTR_DATA parts, in order, and %SSPI_ATTR_QOP.
 * @SSPI_CMD_SET_CREDENTIALS: SetCredentialsAttributes. Request:
 *	%SSPI_ATTR_CRED_HANDLE, %SSPI_ATTR_LM_COMPAT: the level of the
 *	contexts made with the credential from then on; or
 *	%SSPI_ATTR_MIN_SEC: their minimum session security.
 * @SSPI_CMD_ACCOUNT_UNLOCK: end the lockout of one account and forget its
 *	failed logons (%SSPI_ATTR_DOMAIN, %SSPI_ATTR_USER, as added). Needs
 *	CAP_NET_ADMIN in the namespace.
 * @SSPI_CMD_LOGIN: store the caller's default (single sign-on) credential
 *	in its session keyring, as a "logon" key "sspi:ntlm" that holds the
 *	names and the NT hash of the password (%SSPI_ATTR_USER,
 *	%SSPI_ATTR_DOMAIN, %SSPI_ATTR_PASSWORD), owned by the caller's fsuid.
 *	Ack or errno (-ENOKEY: the caller has no session keyring).
 * @SSPI_CMD_LOGOUT: invalidate the "sspi:ntlm" key found in the caller's
 *	keyrings. Ack or errno (-ENOKEY: none).
 * @SSPI_CMD_DOMAIN_ADD: mark %SSPI_ATTR_DOMAIN (a NetBIOS or DNS domain
 *	name, UTF-16LE, compared without regard to case) as remote in the
 *	caller's namespace: its clients are checked by the namespace's
 *	authority (%SSPI_CMD_AUTHORITY_REGISTER), never against local
 *	accounts. Needs CAP_NET_ADMIN over the namespace.
 * @SSPI_CMD_DOMAIN_DEL: the domain is local again.
 * @SSPI_CMD_DOMAIN_LIST: dump the remote domains, one %SSPI_ATTR_DOMAIN a
 *	message.
 * @SSPI_CMD_AUTHORITY_REGISTER: the sending socket becomes the namespace's
 *	authority until it closes (one a namespace: a second gets -EBUSY).
 *	Needs CAP_NET_ADMIN over the namespace.
 * @SSPI_CMD_AUTHORITY_REQUEST: sent by the kernel to the authority, one
 *	per logon in a remote domain: %SSPI_ATTR_REQUEST_ID,
 *	%SSPI_ATTR_CHALLENGE, %SSPI_ATTR_USER, %SSPI_ATTR_DOMAIN,
 *	%SSPI_ATTR_WORKSTATION (UTF-16LE, as the client sent them),
 *	%SSPI_ATTR_LM_RESPONSE, %SSPI_ATTR_NT_RESPONSE. Never a request.
 * @SSPI_CMD_AUTHORITY_REPLY: the authority's answer, from the registered
 *	socket only: %SSPI_ATTR_REQUEST_ID, %SSPI_ATTR_NTSTATUS and, when that
 *	is 0, %SSPI_ATTR_SESSION_KEY (the user session key),
 *	%SSPI_ATTR_USER and %SSPI_ATTR_DOMAIN (the account's own names),
 *	optionally %SSPI_ATTR_SID.
 * @SSPI_CMD_STATUS: what the caller's network namespace holds: reply
 *	%SSPI_ATTR_STATUS and one nested %SSPI_ATTR_NS_STATUS. Needs
 *	CAP_NET_ADMIN in the namespace.
 * @__SSPI_CMD_MAX: one past the last command
 */
enum sspi_cmd {
	SSPI_CMD_UNSPEC,
	SSPI_CMD_GET_PACKAGES,
	SSPI_CMD_ACQUIRE_CREDENTIALS,
	SSPI_CMD_FREE_CREDENTIALS,
	SSPI_CMD_QUERY_CREDENTIALS,
	SSPI_CMD_INIT_CONTEXT,
	SSPI_CMD_ACCEPT_CONTEXT,
	SSPI_CMD_DELETE_CONTEXT,
	SSPI_CMD_QUERY_CONTEXT,
	SSPI_CMD_ACCOUNT_ADD,
	SSPI_CMD_ACCOUNT_DEL,
	SSPI_CMD_ACCOUNT_LIST,
	SSPI_CMD_ACCOUNT_FLUSH,
	SSPI_CMD_MAKE_SIGNATURE,
	SSPI_CMD_VERIFY_SIGNATURE,
	SSPI_CMD_ENCRYPT,
	SSPI_CMD_DECRYPT,
	SSPI_CMD_SET_CREDENTIALS,
	SSPI_CMD_ACCOUNT_UNLOCK,
	SSPI_CMD_LOGIN,
	SSPI_CMD_LOGOUT,
	SSPI_CMD_STATUS,
	SSPI_CMD_DOMAIN_ADD,
	SSPI_CMD_DOMAIN_DEL,
	SSPI_CMD_DOMAIN_LIST,
	SSPI_CMD_AUTHORITY_REGISTER,
	SSPI_CMD_AUTHORITY_REQUEST,
	SSPI_CMD_AUTHORITY_REPLY,

	__SSPI_CMD_MAX
};

#define SSPI_CMD_MAX (__SSPI_CMD_MAX - 1)

/**
 * enum sspi_attr - top-level attributes
 * @SSPI_ATTR_UNSPEC: unused
 * @SSPI_ATTR_STATUS: u32, the SECURITY_STATUS of the operation (reply)
 * @SSPI_ATTR_PKG_NAME: NUL-terminated string, a package name (request)
 * @SSPI_ATTR_PACKAGE: nested &enum sspi_pkg_attr, one package (reply)
 * @SSPI_ATTR_CRED_USE: u32, %SSPI_CRED_INBOUND and/or %SSPI_CRED_OUTBOUND
 * @SSPI_ATTR_USER: binary, a user name in UTF-16LE
 * @SSPI_ATTR_DOMAIN: binary, a domain name in UTF-16LE
 * @SSPI_ATTR_PASSWORD: binary, a password in UTF-16LE (never stored)
 * @SSPI_ATTR_NT_HASH: binary, 16 bytes: MD4 of the UTF-16LE password
 * @SSPI_ATTR_CRED_HANDLE: u64, a credential handle
 * @SSPI_ATTR_CTX_HANDLE: u64, a context handle
 * @SSPI_ATTR_EXPIRY: u64, a FILETIME (100 ns since 1601, UTC)
 * @SSPI_ATTR_TARGET: binary, the target name in UTF-16LE
 * @SSPI_ATTR_CONTEXT_REQ: u32, ISC_REQ_* or ASC_REQ_* flags
 * @SSPI_ATTR_CONTEXT_ATTR: u32, ISC_RET_* or ASC_RET_* flags (reply)
 * @SSPI_ATTR_INPUT_TOKEN: binary, the peer's token
 * @SSPI_ATTR_OUTPUT_TOKEN: binary, the token for the peer (reply)
 * @SSPI_ATTR_CHANNEL_BINDINGS: binary, a SEC_CHANNEL_BINDINGS with its data
 * @SSPI_ATTR_ATTRIBUTE: u32, a SECPKG_ATTR_* or SECPKG_CRED_ATTR_* number
 * @SSPI_ATTR_CONTEXT_INFO: nested &enum sspi_ctx_attr (reply)
 * @SSPI_ATTR_ACCOUNT: nested: %SSPI_ATTR_DOMAIN and %SSPI_ATTR_USER (reply)
 * @SSPI_ATTR_DATA: binary, a part of a message that is signed and, for
 *	%SSPI_CMD_ENCRYPT and %SSPI_CMD_DECRYPT, sealed; at most
 *	%SSPI_DATA_CHUNK_MAX bytes; may repeat
 * @SSPI_ATTR_DATA_SIGNED: binary, a part of a message that is signed but
 *	never sealed (SECBUFFER_READONLY_WITH_CHECKSUM); may repeat
 * @SSPI_ATTR_SIGNATURE: binary, %SSPI_SIGNATURE_LEN bytes, the message
 *	signature (the SECBUFFER_TOKEN of the message calls)
 * @SSPI_ATTR_SEQNUM: u32, MessageSeqNo; NTLM in connection mode keeps its
 *	own sequence numbers and ignores it, a connectionless (datagram)
 *	context numbers each message with it
 * @SSPI_ATTR_QOP: u32, fQOP (request) or pfQOP (reply)
 * @SSPI_ATTR_LM_COMPAT: u32, a LAN Manager authentication level (0 to
 *	%SSPI_LM_COMPAT_MAX) or %SSPI_LM_COMPAT_DEFAULT
 * @SSPI_ATTR_LM_HASH: binary, 16 bytes: LMOWFv1 of the password, which
 *	%SSPI_CMD_ACCOUNT_ADD takes beside %SSPI_ATTR_NT_HASH (an account
 *	added by password gets it from the password, if it has one)
 * @SSPI_ATTR_DATA_INPLACE: &struct sspi_inplace_part, a part of a message
 *	in the sender's memory, in order with the %SSPI_ATTR_DATA and
 *	%SSPI_ATTR_DATA_SIGNED parts; may repeat. Nothing of it is in the
 *	reply: what is (un)sealed is (un)sealed where it is.
 * @SSPI_ATTR_MIN_SEC: u32, a minimum session security (%SSPI_MIN_SEC_*
 *	bits) or %SSPI_MIN_SEC_DEFAULT
 * @SSPI_ATTR_BAD_LOGONS: u32, an account's failed logons counted towards
 *	its lockout (reply, in %SSPI_ATTR_ACCOUNT)
 * @SSPI_ATTR_LOCKED_UNTIL: u64, a FILETIME (UTC) until which the account
 *	is locked out, %SSPI_LOCKED_FOREVER until an administrator unlocks it
 *	(reply, in %SSPI_ATTR_ACCOUNT; absent when it is not locked)
 * @SSPI_ATTR_NS_STATUS: nested &enum sspi_ns_attr (reply)
 * @SSPI_ATTR_REQUEST_ID: u32, which logon an authority answers
 * @SSPI_ATTR_CHALLENGE: %SSPI_CHALLENGE_LEN bytes the client's responses
 *	answer (for the NTLM2 session response, already mixed with the
 *	client's challenge, as an NTLMv1 check expects it)
 * @SSPI_ATTR_WORKSTATION: the client's UTF-16LE workstation name
 * @SSPI_ATTR_LM_RESPONSE: the client's LmChallengeResponse
 * @SSPI_ATTR_NT_RESPONSE: the client's NtChallengeResponse
 * @SSPI_ATTR_NTSTATUS: u32, the authority's verdict as an NTSTATUS
 * @SSPI_ATTR_SESSION_KEY: %SSPI_SESSION_KEY_LEN bytes, the user session key
 *	(SessionBaseKey) the authority computed
 * @SSPI_ATTR_SID: the account's SID as a string, with its NUL
 * @__SSPI_ATTR_MAX: one past the last attribute
 */
enum sspi_attr {
	SSPI_ATTR_UNSPEC,
	SSPI_ATTR_STATUS,
	SSPI_ATTR_PKG_NAME,
	SSPI_ATTR_PACKAGE,
	SSPI_ATTR_CRED_USE,
	SSPI_ATTR_USER,
	SSPI_ATTR_DOMAIN,
	SSPI_ATTR_PASSWORD,
	SSPI_ATTR_NT_HASH,
	SSPI_ATTR_CRED_HANDLE,
	SSPI_ATTR_CTX_HANDLE,
	SSPI_ATTR_EXPIRY,
	SSPI_ATTR_TARGET,
	SSPI_ATTR_CONTEXT_REQ,
	SSPI_ATTR_CONTEXT_ATTR,
	SSPI_ATTR_INPUT_TOKEN,
	SSPI_ATTR_OUTPUT_TOKEN,
	SSPI_ATTR_CHANNEL_BINDINGS,
	SSPI_ATTR_ATTRIBUTE,
	SSPI_ATTR_CONTEXT_INFO,
	SSPI_ATTR_ACCOUNT,
	SSPI_ATTR_DATA,
	SSPI_ATTR_DATA_SIGNED,
	SSPI_ATTR_SIGNATURE,
	SSPI_ATTR_SEQNUM,
	SSPI_ATTR_QOP,
	SSPI_ATTR_LM_COMPAT,
	SSPI_ATTR_LM_HASH,
	SSPI_ATTR_DATA_INPLACE,
	SSPI_ATTR_MIN_SEC,
	SSPI_ATTR_BAD_LOGONS,
	SSPI_ATTR_LOCKED_UNTIL,
	SSPI_ATTR_NS_STATUS,
	SSPI_ATTR_REQUEST_ID,
	SSPI_ATTR_CHALLENGE,
	SSPI_ATTR_WORKSTATION,
	SSPI_ATTR_LM_RESPONSE,
	SSPI_ATTR_NT_RESPONSE,
	SSPI_ATTR_NTSTATUS,
	SSPI_ATTR_SESSION_KEY,
	SSPI_ATTR_SID,

	__SSPI_ATTR_MAX
};

#define SSPI_ATTR_MAX (__SSPI_ATTR_MAX - 1)

/* SSPI_ATTR_LOCKED_UNTIL of an account locked until it is unlocked */
#define SSPI_LOCKED_FOREVER	(~0ULL)

/**
 * enum sspi_pkg_attr - attributes nested in %SSPI_ATTR_PACKAGE (SecPkgInfo)
 * @SSPI_PKG_ATTR_UNSPEC: unused
 * @SSPI_PKG_ATTR_NAME: string, Name
 * @SSPI_PKG_ATTR_COMMENT: string, Comment
 * @SSPI_PKG_ATTR_CAPABILITIES: u32, fCapabilities (SECPKG_FLAG_*)
 * @SSPI_PKG_ATTR_VERSION: u16, wVersion
 * @SSPI_PKG_ATTR_RPCID: u16, wRPCID
 * @SSPI_PKG_ATTR_MAX_TOKEN: u32, cbMaxToken
 * @__SSPI_PKG_ATTR_MAX: one past the last attribute
 */
enum sspi_pkg_attr {
	SSPI_PKG_ATTR_UNSPEC,
	SSPI_PKG_ATTR_NAME,
	SSPI_PKG_ATTR_COMMENT,
	SSPI_PKG_ATTR_CAPABILITIES,
	SSPI_PKG_ATTR_VERSION,
	SSPI_PKG_ATTR_RPCID,
	SSPI_PKG_ATTR_MAX_TOKEN,

	__SSPI_PKG_ATTR_MAX
};

#define SSPI_PKG_ATTR_MAX (__SSPI_PKG_ATTR_MAX - 1)

/**
 * enum sspi_ctx_attr - attributes nested in %SSPI_ATTR_CONTEXT_INFO, what
 *	QueryContextAttributes reports of a context
 * @SSPI_CTX_ATTR_UNSPEC: unused
 * @SSPI_CTX_ATTR_USER: binary, "DOMAIN\user" of the authenticated client,
 *	UTF-16LE (SECPKG_ATTR_NAMES)
 * @SSPI_CTX_ATTR_SESSION_KEY: binary, the exported session key
 * @SSPI_CTX_ATTR_FLAGS: u32, the ISC_RET_ or ASC_RET_ flags established
 * @SSPI_CTX_ATTR_START: u64, FILETIME the context was made
 * @SSPI_CTX_ATTR_EXPIRY: u64, FILETIME it expires
 * @SSPI_CTX_ATTR_STATE: u32, SECPKG_NEGOTIATION_COMPLETE or _IN_PROGRESS
 * @SSPI_CTX_ATTR_NEGOTIATE_FLAGS: u32, the NTLMSSP negotiate flags
 * @__SSPI_CTX_ATTR_MAX: one past the last attribute
 */
enum sspi_ctx_attr {
	SSPI_CTX_ATTR_UNSPEC,
	SSPI_CTX_ATTR_USER,
	SSPI_CTX_ATTR_SESSION_KEY,
	SSPI_CTX_ATTR_FLAGS,
	SSPI_CTX_ATTR_START,
	SSPI_CTX_ATTR_EXPIRY,
	SSPI_CTX_ATTR_STATE,
	SSPI_CTX_ATTR_NEGOTIATE_FLAGS,

	__SSPI_CTX_ATTR_MAX
};

#define SSPI_CTX_ATTR_MAX (__SSPI_CTX_ATTR_MAX - 1)

/**
 * enum sspi_ns_attr - attributes nested in %SSPI_ATTR_NS_STATUS, what one
 *	network namespace holds (%SSPI_CMD_STATUS); each a u32
 * @SSPI_NS_ATTR_UNSPEC: unused
 * @SSPI_NS_ATTR_CREDENTIALS: live credential handles of its sockets
 * @SSPI_NS_ATTR_CONTEXTS: live context handles of its sockets
 * @SSPI_NS_ATTR_ACCOUNTS: accounts in its store
 * @SSPI_NS_ATTR_LOCKED_ACCOUNTS: of those, the ones locked out now
 * @SSPI_NS_ATTR_REMOTE_DOMAINS: domains whose clients its authority checks
 * @SSPI_NS_ATTR_AUTHORITY_PORT: netlink port id of its authority, 0 if none
 * @SSPI_NS_ATTR_PASS_THROUGH: logons waiting for its authority now
 * @__SSPI_NS_ATTR_MAX: one past the last attribute
 */
enum sspi_ns_attr {
	SSPI_NS_ATTR_UNSPEC,
	SSPI_NS_ATTR_CREDENTIALS,
	SSPI_NS_ATTR_CONTEXTS,
	SSPI_NS_ATTR_ACCOUNTS,
	SSPI_NS_ATTR_LOCKED_ACCOUNTS,
	SSPI_NS_ATTR_REMOTE_DOMAINS,
	SSPI_NS_ATTR_AUTHORITY_PORT,
	SSPI_NS_ATTR_PASS_THROUGH,

	__SSPI_NS_ATTR_MAX
};

#define SSPI_NS_ATTR_MAX (__SSPI_NS_ATTR_MAX - 1)

/*
 * SECURITY_STATUS values, as Windows defines them (winerror.h). One
 * definition serves the module, the in-kernel API and libsspi.
 */
#define SSPI_STATUS(v)				((__s32)(v))

#define SEC_E_OK				SSPI_STATUS(0x00000000)
#define SEC_E_INSUFFICIENT_MEMORY		SSPI_STATUS(0x80090300)
#define SEC_E_INVALID_HANDLE			SSPI_STATUS(0x80090301)
#define SEC_E_UNSUPPORTED_FUNCTION		SSPI_STATUS(0x80090302)
#define SEC_E_TARGET_UNKNOWN			SSPI_STATUS(0x80090303)
#define SEC_E_INTERNAL_ERROR			SSPI_STATUS(0x80090304)
#define SEC_E_SECPKG_NOT_FOUND			SSPI_STATUS(0x80090305)
#define SEC_E_NOT_OWNER				SSPI_STATUS(0x80090306)
#define SEC_E_CANNOT_INSTALL			SSPI_STATUS(0x80090307)
#define SEC_E_INVALID_TOKEN			SSPI_STATUS(0x80090308)
#define SEC_E_CANNOT_PACK			SSPI_STATUS(0x80090309)
#define SEC_E_QOP_NOT_SUPPORTED			SSPI_STATUS(0x8009030A)
#define SEC_E_NO_IMPERSONATION			SSPI_STATUS(0x8009030B)
#define SEC_E_LOGON_DENIED			SSPI_STATUS(0x8009030C)
#define SEC_E_UNKNOWN_CREDENTIALS		SSPI_STATUS(0x8009030D)
#define SEC_E_NO_CREDENTIALS			SSPI_STATUS(0x8009030E)
#define SEC_E_MESSAGE_ALTERED			SSPI_STATUS(0x8009030F)
#define SEC_E_OUT_OF_SEQUENCE			SSPI_STATUS(0x80090310)
#define SEC_E_NO_AUTHENTICATING_AUTHORITY	SSPI_STATUS(0x80090311)
#define SEC_I_CONTINUE_NEEDED			SSPI_STATUS(0x00090312)
#define SEC_I_COMPLETE_NEEDED			SSPI_STATUS(0x00090313)
#define SEC_I_COMPLETE_AND_CONTINUE		SSPI_STATUS(0x00090314)
#define SEC_I_LOCAL_LOGON			SSPI_STATUS(0x00090315)
#define SEC_E_BAD_PKGID				SSPI_STATUS(0x80090316)
#define SEC_E_CONTEXT_EXPIRED			SSPI_STATUS(0x80090317)
#define SEC_I_CONTEXT_EXPIRED			SSPI_STATUS(0x00090317)
#define SEC_E_INCOMPLETE_MESSAGE		SSPI_STATUS(0x80090318)
#define SEC_E_INCOMPLETE_CREDENTIALS		SSPI_STATUS(0x80090320)
#define SEC_E_BUFFER_TOO_SMALL			SSPI_STATUS(0x80090321)
#define SEC_I_INCOMPLETE_CREDENTIALS		SSPI_STATUS(0x00090320)
#define SEC_I_RENEGOTIATE			SSPI_STATUS(0x00090321)
#define SEC_E_WRONG_PRINCIPAL			SSPI_STATUS(0x80090322)
#define SEC_I_NO_LSA_CONTEXT			SSPI_STATUS(0x00090323)
#define SEC_E_TIME_SKEW				SSPI_STATUS(0x80090324)
#define SEC_E_UNTRUSTED_ROOT			SSPI_STATUS(0x80090325)
#define SEC_E_ILLEGAL_MESSAGE			SSPI_STATUS(0x80090326)
#define SEC_E_CERT_UNKNOWN			SSPI_STATUS(0x80090327)
#define SEC_E_CERT_EXPIRED			SSPI_STATUS(0x80090328)
#define SEC_E_ENCRYPT_FAILURE			SSPI_STATUS(0x80090329)
#define SEC_E_DECRYPT_FAILURE			SSPI_STATUS(0x80090330)
#define SEC_E_ALGORITHM_MISMATCH		SSPI_STATUS(0x80090331)
#define SEC_E_SECURITY_QOS_FAILED		SSPI_STATUS(0x80090332)
#define SEC_E_UNFINISHED_CONTEXT_DELETED	SSPI_STATUS(0x80090333)
#define SEC_E_NO_TGT_REPLY			SSPI_STATUS(0x80090334)
#define SEC_E_NO_IP_ADDRESSES			SSPI_STATUS(0x80090335)
#define SEC_E_WRONG_CREDENTIAL_HANDLE		SSPI_STATUS(0x80090336)
#define SEC_E_CRYPTO_SYSTEM_INVALID		SSPI_STATUS(0x80090337)
#define SEC_E_MAX_REFERRALS_EXCEEDED		SSPI_STATUS(0x80090338)
#define SEC_E_MUST_BE_KDC			SSPI_STATUS(0x80090339)
#define SEC_E_STRONG_CRYPTO_NOT_SUPPORTED	SSPI_STATUS(0x8009033A)
#define SEC_E_TOO_MANY_PRINCIPALS		SSPI_STATUS(0x8009033B)
#define SEC_E_NO_PA_DATA			SSPI_STATUS(0x8009033C)
#define SEC_E_PKINIT_NAME_MISMATCH		SSPI_STATUS(0x8009033D)
#define SEC_E_SMARTCARD_LOGON_REQUIRED		SSPI_STATUS(0x8009033E)
#define SEC_E_SHUTDOWN_IN_PROGRESS		SSPI_STATUS(0x8009033F)
#define SEC_E_KDC_INVALID_REQUEST		SSPI_STATUS(0x80090340)
#define SEC_E_KDC_UNABLE_TO_REFER		SSPI_STATUS(0x80090341)
#define SEC_E_KDC_UNKNOWN_ETYPE			SSPI_STATUS(0x80090342)
#define SEC_E_UNSUPPORTED_PREAUTH		SSPI_STATUS(0x80090343)
#define SEC_E_DELEGATION_REQUIRED		SSPI_STATUS(0x80090345)
#define SEC_E_BAD_BINDINGS			SSPI_STATUS(0x80090346)
#define SEC_E_MULTIPLE_ACCOUNTS			SSPI_STATUS(0x80090347)
#define SEC_E_NO_KERB_KEY			SSPI_STATUS(0x80090348)
#define SEC_E_CERT_WRONG_USAGE			SSPI_STATUS(0x80090349)
#define SEC_E_DOWNGRADE_DETECTED		SSPI_STATUS(0x80090350)
#define SEC_E_SMARTCARD_CERT_REVOKED		SSPI_STATUS(0x80090351)
#define SEC_E_ISSUING_CA_UNTRUSTED		SSPI_STATUS(0x80090352)
#define SEC_E_REVOCATION_OFFLINE_C		SSPI_STATUS(0x80090353)
#define SEC_E_PKINIT_CLIENT_FAILURE		SSPI_STATUS(0x80090354)
#define SEC_E_SMARTCARD_CERT_EXPIRED		SSPI_STATUS(0x80090355)
#define SEC_E_NO_S4U_PROT_SUPPORT		SSPI_STATUS(0x80090356)
#define SEC_E_CROSSREALM_DELEGATION_FAILURE	SSPI_STATUS(0x80090357)
#define SEC_E_REVOCATION_OFFLINE_KDC		SSPI_STATUS(0x80090358)
#define SEC_E_ISSUING_CA_UNTRUSTED_KDC		SSPI_STATUS(0x80090359)
#define SEC_E_KDC_CERT_EXPIRED			SSPI_STATUS(0x8009035A)
#define SEC_E_KDC_CERT_REVOKED			SSPI_STATUS(0x8009035B)
#define SEC_I_SIGNATURE_NEEDED			SSPI_STATUS(0x0009035C)
#define SEC_E_INVALID_PARAMETER			SSPI_STATUS(0x8009035D)
#define SEC_E_DELEGATION_POLICY			SSPI_STATUS(0x8009035E)
#define SEC_E_POLICY_NLTM_ONLY			SSPI_STATUS(0x8009035F)
#define SEC_I_NO_RENEGOTIATION			SSPI_STATUS(0x00090360)
#define SEC_E_NO_CONTEXT			SSPI_STATUS(0x80090361)
#define SEC_E_PKU2U_CERT_FAILURE		SSPI_STATUS(0x80090362)
#define SEC_E_MUTUAL_AUTH_FAILED		SSPI_STATUS(0x80090363)
#define SEC_I_MESSAGE_FRAGMENT			SSPI_STATUS(0x00090364)
#define SEC_E_ONLY_HTTPS_ALLOWED		SSPI_STATUS(0x80090365)
#define SEC_I_CONTINUE_NEEDED_MESSAGE_OK	SSPI_STATUS(0x00090366)
#define SEC_E_APPLICATION_PROTOCOL_MISMATCH	SSPI_STATUS(0x80090367)
#define SEC_I_ASYNC_CALL_PENDING		SSPI_STATUS(0x00090368)
#define SEC_E_INVALID_UPN_NAME			SSPI_STATUS(0x80090369)
#define SEC_E_EXT_BUFFER_TOO_SMALL		SSPI_STATUS(0x8009036A)
#define SEC_E_INSUFFICIENT_BUFFERS		SSPI_STATUS(0x8009036B)

#endif /* _UAPI_LINUX_SSPI_H */
