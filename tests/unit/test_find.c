/*
 * test_find.c - finder, overview, comparison, search and exports
 * (src/web/find*.c, src/store/store_sqlite_find.c): pure helpers (limit
 * table, school year, distance, query parser, FTS expression, snippets,
 * CSV) and end-to-end checks on the example data in a temporary SQLite
 * database, including that draft content never leaks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/model.h"
#include "core/taxonomy.h"
#include "core/util.h"
#include "store/store.h"
#include "store/store_file.h"
#include "store/store_find.h"
#include "store/store_sqlite_find.h"
#include "web/find.h"
#include "web/web.h"

/* NOW_LATE (2027-11-23 12:00 UTC) is in school year 2027/2028, when every example
 * profile (newest published 2026/2027) is out of date; NOW_CUR is in 2026/2027. */
#define NOW_LATE ((time_t)1826971200)
#define NOW_2026 ((time_t)1795435200)
#define NOW_2025 ((time_t)1763899200)
#define NOW_CUR NOW_2026

/* ---- pure helpers ---- */

static void test_limit_table(void **state)
{
	(void)state;
	find_mask n, f;
	assert_true(find_limit_touches("gedrag_extern", &n, &f));
	const char *touch[] = {"gedrag", "adhd", "psychiatrisch"};
	for (int i = 0; i < 3; i++) {
		const struct tax_entry *t = tax_find(FK_NEED, touch[i]);
		assert_non_null(t);
		assert_true(n & ((find_mask)1 << t->index));
	}
	assert_false(n & ((find_mask)1 << tax_find(FK_NEED, "lezen_dyslexie")->index));
	assert_int_equal(f, 0);
	find_limit_touches("toegankelijkheid", &n, &f);
	assert_true(f & ((find_mask)1 << tax_find(FK_FACILITY, "lift")->index));
	assert_true(n & ((find_mask)1 << tax_find(FK_NEED, "motorisch")->index));
	find_limit_touches("verzorging", &n, &f);
	assert_true(n & ((find_mask)1 << tax_find(FK_NEED, "chronisch_ziek")->index));
	find_limit_touches("leerbaarheid", &n, &f);
	assert_true(n & ((find_mask)1 << tax_find(FK_NEED, "laagbegaafd")->index));
	find_limit_touches("no_such_limit", &n, &f);
	assert_int_equal(n | f, 0);

	/* The parser refuses codes the taxonomy does not know. */
	find_mask nv[64], fv[64];
	char err[200];
	assert_int_equal(find_limit_table_parse("gedrag_extern\tneed\tgedrag\n# c\n\n", nv, fv, 64, err, sizeof err), 1);
	assert_int_equal(find_limit_table_parse("gedrag_extern\tneed\tnope\n", nv, fv, 64, err, sizeof err), -1);
	assert_non_null(strstr(err, "nope"));
	assert_int_equal(find_limit_table_parse("bogus\tneed\tgedrag\n", nv, fv, 64, err, sizeof err), -1);
	assert_int_equal(find_limit_table_parse("gedrag_extern\tlimit\tgedrag\n", nv, fv, 64, err, sizeof err), -1);
	assert_int_equal(find_limit_table_parse("gedrag_extern gedrag\n", nv, fv, 64, err, sizeof err), -1);
}

static void test_school_year(void **state)
{
	(void)state;
	char y[10];
	find_school_year((time_t)1785542399, y, sizeof y); /* 2026-07-31 23:59:59 UTC */
	assert_string_equal(y, "2025/2026");
	find_school_year((time_t)1785542400, y, sizeof y); /* 2026-08-01 00:00 UTC */
	assert_string_equal(y, "2026/2027");
	find_school_year(NOW_2026, y, sizeof y);
	assert_string_equal(y, "2026/2027");
	find_school_year(NOW_2025, y, sizeof y);
	assert_string_equal(y, "2025/2026");
}

static void test_distance(void **state)
{
	(void)state;
	assert_true(find_distance_km(51.37, 5.22, 51.37, 5.22) < 1e-9);
	/* Amsterdam - Eindhoven is about 107 km. */
	double d = find_distance_km(52.3676, 4.9041, 51.4416, 5.4697);
	assert_true(d > 100 && d < 115);
	/* One degree of latitude is about 111 km. */
	d = find_distance_km(51.0, 5.0, 52.0, 5.0);
	assert_true(fabs(d - 111.2) < 0.5);
}

static size_t parse(const char *q, char t[][FIND_TERM_MAX + 1])
{
	return find_query_parse(q, t, FIND_TERMS_MAX);
}

