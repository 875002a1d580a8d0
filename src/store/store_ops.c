/*
 * store_ops.c - backend dispatch for store_ops.h (backup and restore).
 */
#include "store_ops.h"

#include <stdio.h>
#include <string.h>

static const struct store_ops_backend *ops_for(struct store *s)
{
	if (strcmp(store_backend(s), "sqlite") == 0)
		return &sqlite_ops_backend;
	return NULL;
}

int store_ops_backup(struct store *s, const char *path, char *err, size_t errlen)
{
	const struct store_ops_backend *o = ops_for(s);
	if (!o || !o->backup) {
		snprintf(err, errlen, "backup is not implemented for the %s backend; use pg_dump (docs/operations.md)",
		         store_backend(s));
		return -1;
	}
	return o->backup(s, path, err, errlen);
}

int store_ops_restore(struct store *s, const char *path, char *err, size_t errlen)
{
	const struct store_ops_backend *o = ops_for(s);
	if (!o || !o->restore) {
		snprintf(err, errlen, "restore is not implemented for the %s backend; use pg_restore (docs/operations.md)",
		         store_backend(s));
		return -1;
	}
	return o->restore(s, path, err, errlen);
}
