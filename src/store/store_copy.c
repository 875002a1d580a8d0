/*
 * store_copy.c - copy a database between backends (see store_copy.h).
 *
 * Every table has four SQL literals: how to read it from SQLite, how to
 * read it from PostgreSQL (a cursor, fetched in batches, booleans as 0/1),
 * and how to insert a row into either.  Values travel as text (doubles
 * with 17 significant digits, so they round-trip exactly) and are bound
 * as parameters; the destination's column types convert them.  The SQL is
 * literal text only: the statement caches of both backends are keyed by
 * the literal's address.
 */
#include "store_copy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_impl.h"
#include "store_sqlite.h"
#ifdef PASSEND_HAVE_PG
#include "store_pg.h"
#endif

#define MAXCOLS 20
#define FETCH_ROWS "1000"

#define Q2 "?,?"
#define Q4 Q2 ",?,?"
#define Q5 Q4 ",?"
#define Q6 Q5 ",?"
#define Q7 Q6 ",?"
#define Q8 Q7 ",?"
#define Q11 Q8 ",?,?,?"
#define Q12 Q11 ",?"
#define Q18 Q12 ",?,?,?,?,?,?"
#define P2 "$1,$2"
#define P4 P2 ",$3,$4"
#define P5 P4 ",$5"
#define P6 P5 ",$6"
#define P7 P6 ",$7"
#define P8 P7 ",$8"
#define P11 P8 ",$9,$10,$11"
#define P12 P11 ",$12"
#define P18 P12 ",$13,$14,$15,$16,$17,$18"

#define CUR "DECLARE passend_copy NO SCROLL CURSOR FOR SELECT "

#define SWV_C "id, code, name, region, website"
#define BOARD_C "id, code, name, swv_id"
#define SCHOOL_C                                                                                           \
	"id, brin, vestiging, name, name_key, swv_id, board_id, kind, address, postcode, place, denomination," \
	" website, phone, email, pupils, lat, lon"
#define PROFILE_C0                                                                                         \
	"id, school_id, school_year, version, status, format, format_version, summary, date_mr, mr_advice,"   \
	" date_set, date_published, updated_at, updated_by, source_file, "
#define PROFILE_C PROFILE_C0 "is_head, is_public, is_live"
#define PROFILE_PG PROFILE_C0 "is_head::int, is_public::int, is_live::int"
#define SECTION_C "profile_id, ord, key, heading, body"
#define FACT_C0 "profile_id, ord, kind, code, value, count, where_, "
#define FACT_C1 ", levels, ev_line, ev_text, source"
#define FACT_C FACT_C0 "present" FACT_C1
#define FACT_PG FACT_C0 "present::int" FACT_C1
#define USER_C0 "id, email, name, pw_hash, "
#define USER_C1 ", failed_logins, locked_until, created_at"
#define USER_C USER_C0 "disabled" USER_C1
#define USER_PG USER_C0 "disabled::int" USER_C1
#define ROLE_C "user_id, role, scope_kind, scope_id"
#define SESSION_C "token_hash, user_id, csrf, created_at, expires_at, last_seen"
#define AUDIT_C "id, at, user_id, action, object_kind, object_id, before, after, ip, school_id, swv_id"
#define ATTEMPT_C "id, ip, at, email, "
#define FORMAT_C "id, swv_id, key, version, json, published_at, published_by"
#define ANSWER_C "profile_id, json"

#define SETVAL(t, q)                                                                                       \
	"SELECT setval(pg_get_serial_sequence('" q "', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM " q       \
	"), false)"

struct copy_table {
	const char *name;
	int ncols;
	const char *sq_select, *pg_cursor, *sq_insert, *pg_insert;
	const char *pg_setval; /* move the identity sequence; NULL when none */
};

