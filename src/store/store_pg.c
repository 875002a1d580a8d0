/*
 * store_pg.c - the PostgreSQL backend of the storage interface (libpq).
 *
 * One struct pgs is one connection; the web server opens one per worker
 * thread (libpq connections are not shared between threads).  Statements
 * are prepared once per connection and cached by the address of their SQL
 * literal; every value is a bound text parameter.  Migrations are the
 * embedded files src/store/pg_NNN_*.sql, applied in numeric order, each in
 * its own transaction under an advisory lock (several processes may start
 * at once), and recorded in schema_migrations.
 *
 * The connection string is anything libpq accepts ("postgresql://..." URIs
 * and "host=... dbname=..." keyword strings) plus one passend option,
 * schema=NAME (a URI query parameter or a keyword), which puts passend's
 * tables in that schema: several regions can then share one database.
 *
 * Semantics follow store_sqlite.c exactly (same flags, same upserts, same
 * ordering: text is ordered with COLLATE "C", which is SQLite's BINARY, and
 * NULLs first as in SQLite).
 */
#include "store_pg.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/embed.h"
#include "core/util.h"

/* Advisory lock key serialising migrations of one database ("passend"). */
#define MIGRATE_LOCK "7061737365"

static struct pgs *PG(struct store *s) { return (struct pgs *)s; }

/* ---- parameters and results ---- */

static const char *p_slot(struct pgs_params *p)
{
	if (p->n >= PGS_MAX_PARAMS)
		abort(); /* programming error: a statement with too many parameters */
	return p->num[p->n];
}

void pgs_p_text(struct pgs_params *p, const char *s)
{
	p_slot(p);
	p->v[p->n++] = s;
}

void pgs_p_int(struct pgs_params *p, long long v)
{
	p_slot(p);
	snprintf(p->num[p->n], sizeof p->num[0], "%lld", v);
	p->v[p->n] = p->num[p->n];
	p->n++;
}

void pgs_p_double(struct pgs_params *p, double v)
{
	p_slot(p);
	snprintf(p->num[p->n], sizeof p->num[0], "%.17g", v);
	p->v[p->n] = p->num[p->n];
	p->n++;
}

void pgs_p_bool(struct pgs_params *p, bool v) { pgs_p_text(p, v ? "t" : "f"); }

void pgs_p_null(struct pgs_params *p) { pgs_p_text(p, NULL); }

char *pgs_str(const PGresult *res, int r, int c)
{
	return PQgetisnull(res, r, c) ? NULL : xstrdup(PQgetvalue(res, r, c));
}

long long pgs_int(const PGresult *res, int r, int c)
{
	return PQgetisnull(res, r, c) ? 0 : strtoll(PQgetvalue(res, r, c), NULL, 10);
}

double pgs_double(const PGresult *res, int r, int c)
{
	return PQgetisnull(res, r, c) ? 0 : strtod(PQgetvalue(res, r, c), NULL);
}

bool pgs_bool(const PGresult *res, int r, int c)
{
	return !PQgetisnull(res, r, c) && PQgetvalue(res, r, c)[0] == 't';
}

bool pgs_null(const PGresult *res, int r, int c) { return PQgetisnull(res, r, c) != 0; }

const char *pgs_val(const PGresult *res, int r, int c) { return PQgetvalue(res, r, c); }

const char *pgs_sqlstate(struct pgs *q) { return q->sqlstate; }

/* The server's message without libpq's "ERROR:  " prefix and newline. */
static void set_error(struct pgs *q, const char *what, const PGresult *res)
{
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	if (!msg)
		msg = PQerrorMessage(q->conn);
	snprintf(q->sqlstate, sizeof q->sqlstate, "%s", state ? state : "");
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		n--;
	store_fail(&q->base, "%s: %.*s", what, (int)n, msg);
}

int pgs_fail(struct pgs *q, const char *what)
{
	set_error(q, what, NULL);
	return -1;
}

/* Statement failed: inside a transaction the server has aborted it. */
static void failed(struct pgs *q, const char *what, const PGresult *res)
{
	set_error(q, what, res);
	if (q->txn_depth > 0)
		q->txn_failed = true;
}

static int apply_session(struct pgs *q);

/* A connection that broke between requests (server restart, idle timeout)
 * is re-opened once; inside a transaction that would lose work, so not
 * there. */
static void heal(struct pgs *q)
{
	if (PQstatus(q->conn) == CONNECTION_OK || q->txn_depth > 0)
		return;
	PQreset(q->conn);
	q->ncache = 0; /* prepared statements died with the old session */
	if (PQstatus(q->conn) == CONNECTION_OK)
		apply_session(q);
}

/* Prepare (once) and run; returns the result, which may be an error
 * result; *broken is set when the connection died. */
static PGresult *run_once(struct pgs *q, const char *sql, const struct pgs_params *p, bool *broken)
{
	*broken = false;
	int idx = -1;
	for (int i = 0; i < q->ncache; i++)
		if (q->cache[i] == sql) {
			idx = i;
			break;
		}
	char name[16];
	PGresult *res;
	if (idx < 0 && q->ncache < PGS_CACHE_MAX) {
		snprintf(name, sizeof name, "p%d", q->ncache);
		res = PQprepare(q->conn, name, sql, 0, NULL);
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			*broken = PQstatus(q->conn) == CONNECTION_BAD;
			return res;
		}
		PQclear(res);
		idx = q->ncache;
		q->cache[q->ncache++] = sql;
	}
	int n = p ? p->n : 0;
	const char *const *vals = p ? p->v : NULL;
	if (idx >= 0) {
		snprintf(name, sizeof name, "p%d", idx);
		res = PQexecPrepared(q->conn, name, n, vals, NULL, NULL, 0);
	} else {
		/* Cache full: unnamed statement, parsed every time. */
		res = PQexecParams(q->conn, sql, n, NULL, vals, NULL, NULL, 0);
	}
	ExecStatusType st = PQresultStatus(res);
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
		*broken = PQstatus(q->conn) == CONNECTION_BAD;
	return res;
}

PGresult *pgs_query(struct pgs *q, const char *sql, const struct pgs_params *p, const char *what)
{
	if (q->txn_depth > 0 && q->txn_failed) {
		/* Keep the first error: everything after it would only say
		 * "current transaction is aborted". */
		return NULL;
	}
	heal(q);
	bool broken;
	PGresult *res = run_once(q, sql, p, &broken);
	if (broken && q->txn_depth == 0) {
		/* The server went away since the last statement (restart,
		 * failover, idle timeout): libpq only notices now.  Outside a
		 * transaction the statement can be sent again on a new
		 * connection. */
		PQclear(res);
		heal(q);
		res = run_once(q, sql, p, &broken);
	}
	ExecStatusType st = PQresultStatus(res);
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
		failed(q, what, res);
		PQclear(res);
		return NULL;
	}
	return res;
}

