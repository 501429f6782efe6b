// SPDX-License-Identifier: GPL-2.0
/*
 * NTLMSSP messages (MS-NLMP 2.2): parsing and building, AV pairs and the
 * NTLMv2 client blob. The rules are in message.h. This file is also built
 * as userspace C (see compat.h) for the host tests and the fuzzer, so it
 * uses nothing from the kernel that compat.h does not provide.
 */
#include "message.h"

/* Offsets in the fixed headers, MS-NLMP 2.2.1 */
#define MSG_TYPE		8
#define NEG_FLAGS		12
#define NEG_DOMAIN		16
#define NEG_WORKSTATION		24
#define CHAL_TARGET_NAME	12
#define CHAL_FLAGS		20
#define CHAL_CHALLENGE		24
#define CHAL_RESERVED		32
#define CHAL_TARGET_INFO	40
#define AUTH_LM			12
#define AUTH_NT			20
#define AUTH_DOMAIN		28
#define AUTH_USER		36
#define AUTH_WORKSTATION	44
#define AUTH_SESSION_KEY	52
#define AUTH_FLAGS		60

/* Offsets in NTLMv2_CLIENT_CHALLENGE, MS-NLMP 2.2.2.7 */
#define BLOB_RESP_TYPE		0
#define BLOB_HI_RESP_TYPE	1
#define BLOB_TIMESTAMP		8
#define BLOB_CHALLENGE		16

/* A payload field's descriptor: Len (2), MaxLen (2), BufferOffset (4) */
#define FIELD_LEN		0
#define FIELD_MAXLEN		2
#define FIELD_OFFSET		4

/* AvIds we remember having seen, to refuse a pair sent twice */
#define AV_SEEN_IDS		64

/*
 * Where each message's header describes its payload fields, in the order
 * our builders lay the payload out: the order Windows uses (MS-NLMP 4.2).
 */
static const size_t negotiate_at[] = { NEG_DOMAIN, NEG_WORKSTATION };
static const size_t challenge_at[] = { CHAL_TARGET_NAME, CHAL_TARGET_INFO };
static const size_t authenticate_at[] = {
	AUTH_DOMAIN, AUTH_USER, AUTH_WORKSTATION,
	AUTH_LM, AUTH_NT, AUTH_SESSION_KEY,
};

/*
 * What the three messages share, laid out differently: the MessageType, the
 * size of the fixed header, where in it NegotiateFlags is, and the @n
 * payload fields it describes at @at.
 */
struct msg_layout {
	u32 type;
	size_t hdr;
	size_t flags_at;
	const size_t *at;
	unsigned int n;
};

static const struct msg_layout negotiate_layout = {
	NTLM_MSG_NEGOTIATE, NTLM_NEGOTIATE_HDR_SIZE, NEG_FLAGS,
	negotiate_at, ARRAY_SIZE(negotiate_at),
};

static const struct msg_layout challenge_layout = {
	NTLM_MSG_CHALLENGE, NTLM_CHALLENGE_HDR_SIZE, CHAL_FLAGS,
	challenge_at, ARRAY_SIZE(challenge_at),
};

static const struct msg_layout authenticate_layout = {
	NTLM_MSG_AUTHENTICATE, NTLM_AUTHENTICATE_HDR_SIZE, AUTH_FLAGS,
	authenticate_at, ARRAY_SIZE(authenticate_at),
};

static int check_header(const u8 *tok, size_t len, size_t hdr, u32 type)
{
	if (len > NTLM_MAX_TOKEN_SIZE)
		return -EMSGSIZE;
	if (!tok || len < hdr)
		return -EINVAL;
	if (memcmp(tok, NTLM_SIGNATURE, NTLM_SIGNATURE_SIZE))
		return -EINVAL;
	if (get_unaligned_le32(tok + MSG_TYPE) != type)
		return -EINVAL;
	return 0;
}

static bool overlaps(const u8 *a, size_t alen, const u8 *b, size_t blen)
{
	return a < b + blen && b < a + alen;
}

/*
 * Reads the @n payload fields described at @at in a token whose fixed header
 * is @hdr bytes long into @v. Each non-empty field must lie within the
 * token, after the header, apart from the others. Returns where the payload
 * starts: the lowest offset of a non-empty field, or @len if all are empty.
 */
static ssize_t read_fields(const u8 *tok, size_t len, size_t hdr,
			   const size_t *at, unsigned int n, struct ntlm_view *v)
{
	size_t start = len;
	unsigned int i, j;

	memset(v, 0, n * sizeof(*v));
	for (i = 0; i < n; i++) {
		const u8 *d = tok + at[i];
		size_t flen = get_unaligned_le16(d + FIELD_LEN);
		size_t off = get_unaligned_le32(d + FIELD_OFFSET);
		size_t end;

		if (!flen)
			continue;
		if (off < hdr || check_add_overflow(off, flen, &end) ||
		    end > len)
			return -EINVAL;
		for (j = 0; j < i; j++) {
			if (v[j].len &&
			    overlaps(tok + off, flen, v[j].data, v[j].len))
				return -EINVAL;
		}
		v[i].data = tok + off;
		v[i].len = flen;
		if (off < start)
			start = off;
	}
	return start;
}

