/*
 * store_auth.h - storage for accounts, roles, sessions, login throttling,
 * the audit log, SWV formats and the editor's answers (issue 5).
 *
 * Same conventions as store.h: 0 on success, -1 on error (message via
 * store_errmsg()); *_get returns 1 found, 0 not found, -1 error; output
 * structs/arrays are malloc'd and released with the *_free helpers below.
 * Times are ISO 8601 UTC strings "YYYY-MM-DDTHH:MM:SSZ" (they sort as text).
 *
 * Backends: store_auth.c dispatches on store_backend(s) to a function table;
 * the SQLite one is store_sqlite_auth.c.  A PostgreSQL backend implements
 * struct store_auth_ops with the same semantics.
 */
#ifndef PASSEND_STORE_AUTH_H
#define PASSEND_STORE_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* Role names as stored ("school_editor", ...). */
enum auth_role { AR_SCHOOL_EDITOR = 0, AR_MR_MEMBER, AR_BOARD_MEMBER, AR_SWV_STAFF, AR_ADMIN, AR__COUNT };
/* Scope kinds as stored ("school", "board", "swv", "all"). */
enum auth_scope { AS_SCHOOL = 0, AS_BOARD, AS_SWV, AS_ALL };

const char *auth_role_str(enum auth_role r);
int auth_role_parse(const char *s); /* -1 when unknown */
const char *auth_role_label(enum auth_role r); /* Dutch */
const char *auth_scope_str(enum auth_scope k);

/* One role of a user.  code names the scope object for display and for the
 * permission check: school key "31QX00", board code, SWV code, or "all". */
struct auth_role_row {
	enum auth_role role;
	enum auth_scope scope;
	int64_t scope_id;
	char code[32];
	char name[160]; /* school/board/SWV name (truncated), "" for all */
};

struct auth_user {
	int64_t id;
	char *email;
	char *name;
	char *pw_hash;       /* libsodium crypt string; NULL = cannot log in */
	bool disabled;
	int failed_logins;
	char *locked_until;  /* NULL when not locked */
	char *created_at;
	struct auth_role_row *roles;
	size_t nroles;
};
void auth_user_free(struct auth_user *u);

struct auth_session {
	int64_t user_id;
	char csrf[64];
	char created_at[24];
	char expires_at[24]; /* absolute expiry */
	char last_seen[24];
};

struct audit_row {
	int64_t id;
	char at[24];
	int64_t user_id;
	char *user_email; /* NULL when the user is gone or the actor was the system */
	char *action;
	char *object_kind;
	int64_t object_id;
	char *before, *after; /* JSON text or NULL */
	char *ip;
	int64_t school_id, swv_id;
};
void audit_rows_free(struct audit_row *v, size_t n);

/* What to write to the audit log.  school_id/swv_id (0 = none) let SWV staff
 * see the entries of their SWV; before/after are JSON texts (may be NULL).
 * Passwords and tokens must never be part of them. */
struct audit_entry {
	int64_t user_id; /* 0 = the command line / system */
	const char *action;
	const char *object_kind;
	int64_t object_id;
	const char *before, *after;
	const char *ip;
	int64_t school_id, swv_id;
};

struct audit_filter {
	int64_t swv_id;      /* 0 = all SWVs (admin) */
	int64_t school_id;   /* 0 = any */
	const char *action;  /* exact action or NULL */
	const char *user;    /* email (exact, case-insensitive) or NULL */
	const char *from;    /* ISO date/time lower bound or NULL */
	const char *to;      /* upper bound (inclusive day when a date) or NULL */
	int limit;           /* rows, 1..1000 */
	int offset;
};

struct format_row {
	int64_t id;
	int64_t swv_id;
	char key[64];
	int version;
	char *json;
	char published_at[24];
	int64_t published_by;
};
void format_rows_free(struct format_row *v, size_t n);

/* ---- users and roles ---- */
/* Create a user; sets *id.  Fails when the e-mail exists. */
int store_auth_user_add(struct store *s, const char *email, const char *name, const char *pw_hash, int64_t *id);
/* Read a user by e-mail (case-insensitive) or by id, with roles. */
int store_auth_user_get(struct store *s, const char *email, struct auth_user *out);
int store_auth_user_get_id(struct store *s, int64_t id, struct auth_user *out);
/* All users with their roles, by e-mail. */
int store_auth_user_list(struct store *s, struct auth_user **out, size_t *n);
int store_auth_user_set_disabled(struct store *s, int64_t id, bool disabled);
/* Set a new password hash and clear the lockout. */
int store_auth_user_set_password(struct store *s, int64_t id, const char *pw_hash);
/* Record a failed login: increments failed_logins; when it reaches
 * max_failures sets locked_until and resets the counter.  *locked is set
 * when this failure locked the account. */
int store_auth_login_failed(struct store *s, int64_t id, int max_failures, const char *lock_until, bool *locked);
/* Record a successful login: failed_logins = 0, locked_until = NULL. */
int store_auth_login_ok(struct store *s, int64_t id);
/* Add/remove a role.  scope_id is the id of the school/board/SWV (0 for
 * "all").  Adding an existing role is not an error; removing a missing one
 * returns 0 with *changed false. */
