/*
 * imp_analyse.c - the core of the importer: UTF-8 text -> identity, sections
 * and facts with evidence.
 *
 * The text is read line by line.  Each line is normalised and tokenised,
 * stemmed (Snowball Dutch, with a per-analysis cache) and matched against the
 * lexicon (imp_lexicon.c, data/lexicon.tsv).  Headings switch the context
 * (offer, expertise, limits, admission ...) that decides which matches
 * become facts; "Op school" / "Via samenwerkingsverband ..." markers and
 * where-cues in a line decide `where`; tick boxes, negations and limit cues
 * filter.  Two table shapes seen in audit reports are read by column
 * position: a need x (in school | outside school) grid and an agency x
 * frequency grid.  Nothing here knows a particular school.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

#include "core/model.h"
#include "core/util.h"
#include "import/imp_priv.h"

#define MAX_TOK 512
#define MAX_MATCH 256
#define STEM_CACHE 8192

enum ctx {
	CX_GENERAL = 0, CX_OFFER, CX_EXPERTISE, CX_FACILITY, CX_LIMIT, CX_ADMISSION,
	CX_PARTNER, CX_CONTACT, CX_LEVELS, CX_SKIP, CX__N
};

/* Heading keyword contexts, strongest first: a heading that mentions both
 * "bijlage" and "niveaus" is an appendix. */
static const struct {
	const char *name;
	enum ctx cx;
} ctx_names[] = {
	{"skip", CX_SKIP},         {"limit", CX_LIMIT},     {"admission", CX_ADMISSION},
	{"contact", CX_CONTACT},   {"partner", CX_PARTNER}, {"expertise", CX_EXPERTISE},
	{"facility", CX_FACILITY}, {"levels", CX_LEVELS},   {"offer", CX_OFFER},
};

/* Format fingerprints: a format key and phrases that identify it. */
static const struct {
	const char *key;
	const char *needle; /* normalised text */
} formats[] = {
	{"ivo", "rapport audit"},
	{"ivo", "ivo dataformulier"},
	{"meierij", "swv de meierij"},
	{"meierij", "swv de meierij"},
	{"scholen-op-de-kaart", "via samenwerkingsverband bestuur of derden"},
	{"passenderwijs", "passenderwijs"},
	{"onderwijs-dat-past", "onderwijs dat past"},
};

/* Blank-template markers: option pairs and field prompts without answers. */
static const char *const template_markers[] = {
	"in ontwikkeling succesvol geimplementeerd",
	"ja nee",
	"naam van de school",
	"bezoekadres",
	"brinnummer",
	"datum laatste inspectiebezoek",
	"toelichting op het bovenstaande",
};

/* Labels of identity fields ("Naam school: X"). */
static const struct {
	const char *label; /* normalised prefix */
	const char *code;
} id_fields[] = {
	{"naam onderwijsvoorziening", "name"}, {"naam van de school", "name"}, {"naam school", "name"},
	{"schoolnaam", "name"},                {"naam", "name"},              {"plaats", "place"},
	{"vestigingsplaats", "place"},         {"brinnummer", "brin"},        {"brin", "brin"},
	{"samenwerkingsverband", "swv"},       {"in opdracht van", "swv"},    {"bestuur", "board"},
	{"schooljaar", "school_year"},
};

/* Words that introduce a school name in running text. */
static const char *const name_intro[] = {"basisschool", "sop van", "schoolondersteuningsprofiel van",
                                         "schoolondersteuningsplan sop van", "obs", "rkbs", "cbs"};
static const char *const swv_intro[] = {"swv", "samenwerkingsverband", "samenwerkingsverband po"};

/* Roles that are usually provided by outside organisations: when the text
 * does not say where, they are `extern`. */
static const char *const outside_roles[] = {"schoolmaatschappelijk_werker", "jeugdprofessional", "logopedist",
                                            "fysiotherapeut", "ergotherapeut"};

static bool outside_role(const char *code)
{
	for (size_t i = 0; i < sizeof outside_roles / sizeof *outside_roles; i++)
		if (strcmp(outside_roles[i], code) == 0)
			return true;
	return false;
}

struct stem_cache {
	char *key[STEM_CACHE];
	char *val[STEM_CACHE];
};

struct line {
	const char *s; /* raw, not NUL-terminated */
	size_t n;
	int no;        /* 1-based */
};

struct cand {
	char *val;
	int votes, line;
};

struct idstate {
	struct cand names[16], swvs[16], places[8], boards[4];
	int nn, ns, np, nb;
	char year[10], brin[5], vest[3];
	int year_line, brin_line;
	int field_name;
};

struct an {
	struct idstate id;
	const struct lexicon *lx;
	struct sb_stemmer *st;
	struct stem_cache *sc;
	struct imp_doc *d;
	struct line *ln;
	int nl;
	/* per-line scratch */
	buf norm;
	struct imp_tok tok[MAX_TOK];
	int nt;
	struct imp_match m[MAX_MATCH];
	int nm;
	/* state */
	enum ctx cx;
	enum fact_where sec_where, block_where;
	bool partner_list;
	bool partner_sentence; /* the previous line began a "samen met" sentence that goes on */
	unsigned topic_needs_lv; /* levels seen for the topic */
	char *topic_need[8];
	int ntopic;
	int ticked, markers;
	/* statement filters (see prompt_lines) */
	bool materials;           /* inside a list of methods / materials */
	int skip_until;           /* lines up to this index are prompts, not statements */
	enum fact_where q_where;  /* where named by the question an answer follows */
	enum fact_where carry_where; /* where cue of a sentence wrapped onto this line */
	bool prompt;              /* this line is a question or a topic */
	bool mat_end;             /* the materials list ended with a full stop */
	/* sentence markers (see line_markers) */
	unsigned carry_mk;        /* markers of the sentence the previous line left open */
	unsigned char sent[MAX_TOK]; /* sentence number of each token of the line */
	unsigned mk_sent[8];      /* markers per sentence of the line (sentences >= 7 share) */
	bool staff_table;         /* inside a table of staff functions and hours */
	int prev_num;             /* a count word ending the previous line's open sentence */
	int prev_num_gap;         /* words between it and the end of that line */
	bool prev_course;         /* the previous line ended with "cursus(sen)", "opleiding" ... */
};

static const char *stem_of(struct an *a, const char *w, size_t n)
{
	unsigned h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)w[i]) * 16777619u;
	for (unsigned k = 0; k < 8; k++) {
		unsigned i = (h + k) & (STEM_CACHE - 1);
		char *key = a->sc->key[i];
		if (key && strncmp(key, w, n) == 0 && key[n] == '\0')
			return a->sc->val[i];
		if (!key) {
			const sb_symbol *s = sb_stemmer_stem(a->st, (const sb_symbol *)w, (int)n);
			a->sc->key[i] = xstrndup(w, n);
			a->sc->val[i] = xstrndup((const char *)s, (size_t)sb_stemmer_length(a->st));
			return a->sc->val[i];
		}
	}
	/* cache crowded here: stem without caching into a rotating slot */
	unsigned i = h & (STEM_CACHE - 1);
	const sb_symbol *s = sb_stemmer_stem(a->st, (const sb_symbol *)w, (int)n);
	free(a->sc->key[i]);
	free(a->sc->val[i]);
	a->sc->key[i] = xstrndup(w, n);
	a->sc->val[i] = xstrndup((const char *)s, (size_t)sb_stemmer_length(a->st));
	return a->sc->val[i];
}

/* Normalise and tokenise raw text s[0..n) into a->tok; a->norm holds the
 * words.  A word that ends the line with a hyphen is joined with the first
 * word of `next` (PDF hyphenation). */
static void tokenise(struct an *a, const char *s, size_t n)
{
	buf_reset(&a->norm);
	imp_norm(s, n, &a->norm);
	a->nt = 0;
	char *p = a->norm.data ? a->norm.data : (char *)"";
	size_t len = a->norm.len;
	size_t i = 0;
	while (i < len && a->nt < MAX_TOK) {
		while (i < len && p[i] == ' ')
			i++;
		if (i >= len)
			break;
		size_t st = i;
		while (i < len && p[i] != ' ')
			i++;
		p[i] = '\0';
		struct imp_tok *t = &a->tok[a->nt++];
		t->norm = p + st;
		t->nlen = i - st;
		t->stem = stem_of(a, t->norm, t->nlen);
		i++;
	}
	a->nm = imp_lex_match(a->lx, a->tok, a->nt, a->m, MAX_MATCH);
}

static bool has_match(struct an *a, enum lex_kind lk, const char *code)
{
	for (int i = 0; i < a->nm; i++)
		if (a->m[i].e->lk == lk && (!code || strcmp(a->m[i].e->code, code) == 0))
			return true;
	return false;
}

/* Negation in the 5 tokens before the match start. */
static bool negated(struct an *a, int start)
{
	for (int i = 0; i < a->nm; i++) {
		const struct imp_match *m = &a->m[i];
		if (m->e->lk == LX_NEG && m->start < start && m->start >= start - 5)
			return true;
	}
	return false;
}

/* A where cue inside the name of a role, need or facility ("intern" in
 * "intern begeleider") is part of that name, not a cue. */
static bool inside_fact(struct an *a, const struct imp_match *w)
{
	for (int i = 0; i < a->nm; i++) {
		const struct imp_match *m = &a->m[i];
		/* an organisation's name ("Kentalis") is the cue itself */
		if (m->e->lk == LX_FACT && m->e->fact != FK_PARTNER && m->start <= w->start &&
		    w->start + w->len <= m->start + m->len)
			return true;
	}
	return false;
}

static enum fact_where line_where(struct an *a)
{
	bool sch = false, ext = false;
	for (int i = 0; i < a->nm; i++) {
		if (a->m[i].e->lk != LX_WHERE || inside_fact(a, &a->m[i]))
			continue;
		if (strcmp(a->m[i].e->code, "extern") == 0)
			ext = true;
		else
			sch = true;
	}
	return ext ? WHERE_EXTERN : sch ? WHERE_SCHOOL : WHERE_NONE;
}

/* Where cue close to a match (same clause, a few words away), not
 * overlapping it: "intern" in "intern begeleider" says nothing. */
static enum fact_where near_where(struct an *a, const struct imp_match *fm)
{
	bool sch = false, ext = false;
	for (int i = 0; i < a->nm; i++) {
		const struct imp_match *m = &a->m[i];
		if (m->e->lk != LX_WHERE || inside_fact(a, m))
			continue;
		if (m->start < fm->start + fm->len && fm->start < m->start + m->len)
			continue;
		int gap = m->start >= fm->start + fm->len ? m->start - (fm->start + fm->len) : fm->start - (m->start + m->len);
		if (gap > 6)
			continue;
		/* "de intern begeleider en consulent": a cue joined by a conjunction
		 * is another item of an enumeration, not where this one is */
		int g0 = m->start < fm->start ? m->start + m->len : fm->start + fm->len;
		int g1 = m->start < fm->start ? fm->start : m->start;
		bool conj = false;
		for (int j = g0; j < g1; j++)
			conj |= strcmp(a->tok[j].norm, "en") == 0 || strcmp(a->tok[j].norm, "of") == 0;
		if (conj)
			continue;
		if (strcmp(m->e->code, "extern") == 0)
			ext = true;
		else
			sch = true;
	}
	return ext ? WHERE_EXTERN : sch ? WHERE_SCHOOL : WHERE_NONE;
}

