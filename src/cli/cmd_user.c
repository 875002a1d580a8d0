/*
 * cmd_user.c - account commands: `passend user ...`, `passend demo-users`,
 * and two hidden commands for the HTTP tests (`test-routes`,
 * `test-session`).
 *
 * Passwords are read from standard input (--password-stdin, or whenever
 * stdin is not a terminal) or prompted twice without echo on a terminal;
 * they are hashed with Argon2id and never printed or logged.  Every change
 * is written to the audit log in the same transaction (actor: the command
 * line, ip "cli").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"
#include "core/util.h"
#include "store/store_auth.h"
#include "web/auth.h"
#include "web/web_routes.h"

#define DEMO_PASSWORD "passend-demo-2025"

static int audit_cli(struct store *s, const char *action, int64_t user_id, const char *before, const char *after)
{
	struct audit_entry e = {.action = action, .object_kind = "user", .object_id = user_id,
	                        .before = before, .after = after, .ip = "cli"};
	return store_audit_add(s, &e);
}

/* Read a line into out (no newline).  Returns 0, -1 on EOF or overflow. */
static int read_line(FILE *in, char *out, size_t n)
{
	if (!fgets(out, (int)n, in))
		return -1;
	size_t l = strlen(out);
	if (l && out[l - 1] == '\n')
		out[--l] = '\0';
	else if (!feof(in))
		return -1; /* longer than the buffer */
	if (l && out[l - 1] == '\r')
		out[--l] = '\0';
	return 0;
}

static int prompt_noecho(const char *prompt, char *out, size_t n)
{
	struct termios old, quiet;
	fputs(prompt, stderr);
	fflush(stderr);
	if (tcgetattr(STDIN_FILENO, &old) < 0)
		return -1;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	int rc = read_line(stdin, out, n);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	return rc;
}

/* Get a new password (checked for length) into out. */
static int get_password(bool from_stdin, char *out, size_t n)
{
	if (from_stdin || !isatty(STDIN_FILENO)) {
		if (read_line(stdin, out, n) < 0) {
			cli_err("no password on standard input");
			return -1;
		}
	} else {
		char again[AUTH_PW_MAX + 2];
		if (prompt_noecho("Nieuw wachtwoord: ", out, n) < 0 ||
		    prompt_noecho("Nogmaals: ", again, sizeof again) < 0) {
			cli_err("no password entered");
			return -1;
		}
		bool same = strcmp(out, again) == 0;
		memset(again, 0, sizeof again);
		if (!same) {
			cli_err("the passwords differ");
			return -1;
		}
	}
	const char *problem = auth_password_problem(out);
	if (problem) {
		cli_err("password refused: %s", problem);
		return -1;
	}
	return 0;
}

/* Parse ROLE:SCOPE and resolve the scope to an id. */
static int parse_role(struct store *s, const char *spec, enum auth_role *r, enum auth_scope *k, int64_t *id)
{
	char role[32];
	const char *colon = strchr(spec, ':');
	if (!colon || (size_t)(colon - spec) >= sizeof role) {
		cli_err("role '%s': expected ROLE:SCOPE, e.g. school_editor:31QX00", spec);
		return -1;
	}
	memcpy(role, spec, (size_t)(colon - spec));
	role[colon - spec] = '\0';
	const char *scope = colon + 1;
	int ri = auth_role_parse(role);
	if (ri < 0) {
		cli_err("unknown role '%s' (school_editor, mr_member, board_member, swv_staff, admin)", role);
		return -1;
	}
	*r = (enum auth_role)ri;
	*id = 0;
	switch (*r) {
	case AR_ADMIN:
		if (strcmp(scope, "all") != 0) {
			cli_err("the admin role has scope 'all'");
			return -1;
		}
		*k = AS_ALL;
		return 0;
	case AR_SCHOOL_EDITOR:
	case AR_MR_MEMBER: {
		struct school sc;
		char brin[5] = "", vest[3] = "";
		if (strlen(scope) == 6) {
			for (int i = 0; i < 4; i++)
				brin[i] = (char)((scope[i] >= 'a' && scope[i] <= 'z') ? scope[i] - 32 : scope[i]);
			brin[4] = '\0';
			memcpy(vest, scope + 4, 2);
			vest[2] = '\0';
		}
		int rc = brin[0] ? store_school_by_brin(s, brin, vest, &sc) : 0;
		if (rc != 1) {
			cli_err("role %s: no school '%s' (use BRIN + vestiging, e.g. 31QX00)", role, scope);
			return -1;
		}
		*k = AS_SCHOOL;
		*id = sc.id;
		school_free(&sc);
		return 0;
	}
	case AR_BOARD_MEMBER:
		if (store_auth_board_id(s, scope, id) != 1) {
			cli_err("role %s: no board with code '%s'", role, scope);
			return -1;
		}
		*k = AS_BOARD;
		return 0;
	case AR_SWV_STAFF:
		if (store_auth_swv_id(s, scope, id) != 1) {
			cli_err("role %s: no samenwerkingsverband with code '%s'", role, scope);
			return -1;
		}
		*k = AS_SWV;
		return 0;
	case AR__COUNT: break;
	}
	return -1;
}

