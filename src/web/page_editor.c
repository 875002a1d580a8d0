/*
 * page_editor.c - writing a school's profile and taking it through its
 * lifecycle: dashboard, school and year pages, the section editor (driven by
 * the SWV's format, see fmt.h), "new school year from last year", import
 * from a document with fact review, MR advice, vaststellen, publiceren,
 * version differences and draft PDFs.
 *
 * Every change runs in one transaction together with its audit entry.
 * Editing a concept replaces it (PP_REPLACE_DRAFT); editing any other status
 * creates a new concept version, so history is kept.  Status changes always
 * name the version the user saw (field "versie"): a stale form is refused
 * instead of acting on a version the user did not read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "core/taxonomy.h"
#include "core/util.h"
#include "diff.h"
#include "fmt.h"
#include "import/imp.h"
#include "multipart.h"
#include "page_admin.h"
#include "render/pdf.h"
#include "store/store_auth.h"
#include "view.h"
#include "web_auth.h"
#include "web_routes.h"

#define MAX_SUMMARY 5000
#define MAX_ADVICE 20000
#define MAX_LIST_LINES 200

/* What every school page needs. */
struct ectx {
	struct school sc;
	int64_t swv_id;
	char key[8];          /* BRIN + vestiging */
	char year[10];        /* "2026/2027" or "" */
	char slug[10];        /* "2026-2027" */
	struct profile head;  /* head of (school, year) when has_head */
	bool has_head;
	bool has_school;
};

static void ectx_free(struct ectx *e)
{
	if (e->has_school)
		school_free(&e->sc);
	if (e->has_head)
		profile_free(&e->head);
}

static int fail(struct web_ctx *c, struct web_req *req, struct web_resp *resp, struct ectx *e, int status,
                const char *msg)
{
	ectx_free(e);
	return web_error(c, req, resp, status, msg);
}

/* Load the school (params[0]) and, with want_year, the year (params[1]) and
 * its head version.  Returns 0 or an HTTP status (message in *msg). */
static int load_ectx(struct web_ctx *c, struct web_req *req, struct ectx *e, bool want_year, const char **msg)
{
	memset(e, 0, sizeof *e);
	char brin[5], vest[3];
	if (req->nparams < 1 || !view_school_key_parse(req->params[0], brin, vest)) {
		*msg = "Deze school bestaat niet.";
		return 404;
	}
	int rc = store_school_by_brin(c->store, brin, vest, &e->sc);
	if (rc != 1) {
		*msg = rc < 0 ? "De gegevens konden niet worden gelezen." : "Deze school bestaat niet.";
		return rc < 0 ? 500 : 404;
	}
	e->has_school = true;
	snprintf(e->key, sizeof e->key, "%s%s", e->sc.brin, e->sc.vestiging);
	int64_t board;
	store_auth_school_scope(c->store, e->sc.id, &board, &e->swv_id);
	if (!want_year)
		return 0;
	if (req->nparams < 2 || !view_year_parse(req->params[1], e->year, sizeof e->year)) {
		*msg = "Het schooljaar moet eruitzien als 2026-2027.";
		return 404;
	}
	view_year_slug(e->year, e->slug, sizeof e->slug);
	rc = store_profile_get(c->store, e->sc.id, e->year, PV_HEAD, &e->head);
	if (rc < 0) {
		*msg = "De gegevens konden niet worden gelezen.";
		return 500;
	}
	e->has_head = rc == 1;
	return 0;
}

static json_t *load_format(struct web_ctx *c, const struct ectx *e, const struct profile *p, int *ver)
{
	char err[256];
	json_t *f = fmt_load(c->store, e->swv_id, p->format, p->format_version > 0 ? p->format_version : 0, ver, err,
	                     sizeof err);
	if (!f) /* an unknown format key (e.g. an import): fall back to the default */
		f = fmt_load(c->store, e->swv_id, "meierij", 0, ver, err, sizeof err);
	return f;
}

static json_t *load_answers(struct web_ctx *c, const json_t *f, const struct profile *p)
{
	char *s = NULL;
	json_t *a = NULL;
	if (store_answer_get(c->store, p->id, &s) == 1)
		a = json_loads(s, 0, NULL);
	free(s);
	if (!json_is_object(a)) {
		json_decref(a);
		a = fmt_answers_from_profile(f, p);
	}
	const char *keys[] = {"items", "body", "headings", "grid"};
	for (int i = 0; i < 4; i++)
		if (!json_is_object(json_object_get(a, keys[i])))
			json_object_set_new(a, keys[i], json_object());
	const char *arrs[] = {"basis", "extra_facts", "extra_sections"};
	for (int i = 0; i < 3; i++)
		if (!json_is_array(json_object_get(a, arrs[i])))
			json_object_set_new(a, arrs[i], json_array());
	return a;
}

static char *dump(const json_t *j)
{
	return j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
}

static json_t *version_json(const struct profile *p)
{
	return json_pack("{s:I,s:s,s:i,s:s}", "profile_id", (json_int_t)p->id, "school_year", p->school_year, "version",
	                 p->version, "status", profile_status_str(p->status));
}

/* Write np (a concept built from the head) with its answers and an audit
 * entry, in one transaction.  np->id/version are set. */
static int save_concept(struct web_ctx *c, struct web_req *req, struct ectx *e, struct profile *np,
                        const json_t *answers, const char *action, json_t *before, json_t *after)
{
	np->version = 0; /* let the store decide: replace the concept or add a version */
	np->status = PS_CONCEPT;
	free(np->updated_at);
	np->updated_at = NULL;
	if (e->has_head && e->head.status != PS_CONCEPT) {
		/* A new concept after advice/vaststelling starts its own round. */
		free(np->date_mr), np->date_mr = NULL;
		free(np->mr_advice), np->mr_advice = NULL;
		free(np->date_set), np->date_set = NULL;
		free(np->date_published), np->date_published = NULL;
	}
	if (store_begin(c->store) < 0)
		return -1;
	bool replaced = false;
	/* NULL answers are stored as JSON null: "derive them from the facts and
	 * sections" (after an import), so a replaced draft's answers go stale
	 * never. */
	char *a = answers ? dump(answers) : xstrdup("null");
	if (store_profile_put(c->store, np, PP_REPLACE_DRAFT, &replaced) < 0 ||
	    store_answer_put(c->store, np->id, a) < 0)
		goto fail;
	json_object_set_new(after, "profile_id", json_integer(np->id));
	json_object_set_new(after, "version", json_integer(np->version));
	json_object_set_new(after, "replaced_draft", json_boolean(replaced));
	char *b = dump(before), *af = dump(after);
	int rc = web_audit(c, req, action, "profile", np->id, e->sc.id, b, af);
	free(b);
	free(af);
	if (rc < 0 || store_commit(c->store) < 0)
		goto fail;
	free(a);
	return 0;
fail:
	free(a);
	fprintf(stderr, "passend: saving profile: %s\n", store_errmsg(c->store));
	store_rollback(c->store);
	return -1;
}

/* A copy of the head's metadata (no sections/facts) as the start of a new
 * concept. */
static void copy_meta(const struct profile *src, struct profile *dst)
{
	profile_init(dst);
	dst->school_id = src->school_id;
	memcpy(dst->school_year, src->school_year, sizeof dst->school_year);
	dst->format = xstrdup(src->format);
	dst->format_version = src->format_version;
	dst->summary = xstrdup(src->summary);
	dst->date_mr = xstrdup(src->date_mr);
	dst->mr_advice = xstrdup(src->mr_advice);
	dst->date_set = xstrdup(src->date_set);
	dst->date_published = xstrdup(src->date_published);
	dst->source_file = xstrdup(src->source_file);
}

static bool date_ok(const char *s)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	int64_t t = auth_time_parse(s);
	if (t < 0)
		return false;
	char back[24];
	auth_time_fmt(t, back);
	return strncmp(back, s, 10) == 0; /* rejects 2025-02-31 */
}

static void today(char out[11])
{
	char t[24];
	auth_time_fmt(auth_now(), t);
	memcpy(out, t, 10);
	out[10] = '\0';
}

/* ---------------------------------------------------------------- */
/* Dashboard and school pages                                        */
/* ---------------------------------------------------------------- */

static void add_school_rows(struct web_ctx *c, json_t *rows, json_t *seen, struct school *v, size_t n, json_t *todo)
{
	for (size_t i = 0; i < n; i++) {
		char key[8];
		snprintf(key, sizeof key, "%s%s", v[i].brin, v[i].vestiging);
		if (json_object_get(seen, key))
			continue;
		json_object_set_new(seen, key, json_true());
		bool can_edit = web_auth_can_school(c, PERM_SCHOOL_EDIT, v[i].id);
		bool can_mr = web_auth_can_school(c, PERM_MR_ADVICE, v[i].id);
		bool can_board = web_auth_can_school(c, PERM_BOARD_SET, v[i].id);
		struct profile_rev *revs = NULL;
		size_t nr = 0;
		json_t *years = json_array();
		if (store_profile_history(c->store, v[i].id, &revs, &nr) == 0) {
			const char *last = "";
			for (size_t k = 0; k < nr; k++) {
				if (strcmp(revs[k].school_year, last) == 0)
					continue; /* newest version of each year comes first */
				last = revs[k].school_year;
				char slug[12];
				view_year_slug(revs[k].school_year, slug, sizeof slug);
				json_array_append_new(years, json_pack("{s:s,s:s,s:i,s:s,s:s}", "school_year", revs[k].school_year,
				                                       "slug", slug, "version", revs[k].version, "status",
				                                       profile_status_str(revs[k].status), "status_label",
				                                       profile_status_label(revs[k].status)));
				const char *what = NULL;
				if (revs[k].status == PS_CONCEPT && can_edit)
					what = "Concept afmaken en ter advies aan de MR voorleggen";
				else if (revs[k].status == PS_VASTGESTELD && (can_board || can_edit))
					what = "Publiceren";
				else if (revs[k].status == PS_MR_ADVIES && (can_mr || can_board)) {
					struct profile p;
					if (store_profile_get_id(c->store, revs[k].id, &p) == 1) {
						if (!p.date_mr && can_mr)
							what = "Advies van de MR vastleggen";
						else if (p.date_mr && can_board)
							what = "Vaststellen door het bestuur";
						profile_free(&p);
					}
				}
				if (what)
					json_array_append_new(todo, json_pack("{s:s,s:s,s:s,s:s}", "school", v[i].name, "key", key,
					                                      "school_year", revs[k].school_year, "slug", slug, "what",
					                                      what));
			}
		}
		free(revs);
		json_array_append_new(rows, json_pack("{s:s,s:s,s:s,s:o,s:b}", "key", key, "name", v[i].name, "place",
		                                      v[i].place ? v[i].place : "", "years", years, "can_edit", can_edit));
	}
}

