/*
 * find.h - the public finder, regional overview, comparison, full-text
 * search and exports (issue 4): the logic behind the pages in
 * page_finder.c, kept apart from HTTP so unit tests can call it.
 *
 * Everything reads published ("live") data only, through store_find.h.
 * Results are JSON view objects: the HTML templates and the JSON API render
 * the same data.
 *
 * Threads: the finder keeps a per-thread cache of the live facts (keyed by
 * the store connection and store_find_data_version()), so no mutable state
 * is shared between threads.  The data tables (limit -> needs, need groups)
 * are parsed once from embedded TSV files under a pthread_once.
 */
#ifndef PASSEND_FIND_H
#define PASSEND_FIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "core/buf.h"
#include "store/store.h"

/* Bits are taxonomy indexes (tax_entry.index) within a kind; kinds with more
 * than 64 codes use only the first 64. */
typedef uint64_t find_mask;
#define FIND_MASK_BITS 64

#define FIND_PAGE_SIZE 20
#define FIND_MAX_PLACE 80
#define FIND_MAX_KM 200

/* What the parent asked for. */
struct find_params {
	find_mask needs;        /* kind need */
	find_mask facilities;   /* kind facility (accessibility needs) */
	bool on_site;           /* only support on the school itself counts */
	char swv[16];           /* "" = every SWV */
	bool have_origin;       /* lat/lon known (geocoded place or postcode) */
	double lat, lon;
	double km;              /* 0 = no distance limit */
	char place[FIND_MAX_PLACE + 1]; /* as typed (trimmed) */
	bool place_unknown;     /* typed but no school there has coordinates */
	int page;               /* 1-based */
};

/* ---- data tables ---- */

/* Needs (kind need) and facilities (kind facility) a limit touches, from
 * data/limit_needs.tsv.  Unknown limit: both 0.  Returns false when the
 * embedded table is malformed (then every limit touches nothing). */
bool find_limit_touches(const char *limit_code, find_mask *needs, find_mask *facilities);
/* Parse a limit table from text (tests); replaces nothing global: fills
 * out arrays indexed by limit index.  Returns the number of rows or -1 with
 * a message (unknown code, bad line). */
int find_limit_table_parse(const char *tsv, find_mask *needs, find_mask *facs, size_t nlimits, char *err,
                           size_t errlen);

/* The current school year for a date: a new year starts on 1 August
 * ("2026/2027" from 2026-08-01).  out >= 10 bytes. */
void find_school_year(time_t now, char *out, size_t n);

/* Great-circle distance in km. */
double find_distance_km(double lat1, double lon1, double lat2, double lon2);

/* The accessibility needs the finder offers (facility codes). */
extern const char *const find_access_codes[];

/* ---- finder ---- */

/* Fill p from query parameters: need=CODE (repeatable), voorziening=CODE
 * (repeatable: lift, rolstoeltoegankelijk, aangepast_toilet), op_school=1,
 * swv=CODE, plaats=PLACE|POSTCODE, km=N, pagina=N.  Geocodes the place
 * through the store.  Returns 0, or 400 with a Dutch message in msg for
 * unknown codes, too long or malformed values. */
struct web_kvs;
int find_params_parse(struct store *s, const struct web_kvs *query, struct find_params *p, char *msg,
                      size_t msglen);

/* Rank schools for p.  Returns a new JSON object {"results":[...],
 * "total":N, "page":N, "pages":N, ...} where each result has "school",
 * "school_year", "score", "distance_km", "reasons" (the matching facts with
 * labels, where, levels, evidence), "caveats" (limits touching the chosen
 * needs, missing and via-SWV-only needs, missing facilities, out-of-date
 * profile).  now is the date for "out of date".  NULL on store error. */
json_t *find_match(struct store *s, const struct find_params *p, time_t now);

/* Form data for the finder page: need groups with labels and "checked",
 * accessibility options, SWV list.  New reference. */
json_t *find_form(struct store *s, const struct find_params *p);

/* Drop this thread's finder cache (tests, thread exit). */
void find_cache_drop(void);

/* ---- comparison ---- */

/* Side-by-side data for 2..4 school keys ("31QX00").  NULL with *status and
 * msg on bad input (400) or unknown school (404) or store error (500). */
json_t *find_compare(struct store *s, const char *const *keys, size_t n, int *status, char *msg, size_t msglen);

/* ---- regional overview ---- */

struct find_overview_params {
	const char *swv;      /* SWV code (required) */
	const char *board;    /* board code filter or NULL */
	const char *place;    /* place filter or NULL */
	int min_schools;      /* "few schools" threshold N (default 3) */
};

/* The overview of an SWV (published data only; drafts appear only as status
 * and year).  NULL with *status 404 for an unknown SWV, 500 on store error. */
json_t *find_overview(struct store *s, const struct find_overview_params *p, time_t now, int *status);

/* SVG heatmap (needs x schools) for an overview object made by
 * find_overview.  Returns malloc'd SVG markup built from escaped data. */
char *find_overview_svg(const json_t *overview);

/* ---- full-text search ---- */

#define FIND_Q_MAX 200   /* bytes of query text considered */
#define FIND_TERMS_MAX 8
#define FIND_TERM_MAX 48 /* bytes per term */

/* Split a user query into at most FIND_TERMS_MAX plain search terms of
 * letters and digits (anything else separates terms and is dropped, so no
 * FTS syntax survives); text beyond FIND_Q_MAX bytes is ignored, invalid
 * UTF-8 separates terms.  Returns the number of terms. */
size_t find_query_parse(const char *q, char terms[][FIND_TERM_MAX + 1], size_t max);

/* Turn a snippet with matches between \x01 and \x02 into HTML: text
 * escaped, matches wrapped in <mark>; unbalanced markers are handled. */
void find_snippet_html(buf *out, const char *snippet);

/* Search live profile sections; query parameters q, need, swv, plaats,
 * pagina.  Returns a JSON object with "hits", "facets", "total".  NULL with
 * *status on bad input (400) or store error (500). */
json_t *find_search(struct store *s, const struct web_kvs *query, int *status, char *msg, size_t msglen);

/* ---- exports ---- */

/* Append one CSV field (RFC 4180 quoting; cells starting with = + - @ or
 * a tab/CR get a leading ' against formula injection). */
void find_csv_field(buf *out, const char *s);

/* Export an SWV's live facts (what = "feiten") or coverage matrix
 * ("dekking") as CSV (UTF-8 with BOM) or XLSX into out.  Returns 0, 404 for
 * an unknown SWV, 500 on error. */
int find_export(struct store *s, const char *swv, const char *what, bool xlsx, buf *out);

#endif
