/*
 * pdf.c - support profile as PDF (cairo + pango).
 *
 * The document is built in three steps:
 *  1. build: the profile becomes a list of blocks (title lines, headings,
 *     paragraphs, bullet items, table-of-contents entries, rules, page
 *     breaks), each with its own PangoLayout (wrapped to its width) and the
 *     metrics of every line;
 *  2. paginate: the lines are placed on A4 pages, splitting paragraphs line
 *     by line where a page is full (with heading keep-with-next and simple
 *     orphan/widow control).  This gives the page of every heading and the
 *     total page count before anything is drawn;
 *  3. draw: the placed lines go to a cairo PDF surface that writes into a
 *     buffer, with a footer "school · schooljaar · pagina N van M" on every
 *     page, table-of-contents page numbers and links, and the PDF outline.
 * Because the table of contents reserves a fixed column for page numbers,
 * its layout does not depend on the numbers, so one layout pass suffices.
 *
 * All layouts come from one PangoContext per call with a fixed resolution
 * (72 dpi, so 1 pt = 1 user unit) and unhinted metrics, which matches what
 * the PDF surface renders; the context is built on the per-thread default
 * font map, so concurrent calls share nothing mutable.
 */
#include "render/pdf.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include "core/taxonomy.h"
#include "core/util.h"

/* ---- geometry (points) ---- */
#define PAGE_W 595.276
#define PAGE_H 841.890
#define MARGIN_L 66.0
#define MARGIN_R 66.0
#define MARGIN_T 62.0
#define CONTENT_BOTTOM (PAGE_H - 78.0)
#define CONTENT_W (PAGE_W - MARGIN_L - MARGIN_R)
#define FOOTER_RULE_Y (PAGE_H - 60.0)
#define FOOTER_BASE_Y (PAGE_H - 44.0)
#define TOC_NUM_W 34.0 /* column reserved for page numbers in the TOC */

#define FONT_FAMILY "DejaVu Sans, Sans"

/* ---- styles ---- */
enum style {
	ST_KICKER,   /* small coloured line above the title */
	ST_TITLE,    /* school name */
	ST_SUBTITLE, /* school year / place under the title */
	ST_META,     /* label/value line in the title block */
	ST_H1,
	ST_H2,
	ST_BODY,
	ST_BULLET,
	ST_NOTE,     /* grey italic remark */
	ST_TOC,
	ST__COUNT
};

struct style_def {
	const char *font;      /* Pango font description, without family */
	double rgb[3];
	double before, after;  /* space in points */
	double x;              /* left offset of the text within the content box */
	double spacing;        /* line spacing factor (0 = font default) */
	bool keep_next;        /* keep on the same page as the next lines */
};

static const struct style_def styles[ST__COUNT] = {
	[ST_KICKER] = {"Bold 10.5", {0.13, 0.36, 0.55}, 0, 6, 0, 0, true},
	[ST_TITLE] = {"Bold 24", {0.10, 0.16, 0.26}, 0, 6, 0, 1.1, true},
	[ST_SUBTITLE] = {"13", {0.33, 0.36, 0.40}, 0, 16, 0, 0, true},
	[ST_META] = {"10", {0.13, 0.13, 0.13}, 0, 3, 150, 1.2, false},
	[ST_H1] = {"Bold 16", {0.13, 0.30, 0.47}, 22, 8, 0, 1.1, true},
	[ST_H2] = {"Bold 12", {0.10, 0.16, 0.26}, 14, 5, 0, 1.1, true},
	[ST_BODY] = {"10", {0.13, 0.13, 0.13}, 0, 9, 0, 1.35, false},
	[ST_BULLET] = {"10", {0.13, 0.13, 0.13}, 0, 3, 18, 1.35, false},
	[ST_NOTE] = {"Italic 10", {0.40, 0.40, 0.40}, 0, 7, 0, 1.35, false},
	[ST_TOC] = {"10.5", {0.13, 0.13, 0.13}, 0, 5, 0, 1.2, false},
};

/* BK_ROW: two short list items side by side, kept together as one unit
 * (lay/marker on the left, lay2/marker2 on the right). */
enum bkind { BK_TEXT, BK_TOC, BK_RULE, BK_BREAK, BK_ROW };

struct block {
	enum bkind kind;
	enum style style;
	PangoLayout *lay;    /* NULL for rules and breaks */
	PangoLayout *marker; /* bullet, number or label drawn on the first line */
	double marker_x;
	PangoLayout *lay2, *marker2; /* BK_ROW: the right-hand item */
	double x2, marker2_x;
	double x;            /* text offset within the content box */
	double before, after;
	bool keep_next;
	int mark;            /* heading: index into doc.marks, else -1 */
	int target;          /* TOC entry: mark it points to, else -1 */
	int outline;         /* 0 = not in the outline, else level 1 or 2 */
	char *outline_text;  /* plain text for the outline */
	int nlines;
	double *ltop, *lbot, *lbase, *lx; /* per line, points, layout space */
	GSList *draw_line;   /* drawing cursor into the layout's lines */
};

struct frag {
	size_t blk;
	int first, n;
	int page;
	double y; /* page y of the top of line `first` */
};

struct mark {
	int page;
	double y;
};

struct doc {
	PangoContext *pc;
	PangoFontDescription *fonts[ST__COUNT];
	struct block *b;
	size_t nb, capb;
	struct frag *f;
	size_t nf, capf;
	struct mark *marks;
	size_t nmarks;
	int pages;
	double est_height; /* running total of block heights, for the page cap */
	bool too_big;
	char *footer_left; /* markup */
	char *err;
	size_t errlen;
};

/* ---- text hygiene ---- */

/* User text as valid UTF-8 without control characters: invalid bytes become
 * U+FFFD (pango requires valid UTF-8), CR is dropped, tabs become spaces and
 * newlines are kept only when keep_nl (else they become spaces).  Returns a
 * malloc'd string; s may be NULL. */
static char *clean_text(const char *s, bool keep_nl)
{
	if (!s)
		return xstrdup("");
	gchar *v = g_utf8_make_valid(s, -1);
	buf b = BUF_INIT;
	for (const char *p = v; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c == '\r')
			continue;
		if (c == '\n') {
			buf_putc(&b, keep_nl ? '\n' : ' ');
			continue;
		}
		if (c == '\t') {
			buf_putc(&b, ' ');
			continue;
		}
		/* C0/C1 controls and the noncharacters GMarkup rejects. */
		if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0xfffe || c == 0xffff)
			continue;
		buf_append(&b, p, (size_t)(g_utf8_next_char(p) - p));
	}
	g_free(v);
	return buf_detach(&b);
}

/* Append already-clean text to b escaped for Pango markup. */
static void esc_clean(buf *b, const char *clean)
{
	gchar *e = g_markup_escape_text(clean, -1);
	buf_puts(b, e);
	g_free(e);
}

/* Append raw user text to b, sanitised and escaped for Pango markup, on
 * one line. */
static void esc(buf *b, const char *raw)
{
	char *c = clean_text(raw, false);
	esc_clean(b, c);
	free(c);
}

static bool blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

/* "2025-06-03" -> "3 juni 2025"; anything else is returned cleaned as is.
 * Returns a malloc'd string. */
