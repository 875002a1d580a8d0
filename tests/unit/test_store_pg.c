/*
 * test_store_pg.c - the PostgreSQL backend gives the same answers as the
 * SQLite backend for the per-concern storage modules (store_find.h, ...).
 *
 * Each test loads the example SWV into a fresh SQLite file and a fresh
 * PostgreSQL schema (PASSEND_TEST_DB, as scripts/pg-test.sh sets it) and
 * compares what the two backends return.  Without PASSEND_TEST_DB, or in a
 * build without libpq, every test is skipped with a message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#ifdef PASSEND_HAVE_PG
#include <libpq-fe.h>
#endif

#include "core/model.h"
#include "core/taxonomy.h"
#include "core/util.h"
#include "store/store.h"
#include "store/store_file.h"
#include "store/store_find.h"

struct pair {
	struct store *lite, *pg;
	char path[256];
	char schema[64];
};

static int counter;

static bool have_pg(void)
{
#ifdef PASSEND_HAVE_PG
	const char *db = getenv("PASSEND_TEST_DB");
	return db && *db;
#else
	return false;
#endif
}

static void load_example(struct store *s)
{
	const char *src = getenv("PASSEND_SRC");
	char path[1024];
	snprintf(path, sizeof path, "%s/data/example/swv-kempenrand.json", src && *src ? src : ".");
	json_error_t je;
	json_t *j = json_load_file(path, 0, &je);
	if (!j)
		fail_msg("cannot read %s: %s", path, je.text);
	char err[700];
	if (store_file_load(s, j, NULL, err, sizeof err) < 0)
		fail_msg("load (%s): %s", store_backend(s), err);
	json_decref(j);
}

static int setup(void **state)
{
	if (!have_pg())
		return 0;
	struct pair *p = calloc(1, sizeof *p);
	counter++;
	snprintf(p->path, sizeof p->path, "/tmp/test_store_pg_%ld_%d.db", (long)getpid(), counter);
	snprintf(p->schema, sizeof p->schema, "test_store_pg_%ld_%d", (long)getpid(), counter);
	char uri[1200], err[512];
	snprintf(uri, sizeof uri, "%s schema=%s", getenv("PASSEND_TEST_DB"), p->schema);
	unlink(p->path);
	if (store_open(p->path, true, &p->lite, err, sizeof err) < 0 || store_open(uri, true, &p->pg, err, sizeof err) < 0) {
		print_error("open: %s\n", err);
		return -1;
	}
	load_example(p->lite);
	load_example(p->pg);
	*state = p;
	return 0;
}

static int teardown(void **state)
{
	struct pair *p = *state;
	if (!p)
		return 0;
	store_close(p->lite);
	store_close(p->pg);
	char f[300];
	unlink(p->path);
	snprintf(f, sizeof f, "%s-wal", p->path);
	unlink(f);
	snprintf(f, sizeof f, "%s-shm", p->path);
	unlink(f);
#ifdef PASSEND_HAVE_PG
	PGconn *c = PQconnectdb(getenv("PASSEND_TEST_DB"));
	if (PQstatus(c) == CONNECTION_OK) {
		PQclear(PQexec(c, "SET client_min_messages = warning"));
		/* Our own generated name: quoting is enough (no parameters for
		 * identifiers). */
		char *id = PQescapeIdentifier(c, p->schema, strlen(p->schema));
		char sql[160];
		snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE", id);
		PQclear(PQexec(c, sql));
		PQfreemem(id);
	}
	PQfinish(c);
#endif
	free(p);
	return 0;
}

#define NEED_PG(state)                                                                                     \
	struct pair *P = *(state);                                                                         \
	if (!P) {                                                                                          \
		print_message("PASSEND_TEST_DB is not set (or no libpq in this build): skipped;"          \
		              " run scripts/pg-test.sh or make check-pg\n");                               \
		skip();                                                                                    \
	}

/* ---- store_find.h ---- */