static const struct copy_table tables[] = {
    {"swv", 5, "SELECT " SWV_C " FROM swv ORDER BY id", CUR SWV_C " FROM swv ORDER BY id",
     "INSERT INTO swv(" SWV_C ") VALUES (" Q5 ")", "INSERT INTO swv(" SWV_C ") VALUES (" P5 ")", SETVAL(swv, "swv")},
    {"board", 4, "SELECT " BOARD_C " FROM board ORDER BY id", CUR BOARD_C " FROM board ORDER BY id",
     "INSERT INTO board(" BOARD_C ") VALUES (" Q4 ")", "INSERT INTO board(" BOARD_C ") VALUES (" P4 ")",
     SETVAL(board, "board")},
    {"school", 18, "SELECT " SCHOOL_C " FROM school ORDER BY id", CUR SCHOOL_C " FROM school ORDER BY id",
     "INSERT INTO school(" SCHOOL_C ") VALUES (" Q18 ")", "INSERT INTO school(" SCHOOL_C ") VALUES (" P18 ")",
     SETVAL(school, "school")},
    {"profile", 18, "SELECT " PROFILE_C " FROM profile ORDER BY id", CUR PROFILE_PG " FROM profile ORDER BY id",
     "INSERT INTO profile(" PROFILE_C ") VALUES (" Q18 ")", "INSERT INTO profile(" PROFILE_C ") VALUES (" P18 ")",
     SETVAL(profile, "profile")},
    {"section", 5, "SELECT " SECTION_C " FROM section ORDER BY profile_id, ord",
     CUR SECTION_C " FROM section ORDER BY profile_id, ord", "INSERT INTO section(" SECTION_C ") VALUES (" Q5 ")",
     "INSERT INTO section(" SECTION_C ") VALUES (" P5 ")", NULL},
    {"fact", 12, "SELECT " FACT_C " FROM fact ORDER BY profile_id, ord",
     CUR FACT_PG " FROM fact ORDER BY profile_id, ord", "INSERT INTO fact(" FACT_C ") VALUES (" Q12 ")",
     "INSERT INTO fact(" FACT_C ") VALUES (" P12 ")", NULL},
    {"user", 8, "SELECT " USER_C " FROM \"user\" ORDER BY id", CUR USER_PG " FROM \"user\" ORDER BY id",
     "INSERT INTO \"user\"(" USER_C ") VALUES (" Q8 ")", "INSERT INTO \"user\"(" USER_C ") VALUES (" P8 ")",
     SETVAL(user, "\"user\"")},
    {"role", 4, "SELECT " ROLE_C " FROM role ORDER BY user_id, role, scope_kind, scope_id",
     CUR ROLE_C " FROM role ORDER BY user_id, role, scope_kind, scope_id",
     "INSERT INTO role(" ROLE_C ") VALUES (" Q4 ")", "INSERT INTO role(" ROLE_C ") VALUES (" P4 ")", NULL},
    {"session", 6, "SELECT " SESSION_C " FROM session ORDER BY token_hash",
     CUR SESSION_C " FROM session ORDER BY token_hash", "INSERT INTO session(" SESSION_C ") VALUES (" Q6 ")",
     "INSERT INTO session(" SESSION_C ") VALUES (" P6 ")", NULL},
    {"audit", 11, "SELECT " AUDIT_C " FROM audit ORDER BY id", CUR AUDIT_C " FROM audit ORDER BY id",
     "INSERT INTO audit(" AUDIT_C ") VALUES (" Q11 ")", "INSERT INTO audit(" AUDIT_C ") VALUES (" P11 ")",
     SETVAL(audit, "audit")},
    {"login_attempt", 5, "SELECT " ATTEMPT_C "ok FROM login_attempt ORDER BY id",
     CUR ATTEMPT_C "ok::int FROM login_attempt ORDER BY id",
     "INSERT INTO login_attempt(" ATTEMPT_C "ok) VALUES (" Q5 ")",
     "INSERT INTO login_attempt(" ATTEMPT_C "ok) VALUES (" P5 ")", SETVAL(login_attempt, "login_attempt")},
    {"format", 7, "SELECT " FORMAT_C " FROM format ORDER BY id", CUR FORMAT_C " FROM format ORDER BY id",
     "INSERT INTO format(" FORMAT_C ") VALUES (" Q7 ")", "INSERT INTO format(" FORMAT_C ") VALUES (" P7 ")",
     SETVAL(format, "format")},
    {"profile_answer", 2, "SELECT " ANSWER_C " FROM profile_answer ORDER BY profile_id",
     CUR ANSWER_C " FROM profile_answer ORDER BY profile_id",
     "INSERT INTO profile_answer(" ANSWER_C ") VALUES (" Q2 ")",
     "INSERT INTO profile_answer(" ANSWER_C ") VALUES (" P2 ")", NULL},
};
#define NTABLES ((int)(sizeof tables / sizeof tables[0]))

