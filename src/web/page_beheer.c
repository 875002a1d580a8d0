/*
 * page_beheer.c - pages for SWV staff and administrators: the audit log
 * (read only: there is no route that changes it), the SWV's profiles
 * including drafts, and the SWV's formats (view, publish a new version).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "core/embed.h"
#include "core/util.h"
#include "fmt.h"
#include "page_admin.h"
#include "store/store_auth.h"
#include "view.h"
#include "web_auth.h"
#include "web_routes.h"

static const char *js_code(const json_t *o) { return json_string_value(json_object_get(o, "code")); }

static bool is_admin(const struct web_ctx *c)
{
	for (size_t i = 0; i < c->user->u.nroles; i++)
		if (c->user->u.roles[i].role == AR_ADMIN)
			return true;
	return false;
}

int page_audit(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	struct audit_filter f = {.limit = 100};
	json_t *d = json_pack("{s:s}", "title", "Auditlog");
	json_t *errors = json_object();
	/* Which SWV: an admin may see all; staff see their own SWV(s). */
	json_t *swvs = json_array();
	int64_t first_swv = 0;
	for (size_t i = 0; i < c->user->u.nroles; i++) {
		const struct auth_role_row *r = &c->user->u.roles[i];
		if (r->role == AR_SWV_STAFF) {
			if (!first_swv)
				first_swv = r->scope_id;
			json_array_append_new(swvs, json_pack("{s:s,s:s}", "code", r->code, "name", r->name));
		}
	}
	const char *swv = web_param(req, "swv");
	if (swv && *swv) {
		int64_t id = 0;
		bool allowed = false;
		if (store_auth_swv_id(c->store, swv, &id) == 1) {
			allowed = is_admin(c);
			for (size_t i = 0; i < c->user->u.nroles; i++)
				allowed |= c->user->u.roles[i].role == AR_SWV_STAFF && c->user->u.roles[i].scope_id == id;
		}
		if (!allowed) {
			json_decref(d);
			json_decref(errors);
			json_decref(swvs);
			return web_error(c, req, resp, 403, "U heeft geen toegang tot het auditlog van dit samenwerkingsverband.");
		}
		f.swv_id = id;
	} else if (!is_admin(c)) {
		f.swv_id = first_swv;
	}
	const char *school = web_param(req, "school");
	if (school && *school) {
		char brin[5], vest[3];
		struct school sc;
		if (view_school_key_parse(school, brin, vest) && store_school_by_brin(c->store, brin, vest, &sc) == 1) {
			f.school_id = sc.id;
			school_free(&sc);
		} else {
			json_object_set_new(errors, "school", json_string("Onbekende school. Gebruik BRIN en vestiging, zoals 31QX00."));
		}
	}
	const char *action = web_param(req, "actie"), *user = web_param(req, "gebruiker");
	const char *from = web_param(req, "van"), *to = web_param(req, "tot");
	if (action && *action && strlen(action) <= 64)
		f.action = action;
	if (user && *user && strlen(user) <= 254)
		f.user = user;
	if (from && *from) {
		if (auth_time_parse(from) < 0)
			json_object_set_new(errors, "van", json_string("Vul een datum in als jjjj-mm-dd."));
		else
			f.from = from;
	}
	if (to && *to) {
		if (auth_time_parse(to) < 0)
			json_object_set_new(errors, "tot", json_string("Vul een datum in als jjjj-mm-dd."));
		else
			f.to = to;
	}
	long page = 1;
	const char *ps = web_param(req, "pagina");
	if (ps && !parse_int(ps, 1, 100000, &page))
		page = 1;
	f.offset = (int)((page - 1) * f.limit);
	struct audit_row *rows = NULL;
	size_t n = 0;
	json_t *list = json_array();
	if (!json_object_size(errors) && store_audit_list(c->store, &f, &rows, &n) == 0) {
		for (size_t i = 0; i < n; i++) {
			json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)rows[i].id, "at", rows[i].at, "user",
			                      rows[i].user_email ? rows[i].user_email : (rows[i].user_id ? "(verwijderd)" : "systeem"),
			                      "action", rows[i].action ? rows[i].action : "", "ip", rows[i].ip ? rows[i].ip : "");
			if (rows[i].object_kind) {
				char obj[80];
				snprintf(obj, sizeof obj, "%s %lld", rows[i].object_kind, (long long)rows[i].object_id);
				json_object_set_new(o, "object", json_string(obj));
			}
			if (rows[i].before)
				json_object_set_new(o, "before", json_string(rows[i].before));
			if (rows[i].after)
				json_object_set_new(o, "after", json_string(rows[i].after));
			json_array_append_new(list, o);
		}
		audit_rows_free(rows, n);
	}
	size_t si;
	json_t *so;
	json_array_foreach(swvs, si, so) json_object_set_new(so, "selected", json_boolean(str_eq(swv, js_code(so))));
	json_object_set_new(d, "rows", list);
	json_object_set_new(d, "errors", errors);
	json_object_set_new(d, "swvs", swvs);
	json_object_set_new(d, "f", json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "swv", swv ? swv : "", "school",
	                                      school ? school : "", "actie", f.action ? f.action : "", "gebruiker",
	                                      f.user ? f.user : "", "van", from ? from : "", "tot", to ? to : ""));
	if (n == (size_t)f.limit)
		json_object_set_new(d, "next_page", json_integer(page + 1));
	if (page > 1)
		json_object_set_new(d, "prev_page", json_integer(page - 1));
	web_page(c, resp, json_object_size(errors) ? 400 : 200, "beheer/audit", d);
	json_decref(d);
	return 0;
}

