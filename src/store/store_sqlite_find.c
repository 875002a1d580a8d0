/*
 * store_sqlite_find.c - SQLite implementation of store_find.h, and the
 * FTS5 tokenizer "passend" used by the full-text search (sqlite_002).
 *
 * The tokenizer splits on anything that is not a letter or digit, folds
 * case and strips accents with utf8proc ("Zorgcoördinator" -> "zorgcoordinator")
 * and stems with the Dutch Snowball stemmer (libstemmer), so "kinderen"
 * finds "kind".  The same tokenizer runs on queries, so a query word is
 * stemmed the same way before FTS5 looks it up.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>
#include <utf8proc.h>

#include "core/buf.h"
#include "core/util.h"
#include "store_find.h"
#include "store_sqlite.h"
#include "store_sqlite_find.h"

static struct sq *SQ(struct store *s) { return (struct sq *)s; }

/* ---- the tokenizer ---- */

#define TOK_MAX 64 /* longer "words" (hashes, URLs) are indexed truncated */

struct ptok {
	struct sb_stemmer *stem;
};

static int ptok_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
	(void)ctx;
	(void)argv;
	(void)argc;
	struct ptok *t = calloc(1, sizeof *t);
	if (!t)
		return SQLITE_NOMEM;
	t->stem = sb_stemmer_new("dutch", "UTF_8");
	if (!t->stem) {
		free(t);
		return SQLITE_ERROR;
	}
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

static void ptok_delete(Fts5Tokenizer *p)
{
	struct ptok *t = (struct ptok *)p;
	if (t) {
		sb_stemmer_delete(t->stem);
		free(t);
	}
}

static bool is_word_cp(utf8proc_int32_t cp)
{
	if (cp < 128)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
	utf8proc_category_t c = utf8proc_category(cp);
	return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
	       (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME) ||
	       (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

size_t sq_fts_normalise(const char *w, size_t n, char *out, size_t outlen)
{
	size_t len = 0;
	bool ascii = true;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)w[i] >= 128)
			ascii = false;
	if (ascii) {
		for (size_t i = 0; i < n && len + 1 < outlen; i++) {
			char ch = w[i];
			out[len++] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
		}
	} else {
		utf8proc_uint8_t *m = NULL;
		utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)w, (utf8proc_ssize_t)n, &m,
		                                  UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
		                                      UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);
		if (r > 0) {
			size_t k = (size_t)r;
			/* Never cut a UTF-8 sequence in half. */
			if (k >= outlen) {
				k = outlen - 1;
				while (k > 0 && (m[k] & 0xC0) == 0x80)
					k--;
			}
			memcpy(out, m, k);
			len = k;
		}
		free(m);
	}
	out[len] = '\0';
	return len;
}

static int ptok_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int ntext,
                         int (*emit)(void *, int, const char *, int, int, int))
{
	(void)flags;
	struct ptok *t = (struct ptok *)p;
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)text;
	utf8proc_ssize_t n = ntext, i = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(s + i, n - i, &cp);
		if (k <= 0) { /* invalid byte: a separator */
			i++;
			continue;
		}
		if (!is_word_cp(cp)) {
			i += k;
			continue;
		}
		utf8proc_ssize_t start = i;
		while (i < n) {
			k = utf8proc_iterate(s + i, n - i, &cp);
			if (k <= 0 || !is_word_cp(cp))
				break;
			i += k;
		}
		char norm[TOK_MAX * 4 + 1];
		size_t nl = sq_fts_normalise(text + start, (size_t)(i - start), norm, sizeof norm);
		if (nl == 0)
			continue;
		const sb_symbol *st = sb_stemmer_stem(t->stem, (const sb_symbol *)norm, (int)nl);
		const char *tok = norm;
		int tl = (int)nl;
		if (st) {
			tok = (const char *)st;
			tl = sb_stemmer_length(t->stem);
		}
		if (tl > TOK_MAX)
			tl = TOK_MAX;
		int rc = emit(ctx, 0, tok, tl, (int)start, (int)i);
		if (rc != SQLITE_OK)
			return rc;
	}
	return SQLITE_OK;
}

/* Each connection gets a serial number, readable in SQL as
 * passend_conn_serial(): PRAGMA data_version values of different
 * connections are not comparable, so a cache keyed by them must also know
 * which connection it was built on (a closed connection's memory may be
 * reused by the next one). */
static _Atomic uint64_t conn_serial;

