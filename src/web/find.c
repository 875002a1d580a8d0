/*
 * find.c - the school finder: data tables, the per-thread index of live
 * facts, query parameters, ranking with reasons and caveats, the form data,
 * and the side-by-side comparison.  See find.h.
 */
#include "find.h"
#include "find_priv.h"

#include <ctype.h>
#include <malloc.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embed.h"
#include "core/taxonomy.h"
#include "core/util.h"
#include "store/store_find.h"
#include "view.h"
#include "web.h"

const char *const find_access_codes[] = {"lift", "rolstoeltoegankelijk", "aangepast_toilet", NULL};

/* ---- the limit -> needs table ---- */

#define MAX_LIMITS 64
static find_mask limit_needs[MAX_LIMITS], limit_facs[MAX_LIMITS];
static bool limit_ok;
static pthread_once_t limit_once = PTHREAD_ONCE_INIT;

int find_tax_bit(enum fact_kind k, const char *code)
{
	const struct tax_entry *t = tax_find(k, code);
	return t && t->index < FIND_MASK_BITS ? t->index : -1;
}

int find_limit_table_parse(const char *tsv, find_mask *needs, find_mask *facs, size_t nlimits, char *err,
                           size_t errlen)
{
	memset(needs, 0, nlimits * sizeof *needs);
	memset(facs, 0, nlimits * sizeof *facs);
	int rows = 0, lineno = 0;
	const char *p = tsv;
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		lineno++;
		char line[256];
		if (len >= sizeof line) {
			snprintf(err, errlen, "line %d: too long", lineno);
			return -1;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		p = nl ? nl + 1 : NULL;
		str_trim(line);
		if (!line[0] || line[0] == '#')
			continue;
		char *f1 = line, *f2 = strchr(f1, '\t');
		char *f3 = f2 ? strchr(f2 + 1, '\t') : NULL;
		if (!f2 || !f3) {
			snprintf(err, errlen, "line %d: expected limit<TAB>kind<TAB>code", lineno);
			return -1;
		}
		*f2++ = '\0';
		*f3++ = '\0';
		const struct tax_entry *lim = tax_find(FK_LIMIT, f1);
		if (!lim || (size_t)lim->index >= nlimits) {
			snprintf(err, errlen, "line %d: unknown limit '%s'", lineno, f1);
			return -1;
		}
		enum fact_kind k;
		if (strcmp(f2, "need") == 0)
			k = FK_NEED;
		else if (strcmp(f2, "facility") == 0)
			k = FK_FACILITY;
		else {
			snprintf(err, errlen, "line %d: kind must be need or facility", lineno);
			return -1;
		}
		int b = find_tax_bit(k, f3);
		if (b < 0) {
			snprintf(err, errlen, "line %d: unknown %s '%s'", lineno, f2, f3);
			return -1;
		}
		if (k == FK_NEED)
			needs[lim->index] |= (find_mask)1 << b;
		else
			facs[lim->index] |= (find_mask)1 << b;
		rows++;
	}
	return rows;
}

static void limit_load(void)
{
	const struct embed_file *f = embed_find("data/limit_needs.tsv");
	char err[200];
	limit_ok = f && find_limit_table_parse(f->data, limit_needs, limit_facs, MAX_LIMITS, err, sizeof err) >= 0;
	if (!limit_ok)
		fprintf(stderr, "passend: data/limit_needs.tsv: %s\n", f ? err : "missing");
}

bool find_limit_touches(const char *code, find_mask *needs, find_mask *facs)
{
	pthread_once(&limit_once, limit_load);
	*needs = *facs = 0;
	const struct tax_entry *t = tax_find(FK_LIMIT, code);
	if (t && t->index < MAX_LIMITS) {
		*needs = limit_needs[t->index];
		*facs = limit_facs[t->index];
	}
	return limit_ok;
}

/* ---- small helpers ---- */

void find_school_year(time_t now, char *out, size_t n)
{
	struct tm tm;
	gmtime_r(&now, &tm);
	int y = tm.tm_year + 1900;
	if (tm.tm_mon < 7) /* before August */
		y--;
	if (y < 1000 || y > 9998)
		y = 2000; /* not reachable for real clocks; keeps the format */
	snprintf(out, n, "%04d/%04d", y % 10000, (y + 1) % 10000);
}

double find_distance_km(double lat1, double lon1, double lat2, double lon2)
{
	const double r = 6371.0088, d = M_PI / 180.0;
	double dlat = (lat2 - lat1) * d, dlon = (lon2 - lon1) * d;
	double a = sin(dlat / 2) * sin(dlat / 2) + cos(lat1 * d) * cos(lat2 * d) * sin(dlon / 2) * sin(dlon / 2);
	return 2 * r * asin(sqrt(a < 1 ? a : 1));
}

