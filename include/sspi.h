/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sspi.h - the Windows Security Support Provider Interface, for Linux.
 *
 * The functions, types, flags and status codes of the Windows SDK's sspi.h
 * (plus the SECURITY_STATUS values of winerror.h/issperr.h, which come from
 * <linux/sspi.h>), with Windows' names, values, parameter lists and layouts,
 * so that a program written against Windows SSPI builds unchanged. libsspi
 * implements them on top of the sspi kernel module.
 *
 * Where this header has to differ from Windows, a comment says why. The
 * differences that matter everywhere:
 *
 *  - Windows is LLP64: its "unsigned long" is 32 bits. Every field and
 *    parameter that Windows declares as (unsigned) long is ULONG/LONG here,
 *    which are exactly 32 bits, so structures have the Windows layout for the
 *    same pointer size.
 *  - SEC_WCHAR (and WCHAR) is char16_t: a UTF-16 code unit, as on Windows, so
 *    that u"NTLM" is the counterpart of L"NTLM". It is not wchar_t, which is
 *    32 bits on Linux.
 *  - SEC_ENTRY (__stdcall on 32-bit Windows) is empty: Linux has one calling
 *    convention.
 *  - Handles hold ULONG_PTR, that is pointer-sized integers, as on Windows.
 *
 * Compiles as C89 and later (char16_t from <uchar.h>; the anonymous struct
 * marked __extension__ before C11) and as C++11 and later, and in C beside
 * WinPR's <winpr/wtypes.h> (C11 allows a typedef twice). It has no LUID,
 * which no declaration here needs: winnt.h has it (WinPR's wtypes.h too).
 * selftests/libsspi/headers_test.sh checks each.
 */
#ifndef LIBSSPI_SSPI_H
#define LIBSSPI_SSPI_H

#include <stddef.h>
#include <stdint.h>
#include <uchar.h>

#include <linux/sspi.h>	/* SEC_E_* and SEC_I_* status values */

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Windows base types used by the SSPI declarations ------------------- */

/*
 * The minimum of windef.h/winnt.h that the declarations below need, with the
 * sizes Windows gives them.
 */
typedef unsigned char BYTE;
typedef unsigned char UCHAR;
typedef unsigned char BOOLEAN;
typedef char CHAR;
typedef uint16_t USHORT;
typedef int32_t LONG;		/* 32-bit, as on Windows, not C's long */
typedef uint32_t ULONG;		/* 32-bit, as on Windows, not C's long */
typedef LONG *PLONG;
typedef ULONG *PULONG;
typedef uintptr_t ULONG_PTR;
typedef void *PVOID;
typedef char *LPSTR;
typedef const char *LPCSTR;
typedef char16_t WCHAR;		/* UTF-16 code unit; see SEC_WCHAR */
typedef WCHAR *LPWSTR;
typedef const WCHAR *LPCWSTR;

#ifndef __SECSTATUS_DEFINED__
typedef LONG SECURITY_STATUS;	/* same type as the UAPI's __s32 */
#define __SECSTATUS_DEFINED__
#endif

/* Success of a SECURITY_STATUS: SEC_E_OK and every SEC_I_*. */
#define SEC_SUCCESS(Status)	((Status) >= 0)

/* ---- Calling convention and strings ------------------------------------- */

#define SEC_ENTRY		/* __stdcall on Windows; Linux has one ABI */
#define SEC_FAR
#define __SEC_FAR		SEC_FAR

typedef CHAR SEC_CHAR;
/*
 * char16_t, not wchar_t: SSPI strings are UTF-16 (what Windows' 16-bit
 * wchar_t holds). In C, char16_t is uint_least16_t, that is unsigned short;
 * in C++ it is the distinct type of u"" literals.
 */
typedef char16_t SEC_WCHAR;

typedef SEC_CHAR *SECURITY_PSTR;
typedef const SEC_CHAR *SECURITY_PCSTR;

/* TEXT() for SSPI strings: u"..." where Windows would make L"...". */
#ifdef UNICODE
#define SEC_TEXT(s)		u##s
#else
#define SEC_TEXT(s)		s
#endif

/* A counted UTF-16 string (UNICODE_STRING); Length counts bytes. */
typedef struct _SECURITY_STRING {
	USHORT Length;
	USHORT MaximumLength;
	USHORT *Buffer;
} SECURITY_STRING, *PSECURITY_STRING;

/* ---- Handles ------------------------------------------------------------- */

typedef struct _SecHandle {
	ULONG_PTR dwLower;
	ULONG_PTR dwUpper;
} SecHandle, *PSecHandle;

typedef SecHandle CredHandle;
typedef PSecHandle PCredHandle;
typedef SecHandle CtxtHandle;
typedef PSecHandle PCtxtHandle;

/*
 * As on Windows, SecInvalidateHandle() expands to a statement with its own
 * semicolon, and an invalid handle has both halves all-ones.
 */
#define SecInvalidateHandle(x) \
	((PSecHandle)(x))->dwLower = ((PSecHandle)(x))->dwUpper = \
		((ULONG_PTR)((intptr_t)-1));
#define SecIsValidHandle(x) \
	((((PSecHandle)(x))->dwLower != ((ULONG_PTR)((intptr_t)-1))) && \
	 (((PSecHandle)(x))->dwUpper != ((ULONG_PTR)((intptr_t)-1))))
#define SEC_DELETED_HANDLE	((ULONG_PTR)(-2))

/* ---- Time ---------------------------------------------------------------- */

/*
 * SECURITY_INTEGER is Windows' LARGE_INTEGER: a signed 64-bit count of
 * 100-nanosecond intervals since 1601-01-01 UTC, also reachable as its two
 * 32-bit halves (anonymously or through .u). The halves follow the host's
 * byte order so that QuadPart and LowPart/HighPart always agree.
 */
#if defined(__GNUC__)
#define LIBSSPI_NAMELESS_ __extension__	/* C++ has no anonymous structs */
#else
#define LIBSSPI_NAMELESS_
#endif
typedef union _SECURITY_INTEGER_UNION {
	LIBSSPI_NAMELESS_ struct {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		LONG HighPart;
		ULONG LowPart;
#else
		ULONG LowPart;
		LONG HighPart;
#endif
	};
	struct {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		LONG HighPart;
		ULONG LowPart;
#else
		ULONG LowPart;
		LONG HighPart;
#endif
	} u;
	int64_t QuadPart;
} SECURITY_INTEGER, *PSECURITY_INTEGER;
#undef LIBSSPI_NAMELESS_

typedef SECURITY_INTEGER TimeStamp;
typedef SECURITY_INTEGER *PTimeStamp;

/* ---- Packages ------------------------------------------------------------ */

typedef struct _SecPkgInfoA {
	ULONG fCapabilities;	/* SECPKG_FLAG_* */
	USHORT wVersion;
	USHORT wRPCID;		/* DCE RPC id, SECPKG_ID_NONE if none */
	ULONG cbMaxToken;	/* largest token the package makes */
	SEC_CHAR *Name;
	SEC_CHAR *Comment;
} SecPkgInfoA, *PSecPkgInfoA;

typedef struct _SecPkgInfoW {
	ULONG fCapabilities;
	USHORT wVersion;
	USHORT wRPCID;
	ULONG cbMaxToken;
	SEC_WCHAR *Name;
	SEC_WCHAR *Comment;
} SecPkgInfoW, *PSecPkgInfoW;

#ifdef UNICODE
#define SecPkgInfo		SecPkgInfoW
#define PSecPkgInfo		PSecPkgInfoW
#else
#define SecPkgInfo		SecPkgInfoA
#define PSecPkgInfo		PSecPkgInfoA
#endif

/* SecPkgInfo.fCapabilities */
#define SECPKG_FLAG_INTEGRITY			0x00000001
#define SECPKG_FLAG_PRIVACY			0x00000002
#define SECPKG_FLAG_TOKEN_ONLY			0x00000004
#define SECPKG_FLAG_DATAGRAM			0x00000008
#define SECPKG_FLAG_CONNECTION			0x00000010
#define SECPKG_FLAG_MULTI_REQUIRED		0x00000020
#define SECPKG_FLAG_CLIENT_ONLY			0x00000040
#define SECPKG_FLAG_EXTENDED_ERROR		0x00000080
#define SECPKG_FLAG_IMPERSONATION		0x00000100
#define SECPKG_FLAG_ACCEPT_WIN32_NAME		0x00000200
#define SECPKG_FLAG_STREAM			0x00000400
#define SECPKG_FLAG_NEGOTIABLE			0x00000800
#define SECPKG_FLAG_GSS_COMPATIBLE		0x00001000
#define SECPKG_FLAG_LOGON			0x00002000
#define SECPKG_FLAG_ASCII_BUFFERS		0x00004000
#define SECPKG_FLAG_FRAGMENT			0x00008000
#define SECPKG_FLAG_MUTUAL_AUTH			0x00010000
#define SECPKG_FLAG_DELEGATION			0x00020000
#define SECPKG_FLAG_READONLY_WITH_CHECKSUM	0x00040000
#define SECPKG_FLAG_RESTRICTED_TOKENS		0x00080000
#define SECPKG_FLAG_NEGO_EXTENDER		0x00100000
#define SECPKG_FLAG_NEGOTIABLE2			0x00200000
#define SECPKG_FLAG_APPCONTAINER_PASSTHROUGH	0x00400000
#define SECPKG_FLAG_APPCONTAINER_CHECKS		0x00800000
#define SECPKG_FLAG_CREDENTIAL_ISOLATION_ENABLED 0x01000000
#define SECPKG_FLAG_APPLY_LOOPBACK		0x02000000

#define SECPKG_ID_NONE				0xFFFF

#define SECPKG_CALLFLAGS_APPCONTAINER			0x00000001
#define SECPKG_CALLFLAGS_APPCONTAINER_AUTHCAPABLE	0x00000002
#define SECPKG_CALLFLAGS_FORCE_SUPPLIED			0x00000004
#define SECPKG_CALLFLAGS_APPCONTAINER_UPNCAPABLE	0x00000008

/* Package names. NTLMSP_NAME is wide whatever UNICODE says, as on Windows. */
#ifndef NTLMSP_NAME_A
#define NTLMSP_NAME_A		"NTLM"
#define NTLMSP_NAME		u"NTLM"
#endif
#define NTLMSP_NAME_W		u"NTLM"	/* not in the SDK; spelled out for symmetry */

#define NEGOSSP_NAME_A		"Negotiate"
#define NEGOSSP_NAME_W		u"Negotiate"
#ifdef UNICODE
#define NEGOSSP_NAME		NEGOSSP_NAME_W
#else
#define NEGOSSP_NAME		NEGOSSP_NAME_A
#endif

/* ---- Buffers ------------------------------------------------------------- */

typedef struct _SecBuffer {
	ULONG cbBuffer;		/* bytes at pvBuffer */
	ULONG BufferType;	/* SECBUFFER_* type, optionally | attribute flags */
	void *pvBuffer;
} SecBuffer, *PSecBuffer;

typedef struct _SecBufferDesc {
	ULONG ulVersion;	/* SECBUFFER_VERSION */
	ULONG cBuffers;
	PSecBuffer pBuffers;
} SecBufferDesc, *PSecBufferDesc;

#define SECBUFFER_VERSION			0

#define SECBUFFER_EMPTY				0
#define SECBUFFER_DATA				1
#define SECBUFFER_TOKEN				2
#define SECBUFFER_PKG_PARAMS			3
#define SECBUFFER_MISSING			4
#define SECBUFFER_EXTRA				5
#define SECBUFFER_STREAM_TRAILER		6
#define SECBUFFER_STREAM_HEADER			7
#define SECBUFFER_NEGOTIATION_INFO		8
#define SECBUFFER_PADDING			9
#define SECBUFFER_STREAM			10
#define SECBUFFER_MECHLIST			11
#define SECBUFFER_MECHLIST_SIGNATURE		12
#define SECBUFFER_TARGET			13
#define SECBUFFER_CHANNEL_BINDINGS		14
#define SECBUFFER_CHANGE_PASS_RESPONSE		15
#define SECBUFFER_TARGET_HOST			16
#define SECBUFFER_ALERT				17
#define SECBUFFER_APPLICATION_PROTOCOLS		18
#define SECBUFFER_SRTP_PROTECTION_PROFILES	19
#define SECBUFFER_SRTP_MASTER_KEY_IDENTIFIER	20
#define SECBUFFER_TOKEN_BINDING			21
#define SECBUFFER_PRESHARED_KEY			22
#define SECBUFFER_PRESHARED_KEY_IDENTITY	23
#define SECBUFFER_DTLS_MTU			24
#define SECBUFFER_SEND_GENERIC_TLS_EXTENSION	25
#define SECBUFFER_SUBSCRIBE_GENERIC_TLS_EXTENSION 26
#define SECBUFFER_FLAGS				27
#define SECBUFFER_TRAFFIC_SECRETS		28
#define SECBUFFER_CERTIFICATE_REQUEST_CONTEXT	29
#define SECBUFFER_CHANNEL_BINDINGS_RESULT	30
#define SECBUFFER_APP_SESSION_STATE		31
#define SECBUFFER_SESSION_TICKET		32

/* Attribute flags or'ed into SecBuffer.BufferType */
#define SECBUFFER_ATTRMASK			0xF0000000
#define SECBUFFER_READONLY			0x80000000
#define SECBUFFER_READONLY_WITH_CHECKSUM	0x10000000
#define SECBUFFER_RESERVED			0x60000000

/* SECBUFFER_NEGOTIATION_INFO */
typedef struct _SEC_NEGOTIATION_INFO {
	ULONG Size;
	ULONG NameLength;
	SEC_WCHAR *Name;
	void *Reserved;
} SEC_NEGOTIATION_INFO, *PSEC_NEGOTIATION_INFO;

/*
 * SECBUFFER_CHANNEL_BINDINGS: this header, followed by the data its offsets
 * (from the start of the structure) point to.
 */
typedef struct _SEC_CHANNEL_BINDINGS {
	ULONG dwInitiatorAddrType;
	ULONG cbInitiatorLength;
	ULONG dwInitiatorOffset;
	ULONG dwAcceptorAddrType;
	ULONG cbAcceptorLength;
	ULONG dwAcceptorOffset;
	ULONG cbApplicationDataLength;
	ULONG dwApplicationDataOffset;
} SEC_CHANNEL_BINDINGS, *PSEC_CHANNEL_BINDINGS;

/* SECBUFFER_APPLICATION_PROTOCOLS (TLS ALPN/NPN; no NTLM use) */
typedef enum _SEC_APPLICATION_PROTOCOL_NEGOTIATION_EXT {
	SecApplicationProtocolNegotiationExt_None,
	SecApplicationProtocolNegotiationExt_NPN,
	SecApplicationProtocolNegotiationExt_ALPN
} SEC_APPLICATION_PROTOCOL_NEGOTIATION_EXT,
	*PSEC_APPLICATION_PROTOCOL_NEGOTIATION_EXT;

typedef struct _SEC_APPLICATION_PROTOCOL_LIST {
	SEC_APPLICATION_PROTOCOL_NEGOTIATION_EXT ProtoNegoExt;
	USHORT ProtocolListSize;
	UCHAR ProtocolList[1];		/* ANYSIZE_ARRAY */
} SEC_APPLICATION_PROTOCOL_LIST, *PSEC_APPLICATION_PROTOCOL_LIST;

typedef struct _SEC_APPLICATION_PROTOCOLS {
	ULONG ProtocolListsSize;
	SEC_APPLICATION_PROTOCOL_LIST ProtocolLists[1];	/* ANYSIZE_ARRAY */
} SEC_APPLICATION_PROTOCOLS, *PSEC_APPLICATION_PROTOCOLS;

/* ---- Data representation and credential use ------------------------------ */

#define SECURITY_NATIVE_DREP			0x00000010
#define SECURITY_NETWORK_DREP			0x00000000

/* AcquireCredentialsHandle fCredentialUse */
#define SECPKG_CRED_INBOUND			0x00000001
#define SECPKG_CRED_OUTBOUND			0x00000002
#define SECPKG_CRED_BOTH			0x00000003
#define SECPKG_CRED_DEFAULT			0x00000004
#define SECPKG_CRED_RESERVED			0xF0000000
#define SECPKG_CRED_AUTOLOGON_RESTRICTED	0x00000010
#define SECPKG_CRED_PROCESS_POLICY_ONLY		0x00000020

/* ---- InitializeSecurityContext fContextReq / *pfContextAttr -------------- */

#define ISC_REQ_DELEGATE			0x00000001
#define ISC_REQ_MUTUAL_AUTH			0x00000002
#define ISC_REQ_REPLAY_DETECT			0x00000004
#define ISC_REQ_SEQUENCE_DETECT			0x00000008
#define ISC_REQ_CONFIDENTIALITY			0x00000010
#define ISC_REQ_USE_SESSION_KEY			0x00000020
#define ISC_REQ_PROMPT_FOR_CREDS		0x00000040
#define ISC_REQ_USE_SUPPLIED_CREDS		0x00000080
#define ISC_REQ_ALLOCATE_MEMORY			0x00000100
#define ISC_REQ_USE_DCE_STYLE			0x00000200
#define ISC_REQ_DATAGRAM			0x00000400
#define ISC_REQ_CONNECTION			0x00000800
#define ISC_REQ_CALL_LEVEL			0x00001000
#define ISC_REQ_FRAGMENT_SUPPLIED		0x00002000
#define ISC_REQ_EXTENDED_ERROR			0x00004000
#define ISC_REQ_STREAM				0x00008000
#define ISC_REQ_INTEGRITY			0x00010000
#define ISC_REQ_IDENTIFY			0x00020000
#define ISC_REQ_NULL_SESSION			0x00040000
#define ISC_REQ_MANUAL_CRED_VALIDATION		0x00080000
#define ISC_REQ_RESERVED1			0x00100000
#define ISC_REQ_FRAGMENT_TO_FIT			0x00200000
#define ISC_REQ_FORWARD_CREDENTIALS		0x00400000
#define ISC_REQ_NO_INTEGRITY			0x00800000
#define ISC_REQ_USE_HTTP_STYLE			0x01000000
#define ISC_REQ_UNVERIFIED_TARGET_NAME		0x20000000
#define ISC_REQ_CONFIDENTIALITY_ONLY		0x40000000
/*
 * The SDK's 64-bit ISC_REQ_MESSAGES, ISC_REQ_DEFERRED_CRED_VALIDATION and
 * ISC_REQ_NO_POST_HANDSHAKE_AUTH (and their ISC_RET_ twins) are left out:
 * they do not fit the ULONG fContextReq, and only Schannel knows them.
 */

#define ISC_RET_DELEGATE			0x00000001
#define ISC_RET_MUTUAL_AUTH			0x00000002
#define ISC_RET_REPLAY_DETECT			0x00000004
#define ISC_RET_SEQUENCE_DETECT			0x00000008
#define ISC_RET_CONFIDENTIALITY			0x00000010
#define ISC_RET_USE_SESSION_KEY			0x00000020
#define ISC_RET_USED_COLLECTED_CREDS		0x00000040
#define ISC_RET_USED_SUPPLIED_CREDS		0x00000080
#define ISC_RET_ALLOCATED_MEMORY		0x00000100
#define ISC_RET_USED_DCE_STYLE			0x00000200
#define ISC_RET_DATAGRAM			0x00000400
#define ISC_RET_CONNECTION			0x00000800
#define ISC_RET_INTERMEDIATE_RETURN		0x00001000
#define ISC_RET_CALL_LEVEL			0x00002000
#define ISC_RET_EXTENDED_ERROR			0x00004000
#define ISC_RET_STREAM				0x00008000
#define ISC_RET_INTEGRITY			0x00010000
#define ISC_RET_IDENTIFY			0x00020000
#define ISC_RET_NULL_SESSION			0x00040000
#define ISC_RET_MANUAL_CRED_VALIDATION		0x00080000
#define ISC_RET_RESERVED1			0x00100000
#define ISC_RET_FRAGMENT_ONLY			0x00200000
#define ISC_RET_FORWARD_CREDENTIALS		0x00400000
#define ISC_RET_USED_HTTP_STYLE			0x01000000
#define ISC_RET_NO_ADDITIONAL_TOKEN		0x02000000
#define ISC_RET_REAUTHENTICATION		0x08000000
#define ISC_RET_CONFIDENTIALITY_ONLY		0x40000000

/* ---- AcceptSecurityContext fContextReq / *pfContextAttr ------------------ */

#define ASC_REQ_DELEGATE			0x00000001
#define ASC_REQ_MUTUAL_AUTH			0x00000002
#define ASC_REQ_REPLAY_DETECT			0x00000004
#define ASC_REQ_SEQUENCE_DETECT			0x00000008
#define ASC_REQ_CONFIDENTIALITY			0x00000010
#define ASC_REQ_USE_SESSION_KEY			0x00000020
#define ASC_REQ_SESSION_TICKET			0x00000040
#define ASC_REQ_ALLOCATE_MEMORY			0x00000100
#define ASC_REQ_USE_DCE_STYLE			0x00000200
#define ASC_REQ_DATAGRAM			0x00000400
#define ASC_REQ_CONNECTION			0x00000800
#define ASC_REQ_CALL_LEVEL			0x00001000
#define ASC_REQ_FRAGMENT_SUPPLIED		0x00002000
#define ASC_REQ_EXTENDED_ERROR			0x00008000
#define ASC_REQ_STREAM				0x00010000
#define ASC_REQ_INTEGRITY			0x00020000
#define ASC_REQ_LICENSING			0x00040000
#define ASC_REQ_IDENTIFY			0x00080000
#define ASC_REQ_ALLOW_NULL_SESSION		0x00100000
#define ASC_REQ_ALLOW_NON_USER_LOGONS		0x00200000
#define ASC_REQ_ALLOW_CONTEXT_REPLAY		0x00400000
#define ASC_REQ_FRAGMENT_TO_FIT			0x00800000
#define ASC_REQ_NO_TOKEN			0x01000000
#define ASC_REQ_PROXY_BINDINGS			0x04000000
#define ASC_REQ_ALLOW_MISSING_BINDINGS		0x10000000
/* ASC_REQ_MESSAGES / ASC_RET_MESSAGES: 64-bit, see ISC_REQ_MESSAGES above. */

#define ASC_RET_DELEGATE			0x00000001
#define ASC_RET_MUTUAL_AUTH			0x00000002
#define ASC_RET_REPLAY_DETECT			0x00000004
#define ASC_RET_SEQUENCE_DETECT			0x00000008
#define ASC_RET_CONFIDENTIALITY			0x00000010
#define ASC_RET_USE_SESSION_KEY			0x00000020
#define ASC_RET_SESSION_TICKET			0x00000040
#define ASC_RET_ALLOCATED_MEMORY		0x00000100
#define ASC_RET_USED_DCE_STYLE			0x00000200
#define ASC_RET_DATAGRAM			0x00000400
#define ASC_RET_CONNECTION			0x00000800
#define ASC_RET_CALL_LEVEL			0x00002000
#define ASC_RET_THIRD_LEG_FAILED		0x00004000
#define ASC_RET_EXTENDED_ERROR			0x00008000
#define ASC_RET_STREAM				0x00010000
#define ASC_RET_INTEGRITY			0x00020000
#define ASC_RET_LICENSING			0x00040000
#define ASC_RET_IDENTIFY			0x00080000
#define ASC_RET_NULL_SESSION			0x00100000
#define ASC_RET_ALLOW_NON_USER_LOGONS		0x00200000
#define ASC_RET_ALLOW_CONTEXT_REPLAY		0x00400000
#define ASC_RET_FRAGMENT_ONLY			0x00800000
#define ASC_RET_NO_TOKEN			0x01000000
#define ASC_RET_NO_ADDITIONAL_TOKEN		0x02000000
#define ASC_RET_NO_PROXY_BINDINGS		0x04000000
#define ASC_RET_MISSING_BINDINGS		0x10000000

/* ---- Credential attributes (QueryCredentialsAttributes) ------------------ */

#define SECPKG_CRED_ATTR_NAMES			1
#define SECPKG_CRED_ATTR_SSI_PROVIDER		2
#define SECPKG_CRED_ATTR_KDC_PROXY_SETTINGS	3
#define SECPKG_CRED_ATTR_KDC_NETWORK_SETTINGS	3
#define SECPKG_CRED_ATTR_CERT			4
#define SECPKG_CRED_ATTR_PAC_BYPASS		5

/*
 * sspi's own, for SetCredentialsAttributes on an NTLM credential (Windows
 * has no such attribute: there LmCompatibilityLevel is machine-wide, in
 * HKLM\SYSTEM\CurrentControlSet\Control\Lsa). pBuffer points to a ULONG,
 * cbBuffer is sizeof(ULONG): the LAN Manager authentication level, 0 to 5
 * with Windows' meanings, of the contexts made with the credential from
 * then on (contexts already made keep theirs), or
 * SECPKG_NTLM_LM_COMPATIBILITY_DEFAULT to follow the module parameter
 * lm_compatibility (default 5) again, which is where every credential
 * starts. As a client (InitializeSecurityContext):
 *   0, 1  LM and NTLMv1 responses; the NTLM2 session response when the
 *         server offers extended session security
 *   2     the NTLMv1 response only (or the NTLM2 session response)
 *   3-5   NTLMv2
 * As a server (AcceptSecurityContext): 0-4 accept NTLMv2, NTLMv1 and the
 * NTLM2 session response, 5 only NTLMv2. A response is always checked
 * against the account's password; an LM response alone is never accepted
 * (the account store keeps no LM hash). NTLMv1 cannot carry channel
 * bindings: an acceptor given SECBUFFER_CHANNEL_BINDINGS refuses it.
 * Returns SEC_E_INVALID_PARAMETER for another level or buffer size.
 */
#define SECPKG_CRED_ATTR_NTLM_LM_COMPATIBILITY	0x80000100
#define SECPKG_NTLM_LM_COMPATIBILITY_DEFAULT	0xffffffff

/*
 * sspi's own as well: the minimum session security of the contexts made
 * with an NTLM credential from then on, what Windows keeps machine-wide as
 * NtlmMinClientSec (for clients) and NtlmMinServerSec (for servers) in
 * HKLM\SYSTEM\CurrentControlSet\Control\Lsa\MSV1_0. pBuffer points to a
 * ULONG, cbBuffer is sizeof(ULONG): an OR of the bits below, with the
 * registry values' meanings, each of which the handshake must negotiate;
 * or SECPKG_NTLM_MIN_SESSION_SECURITY_DEFAULT to follow the module
 * parameters min_client_sec and min_server_sec again (default, as on
 * Windows since Windows 7: 128-bit keys only). A client whose CHALLENGE,
 * or a server whose NEGOTIATE or AUTHENTICATE falls short gets
 * SEC_E_UNSUPPORTED_FUNCTION (MS-NLMP 3.1.5.1.2, 3.2.5.1.1). Returns
 * SEC_E_INVALID_PARAMETER for other bits or another buffer size.
 */
#define SECPKG_CRED_ATTR_NTLM_MIN_SESSION_SECURITY	0x80000101
#define SECPKG_NTLM_MIN_SESSION_SECURITY_DEFAULT	0xffffffff
#define NTLM_MIN_SEC_INTEGRITY		0x00000010	/* message integrity (sign) */
#define NTLM_MIN_SEC_CONFIDENTIALITY	0x00000020	/* message confidentiality (seal) */
#define NTLM_MIN_SEC_NTLM2		0x00080000	/* NTLMv2 (extended) session security */
#define NTLM_MIN_SEC_128BIT		0x20000000	/* 128-bit keys */

typedef struct _SecPkgCredentials_NamesA {
	SEC_CHAR *sUserName;
} SecPkgCredentials_NamesA, *PSecPkgCredentials_NamesA;

typedef struct _SecPkgCredentials_NamesW {
	SEC_WCHAR *sUserName;
} SecPkgCredentials_NamesW, *PSecPkgCredentials_NamesW;

typedef struct _SecPkgCredentials_SSIProviderA {
	SEC_CHAR *sProviderName;
	ULONG ProviderInfoLength;
	char *ProviderInfo;
} SecPkgCredentials_SSIProviderA, *PSecPkgCredentials_SSIProviderA;

typedef struct _SecPkgCredentials_SSIProviderW {
	SEC_WCHAR *sProviderName;
	ULONG ProviderInfoLength;
	char *ProviderInfo;
} SecPkgCredentials_SSIProviderW, *PSecPkgCredentials_SSIProviderW;

#define KDC_PROXY_SETTINGS_V1			1
#define KDC_PROXY_SETTINGS_FLAGS_FORCEPROXY	0x1

typedef struct _SecPkgCredentials_KdcProxySettingsW {
	ULONG Version;
	ULONG Flags;
	USHORT ProxyServerOffset;
	USHORT ProxyServerLength;
	USHORT ClientTlsCredOffset;
	USHORT ClientTlsCredLength;
} SecPkgCredentials_KdcProxySettingsW, *PSecPkgCredentials_KdcProxySettingsW;

typedef struct _SecPkgCredentials_Cert {
	ULONG EncodedCertSize;
	UCHAR *EncodedCert;
} SecPkgCredentials_Cert, *PSecPkgCredentials_Cert;

#ifdef UNICODE
#define SecPkgCredentials_Names		SecPkgCredentials_NamesW
#define PSecPkgCredentials_Names	PSecPkgCredentials_NamesW
#define SecPkgCredentials_SSIProvider	SecPkgCredentials_SSIProviderW
#define PSecPkgCredentials_SSIProvider	PSecPkgCredentials_SSIProviderW
#else
#define SecPkgCredentials_Names		SecPkgCredentials_NamesA
#define PSecPkgCredentials_Names	PSecPkgCredentials_NamesA
#define SecPkgCredentials_SSIProvider	SecPkgCredentials_SSIProviderA
#define PSecPkgCredentials_SSIProvider	PSecPkgCredentials_SSIProviderA
#endif

/* ---- Context attributes (QueryContextAttributes) ------------------------- */

#define SECPKG_ATTR_SIZES			0
#define SECPKG_ATTR_NAMES			1
#define SECPKG_ATTR_LIFESPAN			2
#define SECPKG_ATTR_DCE_INFO			3
#define SECPKG_ATTR_STREAM_SIZES		4
#define SECPKG_ATTR_KEY_INFO			5
#define SECPKG_ATTR_AUTHORITY			6
#define SECPKG_ATTR_PROTO_INFO			7
#define SECPKG_ATTR_PASSWORD_EXPIRY		8
#define SECPKG_ATTR_SESSION_KEY			9
#define SECPKG_ATTR_PACKAGE_INFO		10
#define SECPKG_ATTR_USER_FLAGS			11
#define SECPKG_ATTR_NEGOTIATION_INFO		12
#define SECPKG_ATTR_NATIVE_NAMES		13
#define SECPKG_ATTR_FLAGS			14
#define SECPKG_ATTR_USE_VALIDATED		15
#define SECPKG_ATTR_CREDENTIAL_NAME		16
#define SECPKG_ATTR_TARGET_INFORMATION		17
#define SECPKG_ATTR_ACCESS_TOKEN		18
#define SECPKG_ATTR_TARGET			19
#define SECPKG_ATTR_AUTHENTICATION_ID		20
#define SECPKG_ATTR_LOGOFF_TIME			21
#define SECPKG_ATTR_NEGO_KEYS			22
#define SECPKG_ATTR_PROMPTING_NEEDED		24
#define SECPKG_ATTR_UNIQUE_BINDINGS		25
#define SECPKG_ATTR_ENDPOINT_BINDINGS		26
#define SECPKG_ATTR_CLIENT_SPECIFIED_TARGET	27
#define SECPKG_ATTR_LAST_CLIENT_TOKEN_STATUS	30
#define SECPKG_ATTR_NEGO_PKG_INFO		31
#define SECPKG_ATTR_NEGO_STATUS			32
#define SECPKG_ATTR_CONTEXT_DELETED		33
#define SECPKG_ATTR_DTLS_MTU			34
#define SECPKG_ATTR_DATAGRAM_SIZES		SECPKG_ATTR_STREAM_SIZES
#define SECPKG_ATTR_APPLICATION_PROTOCOL	35
#define SECPKG_ATTR_NEGOTIATED_TLS_EXTENSIONS	36
#define SECPKG_ATTR_IS_LOOPBACK			37
#define SECPKG_ATTR_SUBJECT_SECURITY_ATTRIBUTES	128

#define SECPKG_ATTR_NEGO_INFO_FLAG_NO_KERBEROS	0x1
#define SECPKG_ATTR_NEGO_INFO_FLAG_NO_NTLM	0x2

/* SECPKG_ATTR_NEGOTIATION_INFO NegotiationState */
#define SECPKG_NEGOTIATION_COMPLETE		0
#define SECPKG_NEGOTIATION_OPTIMISTIC		1
#define SECPKG_NEGOTIATION_IN_PROGRESS		2
#define SECPKG_NEGOTIATION_DIRECT		3
#define SECPKG_NEGOTIATION_TRY_MULTICRED	4

/* SECPKG_ATTR_SIZES */
typedef struct _SecPkgContext_Sizes {
	ULONG cbMaxToken;
	ULONG cbMaxSignature;
	ULONG cbBlockSize;
	ULONG cbSecurityTrailer;
} SecPkgContext_Sizes, *PSecPkgContext_Sizes;

/* SECPKG_ATTR_STREAM_SIZES, SECPKG_ATTR_DATAGRAM_SIZES */
typedef struct _SecPkgContext_StreamSizes {
	ULONG cbHeader;
	ULONG cbTrailer;
	ULONG cbMaximumMessage;
	ULONG cBuffers;
	ULONG cbBlockSize;
} SecPkgContext_StreamSizes, *PSecPkgContext_StreamSizes;

typedef SecPkgContext_StreamSizes SecPkgContext_DatagramSizes;
typedef PSecPkgContext_StreamSizes PSecPkgContext_DatagramSizes;

/* SECPKG_ATTR_NAMES */
typedef struct _SecPkgContext_NamesA {
	SEC_CHAR *sUserName;
} SecPkgContext_NamesA, *PSecPkgContext_NamesA;

typedef struct _SecPkgContext_NamesW {
	SEC_WCHAR *sUserName;
} SecPkgContext_NamesW, *PSecPkgContext_NamesW;

/* SECPKG_ATTR_LAST_CLIENT_TOKEN_STATUS */
typedef enum _SECPKG_ATTR_LCT_STATUS {
	SecPkgAttrLastClientTokenYes,
	SecPkgAttrLastClientTokenNo,
	SecPkgAttrLastClientTokenMaybe
} SECPKG_ATTR_LCT_STATUS, *PSECPKG_ATTR_LCT_STATUS;

typedef struct _SecPkgContext_LastClientTokenStatus {
	SECPKG_ATTR_LCT_STATUS LastClientTokenStatus;
} SecPkgContext_LastClientTokenStatus, *PSecPkgContext_LastClientTokenStatus;

/* SECPKG_ATTR_LIFESPAN */
typedef struct _SecPkgContext_Lifespan {
	TimeStamp tsStart;
	TimeStamp tsExpiry;
} SecPkgContext_Lifespan, *PSecPkgContext_Lifespan;

/* SECPKG_ATTR_DCE_INFO */
typedef struct _SecPkgContext_DceInfo {
	ULONG AuthzSvc;
	void *pPac;
} SecPkgContext_DceInfo, *PSecPkgContext_DceInfo;

/* SECPKG_ATTR_KEY_INFO */
typedef struct _SecPkgContext_KeyInfoA {
	SEC_CHAR *sSignatureAlgorithmName;
	SEC_CHAR *sEncryptAlgorithmName;
	ULONG KeySize;
	ULONG SignatureAlgorithm;
	ULONG EncryptAlgorithm;
} SecPkgContext_KeyInfoA, *PSecPkgContext_KeyInfoA;

typedef struct _SecPkgContext_KeyInfoW {
	SEC_WCHAR *sSignatureAlgorithmName;
	SEC_WCHAR *sEncryptAlgorithmName;
	ULONG KeySize;
	ULONG SignatureAlgorithm;
	ULONG EncryptAlgorithm;
} SecPkgContext_KeyInfoW, *PSecPkgContext_KeyInfoW;

/* SECPKG_ATTR_AUTHORITY */
typedef struct _SecPkgContext_AuthorityA {
	SEC_CHAR *sAuthorityName;
} SecPkgContext_AuthorityA, *PSecPkgContext_AuthorityA;

typedef struct _SecPkgContext_AuthorityW {
	SEC_WCHAR *sAuthorityName;
} SecPkgContext_AuthorityW, *PSecPkgContext_AuthorityW;

/* SECPKG_ATTR_PROTO_INFO */
typedef struct _SecPkgContext_ProtoInfoA {
	SEC_CHAR *sProtocolName;
	ULONG majorVersion;
	ULONG minorVersion;
} SecPkgContext_ProtoInfoA, *PSecPkgContext_ProtoInfoA;

typedef struct _SecPkgContext_ProtoInfoW {
	SEC_WCHAR *sProtocolName;
	ULONG majorVersion;
	ULONG minorVersion;
} SecPkgContext_ProtoInfoW, *PSecPkgContext_ProtoInfoW;

/* SECPKG_ATTR_PASSWORD_EXPIRY */
typedef struct _SecPkgContext_PasswordExpiry {
	TimeStamp tsPasswordExpires;
} SecPkgContext_PasswordExpiry, *PSecPkgContext_PasswordExpiry;

/* SECPKG_ATTR_LOGOFF_TIME */
typedef struct _SecPkgContext_LogoffTime {
	TimeStamp tsLogoffTime;
} SecPkgContext_LogoffTime, *PSecPkgContext_LogoffTime;

/* SECPKG_ATTR_SESSION_KEY */
typedef struct _SecPkgContext_SessionKey {
	ULONG SessionKeyLength;
	UCHAR *SessionKey;
} SecPkgContext_SessionKey, *PSecPkgContext_SessionKey;

/* SECPKG_ATTR_NEGO_KEYS */
typedef struct _SecPkgContext_NegoKeys {
	ULONG KeyType;
	USHORT KeyLength;
	UCHAR *KeyValue;
	ULONG VerifyKeyType;
	USHORT VerifyKeyLength;
	UCHAR *VerifyKeyValue;
} SecPkgContext_NegoKeys, *PSecPkgContext_NegoKeys;

/* SECPKG_ATTR_PACKAGE_INFO */
typedef struct _SecPkgContext_PackageInfoA {
	PSecPkgInfoA PackageInfo;
} SecPkgContext_PackageInfoA, *PSecPkgContext_PackageInfoA;

typedef struct _SecPkgContext_PackageInfoW {
	PSecPkgInfoW PackageInfo;
} SecPkgContext_PackageInfoW, *PSecPkgContext_PackageInfoW;

/* SECPKG_ATTR_USER_FLAGS */
typedef struct _SecPkgContext_UserFlags {
	ULONG UserFlags;
} SecPkgContext_UserFlags, *PSecPkgContext_UserFlags;

/* SECPKG_ATTR_FLAGS: the ISC_RET_* / ASC_RET_* flags of the context */
typedef struct _SecPkgContext_Flags {
	ULONG Flags;
} SecPkgContext_Flags, *PSecPkgContext_Flags;

/* SECPKG_ATTR_NEGOTIATION_INFO */
typedef struct _SecPkgContext_NegotiationInfoA {
	PSecPkgInfoA PackageInfo;
	ULONG NegotiationState;		/* SECPKG_NEGOTIATION_* */
} SecPkgContext_NegotiationInfoA, *PSecPkgContext_NegotiationInfoA;

typedef struct _SecPkgContext_NegotiationInfoW {
	PSecPkgInfoW PackageInfo;
	ULONG NegotiationState;
} SecPkgContext_NegotiationInfoW, *PSecPkgContext_NegotiationInfoW;

/* SECPKG_ATTR_NATIVE_NAMES */
typedef struct _SecPkgContext_NativeNamesA {
	SEC_CHAR *sClientName;
	SEC_CHAR *sServerName;
} SecPkgContext_NativeNamesA, *PSecPkgContext_NativeNamesA;

typedef struct _SecPkgContext_NativeNamesW {
	SEC_WCHAR *sClientName;
	SEC_WCHAR *sServerName;
} SecPkgContext_NativeNamesW, *PSecPkgContext_NativeNamesW;

/* SECPKG_ATTR_CREDENTIAL_NAME */
typedef struct _SecPkgContext_CredentialNameA {
	ULONG CredentialType;
	SEC_CHAR *sCredentialName;
} SecPkgContext_CredentialNameA, *PSecPkgContext_CredentialNameA;

typedef struct _SecPkgContext_CredentialNameW {
	ULONG CredentialType;
	SEC_WCHAR *sCredentialName;
} SecPkgContext_CredentialNameW, *PSecPkgContext_CredentialNameW;

/* SECPKG_ATTR_ACCESS_TOKEN */
typedef struct _SecPkgContext_AccessToken {
	void *AccessToken;
} SecPkgContext_AccessToken, *PSecPkgContext_AccessToken;

/* SECPKG_ATTR_TARGET_INFORMATION */
typedef struct _SecPkgContext_TargetInformation {
	ULONG MarshalledTargetInfoLength;
	UCHAR *MarshalledTargetInfo;
} SecPkgContext_TargetInformation, *PSecPkgContext_TargetInformation;

/* Authorization id of a SASL exchange */
typedef struct _SecPkgContext_AuthzID {
	ULONG AuthzIDLength;
	char *AuthzID;
} SecPkgContext_AuthzID, *PSecPkgContext_AuthzID;

/* SECPKG_ATTR_TARGET */
typedef struct _SecPkgContext_Target {
	ULONG TargetLength;
	char *Target;
} SecPkgContext_Target, *PSecPkgContext_Target;

/* SECPKG_ATTR_CLIENT_SPECIFIED_TARGET (wide only, as on Windows) */
typedef struct _SecPkgContext_ClientSpecifiedTarget {
	SEC_WCHAR *sTargetName;
} SecPkgContext_ClientSpecifiedTarget, *PSecPkgContext_ClientSpecifiedTarget;

/* SECPKG_ATTR_UNIQUE_BINDINGS, SECPKG_ATTR_ENDPOINT_BINDINGS */
typedef struct _SecPkgContext_Bindings {
	ULONG BindingsLength;
	SEC_CHANNEL_BINDINGS *Bindings;
} SecPkgContext_Bindings, *PSecPkgContext_Bindings;

/* SECPKG_ATTR_PROMPTING_NEEDED */
typedef enum _SECPKG_CRED_CLASS {
	SecPkgCredClass_None = 0,
	SecPkgCredClass_Ephemeral = 10,
	SecPkgCredClass_PersistedGeneric = 20,
	SecPkgCredClass_PersistedSpecific = 30,
	SecPkgCredClass_Explicit = 40
} SECPKG_CRED_CLASS, *PSECPKG_CRED_CLASS;

typedef struct _SecPkgContext_CredInfo {
	SECPKG_CRED_CLASS CredClass;
	ULONG IsPromptingNeeded;
} SecPkgContext_CredInfo, *PSecPkgContext_CredInfo;

/* SECPKG_ATTR_NEGO_PKG_INFO */
typedef struct _SecPkgContext_NegoPackageInfo {
	ULONG PackageMask;		/* SECPKG_ATTR_NEGO_INFO_FLAG_* */
} SecPkgContext_NegoPackageInfo, *PSecPkgContext_NegoPackageInfo;

/* SECPKG_ATTR_NEGO_STATUS */
typedef struct _SecPkgContext_NegoStatus {
	ULONG LastStatus;
} SecPkgContext_NegoStatus, *PSecPkgContext_NegoStatus;

/* SECPKG_ATTR_SUBJECT_SECURITY_ATTRIBUTES */
typedef struct _SecPkgContext_SubjectAttributes {
	void *AttributeInfo;
} SecPkgContext_SubjectAttributes, *PSecPkgContext_SubjectAttributes;

/* SECPKG_ATTR_APPLICATION_PROTOCOL */
typedef enum _SEC_APPLICATION_PROTOCOL_NEGOTIATION_STATUS {
	SecApplicationProtocolNegotiationStatus_None,
	SecApplicationProtocolNegotiationStatus_Success,
	SecApplicationProtocolNegotiationStatus_SelectedClientOnly
} SEC_APPLICATION_PROTOCOL_NEGOTIATION_STATUS,
	*PSEC_APPLICATION_PROTOCOL_NEGOTIATION_STATUS;

#define MAX_PROTOCOL_ID_SIZE			0xff

typedef struct _SecPkgContext_ApplicationProtocol {
	SEC_APPLICATION_PROTOCOL_NEGOTIATION_STATUS ProtoNegoStatus;
	SEC_APPLICATION_PROTOCOL_NEGOTIATION_EXT ProtoNegoExt;
	UCHAR ProtocolIdSize;
	UCHAR ProtocolId[MAX_PROTOCOL_ID_SIZE];
} SecPkgContext_ApplicationProtocol, *PSecPkgContext_ApplicationProtocol;

/* SECPKG_ATTR_NEGOTIATED_TLS_EXTENSIONS */
typedef struct _SecPkgContext_NegotiatedTlsExtensions {
	ULONG ExtensionsCount;
	USHORT *Extensions;
} SecPkgContext_NegotiatedTlsExtensions, *PSecPkgContext_NegotiatedTlsExtensions;

#ifdef UNICODE
#define SecPkgContext_Names		SecPkgContext_NamesW
#define PSecPkgContext_Names		PSecPkgContext_NamesW
#define SecPkgContext_KeyInfo		SecPkgContext_KeyInfoW
#define PSecPkgContext_KeyInfo		PSecPkgContext_KeyInfoW
#define SecPkgContext_Authority		SecPkgContext_AuthorityW
#define PSecPkgContext_Authority	PSecPkgContext_AuthorityW
#define SecPkgContext_ProtoInfo		SecPkgContext_ProtoInfoW
#define PSecPkgContext_ProtoInfo	PSecPkgContext_ProtoInfoW
#define SecPkgContext_PackageInfo	SecPkgContext_PackageInfoW
#define PSecPkgContext_PackageInfo	PSecPkgContext_PackageInfoW
#define SecPkgContext_NegotiationInfo	SecPkgContext_NegotiationInfoW
#define PSecPkgContext_NegotiationInfo	PSecPkgContext_NegotiationInfoW
#define SecPkgContext_NativeNames	SecPkgContext_NativeNamesW
#define PSecPkgContext_NativeNames	PSecPkgContext_NativeNamesW
#define SecPkgContext_CredentialName	SecPkgContext_CredentialNameW
#define PSecPkgContext_CredentialName	PSecPkgContext_CredentialNameW
#else
#define SecPkgContext_Names		SecPkgContext_NamesA
#define PSecPkgContext_Names		PSecPkgContext_NamesA
#define SecPkgContext_KeyInfo		SecPkgContext_KeyInfoA
#define PSecPkgContext_KeyInfo		PSecPkgContext_KeyInfoA
#define SecPkgContext_Authority		SecPkgContext_AuthorityA
#define PSecPkgContext_Authority	PSecPkgContext_AuthorityA
#define SecPkgContext_ProtoInfo		SecPkgContext_ProtoInfoA
#define PSecPkgContext_ProtoInfo	PSecPkgContext_ProtoInfoA
#define SecPkgContext_PackageInfo	SecPkgContext_PackageInfoA
#define PSecPkgContext_PackageInfo	PSecPkgContext_PackageInfoA
#define SecPkgContext_NegotiationInfo	SecPkgContext_NegotiationInfoA
#define PSecPkgContext_NegotiationInfo	PSecPkgContext_NegotiationInfoA
#define SecPkgContext_NativeNames	SecPkgContext_NativeNamesA
#define PSecPkgContext_NativeNames	PSecPkgContext_NativeNamesA
#define SecPkgContext_CredentialName	SecPkgContext_CredentialNameA
#define PSecPkgContext_CredentialName	PSecPkgContext_CredentialNameA
#endif

/* ---- Message protection -------------------------------------------------- */

/* fQOP of EncryptMessage / *pfQOP of DecryptMessage */
#define SECQOP_WRAP_NO_ENCRYPT			0x80000001
#define SECQOP_WRAP_OOB_DATA			0x40000000
#define KERB_WRAP_NO_ENCRYPT			0x80000001	/* ntsecapi.h */

/* ---- Context export ------------------------------------------------------ */

#define SECPKG_CONTEXT_EXPORT_RESET_NEW		0x00000001
#define SECPKG_CONTEXT_EXPORT_DELETE_OLD	0x00000002
#define SECPKG_CONTEXT_EXPORT_TO_KERNEL		0x00000004

/* ---- Explicit credentials (pAuthData of AcquireCredentialsHandle) -------- */

#define SEC_WINNT_AUTH_IDENTITY_ANSI		0x1
#define SEC_WINNT_AUTH_IDENTITY_UNICODE		0x2
#define SEC_WINNT_AUTH_IDENTITY_MARSHALLED	0x4
#define SEC_WINNT_AUTH_IDENTITY_ONLY		0x8

#define SEC_WINNT_AUTH_IDENTITY_FLAGS_PROCESS_ENCRYPTED	0x10
#define SEC_WINNT_AUTH_IDENTITY_FLAGS_SYSTEM_PROTECTED	0x20
#define SEC_WINNT_AUTH_IDENTITY_FLAGS_USER_PROTECTED	0x40
#define SEC_WINNT_AUTH_IDENTITY_FLAGS_SYSTEM_ENCRYPTED	0x80
#define SEC_WINNT_AUTH_IDENTITY_FLAGS_RESERVED		0x10000
#define SEC_WINNT_AUTH_IDENTITY_FLAGS_NULL_USER		0x20000
#define SEC_WINNT_AUTH_IDENTITY_FLAGS_NULL_DOMAIN	0x40000
#define SEC_WINNT_AUTH_IDENTITY_FLAGS_ID_PROVIDER	0x80000

/*
 * The lengths count characters (bytes for _A, UTF-16 units for _W) and do
 * not include a terminating NUL; the strings need not have one.
 *
 * As in the SDK, the _W strings are "unsigned short *", not SEC_WCHAR *: in
 * C the two are the same type (char16_t is unsigned short), and in C++ this
 * keeps the (unsigned short *) casts that Windows sources already carry
 * compiling unchanged.
 *
 * rpcdce.h declares the same structures; _AUTH_IDENTITY_DEFINED is the guard
 * both headers share on Windows.
 */
#ifndef _AUTH_IDENTITY_DEFINED
#define _AUTH_IDENTITY_DEFINED

typedef struct _SEC_WINNT_AUTH_IDENTITY_W {
	unsigned short *User;
	ULONG UserLength;
	unsigned short *Domain;
	ULONG DomainLength;
	unsigned short *Password;
	ULONG PasswordLength;
	ULONG Flags;		/* SEC_WINNT_AUTH_IDENTITY_UNICODE */
} SEC_WINNT_AUTH_IDENTITY_W, *PSEC_WINNT_AUTH_IDENTITY_W;

typedef struct _SEC_WINNT_AUTH_IDENTITY_A {
	unsigned char *User;
	ULONG UserLength;
	unsigned char *Domain;
	ULONG DomainLength;
	unsigned char *Password;
	ULONG PasswordLength;
	ULONG Flags;		/* SEC_WINNT_AUTH_IDENTITY_ANSI */
} SEC_WINNT_AUTH_IDENTITY_A, *PSEC_WINNT_AUTH_IDENTITY_A;

#ifdef UNICODE
#define SEC_WINNT_AUTH_IDENTITY		SEC_WINNT_AUTH_IDENTITY_W
#define PSEC_WINNT_AUTH_IDENTITY	PSEC_WINNT_AUTH_IDENTITY_W
#define _SEC_WINNT_AUTH_IDENTITY	_SEC_WINNT_AUTH_IDENTITY_W
#else
#define SEC_WINNT_AUTH_IDENTITY		SEC_WINNT_AUTH_IDENTITY_A
#define PSEC_WINNT_AUTH_IDENTITY	PSEC_WINNT_AUTH_IDENTITY_A
#define _SEC_WINNT_AUTH_IDENTITY	_SEC_WINNT_AUTH_IDENTITY_A
#endif

#endif /* _AUTH_IDENTITY_DEFINED */

/* The same with a version header and a package list ("NTLM,!Kerberos"). */
#define SEC_WINNT_AUTH_IDENTITY_VERSION		0x200
#define SEC_WINNT_AUTH_IDENTITY_VERSION_2	0x201

typedef struct _SEC_WINNT_AUTH_IDENTITY_EXW {
	ULONG Version;		/* SEC_WINNT_AUTH_IDENTITY_VERSION */
	ULONG Length;		/* sizeof the structure */
	unsigned short *User;
	ULONG UserLength;
	unsigned short *Domain;
	ULONG DomainLength;
	unsigned short *Password;
	ULONG PasswordLength;
	ULONG Flags;
	unsigned short *PackageList;
	ULONG PackageListLength;
} SEC_WINNT_AUTH_IDENTITY_EXW, *PSEC_WINNT_AUTH_IDENTITY_EXW;

typedef struct _SEC_WINNT_AUTH_IDENTITY_EXA {
	ULONG Version;
	ULONG Length;
	unsigned char *User;
	ULONG UserLength;
	unsigned char *Domain;
	ULONG DomainLength;
	unsigned char *Password;
	ULONG PasswordLength;
	ULONG Flags;
	unsigned char *PackageList;
	ULONG PackageListLength;
} SEC_WINNT_AUTH_IDENTITY_EXA, *PSEC_WINNT_AUTH_IDENTITY_EXA;

#ifdef UNICODE
#define SEC_WINNT_AUTH_IDENTITY_EX	SEC_WINNT_AUTH_IDENTITY_EXW
#define PSEC_WINNT_AUTH_IDENTITY_EX	PSEC_WINNT_AUTH_IDENTITY_EXW
#else
#define SEC_WINNT_AUTH_IDENTITY_EX	SEC_WINNT_AUTH_IDENTITY_EXA
#define PSEC_WINNT_AUTH_IDENTITY_EX	PSEC_WINNT_AUTH_IDENTITY_EXA
#endif

/* ---- Functions ------------------------------------------------------------
 *
 * Each function is declared with its Windows parameter list, followed by the
 * pointer type its SecurityFunctionTable slot has. Without UNICODE the
 * undecorated names mean the A (UTF-8/ANSI) versions, with it the W
 * (UTF-16) ones, as in the SDK.
 */

/* Passed to AcquireCredentialsHandle/AddCredentials; unused by NTLM. */
typedef void (SEC_ENTRY *SEC_GET_KEY_FN)(void *Arg, void *Principal,
					 ULONG KeyVer, void **Key,
					 SECURITY_STATUS *Status);

/* Package management */

SECURITY_STATUS SEC_ENTRY EnumerateSecurityPackagesA(PULONG pcPackages,
						     PSecPkgInfoA *ppPackageInfo);
SECURITY_STATUS SEC_ENTRY EnumerateSecurityPackagesW(PULONG pcPackages,
						     PSecPkgInfoW *ppPackageInfo);
typedef SECURITY_STATUS (SEC_ENTRY *ENUMERATE_SECURITY_PACKAGES_FN_A)(
	PULONG, PSecPkgInfoA *);
typedef SECURITY_STATUS (SEC_ENTRY *ENUMERATE_SECURITY_PACKAGES_FN_W)(
	PULONG, PSecPkgInfoW *);

SECURITY_STATUS SEC_ENTRY QuerySecurityPackageInfoA(LPSTR pszPackageName,
						    PSecPkgInfoA *ppPackageInfo);
SECURITY_STATUS SEC_ENTRY QuerySecurityPackageInfoW(LPWSTR pszPackageName,
						    PSecPkgInfoW *ppPackageInfo);
typedef SECURITY_STATUS (SEC_ENTRY *QUERY_SECURITY_PACKAGE_INFO_FN_A)(
	SEC_CHAR *, PSecPkgInfoA *);
typedef SECURITY_STATUS (SEC_ENTRY *QUERY_SECURITY_PACKAGE_INFO_FN_W)(
	SEC_WCHAR *, PSecPkgInfoW *);

SECURITY_STATUS SEC_ENTRY FreeContextBuffer(PVOID pvContextBuffer);
typedef SECURITY_STATUS (SEC_ENTRY *FREE_CONTEXT_BUFFER_FN)(PVOID);

/* Credentials */

SECURITY_STATUS SEC_ENTRY AcquireCredentialsHandleA(
	LPSTR pszPrincipal, LPSTR pszPackage, ULONG fCredentialUse,
	void *pvLogonId, void *pAuthData, SEC_GET_KEY_FN pGetKeyFn,
	void *pvGetKeyArgument, PCredHandle phCredential,
	PTimeStamp ptsExpiry);
SECURITY_STATUS SEC_ENTRY AcquireCredentialsHandleW(
	LPWSTR pszPrincipal, LPWSTR pszPackage, ULONG fCredentialUse,
	void *pvLogonId, void *pAuthData, SEC_GET_KEY_FN pGetKeyFn,
	void *pvGetKeyArgument, PCredHandle phCredential,
	PTimeStamp ptsExpiry);
typedef SECURITY_STATUS (SEC_ENTRY *ACQUIRE_CREDENTIALS_HANDLE_FN_A)(
	SEC_CHAR *, SEC_CHAR *, ULONG, void *, void *, SEC_GET_KEY_FN, void *,
	PCredHandle, PTimeStamp);
typedef SECURITY_STATUS (SEC_ENTRY *ACQUIRE_CREDENTIALS_HANDLE_FN_W)(
	SEC_WCHAR *, SEC_WCHAR *, ULONG, void *, void *, SEC_GET_KEY_FN,
	void *, PCredHandle, PTimeStamp);

SECURITY_STATUS SEC_ENTRY FreeCredentialsHandle(PCredHandle phCredential);
typedef SECURITY_STATUS (SEC_ENTRY *FREE_CREDENTIALS_HANDLE_FN)(PCredHandle);

SECURITY_STATUS SEC_ENTRY AddCredentialsA(
	PCredHandle hCredentials, LPSTR pszPrincipal, LPSTR pszPackage,
	ULONG fCredentialUse, void *pAuthData, SEC_GET_KEY_FN pGetKeyFn,
	void *pvGetKeyArgument, PTimeStamp ptsExpiry);
SECURITY_STATUS SEC_ENTRY AddCredentialsW(
	PCredHandle hCredentials, LPWSTR pszPrincipal, LPWSTR pszPackage,
	ULONG fCredentialUse, void *pAuthData, SEC_GET_KEY_FN pGetKeyFn,
	void *pvGetKeyArgument, PTimeStamp ptsExpiry);
typedef SECURITY_STATUS (SEC_ENTRY *ADD_CREDENTIALS_FN_A)(
	PCredHandle, SEC_CHAR *, SEC_CHAR *, ULONG, void *, SEC_GET_KEY_FN,
	void *, PTimeStamp);
typedef SECURITY_STATUS (SEC_ENTRY *ADD_CREDENTIALS_FN_W)(
	PCredHandle, SEC_WCHAR *, SEC_WCHAR *, ULONG, void *, SEC_GET_KEY_FN,
	void *, PTimeStamp);

SECURITY_STATUS SEC_ENTRY QueryCredentialsAttributesA(PCredHandle phCredential,
						      ULONG ulAttribute,
						      void *pBuffer);
SECURITY_STATUS SEC_ENTRY QueryCredentialsAttributesW(PCredHandle phCredential,
						      ULONG ulAttribute,
						      void *pBuffer);
typedef SECURITY_STATUS (SEC_ENTRY *QUERY_CREDENTIALS_ATTRIBUTES_FN_A)(
	PCredHandle, ULONG, void *);
typedef SECURITY_STATUS (SEC_ENTRY *QUERY_CREDENTIALS_ATTRIBUTES_FN_W)(
	PCredHandle, ULONG, void *);

SECURITY_STATUS SEC_ENTRY QueryCredentialsAttributesExA(
	PCredHandle phCredential, ULONG ulAttribute, void *pBuffer,
	ULONG cBuffers);
SECURITY_STATUS SEC_ENTRY QueryCredentialsAttributesExW(
	PCredHandle phCredential, ULONG ulAttribute, void *pBuffer,
	ULONG cBuffers);
typedef SECURITY_STATUS (SEC_ENTRY *QUERY_CREDENTIALS_ATTRIBUTES_EX_FN_A)(
	PCredHandle, ULONG, void *, ULONG);
typedef SECURITY_STATUS (SEC_ENTRY *QUERY_CREDENTIALS_ATTRIBUTES_EX_FN_W)(
	PCredHandle, ULONG, void *, ULONG);

SECURITY_STATUS SEC_ENTRY SetCredentialsAttributesA(PCredHandle phCredential,
						    ULONG ulAttribute,
						    void *pBuffer,
						    ULONG cbBuffer);
SECURITY_STATUS SEC_ENTRY SetCredentialsAttributesW(PCredHandle phCredential,
						    ULONG ulAttribute,
						    void *pBuffer,
						    ULONG cbBuffer);
typedef SECURITY_STATUS (SEC_ENTRY *SET_CREDENTIALS_ATTRIBUTES_FN_A)(
	PCredHandle, ULONG, void *, ULONG);
typedef SECURITY_STATUS (SEC_ENTRY *SET_CREDENTIALS_ATTRIBUTES_FN_W)(
	PCredHandle, ULONG, void *, ULONG);

SECURITY_STATUS SEC_ENTRY ChangeAccountPasswordA(
	SEC_CHAR *pszPackageName, SEC_CHAR *pszDomainName,
	SEC_CHAR *pszAccountName, SEC_CHAR *pszOldPassword,
	SEC_CHAR *pszNewPassword, BOOLEAN bImpersonating, ULONG dwReserved,
	PSecBufferDesc pOutput);
SECURITY_STATUS SEC_ENTRY ChangeAccountPasswordW(
	SEC_WCHAR *pszPackageName, SEC_WCHAR *pszDomainName,
	SEC_WCHAR *pszAccountName, SEC_WCHAR *pszOldPassword,
	SEC_WCHAR *pszNewPassword, BOOLEAN bImpersonating, ULONG dwReserved,
	PSecBufferDesc pOutput);
typedef SECURITY_STATUS (SEC_ENTRY *CHANGE_PASSWORD_FN_A)(
	SEC_CHAR *, SEC_CHAR *, SEC_CHAR *, SEC_CHAR *, SEC_CHAR *, BOOLEAN,
	ULONG, PSecBufferDesc);
typedef SECURITY_STATUS (SEC_ENTRY *CHANGE_PASSWORD_FN_W)(
	SEC_WCHAR *, SEC_WCHAR *, SEC_WCHAR *, SEC_WCHAR *, SEC_WCHAR *,
	BOOLEAN, ULONG, PSecBufferDesc);

/* Contexts */

SECURITY_STATUS SEC_ENTRY InitializeSecurityContextA(
	PCredHandle phCredential, PCtxtHandle phContext,
	SEC_CHAR *pszTargetName, ULONG fContextReq, ULONG Reserved1,
	ULONG TargetDataRep, PSecBufferDesc pInput, ULONG Reserved2,
	PCtxtHandle phNewContext, PSecBufferDesc pOutput,
	PULONG pfContextAttr, PTimeStamp ptsExpiry);
SECURITY_STATUS SEC_ENTRY InitializeSecurityContextW(
	PCredHandle phCredential, PCtxtHandle phContext,
	SEC_WCHAR *pszTargetName, ULONG fContextReq, ULONG Reserved1,
	ULONG TargetDataRep, PSecBufferDesc pInput, ULONG Reserved2,
	PCtxtHandle phNewContext, PSecBufferDesc pOutput,
	PULONG pfContextAttr, PTimeStamp ptsExpiry);
typedef SECURITY_STATUS (SEC_ENTRY *INITIALIZE_SECURITY_CONTEXT_FN_A)(
	PCredHandle, PCtxtHandle, SEC_CHAR *, ULONG, ULONG, ULONG,
	PSecBufferDesc, ULONG, PCtxtHandle, PSecBufferDesc, PULONG,
	PTimeStamp);
typedef SECURITY_STATUS (SEC_ENTRY *INITIALIZE_SECURITY_CONTEXT_FN_W)(
	PCredHandle, PCtxtHandle, SEC_WCHAR *, ULONG, ULONG, ULONG,
	PSecBufferDesc, ULONG, PCtxtHandle, PSecBufferDesc, PULONG,
	PTimeStamp);

SECURITY_STATUS SEC_ENTRY AcceptSecurityContext(
	PCredHandle phCredential, PCtxtHandle phContext,
	PSecBufferDesc pInput, ULONG fContextReq, ULONG TargetDataRep,
	PCtxtHandle phNewContext, PSecBufferDesc pOutput,
	PULONG pfContextAttr, PTimeStamp ptsExpiry);
typedef SECURITY_STATUS (SEC_ENTRY *ACCEPT_SECURITY_CONTEXT_FN)(
	PCredHandle, PCtxtHandle, PSecBufferDesc, ULONG, ULONG, PCtxtHandle,
	PSecBufferDesc, PULONG, PTimeStamp);

SECURITY_STATUS SEC_ENTRY CompleteAuthToken(PCtxtHandle phContext,
					    PSecBufferDesc pToken);
typedef SECURITY_STATUS (SEC_ENTRY *COMPLETE_AUTH_TOKEN_FN)(PCtxtHandle,
							    PSecBufferDesc);

SECURITY_STATUS SEC_ENTRY ImpersonateSecurityContext(PCtxtHandle phContext);
typedef SECURITY_STATUS (SEC_ENTRY *IMPERSONATE_SECURITY_CONTEXT_FN)(
	PCtxtHandle);

SECURITY_STATUS SEC_ENTRY RevertSecurityContext(PCtxtHandle phContext);
typedef SECURITY_STATUS (SEC_ENTRY *REVERT_SECURITY_CONTEXT_FN)(PCtxtHandle);

/* Token is a Windows HANDLE: void * here as in the SDK's declaration. */
SECURITY_STATUS SEC_ENTRY QuerySecurityContextToken(PCtxtHandle phContext,
						    void **Token);
typedef SECURITY_STATUS (SEC_ENTRY *QUERY_SECURITY_CONTEXT_TOKEN_FN)(
	PCtxtHandle, void **);

SECURITY_STATUS SEC_ENTRY DeleteSecurityContext(PCtxtHandle phContext);
typedef SECURITY_STATUS (SEC_ENTRY *DELETE_SECURITY_CONTEXT_FN)(PCtxtHandle);

SECURITY_STATUS SEC_ENTRY ApplyControlToken(PCtxtHandle phContext,
					    PSecBufferDesc pInput);
typedef SECURITY_STATUS (SEC_ENTRY *APPLY_CONTROL_TOKEN_FN)(PCtxtHandle,
							    PSecBufferDesc);

SECURITY_STATUS SEC_ENTRY QueryContextAttributesA(PCtxtHandle phContext,
						  ULONG ulAttribute,
						  void *pBuffer);
SECURITY_STATUS SEC_ENTRY QueryContextAttributesW(PCtxtHandle phContext,
						  ULONG ulAttribute,
						  void *pBuffer);
typedef SECURITY_STATUS (SEC_ENTRY *QUERY_CONTEXT_ATTRIBUTES_FN_A)(
	PCtxtHandle, ULONG, void *);
typedef SECURITY_STATUS (SEC_ENTRY *QUERY_CONTEXT_ATTRIBUTES_FN_W)(
	PCtxtHandle, ULONG, void *);

SECURITY_STATUS SEC_ENTRY QueryContextAttributesExA(PCtxtHandle phContext,
						    ULONG ulAttribute,
						    void *pBuffer,
						    ULONG cbBuffer);
SECURITY_STATUS SEC_ENTRY QueryContextAttributesExW(PCtxtHandle phContext,
						    ULONG ulAttribute,
						    void *pBuffer,
						    ULONG cbBuffer);
typedef SECURITY_STATUS (SEC_ENTRY *QUERY_CONTEXT_ATTRIBUTES_EX_FN_A)(
	PCtxtHandle, ULONG, void *, ULONG);
typedef SECURITY_STATUS (SEC_ENTRY *QUERY_CONTEXT_ATTRIBUTES_EX_FN_W)(
	PCtxtHandle, ULONG, void *, ULONG);

SECURITY_STATUS SEC_ENTRY SetContextAttributesA(PCtxtHandle phContext,
						ULONG ulAttribute,
						void *pBuffer, ULONG cbBuffer);
SECURITY_STATUS SEC_ENTRY SetContextAttributesW(PCtxtHandle phContext,
						ULONG ulAttribute,
						void *pBuffer, ULONG cbBuffer);
typedef SECURITY_STATUS (SEC_ENTRY *SET_CONTEXT_ATTRIBUTES_FN_A)(
	PCtxtHandle, ULONG, void *, ULONG);
typedef SECURITY_STATUS (SEC_ENTRY *SET_CONTEXT_ATTRIBUTES_FN_W)(
	PCtxtHandle, ULONG, void *, ULONG);

/* Messages */

SECURITY_STATUS SEC_ENTRY MakeSignature(PCtxtHandle phContext, ULONG fQOP,
					PSecBufferDesc pMessage,
					ULONG MessageSeqNo);
typedef SECURITY_STATUS (SEC_ENTRY *MAKE_SIGNATURE_FN)(PCtxtHandle, ULONG,
						       PSecBufferDesc, ULONG);

SECURITY_STATUS SEC_ENTRY VerifySignature(PCtxtHandle phContext,
					  PSecBufferDesc pMessage,
					  ULONG MessageSeqNo, PULONG pfQOP);
typedef SECURITY_STATUS (SEC_ENTRY *VERIFY_SIGNATURE_FN)(PCtxtHandle,
							 PSecBufferDesc, ULONG,
							 PULONG);

SECURITY_STATUS SEC_ENTRY EncryptMessage(PCtxtHandle phContext, ULONG fQOP,
					 PSecBufferDesc pMessage,
					 ULONG MessageSeqNo);
typedef SECURITY_STATUS (SEC_ENTRY *ENCRYPT_MESSAGE_FN)(PCtxtHandle, ULONG,
							PSecBufferDesc, ULONG);

SECURITY_STATUS SEC_ENTRY DecryptMessage(PCtxtHandle phContext,
					 PSecBufferDesc pMessage,
					 ULONG MessageSeqNo, PULONG pfQOP);
typedef SECURITY_STATUS (SEC_ENTRY *DECRYPT_MESSAGE_FN)(PCtxtHandle,
							PSecBufferDesc, ULONG,
							PULONG);

/* Context export and import (Token: a Windows HANDLE, void * as in the SDK) */

SECURITY_STATUS SEC_ENTRY ExportSecurityContext(PCtxtHandle phContext,
						ULONG fFlags,
						PSecBuffer pPackedContext,
						void **pToken);
typedef SECURITY_STATUS (SEC_ENTRY *EXPORT_SECURITY_CONTEXT_FN)(
	PCtxtHandle, ULONG, PSecBuffer, void **);

SECURITY_STATUS SEC_ENTRY ImportSecurityContextA(LPSTR pszPackage,
						 PSecBuffer pPackedContext,
						 void *Token,
						 PCtxtHandle phContext);
SECURITY_STATUS SEC_ENTRY ImportSecurityContextW(LPWSTR pszPackage,
						 PSecBuffer pPackedContext,
						 void *Token,
						 PCtxtHandle phContext);
typedef SECURITY_STATUS (SEC_ENTRY *IMPORT_SECURITY_CONTEXT_FN_A)(
	SEC_CHAR *, PSecBuffer, void *, PCtxtHandle);
typedef SECURITY_STATUS (SEC_ENTRY *IMPORT_SECURITY_CONTEXT_FN_W)(
	SEC_WCHAR *, PSecBuffer, void *, PCtxtHandle);

/* ---- The dispatch table -------------------------------------------------- */

/* dwVersion: which members past DecryptMessage a table fills */
#define SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION	1 /* up to DecryptMessage */
#define SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_2	2 /* + SetContextAttributes */
#define SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_3	3 /* + SetCredentialsAttributes */
#define SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_4	4 /* + ChangeAccountPassword */
#define SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_5	5 /* + Query*AttributesEx */

typedef struct _SECURITY_FUNCTION_TABLE_A {
	ULONG dwVersion;
	ENUMERATE_SECURITY_PACKAGES_FN_A EnumerateSecurityPackagesA;
	QUERY_CREDENTIALS_ATTRIBUTES_FN_A QueryCredentialsAttributesA;
	ACQUIRE_CREDENTIALS_HANDLE_FN_A AcquireCredentialsHandleA;
	FREE_CREDENTIALS_HANDLE_FN FreeCredentialsHandle;
	void *Reserved2;
	INITIALIZE_SECURITY_CONTEXT_FN_A InitializeSecurityContextA;
	ACCEPT_SECURITY_CONTEXT_FN AcceptSecurityContext;
	COMPLETE_AUTH_TOKEN_FN CompleteAuthToken;
	DELETE_SECURITY_CONTEXT_FN DeleteSecurityContext;
	APPLY_CONTROL_TOKEN_FN ApplyControlToken;
	QUERY_CONTEXT_ATTRIBUTES_FN_A QueryContextAttributesA;
	IMPERSONATE_SECURITY_CONTEXT_FN ImpersonateSecurityContext;
	REVERT_SECURITY_CONTEXT_FN RevertSecurityContext;
	MAKE_SIGNATURE_FN MakeSignature;
	VERIFY_SIGNATURE_FN VerifySignature;
	FREE_CONTEXT_BUFFER_FN FreeContextBuffer;
	QUERY_SECURITY_PACKAGE_INFO_FN_A QuerySecurityPackageInfoA;
	void *Reserved3;
	void *Reserved4;
	EXPORT_SECURITY_CONTEXT_FN ExportSecurityContext;
	IMPORT_SECURITY_CONTEXT_FN_A ImportSecurityContextA;
	ADD_CREDENTIALS_FN_A AddCredentialsA;
	void *Reserved8;
	QUERY_SECURITY_CONTEXT_TOKEN_FN QuerySecurityContextToken;
	ENCRYPT_MESSAGE_FN EncryptMessage;
	DECRYPT_MESSAGE_FN DecryptMessage;
	SET_CONTEXT_ATTRIBUTES_FN_A SetContextAttributesA;
	SET_CREDENTIALS_ATTRIBUTES_FN_A SetCredentialsAttributesA;
	CHANGE_PASSWORD_FN_A ChangeAccountPasswordA;
	QUERY_CONTEXT_ATTRIBUTES_EX_FN_A QueryContextAttributesExA;
	QUERY_CREDENTIALS_ATTRIBUTES_EX_FN_A QueryCredentialsAttributesExA;
} SecurityFunctionTableA, *PSecurityFunctionTableA;

typedef struct _SECURITY_FUNCTION_TABLE_W {
	ULONG dwVersion;
	ENUMERATE_SECURITY_PACKAGES_FN_W EnumerateSecurityPackagesW;
	QUERY_CREDENTIALS_ATTRIBUTES_FN_W QueryCredentialsAttributesW;
	ACQUIRE_CREDENTIALS_HANDLE_FN_W AcquireCredentialsHandleW;
	FREE_CREDENTIALS_HANDLE_FN FreeCredentialsHandle;
	void *Reserved2;
	INITIALIZE_SECURITY_CONTEXT_FN_W InitializeSecurityContextW;
	ACCEPT_SECURITY_CONTEXT_FN AcceptSecurityContext;
	COMPLETE_AUTH_TOKEN_FN CompleteAuthToken;
	DELETE_SECURITY_CONTEXT_FN DeleteSecurityContext;
	APPLY_CONTROL_TOKEN_FN ApplyControlToken;
	QUERY_CONTEXT_ATTRIBUTES_FN_W QueryContextAttributesW;
	IMPERSONATE_SECURITY_CONTEXT_FN ImpersonateSecurityContext;
	REVERT_SECURITY_CONTEXT_FN RevertSecurityContext;
	MAKE_SIGNATURE_FN MakeSignature;
	VERIFY_SIGNATURE_FN VerifySignature;
	FREE_CONTEXT_BUFFER_FN FreeContextBuffer;
	QUERY_SECURITY_PACKAGE_INFO_FN_W QuerySecurityPackageInfoW;
	void *Reserved3;
	void *Reserved4;
	EXPORT_SECURITY_CONTEXT_FN ExportSecurityContext;
	IMPORT_SECURITY_CONTEXT_FN_W ImportSecurityContextW;
	ADD_CREDENTIALS_FN_W AddCredentialsW;
	void *Reserved8;
	QUERY_SECURITY_CONTEXT_TOKEN_FN QuerySecurityContextToken;
	ENCRYPT_MESSAGE_FN EncryptMessage;
	DECRYPT_MESSAGE_FN DecryptMessage;
	SET_CONTEXT_ATTRIBUTES_FN_W SetContextAttributesW;
	SET_CREDENTIALS_ATTRIBUTES_FN_W SetCredentialsAttributesW;
	CHANGE_PASSWORD_FN_W ChangeAccountPasswordW;
	QUERY_CONTEXT_ATTRIBUTES_EX_FN_W QueryContextAttributesExW;
	QUERY_CREDENTIALS_ATTRIBUTES_EX_FN_W QueryCredentialsAttributesExW;
} SecurityFunctionTableW, *PSecurityFunctionTableW;

PSecurityFunctionTableA SEC_ENTRY InitSecurityInterfaceA(void);
PSecurityFunctionTableW SEC_ENTRY InitSecurityInterfaceW(void);
typedef PSecurityFunctionTableA (SEC_ENTRY *INIT_SECURITY_INTERFACE_A)(void);
typedef PSecurityFunctionTableW (SEC_ENTRY *INIT_SECURITY_INTERFACE_W)(void);

/* Names to look InitSecurityInterface up by, e.g. with dlsym() */
#define SECURITY_ENTRYPOINT_ANSIA	"InitSecurityInterfaceA"
#define SECURITY_ENTRYPOINT_ANSIW	"InitSecurityInterfaceW"
#define SECURITY_ENTRYPOINTA		SEC_TEXT("InitSecurityInterfaceA")
#define SECURITY_ENTRYPOINTW		SEC_TEXT("InitSecurityInterfaceW")
#define SECURITY_ENTRYPOINT16		"INITSECURITYINTERFACEA"

/* ---- libsspi's own, not in Windows ------------------------------------------ */

/*
 * The kernel's own words on its refusal of the calling thread's last
 * request to it (the netlink extended ack, e.g. which account limit was
 * reached), or NULL when it gave none. Kept per thread, as GetLastError();
 * valid until the thread's next SSPI call. See libsspi(3).
 */
const char *SEC_ENTRY SspiGetLastKernelMessage(void);

/* ---- Undecorated names --------------------------------------------------- */

#ifdef UNICODE
#define EnumerateSecurityPackages	EnumerateSecurityPackagesW
#define ENUMERATE_SECURITY_PACKAGES_FN	ENUMERATE_SECURITY_PACKAGES_FN_W
#define QuerySecurityPackageInfo	QuerySecurityPackageInfoW
#define QUERY_SECURITY_PACKAGE_INFO_FN	QUERY_SECURITY_PACKAGE_INFO_FN_W
#define AcquireCredentialsHandle	AcquireCredentialsHandleW
#define ACQUIRE_CREDENTIALS_HANDLE_FN	ACQUIRE_CREDENTIALS_HANDLE_FN_W
#define AddCredentials			AddCredentialsW
#define ADD_CREDENTIALS_FN		ADD_CREDENTIALS_FN_W
#define QueryCredentialsAttributes	QueryCredentialsAttributesW
#define QUERY_CREDENTIALS_ATTRIBUTES_FN	QUERY_CREDENTIALS_ATTRIBUTES_FN_W
#define QueryCredentialsAttributesEx	QueryCredentialsAttributesExW
#define QUERY_CREDENTIALS_ATTRIBUTES_EX_FN QUERY_CREDENTIALS_ATTRIBUTES_EX_FN_W
#define SetCredentialsAttributes	SetCredentialsAttributesW
#define SET_CREDENTIALS_ATTRIBUTES_FN	SET_CREDENTIALS_ATTRIBUTES_FN_W
#define ChangeAccountPassword		ChangeAccountPasswordW
#define CHANGE_PASSWORD_FN		CHANGE_PASSWORD_FN_W
#define InitializeSecurityContext	InitializeSecurityContextW
#define INITIALIZE_SECURITY_CONTEXT_FN	INITIALIZE_SECURITY_CONTEXT_FN_W
#define QueryContextAttributes		QueryContextAttributesW
#define QUERY_CONTEXT_ATTRIBUTES_FN	QUERY_CONTEXT_ATTRIBUTES_FN_W
#define QueryContextAttributesEx	QueryContextAttributesExW
#define QUERY_CONTEXT_ATTRIBUTES_EX_FN	QUERY_CONTEXT_ATTRIBUTES_EX_FN_W
#define SetContextAttributes		SetContextAttributesW
#define SET_CONTEXT_ATTRIBUTES_FN	SET_CONTEXT_ATTRIBUTES_FN_W
#define ImportSecurityContext		ImportSecurityContextW
#define IMPORT_SECURITY_CONTEXT_FN	IMPORT_SECURITY_CONTEXT_FN_W
#define InitSecurityInterface		InitSecurityInterfaceW
#define INIT_SECURITY_INTERFACE		INIT_SECURITY_INTERFACE_W
#define SecurityFunctionTable		SecurityFunctionTableW
#define PSecurityFunctionTable		PSecurityFunctionTableW
#define SECURITY_ENTRYPOINT		SECURITY_ENTRYPOINTW
#define SECURITY_ENTRYPOINT_ANSI	SECURITY_ENTRYPOINT_ANSIW
#else
#define EnumerateSecurityPackages	EnumerateSecurityPackagesA
#define ENUMERATE_SECURITY_PACKAGES_FN	ENUMERATE_SECURITY_PACKAGES_FN_A
#define QuerySecurityPackageInfo	QuerySecurityPackageInfoA
#define QUERY_SECURITY_PACKAGE_INFO_FN	QUERY_SECURITY_PACKAGE_INFO_FN_A
#define AcquireCredentialsHandle	AcquireCredentialsHandleA
#define ACQUIRE_CREDENTIALS_HANDLE_FN	ACQUIRE_CREDENTIALS_HANDLE_FN_A
#define AddCredentials			AddCredentialsA
#define ADD_CREDENTIALS_FN		ADD_CREDENTIALS_FN_A
#define QueryCredentialsAttributes	QueryCredentialsAttributesA
#define QUERY_CREDENTIALS_ATTRIBUTES_FN	QUERY_CREDENTIALS_ATTRIBUTES_FN_A
#define QueryCredentialsAttributesEx	QueryCredentialsAttributesExA
#define QUERY_CREDENTIALS_ATTRIBUTES_EX_FN QUERY_CREDENTIALS_ATTRIBUTES_EX_FN_A
#define SetCredentialsAttributes	SetCredentialsAttributesA
#define SET_CREDENTIALS_ATTRIBUTES_FN	SET_CREDENTIALS_ATTRIBUTES_FN_A
#define ChangeAccountPassword		ChangeAccountPasswordA
#define CHANGE_PASSWORD_FN		CHANGE_PASSWORD_FN_A
#define InitializeSecurityContext	InitializeSecurityContextA
#define INITIALIZE_SECURITY_CONTEXT_FN	INITIALIZE_SECURITY_CONTEXT_FN_A
#define QueryContextAttributes		QueryContextAttributesA
#define QUERY_CONTEXT_ATTRIBUTES_FN	QUERY_CONTEXT_ATTRIBUTES_FN_A
#define QueryContextAttributesEx	QueryContextAttributesExA
#define QUERY_CONTEXT_ATTRIBUTES_EX_FN	QUERY_CONTEXT_ATTRIBUTES_EX_FN_A
#define SetContextAttributes		SetContextAttributesA
#define SET_CONTEXT_ATTRIBUTES_FN	SET_CONTEXT_ATTRIBUTES_FN_A
#define ImportSecurityContext		ImportSecurityContextA
#define IMPORT_SECURITY_CONTEXT_FN	IMPORT_SECURITY_CONTEXT_FN_A
#define InitSecurityInterface		InitSecurityInterfaceA
#define INIT_SECURITY_INTERFACE		INIT_SECURITY_INTERFACE_A
#define SecurityFunctionTable		SecurityFunctionTableA
#define PSecurityFunctionTable		PSecurityFunctionTableA
#define SECURITY_ENTRYPOINT		SECURITY_ENTRYPOINTA
#define SECURITY_ENTRYPOINT_ANSI	SECURITY_ENTRYPOINT_ANSIA
#endif

#ifdef __cplusplus
}
#endif

#endif /* LIBSSPI_SSPI_H */
