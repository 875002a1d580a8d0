/*
 * store_sqlite.c - the SQLite backend of the storage interface.
 *
 * One struct sq is one connection; the web server opens one per worker
 * thread.  WAL mode lets readers run while one writer writes; busy_timeout
 * makes concurrent writers wait instead of failing.  Migrations are the
 * embedded files src/store/sqlite_NNN_*.sql, applied in order inside one
 * transaction each and recorded in schema_migrations.
 */
#include "store_sqlite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embed.h"
#include "core/util.h"
#include "store_sqlite_find.h"

static struct sq *SQ(struct store *s) { return (struct sq *)s; }

int sq_fail(struct sq *q, const char *what)
{
	return store_fail(&q->base, "%s: %s", what, sqlite3_errmsg(q->db));
}

sqlite3_stmt *sq_prep(struct sq *q, const char *sql)
{
	for (int i = 0; i < q->ncache; i++) {
		if (q->cache[i].sql == sql) {
			sqlite3_reset(q->cache[i].st);
			sqlite3_clear_bindings(q->cache[i].st);
			return q->cache[i].st;
		}
	}
	sqlite3_stmt *st = NULL;
	unsigned flags = q->ncache < SQ_CACHE_MAX ? SQLITE_PREPARE_PERSISTENT : 0;
	if (sqlite3_prepare_v3(q->db, sql, -1, flags, &st, NULL) != SQLITE_OK) {
		sq_fail(q, "prepare");
		return NULL;
	}
	if (q->ncache < SQ_CACHE_MAX) {
		q->cache[q->ncache].sql = sql;
		q->cache[q->ncache].st = st;
		q->ncache++;
	}
	/* Statements beyond the cache size leak until close; the cache is sized
	 * well above the number of distinct statements in the program. */
	return st;
}

void sq_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

char *sq_col_str(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NULL;
	return xstrdup((const char *)sqlite3_column_text(st, i));
}

int sq_exec_stmt(struct sq *q, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return sq_fail(q, "write");
	sqlite3_reset(st);
	return 0;
}

static int sq_exec(struct sq *q, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(q->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		store_fail(&q->base, "%s", msg ? msg : "SQL error");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* ---- connection ---- */

static void sq_close(struct store *s)
{
	struct sq *q = SQ(s);
	for (int i = 0; i < q->ncache; i++)
		sqlite3_finalize(q->cache[i].st);
	sqlite3_close_v2(q->db);
	free(q);
}

static int sq_schema_version(struct store *s)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, "SELECT coalesce(max(version),0) FROM schema_migrations");
	if (!st)
		return -1;
	int v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	return v;
}

static int cmp_embed(const void *a, const void *b)
{
	return strcmp((*(const struct embed_file *const *)a)->name, (*(const struct embed_file *const *)b)->name);
}

static int sq_migrate(struct sq *q)
{
	if (sq_exec(q, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
	               " name TEXT NOT NULL, applied_at TEXT NOT NULL)") < 0)
		return -1;
	const struct embed_file *files[64];
	int nf = 0;
	for (const struct embed_file *f = embed_files; f->name && nf < 64; f++)
		if (strncmp(f->name, "src/store/sqlite_", 17) == 0 && strstr(f->name, ".sql"))
			files[nf++] = f;
	qsort(files, (size_t)nf, sizeof files[0], cmp_embed);
	int have = sq_schema_version(&q->base);
	if (have < 0)
		return -1;
	for (int i = 0; i < nf; i++) {
		int v = atoi(files[i]->name + 17);
		if (v <= have)
			continue;
		if (sq_exec(q, "BEGIN IMMEDIATE") < 0)
			return -1;
		if (sq_exec(q, files[i]->data) < 0) {
			char msg[sizeof q->base.err];
			snprintf(msg, sizeof msg, "migration %.60s failed: %.400s", files[i]->name, q->base.err);
			sq_exec(q, "ROLLBACK");
			return store_fail(&q->base, "%s", msg);
		}
		sqlite3_stmt *st = sq_prep(q, "INSERT INTO schema_migrations(version, name, applied_at) VALUES (?,?,?)");
		char now[32];
		now_iso(now, sizeof now);
		sqlite3_bind_int(st, 1, v);
		sq_bind_text(st, 2, files[i]->name + 10);
		sq_bind_text(st, 3, now);
		if (!st || sq_exec_stmt(q, st) < 0 || sq_exec(q, "COMMIT") < 0) {
			sq_exec(q, "ROLLBACK");
			return -1;
		}
	}
	return 0;
}

static const struct store_ops sqlite_ops;

