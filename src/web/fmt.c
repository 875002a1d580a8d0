/*
 * fmt.c - SWV formats as data (see fmt.h and docs/formats.md).
 */
#include "fmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/embed.h"
#include "core/taxonomy.h"
#include "core/util.h"
#include "store/store_auth.h"

static const char *const item_kinds[] = {"checkbox", "yesno", "choice", "text",   "number", "date",
                                         "list",     "table", "grid",   "checks", "numbers", NULL};

static bool ident_ok(const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > max)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.'))
			return false;
	}
	return true;
}

static const char *jstr(const json_t *o, const char *k)
{
	const json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool label_ok(const char *s) { return s && *s && strlen(s) <= 500 && utf8_valid(s, strlen(s)); }

/* A fact spec must be a valid fact (code in taxonomy etc.). */
static int check_fact(const json_t *spec, const char *where_msg, char *err, size_t errlen)
{
	struct fact f;
	char e[200];
	json_t *probe = json_deep_copy(spec);
	/* partner facts need a value to be valid; a list supplies it later */
	if (str_eq(jstr(probe, "kind"), "partner") && !json_object_get(probe, "value"))
		json_object_set_new(probe, "value", json_string("x"));
	int rc = fact_from_json(probe, &f, e, sizeof e);
	json_decref(probe);
	if (rc < 0) {
		snprintf(err, errlen, "%s: ongeldig feit (%s)", where_msg, e);
		return -1;
	}
	fact_free(&f);
	return 0;
}

/* Expand "checks"/"numbers" into children. */
static int expand_group(json_t *it, const char *id, bool numbers, char *err, size_t errlen)
{
	const char *fk = jstr(it, "fact_kind");
	int kind = fact_kind_parse(fk);
	if (kind < 0 || kind == FK_SCHOOL || kind == FK_LEVELS || kind == FK_PARTNER) {
		snprintf(err, errlen, "onderdeel '%s': fact_kind moet need, expertise, facility, limit of admission zijn", id);
		return -1;
	}
	const char *where = jstr(it, "where");
	if (where && fact_where_parse(where) < 0) {
		snprintf(err, errlen, "onderdeel '%s': where moet school of extern zijn", id);
		return -1;
	}
	json_t *codes = json_object_get(it, "codes");
	json_t *list = json_array();
	if (json_is_string(codes) && strcmp(json_string_value(codes), "all") == 0) {
		for (size_t i = 0; i < tax_count((enum fact_kind)kind); i++)
			json_array_append_new(list, json_string(tax_at((enum fact_kind)kind, i)->code));
	} else if (json_is_array(codes)) {
		json_array_extend(list, codes);
	} else {
		json_decref(list);
		snprintf(err, errlen, "onderdeel '%s': codes moet \"all\" of een lijst zijn", id);
		return -1;
	}
	json_t *exclude = json_object_get(it, "exclude");
	json_t *children = json_array();
	size_t i;
	json_t *c;
	json_array_foreach(list, i, c)
	{
		const char *code = json_string_value(c);
		const struct tax_entry *t = code ? tax_find((enum fact_kind)kind, code) : NULL;
		if (!t) {
			json_decref(list);
			json_decref(children);
			snprintf(err, errlen, "onderdeel '%s': onbekende code '%s'", id, code ? code : "?");
			return -1;
		}
		bool skip = false;
		size_t k;
		json_t *x;
		json_array_foreach(exclude, k, x) if (str_eq(json_string_value(x), code)) skip = true;
		if (skip)
			continue;
		char cid[160];
		snprintf(cid, sizeof cid, "%s.%s", id, code);
		json_t *fact = json_pack("{s:s,s:s}", "kind", fk, "code", code);
		if (where)
			json_object_set_new(fact, "where", json_string(where));
		json_t *child = json_pack("{s:s,s:s,s:s,s:o}", "id", cid, "kind", numbers ? "number" : "checkbox", "label",
		                          t->label, "fact", fact);
		if (numbers) {
			json_object_set_new(child, "min", json_integer(0));
			json_object_set_new(child, "max", json_integer(100));
		}
		json_array_append_new(children, child);
	}
	json_decref(list);
	json_object_set_new(it, "items", children);
	return 0;
}

static int prepare_item(json_t *it, json_t *ids, char *err, size_t errlen)
{
	const char *id = jstr(it, "id");
	const char *kind = jstr(it, "kind");
	if (!ident_ok(id, 60)) {
		snprintf(err, errlen, "een onderdeel heeft geen geldige id (kleine letters, cijfers, _ - .)");
		return -1;
	}
	if (json_object_get(ids, id)) {
		snprintf(err, errlen, "onderdeel '%s' komt twee keer voor", id);
		return -1;
	}
	json_object_set_new(ids, id, json_true());
	bool known = false;
	for (int i = 0; item_kinds[i]; i++)
		known |= str_eq(kind, item_kinds[i]);
	if (!known) {
		snprintf(err, errlen, "onderdeel '%s': onbekend soort '%s'", id, kind ? kind : "");
		return -1;
	}
	if (!label_ok(jstr(it, "label"))) {
		snprintf(err, errlen, "onderdeel '%s': label ontbreekt of is te lang", id);
		return -1;
	}
	char where_msg[128];
	snprintf(where_msg, sizeof where_msg, "onderdeel '%s'", id);
	json_t *fact = json_object_get(it, "fact");
	if (fact && (!json_is_object(fact) || check_fact(fact, where_msg, err, errlen) < 0)) {
		if (!json_is_object(fact))
			snprintf(err, errlen, "%s: fact moet een object zijn", where_msg);
		return -1;
	}
	if (str_eq(kind, "choice")) {
		json_t *opts = json_object_get(it, "options");
		if (!json_is_array(opts) || json_array_size(opts) == 0 || json_array_size(opts) > 50) {
			snprintf(err, errlen, "%s: options moet 1 tot 50 keuzes hebben", where_msg);
			return -1;
		}
		size_t i;
		json_t *o;
		json_array_foreach(opts, i, o)
		{
			if (!jstr(o, "value") || !label_ok(jstr(o, "label"))) {
				snprintf(err, errlen, "%s: elke keuze heeft value en label", where_msg);
				return -1;
			}
			json_t *of = json_object_get(o, "fact");
			if (of && check_fact(of, where_msg, err, errlen) < 0)
				return -1;
		}
	} else if (str_eq(kind, "grid")) {
		json_t *needs = json_object_get(it, "needs");
		json_t *list = json_array();
		if (json_is_string(needs) && str_eq(json_string_value(needs), "all")) {
			for (size_t i = 0; i < tax_count(FK_NEED); i++)
				json_array_append_new(list, json_pack("{s:s,s:s}", "code", tax_at(FK_NEED, i)->code, "label",
				                                      tax_at(FK_NEED, i)->label));
		} else if (json_is_array(needs)) {
			size_t i;
			json_t *c;
			json_array_foreach(needs, i, c)
			{
				const char *code = json_is_string(c) ? json_string_value(c) : jstr(c, "code");
				const struct tax_entry *t = code ? tax_find(FK_NEED, code) : NULL;
				if (!t) {
					json_decref(list);
					snprintf(err, errlen, "%s: onbekende onderwijsbehoefte '%s'", where_msg, code ? code : "?");
					return -1;
				}
				json_array_append_new(list, json_pack("{s:s,s:s}", "code", t->code, "label", t->label));
			}
		} else {
			json_decref(list);
			snprintf(err, errlen, "%s: needs moet \"all\" of een lijst zijn", where_msg);
			return -1;
		}
		json_object_set_new(it, "needs", list);
		json_t *where = json_object_get(it, "where");
		if (!where) {
			json_object_set_new(it, "where", json_pack("[s,s]", "school", "extern"));
		} else {
			size_t i;
			json_t *w;
			if (!json_is_array(where) || json_array_size(where) == 0) {
				snprintf(err, errlen, "%s: where moet een lijst zijn", where_msg);
				return -1;
			}
			json_array_foreach(where, i, w) if (fact_where_parse(json_string_value(w)) <= 0)
			{
				snprintf(err, errlen, "%s: where bevat iets anders dan school of extern", where_msg);
				return -1;
			}
		}
	} else if (str_eq(kind, "table")) {
		json_t *cols = json_object_get(it, "columns");
		if (!json_is_array(cols) || json_array_size(cols) == 0 || json_array_size(cols) > 10) {
			snprintf(err, errlen, "%s: columns moet 1 tot 10 kolommen hebben", where_msg);
			return -1;
		}
	} else if (str_eq(kind, "checks") || str_eq(kind, "numbers")) {
		if (expand_group(it, id, str_eq(kind, "numbers"), err, errlen) < 0)
			return -1;
		size_t i;
		json_t *c;
		json_array_foreach(json_object_get(it, "items"), i, c)
		{
			const char *cid = jstr(c, "id");
			if (json_object_get(ids, cid)) {
				snprintf(err, errlen, "onderdeel '%s' komt twee keer voor", cid);
				return -1;
			}
			json_object_set_new(ids, cid, json_true());
		}
	}
	return 0;
}

int fmt_prepare(json_t *f, char *err, size_t errlen)
{
	if (!json_is_object(f)) {
		snprintf(err, errlen, "een format is een JSON-object");
		return -1;
	}
	if (!ident_ok(jstr(f, "key"), 40)) {
		snprintf(err, errlen, "key ontbreekt of bevat andere tekens dan kleine letters, cijfers, _ en -");
		return -1;
	}
	if (!label_ok(jstr(f, "name"))) {
		snprintf(err, errlen, "name ontbreekt");
		return -1;
	}
	json_t *basis = json_object_get(f, "basisondersteuning");
	if (basis && (!json_is_array(basis) || json_array_size(basis) > 100)) {
		snprintf(err, errlen, "basisondersteuning moet een lijst van hooguit 100 regels zijn");
		return -1;
	}
	size_t i;
	json_t *b;
	json_array_foreach(basis, i, b) if (!label_ok(json_string_value(b)))
	{
		snprintf(err, errlen, "basisondersteuning regel %zu is leeg of te lang", i + 1);
		return -1;
	}
	if (!basis)
		json_object_set_new(f, "basisondersteuning", json_array());
	json_t *secs = json_object_get(f, "sections");
	if (!json_is_array(secs) || json_array_size(secs) == 0 || json_array_size(secs) > 50) {
		snprintf(err, errlen, "sections moet 1 tot 50 secties hebben");
		return -1;
	}
	json_t *keys = json_object(), *ids = json_object();
	int rc = 0;
	json_t *s;
	json_array_foreach(secs, i, s)
	{
		const char *k = jstr(s, "key");
		if (!ident_ok(k, 60) || json_object_get(keys, k) || k[0] == '_') {
			snprintf(err, errlen, "sectie %zu: key ontbreekt, is ongeldig of komt twee keer voor", i + 1);
			rc = -1;
			break;
		}
		json_object_set_new(keys, k, json_true());
		if (!label_ok(jstr(s, "heading"))) {
			snprintf(err, errlen, "sectie '%s': heading ontbreekt", k);
			rc = -1;
			break;
		}
		json_t *items = json_object_get(s, "items");
		if (!items)
			json_object_set_new(s, "items", items = json_array());
		if (!json_is_array(items) || json_array_size(items) > 200) {
			snprintf(err, errlen, "sectie '%s': items moet een lijst zijn", k);
			rc = -1;
			break;
		}
		size_t j;
		json_t *it;
		json_array_foreach(items, j, it) if (rc == 0 && prepare_item(it, ids, err, errlen) < 0) rc = -1;
		if (rc < 0)
			break;
	}
	json_decref(keys);
	json_decref(ids);
	return rc;
}

json_t *fmt_builtin(const char *key)
{
	if (!ident_ok(key, 40))
		return NULL;
	char name[96];
	snprintf(name, sizeof name, "data/formats/%s.json", key);
	const struct embed_file *e = embed_find(name);
	if (!e)
		return NULL;
	json_t *f = json_loadb(e->data, e->len, 0, NULL);
	char err[256];
	if (!f || fmt_prepare(f, err, sizeof err) < 0) {
		fprintf(stderr, "passend: built-in format %s: %s\n", key, f ? err : "invalid JSON");
		json_decref(f);
		return NULL;
	}
	return f;
}

json_t *fmt_builtin_list(void)
{
	json_t *out = json_array();
	for (const struct embed_file *e = embed_files; e->name; e++) {
		if (strncmp(e->name, "data/formats/", 13) != 0)
			continue;
		json_t *f = json_loadb(e->data, e->len, 0, NULL);
		if (f && jstr(f, "key"))
			json_array_append_new(out, json_pack("{s:s,s:s,s:I}", "key", jstr(f, "key"), "name",
			                                     jstr(f, "name") ? jstr(f, "name") : "", "version",
			                                     (json_int_t)json_integer_value(json_object_get(f, "version"))));
		json_decref(f);
	}
	return out;
}

json_t *fmt_load(struct store *s, int64_t swv_id, const char *key, int version, int *got_version, char *err,
                 size_t errlen)
{
	if (!key || !*key)
		key = "meierij";
	if (swv_id > 0 && version != 1) {
		struct format_row r;
		int rc = store_format_get(s, swv_id, key, version, &r);
		if (rc == 1) {
			json_t *f = json_loads(r.json, 0, NULL);
			if (f && fmt_prepare(f, err, errlen) == 0) {
				*got_version = r.version;
				free(r.json);
				return f;
			}
			json_decref(f);
			free(r.json);
		}
	}
	json_t *f = fmt_builtin(key);
	if (!f) {
		snprintf(err, errlen, "Het format '%s' bestaat niet.", key);
		return NULL;
	}
	*got_version = 1;
	return f;
}

void fmt_each_item(const json_t *f, fmt_item_fn fn, void *arg)
{
	size_t i, j, k;
	json_t *s, *it, *c;
	json_array_foreach(json_object_get(f, "sections"), i, s)
	{
		json_array_foreach(json_object_get(s, "items"), j, it)
		{
			const char *kind = jstr(it, "kind");
			if (str_eq(kind, "checks") || str_eq(kind, "numbers")) {
				json_array_foreach(json_object_get(it, "items"), k, c) fn(s, c, arg);
			} else {
				fn(s, it, arg);
			}
		}
	}
}

const json_t *fmt_section(const json_t *f, const char *key)
{
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(f, "sections"), i, s) if (str_eq(jstr(s, "key"), key)) return s;
	return NULL;
}

