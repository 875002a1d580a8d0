/*
 * store_auth.c - dispatch of the account/authoring storage functions to the
 * backend's table (see store_auth.h), plus the enum names and free helpers.
 */
#include "store_auth.h"

#include <stdlib.h>
#include <string.h>

#include "store_impl.h"

static const char *const role_names[AR__COUNT] = {"school_editor", "mr_member", "board_member", "swv_staff", "admin"};
static const char *const role_labels[AR__COUNT] = {"Schoolredacteur", "Lid medezeggenschapsraad", "Bestuurslid",
                                                   "Medewerker samenwerkingsverband", "Beheerder"};
static const char *const scope_names[] = {"school", "board", "swv", "all"};

const char *auth_role_str(enum auth_role r) { return r < AR__COUNT ? role_names[r] : "?"; }
const char *auth_role_label(enum auth_role r) { return r < AR__COUNT ? role_labels[r] : "?"; }
const char *auth_scope_str(enum auth_scope k) { return k <= AS_ALL ? scope_names[k] : "?"; }

int auth_role_parse(const char *s)
{
	for (int i = 0; s && i < AR__COUNT; i++)
		if (strcmp(s, role_names[i]) == 0)
			return i;
	return -1;
}

void auth_user_free(struct auth_user *u)
{
	if (!u)
		return;
	free(u->email);
	free(u->name);
	free(u->pw_hash);
	free(u->locked_until);
	free(u->created_at);
	free(u->roles);
	memset(u, 0, sizeof *u);
}

void audit_rows_free(struct audit_row *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].user_email);
		free(v[i].action);
		free(v[i].object_kind);
		free(v[i].before);
		free(v[i].after);
		free(v[i].ip);
	}
	free(v);
}

void format_rows_free(struct format_row *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].json);
	free(v);
}

static const struct store_auth_ops *ops_for(struct store *s)
{
	/* Only SQLite exists so far; a PostgreSQL table goes here. */
	(void)s;
#ifdef PASSEND_HAVE_PG
	extern const struct store_auth_ops pg_auth_ops; /* store_pg_auth.c */
	if (strcmp(store_backend(s), "postgresql") == 0)
		return &pg_auth_ops;
#endif
	return &sqlite_auth_ops;
}

int store_auth_user_add(struct store *s, const char *email, const char *name, const char *pw_hash, int64_t *id)
{ return ops_for(s)->user_add(s, email, name, pw_hash, id); }
int store_auth_user_get(struct store *s, const char *email, struct auth_user *out)
{ return ops_for(s)->user_get(s, email, out); }
int store_auth_user_get_id(struct store *s, int64_t id, struct auth_user *out)
{ return ops_for(s)->user_get_id(s, id, out); }
int store_auth_user_list(struct store *s, struct auth_user **out, size_t *n)
{ return ops_for(s)->user_list(s, out, n); }
int store_auth_user_set_disabled(struct store *s, int64_t id, bool disabled)
{ return ops_for(s)->user_set_disabled(s, id, disabled); }
int store_auth_user_set_password(struct store *s, int64_t id, const char *pw_hash)
{ return ops_for(s)->user_set_password(s, id, pw_hash); }
int store_auth_login_failed(struct store *s, int64_t id, int max_failures, const char *lock_until, bool *locked)
{ return ops_for(s)->login_failed(s, id, max_failures, lock_until, locked); }
int store_auth_login_ok(struct store *s, int64_t id) { return ops_for(s)->login_ok(s, id); }
int store_auth_role_add(struct store *s, int64_t user_id, enum auth_role r, enum auth_scope k, int64_t scope_id, bool *changed)
{ return ops_for(s)->role_add(s, user_id, r, k, scope_id, changed); }
int store_auth_role_remove(struct store *s, int64_t user_id, enum auth_role r, enum auth_scope k, int64_t scope_id, bool *changed)
{ return ops_for(s)->role_remove(s, user_id, r, k, scope_id, changed); }
int store_auth_board_id(struct store *s, const char *code, int64_t *id) { return ops_for(s)->board_id(s, code, id); }
int store_auth_swv_id(struct store *s, const char *code, int64_t *id) { return ops_for(s)->swv_id(s, code, id); }
int store_auth_attempt_add(struct store *s, const char *ip, const char *email, bool ok, const char *at)
{ return ops_for(s)->attempt_add(s, ip, email, ok, at); }
int store_auth_attempt_count(struct store *s, const char *ip, const char *since)
{ return ops_for(s)->attempt_count(s, ip, since); }
int store_auth_attempt_prune(struct store *s, const char *before) { return ops_for(s)->attempt_prune(s, before); }
int store_auth_session_add(struct store *s, const char *token_hash, int64_t user_id, const char *csrf,
                           const char *created_at, const char *expires_at)
{ return ops_for(s)->session_add(s, token_hash, user_id, csrf, created_at, expires_at); }
int store_auth_session_get(struct store *s, const char *token_hash, struct auth_session *out)
{ return ops_for(s)->session_get(s, token_hash, out); }
int store_auth_session_touch(struct store *s, const char *token_hash, const char *last_seen)
{ return ops_for(s)->session_touch(s, token_hash, last_seen); }
int store_auth_session_delete(struct store *s, const char *token_hash) { return ops_for(s)->session_delete(s, token_hash); }
int store_auth_session_delete_user(struct store *s, int64_t user_id, int *n)
{ return ops_for(s)->session_delete_user(s, user_id, n); }
int store_auth_session_prune(struct store *s, const char *now, const char *idle_before)
{ return ops_for(s)->session_prune(s, now, idle_before); }
int store_audit_add(struct store *s, const struct audit_entry *e) { return ops_for(s)->audit_add(s, e); }
int store_audit_list(struct store *s, const struct audit_filter *f, struct audit_row **out, size_t *n)
{ return ops_for(s)->audit_list(s, f, out, n); }
int store_format_publish(struct store *s, int64_t swv_id, const char *key, const char *json, int64_t user_id, int *version)
{ return ops_for(s)->format_publish(s, swv_id, key, json, user_id, version); }
int store_format_get(struct store *s, int64_t swv_id, const char *key, int version, struct format_row *out)
{ return ops_for(s)->format_get(s, swv_id, key, version, out); }
int store_format_list(struct store *s, int64_t swv_id, struct format_row **out, size_t *n)
{ return ops_for(s)->format_list(s, swv_id, out, n); }
int store_answer_get(struct store *s, int64_t profile_id, char **json) { return ops_for(s)->answer_get(s, profile_id, json); }
int store_answer_put(struct store *s, int64_t profile_id, const char *json) { return ops_for(s)->answer_put(s, profile_id, json); }
int store_auth_school_scope(struct store *s, int64_t school_id, int64_t *board_id, int64_t *swv_id)
{ return ops_for(s)->school_scope(s, school_id, board_id, swv_id); }