static void get_version(const u8 *p, struct ntlm_version *v)
{
	v->major = p[0];
	v->minor = p[1];
	v->build = get_unaligned_le16(p + 2);
	v->revision = p[7];
}

static void put_version(u8 *p, const struct ntlm_version *v)
{
	p[0] = v->major;
	p[1] = v->minor;
	put_unaligned_le16(v->build, p + 2);
	p[4] = 0;
	p[5] = 0;
	p[6] = 0;
	p[7] = v->revision;
}

/*
 * Reads what every message has: the header of @l, its payload fields into
 * @v (@l->n of them) and the flags; and the VERSION, if the flags announce
 * one and the payload leaves room for it after the header. Anything else
 * between the header and the payload is padding. Sets *@start, unless NULL,
 * to where the payload starts (message.h). On failure only @v may have been
 * written.
 */
static int parse_message(const u8 *tok, size_t len, const struct msg_layout *l,
			 struct ntlm_view *v, u32 *flags, bool *has_version,
			 struct ntlm_version *version, size_t *start)
{
	ssize_t first;
	int err;

	err = check_header(tok, len, l->hdr, l->type);
	if (err)
		return err;
	first = read_fields(tok, len, l->hdr, l->at, l->n, v);
	if (first < 0)
		return -EINVAL;
	*flags = get_unaligned_le32(tok + l->flags_at);
	if ((*flags & NTLMSSP_NEGOTIATE_VERSION) &&
	    (size_t)first - l->hdr >= NTLM_VERSION_SIZE) {
		*has_version = true;
		get_version(tok + l->hdr, version);
	}
	if (start)
		*start = first;
	return 0;
}

static bool utf16_ok(u32 flags, const struct ntlm_view *s)
{
	return !(flags & NTLMSSP_NEGOTIATE_UNICODE) || !(s->len & 1);
}

/*
 * The size of a message of layout @l with the @l->n fields @v, and a
 * VERSION and a MIC as asked
 */
static ssize_t message_size(const struct msg_layout *l, bool has_version,
			    bool has_mic, const struct ntlm_view *const *v)
{
	size_t total = l->hdr;
	unsigned int i;

	if (has_version || has_mic)
		total += NTLM_VERSION_SIZE;
	if (has_mic)
		total += NTLM_MIC_SIZE;
	for (i = 0; i < l->n; i++) {
		if (v[i]->len && !v[i]->data)
			return -EINVAL;
	}
	for (i = 0; i < l->n; i++) {
		if (v[i]->len > U16_MAX)
			return -EMSGSIZE;
		total += v[i]->len;
	}
	if (total > NTLM_MAX_TOKEN_SIZE)
		return -EMSGSIZE;
	return total;
}

static void put_header(u8 *buf, u32 type)
{
	memcpy(buf, NTLM_SIGNATURE, NTLM_SIGNATURE_SIZE);
	put_unaligned_le32(type, buf + MSG_TYPE);
}

/*
 * Writes the @n fields @views, described at @at, in that order from @start
 * on. An empty field's offset is where it would have been, as Windows
 * writes it.
 */
static void put_fields(u8 *buf, size_t start, const size_t *at,
		       const struct ntlm_view *const *views, unsigned int n)
{
	size_t pos = start;
	unsigned int i;

	for (i = 0; i < n; i++) {
		const struct ntlm_view *v = views[i];
		u8 *d = buf + at[i];

		put_unaligned_le16((u16)v->len, d + FIELD_LEN);
		put_unaligned_le16((u16)v->len, d + FIELD_MAXLEN);
		put_unaligned_le32((u32)pos, d + FIELD_OFFSET);
		if (v->len)
			memcpy(buf + pos, v->data, v->len);
		pos += v->len;
	}
}

/*
 * Writes what every message has: the header of @l with @flags, a VERSION
 * if @version is not NULL (8 zero bytes instead if @mic), a zeroed MIC
 * slot if @mic, then the @l->n fields @v. What else the fixed header holds
 * is the caller's to write.
 */
static void put_message(u8 *buf, const struct msg_layout *l, u32 flags,
			const struct ntlm_version *version, bool mic,
			const struct ntlm_view *const *v)
{
	size_t start = l->hdr;

	put_header(buf, l->type);
	put_unaligned_le32(flags, buf + l->flags_at);
	if (version)
		put_version(buf + start, version);
	else if (mic)
		memset(buf + start, 0, NTLM_VERSION_SIZE);
	if (version || mic)
		start += NTLM_VERSION_SIZE;
	if (mic) {
		memset(buf + start, 0, NTLM_MIC_SIZE);
		start += NTLM_MIC_SIZE;
	}
	put_fields(buf, start, l->at, v, l->n);
}

