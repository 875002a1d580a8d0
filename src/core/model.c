/*
 * model.c - domain structs: enum names, lifetime, and JSON conversion in the
 * FACTS.md line format and the profile interchange format
 * (docs/profile-format.md).  See model.h.
 */
#include "model.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "taxonomy.h"
#include "util.h"

/* Limits for data coming from files and forms. */
#define MAX_TEXT_FIELD (256u * 1024) /* one section body or evidence text */
#define MAX_SHORT_FIELD 1024         /* names, codes, addresses */

static const char *kind_names[FK__COUNT] = {"school", "levels", "need", "expertise",
                                           "facility", "limit", "admission", "partner"};
static const char *status_names[PS__COUNT] = {"concept", "mr_advies", "vastgesteld", "gepubliceerd"};
static const char *status_labels[PS__COUNT] = {"Concept", "Ter advies bij de MR", "Vastgesteld",
                                               "Gepubliceerd"};

const char *fact_kind_str(enum fact_kind k)
{
	return (unsigned)k < FK__COUNT ? kind_names[k] : "?";
}

int fact_kind_parse(const char *s)
{
	for (int i = 0; s && i < FK__COUNT; i++)
		if (strcmp(s, kind_names[i]) == 0)
			return i;
	return -1;
}

const char *fact_where_str(enum fact_where w)
{
	switch (w) {
	case WHERE_SCHOOL: return "school";
	case WHERE_EXTERN: return "extern";
	default: return NULL;
	}
}

int fact_where_parse(const char *s)
{
	if (!s)
		return WHERE_NONE;
	if (strcmp(s, "school") == 0)
		return WHERE_SCHOOL;
	if (strcmp(s, "extern") == 0)
		return WHERE_EXTERN;
	return -1;
}

const char *profile_status_str(enum profile_status s)
{
	return (unsigned)s < PS__COUNT ? status_names[s] : "?";
}

const char *profile_status_label(enum profile_status s)
{
	return (unsigned)s < PS__COUNT ? status_labels[s] : "?";
}

int profile_status_parse(const char *s)
{
	for (int i = 0; s && i < PS__COUNT; i++)
		if (strcmp(s, status_names[i]) == 0)
			return i;
	return -1;
}

/* ---- lifetime ---- */

void fact_init(struct fact *f)
{
	memset(f, 0, sizeof *f);
	f->count = -1;
	f->present = true;
}

void fact_free(struct fact *f)
{
	free(f->code);
	free(f->value);
	free(f->ev_text);
	fact_init(f);
}

void fact_copy(struct fact *dst, const struct fact *src)
{
	*dst = *src;
	dst->code = xstrdup(src->code);
	dst->value = xstrdup(src->value);
	dst->ev_text = xstrdup(src->ev_text);
}

/* Facts are the same fact when kind, code and where agree; for partners and
 * identity facts the value is part of the key (two partners are two facts). */
static bool fact_same(const struct fact *a, const struct fact *b)
{
	if (a->kind != b->kind || !str_eq(a->code, b->code))
		return false;
	if (a->kind == FK_PARTNER)
		return a->value && b->value && strcasecmp(a->value, b->value) == 0;
	if (a->kind == FK_SCHOOL || a->kind == FK_LEVELS)
		return true;
	return a->where == b->where;
}

size_t fact_list_add(struct fact_list *l, const struct fact *f)
{
	for (size_t i = 0; i < l->n; i++) {
		struct fact *o = &l->v[i];
		if (!fact_same(o, f))
			continue;
		o->levels |= f->levels;
		if (o->count < 0 && f->count >= 0)
			o->count = f->count;
		if (!o->value && f->value)
			o->value = xstrdup(f->value);
		if (!o->ev_line && f->ev_line) {
			o->ev_line = f->ev_line;
			free(o->ev_text);
			o->ev_text = xstrdup(f->ev_text);
		}
		return i;
	}
	XGROW(l->v, l->n, l->cap, 16);
	fact_copy(&l->v[l->n], f);
	return l->n++;
}

void fact_list_free(struct fact_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		fact_free(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

void section_list_add(struct section_list *l, const char *key, const char *heading, const char *body)
{
	XGROW(l->v, l->n, l->cap, 8);
	struct section *s = &l->v[l->n++];
	s->key = xstrdup(key ? key : "");
	s->heading = xstrdup(heading ? heading : "");
	s->body = xstrdup(body ? body : "");
}

void section_list_free(struct section_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].key);
		free(l->v[i].heading);
		free(l->v[i].body);
	}
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