static char *dutch_date(const char *s)
{
	static const char *const months[12] = {"januari", "februari", "maart", "april", "mei", "juni",
					       "juli", "augustus", "september", "oktober", "november",
					       "december"};
	int y, m, d;
	char tail;
	if (s && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) >= 3 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= 31 && y >= 1900 && y <= 9999) {
		char out[48];
		snprintf(out, sizeof out, "%d %s %d", d, months[m - 1], y);
		return xstrdup(out);
	}
	return clean_text(s, false);
}

/* ---- blocks ---- */

static struct block *add_block(struct doc *d, enum bkind kind, enum style st)
{
	XGROW(d->b, d->nb, d->capb, 64);
	struct block *b = &d->b[d->nb++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->style = st;
	b->x = styles[st].x;
	b->before = styles[st].before;
	b->after = styles[st].after;
	b->keep_next = styles[st].keep_next;
	b->mark = -1;
	b->target = -1;
	return b;
}

static PangoLayout *make_layout(struct doc *d, enum style st, const char *markup, double width)
{
	PangoLayout *lay = pango_layout_new(d->pc);
	pango_layout_set_font_description(lay, d->fonts[st]);
	pango_layout_set_width(lay, pango_units_from_double(width));
	pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
	if (styles[st].spacing > 0)
		pango_layout_set_line_spacing(lay, (float)styles[st].spacing);
	/* Parse explicitly so a markup error is reported, not just logged. */
	PangoAttrList *attrs = NULL;
	char *text = NULL;
	GError *gerr = NULL;
	if (!pango_parse_markup(markup, -1, 0, &attrs, &text, NULL, &gerr)) {
		if (!d->err[0])
			snprintf(d->err, d->errlen, "PDF: interne opmaakfout: %s",
				 gerr ? gerr->message : "?");
		g_clear_error(&gerr);
		pango_layout_set_text(lay, "", 0);
		return lay;
	}
	pango_layout_set_text(lay, text, -1);
	/* A word broken because it is wider than the line (a URL, an e-mail
	 * address) must not get a hyphen that is not in the text. */
	pango_attr_list_insert_before(attrs, pango_attr_insert_hyphens_new(FALSE));
	pango_layout_set_attributes(lay, attrs);
	pango_attr_list_unref(attrs);
	g_free(text);
	return lay;
}

/* Record the metrics of every line of b->lay. */
static void measure(struct doc *d, struct block *b)
{
	int n = pango_layout_get_line_count(b->lay);
	b->nlines = n;
	b->ltop = xmalloc(4 * (size_t)(n > 0 ? n : 1) * sizeof(double));
	b->lbot = b->ltop + n;
	b->lbase = b->lbot + n;
	b->lx = b->lbase + n;
	PangoLayoutIter *it = pango_layout_get_iter(b->lay);
	int i = 0;
	do {
		int y0, y1;
		PangoRectangle log;
		pango_layout_iter_get_line_yrange(it, &y0, &y1);
		pango_layout_iter_get_line_extents(it, NULL, &log);
		if (i < n) {
			b->ltop[i] = pango_units_to_double(y0);
			b->lbot[i] = pango_units_to_double(y1);
			b->lbase[i] = pango_units_to_double(pango_layout_iter_get_baseline(it));
			b->lx[i] = pango_units_to_double(log.x);
		}
		i++;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	if (n > 0)
		d->est_height += b->lbot[n - 1] - b->ltop[0] + b->before + b->after;
	if (d->est_height > (double)PDF_MAX_PAGES * (CONTENT_BOTTOM - MARGIN_T))
		d->too_big = true;
}

/* A text block of style st from markup (already escaped). */
static struct block *text_block(struct doc *d, enum style st, const char *markup)
{
	struct block *b = add_block(d, BK_TEXT, st);
	double w = CONTENT_W - b->x;
	b->lay = make_layout(d, st, markup, w);
	measure(d, b);
	return b;
}

/* A marker layout ("•", "3.") and its x, right-aligned against text_x so
 * markers of any width end just before the item text. */
static PangoLayout *make_marker(struct doc *d, const char *marker, double text_x, double *x)
{
	PangoLayout *m = pango_layout_new(d->pc);
	pango_layout_set_font_description(m, d->fonts[ST_BULLET]);
	pango_layout_set_text(m, marker, -1);
	PangoRectangle log;
	pango_layout_get_extents(m, NULL, &log);
	*x = text_x - 6 - pango_units_to_double(log.width);
	if (*x < 0)
		*x = 0;
	return m;
}

static void bullet_block(struct doc *d, const char *marker, const char *markup);

/* Short list items (markup) in two columns when there are more than four,
 * read top to bottom then left to right; else one bullet per item. */
static void bullet_list(struct doc *d, char **items, size_t n)
{
	if (n <= 4) {
		for (size_t i = 0; i < n; i++)
			bullet_block(d, "\xE2\x80\xA2", items[i]);
		return;
	}
	size_t rows = (n + 1) / 2;
	double half = CONTENT_W / 2, ind = styles[ST_BULLET].x;
	for (size_t r = 0; r < rows; r++) {
		struct block *b = add_block(d, BK_ROW, ST_BULLET);
		b->lay = make_layout(d, ST_BULLET, items[r], half - ind - 8);
		b->marker = make_marker(d, "\xE2\x80\xA2", b->x, &b->marker_x);
		b->x2 = half + ind;
		if (r + rows < n) {
			b->lay2 = make_layout(d, ST_BULLET, items[r + rows], half - ind - 8);
			b->marker2 = make_marker(d, "\xE2\x80\xA2", b->x2, &b->marker2_x);
		}
		PangoRectangle l1, l2 = {0, 0, 0, 0};
		pango_layout_get_extents(b->lay, NULL, &l1);
		if (b->lay2)
			pango_layout_get_extents(b->lay2, NULL, &l2);
		b->nlines = 1;
		b->ltop = xcalloc(4, sizeof(double));
		b->lbot = b->ltop + 1;
		b->lbase = b->lbot + 1;
		b->lx = b->lbase + 1;
		b->lbot[0] = pango_units_to_double(l1.height > l2.height ? l1.height : l2.height);
		b->lbase[0] = pango_units_to_double(pango_layout_get_baseline(b->lay));
		d->est_height += b->lbot[0] + b->after;
	}
}

/* A bullet (or numbered) item: marker is plain text such as "•" or "3.". */
static void bullet_block(struct doc *d, const char *marker, const char *markup)
{
	struct block *b = text_block(d, ST_BULLET, markup);
	b->marker = make_marker(d, marker, b->x, &b->marker_x);
}

/* A label/value line in the title block: label left, value wrapped in the
 * column at styles[ST_META].x. */
static void meta_block(struct doc *d, const char *label, const char *value_markup)
{
	struct block *b = text_block(d, ST_META, value_markup);
	b->marker = pango_layout_new(d->pc);
	pango_layout_set_font_description(b->marker, d->fonts[ST_META]);
	buf m = BUF_INIT;
	buf_printf(&m, "<b>%s</b>", label);
	pango_layout_set_markup(b->marker, buf_str(&m), -1);
	buf_free(&m);
	b->marker_x = 0;
}

/* A heading; it gets a mark (destination for TOC and outline) and, when
 * outline > 0, an outline entry.  heading_clean is clean plain text. */
static int heading_block(struct doc *d, enum style st, const char *heading_clean, int outline)
{
	buf m = BUF_INIT;
	esc_clean(&m, heading_clean);
	struct block *b = text_block(d, st, buf_str(&m));
	buf_free(&m);
	b->mark = (int)d->nmarks++;
	b->outline = outline;
	b->outline_text = xstrdup(heading_clean);
	return b->mark;
}

/* A table-of-contents entry; returns its block index so the target mark
 * can be filled in when the heading is built. */
static size_t toc_block(struct doc *d, const char *heading_clean)
{
	struct block *b = add_block(d, BK_TOC, ST_TOC);
	buf m = BUF_INIT;
	esc_clean(&m, heading_clean);
	b->lay = make_layout(d, ST_TOC, buf_str(&m), CONTENT_W - TOC_NUM_W - 12);
	buf_free(&m);
	measure(d, b);
	return d->nb - 1;
}

static void rule_block(struct doc *d, double before, double after)
{
	struct block *b = add_block(d, BK_RULE, ST_BODY);
	b->before = before;
	b->after = after;
}

static void break_block(struct doc *d)
{
	add_block(d, BK_BREAK, ST_BODY);
}

/* ---- body text: paragraphs and bullet lists ---- */

/* Length of a list marker at the start of s ("• ", "- ", "* ", "– ", or
 * "12. " / "3) "), 0 when s does not start a list item.  For numbers the
 * marker text (without the space) is copied to num. */
static size_t list_marker(const char *s, char *num, size_t numlen)
{
	num[0] = 0;
	if (strncmp(s, "\xE2\x80\xA2 ", 4) == 0 || strncmp(s, "\xE2\x80\x93 ", 4) == 0)
		return 4;
	if ((s[0] == '-' || s[0] == '*') && s[1] == ' ')
		return 2;
	size_t i = 0;
	while (i < 3 && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i > 0 && (s[i] == '.' || s[i] == ')') && s[i + 1] == ' ' && i + 2 < numlen) {
		memcpy(num, s, i + 1);
		num[i + 1] = 0;
		return i + 2;
	}
	return 0;
}

/* Emit the item collected in cur (a paragraph, or a list item when marker
 * is non-empty). */
static void flush_item(struct doc *d, buf *cur, const char *marker, bool *after_list)
{
	if (cur->len == 0)
		return;
	if (d->too_big) { /* over the page cap already: stop laying out */
		buf_reset(cur);
		return;
	}
	buf m = BUF_INIT;
	esc_clean(&m, cur->data);
	if (marker[0]) {
		bullet_block(d, marker, buf_str(&m));
		*after_list = true;
	} else {
		struct block *b = text_block(d, ST_BODY, buf_str(&m));
		if (*after_list)
			b->before += 4; /* air between a list and the next paragraph */
		*after_list = false;
	}
	buf_free(&m);
	buf_reset(cur);
}

/* Section body: paragraphs separated by blank lines; lines that start with a
 * list marker are list items; other lines continue the current paragraph or
 * item (imported text is often hard-wrapped). */
static void body_blocks(struct doc *d, const char *raw)
{
	if (blank(raw)) {
		text_block(d, ST_NOTE, "Voor dit onderdeel is (nog) geen tekst ingevuld.");
		return;
	}
	char *text = clean_text(raw, true);
	buf cur = BUF_INIT;
	char marker[16] = "";
	bool after_list = false;
	char *save = NULL;
	/* strtok_r would merge blank lines, so split by hand. */
	for (char *line = text; line; line = save) {
		char *nl = strchr(line, '\n');
		save = nl ? nl + 1 : NULL;
		if (nl)
			*nl = 0;
		char *s = line;
		while (*s == ' ')
			s++;
		size_t e = strlen(s);
		while (e > 0 && s[e - 1] == ' ')
			s[--e] = 0;
		if (!*s) {
			flush_item(d, &cur, marker, &after_list);
			marker[0] = 0;
			continue;
		}
		char num[16];
		size_t ml = list_marker(s, num, sizeof num);
		if (ml) {
			flush_item(d, &cur, marker, &after_list);
			snprintf(marker, sizeof marker, "%s", num[0] ? num : "\xE2\x80\xA2");
			s += ml;
			while (*s == ' ')
				s++;
			buf_puts(&cur, s);
			continue;
		}
		if (cur.len)
			buf_putc(&cur, ' ');
		buf_puts(&cur, s);
	}
	flush_item(d, &cur, marker, &after_list);
	buf_free(&cur);
	free(text);
}

/* ---- facts ---- */

struct fref {
	const struct fact *f;
	const struct tax_entry *t;
};

static int fref_cmp(const void *a, const void *b)
{
	const struct fref *x = a, *y = b;
	int ix = x->t ? x->t->index : 100000, iy = y->t ? y->t->index : 100000;
	if (ix != iy)
		return ix < iy ? -1 : 1;
	int c = strcmp(x->f->code ? x->f->code : "", y->f->code ? y->f->code : "");
	if (c)
		return c;
	if (x->f->where != y->f->where)
		return (int)x->f->where - (int)y->f->where;
	return x->f < y->f ? -1 : x->f > y->f;
}

/* The facts of one kind, sorted in taxonomy order.  Returns a malloc'd
 * array (n elements, possibly 0). */
static struct fref *facts_of(const struct profile *p, enum fact_kind k, size_t *n)
{
	struct fref *v = xmalloc((p->facts.n ? p->facts.n : 1) * sizeof *v);
	size_t m = 0;
	for (size_t i = 0; i < p->facts.n; i++) {
		const struct fact *f = &p->facts.v[i];
		if (f->kind != k)
			continue;
		v[m].f = f;
		v[m].t = f->code ? tax_find(k, f->code) : NULL;
		m++;
	}
	qsort(v, m, sizeof *v, fref_cmp);
	*n = m;
	return v;
}

static bool same_code(const struct fact *a, const struct fact *b)
{
	return str_eq(a->code, b->code);
}

/* Escaped label of a fact: the taxonomy's label (or parent_label), else the
 * code itself. */
static void put_label(buf *m, const struct fref *r, bool parent)
{
	if (r->t)
		esc(m, parent && r->t->parent_label ? r->t->parent_label : r->t->label);
	else
		esc(m, r->f->code ? r->f->code : "onbekend");
}

/* Label starting with a lower-case letter ("Lift" -> "lift"), but leave
 * acronyms ("VVE") alone. */
static void put_label_lower(buf *m, const struct fref *r, bool parent)
{
	buf t = BUF_INIT;
	put_label(&t, r, parent);
	char *s = t.data ? t.data : (char *)"";
	if (s[0] >= 'A' && s[0] <= 'Z' && !(s[1] >= 'A' && s[1] <= 'Z'))
		s[0] = (char)(s[0] - 'A' + 'a');
	buf_puts(m, s);
	buf_free(&t);
}

static void put_levels(buf *m, unsigned levels)
{
	bool first = true;
	for (int n = 1; n <= LEVELS_MAX; n++) {
		if (!(levels & (1u << n)))
			continue;
		buf_printf(m, first ? "niveau %d" : ", %d", n);
		first = false;
	}
}

static void put_note(buf *m, const struct fact *f)
{
	if (!blank(f->value)) {
		buf_puts(m, " \xE2\x80\x94 ");
		esc(m, f->value);
	}
}

static void facts_needs(struct doc *d, const struct profile *p)
{
	size_t n;
	struct fref *v = facts_of(p, FK_NEED, &n);
	if (n) {
		heading_block(d, ST_H2, "Onderwijsbehoeften", 2);
		text_block(d, ST_BODY, "Voor deze onderwerpen beschrijft de school een aanbod:");
	}
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && same_code(v[i].f, v[j].f))
			j++;
		buf m = BUF_INIT;
		buf_puts(&m, "<b>");
		put_label(&m, &v[i], false);
		buf_puts(&m, "</b>");
		bool first = true;
		for (size_t k = i; k < j; k++) {
			const struct fact *f = v[k].f;
			bool has = f->where != WHERE_NONE || f->levels;
			if (!has && blank(f->value))
				continue;
			buf_puts(&m, first ? ": " : "; ");
			first = false;
			if (f->where == WHERE_SCHOOL)
				buf_puts(&m, "op school");
			else if (f->where == WHERE_EXTERN)
				buf_puts(&m, "via het samenwerkingsverband");
			if (f->levels) {
				buf_puts(&m, f->where != WHERE_NONE ? " (" : "");
				put_levels(&m, f->levels);
				buf_puts(&m, f->where != WHERE_NONE ? ")" : "");
			}
			put_note(&m, f);
		}
		bullet_block(d, "\xE2\x80\xA2", buf_str(&m));
		buf_free(&m);
		i = j;
	}
	free(v);
}