int page_dashboard(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	(void)req;
	json_t *rows = json_array(), *seen = json_object(), *todo = json_array(), *swvs = json_array();
	const struct auth_user *u = &c->user->u;
	for (size_t i = 0; i < u->nroles; i++) {
		const struct auth_role_row *r = &u->roles[i];
		struct school_query q = {0};
		struct school *v = NULL;
		size_t n = 0;
		if (r->scope == AS_SCHOOL) {
			struct school sc;
			char brin[5], vest[3];
			if (view_school_key_parse(r->code, brin, vest) && store_school_by_brin(c->store, brin, vest, &sc) == 1) {
				add_school_rows(c, rows, seen, &sc, 1, todo);
				school_free(&sc);
			}
			continue;
		}
		if (r->scope == AS_BOARD)
			q.board_code = r->code;
		else if (r->scope == AS_SWV) {
			q.swv_code = r->code;
			json_array_append_new(swvs, json_pack("{s:s,s:s}", "code", r->code, "name", r->name));
		}
		if (store_school_list(c->store, &q, &v, &n) == 0) {
			add_school_rows(c, rows, seen, v, n, todo);
			for (size_t k = 0; k < n; k++)
				school_free(&v[k]);
			free(v);
		}
	}
	json_t *d = json_pack("{s:s,s:o,s:o,s:o}", "title", "Beheer", "schools", rows, "todo", todo, "swvs", swvs);
	json_decref(seen);
	web_page(c, resp, 200, "beheer/dashboard", d);
	json_decref(d);
	return 0;
}

static json_t *history_json(struct web_ctx *c, int64_t school_id, const char *only_year)
{
	struct profile_rev *revs = NULL;
	size_t n = 0;
	json_t *a = json_array();
	if (store_profile_history(c->store, school_id, &revs, &n) == 0) {
		for (size_t i = 0; i < n; i++) {
			if (only_year && strcmp(revs[i].school_year, only_year) != 0)
				continue;
			char slug[12];
			view_year_slug(revs[i].school_year, slug, sizeof slug);
			json_array_append_new(a, json_pack("{s:I,s:s,s:s,s:i,s:s,s:s,s:s,s:b}", "id", (json_int_t)revs[i].id,
			                                   "school_year", revs[i].school_year, "slug", slug, "version",
			                                   revs[i].version, "status", profile_status_str(revs[i].status),
			                                   "status_label", profile_status_label(revs[i].status), "updated_at",
			                                   revs[i].updated_at, "is_public", revs[i].is_public));
		}
	}
	free(revs);
	return a;
}

/* "2025/2026" -> "2026/2027". */
static bool next_year(const char *y, char out[10])
{
	long a;
	char first[5];
	memcpy(first, y, 4);
	first[4] = '\0';
	if (!parse_int(first, 1990, 2200, &a))
		return false;
	char tmp[48];
	snprintf(tmp, sizeof tmp, "%ld/%ld", a + 1, a + 2);
	memcpy(out, tmp, 10);
	out[9] = '\0';
	return true;
}

static json_t *school_base(const struct ectx *e, const char *title)
{
	json_t *d = json_object();
	json_object_set_new(d, "title", json_string(title));
	json_object_set_new(d, "school", view_school(&e->sc));
	json_object_set_new(d, "key", json_string(e->key));
	return d;
}

int page_admin_school(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	struct ectx e;
	const char *msg = NULL;
	int st = load_ectx(c, req, &e, false, &msg);
	if (st)
		return fail(c, req, resp, &e, st, msg);
	char title[300];
	snprintf(title, sizeof title, "%s - beheer", e.sc.name);
	json_t *d = school_base(&e, title);
	json_t *hist = history_json(c, e.sc.id, NULL);
	json_object_set_new(d, "versions", hist);
	/* Years with their newest version, and the suggested next year. */
	json_t *years = json_array();
	const char *last = "";
	size_t i;
	json_t *h;
	json_array_foreach(hist, i, h)
	{
		const char *y = json_string_value(json_object_get(h, "school_year"));
		if (strcmp(y, last) == 0)
			continue;
		last = y;
		json_array_append(years, h);
	}
	json_object_set_new(d, "years", years);
	if (json_array_size(years)) {
		const char *newest = json_string_value(json_object_get(json_array_get(years, 0), "school_year"));
		char nx[10];
		if (next_year(newest, nx)) {
			json_object_set_new(d, "next_year", json_string(nx));
			json_object_set_new(d, "from_year", json_string(newest));
		}
	}
	json_object_set_new(d, "can_edit", json_boolean(web_auth_can_school(c, PERM_SCHOOL_EDIT, e.sc.id)));
	const char *m = web_param(req, "melding");
	if (m && strcmp(m, "bestaat") == 0)
		json_object_set_new(d, "notice", json_string("Voor dat schooljaar bestaat al een profiel."));
	web_page(c, resp, 200, "beheer/school", d);
	json_decref(d);
	ectx_free(&e);
	return 0;
}

/* The year page with the lifecycle forms; errors (may be NULL) belong to
 * the advice/vaststellen forms. */
static int render_year(struct web_ctx *c, struct web_req *req, struct web_resp *resp, struct ectx *e, int status,
                       json_t *errors, const char *notice)
{
	char title[300];
	snprintf(title, sizeof title, "%s - profiel %s", e->sc.name, e->year);
	json_t *d = school_base(e, title);
	json_object_set_new(d, "school_year", json_string(e->year));
	json_object_set_new(d, "slug", json_string(e->slug));
	json_object_set_new(d, "versions", history_json(c, e->sc.id, e->year));
	if (e->has_head) {
		json_object_set_new(d, "profile", view_profile(&e->head));
		int ver = 0;
		json_t *f = load_format(c, e, &e->head, &ver);
		if (f) {
			json_t *a = load_answers(c, f, &e->head);
			json_object_set_new(d, "completeness", fmt_completeness(f, a));
			json_object_set_new(d, "format_name", json_string(json_string_value(json_object_get(f, "name"))));
			json_object_set_new(d, "format_version", json_integer(ver));
			json_decref(a);
			json_decref(f);
		}
		enum profile_status s = e->head.status;
		bool edit = web_auth_can_school(c, PERM_SCHOOL_EDIT, e->sc.id);
		bool mr = web_auth_can_school(c, PERM_MR_ADVICE, e->sc.id);
		bool board = web_auth_can_school(c, PERM_BOARD_SET, e->sc.id);
		json_object_set_new(d, "can_edit", json_boolean(edit));
		json_object_set_new(d, "can_submit", json_boolean(edit && s == PS_CONCEPT));
		json_object_set_new(d, "can_advise", json_boolean(mr && s == PS_MR_ADVIES));
		json_object_set_new(d, "can_set", json_boolean(board && s == PS_MR_ADVIES && e->head.date_mr));
		json_object_set_new(d, "waiting_advice", json_boolean(s == PS_MR_ADVIES && !e->head.date_mr));
		json_object_set_new(d, "can_publish_board", json_boolean(board && s == PS_VASTGESTELD));
		json_object_set_new(d, "can_publish_editor", json_boolean(!board && edit && s == PS_VASTGESTELD));
		char t[11];
		today(t);
		json_object_set_new(d, "today", json_string(t));
	}
	if (errors)
		json_object_set(d, "errors", errors);
	const char *posted[] = {"datum", "advies"};
	for (int i = 0; i < 2; i++) {
		const char *v = web_kv_get(&req->form, posted[i]);
		if (v && strlen(v) <= MAX_ADVICE)
			json_object_set_new(d, posted[i][0] == 'd' ? "posted_date" : "posted_advice", json_string(v));
	}
	const char *m = web_param(req, "melding");
	if (!notice && m)
		notice = strcmp(m, "opgeslagen") == 0      ? "De wijzigingen zijn opgeslagen."
		         : strcmp(m, "ter-advies") == 0    ? "Het profiel ligt nu ter advies bij de MR."
		         : strcmp(m, "advies") == 0        ? "Het advies van de MR is vastgelegd."
		         : strcmp(m, "vastgesteld") == 0   ? "Het bestuur heeft het profiel vastgesteld."
		         : strcmp(m, "gepubliceerd") == 0  ? "Het profiel is gepubliceerd."
		         : strcmp(m, "nieuw") == 0         ? "Het nieuwe schooljaar is aangemaakt vanuit het vorige jaar."
		         : strcmp(m, "geimporteerd") == 0  ? "Het document is ingelezen."
		                                           : NULL;
	if (notice)
		json_object_set_new(d, "notice", json_string(notice));
	web_page(c, resp, status, "beheer/year", d);
	json_decref(d);
	return 0;
}

int page_admin_year(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	struct ectx e;
	const char *msg = NULL;
	int st = load_ectx(c, req, &e, true, &msg);
	if (st)
		return fail(c, req, resp, &e, st, msg);
	if (!e.has_head)
		return fail(c, req, resp, &e, 404, "Voor dit schooljaar is nog geen profiel.");
	render_year(c, req, resp, &e, 200, NULL, NULL);
	ectx_free(&e);
	return 0;
}

/* ---------------------------------------------------------------- */
/* The section editor                                                */
/* ---------------------------------------------------------------- */

static void field_id(const char *prefix, const char *id, char *out, size_t n)
{
	snprintf(out, n, "%s%s", prefix, id);
	for (char *p = out; *p; p++)
		if (*p == '.' || *p == ':')
			*p = '-';
}

struct form_state {
	json_t *answers; /* being edited */
	json_t *errors;  /* field -> message */
	json_t *raw;     /* field -> submitted text (for redisplay on error) */
};

static json_t *item_view(const json_t *it, const struct form_state *fs);