static void fn_conn_serial(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_int64(ctx, (sqlite3_int64)(uintptr_t)sqlite3_user_data(ctx));
}

int sq_fts_register(sqlite3 *db)
{
	uint64_t serial = atomic_fetch_add(&conn_serial, 1) + 1;
	sqlite3_create_function(db, "passend_conn_serial", 0, SQLITE_UTF8 | SQLITE_DIRECTONLY,
	                        (void *)(uintptr_t)serial, fn_conn_serial, NULL, NULL);
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	if (!api || api->iVersion < 2)
		return -1;
	static fts5_tokenizer tok = {ptok_create, ptok_delete, ptok_tokenize};
	return api->xCreateTokenizer(api, "passend", NULL, &tok, NULL) == SQLITE_OK ? 0 : -1;
}

/* ---- data version ---- */

static int64_t sqf_data_version(struct store *s)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, "SELECT passend_conn_serial(), data_version FROM pragma_data_version");
	if (!st)
		return -1;
	int64_t serial = -1, v = -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		serial = sqlite3_column_int64(st, 0);
		v = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (v < 0 || serial <= 0)
		return -1;
	/* data_version only moves for other connections' commits; our own
	 * writes show in total_changes; the serial names the connection.
	 * Packed into 63 bits (20 + 19 + 24): a cache compares the key with the
	 * one it was built with, so only an exact coincidence of all three
	 * after wrapping could go unnoticed. */
	uint64_t key = ((uint64_t)serial & 0xFFFFF) << 43 | ((uint64_t)v & 0x7FFFF) << 24 |
	               ((uint64_t)sqlite3_total_changes64(q->db) & 0xFFFFFF);
	return (int64_t)key;
}

/* ---- live schools and facts ---- */

struct pidx {
	int64_t profile_id;
	size_t school;
};

static int cmp_pidx(const void *a, const void *b)
{
	int64_t x = ((const struct pidx *)a)->profile_id, y = ((const struct pidx *)b)->profile_id;
	return x < y ? -1 : x > y;
}

static void read_fact(sqlite3_stmt *st, int col, bool with_text, struct fact *f)
{
	fact_init(f);
	int k = fact_kind_parse((const char *)sqlite3_column_text(st, col));
	f->kind = k < 0 ? FK_NEED : (enum fact_kind)k;
	f->code = sq_col_str(st, col + 1);
	f->count = sqlite3_column_type(st, col + 2) == SQLITE_NULL ? -1 : sqlite3_column_int(st, col + 2);
	int w = fact_where_parse((const char *)sqlite3_column_text(st, col + 3));
	f->where = w < 0 ? WHERE_NONE : (enum fact_where)w;
	f->present = sqlite3_column_int(st, col + 4) != 0;
	f->levels = (unsigned)sqlite3_column_int(st, col + 5);
	if (with_text) {
		f->value = sq_col_str(st, col + 6);
		f->ev_line = sqlite3_column_int(st, col + 7);
		f->ev_text = sq_col_str(st, col + 8);
	}
}

