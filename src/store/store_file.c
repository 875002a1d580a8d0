/*
 * store_file.c - load and export the profile interchange format.
 *
 * Loading validates the whole file into model structs first and writes only
 * inside one transaction, so a bad file leaves the database as it was.
 */
#include "store_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

static int load_one(struct store *s, const json_t *root, struct store_file_stats *st, char *err, size_t errlen)
{
	static const char *const keys[] = {"passend", "version", "swv", "boards", "schools", NULL};
	if (!json_is_object(root)) {
		snprintf(err, errlen, "the file must contain a JSON object");
		return -1;
	}
	const char *marker = json_string_value(json_object_get(root, "passend"));
	if (!marker || strcmp(marker, "profiles") != 0) {
		snprintf(err, errlen, "not a passend profile file (\"passend\": \"profiles\" is missing)");
		return -1;
	}
	json_t *ver = json_object_get(root, "version");
	if (!json_is_integer(ver) || json_integer_value(ver) != 1) {
		snprintf(err, errlen, "unsupported file version (this passend reads version 1)");
		return -1;
	}
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)root, key, v)
	{
		bool ok = false;
		for (int i = 0; keys[i]; i++)
			ok |= strcmp(keys[i], key) == 0;
		if (!ok) {
			snprintf(err, errlen, "unknown top-level key '%.60s'", key);
			return -1;
		}
	}
	char *swv_code = NULL;
	json_t *jswv = json_object_get(root, "swv");
	if (jswv && !json_is_null(jswv)) {
		const char *code = json_string_value(json_object_get(jswv, "code"));
		const char *name = json_string_value(json_object_get(jswv, "name"));
		if (!json_is_object(jswv) || !code || !*code || !name || !*name || strlen(code) > 32 ||
		    strlen(name) > 300) {
			snprintf(err, errlen, "'swv' needs a 'code' (at most 32 characters) and a 'name'");
			return -1;
		}
		const char *region = json_string_value(json_object_get(jswv, "region"));
		const char *web = json_string_value(json_object_get(jswv, "website"));
		struct swv sv = {.code = (char *)code, .name = (char *)name, .region = (char *)region,
		                 .website = (char *)web};
		if (store_swv_put(s, &sv) < 0) {
			snprintf(err, errlen, "%s", store_errmsg(s));
			return -1;
		}
		swv_code = xstrdup(code);
		st->swvs++;
	}
	json_t *boards = json_object_get(root, "boards");
	if (boards && !json_is_array(boards)) {
		snprintf(err, errlen, "'boards' must be an array");
		goto fail;
	}
	size_t i;
	json_array_foreach(boards, i, v)
	{
		const char *code = json_string_value(json_object_get(v, "code"));
		const char *name = json_string_value(json_object_get(v, "name"));
		if (!code || !*code || !name || !*name || strlen(code) > 32 || strlen(name) > 300) {
			snprintf(err, errlen, "boards[%zu] needs a 'code' and a 'name'", i);
			goto fail;
		}
		struct board b = {.code = (char *)code, .name = (char *)name, .swv_code = swv_code};
		if (store_board_put(s, &b) < 0) {
			snprintf(err, errlen, "boards[%zu]: %s", i, store_errmsg(s));
			goto fail;
		}
		st->boards++;
	}
	json_t *schools = json_object_get(root, "schools");
	if (!json_is_array(schools)) {
		snprintf(err, errlen, "'schools' must be an array");
		goto fail;
	}
	json_array_foreach(schools, i, v)
	{
		struct school sc;
		char e2[300];
		if (school_from_json(v, &sc, e2, sizeof e2) < 0) {
			snprintf(err, errlen, "schools[%zu]: %s", i, e2);
			goto fail;
		}
		free(sc.swv_code);
		sc.swv_code = xstrdup(swv_code);
		if (sc.board_code) {
			struct board *bl = NULL;
			size_t nb = 0;
			bool found = false;
			if (store_board_list(s, NULL, &bl, &nb) == 0)
				for (size_t k = 0; k < nb; k++)
					found |= strcmp(bl[k].code, sc.board_code) == 0;
			for (size_t k = 0; k < nb; k++)
				board_free(&bl[k]);
			free(bl);
			if (!found) {
				snprintf(err, errlen, "schools[%zu] (%s): board '%.40s' is not in 'boards'", i, sc.name,
				         sc.board_code);
				school_free(&sc);
				goto fail;
			}
		}
		if (store_school_put(s, &sc) < 0) {
			snprintf(err, errlen, "schools[%zu] (%s): %s", i, sc.name, store_errmsg(s));
			school_free(&sc);
			goto fail;
		}
		st->schools++;
		json_t *profiles = json_object_get(v, "profiles");
		if (profiles && !json_is_array(profiles)) {
			snprintf(err, errlen, "schools[%zu] (%s): 'profiles' must be an array", i, sc.name);
			school_free(&sc);
			goto fail;
		}
		/* Newest version first: the first published version written per
		 * year is then already the live one, so the search index is not
		 * built and torn down once for every older year.  Versions carry
		 * their own numbers, so the order changes nothing else. */
		size_t np = json_array_size(profiles);
		for (size_t kk = np; kk-- > 0;) {
			size_t k = kk;
			json_t *jp = json_array_get(profiles, k);
			struct profile p;
			if (profile_from_json(jp, &p, e2, sizeof e2) < 0) {
				snprintf(err, errlen, "schools[%zu] (%s) profiles[%zu]: %s", i, sc.name, k, e2);
				school_free(&sc);
				goto fail;
			}
			/* The same (year, version) twice in one school is an error, not
			 * a silent overwrite of the first by the second. */
			for (size_t k2 = k + 1; k2 < np; k2++) {
				json_t *o = json_array_get(profiles, k2);
				json_t *ov = json_object_get(o, "version");
				int over = json_is_integer(ov) ? (int)json_integer_value(ov) : 1;
				if (over == p.version &&
				    str_eq(json_string_value(json_object_get(o, "school_year")), p.school_year)) {
					snprintf(err, errlen, "schools[%zu] (%s): profile %s version %d appears twice", i,
					         sc.name, p.school_year, p.version);
					profile_free(&p);
					school_free(&sc);
					goto fail;
				}
			}
			p.school_id = sc.id;
			if (store_profile_put(s, &p, PP_NEW_VERSION, NULL) < 0) {
				snprintf(err, errlen, "schools[%zu] (%s) profile %s v%d: %s", i, sc.name, p.school_year,
				         p.version, store_errmsg(s));
				profile_free(&p);
				school_free(&sc);
				goto fail;
			}
			profile_free(&p);
			st->profiles++;
		}
		school_free(&sc);
	}
	free(swv_code);
	return 0;