static char *roles_json(const struct auth_user *u)
{
	json_t *a = json_array();
	for (size_t i = 0; i < u->nroles; i++) {
		char rs[96];
		snprintf(rs, sizeof rs, "%s:%s", auth_role_str(u->roles[i].role), u->roles[i].code);
		json_array_append_new(a, json_string(rs));
	}
	json_t *o = json_pack("{s:s,s:s,s:o,s:b}", "email", u->email, "name", u->name, "roles", a, "disabled",
	                      u->disabled);
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	return s;
}

static bool email_ok(const char *e)
{
	size_t n = strlen(e);
	const char *at = strchr(e, '@');
	return n >= 3 && n <= 254 && at && at != e && at[1] && !strchr(at + 1, '@') && !strpbrk(e, " \t\r\n<>\"'");
}

/* Add a user with roles and a password hash in one transaction. */
static int add_user(struct store *s, const char *email, const char *name, const char *pw, const char **roles,
                    int nroles, int64_t *out_id)
{
	char hash[AUTH_HASH_MAX];
	if (auth_password_hash(pw, hash) < 0) {
		cli_err("cannot hash the password");
		return EXIT_DB;
	}
	if (store_begin(s) < 0)
		return EXIT_DB;
	int64_t id;
	if (store_auth_user_add(s, email, name, hash, &id) < 0) {
		cli_err("cannot add %s: %s", email, store_errmsg(s));
		store_rollback(s);
		return EXIT_INPUT;
	}
	for (int i = 0; i < nroles; i++) {
		enum auth_role r;
		enum auth_scope k;
		int64_t sid;
		bool changed;
		if (parse_role(s, roles[i], &r, &k, &sid) < 0 || store_auth_role_add(s, id, r, k, sid, &changed) < 0) {
			store_rollback(s);
			return EXIT_INPUT;
		}
	}
	struct auth_user u;
	if (store_auth_user_get_id(s, id, &u) != 1) {
		store_rollback(s);
		return EXIT_DB;
	}
	char *after = roles_json(&u);
	int rc = audit_cli(s, "user.add", id, NULL, after);
	free(after);
	auth_user_free(&u);
	if (rc < 0 || store_commit(s) < 0) {
		store_rollback(s);
		cli_err("%s", store_errmsg(s));
		return EXIT_DB;
	}
	if (out_id)
		*out_id = id;
	return EXIT_OK;
}

static int user_add(struct cli *g, struct store *s, int argc, char **argv)
{
	const char *email = NULL, *name = NULL;
	const char *roles[32];
	int nroles = 0;
	bool pw_stdin = false;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--name") == 0 && i + 1 < argc)
			name = argv[++i];
		else if (strcmp(argv[i], "--role") == 0 && i + 1 < argc && nroles < 32)
			roles[nroles++] = argv[++i];
		else if (strcmp(argv[i], "--password-stdin") == 0)
			pw_stdin = true;
		else if (argv[i][0] != '-' && !email)
			email = argv[i];
		else {
			cli_err("user add: unexpected '%s'", argv[i]);
			return EXIT_USAGE;
		}
	}
	if (!email || !name) {
		cli_err("usage: passend user add EMAIL --name NAME [--role ROLE:SCOPE]... [--password-stdin]");
		return EXIT_USAGE;
	}
	if (!email_ok(email) || !*name || strlen(name) > 200 || !utf8_valid(name, strlen(name))) {
		cli_err("invalid e-mail address or name");
		return EXIT_INPUT;
	}
	char pw[AUTH_PW_MAX + 2];
	if (get_password(pw_stdin, pw, sizeof pw) < 0)
		return EXIT_INPUT;
	int rc = add_user(s, email, name, pw, roles, nroles, NULL);
	memset(pw, 0, sizeof pw);
	if (rc == EXIT_OK && !g->quiet)
		printf("added %s\n", email);
	return rc;
}

