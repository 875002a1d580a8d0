/*
 * page_school.c - the public school page: the published profile of a
 * location for a school year, by section, with its facts and evidence, and
 * links to earlier school years.  Drafts are never shown here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view.h"
#include "web_routes.h"

/* Build the school page data for params[0] (BRIN+vestiging) and the optional
 * ?jaar=2025-2026.  Returns NULL and sets *status on failure. */
static json_t *school_data(struct web_ctx *c, struct web_req *req, int *status, const char **msg)
{
	char brin[5], vest[3], year[10];
	if (!view_school_key_parse(req->params[0], brin, vest)) {
		*status = 404;
		*msg = "Deze school bestaat niet. Een schoolcode is BRIN plus vestigingsnummer, zoals 12AB00.";
		return NULL;
	}
	const char *jaar = web_param(req, "jaar");
	if (jaar && !view_year_parse(jaar, year, sizeof year)) {
		*status = 400;
		*msg = "Het schooljaar moet eruitzien als 2025-2026.";
		return NULL;
	}
	struct school sc;
	int rc = store_school_by_brin(c->store, brin, vest, &sc);
	if (rc <= 0) {
		*status = rc < 0 ? 500 : 404;
		*msg = rc < 0 ? "De gegevens konden niet worden gelezen." : "Deze school staat niet in passend.";
		return NULL;
	}
	struct profile p;
	rc = store_profile_get(c->store, sc.id, jaar ? year : NULL, PV_PUBLIC, &p);
	if (rc < 0) {
		school_free(&sc);
		*status = 500;
		*msg = "De gegevens konden niet worden gelezen.";
		return NULL;
	}
	json_t *d = json_object();
	json_object_set_new(d, "school", view_school(&sc));
	if (sc.swv_code) {
		struct swv v;
		if (store_swv_get(c->store, sc.swv_code, &v) == 1) {
			json_object_set_new(d, "swv", json_pack("{s:s,s:s}", "code", v.code, "name", v.name));
			swv_free(&v);
		}
	}
	if (rc == 1) {
		json_object_set_new(d, "profile", view_profile(&p));
	} else if (jaar) {
		json_decref(d);
		school_free(&sc);
		*status = 404;
		*msg = "Voor dit schooljaar is geen gepubliceerd ondersteuningsprofiel.";
		return NULL;
	}
	/* Other published school years, newest first. */
	struct profile_rev *revs = NULL;
	size_t n = 0;
	json_t *years = json_array();
	if (store_profile_history(c->store, sc.id, &revs, &n) == 0) {
		for (size_t i = 0; i < n; i++) {
			if (!revs[i].is_public)
				continue;
			char slug[12];
			view_year_slug(revs[i].school_year, slug, sizeof slug);
			json_array_append_new(years, json_pack("{s:s,s:s,s:b}", "school_year", revs[i].school_year,
			                                       "slug", slug, "current",
			                                       rc == 1 && strcmp(revs[i].school_year, p.school_year) == 0));
		}
	}
	free(revs);
	json_object_set_new(d, "years", years);
	char title[512];
	snprintf(title, sizeof title, "%s%s%s", sc.name, rc == 1 ? " - ondersteuningsprofiel " : "",
	         rc == 1 ? p.school_year : "");
	json_object_set_new(d, "title", json_string(title));
	if (rc == 1)
		profile_free(&p);
	school_free(&sc);
	return d;
}

int page_school(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	int status = 0;
	const char *msg = NULL;
	json_t *d = school_data(c, req, &status, &msg);
	if (!d)
		return web_error(c, req, resp, status, msg);
	web_page(c, resp, 200, "school", d);
	json_decref(d);
	return 0;
}

int api_school(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	int status = 0;
	const char *msg = NULL;
	json_t *d = school_data(c, req, &status, &msg);
	if (!d)
		return web_error(c, req, resp, status, msg);
	json_object_del(d, "title");
	web_json(resp, 200, d);
	json_decref(d);
	return 0;
}