/* ---- AV pairs ------------------------------------------------------------ */

/* Lengths MS-NLMP 2.2.2.1 fixes: names are UTF-16LE, some values sized */
static bool av_len_ok(u16 id, size_t len)
{
	switch (id) {
	case NTLM_AV_EOL:
		return len == 0;
	case NTLM_AV_NB_COMPUTER_NAME:
	case NTLM_AV_NB_DOMAIN_NAME:
	case NTLM_AV_DNS_COMPUTER_NAME:
	case NTLM_AV_DNS_DOMAIN_NAME:
	case NTLM_AV_DNS_TREE_NAME:
	case NTLM_AV_TARGET_NAME:
		return !(len & 1);
	case NTLM_AV_FLAGS:
		return len == NTLM_AV_FLAGS_SIZE;
	case NTLM_AV_TIMESTAMP:
		return len == NTLM_AV_TIMESTAMP_SIZE;
	case NTLM_AV_CHANNEL_BINDINGS:
		return len == NTLM_AV_CHANNEL_BINDINGS_SIZE;
	default:
		return true;
	}
}

/* Notes @id in @seen; false if it was there already */
static bool av_first(u64 *seen, u16 id)
{
	if (id >= AV_SEEN_IDS)
		return true;
	if (*seen & BIT_ULL(id))
		return false;
	*seen |= BIT_ULL(id);
	return true;
}

/**
 * ntlm_av_iter_init() - start walking an AV pair list
 * @it: the iterator
 * @av: the list, as found in TargetInfo or an NTLMv2 client blob
 * @len: bytes at @av
 *
 * The list is checked as it is walked: ntlm_av_next() reports a malformed
 * pair when it reaches it. Lists coming out of the parsers were checked
 * whole already; for others, ntlm_av_validate() first.
 */
void ntlm_av_iter_init(struct ntlm_av_iter *it, const u8 *av, size_t len)
{
	it->pos = av;
	it->left = av ? len : 0;
	it->seen = 0;
	it->status = 0;
}

/**
 * ntlm_av_next() - the next AV pair of a list
 * @it: the iterator, from ntlm_av_iter_init()
 * @pair: the pair found; zeroed when there is none
 *
 * A pair must fit in the list, have the length MS-NLMP 2.2.2.1 gives its
 * AvId (even for names, 4 for MsvAvFlags, 8 for MsvAvTimestamp, 16 for
 * MsvAvChannelBindings, 0 for MsvAvEOL) and not repeat an AvId below 64.
 * The list ends at MsvAvEOL, which must be there; bytes after it are not
 * looked at. Once the iterator has met the end or an error it stays there.
 *
 * Return: 1 with a pair in @pair, 0 at MsvAvEOL, -EINVAL for a malformed
 * list.
 */
int ntlm_av_next(struct ntlm_av_iter *it, struct ntlm_av_pair *pair)
{
	u16 id, len;

	memset(pair, 0, sizeof(*pair));
	if (it->status)
		return it->status > 0 ? 0 : it->status;
	if (it->left < NTLM_AV_HDR_SIZE)
		goto bad;
	id = get_unaligned_le16(it->pos);
	len = get_unaligned_le16(it->pos + 2);
	if (len > it->left - NTLM_AV_HDR_SIZE || !av_len_ok(id, len) ||
	    !av_first(&it->seen, id))
		goto bad;
	if (id == NTLM_AV_EOL) {
		it->pos += NTLM_AV_HDR_SIZE;
		it->left -= NTLM_AV_HDR_SIZE;
		it->status = 1;
		return 0;
	}
	pair->id = id;
	pair->len = len;
	pair->value = it->pos + NTLM_AV_HDR_SIZE;
	it->pos += NTLM_AV_HDR_SIZE + len;
	it->left -= NTLM_AV_HDR_SIZE + len;
	return 1;

bad:
	it->status = -EINVAL;
	return -EINVAL;
}

/**
 * ntlm_av_validate() - check a whole AV pair list
 * @av: the list
 * @len: bytes at @av
 *
 * Every pair is checked as ntlm_av_next() does, up to MsvAvEOL.
 *
 * Return: the length of the list up to and including MsvAvEOL (at most
 * @len), -EINVAL if it is malformed, -EMSGSIZE if @len is over
 * NTLM_MAX_TOKEN_SIZE.
 */
ssize_t ntlm_av_validate(const u8 *av, size_t len)
{
	struct ntlm_av_pair pair;
	struct ntlm_av_iter it;
	int ret;

	if (len > NTLM_MAX_TOKEN_SIZE)
		return -EMSGSIZE;
	ntlm_av_iter_init(&it, av, len);
	do {
		ret = ntlm_av_next(&it, &pair);
	} while (ret > 0);
	if (ret < 0)
		return ret;
	return it.pos - av;
}