static int user_list(struct store *s)
{
	struct auth_user *v;
	size_t n;
	if (store_auth_user_list(s, &v, &n) < 0) {
		cli_err("%s", store_errmsg(s));
		return EXIT_DB;
	}
	printf("email\tname\tstatus\troles\n");
	for (size_t i = 0; i < n; i++) {
		printf("%s\t%s\t%s\t", v[i].email, v[i].name,
		       v[i].disabled                                  ? "disabled"
		       : auth_is_locked(v[i].locked_until, auth_now()) ? "locked"
		                                                      : "active");
		for (size_t j = 0; j < v[i].nroles; j++)
			printf("%s%s:%s", j ? "," : "", auth_role_str(v[i].roles[j].role), v[i].roles[j].code);
		printf("\n");
		auth_user_free(&v[i]);
	}
	free(v);
	return EXIT_OK;
}

static int get_user(struct store *s, const char *email, struct auth_user *u)
{
	int rc = store_auth_user_get(s, email, u);
	if (rc < 0) {
		cli_err("%s", store_errmsg(s));
		return EXIT_DB;
	}
	if (rc == 0) {
		cli_err("no user '%s'", email);
		return EXIT_INPUT;
	}
	return 0;
}

static int user_disable(struct store *s, const char *email, bool disable)
{
	struct auth_user u;
	int rc = get_user(s, email, &u);
	if (rc)
		return rc;
	int n = 0;
	char *before = roles_json(&u);
	if (store_begin(s) < 0 || store_auth_user_set_disabled(s, u.id, disable) < 0 ||
	    store_auth_session_delete_user(s, u.id, &n) < 0 ||
	    audit_cli(s, disable ? "user.disable" : "user.enable", u.id, before, NULL) < 0 || store_commit(s) < 0) {
		store_rollback(s);
		cli_err("%s", store_errmsg(s));
		rc = EXIT_DB;
	}
	free(before);
	auth_user_free(&u);
	return rc;
}

static int user_passwd(struct store *s, const char *email, bool pw_stdin)
{
	struct auth_user u;
	int rc = get_user(s, email, &u);
	if (rc)
		return rc;
	char pw[AUTH_PW_MAX + 2], hash[AUTH_HASH_MAX];
	if (get_password(pw_stdin, pw, sizeof pw) < 0) {
		auth_user_free(&u);
		return EXIT_INPUT;
	}
	int hrc = auth_password_hash(pw, hash);
	memset(pw, 0, sizeof pw);
	int n = 0;
	/* A new password ends every session: whoever knew the old one is out. */
	if (hrc < 0 || store_begin(s) < 0 || store_auth_user_set_password(s, u.id, hash) < 0 ||
	    store_auth_session_delete_user(s, u.id, &n) < 0 || audit_cli(s, "user.passwd", u.id, NULL, NULL) < 0 ||
	    store_commit(s) < 0) {
		store_rollback(s);
		cli_err("%s", store_errmsg(s));
		rc = EXIT_DB;
	}
	auth_user_free(&u);
	return rc;
}

static int user_role(struct store *s, const char *email, const char *op, const char *spec)
{
	struct auth_user u;
	int rc = get_user(s, email, &u);
	if (rc)
		return rc;
	bool add = strcmp(op, "add") == 0;
	if (!add && strcmp(op, "remove") != 0) {
		auth_user_free(&u);
		cli_err("usage: passend user role EMAIL add|remove ROLE:SCOPE");
		return EXIT_USAGE;
	}
	enum auth_role r;
	enum auth_scope k;
	int64_t sid;
	bool changed = false;
	char *before = roles_json(&u);
	if (store_begin(s) < 0) {
		free(before);
		auth_user_free(&u);
		return EXIT_DB;
	}
	if (parse_role(s, spec, &r, &k, &sid) < 0) {
		store_rollback(s);
		rc = EXIT_INPUT;
		goto out;
	}
	if ((add ? store_auth_role_add(s, u.id, r, k, sid, &changed) : store_auth_role_remove(s, u.id, r, k, sid, &changed)) <
	    0) {
		store_rollback(s);
		rc = EXIT_DB;
		goto out;
	}
	struct auth_user after_u;
	if (store_auth_user_get_id(s, u.id, &after_u) != 1) {
		store_rollback(s);
		rc = EXIT_DB;
		goto out;
	}
	char *after = roles_json(&after_u);
	auth_user_free(&after_u);
	if ((changed && audit_cli(s, add ? "user.role_add" : "user.role_remove", u.id, before, after) < 0) ||
	    store_commit(s) < 0) {
		store_rollback(s);
		rc = EXIT_DB;
	}
	free(after);
	if (!changed && rc == 0)
		fprintf(stderr, "passend: nothing changed\n");
out:
	free(before);
	auth_user_free(&u);
	return rc;
}

