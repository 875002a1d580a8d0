/*
 * tpl.c - passend's auto-escaping template engine (see tpl.h and
 * docs/templates.md).
 *
 * Why our own engine: no C template library packaged in Debian escapes by
 * default while rendering JSON data (mustach, ctemplate-style libraries and
 * friends either output raw by default or need their own data model), and
 * escaping by default is the one property we cannot give up.  The engine is
 * small: a mustache-like syntax, a jansson json_t as the data model (the same
 * tree the JSON API serialises) and a fixed set of filters.
 *
 * Design:
 * - A template is parsed once into a flat array of nodes.  A block node
 *   (section, eq, in) records in `end` the index just past its last child,
 *   so children are the range (i, end) and rendering is a loop over ranges,
 *   without a pointer tree.  The parsed set is never written after load, so
 *   renders need no locks.
 * - The context stack is a linked list of frames living on the C stack of
 *   the recursive renderer: pushing a section costs no allocation.  The only
 *   heap memory a render touches besides the output buffer are two scratch
 *   buffers for filter chains, allocated on first use and freed at the end.
 * - Raw output exists only for {"$html": "..."} objects (tpl_safe_html), so a
 *   string from the database can never be emitted unescaped.
 * - Hostile templates (fuzzing, override directories) cannot crash us:
 *   nesting is bounded at parse time, partial recursion at render time (32),
 *   and a work budget bounds loops/partials that would multiply endlessly.
 */
#include "render/tpl.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/embed.h"
#include "core/util.h"
#include "render/html.h"

#define MAX_FILTERS 8
#define MAX_NEST 64              /* sections open at once in one template */
#define MAX_PARTIAL_DEPTH 32
#define MAX_SOURCE (1u << 20)    /* bytes per template file */
#define MAX_STEPS (1ul << 24)    /* nodes visited per render */
#define MAX_OUTPUT (64u << 20)   /* bytes appended per render */
#define MAX_DIR_DEPTH 8          /* override directory recursion */

enum ntype { N_TEXT, N_VAR, N_RAW, N_SECTION, N_EQ, N_IN, N_PARTIAL };

enum filter { F_URL = 1, F_PARAS, F_DATE, F_LEN, F_JSON, F_LOWER, F_UPPER, F_NL };

static const struct {
	const char *name;
	enum filter f;
	bool terminal; /* produces HTML/JSON: nothing may follow it */
} FILTERS[] = {
	{"url", F_URL, false},     {"paras", F_PARAS, true}, {"date", F_DATE, false},
	{"len", F_LEN, false},     {"json", F_JSON, true},   {"lower", F_LOWER, false},
	{"upper", F_UPPER, false}, {"nl", F_NL, false},
};

/* A dotted name; nseg == 0 means "." (the current value). */
struct path {
	char **seg;
	unsigned nseg;
};

struct node {
	unsigned char type;
	bool inv;                 /* {{^...}} */
	unsigned char nfilters;
	unsigned char filters[MAX_FILTERS];
	int line;
	size_t end;               /* block nodes: index past the last child */
	const char *text;         /* N_TEXT: points into the template source */
	size_t len;               /* N_TEXT length, N_EQ literal length */
	struct path path;         /* VAR, RAW, SECTION, EQ, IN */
	struct path list;         /* IN: the array to search */
	char *lit;                /* EQ literal; PARTIAL name; SECTION close key */
	size_t partial;           /* PARTIAL: index of the target in the set */
};

struct tpl {
	char *name;
	char *src;
	struct node *nodes;
	size_t n, cap;
};

struct tpl_set {
	struct tpl *t; /* sorted by name */
	size_t n;
};

static void seterr(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	if (!err || errlen == 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------------ */
/* Parsing                                                             */
/* ------------------------------------------------------------------ */

struct parser {
	struct tpl *t;
	const char *src;
	size_t line_pos; /* position up to which lines were counted */
	int line;        /* line number at line_pos */
	size_t open[MAX_NEST];
	int depth;
	char *err;
	size_t errlen;
};

/* Line number (1-based) of position pos; positions only move forward. */
static int line_at(struct parser *p, size_t pos)
{
	while (p->line_pos < pos) {
		if (p->src[p->line_pos] == '\n')
			p->line++;
		p->line_pos++;
	}
	return p->line;
}

static int perr(struct parser *p, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int perr(struct parser *p, int line, const char *fmt, ...)
{
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	seterr(p->err, p->errlen, "%s:%d: %s", p->t->name, line, msg);
	return -1;
}

static struct node *add_node(struct tpl *t, enum ntype type, int line)
{
	XGROW(t->nodes, t->n, t->cap, 16);
	struct node *n = &t->nodes[t->n++];
	memset(n, 0, sizeof *n);
	n->type = (unsigned char)type;
	n->line = line;
	return n;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
	       c == '-' || c == '@' || c == '$';
}

/* Parse the dotted name s[0..n) into path; -1 with an error when invalid. */
static int parse_path(struct parser *p, int line, const char *s, size_t n, struct path *path)
{
	path->seg = NULL;
	path->nseg = 0;
	if (n == 1 && s[0] == '.')
		return 0;
	if (n == 0)
		return perr(p, line, "missing name");
	unsigned count = 1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (i == 0 || i + 1 == n || s[i + 1] == '.')
				return perr(p, line, "invalid name '%.*s'", (int)n, s);
			count++;
		} else if (!name_char(s[i])) {
			return perr(p, line, "invalid character in name '%.*s'", (int)n, s);
		}
	}
	path->seg = xcalloc(count, sizeof *path->seg);
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == '.') {
			path->seg[path->nseg++] = xstrndup(s + start, i - start);
			start = i + 1;
		}
	}
	return 0;
}