int store_sqlite_open(const char *path, bool migrate, struct store **out, char *err, size_t errlen)
{
	struct sq *q = xcalloc(1, sizeof *q);
	q->base.ops = &sqlite_ops;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (migrate ? SQLITE_OPEN_CREATE : 0);
	if (sqlite3_open_v2(path, &q->db, flags, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot open database '%s': %s%s", path, q->db ? sqlite3_errmsg(q->db) : "?",
		         migrate ? "" : " (run 'passend init' to create it)");
		sqlite3_close_v2(q->db);
		free(q);
		return -1;
	}
	sqlite3_busy_timeout(q->db, 5000);
	sqlite3_extended_result_codes(q->db, 1);
	/* Refuse absurd rows and statements: nothing we store is near this. */
	sqlite3_limit(q->db, SQLITE_LIMIT_LENGTH, 64 * 1024 * 1024);
	if (sq_exec(q, "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY") < 0 ||
	    (migrate && sq_exec(q, "PRAGMA journal_mode=WAL") < 0)) {
		snprintf(err, errlen, "cannot use database '%s': %s", path, q->base.err);
		sq_close(&q->base);
		return -1;
	}
	sq_fts_register(q->db); /* FTS5 tokenizer "passend" (store_sqlite_find.c), before migrations */
	if (migrate) {
		if (sq_migrate(q) < 0) {
			snprintf(err, errlen, "%s", q->base.err);
			sq_close(&q->base);
			return -1;
		}
	} else {
		int v = sq_schema_version(&q->base);
		if (v <= 0) {
			snprintf(err, errlen, "'%s' is not a passend database (run 'passend init' first)", path);
			sq_close(&q->base);
			return -1;
		}
		/* Refuse to run on an older schema: the code would fail later in
		 * obscure ways.  Upgrading is an explicit step. */
		int latest = 0;
		for (const struct embed_file *f = embed_files; f->name; f++)
			if (strncmp(f->name, "src/store/sqlite_", 17) == 0 && atoi(f->name + 17) > latest)
				latest = atoi(f->name + 17);
		if (v < latest) {
			snprintf(err, errlen, "database '%s' has schema version %d, this passend needs %d: run 'passend init' to upgrade it",
			         path, v, latest);
			sq_close(&q->base);
			return -1;
		}
	}
	*out = &q->base;
	return 0;
}

/* Transactions nest: only the outermost begin/commit talks to SQLite, and a
 * rollback anywhere marks the whole transaction failed. */
static int sq_begin(struct store *s)
{
	struct sq *q = SQ(s);
	if (q->txn_depth++ > 0)
		return 0;
	q->txn_failed = false;
	if (sq_exec(q, "BEGIN IMMEDIATE") < 0) {
		q->txn_depth = 0;
		return -1;
	}
	return 0;
}

static int sq_commit(struct store *s)
{
	struct sq *q = SQ(s);
	if (q->txn_depth == 0)
		return store_fail(s, "commit without begin");
	if (--q->txn_depth > 0)
		return 0;
	if (q->txn_failed) {
		sq_exec(q, "ROLLBACK");
		return store_fail(s, "transaction was rolled back");
	}
	if (sq_exec(q, "COMMIT") < 0) {
		sq_exec(q, "ROLLBACK");
		return -1;
	}
	return 0;
}

static int sq_rollback(struct store *s)
{
	struct sq *q = SQ(s);
	if (q->txn_depth == 0)
		return 0;
	if (--q->txn_depth > 0) {
		q->txn_failed = true;
		return 0;
	}
	char keep[sizeof q->base.err];
	memcpy(keep, q->base.err, sizeof keep);
	int rc = sq_exec(q, "ROLLBACK");
	memcpy(q->base.err, keep, sizeof keep);
	return rc;
}

static int sq_clear(struct store *s)
{
	/* Roles scoped to a school, board or SWV name it by row id; after a
	 * reload the same id may be another school, so such roles go too
	 * (accounts themselves are kept).  `load --replace` says so. */
	return sq_exec(SQ(s), "DELETE FROM role WHERE scope_kind IN ('school','board','swv');"
	                      " DELETE FROM fact; DELETE FROM section; DELETE FROM profile;"
	                      " DELETE FROM school; DELETE FROM board; DELETE FROM swv;");
}

/* ---- SWV and board ---- */

