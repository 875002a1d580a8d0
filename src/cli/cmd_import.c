/*
 * cmd_import.c - the document importer on the command line:
 *   passend facts FILE...                 (cli_facts_files: JSON Lines, nothing stored)
 *   passend import FILE... [--swv NAME] [--year 2025/2026] [--school NAME] [--brin CODE]
^ *   passend test-eval [-v] DIR            (precision/recall/F1 against expected facts)
 *   passend test-bench-import FILE...     (analysis throughput in MB/s)
 */
#include <ctype.h>
#include <dirent.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <utf8proc.h>

#include "cli.h"
#include "core/buf.h"
#include "core/taxonomy.h"
#include "core/util.h"
#include "import/imp.h"

static char *norm_value(const char *v);

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

static void print_fact(const struct fact *f)
{
	json_t *j = fact_to_json(f);
	char *line = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	puts(line);
	free(line);
	json_decref(j);
}

int cli_facts_files(struct cli *g, int argc, char **argv)
{
	int failed = 0, files = 0;
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '-' && argv[i][1])
			continue;
		files++;
		struct imp_doc d;
		char err[512];
		enum imp_status st = imp_file(argv[i], &d, err, sizeof err);
		if (st != IMP_OK) {
			cli_err("%s: %s", argv[i], err);
			failed++;
			continue;
		}
		if (d.template_only)
			cli_err("%s: template without answers", argv[i]);
		for (size_t k = 0; k < d.facts.n; k++)
			print_fact(&d.facts.v[k]);
		imp_doc_free(&d);
	}
	fflush(stdout);
	if (files == 0) {
		cli_err("usage: passend facts FILE...");
		return EXIT_USAGE;
	}
	return failed == 0 ? EXIT_OK : failed == files ? EXIT_INPUT : EXIT_PARTIAL;
}

/* A placeholder BRIN for a school whose document has none: "X" + 3 base-36
 * characters of a hash of name and place.  Real BRINs start with two
 * digits, so these never collide with one. */
static void placeholder_brin(const char *name, const char *place, char out[5])
{
	unsigned h = 2166136261u;
	for (const char *s = name ? name : ""; *s; s++)
		h = (h ^ (unsigned char)tolower((unsigned char)*s)) * 16777619u;
	h = (h ^ '|') * 16777619u;
	for (const char *s = place ? place : ""; *s; s++)
		h = (h ^ (unsigned char)tolower((unsigned char)*s)) * 16777619u;
	static const char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	out[0] = 'X';
	for (int i = 1; i < 4; i++) {
		out[i] = digits[h % 36];
		h /= 36;
	}
	out[4] = '\0';
}

static void progress(int done, int total, const char *name)
{
	int width = 30, fill = total ? done * width / total : width;
	fprintf(stderr, "\r[");
	for (int i = 0; i < width; i++)
		fputc(i < fill ? '#' : '.', stderr);
	fprintf(stderr, "] %d/%d %-30.30s", done, total, name);
	fflush(stderr);
}

struct outcome {
	const char *file;
	const char *what; /* "imported", "updated", "failed" */
	char why[600];
};

/* Find an SWV by code or by name (case-insensitive, "SWV " prefix
 * ignored).  Returns a malloc'd code or NULL. */
static char *find_swv(struct store *st, const char *name)
{
	if (!name)
		return NULL;
	struct swv one;
	memset(&one, 0, sizeof one);
	if (store_swv_get(st, name, &one) == 1) {
		char *c = xstrdup(one.code);
		swv_free(&one);
		return c;
	}
	struct swv *v = NULL;
	size_t n = 0;
	char *code = NULL;
	if (store_swv_list(st, &v, &n) != 0)
		return NULL;
	char *want = norm_value(strncasecmp(name, "swv ", 4) == 0 ? name + 4 : name);
	for (size_t i = 0; i < n && !code; i++) {
		if (!v[i].name)
			continue;
		char *have = norm_value(strncasecmp(v[i].name, "swv ", 4) == 0 ? v[i].name + 4 : v[i].name);
		if (strcmp(have, want) == 0 || (strlen(want) > 4 && strstr(have, want)))
			code = xstrdup(v[i].code);
		free(have);
	}
	free(want);
	for (size_t i = 0; i < n; i++)
		swv_free(&v[i]);
	free(v);
	return code;
}

