/*
 * web_auth.h - who is asking: sessions, roles, CSRF, and the permission
 * check the router applies to every route (see web_routes.h).
 */
#ifndef PASSEND_WEB_AUTH_H
#define PASSEND_WEB_AUTH_H

#include <jansson.h>

#include "web.h"

/* Look up the session cookie and set c->user and c->csrf (or leave them NULL
 * for anonymous visitors).  May add a Set-Cookie header to resp. */
void web_auth_resolve(struct web_ctx *c, struct web_req *req, struct web_resp *resp);

/* For state-changing requests: true when the form's "csrf" field (or the
 * X-CSRF-Token header) matches the session's token. */
bool web_auth_csrf_ok(struct web_ctx *c, const struct web_req *req);

/* Add "user" (name, roles) and "csrf" to a page's template context. */
void web_auth_page_context(struct web_ctx *c, json_t *ctx);

/* Release what web_auth_resolve allocated. */
void web_auth_done(struct web_ctx *c);

#endif