static int sq_swv_put(struct store *s, struct swv *v)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, "INSERT INTO swv(code, name, region, website) VALUES (?,?,?,?)"
	                              " ON CONFLICT(code) DO UPDATE SET name=excluded.name,"
	                              " region=excluded.region, website=excluded.website RETURNING id");
	if (!st)
		return -1;
	sq_bind_text(st, 1, v->code);
	sq_bind_text(st, 2, v->name);
	sq_bind_text(st, 3, v->region);
	sq_bind_text(st, 4, v->website);
	if (sqlite3_step(st) != SQLITE_ROW)
		return sq_fail(q, "saving SWV");
	v->id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

static void swv_row(sqlite3_stmt *st, struct swv *v)
{
	v->id = sqlite3_column_int64(st, 0);
	v->code = sq_col_str(st, 1);
	v->name = sq_col_str(st, 2);
	v->region = sq_col_str(st, 3);
	v->website = sq_col_str(st, 4);
}

static int sq_swv_get(struct store *s, const char *code, struct swv *out)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, "SELECT id, code, name, region, website FROM swv WHERE code = ?");
	if (!st)
		return -1;
	memset(out, 0, sizeof *out);
	sq_bind_text(st, 1, code);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		swv_row(st, out);
		sqlite3_reset(st);
		return 1;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sq_fail(q, "reading SWV");
}

static int sq_swv_list(struct store *s, struct swv **out, size_t *n)
{
	struct sq *q = SQ(s);
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = sq_prep(q, "SELECT v.id, v.code, v.name, v.region, v.website,"
	                              " (SELECT count(*) FROM school s WHERE s.swv_id = v.id AND EXISTS"
	                              "  (SELECT 1 FROM profile p WHERE p.school_id = s.id AND p.is_live = 1))"
	                              " FROM swv v ORDER BY v.name");
	if (!st)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		XGROW(*out, *n, cap, 8);
		memset(&(*out)[*n], 0, sizeof **out);
		(*out)[*n].school_count = sqlite3_column_int(st, 5);
		swv_row(st, &(*out)[(*n)++]);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sq_fail(q, "listing SWVs");
}

static int sq_board_put(struct store *s, struct board *b)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, "INSERT INTO board(code, name, swv_id) VALUES (?,?,"
	                              " (SELECT id FROM swv WHERE code = ?))"
	                              " ON CONFLICT(code) DO UPDATE SET name=excluded.name,"
	                              " swv_id=coalesce(excluded.swv_id, board.swv_id) RETURNING id");
	if (!st)
		return -1;
	sq_bind_text(st, 1, b->code);
	sq_bind_text(st, 2, b->name);
	sq_bind_text(st, 3, b->swv_code);
	if (sqlite3_step(st) != SQLITE_ROW)
		return sq_fail(q, "saving board");
	b->id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

static int sq_board_list(struct store *s, const char *swv_code, struct board **out, size_t *n)
{
	struct sq *q = SQ(s);
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = sq_prep(q, "SELECT b.id, b.code, b.name, v.code FROM board b LEFT JOIN swv v ON v.id = b.swv_id"
	                              " WHERE ?1 IS NULL OR v.code = ?1 ORDER BY b.name");
	if (!st)
		return -1;
	sq_bind_text(st, 1, swv_code);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		XGROW(*out, *n, cap, 8);
		struct board *b = &(*out)[(*n)++];
		b->id = sqlite3_column_int64(st, 0);
		b->code = sq_col_str(st, 1);
		b->name = sq_col_str(st, 2);
		b->swv_code = sq_col_str(st, 3);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sq_fail(q, "listing boards");
}

/* ---- schools ---- */

#define SCHOOL_COLS                                                                                        \
	"s.id, s.brin, s.vestiging, s.name, b.code, v.code, s.kind, s.address, s.postcode, s.place,"         \
	" s.denomination, s.website, s.phone, s.email, s.pupils, s.lat, s.lon"
#define SCHOOL_FROM " FROM school s LEFT JOIN board b ON b.id = s.board_id LEFT JOIN swv v ON v.id = s.swv_id"

void sq_school_row(sqlite3_stmt *st, struct school *sc)
{
	memset(sc, 0, sizeof *sc);
	sc->id = sqlite3_column_int64(st, 0);
	snprintf(sc->brin, sizeof sc->brin, "%s", (const char *)sqlite3_column_text(st, 1));
	snprintf(sc->vestiging, sizeof sc->vestiging, "%s", (const char *)sqlite3_column_text(st, 2));
	sc->name = sq_col_str(st, 3);
	sc->board_code = sq_col_str(st, 4);
	sc->swv_code = sq_col_str(st, 5);
	sc->kind = sq_col_str(st, 6);
	sc->address = sq_col_str(st, 7);
	sc->postcode = sq_col_str(st, 8);
	sc->place = sq_col_str(st, 9);
	sc->denomination = sq_col_str(st, 10);
	sc->website = sq_col_str(st, 11);
	sc->phone = sq_col_str(st, 12);
	sc->email = sq_col_str(st, 13);
	sc->pupils = sqlite3_column_type(st, 14) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 14);
	if (sqlite3_column_type(st, 15) != SQLITE_NULL && sqlite3_column_type(st, 16) != SQLITE_NULL) {
		sc->has_coords = true;
		sc->lat = sqlite3_column_double(st, 15);
		sc->lon = sqlite3_column_double(st, 16);
	}
}