/* Import one analysed document inside one transaction. */
static int import_doc(struct store *st, struct imp_doc *d, const char *file, const char *swv, const char *year,
                      struct outcome *o)
{
	/* Without a school year in the document or on the command line, the
	 * profile is the current year's: that is what a school importing its
	 * document today means, and the summary says it was assumed. */
	char cur[10];
	school_year_of_time(time(NULL), cur, sizeof cur);
	const char *y = year ? year : d->school_year && school_year_valid(d->school_year) ? d->school_year : cur;
	bool year_assumed = !year && y == cur;
	/* Without a name or BRIN the document cannot be matched; it is still
	 * stored, as a new school named after the file, so an SWV loading all
	 * its documents loses none and can name the school in the editor. */
	char unnamed[300];
	bool name_assumed = false;
	if (!d->school_name && !d->brin) {
		snprintf(unnamed, sizeof unnamed, "Onbekende school (%s)", base_name(file));
		d->school_name = xstrdup(unnamed);
		name_assumed = true;
	}
	if (store_begin(st) < 0) {
		snprintf(o->why, sizeof o->why, "database: %s", store_errmsg(st));
		return -1;
	}
	struct school sc;
	memset(&sc, 0, sizeof sc);
	int found = 0;
	if (d->brin)
		found = store_school_by_brin(st, d->brin, d->vestiging, &sc);
	if (found == 0 && d->school_name)
		found = store_school_by_name(st, d->school_name, d->place, &sc);
	bool placeholder = false;
	if (found < 0)
		goto dberr;
	if (found == 0) {
		school_free(&sc);
		memset(&sc, 0, sizeof sc);
		sc.pupils = -1;
		if (d->brin) {
			memcpy(sc.brin, d->brin, 5);
		} else {
			placeholder_brin(d->school_name, d->place, sc.brin);
			placeholder = true;
		}
		memcpy(sc.vestiging, d->vestiging && !placeholder ? d->vestiging : "00", 3);
		sc.name = xstrdup(d->school_name ? d->school_name : d->brin);
		sc.place = xstrdup(d->place);
		/* the SWV named on the command line, else the one in the document */
		sc.swv_code = swv ? xstrdup(swv) : find_swv(st, d->swv);
		if (store_school_put(st, &sc) < 0)
			goto dberr;
	}
	struct profile p;
	profile_init(&p);
	p.school_id = sc.id;
	snprintf(p.school_year, sizeof p.school_year, "%s", y);
	p.status = PS_CONCEPT;
	p.format = xstrdup(d->format);
	p.source_file = xstrdup(base_name(file));
	for (size_t i = 0; i < d->sections.n; i++)
		section_list_add(&p.sections, d->sections.v[i].key, d->sections.v[i].heading, d->sections.v[i].body);
	for (size_t i = 0; i < d->facts.n; i++) {
		if (d->facts.v[i].kind == FK_SCHOOL)
			continue;
		struct fact f;
		fact_copy(&f, &d->facts.v[i]);
		f.source = SRC_IMPORT;
		fact_list_add(&p.facts, &f);
		fact_free(&f);
	}
	bool replaced = false;
	int rc = store_profile_put(st, &p, PP_REPLACE_DRAFT, &replaced);
	profile_free(&p);
	if (rc < 0)
		goto dberr;
	if (store_commit(st) < 0)
		goto dberr;
	o->what = replaced ? "updated" : "imported";
	snprintf(o->why, sizeof o->why, "%s %s%s%s%s%s", sc.name ? sc.name : "", y,
	         replaced ? " (draft replaced)" : "",
	         placeholder ? " (new school, placeholder BRIN)" : found ? "" : " (new school)",
	         year_assumed ? " (school year not in the document: assumed the current one; use --year)" : "",
	         name_assumed ? " (no school name in the document: use --school NAME, or rename it in the editor)" : "");
	school_free(&sc);
	return 0;
dberr:
	snprintf(o->why, sizeof o->why, "database: %s", store_errmsg(st));
	store_rollback(st);
	school_free(&sc);
	return -1;
}

/* "12AB", "12AB00" or "12AB-00" (upper or lower case) into code and
 * vestiging ("" when absent).  0 or -1. */
