/*
 * store.c - backend selection and dispatch for the storage interface.
 */
#include "store_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "core/buf.h"
#include "core/util.h"

int store_fail(struct store *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->err, sizeof s->err, fmt, ap);
	va_end(ap);
	return -1;
}

int store_open(const char *uri, bool migrate, struct store **out, char *err, size_t errlen)
{
	*out = NULL;
	if (!uri || !*uri) {
		snprintf(err, errlen, "no database given");
		return -1;
	}
	if (strncmp(uri, "postgresql://", 13) == 0 || strncmp(uri, "postgres://", 11) == 0 ||
	    strncmp(uri, "pg:", 3) == 0 || strstr(uri, "dbname=") || strstr(uri, "host=")) {
#ifdef PASSEND_HAVE_PG
		return store_pg_open(strncmp(uri, "pg:", 3) == 0 ? uri + 3 : uri, migrate, out, err, errlen);
#else
		snprintf(err, errlen, "this build has no PostgreSQL support (libpq was not found at build time)");
		return -1;
#endif
	}
	if (strncmp(uri, "sqlite:", 7) == 0)
		uri += 7;
	return store_sqlite_open(uri, migrate, out, err, errlen);
}

void store_close(struct store *s)
{
	if (s)
		s->ops->close(s);
}

const char *store_errmsg(struct store *s)
{
	return s ? s->err : "no database";
}

const char *store_backend(struct store *s)
{
	return s->ops->name;
}

int store_schema_version(struct store *s) { return s->ops->schema_version(s); }
int store_begin(struct store *s) { return s->ops->begin(s); }
int store_commit(struct store *s) { return s->ops->commit(s); }
int store_rollback(struct store *s) { return s->ops->rollback(s); }
int store_clear(struct store *s) { return s->ops->clear(s); }
int store_swv_put(struct store *s, struct swv *v) { return s->ops->swv_put(s, v); }
int store_swv_get(struct store *s, const char *code, struct swv *out) { return s->ops->swv_get(s, code, out); }
int store_swv_list(struct store *s, struct swv **out, size_t *n) { return s->ops->swv_list(s, out, n); }
int store_board_put(struct store *s, struct board *b) { return s->ops->board_put(s, b); }
int store_board_list(struct store *s, const char *swv, struct board **out, size_t *n)
{
	return s->ops->board_list(s, swv, out, n);
}
int store_school_put(struct store *s, struct school *sc) { return s->ops->school_put(s, sc); }
int store_school_get(struct store *s, int64_t id, struct school *out) { return s->ops->school_get(s, id, out); }
int store_school_by_brin(struct store *s, const char *brin, const char *vest, struct school *out)
{
	return s->ops->school_by_brin(s, brin, vest, out);
}
int store_school_by_name(struct store *s, const char *name, const char *place, struct school *out)
{
	return s->ops->school_by_name(s, name, place, out);
}
int store_school_list(struct store *s, const struct school_query *q, struct school **out, size_t *n)
{
	return s->ops->school_list(s, q, out, n);
}
int store_profile_put(struct store *s, struct profile *p, enum profile_put_mode mode, bool *replaced)
{
	bool dummy;
	return s->ops->profile_put(s, p, mode, replaced ? replaced : &dummy);
}
int store_profile_get(struct store *s, int64_t school_id, const char *year, enum profile_view view,
                      struct profile *out)
{
	return s->ops->profile_get(s, school_id, year, view, out);
}
int store_profile_get_id(struct store *s, int64_t id, struct profile *out)
{
	return s->ops->profile_get_id(s, id, out);
}
int store_profile_history(struct store *s, int64_t school_id, struct profile_rev **out, size_t *n)
{
	return s->ops->profile_history(s, school_id, out, n);
}
int store_profile_set_status(struct store *s, int64_t id, enum profile_status st, const char *date,
                             const char *mr_advice)
{
	return s->ops->profile_set_status(s, id, st, date, mr_advice);
}

char *store_name_key(const char *name)
{
	static const char *const drop[] = {"basisschool", "school", "obs", "rkbs", "cbs", "pcbs", "kbs",
	                                   "bs", "de", "het", "sbo", "so", NULL};
	utf8proc_uint8_t *norm = NULL;
	if (utf8proc_map((const utf8proc_uint8_t *)(name ? name : ""), 0, &norm,
	                 UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD |
	                     UTF8PROC_STRIPMARK) < 0)
		return xstrdup("");
	buf out = BUF_INIT;
	const char *p = (const char *)norm;
	while (*p) {
		while (*p && !((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || (unsigned char)*p >= 0x80))
			p++;
		const char *w = p;
		while (*p && ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || (unsigned char)*p >= 0x80))
			p++;
		size_t n = (size_t)(p - w);
		if (!n)
			continue;
		bool skip = false;
		for (int i = 0; drop[i]; i++)
			if (strlen(drop[i]) == n && strncmp(drop[i], w, n) == 0)
				skip = true;
		if (skip)
			continue;
		if (out.len)
			buf_putc(&out, ' ');
		buf_append(&out, w, n);
	}
	free(norm);
	return buf_detach(&out);
}