static int sq_school_put(struct store *s, struct school *sc)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(
	    q, "INSERT INTO school(brin, vestiging, name, name_key, swv_id, board_id, kind, address, postcode,"
	       " place, denomination, website, phone, email, pupils, lat, lon) VALUES (?1,?2,?3,?4,"
	       " (SELECT id FROM swv WHERE code = ?5), (SELECT id FROM board WHERE code = ?6),"
	       " ?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17)"
	       " ON CONFLICT(brin, vestiging) DO UPDATE SET name=excluded.name, name_key=excluded.name_key,"
	       " swv_id=coalesce(excluded.swv_id, school.swv_id), board_id=coalesce(excluded.board_id, school.board_id),"
	       " kind=coalesce(excluded.kind, school.kind), address=coalesce(excluded.address, school.address),"
	       " postcode=coalesce(excluded.postcode, school.postcode), place=coalesce(excluded.place, school.place),"
	       " denomination=coalesce(excluded.denomination, school.denomination),"
	       " website=coalesce(excluded.website, school.website), phone=coalesce(excluded.phone, school.phone),"
	       " email=coalesce(excluded.email, school.email), pupils=coalesce(excluded.pupils, school.pupils),"
	       " lat=coalesce(excluded.lat, school.lat), lon=coalesce(excluded.lon, school.lon) RETURNING id");
	if (!st)
		return -1;
	char *key = store_name_key(sc->name);
	sq_bind_text(st, 1, sc->brin);
	sq_bind_text(st, 2, sc->vestiging[0] ? sc->vestiging : "00");
	sq_bind_text(st, 3, sc->name);
	sq_bind_text(st, 4, key);
	sq_bind_text(st, 5, sc->swv_code);
	sq_bind_text(st, 6, sc->board_code);
	sq_bind_text(st, 7, sc->kind);
	sq_bind_text(st, 8, sc->address);
	sq_bind_text(st, 9, sc->postcode);
	sq_bind_text(st, 10, sc->place);
	sq_bind_text(st, 11, sc->denomination);
	sq_bind_text(st, 12, sc->website);
	sq_bind_text(st, 13, sc->phone);
	sq_bind_text(st, 14, sc->email);
	if (sc->pupils >= 0)
		sqlite3_bind_int(st, 15, sc->pupils);
	if (sc->has_coords) {
		sqlite3_bind_double(st, 16, sc->lat);
		sqlite3_bind_double(st, 17, sc->lon);
	}
	int rc = sqlite3_step(st);
	free(key);
	if (rc != SQLITE_ROW)
		return sq_fail(q, "saving school");
	sc->id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

static int school_one(struct sq *q, sqlite3_stmt *st, struct school *out, const char *what)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		sq_school_row(st, out);
		sqlite3_reset(st);
		return 1;
	}
	sqlite3_reset(st);
	memset(out, 0, sizeof *out);
	out->pupils = -1;
	return rc == SQLITE_DONE ? 0 : sq_fail(q, what);
}

static int sq_school_get(struct store *s, int64_t id, struct school *out)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, "SELECT " SCHOOL_COLS SCHOOL_FROM " WHERE s.id = ?");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return school_one(q, st, out, "reading school");
}

static int sq_school_by_brin(struct store *s, const char *brin, const char *vest, struct school *out)
{
	struct sq *q = SQ(s);
	/* Without a vestigingsnummer, accept the BRIN when it has one location. */
	sqlite3_stmt *st = sq_prep(q, "SELECT " SCHOOL_COLS SCHOOL_FROM " WHERE s.brin = ?1 AND"
	                              " (s.vestiging = ?2 OR (?2 IS NULL AND (SELECT count(*) FROM school"
	                              " WHERE brin = ?1) = 1))");
	if (!st)
		return -1;
	sq_bind_text(st, 1, brin);
	sq_bind_text(st, 2, vest);
	return school_one(q, st, out, "reading school");
}

