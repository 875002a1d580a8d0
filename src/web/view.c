/*
 * view.c - model -> JSON view data shared by pages and API.  See view.h.
 */
#include "view.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/taxonomy.h"
#include "core/util.h"

static void set_str(json_t *o, const char *k, const char *v)
{
	if (v && *v)
		json_object_set_new(o, k, json_string(v));
}

void view_year_slug(const char *year, char *out, size_t n)
{
	snprintf(out, n, "%s", year ? year : "");
	char *slash = strchr(out, '/');
	if (slash)
		*slash = '-';
}

bool view_year_parse(const char *s, char *out, size_t n)
{
	if (!s || strlen(s) != 9 || n < 10)
		return false;
	char tmp[10];
	memcpy(tmp, s, 10);
	if (tmp[4] == '-')
		tmp[4] = '/';
	if (!school_year_valid(tmp))
		return false;
	memcpy(out, tmp, 10);
	return true;
}

bool view_school_key_parse(const char *s, char brin[5], char vest[3])
{
	if (!s || strlen(s) != 6)
		return false;
	for (int i = 0; i < 4; i++) {
		if (!isalnum((unsigned char)s[i]))
			return false;
		brin[i] = (char)toupper((unsigned char)s[i]);
	}
	brin[4] = '\0';
	if (!isdigit((unsigned char)s[4]) || !isdigit((unsigned char)s[5]))
		return false;
	vest[0] = s[4];
	vest[1] = s[5];
	vest[2] = '\0';
	return true;
}

static const char *kind_label(const char *k)
{
	if (!k)
		return "Basisschool";
	if (strcmp(k, "sbo") == 0)
		return "Speciaal basisonderwijs (SBO)";
	if (strcmp(k, "so") == 0)
		return "Speciaal onderwijs (SO)";
	return "Basisschool";
}

json_t *view_school(const struct school *s)
{
	json_t *o = json_object();
	char key[8];
	snprintf(key, sizeof key, "%s%s", s->brin, s->vestiging);
	json_object_set_new(o, "key", json_string(key));
	json_object_set_new(o, "brin", json_string(s->brin));
	json_object_set_new(o, "vestiging", json_string(s->vestiging));
	set_str(o, "name", s->name);
	set_str(o, "place", s->place);
	set_str(o, "address", s->address);
	set_str(o, "postcode", s->postcode);
	set_str(o, "kind", s->kind ? s->kind : "bao");
	json_object_set_new(o, "kind_label", json_string(kind_label(s->kind)));
	set_str(o, "denomination", s->denomination);
	set_str(o, "board", s->board_code);
	set_str(o, "swv", s->swv_code);
	if (s->pupils >= 0)
		json_object_set_new(o, "pupils", json_integer(s->pupils));
	set_str(o, "website", s->website);
	set_str(o, "phone", s->phone);
	set_str(o, "email", s->email);
	if (s->has_coords) {
		json_object_set_new(o, "lat", json_real(s->lat));
		json_object_set_new(o, "lon", json_real(s->lon));
	}
	char url[32];
	snprintf(url, sizeof url, "/school/%s", key);
	json_object_set_new(o, "url", json_string(url));
	return o;
}

static void levels_text(unsigned levels, buf *b)
{
	for (int i = 1; i <= LEVELS_MAX; i++)
		if (levels & (1u << i)) {
			if (b->len)
				buf_puts(b, ", ");
			buf_printf(b, "%d", i);
		}
}

json_t *view_fact(const struct fact *f)
{
	json_t *o = fact_to_json(f);
	const struct tax_entry *t = f->code ? tax_find(f->kind, f->code) : NULL;
	if (t) {
		json_object_set_new(o, "label", json_string(t->label));
		json_object_set_new(o, "parent_label", json_string(t->parent_label));
	} else if (f->kind == FK_PARTNER && f->value) {
		json_object_set_new(o, "label", json_string(f->value));
	}
	if (f->where == WHERE_SCHOOL)
		json_object_set_new(o, "where_label", json_string("op school"));
	else if (f->where == WHERE_EXTERN)
		json_object_set_new(o, "where_label", json_string("via samenwerkingsverband, bestuur of derden"));
	if (f->levels) {
		buf b = BUF_INIT;
		levels_text(f->levels, &b);
		json_object_set_new(o, "levels_text", json_string(buf_str(&b)));
		buf_free(&b);
	}
	if (f->source == SRC_IMPORT)
		json_object_set_new(o, "imported", json_true());
	return o;
}

