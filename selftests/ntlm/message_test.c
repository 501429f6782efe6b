// SPDX-License-Identifier: GPL-2.0
/*
 * The NTLMSSP wire format layer (kmod/ntlm/message.c) on the host: the
 * MS-NLMP 4.2.4.3 messages field by field, build/parse round trips, every
 * truncation, mutated field descriptors, and the content rules (UTF-16
 * lengths, response and key lengths, AV pairs, VERSION/MIC placement).
 * Inputs are given to the parsers in heap buffers of their exact size, so
 * AddressSanitizer catches a read past the end.
 */
#include <stdlib.h>

#include "kselftest_harness.h"
#include "samples.h"

/* Header layouts, from MS-NLMP 2.2.1, written out again here on purpose */
#define NEG_HDR		32
#define CHAL_HDR	48
#define AUTH_HDR	64
#define NEG_FLAGS_AT	12
#define CHAL_FLAGS_AT	20
#define AUTH_FLAGS_AT	60
#define AUTH_LM		12
#define AUTH_NT		20
#define AUTH_DOMAIN	28
#define AUTH_USER	36
#define AUTH_WKS	44
#define AUTH_KEY	52

static const size_t neg_fields[] = { 16, 24 };
static const size_t chal_fields[] = { 12, 40 };
static const size_t auth_fields[] = {
	AUTH_LM, AUTH_NT, AUTH_DOMAIN, AUTH_USER, AUTH_WKS, AUTH_KEY
};

union parsed {
	struct ntlm_negotiate n;
	struct ntlm_challenge c;
	struct ntlm_authenticate a;
	struct ntlm_client_blob b;
};

static struct sample samples[MAX_SAMPLES];
static int nsamples;

static void need_samples(void)
{
	if (!nsamples)
		nsamples = load_samples(samples);
}

static u8 *copy(const void *p, size_t n)
{
	u8 *c = malloc(n ? n : 1);

	if (!c)
		abort();
	if (n)
		memcpy(c, p, n);
	return c;
}

static size_t parsed_size(enum kind k)
{
	switch (k) {
	case NEGOTIATE:
		return sizeof(struct ntlm_negotiate);
	case CHALLENGE:
		return sizeof(struct ntlm_challenge);
	case AUTHENTICATE:
		return sizeof(struct ntlm_authenticate);
	case BLOB:
		return sizeof(struct ntlm_client_blob);
	default:
		return 0;
	}
}

/*
 * Parses @len bytes of @tok as @k from an exact-size copy, into @out
 * filled with junk first. Views in @out point into the copy, which is
 * leaked on purpose (a few KiB per test).
 */
static int parse(enum kind k, const u8 *tok, size_t len, union parsed *out)
{
	u8 *t = copy(tok, len);
	ssize_t r;

	memset(out, 0xa5, sizeof(*out));
	switch (k) {
	case NEGOTIATE:
		return ntlm_parse_negotiate(t, len, &out->n);
	case CHALLENGE:
		return ntlm_parse_challenge(t, len, &out->c);
	case AUTHENTICATE:
		return ntlm_parse_authenticate(t, len, &out->a);
	case BLOB:
		return ntlm_parse_client_blob(t, len, &out->b);
	case AV_LIST:
		memset(out, 0, sizeof(*out));
		r = ntlm_av_validate(t, len);
		return r < 0 ? (int)r : 0;
	}
	return -1;
}

static bool zeroed(enum kind k, const union parsed *out)
{
	const u8 *p = (const u8 *)out;
	size_t i;

	for (i = 0; i < parsed_size(k); i++) {
		if (p[i])
			return false;
	}
	return true;
}

static bool same(const struct ntlm_view *v, const void *data, size_t len)
{
	return v->len == len && (!len || !memcmp(v->data, data, len));
}

static bool same_view(const struct ntlm_view *a, const struct ntlm_view *b)
{
	return same(a, b->data, b->len);
}

static void set_field(u8 *d, u16 len, u16 maxlen, u32 off)
{
	put_unaligned_le16(len, d);
	put_unaligned_le16(maxlen, d + 2);
	put_unaligned_le32(off, d + 4);
}

struct rawf {
	size_t at;
	struct ntlm_view v;
};

/*
 * A message laid out by hand, without our builders' checks: the header
 * (@hdr bytes), @gap bytes of 0x77, then the fields in the order given.
 * Empty fields get offset 0, as some peers write them.
 */
static size_t raw_msg(u8 *buf, u32 type, size_t hdr, size_t flags_at,
		      u32 flags, size_t gap, const struct rawf *f, int n)
{
	size_t pos = hdr + gap;
	int i;

	memset(buf, 0, hdr);
	memset(buf + hdr, 0x77, gap);
	memcpy(buf, "NTLMSSP", 8);
	put_unaligned_le32(type, buf + 8);
	put_unaligned_le32(flags, buf + flags_at);
	for (i = 0; i < n; i++) {
		size_t l = f[i].v.len;

		set_field(buf + f[i].at, l, l, l ? pos : 0);
		if (l)
			memcpy(buf + pos, f[i].v.data, l);
		pos += l;
	}
	return pos;
}

static const struct sample *sample(const char *name)
{
	int i;

	need_samples();
	for (i = 0; i < nsamples; i++) {
		if (!strcmp(samples[i].name, name))
			return &samples[i];
	}
	fprintf(stderr, "no sample %s\n", name);
	abort();
}

static u32 json_flags(const char *which)
{
	size_t n;
	const char *s = json_string(json_text(), which, &n);

	return strtoul(s, NULL, 16);
}

/* ---- MS-NLMP 4.2.4.3, field by field ---------------------------------------- */

TEST(msnlmp_challenge)
{
	u8 tok[512], sc[8], ti[128], name[64];
	char str[64];
	size_t len, n;
	bool erratum;
	struct ntlm_challenge c;
	struct ntlm_av_pair pair;
	struct ntlm_av_iter it;

	len = json_challenge(tok, sizeof(tok), &erratum);
	if (erratum) {
		/* as msnlmp.json has it: a 3-byte UTF-16 TargetName */
		TH_LOG("msnlmp.json: 4.2.4.3 CHALLENGE has TargetNameLen 3, not 12");
		tok[12] = 3;
		ASSERT_EQ(-EINVAL, ntlm_parse_challenge(tok, len, &c));
		tok[12] = 12;
	}
	ASSERT_EQ(0, ntlm_parse_challenge(tok, len, &c));
	EXPECT_EQ(json_flags("4.2.4 NTLMv2"), c.flags);
	EXPECT_EQ(0xe28a8233, c.flags);
	ASSERT_EQ(sizeof(sc), json_input_hex("ServerChallenge", sc, sizeof(sc)));
	EXPECT_EQ(0, memcmp(sc, c.server_challenge, sizeof(sc)));
	n = utf16(json_input_str("ServerName(NetBIOS)", str, sizeof(str)), name);
	EXPECT_TRUE(same(&c.target_name, name, n));
	EXPECT_TRUE(same(&c.target_name, "S\0e\0r\0v\0e\0r\0", 12));
	n = json_input_hex("NTLMv2 TargetInfo", ti, sizeof(ti));
	EXPECT_TRUE(same(&c.target_info, ti, n));
	EXPECT_EQ(36UL, c.target_info.len);
	EXPECT_TRUE(c.has_version);
	EXPECT_EQ(6, c.version.major);
	EXPECT_EQ(0, c.version.minor);
	EXPECT_EQ(6000, c.version.build);
	EXPECT_EQ(NTLMSSP_REVISION_W2K3, c.version.revision);

	/* AV pairs: MsvAvNbDomainName "Domain", MsvAvNbComputerName "Server" */
	ASSERT_EQ(0, ntlm_av_find(c.target_info.data, c.target_info.len,
				  NTLM_AV_NB_DOMAIN_NAME, &pair));
	n = utf16(json_input_str("UserDom", str, sizeof(str)), name);
	EXPECT_EQ(n, pair.len);
	EXPECT_EQ(0, memcmp(pair.value, name, n));
	ASSERT_EQ(0, ntlm_av_find(c.target_info.data, c.target_info.len,
				  NTLM_AV_NB_COMPUTER_NAME, &pair));
	n = utf16("Server", name);
	EXPECT_EQ(n, pair.len);
	EXPECT_EQ(0, memcmp(pair.value, name, n));
	EXPECT_EQ(-ENOENT, ntlm_av_find(c.target_info.data, c.target_info.len,
					NTLM_AV_TIMESTAMP, &pair));
	EXPECT_EQ(NULL, pair.value);

	ntlm_av_iter_init(&it, c.target_info.data, c.target_info.len);
	ASSERT_EQ(1, ntlm_av_next(&it, &pair));
	EXPECT_EQ(NTLM_AV_NB_DOMAIN_NAME, pair.id);
	ASSERT_EQ(1, ntlm_av_next(&it, &pair));
	EXPECT_EQ(NTLM_AV_NB_COMPUTER_NAME, pair.id);
	EXPECT_EQ(0, ntlm_av_next(&it, &pair));
	EXPECT_EQ(0, ntlm_av_next(&it, &pair));	/* stays at the end */
}