static int sq_school_by_name(struct store *s, const char *name, const char *place, struct school *out)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, "SELECT " SCHOOL_COLS SCHOOL_FROM " WHERE s.name_key = ?1"
	                              " AND (?2 IS NULL OR s.place = ?2 COLLATE NOCASE) LIMIT 2");
	if (!st)
		return -1;
	char *key = store_name_key(name);
	if (!*key) {
		free(key);
		return 0;
	}
	sq_bind_text(st, 1, key);
	sq_bind_text(st, 2, place);
	free(key);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		memset(out, 0, sizeof *out);
		return rc == SQLITE_DONE ? 0 : sq_fail(q, "finding school");
	}
	sq_school_row(st, out);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW) { /* ambiguous: two schools with this name */
		school_free(out);
		return 0;
	}
	return 1;
}

static int sq_school_list(struct store *s, const struct school_query *qy, struct school **out, size_t *n)
{
	struct sq *q = SQ(s);
	*out = NULL;
	*n = 0;
	/* Two statements rather than "?1 IS NULL OR ...": with the OR SQLite
	 * cannot use school_swv and walks every school in the country to list
	 * one SWV's. */
	sqlite3_stmt *st =
	    qy && qy->swv_code
	        ? sq_prep(q, "SELECT " SCHOOL_COLS SCHOOL_FROM " WHERE s.swv_id = (SELECT id FROM swv WHERE code = ?1)"
	                     " AND (?2 IS NULL OR b.code = ?2) AND (?3 IS NULL OR s.place = ?3 COLLATE NOCASE)"
	                     " AND (?4 = 0 OR EXISTS (SELECT 1 FROM profile p WHERE p.school_id = s.id"
	                     " AND p.is_public = 1)) ORDER BY s.place, s.name, s.id")
	        : sq_prep(q, "SELECT " SCHOOL_COLS SCHOOL_FROM " WHERE ?1 IS NULL"
	                     " AND (?2 IS NULL OR b.code = ?2) AND (?3 IS NULL OR s.place = ?3 COLLATE NOCASE)"
	                     " AND (?4 = 0 OR EXISTS (SELECT 1 FROM profile p WHERE p.school_id = s.id"
	                     " AND p.is_public = 1)) ORDER BY s.place, s.name, s.id");
	if (!st)
		return -1;
	sq_bind_text(st, 1, qy ? qy->swv_code : NULL);
	sq_bind_text(st, 2, qy ? qy->board_code : NULL);
	sq_bind_text(st, 3, qy ? qy->place : NULL);
	sqlite3_bind_int(st, 4, qy && qy->public_only);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		XGROW(*out, *n, cap, 16);
		sq_school_row(st, &(*out)[(*n)++]);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sq_fail(q, "listing schools");
}

/* ---- profiles ---- */

/* Recompute is_head / is_public / is_live for one school (see the schema). */
static int refresh_flags(struct sq *q, int64_t school_id)
{
	sqlite3_stmt *st = sq_prep(
	    q, "UPDATE profile SET is_head = f.h, is_public = f.p FROM (SELECT id,"
	       " (version = max(version) OVER (PARTITION BY school_year)) AS h,"
	       " (status = 'gepubliceerd' AND version = max(CASE WHEN status = 'gepubliceerd' THEN version END)"
	       "   OVER (PARTITION BY school_year)) AS p"
	       " FROM profile WHERE school_id = ?1) AS f"
	       " WHERE profile.id = f.id AND (profile.is_head <> f.h OR profile.is_public <> f.p)");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, school_id);
	if (sq_exec_stmt(q, st) < 0)
		return -1;
	st = sq_prep(q, "UPDATE profile SET is_live = f.l FROM (SELECT id, (is_public = 1 AND school_year ="
	                " (SELECT max(school_year) FROM profile p2 WHERE p2.school_id = ?1 AND p2.is_public = 1)) AS l"
	                " FROM profile WHERE school_id = ?1) AS f"
	                " WHERE profile.id = f.id AND profile.is_live <> f.l");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, school_id);
	return sq_exec_stmt(q, st);
}

