/*
 * store_pg_find.c - PostgreSQL implementation of store_find.h (finder,
 * overview, full-text search), the counterpart of store_sqlite_find.c.
 * Schema: pg_002_search.sql.
 *
 * Search semantics as on SQLite: every term must match; a term matches a
 * word it is a prefix of after accent folding and Dutch stemming (tsquery
 * 'stem':* in the dutch_unaccent configuration).  In addition a term of 5
 * or more letters matches inside a compound word ("begeleiding" finds
 * "dyslexiebegeleiding") through the trigram-indexed folded text; such
 * hits rank after sections where every term matched as a word.  The index
 * (section_search) holds live profiles only, like SQLite's section_fts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/util.h"
#include "store_find.h"
#include "store_pg.h"

static struct pgs *PG(struct store *s) { return (struct pgs *)s; }

static int64_t pgf_data_version(struct store *s)
{
	PGresult *res = pgs_query(PG(s), "SELECT v FROM data_version", NULL, "reading the data version");
	if (!res)
		return -1;
	int64_t v = PQntuples(res) ? pgs_int(res, 0, 0) : -1;
	PQclear(res);
	return v;
}

static void read_fact(const PGresult *res, int r, int col, bool with_text, struct fact *f)
{
	fact_init(f);
	int k = fact_kind_parse(pgs_val(res, r, col));
	f->kind = k < 0 ? FK_NEED : (enum fact_kind)k;
	f->code = pgs_str(res, r, col + 1);
	f->count = pgs_null(res, r, col + 2) ? -1 : (int)pgs_int(res, r, col + 2);
	int w = pgs_null(res, r, col + 3) ? -1 : fact_where_parse(pgs_val(res, r, col + 3));
	f->where = w < 0 ? WHERE_NONE : (enum fact_where)w;
	f->present = pgs_bool(res, r, col + 4);
	f->levels = (unsigned)pgs_int(res, r, col + 5);
	if (with_text) {
		f->value = pgs_str(res, r, col + 6);
		f->ev_line = (int)pgs_int(res, r, col + 7);
		f->ev_text = pgs_str(res, r, col + 8);
	}
}

struct pidx {
	int64_t profile_id;
	size_t school;
};

static int cmp_pidx(const void *a, const void *b)
{
	int64_t x = ((const struct pidx *)a)->profile_id, y = ((const struct pidx *)b)->profile_id;
	return x < y ? -1 : x > y;
}

static int pgf_live(struct store *s, const struct find_live_query *qy, struct find_live *out)
{
	struct pgs *q = PG(s);
	const char *swv = qy ? qy->swv_code : NULL;
	unsigned kinds = qy && qy->kinds ? qy->kinds : ~0u;
	bool with_text = qy && qy->with_text;
	struct pgs_params p = {0};
	pgs_p_text(&p, swv);
	/* Two statements, as on SQLite: with the SWV known the planner starts
	 * there instead of at every live profile of the country. */
	PGresult *res =
	    swv ? pgs_query(q,
	                    "SELECT s.id, s.brin, s.vestiging, s.name, b.code, v.code, s.kind, s.address, s.postcode,"
	                    " s.place, s.denomination, s.website, s.phone, s.email, s.pupils, s.lat, s.lon, b.name, p.id,"
	                    " p.school_year FROM swv v JOIN school s ON s.swv_id = v.id"
	                    " JOIN profile p ON p.school_id = s.id AND p.is_live LEFT JOIN board b ON b.id = s.board_id"
	                    " WHERE v.code = $1::text ORDER BY s.place COLLATE \"C\" NULLS FIRST, s.name COLLATE \"C\","
	                    " s.brin COLLATE \"C\", s.vestiging COLLATE \"C\"",
	                    &p, "reading live schools")
	        : pgs_query(q,
	                    "SELECT s.id, s.brin, s.vestiging, s.name, b.code, v.code, s.kind, s.address, s.postcode,"
	                    " s.place, s.denomination, s.website, s.phone, s.email, s.pupils, s.lat, s.lon, b.name, p.id,"
	                    " p.school_year FROM profile p JOIN school s ON s.id = p.school_id"
	                    " LEFT JOIN board b ON b.id = s.board_id LEFT JOIN swv v ON v.id = s.swv_id"
	                    " WHERE p.is_live ORDER BY s.place COLLATE \"C\" NULLS FIRST, s.name COLLATE \"C\","
	                    " s.brin COLLATE \"C\", s.vestiging COLLATE \"C\"",
	                    NULL, "reading live schools");
	if (!res)
		return -1;
	int rows = PQntuples(res);
	if (rows)
		out->schools = xcalloc((size_t)rows, sizeof *out->schools);
	for (int r = 0; r < rows; r++) {
		struct find_school *fs = &out->schools[out->nschools++];
		struct school *sc = &fs->school;
		pgs_school_row(res, r, sc);
		fs->board_name = pgs_str(res, r, 17);
		fs->profile_id = pgs_int(res, r, 18);
		snprintf(fs->school_year, sizeof fs->school_year, "%s", pgs_val(res, r, 19));
	}
	PQclear(res);
	if (out->nschools == 0)
		return 0;
	struct pidx *ix = xmalloc(out->nschools * sizeof *ix);
	for (size_t i = 0; i < out->nschools; i++)
		ix[i] = (struct pidx){out->schools[i].profile_id, i};
	qsort(ix, out->nschools, sizeof *ix, cmp_pidx);

	res = swv ? pgs_query(q,
	                      "SELECT f.profile_id, f.kind, f.code, f.count, f.where_, f.present, f.levels, f.value,"
	                      " f.ev_line, f.ev_text FROM swv v JOIN school s ON s.swv_id = v.id"
	                      " JOIN profile p ON p.school_id = s.id AND p.is_live JOIN fact f ON f.profile_id = p.id"
	                      " WHERE v.code = $1::text ORDER BY f.profile_id, f.ord",
	                      &p, "reading live facts")
	          : pgs_query(q,
	                      "SELECT f.profile_id, f.kind, f.code, f.count, f.where_, f.present, f.levels, f.value,"
	                      " f.ev_line, f.ev_text FROM profile p JOIN fact f ON f.profile_id = p.id"
	                      " WHERE p.is_live ORDER BY f.profile_id, f.ord",
	                      NULL, "reading live facts");
	if (!res) {
		free(ix);
		find_live_free(out);
		return -1;
	}
	rows = PQntuples(res);
	size_t cap = 0;
	for (int r = 0; r < rows; r++) {
		int k = fact_kind_parse(pgs_val(res, r, 1));
		if (k < 0 || !(kinds & (1u << k)))
			continue;
		struct pidx key = {pgs_int(res, r, 0), 0};
		struct pidx *hit = bsearch(&key, ix, out->nschools, sizeof *ix, cmp_pidx);
		if (!hit)
			continue;
		XGROW(out->facts, out->nfacts, cap, 256);
		struct find_fact *ff = &out->facts[out->nfacts++];
		ff->school = hit->school;
		read_fact(res, r, 1, with_text, &ff->fact);
	}
	PQclear(res);
	free(ix);
	return 0;
}

