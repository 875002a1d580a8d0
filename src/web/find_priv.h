/*
 * find_priv.h - internals shared by find.c and find_search.c (the per-thread
 * index of live facts).  Not for use outside src/web/find*.c.
 */
#ifndef PASSEND_FIND_PRIV_H
#define PASSEND_FIND_PRIV_H

#include "core/model.h"
#include "find.h"
#include "store/store_find.h"

/* Per live school: taxonomy-index bit masks of its live facts. */
struct fx_school {
	find_mask need_school, need_extern; /* need on site (or place not stated) / via the SWV */
	find_mask fac_present, fac_absent;
	find_mask limits;
};

struct find_index {
	struct store *store;
	int64_t version;       /* store_find_data_version() when built */
	struct find_live live; /* kinds need, expertise, facility, limit; no text */
	size_t *first;         /* index of each school's first fact (facts are grouped by school) */
	struct fx_school *fx;  /* parallel to live.schools */
};

/* This thread's index for s, rebuilt when the data changed.  Owned by the
 * thread cache (valid until the next call on this thread); NULL on error. */
const struct find_index *find_index_get(struct store *s);
/* Masks for every school of l (malloc'd, parallel to l->schools). */
struct fx_school *find_masks_build(const struct find_live *l);
/* Index of the first fact of every school of l (facts are grouped by
 * school); l->nfacts for a school without facts.  malloc'd. */
size_t *find_fact_starts(const struct find_live *l);
/* Taxonomy index of code within kind k, or -1 (unknown or >= 64). */
int find_tax_bit(enum fact_kind k, const char *code);

#endif