static int parse_brin(const char *s, char code[5], char vest[3])
{
	size_t n = strlen(s);
	if (n != 4 && n != 6 && n != 7)
		return -1;
	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) || !isalpha((unsigned char)s[2]) ||
	    !isalpha((unsigned char)s[3]))
		return -1;
	code[0] = s[0];
	code[1] = s[1];
	code[2] = (char)toupper((unsigned char)s[2]);
	code[3] = (char)toupper((unsigned char)s[3]);
	code[4] = '\0';
	vest[0] = '\0';
	if (n == 4)
		return 0;
	const char *v = s + 4;
	if (n == 7) {
		if (*v != '-')
			return -1;
		v++;
	}
	if (!isdigit((unsigned char)v[0]) || !isdigit((unsigned char)v[1]))
		return -1;
	vest[0] = v[0];
	vest[1] = v[1];
	vest[2] = '\0';
	return 0;
}

/* --school / --brin: the command line names the school.  A document that
 * names it too is overruled, with a note on stderr, since the user said so
 * explicitly.  Always 0 (the return value leaves room for refusals). */
static int apply_names(struct imp_doc *d, const char *school, const char *brin, const char *vest)
{
	if (school) {
		if (d->school_name && strcmp(d->school_name, school) != 0)
			cli_err("import: note: the document names the school '%s'; using --school '%s'", d->school_name, school);
		free(d->school_name);
		d->school_name = xstrdup(school);
	}
	if (brin) {
		if (d->brin && strcmp(d->brin, brin) != 0)
			cli_err("import: note: the document gives BRIN %s; using --brin %s", d->brin, brin);
		free(d->brin);
		d->brin = xstrdup(brin);
		free(d->vestiging);
		d->vestiging = vest[0] ? xstrdup(vest) : NULL;
	}
	return 0;
}

int cmd_import(struct cli *g, int argc, char **argv)
{
	const char *swv = NULL, *year = NULL, *school = NULL, *brin = NULL;
	int nfiles = 0;
	char **files = xcalloc((size_t)argc, sizeof *files);
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--swv") == 0 && i + 1 < argc)
			swv = argv[++i];
		else if (strcmp(argv[i], "--year") == 0 && i + 1 < argc)
			year = argv[++i];
		else if (strcmp(argv[i], "--school") == 0 && i + 1 < argc)
			school = argv[++i];
		else if (strcmp(argv[i], "--brin") == 0 && i + 1 < argc)
			brin = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1]) {
			cli_err("import: unknown option %s", argv[i]);
			free(files);
			return EXIT_USAGE;
		} else
			files[nfiles++] = argv[i];
	}
	if (nfiles == 0) {
		cli_err("usage: passend import FILE... [--swv NAME] [--year 2025/2026] [--school NAME] [--brin CODE]");
		free(files);
		return EXIT_USAGE;
	}
	/* --school and --brin name one school: they would be wrong for all but
	 * one of several documents */
	if ((school || brin) && nfiles != 1) {
		cli_err("import: --school and --brin need exactly one FILE");
		free(files);
		return EXIT_USAGE;
	}
	if (school && (!*school || strlen(school) > 200 || !utf8_valid(school, strlen(school)))) {
		cli_err("import: --school must be a name of 1 to 200 characters");
		free(files);
		return EXIT_USAGE;
	}
	char brin_code[5] = "", brin_vest[3] = "";
	if (brin && parse_brin(brin, brin_code, brin_vest) != 0) {
		cli_err("import: --brin must look like 12AB or 12AB00");
		free(files);
		return EXIT_USAGE;
	}
	if (year && !school_year_valid(year)) {
		cli_err("import: --year must look like 2025/2026");
		free(files);
		return EXIT_USAGE;
	}
	struct store *st;
	int rc = cli_open_store(g, true, &st);
	if (rc) {
		free(files);
		return rc;
	}
	char *swv_code = NULL;
	if (swv) {
		swv_code = find_swv(st, swv);
		if (!swv_code) {
			cli_err("import: unknown SWV '%s' (give its code or name as stored)", swv);
			store_close(st);
			free(files);
			return EXIT_USAGE;
		}
	}
	bool bar = !g->quiet && isatty(2) && nfiles > 1;
	struct outcome *out = xcalloc((size_t)nfiles, sizeof *out);
	int ok = 0, upd = 0, bad = 0;
	for (int i = 0; i < nfiles; i++) {
		if (bar)
			progress(i, nfiles, base_name(files[i]));
		struct outcome *o = &out[i];
		o->file = files[i];
		o->what = "failed";
		struct imp_doc d;
		char err[512];
		enum imp_status s = imp_file(files[i], &d, err, sizeof err);
		if (s != IMP_OK) {
			snprintf(o->why, sizeof o->why, "%s", err);
		} else if ((school || brin) && apply_names(&d, school, brin ? brin_code : NULL, brin_vest) < 0) {
			imp_doc_free(&d);
		} else if (d.template_only) {
			snprintf(o->why, sizeof o->why, "template without answers");
			imp_doc_free(&d);
		} else {
			if (import_doc(st, &d, files[i], swv_code, year, o) == 0) {
				if (strcmp(o->what, "updated") == 0)
					upd++;
				else
					ok++;
			}
			imp_doc_free(&d);
		}
		if (strcmp(o->what, "failed") == 0)
			bad++;
	}
	if (bar) {
		progress(nfiles, nfiles, "");
		fputc('\n', stderr);
	}
	for (int i = 0; i < nfiles; i++)
		printf("%-8s %s: %s\n", out[i].what, base_name(out[i].file), out[i].why);
	printf("imported %d, updated %d, failed %d\n", ok, upd, bad);
	store_close(st);
	free(swv_code);
	free(out);
	free(files);
	return bad == 0 ? EXIT_OK : bad == nfiles ? EXIT_INPUT : EXIT_PARTIAL;
}

