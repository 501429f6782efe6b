// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for kmod/ntlm/message.c: every input goes through the
 * three message parsers, the NTLMv2 client blob parser and the AV pair
 * validator. What is accepted must hold up: every view lies inside the
 * input (and after the fixed header, the VERSION and the MIC), views do not
 * overlap, the rules of message.h hold, and building from the parsed form
 * gives a message that parses back to the same fields.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "message.h"

#define CHECK(c)							\
	do {								\
		if (!(c)) {						\
			fprintf(stderr, "%s:%d: %s\n", __FILE__,	\
				__LINE__, #c);				\
			abort();					\
		}							\
	} while (0)

/* @v lies in [@d + @from, @d + @n) */
static void inside(const struct ntlm_view *v, const u8 *d, size_t n,
		   size_t from)
{
	if (!v->len) {
		CHECK(!v->data);
		return;
	}
	CHECK(v->data >= d + from && v->data <= d + n);
	CHECK(v->len <= (size_t)(d + n - v->data));
}

static void apart(const struct ntlm_view *const *v, int n)
{
	int i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < i; j++)
			CHECK(!v[i]->len || !v[j]->len ||
			      v[i]->data >= v[j]->data + v[j]->len ||
			      v[j]->data >= v[i]->data + v[i]->len);
}

static bool same(const struct ntlm_view *a, const struct ntlm_view *b)
{
	return a->len == b->len && (!a->len || !memcmp(a->data, b->data,
							 a->len));
}

/* Where the payload may start, at the earliest; a MIC is always at 72 */
static size_t payload_start(size_t hdr, bool version, bool mic)
{
	if (mic)
		return NTLM_AUTH_MIC_OFFSET + NTLM_MIC_SIZE;
	return hdr + (version ? NTLM_VERSION_SIZE : 0);
}

static void negotiate(const u8 *d, size_t n)
{
	struct ntlm_negotiate m, p;
	const struct ntlm_view *v[] = { &m.domain, &m.workstation };
	ssize_t size;
	u8 *buf;
	int i;

	if (ntlm_parse_negotiate(d, n, &m))
		return;
	for (i = 0; i < 2; i++)
		inside(v[i], d, n, payload_start(NTLM_NEGOTIATE_HDR_SIZE,
						 m.has_version, false));
	apart(v, 2);

	size = ntlm_negotiate_size(&m);
	CHECK(size > 0 && (size_t)size <= n);
	buf = malloc(size);
	CHECK(buf && ntlm_build_negotiate(buf, size, &m) == size);
	CHECK(!ntlm_parse_negotiate(buf, size, &p));
	CHECK(p.flags == m.flags && p.has_version == m.has_version);
	CHECK(same(&p.domain, &m.domain) &&
	      same(&p.workstation, &m.workstation));
	CHECK(!memcmp(&p.version, &m.version, sizeof(p.version)));
	free(buf);
}

static void challenge(const u8 *d, size_t n)
{
	struct ntlm_challenge m, p;
	const struct ntlm_view *v[] = { &m.target_name, &m.target_info };
	ssize_t size;
	u8 *buf;
	int i;

	if (ntlm_parse_challenge(d, n, &m))
		return;
	for (i = 0; i < 2; i++)
		inside(v[i], d, n, payload_start(NTLM_CHALLENGE_HDR_SIZE,
						 m.has_version, false));
	apart(v, 2);
	if (m.flags & NTLMSSP_NEGOTIATE_UNICODE)
		CHECK(!(m.target_name.len & 1));
	if (m.target_info.len)
		CHECK(ntlm_av_validate(m.target_info.data,
				       m.target_info.len) > 0);

	size = ntlm_challenge_size(&m);
	CHECK(size > 0 && (size_t)size <= n);
	buf = malloc(size);
	CHECK(buf && ntlm_build_challenge(buf, size, &m) == size);
	CHECK(!ntlm_parse_challenge(buf, size, &p));
	CHECK(p.flags == m.flags && p.has_version == m.has_version);
	CHECK(!memcmp(p.server_challenge, m.server_challenge, 8));
	CHECK(same(&p.target_name, &m.target_name) &&
	      same(&p.target_info, &m.target_info));
	CHECK(!memcmp(&p.version, &m.version, sizeof(p.version)));
	free(buf);
}

