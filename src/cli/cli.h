/*
 * cli.h - the command line: global options, the command table and helpers
 * shared by the cmd_*.c files.
 *
 * Exit codes (documented in `passend help`):
 *   0 success, 1 the operation failed for some inputs (e.g. 2 of 10 files),
 *   2 usage error, 3 database error, 4 invalid input (nothing was stored).
 */
#ifndef PASSEND_CLI_H
#define PASSEND_CLI_H

#include <stdbool.h>

#include "store/store.h"

enum { EXIT_OK = 0, EXIT_PARTIAL = 1, EXIT_USAGE = 2, EXIT_DB = 3, EXIT_INPUT = 4 };

struct cli {
	const char *db;      /* --db, PASSEND_DB, or "passend.db" */
	const char *prog;    /* argv[0] for messages */
	bool quiet;          /* --quiet: no progress output */
};

typedef int (*cli_fn)(struct cli *g, int argc, char **argv);

struct cli_command {
	const char *name;
	cli_fn fn;
	const char *synopsis; /* one line for `passend help` */
	const char *help;     /* full text for `passend help NAME` */
};

/* The command tables, one per command group, each terminated by a NULL
 * name, and the list main.c and `help` walk. */
extern const struct cli_command cli_commands_core[];   /* cli.c */
extern const struct cli_command cli_commands_import[]; /* cmd_import.c: import, test-eval, bench */
extern const struct cli_command cli_commands_admin[];  /* cmd_user.c: accounts */
extern const struct cli_command cli_commands_ops[];    /* cmd_ops.c: demo-data, copy, backup */
extern const struct cli_command cli_commands_pg[];     /* cmd_copy.c: copy between backends */
extern const struct cli_command *const cli_command_tables[];

/* Find a command by name in all tables; NULL when unknown. */
const struct cli_command *cli_find(const char *name);

/* Open the database named by g->db, printing a helpful message on failure.
 * Returns 0 or EXIT_DB. */
int cli_open_store(struct cli *g, bool migrate, struct store **out);

/* Print "passend: " + message to stderr. */
void cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Command entry points (one file each, src/cli/cmd_*.c). */
int cmd_init(struct cli *g, int argc, char **argv);
int cmd_load(struct cli *g, int argc, char **argv);
int cmd_export(struct cli *g, int argc, char **argv);
int cmd_facts(struct cli *g, int argc, char **argv);
int cmd_import(struct cli *g, int argc, char **argv);
int cmd_serve(struct cli *g, int argc, char **argv);
int cmd_http(struct cli *g, int argc, char **argv);
int cmd_help(struct cli *g, int argc, char **argv);
int cmd_test_eval(struct cli *g, int argc, char **argv);
int cmd_test_bench_import(struct cli *g, int argc, char **argv);
int cmd_demo_users(struct cli *g, int argc, char **argv);

/* `passend facts FILE...` for document files (cmd_import.c): prints JSON
 * Lines, stores nothing.  Returns an exit code. */
int cli_facts_files(struct cli *g, int argc, char **argv);

#endif
