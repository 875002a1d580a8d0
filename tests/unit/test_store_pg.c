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
#include "core/buf.h"
#include "core/taxonomy.h"
#include "core/util.h"
#include "store/store.h"
#include "store/store_auth.h"
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
		/* The batched read: all live profiles at once (reversed, one id
		 * twice, one unknown id), the same lists on both backends and the
		 * same as one by one. */
		if (k == 0) {
			size_t n = a.nschools + 2;
			int64_t *ia = calloc(n, sizeof *ia), *ib = calloc(n, sizeof *ib);
			for (size_t i = 0; i < a.nschools; i++) {
				ia[i] = a.schools[a.nschools - 1 - i].profile_id;
				ib[i] = b.schools[b.nschools - 1 - i].profile_id;
			}
			ia[n - 2] = a.schools[0].profile_id;
			ib[n - 2] = b.schools[0].profile_id;
			ia[n - 1] = ib[n - 1] = -7;
			struct fact_list *ma = calloc(n, sizeof *ma), *mb = calloc(n, sizeof *mb);
			int64_t va = -2, vb = -2;
			assert_int_equal(store_find_live_facts_many(P->lite, ia, n, ma, &va), 0);
			assert_int_equal(store_find_live_facts_many(P->pg, ib, n, mb, &vb), 0);
			/* The data version comes with the facts (PostgreSQL: same
			 * statement) and is the one store_find_data_version reports. */
			assert_true(va >= 0 && va == store_find_data_version(P->lite));
			assert_true(vb >= 0 && vb == store_find_data_version(P->pg));
			for (size_t i = 0; i < n; i++) {
				struct fact_list one;
				assert_int_equal(store_find_live_facts(P->pg, ib[i], &one), i == n - 1 ? 0 : 1);
				assert_int_equal(ma[i].n, mb[i].n);
				assert_int_equal(one.n, mb[i].n);
				for (size_t j = 0; j < ma[i].n; j++) {
					same_fact(&ma[i].v[j], &mb[i].v[j]);
					same_fact(&one.v[j], &mb[i].v[j]);
				}
				fact_list_free(&one);
				fact_list_free(&ma[i]);
				fact_list_free(&mb[i]);
			}
			free(ma);
			free(mb);
			free(ia);
			free(ib);
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
		/* Text only on request (for the hits shown); matches are marked. */
		for (size_t i = 0; i < nb && i < 5; i++) {
			assert_null(b[i].snippet);
			assert_int_equal(store_find_hit_text(P->pg, queries[k], nt, &b[i]), 0);
			assert_non_null(b[i].snippet);
			assert_non_null(b[i].heading);
			if (i < na)
				assert_int_equal(store_find_hit_text(P->lite, queries[k], nt, &a[i]), 0);
			if (i == 0 && !compound)
				assert_true(strchr(b[i].snippet, '\x01') || strchr(b[i].heading, '\x01'));
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
	for (size_t i = 0; i < nb; i++) {
		assert_int_equal(store_find_hit_text(P->pg, t1, 1, &b[i]), 0);
		assert_true(strchr(b[i].snippet, '\x01') || strchr(b[i].heading, '\x01'));
	}
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
		assert_int_equal(store_find_hit_text(s, t, 1, &h[0]), 0);
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


/* ---- store_auth.h: run one scenario on each backend, compare ---- */

/* A text trace of everything the scenario reads back; ids are replaced by
 * what they name so the two backends' traces can be compared. */
static void auth_scenario(struct store *s, buf *t)
{
	int64_t id = 0, id2 = 0, swv = 0, board = 0;
	assert_int_equal(store_auth_user_add(s, "Anna@Example.org", "Anna", "$argon2id$x", &id), 0);
	assert_int_equal(store_auth_user_add(s, "bert@example.org", "Bert", NULL, &id2), 0);
	/* The same address in other case is the same user. */
	int64_t dup = 0;
	assert_int_equal(store_auth_user_add(s, "anna@EXAMPLE.org", "Anna 2", NULL, &dup), -1);
	assert_int_equal(store_auth_swv_id(s, "po3099", &swv), 1);
	struct board *bl;
	size_t nb;
	assert_int_equal(store_board_list(s, "PO3099", &bl, &nb), 0);
	assert_true(nb > 0);
	assert_int_equal(store_auth_board_id(s, bl[0].code, &board), 1);
	for (size_t i = 0; i < nb; i++)
		board_free(&bl[i]);
	free(bl);
	assert_int_equal(store_auth_board_id(s, "nope", &board), 0);
	struct school sc;
	assert_int_equal(store_school_by_brin(s, "31QX", "00", &sc), 1);
	bool ch;
	assert_int_equal(store_auth_role_add(s, id, AR_SCHOOL_EDITOR, AS_SCHOOL, sc.id, &ch), 0);
	buf_printf(t, "add1=%d ", ch);
	assert_int_equal(store_auth_role_add(s, id, AR_SCHOOL_EDITOR, AS_SCHOOL, sc.id, &ch), 0);
	buf_printf(t, "add2=%d ", ch);
	assert_int_equal(store_auth_role_add(s, id, AR_SWV_STAFF, AS_SWV, swv, &ch), 0);
	assert_int_equal(store_auth_role_add(s, id, AR_ADMIN, AS_ALL, 77, &ch), 0);
	assert_int_equal(store_auth_role_add(s, id2, AR_BOARD_MEMBER, AS_BOARD, board, &ch), 0);
	assert_int_equal(store_auth_role_remove(s, id, AR_MR_MEMBER, AS_SCHOOL, sc.id, &ch), 0);
	buf_printf(t, "rm-missing=%d ", ch);
	int64_t bs = 0, vs = 0;
	assert_int_equal(store_auth_school_scope(s, sc.id, &bs, &vs), 1);
	buf_printf(t, "scope=%d,%d ", bs == board || bs > 0, vs == swv);
	assert_int_equal(store_auth_school_scope(s, sc.id + 100000, &bs, &vs), 0);

	struct auth_user u;
	assert_int_equal(store_auth_user_get(s, "ANNA@example.ORG", &u), 1);
	buf_printf(t, "user=%s/%s/%s/%d/%d roles=", u.email, u.name, u.pw_hash, u.disabled, u.failed_logins);
	for (size_t i = 0; i < u.nroles; i++)
		buf_printf(t, "%s:%s:%s:%s,", auth_role_str(u.roles[i].role), auth_scope_str(u.roles[i].scope),
		           u.roles[i].code, u.roles[i].name);
	auth_user_free(&u);
	assert_int_equal(store_auth_user_get(s, "nobody@example.org", &u), 0);

	/* Lockout after 3 failures. */
	bool locked;
	for (int i = 0; i < 3; i++) {
		assert_int_equal(store_auth_login_failed(s, id, 3, "2030-01-01T00:10:00Z", &locked), 0);
		buf_printf(t, "fail%d=%d ", i, locked);
	}
	assert_int_equal(store_auth_user_get_id(s, id, &u), 1);
	buf_printf(t, "locked=%s/%d ", u.locked_until ? u.locked_until : "-", u.failed_logins);
	auth_user_free(&u);
	assert_int_equal(store_auth_login_ok(s, id), 0);
	assert_int_equal(store_auth_user_set_password(s, id2, "$argon2id$y"), 0);
	assert_int_equal(store_auth_user_set_disabled(s, id2, true), 0);
	struct auth_user *ul;
	size_t nu;
	assert_int_equal(store_auth_user_list(s, &ul, &nu), 0);
	for (size_t i = 0; i < nu; i++) {
		buf_printf(t, "[%s %d %s %s %zu]", ul[i].email, ul[i].disabled, ul[i].pw_hash ? ul[i].pw_hash : "-",
		           ul[i].locked_until ? ul[i].locked_until : "-", ul[i].nroles);
		auth_user_free(&ul[i]);
	}
	free(ul);

	/* Login attempts. */
	assert_int_equal(store_auth_attempt_add(s, "10.0.0.1", "x@y", false, "2030-01-01T00:00:00Z"), 0);
	assert_int_equal(store_auth_attempt_add(s, "10.0.0.1", "x@y", false, "2030-01-01T00:05:00Z"), 0);
	assert_int_equal(store_auth_attempt_add(s, "10.0.0.1", "x@y", true, "2030-01-01T00:06:00Z"), 0);
	assert_int_equal(store_auth_attempt_add(s, "10.0.0.2", NULL, false, "2030-01-01T00:06:00Z"), 0);
	buf_printf(t, "attempts=%d,%d ", store_auth_attempt_count(s, "10.0.0.1", "2030-01-01T00:00:00Z"),
	           store_auth_attempt_count(s, "10.0.0.1", "2030-01-01T00:01:00Z"));
	assert_int_equal(store_auth_attempt_prune(s, "2030-01-01T00:05:30Z"), 0);
	buf_printf(t, "after-prune=%d ", store_auth_attempt_count(s, "10.0.0.1", "2000-01-01"));

	/* Sessions. */
	assert_int_equal(store_auth_session_add(s, "h1", id, "csrf1", "2030-01-01T00:00:00Z", "2030-01-02T00:00:00Z"), 0);
	assert_int_equal(store_auth_session_add(s, "h2", id, "csrf2", "2030-01-01T00:00:00Z", "2030-01-01T01:00:00Z"), 0);
	assert_int_equal(store_auth_session_add(s, "h3", id2, "csrf3", "2030-01-01T00:00:00Z", "2030-01-03T00:00:00Z"), 0);
	assert_int_equal(store_auth_session_add(s, "h1", id, "again", "2030-01-01T00:00:00Z", "2030-01-02T00:00:00Z"), -1);
	assert_int_equal(store_auth_session_touch(s, "h1", "2030-01-01T05:00:00Z"), 0);
	struct auth_session se;
	assert_int_equal(store_auth_session_get(s, "h1", &se), 1);
	buf_printf(t, "sess=%s/%s/%s/%d ", se.csrf, se.expires_at, se.last_seen, se.user_id == id);
	assert_int_equal(store_auth_session_get(s, "nope", &se), 0);
	assert_int_equal(store_auth_session_prune(s, "2030-01-01T02:00:00Z", "2030-01-01T01:00:00Z"), 0);
	buf_printf(t, "pruned=%d%d%d ", store_auth_session_get(s, "h1", &se), store_auth_session_get(s, "h2", &se),
	           store_auth_session_get(s, "h3", &se));
	int n = 0;
	assert_int_equal(store_auth_session_delete_user(s, id, &n), 0);
	buf_printf(t, "deleted=%d ", n);
	assert_int_equal(store_auth_session_delete(s, "h3"), 0);

	/* Audit log: filters. */
	struct audit_entry e = {.user_id = id, .action = "profile.publish", .object_kind = "profile", .object_id = 5,
	                        .after = "{\"status\":\"gepubliceerd\"}", .ip = "10.0.0.1", .school_id = sc.id,
	                        .swv_id = swv};
	assert_int_equal(store_audit_add(s, &e), 0);
	struct audit_entry e2 = {.action = "user.add", .object_kind = "user", .object_id = id2};
	assert_int_equal(store_audit_add(s, &e2), 0);
	struct audit_filter fs[] = {
	    {.limit = 10},
	    {.swv_id = swv, .limit = 10},
	    {.user = "ANNA@example.org", .limit = 10},
	    {.action = "user.add", .limit = 10},
	    {.from = "2000-01-01", .to = "2999-12-31", .limit = 1, .offset = 1},
	    {.to = "2000-01-01", .limit = 10},
	};
	for (size_t k = 0; k < sizeof fs / sizeof fs[0]; k++) {
		struct audit_row *ar;
		size_t na;
		assert_int_equal(store_audit_list(s, &fs[k], &ar, &na), 0);
		buf_printf(t, "audit%zu=", k);
		for (size_t i = 0; i < na; i++)
			buf_printf(t, "%s/%s/%s/%s/%d/%d,", ar[i].action, ar[i].user_email ? ar[i].user_email : "-",
			           ar[i].after ? ar[i].after : "-", ar[i].ip ? ar[i].ip : "-", ar[i].swv_id == swv,
			           ar[i].user_id == id);
		audit_rows_free(ar, na);
	}

	/* Formats and answers. */
	int v = 0;
	assert_int_equal(store_format_publish(s, swv, "meierij", "{\"a\":1}", id, &v), 0);
	buf_printf(t, "fmt=%d ", v);
	assert_int_equal(store_format_publish(s, swv, "meierij", "{\"a\":2}", 0, &v), 0);
	assert_int_equal(store_format_publish(s, swv, "anders", "{}", id, &v), 0);
	buf_printf(t, "fmt=%d ", v);
	struct format_row fr;
	assert_int_equal(store_format_get(s, swv, "meierij", 0, &fr), 1);
	buf_printf(t, "get=%d/%s/%d ", fr.version, fr.json, fr.published_by == 0);
	free(fr.json);
	assert_int_equal(store_format_get(s, swv, "meierij", 2, &fr), 1);
	buf_printf(t, "get2=%s ", fr.json);
	free(fr.json);
	assert_int_equal(store_format_get(s, swv, "meierij", 9, &fr), 0);
	struct format_row *fl;
	size_t nf;
	assert_int_equal(store_format_list(s, swv, &fl, &nf), 0);
	for (size_t i = 0; i < nf; i++)
		buf_printf(t, "%s.%d,", fl[i].key, fl[i].version);
	format_rows_free(fl, nf);
	struct profile p;
	assert_int_equal(store_profile_get(s, sc.id, NULL, PV_HEAD, &p), 1);
	char *json = NULL;
	assert_int_equal(store_answer_get(s, p.id, &json), 0);
	assert_int_equal(store_answer_put(s, p.id, "{\"q1\":\"ja\"}"), 0);
	assert_int_equal(store_answer_put(s, p.id, "{\"q1\":\"nee\"}"), 0);
	assert_int_equal(store_answer_get(s, p.id, &json), 1);
	buf_printf(t, "answer=%s", json);
	free(json);
	profile_free(&p);
	school_free(&sc);
	/* store_clear drops roles scoped to content rows, keeps the accounts
	 * and their "all" roles. */
	assert_int_equal(store_clear(s), 0);
	assert_int_equal(store_auth_user_get_id(s, id, &u), 1);
	buf_printf(t, " after-clear=%zu", u.nroles);
	for (size_t i = 0; i < u.nroles; i++)
		buf_printf(t, ":%s", auth_role_str(u.roles[i].role));
	auth_user_free(&u);
}

static void test_auth(void **state)
{
	NEED_PG(state);
	buf a = BUF_INIT, b = BUF_INIT;
	auth_scenario(P->lite, &a);
	auth_scenario(P->pg, &b);
	if (strcmp(buf_str(&a), buf_str(&b)) != 0)
		fail_msg("SQLite:     %s\nPostgreSQL: %s", buf_str(&a), buf_str(&b));
	assert_non_null(strstr(buf_str(&a), "add1=1 add2=0"));
	if (getenv("TEST_STORE_PG_TRACE"))
		print_message("%s\n", buf_str(&a));
	buf_free(&a);
	buf_free(&b);
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
	    cmocka_unit_test_setup_teardown(test_auth, setup, teardown),
	};
	return cmocka_run_group_tests_name("PostgreSQL backend = SQLite backend", tests, NULL, NULL);
}
