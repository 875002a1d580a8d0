/*
 * page_login.c - signing in and out.
 *
 * Login is throttled twice, both in the database so every server thread
 * and process agrees: per account (AUTH_MAX_FAILURES failures lock it for
 * AUTH_LOCK_SECS) and per IP address (AUTH_IP_MAX_FAILURES failures per
 * AUTH_IP_WINDOW_SECS).  The answer to a wrong e-mail address and to a wrong
 * password is the same, and costs the same (a dummy Argon2id verify).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "core/util.h"
#include "page_admin.h"
#include "web_auth.h"

static char dummy_hash[AUTH_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
	char pw[AUTH_TOKEN_LEN + 1];
	auth_token_new(pw);
	if (auth_password_hash(pw, dummy_hash) < 0)
		dummy_hash[0] = '\0';
}

/* A local path to return to after login, or "/beheer". */
static const char *safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strlen(next) > 512 ||
	    strncmp(next, "/login", 6) == 0 || strpbrk(next, "\r\n"))
		return "/beheer";
	return next;
}

static int render_login(struct web_ctx *c, struct web_req *req, struct web_resp *resp, int status, const char *email,
                        const char *error, const char *notice)
{
	char tok[AUTH_TOKEN_LEN + 1];
	web_auth_login_token(c, req, resp, tok, sizeof tok);
	json_t *d = json_pack("{s:s,s:s,s:s}", "title", "Inloggen", "login_csrf", tok, "next",
	                      safe_next(web_param(req, "next")));
	if (email)
		json_object_set_new(d, "email", json_string(email));
	if (error)
		json_object_set_new(d, "error", json_string(error));
	if (notice)
		json_object_set_new(d, "notice", json_string(notice));
	web_page(c, resp, status, "login", d);
	json_decref(d);
	return 0;
}

int page_login_form(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	if (c->user)
		return web_redirect(resp, safe_next(web_param(req, "next")));
	const char *uit = web_param(req, "uit");
	return render_login(c, req, resp, 200, NULL, NULL,
	                    uit && strcmp(uit, "overal") == 0 ? "U bent op alle apparaten uitgelogd."
	                    : uit                            ? "U bent uitgelogd."
	                                                     : NULL);
}

