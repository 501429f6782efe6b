// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Strict UTF-8 <-> UTF-16 conversion (see utf16.h).
 *
 * UTF-8 is decoded by the table of well-formed byte sequences in The Unicode
 * Standard (chapter 3, "UTF-8"): the range allowed for the second byte
 * depends on the lead byte, which is what shuts out overlong forms,
 * surrogates and values past U+10FFFF before anything is decoded.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "utf16.h"

static size_t utf8_nlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

size_t sspi_utf16_nlen(const char16_t *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

size_t sspi_utf16_len(const char16_t *s)
{
	return sspi_utf16_nlen(s, SIZE_MAX);
}

/*
 * Decodes the sequence at s[*i] (*i < len) into *cp and moves *i past it.
 * NUL is refused: counted input must not hide a terminator.
 */
static int utf8_decode(const unsigned char *s, size_t len, size_t *i,
		       uint32_t *cp)
{
	unsigned char c = s[*i];
	unsigned char lo = 0x80, hi = 0xBF;	/* range of the 2nd byte */
	size_t more, k;
	uint32_t v;

	if (c == 0)
		return -EINVAL;
	if (c < 0x80) {
		*cp = c;
		*i += 1;
		return 0;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		more = 1;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		more = 2;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;	/* overlong below U+0800 */
		else if (c == 0xED)
			hi = 0x9F;	/* surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		more = 3;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;	/* overlong below U+10000 */
		else if (c == 0xF4)
			hi = 0x8F;	/* past U+10FFFF */
	} else {
		/* a continuation byte, C0/C1 (always overlong), F5..FF */
		return -EINVAL;
	}
	if (len - *i - 1 < more)
		return -EINVAL;		/* truncated */
	for (k = 1; k <= more; k++) {
		unsigned char cc = s[*i + k];

		if (k == 1 ? (cc < lo || cc > hi) : (cc & 0xC0) != 0x80)
			return -EINVAL;
		v = (v << 6) | (cc & 0x3F);
	}
	*cp = v;
	*i += more + 1;
	return 0;
}

/*
 * Converts len bytes at in into out (room for cap units, NUL excluded), or
 * only counts when out is NULL. *units gets the number of units.
 */
static int utf8_to_utf16(const char *in, size_t len, char16_t *out,
			 size_t cap, size_t *units)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, n = 0;

	while (i < len) {
		uint32_t cp;
		int err = utf8_decode(s, len, &i, &cp);

		if (err)
			return err;
		if (cp < 0x10000) {
			if (out) {
				if (cap - n < 1)
					return -ENOBUFS;
				out[n] = (char16_t)cp;
			}
			n += 1;
		} else {
			if (out) {
				if (cap - n < 2)
					return -ENOBUFS;
				cp -= 0x10000;
				out[n] = (char16_t)(0xD800 | (cp >> 10));
				out[n + 1] = (char16_t)(0xDC00 | (cp & 0x3FF));
			}
			n += 2;
		}
	}
	*units = n;
	return 0;
}

int sspi_utf8n_to_utf16(const char *in, size_t in_len, char16_t **out,
			size_t *out_len)
{
	char16_t *buf;
	size_t n;
	int err;

	*out = NULL;
	if (!in && in_len)
		return -EINVAL;
	if (in_len > SSPI_UTF_MAX_LEN)
		return -E2BIG;

	/* Each UTF-8 byte gives at most one UTF-16 unit. */
	buf = malloc((in_len + 1) * sizeof(*buf));
	if (!buf)
		return -ENOMEM;
	err = utf8_to_utf16(in, in_len, buf, in_len, &n);
	if (err) {
		free(buf);
		return err;
	}
	buf[n] = 0;
	*out = buf;
	if (out_len)
		*out_len = n;
	return 0;
}

/* Length of NUL-terminated in, or -E2BIG past SSPI_UTF_MAX_LEN. */
static int utf8z_len(const char *in, size_t *len)
{
	if (!in)
		return -EINVAL;
	*len = utf8_nlen(in, SSPI_UTF_MAX_LEN + 1);
	return *len > SSPI_UTF_MAX_LEN ? -E2BIG : 0;
}