int store_auth_role_add(struct store *s, int64_t user_id, enum auth_role r, enum auth_scope k, int64_t scope_id, bool *changed);
int store_auth_role_remove(struct store *s, int64_t user_id, enum auth_role r, enum auth_scope k, int64_t scope_id, bool *changed);
/* Resolve a board or SWV code to its id: 1 found, 0 not, -1 error. */
int store_auth_board_id(struct store *s, const char *code, int64_t *id);
int store_auth_swv_id(struct store *s, const char *code, int64_t *id);

/* ---- login throttling (per IP) ---- */
int store_auth_attempt_add(struct store *s, const char *ip, const char *email, bool ok, const char *at);
/* Number of failed attempts from ip at or after since; -1 on error. */
int store_auth_attempt_count(struct store *s, const char *ip, const char *since);
/* Delete attempts older than before. */
int store_auth_attempt_prune(struct store *s, const char *before);

/* ---- sessions (token_hash is the hex hash of the cookie value) ---- */
int store_auth_session_add(struct store *s, const char *token_hash, int64_t user_id, const char *csrf,
                           const char *created_at, const char *expires_at);
int store_auth_session_get(struct store *s, const char *token_hash, struct auth_session *out);
int store_auth_session_touch(struct store *s, const char *token_hash, const char *last_seen);
int store_auth_session_delete(struct store *s, const char *token_hash);
/* Delete all sessions of a user; *n = how many. */
int store_auth_session_delete_user(struct store *s, int64_t user_id, int *n);
/* Delete sessions that expired (absolute) before now or idle since before idle_before. */
int store_auth_session_prune(struct store *s, const char *now, const char *idle_before);

/* ---- audit log (append-only) ---- */
int store_audit_add(struct store *s, const struct audit_entry *e);
int store_audit_list(struct store *s, const struct audit_filter *f, struct audit_row **out, size_t *n);

/* ---- SWV formats ---- */
/* Store a new version (version = max+1 for (swv, key), or 2 when only the
 * embedded version 1 exists); sets *version. */
int store_format_publish(struct store *s, int64_t swv_id, const char *key, const char *json, int64_t user_id,
                         int *version);
/* A stored format version (version 0 = newest).  1/0/-1. */
int store_format_get(struct store *s, int64_t swv_id, const char *key, int version, struct format_row *out);
/* All stored versions of an SWV's formats, key then version descending. */
int store_format_list(struct store *s, int64_t swv_id, struct format_row **out, size_t *n);

/* ---- editor answers per profile version ---- */
/* JSON text of the answers of a profile version: 1/0/-1; *json malloc'd. */
int store_answer_get(struct store *s, int64_t profile_id, char **json);
int store_answer_put(struct store *s, int64_t profile_id, const char *json);

/* ---- helpers for scoping ---- */
/* The SWV id and board id of a school (0 when none).  1/0/-1. */
int store_auth_school_scope(struct store *s, int64_t school_id, int64_t *board_id, int64_t *swv_id);

/* Backend table. */
struct store_auth_ops {
	int (*user_add)(struct store *, const char *, const char *, const char *, int64_t *);
	int (*user_get)(struct store *, const char *, struct auth_user *);
	int (*user_get_id)(struct store *, int64_t, struct auth_user *);
	int (*user_list)(struct store *, struct auth_user **, size_t *);
	int (*user_set_disabled)(struct store *, int64_t, bool);
	int (*user_set_password)(struct store *, int64_t, const char *);
	int (*login_failed)(struct store *, int64_t, int, const char *, bool *);
	int (*login_ok)(struct store *, int64_t);
	int (*role_add)(struct store *, int64_t, enum auth_role, enum auth_scope, int64_t, bool *);
	int (*role_remove)(struct store *, int64_t, enum auth_role, enum auth_scope, int64_t, bool *);
	int (*board_id)(struct store *, const char *, int64_t *);
	int (*swv_id)(struct store *, const char *, int64_t *);
	int (*attempt_add)(struct store *, const char *, const char *, bool, const char *);
	int (*attempt_count)(struct store *, const char *, const char *);
	int (*attempt_prune)(struct store *, const char *);
	int (*session_add)(struct store *, const char *, int64_t, const char *, const char *, const char *);
	int (*session_get)(struct store *, const char *, struct auth_session *);
	int (*session_touch)(struct store *, const char *, const char *);
	int (*session_delete)(struct store *, const char *);
	int (*session_delete_user)(struct store *, int64_t, int *);
	int (*session_prune)(struct store *, const char *, const char *);
	int (*audit_add)(struct store *, const struct audit_entry *);
	int (*audit_list)(struct store *, const struct audit_filter *, struct audit_row **, size_t *);
	int (*format_publish)(struct store *, int64_t, const char *, const char *, int64_t, int *);
	int (*format_get)(struct store *, int64_t, const char *, int, struct format_row *);
	int (*format_list)(struct store *, int64_t, struct format_row **, size_t *);
	int (*answer_get)(struct store *, int64_t, char **);
	int (*answer_put)(struct store *, int64_t, const char *);
	int (*school_scope)(struct store *, int64_t, int64_t *, int64_t *);
};
extern const struct store_auth_ops sqlite_auth_ops;

#endif