static void fact_list_push(struct fact_list *l, const PGresult *res, int r, int col)
{
	XGROW(l->v, l->n, l->cap, 32);
	read_fact(res, r, col, true, &l->v[l->n++]);
}

static int pgf_live_facts(struct store *s, int64_t profile_id, struct fact_list *out)
{
	struct pgs_params p = {0};
	pgs_p_int(&p, profile_id);
	PGresult *res = pgs_query(PG(s),
	                          "SELECT f.kind, f.code, f.count, f.where_, f.present, f.levels, f.value,"
	                          " f.ev_line, f.ev_text FROM fact f JOIN profile p ON p.id = f.profile_id"
	                          " WHERE p.id = $1::bigint AND p.is_live ORDER BY f.ord",
	                          &p, "reading facts");
	if (!res)
		return -1;
	int rows = PQntuples(res);
	for (int r = 0; r < rows; r++)
		fact_list_push(out, res, r, 0);
	PQclear(res);
	return rows > 0 ? 1 : 0;
}

/* One statement for all profiles: the finder asks for the facts of every
 * result on a page, and a round trip costs more than the query itself.
 * The ids as a semi-join from unnest() rather than "p.id = ANY($1)": the
 * statement is prepared, and the generic plan PostgreSQL switches to
 * after five runs estimated ANY() over an unknown array as a large share
 * of profile and scanned all of fact (45 ms nationally instead of 0.1);
 * unnest() is estimated at a few rows, so it stays on the primary keys.
 * The ids go as one bigint[] parameter in array-literal syntax (digits and
 * '-' only, built here from integers). */