void swv_free(struct swv *s)
{
	free(s->code);
	free(s->name);
	free(s->region);
	free(s->website);
	memset(s, 0, sizeof *s);
}

void board_free(struct board *b)
{
	free(b->code);
	free(b->name);
	free(b->swv_code);
	memset(b, 0, sizeof *b);
}

void school_free(struct school *s)
{
	free(s->name);
	free(s->board_code);
	free(s->swv_code);
	free(s->address);
	free(s->postcode);
	free(s->place);
	free(s->denomination);
	free(s->kind);
	free(s->website);
	free(s->phone);
	free(s->email);
	memset(s, 0, sizeof *s);
	s->pupils = -1;
}

void profile_init(struct profile *p)
{
	memset(p, 0, sizeof *p);
}

void profile_free(struct profile *p)
{
	free(p->format);
	free(p->summary);
	free(p->date_mr);
	free(p->mr_advice);
	free(p->date_set);
	free(p->date_published);
	free(p->updated_at);
	free(p->source_file);
	section_list_free(&p->sections);
	fact_list_free(&p->facts);
	profile_init(p);
}

/* ---- JSON helpers ---- */

static void set_str(json_t *o, const char *key, const char *v)
{
	if (v)
		json_object_set_new(o, key, json_string(v));
}

/* Read an optional string member with a size limit and UTF-8 check (jansson
 * already rejects invalid UTF-8 while parsing; strings built in code are
 * checked again here because callers may construct JSON by hand). */
static int get_str(const json_t *o, const char *key, bool required, size_t max, char **out, char *err,
                   size_t errlen)
{
	*out = NULL;
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v)) {
		if (required) {
			snprintf(err, errlen, "'%s' is missing", key);
			return -1;
		}
		return 0;
	}
	if (!json_is_string(v)) {
		snprintf(err, errlen, "'%s' must be a string", key);
		return -1;
	}
	size_t n = json_string_length(v);
	if (n > max) {
		snprintf(err, errlen, "'%s' is too long (%zu bytes, at most %zu)", key, n, max);
		return -1;
	}
	const char *s = json_string_value(v);
	if (strlen(s) != n || !utf8_valid(s, n)) {
		snprintf(err, errlen, "'%s' is not valid UTF-8 text", key);
		return -1;
	}
	if (required && n == 0) {
		snprintf(err, errlen, "'%s' is empty", key);
		return -1;
	}
	*out = xstrndup(s, n);
	return 0;
}

static int get_int(const json_t *o, const char *key, long lo, long hi, long *out, bool *present, char *err,
                   size_t errlen)
{
	json_t *v = json_object_get(o, key);
	*present = false;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v)) {
		snprintf(err, errlen, "'%s' must be a whole number", key);
		return -1;
	}
	json_int_t x = json_integer_value(v);
	if (x < lo || x > hi) {
		snprintf(err, errlen, "'%s' must be between %ld and %ld", key, lo, hi);
		return -1;
	}
	*out = (long)x;
	*present = true;
	return 0;
}

/* Reject keys we do not know: a typo such as "wher" must not be dropped
 * silently, because the fact would then say less than the author meant. */
static int check_keys(const json_t *o, const char *const *allowed, const char *what, char *err, size_t errlen)
{
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)o, key, v)
	{
		bool ok = false;
		for (int i = 0; allowed[i]; i++)
			if (strcmp(key, allowed[i]) == 0)
				ok = true;
		if (!ok) {
			snprintf(err, errlen, "%s has an unknown key '%.60s'", what, key);
			return -1;
		}
	}
	return 0;
}

/* ---- facts ---- */

