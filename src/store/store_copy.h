/*
 * store_copy.h - copy a whole passend database to another one, across
 * backends (SQLite -> PostgreSQL, PostgreSQL -> SQLite, or same-kind).
 *
 * Row for row, with the same ids, timestamps and flags, in one read
 * snapshot of the source and one write transaction on the destination (a
 * failure leaves the destination as it was).  Copied, in this order:
 *   swv, board, school, profile, section, fact      (content, schema 1)
 *   user, role, session, audit                      (accounts, schema 1)
 *   login_attempt, format, profile_answer           (schema 3)
 * The full-text index is rebuilt by the destination itself (SQLite: FTS5
 * triggers; PostgreSQL: generated columns), PostgreSQL identity sequences
 * are moved past the copied ids.  Tables of migrations newer than those
 * listed are not copied; store_copy reports their versions in the stats.
 */
#ifndef PASSEND_STORE_COPY_H
#define PASSEND_STORE_COPY_H

#include <stddef.h>

#include "store.h"

/* The highest schema version whose tables store_copy knows. */
#define STORE_COPY_SCHEMA 3

struct store_copy_stats {
	long rows[16];       /* per table, in the order of store_copy_table_name() */
	int ntables;
	int newer_schema;    /* source schema version when above STORE_COPY_SCHEMA, else 0 */
};

/* Name of table i of the copy order (0 <= i < stats.ntables). */
const char *store_copy_table_name(int i);

/* Copy everything from `from` to `to`.  Both must be migrated to at least
 * STORE_COPY_SCHEMA, and `to` must be empty (no SWV, school, user or audit
 * row): nothing is merged or overwritten.  Returns 0, or -1 with a message
 * in err (the destination is unchanged).  stats may be NULL. */
int store_copy(struct store *from, struct store *to, struct store_copy_stats *stats, char *err, size_t errlen);

#endif
