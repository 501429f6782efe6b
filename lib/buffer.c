// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * SecBufferDesc and TimeStamp: reading and filling the structures SSPI
 * callers pass in.
 */
#define _GNU_SOURCE
#include <time.h>

#include "internal.h"

/* Far more buffers than any SSPI call takes: refuses garbage counts. */
#define SSPI_BUFFERS_MAX	64

int sspi_buffer_desc_ok(const SecBufferDesc *desc)
{
	return desc && desc->ulVersion == SECBUFFER_VERSION &&
	       desc->cBuffers <= SSPI_BUFFERS_MAX &&
	       (desc->pBuffers || !desc->cBuffers);
}

PSecBuffer sspi_buffer_find(PSecBufferDesc desc, ULONG type)
{
	ULONG i;

	if (!sspi_buffer_desc_ok(desc))
		return NULL;
	for (i = 0; i < desc->cBuffers; i++)
		if ((desc->pBuffers[i].BufferType & ~SECBUFFER_ATTRMASK) == type)
			return &desc->pBuffers[i];
	return NULL;
}

/* SSPI's "never" stays never; other times move to the local time zone. */
void sspi_timestamp_set(PTimeStamp ts, uint64_t utc_filetime)
{
	const uint64_t never = 0x7fffffffffffffffULL;
	const uint64_t unix_epoch = 116444736000000000ULL;
	struct tm tm;
	time_t secs;

	if (!ts)
		return;
	ts->QuadPart = (int64_t)utc_filetime;
	if (utc_filetime == never || utc_filetime < unix_epoch)
		return;
	secs = (time_t)((utc_filetime - unix_epoch) / 10000000);
	if (localtime_r(&secs, &tm))
		ts->QuadPart += (int64_t)tm.tm_gmtoff * 10000000;
}
