/*
 * fuzz_search_query.c - libFuzzer target for the full-text query path: the
 * input is a user query.  find_query_parse must give at most FIND_TERMS_MAX
 * terms of letters/digits only (valid UTF-8, no FTS5 operator characters);
 * the FTS5 expression built from them (sq_fts_expr) must never be an FTS5
 * syntax error when run against an in-memory table using the "passend"
 * tokenizer; and the snippet renderer must produce valid UTF-8 with
 * balanced <mark> tags whatever the bytes.  Crashes, sanitizer reports and
 * these broken properties are findings.
 *
 * Build: CC=clang cmake -S . -B build-fuzz -DPASSEND_FUZZ=ON && cmake --build build-fuzz --target fuzz_search_query
 * Run:   build-fuzz/fuzz_search_query -max_total_time=30
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/buf.h"
#include "core/util.h"
#include "store/store_sqlite_find.h"
#include "web/find.h"

/* A broken property: say which, then abort for libFuzzer. */
#define CHECK(cond)                                                                                        \
	do {                                                                                               \
		if (!(cond)) {                                                                             \
			fprintf(stderr, "fuzz_search_query: %s:%d: %s\n", __FILE__, __LINE__, #cond);        \
			abort();                                                                           \
		}                                                                                          \
	} while (0)

static sqlite3 *db;
static sqlite3_stmt *match;

static void open_db(void)
{
	if (sqlite3_open(":memory:", &db) != SQLITE_OK || sq_fts_register(db) != 0)
		abort();
	if (sqlite3_exec(db,
	                 "CREATE VIRTUAL TABLE t USING fts5(heading, body, tokenize = 'passend');"
	                 "INSERT INTO t VALUES ('Dyslexiebeleid', 'Kinderen met dyslexie krijgen extra leestijd.');"
	                 "INSERT INTO t VALUES ('Gedrag', 'Zorgcoördinator en time-out, NEAR de OR AND NOT.');",
	                 NULL, NULL, NULL) != SQLITE_OK)
		abort();
	if (sqlite3_prepare_v2(db, "SELECT rowid, snippet(t, 1, char(1), char(2), '…', 8) FROM t WHERE t MATCH ?1",
	                       -1, &match, NULL) != SQLITE_OK)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!db)
		open_db();
	if (size > 4096)
		return 0;
	char *q = malloc(size + 1);
	if (!q)
		return 0;
	memcpy(q, data, size);
	q[size] = '\0';

	char terms[FIND_TERMS_MAX][FIND_TERM_MAX + 1];
	size_t n = find_query_parse(q, terms, FIND_TERMS_MAX);
	CHECK(n <= FIND_TERMS_MAX);
	const char *tp[FIND_TERMS_MAX];
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(terms[i]);
		CHECK(len > 0 && len <= FIND_TERM_MAX && utf8_valid(terms[i], len));
		CHECK(!strpbrk(terms[i], "\"*()^:+-{}[],.' \t\r\n"));
		tp[i] = terms[i];
	}
	if (n > 0) {
		buf expr = BUF_INIT;
		sq_fts_expr(tp, n, &expr);
		sqlite3_reset(match);
		sqlite3_bind_text(match, 1, buf_str(&expr), -1, SQLITE_TRANSIENT);
		int rc;
		while ((rc = sqlite3_step(match)) == SQLITE_ROW) {
			const char *snip = (const char *)sqlite3_column_text(match, 1);
			buf h = BUF_INIT;
			find_snippet_html(&h, snip ? snip : "");
			CHECK(utf8_valid(buf_str(&h), h.len));
			buf_free(&h);
		}
		if (rc != SQLITE_DONE) { /* the expression was not valid FTS5 */
			fprintf(stderr, "expression %s: %s\n", buf_str(&expr), sqlite3_errmsg(db));
			abort();
		}
		buf_free(&expr);
	}

	/* Our own highlighter on the input as text, with the input's terms:
	 * markers alternate and balance, the whole text comes back unchanged
	 * apart from them, and an excerpt is a piece of the input. */
	if (!strchr(q, '\x01') && !strchr(q, '\x02')) {
		for (int whole = 0; whole < 2; whole++) {
			char *hl = sq_fts_highlight(q, tp, n, whole);
			CHECK(hl != NULL);
			int depth = 0;
			buf plain = BUF_INIT;
			for (const char *p = hl; *p; p++) {
				if (*p == '\x01') {
					CHECK(depth == 0);
					depth = 1;
				} else if (*p == '\x02') {
					CHECK(depth == 1);
					depth = 0;
				} else {
					buf_putc(&plain, *p);
				}
			}
			CHECK(depth == 0);
			if (whole) {
				CHECK(strcmp(buf_str(&plain), q) == 0);
			} else {
				/* "…" may have been added at either end (or be text). */
				const char *ell = "\xe2\x80\xa6", *body = buf_str(&plain);
				bool found = plain.len == 0;
				for (int lead = 0; lead < 2 && !found; lead++)
					for (int trail = 0; trail < 2 && !found; trail++) {
						size_t off = lead ? 3 : 0, len = plain.len;
						if (off + (trail ? 3 : 0) > len)
							continue;
						if (lead && memcmp(body, ell, 3) != 0)
							continue;
						if (trail && memcmp(body + len - 3, ell, 3) != 0)
							continue;
						len -= off + (trail ? 3 : 0);
						found = len == 0 || memmem(q, size, body + off, len) != NULL;
					}
				CHECK(found);
			}
			buf_free(&plain);
			free(hl);
		}
	}

	/* The snippet renderer on raw bytes (markers included): valid UTF-8
	 * out, and as many <mark> as </mark>. */
	buf h = BUF_INIT;
	find_snippet_html(&h, q);
	CHECK(utf8_valid(buf_str(&h), h.len));
	size_t open = 0, close = 0;
	for (const char *p = buf_str(&h); (p = strstr(p, "<mark>")); p++)
		open++;
	for (const char *p = buf_str(&h); (p = strstr(p, "</mark>")); p++)
		close++;
	CHECK(open == close);
	buf_free(&h);
	free(q);
	return 0;
}
