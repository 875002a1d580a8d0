/*
 * html.h - HTML escaping and URL encoding helpers.
 *
 * These are the primitives the template engine (tpl.h) builds on; web
 * handlers use them directly only for the odd hand-built snippet (redirect
 * URLs, query strings).  All of them append to a buf (core/buf.h) and never
 * fail except on OOM, which aborts like every allocator in core/.
 */
#ifndef PASSEND_HTML_H
#define PASSEND_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

/* Append s HTML-escaped to b: & < > " ' become entities, so the result is
 * safe both in element content and inside a quoted attribute value.
 * Invalid UTF-8 bytes (and NUL bytes in the _n variant) are replaced by
 * U+FFFD, so the output is always well-formed UTF-8 whatever the input.
 * s may be NULL (appends nothing). */
void html_escape(buf *b, const char *s);
/* As html_escape for the n bytes at s (which may contain NUL bytes). */
void html_escape_n(buf *b, const char *s, size_t n);

/* Append s percent-encoded as one URL component (path segment or query
 * value): RFC 3986 unreserved characters A-Z a-z 0-9 - . _ ~ are kept,
 * every other byte becomes %XX (upper-case hex).  s may be NULL. */
void url_encode(buf *b, const char *s);
/* As url_encode for the n bytes at s. */
void url_encode_n(buf *b, const char *s, size_t n);

/* Append the n bytes at s with every byte that is not part of well-formed
 * UTF-8 (and every NUL byte) replaced by U+FFFD; nothing else changes. */
void utf8_sanitize_n(buf *b, const char *s, size_t n);

/* Decode the n bytes at s (a query string value, path segment or form
 * field) and append the result to out.  With plus_is_space (HTML form
 * encoding, application/x-www-form-urlencoded) '+' decodes to a space.
 * Returns 0, or -1 when a '%' is not followed by two hex digits or encodes
 * a NUL byte (%00, which would silently truncate C strings); on -1 out may
 * hold a partial result.  The decoded bytes are not checked for valid
 * UTF-8: callers that store the value must check with utf8_valid(). */
int url_decode(const char *s, size_t n, buf *out, bool plus_is_space);

#endif