static int tok_number(const struct imp_tok *t)
{
	static const char *const words[] = {"nul", "", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien"};
	if (isdigit((unsigned char)t->norm[0])) {
		long v;
		char *end;
		v = strtol(t->norm, &end, 10);
		if (*end == '\0' || (*end == 'x' && end[1] == '\0'))
			return v >= 0 && v < 1000 ? (int)v : -1;
		return -1;
	}
	for (int i = 0; i < 11; i++)
		if (words[i][0] && strcmp(t->norm, words[i]) == 0)
			return i;
	return -1;
}

/* Support levels mentioned in the line: "niveau 2 of 3", "(niveau 1 en 2)",
 * "niveau 2 t/m 5".  Returns a bit set (1<<n). */
static unsigned line_levels(struct an *a)
{
	unsigned lv = 0;
	for (int i = 0; i < a->nt; i++) {
		if (strncmp(a->tok[i].norm, "niveau", 6) != 0 || strcmp(a->tok[i].norm, "niveaus") == 0)
			continue;
		int last = -1;
		for (int j = i + 1; j < a->nt && j <= i + 6; j++) {
			const char *w = a->tok[j].norm;
			int v = tok_number(&a->tok[j]);
			if (v >= 1 && v <= LEVELS_MAX) {
				if (last > 0 && j >= 2 && (strcmp(a->tok[j - 1].norm, "m") == 0 || strcmp(a->tok[j - 1].norm, "tot") == 0)) {
					for (int k = last; k <= v; k++)
						lv |= 1u << k;
				}
				lv |= 1u << v;
				last = v;
			} else if (strcmp(w, "en") && strcmp(w, "of") && strcmp(w, "t") && strcmp(w, "m") &&
			           strcmp(w, "tot") && strcmp(w, "met")) {
				break;
			}
		}
	}
	return lv;
}

static void add_fact(struct an *a, enum fact_kind k, const char *code, const char *value, int count,
                     enum fact_where w, bool present, unsigned levels, const struct line *l)
{
	struct fact f;
	fact_init(&f);
	f.kind = k;
	f.code = (char *)code;
	f.value = (char *)value;
	f.count = count;
	f.where = w;
	f.present = present;
	f.levels = levels;
	f.source = SRC_IMPORT;
	f.ev_line = l->no;
	/* evidence: the line, trimmed */
	const char *s = l->s;
	size_t n = l->n;
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	if (n > 400)
		n = 400;
	while (n && ((unsigned char)s[n] & 0xC0) == 0x80) /* keep UTF-8 whole */
		n--;
	f.ev_text = xstrndup(s, n);
	fact_list_add(&a->d->facts, &f);
	free(f.ev_text);
}

static bool is_blank(const struct line *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (!isspace((unsigned char)l->s[i]))
			return false;
	return true;
}

/* Skip leading blanks; returns the first non-blank byte offset. */
static size_t lead(const struct line *l)
{
	size_t i = 0;
	while (i < l->n && isspace((unsigned char)l->s[i]))
		i++;
	return i;
}

static bool starts_with_utf8(const char *s, size_t n, const char *pfx)
{
	size_t k = strlen(pfx);
	return n >= k && memcmp(s, pfx, k) == 0;
}

/* Bullets and tick boxes recognised at the start of a line. */
static const char *const bullets[] = {"\xe2\x80\xa2", "\xe2\x97\x8f", "\xe2\x97\xa6", "\xe2\x96\xaa", "\xef\x82\xb7",
                                      "\xef\x82\xa7", "-", "*", "o ", "\xc2\xb7", "\xe2\x80\x93"};
static const char *const box_on[] = {"\xe2\x98\x92", "\xe2\x98\x91", "\xe2\x9c\x93", "\xe2\x9c\x94", "[x]", "[X]"};
static const char *const box_off[] = {"\xe2\x98\x90", "[ ]", "\xef\x82\xa8", "\xef\x81\xaf", "\xef\x81\xb1"};

static int tick_of(const struct line *l)
{
	size_t i = lead(l);
	for (size_t k = 0; k < sizeof box_on / sizeof *box_on; k++)
		if (starts_with_utf8(l->s + i, l->n - i, box_on[k]))
			return 1;
	for (size_t k = 0; k < sizeof box_off / sizeof *box_off; k++)
		if (starts_with_utf8(l->s + i, l->n - i, box_off[k]))
			return -1;
	return 0;
}

static bool is_bullet(const struct line *l)
{
	size_t i = lead(l);
	for (size_t k = 0; k < sizeof bullets / sizeof *bullets; k++)
		if (starts_with_utf8(l->s + i, l->n - i, bullets[k]))
			return true;
	return false;
}

/* Only a box glyph on the line (layout put the label on a neighbour line). */
static bool box_only(const struct line *l)
{
	size_t i = lead(l);
	if (!tick_of(l))
		return false;
	i += 3;
	while (i < l->n && isspace((unsigned char)l->s[i]))
		i++;
	return i >= l->n;
}

/* Heading heuristic: short, no sentence punctuation at the end, starts with
 * a capital or a section number, preceded by a blank line or a sentence end. */
static bool is_heading(struct an *a, int idx)
{
	const struct line *l = &a->ln[idx];
	size_t i = lead(l);
	size_t e = l->n;
	while (e > i && isspace((unsigned char)l->s[e - 1]))
		e--;
	if (e <= i || e - i > 90 || e - i < 3)
		return false;
	if (is_bullet(l) || tick_of(l))
		return false;
	char last = l->s[e - 1];
	if (last == '.' && !(e - i < 6)) {
		/* "5." alone or "7. Toegankelijke ruimtes." are fine if numbered;
		 * "4) Het zorgteam schakelt externe deskundigen in, ... of anderen."
		 * is a numbered list item written as a full sentence */
		if (!isdigit((unsigned char)l->s[i]) || a->nt > 8 || memchr(l->s + i, ',', e - i))
			return false;
	}
	if (last == ',' || last == ';' || last == ':')
		return false;
	/* "Domein 3: ...", "Hoofdstuk 2: ...": a numbered label opens a heading */
	bool labelled = false;
	{
		const char *c = memchr(l->s + i, ':', e - i);
		if (c && c - (l->s + i) < 20 && c > l->s + i && isdigit((unsigned char)c[-1]))
			labelled = true;
	}
	for (size_t k = i; k + 1 < e; k++)
		if (l->s[k] == ':' && l->s[k + 1] == ' ' && k - i < 30 && !isdigit((unsigned char)l->s[i]) && !labelled)
			return false; /* "Contactpersoon: Tom Valstar" is a field */
	unsigned char c = (unsigned char)l->s[i];
	bool numbered = isdigit(c);
	if (numbered) {
		/* section numbers are short ("4.2", "7."); "2021-2022" or a table
		 * row "2 Intern begeleider 2x Ja" is not a heading */
		size_t k = i;
		while (k < e && isdigit((unsigned char)l->s[k]))
			k++;
		if (k - i > 2 || (k < e && l->s[k] != '.' && l->s[k] != ' ' && l->s[k] != ')'))
			return false;
		if (k + 1 < e && l->s[k] == ' ' && (l->s[k + 1] == ' ' || l->s[k + 1] == '\t') && l->s[k - 1] != '.')
			return false; /* "3  Onderwijsassistenten": a table row */
		/* the title after a section number starts with a capital:
		 * "2 uur per week ib coaching" is not a heading */
		size_t t = k;
		while (t < e && (l->s[t] == '.' || l->s[t] == ' ' || l->s[t] == '\t' || l->s[t] == ')'))
			t++;
		if (t < e && islower((unsigned char)l->s[t]))
			return false;
		while (k < e && (isdigit((unsigned char)l->s[k]) || l->s[k] == '.'))
			k++;
		for (size_t q = k; q < e; q++)
			if (isdigit((unsigned char)l->s[q]))
				return false;
	}
	if (a->nt > 0) {
		const char *lt = a->tok[a->nt - 1].norm;
		if (strcmp(lt, "ja") == 0 || strcmp(lt, "nee") == 0)
			return false;
	}
	if (!numbered && !(isupper(c) || c >= 0xC0))
		return false;
	if (a->nt > 12 || a->nt == 0)
		return false;
	/* the next non-blank line starting in lower case continues this one */
	for (int j = idx + 1; j < a->nl && j <= idx + 3 && !labelled; j++) {
		const struct line *nx = &a->ln[j];
		if (is_blank(nx))
			continue;
		size_t k = lead(nx);
		if (k < nx->n && islower((unsigned char)nx->s[k]))
			return false;
		break;
	}
	/* Previous non-blank line must end a sentence or be a heading itself
	 * (a capital after a line without a full stop is usually a continuation). */
	for (int j = idx - 1; j >= 0 && j >= idx - 3; j--) {
		const struct line *p = &a->ln[j];
		if (is_blank(p))
			return true;
		size_t pe = p->n;
		while (pe && isspace((unsigned char)p->s[pe - 1]))
			pe--;
		char pl = pe ? p->s[pe - 1] : '.';
		return pl == '.' || pl == ':' || pl == '?' || pl == '!' || numbered || (pe < 60);
	}
	return true;
}

static enum ctx heading_ctx(struct an *a, bool *known)
{
	*known = false;
	for (size_t k = 0; k < sizeof ctx_names / sizeof *ctx_names; k++)
		if (has_match(a, LX_SECTION, ctx_names[k].name)) {
			*known = true;
			return ctx_names[k].cx;
		}
	return CX_GENERAL;
}

static const char *ctx_key(enum ctx c)
{
	static const char *const k[] = {"algemeen", "aanbod", "expertise", "voorzieningen", "grenzen",
	                                "toelating", "partners", "contact", "niveaus", "overig"};
	return k[c];
}

/* ---- identity ---- */

static char *capture_name(const char *s, size_t n)
{
	/* capitalised words (and particles) up to punctuation or a lower-case word */
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == ':' || s[i] == '\t'))
		i++;
	if (n - i > 12 && strncasecmp(s + i, "basisschool ", 12) == 0)
		i += 12;
	size_t st = i, end = i;
	int words = 0;
	while (i < n && words < 5) {
		size_t ws = i;
		while (i < n && s[i] != ' ' && s[i] != ',' && s[i] != '.' && s[i] != '(' && s[i] != ')' && s[i] != ';')
			i++;
		if (i == ws)
			break;
		unsigned char c = (unsigned char)s[ws];
		bool cap = isupper(c) || isdigit(c) || c >= 0xC0 || (c == 0xE2 && ws + 3 < n) || c == '\'';
		bool particle = (i - ws <= 3 && words == 0 && (strncmp(s + ws, "de", 2) == 0 || strncmp(s + ws, "het", 3) == 0));
		if (!cap && !particle)
			break;
		if (cap)
			end = i;
		words++;
		if (i < n && s[i] != ' ')
			break;
		while (i < n && s[i] == ' ')
			i++;
	}
	if (end <= st)
		return NULL;
	return xstrndup(s + st, end - st);
}

/* Raw offset in line l of normalised token index ti (approximate: count
 * words in the raw text the same way the normaliser splits them). */
static size_t raw_offset_after_words(const struct line *l, int nwords)
{
	size_t i = 0;
	int w = 0;
	while (i < l->n && w < nwords) {
		while (i < l->n && !(isalnum((unsigned char)l->s[i]) || (unsigned char)l->s[i] >= 0x80))
			i++;
		while (i < l->n && (isalnum((unsigned char)l->s[i]) || (unsigned char)l->s[i] >= 0x80))
			i++;
		w++;
	}
	return i;
}

static bool school_year_at(const char *s, size_t n, char out[10])
{
	for (size_t i = 0; i + 9 <= n; i++) {
		if (s[i] != '2' || s[i + 1] != '0' || !isdigit((unsigned char)s[i + 2]) || !isdigit((unsigned char)s[i + 3]))
			continue;
		size_t j = i + 4;
		while (j < n && s[j] == ' ')
			j++;
		if (j >= n || (s[j] != '/' && s[j] != '-'))
			continue;
		j++;
		while (j < n && s[j] == ' ')
			j++;
		if (j + 4 > n || s[j] != '2' || s[j + 1] != '0' || !isdigit((unsigned char)s[j + 2]) || !isdigit((unsigned char)s[j + 3]))
			continue;
		int y1 = atoi(s + i), y2 = atoi(s + j);
		if (y2 != y1 + 1)
			continue;
		memcpy(out, s + i, 4);
		out[4] = '/';
		memcpy(out + 5, s + j, 4);
		out[9] = '\0';
		return true;
	}
	return false;
}

/* A BRIN code: two digits, two capitals ("12AT"), optionally followed by the
 * two-digit vestiging ("12AT00", "12AT-00", "12AT 01" only when labelled).
 * Fills out and, when present, vest ("" otherwise).  labelled: the text
 * follows a BRIN label, so the bare four-character code counts. */
static bool brin_scan(const char *s, size_t n, bool labelled, char out[5], char vest[3])
{
	for (size_t i = 0; i + 4 <= n; i++) {
		if (!((i == 0 || !isalnum((unsigned char)s[i - 1])) && isdigit((unsigned char)s[i]) &&
		      isdigit((unsigned char)s[i + 1]) && isupper((unsigned char)s[i + 2]) && isupper((unsigned char)s[i + 3])))
			continue;
		size_t j = i + 4;
		if (j < n && isalpha((unsigned char)s[j]))
			continue;
		/* vestiging: directly, after a hyphen, or (labelled) after a space */
		size_t k = j;
		if (k < n && (s[k] == '-' || (labelled && s[k] == ' ')))
			k++;
		bool v = k + 2 <= n && isdigit((unsigned char)s[k]) && isdigit((unsigned char)s[k + 1]) &&
		         (k + 2 == n || !isalnum((unsigned char)s[k + 2]));
		if (!v && !labelled)
			continue; /* a bare "12AT" in prose may be anything */
		if (!v && j < n && isdigit((unsigned char)s[j]))
			continue; /* "12AT123" */
		memcpy(out, s + i, 4);
		out[4] = '\0';
		vest[0] = '\0';
		if (v) {
			vest[0] = s[k];
			vest[1] = s[k + 1];
			vest[2] = '\0';
		}
		return true;
	}
	return false;
}