fail:
	free(swv_code);
	return -1;
}

int store_file_load(struct store *s, const json_t *root, struct store_file_stats *stats, char *err,
                    size_t errlen)
{
	struct store_file_stats dummy;
	struct store_file_stats *st = stats ? stats : &dummy;
	memset(st, 0, sizeof *st);
	if (store_begin(s) < 0) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		return -1;
	}
	int rc = 0;
	if (json_is_array(root)) {
		size_t i;
		json_t *v;
		json_array_foreach(root, i, v)
		{
			char e2[600];
			if (load_one(s, v, st, e2, sizeof e2) < 0) {
				snprintf(err, errlen, "file %zu of the bundle: %s", i + 1, e2);
				rc = -1;
				break;
			}
		}
	} else {
		rc = load_one(s, root, st, err, errlen);
	}
	if (rc < 0) {
		store_rollback(s);
		return -1;
	}
	if (store_commit(s) < 0) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		return -1;
	}
	return 0;
}

/* All versions of a school's profiles, oldest year and version first. */
static int export_profiles(struct store *s, const struct school *sc, json_t *arr)
{
	struct profile_rev *revs = NULL;
	size_t n = 0;
	if (store_profile_history(s, sc->id, &revs, &n) < 0)
		return -1;
	for (size_t i = n; i-- > 0;) {
		struct profile p;
		int rc = store_profile_get_id(s, revs[i].id, &p);
		if (rc <= 0) {
			free(revs);
			return -1;
		}
		json_array_append_new(arr, profile_to_json(&p));
		profile_free(&p);
	}
	free(revs);
	return 0;
}

