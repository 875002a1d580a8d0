/*
 * store_sqlite.h - internals of the SQLite backend shared by the
 * store_sqlite*.c files (one per concern).  Not for use outside src/store/.
 */
#ifndef PASSEND_STORE_SQLITE_H
#define PASSEND_STORE_SQLITE_H

#include <sqlite3.h>

#include "store_impl.h"

#define SQ_CACHE_MAX 128

struct sq {
	struct store base;
	sqlite3 *db;
	int txn_depth; /* nested store_begin calls; only the outermost commits */
	bool txn_failed;
	struct {
		const char *sql; /* identity: callers pass string literals */
		sqlite3_stmt *st;
	} cache[SQ_CACHE_MAX];
	int ncache;
};

/* Prepared statement for sql (a string literal: the cache is keyed by the
 * pointer), reset and with bindings cleared.  NULL on error (message set). */
sqlite3_stmt *sq_prep(struct sq *q, const char *sql);

/* Bind helpers: NULL strings bind SQL NULL. */
void sq_bind_text(sqlite3_stmt *st, int i, const char *s);
/* Column as malloc'd string, NULL for SQL NULL. */
char *sq_col_str(sqlite3_stmt *st, int i);
/* Run a statement that returns no rows; 0 or -1 (message set). */
int sq_exec_stmt(struct sq *q, sqlite3_stmt *st);
/* Fill sc (zeroed first) from columns 0..16 of a row in the order of
 * store_sqlite.c's SCHOOL_COLS: id, brin, vestiging, name, board code, SWV
 * code, kind, address, postcode, place, denomination, website, phone,
 * email, pupils, lat, lon. */
void sq_school_row(sqlite3_stmt *st, struct school *sc);
/* Record the database error as the store's message; returns -1. */
int sq_fail(struct sq *q, const char *what);

#endif
