// SPDX-License-Identifier: GPL-2.0
/*
 * Session security through libsspi, both sides in the kernel: MakeSignature,
 * VerifySignature, EncryptMessage and DecryptMessage both ways after an
 * NTLMv2 handshake, at several sizes and in sequence; and how they fail:
 * altered data, replays and reordering, bad QOP, unfinished contexts,
 * small tokens, read-only buffers. Buffers of 1 KiB and more are signed
 * and sealed in place by the module (SSPI_ATTR_DATA_INPLACE), smaller ones
 * travel in the request and reply: the tests take sizes on both sides, and
 * buffers the module cannot reach.
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "guest.h"
#include "kmsg.h"

FIXTURE(msg) {
	struct run r;	/* credentials made here, a handshake's contexts */
	int kmsg;
};

/* A whole handshake with the given requirements; SEC_E_OK when both ends agree. */
static SECURITY_STATUS handshake(FIXTURE_DATA(msg) *self, ULONG isc, ULONG asc,
				 bool finish)
{
	struct handshake h;

	handshake_init(&h);
	h.creds_given = true;
	h.target = "HTTP/server";
	h.isc = isc;
	h.asc = asc;
	h.last = finish ? HS_DONE : HS_AUTHENTICATE;
	return handshake_run(NULL, &self->r, &h);
}

FIXTURE_SETUP(msg)
{
	struct handshake h;

	ASSERT_EQ(0, only_default_account());
	/* Domain\User with "Password", and an acceptor */
	ASSERT_EQ(SEC_E_OK, run_acquire(run_init(&self->r), handshake_init(&h)));
	self->kmsg = kmsg_open_at_end();
}

FIXTURE_TEARDOWN(msg)
{
	run_free(&self->r);
	if (self->kmsg >= 0) {
		EXPECT_EQ(0, kmsg_new_records(self->kmsg));
		close(self->kmsg);
	}
}

/* A message: a signature token and one data buffer. */
struct message {
	SecBuffer bufs[2];
	SecBufferDesc desc;
	unsigned char sig[16];
};

static void message_init(struct message *m, void *data, size_t len)
{
	m->bufs[0] = (SecBuffer){ sizeof(m->sig), SECBUFFER_TOKEN, m->sig };
	m->bufs[1] = (SecBuffer){ (ULONG)len, SECBUFFER_DATA, data };
	m->desc = (SecBufferDesc){ SECBUFFER_VERSION, 2, m->bufs };
}

static void fill(unsigned char *p, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (unsigned char)(i * 31 + seed);
}

/* @from seals @len bytes, @to unseals them; both ways, @count times. */
static void seal_both_ways(struct __test_metadata *_metadata, FIXTURE_DATA(msg) *self,
			   size_t len, int count)
{
	unsigned char *plain = malloc(len + 1), *wire = malloc(len + 1);
	CtxtHandle *from, *to;
	struct message m;
	ULONG qop;
	int i;

	ASSERT_TRUE(plain && wire);
	for (i = 0; i < 2 * count; i++) {
		from = i & 1 ? &self->r.server : &self->r.client;
		to = i & 1 ? &self->r.client : &self->r.server;
		fill(plain, len, i);
		memcpy(wire, plain, len);
		message_init(&m, wire, len);
		ASSERT_EQ(SEC_E_OK, EncryptMessage(from, 0, &m.desc, 0));
		EXPECT_EQ(16, m.bufs[0].cbBuffer);
		EXPECT_EQ(1, m.sig[0]);
		if (len >= 16)
			EXPECT_NE(0, memcmp(plain, wire, len));
		qop = 99;
		ASSERT_EQ(SEC_E_OK, DecryptMessage(to, &m.desc, 0, &qop));
		EXPECT_EQ(99, qop);	/* left as it was, as Windows leaves it */
		EXPECT_EQ(0, memcmp(plain, wire, len));

		message_init(&m, plain, len);
		ASSERT_EQ(SEC_E_OK, MakeSignature(from, 0, &m.desc, 0));
		ASSERT_EQ(SEC_E_OK, VerifySignature(to, &m.desc, 0, &qop));
	}
	free(plain);
	free(wire);
}

TEST_F(msg, sizes_both_ways)
{
	static const size_t sizes[] = { 0, 1, 64, 1024, 16384, 65536, SSPI_MESSAGE_MAX };
	size_t i;

	ASSERT_EQ(SEC_E_OK, handshake(self, ISC_FLAGS, ASC_FLAGS, true));
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		seal_both_ways(_metadata, self, sizes[i], i < 4 ? 3 : 1);
}