/* "vestiging 01", "vestigingsnummer: 01", "vestigingscode 01" in a line. */
static bool vestiging_at(const char *s, size_t n, char vest[3])
{
	for (size_t i = 0; i + 9 <= n; i++) {
		if (strncasecmp(s + i, "vestiging", 9) != 0 || (i && isalpha((unsigned char)s[i - 1])))
			continue;
		size_t j = i + 9;
		while (j < n && isalpha((unsigned char)s[j]))
			j++; /* vestigingsnummer, vestigingscode */
		while (j < n && (s[j] == ' ' || s[j] == ':' || s[j] == '\t'))
			j++;
		if (j + 2 <= n && isdigit((unsigned char)s[j]) && isdigit((unsigned char)s[j + 1]) &&
		    (j + 2 == n || !isalnum((unsigned char)s[j + 2]))) {
			vest[0] = s[j];
			vest[1] = s[j + 1];
			vest[2] = '\0';
			return true;
		}
	}
	return false;
}

static void vote(struct cand *c, int *nc, int max, char *val, int weight, int line)
{
	if (!val)
		return;
	/* strip trailing particles and punctuation */
	size_t l = strlen(val);
	while (l && (val[l - 1] == ' ' || val[l - 1] == ',' || val[l - 1] == '.'))
		val[--l] = '\0';
	if (l < 2) {
		free(val);
		return;
	}
	for (int i = 0; i < *nc; i++)
		if (strcasecmp(c[i].val, val) == 0) {
			c[i].votes += weight;
			free(val);
			return;
		}
	if (*nc < max) {
		c[*nc] = (struct cand){val, weight, line};
		(*nc)++;
	} else {
		free(val);
	}
}

static int best(struct cand *c, int nc)
{
	int b = -1;
	for (int i = 0; i < nc; i++)
		if (b < 0 || c[i].votes > c[b].votes)
			b = i;
	return b;
}

/* Match "intro" (normalised words) at token i; returns the number of tokens. */
static int words_at(struct an *a, int i, const char *intro)
{
	int k = 0;
	const char *p = intro;
	while (*p) {
		const char *e = strchr(p, ' ');
		size_t wl = e ? (size_t)(e - p) : strlen(p);
		if (i + k >= a->nt || a->tok[i + k].nlen != wl || memcmp(a->tok[i + k].norm, p, wl) != 0)
			return 0;
		k++;
		p += wl;
		while (*p == ' ')
			p++;
	}
	return k;
}

/* A place as written, without a district suffix: "’s-Hertogenbosch West"
 * names the city district; the place is "’s-Hertogenbosch".  Hyphenated
 * names ("Velsen-Noord") are places of their own and stay whole.  Takes and
 * returns ownership; NULL when nothing is left or the value is not a name. */
static char *place_clean(char *v)
{
	static const char *const districts[] = {"Noord", "Oost", "Zuid", "West", "Centrum", "Noordoost",
	                                        "Noordwest", "Zuidoost", "Zuidwest", "Midden"};
	if (!v)
		return NULL;
	size_t n = strlen(v);
	for (size_t k = 0; k < sizeof districts / sizeof *districts; k++) {
		size_t dl = strlen(districts[k]);
		if (n > dl + 1 && v[n - dl - 1] == ' ' && strcmp(v + n - dl, districts[k]) == 0) {
			v[n - dl - 1] = '\0';
			break;
		}
	}
	/* a place starts with a capital or "'s-"; digits are not a place */
	unsigned char c = (unsigned char)v[0];
	if (!c || isdigit(c)) {
		free(v);
		return NULL;
	}
	return v;
}

/* Token i ("te") follows a school's name: a school word and capitalised words
 * before it ("Basisschool de Regenboog te"). */
static bool after_school_name(struct an *a, const struct line *l, int i)
{
	(void)l;
	for (int j = i - 1; j >= 0 && j >= i - 5; j--)
		if (strcmp(a->tok[j].norm, "basisschool") == 0 || strcmp(a->tok[j].norm, "school") == 0 ||
		    strcmp(a->tok[j].norm, "obs") == 0 || strcmp(a->tok[j].norm, "cbs") == 0 ||
		    strcmp(a->tok[j].norm, "rkbs") == 0 || strcmp(a->tok[j].norm, "kindcentrum") == 0 ||
		    strcmp(a->tok[j].norm, "sbo") == 0 || strcmp(a->tok[j].norm, "so") == 0)
			return true;
	return false;
}

/* "5041 AB Tilburg" (a Dutch postcode and the place after it) in a line. */
static char *postcode_place(const char *s, size_t n)
{
	for (size_t i = 0; i + 8 <= n; i++) {
		if ((i && isalnum((unsigned char)s[i - 1])) || s[i] < '1' || s[i] > '9' || !isdigit((unsigned char)s[i + 1]) ||
		    !isdigit((unsigned char)s[i + 2]) || !isdigit((unsigned char)s[i + 3]))
			continue;
		size_t j = i + 4;
		if (j < n && s[j] == ' ')
			j++;
		if (j + 3 > n || !isupper((unsigned char)s[j]) || !isupper((unsigned char)s[j + 1]) ||
		    (j + 2 < n && s[j + 2] != ' ' && s[j + 2] != '\t'))
			continue;
		j += 2;
		while (j < n && (s[j] == ' ' || s[j] == '\t'))
			j++;
		if (j < n && (isupper((unsigned char)s[j]) || s[j] == '\'' || (unsigned char)s[j] >= 0xC0 ||
		              (unsigned char)s[j] == 0xE2))
			return capture_name(s + j, n - j);
	}
	return NULL;
}

/* Identity evidence in one tokenised line (called from the main pass). */
static void identity_line(struct an *a, const struct line *l, int li)
{
	if (a->nt == 0)
		return;
	/* labelled fields at the start of a line */
	for (size_t k = 0; k < sizeof id_fields / sizeof *id_fields; k++) {
		int w = words_at(a, 0, id_fields[k].label);
		if (!w)
			continue;
		size_t off = raw_offset_after_words(l, w);
		const char *rest = l->s + off;
		size_t rn = l->n - off;
		while (rn && (*rest == ' ' || *rest == '\t')) {
			rest++;
			rn--;
		}
		const char *colon = memchr(rest, ':', rn < 10 ? rn : 10);
		if (!colon)
			break; /* a label without a colon is prose, or an empty template field */
		rn -= (size_t)(colon - rest);
		rest = colon;
		rest++;
		rn--;
		const char *c = id_fields[k].code;
		if (strcmp(c, "name") == 0) {
			vote(a->id.names, &a->id.nn, 16, capture_name(rest, rn), 10, l->no);
			a->id.field_name = 1;
			/* "Basisschool de Regenboog te Tilburg" */
			const char *te = memmem(rest, rn, " te ", 4);
			if (te)
				vote(a->id.places, &a->id.np, 8, place_clean(capture_name(te + 4, rn - (size_t)(te + 4 - rest))), 10, l->no);
		} else if (strcmp(c, "place") == 0) {
			vote(a->id.places, &a->id.np, 8, place_clean(capture_name(rest, rn)), 10, l->no);
		} else if (strcmp(c, "board") == 0) {
			vote(a->id.boards, &a->id.nb, 4, capture_name(rest, rn), 10, l->no);
		} else if (strcmp(c, "swv") == 0) {
			vote(a->id.swvs, &a->id.ns, 16, capture_name(rest, rn), 5, l->no);
		} else if (strcmp(c, "brin") == 0 && !a->id.brin[0]) {
			char v[3];
			if (brin_scan(rest, rn, true, a->id.brin, v)) {
				a->id.brin_line = l->no;
				if (v[0])
					memcpy(a->id.vest, v, 3);
			}
		} else if (strcmp(c, "school_year") == 0 && !a->id.year[0]) {
			if (school_year_at(rest, rn, a->id.year))
				a->id.year_line = l->no;
		}
		break;
	}
	if (!a->id.brin[0] && has_match(a, LX_SECTION, NULL)) {
		/* nothing: BRIN only with its label */
	}
	/* "brinnummer 12AT, vestiging 01" and codes with their vestiging
	 * ("12AT00", "12AT-01") anywhere */
	if (!a->id.brin[0]) {
		bool label = false;
		for (int i = 0; i < a->nt && !label; i++)
			label = strncmp(a->tok[i].norm, "brin", 4) == 0;
		char v[3];
		if (brin_scan(l->s, l->n, label, a->id.brin, v)) {
			a->id.brin_line = l->no;
			if (v[0])
				memcpy(a->id.vest, v, 3);
		}
	}
	if (a->id.brin[0] && !a->id.vest[0] && abs(l->no - a->id.brin_line) <= 2)
		vestiging_at(l->s, l->n, a->id.vest);
	if (a->nt >= 3 && a->id.np < 8)
		vote(a->id.places, &a->id.np, 8, place_clean(postcode_place(l->s, l->n)), 5, l->no);
	for (int i = 0; i < a->nt; i++) {
		for (size_t k = 0; k < sizeof name_intro / sizeof *name_intro; k++) {
			int w = words_at(a, i, name_intro[k]);
			if (!w)
				continue;
			size_t off = raw_offset_after_words(l, i + w);
			char *nm = capture_name(l->s + off, l->n - off);
			vote(a->id.names, &a->id.nn, 16, nm, 1, l->no);
		}
		for (size_t k = 0; k < sizeof swv_intro / sizeof *swv_intro; k++) {
			int w = words_at(a, i, swv_intro[k]);
			if (!w || (k == 1 && i + 1 < a->nt && strcmp(a->tok[i + 1].norm, "po") == 0))
				continue;
			size_t off = raw_offset_after_words(l, i + w);
			vote(a->id.swvs, &a->id.ns, 16, capture_name(l->s + off, l->n - off), 1, l->no);
		}
		/* "gevestigd in Tilburg", "aan de rand van Tilburg", "basisschool in
		 * Tilburg", "Basisschool X te Tilburg" */
		static const char *const place_intro[] = {"gevestigd in", "gelegen in", "gesitueerd in", "gehuisvest in",
		                                          "aan de rand van", "in het centrum van", "school in",
		                                          "basisschool in", "kindcentrum in", "te"};
		for (size_t k = 0; k < sizeof place_intro / sizeof *place_intro; k++) {
			int w = words_at(a, i, place_intro[k]);
			if (!w)
				continue;
			/* "te" only right after a school's name ("De Regenboog te Tilburg") */
			if (k == sizeof place_intro / sizeof *place_intro - 1 && !after_school_name(a, l, i))
				continue;
			size_t off = raw_offset_after_words(l, i + w);
			vote(a->id.places, &a->id.np, 8, place_clean(capture_name(l->s + off, l->n - off)), 1, l->no);
		}
	}
	if (!a->id.year[0] && (li < 40 || has_match(a, LX_SECTION, NULL))) {
		bool ctxword = false;
		for (int i = 0; i < a->nt; i++)
			if (strncmp(a->tok[i].norm, "schooljaar", 10) == 0 || strcmp(a->tok[i].norm, "sop") == 0 ||
			    strncmp(a->tok[i].norm, "schoolondersteuning", 19) == 0 || strcmp(a->tok[i].norm, "profiel") == 0 ||
			    strcmp(a->tok[i].norm, "schoolgids") == 0)
				ctxword = true;
		if (ctxword && school_year_at(l->s, l->n, a->id.year))
			a->id.year_line = l->no;
	}
}

/* Choose the identity values with the most votes; they go into ids. */
static void identity_finish(struct an *a, struct fact_list *ids)
{
	struct fact_list keep = a->d->facts;
	a->d->facts = (struct fact_list){0};
	(void)a->id.field_name;
	struct {
		const char *code;
		struct cand *c;
		int n;
	} sets[] = {{"name", a->id.names, a->id.nn}, {"swv", a->id.swvs, a->id.ns}, {"place", a->id.places, a->id.np},
	            {"board", a->id.boards, a->id.nb}};
	for (size_t k = 0; k < 4; k++) {
		int b = best(sets[k].c, sets[k].n);
		if (b >= 0) {
			const struct line *l = &a->ln[sets[k].c[b].line - 1];
			add_fact(a, FK_SCHOOL, sets[k].code, sets[k].c[b].val, -1, WHERE_NONE, true, 0, l);
			char **dst = k == 0 ? &a->d->school_name : k == 1 ? &a->d->swv : k == 2 ? &a->d->place : NULL;
			if (dst)
				*dst = xstrdup(sets[k].c[b].val);
		}
		for (int i = 0; i < sets[k].n; i++)
			free(sets[k].c[i].val);
	}
	if (a->id.brin[0]) {
		add_fact(a, FK_SCHOOL, "brin", a->id.brin, -1, WHERE_NONE, true, 0, &a->ln[a->id.brin_line - 1]);
		a->d->brin = xstrdup(a->id.brin);
		if (a->id.vest[0])
			a->d->vestiging = xstrdup(a->id.vest);
	}
	if (a->id.year[0]) {
		add_fact(a, FK_SCHOOL, "school_year", a->id.year, -1, WHERE_NONE, true, 0, &a->ln[a->id.year_line - 1]);
		a->d->school_year = xstrdup(a->id.year);
	}
	*ids = a->d->facts;
	a->d->facts = keep;
}