static int write_children(struct sq *q, const struct profile *p)
{
	sqlite3_stmt *st = sq_prep(q, "DELETE FROM section WHERE profile_id = ?");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, p->id);
	if (sq_exec_stmt(q, st) < 0)
		return -1;
	st = sq_prep(q, "DELETE FROM fact WHERE profile_id = ?");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, p->id);
	if (sq_exec_stmt(q, st) < 0)
		return -1;
	for (size_t i = 0; i < p->sections.n; i++) {
		const struct section *sec = &p->sections.v[i];
		st = sq_prep(q, "INSERT INTO section(profile_id, ord, key, heading, body) VALUES (?,?,?,?,?)");
		if (!st)
			return -1;
		sqlite3_bind_int64(st, 1, p->id);
		sqlite3_bind_int(st, 2, (int)i);
		sq_bind_text(st, 3, sec->key);
		sq_bind_text(st, 4, sec->heading);
		sq_bind_text(st, 5, sec->body ? sec->body : "");
		if (sq_exec_stmt(q, st) < 0)
			return -1;
	}
	for (size_t i = 0; i < p->facts.n; i++) {
		const struct fact *f = &p->facts.v[i];
		st = sq_prep(q, "INSERT INTO fact(profile_id, ord, kind, code, value, count, where_, present, levels,"
		                " ev_line, ev_text, source) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
		if (!st)
			return -1;
		sqlite3_bind_int64(st, 1, p->id);
		sqlite3_bind_int(st, 2, (int)i);
		sq_bind_text(st, 3, fact_kind_str(f->kind));
		sq_bind_text(st, 4, f->code);
		sq_bind_text(st, 5, f->value);
		if (f->count >= 0)
			sqlite3_bind_int(st, 6, f->count);
		sq_bind_text(st, 7, fact_where_str(f->where));
		sqlite3_bind_int(st, 8, f->present ? 1 : 0);
		sqlite3_bind_int(st, 9, (int)f->levels);
		if (f->ev_line > 0)
			sqlite3_bind_int(st, 10, f->ev_line);
		sq_bind_text(st, 11, f->ev_text);
		sq_bind_text(st, 12, f->source == SRC_IMPORT ? "import" : "manual");
		if (sq_exec_stmt(q, st) < 0)
			return -1;
	}
	return 0;
}

static int sq_profile_put(struct store *s, struct profile *p, enum profile_put_mode mode, bool *replaced)
{
	struct sq *q = SQ(s);
	*replaced = false;
	if (!school_year_valid(p->school_year))
		return store_fail(s, "invalid school year '%s'", p->school_year);
	if (sq_begin(s) < 0)
		return -1;
	/* Find the head version to decide between replacing and adding. */
	int64_t existing = 0;
	int head_version = 0;
	const char *head_status = NULL;
	char status_buf[16] = "";
	sqlite3_stmt *st = sq_prep(q, "SELECT id, version, status FROM profile WHERE school_id = ? AND school_year = ?"
	                              " ORDER BY version DESC LIMIT 1");
	if (!st)
		goto fail;
	sqlite3_bind_int64(st, 1, p->school_id);
	sq_bind_text(st, 2, p->school_year);
	if (sqlite3_step(st) == SQLITE_ROW) {
		existing = sqlite3_column_int64(st, 0);
		head_version = sqlite3_column_int(st, 1);
		snprintf(status_buf, sizeof status_buf, "%s", (const char *)sqlite3_column_text(st, 2));
		head_status = status_buf;
	}
	sqlite3_reset(st);

	int64_t target = 0; /* row to overwrite, 0 = insert */
	if (p->version > 0) {
		/* An explicit version (passend load): overwrite exactly that one. */
		st = sq_prep(q, "SELECT id FROM profile WHERE school_id = ? AND school_year = ? AND version = ?");
		if (!st)
			goto fail;
		sqlite3_bind_int64(st, 1, p->school_id);
		sq_bind_text(st, 2, p->school_year);
		sqlite3_bind_int(st, 3, p->version);
		if (sqlite3_step(st) == SQLITE_ROW)
			target = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	} else if (mode == PP_REPLACE_DRAFT && existing && str_eq(head_status, "concept")) {
		target = existing;
		p->version = head_version;
	} else {
		p->version = head_version + 1;
	}
	*replaced = target != 0;
	char now[32];
	now_iso(now, sizeof now);
	if (!p->updated_at)
		p->updated_at = xstrdup(now);
	if (target) {
		st = sq_prep(q, "UPDATE profile SET status=?2, format=?3, format_version=?4, summary=?5, date_mr=?6,"
		                " mr_advice=?7, date_set=?8, date_published=?9, updated_at=?10, source_file=?11"
		                " WHERE id = ?1");
		if (!st)
			goto fail;
		sqlite3_bind_int64(st, 1, target);
	} else {
		st = sq_prep(q, "INSERT INTO profile(status, format, format_version, summary, date_mr, mr_advice,"
		                " date_set, date_published, updated_at, source_file, school_id, school_year, version)"
		                " VALUES (?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)");
		if (!st)
			goto fail;
		sqlite3_bind_int64(st, 12, p->school_id);
		sq_bind_text(st, 13, p->school_year);
		sqlite3_bind_int(st, 14, p->version);
	}
	sq_bind_text(st, 2, profile_status_str(p->status));
	sq_bind_text(st, 3, p->format);
	if (p->format_version > 0)
		sqlite3_bind_int(st, 4, p->format_version);
	sq_bind_text(st, 5, p->summary);
	sq_bind_text(st, 6, p->date_mr);
	sq_bind_text(st, 7, p->mr_advice);
	sq_bind_text(st, 8, p->date_set);
	sq_bind_text(st, 9, p->date_published);
	sq_bind_text(st, 10, p->updated_at);
	sq_bind_text(st, 11, p->source_file);
	if (sq_exec_stmt(q, st) < 0)
		goto fail;
	p->id = target ? target : sqlite3_last_insert_rowid(q->db);
	if (write_children(q, p) < 0 || refresh_flags(q, p->school_id) < 0)
		goto fail;
	return sq_commit(s);
fail:
	sq_rollback(s);
	return -1;
}

