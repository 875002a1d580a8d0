/*
 * cmd_copy.c - `passend copy`: move a whole database to another backend
 * (SQLite -> PostgreSQL and back).  Table cli_commands_pg.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "store/store_copy.h"
#include "store/store_file.h"

/* Compare what the profile export of both databases says: the same SWVs,
 * boards, schools and every profile version with sections and facts. */
static int verify(struct store *a, struct store *b, char *err, size_t errlen)
{
	json_t *ja = store_file_export(a, NULL, err, errlen);
	if (!ja)
		return -1;
	json_t *jb = store_file_export(b, NULL, err, errlen);
	if (!jb) {
		json_decref(ja);
		return -1;
	}
	int rc = json_equal(ja, jb) ? 0 : -1;
	if (rc < 0)
		snprintf(err, errlen, "the copy's profile export differs from the source's");
	json_decref(ja);
	json_decref(jb);
	return rc;
}

static int cmd_copy(struct cli *g, int argc, char **argv)
{
	const char *from = NULL, *to = NULL;
	bool check = true;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--from") == 0 && i + 1 < argc)
			from = argv[++i];
		else if (strncmp(argv[i], "--from=", 7) == 0)
			from = argv[i] + 7;
		else if (strcmp(argv[i], "--to") == 0 && i + 1 < argc)
			to = argv[++i];
		else if (strncmp(argv[i], "--to=", 5) == 0)
			to = argv[i] + 5;
		else if (strcmp(argv[i], "--no-verify") == 0)
			check = false;
		else {
			cli_err("usage: passend copy [--from DB] --to DB [--no-verify] (unknown argument '%.60s')", argv[i]);
			return EXIT_USAGE;
		}
	}
	if (!from)
		from = g->db;
	if (!to || !*to || !*from) {
		cli_err("usage: passend copy [--from DB] --to DB [--no-verify]");
		return EXIT_USAGE;
	}
	if (strcmp(from, to) == 0) {
		cli_err("copy: source and destination are the same database");
		return EXIT_USAGE;
	}
	char err[700];
	struct store *src = NULL, *dst = NULL;
	if (store_open(from, false, &src, err, sizeof err) < 0) {
		cli_err("copy: source: %s", err);
		return EXIT_DB;
	}
	/* The destination is created and migrated like `init` does. */
	if (store_open(to, true, &dst, err, sizeof err) < 0) {
		cli_err("copy: destination: %s", err);
		store_close(src);
		return EXIT_DB;
	}
	struct store_copy_stats st;
	int rc = EXIT_OK;
	if (store_copy(src, dst, &st, err, sizeof err) < 0) {
		cli_err("copy: %s (nothing was written)", err);
		rc = EXIT_DB;
	} else if (check && verify(src, dst, err, sizeof err) < 0) {
		cli_err("copy: verification failed: %s", err);
		rc = EXIT_PARTIAL;
	}
	if (rc == EXIT_OK && !g->quiet) {
		/* Connection strings may hold passwords: name the backends only. */
		fprintf(stderr, "passend: copied %s -> %s:", store_backend(src), store_backend(dst));
		for (int i = 0; i < st.ntables; i++)
			fprintf(stderr, " %s %ld%s", store_copy_table_name(i), st.rows[i], i + 1 < st.ntables ? "," : "");
		fprintf(stderr, "%s\n", check ? " (verified)" : "");
		if (st.newer_schema)
			fprintf(stderr,
			        "passend: warning: the source is at schema version %d; tables added after version %d"
			        " were not copied\n",
			        st.newer_schema, STORE_COPY_SCHEMA);
	}
	store_close(src);
	store_close(dst);
	return rc;
}

const struct cli_command cli_commands_pg[] = {
    {"copy", cmd_copy, "copy a whole database to another one (SQLite <-> PostgreSQL)",
     "usage: passend [--db DB] copy [--from DB] --to DB [--no-verify]\n\n"
     "Copies every table of the source database (default: --db) into the\n"
     "destination, row for row with the same ids and timestamps: SWVs,\n"
     "boards, schools, all profile versions with sections and facts, users,\n"
     "roles, sessions, the audit log, login attempts, SWV formats and the\n"
     "editor's answers.  DB is a SQLite file (or sqlite:PATH) or a PostgreSQL\n"
     "connection string: postgresql://user@host/dbname, or\n"
     "'host=/run/postgresql dbname=passend' (add schema=NAME to use a schema).\n"
     "The destination is created or migrated as by 'init' and must be empty.\n"
     "The source is read in one snapshot and may stay in use; the destination\n"
     "is written in one transaction, so a failure leaves it empty.  Afterwards\n"
     "the profile exports of both are compared (skip with --no-verify).\n"
     "Exit 3 when nothing was copied, 1 when the verification failed.\n"},
    {NULL, NULL, NULL, NULL},
};
