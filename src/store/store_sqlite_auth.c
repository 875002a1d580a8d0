/*
 * store_sqlite_auth.c - SQLite implementation of store_auth.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "store_auth.h"
#include "store_sqlite.h"

static struct sq *SQ(struct store *s) { return (struct sq *)s; }

static void copy_col(sqlite3_stmt *st, int i, char *dst, size_t n)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	snprintf(dst, n, "%s", t ? (const char *)t : "");
}

/* ---- users ---- */

static int a_user_add(struct store *s, const char *email, const char *name, const char *pw_hash, int64_t *id)
{
	struct sq *q = SQ(s);
	char now[32];
	now_iso(now, sizeof now);
	sqlite3_stmt *st = sq_prep(q, "INSERT INTO user(email, name, pw_hash, created_at) VALUES (?,?,?,?)");
	if (!st)
		return -1;
	sq_bind_text(st, 1, email);
	sq_bind_text(st, 2, name);
	sq_bind_text(st, 3, pw_hash);
	sq_bind_text(st, 4, now);
	if (sq_exec_stmt(q, st) < 0)
		return -1;
	*id = sqlite3_last_insert_rowid(q->db);
	return 0;
}

static int load_roles(struct sq *q, struct auth_user *u)
{
	sqlite3_stmt *st = sq_prep(
	    q, "SELECT r.role, r.scope_kind, r.scope_id,"
	       " CASE r.scope_kind WHEN 'school' THEN sc.brin || sc.vestiging WHEN 'board' THEN b.code"
	       "   WHEN 'swv' THEN v.code ELSE 'all' END,"
	       " CASE r.scope_kind WHEN 'school' THEN sc.name WHEN 'board' THEN b.name WHEN 'swv' THEN v.name ELSE '' END"
	       " FROM role r LEFT JOIN school sc ON r.scope_kind = 'school' AND sc.id = r.scope_id"
	       " LEFT JOIN board b ON r.scope_kind = 'board' AND b.id = r.scope_id"
	       " LEFT JOIN swv v ON r.scope_kind = 'swv' AND v.id = r.scope_id"
	       " WHERE r.user_id = ? ORDER BY r.role, r.scope_kind, r.scope_id");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, u->id);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int role = auth_role_parse((const char *)sqlite3_column_text(st, 0));
		const char *k = (const char *)sqlite3_column_text(st, 1);
		if (role < 0 || !k)
			continue;
		if (sqlite3_column_type(st, 3) == SQLITE_NULL)
			continue; /* scope object no longer exists: the role grants nothing */
		XGROW(u->roles, u->nroles, cap, 4);
		struct auth_role_row *r = &u->roles[u->nroles++];
		memset(r, 0, sizeof *r);
		r->role = (enum auth_role)role;
		r->scope = strcmp(k, "school") == 0  ? AS_SCHOOL
		           : strcmp(k, "board") == 0 ? AS_BOARD
		           : strcmp(k, "swv") == 0   ? AS_SWV
		                                     : AS_ALL;
		r->scope_id = sqlite3_column_int64(st, 2);
		copy_col(st, 3, r->code, sizeof r->code);
		copy_col(st, 4, r->name, sizeof r->name);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sq_fail(q, "reading roles");
}

#define USER_COLS "id, email, name, pw_hash, disabled, failed_logins, locked_until, created_at"

static void user_row(sqlite3_stmt *st, struct auth_user *u)
{
	memset(u, 0, sizeof *u);
	u->id = sqlite3_column_int64(st, 0);
	u->email = sq_col_str(st, 1);
	u->name = sq_col_str(st, 2);
	u->pw_hash = sq_col_str(st, 3);
	u->disabled = sqlite3_column_int(st, 4) != 0;
	u->failed_logins = sqlite3_column_int(st, 5);
	u->locked_until = sq_col_str(st, 6);
	u->created_at = sq_col_str(st, 7);
}

static int user_one(struct sq *q, sqlite3_stmt *st, struct auth_user *out)
{
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		memset(out, 0, sizeof *out);
		return rc == SQLITE_DONE ? 0 : sq_fail(q, "reading user");
	}
	user_row(st, out);
	sqlite3_reset(st);
	if (load_roles(q, out) < 0) {
		auth_user_free(out);
		return -1;
	}
	return 1;
}