static int sqf_live(struct store *s, const struct find_live_query *qy, struct find_live *out)
{
	struct sq *q = SQ(s);
	const char *swv = qy ? qy->swv_code : NULL;
	unsigned kinds = qy && qy->kinds ? qy->kinds : ~0u;
	bool with_text = qy && qy->with_text;
	/* Two statements: "?1 IS NULL OR v.code = ?1" would keep SQLite from
	 * starting at the SWV and scan every live profile of the country. */
	sqlite3_stmt *st =
	    swv ? sq_prep(q, "SELECT s.id, s.brin, s.vestiging, s.name, b.code, v.code, s.kind, s.address, s.postcode,"
	                     " s.place, s.denomination, s.website, s.phone, s.email, s.pupils, s.lat, s.lon, b.name, p.id,"
	                     " p.school_year FROM swv v JOIN school s ON s.swv_id = v.id"
	                     " JOIN profile p ON p.school_id = s.id AND p.is_live LEFT JOIN board b ON b.id = s.board_id"
	                     " WHERE v.code = ?1 ORDER BY s.place, s.name, s.brin, s.vestiging")
	        : sq_prep(q, "SELECT s.id, s.brin, s.vestiging, s.name, b.code, v.code, s.kind, s.address, s.postcode,"
	                     " s.place, s.denomination, s.website, s.phone, s.email, s.pupils, s.lat, s.lon, b.name, p.id,"
	                     " p.school_year FROM profile p JOIN school s ON s.id = p.school_id"
	                     " LEFT JOIN board b ON b.id = s.board_id LEFT JOIN swv v ON v.id = s.swv_id"
	                     " WHERE p.is_live ORDER BY s.place, s.name, s.brin, s.vestiging");
	if (!st)
		return -1;
	if (swv)
		sq_bind_text(st, 1, swv);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		XGROW(out->schools, out->nschools, cap, 64);
		struct find_school *fs = &out->schools[out->nschools++];
		memset(fs, 0, sizeof *fs);
		struct school *sc = &fs->school;
		sq_school_row(st, sc);
		fs->board_name = sq_col_str(st, 17);
		fs->profile_id = sqlite3_column_int64(st, 18);
		snprintf(fs->school_year, sizeof fs->school_year, "%s", (const char *)sqlite3_column_text(st, 19));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		find_live_free(out);
		return sq_fail(q, "reading live schools");
	}
	if (out->nschools == 0)
		return 0;
	struct pidx *ix = xmalloc(out->nschools * sizeof *ix);
	for (size_t i = 0; i < out->nschools; i++)
		ix[i] = (struct pidx){out->schools[i].profile_id, i};
	qsort(ix, out->nschools, sizeof *ix, cmp_pidx);

	st = swv ? sq_prep(q, "SELECT f.profile_id, f.kind, f.code, f.count, f.where_, f.present, f.levels, f.value,"
	                      " f.ev_line, f.ev_text FROM swv v JOIN school s ON s.swv_id = v.id"
	                      " JOIN profile p ON p.school_id = s.id AND p.is_live JOIN fact f ON f.profile_id = p.id"
	                      " WHERE v.code = ?1 ORDER BY f.profile_id, f.ord")
	         : sq_prep(q, "SELECT f.profile_id, f.kind, f.code, f.count, f.where_, f.present, f.levels, f.value,"
	                      " f.ev_line, f.ev_text FROM profile p JOIN fact f ON f.profile_id = p.id"
	                      " WHERE p.is_live ORDER BY f.profile_id, f.ord");
	if (!st) {
		free(ix);
		find_live_free(out);
		return -1;
	}
	if (swv)
		sq_bind_text(st, 1, swv);
	cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int k = fact_kind_parse((const char *)sqlite3_column_text(st, 1));
		if (k < 0 || !(kinds & (1u << k)))
			continue;
		struct pidx key = {sqlite3_column_int64(st, 0), 0};
		struct pidx *hit = bsearch(&key, ix, out->nschools, sizeof *ix, cmp_pidx);
		if (!hit)
			continue;
		XGROW(out->facts, out->nfacts, cap, 256);
		struct find_fact *ff = &out->facts[out->nfacts++];
		ff->school = hit->school;
		read_fact(st, 1, with_text, &ff->fact);
	}
	sqlite3_reset(st);
	free(ix);
	if (rc != SQLITE_DONE) {
		find_live_free(out);
		return sq_fail(q, "reading live facts");
	}
	return 0;
}

static int sqf_live_facts(struct store *s, int64_t profile_id, struct fact_list *out)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, "SELECT f.kind, f.code, f.count, f.where_, f.present, f.levels, f.value,"
	                              " f.ev_line, f.ev_text FROM fact f JOIN profile p ON p.id = f.profile_id"
	                              " WHERE p.id = ?1 AND p.is_live ORDER BY f.ord");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, profile_id);
	int rc;
	bool any = false;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		any = true;
		XGROW(out->v, out->n, out->cap, 32);
		read_fact(st, 0, true, &out->v[out->n++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		fact_list_free(out);
		return sq_fail(q, "reading facts");
	}
	return any ? 1 : 0;
}

/* One statement for all profiles, as on PostgreSQL: the ids go as one JSON
 * array (built here from integers), and every list comes from the same
 * read, so a page of results never mixes two states of the data. */