TEST_F(msg, too_long_is_refused)
{
	size_t len = SSPI_MESSAGE_MAX + 1;
	unsigned char *p = calloc(1, len);
	struct message m;

	ASSERT_EQ(SEC_E_OK, handshake(self, ISC_FLAGS, ASC_FLAGS, true));
	message_init(&m, p, len);
	EXPECT_EQ(SEC_E_INVALID_PARAMETER, EncryptMessage(&self->r.client, 0, &m.desc, 0));
	/* nothing was consumed: the stream is still in step */
	seal_both_ways(_metadata, self, 100, 1);
	free(p);
}

TEST_F(msg, altered_data_and_signature)
{
	unsigned char data[100], copy[100];
	struct message m;
	ULONG qop;

	ASSERT_EQ(SEC_E_OK, handshake(self, ISC_FLAGS, ASC_FLAGS, true));
	fill(data, sizeof(data), 1);
	message_init(&m, data, sizeof(data));
	ASSERT_EQ(SEC_E_OK, EncryptMessage(&self->r.client, 0, &m.desc, 0));
	memcpy(copy, data, sizeof(data));
	data[50] ^= 1;
	EXPECT_EQ(SEC_E_MESSAGE_ALTERED, DecryptMessage(&self->r.server, &m.desc, 0, &qop));
	/* the receiver is as it was: the genuine message still passes */
	memcpy(data, copy, sizeof(data));
	m.sig[5] ^= 0x10;
	EXPECT_EQ(SEC_E_MESSAGE_ALTERED, DecryptMessage(&self->r.server, &m.desc, 0, &qop));
	m.sig[5] ^= 0x10;
	m.sig[0] = 2;
	EXPECT_EQ(SEC_E_MESSAGE_ALTERED, DecryptMessage(&self->r.server, &m.desc, 0, &qop));
	m.sig[0] = 1;
	EXPECT_EQ(SEC_E_OK, DecryptMessage(&self->r.server, &m.desc, 0, &qop));
	fill(copy, sizeof(copy), 1);
	EXPECT_EQ(0, memcmp(copy, data, sizeof(data)));

	/* signed only */
	message_init(&m, data, sizeof(data));
	ASSERT_EQ(SEC_E_OK, MakeSignature(&self->r.server, 0, &m.desc, 0));
	data[0] ^= 0x80;
	EXPECT_EQ(SEC_E_MESSAGE_ALTERED, VerifySignature(&self->r.client, &m.desc, 0, &qop));
	data[0] ^= 0x80;
	EXPECT_EQ(SEC_E_OK, VerifySignature(&self->r.client, &m.desc, 0, &qop));
}

TEST_F(msg, replay_and_reorder)
{
	unsigned char a[32], b[32], a_sig[16];
	struct message ma, mb;
	ULONG qop;

	ASSERT_EQ(SEC_E_OK, handshake(self, ISC_FLAGS, ASC_FLAGS, true));
	fill(a, sizeof(a), 1);
	fill(b, sizeof(b), 2);
	message_init(&ma, a, sizeof(a));
	message_init(&mb, b, sizeof(b));
	ASSERT_EQ(SEC_E_OK, MakeSignature(&self->r.client, 0, &ma.desc, 0));
	ASSERT_EQ(SEC_E_OK, MakeSignature(&self->r.client, 0, &mb.desc, 0));
	memcpy(a_sig, ma.sig, sizeof(a_sig));
	/* b before a */
	EXPECT_EQ(SEC_E_OUT_OF_SEQUENCE, VerifySignature(&self->r.server, &mb.desc, 0, &qop));
	EXPECT_EQ(SEC_E_OK, VerifySignature(&self->r.server, &ma.desc, 0, &qop));
	/* a again */
	EXPECT_EQ(SEC_E_OUT_OF_SEQUENCE, VerifySignature(&self->r.server, &ma.desc, 0, &qop));
	EXPECT_EQ(SEC_E_OK, VerifySignature(&self->r.server, &mb.desc, 0, &qop));
	EXPECT_EQ(SEC_E_OUT_OF_SEQUENCE, VerifySignature(&self->r.server, &mb.desc, 0, &qop));
	/* sealed: a replay too */
	message_init(&ma, a, sizeof(a));
	ASSERT_EQ(SEC_E_OK, EncryptMessage(&self->r.server, 0, &ma.desc, 0));
	memcpy(b, a, sizeof(a));
	ASSERT_EQ(SEC_E_OK, DecryptMessage(&self->r.client, &ma.desc, 0, &qop));
	memcpy(a, b, sizeof(a));
	EXPECT_EQ(SEC_E_OUT_OF_SEQUENCE, DecryptMessage(&self->r.client, &ma.desc, 0, &qop));
}