static int pgf_live_facts_many(struct store *s, const int64_t *profile_ids, size_t n, struct fact_list *out,
                               int64_t *data_version)
{
	if (data_version)
		*data_version = -1;
	if (n == 0)
		return 0;
	buf arr = BUF_INIT;
	buf_putc(&arr, '{');
	for (size_t i = 0; i < n; i++)
		buf_printf(&arr, "%s%lld", i ? "," : "", (long long)profile_ids[i]);
	buf_putc(&arr, '}');
	struct pgs_params p = {0};
	pgs_p_text(&p, buf_str(&arr));
	PGresult *res = pgs_query(PG(s),
	                          "SELECT f.profile_id, f.kind, f.code, f.count, f.where_, f.present, f.levels, f.value,"
	                          " f.ev_line, f.ev_text, (SELECT v FROM data_version)"
	                          " FROM fact f JOIN profile p ON p.id = f.profile_id"
	                          " WHERE p.id IN (SELECT unnest($1::bigint[])) AND p.is_live"
	                          " ORDER BY f.profile_id, f.ord",
	                          &p, "reading facts");
	buf_free(&arr);
	if (!res)
		return -1;
	/* Rows come grouped by profile id; map each group to the positions
	 * asking for it (sorted index, so repeated ids each get their copy;
	 * pidx.school holds the position in profile_ids here). */
	struct pidx *ix = xmalloc(n * sizeof *ix);
	for (size_t i = 0; i < n; i++)
		ix[i] = (struct pidx){profile_ids[i], i};
	qsort(ix, n, sizeof *ix, cmp_pidx);
	int rows = PQntuples(res);
	/* The data version of this statement's snapshot (an uncorrelated
	 * subquery: evaluated once); unknown without rows. */
	if (data_version && rows > 0 && !pgs_null(res, 0, 10))
		*data_version = pgs_int(res, 0, 10);
	size_t at = 0; /* first index entry of the current group's id */
	for (int r = 0; r < rows; r++) {
		int64_t id = pgs_int(res, r, 0);
		while (at < n && ix[at].profile_id < id)
			at++;
		for (size_t k = at; k < n && ix[k].profile_id == id; k++)
			fact_list_push(&out[ix[k].school], res, r, 1);
	}
	free(ix);
	PQclear(res);
	return 0;
}

static int pgf_geocode(struct store *s, const char *place, const char *pc4, double *lat, double *lon, int *count)
{
	struct pgs *q = PG(s);
	struct pgs_params p = {0};
	PGresult *res;
	if (pc4) {
		pgs_p_text(&p, pc4);
		res = pgs_query(q, "SELECT avg(lat), avg(lon), count(*) FROM school WHERE"
		                   " substr(replace(postcode, ' ', ''), 1, 4) = $1::text AND lat IS NOT NULL"
		                   " AND lon IS NOT NULL",
		                &p, "geocoding");
	} else {
		pgs_p_text(&p, place);
		res = pgs_query(q, "SELECT avg(lat), avg(lon), count(*) FROM school WHERE lower(place) = lower($1::text)"
		                   " AND lat IS NOT NULL AND lon IS NOT NULL",
		                &p, "geocoding");
	}
	if (!res)
		return -1;
	*count = (int)pgs_int(res, 0, 2);
	if (*count > 0) {
		*lat = pgs_double(res, 0, 0);
		*lon = pgs_double(res, 0, 1);
	}
	PQclear(res);
	return *count > 0;
}