static void set_str(json_t *o, const char *k, const char *v)
{
	if (v && *v)
		json_object_set_new(o, k, json_string(v));
}

static const char *tax_label(enum fact_kind k, const char *code)
{
	const struct tax_entry *t = tax_find(k, code);
	return t ? t->label : code;
}

/* ---- the per-thread index ---- */

static _Thread_local struct find_index *tl_index;

static void index_free(struct find_index *ix)
{
	if (!ix)
		return;
	find_live_free(&ix->live);
	free(ix->facts);
	free(ix->fx);
	free(ix->first);
	for (size_t i = 0; i < ix->nswv; i++)
		swv_free(&ix->swvs[i]);
	free(ix->swvs);
	free(ix->swv_live);
	free(ix);
}

void find_cache_drop(void)
{
	index_free(tl_index);
	tl_index = NULL;
}

/* Compact the index's facts and build the per-school masks; the full
 * facts of ix->live are released. */
static void index_compact(struct find_index *ix)
{
	const struct find_live *l = &ix->live;
	ix->facts = xmalloc((l->nfacts ? l->nfacts : 1) * sizeof *ix->facts);
	ix->fx = xcalloc(l->nschools ? l->nschools : 1, sizeof *ix->fx);
	size_t n = 0;
	for (size_t i = 0; i < l->nfacts; i++) {
		const struct fact *f = &l->facts[i].fact;
		const struct tax_entry *t = f->code ? tax_find(f->kind, f->code) : NULL;
		if (!t || t->index > 65535)
			continue;
		struct fx_fact *c = &ix->facts[n++];
		*c = (struct fx_fact){.school = (uint32_t)l->facts[i].school,
		                      .kind = (uint8_t)f->kind,
		                      .where = (uint8_t)f->where,
		                      .present = f->present,
		                      .code = (uint16_t)t->index,
		                      .count = (int16_t)(f->count < 0 ? -1 : f->count > 32767 ? 32767 : f->count)};
		if (t->index >= FIND_MASK_BITS)
			continue;
		struct fx_school *x = &ix->fx[c->school];
		find_mask m = (find_mask)1 << t->index;
		switch (f->kind) {
		case FK_NEED:
			if (f->where == WHERE_EXTERN)
				x->need_extern |= m;
			else /* on site, or not stated: the school names it as its own offer */
				x->need_school |= m;
			break;
		case FK_FACILITY:
			if (f->present)
				x->fac_present |= m;
			else
				x->fac_absent |= m;
			break;
		case FK_LIMIT: x->limits |= m; break;
		default: break;
		}
	}
	ix->nfacts = n;
	ix->first = xmalloc((l->nschools + 1) * sizeof *ix->first);
	for (size_t i = 0; i <= l->nschools; i++)
		ix->first[i] = n;
	for (size_t i = n; i-- > 0;)
		ix->first[ix->facts[i].school] = i;
	for (size_t i = 0; i < ix->live.nfacts; i++)
		fact_free(&ix->live.facts[i].fact);
	free(ix->live.facts);
	ix->live.facts = NULL;
	ix->live.nfacts = 0;
}

/* This thread's index for s, rebuilt when the data changed. */
const struct find_index *find_index_get(struct store *s)
{
	int64_t v = store_find_data_version(s);
	if (tl_index && tl_index->store == s && v >= 0 && tl_index->version == v)
		return tl_index;
	find_cache_drop();
	struct find_index *ix = xcalloc(1, sizeof *ix);
	/* Expertise too: the overview of an SWV reads its slice of this index. */
	struct find_live_query q = {.kinds = (1u << FK_NEED) | (1u << FK_EXPERTISE) | (1u << FK_FACILITY) | (1u << FK_LIMIT)};
	if (store_find_live(s, &q, &ix->live) < 0) {
		free(ix);
		return NULL;
	}
	index_compact(ix);
	/* The SWV list for forms, facets and the overview list: store_swv_list
	 * costs milliseconds nationally, too much for every request. */
	if (store_swv_list(s, &ix->swvs, &ix->nswv) < 0) {
		index_free(ix);
		return NULL;
	}
	ix->swv_live = xcalloc(ix->nswv + 1, sizeof *ix->swv_live);
	for (size_t i = 0; i < ix->live.nschools; i++)
		for (size_t k = 0; k < ix->nswv; k++)
			if (str_eq(ix->live.schools[i].school.swv_code, ix->swvs[k].code)) {
				ix->swv_live[k]++;
				break;
			}
	/* The full facts were a transient peak (tens of MB nationally): give
	 * the memory back instead of keeping it per thread. */
	malloc_trim(0);
	ix->store = s;
	ix->version = v;
	/* With v == -1 the index is kept only until the next call rebuilds it. */
	tl_index = ix;
	return ix;
}

