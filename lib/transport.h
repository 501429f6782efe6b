/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libsspi's one way to the kernel: a request on the process's generic
 * netlink socket, answered by one reply that carries SSPI_ATTR_STATUS.
 */
#ifndef SSPI_LIB_TRANSPORT_H
#define SSPI_LIB_TRANSPORT_H

#include <stdint.h>
#include <sys/uio.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/sspi.h>

/*
 * Reads what a reply carries beyond its status. @status is the kernel's
 * SSPI_ATTR_STATUS; the return value is what the SSPI call returns. It reads
 * the reply from the calling thread's receive buffer: it must not make
 * another request.
 */
typedef int32_t (*sspi_reply_fn)(const struct nlmsghdr *reply, int32_t status,
				 void *arg);

/*
 * Starts a request for @cmd in the calling thread's request buffer (other
 * threads make theirs meanwhile). NULL when the module cannot be reached
 * (*status SEC_E_INTERNAL_ERROR) or the buffer cannot be had
 * (SEC_E_INSUFFICIENT_MEMORY).
 */
struct nlmsghdr *sspi_request_begin(uint8_t cmd, int32_t *status);

/*
 * Sends @req (from sspi_request_begin(), attributes added with mnl_attr_put*),
 * waits for its reply, calls @fn (may be NULL) with it and wipes @req.
 * Returns the SSPI status of the call.
 */
int32_t sspi_transact(struct nlmsghdr *req, sspi_reply_fn fn, void *arg);

/*
 * sspi_transact() for a request that goes on in @niov - 1 more parts, the
 * caller's own memory sent as it is (no copy, nothing left to wipe):
 * iov[1..] hold the rest of the request, iov[0] is for @req, whose own
 * bytes are wiped once sent. Adds their length to req->nlmsg_len.
 * *@err (if not NULL) is set to the errno of a request that got no reply
 * (the kernel refused it, or it could not be sent), else to 0.
 */
int32_t sspi_transact_iov(struct nlmsghdr *req, struct iovec *iov, size_t niov,
			  sspi_reply_fn fn, void *arg, int *err);

/*
 * For requests answered by an ack only (the administrator's commands):
 * sends @req and waits for the ack; returns 0 or -errno.
 */
int sspi_request_ack(struct nlmsghdr *req);

/*
 * Sends @req as a dump; @fn sees each message. Returns 0 or -errno:
 * -EINTR when the kernel flagged the dump as inconsistent (what it dumps
 * changed under it), after @fn saw all of it; ask again.
 */
int sspi_dump(struct nlmsghdr *req, sspi_reply_fn fn, void *arg);

/* Wipes @req without sending it. */
void sspi_request_abort(struct nlmsghdr *req);

/* The payload offset of a reply's attributes, for mnl_attr_parse() & co. */
#define SSPI_GENL_HDRLEN	sizeof(struct genlmsghdr)

#endif /* SSPI_LIB_TRANSPORT_H */
