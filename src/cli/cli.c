/*
 * cli.c - the command table, `passend help`, and helpers for commands.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void cli_err(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("passend: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

int cli_open_store(struct cli *g, bool migrate, struct store **out)
{
	char err[512];
	if (store_open(g->db, migrate, out, err, sizeof err) < 0) {
		cli_err("%s", err);
		return EXIT_DB;
	}
	return 0;
}

const struct cli_command cli_commands_core[] = {
    {"init", cmd_init, "create or upgrade the database",
     "usage: passend [--db PATH] init\n\n"
     "Creates the database (default passend.db, or $PASSEND_DB) and applies any\n"
     "pending schema migrations.  Safe to run again.\n"},
    {"load", cmd_load, "load profile files (JSON) into the database",
     "usage: passend [--db PATH] load [--replace] FILE...\n\n"
     "Loads files in the profile interchange format (docs/profile-format.md).\n"
     "Each file is loaded in one transaction: a file with an error changes\n"
     "nothing.  '-' reads standard input.  --replace empties the database\n"
     "first (accounts and the audit log are kept).  Loading the same file twice\n"
     "gives the same content.\n"},
    {"export", cmd_export, "write the database as profile JSON",
     "usage: passend [--db PATH] export [--swv CODE] [-o FILE]\n\n"
     "Writes every SWV (or one) with its boards, schools and all profile\n"
     "versions in the interchange format.  'passend export | passend load -'\n"
     "into an empty database gives the same content.\n"},
    {"facts", cmd_facts, "print facts of documents or stored profiles as JSON Lines",
     "usage: passend [--db PATH] facts FILE|SCHOOL...\n\n"
     "For a document file (PDF, text, DOCX, ODT): analyses it and prints its\n"
     "facts (nothing is stored).  For a school (BRIN, BRIN+vestiging such as\n"
     "12AT00, or a database id): prints the facts of its newest published\n"
     "profile (use 'export' for drafts and history).\n"
     "Output format: ../shared/docs/FACTS.md, one JSON object per line.\n"},
    {"serve", cmd_serve, "run the web server",
     "usage: passend [--db PATH] serve [--port N] [--bind ADDR] [--threads N] [--templates DIR]\n\n"
     "Serves the web app (default http://127.0.0.1:8080; $PORT also sets the\n"
     "port).  --templates DIR overrides the built-in templates from a directory.\n"},
    {"http", cmd_http, "answer one HTTP request read from standard input",
     "usage: passend [--db PATH] http [--templates DIR]\n\n"
     "Reads one HTTP/1.1 request on stdin and writes the response on stdout,\n"
     "exactly as the server would answer it.  The deterministic front door for\n"
     "tests (like cgit's CGI mode).\n"},
    {"help", cmd_help, "show help for a command", "usage: passend help [COMMAND]\n"},
    {NULL, NULL, NULL, NULL},
};

/* The importer's commands live here until cmd_import.c carries its own
 * table. */
const struct cli_command cli_commands_import[] = {
    {"import", cmd_import, "import profile documents as draft profiles",
     "usage: passend [--db PATH] import [--swv NAME] [--year 2025/2026] [--school NAME] [--brin CODE] FILE...\n\n"
     "Analyses each document and stores it as a concept profile of its school\n"
     "(matched by BRIN or name, or created).  Re-importing the same school and\n"
     "year replaces that draft.  A document without a school year is stored for\n"
     "the current school year, one without a name as 'Onbekende school (FILE)';\n"
     "the summary says so.  --school and --brin name the school of a single\n"
     "FILE.  A blank template is refused.  Prints a summary; exit 1 when some\n"
     "files failed, 4 when all did.\n"},
    {"test-eval", cmd_test_eval, "evaluate the importer against expected facts",
     "usage: passend test-eval [-v] DIR\n\n"
     "Compares the importer's facts for the development documents in\n"
     "../shared with the expected facts in DIR/expected and prints precision,\n"
     "recall and F1 per kind.  -v lists every missed and extra fact.\n"},
    {"test-bench-import", cmd_test_bench_import, "measure importer analysis throughput",
     "usage: passend test-bench-import FILE...\n\n"
     "Analyses the text of the given documents repeatedly and prints the\n"
     "analysis throughput in MB/s (CPU and wall time).\n"},
    {NULL, NULL, NULL, NULL},
};

const struct cli_command *const cli_command_tables[] = {cli_commands_core, cli_commands_import,
                                                      cli_commands_admin, cli_commands_ops,
                                                      cli_commands_pg,   NULL};

/* Find a command by name in all tables; NULL when unknown. */
const struct cli_command *cli_find(const char *name)
{
	for (int t = 0; cli_command_tables[t]; t++)
		for (const struct cli_command *c = cli_command_tables[t]; c->name; c++)
			if (strcmp(c->name, name) == 0)
				return c;
	return NULL;
}

int cmd_help(struct cli *g, int argc, char **argv)
{
	(void)g;
	if (argc >= 2) {
		const struct cli_command *c = cli_find(argv[1]);
		if (c) {
			fputs(c->help, stdout);
			return EXIT_OK;
		}
		cli_err("no such command '%s'", argv[1]);
		return EXIT_USAGE;
	}
	printf("passend - school support profiles for passend onderwijs\n\n"
	       "usage: passend [--db PATH] [--quiet] COMMAND [ARGS]\n\n"
	       "Commands:\n");
	for (int t = 0; cli_command_tables[t]; t++)
		for (const struct cli_command *c = cli_command_tables[t]; c->name; c++)
			if (strncmp(c->name, "test-", 5) != 0)
				printf("  %-10s %s\n", c->name, c->synopsis);
	printf("\nThe database is --db PATH, $PASSEND_DB, or passend.db.\n"
	       "Exit codes: 0 ok, 1 some inputs failed, 2 usage, 3 database, 4 invalid input.\n"
	       "'passend help COMMAND' shows more.\n");
	return EXIT_OK;
}
