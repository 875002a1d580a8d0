/*
 * find_overview.c - the regional overview of an SWV (dekkend netwerk):
 * coverage of needs by school, gaps, expertise/facility inventories, the
 * most stated limits and each school's profile status; the SVG heatmap; and
 * the CSV/XLSX exports.  Coverage, inventories and exports use published
 * (live) profiles only; the status table shows that a draft exists (status
 * and year), never its content.
 */
#include "find.h"
#include "find_priv.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "core/taxonomy.h"
#include "core/util.h"
#include "render/html.h"
#include "store/store_find.h"
#include "view.h"

static void set_str(json_t *o, const char *k, const char *v)
{
	if (v && *v)
		json_object_set_new(o, k, json_string(v));
}

static const char *need_label(const struct tax_entry *t)
{
	return t->parent_label ? t->parent_label : t->label;
}

/* Coverage state of need code for school si: 2 on site, 1 via SWV, 0 none. */
static int coverage(const struct find_live *l, const size_t *first, size_t si, const char *code)
{
	int st = 0;
	for (size_t i = first[si]; i < l->nfacts && l->facts[i].school == si; i++) {
		const struct fact *f = &l->facts[i].fact;
		if (f->kind != FK_NEED || !str_eq(f->code, code))
			continue;
		int v = f->where == WHERE_EXTERN ? 1 : 2;
		if (v > st)
			st = v;
	}
	return st;
}

/* Index of the first fact of every school (facts are grouped by school). */
size_t *find_fact_starts(const struct find_live *l)
{
	size_t *first = xmalloc((l->nschools + 1) * sizeof *first);
	for (size_t i = 0; i <= l->nschools; i++)
		first[i] = l->nfacts;
	for (size_t i = l->nfacts; i-- > 0;)
		first[l->facts[i].school] = i;
	return first;
}

static bool keep_school(const struct find_school *fs, const struct find_overview_params *p)
{
	if (p->board && *p->board && !str_eq(fs->school.board_code, p->board))
		return false;
	if (p->place && *p->place && !(fs->school.place && strcasecmp(fs->school.place, p->place) == 0))
		return false;
	return true;
}

static const char *status_label(enum profile_status st)
{
	switch (st) {
	case PS_CONCEPT: return "concept in bewerking";
	case PS_MR_ADVIES: return "wacht op advies MR";
	case PS_VASTGESTELD: return "vastgesteld, wacht op publicatie";
	case PS_GEPUBLICEERD: return "gepubliceerd";
	default: return "";
	}
}

