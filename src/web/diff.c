/*
 * diff.c - see diff.h.  Classic LCS table over the lines that remain after
 * stripping the common prefix and suffix (edits are usually local, so the
 * table is small); lengths fit in uint16_t because of DIFF_MAX_LINES.
 */
#include "diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

struct lines {
	const char **p;
	size_t *len;
	size_t n;
};

static void split(const char *s, struct lines *l)
{
	l->n = 0;
	l->p = NULL;
	l->len = NULL;
	if (!s || !*s)
		return;
	size_t cap = 16;
	l->p = xmalloc(cap * sizeof *l->p);
	l->len = xmalloc(cap * sizeof *l->len);
	const char *q = s;
	for (;;) {
		const char *e = strchr(q, '\n');
		size_t n = e ? (size_t)(e - q) : strlen(q);
		if (l->n == cap) {
			cap *= 2;
			l->p = xrealloc(l->p, cap * sizeof *l->p);
			l->len = xrealloc(l->len, cap * sizeof *l->len);
		}
		l->p[l->n] = q;
		l->len[l->n++] = n && q[n - 1] == '\r' ? n - 1 : n;
		if (!e)
			break;
		q = e + 1;
	}
}

static bool eq(const struct lines *a, size_t i, const struct lines *b, size_t j)
{
	return a->len[i] == b->len[j] && memcmp(a->p[i], b->p[j], a->len[i]) == 0;
}

static void emit(json_t *out, const char *op, const char *p, size_t n)
{
	json_array_append_new(out, json_pack("{s:s,s:s%}", "op", op, "text", p, n));
}

json_t *diff_lines(const char *a, const char *b)
{
	struct lines A, B;
	split(a, &A);
	split(b, &B);
	json_t *out = json_array();
	size_t pre = 0;
	while (pre < A.n && pre < B.n && eq(&A, pre, &B, pre))
		pre++;
	size_t suf = 0;
	while (suf < A.n - pre && suf < B.n - pre && eq(&A, A.n - 1 - suf, &B, B.n - 1 - suf))
		suf++;
	for (size_t i = 0; i < pre; i++)
		emit(out, "same", A.p[i], A.len[i]);
	size_t n = A.n - pre - suf, m = B.n - pre - suf;
	if (n > DIFF_MAX_LINES || m > DIFF_MAX_LINES) {
		for (size_t i = 0; i < n; i++)
			emit(out, "del", A.p[pre + i], A.len[pre + i]);
		for (size_t j = 0; j < m; j++)
			emit(out, "add", B.p[pre + j], B.len[pre + j]);
	} else if (n || m) {
		/* t[i][j] = LCS length of A[pre+i..] and B[pre+j..] */
		uint16_t *t = xcalloc((n + 1) * (m + 1), sizeof *t);
#define T(i, j) t[(i) * (m + 1) + (j)]
		for (size_t i = n; i-- > 0;)
			for (size_t j = m; j-- > 0;)
				T(i, j) = eq(&A, pre + i, &B, pre + j) ? (uint16_t)(T(i + 1, j + 1) + 1)
				          : T(i + 1, j) >= T(i, j + 1)  ? T(i + 1, j)
				                                        : T(i, j + 1);
		size_t i = 0, j = 0;
		while (i < n || j < m) {
			if (i < n && j < m && eq(&A, pre + i, &B, pre + j)) {
				emit(out, "same", A.p[pre + i], A.len[pre + i]);
				i++;
				j++;
			} else if (j < m && (i == n || T(i, j + 1) >= T(i + 1, j))) {
				emit(out, "add", B.p[pre + j], B.len[pre + j]);
				j++;
			} else {
				emit(out, "del", A.p[pre + i], A.len[pre + i]);
				i++;
			}
		}
#undef T
		free(t);
	}
	for (size_t k = A.n - suf; k < A.n; k++)
		emit(out, "same", A.p[k], A.len[k]);
	free(A.p);
	free(A.len);
	free(B.p);
	free(B.len);
	return out;
}