/**
 * ntlm_av_find() - look an AV pair up
 * @av: the list
 * @len: bytes at @av
 * @id: the AvId wanted, not NTLM_AV_EOL
 * @pair: the pair found; zeroed if none
 *
 * The whole list is checked, not only the part before the pair.
 *
 * Return: 0 if found, -ENOENT if the list is valid but has no such pair,
 * -EINVAL if the list is malformed or @id is NTLM_AV_EOL.
 */
int ntlm_av_find(const u8 *av, size_t len, u16 id, struct ntlm_av_pair *pair)
{
	struct ntlm_av_pair cur, found = { 0 };
	struct ntlm_av_iter it;
	int ret;

	memset(pair, 0, sizeof(*pair));
	if (id == NTLM_AV_EOL || len > NTLM_MAX_TOKEN_SIZE)
		return -EINVAL;
	ntlm_av_iter_init(&it, av, len);
	while ((ret = ntlm_av_next(&it, &cur)) > 0) {
		if (cur.id == id)
			found = cur;
	}
	if (ret < 0)
		return ret;
	if (!found.value)
		return -ENOENT;
	*pair = found;
	return 0;
}

/**
 * ntlm_av_builder_init() - start writing an AV pair list
 * @b: the builder
 * @buf: where the list goes
 * @size: bytes at @buf
 *
 * Pairs are added with ntlm_av_put() and ntlm_av_put_list(), and
 * ntlm_av_finish() ends the list with MsvAvEOL. The first error sticks: it
 * is returned by every later call, so checking ntlm_av_finish() is enough.
 */
void ntlm_av_builder_init(struct ntlm_av_builder *b, u8 *buf, size_t size)
{
	b->buf = buf;
	b->size = buf ? size : 0;
	b->len = 0;
	b->seen = 0;
	b->err = 0;
}

/**
 * ntlm_av_put() - add an AV pair
 * @b: the builder
 * @id: AvId, not NTLM_AV_EOL (ntlm_av_finish() writes it)
 * @value: the value
 * @len: bytes at @value
 *
 * Room for MsvAvEOL is always kept.
 *
 * Return: 0, -EINVAL if the pair is one ntlm_av_next() would refuse (wrong
 * length, AvId already in the list), -EMSGSIZE if the list would no longer
 * fit a 16-bit length, -ENOSPC if the buffer is too small.
 */
int ntlm_av_put(struct ntlm_av_builder *b, u16 id, const void *value,
		size_t len)
{
	size_t need;

	if (b->err)
		return b->err;
	if (id == NTLM_AV_EOL || !av_len_ok(id, len) || (len && !value)) {
		b->err = -EINVAL;
		return b->err;
	}
	if (len > U16_MAX - 2 * NTLM_AV_HDR_SIZE) {
		b->err = -EMSGSIZE;
		return b->err;
	}
	need = b->len + NTLM_AV_HDR_SIZE + len + NTLM_AV_HDR_SIZE;
	if (need > U16_MAX) {
		b->err = -EMSGSIZE;
		return b->err;
	}
	if (need > b->size) {
		b->err = -ENOSPC;
		return b->err;
	}
	if (!av_first(&b->seen, id)) {
		b->err = -EINVAL;
		return b->err;
	}
	put_unaligned_le16(id, b->buf + b->len);
	put_unaligned_le16((u16)len, b->buf + b->len + 2);
	if (len)
		memcpy(b->buf + b->len + NTLM_AV_HDR_SIZE, value, len);
	b->len += NTLM_AV_HDR_SIZE + len;
	return 0;
}

/**
 * ntlm_av_put_list() - add the pairs of another list
 * @b: the builder
 * @av: the list, which must be valid (ntlm_av_validate())
 * @len: bytes at @av
 * @skip: AvIds not to copy: bit n for AvId n (n < 64)
 *
 * Copies every pair but MsvAvEOL and those in @skip, in order: for example
 * a client copies the server's TargetInfo without MsvAvFlags, then puts its
 * own MsvAvFlags.
 *
 * Return: 0, -EINVAL if @av is malformed, or an error of ntlm_av_put().
 */
int ntlm_av_put_list(struct ntlm_av_builder *b, const u8 *av, size_t len,
		     u64 skip)
{
	struct ntlm_av_pair pair;
	struct ntlm_av_iter it;
	ssize_t ret;

	if (b->err)
		return b->err;
	ret = ntlm_av_validate(av, len);
	if (ret < 0) {
		b->err = -EINVAL;
		return b->err;
	}
	ntlm_av_iter_init(&it, av, len);
	while (ntlm_av_next(&it, &pair) > 0) {
		if (pair.id < AV_SEEN_IDS && (skip & BIT_ULL(pair.id)))
			continue;
		if (ntlm_av_put(b, pair.id, pair.value, pair.len))
			return b->err;
	}
	return 0;
}

/**
 * ntlm_av_finish() - end an AV pair list with MsvAvEOL
 * @b: the builder
 *
 * Return: the length of the list, MsvAvEOL included, or the first error
 * met while building it.
 */