static void test_query_parse(void **state)
{
	(void)state;
	char t[FIND_TERMS_MAX][FIND_TERM_MAX + 1];
	assert_int_equal(parse("dyslexie", t), 1);
	assert_string_equal(t[0], "dyslexie");
	/* FTS5 syntax is just separators: nothing but letters/digits survives. */
	assert_int_equal(parse("\"dyslexie\" OR NEAR(gedrag*, 3) -time:out ^kolom", t), 6);
	assert_string_equal(t[0], "dyslexie");
	assert_string_equal(t[1], "NEAR"); /* a plain word once quoted by the store */
	assert_string_equal(t[2], "gedrag");
	assert_string_equal(t[3], "time");
	assert_string_equal(t[4], "out");
	assert_string_equal(t[5], "kolom");
	for (size_t i = 0; i < 6; i++)
		assert_null(strpbrk(t[i], "\"*():^-+{}"));
	/* SQL and HTML are just words too. */
	assert_int_equal(parse("' OR 1=1 -- <script>alert(1)</script>", t), 2);
	assert_string_equal(t[0], "script");
	assert_string_equal(t[1], "alert");
	/* Accents are kept (the tokenizer folds them), short words dropped. */
	assert_int_equal(parse("zorgcoördinator a of de", t), 1);
	assert_string_equal(t[0], "zorgcoördinator");
	/* Invalid UTF-8 separates words; output is valid UTF-8. */
	assert_int_equal(parse("abc\xC3\x28" "def\xFF" "ghi", t), 3);
	for (size_t i = 0; i < 3; i++)
		assert_true(utf8_valid(t[i], strlen(t[i])));
	/* Term count and length limits. */
	assert_int_equal(parse("een twee drie vier vijf zes zeven acht negen tien elf", t), FIND_TERMS_MAX);
	char longw[400];
	memset(longw, 'x', sizeof longw - 1);
	longw[sizeof longw - 1] = '\0';
	assert_int_equal(parse(longw, t), 1);
	assert_int_equal(strlen(t[0]), FIND_TERM_MAX);
	/* A long word of 2-byte characters is cut on a character boundary. */
	buf b = BUF_INIT;
	for (int i = 0; i < 60; i++)
		buf_puts(&b, "é");
	assert_int_equal(parse(buf_str(&b), t), 1);
	assert_true(utf8_valid(t[0], strlen(t[0])));
	/* ...also when a 3-byte character does not fit and 1-byte ones follow
	 * (found by fuzz_search_query). */
	buf_reset(&b);
	for (int i = 0; i < 46; i++)
		buf_putc(&b, 'g');
	buf_puts(&b, "\xe0\xad\xad" "gggg");
	assert_int_equal(parse(buf_str(&b), t), 1);
	assert_int_equal(strlen(t[0]), 46);
	assert_true(utf8_valid(t[0], strlen(t[0])));
	buf_free(&b);
	/* Text after FIND_Q_MAX bytes is ignored. */
	char q[600];
	memset(q, ' ', sizeof q);
	memcpy(q + 300, "verborgen", 9);
	q[sizeof q - 1] = '\0';
	assert_int_equal(parse(q, t), 0);
	assert_int_equal(parse("", t), 0);
	assert_int_equal(find_query_parse(NULL, t, FIND_TERMS_MAX), 0);
	/* Duplicates are dropped. */
	assert_int_equal(parse("gedrag gedrag gedrag", t), 1);
}

static void test_fts_expr(void **state)
{
	(void)state;
	buf b = BUF_INIT;
	const char *terms[] = {"dyslexie", "a\"b"};
	sq_fts_expr(terms, 2, &b);
	assert_string_equal(buf_str(&b), "\"dyslexie\"* \"a\"\"b\"*");
	buf_free(&b);
	char out[16];
	assert_int_equal(sq_fts_normalise("Zorgcoördinator", strlen("Zorgcoördinator"), out, sizeof out), 15);
	assert_string_equal(out, "zorgcoordinator");
	/* Truncation never cuts a character. */
	size_t n = sq_fts_normalise("ÄÄÄÄÄÄÄÄÄÄ", strlen("ÄÄÄÄÄÄÄÄÄÄ"), out, 4);
	assert_true(n <= 3);
	assert_true(utf8_valid(out, n));
}

static void test_snippet_html(void **state)
{
	(void)state;
	buf b = BUF_INIT;
	find_snippet_html(&b, "a <b> \x01" "dyslexie\x02 & \"c\"");
	assert_string_equal(buf_str(&b), "a &lt;b&gt; <mark>dyslexie</mark> &amp; &quot;c&quot;");
	buf_reset(&b);
	find_snippet_html(&b, "\x02x\x01<script>\x01y");
	assert_string_equal(buf_str(&b), "x<mark>&lt;script&gt;y</mark>");
	buf_reset(&b);
	find_snippet_html(&b, "");
	assert_string_equal(buf_str(&b), "");
	buf_free(&b);
}

