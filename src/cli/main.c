/*
 * main.c - entry point of the passend binary: global options, then one
 * command from the table in cli.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/taxonomy.h"

int main(int argc, char **argv)
{
	struct cli g = {.db = getenv("PASSEND_DB"), .prog = "passend"};
	if (!g.db || !*g.db)
		g.db = "passend.db";
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			g.db = argv[++i];
		else if (strncmp(argv[i], "--db=", 5) == 0)
			g.db = argv[i] + 5;
		else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0)
			g.quiet = true;
		else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return cmd_help(&g, 0, NULL);
		else if (strcmp(argv[i], "--version") == 0) {
			printf("passend 0.1.0\n");
			return EXIT_OK;
		} else {
			cli_err("unknown option '%s' (see 'passend help')", argv[i]);
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		cmd_help(&g, 0, NULL);
		return EXIT_USAGE;
	}
	if (tax_init() < 0)
		return EXIT_DB;
	const struct cli_command *c = cli_find(argv[i]);
	if (c)
		return c->fn(&g, argc - i, argv + i);
	cli_err("unknown command '%s' (see 'passend help')", argv[i]);
	return EXIT_USAGE;
}
