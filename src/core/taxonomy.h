/*
 * taxonomy.h - the codes facts use (needs, expertise, facilities, limits,
 * admission rules), loaded from data/taxonomy.tsv, which is embedded into the
 * binary at build time.  The table is immutable after tax_init() and may be
 * read from any thread.
 */
#ifndef PASSEND_TAXONOMY_H
#define PASSEND_TAXONOMY_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

struct tax_entry {
	enum fact_kind kind;
	const char *code;
	const char *label;   /* Dutch label for the UI */
	const char *meaning; /* English description */
	const char *parent_label; /* plain-language words for parents; may equal label */
	int index;           /* position within its kind, 0-based */
};

/* Parse the embedded taxonomy (idempotent; not thread-safe: call once from
 * main before starting threads).  Returns 0, or -1 on a malformed table. */
int tax_init(void);
/* Parse a TSV taxonomy from text (used by tax_init and tests).  Replaces the
 * active table. */
int tax_load_text(const char *tsv, char *err, size_t errlen);
/* Find an entry; NULL when the code is unknown for that kind. */
const struct tax_entry *tax_find(enum fact_kind kind, const char *code);
/* Number of entries of a kind and the i-th one. */
size_t tax_count(enum fact_kind kind);
const struct tax_entry *tax_at(enum fact_kind kind, size_t i);
/* Valid codes for school-identity facts (name, swv, place, brin, board,
 * school_year). */
bool tax_school_code_valid(const char *code);

#endif