TEST(msnlmp_authenticate)
{
	u8 tok[512], want[256], name[64];
	char str[64];
	size_t len, n;
	struct ntlm_authenticate a;
	struct ntlm_client_blob b;
	struct ntlm_av_pair pair;

	len = json_input_hex("4.2.4.3 AUTHENTICATE_MESSAGE", tok, sizeof(tok));
	ASSERT_EQ(232UL, len);
	ASSERT_EQ(0, ntlm_parse_authenticate(tok, len, &a));
	/* the message's own flags; the JSON lists the CHALLENGE's */
	EXPECT_EQ(0xe2888235, a.flags);

	n = json_vector("LMv2 response", want, sizeof(want));
	EXPECT_TRUE(same(&a.lm_response, want, n));
	ASSERT_EQ(84UL, a.nt_response.len);
	n = json_vector("NTLMv2 NTProofStr", want, sizeof(want));
	ASSERT_EQ((size_t)NTLMV2_PROOF_SIZE, n);
	EXPECT_EQ(0, memcmp(a.nt_response.data, want, n));
	n = json_vector("NTLMv2 temp (blob after NTProofStr)", want,
			sizeof(want));
	EXPECT_EQ(n, a.nt_response.len - NTLMV2_PROOF_SIZE);
	EXPECT_EQ(0, memcmp(a.nt_response.data + NTLMV2_PROOF_SIZE, want, n));

	n = utf16(json_input_str("UserDom", str, sizeof(str)), name);
	EXPECT_TRUE(same(&a.domain, name, n));
	EXPECT_TRUE(same(&a.domain, "D\0o\0m\0a\0i\0n\0", 12));
	n = utf16(json_input_str("User", str, sizeof(str)), name);
	EXPECT_TRUE(same(&a.user, name, n));
	EXPECT_TRUE(same(&a.user, "U\0s\0e\0r\0", 8));
	n = utf16(json_input_str("WorkstationName", str, sizeof(str)), name);
	EXPECT_TRUE(same(&a.workstation, name, n));
	EXPECT_TRUE(same(&a.workstation, "C\0O\0M\0P\0U\0T\0E\0R\0", 16));
	n = json_vector("NTLMv2 EncryptedRandomSessionKey", want, sizeof(want));
	EXPECT_TRUE(same(&a.session_key, want, n));
	EXPECT_EQ(0xc5, a.session_key.data[0]);

	EXPECT_TRUE(a.has_version);
	EXPECT_EQ(5, a.version.major);
	EXPECT_EQ(1, a.version.minor);
	EXPECT_EQ(2600, a.version.build);
	EXPECT_EQ(NTLMSSP_REVISION_W2K3, a.version.revision);
	/* payload at 72: VERSION, no MIC */
	EXPECT_FALSE(a.has_mic);
	EXPECT_EQ(0UL, a.mic_offset);
	EXPECT_EQ(0UL, a.mic.len);

	/* The client blob inside the NT response */
	ASSERT_EQ(0, ntlm_parse_client_blob(a.nt_response.data +
					    NTLMV2_PROOF_SIZE,
					    a.nt_response.len -
					    NTLMV2_PROOF_SIZE, &b));
	json_input_hex("Time", want, sizeof(want));
	EXPECT_EQ(get_unaligned_le64(want), b.timestamp);
	json_input_hex("ClientChallenge", want, sizeof(want));
	EXPECT_EQ(0, memcmp(want, b.client_challenge, 8));
	n = json_input_hex("NTLMv2 TargetInfo", want, sizeof(want));
	EXPECT_TRUE(same(&b.av, want, n));
	EXPECT_EQ(-ENOENT, ntlm_av_find(b.av.data, b.av.len, NTLM_AV_FLAGS,
					&pair));
}

/* A NEGOTIATE laid out by hand after MS-NLMP 2.2.1.1 (the spec shows none) */
TEST(negotiate_fields)
{
	static const u8 tok[] = {
		'N', 'T', 'L', 'M', 'S', 'S', 'P', 0,
		0x01, 0x00, 0x00, 0x00,				/* type */
		0x07, 0x32, 0x08, 0x62,				/* flags */
		0x06, 0x00, 0x06, 0x00, 0x28, 0x00, 0x00, 0x00,	/* domain */
		0x03, 0x00, 0x03, 0x00, 0x2e, 0x00, 0x00, 0x00,	/* wks */
		0x0a, 0x00, 0x61, 0x4a, 0x00, 0x00, 0x00, 0x0f,	/* version */
		'D', 'O', 'M', 'A', 'I', 'N', 'W', 'K', 'S',
	};
	struct ntlm_negotiate m;
	u8 out[64];

	ASSERT_EQ(0, ntlm_parse_negotiate(tok, sizeof(tok), &m));
	EXPECT_EQ(0x62083207U, m.flags);
	EXPECT_TRUE(same(&m.domain, "DOMAIN", 6));
	EXPECT_TRUE(same(&m.workstation, "WKS", 3));
	EXPECT_TRUE(m.has_version);
	EXPECT_EQ(10, m.version.major);
	EXPECT_EQ(0, m.version.minor);
	EXPECT_EQ(19041, m.version.build);
	EXPECT_EQ(15, m.version.revision);
	ASSERT_EQ((ssize_t)sizeof(tok), ntlm_build_negotiate(out, sizeof(out),
							     &m));
	EXPECT_EQ(0, memcmp(out, tok, sizeof(tok)));
}

/* ---- tokens of real clients (clients/, one .hex file each) ------------------- */

static struct sample clients[MAX_CLIENT_TOKENS];
static int nclients;

static const struct sample *client_token(const char *name)
{
	int i;

	if (!nclients)
		nclients = load_client_tokens(clients);
	for (i = 0; i < nclients; i++) {
		if (!strcmp(clients[i].name, name))
			return &clients[i];
	}
	fprintf(stderr, "no client token %s\n", name);
	abort();
}

/* Every token a real client sent, and the CHALLENGEs answering them, parses */
TEST(client_tokens)
{
	union parsed out;
	int i, kinds[3] = { 0 };

	client_token("cifs-smb3-negotiate.hex");
	for (i = 0; i < nclients; i++) {
		const struct sample *t = &clients[i];

		EXPECT_EQ(0, parse(t->kind, t->buf, t->len, &out))
			TH_LOG("%s", t->name);
		kinds[t->kind]++;
	}
	/* the five clients of capture.py, and capture-smb.py's three */
	EXPECT_GE(kinds[NEGOTIATE], 8);
	EXPECT_GE(kinds[CHALLENGE], 8);
	EXPECT_GE(kinds[AUTHENTICATE], 8);
}

/*
 * Linux's SMB client (6.1's cifs.ko, captured against smbd): for SMB2/3 the
 * header, a VERSION, then a 2-byte slot per empty name (offsets 40 and 42):
 * 44 bytes; for SMB1 no VERSION and the slots at 32 and 34: 36 bytes.
 * Windows and Samba accept both.
 */
