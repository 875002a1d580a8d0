/*
 * store_ops.h - operations on a whole database: online backup and restore.
 *
 * Backends implement struct store_ops_backend (named so it does not clash
 * with the core struct store_ops of store_impl.h).  SQLite does both with
 * the online backup API; PostgreSQL has no implementation here: operators
 * use pg_dump / pg_restore (docs/operations.md), and these functions return
 * -1 with a message that says so.
 */
#ifndef PASSEND_STORE_OPS_H
#define PASSEND_STORE_OPS_H

#include <stddef.h>

#include "store.h"

struct store_ops_backend {
	/* See store_ops_backup. */
	int (*backup)(struct store *s, const char *path, char *err, size_t errlen);
	/* See store_ops_restore. */
	int (*restore)(struct store *s, const char *path, char *err, size_t errlen);
};

extern const struct store_ops_backend sqlite_ops_backend;

/* Write a consistent snapshot of the database behind s to the file path.
 * Works while other connections (the server) read and write: the copy is
 * one read transaction.  The copy goes to "path.tmp" first, is synced and
 * then renamed to path, so path is either the old file or a complete new
 * one.  The result is a self-contained database file (no -wal needed).
 * Returns 0, or -1 with a message in err (nothing left behind). */
int store_ops_backup(struct store *s, const char *path, char *err, size_t errlen);

/* Replace the content of the database behind s with the database file at
 * path.  Before anything is changed, path must pass PRAGMA
 * integrity_check and be a passend database (schema_migrations with at
 * least version 1 and the core tables).  The replacement is one write
 * transaction: readers see the old or the new content, never a mix, and a
 * crash leaves the old content.  The caller should re-open the store (to
 * apply newer migrations) afterwards.  Returns 0, or -1 with err set. */
int store_ops_restore(struct store *s, const char *path, char *err, size_t errlen);

#endif