static void same_fact(const struct fact *a, const struct fact *b)
{
	assert_int_equal(a->kind, b->kind);
	assert_true(str_eq(a->code, b->code));
	assert_true(str_eq(a->value, b->value));
	assert_int_equal(a->count, b->count);
	assert_int_equal(a->where, b->where);
	assert_int_equal(a->present, b->present);
	assert_int_equal(a->levels, b->levels);
	assert_int_equal(a->ev_line, b->ev_line);
	assert_true(str_eq(a->ev_text, b->ev_text));
}

static void test_find_live(void **state)
{
	NEED_PG(state);
	const struct find_live_query qs[] = {
	    {0},
	    {.swv_code = "PO3099", .with_text = true},
	    {.kinds = (1u << FK_NEED) | (1u << FK_LIMIT)},
	    {.swv_code = "PO0000"},
	};
	for (size_t k = 0; k < sizeof qs / sizeof qs[0]; k++) {
		struct find_live a, b;
		assert_int_equal(store_find_live(P->lite, &qs[k], &a), 0);
		assert_int_equal(store_find_live(P->pg, &qs[k], &b), 0);
		assert_int_equal(a.nschools, b.nschools);
		assert_int_equal(a.nfacts, b.nfacts);
		for (size_t i = 0; i < a.nschools; i++) {
			assert_string_equal(a.schools[i].school.brin, b.schools[i].school.brin);
			assert_string_equal(a.schools[i].school.name, b.schools[i].school.name);
			assert_string_equal(a.schools[i].school_year, b.schools[i].school_year);
			assert_true(str_eq(a.schools[i].board_name, b.schools[i].board_name));
			assert_int_equal(a.schools[i].school.pupils, b.schools[i].school.pupils);
		}
		for (size_t i = 0; i < a.nfacts; i++) {
			assert_int_equal(a.facts[i].school, b.facts[i].school);
			same_fact(&a.facts[i].fact, &b.facts[i].fact);
		}
		if (k < 2)
			assert_true(a.nschools > 0 && a.nfacts > 0);
		/* live_facts of every live profile; ids differ between backends,
		 * so compare school by school. */
		for (size_t i = 0; i < a.nschools && k == 0; i++) {
			struct fact_list fa, fb;
			assert_int_equal(store_find_live_facts(P->lite, a.schools[i].profile_id, &fa), 1);
			assert_int_equal(store_find_live_facts(P->pg, b.schools[i].profile_id, &fb), 1);
			assert_int_equal(fa.n, fb.n);
			for (size_t j = 0; j < fa.n; j++)
				same_fact(&fa.v[j], &fb.v[j]);
			fact_list_free(&fa);
			fact_list_free(&fb);
		}
		find_live_free(&a);
		find_live_free(&b);
	}
}