json_t *find_overview(struct store *s, const struct find_overview_params *p, time_t now, int *status)
{
	struct swv v;
	int rc = store_swv_get(s, p->swv, &v);
	if (rc <= 0) {
		*status = rc < 0 ? 500 : 404;
		return NULL;
	}
	char cur[10];
	find_school_year(now, cur, sizeof cur);
	/* The national per-thread index holds every live fact we need; the
	 * SWV's schools are a slice of it, so no fact is read from the store. */
	const struct find_index *ix = find_index_get(s);
	if (!ix) {
		swv_free(&v);
		*status = 500;
		return NULL;
	}
	const struct find_live *lp = &ix->live;
	const size_t *first = ix->first;
	bool *keep = xcalloc(lp->nschools + 1, sizeof *keep);
	size_t nkeep = 0;
	json_t *schools = json_array();
	for (size_t i = 0; i < lp->nschools; i++) {
		keep[i] = str_eq(lp->schools[i].school.swv_code, p->swv) && keep_school(&lp->schools[i], p);
		if (!keep[i])
			continue;
		nkeep++;
		json_t *js = view_school(&lp->schools[i].school);
		json_object_set_new(js, "school_year", json_string(lp->schools[i].school_year));
		json_object_set_new(js, "outdated", json_boolean(strcmp(lp->schools[i].school_year, cur) < 0));
		json_array_append_new(schools, js);
	}

	/* One pass over the kept schools' compact facts. */
	size_t nneed = tax_count(FK_NEED), nexp = tax_count(FK_EXPERTISE), nfac = tax_count(FK_FACILITY);
	size_t nlim = tax_count(FK_LIMIT);
	unsigned char *cov = xcalloc((nkeep ? nkeep : 1) * (nneed + 1), 1);
	int *exp_n = xcalloc(nexp + 1, sizeof *exp_n), *exp_total = xcalloc(nexp + 1, sizeof *exp_total);
	int *exp_unstated = xcalloc(nexp + 1, sizeof *exp_unstated);
	int *fac_yes = xcalloc(nfac + 1, sizeof *fac_yes), *fac_no = xcalloc(nfac + 1, sizeof *fac_no);
	int *lim_count = xcalloc(nlim + 1, sizeof *lim_count);
	/* Per school scratch: 1 = has, 2 = has with a count / stated absent. */
	unsigned char *e_has = xmalloc(nexp + 1), *f_has = xmalloc(nfac + 1), *l_has = xmalloc(nlim + 1);
	size_t col = 0;
	for (size_t si = 0; si < lp->nschools; si++) {
		if (!keep[si])
			continue;
		memset(e_has, 0, nexp + 1);
		memset(f_has, 0, nfac + 1);
		memset(l_has, 0, nlim + 1);
		unsigned char *row = cov + col * (nneed + 1);
		for (size_t i = first[si]; i < ix->nfacts && ix->facts[i].school == si; i++) {
			const struct fx_fact *f = &ix->facts[i];
			switch (f->kind) {
			case FK_NEED:
				if (f->code < nneed) {
					unsigned char st = f->where == WHERE_EXTERN ? 1 : 2;
					if (st > row[f->code])
						row[f->code] = st;
				}
				break;
			case FK_EXPERTISE:
				if (f->code < nexp && f->present) {
					if (!e_has[f->code])
						e_has[f->code] = 1;
					if (f->count >= 0) {
						exp_total[f->code] += f->count;
						e_has[f->code] = 2;
					}
				}
				break;
			case FK_FACILITY:
				if (f->code < nfac)
					f_has[f->code] |= f->present ? 1 : 2;
				break;
			case FK_LIMIT:
				if (f->code < nlim)
					l_has[f->code] = 1;
				break;
			default: break;
			}
		}
		for (size_t k = 0; k < nexp; k++) {
			exp_n[k] += e_has[k] != 0;
			exp_unstated[k] += e_has[k] == 1;
		}
		for (size_t k = 0; k < nfac; k++) {
			fac_yes[k] += (f_has[k] & 1) != 0;
			fac_no[k] += f_has[k] == 2;
		}
		for (size_t k = 0; k < nlim; k++)
			lim_count[k] += l_has[k];
		col++;
	}
	free(e_has);
	free(f_has);
	free(l_has);

	/* Coverage matrix and gaps. */
	json_t *matrix = json_array(), *gap_none = json_array(), *gap_few = json_array();
	int n_min = p->min_schools > 0 ? p->min_schools : 3;
	for (size_t ti = 0; ti < nneed; ti++) {
		const struct tax_entry *t = tax_at(FK_NEED, ti);
		json_t *cells = json_array();
		int on = 0, via = 0, none = 0;
		for (size_t c = 0; c < nkeep; c++) {
			int st = cov[c * (nneed + 1) + ti];
			if (st == 2)
				on++;
			else if (st == 1)
				via++;
			else
				none++;
			json_array_append_new(cells, json_pack("{s:s,s:s,s:s}", "state",
			                                       st == 2 ? "school" : st == 1 ? "extern" : "none", "letter",
			                                       st == 2 ? "S" : st == 1 ? "V" : "–", "text",
			                                       st == 2 ? "op school" : st == 1 ? "via SWV" : "niet genoemd"));
		}
		json_array_append_new(matrix, json_pack("{s:s,s:s,s:i,s:i,s:i,s:o}", "code", t->code, "label", need_label(t),
		                                        "on_site", on, "via", via, "none", none, "cells", cells));
		if (nkeep > 0 && on == 0)
			json_array_append_new(gap_none, json_pack("{s:s,s:s,s:i}", "code", t->code, "label", need_label(t), "via", via));
		else if (nkeep > 0 && on < n_min)
			json_array_append_new(gap_few, json_pack("{s:s,s:s,s:i}", "code", t->code, "label", need_label(t), "count", on));
	}
	free(cov);

	/* Inventories. */
	json_t *exp = json_array(), *fac = json_array();
	json_t *limits = json_array();
	for (size_t ti = 0; ti < nexp; ti++) {
		const struct tax_entry *t = tax_at(FK_EXPERTISE, ti);
		if (exp_n[ti])
			json_array_append_new(exp, json_pack("{s:s,s:s,s:i,s:i,s:i}", "code", t->code, "label", t->label,
			                                     "schools", exp_n[ti], "total", exp_total[ti], "unstated",
			                                     exp_unstated[ti]));
	}
	for (size_t ti = 0; ti < nfac; ti++) {
		const struct tax_entry *t = tax_at(FK_FACILITY, ti);
		if (fac_yes[ti] || fac_no[ti])
			json_array_append_new(fac, json_pack("{s:s,s:s,s:i,s:i}", "code", t->code, "label", t->label,
			                                     "schools", fac_yes[ti], "absent", fac_no[ti]));
	}
	free(exp_n);
	free(exp_total);
	free(exp_unstated);
	free(fac_yes);
	free(fac_no);
	for (;;) { /* ranked: repeatedly take the largest count (few limits) */
		size_t best = nlim;
		for (size_t i = 0; i < nlim; i++)
			if (lim_count[i] > 0 && (best == nlim || lim_count[i] > lim_count[best]))
				best = i;
		if (best == nlim)
			break;
		const struct tax_entry *t = tax_at(FK_LIMIT, best);
		json_array_append_new(limits, json_pack("{s:s,s:s,s:i,s:s}", "code", t->code, "label", t->label, "schools",
		                                        lim_count[best], "meaning", t->meaning ? t->meaning : ""));
		lim_count[best] = 0;
	}
	free(lim_count);

	/* Status of every school of the SWV (also without a published profile). */
	json_t *st_rows = json_array();
	int n_current = 0, n_outdated = 0, n_none = 0, n_waiting = 0;
	struct find_status *sv = NULL;
	size_t ns = 0;
	if (store_find_status(s, p->swv, &sv, &ns) < 0) {
		*status = 500;
		goto fail;
	}
	for (size_t i = 0; i < ns; i++) {
		const struct find_status *r = &sv[i];
		if (p->board && *p->board && !str_eq(r->board_code, p->board))
			continue;
		if (p->place && *p->place && !(r->place && strcasecmp(r->place, p->place) == 0))
			continue;
		json_t *o = json_object();
		char url[32];
		snprintf(url, sizeof url, "/school/%s", r->key);
		json_object_set_new(o, "key", json_string(r->key));
		json_object_set_new(o, "url", json_string(url));
		set_str(o, "name", r->name);
		set_str(o, "place", r->place);
		set_str(o, "board", r->board_name ? r->board_name : r->board_code);
		set_str(o, "head_year", r->head_year);
		if (r->head_year[0])
			json_object_set_new(o, "head_status_label", json_string(status_label(r->head_status)));
		set_str(o, "public_year", r->public_year);
		bool outdated = r->public_year[0] && strcmp(r->public_year, cur) < 0;
		/* A draft newer than (or instead of) the published year awaits the
		 * MR or board. */
		bool waiting = r->head_year[0] && r->head_status != PS_GEPUBLICEERD;
		json_object_set_new(o, "outdated", json_boolean(outdated));
		json_object_set_new(o, "draft_waiting", json_boolean(waiting));
		if (!r->public_year[0])
			n_none++;
		else if (outdated)
			n_outdated++;
		else
			n_current++;
		n_waiting += waiting;
		json_array_append_new(st_rows, o);
	}
	find_status_free(sv, ns);

	/* Filters: boards and places of the SWV. */
	json_t *boards = json_array(), *places = json_array();
	struct board *bl = NULL;
	size_t nb = 0;
	if (store_board_list(s, p->swv, &bl, &nb) == 0) {
		for (size_t i = 0; i < nb; i++) {
			json_array_append_new(boards, json_pack("{s:s,s:s,s:b}", "code", bl[i].code, "name", bl[i].name,
			                                        "selected", p->board && strcmp(p->board, bl[i].code) == 0));
			board_free(&bl[i]);
		}
		free(bl);
	}
	/* Places of the SWV's schools (deduplicated; a few hundred at most). */
	const char **seen_pl = xcalloc(lp->nschools + 1, sizeof *seen_pl);
	size_t npl = 0;
	for (size_t i = 0; i < lp->nschools; i++) {
		const char *pl = lp->schools[i].school.place;
		if (!pl || !str_eq(lp->schools[i].school.swv_code, p->swv))
			continue;
		bool dup = false;
		for (size_t k = 0; k < npl && !dup; k++)
			dup = strcmp(seen_pl[k], pl) == 0;
		if (dup)
			continue;
		seen_pl[npl++] = pl;
		json_array_append_new(places, json_pack("{s:s,s:b}", "name", pl, "selected",
		                                        p->place && strcasecmp(p->place, pl) == 0));
	}
	free(seen_pl);

	json_t *o = json_object();
	json_object_set_new(o, "swv", json_pack("{s:s,s:s}", "code", v.code, "name", v.name));
	if (v.region)
		json_object_set_new(json_object_get(o, "swv"), "region", json_string(v.region));
	json_object_set_new(o, "current_school_year", json_string(cur));
	json_object_set_new(o, "school_count", json_integer((json_int_t)nkeep));
	json_object_set_new(o, "schools", schools);
	json_object_set_new(o, "matrix", matrix);
	json_object_set_new(o, "gaps", json_pack("{s:o,s:o,s:i}", "none", gap_none, "few", gap_few, "min_schools", n_min));
	json_object_set_new(o, "expertise", exp);
	json_object_set_new(o, "facilities", fac);
	json_object_set_new(o, "limits", limits);
	json_object_set_new(o, "status", st_rows);
	json_object_set_new(o, "status_summary", json_pack("{s:i,s:i,s:i,s:i}", "current", n_current, "outdated",
	                                                   n_outdated, "none", n_none, "drafts_waiting", n_waiting));
	json_t *f = json_object();
	set_str(f, "board", p->board);
	set_str(f, "place", p->place);
	json_object_set_new(f, "min_schools", json_integer(n_min));
	json_object_set_new(f, "boards", boards);
	json_object_set_new(f, "places", places);
	json_object_set_new(o, "filters", f);
	free(keep);
	swv_free(&v);
	return o;
fail:
	json_decref(schools);
	json_decref(matrix);
	json_decref(gap_none);
	json_decref(gap_few);
	json_decref(exp);
	json_decref(fac);
	json_decref(limits);
	json_decref(st_rows);
	free(keep);
	swv_free(&v);
	return NULL;
}