static const char *js(const json_t *o, const char *k)
{
	const json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static json_t *item_view(const json_t *it, const struct form_state *fs)
{
	const char *id = js(it, "id"), *kind = js(it, "kind");
	char field[128], input[140];
	snprintf(field, sizeof field, "i.%s", id);
	field_id("f-", id, input, sizeof input);
	json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:b}", "id", id, "kind", kind, "label", js(it, "label"), "field",
	                      field, "input_id", input, "required", json_is_true(json_object_get(it, "required")));
	if (js(it, "help"))
		json_object_set_new(o, "help", json_string(js(it, "help")));
	const json_t *err = json_object_get(fs->errors, field);
	if (err)
		json_object_set(o, "error", (json_t *)err);
	const json_t *v = json_object_get(json_object_get(fs->answers, "items"), id);
	const json_t *raw = json_object_get(fs->raw, field);
	if (str_eq(kind, "checks") || str_eq(kind, "numbers")) {
		json_t *ch = json_array();
		size_t i;
		json_t *c;
		json_array_foreach(json_object_get(it, "items"), i, c) json_array_append_new(ch, item_view(c, fs));
		json_object_set_new(o, "children", ch);
	} else if (str_eq(kind, "checkbox")) {
		json_object_set_new(o, "checked", json_boolean(json_is_true(v)));
	} else if (str_eq(kind, "choice") || str_eq(kind, "yesno")) {
		json_t *opts = json_array();
		if (str_eq(kind, "yesno")) {
			json_array_append_new(opts, json_pack("{s:s,s:s}", "value", "ja", "label", "Ja"));
			json_array_append_new(opts, json_pack("{s:s,s:s}", "value", "nee", "label", "Nee"));
		} else {
			size_t i;
			json_t *op;
			json_array_foreach(json_object_get(it, "options"), i, op) json_array_append_new(
			    opts, json_pack("{s:s,s:s}", "value", js(op, "value"), "label", js(op, "label")));
		}
		size_t i;
		json_t *op;
		json_array_foreach(opts, i, op)
		{
			char oid[180];
			snprintf(oid, sizeof oid, "%s-%zu", input, i);
			json_object_set_new(op, "input_id", json_string(oid));
			json_object_set_new(op, "selected", json_boolean(str_eq(js(op, "value"), json_string_value(v))));
		}
		json_object_set_new(o, "options", opts);
	} else if (str_eq(kind, "text") || str_eq(kind, "date") || str_eq(kind, "number")) {
		if (raw)
			json_object_set(o, "value", (json_t *)raw);
		else if (json_is_string(v))
			json_object_set(o, "value", (json_t *)v);
		else if (json_is_integer(v)) {
			char nb[32];
			snprintf(nb, sizeof nb, "%lld", (long long)json_integer_value(v));
			json_object_set_new(o, "value", json_string(nb));
		}
		if (json_is_integer(json_object_get(it, "min")))
			json_object_set(o, "min", json_object_get(it, "min"));
		if (json_is_integer(json_object_get(it, "max")))
			json_object_set(o, "max", json_object_get(it, "max"));
	} else if (str_eq(kind, "list") || str_eq(kind, "table")) {
		buf b = BUF_INIT;
		size_t i, k;
		json_t *x, *cell;
		json_array_foreach(v, i, x)
		{
			if (json_is_string(x))
				buf_puts(&b, json_string_value(x));
			else
				json_array_foreach(x, k, cell)
				{
					if (k)
						buf_puts(&b, " | ");
					buf_puts(&b, json_string_value(cell) ? json_string_value(cell) : "");
				}
			buf_putc(&b, '\n');
		}
		json_object_set_new(o, "value", raw ? json_incref((json_t *)raw) : json_string(buf_str(&b)));
		buf_free(&b);
		if (str_eq(kind, "table")) {
			buf cols = BUF_INIT;
			json_array_foreach(json_object_get(it, "columns"), i, x)
			{
				if (i)
					buf_puts(&cols, " | ");
				buf_puts(&cols, json_string_value(x) ? json_string_value(x) : "");
			}
			json_object_set_new(o, "columns_text", json_string(buf_str(&cols)));
			buf_free(&cols);
		}
	} else if (str_eq(kind, "grid")) {
		const json_t *g = json_object_get(json_object_get(fs->answers, "grid"), id);
		json_t *rows = json_array(), *wheres = json_array();
		size_t i, k;
		json_t *need, *w;
		json_array_foreach(json_object_get(it, "where"), k, w)
		{
			const char *ws = json_string_value(w);
			json_array_append_new(wheres, json_pack("{s:s,s:s}", "where", ws, "label",
			                                        str_eq(ws, "school") ? "Op school" : "Via SWV, bestuur of derden"));
		}
		json_array_foreach(json_object_get(it, "needs"), i, need)
		{
			json_t *cells = json_array();
			json_array_foreach(json_object_get(it, "where"), k, w)
			{
				char cellkey[96], cfield[200], cid[220];
				snprintf(cellkey, sizeof cellkey, "%s:%s", js(need, "code"), json_string_value(w));
				snprintf(cfield, sizeof cfield, "g.%s.%s.%s", id, js(need, "code"), json_string_value(w));
				field_id("f-", cfield + 2, cid, sizeof cid);
				const json_t *lv = json_object_get(g, cellkey);
				json_t *levels = json_array();
				for (int l = 0; l <= LEVELS_MAX; l++) {
					bool on = false;
					size_t q;
					json_t *x;
					json_array_foreach(lv, q, x) on |= json_integer_value(x) == l;
					char lid[260], lab[8] = "ja";
					snprintf(lid, sizeof lid, "%s-%d", cid, l);
					if (l)
						lab[0] = (char)('0' + l), lab[1] = '\0';
					json_array_append_new(levels, json_pack("{s:i,s:s,s:s,s:b}", "n", l, "label", lab, "input_id",
					                                        lid, "checked", on));
				}
				json_array_append_new(cells, json_pack("{s:s,s:s,s:o}", "field", cfield, "where_label",
				                                       str_eq(json_string_value(w), "school")
				                                           ? "op school"
				                                           : "via SWV, bestuur of derden",
				                                       "levels", levels));
			}
			json_array_append_new(rows, json_pack("{s:s,s:s,s:o}", "code", js(need, "code"), "label",
			                                      js(need, "label"), "cells", cells));
		}
		json_object_set_new(o, "rows", rows);
		json_object_set_new(o, "wheres", wheres);
	}
	return o;
}

/* Trim a copy of s; NULL when empty. */
static char *trimmed(const char *s)
{
	if (!s)
		return NULL;
	char *t = xstrdup(s);
	str_trim(t);
	if (!*t) {
		free(t);
		return NULL;
	}
	return t;
}

static void set_error(struct form_state *fs, const char *field, const char *msg, const char *raw)
{
	json_object_set_new(fs->errors, field, json_string(msg));
	if (raw && strlen(raw) <= FMT_MAX_TEXT)
		json_object_set_new(fs->raw, field, json_string(raw));
}

/* Apply the posted fields of one item to the answers. */
static void apply_item(const json_t *it, const struct web_req *req, struct form_state *fs)
{
	const char *id = js(it, "id"), *kind = js(it, "kind");
	char field[128];
	snprintf(field, sizeof field, "i.%s", id);
	json_t *items = json_object_get(fs->answers, "items");
	const char *v = web_kv_get(&req->form, field);
	if (str_eq(kind, "checks") || str_eq(kind, "numbers")) {
		size_t i;
		json_t *c;
		json_array_foreach(json_object_get(it, "items"), i, c) apply_item(c, req, fs);
		return;
	}
	if (str_eq(kind, "checkbox")) {
		if (v)
			json_object_set_new(items, id, json_true());
		else
			json_object_del(items, id);
		return;
	}
	if (str_eq(kind, "grid")) {
		json_t *grid = json_object_get(fs->answers, "grid");
		json_t *g = json_object();
		size_t i, k;
		json_t *need, *w;
		json_array_foreach(json_object_get(it, "needs"), i, need) json_array_foreach(json_object_get(it, "where"), k, w)
		{
			char cfield[200], cellkey[96];
			snprintf(cfield, sizeof cfield, "g.%s.%s.%s", id, js(need, "code"), json_string_value(w));
			snprintf(cellkey, sizeof cellkey, "%s:%s", js(need, "code"), json_string_value(w));
			const char *vals[8];
			size_t nv = web_kv_all(&req->form, cfield, vals, 8);
			json_t *lv = json_array();
			for (size_t q = 0; q < nv; q++) {
				long l;
				if (parse_int(vals[q], 0, LEVELS_MAX, &l))
					json_array_append_new(lv, json_integer(l));
			}
			/* levels imply "offered": drop a redundant "ja" (0) */
			if (json_array_size(lv) > 1 && json_integer_value(json_array_get(lv, 0)) == 0)
				json_array_remove(lv, 0);
			if (json_array_size(lv))
				json_object_set_new(g, cellkey, lv);
			else
				json_decref(lv);
		}
		json_object_set_new(grid, id, g);
		return;
	}
	if (v && strlen(v) > FMT_MAX_TEXT) {
		set_error(fs, field, "Deze tekst is te lang (hooguit 100.000 tekens).", NULL);
		return;
	}
	char *t = trimmed(v);
	if (str_eq(kind, "yesno") || str_eq(kind, "choice")) {
		bool ok = !t;
		if (t && str_eq(kind, "yesno"))
			ok = strcmp(t, "ja") == 0 || strcmp(t, "nee") == 0;
		size_t i;
		json_t *op;
		if (t && str_eq(kind, "choice"))
			json_array_foreach(json_object_get(it, "options"), i, op) ok |= str_eq(js(op, "value"), t);
		if (!ok)
			set_error(fs, field, "Kies een van de mogelijkheden.", NULL);
		else if (t)
			json_object_set_new(items, id, json_string(t));
		else
			json_object_del(items, id);
	} else if (str_eq(kind, "text")) {
		if (t)
			json_object_set_new(items, id, json_string(t));
		else
			json_object_del(items, id);
	} else if (str_eq(kind, "date")) {
		if (t && !date_ok(t))
			set_error(fs, field, "Vul een bestaande datum in als jjjj-mm-dd, bijvoorbeeld 2026-06-30.", t);
		else if (t)
			json_object_set_new(items, id, json_string(t));
		else
			json_object_del(items, id);
	} else if (str_eq(kind, "number")) {
		json_int_t lo = json_is_integer(json_object_get(it, "min")) ? json_integer_value(json_object_get(it, "min")) : 0;
		json_int_t hi =
		    json_is_integer(json_object_get(it, "max")) ? json_integer_value(json_object_get(it, "max")) : 1000;
		long n;
		if (t && !parse_int(t, (long)lo, (long)hi, &n)) {
			char m[120];
			snprintf(m, sizeof m, "Vul een heel getal in van %lld tot en met %lld.", (long long)lo, (long long)hi);
			set_error(fs, field, m, t);
		} else if (t) {
			json_object_set_new(items, id, json_integer(n));
		} else {
			json_object_del(items, id);
		}
	} else if (str_eq(kind, "list") || str_eq(kind, "table")) {
		json_t *arr = json_array();
		size_t ncols = json_array_size(json_object_get(it, "columns"));
		const char *p = t ? t : "";
		int lines = 0;
		while (*p && lines <= MAX_LIST_LINES) {
			const char *e = strchr(p, '\n');
			size_t n = e ? (size_t)(e - p) : strlen(p);
			char *line = xstrndup(p, n);
			str_trim(line);
			if (*line) {
				lines++;
				if (str_eq(kind, "list")) {
					json_array_append_new(arr, json_string(line));
				} else {
					json_t *row = json_array();
					char *save = NULL;
					char *cell = strtok_r(line, "|", &save);
					while (cell && json_array_size(row) < ncols) {
						str_trim(cell);
						json_array_append_new(row, json_string(cell));
						cell = strtok_r(NULL, "|", &save);
					}
					json_array_append_new(arr, row);
				}
			}
			free(line);
			p += n + (e ? 1 : 0);
		}
		if (lines > MAX_LIST_LINES) {
			set_error(fs, field, "Te veel regels (hooguit 200).", t);
			json_decref(arr);
		} else if (json_array_size(arr)) {
			json_object_set_new(items, id, arr);
		} else {
			json_decref(arr);
			json_object_del(items, id);
		}
	}
	free(t);
}