static int sqf_live_facts_many(struct store *s, const int64_t *profile_ids, size_t n, struct fact_list *out,
                               int64_t *data_version)
{
	struct sq *q = SQ(s);
	if (data_version)
		*data_version = -1;
	if (n == 0)
		return 0;
	buf arr = BUF_INIT;
	buf_putc(&arr, '[');
	for (size_t i = 0; i < n; i++)
		buf_printf(&arr, "%s%lld", i ? "," : "", (long long)profile_ids[i]);
	buf_putc(&arr, ']');
	sqlite3_stmt *st = sq_prep(q, "SELECT f.profile_id, f.kind, f.code, f.count, f.where_, f.present, f.levels,"
	                              " f.value, f.ev_line, f.ev_text FROM fact f JOIN profile p ON p.id = f.profile_id"
	                              " WHERE p.id IN (SELECT value FROM json_each(?1)) AND p.is_live"
	                              " ORDER BY f.profile_id, f.ord");
	if (!st) {
		buf_free(&arr);
		return -1;
	}
	sq_bind_text(st, 1, buf_str(&arr));
	/* Rows come grouped by profile id; map each group to the positions
	 * asking for it (sorted index, so repeated ids each get their copy;
	 * pidx.school holds the position in profile_ids here). */
	struct pidx *ix = xmalloc(n * sizeof *ix);
	for (size_t i = 0; i < n; i++)
		ix[i] = (struct pidx){profile_ids[i], i};
	qsort(ix, n, sizeof *ix, cmp_pidx);
	size_t at = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		while (at < n && ix[at].profile_id < id)
			at++;
		for (size_t k = at; k < n && ix[k].profile_id == id; k++) {
			struct fact_list *l = &out[ix[k].school];
			XGROW(l->v, l->n, l->cap, 32);
			read_fact(st, 1, true, &l->v[l->n++]);
		}
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	free(ix);
	buf_free(&arr);
	if (rc != SQLITE_DONE)
		return sq_fail(q, "reading facts");
	/* After the read (see store_find.h): data_version and total_changes
	 * only grow, so the value still being the cached one means the facts
	 * come from the same data as the cache. */
	if (data_version)
		*data_version = sqf_data_version(s);
	return 0;
}

static int sqf_geocode(struct store *s, const char *place, const char *pc4, double *lat, double *lon, int *count)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st;
	if (pc4) {
		st = sq_prep(q, "SELECT avg(lat), avg(lon), count(*) FROM school WHERE"
		                " substr(replace(postcode, ' ', ''), 1, 4) = ?1 AND lat IS NOT NULL AND lon IS NOT NULL");
		if (!st)
			return -1;
		sq_bind_text(st, 1, pc4);
	} else {
		st = sq_prep(q, "SELECT avg(lat), avg(lon), count(*) FROM school WHERE place = ?1 COLLATE NOCASE"
		                " AND lat IS NOT NULL AND lon IS NOT NULL");
		if (!st)
			return -1;
		sq_bind_text(st, 1, place);
	}
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return sq_fail(q, "geocoding");
	}
	*count = sqlite3_column_int(st, 2);
	if (*count > 0) {
		*lat = sqlite3_column_double(st, 0);
		*lon = sqlite3_column_double(st, 1);
	}
	sqlite3_reset(st);
	return *count > 0;
}

static void copy_col(sqlite3_stmt *st, int i, char *dst, size_t n)
{
	const char *v = (const char *)sqlite3_column_text(st, i);
	snprintf(dst, n, "%s", v ? v : "");
}

static int sqf_status(struct store *s, const char *swv_code, struct find_status **out, size_t *n)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(
	    q, "SELECT s.id, s.brin, s.vestiging, s.name, s.place, b.code, b.name,"
	       " (SELECT p.school_year FROM profile p WHERE p.school_id = s.id AND p.is_head"
	       "   ORDER BY p.school_year DESC LIMIT 1),"
	       " (SELECT p.status FROM profile p WHERE p.school_id = s.id AND p.is_head"
	       "   ORDER BY p.school_year DESC LIMIT 1),"
	       " (SELECT max(p.school_year) FROM profile p WHERE p.school_id = s.id AND p.is_public)"
	       " FROM school s JOIN swv v ON v.id = s.swv_id LEFT JOIN board b ON b.id = s.board_id"
	       " WHERE v.code = ?1 ORDER BY s.place, s.name");
	if (!st)
		return -1;
	sq_bind_text(st, 1, swv_code);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		XGROW(*out, *n, cap, 32);
		struct find_status *r = &(*out)[(*n)++];
		memset(r, 0, sizeof *r);
		r->school_id = sqlite3_column_int64(st, 0);
		snprintf(r->key, sizeof r->key, "%.4s%.2s", (const char *)sqlite3_column_text(st, 1),
		         (const char *)sqlite3_column_text(st, 2));
		r->name = sq_col_str(st, 3);
		r->place = sq_col_str(st, 4);
		r->board_code = sq_col_str(st, 5);
		r->board_name = sq_col_str(st, 6);
		copy_col(st, 7, r->head_year, sizeof r->head_year);
		int ps = profile_status_parse((const char *)sqlite3_column_text(st, 8));
		r->head_status = ps < 0 ? PS_CONCEPT : (enum profile_status)ps;
		copy_col(st, 9, r->public_year, sizeof r->public_year);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		find_status_free(*out, *n);
		*out = NULL;
		*n = 0;
		return sq_fail(q, "reading profile status");
	}
	return 0;
}

