/*
 * auth.c - see auth.h.
 */
#include "auth.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static int sodium_rc = -1;

static void do_sodium_init(void)
{
	/* sodium_init picks the fastest implementations and seeds nothing we
	 * rely on; it must run before the first use from any thread. */
	sodium_rc = sodium_init() < 0 ? -1 : 0;
}

int auth_init(void)
{
	pthread_once(&sodium_once, do_sodium_init);
	return sodium_rc;
}

int auth_password_hash(const char *pw, char out[AUTH_HASH_MAX])
{
	_Static_assert(crypto_pwhash_STRBYTES <= AUTH_HASH_MAX, "hash buffer too small");
	if (auth_init() < 0 || !pw)
		return -1;
	size_t n = strlen(pw);
	if (n > AUTH_PW_MAX)
		return -1;
	if (crypto_pwhash_str_alg(out, pw, n, crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
	                          crypto_pwhash_ALG_ARGON2ID13) != 0)
		return -1;
	return 0;
}

bool auth_password_verify(const char *hash, const char *pw)
{
	if (auth_init() < 0 || !hash || !*hash || !pw)
		return false;
	size_t n = strlen(pw);
	if (n > AUTH_PW_MAX || strlen(hash) >= crypto_pwhash_STRBYTES)
		return false;
	return crypto_pwhash_str_verify(hash, pw, n) == 0;
}

const char *auth_password_problem(const char *pw)
{
	if (!pw || !*pw)
		return "Vul een wachtwoord in.";
	size_t n = strlen(pw);
	if (n > AUTH_PW_MAX)
		return "Het wachtwoord is te lang (hooguit 1024 tekens).";
	/* Count characters, not bytes: "é" is one character. */
	size_t chars = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)pw[i] & 0xC0) != 0x80)
			chars++;
	if (chars < AUTH_PW_MIN)
		return "Het wachtwoord moet minstens 10 tekens hebben.";
	return NULL;
}

void auth_token_new(char out[AUTH_TOKEN_LEN + 1])
{
	unsigned char raw[32];
	auth_init();
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, AUTH_TOKEN_LEN + 1, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

void auth_token_hash(const char *token, char out[AUTH_TOKEN_HASH_LEN + 1])
{
	unsigned char h[32];
	auth_init();
	/* A fixed domain key keeps these hashes from matching any other use of
	 * BLAKE2b on the same token. */
	static const unsigned char key[] = "passend-session-token-v1";
	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), key, sizeof key - 1);
	sodium_bin2hex(out, AUTH_TOKEN_HASH_LEN + 1, h, sizeof h);
}

bool auth_ct_streq(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	size_t na = strlen(a), nb = strlen(b);
	if (na != nb || na == 0)
		return false;
	auth_init();
	return sodium_memcmp(a, b, na) == 0;
}

void auth_time_fmt(int64_t t, char out[24])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int64_t auth_time_parse(const char *iso)
{
	if (!iso)
		return -1;
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	int y, mo, d, h = 0, mi = 0, s = 0;
	char z = 0;
	int n = sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &z);
	if (n != 3 && n != 7)
		return -1;
	if (n == 7 && z != 'Z')
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return (int64_t)timegm(&tm);
}

int64_t auth_now(void) { return (int64_t)time(NULL); }

bool auth_is_locked(const char *locked_until, int64_t now)
{
	int64_t t = auth_time_parse(locked_until);
	return t > now;
}

bool auth_session_valid(const struct auth_session *s, int64_t now)
{
	int64_t exp = auth_time_parse(s->expires_at);
	int64_t created = auth_time_parse(s->created_at);
	int64_t seen = auth_time_parse(s->last_seen[0] ? s->last_seen : s->created_at);
	if (exp < 0 || created < 0 || seen < 0)
		return false;
	if (now >= exp || now >= created + AUTH_ABSOLUTE_SECS)
		return false;
	return now - seen < AUTH_IDLE_SECS;
}

/* Does role r cover the target's school (or SWV)? */
static bool covers(const struct auth_role_row *r, const struct auth_target *t)
{
	if (r->scope == AS_ALL)
		return true;
	if (t->scope == SCOPE_NONE)
		return true;
	switch (r->scope) {
	case AS_SCHOOL: return t->scope == SCOPE_SCHOOL && t->school_id > 0 && r->scope_id == t->school_id;
	case AS_BOARD: return t->scope == SCOPE_SCHOOL && t->board_id > 0 && r->scope_id == t->board_id;
	case AS_SWV: return t->swv_id > 0 && r->scope_id == t->swv_id;
	case AS_ALL: return true;
	}
	return false;
}

bool auth_allows(const struct auth_role_row *roles, size_t n, enum web_perm perm, const struct auth_target *t)
{
	if (perm == PERM_PUBLIC)
		return true;
	for (size_t i = 0; i < n; i++) {
		const struct auth_role_row *r = &roles[i];
		if (r->role == AR_ADMIN)
			return true;
		if (perm == PERM_LOGIN)
			return true;
		bool kind_ok = false;
		switch (perm) {
		case PERM_SCHOOL_READ:
			/* Each role reads the schools of its own scope kind only:
			 * a school role its school, a board role its board's schools,
			 * an SWV role its SWV's schools. */
			kind_ok = (r->role == AR_SCHOOL_EDITOR || r->role == AR_MR_MEMBER) ? r->scope == AS_SCHOOL
			          : r->role == AR_BOARD_MEMBER                          ? r->scope == AS_BOARD
			          : r->role == AR_SWV_STAFF                             ? r->scope == AS_SWV
			                                                                : false;
			break;
		case PERM_SCHOOL_EDIT: kind_ok = r->role == AR_SCHOOL_EDITOR && r->scope == AS_SCHOOL; break;
		case PERM_MR_ADVICE: kind_ok = r->role == AR_MR_MEMBER && r->scope == AS_SCHOOL; break;
		case PERM_BOARD_SET: kind_ok = r->role == AR_BOARD_MEMBER && r->scope == AS_BOARD; break;
		case PERM_SWV_STAFF: kind_ok = r->role == AR_SWV_STAFF && r->scope == AS_SWV; break;
		case PERM_ADMIN: kind_ok = false; break;
		case PERM_PUBLIC:
		case PERM_LOGIN: kind_ok = true; break;
		}
		if (kind_ok && covers(r, t))
			return true;
	}
	return false;
}
