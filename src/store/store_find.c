/*
 * store_find.c - dispatch of the finder/overview/search storage functions
 * to the backend's table (see store_find.h).
 */
#include "store_find.h"

#include <stdlib.h>
#include <string.h>

#include "store_impl.h"

static const struct store_find_ops *ops_for(struct store *s)
{
	if (strcmp(store_backend(s), "sqlite") == 0)
		return &sqlite_find_ops;
#ifdef PASSEND_HAVE_PG
	extern const struct store_find_ops pg_find_ops; /* store_pg_find.c */
	if (strcmp(store_backend(s), "postgresql") == 0)
		return &pg_find_ops;
#endif
	return NULL;
}

#define OPS_OR_FAIL(s, o)                                                                                  \
	const struct store_find_ops *o = ops_for(s);                                                       \
	if (!o)                                                                                            \
		return store_fail(s, "the %s backend has no finder functions", store_backend(s))

int64_t store_find_data_version(struct store *s)
{
	const struct store_find_ops *o = ops_for(s);
	return o ? o->data_version(s) : -1;
}

int store_find_live(struct store *s, const struct find_live_query *q, struct find_live *out)
{
	memset(out, 0, sizeof *out);
	OPS_OR_FAIL(s, o);
	return o->live(s, q, out);
}

void find_live_free(struct find_live *l)
{
	for (size_t i = 0; i < l->nschools; i++) {
		school_free(&l->schools[i].school);
		free(l->schools[i].board_name);
	}
	for (size_t i = 0; i < l->nfacts; i++)
		fact_free(&l->facts[i].fact);
	free(l->schools);
	free(l->facts);
	memset(l, 0, sizeof *l);
}

int store_find_live_facts(struct store *s, int64_t profile_id, struct fact_list *out)
{
	memset(out, 0, sizeof *out);
	OPS_OR_FAIL(s, o);
	return o->live_facts(s, profile_id, out);
}

int store_find_live_facts_many(struct store *s, const int64_t *profile_ids, size_t n, struct fact_list *out,
                               int64_t *data_version)
{
	memset(out, 0, n * sizeof *out);
	if (data_version)
		*data_version = -1;
	OPS_OR_FAIL(s, o);
	int rc = 0;
	if (o->live_facts_many) {
		rc = o->live_facts_many(s, profile_ids, n, out, data_version) < 0 ? -1 : 0;
	} else {
		for (size_t i = 0; i < n && rc == 0; i++)
			if (o->live_facts(s, profile_ids[i], &out[i]) < 0)
				rc = -1;
		/* Read after the facts: see the header. */
		if (rc == 0 && data_version)
			*data_version = o->data_version(s);
	}
	if (rc < 0 && data_version)
		*data_version = -1;
	if (rc < 0)
		for (size_t i = 0; i < n; i++)
			fact_list_free(&out[i]);
	return rc;
}

int store_find_geocode(struct store *s, const char *place, const char *pc4, double *lat, double *lon,
                       int *count)
{
	*count = 0;
	OPS_OR_FAIL(s, o);
	return o->geocode(s, place, pc4, lat, lon, count);
}

int store_find_status(struct store *s, const char *swv_code, struct find_status **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	OPS_OR_FAIL(s, o);
	return o->status(s, swv_code, out, n);
}

void find_status_free(struct find_status *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].place);
		free(v[i].board_code);
		free(v[i].board_name);
	}
	free(v);
}

int store_find_search(struct store *s, const char *const *terms, size_t nterms, size_t max,
                      struct find_hit **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (nterms == 0)
		return 0;
	OPS_OR_FAIL(s, o);
	return o->search(s, terms, nterms, max, out, n);
}

int store_find_hit_text(struct store *s, const char *const *terms, size_t nterms, struct find_hit *h)
{
	OPS_OR_FAIL(s, o);
	if (!o->hit_text || h->heading)
		return 0;
	return o->hit_text(s, terms, nterms, h);
}

void find_hits_free(struct find_hit *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].heading);
		free(v[i].snippet);
	}
	free(v);
}
