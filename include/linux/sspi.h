/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sspi: the in-kernel API of sspi.ko, for in-kernel consumers such as an
 * SMB/CIFS client or server. It offers the same operations as the generic
 * netlink family, on the same core.
 */
#ifndef _LINUX_SSPI_H
#define _LINUX_SSPI_H

#include <linux/types.h>
#include <uapi/linux/sspi.h>

/* SECPKG_FLAG_* capability bits, as Windows defines them (sspi.h). */
#define SSPI_SECPKG_FLAG_INTEGRITY		0x00000001
#define SSPI_SECPKG_FLAG_PRIVACY		0x00000002
#define SSPI_SECPKG_FLAG_TOKEN_ONLY		0x00000004
#define SSPI_SECPKG_FLAG_DATAGRAM		0x00000008
#define SSPI_SECPKG_FLAG_CONNECTION		0x00000010
#define SSPI_SECPKG_FLAG_MULTI_REQUIRED		0x00000020
#define SSPI_SECPKG_FLAG_ACCEPT_WIN32_NAME	0x00000200
#define SSPI_SECPKG_FLAG_NEGOTIABLE		0x00000800

/*
 * Context requirements and attributes (Windows' ISC_REQ_*, ISC_RET_*,
 * ASC_REQ_*, ASC_RET_* values), for in-kernel callers and the core. Those
 * the two sides share have one name here.
 */
#define SSPI_REQ_REPLAY_DETECT		0x00000004	/* ISC and ASC */
#define SSPI_REQ_SEQUENCE_DETECT	0x00000008	/* ISC and ASC */
#define SSPI_REQ_CONFIDENTIALITY	0x00000010	/* ISC and ASC */
#define SSPI_REQ_ALLOCATE_MEMORY	0x00000100	/* ISC and ASC */
#define SSPI_REQ_DATAGRAM		0x00000400	/* ISC and ASC */
#define SSPI_REQ_CONNECTION		0x00000800	/* ISC and ASC */
#define SSPI_ISC_REQ_USE_SUPPLIED_CREDS	0x00000080
#define SSPI_ISC_REQ_EXTENDED_ERROR	0x00004000
#define SSPI_ISC_REQ_INTEGRITY		0x00010000
#define SSPI_ISC_REQ_IDENTIFY		0x00020000
#define SSPI_ISC_REQ_NULL_SESSION	0x00040000
#define SSPI_ASC_REQ_EXTENDED_ERROR	0x00008000
#define SSPI_ASC_REQ_INTEGRITY		0x00020000
#define SSPI_ASC_REQ_IDENTIFY		0x00080000

#define SSPI_RET_REPLAY_DETECT		0x00000004	/* ISC and ASC */
#define SSPI_RET_SEQUENCE_DETECT	0x00000008	/* ISC and ASC */
#define SSPI_RET_CONFIDENTIALITY	0x00000010	/* ISC and ASC */
#define SSPI_RET_CONNECTION		0x00000800	/* ISC and ASC */
#define SSPI_ISC_RET_USED_SUPPLIED_CREDS	0x00000080
#define SSPI_ISC_RET_EXTENDED_ERROR	0x00004000
#define SSPI_ISC_RET_INTEGRITY		0x00010000
#define SSPI_ISC_RET_IDENTIFY		0x00020000
#define SSPI_ASC_RET_EXTENDED_ERROR	0x00008000
#define SSPI_ASC_RET_INTEGRITY		0x00020000
#define SSPI_ASC_RET_IDENTIFY		0x00080000

/* "Never", as SSPI reports it for credentials and established contexts */
#define SSPI_EXPIRY_NEVER		0x7fffffffffffffffULL

/**
 * struct sspi_package_info - what a security package is and can do
 * @name: package name, e.g. "NTLM"
 * @comment: human-readable description
 * @capabilities: SECPKG_FLAG_* bits
 * @version: package version (wVersion)
 * @rpcid: DCE RPC authentication service id (wRPCID)
 * @max_token: largest token the package produces (cbMaxToken)
 */
struct sspi_package_info {
	const char *name;
	const char *comment;
	u32 capabilities;
	u16 version;
	u16 rpcid;
	u32 max_token;
};

size_t sspi_package_count(void);
const struct sspi_package_info *sspi_package_by_index(size_t index);
const struct sspi_package_info *sspi_package_by_name(const char *name);

#endif /* _LINUX_SSPI_H */