int pgs_exec(struct pgs *q, const char *sql, const struct pgs_params *p, const char *what)
{
	PGresult *res = pgs_query(q, sql, p, what);
	if (!res)
		return -1;
	PQclear(res);
	return 0;
}

/* Run fixed SQL without parameters (transaction control, migration files):
 * the simple query protocol, which allows several statements. */
int pgs_simple(struct pgs *q, const char *sql, const char *what)
{
	PGresult *res = PQexec(q->conn, sql);
	ExecStatusType st = PQresultStatus(res);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		failed(q, what, res);
		PQclear(res);
		return -1;
	}
	PQclear(res);
	return 0;
}

/* Session settings: client encoding and the schema.  Both values go through
 * set_config() as parameters. */
static int apply_session(struct pgs *q)
{
	if (PQsetClientEncoding(q->conn, "UTF8") != 0)
		return pgs_fail(q, "client encoding");
	if (q->search_path) {
		struct pgs_params p = {0};
		pgs_p_text(&p, q->search_path);
		if (pgs_exec(q, "SELECT set_config('search_path', $1, false)", &p, "setting the schema") < 0)
			return -1;
	}
	return 0;
}

/* ---- connection ---- */

static void pg_close(struct store *s)
{
	struct pgs *q = PG(s);
	PQfinish(q->conn);
	free(q->search_path);
	free(q);
}

static int pg_schema_version(struct store *s)
{
	struct pgs *q = PG(s);
	PGresult *res = pgs_query(q, "SELECT coalesce(max(version),0) FROM schema_migrations", NULL,
	                          "reading the schema version");
	if (!res)
		return -1;
	int v = PQntuples(res) ? (int)pgs_int(res, 0, 0) : -1;
	PQclear(res);
	return v;
}

static int cmp_embed(const void *a, const void *b)
{
	return strcmp((*(const struct embed_file *const *)a)->name, (*(const struct embed_file *const *)b)->name);
}

/* Apply one migration file unless another process did it first. */
static int migrate_one(struct pgs *q, const struct embed_file *f, int v)
{
	if (pgs_simple(q, "BEGIN", "migration") < 0)
		return -1;
	q->txn_depth = 1;
	q->txn_failed = false;
	if (pgs_exec(q, "SELECT pg_advisory_xact_lock(" MIGRATE_LOCK ")", NULL, "migration lock") < 0)
		goto fail;
	int have = pg_schema_version(&q->base);
	if (have < 0)
		goto fail;
	if (v > have) {
		if (pgs_simple(q, f->data, "migration") < 0) {
			char msg[sizeof q->base.err];
			snprintf(msg, sizeof msg, "migration %.60s failed: %.400s", f->name, q->base.err);
			store_fail(&q->base, "%s", msg);
			goto fail;
		}
		char now[32];
		now_iso(now, sizeof now);
		struct pgs_params p = {0};
		pgs_p_int(&p, v);
		pgs_p_text(&p, f->name + 10); /* without "src/store/" */
		pgs_p_text(&p, now);
		if (pgs_exec(q, "INSERT INTO schema_migrations(version, name, applied_at) VALUES ($1,$2,$3)", &p,
		             "recording the migration") < 0)
			goto fail;
	}
	q->txn_depth = 0;
	if (pgs_simple(q, "COMMIT", "migration") < 0)
		return -1;
	return 0;
fail:
	q->txn_depth = 0;
	char keep[sizeof q->base.err];
	memcpy(keep, q->base.err, sizeof keep);
	pgs_simple(q, "ROLLBACK", "migration");
	memcpy(q->base.err, keep, sizeof keep);
	return -1;
}

static int pg_migrate(struct pgs *q)
{
	/* Concurrent CREATE TABLE IF NOT EXISTS can still collide, hence the
	 * lock around it too. */
	if (pgs_simple(q, "BEGIN", "migration") < 0)
		return -1;
	if (pgs_simple(q, "SELECT pg_advisory_xact_lock(" MIGRATE_LOCK ");"
	              " CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY,"
	              " name text NOT NULL, applied_at text NOT NULL)",
	           "creating schema_migrations") < 0 ||
	    pgs_simple(q, "COMMIT", "migration") < 0) {
		char keep[sizeof q->base.err];
		memcpy(keep, q->base.err, sizeof keep);
		pgs_simple(q, "ROLLBACK", "migration");
		memcpy(q->base.err, keep, sizeof keep);
		return -1;
	}
	const struct embed_file *files[64];
	int nf = 0;
	for (const struct embed_file *f = embed_files; f->name && nf < 64; f++)
		if (strncmp(f->name, "src/store/pg_", 13) == 0 && strstr(f->name, ".sql"))
			files[nf++] = f;
	qsort(files, (size_t)nf, sizeof files[0], cmp_embed);
	int have = pg_schema_version(&q->base);
	if (have < 0)
		return -1;
	for (int i = 0; i < nf; i++) {
		int v = atoi(files[i]->name + 13);
		if (v > have && migrate_one(q, files[i], v) < 0)
			return -1;
	}
	return 0;
}

