/*
 * page_static.c - embedded static assets, /healthz and the taxonomy API.
 */
#include <stdio.h>
#include <string.h>

#include "core/embed.h"
#include "core/taxonomy.h"
#include "web_routes.h"

static const char *mime_for(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot)
		return "application/octet-stream";
	if (strcmp(dot, ".css") == 0)
		return "text/css; charset=utf-8";
	if (strcmp(dot, ".js") == 0)
		return "text/javascript; charset=utf-8";
	if (strcmp(dot, ".svg") == 0)
		return "image/svg+xml";
	if (strcmp(dot, ".png") == 0)
		return "image/png";
	if (strcmp(dot, ".ico") == 0)
		return "image/x-icon";
	if (strcmp(dot, ".json") == 0 || strcmp(dot, ".yaml") == 0)
		return strcmp(dot, ".json") == 0 ? "application/json" : "text/yaml; charset=utf-8";
	return "application/octet-stream";
}

/* FNV-1a over the content: a strong-enough ETag for files that only change
 * with a new binary. */
static unsigned long long fnv(const char *s, size_t n)
{
	unsigned long long h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

int page_static(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	char name[256];
	/* The embedded table is the whole file system here: no path on disk is
	 * ever opened, so traversal cannot reach anything else. */
	if (snprintf(name, sizeof name, "static/%s", req->params[0]) >= (int)sizeof name)
		return web_error(c, req, resp, 404, "Niet gevonden.");
	const struct embed_file *f = embed_find(name);
	if (!f)
		return web_error(c, req, resp, 404, "Niet gevonden.");
	char etag[32];
	snprintf(etag, sizeof etag, "\"%016llx\"", fnv(f->data, f->len));
	web_resp_header(resp, "ETag", etag);
	web_resp_header(resp, "Cache-Control", "public, max-age=3600");
	const char *inm = web_header(req, "if-none-match");
	if (inm && strcmp(inm, etag) == 0) {
		resp->status = 304;
		return 0;
	}
	resp->status = 200;
	resp->content_type = mime_for(name);
	buf_append(&resp->body, f->data, f->len);
	return 0;
}

int page_healthz(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	(void)req;
	int v = store_schema_version(c->store);
	json_t *j = json_pack("{s:s,s:s,s:i}", "status", v > 0 ? "ok" : "error", "backend",
	                      store_backend(c->store), "schema_version", v);
	web_json(resp, v > 0 ? 200 : 503, j);
	json_decref(j);
	return 0;
}

int api_taxonomy(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	(void)c;
	(void)req;
	json_t *o = json_object();
	static const enum fact_kind kinds[] = {FK_NEED, FK_EXPERTISE, FK_FACILITY, FK_LIMIT, FK_ADMISSION};
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		json_t *arr = json_array();
		for (size_t i = 0; i < tax_count(kinds[k]); i++) {
			const struct tax_entry *e = tax_at(kinds[k], i);
			json_array_append_new(arr, json_pack("{s:s,s:s,s:s}", "code", e->code, "label", e->label,
			                                     "meaning", e->meaning));
		}
		json_object_set_new(o, fact_kind_str(kinds[k]), arr);
	}
	web_json(resp, 200, o);
	json_decref(o);
	return 0;
}
