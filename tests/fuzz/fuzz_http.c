/*
 * fuzz_http.c - libFuzzer target for HTTP request handling: the input is
 * one raw HTTP/1.x request, answered by web_http_once() (the same parser and
 * router as `passend http`) against a small SQLite database created once in
 * LLVMFuzzerInitialize from the tiny profile below.  The input is also fed
 * to the urlencoded and cookie parsers directly.  Error responses are
 * expected results; crashes, leaks and sanitizer reports are findings.
 *
 * Build: CC=clang cmake -S . -B build-fuzz -DPASSEND_FUZZ=ON && cmake --build build-fuzz --target fuzz_http
 * Run:   build-fuzz/fuzz_http -max_total_time=30 build-fuzz/corpus/fuzz_http
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/taxonomy.h"
#include "render/tpl.h"
#include "store/store.h"
#include "store/store_file.h"
#include "web/web.h"

/* One SWV, one school with a published and a draft version: enough for the
 * home page, the school page, the API and the 404 paths to do real work. */
static const char profile_json[] =
    "{\"passend\":\"profiles\",\"version\":1,"
    "\"swv\":{\"code\":\"PO3098\",\"name\":\"Samenwerkingsverband Polderzicht\"},"
    "\"boards\":[{\"code\":\"42001\",\"name\":\"Stichting Polderscholen\"}],"
    "\"schools\":[{\"brin\":\"19ZW\",\"vestiging\":\"00\",\"name\":\"OBS De Dijkwachter\",\"board\":\"42001\","
    "\"kind\":\"bao\",\"place\":\"Oudeland\",\"postcode\":\"8251 XK\",\"lat\":52.52,\"lon\":5.71,\"pupils\":96,"
    "\"profiles\":[{\"school_year\":\"2025/2026\",\"version\":1,\"status\":\"gepubliceerd\",\"format\":\"sodk\","
    "\"summary\":\"Kleine school.\",\"dates\":{\"mr_advice\":\"2025-06-02\",\"set\":\"2025-06-19\","
    "\"published\":\"2025-08-29\"},\"sections\":[{\"key\":\"grenzen\",\"heading\":\"Grenzen\","
    "\"text\":\"Geen lift.\\n\\n\\u2022 Veel verzorging kunnen we niet bieden.\"}],"
    "\"facts\":[{\"kind\":\"levels\",\"count\":3},{\"kind\":\"need\",\"code\":\"lezen_dyslexie\","
    "\"where\":\"school\",\"levels\":[1,2]},{\"kind\":\"facility\",\"code\":\"lift\",\"present\":false},"
    "{\"kind\":\"partner\",\"value\":\"Kentalis\"}]},"
    "{\"school_year\":\"2025/2026\",\"version\":2,\"status\":\"concept\",\"format\":\"sodk\","
    "\"sections\":[],\"facts\":[]}]}]}";

static struct web_app app;
static char db_path[256];
static FILE *devnull;

static void cleanup(void)
{
	char p[300];
	unlink(db_path);
	snprintf(p, sizeof p, "%s-wal", db_path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", db_path);
	unlink(p);
}

/* A request may reach the PDF routes: fontconfig and pango keep
 * process-wide caches that are never freed by design (as in test_pdf.c). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\nleak:libpangoft2-1.0.so\n";
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	setenv("G_SLICE", "always-malloc", 0);
	(void)argc;
	(void)argv;
	if (tax_init() < 0)
		abort();
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	snprintf(db_path, sizeof db_path, "%s/passend-fuzz-http-%ld.db", tmp, (long)getpid());
	cleanup();
	atexit(cleanup);
	struct store *s;
	char err[512];
	if (store_open(db_path, true, &s, err, sizeof err) < 0) {
		fprintf(stderr, "fuzz_http: %s\n", err);
		abort();
	}
	json_error_t je;
	json_t *root = json_loads(profile_json, JSON_REJECT_DUPLICATES, &je);
	if (!root || store_file_load(s, root, NULL, err, sizeof err) < 0) {
		fprintf(stderr, "fuzz_http: cannot load the embedded profile: %s\n", root ? err : je.text);
		abort();
	}
	json_decref(root);
	store_close(s);
	app.db_uri = db_path;
	app.tpl = tpl_set_load(NULL, err, sizeof err);
	if (!app.tpl) {
		fprintf(stderr, "fuzz_http: templates: %s\n", err);
		abort();
	}
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0 || size > 65536)
		return 0;
	/* The parsers on their own. */
	struct web_kvs kv = {0};
	web_parse_urlencoded((const char *)data, size, &kv);
	web_kvs_free(&kv);
	char *z = malloc(size + 1);
	if (!z)
		return 0;
	memcpy(z, data, size);
	z[size] = '\0';
	web_parse_cookies(z, &kv);
	web_kvs_free(&kv);
	free(z);
	/* The whole request path: parse, route, handle, render. */
	FILE *in = fmemopen((void *)data, size, "r");
	if (!in)
		return 0;
	web_http_once(&app, in, devnull);
	fclose(in);
	return 0;
}