static void authenticate(const u8 *d, size_t n)
{
	struct ntlm_authenticate m, p;
	const struct ntlm_view *v[] = {
		&m.lm_response, &m.nt_response, &m.domain, &m.user,
		&m.workstation, &m.session_key,
	};
	const struct ntlm_view *pv[] = {
		&p.lm_response, &p.nt_response, &p.domain, &p.user,
		&p.workstation, &p.session_key,
	};
	size_t mic_offset;
	ssize_t size;
	u8 *buf;
	int i;

	if (ntlm_parse_authenticate(d, n, &m))
		return;
	for (i = 0; i < 6; i++)
		inside(v[i], d, n, payload_start(NTLM_AUTHENTICATE_HDR_SIZE,
						 m.has_version, m.has_mic));
	apart(v, 6);
	/* a VERSION only with its flag */
	CHECK(!m.has_version || (m.flags & NTLMSSP_NEGOTIATE_VERSION));
	if (m.has_mic) {
		CHECK(m.mic_offset == NTLM_AUTH_MIC_OFFSET);
		CHECK(m.mic.data == d + NTLM_AUTH_MIC_OFFSET);
		CHECK(m.mic.len == NTLM_MIC_SIZE);
		inside(&m.mic, d, n, NTLM_AUTHENTICATE_HDR_SIZE);
	} else {
		CHECK(!m.mic_offset && !m.mic.data && !m.mic.len);
	}
	CHECK(!m.session_key.len || m.session_key.len == 16);
	/* anonymous, LM alone, or an NT response with or without LM */
	CHECK((!m.nt_response.len &&
	       (m.lm_response.len <= 1 || m.lm_response.len == 24)) ||
	      (m.nt_response.len >= 24 &&
	       (!m.lm_response.len || m.lm_response.len == 24)));
	if (m.flags & NTLMSSP_NEGOTIATE_UNICODE)
		CHECK(!((m.domain.len | m.user.len | m.workstation.len) & 1));
	if (m.nt_response.len > 24) {
		struct ntlm_client_blob cb;
		struct ntlm_av_pair flags;

		CHECK(!ntlm_parse_client_blob(m.nt_response.data + 16,
					      m.nt_response.len - 16, &cb));
		/* a MIC announced is a MIC present, and the other way round */
		CHECK(m.has_mic ==
		      (!ntlm_av_find(cb.av.data, cb.av.len, NTLM_AV_FLAGS,
				     &flags) &&
		       (get_unaligned_le32(flags.value) &
			NTLM_AV_FLAG_MIC_PRESENT)));
	} else {
		CHECK(!m.has_mic);
	}

	size = ntlm_authenticate_size(&m);
	CHECK(size > 0 && (size_t)size <= n);
	buf = malloc(size);
	CHECK(buf);
	CHECK(ntlm_build_authenticate(buf, size, &m, &mic_offset) == size);
	CHECK(mic_offset == m.mic_offset);
	CHECK(!ntlm_parse_authenticate(buf, size, &p));
	CHECK(p.flags == m.flags && p.has_version == m.has_version &&
	      p.has_mic == m.has_mic && p.mic_offset == m.mic_offset);
	for (i = 0; i < 6; i++)
		CHECK(same(pv[i], v[i]));
	CHECK(!memcmp(&p.version, &m.version, sizeof(p.version)));
	free(buf);
}

static void blob(const u8 *d, size_t n)
{
	struct ntlm_client_blob m, p;
	ssize_t size;
	u8 *buf;

	if (ntlm_parse_client_blob(d, n, &m))
		return;
	inside(&m.av, d, n, NTLMV2_BLOB_HDR_SIZE);
	CHECK(m.av.data == d + NTLMV2_BLOB_HDR_SIZE);
	CHECK(ntlm_av_validate(m.av.data, m.av.len) == (ssize_t)m.av.len);

	size = ntlm_client_blob_size(&m);
	CHECK(size > 0);
	buf = malloc(size);
	CHECK(buf && ntlm_build_client_blob(buf, size, &m) == size);
	CHECK(!ntlm_parse_client_blob(buf, size, &p));
	CHECK(p.timestamp == m.timestamp && same(&p.av, &m.av));
	CHECK(!memcmp(p.client_challenge, m.client_challenge, 8));
	free(buf);
}

static void av_list(const u8 *d, size_t n)
{
	struct ntlm_av_builder b;
	struct ntlm_av_pair pair, found;
	struct ntlm_av_iter it;
	ssize_t len = ntlm_av_validate(d, n);
	u8 *buf;
	int r;

	if (len < 0)
		return;
	CHECK(len >= NTLM_AV_HDR_SIZE && (size_t)len <= n);
	ntlm_av_iter_init(&it, d, n);
	while ((r = ntlm_av_next(&it, &pair)) > 0) {
		CHECK(pair.id != NTLM_AV_EOL);
		CHECK(pair.value >= d + NTLM_AV_HDR_SIZE &&
		      pair.value + pair.len <= d + len);
		CHECK(!ntlm_av_find(d, n, pair.id, &found));
		CHECK(found.id == pair.id);
		if (pair.id < 64)
			CHECK(found.value == pair.value);
	}
	CHECK(r == 0 && it.pos == d + len);

	/* copied whole, the list comes out the same */
	buf = malloc(len);
	CHECK(buf);
	ntlm_av_builder_init(&b, buf, len);
	CHECK(!ntlm_av_put_list(&b, d, n, 0));
	CHECK(ntlm_av_finish(&b) == len && !memcmp(buf, d, len));
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	negotiate(data, size);
	challenge(data, size);
	authenticate(data, size);
	blob(data, size);
	av_list(data, size);
	return 0;
}
