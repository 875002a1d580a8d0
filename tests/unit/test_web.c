/*
 * test_web.c - web/: query, form and cookie parsing, the strict path
 * decoder, and the router (routing, 404/405/400, security headers, drafts
 * never public) against a temporary SQLite database with the example data.
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

#include "core/taxonomy.h"
#include "core/util.h"
#include "render/tpl.h"
#include "store/store_file.h"
#include "web/web.h"

static char dbpath[64];
static struct web_app app;

static void test_urlencoded(void **state)
{
	(void)state;
	struct web_kvs kv = {0};
	const char *q = "a=1&b=x+y&c=%C3%A9&need=ass&need=gedrag&empty=&flag";
	assert_int_equal(web_parse_urlencoded(q, strlen(q), &kv), 0);
	assert_string_equal(web_kv_get(&kv, "a"), "1");
	assert_string_equal(web_kv_get(&kv, "b"), "x y");
	assert_string_equal(web_kv_get(&kv, "c"), "é");
	assert_string_equal(web_kv_get(&kv, "empty"), "");
	assert_string_equal(web_kv_get(&kv, "flag"), "");
	const char *needs[4];
	assert_int_equal(web_kv_all(&kv, "need", needs, 4), 2);
	assert_string_equal(needs[1], "gedrag");
	assert_null(web_kv_get(&kv, "missing"));
	web_kvs_free(&kv);
	const char *bad[] = {"a=%", "a=%4", "a=%zz", "a=%C3%28", "a=%00b"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct web_kvs k2 = {0};
		if (web_parse_urlencoded(bad[i], strlen(bad[i]), &k2) != -1)
			fail_msg("accepted %s", bad[i]);
		web_kvs_free(&k2);
	}
	/* more than WEB_MAX_PARAMS fields is refused */
	buf many = BUF_INIT;
	for (int i = 0; i < WEB_MAX_PARAMS + 1; i++)
		buf_printf(&many, "k%d=v&", i);
	struct web_kvs k3 = {0};
	assert_int_equal(web_parse_urlencoded(many.data, many.len, &k3), -1);
	web_kvs_free(&k3);
	buf_free(&many);
}

static void test_cookies(void **state)
{
	(void)state;
	struct web_kvs kv = {0};
	web_parse_cookies("a=1; passend_sessie=abc ;b", &kv);
	assert_string_equal(web_kv_get(&kv, "a"), "1");
	assert_string_equal(web_kv_get(&kv, "passend_sessie"), "abc ");
	assert_string_equal(web_kv_get(&kv, "b"), "");
	web_kvs_free(&kv);
}

