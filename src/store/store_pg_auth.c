/*
 * store_pg_auth.c - PostgreSQL implementation of store_auth.h (accounts,
 * roles, sessions, login throttling, audit log, SWV formats, editor
 * answers), the counterpart of store_sqlite_auth.c.  Schema:
 * pg_001_base.sql and pg_003_auth.sql.  SQLite's COLLATE NOCASE becomes
 * lower() = lower() (the e-mail index is on lower(email)); text order is
 * COLLATE "C" like SQLite's BINARY.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "store_auth.h"
#include "store_pg.h"

static struct pgs *PG(struct store *s) { return (struct pgs *)s; }

static void copy_val(const PGresult *res, int r, int c, char *dst, size_t n)
{
	snprintf(dst, n, "%s", pgs_val(res, r, c));
}

/* 0 = SQL NULL, as the SQLite backend binds ids. */
static void p_id(struct pgs_params *p, int64_t v)
{
	if (v > 0)
		pgs_p_int(p, v);
	else
		pgs_p_null(p);
}

/* Run a statement without rows; *n = the affected row count (n may be NULL). */
static int exec_count(struct pgs *q, const char *sql, const struct pgs_params *p, const char *what, int *n)
{
	PGresult *res = pgs_query(q, sql, p, what);
	if (!res)
		return -1;
	if (n)
		*n = atoi(PQcmdTuples(res));
	PQclear(res);
	return 0;
}

/* ---- users ---- */

static int a_user_add(struct store *s, const char *email, const char *name, const char *pw_hash, int64_t *id)
{
	char now[32];
	now_iso(now, sizeof now);
	struct pgs_params p = {0};
	pgs_p_text(&p, email);
	pgs_p_text(&p, name);
	pgs_p_text(&p, pw_hash);
	pgs_p_text(&p, now);
	PGresult *res = pgs_query(PG(s), "INSERT INTO \"user\"(email, name, pw_hash, created_at) VALUES ($1,$2,$3,$4)"
	                                 " RETURNING id",
	                          &p, "adding user");
	if (!res)
		return -1;
	*id = pgs_int(res, 0, 0);
	PQclear(res);
	return 0;
}

static int load_roles(struct pgs *q, struct auth_user *u)
{
	struct pgs_params p = {0};
	pgs_p_int(&p, u->id);
	PGresult *res = pgs_query(
	    q,
	    "SELECT r.role, r.scope_kind, r.scope_id,"
	    " CASE r.scope_kind WHEN 'school' THEN sc.brin || sc.vestiging WHEN 'board' THEN b.code"
	    "   WHEN 'swv' THEN v.code ELSE 'all' END,"
	    " CASE r.scope_kind WHEN 'school' THEN sc.name WHEN 'board' THEN b.name WHEN 'swv' THEN v.name ELSE '' END"
	    " FROM role r LEFT JOIN school sc ON r.scope_kind = 'school' AND sc.id = r.scope_id"
	    " LEFT JOIN board b ON r.scope_kind = 'board' AND b.id = r.scope_id"
	    " LEFT JOIN swv v ON r.scope_kind = 'swv' AND v.id = r.scope_id"
	    " WHERE r.user_id = $1::bigint ORDER BY r.role COLLATE \"C\", r.scope_kind COLLATE \"C\", r.scope_id",
	    &p, "reading roles");
	if (!res)
		return -1;
	int rows = PQntuples(res);
	for (int i = 0; i < rows; i++) {
		int role = auth_role_parse(pgs_val(res, i, 0));
		const char *k = pgs_val(res, i, 1);
		if (role < 0 || pgs_null(res, i, 3))
			continue; /* unknown role, or the scope object no longer exists: grants nothing */
		if (!u->roles)
			u->roles = xcalloc((size_t)rows, sizeof *u->roles);
		struct auth_role_row *r = &u->roles[u->nroles++];
		memset(r, 0, sizeof *r);
		r->role = (enum auth_role)role;
		r->scope = strcmp(k, "school") == 0  ? AS_SCHOOL
		           : strcmp(k, "board") == 0 ? AS_BOARD
		           : strcmp(k, "swv") == 0   ? AS_SWV
		                                     : AS_ALL;
		r->scope_id = pgs_int(res, i, 2);
		copy_val(res, i, 3, r->code, sizeof r->code);
		/* The name is cut to the buffer; never in the middle of a UTF-8
		 * sequence. */
		copy_val(res, i, 4, r->name, sizeof r->name);
		size_t len = strlen(r->name);
		if (len == sizeof r->name - 1) {
			while (len > 0 && ((unsigned char)r->name[len - 1] & 0xC0) == 0x80)
				len--;
			if (len > 0 && ((unsigned char)r->name[len - 1] & 0xC0) == 0xC0)
				len--;
			r->name[len] = '\0';
		}
	}
	PQclear(res);
	return 0;
}

