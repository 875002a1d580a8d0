/*
 * store.h - the storage interface.  Everything above this layer talks to the
 * database only through these functions; each dispatches through the
 * backend's function table (struct store_ops), so a PostgreSQL backend can
 * sit beside the SQLite one (lwan's database interface is the model).
 *
 * Threads: a struct store is one connection and must be used by one thread at
 * a time.  The web server opens one per worker thread (web/web_ctx.c).
 *
 * Conventions for every function below unless it says otherwise:
 *   returns 0 on success, -1 on error (message via store_errmsg());
 *   *_get returns 1 when found, 0 when not found, -1 on error;
 *   output structs are filled with malloc'd members the caller frees with the
 *   model's *_free functions; arrays are malloc'd and freed by the caller.
 */
#ifndef PASSEND_STORE_H
#define PASSEND_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"

struct store;

/* Which version of a school-year profile to read. */
enum profile_view {
	PV_HEAD = 0, /* the working copy (latest version), whatever its status */
	PV_PUBLIC,   /* the latest published version; never a draft */
};

/* How store_profile_put writes. */
enum profile_put_mode {
	PP_NEW_VERSION = 0, /* keep the previous version as history */
	PP_REPLACE_DRAFT,   /* overwrite the head when it is a concept, else new version */
};

struct school_query {
	const char *swv_code;   /* NULL = all */
	const char *board_code; /* NULL = all */
	const char *place;      /* exact, case-insensitive; NULL = all */
	bool public_only;       /* only schools with a published profile */
};

/* One row of a profile history listing. */
struct profile_rev {
	int64_t id;
	char school_year[10];
	int version;
	enum profile_status status;
	char updated_at[24];
	bool is_public;
};

struct store_ops; /* backend function table, see store_impl.h */

/* Open a database.  uri is a file path or "sqlite:PATH" for SQLite
 * (later "postgresql://..." for PostgreSQL).  Creates the file if needed and
 * runs pending migrations when migrate is true.  On failure returns -1 and
 * writes a message to err. */
int store_open(const char *uri, bool migrate, struct store **out, char *err, size_t errlen);
void store_close(struct store *s);
/* Message of the last error on this connection (never NULL). */
const char *store_errmsg(struct store *s);
/* Backend name: "sqlite" or "postgresql". */
const char *store_backend(struct store *s);
/* Current schema version. */
int store_schema_version(struct store *s);

int store_begin(struct store *s);
int store_commit(struct store *s);
int store_rollback(struct store *s);

/* Remove all content (keeps the schema).  Used by `load --replace`. */
int store_clear(struct store *s);

/* ---- SWV, board, school ---- */
int store_swv_put(struct store *s, struct swv *v);           /* upsert by code; sets id */
int store_swv_get(struct store *s, const char *code, struct swv *out);
int store_swv_list(struct store *s, struct swv **out, size_t *n);
int store_board_put(struct store *s, struct board *b);       /* upsert by code; sets id */
int store_board_list(struct store *s, const char *swv_code, struct board **out, size_t *n);
int store_school_put(struct store *s, struct school *sc);    /* upsert by brin+vestiging; sets id */
int store_school_get(struct store *s, int64_t id, struct school *out);
int store_school_by_brin(struct store *s, const char *brin, const char *vestiging, struct school *out);
/* Find by name (case- and accent-insensitive exact match on the normalised
 * name), optionally within a place; 1 found exactly one, 0 none or ambiguous. */
int store_school_by_name(struct store *s, const char *name, const char *place, struct school *out);
int store_school_list(struct store *s, const struct school_query *q, struct school **out, size_t *n);

/* ---- profiles ---- */
/* Write p (school_id, school_year and content must be set).  Sets p->id and
 * p->version.  *replaced is set to true when an existing draft was
 * overwritten (may be NULL). */
int store_profile_put(struct store *s, struct profile *p, enum profile_put_mode mode, bool *replaced);
/* Read a profile with sections and facts.  school_year NULL = the newest
 * school year that has a profile in that view. */
int store_profile_get(struct store *s, int64_t school_id, const char *school_year, enum profile_view view, struct profile *out);
int store_profile_get_id(struct store *s, int64_t profile_id, struct profile *out);
/* All versions of a school's profiles, newest year and version first. */
int store_profile_history(struct store *s, int64_t school_id, struct profile_rev **out, size_t *n);
/* Change the status of the head version of (school, year) without creating a
 * new version; sets the date that belongs to the new status. */
int store_profile_set_status(struct store *s, int64_t profile_id, enum profile_status st, const char *date, const char *mr_advice);

#endif