/* ---- grids (audit tables read by column position) ---- */

/* Display column of byte offset off in line l (UTF-8 code points). */
static int col_of(const struct line *l, size_t off)
{
	int c = 0;
	for (size_t i = 0; i < off && i < l->n; i++)
		if (((unsigned char)l->s[i] & 0xC0) != 0x80)
			c++;
	return c;
}

/* Find the display column where normalised word w starts in line l
 * (case-insensitive ASCII search); -1 when absent. */
static int find_col(const struct line *l, const char *w)
{
	size_t wl = strlen(w);
	for (size_t i = 0; i + wl <= l->n; i++)
		if (strncasecmp(l->s + i, w, wl) == 0 && (i == 0 || !isalpha((unsigned char)l->s[i - 1])))
			return col_of(l, i);
	return -1;
}

struct seg {
	size_t off, len;
	int col;
};

/* Split a layout line into segments separated by 2+ spaces. */
static int segments(const struct line *l, struct seg *sg, int max)
{
	int n = 0;
	size_t i = 0;
	while (i < l->n && n < max) {
		while (i < l->n && (l->s[i] == ' ' || l->s[i] == '\t'))
			i++;
		if (i >= l->n)
			break;
		size_t st = i, end = i;
		while (i < l->n) {
			if (l->s[i] == ' ' && (i + 1 >= l->n || l->s[i + 1] == ' ' || l->s[i + 1] == '\t'))
				break;
			if (l->s[i] == '\t')
				break;
			i++;
			end = i;
		}
		sg[n++] = (struct seg){st, end - st, col_of(l, st)};
	}
	return n;
}

/* A cell mark: 1 yes, 0 no, 2 "same as above", -1 not a mark. */
static int cell_mark(const char *s, size_t n)
{
	static const char *const yes[] = {"x", "ja", "\xe2\x98\x92", "\xe2\x9c\x93", "\xe2\x9c\x94", "v", "via consulent", "+"};
	static const char *const no[] = {"nee", "\xe2\x98\x90", "-", "nooit"};
	static const char *const same[] = {"\xe2\x86\x93", "idem", "\xe2\x80\x9c", "\"", "\xe2\x87\x93", "id."};
	for (size_t k = 0; k < sizeof same / sizeof *same; k++)
		if (n >= strlen(same[k]) && strncasecmp(s, same[k], strlen(same[k])) == 0)
			return 2;
	for (size_t k = 0; k < sizeof yes / sizeof *yes; k++) {
		size_t yl = strlen(yes[k]);
		if (n >= yl && strncasecmp(s, yes[k], yl) == 0 && (n == yl || !isalpha((unsigned char)s[yl])))
			return 1;
	}
	for (size_t k = 0; k < sizeof no / sizeof *no; k++) {
		size_t nl = strlen(no[k]);
		if (n >= nl && strncasecmp(s, no[k], nl) == 0 && (n == nl || !isalpha((unsigned char)s[nl])))
			return 0;
	}
	return -1;
}

/* The need x (school | extern) grid.  hdr is the header line index; returns
 * the index of the last line consumed. */
static int need_grid(struct an *a, int hdr, int cs, int ce)
{
	int prev[2] = {-1, -1};
	bool ditto[2] = {false, false};
	/* columns with ditto marks inherit across blank cells */
	int li;
	int misses = 0;
	int boundary = cs < ce ? (cs + ce) / 2 + 2 : (cs + ce) / 2;
	int blanks = 0;
	for (li = hdr + 1; li < a->nl && misses < 4; li++) {
		const struct line *l = &a->ln[li];
		if (is_blank(l)) {
			if (++blanks >= 3)
				break; /* the table has ended */
			continue;
		}
		blanks = 0;
		if (find_col(l, "nooit") >= 0 && find_col(l, "vaak") >= 0)
			break; /* the next grid begins */
		size_t ld = lead(l);
		if (is_bullet(l) || strncasecmp(l->s + ld, "toelichting", 11) == 0 || strncasecmp(l->s + ld, "samenwerking", 12) == 0)
			break;
		struct seg sg[12];
		int ns = segments(l, sg, 12);
		int mark[2] = {-1, -1};
		int lab = -1;
		for (int k = 0; k < ns; k++) {
			int mk = cell_mark(l->s + sg[k].off, sg[k].len);
			if (mk >= 0 && lab < 0) {
				int c = sg[k].col < boundary ? 0 : 1;
				if (mark[c] == 1 && mk == 0)
					mark[c] = 3; /* both Ja and Nee present: unreadable */
				else if (mark[c] != 3)
					mark[c] = mk;
			} else if (mk < 0 || lab >= 0) {
				if (lab < 0)
					lab = k;
			}
		}
		if (lab < 0) {
			misses++;
			continue;
		}
		/* the label: the rest of the line from the label segment */
		size_t off = sg[lab].off;
		tokenise(a, l->s + off, l->n - off);
		const char *code = NULL;
		for (int i = 0; i < a->nm; i++)
			if (a->m[i].e->lk == LX_FACT && a->m[i].e->fact == FK_NEED) {
				code = a->m[i].e->code;
				break;
			}
		if (!code) {
			misses++;
			continue; /* a note under a row */
		}
		misses = 0;
		for (int c = 0; c < 2; c++) {
			int v = mark[c];
			if (v == 2) {
				ditto[c] = true;
				v = prev[c];
			} else if (v == -1 && ditto[c]) {
				v = prev[c];
			}
			if (v == 3)
				v = -1;
			if (v == 1)
				add_fact(a, FK_NEED, code, NULL, -1, c == 0 ? WHERE_SCHOOL : WHERE_EXTERN, true, 0, l);
			if (mark[c] != 2 && mark[c] != -1)
				prev[c] = mark[c] == 3 ? -1 : mark[c];
			else if (mark[c] == -1 && !ditto[c])
				prev[c] = -1;
		}
	}
	return li - 1;
}

/* agency x frequency grid: "nooit soms regelmatig vaak" */
static int partner_grid(struct an *a, int hdr)
{
	const struct line *h = &a->ln[hdr];
	int cols[4] = {find_col(h, "nooit"), find_col(h, "soms"), find_col(h, "regelmatig"), find_col(h, "vaak")};
	int li, misses = 0;
	long last = -1;          /* index of the partner fact a continuation line extends */
	bool pending_other = false; /* "anders, nl." ticked: the name follows */
	bool last_closed = false;   /* the name ended with ';': no continuation */
	for (li = hdr + 1; li < a->nl && misses < 3; li++) {
		const struct line *l = &a->ln[li];
		if (is_blank(l))
			continue;
		if (is_bullet(l))
			break;
		size_t ld = lead(l);
		if (strncasecmp(l->s + ld, "toelichting", 11) == 0)
			break;
		struct seg sg[12];
		int ns = segments(l, sg, 12);
		if (ns == 1 && cell_mark(l->s + sg[0].off, sg[0].len) < 0) {
			/* a label on its own line: the rest of the row above, or the
			 * name of an "anders" row */
			char *part = xstrndup(l->s + sg[0].off, sg[0].len);
			bool digits = true;
			for (char *q = part; *q; q++)
				digits &= isdigit((unsigned char)*q) || *q == ' ';
			if (digits) {
				free(part);
				continue; /* page number inside the grid */
			}
			if (pending_other) {
				add_fact(a, FK_PARTNER, NULL, part, -1, WHERE_NONE, true, 0, l);
				last = (long)a->d->facts.n - 1;
				pending_other = false;
			} else if (last >= 0 && !last_closed && strncasecmp(part, "anders", 6) != 0 &&
			           (islower((unsigned char)part[0]) || a->d->facts.v[last].value[strlen(a->d->facts.v[last].value) - 1] == ':' ||
			                         strcmp(a->d->facts.v[last].value + strlen(a->d->facts.v[last].value) - 2, "en") == 0)) {
				struct fact *f = &a->d->facts.v[last];
				buf b = BUF_INIT;
				buf_printf(&b, "%s %s", f->value, part);
				free(f->value);
				f->value = buf_detach(&b);
			}
			free(part);
			misses++;
			continue;
		}
		if (ns < 2 || cell_mark(l->s + sg[0].off, sg[0].len) >= 0) {
			misses++;
			continue;
		}
		int best_c = -1;
		for (int k = 1; k < ns; k++) {
			if (cell_mark(l->s + sg[k].off, sg[k].len) != 1)
				continue;
			int bd = 1 << 30;
			for (int c = 0; c < 4; c++) {
				if (cols[c] < 0)
					continue;
				int dlt = abs(sg[k].col - (cols[c] + 2));
				if (dlt < bd) {
					bd = dlt;
					best_c = c;
				}
			}
		}
		last = -1;
		pending_other = false;
		if (best_c < 0) {
			misses++;
			continue;
		}
		misses = 0;
		char *name = xstrndup(l->s + sg[0].off, sg[0].len);
		size_t nl = strlen(name);
		last_closed = nl && name[nl - 1] == ';';
		while (nl && (name[nl - 1] == ';' || name[nl - 1] == ',' || name[nl - 1] == '.'))
			name[--nl] = '\0';
		if (strncasecmp(name, "anders", 6) == 0) {
			pending_other = best_c > 0;
		} else if (best_c > 0) {
			add_fact(a, FK_PARTNER, NULL, name, -1, WHERE_NONE, true, 0, l);
			last = (long)a->d->facts.n - 1;
		}
		free(name);
	}
	return li - 1;
}

/* ---- the main pass ---- */

static void set_topic(struct an *a)
{
	for (int i = 0; i < a->ntopic; i++)
		free(a->topic_need[i]);
	a->ntopic = 0;
	for (int i = 0; i < a->nm && a->ntopic < 8; i++)
		if (a->m[i].e->lk == LX_FACT && a->m[i].e->fact == FK_NEED)
			a->topic_need[a->ntopic++] = xstrdup(a->m[i].e->code);
}

/* Organisation names: few words, capitalised except particles; a two-word
 * name may have one lower-case word ("Veilig thuis"). */
static bool org_shaped(const char *s, size_t st, size_t e)
{
	static const char *const particles[] = {"van", "de", "het", "en", "voor", "op", "der", "den", "in", "met", "&"};
	int words = 0, lower = 0;
	size_t q = st;
	while (q < e) {
		while (q < e && s[q] == ' ')
			q++;
		size_t ws = q;
		while (q < e && s[q] != ' ')
			q++;
		if (q == ws)
			break;
		words++;
		bool part = false;
		for (size_t k = 0; k < sizeof particles / sizeof *particles; k++)
			if (q - ws == strlen(particles[k]) && strncmp(s + ws, particles[k], q - ws) == 0)
				part = true;
		if (!part && islower((unsigned char)s[ws]))
			lower++;
	}
	return words > 0 && words <= 6 && (lower == 0 || (words == 2 && lower == 1));
}

static void partner_from_bullet(struct an *a, const struct line *l)
{
	size_t i = lead(l);
	/* skip the bullet glyph */
	while (i < l->n && !(isalnum((unsigned char)l->s[i]) || (unsigned char)l->s[i] >= 0xC3))
		i++;
	size_t st = i;
	while (i < l->n && l->s[i] != '(' && l->s[i] != ',' && l->s[i] != ':' && l->s[i] != ';')
		i++;
	size_t e = i;
	while (e > st && (l->s[e - 1] == ' ' || l->s[e - 1] == '.'))
		e--;
	if (e <= st || e - st > 70)
		return;
	if (islower((unsigned char)l->s[st]))
		return; /* running text, not a name */
	/* "A / B / C": several organisations */
	size_t p = st;
	while (p < e) {
		size_t q = p;
		while (q < e && !(l->s[q] == '/' && q > p && l->s[q - 1] == ' '))
			q++;
		size_t a0 = p, a1 = q;
		while (a0 < a1 && l->s[a0] == ' ')
			a0++;
		while (a1 > a0 && l->s[a1 - 1] == ' ')
			a1--;
		if (a1 > a0 && org_shaped(l->s, a0, a1)) {
			char *v = xstrndup(l->s + a0, a1 - a0);
			add_fact(a, FK_PARTNER, NULL, v, -1, WHERE_NONE, true, 0, l);
			free(v);
		}
		p = q + 1;
	}
}