/* Split off the next whitespace-delimited token of [*s, e). */
static size_t next_token(const char **s, const char *e, const char **tok)
{
	while (*s < e && is_space(**s))
		(*s)++;
	*tok = *s;
	while (*s < e && !is_space(**s))
		(*s)++;
	return (size_t)(*s - *tok);
}

static int parse_var(struct parser *p, struct node *nd, int line, const char *s, const char *e)
{
	const char *bar = memchr(s, '|', (size_t)(e - s));
	const char *ne = bar ? bar : e;
	while (ne > s && is_space(ne[-1]))
		ne--;
	if (parse_path(p, line, s, (size_t)(ne - s), &nd->path) < 0)
		return -1;
	bool terminal = false;
	while (bar) {
		const char *f = bar + 1;
		bar = memchr(f, '|', (size_t)(e - f));
		const char *fe = bar ? bar : e;
		while (f < fe && is_space(*f))
			f++;
		while (fe > f && is_space(fe[-1]))
			fe--;
		size_t fl = (size_t)(fe - f);
		size_t k;
		for (k = 0; k < sizeof FILTERS / sizeof FILTERS[0]; k++)
			if (strlen(FILTERS[k].name) == fl && memcmp(FILTERS[k].name, f, fl) == 0)
				break;
		if (k == sizeof FILTERS / sizeof FILTERS[0])
			return perr(p, line, "unknown filter '%.*s'", (int)fl, f);
		if (terminal)
			return perr(p, line, "filter '%s' must come after '%s', which produces markup",
				    FILTERS[k].name, FILTERS[nd->filters[nd->nfilters - 1] == F_JSON ? 4 : 1].name);
		if (nd->nfilters == MAX_FILTERS)
			return perr(p, line, "more than %d filters", MAX_FILTERS);
		nd->filters[nd->nfilters++] = (unsigned char)FILTERS[k].f;
		terminal = FILTERS[k].terminal;
	}
	return 0;
}

/* "literal" with \" and \\ escapes; the rest of the tag must be empty. */
static int parse_literal(struct parser *p, struct node *nd, int line, const char *s, const char *e)
{
	while (s < e && is_space(*s))
		s++;
	if (s == e || *s != '"')
		return perr(p, line, "eq needs a quoted \"literal\"");
	s++;
	buf b = BUF_INIT;
	while (s < e && *s != '"') {
		if (*s == '\\' && s + 1 < e)
			s++;
		buf_putc(&b, *s++);
	}
	if (s == e) {
		buf_free(&b);
		return perr(p, line, "unterminated string literal");
	}
	for (s++; s < e; s++) {
		if (!is_space(*s)) {
			buf_free(&b);
			return perr(p, line, "unexpected text after the literal");
		}
	}
	nd->len = b.len;
	nd->lit = b.data ? buf_detach(&b) : xstrdup("");
	return 0;
}

/* The body of {{#...}} or {{^...}}: a section name, eq or in. */
static int parse_open(struct parser *p, bool inv, int line, const char *s, const char *e)
{
	if (p->depth == MAX_NEST)
		return perr(p, line, "sections nested deeper than %d", MAX_NEST);
	const char *cur = s, *tok;
	size_t tl = next_token(&cur, e, &tok);
	const char *a1;
	size_t a1l;
	const char *after = cur;
	a1l = next_token(&after, e, &a1);
	struct node *nd;
	size_t idx = p->t->n;
	if (a1l && tl == 2 && memcmp(tok, "eq", 2) == 0) {
		nd = add_node(p->t, N_EQ, line);
		nd->inv = inv;
		if (parse_path(p, line, a1, a1l, &nd->path) < 0 || parse_literal(p, nd, line, after, e) < 0)
			return -1;
	} else if (a1l && tl == 2 && memcmp(tok, "in", 2) == 0) {
		nd = add_node(p->t, N_IN, line);
		nd->inv = inv;
		if (parse_path(p, line, a1, a1l, &nd->path) < 0)
			return -1;
		const char *l;
		size_t ll = next_token(&after, e, &l);
		if (!ll)
			return perr(p, line, "in needs a name and a list name");
		if (parse_path(p, line, l, ll, &nd->list) < 0)
			return -1;
		const char *rest;
		if (next_token(&after, e, &rest))
			return perr(p, line, "unexpected text after '%.*s'", (int)ll, l);
	} else {
		if (a1l)
			return perr(p, line, "unexpected text after section name '%.*s'", (int)tl, tok);
		nd = add_node(p->t, N_SECTION, line);
		nd->inv = inv;
		if (parse_path(p, line, tok, tl, &nd->path) < 0)
			return -1;
		nd->lit = xstrndup(tok, tl);
	}
	p->open[p->depth++] = idx;
	return 0;
}

