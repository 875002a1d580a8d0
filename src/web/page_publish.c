/*
 * page_publish.c - the public publication pages of a school's profile:
 * the schoolgids chapter (an HTML fragment to copy into the schoolgids,
 * shown in a read-only textarea and rendered), the parent summary page, and
 * the profile and parent summary as PDF.  Only published versions
 * (PV_PUBLIC) are ever read here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/taxonomy.h"
#include "core/util.h"
#include "page_admin.h"
#include "render/html.h"
#include "render/pdf.h"
#include "render/tpl.h"
#include "view.h"
#include "web_routes.h"

struct pub {
	struct school sc;
	struct profile p;
	char *swv_name;
	char key[8];
};

static void pub_free(struct pub *x)
{
	school_free(&x->sc);
	profile_free(&x->p);
	free(x->swv_name);
}

/* Load the school and its published profile (?jaar= or the newest). */
static int load_pub(struct web_ctx *c, struct web_req *req, struct pub *x, const char **msg)
{
	memset(x, 0, sizeof *x);
	char brin[5], vest[3], year[10];
	if (!view_school_key_parse(req->params[0], brin, vest)) {
		*msg = "Deze school bestaat niet.";
		return 404;
	}
	const char *jaar = web_param(req, "jaar");
	if (jaar && !view_year_parse(jaar, year, sizeof year)) {
		*msg = "Het schooljaar moet eruitzien als 2025-2026.";
		return 400;
	}
	int rc = store_school_by_brin(c->store, brin, vest, &x->sc);
	if (rc != 1) {
		*msg = rc < 0 ? "De gegevens konden niet worden gelezen." : "Deze school staat niet in passend.";
		return rc < 0 ? 500 : 404;
	}
	rc = store_profile_get(c->store, x->sc.id, jaar ? year : NULL, PV_PUBLIC, &x->p);
	if (rc != 1) {
		school_free(&x->sc);
		*msg = rc < 0 ? "De gegevens konden niet worden gelezen."
		              : "Deze school heeft (voor dit schooljaar) nog geen gepubliceerd ondersteuningsprofiel.";
		return rc < 0 ? 500 : 404;
	}
	snprintf(x->key, sizeof x->key, "%s%s", x->sc.brin, x->sc.vestiging);
	struct swv v;
	if (x->sc.swv_code && store_swv_get(c->store, x->sc.swv_code, &v) == 1) {
		x->swv_name = xstrdup(v.name);
		swv_free(&v);
	}
	return 0;
}

/* Plain text -> <p> paragraphs with <br> for single newlines, escaped. */
static void paras(buf *b, const char *text)
{
	const char *p = text ? text : "";
	while (*p) {
		while (*p == '\n' || *p == '\r')
			p++;
		if (!*p)
			break;
		const char *end = strstr(p, "\n\n");
		size_t n = end ? (size_t)(end - p) : strlen(p);
		buf_puts(b, "<p>");
		for (size_t i = 0; i < n; i++) {
			if (p[i] == '\r')
				continue;
			if (p[i] == '\n')
				buf_puts(b, "<br>\n");
			else
				html_escape_n(b, p + i, 1);
		}
		buf_puts(b, "</p>\n");
		p += n;
	}
}

static void date_nl(buf *b, const char *iso)
{
	static const char *const m[] = {"januari", "februari", "maart",     "april",   "mei",      "juni",
	                                "juli",    "augustus", "september", "oktober", "november", "december"};
	int y, mo, d;
	if (iso && sscanf(iso, "%4d-%2d-%2d", &y, &mo, &d) == 3 && mo >= 1 && mo <= 12)
		buf_printf(b, "%d %s %d", d, m[mo - 1], y);
	else
		html_escape(b, iso ? iso : "");
}

static const char *label_of(const struct fact *f)
{
	const struct tax_entry *t = f->code ? tax_find(f->kind, f->code) : NULL;
	return t ? t->label : f->value ? f->value : "";
}

static void fact_items(buf *b, const struct profile *p, enum fact_kind k, int where, const char *title)
{
	bool any = false;
	for (size_t i = 0; i < p->facts.n; i++) {
		const struct fact *f = &p->facts.v[i];
		if (f->kind != k || (where >= 0 && (int)f->where != where) || (k == FK_FACILITY && !f->present))
			continue;
		if (!any) {
			buf_printf(b, "<h3>%s</h3>\n<ul>\n", title);
			any = true;
		}
		buf_puts(b, "<li>");
		html_escape(b, label_of(f));
		if (f->kind == FK_EXPERTISE && f->count > 0)
			buf_printf(b, " (%d)", f->count);
		if (f->value && f->kind != FK_PARTNER) {
			buf_puts(b, ": ");
			html_escape(b, f->value);
		}
		buf_puts(b, "</li>\n");
	}
	if (any)
		buf_puts(b, "</ul>\n");
}

/* The schoolgids chapter as a self-contained HTML fragment (no classes
 * that need our CSS, no scripts), every text escaped. */
