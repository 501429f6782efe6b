// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of libsspi's UTF-8 <-> UTF-16 conversion (lib/utf16.c).
 */
#include "kselftest_harness.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "utf16.h"

/* Compares n units and the terminating NUL. */
static int u16_eq(const char16_t *a, const char16_t *b, size_t n)
{
	return memcmp(a, b, n * sizeof(*a)) == 0 && a[n] == 0;
}

/* UTF-8 -> UTF-16 -> UTF-8 of s must give want (n units) and s back. */
static int round_trip(const char *s, const char16_t *want, size_t n)
{
	char16_t *w;
	char *back;
	size_t wl = 12345, bl = 12345;
	int ok;

	if (sspi_utf8z_to_utf16(s, &w, &wl))
		return 0;
	ok = wl == n && u16_eq(w, want, n);
	if (sspi_utf16z_to_utf8(w, &back, &bl)) {
		free(w);
		return 0;
	}
	ok = ok && bl == strlen(s) && strcmp(back, s) == 0;
	free(w);
	free(back);
	return ok;
}

TEST(ascii)
{
	ASSERT_TRUE(round_trip("NTLM", u"NTLM", 4));
	ASSERT_TRUE(round_trip("user@EXAMPLE.COM", u"user@EXAMPLE.COM", 16));
	ASSERT_TRUE(round_trip("\x01\x7f", u"\x01\x7f", 2));
}

TEST(bmp)
{
	/* U+00E9 (2 bytes), U+20AC (3 bytes), U+4E2D, U+FFFD, U+FFFF */
	ASSERT_TRUE(round_trip("\xc3\xa9", u"\u00e9", 1));
	ASSERT_TRUE(round_trip("caf\xc3\xa9 \xe2\x82\xac\xe4\xb8\xad",
			       u"caf\u00e9 \u20ac\u4e2d", 7));
	ASSERT_TRUE(round_trip("\xef\xbf\xbd\xef\xbf\xbf", u"\ufffd\uffff", 2));
	/* the extremes of each length */
	{
		/* U+0080 cannot be a C universal character name: spell it out */
		const char16_t edges[] = { 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0 };

		ASSERT_TRUE(round_trip("\xc2\x80\xdf\xbf\xe0\xa0\x80"
				       "\xed\x9f\xbf\xee\x80\x80", edges, 5));
	}
}

TEST(astral_surrogate_pairs)
{
	const char16_t pair_10000[] = { 0xD800, 0xDC00, 0 };
	const char16_t pair_1f600[] = { 0xD83D, 0xDE00, 0 };
	const char16_t pair_10ffff[] = { 0xDBFF, 0xDFFF, 0 };
	const char16_t mixed[] = { 'a', 0xD83D, 0xDE00, 'b', 0 };

	ASSERT_TRUE(round_trip("\xf0\x90\x80\x80", pair_10000, 2));
	ASSERT_TRUE(round_trip("\xf0\x9f\x98\x80", pair_1f600, 2));
	ASSERT_TRUE(round_trip("\xf4\x8f\xbf\xbf", pair_10ffff, 2));
	ASSERT_TRUE(round_trip("a\xf0\x9f\x98\x80" "b", mixed, 4));
	/* char16_t literals agree with the hand-made pairs */
	ASSERT_TRUE(u16_eq(u"\U0001F600", pair_1f600, 2));
}

TEST(empty)
{
	char16_t *w;
	char *s;
	size_t n = 99;

	ASSERT_EQ(0, sspi_utf8z_to_utf16("", &w, &n));
	ASSERT_NE(NULL, w);
	EXPECT_EQ(0, n);
	EXPECT_EQ(0, w[0]);
	free(w);

	n = 99;
	ASSERT_EQ(0, sspi_utf16z_to_utf8(u"", &s, &n));
	ASSERT_NE(NULL, s);
	EXPECT_EQ(0, n);
	EXPECT_EQ(0, s[0]);
	free(s);

	/* counted: NULL with length 0 is the empty string */
	ASSERT_EQ(0, sspi_utf8n_to_utf16(NULL, 0, &w, &n));
	EXPECT_EQ(0, n);
	EXPECT_EQ(0, w[0]);
	free(w);
	ASSERT_EQ(0, sspi_utf16n_to_utf8(NULL, 0, &s, &n));
	EXPECT_EQ(0, n);
	EXPECT_EQ(0, s[0]);
	free(s);
}