/* ---- facts <-> answers ---- */

static bool spec_matches(const json_t *spec, const struct fact *fa, bool need_where)
{
	if (!spec)
		return false;
	if (fact_kind_parse(jstr(spec, "kind")) != (int)fa->kind)
		return false;
	const char *code = jstr(spec, "code");
	if (fa->kind == FK_LEVELS)
		return json_integer_value(json_object_get(spec, "count")) == fa->count;
	if (fa->kind != FK_PARTNER && !str_eq(code, fa->code))
		return false;
	const char *w = jstr(spec, "where");
	if (w && fact_where_parse(w) != (int)fa->where)
		return false;
	(void)need_where;
	return true;
}

struct rev {
	const struct fact *fa;
	json_t *ans;
	bool matched;
};

static void rev_item(const json_t *sec, const json_t *it, void *arg)
{
	(void)sec;
	struct rev *r = arg;
	if (r->matched)
		return;
	const struct fact *fa = r->fa;
	const char *kind = jstr(it, "kind");
	const char *id = jstr(it, "id");
	json_t *items = json_object_get(r->ans, "items");
	json_t *spec = json_object_get(it, "fact");
	if (str_eq(kind, "checkbox")) {
		if (spec_matches(spec, fa, false) && fa->present) {
			json_object_set_new(items, id, json_true());
			r->matched = true;
		}
	} else if (str_eq(kind, "yesno")) {
		if (spec_matches(spec, fa, false)) {
			json_object_set_new(items, id, json_string(fa->present ? "ja" : "nee"));
			r->matched = true;
		}
	} else if (str_eq(kind, "number")) {
		if (spec_matches(spec, fa, false) && fa->count >= 0 && !json_object_get(items, id)) {
			json_object_set_new(items, id, json_integer(fa->count));
			r->matched = true;
		}
	} else if (str_eq(kind, "choice")) {
		size_t i;
		json_t *o;
		json_array_foreach(json_object_get(it, "options"), i, o) if (!r->matched &&
		                                                             spec_matches(json_object_get(o, "fact"), fa, false))
		{
			json_object_set_new(items, id, json_string(jstr(o, "value")));
			r->matched = true;
		}
	} else if (str_eq(kind, "text")) {
		if (spec_matches(spec, fa, false) && fa->value && !json_object_get(items, id)) {
			json_object_set_new(items, id, json_string(fa->value));
			r->matched = true;
		}
	} else if (str_eq(kind, "list")) {
		if (spec_matches(spec, fa, false) && fa->value) {
			json_t *l = json_object_get(items, id);
			if (!json_is_array(l))
				json_object_set_new(items, id, l = json_array());
			json_array_append_new(l, json_string(fa->value));
			r->matched = true;
		}
	} else if (str_eq(kind, "grid")) {
		if (fa->kind != FK_NEED || fa->where == WHERE_NONE || fa->value)
			return; /* a note ("plusklas op ...") is kept as an extra fact */
		bool in_needs = false, in_where = false;
		size_t i;
		json_t *x;
		json_array_foreach(json_object_get(it, "needs"), i, x) in_needs |= str_eq(jstr(x, "code"), fa->code);
		json_array_foreach(json_object_get(it, "where"), i, x) in_where |=
		    fact_where_parse(json_string_value(x)) == (int)fa->where;
		if (!in_needs || !in_where)
			return;
		json_t *grid = json_object_get(r->ans, "grid");
		json_t *g = json_object_get(grid, id);
		if (!g)
			json_object_set_new(grid, id, g = json_object());
		char cell[80];
		snprintf(cell, sizeof cell, "%s:%s", fa->code, fact_where_str(fa->where));
		json_t *lv = json_array();
		for (int l = 1; l <= LEVELS_MAX; l++)
			if (fa->levels & (1u << l))
				json_array_append_new(lv, json_integer(l));
		if (json_array_size(lv) == 0)
			json_array_append_new(lv, json_integer(0));
		json_object_set_new(g, cell, lv);
		r->matched = true;
	}
}