/* ---- parameters ---- */

static bool valid_swv_code(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 15)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
			return false;
	return true;
}

int find_params_parse(struct store *s, const struct web_kvs *query, struct find_params *p, char *msg,
                      size_t msglen)
{
	memset(p, 0, sizeof *p);
	p->page = 1;
	const char *vals[64];
	size_t n = web_kv_all(query, "need", vals, 64);
	for (size_t i = 0; i < n; i++) {
		int b = strlen(vals[i]) < 40 ? find_tax_bit(FK_NEED, vals[i]) : -1;
		if (b < 0) {
			snprintf(msg, msglen, "Onbekende ondersteuningsbehoefte. Kies uit de lijst op het formulier.");
			return 400;
		}
		p->needs |= (find_mask)1 << b;
	}
	n = web_kv_all(query, "voorziening", vals, 64);
	for (size_t i = 0; i < n; i++) {
		int b = strlen(vals[i]) < 40 ? find_tax_bit(FK_FACILITY, vals[i]) : -1;
		if (b < 0) {
			snprintf(msg, msglen, "Onbekende voorziening. Kies uit de lijst op het formulier.");
			return 400;
		}
		p->facilities |= (find_mask)1 << b;
	}
	const char *v = web_kv_get(query, "op_school");
	p->on_site = v && (strcmp(v, "1") == 0 || strcmp(v, "on") == 0 || strcmp(v, "ja") == 0);
	v = web_kv_get(query, "swv");
	if (v && *v) {
		if (!valid_swv_code(v)) {
			snprintf(msg, msglen, "Onbekend samenwerkingsverband.");
			return 400;
		}
		snprintf(p->swv, sizeof p->swv, "%s", v);
	}
	v = web_kv_get(query, "pagina");
	if (v && *v) {
		long pg;
		if (!parse_int(v, 1, 10000, &pg)) {
			snprintf(msg, msglen, "Het paginanummer is ongeldig.");
			return 400;
		}
		p->page = (int)pg;
	}
	v = web_kv_get(query, "km");
	if (v && *v) {
		char *end;
		double km = strtod(v, &end);
		if (strlen(v) > 8 || *end || !(km > 0) || km > FIND_MAX_KM) {
			snprintf(msg, msglen, "De afstand moet een getal van 1 tot en met %d kilometer zijn.", FIND_MAX_KM);
			return 400;
		}
		p->km = km;
	}
	v = web_kv_get(query, "plaats");
	if (v && *v) {
		if (strlen(v) > FIND_MAX_PLACE) {
			snprintf(msg, msglen, "De plaats of postcode is te lang (hoogstens %d tekens).", FIND_MAX_PLACE);
			return 400;
		}
		snprintf(p->place, sizeof p->place, "%s", v);
		str_trim(p->place);
	}
	if (p->place[0]) {
		/* A postcode ("5531", "5531 KP") geocodes by its 4 digits; anything
		 * else is a place name. */
		char pc4[5] = "";
		if (isdigit((unsigned char)p->place[0]) && isdigit((unsigned char)p->place[1]) &&
		    isdigit((unsigned char)p->place[2]) && isdigit((unsigned char)p->place[3]))
			memcpy(pc4, p->place, 4);
		double lat = 0, lon = 0;
		int cnt = 0;
		int rc = store_find_geocode(s, pc4[0] ? NULL : p->place, pc4[0] ? pc4 : NULL, &lat, &lon, &cnt);
		if (rc < 0)
			return 500;
		if (rc == 1) {
			p->have_origin = true;
			p->lat = lat;
			p->lon = lon;
		} else {
			p->place_unknown = true;
		}
	}
	return 0;
}

/* ---- ranking ---- */

struct cand {
	size_t i;
	double score, dist; /* dist < 0 = unknown */
};

