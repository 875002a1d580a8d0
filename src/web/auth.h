/*
 * auth.h - the security core of accounts, kept free of HTTP and storage so
 * it can be unit-tested: password hashing (Argon2id), session tokens and
 * their hashes, constant-time comparison, lockout and session expiry rules,
 * and the role x permission x scope decision.
 */
#ifndef PASSEND_AUTH_H
#define PASSEND_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store_auth.h"
#include "web_routes.h"

#define AUTH_PW_MIN 10           /* shortest password accepted */
#define AUTH_PW_MAX 1024         /* longest password accepted (bytes) */
#define AUTH_HASH_MAX 128        /* room for a crypto_pwhash_str string */
#define AUTH_TOKEN_LEN 43        /* base64url of 32 random bytes, no padding */
#define AUTH_TOKEN_HASH_LEN 64   /* hex of a 32-byte BLAKE2b hash */
#define AUTH_MAX_FAILURES 5      /* failed logins before the account locks */
#define AUTH_LOCK_SECS (15 * 60)
#define AUTH_IP_WINDOW_SECS (15 * 60)
#define AUTH_IP_MAX_FAILURES 20  /* failed logins per IP per window */
#define AUTH_IDLE_SECS (2 * 3600)
#define AUTH_ABSOLUTE_SECS (12 * 3600)

/* Initialise libsodium once (thread-safe, idempotent).  Returns 0, or -1
 * when libsodium cannot initialise (then nothing here may be used). */
int auth_init(void);

/* Hash a password with Argon2id (interactive limits) into out (>=
 * AUTH_HASH_MAX bytes).  -1 on an out-of-memory failure or a password longer
 * than AUTH_PW_MAX. */
int auth_password_hash(const char *pw, char out[AUTH_HASH_MAX]);
/* True when pw matches hash.  A NULL/empty hash never matches. */
bool auth_password_verify(const char *hash, const char *pw);
/* A Dutch message when the password is unacceptable, else NULL. */
const char *auth_password_problem(const char *pw);

/* A new random token (32 bytes, base64url): out has AUTH_TOKEN_LEN + 1 bytes. */
void auth_token_new(char out[AUTH_TOKEN_LEN + 1]);
/* Hex BLAKE2b-256 of a token: what the database stores instead of it. */
void auth_token_hash(const char *token, char out[AUTH_TOKEN_HASH_LEN + 1]);
/* Constant-time equality of two strings (the length is not secret). */
bool auth_ct_streq(const char *a, const char *b);

/* ISO time helpers: t as "YYYY-MM-DDTHH:MM:SSZ"; parse returns -1 on junk. */
void auth_time_fmt(int64_t t, char out[24]);
int64_t auth_time_parse(const char *iso);
int64_t auth_now(void);

/* True when the account is locked at time now (locked_until in the future). */
bool auth_is_locked(const char *locked_until, int64_t now);

/* Whether a session is still valid at now: not past its absolute expiry and
 * not idle for longer than AUTH_IDLE_SECS. */
bool auth_session_valid(const struct auth_session *s, int64_t now);

/* The object a scoped permission is about.  ids are 0 when unknown. */
struct auth_target {
	enum web_scope scope;
	int64_t school_id, board_id, swv_id;
};

/* The permission decision for a signed-in user's roles (roles may be NULL
 * with n 0).  True when one of the roles grants perm on target.  With
 * SCOPE_NONE a scoped permission is granted by a role of the right kind on
 * any object (pages that list only what the user may see). */
bool auth_allows(const struct auth_role_row *roles, size_t n, enum web_perm perm, const struct auth_target *t);

#endif
