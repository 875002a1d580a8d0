/*
 * util.h - small helpers shared by every layer: checked allocation, string
 * helpers, UTF-8 validation, file reading with a size limit.
 */
#ifndef PASSEND_UTIL_H
#define PASSEND_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Allocation that aborts with a message on OOM; never returns NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Make room for one more element of a growable array: when n has reached
 * cap, cap doubles (to first when it is 0) and v is reallocated.  Every
 * "read rows into an array" loop in the program grows its array this way.
 * Aborts on OOM like xrealloc. */
#define XGROW(v, n, cap, first)                                                                            \
	do {                                                                                               \
		if ((size_t)(n) >= (size_t)(cap)) {                                                        \
			(cap) = (cap) ? (cap) * 2 : (first);                                               \
			(v) = xrealloc((v), (size_t)(cap) * sizeof *(v));                                  \
		}                                                                                          \
	} while (0)

/* strdup that accepts NULL (returns NULL) and aborts on OOM. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* True when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates). */
bool utf8_valid(const char *s, size_t n);

/* Read a whole file into a malloc'd NUL-terminated buffer.  Fails (returns
 * -1, sets *err to a static message) when the file cannot be read or is
 * larger than max bytes.  *out is owned by the caller. */
int read_file_limit(const char *path, size_t max, char **out, size_t *outlen, const char **err);

/* Trim ASCII whitespace in place; returns s. */
char *str_trim(char *s);
/* Case-insensitive ASCII prefix test. */
bool str_istarts(const char *s, const char *prefix);
bool str_eq(const char *a, const char *b); /* NULL-safe equality */
/* Parse a decimal integer in [lo,hi]; returns false on junk or overflow. */
bool parse_int(const char *s, long lo, long hi, long *out);

/* Current UTC time as ISO 8601 "YYYY-MM-DDTHH:MM:SSZ" into out (>= 21 bytes). */
void now_iso(char *out, size_t n);

/* A school year "2025/2026": valid when the second year is the first + 1. */
bool school_year_valid(const char *s);

/* The school year that contains time t (a school year starts on 1 August),
 * as "2026/2027" into out (>= 10 bytes). */
void school_year_of_time(time_t t, char *out, size_t n);

#endif
