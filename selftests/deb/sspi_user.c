// SPDX-License-Identifier: GPL-2.0
/*
 * A program as a user of the installed packages writes it: <sspi.h> and
 * `cc prog.c $(pkg-config --cflags --libs sspi)`, nothing from this tree.
 * package_test.sh builds and runs it in the guest.
 *   sspi_user packages                       the packages the module offers
 *   sspi_user handshake DOMAIN USER PASSWORD  an NTLM handshake against the
 *                                            module's accounts, then a
 *                                            signature; prints the status
 */
#include <stdio.h>
#include <string.h>
#include <sspi.h>

static int packages(void)
{
	PSecPkgInfoA pkgs;
	ULONG n, i;
	SECURITY_STATUS st = EnumerateSecurityPackagesA(&n, &pkgs);

	if (st != SEC_E_OK) {
		printf("EnumerateSecurityPackagesA: 0x%08x\n", (unsigned int)st);
		return 1;
	}
	for (i = 0; i < n; i++)
		printf("%s\n", pkgs[i].Name);
	FreeContextBuffer(pkgs);
	return 0;
}

struct token {
	SecBuffer buf;
	SecBufferDesc desc;
	unsigned char data[4096];
};

static SecBufferDesc *token_out(struct token *t)
{
	t->buf = (SecBuffer){ sizeof(t->data), SECBUFFER_TOKEN, t->data };
	t->desc = (SecBufferDesc){ SECBUFFER_VERSION, 1, &t->buf };
	return &t->desc;
}

/* The client as DOMAIN\USER with PASSWORD, the server on the module's accounts. */
static SECURITY_STATUS handshake(char **id, CtxtHandle *client, CtxtHandle *server,
				 CredHandle *ccred, CredHandle *scred)
{
	SEC_WINNT_AUTH_IDENTITY_A who = {
		(unsigned char *)id[1], strlen(id[1]), (unsigned char *)id[0], strlen(id[0]),
		(unsigned char *)id[2], strlen(id[2]), SEC_WINNT_AUTH_IDENTITY_ANSI,
	};
	ULONG isc = ISC_REQ_CONNECTION | ISC_REQ_INTEGRITY, asc = ASC_REQ_CONNECTION |
		ASC_REQ_INTEGRITY, attrs;
	struct token nego, chal, auth, done;
	SECURITY_STATUS st;

	st = AcquireCredentialsHandleA(NULL, "NTLM", SECPKG_CRED_OUTBOUND, NULL, &who,
				       NULL, NULL, ccred, NULL);
	if (st != SEC_E_OK)
		return st;
	st = AcquireCredentialsHandleA(NULL, "NTLM", SECPKG_CRED_INBOUND, NULL, NULL,
				       NULL, NULL, scred, NULL);
	if (st != SEC_E_OK)
		return st;
	st = InitializeSecurityContextA(ccred, NULL, "host/server", isc, 0, 0, NULL, 0,
					client, token_out(&nego), &attrs, NULL);
	if (st != SEC_I_CONTINUE_NEEDED)
		return st;
	st = AcceptSecurityContext(scred, NULL, &nego.desc, asc, 0, server,
				   token_out(&chal), &attrs, NULL);
	if (st != SEC_I_CONTINUE_NEEDED)
		return st;
	st = InitializeSecurityContextA(ccred, client, "host/server", isc, 0, 0, &chal.desc,
					0, client, token_out(&auth), &attrs, NULL);
	if (st != SEC_E_OK)
		return st;
	return AcceptSecurityContext(scred, server, &auth.desc, asc, 0, server,
				     token_out(&done), &attrs, NULL);
}

/* The client signs, the server verifies. */
static SECURITY_STATUS sign(CtxtHandle *client, CtxtHandle *server)
{
	char msg[] = "signed through the installed libsspi";
	unsigned char sig[16];
	SecBuffer bufs[2] = {
		{ sizeof(msg), SECBUFFER_DATA, msg },
		{ sizeof(sig), SECBUFFER_TOKEN, sig },
	};
	SecBufferDesc desc = { SECBUFFER_VERSION, 2, bufs };
	ULONG qop;
	SECURITY_STATUS st = MakeSignature(client, 0, &desc, 0);

	return st ? st : VerifySignature(server, &desc, 0, &qop);
}

int main(int argc, char **argv)
{
	CredHandle ccred = { 0 }, scred = { 0 };
	CtxtHandle client = { 0 }, server = { 0 };
	SecPkgContext_NamesA names;
	SECURITY_STATUS st;

	if (argc == 2 && !strcmp(argv[1], "packages"))
		return packages();
	if (argc != 5 || strcmp(argv[1], "handshake")) {
		fprintf(stderr, "usage: sspi_user packages | handshake DOMAIN USER PASSWORD\n");
		return 2;
	}
	st = handshake(argv + 2, &client, &server, &ccred, &scred);
	if (st == SEC_E_OK)
		st = sign(&client, &server);
	if (st == SEC_E_OK)
		st = QueryContextAttributesA(&server, SECPKG_ATTR_NAMES, &names);
	if (st == SEC_E_OK) {
		printf("authenticated %s\n", names.sUserName);
		FreeContextBuffer(names.sUserName);
	} else {
		printf("status 0x%08x\n", (unsigned int)st);
	}
	DeleteSecurityContext(&client);
	DeleteSecurityContext(&server);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
	return st != SEC_E_OK;
}