int page_swv_admin(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	struct swv v;
	if (store_swv_get(c->store, req->params[0], &v) != 1)
		return web_error(c, req, resp, 404, "Dit samenwerkingsverband bestaat niet.");
	int64_t swv_id = 0;
	store_auth_swv_id(c->store, v.code, &swv_id);
	struct school_query q = {.swv_code = v.code};
	struct school *schools = NULL;
	size_t n = 0;
	json_t *rows = json_array();
	if (store_school_list(c->store, &q, &schools, &n) == 0) {
		for (size_t i = 0; i < n; i++) {
			struct profile_rev *revs = NULL;
			size_t nr = 0;
			json_t *years = json_array();
			if (store_profile_history(c->store, schools[i].id, &revs, &nr) == 0) {
				const char *last = "";
				for (size_t k = 0; k < nr; k++) {
					if (strcmp(revs[k].school_year, last) == 0)
						continue;
					last = revs[k].school_year;
					char slug[12];
					view_year_slug(revs[k].school_year, slug, sizeof slug);
					json_array_append_new(years, json_pack("{s:s,s:s,s:s,s:s,s:i}", "school_year", revs[k].school_year,
					                                       "slug", slug, "status", profile_status_str(revs[k].status),
					                                       "status_label", profile_status_label(revs[k].status),
					                                       "version", revs[k].version));
				}
			}
			free(revs);
			char key[8];
			snprintf(key, sizeof key, "%s%s", schools[i].brin, schools[i].vestiging);
			json_array_append_new(rows, json_pack("{s:s,s:s,s:s,s:o}", "key", key, "name", schools[i].name, "place",
			                                      schools[i].place ? schools[i].place : "", "years", years));
			school_free(&schools[i]);
		}
		free(schools);
	}
	/* Formats: the embedded ones with the SWV's newest published version. */
	json_t *formats = fmt_builtin_list();
	size_t i;
	json_t *fo;
	json_array_foreach(formats, i, fo)
	{
		struct format_row r;
		if (store_format_get(c->store, swv_id, json_string_value(json_object_get(fo, "key")), 0, &r) == 1) {
			json_object_set_new(fo, "version", json_integer(r.version));
			json_object_set_new(fo, "published_at", json_string(r.published_at));
			free(r.json);
		}
	}
	char title[300];
	snprintf(title, sizeof title, "%s - beheer", v.name);
	json_t *d = json_pack("{s:s,s:{s:s,s:s},s:o,s:o}", "title", title, "swv", "code", v.code, "name", v.name, "schools",
	                      rows, "formats", formats);
	swv_free(&v);
	web_page(c, resp, 200, "beheer/swv", d);
	json_decref(d);
	return 0;
}