static void test_csv_field(void **state)
{
	(void)state;
	buf b = BUF_INIT;
	find_csv_field(&b, "plain");
	assert_string_equal(buf_str(&b), "plain");
	buf_reset(&b);
	find_csv_field(&b, "a,b");
	assert_string_equal(buf_str(&b), "\"a,b\"");
	buf_reset(&b);
	find_csv_field(&b, "zeg \"ja\"\nnieuwe regel");
	assert_string_equal(buf_str(&b), "\"zeg \"\"ja\"\"\nnieuwe regel\"");
	buf_reset(&b);
	const char *bad[] = {"=1+1", "+31 6", "-2", "@SUM(A1)", "\tx", "=HYPERLINK(\"http://x\")"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		buf_reset(&b);
		find_csv_field(&b, bad[i]);
		assert_true(strncmp(buf_str(&b), "\"'", 2) == 0);
	}
	buf_reset(&b);
	find_csv_field(&b, "=HYPERLINK(\"http://x\")");
	assert_string_equal(buf_str(&b), "\"'=HYPERLINK(\"\"http://x\"\")\"");
	buf_reset(&b);
	find_csv_field(&b, NULL);
	assert_string_equal(buf_str(&b), "");
	buf_free(&b);
}

/* ---- with the example data ---- */

struct fx {
	char path[256];
	struct store *s;
};

static int setup_db(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	const char *tmp = getenv("TMPDIR");
	snprintf(f->path, sizeof f->path, "%s/test_find_%ld.db", tmp && *tmp ? tmp : "/tmp", (long)getpid());
	unlink(f->path);
	char err[512];
	if (store_open(f->path, true, &f->s, err, sizeof err) < 0) {
		print_error("open: %s\n", err);
		return -1;
	}
	const char *src = getenv("PASSEND_SRC");
	char file[600];
	snprintf(file, sizeof file, "%s/data/example/swv-kempenrand.json", src && *src ? src : ".");
	json_error_t je;
	json_t *root = json_load_file(file, 0, &je);
	if (!root || store_file_load(f->s, root, NULL, err, sizeof err) < 0) {
		print_error("load %s: %s\n", file, root ? err : je.text);
		json_decref(root);
		return -1;
	}
	json_decref(root);
	*state = f;
	return 0;
}

static int teardown_db(void **state)
{
	struct fx *f = *state;
	find_cache_drop();
	store_close(f->s);
	char p[300];
	unlink(f->path);
	snprintf(p, sizeof p, "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", f->path);
	unlink(p);
	free(f);
	return 0;
}

static int params(struct store *s, const char *qs, struct find_params *p)
{
	struct web_kvs kv = {0};
	assert_int_equal(web_parse_urlencoded(qs, strlen(qs), &kv), 0);
	char msg[256];
	int rc = find_params_parse(s, &kv, p, msg, sizeof msg);
	web_kvs_free(&kv);
	return rc;
}

static json_t *match(struct store *s, const char *qs, time_t now)
{
	struct find_params p;
	assert_int_equal(params(s, qs, &p), 0);
	json_t *m = find_match(s, &p, now);
	assert_non_null(m);
	return m;
}

static json_t *result_for(json_t *m, const char *key)
{
	json_t *rs = json_object_get(m, "results");
	for (size_t i = 0; i < json_array_size(rs); i++) {
		json_t *r = json_array_get(rs, i);
		if (strcmp(json_string_value(json_object_get(json_object_get(r, "school"), "key")), key) == 0)
			return r;
	}
	return NULL;
}

static bool has_caveat(json_t *r, const char *type, const char *code)
{
	json_t *cs = json_object_get(r, "caveats");
	for (size_t i = 0; i < json_array_size(cs); i++) {
		json_t *c = json_array_get(cs, i);
		if (strcmp(json_string_value(json_object_get(c, "type")), type) == 0 &&
		    (!code || str_eq(json_string_value(json_object_get(c, "code")), code)))
			return true;
	}
	return false;
}

static void test_params(void **state)
{
	struct fx *f = *state;
	struct find_params p;
	assert_int_equal(params(f->s, "need=nope", &p), 400);
	assert_int_equal(params(f->s, "voorziening=plusklas_x", &p), 400);
	assert_int_equal(params(f->s, "need=ass&km=abc", &p), 400);
	assert_int_equal(params(f->s, "need=ass&km=-5", &p), 400);
	assert_int_equal(params(f->s, "need=ass&km=100000", &p), 400);
	assert_int_equal(params(f->s, "need=ass&pagina=0", &p), 400);
	assert_int_equal(params(f->s, "need=ass&swv=%27%20OR%201%3D1", &p), 400);
	char longq[300] = "need=ass&plaats=";
	memset(longq + strlen(longq), 'x', 200);
	longq[sizeof longq - 1] = '\0';
	assert_int_equal(params(f->s, longq, &p), 400);

	/* Geocoding: the mean of the Bladel schools with coordinates
	 * (29HT00 51.3702 and 26LP00 51.3664); the postcode gives the same. */
	assert_int_equal(params(f->s, "need=ass&plaats=bladel&km=10", &p), 0);
	assert_true(p.have_origin);
	assert_true(fabs(p.lat - 51.3683) < 1e-6);
	double lat = p.lat, lon = p.lon;
	assert_int_equal(params(f->s, "need=ass&plaats=5531+AB&km=10", &p), 0);
	assert_true(p.have_origin && fabs(p.lat - lat) < 1e-9 && fabs(p.lon - lon) < 1e-9);
	/* Hoogeloon's only school has no coordinates: unknown place. */
	assert_int_equal(params(f->s, "need=ass&plaats=Hoogeloon&km=10", &p), 0);
	assert_false(p.have_origin);
	assert_true(p.place_unknown);
	assert_int_equal(params(f->s, "need=ass&plaats=Atlantis", &p), 0);
	assert_true(p.place_unknown);
}

