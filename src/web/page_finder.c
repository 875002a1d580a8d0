/*
 * page_finder.c - HTTP handlers of the public finder (/zoeken), comparison
 * (/vergelijk), regional overview (/overzicht), full-text search (/tekst),
 * exports (/export/...) and their JSON API twins under /api/v1/.  The logic
 * is in find*.c; a page and its API answer render the same view data.
 */
#include "page_finder.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/embed.h"
#include "core/taxonomy.h"
#include "core/util.h"
#include "find.h"
#include "find_priv.h"
#include "render/html.h"
#include "render/tpl.h"
#include "view.h"

static const char *const DB_ERR = "De gegevens konden niet worden gelezen. Probeer het later opnieuw.";

/* The request's query string without pagina, for pagination links. */
static char *query_without_page(const struct web_req *req)
{
	buf b = BUF_INIT;
	for (size_t i = 0; i < req->query.n; i++) {
		const struct web_kv *kv = &req->query.v[i];
		if (strcmp(kv->key, "pagina") == 0 || !kv->value || !*kv->value)
			continue;
		if (b.len)
			buf_putc(&b, '&');
		url_encode(&b, kv->key);
		buf_putc(&b, '=');
		url_encode(&b, kv->value);
	}
	return buf_detach(&b);
}

static void add_pages(json_t *o, const struct web_req *req, const char *path)
{
	json_int_t page = json_integer_value(json_object_get(o, "page"));
	json_int_t pages = json_integer_value(json_object_get(o, "pages"));
	if (pages <= 1)
		return;
	json_object_set_new(o, "paged", json_true());
	char *qs = query_without_page(req);
	char url[WEB_MAX_URL + 64];
	if (page > 1) {
		snprintf(url, sizeof url, "%s?%s&pagina=%lld", path, qs, (long long)page - 1);
		json_object_set_new(o, "prev_url", json_string(url));
	}
	if (page < pages) {
		snprintf(url, sizeof url, "%s?%s&pagina=%lld", path, qs, (long long)page + 1);
		json_object_set_new(o, "next_url", json_string(url));
	}
	free(qs);
}

/* ---- finder ---- */

/* Page or API data for /zoeken and /api/v1/match; NULL with status/msg. */
static json_t *finder_data(struct web_ctx *c, struct web_req *req, bool with_form, int *status, char *msg,
                           size_t msglen)
{
	struct find_params p;
	int rc = find_params_parse(c->store, &req->query, &p, msg, msglen);
	if (rc) {
		*status = rc;
		if (rc == 500)
			snprintf(msg, msglen, "%s", DB_ERR);
		return NULL;
	}
	json_t *d = json_object();
	if (with_form)
		json_object_set_new(d, "form", find_form(c->store, &p));
	if (!p.needs && !p.facilities) {
		json_object_set_new(d, "guidance", json_true());
		if (req->query.n > 0)
			json_object_set_new(d, "guidance_empty", json_true());
		return d;
	}
	json_t *m = find_match(c->store, &p, time(NULL));
	if (!m) {
		json_decref(d);
		*status = 500;
		snprintf(msg, msglen, "%s", DB_ERR);
		return NULL;
	}
	add_pages(m, req, "/zoeken");
	json_object_set_new(d, "match", m);
	return d;
}

int page_find(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	int status = 0;
	char msg[256];
	json_t *d = finder_data(c, req, true, &status, msg, sizeof msg);
	if (!d)
		return web_error(c, req, resp, status, msg);
	json_object_set_new(d, "title", json_string("Zoek een school die past bij uw kind"));
	web_page(c, resp, 200, "zoeken", d);
	json_decref(d);
	return 0;
}

int api_match(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	int status = 0;
	char msg[256];
	json_t *d = finder_data(c, req, false, &status, msg, sizeof msg);
	if (!d)
		return web_error(c, req, resp, status, msg);
	if (json_object_get(d, "guidance")) {
		json_decref(d);
		return web_error(c, req, resp, 400, "Geef minstens één need of voorziening op.");
	}
	json_t *m = json_incref(json_object_get(d, "match"));
	json_decref(d);
	json_object_del(m, "prev_url");
	json_object_del(m, "next_url");
	web_json(resp, 200, m);
	json_decref(m);
	return 0;
}

/* ---- compare ---- */

static json_t *compare_data(struct web_ctx *c, struct web_req *req, int *status, char *msg, size_t msglen)
{
	const char *keys[8];
	size_t n = web_kv_all(&req->query, "school", keys, 8);
	if (n > 4) {
		*status = 400;
		snprintf(msg, msglen, "U kunt hoogstens vier scholen tegelijk vergelijken.");
		return NULL;
	}
	return find_compare(c->store, keys, n, status, msg, msglen);
}