const char *store_copy_table_name(int i) { return i >= 0 && i < NTABLES ? tables[i].name : NULL; }

static bool is_pg(struct store *s) { return strcmp(store_backend(s), "postgresql") == 0; }

/* ---- the destination: one row ---- */

static int put_row(struct store *to, const struct copy_table *t, const char *const *vals)
{
#ifdef PASSEND_HAVE_PG
	if (is_pg(to)) {
		struct pgs_params p = {0};
		for (int c = 0; c < t->ncols; c++)
			pgs_p_text(&p, vals[c]);
		return pgs_exec((struct pgs *)to, t->pg_insert, &p, t->name);
	}
#endif
	struct sq *q = (struct sq *)to;
	sqlite3_stmt *st = sq_prep(q, t->sq_insert);
	if (!st)
		return -1;
	for (int c = 0; c < t->ncols; c++)
		sq_bind_text(st, c + 1, vals[c]);
	if (sq_exec_stmt(q, st) < 0)
		return store_fail(to, "%s: %.400s", t->name, store_errmsg(to));
	return 0;
}

/* ---- the source: every row of a table ---- */

static int copy_from_sqlite(struct store *from, struct store *to, const struct copy_table *t, long *count)
{
	struct sq *q = (struct sq *)from;
	sqlite3_stmt *st = sq_prep(q, t->sq_select);
	if (!st)
		return -1;
	const char *vals[MAXCOLS];
	char num[MAXCOLS][32];
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int c = 0; c < t->ncols; c++) {
			switch (sqlite3_column_type(st, c)) {
			case SQLITE_NULL:
				vals[c] = NULL;
				break;
			case SQLITE_FLOAT:
				snprintf(num[c], sizeof num[c], "%.17g", sqlite3_column_double(st, c));
				vals[c] = num[c];
				break;
			default:
				vals[c] = (const char *)sqlite3_column_text(st, c);
			}
		}
		if (put_row(to, t, vals) < 0) {
			sqlite3_reset(st);
			return -1;
		}
		(*count)++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sq_fail(q, t->name);
	return 0;
}

#ifdef PASSEND_HAVE_PG
static int copy_from_pg(struct store *from, struct store *to, const struct copy_table *t, long *count)
{
	struct pgs *q = (struct pgs *)from;
	if (pgs_simple(q, t->pg_cursor, t->name) < 0)
		return -1;
	int rc = 0;
	for (;;) {
		PGresult *res = PQexec(q->conn, "FETCH " FETCH_ROWS " FROM passend_copy");
		if (PQresultStatus(res) != PGRES_TUPLES_OK) {
			store_fail(from, "%s: %s", t->name, PQresultErrorMessage(res));
			PQclear(res);
			rc = -1;
			break;
		}
		int rows = PQntuples(res);
		for (int r = 0; r < rows && rc == 0; r++) {
			const char *vals[MAXCOLS];
			for (int c = 0; c < t->ncols; c++)
				vals[c] = PQgetisnull(res, r, c) ? NULL : PQgetvalue(res, r, c);
			if (put_row(to, t, vals) < 0)
				rc = -1;
			else
				(*count)++;
		}
		PQclear(res);
		if (rc < 0 || rows == 0)
			break;
	}
	if (pgs_simple(q, "CLOSE passend_copy", t->name) < 0)
		rc = -1;
	return rc;
}
#endif

/* ---- helpers on either backend ---- */