#define USER_COLS "id, email, name, pw_hash, disabled, failed_logins, locked_until, created_at"

static void user_row(const PGresult *res, int r, struct auth_user *u)
{
	memset(u, 0, sizeof *u);
	u->id = pgs_int(res, r, 0);
	u->email = pgs_str(res, r, 1);
	u->name = pgs_str(res, r, 2);
	u->pw_hash = pgs_str(res, r, 3);
	u->disabled = pgs_bool(res, r, 4);
	u->failed_logins = (int)pgs_int(res, r, 5);
	u->locked_until = pgs_str(res, r, 6);
	u->created_at = pgs_str(res, r, 7);
}

static int user_one(struct pgs *q, PGresult *res, struct auth_user *out)
{
	memset(out, 0, sizeof *out);
	if (!res)
		return -1;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return 0;
	}
	user_row(res, 0, out);
	PQclear(res);
	if (load_roles(q, out) < 0) {
		auth_user_free(out);
		return -1;
	}
	return 1;
}

static int a_user_get(struct store *s, const char *email, struct auth_user *out)
{
	struct pgs_params p = {0};
	pgs_p_text(&p, email);
	return user_one(PG(s),
	                pgs_query(PG(s), "SELECT " USER_COLS " FROM \"user\" WHERE lower(email) = lower($1::text)", &p,
	                          "reading user"),
	                out);
}

static int a_user_get_id(struct store *s, int64_t id, struct auth_user *out)
{
	struct pgs_params p = {0};
	pgs_p_int(&p, id);
	return user_one(PG(s), pgs_query(PG(s), "SELECT " USER_COLS " FROM \"user\" WHERE id = $1::bigint", &p,
	                                 "reading user"),
	                out);
}

static int a_user_list(struct store *s, struct auth_user **out, size_t *n)
{
	struct pgs *q = PG(s);
	*out = NULL;
	*n = 0;
	PGresult *res = pgs_query(q, "SELECT " USER_COLS " FROM \"user\" ORDER BY email COLLATE \"C\"", NULL,
	                          "listing users");
	if (!res)
		return -1;
	int rows = PQntuples(res);
	if (rows)
		*out = xcalloc((size_t)rows, sizeof **out);
	for (int i = 0; i < rows; i++)
		user_row(res, i, &(*out)[i]);
	*n = (size_t)rows;
	PQclear(res);
	for (size_t i = 0; i < *n; i++)
		if (load_roles(q, &(*out)[i]) < 0)
			return -1;
	return 0;
}

static int a_user_set_disabled(struct store *s, int64_t id, bool disabled)
{
	struct pgs_params p = {0};
	pgs_p_bool(&p, disabled);
	pgs_p_int(&p, id);
	return pgs_exec(PG(s), "UPDATE \"user\" SET disabled = $1::boolean WHERE id = $2::bigint", &p, "saving user");
}

static int a_user_set_password(struct store *s, int64_t id, const char *pw_hash)
{
	struct pgs_params p = {0};
	pgs_p_text(&p, pw_hash);
	pgs_p_int(&p, id);
	return pgs_exec(PG(s),
	                "UPDATE \"user\" SET pw_hash = $1::text, failed_logins = 0, locked_until = NULL"
	                " WHERE id = $2::bigint",
	                &p, "saving password");
}