static int pgf_status(struct store *s, const char *swv_code, struct find_status **out, size_t *n)
{
	struct pgs_params p = {0};
	pgs_p_text(&p, swv_code);
	PGresult *res = pgs_query(
	    PG(s),
	    "SELECT s.id, s.brin, s.vestiging, s.name, s.place, b.code, b.name, h.school_year, h.status,"
	    " (SELECT max(p.school_year COLLATE \"C\") FROM profile p WHERE p.school_id = s.id AND p.is_public)"
	    " FROM school s JOIN swv v ON v.id = s.swv_id LEFT JOIN board b ON b.id = s.board_id"
	    " LEFT JOIN LATERAL (SELECT p.school_year, p.status FROM profile p WHERE p.school_id = s.id AND p.is_head"
	    "   ORDER BY p.school_year COLLATE \"C\" DESC LIMIT 1) h ON true"
	    " WHERE v.code = $1::text ORDER BY s.place COLLATE \"C\" NULLS FIRST, s.name COLLATE \"C\", s.id",
	    &p, "reading profile status");
	if (!res)
		return -1;
	int rows = PQntuples(res);
	if (rows)
		*out = xcalloc((size_t)rows, sizeof **out);
	for (int i = 0; i < rows; i++) {
		struct find_status *r = &(*out)[i];
		r->school_id = pgs_int(res, i, 0);
		snprintf(r->key, sizeof r->key, "%.4s%.2s", pgs_val(res, i, 1), pgs_val(res, i, 2));
		r->name = pgs_str(res, i, 3);
		r->place = pgs_str(res, i, 4);
		r->board_code = pgs_str(res, i, 5);
		r->board_name = pgs_str(res, i, 6);
		snprintf(r->head_year, sizeof r->head_year, "%s", pgs_val(res, i, 7));
		int ps = pgs_null(res, i, 8) ? -1 : profile_status_parse(pgs_val(res, i, 8));
		r->head_status = ps < 0 ? PS_CONCEPT : (enum profile_status)ps;
		snprintf(r->public_year, sizeof r->public_year, "%s", pgs_val(res, i, 9));
	}
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}

/* A term may only hold letters and digits (find_query_parse guarantees it);
 * anything else would be tsquery or LIKE syntax, so such terms are refused
 * rather than trusted. */