static int parse_close(struct parser *p, int line, const char *s, const char *e)
{
	size_t n = (size_t)(e - s);
	if (p->depth == 0)
		return perr(p, line, "close tag {{/%.*s}} without an open section", (int)n, s);
	struct node *open = &p->t->nodes[p->open[p->depth - 1]];
	const char *key = open->type == N_EQ ? "eq" : open->type == N_IN ? "in" : open->lit;
	if (strlen(key) != n || memcmp(key, s, n) != 0)
		return perr(p, line, "close tag {{/%.*s}} does not match {{%c%s}} opened on line %d", (int)n, s,
			    open->inv ? '^' : '#', key, open->line);
	open->end = p->t->n;
	p->depth--;
	return 0;
}

/* A standalone tag (only whitespace around it on its line) swallows its
 * line, so block tags on their own lines leave no blank lines behind.
 * Returns true with *ls = start of the leading whitespace and *after = the
 * position just past the line's newline. */
static bool standalone(const char *src, size_t tag_start, size_t tag_end, size_t *ls, size_t *after)
{
	size_t l = tag_start;
	while (l > 0 && (src[l - 1] == ' ' || src[l - 1] == '\t'))
		l--;
	if (l > 0 && src[l - 1] != '\n')
		return false;
	size_t e = tag_end;
	while (src[e] == ' ' || src[e] == '\t')
		e++;
	if (src[e] == '\r' && src[e + 1] == '\n')
		e += 2;
	else if (src[e] == '\n')
		e++;
	else if (src[e] != '\0')
		return false;
	*ls = l;
	*after = e;
	return true;
}

static void add_text(struct tpl *t, const char *s, size_t n, int line)
{
	if (n == 0)
		return;
	struct node *nd = add_node(t, N_TEXT, line);
	nd->text = s;
	nd->len = n;
}