json_t *fmt_answers_from_profile(const json_t *f, const struct profile *p)
{
	json_t *ans = json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "items", json_object(), "body", json_object(), "headings",
	                        json_object(), "basis", json_array(), "grid", json_object(), "extra_facts", json_array(),
	                        "extra_sections", json_array());
	for (size_t i = 0; i < p->facts.n; i++) {
		const struct fact *fa = &p->facts.v[i];
		if (fa->kind == FK_SCHOOL)
			continue;
		struct rev r = {.fa = fa, .ans = ans};
		fmt_each_item(f, rev_item, &r);
		if (!r.matched)
			json_array_append_new(json_object_get(ans, "extra_facts"), fact_to_json(fa));
	}
	for (size_t i = 0; i < p->sections.n; i++) {
		const struct section *s = &p->sections.v[i];
		if (s->key && fmt_section(f, s->key) && !json_object_get(json_object_get(ans, "body"), s->key)) {
			json_object_set_new(json_object_get(ans, "body"), s->key, json_string(s->body ? s->body : ""));
			json_object_set_new(json_object_get(ans, "headings"), s->key, json_string(s->heading ? s->heading : ""));
		} else {
			json_array_append_new(json_object_get(ans, "extra_sections"),
			                      json_pack("{s:s,s:s,s:s}", "key", s->key ? s->key : "", "heading",
			                                s->heading ? s->heading : "", "text", s->body ? s->body : ""));
		}
	}
	return ans;
}