static const char *where_other(enum fact_where w)
{
	return w == WHERE_EXTERN ? " (buiten de school)" : "";
}

static void facts_expertise(struct doc *d, const struct profile *p)
{
	size_t n;
	struct fref *v = facts_of(p, FK_EXPERTISE, &n);
	if (n)
		heading_block(d, ST_H2, "Specialisten en expertise", 2);
	for (size_t i = 0; i < n; i++) {
		buf m = BUF_INIT;
		buf_puts(&m, "<b>");
		put_label(&m, &v[i], false);
		buf_puts(&m, "</b>");
		if (v[i].f->count >= 0)
			buf_printf(&m, " (%d)", v[i].f->count);
		buf_puts(&m, where_other(v[i].f->where));
		put_note(&m, v[i].f);
		bullet_block(d, "\xE2\x80\xA2", buf_str(&m));
		buf_free(&m);
	}
	free(v);
}

static void facts_facilities(struct doc *d, const struct profile *p)
{
	size_t n;
	struct fref *v = facts_of(p, FK_FACILITY, &n);
	if (n)
		heading_block(d, ST_H2, "Voorzieningen", 2);
	/* What the school has first, then what it explicitly does not have. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			const struct fact *f = v[i].f;
			if (f->present != (pass == 0))
				continue;
			buf m = BUF_INIT;
			if (f->present) {
				buf_puts(&m, "<b>");
				put_label(&m, &v[i], false);
				buf_puts(&m, "</b>");
			} else {
				buf_puts(&m, "geen ");
				put_label_lower(&m, &v[i], false);
			}
			buf_puts(&m, where_other(f->where));
			put_note(&m, f);
			bullet_block(d, "\xE2\x80\xA2", buf_str(&m));
			buf_free(&m);
		}
	}
	free(v);
}

/* Limits and admission rules: a plain list of labels with notes. */
static void facts_simple(struct doc *d, const struct profile *p, enum fact_kind k, const char *title)
{
	size_t n;
	struct fref *v = facts_of(p, k, &n);
	if (n)
		heading_block(d, ST_H2, title, 2);
	for (size_t i = 0; i < n; i++) {
		buf m = BUF_INIT;
		buf_puts(&m, "<b>");
		put_label(&m, &v[i], false);
		buf_puts(&m, "</b>");
		put_note(&m, v[i].f);
		bullet_block(d, "\xE2\x80\xA2", buf_str(&m));
		buf_free(&m);
	}
	free(v);
}

static void facts_partners(struct doc *d, const struct profile *p)
{
	bool any = false;
	for (size_t i = 0; i < p->facts.n; i++) {
		const struct fact *f = &p->facts.v[i];
		if (f->kind != FK_PARTNER || blank(f->value))
			continue;
		if (!any)
			heading_block(d, ST_H2, "Samenwerkingspartners", 2);
		any = true;
		buf m = BUF_INIT;
		esc(&m, f->value);
		bullet_block(d, "\xE2\x80\xA2", buf_str(&m));
		buf_free(&m);
	}
}

static void facts_levels(struct doc *d, const struct profile *p)
{
	for (size_t i = 0; i < p->facts.n; i++) {
		const struct fact *f = &p->facts.v[i];
		if (f->kind != FK_LEVELS || f->count <= 0)
			continue;
		buf m = BUF_INIT;
		buf_printf(&m, "Het ondersteuningsmodel van de school kent %d niveau%s.", f->count,
			   f->count == 1 ? "" : "s");
		put_note(&m, f);
		text_block(d, ST_BODY, buf_str(&m));
		buf_free(&m);
		return;
	}
}

static bool has_kind(const struct profile *p, enum fact_kind k)
{
	for (size_t i = 0; i < p->facts.n; i++)
		if (p->facts.v[i].kind == k)
			return true;
	return false;
}

/* ---- the two documents ---- */

static const char *in_short = "Ondersteuning in het kort";
static const char *mr_title = "Advies van de medezeggenschapsraad";

static void build_full(struct doc *d, const struct school *sc, const struct profile *p,
		       const char *swv_name, const char *name, const char *year)
{
	buf m = BUF_INIT;

	/* Title block. */
	text_block(d, ST_KICKER, "<span letter_spacing='1200'>SCHOOLONDERSTEUNINGSPROFIEL</span>");
	esc_clean(&m, name);
	text_block(d, ST_TITLE, buf_str(&m));
	buf_reset(&m);
	buf_puts(&m, "Schooljaar ");
	esc_clean(&m, year);
	text_block(d, ST_SUBTITLE, buf_str(&m));
	buf_reset(&m);
	if (!blank(sc->place)) {
		esc(&m, sc->place);
		meta_block(d, "Plaats", buf_str(&m));
		buf_reset(&m);
	}
	if (sc->brin[0]) {
		esc(&m, sc->brin);
		if (sc->vestiging[0]) {
			buf_puts(&m, " \xC2\xB7 vestiging ");
			esc(&m, sc->vestiging);
		}
		meta_block(d, "BRIN", buf_str(&m));
		buf_reset(&m);
	}
	if (!blank(swv_name) || !blank(sc->swv_code)) {
		esc(&m, !blank(swv_name) ? swv_name : sc->swv_code);
		meta_block(d, "Samenwerkingsverband", buf_str(&m));
		buf_reset(&m);
	}
	esc(&m, profile_status_label(p->status));
	if (p->version > 0)
		buf_printf(&m, " \xC2\xB7 versie %d", p->version);
	meta_block(d, "Status", buf_str(&m));
	buf_reset(&m);
	const struct {
		const char *label, *date;
	} dates[] = {{"Advies MR", p->date_mr},
		     {"Vastgesteld", p->date_set},
		     {"Gepubliceerd", p->date_published}};
	for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
		if (blank(dates[i].date))
			continue;
		char *dd = dutch_date(dates[i].date);
		esc_clean(&m, dd);
		free(dd);
		meta_block(d, dates[i].label, buf_str(&m));
		buf_reset(&m);
	}
	rule_block(d, 12, 4);

	/* Table of contents; the targets are filled in as the headings are
	 * built below. */
	text_block(d, ST_H1, "Inhoud");
	bool has_summary = !blank(p->summary);
	bool has_mr = !blank(p->mr_advice);
	char **heads = xcalloc(p->sections.n + 1, sizeof *heads);
	size_t *toc = xcalloc(p->sections.n + 1, sizeof *toc);
	size_t toc_sum = has_summary ? toc_block(d, "Samenvatting") : 0;
	for (size_t i = 0; i < p->sections.n; i++) {
		const struct section *s = &p->sections.v[i];
		const char *h = !blank(s->heading) ? s->heading : !blank(s->key) ? s->key : "Zonder titel";
		heads[i] = clean_text(h, false);
		toc[i] = toc_block(d, heads[i]);
	}
	size_t toc_short = toc_block(d, in_short);
	size_t toc_mr = has_mr ? toc_block(d, mr_title) : 0;
	break_block(d);

	if (has_summary) {
		{
			int mk = heading_block(d, ST_H1, "Samenvatting", 1); /* may move d->b */
			d->b[toc_sum].target = mk;
		}
		body_blocks(d, p->summary);
	}
	for (size_t i = 0; i < p->sections.n && !d->too_big; i++) {
		d->b[toc[i]].target = heading_block(d, ST_H1, heads[i], 1);
		body_blocks(d, p->sections.v[i].body);
	}
	for (size_t i = 0; i < p->sections.n; i++)
		free(heads[i]);
	free(heads);
	free(toc);

	{
		int mk = heading_block(d, ST_H1, in_short, 1); /* may move d->b */
		d->b[toc_short].target = mk;
	}
	facts_levels(d, p);
	facts_needs(d, p);
	facts_expertise(d, p);
	facts_facilities(d, p);
	facts_simple(d, p, FK_LIMIT, "Grenzen aan de ondersteuning");
	facts_simple(d, p, FK_ADMISSION, "Toelating");
	facts_partners(d, p);
	if (!has_kind(p, FK_NEED) && !has_kind(p, FK_EXPERTISE) && !has_kind(p, FK_FACILITY) &&
	    !has_kind(p, FK_LIMIT) && !has_kind(p, FK_ADMISSION) && !has_kind(p, FK_PARTNER) &&
	    !has_kind(p, FK_LEVELS))
		text_block(d, ST_NOTE, "Voor dit profiel zijn (nog) geen gegevens vastgelegd.");

	if (has_mr) {
		{
			int mk = heading_block(d, ST_H1, mr_title, 1); /* may move d->b */
			d->b[toc_mr].target = mk;
		}
		if (!blank(p->date_mr)) {
			char *dd = dutch_date(p->date_mr);
			buf_puts(&m, "Advies uitgebracht op ");
			esc_clean(&m, dd);
			buf_puts(&m, ".");
			free(dd);
			text_block(d, ST_NOTE, buf_str(&m));
			buf_reset(&m);
		}
		body_blocks(d, p->mr_advice);
	}
	buf_free(&m);
}