/* ---- evaluation ---- */

/* Key of a fact for matching: kind|code-or-normalised-value|where. */
static char *norm_value(const char *v)
{
	utf8proc_uint8_t *m = NULL;
	if (utf8proc_map((const utf8proc_uint8_t *)v, -1, &m, UTF8PROC_NULLTERM | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_COMPOSE) < 0)
		return xstrdup(v);
	char *s = (char *)m, *w = s;
	for (char *p = s; *p; p++)
		if (isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80)
			*w++ = *p;
	*w = '\0';
	return s;
}

static char *fact_key(const struct fact *f, bool with_where, bool with_count)
{
	buf b = BUF_INIT;
	buf_printf(&b, "%s|", fact_kind_str(f->kind));
	if (f->kind == FK_PARTNER || f->kind == FK_SCHOOL) {
		if (f->kind == FK_SCHOOL)
			buf_printf(&b, "%s=", f->code ? f->code : "");
		char *v = norm_value(f->value ? f->value : "");
		buf_puts(&b, v);
		free(v);
	} else {
		buf_puts(&b, f->code ? f->code : "");
	}
	if (with_where)
		buf_printf(&b, "|%s", f->where == WHERE_SCHOOL ? "school" : f->where == WHERE_EXTERN ? "extern" : "-");
	if (with_count)
		buf_printf(&b, "|%d", f->count);
	return buf_detach(&b);
}

struct tally {
	int tp, fp, fn;
};

static bool in_list(char **v, int n, const char *k)
{
	for (int i = 0; i < n; i++)
		if (strcmp(v[i], k) == 0)
			return true;
	return false;
}

static void add_key(char ***v, int *n, char *k)
{
	if (in_list(*v, *n, k)) {
		free(k);
		return;
	}
	*v = xrealloc(*v, (size_t)(*n + 1) * sizeof **v);
	(*v)[(*n)++] = k;
}

static void score(char **exp, int ne, char **got, int ng, struct tally *t)
{
	for (int i = 0; i < ng; i++) {
		if (in_list(exp, ne, got[i]))
			t->tp++;
		else
			t->fp++;
	}
	for (int i = 0; i < ne; i++)
		if (!in_list(got, ng, exp[i]))
			t->fn++;
}