struct der {
	const json_t *ans;
	const struct profile *old;
	struct profile *p;
	buf *texts; /* per section index: generated text */
	const json_t *f;
};

static void keep_evidence(struct fact *nf, const struct profile *old)
{
	if (!old)
		return;
	for (size_t i = 0; i < old->facts.n; i++) {
		const struct fact *o = &old->facts.v[i];
		if (o->kind == nf->kind && str_eq(o->code, nf->code) && o->where == nf->where &&
		    (nf->kind != FK_PARTNER || str_eq(o->value, nf->value))) {
			if (o->ev_line > 0 || o->ev_text) {
				nf->ev_line = o->ev_line;
				free(nf->ev_text);
				nf->ev_text = xstrdup(o->ev_text);
			}
			nf->source = o->source;
			return;
		}
	}
}

static void add_spec(struct der *d, const json_t *spec, int count, bool present, const char *value, unsigned levels,
                     enum fact_where where)
{
	json_t *j = json_deep_copy(spec);
	if (count >= 0)
		json_object_set_new(j, "count", json_integer(count));
	if (!present)
		json_object_set_new(j, "present", json_false());
	if (value)
		json_object_set_new(j, "value", json_string(value));
	if (where != WHERE_NONE)
		json_object_set_new(j, "where", json_string(fact_where_str(where)));
	struct fact fa;
	char err[128];
	if (fact_from_json(j, &fa, err, sizeof err) == 0) {
		fa.levels |= levels;
		keep_evidence(&fa, d->old);
		fact_list_add(&d->p->facts, &fa);
		fact_free(&fa);
	}
	json_decref(j);
}

