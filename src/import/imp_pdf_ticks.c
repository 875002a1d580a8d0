/*
 * imp_pdf_ticks.c - recover tick boxes that a PDF draws as vector graphics.
 *
 * Forms made in a word processor often draw check boxes as little squares
 * with a cross; every text extraction loses them, leaving grids such as
 * "Ja  Nee   Ja  Nee   Visuele beperkingen" (which of the two?) or an
 * agency-by-frequency table with no marks at all.  For the pages that have
 * such rows we ask poppler for word positions (`pdftotext -bbox`) and a
 * grey rendering (`pdftoppm -gray`), look at the pixels where the box is,
 * and rewrite the layout line: an unticked "Ja"/"Nee" is blanked out, a
 * ticked empty grid cell gets an "X" under its column title.  The analysis
 * then reads the grid as if the marks had been text.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/util.h"
#include "import/imp_priv.h"

#define DPI 144 /* rendering resolution: 2 pixels per PDF point */
#define SCALE (DPI / 72.0)
#define MAX_PAGES_CHECKED 40

struct word {
	double x0, y0, x1, y1;
	char text[32];
};

struct img {
	int w, h;
	const unsigned char *px;
	buf raw;
};

static int parse_pgm(buf *raw, struct img *im)
{
	const char *p = buf_str(raw);
	int maxv;
	int consumed = 0;
	if (sscanf(p, "P5 %d %d %d%n", &im->w, &im->h, &maxv, &consumed) != 3 || maxv != 255 || im->w <= 0 || im->h <= 0)
		return -1;
	size_t off = (size_t)consumed + 1;
	if (off + (size_t)im->w * (size_t)im->h > raw->len)
		return -1;
	im->px = (const unsigned char *)raw->data + off;
	return 0;
}

/* Fraction of dark pixels in a rectangle given in PDF points. */
static double darkness(const struct img *im, double x0, double y0, double x1, double y1)
{
	int a = (int)(x0 * SCALE), b = (int)(x1 * SCALE), c = (int)(y0 * SCALE), d = (int)(y1 * SCALE);
	if (a < 0)
		a = 0;
	if (c < 0)
		c = 0;
	if (b > im->w)
		b = im->w;
	if (d > im->h)
		d = im->h;
	if (b <= a || d <= c)
		return 0;
	long dark = 0, all = 0;
	for (int y = c; y < d; y++)
		for (int x = a; x < b; x++) {
			all++;
			dark += im->px[(size_t)y * (size_t)im->w + (size_t)x] < 128;
		}
	return all ? (double)dark / (double)all : 0;
}

/* Words from pdftotext -bbox XHTML: <word xMin=".." yMin=".." xMax=".." yMax="..">t</word> */
static int parse_words(const char *x, struct word **out)
{
	int n = 0, cap = 0;
	struct word *w = NULL;
	const char *p = x;
	while ((p = strstr(p, "<word "))) {
		struct word wd;
		int consumed = 0;
		if (sscanf(p, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\">%n", &wd.x0, &wd.y0, &wd.x1, &wd.y1, &consumed) != 4) {
			p += 6;
			continue;
		}
		const char *t = p + consumed;
		const char *e = strstr(t, "</word>");
		if (!e)
			break;
		size_t l = (size_t)(e - t);
		if (l >= sizeof wd.text)
			l = sizeof wd.text - 1;
		memcpy(wd.text, t, l);
		wd.text[l] = '\0';
		XGROW(w, n, cap, 256);
		w[n++] = wd;
		p = e + 7;
	}
	*out = w;
	return n;
}

static int cmp_word(const void *a, const void *b)
{
	const struct word *x = a, *y = b;
	if (y->y0 - x->y0 > 3 || x->y0 - y->y0 > 3)
		return x->y0 < y->y0 ? -1 : 1;
	return x->x0 < y->x0 ? -1 : x->x0 > y->x0;
}

static bool is_opt(const char *s, size_t n)
{
	return (n == 2 && strncasecmp(s, "ja", 2) == 0) || (n == 3 && strncasecmp(s, "nee", 3) == 0);
}

