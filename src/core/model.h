/*
 * model.h - the domain model: samenwerkingsverband, bestuur, school location,
 * support profile (per location per school year) with sections and facts.
 *
 * Facts are the normalised, stackable rows that the finder, the regional
 * overview, the exports and the importer share (see docs/data-model.md and
 * ../shared/docs/FACTS.md).  Every string member is a malloc'd string owned
 * by the struct that holds it and released by the matching *_free function;
 * NULL means "not known".
 */
#ifndef PASSEND_MODEL_H
#define PASSEND_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

enum fact_kind {
	FK_SCHOOL = 0, /* identity: code is name/swv/place/brin/board/school_year */
	FK_LEVELS,     /* levels model; count = number of levels */
	FK_NEED,
	FK_EXPERTISE,
	FK_FACILITY,
	FK_LIMIT,
	FK_ADMISSION,
	FK_PARTNER,    /* no code; value = organisation */
	FK__COUNT
};

enum fact_where { WHERE_NONE = 0, WHERE_SCHOOL, WHERE_EXTERN };

enum fact_source { SRC_MANUAL = 0, SRC_IMPORT };

#define LEVELS_MAX 5

struct fact {
	enum fact_kind kind;
	char *code;            /* taxonomy code; NULL for partner */
	char *value;           /* school/partner text; optional note elsewhere */
	int count;             /* -1 = not stated */
	enum fact_where where; /* WHERE_NONE = not stated */
	bool present;          /* facility: false = explicitly absent */
	unsigned levels;       /* bit (1<<n) set = level n (1..5) stated */
	int ev_line;           /* 0 = no evidence */
	char *ev_text;
	enum fact_source source;
};

struct fact_list {
	struct fact *v;
	size_t n, cap;
};

struct section {
	char *key;     /* stable key within the format, e.g. "grenzen" */
	char *heading; /* as shown */
	char *body;    /* plain text; paragraphs separated by blank lines */
};

struct section_list {
	struct section *v;
	size_t n, cap;
};

enum profile_status {
	PS_CONCEPT = 0,
	PS_MR_ADVIES,    /* ter advies bij de MR */
	PS_VASTGESTELD,  /* set by the board */
	PS_GEPUBLICEERD, /* public */
	PS__COUNT
};

struct swv {
	int64_t id;
	char *code;   /* e.g. "PO2701" (the ministry's SWV code) */
	char *name;
	char *region;
	char *website;
	int school_count; /* filled by store_swv_list: schools with a published profile */
};

struct board {
	int64_t id;
	char *code;   /* bevoegd gezag number */
	char *name;
	char *swv_code;
};

struct school {
	int64_t id;
	char brin[5];      /* 4 chars */
	char vestiging[3]; /* 2 digits */
	char *name;
	char *board_code;
	char *swv_code;
	char *address;
	char *postcode;
	char *place;
	char *denomination;
	char *kind;        /* "bao", "sbo", "so" */
	char *website;
	char *phone;
	char *email;
	int pupils;        /* -1 = unknown */
	bool has_coords;
	double lat, lon;
};

struct profile {
	int64_t id;
	int64_t school_id;
	char school_year[10]; /* "2025/2026" */
	enum profile_status status;
	int version;          /* increases on every save; history keeps the rest */
	char *format;         /* SWV format (template) key, e.g. "meierij" */
	int format_version;
	char *summary;        /* short plain-language summary for parents */
	char *date_mr;        /* YYYY-MM-DD of the MR advice */
	char *mr_advice;      /* the MR's advice text */
	char *date_set;       /* vastgesteld by the board */
	char *date_published;
	char *updated_at;     /* ISO timestamp, set by the store */
	char *source_file;    /* imported from (file name only), or NULL */
	struct section_list sections;
	struct fact_list facts;
};

/* ---- enum <-> string (the strings are the wire format) ---- */
const char *fact_kind_str(enum fact_kind k);
/* Returns -1 when s is not a kind. */
int fact_kind_parse(const char *s);
const char *fact_where_str(enum fact_where w); /* NULL for WHERE_NONE */
int fact_where_parse(const char *s);           /* -1 on junk */
const char *profile_status_str(enum profile_status s);  /* "concept", ... */
const char *profile_status_label(enum profile_status s); /* Dutch UI label */
int profile_status_parse(const char *s);

/* ---- lifetime ---- */
void fact_free(struct fact *f);
void fact_init(struct fact *f);
/* Deep copy; dst is overwritten. */
void fact_copy(struct fact *dst, const struct fact *src);
/* Append a deep copy of f, or merge: when a fact with the same (kind, code,
 * where, value for partner/school) exists, its levels are OR-ed and the first
 * evidence kept (FACTS.md: "duplicates are merged").  Returns the index. */
size_t fact_list_add(struct fact_list *l, const struct fact *f);
void fact_list_free(struct fact_list *l);

void section_list_add(struct section_list *l, const char *key, const char *heading, const char *body);
void section_list_free(struct section_list *l);

void swv_free(struct swv *s);
void board_free(struct board *b);
void school_free(struct school *s);
void profile_init(struct profile *p);
void profile_free(struct profile *p);

/* ---- JSON (FACTS.md line format and the profile interchange format) ---- */

/* One fact as the FACTS.md JSON object.  New reference. */
json_t *fact_to_json(const struct fact *f);
/* Parse and validate one fact (kind, code in taxonomy, where, levels range,
 * types).  On error returns -1 and writes a message naming the key to err. */
int fact_from_json(const json_t *j, struct fact *out, char *err, size_t errlen);

json_t *school_to_json(const struct school *s);
int school_from_json(const json_t *j, struct school *out, char *err, size_t errlen);
/* Profile with sections and facts. */
json_t *profile_to_json(const struct profile *p);
int profile_from_json(const json_t *j, struct profile *out, char *err, size_t errlen);

#endif