/* Every scalar value, in chunks, both ways. */
TEST(all_scalar_values)
{
	enum { CHUNK = 4096 };
	static char u8[CHUNK * 4 + 1];
	static char16_t u16[CHUNK * 2 + 1];
	uint32_t cp = 1;

	while (cp <= 0x10FFFF) {
		size_t b = 0, n = 0, wl, bl;
		char16_t *w;
		char *back;
		int k;

		for (k = 0; k < CHUNK && cp <= 0x10FFFF; cp++) {
			if (cp >= 0xD800 && cp <= 0xDFFF)
				continue;
			if (cp < 0x80) {
				u8[b++] = (char)cp;
			} else if (cp < 0x800) {
				u8[b++] = (char)(0xC0 | cp >> 6);
				u8[b++] = (char)(0x80 | (cp & 0x3F));
			} else if (cp < 0x10000) {
				u8[b++] = (char)(0xE0 | cp >> 12);
				u8[b++] = (char)(0x80 | ((cp >> 6) & 0x3F));
				u8[b++] = (char)(0x80 | (cp & 0x3F));
			} else {
				u8[b++] = (char)(0xF0 | cp >> 18);
				u8[b++] = (char)(0x80 | ((cp >> 12) & 0x3F));
				u8[b++] = (char)(0x80 | ((cp >> 6) & 0x3F));
				u8[b++] = (char)(0x80 | (cp & 0x3F));
			}
			if (cp < 0x10000) {
				u16[n++] = (char16_t)cp;
			} else {
				u16[n++] = (char16_t)(0xD800 | (cp - 0x10000) >> 10);
				u16[n++] = (char16_t)(0xDC00 | ((cp - 0x10000) & 0x3FF));
			}
			k++;
		}
		u8[b] = 0;
		u16[n] = 0;

		ASSERT_EQ(0, sspi_utf8n_to_utf16(u8, b, &w, &wl)) {
			TH_LOG("chunk ending before U+%04X", cp);
		}
		ASSERT_EQ(n, wl);
		ASSERT_TRUE(u16_eq(w, u16, n)) {
			TH_LOG("chunk ending before U+%04X", cp);
		}
		free(w);
		ASSERT_EQ(0, sspi_utf16n_to_utf8(u16, n, &back, &bl));
		ASSERT_EQ(b, bl);
		ASSERT_EQ(0, memcmp(back, u8, b + 1));
		free(back);
	}
}

static const char *const bad_utf8[] = {
	/* overlong */
	"\xc0\x80", "\xc1\xbf", "\xe0\x80\x80", "\xe0\x9f\xbf",
	"\xf0\x80\x80\x80", "\xf0\x8f\xbf\xbf", "\xc0\xaf",
	/* lone / stray continuation bytes */
	"\x80", "\xbf", "a\200b", "\xc3\xa9\xa9",
	/* truncated */
	"\xc3", "\xe2\x82", "\xf0\x9f\x98", "a\xe4\xb8",
	/* bad continuation */
	"\xc3\x28", "\xe2\x28\xa1", "\xe2\x82\x28", "\xf0\x9f\x28\x80",
	/* surrogates encoded in UTF-8 (CESU-8 style) */
	"\xed\xa0\x80", "\xed\xbf\xbf", "\xed\xa0\xbd\xed\xb8\x80",
	/* beyond U+10FFFF, and bytes that never appear */
	"\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xf7\xbf\xbf\xbf",
	"\xf8\x88\x80\x80\x80", "\xfe", "\xff",
};

TEST(invalid_utf8_refused)
{
	size_t i;

	for (i = 0; i < sizeof(bad_utf8) / sizeof(bad_utf8[0]); i++) {
		const char *s = bad_utf8[i];
		char16_t *w = (char16_t *)&w;	/* must be reset to NULL */
		char16_t buf[16] = { 'x' };
		size_t n = 77;

		EXPECT_EQ(-EINVAL, sspi_utf8z_to_utf16(s, &w, &n)) {
			TH_LOG("bad_utf8[%zu] accepted", i);
		}
		EXPECT_EQ(NULL, w);
		EXPECT_EQ(77, n);
		EXPECT_EQ(-EINVAL, sspi_utf8n_to_utf16(s, strlen(s), &w, &n));
		EXPECT_FALSE(sspi_utf8_valid(s));
		EXPECT_EQ(SIZE_MAX, sspi_utf8_utf16_units(s));
		EXPECT_EQ(-EINVAL, sspi_utf8_to_utf16_buf(s, buf, 16));
		EXPECT_EQ(0, buf[0]);
		errno = 0;
		EXPECT_EQ(NULL, sspi_utf8_to_utf16(s));
		EXPECT_EQ(EINVAL, errno);
	}
}

