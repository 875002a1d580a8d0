/*
 * imp.h - turn a support-profile document (PDF, plain text, DOCX, ODT) into
 * structured data: school identity, sections and facts with evidence.
 *
 * Format is detected by content (magic bytes), never by file name.  PDF goes
 * through poppler-utils as a subprocess with time and memory limits.  The
 * analysis itself works on UTF-8 text lines and is driven by rule tables
 * (src/import/imp_lexicon.*), not by scattered strstr calls.
 */
#ifndef PASSEND_IMP_H
#define PASSEND_IMP_H

#include <stdbool.h>
#include <stddef.h>

#include "core/model.h"

#define IMP_MAX_FILE (32u * 1024 * 1024) /* largest input accepted */

enum imp_status {
	IMP_OK = 0,
	IMP_E_IO,          /* cannot read the file */
	IMP_E_EMPTY,       /* no text at all */
	IMP_E_TOO_LARGE,   /* over IMP_MAX_FILE */
	IMP_E_BINARY,      /* not a document we know */
	IMP_E_ENCRYPTED,   /* password-protected PDF or DOCX */
	IMP_E_CORRUPT,     /* damaged PDF/ZIP/XML */
	IMP_E_ENCODING,    /* text that is neither UTF-8 nor Windows-1252 */
	IMP_E_TOOL,        /* pdftotext missing, timed out or killed */
};

struct imp_doc {
	char *text;             /* the extracted text, UTF-8; evidence lines refer to it */
	const char *input_type; /* "pdf", "text", "docx", "odt" (static) */
	char *format;           /* detected SWV format key, e.g. "meierij", "ivo",
	                         * "scholen-op-de-kaart"; "onbekend" when unknown */
	bool template_only;     /* a blank template: no answers found */
	struct fact_list facts; /* identity facts (kind school) first */
	struct section_list sections;
	char *school_name, *place, *brin, *swv, *school_year; /* convenience copies of identity facts; may be NULL */
	char *vestiging;        /* two-digit vestiging of the BRIN ("12AT01", "brin 12AT,
	                         * vestiging 01"); NULL when the document gives none */
};

/* Analyse the file at path into *out (caller frees with imp_doc_free).
 * Returns IMP_OK or an error status with a Dutch-free, user-facing English
 * message in err (the CLI prints it).  Nothing global is changed. */
enum imp_status imp_file(const char *path, struct imp_doc *out, char *err, size_t errlen);

/* Analyse an in-memory document of any supported type (same detection).
 * data need not be NUL-terminated. */
enum imp_status imp_buffer(const char *data, size_t len, struct imp_doc *out, char *err, size_t errlen);

/* Analyse already-extracted UTF-8 text (the core; used by the others and by
 * the benchmarks). */
enum imp_status imp_text(const char *text, size_t len, struct imp_doc *out, char *err, size_t errlen);

void imp_doc_free(struct imp_doc *d);

/* Short English name of a status for summaries ("corrupt", "encrypted"...). */
const char *imp_status_str(enum imp_status s);

#endif