static int a_login_failed(struct store *s, int64_t id, int max_failures, const char *lock_until, bool *locked)
{
	*locked = false;
	struct pgs_params p = {0};
	pgs_p_int(&p, id);
	pgs_p_int(&p, max_failures);
	pgs_p_text(&p, lock_until);
	/* One statement, so concurrent failures cannot lose a count (the row
	 * lock orders them). */
	PGresult *res = pgs_query(
	    PG(s),
	    "UPDATE \"user\" SET"
	    " locked_until = CASE WHEN failed_logins + 1 >= $2::integer THEN $3::text ELSE locked_until END,"
	    " failed_logins = CASE WHEN failed_logins + 1 >= $2::integer THEN 0 ELSE failed_logins + 1 END"
	    " WHERE id = $1::bigint RETURNING coalesce(locked_until = $3::text, false)",
	    &p, "recording login");
	if (!res)
		return -1;
	if (PQntuples(res))
		*locked = pgs_bool(res, 0, 0);
	PQclear(res);
	return 0;
}

static int a_login_ok(struct store *s, int64_t id)
{
	struct pgs_params p = {0};
	pgs_p_int(&p, id);
	return pgs_exec(PG(s), "UPDATE \"user\" SET failed_logins = 0, locked_until = NULL WHERE id = $1::bigint", &p,
	                "recording login");
}

/* Add or remove one role row; sql takes (user, role, scope kind, scope id). */
static int role_change(struct store *s, const char *sql, const char *what, int64_t user_id, enum auth_role r,
                       enum auth_scope k, int64_t scope_id, bool *changed)
{
	struct pgs_params p = {0};
	pgs_p_int(&p, user_id);
	pgs_p_text(&p, auth_role_str(r));
	pgs_p_text(&p, auth_scope_str(k));
	pgs_p_int(&p, k == AS_ALL ? 0 : scope_id);
	int n = 0;
	if (exec_count(PG(s), sql, &p, what, &n) < 0)
		return -1;
	*changed = n > 0;
	return 0;
}

static int a_role_add(struct store *s, int64_t user_id, enum auth_role r, enum auth_scope k, int64_t scope_id,
                      bool *changed)
{
	return role_change(s,
	                   "INSERT INTO role(user_id, role, scope_kind, scope_id) VALUES ($1,$2,$3,$4)"
	                   " ON CONFLICT DO NOTHING",
	                   "adding role", user_id, r, k, scope_id, changed);
}

static int a_role_remove(struct store *s, int64_t user_id, enum auth_role r, enum auth_scope k, int64_t scope_id,
                         bool *changed)
{
	return role_change(s,
	                   "DELETE FROM role WHERE user_id = $1::bigint AND role = $2::text AND scope_kind = $3::text"
	                   " AND scope_id = $4::bigint",
	                   "removing role", user_id, r, k, scope_id, changed);
}

static int id_of(PGresult *res, int64_t *id)
{
	if (!res)
		return -1;
	int found = PQntuples(res) > 0;
	if (found)
		*id = pgs_int(res, 0, 0);
	PQclear(res);
	return found;
}

static int a_board_id(struct store *s, const char *code, int64_t *id)
{
	struct pgs_params p = {0};
	pgs_p_text(&p, code);
	return id_of(pgs_query(PG(s), "SELECT id FROM board WHERE code = $1::text", &p, "lookup"), id);
}

static int a_swv_id(struct store *s, const char *code, int64_t *id)
{
	struct pgs_params p = {0};
	pgs_p_text(&p, code);
	return id_of(pgs_query(PG(s), "SELECT id FROM swv WHERE lower(code) = lower($1::text) ORDER BY id LIMIT 1", &p,
	                       "lookup"),
	             id);
}

/* ---- login attempts ---- */

static int a_attempt_add(struct store *s, const char *ip, const char *email, bool ok, const char *at)
{
	struct pgs_params p = {0};
	pgs_p_text(&p, ip);
	pgs_p_text(&p, at);
	pgs_p_text(&p, email);
	pgs_p_bool(&p, ok);
	return pgs_exec(PG(s), "INSERT INTO login_attempt(ip, at, email, ok) VALUES ($1,$2,$3,$4::boolean)", &p,
	                "recording login attempt");
}