static void test_target(void **state)
{
	(void)state;
	struct {
		const char *target;
		int status;
		const char *path;
	} cases[] = {
	    {"/school/31QX00?jaar=2025-2026", 0, "/school/31QX00"},
	    {"/a%20b", 0, "/a b"},
	    {"/school/a%2F..", 400, NULL},
	    {"/x%00y", 400, NULL},
	    {"/x%5Cy", 400, NULL},
	    {"/x%C3%28", 400, NULL},
	    {"/bad%zz", 400, NULL},
	    {"relative", 400, NULL},
	    {"/q?a=%", 400, NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct web_req r;
		memset(&r, 0, sizeof r);
		int st = web_req_set_target(&r, cases[i].target);
		if (st != cases[i].status)
			fail_msg("%s: status %d", cases[i].target, st);
		if (cases[i].path)
			assert_string_equal(r.path, cases[i].path);
		web_req_free(&r);
	}
}

/* Run one GET through the router; returns the response (caller frees). */
static struct web_resp get(const char *target)
{
	struct web_req req;
	memset(&req, 0, sizeof req);
	snprintf(req.method, sizeof req.method, "GET");
	struct web_resp resp;
	web_resp_init(&resp);
	struct web_ctx ctx = {.app = &app};
	char err[256];
	ctx.store = web_thread_store(&app, err, sizeof err);
	assert_non_null(ctx.store);
	if (web_req_set_target(&req, target) != 0)
		fail_msg("bad target %s", target);
	web_handle(&ctx, &req, &resp);
	web_req_free(&req);
	return resp;
}

static void test_router(void **state)
{
	(void)state;
	struct web_resp r = get("/");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(buf_str(&r.body), "Basisschool De Vlinderboom"));
	assert_non_null(strstr(web_kv_get(&r.headers, "Content-Security-Policy"), "frame-ancestors 'none'"));
	assert_string_equal(web_kv_get(&r.headers, "X-Content-Type-Options"), "nosniff");
	web_resp_free(&r);

	r = get("/school/31QX00");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(buf_str(&r.body), "Ondersteuning in het kort"));
	web_resp_free(&r);

	r = get("/school/31qx00?jaar=2025-2026");
	assert_int_equal(r.status, 200);
	web_resp_free(&r);

	r = get("/school/31QX00?jaar=1999-2001");
	assert_int_equal(r.status, 400);
	web_resp_free(&r);

	r = get("/school/99ZZ00");
	assert_int_equal(r.status, 404);
	web_resp_free(&r);

	r = get("/school/%3Cscript%3E");
	assert_int_equal(r.status, 404);
	assert_null(strstr(buf_str(&r.body), "<script>"));
	web_resp_free(&r);

	r = get("/nope");
	assert_int_equal(r.status, 404);
	web_resp_free(&r);

	r = get("/static/../CMakeLists.txt");
	assert_int_equal(r.status, 400);
	web_resp_free(&r);

	r = get("/static/style.css");
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "text/css; charset=utf-8");
	web_resp_free(&r);

	r = get("/api/v1/schools/31QX00");
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "application/json");
	json_error_t je;
	json_t *j = json_loads(buf_str(&r.body), 0, &je);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "profile"), "status")),
	                    "gepubliceerd");
	json_decref(j);
	web_resp_free(&r);

	r = get("/api/v1/nope");
	assert_int_equal(r.status, 404);
	assert_string_equal(r.content_type, "application/json");
	web_resp_free(&r);
}

/* A school whose newest year is only a concept must show its published
 * year, and asking for the draft year must not reveal it. */
static void test_drafts_not_public(void **state)
{
	(void)state;
	struct web_resp r = get("/school/31QX00?jaar=2027-2028");
	assert_int_equal(r.status, 404);
	web_resp_free(&r);
	r = get("/school/31QX00");
	assert_null(strstr(buf_str(&r.body), "2027/2028"));
	web_resp_free(&r);
	r = get("/api/v1/schools/31QX00?jaar=2027-2028");
	assert_int_equal(r.status, 404);
	web_resp_free(&r);
}

static int setup(void **state)
{
	(void)state;
	if (tax_init() < 0)
		return -1;
	snprintf(dbpath, sizeof dbpath, "/tmp/passend-web-%d.db", (int)getpid());
	struct store *s;
	char err[512];
	if (store_open(dbpath, true, &s, err, sizeof err) < 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	const char *src = getenv("PASSEND_SRC");
	char path[1024];
	snprintf(path, sizeof path, "%s/data/example/swv-kempenrand.json", src ? src : ".");
	json_error_t je;
	json_t *root = json_load_file(path, 0, &je);
	if (!root || store_file_load(s, root, NULL, err, sizeof err) < 0) {
		fprintf(stderr, "load: %s %s\n", je.text, err);
		return -1;
	}
	json_decref(root);
	store_close(s);
	app.db_uri = dbpath;
	app.tpl = tpl_set_load(NULL, err, sizeof err);
	return app.tpl ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	web_thread_store_close();
	tpl_set_free(app.tpl);
	char p[80];
	unlink(dbpath);
	snprintf(p, sizeof p, "%s-wal", dbpath);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", dbpath);
	unlink(p);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_urlencoded), cmocka_unit_test(test_cookies),
	    cmocka_unit_test(test_target),     cmocka_unit_test(test_router),
	    cmocka_unit_test(test_drafts_not_public),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