static void test_ranking_reasons_caveats(void **state)
{
	struct fx *f = *state;
	json_t *m = match(f->s, "need=ass&need=gedrag", NOW_LATE);
	json_t *rs = json_object_get(m, "results");
	assert_true(json_array_size(rs) > 2);
	double prev = 1e9;
	for (size_t i = 0; i < json_array_size(rs); i++) {
		json_t *r = json_array_get(rs, i);
		double sc = json_real_value(json_object_get(r, "score"));
		assert_true(sc <= prev);
		prev = sc;
		/* No result without reasons, and every reason says where. */
		json_t *why = json_object_get(r, "reasons");
		assert_true(json_array_size(why) > 0);
		for (size_t k = 0; k < json_array_size(why); k++) {
			assert_non_null(json_object_get(json_array_get(why, k), "label"));
			assert_non_null(json_object_get(json_array_get(why, k), "where_label"));
		}
		/* Every example profile is from 2026/2027: out of date in 2027/2028. */
		assert_true(has_caveat(r, "outdated", NULL));
	}
	/* De Vlinderboom (31QX00) states the limit gedrag_extern, which touches
	 * gedrag/ass, and has no gedrag offer: caveats say so. */
	json_t *v = result_for(m, "31QX00");
	assert_non_null(v);
	assert_true(has_caveat(v, "limit", "gedrag_extern"));
	assert_true(has_caveat(v, "missing", NULL));
	json_decref(m);

	/* In the 2026/2027 school year the profiles are current. */
	m = match(f->s, "need=ass", NOW_CUR);
	rs = json_object_get(m, "results");
	for (size_t i = 0; i < json_array_size(rs); i++)
		assert_false(has_caveat(json_array_get(rs, i), "outdated", NULL));
	json_decref(m);

	/* A limit that touches nothing chosen is not a caveat. */
	m = match(f->s, "need=lezen_dyslexie", NOW_CUR);
	v = result_for(m, "31QX00");
	assert_non_null(v);
	assert_false(has_caveat(v, "limit", "gedrag_extern"));
	json_decref(m);

	/* Accessibility: De Vlinderboom says it has no lift. */
	m = match(f->s, "need=ass&voorziening=lift", NOW_CUR);
	v = result_for(m, "31QX00");
	assert_non_null(v);
	assert_true(has_caveat(v, "facility_absent", "lift"));
	assert_true(has_caveat(v, "limit", "toegankelijkheid"));
	json_decref(m);
}

static void test_on_site_and_distance(void **state)
{
	struct fx *f = *state;
	/* On site only: every result offers a chosen need on site. */
	json_t *m = match(f->s, "need=gedrag&op_school=1", NOW_CUR);
	json_t *rs = json_object_get(m, "results");
	assert_true(json_array_size(rs) > 0);
	for (size_t i = 0; i < json_array_size(rs); i++) {
		json_t *why = json_object_get(json_array_get(rs, i), "reasons");
		bool on = false;
		for (size_t k = 0; k < json_array_size(why); k++)
			on |= str_eq(json_string_value(json_object_get(json_array_get(why, k), "where")), "school");
		assert_true(on);
	}
	size_t n_on = json_array_size(rs);
	json_decref(m);
	m = match(f->s, "need=gedrag", NOW_CUR);
	assert_true(json_array_size(json_object_get(m, "results")) >= n_on);
	json_decref(m);

	/* Distance: within 2 km of Bladel only the Bladel schools; results
	 * carry their distance, nearest first among equal scores. */
	m = match(f->s, "need=meer_hoogbegaafd&plaats=Bladel&km=2", NOW_CUR);
	rs = json_object_get(m, "results");
	assert_true(json_array_size(rs) >= 1);
	for (size_t i = 0; i < json_array_size(rs); i++) {
		json_t *r = json_array_get(rs, i);
		assert_true(json_real_value(json_object_get(r, "distance_km")) <= 2.0);
		assert_string_equal(json_string_value(json_object_get(json_object_get(r, "school"), "place")), "Bladel");
	}
	json_decref(m);
	m = match(f->s, "need=meer_hoogbegaafd&plaats=Bladel&km=50", NOW_CUR);
	rs = json_object_get(m, "results");
	for (size_t i = 1; i < json_array_size(rs); i++) {
		json_t *a = json_array_get(rs, i - 1), *b = json_array_get(rs, i);
		if (json_real_value(json_object_get(a, "score")) == json_real_value(json_object_get(b, "score")) &&
		    json_object_get(a, "distance_km") && json_object_get(b, "distance_km"))
			assert_true(json_real_value(json_object_get(a, "distance_km")) <=
			            json_real_value(json_object_get(b, "distance_km")));
	}
	json_decref(m);
}

