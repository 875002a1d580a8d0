/*
 * cmd_load.c - `passend load` and `passend export`: the interchange format.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/util.h"
#include "store/store_file.h"

int cmd_load(struct cli *g, int argc, char **argv)
{
	bool replace = false;
	int first = 1;
	for (; first < argc && argv[first][0] == '-' && argv[first][1]; first++) {
		if (strcmp(argv[first], "--replace") == 0)
			replace = true;
		else {
			cli_err("load: unknown option '%s'", argv[first]);
			return EXIT_USAGE;
		}
	}
	if (first >= argc) {
		cli_err("usage: passend load [--replace] FILE...");
		return EXIT_USAGE;
	}
	struct store *s;
	int rc = cli_open_store(g, true, &s);
	if (rc)
		return rc;
	if (replace && !g->quiet)
		fprintf(stderr, "passend: --replace: emptying the database; accounts are kept, roles scoped to a school, board or SWV are removed\n");
	if (replace && store_clear(s) < 0) {
		cli_err("cannot empty the database: %s", store_errmsg(s));
		store_close(s);
		return EXIT_DB;
	}
	int failed = 0;
	for (int i = first; i < argc; i++) {
		char *data;
		size_t len;
		const char *ferr;
		if (read_file_limit(argv[i], STORE_FILE_MAX, &data, &len, &ferr) < 0) {
			cli_err("%s: %s", argv[i], ferr);
			failed++;
			continue;
		}
		json_error_t je;
		json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
		free(data);
		if (!root) {
			cli_err("%s:%d:%d: invalid JSON: %s", argv[i], je.line, je.column, je.text);
			failed++;
			continue;
		}
		char err[1024];
		struct store_file_stats st;
		if (store_file_load(s, root, &st, err, sizeof err) < 0) {
			cli_err("%s: %s (nothing from this file was stored)", argv[i], err);
			failed++;
		} else if (!g->quiet) {
			fprintf(stderr, "passend: %s: loaded %d SWV, %d boards, %d schools, %d profile versions\n",
			        argv[i], st.swvs, st.boards, st.schools, st.profiles);
		}
		json_decref(root);
	}
	store_close(s);
	int total = argc - first;
	if (!failed)
		return EXIT_OK;
	return failed == total ? EXIT_INPUT : EXIT_PARTIAL;
}

int cmd_export(struct cli *g, int argc, char **argv)
{
	const char *swv = NULL, *outpath = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--swv") == 0 && i + 1 < argc)
			swv = argv[++i];
		else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			outpath = argv[++i];
		else {
			cli_err("usage: passend export [--swv CODE] [-o FILE]");
			return EXIT_USAGE;
		}
	}
	struct store *s;
	int rc = cli_open_store(g, false, &s);
	if (rc)
		return rc;
	char err[512];
	json_t *j = store_file_export(s, swv, err, sizeof err);
	store_close(s);
	if (!j) {
		cli_err("export: %s", err);
		return swv ? EXIT_INPUT : EXIT_DB;
	}
	FILE *out = stdout;
	if (outpath && !(out = fopen(outpath, "w"))) {
		cli_err("cannot write %s", outpath);
		json_decref(j);
		return EXIT_INPUT;
	}
	int werr = json_dumpf(j, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	werr |= fflush(out);
	if (out != stdout)
		werr |= fclose(out);
	json_decref(j);
	if (werr) {
		cli_err("export: write error");
		return EXIT_PARTIAL;
	}
	return EXIT_OK;
}