json_t *view_profile(const struct profile *p)
{
	json_t *o = json_object();
	char slug[12];
	view_year_slug(p->school_year, slug, sizeof slug);
	json_object_set_new(o, "id", json_integer(p->id));
	json_object_set_new(o, "school_year", json_string(p->school_year));
	json_object_set_new(o, "year_slug", json_string(slug));
	json_object_set_new(o, "version", json_integer(p->version));
	json_object_set_new(o, "status", json_string(profile_status_str(p->status)));
	json_object_set_new(o, "status_label", json_string(profile_status_label(p->status)));
	json_object_set_new(o, "is_published", json_boolean(p->status == PS_GEPUBLICEERD));
	set_str(o, "format", p->format);
	set_str(o, "summary", p->summary);
	set_str(o, "date_mr", p->date_mr);
	set_str(o, "mr_advice", p->mr_advice);
	set_str(o, "date_set", p->date_set);
	set_str(o, "date_published", p->date_published);
	set_str(o, "updated_at", p->updated_at);
	set_str(o, "source_file", p->source_file);

	json_t *secs = json_array();
	for (size_t i = 0; i < p->sections.n; i++) {
		const struct section *s = &p->sections.v[i];
		json_t *x = json_object();
		char anchor[32];
		snprintf(anchor, sizeof anchor, "sectie-%zu", i + 1);
		json_object_set_new(x, "anchor", json_string(anchor));
		set_str(x, "key", s->key);
		json_object_set_new(x, "heading", json_string(s->heading ? s->heading : ""));
		json_object_set_new(x, "text", json_string(s->body ? s->body : ""));
		json_array_append_new(secs, x);
	}
	json_object_set_new(o, "sections", secs);

	json_t *needs_school = json_array(), *needs_extern = json_array(), *needs_other = json_array();
	json_t *expertise = json_array(), *fac = json_array(), *fac_absent = json_array();
	json_t *limits = json_array(), *admission = json_array(), *partners = json_array();
	json_t *all = json_array();
	int levels_count = 0;
	for (size_t i = 0; i < p->facts.n; i++) {
		const struct fact *f = &p->facts.v[i];
		json_t *v = view_fact(f);
		json_array_append(all, v);
		switch (f->kind) {
		case FK_NEED:
			json_array_append(f->where == WHERE_SCHOOL   ? needs_school
			                  : f->where == WHERE_EXTERN ? needs_extern
			                                             : needs_other,
			                  v);
			break;
		case FK_EXPERTISE: json_array_append(expertise, v); break;
		case FK_FACILITY: json_array_append(f->present ? fac : fac_absent, v); break;
		case FK_LIMIT: json_array_append(limits, v); break;
		case FK_ADMISSION: json_array_append(admission, v); break;
		case FK_PARTNER: json_array_append(partners, v); break;
		case FK_LEVELS: levels_count = f->count; break;
		default: break;
		}
		json_decref(v);
	}
	json_t *facts = json_object();
	json_object_set_new(facts, "needs_school", needs_school);
	json_object_set_new(facts, "needs_extern", needs_extern);
	json_object_set_new(facts, "needs_other", needs_other);
	json_object_set_new(facts, "expertise", expertise);
	json_object_set_new(facts, "facilities", fac);
	json_object_set_new(facts, "facilities_absent", fac_absent);
	json_object_set_new(facts, "limits", limits);
	json_object_set_new(facts, "admission", admission);
	json_object_set_new(facts, "partners", partners);
	if (levels_count > 0)
		json_object_set_new(facts, "levels_count", json_integer(levels_count));
	json_object_set_new(o, "facts", facts);
	json_object_set_new(o, "fact_list", all);
	return o;
}
