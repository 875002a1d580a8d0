/*
 * html.c - HTML escaping and URL encoding (see html.h).
 *
 * The escaper is on the hot path of every page (every value in a template
 * goes through it), so it copies runs of harmless bytes with one
 * buf_append and only stops at the five special characters and at bytes
 * >= 0x80, which it validates as UTF-8 inline instead of calling
 * utf8_valid() on the whole string first (one pass instead of two).
 */
#include "render/html.h"

#include <string.h>

/* Replacement character U+FFFD in UTF-8. */
static const char REPLACEMENT[] = "\xEF\xBF\xBD";

/* Length of the well-formed UTF-8 sequence starting at s (at most n bytes
 * available) whose first byte is >= 0x80, or 0 when it is not well-formed
 * (stray continuation byte, overlong form, surrogate, > U+10FFFF, cut off). */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	if (c >= 0xC2 && c <= 0xDF) {
		if (n >= 2 && (s[1] & 0xC0) == 0x80)
			return 2;
		return 0;
	}
	if (c >= 0xE0 && c <= 0xEF) {
		if (n < 3 || (s[2] & 0xC0) != 0x80)
			return 0;
		unsigned char lo = 0x80, hi = 0xBF;
		if (c == 0xE0)
			lo = 0xA0; /* overlong */
		else if (c == 0xED)
			hi = 0x9F; /* UTF-16 surrogates */
		return (s[1] >= lo && s[1] <= hi) ? 3 : 0;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (n < 4 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
			return 0;
		unsigned char lo = 0x80, hi = 0xBF;
		if (c == 0xF0)
			lo = 0x90; /* overlong */
		else if (c == 0xF4)
			hi = 0x8F; /* > U+10FFFF */
		return (s[1] >= lo && s[1] <= hi) ? 4 : 0;
	}
	return 0;
}

void html_escape_n(buf *b, const char *s, size_t n)
{
	if (!s || n == 0)
		return;
	const unsigned char *p = (const unsigned char *)s;
	size_t run = 0; /* start of the pending run of bytes to copy verbatim */
	size_t i = 0;
	buf_grow(b, n);
	while (i < n) {
		unsigned char c = p[i];
		const char *rep;
		if (c >= 0x80) {
			size_t l = utf8_seq_len(p + i, n - i);
			if (l) {
				i += l;
				continue;
			}
			rep = REPLACEMENT;
		} else {
			switch (c) {
			case '&': rep = "&amp;"; break;
			case '<': rep = "&lt;"; break;
			case '>': rep = "&gt;"; break;
			case '"': rep = "&quot;"; break;
			case '\'': rep = "&#39;"; break;
			case '\0': rep = REPLACEMENT; break;
			default:
				i++;
				continue;
			}
		}
		if (i > run)
			buf_append(b, p + run, i - run);
		buf_puts(b, rep);
		i++;
		run = i;
	}
	if (i > run)
		buf_append(b, p + run, i - run);
}

void html_escape(buf *b, const char *s)
{
	if (s)
		html_escape_n(b, s, strlen(s));
}

void utf8_sanitize_n(buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t run = 0, i = 0;
	if (!s)
		return;
	while (i < n) {
		if (p[i] >= 0x80) {
			size_t l = utf8_seq_len(p + i, n - i);
			if (l) {
				i += l;
				continue;
			}
		} else if (p[i] != '\0') {
			i++;
			continue;
		}
		if (i > run)
			buf_append(b, p + run, i - run);
		buf_puts(b, REPLACEMENT);
		run = ++i;
	}
	if (i > run)
		buf_append(b, p + run, i - run);
}

void url_encode(buf *b, const char *s)
{
	if (s)
		url_encode_n(b, s, strlen(s));
}

void url_encode_n(buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	if (!s)
		return;
	for (const unsigned char *p = (const unsigned char *)s, *e = p + n; p < e; p++) {
		unsigned char c = *p;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			buf_putc(b, (char)c);
		} else {
			char enc[3] = {'%', hex[c >> 4], hex[c & 15]};
			buf_append(b, enc, 3);
		}
	}
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int url_decode(const char *s, size_t n, buf *out, bool plus_is_space)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t run = 0, i = 0;
	if (!s)
		return 0;
	while (i < n) {
		unsigned char c = p[i];
		if (c != '%' && !(c == '+' && plus_is_space)) {
			i++;
			continue;
		}
		if (i > run)
			buf_append(out, p + run, i - run);
		if (c == '+') {
			buf_putc(out, ' ');
			i++;
		} else {
			int h, l;
			if (n - i < 3) /* fewer than two bytes follow the '%' */
				return -1;
			h = hexval(p[i + 1]);
			l = hexval(p[i + 2]);
			if (h < 0 || l < 0 || (h == 0 && l == 0))
				return -1;
			buf_putc(out, (char)(h * 16 + l));
			i += 3;
		}
		run = i;
	}
	if (i > run)
		buf_append(out, p + run, i - run);
	return 0;
}