#define PROFILE_COLS                                                                                       \
	"id, school_id, school_year, version, status, format, format_version, summary, date_mr, mr_advice,"  \
	" date_set, date_published, updated_at, source_file"

static int read_profile(struct sq *q, sqlite3_stmt *st, struct profile *out)
{
	profile_init(out);
	out->id = sqlite3_column_int64(st, 0);
	out->school_id = sqlite3_column_int64(st, 1);
	snprintf(out->school_year, sizeof out->school_year, "%s", (const char *)sqlite3_column_text(st, 2));
	out->version = sqlite3_column_int(st, 3);
	int ps = profile_status_parse((const char *)sqlite3_column_text(st, 4));
	out->status = ps < 0 ? PS_CONCEPT : (enum profile_status)ps;
	out->format = sq_col_str(st, 5);
	out->format_version = sqlite3_column_int(st, 6);
	out->summary = sq_col_str(st, 7);
	out->date_mr = sq_col_str(st, 8);
	out->mr_advice = sq_col_str(st, 9);
	out->date_set = sq_col_str(st, 10);
	out->date_published = sq_col_str(st, 11);
	out->updated_at = sq_col_str(st, 12);
	out->source_file = sq_col_str(st, 13);
	sqlite3_reset(st);

	sqlite3_stmt *c = sq_prep(q, "SELECT key, heading, body FROM section WHERE profile_id = ? ORDER BY ord");
	if (!c)
		goto fail;
	sqlite3_bind_int64(c, 1, out->id);
	int rc;
	while ((rc = sqlite3_step(c)) == SQLITE_ROW)
		section_list_add(&out->sections, (const char *)sqlite3_column_text(c, 0),
		                 (const char *)sqlite3_column_text(c, 1), (const char *)sqlite3_column_text(c, 2));
	sqlite3_reset(c);
	if (rc != SQLITE_DONE)
		goto fail;
	c = sq_prep(q, "SELECT kind, code, value, count, where_, present, levels, ev_line, ev_text, source"
	               " FROM fact WHERE profile_id = ? ORDER BY ord");
	if (!c)
		goto fail;
	sqlite3_bind_int64(c, 1, out->id);
	while ((rc = sqlite3_step(c)) == SQLITE_ROW) {
		XGROW(out->facts.v, out->facts.n, out->facts.cap, 32);
		struct fact *f = &out->facts.v[out->facts.n++];
		fact_init(f);
		int k = fact_kind_parse((const char *)sqlite3_column_text(c, 0));
		f->kind = k < 0 ? FK_NEED : (enum fact_kind)k;
		f->code = sq_col_str(c, 1);
		f->value = sq_col_str(c, 2);
		f->count = sqlite3_column_type(c, 3) == SQLITE_NULL ? -1 : sqlite3_column_int(c, 3);
		int w = fact_where_parse((const char *)sqlite3_column_text(c, 4));
		f->where = w < 0 ? WHERE_NONE : (enum fact_where)w;
		f->present = sqlite3_column_int(c, 5) != 0;
		f->levels = (unsigned)sqlite3_column_int(c, 6);
		f->ev_line = sqlite3_column_int(c, 7);
		f->ev_text = sq_col_str(c, 8);
		f->source = str_eq((const char *)sqlite3_column_text(c, 9), "import") ? SRC_IMPORT : SRC_MANUAL;
	}
	sqlite3_reset(c);
	if (rc != SQLITE_DONE)
		goto fail;
	return 1;
fail:
	profile_free(out);
	return sq_fail(q, "reading profile");
}