TEST(cifs_negotiate_shapes)
{
	const struct sample *smb3 = client_token("cifs-smb3-negotiate.hex");
	const struct sample *smb1 = client_token("cifs-smb1-negotiate.hex");
	union parsed out;

	ASSERT_EQ(44UL, smb3->len);
	ASSERT_EQ(0, parse(NEGOTIATE, smb3->buf, smb3->len, &out));
	EXPECT_EQ(0xe2088235U, out.n.flags);
	EXPECT_TRUE(out.n.has_version);
	EXPECT_EQ(6, out.n.version.major);
	EXPECT_EQ(1, out.n.version.minor);
	EXPECT_EQ(40, out.n.version.build);
	EXPECT_EQ(15, out.n.version.revision);
	EXPECT_EQ(0UL, out.n.domain.len);
	EXPECT_EQ(0UL, out.n.workstation.len);

	ASSERT_EQ(36UL, smb1->len);
	ASSERT_EQ(0, parse(NEGOTIATE, smb1->buf, smb1->len, &out));
	EXPECT_EQ(0xe0088235U, out.n.flags);
	EXPECT_FALSE(out.n.has_version);
	EXPECT_EQ(0UL, out.n.domain.len);
	EXPECT_EQ(0UL, out.n.workstation.len);
}

/* python3-ntlm-auth 1.4: OEM only, names supplied, no NTLMSSP_NEGOTIATE_NTLM */
TEST(ntlm_auth_negotiate_shape)
{
	const struct sample *t = client_token("python3-ntlm-auth-negotiate.hex");
	union parsed out;

	ASSERT_EQ(0, parse(NEGOTIATE, t->buf, t->len, &out));
	EXPECT_EQ(0xe288b032U, out.n.flags);
	EXPECT_TRUE(out.n.has_version);
	EXPECT_TRUE(same(&out.n.domain, "Capture", 7));
	EXPECT_TRUE(same(&out.n.workstation, "CLIENTHOST", 10));
}

/* Our builders lay the payload out as Windows does: the same bytes */
TEST(msnlmp_rebuild)
{
	const struct sample *s;
	struct ntlm_challenge c;
	struct ntlm_authenticate a;
	struct ntlm_client_blob b;
	size_t mic_offset = 99;
	u8 out[512];

	s = sample("msnlmp-4.2.4.3-challenge");
	ASSERT_EQ(0, ntlm_parse_challenge(s->buf, s->len, &c));
	ASSERT_EQ((ssize_t)s->len, ntlm_challenge_size(&c));
	ASSERT_EQ((ssize_t)s->len, ntlm_build_challenge(out, sizeof(out), &c));
	EXPECT_EQ(0, memcmp(out, s->buf, s->len));

	s = sample("msnlmp-4.2.4.3-authenticate");
	ASSERT_EQ(0, ntlm_parse_authenticate(s->buf, s->len, &a));
	ASSERT_EQ((ssize_t)s->len, ntlm_authenticate_size(&a));
	ASSERT_EQ((ssize_t)s->len,
		  ntlm_build_authenticate(out, sizeof(out), &a, &mic_offset));
	EXPECT_EQ(0, memcmp(out, s->buf, s->len));
	EXPECT_EQ(0UL, mic_offset);

	s = sample("msnlmp-4.2.4-blob");
	ASSERT_EQ(0, ntlm_parse_client_blob(s->buf, s->len, &b));
	ASSERT_EQ((ssize_t)s->len, ntlm_client_blob_size(&b));
	ASSERT_EQ((ssize_t)s->len, ntlm_build_client_blob(out, sizeof(out), &b));
	EXPECT_EQ(0, memcmp(out, s->buf, s->len));
}

/* ---- round trips -------------------------------------------------------------- */

TEST(round_trip_negotiate)
{
	const struct ntlm_view names[] = {
		{ NULL, 0 }, { (const u8 *)"D", 1 }, { (const u8 *)"WKS12", 5 },
	};
	struct ntlm_negotiate m = { 0 }, p;
	u8 buf[256];
	int ver, d, w;
	ssize_t n;

	for (ver = 0; ver < 2; ver++)
	for (d = 0; d < 3; d++)
	for (w = 0; w < 3; w++) {
		m.flags = (0x12345678 & ~NTLMSSP_NEGOTIATE_VERSION) |
			  (ver ? NTLMSSP_NEGOTIATE_VERSION : 0);
		m.has_version = ver;
		m.version.major = 10;
		m.version.build = 0x4a61;
		m.version.revision = 15;
		m.domain = names[d];
		m.workstation = names[w];
		n = ntlm_build_negotiate(buf, sizeof(buf), &m);
		ASSERT_EQ(ntlm_negotiate_size(&m), n);
		ASSERT_EQ(0, ntlm_parse_negotiate(buf, n, &p));
		EXPECT_EQ(m.flags, p.flags);
		EXPECT_TRUE(same_view(&p.domain, &m.domain));
		EXPECT_TRUE(same_view(&p.workstation, &m.workstation));
		ASSERT_EQ(m.has_version, p.has_version);
		if (ver)
			EXPECT_EQ(0, memcmp(&m.version, &p.version,
					    sizeof(m.version)));
	}
}

TEST(round_trip_challenge)
{
	struct ntlm_challenge m = { 0 }, p;
	u8 buf[1024], ti[512], name[64];
	size_t tilen = sample_av(ti, sizeof(ti), false);
	int ver, t, i;
	ssize_t n;

	for (ver = 0; ver < 2; ver++)
	for (t = 0; t < 2; t++)
	for (i = 0; i < 2; i++) {
		m.flags = NTLMSSP_NEGOTIATE_UNICODE | NTLMSSP_NEGOTIATE_NTLM |
			  (ver ? NTLMSSP_NEGOTIATE_VERSION : 0);
		memcpy(m.server_challenge, "\x01\x02\x03\x04\xfb\xfc\xfd\xfe", 8);
		m.target_name = t ? view(name, utf16("Server", name)) :
				    view(NULL, 0);
		m.target_info = i ? view(ti, tilen) : view(NULL, 0);
		m.has_version = ver;
		m.version.major = 6;
		m.version.minor = 3;
		m.version.build = 9600;
		m.version.revision = 15;
		n = ntlm_build_challenge(buf, sizeof(buf), &m);
		ASSERT_EQ(ntlm_challenge_size(&m), n);
		ASSERT_EQ(0, ntlm_parse_challenge(buf, n, &p));
		EXPECT_EQ(m.flags, p.flags);
		EXPECT_EQ(0, memcmp(m.server_challenge, p.server_challenge, 8));
		EXPECT_TRUE(same_view(&p.target_name, &m.target_name));
		EXPECT_TRUE(same_view(&p.target_info, &m.target_info));
		ASSERT_EQ(m.has_version, p.has_version);
		if (ver)
			EXPECT_EQ(0, memcmp(&m.version, &p.version,
					    sizeof(m.version)));
	}
}

