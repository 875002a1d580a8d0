/*
 * imp_lexicon.c - Dutch text normalisation and the rule tables that map
 * phrases to taxonomy codes (data/lexicon.tsv, embedded in the binary).
 *
 * Matching works on tokens of normalised text (NFC, case folded, accents
 * stripped).  A pattern token is either a Snowball Dutch stem, matched
 * against the token's stem (so "leerlingen"/"leerling" and
 * "ervaringen"/"ervaring" are one word), or a prefix ending in '*', matched
 * against the normalised token (Dutch compounds: "dyslexie*" catches
 * "dyslexieprotocol").  Entries are indexed by their first token so the cost
 * per token is a hash lookup, not a scan of the table.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>
#include <utf8proc.h>

#include "core/embed.h"
#include "core/model.h"
#include "core/util.h"
#include "import/imp_priv.h"

#define HASH_SIZE 2048 /* power of two, > 2x the number of first tokens */

struct bucket {
	char *key;
	int *ent;
	int n, cap;
};

struct lexicon {
	struct lex_entry *e;
	int n, cap;
	struct bucket exact[HASH_SIZE];  /* first token is a stem */
	struct bucket prefix[HASH_SIZE]; /* first token is a prefix: key = its first 3 bytes */
};

void imp_norm(const char *s, size_t n, buf *out)
{
	/* Most lines are plain ASCII: no Unicode work needed. */
	bool ascii = true;
	for (size_t i = 0; i < n && ascii; i++)
		ascii = (unsigned char)s[i] < 0x80;
	if (ascii) {
		buf_grow(out, n);
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];
			out->data[out->len++] = isalnum(c) ? (char)tolower(c) : ' ';
		}
		out->data[out->len] = '\0';
		return;
	}
	utf8proc_uint8_t *m = NULL;
	/* STRIPMARK needs decomposition; COMPOSE puts the rest back (NFC). */
	utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &m,
	                                  UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
	                                      UTF8PROC_STRIPMARK);
	const unsigned char *p = m ? m : (const unsigned char *)s;
	size_t len = r >= 0 ? (size_t)r : n;
	buf_grow(out, len);
	size_t i = 0;
	while (i < len) {
		unsigned char c = p[i];
		if (c < 0x80) {
			out->data[out->len++] = isalnum(c) ? (char)(r >= 0 ? c : tolower(c)) : ' ';
			i++;
			continue;
		}
		/* non-ASCII: keep letters and digits, turn quotes, dashes,
		 * bullets and other symbols into separators */
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
		if (k <= 0) {
			out->data[out->len++] = ' ';
			i++;
			continue;
		}
		utf8proc_category_t cat = utf8proc_category(cp);
		bool word = cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL || cat == UTF8PROC_CATEGORY_LT ||
		            cat == UTF8PROC_CATEGORY_LM || cat == UTF8PROC_CATEGORY_LO || cat == UTF8PROC_CATEGORY_ND;
		if (word) {
			memcpy(out->data + out->len, p + i, (size_t)k);
			out->len += (size_t)k;
		} else {
			out->data[out->len++] = ' ';
		}
		i += (size_t)k;
	}
	out->data[out->len] = '\0';
	free(m);
}