/* Tabs: the format's sections plus the summary and other sections. */
static json_t *tabs_json(const json_t *f, const char *cur, const struct ectx *e, const json_t *answers)
{
	json_t *tabs = json_array();
	json_array_append_new(tabs, json_pack("{s:s,s:s,s:b}", "key", "_samenvatting", "heading", "Samenvatting voor ouders",
	                                      "current", str_eq(cur, "_samenvatting")));
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(f, "sections"), i, s)
	{
		const char *body = js(json_object_get(answers, "body"), js(s, "key"));
		json_array_append_new(tabs, json_pack("{s:s,s:s,s:b,s:b}", "key", js(s, "key"), "heading", js(s, "heading"),
		                                      "current", str_eq(cur, js(s, "key")), "has_text", body && *body));
	}
	if (json_array_size(json_object_get(answers, "extra_sections")))
		json_array_append_new(tabs, json_pack("{s:s,s:s,s:b}", "key", "_overig", "heading", "Overige hoofdstukken",
		                                      "current", str_eq(cur, "_overig")));
	(void)e;
	return tabs;
}

static int render_editor(struct web_ctx *c, struct web_resp *resp, struct ectx *e, const json_t *f,
                         const char *sec_key, struct form_state *fs, const char *summary, int status,
                         const char *notice)
{
	char title[300];
	snprintf(title, sizeof title, "Bewerken: %s %s", e->sc.name, e->year);
	json_t *d = school_base(e, title);
	json_object_set_new(d, "school_year", json_string(e->year));
	json_object_set_new(d, "slug", json_string(e->slug));
	json_object_set_new(d, "tabs", tabs_json(f, sec_key, e, fs->answers));
	json_object_set_new(d, "completeness", fmt_completeness(f, fs->answers));
	json_object_set_new(d, "status_label", json_string(profile_status_label(e->head.status)));
	json_object_set_new(d, "is_concept", json_boolean(e->head.status == PS_CONCEPT));
	json_object_set_new(d, "version_id", json_integer(e->head.id));
	json_object_set_new(d, "format_name", json_string(js(f, "name")));
	json_object_set_new(d, "sectie", json_string(sec_key));
	if (json_object_size(fs->errors)) {
		json_t *list = json_array();
		const char *k;
		json_t *v;
		json_object_foreach(fs->errors, k, v)
		{
			char id[160];
			if (strncmp(k, "i.", 2) == 0)
				field_id("f-", k + 2, id, sizeof id);
			else
				field_id("f-", k, id, sizeof id);
			json_array_append_new(list, json_pack("{s:s,s:O}", "input_id", id, "message", v));
		}
		json_object_set_new(d, "error_list", list);
	}
	if (notice)
		json_object_set_new(d, "notice", json_string(notice));
	if (str_eq(sec_key, "_samenvatting")) {
		json_object_set_new(d, "is_summary", json_true());
		json_object_set_new(d, "summary", json_string(summary ? summary : ""));
		if (json_object_get(fs->errors, "summary"))
			json_object_set(d, "summary_error", json_object_get(fs->errors, "summary"));
	} else if (str_eq(sec_key, "_overig")) {
		json_object_set_new(d, "is_other", json_true());
		json_t *xs = json_array();
		size_t i;
		json_t *s;
		json_array_foreach(json_object_get(fs->answers, "extra_sections"), i, s)
		{
			char fld[32], id[40];
			snprintf(fld, sizeof fld, "x.%zu", i);
			snprintf(id, sizeof id, "f-x-%zu", i);
			json_array_append_new(xs, json_pack("{s:s,s:s,s:s,s:s}", "heading", js(s, "heading") ? js(s, "heading") : "",
			                                     "text", js(s, "text") ? js(s, "text") : "", "field", fld, "input_id",
			                                     id));
		}
		json_object_set_new(d, "extra_sections", xs);
	} else {
		const json_t *s = fmt_section(f, sec_key);
		json_t *sv = json_pack("{s:s,s:s,s:b,s:b}", "key", js(s, "key"), "heading", js(s, "heading"), "text",
		                       !json_is_false(json_object_get(s, "text")), "required",
		                       json_is_true(json_object_get(s, "required")));
		if (js(s, "help"))
			json_object_set_new(sv, "help", json_string(js(s, "help")));
		const char *body = js(json_object_get(fs->answers, "body"), sec_key);
		const json_t *rawbody = json_object_get(fs->raw, "body");
		json_object_set_new(sv, "body", rawbody ? json_incref((json_t *)rawbody) : json_string(body ? body : ""));
		if (json_object_get(fs->errors, "body"))
			json_object_set(sv, "body_error", json_object_get(fs->errors, "body"));
		json_t *items = json_array();
		size_t i;
		json_t *it;
		json_array_foreach(json_object_get(s, "items"), i, it) json_array_append_new(items, item_view(it, fs));
		json_object_set_new(sv, "items", items);
		if (json_is_true(json_object_get(s, "basis"))) {
			json_t *basis = json_array();
			json_t *b;
			json_array_foreach(json_object_get(f, "basisondersteuning"), i, b)
			{
				bool on = false;
				size_t k;
				json_t *x;
				json_array_foreach(json_object_get(fs->answers, "basis"), k, x) on |= json_integer_value(x) == (json_int_t)i;
				char id[32];
				snprintf(id, sizeof id, "f-basis-%zu", i);
				json_array_append_new(basis, json_pack("{s:i,s:s,s:s,s:b}", "n", (int)i, "text", json_string_value(b),
				                                       "input_id", id, "checked", on));
			}
			json_object_set_new(sv, "basis", basis);
		}
		/* next section for "opslaan en verder" */
		bool found = false;
		json_array_foreach(json_object_get(f, "sections"), i, it)
		{
			if (found) {
				json_object_set_new(d, "next_section", json_string(js(it, "key")));
				break;
			}
			found = str_eq(js(it, "key"), sec_key);
		}
		json_object_set_new(d, "section", sv);
	}
	web_page(c, resp, status, "beheer/edit", d);
	json_decref(d);
	return 0;
}

static bool section_key_ok(const json_t *f, const char *k)
{
	return k && (strcmp(k, "_samenvatting") == 0 || strcmp(k, "_overig") == 0 || fmt_section(f, k));
}

int page_edit_form(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	struct ectx e;
	const char *msg = NULL;
	int st = load_ectx(c, req, &e, true, &msg);
	if (st)
		return fail(c, req, resp, &e, st, msg);
	if (!e.has_head)
		return fail(c, req, resp, &e, 404, "Voor dit schooljaar is nog geen profiel. Begin vanuit vorig jaar of een document.");
	int ver;
	json_t *f = load_format(c, &e, &e.head, &ver);
	if (!f)
		return fail(c, req, resp, &e, 500, "Het format van dit profiel kon niet worden geladen.");
	const char *sec = web_param(req, "sectie");
	if (!section_key_ok(f, sec))
		sec = js(json_array_get(json_object_get(f, "sections"), 0), "key");
	struct form_state fs = {.answers = load_answers(c, f, &e.head), .errors = json_object(), .raw = json_object()};
	const char *m = web_param(req, "melding");
	render_editor(c, resp, &e, f, sec, &fs, e.head.summary, 200,
	              m && strcmp(m, "opgeslagen") == 0 ? "Opgeslagen als concept." : NULL);
	json_decref(fs.answers);
	json_decref(fs.errors);
	json_decref(fs.raw);
	json_decref(f);
	ectx_free(&e);
	return 0;
}