TEST(round_trip_authenticate)
{
	struct ntlm_authenticate m, p;
	u8 buf[1024], v2[512], v1[24], lm[24], key[16], dom[32], user[32];
	u8 wks[32];
	size_t mic_offset;
	int ver, mic, resp;
	ssize_t n;

	memset(v1, 0x11, sizeof(v1));
	memset(lm, 0x22, sizeof(lm));
	memset(key, 0x33, sizeof(key));
	for (ver = 0; ver < 2; ver++)
	for (mic = 0; mic < 2; mic++)
	for (resp = 0; resp < 3; resp++) {
		/* a MIC only where an NTLMv2 response promises it */
		if (mic && resp)
			continue;
		memset(&m, 0, sizeof(m));
		m.flags = NTLMSSP_NEGOTIATE_UNICODE | NTLMSSP_NEGOTIATE_KEY_EXCH |
			  (ver ? NTLMSSP_NEGOTIATE_VERSION : 0);
		m.domain = view(dom, utf16("Domain", dom));
		m.user = view(user, utf16("User", user));
		m.workstation = view(wks, utf16("COMPUTER", wks));
		switch (resp) {
		case 0:	/* NTLMv2, MsvAvFlags announcing the MIC if there */
			m.lm_response = view(lm, sizeof(lm));
			m.nt_response = view(v2, sample_ntlmv2(v2, sizeof(v2),
							       mic));
			m.session_key = view(key, sizeof(key));
			break;
		case 1:	/* NTLMv1 */
			m.nt_response = view(v1, sizeof(v1));
			m.session_key = view(key, sizeof(key));
			break;
		case 2:	/* anonymous */
			m.lm_response = view("", 1);
			m.domain = view(NULL, 0);
			m.user = view(NULL, 0);
			m.workstation = view(NULL, 0);
			break;
		}
		m.has_version = ver;
		m.version.major = 10;
		m.version.build = 20348;
		m.version.revision = 15;
		m.has_mic = mic;
		memset(buf, 0xff, sizeof(buf));
		n = ntlm_build_authenticate(buf, sizeof(buf), &m, &mic_offset);
		ASSERT_EQ(ntlm_authenticate_size(&m), n);
		ASSERT_EQ(0, ntlm_parse_authenticate(buf, n, &p));
		EXPECT_EQ(m.flags, p.flags);
		EXPECT_TRUE(same_view(&p.lm_response, &m.lm_response));
		EXPECT_TRUE(same_view(&p.nt_response, &m.nt_response));
		EXPECT_TRUE(same_view(&p.domain, &m.domain));
		EXPECT_TRUE(same_view(&p.user, &m.user));
		EXPECT_TRUE(same_view(&p.workstation, &m.workstation));
		EXPECT_TRUE(same_view(&p.session_key, &m.session_key));
		ASSERT_EQ(m.has_version, p.has_version);
		if (ver)
			EXPECT_EQ(0, memcmp(&m.version, &p.version,
					    sizeof(m.version)));
		ASSERT_EQ(m.has_mic, p.has_mic);
		if (mic) {
			EXPECT_EQ((size_t)NTLM_AUTH_MIC_OFFSET, mic_offset);
			EXPECT_EQ(mic_offset, p.mic_offset);
			EXPECT_EQ(buf + mic_offset, p.mic.data);
			EXPECT_EQ(16UL, p.mic.len);
			EXPECT_TRUE(same(&p.mic, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0",
					 16));
		} else {
			EXPECT_EQ(0UL, mic_offset);
			EXPECT_EQ(0UL, p.mic_offset);
		}
	}
}

/* ---- truncation ----------------------------------------------------------------- */

TEST(truncation)
{
	union parsed out;
	int i;
	size_t l;

	need_samples();
	for (i = 0; i < nsamples; i++) {
		const struct sample *s = &samples[i];

		ASSERT_EQ(0, parse(s->kind, s->buf, s->len, &out))
			TH_LOG("%s", s->name);
		for (l = 0; l < s->len; l++) {
			int want = -EINVAL;

			if (s->has_ok_prefix && l >= s->ok_lo && l <= s->ok_hi)
				want = 0;
			ASSERT_EQ(want, parse(s->kind, s->buf, l, &out))
				TH_LOG("%s cut at %zu", s->name, l);
			if (want)
				ASSERT_TRUE(zeroed(s->kind, &out))
					TH_LOG("%s cut at %zu", s->name, l);
		}
	}
	/* the valid prefix of a 40-byte NEGOTIATE is one without VERSION */
	ASSERT_EQ(0, parse(NEGOTIATE, sample("negotiate-version")->buf,
			   NEG_HDR, &out));
	EXPECT_FALSE(out.n.has_version);
}

/* ---- mutated field descriptors -------------------------------------------------- */

static void field_table(enum kind k, const size_t **at, int *n, size_t *hdr)
{
	switch (k) {
	case NEGOTIATE:
		*at = neg_fields;
		*n = 2;
		*hdr = NEG_HDR;
		break;
	case CHALLENGE:
		*at = chal_fields;
		*n = 2;
		*hdr = CHAL_HDR;
		break;
	default:
		*at = auth_fields;
		*n = 6;
		*hdr = AUTH_HDR;
		break;
	}
}

/* Patches one descriptor of @s and expects -EINVAL and a zeroed result */
static void expect_refused(struct __test_metadata *_metadata,
			   const struct sample *s, size_t at, u16 len,
			   u16 maxlen, u32 off)
{
	union parsed out;
	u8 tok[sizeof(s->buf)];

	memcpy(tok, s->buf, s->len);
	set_field(tok + at, len, maxlen, off);
	EXPECT_EQ(-EINVAL, parse(s->kind, tok, s->len, &out))
		TH_LOG("%s field at %zu: len %u off %u", s->name, at, len, off);
	EXPECT_TRUE(zeroed(s->kind, &out));
}

TEST(field_descriptors)
{
	union parsed ref, out;
	const size_t *at;
	size_t hdr;
	int i, f, nf, tried = 0;

	need_samples();
	for (i = 0; i < nsamples; i++) {
		const struct sample *s = &samples[i];
		u8 tok[sizeof(s->buf)];

		if (s->kind != NEGOTIATE && s->kind != CHALLENGE &&
		    s->kind != AUTHENTICATE)
			continue;
		ASSERT_EQ(0, parse(s->kind, s->buf, s->len, &ref));
		field_table(s->kind, &at, &nf, &hdr);
		for (f = 0; f < nf; f++) {
			const u8 *d = s->buf + at[f];
			u16 len = get_unaligned_le16(d);
			u32 off = get_unaligned_le32(d + 4);
			u32 end = s->len;

			if (!len)
				continue;
			tried++;
			/* into the fixed header */
			expect_refused(_metadata, s, at[f], len, len, 0);
			expect_refused(_metadata, s, at[f], len, len, 8);
			expect_refused(_metadata, s, at[f], len, len, at[f]);
			expect_refused(_metadata, s, at[f], len, len, hdr - 1);
			/* past the end, partly or wholly */
			expect_refused(_metadata, s, at[f], len, len,
				       end - len + 1);
			expect_refused(_metadata, s, at[f], len, len, end);
			expect_refused(_metadata, s, at[f], len, len, 0x7fffffff);
			/* offset + length overflowing 32 bits */
			expect_refused(_metadata, s, at[f], len, len, 0xffffffff);
			expect_refused(_metadata, s, at[f], len, len,
				       0xffffffff - len + 2);
			/* a length reaching past the end */
			expect_refused(_metadata, s, at[f], end - off + 1,
				       end - off + 1, off);
			expect_refused(_metadata, s, at[f], 0xffff, 0xffff, off);

			/* MaxLen is ignored, as MS-NLMP says */
			memcpy(tok, s->buf, s->len);
			set_field(tok + at[f], len, 0, off);
			ASSERT_EQ(0, parse(s->kind, tok, s->len, &out));
			set_field(tok + at[f], len, 0xffff, off);
			ASSERT_EQ(0, parse(s->kind, tok, s->len, &out));
		}
		/* the offset of an empty field is not looked at */
		for (f = 0; f < nf; f++) {
			if (get_unaligned_le16(s->buf + at[f]))
				continue;
			memcpy(tok, s->buf, s->len);
			set_field(tok + at[f], 0, 0, 0xffffffff);
			ASSERT_EQ(0, parse(s->kind, tok, s->len, &out));
		}
	}
	EXPECT_GE(tried, 20);
}