/* ---- SVG heatmap ---- */

static const char *jstr(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* Shorten a school name for a column label (at most 28 characters, cut at
 * a UTF-8 boundary). */
static void short_name(const char *name, buf *out)
{
	size_t n = strlen(name);
	if (n <= 28) {
		html_escape(out, name);
		return;
	}
	size_t k = 26;
	while (k > 0 && ((unsigned char)name[k] & 0xC0) == 0x80)
		k--;
	html_escape_n(out, name, k);
	buf_puts(out, "…");
}

char *find_overview_svg(const json_t *ov)
{
	const json_t *schools = json_object_get(ov, "schools"), *matrix = json_object_get(ov, "matrix");
	size_t ns = json_array_size(schools), nn = json_array_size(matrix);
	const int cell = 24, left = 250, top = 190, legend_h = 70;
	/* Room on the right for the last rotated school names. */
	int w = left + (int)ns * cell + 110, h = top + (int)nn * cell + legend_h;
	if (w < 560)
		w = 560;
	buf b = BUF_INIT;
	buf_printf(&b,
	           "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"heatmap\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
	           " role=\"img\" aria-labelledby=\"hm-title hm-desc\">\n",
	           w, h, w, h);
	buf_puts(&b, "<title id=\"hm-title\">Dekking van ondersteuningsbehoeften per school</title>\n");
	buf_puts(&b, "<desc id=\"hm-desc\">Rijen zijn ondersteuningsbehoeften, kolommen scholen. S (donker): op school;"
	             " V (gearceerd): via het samenwerkingsverband; streepje (wit): niet genoemd. Dezelfde gegevens staan"
	             " in de tabel onder de figuur.</desc>\n");
	buf_puts(&b, "<defs><pattern id=\"hm-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\""
	             " patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fde7c2\"/>"
	             "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#b86e00\" stroke-width=\"2\"/></pattern></defs>\n");
	buf_puts(&b, "<g font-family=\"DejaVu Sans, sans-serif\" font-size=\"12\">\n");
	for (size_t si = 0; si < ns; si++) {
		const json_t *sc = json_array_get(schools, si);
		int x = left + (int)si * cell + cell / 2 + 4;
		buf_printf(&b, "<text transform=\"translate(%d %d) rotate(-60)\" fill=\"#1b1f24\"><title>", x, top - 6);
		html_escape(&b, jstr(sc, "name"));
		buf_puts(&b, " (");
		html_escape(&b, jstr(sc, "place"));
		buf_puts(&b, ")</title>");
		short_name(jstr(sc, "name"), &b);
		buf_puts(&b, "</text>\n");
	}
	/* Cells are the bulk of the markup (a large SWV has thousands): one
	 * group per row carries y, stroke and font; a cell is its title, a rect
	 * with x and fill, and the letter.  Fills stay attributes so the colours
	 * do not depend on a stylesheet; the letter of an on-site cell is white. */
	for (size_t ni = 0; ni < nn; ni++) {
		const json_t *row = json_array_get(matrix, ni);
		int y = top + (int)ni * cell;
		buf_printf(&b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#1b1f24\">", left - 8, y + 16);
		html_escape(&b, jstr(row, "label"));
		buf_puts(&b, "</text>\n");
		buf_printf(&b, "<g transform=\"translate(%d %d)\" stroke=\"#6b7785\" text-anchor=\"middle\" font-weight=\"700\">",
		           left, y);
		const json_t *cells = json_object_get(row, "cells");
		for (size_t si = 0; si < ns && si < json_array_size(cells); si++) {
			const json_t *c = json_array_get(cells, si);
			const char *state = jstr(c, "state");
			int x = (int)si * cell;
			bool on = strcmp(state, "school") == 0, via = strcmp(state, "extern") == 0;
			buf_puts(&b, "<g><title>");
			html_escape(&b, jstr(json_array_get(schools, si), "name"));
			buf_puts(&b, " – ");
			html_escape(&b, jstr(row, "label"));
			buf_puts(&b, ": ");
			html_escape(&b, jstr(c, "text"));
			buf_printf(&b, "</title><rect x=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/><text x=\"%d\" y=\"16\" stroke=\"none\"%s>",
			           x, cell, cell, on ? "#0b5c8c" : via ? "url(#hm-hatch)" : "#fff", x + cell / 2,
			           on ? " fill=\"#fff\"" : "");
			html_escape(&b, jstr(c, "letter"));
			buf_puts(&b, "</text></g>");
		}
		buf_puts(&b, "</g>\n");
	}
	int ly = top + (int)nn * cell + 24;
	buf_printf(&b,
	           "<g transform=\"translate(%d %d)\">"
	           "<rect width=\"%d\" height=\"%d\" fill=\"#0b5c8c\" stroke=\"#6b7785\"/><text x=\"12\" y=\"16\" text-anchor=\"middle\" fill=\"#fff\" font-weight=\"700\">S</text>"
	           "<text x=\"32\" y=\"16\" fill=\"#1b1f24\">op school</text>"
	           "<rect x=\"130\" width=\"%d\" height=\"%d\" fill=\"url(#hm-hatch)\" stroke=\"#6b7785\"/><text x=\"142\" y=\"16\" text-anchor=\"middle\" fill=\"#1b1f24\" font-weight=\"700\">V</text>"
	           "<text x=\"162\" y=\"16\" fill=\"#1b1f24\">via samenwerkingsverband</text>"
	           "<rect x=\"360\" width=\"%d\" height=\"%d\" fill=\"#ffffff\" stroke=\"#6b7785\"/><text x=\"372\" y=\"16\" text-anchor=\"middle\" fill=\"#1b1f24\" font-weight=\"700\">–</text>"
	           "<text x=\"392\" y=\"16\" fill=\"#1b1f24\">niet genoemd</text></g>\n",
	           8, ly, cell, cell, cell, cell, cell, cell);
	buf_puts(&b, "</g>\n</svg>\n");
	return buf_detach(&b);
}

/* ---- CSV ---- */

void find_csv_field(buf *out, const char *s)
{
	if (!s)
		s = "";
	bool formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
	bool quote = formula || strpbrk(s, ",;\"\r\n") != NULL;
	if (quote)
		buf_putc(out, '"');
	if (formula)
		buf_putc(out, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_putc(out, '"');
		buf_putc(out, *p);
	}
	if (quote)
		buf_putc(out, '"');
}

static void csv_row(buf *out, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(out, ',');
		find_csv_field(out, cells[i]);
	}
	buf_puts(out, "\r\n");
}

/* ---- export tables: one builder, two writers ---- */

struct table {
	size_t ncols, nrows;
	const char **head;
	char ***rows;      /* malloc'd strings, NULL = empty */
	int **states;      /* coverage: per cell 0/1/2, or NULL */
	double *widths;
};

static void table_free(struct table *t)
{
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++)
			free(t->rows[r][c]);
		free(t->rows[r]);
		if (t->states)
			free(t->states[r]);
	}
	free(t->rows);
	free(t->states);
	free(t->head);
	free(t->widths);
}