static int cmd_user(struct cli *g, int argc, char **argv)
{
	if (argc < 2) {
		cli_err("usage: passend user add|list|disable|enable|passwd|role ...");
		return EXIT_USAGE;
	}
	if (auth_init() < 0) {
		cli_err("libsodium failed to initialise");
		return EXIT_DB;
	}
	struct store *s;
	int rc = cli_open_store(g, false, &s);
	if (rc)
		return rc;
	const char *sub = argv[1];
	if (strcmp(sub, "add") == 0)
		rc = user_add(g, s, argc - 2, argv + 2);
	else if (strcmp(sub, "list") == 0)
		rc = user_list(s);
	else if ((strcmp(sub, "disable") == 0 || strcmp(sub, "enable") == 0) && argc == 3)
		rc = user_disable(s, argv[2], strcmp(sub, "disable") == 0);
	else if (strcmp(sub, "passwd") == 0 && (argc == 3 || (argc == 4 && strcmp(argv[3], "--password-stdin") == 0)))
		rc = user_passwd(s, argv[2], argc == 4);
	else if (strcmp(sub, "role") == 0 && argc == 5)
		rc = user_role(s, argv[2], argv[3], argv[4]);
	else {
		cli_err("unknown or incomplete 'user %s' (see 'passend help user')", sub);
		rc = EXIT_USAGE;
	}
	store_close(s);
	return rc;
}

/* The demo accounts for the example SWV (data/example/swv-kempenrand.json). */
static const struct {
	const char *email, *name, *role;
} demo[] = {
    {"ib@vlinderboom.example", "Ilse Bakker (IB'er De Vlinderboom)", "school_editor:31QX00"},
    {"directie@vlinderboom.example", "Daan Verhoeven (directeur De Vlinderboom)", "school_editor:31QX00"},
    {"mr@vlinderboom.example", "Mirjam Rutten (MR De Vlinderboom)", "mr_member:31QX00"},
    {"bestuur@kempenrand.example", "Bert van Stiphout (bestuur Stichting Kempenrand Onderwijs)", "board_member:41999"},
    {"staf@kempenrand.example", "Sanne Hendriks (SWV Kempenrand)", "swv_staff:PO3099"},
    {"ib@hetpalet.example", "Hanna Peeters (IB'er OBS Het Palet)", "school_editor:26LP00"},
    {"admin@passend.example", "Beheerder passend", "admin:all"},
};

int cmd_demo_users(struct cli *g, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (auth_init() < 0)
		return EXIT_DB;
	struct store *s;
	int rc = cli_open_store(g, false, &s);
	if (rc)
		return rc;
	int64_t swv;
	if (store_auth_swv_id(s, "PO3099", &swv) != 1) {
		cli_err("the example SWV PO3099 is not loaded (run 'passend load data/example/swv-kempenrand.json' first)");
		store_close(s);
		return EXIT_INPUT;
	}
	int added = 0;
	for (size_t i = 0; i < sizeof demo / sizeof demo[0]; i++) {
		struct auth_user u;
		int got = store_auth_user_get(s, demo[i].email, &u);
		if (got == 1) {
			auth_user_free(&u);
			continue; /* already there: leave its password alone */
		}
		const char *roles[1] = {demo[i].role};
		rc = add_user(s, demo[i].email, demo[i].name, DEMO_PASSWORD, roles, 1, NULL);
		if (rc)
			break;
		added++;
	}
	store_close(s);
	if (rc)
		return rc;
	if (!g->quiet) {
		printf("Demo-accounts (wachtwoord voor allemaal: %s)%s\n", DEMO_PASSWORD,
		       added ? "" : " - bestonden al");
		for (size_t i = 0; i < sizeof demo / sizeof demo[0]; i++)
			printf("  %-30s %s\n", demo[i].email, demo[i].role);
	}
	return EXIT_OK;
}

