/*
 * imp_input.c - entry points of the importer: read a file, detect its type
 * by content, extract UTF-8 text (PDF, DOCX, ODT, plain text in UTF-8 or
 * Windows-1252) and hand it to the analysis (imp_analyse.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/util.h"
#include "import/imp.h"
#include "import/imp_priv.h"

const char *imp_status_str(enum imp_status s)
{
	switch (s) {
	case IMP_OK: return "ok";
	case IMP_E_IO: return "unreadable";
	case IMP_E_EMPTY: return "empty";
	case IMP_E_TOO_LARGE: return "too large";
	case IMP_E_BINARY: return "not a document";
	case IMP_E_ENCRYPTED: return "encrypted";
	case IMP_E_CORRUPT: return "corrupt";
	case IMP_E_ENCODING: return "bad encoding";
	case IMP_E_TOOL: return "converter failed";
	}
	return "error";
}

void imp_doc_free(struct imp_doc *d)
{
	if (!d)
		return;
	free(d->text);
	free(d->format);
	fact_list_free(&d->facts);
	section_list_free(&d->sections);
	free(d->school_name);
	free(d->place);
	free(d->brin);
	free(d->swv);
	free(d->school_year);
	free(d->vestiging);
	memset(d, 0, sizeof *d);
}

/* Windows-1252 bytes 0x80..0x9F (the rest of the high half is Latin-1). */
static const unsigned short cp1252_hi[32] = {
	0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
	0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
	0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

static void put_utf8(buf *b, unsigned c)
{
	char t[4];
	if (c < 0x80) {
		buf_putc(b, (char)c);
	} else if (c < 0x800) {
		t[0] = (char)(0xC0 | (c >> 6));
		t[1] = (char)(0x80 | (c & 0x3F));
		buf_append(b, t, 2);
	} else {
		t[0] = (char)(0xE0 | (c >> 12));
		t[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		t[2] = (char)(0x80 | (c & 0x3F));
		buf_append(b, t, 3);
	}
}

/* Plain text: UTF-8 (BOM stripped) or Windows-1252.  Control bytes other
 * than tab, CR, LF and form feed mean a binary file. */
static enum imp_status decode_text(const char *data, size_t len, char **out, size_t *outlen, char *err, size_t errlen)
{
	const unsigned char *p = (const unsigned char *)data;
	if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
		p += 3;
		len -= 3;
	}
	if (len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) {
		snprintf(err, errlen, "UTF-16 text is not supported; save the file as UTF-8");
		return IMP_E_ENCODING;
	}
	size_t ctrl = 0;
	for (size_t i = 0; i < len; i++) {
		if (p[i] == 0) {
			snprintf(err, errlen, "binary data (NUL bytes): not a text document");
			return IMP_E_BINARY;
		}
		if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r' && p[i] != '\f')
			ctrl++;
	}
	if (ctrl > len / 100 + 2) {
		snprintf(err, errlen, "binary data (control bytes): not a text document");
		return IMP_E_BINARY;
	}
	buf b = BUF_INIT;
	if (utf8_valid((const char *)p, len)) {
		buf_append(&b, p, len);
	} else {
		for (size_t i = 0; i < len; i++) {
			unsigned c = p[i];
			if (c >= 0x80 && c < 0xA0) {
				c = cp1252_hi[c - 0x80];
				if (!c) {
					buf_free(&b);
					snprintf(err, errlen, "text is neither UTF-8 nor Windows-1252 (byte 0x%02X at %zu)", p[i], i);
					return IMP_E_ENCODING;
				}
			}
			put_utf8(&b, c);
		}
	}
	/* form feeds (page breaks from converters) become line breaks */
	for (size_t i = 0; i < b.len; i++)
		if ((unsigned char)b.data[i] < 0x20 && b.data[i] != '\t' && b.data[i] != '\n' && b.data[i] != '\r')
			b.data[i] = b.data[i] == '\f' ? '\n' : ' ';
	*outlen = b.len;
	*out = buf_detach(&b);
	return IMP_OK;
}

static bool zip_has(const char *data, size_t len, const char *name)
{
	/* local file headers carry the names in clear text */
	size_t nl = strlen(name);
	for (size_t i = 0; i + 30 + nl <= len; i++) {
		if (memcmp(data + i, "PK\x03\x04", 4) != 0)
			continue;
		unsigned fl = (unsigned char)data[i + 26] | ((unsigned char)data[i + 27] << 8);
		if (fl == nl && memcmp(data + i + 30, name, nl) == 0)
			return true;
		i += 29;
	}
	return false;
}

enum imp_status imp_buffer(const char *data, size_t len, struct imp_doc *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	if (len == 0) {
		snprintf(err, errlen, "the file is empty");
		return IMP_E_EMPTY;
	}
	if (len > IMP_MAX_FILE) {
		snprintf(err, errlen, "the file is larger than %u MB", IMP_MAX_FILE >> 20);
		return IMP_E_TOO_LARGE;
	}
	char *text = NULL;
	size_t tlen = 0;
	const char *type = "text";
	enum imp_status st;
	if (len >= 5 && memcmp(data, "%PDF-", 5) == 0) {
		type = "pdf";
		st = imp_pdf_text(data, len, &text, err, errlen);
		if (st == IMP_OK)
			tlen = strlen(text);
	} else if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0) {
		bool docx = zip_has(data, len, "word/document.xml");
		bool odt = zip_has(data, len, "content.xml") && zip_has(data, len, "mimetype");
		if (!docx && !odt) {
			if (zip_has(data, len, "EncryptedPackage"))
				snprintf(err, errlen, "the document is password-protected");
			else
				snprintf(err, errlen, "a ZIP archive that is neither DOCX nor ODT");
			return zip_has(data, len, "EncryptedPackage") ? IMP_E_ENCRYPTED : IMP_E_BINARY;
		}
		type = docx ? "docx" : "odt";
		st = imp_zip_text(data, len, !docx, &text, err, errlen);
		if (st == IMP_OK)
			tlen = strlen(text);
	} else if (len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
		/* OLE: legacy .doc, or an encrypted OOXML package */
		snprintf(err, errlen, "an OLE compound file (old .doc or a password-protected document) is not supported");
		return IMP_E_BINARY;
	} else {
		st = decode_text(data, len, &text, &tlen, err, errlen);
	}
	if (st != IMP_OK) {
		free(text);
		return st;
	}
	st = imp_text(text, tlen, out, err, errlen);
	free(text);
	if (st == IMP_OK)
		out->input_type = type;
	return st;
}

enum imp_status imp_file(const char *path, struct imp_doc *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	char *data = NULL;
	size_t len = 0;
	const char *e = NULL;
	if (read_file_limit(path, IMP_MAX_FILE, &data, &len, &e) != 0) {
		FILE *f = fopen(path, "rb");
		if (f) {
			fseek(f, 0, SEEK_END);
			long sz = ftell(f);
			fclose(f);
			if (sz > (long)IMP_MAX_FILE) {
				snprintf(err, errlen, "the file is larger than %u MB", IMP_MAX_FILE >> 20);
				return IMP_E_TOO_LARGE;
			}
		}
		snprintf(err, errlen, "cannot read the file: %s", e ? e : "error");
		return IMP_E_IO;
	}
	enum imp_status st = imp_buffer(data, len, out, err, errlen);
	free(data);
	return st;
}