static int section_index(const json_t *f, const json_t *sec)
{
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(f, "sections"), i, s) if (s == sec) return (int)i;
	return -1;
}

static void der_item(const json_t *sec, const json_t *it, void *arg)
{
	struct der *d = arg;
	const char *kind = jstr(it, "kind");
	const char *id = jstr(it, "id");
	const char *label = jstr(it, "label");
	const json_t *v = json_object_get(json_object_get(d->ans, "items"), id);
	const json_t *spec = json_object_get(it, "fact");
	int si = section_index(d->f, sec);
	buf *t = si >= 0 ? &d->texts[si] : NULL;
	if (str_eq(kind, "grid")) {
		const json_t *g = json_object_get(json_object_get(d->ans, "grid"), id);
		const char *cell;
		json_t *lv;
		json_object_foreach((json_t *)g, cell, lv)
		{
			char code[64];
			const char *colon = strchr(cell, ':');
			if (!colon || (size_t)(colon - cell) >= sizeof code)
				continue;
			memcpy(code, cell, (size_t)(colon - cell));
			code[colon - cell] = '\0';
			int w = fact_where_parse(colon + 1);
			if (w <= 0 || !json_is_array(lv) || json_array_size(lv) == 0)
				continue;
			unsigned levels = 0;
			size_t i;
			json_t *l;
			json_array_foreach(lv, i, l)
			{
				json_int_t n = json_integer_value(l);
				if (n >= 1 && n <= LEVELS_MAX)
					levels |= 1u << n;
			}
			json_t *sp = json_pack("{s:s,s:s}", "kind", "need", "code", code);
			add_spec(d, sp, -1, true, NULL, levels, (enum fact_where)w);
			json_decref(sp);
		}
		return;
	}
	if (!v || json_is_null(v))
		return;
	if (str_eq(kind, "checkbox")) {
		if (json_is_true(v) && spec)
			add_spec(d, spec, -1, true, NULL, 0, WHERE_NONE);
		else if (json_is_true(v) && t)
			buf_printf(t, "• %s\n", label);
	} else if (str_eq(kind, "yesno")) {
		bool yes = str_eq(json_string_value(v), "ja");
		if (spec) {
			if (yes || str_eq(jstr(spec, "kind"), "facility"))
				add_spec(d, spec, -1, yes, NULL, 0, WHERE_NONE);
		}
		if (t && (!spec || !str_eq(jstr(spec, "kind"), "facility")))
			buf_printf(t, "%s %s\n", label, yes ? "Ja." : "Nee.");
	} else if (str_eq(kind, "number")) {
		json_int_t n = json_integer_value(v);
		if (spec) {
			if (n > 0)
				add_spec(d, spec, (int)n, true, NULL, 0, WHERE_NONE);
		} else if (t && json_is_integer(v)) {
			buf_printf(t, "%s: %lld\n", label, (long long)n);
		}
	} else if (str_eq(kind, "choice")) {
		size_t i;
		json_t *o;
		json_array_foreach(json_object_get(it, "options"), i, o) if (str_eq(jstr(o, "value"), json_string_value(v)))
		{
			if (json_object_get(o, "fact"))
				add_spec(d, json_object_get(o, "fact"), -1, true, NULL, 0, WHERE_NONE);
			else if (t)
				buf_printf(t, "%s: %s\n", label, jstr(o, "label"));
		}
	} else if (str_eq(kind, "text") || str_eq(kind, "date")) {
		const char *s = json_string_value(v);
		if (!s || !*s)
			return;
		if (spec)
			add_spec(d, spec, -1, true, s, 0, WHERE_NONE);
		else if (t)
			buf_printf(t, "%s: %s\n", label, s);
	} else if (str_eq(kind, "list")) {
		size_t i;
		json_t *x;
		if (!spec && t && json_array_size(v))
			buf_printf(t, "%s:\n", label);
		json_array_foreach(v, i, x)
		{
			const char *s = json_string_value(x);
			if (!s || !*s)
				continue;
			if (spec)
				add_spec(d, spec, -1, true, s, 0, WHERE_NONE);
			else if (t)
				buf_printf(t, "• %s\n", s);
		}
	} else if (str_eq(kind, "table") && t && json_array_size(v)) {
		buf_printf(t, "%s:\n", label);
		size_t i, k;
		json_t *row, *cellv;
		json_array_foreach(v, i, row)
		{
			buf_puts(t, "• ");
			json_array_foreach(row, k, cellv)
			{
				if (k)
					buf_puts(t, " | ");
				buf_puts(t, json_string_value(cellv) ? json_string_value(cellv) : "");
			}
			buf_putc(t, '\n');
		}
	}
}