static int cmp_cand(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	bool xd = x->dist >= 0, yd = y->dist >= 0;
	if (xd != yd)
		return xd ? -1 : 1;
	if (xd && x->dist != y->dist)
		return x->dist < y->dist ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static int popcount64(find_mask m) { return __builtin_popcountll(m); }

/* Limits of school x that touch what p asks for. */
static find_mask touching_limits(const struct fx_school *x, const struct find_params *p)
{
	pthread_once(&limit_once, limit_load);
	find_mask out = 0, lim = x->limits;
	while (lim) {
		int b = __builtin_ctzll(lim);
		lim &= lim - 1;
		if (b < MAX_LIMITS && ((limit_needs[b] & p->needs) || (limit_facs[b] & p->facilities)))
			out |= (find_mask)1 << b;
	}
	return out;
}

static double score_of(const struct fx_school *x, const struct find_params *p, bool outdated)
{
	find_mask on = x->need_school & p->needs;
	find_mask via = x->need_extern & p->needs & ~on;
	find_mask missing = p->needs & ~on & ~via;
	double sc = 3.0 * popcount64(on) - 2.0 * popcount64(missing);
	if (p->on_site)
		sc -= 2.0 * popcount64(via); /* via the SWV counts as missing here */
	else
		sc += 1.0 * popcount64(via);
	sc += 2.0 * popcount64(x->fac_present & p->facilities);
	sc -= 3.0 * popcount64(x->fac_absent & p->facilities & ~x->fac_present);
	sc -= 1.0 * popcount64(p->facilities & ~x->fac_present & ~x->fac_absent);
	sc -= 1.5 * popcount64(touching_limits(x, p));
	if (outdated)
		sc -= 0.5;
	return sc;
}

static json_t *evidence_json(const struct fact *f)
{
	if (!f->ev_text && f->ev_line <= 0)
		return NULL;
	json_t *e = json_object();
	if (f->ev_line > 0)
		json_object_set_new(e, "line", json_integer(f->ev_line));
	set_str(e, "text", f->ev_text);
	return e;
}

static json_t *caveat(const char *type, const char *text)
{
	return json_pack("{s:s,s:s}", "type", type, "text", text);
}

static void mask_labels(buf *b, enum fact_kind k, find_mask m)
{
	bool first = true;
	while (m) {
		int i = __builtin_ctzll(m);
		m &= m - 1;
		const struct tax_entry *t = tax_at(k, (size_t)i);
		if (!t)
			continue;
		if (!first)
			buf_puts(b, m ? ", " : " en ");
		buf_puts(b, k == FK_FACILITY ? t->label : t->parent_label ? t->parent_label : t->label);
		first = false;
	}
}

/* The reasons and caveats of one result, from the profile's live facts fl
 * (read for the whole page at once by find_match). */
static void explain(const struct fact_list *fl, const struct find_school *fs, const struct fx_school *x,
                    const struct find_params *p, const char *cur_year, json_t *res)
{
	json_t *reasons = json_array(), *caveats = json_array();
	find_mask touch = touching_limits(x, p);
	for (size_t i = 0; i < fl->n; i++) {
		const struct fact *f = &fl->v[i];
		int b = f->code ? find_tax_bit(f->kind, f->code) : -1;
		if (b < 0)
			continue;
		find_mask m = (find_mask)1 << b;
		if ((f->kind == FK_NEED && (p->needs & m)) || (f->kind == FK_FACILITY && f->present && (p->facilities & m))) {
			json_t *r = view_fact(f);
			json_object_set_new(r, "kind_label", json_string(f->kind == FK_NEED ? "ondersteuning" : "voorziening"));
			if (f->kind == FK_FACILITY)
				json_object_set_new(r, "where_label", json_string("aanwezig"));
			else if (f->kind == FK_NEED && f->where == WHERE_NONE)
				json_object_set_new(r, "where_label", json_string("genoemd in het profiel (niet gezegd of dit op school of via het samenwerkingsverband is)"));
			json_array_append_new(reasons, r);
		} else if (f->kind == FK_LIMIT && (touch & m)) {
			find_mask tn, tf;
			find_limit_touches(f->code, &tn, &tf);
			buf t = BUF_INIT;
			buf_printf(&t, "De school noemt als grens: %s", tax_label(FK_LIMIT, f->code));
			if (f->value)
				buf_printf(&t, " (%s)", f->value);
			buf_puts(&t, ". Dit raakt: ");
			if (tn & p->needs)
				mask_labels(&t, FK_NEED, tn & p->needs);
			if ((tn & p->needs) && (tf & p->facilities))
				buf_puts(&t, "; ");
			if (tf & p->facilities)
				mask_labels(&t, FK_FACILITY, tf & p->facilities);
			buf_putc(&t, '.');
			json_t *c = caveat("limit", buf_str(&t));
			buf_free(&t);
			json_object_set_new(c, "code", json_string(f->code));
			json_object_set_new(c, "label", json_string(tax_label(FK_LIMIT, f->code)));
			json_t *e = evidence_json(f);
			if (e)
				json_object_set_new(c, "evidence", e);
			json_array_append_new(caveats, c);
		} else if (f->kind == FK_FACILITY && !f->present && (p->facilities & m) && !(x->fac_present & m)) {
			buf t = BUF_INIT;
			buf_printf(&t, "De school heeft geen %s.", tax_label(FK_FACILITY, f->code));
			if (t.data[21] >= 'A' && t.data[21] <= 'Z') /* "geen Lift" -> "geen lift" */
				t.data[21] = (char)(t.data[21] + 32);
			json_t *c = caveat("facility_absent", buf_str(&t));
			buf_free(&t);
			json_object_set_new(c, "code", json_string(f->code));
			json_t *e = evidence_json(f);
			if (e)
				json_object_set_new(c, "evidence", e);
			json_array_append_new(caveats, c);
		}
	}
	find_mask on = x->need_school & p->needs;
	find_mask via = x->need_extern & p->needs & ~on;
	find_mask missing = p->needs & ~on & ~via;
	if (via) {
		buf t = BUF_INIT;
		buf_puts(&t, "Alleen via het samenwerkingsverband, bestuur of anderen: ");
		mask_labels(&t, FK_NEED, via);
		buf_putc(&t, '.');
		json_array_append_new(caveats, caveat("via_swv", buf_str(&t)));
		buf_free(&t);
	}
	if (missing) {
		buf t = BUF_INIT;
		buf_puts(&t, "Het profiel noemt geen ondersteuning bij: ");
		mask_labels(&t, FK_NEED, missing);
		buf_putc(&t, '.');
		json_array_append_new(caveats, caveat("missing", buf_str(&t)));
		buf_free(&t);
	}
	find_mask unknown_fac = p->facilities & ~x->fac_present & ~x->fac_absent;
	if (unknown_fac) {
		buf t = BUF_INIT;
		buf_puts(&t, "Het profiel zegt niets over: ");
		mask_labels(&t, FK_FACILITY, unknown_fac);
		buf_puts(&t, ". Vraag het de school.");
		json_array_append_new(caveats, caveat("facility_unknown", buf_str(&t)));
		buf_free(&t);
	}
	if (strcmp(fs->school_year, cur_year) < 0) {
		buf t = BUF_INIT;
		buf_printf(&t, "Het profiel is van schooljaar %s en is verouderd (nu is het %s).", fs->school_year,
		           cur_year);
		json_array_append_new(caveats, caveat("outdated", buf_str(&t)));
		buf_free(&t);
	}
	json_object_set_new(res, "reasons", reasons);
	json_object_set_new(res, "caveats", caveats);
	buf t = BUF_INIT;
	int nn = popcount64(p->needs);
	if (nn) {
		buf_printf(&t, "%d van de %d gekozen behoeften op school", popcount64(on), nn);
		if (via)
			buf_printf(&t, ", %d via het samenwerkingsverband", popcount64(via));
	}
	if (p->facilities) {
		if (t.len)
			buf_puts(&t, "; ");
		buf_printf(&t, "%d van de %d voorzieningen aanwezig", popcount64(x->fac_present & p->facilities),
		           popcount64(p->facilities));
	}
	json_object_set_new(res, "coverage", json_string(buf_str(&t)));
	buf_free(&t);
}

static void mask_codes(json_t *arr, enum fact_kind k, find_mask m)
{
	while (m) {
		int i = __builtin_ctzll(m);
		m &= m - 1;
		const struct tax_entry *t = tax_at(k, (size_t)i);
		if (t)
			json_array_append_new(arr, json_string(t->code));
	}
}

json_t *find_match(struct store *s, const struct find_params *p, time_t now)
{
	/* This thread's index is used without the usual data-version check
	 * (a statement of its own on PostgreSQL): the facts read for the
	 * results below bring the version of their own snapshot along, and
	 * when that is not the index's version the index is rebuilt and the
	 * ranking done again.  So the results always come from data the facts
	 * read agrees with, and another connection's commit is seen. */
	const struct find_index *ix = tl_index && tl_index->store == s && tl_index->version >= 0 ? tl_index : NULL;
	bool checked = false;
	if (!ix) {
		ix = find_index_get(s);
		checked = true;
	}
	if (!ix)
		return NULL;
	char cur[10];
	find_school_year(now, cur, sizeof cur);
rank:;
	struct cand *c = xmalloc((ix->live.nschools ? ix->live.nschools : 1) * sizeof *c);
	size_t nc = 0;
	bool distance = p->have_origin && p->km > 0;
	char pc4[5] = "";
	if (isdigit((unsigned char)p->place[0]))
		snprintf(pc4, sizeof pc4, "%.4s", p->place);
	for (size_t i = 0; i < ix->live.nschools; i++) {
		const struct find_school *fs = &ix->live.schools[i];
		const struct fx_school *x = &ix->fx[i];
		if (p->swv[0] && !str_eq(fs->school.swv_code, p->swv))
			continue;
		find_mask cover = p->on_site ? x->need_school : (x->need_school | x->need_extern);
		bool any = (cover & p->needs) || (!p->needs && (x->fac_present & p->facilities));
		if (!any)
			continue;
		double dist = -1;
		if (p->have_origin && fs->school.has_coords)
			dist = find_distance_km(p->lat, p->lon, fs->school.lat, fs->school.lon);
		if (distance) {
			if (dist < 0) {
				/* No coordinates: keep it only when it is in the place asked for. */
				bool same = pc4[0] ? (fs->school.postcode && strncmp(fs->school.postcode, pc4, 4) == 0)
				                   : (fs->school.place && strcasecmp(fs->school.place, p->place) == 0);
				if (!same)
					continue;
			} else if (dist > p->km) {
				continue;
			}
		}
		c[nc++] = (struct cand){i, score_of(x, p, strcmp(fs->school_year, cur) < 0), dist};
	}
	qsort(c, nc, sizeof *c, cmp_cand);
	int pages = (int)((nc + FIND_PAGE_SIZE - 1) / FIND_PAGE_SIZE);
	int page = p->page;
	if (page > pages)
		page = pages > 0 ? pages : 1;
	size_t from = (size_t)(page - 1) * FIND_PAGE_SIZE, to = from + FIND_PAGE_SIZE;
	if (to > nc)
		to = nc;
	/* The facts of every result shown, in one store call: on PostgreSQL
	 * one statement instead of one round trip per result.  On error the
	 * lists stay empty and the results go without reasons, as before. */
	size_t nshown = to > from ? to - from : 0;
	int64_t *ids = xmalloc((nshown ? nshown : 1) * sizeof *ids);
	struct fact_list *facts = xcalloc(nshown ? nshown : 1, sizeof *facts);
	for (size_t k = from; k < to; k++)
		ids[k - from] = ix->live.schools[c[k].i].profile_id;
	int64_t v = -1;
	if (nshown)
		store_find_live_facts_many(s, ids, nshown, facts, checked ? NULL : &v);
	if (!checked && v != ix->version) {
		/* Changed, or not known (no facts read): check the ordinary way
		 * and rank again on the index that comes back. */
		for (size_t k = 0; k < nshown; k++)
			fact_list_free(&facts[k]);
		free(facts);
		free(ids);
		free(c);
		ix = find_index_get(s);
		if (!ix)
			return NULL;
		checked = true;
		goto rank;
	}
	json_t *results = json_array();
	for (size_t k = from; k < to; k++) {
		const struct find_school *fs = &ix->live.schools[c[k].i];
		json_t *r = json_object();
		json_object_set_new(r, "rank", json_integer((json_int_t)k + 1));
		json_object_set_new(r, "school", view_school(&fs->school));
		json_object_set_new(r, "school_year", json_string(fs->school_year));
		json_object_set_new(r, "score", json_real(c[k].score));
		if (c[k].dist >= 0) {
			json_object_set_new(r, "distance_km", json_real(round(c[k].dist * 10) / 10));
			char d[32];
			snprintf(d, sizeof d, "%.1f km", c[k].dist);
			for (char *q = d; *q; q++)
				if (*q == '.')
					*q = ',';
			json_object_set_new(r, "distance_text", json_string(d));
		}
		explain(&facts[k - from], fs, &ix->fx[c[k].i], p, cur, r);
		json_array_append_new(results, r);
	}
	for (size_t k = 0; k < nshown; k++)
		fact_list_free(&facts[k]);
	free(facts);
	free(ids);
	free(c);
	json_t *o = json_object();
	json_object_set_new(o, "results", results);
	json_object_set_new(o, "total", json_integer((json_int_t)nc));
	json_object_set_new(o, "page", json_integer(page));
	json_object_set_new(o, "pages", json_integer(pages));
	json_object_set_new(o, "current_school_year", json_string(cur));
	json_t *q = json_object();
	json_t *needs = json_array(), *facs = json_array();
	mask_codes(needs, FK_NEED, p->needs);
	mask_codes(facs, FK_FACILITY, p->facilities);
	json_object_set_new(q, "needs", needs);
	json_object_set_new(q, "facilities", facs);
	json_object_set_new(q, "on_site", json_boolean(p->on_site));
	set_str(q, "swv", p->swv);
	set_str(q, "place", p->place);
	if (p->km > 0)
		json_object_set_new(q, "km", json_real(p->km));
	if (p->have_origin)
		json_object_set_new(q, "origin", json_pack("{s:f,s:f}", "lat", p->lat, "lon", p->lon));
	if (p->place_unknown)
		json_object_set_new(q, "place_unknown", json_true());
	json_object_set_new(o, "query", q);
	return o;
}

/* ---- the form ---- */

json_t *find_form(struct store *s, const struct find_params *p)
{
	/* Groups from data/need_groups.tsv, in file order; needs in no group go
	 * to "Overig". */
	json_t *groups = json_array();
	find_mask seen = 0;
	const struct embed_file *f = embed_find("data/need_groups.tsv");
	const char *cur = f ? f->data : "";
	char gkey[32] = "";
	json_t *g = NULL;
	while (*cur) {
		const char *nl = strchr(cur, '\n');
		size_t len = nl ? (size_t)(nl - cur) : strlen(cur);
		char line[200];
		snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line ? len : sizeof line - 1), cur);
		cur = nl ? nl + 1 : cur + len;
		if (!line[0] || line[0] == '#')
			continue;
		char *a = line, *b = strchr(a, '\t'), *c = b ? strchr(b + 1, '\t') : NULL;
		if (!b || !c)
			continue;
		*b++ = '\0';
		*c++ = '\0';
		str_trim(c);
		const struct tax_entry *t = tax_find(FK_NEED, c);
		if (!t || t->index >= FIND_MASK_BITS)
			continue;
		if (!g || strncmp(gkey, a, sizeof gkey - 1) != 0) {
			snprintf(gkey, sizeof gkey, "%.31s", a);
			g = json_pack("{s:s,s:s,s:[]}", "key", a, "label", b, "needs");
			json_array_append_new(groups, g);
		}
		find_mask m = (find_mask)1 << t->index;
		seen |= m;
		json_array_append_new(json_object_get(g, "needs"),
		                      json_pack("{s:s,s:s,s:s,s:b}", "code", t->code, "label", t->parent_label ? t->parent_label : t->label,
		                                "meaning", t->label, "checked", (p->needs & m) != 0));
	}
	json_t *other = json_array();
	for (size_t i = 0; i < tax_count(FK_NEED) && i < FIND_MASK_BITS; i++) {
		const struct tax_entry *t = tax_at(FK_NEED, i);
		find_mask m = (find_mask)1 << i;
		if (!(seen & m))
			json_array_append_new(other, json_pack("{s:s,s:s,s:s,s:b}", "code", t->code, "label",
			                                       t->parent_label ? t->parent_label : t->label, "meaning",
			                                       t->label, "checked", (p->needs & m) != 0));
	}
	if (json_array_size(other))
		json_array_append_new(groups, json_pack("{s:s,s:s,s:o}", "key", "overig", "label", "Overig", "needs", other));
	else
		json_decref(other);
	json_t *acc = json_array();
	for (int i = 0; find_access_codes[i]; i++) {
		const struct tax_entry *t = tax_find(FK_FACILITY, find_access_codes[i]);
		if (!t || t->index >= FIND_MASK_BITS)
			continue;
		json_array_append_new(acc, json_pack("{s:s,s:s,s:b}", "code", t->code, "label", t->label, "checked",
		                                     (p->facilities & ((find_mask)1 << t->index)) != 0));
	}
	json_t *swvs = json_array();
	const struct find_index *ix = find_index_get(s);
	for (size_t i = 0; ix && i < ix->nswv; i++)
		json_array_append_new(swvs, json_pack("{s:s,s:s,s:b}", "code", ix->swvs[i].code, "name", ix->swvs[i].name,
		                                      "selected", strcmp(ix->swvs[i].code, p->swv) == 0));
	json_t *kms = json_array();
	static const int km_opts[] = {2, 5, 10, 15, 25, 50};
	bool any_km = false;
	for (size_t i = 0; i < sizeof km_opts / sizeof km_opts[0]; i++) {
		bool sel = fabs(p->km - km_opts[i]) < 0.001;
		any_km |= sel;
		json_array_append_new(kms, json_pack("{s:i,s:b}", "km", km_opts[i], "selected", sel));
	}
	json_t *o = json_object();
	json_object_set_new(o, "groups", groups);
	json_object_set_new(o, "access", acc);
	json_object_set_new(o, "swvs", swvs);
	json_object_set_new(o, "kms", kms);
	json_object_set_new(o, "km_any", json_boolean(!any_km));
	json_object_set_new(o, "on_site", json_boolean(p->on_site));
	set_str(o, "place", p->place);
	return o;
}

