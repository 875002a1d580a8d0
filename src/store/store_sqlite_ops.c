/*
 * store_sqlite_ops.c - backup and restore for the SQLite backend, both with
 * the online backup API (sqlite3_backup_*), which copies pages inside one
 * transaction and so needs no server downtime for a backup.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"
#include "store_ops.h"
#include "store_sqlite.h"

/* fsync a file or directory by name; 0 or -1 (errno set). */
static int sync_path(const char *path, bool dir)
{
	int fd = open(path, (dir ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	int e = errno;
	close(fd);
	errno = e;
	return rc;
}

/* The directory part of path ("." when there is none), malloc'd. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* Copy all of src's "main" database into dst's in one step, so the copy is
 * a single consistent snapshot even when other connections write to src
 * (a stepwise copy would restart on every such write). */
static int copy_db(sqlite3 *dst, sqlite3 *src, char *err, size_t errlen)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b) {
		snprintf(err, errlen, "cannot start the copy: %s", sqlite3_errmsg(dst));
		return -1;
	}
	int rc;
	/* Busy/locked: another connection holds a conflicting lock for a moment;
	 * retry for a while as busy_timeout would. */
	for (int tries = 0; tries < 200; tries++) {
		rc = sqlite3_backup_step(b, -1);
		if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			break;
		sqlite3_sleep(25);
	}
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "copy failed: %s", sqlite3_errstr(rc));
		return -1;
	}
	if (sqlite3_errcode(dst) != SQLITE_OK && sqlite3_errcode(dst) != SQLITE_DONE) {
		snprintf(err, errlen, "copy failed: %s", sqlite3_errmsg(dst));
		return -1;
	}
	return 0;
}

static int sqlite_backup(struct store *s, const char *path, char *err, size_t errlen)
{
	struct sq *q = (struct sq *)s;
	size_t n = strlen(path) + 5;
	char *tmp = xmalloc(n);
	snprintf(tmp, n, "%s.tmp", path);
	unlink(tmp); /* a leftover from an interrupted backup */
	sqlite3 *dst = NULL;
	int ret = -1;
	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot create %s: %s", tmp, dst ? sqlite3_errmsg(dst) : "out of memory");
		goto out;
	}
	if (copy_db(dst, q->db, err, errlen) < 0)
		goto out;
	/* The copy carries the source's WAL flag in its header; a backup should
	 * be one self-contained file, so switch it to a rollback journal. */
	char *msg = NULL;
	if (sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "cannot finish %s: %s", tmp, msg ? msg : "?");
		sqlite3_free(msg);
		goto out;
	}
	if (sqlite3_close(dst) != SQLITE_OK) {
		snprintf(err, errlen, "cannot close %s: %s", tmp, sqlite3_errmsg(dst));
		goto out;
	}
	dst = NULL;
	if (sync_path(tmp, false) < 0 || rename(tmp, path) < 0) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		goto out;
	}
	char *dir = dir_of(path);
	sync_path(dir, true); /* best effort: some file systems refuse it */
	free(dir);
	ret = 0;
out:
	if (dst)
		sqlite3_close(dst);
	if (ret < 0)
		unlink(tmp);
	free(tmp);
	return ret;
}

/* Is the file at path an intact passend database?  0 or -1 with err. */
static int check_source(sqlite3 *src, const char *path, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(src, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(src));
		return -1;
	}
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(src));
		sqlite3_finalize(st);
		return -1;
	}
	const char *res = (const char *)sqlite3_column_text(st, 0);
	if (!res || strcmp(res, "ok") != 0) {
		snprintf(err, errlen, "%s fails the integrity check: %.200s", path, res ? res : "?");
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(src,
	                       "SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN"
	                       " ('schema_migrations','swv','board','school','profile','section','fact')),"
	                       " (SELECT coalesce(max(version), 0) FROM schema_migrations)",
	                       -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s is not a passend database (%s)", path, sqlite3_errmsg(src));
		return -1;
	}
	rc = sqlite3_step(st);
	bool ok = rc == SQLITE_ROW && sqlite3_column_int(st, 0) == 7 && sqlite3_column_int(st, 1) >= 1;
	sqlite3_finalize(st);
	if (!ok) {
		snprintf(err, errlen, "%s is not a passend database", path);
		return -1;
	}
	return 0;
}

static int sqlite_restore(struct store *s, const char *path, char *err, size_t errlen)
{
	struct sq *q = (struct sq *)s;
	if (access(path, R_OK) < 0) {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	sqlite3 *src = NULL;
	int ret = -1;
	if (sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot open %s: %s", path, src ? sqlite3_errmsg(src) : "out of memory");
		goto out;
	}
	sqlite3_busy_timeout(src, 5000);
	if (check_source(src, path, err, errlen) < 0)
		goto out;
	/* The backup API writes the destination in one transaction (through its
	 * WAL when it has one), so the swap is atomic for every connection. */
	ret = copy_db(q->db, src, err, errlen);
out:
	sqlite3_close(src);
	return ret;
}

const struct store_ops_backend sqlite_ops_backend = {
	.backup = sqlite_backup,
	.restore = sqlite_restore,
};