/* A comma-separated sentence list "a, b en c" of the labels of facts of kind
 * k that pass the filter; returns the number of items. */
static size_t label_list(buf *m, const struct profile *p, enum fact_kind k, int where, int present)
{
	size_t n, cnt = 0, total = 0;
	struct fref *v = facts_of(p, k, &n);
	/* Keep one entry per code; count them first to place the "en". */
	bool *keep = xcalloc(n ? n : 1, sizeof *keep);
	const char *last = NULL;
	for (size_t i = 0; i < n; i++) {
		if ((where >= 0 && (int)v[i].f->where != where) ||
		    (present >= 0 && v[i].f->present != (present == 1)))
			continue;
		if (total > 0 && str_eq(last, v[i].f->code))
			continue;
		last = v[i].f->code;
		keep[i] = true;
		total++;
	}
	for (size_t i = 0; i < n; i++) {
		if (!keep[i])
			continue;
		if (cnt > 0)
			buf_puts(m, cnt + 1 == total ? " en " : ", ");
		put_label_lower(m, &v[i], true);
		if (k == FK_EXPERTISE && v[i].f->count > 1)
			buf_printf(m, " (%d)", v[i].f->count);
		cnt++;
	}
	free(keep);
	free(v);
	return cnt;
}

/* Bullets for the needs with the given where (WHERE_SCHOOL also takes the
 * needs whose place is not stated). */