static void free_keys(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void print_prf(const char *name, const struct tally *t)
{
	double p = t->tp + t->fp ? (double)t->tp / (t->tp + t->fp) : 1.0;
	double r = t->tp + t->fn ? (double)t->tp / (t->tp + t->fn) : 1.0;
	double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
	printf("%-10s %5d %5d %5d   P %.3f  R %.3f  F1 %.3f\n", name, t->tp, t->fp, t->fn, p, r, f);
}

enum { M_KINDS = FK__COUNT, M_WHERE = FK__COUNT, M_COUNT, M_IDENT, M_ALL, M__N };

/* Evaluate one document; returns 1 when a blank template produced offers. */
static int eval_doc(const char *doc, const char *expected, struct tally *t, bool verbose)
{
	struct imp_doc d;
	char err[512];
	enum imp_status st = imp_file(doc, &d, err, sizeof err);
	if (st != IMP_OK) {
		printf("%s: %s\n", base_name(doc), err);
		return 0;
	}
	/* expected facts */
	struct fact_list ex = {0};
	bool exp_template = false;
	FILE *f = fopen(expected, "r");
	if (!f) {
		printf("%s: no expected facts (%s)\n", base_name(doc), expected);
		imp_doc_free(&d);
		return 0;
	}
	char line[8192];
	int lineno = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		json_error_t je;
		json_t *j = json_loads(line, 0, &je);
		if (!j)
			continue;
		if (json_is_true(json_object_get(j, "template_only"))) {
			exp_template = true;
			json_decref(j);
			continue;
		}
		struct fact x;
		char ferr[256];
		if (fact_from_json(j, &x, ferr, sizeof ferr) == 0) {
			fact_list_add(&ex, &x);
			fact_free(&x);
		} else {
			printf("%s:%d: %s\n", expected, lineno, ferr);
		}
		json_decref(j);
	}
	fclose(f);
	int bad_template = 0;
	if (exp_template || d.template_only) {
		for (size_t i = 0; i < d.facts.n; i++) {
			enum fact_kind k = d.facts.v[i].kind;
			if (k == FK_NEED || k == FK_EXPERTISE || k == FK_FACILITY)
				bad_template = 1;
		}
		if (exp_template && !d.template_only)
			printf("%s: expected \"template without answers\"\n", base_name(doc));
	}
	/* per kind, identity, overall: (kind, code, where) */
	for (int m = 0; m < M__N; m++) {
		char **e = NULL, **g = NULL;
		int ne = 0, ng = 0;
		for (int pass = 0; pass < 2; pass++) {
			const struct fact_list *l = pass ? &d.facts : &ex;
			for (size_t i = 0; i < l->n; i++) {
				const struct fact *x = &l->v[i];
				bool use;
				if (m < M_KINDS)
					use = (int)x->kind == m;
				else if (m == M_WHERE)
					use = x->where != WHERE_NONE;
				else if (m == M_COUNT)
					use = x->count >= 0;
				else if (m == M_IDENT)
					use = x->kind == FK_SCHOOL;
				else
					use = true;
				if (!use)
					continue;
				char *k = fact_key(x, true, m == M_COUNT);
				if (pass)
					add_key(&g, &ng, k);
				else
					add_key(&e, &ne, k);
			}
		}
		struct tally before = t[m];
		score(e, ne, g, ng, &t[m]);
		if (verbose && (m == M_ALL || m == M_COUNT)) {
			const char *tag = m == M_COUNT ? "count " : "";
			for (int i = 0; i < ng; i++)
				if (!in_list(e, ne, g[i]))
					printf("  %s %sFP %s\n", base_name(doc), tag, g[i]);
			for (int i = 0; i < ne; i++)
				if (!in_list(g, ng, e[i]))
					printf("  %s %sFN %s\n", base_name(doc), tag, e[i]);
		}
		(void)before;
		free_keys(e, ne);
		free_keys(g, ng);
	}
	fact_list_free(&ex);
	imp_doc_free(&d);
	return bad_template;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int cmd_test_eval(struct cli *g, int argc, char **argv)
{
	/* "-v" before or after the directory */
	bool verbose = false;
	const char *dirarg = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-v") == 0 || strcmp(argv[i], "--verbose") == 0)
			verbose = true;
		else if (!dirarg && argv[i][0] != '-')
			dirarg = argv[i];
		else {
			cli_err("usage: passend test-eval [-v] DIR");
			return EXIT_USAGE;
		}
	}
	if (!dirarg) {
		cli_err("usage: passend test-eval [-v] DIR");
		return EXIT_USAGE;
	}
	if (tax_init() != 0) { /* expected facts are validated against it */
		cli_err("test-eval: the taxonomy is invalid");
		return EXIT_USAGE;
	}
	char root[4096], shared[4096];
	snprintf(root, sizeof root, "%s/../..", dirarg);
	char *rr = realpath(root, NULL);
	if (!rr) {
		cli_err("test-eval: cannot resolve %s", root);
		return EXIT_USAGE;
	}
	snprintf(shared, sizeof shared, "%s/../shared", rr);
	free(rr);
	struct stat sb;
	if (stat(shared, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		printf("test-eval: %s is absent; skipping\n", shared);
		return EXIT_OK;
	}
	static const char *const dirs[] = {"seeds", "corpus/ivo"};
	struct tally t[M__N];
	memset(t, 0, sizeof t);
	int bad = 0, docs = 0;
	for (size_t k = 0; k < 2; k++) {
		char dp[4200];
		snprintf(dp, sizeof dp, "%s/%s", shared, dirs[k]);
		DIR *dir = opendir(dp);
		if (!dir)
			continue;
		char **names = NULL;
		int n = 0;
		struct dirent *de;
		while ((de = readdir(dir))) {
			if (de->d_name[0] == '.')
				continue;
			names = xrealloc(names, (size_t)(n + 1) * sizeof *names);
			names[n++] = xstrdup(de->d_name);
		}
		closedir(dir);
		qsort(names, (size_t)n, sizeof *names, cmp_str);
		for (int i = 0; i < n; i++) {
			char doc[8400], exp[8400], stem[256];
			snprintf(doc, sizeof doc, "%s/%s", dp, names[i]);
			snprintf(stem, sizeof stem, "%s", names[i]);
			char *dot = strrchr(stem, '.');
			if (dot)
				*dot = '\0';
			snprintf(exp, sizeof exp, "%s/expected/%s.jsonl", dirarg, stem);
			bad |= eval_doc(doc, exp, t, verbose);
			docs++;
			free(names[i]);
		}
		free(names);
	}
	static const char *const mnames[M__N] = {"school", "levels", "need", "expertise", "facility", "limit",
	                                         "admission", "partner", "where", "counts", "identity", "overall"};
	printf("%d documents\n%-10s %5s %5s %5s\n", docs, "metric", "tp", "fp", "fn");
	for (int m = 1; m < M__N; m++)
		print_prf(mnames[m], &t[m]);
	if (bad) {
		printf("FAIL: a blank template yielded offer facts\n");
		return EXIT_PARTIAL;
	}
	return EXIT_OK;
}

/* ---- benchmark ---- */

int cmd_test_bench_import(struct cli *g, int argc, char **argv)
{
	if (argc < 2) {
		cli_err("usage: passend test-bench-import FILE...");
		return EXIT_USAGE;
	}
	buf one = BUF_INIT;
	for (int i = 1; i < argc; i++) {
		char *data;
		size_t len;
		const char *e;
		if (read_file_limit(argv[i], IMP_MAX_FILE, &data, &len, &e) != 0) {
			cli_err("%s: %s", argv[i], e);
			buf_free(&one);
			return EXIT_INPUT;
		}
		buf_append(&one, data, len);
		buf_putc(&one, '\n');
		free(data);
	}
	if (!one.len || !utf8_valid(one.data, one.len)) {
		cli_err("test-bench-import: give UTF-8 text files");
		buf_free(&one);
		return EXIT_INPUT;
	}
	buf big = BUF_INIT;
	while (big.len < (8u << 20))
		buf_append(&big, one.data, one.len);
	struct timespec t0, t1, c0, c1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	struct imp_doc d;
	char err[256];
	enum imp_status st = imp_text(big.data, big.len, &d, err, sizeof err);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double s = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	double cpu = (double)(c1.tv_sec - c0.tv_sec) + (c1.tv_nsec - c0.tv_nsec) / 1e9;
	if (st != IMP_OK) {
		cli_err("%s", err);
		buf_free(&one);
		buf_free(&big);
		return EXIT_INPUT;
	}
	/* CPU time too: on a shared machine wall time measures the neighbours */
	printf("analysed %.1f MB in %.3f s wall (%.2f MB/s), %.3f s CPU (%.2f MB/s); %zu facts, %zu sections\n",
	       big.len / 1048576.0, s, big.len / 1048576.0 / s, cpu, big.len / 1048576.0 / (cpu > 0 ? cpu : s), d.facts.n,
	       d.sections.n);
	imp_doc_free(&d);
	buf_free(&one);
	buf_free(&big);
	return EXIT_OK;
}