/* Every string in j (recursively) must not contain word. */
static bool json_contains(json_t *j, const char *word)
{
	char *s = json_dumps(j, 0);
	bool hit = s && strstr(s, word);
	free(s);
	return hit;
}

static bool export_contains(struct store *s, const char *what, bool xlsx, const char *word)
{
	buf b = BUF_INIT;
	assert_int_equal(find_export(s, "PO3099", what, xlsx, &b), 0);
	assert_true(b.len > 10);
	bool hit = memmem(b.data, b.len, word, strlen(word)) != NULL;
	buf_free(&b);
	return hit;
}

static json_t *search(struct store *s, const char *qs)
{
	struct web_kvs kv = {0};
	assert_int_equal(web_parse_urlencoded(qs, strlen(qs), &kv), 0);
	int st = 0;
	char msg[200];
	json_t *o = find_search(s, &kv, &st, msg, sizeof msg);
	web_kvs_free(&kv);
	assert_non_null(o);
	return o;
}

static json_t *overview(struct store *s)
{
	struct find_overview_params op = {.swv = "PO3099", .min_schools = 3};
	int st = 0;
	json_t *o = find_overview(s, &op, NOW_LATE, &st);
	assert_non_null(o);
	return o;
}

static void no_leak(struct store *s, const char *word)
{
	char q[128];
	snprintf(q, sizeof q, "q=%s", word);
	json_t *o = search(s, q);
	assert_int_equal(json_integer_value(json_object_get(o, "total")), 0);
	json_decref(o);
	o = overview(s);
	assert_false(json_contains(o, word));
	char *svg = find_overview_svg(o);
	assert_null(strstr(svg, word));
	free(svg);
	json_decref(o);
	const char *all_needs = "need=lezen_dyslexie&need=rekenen_dyscalculie&need=taal&need=nt2&need=tos&need=auditief"
	                        "&need=visueel&need=meer_hoogbegaafd&need=laagbegaafd&need=werkhouding"
	                        "&need=sociaal_emotioneel&need=faalangst&need=gedrag&need=adhd&need=ass"
	                        "&need=psychiatrisch&need=thuissituatie&need=motorisch&need=chronisch_ziek"
	                        "&need=jonge_kind&voorziening=lift&voorziening=rolstoeltoegankelijk";
	o = match(s, all_needs, NOW_LATE);
	assert_false(json_contains(o, word));
	json_decref(o);
	const char *keys[] = {"31QX00", "30FB00", "32WG00", "35BS00"};
	int st;
	char msg[200];
	o = find_compare(s, keys, 4, &st, msg, sizeof msg);
	assert_non_null(o);
	assert_false(json_contains(o, word));
	json_decref(o);
	assert_false(export_contains(s, "feiten", false, word));
	assert_false(export_contains(s, "dekking", false, word));
}

/* Hits of one school in a search result. */
static int hits_of(json_t *o, const char *key)
{
	int n = 0;
	json_t *hits = json_object_get(o, "hits");
	for (size_t i = 0; i < json_array_size(hits); i++)
		n += str_eq(json_string_value(json_object_get(json_object_get(json_array_get(hits, i), "school"), "key")), key);
	return n;
}