TEST(overlapping_fields)
{
	const struct sample *s = sample("msnlmp-4.2.4.3-authenticate");
	u32 dom = get_unaligned_le32(s->buf + AUTH_DOMAIN + 4);
	u32 user = get_unaligned_le32(s->buf + AUTH_USER + 4);
	u32 nt = get_unaligned_le32(s->buf + AUTH_NT + 4);
	union parsed out;
	u8 tok[512];

	/* user over domain, whole and in part; workstation over user */
	expect_refused(_metadata, s, AUTH_USER, 8, 8, dom);
	expect_refused(_metadata, s, AUTH_USER, 8, 8, dom + 2);
	expect_refused(_metadata, s, AUTH_USER, 8, 8, dom + 10);
	expect_refused(_metadata, s, AUTH_WKS, 16, 16, user + 4);
	/* LM response over the start of the NT response */
	expect_refused(_metadata, s, AUTH_LM, 24, 24, nt);
	expect_refused(_metadata, s, AUTH_LM, 24, 24, nt - 23);

	/* control: the same place is fine once the other field is empty */
	memcpy(tok, s->buf, s->len);
	set_field(tok + AUTH_DOMAIN, 0, 0, dom);
	set_field(tok + AUTH_USER, 8, 8, dom);
	ASSERT_EQ(0, parse(AUTHENTICATE, tok, s->len, &out));
	EXPECT_EQ(0UL, out.a.domain.len);

	/* CHALLENGE: target name over the target info */
	s = sample("msnlmp-4.2.4.3-challenge");
	expect_refused(_metadata, s, 12, 12, 12,
		       get_unaligned_le32(s->buf + 40 + 4));
}

/* ---- where the payload starts: VERSION and MIC ----------------------------------- */

TEST(payload_start)
{
	u8 buf[512], user[8], v1[24], v2[512];
	union parsed out;
	size_t gap, n;
	u32 ver;
	struct rawf nf[] = { { 24, view("HOST", 4) } };
	struct rawf cf[] = { { 12, view("S\0", 2) } };
	struct rawf af[] = {
		{ AUTH_USER, view(user, utf16("u", user)) },
		{ AUTH_NT, view(v1, sizeof(v1)) },
	};
	struct rawf mf[] = {
		{ AUTH_USER, view(user, utf16("u", user)) },
		{ AUTH_NT, view(v2, sample_ntlmv2(v2, sizeof(v2), true)) },
	};

	memset(v1, 0x42, sizeof(v1));
	/*
	 * Any padding after the header (MS-NLMP 2.2: "variable-length
	 * padding before or after the data"); a VERSION when the flag says
	 * so and the padding has room for it.
	 */
	for (ver = 0; ver <= NTLMSSP_NEGOTIATE_VERSION;
	     ver += NTLMSSP_NEGOTIATE_VERSION)
	for (gap = 0; gap <= 40; gap++) {
		bool v = ver && gap >= 8;

		n = raw_msg(buf, 1, NEG_HDR, NEG_FLAGS_AT, ver, gap, nf, 1);
		ASSERT_EQ(0, parse(NEGOTIATE, buf, n, &out))
			TH_LOG("gap %zu", gap);
		EXPECT_EQ(v, out.n.has_version) TH_LOG("gap %zu", gap);

		n = raw_msg(buf, 2, CHAL_HDR, CHAL_FLAGS_AT,
			    NTLMSSP_NEGOTIATE_UNICODE | ver, gap, cf, 1);
		ASSERT_EQ(0, parse(CHALLENGE, buf, n, &out))
			TH_LOG("gap %zu", gap);
		EXPECT_EQ(v, out.c.has_version) TH_LOG("gap %zu", gap);

		/* no MIC promised: no MIC, whatever the padding */
		n = raw_msg(buf, 3, AUTH_HDR, AUTH_FLAGS_AT,
			    NTLMSSP_NEGOTIATE_UNICODE | ver, gap, af, 2);
		ASSERT_EQ(0, parse(AUTHENTICATE, buf, n, &out))
			TH_LOG("gap %zu", gap);
		EXPECT_EQ(v, out.a.has_version) TH_LOG("gap %zu", gap);
		EXPECT_FALSE(out.a.has_mic);
		EXPECT_EQ(0UL, out.a.mic_offset);

		/* MsvAvFlags says MIC: at 72, and the payload after it */
		n = raw_msg(buf, 3, AUTH_HDR, AUTH_FLAGS_AT,
			    NTLMSSP_NEGOTIATE_UNICODE | ver, gap, mf, 2);
		ASSERT_EQ(gap >= 24 ? 0 : -EINVAL,
			  parse(AUTHENTICATE, buf, n, &out))
			TH_LOG("gap %zu", gap);
		EXPECT_EQ(gap >= 24, out.a.has_mic);
		EXPECT_EQ(v && gap >= 24, out.a.has_version);
		if (gap >= 24) {
			EXPECT_EQ(72UL, out.a.mic_offset);
			EXPECT_EQ(16UL, out.a.mic.len);
			EXPECT_EQ(0x77, out.a.mic.data[0]);
		}
	}

	/* without payload the token's length says it */
	/* (an AUTHENTICATE with no responses at all is anonymous) */
	n = raw_msg(buf, 3, AUTH_HDR, AUTH_FLAGS_AT, NTLMSSP_NEGOTIATE_VERSION,
		    24, NULL, 0);
	ASSERT_EQ(0, parse(AUTHENTICATE, buf, n, &out));
	EXPECT_TRUE(out.a.has_version);
	EXPECT_FALSE(out.a.has_mic);
	ASSERT_EQ(0, parse(AUTHENTICATE, buf, AUTH_HDR + 7, &out));
	EXPECT_FALSE(out.a.has_version);
	ASSERT_EQ(0, parse(AUTHENTICATE, buf, AUTH_HDR + 8, &out));
	EXPECT_TRUE(out.a.has_version);
}

/* ---- signature, type, size --------------------------------------------------------- */

TEST(signature_and_type)
{
	const u32 types[] = { 0, 1, 2, 3, 4, 0x100, 0x01000003, 0xffffffff };
	union parsed out;
	u8 tok[1024];
	int i, b;
	size_t t;

	need_samples();
	for (i = 0; i < nsamples; i++) {
		const struct sample *s = &samples[i];
		u32 type;

		if (s->kind != NEGOTIATE && s->kind != CHALLENGE &&
		    s->kind != AUTHENTICATE)
			continue;
		type = get_unaligned_le32(s->buf + 8);
		for (b = 0; b < 8; b++) {
			memcpy(tok, s->buf, s->len);
			tok[b] ^= 0x20;
			ASSERT_EQ(-EINVAL, parse(s->kind, tok, s->len, &out));
			ASSERT_TRUE(zeroed(s->kind, &out));
		}
		for (t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
			if (types[t] == type)
				continue;
			memcpy(tok, s->buf, s->len);
			put_unaligned_le32(types[t], tok + 8);
			ASSERT_EQ(-EINVAL, parse(s->kind, tok, s->len, &out));
			ASSERT_TRUE(zeroed(s->kind, &out));
		}
		/* each message refused by the other two parsers */
		for (b = NEGOTIATE; b <= AUTHENTICATE; b++) {
			if ((enum kind)b == s->kind)
				continue;
			ASSERT_EQ(-EINVAL, parse(b, s->buf, s->len, &out));
			ASSERT_TRUE(zeroed(b, &out));
		}
	}
}

TEST(max_token_size)
{
	const struct sample *s = sample("msnlmp-4.2.4.3-challenge");
	size_t max = NTLM_MAX_TOKEN_SIZE;
	u8 *big = calloc(1, max + 1);
	union parsed out;

	ASSERT_NE(NULL, big);
	memcpy(big, s->buf, s->len);
	/* trailing bytes are allowed, up to the bound */
	ASSERT_EQ(0, parse(CHALLENGE, big, max, &out));
	ASSERT_EQ(-EMSGSIZE, parse(CHALLENGE, big, max + 1, &out));
	EXPECT_TRUE(zeroed(CHALLENGE, &out));
	ASSERT_EQ(-EMSGSIZE, parse(NEGOTIATE, big, max + 1, &out));
	EXPECT_TRUE(zeroed(NEGOTIATE, &out));
	ASSERT_EQ(-EMSGSIZE, parse(AUTHENTICATE, big, max + 1, &out));
	EXPECT_TRUE(zeroed(AUTHENTICATE, &out));
	ASSERT_EQ(-EMSGSIZE, parse(BLOB, big, max + 1, &out));
	EXPECT_TRUE(zeroed(BLOB, &out));
	EXPECT_EQ(-EMSGSIZE, ntlm_av_validate(big, max + 1));
	EXPECT_EQ(-EINVAL, ntlm_parse_negotiate(NULL, 0, &out.n));
	free(big);
}