json_t *fact_to_json(const struct fact *f)
{
	json_t *o = json_object();
	json_object_set_new(o, "kind", json_string(fact_kind_str(f->kind)));
	if (f->code && f->kind != FK_PARTNER)
		json_object_set_new(o, "code", json_string(f->code));
	set_str(o, "value", f->value);
	if (f->count >= 0)
		json_object_set_new(o, "count", json_integer(f->count));
	if (fact_where_str(f->where))
		json_object_set_new(o, "where", json_string(fact_where_str(f->where)));
	if (f->kind == FK_FACILITY && !f->present)
		json_object_set_new(o, "present", json_false());
	if (f->levels) {
		json_t *a = json_array();
		for (int i = 1; i <= LEVELS_MAX; i++)
			if (f->levels & (1u << i))
				json_array_append_new(a, json_integer(i));
		json_object_set_new(o, "levels", a);
	}
	if (f->ev_line > 0 || f->ev_text) {
		json_t *e = json_object();
		if (f->ev_line > 0)
			json_object_set_new(e, "line", json_integer(f->ev_line));
		set_str(e, "text", f->ev_text);
		json_object_set_new(o, "evidence", e);
	}
	return o;
}

int fact_from_json(const json_t *j, struct fact *out, char *err, size_t errlen)
{
	static const char *const keys[] = {"kind", "code", "value", "count", "where", "present",
	                                   "levels", "evidence", "source", NULL};
	fact_init(out);
	if (!json_is_object(j)) {
		snprintf(err, errlen, "a fact must be an object");
		return -1;
	}
	if (check_keys(j, keys, "fact", err, errlen) < 0)
		return -1;
	char *s = NULL;
	if (get_str(j, "kind", true, 32, &s, err, errlen) < 0)
		return -1;
	int k = fact_kind_parse(s);
	if (k < 0) {
		snprintf(err, errlen, "unknown fact kind '%.40s'", s);
		free(s);
		return -1;
	}
	free(s);
	out->kind = (enum fact_kind)k;
	if (get_str(j, "code", false, 64, &out->code, err, errlen) < 0)
		goto fail;
	if (k == FK_PARTNER) {
		free(out->code);
		out->code = NULL;
	} else if (k == FK_LEVELS) {
		/* the levels model has no code of its own */
	} else if (k == FK_SCHOOL) {
		if (!tax_school_code_valid(out->code)) {
			snprintf(err, errlen, "unknown school fact code '%.40s'", out->code ? out->code : "");
			goto fail;
		}
	} else if (!out->code || !tax_find(out->kind, out->code)) {
		snprintf(err, errlen, "unknown %s code '%.40s' (see data/taxonomy.tsv)", fact_kind_str(out->kind),
		         out->code ? out->code : "");
		goto fail;
	}
	if (get_str(j, "value", k == FK_PARTNER || k == FK_SCHOOL, MAX_SHORT_FIELD * 4, &out->value, err,
	            errlen) < 0)
		goto fail;
	long n;
	bool has;
	if (get_int(j, "count", 0, 100000, &n, &has, err, errlen) < 0)
		goto fail;
	if (has)
		out->count = (int)n;
	if (k == FK_LEVELS && (!has || n < 1 || n > 9)) {
		snprintf(err, errlen, "a levels fact needs a count between 1 and 9");
		goto fail;
	}
	if (get_str(j, "where", false, 16, &s, err, errlen) < 0)
		goto fail;
	int w = fact_where_parse(s);
	if (w < 0) {
		snprintf(err, errlen, "'where' must be \"school\" or \"extern\", not '%.20s'", s);
		free(s);
		goto fail;
	}
	free(s);
	out->where = (enum fact_where)w;
	json_t *pr = json_object_get(j, "present");
	if (pr && !json_is_null(pr)) {
		if (!json_is_boolean(pr)) {
			snprintf(err, errlen, "'present' must be true or false");
			goto fail;
		}
		out->present = json_is_true(pr);
	}
	json_t *lv = json_object_get(j, "levels");
	if (lv && !json_is_null(lv)) {
		if (!json_is_array(lv)) {
			snprintf(err, errlen, "'levels' must be an array of numbers 1..5");
			goto fail;
		}
		size_t i;
		json_t *x;
		json_array_foreach(lv, i, x)
		{
			if (!json_is_integer(x) || json_integer_value(x) < 1 || json_integer_value(x) > LEVELS_MAX) {
				snprintf(err, errlen, "'levels' must be an array of numbers 1..5");
				goto fail;
			}
			out->levels |= 1u << json_integer_value(x);
		}
	}
	json_t *ev = json_object_get(j, "evidence");
	if (ev && !json_is_null(ev)) {
		static const char *const evkeys[] = {"line", "text", NULL};
		if (!json_is_object(ev)) {
			snprintf(err, errlen, "'evidence' must be an object");
			goto fail;
		}
		if (check_keys(ev, evkeys, "evidence", err, errlen) < 0)
			goto fail;
		if (get_int(ev, "line", 1, 10000000, &n, &has, err, errlen) < 0)
			goto fail;
		if (has)
			out->ev_line = (int)n;
		if (get_str(ev, "text", false, MAX_TEXT_FIELD, &out->ev_text, err, errlen) < 0)
			goto fail;
	}
	if (get_str(j, "source", false, 16, &s, err, errlen) < 0)
		goto fail;
	if (s && strcmp(s, "import") == 0)
		out->source = SRC_IMPORT;
	else if (s && strcmp(s, "manual") != 0) {
		snprintf(err, errlen, "'source' must be \"import\" or \"manual\"");
		free(s);
		goto fail;
	}
	free(s);
	return 0;
fail:
	fact_free(out);
	return -1;
}