static void test_drafts_never_leak(void **state)
{
	struct fx *f = *state;
	/* Words that occur only in the example's concept / mr_advies /
	 * vastgesteld versions. */
	const char *draft_words[] = {"meerjarenbegroting", "personeelskamer", "Concepttekst", "verhuizing"};
	for (size_t i = 0; i < sizeof draft_words / sizeof draft_words[0]; i++)
		no_leak(f->s, draft_words[i]);

	/* Our own draft with a distinctive word in a section and a fact. */
	struct school sc;
	assert_int_equal(store_school_by_brin(f->s, "29HT", "00", &sc), 1);
	struct profile p;
	profile_init(&p);
	p.school_id = sc.id;
	snprintf(p.school_year, sizeof p.school_year, "2027/2028");
	p.status = PS_CONCEPT;
	section_list_add(&p.sections, "grenzen", "Grenzen", "Wij schrijven hier xylofoonkwartet als geheim woord.");
	struct fact fa;
	fact_init(&fa);
	fa.kind = FK_LIMIT;
	fa.code = xstrdup("gedrag_extern");
	fa.value = xstrdup("xylofoonkwartet");
	fact_list_add(&p.facts, &fa);
	fact_free(&fa);
	bool replaced;
	assert_int_equal(store_profile_put(f->s, &p, PP_NEW_VERSION, &replaced), 0);
	no_leak(f->s, "xylofoonkwartet");
	/* Through the MR and the board: still a draft. */
	assert_int_equal(store_profile_set_status(f->s, p.id, PS_MR_ADVIES, "2026-10-01", NULL), 0);
	no_leak(f->s, "xylofoonkwartet");
	assert_int_equal(store_profile_set_status(f->s, p.id, PS_VASTGESTELD, "2026-10-15", NULL), 0);
	no_leak(f->s, "xylofoonkwartet");

	/* Published: now it is the live profile, so search finds it (the FTS
	 * triggers follow is_live) and the old year's text is gone. */
	json_t *before = search(f->s, "q=ondersteuning&plaats=Bladel");
	assert_true(hits_of(before, "29HT00") > 0);
	json_decref(before);
	assert_int_equal(store_profile_set_status(f->s, p.id, PS_GEPUBLICEERD, "2026-11-01", NULL), 0);
	json_t *o = search(f->s, "q=xylofoonkwartet");
	assert_int_equal(json_integer_value(json_object_get(o, "total")), 1);
	assert_int_equal(hits_of(o, "29HT00"), 1);
	json_decref(o);
	json_t *after = search(f->s, "q=ondersteuning&plaats=Bladel");
	assert_int_equal(hits_of(after, "29HT00"), 0);
	json_decref(after);
	/* The finder's cache saw the change: 29HT00's profile year is new. */
	json_t *m = match(f->s, "need=lezen_dyslexie&need=gedrag", NOW_LATE);
	json_t *r = result_for(m, "29HT00");
	if (r)
		assert_string_equal(json_string_value(json_object_get(r, "school_year")), "2027/2028");
	json_decref(m);
	assert_true(export_contains(f->s, "feiten", false, "xylofoonkwartet"));
	profile_free(&p);
	school_free(&sc);
}

/* A change committed by another connection (another server thread, or
 * `passend` on the command line) reaches this connection's cached index. */
static void test_cache_sees_other_connection(void **state)
{
	struct fx *f = *state;
	json_t *m = match(f->s, "need=ass", NOW_LATE);
	json_t *r = result_for(m, "35BS00");
	assert_non_null(r);
	assert_string_equal(json_string_value(json_object_get(r, "school_year")), "2026/2027");
	json_decref(m);
	struct store *other;
	char err[300];
	assert_int_equal(store_open(f->path, false, &other, err, sizeof err), 0);
	struct school sc;
	assert_int_equal(store_school_by_brin(other, "35BS", "00", &sc), 1);
	struct profile p;
	assert_int_equal(store_profile_get(other, sc.id, "2027/2028", PV_HEAD, &p), 1);
	assert_int_equal(store_profile_set_status(other, p.id, PS_GEPUBLICEERD, "2026-11-20", NULL), 0);
	profile_free(&p);
	school_free(&sc);
	store_close(other);
	m = match(f->s, "need=ass", NOW_LATE);
	r = result_for(m, "35BS00");
	assert_non_null(r);
	assert_string_equal(json_string_value(json_object_get(r, "school_year")), "2027/2028");
	assert_false(has_caveat(r, "outdated", NULL));
	json_decref(m);
}

/* store_find_live_facts_many returns per position what
 * store_find_live_facts returns for that id: repeated ids each get their
 * facts, a draft or unknown id an empty list. */
static void test_live_facts_many(void **state)
{
	struct fx *f = *state;
	struct find_live l;
	assert_int_equal(store_find_live(f->s, &(struct find_live_query){.kinds = 1u << FK_NEED}, &l), 0);
	assert_true(l.nschools >= 3);
	struct school sc;
	assert_int_equal(store_school_by_brin(f->s, "35BS", "00", &sc), 1);
	struct profile p;
	assert_int_equal(store_profile_get(f->s, sc.id, "2027/2028", PV_HEAD, &p), 1);
	int64_t ids[] = {l.schools[2].profile_id, l.schools[0].profile_id, p.id, l.schools[2].profile_id,
	                 l.schools[1].profile_id, -5};
	size_t n = sizeof ids / sizeof ids[0];
	struct fact_list many[sizeof ids / sizeof ids[0]];
	int64_t v = -2;
	assert_int_equal(store_find_live_facts_many(f->s, ids, n, many, &v), 0);
	assert_true(v >= 0);
	assert_true(v == store_find_data_version(f->s));
	assert_true(many[0].n > 0 && many[1].n > 0 && many[4].n > 0);
	assert_int_equal(many[3].n, many[0].n);
	assert_int_equal(many[2].n, 0);
	assert_int_equal(many[5].n, 0);
	for (size_t i = 0; i < n; i++) {
		struct fact_list one;
		int rc = store_find_live_facts(f->s, ids[i], &one);
		assert_int_equal(rc, ids[i] == p.id || ids[i] < 0 ? 0 : 1);
		assert_int_equal(many[i].n, one.n);
		for (size_t j = 0; j < one.n; j++) {
			assert_int_equal(many[i].v[j].kind, one.v[j].kind);
			assert_true(str_eq(many[i].v[j].code, one.v[j].code));
			assert_true(str_eq(many[i].v[j].value, one.v[j].value));
			assert_true(str_eq(many[i].v[j].ev_text, one.v[j].ev_text));
			assert_int_equal(many[i].v[j].ev_line, one.v[j].ev_line);
			assert_int_equal(many[i].v[j].where, one.v[j].where);
			assert_int_equal(many[i].v[j].levels, one.v[j].levels);
		}
		fact_list_free(&one);
		fact_list_free(&many[i]);
	}
	assert_int_equal(store_find_live_facts_many(f->s, ids, 0, many, NULL), 0);
	profile_free(&p);
	school_free(&sc);
	find_live_free(&l);
}