/* A copy of what one section holds in the answers, for the audit log. */
static json_t *section_snapshot(const json_t *f, const json_t *answers, const char *key, const char *summary)
{
	json_t *o = json_object();
	json_object_set_new(o, "section", json_string(key));
	if (str_eq(key, "_samenvatting")) {
		json_object_set_new(o, "summary", summary ? json_string(summary) : json_null());
		return o;
	}
	if (str_eq(key, "_overig")) {
		json_object_set(o, "extra_sections", json_object_get(answers, "extra_sections"));
		return o;
	}
	const char *body = js(json_object_get(answers, "body"), key);
	json_object_set_new(o, "text", body ? json_string(body) : json_null());
	json_t *items = json_object();
	const json_t *s = fmt_section(f, key);
	size_t i, k;
	json_t *it, *ch;
	json_array_foreach(json_object_get(s, "items"), i, it)
	{
		json_t *list = json_object_get(it, "items");
		if (json_is_array(list)) {
			json_array_foreach(list, k, ch)
			{
				json_t *v = json_object_get(json_object_get(answers, "items"), js(ch, "id"));
				if (v)
					json_object_set(items, js(ch, "id"), v);
			}
		} else {
			json_t *v = json_object_get(json_object_get(answers, "items"), js(it, "id"));
			if (!v)
				v = json_object_get(json_object_get(answers, "grid"), js(it, "id"));
			if (v)
				json_object_set(items, js(it, "id"), v);
		}
	}
	json_object_set_new(o, "items", items);
	if (json_is_true(json_object_get(s, "basis")))
		json_object_set(o, "basis", json_object_get(answers, "basis"));
	return o;
}

static int page_edit_post_locked(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	struct ectx e;
	const char *msg = NULL;
	int st = load_ectx(c, req, &e, true, &msg);
	if (st)
		return fail(c, req, resp, &e, st, msg);
	if (!e.has_head)
		return fail(c, req, resp, &e, 404, "Voor dit schooljaar is nog geen profiel.");
	long vid;
	const char *vs = web_kv_get(&req->form, "versie");
	if (!vs || !parse_int(vs, 1, INT64_MAX > 0x7fffffff ? 0x7fffffff : 0x7fffffff, &vid) || vid != e.head.id)
		return fail(c, req, resp, &e, 409,
		            "Het profiel is intussen door iemand anders gewijzigd. Open de pagina opnieuw; uw wijzigingen "
		            "zijn niet opgeslagen.");
	int ver;
	json_t *f = load_format(c, &e, &e.head, &ver);
	if (!f)
		return fail(c, req, resp, &e, 500, "Het format van dit profiel kon niet worden geladen.");
	const char *sec = web_kv_get(&req->form, "sectie");
	if (!section_key_ok(f, sec)) {
		json_decref(f);
		return fail(c, req, resp, &e, 400, "Onbekende sectie.");
	}
	struct form_state fs = {.answers = load_answers(c, f, &e.head), .errors = json_object(), .raw = json_object()};
	json_t *before = section_snapshot(f, fs.answers, sec, e.head.summary);
	char *summary = xstrdup(e.head.summary);
	if (strcmp(sec, "_samenvatting") == 0) {
		const char *v = web_kv_get(&req->form, "summary");
		if (v && strlen(v) > MAX_SUMMARY) {
			set_error(&fs, "summary", "De samenvatting is te lang (hooguit 5.000 tekens).", NULL);
		} else {
			free(summary);
			summary = trimmed(v);
		}
	} else if (strcmp(sec, "_overig") == 0) {
		json_t *xs = json_object_get(fs.answers, "extra_sections");
		size_t i;
		json_t *s;
		json_array_foreach(xs, i, s)
		{
			char fld[32];
			snprintf(fld, sizeof fld, "x.%zu", i);
			const char *v = web_kv_get(&req->form, fld);
			if (v && strlen(v) > FMT_MAX_TEXT)
				set_error(&fs, fld, "Deze tekst is te lang (hooguit 100.000 tekens).", NULL);
			else if (v)
				json_object_set_new(s, "text", json_string(v));
		}
	} else {
		const json_t *s = fmt_section(f, sec);
		const char *body = web_kv_get(&req->form, "body");
		if (body && strlen(body) > FMT_MAX_TEXT) {
			set_error(&fs, "body", "Deze tekst is te lang (hooguit 100.000 tekens).", NULL);
		} else if (body) {
			char *t = trimmed(body);
			if (t)
				json_object_set_new(json_object_get(fs.answers, "body"), sec, json_string(t));
			else
				json_object_del(json_object_get(fs.answers, "body"), sec);
			free(t);
		}
		size_t i;
		json_t *it;
		json_array_foreach(json_object_get(s, "items"), i, it) apply_item(it, req, &fs);
		if (json_is_true(json_object_get(s, "basis"))) {
			const char *vals[128];
			size_t nv = web_kv_all(&req->form, "basis", vals, 128);
			size_t nb = json_array_size(json_object_get(f, "basisondersteuning"));
			json_t *basis = json_array();
			for (size_t k = 0; k < nv; k++) {
				long n;
				if (parse_int(vals[k], 0, (long)nb - 1, &n))
					json_array_append_new(basis, json_integer(n));
			}
			json_object_set_new(fs.answers, "basis", basis);
		}
	}
	int rc = 0;
	if (json_object_size(fs.errors)) {
		render_editor(c, resp, &e, f, sec, &fs, summary, 400, NULL);
	} else {
		struct profile np;
		copy_meta(&e.head, &np);
		free(np.summary);
		np.summary = xstrdup(summary);
		free(np.format);
		np.format = xstrdup(js(f, "key"));
		np.format_version = ver;
		fmt_derive(f, fs.answers, &e.head, &np);
		json_t *after = section_snapshot(f, fs.answers, sec, summary);
		json_object_set_new(before, "version", json_integer(e.head.version));
		json_object_set_new(before, "status", json_string(profile_status_str(e.head.status)));
		if (save_concept(c, req, &e, &np, fs.answers, "profile.save", before, after) < 0) {
			rc = web_error(c, req, resp, 500, "Opslaan is niet gelukt. Probeer het opnieuw.");
		} else {
			const char *next = web_kv_get(&req->form, "volgende");
			char loc[300];
			snprintf(loc, sizeof loc, "/beheer/school/%s/%s/bewerken?sectie=%s&melding=opgeslagen", e.key, e.slug,
			         next && section_key_ok(f, next) ? next : sec);
			web_redirect(resp, loc);
		}
		json_decref(after);
		profile_free(&np);
	}
	free(summary);
	json_decref(before);
	json_decref(fs.answers);
	json_decref(fs.errors);
	json_decref(fs.raw);
	json_decref(f);
	ectx_free(&e);
	return rc;
}

/* ---------------------------------------------------------------- */
/* New school year from last year                                    */
/* ---------------------------------------------------------------- */

/* Replace every occurrence of from by to in s (same length). */
static void replace_year(char *s, const char *from, const char *to)
{
	if (!s)
		return;
	size_t n = strlen(from);
	for (char *p = strstr(s, from); p; p = strstr(p + n, from))
		memcpy(p, to, n);
}

int page_new_year(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	struct ectx e;
	const char *msg = NULL;
	int st = load_ectx(c, req, &e, false, &msg);
	if (st)
		return fail(c, req, resp, &e, st, msg);
	char from[10], to[10];
	const char *v = web_kv_get(&req->form, "van");
	struct profile src;
	int rc;
	if (v && *v) {
		if (!view_year_parse(v, from, sizeof from))
			return fail(c, req, resp, &e, 400, "Het schooljaar moet eruitzien als 2025-2026.");
		rc = store_profile_get(c->store, e.sc.id, from, PV_HEAD, &src);
	} else {
		rc = store_profile_get(c->store, e.sc.id, NULL, PV_HEAD, &src);
	}
	if (rc <= 0)
		return fail(c, req, resp, &e, rc < 0 ? 500 : 404, "Er is geen vorig schooljaar om vanuit te beginnen.");
	memcpy(from, src.school_year, sizeof from);
	if (!next_year(from, to)) {
		profile_free(&src);
		return fail(c, req, resp, &e, 400, "Ongeldig schooljaar.");
	}
	struct profile exists;
	rc = store_profile_get(c->store, e.sc.id, to, PV_HEAD, &exists);
	if (rc != 0) {
		if (rc == 1)
			profile_free(&exists);
		profile_free(&src);
		char loc[200];
		snprintf(loc, sizeof loc, "/beheer/school/%s?melding=bestaat", e.key);
		ectx_free(&e);
		return web_redirect(resp, loc);
	}
	int ver;
	json_t *f = load_format(c, &e, &src, &ver);
	json_t *answers = f ? load_answers(c, f, &src) : NULL;
	/* The new year uses the newest version of the format. */
	int newest = ver;
	json_t *fnew = f ? fmt_load(c->store, e.swv_id, js(f, "key"), 0, &newest, (char[128]){0}, 128) : NULL;
	struct profile np;
	copy_meta(&src, &np);
	memcpy(np.school_year, to, sizeof np.school_year);
	free(np.source_file), np.source_file = NULL;
	free(np.date_mr), np.date_mr = NULL;
	free(np.mr_advice), np.mr_advice = NULL;
	free(np.date_set), np.date_set = NULL;
	free(np.date_published), np.date_published = NULL;
	if (fnew && answers) {
		free(np.format);
		np.format = xstrdup(js(fnew, "key"));
		np.format_version = newest;
		json_t *hd = json_object_get(answers, "headings");
		const char *k;
		json_t *hv;
		json_object_foreach(hd, k, hv)
		{
			char *h = xstrdup(json_string_value(hv));
			replace_year(h, from, to);
			json_object_set_new(hd, k, json_string(h));
			free(h);
		}
		fmt_derive(fnew, answers, &src, &np);
	} else {
		for (size_t i = 0; i < src.sections.n; i++)
			section_list_add(&np.sections, src.sections.v[i].key, src.sections.v[i].heading, src.sections.v[i].body);
		for (size_t i = 0; i < src.facts.n; i++)
			fact_list_add(&np.facts, &src.facts.v[i]);
	}
	for (size_t i = 0; i < np.sections.n; i++)
		replace_year(np.sections.v[i].heading, from, to);
	e.has_head = false;
	json_t *before = json_pack("{s:I,s:s,s:i}", "from_profile_id", (json_int_t)src.id, "from_year", from, "from_version",
	                           src.version);
	json_t *after = json_pack("{s:s}", "school_year", to);
	int ok = save_concept(c, req, &e, &np, answers, "profile.new_year", before, after);
	json_decref(before);
	json_decref(after);
	json_decref(answers);
	json_decref(f);
	json_decref(fnew);
	profile_free(&np);
	profile_free(&src);
	if (ok < 0)
		return fail(c, req, resp, &e, 500, "Het nieuwe schooljaar kon niet worden aangemaakt.");
	char slug[12], loc[200];
	view_year_slug(to, slug, sizeof slug);
	snprintf(loc, sizeof loc, "/beheer/school/%s/%s?melding=nieuw", e.key, slug);
	ectx_free(&e);
	return web_redirect(resp, loc);
}