/* "Dyslexie: extra leestijd (niveau 2), behandeling via een externe
 * zorgaanbieder (niveau 4)." - a label naming needs, then clauses that each
 * say how (where, levels, or "geen ..." for none).  Emits the needs per
 * clause and returns true when the line had that shape.  Leaves a->tok and
 * a->m describing the whole line again. */
static bool label_line(struct an *a, const struct line *l, bool need_how)
{
	size_t ld = lead(l);
	const char *colon = memchr(l->s + ld, ':', l->n - ld);
	if (!colon || colon - (l->s + ld) > 60 || colon + 1 >= l->s + l->n)
		return false;
	/* the label: a few words naming at least one need */
	tokenise(a, l->s + ld, (size_t)(colon - (l->s + ld)));
	if (a->nt == 0 || a->nt > 6) {
		tokenise(a, l->s, l->n);
		return false;
	}
	char *needs[8];
	int nneeds = 0;
	for (int i = 0; i < a->nm && nneeds < 8; i++)
		if (a->m[i].e->lk == LX_FACT && a->m[i].e->fact == FK_NEED)
			needs[nneeds++] = xstrdup(a->m[i].e->code);
	if (!nneeds) {
		tokenise(a, l->s, l->n);
		return false;
	}
	enum fact_where ctxw = a->block_where ? a->block_where : a->sec_where;
	/* clauses of the answer: split at ',' and ';' outside parentheses */
	const char *p = colon + 1, *end = l->s + l->n;
	while (p < end) {
		const char *q = p;
		int depth = 0;
		while (q < end && !((*q == ',' || *q == ';') && depth == 0)) {
			depth += *q == '(';
			depth -= *q == ')' && depth > 0;
			q++;
		}
		tokenise(a, p, (size_t)(q - p));
		if (a->nt > 0) {
			bool neg = false;
			for (int i = 0; i < a->nm; i++)
				neg |= a->m[i].e->lk == LX_NEG;
			bool limit = has_match(a, LX_LIMITCUE, NULL);
			enum fact_where w = line_where(a);
			unsigned lv = line_levels(a);
			/* outside offer sections "Rekenen: Maatwerk, Alles Telt" lists
			 * titles; an answer must say how (an offer, a level, where) */
			bool how = !need_how || w || lv || has_match(a, LX_OFFER, NULL);
			if (!neg && !limit && how) {
				for (int k = 0; k < nneeds; k++)
					add_fact(a, FK_NEED, needs[k], NULL, -1, w ? w : ctxw ? ctxw : WHERE_SCHOOL, true, lv, l);
			}
		}
		p = q + 1;
	}
	for (int k = 0; k < nneeds; k++)
		free(needs[k]);
	tokenise(a, l->s, l->n);
	return true;
}



/* Stem-prefix test on token j. */
static bool tok_pfx(struct an *a, int j, const char *pfx)
{
	return j >= 0 && j < a->nt && strncmp(a->tok[j].norm, pfx, strlen(pfx)) == 0;
}

/* A role named as a course or a study, not as staff: "studenten
 * orthopedagogiek", "onderwijsassistent opleidingen", "cursussen
 * vertrouwenspersonen", "stagiaires". */
static bool training_at(struct an *a, const struct imp_match *m)
{
	static const char *const pre[] = {"student", "stagiair", "stagiaire", "cursus", "opleiding", "training", "scholing"};
	if (m->start == 0 && a->prev_course)
		return true; /* "cursussen" ended the wrapped line before */
	for (int j = m->start - 2; j < m->start; j++)
		for (size_t k = 0; k < sizeof pre / sizeof *pre; k++)
			if (tok_pfx(a, j, pre[k]))
				return true;
	/* "een gedragsspecialist opleiding is afgerond": a finished course
	 * qualifies someone on the staff */
	int after = m->start + m->len;
	if (!(tok_pfx(a, after, "opleiding") || tok_pfx(a, after, "studie") || tok_pfx(a, after, "stage")))
		return false;
	for (int j = after + 1; j < a->nt && j <= after + 3; j++)
		if (tok_pfx(a, j, "afgerond") || tok_pfx(a, j, "behaald") || tok_pfx(a, j, "voltooid") || tok_pfx(a, j, "gediplomeerd"))
			return false;
	return true;
}

/* Words given as an example ("(bv. voor fysiotherapie)", "zoals bijv. bij
 * suikerziekte") illustrate a category; they do not state an offer. */
static bool example_at(struct an *a, int start)
{
	for (int j = start - 3; j < start; j++)
		if (j >= 0 && (strcmp(a->tok[j].norm, "bv") == 0 || strcmp(a->tok[j].norm, "bijv") == 0 ||
		               strcmp(a->tok[j].norm, "bijvoorbeeld") == 0 || strcmp(a->tok[j].norm, "vb") == 0))
			return true;
	return false;
}

/* "(geen) gebruik gemaakt van de peuterspeelzaal": about pupils using a
 * provision, which says neither that the school has it nor that it lacks it. */
static bool usage_only(struct an *a, int start)
{
	for (int j = start - 5; j < start - 1; j++)
		if (j >= 0 && strcmp(a->tok[j].norm, "gebruik") == 0 &&
		    (tok_pfx(a, j + 1, "gemaakt") || tok_pfx(a, j + 1, "maken") || tok_pfx(a, j + 1, "maakt")) &&
		    strcmp(a->tok[j].norm, "gebruik") == 0) {
			for (int k = j - 3; k < j; k++)
				if (k >= 0 && strcmp(a->tok[k].norm, "geen") == 0)
					return true;
		}
	return false;
}

/* ---- prompts, questions and material lists: text that is not a statement ---- */

static size_t trim_end(const struct line *l)
{
	size_t e = l->n;
	while (e && isspace((unsigned char)l->s[e - 1]))
		e--;
	return e;
}

/* The line is (part of) a question: its sentence ends in '?' and nothing
 * answers it on the same line ("Is er een lift?  Ja" is answered).
 * Questions put to staff in an interview protocol or a form are not what
 * the school says; the answer follows them. */
static bool question_at(struct an *a, int idx)
{
	const struct line *l = &a->ln[idx];
	size_t e = trim_end(l);
	const char *q = NULL;
	for (size_t i = e; i > 0; i--)
		if (l->s[i - 1] == '?') {
			q = l->s + i - 1;
			break;
		}
	if (q) {
		for (const char *p = q + 1; p < l->s + e; p++)
			if (isalnum((unsigned char)*p))
				return false; /* answered on the line */
		for (const char *p = l->s; p + 1 < q; p++)
			if ((*p == '.' || *p == '!') && p[1] == ' ' && p > l->s && islower((unsigned char)p[-1]))
				return false; /* a statement first, then a question */
		return true;
	}
	if (!e)
		return false;
	char last = l->s[e - 1];
	if (last == '.' || last == '!' || last == ':' || last == ';')
		return false;
	/* the sentence goes on: does it end with a question mark? */
	for (int j = idx + 1; j < a->nl && j <= idx + 3; j++) {
		const struct line *n = &a->ln[j];
		if (is_blank(n))
			return false;
		for (size_t i = 0; i < n->n; i++) {
			if (n->s[i] == '?')
				return true;
			if ((n->s[i] == '.' || n->s[i] == '!') && (i + 1 == n->n || n->s[i + 1] == ' '))
				return false;
		}
	}
	return false;
}

/* First letter of a bullet item, after the glyph. */
static size_t bullet_text(const struct line *l)
{
	size_t i = lead(l);
	for (size_t k = 0; k < sizeof bullets / sizeof *bullets; k++)
		if (starts_with_utf8(l->s + i, l->n - i, bullets[k])) {
			i += strlen(bullets[k]);
			break;
		}
	while (i < l->n && isspace((unsigned char)l->s[i]))
		i++;
	return i;
}

/* An interview or form topic: a bullet on its own (blank line before, no
 * sibling items), starting in lower case, not ending a sentence, followed
 * after a blank line by an answer paragraph ("•  volgsystemen voor de
 * didactische voortgang" + the answer).  Returns the index of the topic's
 * last line, or -1. */
static int topic_at(struct an *a, int idx)
{
	const struct line *l = &a->ln[idx];
	if (!is_bullet(l) || tick_of(l))
		return -1;
	size_t t = bullet_text(l);
	if (t >= l->n || !islower((unsigned char)l->s[t]))
		return -1;
	if (idx > 0 && !is_blank(&a->ln[idx - 1]))
		return -1;
	int last = idx;
	for (int j = idx + 1; j < a->nl && j <= idx + 3; j++) {
		if (is_blank(&a->ln[j]))
			break;
		if (is_bullet(&a->ln[j]) || tick_of(&a->ln[j]))
			return -1; /* an item of a list */
		last = j;
	}
	const struct line *ll = &a->ln[last];
	size_t e = trim_end(ll);
	if (e && (ll->s[e - 1] == '.' || ll->s[e - 1] == '!'))
		return -1;
	for (int j = last + 1; j < a->nl && j <= last + 4; j++) {
		const struct line *n = &a->ln[j];
		if (is_blank(n))
			continue;
		if (j == last + 1)
			return -1; /* no blank line: the item goes on */
		return is_bullet(n) || tick_of(n) ? -1 : last;
	}
	return -1;
}

/* A label that opens a list of methods or materials ("Materialen:",
 * "alternatieve methodes, nl.", "Beschikbare onderwijsmaterialen met ...",
 * "Speciale onderwijs/werkmaterialen ... beschikbaar:"): the product names
 * that follow ("Spelling in de Lift", "Doos vol gevoelens") say what is on
 * the shelf, not which support the school offers. */
static bool materials_label(struct an *a, const struct line *l)
{
	int at = -1;
	for (int i = 0; i < a->nt && i < 3 && at < 0; i++) {
		const char *w = a->tok[i].norm;
		if (strncmp(w, "method", 6) == 0 || strstr(w, "materia") || strncmp(w, "leermiddel", 10) == 0 ||
		    strncmp(w, "hulpmiddel", 10) == 0)
			at = i;
	}
	if (at < 0)
		return false;
	size_t e = trim_end(l);
	if (!e)
		return false;
	bool nl = false;
	for (int i = 0; i < a->nt; i++)
		nl |= strcmp(a->tok[i].norm, "nl") == 0;
	if (nl || memchr(l->s, ':', e))
		return true;
	/* a short title without a sentence end */
	return a->nt <= 12 && l->s[e - 1] != '.' && l->s[e - 1] != ',';
}


/* ---- sentence markers: statements that are not offers ----
 * Support profiles, and audit reports about them, mix what the school offers
 * with aims ("het doel is ...", "de school wil ..."), reports of what was
 * discussed or thought ("de aandacht gaat uit naar ...", "het team denkt
 * dat ..."), monitoring ("een observatielijst ingevuld voor ..."), networks
 * and meetings of staff between schools, and topics of information for
 * parents ("informatie over logopedie, fysiotherapie ...").  A need or role
 * named in such a sentence is not an offer.  Markers are found per sentence;
 * a sentence wrapped onto the next line carries its markers there. */
enum {
	MK_AIM = 1,     /* aims and intentions */
	MK_REPORT = 2,  /* discussion, opinion, observation by others */
	MK_ASSESS = 4,  /* monitoring instruments */
	MK_NETWORK = 8, /* networks and meetings between schools */
	MK_INFO = 16,   /* topics of information or themes */
	MK_OPINION = 32, /* "het team denkt dat ...": a view, not a rule */
	MK_OFFERED = 64, /* the sentence has an offer cue (carried with the others) */
};

static bool tok_is(struct an *a, int j, const char *w)
{
	return j >= 0 && j < a->nt && strcmp(a->tok[j].norm, w) == 0;
}

/* Sentence ends in raw text: '.', '!' or '?' before a space or the end,
 * not after a one- or two-letter abbreviation ("nl.", "bv.", "o.a."). */