/* The FTS5 expression for the terms: each one quoted (a quote inside is
 * doubled, although find_query_parse never lets one through) and marked as
 * a prefix, joined by spaces (implicit AND). */
void sq_fts_expr(const char *const *terms, size_t n, buf *out)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(out, ' ');
		buf_putc(out, '"');
		for (const char *p = terms[i]; *p; p++) {
			if (*p == '"')
				buf_putc(out, '"');
			buf_putc(out, *p);
		}
		buf_puts(out, "\"*");
	}
}

static int sqf_search(struct store *s, const char *const *terms, size_t nterms, size_t max, struct find_hit **out,
                      size_t *n)
{
	struct sq *q = SQ(s);
	buf expr = BUF_INIT;
	sq_fts_expr(terms, nterms, &expr);
	/* "ORDER BY rank LIMIT n" inside the subquery lets FTS5 keep only the
	 * best n rows while it scans (rank = BM25, headings weigh 4x). */
	sqlite3_stmt *st = sq_prep(q, "SELECT p.school_id, p.id, f.rowid % 4096, f.rank FROM"
	                              " (SELECT rowid, rank FROM section_fts WHERE section_fts MATCH ?1"
	                              "  AND rank MATCH 'bm25(4.0, 1.0)' ORDER BY rank LIMIT ?2) f"
	                              " JOIN profile p ON p.id = f.rowid / 4096 WHERE p.is_live ORDER BY f.rank");
	if (!st) {
		buf_free(&expr);
		return -1;
	}
	sq_bind_text(st, 1, buf_str(&expr));
	sqlite3_bind_int64(st, 2, (sqlite3_int64)max);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		XGROW(*out, *n, cap, 32);
		struct find_hit *h = &(*out)[(*n)++];
		h->school_id = sqlite3_column_int64(st, 0);
		h->profile_id = sqlite3_column_int64(st, 1);
		h->ord = sqlite3_column_int(st, 2);
		h->heading = NULL;
		h->snippet = NULL;
		h->rank = sqlite3_column_double(st, 3);
	}
	sqlite3_reset(st);
	buf_free(&expr);
	if (rc != SQLITE_DONE) {
		find_hits_free(*out, *n);
		*out = NULL;
		*n = 0;
		return sq_fail(q, "searching");
	}
	return 0;
}

/* ---- snippets ----
 * Built in C from the section text with the same tokenizer, instead of
 * FTS5's snippet(): that re-runs the whole MATCH for every shown hit, which
 * costs milliseconds per hit for common prefixes. */

#define SNIP_TOKENS 28

struct span {
	int start, end;
	bool hit;
};

struct spans {
	struct span *v;
	size_t n, cap;
	const char (*stems)[TOK_MAX + 1];
	size_t nstems;
};

static int collect_span(void *ctx, int tflags, const char *tok, int ntok, int start, int end)
{
	(void)tflags;
	struct spans *sp = ctx;
	XGROW(sp->v, sp->n, sp->cap, 64);
	bool hit = false;
	for (size_t i = 0; i < sp->nstems && !hit; i++) {
		size_t sl = strlen(sp->stems[i]);
		hit = sl > 0 && (size_t)ntok >= sl && memcmp(tok, sp->stems[i], sl) == 0; /* prefix, like "term"* */
	}
	sp->v[sp->n++] = (struct span){start, end, hit};
	return SQLITE_OK;
}

static int collect_stem(void *ctx, int tflags, const char *tok, int ntok, int start, int end)
{
	(void)tflags;
	(void)start;
	(void)end;
	char *out = ctx;
	if (!out[0])
		snprintf(out, TOK_MAX + 1, "%.*s", ntok, tok);
	return SQLITE_OK;
}