static int parse_template(struct tpl *t, char *err, size_t errlen)
{
	struct parser p = {.t = t, .src = t->src, .line = 1, .err = err, .errlen = errlen};
	const char *src = t->src;
	size_t pos = 0;
	for (;;) {
		const char *o = strstr(src + pos, "{{");
		if (!o) {
			add_text(t, src + pos, strlen(src + pos), line_at(&p, pos));
			break;
		}
		size_t ts = (size_t)(o - src);
		int line = line_at(&p, ts);
		bool triple = o[2] == '{';
		const char *cs = o + (triple ? 3 : 2);
		const char *ce = strstr(cs, triple ? "}}}" : "}}");
		if (!ce)
			return perr(&p, line, "unclosed tag '%.20s'", o);
		size_t te = (size_t)(ce - src) + (triple ? 3 : 2);
		while (cs < ce && is_space(*cs))
			cs++;
		while (ce > cs && is_space(ce[-1]))
			ce--;
		char sigil = (!triple && cs < ce) ? *cs : 0;
		bool block = sigil == '#' || sigil == '^' || sigil == '/' || sigil == '!' || sigil == '>';
		size_t ls, after;
		if (block && standalone(src, ts, te, &ls, &after)) {
			add_text(t, src + pos, ls - pos, line_at(&p, pos));
			pos = after;
		} else {
			add_text(t, src + pos, ts - pos, line_at(&p, pos));
			pos = te;
		}
		const char *body = cs + (sigil ? 1 : 0);
		while (body < ce && is_space(*body))
			body++;
		int rc = 0;
		struct node *nd;
		switch (sigil) {
		case '!':
			break;
		case '#':
		case '^':
			rc = parse_open(&p, sigil == '^', line, body, ce);
			break;
		case '/':
			rc = parse_close(&p, line, body, ce);
			break;
		case '>': {
			size_t n = (size_t)(ce - body);
			if (n == 0)
				return perr(&p, line, "partial without a name");
			for (size_t i = 0; i < n; i++)
				if (!name_char(body[i]) && body[i] != '/' && body[i] != '.')
					return perr(&p, line, "invalid partial name '%.*s'", (int)n, body);
			nd = add_node(t, N_PARTIAL, line);
			nd->lit = xstrndup(body, n);
			break;
		}
		case '&':
		case '=':
		case '{':
			return perr(&p, line, "unsupported tag '{{%c': use {{name}}, or {{{name}}} for tpl_safe_html values",
				    sigil);
		default:
			if (triple) {
				nd = add_node(t, N_RAW, line);
				if (memchr(cs, '|', (size_t)(ce - cs)))
					return perr(&p, line, "filters are not allowed in {{{raw}}} tags");
				rc = parse_path(&p, line, cs, (size_t)(ce - cs), &nd->path);
			} else {
				nd = add_node(t, N_VAR, line);
				rc = parse_var(&p, nd, line, cs, ce);
			}
		}
		if (rc < 0)
			return -1;
	}
	if (p.depth > 0) {
		struct node *open = &t->nodes[p.open[p.depth - 1]];
		const char *key = open->type == N_EQ ? "eq" : open->type == N_IN ? "in" : open->lit;
		return perr(&p, open->line, "unclosed section {{%c%s}}", open->inv ? '^' : '#', key);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Sets                                                                */
/* ------------------------------------------------------------------ */

static void free_path(struct path *p)
{
	for (unsigned i = 0; i < p->nseg; i++)
		free(p->seg[i]);
	free(p->seg);
}

static void free_tpl(struct tpl *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free_path(&t->nodes[i].path);
		free_path(&t->nodes[i].list);
		free(t->nodes[i].lit);
	}
	free(t->nodes);
	free(t->name);
	free(t->src);
}

void tpl_set_free(struct tpl_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		free_tpl(&s->t[i]);
	free(s->t);
	free(s);
}

static int cmp_tpl(const void *a, const void *b)
{
	return strcmp(((const struct tpl *)a)->name, ((const struct tpl *)b)->name);
}

static const struct tpl *find_tpl(const struct tpl_set *s, const char *name)
{
	if (!s || !name)
		return NULL;
	struct tpl key = {.name = (char *)name};
	return bsearch(&key, s->t, s->n, sizeof *s->t, cmp_tpl);
}

bool tpl_exists(const struct tpl_set *s, const char *name)
{
	return find_tpl(s, name) != NULL;
}

/* Build a set taking ownership of names[i] and sources[i] (malloc'd). */
static struct tpl_set *build_set(char **names, char **sources, size_t n, char *err, size_t errlen)
{
	struct tpl_set *s = xcalloc(1, sizeof *s);
	s->t = xcalloc(n ? n : 1, sizeof *s->t);
	bool failed = false;
	for (size_t i = 0; i < n; i++) {
		struct tpl *t = &s->t[s->n++];
		t->name = names[i];
		t->src = sources[i];
		if (!failed && strlen(t->src) > MAX_SOURCE) {
			seterr(err, errlen, "%s: template larger than %u bytes", t->name, MAX_SOURCE);
			failed = true;
		}
		if (!failed && parse_template(t, err, errlen) < 0)
			failed = true;
	}
	if (failed)
		goto fail;
	qsort(s->t, s->n, sizeof *s->t, cmp_tpl);
	for (size_t i = 1; i < s->n; i++) {
		if (strcmp(s->t[i - 1].name, s->t[i].name) == 0) {
			seterr(err, errlen, "%s: two templates with this name", s->t[i].name);
			goto fail;
		}
	}
	for (size_t i = 0; i < s->n; i++) {
		struct tpl *t = &s->t[i];
		for (size_t j = 0; j < t->n; j++) {
			struct node *nd = &t->nodes[j];
			if (nd->type != N_PARTIAL)
				continue;
			const struct tpl *target = find_tpl(s, nd->lit);
			if (!target) {
				seterr(err, errlen, "%s:%d: unknown partial '%s'", t->name, nd->line, nd->lit);
				goto fail;
			}
			nd->partial = (size_t)(target - s->t);
		}
	}
	return s;
fail:
	tpl_set_free(s);
	return NULL;
}

struct tpl_set *tpl_set_from_strings(const char *const *names, const char *const *sources, size_t n,
				     char *err, size_t errlen)
{
	char **nm = xcalloc(n ? n : 1, sizeof *nm), **src = xcalloc(n ? n : 1, sizeof *src);
	for (size_t i = 0; i < n; i++) {
		nm[i] = xstrdup(names[i] ? names[i] : "");
		src[i] = xstrdup(sources[i] ? sources[i] : "");
	}
	struct tpl_set *s = build_set(nm, src, n, err, errlen);
	free(nm);
	free(src);
	return s;
}

/* Length of the template extension ending name, or 0 when not a template. */
static size_t tpl_ext(const char *name)
{
	static const char *const exts[] = {".html", ".txt", ".svg", ".xml"};
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
		size_t el = strlen(exts[i]);
		if (n > el && strcmp(name + n - el, exts[i]) == 0)
			return el;
	}
	return 0;
}

struct srclist {
	char **names, **srcs;
	size_t n, cap;
};

static void srclist_add(struct srclist *l, char *name, char *src)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->names = xrealloc(l->names, l->cap * sizeof *l->names);
		l->srcs = xrealloc(l->srcs, l->cap * sizeof *l->srcs);
	}
	l->names[l->n] = name;
	l->srcs[l->n++] = src;
}

static void srclist_free(struct srclist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->names[i]);
		free(l->srcs[i]);
	}
	free(l->names);
	free(l->srcs);
}

/* Add template files under dir/rel that are not embedded (embedded ones
 * were already read from the override directory by the caller). */
