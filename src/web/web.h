/*
 * web.h - the web layer's request/response model, shared by the
 * libmicrohttpd adapter (web_mhd.c), the one-request mode (web_http1.c,
 * `passend http`) and every page handler (page_*.c, api_*.c).
 *
 * Data flows one way: request -> router (web_router.c, permission check) ->
 * handler -> store -> model -> template/JSON -> response.
 */
#ifndef PASSEND_WEB_H
#define PASSEND_WEB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "core/buf.h"
#include "store/store.h"

/* Limits on everything that comes from the network. */
#define WEB_MAX_URL 4096
#define WEB_MAX_HEADERS 64
#define WEB_MAX_HEADER_BYTES 16384
#define WEB_MAX_BODY (1u * 1024 * 1024)    /* forms and JSON */
#define WEB_MAX_UPLOAD (32u * 1024 * 1024) /* document uploads (import) */
#define WEB_MAX_PARAMS 256                 /* query + form fields */
#define WEB_MAX_PATH_PARAMS 4

struct web_kv {
	char *key;
	char *value;
};

struct web_kvs {
	struct web_kv *v;
	size_t n;
};

struct web_user; /* the signed-in user, see web_auth.h */

struct web_req {
	char method[8];
	char *path;       /* percent-decoded path, without the query */
	struct web_kvs query;
	struct web_kvs form;    /* application/x-www-form-urlencoded body */
	struct web_kvs cookies;
	struct web_kvs headers; /* names in lower case */
	char *body;             /* raw body (NUL-terminated), may be NULL */
	size_t body_len;
	char remote_addr[64];
	const char *params[WEB_MAX_PATH_PARAMS]; /* {x} segments of the matched route */
	int nparams;
};

struct web_resp {
	int status;
	const char *content_type; /* static string */
	buf body;
	struct web_kvs headers;   /* extra headers (owned) */
};

/* Shared, immutable after start-up: safe to read from every thread. */
struct web_app {
	const char *db_uri;
	struct tpl_set *tpl;
	bool secure_cookies; /* set the Secure flag (behind TLS) */
	const char *base_url; /* for absolute links in exports; may be NULL */
};

/* Per request (and per thread for the store connection). */
struct web_ctx {
	const struct web_app *app;
	struct store *store;     /* this thread's connection */
	struct web_user *user;   /* NULL = anonymous */
	const char *csrf;        /* the session's CSRF token, when signed in */
};

/* ---- request helpers (web_parse.c) ---- */

/* First value of a key, or NULL. */
const char *web_kv_get(const struct web_kvs *kv, const char *key);
/* All values of a repeated key (checkboxes): fills up to max pointers,
 * returns the count. */
size_t web_kv_all(const struct web_kvs *kv, const char *key, const char **out, size_t max);
void web_kvs_add(struct web_kvs *kv, const char *key, size_t klen, const char *val, size_t vlen);
void web_kvs_free(struct web_kvs *kv);
/* Parse "a=1&b=%20x" into kv (appending).  Returns 0, or -1 on malformed
 * escapes, invalid UTF-8 or more than WEB_MAX_PARAMS fields. */
int web_parse_urlencoded(const char *s, size_t n, struct web_kvs *kv);
/* Parse a Cookie header into kv. */
void web_parse_cookies(const char *s, struct web_kvs *kv);
/* Header value (name in lower case) or NULL. */
const char *web_header(const struct web_req *r, const char *name);
/* Convenience: query parameter, then form field. */
const char *web_param(const struct web_req *r, const char *key);
void web_req_free(struct web_req *r);
/* Set req->path and req->query from a raw request target "/path?query"
 * (web_http1.c).  The path is percent-decoded strictly (an encoded '/', '\\'
 * or NUL is refused).  Returns 0 or an HTTP status (400). */
int web_req_set_target(struct web_req *req, const char *target);
/* Parse req->body into req->form for urlencoded forms.  0 or 400. */
int web_req_parse_body(struct web_req *req);

/* ---- response helpers (web_router.c) ---- */

void web_resp_init(struct web_resp *r);
void web_resp_free(struct web_resp *r);
void web_resp_header(struct web_resp *r, const char *name, const char *value);
/* Render template `name` with data (borrowed) as an HTML page with status.
 * Adds the common page context (user, csrf, navigation).  Returns 0. */
int web_page(struct web_ctx *c, struct web_resp *r, int status, const char *name, json_t *data);
/* Write data (borrowed) as JSON. */
int web_json(struct web_resp *r, int status, json_t *data);
/* An error page (HTML) or JSON error for API paths, with a Dutch message. */
int web_error(struct web_ctx *c, const struct web_req *req, struct web_resp *r, int status, const char *msg);
/* 303 See Other to a local path (must start with '/'). */
int web_redirect(struct web_resp *r, const char *location);
/* True when the request path is under /api/. */
bool web_is_api(const struct web_req *req);

/* ---- the router (web_router.c) ---- */

/* Handle one request: route, check permission, run the handler, add the
 * security headers.  Never fails: errors become error responses. */
void web_handle(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
/* Add the security headers and Cache-Control to a response (idempotent).
 * web_handle calls it; adapters call it for errors they answer themselves. */
void web_finish(struct web_ctx *c, struct web_resp *resp);

/* ---- front doors ---- */

/* Serve HTTP until SIGINT/SIGTERM (web_mhd.c).  Returns an exit code. */
int web_serve(const struct web_app *app, const char *bind_addr, int port, int threads);
/* Read one HTTP request from in, answer on out (web_http1.c). */
int web_http_once(const struct web_app *app, FILE *in, FILE *out);

/* Per-thread store connection used by the adapters (web_ctx.c): opened on
 * first use, kept for the thread's lifetime. NULL with err on failure. */
struct store *web_thread_store(const struct web_app *app, char *err, size_t errlen);
/* Close the calling thread's connection (pool threads close theirs on exit;
 * the main thread calls this before it returns). */
void web_thread_store_close(void);

#endif
