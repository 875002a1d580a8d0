/*
 * tpl.h - passend's auto-escaping template engine.
 *
 * Pages are rendered from one JSON object (jansson json_t) per page that the
 * web handler builds from the model; the JSON API serialises the very same
 * tree.  Templates use a mustache-like syntax (see docs/templates.md):
 *
 *   {{name}} {{a.b.c}} {{.}}            value, HTML-escaped
 *   {{name|url}} |paras |date |len |json |lower |upper |nl   filters (chainable)
 *   {{#name}}..{{/name}}  {{^name}}..{{/name}}                sections
 *   {{#eq name "lit"}}..{{/eq}}  {{#in name list}}..{{/in}}   comparisons
 *   {{>layout/head}}  {{{chart}}}  {{! comment }}
 *
 * Escaping is not optional: every value is HTML-escaped, and the only way to
 * emit raw HTML is {{{x}}} where x is an object made by tpl_safe_html().  A
 * plain string can never reach the output unescaped.
 *
 * Templates are parsed once at load time into an immutable set; rendering
 * keeps all its state on the stack, so one set can be shared by any number
 * of threads rendering at the same time.
 */
#ifndef PASSEND_TPL_H
#define PASSEND_TPL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

struct tpl_set;

/* Load every embedded file (core/embed.h) whose name starts with
 * "templates/" and ends in ".html", ".txt", ".svg" or ".xml".  Templates are
 * named without the "templates/" prefix and without the extension, e.g.
 * "school" or "layout/head".  If override_dir is non-NULL, files in that
 * directory tree with the same relative names (with extension, e.g.
 * DIR/layout/head.html) replace the embedded ones, and template files there
 * that are not embedded are added; a missing directory is an error.
 * Returns a set the caller frees with tpl_set_free(), or NULL with a message
 * in err ("name:line: what") on any read or parse error, an unknown partial
 * or two files with the same name. */
struct tpl_set *tpl_set_load(const char *override_dir, char *err, size_t errlen);

/* Parse a set from n explicit (name, source) pairs, for tests and fuzzing.
 * Names and sources are copied.  Errors as for tpl_set_load(). */
struct tpl_set *tpl_set_from_strings(const char *const *names, const char *const *sources, size_t n,
				     char *err, size_t errlen);

/* Free a set (NULL is fine).  No render may be running on it. */
void tpl_set_free(struct tpl_set *s);

/* True when the set holds a template called name. */
bool tpl_exists(const struct tpl_set *s, const char *name);

/* Render template name with context ctx (borrowed; an object, normally)
 * appending to out.  Returns 0, or -1 with err set and out restored to its
 * length before the call, when the template is unknown, partials nest deeper
 * than 32 levels, or the render exceeds its work budget (a runaway
 * recursion through partials). */
int tpl_render(const struct tpl_set *s, const char *name, json_t *ctx, buf *out, char *err, size_t errlen);

/* Wrap HTML that our own code produced (e.g. an SVG chart) as the object
 * {"$html": html}, the only kind of value {{{x}}} outputs.  Never pass text
 * that came from a user or a document through this.  Returns a new
 * reference (NULL html gives ""). */
json_t *tpl_safe_html(const char *html);

#endif
