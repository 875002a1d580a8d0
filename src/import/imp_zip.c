/*
 * imp_zip.c - text of DOCX (word/document.xml) and ODT (content.xml)
 * documents, read in memory with libzip and libxml2.
 *
 * Paragraphs become lines; table cells of one row are joined with two
 * spaces (the analysis reads such rows like a layout table); tabs and line
 * breaks inside a paragraph are kept.  The XML part is capped in size before
 * it is inflated (zip bombs), and parsed without network or entity
 * expansion.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "core/buf.h"
#include "core/util.h"
#include "import/imp_priv.h"

struct walk {
	buf *out;
	bool odt;
	int depth;
};

static bool name_is(const xmlNode *n, const char *local)
{
	return n->name && strcmp((const char *)n->name, local) == 0;
}

static void walk(struct walk *w, xmlNode *n);

static void children(struct walk *w, xmlNode *n)
{
	for (xmlNode *c = n->children; c; c = c->next)
		walk(w, c);
}

static void end_line(buf *b)
{
	if (b->len && b->data[b->len - 1] != '\n')
		buf_putc(b, '\n');
}

static void walk(struct walk *w, xmlNode *n)
{
	if (w->depth > 200)
		return; /* pathological nesting */
	w->depth++;
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content && (w->odt || (n->parent && name_is(n->parent, "t"))))
			buf_puts(w->out, (const char *)n->content);
	} else if (n->type == XML_ELEMENT_NODE) {
		if (!w->odt) {
			if (name_is(n, "tab"))
				buf_putc(w->out, '\t');
			else if (name_is(n, "br") || name_is(n, "cr"))
				buf_putc(w->out, '\n');
			else if (name_is(n, "sym") || name_is(n, "checkBox")) {
				/* legacy form check boxes: w:checked or w:default val */
				bool on = false;
				for (xmlNode *c = n->children; c; c = c->next)
					if (c->type == XML_ELEMENT_NODE && (name_is(c, "checked") || name_is(c, "default"))) {
						xmlChar *v = xmlGetProp(c, (const xmlChar *)"val");
						on = !v || strcmp((const char *)v, "0") != 0;
						xmlFree(v);
					}
				if (name_is(n, "checkBox"))
					buf_puts(w->out, on ? "\xe2\x98\x92 " : "\xe2\x98\x90 ");
			}
			children(w, n);
			if (name_is(n, "p"))
				end_line(w->out);
			else if (name_is(n, "tc")) {
				/* cell: paragraphs inside end with \n; turn the last into a separator */
				if (w->out->len && w->out->data[w->out->len - 1] == '\n')
					w->out->len--;
				buf_puts(w->out, "  ");
			} else if (name_is(n, "tr"))
				end_line(w->out);
		} else {
			if (name_is(n, "tab"))
				buf_putc(w->out, '\t');
			else if (name_is(n, "line-break"))
				buf_putc(w->out, '\n');
			else if (name_is(n, "s")) {
				xmlChar *c = xmlGetProp(n, (const xmlChar *)"c");
				int k = c ? atoi((const char *)c) : 1;
				xmlFree(c);
				for (int i = 0; i < k && i < 100; i++)
					buf_putc(w->out, ' ');
			}
			if (name_is(n, "annotation") || name_is(n, "note-citation")) {
				w->depth--;
				return;
			}
			children(w, n);
			if (name_is(n, "p") || name_is(n, "h"))
				end_line(w->out);
			else if (name_is(n, "table-cell")) {
				if (w->out->len && w->out->data[w->out->len - 1] == '\n')
					w->out->len--;
				buf_puts(w->out, "  ");
			} else if (name_is(n, "table-row"))
				end_line(w->out);
		}
	} else {
		children(w, n);
	}
	w->depth--;
}

enum imp_status imp_zip_text(const char *data, size_t len, bool odt, char **out, char *err, size_t errlen)
{
	*out = NULL;
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	if (!src) {
		snprintf(err, errlen, "cannot open the ZIP container");
		zip_error_fini(&ze);
		return IMP_E_CORRUPT;
	}
	zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!z) {
		zip_source_free(src);
		snprintf(err, errlen, "damaged ZIP container: %s", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return IMP_E_CORRUPT;
	}
	zip_error_fini(&ze);
	const char *part = odt ? "content.xml" : "word/document.xml";
	zip_stat_t zs;
	enum imp_status st = IMP_OK;
	char *xml = NULL;
	if (zip_stat(z, part, 0, &zs) != 0) {
		snprintf(err, errlen, "%s is missing", part);
		st = IMP_E_CORRUPT;
		goto done;
	}
	if ((zs.valid & ZIP_STAT_ENCRYPTION_METHOD) && zs.encryption_method != ZIP_EM_NONE) {
		snprintf(err, errlen, "the document is password-protected");
		st = IMP_E_ENCRYPTED;
		goto done;
	}
	if (!(zs.valid & ZIP_STAT_SIZE) || zs.size > IMP_ZIP_MAX_ENTRY) {
		snprintf(err, errlen, "%s would inflate to more than %u MB", part, IMP_ZIP_MAX_ENTRY >> 20);
		st = IMP_E_TOO_LARGE;
		goto done;
	}
	zip_file_t *zf = zip_fopen(z, part, 0);
	if (!zf) {
		snprintf(err, errlen, "cannot read %s: %s", part, zip_strerror(z));
		st = IMP_E_CORRUPT;
		goto done;
	}
	xml = xmalloc((size_t)zs.size + 1);
	zip_int64_t got = 0;
	/* read at most the declared size: a lying header cannot make us inflate more */
	while ((zip_uint64_t)got < zs.size) {
		zip_int64_t r = zip_fread(zf, xml + got, zs.size - (zip_uint64_t)got);
		if (r <= 0)
			break;
		got += r;
	}
	zip_fclose(zf);
	if ((zip_uint64_t)got != zs.size) {
		snprintf(err, errlen, "%s is damaged", part);
		st = IMP_E_CORRUPT;
		goto done;
	}
	xmlDoc *doc = xmlReadMemory(xml, (int)got, part, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) {
		snprintf(err, errlen, "%s is not well-formed XML", part);
		st = IMP_E_CORRUPT;
		goto done;
	}
	buf b = BUF_INIT;
	struct walk w = {&b, odt, 0};
	walk(&w, xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	if (!utf8_valid(buf_str(&b), b.len)) {
		buf_free(&b);
		snprintf(err, errlen, "%s contains invalid UTF-8", part);
		st = IMP_E_CORRUPT;
		goto done;
	}
	*out = buf_detach(&b);
done:
	free(xml);
	zip_close(z);
	return st;
}