static bool sentence_end_at(const char *s, size_t n, size_t i)
{
	if (s[i] != '.' && s[i] != '!' && s[i] != '?')
		return false;
	if (i + 1 < n && s[i + 1] != ' ' && s[i + 1] != '\t')
		return false;
	if (s[i] == '.') {
		size_t w = i;
		while (w > 0 && isalpha((unsigned char)s[w - 1]))
			w--;
		if (i - w <= 2 && !(i - w == 2 && s[w] == 'o' && s[w + 1] == 'p'))
			return false; /* abbreviation */
		if (i - w <= 4 && (strncasecmp(s + w, "bijv", 4) == 0 || strncasecmp(s + w, "nl", 2) == 0 ||
		                   strncasecmp(s + w, "resp", 4) == 0 || strncasecmp(s + w, "incl", 4) == 0))
			return false;
	}
	return true;
}

/* The marker a word starts (0 for none). */
static unsigned word_marker(struct an *a, int i)
{
	const char *w = a->tok[i].norm;
	unsigned mk = 0;
	if ((strcmp(w, "doel") == 0 && (tok_is(a, i + 1, "is") || tok_is(a, i + 1, "was"))) ||
	    strcmp(w, "streven") == 0 || strcmp(w, "streeft") == 0 || strncmp(w, "ambitie", 7) == 0 ||
	    strcmp(w, "hoopt") == 0 || strcmp(w, "hopen") == 0)
		mk = MK_AIM;
	else if ((strcmp(w, "wil") == 0 || strcmp(w, "willen") == 0) &&
	         (tok_is(a, i - 1, "school") || tok_is(a, i - 1, "men") || tok_is(a, i - 1, "team") ||
	          tok_is(a, i + 1, "men") || tok_is(a, i + 1, "de")))
		mk = MK_AIM; /* "de school wil een omslag maken", "wil men" */
	else if (strcmp(w, "besproken") == 0 || strcmp(w, "bespreekt") == 0 || strcmp(w, "bespreken") == 0 ||
	         strcmp(w, "genoemd") == 0 ||
	         (strcmp(w, "naar") == 0 && tok_is(a, i + 1, "voren")) ||
	         (strcmp(w, "aandacht") == 0 && (tok_is(a, i + 1, "gaat") || tok_is(a, i + 1, "gaan"))) ||
	         ((strcmp(w, "geeft") == 0 || strcmp(w, "geven") == 0) && tok_is(a, i + 1, "aan")))
		mk = MK_REPORT;
	else if (strcmp(w, "denkt") == 0 || strcmp(w, "denken") == 0 || strcmp(w, "vindt") == 0 || strcmp(w, "meent") == 0)
		mk = MK_OPINION;
	else if (strncmp(w, "observatielijst", 15) == 0 || strncmp(w, "vragenlijst", 11) == 0 ||
	         strcmp(w, "ingevuld") == 0 || strcmp(w, "afgenomen") == 0 || strncmp(w, "volgsysteem", 11) == 0 ||
	         strncmp(w, "leerlingvolgsysteem", 19) == 0)
		mk = MK_ASSESS;
	else if (strncmp(w, "netwerk", 7) == 0 || strncmp(w, "intervisie", 10) == 0 || strncmp(w, "studiedag", 9) == 0)
		mk = MK_NETWORK;
	else if ((strcmp(w, "informatie") == 0 || strcmp(w, "voorlichting") == 0 || strncmp(w, "themaochtend", 12) == 0 ||
	          strncmp(w, "themaavond", 10) == 0 || strncmp(w, "bijeenkomst", 11) == 0) && tok_is(a, i + 1, "over"))
		mk = MK_INFO;
	else if (strncmp(w, "inloopochtend", 13) == 0 || strncmp(w, "inloopmiddag", 12) == 0 ||
	         strncmp(w, "informatieavond", 15) == 0 || strncmp(w, "ouderavond", 10) == 0)
		mk = MK_INFO; /* "inloopochtenden logopedie": an event for parents */
	return mk;
}

/* Fill a->sent (sentence number per token) and a->mk_sent for the line
 * tokenised in a->tok.  Returns the markers of the line's last sentence. */
static unsigned line_markers(struct an *a, const struct line *l)
{
	unsigned char tmk[MAX_TOK];
	unsigned any = 0;
	for (int i = 0; i < a->nt; i++) {
		tmk[i] = (unsigned char)word_marker(a, i);
		any |= tmk[i];
	}
	memset(a->mk_sent, 0, sizeof a->mk_sent);
	if (!any && !a->carry_mk) {
		/* the common case: no sentence split needed */
		memset(a->sent, 0, (size_t)a->nt);
		return 0;
	}
	/* sentence numbers: tokenise each raw sentence piece the same way */
	int ti = 0, sn = 0;
	size_t st = 0;
	buf tmp = BUF_INIT;
	for (size_t i = 0; i <= l->n && ti < a->nt; i++) {
		if (i < l->n && !sentence_end_at(l->s, l->n, i))
			continue;
		buf_reset(&tmp);
		imp_norm(l->s + st, i - st, &tmp);
		int words = 0;
		bool in = false;
		for (size_t k = 0; k < tmp.len; k++) {
			bool sp = tmp.data[k] == ' ';
			if (!sp && !in)
				words++;
			in = !sp;
		}
		for (int k = 0; k < words && ti < a->nt; k++)
			a->sent[ti++] = (unsigned char)(sn < 7 ? sn : 7);
		sn++;
		st = i + 1;
	}
	buf_free(&tmp);
	while (ti < a->nt)
		a->sent[ti++] = (unsigned char)(sn < 7 ? sn : 7);
	for (int i = 0; i < a->nt; i++)
		a->mk_sent[a->sent[i]] |= tmk[i];
	for (int k = 0; k < a->nm; k++)
		if (a->m[k].e->lk == LX_OFFER)
			a->mk_sent[a->sent[a->m[k].start]] |= MK_OFFERED;
	a->mk_sent[0] |= a->carry_mk;
	return a->nt ? a->mk_sent[a->sent[a->nt - 1]] : a->carry_mk;
}

/* Markers of the sentence that holds token i. */
static unsigned markers_at(struct an *a, int i)
{
	return a->mk_sent[a->sent[i < a->nt ? i : a->nt - 1]];
}

/* An offer cue in the sentence of token i. */
static bool offer_in_sentence(struct an *a, int i)
{
	if (markers_at(a, i) & MK_OFFERED)
		return true;
	for (int k = 0; k < a->nm; k++)
		if (a->m[k].e->lk == LX_OFFER && a->sent[a->m[k].start] == a->sent[i])
			return true;
	return false;
}

/* A need at match m is named in a sentence that does not offer it. */
static bool need_not_offered(struct an *a, const struct imp_match *m)
{
	unsigned mk = markers_at(a, m->start);
	if (mk & (MK_AIM | MK_ASSESS | MK_INFO))
		return true;
	return (mk & (MK_REPORT | MK_OPINION)) && !offer_in_sentence(a, m->start);
}

static void line_facts(struct an *a, const struct line *l, int tick, bool heading)
{
	if (a->cx == CX_SKIP || tick < 0 || a->materials || a->prompt)
		return;
	/* a legend ("OA = onderwijsassistent, RT = remedial teacher") or a
	 * statistics row ending in 0 ("leerlingen verwezen naar Talentklas  0")
	 * says nothing about this school */
	int eqs = 0;
	for (size_t i = 0; i + 2 < l->n; i++)
		eqs += l->s[i] == ' ' && l->s[i + 1] == '=' && l->s[i + 2] == ' ';
	if (eqs >= 2)
		return;
	if (a->nt >= 2 && strcmp(a->tok[a->nt - 1].norm, "0") == 0 && memmem(l->s, l->n, "   ", 3))
		return;
	/* "leerlingen naar Taalschool verwezen   2   1": a statistics row (a
	 * label about pupils, numbers in its cells) counts what happened; it
	 * is not a rule or an offer */
	if (a->nt >= 3 && isdigit((unsigned char)a->tok[a->nt - 1].norm[0]) && memmem(l->s, l->n, "   ", 3)) {
		bool pupils = false;
		for (int i = 0; i < a->nt; i++)
			pupils |= strncmp(a->tok[i].norm, "leerling", 8) == 0 || strcmp(a->tok[i].norm, "lln") == 0 ||
			          strcmp(a->tok[i].norm, "aantal") == 0 || strcmp(a->tok[i].norm, "verwezen") == 0;
		bool role = false;
		for (int i = 0; i < a->nm; i++)
			role |= a->m[i].e->lk == LX_FACT && a->m[i].e->fact == FK_EXPERTISE;
		if (pupils && !role)
			return;
	}
	/* "Is er een lift?  Nee": a question answered no negates the line */
	bool answered_no = false;
	if (a->nt >= 2 && strcmp(a->tok[a->nt - 1].norm, "nee") == 0 && memchr(l->s, '?', l->n))
		answered_no = true;
	enum fact_where lw = line_where(a);
	bool limit_line = a->cx == CX_LIMIT || has_match(a, LX_LIMITCUE, NULL);
	unsigned lv = line_levels(a);
	/* a need placed at a support level is an offer */
	bool offer_cue = has_match(a, LX_OFFER, NULL) || lv != 0;
	enum fact_where ctxw = a->block_where ? a->block_where : a->sec_where;
	bool any_need = false;
	/* "Label: answer" lines in offer contexts (or with an offer cue) */
	bool labelled = !heading && !limit_line && a->cx != CX_ADMISSION && a->cx != CX_CONTACT &&
	                (a->cx == CX_OFFER || a->cx == CX_EXPERTISE || offer_cue || a->cx == CX_GENERAL) &&
	                label_line(a, l, a->cx == CX_GENERAL && !offer_cue);
	if (labelled)
		any_need = true;
	for (int i = 0; i < a->nm; i++) {
		const struct imp_match *m = &a->m[i];
		if (m->e->lk != LX_FACT)
			continue;
		if (labelled && m->e->fact == FK_NEED)
			continue; /* read per clause above */
		bool neg = answered_no || negated(a, m->start);
		switch ((enum fact_kind)m->e->fact) {
		case FK_NEED: {
			if (limit_line || neg || a->cx == CX_ADMISSION || a->cx == CX_CONTACT || a->cx == CX_PARTNER)
				break;
			if (a->cx != CX_OFFER && a->cx != CX_EXPERTISE && !offer_cue)
				break;
			/* inside a list of outside organisations, what they offer is extern */
			if (example_at(a, m->start) || (need_not_offered(a, m)))
				break;
			enum fact_where w = lw                ? lw
			                    : a->carry_where  ? a->carry_where
			                    : a->block_where  ? a->block_where
			                    : a->q_where      ? a->q_where
			                    : ctxw            ? ctxw
			                    : a->partner_list ? WHERE_EXTERN
			                                      : WHERE_SCHOOL;
			add_fact(a, FK_NEED, m->e->code, NULL, -1, w, true, lv, l);
			any_need = true;
			break;
		}
		case FK_EXPERTISE: {
			if (neg || limit_line || a->cx == CX_CONTACT || a->cx == CX_ADMISSION || heading)
				break;
			if (training_at(a, m) || example_at(a, m->start))
				break;
			/* staff meeting in networks, topics of information: not staff */
			if ((markers_at(a, m->start) & (MK_NETWORK | MK_INFO)))
				break;
			int count = -1;
			/* a count at the start of a table row, or a number word just before */
			if (a->nt && m->start > 0 && m->start <= 2) {
				int v = tok_number(&a->tok[0]);
				if (v > 0 && v < 100)
					count = v;
			}
			/* "| Onderwijsassistent | 3 |": a count cell right after the role */
			if (count < 0 && m->start + m->len < a->nt && m->start + m->len + 1 >= a->nt &&
			    (memchr(l->s, '|', l->n) || memmem(l->s, l->n, "  ", 2))) {
				int v = tok_number(&a->tok[m->start + m->len]);
				if (v > 0 && v < 100)
					count = v;
			}
			for (int j = m->start - 1; count < 0 && j >= 0 && j >= m->start - 2; j--) {
				int v = tok_number(&a->tok[j]);
				if (v > 0 && v < 100)
					count = v;
			}
			/* "drie leerkrachten zijn ook rt-er": people counted, then the role */
			for (int j = m->start - 1; count < 0 && j >= 2 && j >= m->start - 3; j--) {
				if (!tok_is(a, j, "zijn"))
					continue;
				bool between = true;
				for (int k = j + 1; k < m->start; k++)
					between &= tok_is(a, k, "ook") || tok_is(a, k, "tevens") || tok_is(a, k, "daarnaast") ||
					           tok_is(a, k, "opgeleid") || tok_is(a, k, "als") || tok_is(a, k, "tot") ||
					           tok_is(a, k, "gecertificeerd");
				int pj = j - 1;
				if (tok_is(a, pj, "s") && pj >= 2)
					pj--; /* "collega's" */
				const char *pn = a->tok[pj].norm;
				bool people = strncmp(pn, "leerkracht", 10) == 0 || strncmp(pn, "collega", 7) == 0 ||
				              strncmp(pn, "medewerker", 10) == 0 || strcmp(pn, "teamleden") == 0 ||
				              strcmp(pn, "personen") == 0 || strcmp(pn, "mensen") == 0 || strncmp(pn, "docent", 6) == 0;
				int v = pj >= 1 ? tok_number(&a->tok[pj - 1]) : -1;
				if (between && people && v > 1 && v < 100)
					count = v;
			}
			/* "We hebben drie parttime / onderwijsassistenten": the count ended
			 * the wrapped line before */
			if (count < 0 && a->prev_num > 0 && m->start + a->prev_num_gap <= 1)
				count = a->prev_num;
			if (a->staff_table)
				count = -1; /* the numbers of a staff table are hours or FTE */
			/* a role the profile names without saying where is the school's own */
			enum fact_where nw = near_where(a, m);
			/* "logopedisten   30 uur": a staffing row, so the school's own */
			bool staff = false;
			for (int j = m->start + m->len; j + 1 < a->nt && j <= m->start + m->len + 3; j++)
				if (isdigit((unsigned char)a->tok[j].norm[0]) && strcmp(a->tok[j + 1].norm, "uur") == 0)
					staff = true;
			/* "Jeugdprofessional op school (JOS)", "logopedist in de school":
			 * a where word right after a role usually provided from outside
			 * says where that professional works, not who provides them */
			if (nw == WHERE_SCHOOL && outside_role(m->e->code)) {
				for (int k = 0; k < a->nm; k++)
					if (a->m[k].e->lk == LX_WHERE &&
					    (a->m[k].start == m->start + m->len || a->m[k].start + a->m[k].len == m->start))
						nw = WHERE_NONE;
			}
			/* school social work counts as outside even on the staff list
			 * (it is employed by a welfare organisation; tests/eval/README.md) */
			staff |= a->staff_table;
			if (strcmp(m->e->code, "schoolmaatschappelijk_werker") == 0)
				staff = false;
			enum fact_where w = nw ? nw : staff ? WHERE_SCHOOL : outside_role(m->e->code) ? WHERE_EXTERN : ctxw ? ctxw : WHERE_SCHOOL;
			add_fact(a, FK_EXPERTISE, m->e->code, NULL, count, w, true, 0, l);
			/* a later line may state the count of an expertise already seen */
			if (count >= 0)
				for (size_t k = 0; k < a->d->facts.n; k++) {
					struct fact *g = &a->d->facts.v[k];
					if (g->kind == FK_EXPERTISE && g->where == w && strcmp(g->code, m->e->code) == 0 && g->count < 0)
						g->count = count;
				}
			break;
		}
		case FK_FACILITY: {
			if (limit_line && !neg)
				break;
			/* "werkt samen met ... de Brede School, schakelklassen": partners,
			 * also on the wrapped next line of that sentence */
			if (has_match(a, LX_SECTION, "partner") || a->partner_sentence)
				break;
			if (heading)
				break;
			if (example_at(a, m->start) || usage_only(a, m->start))
				break;
			enum fact_where nw = near_where(a, m);
			enum fact_where w = neg               ? WHERE_NONE
			                    : nw              ? nw
			                    : a->block_where  ? a->block_where
			                    : a->q_where      ? a->q_where
			                    : ctxw            ? ctxw
			                                      : WHERE_SCHOOL;
			add_fact(a, FK_FACILITY, m->e->code, NULL, -1, w, !neg, 0, l);
			break;
		}
		case FK_LIMIT:
			if ((markers_at(a, m->start) & MK_OPINION))
				break; /* "het team denkt dat andere leerlingen tekort komen" */
			if (limit_line && !heading)
				add_fact(a, FK_LIMIT, m->e->code, NULL, -1, WHERE_NONE, true, 0, l);
			break;
		case FK_PARTNER:
			/* a well-known organisation the school works with */
			if (!neg && !heading && a->cx != CX_LIMIT && a->cx != CX_ADMISSION)
				add_fact(a, FK_PARTNER, NULL, m->e->code, -1, WHERE_NONE, true, 0, l);
			break;
		case FK_ADMISSION:
			/* a newcomers' school named as an arrangement the school uses
			 * ("een beroep op ... zoals de Taalschool") is a route for NT2,
			 * not an admission rule: that needs an admission context or a
			 * rule's words ("korter dan 2 jaar in Nederland") */
			if (strcmp(m->e->code, "nieuwkomers") == 0 && m->len == 1 && a->cx != CX_ADMISSION &&
			    !has_match(a, LX_SECTION, "admission"))
				break;
			if (a->cx == CX_ADMISSION || !heading)
				add_fact(a, FK_ADMISSION, m->e->code, NULL, -1, WHERE_NONE, true, 0, l);
			break;
		default:
			break;
		}
	}
	/* topic of the subsection: levels and an outside route stated in the
	 * body apply to the need named in the heading */
	if (!any_need && a->ntopic && a->cx == CX_OFFER && !limit_line && (lv || lw == WHERE_EXTERN)) {
		for (int i = 0; i < a->ntopic; i++)
			add_fact(a, FK_NEED, a->topic_need[i], NULL, -1, lw ? lw : ctxw ? ctxw : WHERE_SCHOOL, true, lv, l);
	}
	if (a->cx == CX_PARTNER || a->partner_list) {
		if (is_bullet(l))
			partner_from_bullet(a, l);
	}
}

