/*
 * test_store.c - the storage interface (src/store/store.h), backend-agnostic.
 *
 * Every test runs against SQLite (a temporary file) and, when the
 * environment names a PostgreSQL database in PASSEND_TEST_DB (as
 * scripts/pg-test.sh does), again against PostgreSQL; each PostgreSQL test
 * gets its own fresh schema (schema=NAME in the connection string), which
 * is dropped afterwards.  Without PASSEND_TEST_DB the PostgreSQL group is
 * skipped with a message.
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

struct fixture {
	char uri[1024];
	char path[256];   /* SQLite file, "" for PostgreSQL */
	char schema[64];  /* PostgreSQL schema, "" for SQLite */
	struct store *s;
};

static int counter;

static int setup_common(void **state, bool pg)
{
	struct fixture *f = calloc(1, sizeof *f);
	counter++;
	if (pg) {
		const char *db = getenv("PASSEND_TEST_DB");
		snprintf(f->schema, sizeof f->schema, "test_store_%ld_%d", (long)getpid(), counter);
		snprintf(f->uri, sizeof f->uri, "%s schema=%s", db, f->schema);
	} else {
		const char *tmp = getenv("TMPDIR");
		snprintf(f->path, sizeof f->path, "%s/test_store_%ld_%d.db", tmp && *tmp ? tmp : "/tmp", (long)getpid(),
		         counter);
		snprintf(f->uri, sizeof f->uri, "%s", f->path);
	}
	char err[512] = "";
	if (store_open(f->uri, true, &f->s, err, sizeof err) < 0) {
		print_error("cannot open %s: %s\n", f->uri, err);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int setup_sqlite(void **state) { return setup_common(state, false); }
static int setup_pg(void **state) { return setup_common(state, true); }

static int teardown(void **state)
{
	struct fixture *f = *state;
	store_close(f->s);
	if (f->path[0]) {
		char p[300];
		unlink(f->path);
		snprintf(p, sizeof p, "%s-wal", f->path);
		unlink(p);
		snprintf(p, sizeof p, "%s-shm", f->path);
		unlink(p);
	}
#ifdef PASSEND_HAVE_PG
	if (f->schema[0]) {
		PGconn *c = PQconnectdb(getenv("PASSEND_TEST_DB"));
		if (PQstatus(c) == CONNECTION_OK) {
			PQclear(PQexec(c, "SET client_min_messages = warning"));
			/* The schema name is ours (letters, digits, _): quoting it is
			 * enough; identifiers cannot be parameters. */
			char *id = PQescapeIdentifier(c, f->schema, strlen(f->schema));
			char sql[160];
			snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE", id);
			PQclear(PQexec(c, sql));
			PQfreemem(id);
		}
		PQfinish(c);
	}
#endif
	free(f);
	return 0;
}

static struct store *S(void **state) { return ((struct fixture *)*state)->s; }

/* ---- helpers ---- */

static int64_t add_school(struct store *s, const char *brin, const char *vest, const char *name, const char *place)
{
	struct school sc = {.pupils = -1};
	snprintf(sc.brin, sizeof sc.brin, "%s", brin);
	snprintf(sc.vestiging, sizeof sc.vestiging, "%s", vest);
	sc.name = (char *)name;
	sc.place = (char *)place;
	sc.swv_code = (char *)"PO9999";
	assert_int_equal(store_school_put(s, &sc), 0);
	assert_true(sc.id > 0);
	return sc.id;
}

static void base_swv(struct store *s)
{
	struct swv v = {.code = (char *)"PO9999", .name = (char *)"Testland", .region = (char *)"Oost"};
	assert_int_equal(store_swv_put(s, &v), 0);
}

static void fill_profile(struct profile *p, int64_t school_id, const char *year, enum profile_status st,
                         const char *summary)
{
	profile_init(p);
	p->school_id = school_id;
	snprintf(p->school_year, sizeof p->school_year, "%s", year);
	p->status = st;
	p->summary = xstrdup(summary);
	section_list_add(&p->sections, "visie", "Onze visie", "Wij zien elk kind.\n\nTweede alinea.");
	section_list_add(&p->sections, NULL, "Zonder sleutel", "");
	struct fact f;
	fact_init(&f);
	f.kind = FK_NEED;
	f.code = xstrdup("lezen_dyslexie");
	f.where = WHERE_SCHOOL;
	f.levels = (1u << 2) | (1u << 4);
	f.ev_line = 12;
	f.ev_text = xstrdup("Wij bieden dyslexiebegeleiding.");
	f.source = SRC_IMPORT;
	fact_list_add(&p->facts, &f);
	fact_free(&f);
	fact_init(&f);
	f.kind = FK_FACILITY;
	f.code = xstrdup("plusklas");
	f.present = false;
	fact_list_add(&p->facts, &f);
	fact_free(&f);
	fact_init(&f);
	f.kind = FK_PARTNER;
	f.value = xstrdup("GGD Brabant-Zuidoost");
	f.count = 3;
	f.where = WHERE_EXTERN;
	fact_list_add(&p->facts, &f);
	fact_free(&f);
}

static int put(struct store *s, int64_t school, const char *year, enum profile_status st, const char *summary,
               enum profile_put_mode mode, bool *replaced, int64_t *id, int *version)
{
	struct profile p;
	fill_profile(&p, school, year, st, summary);
	int rc = store_profile_put(s, &p, mode, replaced);
	if (id)
		*id = p.id;
	if (version)
		*version = p.version;
	profile_free(&p);
	return rc;
}

/* ---- tests ---- */

static void test_open(void **state)
{
	struct fixture *f = *state;
	assert_true(store_schema_version(f->s) >= 1);
	const char *b = store_backend(f->s);
	assert_true(strcmp(b, f->schema[0] ? "postgresql" : "sqlite") == 0);
	/* Without migrate an existing database opens; an empty one does not. */
	struct store *again = NULL;
	char err[512] = "";
	assert_int_equal(store_open(f->uri, false, &again, err, sizeof err), 0);
	assert_int_equal(store_schema_version(again), store_schema_version(f->s));
	store_close(again);
	char other[1100];
	if (f->schema[0])
		snprintf(other, sizeof other, "%s schema=%s_empty", getenv("PASSEND_TEST_DB"), f->schema);
	else
		snprintf(other, sizeof other, "%s.absent/none.db", f->path);
	assert_int_equal(store_open(other, false, &again, err, sizeof err), -1);
	assert_null(again);
	assert_true(strlen(err) > 0);
	/* A second migrate is a no-op. */
	assert_int_equal(store_open(f->uri, true, &again, err, sizeof err), 0);
	store_close(again);
}

static void test_swv_board(void **state)
{
	struct store *s = S(state);
	struct swv v = {.code = (char *)"PO2", .name = (char *)"Zuid", .website = (char *)"https://z.example"};
	assert_int_equal(store_swv_put(s, &v), 0);
	int64_t id = v.id;
	struct swv w = {.code = (char *)"PO1", .name = (char *)"Noord"};
	assert_int_equal(store_swv_put(s, &w), 0);
	/* Upsert keeps the id and replaces the fields. */
	v.name = (char *)"Zuid-Oost";
	v.website = NULL;
	assert_int_equal(store_swv_put(s, &v), 0);
	assert_int_equal(v.id, id);
	struct swv got;
	assert_int_equal(store_swv_get(s, "PO2", &got), 1);
	assert_string_equal(got.name, "Zuid-Oost");
	assert_null(got.website);
	assert_null(got.region);
	swv_free(&got);
	assert_int_equal(store_swv_get(s, "PO404", &got), 0);
	struct swv *list;
	size_t n;
	assert_int_equal(store_swv_list(s, &list, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].name, "Noord"); /* by name */
	assert_string_equal(list[1].code, "PO2");
	for (size_t i = 0; i < n; i++)
		swv_free(&list[i]);
	free(list);

	struct board b = {.code = (char *)"41000", .name = (char *)"Stichting B", .swv_code = (char *)"PO2"};
	assert_int_equal(store_board_put(s, &b), 0);
	struct board a = {.code = (char *)"42000", .name = (char *)"Stichting A", .swv_code = (char *)"PO1"};
	assert_int_equal(store_board_put(s, &a), 0);
	/* Without an SWV the board keeps the one it had. */
	struct board b2 = {.code = (char *)"41000", .name = (char *)"Stichting B2"};
	assert_int_equal(store_board_put(s, &b2), 0);
	assert_int_equal(b2.id, b.id);
	struct board *bl;
	assert_int_equal(store_board_list(s, "PO2", &bl, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(bl[0].name, "Stichting B2");
	assert_string_equal(bl[0].swv_code, "PO2");
	board_free(&bl[0]);
	free(bl);
	assert_int_equal(store_board_list(s, NULL, &bl, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(bl[0].name, "Stichting A");
	for (size_t i = 0; i < n; i++)
		board_free(&bl[i]);
	free(bl);
}

static void test_school(void **state)
{
	struct store *s = S(state);
	base_swv(s);
	struct board b = {.code = (char *)"40000", .name = (char *)"Stichting", .swv_code = (char *)"PO9999"};
	assert_int_equal(store_board_put(s, &b), 0);
	struct school sc = {.pupils = 212, .has_coords = true, .lat = 51.4416, .lon = 5.4697};
	snprintf(sc.brin, sizeof sc.brin, "12AB");
	snprintf(sc.vestiging, sizeof sc.vestiging, "00");
	sc.name = (char *)"Basisschool De Wégwijzer";
	sc.place = (char *)"Eindhoven";
	sc.board_code = (char *)"40000";
	sc.swv_code = (char *)"PO9999";
	sc.kind = (char *)"bao";
	sc.email = (char *)"info@wegwijzer.example";
	assert_int_equal(store_school_put(s, &sc), 0);
	int64_t id = sc.id;

	/* Upsert by BRIN+vestiging: NULL fields keep their old values. */
	struct school up = {.pupils = -1};
	snprintf(up.brin, sizeof up.brin, "12AB");
	snprintf(up.vestiging, sizeof up.vestiging, "00");
	up.name = (char *)"Basisschool De Wégwijzer";
	up.phone = (char *)"040-1234567";
	assert_int_equal(store_school_put(s, &up), 0);
	assert_int_equal(up.id, id);

	struct school got;
	assert_int_equal(store_school_get(s, id, &got), 1);
	assert_string_equal(got.brin, "12AB");
	assert_string_equal(got.vestiging, "00");
	assert_string_equal(got.place, "Eindhoven");
	assert_string_equal(got.phone, "040-1234567");
	assert_string_equal(got.email, "info@wegwijzer.example");
	assert_string_equal(got.board_code, "40000");
	assert_string_equal(got.swv_code, "PO9999");
	assert_int_equal(got.pupils, 212);
	assert_true(got.has_coords);
	assert_true(got.lat == 51.4416 && got.lon == 5.4697); /* exact round trip */
	school_free(&got);
	assert_int_equal(store_school_get(s, id + 1000, &got), 0);

	/* By BRIN: without vestiging only when the BRIN has one location. */
	assert_int_equal(store_school_by_brin(s, "12AB", NULL, &got), 1);
	assert_int_equal(got.id, id);
	school_free(&got);
	add_school(s, "12AB", "01", "Wegwijzer dependance", "Geldrop");
	assert_int_equal(store_school_by_brin(s, "12AB", NULL, &got), 0);
	assert_int_equal(store_school_by_brin(s, "12AB", "01", &got), 1);
	assert_string_equal(got.place, "Geldrop");
	school_free(&got);

	/* By name: case, accents and "basisschool"/"de" do not matter. */
	assert_int_equal(store_school_by_name(s, "WEGWIJZER", NULL, &got), 1);
	assert_int_equal(got.id, id);
	school_free(&got);
	assert_int_equal(store_school_by_name(s, "obs de wegwijzer", "eindhoven", &got), 1);
	school_free(&got);
	assert_int_equal(store_school_by_name(s, "De Wegwijzer", "Geldrop", &got), 0);
	assert_int_equal(store_school_by_name(s, "", NULL, &got), 0);
	/* Two schools with the same name: ambiguous, unless the place decides. */
	add_school(s, "34CD", "00", "De Wegwijzer", "Veldhoven");
	assert_int_equal(store_school_by_name(s, "Wegwijzer", NULL, &got), 0);
	assert_int_equal(store_school_by_name(s, "Wegwijzer", "VELDHOVEN", &got), 1);
	assert_string_equal(got.brin, "34CD");
	school_free(&got);

	/* Listing: filters and order (place, then name). */
	struct school *list;
	size_t n;
	assert_int_equal(store_school_list(s, NULL, &list, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(list[0].place, "Eindhoven");
	assert_string_equal(list[1].place, "Geldrop");
	assert_string_equal(list[2].place, "Veldhoven");
	for (size_t i = 0; i < n; i++)
		school_free(&list[i]);
	free(list);
	struct school_query q = {.place = "eindhoven"};
	assert_int_equal(store_school_list(s, &q, &list, &n), 0);
	assert_int_equal(n, 1);
	school_free(&list[0]);
	free(list);
	q = (struct school_query){.board_code = "40000"};
	assert_int_equal(store_school_list(s, &q, &list, &n), 0);
	assert_int_equal(n, 1);
	school_free(&list[0]);
	free(list);
	q = (struct school_query){.swv_code = "PO9999", .public_only = true};
	assert_int_equal(store_school_list(s, &q, &list, &n), 0);
	assert_int_equal(n, 0);
	free(list);
}

static void check_profile(const struct profile *p, const char *summary)
{
	assert_string_equal(p->summary, summary);
	assert_int_equal(p->sections.n, 2);
	assert_string_equal(p->sections.v[0].key, "visie");
	assert_string_equal(p->sections.v[0].body, "Wij zien elk kind.\n\nTweede alinea.");
	assert_string_equal(p->sections.v[1].key, ""); /* stored as "" */
	assert_string_equal(p->sections.v[1].body, "");
	assert_int_equal(p->facts.n, 3);
	const struct fact *f = &p->facts.v[0];
	assert_int_equal(f->kind, FK_NEED);
	assert_string_equal(f->code, "lezen_dyslexie");
	assert_int_equal(f->where, WHERE_SCHOOL);
	assert_int_equal(f->levels, (1u << 2) | (1u << 4));
	assert_int_equal(f->ev_line, 12);
	assert_string_equal(f->ev_text, "Wij bieden dyslexiebegeleiding.");
	assert_int_equal(f->source, SRC_IMPORT);
	assert_int_equal(f->count, -1);
	assert_true(f->present);
	f = &p->facts.v[1];
	assert_int_equal(f->kind, FK_FACILITY);
	assert_false(f->present);
	assert_int_equal(f->where, WHERE_NONE);
	assert_int_equal(f->source, SRC_MANUAL);
	assert_int_equal(f->ev_line, 0);
	assert_null(f->ev_text);
	f = &p->facts.v[2];
	assert_int_equal(f->kind, FK_PARTNER);
	assert_null(f->code);
	assert_string_equal(f->value, "GGD Brabant-Zuidoost");
	assert_int_equal(f->count, 3);
	assert_int_equal(f->where, WHERE_EXTERN);
}

static void test_profile_versions(void **state)
{
	struct store *s = S(state);
	base_swv(s);
	int64_t sid = add_school(s, "56EF", "00", "De Linde", "Bergeijk");
	bool replaced = true;
	int64_t id1, id;
	int ver;
	assert_int_equal(put(s, sid, "2025/2026", PS_CONCEPT, "eerste", PP_NEW_VERSION, &replaced, &id1, &ver), 0);
	assert_false(replaced);
	assert_int_equal(ver, 1);

	struct profile p;
	assert_int_equal(store_profile_get(s, sid, "2025/2026", PV_HEAD, &p), 1);
	assert_int_equal(p.id, id1);
	assert_int_equal(p.status, PS_CONCEPT);
	assert_non_null(p.updated_at);
	check_profile(&p, "eerste");
	profile_free(&p);
	/* A draft is never public. */
	assert_int_equal(store_profile_get(s, sid, "2025/2026", PV_PUBLIC, &p), 0);
	assert_int_equal(store_profile_get(s, sid, NULL, PV_PUBLIC, &p), 0);
	struct school *list;
	size_t n;
	struct school_query pq = {.public_only = true};
	assert_int_equal(store_school_list(s, &pq, &list, &n), 0);
	assert_int_equal(n, 0);
	free(list);

	/* Replacing a draft overwrites it in place. */
	assert_int_equal(put(s, sid, "2025/2026", PS_CONCEPT, "tweede", PP_REPLACE_DRAFT, &replaced, &id, &ver), 0);
	assert_true(replaced);
	assert_int_equal(id, id1);
	assert_int_equal(ver, 1);

	/* Through the MR to published, without new versions. */
	assert_int_equal(store_profile_set_status(s, id1, PS_MR_ADVIES, "2025-06-01", "Positief advies"), 0);
	assert_int_equal(store_profile_get(s, sid, NULL, PV_PUBLIC, &p), 0);
	assert_int_equal(store_profile_set_status(s, id1, PS_VASTGESTELD, "2025-06-15", NULL), 0);
	assert_int_equal(store_profile_set_status(s, id1, PS_GEPUBLICEERD, "2025-07-01", NULL), 0);
	assert_int_equal(store_profile_get(s, sid, NULL, PV_PUBLIC, &p), 1);
	assert_int_equal(p.id, id1);
	assert_int_equal(p.status, PS_GEPUBLICEERD);
	assert_string_equal(p.date_mr, "2025-06-01");
	assert_string_equal(p.mr_advice, "Positief advies");
	assert_string_equal(p.date_set, "2025-06-15");
	assert_string_equal(p.date_published, "2025-07-01");
	check_profile(&p, "tweede");
	profile_free(&p);
	assert_int_equal(store_school_list(s, &pq, &list, &n), 0);
	assert_int_equal(n, 1);
	school_free(&list[0]);
	free(list);

	/* Replacing a published head makes a new version; the public one stays. */
	int64_t id2;
	assert_int_equal(put(s, sid, "2025/2026", PS_CONCEPT, "derde", PP_REPLACE_DRAFT, &replaced, &id2, &ver), 0);
	assert_false(replaced);
	assert_int_equal(ver, 2);
	assert_true(id2 != id1);
	assert_int_equal(store_profile_get(s, sid, "2025/2026", PV_HEAD, &p), 1);
	assert_int_equal(p.id, id2);
	profile_free(&p);
	assert_int_equal(store_profile_get(s, sid, "2025/2026", PV_PUBLIC, &p), 1);
	assert_int_equal(p.id, id1);
	assert_string_equal(p.summary, "tweede");
	profile_free(&p);
	/* Only the head version can change status. */
	assert_int_equal(store_profile_set_status(s, id1, PS_CONCEPT, NULL, NULL), -1);
	assert_true(strlen(store_errmsg(s)) > 0);
	/* Going back to concept from MR advice keeps it non-public. */
	assert_int_equal(store_profile_set_status(s, id2, PS_MR_ADVIES, "2025-09-01", "Akkoord"), 0);
	assert_int_equal(store_profile_get(s, sid, "2025/2026", PV_PUBLIC, &p), 1);
	assert_int_equal(p.id, id1);
	profile_free(&p);

	/* A newer school year: head without a year is the newest year, the
	 * public view stays on the newest *published* year until it is
	 * published. */
	int64_t id3;
	assert_int_equal(put(s, sid, "2026/2027", PS_CONCEPT, "volgend jaar", PP_NEW_VERSION, NULL, &id3, &ver), 0);
	assert_int_equal(ver, 1);
	assert_int_equal(store_profile_get(s, sid, NULL, PV_HEAD, &p), 1);
	assert_int_equal(p.id, id3);
	profile_free(&p);
	assert_int_equal(store_profile_get(s, sid, NULL, PV_PUBLIC, &p), 1);
	assert_int_equal(p.id, id1);
	profile_free(&p);
	assert_int_equal(store_profile_set_status(s, id3, PS_GEPUBLICEERD, "2026-07-01", NULL), 0);
	assert_int_equal(store_profile_get(s, sid, NULL, PV_PUBLIC, &p), 1);
	assert_int_equal(p.id, id3);
	profile_free(&p);
	assert_int_equal(store_profile_get(s, sid, "2025/2026", PV_PUBLIC, &p), 1);
	assert_int_equal(p.id, id1);
	profile_free(&p);

	/* History: newest year and version first, with the public flag. */
	struct profile_rev *revs;
	assert_int_equal(store_profile_history(s, sid, &revs, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(revs[0].school_year, "2026/2027");
	assert_true(revs[0].is_public);
	assert_string_equal(revs[1].school_year, "2025/2026");
	assert_int_equal(revs[1].version, 2);
	assert_int_equal(revs[1].status, PS_MR_ADVIES);
	assert_false(revs[1].is_public);
	assert_int_equal(revs[2].version, 1);
	assert_true(revs[2].is_public);
	assert_int_equal(revs[2].id, id1);
	assert_true(strlen(revs[2].updated_at) >= 10);
	free(revs);

	assert_int_equal(store_profile_get_id(s, id2, &p), 1);
	assert_string_equal(p.summary, "derde");
	assert_int_equal(p.version, 2);
	profile_free(&p);
	assert_int_equal(store_profile_get_id(s, id3 + 1000, &p), 0);

	/* An explicit version (as `load` passes) overwrites exactly that one. */
	struct profile e;
	fill_profile(&e, sid, "2025/2026", PS_GEPUBLICEERD, "herladen");
	e.version = 1;
	assert_int_equal(store_profile_put(s, &e, PP_NEW_VERSION, &replaced), 0);
	assert_true(replaced);
	assert_int_equal(e.id, id1);
	profile_free(&e);
	assert_int_equal(store_profile_history(s, sid, &revs, &n), 0);
	assert_int_equal(n, 3);
	free(revs);
}

static void test_profile_errors(void **state)
{
	struct store *s = S(state);
	base_swv(s);
	int64_t sid = add_school(s, "78GH", "00", "Het Kompas", "Reusel");
	assert_int_equal(put(s, sid, "2025-2026", PS_CONCEPT, "x", PP_NEW_VERSION, NULL, NULL, NULL), -1);
	assert_non_null(strstr(store_errmsg(s), "school year"));
	assert_int_equal(put(s, sid + 999, "2025/2026", PS_CONCEPT, "x", PP_NEW_VERSION, NULL, NULL, NULL), -1);
	/* The connection is still usable after an error. */
	assert_int_equal(put(s, sid, "2025/2026", PS_CONCEPT, "x", PP_NEW_VERSION, NULL, NULL, NULL), 0);
	struct profile_rev *revs;
	size_t n;
	assert_int_equal(store_profile_history(s, sid, &revs, &n), 0);
	assert_int_equal(n, 1);
	free(revs);
}

static void test_transactions(void **state)
{
	struct store *s = S(state);
	assert_int_equal(store_commit(s), -1); /* commit without begin */
	struct swv v = {.code = (char *)"PO7", .name = (char *)"Zeven"};
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_swv_put(s, &v), 0);
	assert_int_equal(store_rollback(s), 0);
	struct swv got;
	assert_int_equal(store_swv_get(s, "PO7", &got), 0);

	/* A nested rollback dooms the outer transaction. */
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_swv_put(s, &v), 0);
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_rollback(s), 0);
	assert_int_equal(store_commit(s), -1);
	assert_int_equal(store_swv_get(s, "PO7", &got), 0);

	/* Nested commits only count at the outermost level. */
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_swv_put(s, &v), 0);
	assert_int_equal(store_commit(s), 0);
	assert_int_equal(store_commit(s), 0);
	assert_int_equal(store_swv_get(s, "PO7", &got), 1);
	swv_free(&got);

	/* A failing profile write inside a transaction rolls back everything. */
	base_swv(s);
	int64_t sid = add_school(s, "90IJ", "00", "De Klimop", "Eersel");
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(put(s, sid, "2025/2026", PS_CONCEPT, "x", PP_NEW_VERSION, NULL, NULL, NULL), 0);
	assert_int_equal(put(s, sid + 999, "2025/2026", PS_CONCEPT, "x", PP_NEW_VERSION, NULL, NULL, NULL), -1);
	assert_int_equal(store_commit(s), -1);
	struct profile p;
	assert_int_equal(store_profile_get(s, sid, NULL, PV_HEAD, &p), 0);

	/* store_clear empties the content. */
	assert_int_equal(store_clear(s), 0);
	assert_int_equal(store_swv_get(s, "PO7", &got), 0);
	struct school *list;
	size_t n;
	assert_int_equal(store_school_list(s, NULL, &list, &n), 0);
	assert_int_equal(n, 0);
	free(list);
}

static json_t *example(void)
{
	const char *src = getenv("PASSEND_SRC");
	char path[1024];
	snprintf(path, sizeof path, "%s/data/example/swv-kempenrand.json", src && *src ? src : ".");
	json_error_t je;
	json_t *j = json_load_file(path, 0, &je);
	if (!j)
		fail_msg("cannot read %s: %s", path, je.text);
	return j;
}

static void test_load_export(void **state)
{
	struct store *s = S(state);
	json_t *in = example();
	char err[700] = "";
	struct store_file_stats st;
	if (store_file_load(s, in, &st, err, sizeof err) < 0)
		fail_msg("load: %s", err);
	assert_int_equal(st.schools, (int)json_array_size(json_object_get(in, "schools")));
	json_t *out1 = store_file_export(s, NULL, err, sizeof err);
	assert_non_null(out1);
	assert_int_equal(json_array_size(out1), 1);
	/* Loading the same file again changes nothing. */
	if (store_file_load(s, in, NULL, err, sizeof err) < 0)
		fail_msg("reload: %s", err);
	json_t *out2 = store_file_export(s, NULL, err, sizeof err);
	assert_true(json_equal(out1, out2));
	json_decref(out2);
	/* Round trip through an empty database. */
	assert_int_equal(store_clear(s), 0);
	if (store_file_load(s, out1, NULL, err, sizeof err) < 0)
		fail_msg("load of export: %s", err);
	out2 = store_file_export(s, NULL, err, sizeof err);
	assert_true(json_equal(out1, out2));
	json_decref(out2);

	/* Drafts in the example are never public. */
	struct school *list;
	size_t n;
	assert_int_equal(store_school_list(s, NULL, &list, &n), 0);
	int drafts = 0, live = 0;
	for (size_t i = 0; i < n; i++) {
		struct profile_rev *revs;
		size_t nr;
		assert_int_equal(store_profile_history(s, list[i].id, &revs, &nr), 0);
		for (size_t k = 0; k < nr; k++) {
			if (revs[k].status != PS_GEPUBLICEERD) {
				assert_false(revs[k].is_public);
				drafts++;
			}
		}
		struct profile p;
		int rc = store_profile_get(s, list[i].id, NULL, PV_PUBLIC, &p);
		assert_true(rc >= 0);
		if (rc == 1) {
			assert_int_equal(p.status, PS_GEPUBLICEERD);
			profile_free(&p);
			live++;
		}
		free(revs);
		school_free(&list[i]);
	}
	free(list);
	assert_true(drafts > 0);
	/* The SWV list counts schools with a live (published) profile. */
	struct swv *vl;
	size_t nv;
	assert_int_equal(store_swv_list(s, &vl, &nv), 0);
	assert_int_equal(nv, 1);
	assert_int_equal(vl[0].school_count, live);
	swv_free(&vl[0]);
	free(vl);

	/* Export equals the one the SQLite backend makes of the same file. */
	char path[256];
	snprintf(path, sizeof path, "/tmp/test_store_ref_%ld.db", (long)getpid());
	unlink(path);
	struct store *ref;
	assert_int_equal(store_open(path, true, &ref, err, sizeof err), 0);
	assert_int_equal(store_file_load(ref, in, NULL, err, sizeof err), 0);
	json_t *rout = store_file_export(ref, NULL, err, sizeof err);
	store_close(ref);
	unlink(path);
	if (!json_equal(out1, rout)) {
		char *a = json_dumps(out1, JSON_SORT_KEYS), *b = json_dumps(rout, JSON_SORT_KEYS);
		size_t i = 0;
		while (a[i] && a[i] == b[i])
			i++;
		fail_msg("export differs from SQLite's at byte %zu: ...%.80s... vs ...%.80s...", i, a + (i > 40 ? i - 40 : 0),
		         b + (i > 40 ? i - 40 : 0));
	}
	json_decref(rout);
	json_decref(out1);
	json_decref(in);
}


#ifdef PASSEND_HAVE_PG
/* The value of keyword kw in PASSEND_TEST_DB (malloc'd; NULL if unset). */
static char *conn_kw(const char *kw)
{
	char *msg = NULL;
	PQconninfoOption *opts = PQconninfoParse(getenv("PASSEND_TEST_DB"), &msg);
	PQfreemem(msg);
	char *v = NULL;
	for (PQconninfoOption *o = opts; o && o->keyword; o++)
		if (strcmp(o->keyword, kw) == 0 && o->val)
			v = xstrdup(o->val);
	PQconninfoFree(opts);
	return v;
}
#endif

/* schema=NAME in a URI (first or later query parameter) and as a keyword
 * names the same schema; a bad name is refused before connecting. */
static void test_pg_uri_schema(void **state)
{
#ifdef PASSEND_HAVE_PG
	struct fixture *f = *state;
	char *host = conn_kw("host"), *db = conn_kw("dbname"), *user = conn_kw("user");
	if (!host || host[0] != '/') {
		free(host);
		free(db);
		free(user);
		skip(); /* URI form below is written for a socket directory */
	}
	char uri1[1200], uri2[1200], kw[1200], err[512];
	snprintf(uri1, sizeof uri1, "postgresql:///%s?schema=%s_u&host=%s%s%s", db ? db : "postgres", f->schema, host,
	         user ? "&user=" : "", user ? user : "");
	snprintf(uri2, sizeof uri2, "postgresql:///%s?host=%s&schema=%s_u", db ? db : "postgres", host, f->schema);
	snprintf(kw, sizeof kw, "%s schema=%s_u", getenv("PASSEND_TEST_DB"), f->schema);
	struct store *a = NULL, *b = NULL, *c = NULL;
	assert_int_equal(store_open(uri1, true, &a, err, sizeof err), 0);
	struct swv v = {.code = (char *)"PO42", .name = (char *)"Schema-test"};
	assert_int_equal(store_swv_put(a, &v), 0);
	if (store_open(uri2, false, &b, err, sizeof err) < 0)
		fail_msg("%s", err);
	assert_int_equal(store_open(kw, false, &c, err, sizeof err), 0);
	struct swv got;
	assert_int_equal(store_swv_get(b, "PO42", &got), 1);
	swv_free(&got);
	assert_int_equal(store_swv_get(c, "PO42", &got), 1);
	swv_free(&got);
	/* The fixture's own schema does not see it. */
	assert_int_equal(store_swv_get(f->s, "PO42", &got), 0);
	store_close(a);
	store_close(b);
	store_close(c);
	char bad[1200];
	snprintf(bad, sizeof bad, "%s schema=Robert');DROP", getenv("PASSEND_TEST_DB"));
	assert_int_equal(store_open(bad, true, &a, err, sizeof err), -1);
	assert_non_null(strstr(err, "schema"));
	/* Drop the extra schema. */
	PGconn *pc = PQconnectdb(getenv("PASSEND_TEST_DB"));
	if (PQstatus(pc) == CONNECTION_OK) {
		PQclear(PQexec(pc, "SET client_min_messages = warning"));
		char name[100];
		snprintf(name, sizeof name, "%s_u", f->schema);
		char *id = PQescapeIdentifier(pc, name, strlen(name));
		char sql[200];
		snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE", id);
		PQclear(PQexec(pc, sql));
		PQfreemem(id);
	}
	PQfinish(pc);
	free(host);
	free(db);
	free(user);
#else
	(void)state;
	skip();
#endif
}

static void test_pg_skipped(void **state)
{
	(void)state;
	print_message("PASSEND_TEST_DB is not set (or this build has no PostgreSQL): PostgreSQL tests skipped;"
	              " run them with scripts/pg-test.sh or make check-pg\n");
	skip();
}

#define BOTH(name)                                                                                         \
	cmocka_unit_test_setup_teardown(name, setup_sqlite, teardown)
#define PG(name) cmocka_unit_test_setup_teardown(name, setup_pg, teardown)

int main(void)
{
	if (tax_init() < 0)
		return 1;
	const struct CMUnitTest sqlite_tests[] = {
	    BOTH(test_open),         BOTH(test_swv_board),      BOTH(test_school),
	    BOTH(test_profile_versions), BOTH(test_profile_errors), BOTH(test_transactions),
	    BOTH(test_load_export),
	};
	int rc = cmocka_run_group_tests_name("store on SQLite", sqlite_tests, NULL, NULL);
	const char *db = getenv("PASSEND_TEST_DB");
#ifdef PASSEND_HAVE_PG
	bool have_pg = db && *db;
#else
	bool have_pg = false;
	(void)db;
#endif
	if (have_pg) {
		const struct CMUnitTest pg_tests[] = {
		    PG(test_open),         PG(test_swv_board),      PG(test_school),
		    PG(test_profile_versions), PG(test_profile_errors), PG(test_transactions),
		    PG(test_load_export),      PG(test_pg_uri_schema),
		};
		rc |= cmocka_run_group_tests_name("store on PostgreSQL", pg_tests, NULL, NULL);
	} else {
		const struct CMUnitTest skipped[] = {cmocka_unit_test(test_pg_skipped)};
		cmocka_run_group_tests_name("store on PostgreSQL", skipped, NULL, NULL);
	}
	return rc;
}