/* Run a read-only statement that yields one integer. */
static long long one_int(struct store *s, const char *sql, bool *ok)
{
	*ok = false;
#ifdef PASSEND_HAVE_PG
	if (is_pg(s)) {
		PGresult *res = pgs_query((struct pgs *)s, sql, NULL, "counting");
		if (!res)
			return 0;
		long long v = PQntuples(res) ? pgs_int(res, 0, 0) : 0;
		PQclear(res);
		*ok = true;
		return v;
	}
#endif
	struct sq *q = (struct sq *)s;
	sqlite3_stmt *st = sq_prep(q, sql);
	if (!st)
		return 0;
	long long v = 0;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		v = sqlite3_column_int64(st, 0);
		*ok = true;
	} else {
		sq_fail(q, "counting");
	}
	sqlite3_reset(st);
	return v;
}

/* The source is read in one snapshot, without blocking its writers. */
static int snapshot(struct store *s, bool begin)
{
#ifdef PASSEND_HAVE_PG
	if (is_pg(s))
		return pgs_simple((struct pgs *)s,
		                  begin ? "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY" : "COMMIT", "snapshot");
#endif
	struct sq *q = (struct sq *)s;
	sqlite3_stmt *st = sq_prep(q, begin ? "BEGIN DEFERRED" : "COMMIT");
	return st ? sq_exec_stmt(q, st) : -1;
}

int store_copy(struct store *from, struct store *to, struct store_copy_stats *stats, char *err, size_t errlen)
{
	struct store_copy_stats dummy;
	struct store_copy_stats *st = stats ? stats : &dummy;
	memset(st, 0, sizeof *st);
	st->ntables = NTABLES;
	int vf = store_schema_version(from), vt = store_schema_version(to);
	if (vf < STORE_COPY_SCHEMA || vt < STORE_COPY_SCHEMA) {
		snprintf(err, errlen,
		         "both databases must be at schema version %d or newer (source %d, destination %d):"
		         " run 'passend --db DB init' on the older one first",
		         STORE_COPY_SCHEMA, vf, vt);
		return -1;
	}
	if (vf > STORE_COPY_SCHEMA)
		st->newer_schema = vf;
	bool ok;
	long long used = one_int(to,
	                         "SELECT (SELECT count(*) FROM swv) + (SELECT count(*) FROM school)"
	                         " + (SELECT count(*) FROM \"user\") + (SELECT count(*) FROM audit)",
	                         &ok);
	if (!ok) {
		snprintf(err, errlen, "destination: %s", store_errmsg(to));
		return -1;
	}
	if (used > 0) {
		snprintf(err, errlen,
		         "the destination database is not empty; copy only into a new database (passend --db DB init)");
		return -1;
	}
	if (snapshot(from, true) < 0) {
		snprintf(err, errlen, "source: %s", store_errmsg(from));
		return -1;
	}
	if (store_begin(to) < 0) {
		snapshot(from, false);
		snprintf(err, errlen, "destination: %s", store_errmsg(to));
		return -1;
	}
	from->err[0] = to->err[0] = '\0'; /* so the side that fails can be told */
	for (int i = 0; i < NTABLES; i++) {
		const struct copy_table *t = &tables[i];
		int rc;
#ifdef PASSEND_HAVE_PG
		if (is_pg(from))
			rc = copy_from_pg(from, to, t, &st->rows[i]);
		else
#endif
			rc = copy_from_sqlite(from, to, t, &st->rows[i]);
		if (rc < 0) {
			/* Whichever side failed has the message. */
			const char *m = store_errmsg(to)[0] ? store_errmsg(to) : store_errmsg(from);
			snprintf(err, errlen, "copying table %s (row %ld): %.400s", t->name, st->rows[i] + 1, m);
			store_rollback(to);
			snapshot(from, false);
			return -1;
		}
#ifdef PASSEND_HAVE_PG
		if (is_pg(to) && t->pg_setval && pgs_exec((struct pgs *)to, t->pg_setval, NULL, "identity sequence") < 0) {
			snprintf(err, errlen, "%s: %s", t->name, store_errmsg(to));
			store_rollback(to);
			snapshot(from, false);
			return -1;
		}
#endif
	}
	snapshot(from, false);
	if (store_commit(to) < 0) {
		snprintf(err, errlen, "destination: %s", store_errmsg(to));
		return -1;
	}
	return 0;
}