static void levels_model(struct an *a, const struct line *l)
{
	for (int i = 0; i + 1 < a->nt; i++) {
		int v = tok_number(&a->tok[i]);
		if (v < 2 || v > 6)
			continue;
		if ((i > 0 && isdigit((unsigned char)a->tok[i - 1].norm[0])) || isdigit((unsigned char)a->tok[i + 1].norm[0]))
			continue; /* "3.2.1 Zorgniveaus" is a section number */
		for (int j = i + 1; j < a->nt && j <= i + 2; j++) {
			const char *w = a->tok[j].norm;
			size_t wl = a->tok[j].nlen;
			bool support_compound = wl == 7 || strncmp(w, "ondersteunings", 14) == 0 || strncmp(w, "zorg", 4) == 0 ||
			                        strncmp(w, "begeleidings", 12) == 0 || strncmp(w, "hulp", 4) == 0;
			if (wl >= 7 && strcmp(w + wl - 7, "niveaus") == 0 && support_compound) {
				/* bare "niveaus" must be about support ("drie niveaus van
				 * ondersteuning", "vijf niveaus onderscheiden"), not "op drie
				 * niveaus gewerkt" in class */
				if (wl == 7 && a->cx != CX_LEVELS) {
					bool about = false;
					for (int k = j + 1; k < a->nt && k <= j + 3; k++) {
						const char *x = a->tok[k].norm;
						about |= strncmp(x, "ondersteuning", 13) == 0 || strcmp(x, "zorg") == 0 ||
						         strncmp(x, "onderscheid", 11) == 0 || strcmp(x, "begeleiding") == 0;
					}
					if (!about)
						continue;
				}
				add_fact(a, FK_LEVELS, NULL, NULL, v, WHERE_NONE, true, 0, l);
				return;
			}
		}
	}
}

static void detect_format(struct an *a)
{
	buf all = BUF_INIT;
	size_t lim = 0;
	for (int i = 0; i < a->nl && lim < 200000; i++) {
		imp_norm(a->ln[i].s, a->ln[i].n, &all);
		buf_putc(&all, ' ');
		lim += a->ln[i].n;
	}
	/* collapse spaces */
	char *s = all.data ? all.data : (char *)"";
	size_t w = 0;
	for (size_t i = 0; s[i]; i++)
		if (!(s[i] == ' ' && w && s[w - 1] == ' '))
			s[w++] = s[i];
	s[w] = '\0';
	for (size_t k = 0; k < sizeof formats / sizeof *formats; k++)
		if (strstr(s, formats[k].needle)) {
			a->d->format = xstrdup(formats[k].key);
			break;
		}
	if (!a->d->format)
		a->d->format = xstrdup("onbekend");
	for (size_t k = 0; k < sizeof template_markers / sizeof *template_markers; k++) {
		const char *p = s;
		size_t ml = strlen(template_markers[k]);
		while ((p = strstr(p, template_markers[k]))) {
			a->markers++;
			p += ml;
		}
	}
	buf_free(&all);
}

static void flush_section(struct an *a, const char *key, const char *heading, buf *body)
{
	if (!heading && body->len == 0)
		return;
	section_list_add(&a->d->sections, key, heading ? heading : "", buf_str(body));
	buf_reset(body);
}