ssize_t ntlm_av_finish(struct ntlm_av_builder *b)
{
	if (b->err)
		return b->err;
	if (b->len + NTLM_AV_HDR_SIZE > b->size) {
		b->err = -ENOSPC;
		return b->err;
	}
	put_unaligned_le32(0, b->buf + b->len);		/* MsvAvEOL, AvLen 0 */
	return b->len + NTLM_AV_HDR_SIZE;
}

/* ---- NTLMv2 client blob ------------------------------------------------- */

/**
 * ntlm_parse_client_blob() - parse an NTLMv2_CLIENT_CHALLENGE
 * @blob: the blob: an NTLMv2 NtChallengeResponse after its NTProofStr
 *	(NTLMV2_PROOF_SIZE bytes)
 * @len: bytes at @blob
 * @out: the parsed blob; zeroed on failure
 *
 * RespType and HiRespType must be 1; the AV pairs must form a valid list
 * (ntlm_av_validate()). What follows their MsvAvEOL (normally Z(4)) and
 * the reserved fields are not looked at.
 *
 * Return: 0, -EINVAL for a malformed blob, -EMSGSIZE for one longer than
 * NTLM_MAX_TOKEN_SIZE.
 */
int ntlm_parse_client_blob(const u8 *blob, size_t len,
			   struct ntlm_client_blob *out)
{
	ssize_t av_len;

	memset(out, 0, sizeof(*out));
	if (len > NTLM_MAX_TOKEN_SIZE)
		return -EMSGSIZE;
	if (!blob || len < NTLMV2_BLOB_HDR_SIZE)
		return -EINVAL;
	if (blob[BLOB_RESP_TYPE] != NTLMV2_BLOB_RESP_TYPE ||
	    blob[BLOB_HI_RESP_TYPE] != NTLMV2_BLOB_HI_RESP_TYPE)
		return -EINVAL;
	av_len = ntlm_av_validate(blob + NTLMV2_BLOB_HDR_SIZE,
				  len - NTLMV2_BLOB_HDR_SIZE);
	if (av_len < 0)
		return -EINVAL;
	out->timestamp = get_unaligned_le64(blob + BLOB_TIMESTAMP);
	memcpy(out->client_challenge, blob + BLOB_CHALLENGE,
	       NTLM_CLIENT_CHALLENGE_SIZE);
	out->av.data = blob + NTLMV2_BLOB_HDR_SIZE;
	out->av.len = av_len;
	return 0;
}

/**
 * ntlm_client_blob_size() - bytes ntlm_build_client_blob() writes
 * @blob: the blob to build; @blob->av must be a valid list that ends with
 *	its MsvAvEOL
 *
 * The size is NTLMV2_BLOB_HDR_SIZE + @blob->av.len + NTLMV2_BLOB_TRAILER_SIZE.
 *
 * Return: the size, -EINVAL if @blob->av is not such a list, -EMSGSIZE if
 * the blob and its NTProofStr would not fit a 16-bit length.
 */
ssize_t ntlm_client_blob_size(const struct ntlm_client_blob *blob)
{
	ssize_t av_len = ntlm_av_validate(blob->av.data, blob->av.len);
	size_t total;

	if (av_len == -EMSGSIZE)
		return av_len;
	if (av_len < 0 || (size_t)av_len != blob->av.len)
		return -EINVAL;
	total = NTLMV2_BLOB_HDR_SIZE + av_len + NTLMV2_BLOB_TRAILER_SIZE;
	if (total > U16_MAX - NTLMV2_PROOF_SIZE)
		return -EMSGSIZE;
	return total;
}

/**
 * ntlm_build_client_blob() - write an NTLMv2_CLIENT_CHALLENGE
 * @buf: where it goes
 * @size: bytes at @buf
 * @blob: the timestamp, client challenge and AV pairs to write
 *
 * Writes RespType and HiRespType 1, zeroed reserved fields, and Z(4) after
 * the AV pairs, as MS-NLMP 3.3.2 builds "temp".
 *
 * Return: the length written, -ENOSPC if @size is too small, or an error of
 * ntlm_client_blob_size().
 */
ssize_t ntlm_build_client_blob(u8 *buf, size_t size,
			       const struct ntlm_client_blob *blob)
{
	ssize_t total = ntlm_client_blob_size(blob);
	u8 *p = buf;

	if (total < 0)
		return total;
	if (!buf || size < (size_t)total)
		return -ENOSPC;
	memset(p, 0, NTLMV2_BLOB_HDR_SIZE);
	p[BLOB_RESP_TYPE] = NTLMV2_BLOB_RESP_TYPE;
	p[BLOB_HI_RESP_TYPE] = NTLMV2_BLOB_HI_RESP_TYPE;
	put_unaligned_le64(blob->timestamp, p + BLOB_TIMESTAMP);
	memcpy(p + BLOB_CHALLENGE, blob->client_challenge,
	       NTLM_CLIENT_CHALLENGE_SIZE);
	p += NTLMV2_BLOB_HDR_SIZE;
	memcpy(p, blob->av.data, blob->av.len);
	p += blob->av.len;
	memset(p, 0, NTLMV2_BLOB_TRAILER_SIZE);
	return total;
}