static int a_user_get(struct store *s, const char *email, struct auth_user *out)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, "SELECT " USER_COLS " FROM user WHERE email = ? COLLATE NOCASE");
	if (!st)
		return -1;
	sq_bind_text(st, 1, email);
	return user_one(q, st, out);
}

static int a_user_get_id(struct store *s, int64_t id, struct auth_user *out)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, "SELECT " USER_COLS " FROM user WHERE id = ?");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return user_one(q, st, out);
}

static int a_user_list(struct store *s, struct auth_user **out, size_t *n)
{
	struct sq *q = SQ(s);
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = sq_prep(q, "SELECT " USER_COLS " FROM user ORDER BY email");
	if (!st)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		XGROW(*out, *n, cap, 16);
		user_row(st, &(*out)[(*n)++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		for (size_t i = 0; i < *n; i++)
			auth_user_free(&(*out)[i]);
		free(*out);
		*out = NULL;
		*n = 0;
		return sq_fail(q, "listing users");
	}
	for (size_t i = 0; i < *n; i++)
		if (load_roles(q, &(*out)[i]) < 0)
			return -1;
	return 0;
}

static int a_user_set_disabled(struct store *s, int64_t id, bool disabled)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, "UPDATE user SET disabled = ? WHERE id = ?");
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, disabled ? 1 : 0);
	sqlite3_bind_int64(st, 2, id);
	return sq_exec_stmt(q, st);
}

static int a_user_set_password(struct store *s, int64_t id, const char *pw_hash)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st =
	    sq_prep(q, "UPDATE user SET pw_hash = ?, failed_logins = 0, locked_until = NULL WHERE id = ?");
	if (!st)
		return -1;
	sq_bind_text(st, 1, pw_hash);
	sqlite3_bind_int64(st, 2, id);
	return sq_exec_stmt(q, st);
}

static int a_login_failed(struct store *s, int64_t id, int max_failures, const char *lock_until, bool *locked)
{
	struct sq *q = SQ(s);
	*locked = false;
	/* One statement, so concurrent failures cannot lose a count. */
	sqlite3_stmt *st = sq_prep(
	    q, "UPDATE user SET"
	       " locked_until = CASE WHEN failed_logins + 1 >= ?2 THEN ?3 ELSE locked_until END,"
	       " failed_logins = CASE WHEN failed_logins + 1 >= ?2 THEN 0 ELSE failed_logins + 1 END"
	       " WHERE id = ?1 RETURNING locked_until = ?3");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, max_failures);
	sq_bind_text(st, 3, lock_until);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*locked = sqlite3_column_int(st, 0) != 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_fail(q, "recording login");
}

static int a_login_ok(struct store *s, int64_t id)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, "UPDATE user SET failed_logins = 0, locked_until = NULL WHERE id = ?");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return sq_exec_stmt(q, st);
}

/* Add or remove one role row; sql (a literal: sq_prep caches by pointer)
 * takes (user, role, scope kind, scope id). */
static int role_change(struct store *s, const char *sql, int64_t user_id, enum auth_role r, enum auth_scope k,
                       int64_t scope_id, bool *changed)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, user_id);
	sq_bind_text(st, 2, auth_role_str(r));
	sq_bind_text(st, 3, auth_scope_str(k));
	sqlite3_bind_int64(st, 4, k == AS_ALL ? 0 : scope_id);
	if (sq_exec_stmt(q, st) < 0)
		return -1;
	*changed = sqlite3_changes(q->db) > 0;
	return 0;
}

static int a_role_add(struct store *s, int64_t user_id, enum auth_role r, enum auth_scope k, int64_t scope_id,
                      bool *changed)
{
	return role_change(s, "INSERT OR IGNORE INTO role(user_id, role, scope_kind, scope_id) VALUES (?,?,?,?)",
	                   user_id, r, k, scope_id, changed);
}

static int a_role_remove(struct store *s, int64_t user_id, enum auth_role r, enum auth_scope k, int64_t scope_id,
                         bool *changed)
{
	return role_change(s, "DELETE FROM role WHERE user_id = ? AND role = ? AND scope_kind = ? AND scope_id = ?",
	                   user_id, r, k, scope_id, changed);
}

