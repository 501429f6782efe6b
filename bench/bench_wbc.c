// SPDX-License-Identifier: GPL-2.0
/*
 * What winbind and the domain controller cost alone, without sspi.ko or
 * sspi-authd (bench/domain runs it beside the pass-through figures):
 *
 *   bench_wbc DOMAIN THREADS MS
 *
 * wbcCtxAuthenticateUserEx of DOMAIN\benchuser (bench.h's password) at the
 * plaintext level, as often as MS allows,
 * in THREADS threads, each with its own winbind connection (as each of
 * sspi-authd's workers has): winbind makes the NTLM response itself and has
 * the DC check it. Prints one JSON line (wbc_auth_rate, logons/s).
 */
#define _GNU_SOURCE
#include "bench.h"	/* first: wbclient.h needs <stdint.h> and <stdbool.h> */

#include <wbclient.h>

static const char *domain;

static void *wbc_setup(unsigned int thread)
{
	(void)thread;
	return wbcCtxCreate();
}

static bool wbc_op(void *state)
{
	struct wbcAuthUserParams params = {
		.account_name = BENCH_USER,
		.domain_name = domain,
		.level = WBC_AUTH_USER_LEVEL_PLAIN,
		.password.plaintext = BENCH_PASSWORD,
	};
	struct wbcAuthUserInfo *info = NULL;
	struct wbcAuthErrorInfo *error = NULL;
	wbcErr ret = wbcCtxAuthenticateUserEx(state, &params, &info, &error);

	if (ret != WBC_ERR_SUCCESS)
		fprintf(stderr, "wbcAuthenticateUserEx: %s\n",
			error ? error->nt_string : wbcErrorString(ret));
	wbcFreeMemory(info);
	wbcFreeMemory(error);
	return ret == WBC_ERR_SUCCESS;
}

static void wbc_teardown(void *state)
{
	wbcCtxFree(state);
}

static const struct bench_ops wbc_ops = { wbc_setup, wbc_op, wbc_teardown };

int main(int argc, char **argv)
{
	unsigned int threads;

	if (argc != 4)
		bench_die("usage: %s DOMAIN THREADS MS", argv[0]);
	domain = argv[1];
	threads = (unsigned int)strtoul(argv[2], NULL, 0);
	bench_emit("winbind", "wbc_auth_rate", threads,
		   bench_rate(&wbc_ops, threads, (unsigned int)strtoul(argv[3], NULL, 0)),
		   "logons/s");
	return 0;
}
