/*
 * store_find.h - storage functions for the public finder, the regional
 * overview, the full-text search and the exports (issue 4).
 *
 * Everything here reads PUBLISHED data only: "live" profiles (profile.is_live:
 * the latest published version of a school's newest published school year).
 * The one exception is store_find_status(), which reports that a draft exists
 * (its school year and status) but never its content.
 *
 * Conventions as in store.h: 0 on success, -1 on error (store_errmsg()),
 * arrays malloc'd and released with the matching *_free function below.
 * Each function dispatches by store_backend() to a per-backend table
 * (struct store_find_ops); a PostgreSQL backend implements the same table.
 */
#ifndef PASSEND_STORE_FIND_H
#define PASSEND_STORE_FIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "store.h"

/* A school with a live profile. */
struct find_school {
	struct school school;   /* identity and contact data (board_code, swv_code set) */
	char *board_name;       /* may be NULL */
	int64_t profile_id;     /* the live profile */
	char school_year[10];   /* its school year */
};

/* One fact of a live profile.  `school` indexes find_live.schools. */
struct find_fact {
	size_t school;
	struct fact fact;       /* value/ev_text only filled when with_text */
};

struct find_live {
	struct find_school *schools; /* ordered by place, name */
	size_t nschools;
	struct find_fact *facts;     /* grouped by school, in profile order */
	size_t nfacts;
};

/* What store_find_live reads. */
struct find_live_query {
	const char *swv_code;   /* NULL = every SWV */
	unsigned kinds;         /* bit (1 << enum fact_kind); 0 = all kinds */
	bool with_text;         /* also read value, ev_line, ev_text (exports) */
};

/* Profile status of one school (overview status table). */
struct find_status {
	int64_t school_id;
	char key[7];              /* BRIN + vestiging */
	char *name, *place, *board_code, *board_name;
	char head_year[10];       /* newest school year with any profile; "" = none */
	enum profile_status head_status; /* status of that year's working copy */
	char public_year[10];     /* newest published school year; "" = none */
};

/* One full-text hit: a section of a live profile. */
struct find_hit {
	int64_t school_id;
	int64_t profile_id;
	int ord;                  /* section number within the profile */
	char *heading;            /* NULL until store_find_hit_text() */
	char *snippet;            /* body excerpt; matches between \x01 and \x02; NULL until store_find_hit_text() */
	double rank;              /* lower is better */
};

/* A value that changes whenever the data this connection can see may have
 * changed (SQLite: PRAGMA data_version combined with the connection's own
 * total changes).  Used to key per-connection caches.  Returns -1 when the
 * backend cannot tell (callers must then not cache). */
int64_t store_find_data_version(struct store *s);

/* Schools with a live profile and (a selection of) their live facts. */
int store_find_live(struct store *s, const struct find_live_query *q, struct find_live *out);
void find_live_free(struct find_live *l);

/* The facts of one live profile (kinds need/expertise/facility/limit/
 * admission with value and evidence).  Returns 1, or 0 when profile_id is not
 * live (nothing is returned for drafts), -1 on error. */
int store_find_live_facts(struct store *s, int64_t profile_id, struct fact_list *out);

/* The facts of several live profiles in one call (one statement on
 * PostgreSQL instead of one per profile: the finder reads the facts of
 * every result shown).  out must have room for n lists; out[i] receives
 * the facts of profile_ids[i] exactly as store_find_live_facts would
 * return them (empty when that profile is not live; ids may repeat).
 * Returns 0, or -1 on error (then every out[i] is empty).  Release each
 * out[i] with fact_list_free().
 * When data_version is non-NULL it receives store_find_data_version() as
 * seen by this read, so that a caller holding data cached under an older
 * version needs no separate check: equal to the cached value means the
 * facts and the cache show the same data.  PostgreSQL reads it in the same
 * statement (one snapshot); SQLite right after the facts (its version only
 * grows, so an unchanged value means nothing changed in between).  -1 when
 * unknown (no rows, or the backend cannot tell): the caller must check. */
int store_find_live_facts_many(struct store *s, const int64_t *profile_ids, size_t n, struct fact_list *out,
                               int64_t *data_version);

/* Average coordinates of the schools whose place equals `place`
 * (case-insensitive) or, when pc4 is non-NULL, only those whose postcode starts with
 * those 4 digits.  Returns 1 with lat, lon and count set, 0 when no school
 * with coordinates matches, -1 on error. */
int store_find_geocode(struct store *s, const char *place, const char *pc4, double *lat, double *lon,
                       int *count);

/* Profile status of every school of an SWV (also schools without any
 * profile), ordered by place and name. */
int store_find_status(struct store *s, const char *swv_code, struct find_status **out, size_t *n);
void find_status_free(struct find_status *v, size_t n);

/* Full-text search over section headings and bodies of live profiles.
 * terms are plain words (letters and digits only, as produced by
 * find_query_parse); every term must match, a term also matches words it
 * is a prefix of (after stemming).  At most max hits, best first. */
int store_find_search(struct store *s, const char *const *terms, size_t nterms, size_t max,
                      struct find_hit **out, size_t *n);
/* Fill h->heading and h->snippet (matches of terms marked with \x01 ...
 * \x02) for one hit of store_find_search: done only for the hits shown,
 * because snippets are the expensive part of a search.  0 or -1. */
int store_find_hit_text(struct store *s, const char *const *terms, size_t nterms, struct find_hit *h);
void find_hits_free(struct find_hit *v, size_t n);

/* ---- backend table ---- */
struct store_find_ops {
	int64_t (*data_version)(struct store *s);
	int (*live)(struct store *s, const struct find_live_query *q, struct find_live *out);
	int (*live_facts)(struct store *s, int64_t profile_id, struct fact_list *out);
	int (*geocode)(struct store *s, const char *place, const char *pc4, double *lat, double *lon, int *count);
	int (*status)(struct store *s, const char *swv_code, struct find_status **out, size_t *n);
	int (*search)(struct store *s, const char *const *terms, size_t nterms, size_t max, struct find_hit **out,
	              size_t *n);
	/* optional (NULL: hits keep no heading/snippet text) */
	int (*hit_text)(struct store *s, const char *const *terms, size_t nterms, struct find_hit *h);
	/* optional (NULL: store_find_live_facts_many calls live_facts once per
	 * profile).  out[0..n) arrive zeroed; on error the backend may leave
	 * partial lists, the dispatcher empties them. */
	int (*live_facts_many)(struct store *s, const int64_t *profile_ids, size_t n, struct fact_list *out,
	                       int64_t *data_version);
};
extern const struct store_find_ops sqlite_find_ops;

#endif