/* ---- school ---- */

static bool brin_valid(const char *b)
{
	if (!b || strlen(b) != 4)
		return false;
	/* Real BRIN: 2 digits + 2 letters.  Imported schools without a BRIN get
	 * "X" + 3 alphanumerics, which no real BRIN can be. */
	if (isdigit((unsigned char)b[0]) && isdigit((unsigned char)b[1]) && isupper((unsigned char)b[2]) &&
	    (isupper((unsigned char)b[3]) || isdigit((unsigned char)b[3])))
		return true;
	if (b[0] == 'X') {
		for (int i = 1; i < 4; i++)
			if (!isdigit((unsigned char)b[i]) && !isupper((unsigned char)b[i]))
				return false;
		return true;
	}
	return false;
}

json_t *school_to_json(const struct school *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "brin", json_string(s->brin));
	json_object_set_new(o, "vestiging", json_string(s->vestiging));
	set_str(o, "name", s->name);
	set_str(o, "board", s->board_code);
	set_str(o, "kind", s->kind);
	set_str(o, "address", s->address);
	set_str(o, "postcode", s->postcode);
	set_str(o, "place", s->place);
	set_str(o, "denomination", s->denomination);
	if (s->pupils >= 0)
		json_object_set_new(o, "pupils", json_integer(s->pupils));
	if (s->has_coords) {
		json_object_set_new(o, "lat", json_real(s->lat));
		json_object_set_new(o, "lon", json_real(s->lon));
	}
	set_str(o, "website", s->website);
	set_str(o, "phone", s->phone);
	set_str(o, "email", s->email);
	return o;
}

int school_from_json(const json_t *j, struct school *out, char *err, size_t errlen)
{
	static const char *const keys[] = {"brin",     "vestiging", "name",         "board", "kind",
	                                   "address",  "postcode",  "place",        "denomination",
	                                   "pupils",   "lat",       "lon",          "website",
	                                   "phone",    "email",     "profiles",     "swv", NULL};
	memset(out, 0, sizeof *out);
	out->pupils = -1;
	if (!json_is_object(j)) {
		snprintf(err, errlen, "a school must be an object");
		return -1;
	}
	if (check_keys(j, keys, "school", err, errlen) < 0)
		return -1;
	char *s = NULL;
	if (get_str(j, "brin", true, 8, &s, err, errlen) < 0)
		return -1;
	if (!brin_valid(s)) {
		snprintf(err, errlen, "'brin' must be 4 characters: 2 digits and 2 capital letters (got '%.8s')", s);
		free(s);
		return -1;
	}
	memcpy(out->brin, s, 5);
	free(s);
	if (get_str(j, "vestiging", false, 8, &s, err, errlen) < 0)
		return -1;
	if (!s)
		s = xstrdup("00");
	if (strlen(s) != 2 || !isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1])) {
		snprintf(err, errlen, "'vestiging' must be 2 digits (got '%.8s')", s);
		free(s);
		return -1;
	}
	memcpy(out->vestiging, s, 3);
	free(s);
	struct {
		const char *key;
		char **dst;
		bool req;
	} strs[] = {{"name", &out->name, true},         {"board", &out->board_code, false},
	            {"kind", &out->kind, false},        {"address", &out->address, false},
	            {"postcode", &out->postcode, false}, {"place", &out->place, false},
	            {"denomination", &out->denomination, false}, {"website", &out->website, false},
	            {"phone", &out->phone, false},      {"email", &out->email, false},
	            {"swv", &out->swv_code, false}};
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
		if (get_str(j, strs[i].key, strs[i].req, MAX_SHORT_FIELD, strs[i].dst, err, errlen) < 0)
			goto fail;
	if (out->kind && strcmp(out->kind, "bao") && strcmp(out->kind, "sbo") && strcmp(out->kind, "so")) {
		snprintf(err, errlen, "'kind' must be \"bao\", \"sbo\" or \"so\"");
		goto fail;
	}
	long n;
	bool has;
	if (get_int(j, "pupils", 0, 100000, &n, &has, err, errlen) < 0)
		goto fail;
	if (has)
		out->pupils = (int)n;
	json_t *lat = json_object_get(j, "lat"), *lon = json_object_get(j, "lon");
	if (lat || lon) {
		if (!json_is_number(lat) || !json_is_number(lon)) {
			snprintf(err, errlen, "'lat' and 'lon' must both be numbers");
			goto fail;
		}
		out->lat = json_number_value(lat);
		out->lon = json_number_value(lon);
		if (out->lat < -90 || out->lat > 90 || out->lon < -180 || out->lon > 180) {
			snprintf(err, errlen, "'lat'/'lon' out of range");
			goto fail;
		}
		out->has_coords = true;
	}
	return 0;
