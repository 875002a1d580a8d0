/*
 * test_pdf.c - PDF rendering of a support profile (src/render/pdf.c): both
 * document kinds, Dutch diacritics, hostile markup, invalid UTF-8, page
 * breaking of a long section, limits, and concurrent rendering.  When
 * poppler-utils (pdftotext, pdfinfo) are installed the text and page count
 * of the output are checked too; otherwise those checks are skipped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/model.h"
#include "core/taxonomy.h"
#include "core/util.h"
#include "render/pdf.h"

#define HOSTILE "<b>x</b> & <span foreground='red'>"

static void add_fact(struct profile *p, enum fact_kind k, const char *code, enum fact_where w,
		     int count, bool present, unsigned levels, const char *value)
{
	struct fact f;
	fact_init(&f);
	f.kind = k;
	f.code = code ? xstrdup(code) : NULL;
	f.where = w;
	f.count = count;
	f.present = present;
	f.levels = levels;
	f.value = value ? xstrdup(value) : NULL;
	fact_list_add(&p->facts, &f);
	fact_free(&f);
}

static void make_school(struct school *sc)
{
	memset(sc, 0, sizeof *sc);
	sc->name = xstrdup("Basisschool De Brêgge");
	memcpy(sc->brin, "12AT", 5);
	memcpy(sc->vestiging, "01", 3);
	sc->place = xstrdup("Sint-Oedenrode");
	sc->address = xstrdup("Kerkstraat 1");
	sc->postcode = xstrdup("5491 AA");
	sc->phone = xstrdup("0413-123456");
	sc->email = xstrdup("info@bregge.example");
	sc->website = xstrdup("https://bregge.example");
	sc->pupils = 240;
}

/* A profile with diacritics, hostile markup, invalid UTF-8 and one section
 * long enough to span several pages. */
static void make_profile(struct profile *p)
{
	profile_init(p);
	memcpy(p->school_year, "2025/2026", 10);
	p->status = PS_VASTGESTELD;
	p->version = 3;
	p->date_mr = xstrdup("2025-06-03");
	p->date_set = xstrdup("2025-06-20");
	p->summary = xstrdup("Wij bieden een veilige plek met aandacht voor ieder kind.\n\n"
			     "Onze intern begeleider zorgt voor de coördinatie van de hulp.");
	p->mr_advice = xstrdup("De MR adviseert positief. Mooi ideeën-overzicht.");
	section_list_add(&p->sections, "inleiding", "Inleiding en Coördinatie",
			 "Dit profiel beschrijft de ondersteuning (ë, é, ï, ü).\n"
			 "Deze regel loopt door in dezelfde alinea.\n\n"
			 "• Eerste punt met Coördinatie\n"
			 "- Tweede punt\n"
			 "1. Genummerd punt\n\n"
			 "Afsluitende alinea.");
	section_list_add(&p->sections, "vreemd", "Opmaak " HOSTILE, "Letterlijk: " HOSTILE "\n\nEinde.");
	section_list_add(&p->sections, "kapot", "Kapotte tekens",
			 "Ongeldig: abc\xff\xfe def \xc3 eind \x01\x02 en \xed\xa0\x80 surrogaat.");
	buf longb = BUF_INIT;
	for (int i = 0; i < 120; i++)
		buf_printf(&longb,
			   "Alinea %d. Het team werkt handelingsgericht en stemt de ondersteuning af op "
			   "wat een leerling nodig heeft. We bespreken de voortgang met ouders en "
			   "leggen afspraken vast in het groepsplan of ontwikkelingsperspectief.%s",
			   i + 1, i % 7 == 6 ? "\n\n- Een opsommingspunt dat bij de alinea hoort\n\n" : "\n\n");
	section_list_add(&p->sections, "lang", "Een heel lange paragraaf", buf_str(&longb));
	buf_free(&longb);
	section_list_add(&p->sections, "leeg", "Leeg onderdeel", "");
	add_fact(p, FK_LEVELS, NULL, WHERE_NONE, 5, true, 0, NULL);
	add_fact(p, FK_NEED, "lezen_dyslexie", WHERE_SCHOOL, -1, true, (1u << 2) | (1u << 3), NULL);
	add_fact(p, FK_NEED, "ass", WHERE_EXTERN, -1, true, 0, NULL);
	add_fact(p, FK_NEED, "ass", WHERE_SCHOOL, -1, true, 1u << 2, NULL);
	add_fact(p, FK_EXPERTISE, "intern_begeleider", WHERE_SCHOOL, 2, true, 0, NULL);
	add_fact(p, FK_FACILITY, "lift", WHERE_NONE, -1, false, 0, NULL);
	add_fact(p, FK_FACILITY, "plusklas", WHERE_SCHOOL, -1, true, 0, NULL);
	add_fact(p, FK_LIMIT, "veiligheid", WHERE_NONE, -1, true, 0, NULL);
	add_fact(p, FK_ADMISSION, "zindelijk", WHERE_NONE, -1, true, 0, NULL);
	add_fact(p, FK_PARTNER, NULL, WHERE_EXTERN, -1, true, 0, "GGD Hart voor Brabant " HOSTILE);
}