/* ---------------------------------------------------------------- */
/* Import from a document, and the fact review                       */
/* ---------------------------------------------------------------- */

static int render_import(struct web_ctx *c, struct web_resp *resp, struct ectx *e, int status, const char *error,
                         const char *year)
{
	char title[300];
	snprintf(title, sizeof title, "Profiel inlezen uit een document: %s", e->sc.name);
	json_t *d = school_base(e, title);
	if (error)
		json_object_set_new(d, "error", json_string(error));
	json_object_set_new(d, "jaar", json_string(year ? year : ""));
	web_page(c, resp, status, "beheer/import", d);
	json_decref(d);
	return 0;
}

int page_import_form(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	struct ectx e;
	const char *msg = NULL;
	int st = load_ectx(c, req, &e, false, &msg);
	if (st)
		return fail(c, req, resp, &e, st, msg);
	struct profile p;
	char y[10] = "";
	if (store_profile_get(c->store, e.sc.id, NULL, PV_HEAD, &p) == 1) {
		if (p.status == PS_CONCEPT)
			memcpy(y, p.school_year, sizeof y);
		else
			next_year(p.school_year, y);
		profile_free(&p);
	}
	const char *jy = web_param(req, "jaar");
	char yy[10];
	if (jy && view_year_parse(jy, yy, sizeof yy))
		memcpy(y, yy, sizeof y);
	char slug[12];
	view_year_slug(y, slug, sizeof slug);
	render_import(c, resp, &e, 200, NULL, slug);
	ectx_free(&e);
	return 0;
}

static const char *imp_msg(enum imp_status s)
{
	switch (s) {
	case IMP_OK: return NULL;
	case IMP_E_EMPTY: return "Het document bevat geen tekst. Is het een scan? Lever dan een PDF met tekst of een Word-bestand aan.";
	case IMP_E_TOO_LARGE: return "Het document is te groot (hooguit 32 MB).";
	case IMP_E_BINARY: return "Dit bestandstype wordt niet herkend. Gebruik PDF, DOCX, ODT of platte tekst.";
	case IMP_E_ENCRYPTED: return "Het document is met een wachtwoord beveiligd. Sla het onbeveiligd op en probeer het opnieuw.";
	case IMP_E_CORRUPT: return "Het document is beschadigd en kan niet worden gelezen.";
	case IMP_E_ENCODING: return "De tekstcodering van het document wordt niet herkend.";
	case IMP_E_TOOL: return "Het document kon niet op tijd worden gelezen. Probeer een kleiner bestand.";
	case IMP_E_IO: return "Het document kon niet worden gelezen.";
	}
	return "Het document kon niet worden gelezen.";
}