fail:
	school_free(out);
	return -1;
}

/* ---- profile ---- */

json_t *profile_to_json(const struct profile *p)
{
	json_t *o = json_object();
	json_object_set_new(o, "school_year", json_string(p->school_year));
	json_object_set_new(o, "version", json_integer(p->version > 0 ? p->version : 1));
	json_object_set_new(o, "status", json_string(profile_status_str(p->status)));
	set_str(o, "format", p->format);
	if (p->format_version > 0)
		json_object_set_new(o, "format_version", json_integer(p->format_version));
	set_str(o, "summary", p->summary);
	if (p->date_mr || p->date_set || p->date_published) {
		json_t *d = json_object();
		set_str(d, "mr_advice", p->date_mr);
		set_str(d, "set", p->date_set);
		set_str(d, "published", p->date_published);
		json_object_set_new(o, "dates", d);
	}
	set_str(o, "mr_advice", p->mr_advice);
	set_str(o, "updated_at", p->updated_at);
	set_str(o, "source_file", p->source_file);
	json_t *secs = json_array();
	for (size_t i = 0; i < p->sections.n; i++) {
		const struct section *s = &p->sections.v[i];
		json_t *x = json_object();
		json_object_set_new(x, "key", json_string(s->key));
		json_object_set_new(x, "heading", json_string(s->heading));
		json_object_set_new(x, "text", json_string(s->body));
		json_array_append_new(secs, x);
	}
	json_object_set_new(o, "sections", secs);
	json_t *facts = json_array();
	for (size_t i = 0; i < p->facts.n; i++) {
		json_t *f = fact_to_json(&p->facts.v[i]);
		if (p->facts.v[i].source == SRC_IMPORT)
			json_object_set_new(f, "source", json_string("import"));
		json_array_append_new(facts, f);
	}
	json_object_set_new(o, "facts", facts);
	return o;
}

static bool date_valid(const char *d)
{
	if (!d || strlen(d) != 10 || d[4] != '-' || d[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)d[i]))
			return false;
	int m = atoi(d + 5), day = atoi(d + 8);
	return m >= 1 && m <= 12 && day >= 1 && day <= 31;
}