static size_t need_bullets(struct doc *d, const struct profile *p, enum fact_where where)
{
	size_t n, cnt = 0;
	struct fref *v = facts_of(p, FK_NEED, &n);
	char **items = xcalloc(n ? n : 1, sizeof *items);
	for (size_t i = 0; i < n; i++) {
		enum fact_where w = v[i].f->where;
		bool match = where == WHERE_SCHOOL ? w != WHERE_EXTERN : w == WHERE_EXTERN;
		if (!match)
			continue;
		/* One bullet per code even when a need is listed twice. */
		bool dup = false;
		for (size_t j = 0; j < i; j++)
			if (same_code(v[j].f, v[i].f) &&
			    (where == WHERE_SCHOOL ? v[j].f->where != WHERE_EXTERN
						   : v[j].f->where == WHERE_EXTERN))
				dup = true;
		if (dup)
			continue;
		buf m = BUF_INIT;
		put_label(&m, &v[i], true);
		items[cnt++] = buf_detach(&m);
	}
	bullet_list(d, items, cnt);
	for (size_t i = 0; i < cnt; i++)
		free(items[i]);
	free(items);
	free(v);
	return cnt;
}

/* The labels of one kind's facts (sorted, one per code) as a bullet list. */
static void label_bullets(struct doc *d, const struct fref *v, size_t n)
{
	char **items = xcalloc(n ? n : 1, sizeof *items);
	size_t cnt = 0;
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && same_code(v[i].f, v[i - 1].f))
			continue;
		buf m = BUF_INIT;
		put_label(&m, &v[i], true);
		items[cnt++] = buf_detach(&m);
	}
	bullet_list(d, items, cnt);
	for (size_t i = 0; i < cnt; i++)
		free(items[i]);
	free(items);
}

/* "samenwerkingsverband X", unless the name already says so ("SWV X"). */
static void put_swv(buf *m, const char *swv_name)
{
	const char *s = swv_name;
	while (*s == ' ')
		s++;
	if (!str_istarts(s, "swv") && !str_istarts(s, "samenwerkingsverband"))
		buf_puts(m, "samenwerkingsverband ");
	esc(m, swv_name);
}

