/*
 * multipart.h - a small multipart/form-data parser (RFC 7578) for the
 * document upload form.  Parts point into the request body (no copies);
 * the parser is strict and bounded: at most MP_MAX_PARTS parts, part headers
 * of at most MP_MAX_HEADER bytes, a boundary of at most 70 characters.
 */
#ifndef PASSEND_MULTIPART_H
#define PASSEND_MULTIPART_H

#include <stddef.h>

#define MP_MAX_PARTS 32
#define MP_MAX_HEADER 2048

struct mp_part {
	char name[64];          /* form field name ("" when absent) */
	char filename[256];     /* uploaded file name ("" when not a file) */
	char content_type[128];
	const char *data;       /* into the body; not NUL-terminated */
	size_t len;
};

struct mp_form {
	struct mp_part parts[MP_MAX_PARTS];
	int n;
};

/* Parse body (len bytes) with the boundary taken from the Content-Type
 * header value ct.  Returns 0, or -1 when the body is not well-formed
 * multipart, has too many parts, or ct has no usable boundary. */
int mp_parse(const char *ct, const char *body, size_t len, struct mp_form *out);

/* The first part with this field name, or NULL. */
const struct mp_part *mp_get(const struct mp_form *f, const char *name);

#endif