/* ---- NEGOTIATE_MESSAGE --------------------------------------------------- */

/**
 * ntlm_parse_negotiate() - parse a NEGOTIATE_MESSAGE
 * @tok: the token
 * @len: bytes at @tok
 * @out: the parsed message, with views into @tok; zeroed on failure
 *
 * DomainName and WorkstationName are OEM strings of any length.
 *
 * Return: 0, -EINVAL for a malformed message, -EMSGSIZE for one longer
 * than NTLM_MAX_TOKEN_SIZE.
 */
int ntlm_parse_negotiate(const u8 *tok, size_t len, struct ntlm_negotiate *out)
{
	struct ntlm_view v[ARRAY_SIZE(negotiate_at)];
	int err;

	memset(out, 0, sizeof(*out));
	err = parse_message(tok, len, &negotiate_layout, v, &out->flags,
			    &out->has_version, &out->version, NULL);
	if (err)
		return err;
	out->domain = v[0];
	out->workstation = v[1];
	return 0;
}

/**
 * ntlm_negotiate_size() - bytes ntlm_build_negotiate() writes
 * @msg: the message to build
 *
 * The size is NTLM_NEGOTIATE_HDR_SIZE, plus NTLM_VERSION_SIZE with
 * @msg->has_version, plus the lengths of the payload fields.
 *
 * Return: the size, -EINVAL if a non-empty view has no data, -EMSGSIZE if a
 * field is longer than 65535 bytes or the message than NTLM_MAX_TOKEN_SIZE.
 */
ssize_t ntlm_negotiate_size(const struct ntlm_negotiate *msg)
{
	const struct ntlm_view *v[] = { &msg->domain, &msg->workstation };

	return message_size(&negotiate_layout, msg->has_version, false, v);
}

/**
 * ntlm_build_negotiate() - write a NEGOTIATE_MESSAGE
 * @buf: where it goes
 * @size: bytes at @buf
 * @msg: the message: flags, names, and VERSION if @msg->has_version
 *
 * The flags are written as given: setting NTLMSSP_NEGOTIATE_VERSION and the
 * OEM_*_SUPPLIED flags to match the rest is the caller's business.
 *
 * Return: the length written, -ENOSPC if @size is too small, or an error of
 * ntlm_negotiate_size().
 */
ssize_t ntlm_build_negotiate(u8 *buf, size_t size,
			     const struct ntlm_negotiate *msg)
{
	const struct ntlm_view *v[] = { &msg->domain, &msg->workstation };
	ssize_t total = ntlm_negotiate_size(msg);

	if (total < 0)
		return total;
	if (!buf || size < (size_t)total)
		return -ENOSPC;
	put_message(buf, &negotiate_layout, msg->flags,
		    msg->has_version ? &msg->version : NULL, false, v);
	return total;
}

/* ---- CHALLENGE_MESSAGE --------------------------------------------------- */

static int check_challenge(const struct ntlm_challenge *msg)
{
	if (!utf16_ok(msg->flags, &msg->target_name))
		return -EINVAL;
	if (msg->target_info.len &&
	    ntlm_av_validate(msg->target_info.data, msg->target_info.len) < 0)
		return -EINVAL;
	return 0;
}

/**
 * ntlm_parse_challenge() - parse a CHALLENGE_MESSAGE
 * @tok: the token
 * @len: bytes at @tok
 * @out: the parsed message, with views into @tok; zeroed on failure
 *
 * TargetName must have an even length when the message's flags have
 * NTLMSSP_NEGOTIATE_UNICODE; TargetInfo, when not empty, must be a valid
 * AV pair list (ntlm_av_validate()). Whether a TargetInfo is required is
 * the caller's call.
 *
 * Return: 0, -EINVAL for a malformed message, -EMSGSIZE for one longer
 * than NTLM_MAX_TOKEN_SIZE.
 */
int ntlm_parse_challenge(const u8 *tok, size_t len, struct ntlm_challenge *out)
{
	struct ntlm_view v[ARRAY_SIZE(challenge_at)];
	int err;

	memset(out, 0, sizeof(*out));
	err = parse_message(tok, len, &challenge_layout, v, &out->flags,
			    &out->has_version, &out->version, NULL);
	if (err)
		return err;
	out->target_name = v[0];
	out->target_info = v[1];
	memcpy(out->server_challenge, tok + CHAL_CHALLENGE,
	       NTLM_SERVER_CHALLENGE_SIZE);
	err = check_challenge(out);
	if (err)
		goto fail;
	return 0;

fail:
	memset(out, 0, sizeof(*out));
	return err;
}

/**
 * ntlm_challenge_size() - bytes ntlm_build_challenge() writes
 * @msg: the message to build
 *
 * The size is NTLM_CHALLENGE_HDR_SIZE, plus NTLM_VERSION_SIZE with
 * @msg->has_version, plus the lengths of TargetName and TargetInfo.
 *
 * Return: as ntlm_negotiate_size().
 */