static bool schema_name_ok(const char *s, size_t n)
{
	if (n == 0 || n > 63 || isdigit((unsigned char)s[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '_'))
			return false;
	return true;
}

/* Take passend's own schema=NAME option out of the connection string (libpq
 * would reject it).  Returns the cleaned string (malloc'd); *schema gets the
 * name (malloc'd) or NULL; -1 when the name is not a plain lower-case
 * identifier. */
static int split_schema(const char *conninfo, char **clean, char **schema)
{
	*schema = NULL;
	bool uri = strncmp(conninfo, "postgresql://", 13) == 0 || strncmp(conninfo, "postgres://", 11) == 0;
	const char *start = NULL, *val = NULL, *end = NULL;
	if (uri) {
		const char *qm = strchr(conninfo, '?');
		for (const char *p = qm; p && *p; p = strchr(p + 1, '&')) {
			if (strncmp(p + 1, "schema=", 7) == 0) {
				start = p;
				val = p + 8;
				end = val + strcspn(val, "&");
				break;
			}
		}
	} else {
		for (const char *p = conninfo; (p = strstr(p, "schema=")) != NULL; p++) {
			if (p == conninfo || isspace((unsigned char)p[-1])) {
				start = p;
				val = p + 7;
				end = val + strcspn(val, " \t\n");
				break;
			}
		}
	}
	if (!start) {
		*clean = xstrdup(conninfo);
		return 0;
	}
	if (!schema_name_ok(val, (size_t)(end - val)))
		return -1;
	*schema = xstrndup(val, (size_t)(end - val));
	buf b = BUF_INIT;
	buf_append(&b, conninfo, (size_t)(start - conninfo));
	if (uri && *start == '?' && *end == '&') {
		buf_putc(&b, '?'); /* schema was the first of several parameters */
		end++;
	}
	buf_puts(&b, end);
	*clean = buf_detach(&b);
	return 0;
}

static const struct store_ops pg_ops;

static void quiet_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

int store_pg_open(const char *conninfo, bool migrate, struct store **out, char *err, size_t errlen)
{
	*out = NULL;
	char *clean, *schema;
	if (split_schema(conninfo, &clean, &schema) < 0) {
		snprintf(err, errlen, "schema= must be a lower-case name of letters, digits and _");
		return -1;
	}
	/* dbname is expanded as a connection string; application_name before
	 * it can be overridden, client_encoding after it cannot. */
	const char *const keys[] = {"application_name", "dbname", "connect_timeout", "client_encoding", NULL};
	const char *const vals[] = {"passend", clean, "10", "UTF8", NULL};
	PGconn *conn = PQconnectdbParams(keys, vals, 1);
	free(clean);
	if (!conn || PQstatus(conn) != CONNECTION_OK) {
		const char *m = conn ? PQerrorMessage(conn) : "out of memory";
		size_t n = strlen(m);
		while (n && (m[n - 1] == '\n' || m[n - 1] == ' '))
			n--;
		snprintf(err, errlen, "cannot connect to PostgreSQL: %.*s", (int)n, m);
		PQfinish(conn);
		free(schema);
		return -1;
	}
	/* NOTICEs ("extension already exists, skipping") are not for users. */
	PQsetNoticeProcessor(conn, quiet_notice, NULL);
	struct pgs *q = xcalloc(1, sizeof *q);
	q->base.ops = &pg_ops;
	q->conn = conn;
	if (schema) {
		/* The schema first, public after it: the extensions (unaccent,
		 * pg_trgm) live in public so that several schemas can share them. */
		char *ident = PQescapeIdentifier(conn, schema, strlen(schema));
		buf sp = BUF_INIT;
		buf_printf(&sp, "%s, public", ident ? ident : schema);
		q->search_path = buf_detach(&sp);
		if (migrate && ident) {
			/* An identifier cannot be a bound parameter; it is quoted by
			 * libpq and was checked to be [a-z0-9_]+ above. */
			buf sql = BUF_INIT;
			buf_printf(&sql, "CREATE SCHEMA IF NOT EXISTS %s", ident);
			int rc = pgs_simple(q, buf_str(&sql), "creating the schema");
			buf_free(&sql);
			if (rc < 0) {
				snprintf(err, errlen, "%s", q->base.err);
				PQfreemem(ident);
				free(schema);
				pg_close(&q->base);
				return -1;
			}
		}
		PQfreemem(ident);
	}
	if (apply_session(q) < 0 || (migrate && pg_migrate(q) < 0)) {
		snprintf(err, errlen, "%s", q->base.err);
		free(schema);
		pg_close(&q->base);
		return -1;
	}
	if (!migrate && schema) {
		/* Without the schema the search path would fall through to public. */
		struct pgs_params p = {0};
		pgs_p_text(&p, schema);
		PGresult *res = pgs_query(q, "SELECT 1 FROM pg_namespace WHERE nspname = $1::text", &p, "schema");
		int found = res ? PQntuples(res) : 0;
		PQclear(res);
		if (!found) {
			snprintf(err, errlen, "the PostgreSQL schema %s does not exist (run 'passend init' first)", schema);
			free(schema);
			pg_close(&q->base);
			return -1;
		}
	}
	if (!migrate) {
		int v = pg_schema_version(&q->base);
		if (v <= 0) {
			snprintf(err, errlen, "the PostgreSQL database%s%s is not a passend database (run 'passend init' first)",
			         schema ? " schema " : "", schema ? schema : "");
			free(schema);
			pg_close(&q->base);
			return -1;
		}
	}
	free(schema);
	*out = &q->base;
	return 0;
}

/* ---- transactions: nest like the SQLite backend ---- */

static int pg_begin(struct store *s)
{
	struct pgs *q = PG(s);
	if (q->txn_depth > 0) {
		q->txn_depth++;
		return 0;
	}
	heal(q);
	q->txn_depth = 1;
	q->txn_failed = false;
	/* One writing transaction at a time per passend schema, as SQLite's
	 * BEGIN IMMEDIATE does: concurrent loads and saves then queue instead
	 * of deadlocking on each other's upserts or racing for the next
	 * profile version.  Writes are rare here; reads never take the lock.
	 * The wait is bounded so a stuck writer gives an error, not a hang. */
	const char *begin = "BEGIN; SET LOCAL lock_timeout = '60s';"
	                    " SELECT pg_advisory_xact_lock(1885434739, hashtext(current_schema()))";
	int rc = pgs_simple(q, begin, "begin");
	if (rc < 0 && PQstatus(q->conn) == CONNECTION_BAD) {
		/* A connection that died while idle: nothing was lost yet. */
		q->txn_depth = 0;
		heal(q);
		q->txn_depth = 1;
		q->txn_failed = false;
		rc = pgs_simple(q, begin, "begin");
	}
	if (rc < 0) {
		pgs_simple(q, "ROLLBACK", "rollback");
		q->txn_depth = 0;
		return -1;
	}
	return 0;
}

static int pg_commit(struct store *s)
{
	struct pgs *q = PG(s);
	if (q->txn_depth == 0)
		return store_fail(s, "commit without begin");
	if (--q->txn_depth > 0)
		return 0;
	if (q->txn_failed) {
		char keep[sizeof q->base.err];
		memcpy(keep, q->base.err, sizeof keep);
		pgs_simple(q, "ROLLBACK", "rollback");
		store_fail(s, "transaction was rolled back (%.400s)", keep);
		return -1;
	}
	if (pgs_simple(q, "COMMIT", "commit") < 0) {
		char keep[sizeof q->base.err];
		memcpy(keep, q->base.err, sizeof keep);
		pgs_simple(q, "ROLLBACK", "rollback");
		memcpy(q->base.err, keep, sizeof keep);
		return -1;
	}
	return 0;
}

static int pg_rollback(struct store *s)
{
	struct pgs *q = PG(s);
	if (q->txn_depth == 0)
		return 0;
	if (--q->txn_depth > 0) {
		q->txn_failed = true;
		return 0;
	}
	char keep[sizeof q->base.err];
	memcpy(keep, q->base.err, sizeof keep);
	int rc = pgs_simple(q, "ROLLBACK", "rollback");
	memcpy(q->base.err, keep, sizeof keep);
	q->txn_failed = false;
	return rc;
}

static int pg_clear(struct store *s)
{
	struct pgs *q = PG(s);
	/* As on SQLite: roles scoped to a school, board or SWV name it by row
	 * id, which a reload may give to another one, so they go too (the
	 * accounts stay). */
	return pgs_simple(q, "DELETE FROM role WHERE scope_kind IN ('school','board','swv');"
	                     " DELETE FROM fact; DELETE FROM section; DELETE FROM profile;"
	                     " DELETE FROM school; DELETE FROM board; DELETE FROM swv;",
	                  "clearing the database");
}

/* ---- SWV and board ---- */

static int pg_swv_put(struct store *s, struct swv *v)
{
	struct pgs *q = PG(s);
	struct pgs_params p = {0};
	pgs_p_text(&p, v->code);
	pgs_p_text(&p, v->name);
	pgs_p_text(&p, v->region);
	pgs_p_text(&p, v->website);
	PGresult *res = pgs_query(q, "INSERT INTO swv(code, name, region, website) VALUES ($1,$2,$3,$4)"
	                             " ON CONFLICT(code) DO UPDATE SET name=excluded.name,"
	                             " region=excluded.region, website=excluded.website RETURNING id",
	                          &p, "saving SWV");
	if (!res)
		return -1;
	v->id = pgs_int(res, 0, 0);
	PQclear(res);
	return 0;
}

static void swv_row(const PGresult *res, int r, struct swv *v)
{
	v->id = pgs_int(res, r, 0);
	v->code = pgs_str(res, r, 1);
	v->name = pgs_str(res, r, 2);
	v->region = pgs_str(res, r, 3);
	v->website = pgs_str(res, r, 4);
}

static int pg_swv_get(struct store *s, const char *code, struct swv *out)
{
	struct pgs *q = PG(s);
	memset(out, 0, sizeof *out);
	struct pgs_params p = {0};
	pgs_p_text(&p, code);
	PGresult *res = pgs_query(q, "SELECT id, code, name, region, website FROM swv WHERE code = $1", &p,
	                          "reading SWV");
	if (!res)
		return -1;
	int found = PQntuples(res) > 0;
	if (found)
		swv_row(res, 0, out);
	PQclear(res);
	return found;
}

static int pg_swv_list(struct store *s, struct swv **out, size_t *n)
{
	struct pgs *q = PG(s);
	*out = NULL;
	*n = 0;
	PGresult *res = pgs_query(q, "SELECT v.id, v.code, v.name, v.region, v.website,"
	                             " (SELECT count(*) FROM school s WHERE s.swv_id = v.id AND EXISTS"
	                             "  (SELECT 1 FROM profile p WHERE p.school_id = s.id AND p.is_live))"
	                             " FROM swv v ORDER BY v.name COLLATE \"C\", v.id",
	                          NULL, "listing SWVs");
	if (!res)
		return -1;
	int rows = PQntuples(res);
	if (rows) {
		*out = xcalloc((size_t)rows, sizeof **out);
		for (int r = 0; r < rows; r++) {
			swv_row(res, r, &(*out)[r]);
			(*out)[r].school_count = (int)pgs_int(res, r, 5);
		}
	}
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}

static int pg_board_put(struct store *s, struct board *b)
{
	struct pgs *q = PG(s);
	struct pgs_params p = {0};
	pgs_p_text(&p, b->code);
	pgs_p_text(&p, b->name);
	pgs_p_text(&p, b->swv_code);
	PGresult *res = pgs_query(q, "INSERT INTO board(code, name, swv_id) VALUES ($1,$2,"
	                             " (SELECT id FROM swv WHERE code = $3::text))"
	                             " ON CONFLICT(code) DO UPDATE SET name=excluded.name,"
	                             " swv_id=coalesce(excluded.swv_id, board.swv_id) RETURNING id",
	                          &p, "saving board");
	if (!res)
		return -1;
	b->id = pgs_int(res, 0, 0);
	PQclear(res);
	return 0;
}

static int pg_board_list(struct store *s, const char *swv_code, struct board **out, size_t *n)
{
	struct pgs *q = PG(s);
	*out = NULL;
	*n = 0;
	struct pgs_params p = {0};
	pgs_p_text(&p, swv_code);
	PGresult *res = pgs_query(q, "SELECT b.id, b.code, b.name, v.code FROM board b LEFT JOIN swv v ON v.id = b.swv_id"
	                             " WHERE $1::text IS NULL OR v.code = $1::text ORDER BY b.name COLLATE \"C\", b.id",
	                          &p, "listing boards");
	if (!res)
		return -1;
	int rows = PQntuples(res);
	if (rows)
		*out = xcalloc((size_t)rows, sizeof **out);
	for (int r = 0; r < rows; r++) {
		struct board *b = &(*out)[r];
		b->id = pgs_int(res, r, 0);
		b->code = pgs_str(res, r, 1);
		b->name = pgs_str(res, r, 2);
		b->swv_code = pgs_str(res, r, 3);
	}
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}

/* ---- schools ---- */

#define SCHOOL_COLS                                                                                        \
	"s.id, s.brin, s.vestiging, s.name, b.code, v.code, s.kind, s.address, s.postcode, s.place,"         \
	" s.denomination, s.website, s.phone, s.email, s.pupils, s.lat, s.lon"
#define SCHOOL_FROM " FROM school s LEFT JOIN board b ON b.id = s.board_id LEFT JOIN swv v ON v.id = s.swv_id"

void pgs_school_row(const PGresult *res, int r, struct school *sc)
{
	memset(sc, 0, sizeof *sc);
	sc->id = pgs_int(res, r, 0);
	snprintf(sc->brin, sizeof sc->brin, "%s", pgs_val(res, r, 1));
	snprintf(sc->vestiging, sizeof sc->vestiging, "%s", pgs_val(res, r, 2));
	sc->name = pgs_str(res, r, 3);
	sc->board_code = pgs_str(res, r, 4);
	sc->swv_code = pgs_str(res, r, 5);
	sc->kind = pgs_str(res, r, 6);
	sc->address = pgs_str(res, r, 7);
	sc->postcode = pgs_str(res, r, 8);
	sc->place = pgs_str(res, r, 9);
	sc->denomination = pgs_str(res, r, 10);
	sc->website = pgs_str(res, r, 11);
	sc->phone = pgs_str(res, r, 12);
	sc->email = pgs_str(res, r, 13);
	sc->pupils = pgs_null(res, r, 14) ? -1 : (int)pgs_int(res, r, 14);
	if (!pgs_null(res, r, 15) && !pgs_null(res, r, 16)) {
		sc->has_coords = true;
		sc->lat = pgs_double(res, r, 15);
		sc->lon = pgs_double(res, r, 16);
	}
}

static int pg_school_put(struct store *s, struct school *sc)
{
	struct pgs *q = PG(s);
	char *key = store_name_key(sc->name);
	struct pgs_params p = {0};
	pgs_p_text(&p, sc->brin);
	pgs_p_text(&p, sc->vestiging[0] ? sc->vestiging : "00");
	pgs_p_text(&p, sc->name);
	pgs_p_text(&p, key);
	pgs_p_text(&p, sc->swv_code);
	pgs_p_text(&p, sc->board_code);
	pgs_p_text(&p, sc->kind);
	pgs_p_text(&p, sc->address);
	pgs_p_text(&p, sc->postcode);
	pgs_p_text(&p, sc->place);
	pgs_p_text(&p, sc->denomination);
	pgs_p_text(&p, sc->website);
	pgs_p_text(&p, sc->phone);
	pgs_p_text(&p, sc->email);
	if (sc->pupils >= 0)
		pgs_p_int(&p, sc->pupils);
	else
		pgs_p_null(&p);
	if (sc->has_coords) {
		pgs_p_double(&p, sc->lat);
		pgs_p_double(&p, sc->lon);
	} else {
		pgs_p_null(&p);
		pgs_p_null(&p);
	}
	PGresult *res = pgs_query(
	    q,
	    "INSERT INTO school(brin, vestiging, name, name_key, swv_id, board_id, kind, address, postcode,"
	    " place, denomination, website, phone, email, pupils, lat, lon) VALUES ($1,$2,$3,$4,"
	    " (SELECT id FROM swv WHERE code = $5::text), (SELECT id FROM board WHERE code = $6::text),"
	    " $7,$8,$9,$10,$11,$12,$13,$14,$15::integer,$16::double precision,$17::double precision)"
	    " ON CONFLICT(brin, vestiging) DO UPDATE SET name=excluded.name, name_key=excluded.name_key,"
	    " swv_id=coalesce(excluded.swv_id, school.swv_id), board_id=coalesce(excluded.board_id, school.board_id),"
	    " kind=coalesce(excluded.kind, school.kind), address=coalesce(excluded.address, school.address),"
	    " postcode=coalesce(excluded.postcode, school.postcode), place=coalesce(excluded.place, school.place),"
	    " denomination=coalesce(excluded.denomination, school.denomination),"
	    " website=coalesce(excluded.website, school.website), phone=coalesce(excluded.phone, school.phone),"
	    " email=coalesce(excluded.email, school.email), pupils=coalesce(excluded.pupils, school.pupils),"
	    " lat=coalesce(excluded.lat, school.lat), lon=coalesce(excluded.lon, school.lon) RETURNING id",
	    &p, "saving school");
	free(key);
	if (!res)
		return -1;
	sc->id = pgs_int(res, 0, 0);
	PQclear(res);
	return 0;
}

/* One school from res, or "not found" (pupils -1 as school_one does). */
static int school_one(PGresult *res, struct school *out)
{
	if (!res)
		return -1;
	int found = PQntuples(res) > 0;
	if (found) {
		pgs_school_row(res, 0, out);
	} else {
		memset(out, 0, sizeof *out);
		out->pupils = -1;
	}
	PQclear(res);
	return found;
}

static int pg_school_get(struct store *s, int64_t id, struct school *out)
{
	struct pgs_params p = {0};
	pgs_p_int(&p, id);
	return school_one(pgs_query(PG(s), "SELECT " SCHOOL_COLS SCHOOL_FROM " WHERE s.id = $1::bigint", &p,
	                            "reading school"),
	                  out);
}

static int pg_school_by_brin(struct store *s, const char *brin, const char *vest, struct school *out)
{
	struct pgs_params p = {0};
	pgs_p_text(&p, brin);
	pgs_p_text(&p, vest);
	/* Without a vestigingsnummer, accept the BRIN when it has one location. */
	return school_one(pgs_query(PG(s),
	                            "SELECT " SCHOOL_COLS SCHOOL_FROM " WHERE s.brin = $1::text AND"
	                            " (s.vestiging = $2::text OR ($2::text IS NULL AND (SELECT count(*) FROM school"
	                            " WHERE brin = $1::text) = 1))",
	                            &p, "reading school"),
	                  out);
}

static int pg_school_by_name(struct store *s, const char *name, const char *place, struct school *out)
{
	char *key = store_name_key(name);
	memset(out, 0, sizeof *out);
	if (!*key) {
		free(key);
		return 0;
	}
	struct pgs_params p = {0};
	pgs_p_text(&p, key);
	pgs_p_text(&p, place);
	/* lower() = lower() stands in for SQLite's COLLATE NOCASE. */
	PGresult *res = pgs_query(PG(s),
	                          "SELECT " SCHOOL_COLS SCHOOL_FROM " WHERE s.name_key = $1::text"
	                          " AND ($2::text IS NULL OR lower(s.place) = lower($2::text)) LIMIT 2",
	                          &p, "finding school");
	free(key);
	if (!res)
		return -1;
	int rows = PQntuples(res);
	if (rows == 1) /* none, or ambiguous (two schools with this name): 0 */
		pgs_school_row(res, 0, out);
	PQclear(res);
	return rows == 1;
}

static int pg_school_list(struct store *s, const struct school_query *qy, struct school **out, size_t *n)
{
	struct pgs *q = PG(s);
	*out = NULL;
	*n = 0;
	struct pgs_params p = {0};
	pgs_p_text(&p, qy ? qy->swv_code : NULL);
	pgs_p_text(&p, qy ? qy->board_code : NULL);
	pgs_p_text(&p, qy ? qy->place : NULL);
	pgs_p_bool(&p, qy && qy->public_only);
	PGresult *res = pgs_query(
	    q,
	    "SELECT " SCHOOL_COLS SCHOOL_FROM " WHERE ($1::text IS NULL OR v.code = $1::text)"
	    " AND ($2::text IS NULL OR b.code = $2::text) AND ($3::text IS NULL OR lower(s.place) = lower($3::text))"
	    " AND (NOT $4::boolean OR EXISTS (SELECT 1 FROM profile p WHERE p.school_id = s.id AND p.is_public))"
	    " ORDER BY s.place COLLATE \"C\" NULLS FIRST, s.name COLLATE \"C\", s.id",
	    &p, "listing schools");
	if (!res)
		return -1;
	int rows = PQntuples(res);
	if (rows)
		*out = xcalloc((size_t)rows, sizeof **out);
	for (int r = 0; r < rows; r++)
		pgs_school_row(res, r, &(*out)[r]);
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}

/* ---- profiles ---- */

/* Recompute is_head / is_public / is_live for one school (see the schema)
 * in one statement that only touches rows whose flags change (each change
 * costs index updates and fires the search-index trigger). */
static int refresh_flags(struct pgs *q, int64_t school_id)
{
	struct pgs_params p = {0};
	pgs_p_int(&p, school_id);
	return pgs_exec(
	    q,
	    "WITH a AS (SELECT id, school_year, version, status, max(version) OVER w AS maxv,"
	    "   max(version) FILTER (WHERE status = 'gepubliceerd') OVER w AS maxpub"
	    "   FROM profile WHERE school_id = $1::bigint WINDOW w AS (PARTITION BY school_year)),"
	    " b AS (SELECT id, school_year, version = maxv AS h,"
	    "   coalesce(status = 'gepubliceerd' AND version = maxpub, false) AS pub FROM a),"
	    " c AS (SELECT id, h, pub, coalesce(pub AND school_year ="
	    "   max(school_year COLLATE \"C\") FILTER (WHERE pub) OVER (), false) AS live FROM b)"
	    " UPDATE profile p SET is_head = c.h, is_public = c.pub, is_live = c.live FROM c"
	    " WHERE p.id = c.id AND (p.is_head, p.is_public, p.is_live) IS DISTINCT FROM (c.h, c.pub, c.live)",
	    &p, "updating version flags");
}

/* Arrays for unnest(): a PostgreSQL array literal, one per column.  Every
 * element is double-quoted with \ and " escaped, NULL is the bare word. */
struct col {
	buf b;
	bool first;
};

static void col_init(struct col *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		c[i].b = (buf)BUF_INIT;
		buf_putc(&c[i].b, '{');
		c[i].first = true;
	}
}