/* Hidden: the route table as TSV for tests/http/authz.sh. */
static int cmd_test_routes(struct cli *g, int argc, char **argv)
{
	(void)g;
	(void)argc;
	(void)argv;
	for (int t = 0; web_route_tables[t]; t++)
		for (const struct web_route *r = web_route_tables[t]; r->pattern; r++)
			printf("%s\t%s\t%s\t%s\n", r->method, r->pattern, web_perm_str(r->perm),
			       r->scope == SCOPE_SCHOOL ? "school" : r->scope == SCOPE_SWV ? "swv" : "none");
	return EXIT_OK;
}

/* Hidden: start a session for a user and print "TOKEN CSRF" (tests only:
 * anyone who can run this can already write the database). */
static int cmd_test_session(struct cli *g, int argc, char **argv)
{
	if (argc != 2) {
		cli_err("usage: passend test-session EMAIL");
		return EXIT_USAGE;
	}
	if (auth_init() < 0)
		return EXIT_DB;
	struct store *s;
	int rc = cli_open_store(g, false, &s);
	if (rc)
		return rc;
	struct auth_user u;
	rc = get_user(s, argv[1], &u);
	if (rc) {
		store_close(s);
		return rc;
	}
	char tok[AUTH_TOKEN_LEN + 1], csrf[AUTH_TOKEN_LEN + 1], h[AUTH_TOKEN_HASH_LEN + 1], t_now[24], t_exp[24];
	auth_token_new(tok);
	auth_token_new(csrf);
	auth_token_hash(tok, h);
	int64_t now = auth_now();
	auth_time_fmt(now, t_now);
	auth_time_fmt(now + AUTH_ABSOLUTE_SECS, t_exp);
	if (store_auth_session_add(s, h, u.id, csrf, t_now, t_exp) < 0) {
		cli_err("%s", store_errmsg(s));
		rc = EXIT_DB;
	} else {
		printf("%s %s\n", tok, csrf);
	}
	auth_user_free(&u);
	store_close(s);
	return rc;
}

const struct cli_command cli_commands_admin[] = {
    {"user", cmd_user, "manage accounts and roles",
     "usage: passend [--db PATH] user add EMAIL --name NAME [--role ROLE:SCOPE]... [--password-stdin]\n"
     "       passend user list\n"
     "       passend user disable|enable EMAIL\n"
     "       passend user passwd EMAIL [--password-stdin]\n"
     "       passend user role EMAIL add|remove ROLE:SCOPE\n\n"
     "Roles and scopes:\n"
     "  school_editor:BRINVEST  edit the profile of a school location (IB'er, director), e.g. 31QX00\n"
     "  mr_member:BRINVEST      record the MR's advice for a school location\n"
     "  board_member:BOARD      set (vaststellen) and publish the profiles of a board's schools\n"
     "  swv_staff:SWV           read all profiles of an SWV, its overview and audit log; manage formats\n"
     "  admin:all               everything\n\n"
     "The password is read from standard input (one line) with --password-stdin or\n"
     "when stdin is not a terminal; on a terminal it is asked twice without echo.\n"
     "At least 10 characters.  Changing the password or disabling a user ends all\n"
     "of that user's sessions.  Every change is written to the audit log.\n"},
    {"demo-users", cmd_demo_users, "create demo accounts for the example SWV",
     "usage: passend [--db PATH] demo-users\n\n"
     "Creates one account per role for the example SWV PO3099 (load\n"
     "data/example/swv-kempenrand.json first), all with the demo password\n"
     "'" DEMO_PASSWORD "'.  Existing accounts are left alone.  Never use this on a\n"
     "real installation.\n"},
    {"test-routes", cmd_test_routes, "print the route table as TSV (tests)",
     "usage: passend test-routes\n\nPrints METHOD, PATTERN, PERMISSION, SCOPE per route, tab-separated.\n"},
    {"test-session", cmd_test_session, "start a session for a user (tests)",
     "usage: passend [--db PATH] test-session EMAIL\n\nPrints 'TOKEN CSRF' for a new session of EMAIL.\n"},
    {NULL, NULL, NULL, NULL},
};