static int setup(void **state)
{
	(void)state;
	return tax_init();
}

static void check_pdf_frame(const buf *b)
{
	assert_true(b->len > 1000);
	assert_memory_equal(b->data, "%PDF-", 5);
	size_t n = b->len;
	while (n > 0 && (b->data[n - 1] == '\n' || b->data[n - 1] == '\r'))
		n--;
	assert_true(n >= 5);
	assert_memory_equal(b->data + n - 5, "%%EOF", 5);
}

static bool have_poppler(void)
{
	return access("/usr/bin/pdftotext", X_OK) == 0 && access("/usr/bin/pdfinfo", X_OK) == 0;
}

/* Run "tool TEMPFILE args" where TEMPFILE holds pdf; returns its stdout. */
static char *run_on_pdf(const buf *pdf, const char *tool, const char *args)
{
	char path[] = "/tmp/passend-test-pdf-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(pdf->data, 1, pdf->len, f), pdf->len);
	fclose(f);
	char cmd[512];
	snprintf(cmd, sizeof cmd, "%s %s %s 2>/dev/null", tool, path, args);
	FILE *pp = popen(cmd, "r");
	assert_non_null(pp);
	buf out = BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, pp)) > 0)
		buf_append(&out, chunk, n);
	assert_int_equal(pclose(pp), 0);
	unlink(path);
	return buf_detach(&out);
}

static int pdf_pages(const buf *pdf)
{
	char *info = run_on_pdf(pdf, "pdfinfo", "");
	const char *p = strstr(info, "\nPages:");
	assert_non_null(p);
	int n = atoi(p + 7);
	free(info);
	return n;
}

static void assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("missing in PDF text: \"%s\"", needle);
}

static void test_full(void **state)
{
	(void)state;
	struct school sc;
	struct profile p;
	make_school(&sc);
	make_profile(&p);
	buf out = BUF_INIT;
	buf_puts(&out, "prefix"); /* output is appended */
	char err[256] = "";
	int rc = pdf_render_profile(&sc, &p, "SWV De Meierij", PDF_FULL, &out, err, sizeof err);
	if (rc != 0)
		fail_msg("render failed: %s", err);
	assert_memory_equal(out.data, "prefix", 6);
	buf pdf = BUF_INIT;
	buf_append(&pdf, out.data + 6, out.len - 6);
	check_pdf_frame(&pdf);
	/* The outline (bookmarks) is written as plain PDF objects. */
	assert_non_null(memmem(pdf.data, pdf.len, "/Outlines", 9));
	/* Table-of-contents entries link to named destinations at the headings. */
	assert_non_null(memmem(pdf.data, pdf.len, "/Dest (m", 8));
	assert_non_null(memmem(pdf.data, pdf.len, "/Dests", 6));

	if (!have_poppler()) {
		print_message("pdftotext/pdfinfo missing: text checks skipped\n");
	} else {
		char *txt = run_on_pdf(&pdf, "pdftotext -layout", "-");
		assert_contains(txt, "Basisschool De Brêgge");
		assert_contains(txt, "2025/2026");
		assert_contains(txt, "pagina 1 van");
		assert_contains(txt, "Inhoud");
		assert_contains(txt, "Coördinatie");
		assert_contains(txt, "ë, é, ï, ü");
		assert_contains(txt, "<b>x</b>");
		assert_contains(txt, "<span foreground='red'>");
		assert_contains(txt, "Ondersteuning in het kort");
		assert_contains(txt, "Vastgesteld");
		assert_contains(txt, "3 juni 2025");
		assert_contains(txt, "Lezen, spelling en dyslexie");
		assert_contains(txt, "op school (niveau 2, 3)");
		assert_contains(txt, "via het samenwerkingsverband");
		assert_contains(txt, "Intern begeleider (2)");
		assert_contains(txt, "geen lift");
		assert_contains(txt, "\xEF\xBF\xBD"); /* U+FFFD for the invalid bytes */
		assert_contains(txt, "Alinea 120.");
		assert_contains(txt, "Advies van de medezeggenschapsraad");
		int pages = pdf_pages(&pdf);
		assert_true(pages >= 4);
		char last[64];
		snprintf(last, sizeof last, "pagina %d van %d", pages, pages);
		assert_contains(txt, last);
		free(txt);
		char *info = run_on_pdf(&pdf, "pdfinfo", "");
		assert_contains(info, "passend");
		assert_contains(info, "Basisschool De Brêgge");
		assert_contains(info, "A4");
		free(info);
	}
	buf_free(&pdf);
	buf_free(&out);
	school_free(&sc);
	profile_free(&p);
}