static void test_search_stemming_prefix_facets(void **state)
{
	struct fx *f = *state;
	/* Prefix: "dyslexie" also finds compounds such as "dyslexieprotocol". */
	json_t *o = search(f->s, "q=dyslexie");
	json_int_t total = json_integer_value(json_object_get(o, "total"));
	assert_true(total > 0);
	char *s = json_dumps(o, 0);
	assert_non_null(strstr(s, "<mark>dyslexieprotocol</mark>") ? s : strstr(s, "<mark>dyslexiespecialist</mark>"));
	free(s);
	/* Facets count schools; filtering by a facet narrows the hits. */
	json_t *places = json_object_get(json_object_get(o, "facets"), "places");
	assert_true(json_array_size(places) > 0);
	const char *pl = json_string_value(json_object_get(json_array_get(places, 0), "value"));
	char q[200];
	snprintf(q, sizeof q, "q=dyslexie&plaats=%s", pl);
	json_t *o2 = search(f->s, q);
	assert_true(json_integer_value(json_object_get(o2, "total")) <= total);
	json_t *hits = json_object_get(o2, "hits");
	for (size_t i = 0; i < json_array_size(hits); i++)
		assert_string_equal(json_string_value(json_object_get(json_object_get(json_array_get(hits, i), "school"), "place")), pl);
	json_decref(o2);
	json_decref(o);
	/* Stemming and case/accent folding: "Kinderen" and "kind" meet. */
	o = search(f->s, "q=KINDEREN");
	assert_true(json_integer_value(json_object_get(o, "total")) > 0);
	json_decref(o);
	/* Hostile queries are words or nothing, never an error. */
	const char *hostile[] = {"q=%22%29+OR+%28%2A", "q=NEAR%28a+b%29", "q=%27+OR+1%3D1+--", "q=%3Cscript%3E",
	                         "q=*", "q=%22", "q="};
	for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
		o = search(f->s, hostile[i]);
		json_decref(o);
	}
	struct web_kvs kv = {0};
	web_parse_urlencoded("q=x&need=bogus", 14, &kv);
	int st = 0;
	char msg[100];
	assert_null(find_search(f->s, &kv, &st, msg, sizeof msg));
	assert_int_equal(st, 400);
	web_kvs_free(&kv);
}

static void test_overview(void **state)
{
	struct fx *f = *state;
	json_t *o = overview(f->s);
	assert_int_equal(json_integer_value(json_object_get(o, "school_count")), 12);
	json_t *matrix = json_object_get(o, "matrix");
	assert_int_equal(json_array_size(matrix), tax_count(FK_NEED));
	for (size_t i = 0; i < json_array_size(matrix); i++) {
		json_t *row = json_array_get(matrix, i);
		json_int_t on = json_integer_value(json_object_get(row, "on_site"));
		json_int_t via = json_integer_value(json_object_get(row, "via"));
		json_int_t none = json_integer_value(json_object_get(row, "none"));
		assert_int_equal(on + via + none, 12);
		assert_int_equal(json_array_size(json_object_get(row, "cells")), 12);
	}
	/* Status: drafts show as status and year only. */
	json_t *st = json_object_get(o, "status");
	bool saw_draft = false;
	for (size_t i = 0; i < json_array_size(st); i++) {
		json_t *r = json_array_get(st, i);
		if (json_is_true(json_object_get(r, "draft_waiting"))) {
			saw_draft = true;
			assert_string_equal(json_string_value(json_object_get(r, "head_year")), "2027/2028");
		}
		assert_true(json_is_true(json_object_get(r, "outdated"))); /* 2026/2027 < 2027/2028 */
	}
	assert_true(saw_draft);
	/* Limits ranked. */
	json_t *lim = json_object_get(o, "limits");
	for (size_t i = 1; i < json_array_size(lim); i++)
		assert_true(json_integer_value(json_object_get(json_array_get(lim, i - 1), "schools")) >=
		            json_integer_value(json_object_get(json_array_get(lim, i), "schools")));
	char *svg = find_overview_svg(o);
	assert_non_null(strstr(svg, "<title"));
	assert_non_null(strstr(svg, "hm-hatch"));
	free(svg);
	json_decref(o);
	/* Filter by place. */
	struct find_overview_params op = {.swv = "PO3099", .place = "bladel", .min_schools = 3};
	int status = 0;
	o = find_overview(f->s, &op, NOW_LATE, &status);
	assert_int_equal(json_integer_value(json_object_get(o, "school_count")), 2);
	json_decref(o);
	op.swv = "PO0000";
	assert_null(find_overview(f->s, &op, NOW_LATE, &status));
	assert_int_equal(status, 404);
}