static bool term_ok(const char *t)
{
	if (!*t || strlen(t) > 200)
		return false;
	for (const unsigned char *p = (const unsigned char *)t; *p; p++)
		if (*p < 0x80 && !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			return false;
	return true;
}

/* SQLite's snippet() marks a cut with "…" at either end; ts_headline does
 * not, so add them where the excerpt does not reach the body's edges. */
static char *with_ellipses(const char *snip, const char *body)
{
	buf plain = BUF_INIT;
	for (const char *p = snip; *p; p++)
		if (*p != '\x01' && *p != '\x02')
			buf_putc(&plain, *p);
	const char *at = plain.len ? strstr(body, buf_str(&plain)) : NULL;
	buf out = BUF_INIT;
	if (at) {
		if (at > body)
			buf_puts(&out, "…");
		buf_puts(&out, snip);
		if (at[plain.len])
			buf_puts(&out, "…");
	} else {
		buf_puts(&out, snip);
	}
	buf_free(&plain);
	return buf_detach(&out);
}

/* The terms as one text[] parameter in array-literal syntax; -1 (message
 * set) when a term is not a plain word. */
static int terms_array(struct store *s, const char *const *terms, size_t nterms, buf *arr)
{
	buf_putc(arr, '{');
	for (size_t i = 0; i < nterms; i++) {
		if (!term_ok(terms[i]))
			return store_fail(s, "searching: a search term may only contain letters and digits");
		if (i)
			buf_putc(arr, ',');
		buf_putc(arr, '"');
		buf_puts(arr, terms[i]);
		buf_putc(arr, '"');
	}
	buf_putc(arr, '}');
	return 0;
}

/* Hits only (ids and rank); headings and snippets are made for the hits
 * shown, by pgf_hit_text, as on SQLite. */
static int pgf_search(struct store *s, const char *const *terms, size_t nterms, size_t max, struct find_hit **out,
                      size_t *n)
{
	struct pgs *q = PG(s);
	if (nterms == 0 || max == 0)
		return 0;
	buf arr = BUF_INIT;
	if (terms_array(s, terms, nterms, &arr) < 0) {
		buf_free(&arr);
		return -1;
	}
	struct pgs_params p = {0};
	pgs_p_text(&p, buf_str(&arr));
	pgs_p_int(&p, (long long)max);
	PGresult *res = pgs_query(
	    q,
	    "WITH t AS (SELECT to_tsquery('dutch_unaccent', quote_literal(u.term) || ':*') AS tq,"
	    "   passend_fold(u.term) AS ft FROM unnest($1::text[]) AS u(term)),"
	    " a AS (SELECT passend_tsq_and(tq) AS tq FROM t),"
	    " f AS (SELECT to_tsquery('dutch_unaccent', quote_literal(($1::text[])[1]) || ':*') AS tq,"
	    "   '%' || passend_fold(($1::text[])[1]) || '%' AS pat, length(($1::text[])[1]) >= 5 AS compound)"
	    " SELECT p.school_id, p.id, x.ord,"
	    "  -(ts_rank(x.tsv, a.tq) + CASE WHEN x.tsv @@ a.tq THEN 1 ELSE 0 END) AS r"
	    " FROM section_search x JOIN profile p ON p.id = x.profile_id CROSS JOIN a CROSS JOIN f"
	    " WHERE p.is_live AND (x.tsv @@ f.tq OR (f.compound AND x.folded LIKE f.pat))"
	    "  AND NOT EXISTS (SELECT 1 FROM t WHERE NOT (x.tsv @@ t.tq"
	    "   OR (length(t.ft) >= 5 AND x.folded LIKE '%' || t.ft || '%')))"
	    " ORDER BY r, p.id, x.ord LIMIT $2::bigint",
	    &p, "searching");
	buf_free(&arr);
	if (!res)
		return -1;
	int rows = PQntuples(res);
	if (rows)
		*out = xcalloc((size_t)rows, sizeof **out);
	for (int i = 0; i < rows; i++) {
		struct find_hit *h = &(*out)[i];
		h->school_id = pgs_int(res, i, 0);
		h->profile_id = pgs_int(res, i, 1);
		h->ord = (int)pgs_int(res, i, 2);
		h->rank = pgs_double(res, i, 3);
	}
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}

/* Heading with every match marked, and a body excerpt around the matches
 * (ts_headline), "…" where the excerpt is cut. */
static int pgf_hit_text(struct store *s, const char *const *terms, size_t nterms, struct find_hit *h)
{
	if (nterms == 0)
		return 0;
	buf arr = BUF_INIT;
	if (terms_array(s, terms, nterms, &arr) < 0) {
		buf_free(&arr);
		return -1;
	}
	struct pgs_params p = {0};
	pgs_p_text(&p, buf_str(&arr));
	pgs_p_int(&p, h->profile_id);
	pgs_p_int(&p, h->ord);
	pgs_p_text(&p, "StartSel=\x01, StopSel=\x02, HighlightAll=true");
	pgs_p_text(&p, "StartSel=\x01, StopSel=\x02, MaxWords=28, MinWords=12");
	PGresult *res = pgs_query(
	    PG(s),
	    "WITH a AS (SELECT passend_tsq_and(to_tsquery('dutch_unaccent', quote_literal(u.term) || ':*')) AS tq"
	    "   FROM unnest($1::text[]) AS u(term))"
	    " SELECT ts_headline('dutch_unaccent', s.heading, a.tq, $4::text),"
	    "  ts_headline('dutch_unaccent', s.body, a.tq, $5::text), s.body"
	    " FROM section s CROSS JOIN a WHERE s.profile_id = $2::bigint AND s.ord = $3::integer",
	    &p, "reading a search hit");
	buf_free(&arr);
	if (!res)
		return -1;
	if (PQntuples(res)) {
		h->heading = pgs_str(res, 0, 0);
		h->snippet = with_ellipses(pgs_val(res, 0, 1), pgs_val(res, 0, 2));
	}
	PQclear(res);
	return 0;
}

const struct store_find_ops pg_find_ops = {
    .data_version = pgf_data_version,
    .live = pgf_live,
    .live_facts = pgf_live_facts,
    .live_facts_many = pgf_live_facts_many,
    .geocode = pgf_geocode,
    .status = pgf_status,
    .search = pgf_search,
    .hit_text = pgf_hit_text,
};
