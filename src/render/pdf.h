/*
 * pdf.h - a school's support profile as a PDF document (cairo + pango).
 *
 * Two documents:
 *  - PDF_FULL: the whole profile: title block with school, BRIN, school year,
 *    status and dates; a table of contents with page numbers; every section;
 *    "Ondersteuning in het kort" (the facts grouped by kind); the MR's advice.
 *    The PDF has an outline (bookmarks) for the headings, clickable table of
 *    contents entries and document metadata.
 *  - PDF_PARENT_SUMMARY: one or two pages in plain language for parents,
 *    built from profile->summary (when present) and the facts.
 *
 * Both are A4 with a footer on every page: school name, school year and
 * "pagina N van M".  Text is selectable (cairo embeds fonts with ToUnicode
 * maps).  All user text is sanitised (invalid UTF-8 becomes U+FFFD, control
 * characters are dropped) and escaped before it reaches Pango markup, so
 * markup-like text appears literally.
 */
#ifndef PASSEND_RENDER_PDF_H
#define PASSEND_RENDER_PDF_H

#include <stddef.h>

#include "core/buf.h"
#include "core/model.h"

enum pdf_kind {
	PDF_FULL = 0,       /* the full profile */
	PDF_PARENT_SUMMARY  /* the plain-language summary for parents */
};

/* Upper bound on the pages of one document: larger input is refused with an
 * error instead of producing runaway output. */
#define PDF_MAX_PAGES 500

/* Upper bound on the total user text (section bodies, summary, MR advice,
 * fact notes) of one profile, in bytes.  Larger input is refused before any
 * layout work is done. */
#define PDF_MAX_TEXT (4u * 1024u * 1024u)

/* Render the profile p of school sc as a PDF document and append its bytes to
 * out.  swv_name (the samenwerkingsverband's name) may be NULL.  Labels for
 * fact codes come from the taxonomy, so tax_init() must have run.
 *
 * Returns 0 on success.  On failure returns -1, writes a Dutch message to err
 * (when errlen > 0) and leaves out unchanged: too much text, more than
 * PDF_MAX_PAGES pages, or a cairo/pango error.
 *
 * Thread-safe: no global mutable state; each call creates its own surface
 * and Pango context (Pango's default font map is per thread).  Nothing
 * returned needs freeing except out, which the caller owns. */
int pdf_render_profile(const struct school *sc, const struct profile *p, const char *swv_name,
		       enum pdf_kind kind, buf *out, char *err, size_t errlen);

#endif
