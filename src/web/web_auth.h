/*
 * web_auth.h - who is asking: sessions, roles, CSRF, and the permission
 * check the router applies to every route (see web_routes.h).
 *
 * The session cookie "passend_sessie" holds a random token (32 bytes,
 * base64url); the database stores only its BLAKE2b hash (auth.h).  Every
 * session has its own CSRF token, required on every POST.  Before login
 * there is no session, so the login form uses a double-submit cookie
 * "passend_login" instead.
 */
#ifndef PASSEND_WEB_AUTH_H
#define PASSEND_WEB_AUTH_H

#include <jansson.h>

#include "store/store_auth.h"
#include "web.h"
#include "web_routes.h"

#define WEB_SESSION_COOKIE "passend_sessie"
#define WEB_LOGIN_COOKIE "passend_login"

/* The signed-in user of a request (c->user), owned by the context and freed
 * by web_auth_done. */
struct web_user {
	struct auth_user u;       /* id, e-mail, name, roles */
	char token_hash[65];      /* the session's hash (to end this session) */
	char csrf[64];
};

/* Look up the session cookie and set c->user and c->csrf (or leave them NULL
 * for anonymous visitors).  May add a Set-Cookie header to resp (to clear
 * an expired session's cookie). */
void web_auth_resolve(struct web_ctx *c, struct web_req *req, struct web_resp *resp);

/* For state-changing requests: true when the form's "csrf" field (or the
 * X-CSRF-Token header; for multipart forms the "csrf" part) matches the
 * session's token, compared in constant time.  Without a session: true when
 * the field matches the pre-session login cookie (double submit). */
bool web_auth_csrf_ok(struct web_ctx *c, const struct web_req *req);

/* Add "user" (name, email, roles) and "csrf" to a page's template context. */
void web_auth_page_context(struct web_ctx *c, json_t *ctx);

/* Release what web_auth_resolve allocated. */
void web_auth_done(struct web_ctx *c);

/* ---- used by the login/logout pages and the authoring handlers ---- */

/* The pre-session CSRF token for the login form: the request's valid
 * "passend_login" cookie, or a new one (then a Set-Cookie is added).  out
 * has AUTH_TOKEN_LEN + 1 bytes. */
void web_auth_login_token(struct web_ctx *c, const struct web_req *req, struct web_resp *resp, char *out, size_t n);

/* Start a new session for user_id (a fresh token: any cookie the browser
 * sent is ignored, so a planted session id is useless) and set the cookie.
 * Returns 0, or -1 on a database error. */
int web_auth_start_session(struct web_ctx *c, struct web_resp *resp, int64_t user_id);

/* End the current session (everywhere = all sessions of the user) and clear
 * the cookie.  *n (may be NULL) gets the number of sessions ended. */
int web_auth_end_session(struct web_ctx *c, struct web_resp *resp, bool everywhere, int *n);

/* Does the current user hold perm on school_id (0 with SCOPE_NONE meaning
 * "anywhere")? */
bool web_auth_can_school(struct web_ctx *c, enum web_perm perm, int64_t school_id);

/* Write an audit entry for the current user and request (inside the
 * caller's transaction).  before/after are JSON texts or NULL. */
int web_audit(struct web_ctx *c, const struct web_req *req, const char *action, const char *object_kind,
              int64_t object_id, int64_t school_id, const char *before, const char *after);

#endif
