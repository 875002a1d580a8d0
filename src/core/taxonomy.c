/*
 * taxonomy.c - the code table of facts, parsed from the embedded
 * data/taxonomy.tsv (columns: kind, code, label_nl, meaning, and an optional
 * fifth column parent_label with plain words for parents).
 *
 * The table is built once before any thread starts and never changed
 * afterwards, so readers need no locking.
 */
#include "taxonomy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embed.h"
#include "util.h"

#define TAX_MAX 1024

struct tax_table {
	char *text;                 /* owned copy of the TSV; entries point into it */
	struct tax_entry e[TAX_MAX];
	size_t n;
	size_t by_kind[FK__COUNT][TAX_MAX]; /* indexes into e, per kind */
	size_t kind_n[FK__COUNT];
};

static struct tax_table *tax_active;

static const char *school_codes[] = {"name", "swv", "place", "brin", "board", "school_year", NULL};

static const struct tax_entry *tax_find_in(const struct tax_table *t, enum fact_kind kind, const char *code)
{
	if (!t || (unsigned)kind >= FK__COUNT || !code)
		return NULL;
	for (size_t i = 0; i < t->kind_n[kind]; i++) {
		const struct tax_entry *e = &t->e[t->by_kind[kind][i]];
		if (strcmp(e->code, code) == 0)
			return e;
	}
	return NULL;
}

int tax_load_text(const char *tsv, char *err, size_t errlen)
{
	struct tax_table *t = xcalloc(1, sizeof *t);
	t->text = xstrdup(tsv);
	char *save = NULL;
	int lineno = 0;
	for (char *line = strtok_r(t->text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		size_t L = strlen(line);
		if (L && line[L - 1] == '\r')
			line[L - 1] = '\0';
		if (lineno == 1 && strncmp(line, "kind\t", 5) == 0)
			continue; /* header */
		if (!*line || *line == '#')
			continue;
		char *col[5] = {0};
		int nc = 0;
		char *p = line;
		while (nc < 5) {
			col[nc++] = p;
			char *tab = strchr(p, '\t');
			if (!tab)
				break;
			*tab = '\0';
			p = tab + 1;
		}
		if (nc < 3) {
			snprintf(err, errlen, "taxonomy line %d: expected kind, code, label", lineno);
			goto fail;
		}
		int k = fact_kind_parse(col[0]);
		if (k < 0 || k == FK_SCHOOL || k == FK_PARTNER) {
			snprintf(err, errlen, "taxonomy line %d: unknown kind '%s'", lineno, col[0]);
			goto fail;
		}
		if (!*col[1] || tax_find_in(t, (enum fact_kind)k, col[1])) {
			snprintf(err, errlen, "taxonomy line %d: empty or duplicate code '%s'", lineno, col[1]);
			goto fail;
		}
		if (t->n == TAX_MAX) {
			snprintf(err, errlen, "taxonomy: more than %d entries", TAX_MAX);
			goto fail;
		}
		struct tax_entry *e = &t->e[t->n];
		e->kind = (enum fact_kind)k;
		e->code = col[1];
		e->label = col[2];
		e->meaning = nc > 3 ? col[3] : "";
		e->parent_label = nc > 4 && *col[4] ? col[4] : col[2];
		e->index = (int)t->kind_n[k];
		t->by_kind[k][t->kind_n[k]++] = t->n;
		t->n++;
	}
	if (!t->kind_n[FK_NEED]) {
		snprintf(err, errlen, "taxonomy: no needs defined");
		goto fail;
	}
	/* The old table is intentionally leaked if one was active: readers on
	 * other threads may still hold entries.  This only happens in tests. */
	tax_active = t;
	return 0;
fail:
	free(t->text);
	free(t);
	return -1;
}

int tax_init(void)
{
	if (tax_active)
		return 0;
	const struct embed_file *f = embed_find("data/taxonomy.tsv");
	if (!f) {
		fprintf(stderr, "passend: the embedded taxonomy is missing (build error)\n");
		return -1;
	}
	char err[256];
	if (tax_load_text(f->data, err, sizeof err) < 0) {
		fprintf(stderr, "passend: %s\n", err);
		return -1;
	}
	return 0;
}

const struct tax_entry *tax_find(enum fact_kind kind, const char *code)
{
	return tax_find_in(tax_active, kind, code);
}

size_t tax_count(enum fact_kind kind)
{
	if (!tax_active || (unsigned)kind >= FK__COUNT)
		return 0;
	return tax_active->kind_n[kind];
}

const struct tax_entry *tax_at(enum fact_kind kind, size_t i)
{
	if (i >= tax_count(kind))
		return NULL;
	return &tax_active->e[tax_active->by_kind[kind][i]];
}

bool tax_school_code_valid(const char *code)
{
	for (int i = 0; code && school_codes[i]; i++)
		if (strcmp(code, school_codes[i]) == 0)
			return true;
	return false;
}