static int scan_dir(const char *root, const char *rel, int depth, struct srclist *l, char *err, size_t errlen)
{
	char path[4096];
	snprintf(path, sizeof path, "%s%s%s", root, *rel ? "/" : "", rel);
	DIR *d = opendir(path);
	if (!d) {
		seterr(err, errlen, "%s: cannot open template directory", path);
		return -1;
	}
	int rc = 0;
	struct dirent *de;
	while (rc == 0 && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char sub[4096], full[4096];
		if ((size_t)snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", de->d_name) >= sizeof sub)
			continue;
		if ((size_t)snprintf(full, sizeof full, "%s/%s", root, sub) >= sizeof full)
			continue;
		struct stat st;
		if (stat(full, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (depth < MAX_DIR_DEPTH)
				rc = scan_dir(root, sub, depth + 1, l, err, errlen);
			continue;
		}
		size_t el = tpl_ext(sub);
		if (!S_ISREG(st.st_mode) || !el)
			continue;
		char ename[4200];
		snprintf(ename, sizeof ename, "templates/%s", sub);
		if (embed_find(ename))
			continue;
		char *data;
		size_t len;
		const char *e;
		if (read_file_limit(full, MAX_SOURCE, &data, &len, &e) < 0) {
			seterr(err, errlen, "%s: %s", full, e);
			rc = -1;
			break;
		}
		srclist_add(l, xstrndup(sub, strlen(sub) - el), data);
	}
	closedir(d);
	return rc;
}

struct tpl_set *tpl_set_load(const char *override_dir, char *err, size_t errlen)
{
	struct srclist l = {0};
	static const char prefix[] = "templates/";
	const size_t pl = sizeof prefix - 1;
	for (const struct embed_file *f = embed_files; f->name; f++) {
		size_t el;
		if (strncmp(f->name, prefix, pl) != 0 || !(el = tpl_ext(f->name)))
			continue;
		const char *rel = f->name + pl;
		char *src = NULL;
		if (override_dir) {
			char path[4096];
			struct stat st;
			snprintf(path, sizeof path, "%s/%s", override_dir, rel);
			if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
				size_t len;
				const char *e;
				if (read_file_limit(path, MAX_SOURCE, &src, &len, &e) < 0) {
					seterr(err, errlen, "%s: %s", path, e);
					srclist_free(&l);
					return NULL;
				}
			}
		}
		if (!src)
			src = xstrndup(f->data, f->len);
		srclist_add(&l, xstrndup(rel, strlen(rel) - el), src);
	}
	if (override_dir && scan_dir(override_dir, "", 0, &l, err, errlen) < 0) {
		srclist_free(&l);
		return NULL;
	}
	struct tpl_set *s = build_set(l.names, l.srcs, l.n, err, errlen);
	free(l.names);
	free(l.srcs);
	return s;
}

json_t *tpl_safe_html(const char *html)
{
	json_t *s = json_string(html ? html : "");
	if (!s) { /* invalid UTF-8: repair rather than lose the chart */
		buf b = BUF_INIT;
		utf8_sanitize_n(&b, html, strlen(html));
		s = json_string(buf_str(&b));
		buf_free(&b);
	}
	json_t *o = json_object();
	json_object_set_new(o, "$html", s);
	return o;
}

/* ------------------------------------------------------------------ */
/* Rendering                                                           */
/* ------------------------------------------------------------------ */

struct frame {
	json_t *v;
	const struct frame *up;
	size_t index, count;
	bool loop;
};

/* A looked-up value: a json_t (NULL when missing) or, for @index and
 * @number, a plain integer so loops need not allocate json integers. */
struct val {
	json_t *j;
	bool isint;
	long long i;
};

struct rstate {
	const struct tpl_set *set;
	buf *out;
	size_t out_start;
	buf scratch[2];
	int pdepth;
	unsigned long steps;
	char *err;
	size_t errlen;
};

static struct val lookup(const struct frame *f, const struct path *p)
{
	struct val v = {0};
	if (p->nseg == 0) {
		v.j = f->v;
		return v;
	}
	const char *s0 = p->seg[0];
	if (s0[0] == '@') {
		const struct frame *g = f;
		while (g && !g->loop)
			g = g->up;
		if (!g || p->nseg > 1)
			return v;
		if (strcmp(s0, "@index") == 0 || strcmp(s0, "@number") == 0) {
			v.isint = true;
			v.i = (long long)g->index + (s0[1] == 'n');
		} else if (strcmp(s0, "@first") == 0) {
			v.j = json_boolean(g->index == 0);
		} else if (strcmp(s0, "@last") == 0) {
			v.j = json_boolean(g->index + 1 == g->count);
		}
		return v;
	}
	json_t *j = NULL;
	for (const struct frame *g = f; g && !j; g = g->up)
		if (json_is_object(g->v))
			j = json_object_get(g->v, s0);
	for (unsigned k = 1; j && k < p->nseg; k++) {
		if (json_is_object(j)) {
			j = json_object_get(j, p->seg[k]);
		} else if (json_is_array(j)) {
			long idx;
			j = parse_int(p->seg[k], 0, 1000000000L, &idx) ? json_array_get(j, (size_t)idx) : NULL;
		} else {
			j = NULL;
		}
	}
	v.j = j;
	return v;
}

static bool truthy(struct val v)
{
	if (v.isint)
		return v.i != 0;
	json_t *j = v.j;
	switch (j ? json_typeof(j) : JSON_NULL) {
	case JSON_OBJECT: return json_object_size(j) > 0;
	case JSON_ARRAY: return json_array_size(j) > 0;
	case JSON_STRING: return json_string_length(j) > 0;
	case JSON_INTEGER: return json_integer_value(j) != 0;
	case JSON_REAL: return json_real_value(j) != 0.0;
	case JSON_TRUE: return true;
	default: return false;
	}
}

/* The text {{name}} shows for v, before escaping: strings, numbers and
 * "true"; false when nothing is shown (missing, null, false, containers).
 * tmp (>= 32 bytes) holds the digits of numbers. */
static bool val_text(struct val v, char *tmp, size_t tmpn, const char **s, size_t *n)
{
	if (v.isint) {
		*n = (size_t)snprintf(tmp, tmpn, "%lld", v.i);
		*s = tmp;
		return true;
	}
	json_t *j = v.j;
	switch (j ? json_typeof(j) : JSON_NULL) {
	case JSON_STRING:
		*s = json_string_value(j);
		*n = json_string_length(j);
		return true;
	case JSON_INTEGER:
		*n = (size_t)snprintf(tmp, tmpn, "%" JSON_INTEGER_FORMAT, json_integer_value(j));
		*s = tmp;
		return true;
	case JSON_REAL:
		*n = (size_t)snprintf(tmp, tmpn, "%.15g", json_real_value(j));
		*s = tmp;
		return true;
	case JSON_TRUE:
		*s = "true";
		*n = 4;
		return true;
	default:
		*s = "";
		*n = 0;
		return false;
	}
}

static size_t utf8_count(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* Digits of magnitude m with a '.' every three from the right. */
static void group_digits(buf *b, bool neg, unsigned long long m)
{
	char d[32];
	int n = snprintf(d, sizeof d, "%llu", m);
	if (neg)
		buf_putc(b, '-');
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf_putc(b, '.');
		buf_putc(b, d[i]);
	}
}

static void group_ll(buf *b, long long v)
{
	unsigned long long m = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	group_digits(b, v < 0, m);
}

/* Dutch number style: 1234567 -> "1.234.567", 1234.5 -> "1.234,5". */
static bool dutch_number(buf *b, struct val v, const char *s, size_t n, bool is_text)
{
	if (is_text) {
		char tmp[32];
		long val;
		if (n == 0 || n >= sizeof tmp)
			return false;
		memcpy(tmp, s, n);
		tmp[n] = '\0';
		if (!parse_int(tmp, -9000000000000000000L, 9000000000000000000L, &val))
			return false;
		group_ll(b, val);
		return true;
	}
	if (v.isint) {
		group_ll(b, v.i);
		return true;
	}
	if (json_is_integer(v.j)) {
		group_ll(b, json_integer_value(v.j));
		return true;
	}
	if (json_is_real(v.j)) {
		double d = json_real_value(v.j);
		if (d > 9e15 || d < -9e15)
			return false;
		char tmp[64];
		snprintf(tmp, sizeof tmp, "%.2f", d < 0 ? -d : d);
		char *dot = strchr(tmp, '.');
		size_t fl = strlen(dot + 1);
		while (fl > 0 && dot[fl] == '0')
			fl--;
		*dot = '\0';
		unsigned long long m = strtoull(tmp, NULL, 10);
		group_digits(b, d < 0 && (m > 0 || fl > 0), m);
		if (fl > 0) {
			buf_putc(b, ',');
			buf_append(b, dot + 1, fl);
		}
		return true;
	}
	return false;
}

static bool dutch_date(buf *b, const char *s, size_t n)
{
	static const char *const months[] = {"januari", "februari", "maart",     "april",   "mei",      "juni",
					     "juli",    "augustus", "september", "oktober", "november", "december"};
	if (n < 10 || (n > 10 && s[10] != 'T' && s[10] != ' ') || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12 || d < 1)
		return false;
	int dim = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (d > dim)
		return false;
	buf_printf(b, "%d %s %d", d, months[m - 1], y);
	return true;
}

/* ASCII and Latin-1 letters (U+00C0..U+00FE, which in UTF-8 are C3 80..C3 BE). */
static void change_case(buf *b, const char *s, size_t n, bool upper)
{
	buf_grow(b, n);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (upper && c >= 'a' && c <= 'z')
			c = (unsigned char)(c - 32);
		else if (!upper && c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		else if (c == 0xC3 && i + 1 < n) {
			unsigned char c2 = (unsigned char)s[++i];
			if (!upper && c2 >= 0x80 && c2 <= 0x9E && c2 != 0x97)
				c2 = (unsigned char)(c2 + 0x20); /* not U+00D7 × */
			else if (upper && c2 >= 0xA0 && c2 <= 0xBE && c2 != 0xB7)
				c2 = (unsigned char)(c2 - 0x20); /* not U+00F7 ÷ */
			buf_putc(b, (char)c);
			c = c2;
		}
		buf_putc(b, (char)c);
	}
}

/* The bullet content of a line starting with "• ", "- ", "* " or "o ", or
 * NULL when the line is no list item. */
static const char *bullet(const char *s, const char *e)
{
	size_t ml = 0;
	if (e - s >= 4 && memcmp(s, "\xE2\x80\xA2", 3) == 0)
		ml = 3;
	else if (e - s >= 2 && (*s == '-' || *s == '*' || *s == 'o'))
		ml = 1;
	if (!ml || (s[ml] != ' ' && s[ml] != '\t'))
		return NULL;
	s += ml;
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	return s;
}

/* Plain text to HTML: blank lines separate paragraphs, bullet lines make
 * lists, single newlines become <br>.  Everything is escaped. */
static void paras(buf *b, const char *s, size_t n)
{
	enum { NONE, PARA, LIST } mode = NONE;
	const char *p = s, *end = s + n;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *next = nl ? nl + 1 : end;
		while (p < le && (*p == ' ' || *p == '\t'))
			p++;
		while (le > p && (le[-1] == ' ' || le[-1] == '\t' || le[-1] == '\r'))
			le--;
		if (p == le) {
			buf_puts(b, mode == PARA ? "</p>\n" : mode == LIST ? "</ul>\n" : "");
			mode = NONE;
		} else {
			const char *item = bullet(p, le);
			if (item) {
				if (mode == PARA)
					buf_puts(b, "</p>\n");
				if (mode != LIST)
					buf_puts(b, "<ul>\n");
				mode = LIST;
				buf_puts(b, "<li>");
				html_escape_n(b, item, (size_t)(le - item));
				buf_puts(b, "</li>\n");
			} else {
				if (mode == LIST)
					buf_puts(b, "</ul>\n");
				buf_puts(b, mode == PARA ? "<br>\n" : "<p>");
				mode = PARA;
				html_escape_n(b, p, (size_t)(le - p));
			}
		}
		p = next;
	}
	buf_puts(b, mode == PARA ? "</p>\n" : mode == LIST ? "</ul>\n" : "");
}

