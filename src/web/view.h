/*
 * view.h - model -> JSON view data.  The same objects feed the HTML
 * templates and the JSON API, so both always say the same thing.
 */
#ifndef PASSEND_VIEW_H
#define PASSEND_VIEW_H

#include <jansson.h>

#include "core/model.h"

/* A school's public identity and contact data; "key" is BRIN+vestiging
 * ("12AT00"), "url" its public page.  New reference. */
json_t *view_school(const struct school *s);

/* A profile: status, dates, sections, and facts grouped for reading
 * (needs on site / via the SWV, expertise, facilities, limits, admission,
 * partners, levels), each with Dutch labels and evidence.  New reference. */
json_t *view_profile(const struct profile *p);

/* One fact with its Dutch label, where-label and evidence.  New reference. */
json_t *view_fact(const struct fact *f);

/* "2025/2026" -> "2025-2026" (URL form) into out (>= 10 bytes). */
void view_year_slug(const char *year, char *out, size_t n);
/* Accept "2025-2026" or "2025/2026"; writes "2025/2026".  false if invalid. */
bool view_year_parse(const char *s, char *out, size_t n);
/* Parse "12AT00" (or "12at00") into brin and vestiging; false if invalid. */
bool view_school_key_parse(const char *s, char brin[5], char vest[3]);

#endif