int sspi_utf8z_to_utf16(const char *in, char16_t **out, size_t *out_len)
{
	size_t len;
	int err;

	*out = NULL;
	err = utf8z_len(in, &len);
	if (err)
		return err;
	return sspi_utf8n_to_utf16(in, len, out, out_len);
}

int sspi_utf16n_to_utf8(const char16_t *in, size_t in_len, char **out,
			size_t *out_len)
{
	unsigned char *buf;
	size_t i = 0, n = 0;

	*out = NULL;
	if (!in && in_len)
		return -EINVAL;
	if (in_len > SSPI_UTF_MAX_LEN)
		return -E2BIG;

	/* A unit gives at most 3 bytes, a surrogate pair 4 for its 2 units. */
	buf = malloc(in_len * 3 + 1);
	if (!buf)
		return -ENOMEM;

	while (i < in_len) {
		uint32_t cp = in[i++];

		if (cp == 0)
			goto invalid;
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			uint32_t lo;

			if (i == in_len)
				goto invalid;	/* high surrogate at the end */
			lo = in[i];
			if (lo < 0xDC00 || lo > 0xDFFF)
				goto invalid;	/* high surrogate unpaired */
			i++;
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
		} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
			goto invalid;		/* low surrogate unpaired */
		}

		if (cp < 0x80) {
			buf[n++] = (unsigned char)cp;
		} else if (cp < 0x800) {
			buf[n++] = (unsigned char)(0xC0 | (cp >> 6));
			buf[n++] = (unsigned char)(0x80 | (cp & 0x3F));
		} else if (cp < 0x10000) {
			buf[n++] = (unsigned char)(0xE0 | (cp >> 12));
			buf[n++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
			buf[n++] = (unsigned char)(0x80 | (cp & 0x3F));
		} else {
			buf[n++] = (unsigned char)(0xF0 | (cp >> 18));
			buf[n++] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
			buf[n++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
			buf[n++] = (unsigned char)(0x80 | (cp & 0x3F));
		}
	}
	buf[n] = 0;
	*out = (char *)buf;
	if (out_len)
		*out_len = n;
	return 0;

invalid:
	free(buf);
	return -EINVAL;
}

int sspi_utf16z_to_utf8(const char16_t *in, char **out, size_t *out_len)
{
	size_t len;

	*out = NULL;
	if (!in)
		return -EINVAL;
	len = sspi_utf16_nlen(in, SSPI_UTF_MAX_LEN + 1);
	if (len > SSPI_UTF_MAX_LEN)
		return -E2BIG;
	return sspi_utf16n_to_utf8(in, len, out, out_len);
}

char16_t *sspi_utf8_to_utf16(const char *in)
{
	char16_t *out;
	int err = sspi_utf8z_to_utf16(in, &out, NULL);

	if (err)
		errno = -err;
	return out;
}

char *sspi_utf16_to_utf8(const char16_t *in)
{
	char *out;
	int err = sspi_utf16z_to_utf8(in, &out, NULL);

	if (err)
		errno = -err;
	return out;
}

size_t sspi_utf8_utf16_units(const char *in)
{
	size_t len, units;

	if (utf8z_len(in, &len) || utf8_to_utf16(in, len, NULL, 0, &units))
		return SIZE_MAX;
	return units;
}

bool sspi_utf8_valid(const char *in)
{
	return sspi_utf8_utf16_units(in) != SIZE_MAX;
}

int sspi_utf8_to_utf16_buf(const char *in, char16_t *out, size_t out_units)
{
	size_t len, units;
	int err;

	if (!out_units)
		return -ENOBUFS;
	out[0] = 0;
	err = utf8z_len(in, &len);
	if (!err)
		err = utf8_to_utf16(in, len, out, out_units - 1, &units);
	if (err) {
		out[0] = 0;
		return err;
	}
	out[units] = 0;
	return 0;
}
