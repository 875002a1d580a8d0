/*
 * imp_priv.h - private interfaces between the importer's files:
 * input extraction (imp_input.c, imp_pdf.c, imp_zip.c), normalisation and
 * the rule tables (imp_lexicon.c) and the analysis (imp_analyse.c).
 */
#ifndef PASSEND_IMP_PRIV_H
#define PASSEND_IMP_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "import/imp.h"

#define IMP_PDF_TIMEOUT 30           /* seconds of wall time per conversion */
#define IMP_PDF_CPU 20               /* seconds of CPU per conversion */
#define IMP_PDF_MEM (512u << 20)     /* address-space limit of the converter */
#define IMP_MAX_TEXT (16u << 20)     /* extracted text we are willing to analyse */
#define IMP_ZIP_MAX_ENTRY (64u << 20) /* uncompressed XML part (zip bomb guard) */

/* Run pdftotext -layout on the PDF bytes; on success *out is the UTF-8
 * text (caller frees).  Returns IMP_OK, IMP_E_ENCRYPTED, IMP_E_CORRUPT or
 * IMP_E_TOOL with a message in err. */
enum imp_status imp_pdf_text(const char *data, size_t len, char **out, char *err, size_t errlen);

/* Run argv (a poppler tool) as a child with the CPU, memory and wall-clock
 * limits above; stdout into out (at most max_out bytes), stderr into errb.
 * Returns the exit status, -1 on failure to run / timeout / kill, -2 when
 * the output exceeded max_out (message in err). */
int imp_run_limited(char *const argv[], size_t max_out, buf *out, buf *errb, char *err, size_t errlen);

/* Write data to a fresh temporary file; path receives its name. 0 or -1. */
int imp_temp_file(const char *data, size_t len, char *path, size_t pathlen);

/* Recover tick boxes drawn as graphics in the PDF at pdf for the grids in
 * its layout text (form feeds between pages).  Returns a rewritten copy of
 * the text (caller frees), or NULL when nothing needed or could be done. */
char *imp_pdf_ticks(const char *pdf, const char *layout);

/* Extract paragraphs (one per line; table cells joined by two spaces) from a
 * DOCX (word/document.xml) or ODT (content.xml) held in memory.  odt selects
 * the part and vocabulary.  *out is caller-owned. */
enum imp_status imp_zip_text(const char *data, size_t len, bool odt, char **out, char *err, size_t errlen);

/* ---- normalisation and lexicon (imp_lexicon.c) ---- */

/* Normalise UTF-8 text for matching: NFC, case fold, strip accents, every
 * non-alphanumeric byte becomes a space.  Appends to out. */
void imp_norm(const char *s, size_t n, buf *out);

/* Lexicon entry kinds beyond the fact kinds. */
enum lex_kind {
	LX_FACT = 0,   /* fact_kind in .fact, code in .code */
	LX_SECTION,    /* heading keyword: code is a section context name */
	LX_WHERE,      /* where cue: code "school" or "extern" */
	LX_NEG,        /* negation word */
	LX_OFFER,      /* offer cue ("ervaring met", "aanbod") */
	LX_LIMITCUE,   /* sentence talks about a limit ("grens") */
	LX_NUMBER,     /* number word: code is its value */
	LX_LEVELWORD,  /* "niveau", "ondersteuningsniveau" */
};

struct lex_entry {
	enum lex_kind lk;
	int fact;         /* enum fact_kind when lk == LX_FACT */
	const char *code; /* taxonomy code or context name */
	int ntok;
	char **tok;       /* pattern tokens: stems, or prefixes ending in '*' */
	int prio;         /* longer patterns win overlaps */
};

struct lexicon;

/* The lexicon parsed from the embedded data/lexicon.tsv (built once, then
 * read-only; safe to share between threads).  NULL when the table is
 * missing or malformed (message on stderr). */
const struct lexicon *imp_lexicon(void);
/* Parse a lexicon from TSV text (tests).  Returns NULL and writes err. */
struct lexicon *imp_lexicon_parse(const char *tsv, char *err, size_t errlen);
void imp_lexicon_free(struct lexicon *lx);

/* One token of a normalised line. */
struct imp_tok {
	const char *norm;  /* NUL-terminated normalised word */
	const char *stem;  /* its Snowball Dutch stem */
	size_t nlen;
};

/* A match of a lexicon entry on tokens [start, start+len). */
struct imp_match {
	const struct lex_entry *e;
	int start, len;
};

/* Find all matches of the lexicon on a token array; overlapping matches of
 * the same class keep the longest.  Returns the number stored (<= max). */
int imp_lex_match(const struct lexicon *lx, const struct imp_tok *t, int nt, struct imp_match *m, int max);

#endif