static void build_summary(struct doc *d, const struct school *sc, const struct profile *p,
			  const char *swv_name, const char *name, const char *year)
{
	buf m = BUF_INIT;
	text_block(d, ST_KICKER, "<span letter_spacing='1200'>VOOR OUDERS EN VERZORGERS</span>");
	buf_puts(&m, "Ondersteuning op ");
	esc_clean(&m, name);
	text_block(d, ST_TITLE, buf_str(&m));
	buf_reset(&m);
	if (!blank(sc->place)) {
		esc(&m, sc->place);
		buf_puts(&m, " \xC2\xB7 ");
	}
	buf_puts(&m, "schooljaar ");
	esc_clean(&m, year);
	text_block(d, ST_SUBTITLE, buf_str(&m));
	buf_reset(&m);
	rule_block(d, 0, 2);

	heading_block(d, ST_H1, "Wat biedt deze school?", 1);
	if (!blank(p->summary)) {
		body_blocks(d, p->summary);
	} else {
		buf_puts(&m, "Elke school helpt kinderen die wat extra nodig hebben. ");
		esc_clean(&m, name);
		buf_puts(&m, " beschrijft in het schoolondersteuningsprofiel welke hulp de school "
			     "zelf kan geven en wanneer er hulp van buiten nodig is. Hieronder leest u "
			     "de belangrijkste punten.");
		text_block(d, ST_BODY, buf_str(&m));
		buf_reset(&m);
	}
	buf_puts(&m, "Op school werken onder meer: ");
	if (label_list(&m, p, FK_EXPERTISE, -1, -1)) {
		buf_puts(&m, ".");
		text_block(d, ST_BODY, buf_str(&m));
	}
	buf_reset(&m);
	buf_puts(&m, "De school heeft: ");
	if (label_list(&m, p, FK_FACILITY, -1, 1)) {
		buf_puts(&m, ".");
		text_block(d, ST_BODY, buf_str(&m));
	}
	buf_reset(&m);

	heading_block(d, ST_H1, "Hier kan de school helpen", 1);
	if (need_bullets(d, p, WHERE_SCHOOL) == 0)
		text_block(d, ST_BODY, "Het profiel noemt hier geen aparte onderwerpen. Vraag de "
				       "school gerust wat er mogelijk is voor uw kind.");

	heading_block(d, ST_H1, "Met hulp van het samenwerkingsverband", 1);
	buf_puts(&m, "Soms is meer nodig dan de school zelf kan bieden. Dan werkt de school samen met ");
	if (!blank(swv_name)) {
		put_swv(&m, swv_name);
	} else {
		buf_puts(&m, "het samenwerkingsverband");
	}
	buf_puts(&m, " en andere organisaties.");
	text_block(d, ST_BODY, buf_str(&m));
	buf_reset(&m);
	need_bullets(d, p, WHERE_EXTERN);
	bool partners = false;
	for (size_t i = 0; i < p->facts.n; i++) {
		const struct fact *f = &p->facts.v[i];
		if (f->kind != FK_PARTNER || blank(f->value))
			continue;
		buf_puts(&m, partners ? ", " : "De school werkt onder meer samen met: ");
		esc(&m, f->value);
		partners = true;
	}
	if (partners) {
		buf_puts(&m, ".");
		text_block(d, ST_BODY, buf_str(&m))->before = 4;
	}
	buf_reset(&m);

	heading_block(d, ST_H1, "Waar liggen de grenzen?", 1);
	size_t nl, na;
	struct fref *lim = facts_of(p, FK_LIMIT, &nl);
	struct fref *adm = facts_of(p, FK_ADMISSION, &na);
	size_t absent = 0;
	for (size_t i = 0; i < p->facts.n; i++)
		if (p->facts.v[i].kind == FK_FACILITY && !p->facts.v[i].present)
			absent++;
	if (nl) {
		text_block(d, ST_BODY, "Soms kan de school een kind niet (meer) de hulp geven die het "
				       "nodig heeft. Dat kan bijvoorbeeld gaan om:");
		label_bullets(d, lim, nl);
	}
	if (absent) {
		buf_puts(&m, "Let op: in het gebouw is geen ");
		label_list(&m, p, FK_FACILITY, -1, 0);
		buf_puts(&m, ".");
		text_block(d, ST_BODY, buf_str(&m))->before = nl ? 4 : 0;
		buf_reset(&m);
	}
	if (na) {
		text_block(d, ST_BODY, "Bij de aanmelding let de school op:")->before = (nl || absent) ? 4 : 0;
		label_bullets(d, adm, na);
	}
	if (!nl && !absent && !na)
		text_block(d, ST_BODY, "Het profiel noemt geen grenzen. Heeft u vragen over wat de "
				       "school wel of niet kan? Bespreek ze met de school.");
	free(lim);
	free(adm);

	heading_block(d, ST_H1, "Contact", 1);
	esc_clean(&m, name);
	meta_block(d, "School", buf_str(&m));
	buf_reset(&m);
	if (!blank(sc->address) || !blank(sc->postcode) || !blank(sc->place)) {
		bool any = false;
		if (!blank(sc->address)) {
			esc(&m, sc->address);
			any = true;
		}
		if (!blank(sc->postcode) || !blank(sc->place)) {
			if (any)
				buf_puts(&m, ", ");
			if (!blank(sc->postcode)) {
				esc(&m, sc->postcode);
				buf_puts(&m, " ");
			}
			esc(&m, sc->place);
		}
		meta_block(d, "Adres", buf_str(&m));
		buf_reset(&m);
	}
	const struct {
		const char *label, *v;
	} contact[] = {{"Telefoon", sc->phone}, {"E-mail", sc->email}, {"Website", sc->website}};
	for (size_t i = 0; i < sizeof contact / sizeof contact[0]; i++) {
		if (blank(contact[i].v))
			continue;
		esc(&m, contact[i].v);
		meta_block(d, contact[i].label, buf_str(&m));
		buf_reset(&m);
	}
	buf_puts(&m, "Wilt u meer weten? Maak een afspraak met de intern begeleider of vraag het "
		     "volledige schoolondersteuningsprofiel op bij de school.");
	if (!blank(swv_name)) {
		buf_puts(&m, " U kunt ook terecht bij het ouder- en jeugdsteunpunt van ");
		put_swv(&m, swv_name);
		buf_puts(&m, ".");
	}
	text_block(d, ST_BODY, buf_str(&m))->before = 8;
	buf_free(&m);
}

/* ---- pagination ---- */

static double block_height(const struct block *b, int from, int n)
{
	if (!b->lay || b->nlines == 0 || n <= 0)
		return b->kind == BK_RULE ? 1 : 0;
	if (from + n > b->nlines)
		n = b->nlines - from;
	return b->lbot[from + n - 1] - b->ltop[from];
}

static void add_frag(struct doc *d, size_t blk, int first, int n, int page, double y)
{
	XGROW(d->f, d->nf, d->capf, 128);
	d->f[d->nf++] = (struct frag){blk, first, n, page, y};
}

static int new_page(struct doc *d, int *page, double *y)
{
	if (*page >= PDF_MAX_PAGES) {
		snprintf(d->err, d->errlen, "PDF: het document wordt langer dan %d pagina's",
			 PDF_MAX_PAGES);
		return -1;
	}
	(*page)++;
	*y = MARGIN_T;
	return 0;
}