/* Integrity alone brings sequence detection, as on Windows (windows_test.c). */
TEST_F(msg, integrity_brings_sequence_detection)
{
	ULONG isc = ISC_REQ_CONNECTION | ISC_REQ_INTEGRITY | ISC_REQ_CONFIDENTIALITY;
	ULONG asc = ASC_REQ_CONNECTION | ASC_REQ_INTEGRITY | ASC_REQ_CONFIDENTIALITY;
	unsigned char a[8] = "abcdefg";
	struct message m;
	ULONG qop;

	ASSERT_EQ(SEC_E_OK, handshake(self, isc, asc, true));
	message_init(&m, a, sizeof(a));
	ASSERT_EQ(SEC_E_OK, MakeSignature(&self->r.client, 0, &m.desc, 0));
	ASSERT_EQ(SEC_E_OK, VerifySignature(&self->r.server, &m.desc, 0, &qop));
	EXPECT_EQ(SEC_E_OUT_OF_SEQUENCE, VerifySignature(&self->r.server, &m.desc, 0, &qop));
}

TEST_F(msg, qop)
{
	unsigned char a[40], plain[40];
	struct message m;
	ULONG qop = 7;

	ASSERT_EQ(SEC_E_OK, handshake(self, ISC_FLAGS, ASC_FLAGS, true));
	fill(a, sizeof(a), 3);
	memcpy(plain, a, sizeof(a));
	message_init(&m, a, sizeof(a));
	EXPECT_EQ(SEC_E_QOP_NOT_SUPPORTED, MakeSignature(&self->r.client, 1, &m.desc, 0));
	EXPECT_EQ(SEC_E_QOP_NOT_SUPPORTED,
		  MakeSignature(&self->r.client, SECQOP_WRAP_NO_ENCRYPT, &m.desc, 0));
	EXPECT_EQ(SEC_E_QOP_NOT_SUPPORTED, EncryptMessage(&self->r.client, 1, &m.desc, 0));
	/* sign-only wrap: in clear, checked by VerifySignature */
	ASSERT_EQ(SEC_E_OK, EncryptMessage(&self->r.client, SECQOP_WRAP_NO_ENCRYPT, &m.desc, 0));
	EXPECT_EQ(0, memcmp(plain, a, sizeof(a)));
	EXPECT_EQ(SEC_E_OK, VerifySignature(&self->r.server, &m.desc, 0, &qop));
	EXPECT_EQ(7, qop);	/* left as it was, as Windows leaves it */
	seal_both_ways(_metadata, self, 64, 1);
}

TEST_F(msg, unfinished_and_bad_contexts)
{
	unsigned char a[16] = { 0 };
	struct message m;
	CtxtHandle none = { 0, 0 }, bogus = { 12345, 2 };
	ULONG qop;

	/* the client is established, the server still waits for AUTHENTICATE */
	ASSERT_EQ(SEC_E_OK, handshake(self, ISC_FLAGS, ASC_FLAGS, false));
	message_init(&m, a, sizeof(a));
	EXPECT_EQ(SEC_E_INVALID_HANDLE, MakeSignature(&self->r.server, 0, &m.desc, 0));
	EXPECT_EQ(SEC_E_INVALID_HANDLE, EncryptMessage(&self->r.server, 0, &m.desc, 0));
	EXPECT_EQ(SEC_E_INVALID_HANDLE, VerifySignature(&self->r.server, &m.desc, 0, &qop));
	EXPECT_EQ(SEC_E_INVALID_HANDLE, DecryptMessage(&self->r.server, &m.desc, 0, &qop));
	EXPECT_EQ(SEC_E_INVALID_HANDLE, MakeSignature(&none, 0, &m.desc, 0));
	EXPECT_EQ(SEC_E_INVALID_HANDLE, MakeSignature(&bogus, 0, &m.desc, 0));
	EXPECT_EQ(SEC_E_OK, EncryptMessage(&self->r.client, 0, &m.desc, 0));
}

