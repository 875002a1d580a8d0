/*
 * web_auth.c - sessions, CSRF and the permission check of every route.
 *
 * A request's cookie token is hashed and looked up in table session; the
 * session is valid while it is younger than 12 hours and was used in the
 * last 2 hours (auth.h).  The roles of the user are loaded with the
 * session, so the permission decision (auth_allows) needs only the target
 * school's board and SWV.
 */
#include "web_auth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "core/util.h"
#include "multipart.h"
#include "view.h"
#include "web_routes.h"

/* A cookie token must look like one before we hash and look it up. */
static bool token_shape_ok(const char *t)
{
	if (!t || strlen(t) != AUTH_TOKEN_LEN)
		return false;
	for (const char *p = t; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		      *p == '_'))
			return false;
	return true;
}

static void set_cookie(struct web_ctx *c, struct web_resp *resp, const char *name, const char *value,
                       const char *extra)
{
	char h[512];
	snprintf(h, sizeof h, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s%s", name, value, extra ? extra : "",
	         c->app && c->app->secure_cookies ? "; Secure" : "");
	web_resp_header(resp, "Set-Cookie", h);
}

static void clear_cookie(struct web_ctx *c, struct web_resp *resp, const char *name)
{
	set_cookie(c, resp, name, "", "; Max-Age=0");
}

void web_auth_resolve(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	c->user = NULL;
	c->csrf = NULL;
	/* The front doors leave cookies unparsed; do it once here (the router
	 * calls this first, so every later reader sees them). */
	const char *ch = web_header(req, "cookie");
	if (ch && req->cookies.n == 0 && strlen(ch) <= WEB_MAX_HEADER_BYTES)
		web_parse_cookies(ch, &req->cookies);
	const char *tok = web_kv_get(&req->cookies, WEB_SESSION_COOKIE);
	if (!tok || !*tok || !c->store)
		return;
	if (!token_shape_ok(tok)) {
		clear_cookie(c, resp, WEB_SESSION_COOKIE);
		return;
	}
	char h[AUTH_TOKEN_HASH_LEN + 1];
	auth_token_hash(tok, h);
	struct auth_session s;
	int rc = store_auth_session_get(c->store, h, &s);
	if (rc <= 0) {
		if (rc == 0)
			clear_cookie(c, resp, WEB_SESSION_COOKIE);
		return;
	}
	int64_t now = auth_now();
	if (!auth_session_valid(&s, now)) {
		store_auth_session_delete(c->store, h);
		clear_cookie(c, resp, WEB_SESSION_COOKIE);
		return;
	}
	struct web_user *u = xcalloc(1, sizeof *u);
	if (store_auth_user_get_id(c->store, s.user_id, &u->u) != 1 || u->u.disabled) {
		auth_user_free(&u->u);
		free(u);
		store_auth_session_delete(c->store, h);
		clear_cookie(c, resp, WEB_SESSION_COOKIE);
		return;
	}
	memcpy(u->token_hash, h, sizeof u->token_hash);
	snprintf(u->csrf, sizeof u->csrf, "%s", s.csrf);
	/* Record activity at most once a minute: the idle timeout needs no finer
	 * grain and this keeps reads from becoming writes. */
	int64_t seen = auth_time_parse(s.last_seen);
	if (seen < 0 || now - seen >= 60) {
		char t[24];
		auth_time_fmt(now, t);
		store_auth_session_touch(c->store, h, t);
	}
	c->user = u;
	c->csrf = u->csrf;
}

/* The "csrf" value a POST carries: form field, header, or multipart part. */
static const char *posted_csrf(const struct web_req *req, char *tmp, size_t n)
{
	const char *v = web_kv_get(&req->form, "csrf");
	if (v)
		return v;
	v = web_header(req, "x-csrf-token");
	if (v)
		return v;
	const char *ct = web_header(req, "content-type");
	if (ct && str_istarts(ct, "multipart/form-data") && req->body) {
		struct mp_form *f = xmalloc(sizeof *f);
		const char *out = NULL;
		if (mp_parse(ct, req->body, req->body_len, f) == 0) {
			const struct mp_part *p = mp_get(f, "csrf");
			if (p && p->len < n) {
				memcpy(tmp, p->data, p->len);
				tmp[p->len] = '\0';
				out = tmp;
			}
		}
		free(f);
		return out;
	}
	return NULL;
}

bool web_auth_csrf_ok(struct web_ctx *c, const struct web_req *req)
{
	char tmp[128];
	const char *v = posted_csrf(req, tmp, sizeof tmp);
	if (!v)
		return false;
	if (c->csrf)
		return auth_ct_streq(v, c->csrf);
	/* No session: the login form's double-submit cookie. */
	const char *ck = web_kv_get(&req->cookies, WEB_LOGIN_COOKIE);
	return token_shape_ok(ck) && auth_ct_streq(v, ck);
}

void web_auth_page_context(struct web_ctx *c, json_t *ctx)
{
	if (!ctx || !json_is_object(ctx) || !c->user)
		return;
	const struct auth_user *u = &c->user->u;
	json_t *roles = json_array();
	bool admin = false, staff = false, editor = false, mr = false, board = false;
	for (size_t i = 0; i < u->nroles; i++) {
		const struct auth_role_row *r = &u->roles[i];
		admin |= r->role == AR_ADMIN;
		staff |= r->role == AR_SWV_STAFF;
		editor |= r->role == AR_SCHOOL_EDITOR;
		mr |= r->role == AR_MR_MEMBER;
		board |= r->role == AR_BOARD_MEMBER;
		json_array_append_new(roles, json_pack("{s:s,s:s,s:s,s:s,s:s}", "role", auth_role_str(r->role), "label",
		                                       auth_role_label(r->role), "scope", auth_scope_str(r->scope),
		                                       "code", r->code, "name", r->name));
	}
	json_object_set_new(ctx, "user",
	                    json_pack("{s:s,s:s,s:o,s:b,s:b,s:b,s:b,s:b}", "name", u->name ? u->name : "", "email",
	                              u->email ? u->email : "", "roles", roles, "is_admin", admin, "is_swv_staff",
	                              staff || admin, "is_editor", editor, "is_mr", mr, "is_board", board));
	json_object_set_new(ctx, "csrf", json_string(c->csrf ? c->csrf : ""));
}