enum imp_status imp_text(const char *text, size_t len, struct imp_doc *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	out->input_type = "text";
	const struct lexicon *lx = imp_lexicon();
	if (!lx) {
		snprintf(err, errlen, "the importer's lexicon is missing or invalid");
		return IMP_E_TOOL;
	}
	if (len > IMP_MAX_TEXT) {
		snprintf(err, errlen, "extracted text is larger than %u MB", IMP_MAX_TEXT >> 20);
		return IMP_E_TOO_LARGE;
	}
	if (!utf8_valid(text, len)) {
		snprintf(err, errlen, "text is not valid UTF-8");
		return IMP_E_ENCODING;
	}
	bool any = false;
	for (size_t i = 0; i < len && !any; i++)
		any = !isspace((unsigned char)text[i]);
	if (!any) {
		snprintf(err, errlen, "the document contains no text");
		return IMP_E_EMPTY;
	}
	out->text = xstrndup(text, len);
	struct an a = {0};
	a.lx = lx;
	a.d = out;
	a.st = sb_stemmer_new("dutch", NULL);
	a.skip_until = -1;
	a.sc = xcalloc(1, sizeof *a.sc);
	/* split into lines (pointers into out->text) */
	int cap = 1024;
	a.ln = xmalloc((size_t)cap * sizeof *a.ln);
	const char *p = out->text, *end = out->text + len;
	while (p < end || a.nl == 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		if (a.nl == cap) {
			cap *= 2;
			a.ln = xrealloc(a.ln, (size_t)cap * sizeof *a.ln);
		}
		size_t n = (size_t)(le - p);
		if (n && p[n - 1] == '\r')
			n--;
		a.ln[a.nl] = (struct line){p, n, a.nl + 1};
		a.nl++;
		if (!nl)
			break;
		p = nl + 1;
	}
	detect_format(&a);

	buf body = BUF_INIT;
	char *sec_heading = NULL;
	const char *sec_key = "begin";
	int carry_tick = 0;
	bool appendix = false; /* appendices repeat the SWV's general texts */
	int blank_run = 0;
	a.prev_num = -1;
	for (int li = 0; li < a.nl; li++) {
		const struct line *l = &a.ln[li];
		if (is_blank(l)) {
			if (body.len && body.data[body.len - 1] != '\n')
				buf_puts(&body, "\n");
			/* a blank line ends a materials list unless more items follow */
			if (a.materials) {
				int j = li + 1;
				while (j < a.nl && is_blank(&a.ln[j]))
					j++;
				if (j >= a.nl || !is_bullet(&a.ln[j]))
					a.materials = false;
			}
			a.carry_where = WHERE_NONE;
			a.carry_mk = 0;
			a.prev_num = -1;
			a.prev_course = false;
			if (++blank_run >= 3)
				a.staff_table = false;
			continue;
		}
		blank_run = 0;
		/* page numbers and form feeds: not content */
		size_t ld = lead(l);
		bool digits = true;
		for (size_t i = ld; i < l->n; i++)
			if (!isdigit((unsigned char)l->s[i]) && !isspace((unsigned char)l->s[i]) && l->s[i] != '\f')
				digits = false;
		if (digits)
			continue;
		tokenise(&a, l->s, l->n);
		identity_line(&a, l, li);
		/* what is not a statement: questions (their where carries to the
		 * answer), interview/form topics, lists of methods and materials */
		if (a.mat_end)
			a.materials = a.mat_end = false;
		if (!a.materials && materials_label(&a, l))
			a.materials = true;
		if (a.materials) {
			size_t me = trim_end(l);
			a.mat_end = me && l->s[me - 1] == '.';
		}
		a.prompt = li <= a.skip_until;
		if (!a.prompt) {
			int te = topic_at(&a, li);
			if (te >= 0)
				a.skip_until = te;
			a.prompt = te >= 0 || question_at(&a, li);
			if (a.prompt)
				a.q_where = line_where(&a);
			else if (memchr(l->s, '?', l->n))
				a.q_where = WHERE_NONE; /* a question answered on its line */
		}
		int tick = tick_of(l);
		if (tick > 0)
			a.ticked++;
		if (box_only(l)) {
			carry_tick = tick;
			/* the label sits on the previous line: it was read without the box */
			continue;
		}
		if (!tick && carry_tick) {
			tick = carry_tick;
			carry_tick = 0;
		}
		/* grids */
		/* grid headers: cheap token test first, column search only then */
		bool in_word = false, out_word = false, freq_word = false;
		for (int i = 0; i < a.nt; i++) {
			const char *w = a.tok[i].norm;
			in_word |= strcmp(w, "binnen") == 0 || strcmp(w, "intern") == 0 || strcmp(w, "school") == 0;
			out_word |= strncmp(w, "buiten", 6) == 0 || strcmp(w, "extern") == 0 || strcmp(w, "via") == 0;
			freq_word |= strcmp(w, "nooit") == 0;
		}
		if (in_word && out_word) {
			/* a grid header: an "in school" column left of an "outside" column */
			static const char *const in_hdr[] = {"binnen de school", "binnen school", "binnen de", "op school", "in school", "intern"};
			static const char *const out_hdr[] = {"buiten de school", "buitenschools", "buiten", "extern", "via swv", "via samenwerkingsverband"};
			int cs = -1, ce = -1;
			for (size_t k = 0; k < sizeof in_hdr / sizeof *in_hdr && cs < 0; k++)
				cs = find_col(l, in_hdr[k]);
			for (size_t k = 0; k < sizeof out_hdr / sizeof *out_hdr && ce < 0; k++)
				ce = find_col(l, out_hdr[k]);
			/* both words as column titles: separated by wide space, short line */
			if (cs >= 0 && ce > cs && a.nt <= 12 && !is_bullet(l) && memmem(l->s, l->n, "   ", 3)) {
				li = need_grid(&a, li, cs, ce);
				continue;
			}
		}
		if (freq_word && find_col(l, "nooit") >= 0 && find_col(l, "soms") >= 0 && find_col(l, "vaak") >= 0 && a.nt <= 8 &&
		    memmem(l->s, l->n, "   ", 3)) {
			li = partner_grid(&a, li);
			continue;
		}
		/* a table of staff functions and their hours ("Functionaris(sen)
		 * Aantal uren per week"): its rows are the school's own staff, also
		 * a row whose hours were left empty, and also in an appendix */
		{
			size_t te = trim_end(l);
			bool wide = memmem(l->s, l->n, "   ", 3) != NULL;
			if (a.staff_table) {
				bool row = !is_bullet(l) && !tick && !(te && l->s[te - 1] == ':') && (a.nt <= 6 || wide);
				if (row) {
					enum ctx keep = a.cx;
					a.cx = CX_EXPERTISE;
					memset(a.sent, 0, (size_t)a.nt);
					memset(a.mk_sent, 0, sizeof a.mk_sent);
					line_facts(&a, l, tick, false);
					a.cx = keep;
					buf_append(&body, l->s + ld, l->n - ld);
					buf_putc(&body, '\n');
					continue;
				}
				a.staff_table = false;
			}
			if (wide && a.nt <= 14) {
				bool fn = false, hours = false;
				for (int i = 0; i < a.nt; i++) {
					fn |= strncmp(a.tok[i].norm, "functi", 6) == 0;
					hours |= strcmp(a.tok[i].norm, "uren") == 0 || strcmp(a.tok[i].norm, "uur") == 0 ||
					         strcmp(a.tok[i].norm, "fte") == 0 || strcmp(a.tok[i].norm, "wtf") == 0;
				}
				if (fn && hours && isupper((unsigned char)l->s[ld])) {
					a.staff_table = true;
					buf_append(&body, l->s + ld, l->n - ld);
					buf_putc(&body, '\n');
					continue;
				}
			}
		}
		levels_model(&a, l);
		unsigned last_mk = line_markers(&a, l);
		a.carry_mk = 0;
		bool heading = is_heading(&a, li);
		if (heading) {
			/* "Op school" / "Via samenwerkingsverband, bestuur of derden" as a
			 * line of its own: a where marker for what follows, not a section */
			enum fact_where hw = line_where(&a);
			int covered = 0;
			for (int i = 0; i < a.nm; i++)
				if (a.m[i].e->lk == LX_WHERE)
					covered += a.m[i].len;
			if (hw && covered * 2 >= a.nt) {
				a.block_where = hw;
				buf_append(&body, l->s + ld, l->n - ld);
				buf_putc(&body, '\n');
				continue;
			}
		}
		if (heading) {
			bool known;
			enum ctx c = heading_ctx(&a, &known);
			bool numbered = isdigit((unsigned char)l->s[ld]);
			/* "3.2.1 x" is a subsection: an unknown one keeps its parent */
			int dots = 0;
			for (size_t i = ld; i < l->n && (isdigit((unsigned char)l->s[i]) || l->s[i] == '.'); i++)
				dots += l->s[i] == '.';
			bool sub = numbered && dots >= 1 && !(dots == 1 && l->s[ld + 1] == '.') && !(dots == 1 && l->s[ld + 2] == '.');
			if (has_match(&a, LX_SECTION, "skip") && a.nt > 0 && strncmp(a.tok[0].norm, "bijlage", 7) == 0)
				appendix = true;
			/* "Beschikbare onderwijsmaterialen met speciale didactische
			 * kenmerken": a heading over a list of materials names what is
			 * on the shelf; the text under it is not an offer section */
			if (known && c == CX_OFFER && materials_label(&a, l))
				a.cx = CX_GENERAL;
			else if (known)
				a.cx = c;
			else if (numbered && !sub)
				a.cx = appendix ? CX_SKIP : CX_GENERAL;
			/* an appendix's levels table restates the SWV's model */
			if (appendix && a.cx == CX_LEVELS)
				a.cx = CX_SKIP;
			flush_section(&a, sec_key, sec_heading, &body);
			free(sec_heading);
			size_t he = l->n;
			while (he > ld && isspace((unsigned char)l->s[he - 1]))
				he--;
			sec_heading = xstrndup(l->s + ld, he - ld);
			sec_key = ctx_key(a.cx);
			/* "6.2 Extra ondersteuning binnen de school": the section's where */
			a.sec_where = (a.cx == CX_OFFER || a.cx == CX_EXPERTISE || a.cx == CX_FACILITY) ? line_where(&a) : WHERE_NONE;
			a.block_where = WHERE_NONE;
			a.q_where = WHERE_NONE;
			a.partner_list = false;
			set_topic(&a);
			/* the heading itself can name a need ("Meer-/ hoogbegaafdheid") */
			line_facts(&a, l, tick, true);
			continue;
		}
		buf_append(&body, l->s + ld, l->n - ld);
		buf_putc(&body, '\n');
		/* "Op school" / "Via samenwerkingsverband, bestuur of derden" */
		enum fact_where lw = line_where(&a);
		size_t le0 = l->n;
		while (le0 > ld && isspace((unsigned char)l->s[le0 - 1]))
			le0--;
		/* a marker is a short title, not the tail of a wrapped sentence ("SWV.") */
		bool sentence_end = le0 > ld && (l->s[le0 - 1] == '.' || l->s[le0 - 1] == ',' || l->s[le0 - 1] == ';' ||
		                                 l->s[le0 - 1] == ')');
		if (lw && a.nt <= 6 && !is_bullet(l) && !sentence_end && !islower((unsigned char)l->s[ld])) {
			int covered = 0;
			for (int i = 0; i < a.nm; i++)
				if (a.m[i].e->lk == LX_WHERE)
					covered += a.m[i].len;
			if (covered * 2 >= a.nt) {
				a.block_where = lw;
				continue;
			}
		}
		size_t le = l->n;
		while (le > ld && isspace((unsigned char)l->s[le - 1]))
			le--;
		if (!is_bullet(l) && le > ld && l->s[le - 1] == ':') {
			/* a list intro: its where and partner-ness carry to the list */
			a.block_where = lw;
			if (has_match(&a, LX_SECTION, "partner"))
				a.partner_list = true;
			/* "Grenzen zijn bereikt als:" works as a heading for its list */
			if (has_match(&a, LX_LIMITCUE, NULL) && has_match(&a, LX_SECTION, "limit"))
				a.cx = CX_LIMIT;
			else if (has_match(&a, LX_SECTION, "levels") && a.cx == CX_SKIP)
				a.cx = CX_LEVELS;
		}
		bool org_noun = false; /* "Met deze instanties werkt de school samen ..." */
		for (int i = 0; i < a.nt && !org_noun; i++)
			org_noun = strncmp(a.tok[i].norm, "instanties", 10) == 0 || strncmp(a.tok[i].norm, "organisaties", 12) == 0 ||
			           strncmp(a.tok[i].norm, "partners", 8) == 0 || strncmp(a.tok[i].norm, "ketenpartners", 13) == 0;
		if (!is_bullet(l) && org_noun && has_match(&a, LX_SECTION, "partner")) {
			for (int j = li + 1; j < a.nl && j <= li + 6; j++)
				if (is_bullet(&a.ln[j])) {
					a.partner_list = true;
					break;
				}
		}
		/* running prose ends a list's where ("Via het SWV:" + bullets) */
		if (!is_bullet(l) && a.nt >= 9 && !(le > ld && l->s[le - 1] == ':'))
			a.block_where = WHERE_NONE;
		line_facts(&a, l, tick, false);
		{
			char last = le > ld ? l->s[le - 1] : '.';
			bool open = last != '.' && last != ':' && last != ';' && last != '!' && last != '?';
			a.partner_sentence = open && has_match(&a, LX_SECTION, "partner");
			/* "Het samenwerkingsverband faciliteert ... gebruik kunnen maken" /
			 * "van Gedragpunt bij gedragsvraagstukken": the where of a sentence
			 * carries onto its wrapped continuation (one sentence on the line) */
			bool one = true;
			for (size_t i = ld; i + 1 < le && one; i++)
				one = !((l->s[i] == '.' || l->s[i] == '!' || l->s[i] == '?') && l->s[i + 1] == ' ');
			a.carry_where = open && one && !is_bullet(l) ? (lw ? lw : a.carry_where) : WHERE_NONE;
			a.carry_mk = open && !is_bullet(l) ? last_mk : 0;
			/* a count word or a course word at the end of an open sentence
			 * belongs to the first words of the next line */
			a.prev_num = -1;
			a.prev_course = false;
			if (open && a.nt >= 1) {
				const char *lw0 = a.tok[a.nt - 1].norm;
				a.prev_course = strncmp(lw0, "cursus", 6) == 0 || strncmp(lw0, "opleiding", 9) == 0 ||
				                strncmp(lw0, "training", 8) == 0 || strncmp(lw0, "scholing", 8) == 0;
				for (int k = a.nt - 1; k >= 0 && k >= a.nt - 2; k--) {
					int v = tok_number(&a.tok[k]);
					/* "groep 8", "niveau 3" number a group or level, not people */
					bool label = k > 0 && (strncmp(a.tok[k - 1].norm, "groep", 5) == 0 ||
					                       strncmp(a.tok[k - 1].norm, "niveau", 6) == 0 ||
					                       strncmp(a.tok[k - 1].norm, "leerjaar", 8) == 0);
					if (v > 1 && v < 100 && !label && !(k > 0 && tok_number(&a.tok[k - 1]) >= 0)) {
						a.prev_num = v;
						a.prev_num_gap = a.nt - 1 - k;
						break;
					}
				}
			}
		}
	}
	flush_section(&a, sec_key, sec_heading, &body);
	free(sec_heading);
	buf_free(&body);
	/* identity facts first (imp.h) */
	struct fact_list ids;
	identity_finish(&a, &ids);
	for (size_t i = 0; i < out->facts.n; i++) {
		fact_list_add(&ids, &out->facts.v[i]);
	}
	fact_list_free(&out->facts);
	out->facts = ids;

	/* A blank template: option lists and empty fields, nothing ticked, no
	 * school named.  It must not yield offers. */
	if (a.markers >= 5 && a.ticked == 0 && !out->school_name) {
		out->template_only = true;
		size_t w = 0;
		for (size_t i = 0; i < out->facts.n; i++) {
			if (out->facts.v[i].kind == FK_SCHOOL)
				out->facts.v[w++] = out->facts.v[i];
			else
				fact_free(&out->facts.v[i]);
		}
		out->facts.n = w;
	}
	for (int i = 0; i < a.ntopic; i++)
		free(a.topic_need[i]);
	for (int i = 0; i < STEM_CACHE; i++) {
		free(a.sc->key[i]);
		free(a.sc->val[i]);
	}
	free(a.sc);
	free(a.ln);
	buf_free(&a.norm);
	sb_stemmer_delete(a.st);
	return IMP_OK;
}