TEST_F(msg, no_confidentiality)
{
	ULONG isc = ISC_REQ_CONNECTION | ISC_REQ_INTEGRITY;
	ULONG asc = ASC_REQ_CONNECTION | ASC_REQ_INTEGRITY;
	unsigned char a[16] = { 0 };
	struct message m;
	ULONG qop;

	ASSERT_EQ(SEC_E_OK, handshake(self, isc, asc, true));
	message_init(&m, a, sizeof(a));
	EXPECT_EQ(SEC_E_UNSUPPORTED_FUNCTION, EncryptMessage(&self->r.client, 0, &m.desc, 0));
	ASSERT_EQ(SEC_E_OK, MakeSignature(&self->r.client, 0, &m.desc, 0));
	EXPECT_EQ(SEC_E_OK, VerifySignature(&self->r.server, &m.desc, 0, &qop));
}

TEST_F(msg, token_buffers)
{
	unsigned char a[16] = { 0 }, small[15];
	SecBuffer bufs[2] = {
		{ sizeof(small), SECBUFFER_TOKEN, small },
		{ sizeof(a), SECBUFFER_DATA, a },
	};
	SecBufferDesc desc = { SECBUFFER_VERSION, 2, bufs };
	ULONG qop;

	ASSERT_EQ(SEC_E_OK, handshake(self, ISC_FLAGS, ASC_FLAGS, true));
	EXPECT_EQ(SEC_E_BUFFER_TOO_SMALL, MakeSignature(&self->r.client, 0, &desc, 0));
	EXPECT_EQ(SEC_E_BUFFER_TOO_SMALL, EncryptMessage(&self->r.client, 0, &desc, 0));
	EXPECT_EQ(SEC_E_INVALID_TOKEN, VerifySignature(&self->r.server, &desc, 0, &qop));
	EXPECT_EQ(SEC_E_INVALID_TOKEN, DecryptMessage(&self->r.server, &desc, 0, &qop));
	desc.cBuffers = 1;
	bufs[0] = bufs[1];
	EXPECT_EQ(SEC_E_INVALID_TOKEN, MakeSignature(&self->r.client, 0, &desc, 0));
	/* nothing happened: still in step */
	seal_both_ways(_metadata, self, 10, 1);
}

/* DCE/RPC's way: header and trailer signed in clear, the body sealed. */
TEST_F(msg, readonly_buffers)
{
	unsigned char hdr[24], body[1000], trailer[8], skip[8], sig[16];
	unsigned char hdr0[24], body0[1000], skip0[8];
	SecBuffer bufs[5] = {
		{ sizeof(hdr), SECBUFFER_DATA | SECBUFFER_READONLY_WITH_CHECKSUM, hdr },
		{ sizeof(body), SECBUFFER_DATA, body },
		{ sizeof(skip), SECBUFFER_DATA | SECBUFFER_READONLY, skip },
		{ sizeof(trailer), SECBUFFER_DATA | SECBUFFER_READONLY_WITH_CHECKSUM, trailer },
		{ sizeof(sig), SECBUFFER_TOKEN, sig },
	};
	SecBufferDesc desc = { SECBUFFER_VERSION, 5, bufs };
	ULONG qop;

	ASSERT_EQ(SEC_E_OK, handshake(self, ISC_FLAGS, ASC_FLAGS, true));
	fill(hdr, sizeof(hdr), 1);
	fill(body, sizeof(body), 2);
	fill(trailer, sizeof(trailer), 3);
	fill(skip, sizeof(skip), 4);
	memcpy(hdr0, hdr, sizeof(hdr));
	memcpy(body0, body, sizeof(body));
	memcpy(skip0, skip, sizeof(skip));
	ASSERT_EQ(SEC_E_OK, EncryptMessage(&self->r.client, 0, &desc, 0));
	EXPECT_EQ(0, memcmp(hdr0, hdr, sizeof(hdr)));
	EXPECT_NE(0, memcmp(body0, body, sizeof(body)));
	EXPECT_EQ(0, memcmp(skip0, skip, sizeof(skip)));
	/* the READONLY buffer is not signed: changing it changes nothing */
	skip[0] ^= 0xff;
	ASSERT_EQ(SEC_E_OK, DecryptMessage(&self->r.server, &desc, 0, &qop));
	EXPECT_EQ(0, memcmp(body0, body, sizeof(body)));
	EXPECT_EQ(0, memcmp(hdr0, hdr, sizeof(hdr)));
	/* the READONLY_WITH_CHECKSUM ones are */
	ASSERT_EQ(SEC_E_OK, EncryptMessage(&self->r.client, 0, &desc, 0));
	hdr[3] ^= 1;
	EXPECT_EQ(SEC_E_MESSAGE_ALTERED, DecryptMessage(&self->r.server, &desc, 0, &qop));
	hdr[3] ^= 1;
	ASSERT_EQ(SEC_E_OK, DecryptMessage(&self->r.server, &desc, 0, &qop));
	EXPECT_EQ(0, memcmp(body0, body, sizeof(body)));
}

