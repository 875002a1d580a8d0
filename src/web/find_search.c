/*
 * find_search.c - full-text search over the sections of live profiles:
 * query parsing (user text never reaches FTS5 syntax: only letters and
 * digits survive, the store quotes each term), highlighted snippets built
 * safely in C, and facets (need, SWV, place) with counts and filters.
 *
 * Prefix matching: every term also matches longer words (the store adds
 * FTS5's '*'), so "dyslexie" finds "dyslexiebeleid" - Dutch writes
 * compounds as one word.  The trade-off: short terms match many unrelated
 * words ("lees" also finds "leesbaar", "leest"), so terms shorter than 3
 * characters are dropped and results are ranked by BM25 (exact words score
 * higher because they are rarer than their prefix family... usually).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "core/taxonomy.h"
#include "core/util.h"
#include "find.h"
#include "find_priv.h"
#include "render/html.h"
#include "render/tpl.h"
#include "view.h"
#include "web.h"

#define SEARCH_MAX_HITS 1000
#define TERM_MIN 3 /* bytes; shorter terms are dropped (see above) */

static bool word_cp(utf8proc_int32_t cp)
{
	if (cp < 128)
		return isalnum(cp) != 0;
	utf8proc_category_t c = utf8proc_category(cp);
	return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
	       (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME) ||
	       (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

size_t find_query_parse(const char *q, char terms[][FIND_TERM_MAX + 1], size_t max)
{
	if (!q)
		return 0;
	size_t n = strnlen(q, FIND_Q_MAX), nt = 0;
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)q;
	size_t i = 0;
	while (i < n && nt < max && nt < FIND_TERMS_MAX) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0) {
			i++;
			continue;
		}
		if (!word_cp(cp)) {
			i += (size_t)k;
			continue;
		}
		size_t start = i, len = 0;
		bool full = false;
		while (i < n) {
			k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
			if (k <= 0 || !word_cp(cp))
				break;
			/* Longer words are cut at a character boundary: the term is
			 * the contiguous prefix q[start, start+len). */
			if (!full && len + (size_t)k <= FIND_TERM_MAX)
				len += (size_t)k;
			else
				full = true;
			i += (size_t)k;
		}
		if (len < TERM_MIN)
			continue;
		memcpy(terms[nt], q + start, len);
		terms[nt][len] = '\0';
		/* Drop duplicates (case-sensitive is enough: the tokenizer folds). */
		bool dup = false;
		for (size_t j = 0; j < nt && !dup; j++)
			dup = strcmp(terms[j], terms[nt]) == 0;
		if (!dup)
			nt++;
	}
	return nt;
}

void find_snippet_html(buf *out, const char *s)
{
	bool open = false;
	const char *run = s;
	for (const char *p = s;; p++) {
		if (*p == '\x01' || *p == '\x02' || *p == '\0') {
			html_escape_n(out, run, (size_t)(p - run));
			if (*p == '\0')
				break;
			if (*p == '\x01' && !open) {
				buf_puts(out, "<mark>");
				open = true;
			} else if (*p == '\x02' && open) {
				buf_puts(out, "</mark>");
				open = false;
			}
			run = p + 1;
		}
	}
	if (open)
		buf_puts(out, "</mark>");
}

static void plain(buf *out, const char *s)
{
	for (; *s; s++)
		if (*s != '\x01' && *s != '\x02')
			buf_putc(out, *s);
}

struct facet {
	const char *key, *label;
	int count;
};

static void facet_add(struct facet **v, size_t *n, const char *key, const char *label)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i].key, key) == 0) {
			(*v)[i].count++;
			return;
		}
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = (struct facet){key, label, 1};
}

static int cmp_facet(const void *a, const void *b)
{
	const struct facet *x = a, *y = b;
	if (x->count != y->count)
		return y->count - x->count;
	return strcmp(x->label, y->label);
}

static json_t *facet_json(struct facet *v, size_t n, const char *selected)
{
	if (n)
		qsort(v, n, sizeof *v, cmp_facet);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s,s:s,s:i,s:b}", "value", v[i].key, "label", v[i].label, "count",
		                                   v[i].count, "selected", selected && strcmp(selected, v[i].key) == 0));
	free(v);
	return a;
}

struct idpos {
	int64_t id;
	size_t pos;
};

