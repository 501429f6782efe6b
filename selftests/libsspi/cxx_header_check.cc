// SPDX-License-Identifier: GPL-2.0
/*
 * Build-only check: <security.h> compiles as C++ (extern "C", char16_t, the
 * SECURITY_INTEGER union), and calls look as they do on Windows.
 */
#define SECURITY_WIN32
#include <security.h>

static_assert(sizeof(ULONG) == 4, "ULONG is 32-bit");
static_assert(sizeof(SEC_WCHAR) == 2, "SEC_WCHAR is a UTF-16 unit");
static_assert(sizeof(SecHandle) == 2 * sizeof(void *), "SecHandle");
static_assert(sizeof(TimeStamp) == 8, "TimeStamp");

extern "C" PSecurityFunctionTableW get_table(void);

PSecurityFunctionTableW get_table(void)
{
	INIT_SECURITY_INTERFACE_W init = InitSecurityInterfaceW;
	static const SEC_WCHAR user[] = u"user";
	SEC_WINNT_AUTH_IDENTITY_W id = {};
	TimeStamp ts;

	id.User = (unsigned short *)user;	/* the SDK's idiom */
	id.UserLength = 4;
	id.Flags = SEC_WINNT_AUTH_IDENTITY_UNICODE;
	ts.QuadPart = 0;
	ts.LowPart = ts.u.LowPart;
	(void)id;
	return init();
}