/* A refused DecryptMessage leaves the buffer as it came, in place or not. */
TEST_F(msg, refused_message_left_as_it_came)
{
	static const size_t sizes[] = { 100, 1024, 5000, 65536 };
	unsigned char *data = malloc(65536), *sealed = malloc(65536);
	struct message m;
	ULONG qop;
	size_t i;

	ASSERT_TRUE(data && sealed);
	ASSERT_EQ(SEC_E_OK, handshake(self, ISC_FLAGS, ASC_FLAGS, true));
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		fill(data, sizes[i], (unsigned int)i);
		message_init(&m, data, sizes[i]);
		ASSERT_EQ(SEC_E_OK, EncryptMessage(&self->r.client, 0, &m.desc, 0));
		memcpy(sealed, data, sizes[i]);
		m.sig[6] ^= 1;
		EXPECT_EQ(SEC_E_MESSAGE_ALTERED, DecryptMessage(&self->r.server, &m.desc, 0, &qop));
		EXPECT_EQ(0, memcmp(sealed, data, sizes[i]));
		m.sig[6] ^= 1;
		data[sizes[i] - 1] ^= 4;
		EXPECT_EQ(SEC_E_MESSAGE_ALTERED, DecryptMessage(&self->r.server, &m.desc, 0, &qop));
		sealed[sizes[i] - 1] ^= 4;
		EXPECT_EQ(0, memcmp(sealed, data, sizes[i]));
		data[sizes[i] - 1] ^= 4;
		/* the receiver is in step: the genuine message goes through */
		ASSERT_EQ(SEC_E_OK, DecryptMessage(&self->r.server, &m.desc, 0, &qop));
		fill(sealed, sizes[i], (unsigned int)i);
		EXPECT_EQ(0, memcmp(sealed, data, sizes[i]));
	}
	free(data);
	free(sealed);
}

/* Small and large buffers, sealed and signed-only ones, in one message. */
TEST_F(msg, buffers_in_place_and_copied_together)
{
	static const size_t lens[4] = { 100, 5000, 2000, 17 };
	static const ULONG types[4] = {
		SECBUFFER_DATA, SECBUFFER_DATA,
		SECBUFFER_DATA | SECBUFFER_READONLY_WITH_CHECKSUM, SECBUFFER_DATA,
	};
	unsigned char *data[4], *plain[4], sig[16];
	SecBuffer bufs[5];
	SecBufferDesc desc = { SECBUFFER_VERSION, 5, bufs };
	ULONG qop;
	int i, round;

	ASSERT_EQ(SEC_E_OK, handshake(self, ISC_FLAGS, ASC_FLAGS, true));
	for (i = 0; i < 4; i++) {
		data[i] = malloc(lens[i]);
		plain[i] = malloc(lens[i]);
		ASSERT_TRUE(data[i] && plain[i]);
		fill(plain[i], lens[i], (unsigned int)i + 7);
		bufs[i] = (SecBuffer){ (ULONG)lens[i], types[i], data[i] };
	}
	bufs[4] = (SecBuffer){ sizeof(sig), SECBUFFER_TOKEN, sig };
	for (round = 0; round < 2; round++) {
		for (i = 0; i < 4; i++)
			memcpy(data[i], plain[i], lens[i]);
		ASSERT_EQ(SEC_E_OK, EncryptMessage(&self->r.server, 0, &desc, 0));
		for (i = 0; i < 4; i++) {
			/* only the signed-only buffer is left in clear */
			EXPECT_EQ(i == 2, !memcmp(data[i], plain[i], lens[i])) {
				TH_LOG("buffer %d", i);
			}
		}
		if (round) {
			/* the signed-only one, left in place, is signed */
			data[2][1999] ^= 1;
			EXPECT_EQ(SEC_E_MESSAGE_ALTERED,
				  DecryptMessage(&self->r.client, &desc, 0, &qop));
			data[2][1999] ^= 1;
		}
		ASSERT_EQ(SEC_E_OK, DecryptMessage(&self->r.client, &desc, 0, &qop));
		for (i = 0; i < 4; i++)
			EXPECT_EQ(0, memcmp(data[i], plain[i], lens[i]));
	}
	for (i = 0; i < 4; i++) {
		free(data[i]);
		free(plain[i]);
	}
}