void web_auth_done(struct web_ctx *c)
{
	if (c->user) {
		auth_user_free(&c->user->u);
		free(c->user);
	}
	c->user = NULL;
	c->csrf = NULL;
}

void web_auth_login_token(struct web_ctx *c, const struct web_req *req, struct web_resp *resp, char *out, size_t n)
{
	const char *ck = web_kv_get(&req->cookies, WEB_LOGIN_COOKIE);
	if (token_shape_ok(ck)) {
		snprintf(out, n, "%s", ck);
		return;
	}
	char t[AUTH_TOKEN_LEN + 1];
	auth_token_new(t);
	snprintf(out, n, "%s", t);
	char h[256];
	/* SameSite=Strict: the login cookie is never needed on cross-site
	 * requests.  Secure behind TLS, like the session cookie. */
	snprintf(h, sizeof h, "%s=%s; Path=/login; HttpOnly; SameSite=Strict; Max-Age=7200%s", WEB_LOGIN_COOKIE, t,
	         c->app && c->app->secure_cookies ? "; Secure" : "");
	web_resp_header(resp, "Set-Cookie", h);
}

int web_auth_start_session(struct web_ctx *c, struct web_resp *resp, int64_t user_id)
{
	char tok[AUTH_TOKEN_LEN + 1], csrf[AUTH_TOKEN_LEN + 1], h[AUTH_TOKEN_HASH_LEN + 1];
	auth_token_new(tok);
	auth_token_new(csrf);
	auth_token_hash(tok, h);
	int64_t now = auth_now();
	char t_now[24], t_exp[24], t_idle[24];
	auth_time_fmt(now, t_now);
	auth_time_fmt(now + AUTH_ABSOLUTE_SECS, t_exp);
	auth_time_fmt(now - AUTH_IDLE_SECS, t_idle);
	store_auth_session_prune(c->store, t_now, t_idle);
	if (store_auth_session_add(c->store, h, user_id, csrf, t_now, t_exp) < 0)
		return -1;
	set_cookie(c, resp, WEB_SESSION_COOKIE, tok, NULL);
	return 0;
}

int web_auth_end_session(struct web_ctx *c, struct web_resp *resp, bool everywhere, int *n)
{
	int count = 0;
	int rc = 0;
	if (c->user) {
		if (everywhere) {
			rc = store_auth_session_delete_user(c->store, c->user->u.id, &count);
		} else {
			rc = store_auth_session_delete(c->store, c->user->token_hash);
			count = rc == 0 ? 1 : 0;
		}
	}
	clear_cookie(c, resp, WEB_SESSION_COOKIE);
	if (n)
		*n = count;
	return rc;
}

static bool target_for_school(struct web_ctx *c, int64_t school_id, struct auth_target *t)
{
	memset(t, 0, sizeof *t);
	t->scope = SCOPE_SCHOOL;
	t->school_id = school_id;
	return store_auth_school_scope(c->store, school_id, &t->board_id, &t->swv_id) == 1;
}

bool web_auth_can_school(struct web_ctx *c, enum web_perm perm, int64_t school_id)
{
	if (!c->user)
		return perm == PERM_PUBLIC;
	struct auth_target t;
	if (school_id == 0) {
		memset(&t, 0, sizeof t);
		t.scope = SCOPE_NONE;
	} else if (!target_for_school(c, school_id, &t)) {
		return false;
	}
	return auth_allows(c->user->u.roles, c->user->u.nroles, perm, &t);
}

int web_audit(struct web_ctx *c, const struct web_req *req, const char *action, const char *object_kind,
              int64_t object_id, int64_t school_id, const char *before, const char *after)
{
	struct audit_entry e = {
	    .user_id = c->user ? c->user->u.id : 0,
	    .action = action,
	    .object_kind = object_kind,
	    .object_id = object_id,
	    .before = before,
	    .after = after,
	    .ip = req ? req->remote_addr : NULL,
	    .school_id = school_id,
	};
	if (school_id > 0) {
		int64_t board_id;
		store_auth_school_scope(c->store, school_id, &board_id, &e.swv_id);
	}
	return store_audit_add(c->store, &e);
}

int web_authorize(struct web_ctx *c, const struct web_req *req, enum web_perm perm, enum web_scope scope)
{
	if (perm == PERM_PUBLIC)
		return 0;
	if (!c->user)
		return 401;
	struct auth_target t;
	memset(&t, 0, sizeof t);
	t.scope = scope;
	if (scope == SCOPE_SCHOOL) {
		char brin[5], vest[3];
		struct school sc;
		if (req->nparams < 1 || !view_school_key_parse(req->params[0], brin, vest))
			return 403;
		int rc = store_school_by_brin(c->store, brin, vest, &sc);
		if (rc != 1)
			return 403; /* an unknown school: no role covers it (and no probing) */
		bool ok = target_for_school(c, sc.id, &t);
		school_free(&sc);
		if (!ok)
			return 403;
	} else if (scope == SCOPE_SWV) {
		if (req->nparams < 1 || store_auth_swv_id(c->store, req->params[0], &t.swv_id) != 1)
			return 403;
	}
	return auth_allows(c->user->u.roles, c->user->u.nroles, perm, &t) ? 0 : 403;
}