/* Count "Ja" and "Nee" words in a line. */
static void count_opts(const char *s, size_t n, int *ja, int *nee)
{
	*ja = *nee = 0;
	size_t i = 0;
	while (i < n) {
		while (i < n && !isalpha((unsigned char)s[i]))
			i++;
		size_t st = i;
		while (i < n && isalpha((unsigned char)s[i]))
			i++;
		if (i - st == 2 && strncasecmp(s + st, "ja", 2) == 0)
			(*ja)++;
		else if (i - st == 3 && strncasecmp(s + st, "nee", 3) == 0)
			(*nee)++;
	}
}

struct pline {
	char *s; /* editable copy */
	bool opt_row;
	bool grid_row; /* a row of an agency grid without marks */
	char **grid_hdr; /* its header line (not edited) */
};

static bool has_word_ci(const char *s, const char *w)
{
	size_t l = strlen(w);
	for (const char *p = s; (p = strcasestr(p, w)); p += l)
		if ((p == s || !isalpha((unsigned char)p[-1])) && !isalpha((unsigned char)p[l]))
			return true;
	return false;
}

static bool line_has_mark(const char *s)
{
	for (const char *p = s; *p; p++)
		if ((*p == 'x' || *p == 'X') && (p == s || p[-1] == ' ') && (p[1] == ' ' || p[1] == '\0'))
			return true;
	return strstr(s, "\xe2\x98\x92") != NULL;
}

