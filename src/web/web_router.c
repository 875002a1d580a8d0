/*
 * web_router.c - dispatch a request through the route table, check the
 * route's permission, run the handler and finish the response (security
 * headers, error pages).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "render/html.h"
#include "render/tpl.h"
#include "web_auth.h"
#include "web_routes.h"

void web_resp_init(struct web_resp *r)
{
	memset(r, 0, sizeof *r);
	r->status = 200;
	r->content_type = "text/html; charset=utf-8";
}

void web_resp_free(struct web_resp *r)
{
	buf_free(&r->body);
	web_kvs_free(&r->headers);
}

void web_resp_header(struct web_resp *r, const char *name, const char *value)
{
	web_kvs_add(&r->headers, name, strlen(name), value, strlen(value));
}

bool web_is_api(const struct web_req *req)
{
	return req->path && strncmp(req->path, "/api/", 5) == 0;
}

int web_json(struct web_resp *r, int status, json_t *data)
{
	r->status = status;
	r->content_type = "application/json";
	buf_reset(&r->body);
	char *s = json_dumps(data, JSON_COMPACT | JSON_PRESERVE_ORDER);
	buf_puts(&r->body, s);
	buf_putc(&r->body, '\n');
	free(s);
	return 0;
}

int web_page(struct web_ctx *c, struct web_resp *r, int status, const char *name, json_t *data)
{
	r->status = status;
	r->content_type = "text/html; charset=utf-8";
	buf_reset(&r->body);
	json_t *ctx = json_deep_copy(data);
	web_auth_page_context(c, ctx);
	char err[256];
	if (tpl_render(c->app->tpl, name, ctx, &r->body, err, sizeof err) < 0) {
		fprintf(stderr, "passend: template %s: %s\n", name, err);
		r->status = 500;
		r->content_type = "text/plain; charset=utf-8";
		buf_reset(&r->body);
		buf_puts(&r->body, "Interne fout bij het opbouwen van de pagina.\n");
	}
	json_decref(ctx);
	return 0;
}

int web_error(struct web_ctx *c, const struct web_req *req, struct web_resp *r, int status, const char *msg)
{
	if (web_is_api(req)) {
		json_t *j = json_pack("{s:{s:i,s:s}}", "error", "status", status, "message", msg);
		web_json(r, status, j);
		json_decref(j);
		return 0;
	}
	const char *title = status == 404   ? "Pagina niet gevonden"
	                    : status == 403 ? "Geen toegang"
	                    : status == 401 ? "Inloggen nodig"
	                    : status == 400 ? "Ongeldige aanvraag"
	                    : status == 405 ? "Methode niet toegestaan"
	                    : status == 413 ? "Te groot"
	                                    : "Er ging iets mis";
	json_t *j = json_pack("{s:s,s:s,s:i}", "title", title, "message", msg, "status", status);
	web_page(c, r, status, "error", j);
	json_decref(j);
	return 0;
}

int web_redirect(struct web_resp *r, const char *location)
{
	/* Only local redirects: an attacker-supplied "next" must not send users
	 * to another site. */
	if (!location || location[0] != '/' || location[1] == '/' || location[1] == '\\')
		location = "/";
	r->status = 303;
	web_resp_header(r, "Location", location);
	buf_reset(&r->body);
	return 0;
}

/* Match pattern ("/school/{}/profiel") against path; fill params. */
static bool match(const char *pat, const char *path, struct web_req *req, char *store, size_t storelen)
{
	int np = 0;
	size_t used = 0;
	while (*pat && *path) {
		if (pat[0] == '{' && pat[1] == '}') {
			const char *end = strchr(path, '/');
			size_t n = end ? (size_t)(end - path) : strlen(path);
			if (n == 0 || np == WEB_MAX_PATH_PARAMS || used + n + 1 > storelen)
				return false;
			memcpy(store + used, path, n);
			store[used + n] = '\0';
			req->params[np++] = store + used;
			used += n + 1;
			path += n;
			pat += 2;
			continue;
		}
		if (*pat != *path)
			return false;
		pat++;
		path++;
	}
	if (*pat || *path)
		return false;
	req->nparams = np;
	return true;
}

static void security_headers(struct web_resp *r)
{
	web_resp_header(r, "Content-Security-Policy",
	                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
	                " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
	web_resp_header(r, "X-Content-Type-Options", "nosniff");
	web_resp_header(r, "X-Frame-Options", "DENY");
	web_resp_header(r, "Referrer-Policy", "same-origin");
	web_resp_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	web_resp_header(r, "Permissions-Policy", "geolocation=(), camera=(), microphone=()");
}

/* Reject paths that could mean something else after normalisation. */
static bool path_ok(const char *p)
{
	if (!p || p[0] != '/' || strlen(p) > WEB_MAX_URL)
		return false;
	if (strstr(p, "/../") || strstr(p, "/./") || strstr(p, "//"))
		return false;
	size_t n = strlen(p);
	if ((n >= 3 && strcmp(p + n - 3, "/..") == 0) || (n >= 2 && strcmp(p + n - 2, "/.") == 0))
		return false;
	if (strchr(p, '\\'))
		return false;
	return utf8_valid(p, n);
}

void web_handle(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	char pbuf[WEB_MAX_URL + 8];
	if (!path_ok(req->path)) {
		web_error(c, req, resp, 400, "Dit adres is ongeldig.");
		goto done;
	}
	web_auth_resolve(c, req, resp);
	bool path_matched = false;
	const struct web_route *hit = NULL;
	for (int t = 0; web_route_tables[t] && !hit; t++) {
		for (const struct web_route *rt = web_route_tables[t]; rt->pattern; rt++) {
			if (!match(rt->pattern, req->path, req, pbuf, sizeof pbuf))
				continue;
			path_matched = true;
			if (strcmp(rt->method, req->method) == 0 ||
			    (strcmp(rt->method, "GET") == 0 && strcmp(req->method, "HEAD") == 0)) {
				hit = rt;
				break;
			}
		}
	}
	if (!hit) {
		if (path_matched) {
			web_resp_header(resp, "Allow", "GET, HEAD, POST");
			web_error(c, req, resp, 405, "Deze methode is hier niet toegestaan.");
		} else {
			web_error(c, req, resp, 404, "Deze pagina bestaat niet (meer).");
		}
		goto done;
	}
	int deny = web_authorize(c, req, hit->perm, hit->scope);
	if (deny == 401 && !web_is_api(req) && strcmp(req->method, "GET") == 0) {
		buf loc = BUF_INIT;
		buf_puts(&loc, "/login?next=");
		url_encode(&loc, req->path);
		web_redirect(resp, buf_str(&loc));
		buf_free(&loc);
		goto done;
	}
	if (deny) {
		web_error(c, req, resp, deny, deny == 401 ? "Log in om deze pagina te gebruiken."
		                                          : "U heeft geen toegang tot deze pagina.");
		goto done;
	}
	if (strcmp(req->method, "POST") == 0 && !web_auth_csrf_ok(c, req)) {
		web_error(c, req, resp, 403, "Het formulier is verlopen of ongeldig. Laad de pagina opnieuw.");
		goto done;
	}
	hit->handler(c, req, resp);
done:
	web_finish(c, resp);
}

void web_finish(struct web_ctx *c, struct web_resp *resp)
{
	if (web_kv_get(&resp->headers, "Content-Security-Policy"))
		return; /* already finished */
	security_headers(resp);
	if (!web_kv_get(&resp->headers, "Cache-Control"))
		web_resp_header(resp, "Cache-Control", c->user ? "no-store" : "no-cache");
}
