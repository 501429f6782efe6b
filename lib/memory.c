// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * FreeContextBuffer: every buffer libsspi hands out (package lists, tokens
 * with ISC_REQ_ALLOCATE_MEMORY, attribute strings) is one malloc() block.
 */
#include <stdlib.h>

#include "export.h"
#include <sspi.h>

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY FreeContextBuffer(PVOID pvContextBuffer)
{
	free(pvContextBuffer);
	return SEC_E_OK;
}