/* ---- content rules ------------------------------------------------------------------- */

TEST(utf16_lengths)
{
	const struct sample *s = sample("msnlmp-4.2.4.3-authenticate");
	const size_t names[] = { AUTH_DOMAIN, AUTH_USER, AUTH_WKS };
	union parsed out;
	u8 tok[512];
	size_t i;

	for (i = 0; i < 3; i++) {
		u16 len = get_unaligned_le16(s->buf + names[i]);
		u32 off = get_unaligned_le32(s->buf + names[i] + 4);

		expect_refused(_metadata, s, names[i], len - 1, len - 1, off);
		/* the same length is fine for an OEM string */
		memcpy(tok, s->buf, s->len);
		set_field(tok + names[i], len - 1, len - 1, off);
		put_unaligned_le32(get_unaligned_le32(tok + AUTH_FLAGS_AT) &
				   ~NTLMSSP_NEGOTIATE_UNICODE,
				   tok + AUTH_FLAGS_AT);
		ASSERT_EQ(0, parse(AUTHENTICATE, tok, s->len, &out));
		EXPECT_EQ(len - 1UL, (i == 0 ? out.a.domain :
				      i == 1 ? out.a.user :
				      out.a.workstation).len);
	}

	s = sample("msnlmp-4.2.4.3-challenge");
	expect_refused(_metadata, s, 12, 11, 11,
		       get_unaligned_le32(s->buf + 12 + 4));
	memcpy(tok, s->buf, s->len);
	set_field(tok + 12, 11, 11, get_unaligned_le32(s->buf + 12 + 4));
	put_unaligned_le32(get_unaligned_le32(tok + CHAL_FLAGS_AT) &
			   ~NTLMSSP_NEGOTIATE_UNICODE, tok + CHAL_FLAGS_AT);
	ASSERT_EQ(0, parse(CHALLENGE, tok, s->len, &out));
	EXPECT_EQ(11UL, out.c.target_name.len);
}

TEST(session_key_lengths)
{
	const struct sample *s = sample("msnlmp-4.2.4.3-authenticate");
	u32 off = get_unaligned_le32(s->buf + AUTH_KEY + 4);
	union parsed out;
	u8 tok[512];
	u16 len;

	/* one byte more at the end, so that 17 bytes would fit */
	memcpy(tok, s->buf, s->len);
	tok[s->len] = 0xee;
	for (len = 1; len <= 17; len++) {
		set_field(tok + AUTH_KEY, len, len, off);
		ASSERT_EQ(len == 16 ? 0 : -EINVAL,
			  parse(AUTHENTICATE, tok, s->len + 1, &out))
			TH_LOG("key length %u", len);
		if (len != 16)
			ASSERT_TRUE(zeroed(AUTHENTICATE, &out));
	}
	set_field(tok + AUTH_KEY, 0, 0, off);
	ASSERT_EQ(0, parse(AUTHENTICATE, tok, s->len + 1, &out));
	EXPECT_EQ(0UL, out.a.session_key.len);
}

TEST(response_lengths)
{
	const size_t lms[] = { 0, 1, 2, 23, 24, 25 };
	u8 buf[512], lm[32], nt[64], v2[512];
	union parsed out;
	size_t i, ntlen, n;

	memset(lm, 0x4c, sizeof(lm));
	memset(nt, 0x4e, sizeof(nt));
	for (ntlen = 0; ntlen <= 60; ntlen++) {
		for (i = 0; i < 6; i++) {
			struct rawf f[] = {
				{ AUTH_LM, view(lm, lms[i]) },
				{ AUTH_NT, view(nt, ntlen) },
			};
			/* anonymous, LM alone, NTLMv1 with or without LM */
			bool ok = (!ntlen && (lms[i] <= 1 || lms[i] == 24)) ||
				  (ntlen == 24 && (!lms[i] || lms[i] == 24));

			n = raw_msg(buf, 3, AUTH_HDR, AUTH_FLAGS_AT, 0, 8, f, 2);
			ASSERT_EQ(ok ? 0 : -EINVAL,
				  parse(AUTHENTICATE, buf, n, &out))
				TH_LOG("nt %zu lm %zu", ntlen, lms[i]);
		}
	}
	/* NTLMv2: a valid blob is needed after the NTProofStr */
	for (i = 0; i < 6; i++) {
		struct rawf f[] = {
			{ AUTH_LM, view(lm, lms[i]) },
			{ AUTH_NT, view(v2, sample_ntlmv2(v2, sizeof(v2),
							  false)) },
		};

		n = raw_msg(buf, 3, AUTH_HDR, AUTH_FLAGS_AT, 0, 8, f, 2);
		ASSERT_EQ(!lms[i] || lms[i] == 24 ? 0 : -EINVAL,
			  parse(AUTHENTICATE, buf, n, &out));
		/* RespType 2 */
		buf[get_unaligned_le32(buf + AUTH_NT + 4) + 16] = 2;
		ASSERT_EQ(-EINVAL, parse(AUTHENTICATE, buf, n, &out));
	}
}

/* ---- AV pairs ------------------------------------------------------------------------- */

static ssize_t av(const char *bytes, size_t len)
{
	u8 *c = copy(bytes, len);
	ssize_t r = ntlm_av_validate(c, len);

	free(c);
	return r;
}

#define AV(s) av(s, sizeof(s) - 1)

TEST(av_pairs)
{
	struct ntlm_av_iter it;
	struct ntlm_av_pair pair;
	u8 ti[64];
	size_t n = json_input_hex("NTLMv2 TargetInfo", ti, sizeof(ti));

	EXPECT_EQ((ssize_t)n, av((const char *)ti, n));
	EXPECT_EQ(4, AV("\0\0\0\0"));
	/* trailing bytes after MsvAvEOL are not part of the list */
	EXPECT_EQ(4, AV("\0\0\0\0junk"));
	EXPECT_EQ(12, AV("\x01\0\x04\0S\0V\0\0\0\0\0"));
	/* unknown AvIds are skipped over */
	EXPECT_EQ(11, AV("\x42\0\x03\0abc\0\0\0\0"));

	/* MsvAvEOL required, and with AvLen 0 */
	EXPECT_EQ(-EINVAL, AV(""));
	EXPECT_EQ(-EINVAL, ntlm_av_validate(NULL, 4));
	EXPECT_EQ(-EINVAL, av((const char *)ti, n - 4));
	EXPECT_EQ(-EINVAL, av((const char *)ti, n - 1));
	EXPECT_EQ(-EINVAL, AV("\0\0\x02\0\0\0"));
	EXPECT_EQ(-EINVAL, AV("\0\0\0"));
	/* pairs overrunning the list */
	EXPECT_EQ(-EINVAL, AV("\x01\0\x08\0S\0V\0\0\0\0\0"));
	EXPECT_EQ(-EINVAL, AV("\x01\0\xff\xff\0\0\0\0"));
	EXPECT_EQ(-EINVAL, AV("\x01\0"));
	/* lengths MS-NLMP fixes */
	EXPECT_EQ(-EINVAL, AV("\x01\0\x03\0S\0V\0\0\0\0"));	/* odd name */
	EXPECT_EQ(-EINVAL, AV("\x09\0\x01\0S\0\0\0\0"));
	EXPECT_EQ(-EINVAL, AV("\x06\0\x03\0\x02\0\0\0\0\0\0"));	/* flags */
	EXPECT_EQ(-EINVAL, AV("\x06\0\x05\0\x02\0\0\0\0\0\0\0\0"));
	EXPECT_EQ(12, AV("\x06\0\x04\0\x02\0\0\0\0\0\0\0\0"));
	EXPECT_EQ(-EINVAL, AV("\x07\0\x07\0abcdefg\0\0\0\0"));	/* time */
	EXPECT_EQ(16, AV("\x07\0\x08\0abcdefgh\0\0\0\0"));
	EXPECT_EQ(-EINVAL, AV("\x0a\0\x0f\0abcdefghijklmno\0\0\0\0"));
	EXPECT_EQ(24, AV("\x0a\0\x10\0abcdefghijklmnop\0\0\0\0"));
	/* duplicates */
	EXPECT_EQ(-EINVAL, AV("\x02\0\x02\0D\0\x02\0\x02\0E\0\0\0\0\0"));
	EXPECT_EQ(-EINVAL, AV("\x3f\0\x00\0\x3f\0\x00\0\0\0\0\0"));
	/* AvIds from 64 on are not tracked */
	EXPECT_EQ(12, AV("\x40\0\x00\0\x40\0\x00\0\0\0\0\0"));

	/* the iterator stops at the first error and stays there */
	ntlm_av_iter_init(&it, (const u8 *)"\x02\0\x02\0D\0\x02\0\x02\0E\0\0\0\0",
			  16);
	EXPECT_EQ(1, ntlm_av_next(&it, &pair));
	EXPECT_EQ(-EINVAL, ntlm_av_next(&it, &pair));
	EXPECT_EQ(0, pair.id);
	EXPECT_EQ(-EINVAL, ntlm_av_next(&it, &pair));

	/* find checks the whole list */
	EXPECT_EQ(-EINVAL, ntlm_av_find((const u8 *)"\x02\0\x02\0D\0\x06\0\x01\0",
					10, NTLM_AV_NB_DOMAIN_NAME, &pair));
	EXPECT_EQ(NULL, pair.value);
	EXPECT_EQ(-EINVAL, ntlm_av_find(ti, n, NTLM_AV_EOL, &pair));
	EXPECT_EQ(0, ntlm_av_find(ti, n, NTLM_AV_NB_COMPUTER_NAME, &pair));
	EXPECT_EQ(ti + 20, pair.value);
}