static int render_format(struct web_ctx *c, struct web_req *req, struct web_resp *resp, int status, const char *error,
                         const char *posted)
{
	struct swv v;
	if (store_swv_get(c->store, req->params[0], &v) != 1)
		return web_error(c, req, resp, 404, "Dit samenwerkingsverband bestaat niet.");
	int64_t swv_id = 0;
	store_auth_swv_id(c->store, v.code, &swv_id);
	const char *key = req->params[1];
	struct format_row r;
	char *text = NULL;
	int version = 1;
	int got = store_format_get(c->store, swv_id, key, 0, &r);
	if (got == 1) {
		text = r.json;
		version = r.version;
	} else {
		char name[96];
		snprintf(name, sizeof name, "data/formats/%s.json", key);
		json_t *f = fmt_builtin(key);
		if (!f) {
			swv_free(&v);
			return web_error(c, req, resp, 404, "Dit format bestaat niet.");
		}
		json_decref(f);
		const struct embed_file *e = embed_find(name);
		text = e ? xstrdup(e->data) : xstrdup("");
	}
	json_t *prepared = NULL;
	char err[256];
	json_t *parsed = json_loads(text, 0, NULL);
	if (parsed && fmt_prepare(parsed, err, sizeof err) == 0)
		prepared = parsed;
	else
		json_decref(parsed);
	char title[300];
	snprintf(title, sizeof title, "Format %s (%s)", key, v.name);
	json_t *d = json_pack("{s:s,s:{s:s,s:s},s:s,s:i,s:s}", "title", title, "swv", "code", v.code, "name", v.name, "key",
	                      key, "version", version, "json", posted ? posted : text);
	if (prepared)
		json_object_set_new(d, "format", prepared);
	if (error)
		json_object_set_new(d, "error", json_string(error));
	const char *m = web_param(req, "melding");
	if (m && strcmp(m, "gepubliceerd") == 0)
		json_object_set_new(d, "notice", json_string("De nieuwe versie van het format is gepubliceerd. Bestaande "
		                                             "profielen houden de versie waarin ze zijn geschreven."));
	free(text);
	swv_free(&v);
	web_page(c, resp, status, "beheer/format", d);
	json_decref(d);
	return 0;
}

int page_format(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	return render_format(c, req, resp, 200, NULL, NULL);
}

int page_format_post(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	const char *key = req->params[1];
	const char *text = web_kv_get(&req->form, "json");
	int64_t swv_id = 0;
	if (store_auth_swv_id(c->store, req->params[0], &swv_id) != 1)
		return web_error(c, req, resp, 404, "Dit samenwerkingsverband bestaat niet.");
	json_t *existing = fmt_builtin(key);
	if (!existing) {
		struct format_row r;
		if (store_format_get(c->store, swv_id, key, 0, &r) != 1)
			return web_error(c, req, resp, 404, "Dit format bestaat niet.");
		free(r.json);
	}
	json_decref(existing);
	if (!text || !*text)
		return render_format(c, req, resp, 400, "Plak de JSON van het format in het tekstvak.", text);
	if (strlen(text) > FMT_MAX_JSON)
		return render_format(c, req, resp, 400, "Het format is te groot (hooguit 512 kB).", NULL);
	json_error_t je;
	json_t *f = json_loads(text, JSON_REJECT_DUPLICATES, &je);
	char err[300];
	if (!f) {
		snprintf(err, sizeof err, "Geen geldige JSON (regel %d, kolom %d): %s", je.line, je.column, je.text);
		return render_format(c, req, resp, 400, err, text);
	}
	char perr[256];
	if (fmt_prepare(f, perr, sizeof perr) < 0) {
		json_decref(f);
		snprintf(err, sizeof err, "Het format klopt niet: %s", perr);
		return render_format(c, req, resp, 400, err, text);
	}
	if (!str_eq(json_string_value(json_object_get(f, "key")), key)) {
		json_decref(f);
		return render_format(c, req, resp, 400, "De key in de JSON moet gelijk zijn aan de key van dit format.", text);
	}
	json_decref(f);
	int version = 0;
	int rc = -1;
	if (store_begin(c->store) == 0) {
		char after[160];
		if (store_format_publish(c->store, swv_id, key, text, c->user->u.id, &version) == 0) {
			snprintf(after, sizeof after, "{\"key\":\"%s\",\"version\":%d}", key, version);
			struct audit_entry e = {.user_id = c->user->u.id, .action = "format.publish", .object_kind = "format",
			                        .after = after, .ip = req->remote_addr, .swv_id = swv_id};
			if (store_audit_add(c->store, &e) == 0 && store_commit(c->store) == 0)
				rc = 0;
		}
		if (rc < 0)
			store_rollback(c->store);
	}
	if (rc < 0)
		return web_error(c, req, resp, 500, "Het format kon niet worden opgeslagen.");
	char loc[200];
	snprintf(loc, sizeof loc, "/beheer/swv/%s/formaat/%s?melding=gepubliceerd", req->params[0], key);
	return web_redirect(resp, loc);
}