static int paginate(struct doc *d)
{
	int page = 1;
	double y = MARGIN_T;
	const double top = MARGIN_T, bottom = CONTENT_BOTTOM;
	for (size_t bi = 0; bi < d->nb; bi++) {
		struct block *b = &d->b[bi];
		if (b->kind == BK_BREAK) {
			if (y > top && new_page(d, &page, &y))
				return -1;
			continue;
		}
		double sb = y > top ? b->before : 0;
		if (b->kind == BK_RULE) {
			if (y + sb + 1 > bottom) {
				if (new_page(d, &page, &y))
					return -1;
				sb = 0;
			}
			add_frag(d, bi, 0, 0, page, y + sb);
			y += sb + 1 + b->after;
			continue;
		}
		int n = b->nlines;
		/* Keep a heading with the first lines of what follows; keep at
		 * least two lines of a paragraph together at a page's foot. */
		double need = sb + block_height(b, 0, n < 2 ? n : 2);
		if (b->keep_next) {
			need = sb + block_height(b, 0, n) + b->after;
			for (size_t k = bi + 1; k < d->nb; k++) {
				const struct block *nb = &d->b[k];
				if (nb->kind == BK_BREAK)
					break;
				need += nb->before + block_height(nb, 0, nb->keep_next ? nb->nlines : 2);
				if (!nb->keep_next)
					break;
				need += nb->after;
			}
		}
		if (y > top && y + need > bottom) {
			if (new_page(d, &page, &y))
				return -1;
			sb = 0;
		}
		y += sb;
		int start = 0, i = 0;
		double fy = y;
		bool first = true;
		while (i < n) {
			double h = b->lbot[i] - b->ltop[i];
			if (y + h > bottom + 0.01 && y > top) {
				int brk = i;
				/* Do not leave the last line alone on the next page. */
				if (i == n - 1 && i - start >= 3)
					brk = i - 1;
				if (brk > start) {
					if (first && b->mark >= 0)
						d->marks[b->mark] = (struct mark){page, fy};
					first = false;
					add_frag(d, bi, start, brk - start, page, fy);
				}
				if (new_page(d, &page, &y))
					return -1;
				fy = y;
				start = i = brk;
				continue;
			}
			/* y = top: the line is placed even if taller than a page. */
			y = fy + (b->lbot[i] - b->ltop[start]);
			i++;
		}
		if (n > start) {
			if (first && b->mark >= 0)
				d->marks[b->mark] = (struct mark){page, fy};
			add_frag(d, bi, start, n - start, page, fy);
		}
		y += b->after;
	}
	d->pages = page;
	return 0;
}

/* ---- drawing ---- */

static void set_rgb(cairo_t *cr, const double *c)
{
	cairo_set_source_rgb(cr, c[0], c[1], c[2]);
}

static void draw_footer(struct doc *d, cairo_t *cr, PangoLayout *left, PangoLayout *right, int page)
{
	cairo_set_source_rgb(cr, 0.75, 0.78, 0.82);
	cairo_set_line_width(cr, 0.6);
	cairo_move_to(cr, MARGIN_L, FOOTER_RULE_Y);
	cairo_line_to(cr, PAGE_W - MARGIN_R, FOOTER_RULE_Y);
	cairo_stroke(cr);
	cairo_set_source_rgb(cr, 0.35, 0.38, 0.42);
	int base = pango_layout_get_baseline(left);
	cairo_move_to(cr, MARGIN_L, FOOTER_BASE_Y - pango_units_to_double(base));
	pango_cairo_show_layout(cr, left);
	char s[64];
	snprintf(s, sizeof s, "pagina %d van %d", page, d->pages);
	pango_layout_set_text(right, s, -1);
	PangoRectangle log;
	pango_layout_get_extents(right, NULL, &log);
	cairo_move_to(cr, PAGE_W - MARGIN_R - pango_units_to_double(log.width),
		      FOOTER_BASE_Y - pango_units_to_double(pango_layout_get_baseline(right)));
	pango_cairo_show_layout(cr, right);
}

static void draw_frag(struct doc *d, cairo_t *cr, PangoLayout *num, const struct frag *f)
{
	struct block *b = &d->b[f->blk];
	if (b->kind == BK_RULE) {
		cairo_set_source_rgb(cr, 0.75, 0.78, 0.82);
		cairo_set_line_width(cr, 0.8);
		cairo_move_to(cr, MARGIN_L, f->y + 0.5);
		cairo_line_to(cr, PAGE_W - MARGIN_R, f->y + 0.5);
		cairo_stroke(cr);
		return;
	}
	if (b->kind == BK_ROW) {
		set_rgb(cr, styles[b->style].rgb);
		double by = f->y + b->lbase[0];
		cairo_move_to(cr, MARGIN_L + b->x, f->y);
		pango_cairo_show_layout(cr, b->lay);
		cairo_move_to(cr, MARGIN_L + b->marker_x, by);
		pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(b->marker, 0));
		if (b->lay2) {
			cairo_move_to(cr, MARGIN_L + b->x2, f->y);
			pango_cairo_show_layout(cr, b->lay2);
			cairo_move_to(cr, MARGIN_L + b->marker2_x, by);
			pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(b->marker2, 0));
		}
		return;
	}
	if (f->first == 0)
		b->draw_line = pango_layout_get_lines_readonly(b->lay);
	double x0 = MARGIN_L + b->x;
	double top = b->ltop[f->first];
	set_rgb(cr, styles[b->style].rgb);
	/* A heading is a named destination for the TOC links (cairo 1.16
	 * drops the target of "page=" links to pages not yet drawn). */
	bool dest = f->first == 0 && b->mark >= 0;
	if (dest) {
		char name[32];
		snprintf(name, sizeof name, "name='m%d'", b->mark);
		cairo_tag_begin(cr, CAIRO_TAG_DEST, name);
	}
	for (int i = f->first; i < f->first + f->n && b->draw_line; i++) {
		PangoLayoutLine *line = b->draw_line->data;
		double by = f->y + b->lbase[i] - top;
		cairo_move_to(cr, x0 + b->lx[i], by);
		pango_cairo_show_layout_line(cr, line);
		if (i == 0 && b->marker) {
			cairo_move_to(cr, MARGIN_L + b->marker_x, by);
			pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(b->marker, 0));
		}
		if (b->kind == BK_TOC && i == b->nlines - 1 && b->target >= 0) {
			const struct mark *mk = &d->marks[b->target];
			char s[16];
			snprintf(s, sizeof s, "%d", mk->page);
			pango_layout_set_text(num, s, -1);
			PangoRectangle log, ll;
			pango_layout_get_extents(num, NULL, &log);
			double nx = PAGE_W - MARGIN_R - pango_units_to_double(log.width);
			cairo_move_to(cr, nx, by);
			pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(num, 0));
			/* Dotted leader from the end of the title to the number. */
			pango_layout_line_get_extents(line, NULL, &ll);
			double lx0 = x0 + b->lx[i] + pango_units_to_double(ll.width) + 6;
			if (nx - 6 > lx0) {
				static const double dash[2] = {0.01, 3.5};
				cairo_save(cr);
				cairo_set_source_rgb(cr, 0.55, 0.58, 0.62);
				cairo_set_line_width(cr, 1.0);
				cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
				cairo_set_dash(cr, dash, 2, 0);
				cairo_move_to(cr, lx0, by - 0.5);
				cairo_line_to(cr, nx - 6, by - 0.5);
				cairo_stroke(cr);
				cairo_restore(cr);
			}
			/* The whole entry links to the heading.  Integers only:
			 * %f would follow LC_NUMERIC. */
			char attr[160];
			double ytop = f->y, h = b->lbot[b->nlines - 1] - top;
			snprintf(attr, sizeof attr, "rect=[%d %d %d %d] dest='m%d'", (int)MARGIN_L, (int)ytop,
				 (int)CONTENT_W, (int)(h + 1), b->target);
			cairo_tag_begin(cr, CAIRO_TAG_LINK, attr);
			cairo_tag_end(cr, CAIRO_TAG_LINK);
		}
		b->draw_line = b->draw_line->next;
	}
	if (dest)
		cairo_tag_end(cr, CAIRO_TAG_DEST);
}

