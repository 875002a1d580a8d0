/*
 * cmd_facts.c - `passend facts FILE|SCHOOL...`: JSON Lines in the FACTS.md
 * format, for document files (via the importer, nothing stored) or for
 * schools in the database (their newest published profile).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "core/util.h"

static bool is_file(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0;
}

/* Resolve a school argument: "12AT", "12AT00" or a numeric id. */
static int find_school(struct store *s, const char *arg, struct school *out)
{
	long id;
	if (parse_int(arg, 1, 1L << 50, &id))
		return store_school_get(s, id, out);
	size_t n = strlen(arg);
	if (n == 4 || n == 6) {
		char brin[5], vest[3];
		memcpy(brin, arg, 4);
		brin[4] = '\0';
		for (int i = 0; i < 4; i++)
			brin[i] = (char)toupper((unsigned char)brin[i]);
		if (n == 6) {
			memcpy(vest, arg + 4, 2);
			vest[2] = '\0';
		}
		return store_school_by_brin(s, brin, n == 6 ? vest : NULL, out);
	}
	return 0;
}

static void print_identity(const char *code, const char *value)
{
	if (!value)
		return;
	json_t *o = json_object();
	json_object_set_new(o, "kind", json_string("school"));
	json_object_set_new(o, "code", json_string(code));
	json_object_set_new(o, "value", json_string(value));
	char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	puts(line);
	free(line);
	json_decref(o);
}

int cmd_facts(struct cli *g, int argc, char **argv)
{
	if (argc < 2) {
		cli_err("usage: passend facts FILE|SCHOOL...");
		return EXIT_USAGE;
	}
	bool all_files = true, any_file = false;
	for (int i = 1; i < argc; i++) {
		bool f = is_file(argv[i]);
		all_files &= f;
		any_file |= f;
	}
	if (all_files)
		return cli_facts_files(g, argc, argv);
	if (any_file) {
		cli_err("facts: give either document files or schools, not both");
		return EXIT_USAGE;
	}
	struct store *s;
	int rc = cli_open_store(g, false, &s);
	if (rc)
		return rc;
	int failed = 0;
	for (int i = 1; i < argc; i++) {
		struct school sc;
		int r = find_school(s, argv[i], &sc);
		if (r <= 0) {
			cli_err("facts: '%s' is neither a file nor a school (BRIN, BRIN+vestiging or id)%s", argv[i],
			        r < 0 ? store_errmsg(s) : "");
			failed++;
			continue;
		}
		struct profile p;
		r = store_profile_get(s, sc.id, NULL, PV_PUBLIC, &p);
		if (r <= 0) {
			cli_err("facts: %s has no published profile", sc.name);
			school_free(&sc);
			failed++;
			continue;
		}
		print_identity("name", sc.name);
		print_identity("brin", sc.brin);
		print_identity("place", sc.place);
		print_identity("board", sc.board_code);
		print_identity("swv", sc.swv_code);
		print_identity("school_year", p.school_year);
		for (size_t k = 0; k < p.facts.n; k++) {
			json_t *o = fact_to_json(&p.facts.v[k]);
			char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
			puts(line);
			free(line);
			json_decref(o);
		}
		profile_free(&p);
		school_free(&sc);
	}
	store_close(s);
	if (!failed)
		return EXIT_OK;
	return failed == argc - 1 ? EXIT_INPUT : EXIT_PARTIAL;
}
