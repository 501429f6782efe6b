/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Strict UTF-8 <-> UTF-16 conversion, for the A and W halves of the API.
 *
 * UTF-16 text is an array of char16_t (SEC_WCHAR) in host byte order, which
 * is UTF-16LE on every little-endian host, as Windows has it. UTF-8 text is
 * what the A functions take and return.
 *
 * Every function refuses, rather than repairs, anything that is not a
 * well-formed sequence of Unicode scalar values: in UTF-8 overlong forms,
 * stray or missing continuation bytes, encoded surrogates (U+D800..U+DFFF)
 * and values above U+10FFFF; in UTF-16 unpaired surrogates. A credential
 * that does not convert exactly must not authenticate as something else.
 *
 * Errors are negative errno values (or, for the functions returning a
 * pointer, NULL with errno set to the positive value):
 *   EINVAL   malformed input, a NUL inside counted input, or a NULL string
 *            with a non-zero length;
 *   E2BIG    the input is longer than SSPI_UTF_MAX_LEN;
 *   ENOBUFS  (sspi_utf8_to_utf16_buf) the output does not fit;
 *   ENOMEM   out of memory.
 * Callers map them to the SECURITY_STATUS their Windows counterpart gives
 * (typically SEC_E_INVALID_PARAMETER, SEC_E_INVALID_TOKEN or
 * SEC_E_INSUFFICIENT_MEMORY).
 *
 * Converted strings are malloc()ed and NUL-terminated (free() them); *out_len,
 * when out_len is not NULL, gets the length without the NUL: UTF-16 units for
 * UTF-16 output, bytes for UTF-8 output. On failure *out is NULL and *out_len
 * is left alone.
 *
 * All of these are internal to libsspi (hidden, never exported).
 */
#ifndef SSPI_LIB_UTF16_H
#define SSPI_LIB_UTF16_H

#include <stdbool.h>
#include <stddef.h>
#include <uchar.h>

/*
 * Longest input accepted, in the input's own units (bytes of UTF-8, units
 * of UTF-16), NUL excluded. Generous for names and passwords (NTLM carries
 * them in 16-bit byte counts), small enough that no size computation can
 * overflow.
 */
#define SSPI_UTF_MAX_LEN	65535u

/*
 * Counted input, NUL not required (e.g. SEC_WINNT_AUTH_IDENTITY strings,
 * whose lengths exclude it). A NUL inside the count is refused. in may be
 * NULL when in_len is 0, giving an empty string.
 */
int sspi_utf8n_to_utf16(const char *in, size_t in_len, char16_t **out,
			size_t *out_len);
int sspi_utf16n_to_utf8(const char16_t *in, size_t in_len, char **out,
			size_t *out_len);

/* NUL-terminated input (NULL refused). */
int sspi_utf8z_to_utf16(const char *in, char16_t **out, size_t *out_len);
int sspi_utf16z_to_utf8(const char16_t *in, char **out, size_t *out_len);

/* The same, for callers that only need the string: NULL and errno on error. */
char16_t *sspi_utf8_to_utf16(const char *in);
char *sspi_utf16_to_utf8(const char16_t *in);

/* Whether NUL-terminated in is well-formed UTF-8 of at most SSPI_UTF_MAX_LEN. */
bool sspi_utf8_valid(const char *in);

/* UTF-16 units (NUL excluded) that in converts to; SIZE_MAX if it cannot. */
size_t sspi_utf8_utf16_units(const char *in);

/*
 * Converts NUL-terminated in into out, which has room for out_units units
 * including the NUL. Returns 0, or a negative errno with out[0] = 0 (if
 * out_units > 0).
 */
int sspi_utf8_to_utf16_buf(const char *in, char16_t *out, size_t out_units);

/* Length of a NUL-terminated UTF-16 string, in units (wcslen for char16_t). */
size_t sspi_utf16_len(const char16_t *s);

/* The same, but stops counting at max: returns min(length, max). */
size_t sspi_utf16_nlen(const char16_t *s, size_t max);

#endif /* SSPI_LIB_UTF16_H */