static void col_add(struct col *c, const char *v)
{
	if (!c->first)
		buf_putc(&c->b, ',');
	c->first = false;
	if (!v) {
		buf_puts(&c->b, "NULL");
		return;
	}
	buf_putc(&c->b, '"');
	for (const char *p = v; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_putc(&c->b, '\\');
		buf_putc(&c->b, *p);
	}
	buf_putc(&c->b, '"');
}

static void col_int(struct col *c, long long v, bool null)
{
	char n[32];
	snprintf(n, sizeof n, "%lld", v);
	col_add(c, null ? NULL : n);
}

/* Sections and facts of a profile version: one statement each however
 * many rows (row-by-row inserts made a national load 4x slower than on
 * SQLite, all in round trips). */
static int write_children(struct pgs *q, const struct profile *p)
{
	struct pgs_params id = {0};
	pgs_p_int(&id, p->id);
	if (pgs_exec(q, "DELETE FROM section WHERE profile_id = $1::bigint", &id, "saving sections") < 0 ||
	    pgs_exec(q, "DELETE FROM fact WHERE profile_id = $1::bigint", &id, "saving facts") < 0)
		return -1;
	int rc = 0;
	if (p->sections.n) {
		struct col c[4];
		col_init(c, 4);
		for (size_t i = 0; i < p->sections.n; i++) {
			const struct section *sec = &p->sections.v[i];
			col_int(&c[0], (long long)i, false);
			col_add(&c[1], sec->key);
			col_add(&c[2], sec->heading);
			col_add(&c[3], sec->body ? sec->body : "");
		}
		struct pgs_params a = {0};
		pgs_p_int(&a, p->id);
		for (int k = 0; k < 4; k++) {
			buf_putc(&c[k].b, '}');
			pgs_p_text(&a, buf_str(&c[k].b));
		}
		rc = pgs_exec(q, "INSERT INTO section(profile_id, ord, key, heading, body) SELECT $1::bigint, *"
		                 " FROM unnest($2::integer[], $3::text[], $4::text[], $5::text[])",
		              &a, "saving sections");
		for (int k = 0; k < 4; k++)
			buf_free(&c[k].b);
	}
	if (rc == 0 && p->facts.n) {
		struct col c[11];
		col_init(c, 11);
		for (size_t i = 0; i < p->facts.n; i++) {
			const struct fact *f = &p->facts.v[i];
			col_int(&c[0], (long long)i, false);
			col_add(&c[1], fact_kind_str(f->kind));
			col_add(&c[2], f->code);
			col_add(&c[3], f->value);
			col_int(&c[4], f->count, f->count < 0);
			col_add(&c[5], fact_where_str(f->where));
			col_add(&c[6], f->present ? "t" : "f");
			col_int(&c[7], (long long)f->levels, false);
			col_int(&c[8], f->ev_line, f->ev_line <= 0);
			col_add(&c[9], f->ev_text);
			col_add(&c[10], f->source == SRC_IMPORT ? "import" : "manual");
		}
		struct pgs_params a = {0};
		pgs_p_int(&a, p->id);
		for (int k = 0; k < 11; k++) {
			buf_putc(&c[k].b, '}');
			pgs_p_text(&a, buf_str(&c[k].b));
		}
		rc = pgs_exec(q,
		              "INSERT INTO fact(profile_id, ord, kind, code, value, count, where_, present, levels,"
		              " ev_line, ev_text, source) SELECT $1::bigint, * FROM unnest($2::integer[], $3::text[],"
		              " $4::text[], $5::text[], $6::integer[], $7::text[], $8::boolean[], $9::integer[],"
		              " $10::integer[], $11::text[], $12::text[])",
		              &a, "saving facts");
		for (int k = 0; k < 11; k++)
			buf_free(&c[k].b);
	}
	return rc;
}