/* Append text[from, to) with matches marked \x01 ... \x02. */
static void mark_range(buf *b, const char *text, const struct spans *sp, size_t t0, size_t t1, int from, int to)
{
	int pos = from;
	for (size_t i = t0; i < t1; i++) {
		if (!sp->v[i].hit)
			continue;
		buf_append(b, text + pos, (size_t)(sp->v[i].start - pos));
		buf_putc(b, '\x01');
		buf_append(b, text + sp->v[i].start, (size_t)(sp->v[i].end - sp->v[i].start));
		buf_putc(b, '\x02');
		pos = sp->v[i].end;
	}
	buf_append(b, text + pos, (size_t)(to - pos));
}

static char *highlight(Fts5Tokenizer *tk, const char *text, const char (*stems)[TOK_MAX + 1], size_t nstems,
                       bool whole)
{
	struct spans sp = {.stems = stems, .nstems = nstems};
	int n = (int)strlen(text);
	ptok_tokenize(tk, &sp, 0, text, n, collect_span);
	buf b = BUF_INIT;
	if (whole || sp.n <= SNIP_TOKENS) {
		mark_range(&b, text, &sp, 0, sp.n, 0, n);
	} else {
		/* The window of SNIP_TOKENS tokens with the most matches (first wins). */
		size_t best = 0;
		int cnt = 0, best_cnt = -1;
		for (size_t i = 0; i < sp.n; i++) {
			cnt += sp.v[i].hit;
			if (i >= SNIP_TOKENS)
				cnt -= sp.v[i - SNIP_TOKENS].hit;
			if (i + 1 >= SNIP_TOKENS && cnt > best_cnt) {
				best_cnt = cnt;
				best = i + 1 - SNIP_TOKENS;
			}
		}
		/* Start a little before the first match in the window. */
		size_t first = best;
		while (first < best + SNIP_TOKENS && !sp.v[first].hit)
			first++;
		size_t t0 = first >= best + 3 ? first - 3 : best, t1 = t0 + SNIP_TOKENS;
		if (t1 > sp.n) {
			t1 = sp.n;
			t0 = t1 - SNIP_TOKENS;
		}
		if (t0 > 0)
			buf_puts(&b, "…");
		mark_range(&b, text, &sp, t0, t1, sp.v[t0].start, sp.v[t1 - 1].end);
		if (t1 < sp.n)
			buf_puts(&b, "…");
	}
	free(sp.v);
	return buf_detach(&b);
}

char *sq_fts_highlight(const char *text, const char *const *terms, size_t nterms, bool whole)
{
	Fts5Tokenizer *tk = NULL;
	if (ptok_create(NULL, NULL, 0, &tk) != SQLITE_OK)
		return NULL;
	char(*stems)[TOK_MAX + 1] = xcalloc(nterms ? nterms : 1, sizeof *stems);
	for (size_t i = 0; i < nterms; i++)
		ptok_tokenize(tk, stems[i], FTS5_TOKENIZE_QUERY, terms[i], (int)strlen(terms[i]), collect_stem);
	char *out = highlight(tk, text, (const char(*)[TOK_MAX + 1])stems, nterms, whole);
	free(stems);
	ptok_delete(tk);
	return out;
}

static int sqf_hit_text(struct store *s, const char *const *terms, size_t nterms, struct find_hit *h)
{
	struct sq *q = SQ(s);
	sqlite3_stmt *st = sq_prep(q, "SELECT heading, body FROM section WHERE profile_id = ?1 AND ord = ?2");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, h->profile_id);
	sqlite3_bind_int(st, 2, h->ord);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? 0 : sq_fail(q, "reading a search hit");
	}
	const char *heading = (const char *)sqlite3_column_text(st, 0);
	const char *body = (const char *)sqlite3_column_text(st, 1);
	h->heading = sq_fts_highlight(heading ? heading : "", terms, nterms, true);
	h->snippet = sq_fts_highlight(body ? body : "", terms, nterms, false);
	bool ok = h->heading && h->snippet;
	sqlite3_reset(st);
	return ok ? 0 : store_fail(s, "no Dutch stemmer");
}

const struct store_find_ops sqlite_find_ops = {
    .hit_text = sqf_hit_text,
    .data_version = sqf_data_version,
    .live = sqf_live,
    .live_facts = sqf_live_facts,
    .live_facts_many = sqf_live_facts_many,
    .geocode = sqf_geocode,
    .status = sqf_status,
    .search = sqf_search,
};