ssize_t ntlm_challenge_size(const struct ntlm_challenge *msg)
{
	const struct ntlm_view *v[] = { &msg->target_name, &msg->target_info };

	return message_size(&challenge_layout, msg->has_version, false, v);
}

/**
 * ntlm_build_challenge() - write a CHALLENGE_MESSAGE
 * @buf: where it goes
 * @size: bytes at @buf
 * @msg: the message: flags, server challenge, TargetName (UTF-16LE when
 *	the flags have NTLMSSP_NEGOTIATE_UNICODE), TargetInfo (an AV pair
 *	list, see ntlm_av_finish()), and VERSION if @msg->has_version
 *
 * Reserved is written as zeroes.
 *
 * Return: the length written, -EINVAL if ntlm_parse_challenge() would
 * refuse the message, -ENOSPC if @size is too small, or an error of
 * ntlm_challenge_size().
 */
ssize_t ntlm_build_challenge(u8 *buf, size_t size,
			     const struct ntlm_challenge *msg)
{
	const struct ntlm_view *v[] = { &msg->target_name, &msg->target_info };
	ssize_t total = ntlm_challenge_size(msg);

	if (total < 0)
		return total;
	if (check_challenge(msg))
		return -EINVAL;
	if (!buf || size < (size_t)total)
		return -ENOSPC;
	put_message(buf, &challenge_layout, msg->flags,
		    msg->has_version ? &msg->version : NULL, false, v);
	memcpy(buf + CHAL_CHALLENGE, msg->server_challenge,
	       NTLM_SERVER_CHALLENGE_SIZE);
	memset(buf + CHAL_RESERVED, 0, CHAL_TARGET_INFO - CHAL_RESERVED);
	return total;
}

/* ---- AUTHENTICATE_MESSAGE ------------------------------------------------ */

/* The fields of @msg in the order of authenticate_at */
static void authenticate_views(const struct ntlm_authenticate *msg,
			       const struct ntlm_view **v)
{
	v[0] = &msg->domain;
	v[1] = &msg->user;
	v[2] = &msg->workstation;
	v[3] = &msg->lm_response;
	v[4] = &msg->nt_response;
	v[5] = &msg->session_key;
}

/*
 * Whether the NTLMv2 response @nt (an NTProofStr and a client blob) promises
 * a MIC in its MsvAvFlags: 1 or 0, -EINVAL for a blob that does not parse.
 * The promise, not the layout, says whether there is a MIC (MS-NLMP
 * 3.2.5.1.2), and the promise is covered by the NTProofStr: moving the
 * payload over the MIC cannot strip it.
 */
static int ntlmv2_mic_promised(const struct ntlm_view *nt)
{
	struct ntlm_client_blob blob;
	struct ntlm_av_pair flags;

	if (ntlm_parse_client_blob(nt->data + NTLMV2_PROOF_SIZE,
				   nt->len - NTLMV2_PROOF_SIZE, &blob))
		return -EINVAL;
	if (ntlm_av_find(blob.av.data, blob.av.len, NTLM_AV_FLAGS, &flags))
		return 0;
	return !!(get_unaligned_le32(flags.value) & NTLM_AV_FLAG_MIC_PRESENT);
}

/* A MIC if and only if an NTLMv2 response promises one */
static int check_mic_promise(const struct ntlm_authenticate *msg)
{
	int promised = 0;

	if (msg->nt_response.len > NTLM_V1_RESPONSE_SIZE)
		promised = ntlmv2_mic_promised(&msg->nt_response);
	if (promised < 0 || promised != msg->has_mic)
		return -EINVAL;
	return 0;
}

static int check_authenticate(const struct ntlm_authenticate *msg)
{
	size_t lm = msg->lm_response.len, nt = msg->nt_response.len;

	if (!nt) {
		/* anonymous: LM empty or Z(1); or an LM response alone */
		if (lm > NTLM_ANON_LM_RESPONSE_SIZE && lm != NTLM_LM_RESPONSE_SIZE)
			return -EINVAL;
	} else {
		if (nt < NTLM_V1_RESPONSE_SIZE)
			return -EINVAL;
		if (lm && lm != NTLM_LM_RESPONSE_SIZE)
			return -EINVAL;
	}
	/* Longer than NTLMv1's: NTLMv2, whose blob must parse */
	if (check_mic_promise(msg))
		return -EINVAL;
	if (msg->session_key.len &&
	    msg->session_key.len != NTLM_SESSION_KEY_SIZE)
		return -EINVAL;
	if (!utf16_ok(msg->flags, &msg->domain) ||
	    !utf16_ok(msg->flags, &msg->user) ||
	    !utf16_ok(msg->flags, &msg->workstation))
		return -EINVAL;
	return 0;
}