static int id_of(struct sq *q, sqlite3_stmt *st, const char *code, int64_t *id)
{
	if (!st)
		return -1;
	sq_bind_text(st, 1, code);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : sq_fail(q, "lookup");
}

static int a_board_id(struct store *s, const char *code, int64_t *id)
{
	struct sq *q = SQ(s);
	return id_of(q, sq_prep(q, "SELECT id FROM board WHERE code = ?"), code, id);
}

static int a_swv_id(struct store *s, const char *code, int64_t *id)
{
	struct sq *q = SQ(s);
	return id_of(q, sq_prep(q, "SELECT id FROM swv WHERE code = ? COLLATE NOCASE"), code, id);
}

/* ---- login attempts ---- */

static int a_attempt_add(struct store *s, const char *ip, const char *email, bool ok, const char *at)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, "INSERT INTO login_attempt(ip, at, email, ok) VALUES (?,?,?,?)");
	if (!st)
		return -1;
	sq_bind_text(st, 1, ip);
	sq_bind_text(st, 2, at);
	sq_bind_text(st, 3, email);
	sqlite3_bind_int(st, 4, ok ? 1 : 0);
	return sq_exec_stmt(q, st);
}

static int a_attempt_count(struct store *s, const char *ip, const char *since)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, "SELECT count(*) FROM login_attempt WHERE ip = ? AND at >= ? AND ok = 0");
	if (!st)
		return -1;
	sq_bind_text(st, 1, ip);
	sq_bind_text(st, 2, since);
	int rc = sqlite3_step(st);
	int n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	return n < 0 ? sq_fail(q, "counting attempts") : n;
}

static int a_attempt_prune(struct store *s, const char *before)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, "DELETE FROM login_attempt WHERE at < ?");
	if (!st)
		return -1;
	sq_bind_text(st, 1, before);
	return sq_exec_stmt(q, st);
}

/* ---- sessions ---- */

static int a_session_add(struct store *s, const char *token_hash, int64_t user_id, const char *csrf,
                         const char *created_at, const char *expires_at)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, "INSERT INTO session(token_hash, user_id, csrf, created_at, expires_at, last_seen)"
	                              " VALUES (?,?,?,?,?,?)");
	if (!st)
		return -1;
	sq_bind_text(st, 1, token_hash);
	sqlite3_bind_int64(st, 2, user_id);
	sq_bind_text(st, 3, csrf);
	sq_bind_text(st, 4, created_at);
	sq_bind_text(st, 5, expires_at);
	sq_bind_text(st, 6, created_at);
	return sq_exec_stmt(q, st);
}

static int a_session_get(struct store *s, const char *token_hash, struct auth_session *out)
{
	struct sq *q = SQ(s);
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = sq_prep(q, "SELECT user_id, csrf, created_at, expires_at, coalesce(last_seen, created_at)"
	                              " FROM session WHERE token_hash = ?");
	if (!st)
		return -1;
	sq_bind_text(st, 1, token_hash);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->user_id = sqlite3_column_int64(st, 0);
		copy_col(st, 1, out->csrf, sizeof out->csrf);
		copy_col(st, 2, out->created_at, sizeof out->created_at);
		copy_col(st, 3, out->expires_at, sizeof out->expires_at);
		copy_col(st, 4, out->last_seen, sizeof out->last_seen);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : sq_fail(q, "reading session");
}

static int a_session_touch(struct store *s, const char *token_hash, const char *last_seen)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, "UPDATE session SET last_seen = ? WHERE token_hash = ?");
	if (!st)
		return -1;
	sq_bind_text(st, 1, last_seen);
	sq_bind_text(st, 2, token_hash);
	return sq_exec_stmt(q, st);
}

static int a_session_delete(struct store *s, const char *token_hash)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, "DELETE FROM session WHERE token_hash = ?");
	if (!st)
		return -1;
	sq_bind_text(st, 1, token_hash);
	return sq_exec_stmt(q, st);
}

static int a_session_delete_user(struct store *s, int64_t user_id, int *n)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, "DELETE FROM session WHERE user_id = ?");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, user_id);
	if (sq_exec_stmt(q, st) < 0)
		return -1;
	*n = sqlite3_changes(q->db);
	return 0;
}

