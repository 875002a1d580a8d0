/*
 * cmd_init.c - `passend init`: create or upgrade the database.
 */
#include <stdio.h>

#include "cli.h"

int cmd_init(struct cli *g, int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		cli_err("usage: passend [--db PATH] init");
		return EXIT_USAGE;
	}
	struct store *s;
	int rc = cli_open_store(g, true, &s);
	if (rc)
		return rc;
	if (!g->quiet)
		fprintf(stderr, "passend: database %s is at schema version %d\n", g->db, store_schema_version(s));
	store_close(s);
	return EXIT_OK;
}