int profile_from_json(const json_t *j, struct profile *out, char *err, size_t errlen)
{
	static const char *const keys[] = {"school_year", "version", "status",     "format",      "format_version",
	                                   "summary",     "dates",   "mr_advice",  "updated_at",  "source_file",
	                                   "sections",    "facts",   NULL};
	profile_init(out);
	if (!json_is_object(j)) {
		snprintf(err, errlen, "a profile must be an object");
		return -1;
	}
	if (check_keys(j, keys, "profile", err, errlen) < 0)
		return -1;
	char *s = NULL;
	if (get_str(j, "school_year", true, 16, &s, err, errlen) < 0)
		return -1;
	if (!school_year_valid(s)) {
		snprintf(err, errlen, "'school_year' must look like 2025/2026 (got '%.16s')", s);
		free(s);
		return -1;
	}
	memcpy(out->school_year, s, 10);
	free(s);
	long n;
	bool has;
	if (get_int(j, "version", 1, 1000000, &n, &has, err, errlen) < 0)
		goto fail;
	out->version = has ? (int)n : 1;
	if (get_str(j, "status", false, 32, &s, err, errlen) < 0)
		goto fail;
	int st = s ? profile_status_parse(s) : PS_CONCEPT;
	if (st < 0) {
		snprintf(err, errlen, "'status' must be concept, mr_advies, vastgesteld or gepubliceerd (got '%.20s')", s);
		free(s);
		goto fail;
	}
	free(s);
	out->status = (enum profile_status)st;
	if (get_str(j, "format", false, 64, &out->format, err, errlen) < 0 ||
	    get_str(j, "summary", false, MAX_TEXT_FIELD, &out->summary, err, errlen) < 0 ||
	    get_str(j, "mr_advice", false, MAX_TEXT_FIELD, &out->mr_advice, err, errlen) < 0 ||
	    get_str(j, "updated_at", false, 32, &out->updated_at, err, errlen) < 0 ||
	    get_str(j, "source_file", false, 256, &out->source_file, err, errlen) < 0)
		goto fail;
	if (get_int(j, "format_version", 1, 100000, &n, &has, err, errlen) < 0)
		goto fail;
	out->format_version = has ? (int)n : 0;
	json_t *d = json_object_get(j, "dates");
	if (d && !json_is_null(d)) {
		static const char *const dkeys[] = {"mr_advice", "set", "published", NULL};
		if (!json_is_object(d)) {
			snprintf(err, errlen, "'dates' must be an object");
			goto fail;
		}
		if (check_keys(d, dkeys, "dates", err, errlen) < 0)
			goto fail;
		if (get_str(d, "mr_advice", false, 16, &out->date_mr, err, errlen) < 0 ||
		    get_str(d, "set", false, 16, &out->date_set, err, errlen) < 0 ||
		    get_str(d, "published", false, 16, &out->date_published, err, errlen) < 0)
			goto fail;
		const char *dd[] = {out->date_mr, out->date_set, out->date_published};
		for (int i = 0; i < 3; i++)
			if (dd[i] && !date_valid(dd[i])) {
				snprintf(err, errlen, "dates must look like 2025-06-30 (got '%.16s')", dd[i]);
				goto fail;
			}
	}
	json_t *secs = json_object_get(j, "sections");
	if (secs && !json_is_array(secs)) {
		snprintf(err, errlen, "'sections' must be an array");
		goto fail;
	}
	size_t i;
	json_t *x;
	json_array_foreach(secs, i, x)
	{
		static const char *const skeys[] = {"key", "heading", "text", NULL};
		char *k = NULL, *h = NULL, *t = NULL;
		if (!json_is_object(x) || check_keys(x, skeys, "section", err, errlen) < 0) {
			if (!json_is_object(x))
				snprintf(err, errlen, "section %zu must be an object", i + 1);
			goto fail;
		}
		if (get_str(x, "key", false, 64, &k, err, errlen) < 0 ||
		    get_str(x, "heading", true, MAX_SHORT_FIELD, &h, err, errlen) < 0 ||
		    get_str(x, "text", false, MAX_TEXT_FIELD, &t, err, errlen) < 0) {
			free(k);
			free(h);
			free(t);
			goto fail;
		}
		section_list_add(&out->sections, k, h, t);
		free(k);
		free(h);
		free(t);
	}
	json_t *facts = json_object_get(j, "facts");
	if (facts && !json_is_array(facts)) {
		snprintf(err, errlen, "'facts' must be an array");
		goto fail;
	}
	json_array_foreach(facts, i, x)
	{
		struct fact f;
		char ferr[200];
		if (fact_from_json(x, &f, ferr, sizeof ferr) < 0) {
			snprintf(err, errlen, "fact %zu: %s", i + 1, ferr);
			goto fail;
		}
		fact_list_add(&out->facts, &f);
		fact_free(&f);
	}
	return 0;
fail:
	profile_free(out);
	return -1;
}