static char *chapter_html(const struct pub *x, const char *base_url)
{
	buf b = BUF_INIT;
	const struct profile *p = &x->p;
	buf_puts(&b, "<section>\n<h2>Ondersteuning op ");
	html_escape(&b, x->sc.name);
	buf_puts(&b, "</h2>\n<p>Dit is het ondersteuningsaanbod van onze school voor schooljaar ");
	html_escape(&b, p->school_year);
	buf_puts(&b, " (het schoolondersteuningsprofiel).");
	if (p->date_set) {
		buf_puts(&b, " Het bestuur heeft het vastgesteld op ");
		date_nl(&b, p->date_set);
		if (p->date_mr) {
			buf_puts(&b, ", na advies van de medezeggenschapsraad van ");
			date_nl(&b, p->date_mr);
		}
		buf_puts(&b, ".");
	}
	buf_puts(&b, "</p>\n");
	if (p->summary && *p->summary) {
		buf_puts(&b, "<h3>In het kort</h3>\n");
		paras(&b, p->summary);
	}
	fact_items(&b, p, FK_NEED, WHERE_SCHOOL, "Ondersteuning op school");
	fact_items(&b, p, FK_NEED, WHERE_EXTERN, "Ondersteuning via het samenwerkingsverband, het bestuur of anderen");
	fact_items(&b, p, FK_EXPERTISE, -1, "Specialisten");
	fact_items(&b, p, FK_FACILITY, -1, "Voorzieningen");
	fact_items(&b, p, FK_LIMIT, -1, "Grenzen aan de ondersteuning");
	for (size_t i = 0; i < p->sections.n; i++) {
		buf_puts(&b, "<h3>");
		html_escape(&b, p->sections.v[i].heading ? p->sections.v[i].heading : "");
		buf_puts(&b, "</h3>\n");
		paras(&b, p->sections.v[i].body);
	}
	buf_puts(&b, "<p>Het volledige profiel staat op <a href=\"");
	if (base_url)
		html_escape(&b, base_url);
	buf_printf(&b, "/school/%s\">passend</a>", x->key);
	if (x->swv_name) {
		buf_puts(&b, ". Onze school werkt samen in ");
		html_escape(&b, x->swv_name);
	}
	buf_puts(&b, ".</p>\n</section>\n");
	return buf_detach(&b);
}

int page_schoolgids(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	struct pub x;
	const char *msg = NULL;
	int st = load_pub(c, req, &x, &msg);
	if (st)
		return web_error(c, req, resp, st, msg);
	char *html = chapter_html(&x, c->app ? c->app->base_url : NULL);
	char title[300];
	snprintf(title, sizeof title, "Hoofdstuk voor de schoolgids: %s %s", x.sc.name, x.p.school_year);
	json_t *d = json_pack("{s:s,s:o,s:s,s:o}", "title", title, "school", view_school(&x.sc), "fragment", html,
	                      "fragment_html", tpl_safe_html(html));
	json_object_set_new(d, "profile", view_profile(&x.p));
	web_page(c, resp, 200, "publiek/schoolgids", d);
	json_decref(d);
	free(html);
	pub_free(&x);
	return 0;
}

int page_parents(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	struct pub x;
	const char *msg = NULL;
	int st = load_pub(c, req, &x, &msg);
	if (st)
		return web_error(c, req, resp, st, msg);
	char title[300];
	snprintf(title, sizeof title, "Ondersteuning op %s: uitleg voor ouders", x.sc.name);
	json_t *d = json_pack("{s:s,s:o,s:o}", "title", title, "school", view_school(&x.sc), "profile", view_profile(&x.p));
	if (x.swv_name)
		json_object_set_new(d, "swv_name", json_string(x.swv_name));
	web_page(c, resp, 200, "publiek/ouders", d);
	json_decref(d);
	pub_free(&x);
	return 0;
}

int page_public_pdf(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	struct pub x;
	const char *msg = NULL;
	int st = load_pub(c, req, &x, &msg);
	if (st)
		return web_error(c, req, resp, st, msg);
	bool parent = strstr(req->path, "/ouders.pdf") != NULL;
	buf out = BUF_INIT;
	char err[256];
	if (pdf_render_profile(&x.sc, &x.p, x.swv_name, parent ? PDF_PARENT_SUMMARY : PDF_FULL, &out, err, sizeof err) <
	    0) {
		buf_free(&out);
		pub_free(&x);
		return web_error(c, req, resp, 500, err);
	}
	resp->status = 200;
	resp->content_type = "application/pdf";
	buf_free(&resp->body);
	resp->body = out;
	char slug[12], cd[200];
	view_year_slug(x.p.school_year, slug, sizeof slug);
	snprintf(cd, sizeof cd, "inline; filename=\"%s-%s-%s.pdf\"", x.key, slug, parent ? "ouders" : "ondersteuningsprofiel");
	web_resp_header(resp, "Content-Disposition", cd);
	pub_free(&x);
	return 0;
}