static int a_attempt_count(struct store *s, const char *ip, const char *since)
{
	struct pgs_params p = {0};
	pgs_p_text(&p, ip);
	pgs_p_text(&p, since);
	PGresult *res = pgs_query(PG(s),
	                          "SELECT count(*) FROM login_attempt WHERE ip = $1::text AND at >= $2::text AND NOT ok",
	                          &p, "counting attempts");
	if (!res)
		return -1;
	int n = (int)pgs_int(res, 0, 0);
	PQclear(res);
	return n;
}

static int a_attempt_prune(struct store *s, const char *before)
{
	struct pgs_params p = {0};
	pgs_p_text(&p, before);
	return pgs_exec(PG(s), "DELETE FROM login_attempt WHERE at < $1::text", &p, "pruning attempts");
}

/* ---- sessions ---- */

static int a_session_add(struct store *s, const char *token_hash, int64_t user_id, const char *csrf,
                         const char *created_at, const char *expires_at)
{
	struct pgs_params p = {0};
	pgs_p_text(&p, token_hash);
	pgs_p_int(&p, user_id);
	pgs_p_text(&p, csrf);
	pgs_p_text(&p, created_at);
	pgs_p_text(&p, expires_at);
	return pgs_exec(PG(s),
	                "INSERT INTO session(token_hash, user_id, csrf, created_at, expires_at, last_seen)"
	                " VALUES ($1,$2,$3,$4,$5,$4)",
	                &p, "adding session");
}

static int a_session_get(struct store *s, const char *token_hash, struct auth_session *out)
{
	memset(out, 0, sizeof *out);
	struct pgs_params p = {0};
	pgs_p_text(&p, token_hash);
	PGresult *res = pgs_query(PG(s),
	                          "SELECT user_id, csrf, created_at, expires_at, coalesce(last_seen, created_at)"
	                          " FROM session WHERE token_hash = $1::text",
	                          &p, "reading session");
	if (!res)
		return -1;
	int found = PQntuples(res) > 0;
	if (found) {
		out->user_id = pgs_int(res, 0, 0);
		copy_val(res, 0, 1, out->csrf, sizeof out->csrf);
		copy_val(res, 0, 2, out->created_at, sizeof out->created_at);
		copy_val(res, 0, 3, out->expires_at, sizeof out->expires_at);
		copy_val(res, 0, 4, out->last_seen, sizeof out->last_seen);
	}
	PQclear(res);
	return found;
}

static int a_session_touch(struct store *s, const char *token_hash, const char *last_seen)
{
	struct pgs_params p = {0};
	pgs_p_text(&p, last_seen);
	pgs_p_text(&p, token_hash);
	return pgs_exec(PG(s), "UPDATE session SET last_seen = $1::text WHERE token_hash = $2::text", &p,
	                "saving session");
}

static int a_session_delete(struct store *s, const char *token_hash)
{
	struct pgs_params p = {0};
	pgs_p_text(&p, token_hash);
	return pgs_exec(PG(s), "DELETE FROM session WHERE token_hash = $1::text", &p, "deleting session");
}

static int a_session_delete_user(struct store *s, int64_t user_id, int *n)
{
	struct pgs_params p = {0};
	pgs_p_int(&p, user_id);
	*n = 0;
	return exec_count(PG(s), "DELETE FROM session WHERE user_id = $1::bigint", &p, "deleting sessions", n);
}

static int a_session_prune(struct store *s, const char *now, const char *idle_before)
{
	struct pgs_params p = {0};
	pgs_p_text(&p, now);
	pgs_p_text(&p, idle_before);
	return pgs_exec(PG(s),
	                "DELETE FROM session WHERE expires_at <= $1::text OR coalesce(last_seen, created_at) < $2::text",
	                &p, "pruning sessions");
}

/* ---- audit ---- */