static int sq_profile_get(struct store *s, int64_t school_id, const char *year, enum profile_view view,
                          struct profile *out)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, "SELECT " PROFILE_COLS " FROM profile WHERE school_id = ?1"
	                              " AND (?2 IS NULL OR school_year = ?2)"
	                              " AND ((?3 = 0 AND is_head) OR (?3 = 1 AND is_public))"
	                              " ORDER BY school_year DESC LIMIT 1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, school_id);
	sq_bind_text(st, 2, year);
	sqlite3_bind_int(st, 3, view == PV_PUBLIC ? 1 : 0);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return read_profile(q, st, out);
	sqlite3_reset(st);
	profile_init(out);
	return rc == SQLITE_DONE ? 0 : sq_fail(q, "reading profile");
}

static int sq_profile_get_id(struct store *s, int64_t id, struct profile *out)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, "SELECT " PROFILE_COLS " FROM profile WHERE id = ?");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return read_profile(q, st, out);
	sqlite3_reset(st);
	profile_init(out);
	return rc == SQLITE_DONE ? 0 : sq_fail(q, "reading profile");
}

static int sq_profile_history(struct store *s, int64_t school_id, struct profile_rev **out, size_t *n)
{
	struct sq *q = SQ(s);
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = sq_prep(q, "SELECT id, school_year, version, status, updated_at, is_public FROM profile"
	                              " WHERE school_id = ? ORDER BY school_year DESC, version DESC");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, school_id);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		XGROW(*out, *n, cap, 8);
		struct profile_rev *r = &(*out)[(*n)++];
		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(st, 0);
		snprintf(r->school_year, sizeof r->school_year, "%s", (const char *)sqlite3_column_text(st, 1));
		r->version = sqlite3_column_int(st, 2);
		int ps = profile_status_parse((const char *)sqlite3_column_text(st, 3));
		r->status = ps < 0 ? PS_CONCEPT : (enum profile_status)ps;
		snprintf(r->updated_at, sizeof r->updated_at, "%s", (const char *)sqlite3_column_text(st, 4));
		r->is_public = sqlite3_column_int(st, 5) != 0;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sq_fail(q, "reading history");
}

static int sq_profile_set_status(struct store *s, int64_t id, enum profile_status ps, const char *date,
                                 const char *mr_advice)
{
	struct sq *q = SQ(s);
	if (sq_begin(s) < 0)
		return -1;
	char now[32];
	now_iso(now, sizeof now);
	sqlite3_stmt *st = sq_prep(
	    q, "UPDATE profile SET status = ?2, updated_at = ?5,"
	       " date_mr = CASE WHEN ?4 IS NOT NULL THEN ?3 ELSE date_mr END,"
	       " mr_advice = coalesce(?4, mr_advice),"
	       " date_set = CASE WHEN ?2 = 'vastgesteld' THEN ?3 ELSE date_set END,"
	       " date_published = CASE WHEN ?2 = 'gepubliceerd' THEN ?3 ELSE date_published END"
	       " WHERE id = ?1 AND is_head RETURNING school_id");
	if (!st)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	sq_bind_text(st, 2, profile_status_str(ps));
	sq_bind_text(st, 3, date);
	sq_bind_text(st, 4, mr_advice);
	sq_bind_text(st, 5, now);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		if (rc == SQLITE_DONE)
			store_fail(s, "profile %lld is not the current version", (long long)id);
		else
			sq_fail(q, "changing status");
		goto fail;
	}
	int64_t school_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (refresh_flags(q, school_id) < 0)
		goto fail;
	return sq_commit(s);
fail:
	sq_rollback(s);
	return -1;
}

static const struct store_ops sqlite_ops = {
    .name = "sqlite",
    .close = sq_close,
    .schema_version = sq_schema_version,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .clear = sq_clear,
    .swv_put = sq_swv_put,
    .swv_get = sq_swv_get,
    .swv_list = sq_swv_list,
    .board_put = sq_board_put,
    .board_list = sq_board_list,
    .school_put = sq_school_put,
    .school_get = sq_school_get,
    .school_by_brin = sq_school_by_brin,
    .school_by_name = sq_school_by_name,
    .school_list = sq_school_list,
    .profile_put = sq_profile_put,
    .profile_get = sq_profile_get,
    .profile_get_id = sq_profile_get_id,
    .profile_history = sq_profile_history,
    .profile_set_status = sq_profile_set_status,
};