static int a_session_prune(struct store *s, const char *now, const char *idle_before)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, "DELETE FROM session WHERE expires_at <= ? OR coalesce(last_seen, created_at) < ?");
	if (!st)
		return -1;
	sq_bind_text(st, 1, now);
	sq_bind_text(st, 2, idle_before);
	return sq_exec_stmt(q, st);
}

/* ---- audit ---- */

static void bind_id(sqlite3_stmt *st, int i, int64_t v)
{
	if (v > 0)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

static int a_audit_add(struct store *s, const struct audit_entry *e)
{
	struct sq *q = SQ(s);
	char now[32];
	now_iso(now, sizeof now);
	sqlite3_stmt *st = sq_prep(q, "INSERT INTO audit(at, user_id, action, object_kind, object_id, before, after, ip,"
	                              " school_id, swv_id) VALUES (?,?,?,?,?,?,?,?,?,?)");
	if (!st)
		return -1;
	sq_bind_text(st, 1, now);
	bind_id(st, 2, e->user_id);
	sq_bind_text(st, 3, e->action);
	sq_bind_text(st, 4, e->object_kind);
	bind_id(st, 5, e->object_id);
	sq_bind_text(st, 6, e->before);
	sq_bind_text(st, 7, e->after);
	sq_bind_text(st, 8, e->ip);
	bind_id(st, 9, e->school_id);
	bind_id(st, 10, e->swv_id);
	return sq_exec_stmt(q, st);
}

static int a_audit_list(struct store *s, const struct audit_filter *f, struct audit_row **out, size_t *n)
{
	struct sq *q = SQ(s);
	*out = NULL;
	*n = 0;
	/* "to" as a bare date means the whole day: compare against the next
	 * character after the date ('T...' < 'U'). */
	sqlite3_stmt *st = sq_prep(
	    q, "SELECT a.id, a.at, a.user_id, u.email, a.action, a.object_kind, a.object_id, a.before, a.after, a.ip,"
	       " a.school_id, a.swv_id FROM audit a LEFT JOIN user u ON u.id = a.user_id"
	       " WHERE (?1 = 0 OR a.swv_id = ?1) AND (?2 = 0 OR a.school_id = ?2)"
	       " AND (?3 IS NULL OR a.action = ?3) AND (?4 IS NULL OR u.email = ?4 COLLATE NOCASE)"
	       " AND (?5 IS NULL OR a.at >= ?5) AND (?6 IS NULL OR a.at <= ?6 || 'U')"
	       " ORDER BY a.id DESC LIMIT ?7 OFFSET ?8");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, f->swv_id);
	sqlite3_bind_int64(st, 2, f->school_id);
	sq_bind_text(st, 3, f->action);
	sq_bind_text(st, 4, f->user);
	sq_bind_text(st, 5, f->from);
	sq_bind_text(st, 6, f->to);
	sqlite3_bind_int(st, 7, f->limit < 1 ? 100 : f->limit > 1000 ? 1000 : f->limit);
	sqlite3_bind_int(st, 8, f->offset < 0 ? 0 : f->offset);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		XGROW(*out, *n, cap, 32);
		struct audit_row *r = &(*out)[(*n)++];
		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(st, 0);
		copy_col(st, 1, r->at, sizeof r->at);
		r->user_id = sqlite3_column_int64(st, 2);
		r->user_email = sq_col_str(st, 3);
		r->action = sq_col_str(st, 4);
		r->object_kind = sq_col_str(st, 5);
		r->object_id = sqlite3_column_int64(st, 6);
		r->before = sq_col_str(st, 7);
		r->after = sq_col_str(st, 8);
		r->ip = sq_col_str(st, 9);
		r->school_id = sqlite3_column_int64(st, 10);
		r->swv_id = sqlite3_column_int64(st, 11);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sq_fail(q, "reading the audit log");
}

/* ---- formats ---- */

static int a_format_publish(struct store *s, int64_t swv_id, const char *key, const char *json, int64_t user_id,
                            int *version)
{
	struct sq *q = SQ(s);
	char now[32];
	now_iso(now, sizeof now);
	/* Version 1 is the embedded default, so the first stored one is 2. */
	sqlite3_stmt *st = sq_prep(q, "INSERT INTO format(swv_id, key, version, json, published_at, published_by)"
	                              " VALUES (?1, ?2, (SELECT coalesce(max(version), 1) + 1 FROM format"
	                              " WHERE swv_id = ?1 AND key = ?2), ?3, ?4, ?5) RETURNING version");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, swv_id);
	sq_bind_text(st, 2, key);
	sq_bind_text(st, 3, json);
	sq_bind_text(st, 4, now);
	bind_id(st, 5, user_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*version = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : sq_fail(q, "publishing format");
}

