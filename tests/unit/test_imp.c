/*
 * test_imp.c - the document importer (src/import): content detection and
 * decoding, DOCX/ODT built at run time with libzip, PDF errors, and the
 * analysis rules (negation, tick boxes, "op school" vs "via
 * samenwerkingsverband", counts, levels, blank templates, evidence) on
 * snippets in formats the rules were not written for.  Tests that read
 * ../shared skip cleanly when it is absent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <zip.h>

#include "core/buf.h"
#include "core/model.h"
#include "core/util.h"
#include "import/imp.h"

static const struct fact *find(const struct imp_doc *d, enum fact_kind k, const char *code, enum fact_where w)
{
	for (size_t i = 0; i < d->facts.n; i++) {
		const struct fact *f = &d->facts.v[i];
		if (f->kind == k && str_eq(f->code, code) && (w == (enum fact_where)-1 || f->where == w))
			return f;
	}
	return NULL;
}

static size_t count_kind(const struct imp_doc *d, enum fact_kind k)
{
	size_t n = 0;
	for (size_t i = 0; i < d->facts.n; i++)
		n += d->facts.v[i].kind == k;
	return n;
}

static enum imp_status analyse(const char *text, struct imp_doc *d)
{
	char err[256];
	enum imp_status st = imp_buffer(text, strlen(text), d, err, sizeof err);
	if (st != IMP_OK)
		print_message("imp_buffer: %s\n", err);
	return st;
}

#define ANY ((enum fact_where)-1)

/* ---- detection ---- */

static void test_empty(void **state)
{
	(void)state;
	struct imp_doc d;
	char err[256] = "";
	assert_int_equal(imp_buffer("", 0, &d, err, sizeof err), IMP_E_EMPTY);
	assert_true(strlen(err) > 0);
	assert_int_equal(imp_buffer("  \n\n \t\n", 7, &d, err, sizeof err), IMP_E_EMPTY);
}

