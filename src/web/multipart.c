/*
 * multipart.c - see multipart.h.
 */
#include "multipart.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"

static const char *memfind(const char *h, size_t hl, const char *n, size_t nl)
{
	if (nl == 0 || hl < nl)
		return NULL;
	for (size_t i = 0; i + nl <= hl; i++) {
		const char *p = memchr(h + i, n[0], hl - nl - i + 1);
		if (!p)
			return NULL;
		if (memcmp(p, n, nl) == 0)
			return p;
		i = (size_t)(p - h);
	}
	return NULL;
}

/* Extract a parameter (name="value" or name=value) from a header value. */
static void header_param(const char *v, const char *param, char *out, size_t n)
{
	out[0] = '\0';
	size_t pl = strlen(param);
	const char *p = v;
	while ((p = strchr(p, ';')) != NULL) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, param, pl) == 0 && p[pl] == '=') {
			p += pl + 1;
			size_t i = 0;
			if (*p == '"') {
				p++;
				while (*p && *p != '"' && i + 1 < n) {
					if (*p == '\\' && p[1])
						p++;
					out[i++] = *p++;
				}
			} else {
				while (*p && *p != ';' && *p != ' ' && i + 1 < n)
					out[i++] = *p++;
			}
			out[i] = '\0';
			return;
		}
	}
}

static int parse_headers(const char *h, size_t hl, struct mp_part *part)
{
	char line[MP_MAX_HEADER + 1];
	size_t i = 0;
	while (i < hl) {
		const char *eol = memfind(h + i, hl - i, "\r\n", 2);
		size_t ll = eol ? (size_t)(eol - (h + i)) : hl - i;
		if (ll > MP_MAX_HEADER)
			return -1;
		memcpy(line, h + i, ll);
		line[ll] = '\0';
		i += ll + 2;
		char *colon = strchr(line, ':');
		if (!colon)
			continue;
		*colon = '\0';
		char *val = colon + 1;
		while (*val == ' ' || *val == '\t')
			val++;
		if (strcasecmp(line, "content-disposition") == 0) {
			if (!str_istarts(val, "form-data"))
				return -1;
			/* header_param looks after ';', so prefix one. */
			header_param(val, "name", part->name, sizeof part->name);
			header_param(val, "filename", part->filename, sizeof part->filename);
		} else if (strcasecmp(line, "content-type") == 0) {
			snprintf(part->content_type, sizeof part->content_type, "%s", val);
		}
	}
	return 0;
}

int mp_parse(const char *ct, const char *body, size_t len, struct mp_form *out)
{
	memset(out, 0, sizeof *out);
	if (!ct || !body || !str_istarts(ct, "multipart/form-data"))
		return -1;
	char b[80];
	header_param(ct, "boundary", b, sizeof b);
	size_t bl = strlen(b);
	if (bl == 0 || bl > 70)
		return -1;
	char delim[84];
	snprintf(delim, sizeof delim, "--%s", b);
	size_t dl = bl + 2;
	/* The body starts with the first delimiter (a preamble is allowed). */
	const char *p = memfind(body, len, delim, dl);
	if (!p)
		return -1;
	const char *end = body + len;
	p += dl;
	for (;;) {
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return 0; /* closing delimiter */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return -1;
		p += 2;
		const char *hend = memfind(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (!hend || hend - p > MP_MAX_HEADER * 4)
			return -1;
		if (out->n == MP_MAX_PARTS)
			return -1;
		struct mp_part *part = &out->parts[out->n];
		memset(part, 0, sizeof *part);
		if (parse_headers(p, (size_t)(hend - p) + 2, part) < 0)
			return -1;
		const char *data = hend + 4;
		/* The data ends at CRLF + delimiter. */
		char crlf_delim[88];
		snprintf(crlf_delim, sizeof crlf_delim, "\r\n%s", delim);
		const char *next = memfind(data, (size_t)(end - data), crlf_delim, dl + 2);
		if (!next)
			return -1;
		part->data = data;
		part->len = (size_t)(next - data);
		out->n++;
		p = next + dl + 2;
	}
}

const struct mp_part *mp_get(const struct mp_form *f, const char *name)
{
	for (int i = 0; i < f->n; i++)
		if (strcmp(f->parts[i].name, name) == 0)
			return &f->parts[i];
	return NULL;
}