/*
 * Buffers the module cannot reach: read-only memory to seal, memory
 * that is not mapped (wholly or from its second page on), addresses
 * outside the process. SEC_E_INVALID_PARAMETER, and nothing consumed.
 */
TEST_F(msg, unreachable_buffers)
{
	long page = sysconf(_SC_PAGESIZE);
	unsigned char *ro, *gap, *sealed, sig[16];
	SecBuffer bufs[2] = { { sizeof(sig), SECBUFFER_TOKEN, sig }, { 0, SECBUFFER_DATA, NULL } };
	SecBufferDesc desc = { SECBUFFER_VERSION, 2, bufs };
	struct {
		void *addr;
		ULONG len;
	} bad[4];
	ULONG qop;
	int i;

	ASSERT_EQ(SEC_E_OK, handshake(self, ISC_FLAGS, ASC_FLAGS, true));
	ro = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	gap = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	ASSERT_NE(MAP_FAILED, gap);
	fill(ro, 2 * page, 3);
	ASSERT_EQ(0, mprotect(ro, 2 * page, PROT_READ));
	ASSERT_EQ(0, munmap(gap + page, page));

	/* read-only memory can be signed, not sealed */
	bufs[1] = (SecBuffer){ 5000, SECBUFFER_DATA, ro + 10 };
	ASSERT_EQ(SEC_E_OK, MakeSignature(&self->r.client, 0, &desc, 0));
	ASSERT_EQ(SEC_E_OK, VerifySignature(&self->r.server, &desc, 0, &qop));
	EXPECT_EQ(SEC_E_INVALID_PARAMETER, EncryptMessage(&self->r.client, 0, &desc, 0));
	EXPECT_EQ(SEC_E_INVALID_PARAMETER, DecryptMessage(&self->r.server, &desc, 0, &qop));

	bad[0].addr = gap + page;		/* not mapped */
	bad[0].len = 2048;
	bad[1].addr = gap + page - 100;		/* its second page is not */
	bad[1].len = 2048;
	bad[2].addr = (void *)(uintptr_t)0xffffffff81000000ULL;	/* the kernel's */
	bad[2].len = 4096;
	bad[3].addr = (void *)(UINTPTR_MAX - 1000);	/* wraps around */
	bad[3].len = 4096;
	for (i = 0; i < 4; i++) {
		bufs[1] = (SecBuffer){ bad[i].len, SECBUFFER_DATA, bad[i].addr };
		EXPECT_EQ(SEC_E_INVALID_PARAMETER, EncryptMessage(&self->r.client, 0, &desc, 0)) {
			TH_LOG("buffer %d", i);
		}
		EXPECT_EQ(SEC_E_INVALID_PARAMETER, MakeSignature(&self->r.client, 0, &desc, 0));
		EXPECT_EQ(SEC_E_INVALID_PARAMETER, VerifySignature(&self->r.server, &desc, 0, &qop));
	}
	/* nothing was consumed by the refusals: both ends are still in step */
	sealed = malloc(3000);
	ASSERT_NE(NULL, sealed);
	fill(sealed, 3000, 9);
	bufs[1] = (SecBuffer){ 3000, SECBUFFER_DATA, sealed };
	ASSERT_EQ(SEC_E_OK, EncryptMessage(&self->r.client, 0, &desc, 0));
	ASSERT_EQ(SEC_E_OK, DecryptMessage(&self->r.server, &desc, 0, &qop));
	seal_both_ways(_metadata, self, 2000, 1);
	free(sealed);
	munmap(ro, 2 * page);
	munmap(gap, page);
}

TEST_F(msg, sizes_are_consistent)
{
	SecPkgContext_Sizes sizes;

	ASSERT_EQ(SEC_E_OK, handshake(self, ISC_FLAGS, ASC_FLAGS, true));
	ASSERT_EQ(SEC_E_OK, QueryContextAttributesA(&self->r.client, SECPKG_ATTR_SIZES, &sizes));
	EXPECT_EQ(16, sizes.cbMaxSignature);
	EXPECT_EQ(16, sizes.cbSecurityTrailer);
	EXPECT_EQ(0, sizes.cbBlockSize);
}

TEST_HARNESS_MAIN
