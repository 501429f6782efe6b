/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One leg of a handshake in the guest tests: a SECBUFFER_TOKEN with room
 * for a token, and the SecBufferDesc around it.
 */
#ifndef SSPI_SELFTEST_LEG_H
#define SSPI_SELFTEST_LEG_H

#include <sspi.h>

struct leg {
	SecBuffer buf;
	SecBufferDesc desc;
	unsigned char data[4096];
};

/* Empties @l for an output token (or to be filled as an input one). */
static inline SecBufferDesc *leg(struct leg *l)
{
	l->buf = (SecBuffer){ sizeof(l->data), SECBUFFER_TOKEN, l->data };
	l->desc = (SecBufferDesc){ SECBUFFER_VERSION, 1, &l->buf };
	return &l->desc;
}

#endif /* SSPI_SELFTEST_LEG_H */
