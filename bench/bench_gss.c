// SPDX-License-Identifier: GPL-2.0
/*
 * gss-ntlmssp in-process, driven from C through MIT's libgssapi_krb5 (the
 * mechanism is a plugin, OID 1.3.6.1.4.1.311.2.2.10). The acceptor reads
 * its accounts from $NTLM_USER_FILE (DOMAIN:USER:PASSWORD lines; bench/run
 * writes it). Same handshake as the others: initiate, accept, initiate,
 * accept, both contexts deleted; credentials once per thread.
 *
 *   bench_gss handshake THREADS MS
 *   bench_gss messages MS      gss_get_mic/gss_verify_mic, gss_wrap/gss_unwrap throughput
 */
#define _GNU_SOURCE
#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>

#include "bench.h"

#define IMPL "gss-ntlmssp"

static gss_OID_desc ntlm_oid = { 10, (void *)"\x2b\x06\x01\x04\x01\x82\x37\x02\x02\x0a" };
static gss_OID_set_desc ntlm_set = { 1, &ntlm_oid };
#define FLAGS (GSS_C_INTEG_FLAG | GSS_C_CONF_FLAG | GSS_C_REPLAY_FLAG | GSS_C_SEQUENCE_FLAG)

struct peer_state {
	gss_cred_id_t client, server;
	gss_name_t target;
};

static void *hs_setup(unsigned int thread)
{
	struct peer_state *s = calloc(1, sizeof(*s));
	gss_buffer_desc user = { sizeof(BENCH_DOMAIN "\\" BENCH_USER) - 1,
				 (void *)(BENCH_DOMAIN "\\" BENCH_USER) };
	gss_buffer_desc pw = { sizeof(BENCH_PASSWORD) - 1, (void *)BENCH_PASSWORD };
	gss_buffer_desc svc = { sizeof("cifs@bench.example") - 1, (void *)"cifs@bench.example" };
	gss_name_t name;
	OM_uint32 maj, min;

	(void)thread;
	if (!s)
		return NULL;
	maj = gss_import_name(&min, &user, GSS_C_NT_USER_NAME, &name);
	if (maj == GSS_S_COMPLETE) {
		maj = gss_acquire_cred_with_password(&min, name, &pw, GSS_C_INDEFINITE, &ntlm_set,
						     GSS_C_INITIATE, &s->client, NULL, NULL);
		gss_release_name(&min, &name);
	}
	if (maj == GSS_S_COMPLETE)
		maj = gss_acquire_cred(&min, GSS_C_NO_NAME, GSS_C_INDEFINITE, &ntlm_set,
				       GSS_C_ACCEPT, &s->server, NULL, NULL);
	if (maj == GSS_S_COMPLETE)
		maj = gss_import_name(&min, &svc, GSS_C_NT_HOSTBASED_SERVICE, &s->target);
	if (maj != GSS_S_COMPLETE) {
		fprintf(stderr, "gss setup: major 0x%x minor 0x%x\n", maj, min);
		free(s);
		return NULL;
	}
	return s;
}

static void hs_teardown(void *state)
{
	struct peer_state *s = state;
	OM_uint32 min;

	gss_release_cred(&min, &s->client);
	gss_release_cred(&min, &s->server);
	gss_release_name(&min, &s->target);
	free(s);
}

/* A whole handshake, both contexts left established (or deleted on failure). */
static bool handshake_keep(struct peer_state *s, gss_ctx_id_t *cp, gss_ctx_id_t *svp)
{
	gss_ctx_id_t c = GSS_C_NO_CONTEXT, sv = GSS_C_NO_CONTEXT;
	gss_buffer_desc ctok = GSS_C_EMPTY_BUFFER, stok = GSS_C_EMPTY_BUFFER;
	OM_uint32 maj, min;
	bool ok = false;
	int leg;

	/* initiate, accept, initiate, accept */
	for (leg = 0; leg < 4; leg++) {
		if (!(leg & 1)) {
			gss_release_buffer(&min, &ctok);
			maj = gss_init_sec_context(&min, s->client, &c, s->target, &ntlm_oid, FLAGS,
						   0, GSS_C_NO_CHANNEL_BINDINGS, &stok, NULL,
						   &ctok, NULL, NULL);
			if (maj != (leg ? GSS_S_COMPLETE : GSS_S_CONTINUE_NEEDED))
				goto out;
		} else {
			gss_release_buffer(&min, &stok);
			maj = gss_accept_sec_context(&min, &sv, s->server, &ctok,
						     GSS_C_NO_CHANNEL_BINDINGS, NULL, NULL, &stok,
						     NULL, NULL, NULL);
			if (maj != (leg == 1 ? GSS_S_CONTINUE_NEEDED : GSS_S_COMPLETE))
				goto out;
		}
	}
	ok = true;
out:
	if (!ok)
		fprintf(stderr, "gss handshake: leg %d major 0x%x minor 0x%x\n", leg, maj, min);
	gss_release_buffer(&min, &ctok);
	gss_release_buffer(&min, &stok);
	if (!ok) {
		gss_delete_sec_context(&min, &c, GSS_C_NO_BUFFER);
		gss_delete_sec_context(&min, &sv, GSS_C_NO_BUFFER);
	}
	*cp = c;
	*svp = sv;
	return ok;
}

