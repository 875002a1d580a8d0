/*
 * page_home.c - the home page: the SWVs and their schools with a
 * published profile.
 */
#include <stdlib.h>
#include <string.h>

#include "view.h"
#include "web_routes.h"

/* Home data: every SWV with its schools that have a public profile.  The
 * API's /api/v1/schools returns the same "swvs" array. */
static json_t *home_data(struct web_ctx *c, const char *swv_filter, bool with_schools, int *err)
{
	*err = 0;
	struct swv *vl = NULL;
	size_t nv = 0;
	if (store_swv_list(c->store, &vl, &nv) < 0) {
		*err = 500;
		return NULL;
	}
	json_t *swvs = json_array();
	int total = 0;
	for (size_t i = 0; i < nv; i++) {
		if (swv_filter && strcmp(swv_filter, vl[i].code) != 0)
			continue;
		if (!with_schools && !(nv == 1 || swv_filter)) {
			/* Many SWVs (national scale): list the SWVs, not 7,000 schools. */
			json_t *jv = json_pack("{s:s,s:s,s:i}", "code", vl[i].code, "name", vl[i].name, "school_count",
			                       vl[i].school_count);
			if (vl[i].region)
				json_object_set_new(jv, "region", json_string(vl[i].region));
			total += vl[i].school_count;
			json_array_append_new(swvs, jv);
			continue;
		}
		struct school_query q = {.swv_code = vl[i].code, .public_only = true};
		struct school *sl = NULL;
		size_t ns = 0;
		if (store_school_list(c->store, &q, &sl, &ns) < 0) {
			*err = 500;
			break;
		}
		json_t *jv = json_object();
		json_object_set_new(jv, "code", json_string(vl[i].code));
		json_object_set_new(jv, "name", json_string(vl[i].name));
		if (vl[i].region)
			json_object_set_new(jv, "region", json_string(vl[i].region));
		json_t *arr = json_array();
		for (size_t k = 0; k < ns; k++) {
			json_array_append_new(arr, view_school(&sl[k]));
			school_free(&sl[k]);
		}
		free(sl);
		json_object_set_new(jv, "schools", arr);
		json_object_set_new(jv, "school_count", json_integer((json_int_t)ns));
		total += (int)ns;
		json_array_append_new(swvs, jv);
	}
	for (size_t i = 0; i < nv; i++)
		swv_free(&vl[i]);
	free(vl);
	if (*err) {
		json_decref(swvs);
		return NULL;
	}
	json_t *o = json_object();
	json_object_set_new(o, "swvs", swvs);
	json_object_set_new(o, "school_count", json_integer(total));
	return o;
}

int page_home(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	int err;
	json_t *d = home_data(c, NULL, false, &err);
	if (!d)
		return web_error(c, req, resp, err, "De gegevens konden niet worden gelezen.");
	json_object_set_new(d, "title", json_string("Scholen en hun ondersteuning"));
	json_object_set_new(d, "single_swv", json_boolean(json_array_size(json_object_get(d, "swvs")) == 1));
	web_page(c, resp, 200, "home", d);
	json_decref(d);
	return 0;
}

int api_schools(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	int err;
	const char *swv = web_param(req, "swv");
	if (swv && strlen(swv) > 32)
		return web_error(c, req, resp, 400, "swv is too long");
	json_t *d = home_data(c, swv, true, &err);
	if (!d)
		return web_error(c, req, resp, err, "database error");
	web_json(resp, 200, d);
	json_decref(d);
	return 0;
}

/* /swv/{code}: the schools of one SWV with a published profile. */
int page_swv(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	int err;
	if (strlen(req->params[0]) > 32)
		return web_error(c, req, resp, 404, "Dit samenwerkingsverband bestaat niet.");
	json_t *d = home_data(c, req->params[0], true, &err);
	if (!d)
		return web_error(c, req, resp, err, "De gegevens konden niet worden gelezen.");
	json_t *v = json_array_get(json_object_get(d, "swvs"), 0);
	if (!v) {
		json_decref(d);
		return web_error(c, req, resp, 404, "Dit samenwerkingsverband bestaat niet.");
	}
	json_object_set(d, "title", json_object_get(v, "name"));
	json_object_set_new(d, "single_swv", json_true());
	web_page(c, resp, 200, "home", d);
	json_decref(d);
	return 0;
}