void fmt_derive(const json_t *f, const json_t *answers, const struct profile *old, struct profile *p)
{
	fact_list_free(&p->facts);
	section_list_free(&p->sections);
	size_t ns = json_array_size(json_object_get(f, "sections"));
	struct der d = {.ans = answers, .old = old, .p = p, .f = f, .texts = xcalloc(ns ? ns : 1, sizeof(buf))};
	fmt_each_item(f, der_item, &d);
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(answers, "extra_facts"), i, x)
	{
		struct fact fa;
		char err[128];
		if (fact_from_json(x, &fa, err, sizeof err) == 0) {
			fact_list_add(&p->facts, &fa);
			fact_free(&fa);
		}
	}
	json_t *s;
	json_array_foreach(json_object_get(f, "sections"), i, s)
	{
		const char *key = jstr(s, "key");
		const char *body = json_string_value(json_object_get(json_object_get(answers, "body"), key));
		const char *heading = json_string_value(json_object_get(json_object_get(answers, "headings"), key));
		buf t = BUF_INIT;
		if (body && *body)
			buf_puts(&t, body);
		if (d.texts[i].len) {
			while (t.len && t.data[t.len - 1] == '\n')
				t.data[--t.len] = '\0';
			if (t.len)
				buf_puts(&t, "\n\n");
			buf_append(&t, d.texts[i].data, d.texts[i].len);
		}
		while (t.len && (t.data[t.len - 1] == '\n' || t.data[t.len - 1] == ' '))
			t.data[--t.len] = '\0';
		if (t.len)
			section_list_add(&p->sections, key, heading && *heading ? heading : jstr(s, "heading"), buf_str(&t));
		buf_free(&t);
		buf_free(&d.texts[i]);
	}
	free(d.texts);
	json_array_foreach(json_object_get(answers, "extra_sections"), i, s)
	{
		const char *text = jstr(s, "text");
		if (text && *text)
			section_list_add(&p->sections, jstr(s, "key") && *jstr(s, "key") ? jstr(s, "key") : NULL,
			                 jstr(s, "heading") && *jstr(s, "heading") ? jstr(s, "heading") : "Overig", text);
	}
}

