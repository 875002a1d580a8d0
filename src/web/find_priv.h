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

/* A live fact in 12 bytes (the national index holds ~250,000 of them per
 * thread): taxonomy index instead of the code string. */
struct fx_fact {
	uint32_t school;  /* index into find_index.live.schools */
	uint8_t kind;     /* enum fact_kind */
	uint8_t where;    /* enum fact_where */
	uint8_t present;
	uint8_t pad;
	uint16_t code;    /* tax_entry.index within kind */
	int16_t count;    /* -1 = not stated */
};

struct find_index {
	struct store *store;
	int64_t version;       /* store_find_data_version() when built */
	struct find_live live; /* the schools only (live.facts is emptied) */
	struct fx_fact *facts; /* kinds need, expertise, facility, limit; grouped by school */
	size_t nfacts;
	size_t *first;         /* index of each school's first fact; nfacts when none */
	struct fx_school *fx;  /* parallel to live.schools */
	struct swv *swvs;      /* every SWV, by name (store_swv_list) */
	size_t nswv;
	int *swv_live;         /* per SWV: schools with a live profile */
};

/* This thread's index for s, rebuilt when the data changed.  Owned by the
 * thread cache (valid until the next call on this thread); NULL on error. */
const struct find_index *find_index_get(struct store *s);
/* Index of the first fact of every school of l (facts are grouped by
 * school); l->nfacts for a school without facts.  malloc'd. */
size_t *find_fact_starts(const struct find_live *l);
/* Taxonomy index of code within kind k, or -1 (unknown or >= 64). */
int find_tax_bit(enum fact_kind k, const char *code);

#endif
