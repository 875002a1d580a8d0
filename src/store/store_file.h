/*
 * store_file.h - the profile interchange file (docs/profile-format.md):
 * loading a parsed file into the store and exporting the store as a file.
 */
#ifndef PASSEND_STORE_FILE_H
#define PASSEND_STORE_FILE_H

#include <jansson.h>

#include "store.h"

#define STORE_FILE_MAX (64u * 1024 * 1024) /* largest file `load` accepts */

struct store_file_stats {
	int swvs, boards, schools, profiles;
};

/* Validate and store one parsed file in a single transaction: on any error
 * nothing is written, -1 is returned and err says where ("schools[3]
 * (Basisschool X) profile 2025/2026 v1: fact 4: unknown need code 'foo'").
 * stats may be NULL. */
int store_file_load(struct store *s, const json_t *root, struct store_file_stats *stats, char *err,
                    size_t errlen);

/* Export.  With swv_code: one file object for that SWV.  With NULL: a JSON
 * array of file objects, one per SWV, plus one without "swv" for schools that
 * belong to none (e.g. imported without --swv).  store_file_load accepts
 * both shapes.  Every version of every profile is included, oldest first, so
 * export followed by load into an empty database gives the same content.
 * Returns a new reference, or NULL with err set. */
json_t *store_file_export(struct store *s, const char *swv_code, char *err, size_t errlen);

#endif