/* Keep only a plain file name (no path, no control characters). */
static void clean_filename(const char *in, char *out, size_t n)
{
	const char *base = in;
	for (const char *p = in; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	size_t j = 0;
	for (const char *p = base; *p && j + 1 < n; p++)
		if ((unsigned char)*p >= 0x20 && *p != 0x7f)
			out[j++] = *p;
	out[j] = '\0';
	if (!utf8_valid(out, j))
		snprintf(out, n, "document");
}

int page_import_post(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	struct ectx e;
	const char *msg = NULL;
	int st = load_ectx(c, req, &e, false, &msg);
	if (st)
		return fail(c, req, resp, &e, st, msg);
	struct mp_form *form = xmalloc(sizeof *form);
	const char *ct = web_header(req, "content-type");
	int rc = 0;
	char year[10] = "", slug[12] = "";
	if (!req->body || mp_parse(ct, req->body, req->body_len, form) < 0) {
		rc = render_import(c, resp, &e, 400, "Het formulier kon niet worden gelezen. Kies een bestand en probeer het opnieuw.", NULL);
		goto out;
	}
	const struct mp_part *jp = mp_get(form, "jaar"), *file = mp_get(form, "bestand");
	char jbuf[16] = "";
	if (jp && jp->len < sizeof jbuf) {
		memcpy(jbuf, jp->data, jp->len);
		jbuf[jp->len] = '\0';
	}
	if (!view_year_parse(jbuf, year, sizeof year)) {
		rc = render_import(c, resp, &e, 400, "Vul het schooljaar in als 2026-2027.", jbuf);
		goto out;
	}
	view_year_slug(year, slug, sizeof slug);
	if (!file || file->len == 0) {
		rc = render_import(c, resp, &e, 400, "Kies een document om in te lezen.", slug);
		goto out;
	}
	struct imp_doc doc;
	char err[256];
	enum imp_status is = imp_buffer(file->data, file->len, &doc, err, sizeof err);
	if (is != IMP_OK) {
		rc = render_import(c, resp, &e, 422, imp_msg(is), slug);
		goto out;
	}
	if (doc.template_only || doc.facts.n == 0) {
		/* still useful: the sections can be edited, but tell the user */
	}
	struct profile head;
	int hr = store_profile_get(c->store, e.sc.id, year, PV_HEAD, &head);
	e.has_head = hr == 1;
	if (e.has_head)
		e.head = head;
	struct profile np;
	if (e.has_head) {
		copy_meta(&e.head, &np);
	} else {
		profile_init(&np);
		np.school_id = e.sc.id;
		memcpy(np.school_year, year, sizeof np.school_year);
	}
	/* The document's format when it is one of ours, else keep/choose. */
	json_t *probe = doc.format ? fmt_builtin(doc.format) : NULL;
	if (probe) {
		free(np.format);
		np.format = xstrdup(doc.format);
		np.format_version = 0;
	} else if (!np.format) {
		struct profile prev;
		if (store_profile_get(c->store, e.sc.id, NULL, PV_HEAD, &prev) == 1) {
			np.format = xstrdup(prev.format);
			profile_free(&prev);
		}
	}
	json_decref(probe);
	int fver = 1;
	json_t *f = load_format(c, &e, &np, &fver);
	free(np.format);
	np.format = xstrdup(f ? js(f, "key") : "meierij");
	np.format_version = fver;
	json_decref(f);
	char fname[200];
	clean_filename(file->filename[0] ? file->filename : "document", fname, sizeof fname);
	free(np.source_file);
	np.source_file = xstrdup(fname);
	for (size_t i = 0; i < doc.sections.n; i++)
		section_list_add(&np.sections, doc.sections.v[i].key, doc.sections.v[i].heading, doc.sections.v[i].body);
	for (size_t i = 0; i < doc.facts.n; i++) {
		if (doc.facts.v[i].kind == FK_SCHOOL)
			continue;
		struct fact fa;
		fact_copy(&fa, &doc.facts.v[i]);
		fa.source = SRC_IMPORT;
		fact_list_add(&np.facts, &fa);
		fact_free(&fa);
	}
	json_t *before = e.has_head ? version_json(&e.head) : json_object();
	json_t *after = json_pack("{s:s,s:s,s:s,s:i,s:i,s:b}", "file", fname, "input_type", doc.input_type, "format",
	                          doc.format ? doc.format : "onbekend", "sections", (int)np.sections.n, "facts",
	                          (int)np.facts.n, "template_only", doc.template_only);
	/* No stored answers: the editor derives them from the imported facts
	 * and sections. */
	int ok = save_concept(c, req, &e, &np, NULL, "profile.import", before, after);
	json_decref(before);
	json_decref(after);
	profile_free(&np);
	imp_doc_free(&doc);
	if (ok < 0) {
		rc = web_error(c, req, resp, 500, "Het document kon niet worden opgeslagen.");
		goto out;
	}
	char loc[200];
	snprintf(loc, sizeof loc, "/beheer/school/%s/%s/feiten?melding=geimporteerd", e.key, slug);
	web_redirect(resp, loc);
out:
	free(form);
	ectx_free(&e);
	return rc;
}

static json_t *facts_view(const struct profile *p)
{
	json_t *a = json_array();
	for (size_t i = 0; i < p->facts.n; i++) {
		const struct fact *fa = &p->facts.v[i];
		json_t *o = view_fact(fa);
		json_object_set_new(o, "n", json_integer((json_int_t)i));
		json_object_set_new(o, "kind", json_string(fact_kind_str(fa->kind)));
		json_object_set_new(o, "where", json_string(fact_where_str(fa->where) ? fact_where_str(fa->where) : ""));
		json_t *lv = json_array();
		for (int l = 1; l <= LEVELS_MAX; l++) {
			char id[40];
			snprintf(id, sizeof id, "f-lv-%zu-%d", i, l);
			json_array_append_new(lv, json_pack("{s:i,s:s,s:b}", "l", l, "input_id", id,
			                                    "checked", (fa->levels & (1u << l)) != 0));
		}
		json_object_set_new(o, "level_boxes", lv);
		if (fa->count >= 0)
			json_object_set_new(o, "count_text", json_integer(fa->count));
		json_object_set_new(o, "value_text", json_string(fa->value ? fa->value : ""));
		json_object_set_new(o, "imported", json_boolean(fa->source == SRC_IMPORT));
		json_object_set_new(o, "is_need", json_boolean(fa->kind == FK_NEED));
		json_object_set_new(o, "has_count", json_boolean(fa->kind == FK_EXPERTISE || fa->kind == FK_LEVELS));
		json_array_append_new(a, o);
	}
	return a;
}

int page_facts_form(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	struct ectx e;
	const char *msg = NULL;
	int st = load_ectx(c, req, &e, true, &msg);
	if (st)
		return fail(c, req, resp, &e, st, msg);
	if (!e.has_head)
		return fail(c, req, resp, &e, 404, "Voor dit schooljaar is nog geen profiel.");
	char title[300];
	snprintf(title, sizeof title, "Feiten controleren: %s %s", e.sc.name, e.year);
	json_t *d = school_base(&e, title);
	json_object_set_new(d, "school_year", json_string(e.year));
	json_object_set_new(d, "slug", json_string(e.slug));
	json_object_set_new(d, "facts", facts_view(&e.head));
	json_object_set_new(d, "version_id", json_integer(e.head.id));
	if (e.head.source_file)
		json_object_set_new(d, "source_file", json_string(e.head.source_file));
	const char *m = web_param(req, "melding");
	if (m && strcmp(m, "geimporteerd") == 0)
		json_object_set_new(d, "notice", json_string("Het document is ingelezen als concept. Controleer hieronder elk "
		                                             "gevonden feit: houden, aanpassen of weghalen."));
	web_page(c, resp, 200, "beheer/facts", d);
	json_decref(d);
	ectx_free(&e);
	return 0;
}

static int page_facts_post_locked(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	struct ectx e;
	const char *msg = NULL;
	int st = load_ectx(c, req, &e, true, &msg);
	if (st)
		return fail(c, req, resp, &e, st, msg);
	if (!e.has_head)
		return fail(c, req, resp, &e, 404, "Voor dit schooljaar is nog geen profiel.");
	long vid;
	const char *vs = web_kv_get(&req->form, "versie");
	if (!vs || !parse_int(vs, 1, 0x7fffffff, &vid) || vid != e.head.id)
		return fail(c, req, resp, &e, 409, "Het profiel is intussen gewijzigd. Open de pagina opnieuw.");
	struct profile np;
	copy_meta(&e.head, &np);
	for (size_t i = 0; i < e.head.sections.n; i++)
		section_list_add(&np.sections, e.head.sections.v[i].key, e.head.sections.v[i].heading,
		                 e.head.sections.v[i].body);
	json_t *removed = json_array(), *changed = json_array();
	for (size_t i = 0; i < e.head.facts.n; i++) {
		const struct fact *old = &e.head.facts.v[i];
		char k[48];
		snprintf(k, sizeof k, "actie.%zu", i);
		const char *act = web_kv_get(&req->form, k);
		if (act && strcmp(act, "weg") == 0) {
			json_array_append_new(removed, fact_to_json(old));
			continue;
		}
		struct fact fa;
		fact_copy(&fa, old);
		if (act && strcmp(act, "wijzig") == 0) {
			snprintf(k, sizeof k, "waar.%zu", i);
			const char *w = web_kv_get(&req->form, k);
			int wp = w ? fact_where_parse(w) : -1;
			if (w && (!*w || wp > 0))
				fa.where = *w ? (enum fact_where)wp : WHERE_NONE;
			if (fa.kind == FK_NEED) {
				snprintf(k, sizeof k, "niveau.%zu", i);
				const char *vals[8];
				size_t nv = web_kv_all(&req->form, k, vals, 8);
				fa.levels = 0;
				for (size_t q = 0; q < nv; q++) {
					long l;
					if (parse_int(vals[q], 1, LEVELS_MAX, &l))
						fa.levels |= 1u << l;
				}
			}
			snprintf(k, sizeof k, "aantal.%zu", i);
			const char *cnt = web_kv_get(&req->form, k);
			long n;
			if (cnt && !*cnt)
				fa.count = -1;
			else if (cnt && parse_int(cnt, 0, 1000, &n))
				fa.count = (int)n;
			snprintf(k, sizeof k, "waarde.%zu", i);
			const char *val = web_kv_get(&req->form, k);
			if (val && strlen(val) <= 2000) {
				free(fa.value);
				fa.value = trimmed(val);
				if (fa.kind == FK_PARTNER && !fa.value)
					fa.value = xstrdup(old->value);
			}
			fa.source = SRC_MANUAL; /* reviewed and changed by a person */
			json_array_append_new(changed, json_pack("{s:o,s:o}", "before", fact_to_json(old), "after",
			                                         fact_to_json(&fa)));
		}
		fact_list_add(&np.facts, &fa);
		fact_free(&fa);
	}
	/* Re-derive the answers from the reviewed facts so the editor shows them. */
	int ver;
	json_t *f = load_format(c, &e, &np, &ver);
	json_t *answers = f ? fmt_answers_from_profile(f, &np) : NULL;
	json_t *before = version_json(&e.head);
	json_object_set_new(before, "removed", removed);
	json_t *after = json_pack("{s:o}", "changed", changed);
	int ok = save_concept(c, req, &e, &np, answers, "profile.review_facts", before, after);
	json_decref(before);
	json_decref(after);
	json_decref(answers);
	json_decref(f);
	profile_free(&np);
	if (ok < 0)
		return fail(c, req, resp, &e, 500, "Opslaan is niet gelukt.");
	char loc[200];
	snprintf(loc, sizeof loc, "/beheer/school/%s/%s?melding=opgeslagen", e.key, e.slug);
	ectx_free(&e);
	return web_redirect(resp, loc);
}

/* ---------------------------------------------------------------- */
/* Lifecycle                                                         */
/* ---------------------------------------------------------------- */

/* Check the posted version against the head and its status. */
static int lifecycle_check(struct web_ctx *c, struct web_req *req, struct ectx *e, const char **msg)
{
	int st = load_ectx(c, req, e, true, msg);
	if (st)
		return st;
	if (!e->has_head) {
		*msg = "Voor dit schooljaar is nog geen profiel.";
		return 404;
	}
	long vid;
	const char *vs = web_kv_get(&req->form, "versie");
	if (!vs || !parse_int(vs, 1, 0x7fffffff, &vid) || vid != e->head.id) {
		*msg = "Het profiel is intussen gewijzigd. Open de pagina opnieuw en controleer de nieuwe versie.";
		return 409;
	}
	return 0;
}

static int transition(struct web_ctx *c, struct web_req *req, struct web_resp *resp, struct ectx *e,
                      enum profile_status to, const char *date, const char *advice, const char *action,
                      const char *melding)
{
	json_t *before = version_json(&e->head);
	if (e->head.date_mr)
		json_object_set_new(before, "date_mr", json_string(e->head.date_mr));
	json_t *after = json_pack("{s:I,s:i,s:s}", "profile_id", (json_int_t)e->head.id, "version", e->head.version,
	                          "status", profile_status_str(to));
	if (date)
		json_object_set_new(after, "date", json_string(date));
	if (advice)
		json_object_set_new(after, "mr_advice", json_string(advice));
	char *b = dump(before), *a = dump(after);
	int rc = -1;
	if (store_begin(c->store) == 0) {
		if (store_profile_set_status(c->store, e->head.id, to, date, advice) == 0 &&
		    web_audit(c, req, action, "profile", e->head.id, e->sc.id, b, a) == 0 && store_commit(c->store) == 0)
			rc = 0;
		else
			store_rollback(c->store);
	}
	free(b);
	free(a);
	json_decref(before);
	json_decref(after);
	if (rc < 0) {
		fprintf(stderr, "passend: status change: %s\n", store_errmsg(c->store));
		return fail(c, req, resp, e, 500, "De status kon niet worden gewijzigd.");
	}
	char loc[200];
	snprintf(loc, sizeof loc, "/beheer/school/%s/%s?melding=%s", e->key, e->slug, melding);
	ectx_free(e);
	return web_redirect(resp, loc);
}

int page_submit_mr(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	struct ectx e;
	const char *msg = NULL;
	int st = lifecycle_check(c, req, &e, &msg);
	if (st)
		return fail(c, req, resp, &e, st, msg);
	if (e.head.status != PS_CONCEPT)
		return fail(c, req, resp, &e, 409, "Alleen een concept kan ter advies aan de MR worden voorgelegd.");
	return transition(c, req, resp, &e, PS_MR_ADVIES, NULL, NULL, "profile.submit_mr", "ter-advies");
}

int page_mr_advice(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	struct ectx e;
	const char *msg = NULL;
	int st = lifecycle_check(c, req, &e, &msg);
	if (st)
		return fail(c, req, resp, &e, st, msg);
	if (e.head.status != PS_MR_ADVIES)
		return fail(c, req, resp, &e, 409, "Dit profiel ligt niet ter advies bij de MR.");
	const char *date = web_kv_get(&req->form, "datum");
	const char *advice = web_kv_get(&req->form, "advies");
	json_t *errors = json_object();
	if (!date_ok(date))
		json_object_set_new(errors, "datum", json_string("Vul de datum van het advies in als jjjj-mm-dd."));
	char *adv = trimmed(advice);
	if (!adv)
		json_object_set_new(errors, "advies", json_string("Vul het advies van de MR in."));
	else if (strlen(adv) > MAX_ADVICE)
		json_object_set_new(errors, "advies", json_string("Het advies is te lang (hooguit 20.000 tekens)."));
	if (json_object_size(errors)) {
		free(adv);
		render_year(c, req, resp, &e, 400, errors, NULL);
		json_decref(errors);
		ectx_free(&e);
		return 0;
	}
	json_decref(errors);
	int rc = transition(c, req, resp, &e, PS_MR_ADVIES, date, adv, "profile.mr_advice", "advies");
	free(adv);
	return rc;
}

int page_board_set(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	struct ectx e;
	const char *msg = NULL;
	int st = lifecycle_check(c, req, &e, &msg);
	if (st)
		return fail(c, req, resp, &e, st, msg);
	if (e.head.status != PS_MR_ADVIES || !e.head.date_mr)
		return fail(c, req, resp, &e, 409, "Het bestuur kan het profiel pas vaststellen als het advies van de MR is vastgelegd.");
	const char *date = web_kv_get(&req->form, "datum");
	if (!date_ok(date)) {
		json_t *errors = json_pack("{s:s}", "datum", "Vul de datum van vaststelling in als jjjj-mm-dd.");
		render_year(c, req, resp, &e, 400, errors, NULL);
		json_decref(errors);
		ectx_free(&e);
		return 0;
	}
	return transition(c, req, resp, &e, PS_VASTGESTELD, date, NULL, "profile.set", "vastgesteld");
}

int page_publish(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	struct ectx e;
	const char *msg = NULL;
	int st = lifecycle_check(c, req, &e, &msg);
	if (st)
		return fail(c, req, resp, &e, st, msg);
	if (e.head.status != PS_VASTGESTELD)
		return fail(c, req, resp, &e, 409, "Alleen een vastgesteld profiel kan worden gepubliceerd.");
	char t[11];
	const char *date = web_kv_get(&req->form, "datum");
	if (!date || !*date) {
		today(t);
		date = t;
	}
	if (!date_ok(date)) {
		json_t *errors = json_pack("{s:s}", "publiceren", "Vul de publicatiedatum in als jjjj-mm-dd.");
		render_year(c, req, resp, &e, 400, errors, NULL);
		json_decref(errors);
		ectx_free(&e);
		return 0;
	}
	return transition(c, req, resp, &e, PS_GEPUBLICEERD, date, NULL, "profile.publish", "gepubliceerd");
}

/* ---------------------------------------------------------------- */
/* Differences between two versions                                  */
/* ---------------------------------------------------------------- */

static void fact_key(const struct fact *f, char *out, size_t n)
{
	snprintf(out, n, "%s|%s|%s|%s", fact_kind_str(f->kind), f->code ? f->code : "",
	         fact_where_str(f->where) ? fact_where_str(f->where) : "", f->kind == FK_PARTNER && f->value ? f->value : "");
}

static json_t *facts_diff(const struct profile *a, const struct profile *b)
{
	json_t *added = json_array(), *removed = json_array(), *changed = json_array();
	char ka[600], kb[600];
	for (size_t i = 0; i < a->facts.n; i++) {
		fact_key(&a->facts.v[i], ka, sizeof ka);
		const struct fact *m = NULL;
		for (size_t j = 0; j < b->facts.n && !m; j++) {
			fact_key(&b->facts.v[j], kb, sizeof kb);
			if (strcmp(ka, kb) == 0)
				m = &b->facts.v[j];
		}
		if (!m) {
			json_array_append_new(removed, view_fact(&a->facts.v[i]));
		} else {
			const struct fact *x = &a->facts.v[i];
			if (x->levels != m->levels || x->count != m->count || x->present != m->present ||
			    !str_eq(x->value, m->value))
				json_array_append_new(changed, json_pack("{s:o,s:o}", "before", view_fact(x), "after", view_fact(m)));
		}
	}
	for (size_t j = 0; j < b->facts.n; j++) {
		fact_key(&b->facts.v[j], kb, sizeof kb);
		bool found = false;
		for (size_t i = 0; i < a->facts.n && !found; i++) {
			fact_key(&a->facts.v[i], ka, sizeof ka);
			found = strcmp(ka, kb) == 0;
		}
		if (!found)
			json_array_append_new(added, view_fact(&b->facts.v[j]));
	}
	return json_pack("{s:o,s:o,s:o}", "added", added, "removed", removed, "changed", changed);
}

static const struct section *find_section(const struct profile *p, const struct section *s)
{
	for (size_t i = 0; i < p->sections.n; i++) {
		const struct section *x = &p->sections.v[i];
		if ((s->key && x->key && strcmp(s->key, x->key) == 0) || (!s->key && str_eq(s->heading, x->heading)))
			return x;
	}
	return NULL;
}

static json_t *sections_diff(const struct profile *a, const struct profile *b)
{
	json_t *out = json_array();
	for (size_t i = 0; i < b->sections.n; i++) {
		const struct section *sb = &b->sections.v[i];
		const struct section *sa = find_section(a, sb);
		json_t *lines = diff_lines(sa ? sa->body : NULL, sb->body);
		bool changed = !sa || !str_eq(sa->body, sb->body) || !str_eq(sa->heading, sb->heading);
		json_array_append_new(out, json_pack("{s:s,s:b,s:b,s:o}", "heading", sb->heading ? sb->heading : "", "changed",
		                                     changed, "new", sa == NULL, "lines", lines));
	}
	for (size_t i = 0; i < a->sections.n; i++) {
		const struct section *sa = &a->sections.v[i];
		if (!find_section(b, sa))
			json_array_append_new(out, json_pack("{s:s,s:b,s:b,s:o}", "heading", sa->heading ? sa->heading : "",
			                                     "changed", 1, "gone", 1, "lines", diff_lines(sa->body, NULL)));
	}
	return out;
}

int page_diff(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	struct ectx e;
	const char *msg = NULL;
	int st = load_ectx(c, req, &e, false, &msg);
	if (st)
		return fail(c, req, resp, &e, st, msg);
	char title[300];
	snprintf(title, sizeof title, "Verschillen: %s", e.sc.name);
	json_t *d = school_base(&e, title);
	json_t *hist = history_json(c, e.sc.id, NULL);
	json_object_set_new(d, "versions", hist);
	const char *as = web_param(req, "a"), *bs = web_param(req, "b");
	long ai = 0, bi = 0;
	bool given = as && bs && parse_int(as, 1, 0x7fffffff, &ai) && parse_int(bs, 1, 0x7fffffff, &bi);
	if (!given && !as && !bs && json_array_size(hist) >= 2) {
		/* default: the previous version against the newest */
		ai = (long)json_integer_value(json_object_get(json_array_get(hist, 1), "id"));
		bi = (long)json_integer_value(json_object_get(json_array_get(hist, 0), "id"));
		given = true;
	}
	if (given) {
		struct profile pa, pb;
		int ra = store_profile_get_id(c->store, ai, &pa);
		int rb = store_profile_get_id(c->store, bi, &pb);
		/* Only versions of this school: ids of other schools are not leaked. */
		if (ra == 1 && rb == 1 && pa.school_id == e.sc.id && pb.school_id == e.sc.id) {
			json_object_set_new(d, "a", view_profile(&pa));
			json_object_set_new(d, "b", view_profile(&pb));
			json_object_set_new(d, "diff_sections", sections_diff(&pa, &pb));
			json_object_set_new(d, "compared", json_true());
			json_object_set_new(d, "diff_facts", facts_diff(&pa, &pb));
			json_object_set_new(d, "summary_changed", json_boolean(!str_eq(pa.summary, pb.summary)));
			json_object_set_new(d, "summary_lines", diff_lines(pa.summary, pb.summary));
			json_object_set_new(d, "a_id", json_integer(ai));
			json_object_set_new(d, "b_id", json_integer(bi));
		} else {
			json_object_set_new(d, "error", json_string("Kies twee versies van deze school."));
		}
		if (ra == 1)
			profile_free(&pa);
		if (rb == 1)
			profile_free(&pb);
	} else if (as || bs) {
		json_object_set_new(d, "error", json_string("Kies twee versies van deze school."));
	}
	size_t i;
	json_t *h;
	json_int_t a_id = json_integer_value(json_object_get(d, "a_id")), b_id = json_integer_value(json_object_get(d, "b_id"));
	json_array_foreach(hist, i, h)
	{
		json_int_t id = json_integer_value(json_object_get(h, "id"));
		json_object_set_new(h, "sel_a", json_boolean(id == a_id));
		json_object_set_new(h, "sel_b", json_boolean(id == b_id));
	}
	web_page(c, resp, json_object_get(d, "error") ? 400 : 200, "beheer/diff", d);
	json_decref(d);
	ectx_free(&e);
	return 0;
}

/* ---------------------------------------------------------------- */
/* Draft PDFs                                                        */
/* ---------------------------------------------------------------- */

int page_draft_pdf(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	struct ectx e;
	const char *msg = NULL;
	int st = load_ectx(c, req, &e, true, &msg);
	if (st)
		return fail(c, req, resp, &e, st, msg);
	struct profile p;
	bool own = false;
	const char *vs = web_param(req, "versie");
	long vid;
	if (vs && parse_int(vs, 1, 0x7fffffff, &vid)) {
		if (store_profile_get_id(c->store, vid, &p) != 1)
			return fail(c, req, resp, &e, 404, "Deze versie bestaat niet.");
		own = true;
		if (p.school_id != e.sc.id || strcmp(p.school_year, e.year) != 0) {
			profile_free(&p);
			return fail(c, req, resp, &e, 404, "Deze versie bestaat niet.");
		}
	} else if (!e.has_head) {
		return fail(c, req, resp, &e, 404, "Voor dit schooljaar is nog geen profiel.");
	}
	const struct profile *pp = own ? &p : &e.head;
	struct swv v;
	bool has_swv = e.sc.swv_code && store_swv_get(c->store, e.sc.swv_code, &v) == 1;
	bool parent = strstr(req->path, "/ouders.pdf") != NULL;
	char err[256];
	buf out = BUF_INIT;
	int rc = pdf_render_profile(&e.sc, pp, has_swv ? v.name : NULL, parent ? PDF_PARENT_SUMMARY : PDF_FULL, &out, err,
	                            sizeof err);
	if (has_swv)
		swv_free(&v);
	if (own)
		profile_free(&p);
	if (rc < 0) {
		buf_free(&out);
		return fail(c, req, resp, &e, 500, err);
	}
	resp->status = 200;
	resp->content_type = "application/pdf";
	buf_free(&resp->body);
	resp->body = out;
	char cd[200];
	snprintf(cd, sizeof cd, "inline; filename=\"%s-%s-%s.pdf\"", e.key, e.slug, parent ? "ouders-concept" : "profiel-concept");
	web_resp_header(resp, "Content-Disposition", cd);
	ectx_free(&e);
	return 0;
}

/* The whole read-modify-write of a save runs in one write transaction, so
 * two editors saving different sections of the same draft at the same moment
 * cannot overwrite each other's answers with a stale copy: the second waits
 * for the first and then reads its result.  save_concept's own transaction
 * nests inside this one. */
int page_edit_post(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	if (store_begin(c->store) < 0)
		return web_error(c, req, resp, 503, "De database is bezet. Probeer het zo opnieuw.");
	int rc = page_edit_post_locked(c, req, resp);
	if (store_commit(c->store) < 0)
		store_rollback(c->store);
	return rc;
}

/* The whole read-modify-write of a save runs in one write transaction, so
 * two editors saving different sections of the same draft at the same moment
 * cannot overwrite each other's answers with a stale copy: the second waits
 * for the first and then reads its result.  save_concept's own transaction
 * nests inside this one. */
int page_facts_post(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	if (store_begin(c->store) < 0)
		return web_error(c, req, resp, 503, "De database is bezet. Probeer het zo opnieuw.");
	int rc = page_facts_post_locked(c, req, resp);
	if (store_commit(c->store) < 0)
		store_rollback(c->store);
	return rc;
}