static int cmp_idpos(const void *a, const void *b)
{
	int64_t x = ((const struct idpos *)a)->id, y = ((const struct idpos *)b)->id;
	return x < y ? -1 : x > y;
}

json_t *find_search(struct store *s, const struct web_kvs *query, int *status, char *msg, size_t msglen)
{
	const char *q = web_kv_get(query, "q");
	const char *f_need = web_kv_get(query, "need"), *f_swv = web_kv_get(query, "swv"),
	           *f_place = web_kv_get(query, "plaats"), *pg = web_kv_get(query, "pagina");
	if ((q && strlen(q) > 1000) || (f_place && strlen(f_place) > FIND_MAX_PLACE) || (f_swv && strlen(f_swv) > 15)) {
		*status = 400;
		snprintf(msg, msglen, "De zoekvraag is te lang.");
		return NULL;
	}
	if (f_need && *f_need && find_tax_bit(FK_NEED, f_need) < 0) {
		*status = 400;
		snprintf(msg, msglen, "Onbekende ondersteuningsbehoefte.");
		return NULL;
	}
	long page = 1;
	if (pg && *pg && !parse_int(pg, 1, 10000, &page)) {
		*status = 400;
		snprintf(msg, msglen, "Het paginanummer is ongeldig.");
		return NULL;
	}
	if (f_need && !*f_need)
		f_need = NULL;
	if (f_swv && !*f_swv)
		f_swv = NULL;
	if (f_place && !*f_place)
		f_place = NULL;
	char terms[FIND_TERMS_MAX][FIND_TERM_MAX + 1];
	size_t nt = find_query_parse(q, terms, FIND_TERMS_MAX);
	json_t *o = json_object();
	json_object_set_new(o, "q", json_string(q && utf8_valid(q, strlen(q)) ? q : ""));
	json_t *jt = json_array();
	for (size_t i = 0; i < nt; i++)
		json_array_append_new(jt, json_string(terms[i]));
	json_object_set_new(o, "terms", jt);
	if (q && strlen(q) > FIND_Q_MAX)
		json_object_set_new(o, "truncated", json_true());
	if (nt == 0) {
		json_object_set_new(o, "hits", json_array());
		json_object_set_new(o, "total", json_integer(0));
		return o;
	}
	const struct find_index *ix = find_index_get(s);
	const char *tp[FIND_TERMS_MAX];
	for (size_t i = 0; i < nt; i++)
		tp[i] = terms[i];
	struct find_hit *hits = NULL;
	size_t nh = 0;
	if (!ix || store_find_search(s, tp, nt, SEARCH_MAX_HITS, &hits, &nh) < 0) {
		json_decref(o);
		*status = 500;
		snprintf(msg, msglen, "Zoeken lukte niet.");
		return NULL;
	}
	/* school id -> position in the index, for the hits' schools. */
	size_t nsch = ix->live.nschools;
	struct idpos *ids = xmalloc((nsch ? nsch : 1) * sizeof *ids);
	for (size_t i = 0; i < nsch; i++)
		ids[i] = (struct idpos){ix->live.schools[i].school.id, i};
	qsort(ids, nsch, sizeof *ids, cmp_idpos);
	struct facet *fn = NULL, *fs = NULL, *fp = NULL;
	size_t nfn = 0, nfs = 0, nfp = 0;
	bool *counted = xcalloc(nsch + 1, sizeof *counted);
	size_t *keep = xmalloc((nh ? nh : 1) * sizeof *keep);
	size_t *hit_school = xmalloc((nh ? nh : 1) * sizeof *hit_school);
	size_t nk = 0;
	int need_bit = f_need ? find_tax_bit(FK_NEED, f_need) : -1;
	for (size_t h = 0; h < nh; h++) {
		struct idpos key = {hits[h].school_id, 0};
		const struct idpos *found = bsearch(&key, ids, nsch, sizeof *ids, cmp_idpos);
		size_t si = found ? found->pos : (size_t)-1;
		if (si == (size_t)-1 || ix->live.schools[si].profile_id != hits[h].profile_id)
			continue; /* changed since the index was built */
		hit_school[h] = si;
		const struct find_school *sc = &ix->live.schools[si];
		const struct fx_school *x = &ix->fx[si];
		bool ok_need = need_bit < 0 || ((x->need_school | x->need_extern) & ((find_mask)1 << need_bit));
		bool ok_swv = !f_swv || str_eq(sc->school.swv_code, f_swv);
		bool ok_place = !f_place || (sc->school.place && strcasecmp(sc->school.place, f_place) == 0);
		/* Facet counts are schools, each counted once, under the other
		 * filters (so a facet shows what choosing it would give). */
		if (!counted[si]) {
			if (ok_swv && ok_place) {
				find_mask m = x->need_school | x->need_extern;
				while (m) {
					int b = __builtin_ctzll(m);
					m &= m - 1;
					const struct tax_entry *t = tax_at(FK_NEED, (size_t)b);
					if (t)
						facet_add(&fn, &nfn, t->code, t->parent_label ? t->parent_label : t->label);
				}
			}
			if (ok_need && ok_place && sc->school.swv_code)
				facet_add(&fs, &nfs, sc->school.swv_code, sc->school.swv_code);
			if (ok_need && ok_swv && sc->school.place)
				facet_add(&fp, &nfp, sc->school.place, sc->school.place);
			counted[si] = true;
		}
		if (ok_need && ok_swv && ok_place)
			keep[nk++] = h;
	}
	/* SWV facet labels: the SWV names. */
	for (size_t i = 0; i < nfs; i++)
		for (size_t k = 0; k < ix->nswv; k++)
			if (strcmp(fs[i].key, ix->swvs[k].code) == 0)
				fs[i].label = ix->swvs[k].name;
	json_t *facets = json_object();
	json_object_set_new(facets, "needs", facet_json(fn, nfn, f_need));
	json_object_set_new(facets, "swvs", facet_json(fs, nfs, f_swv));
	json_object_set_new(facets, "places", facet_json(fp, nfp, f_place));
	json_object_set_new(o, "facets", facets);

	size_t pages = (nk + FIND_PAGE_SIZE - 1) / FIND_PAGE_SIZE;
	if ((size_t)page > pages)
		page = pages ? (long)pages : 1;
	size_t from = (size_t)(page - 1) * FIND_PAGE_SIZE, to = from + FIND_PAGE_SIZE;
	if (to > nk)
		to = nk;
	json_t *ja = json_array();
	for (size_t k = from; k < to; k++) {
		struct find_hit *h = &hits[keep[k]];
		if (store_find_hit_text(s, tp, nt, h) < 0) {
			free(h->heading);
			h->heading = NULL;
		}
		const struct find_school *sc = &ix->live.schools[hit_school[keep[k]]];
		json_t *r = json_object();
		json_object_set_new(r, "school", view_school(&sc->school));
		json_object_set_new(r, "school_year", json_string(sc->school_year));
		buf b = BUF_INIT;
		plain(&b, h->heading ? h->heading : "");
		json_object_set_new(r, "heading", json_string(buf_str(&b)));
		buf_reset(&b);
		find_snippet_html(&b, h->heading ? h->heading : "");
		json_object_set_new(r, "heading_html", tpl_safe_html(buf_str(&b)));
		buf_reset(&b);
		find_snippet_html(&b, h->snippet ? h->snippet : "");
		json_object_set_new(r, "snippet_html", tpl_safe_html(buf_str(&b)));
		buf_reset(&b);
		plain(&b, h->snippet ? h->snippet : "");
		json_object_set_new(r, "snippet", json_string(buf_str(&b)));
		buf_free(&b);
		char url[64];
		snprintf(url, sizeof url, "/school/%s%s#sectie-%d", sc->school.brin, sc->school.vestiging, h->ord + 1);
		json_object_set_new(r, "url", json_string(url));
		json_array_append_new(ja, r);
	}
	json_object_set_new(o, "hits", ja);
	json_object_set_new(o, "total", json_integer((json_int_t)nk));
	json_object_set_new(o, "page", json_integer(page));
	json_object_set_new(o, "pages", json_integer((json_int_t)pages));
	if (nh >= SEARCH_MAX_HITS)
		json_object_set_new(o, "capped", json_integer(SEARCH_MAX_HITS));
	json_t *f = json_object();
	if (f_need)
		json_object_set_new(f, "need", json_string(f_need));
	if (f_swv)
		json_object_set_new(f, "swv", json_string(f_swv));
	if (f_place)
		json_object_set_new(f, "place", json_string(f_place));
	json_object_set_new(o, "filters", f);
	free(ids);
	free(counted);
	free(keep);
	free(hit_school);
	find_hits_free(hits, nh);
	return o;
}