int page_login_post(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	static const char *bad = "Het e-mailadres of het wachtwoord klopt niet.";
	const char *email = web_kv_get(&req->form, "email");
	const char *pw = web_kv_get(&req->form, "wachtwoord");
	if (auth_init() < 0)
		return web_error(c, req, resp, 500, "Inloggen is nu niet mogelijk.");
	if (!email || !*email || !pw || !*pw || strlen(email) > 254 || strlen(pw) > AUTH_PW_MAX)
		return render_login(c, req, resp, 400, email && strlen(email) <= 254 ? email : NULL,
		                    "Vul uw e-mailadres en uw wachtwoord in.", NULL);
	int64_t now = auth_now();
	char t_now[24], t_since[24];
	auth_time_fmt(now, t_now);
	auth_time_fmt(now - AUTH_IP_WINDOW_SECS, t_since);
	int ip_fails = store_auth_attempt_count(c->store, req->remote_addr, t_since);
	if (ip_fails < 0)
		return web_error(c, req, resp, 500, "Inloggen is nu niet mogelijk.");
	if (ip_fails >= AUTH_IP_MAX_FAILURES) {
		web_resp_header(resp, "Retry-After", "900");
		return render_login(c, req, resp, 429, email,
		                    "Er is te vaak een verkeerd wachtwoord gebruikt vanaf dit adres. Probeer het over "
		                    "een kwartier opnieuw.",
		                    NULL);
	}
	struct auth_user u;
	int found = store_auth_user_get(c->store, email, &u);
	if (found < 0)
		return web_error(c, req, resp, 500, "Inloggen is nu niet mogelijk.");
	bool ok = false, locked = false;
	if (found == 1 && auth_is_locked(u.locked_until, now)) {
		locked = true;
	} else if (found == 1 && !u.disabled) {
		ok = auth_password_verify(u.pw_hash, pw);
	} else {
		pthread_once(&dummy_once, make_dummy);
		auth_password_verify(dummy_hash, pw); /* same cost as a real check */
	}
	store_begin(c->store);
	/* Attempts older than the throttling window count for nothing: drop
	 * them here, so the table stays as small as the window. */
	store_auth_attempt_prune(c->store, t_since);
	store_auth_attempt_add(c->store, req->remote_addr, NULL, ok, t_now);
	if (!ok) {
		bool now_locked = false;
		if (found == 1 && !locked && !u.disabled) {
			char t_lock[24];
			auth_time_fmt(now + AUTH_LOCK_SECS, t_lock);
			store_auth_login_failed(c->store, u.id, AUTH_MAX_FAILURES, t_lock, &now_locked);
		}
		if (found == 1) {
			/* Every failed login of an existing account is in the audit log
			 * (never the password); per-IP throttling bounds how many. */
			struct audit_entry e = {.user_id = u.id,
			                        .action = now_locked ? "login.locked" : locked ? "login.refused_locked"
			                                                                       : "login.failed",
			                        .object_kind = "user", .object_id = u.id, .ip = req->remote_addr};
			store_audit_add(c->store, &e);
		}
		store_commit(c->store);
		if (found == 1)
			auth_user_free(&u);
		if (locked || now_locked)
			return render_login(c, req, resp, 403, email,
			                    "Dit account is na te veel mislukte pogingen 15 minuten geblokkeerd. Probeer het "
			                    "later opnieuw.",
			                    NULL);
		return render_login(c, req, resp, 400, email, bad, NULL);
	}
	/* Success: a pre-existing session cookie (possibly planted) is ended and
	 * replaced by a brand-new token. */
	const char *old = web_kv_get(&req->cookies, WEB_SESSION_COOKIE);
	if (old && strlen(old) == AUTH_TOKEN_LEN) {
		char h[AUTH_TOKEN_HASH_LEN + 1];
		auth_token_hash(old, h);
		store_auth_session_delete(c->store, h);
	}
	store_auth_login_ok(c->store, u.id);
	int rc = web_auth_start_session(c, resp, u.id);
	struct audit_entry e = {.user_id = u.id, .action = "login", .object_kind = "user", .object_id = u.id,
	                        .ip = req->remote_addr};
	if (rc < 0 || store_audit_add(c->store, &e) < 0 || store_commit(c->store) < 0) {
		store_rollback(c->store);
		auth_user_free(&u);
		web_kvs_free(&resp->headers);
		return web_error(c, req, resp, 500, "Inloggen is nu niet mogelijk.");
	}
	auth_user_free(&u);
	/* Retire the login cookie: it has done its job. */
	web_resp_header(resp, "Set-Cookie", WEB_LOGIN_COOKIE "=; Path=/login; HttpOnly; SameSite=Strict; Max-Age=0");
	return web_redirect(resp, safe_next(web_kv_get(&req->form, "next")));
}

static int logout(struct web_ctx *c, struct web_req *req, struct web_resp *resp, bool everywhere)
{
	int n = 0;
	int64_t uid = c->user ? c->user->u.id : 0;
	store_begin(c->store);
	web_auth_end_session(c, resp, everywhere, &n);
	char after[64];
	snprintf(after, sizeof after, "{\"sessions_ended\":%d}", n);
	struct audit_entry e = {.user_id = uid, .action = everywhere ? "logout.everywhere" : "logout",
	                        .object_kind = "user", .object_id = uid, .after = after, .ip = req->remote_addr};
	store_audit_add(c->store, &e);
	store_commit(c->store);
	return web_redirect(resp, everywhere ? "/login?uit=overal" : "/login?uit=1");
}

int page_logout(struct web_ctx *c, struct web_req *req, struct web_resp *resp) { return logout(c, req, resp, false); }

int page_logout_all(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	return logout(c, req, resp, true);
}