struct comp {
	const json_t *ans;
	int done, total;
	json_t *missing;
};

static void comp_item(const json_t *sec, const json_t *it, void *arg)
{
	struct comp *c = arg;
	if (!json_is_true(json_object_get(it, "required")))
		return;
	const char *id = jstr(it, "id");
	c->total++;
	bool ok;
	if (str_eq(jstr(it, "kind"), "grid")) {
		ok = json_object_size(json_object_get(json_object_get(c->ans, "grid"), id)) > 0;
	} else {
		const json_t *v = json_object_get(json_object_get(c->ans, "items"), id);
		ok = v && !json_is_null(v) && !(json_is_string(v) && !*json_string_value(v)) &&
		     !(json_is_array(v) && json_array_size(v) == 0);
	}
	if (ok)
		c->done++;
	else
		json_array_append_new(c->missing, json_pack("{s:s,s:s,s:s,s:s}", "section", jstr(sec, "key"), "heading",
		                                            jstr(sec, "heading"), "label", jstr(it, "label"), "item", id));
}

json_t *fmt_completeness(const json_t *f, const json_t *answers)
{
	struct comp c = {.ans = answers, .missing = json_array()};
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(f, "sections"), i, s)
	{
		if (!json_is_true(json_object_get(s, "required")))
			continue;
		c.total++;
		const char *body = json_string_value(json_object_get(json_object_get(answers, "body"), jstr(s, "key")));
		if (body && *body)
			c.done++;
		else
			json_array_append_new(c.missing, json_pack("{s:s,s:s,s:s,s:s}", "section", jstr(s, "key"), "heading",
			                                           jstr(s, "heading"), "label", "Tekst van deze sectie", "item",
			                                           ""));
	}
	fmt_each_item(f, comp_item, &c);
	size_t nb = json_array_size(json_object_get(f, "basisondersteuning"));
	size_t confirmed = 0;
	json_t *x;
	json_array_foreach(json_object_get(answers, "basis"), i, x)
	{
		json_int_t n = json_integer_value(x);
		if (json_is_integer(x) && n >= 0 && (size_t)n < nb)
			confirmed++;
	}
	c.total += (int)nb;
	c.done += (int)confirmed;
	if (confirmed < nb)
		json_array_append_new(c.missing, json_pack("{s:s,s:s,s:s,s:s}", "section", "", "heading", "Basisondersteuning",
		                                           "label", "Niet alle afspraken over basisondersteuning zijn bevestigd",
		                                           "item", "basis"));
	int pct = c.total ? (c.done * 100) / c.total : 100;
	return json_pack("{s:i,s:i,s:i,s:o,s:b}", "done", c.done, "total", c.total, "percent", pct, "missing", c.missing,
	                 "complete", c.done == c.total);
}