/* json_dump_callback sink: escapes < > & so the JSON cannot close a
 * <script> element or start a comment; inside JSON these characters only
 * occur in strings, where \u003c is an equivalent spelling. */
static int json_sink(const char *s, size_t n, void *data)
{
	buf *b = data;
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep = s[i] == '<' ? "\\u003c" : s[i] == '>' ? "\\u003e" : s[i] == '&' ? "\\u0026" : NULL;
		if (!rep)
			continue;
		buf_append(b, s + run, i - run);
		buf_puts(b, rep);
		run = i + 1;
	}
	buf_append(b, s + run, n - run);
	return 0;
}

/* Dump j; a tree that jansson cannot encode (a string that bypassed UTF-8
 * checks) becomes null rather than half a document. */
static void dump_json(buf *out, json_t *j)
{
	size_t start = out->len;
	if (json_dump_callback(j, json_sink, out, JSON_COMPACT | JSON_ENCODE_ANY) != 0) {
		out->len = start;
		buf_puts(out, "null");
	}
}

static void emit_json(buf *out, struct val v, const char *s, size_t n, bool is_text)
{
	if (!is_text && json_is_string(v.j)) {
		s = json_string_value(v.j);
		n = json_string_length(v.j);
		is_text = true;
	}
	if (is_text || v.isint) {
		char tmp[32];
		if (v.isint && !is_text) {
			n = (size_t)snprintf(tmp, sizeof tmp, "%lld", v.i);
			buf_append(out, tmp, n);
			return;
		}
		json_t *j = json_stringn(s, n);
		if (!j) { /* invalid UTF-8 from a filter input: repair first */
			buf r = BUF_INIT;
			utf8_sanitize_n(&r, s, n);
			j = json_stringn(buf_str(&r), r.len);
			buf_free(&r);
		}
		dump_json(out, j);
		json_decref(j);
		return;
	}
	if (!v.j)
		buf_puts(out, "null");
	else
		dump_json(out, v.j);
}

