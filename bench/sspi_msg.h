/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One sign/seal round through the SSPI API, for bench_sspi (libsspi) and
 * bench_winpr (WinPR): include after the SSPI header and bench.h. The
 * client signs (MakeSignature) or seals (EncryptMessage) in place, the
 * server verifies (VerifySignature) or unseals (DecryptMessage).
 */
#ifndef SSPI_BENCH_MSG_H
#define SSPI_BENCH_MSG_H

struct msg_pair {
	CtxtHandle client, server;
};

/*
 * 1 if the round went through, 0 if not, -1 if the library does not
 * implement the first call (WinPR 2.11 has no MakeSignature: "TODO").
 */
BENCH_FN int msg_round(void *state, unsigned char *buf, size_t len, bool seal)
{
	struct msg_pair *p = state;
	unsigned char sig[16];
	SecBuffer b[2] = { { sizeof(sig), SECBUFFER_TOKEN, sig },
			   { (ULONG)len, SECBUFFER_DATA, buf } };
	SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
	SECURITY_STATUS st;
	ULONG qop = 0;

	st = seal ? EncryptMessage(&p->client, 0, &d, 0) : MakeSignature(&p->client, 0, &d, 0);
	if (st == SEC_E_UNSUPPORTED_FUNCTION)
		return -1;
	if (st != SEC_E_OK)
		return 0;
	st = seal ? DecryptMessage(&p->server, &d, 0, &qop) : VerifySignature(&p->server, &d, 0, &qop);
	return st == SEC_E_OK;
}

#endif