static int a_audit_add(struct store *s, const struct audit_entry *e)
{
	char now[32];
	now_iso(now, sizeof now);
	struct pgs_params p = {0};
	pgs_p_text(&p, now);
	p_id(&p, e->user_id);
	pgs_p_text(&p, e->action);
	pgs_p_text(&p, e->object_kind);
	p_id(&p, e->object_id);
	pgs_p_text(&p, e->before);
	pgs_p_text(&p, e->after);
	pgs_p_text(&p, e->ip);
	p_id(&p, e->school_id);
	p_id(&p, e->swv_id);
	return pgs_exec(PG(s),
	                "INSERT INTO audit(at, user_id, action, object_kind, object_id, before, after, ip,"
	                " school_id, swv_id) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)",
	                &p, "writing the audit log");
}

static int a_audit_list(struct store *s, const struct audit_filter *f, struct audit_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct pgs_params p = {0};
	pgs_p_int(&p, f->swv_id);
	pgs_p_int(&p, f->school_id);
	pgs_p_text(&p, f->action);
	pgs_p_text(&p, f->user);
	pgs_p_text(&p, f->from);
	pgs_p_text(&p, f->to);
	pgs_p_int(&p, f->limit < 1 ? 100 : f->limit > 1000 ? 1000 : f->limit);
	pgs_p_int(&p, f->offset < 0 ? 0 : f->offset);
	/* "to" as a bare date means the whole day: compare against the next
	 * character after the date ('T...' < 'U'), in byte order. */
	PGresult *res = pgs_query(
	    PG(s),
	    "SELECT a.id, a.at, a.user_id, u.email, a.action, a.object_kind, a.object_id, a.before, a.after, a.ip,"
	    " a.school_id, a.swv_id FROM audit a LEFT JOIN \"user\" u ON u.id = a.user_id"
	    " WHERE ($1::bigint = 0 OR a.swv_id = $1::bigint) AND ($2::bigint = 0 OR a.school_id = $2::bigint)"
	    " AND ($3::text IS NULL OR a.action = $3::text) AND ($4::text IS NULL OR lower(u.email) = lower($4::text))"
	    " AND ($5::text IS NULL OR a.at COLLATE \"C\" >= $5::text)"
	    " AND ($6::text IS NULL OR a.at COLLATE \"C\" <= $6::text || 'U')"
	    " ORDER BY a.id DESC LIMIT $7::bigint OFFSET $8::bigint",
	    &p, "reading the audit log");
	if (!res)
		return -1;
	int rows = PQntuples(res);
	if (rows)
		*out = xcalloc((size_t)rows, sizeof **out);
	for (int i = 0; i < rows; i++) {
		struct audit_row *r = &(*out)[i];
		r->id = pgs_int(res, i, 0);
		copy_val(res, i, 1, r->at, sizeof r->at);
		r->user_id = pgs_int(res, i, 2);
		r->user_email = pgs_str(res, i, 3);
		r->action = pgs_str(res, i, 4);
		r->object_kind = pgs_str(res, i, 5);
		r->object_id = pgs_int(res, i, 6);
		r->before = pgs_str(res, i, 7);
		r->after = pgs_str(res, i, 8);
		r->ip = pgs_str(res, i, 9);
		r->school_id = pgs_int(res, i, 10);
		r->swv_id = pgs_int(res, i, 11);
	}
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}

/* ---- formats ---- */

static int a_format_publish(struct store *s, int64_t swv_id, const char *key, const char *json, int64_t user_id,
                            int *version)
{
	char now[32];
	now_iso(now, sizeof now);
	struct pgs_params p = {0};
	pgs_p_int(&p, swv_id);
	pgs_p_text(&p, key);
	pgs_p_text(&p, json);
	pgs_p_text(&p, now);
	p_id(&p, user_id);
	/* Version 1 is the embedded default, so the first stored one is 2. */
	PGresult *res = pgs_query(PG(s),
	                          "INSERT INTO format(swv_id, key, version, json, published_at, published_by)"
	                          " VALUES ($1::bigint, $2::text, (SELECT coalesce(max(version), 1) + 1 FROM format"
	                          " WHERE swv_id = $1::bigint AND key = $2::text), $3, $4, $5::bigint) RETURNING version",
	                          &p, "publishing format");
	if (!res)
		return -1;
	*version = (int)pgs_int(res, 0, 0);
	PQclear(res);
	return 0;
}

