/*
 * store_sqlite_find.h - SQLite-only parts of the finder/search storage:
 * the FTS5 tokenizer registration (called by store_sqlite_open for every
 * connection, before migrations) and helpers exposed for tests/fuzzing.
 * Not for use outside src/store/ except by tests.
 */
#ifndef PASSEND_STORE_SQLITE_FIND_H
#define PASSEND_STORE_SQLITE_FIND_H

#include <stdbool.h>
#include <stddef.h>

#include <sqlite3.h>

#include "core/buf.h"

/* Register the FTS5 tokenizer "passend" (case and accent folding, Dutch
 * stemming) on db.  Returns 0, or -1 when FTS5 is unavailable. */
int sq_fts_register(sqlite3 *db);

/* Fold case and strip accents of the n bytes at w into out (outlen > 0,
 * always NUL-terminated, never a cut UTF-8 sequence).  Returns the length. */
size_t sq_fts_normalise(const char *w, size_t n, char *out, size_t outlen);

/* Append the FTS5 MATCH expression for plain search terms to out: each
 * term quoted as a string with inner quotes doubled and a prefix '*'. */
void sq_fts_expr(const char *const *terms, size_t n, buf *out);

/* The text with every word that matches a search term marked \x01 ...
 * \x02 (same tokenizer: a word matches when its stem begins with the
 * term's stem).  whole = false gives an excerpt of about 28 words around
 * the densest matches, with "…" where text was left out.  malloc'd; NULL
 * when the stemmer is unavailable. */
char *sq_fts_highlight(const char *text, const char *const *terms, size_t nterms, bool whole);

#endif