static char **table_add(struct table *t)
{
	t->rows = xrealloc(t->rows, (t->nrows + 1) * sizeof *t->rows);
	t->rows[t->nrows] = xcalloc(t->ncols, sizeof(char *));
	if (t->states) {
		t->states = xrealloc(t->states, (t->nrows + 1) * sizeof *t->states);
		t->states[t->nrows] = xcalloc(t->ncols, sizeof(int));
	}
	return t->rows[t->nrows++];
}

static char *fmt_int(int v)
{
	char b[24];
	snprintf(b, sizeof b, "%d", v);
	return xstrdup(b);
}

static int build_facts(struct store *s, const char *swv, const struct swv *v, struct table *t)
{
	static const char *const head[] = {"samenwerkingsverband", "brin", "vestiging", "school", "plaats",
	                                   "schooljaar", "soort", "code", "omschrijving", "waar", "aantal",
	                                   "aanwezig", "niveaus", "toelichting", "bron_regel", "bron_tekst"};
	static const double widths[] = {14, 7, 9, 32, 16, 11, 11, 22, 34, 12, 8, 9, 9, 30, 10, 60};
	t->ncols = sizeof head / sizeof head[0];
	t->head = xmalloc(sizeof head);
	memcpy(t->head, head, sizeof head);
	t->widths = xmalloc(sizeof widths);
	memcpy(t->widths, widths, sizeof widths);
	struct find_live l;
	struct find_live_query q = {.swv_code = swv, .with_text = true};
	if (store_find_live(s, &q, &l) < 0)
		return -1;
	for (size_t i = 0; i < l.nfacts; i++) {
		const struct find_school *fs = &l.schools[l.facts[i].school];
		const struct fact *f = &l.facts[i].fact;
		char **r = table_add(t);
		r[0] = xstrdup(v->code);
		r[1] = xstrdup(fs->school.brin);
		r[2] = xstrdup(fs->school.vestiging);
		r[3] = xstrdup(fs->school.name);
		r[4] = xstrdup(fs->school.place);
		r[5] = xstrdup(fs->school_year);
		r[6] = xstrdup(fact_kind_str(f->kind));
		r[7] = xstrdup(f->code);
		const struct tax_entry *te = f->code ? tax_find(f->kind, f->code) : NULL;
		r[8] = xstrdup(te ? te->label : f->kind == FK_PARTNER ? f->value : NULL);
		r[9] = xstrdup(f->where == WHERE_SCHOOL ? "op school" : f->where == WHERE_EXTERN ? "via SWV" : NULL);
		r[10] = f->count >= 0 ? fmt_int(f->count) : NULL;
		r[11] = xstrdup(f->present ? "ja" : "nee");
		buf lv = BUF_INIT;
		for (int k = 1; k <= LEVELS_MAX; k++)
			if (f->levels & (1u << k))
				buf_printf(&lv, "%s%d", lv.len ? " " : "", k);
		r[12] = lv.len ? buf_detach(&lv) : NULL;
		buf_free(&lv);
		r[13] = f->kind == FK_PARTNER || f->kind == FK_SCHOOL ? NULL : xstrdup(f->value);
		r[14] = f->ev_line > 0 ? fmt_int(f->ev_line) : NULL;
		r[15] = xstrdup(f->ev_text);
	}
	find_live_free(&l);
	return 0;
}