static void test_summary(void **state)
{
	(void)state;
	struct school sc;
	struct profile p;
	make_school(&sc);
	make_profile(&p);
	buf out = BUF_INIT;
	char err[256] = "";
	int rc = pdf_render_profile(&sc, &p, "SWV De Meierij", PDF_PARENT_SUMMARY, &out, err, sizeof err);
	if (rc != 0)
		fail_msg("render failed: %s", err);
	check_pdf_frame(&out);
	if (have_poppler()) {
		char *txt = run_on_pdf(&out, "pdftotext -layout", "-");
		assert_contains(txt, "Basisschool De Brêgge");
		assert_contains(txt, "2025/2026");
		assert_contains(txt, "Wat biedt deze school?");
		assert_contains(txt, "Hier kan de school helpen");
		assert_contains(txt, "Met hulp van het samenwerkingsverband");
		assert_contains(txt, "Waar liggen de grenzen?");
		assert_contains(txt, "Contact");
		assert_contains(txt, "coördinatie");
		assert_contains(txt, "<b>x</b>");
		assert_contains(txt, "pagina 1 van");
		assert_contains(txt, "0413-123456");
		int pages = pdf_pages(&out);
		assert_true(pages >= 1 && pages <= 2);
		free(txt);
	}
	buf_free(&out);
	school_free(&sc);
	profile_free(&p);
}

/* Every code of the taxonomy at once still fits the parent summary on two
 * pages (long lists go into two columns). */
static void test_summary_all_codes(void **state)
{
	(void)state;
	struct school sc;
	struct profile p;
	make_school(&sc);
	profile_init(&p);
	memcpy(p.school_year, "2025/2026", 10);
	const enum fact_kind kinds[] = {FK_NEED, FK_EXPERTISE, FK_FACILITY, FK_LIMIT, FK_ADMISSION};
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
		for (size_t i = 0; i < tax_count(kinds[k]); i++) {
			const struct tax_entry *t = tax_at(kinds[k], i);
			add_fact(&p, kinds[k], t->code, WHERE_SCHOOL, 1, i % 3 != 0, 0, NULL);
			if (kinds[k] == FK_NEED && i % 2)
				add_fact(&p, kinds[k], t->code, WHERE_EXTERN, -1, true, 0, NULL);
		}
	buf out = BUF_INIT;
	char err[256] = "";
	int rc = pdf_render_profile(&sc, &p, "Passenderwijs", PDF_PARENT_SUMMARY, &out, err, sizeof err);
	if (rc != 0)
		fail_msg("render failed: %s", err);
	check_pdf_frame(&out);
	if (have_poppler()) {
		int pages = pdf_pages(&out);
		assert_true(pages >= 1 && pages <= 2);
		char *txt = run_on_pdf(&out, "pdftotext -layout", "-");
		assert_contains(txt, "samenwerkingsverband Passenderwijs");
		free(txt);
	}
	buf_free(&out);
	school_free(&sc);
	profile_free(&p);
}

/* Pathological shapes: a word longer than a line, a heading of many lines,
 * one huge paragraph, and so many sections that the contents take pages. */
static void test_extremes(void **state)
{
	(void)state;
	struct school sc;
	struct profile p;
	make_school(&sc);
	profile_init(&p);
	memcpy(p.school_year, "2025/2026", 10);
	buf b = BUF_INIT;
	for (int i = 0; i < 3000; i++)
		buf_putc(&b, (char)('a' + i % 26));
	section_list_add(&p.sections, "woord", "Lang woord", buf_str(&b));
	buf_reset(&b);
	for (int i = 0; i < 300; i++)
		buf_puts(&b, "Kop ");
	section_list_add(&p.sections, "kop", buf_str(&b), "Tekst.");
	buf_reset(&b);
	for (int i = 0; i < 1500; i++)
		buf_puts(&b, "Een zin in een reusachtige alinea zonder witregels.\n");
	section_list_add(&p.sections, "alinea", "Reuzenalinea", buf_str(&b));
	buf_free(&b);
	for (int i = 0; i < 150; i++) {
		char h[32];
		snprintf(h, sizeof h, "Onderdeel %d", i + 1);
		section_list_add(&p.sections, "s", h, "Korte tekst.");
	}
	buf out = BUF_INIT;
	char err[256] = "";
	int rc = pdf_render_profile(&sc, &p, NULL, PDF_FULL, &out, err, sizeof err);
	if (rc != 0)
		fail_msg("render failed: %s", err);
	check_pdf_frame(&out);
	if (have_poppler()) {
		int pages = pdf_pages(&out);
		assert_true(pages > 10 && pages < PDF_MAX_PAGES);
		char *txt = run_on_pdf(&out, "pdftotext -layout", "-");
		assert_contains(txt, "Onderdeel 150");
		free(txt);
	}
	buf_free(&out);
	school_free(&sc);
	profile_free(&p);
}