static bool hs_op(void *state)
{
	gss_ctx_id_t c, sv;
	OM_uint32 min;

	if (!handshake_keep(state, &c, &sv))
		return false;
	gss_delete_sec_context(&min, &c, GSS_C_NO_BUFFER);
	gss_delete_sec_context(&min, &sv, GSS_C_NO_BUFFER);
	return true;
}

static const struct bench_ops hs_ops = { hs_setup, hs_op, hs_teardown };

struct msg_pair {
	gss_ctx_id_t client, server;
};

/*
 * gss_get_mic + gss_verify_mic, or gss_wrap (confidentiality) + gss_unwrap:
 * GSS hands out new buffers, so the unwrapped message is copied back.
 */
static int msg_round(void *state, unsigned char *buf, size_t len, bool seal)
{
	struct msg_pair *p = state;
	gss_buffer_desc in = { len, buf }, tok = GSS_C_EMPTY_BUFFER, out = GSS_C_EMPTY_BUFFER;
	OM_uint32 maj, min;
	int conf = 0;

	if (!seal) {
		maj = gss_get_mic(&min, p->client, GSS_C_QOP_DEFAULT, &in, &tok);
		if (maj == GSS_S_COMPLETE)
			maj = gss_verify_mic(&min, p->server, &in, &tok, NULL);
		gss_release_buffer(&min, &tok);
		return maj == GSS_S_COMPLETE;
	}
	maj = gss_wrap(&min, p->client, 1, GSS_C_QOP_DEFAULT, &in, &conf, &tok);
	if (maj == GSS_S_COMPLETE && conf)
		maj = gss_unwrap(&min, p->server, &tok, &out, &conf, NULL);
	else if (maj == GSS_S_COMPLETE)
		maj = GSS_S_FAILURE;	/* not sealed */
	if (maj == GSS_S_COMPLETE && out.length == len)
		memcpy(buf, out.value, len);
	else if (maj == GSS_S_COMPLETE)
		maj = GSS_S_FAILURE;
	gss_release_buffer(&min, &tok);
	gss_release_buffer(&min, &out);
	return maj == GSS_S_COMPLETE && conf;
}

int main(int argc, char **argv)
{
	struct peer_state *s;
	struct msg_pair p;
	OM_uint32 min;

	if (argc < 3 || (strcmp(argv[1], "handshake") && strcmp(argv[1], "messages")))
		bench_die("usage: %s handshake THREADS MS | messages MS", argv[0]);
	if (!getenv("NTLM_USER_FILE"))
		bench_die("NTLM_USER_FILE is not set");
	if (!strcmp(argv[1], "messages")) {
		s = hs_setup(0);
		if (!s || !handshake_keep(s, &p.client, &p.server))
			bench_die("messages: no contexts");
		bench_msg_run(IMPL, &p, msg_round, (unsigned int)strtoul(argv[2], NULL, 0));
		gss_delete_sec_context(&min, &p.client, GSS_C_NO_BUFFER);
		gss_delete_sec_context(&min, &p.server, GSS_C_NO_BUFFER);
		hs_teardown(s);
		return 0;
	}
	if (argc < 4)
		bench_die("usage: %s handshake THREADS MS", argv[0]);
	unsigned int threads = (unsigned int)strtoul(argv[2], NULL, 0);

	bench_emit(IMPL, "handshake_rate", threads,
		   bench_rate(&hs_ops, threads, (unsigned int)strtoul(argv[3], NULL, 0)),
		   "handshakes/s");
	return 0;
}
