/*
 * buf.h - growable byte buffer (after lwan's strbuf).
 *
 * A buf always keeps its contents NUL-terminated, so buf.data can be handed to
 * any C string function.  Memory policy for the whole program: allocation
 * failure is not recoverable in a request handler without leaving state
 * half-way, so every allocator in core/ aborts on OOM (see xmalloc in util.h).
 */
#ifndef PASSEND_BUF_H
#define PASSEND_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
	char *data;  /* NUL-terminated; NULL until the first append */
	size_t len;  /* bytes used, excluding the terminating NUL */
	size_t cap;  /* bytes allocated */
} buf;

#define BUF_INIT {NULL, 0, 0}

/* Empty the buffer and release its memory. */
void buf_free(buf *b);
/* Keep the memory, set length to zero. */
void buf_reset(buf *b);
/* Make room for at least n more bytes. */
void buf_grow(buf *b, size_t n);
/* Append n bytes of s. */
void buf_append(buf *b, const void *s, size_t n);
/* Append a NUL-terminated string. */
void buf_puts(buf *b, const char *s);
/* Append one byte. */
void buf_putc(buf *b, char c);
/* Append printf-formatted text. */
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Return the contents as a malloc'd string the caller owns ("" when empty);
 * the buffer is left empty. */
char *buf_detach(buf *b);
/* Return data or "" when nothing was appended (never NULL). */
const char *buf_str(const buf *b);

#endif