static json_t *export_swv(struct store *s, const struct swv *v, char *err, size_t errlen)
{
	json_t *root = json_object();
	json_object_set_new(root, "passend", json_string("profiles"));
	json_object_set_new(root, "version", json_integer(1));
	if (v) {
		json_t *j = json_object();
		json_object_set_new(j, "code", json_string(v->code));
		json_object_set_new(j, "name", json_string(v->name));
		if (v->region)
			json_object_set_new(j, "region", json_string(v->region));
		if (v->website)
			json_object_set_new(j, "website", json_string(v->website));
		json_object_set_new(root, "swv", j);
		struct board *bl = NULL;
		size_t nb = 0;
		if (store_board_list(s, v->code, &bl, &nb) < 0)
			goto fail;
		json_t *ba = json_array();
		for (size_t i = 0; i < nb; i++) {
			json_t *b = json_object();
			json_object_set_new(b, "code", json_string(bl[i].code));
			json_object_set_new(b, "name", json_string(bl[i].name));
			json_array_append_new(ba, b);
			board_free(&bl[i]);
		}
		free(bl);
		json_object_set_new(root, "boards", ba);
	}
	struct school *sl = NULL;
	size_t ns = 0;
	struct school_query q = {.swv_code = v ? v->code : NULL};
	if (store_school_list(s, &q, &sl, &ns) < 0)
		goto fail;
	json_t *sa = json_array();
	json_object_set_new(root, "schools", sa);
	int rc = 0;
	for (size_t i = 0; i < ns; i++) {
		if (!v && sl[i].swv_code) { /* belongs to an SWV file */
			school_free(&sl[i]);
			continue;
		}
		json_t *js = school_to_json(&sl[i]);
		if (!v && sl[i].board_code) /* boards live in SWV files */
			json_object_del(js, "board");
		json_t *pa = json_array();
		if (rc == 0 && export_profiles(s, &sl[i], pa) < 0)
			rc = -1;
		json_object_set_new(js, "profiles", pa);
		json_array_append_new(sa, js);
		school_free(&sl[i]);
	}
	free(sl);
	if (rc < 0)
		goto fail;
	return root;
fail:
	snprintf(err, errlen, "%s", store_errmsg(s));
	json_decref(root);
	return NULL;
}

json_t *store_file_export(struct store *s, const char *swv_code, char *err, size_t errlen)
{
	if (swv_code) {
		struct swv v;
		int rc = store_swv_get(s, swv_code, &v);
		if (rc <= 0) {
			snprintf(err, errlen, rc == 0 ? "no SWV with code '%.40s'" : "%s",
			         rc == 0 ? swv_code : store_errmsg(s));
			return NULL;
		}
		json_t *j = export_swv(s, &v, err, errlen);
		swv_free(&v);
		return j;
	}
	struct swv *vl = NULL;
	size_t nv = 0;
	if (store_swv_list(s, &vl, &nv) < 0) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		return NULL;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < nv && arr; i++) {
		json_t *j = export_swv(s, &vl[i], err, errlen);
		if (!j) {
			json_decref(arr);
			arr = NULL;
		} else {
			json_array_append_new(arr, j);
		}
	}
	for (size_t i = 0; i < nv; i++)
		swv_free(&vl[i]);
	free(vl);
	if (!arr)
		return NULL;
	json_t *rest = export_swv(s, NULL, err, errlen);
	if (!rest) {
		json_decref(arr);
		return NULL;
	}
	if (json_array_size(json_object_get(rest, "schools")) > 0)
		json_array_append_new(arr, rest);
	else
		json_decref(rest);
	return arr;
}