static cairo_status_t write_cb(void *closure, const unsigned char *data, unsigned int len)
{
	buf_append(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

static int draw(struct doc *d, const char *title, const char *author, buf *out)
{
	cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(write_cb, out, PAGE_W, PAGE_H);
	cairo_t *cr = cairo_create(surf);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_AUTHOR, author);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "passend");
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_SUBJECT,
				       "Schoolondersteuningsprofiel (passend onderwijs)");

	PangoLayout *fl = pango_layout_new(d->pc), *fr = pango_layout_new(d->pc);
	PangoLayout *num = pango_layout_new(d->pc);
	PangoFontDescription *small = pango_font_description_from_string(FONT_FAMILY " 8.5");
	pango_layout_set_font_description(fl, small);
	pango_layout_set_font_description(fr, small);
	pango_layout_set_font_description(num, d->fonts[ST_TOC]);
	pango_font_description_free(small);
	pango_layout_set_markup(fl, d->footer_left, -1);
	pango_layout_set_width(fl, pango_units_from_double(CONTENT_W - 90));
	pango_layout_set_ellipsize(fl, PANGO_ELLIPSIZE_END);

	int page = 1;
	for (size_t i = 0; i < d->nf; i++) {
		while (page < d->f[i].page) {
			draw_footer(d, cr, fl, fr, page);
			cairo_show_page(cr);
			page++;
		}
		draw_frag(d, cr, num, &d->f[i]);
	}
	draw_footer(d, cr, fl, fr, page);

	/* Outline: level-2 entries hang under the last level-1 entry. */
	int parent = CAIRO_PDF_OUTLINE_ROOT;
	for (size_t i = 0; i < d->nb; i++) {
		const struct block *b = &d->b[i];
		if (!b->outline || b->mark < 0)
			continue;
		const struct mark *mk = &d->marks[b->mark];
		char attr[96];
		snprintf(attr, sizeof attr, "page=%d pos=[%d %d]", mk->page, (int)MARGIN_L,
			 (int)(mk->y > 8 ? mk->y - 8 : 0));
		int id = cairo_pdf_surface_add_outline(surf, b->outline == 1 ? CAIRO_PDF_OUTLINE_ROOT : parent,
						       b->outline_text, attr,
						       b->outline == 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
		if (b->outline == 1)
			parent = id;
	}

	g_object_unref(fl);
	g_object_unref(fr);
	g_object_unref(num);
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(surf);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(surf);
	cairo_surface_destroy(surf);
	if (st != CAIRO_STATUS_SUCCESS) {
		snprintf(d->err, d->errlen, "PDF: cairo: %s", cairo_status_to_string(st));
		return -1;
	}
	return 0;
}

/* ---- entry point ---- */

static size_t text_size(const struct profile *p)
{
	size_t n = 0;
	for (size_t i = 0; i < p->sections.n; i++) {
		const struct section *s = &p->sections.v[i];
		n += (s->heading ? strlen(s->heading) : 0) + (s->body ? strlen(s->body) : 0);
	}
	for (size_t i = 0; i < p->facts.n; i++)
		n += p->facts.v[i].value ? strlen(p->facts.v[i].value) : 0;
	n += p->summary ? strlen(p->summary) : 0;
	n += p->mr_advice ? strlen(p->mr_advice) : 0;
	return n;
}

static void doc_free(struct doc *d)
{
	for (size_t i = 0; i < d->nb; i++) {
		struct block *b = &d->b[i];
		if (b->lay)
			g_object_unref(b->lay);
		if (b->marker)
			g_object_unref(b->marker);
		if (b->lay2)
			g_object_unref(b->lay2);
		if (b->marker2)
			g_object_unref(b->marker2);
		free(b->ltop);
		free(b->outline_text);
	}
	free(d->b);
	free(d->f);
	free(d->marks);
	free(d->footer_left);
	for (int i = 0; i < ST__COUNT; i++)
		if (d->fonts[i])
			pango_font_description_free(d->fonts[i]);
	if (d->pc)
		g_object_unref(d->pc);
}

int pdf_render_profile(const struct school *sc, const struct profile *p, const char *swv_name,
		       enum pdf_kind kind, buf *out, char *err, size_t errlen)
{
	char dummy[1];
	if (!err || errlen == 0) {
		err = dummy;
		errlen = sizeof dummy;
	}
	err[0] = 0;
	if (!sc || !p || !out || (kind != PDF_FULL && kind != PDF_PARENT_SUMMARY)) {
		snprintf(err, errlen, "PDF: ongeldige aanroep");
		return -1;
	}
	size_t tsz = text_size(p);
	if (tsz > PDF_MAX_TEXT) {
		snprintf(err, errlen, "PDF: het profiel bevat te veel tekst (%zu bytes, maximaal %u)", tsz,
			 PDF_MAX_TEXT);
		return -1;
	}

	struct doc d = {0};
	d.err = err;
	d.errlen = errlen;
	PangoFontMap *fm = pango_cairo_font_map_get_default(); /* per thread */
	d.pc = pango_font_map_create_context(fm);
	pango_cairo_context_set_resolution(d.pc, 72.0);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(d.pc, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(d.pc, FALSE);
	pango_context_set_language(d.pc, pango_language_from_string("nl"));
	for (int i = 0; i < ST__COUNT; i++) {
		char fd[96];
		snprintf(fd, sizeof fd, FONT_FAMILY " %s", styles[i].font);
		d.fonts[i] = pango_font_description_from_string(fd);
	}

	char yraw[sizeof p->school_year + 1];
	memcpy(yraw, p->school_year, sizeof p->school_year);
	yraw[sizeof p->school_year] = 0;
	char *year = clean_text(yraw[0] ? yraw : "onbekend", false);
	char *name = clean_text(!blank(sc->name) ? sc->name : "Onbekende school", false);

	buf fl = BUF_INIT;
	/* Shorten a very long name so the school year always fits. */
	buf_puts(&fl, "<b>");
	if (g_utf8_strlen(name, -1) > 55) {
		char *cut = g_utf8_substring(name, 0, 52);
		esc_clean(&fl, cut);
		buf_puts(&fl, "\xE2\x80\xA6");
		g_free(cut);
	} else {
		esc_clean(&fl, name);
	}
	buf_puts(&fl, "</b>  \xC2\xB7  ");
	buf_puts(&fl, kind == PDF_FULL ? "Schoolondersteuningsprofiel" : "Ondersteuning voor ouders");
	buf_puts(&fl, "  \xC2\xB7  schooljaar ");
	esc_clean(&fl, year);
	d.footer_left = buf_detach(&fl);

	/* Marks are counted while building; allocate for the worst case of one
	 * per block after building. */
	if (kind == PDF_FULL)
		build_full(&d, sc, p, swv_name, name, year);
	else
		build_summary(&d, sc, p, swv_name, name, year);

	int rc = -1;
	buf title = BUF_INIT, tmp = BUF_INIT;
	if (err[0])
		goto done;
	if (d.too_big) {
		snprintf(err, errlen, "PDF: het document wordt langer dan %d pagina's", PDF_MAX_PAGES);
		goto done;
	}
	d.marks = xcalloc(d.nmarks ? d.nmarks : 1, sizeof *d.marks);
	if (paginate(&d))
		goto done;
	buf_printf(&title, "%s %s %s",
		   kind == PDF_FULL ? "Schoolondersteuningsprofiel" : "Ondersteuning voor ouders:", name,
		   year);
	if (draw(&d, buf_str(&title), name, &tmp))
		goto done;
	buf_append(out, tmp.data ? tmp.data : "", tmp.len);
	rc = 0;
done:
	buf_free(&title);
	buf_free(&tmp);
	free(year);
	free(name);
	doc_free(&d);
	return rc;
}