static unsigned hash_str(const char *s, size_t n)
{
	unsigned h = 2166136261u;
	for (size_t i = 0; i < n && s[i]; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static struct bucket *bucket_find(struct bucket *tab, const char *key, size_t n, bool create)
{
	unsigned h = hash_str(key, n) & (HASH_SIZE - 1);
	for (unsigned i = 0; i < HASH_SIZE; i++) {
		struct bucket *b = &tab[(h + i) & (HASH_SIZE - 1)];
		if (!b->key) {
			if (!create)
				return NULL;
			b->key = xstrndup(key, n);
			return b;
		}
		if (strlen(b->key) == n && memcmp(b->key, key, n) == 0)
			return b;
	}
	return NULL;
}

static void bucket_add(struct bucket *b, int idx)
{
	XGROW(b->ent, b->n, b->cap, 4);
	b->ent[b->n++] = idx;
}

static const struct {
	const char *name;
	enum lex_kind lk;
} lex_kinds[] = {
	{"section", LX_SECTION}, {"where", LX_WHERE},   {"neg", LX_NEG},
	{"offer", LX_OFFER},     {"limitcue", LX_LIMITCUE}, {"number", LX_NUMBER},
	{"level", LX_LEVELWORD},
};

void imp_lexicon_free(struct lexicon *lx)
{
	if (!lx)
		return;
	for (int i = 0; i < lx->n; i++) {
		for (int j = 0; j < lx->e[i].ntok; j++)
			free(lx->e[i].tok[j]);
		free(lx->e[i].tok);
		free((char *)lx->e[i].code);
	}
	free(lx->e);
	for (int i = 0; i < HASH_SIZE; i++) {
		free(lx->exact[i].key);
		free(lx->exact[i].ent);
		free(lx->prefix[i].key);
		free(lx->prefix[i].ent);
	}
	free(lx);
}

/* Add one pattern (already trimmed) for kind/code. */
static int add_pattern(struct lexicon *lx, struct sb_stemmer *st, enum lex_kind lk, int fk,
                       const char *code, const char *pat, char *err, size_t errlen, int lineno)
{
	buf nb = BUF_INIT;
	imp_norm(pat, strlen(pat), &nb);
	/* Prefix markers survive normalisation as spaces; re-read them from pat. */
	struct lex_entry e = {.lk = lk, .fact = fk, .code = xstrdup(code)};
	const char *p = pat;
	char *n = nb.data ? nb.data : (char *)"";
	char *save = NULL;
	int prio = 0;
	for (char *w = strtok_r(n, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		/* find whether this word is followed by '*' in the raw pattern */
		bool star = false;
		while (*p && !isalnum((unsigned char)*p) && (unsigned char)*p < 0x80)
			p++;
		while (*p && (isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80))
			p++;
		if (*p == '*') {
			star = true;
			p++;
		}
		char *tok;
		if (star) {
			size_t l = strlen(w);
			tok = xmalloc(l + 2);
			memcpy(tok, w, l);
			tok[l] = '*';
			tok[l + 1] = '\0';
			if (l < 3 && e.ntok == 0) {
				snprintf(err, errlen, "lexicon line %d: prefix '%s' shorter than 3 letters", lineno, w);
				free(tok);
				buf_free(&nb);
				for (int j = 0; j < e.ntok; j++)
					free(e.tok[j]);
				free(e.tok);
				free((char *)e.code);
				return -1;
			}
		} else {
			const sb_symbol *s = sb_stemmer_stem(st, (const sb_symbol *)w, (int)strlen(w));
			tok = xstrndup((const char *)s, (size_t)sb_stemmer_length(st));
		}
		prio += (int)strlen(w) + 1;
		e.tok = xrealloc(e.tok, (size_t)(e.ntok + 1) * sizeof *e.tok);
		e.tok[e.ntok++] = tok;
	}
	buf_free(&nb);
	if (e.ntok == 0) {
		free((char *)e.code);
		free(e.tok);
		snprintf(err, errlen, "lexicon line %d: empty pattern", lineno);
		return -1;
	}
	e.prio = prio;
	XGROW(lx->e, lx->n, lx->cap, 256);
	int idx = lx->n++;
	lx->e[idx] = e;
	const char *t0 = e.tok[0];
	size_t l0 = strlen(t0);
	struct bucket *b = t0[l0 - 1] == '*' ? bucket_find(lx->prefix, t0, 3, true)
	                                     : bucket_find(lx->exact, t0, l0, true);
	if (!b) {
		snprintf(err, errlen, "lexicon: too many distinct first words");
		return -1;
	}
	bucket_add(b, idx);
	return 0;
}

struct lexicon *imp_lexicon_parse(const char *tsv, char *err, size_t errlen)
{
	struct lexicon *lx = xcalloc(1, sizeof *lx);
	struct sb_stemmer *st = sb_stemmer_new("dutch", NULL);
	if (!st) {
		snprintf(err, errlen, "Dutch stemmer not available");
		free(lx);
		return NULL;
	}
	char *copy = xstrdup(tsv);
	char *save = NULL;
	int lineno = 0;
	int rc = 0;
	for (char *ln = copy; ln && rc == 0; ln = save) {
		save = strchr(ln, '\n');
		if (save)
			*save++ = '\0';
		lineno++;
		size_t l = strlen(ln);
		if (l && ln[l - 1] == '\r')
			ln[--l] = '\0';
		if (ln[0] == '#' || ln[0] == '\0')
			continue;
		char *f1 = strchr(ln, '\t');
		char *f2 = f1 ? strchr(f1 + 1, '\t') : NULL;
		if (!f2) {
			snprintf(err, errlen, "lexicon line %d: expected kind<TAB>code<TAB>patterns", lineno);
			rc = -1;
			break;
		}
		*f1++ = '\0';
		*f2++ = '\0';
		enum lex_kind lk = LX_FACT;
		int fk = fact_kind_parse(ln);
		if (fk < 0) {
			size_t k;
			for (k = 0; k < sizeof lex_kinds / sizeof lex_kinds[0]; k++)
				if (strcmp(lex_kinds[k].name, ln) == 0)
					break;
			if (k == sizeof lex_kinds / sizeof lex_kinds[0]) {
				snprintf(err, errlen, "lexicon line %d: unknown kind '%s'", lineno, ln);
				rc = -1;
				break;
			}
			lk = lex_kinds[k].lk;
		}
		char *ps = NULL;
		for (char *pat = strtok_r(f2, "|", &ps); pat && rc == 0; pat = strtok_r(NULL, "|", &ps)) {
			while (*pat == ' ')
				pat++;
			if (*pat)
				rc = add_pattern(lx, st, lk, fk, f1, pat, err, errlen, lineno);
		}
	}
	free(copy);
	sb_stemmer_delete(st);
	if (rc) {
		imp_lexicon_free(lx);
		return NULL;
	}
	return lx;
}

static struct lexicon *g_lex;
static pthread_once_t g_lex_once = PTHREAD_ONCE_INIT;

static void lex_load(void)
{
	const struct embed_file *f = embed_find("data/lexicon.tsv");
	char err[256];
	if (!f) {
		fprintf(stderr, "passend: data/lexicon.tsv is not embedded\n");
		return;
	}
	g_lex = imp_lexicon_parse(f->data, err, sizeof err);
	if (!g_lex)
		fprintf(stderr, "passend: %s\n", err);
}

const struct lexicon *imp_lexicon(void)
{
	pthread_once(&g_lex_once, lex_load);
	return g_lex;
}

static bool tok_eq(const char *pat, const struct imp_tok *t)
{
	size_t l = strlen(pat);
	if (pat[l - 1] == '*')
		return t->nlen >= l - 1 && memcmp(t->norm, pat, l - 1) == 0;
	return strcmp(pat, t->stem) == 0;
}

/* Class of an entry for overlap resolution: facts compete with each other,
 * cue words only with cue words of the same kind. */
static int lex_class(const struct lex_entry *e)
{
	return e->lk == LX_FACT ? 0 : (int)e->lk;
}

static void try_bucket(const struct lexicon *lx, const struct bucket *b, const struct imp_tok *t,
                       int nt, int i, struct imp_match *m, int *nm, int max)
{
	if (!b)
		return;
	for (int k = 0; k < b->n; k++) {
		const struct lex_entry *e = &lx->e[b->ent[k]];
		if (i + e->ntok > nt)
			continue;
		int j;
		for (j = 0; j < e->ntok; j++)
			if (!tok_eq(e->tok[j], &t[i + j]))
				break;
		if (j < e->ntok)
			continue;
		/* Resolve overlaps with matches already found in the same class. */
		bool keep = true;
		for (int q = 0; q < *nm; q++) {
			struct imp_match *o = &m[q];
			if (!o->e || lex_class(o->e) != lex_class(e))
				continue;
			bool overlap = o->start < i + e->ntok && i < o->start + o->len;
			if (!overlap)
				continue;
			if (o->e->prio >= e->prio) {
				keep = false;
				break;
			}
			o->e = NULL; /* the new one is longer: drop the old */
		}
		if (keep && *nm < max)
			m[(*nm)++] = (struct imp_match){e, i, e->ntok};
	}
}

int imp_lex_match(const struct lexicon *lx, const struct imp_tok *t, int nt, struct imp_match *m, int max)
{
	int nm = 0;
	for (int i = 0; i < nt; i++) {
		try_bucket(lx, bucket_find((struct bucket *)lx->exact, t[i].stem, strlen(t[i].stem), false), t,
		           nt, i, m, &nm, max);
		if (t[i].nlen >= 3)
			try_bucket(lx, bucket_find((struct bucket *)lx->prefix, t[i].norm, 3, false), t, nt, i, m,
			           &nm, max);
	}
	/* compact away dropped matches */
	int w = 0;
	for (int i = 0; i < nm; i++)
		if (m[i].e)
			m[w++] = m[i];
	return w;
}