static void test_binary(void **state)
{
	(void)state;
	struct imp_doc d;
	char err[256];
	static const char bin[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0";
	assert_int_equal(imp_buffer(bin, sizeof bin - 1, &d, err, sizeof err), IMP_E_BINARY);
	/* a ZIP that is neither DOCX nor ODT */
	static const char zipish[] = "PK\x03\x04" "\x14\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x05\0\0\0hello";
	assert_int_equal(imp_buffer(zipish, sizeof zipish - 1, &d, err, sizeof err), IMP_E_BINARY);
	/* OLE compound file (old .doc / encrypted OOXML) */
	static const char ole[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest";
	assert_int_equal(imp_buffer(ole, sizeof ole - 1, &d, err, sizeof err), IMP_E_BINARY);
}

static void test_oversized(void **state)
{
	(void)state;
	size_t n = IMP_MAX_FILE + 1;
	char *big = xmalloc(n);
	memset(big, 'a', n);
	struct imp_doc d;
	char err[256];
	assert_int_equal(imp_buffer(big, n, &d, err, sizeof err), IMP_E_TOO_LARGE);
	free(big);
}

static void test_encoding(void **state)
{
	(void)state;
	struct imp_doc d;
	char err[256];
	/* Windows-1252: e-acute and a curly quote become UTF-8 */
	static const char w[] = "Caf\xe9 \x93Op school\x94\nWij hebben een lift.\n";
	assert_int_equal(imp_buffer(w, sizeof w - 1, &d, err, sizeof err), IMP_OK);
	assert_non_null(strstr(d.text, "Caf\xc3\xa9"));
	assert_non_null(strstr(d.text, "\xe2\x80\x9cOp school\xe2\x80\x9d"));
	assert_string_equal(d.input_type, "text");
	imp_doc_free(&d);
	/* 0x81 is not a Windows-1252 character and not UTF-8 */
	static const char bad[] = "tekst \x81 met rommel\n";
	assert_int_equal(imp_buffer(bad, sizeof bad - 1, &d, err, sizeof err), IMP_E_ENCODING);
	/* UTF-16 is refused with a hint */
	static const char u16[] = "\xff\xfeO\0p\0";
	assert_int_equal(imp_buffer(u16, sizeof u16 - 1, &d, err, sizeof err), IMP_E_ENCODING);
}

static bool have_pdftotext(void)
{
	return system("command -v pdftotext >/dev/null 2>&1") == 0;
}

static void test_pdf_corrupt(void **state)
{
	(void)state;
	if (!have_pdftotext())
		skip();
	struct imp_doc d;
	char err[256];
	static const char junk[] = "%PDF-1.4\nthis is not really a pdf\n%%EOF\n";
	enum imp_status st = imp_buffer(junk, sizeof junk - 1, &d, err, sizeof err);
	assert_true(st == IMP_E_CORRUPT || st == IMP_E_EMPTY);
}

/* A PDF whose tick boxes are drawn as graphics (as word processors do):
 * the text says "Ja Nee Ja Nee" on every row; only the pixels tell. */
static cairo_status_t write_buf(void *closure, const unsigned char *data, unsigned int len)
{
	buf_append((buf *)closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

static void box(cairo_t *cr, double x, double y, bool ticked)
{
	cairo_rectangle(cr, x, y - 8, 8, 8);
	if (ticked) {
		cairo_move_to(cr, x, y - 8);
		cairo_line_to(cr, x + 8, y);
		cairo_move_to(cr, x + 8, y - 8);
		cairo_line_to(cr, x, y);
	}
	cairo_stroke(cr);
}

static void opt(cairo_t *cr, double x, double y, const char *word, bool ticked)
{
	box(cr, x, y, ticked);
	cairo_move_to(cr, x + 11, y);
	cairo_show_text(cr, word);
}

static void test_pdf_drawn_ticks(void **state)
{
	(void)state;
	if (!have_pdftotext() || system("command -v pdftoppm >/dev/null 2>&1") != 0)
		skip();
	buf pdf = BUF_INIT;
	cairo_surface_t *sf = cairo_pdf_surface_create_for_stream(write_buf, &pdf, 595, 842);
	cairo_t *cr = cairo_create(sf);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 0.8);
	cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, 10);
	cairo_move_to(cr, 60, 80);
	cairo_show_text(cr, "Specialistische expertise");
	cairo_move_to(cr, 100, 110);
	cairo_show_text(cr, "Binnen school");
	cairo_move_to(cr, 220, 110);
	cairo_show_text(cr, "Buitenschools");
	cairo_move_to(cr, 340, 110);
	cairo_show_text(cr, "Expertiseveld");
	static const struct {
		const char *label;
		bool in, out;
	} rows[] = {{"Dyslexie", true, false}, {"Autisme", false, true}, {"Motorische beperkingen", false, false}};
	for (int r = 0; r < 3; r++) {
		double y = 130 + r * 16;
		opt(cr, 100, y, "Ja", rows[r].in);
		opt(cr, 150, y, "Nee", !rows[r].in);
		opt(cr, 220, y, "Ja", rows[r].out);
		opt(cr, 270, y, "Nee", !rows[r].out);
		cairo_move_to(cr, 340, y);
		cairo_show_text(cr, rows[r].label);
	}
	/* an agency grid whose only marks are drawn boxes */
	cairo_move_to(cr, 200, 240);
	cairo_show_text(cr, "nooit");
	cairo_move_to(cr, 270, 240);
	cairo_show_text(cr, "soms");
	cairo_move_to(cr, 340, 240);
	cairo_show_text(cr, "regelmatig");
	cairo_move_to(cr, 430, 240);
	cairo_show_text(cr, "vaak");
	cairo_move_to(cr, 60, 258);
	cairo_show_text(cr, "GGD");
	box(cr, 438, 258, true);
	cairo_move_to(cr, 60, 274);
	cairo_show_text(cr, "Politie");
	box(cr, 208, 274, true);
	cairo_destroy(cr);
	cairo_surface_destroy(sf);
	const char *dump = getenv("PASSEND_TEST_DUMP_PDF"); /* to look at it */
	if (dump) {
		FILE *f = fopen(dump, "wb");
		if (f) {
			fwrite(pdf.data, 1, pdf.len, f);
			fclose(f);
		}
	}
	struct imp_doc d;
	char err[256];
	assert_int_equal(imp_buffer(pdf.data, pdf.len, &d, err, sizeof err), IMP_OK);
	assert_string_equal(d.input_type, "pdf");
	assert_non_null(find(&d, FK_NEED, "lezen_dyslexie", WHERE_SCHOOL));
	assert_null(find(&d, FK_NEED, "lezen_dyslexie", WHERE_EXTERN));
	assert_non_null(find(&d, FK_NEED, "ass", WHERE_EXTERN));
	assert_null(find(&d, FK_NEED, "ass", WHERE_SCHOOL));
	assert_null(find(&d, FK_NEED, "motorisch", ANY));
	bool ggd = false, police = false;
	for (size_t i = 0; i < d.facts.n; i++)
		if (d.facts.v[i].kind == FK_PARTNER) {
			ggd |= strcmp(d.facts.v[i].value, "GGD") == 0;
			police |= strcmp(d.facts.v[i].value, "Politie") == 0;
		}
	assert_true(ggd);
	assert_false(police); /* ticked "nooit" */
	imp_doc_free(&d);
	buf_free(&pdf);
}

/* ---- DOCX / ODT built with libzip ---- */

static char *make_zip(const char *const *names, const char *const *bodies, int n, size_t *len)
{
	char path[] = "/tmp/passend-test-zip-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	int zerr;
	zip_t *z = zip_open(path, ZIP_TRUNCATE, &zerr);
	assert_non_null(z);
	for (int i = 0; i < n; i++) {
		zip_source_t *s = zip_source_buffer(z, bodies[i], strlen(bodies[i]), 0);
		assert_non_null(s);
		assert_true(zip_file_add(z, names[i], s, ZIP_FL_OVERWRITE) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
	char *data;
	const char *e;
	assert_int_equal(read_file_limit(path, 1 << 20, &data, len, &e), 0);
	unlink(path);
	return data;
}

static void test_docx(void **state)
{
	(void)state;
	const char *names[] = {"[Content_Types].xml", "word/document.xml"};
	const char *bodies[] = {
		"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		"<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
		"<w:p><w:r><w:t>Naam school: De Vlinder</w:t></w:r></w:p>"
		"<w:p><w:r><w:t>Schooljaar: 2025-2026</w:t></w:r></w:p>"
		"<w:p/>"
		"<w:p><w:r><w:t>Expertise in de school</w:t></w:r></w:p>"
		"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>3</w:t></w:r></w:p></w:tc>"
		"<w:tc><w:p><w:r><w:t>Onderwijsassistenten</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
		"<w:p><w:r><w:t>Het gebouw heeft geen lift.</w:t></w:r></w:p>"
		"</w:body></w:document>"};
	size_t len;
	char *data = make_zip(names, bodies, 2, &len);
	struct imp_doc d;
	char err[256];
	assert_int_equal(imp_buffer(data, len, &d, err, sizeof err), IMP_OK);
	assert_string_equal(d.input_type, "docx");
	assert_string_equal(d.school_name, "De Vlinder");
	assert_string_equal(d.school_year, "2025/2026");
	const struct fact *f = find(&d, FK_EXPERTISE, "onderwijsassistent", ANY);
	assert_non_null(f);
	assert_int_equal(f->count, 3);
	f = find(&d, FK_FACILITY, "lift", ANY);
	assert_non_null(f);
	assert_false(f->present);
	imp_doc_free(&d);
	free(data);
}

static void test_odt(void **state)
{
	(void)state;
	const char *names[] = {"mimetype", "content.xml"};
	const char *bodies[] = {
		"application/vnd.oasis.opendocument.text",
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		"<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
		"xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:text>"
		"<text:h>Ons aanbod</text:h>"
		"<text:p>Wij hebben ruime ervaring met leerlingen met autisme.</text:p>"
		"<text:p>Voor kinderen met dyslexie<text:s text:c=\"3\"/>bieden wij extra leesbegeleiding.</text:p>"
		"</office:text></office:body></office:document-content>"};
	size_t len;
	char *data = make_zip(names, bodies, 2, &len);
	struct imp_doc d;
	char err[256];
	assert_int_equal(imp_buffer(data, len, &d, err, sizeof err), IMP_OK);
	assert_string_equal(d.input_type, "odt");
	assert_non_null(find(&d, FK_NEED, "ass", WHERE_SCHOOL));
	assert_non_null(find(&d, FK_NEED, "lezen_dyslexie", WHERE_SCHOOL));
	imp_doc_free(&d);
	free(data);
}

static void test_zip_corrupt(void **state)
{
	(void)state;
	/* a real DOCX with its central directory cut off */
	const char *names[] = {"word/document.xml"};
	const char *bodies[] = {"<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"/>"};
	size_t len;
	char *data = make_zip(names, bodies, 1, &len);
	struct imp_doc d;
	char err[256];
	assert_int_equal(imp_buffer(data, len - 30, &d, err, sizeof err), IMP_E_CORRUPT);
	free(data);
}

/* ---- analysis rules ---- */

static void test_negation(void **state)
{
	(void)state;
	struct imp_doc d;
	assert_int_equal(analyse("Toegankelijkheid\n\nHet gebouw beschikt niet over een lift.\n"
	                         "Er is wel een invalidentoilet.\n",
	                         &d),
	                 IMP_OK);
	const struct fact *f = find(&d, FK_FACILITY, "lift", ANY);
	assert_non_null(f);
	assert_false(f->present);
	f = find(&d, FK_FACILITY, "aangepast_toilet", ANY);
	assert_non_null(f);
	assert_true(f->present);
	imp_doc_free(&d);
	/* question answered "Nee" */
	assert_int_equal(analyse("Gebouw\n\nIs er een lift aanwezig?      Nee\n", &d), IMP_OK);
	f = find(&d, FK_FACILITY, "lift", ANY);
	assert_non_null(f);
	assert_false(f->present);
	imp_doc_free(&d);
}

static void test_tick_boxes(void **state)
{
	(void)state;
	struct imp_doc d;
	assert_int_equal(analyse("Voorzieningen\n\n"
	                         "\xe2\x98\x90 plusklas voor begaafde leerlingen\n"
	                         "\xe2\x98\x92 een time-out ruimte\n"
	                         "[ ] schakelklas\n"
	                         "[x] rustruimte\n",
	                         &d),
	                 IMP_OK);
	assert_null(find(&d, FK_FACILITY, "plusklas", ANY));
	assert_null(find(&d, FK_FACILITY, "schakelklas", ANY));
	assert_non_null(find(&d, FK_FACILITY, "time_out_ruimte", ANY));
	imp_doc_free(&d);
}

static void test_where_blocks(void **state)
{
	(void)state;
	struct imp_doc d;
	assert_int_equal(analyse("Specialisten\n\n"
	                         "Op school\n"
	                         "\xe2\x80\xa2 Intern begeleider\n"
	                         "\xe2\x80\xa2 Rekenspecialist\n"
	                         "\n"
	                         "Via samenwerkingsverband, bestuur of derden\n"
	                         "\xe2\x80\xa2 Orthopedagoog\n"
	                         "\xe2\x80\xa2 Logopedist\n",
	                         &d),
	                 IMP_OK);
	assert_non_null(find(&d, FK_EXPERTISE, "intern_begeleider", WHERE_SCHOOL));
	assert_non_null(find(&d, FK_EXPERTISE, "rekenspecialist", WHERE_SCHOOL));
	assert_non_null(find(&d, FK_EXPERTISE, "orthopedagoog", WHERE_EXTERN));
	assert_null(find(&d, FK_EXPERTISE, "orthopedagoog", WHERE_SCHOOL));
	assert_non_null(find(&d, FK_EXPERTISE, "logopedist", WHERE_EXTERN));
	imp_doc_free(&d);
}

static void test_counts_and_levels(void **state)
{
	(void)state;
	struct imp_doc d;
	assert_int_equal(analyse("Wij werken met vier ondersteuningsniveaus.\n\n"
	                         "Aanwezige deskundigheid\n\n"
	                         "2 Intern begeleider Ja\n"
	                         "We hebben drie onderwijsassistenten in de school.\n"
	                         "Er is een gedragsspecialist.\n",
	                         &d),
	                 IMP_OK);
	const struct fact *f = find(&d, FK_LEVELS, NULL, ANY);
	assert_non_null(f);
	assert_int_equal(f->count, 4);
	f = find(&d, FK_EXPERTISE, "intern_begeleider", ANY);
	assert_non_null(f);
	assert_int_equal(f->count, 2);
	f = find(&d, FK_EXPERTISE, "onderwijsassistent", ANY);
	assert_non_null(f);
	assert_int_equal(f->count, 3);
	f = find(&d, FK_EXPERTISE, "gedragsspecialist", ANY);
	assert_non_null(f);
	assert_int_equal(f->count, -1); /* "een" is an article, not a count */
	imp_doc_free(&d);
}

static void test_need_levels_and_limits(void **state)
{
	(void)state;
	struct imp_doc d;
	assert_int_equal(analyse("Ondersteuning bij lezen\n\n"
	                         "Kinderen met dyslexie krijgen extra leesbegeleiding (niveau 2 en 3).\n"
	                         "Bij ernstige problemen schakelen we de specialist van het samenwerkingsverband in (niveau 4).\n\n"
	                         "Grenzen aan onze zorg\n\n"
	                         "Wij kunnen geen leerlingen met zeer ernstige gedragsproblemen opvangen als de veiligheid in het geding komt.\n"
	                         "Ook leerlingen die veel lichamelijke verzorging nodig hebben kunnen wij niet bieden wat zij nodig hebben.\n",
	                         &d),
	                 IMP_OK);
	const struct fact *f = find(&d, FK_NEED, "lezen_dyslexie", WHERE_SCHOOL);
	assert_non_null(f);
	assert_true(f->levels & (1u << 2));
	assert_true(f->levels & (1u << 3));
	f = find(&d, FK_NEED, "lezen_dyslexie", WHERE_EXTERN);
	assert_non_null(f);
	assert_true(f->levels & (1u << 4));
	assert_non_null(find(&d, FK_LIMIT, "veiligheid", ANY));
	assert_non_null(find(&d, FK_LIMIT, "verzorging", ANY));
	/* a need that appears only as a limit is not an offer */
	assert_null(find(&d, FK_NEED, "gedrag", ANY));
	imp_doc_free(&d);
}

static void test_admission(void **state)
{
	(void)state;
	struct imp_doc d;
	assert_int_equal(analyse("Toelatingsbeleid\n\n"
	                         "- Uw kind moet zindelijk zijn.\n"
	                         "- Wij plaatsen eerst op proef: een proefplaatsing van zes weken.\n",
	                         &d),
	                 IMP_OK);
	assert_non_null(find(&d, FK_ADMISSION, "zindelijk", ANY));
	assert_non_null(find(&d, FK_ADMISSION, "proefplaatsing", ANY));
	imp_doc_free(&d);
}

static void test_grid_unseen(void **state)
{
	(void)state;
	/* a grid with other column titles, arrows meaning "same as above" */
	struct imp_doc d;
	assert_int_equal(analyse("Expertise per ondersteuningsbehoefte\n\n"
	                         "   op school          extern\n"
	                         "     Ja                  Ja               dyslexie\n"
	                         "     Nee                 \xe2\x86\x93                autisme\n"
	                         "     x                                    ADHD\n"
	                         "\n"
	                         "Toelichting: geen.\n",
	                         &d),
	                 IMP_OK);
	assert_non_null(find(&d, FK_NEED, "lezen_dyslexie", WHERE_SCHOOL));
	assert_non_null(find(&d, FK_NEED, "lezen_dyslexie", WHERE_EXTERN));
	assert_non_null(find(&d, FK_NEED, "ass", WHERE_EXTERN));
	assert_null(find(&d, FK_NEED, "ass", WHERE_SCHOOL));
	assert_non_null(find(&d, FK_NEED, "adhd", WHERE_SCHOOL));
	imp_doc_free(&d);
}

static void test_partners_grid(void **state)
{
	(void)state;
	struct imp_doc d;
	assert_int_equal(analyse("Samenwerking\n\n"
	                         "                      nooit      soms      regelmatig      vaak\n"
	                         "  GGD                                                     X\n"
	                         "  Politie              X\n"
	                         "  Jeugdzorg                        x\n",
	                         &d),
	                 IMP_OK);
	size_t n = 0;
	bool police = false;
	for (size_t i = 0; i < d.facts.n; i++)
		if (d.facts.v[i].kind == FK_PARTNER) {
			n++;
			police |= strcmp(d.facts.v[i].value, "Politie") == 0;
		}
	assert_int_equal(n, 2);
	assert_false(police);
	imp_doc_free(&d);
}

static void test_label_clauses(void **state)
{
	(void)state;
	/* a "need: how" layout the rules were not written for */
	struct imp_doc d;
	assert_int_equal(analyse("Wat bieden wij?\n\n"
	                         "Leesproblemen en dyslexie: extra leestijd (niveau 2), behandeling via een externe zorgaanbieder (niveau 4).\n"
	                         "Gedrag: de gedragsspecialist ondersteunt de leerkracht; bij ernstige problemen schakelen we het SWV in.\n"
	                         "Autisme: geen specifieke expertise aanwezig.\n\n"
	                         "Team\n\n"
	                         "| Onderwijsassistent | 3 |\n",
	                         &d),
	                 IMP_OK);
	const struct fact *f = find(&d, FK_NEED, "lezen_dyslexie", WHERE_SCHOOL);
	assert_non_null(f);
	assert_int_equal(f->levels, 1u << 2);
	f = find(&d, FK_NEED, "lezen_dyslexie", WHERE_EXTERN);
	assert_non_null(f);
	assert_int_equal(f->levels, 1u << 4);
	assert_non_null(find(&d, FK_NEED, "gedrag", WHERE_SCHOOL));
	assert_non_null(find(&d, FK_NEED, "gedrag", WHERE_EXTERN));
	assert_null(find(&d, FK_NEED, "ass", ANY));
	f = find(&d, FK_EXPERTISE, "onderwijsassistent", ANY);
	assert_non_null(f);
	assert_int_equal(f->count, 3);
	imp_doc_free(&d);
}

static void test_evidence(void **state)
{
	(void)state;
	struct imp_doc d;
	assert_int_equal(analyse("Ons aanbod\n\nregel twee\n   Wij hebben ervaring met hoogbegaafde leerlingen.  \n", &d), IMP_OK);
	const struct fact *f = find(&d, FK_NEED, "meer_hoogbegaafd", ANY);
	assert_non_null(f);
	assert_int_equal(f->ev_line, 4);
	assert_string_equal(f->ev_text, "Wij hebben ervaring met hoogbegaafde leerlingen.");
	assert_true(d.sections.n >= 1);
	imp_doc_free(&d);
}

static void test_blank_template(void **state)
{
	(void)state;
	struct imp_doc d;
	assert_int_equal(analyse("Algemene gegevens\n\nNaam van de school\nBezoekadres\nBrinnummer\n\n"
	                         "Wij beschikken over een dyslexieprotocol\n Ja Nee\n"
	                         "Expertise: intern begeleider, gedragsspecialist\n Ja Nee\n"
	                         "1. onderwijsbehoeften vormen het uitgangspunt\n In ontwikkeling   Succesvol ge\xc3\xafmplementeerd\n"
	                         "2. plusklas\n In ontwikkeling   Succesvol ge\xc3\xafmplementeerd\n",
	                         &d),
	                 IMP_OK);
	assert_true(d.template_only);
	assert_int_equal(count_kind(&d, FK_NEED), 0);
	assert_int_equal(count_kind(&d, FK_EXPERTISE), 0);
	assert_int_equal(count_kind(&d, FK_FACILITY), 0);
	imp_doc_free(&d);
}

/* ---- the shared seeds, when present ---- */

static const char *shared_path(const char *rel, char *out, size_t n)
{
	const char *src = getenv("PASSEND_SRC");
	snprintf(out, n, "%s/../shared/%s", src ? src : ".", rel);
	return out;
}

static bool shared_present(void)
{
	char p[4096];
	struct stat st;
	return stat(shared_path("seeds", p, sizeof p), &st) == 0 && S_ISDIR(st.st_mode);
}

static void test_seed_template(void **state)
{
	(void)state;
	if (!shared_present())
		skip();
	char p[4096];
	struct imp_doc d;
	char err[256];
	assert_int_equal(imp_file(shared_path("seeds/002_eafc658fd2c0f95b.txt", p, sizeof p), &d, err, sizeof err), IMP_OK);
	assert_true(d.template_only);
	assert_int_equal(count_kind(&d, FK_NEED) + count_kind(&d, FK_EXPERTISE) + count_kind(&d, FK_FACILITY), 0);
	imp_doc_free(&d);
}

static void test_seed_loep(void **state)
{
	(void)state;
	if (!shared_present())
		skip();
	char p[4096];
	struct imp_doc d;
	char err[256];
	assert_int_equal(imp_file(shared_path("seeds/004_83590428bacbc1a6.txt", p, sizeof p), &d, err, sizeof err), IMP_OK);
	assert_false(d.template_only);
	const struct fact *f = find(&d, FK_FACILITY, "lift", ANY);
	assert_non_null(f);
	assert_false(f->present);
	assert_non_null(find(&d, FK_ADMISSION, "zindelijk", ANY));
	f = find(&d, FK_LEVELS, NULL, ANY);
	assert_non_null(f);
	assert_int_equal(f->count, 5);
	assert_string_equal(d.school_name, "Loep");
	imp_doc_free(&d);
}

static void test_seed_ivo_pdf(void **state)
{
	(void)state;
	if (!shared_present() || !have_pdftotext())
		skip();
	char p[4096];
	struct imp_doc d;
	char err[256];
	assert_int_equal(imp_file(shared_path("corpus/ivo/12AT.pdf", p, sizeof p), &d, err, sizeof err), IMP_OK);
	assert_string_equal(d.input_type, "pdf");
	assert_string_equal(d.format, "ivo");
	assert_non_null(find(&d, FK_NEED, "tos", WHERE_EXTERN));
	assert_non_null(find(&d, FK_NEED, "ass", WHERE_SCHOOL));
	imp_doc_free(&d);
}

/* ---- statements vs. prompts (rules added in the second review) ---- */

/* A question to staff without an answer on its line is not a statement;
 * the where it names carries to the answer paragraph. */
static void test_questions(void **state)
{
	(void)state;
	struct imp_doc d;
	assert_int_equal(analyse("Ondersteuning in de praktijk\n\n"
	                         "Welke hulp krijgen leerlingen met autisme of met\n"
	                         "een visuele beperking van het samenwerkingsverband?\n\n"
	                         "Een ambulant begeleider geeft extra begeleiding aan leerlingen in een rolstoel.\n\n"
	                         "Is er een rustruimte? Ja, naast de hal.\n",
	                         &d),
	                 IMP_OK);
	assert_null(find(&d, FK_NEED, "ass", ANY));
	assert_null(find(&d, FK_NEED, "visueel", ANY));
	/* the answer: an offer located by the question ("van het samenwerkingsverband") */
	assert_non_null(find(&d, FK_NEED, "motorisch", WHERE_EXTERN));
	/* answered on the line: a statement */
	assert_non_null(find(&d, FK_FACILITY, "time_out_ruimte", WHERE_SCHOOL));
	imp_doc_free(&d);
}

/* An isolated lower-case bullet followed by an answer paragraph is a topic
 * of an interview protocol; a bullet in a list stays an offer. */
static void test_interview_topics(void **state)
{
	(void)state;
	struct imp_doc d;
	assert_int_equal(analyse("Onze aanpak\n\n"
	                         "-  afspraken over medicijngebruik, epilepsie en diabetes\n\n"
	                         "Dit staat in het schoolplan en wordt elk jaar bekeken.\n\n"
	                         "Wij bieden:\n"
	                         "-  extra instructie bij rekenen\n"
	                         "-  een leesgroep voor dyslexie\n",
	                         &d),
	                 IMP_OK);
	assert_null(find(&d, FK_NEED, "chronisch_ziek", ANY));
	assert_non_null(find(&d, FK_NEED, "rekenen_dyscalculie", WHERE_SCHOOL));
	assert_non_null(find(&d, FK_NEED, "lezen_dyslexie", WHERE_SCHOOL));
	imp_doc_free(&d);
}

/* Product names in a list of methods are not offers ("Rekenlift" would
 * otherwise be a lift, "Sociaal Talent" an offer for social skills). */
static void test_materials_list(void **state)
{
	(void)state;
	struct imp_doc d;
	assert_int_equal(analyse("Ons aanbod\n\n"
	                         "Gebruikte methodes en materialen:\n"
	                         "*  Leesbegrip: Nieuwsbegrip XL, Lezen in de Lift\n"
	                         "*  Sociaal-emotionele ontwikkeling: Kwink\n"
	                         "*  Motoriek: Schrijfdans\n\n"
	                         "Wij geven extra begeleiding bij werkhouding en concentratie.\n",
	                         &d),
	                 IMP_OK);
	assert_null(find(&d, FK_FACILITY, "lift", ANY));
	assert_null(find(&d, FK_NEED, "sociaal_emotioneel", ANY));
	assert_null(find(&d, FK_NEED, "motorisch", ANY));
	assert_non_null(find(&d, FK_NEED, "werkhouding", WHERE_SCHOOL));
	imp_doc_free(&d);
}

/* Roles named as a course or study, examples in parentheses and a
 * provision pupils did not use are not facts; "en" between a role and a
 * where cue makes them two items. */
static void test_courses_examples_usage(void **state)
{
	(void)state;
	struct imp_doc d;
	assert_int_equal(analyse("Expertise\n\n"
	                         "Twee collega's volgen de cursus remedial teaching en we ontvangen stagiaires orthopedagogiek.\n"
	                         "Er is een behandelkamer (bijvoorbeeld voor ergotherapie) in het gebouw.\n"
	                         "Veel kleuters hebben geen gebruik gemaakt van een peuterspeelzaal.\n"
	                         "Overleg met de intern begeleider en het samenwerkingsverband vindt maandelijks plaats.\n"
	                         "Een dyslexiespecialist opleiding is afgerond.\n",
	                         &d),
	                 IMP_OK);
	assert_null(find(&d, FK_EXPERTISE, "remedial_teacher", ANY));
	assert_null(find(&d, FK_EXPERTISE, "orthopedagoog", ANY));
	assert_null(find(&d, FK_EXPERTISE, "ergotherapeut", ANY));
	assert_null(find(&d, FK_FACILITY, "vve", ANY));
	assert_null(find(&d, FK_EXPERTISE, "intern_begeleider", WHERE_EXTERN));
	assert_non_null(find(&d, FK_EXPERTISE, "intern_begeleider", WHERE_SCHOOL));
	assert_non_null(find(&d, FK_EXPERTISE, "dyslexiespecialist", WHERE_SCHOOL));
	imp_doc_free(&d);
}

/* A numbered item written as a sentence is not a heading; a wrapped
 * sentence keeps the where of its first line. */
static void test_numbered_sentences_and_wraps(void **state)
{
	(void)state;
	struct imp_doc d;
	assert_int_equal(analyse("Aanbod\n\n"
	                         "2) De leerkracht vraagt advies aan externe deskundigen, zoals de GGD, of anderen.\n"
	                         "De leerkracht begeleidt leerlingen met faalangst in de eigen groep.\n\n"
	                         "Daarnaast regelt het samenwerkingsverband dat leerlingen terecht kunnen\n"
	                         "bij een praktijk voor ernstige rekenproblemen.\n",
	                         &d),
	                 IMP_OK);
	assert_non_null(find(&d, FK_NEED, "faalangst", WHERE_SCHOOL));
	assert_null(find(&d, FK_NEED, "faalangst", WHERE_EXTERN));
	assert_non_null(find(&d, FK_NEED, "rekenen_dyscalculie", WHERE_EXTERN));
	assert_null(find(&d, FK_NEED, "rekenen_dyscalculie", WHERE_SCHOOL));
	imp_doc_free(&d);
}

/* BRIN with vestiging in several spellings; places from postcode lines and
 * location phrases, without a district suffix. */
static void test_brin_and_place(void **state)
{
	(void)state;
	static const struct {
		const char *text, *brin, *vest, *place;
	} cases[] = {
		{"Kindcentrum De Esch\nBrinnummer: 04XK, vestiging 03\nDe school ligt in Groningen.\n", "04XK", "03", NULL},
		{"OBS Het Anker (21HB00)\nAdres: Dorpsstraat 1\n9402 KL  Assen\n", "21HB", "00", "Assen"},
		{"Basisschool De Wissel te Zwolle Zuid\nBRIN 30MM-01\n", "30MM", "01", "Zwolle"},
		{"Basisschool De Tol is gevestigd in Velsen-Noord.\nBrin: 11PP\n", "11PP", NULL, "Velsen-Noord"},
		{"In 2024 waren er 12 AT-leerlingen en 2 groepen.\n", NULL, NULL, NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct imp_doc d;
		assert_int_equal(analyse(cases[i].text, &d), IMP_OK);
		if (cases[i].brin)
			assert_string_equal(d.brin, cases[i].brin);
		else
			assert_null(d.brin);
		if (cases[i].vest)
			assert_string_equal(d.vestiging, cases[i].vest);
		else
			assert_null(d.vestiging);
		if (cases[i].place)
			assert_string_equal(d.place, cases[i].place);
		imp_doc_free(&d);
	}
}


/* ---- statements that are not offers (aims, reports, monitoring,
 * networks, information topics, opinions) ---- */

static void test_not_offers(void **state)
{
	(void)state;
	struct imp_doc d;
	assert_int_equal(analyse("Ons aanbod\n\n"
	                         "Ons streven is dat leerlingen met dyscalculie later in de eigen groep\n"
	                         "kunnen blijven.\n"
	                         "De aandacht gaat in de groepsbespreking vooral naar kinderen met\n"
	                         "faalangst.\n"
	                         "Drie keer per jaar wordt een vragenlijst over welbevinden afgenomen.\n"
	                         "De ouderkamer geeft informatie over dyslexie, autisme en fysiotherapie.\n"
	                         "Wij bieden extra begeleiding bij begrijpend lezen.\n",
	                         &d),
	                 IMP_OK);
	assert_null(find(&d, FK_NEED, "rekenen_dyscalculie", ANY)); /* aim, wrapped */
	assert_null(find(&d, FK_NEED, "faalangst", ANY));           /* discussed */
	assert_null(find(&d, FK_NEED, "sociaal_emotioneel", ANY));  /* monitoring */
	assert_null(find(&d, FK_NEED, "ass", ANY));                 /* information topic */
	assert_null(find(&d, FK_EXPERTISE, "fysiotherapeut", ANY));
	assert_non_null(find(&d, FK_NEED, "lezen_dyslexie", WHERE_SCHOOL));
	imp_doc_free(&d);

	/* a report with an offer in the same sentence stays an offer */
	assert_int_equal(analyse("Ons aanbod\n\n"
	                         "In het gesprek kwam naar voren dat de school extra begeleiding biedt bij\n"
	                         "rekenproblemen.\n",
	                         &d),
	                 IMP_OK);
	assert_non_null(find(&d, FK_NEED, "rekenen_dyscalculie", WHERE_SCHOOL));
	imp_doc_free(&d);

	/* an opinion is not a limit; a rule is */
	assert_int_equal(analyse("Grenzen aan de ondersteuning\n\n"
	                         "De leerkrachten vinden het lastig; men denkt dat de groepsgrootte\n"
	                         "soms een grens vormt.\n",
	                         &d),
	                 IMP_OK);
	assert_null(find(&d, FK_LIMIT, "capaciteit", ANY));
	imp_doc_free(&d);
}

static void test_network_roles(void **state)
{
	(void)state;
	struct imp_doc d;
	assert_int_equal(analyse("Samenwerking\n\n"
	                         "Onze directeur en de zorgcoordinator nemen deel aan het netwerk van\n"
	                         "het samenwerkingsverband.\n"
	                         "De ib'er gaat naar het IB-netwerk van het bestuur.\n",
	                         &d),
	                 IMP_OK);
	assert_null(find(&d, FK_EXPERTISE, "intern_begeleider", WHERE_EXTERN));
	imp_doc_free(&d);
}

static void test_materials_heading_context(void **state)
{
	(void)state;
	struct imp_doc d;
	assert_int_equal(analyse("Onze ondersteuning\n\n"
	                         "Wij bieden extra hulp bij spelling.\n\n"
	                         "Beschikbare leermiddelen met didactische kenmerken\n\n"
	                         "Rekenen: Met Sprongen Vooruit, Maatwerk\n\n"
	                         "Toelichting\n"
	                         "De onderbouwgroepen en de kleutergroepen hebben lokalen beneden; de\n"
	                         "hogere groepen werken boven.\n",
	                         &d),
	                 IMP_OK);
	assert_non_null(find(&d, FK_NEED, "lezen_dyslexie", WHERE_SCHOOL));
	assert_null(find(&d, FK_NEED, "rekenen_dyscalculie", ANY));
	assert_null(find(&d, FK_NEED, "jonge_kind", ANY));
	imp_doc_free(&d);
}

static void test_role_names_and_where(void **state)
{
	(void)state;
	struct imp_doc d;
	assert_int_equal(analyse("Deskundigheid\n\n"
	                         "- Schoolmaatschappelijk werker op school (SMW), vanuit de gemeente.\n"
	                         "Aan het zorgoverleg nemen de interne begeleider, de jeugdprofessional en\n"
	                         "de directeur deel.\n"
	                         "Een leerling krijgt bij ons remedial teaching van de eigen leerkracht.\n"
	                         "Wij werken met een onderwijsadviseur van de begeleidingsdienst.\n",
	                         &d),
	                 IMP_OK);
	/* "op school" in the role's name, "intern" in "interne begeleider" */
	assert_null(find(&d, FK_EXPERTISE, "schoolmaatschappelijk_werker", WHERE_SCHOOL));
	assert_non_null(find(&d, FK_EXPERTISE, "schoolmaatschappelijk_werker", WHERE_EXTERN));
	assert_null(find(&d, FK_EXPERTISE, "jeugdprofessional", WHERE_SCHOOL));
	assert_non_null(find(&d, FK_EXPERTISE, "jeugdprofessional", WHERE_EXTERN));
	/* an activity and a general adviser are not roles of the taxonomy */
	assert_null(find(&d, FK_EXPERTISE, "remedial_teacher", ANY));
	assert_null(find(&d, FK_EXPERTISE, "gedragswetenschapper", ANY));
	imp_doc_free(&d);
}

static void test_staff_table(void **state)
{
	(void)state;
	struct imp_doc d;
	assert_int_equal(analyse("Bijlage 2\n\n"
	                         "Functie                         Uren per week\n\n"
	                         "onderwijsassistenten            52\n\n"
	                         "fysiotherapeut\n\n"
	                         "schoolmaatschappelijk werk      8\n\n"
	                         "Opmerkingen:\n"
	                         "geen\n",
	                         &d),
	                 IMP_OK);
	const struct fact *f = find(&d, FK_EXPERTISE, "fysiotherapeut", ANY);
	assert_non_null(f);
	assert_int_equal(f->where, WHERE_SCHOOL);
	f = find(&d, FK_EXPERTISE, "onderwijsassistent", WHERE_SCHOOL);
	assert_non_null(f);
	assert_int_equal(f->count, -1); /* hours are not a number of people */
	/* school social work stays outside (the convention of tests/eval) */
	assert_non_null(find(&d, FK_EXPERTISE, "schoolmaatschappelijk_werker", WHERE_EXTERN));
	assert_null(find(&d, FK_EXPERTISE, "schoolmaatschappelijk_werker", WHERE_SCHOOL));
	imp_doc_free(&d);
}

static void test_counts_wrapped_and_predicate(void **state)
{
	(void)state;
	struct imp_doc d;
	assert_int_equal(analyse("Expertise\n\n"
	                         "In ons team werken vier vaste\n"
	                         "onderwijsassistenten. Twee collega's zijn tevens dyslexiespecialist.\n"
	                         "In groep 3\n"
	                         "intern begeleiders bezoeken de klas.\n"
	                         "Onze cursussen\n"
	                         "vertrouwenspersonen worden extern gegeven.\n",
	                         &d),
	                 IMP_OK);
	const struct fact *f = find(&d, FK_EXPERTISE, "onderwijsassistent", WHERE_SCHOOL);
	assert_non_null(f);
	assert_int_equal(f->count, 4);
	f = find(&d, FK_EXPERTISE, "dyslexiespecialist", WHERE_SCHOOL);
	assert_non_null(f);
	assert_int_equal(f->count, 2);
	f = find(&d, FK_EXPERTISE, "intern_begeleider", ANY);
	assert_non_null(f);
	assert_int_equal(f->count, -1); /* "groep 3" numbers a group */
	assert_null(find(&d, FK_EXPERTISE, "vertrouwenspersoon", ANY));
	imp_doc_free(&d);
}

static void test_conditions_and_statistics(void **state)
{
	(void)state;
	struct imp_doc d;
	assert_int_equal(analyse("Aanname van leerlingen\n\n"
	                         "Voorwaarden voor plaatsing:\n"
	                         "- de veiligheid van medeleerlingen en personeel is gewaarborgd\n"
	                         "- de groepsgrootte laat het toe\n\n"
	                         "Verwijzingen\n\n"
	                         "leerlingen aangemeld bij de Taalschool            3          4\n\n"
	                         "Resultaten\n\n"
	                         "Wij doen een beroep op de taalschool van het samenwerkingsverband.\n",
	                         &d),
	                 IMP_OK);
	assert_non_null(find(&d, FK_LIMIT, "veiligheid", ANY));
	assert_non_null(find(&d, FK_LIMIT, "capaciteit", ANY));
	assert_null(find(&d, FK_ADMISSION, "nieuwkomers", ANY));
	imp_doc_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_binary),
		cmocka_unit_test(test_oversized),
		cmocka_unit_test(test_encoding),
		cmocka_unit_test(test_pdf_corrupt),
		cmocka_unit_test(test_pdf_drawn_ticks),
		cmocka_unit_test(test_docx),
		cmocka_unit_test(test_odt),
		cmocka_unit_test(test_zip_corrupt),
		cmocka_unit_test(test_negation),
		cmocka_unit_test(test_tick_boxes),
		cmocka_unit_test(test_where_blocks),
		cmocka_unit_test(test_counts_and_levels),
		cmocka_unit_test(test_need_levels_and_limits),
		cmocka_unit_test(test_admission),
		cmocka_unit_test(test_grid_unseen),
		cmocka_unit_test(test_partners_grid),
		cmocka_unit_test(test_label_clauses),
		cmocka_unit_test(test_evidence),
		cmocka_unit_test(test_blank_template),
		cmocka_unit_test(test_seed_template),
		cmocka_unit_test(test_seed_loep),
		cmocka_unit_test(test_seed_ivo_pdf),
		cmocka_unit_test(test_questions),
		cmocka_unit_test(test_interview_topics),
		cmocka_unit_test(test_materials_list),
		cmocka_unit_test(test_courses_examples_usage),
		cmocka_unit_test(test_numbered_sentences_and_wraps),
		cmocka_unit_test(test_brin_and_place),
		cmocka_unit_test(test_not_offers),
		cmocka_unit_test(test_network_roles),
		cmocka_unit_test(test_materials_heading_context),
		cmocka_unit_test(test_role_names_and_where),
		cmocka_unit_test(test_staff_table),
		cmocka_unit_test(test_counts_wrapped_and_predicate),
		cmocka_unit_test(test_conditions_and_statistics),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
