/*
 * test_auth.c - password hashing, session tokens, constant-time compare,
 * lockout, session expiry, the permission matrix (every perm x role), the
 * multipart parser and the line diff.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/taxonomy.h"
#include "store/store_auth.h"
#include "web/auth.h"
#include "web/diff.h"
#include "web/multipart.h"

static void test_password(void **state)
{
	(void)state;
	char h[AUTH_HASH_MAX], h2[AUTH_HASH_MAX];
	assert_int_equal(auth_password_hash("correct horse battery", h), 0);
	assert_non_null(strstr(h, "$argon2id$"));
	assert_true(auth_password_verify(h, "correct horse battery"));
	assert_false(auth_password_verify(h, "correct horse batterY"));
	assert_false(auth_password_verify(h, ""));
	assert_false(auth_password_verify(NULL, "x"));
	assert_false(auth_password_verify("", "x"));
	/* salted: the same password hashes differently */
	assert_int_equal(auth_password_hash("correct horse battery", h2), 0);
	assert_string_not_equal(h, h2);
	assert_non_null(auth_password_problem("kort"));
	assert_null(auth_password_problem("lang genoeg wachtwoord"));
	assert_non_null(auth_password_problem("éééééééé")); /* 8 characters, 16 bytes */
}

static void test_tokens(void **state)
{
	(void)state;
	char a[AUTH_TOKEN_LEN + 1], b[AUTH_TOKEN_LEN + 1], ha[AUTH_TOKEN_HASH_LEN + 1], ha2[AUTH_TOKEN_HASH_LEN + 1],
	    hb[AUTH_TOKEN_HASH_LEN + 1];
	auth_token_new(a);
	auth_token_new(b);
	assert_int_equal(strlen(a), AUTH_TOKEN_LEN);
	assert_string_not_equal(a, b);
	for (const char *p = a; *p; p++)
		assert_true((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		            *p == '_');
	auth_token_hash(a, ha);
	auth_token_hash(a, ha2);
	auth_token_hash(b, hb);
	assert_int_equal(strlen(ha), 64);
	assert_string_equal(ha, ha2);
	assert_string_not_equal(ha, hb);
	assert_null(strstr(ha, a)); /* the hash does not contain the token */
}

static void test_ct_compare(void **state)
{
	(void)state;
	assert_true(auth_ct_streq("abcdef", "abcdef"));
	assert_false(auth_ct_streq("abcdef", "abcdeg"));
	assert_false(auth_ct_streq("abcdef", "abcde"));
	assert_false(auth_ct_streq("", ""));
	assert_false(auth_ct_streq(NULL, "a"));
	assert_false(auth_ct_streq("a", NULL));
}

static void test_lock_and_expiry(void **state)
{
	(void)state;
	int64_t now = auth_time_parse("2026-03-01T12:00:00Z");
	assert_true(now > 0);
	assert_true(auth_is_locked("2026-03-01T12:10:00Z", now));
	assert_false(auth_is_locked("2026-03-01T11:59:59Z", now));
	assert_false(auth_is_locked(NULL, now));
	assert_false(auth_is_locked("rubbish", now));
	struct auth_session s;
	memset(&s, 0, sizeof s);
	strcpy(s.created_at, "2026-03-01T08:00:00Z");
	strcpy(s.expires_at, "2026-03-01T20:00:00Z");
	strcpy(s.last_seen, "2026-03-01T11:00:00Z");
	assert_true(auth_session_valid(&s, now)); /* idle 1 h */
	strcpy(s.last_seen, "2026-03-01T09:59:00Z");
	assert_false(auth_session_valid(&s, now)); /* idle > 2 h */
	strcpy(s.last_seen, "2026-03-01T19:59:00Z");
	assert_false(auth_session_valid(&s, auth_time_parse("2026-03-01T20:00:00Z"))); /* absolute */
	strcpy(s.expires_at, "2026-03-02T20:00:00Z"); /* even a far expires_at stops at 12 h */
	assert_false(auth_session_valid(&s, auth_time_parse("2026-03-01T20:00:01Z")));
	strcpy(s.created_at, "junk");
	assert_false(auth_session_valid(&s, now));
}

/* school 10 in board 20 in SWV 30; school 11 in board 21 in SWV 30;
 * school 12 in board 22 in SWV 31 */
static void test_matrix(void **state)
{
	(void)state;
	struct auth_role_row roles[] = {
	    {.role = AR_SCHOOL_EDITOR, .scope = AS_SCHOOL, .scope_id = 10},
	    {.role = AR_MR_MEMBER, .scope = AS_SCHOOL, .scope_id = 10},
	    {.role = AR_BOARD_MEMBER, .scope = AS_BOARD, .scope_id = 20},
	    {.role = AR_SWV_STAFF, .scope = AS_SWV, .scope_id = 30},
	    {.role = AR_ADMIN, .scope = AS_ALL},
	};
	struct auth_target A = {.scope = SCOPE_SCHOOL, .school_id = 10, .board_id = 20, .swv_id = 30};
	struct auth_target B = {.scope = SCOPE_SCHOOL, .school_id = 11, .board_id = 21, .swv_id = 30};
	struct auth_target C = {.scope = SCOPE_SCHOOL, .school_id = 12, .board_id = 22, .swv_id = 31};
	struct auth_target S = {.scope = SCOPE_SWV, .swv_id = 30};
	struct auth_target N = {.scope = SCOPE_NONE};
	/* expected[perm][role] on A, B (other board, same SWV), C (other SWV) */
	enum web_perm perms[] = {PERM_PUBLIC,    PERM_LOGIN,     PERM_SCHOOL_READ, PERM_SCHOOL_EDIT,
	                         PERM_MR_ADVICE, PERM_BOARD_SET, PERM_SWV_STAFF,   PERM_ADMIN};
	/*                  editor mr board staff admin */
	int onA[8][5] = {{1, 1, 1, 1, 1}, {1, 1, 1, 1, 1}, {1, 1, 1, 1, 1}, {1, 0, 0, 0, 1},
	                 {0, 1, 0, 0, 1}, {0, 0, 1, 0, 1}, {0, 0, 0, 1, 1}, {0, 0, 0, 0, 1}};
	int onB[8][5] = {{1, 1, 1, 1, 1}, {1, 1, 1, 1, 1}, {0, 0, 0, 1, 1}, {0, 0, 0, 0, 1},
	                 {0, 0, 0, 0, 1}, {0, 0, 0, 0, 1}, {0, 0, 0, 1, 1}, {0, 0, 0, 0, 1}};
	int onC[8][5] = {{1, 1, 1, 1, 1}, {1, 1, 1, 1, 1}, {0, 0, 0, 0, 1}, {0, 0, 0, 0, 1},
	                 {0, 0, 0, 0, 1}, {0, 0, 0, 0, 1}, {0, 0, 0, 0, 1}, {0, 0, 0, 0, 1}};
	for (int p = 0; p < 8; p++)
		for (int r = 0; r < 5; r++) {
			assert_int_equal(auth_allows(&roles[r], 1, perms[p], &A), onA[p][r]);
			assert_int_equal(auth_allows(&roles[r], 1, perms[p], &B), onB[p][r]);
			assert_int_equal(auth_allows(&roles[r], 1, perms[p], &C), onC[p][r]);
		}
	/* SWV scope: staff of that SWV and admin only (swv_staff) */
	assert_true(auth_allows(&roles[3], 1, PERM_SWV_STAFF, &S));
	assert_false(auth_allows(&roles[2], 1, PERM_SWV_STAFF, &S));
	struct auth_target S2 = {.scope = SCOPE_SWV, .swv_id = 31};
	assert_false(auth_allows(&roles[3], 1, PERM_SWV_STAFF, &S2));
	/* no scope: any role of the kind */
	assert_true(auth_allows(&roles[3], 1, PERM_SWV_STAFF, &N));
	assert_false(auth_allows(&roles[0], 1, PERM_SWV_STAFF, &N));
	/* anonymous (no roles) */
	assert_true(auth_allows(NULL, 0, PERM_PUBLIC, &A));
	assert_false(auth_allows(NULL, 0, PERM_LOGIN, &A));
	/* a school role never covers an unknown (0) school */
	struct auth_target Z = {.scope = SCOPE_SCHOOL};
	assert_false(auth_allows(&roles[0], 1, PERM_SCHOOL_EDIT, &Z));
}

static void test_store_lockout(void **state)
{
	(void)state;
	char path[] = "/tmp/passend-test-auth-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	struct store *s;
	char err[256];
	assert_int_equal(store_open(path, true, &s, err, sizeof err), 0);
	int64_t id;
	assert_int_equal(store_auth_user_add(s, "a@b.example", "A", "hash", &id), 0);
	bool locked = false;
	for (int i = 1; i <= 4; i++) {
		assert_int_equal(store_auth_login_failed(s, id, 5, "2099-01-01T00:00:00Z", &locked), 0);
		assert_false(locked);
	}
	assert_int_equal(store_auth_login_failed(s, id, 5, "2099-01-01T00:00:00Z", &locked), 0);
	assert_true(locked);
	struct auth_user u;
	assert_int_equal(store_auth_user_get(s, "A@B.example", &u), 1); /* case-insensitive */
	assert_true(auth_is_locked(u.locked_until, auth_now()));
	auth_user_free(&u);
	assert_int_equal(store_auth_login_ok(s, id), 0);
	assert_int_equal(store_auth_user_get_id(s, id, &u), 1);
	assert_null(u.locked_until);
	assert_int_equal(u.failed_logins, 0);
	auth_user_free(&u);
	/* sessions by hash; IP attempts counted in the database */
	assert_int_equal(store_auth_session_add(s, "h1", id, "c", "2026-01-01T00:00:00Z", "2026-01-01T12:00:00Z"), 0);
	struct auth_session se;
	assert_int_equal(store_auth_session_get(s, "h1", &se), 1);
	assert_string_equal(se.csrf, "c");
	int n = 0;
	assert_int_equal(store_auth_session_delete_user(s, id, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_auth_session_get(s, "h1", &se), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(store_auth_attempt_add(s, "10.0.0.1", NULL, false, "2026-01-01T00:00:00Z"), 0);
	assert_int_equal(store_auth_attempt_count(s, "10.0.0.1", "2025-12-31T00:00:00Z"), 3);
	assert_int_equal(store_auth_attempt_count(s, "10.0.0.2", "2025-12-31T00:00:00Z"), 0);
	/* the audit log is append-only */
	struct audit_entry e = {.action = "test"};
	assert_int_equal(store_audit_add(s, &e), 0);
	store_close(s);
	unlink(path);
	char wal[300];
	snprintf(wal, sizeof wal, "%s-wal", path);
	unlink(wal);
	snprintf(wal, sizeof wal, "%s-shm", path);
	unlink(wal);
}

static void test_multipart(void **state)
{
	(void)state;
	const char *ct = "multipart/form-data; boundary=XyZ";
	const char body[] = "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok\r\n"
	                    "--XyZ\r\nContent-Disposition: form-data; name=\"bestand\"; filename=\"a.txt\"\r\n"
	                    "Content-Type: text/plain\r\n\r\nline1\r\n--X\r\nline2\r\n--XyZ--\r\n";
	struct mp_form f;
	assert_int_equal(mp_parse(ct, body, sizeof body - 1, &f), 0);
	assert_int_equal(f.n, 2);
	const struct mp_part *p = mp_get(&f, "bestand");
	assert_non_null(p);
	assert_string_equal(p->filename, "a.txt");
	assert_int_equal(p->len, strlen("line1\r\n--X\r\nline2"));
	assert_memory_equal(p->data, "line1\r\n--X\r\nline2", p->len);
	assert_int_equal(mp_parse(ct, body, 20, &f), -1);               /* truncated */
	assert_int_equal(mp_parse("multipart/form-data", body, sizeof body - 1, &f), -1); /* no boundary */
	assert_int_equal(mp_parse("text/plain", body, sizeof body - 1, &f), -1);
}

static void test_diff(void **state)
{
	(void)state;
	json_t *d = diff_lines("a\nb\nc", "a\nx\nc\nd");
	const char *ops[] = {"same", "add", "del", "same", "add"};
	const char *txt[] = {"a", "x", "b", "c", "d"};
	assert_int_equal(json_array_size(d), 5);
	for (size_t i = 0; i < 5; i++) {
		assert_string_equal(json_string_value(json_object_get(json_array_get(d, i), "op")), ops[i]);
		assert_string_equal(json_string_value(json_object_get(json_array_get(d, i), "text")), txt[i]);
	}
	json_decref(d);
	d = diff_lines(NULL, NULL);
	assert_int_equal(json_array_size(d), 0);
	json_decref(d);
}

int main(void)
{
	if (tax_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_password),   cmocka_unit_test(test_tokens),        cmocka_unit_test(test_ct_compare),
	    cmocka_unit_test(test_lock_and_expiry), cmocka_unit_test(test_matrix), cmocka_unit_test(test_store_lockout),
	    cmocka_unit_test(test_multipart),  cmocka_unit_test(test_diff),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
