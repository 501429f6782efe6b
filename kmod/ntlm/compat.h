/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What message.c needs from its surroundings: the kernel's headers in the
 * kernel, a few lines of ordinary C elsewhere, so that the NTLMSSP parser can
 * also be built and fuzzed as a userspace program.
 */
#ifndef _SSPI_NTLM_COMPAT_H
#define _SSPI_NTLM_COMPAT_H

#ifdef __KERNEL__

#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/overflow.h>
#include <linux/string.h>
#include <linux/types.h>
#include <asm/unaligned.h>

#else /* !__KERNEL__ */

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <sys/types.h>

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef long long s64;

#define U16_MAX			((u16)~0U)
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#endif
#define BIT_ULL(nr)		(1ULL << (nr))
#define check_add_overflow(a, b, d)	__builtin_add_overflow(a, b, d)

static inline u16 get_unaligned_le16(const void *p)
{
	const u8 *b = p;

	return (u16)(b[0] | b[1] << 8);
}

static inline u32 get_unaligned_le32(const void *p)
{
	const u8 *b = p;

	return get_unaligned_le16(b) | (u32)get_unaligned_le16(b + 2) << 16;
}

static inline u64 get_unaligned_le64(const void *p)
{
	const u8 *b = p;

	return get_unaligned_le32(b) | (u64)get_unaligned_le32(b + 4) << 32;
}

static inline void put_unaligned_le16(u16 v, void *p)
{
	u8 *b = p;

	b[0] = (u8)v;
	b[1] = (u8)(v >> 8);
}

static inline void put_unaligned_le32(u32 v, void *p)
{
	u8 *b = p;

	put_unaligned_le16((u16)v, b);
	put_unaligned_le16((u16)(v >> 16), b + 2);
}

static inline void put_unaligned_le64(u64 v, void *p)
{
	u8 *b = p;

	put_unaligned_le32((u32)v, b);
	put_unaligned_le32((u32)(v >> 32), b + 4);
}

#endif /* __KERNEL__ */

#endif /* _SSPI_NTLM_COMPAT_H */