/* A school and profile with nothing filled in still render. */
static void test_empty(void **state)
{
	(void)state;
	struct school sc;
	struct profile p;
	memset(&sc, 0, sizeof sc);
	profile_init(&p);
	for (int k = 0; k < 2; k++) {
		buf out = BUF_INIT;
		char err[256] = "";
		int rc = pdf_render_profile(&sc, &p, NULL, (enum pdf_kind)k, &out, err, sizeof err);
		if (rc != 0)
			fail_msg("render failed: %s", err);
		check_pdf_frame(&out);
		if (have_poppler()) {
			char *txt = run_on_pdf(&out, "pdftotext -layout", "-");
			assert_contains(txt, "Onbekende school");
			/* Full: title page with contents, then the content. */
			assert_contains(txt, k == PDF_FULL ? "pagina 1 van 2" : "pagina 1 van 1");
			free(txt);
		}
		buf_free(&out);
	}
	profile_free(&p);
}

/* Too much text or too many pages: an error, and out is left unchanged. */
static void test_limits(void **state)
{
	(void)state;
	struct school sc;
	struct profile p;
	make_school(&sc);
	profile_init(&p);
	size_t big = PDF_MAX_TEXT + 10;
	char *huge = xmalloc(big + 1);
	memset(huge, 'a', big);
	huge[big] = 0;
	section_list_add(&p.sections, "x", "Te groot", huge);
	free(huge);
	buf out = BUF_INIT;
	buf_puts(&out, "keep");
	char err[256] = "";
	assert_int_equal(pdf_render_profile(&sc, &p, NULL, PDF_FULL, &out, err, sizeof err), -1);
	assert_non_null(strstr(err, "te veel tekst"));
	assert_string_equal(buf_str(&out), "keep");
	profile_free(&p);

	/* Within the text limit but far beyond PDF_MAX_PAGES pages: many
	 * short paragraphs (each costs a line and paragraph spacing). */
	profile_init(&p);
	buf many = BUF_INIT;
	while (many.len < 700000)
		buf_puts(&many, "Korte alinea.\n\n");
	section_list_add(&p.sections, "x", "Veel alinea's", buf_str(&many));
	buf_free(&many);
	err[0] = 0;
	assert_int_equal(pdf_render_profile(&sc, &p, NULL, PDF_FULL, &out, err, sizeof err), -1);
	assert_non_null(strstr(err, "pagina's"));
	assert_string_equal(buf_str(&out), "keep");
	buf_free(&out);
	profile_free(&p);
	school_free(&sc);
}

struct job {
	const struct school *sc;
	const struct profile *p;
	int rc;
	size_t len;
};

static void *render_job(void *arg)
{
	struct job *j = arg;
	for (int i = 0; i < 3; i++) {
		buf out = BUF_INIT;
		char err[256];
		j->rc |= pdf_render_profile(j->sc, j->p, NULL, (enum pdf_kind)(i % 2), &out, err, sizeof err);
		if (i == 0)
			j->len = out.len;
		buf_free(&out);
	}
	return NULL;
}

/* Concurrent renders of the same profile do not interfere. */
static void test_threads(void **state)
{
	(void)state;
	struct school sc;
	struct profile p;
	make_school(&sc);
	make_profile(&p);
	pthread_t t[4];
	struct job jobs[4];
	for (int i = 0; i < 4; i++) {
		jobs[i] = (struct job){&sc, &p, 0, 0};
		assert_int_equal(pthread_create(&t[i], NULL, render_job, &jobs[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(jobs[i].rc, 0);
		assert_true(jobs[i].len > 1000);
	}
	school_free(&sc);
	profile_free(&p);
}

/* For sanitizer builds: fontconfig and pango's font map keep process-wide
 * caches (font patterns, the config loaded on pango's init thread) that
 * are never freed by design.  Only those libraries are exempted, so a
 * layout or buffer leaked by pdf.c is still reported. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\nleak:libpangoft2-1.0.so\n";
}

int main(void)
{
	/* Plain malloc for GObjects, so sanitizer builds can see a leaked
	 * layout (GSlice's magazines would keep it reachable). */
	setenv("G_SLICE", "always-malloc", 0);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full),    cmocka_unit_test(test_summary),
		cmocka_unit_test(test_empty),   cmocka_unit_test(test_limits),
		cmocka_unit_test(test_threads), cmocka_unit_test(test_summary_all_codes),
		cmocka_unit_test(test_extremes),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