/* ---- comparison ---- */

json_t *find_compare(struct store *s, const char *const *keys, size_t n, int *status, char *msg, size_t msglen)
{
	if (n < 2 || n > 4) {
		*status = 400;
		snprintf(msg, msglen, "Kies twee tot vier scholen om te vergelijken.");
		return NULL;
	}
	struct school sc[4];
	struct profile pr[4];
	bool have[4] = {false};
	size_t got = 0;
	json_t *schools = json_array();
	for (size_t i = 0; i < n; i++) {
		char brin[5], vest[3];
		if (!view_school_key_parse(keys[i], brin, vest)) {
			*status = 400;
			snprintf(msg, msglen, "Een schoolcode is BRIN plus vestigingsnummer, zoals 12AB00.");
			goto fail;
		}
		for (size_t k = 0; k < got; k++)
			if (strcmp(sc[k].brin, brin) == 0 && strcmp(sc[k].vestiging, vest) == 0) {
				*status = 400;
				snprintf(msg, msglen, "U koos dezelfde school twee keer.");
				goto fail;
			}
		int rc = store_school_by_brin(s, brin, vest, &sc[got]);
		if (rc <= 0) {
			*status = rc < 0 ? 500 : 404;
			snprintf(msg, msglen, rc < 0 ? "De gegevens konden niet worden gelezen." : "Een van de scholen staat niet in passend.");
			goto fail;
		}
		rc = store_profile_get(s, sc[got].id, NULL, PV_PUBLIC, &pr[got]);
		if (rc < 0) {
			school_free(&sc[got]);
			*status = 500;
			snprintf(msg, msglen, "De gegevens konden niet worden gelezen.");
			goto fail;
		}
		have[got] = rc == 1;
		json_t *js = json_object();
		json_object_set_new(js, "school", view_school(&sc[got]));
		if (have[got]) {
			json_object_set_new(js, "school_year", json_string(pr[got].school_year));
			set_str(js, "date_published", pr[got].date_published);
		}
		json_array_append_new(schools, js);
		got++;
	}
	/* One row per taxonomy code stated by at least one school (needs: all). */
	static const enum fact_kind kinds[] = {FK_NEED, FK_EXPERTISE, FK_FACILITY, FK_LIMIT, FK_ADMISSION};
	static const char *const kind_keys[] = {"needs", "expertise", "facilities", "limits", "admission"};
	json_t *o = json_object();
	for (size_t ki = 0; ki < 5; ki++) {
		enum fact_kind k = kinds[ki];
		json_t *rows = json_array();
		for (size_t ti = 0; ti < tax_count(k); ti++) {
			const struct tax_entry *t = tax_at(k, ti);
			json_t *cells = json_array();
			bool any = false;
			for (size_t si = 0; si < got; si++) {
				const char *txt = "—", *cls = "none";
				char buf_txt[48];
				if (have[si]) {
					bool on = false, via = false, present = false, absent = false;
					int count = -1;
					for (size_t fi = 0; fi < pr[si].facts.n; fi++) {
						const struct fact *f = &pr[si].facts.v[fi];
						if (f->kind != k || !str_eq(f->code, t->code))
							continue;
						if (k == FK_NEED && f->where == WHERE_EXTERN)
							via = true;
						else if (k == FK_NEED)
							on = true;
						else if (f->present)
							present = true;
						else
							absent = true;
						if (f->count >= 0)
							count = (count < 0 ? 0 : count) + f->count;
					}
					if (k == FK_NEED) {
						if (on && via) {
							txt = "op school en via SWV";
							cls = "school";
						} else if (on) {
							txt = "op school";
							cls = "school";
						} else if (via) {
							txt = "via SWV";
							cls = "extern";
						}
					} else if (present) {
						if (k == FK_EXPERTISE && count >= 0) {
							snprintf(buf_txt, sizeof buf_txt, "ja (%d)", count);
							txt = buf_txt;
						} else {
							txt = "ja";
						}
						cls = "yes";
					} else if (absent) {
						txt = "nee";
						cls = "no";
					}
					any |= on || via || present || absent;
				} else {
					txt = "geen profiel";
				}
				json_array_append_new(cells, json_pack("{s:s,s:s}", "text", txt, "class", cls));
			}
			if (k == FK_NEED || any)
				json_array_append_new(rows, json_pack("{s:s,s:s,s:o}", "code", t->code, "label",
				                                      k == FK_NEED && t->parent_label ? t->parent_label : t->label,
				                                      "cells", cells));
			else
				json_decref(cells);
		}
		json_object_set_new(o, kind_keys[ki], rows);
	}
	json_object_set_new(o, "schools", schools);
	json_object_set_new(o, "colspan", json_integer((json_int_t)got + 1));
	for (size_t i = 0; i < got; i++) {
		if (have[i])
			profile_free(&pr[i]);
		school_free(&sc[i]);
	}
	return o;
fail:
	for (size_t i = 0; i < got; i++) {
		if (have[i])
			profile_free(&pr[i]);
		school_free(&sc[i]);
	}
	json_decref(schools);
	return NULL;
}