static void test_find_status_geocode(void **state)
{
	NEED_PG(state);
	struct find_status *a, *b;
	size_t na = 0, nb = 0;
	assert_int_equal(store_find_status(P->lite, "PO3099", &a, &na), 0);
	assert_int_equal(store_find_status(P->pg, "PO3099", &b, &nb), 0);
	assert_int_equal(na, nb);
	assert_true(na > 0);
	int drafts = 0;
	for (size_t i = 0; i < na; i++) {
		assert_string_equal(a[i].key, b[i].key);
		assert_string_equal(a[i].head_year, b[i].head_year);
		assert_int_equal(a[i].head_status, b[i].head_status);
		assert_string_equal(a[i].public_year, b[i].public_year);
		assert_true(str_eq(a[i].board_name, b[i].board_name));
		drafts += strcmp(a[i].head_year, a[i].public_year) != 0;
	}
	assert_true(drafts > 0); /* the example has newer drafts */
	find_status_free(a, na);
	find_status_free(b, nb);

	/* Geocoding by place and by postcode area, both backends alike. */
	struct school sc;
	assert_int_equal(store_school_get(P->lite, 1, &sc), 1);
	char pc4[5] = "";
	if (sc.postcode)
		snprintf(pc4, sizeof pc4, "%.4s", sc.postcode);
	const char *places[] = {sc.place, "NERGENSDORP"};
	for (int i = 0; i < 2; i++) {
		double la = 0, oa = 0, lb = 0, ob = 0;
		int ca = 0, cb = 0;
		int ra = store_find_geocode(P->lite, places[i], NULL, &la, &oa, &ca);
		int rb = store_find_geocode(P->pg, places[i], NULL, &lb, &ob, &cb);
		assert_int_equal(ra, rb);
		assert_int_equal(ca, cb);
		assert_true(la - lb < 1e-9 && lb - la < 1e-9 && oa - ob < 1e-9 && ob - oa < 1e-9);
	}
	if (pc4[0]) {
		double la = 0, oa = 0, lb = 0, ob = 0;
		int ca = 0, cb = 0;
		assert_int_equal(store_find_geocode(P->lite, NULL, pc4, &la, &oa, &ca), 1);
		assert_int_equal(store_find_geocode(P->pg, NULL, pc4, &lb, &ob, &cb), 1);
		assert_int_equal(ca, cb);
	}
	school_free(&sc);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Hits as "school-brin/ord" strings so the two backends' ids compare. */
static char *hit_keys(struct store *s, const struct find_hit *h, size_t n, bool sorted)
{
	char **keys = calloc(n ? n : 1, sizeof *keys);
	for (size_t i = 0; i < n; i++) {
		struct school sc;
		assert_int_equal(store_school_get(s, h[i].school_id, &sc), 1);
		char k[64];
		snprintf(k, sizeof k, "%s%s/%d", sc.brin, sc.vestiging, h[i].ord);
		keys[i] = xstrdup(k);
		school_free(&sc);
	}
	if (sorted)
		qsort(keys, n, sizeof *keys, cmp_str);
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		len += strlen(keys[i]) + 1;
	char *out = calloc(1, len);
	for (size_t i = 0; i < n; i++) {
		strcat(out, keys[i]);
		strcat(out, " ");
		free(keys[i]);
	}
	free(keys);
	return out;
}

static void test_find_search(void **state)
{
	NEED_PG(state);
	/* Short terms (< 5 letters) have no compound matching: the hit sets
	 * must be equal.  Longer ones may find more on PostgreSQL (inside
	 * compounds), never fewer. */
	static const char *const queries[][3] = {
	    {"dyslexie", NULL}, {"kinderen", NULL}, {"zorg", NULL},     {"leerling", "ondersteuning"},
	    {"coordinator", NULL}, {"gedrag", NULL}, {"taal", NULL}, {"xyzzyq", NULL}, {"begeleiding", NULL},
	    {"ib", NULL}, {"sbo", NULL},
	};
	int any = 0;
	for (size_t k = 0; k < sizeof queries / sizeof queries[0]; k++) {
		size_t nt = queries[k][1] ? 2 : 1;
		struct find_hit *a = NULL, *b = NULL;
		size_t na = 0, nb = 0;
		assert_int_equal(store_find_search(P->lite, queries[k], nt, 1000, &a, &na), 0);
		assert_int_equal(store_find_search(P->pg, queries[k], nt, 1000, &b, &nb), 0);
		char *ka = hit_keys(P->lite, a, na, true), *kb = hit_keys(P->pg, b, nb, true);
		bool compound = false;
		for (size_t t = 0; t < nt; t++)
			compound |= strlen(queries[k][t]) >= 5;
		if (!compound) {
			if (strcmp(ka, kb) != 0)
				fail_msg("search '%s': SQLite [%s] PostgreSQL [%s]", queries[k][0], ka, kb);
		} else {
			/* Every SQLite hit is a PostgreSQL hit. */
			char *save = NULL;
			for (char *t = strtok_r(ka, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
				char pat[80];
				snprintf(pat, sizeof pat, "%s ", t);
				if (!strstr(kb, pat) || (strstr(kb, pat) != kb && strstr(kb, pat)[-1] != ' '))
					fail_msg("search '%s': SQLite hit %s missing on PostgreSQL [%s]", queries[k][0], t, kb);
			}
		}
		any += na > 0;
		/* Snippets mark matches; headings too when the heading matched. */
		for (size_t i = 0; i < nb; i++) {
			assert_non_null(b[i].snippet);
			assert_non_null(b[i].heading);
		}
		free(ka);
		free(kb);
		find_hits_free(a, na);
		find_hits_free(b, nb);
	}
	assert_true(any >= 3);

	/* A limit, and the best hit first: the same as SQLite for a word that
	 * is in a heading. */
	const char *t1[] = {"dyslexie"};
	struct find_hit *b = NULL;
	size_t nb = 0;
	assert_int_equal(store_find_search(P->pg, t1, 1, 2, &b, &nb), 0);
	assert_true(nb <= 2);
	for (size_t i = 0; i < nb; i++)
		assert_non_null(strchr(b[i].snippet, '\x01') ? b[i].snippet : b[i].heading);
	find_hits_free(b, nb);
	/* Terms with syntax characters are refused, not interpreted. */
	const char *bad[] = {"a':*|b"};
	b = NULL;
	nb = 0;
	assert_int_equal(store_find_search(P->pg, bad, 1, 10, &b, &nb), -1);
}

static void test_find_drafts_never(void **state)
{
	NEED_PG(state);
	/* A new draft with a unique word is never found, on either backend;
	 * once published it is. */
	struct store *both[2] = {P->lite, P->pg};
	for (int k = 0; k < 2; k++) {
		struct store *s = both[k];
		int64_t dv0 = store_find_data_version(s);
		struct school sc;
		assert_int_equal(store_school_by_brin(s, "31QX", "00", &sc), 1);
		struct profile p;
		assert_int_equal(store_profile_get(s, sc.id, NULL, PV_HEAD, &p), 1);
		int y = atoi(p.school_year) + 1;
		snprintf(p.school_year, sizeof p.school_year, "%04u/%04u", (unsigned)y % 10000u, (unsigned)(y + 1) % 10000u);
		p.version = 0;
		p.status = PS_CONCEPT;
		section_list_add(&p.sections, "extra", "Snorkelzwemmen", "Wij bieden snorkelzwemmen aan.");
		assert_int_equal(store_profile_put(s, &p, PP_NEW_VERSION, NULL), 0);
		int64_t dv1 = store_find_data_version(s);
		assert_true(dv1 != dv0);
		const char *t[] = {"snorkelzwemmen"};
		struct find_hit *h = NULL;
		size_t n = 0;
		assert_int_equal(store_find_search(s, t, 1, 10, &h, &n), 0);
		assert_int_equal(n, 0);
		assert_int_equal(store_profile_set_status(s, p.id, PS_GEPUBLICEERD, "2030-01-01", NULL), 0);
		assert_true(store_find_data_version(s) != dv1);
		assert_int_equal(store_find_search(s, t, 1, 10, &h, &n), 0);
		assert_int_equal(n, 1);
		assert_int_equal(h[0].school_id, sc.id);
		assert_non_null(strstr(h[0].heading, "\x01"));
		find_hits_free(h, n);
		/* Prefix and stem: "snorkel" and the plural. */
		const char *t2[] = {"snorkel"};
		h = NULL;
		n = 0;
		assert_int_equal(store_find_search(s, t2, 1, 10, &h, &n), 0);
		assert_int_equal(n, 1);
		find_hits_free(h, n);
		profile_free(&p);
		school_free(&sc);
	}
}

int main(void)
{
	if (tax_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_find_live, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_find_status_geocode, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_find_search, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_find_drafts_never, setup, teardown),
	};
	return cmocka_run_group_tests_name("PostgreSQL backend = SQLite backend", tests, NULL, NULL);
}