static void emit_var(struct rstate *st, const struct node *nd, struct val v)
{
	char tmp[32];
	const char *s = "";
	size_t n = 0;
	if (nd->nfilters == 0) {
		if (val_text(v, tmp, sizeof tmp, &s, &n))
			html_escape_n(st->out, s, n);
		return;
	}
	/* The value flows through the chain either as v (a value) or as text
	 * s/n, which lives in tmp, the JSON tree or one of the scratch bufs. */
	bool is_text = false;
	int hold = -1; /* scratch buffer holding s, if any */
	for (unsigned k = 0; k < nd->nfilters; k++) {
		enum filter f = nd->filters[k];
		if (f == F_LEN) {
			long long c = 0;
			if (is_text)
				c = (long long)utf8_count(s, n);
			else if (json_is_array(v.j))
				c = (long long)json_array_size(v.j);
			else if (json_is_object(v.j))
				c = (long long)json_object_size(v.j);
			else if (json_is_string(v.j))
				c = (long long)utf8_count(json_string_value(v.j), json_string_length(v.j));
			v = (struct val){.isint = true, .i = c};
			is_text = false;
			hold = -1;
			continue;
		}
		if (f == F_JSON) {
			emit_json(st->out, v, s, n, is_text);
			return;
		}
		if (!is_text) {
			val_text(v, tmp, sizeof tmp, &s, &n);
			if (f == F_NL) { /* needs the number, not its text */
				buf *w = &st->scratch[hold == 0 ? 1 : 0];
				buf_reset(w);
				if (dutch_number(w, v, s, n, json_is_string(v.j))) {
					s = buf_str(w);
					n = w->len;
					hold = (int)(w - st->scratch);
				}
				is_text = true;
				continue;
			}
			is_text = true;
		}
		if (f == F_PARAS) {
			paras(st->out, s, n);
			return;
		}
		int wi = hold == 0 ? 1 : 0;
		buf *w = &st->scratch[wi];
		buf_reset(w);
		bool changed = true;
		switch (f) {
		case F_URL: url_encode_n(w, s, n); break;
		case F_LOWER: change_case(w, s, n, false); break;
		case F_UPPER: change_case(w, s, n, true); break;
		case F_DATE: changed = dutch_date(w, s, n); break;
		case F_NL: changed = dutch_number(w, v, s, n, true); break;
		default: changed = false; break;
		}
		if (changed) {
			s = buf_str(w);
			n = w->len;
			hold = wi;
		}
	}
	if (is_text)
		html_escape_n(st->out, s, n);
	else if (val_text(v, tmp, sizeof tmp, &s, &n))
		html_escape_n(st->out, s, n);
}