/* Fix one page; lines are edited in place. Returns true when changed. */
static bool fix_page(const char *pdf, int pageno, struct pline *ln, int nl)
{
	char pg[16];
	snprintf(pg, sizeof pg, "%d", pageno);
	char err[256];
	buf xb = BUF_INIT, eb = BUF_INIT, ib = BUF_INIT;
	char *a1[] = {"pdftotext", "-bbox", "-q", "-f", pg, "-l", pg, (char *)pdf, "-", NULL};
	char res[8];
	snprintf(res, sizeof res, "%d", DPI);
	char *a2[] = {"pdftoppm", "-q", "-gray", "-r", res, "-f", pg, "-l", pg, (char *)pdf, NULL};
	bool changed = false;
	struct word *w = NULL;
	if (imp_run_limited(a1, 8u << 20, &xb, &eb, err, sizeof err) != 0)
		goto done;
	buf_reset(&eb);
	if (imp_run_limited(a2, 64u << 20, &ib, &eb, err, sizeof err) != 0)
		goto done;
	struct img im;
	if (parse_pgm(&ib, &im) != 0)
		goto done;
	int nw = parse_words(buf_str(&xb), &w);
	qsort(w, (size_t)nw, sizeof *w, cmp_word);

	/* (a) option rows, matched to the layout rows in reading order */
	int wi = 0;
	for (int li = 0; li < nl; li++) {
		if (!ln[li].opt_row)
			continue;
		/* next bbox row with >= 2 Ja and >= 2 Nee */
		while (wi < nw) {
			int r0 = wi, r1 = wi, ja = 0, nee = 0;
			while (r1 < nw && w[r1].y0 - w[r0].y0 < 3 && w[r0].y0 - w[r1].y0 < 3) {
				if (strcasecmp(w[r1].text, "ja") == 0)
					ja++;
				else if (strcasecmp(w[r1].text, "nee") == 0)
					nee++;
				r1++;
			}
			wi = r1;
			if (ja < 2 || nee < 2)
				continue;
			/* How dark is the inside of each word's box?  An empty box still
			 * catches some of its border, so compare within the row. */
			double inside[64];
			double lo = 1;
			for (int k = r0; k < r1 && k - r0 < 64; k++) {
				inside[k - r0] = -1;
				if (strcasecmp(w[k].text, "ja") != 0 && strcasecmp(w[k].text, "nee") != 0)
					continue;
				double h = w[k].y1 - w[k].y0;
				double bx1 = w[k].x0 - 0.15 * h, bx0 = w[k].x0 - 1.15 * h;
				inside[k - r0] = darkness(&im, bx0 + 0.25 * h, w[k].y0 + 0.25 * h, bx1 - 0.25 * h, w[k].y1 - 0.25 * h);
				if (inside[k - r0] < lo)
					lo = inside[k - r0];
			}
			/* the k-th option word of the row <-> the k-th in the line */
			char *s = ln[li].s;
			size_t i = 0, n = strlen(s);
			for (int k = r0; k < r1 && k - r0 < 64; k++) {
				if (inside[k - r0] < 0)
					continue;
				bool ticked = inside[k - r0] > lo * 1.5 + 0.03;
				/* find the next option word in the layout line */
				while (i < n) {
					while (i < n && !isalpha((unsigned char)s[i]))
						i++;
					size_t st = i;
					while (i < n && isalpha((unsigned char)s[i]))
						i++;
					if (is_opt(s + st, i - st)) {
						if (!ticked) {
							memset(s + st, ' ', i - st);
							changed = true;
						}
						break;
					}
				}
			}
			break;
		}
	}

	/* (b) agency grids: a ticked cell becomes an X under its column title */
	for (int li = 0; li < nl; li++) {
		if (!ln[li].grid_row)
			continue;
		const char *hdr = *ln[li].grid_hdr;
		static const char *const colw[] = {"nooit", "soms", "regelmatig", "vaak"};
		/* the label's first word */
		const char *s = ln[li].s;
		while (*s == ' ')
			s++;
		char first[32];
		size_t fl = 0;
		while (s[fl] && s[fl] != ' ' && fl + 1 < sizeof first)
			fl++;
		memcpy(first, s, fl);
		first[fl] = '\0';
		if (!fl)
			continue;
		/* the column titles' positions on the page */
		double cx[4] = {-1, -1, -1, -1};
		double hy = -1;
		for (int k = 0; k < nw; k++)
			for (int c = 0; c < 4; c++)
				if (strcasecmp(w[k].text, colw[c]) == 0 && cx[c] < 0) {
					cx[c] = (w[k].x0 + w[k].x1) / 2;
					hy = w[k].y0;
				}
		if (hy < 0)
			continue;
		/* the row: the first word below the header with that text, not used yet */
		int row = -1;
		for (int k = 0; k < nw; k++)
			if (w[k].y0 > hy + 2 && strcmp(w[k].text, first) == 0 && w[k].x0 < cx[0]) {
				row = k;
				w[k].text[0] = '\0'; /* consume */
				break;
			}
		if (row < 0)
			continue;
		double h = w[row].y1 - w[row].y0;
		int best = -1;
		double bestd = 0.04;
		for (int c = 0; c < 4; c++) {
			if (cx[c] < 0)
				continue;
			double d = darkness(&im, cx[c] - 1.5 * h, w[row].y0 + 0.1 * h, cx[c] + 1.5 * h, w[row].y1 - 0.1 * h);
			if (d > bestd) {
				bestd = d;
				best = c;
			}
		}
		if (best < 0)
			continue;
		/* write an X under the column title in the layout line */
		const char *tp = strcasestr(hdr, colw[best]);
		if (!tp)
			continue;
		int col = 0;
		for (const char *q = hdr; q < tp; q++)
			if (((unsigned char)*q & 0xC0) != 0x80)
				col++;
		buf nb = BUF_INIT;
		buf_puts(&nb, ln[li].s);
		int have = 0;
		for (const char *q = ln[li].s; *q; q++)
			if (((unsigned char)*q & 0xC0) != 0x80)
				have++;
		if (have >= col + 1)
			buf_puts(&nb, "  ");
		else
			for (; have < col + 1; have++)
				buf_putc(&nb, ' ');
		buf_putc(&nb, 'X');
		free(ln[li].s);
		ln[li].s = buf_detach(&nb);
		changed = true;
	}
done:
	free(w);
	buf_free(&xb);
	buf_free(&eb);
	buf_free(&ib);
	return changed;
}