/* /vergelijk with fewer than two schools (the school page links to
 * /vergelijk?school=KEY): a form to pick schools of the same SWV. */
static int compare_pick(struct web_ctx *c, struct web_req *req, struct web_resp *resp, const char *key)
{
	char brin[5] = "", vest[3] = "";
	if (key && !view_school_key_parse(key, brin, vest))
		return web_error(c, req, resp, 400, "Een schoolcode is BRIN plus vestigingsnummer, zoals 12AB00.");
	const struct find_index *ix = find_index_get(c->store);
	if (!ix)
		return web_error(c, req, resp, 500, DB_ERR);
	const char *swv = NULL, *name = NULL;
	for (size_t i = 0; key && i < ix->live.nschools; i++) {
		const struct school *sc = &ix->live.schools[i].school;
		if (strcmp(sc->brin, brin) == 0 && strcmp(sc->vestiging, vest) == 0) {
			swv = sc->swv_code;
			name = sc->name;
		}
	}
	if (key && !name)
		return web_error(c, req, resp, 404, "Deze school heeft geen gepubliceerd ondersteuningsprofiel.");
	json_t *list = json_array();
	for (size_t i = 0; swv && i < ix->live.nschools; i++) {
		const struct school *sc = &ix->live.schools[i].school;
		if (!str_eq(sc->swv_code, swv))
			continue;
		char k[8];
		snprintf(k, sizeof k, "%s%s", sc->brin, sc->vestiging);
		json_array_append_new(list, json_pack("{s:s,s:s,s:s?,s:b}", "key", k, "name", sc->name ? sc->name : k,
		                                      "place", sc->place, "checked", strcmp(k, key) == 0));
	}
	json_t *d = json_pack("{s:s,s:{s:o}}", "title", "Scholen vergelijken", "pick", "schools", list);
	if (name)
		json_object_set_new(json_object_get(d, "pick"), "name", json_string(name));
	web_page(c, resp, 200, "vergelijk", d);
	json_decref(d);
	return 0;
}

int page_compare(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	int status = 0;
	char msg[256];
	const char *keys[2];
	size_t nk = web_kv_all(&req->query, "school", keys, 2);
	if (nk < 2)
		return compare_pick(c, req, resp, nk ? keys[0] : NULL);
	json_t *d = compare_data(c, req, &status, msg, sizeof msg);
	if (!d)
		return web_error(c, req, resp, status, msg);
	json_object_set_new(d, "title", json_string("Scholen vergelijken"));
	web_page(c, resp, 200, "vergelijk", d);
	json_decref(d);
	return 0;
}

int api_compare(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	int status = 0;
	char msg[256];
	json_t *d = compare_data(c, req, &status, msg, sizeof msg);
	if (!d)
		return web_error(c, req, resp, status, msg);
	web_json(resp, 200, d);
	json_decref(d);
	return 0;
}

/* ---- overview ---- */

static bool code_ok(const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
			return false;
	return true;
}

int page_overview_list(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	const struct find_index *ix = find_index_get(c->store);
	if (!ix)
		return web_error(c, req, resp, 500, DB_ERR);
	json_t *arr = json_array();
	for (size_t i = 0; i < ix->nswv; i++) {
		json_t *o = json_pack("{s:s,s:s,s:i}", "code", ix->swvs[i].code, "name", ix->swvs[i].name, "schools",
		                      ix->swv_live[i]);
		if (ix->swvs[i].region)
			json_object_set_new(o, "region", json_string(ix->swvs[i].region));
		json_array_append_new(arr, o);
	}
	json_t *d = json_pack("{s:s,s:o}", "title", "Regio-overzicht: dekkend netwerk", "swvs", arr);
	web_page(c, resp, 200, "overzicht-lijst", d);
	json_decref(d);
	return 0;
}

static json_t *overview_data(struct web_ctx *c, struct web_req *req, int *status, char *msg, size_t msglen)
{
	const char *swv = req->params[0];
	if (!code_ok(swv, 15)) {
		*status = 404;
		snprintf(msg, msglen, "Dit samenwerkingsverband bestaat niet.");
		return NULL;
	}
	const char *board = web_kv_get(&req->query, "bestuur"), *place = web_kv_get(&req->query, "plaats");
	const char *nq = web_kv_get(&req->query, "n");
	if ((board && *board && !code_ok(board, 32)) || (place && strlen(place) > FIND_MAX_PLACE)) {
		*status = 400;
		snprintf(msg, msglen, "Het filter is ongeldig.");
		return NULL;
	}
	long n = 3;
	if (nq && *nq && !parse_int(nq, 1, 1000, &n)) {
		*status = 400;
		snprintf(msg, msglen, "N moet een geheel getal van 1 tot en met 1000 zijn.");
		return NULL;
	}
	struct find_overview_params p = {.swv = swv,
	                                 .board = board && *board ? board : NULL,
	                                 .place = place && *place ? place : NULL,
	                                 .min_schools = (int)n};
	json_t *d = find_overview(c->store, &p, time(NULL), status);
	if (!d)
		snprintf(msg, msglen, "%s", *status == 404 ? "Dit samenwerkingsverband bestaat niet." : DB_ERR);
	return d;
}