/**
 * ntlm_parse_authenticate() - parse an AUTHENTICATE_MESSAGE
 * @tok: the token
 * @len: bytes at @tok
 * @out: the parsed message, with views into @tok; zeroed on failure
 *
 * Besides the layout rules of message.h (which also say where VERSION and
 * MIC are), the contents must make sense: an NtChallengeResponse of 24
 * bytes (NTLMv1), or longer with a valid client blob after its NTProofStr
 * (NTLMv2; if the blob's MsvAvFlags has NTLM_AV_FLAG_MIC_PRESENT, the
 * message must have a MIC), with an LmChallengeResponse of 0 or 24 bytes;
 * or no NtChallengeResponse and an LmChallengeResponse of 0 or 1 byte
 * (anonymous) or 24 (LM alone). The
 * EncryptedRandomSessionKey is 0 or 16 bytes; the names have even lengths
 * when the flags have NTLMSSP_NEGOTIATE_UNICODE. Which of these forms is
 * acceptable is the caller's policy.
 *
 * Return: 0, -EINVAL for a malformed message, -EMSGSIZE for one longer
 * than NTLM_MAX_TOKEN_SIZE.
 */
int ntlm_parse_authenticate(const u8 *tok, size_t len,
			    struct ntlm_authenticate *out)
{
	struct ntlm_view v[ARRAY_SIZE(authenticate_at)];
	size_t start;
	int err;

	memset(out, 0, sizeof(*out));
	err = parse_message(tok, len, &authenticate_layout, v, &out->flags,
			    &out->has_version, &out->version, &start);
	if (err)
		return err;
	out->domain = v[0];
	out->user = v[1];
	out->workstation = v[2];
	out->lm_response = v[3];
	out->nt_response = v[4];
	out->session_key = v[5];
	if (out->nt_response.len > NTLM_V1_RESPONSE_SIZE)
		out->has_mic = ntlmv2_mic_promised(&out->nt_response) > 0;
	if (out->has_mic) {
		err = -EINVAL;
		if (start < NTLM_AUTH_MIC_OFFSET + NTLM_MIC_SIZE)
			goto fail;
		out->mic.data = tok + NTLM_AUTH_MIC_OFFSET;
		out->mic.len = NTLM_MIC_SIZE;
		out->mic_offset = NTLM_AUTH_MIC_OFFSET;
	}
	err = check_authenticate(out);
	if (err)
		goto fail;
	return 0;

fail:
	memset(out, 0, sizeof(*out));
	return err;
}

/**
 * ntlm_authenticate_size() - bytes ntlm_build_authenticate() writes
 * @msg: the message to build
 *
 * The size is NTLM_AUTHENTICATE_HDR_SIZE, plus NTLM_VERSION_SIZE with
 * @msg->has_version or @msg->has_mic, plus NTLM_MIC_SIZE with
 * @msg->has_mic, plus the lengths of the six payload fields.
 *
 * Return: as ntlm_negotiate_size().
 */
ssize_t ntlm_authenticate_size(const struct ntlm_authenticate *msg)
{
	const struct ntlm_view *v[ARRAY_SIZE(authenticate_at)];

	authenticate_views(msg, v);
	return message_size(&authenticate_layout, msg->has_version,
			    msg->has_mic, v);
}

/**
 * ntlm_build_authenticate() - write an AUTHENTICATE_MESSAGE
 * @buf: where it goes
 * @size: bytes at @buf
 * @msg: the message: flags, the six payload fields, VERSION if
 *	@msg->has_version, a MIC slot if @msg->has_mic (@msg->mic is not
 *	read)
 * @mic_offset: if not NULL, set to the offset of the MIC slot in @buf, or
 *	to 0 without one
 *
 * The MIC slot is written as 16 zero bytes: the caller computes the MIC
 * over the three messages as written, this one included, and copies it to
 * @buf + *@mic_offset. Without a VERSION, 8 zero bytes come before the MIC.
 * A MIC goes with an NTLMv2 response that promises it, as the parser wants.
 *
 * Return: the length written, -EINVAL if ntlm_parse_authenticate() would
 * refuse the message, -ENOSPC if @size is too small, or an error of
 * ntlm_authenticate_size().
 */
ssize_t ntlm_build_authenticate(u8 *buf, size_t size,
				const struct ntlm_authenticate *msg,
				size_t *mic_offset)
{
	const struct ntlm_view *v[ARRAY_SIZE(authenticate_at)];
	ssize_t total = ntlm_authenticate_size(msg);

	if (mic_offset)
		*mic_offset = 0;
	if (total < 0)
		return total;
	if (check_authenticate(msg))
		return -EINVAL;
	if (!buf || size < (size_t)total)
		return -ENOSPC;
	authenticate_views(msg, v);
	put_message(buf, &authenticate_layout, msg->flags,
		    msg->has_version ? &msg->version : NULL, msg->has_mic, v);
	if (msg->has_mic && mic_offset)
		*mic_offset = NTLM_AUTH_MIC_OFFSET;
	return total;
}
