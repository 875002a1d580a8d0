/*
 * fuzz_profile_json.c - libFuzzer target for the model's JSON readers: the
 * input is parsed as JSON and, when that works, handed to profile_from_json,
 * school_from_json and fact_from_json (also to fact_from_json for every
 * element of a "facts" array, as the loader does).  What parses is written
 * back with the *_to_json functions and read again: the second read must
 * succeed (a round trip that fails is a finding).
 *
 * Build: CC=clang cmake -S . -B build-fuzz -DPASSEND_FUZZ=ON && cmake --build build-fuzz --target fuzz_profile_json
 * Run:   build-fuzz/fuzz_profile_json -max_total_time=30 build-fuzz/corpus/fuzz_profile_json
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/model.h"
#include "core/taxonomy.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (tax_init() < 0)
		abort();
	return 0;
}

static void one_fact(const json_t *j)
{
	struct fact f;
	char err[256];
	fact_init(&f);
	if (fact_from_json(j, &f, err, sizeof err) == 0) {
		json_t *back = fact_to_json(&f);
		struct fact g;
		fact_init(&g);
		if (fact_from_json(back, &g, err, sizeof err) < 0) {
			fprintf(stderr, "fact round trip failed: %s\n", err);
			abort();
		}
		fact_free(&g);
		json_decref(back);
	}
	fact_free(&f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 256 * 1024)
		return 0;
	json_error_t je;
	json_t *j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &je);
	if (!j)
		return 0;
	char err[512];

	struct profile p;
	profile_init(&p);
	if (profile_from_json(j, &p, err, sizeof err) == 0) {
		json_t *back = profile_to_json(&p);
		struct profile q;
		profile_init(&q);
		if (profile_from_json(back, &q, err, sizeof err) < 0) {
			fprintf(stderr, "profile round trip failed: %s\n", err);
			abort();
		}
		profile_free(&q);
		json_decref(back);
	}
	profile_free(&p);

	struct school sc = {0};
	if (school_from_json(j, &sc, err, sizeof err) == 0) {
		json_t *back = school_to_json(&sc);
		json_decref(back);
	}
	school_free(&sc);

	one_fact(j);
	json_t *facts = json_object_get(j, "facts");
	size_t i;
	json_t *x;
	json_array_foreach(facts, i, x) one_fact(x);
	json_decref(j);
	return 0;
}