static void test_compare(void **state)
{
	struct fx *f = *state;
	const char *keys[] = {"31QX00", "29HT00"};
	int st = 0;
	char msg[200];
	json_t *o = find_compare(f->s, keys, 2, &st, msg, sizeof msg);
	assert_non_null(o);
	assert_int_equal(json_array_size(json_object_get(o, "schools")), 2);
	assert_int_equal(json_array_size(json_object_get(o, "needs")), tax_count(FK_NEED));
	json_decref(o);
	assert_null(find_compare(f->s, keys, 1, &st, msg, sizeof msg));
	assert_int_equal(st, 400);
	const char *bad[] = {"31QX00", "<script>"};
	assert_null(find_compare(f->s, bad, 2, &st, msg, sizeof msg));
	assert_int_equal(st, 400);
	const char *dup[] = {"31QX00", "31qx00"};
	assert_null(find_compare(f->s, dup, 2, &st, msg, sizeof msg));
	const char *unknown[] = {"31QX00", "99ZZ00"};
	assert_null(find_compare(f->s, unknown, 2, &st, msg, sizeof msg));
	assert_int_equal(st, 404);
}

static void test_exports(void **state)
{
	struct fx *f = *state;
	buf b = BUF_INIT;
	assert_int_equal(find_export(f->s, "PO3099", "feiten", false, &b), 0);
	assert_true(b.len > 3 && memcmp(b.data, "\xEF\xBB\xBF", 3) == 0);
	assert_non_null(strstr(b.data, "samenwerkingsverband,brin,vestiging,school"));
	assert_true(utf8_valid(b.data, b.len));
	buf_reset(&b);
	assert_int_equal(find_export(f->s, "PO3099", "dekking", false, &b), 0);
	assert_non_null(strstr(b.data, "op school"));
	const char *what[] = {"feiten", "dekking"};
	for (int i = 0; i < 2; i++) {
		buf_reset(&b);
		assert_int_equal(find_export(f->s, "PO3099", what[i], true, &b), 0);
		assert_true(b.len > 1000);
		assert_memory_equal(b.data, "PK\x03\x04", 4); /* a zip */
	}
	buf_reset(&b);
	assert_int_equal(find_export(f->s, "PO0000", "feiten", true, &b), 404);
	buf_free(&b);
}

int main(void)
{
	if (tax_init() < 0)
		return 1;
	const struct CMUnitTest pure[] = {
	    cmocka_unit_test(test_limit_table), cmocka_unit_test(test_school_year),
	    cmocka_unit_test(test_distance),    cmocka_unit_test(test_query_parse),
	    cmocka_unit_test(test_fts_expr),    cmocka_unit_test(test_snippet_html),
	    cmocka_unit_test(test_csv_field),
	};
	const struct CMUnitTest db[] = {
	    cmocka_unit_test_setup_teardown(test_params, setup_db, teardown_db),
	    cmocka_unit_test_setup_teardown(test_ranking_reasons_caveats, setup_db, teardown_db),
	    cmocka_unit_test_setup_teardown(test_on_site_and_distance, setup_db, teardown_db),
	    cmocka_unit_test_setup_teardown(test_search_stemming_prefix_facets, setup_db, teardown_db),
	    cmocka_unit_test_setup_teardown(test_overview, setup_db, teardown_db),
	    cmocka_unit_test_setup_teardown(test_compare, setup_db, teardown_db),
	    cmocka_unit_test_setup_teardown(test_exports, setup_db, teardown_db),
	    cmocka_unit_test_setup_teardown(test_drafts_never_leak, setup_db, teardown_db),
	    cmocka_unit_test_setup_teardown(test_cache_sees_other_connection, setup_db, teardown_db),
	    cmocka_unit_test_setup_teardown(test_live_facts_many, setup_db, teardown_db),
	};
	int rc = cmocka_run_group_tests_name("find", pure, NULL, NULL);
	rc |= cmocka_run_group_tests_name("find_db", db, NULL, NULL);
	return rc;
}