TEST(unpaired_surrogates_refused)
{
	static const char16_t bad[][4] = {
		{ 0xD800, 0 },			/* high at the end */
		{ 'a', 0xDBFF, 0 },
		{ 0xD800, 'A', 0 },		/* high, then no low */
		{ 0xD800, 0xD800, 0xDC00, 0 },	/* high, high */
		{ 0xDC00, 0 },			/* lone low */
		{ 0xDFFF, 'a', 0 },
		{ 0xDC00, 0xD800, 0 },		/* reversed pair */
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *s = (char *)&s;
		size_t n = 77;

		EXPECT_EQ(-EINVAL, sspi_utf16z_to_utf8(bad[i], &s, &n)) {
			TH_LOG("bad[%zu] accepted", i);
		}
		EXPECT_EQ(NULL, s);
		EXPECT_EQ(77, n);
		EXPECT_EQ(-EINVAL, sspi_utf16n_to_utf8(bad[i],
				   sspi_utf16_len(bad[i]), &s, &n));
		errno = 0;
		EXPECT_EQ(NULL, sspi_utf16_to_utf8(bad[i]));
		EXPECT_EQ(EINVAL, errno);
	}
	/* a pair split by the count is unpaired too */
	{
		const char16_t pair[] = { 0xD83D, 0xDE00, 0 };
		char *s;

		EXPECT_EQ(-EINVAL, sspi_utf16n_to_utf8(pair, 1, &s, NULL));
	}
}

TEST(counted_input)
{
	char16_t *w;
	char *s;
	size_t n;

	/* SEC_WINNT_AUTH_IDENTITY style: length without NUL, none needed */
	ASSERT_EQ(0, sspi_utf8n_to_utf16("userXXXX", 4, &w, &n));
	EXPECT_EQ(4, n);
	EXPECT_TRUE(u16_eq(w, u"user", 4));
	free(w);

	ASSERT_EQ(0, sspi_utf16n_to_utf8(u"DOMAINxx", 6, &s, &n));
	EXPECT_EQ(6, n);
	EXPECT_STREQ("DOMAIN", s);
	free(s);

	/* a count that cuts a UTF-8 sequence leaves it truncated */
	EXPECT_EQ(-EINVAL, sspi_utf8n_to_utf16("\xc3\xa9", 1, &w, &n));

	/* NULL with a length */
	EXPECT_EQ(-EINVAL, sspi_utf8n_to_utf16(NULL, 1, &w, &n));
	EXPECT_EQ(-EINVAL, sspi_utf16n_to_utf8(NULL, 1, &s, &n));

	/* out_len is optional */
	ASSERT_EQ(0, sspi_utf8n_to_utf16("ab", 2, &w, NULL));
	EXPECT_TRUE(u16_eq(w, u"ab", 2));
	free(w);
}

TEST(nul_handling)
{
	char16_t *w;
	char *s;
	size_t n;

	/* NUL-terminated input stops at the first NUL */
	ASSERT_EQ(0, sspi_utf8z_to_utf16("ab\0cd", &w, &n));
	EXPECT_EQ(2, n);
	EXPECT_TRUE(u16_eq(w, u"ab", 2));
	free(w);
	ASSERT_EQ(0, sspi_utf16z_to_utf8(u"ab\0cd", &s, &n));
	EXPECT_EQ(2, n);
	EXPECT_STREQ("ab", s);
	free(s);

	/* a NUL inside counted input would truncate silently: refused */
	EXPECT_EQ(-EINVAL, sspi_utf8n_to_utf16("ab\0cd", 5, &w, &n));
	EXPECT_EQ(-EINVAL, sspi_utf16n_to_utf8(u"ab\0cd", 5, &s, &n));
	EXPECT_EQ(-EINVAL, sspi_utf8n_to_utf16("\0", 1, &w, &n));

	/* NULL strings */
	EXPECT_EQ(-EINVAL, sspi_utf8z_to_utf16(NULL, &w, &n));
	EXPECT_EQ(-EINVAL, sspi_utf16z_to_utf8(NULL, &s, &n));
	EXPECT_FALSE(sspi_utf8_valid(NULL));
}