TEST(av_in_messages)
{
	u8 buf[512], blob[128];
	union parsed out;
	size_t n, bl;
	const char bad[] = "\x02\0\x02\0D\0\x02\0\x02\0E\0\0\0\0\0";
	struct rawf f[] = { { 40, view(bad, sizeof(bad) - 1) } };

	/* a CHALLENGE with a malformed TargetInfo */
	n = raw_msg(buf, 2, CHAL_HDR, CHAL_FLAGS_AT, 0, 8, f, 1);
	ASSERT_EQ(-EINVAL, parse(CHALLENGE, buf, n, &out));
	ASSERT_TRUE(zeroed(CHALLENGE, &out));
	f[0].v.len = 8;		/* only the first pair and no MsvAvEOL */
	n = raw_msg(buf, 2, CHAL_HDR, CHAL_FLAGS_AT, 0, 8, f, 1);
	ASSERT_EQ(-EINVAL, parse(CHALLENGE, buf, n, &out));
	f[0].v = view("\x02\0\x02\0D\0\0\0\0\0", 10);
	n = raw_msg(buf, 2, CHAL_HDR, CHAL_FLAGS_AT, 0, 8, f, 1);
	ASSERT_EQ(0, parse(CHALLENGE, buf, n, &out));

	/* a blob with one */
	memset(blob, 0, sizeof(blob));
	blob[0] = 1;
	blob[1] = 1;
	memcpy(blob + 28, bad, sizeof(bad) - 1);
	bl = 28 + sizeof(bad) - 1;
	ASSERT_EQ(-EINVAL, parse(BLOB, blob, bl, &out));
	ASSERT_TRUE(zeroed(BLOB, &out));
	memcpy(blob + 28, "\0\0\0\0", 4);
	ASSERT_EQ(0, parse(BLOB, blob, 32, &out));
	EXPECT_EQ(4UL, out.b.av.len);
	ASSERT_EQ(-EINVAL, parse(BLOB, blob, 31, &out));
	ASSERT_EQ(-EINVAL, parse(BLOB, blob, 27, &out));
	blob[0] = 2;
	ASSERT_EQ(-EINVAL, parse(BLOB, blob, 32, &out));
	blob[0] = 1;
	blob[1] = 0;
	ASSERT_EQ(-EINVAL, parse(BLOB, blob, 32, &out));
	ASSERT_TRUE(zeroed(BLOB, &out));
}

TEST(av_builder)
{
	struct ntlm_av_builder b;
	u8 buf[128], name[32], ti[64], flags[4] = { 2, 0, 0, 0 };
	size_t n = json_input_hex("NTLMv2 TargetInfo", ti, sizeof(ti));
	size_t size;
	ssize_t r;

	/* MS-NLMP 4.2.4's TargetInfo, rebuilt */
	ntlm_av_builder_init(&b, buf, sizeof(buf));
	EXPECT_EQ(0, ntlm_av_put(&b, NTLM_AV_NB_DOMAIN_NAME, name,
				 utf16("Domain", name)));
	EXPECT_EQ(0, ntlm_av_put(&b, NTLM_AV_NB_COMPUTER_NAME, name,
				 utf16("Server", name)));
	ASSERT_EQ((ssize_t)n, ntlm_av_finish(&b));
	EXPECT_EQ(0, memcmp(buf, ti, n));

	/* too small at every size, and the error sticks */
	for (size = 0; size < n; size++) {
		ntlm_av_builder_init(&b, buf, size);
		ntlm_av_put(&b, NTLM_AV_NB_DOMAIN_NAME, name,
			    utf16("Domain", name));
		ntlm_av_put(&b, NTLM_AV_NB_COMPUTER_NAME, name,
			    utf16("Server", name));
		EXPECT_EQ(-ENOSPC, ntlm_av_finish(&b)) TH_LOG("size %zu", size);
	}
	ntlm_av_builder_init(&b, NULL, 100);
	EXPECT_EQ(-ENOSPC, ntlm_av_finish(&b));

	/* pairs the parser would refuse */
	ntlm_av_builder_init(&b, buf, sizeof(buf));
	EXPECT_EQ(-EINVAL, ntlm_av_put(&b, NTLM_AV_EOL, NULL, 0));
	ntlm_av_builder_init(&b, buf, sizeof(buf));
	EXPECT_EQ(-EINVAL, ntlm_av_put(&b, NTLM_AV_FLAGS, flags, 3));
	ntlm_av_builder_init(&b, buf, sizeof(buf));
	EXPECT_EQ(-EINVAL, ntlm_av_put(&b, NTLM_AV_DNS_TREE_NAME, name, 5));
	ntlm_av_builder_init(&b, buf, sizeof(buf));
	EXPECT_EQ(-EINVAL, ntlm_av_put(&b, 0x77, NULL, 4));
	ntlm_av_builder_init(&b, buf, sizeof(buf));
	EXPECT_EQ(-EMSGSIZE, ntlm_av_put(&b, 0x77, name, 0x10000));
	ntlm_av_builder_init(&b, buf, sizeof(buf));
	EXPECT_EQ(0, ntlm_av_put(&b, NTLM_AV_FLAGS, flags, 4));
	EXPECT_EQ(-EINVAL, ntlm_av_put(&b, NTLM_AV_FLAGS, flags, 4));
	EXPECT_EQ(-EINVAL, ntlm_av_put(&b, NTLM_AV_NB_DOMAIN_NAME, NULL, 0));
	EXPECT_EQ(-EINVAL, ntlm_av_finish(&b));

	/* copying a list, leaving some pairs out */
	ntlm_av_builder_init(&b, buf, sizeof(buf));
	EXPECT_EQ(0, ntlm_av_put_list(&b, ti, n,
				      1ULL << NTLM_AV_NB_DOMAIN_NAME));
	EXPECT_EQ(0, ntlm_av_put(&b, NTLM_AV_FLAGS, flags, 4));
	r = ntlm_av_finish(&b);
	ASSERT_EQ((ssize_t)(4 + 12 + 4 + 4 + 4), r);
	EXPECT_EQ(r, ntlm_av_validate(buf, r));
	EXPECT_EQ(NTLM_AV_NB_COMPUTER_NAME, get_unaligned_le16(buf));
	EXPECT_EQ(NTLM_AV_FLAGS, get_unaligned_le16(buf + 16));
	/* a duplicate through the copy */
	ntlm_av_builder_init(&b, buf, sizeof(buf));
	EXPECT_EQ(0, ntlm_av_put_list(&b, ti, n, 0));
	EXPECT_EQ(-EINVAL, ntlm_av_put_list(&b, ti, n, 0));
	ntlm_av_builder_init(&b, buf, sizeof(buf));
	EXPECT_EQ(-EINVAL, ntlm_av_put_list(&b, ti, n - 1, 0));
}

