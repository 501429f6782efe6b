/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Message parts that stay in the sending process's memory
 * (SSPI_ATTR_DATA_INPLACE): pinned and mapped for the length of one
 * request, so that the core signs and (un)seals them where they are.
 */
#ifndef _SSPI_INPLACE_H
#define _SSPI_INPLACE_H

#include <linux/sspi.h>

#include "ntlm/seal.h"

/* What one request pinned and mapped: allocated with its first part. */
struct sspi_inplace;
struct sk_buff;

bool sspi_sender_within_opener(const struct sk_buff *req);
int sspi_inplace_permitted(const struct sk_buff *req);
int sspi_inplace_map(struct sspi_inplace **ip, const struct sspi_inplace_part *up,
		     bool write, struct ntlm_part *part);
void sspi_inplace_release(struct sspi_inplace *ip);

#endif /* _SSPI_INPLACE_H */