TEST(length_bounds)
{
	size_t max = SSPI_UTF_MAX_LEN;
	char *big8 = malloc(max + 2);
	char16_t *big16 = malloc((max + 2) * sizeof(*big16));
	char16_t *w;
	char *s;
	size_t n, i;

	ASSERT_NE(NULL, big8);
	ASSERT_NE(NULL, big16);
	memset(big8, 'a', max + 1);
	big8[max + 1] = 0;
	for (i = 0; i <= max; i++)
		big16[i] = 'a';
	big16[max + 1] = 0;

	/* one past the bound */
	EXPECT_EQ(-E2BIG, sspi_utf8z_to_utf16(big8, &w, &n));
	EXPECT_EQ(-E2BIG, sspi_utf8n_to_utf16(big8, max + 1, &w, &n));
	EXPECT_EQ(-E2BIG, sspi_utf16z_to_utf8(big16, &s, &n));
	EXPECT_EQ(-E2BIG, sspi_utf16n_to_utf8(big16, max + 1, &s, &n));
	EXPECT_FALSE(sspi_utf8_valid(big8));
	EXPECT_EQ(SIZE_MAX, sspi_utf8_utf16_units(big8));
	EXPECT_EQ(-E2BIG, sspi_utf8n_to_utf16(big8, SIZE_MAX, &w, &n));
	EXPECT_EQ(-E2BIG, sspi_utf16n_to_utf8(big16, SIZE_MAX, &s, &n));

	/* exactly the bound */
	big8[max] = 0;
	big16[max] = 0;
	ASSERT_EQ(0, sspi_utf8z_to_utf16(big8, &w, &n));
	EXPECT_EQ(max, n);
	EXPECT_EQ(0, w[max]);
	free(w);
	ASSERT_EQ(0, sspi_utf16z_to_utf8(big16, &s, &n));
	EXPECT_EQ(max, n);
	EXPECT_EQ(strlen(s), max);
	free(s);
	EXPECT_TRUE(sspi_utf8_valid(big8));

	free(big8);
	free(big16);
}

TEST(units_and_buffer)
{
	char16_t buf[8];

	EXPECT_EQ(0, sspi_utf8_utf16_units(""));
	EXPECT_EQ(4, sspi_utf8_utf16_units("NTLM"));
	EXPECT_EQ(1, sspi_utf8_utf16_units("\xe2\x82\xac"));
	EXPECT_EQ(2, sspi_utf8_utf16_units("\xf0\x9f\x98\x80"));
	EXPECT_TRUE(sspi_utf8_valid("caf\xc3\xa9"));

	/* fits exactly: 4 units + NUL */
	memset(buf, 0xff, sizeof(buf));
	ASSERT_EQ(0, sspi_utf8_to_utf16_buf("NTLM", buf, 5));
	EXPECT_TRUE(u16_eq(buf, u"NTLM", 4));
	EXPECT_EQ(0xffff, buf[5]);	/* nothing written past the room */

	/* no room for the NUL, or for the second half of a pair */
	EXPECT_EQ(-ENOBUFS, sspi_utf8_to_utf16_buf("NTLM", buf, 4));
	EXPECT_EQ(0, buf[0]);
	EXPECT_EQ(-ENOBUFS, sspi_utf8_to_utf16_buf("a\xf0\x9f\x98\x80", buf, 3));
	EXPECT_EQ(0, buf[0]);
	ASSERT_EQ(0, sspi_utf8_to_utf16_buf("a\xf0\x9f\x98\x80", buf, 4));
	EXPECT_EQ(0, buf[3]);
	EXPECT_EQ(-ENOBUFS, sspi_utf8_to_utf16_buf("", buf, 0));
	ASSERT_EQ(0, sspi_utf8_to_utf16_buf("", buf, 1));
	EXPECT_EQ(0, buf[0]);
}

TEST(utf16_len)
{
	EXPECT_EQ(0, sspi_utf16_len(u""));
	EXPECT_EQ(4, sspi_utf16_len(u"NTLM"));
	EXPECT_EQ(2, sspi_utf16_len(u"\U0001F600"));	/* units, not characters */
	EXPECT_EQ(2, sspi_utf16_len(u"ab\0cd"));
	EXPECT_EQ(3, sspi_utf16_nlen(u"abcdef", 3));
	EXPECT_EQ(6, sspi_utf16_nlen(u"abcdef", 100));
	EXPECT_EQ(0, sspi_utf16_nlen(u"abcdef", 0));
}

TEST_HARNESS_MAIN
