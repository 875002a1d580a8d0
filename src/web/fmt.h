/*
 * fmt.h - SWV formats (templates) as data: loading, validation, and the
 * mapping between a format's answers and a profile's sections and facts.
 * The file format is documented in docs/formats.md.
 *
 * A format is a jansson object (see docs/formats.md).  After fmt_prepare the
 * shorthand item kinds "checks" and "numbers" carry their expanded
 * checkbox/number children in "items", and a grid's "needs" is an array of
 * {code,label}.  Answers are a JSON object:
 *   {"items": {ITEM_ID: value}, "body": {SECTION_KEY: text},
 *    "basis": [indices of confirmed basisondersteuning lines],
 *    "grid": {ITEM_ID: {"NEED:WHERE": [levels, 0 = no level]}},
 *    "extra_facts": [FACTS.md objects not covered by any item],
 *    "extra_sections": [{key, heading, text}]}
 */
#ifndef PASSEND_FMT_H
#define PASSEND_FMT_H

#include <jansson.h>
#include <stdbool.h>

#include "core/model.h"
#include "store/store.h"

#define FMT_MAX_JSON (512u * 1024u) /* a format file */
#define FMT_MAX_TEXT 100000         /* one text answer or section body, bytes */

/* Validate a format and expand its shorthands in place.  Returns 0, or -1
 * with a Dutch message naming the offending section/item in err. */
int fmt_prepare(json_t *f, char *err, size_t errlen);

/* The embedded project format with this key (prepared), or NULL.  New ref. */
json_t *fmt_builtin(const char *key);
/* Keys and names of the embedded formats: [{key,name,version}]. New ref. */
json_t *fmt_builtin_list(void);

/* The format (key, version) for an SWV: a version published by the SWV
 * (table format) or the embedded one.  version 0 = newest.  Sets
 * *got_version.  NULL with err when unknown.  New reference. */
json_t *fmt_load(struct store *s, int64_t swv_id, const char *key, int version, int *got_version, char *err,
                 size_t errlen);

/* Answers for a profile that has none stored: facts are matched to the
 * format's items, section texts to its sections; the rest is kept as
 * extra facts/sections.  New reference. */
json_t *fmt_answers_from_profile(const json_t *f, const struct profile *p);

/* Rebuild p's sections and facts from answers.  Facts that match a fact of
 * `old` (same kind, code, where) keep its evidence and source.  p's old
 * sections/facts are replaced. */
void fmt_derive(const json_t *f, const json_t *answers, const struct profile *old, struct profile *p);

/* Completeness against the required items and the basisondersteuning:
 * {"done":N,"total":N,"percent":N,"missing":[{"section":key,"heading":..,"label":..}]}.
 * New reference. */
json_t *fmt_completeness(const json_t *f, const json_t *answers);

/* Call fn for every leaf item of a section (group children included). */
typedef void (*fmt_item_fn)(const json_t *section, const json_t *item, void *arg);
void fmt_each_item(const json_t *f, fmt_item_fn fn, void *arg);

/* The section object with key, or NULL. */
const json_t *fmt_section(const json_t *f, const char *key);

#endif