int page_overview(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	int status = 0;
	char msg[256];
	json_t *d = overview_data(c, req, &status, msg, sizeof msg);
	if (!d)
		return web_error(c, req, resp, status, msg);
	char *svg = find_overview_svg(d);
	json_object_set_new(d, "heatmap", tpl_safe_html(svg));
	free(svg);
	char title[300];
	snprintf(title, sizeof title, "Regio-overzicht %s",
	         json_string_value(json_object_get(json_object_get(d, "swv"), "name")));
	json_object_set_new(d, "title", json_string(title));
	web_page(c, resp, 200, "overzicht", d);
	json_decref(d);
	return 0;
}

int api_overview(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	int status = 0;
	char msg[256];
	json_t *d = overview_data(c, req, &status, msg, sizeof msg);
	if (!d)
		return web_error(c, req, resp, status, msg);
	web_json(resp, 200, d);
	json_decref(d);
	return 0;
}

/* ---- full-text search ---- */

int page_search(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	int status = 0;
	char msg[256];
	json_t *d = find_search(c->store, &req->query, &status, msg, sizeof msg);
	if (!d)
		return web_error(c, req, resp, status, msg);
	add_pages(d, req, "/tekst");
	json_object_set_new(d, "title", json_string("Zoeken in de tekst van de profielen"));
	web_page(c, resp, 200, "tekst", d);
	json_decref(d);
	return 0;
}

int api_search(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	int status = 0;
	char msg[256];
	json_t *d = find_search(c->store, &req->query, &status, msg, sizeof msg);
	if (!d)
		return web_error(c, req, resp, status, msg);
	/* Safe-HTML objects are for templates; the API gives the HTML as strings. */
	json_t *hits = json_object_get(d, "hits");
	for (size_t i = 0; i < json_array_size(hits); i++) {
		json_t *h = json_array_get(hits, i);
		const char *keys[] = {"snippet_html", "heading_html"};
		for (int k = 0; k < 2; k++) {
			json_t *v = json_object_get(json_object_get(h, keys[k]), "$html");
			json_object_set_new(h, keys[k], json_string(v ? json_string_value(v) : ""));
		}
	}
	web_json(resp, 200, d);
	json_decref(d);
	return 0;
}

/* ---- exports ---- */

int page_export(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	const char *swv = req->params[0], *file = req->params[1];
	static const char *const files[] = {"feiten.csv", "feiten.xlsx", "dekking.csv", "dekking.xlsx", NULL};
	int which = -1;
	for (int i = 0; files[i]; i++)
		if (strcmp(file, files[i]) == 0)
			which = i;
	if (which < 0 || !code_ok(swv, 15))
		return web_error(c, req, resp, 404, "Dit bestand bestaat niet.");
	bool xlsx = which % 2 == 1;
	buf out = BUF_INIT;
	int rc = find_export(c->store, swv, which < 2 ? "feiten" : "dekking", xlsx, &out);
	if (rc) {
		buf_free(&out);
		return web_error(c, req, resp, rc, rc == 404 ? "Dit samenwerkingsverband bestaat niet." : DB_ERR);
	}
	resp->status = 200;
	resp->content_type = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	                          : "text/csv; charset=utf-8";
	buf_reset(&resp->body);
	buf_append(&resp->body, out.data ? out.data : "", out.len);
	buf_free(&out);
	char cd[128];
	snprintf(cd, sizeof cd, "attachment; filename=\"%s-%s\"", swv, file);
	web_resp_header(resp, "Content-Disposition", cd);
	web_resp_header(resp, "Cache-Control", "no-store");
	return 0;
}

/* ---- OpenAPI ---- */

int api_openapi(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	const struct embed_file *f = embed_find("static/openapi.yaml");
	if (!f)
		return web_error(c, req, resp, 404, "not found");
	resp->status = 200;
	resp->content_type = "application/yaml; charset=utf-8";
	buf_reset(&resp->body);
	buf_append(&resp->body, f->data, f->len);
	return 0;
}