static void format_row(sqlite3_stmt *st, struct format_row *r)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, 0);
	r->swv_id = sqlite3_column_int64(st, 1);
	copy_col(st, 2, r->key, sizeof r->key);
	r->version = sqlite3_column_int(st, 3);
	r->json = sq_col_str(st, 4);
	copy_col(st, 5, r->published_at, sizeof r->published_at);
	r->published_by = sqlite3_column_int64(st, 6);
}

static int a_format_get(struct store *s, int64_t swv_id, const char *key, int version, struct format_row *out)
{
	struct sq *q = SQ(s);
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = sq_prep(q, "SELECT id, swv_id, key, version, json, published_at, published_by FROM format"
	                              " WHERE swv_id = ?1 AND key = ?2 AND (?3 = 0 OR version = ?3)"
	                              " ORDER BY version DESC LIMIT 1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, swv_id);
	sq_bind_text(st, 2, key);
	sqlite3_bind_int(st, 3, version);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		format_row(st, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : sq_fail(q, "reading format");
}

static int a_format_list(struct store *s, int64_t swv_id, struct format_row **out, size_t *n)
{
	struct sq *q = SQ(s);
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = sq_prep(q, "SELECT id, swv_id, key, version, json, published_at, published_by FROM format"
	                              " WHERE swv_id = ? ORDER BY key, version DESC");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, swv_id);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		XGROW(*out, *n, cap, 8);
		format_row(st, &(*out)[(*n)++]);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sq_fail(q, "listing formats");
}

/* ---- answers ---- */

static int a_answer_get(struct store *s, int64_t profile_id, char **json)
{
	struct sq *q = SQ(s);
	*json = NULL;
	sqlite3_stmt *st = sq_prep(q, "SELECT json FROM profile_answer WHERE profile_id = ?");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, profile_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*json = sq_col_str(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : sq_fail(q, "reading answers");
}

static int a_answer_put(struct store *s, int64_t profile_id, const char *json)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, "INSERT INTO profile_answer(profile_id, json) VALUES (?,?)"
	                              " ON CONFLICT(profile_id) DO UPDATE SET json = excluded.json");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, profile_id);
	sq_bind_text(st, 2, json);
	return sq_exec_stmt(q, st);
}

static int a_school_scope(struct store *s, int64_t school_id, int64_t *board_id, int64_t *swv_id)
{
	struct sq *q = SQ(s);
	*board_id = *swv_id = 0;
	sqlite3_stmt *st = sq_prep(q, "SELECT coalesce(board_id, 0), coalesce(swv_id, 0) FROM school WHERE id = ?");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, school_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*board_id = sqlite3_column_int64(st, 0);
		*swv_id = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : sq_fail(q, "reading school");
}

const struct store_auth_ops sqlite_auth_ops = {
    .user_add = a_user_add,
    .user_get = a_user_get,
    .user_get_id = a_user_get_id,
    .user_list = a_user_list,
    .user_set_disabled = a_user_set_disabled,
    .user_set_password = a_user_set_password,
    .login_failed = a_login_failed,
    .login_ok = a_login_ok,
    .role_add = a_role_add,
    .role_remove = a_role_remove,
    .board_id = a_board_id,
    .swv_id = a_swv_id,
    .attempt_add = a_attempt_add,
    .attempt_count = a_attempt_count,
    .attempt_prune = a_attempt_prune,
    .session_add = a_session_add,
    .session_get = a_session_get,
    .session_touch = a_session_touch,
    .session_delete = a_session_delete,
    .session_delete_user = a_session_delete_user,
    .session_prune = a_session_prune,
    .audit_add = a_audit_add,
    .audit_list = a_audit_list,
    .format_publish = a_format_publish,
    .format_get = a_format_get,
    .format_list = a_format_list,
    .answer_get = a_answer_get,
    .answer_put = a_answer_put,
    .school_scope = a_school_scope,
};