static void format_row(const PGresult *res, int i, struct format_row *r)
{
	memset(r, 0, sizeof *r);
	r->id = pgs_int(res, i, 0);
	r->swv_id = pgs_int(res, i, 1);
	copy_val(res, i, 2, r->key, sizeof r->key);
	r->version = (int)pgs_int(res, i, 3);
	r->json = pgs_str(res, i, 4);
	copy_val(res, i, 5, r->published_at, sizeof r->published_at);
	r->published_by = pgs_int(res, i, 6);
}

static int a_format_get(struct store *s, int64_t swv_id, const char *key, int version, struct format_row *out)
{
	memset(out, 0, sizeof *out);
	struct pgs_params p = {0};
	pgs_p_int(&p, swv_id);
	pgs_p_text(&p, key);
	pgs_p_int(&p, version);
	PGresult *res = pgs_query(PG(s),
	                          "SELECT id, swv_id, key, version, json, published_at, published_by FROM format"
	                          " WHERE swv_id = $1::bigint AND key = $2::text AND ($3::integer = 0 OR version = $3::integer)"
	                          " ORDER BY version DESC LIMIT 1",
	                          &p, "reading format");
	if (!res)
		return -1;
	int found = PQntuples(res) > 0;
	if (found)
		format_row(res, 0, out);
	PQclear(res);
	return found;
}

static int a_format_list(struct store *s, int64_t swv_id, struct format_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct pgs_params p = {0};
	pgs_p_int(&p, swv_id);
	PGresult *res = pgs_query(PG(s),
	                          "SELECT id, swv_id, key, version, json, published_at, published_by FROM format"
	                          " WHERE swv_id = $1::bigint ORDER BY key COLLATE \"C\", version DESC",
	                          &p, "listing formats");
	if (!res)
		return -1;
	int rows = PQntuples(res);
	if (rows)
		*out = xcalloc((size_t)rows, sizeof **out);
	for (int i = 0; i < rows; i++)
		format_row(res, i, &(*out)[i]);
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}

/* ---- answers ---- */

static int a_answer_get(struct store *s, int64_t profile_id, char **json)
{
	*json = NULL;
	struct pgs_params p = {0};
	pgs_p_int(&p, profile_id);
	PGresult *res =
	    pgs_query(PG(s), "SELECT json FROM profile_answer WHERE profile_id = $1::bigint", &p, "reading answers");
	if (!res)
		return -1;
	int found = PQntuples(res) > 0;
	if (found)
		*json = pgs_str(res, 0, 0);
	PQclear(res);
	return found;
}

static int a_answer_put(struct store *s, int64_t profile_id, const char *json)
{
	struct pgs_params p = {0};
	pgs_p_int(&p, profile_id);
	pgs_p_text(&p, json);
	return pgs_exec(PG(s),
	                "INSERT INTO profile_answer(profile_id, json) VALUES ($1,$2)"
	                " ON CONFLICT(profile_id) DO UPDATE SET json = excluded.json",
	                &p, "saving answers");
}

static int a_school_scope(struct store *s, int64_t school_id, int64_t *board_id, int64_t *swv_id)
{
	*board_id = *swv_id = 0;
	struct pgs_params p = {0};
	pgs_p_int(&p, school_id);
	PGresult *res = pgs_query(PG(s), "SELECT coalesce(board_id, 0), coalesce(swv_id, 0) FROM school WHERE id = $1::bigint",
	                          &p, "reading school");
	if (!res)
		return -1;
	int found = PQntuples(res) > 0;
	if (found) {
		*board_id = pgs_int(res, 0, 0);
		*swv_id = pgs_int(res, 0, 1);
	}
	PQclear(res);
	return found;
}

const struct store_auth_ops pg_auth_ops = {
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