static int build_coverage(struct store *s, const char *swv, struct table *t)
{
	size_t nneed = tax_count(FK_NEED);
	t->ncols = 5 + nneed;
	t->head = xcalloc(t->ncols, sizeof *t->head);
	t->widths = xcalloc(t->ncols, sizeof *t->widths);
	static const char *const fixed[] = {"brin", "vestiging", "school", "plaats", "schooljaar"};
	static const double fw[] = {7, 9, 32, 16, 11};
	for (size_t i = 0; i < 5; i++) {
		t->head[i] = fixed[i];
		t->widths[i] = fw[i];
	}
	for (size_t i = 0; i < nneed; i++) {
		const struct tax_entry *te = tax_at(FK_NEED, i);
		t->head[5 + i] = te->parent_label ? te->parent_label : te->label;
		t->widths[5 + i] = 14;
	}
	struct find_live l;
	struct find_live_query q = {.swv_code = swv, .kinds = 1u << FK_NEED};
	if (store_find_live(s, &q, &l) < 0)
		return -1;
	size_t *first = find_fact_starts(&l);
	t->states = xcalloc(1, sizeof *t->states); /* non-NULL marks a coverage table */
	for (size_t si = 0; si < l.nschools; si++) {
		const struct find_school *fs = &l.schools[si];
		char **r = table_add(t);
		int *st = t->states[t->nrows - 1];
		r[0] = xstrdup(fs->school.brin);
		r[1] = xstrdup(fs->school.vestiging);
		r[2] = xstrdup(fs->school.name);
		r[3] = xstrdup(fs->school.place);
		r[4] = xstrdup(fs->school_year);
		for (size_t i = 0; i < nneed; i++) {
			int c = coverage(&l, first, si, tax_at(FK_NEED, i)->code);
			st[5 + i] = c;
			r[5 + i] = xstrdup(c == 2 ? "op school" : c == 1 ? "via SWV" : "");
		}
	}
	free(first);
	find_live_free(&l);
	return 0;
}