/* ---- builders ---------------------------------------------------------------------------- */

TEST(client_blob_builder)
{
	struct ntlm_client_blob b = { .timestamp = 0x0102030405060708ULL };
	u8 buf[256], av[64], out[256];
	union parsed p;
	size_t n = json_input_hex("NTLMv2 TargetInfo", av, sizeof(av) - 1);
	size_t size;
	ssize_t r;

	memset(b.client_challenge, 0xab, 8);
	b.av = view(av, n);
	r = ntlm_build_client_blob(buf, sizeof(buf), &b);
	ASSERT_EQ((ssize_t)(28 + n + 4), r);
	ASSERT_EQ(r, ntlm_client_blob_size(&b));
	EXPECT_EQ(1, buf[0]);
	EXPECT_EQ(1, buf[1]);
	EXPECT_EQ(0, memcmp(buf + r - 4, "\0\0\0\0", 4));
	ASSERT_EQ(0, parse(BLOB, buf, r, &p));
	EXPECT_EQ(b.timestamp, p.b.timestamp);
	EXPECT_EQ(0, memcmp(b.client_challenge, p.b.client_challenge, 8));
	EXPECT_TRUE(same_view(&p.b.av, &b.av));

	for (size = 0; size < (size_t)r; size++)
		EXPECT_EQ(-ENOSPC, ntlm_build_client_blob(out, size, &b));
	/* the AV list must be valid and end at its MsvAvEOL */
	b.av = view(av, n - 4);
	EXPECT_EQ(-EINVAL, ntlm_build_client_blob(buf, sizeof(buf), &b));
	av[n] = 0;
	b.av = view(av, n + 1);
	EXPECT_EQ(-EINVAL, ntlm_build_client_blob(buf, sizeof(buf), &b));
	b.av = view(NULL, 0);
	EXPECT_EQ(-EINVAL, ntlm_client_blob_size(&b));
}

TEST(authenticate_builder)
{
	const struct sample *s = sample("msnlmp-4.2.4.3-authenticate");
	struct ntlm_authenticate a, m;
	union parsed out;
	u8 buf[512];
	static u8 big[0x10000];
	size_t size, mic_offset;
	ssize_t r;

	ASSERT_EQ(0, ntlm_parse_authenticate(s->buf, s->len, &a));
	r = ntlm_authenticate_size(&a);
	for (size = 0; size < (size_t)r; size++) {
		mic_offset = 1;
		EXPECT_EQ(-ENOSPC, ntlm_build_authenticate(buf, size, &a,
							   &mic_offset));
		EXPECT_EQ(0UL, mic_offset);
	}
	EXPECT_EQ(-ENOSPC, ntlm_build_authenticate(NULL, 0, &a, NULL));

	/* a MIC the response does not promise: the parser would see none */
	m = a;
	m.has_mic = true;
	EXPECT_EQ(-EINVAL, ntlm_build_authenticate(buf, sizeof(buf), &m, NULL));

	/* a MIC slot: zeroed, at 72, 16 bytes more */
	s = sample("authenticate-mic");
	ASSERT_EQ(0, ntlm_parse_authenticate(s->buf, s->len, &a));
	ASSERT_TRUE(a.has_mic);
	m = a;
	m.has_mic = false;
	EXPECT_EQ(-EINVAL, ntlm_build_authenticate(buf, sizeof(buf), &m, NULL));
	r = ntlm_authenticate_size(&a);
	memset(buf, 0xff, sizeof(buf));
	ASSERT_EQ(r, ntlm_build_authenticate(buf, sizeof(buf), &a,
					     &mic_offset));
	EXPECT_EQ(72UL, mic_offset);
	EXPECT_EQ(0, memcmp(buf + 72, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16));
	EXPECT_EQ(88U, get_unaligned_le32(buf + AUTH_DOMAIN + 4));
	/* without a VERSION, 8 zero bytes keep the MIC at 72 */
	m = a;
	m.flags &= ~NTLMSSP_NEGOTIATE_VERSION;
	m.has_version = false;
	ASSERT_EQ(r, ntlm_build_authenticate(buf, sizeof(buf), &m,
					     &mic_offset));
	EXPECT_EQ(72UL, mic_offset);
	EXPECT_EQ(0, memcmp(buf + 64, "\0\0\0\0\0\0\0\0", 8));
	ASSERT_EQ(0, parse(AUTHENTICATE, buf, r, &out));
	EXPECT_TRUE(out.a.has_mic);
	EXPECT_FALSE(out.a.has_version);

	/* what the parser would refuse */
	s = sample("msnlmp-4.2.4.3-authenticate");
	ASSERT_EQ(0, ntlm_parse_authenticate(s->buf, s->len, &a));
	m = a;
	m.session_key.len = 15;
	EXPECT_EQ(-EINVAL, ntlm_build_authenticate(buf, sizeof(buf), &m, NULL));
	m = a;
	m.user.len = 7;
	EXPECT_EQ(-EINVAL, ntlm_build_authenticate(buf, sizeof(buf), &m, NULL));
	m = a;
	m.nt_response.len = 23;
	EXPECT_EQ(-EINVAL, ntlm_build_authenticate(buf, sizeof(buf), &m, NULL));
	m = a;
	m.nt_response.len = 30;		/* a blob cut short */
	EXPECT_EQ(-EINVAL, ntlm_build_authenticate(buf, sizeof(buf), &m, NULL));
	m = a;
	m.workstation.data = NULL;
	EXPECT_EQ(-EINVAL, ntlm_authenticate_size(&m));
	EXPECT_EQ(-EINVAL, ntlm_build_authenticate(buf, sizeof(buf), &m, NULL));

	/* too long for a 16-bit length, or for a token */
	m = a;
	m.workstation = view(big, 0x10000);
	EXPECT_EQ(-EMSGSIZE, ntlm_build_authenticate(buf, sizeof(buf), &m,
						     NULL));
	m.workstation = view(big, 0x8000);
	m.user = view(big, 0x8000);
	EXPECT_EQ(-EMSGSIZE, ntlm_authenticate_size(&m));
}

TEST(challenge_and_negotiate_builders)
{
	const struct sample *s = sample("msnlmp-4.2.4.3-challenge");
	struct ntlm_challenge c, m;
	struct ntlm_negotiate n = { .flags = 1 };
	u8 buf[512];
	size_t size;
	ssize_t r;

	ASSERT_EQ(0, ntlm_parse_challenge(s->buf, s->len, &c));
	for (size = 0; size < s->len; size++)
		EXPECT_EQ(-ENOSPC, ntlm_build_challenge(buf, size, &c));
	m = c;
	m.target_name.len = 11;
	EXPECT_EQ(-EINVAL, ntlm_build_challenge(buf, sizeof(buf), &m));
	m = c;
	m.target_info.len -= 4;		/* no MsvAvEOL */
	EXPECT_EQ(-EINVAL, ntlm_build_challenge(buf, sizeof(buf), &m));
	m = c;
	m.target_info.data = NULL;
	EXPECT_EQ(-EINVAL, ntlm_build_challenge(buf, sizeof(buf), &m));

	r = ntlm_build_negotiate(buf, sizeof(buf), &n);
	ASSERT_EQ(32, r);
	for (size = 0; size < (size_t)r; size++)
		EXPECT_EQ(-ENOSPC, ntlm_build_negotiate(buf, size, &n));
	n.has_version = true;
	EXPECT_EQ(40, ntlm_negotiate_size(&n));
}

TEST_HARNESS_MAIN
