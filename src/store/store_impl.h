/*
 * store_impl.h - what a storage backend implements.  Only src/store/ includes
 * this; everything else uses store.h.
 *
 * Each backend embeds struct store as its first member and points ops at its
 * function table.  Functions have the semantics documented in store.h.
 */
#ifndef PASSEND_STORE_IMPL_H
#define PASSEND_STORE_IMPL_H

#include "store.h"

struct store_ops {
	const char *name;
	void (*close)(struct store *s);
	int (*schema_version)(struct store *s);
	int (*begin)(struct store *s);
	int (*commit)(struct store *s);
	int (*rollback)(struct store *s);
	int (*clear)(struct store *s);
	int (*swv_put)(struct store *s, struct swv *v);
	int (*swv_get)(struct store *s, const char *code, struct swv *out);
	int (*swv_list)(struct store *s, struct swv **out, size_t *n);
	int (*board_put)(struct store *s, struct board *b);
	int (*board_list)(struct store *s, const char *swv_code, struct board **out, size_t *n);
	int (*school_put)(struct store *s, struct school *sc);
	int (*school_get)(struct store *s, int64_t id, struct school *out);
	int (*school_by_brin)(struct store *s, const char *brin, const char *vestiging, struct school *out);
	int (*school_by_name)(struct store *s, const char *name, const char *place, struct school *out);
	int (*school_list)(struct store *s, const struct school_query *q, struct school **out, size_t *n);
	int (*profile_put)(struct store *s, struct profile *p, enum profile_put_mode mode, bool *replaced);
	int (*profile_get)(struct store *s, int64_t school_id, const char *year, enum profile_view view,
	                   struct profile *out);
	int (*profile_get_id)(struct store *s, int64_t id, struct profile *out);
	int (*profile_history)(struct store *s, int64_t school_id, struct profile_rev **out, size_t *n);
	int (*profile_set_status)(struct store *s, int64_t id, enum profile_status st, const char *date,
	                          const char *mr_advice);
};

struct store {
	const struct store_ops *ops;
	char err[512];
};

/* Set the connection's error message (printf-style); returns -1. */
int store_fail(struct store *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Backend constructors. */
int store_sqlite_open(const char *path, bool migrate, struct store **out, char *err, size_t errlen);
#ifdef PASSEND_HAVE_PG
int store_pg_open(const char *conninfo, bool migrate, struct store **out, char *err, size_t errlen);
#endif

/* Normalise a school name for matching: lower case, accents removed,
 * punctuation and the words "basisschool", "school", "obs", "rkbs", "cbs"
 * dropped, single spaces.  Returns a malloc'd string. */
char *store_name_key(const char *name);

#endif