static void write_csv(const struct table *t, buf *out)
{
	buf_puts(out, "\xEF\xBB\xBF"); /* BOM: Excel then reads UTF-8 */
	csv_row(out, t->head, t->ncols);
	for (size_t r = 0; r < t->nrows; r++)
		csv_row(out, (const char *const *)t->rows[r], t->ncols);
}

/* Excel refuses cells over 32767 characters; cut at a UTF-8 boundary. */
static const char *xl_text(const char *s, char *tmp, size_t n)
{
	if (!s || strlen(s) < 32000)
		return s ? s : "";
	size_t k = n - 1 < 32000 ? n - 1 : 32000;
	while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	memcpy(tmp, s, k);
	tmp[k] = '\0';
	return tmp;
}

static int write_xlsx(const struct table *t, const char *sheet, buf *out)
{
	const char *dir = getenv("TMPDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/passend-export-XXXXXX", dir && *dir && strlen(dir) < 400 ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	if (!wb) {
		unlink(path);
		return -1;
	}
	lxw_worksheet *ws = workbook_add_worksheet(wb, sheet);
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	format_set_bg_color(bold, 0xE8EEF3);
	format_set_text_wrap(bold);
	lxw_format *on = workbook_add_format(wb), *via = workbook_add_format(wb);
	format_set_bg_color(on, 0x9FD3F5);
	format_set_bg_color(via, 0xFDE7C2);
	format_set_pattern(via, LXW_PATTERN_LIGHT_UP);
	format_set_fg_color(via, 0xE0A040);
	char *tmp = xmalloc(32001);
	for (size_t c = 0; c < t->ncols; c++) {
		worksheet_write_string(ws, 0, (lxw_col_t)c, t->head[c], bold);
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, t->widths ? t->widths[c] : 14, NULL);
	}
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			const char *v = t->rows[r][c];
			lxw_format *fmt = NULL;
			if (t->states && t->states[r][c] == 2)
				fmt = on;
			else if (t->states && t->states[r][c] == 1)
				fmt = via;
			if (!v || !*v) {
				if (fmt)
					worksheet_write_blank(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, fmt);
				continue;
			}
			/* Numbers as numbers; everything else as a string (never a formula). */
			bool num = strcmp(t->head[c], "aantal") == 0 || strcmp(t->head[c], "bron_regel") == 0;
			if (num)
				worksheet_write_number(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, atof(v), fmt);
			else
				worksheet_write_string(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, xl_text(v, tmp, 32001), fmt);
		}
	free(tmp);
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_autofilter(ws, 0, 0, (lxw_row_t)t->nrows, (lxw_col_t)(t->ncols - 1));
	lxw_error e = workbook_close(wb);
	if (e != LXW_NO_ERROR) {
		unlink(path);
		return -1;
	}
	char *data = NULL;
	size_t len = 0;
	const char *rerr;
	int rc = read_file_limit(path, 256u * 1024 * 1024, &data, &len, &rerr);
	unlink(path);
	if (rc < 0)
		return -1;
	buf_append(out, data, len);
	free(data);
	return 0;
}

int find_export(struct store *s, const char *swv, const char *what, bool xlsx, buf *out)
{
	struct swv v;
	int rc = store_swv_get(s, swv, &v);
	if (rc <= 0)
		return rc < 0 ? 500 : 404;
	struct table t;
	memset(&t, 0, sizeof t);
	bool facts = strcmp(what, "feiten") == 0;
	rc = facts ? build_facts(s, swv, &v, &t) : build_coverage(s, swv, &t);
	swv_free(&v);
	if (rc < 0) {
		table_free(&t);
		return 500;
	}
	if (xlsx)
		rc = write_xlsx(&t, facts ? "Feiten" : "Dekking", out);
	else
		write_csv(&t, out);
	table_free(&t);
	return rc < 0 ? 500 : 0;
}