char *imp_pdf_ticks(const char *pdf, const char *layout)
{
	/* split into lines, remembering page numbers (form feeds) */
	int nl = 0, cap = 256;
	struct pline *ln = xmalloc((size_t)cap * sizeof *ln);
	int *page = xmalloc((size_t)cap * sizeof *page);
	bool *ff = xmalloc((size_t)cap * sizeof *ff); /* line starts with a form feed */
	int pg = 1;
	const char *p = layout;
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (nl == cap) {
			cap *= 2;
			ln = xrealloc(ln, (size_t)cap * sizeof *ln);
			page = xrealloc(page, (size_t)cap * sizeof *page);
			ff = xrealloc(ff, (size_t)cap * sizeof *ff);
		}
		ff[nl] = false;
		while (n && *p == '\f') {
			pg++;
			p++;
			n--;
			ff[nl] = true;
		}
		ln[nl] = (struct pline){xstrndup(p, n), false, false, NULL};
		page[nl] = pg;
		nl++;
		if (!e)
			break;
		p = e + 1;
	}
	/* mark candidate lines */
	int candidates = 0;
	for (int i = 0; i < nl; i++) {
		int ja, nee;
		count_opts(ln[i].s, strlen(ln[i].s), &ja, &nee);
		if (ja >= 2 && nee >= 2) {
			ln[i].opt_row = true;
			candidates++;
		}
		int words = 0;
		for (const char *q = ln[i].s; *q; q++)
			words += *q != ' ' && (q == ln[i].s || q[-1] == ' ');
		/* column titles: few words, spread out (not a sentence about them) */
		if (has_word_ci(ln[i].s, "nooit") && has_word_ci(ln[i].s, "soms") && has_word_ci(ln[i].s, "vaak") && words <= 8 &&
		    strstr(ln[i].s, "   ")) {
			int misses = 0;
			for (int j = i + 1; j < nl && misses < 3 && page[j] == page[i]; j++) {
				const char *s = ln[j].s;
				while (*s == ' ')
					s++;
				if (!*s) {
					misses++;
					continue;
				}
				if (!isalpha((unsigned char)*s) && *s != '(')
					break;
				/* a row label stays left of the first column title */
				int hc = -1, lc = 0, c = 0;
				const char *t = strcasestr(ln[i].s, "nooit");
				for (const char *q = ln[i].s; *q; q++) {
					if (q == t)
						hc = c;
					if (((unsigned char)*q & 0xC0) != 0x80)
						c++;
				}
				c = 0;
				for (const char *q = ln[j].s; *q; q++) {
					if (((unsigned char)*q & 0xC0) != 0x80)
						c++;
					if (*q != ' ')
						lc = c;
				}
				if (hc >= 0 && lc > hc && !line_has_mark(ln[j].s))
					break;
				if (line_has_mark(ln[j].s)) {
					/* a grid that has its marks as text needs no help */
					for (int k = i + 1; k < j; k++)
						ln[k].grid_row = false;
					break;
				}
				ln[j].grid_row = true;
				ln[j].grid_hdr = &ln[i].s;
				candidates++;
			}
		}
	}
	char *result = NULL;
	if (candidates) {
		bool changed = false;
		int checked = 0;
		for (int i = 0; i < nl && checked < MAX_PAGES_CHECKED;) {
			int j = i;
			bool want = false;
			while (j < nl && page[j] == page[i]) {
				want |= ln[j].opt_row || ln[j].grid_row;
				j++;
			}
			if (want) {
				changed |= fix_page(pdf, page[i], ln + i, j - i);
				checked++;
			}
			i = j;
		}
		if (changed) {
			buf b = BUF_INIT;
			for (int i = 0; i < nl; i++) {
				if (ff[i])
					for (int k = i ? page[i] - page[i - 1] : page[i] - 1; k > 0; k--)
						buf_putc(&b, '\f');
				buf_puts(&b, ln[i].s);
				if (i + 1 < nl)
					buf_putc(&b, '\n');
			}
			result = buf_detach(&b);
		}
	}
	for (int i = 0; i < nl; i++)
		free(ln[i].s);
	free(ln);
	free(page);
	free(ff);
	return result;
}
