/*
 * store_pg.h - internals of the PostgreSQL backend shared by the
 * store_pg*.c files (one per concern, like store_sqlite*.c).  Not for use
 * outside src/store/.  Compiled only when PASSEND_HAVE_PG is defined.
 *
 * Every statement goes through pgs_query(): the SQL is a string literal
 * (the per-connection prepared-statement cache is keyed by its pointer, like
 * sq_prep) and every value is a bound parameter in text form, so no value
 * is ever spliced into SQL text.
 *
 * Transactions nest as in the SQLite backend: only the outermost
 * store_begin/commit reaches the server.  A failing statement inside a
 * transaction aborts it on the server, so the backend marks the whole
 * transaction failed and the outermost commit rolls it back.
 */
#ifndef PASSEND_STORE_PG_H
#define PASSEND_STORE_PG_H

#include <libpq-fe.h>

#include "store_impl.h"

#define PGS_CACHE_MAX 256
#define PGS_MAX_PARAMS 40

struct pgs {
	struct store base;
	PGconn *conn;
	char *search_path; /* value for set_config('search_path'), NULL = server default */
	int txn_depth;     /* nested store_begin calls; only the outermost commits */
	bool txn_failed;
	char sqlstate[6];  /* of the last failed statement */
	const char *cache[PGS_CACHE_MAX]; /* SQL literal of prepared statement "pN" */
	int ncache;
};

/* Bound parameters in text form; NULL = SQL NULL.  Numbers are formatted
 * into the struct's own storage, strings are borrowed (they must outlive
 * the pgs_query call).  Adding more than PGS_MAX_PARAMS aborts (a
 * programming error, not an input error). */
struct pgs_params {
	int n;
	const char *v[PGS_MAX_PARAMS];
	char num[PGS_MAX_PARAMS][32];
};

void pgs_p_text(struct pgs_params *p, const char *s);
void pgs_p_int(struct pgs_params *p, long long v);
void pgs_p_double(struct pgs_params *p, double v);
void pgs_p_bool(struct pgs_params *p, bool v);
void pgs_p_null(struct pgs_params *p);

/* Run sql (a string literal) with parameters p (may be NULL).  Returns the
 * result (rows or command status; the caller PQclear()s it), or NULL on
 * error with the store's message set to "WHAT: server message".  A failure
 * inside a transaction marks it failed. */
PGresult *pgs_query(struct pgs *q, const char *sql, const struct pgs_params *p, const char *what);
/* pgs_query for statements whose rows are not needed: 0 or -1. */
int pgs_exec(struct pgs *q, const char *sql, const struct pgs_params *p, const char *what);

/* Run fixed SQL without parameters through the simple query protocol
 * (transaction control, migration files, cursors): several statements are
 * allowed; never put a value into sql.  0 or -1 (message set). */
int pgs_simple(struct pgs *q, const char *sql, const char *what);

/* Result helpers (row r, column c). */
char *pgs_str(const PGresult *res, int r, int c);         /* malloc'd; NULL for SQL NULL */
long long pgs_int(const PGresult *res, int r, int c);     /* 0 for SQL NULL */
double pgs_double(const PGresult *res, int r, int c);     /* 0 for SQL NULL */
bool pgs_bool(const PGresult *res, int r, int c);         /* true for 't' */
bool pgs_null(const PGresult *res, int r, int c);
const char *pgs_val(const PGresult *res, int r, int c);   /* borrowed; "" for SQL NULL */

/* SQLSTATE of the last failed pgs_query on this connection ("" when none),
 * e.g. "23505" for a unique violation. */
const char *pgs_sqlstate(struct pgs *q);

/* Record an error as the store's message; returns -1. */
int pgs_fail(struct pgs *q, const char *what);

/* Fill sc (zeroed first) from columns 0..16 of row r in the order of
 * store_pg.c's SCHOOL_COLS (the same order as the SQLite backend's). */
void pgs_school_row(const PGresult *res, int r, struct school *sc);

#endif