static bool eq_literal(struct val v, const struct node *nd)
{
	char tmp[32];
	const char *s;
	size_t n;
	val_text(v, tmp, sizeof tmp, &s, &n);
	return n == nd->len && memcmp(s, nd->lit, n) == 0;
}

static bool in_list(struct val v, struct val list)
{
	char tmp[32], tmp2[32];
	const char *s, *s2;
	size_t n, n2;
	if (!val_text(v, tmp, sizeof tmp, &s, &n) || !json_is_array(list.j))
		return false;
	size_t i;
	json_t *e;
	json_array_foreach(list.j, i, e) {
		if (val_text((struct val){.j = e}, tmp2, sizeof tmp2, &s2, &n2) && n2 == n && memcmp(s, s2, n) == 0)
			return true;
	}
	return false;
}

static int render_range(struct rstate *st, const struct tpl *t, size_t from, size_t to, const struct frame *f);

static int rerr(struct rstate *st, const struct tpl *t, const struct node *nd, const char *what)
{
	seterr(st->err, st->errlen, "%s:%d: %s", t->name, nd->line, what);
	return -1;
}

static int render_range(struct rstate *st, const struct tpl *t, size_t from, size_t to, const struct frame *f)
{
	size_t i = from;
	while (i < to) {
		const struct node *nd = &t->nodes[i];
		if (++st->steps > MAX_STEPS)
			return rerr(st, t, nd, "render budget exceeded (runaway loop or recursion)");
		if (st->out->len - st->out_start > MAX_OUTPUT)
			return rerr(st, t, nd, "render output too large");
		switch ((enum ntype)nd->type) {
		case N_TEXT:
			buf_append(st->out, nd->text, nd->len);
			break;
		case N_VAR:
			emit_var(st, nd, lookup(f, &nd->path));
			break;
		case N_RAW: {
			json_t *j = lookup(f, &nd->path).j, *h;
			if (json_is_object(j) && json_object_size(j) == 1 &&
			    json_is_string(h = json_object_get(j, "$html")))
				buf_append(st->out, json_string_value(h), json_string_length(h));
			break;
		}
		case N_PARTIAL: {
			if (st->pdepth >= MAX_PARTIAL_DEPTH)
				return rerr(st, t, nd, "partials nested deeper than 32 levels");
			const struct tpl *p = &st->set->t[nd->partial];
			st->pdepth++;
			int rc = render_range(st, p, 0, p->n, f);
			st->pdepth--;
			if (rc < 0)
				return -1;
			break;
		}
		case N_EQ:
		case N_IN: {
			struct val v = lookup(f, &nd->path);
			bool hit = nd->type == N_EQ ? eq_literal(v, nd) : in_list(v, lookup(f, &nd->list));
			if (hit != nd->inv && render_range(st, t, i + 1, nd->end, f) < 0)
				return -1;
			i = nd->end;
			continue;
		}
		case N_SECTION: {
			struct val v = lookup(f, &nd->path);
			bool truth = truthy(v);
			if (nd->inv || !truth) {
				if (nd->inv && !truth && render_range(st, t, i + 1, nd->end, f) < 0)
					return -1;
			} else if (json_is_array(v.j)) {
				size_t cnt = json_array_size(v.j);
				for (size_t k = 0; k < cnt; k++) {
					struct frame fr = {json_array_get(v.j, k), f, k, cnt, true};
					if (render_range(st, t, i + 1, nd->end, &fr) < 0)
						return -1;
				}
			} else if (json_is_object(v.j)) {
				struct frame fr = {v.j, f, 0, 0, false};
				if (render_range(st, t, i + 1, nd->end, &fr) < 0)
					return -1;
			} else if (render_range(st, t, i + 1, nd->end, f) < 0) {
				return -1;
			}
			i = nd->end;
			continue;
		}
		}
		i++;
	}
	return 0;
}

int tpl_render(const struct tpl_set *s, const char *name, json_t *ctx, buf *out, char *err, size_t errlen)
{
	const struct tpl *t = find_tpl(s, name);
	if (!t) {
		seterr(err, errlen, "unknown template '%s'", name ? name : "(null)");
		return -1;
	}
	struct rstate st = {.set = s, .out = out, .out_start = out->len, .err = err, .errlen = errlen};
	struct frame root = {ctx, NULL, 0, 0, false};
	int rc = render_range(&st, t, 0, t->n, &root);
	buf_free(&st.scratch[0]);
	buf_free(&st.scratch[1]);
	if (rc < 0 && out->data) {
		out->len = st.out_start;
		out->data[out->len] = '\0';
	}
	return rc;
}