/* The profile columns from $1.. in the order of the UPDATE and INSERT below. */
static void profile_params(struct pgs_params *a, const struct profile *p)
{
	pgs_p_text(a, profile_status_str(p->status));
	pgs_p_text(a, p->format);
	if (p->format_version > 0)
		pgs_p_int(a, p->format_version);
	else
		pgs_p_null(a);
	pgs_p_text(a, p->summary);
	pgs_p_text(a, p->date_mr);
	pgs_p_text(a, p->mr_advice);
	pgs_p_text(a, p->date_set);
	pgs_p_text(a, p->date_published);
	pgs_p_text(a, p->updated_at);
	pgs_p_text(a, p->source_file);
}

static int pg_profile_put(struct store *s, struct profile *p, enum profile_put_mode mode, bool *replaced)
{
	struct pgs *q = PG(s);
	*replaced = false;
	if (!school_year_valid(p->school_year))
		return store_fail(s, "invalid school year '%s'", p->school_year);
	if (pg_begin(s) < 0)
		return -1;
	struct pgs_params k = {0};
	pgs_p_int(&k, p->school_id);
	/* Writers of one school queue here (SQLite's BEGIN IMMEDIATE
	 * serialises all writers); two saves can then not both compute the same
	 * next version. */
	PGresult *res = pgs_query(q, "SELECT id FROM school WHERE id = $1::bigint FOR UPDATE", &k, "locking school");
	if (!res)
		goto fail;
	int have_school = PQntuples(res);
	PQclear(res);
	if (!have_school) {
		store_fail(s, "saving profile: school %lld does not exist", (long long)p->school_id);
		goto fail;
	}
	/* Find the head version to decide between replacing and adding. */
	int64_t existing = 0;
	int head_version = 0;
	bool head_concept = false;
	struct pgs_params k2 = {0};
	pgs_p_int(&k2, p->school_id);
	pgs_p_text(&k2, p->school_year);
	res = pgs_query(q, "SELECT id, version, status FROM profile WHERE school_id = $1::bigint AND school_year = $2::text"
	                   " ORDER BY version DESC LIMIT 1",
	                &k2, "saving profile");
	if (!res)
		goto fail;
	if (PQntuples(res)) {
		existing = pgs_int(res, 0, 0);
		head_version = (int)pgs_int(res, 0, 1);
		head_concept = strcmp(pgs_val(res, 0, 2), "concept") == 0;
	}
	PQclear(res);

	int64_t target = 0; /* row to overwrite, 0 = insert */
	if (p->version > 0) {
		/* An explicit version (passend load): overwrite exactly that one. */
		pgs_p_int(&k2, p->version);
		res = pgs_query(q, "SELECT id FROM profile WHERE school_id = $1::bigint AND school_year = $2::text"
		                   " AND version = $3::integer",
		                &k2, "saving profile");
		if (!res)
			goto fail;
		if (PQntuples(res))
			target = pgs_int(res, 0, 0);
		PQclear(res);
	} else if (mode == PP_REPLACE_DRAFT && existing && head_concept) {
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
	struct pgs_params a = {0};
	profile_params(&a, p);
	if (target) {
		pgs_p_int(&a, target);
		res = pgs_query(q, "UPDATE profile SET status=$1, format=$2, format_version=$3::integer, summary=$4,"
		                   " date_mr=$5, mr_advice=$6, date_set=$7, date_published=$8, updated_at=$9,"
		                   " source_file=$10 WHERE id = $11::bigint RETURNING id",
		                &a, "saving profile");
	} else {
		pgs_p_int(&a, p->school_id);
		pgs_p_text(&a, p->school_year);
		pgs_p_int(&a, p->version);
		res = pgs_query(q, "INSERT INTO profile(status, format, format_version, summary, date_mr, mr_advice,"
		                   " date_set, date_published, updated_at, source_file, school_id, school_year, version)"
		                   " VALUES ($1,$2,$3::integer,$4,$5,$6,$7,$8,$9,$10,$11::bigint,$12,$13::integer)"
		                   " RETURNING id",
		                &a, "saving profile");
	}
	if (!res)
		goto fail;
	p->id = pgs_int(res, 0, 0);
	PQclear(res);
	if (write_children(q, p) < 0 || refresh_flags(q, p->school_id) < 0)
		goto fail;
	return pg_commit(s);
fail:
	pg_rollback(s);
	return -1;
}

#define PROFILE_COLS                                                                                       \
	"id, school_id, school_year, version, status, format, format_version, summary, date_mr, mr_advice,"  \
	" date_set, date_published, updated_at, source_file"

/* Fill out from row 0 of res (which this frees) plus sections and facts. */
static int read_profile(struct pgs *q, PGresult *res, struct profile *out)
{
	profile_init(out);
	out->id = pgs_int(res, 0, 0);
	out->school_id = pgs_int(res, 0, 1);
	snprintf(out->school_year, sizeof out->school_year, "%s", pgs_val(res, 0, 2));
	out->version = (int)pgs_int(res, 0, 3);
	int ps = profile_status_parse(pgs_val(res, 0, 4));
	out->status = ps < 0 ? PS_CONCEPT : (enum profile_status)ps;
	out->format = pgs_str(res, 0, 5);
	out->format_version = (int)pgs_int(res, 0, 6);
	out->summary = pgs_str(res, 0, 7);
	out->date_mr = pgs_str(res, 0, 8);
	out->mr_advice = pgs_str(res, 0, 9);
	out->date_set = pgs_str(res, 0, 10);
	out->date_published = pgs_str(res, 0, 11);
	out->updated_at = pgs_str(res, 0, 12);
	out->source_file = pgs_str(res, 0, 13);
	PQclear(res);

	struct pgs_params p = {0};
	pgs_p_int(&p, out->id);
	PGresult *c = pgs_query(q, "SELECT key, heading, body FROM section WHERE profile_id = $1::bigint ORDER BY ord",
	                        &p, "reading profile");
	if (!c)
		goto fail;
	for (int r = 0; r < PQntuples(c); r++)
		section_list_add(&out->sections, pgs_null(c, r, 0) ? NULL : pgs_val(c, r, 0), pgs_val(c, r, 1),
		                 pgs_val(c, r, 2));
	PQclear(c);
	c = pgs_query(q, "SELECT kind, code, value, count, where_, present, levels, ev_line, ev_text, source"
	                 " FROM fact WHERE profile_id = $1::bigint ORDER BY ord",
	              &p, "reading profile");
	if (!c)
		goto fail;
	int rows = PQntuples(c);
	if (rows) {
		out->facts.cap = (size_t)rows;
		out->facts.v = xrealloc(out->facts.v, out->facts.cap * sizeof *out->facts.v);
	}
	for (int r = 0; r < rows; r++) {
		struct fact *f = &out->facts.v[out->facts.n++];
		fact_init(f);
		int k = fact_kind_parse(pgs_val(c, r, 0));
		f->kind = k < 0 ? FK_NEED : (enum fact_kind)k;
		f->code = pgs_str(c, r, 1);
		f->value = pgs_str(c, r, 2);
		f->count = pgs_null(c, r, 3) ? -1 : (int)pgs_int(c, r, 3);
		int w = pgs_null(c, r, 4) ? -1 : fact_where_parse(pgs_val(c, r, 4));
		f->where = w < 0 ? WHERE_NONE : (enum fact_where)w;
		f->present = pgs_bool(c, r, 5);
		f->levels = (unsigned)pgs_int(c, r, 6);
		f->ev_line = (int)pgs_int(c, r, 7);
		f->ev_text = pgs_str(c, r, 8);
		f->source = strcmp(pgs_val(c, r, 9), "import") == 0 ? SRC_IMPORT : SRC_MANUAL;
	}
	PQclear(c);
	return 1;
fail:
	profile_free(out);
	return -1;
}

static int pg_profile_get(struct store *s, int64_t school_id, const char *year, enum profile_view view,
                          struct profile *out)
{
	struct pgs *q = PG(s);
	struct pgs_params p = {0};
	pgs_p_int(&p, school_id);
	pgs_p_text(&p, year);
	pgs_p_bool(&p, view == PV_PUBLIC);
	PGresult *res = pgs_query(q, "SELECT " PROFILE_COLS " FROM profile WHERE school_id = $1::bigint"
	                             " AND ($2::text IS NULL OR school_year = $2::text)"
	                             " AND CASE WHEN $3::boolean THEN is_public ELSE is_head END"
	                             " ORDER BY school_year COLLATE \"C\" DESC LIMIT 1",
	                          &p, "reading profile");
	if (!res) {
		profile_init(out);
		return -1;
	}
	if (PQntuples(res))
		return read_profile(q, res, out);
	PQclear(res);
	profile_init(out);
	return 0;
}

static int pg_profile_get_id(struct store *s, int64_t id, struct profile *out)
{
	struct pgs *q = PG(s);
	struct pgs_params p = {0};
	pgs_p_int(&p, id);
	PGresult *res = pgs_query(q, "SELECT " PROFILE_COLS " FROM profile WHERE id = $1::bigint", &p, "reading profile");
	if (!res) {
		profile_init(out);
		return -1;
	}
	if (PQntuples(res))
		return read_profile(q, res, out);
	PQclear(res);
	profile_init(out);
	return 0;
}

static int pg_profile_history(struct store *s, int64_t school_id, struct profile_rev **out, size_t *n)
{
	struct pgs *q = PG(s);
	*out = NULL;
	*n = 0;
	struct pgs_params p = {0};
	pgs_p_int(&p, school_id);
	PGresult *res = pgs_query(q, "SELECT id, school_year, version, status, updated_at, is_public FROM profile"
	                             " WHERE school_id = $1::bigint ORDER BY school_year COLLATE \"C\" DESC, version DESC",
	                          &p, "reading history");
	if (!res)
		return -1;
	int rows = PQntuples(res);
	if (rows)
		*out = xcalloc((size_t)rows, sizeof **out);
	for (int i = 0; i < rows; i++) {
		struct profile_rev *r = &(*out)[i];
		r->id = pgs_int(res, i, 0);
		snprintf(r->school_year, sizeof r->school_year, "%s", pgs_val(res, i, 1));
		r->version = (int)pgs_int(res, i, 2);
		int ps = profile_status_parse(pgs_val(res, i, 3));
		r->status = ps < 0 ? PS_CONCEPT : (enum profile_status)ps;
		snprintf(r->updated_at, sizeof r->updated_at, "%s", pgs_val(res, i, 4));
		r->is_public = pgs_bool(res, i, 5);
	}
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}

static int pg_profile_set_status(struct store *s, int64_t id, enum profile_status ps, const char *date,
                                 const char *mr_advice)
{
	struct pgs *q = PG(s);
	if (pg_begin(s) < 0)
		return -1;
	char now[32];
	now_iso(now, sizeof now);
	struct pgs_params p = {0};
	pgs_p_int(&p, id);
	pgs_p_text(&p, profile_status_str(ps));
	pgs_p_text(&p, date);
	pgs_p_text(&p, mr_advice);
	pgs_p_text(&p, now);
	PGresult *res = pgs_query(
	    q,
	    "UPDATE profile SET status = $2::text, updated_at = $5::text,"
	    " date_mr = CASE WHEN $4::text IS NOT NULL THEN $3::text ELSE date_mr END,"
	    " mr_advice = coalesce($4::text, mr_advice),"
	    " date_set = CASE WHEN $2::text = 'vastgesteld' THEN $3::text ELSE date_set END,"
	    " date_published = CASE WHEN $2::text = 'gepubliceerd' THEN $3::text ELSE date_published END"
	    " WHERE id = $1::bigint AND is_head RETURNING school_id",
	    &p, "changing status");
	if (!res)
		goto fail;
	if (!PQntuples(res)) {
		PQclear(res);
		store_fail(s, "profile %lld is not the current version", (long long)id);
		goto fail;
	}
	int64_t school_id = pgs_int(res, 0, 0);
	PQclear(res);
	if (refresh_flags(q, school_id) < 0)
		goto fail;
	return pg_commit(s);
fail:
	pg_rollback(s);
	return -1;
}

static const struct store_ops pg_ops = {
    .name = "postgresql",
    .close = pg_close,
    .schema_version = pg_schema_version,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .clear = pg_clear,
    .swv_put = pg_swv_put,
    .swv_get = pg_swv_get,
    .swv_list = pg_swv_list,
    .board_put = pg_board_put,
    .board_list = pg_board_list,
    .school_put = pg_school_put,
    .school_get = pg_school_get,
    .school_by_brin = pg_school_by_brin,
    .school_by_name = pg_school_by_name,
    .school_list = pg_school_list,
    .profile_put = pg_profile_put,
    .profile_get = pg_profile_get,
    .profile_get_id = pg_profile_get_id,
    .profile_history = pg_profile_history,
    .profile_set_status = pg_profile_set_status,
};
